//! Numbered, append-only schema migrations, embedded in the binary and tracked in SQLite's
//! `user_version`. Each runs in its own transaction. A landed migration is never edited: a change
//! is a new file at the end of [`MIGRATIONS`].

use rusqlite::Connection;

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
];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.last().map(|(v, _)| *v).unwrap_or(0)
}

pub fn current(conn: &Connection) -> Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(Error::storage("读取结构版本"))
}

/// Brings the database to [`latest`]. Refuses, untouched, a database from a newer build.
/// Returns the versions applied.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    let found = current(conn)?;
    if found > latest() {
        return Err(Error::SchemaTooNew { found, supported: latest() });
    }
    let mut applied = Vec::new();
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > found) {
        let ctx = format!("迁移到结构版本 {version}");
        let tx = conn.transaction().map_err(Error::storage(ctx.clone()))?;
        tx.execute_batch(sql).map_err(Error::storage(ctx.clone()))?;
        tx.pragma_update(None, "user_version", version).map_err(Error::storage(ctx.clone()))?;
        tx.commit().map_err(Error::storage(ctx))?;
        applied.push(*version);
    }
    Ok(applied)
}
