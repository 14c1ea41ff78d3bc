//! Backups of the ledger file with SQLite's online backup API: a consistent copy taken while
//! the app and the command line may be using the file, written to a temporary name and renamed,
//! so a backup file is either whole or absent. Files are named after the ledger, the moment and
//! the reason (`一号楼-20261125-083000-daily.db` for `一号楼.db`), kept in a folder that a setting
//! may point at a network share, and pruned to the newest of each of the last N days and M months.
//!
//! Several ledgers may share one folder (一号楼.db and 二号楼.db side by side share the default
//! `备份`; a setting may point several at one share). The name tells them apart: the list, the
//! daily "is there one of today?", the pruning and a restore by name only consider the files
//! named after this ledger — the database file's stem, with the characters a file name cannot
//! hold replaced by `_` ([`ledger_name`]). Renaming a ledger file starts a new series; the old
//! files stay in the folder, restorable by path (`restore FILE --other-ledger`).
//!
//! Older builds named every backup `rackledger-…`, whatever the ledger. Such a name is the
//! current name of the default ledger (`rackledger.db`), so for it they are simply its own. For
//! any other ledger they are *legacy*: which ledger they copy is unknown, so they are listed
//! (marked `legacy`; an existing user's old backups are neither hidden nor lost) and may be
//! restored, but they do not count as today's backup and are never pruned by this ledger's
//! retention (that would delete what may be another ledger's) — no new ones are written, so
//! they are few and can be deleted by hand. A restore of a file whose name does not say it is
//! this ledger's (a legacy name, or a file of any other name) compares the first record of its
//! audit log with the ledger's: different beginnings are different ledgers, and it is refused.
//!
//! Restoring checks the file first (it opens, `integrity_check` is ok, it is a RackLedger
//! database, its schema is not newer than this build) and copies it into the live database in
//! one backup step — one write transaction, so other connections see the old ledger or the
//! restored one, never half of each. The caller keeps a copy of the current ledger first.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::db::{Connection, OptionalExtension};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection as SqliteFile, OpenFlags};
use serde::Serialize;

use crate::db::{self, migrations};
use crate::error::{BackupProblem, Error, Result};

/// Setting: the backup folder (absent: [`DEFAULT_DIR`] next to the database file).
pub const DIR_KEY: &str = "backup.dir";
/// Setting: how many days keep their newest backup.
pub const KEEP_DAILY_KEY: &str = "backup.keep_daily";
/// Setting: how many months keep their newest backup.
pub const KEEP_MONTHLY_KEY: &str = "backup.keep_monthly";
/// The default backup folder's name, beside the database file.
pub const DEFAULT_DIR: &str = "备份";
pub const DEFAULT_KEEP_DAILY: u32 = 30;
pub const DEFAULT_KEEP_MONTHLY: u32 = 12;

/// The ledger name older builds gave every backup (`rackledger-…`), and the default ledger's.
pub const LEGACY_LEDGER: &str = "rackledger";
const SUFFIX: &str = ".db";
/// A backup's name (and its `.part` while written) stays well inside the 255 bytes a file name
/// may have: 50 Chinese characters of the ledger's name.
const MAX_LEDGER_BYTES: usize = 150;

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The first start of a day.
    Daily,
    /// Before an import writes.
    Import,
    /// Before a schema migration.
    Migration,
    /// Asked for (`backup`, 立即备份).
    Manual,
    /// The ledger as it was before a restore replaced it.
    PreRestore,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::Import => "import",
            Reason::Migration => "migration",
            Reason::Manual => "manual",
            Reason::PreRestore => "prerestore",
        }
    }
}

/// Where backups go and how many are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Policy {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub dir: PathBuf,
    /// The ledger's name in its backups' file names ([`ledger_name`]).
    pub ledger: String,
    pub keep_daily: u32,
    pub keep_monthly: u32,
}

/// One backup file in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupFile {
    /// The file name (what a restore from the list names).
    pub name: String,
    pub path: String,
    /// When it was taken, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// `daily`, `import`, `migration`, `manual`, `prerestore`.
    pub reason: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Named by an older build (`rackledger-…`) that did not name the ledger: it may be another
    /// ledger's. Listed and restorable (the restore compares the audit logs), never pruned.
    pub legacy: bool,
}

