//! Opening databases through the command line: migrated once, never re-migrated, and a file
//! from a newer build refused untouched.

use rackledger::db::migrations;

use crate::common::{raw_conn, schema_dump, user_version, Site};

#[test]
fn a_new_database_is_created_and_migrated_to_the_latest_version() {
    let site = Site::new();
    assert!(!site.db.exists());
    site.ok(&["asset", "list"]);
    assert!(site.db.exists());
    assert_eq!(user_version(&site.db), migrations::latest());
    let mode: String = raw_conn(&site.db).query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("journal_mode");
    assert_eq!(mode, "wal", "the ledger runs in WAL mode");
}

#[test]
fn opening_an_existing_database_again_changes_no_schema() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("MG-1", &["cabinet=A01", "start_u=3"]);
    let schema = schema_dump(&raw_conn(&site.db));
    let before = site.files();
    // Reading twice: the schema is not touched, nor is anything else.
    site.ok(&["asset", "list"]);
    site.ok(&["asset", "show", "MG-1"]);
    before.assert_unchanged(&site.files(), "re-opening the database");
    assert_eq!(schema_dump(&raw_conn(&site.db)), schema);
    assert_eq!(user_version(&site.db), migrations::latest());
    // And the data is all there.
    assert_eq!(site.show("MG-1")["position"]["start_u"], 3);
}

#[test]
fn a_database_from_a_newer_build_is_refused_and_left_unchanged() {
    let site = Site::new();
    site.add("NEW-1", &[]);
    let too_new = migrations::latest() + 1;
    raw_conn(&site.db).pragma_update(None, "user_version", too_new).expect("set user_version");
    let before = site.files();
    for args in [
        &["asset", "list"][..],
        &["asset", "add", "NEW-2", "vendor=测试厂商", "model=M1", "serial=SN-NEW-2", "owner=政务云平台", "name=x"],
    ] {
        let r = site.run(args);
        assert_eq!(r.code, 1, "{args:?}: {r:?}");
        assert!(r.stderr.contains("版本"), "{r:?}");
        assert!(r.stderr.contains(&too_new.to_string()), "{r:?}");
        before.assert_unchanged(&site.files(), "refusing a newer database");
    }
    let doc = site.refused(&["asset", "list"], "schema_too_new");
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("版本"));
    let r = site.run(&["--lang", "en", "asset", "list"]);
    assert!(r.stderr.contains("newer"), "{r:?}");
    before.assert_unchanged(&site.files(), "refusing a newer database");
    assert_eq!(user_version(&site.db), too_new);
}

#[test]
fn a_newer_database_in_rollback_journal_mode_is_left_unchanged_too() {
    // A file this build did not write (another tool, another journal mode): the refusal must
    // not touch it either — switching it to WAL would rewrite its header.
    let site = Site::new();
    {
        let conn = raw_conn(&site.db);
        conn.execute_batch("CREATE TABLE future (x); INSERT INTO future VALUES (1);").expect("make a database");
        conn.pragma_update(None, "user_version", migrations::latest() + 5).expect("set user_version");
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("journal_mode");
        assert_eq!(mode, "delete");
    }
    let before = site.files();
    site.refused(&["asset", "list"], "schema_too_new");
    before.assert_unchanged(&site.files(), "refusing a newer database");
}
