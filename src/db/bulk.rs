//! Bulk writes: a large import into a table drops the table's secondary indexes inside its
//! transaction and builds them again after the inserts. Building an index from sorted rows is
//! cheaper than keeping it up to date row by row once an import at least doubles a table
//! (issue 9: at 100,000 assets index upkeep was most of the asset inserts). DDL is
//! transactional in SQLite, so a rollback restores the indexes and the import stays
//! all-or-nothing; the indexes' SQL is read back from the schema, so nothing is written twice.

use crate::db::Connection;

use crate::error::{Error, Result};

/// Indexes dropped for the inserts, to be created again by [`Deferred::rebuild`].
#[derive(Debug, Default)]
#[must_use = "the dropped indexes must be built again before the commit"]
pub struct Deferred {
    sql: Vec<String>,
}

/// Drops the secondary indexes of `table` (not the ones its own constraints make) when
/// `inserting` new rows at least doubles it (and is more than a few rows).
pub fn defer_indexes(tx: &Connection, table: &str, inserting: usize, into: &mut Deferred) -> Result<()> {
    const MIN_ROWS: usize = 2_000;
    if inserting < MIN_ROWS {
        return Ok(());
    }
    let existing: i64 = tx
        .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| r.get(0))
        .map_err(Error::storage("统计行数"))?;
    if (inserting as i64) < existing {
        return Ok(());
    }
    // The indexes created by CREATE INDEX (not those of the table's own constraints), with their
    // SQL; DDL is transactional on both engines.
    let list = match tx.engine() {
        crate::db::Engine::Sqlite => {
            "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL"
        }
        crate::db::Engine::Postgres => {
            "SELECT indexname::text, indexdef FROM pg_indexes
             WHERE schemaname = current_schema() AND tablename = ?1
               AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        }
    };
    let indexes: Vec<(String, String)> = tx
        .prepare(list)
        .and_then(|mut s| s.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(Error::storage("读取索引"))?;
    for (name, sql) in indexes {
        tx.execute_batch(&format!("DROP INDEX \"{name}\"")).map_err(Error::storage("暂时删除索引"))?;
        into.sql.push(sql);
    }
    Ok(())
}

impl Deferred {
    /// Creates the dropped indexes again (a unique index that the new rows break fails here,
    /// and the caller's transaction rolls back).
    pub fn rebuild(self, tx: &Connection) -> Result<()> {
        for sql in &self.sql {
            tx.execute_batch(sql).map_err(Error::storage("重建索引"))?;
        }
        Ok(())
    }
}