/// The default folder: `备份` beside the database file.
pub fn default_dir(db_path: &Path) -> PathBuf {
    db_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(DEFAULT_DIR)
}

/// The policy stored in the database's settings, with the defaults for what is not set.
pub fn policy(conn: &Connection, db_path: &Path) -> Result<Policy> {
    let dir = db::settings::get(conn, DIR_KEY)?
        .filter(|d| !d.trim().is_empty())
        .map_or_else(|| default_dir(db_path), |d| PathBuf::from(d.trim()));
    let number = |key: &str, default: u32| -> Result<u32> {
        Ok(db::settings::get(conn, key)?.and_then(|v| v.trim().parse().ok()).unwrap_or(default))
    };
    Ok(Policy {
        dir,
        ledger: ledger_name(db_path),
        keep_daily: number(KEEP_DAILY_KEY, DEFAULT_KEEP_DAILY)?,
        keep_monthly: number(KEEP_MONTHLY_KEY, DEFAULT_KEEP_MONTHLY)?,
    })
}

/// Checks a backup setting's value and returns what to store; `None` for a key that is not one.
pub fn check_setting(key: &str, value: &str) -> Option<Result<String>> {
    let value = value.trim();
    let invalid = |reason: &str| Error::InvalidValue { field: key.into(), value: value.into(), reason: reason.into() };
    let range = |max: u32| -> Result<String> {
        match value.parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n.to_string()),
            _ => Err(invalid(&format!("应为 1 到 {max} 之间的整数"))),
        }
    };
    match key {
        DIR_KEY if value.is_empty() => Some(Err(invalid("备份文件夹不能为空"))),
        DIR_KEY if value.chars().count() > 1024 || value.contains('\0') => Some(Err(invalid("不是有效的文件夹路径"))),
        DIR_KEY => Some(Ok(value.to_string())),
        KEEP_DAILY_KEY => Some(range(3650)),
        KEEP_MONTHLY_KEY => Some(range(1200)),
        _ => None,
    }
}

/// The ledger's name in its backups' names: the database file's stem (`一号楼` for
/// `/data/一号楼.db`), kept readable; what a file name cannot hold (`/ \ : * ? " < > |`, control
/// characters) becomes `_`, ends a file name may not have (spaces, dots) are trimmed, and a long
/// stem is cut. A stem with nothing left is the default ledger's name.
pub fn ledger_name(db_path: &Path) -> String {
    let stem = db_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut clean = String::new();
    for c in stem.chars() {
        let c =
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c };
        if clean.len() + c.len_utf8() > MAX_LEDGER_BYTES {
            break;
        }
        clean.push(c);
    }
    let clean = clean.trim_matches(|c: char| c.is_whitespace() || c == '.');
    if clean.is_empty() {
        LEGACY_LEDGER.to_string()
    } else {
        clean.to_string()
    }
}

/// `一号楼-20261125-083000-daily.db`: the ledger's name (from [`ledger_name`]), the moment, the reason.
pub fn file_name(ledger: &str, at: NaiveDateTime, reason: Reason) -> String {
    format!("{ledger}-{}-{}{SUFFIX}", at.format("%Y%m%d-%H%M%S"), reason.code())
}

/// What a backup's file name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Whose: the ledger's name ([`LEGACY_LEDGER`] for an older build's backup).
    pub ledger: String,
    pub at: NaiveDateTime,
    pub reason: String,
    /// 1, or the counter of a second backup in the same second (`-daily-2`).
    pub n: u32,
}

/// Whose, when and why a backup was taken, read back from its file name; `None` for other files.
/// Read from the end, so a ledger's name may hold dashes and digits of its own.
pub fn parse_name(name: &str) -> Option<Name> {
    let body = name.strip_suffix(SUFFIX)?;
    let (body, n) = match body.rsplit_once('-') {
        Some((head, n)) if !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit()) => {
            (head, n.parse().ok()?)
        }
        _ => (body, 1),
    };
    let (head, reason) = body.rsplit_once('-')?;
    if reason.is_empty() || !reason.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    // `LEDGER-YYYYMMDD-HHMMSS`: the stamp is the last 15 bytes, all ASCII.
    let cut = head.len().checked_sub(15)?;
    let (ledger, stamp) = (head.get(..cut)?.strip_suffix('-')?, head.get(cut..)?);
    // Byte by byte: the 15 bytes may be part of a longer (Chinese) character's.
    let b = stamp.as_bytes();
    let digits = |d: &[u8]| d.iter().all(u8::is_ascii_digit);
    if ledger.is_empty() || b.len() != 15 || b[8] != b'-' || !digits(&b[..8]) || !digits(&b[9..]) {
        return None;
    }
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some(Name { ledger: ledger.to_string(), at, reason: reason.to_string(), n })
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.display().to_string(), source }
}

