//! Backups and restore: `backup [--out FILE]`, `backup list`, `restore FILE`, the daily backup
//! at the first start of a day, the one before an import, the backup settings — and a restore
//! gives back exactly the ledger as it was, every row of every table.

use std::path::Path;

use rusqlite::types::ValueRef;
use serde_json::Value;

use crate::common::{raw_conn, Site};

/// Every row of every table, in rowid order, as text: the ledger's content.
pub fn dump(db: &Path) -> Vec<(String, Vec<String>)> {
    let conn = raw_conn(db);
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    let cells: Vec<String> = (0..n)
                        .map(|i| match r.get_ref(i) {
                            Ok(ValueRef::Text(t)) => format!("'{}'", String::from_utf8_lossy(t)),
                            v => format!("{v:?}"),
                        })
                        .collect();
                    Ok(cells.join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            (t, rows)
        })
        .collect()
}

fn backups_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_restore_gives_back_exactly_the_ledger_as_it_was() {
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "12", "--devices", "150"]);
    let file = site.path("saved.db");
    let saved = site.ok(&["backup", "--out", file.to_str().unwrap()]);
    assert_eq!(saved["file"], file.display().to_string());
    let before = dump(&site.db);

    // Work after the backup: a new asset, an edit, a cabinet, a setting.
    site.cabinet("Z99", 42);
    site.add("AFTER-1", &["cabinet=Z99", "start_u=3"]);
    site.ok(&["settings", "set", "power.warning", "0.7"]);
    let changed = dump(&site.db);
    assert_ne!(changed, before);

    let doc = site.ok(&["restore", file.to_str().unwrap()]);
    let kept = doc["restored"]["kept"]["path"].as_str().unwrap().to_string();
    let after = dump(&site.db);
    // Every table as it was; the audit log too, plus the one record of the restore itself.
    for ((t, rows_before), (t2, rows_after)) in before.iter().zip(&after) {
        assert_eq!(t, t2);
        if t == "audit_log" {
            assert_eq!(rows_after.len(), rows_before.len() + 1, "one record for the restore");
            assert_eq!(&rows_after[..rows_before.len()], &rows_before[..]);
            assert!(rows_after.last().unwrap().contains("database.restore"), "{:?}", rows_after.last());
        } else {
            assert_eq!(rows_after, rows_before, "table {t} differs after the restore");
        }
    }
    assert_eq!(after.len(), before.len());
    site.refused(&["asset", "show", "AFTER-1"], "asset_not_found");
    // The ledger before the restore was kept, with the later work in it.
    assert_eq!(dump(Path::new(&kept)), changed);
    let check: String = raw_conn(&site.db).query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn restore_refuses_a_bad_file_and_changes_nothing() {
    let site = Site::new();
    site.add("R-1", &[]);
    let dir = site.dir_path();
    let junk = dir.join("junk.db");
    std::fs::write(&junk, "PK\u{3}\u{4} not a database".repeat(300)).unwrap();
    let other = dir.join("other.db");
    raw_conn(&other).execute_batch("CREATE TABLE t(x); PRAGMA user_version = 2;").unwrap();
    let newer = dir.join("newer.db");
    std::fs::copy(&site.db, &newer).unwrap();
    raw_conn(&newer).execute_batch("PRAGMA user_version = 999;").unwrap();
    // The daily backup of the first command is taken by now; the files stay as they are.
    site.ok(&["asset", "show", "R-1"]);
    let files = site.files();
    for (f, says) in [(&junk, "SQLite"), (&other, "RackLedger"), (&newer, "999"), (&dir.join("none.db"), "不存在")] {
        let doc = site.refused(&["restore", f.to_str().unwrap()], "bad_backup");
        let msg = doc["error"]["message"].as_str().unwrap();
        assert!(msg.contains(says) && msg.contains("未被改动"), "{msg}");
    }
    files.assert_unchanged(&site.files(), "a refused restore");
    assert_eq!(site.show("R-1")["asset_tag"], "R-1");
}

