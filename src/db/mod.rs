//! SQLite storage: one file, opened with the same pragmas everywhere (foreign keys, WAL, a busy
//! timeout), migrated on open. One module per table, plain SQL, a fixed set of verbs.

pub mod assets;
pub mod audit;
pub mod bulk;
pub mod cabinets;
pub mod cables;
pub mod copy;
pub mod env;
pub mod faults;
pub mod history;
pub mod inspections;
pub mod migrations;
pub mod numbering;
pub mod operations;
pub mod patrols;
pub mod pg_migrations;
pub mod port_templates;
pub mod ports;
pub mod positions;
pub mod power;
pub mod readings;
pub mod repair_parts;
pub mod repairs;
pub mod request_steps;
pub mod requests;
pub mod rooms;
pub mod row_heads;
pub mod settings;
pub mod sql;
pub mod stamp;
pub mod uids;
pub mod window;

pub use crate::sql_params as params;
pub use sql::{
    params_from_iter, Connection, Engine, OptionalExtension, Params, Row, SqlError, SqlResult, ToSql, Transaction,
    TransactionBehavior,
};

pub use stamp::{day, stamp};

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// How long a writer waits for another (the app and the command line share the file).
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// [`BUSY_TIMEOUT`], or `RACKLEDGER_BUSY_TIMEOUT_MS` when set (tests wait less than 10 s).
pub fn busy_timeout() -> Duration {
    std::env::var("RACKLEDGER_BUSY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map_or(BUSY_TIMEOUT, Duration::from_millis)
}

/// The database the app and the command line use when none is named: `RACKLEDGER_DB` if set,
/// else `rackledger.db` in the user's data directory.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("RACKLEDGER_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("rackledger")
        .join("rackledger.db")
}

/// Opens (creating if needed) and migrates the database at `path`: a SQLite file, or a
/// PostgreSQL database when `path` is a `postgres://` address.
pub fn open(path: &Path) -> Result<Connection> {
    if sql::connect::is_url(path) {
        return open_team(&path.to_string_lossy());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.display().to_string(), source })?;
    }
    let raw = rusqlite::Connection::open(path).map_err(Error::storage(format!("打开 {}", path.display())))?;
    // Refuse a file from a newer build before anything writes to it: switching the journal to
    // WAL rewrites the file header, and the refusal promises the file is left unchanged.
    raw.busy_timeout(busy_timeout()).map_err(Error::storage("设置等待时间"))?;
    let mut conn = Connection::from(raw);
    let found = migrations::current(&conn)?;
    if found > migrations::latest() {
        return Err(Error::SchemaTooNew { found, supported: migrations::latest() });
    }
    configure(&conn, true)?;
    // A ledger from before ids gets its id now, so that the backup before the migration already
    // carries the id the migrated ledger will have.
    let mut id = None;
    if found > 0 && found < migrations::latest() {
        let known = stored_ledger_id(&conn)?.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        backup_before_migration(&conn, path, found, &known)?;
        id = Some(known);
    }
    migrations::migrate(&mut conn)?;
    ledger_id_or(&conn, id)?;
    Ok(conn)
}

/// Opens and migrates a team ledger. A database that holds tables of something else is refused
/// untouched, as is one from a newer build.
fn open_team(url: &str) -> Result<Connection> {
    let target = sql::connect::redact(url);
    let mut conn = Connection::from(sql::connect::connect(url)?);
    let found = migrations::current(&conn)?;
    if found > migrations::latest() {
        return Err(Error::SchemaTooNew { found, supported: migrations::latest() });
    }
    if found == 0 {
        let foreign: Vec<String> = conn
            .prepare(
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() ORDER BY table_name LIMIT 5",
            )
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(Error::storage("读取数据库中的表"))?;
        if !foreign.is_empty() {
            return Err(Error::NotALedger {
                target, reason: format!("其中已有别的表（{}）", foreign.join("、"))
            });
        }
    }
    let applied = migrations::migrate(&mut conn)?;
    if !applied.is_empty() {
        renew_grants(&mut conn)?;
    }
    ledger_id(&conn)?;
    Ok(conn)
}

