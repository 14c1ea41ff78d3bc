//! Numbered, append-only schema migrations, embedded in the binary, one list per engine with the
//! same numbers: SQLite's tracked in `user_version`, PostgreSQL's in the `schema_version` table.
//! Each runs in its own transaction. A landed migration is never edited: a change is a new file at
//! the end of both lists.

use super::pg_migrations::PG_MIGRATIONS;
use crate::db::{Connection, Engine, TransactionBehavior};

use crate::error::{Error, Result};

/// `(version, sql)`; version N brings the schema from N-1 to N.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_ledger.sql")),
    (2, include_str!("migrations/0002_power.sql")),
    (3, include_str!("migrations/0003_repairs.sql")),
    (4, include_str!("migrations/0004_ports.sql")),
    (5, include_str!("migrations/0005_requests.sql")),
    (6, include_str!("migrations/0006_record_lists.sql")),
    (7, include_str!("migrations/0007_inspections.sql")),
    (8, include_str!("migrations/0008_environment.sql")),
    (9, include_str!("migrations/0009_approval_chain.sql")),
    (10, include_str!("migrations/0010_ledger_id.sql")),
    (11, include_str!("migrations/0011_record_uids.sql")),
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.last().map(|(v, _)| *v).unwrap_or(0)
}

/// The migrations of the engine `conn` runs on.
fn list(conn: &Connection) -> &'static [(i64, &'static str)] {
    match conn.engine() {
        Engine::Sqlite => MIGRATIONS,
        Engine::Postgres => PG_MIGRATIONS,
    }
}

pub fn current(conn: &Connection) -> Result<i64> {
    let sql = match conn.engine() {
        Engine::Sqlite => "PRAGMA user_version",
        Engine::Postgres => {
            // A database without the table is at version 0 (the table must exist before a
            // query naming it is even planned).
            let versioned: bool = conn
                .query_row("SELECT to_regclass('schema_version') IS NOT NULL", [], |r| r.get(0))
                .map_err(Error::storage("读取结构版本"))?;
            if !versioned {
                return Ok(0);
            }
            "SELECT coalesce(max(version), 0) FROM schema_version"
        }
    };
    conn.query_row(sql, [], |r| r.get(0)).map_err(Error::storage("读取结构版本"))
}

/// Brings the database to [`latest`]. Refuses, untouched, a database from a newer build.
/// Returns the versions applied.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    let found = current(conn)?;
    if found > latest() {
        return Err(Error::SchemaTooNew { found, supported: latest() });
    }
    let mut applied = Vec::new();
    for (version, sql) in list(conn).iter().filter(|(v, _)| *v > found) {
        let ctx = format!("迁移到结构版本 {version}");
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(Error::storage(ctx.clone()))?;
        // Another process may have migrated while this one waited for the writer lock.
        if current(&tx)? >= *version {
            continue;
        }
        tx.execute_batch(sql).map_err(Error::storage(ctx.clone()))?;
        let mark = match tx.engine() {
            Engine::Sqlite => format!("PRAGMA user_version = {version}"),
            Engine::Postgres => format!("UPDATE schema_version SET version = {version}"),
        };
        tx.execute_batch(&mark).map_err(Error::storage(ctx.clone()))?;
        tx.commit().map_err(Error::storage(ctx))?;
        applied.push(*version);
    }
    Ok(applied)
}
