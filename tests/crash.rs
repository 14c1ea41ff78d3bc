//! The crash harness: the real command line killed with SIGKILL at random moments during an
//! operation, again and again, each time on a fresh copy of the starting database; after every
//! kill the database is opened as the next start would open it and checked:
//! `PRAGMA integrity_check` is ok, `PRAGMA foreign_key_check` is empty, and the operation is
//! either fully there or fully absent (every table has exactly the row count of before or of
//! after an uninterrupted run; a file it writes is absent or complete).
//!
//! Table-driven: an operation is one [`Case`]: an export and an import of the whole site, a bulk
//! patch of two 24-port panels, and the execution of an approved racking request of 40 devices
//! (racking, ports from templates, 上架日期, the reservation released).
//!
//! Size: `RACKLEDGER_CRASH_N` kills per case (default 10) on a site of `RACKLEDGER_CRASH_ROWS`
//! assets (default 2,000), so CI stays quick; `RACKLEDGER_CRASH_CASES` (e.g. `patch,execute`)
//! picks cases. The figures in docs/reliability.md come from
//! `RACKLEDGER_CRASH_N=100 RACKLEDGER_CRASH_ROWS=50000 cargo test --test main crash -- --nocapture`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Reader};

use crate::common::raw_conn;

fn env_num(key: &str, default: u64) -> u64 {
    std::env::var(key).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_rackledger"))
}

/// Runs the command line to completion; panics unless it succeeds.
fn run(db: &Path, args: &[&str]) {
    let out = Command::new(bin())
        .env("USER", "crash")
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run rackledger");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs the command line with `--json` and returns its answer; panics unless it succeeds.
fn run_json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = Command::new(bin()).env("USER", "crash").arg("--db").arg(db).arg("--json").args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
    serde_json::from_slice(&out.stdout).expect("JSON answer")
}

/// Registers an in-stock 1U server (a model with a port template) with `extra` fields.
fn add_asset(db: &Path, tag: &str, extra: &[&str]) {
    let (name, serial) = (format!("name={tag}"), format!("serial=SN-{tag}"));
    let mut args = vec!["asset", "add", tag, &name, &serial, "category=server", "vendor=华为"];
    args.extend_from_slice(&["model=FusionServer 2288H V6", "rated_w=300", "owner=政务云平台"]);
    args.extend_from_slice(extra);
    run(db, &args);
}

/// Two cabinets with a 24-port panel each, for a bulk patch.
fn panels_site(db: &Path) {
    run(db, &["room", "add", "一号机房"]);
    for c in ["A01", "B01"] {
        run(db, &["cabinet", "add", c, "--room", "一号机房", "--rated-kw", "6"]);
    }
    let panel = ["category=patch_panel", "vendor=康普", "model=24口超六类配线架", "rated_w=0", "status=在用"];
    add_asset(db, "PP-A", &[&panel[..], &["cabinet=A01", "start_u=41"]].concat());
    add_asset(db, "PP-B", &[&panel[..], &["cabinet=B01", "start_u=41"]].concat());
}

/// Ten cabinets, 40 servers in stock and an approved request racking them all; its number.
fn approved_request_site(db: &Path) -> String {
    run(db, &["room", "add", "一号机房"]);
    run(db, &["settings", "set", "approvers", "王总"]);
    let mut rows = Vec::new();
    for c in 1..=10 {
        let cabinet = format!("C{c:02}");
        run(db, &["cabinet", "add", &cabinet, "--room", "一号机房", "--rated-kw", "10"]);
        for k in 0..4 {
            let tag = format!("N{c:02}-{k}");
            add_asset(db, &tag, &[]);
            rows.push(format!("{tag}:{cabinet}:{}", 2 + 5 * k));
        }
    }
    let mut args = vec!["request", "add", "--org", "市大数据局", "--applicant", "张三"];
    for r in &rows {
        args.extend_from_slice(&["--row", r]);
    }
    let no = run_json(db, &args)["request_no"].as_str().expect("request_no").to_string();
    run(db, &["request", "submit", &no]);
    run(db, &["--operator", "王总", "request", "approve", &no]);
    // The rest of the chain up to execution: 机房审核, its 附件5, confirmed.
    run(db, &["--operator", "李工", "request", "review", &no]);
    run(db, &["operation", "add", "--request", &no]);
    run(db, &["--operator", "王总", "operation", "confirm", &no]);
    no
}

