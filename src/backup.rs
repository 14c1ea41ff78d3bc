//! Backups of the ledger file with SQLite's online backup API: a consistent copy taken while
//! the app and the command line may be using the file, written to a temporary name and renamed,
//! so a backup file is either whole or absent. Files are named after the ledger, its id, the
//! moment and the reason (`一号楼-1a2b3c4d-20261125-083000-daily.db` for `一号楼.db` whose ledger
//! id begins `1a2b3c4d`), kept in a folder that a setting may point at a network share, and
//! pruned to the newest of each of the last N days and M months.
//!
//! Several ledgers may share one folder (一号楼.db and 二号楼.db side by side share the default
//! `备份`; a setting may point several at one share, where two may even have the same file name).
//! The ledger's id (issue 15: a UUID in `ledger_meta`, kept by `copy`, `backup` and `restore`;
//! its first 8 hex digits in the name, [`short_id`]) tells them apart: the list, the daily "is
//! there one of today?", the pruning and a restore by name only consider the files that carry
//! this ledger's id. The name in front — the database file's stem, with the characters a file
//! name cannot hold replaced by `_` ([`ledger_name`]) — is for people: a renamed ledger file
//! keeps its series, and a copy of the file (`cp`) is the same ledger, with the same series.
//!
//! Older builds named backups without the id: `一号楼-20261125-083000-daily.db` (after the file),
//! and before that `rackledger-…` whatever the ledger. Such files are *legacy* for the ledger
//! whose file name they carry, and for every ledger when named `rackledger-…`: which ledger they
//! copy is not certain, so they are listed (marked `legacy`; an existing user's old backups are
//! neither hidden nor lost) and may be restored, but they do not count as today's backup and are
//! never pruned (that would delete what may be another ledger's) — no new ones are written, so
//! they are few and can be deleted by hand. Other ledgers' files are neither listed nor touched.
//!
//! A restore checks whose the file is ([`check_owner`]): by the ledger id stored in it, or —
//! a file older than ledger ids — by the id in its name, or by the first record of its audit log
//! compared with the ledger's. Another ledger's backup is refused unless the user says so.
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
/// Hex digits of the ledger id in a backup's name.
pub const SHORT_ID_LEN: usize = 8;
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
    /// The ledger's id ([`crate::db::ledger_id`]); its first 8 hex digits name its backups.
    pub ledger_id: String,
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
    /// Named by an older build, without the ledger's id (`一号楼-…` or `rackledger-…`): it may be
    /// another ledger's. Listed and restorable (the restore checks whose it is), never pruned.
    pub legacy: bool,
}

/// The default folder: `备份` beside the database file.
pub fn default_dir(db_path: &Path) -> PathBuf {
    db_path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).join(DEFAULT_DIR)
}

/// The policy stored in the database's settings, with the defaults for what is not set.
pub fn policy(conn: &Connection, db_path: &Path) -> Result<Policy> {
    policy_of(conn, db_path, db::ledger_id(conn)?)
}