#[test]
fn daily_backup_at_the_first_start_of_a_day_then_list_and_settings() {
    let site = Site::new();
    let folder = site.dir_path().join("备份");
    site.ok(&["asset", "list"]);
    assert!(backups_in(&folder).is_empty(), "an empty ledger is not backed up");
    site.add("D-1", &[]);
    site.ok(&["asset", "list"]);
    site.ok(&["asset", "list"]);
    let names = backups_in(&folder);
    assert_eq!(names.len(), 1, "{names:?}");
    // Named after the ledger's file (ledger.db) and its id.
    let short = short_id(&site);
    assert!(names[0].starts_with(&format!("ledger-{short}-2")) && names[0].ends_with("-daily.db"), "{names:?}");

    // A manual one, then the list (newest first) through the command line.
    let manual = site.ok(&["backup"]);
    assert_eq!(manual["backup"]["reason"], "manual");
    let list = site.ok(&["backup", "list"]);
    let listed: Vec<&str> =
        list["status"]["backups"].as_array().unwrap().iter().map(|b| b["reason"].as_str().unwrap()).collect();
    assert_eq!(listed, ["manual", "daily"]);
    assert!(list["status"]["last"]["size"].as_u64().unwrap() > 0);

    // Another folder (a share would do), and retention.
    let share = site.dir_path().join("share").join("机房台账备份");
    site.ok(&["settings", "set", "backup.dir", share.to_str().unwrap()]);
    site.ok(&["settings", "set", "backup.keep_daily", "7"]);
    site.refused(&["settings", "set", "backup.keep_monthly", "zero"], "invalid_value");
    site.refused(&["settings", "set", "backup.dir", " "], "invalid_value");
    let b = site.ok(&["backup"]);
    assert!(b["backup"]["path"].as_str().unwrap().starts_with(share.to_str().unwrap()), "{b:#}");
    let s = site.ok(&["backup", "list"]);
    assert_eq!(s["status"]["policy"]["keep_daily"], 7);
    assert_eq!(s["status"]["policy"]["keep_monthly"], 12);
    // A backup is a whole ledger on its own (no -wal beside it).
    let path = b["backup"]["path"].as_str().unwrap();
    assert!(!Path::new(&format!("{path}-wal")).exists());
    assert_eq!(dump(Path::new(path)), dump(&site.db));
}

