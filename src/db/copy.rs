//! Moving a whole ledger between engines (`rackledger copy FROM TO`, and `backup` of a team
//! ledger into a file): every table, every row with its id, in one transaction on the target,
//! so the copy is the same ledger — audit, history and numbering included — or nothing.

use rusqlite::types::Value;

use super::{Connection, Engine, TransactionBehavior};
use crate::error::{Error, Result};

/// What was copied: rows per table, in the order written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Copied {
    pub tables: Vec<(String, u64)>,
    pub rows: u64,
}

/// The ledger's own tables of `conn`, parents before children (foreign keys), without the
/// engine's bookkeeping (`schema_version`).
pub fn tables(conn: &Connection) -> Result<Vec<String>> {
    let list_sql = match conn.engine() {
        Engine::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        Engine::Postgres => {
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'
             ORDER BY table_name"
        }
    };
    let names: Vec<String> = conn
        .prepare(list_sql)
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(Error::storage("列出数据表"))?;
    let parents_sql = match conn.engine() {
        Engine::Sqlite => "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)",
        Engine::Postgres => {
            "SELECT DISTINCT p.relname::text FROM pg_constraint k
             JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname = ?1"
        }
    };
    let mut parents = Vec::new();
    for t in &names {
        let p: Vec<String> = conn
            .prepare(parents_sql)
            .and_then(|mut s| s.query_map([t], |r| r.get(0))?.collect())
            .map_err(Error::storage("读取外键"))?;
        parents.push(p);
    }
    // Kahn's order; a table that refers to itself only needs its own rows in id order.
    let mut order: Vec<String> = Vec::new();
    let mut left: Vec<usize> = (0..names.len()).collect();
    while !left.is_empty() {
        let ready: Vec<usize> = left
            .iter()
            .copied()
            .filter(|&i| parents[i].iter().all(|p| p == &names[i] || order.contains(p) || !names.contains(p)))
            .collect();
        // A cycle between tables (none today): take the rest in name order and let the
        // deferred constraints judge at commit.
        let ready = if ready.is_empty() { left.clone() } else { ready };
        for &i in &ready {
            order.push(names[i].clone());
        }
        left.retain(|i| !ready.contains(i));
    }
    Ok(order)
}

/// The columns a copy writes (generated ones are computed by the target).
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let sql = match conn.engine() {
        Engine::Sqlite => "SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid",
        Engine::Postgres => {
            "SELECT column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = ?1 AND is_generated = 'NEVER'
             ORDER BY ordinal_position"
        }
    };
    conn.prepare(sql)
        .and_then(|mut s| s.query_map([table], |r| r.get(0))?.collect())
        .map_err(Error::storage(format!("读取 {table} 的列")))
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Has anyone written to this ledger? (A fresh one holds only what its migrations put there.)
pub fn is_empty(conn: &Connection) -> Result<bool> {
    let written: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM audit_log) OR EXISTS (SELECT 1 FROM assets) OR EXISTS (SELECT 1 FROM rooms)",
            [],
            |r| r.get(0),
        )
        .map_err(Error::storage("检查目标台账是否为空"))?;
    Ok(!written)
}

/// Copies every row of `from` into `to`, which must be an empty ledger at the same schema.
/// `progress` gets (table, rows copied so far).
pub fn copy(from: &Connection, to: &mut Connection, progress: &mut dyn FnMut(&str, u64)) -> Result<Copied> {
    let (v_from, v_to) = (super::migrations::current(from)?, super::migrations::current(to)?);
    if v_from != v_to {
        return Err(Error::SchemaTooNew { found: v_from.max(v_to), supported: v_from.min(v_to) });
    }
    if !is_empty(to)? {
        return Err(Error::CopyTargetNotEmpty);
    }
    let order = tables(from)?;
    let target_tables = tables(to)?;
    // One moment of the source, even while others write to it.
    let snapshot = match from.engine() {
        Engine::Sqlite => "BEGIN DEFERRED",
        Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    from.execute_batch(snapshot).map_err(Error::storage("读取源台账"))?;
    let result = copy_rows(from, to, &order, &target_tables, progress);
    // The snapshot only read: ending it cannot lose anything.
    let _ = from.execute_batch("ROLLBACK");
    result
}

fn copy_rows(
    from: &Connection,
    to: &mut Connection,
    order: &[String],
    target_tables: &[String],
    progress: &mut dyn FnMut(&str, u64),
) -> Result<Copied> {
    let tx = to.transaction_with_behavior(TransactionBehavior::Immediate).map_err(Error::storage("开始复制"))?;
    match tx.engine() {
        // Rows arrive parents first, but a table may refer to its own later rows.
        Engine::Sqlite => tx.execute_batch("PRAGMA defer_foreign_keys = ON"),
        Engine::Postgres => tx.execute_batch("SET CONSTRAINTS ALL DEFERRED"),
    }
    .map_err(Error::storage("推迟外键检查"))?;
    // What the target's migrations seeded (port templates) is replaced by the source's rows.
    for t in order.iter().rev().filter(|t| target_tables.contains(t)) {
        tx.execute(&format!("DELETE FROM {}", quote(t)), []).map_err(Error::storage(format!("清空 {t}")))?;
    }
    let mut copied = Copied { tables: Vec::new(), rows: 0 };
    for table in order {
        if !target_tables.contains(table) {
            return Err(Error::NotALedger {
                target: "复制目标".into(), reason: format!("缺少数据表 {table}")
            });
        }
        let cols = columns(from, table)?;
        let list = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
        let marks = (1..=cols.len()).map(|i| format!("?{i}")).collect::<Vec<_>>().join(", ");
        let insert = format!("INSERT INTO {} ({list}) VALUES ({marks})", quote(table));
        let select = format!("SELECT {list} FROM {} ORDER BY 1", quote(table));
        let ctx = format!("复制 {table}");
        let mut read = from.prepare(&select).map_err(Error::storage(ctx.clone()))?;
        let mut rows = read.query([]).map_err(Error::storage(ctx.clone()))?;
        let mut write = tx.prepare_cached(&insert).map_err(Error::storage(ctx.clone()))?;
        let mut n = 0u64;
        while let Some(row) = rows.next().map_err(Error::storage(ctx.clone()))? {
            let values: Vec<Value> = (0..cols.len())
                .map(|i| row.get::<_, Value>(i))
                .collect::<std::result::Result<_, _>>()
                .map_err(Error::storage(ctx.clone()))?;
            write.execute(values).map_err(Error::storage(ctx.clone()))?;
            n += 1;
            if n % 5_000 == 0 {
                progress(table, n);
            }
        }
        progress(table, n);
        copied.rows += n;
        copied.tables.push((table.clone(), n));
    }
    if tx.engine() == Engine::Postgres {
        sync_identities(&tx)?;
    }
    tx.commit().map_err(Error::storage("提交复制"))?;
    Ok(copied)
}

/// Moves each identity's sequence past the largest id copied in, so the next row the database
/// numbers follows them as SQLite's rowid would.
fn sync_identities(conn: &Connection) -> Result<()> {
    let identities: Vec<(String, String)> = conn
        .prepare(
            "SELECT c.relname::text, a.attname::text FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND a.attidentity <> '' AND NOT a.attisdropped ORDER BY 1",
        )
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .map_err(Error::storage("读取编号序列"))?;
    for (table, column) in identities {
        let sql = format!(
            "SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce((SELECT max({}) FROM {}), 0) + 1, false)",
            quote(&column),
            quote(&table)
        );
        conn.query_row(&sql, [&table, &column], |_| Ok(())).map_err(Error::storage("更新编号序列"))?;
    }
    Ok(())
}