/// [`policy`] of the ledger whose id is `ledger_id` (before a migration, when the file may not
/// store its id yet).
pub fn policy_of(conn: &Connection, db_path: &Path, ledger_id: String) -> Result<Policy> {
    let dir = db::settings::get(conn, DIR_KEY)?
        .filter(|d| !d.trim().is_empty())
        .map_or_else(|| default_dir(db_path), |d| PathBuf::from(d.trim()));
    let number = |key: &str, default: u32| -> Result<u32> {
        Ok(db::settings::get(conn, key)?.and_then(|v| v.trim().parse().ok()).unwrap_or(default))
    };
    Ok(Policy {
        dir,
        ledger: ledger_name(db_path),
        ledger_id,
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

/// The first 8 hex digits of a ledger id, as its backups' names carry them (lower case, without
/// dashes; what is not hex is left out).
pub fn short_id(ledger_id: &str) -> String {
    ledger_id.chars().filter(char::is_ascii_hexdigit).map(|c| c.to_ascii_lowercase()).take(SHORT_ID_LEN).collect()
}

/// `一号楼-1a2b3c4d-20261125-083000-daily.db`: the ledger's name (from [`ledger_name`]), its id
/// ([`short_id`]), the moment, the reason.
pub fn file_name(ledger: &str, ledger_id: &str, at: NaiveDateTime, reason: Reason) -> String {
    format!("{ledger}-{}-{}-{}{SUFFIX}", short_id(ledger_id), at.format("%Y%m%d-%H%M%S"), reason.code())
}

/// An older build's name, without the ledger's id (for tests of what older builds left).
pub fn legacy_file_name(ledger: &str, at: NaiveDateTime, reason: Reason) -> String {
    format!("{ledger}-{}-{}{SUFFIX}", at.format("%Y%m%d-%H%M%S"), reason.code())
}

/// What a backup's file name says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The ledger's name ([`LEGACY_LEDGER`] for the oldest builds' backups).
    pub ledger: String,
    /// Whose: the first 8 hex digits of the ledger's id; None in an older build's name.
    pub id: Option<String>,
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
    // `NAME-1a2b3c4d`: the ledger's id, when the name in front is not empty.
    let id = ledger.len().checked_sub(SHORT_ID_LEN + 1).and_then(|cut| {
        let (name, id) = (ledger.get(..cut)?, ledger.get(cut + 1..)?);
        let hex = id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        (hex && !name.is_empty() && ledger.as_bytes()[cut] == b'-').then_some((name, id))
    });
    let (ledger, id) = match id {
        Some((name, id)) => (name, Some(id.to_string())),
        None => (ledger, None),
    };
    Some(Name { ledger: ledger.to_string(), id, at, reason: reason.to_string(), n })
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
    let base = file_name(&policy.ledger, &policy.ledger_id, at, reason);
    let mut dest = policy.dir.join(&base);
    let mut n = 2;
    while dest.exists() {
        dest = policy.dir.join(format!("{}-{n}{SUFFIX}", base.trim_end_matches(SUFFIX)));
        n += 1;
    }
    write(conn, &dest)?;
    prune(&policy.dir, &policy.ledger, &policy.ledger_id, policy.keep_daily, policy.keep_monthly)?;
    describe(&dest, &policy.ledger, &short_id(&policy.ledger_id))
        .map(|(f, _)| f)
        .ok_or_else(|| Error::Backup { what: dest.display().to_string(), problem: BackupProblem::Unreadable })
}

/// The file at `path` if it is a backup of the ledger named `ledger` whose id begins `short`,
/// or a legacy one (see the module doc).
fn describe(path: &Path, ledger: &str, short: &str) -> Option<(BackupFile, Name)> {
    let name = path.file_name()?.to_str()?.to_string();
    let parsed = parse_name(&name)?;
    let legacy = match (&parsed.id, parsed.ledger.as_str()) {
        (Some(id), _) if id == short => false,
        (Some(_), _) => return None,
        (None, l) if l == ledger || l == LEGACY_LEDGER => true,
        (None, _) => return None,
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

/// The backups in `dir` of the ledger named `ledger` with the id `ledger_id` (those carrying its
/// id, and the legacy ones), newest first. Other ledgers' backups and other files are not
/// listed. A missing folder has none.
pub fn list(dir: &Path, ledger: &str, ledger_id: &str) -> Result<Vec<BackupFile>> {
    let short = short_id(ledger_id);
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir)(e)),
    };
    let mut files: Vec<(BackupFile, Name)> =
        entries.filter_map(|e| e.ok()).filter_map(|e| describe(&e.path(), ledger, &short)).collect();
    files.sort_by(|(a, na), (b, nb)| (nb.at, nb.n, &b.name).cmp(&(na.at, na.n, &a.name)));
    Ok(files.into_iter().map(|(f, _)| f).collect())
}

/// Deletes the backups of the ledger (those carrying its id) that are neither of one of the
/// `keep_daily` most recent days (with a backup) nor the newest of one of the `keep_monthly`
/// most recent months. Other ledgers' backups, legacy ones and other files are left alone.
/// Returns the files deleted.
pub fn prune(dir: &Path, ledger: &str, ledger_id: &str, keep_daily: u32, keep_monthly: u32) -> Result<Vec<PathBuf>> {
    let files = list(dir, ledger, ledger_id)?; // newest first
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
/// another ledger's backup. Whose it is, in the order of certainty:
/// - the ledger id stored in it (every file written by a build with ledger ids);
/// - for an older file, the id in its name (a backup taken just before a migration that gives
///   the ledger its id), or the ledger's name in an older build's name;
/// - for a file whose name cannot tell (`rackledger-…`, or any other name), the first record of
///   its audit log compared with the ledger's: different beginnings are different ledgers.
///
/// A new, empty ledger (nothing ever written) has nothing to lose and nothing to compare: a
/// restore into it is a recovery, and passes.
pub fn check_owner(conn: &Connection, ledger: &str, file: &Path) -> Result<()> {
    let other = |reason: String| Error::OtherLedger { path: file.display().to_string(), reason };
    if db::copy::is_empty(conn)? {
        return Ok(());
    }
    let ours = db::ledger_id(conn)?;
    let from = Connection::from(
        SqliteFile::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(Error::storage(format!("打开 {}", file.display())))?,
    );
    if let Some(theirs) = db::stored_ledger_id(&from)? {
        return if theirs == ours {
            Ok(())
        } else {
            Err(other(format!(
                "它是另一本台账（编号 {}）的备份，本台账的编号是 {}",
                short_id(&theirs),
                short_id(&ours)
            )))
        };
    }
    match file.file_name().and_then(|n| n.to_str()).and_then(parse_name) {
        Some(Name { id: Some(id), .. }) if id == short_id(&ours) => return Ok(()),
        Some(Name { id: Some(id), .. }) => {
            return Err(other(format!(
                "文件名表明它是另一本台账（编号 {id}）的备份，本台账的编号是 {}",
                short_id(&ours)
            )))
        }
        Some(n) if n.ledger == ledger => return Ok(()),
        Some(n) if n.ledger != LEGACY_LEDGER => {
            return Err(other(format!("文件名表明它是台账“{}”的备份，本台账是“{ledger}”", n.ledger)))
        }
        _ => {}
    }
    match (first_record(&from)?, first_record(conn)?) {
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
        let id = "1A2B3C4D-0000-4000-8000-000000000000";
        let n = file_name("一号楼", id, t, Reason::PreRestore);
        assert_eq!(n, "一号楼-1a2b3c4d-20261125-083005-prerestore.db");
        let name = |ledger: &str, id: Option<&str>, reason: &str, n: u32| {
            Some(Name { ledger: ledger.into(), id: id.map(str::to_string), at: t, reason: reason.into(), n })
        };
        assert_eq!(parse_name(&n), name("一号楼", Some("1a2b3c4d"), "prerestore", 1));
        // A ledger's name may hold dashes and digits: the name is read from the end.
        let dashed = file_name("楼-2-20250101", id, t, Reason::Daily);
        assert_eq!(parse_name(&dashed), name("楼-2-20250101", Some("1a2b3c4d"), "daily", 1));
        assert_eq!(
            parse_name("一号楼-0badcafe-20261125-083005-daily-2.db"),
            name("一号楼", Some("0badcafe"), "daily", 2)
        );
        // Older builds' names: after the file, without the id; the oldest's, `rackledger-…`.
        assert_eq!(parse_name("一号楼-20261125-083005-daily-2.db"), name("一号楼", None, "daily", 2));
        assert_eq!(legacy_file_name("一号楼", t, Reason::Daily), "一号楼-20261125-083005-daily.db");
        assert_eq!(parse_name("rackledger-20261125-083005-daily-2.db"), name(LEGACY_LEDGER, None, "daily", 2));
        // Eight hex digits with nothing in front, or not all lower-case hex, are a name.
        assert_eq!(parse_name("0badcafe-20261125-083005-daily.db"), name("0badcafe", None, "daily", 1));
        assert_eq!(parse_name("楼-0BADCAFE-20261125-083005-daily.db"), name("楼-0BADCAFE", None, "daily", 1));
        assert_eq!(parse_name("楼-0badcafg-20261125-083005-daily.db"), name("楼-0badcafg", None, "daily", 1));
        assert_eq!(parse_name("楼0badcafe-20261125-083005-daily.db"), name("楼0badcafe", None, "daily", 1));
        assert_eq!(short_id("1A2B3C4D-0000"), "1a2b3c4d");
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
        let id = uuid::Uuid::new_v4().to_string();
        let longest = file_name(&long, &id, at("2026-11-25 08:30:05"), Reason::PreRestore);
        assert!(format!("{longest}-99").len() + ".part".len() < 255);
        // Whatever the stem, the backup's name reads back to it and to the id.
        for stem in ["a-20261125-083005-daily", "楼-1", "x.y", "rackledger", "楼-0badcafe"] {
            let db = PathBuf::from(format!("/x/{stem}.db"));
            let n = file_name(&ledger_name(&db), &id, at("2026-11-25 08:30:05"), Reason::Manual);
            let parsed = parse_name(&n).unwrap();
            assert_eq!((parsed.ledger.as_str(), parsed.id), (stem, Some(short_id(&id))), "{n}");
        }
    }

    fn tiny() -> Connection {
        let conn = Connection::from(SqliteFile::open_in_memory().unwrap());
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);").unwrap();
        conn
    }

    const ONE: &str = "1a2b3c4d-1111-4111-8111-111111111111";
    const TWO: &str = "2b3c4d5e-2222-4222-8222-222222222222";

    #[test]
    fn prune_keeps_recent_days_and_the_newest_of_each_recent_month() {
        let dir = tempfile::tempdir().unwrap();
        let conn = tiny();
        // 70 days, two backups a day, from 2026-09-01.
        let start = at("2026-09-01 08:00:00");
        for d in 0..70 {
            for h in [0, 5] {
                let t = start + chrono::Duration::days(d) + chrono::Duration::hours(h);
                write(&conn, &dir.path().join(file_name("一号楼", ONE, t, Reason::Daily))).unwrap();
            }
        }
        std::fs::write(dir.path().join("keep-me.txt"), "not a backup").unwrap();
        prune(dir.path(), "一号楼", ONE, 30, 12).unwrap();
        let left = list(dir.path(), "一号楼", ONE).unwrap();
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
        // Two ledgers whose files have the same name (each beside its own share), a third of
        // another name, and this ledger under its old file name (renamed since): one id, one series.
        const THREE: &str = "3c4d5e6f-3333-4333-8333-333333333333";
        for d in 0..70 {
            let t = start + chrono::Duration::days(d);
            for (ledger, id) in [("一号楼", ONE), ("一号楼", TWO), ("二号楼", THREE)] {
                write(&conn, &dir.path().join(file_name(ledger, id, t, Reason::Daily))).unwrap();
            }
        }
        let renamed = start + chrono::Duration::days(80);
        write(&conn, &dir.path().join(file_name("旧名", ONE, renamed, Reason::Manual))).unwrap();
        // Older builds' backups: named after this ledger's file, after another's, and the oldest
        // `rackledger-…` ones, of whichever ledger.
        for d in 0..5 {
            let t = start - chrono::Duration::days(100 + d);
            for ledger in [LEGACY_LEDGER, "一号楼", "二号楼"] {
                write(&conn, &dir.path().join(legacy_file_name(ledger, t, Reason::Daily))).unwrap();
            }
        }
        let count = |ledger: &str, id: Option<&str>| {
            std::fs::read_dir(dir.path())
                .unwrap()
                .filter(|e| {
                    let name = e.as_ref().unwrap().file_name().to_string_lossy().into_owned();
                    parse_name(&name).is_some_and(|n| n.ledger == ledger && n.id.as_deref() == id.map(|i| &i[..8]))
                })
                .count()
        };

        let one = list(dir.path(), "一号楼", ONE).unwrap();
        assert_eq!(one.len(), 81, "{:?}", one.iter().map(|f| &f.name).collect::<Vec<_>>());
        assert_eq!(one[0].name, file_name("旧名", ONE, renamed, Reason::Manual), "newest first, its old name too");
        assert!(one[..71].iter().all(|f| !f.legacy && f.name.contains("-1a2b3c4d-2026")), "{:?}", one[1]);
        assert_eq!(one[1].at, "2026-11-09 08:00:00");
        let legacy: Vec<&str> = one[71..].iter().filter(|f| f.legacy).map(|f| f.name.as_str()).collect();
        assert_eq!(legacy.len(), 10, "this file's old names and the oldest ones: {legacy:?}");
        assert!(legacy.iter().all(|n| n.starts_with("一号楼-2026") || n.starts_with("rackledger-2026")));
        // The other ledger of the same file name sees its own, and the same legacy files.
        let two = list(dir.path(), "一号楼", TWO).unwrap();
        assert_eq!((two.len(), two.iter().filter(|f| f.legacy).count()), (80, 10));

        let deleted = prune(dir.path(), "一号楼", ONE, 10, 1).unwrap();
        assert_eq!(deleted.len(), 61);
        assert!(deleted.iter().all(|p| p.file_name().unwrap().to_string_lossy().starts_with("一号楼-1a2b3c4d-2026")));
        assert_eq!((count("一号楼", Some(ONE)), count("旧名", Some(ONE))), (9, 1));
        assert_eq!((count("一号楼", Some(TWO)), count("二号楼", Some(THREE))), (70, 70));
        assert_eq!((count("一号楼", None), count("二号楼", None), count(LEGACY_LEDGER, None)), (5, 5, 5));
        // The other ledger prunes its own, and never the old names.
        prune(dir.path(), "一号楼", TWO, 2, 1).unwrap();
        assert_eq!((count("一号楼", Some(ONE)), count("一号楼", Some(TWO)), count("二号楼", Some(THREE))), (9, 2, 70));
        assert_eq!((count("一号楼", None), count(LEGACY_LEDGER, None)), (5, 5));
    }

    #[test]
    fn take_names_the_backup_after_the_ledger_and_its_id_and_counts_a_second_in_the_same_second() {
        let dir = tempfile::tempdir().unwrap();
        let conn = tiny();
        let policy = Policy {
            dir: dir.path().join("备份"),
            ledger: "二号楼".into(),
            ledger_id: TWO.into(),
            keep_daily: 3,
            keep_monthly: 1,
        };
        let t = at("2026-11-25 08:30:00");
        let a = take(&conn, &policy, t, Reason::Manual).unwrap();
        let b = take(&conn, &policy, t, Reason::Manual).unwrap();
        assert_eq!(a.name, "二号楼-2b3c4d5e-20261125-083000-manual.db");
        assert_eq!(b.name, "二号楼-2b3c4d5e-20261125-083000-manual-2.db");
        let names: Vec<String> = list(&policy.dir, "二号楼", TWO).unwrap().into_iter().map(|f| f.name).collect();
        assert_eq!(names, [b.name, a.name], "newest first, the counter too");
        assert!(list(&policy.dir, "二号楼", ONE).unwrap().is_empty());
    }

    #[test]
    fn check_owner_refuses_another_ledgers_backup_by_id_by_name_or_by_history() {
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
        let policy = policy(&two, &dir.path().join("二号楼.db")).unwrap();
        let of_two = PathBuf::from(take(&two, &policy, t, Reason::Manual).unwrap().path);

        check_owner(&two, "二号楼", &of_two).unwrap();
        let e = check_owner(&one, "一号楼", &of_two).unwrap_err();
        assert_eq!(e.code(), "other_ledger");
        let (id_one, id_two) = (db::ledger_id(&one).unwrap(), db::ledger_id(&two).unwrap());
        assert!(e.to_string().contains(&format!("另一本台账（编号 {}）", short_id(&id_two))), "{e}");
        assert!(e.to_string().contains(&short_id(&id_one)) && e.to_string().contains("未被改动"), "{e}");
        // The id stored in the file decides, whatever the name says: a file named like this
        // ledger's backup, or like no backup at all.
        for name in [file_name("一号楼", &id_one, t, Reason::Daily), "saved.db".into()] {
            let file = dir.path().join(name);
            write(&two, &file).unwrap();
            check_owner(&two, "二号楼", &file).unwrap();
            assert_eq!(check_owner(&one, "一号楼", &file).unwrap_err().code(), "other_ledger");
            // A new, empty ledger has nothing to compare: a restore into it is a recovery.
            check_owner(&fresh, "新楼", &file).unwrap();
        }
        // A file from before ledger ids: its name tells, or its audit log's beginning.
        let old = |name: &str| {
            let file = dir.path().join(name);
            write(&two, &file).unwrap();
            let c = SqliteFile::open(&file).unwrap();
            c.execute_batch("DROP TABLE ledger_meta; PRAGMA user_version = 9;").unwrap();
            file
        };
        let named_by_id = old(&file_name("二号楼", &id_two, t, Reason::Migration));
        check_owner(&two, "二号楼", &named_by_id).unwrap();
        let e = check_owner(&one, "一号楼", &named_by_id).unwrap_err();
        assert!(e.to_string().contains("文件名表明它是另一本台账"), "{e}");
        let named_old = old(&legacy_file_name("二号楼", t, Reason::Daily));
        check_owner(&two, "二号楼", &named_old).unwrap();
        assert!(check_owner(&one, "一号楼", &named_old).unwrap_err().to_string().contains("台账“二号楼”的备份"));
        for name in [legacy_file_name(LEGACY_LEDGER, t, Reason::Daily), "saved-old.db".into()] {
            let file = old(&name);
            check_owner(&two, "二号楼", &file).unwrap();
            let e = check_owner(&one, "一号楼", &file).unwrap_err();
            assert!(e.to_string().contains("审计日志始于“2026-11-25 08:30:00 乙"), "{e}");
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