/// Row counts of every table: what "fully there or fully absent" is judged by.
fn counts(db: &Path) -> Vec<(String, i64)> {
    let c = raw_conn(db);
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = c.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
            (t, n)
        })
        .collect()
}

/// Opens the database as the next start would (recovering the write-ahead log) and checks it.
fn whole(db: &Path) -> Result<(), String> {
    let c = raw_conn(db);
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if ok != "ok" {
        return Err(format!("integrity_check: {ok}"));
    }
    let fk: i64 =
        c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if fk != 0 {
        return Err(format!("{fk} foreign key violations"));
    }
    Ok(())
}

/// Rows per sheet of a workbook, or None when it does not open.
fn sheet_rows(file: &Path) -> Option<Vec<(String, usize)>> {
    let mut wb = open_workbook_auto(file).ok()?;
    let names = wb.sheet_names().to_vec();
    names.into_iter().map(|n| wb.worksheet_range(&n).ok().map(|r| (n, r.height()))).collect()
}

/// One operation to interrupt.
struct Case {
    name: &'static str,
    /// The database it starts from (copied fresh for every run).
    start: PathBuf,
    /// The command line after `--db`; `{out}` is replaced by a file in the run's folder.
    args: Vec<String>,
    /// The file it writes, if any (`{out}`).
    writes_file: bool,
}

/// What the kills of one case found.
#[derive(Debug, Default)]
struct Tally {
    kills: u32,
    /// Killed while running (the rest had finished before the kill came).
    mid_run: u32,
    absent: u32,
    there: u32,
    file_absent: u32,
    file_complete: u32,
    full_ms: u128,
    /// The operation changes nothing in the database (an export): absent and there are the same.
    read_only: bool,
}

