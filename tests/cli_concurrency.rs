//! Two writers on one file — the app and the command line, or two command lines: no corruption,
//! no lost update (an edit based on a stale version is refused naming who changed it and when),
//! and a writer that finds the file busy waits, then says so plainly.

use std::thread;

use serde_json::Value;

use crate::common::{raw_conn, run_cmd, Site};

fn integrity(site: &Site) {
    let c = raw_conn(&site.db);
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 0, "foreign keys hold");
}

#[test]
fn an_edit_based_on_a_stale_version_is_refused_naming_who_and_when() {
    let site = Site::new();
    let v = site.add("CC-1", &[])["version"].as_i64().unwrap();
    // 甲 and 乙 both loaded version v; 乙 saves first.
    site.ok(&["--operator", "乙", "asset", "set", "CC-1", "note=乙的修改", "--expect-version", &v.to_string()]);
    let doc = site.refused(
        &["--operator", "甲", "asset", "set", "CC-1", "owner=市医保局", "--expect-version", &v.to_string()],
        "stale_version",
    );
    let msg = doc["error"]["message"].as_str().unwrap();
    assert!(msg.starts_with("此资产（CC-1）已被 乙 于 ") && msg.ends_with("修改，请刷新后重试"), "{msg}");
    let shown = site.show("CC-1");
    assert_eq!(shown["note"], "乙的修改");
    assert_eq!(shown["owner"], "政务云平台", "甲's stale edit wrote nothing");
    assert_eq!(shown["version"], v + 1);
    // After a refresh (the current version), 甲's edit goes through on top of 乙's.
    site.ok(&["--operator", "甲", "asset", "set", "CC-1", "owner=市医保局", "--expect-version", &(v + 1).to_string()]);
    let shown = site.show("CC-1");
    assert_eq!((shown["note"].as_str(), shown["owner"].as_str()), (Some("乙的修改"), Some("市医保局")));
    let en = site.refused(&["--lang", "en", "asset", "set", "CC-1", "note=x", "--if-version", "1"], "stale_version");
    assert!(en["error"]["message"].as_str().unwrap().contains("refresh and try again"), "{en:#}");
}

/// Read-modify-write of the shared asset's note, with the version it read; on a stale refusal,
/// read again and retry. Returns how many tries it took.
fn append_note(site: &Site, who: &str, token: &str) -> u32 {
    for attempt in 1..=50 {
        let cur = site.show("SHARED");
        let note = cur["note"].as_str().unwrap_or("").to_string();
        let version = cur["version"].as_i64().unwrap().to_string();
        let new_note = format!("note={note}{token};");
        let r = site.json(&["--operator", who, "asset", "set", "SHARED", &new_note, "--if-version", &version]);
        match r.code {
            0 => return attempt,
            1 => {
                let doc: Value = r.json();
                assert_eq!(doc["error"]["code"], "stale_version", "only a stale version may refuse: {doc:#}");
            }
            _ => panic!("{r:?}"),
        }
    }
    panic!("{who} never got its edit in");
}

#[test]
fn two_command_lines_writing_at_once_lose_nothing() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("SHARED", &[]);
    const EACH: usize = 12;
    let retries = thread::scope(|s| {
        let writers: Vec<_> = ["甲", "乙"]
            .into_iter()
            .map(|who| {
                let site = &site;
                s.spawn(move || {
                    let mut retries = 0;
                    for i in 0..EACH {
                        // Each writer registers its own assets and edits the shared one.
                        let tag = format!("{who}-{i}");
                        let name = format!("name={tag}");
                        let serial = format!("serial=SN-{tag}");
                        let r = site.json(&[
                            "--operator",
                            who,
                            "asset",
                            "add",
                            &tag,
                            &name,
                            "vendor=华为",
                            "model=M",
                            &serial,
                            "owner=政务云平台",
                        ]);
                        assert_eq!(r.code, 0, "{r:?}");
                        retries += append_note(site, who, &format!("{who}{i}")) - 1;
                    }
                    retries
                })
            })
            .collect();
        writers.into_iter().map(|w| w.join().unwrap()).sum::<u32>()
    });
    integrity(&site);
    let shared = site.show("SHARED");
    let note = shared["note"].as_str().unwrap();
    for who in ["甲", "乙"] {
        for i in 0..EACH {
            assert!(note.contains(&format!("{who}{i};")), "{who}{i} lost from {note}");
        }
    }
    assert_eq!(shared["version"], 1 + 2 * EACH as i64, "one version per edit, none lost");
    assert_eq!(site.audit("SHARED").len(), 1 + 2 * EACH, "one audit record per edit");
    let all = site.ok(&["asset", "list", "--limit", "1000"]);
    assert_eq!(all["assets"].as_array().unwrap().len(), 1 + 2 * EACH);
    eprintln!("two writers × {EACH}: {retries} stale refusals retried, no update lost");
}

#[test]
fn two_connections_in_threads_write_without_corruption() {
    use rackledger::model::{AssetDraft, AssetField as F};
    use rackledger::{Ctx, Lang, Ledger};
    let site = Site::new();
    site.add("T-0", &[]);
    thread::scope(|s| {
        for w in 0..2 {
            let db = site.db.clone();
            s.spawn(move || {
                let mut l = Ledger::open(&db, Lang::Zh).unwrap();
                let ctx = Ctx::now(format!("线程{w}"));
                for i in 0..40 {
                    let d: AssetDraft = vec![
                        (F::AssetTag, format!("T{w}-{i}")),
                        (F::Name, format!("host{w}-{i}")),
                        (F::Vendor, "华为".to_string()),
                        (F::Model, "M".to_string()),
                        (F::Serial, format!("SN-T{w}-{i}")),
                        (F::Owner, "政务云平台".to_string()),
                    ];
                    l.add_asset(&ctx, &d).unwrap();
                    // Unconditional edits of one shared row: each is its own transaction.
                    l.set_asset(&ctx, "T-0", &vec![(F::Note, format!("{w}-{i}"))], None).unwrap();
                }
            });
        }
    });
    integrity(&site);
    let shown = site.show("T-0");
    assert_eq!(shown["version"], 81, "80 edits after the first version, none lost");
    assert_eq!(site.audit("T-0").len(), 81);
}

#[test]
fn a_busy_database_waits_then_says_so() {
    let site = Site::new();
    site.add("B-1", &[]);
    let holder = raw_conn(&site.db);
    holder.execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value WHERE 0;").unwrap();
    let started = std::time::Instant::now();
    let r =
        run_cmd(site.cmd().env("RACKLEDGER_BUSY_TIMEOUT_MS", "400").args(["--json", "asset", "set", "B-1", "note=x"]));
    let waited = started.elapsed();
    assert_eq!(r.code, 1, "{r:?}");
    let doc: Value = r.json();
    assert_eq!(doc["error"]["code"], "busy", "{doc:#}");
    let msg = doc["error"]["message"].as_str().unwrap();
    assert!(msg.contains("占用") && msg.contains("0.4 秒") && msg.contains("未写入"), "{msg}");
    assert!(waited.as_millis() >= 400, "it waited first ({waited:?})");
    holder.execute_batch("COMMIT").unwrap();
    // Released: the same command goes through, and waiting did not damage anything.
    site.ok(&["asset", "set", "B-1", "note=x"]);
    integrity(&site);
}
