//! `repair open | update | close | list | show | stats`: the repair record (附件4) and how the
//! ledger follows it — status, 返厂 releasing and restoring the position, serial swaps.

use chrono::{Datelike, Duration, Local};
use serde_json::Value;

use crate::common::Site;

/// Cabinet A01 (42U) with SRV-1 racked at U10.
fn site() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("SRV-1", &["cabinet=A01", "start_u=10"]);
    site
}

fn no(n: u32) -> String {
    format!("WX-{}-{n:04}", Local::now().year())
}

fn open(site: &Site, tag: &str, mode: &str) -> Value {
    site.ok(&["repair", "open", tag, "--symptom", "电源模块告警", "--vendor", "华为", "--mode", mode])
}

fn history(detail: &Value) -> Vec<Value> {
    detail["history"].as_array().cloned().unwrap_or_default()
}

#[test]
fn opening_sets_the_asset_to_repairing_and_answers_its_warranty() {
    let site = site();
    let soon = (Local::now().date_naive() + Duration::days(10)).to_string();
    site.ok(&["asset", "set", "SRV-1", &format!("warranty_until={soon}")]);
    let doc = open(&site, "SRV-1", "原厂保修");
    assert_eq!(doc["repair_no"], no(1).as_str(), "{doc:#}");
    assert_eq!(doc["warranty"]["status"], "expiring_soon");
    assert_eq!(doc["warranty"]["days_left"], 10);
    assert_eq!(doc["repair"]["under_warranty"], true);
    assert_eq!(doc["repair"]["state"], "pending");
    assert_eq!(doc["asset"]["status"], "repairing");
    // 原厂保修 leaves the device where it is.
    let a = site.show("SRV-1");
    assert_eq!(
        (a["status"].as_str(), a["cabinet"].as_str(), a["start_u"].as_u64()),
        (Some("repairing"), Some("A01"), Some(10))
    );
    assert_eq!(a["repairs"][0]["repair_no"], no(1).as_str());
    let status = history(&a).into_iter().rev().find(|h| h["kind"] == "status").expect("a status entry");
    assert_eq!((status["old_value"].as_str(), status["new_value"].as_str()), (Some("in_use"), Some("repairing")));
    let audit = site.audit("SRV-1");
    assert_eq!(audit[0]["action"], "asset.repair_open");
    let repair_audit = site.ok(&["audit", "--entity", "repair", "--key", &no(1)]);
    assert_eq!(repair_audit["audit"][0]["action"], "repair.open");

    // No warranty date: unknown. Expired: not under warranty.
    site.add("SRV-2", &["cabinet=A01", "start_u=20"]);
    let doc = open(&site, "SRV-2", "第三方维保");
    assert_eq!(
        (doc["warranty"]["status"].as_str(), doc["repair"]["under_warranty"].is_null()),
        (Some("unknown"), true)
    );
    assert_eq!(doc["repair_no"], no(2).as_str());
    site.add("SRV-3", &["cabinet=A01", "start_u=30", "warranty_until=2020-01-01"]);
    let doc = open(&site, "SRV-3", "自行维修");
    assert_eq!(
        (doc["warranty"]["status"].as_str(), doc["repair"]["under_warranty"].as_bool()),
        (Some("expired"), Some(false))
    );
}

#[test]
fn refusals_write_nothing() {
    let site = site();
    site.add("SPARE", &[]);
    open(&site, "SRV-1", "原厂保修");
    let before = site.files();
    site.refused(&["repair", "open", "SRV-1", "--symptom", "x", "--vendor", "华为"], "repair_already_open");
    site.refused(&["repair", "open", "SPARE", "--symptom", "x", "--vendor", "华为"], "transition");
    site.refused(&["repair", "open", "NOPE", "--symptom", "x", "--vendor", "华为"], "asset_not_found");
    site.refused(&["repair", "open", "SPARE", "--symptom", " ", "--vendor", "华为"], "missing_field");
    site.refused(
        &["repair", "open", "SRV-1", "--symptom", "x", "--vendor", "华为", "--fault", "GZ-1"],
        "repair_already_open",
    );
    site.refused(&["repair", "close", "WX-1999-0001", "--result", "已修复"], "repair_not_found");
    site.refused(&["repair", "close", &no(1), "--result", "待备件"], "invalid_value");
    site.refused(&["repair", "close", &no(1), "--result", "已修复", "--rerack"], "no_return_position");
    site.refused(&["repair", "update", &no(1), "--state", "已完成"], "missing_field");
    site.refused(&["repair", "update", &no(1), "--result", "待备件", "--state", "已完成"], "invalid_value");
    before.assert_unchanged(&site.files(), "refused repair commands");
    // Usage errors: exit 2.
    assert_eq!(site.json(&["repair", "close", &no(1), "--result", "修好了"]).code, 2);
    assert_eq!(site.json(&["repair", "open", "SRV-1", "--symptom", "x"]).code, 2);
    before.assert_unchanged(&site.files(), "usage errors");
}

