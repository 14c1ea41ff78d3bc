//! `power`, `reading`, `rowhead`, `settings` and the power part of `check`/`place`, on a
//! hand-made site whose every figure is worked out below to the watt.

use serde_json::Value;

use crate::common::Site;

/// Two 10 kW row-heads; C1 dual-fed (A+B, 32 A breakers), C2 single-fed from A, C3 fed twice
/// from B with its own 70 % / 85 % levels. S1 (3000 W rated) in C1, S2 (typical 520 W) in C2,
/// S3 (typical 1500 W) in C3.
fn site() -> Site {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    s.ok(&["rowhead", "add", "RH-A", "--room", "一号机房", "--capacity-kw", "10"]);
    s.ok(&["rowhead", "add", "RH-B", "--room", "一号机房", "--capacity-kw", "10"]);
    s.ok(&[
        "cabinet",
        "add",
        "C1",
        "--room",
        "一号机房",
        "--rated-kw",
        "4.4",
        "--feed-a",
        "RH-A",
        "--breaker-a",
        "32",
        "--feed-b",
        "RH-B",
        "--breaker-b",
        "32",
    ]);
    s.ok(&["cabinet", "add", "C2", "--room", "一号机房", "--rated-kw", "4.4", "--feed-a", "RH-A"]);
    s.ok(&[
        "cabinet",
        "add",
        "C3",
        "--room",
        "一号机房",
        "--rated-kw",
        "5",
        "--feed-a",
        "RH-B",
        "--feed-b",
        "RH-B",
        "--warning",
        "70",
        "--alarm",
        "85",
    ]);
    s.add("S1", &["rated_w=3000", "u_height=2", "cabinet=C1", "start_u=1"]);
    s.add("S2", &["rated_w=900", "typical_w=520", "cabinet=C2", "start_u=1"]);
    s.add("S3", &["rated_w=2000", "typical_w=1500", "cabinet=C3", "start_u=1"]);
    s
}

fn find<'a>(doc: &'a Value, list: &str, key: &str, code: &str) -> &'a Value {
    doc[list]
        .as_array()
        .and_then(|v| v.iter().find(|c| c[key] == code))
        .unwrap_or_else(|| panic!("{code} not in {list}: {doc:#}"))
}