/// Copies the whole database of `conn` into a new file at `dest` (which must not exist) with the
/// online backup API, in one step: one read transaction, so the copy is one consistent moment
/// even while others write. Written beside `dest` under a temporary name and renamed, so `dest`
/// is whole or absent.
pub fn write(conn: &Connection, dest: &Path) -> Result<()> {
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let mut tmp = dest.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let copied = (|| {
        let mut to = SqliteFile::open(&tmp).map_err(Error::storage(format!("创建备份文件 {}", tmp.display())))?;
        copy(sqlite_of(conn)?, &mut to, "备份数据库")?;
        // A backup is one self-contained file: no write-ahead log beside it.
        let _mode: String =
            to.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).map_err(Error::storage("整理备份文件"))?;
        to.close().map_err(|(_, e)| Error::storage("关闭备份文件")(e))
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if dest.exists() {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::Backup { what: dest.display().to_string(), problem: BackupProblem::Exists });
    }
    std::fs::rename(&tmp, dest).map_err(io(dest))
}

/// The SQLite connection behind `conn`: the online backup is SQLite's.
fn sqlite_of(conn: &Connection) -> Result<&SqliteFile> {
    conn.sqlite().ok_or(Error::FileOnly { what: "备份", engine: conn.engine().code() })
}

/// The whole `from` database into `to`, in a single backup step.
fn copy(from: &SqliteFile, to: &mut SqliteFile, what: &str) -> Result<()> {
    let b = Backup::new(from, to).map_err(Error::storage(what))?;
    match b.step(-1).map_err(Error::storage(what))? {
        StepResult::Done => Ok(()),
        StepResult::Busy | StepResult::Locked => {
            Err(Error::Busy { context: what.to_string(), waited_ms: db::busy_timeout().as_millis() as u64 })
        }
        StepResult::More => Err(Error::Backup { what: what.to_string(), problem: BackupProblem::Incomplete }),
        // StepResult is non-exhaustive.
        _ => Err(Error::Backup { what: what.to_string(), problem: BackupProblem::UnknownStep }),
    }
}

/// Takes a backup into the policy's folder and prunes the folder.
pub fn take(conn: &Connection, policy: &Policy, at: NaiveDateTime, reason: Reason) -> Result<BackupFile> {
    let base = file_name(&policy.ledger, at, reason);
    let mut dest = policy.dir.join(&base);
    let mut n = 2;
    while dest.exists() {
        dest = policy.dir.join(format!("{}-{n}{SUFFIX}", base.trim_end_matches(SUFFIX)));
        n += 1;
    }
    write(conn, &dest)?;
    prune(&policy.dir, &policy.ledger, policy.keep_daily, policy.keep_monthly)?;
    describe(&dest, &policy.ledger)
        .map(|(f, _)| f)
        .ok_or_else(|| Error::Backup { what: dest.display().to_string(), problem: BackupProblem::Unreadable })
}

/// The file at `path` if it is a backup of `ledger` or a legacy one (see the module doc).
fn describe(path: &Path, ledger: &str) -> Option<(BackupFile, Name)> {
    let name = path.file_name()?.to_str()?.to_string();
    let parsed = parse_name(&name)?;
    let legacy = match parsed.ledger.as_str() {
        l if l == ledger => false,
        LEGACY_LEDGER => true,
        _ => return None,
    };
    let size = std::fs::metadata(path).ok()?.len();
    let file = BackupFile {
        name,
        path: path.display().to_string(),
        at: parsed.at.format("%Y-%m-%d %H:%M:%S").to_string(),
        reason: parsed.reason.clone(),
        size,
        legacy,
    };
    Some((file, parsed))
}

