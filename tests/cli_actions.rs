//! Every record that `--json` prints carries the actions the core allows on it now (`allowed`,
//! from `src/states/`), they follow its state, and an action not allowed is refused by the core
//! with a typed error. Also the faces' figures the core now gives: `free_u` of a cabinet and kW
//! text read once (`parse::kw`).

use serde_json::Value;

use crate::common::Site;

fn allowed(v: &Value) -> Vec<String> {
    v["allowed"]
        .as_array()
        .unwrap_or_else(|| panic!("`allowed` in {v:#}"))
        .iter()
        .map(|a| a.as_str().unwrap_or_default().to_string())
        .collect()
}

fn site() -> Site {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    s.ok(&["cabinet", "add", "A01", "--room", "一号机房", "--rated-kw", "4.4"]);
    s.ok(&["settings", "set", "approvers", "王总"]);
    s
}

#[test]
fn a_request_carries_its_actions_and_refuses_the_others() {
    let s = site();
    s.add("N1", &[]);
    let doc = s.ok(&["request", "add", "--org", "市大数据局", "--applicant", "张三", "--row", "N1:A01:10"]);
    let no = doc["request_no"].as_str().unwrap_or_default().to_string();
    assert_eq!(allowed(&doc["request"]), ["submit", "cancel"]);
    // Not offered, and refused by the core whoever asks.
    s.refused(&["--operator", "王总", "request", "approve", &no], "request_transition");
    s.refused(&["request", "execute", &no], "request_transition");

    let pending = s.ok(&["request", "submit", &no]);
    assert_eq!(allowed(&pending["request"]), ["approve", "reject", "cancel"], "{pending:#}");
    assert_eq!(allowed(&s.ok(&["request", "show", &no])["request"]), ["approve", "reject", "cancel"]);
    let listed = s.ok(&["request", "list"]);
    assert_eq!(allowed(&listed["requests"][0]), ["approve", "reject", "cancel"]);

    let approved = s.ok(&["--operator", "王总", "request", "approve", &no]);
    assert_eq!(allowed(&approved["request"]), ["review", "reject", "cancel"], "{approved:#}");
    s.refused(&["request", "submit", &no], "request_transition");
    s.refused(&["request", "execute", &no], "request_transition");

    let reviewed = s.ok(&["--operator", "李工", "request", "review", &no]);
    assert_eq!(allowed(&reviewed["request"]), ["confirm", "reject", "cancel"], "{reviewed:#}");
    s.ok(&["operation", "add", "--request", &no]);
    let confirmed = s.ok(&["--operator", "王总", "operation", "confirm", &no]);
    assert_eq!(allowed(&confirmed["request"]), ["execute", "cancel"], "{confirmed:#}");

    let executed = s.ok(&["request", "execute", &no]);
    assert_eq!(allowed(&executed["request"]), ["accept"], "{executed:#}");
    s.refused(&["request", "cancel", &no, "--reason", "不要了"], "request_transition");
    let accepted = s.ok(&["request", "accept", &no]);
    assert_eq!(allowed(&accepted["request"]), Vec::<String>::new(), "{accepted:#}");
    // The derived actions are not written into the audit log.
    let audit = s.ok(&["audit", "--entity", "request", "--key", &no]);
    assert!(!audit.to_string().contains("allowed"), "{audit:#}");
}

