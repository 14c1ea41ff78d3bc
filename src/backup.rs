//! Backups of the ledger file with SQLite's online backup API: a consistent copy taken while
//! the app and the command line may be using the file, written to a temporary name and renamed,
//! so a backup file is either whole or absent. Files are named after the moment and the reason
//! (`rackledger-20261125-083000-daily.db`), kept in a folder that a setting may point at a
//! network share, and pruned to the newest of each of the last N days and M months.
//!
//! Restoring checks the file first (it opens, `integrity_check` is ok, it is a RackLedger
//! database, its schema is not newer than this build) and copies it into the live database in
//! one backup step — one write transaction, so other connections see the old ledger or the
//! restored one, never half of each. The caller keeps a copy of the current ledger first.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::db::{self, migrations};
use crate::error::{Error, Result};

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

const PREFIX: &str = "rackledger-";
const SUFFIX: &str = ".db";

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

/// `rackledger-20261125-083000-daily.db`.
pub fn file_name(at: NaiveDateTime, reason: Reason) -> String {
    format!("{PREFIX}{}-{}{SUFFIX}", at.format("%Y%m%d-%H%M%S"), reason.code())
}

/// When and why a backup was taken, read back from its file name; `None` for other files.
fn parse_name(name: &str) -> Option<(NaiveDateTime, String)> {
    let stem = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, reason) = stem.get(..15).zip(stem.get(15..))?;
    let at = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    // A second backup in the same second carries a counter: `-daily-2`.
    let reason = reason.strip_prefix('-')?.split('-').next()?.to_string();
    (!reason.is_empty()).then_some((at, reason))
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
        let mut to = Connection::open(&tmp).map_err(Error::storage(format!("创建备份文件 {}", tmp.display())))?;
        copy(conn, &mut to, "备份数据库")?;
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
        return Err(Error::Invalid(format!("备份文件 {} 已存在，未覆盖", dest.display())));
    }
    std::fs::rename(&tmp, dest).map_err(io(dest))
}

/// The whole `from` database into `to`, in a single backup step.
fn copy(from: &Connection, to: &mut Connection, what: &str) -> Result<()> {
    let b = Backup::new(from, to).map_err(Error::storage(what))?;
    match b.step(-1).map_err(Error::storage(what))? {
        StepResult::Done => Ok(()),
        StepResult::Busy | StepResult::Locked => {
            Err(Error::Busy { context: what.to_string(), waited_ms: db::busy_timeout().as_millis() as u64 })
        }
        StepResult::More => Err(Error::Invalid(format!("{what}：未能一次复制完整"))),
        // StepResult is non-exhaustive.
        _ => Err(Error::Invalid(format!("{what}：未知的备份结果"))),
    }
}

/// Takes a backup into the policy's folder and prunes the folder.
pub fn take(conn: &Connection, policy: &Policy, at: NaiveDateTime, reason: Reason) -> Result<BackupFile> {
    let base = file_name(at, reason);
    let mut dest = policy.dir.join(&base);
    let mut n = 2;
    while dest.exists() {
        dest = policy.dir.join(format!("{}-{n}{SUFFIX}", base.trim_end_matches(SUFFIX)));
        n += 1;
    }
    write(conn, &dest)?;
    prune(&policy.dir, policy.keep_daily, policy.keep_monthly)?;
    describe(&dest).ok_or_else(|| Error::Invalid(format!("备份文件 {} 写入后不可读", dest.display())))
}

fn describe(path: &Path) -> Option<BackupFile> {
    let name = path.file_name()?.to_str()?.to_string();
    let (at, reason) = parse_name(&name)?;
    let size = std::fs::metadata(path).ok()?.len();
    Some(BackupFile {
        name,
        path: path.display().to_string(),
        at: at.format("%Y-%m-%d %H:%M:%S").to_string(),
        reason,
        size,
    })
}

/// The backups in `dir`, newest first. A missing folder has none.
pub fn list(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir)(e)),
    };
    let mut files: Vec<BackupFile> = entries.filter_map(|e| e.ok()).filter_map(|e| describe(&e.path())).collect();
    files.sort_by(|a, b| b.name.cmp(&a.name));
    Ok(files)
}

/// Deletes the backups that are neither of one of the `keep_daily` most recent days (with a
/// backup) nor the newest of one of the `keep_monthly` most recent months. Other files are left alone.
/// Returns the files deleted.
pub fn prune(dir: &Path, keep_daily: u32, keep_monthly: u32) -> Result<Vec<PathBuf>> {
    let files = list(dir)?; // newest first
    let mut days: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut months: BTreeSet<(i32, u32)> = BTreeSet::new();
    let mut deleted = Vec::new();
    for f in &files {
        let Some((at, _)) = parse_name(&f.name) else { continue };
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
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
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

/// Replaces the whole database of `conn` by `file` (validated first) in one backup step, then
/// brings it to this build's schema. Other connections keep working and see the restored ledger
/// at their next transaction.
pub fn restore_into(conn: &mut Connection, file: &Path) -> Result<Checked> {
    let checked = validate(file)?;
    let from = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(Error::storage(format!("打开 {}", file.display())))?;
    copy(&from, conn, "恢复数据库")?;
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
        let n = file_name(at("2026-11-25 08:30:05"), Reason::PreRestore);
        assert_eq!(n, "rackledger-20261125-083005-prerestore.db");
        assert_eq!(parse_name(&n), Some((at("2026-11-25 08:30:05"), "prerestore".into())));
        assert_eq!(parse_name("rackledger-20261125-083005-daily-2.db").map(|p| p.1), Some("daily".into()));
        assert_eq!(parse_name("notes.txt"), None);
        assert_eq!(parse_name("rackledger-2026112-083005-daily.db"), None);
    }

    #[test]
    fn prune_keeps_recent_days_and_the_newest_of_each_recent_month() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        // 70 days, two backups a day, from 2026-09-01.
        let start = at("2026-09-01 08:00:00");
        for d in 0..70 {
            for h in [0, 5] {
                let t = start + chrono::Duration::days(d) + chrono::Duration::hours(h);
                write(&conn, &dir.path().join(file_name(t, Reason::Daily))).unwrap();
            }
        }
        std::fs::write(dir.path().join("keep-me.txt"), "not a backup").unwrap();
        prune(dir.path(), 30, 12).unwrap();
        let left = list(dir.path()).unwrap();
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
    fn validate_refuses_what_is_not_a_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("a.db");
        std::fs::write(&text, "hello".repeat(1000)).unwrap();
        assert_eq!(validate(&text).unwrap_err().code(), "bad_backup");
        let other = dir.path().join("other.db");
        Connection::open(&other).unwrap().execute_batch("CREATE TABLE t(x); PRAGMA user_version = 1;").unwrap();
        let e = validate(&other).unwrap_err();
        assert!(e.to_string().contains("不是 RackLedger"), "{e}");
        let newer = dir.path().join("newer.db");
        {
            let c = db::open(&newer).unwrap();
            c.pragma_update(None, "user_version", migrations::latest() + 1).unwrap();
        }
        assert!(validate(&newer).unwrap_err().to_string().contains("高于"));
        assert_eq!(validate(&dir.path().join("missing.db")).unwrap_err().code(), "bad_backup");
    }
}