/// After a migration changed a team ledger whose roles exist (`team init` ran on it: the roles
/// are the cluster's, its guard function this database's), its grants and
/// guards are issued again from this build's tables, so a new table is written by the roles
/// that write it and by no other (the login that migrated owns the schema, so it may grant).
fn renew_grants(conn: &mut Connection) -> Result<()> {
    let roles: bool = conn
        .query_row(
            "SELECT to_regrole('rackledger_admin') IS NOT NULL AND to_regproc('rackledger_may') IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .map_err(Error::storage("读取数据库角色"))?;
    if !roles {
        return Ok(());
    }
    let tx = conn.transaction().map_err(Error::storage("开始事务"))?;
    tx.execute_batch(&crate::ledger::database_rules_sql()).map_err(Error::storage("升级后重新授予角色权限"))?;
    tx.commit().map_err(Error::storage("提交事务"))
}

/// The ledger's UUID, written the first time a ledger is opened by a build that has them. It
/// travels with the ledger through `copy`, `backup` and `restore`.
pub fn ledger_id(conn: &Connection) -> Result<String> {
    ledger_id_or(conn, None)
}

/// [`ledger_id`], writing `proposed` (else a new UUID) when the ledger has none yet (a restore
/// of a file from before ids keeps the ledger's id this way).
pub fn ledger_id_or(conn: &Connection, proposed: Option<String>) -> Result<String> {
    let read = |conn: &Connection| -> Result<Option<String>> {
        conn.query_row("SELECT value FROM ledger_meta WHERE key = 'ledger_id'", [], |r| r.get(0))
            .optional()
            .map_err(Error::storage("读取台账编号"))
    };
    if let Some(id) = read(conn)? {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO ledger_meta (key, value) VALUES ('ledger_id', ?1) ON CONFLICT (key) DO NOTHING",
        [proposed.unwrap_or_else(|| uuid::Uuid::new_v4().to_string())],
    )
    .map_err(Error::storage("写入台账编号"))?;
    read(conn)?.ok_or_else(|| Error::Storage { context: "读取台账编号".into(), source: SqlError::NoRows })
}

/// The ledger id the database stores, without writing one: None for a ledger from before ids
/// (no `ledger_meta` yet, or no id in it), such as an older backup file.
pub fn stored_ledger_id(conn: &Connection) -> Result<Option<String>> {
    let has_table = match conn.engine() {
        Engine::Sqlite => "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_meta')",
        Engine::Postgres => "SELECT to_regclass('ledger_meta') IS NOT NULL",
    };
    let has: bool = conn.query_row(has_table, [], |r| r.get(0)).map_err(Error::storage("读取台账编号"))?;
    if !has {
        return Ok(None);
    }
    conn.query_row("SELECT value FROM ledger_meta WHERE key = 'ledger_id'", [], |r| r.get(0))
        .optional()
        .map_err(Error::storage("读取台账编号"))
}

/// A copy of the ledger as it was, before a migration changes its schema: into the configured
/// backup folder, or the default one beside the file when that is unreachable. No copy, no
/// migration.
fn backup_before_migration(conn: &Connection, path: &Path, found: i64, ledger_id: &str) -> Result<()> {
    use crate::backup;
    let now = chrono::Local::now().naive_local();
    let fallback = backup::Policy {
        dir: backup::default_dir(path),
        ledger: backup::ledger_name(path),
        ledger_id: ledger_id.to_string(),
        keep_daily: backup::DEFAULT_KEEP_DAILY,
        keep_monthly: backup::DEFAULT_KEEP_MONTHLY,
    };
    // Schema 1 had no settings table yet: the defaults.
    let configured = backup::policy_of(conn, path, ledger_id.to_string()).unwrap_or_else(|_| fallback.clone());
    backup::take(conn, &configured, now, backup::Reason::Migration)
        .or_else(|_| backup::take(conn, &fallback, now, backup::Reason::Migration))
        .map(|_| ())
        .map_err(|e| Error::MigrationBackup { version: found, source: Box::new(e) })
}

/// An in-memory database, migrated: for tests and benchmarks.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::from(rusqlite::Connection::open_in_memory().map_err(Error::storage("打开内存数据库"))?);
    configure(&conn, false)?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection, wal: bool) -> Result<()> {
    let Some(conn) = conn.sqlite() else { return Ok(()) };
    conn.busy_timeout(busy_timeout()).map_err(Error::storage("设置等待时间"))?;
    conn.pragma_update(None, "foreign_keys", true).map_err(Error::storage("启用外键"))?;
    if wal {
        // journal_mode answers with a row, so it is read rather than updated.
        let _mode: String =
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(Error::storage("启用 WAL"))?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(Error::storage("设置同步模式"))?;
    }
    Ok(())
}

/// Maps a stored enum code back to its enum, reporting a corrupt value instead of panicking.
pub(crate) fn decode<T>(value: String, parse: fn(&str) -> Option<T>, column: usize) -> SqlResult<T> {
    parse(&value).ok_or_else(|| SqlError::Conversion { column, message: format!("unknown code {value}") })
}

pub(crate) fn decode_date(value: Option<String>, column: usize) -> crate::db::SqlResult<Option<chrono::NaiveDate>> {
    value
        .map(|v| {
            chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d")
                .map_err(|e| SqlError::Conversion { column, message: e.to_string() })
        })
        .transpose()
}
