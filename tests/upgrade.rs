//! Upgrades from frozen copies of every earlier schema version (`tests/fixtures/schema-vN.db`,
//! each written by the release that had that version and never regenerated).

use rackledger::db::{self, migrations};
use rusqlite::Connection;

use crate::common::Site;

/// Every earlier schema version has a frozen fixture.
#[test]
fn a_fixture_exists_for_every_earlier_version() {
    for v in 1..migrations::latest() {
        let path = format!("{}/tests/fixtures/schema-v{v}.db", env!("CARGO_MANIFEST_DIR"));
        assert!(std::path::Path::new(&path).exists(), "missing frozen fixture {path}");
    }
}

fn fixture_copy(site: &Site, version: i64) -> std::path::PathBuf {
    let from = format!("{}/tests/fixtures/schema-v{version}.db", env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(&from, &site.db).unwrap_or_else(|e| panic!("copy {from}: {e}"));
    site.db.clone()
}

#[test]
fn version_1_upgrades_keeping_the_ledger() {
    let site = Site::new();
    let path = fixture_copy(&site, 1);
    let before: Vec<(String, Option<String>, Option<i64>)> = {
        let c = Connection::open(&path).expect("open fixture");
        assert_eq!(c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).ok(), Some(1));
        let mut s = c
            .prepare("SELECT a.asset_tag, c.code, p.start_u FROM assets a LEFT JOIN positions p ON p.asset_id = a.id LEFT JOIN cabinets c ON c.id = p.cabinet_id ORDER BY a.asset_tag")
            .expect("prepare");
        let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("query");
        rows.map(|r| r.expect("row")).collect()
    };
    assert_eq!(before.len(), 12);

    let conn = db::open(&path).expect("upgrade");
    assert_eq!(migrations::current(&conn).ok(), Some(migrations::latest()));
    // Through the command line: the same assets at the same places, and power works on them.
    let list = site.ok(&["asset", "list"]);
    let after: Vec<(String, Option<String>, Option<i64>)> = list["assets"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|a| {
                    (
                        a["asset_tag"].as_str().unwrap_or("").to_string(),
                        a["cabinet"].as_str().map(str::to_string),
                        a["start_u"].as_i64(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(after, before);
    let power = site.ok(&["power"]);
    assert_eq!(power["cabinets"].as_array().map(Vec::len), Some(2));
    assert_eq!(power["cabinets"][0]["status"], "unknown", "no capacity set before v2");
    // Opening again applies nothing.
    let mut again = db::open(&path).expect("reopen");
    assert_eq!(migrations::migrate(&mut again).ok(), Some(vec![]));
}

/// The tags and positions of a database file, read with plain SQL (no migration).
fn positions(path: &std::path::Path) -> Vec<(String, Option<String>, Option<i64>)> {
    let c = Connection::open(path).expect("open");
    let mut s = c
        .prepare(
            "SELECT a.asset_tag, c.code, p.start_u FROM assets a LEFT JOIN positions p ON p.asset_id = a.id
             LEFT JOIN cabinets c ON c.id = p.cabinet_id ORDER BY a.asset_tag",
        )
        .expect("prepare");
    let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("query");
    rows.map(|r| r.expect("row")).collect()
}

#[test]
fn every_earlier_version_upgrades_to_the_latest_keeping_what_it_held() {
    for v in 1..migrations::latest() {
        let site = Site::new();
        let path = fixture_copy(&site, v);
        let before = positions(&path);
        assert!(!before.is_empty(), "fixture v{v} holds assets");
        let audit_before: i64 = Connection::open(&path)
            .and_then(|c| c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)))
            .expect("count audit");
        drop(db::open(&path).unwrap_or_else(|e| panic!("upgrade from v{v}: {e}")));
        assert_eq!(positions(&path), before, "v{v}: assets and positions survive");
        let audit_after: i64 = Connection::open(&path)
            .and_then(|c| c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)))
            .expect("count audit");
        assert_eq!(audit_after, audit_before, "v{v}: the audit log survives");
        assert_eq!(site.ok(&["asset", "list"])["assets"].as_array().map(Vec::len), Some(before.len()));
    }
}

#[test]
fn version_2_keeps_power_configuration_and_readings() {
    let site = Site::new();
    fixture_copy(&site, 2);
    let p = site.ok(&["power"]);
    let a01 = p["cabinets"].as_array().and_then(|v| v.iter().find(|c| c["cabinet"] == "A01")).cloned();
    let a01 = a01.unwrap_or_else(|| panic!("A01 in {p:#}"));
    assert_eq!(a01["measured_w"], 3300);
    assert!(a01["capacity_w"].as_i64().is_some_and(|w| w > 0));
    assert!(!p["row_heads"].as_array().map(Vec::is_empty).unwrap_or(true));
}