fn close(v: &Value, want: f64) {
    let got = v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"));
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

#[test]
fn figures_are_exact_to_the_watt() {
    let s = site();
    // A reading below the computed load does not lower it; one above raises it.
    s.ok(&["reading", "C1", "2.5", "--at", "2026-11-20 10:00"]);
    s.ok(&["reading", "C2", "1.2", "--at", "2026-11-20 10:00"]);
    let p = s.ok(&["power"]);

    let c1 = find(&p, "cabinets", "cabinet", "C1");
    assert_eq!(c1["capacity_w"], 4400);
    assert_eq!(c1["measured_w"], 2500);
    assert_eq!(c1["load_w"], 3000);
    close(&c1["utilization"], 3000.0 / 4400.0);
    close(&c1["headroom_w"], 520.0);
    assert_eq!(c1["status"], "ok");
    assert_eq!(c1["feeds"], serde_json::json!(["RH-A", "RH-B"]));
    assert_eq!(c1["failover_ok"], true, "3000 W ≤ 32 A × 220 V × 0.9 = 6336 W");

    let c2 = find(&p, "cabinets", "cabinet", "C2");
    assert_eq!(c2["load_w"], 1200);
    close(&c2["headroom_w"], 2320.0);
    assert_eq!(c2["failover_ok"], Value::Null, "single-fed");

    let c3 = find(&p, "cabinets", "cabinet", "C3");
    assert_eq!(c3["load_w"], 1500);
    assert_eq!(c3["measured_w"], Value::Null);
    close(&c3["headroom_w"], 5000.0 * 0.7 - 1500.0);
    assert_eq!(c3["failover_ok"], Value::Null, "breakers unknown");

    let a = find(&p, "row_heads", "row_head", "RH-A");
    close(&a["load_w"], 3000.0 * 0.5 + 1200.0);
    close(&a["failover_load_w"], 3000.0 + 1200.0);
    close(&a["utilization"], 0.27);
    assert_eq!(a["status"], "ok");
    let b = find(&p, "row_heads", "row_head", "RH-B");
    close(&b["load_w"], 3000.0 * 0.5 + 1500.0);
    close(&b["failover_load_w"], 4500.0);
}

#[test]
fn readings_in_amps_are_converted_at_220_volts_and_kept() {
    let s = site();
    s.ok(&["reading", "C3", "--amps-a", "5", "--amps-b", "5.5", "--at", "2026-11-01 08:00"]);
    s.ok(&["reading", "C3", "1.6", "--at", "2026-11-21 08:00"]);
    s.ok(&["reading", "C3", "9.9", "--at", "2026-10-01 08:00"]);
    // The latest by time counts, not the last entered.
    let c3 = find(&s.ok(&["power"]), "cabinets", "cabinet", "C3").clone();
    assert_eq!(c3["measured_w"], 1600);
    let audit = s.ok(&["audit", "--entity", "cabinet", "--key", "C3"]);
    let readings = audit["audit"].as_array().map(|v| v.iter().filter(|e| e["action"] == "reading.create").count());
    assert_eq!(readings, Some(3));
    let amps = audit["audit"].as_array().and_then(|v| v.iter().find(|e| e["after"]["amps_a"] == 5.0)).cloned();
    assert_eq!(amps.map(|e| e["after"]["measured_w"].clone()), Some(Value::from(2310)));
}

#[test]
fn check_verdicts_at_the_boundaries() {
    let s = site();
    s.add("X80", &["rated_w=520"]);
    s.add("X90", &["rated_w=960"]);
    s.add("X100", &["rated_w=1400"]);
    // Exactly 80 %: a warning, allowed.
    let c = s.ok(&["check", "X80", "C1", "10"]);
    assert_eq!(c["verdict"], "warning");
    assert_eq!(c["cabinet"]["load_before_w"], 3000);
    assert_eq!(c["cabinet"]["load_after_w"], 3520);
    assert_eq!(c["cabinet"]["status_after"], "warning");
    let rh: Vec<&str> = c["row_heads"]
        .as_array()
        .map(|v| v.iter().filter_map(|r| r["row_head"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(rh, vec!["RH-A", "RH-B"]);
    // RH-A: half of C1 (3520 / 2) plus all of C2 (520).
    close(&c["row_heads"][0]["load_before_w"], 1500.0 + 520.0);
    close(&c["row_heads"][0]["load_after_w"], 1760.0 + 520.0);
    // Exactly 90 %: critical, refused (exit 1).
    let r = s.json(&["check", "X90", "C1", "10"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["verdict"], "refused");
    assert_eq!(r.json()["cabinet"]["status_after"], "critical");
    // Exactly 100 %: over.
    let r = s.json(&["check", "X100", "C1", "10"]);
    assert_eq!(r.json()["cabinet"]["status_after"], "over");
    // Somewhere comfortable: ok.
    assert_eq!(s.ok(&["check", "X80", "C2", "10"])["verdict"], "ok");
}

#[test]
fn place_refused_on_power_goes_ahead_only_with_an_override() {
    let s = site();
    s.add("X90", &["rated_w=960"]);
    let doc = s.refused(&["place", "X90", "C1", "10"], "power_refused");
    assert_eq!(doc["check"]["verdict"], "refused");
    assert_eq!(s.show("X90")["cabinet"], Value::Null, "nothing written");
    let ok = s.ok(&["--operator", "王工", "place", "X90", "C1", "10", "--override", "临时割接，下周迁出"]);
    assert_eq!(ok["asset"]["cabinet"], "C1");
    let audit = s.ok(&["audit", "--entity", "asset", "--key", "X90"]);
    let place = audit["audit"].as_array().and_then(|v| v.iter().find(|e| e["action"] == "asset.place")).cloned();
    let place = place.unwrap_or_else(|| panic!("no asset.place in {audit:#}"));
    assert_eq!(place["reason"], "临时割接，下周迁出");
    assert_eq!(place["operator"], "王工");
}

#[test]
fn a_row_head_near_its_limit_refuses_more_load() {
    let s = site();
    // RH-A carries 1500 + 520 = 2020 W normally; at 2.5 kW capacity that is 80.8 %: warning.
    s.ok(&["rowhead", "set", "RH-A", "--capacity-kw", "2.5"]);
    let p = s.ok(&["power"]);
    assert_eq!(find(&p, "row_heads", "row_head", "RH-A")["status"], "warning");
    assert_eq!(find(&p, "row_heads", "row_head", "RH-A")["failover_status"], "over");
    s.add("X", &["rated_w=300"]);
    // +300 W on C2 (single-fed from RH-A): 2320 / 2500 = 92.8 %, critical → refused.
    let r = s.json(&["check", "X", "C2", "10"]);
    assert_eq!(r.code, 1);
    let doc = r.json();
    assert_eq!(doc["verdict"], "refused");
    assert_eq!(doc["row_heads"][0]["row_head"], "RH-A");
    close(&doc["row_heads"][0]["load_after_w"], 2320.0);
    assert_eq!(doc["row_heads"][0]["status_after"], "critical");
    assert!(doc["reasons"]
        .as_array()
        .is_some_and(|v| v.iter().any(|m| m.as_str().is_some_and(|m| m.contains("RH-A")))));
}

#[test]
fn global_levels_are_settings() {
    let s = site();
    s.ok(&["settings", "set", "power.warning", "0.6"]);
    s.ok(&["settings", "set", "power.alarm", "95%"]);
    let c1 = find(&s.ok(&["power"]), "cabinets", "cabinet", "C1").clone();
    assert_eq!(c1["status"], "warning", "3000/4400 = 68 % ≥ 60 %");
    close(&c1["headroom_w"], 4400.0 * 0.6 - 3000.0);
    let settings = s.ok(&["settings", "list"]);
    assert_eq!(settings["settings"]["power.alarm"], "0.95");
    // A warning level above the alarm level is refused; unknown keys too.
    let doc = s.refused(&["settings", "set", "power.warning", "0.99"], "level_order");
    assert_eq!(doc["error"]["message"], "预警阈值（99%）应低于告警阈值（95%）");
    s.refused(&["settings", "set", "power.colour", "red"], "unknown_field");
    s.refused(&["settings", "set", "power.alarm", "abc"], "invalid_value");
}

#[test]
fn power_filters_by_room_and_refuses_unknown_feeds() {
    let s = site();
    s.ok(&["cabinet", "add", "D1", "--room", "二号机房", "--rated-kw", "6"]);
    let p = s.ok(&["power", "--room", "二号机房"]);
    let codes: Vec<&str> =
        p["cabinets"].as_array().map(|v| v.iter().filter_map(|c| c["cabinet"].as_str()).collect()).unwrap_or_default();
    assert_eq!(codes, vec!["D1"]);
    assert_eq!(p["row_heads"].as_array().map(Vec::len), Some(0));
    s.refused(&["power", "--room", "三号机房"], "room_not_found");
    s.refused(&["cabinet", "set", "D1", "--feed-a", "NOPE"], "invalid_value");
    s.refused(&["cabinet", "add", "D2", "--room", "二号机房", "--feed-b", "RH-A"], "missing_field");
    assert_eq!(s.json(&["cabinet", "show", "D2"]).code, 1, "the refused cabinet was not created");
}

#[test]
fn power_by_owner_counts_racked_devices_and_their_load() {
    let s = site();
    // S1–S3 belong to 政务云平台 (the helper's owner); two racked and one unracked of 市医保局.
    s.add("M1", &["owner=市医保局", "rated_w=1000", "typical_w=600", "cabinet=C2", "start_u=3"]);
    s.add("M2", &["owner=市医保局", "rated_w=400", "cabinet=C3", "start_u=5"]);
    s.add("M3", &["owner=市医保局", "rated_w=9999"]);
    let doc = s.ok(&["power", "--by-owner"]);
    let owners = doc["owners"].as_array().unwrap_or_else(|| panic!("{doc:#}"));
    assert_eq!(owners.len(), 2, "{doc:#}");
    // 3000 + 520 + 1500 (typical where given) over C1, C2, C3; heaviest first.
    assert_eq!(owners[0]["owner"], "政务云平台");
    assert_eq!(owners[0]["device_count"], 3);
    assert_eq!(owners[0]["load_w"], 5020);
    assert_eq!(owners[0]["rated_w"], 5900);
    assert_eq!(owners[0]["cabinet_count"], 3);
    // 600 (typical) + 400 (rated); M3 is not racked and draws nothing here.
    assert_eq!(owners[1]["owner"], "市医保局");
    assert_eq!(owners[1]["device_count"], 2);
    assert_eq!(owners[1]["load_w"], 1000);
    assert_eq!(owners[1]["rated_w"], 1400);
    assert_eq!(owners[1]["cabinet_count"], 2);

    assert_eq!(s.ok(&["power", "--by-owner", "--room", "一号机房"]), doc);
    s.refused(&["power", "--by-owner", "--room", "二号机房"], "room_not_found");
    let text = s.run(&["power", "--by-owner"]).stdout;
    assert!(text.contains("市医保局") && text.contains("1.00 kW"), "{text}");
}