/// The backups of `ledger` in `dir` (its own and the legacy ones), newest first. Other ledgers'
/// backups and other files are not listed. A missing folder has none.
pub fn list(dir: &Path, ledger: &str) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir)(e)),
    };
    let mut files: Vec<(BackupFile, Name)> =
        entries.filter_map(|e| e.ok()).filter_map(|e| describe(&e.path(), ledger)).collect();
    files.sort_by(|(a, na), (b, nb)| (nb.at, nb.n, &b.name).cmp(&(na.at, na.n, &a.name)));
    Ok(files.into_iter().map(|(f, _)| f).collect())
}

/// Deletes the backups of `ledger` that are neither of one of the `keep_daily` most recent days
/// (with a backup) nor the newest of one of the `keep_monthly` most recent months. Other
/// ledgers' backups, legacy ones and other files are left alone. Returns the files deleted.
pub fn prune(dir: &Path, ledger: &str, keep_daily: u32, keep_monthly: u32) -> Result<Vec<PathBuf>> {
    let files = list(dir, ledger)?; // newest first
    let mut days: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut months: BTreeSet<(i32, u32)> = BTreeSet::new();
    let mut deleted = Vec::new();
    for f in files.iter().filter(|f| !f.legacy) {
        let Some(Name { at, .. }) = parse_name(&f.name) else { continue };
        let day = at.date();
        let month = (chrono::Datelike::year(&day), chrono::Datelike::month(&day));
        // Every backup of the most recent days is kept (two imports on one day keep both copies);
        // of older months, the first file met — the newest — of each.
        if days.len() < keep_daily as usize {
            days.insert(day);
        }
        let keep_day = days.contains(&day);
        let keep_month = !months.contains(&month) && months.len() < keep_monthly as usize;
        months.insert(month);
        if !(keep_day || keep_month) {
            std::fs::remove_file(&f.path).map_err(io(Path::new(&f.path)))?;
            deleted.push(PathBuf::from(&f.path));
        }
    }
    Ok(deleted)
}

/// What a valid backup file is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub schema_version: i64,
    pub assets: i64,
}

/// Checks that `file` can replace the ledger: it opens read-only, `integrity_check` says ok, its
/// schema is not newer than this build's, and it has the ledger's tables.
pub fn validate(file: &Path) -> Result<Checked> {
    let bad = |reason: String| Error::BadBackup { path: file.display().to_string(), reason };
    if !file.is_file() {
        return Err(bad("文件不存在".into()));
    }
    let conn = SqliteFile::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| bad(format!("无法打开（{e}）")))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| bad(format!("不是 SQLite 数据库（{e}）")))?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| bad(format!("完整性检查失败（{e}）")))?;
    if integrity != "ok" {
        return Err(bad(format!("完整性检查未通过：{integrity}")));
    }
    if version > migrations::latest() {
        return Err(bad(format!("结构版本 {version} 高于本程序支持的 {}", migrations::latest())));
    }
    let has = |table: &str| -> bool {
        conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |r| {
            r.get::<_, i64>(0)
        })
        .is_ok_and(|n| n == 1)
    };
    if version < 1 || !["assets", "cabinets", "rooms", "audit_log"].iter().all(|t| has(t)) {
        return Err(bad("不是 RackLedger 台账数据库".into()));
    }
    let assets = conn.query_row("SELECT count(*) FROM assets", [], |r| r.get(0)).map_err(|e| bad(e.to_string()))?;
    Ok(Checked { schema_version: version, assets })
}