#[test]
fn the_state_machine_runs_forward_and_closing_restores_in_use() {
    let site = site();
    open(&site, "SRV-1", "原厂保修");
    let r = site.ok(&["repair", "update", &no(1), "--technician", "王师傅", "--arrived-at", "2099-01-01 09:00"]);
    assert_eq!(r["repair"]["state"], "in_repair", "work on a pending repair starts it");
    let r = site.ok(&[
        "repair",
        "update",
        &no(1),
        "--work",
        "更换电源模块与内存",
        "--part",
        "电源模块|900W|1|PSU-OLD|PSU-NEW|退厂商",
        "--part",
        "内存|32GB DDR4|2|M-OLD||消磁销毁",
        "--result",
        "待备件",
    ]);
    assert_eq!(r["repair"]["parts"].as_array().map(Vec::len), Some(2));
    assert_eq!(r["repair"]["parts"][1]["disposal"], "destroy");
    assert_eq!(r["repair"]["parts"][1]["quantity"], 2);
    let r = site.ok(&["repair", "update", &no(1), "--result", "已修复", "--state", "已完成", "--cost", "1200"]);
    assert_eq!((r["repair"]["state"].as_str(), r["repair"]["cost"].as_f64()), (Some("completed"), Some(1200.0)));
    // Backwards is refused.
    site.refused(&["repair", "update", &no(1), "--state", "维修中"], "repair_transition");

    let r = site.ok(&["repair", "close", &no(1), "--result", "已修复", "--accepted-by", "李主管"]);
    assert_eq!(r["repair"]["state"], "closed");
    assert_eq!(r["repair"]["accepted_by"], "李主管");
    assert_eq!(r["repair"]["accepted_on"], Local::now().date_naive().to_string());
    assert_eq!(r["asset"]["status"], "in_use");
    let shown = site.ok(&["repair", "show", &no(1)]);
    assert_eq!(shown["repair"]["parts"][0]["name"], "电源模块");
    assert_eq!(site.show("SRV-1")["status"], "in_use");

    // Closed is final.
    let before = site.files();
    site.refused(&["repair", "close", &no(1), "--result", "已修复"], "repair_transition");
    site.refused(&["repair", "update", &no(1), "--work", "x"], "repair_transition");
    before.assert_unchanged(&site.files(), "changes to a closed repair");
    // And the device may go to repair again.
    assert_eq!(open(&site, "SRV-1", "原厂保修")["repair_no"], no(2).as_str());
    let list = site.ok(&["repair", "list", "--asset", "SRV-1"]);
    assert_eq!(list["count"], 2);
    assert_eq!(site.ok(&["repair", "list", "--state", "已关闭"])["count"], 1);
    assert_eq!(site.ok(&["repair", "list", "--open"])["count"], 1);
}

#[test]
fn factory_return_releases_the_position_and_rerack_restores_it() {
    let site = site();
    site.add("SRV-R", &["cabinet=A01", "start_u=20", "face=rear", "depth=half"]);
    let doc = open(&site, "SRV-R", "返厂");
    assert_eq!(doc["repair"]["return_position"], "A01-U20(后)");
    let a = site.show("SRV-R");
    assert!(a["cabinet"].is_null() && a["start_u"].is_null(), "{a:#}");
    assert_eq!(a["status"], "repairing", "a device out for repair stays 维修");
    let unplaced = history(&a).into_iter().find(|h| h["kind"] == "unplaced").expect("unplaced entry");
    assert_eq!(unplaced["from_pos"], "A01-U20(后)");
    assert!(unplaced["reason"].as_str().is_some_and(|r| r.contains("返厂") && r.contains(&no(1))), "{unplaced:#}");
    // The U is free while it is away.
    assert_eq!(site.ok(&["check", "SRV-1", "A01", "20"])["conflicts"], serde_json::json!([]));

    let r = site.ok(&["repair", "close", &no(1), "--result", "已修复", "--rerack"]);
    assert_eq!(r["asset"]["status"], "in_use");
    let a = site.show("SRV-R");
    assert_eq!(
        (a["cabinet"].as_str(), a["start_u"].as_u64(), a["face"].as_str(), a["status"].as_str()),
        (Some("A01"), Some(20), Some("rear"), Some("in_use"))
    );
    let placed = history(&a).into_iter().rev().find(|h| h["kind"] == "placed").expect("placed again");
    assert_eq!(placed["to_pos"], "A01-U20(后)");
}

