//! `fault open | update | close | list | show | stats`: the fault and alarm register (附件3).

use chrono::{Datelike, Local};

use crate::common::Site;

fn no(n: u32) -> String {
    format!("GZ-{}-{n:04}", Local::now().year())
}

#[test]
fn a_fault_runs_from_pending_to_closed_with_its_duration() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("SRV-1", &["cabinet=A01", "start_u=10"]);
    let doc = site.ok(&[
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
        "--type",
        "服务器",
        "--impact",
        "--at",
        "2026-11-20 08:00",
    ]);
    assert_eq!(doc["fault_no"], no(1).as_str());
    let f = &doc["fault"];
    assert_eq!(
        (f["state"].as_str(), f["room"].as_str(), f["cabinet"].as_str()),
        (Some("pending"), Some("一号机房"), Some("A01"))
    );
    assert_eq!(
        (f["severity"].as_str(), f["fault_type"].as_str(), f["service_impact"].as_bool()),
        (Some("level2"), Some("server"), Some(true))
    );
    assert_eq!(f["reporter"], crate::common::DEFAULT_USER);
    assert!(f["duration_min"].is_null());

    // A repair opened from it takes the fault on and is linked.
    let r = site.ok(&["repair", "open", "SRV-1", "--symptom", "电源故障", "--vendor", "华为", "--fault", &no(1)]);
    assert_eq!(r["repair"]["fault_no"], no(1).as_str());
    let f = site.ok(&["fault", "show", &no(1)]);
    assert_eq!(f["fault"]["state"], "in_progress");
    assert_eq!(f["fault"]["repair_nos"][0], r["repair_no"]);

    let f = site.ok(&[
        "fault",
        "update",
        &no(1),
        "--handler",
        "王工",
        "--actions",
        "更换电源",
        "--recovered-at",
        "2026-11-20 09:45",
    ]);
    assert_eq!((f["fault"]["state"].as_str(), f["fault"]["duration_min"].as_i64()), (Some("recovered"), Some(105)));
    site.refused(&["fault", "update", &no(1), "--state", "处理中"], "fault_transition");
    let f = site.ok(&["fault", "close", &no(1), "--cause", "电源老化"]);
    assert_eq!((f["fault"]["state"].as_str(), f["fault"]["root_cause"].as_str()), (Some("closed"), Some("电源老化")));
    assert_eq!(f["fault"]["duration_min"], 105, "closing keeps the recovery time");
    let before = site.files();
    site.refused(&["fault", "close", &no(1)], "fault_transition");
    site.refused(&["fault", "update", &no(1), "--handler", "x"], "fault_transition");
    site.refused(&["fault", "update", &no(1), "--recovered-at", "2026-11-19 00:00"], "fault_transition");
    before.assert_unchanged(&site.files(), "changes to a closed fault");
    let audit = site.ok(&["audit", "--entity", "fault", "--key", &no(1)]);
    let actions: Vec<&str> =
        audit["audit"].as_array().expect("audit").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["fault.close", "fault.update", "fault.update", "fault.open"]);
}

#[test]
fn a_normal_alarm_is_registered_and_closed_in_one_step() {
    let site = Site::new();
    site.ok(&["room", "add", "一号机房"]);
    let doc = site.ok(&[
        "fault",
        "open",
        "--kind",
        "告警",
        "--source",
        "动环监控",
        "--level",
        "四级",
        "--desc",
        "湿度偏高",
        "--room",
        "一号机房",
        "--close",
    ]);
    assert_eq!(doc["fault"]["state"], "closed");
    assert!(doc["fault"]["closed_at"].is_string());
    assert!(doc["fault"]["duration_min"].is_null(), "nothing was recovered, so no duration: {doc:#}");
    assert_eq!(site.ok(&["fault", "list", "--state", "已关闭"])["count"], 1);
    assert_eq!(site.ok(&["fault", "list", "--state", "待处理"])["count"], 0);
}

#[test]
fn bad_input_is_refused_or_a_usage_error() {
    let site = Site::new();
    site.ok(&["room", "add", "一号机房"]);
    let args = |extra: &[&'static str]| {
        let mut v = vec!["fault", "open", "--kind", "告警", "--source", "其他", "--level", "一级", "--desc", "x"];
        v.extend_from_slice(extra);
        v
    };
    let before = site.files();
    site.refused(&args(&["--asset", "NOPE"]), "asset_not_found");
    site.refused(&args(&["--cabinet", "Z99"]), "cabinet_not_found");
    site.refused(&["fault", "close", "GZ-1999-0001"], "fault_not_found");
    before.assert_unchanged(&site.files(), "refused fault commands");
    assert_eq!(site.json(&args(&["--level", "五级"])).code, 2);
    assert_eq!(site.json(&["fault", "open", "--kind", "告警"]).code, 2);
}

#[test]
fn statistics_count_by_severity_and_type_per_iso_week() {
    let site = Site::new();
    for (at, level, kind) in [
        ("2026-11-23 00:10", "一级", "供配电"), // Monday of 2026-W48
        ("2026-11-29 23:50", "二级", "供配电"), // Sunday of 2026-W48
        ("2026-11-25 12:00", "二级", "网络"),
        ("2026-11-30 08:00", "三级", "空调制冷"), // Monday of 2026-W49
    ] {
        site.ok(&[
            "fault",
            "open",
            "--kind",
            "故障",
            "--source",
            "巡检发现",
            "--level",
            level,
            "--type",
            kind,
            "--desc",
            "d",
            "--at",
            at,
        ]);
    }
    let s = site.ok(&["fault", "stats"]);
    assert_eq!(s["total"], 4);
    assert_eq!(s["by_severity"], serde_json::json!({"level1": 1, "level2": 2, "level3": 1}));
    assert_eq!(s["weeks"][0]["week"], "2026-W48");
    assert_eq!(s["weeks"][0]["from"], "2026-11-23");
    assert_eq!(s["weeks"][0]["to"], "2026-11-29");
    assert_eq!(s["weeks"][0]["total"], 3);
    assert_eq!(s["weeks"][0]["by_type"], serde_json::json!({"network": 1, "power": 2}));
    assert_eq!(s["weeks"][1]["week"], "2026-W49");
    assert_eq!(s["weeks"][1]["by_severity"], serde_json::json!({"level3": 1}));
    let s = site.ok(&["fault", "stats", "--from", "2026-11-30"]);
    assert_eq!(s["total"], 1);
}
