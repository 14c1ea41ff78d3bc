//! `place`, `move`, `unplace` and `check` under the U rules of design.md.

use serde_json::Value;

use crate::common::{tags, Site};

/// A 42U cabinet A01 and a 47U cabinet B01.
fn site() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.cabinet("B01", 47);
    site
}

fn conflicts(doc: &Value) -> Vec<String> {
    doc["check"]["conflicts"]
        .as_array()
        .unwrap_or_else(|| panic!("no check.conflicts: {doc:#}"))
        .iter()
        .map(|v| v.as_str().expect("tag").to_string())
        .collect()
}

fn position(site: &Site, tag: &str) -> (Value, Value, Value) {
    let a = site.show(tag);
    (a["cabinet"].clone(), a["start_u"].clone(), a["face"].clone())
}

#[test]
fn place_over_an_occupied_unit_is_refused_and_changes_nothing() {
    let site = site();
    site.add("SRV-1", &["u_height=2"]);
    site.add("SRV-2", &["u_height=1"]);
    site.add("NEW-1", &["u_height=4"]);
    site.ok(&["place", "SRV-1", "A01", "10"]);
    site.ok(&["place", "SRV-2", "A01", "13"]);
    let audit_before = site.ok(&["audit", "--limit", "1000"]);

    let before = site.files();
    assert!(before.wal.is_none(), "between commands the log is checkpointed away");
    // NEW-1 at U11–U14 hits SRV-1 (U10–U11) and SRV-2 (U13).
    let doc = site.refused(&["place", "NEW-1", "A01", "11"], "space_conflict");
    assert_eq!(conflicts(&doc), ["SRV-1", "SRV-2"], "{doc:#}");
    assert_eq!(doc["check"]["verdict"], "refused");
    let msg = doc["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("SRV-1") && msg.contains("SRV-2"), "{msg}");
    before.assert_unchanged(&site.files(), "a refused place");

    // The human form of the refusal changes nothing either, and names the assets on stderr.
    let r = site.run(&["place", "NEW-1", "A01", "10"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("SRV-1"), "{r:?}");
    before.assert_unchanged(&site.files(), "a refused place (human output)");

    // Nothing was written, seen through the command line too.
    let a = site.show("NEW-1");
    assert!(a["cabinet"].is_null() && a["start_u"].is_null(), "{a:#}");
    assert_eq!(a["status"], "in_stock");
    assert_eq!(site.ok(&["audit", "--limit", "1000"]), audit_before);

    // Just above SRV-2 it fits, and that does show in the files (the picture sees changes).
    let doc = site.ok(&["place", "NEW-1", "A01", "14"]);
    assert_eq!(doc["asset"]["start_u"], 14);
    assert_eq!(doc["check"]["verdict"], "ok");
    assert_ne!(site.files(), before, "a placement that succeeded changed nothing on disk");
}

#[test]
fn place_over_a_demo_device_is_refused_and_changes_nothing() {
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "2", "--devices", "30", "--seed", "9"]);
    let spares = site.ok(&["asset", "list", "--status", "in_stock"]);
    let spare = spares["assets"]
        .as_array()
        .and_then(|v| v.iter().find(|a| a["u_height"].as_u64() >= Some(1)))
        .expect("the demo keeps some devices in stock")
        .clone();
    let spare_tag = spare["asset_tag"].as_str().expect("tag");
    let spare_top = spare["u_height"].as_u64().expect("u_height"); // placed at U1
                                                                   // What the demo racked on the front face (or full depth) of A01 from U1 to the spare's top.
    let in_a01 = site.ok(&["asset", "list", "--cabinet", "A01"]);
    let expected: Vec<String> = in_a01["assets"]
        .as_array()
        .expect("assets")
        .iter()
        .filter(|a| {
            let start = a["start_u"].as_u64().unwrap_or(0);
            let h = a["u_height"].as_u64().unwrap_or(0);
            let overlaps = h > 0 && start <= spare_top && start + h > 1;
            let beside = spare["depth"] == "half" && a["depth"] == "half" && a["face"] == "rear";
            overlaps && !beside
        })
        .map(|a| a["asset_tag"].as_str().expect("tag").to_string())
        .collect();
    assert!(!expected.is_empty(), "the demo racks from U1 up: {in_a01:#}");

    let before = site.files();
    let doc = site.refused(&["place", spare_tag, "A01", "1"], "space_conflict");
    assert_eq!(conflicts(&doc), expected);
    before.assert_unchanged(&site.files(), "a refused place on the demo site");
}