#[test]
fn a_fault_and_its_repair_carry_their_actions() {
    let s = site();
    s.add("SRV-1", &["cabinet=A01", "start_u=10"]);
    let doc = s.ok(&[
        "fault",
        "open",
        "--kind",
        "故障",
        "--source",
        "巡检发现",
        "--level",
        "二级",
        "--desc",
        "电源模块红灯",
        "--asset",
        "SRV-1",
    ]);
    let fault_no = doc["fault_no"].as_str().unwrap_or_default().to_string();
    assert_eq!(allowed(&doc["fault"]), ["edit", "repair", "acknowledge", "recover", "close"]);

    let r = s.ok(&["repair", "open", "SRV-1", "--symptom", "电源故障", "--vendor", "华为", "--fault", &fault_no]);
    let repair_no = r["repair_no"].as_str().unwrap_or_default().to_string();
    assert_eq!(allowed(&r["repair"]), ["edit", "start", "complete", "close"]);
    // Opening the repair took the fault on: 处理中 no longer offers 确认.
    let f = s.ok(&["fault", "show", &fault_no]);
    assert_eq!(allowed(&f["fault"]), ["edit", "repair", "recover", "close"]);
    // The device is under repair now: no second repair is offered, and one is refused.
    let asset = s.show("SRV-1");
    assert_eq!(allowed(&asset), ["edit", "move", "unrack"], "{asset:#}");
    s.refused(&["repair", "open", "SRV-1", "--symptom", "又坏了", "--vendor", "华为"], "repair_already_open");

    let closed = s.ok(&["repair", "close", &repair_no, "--result", "已修复"]);
    assert_eq!(allowed(&closed["repair"]), Vec::<String>::new(), "{closed:#}");
    s.refused(&["repair", "update", &repair_no, "--state", "维修中"], "repair_transition");

    let f = s.ok(&["fault", "close", &fault_no]);
    assert_eq!(allowed(&f["fault"]), Vec::<String>::new());
    s.refused(&["fault", "update", &fault_no, "--state", "处理中"], "fault_transition");
}

#[test]
fn an_asset_carries_what_its_status_and_position_allow() {
    let s = site();
    s.add("S1", &[]);
    assert_eq!(allowed(&s.show("S1")), ["edit", "place", "retire"]);
    s.ok(&["place", "S1", "A01", "5"]);
    assert_eq!(allowed(&s.show("S1")), ["edit", "move", "unrack", "repair"]);
    // Retiring is not offered while racked, and the core refuses it.
    s.refused(&["asset", "retire", "S1", "--reason", "老化"], "still_racked");
    s.ok(&["unplace", "S1"]);
    assert_eq!(allowed(&s.show("S1")), ["edit", "place", "repair", "retire"]);
    s.ok(&["asset", "retire", "S1", "--reason", "老化"]);
    assert_eq!(allowed(&s.show("S1")), ["edit"]);
    s.refused(&["place", "S1", "A01", "5"], "not_rackable");
}

#[test]
fn free_units_come_from_the_core() {
    let s = site();
    s.cabinet("B01", 47);
    s.add("N1", &["u_height=2", "cabinet=A01", "start_u=1"]);
    // Two half-depth devices back to back share their unit.
    s.add("H1", &["depth=half", "cabinet=A01", "start_u=10", "face=front"]);
    s.add("H2", &["depth=half", "cabinet=A01", "start_u=10", "face=rear"]);
    let list = s.ok(&["cabinet", "list"]);
    let cab = |code: &str| {
        list["cabinets"]
            .as_array()
            .and_then(|v| v.iter().find(|c| c["code"] == code))
            .cloned()
            .unwrap_or_else(|| panic!("{code} in {list:#}"))
    };
    assert_eq!((cab("A01")["used_u"].as_u64(), cab("A01")["free_u"].as_u64()), (Some(3), Some(39)));
    assert_eq!((cab("B01")["used_u"].as_u64(), cab("B01")["free_u"].as_u64()), (Some(0), Some(47)));
    let shown = s.ok(&["cabinet", "show", "A01"]);
    assert_eq!(shown["cabinet"]["free_u"], 39, "{shown:#}");
    let text = s.run(&["cabinet", "list"]).stdout;
    assert!(text.lines().any(|l| l.starts_with("A01") && l.contains("39")), "{text}");
}

#[test]
fn kw_text_is_read_once_by_the_core() {
    let s = site();
    for (text, w) in [("4.4", 4400), ("4.4kW", 4400), ("4400W", 4400), ("４．４ｋＷ", 4400)] {
        let r = s.ok(&["reading", "A01", text]);
        assert_eq!(r["reading"]["measured_w"], w, "{text}: {r:#}");
    }
    // `--` lets a negative number through the argument parser to the core.
    for text in ["-1", "abc", "4.4A"] {
        let e = s.refused(&["reading", "A01", "--", text], "invalid_value");
        assert_eq!(e["error"]["field"], "实测功率(kW)", "{text}: {e:#}");
    }
    s.ok(&["cabinet", "set", "A01", "--rated-kw", "5000W"]);
    let power = s.ok(&["power"]);
    assert_eq!(power["cabinets"][0]["capacity_w"], 5000, "{power:#}");
    s.refused(&["cabinet", "set", "A01", "--rated-kw=-3"], "invalid_value");
}