/// Simple xorshift: the kill moments, reproducible with `RACKLEDGER_CRASH_SEED`.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn attempt(case: &Case, dir: &Path, kill_after: Option<Duration>) -> (PathBuf, PathBuf, bool, Duration) {
    std::fs::create_dir_all(dir).unwrap();
    let db = dir.join("ledger.db");
    std::fs::copy(&case.start, &db).unwrap();
    let out = dir.join("out.xlsx");
    let args: Vec<String> = case.args.iter().map(|a| a.replace("{out}", out.to_str().unwrap())).collect();
    let started = Instant::now();
    let mut child = Command::new(bin())
        .env("USER", "crash")
        .arg("--db")
        .arg(&db)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn rackledger");
    let killed = match kill_after {
        None => {
            let status = child.wait().unwrap();
            assert!(status.success(), "{} did not complete uninterrupted", case.name);
            false
        }
        Some(after) => {
            // Poll so a run that ends before its kill moment is not waited on needlessly.
            loop {
                if child.try_wait().unwrap().is_some() {
                    break false;
                }
                if started.elapsed() >= after {
                    child.kill().unwrap(); // SIGKILL
                    child.wait().unwrap();
                    break true;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    };
    (db, out, killed, started.elapsed())
}

fn hammer(case: &Case, root: &Path, n: u32, rng: &mut Rng) -> Tally {
    let before = counts(&case.start);
    // The uninterrupted run: what "fully there" looks like, and how long the operation takes.
    let (db, out, _, full) = attempt(case, &root.join(format!("{}-full", case.name)), None);
    let after = counts(&db);
    let complete = case.writes_file.then(|| sheet_rows(&out).expect("the uninterrupted run's file opens"));
    let mut t = Tally { full_ms: full.as_millis(), read_only: before == after, ..Tally::default() };
    let span = full.as_millis().max(1) as u64;
    for i in 0..n {
        let dir = root.join(format!("{}-{i}", case.name));
        let at = Duration::from_millis(rng.next() % span);
        let (db, out, killed, _) = attempt(case, &dir, Some(at));
        t.kills += 1;
        t.mid_run += u32::from(killed);
        if let Err(e) = whole(&db) {
            panic!("{} killed at {at:?} (run {i}): the database is damaged: {e}", case.name);
        }
        let now = counts(&db);
        if now == before {
            t.absent += 1;
        } else if now == after {
            t.there += 1;
        } else {
            panic!(
                "{} killed at {at:?} (run {i}): half done:\nbefore {before:?}\nnow {now:?}\nafter {after:?}",
                case.name
            );
        }
        if let Some(complete) = &complete {
            if !out.exists() {
                t.file_absent += 1;
            } else {
                assert_eq!(sheet_rows(&out).as_ref(), Some(complete), "{} run {i}: a partial file", case.name);
                t.file_complete += 1;
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    t
}

#[test]
fn sigkill_at_random_points_leaves_the_ledger_whole() {
    let n = env_num("RACKLEDGER_CRASH_N", 10) as u32;
    let rows = env_num("RACKLEDGER_CRASH_ROWS", 2_000);
    let mut rng = Rng(env_num("RACKLEDGER_CRASH_SEED", 0x5eed_c0ff_ee11_2026) | 1);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();

    // A site of `rows` assets, its site workbook, and an empty ledger.
    let site = root.join("site.db");
    let cabinets = (rows / 14).max(10).to_string();
    run(&site, &["demo", "--cabinets", &cabinets, "--devices", &rows.to_string()]);
    // Backups go to one shared folder that already has today's daily copy, so the runs spend
    // their time in the operation rather than in the daily backup.
    let backups = root.join("backups");
    run(&site, &["settings", "set", "backup.dir", backups.to_str().unwrap()]);
    run(&site, &["asset", "list", "--limit", "1"]);
    let xlsx = root.join("site.xlsx");
    run(&site, &["export", "site", "--out", xlsx.to_str().unwrap()]);
    let empty = root.join("empty.db");
    run(&empty, &["asset", "list", "--limit", "1"]);
    let patch_db = root.join("patch.db");
    panels_site(&patch_db);
    let request_db = root.join("request.db");
    let request_no = approved_request_site(&request_db);
    for db in [&patch_db, &request_db] {
        run(db, &["settings", "set", "backup.dir", backups.to_str().unwrap()]);
    }

    let cases = [
        Case {
            name: "export",
            start: site.clone(),
            args: vec!["export".into(), "site".into(), "--out".into(), "{out}".into()],
            writes_file: true,
        },
        Case {
            name: "import",
            start: empty.clone(),
            args: vec!["import".into(), xlsx.display().to_string()],
            writes_file: false,
        },
        Case {
            name: "patch",
            start: patch_db.clone(),
            args: ["patch", "--from", "PP-A:R1-24", "--to", "PP-B:R1-24"].map(String::from).to_vec(),
            writes_file: false,
        },
        Case {
            name: "execute",
            start: request_db.clone(),
            args: vec!["request".into(), "execute".into(), request_no.clone()],
            writes_file: false,
        },
    ];
    let mut report = format!("crash harness: {n} SIGKILLs per operation, {rows} assets\n");
    // `RACKLEDGER_CRASH_CASES=patch,execute` runs only those cases.
    let only = std::env::var("RACKLEDGER_CRASH_CASES").unwrap_or_default();
    let wanted = |name: &str| only.trim().is_empty() || only.split(',').any(|c| c.trim() == name);
    for case in cases.iter().filter(|c| wanted(c.name)) {
        let t = hammer(case, root, n, &mut rng);
        let line = format!(
            "{:<7} uninterrupted {:>6} ms; {} kills ({} mid-run): integrity ok {k}/{k}, foreign keys ok {k}/{k}, \
             {}{}\n",
            case.name,
            t.full_ms,
            t.kills,
            t.mid_run,
            if t.read_only {
                format!("database unchanged {}/{}", t.absent, t.kills)
            } else {
                format!("absent {} / fully there {}", t.absent, t.there)
            },
            if case.writes_file {
                format!("; file absent {} / complete {}", t.file_absent, t.file_complete)
            } else {
                String::new()
            },
            k = t.kills,
        );
        eprint!("{line}");
        report.push_str(&line);
        assert_eq!(t.absent + t.there, t.kills);
    }
    let target = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let _ = std::fs::write(target.join("crash-report.txt"), report);
}