#[test]
fn rerack_is_refused_when_the_unit_was_taken_meanwhile_and_writes_nothing() {
    let site = site();
    open(&site, "SRV-1", "返厂");
    site.add("INTRUDER", &["cabinet=A01", "start_u=10"]);
    let before = site.files();
    let audit_before = site.ok(&["audit", "--limit", "1000"]);
    let doc = site.refused(
        &["repair", "close", &no(1), "--result", "已修复", "--rerack", "--new-serial", "SN-NEW"],
        "space_conflict",
    );
    assert!(doc["error"]["message"].as_str().is_some_and(|m| m.contains("INTRUDER")), "{doc:#}");
    before.assert_unchanged(&site.files(), "a refused rerack");
    assert_eq!(site.ok(&["audit", "--limit", "1000"]), audit_before);
    let r = site.ok(&["repair", "show", &no(1)]);
    assert_eq!(r["repair"]["state"], "pending");
    let a = site.show("SRV-1");
    assert_eq!((a["serial"].as_str(), a["status"].as_str()), (Some("SN-SRV-1"), Some("repairing")));
    // Without --rerack it closes, and the device waits unracked.
    let r = site.ok(&["repair", "close", &no(1), "--result", "已修复"]);
    assert_eq!(r["asset"]["status"], "unracked");
}

#[test]
fn a_whole_unit_swap_changes_the_serial_and_keeps_the_old_one() {
    let site = site();
    site.add("OTHER", &[]);
    open(&site, "SRV-1", "原厂保修");
    // A serial another device of the same vendor carries is refused.
    site.refused(&["repair", "close", &no(1), "--result", "已修复", "--new-serial", "SN-OTHER"], "duplicate_serial");
    let r = site.ok(&["repair", "close", &no(1), "--result", "已修复", "--new-serial", "2102-NEW-0001"]);
    assert_eq!(
        (r["repair"]["old_serial"].as_str(), r["repair"]["new_serial"].as_str()),
        (Some("SN-SRV-1"), Some("2102-NEW-0001"))
    );
    let a = site.show("SRV-1");
    assert_eq!(a["serial"], "2102-NEW-0001");
    assert_eq!(a["serial_history"][0]["serial"], "SN-SRV-1");
    assert_eq!(a["serial_history"][0]["replaced_by"], "2102-NEW-0001");
    let swap = site.audit("SRV-1").into_iter().find(|e| e["action"] == "asset.serial_swap").expect("audited");
    assert_eq!(
        (swap["before"]["serial"].as_str(), swap["after"]["serial"].as_str()),
        (Some("SN-SRV-1"), Some("2102-NEW-0001"))
    );
    assert!(swap["reason"].as_str().is_some_and(|r| r.contains(&no(1))));
    assert_eq!(a["repairs"][0]["new_serial"], "2102-NEW-0001");
}

#[test]
fn an_unrepairable_device_awaits_retirement_out_of_its_cabinet() {
    let site = site();
    open(&site, "SRV-1", "第三方维保");
    let r = site.ok(&["repair", "close", &no(1), "--result", "无法修复", "--cost", "300"]);
    assert_eq!(r["asset"]["status"], "to_retire");
    let a = site.show("SRV-1");
    assert_eq!(a["status"], "to_retire");
    assert!(a["cabinet"].is_null(), "待报废 is never racked: {a:#}");
    site.refused(&["repair", "open", "SRV-1", "--symptom", "x", "--vendor", "华为"], "transition");
    // 无法修复 and --rerack contradict each other.
    site.add("SRV-F", &["cabinet=A01", "start_u=30"]);
    open(&site, "SRV-F", "返厂");
    site.refused(&["repair", "close", &no(2), "--result", "无法修复", "--rerack"], "invalid_value");
}