#[test]
fn place_out_of_bounds_is_refused() {
    let site = site();
    site.add("TWO-U", &["u_height=2"]);
    site.add("ONE-U", &["u_height=1"]);
    let before = site.files();
    for (tag, cab, u) in [
        ("TWO-U", "A01", "42"),
        ("TWO-U", "A01", "0"),
        ("ONE-U", "A01", "43"),
        ("ONE-U", "A01", "0"),
        ("TWO-U", "B01", "47"),
    ] {
        let doc = site.refused(&["place", tag, cab, u], "out_of_bounds");
        assert_eq!(doc["check"]["verdict"], "refused", "{doc:#}");
        assert!(conflicts(&doc).is_empty(), "{doc:#}");
    }
    before.assert_unchanged(&site.files(), "refused out-of-bounds placements");
    // The top units themselves are fine.
    site.ok(&["place", "TWO-U", "A01", "41"]);
    site.ok(&["place", "ONE-U", "B01", "47"]);
    assert_eq!(position(&site, "TWO-U").1, 41);
    assert_eq!(position(&site, "ONE-U").1, 47);
}

#[test]
fn half_depth_pair_on_opposite_faces_is_accepted() {
    let site = site();
    site.add("HALF-F", &["depth=half"]);
    site.add("HALF-R", &["depth=半深"]);
    site.add("HALF-X", &["depth=half"]);
    site.ok(&["place", "HALF-F", "A01", "20", "--face", "front"]);
    let doc = site.ok(&["place", "HALF-R", "A01", "20", "--face", "rear"]);
    assert_eq!(doc["asset"]["face"], "rear");
    assert_eq!(doc["asset"]["depth"], "half");
    assert_eq!(site.show("HALF-R")["position"]["face"], "rear");
    // A third device on that unit collides with the one on its face.
    let doc = site.refused(&["place", "HALF-X", "A01", "20", "--face", "后"], "space_conflict");
    assert_eq!(conflicts(&doc), ["HALF-R"]);
    let doc = site.refused(&["place", "HALF-X", "A01", "20"], "space_conflict");
    assert_eq!(conflicts(&doc), ["HALF-F"], "the front is the default face");
    // The cabinet counts the shared unit once.
    let cab = site.ok(&["cabinet", "show", "A01"]);
    assert_eq!(cab["cabinet"]["used_u"], 1, "{cab:#}");
    assert_eq!(tags(&cab["devices"]).len(), 2);
}

#[test]
fn half_depth_pair_on_the_same_face_is_refused() {
    let site = site();
    site.add("HALF-1", &["depth=half"]);
    site.add("HALF-2", &["depth=half"]);
    site.ok(&["place", "HALF-1", "A01", "7", "--face", "rear"]);
    let before = site.files();
    let doc = site.refused(&["place", "HALF-2", "A01", "7", "--face", "rear"], "space_conflict");
    assert_eq!(conflicts(&doc), ["HALF-1"]);
    before.assert_unchanged(&site.files(), "a refused same-face placement");
}

