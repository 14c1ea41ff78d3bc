//! The asset lifecycle through the command line: `asset set status=…` and `asset retire`.

use crate::common::Site;

fn status(site: &Site, tag: &str) -> String {
    site.show(tag)["status"].as_str().expect("status").to_string()
}

fn set_status(site: &Site, tag: &str, to: &str) -> serde_json::Value {
    let arg = format!("status={to}");
    site.ok(&["asset", "set", tag, &arg])
}

#[test]
fn allowed_transitions_go_through() {
    let site = Site::new();
    site.add("LC-1", &[]);
    assert_eq!(status(&site, "LC-1"), "in_stock", "a new asset is in stock");
    // Labels and codes both work.
    for (to, code) in [
        ("在用", "in_use"),
        ("idle", "idle"),
        ("维修", "repairing"),
        ("in_use", "in_use"),
        ("已下架", "unracked"),
        ("库存", "in_stock"),
        ("待报废", "to_retire"),
        ("库存", "in_stock"),
    ] {
        let doc = set_status(&site, "LC-1", to);
        assert_eq!(doc["asset"]["status"], code, "→ {to}");
        assert_eq!(status(&site, "LC-1"), code);
    }
    // Every step is in the history, as old → new codes.
    let a = site.show("LC-1");
    let steps: Vec<(String, String)> = a["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["kind"] == "status")
        .map(|h| {
            (
                h["old_value"].as_str().unwrap_or_default().to_string(),
                h["new_value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(steps.len(), 8, "{steps:?}");
    assert_eq!(steps[0], ("in_stock".to_string(), "in_use".to_string()));
    assert_eq!(steps[7], ("to_retire".to_string(), "in_stock".to_string()));
}

#[test]
fn refused_transitions_exit_1_and_change_nothing() {
    let site = Site::new();
    site.add("LC-2", &["status=在用"]);
    let before = site.files();
    for to in ["库存", "to_retire", "retired"] {
        let arg = format!("status={to}");
        let doc = site.refused(&["asset", "set", "LC-2", &arg], "transition");
        assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("LC-2"), "{doc:#}");
    }
    before.assert_unchanged(&site.files(), "refused status changes");
    assert_eq!(status(&site, "LC-2"), "in_use");
    // 库存 → 维修 skips a step too.
    site.add("LC-3", &[]);
    site.refused(&["asset", "set", "LC-3", "status=repairing"], "transition");
    // An unknown status is invalid input, not a transition.
    site.refused(&["asset", "set", "LC-3", "status=丢失"], "invalid_value");
}

#[test]
fn a_racked_asset_cannot_take_a_status_that_is_never_racked() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("LC-4", &["cabinet=A01", "start_u=8"]);
    assert_eq!(status(&site, "LC-4"), "in_use");
    let before = site.files();
    // 在用 → 已下架 is an allowed step, but not while the device is still in its cabinet.
    let doc = site.refused(&["asset", "set", "LC-4", "status=已下架"], "still_racked");
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("A01-U8"), "{doc:#}");
    before.assert_unchanged(&site.files(), "a refused status change");
    // Idle and under repair may stay racked.
    set_status(&site, "LC-4", "闲置");
    set_status(&site, "LC-4", "维修");
    assert_eq!(site.show("LC-4")["position"]["cabinet"], "A01");
}

#[test]
fn position_fields_change_only_through_place_and_move() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("LC-5", &["cabinet=A01", "start_u=8"]);
    for field in ["cabinet=A01", "start_u=9", "face=rear", "机房=一号机房"] {
        site.refused(&["asset", "set", "LC-5", field], "position_field");
    }
    assert_eq!(site.show("LC-5")["start_u"], 8);
}

#[test]
fn retire_requires_a_reason() {
    let site = Site::new();
    site.add("RT-1", &[]);
    // No --reason at all: wrong usage.
    let r = site.run(&["asset", "retire", "RT-1"]);
    assert_eq!(r.code, 2, "{r:?}");
    // An empty reason: refused.
    let doc = site.refused(&["asset", "retire", "RT-1", "--reason", "  "], "missing_field");
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("报废原因"), "{doc:#}");
    assert_eq!(status(&site, "RT-1"), "in_stock");
}

#[test]
fn a_racked_asset_cannot_be_retired() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("RT-2", &["cabinet=A01", "start_u=1"]);
    let before = site.files();
    site.refused(&["asset", "retire", "RT-2", "--reason", "老化"], "still_racked");
    before.assert_unchanged(&site.files(), "a refused retire");
    // An unracked device in use cannot skip the steps either.
    site.add("RT-3", &["status=in_use"]);
    site.refused(&["asset", "retire", "RT-3", "--reason", "老化"], "transition");
}

#[test]
fn retire_from_to_retire_and_retired_is_final() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("RT-4", &["cabinet=A01", "start_u=1"]);
    site.ok(&["unplace", "RT-4"]);
    set_status(&site, "RT-4", "待报废");
    let doc = site.ok(&["--operator", "王工", "asset", "retire", "RT-4", "--reason", "超过使用年限"]);
    assert_eq!(doc["asset"]["status"], "retired");
    let a = site.show("RT-4");
    assert_eq!(a["status"], "retired");
    let last = a["history"].as_array().and_then(|h| h.last()).expect("history").clone();
    assert_eq!(last["kind"], "status");
    assert_eq!(last["old_value"], "to_retire");
    assert_eq!(last["new_value"], "retired");
    assert_eq!(last["reason"], "超过使用年限");
    assert_eq!(last["operator"], "王工");

    // Final: no status, no second retirement, no racking.
    let before = site.files();
    for to in ["库存", "在用", "待报废", "unracked"] {
        let arg = format!("status={to}");
        site.refused(&["asset", "set", "RT-4", &arg], "transition");
    }
    site.refused(&["asset", "retire", "RT-4", "--reason", "again"], "transition");
    site.refused(&["place", "RT-4", "A01", "1"], "not_rackable");
    before.assert_unchanged(&site.files(), "changes to a retired asset");
    assert_eq!(status(&site, "RT-4"), "retired");
}

#[test]
fn retire_from_stock_and_from_unracked() {
    let site = Site::new();
    site.add("RT-5", &[]);
    site.ok(&["asset", "retire", "RT-5", "--reason", "到货损坏"]);
    assert_eq!(status(&site, "RT-5"), "retired");
    site.cabinet("A01", 42);
    site.add("RT-6", &["cabinet=A01", "start_u=2"]);
    site.ok(&["unplace", "RT-6"]);
    site.ok(&["asset", "retire", "RT-6", "--reason", "淘汰"]);
    assert_eq!(status(&site, "RT-6"), "retired");
}

#[test]
fn a_status_that_is_never_racked_cannot_be_placed() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("NR-1", &["status=待报废"]);
    let doc = site.refused(&["place", "NR-1", "A01", "1"], "not_rackable");
    assert_eq!(doc["check"]["verdict"], "refused", "{doc:#}");
    // Registering it straight into a cabinet is refused as well, and registers nothing.
    let doc = site.refused(
        &[
            "asset",
            "add",
            "NR-2",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-NR-2",
            "owner=政务云平台",
            "name=x",
            "status=已下架",
            "cabinet=A01",
            "start_u=3",
        ],
        "not_rackable",
    );
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("NR-2"));
    site.refused(&["asset", "show", "NR-2"], "asset_not_found");
}