#[test]
fn an_import_is_preceded_by_a_backup_a_dry_run_is_not() {
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "4", "--devices", "20"]);
    let xlsx = site.path("site.xlsx");
    site.ok(&["export", "site", "--out", xlsx.to_str().unwrap()]);
    let folder = site.dir_path().join("备份");
    let count = |reason: &str| backups_in(&folder).iter().filter(|n| n.contains(reason)).count();
    site.json(&["import", xlsx.to_str().unwrap(), "--dry-run"]);
    assert_eq!(count("-import"), 0);
    let r = site.json(&["import", xlsx.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(count("-import"), 1, "{:?}", backups_in(&folder));
    // No partial export file is left beside the one written.
    let left: Vec<String> = std::fs::read_dir(site.dir_path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains(".part"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn backup_out_never_overwrites() {
    let site = Site::new();
    site.add("O-1", &[]);
    let out = site.path("exists.db");
    std::fs::write(&out, "keep me").unwrap();
    let r = site.json(&["backup", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let _: Value = r.json();
}

#[test]
fn a_migration_is_preceded_by_a_backup_of_the_old_schema() {
    let site = Site::new();
    let from = format!("{}/tests/fixtures/schema-v1.db", env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(&from, &site.db).unwrap();
    let before = dump(&site.db);
    site.ok(&["asset", "list"]);
    let folder = site.dir_path().join("备份");
    let names: Vec<String> = backups_in(&folder).into_iter().filter(|n| n.contains("-migration")).collect();
    assert_eq!(names.len(), 1, "{:?}", backups_in(&folder));
    let copy = folder.join(&names[0]);
    // Named by the id the ledger got in the same opening (schema 1 had none to store it in).
    assert!(names[0].starts_with(&format!("ledger-{}-", short_id(&site))), "{names:?}");
    assert_eq!(crate::common::user_version(&copy), 1);
    assert_eq!(dump(&copy), before, "the copy is the ledger before the upgrade");
    // Restoring it brings the old ledger back and upgrades it again; it is the same ledger, with
    // the same id (the file has none of its own).
    let id = site.ok(&["whoami"])["ledger_id"].clone();
    site.ok(&["restore", copy.to_str().unwrap()]);
    assert_eq!(crate::common::user_version(&site.db), rackledger::db::migrations::latest());
    assert_eq!(site.ok(&["whoami"])["ledger_id"], id);
}

/// The first 8 hex digits of the site's ledger id, as its backups' names carry them.
fn short_id(site: &Site) -> String {
    let id = site.ok(&["whoami"])["ledger_id"].as_str().expect("ledger_id").to_string();
    rackledger::backup::short_id(&id)
}

/// The backup files in `dir` whose names begin with `prefix`.
fn named_like(dir: &Path, prefix: &str) -> Vec<String> {
    backups_in(dir).into_iter().filter(|n| n.starts_with(prefix)).collect()
}

#[test]
fn two_ledgers_sharing_a_backup_folder_each_keep_their_own() {
    // Two ledgers with the same file name (机房.db, each in its own folder) back up into one
    // share: only the ledger id in the names tells their backups apart.
    let one = Site::named("机房.db");
    let two = Site::named("机房.db");
    let share = one.dir_path().join("share").join("机房台账备份");
    for (site, tag) in [(&one, "ONE-1"), (&two, "TWO-1")] {
        site.add(tag, &[]);
        // The first command after a write is the day's first start on a non-empty ledger: its
        // daily backup goes to the default folder beside it, then the folder is the share.
        site.ok(&["settings", "set", "backup.dir", share.to_str().unwrap()]);
        site.ok(&["asset", "list"]);
    }
    let (id_one, id_two) = (short_id(&one), short_id(&two));
    assert_ne!(id_one, id_two);
    let prefix = |id: &str| format!("机房-{id}-");
    // Each took its own daily backup in the share: the other's of today did not stand for it.
    for id in [&id_one, &id_two] {
        let daily = named_like(&share, &prefix(id));
        assert_eq!(daily.len(), 1, "{:?}", backups_in(&share));
        assert!(daily[0].ends_with("-daily.db"), "{daily:?}");
    }
    two.ok(&["backup"]);
    let listed = |site: &Site| -> Vec<String> {
        let doc = site.ok(&["backup", "list"]);
        doc["status"]["backups"].as_array().unwrap().iter().map(|b| b["name"].as_str().unwrap().to_string()).collect()
    };
    let of_one = listed(&one);
    assert_eq!(of_one, named_like(&share, &prefix(&id_one)));
    assert_eq!(of_one.len(), 1);
    let of_two = listed(&two);
    assert_eq!(of_two.len(), 2, "{of_two:?}");
    assert!(of_two.iter().all(|n| n.starts_with(&prefix(&id_two))), "{of_two:?}");
    let policy = two.ok(&["backup", "list"])["status"]["policy"].clone();
    assert_eq!(
        (policy["ledger"].as_str(), policy["ledger_id"].as_str().map(|i| &i[..8])),
        (Some("机房"), Some(&id_two[..]))
    );

    // Old backups of both (copies of their daily ones, dated 2020), and two an older build named
    // without the id — `机房-…` and `rackledger-…` (both are 二号's, but their names cannot say so).
    for id in [&id_one, &id_two] {
        let daily = share.join(&named_like(&share, &prefix(id))[0]);
        for d in 1..=5 {
            std::fs::copy(&daily, share.join(format!("机房-{id}-2020010{d}-080000-daily.db"))).unwrap();
        }
    }
    let legacy_names = ["机房-20200101-090000-daily.db", "rackledger-20200101-090000-daily.db"];
    let legacy: Vec<std::path::PathBuf> = legacy_names.iter().map(|n| share.join(n)).collect();
    for l in &legacy {
        std::fs::copy(share.join(&of_two[0]), l).unwrap();
    }
    for site in [&one, &two] {
        let doc = site.ok(&["backup", "list"]);
        let backups = doc["status"]["backups"].as_array().unwrap();
        for name in legacy_names {
            let old = backups.iter().find(|b| b["name"] == name).expect("the legacy backup is listed");
            assert_eq!(old["legacy"], true);
        }
        assert_eq!(backups.iter().filter(|b| b["legacy"] == true).count(), 2);
        assert_eq!(backups.len(), 2 + 5 + if site.db == one.db { 1 } else { 2 });
    }

    // Each keeps one day and one month: its backup prunes its own old files, none of the other
    // ledger's, nor the legacy ones (which may be anybody's).
    for site in [&one, &two] {
        site.ok(&["settings", "set", "backup.keep_daily", "1"]);
        site.ok(&["settings", "set", "backup.keep_monthly", "1"]);
    }
    one.ok(&["backup"]);
    let of_one: Vec<String> = named_like(&share, &prefix(&id_one));
    assert_eq!(of_one.len(), 2, "today's daily and manual: {of_one:?}");
    assert!(of_one.iter().all(|n| !n.contains("-2020")), "{of_one:?}");
    assert_eq!(named_like(&share, &prefix(&id_two)).len(), 2 + 5, "{:?}", backups_in(&share));
    two.ok(&["backup"]);
    assert_eq!(named_like(&share, &prefix(&id_two)).len(), 3, "today's daily and two manual: {:?}", backups_in(&share));
    assert_eq!(named_like(&share, &prefix(&id_one)), of_one, "the other ledger's are untouched");
    assert!(legacy.iter().all(|l| l.exists()), "an old-style name is never deleted");

    // A restore of the other ledger's backup is refused, and changes nothing.
    let theirs = share.join(&of_two[0]);
    let before = one.files();
    let doc = one.refused(&["restore", theirs.to_str().unwrap()], "other_ledger");
    let msg = doc["error"]["message"].as_str().unwrap();
    assert!(msg.contains(&format!("编号 {id_two}")) && msg.contains(&id_one) && msg.contains("未被改动"), "{msg}");
    // The legacy ones too: the id stored in them is 二号's, whatever the name says.
    for l in &legacy {
        let doc = one.refused(&["restore", l.to_str().unwrap()], "other_ledger");
        assert!(doc["error"]["message"].as_str().unwrap().contains("另一本台账"), "{doc:#}");
    }
    before.assert_unchanged(&one.files(), "a refused restore of another ledger's backup");
    assert_eq!(named_like(&share, &prefix(&id_one)).len(), 2, "no prerestore copy of a refused restore");
    // The ledger it belongs to restores it.
    two.ok(&["restore", legacy[1].to_str().unwrap()]);
    // Asked for in so many words (a lost ledger file recreated, say), it is restored: the file
    // is that ledger now, with its id and its series of backups.
    one.ok(&["restore", theirs.to_str().unwrap(), "--other-ledger"]);
    assert_eq!(one.show("TWO-1")["asset_tag"], "TWO-1");
    one.refused(&["asset", "show", "ONE-1"], "asset_not_found");
    assert_eq!(short_id(&one), id_two);
}