#[test]
fn statistics_are_exact_on_a_hand_made_set() {
    let site = Site::new();
    site.cabinet("A01", 42);
    let now = Local::now().naive_local();
    let at = |d: Duration| (now - d).format("%Y-%m-%d %H:%M").to_string();
    for (tag, model) in [("A", "M1"), ("B", "M1"), ("C", "M2"), ("D", "M2"), ("E", "M2")] {
        site.add(tag, &[&format!("model={model}")]);
        site.ok(&["asset", "set", tag, "status=in_use"]);
    }
    // Two closed: 2 h and 5 h from report to completion → mean 3.5 h.
    let r1 = at(Duration::days(10));
    site.ok(&["repair", "open", "A", "--symptom", "s", "--vendor", "华为", "--at", &r1]);
    let c1 = at(Duration::days(10) - Duration::hours(2));
    site.ok(&["repair", "close", &no(1), "--result", "已修复", "--completed-at", &c1]);
    site.ok(&["repair", "open", "B", "--symptom", "s", "--vendor", "神州数码", "--at", &r1]);
    let c2 = at(Duration::days(10) - Duration::hours(5));
    site.ok(&["repair", "close", &no(2), "--result", "部分修复", "--completed-at", &c2]);
    // Three open: 1 day, 5 days and 40 days old.
    site.ok(&["repair", "open", "C", "--symptom", "s", "--vendor", "华为", "--at", &at(Duration::days(1))]);
    site.ok(&["repair", "open", "D", "--symptom", "s", "--vendor", "华为", "--at", &at(Duration::days(5))]);
    site.ok(&["repair", "open", "E", "--symptom", "s", "--vendor", "华为", "--at", &at(Duration::days(40))]);

    let s = site.ok(&["repair", "stats"]);
    assert_eq!(s["total"], 5);
    assert_eq!(s["completed"], 2);
    assert_eq!(s["mttr_hours"], 3.5);
    assert_eq!(s["open"], 3);
    let ages: Vec<(String, i64)> = s["open_by_age"]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|b| (b["bucket"].as_str().unwrap_or("").to_string(), b["count"].as_i64().unwrap_or(-1)))
        .collect();
    assert_eq!(ages, [("d0_3".into(), 1), ("d3_7".into(), 1), ("d7_30".into(), 0), ("d30_plus".into(), 1)]);
    assert_eq!(s["by_vendor"], serde_json::json!([{"vendor": "华为", "count": 4}, {"vendor": "神州数码", "count": 1}]));
    assert_eq!(
        s["by_model"],
        serde_json::json!([{"vendor": "华为", "model": "M2", "count": 3}, {"vendor": "华为", "model": "M1", "count": 2}])
    );
}

#[test]
fn the_demo_site_has_repairs_and_faults_in_every_state_the_rules_allow() {
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "4", "--devices", "60", "--seed", "5"]);
    let repairs = site.ok(&["repair", "list"]);
    let states: Vec<&str> =
        repairs["repairs"].as_array().expect("repairs").iter().filter_map(|r| r["state"].as_str()).collect();
    assert_eq!(states, ["in_repair", "closed", "closed", "closed"]);
    let swapped = repairs["repairs"].as_array().and_then(|v| v.iter().find(|r| r["new_serial"].is_string())).cloned();
    let swapped = swapped.expect("a whole-unit swap");
    let a = site.show(swapped["asset_tag"].as_str().unwrap_or_default());
    assert_eq!(a["serial_history"][0]["replaced_by"], swapped["new_serial"]);
    let back = repairs["repairs"].as_array().and_then(|v| v.iter().find(|r| r["mode"] == "factory")).cloned();
    let back = back.expect("a factory return");
    let a = site.show(back["asset_tag"].as_str().unwrap_or_default());
    assert!(a["cabinet"].is_string() && a["status"] == "in_use", "racked again after the factory return: {a:#}");
    let faults = site.ok(&["fault", "list"]);
    assert_eq!(faults["count"], 3);
    assert!(site.ok(&["repair", "stats"])["mttr_hours"].as_f64().is_some_and(|h| h > 0.0));
}