#[test]
fn full_depth_blocks_the_rear() {
    let site = site();
    site.add("FULL", &["u_height=2"]);
    site.add("HALF", &["depth=half"]);
    site.add("FULL-R", &[]);
    site.ok(&["place", "FULL", "A01", "30", "--face", "front"]);
    let doc = site.refused(&["place", "HALF", "A01", "31", "--face", "rear"], "space_conflict");
    assert_eq!(conflicts(&doc), ["FULL"]);
    // And a full-depth device on the rear collides with a half-depth one on the front.
    site.ok(&["place", "HALF", "A01", "35", "--face", "front"]);
    let doc = site.refused(&["place", "FULL-R", "A01", "35", "--face", "rear"], "space_conflict");
    assert_eq!(conflicts(&doc), ["HALF"]);
    // Right above the full-depth device, the rear is free.
    site.ok(&["place", "FULL-R", "A01", "32", "--face", "rear"]);
}

#[test]
fn zero_u_device_in_an_occupied_cabinet_is_accepted() {
    let site = site();
    site.add("FILL", &["u_height=42"]);
    site.ok(&["place", "FILL", "A01", "1"]);
    site.add("PDU-1", &["category=PDU", "u_height=0", "rated_w=0"]);
    site.add("PDU-2", &["category=pdu", "u_height=0", "rated_w=0"]);
    site.add("PDU-3", &["category=pdu", "u_height=0", "rated_w=0"]);
    // Every unit is taken, yet 0U devices (side-mounted) fit: at "no particular height"…
    let doc = site.ok(&["place", "PDU-1", "A01", "0", "--face", "rear"]);
    assert_eq!(doc["asset"]["u_height"], 0);
    assert_eq!(doc["asset"]["start_u"], 0);
    // …or beside a given unit.
    site.ok(&["place", "PDU-2", "A01", "21", "--face", "rear"]);
    // But not above the cabinet.
    site.refused(&["place", "PDU-3", "A01", "43"], "out_of_bounds");
    let cab = site.ok(&["cabinet", "show", "A01"]);
    assert_eq!(cab["cabinet"]["used_u"], 42);
    assert_eq!(cab["cabinet"]["device_count"], 3);
    // And a 0U device blocks nothing: the cabinet's own units are still all FILL's.
    site.add("ONE-U", &[]);
    let doc = site.refused(&["place", "ONE-U", "A01", "21"], "space_conflict");
    assert_eq!(conflicts(&doc), ["FILL"]);
}

#[test]
fn move_onto_part_of_its_own_position_is_accepted_and_kept_in_history() {
    let site = site();
    site.add("MOVER", &["u_height=4"]);
    site.add("WALL", &[]);
    site.ok(&["place", "MOVER", "A01", "10"]);
    site.ok(&["place", "WALL", "A01", "15"]);
    // U10–U13 → U11–U14: overlaps its own old units, touches WALL's U15 not.
    let doc = site.ok(&["--operator", "张工", "move", "MOVER", "A01", "11"]);
    assert_eq!(doc["asset"]["start_u"], 11);
    // U12–U15 would hit WALL.
    let before = site.files();
    let doc = site.refused(&["move", "MOVER", "A01", "12"], "space_conflict");
    assert_eq!(conflicts(&doc), ["WALL"]);
    before.assert_unchanged(&site.files(), "a refused move");
    assert_eq!(position(&site, "MOVER").1, 11);

    // To another cabinet, on its rear face.
    site.ok(&["--operator", "李工", "move", "MOVER", "B01", "40", "--face", "rear"]);
    let a = site.show("MOVER");
    assert_eq!(a["position"]["cabinet"], "B01");
    assert_eq!(a["position"]["start_u"], 40);
    assert_eq!(a["position"]["face"], "rear");
    assert_eq!(a["status"], "in_use", "a move keeps the status");

    let moves: Vec<&Value> =
        a["history"].as_array().expect("history").iter().filter(|h| h["kind"] == "moved").collect();
    assert_eq!(moves.len(), 2, "{:#}", a["history"]);
    assert_eq!(moves[0]["from_pos"], "A01-U10");
    assert_eq!(moves[0]["to_pos"], "A01-U11");
    assert_eq!(moves[0]["operator"], "张工");
    assert_eq!(moves[1]["from_pos"], "A01-U11");
    assert_eq!(moves[1]["to_pos"], "B01-U40(后)");
    assert_eq!(moves[1]["operator"], "李工");
    for m in &moves {
        assert!(m["at"].as_str().is_some_and(|t| t.len() >= 16), "{m:#}");
    }
    let placed: Vec<&Value> = a["history"].as_array().into_iter().flatten().filter(|h| h["kind"] == "placed").collect();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0]["to_pos"], "A01-U10");
    assert!(placed[0]["from_pos"].is_null());
}