/// Where a ledger's history begins: the first record of its audit log (when, who, what, and the
/// values written). Different beginnings are different ledgers; a copied file shares its origin's.
fn first_record(conn: &Connection) -> Result<Option<(String, String)>> {
    conn.query_row(
        "SELECT at || ' ' || operator || ' ' || action || ' ' || entity_key, coalesce(after_json, '')
         FROM audit_log ORDER BY id LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .map_err(Error::storage("读取审计日志"))
}

/// Refuses to restore `file` into the ledger named `ledger` (the database of `conn`) when it is
/// another ledger's backup: its name is another ledger's backup name, or — a legacy name or a
/// file of any other name, which cannot tell — its audit log begins otherwise than the ledger's.
/// A side without any audit record (a new, empty ledger) cannot tell either and passes.
pub fn check_owner(conn: &Connection, ledger: &str, file: &Path) -> Result<()> {
    let other = |reason: String| Error::OtherLedger { path: file.display().to_string(), reason };
    match file.file_name().and_then(|n| n.to_str()).and_then(parse_name) {
        Some(n) if n.ledger == ledger => return Ok(()),
        Some(n) if n.ledger != LEGACY_LEDGER => {
            return Err(other(format!("文件名表明它是台账“{}”的备份，本台账是“{ledger}”", n.ledger)))
        }
        _ => {}
    }
    let from = SqliteFile::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(Error::storage(format!("打开 {}", file.display())))?;
    match (first_record(&Connection::from(from))?, first_record(conn)?) {
        (Some(theirs), Some(ours)) if theirs != ours => {
            Err(other(format!("它的审计日志始于“{}”，本台账的始于“{}”", theirs.0, ours.0)))
        }
        _ => Ok(()),
    }
}

/// Replaces the whole database of `conn` by `file` (validated first) in one backup step, then
/// brings it to this build's schema. Other connections keep working and see the restored ledger
/// at their next transaction.
pub fn restore_into(conn: &mut Connection, file: &Path) -> Result<Checked> {
    let checked = validate(file)?;
    let from = SqliteFile::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(Error::storage(format!("打开 {}", file.display())))?;
    let engine = conn.engine();
    let to = conn.sqlite_mut().ok_or(Error::FileOnly { what: "恢复备份", engine: engine.code() })?;
    copy(&from, to, "恢复数据库")?;
    drop(from);
    migrations::migrate(conn)?;
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn names_round_trip() {
        let t = at("2026-11-25 08:30:05");
        let n = file_name("一号楼", t, Reason::PreRestore);
        assert_eq!(n, "一号楼-20261125-083005-prerestore.db");
        let name =
            |ledger: &str, reason: &str, n: u32| Some(Name { ledger: ledger.into(), at: t, reason: reason.into(), n });
        assert_eq!(parse_name(&n), name("一号楼", "prerestore", 1));
        // A ledger's name may hold dashes and digits: the name is read from the end.
        let dashed = file_name("楼-2-20250101", t, Reason::Daily);
        assert_eq!(parse_name(&dashed), name("楼-2-20250101", "daily", 1));
        assert_eq!(parse_name("一号楼-20261125-083005-daily-2.db"), name("一号楼", "daily", 2));
        // An older build's name: the default ledger's.
        assert_eq!(parse_name("rackledger-20261125-083005-daily-2.db"), name(LEGACY_LEDGER, "daily", 2));
        for other in [
            "notes.txt",
            "rackledger-2026112-083005-daily.db",
            "rackledger-+2026112-083005-daily.db",
            "20261125-083005-daily.db",
            "-20261125-083005-daily.db",
            "一号楼-20261125-083005.db",
            "一号楼-20261125-083005-Daily.db",
            "一号楼-20261325-083005-daily.db",
            "一号楼.db",
            "x-楼楼楼楼楼-daily.db",
            "x-楼楼楼楼楼楼-daily.db",
            "x-2楼楼楼楼楼-daily.db",
            "x-20261125-08300楼-daily.db",
            "-daily.db",
            "-.db",
            ".db",
            "",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
    }

    #[test]
    fn the_ledger_name_is_the_file_stem_made_safe() {
        assert_eq!(ledger_name(Path::new("/data/机房/一号楼.db")), "一号楼");
        assert_eq!(ledger_name(Path::new("二号楼 (旧).sqlite")), "二号楼 (旧)");
        assert_eq!(ledger_name(Path::new("/x/a:b*c?d\"e<f>g|h\u{7}.db")), "a_b_c_d_e_f_g_h_");
        assert_eq!(ledger_name(Path::new("/x/ 楼. .db")), "楼");
        assert_eq!(ledger_name(Path::new("/x/rackledger.db")), LEGACY_LEDGER);
        assert_eq!(ledger_name(Path::new("")), LEGACY_LEDGER);
        assert_eq!(ledger_name(Path::new("/x/....db")), LEGACY_LEDGER);
        let long = ledger_name(Path::new(&format!("/x/{}.db", "楼".repeat(300))));
        assert_eq!(long, "楼".repeat(50));
        assert!(file_name(&long, at("2026-11-25 08:30:05"), Reason::PreRestore).len() + ".part".len() < 255);
        // Whatever the stem, the backup's name reads back to it.
        for stem in ["a-20261125-083005-daily", "楼-1", "x.y", "rackledger"] {
            let db = PathBuf::from(format!("/x/{stem}.db"));
            let n = file_name(&ledger_name(&db), at("2026-11-25 08:30:05"), Reason::Manual);
            assert_eq!(parse_name(&n).map(|n| n.ledger), Some(stem.to_string()), "{n}");
        }
    }

    fn tiny() -> Connection {
        let conn = Connection::from(SqliteFile::open_in_memory().unwrap());
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        conn
    }

    #[test]
    fn prune_keeps_recent_days_and_the_newest_of_each_recent_month() {
        let dir = tempfile::tempdir().unwrap();
        let conn = tiny();
        // 70 days, two backups a day, from 2026-09-01.
        let start = at("2026-09-01 08:00:00");
        for d in 0..70 {
            for h in [0, 5] {
                let t = start + chrono::Duration::days(d) + chrono::Duration::hours(h);
                write(&conn, &dir.path().join(file_name("一号楼", t, Reason::Daily))).unwrap();
            }
        }
        std::fs::write(dir.path().join("keep-me.txt"), "not a backup").unwrap();
        prune(dir.path(), "一号楼", 30, 12).unwrap();
        let left = list(dir.path(), "一号楼").unwrap();
        // Up to 2026-11-09: both backups of the 30 newest days (10-11 … 11-09); of the months,
        // November and October are already among them, so September adds its newest (09-30 13:00).
        let days: Vec<&str> = left.iter().map(|f| &f.at[..10]).collect();
        assert_eq!(left.len(), 61, "{days:?}");
        assert_eq!(days.iter().filter(|d| **d < "2026-10-11").collect::<Vec<_>>(), [&"2026-09-30"]);
        assert!(left.iter().any(|f| f.at == "2026-09-30 13:00:00"));
        assert!(days.contains(&"2026-09-30") && days.contains(&"2026-10-31"), "{days:?}");
        assert!(dir.path().join("keep-me.txt").exists());
    }

    #[test]
    fn list_and_prune_consider_only_this_ledgers_backups() {
        let dir = tempfile::tempdir().unwrap();
        let conn = tiny();
        let start = at("2026-09-01 08:00:00");
        for d in 0..70 {
            let t = start + chrono::Duration::days(d);
            for ledger in ["一号楼", "二号楼", "一号楼-2"] {
                write(&conn, &dir.path().join(file_name(ledger, t, Reason::Daily))).unwrap();
            }
        }
        // An older build's backups, of whichever ledger.
        for d in 0..5 {
            let t = start - chrono::Duration::days(100 + d);
            write(&conn, &dir.path().join(file_name(LEGACY_LEDGER, t, Reason::Daily))).unwrap();
        }
        let count = |prefix: &str| {
            std::fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| {
                    let name = e.as_ref().unwrap().file_name().to_string_lossy().into_owned();
                    parse_name(&name).is_some_and(|n| n.ledger == prefix)
                })
                .count()
        };

        let one = list(dir.path(), "一号楼").unwrap();
        assert_eq!(one.len(), 75);
        assert!(one[..70].iter().all(|f| !f.legacy && f.name.starts_with("一号楼-2026")), "{:?}", one[0]);
        assert!(one[70..].iter().all(|f| f.legacy && f.name.starts_with("rackledger-")));
        assert_eq!(one[0].at, "2026-11-09 08:00:00", "newest first");
        // For the default ledger, the older build's names are its own.
        let default = list(dir.path(), LEGACY_LEDGER).unwrap();
        assert_eq!(default.len(), 5);
        assert!(default.iter().all(|f| !f.legacy));

        let deleted = prune(dir.path(), "一号楼", 10, 1).unwrap();
        assert_eq!(deleted.len(), 60);
        assert!(deleted.iter().all(|p| p.file_name().unwrap().to_string_lossy().starts_with("一号楼-2026")));
        assert_eq!((count("一号楼"), count("二号楼"), count("一号楼-2"), count(LEGACY_LEDGER)), (10, 70, 70, 5));
        // The default ledger prunes what is named as its own.
        prune(dir.path(), LEGACY_LEDGER, 2, 1).unwrap();
        assert_eq!((count("一号楼"), count("二号楼"), count(LEGACY_LEDGER)), (10, 70, 2));
    }

    #[test]
    fn take_names_the_backup_after_the_ledger_and_counts_a_second_in_the_same_second() {
        let dir = tempfile::tempdir().unwrap();
        let conn = tiny();
        let policy =
            Policy { dir: dir.path().join("备份"), ledger: "二号楼".into(), keep_daily: 3, keep_monthly: 1 };
        let t = at("2026-11-25 08:30:00");
        let a = take(&conn, &policy, t, Reason::Manual).unwrap();
        let b = take(&conn, &policy, t, Reason::Manual).unwrap();
        assert_eq!(a.name, "二号楼-20261125-083000-manual.db");
        assert_eq!(b.name, "二号楼-20261125-083000-manual-2.db");
        let names: Vec<String> = list(&policy.dir, "二号楼").unwrap().into_iter().map(|f| f.name).collect();
        assert_eq!(names, [b.name, a.name], "newest first, the counter too");
        assert!(list(&policy.dir, "一号楼").unwrap().is_empty());
    }

    #[test]
    fn check_owner_refuses_another_ledgers_backup_by_name_or_by_history() {
        let dir = tempfile::tempdir().unwrap();
        let t = at("2026-11-25 08:30:00");
        let ledger = |file: &str, operator: &str| {
            let c = db::open(&dir.path().join(file)).unwrap();
            let r = db::audit::Record {
                action: "asset.create",
                entity: "asset",
                key: "ZC-1",
                before: None,
                after: Some("{}".into()),
                reason: None,
            };
            db::audit::insert(&c, t, operator, &r).unwrap();
            c
        };
        let (one, two) = (ledger("一号楼.db", "甲"), ledger("二号楼.db", "乙"));
        let fresh = db::open(&dir.path().join("新楼.db")).unwrap();
        let policy =
            Policy { dir: dir.path().join("备份"), ledger: "二号楼".into(), keep_daily: 30, keep_monthly: 12 };
        let of_two = PathBuf::from(take(&two, &policy, t, Reason::Manual).unwrap().path);

        check_owner(&two, "二号楼", &of_two).unwrap();
        let e = check_owner(&one, "一号楼", &of_two).unwrap_err();
        assert_eq!(e.code(), "other_ledger");
        assert!(e.to_string().contains("“二号楼”") && e.to_string().contains("未被改动"), "{e}");
        // A name that cannot tell (an older build's, or any other): the audit logs' beginnings do.
        for name in [file_name(LEGACY_LEDGER, t, Reason::Daily), "saved.db".into()] {
            let file = dir.path().join(name);
            write(&two, &file).unwrap();
            check_owner(&two, "二号楼", &file).unwrap();
            let e = check_owner(&one, "一号楼", &file).unwrap_err();
            assert!(e.to_string().contains("审计日志始于“2026-11-25 08:30:00 乙"), "{e}");
            // A new, empty ledger has no history to compare: a restore into it is a recovery.
            check_owner(&fresh, "新楼", &file).unwrap();
        }
    }

    #[test]
    fn validate_refuses_what_is_not_a_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("a.db");
        std::fs::write(&text, "hello".repeat(1000)).unwrap();
        assert_eq!(validate(&text).unwrap_err().code(), "bad_backup");
        let other = dir.path().join("other.db");
        SqliteFile::open(&other).unwrap().execute_batch("CREATE TABLE t(x); PRAGMA user_version = 1;").unwrap();
        let e = validate(&other).unwrap_err();
        assert!(e.to_string().contains("不是 RackLedger"), "{e}");
        let newer = dir.path().join("newer.db");
        {
            let c = db::open(&newer).unwrap();
            c.execute_batch(&format!("PRAGMA user_version = {}", migrations::latest() + 1)).unwrap();
        }
        assert!(validate(&newer).unwrap_err().to_string().contains("高于"));
        assert_eq!(validate(&dir.path().join("missing.db")).unwrap_err().code(), "bad_backup");
    }
}