#[test]
fn version_5_keeps_racking_requests_and_lists_them_in_windows() {
    let site = Site::new();
    fixture_copy(&site, 5);
    let list = site.ok(&["request", "list"]);
    let text = list.to_string();
    assert!(text.contains("SQ-2026-0001"), "{list:#}");
    assert_eq!(list["total"], 1, "{list:#}");
}

#[test]
fn version_8_requests_start_an_empty_timeline_and_join_the_chain() {
    let site = Site::new();
    fixture_copy(&site, 8);
    let shown = site.ok(&["request", "show", "SQ-2026-0001"]);
    assert_eq!(shown["state"], "draft", "{shown:#}");
    assert_eq!(shown["request"]["allowed"], serde_json::json!(["submit", "cancel"]));
    assert!(shown["request"]["reviewer"].is_null() && shown["request"]["accepted_by"].is_null());
    assert_eq!(site.ok(&["request", "timeline", "SQ-2026-0001"])["steps"], serde_json::json!([]));
    // From now on every step is recorded.
    site.ok(&["--operator", "张工", "request", "submit", "SQ-2026-0001"]);
    let steps = site.ok(&["request", "timeline", "SQ-2026-0001"])["steps"].clone();
    assert_eq!(steps[0]["step"], "submit", "{steps:#}");
    assert_eq!(steps[0]["operator"], "张工");
}

/// Every record's (table, id, uid) of a database file, read with plain SQL.
fn uids(path: &std::path::Path) -> Vec<(String, i64, String)> {
    let c = Connection::open(path).expect("open");
    let mut out = Vec::new();
    for t in rackledger::db::uids::TABLES {
        let mut s = c.prepare(&format!("SELECT id, uid FROM {t} ORDER BY id")).unwrap_or_else(|e| panic!("{t}: {e}"));
        let rows = s.query_map([], |r| Ok((t.to_string(), r.get(0)?, r.get(1)?))).expect("query");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

#[test]
fn every_earlier_version_upgrades_giving_each_record_a_uid_of_its_own() {
    for v in 1..migrations::latest() {
        let site = Site::new();
        let path = fixture_copy(&site, v);
        let id_before: Option<String> = Connection::open(&path)
            .and_then(|c| c.query_row("SELECT value FROM ledger_meta WHERE key = 'ledger_id'", [], |r| r.get(0)))
            .ok();
        drop(db::open(&path).unwrap_or_else(|e| panic!("upgrade from v{v}: {e}")));
        let all = uids(&path);
        assert!(all.len() > 30, "v{v}: records to give uids to ({})", all.len());
        let distinct: std::collections::BTreeSet<&String> = all.iter().map(|(_, _, u)| u).collect();
        assert_eq!(distinct.len(), all.len(), "v{v}: every uid differs");
        for (t, id, u) in &all {
            let parsed = uuid::Uuid::parse_str(u).unwrap_or_else(|e| panic!("v{v} {t} {id}: {u:?}: {e}"));
            assert_eq!((parsed.get_version_num(), parsed.to_string()), (4, u.clone()), "v{v} {t} {id}");
        }
        // Opening again leaves every uid as it was; a ledger that had an id keeps it.
        drop(db::open(&path).expect("reopen"));
        assert_eq!(uids(&path), all, "v{v}: uids are given once");
        let c = Connection::open(&path).expect("open");
        let id_after: String =
            c.query_row("SELECT value FROM ledger_meta WHERE key = 'ledger_id'", [], |r| r.get(0)).expect("an id");
        if let Some(id) = id_before {
            assert_eq!(id_after, id, "v{v}: the ledger keeps its id");
        }
        // The schema is sound after the defaults were rewritten, and a row written now gets a uid.
        let check: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity_check");
        assert_eq!(check, "ok", "v{v}");
        let broken: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("fk");
        assert_eq!(broken, 0, "v{v}: foreign keys hold");
        drop(c);
        site.add(&format!("UP-{v}"), &[]);
        let new = site.show(&format!("UP-{v}"))["uid"].as_str().expect("uid").to_string();
        assert!(!distinct.contains(&new), "v{v}: a new record's uid is new");
    }
}