#[test]
fn move_needs_a_racked_asset_and_place_an_unracked_one() {
    let site = site();
    site.add("LOOSE", &[]);
    site.refused(&["move", "LOOSE", "A01", "1"], "not_racked");
    site.ok(&["place", "LOOSE", "A01", "1"]);
    site.refused(&["place", "LOOSE", "A01", "5"], "already_racked");
    assert_eq!(position(&site, "LOOSE").1, 1);
}

#[test]
fn unplace_sets_unracked_and_frees_the_units() {
    let site = site();
    site.add("OUT", &["u_height=2"]);
    site.add("IN", &["u_height=2"]);
    site.ok(&["place", "OUT", "A01", "3"]);
    assert_eq!(site.show("OUT")["status"], "in_use");
    let doc = site.ok(&["unplace", "OUT"]);
    assert_eq!(doc["asset"]["status"], "unracked");
    let a = site.show("OUT");
    assert_eq!(a["status"], "unracked");
    assert!(a["cabinet"].is_null() && a["start_u"].is_null() && a["position"].is_null());
    let last = a["history"].as_array().and_then(|h| h.iter().find(|e| e["kind"] == "unplaced"));
    assert_eq!(last.expect("unplaced in history")["from_pos"], "A01-U3");
    let r = site.run(&["asset", "list", "--status", "已下架"]);
    assert!(r.stdout.contains("OUT") && r.stdout.contains("已下架"), "{}", r.stdout);
    // The units are free again.
    site.ok(&["place", "IN", "A01", "3"]);
    // Unplacing what is not racked is refused.
    site.refused(&["unplace", "OUT"], "not_racked");
    // Racking it again puts it back in use.
    let doc = site.ok(&["place", "OUT", "A01", "10"]);
    assert_eq!(doc["asset"]["status"], "in_use");
}

#[test]
fn unplace_keeps_a_device_under_repair_under_repair() {
    let site = site();
    site.add("BROKEN", &["cabinet=A01", "start_u=1"]);
    site.ok(&["asset", "set", "BROKEN", "status=维修"]);
    let doc = site.ok(&["unplace", "BROKEN"]);
    assert_eq!(doc["asset"]["status"], "repairing");
}

#[test]
fn check_answers_and_writes_nothing() {
    let site = site();
    site.add("A", &["u_height=2"]);
    site.add("B", &[]);
    site.ok(&["place", "A", "A01", "20"]);
    let before = site.files();

    let doc = site.ok(&["check", "B", "A01", "22"]);
    assert_eq!(doc["verdict"], "ok");
    assert_eq!(doc["conflicts"], serde_json::json!([]));
    assert_eq!(doc["cabinet"]["cabinet"], "A01");

    let r = site.json(&["check", "B", "A01", "21"]);
    assert_eq!(r.code, 1, "a refused check exits 1: {r:?}");
    let doc = r.json();
    assert_eq!(doc["verdict"], "refused");
    assert_eq!(doc["conflicts"], serde_json::json!(["A"]));
    assert!(doc["reasons"][0].as_str().is_some_and(|m| m.contains("A01")), "{doc:#}");

    let r = site.run(&["check", "B", "A01", "21"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("不可上架"), "{r:?}");
    before.assert_unchanged(&site.files(), "check");
    assert!(site.show("B")["cabinet"].is_null());
}
