//! Table `audit_log`: every mutation of the ledger — who, when, what, before and after — written
//! by the same transaction as the change it records.

use crate::db::{params, Connection};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One audit record. `before` and `after` are the entity as JSON (absent when created/deleted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_key: String,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
}

/// What to write: the action (`asset.create`, `asset.place`, …), the entity and its key.
pub struct Record<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub key: &'a str,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: Option<&'a str>,
}

pub fn insert(conn: &Connection, at: NaiveDateTime, operator: &str, r: &Record<'_>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, operator, action, entity, entity_key, before_json, after_json, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![super::stamp(at), operator, r.action, r.entity, r.key, r.before, r.after, r.reason])
    })
    .map_err(Error::storage("写入审计日志"))?;
    conn.note_change(operator, r.action, r.entity, r.key);
    Ok(())
}

/// Rows per multi-row `INSERT` of [`insert_many`].
const BATCH: usize = 64;

/// Writes many records at once, in order, all at `at` by `operator`: a large import's audit
/// trail in a few statements instead of one per row.
pub fn insert_many(conn: &Connection, at: NaiveDateTime, operator: &str, records: &[Record<'_>]) -> Result<()> {
    static FULL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| many_sql(BATCH));
    let at = super::stamp(at);
    for chunk in records.chunks(BATCH) {
        let sql: std::borrow::Cow<'_, str> =
            if chunk.len() == BATCH { (*FULL).as_str().into() } else { many_sql(chunk.len()).into() };
        // Each record's uid made here, not by the column's DEFAULT (src/db/uids.rs).
        let uids: Vec<String> = chunk.iter().map(|_| super::uids::new()).collect();
        let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 9);
        for (r, uid) in chunk.iter().zip(&uids) {
            values.extend_from_slice(&[
                &at as &dyn crate::db::ToSql,
                &operator,
                &r.action,
                &r.entity,
                &r.key,
                &r.before,
                &r.after,
                &r.reason,
                uid,
            ]);
        }
        conn.prepare_cached(&sql)
            .and_then(|mut s| s.execute(values.as_slice()))
            .map_err(Error::storage("写入审计日志"))?;
        for r in chunk {
            conn.note_change(operator, r.action, r.entity, r.key);
        }
    }
    Ok(())
}

/// `INSERT … VALUES (?1, …, ?9), (?10, …)` for `rows` rows.
fn many_sql(rows: usize) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=9).map(|c| format!("?{}", r * 9 + c)).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO audit_log (at, operator, action, entity, entity_key, before_json, after_json, reason, uid) VALUES {}",
        tuples.join(", ")
    )
}

/// The audit trail of one entity (or, with `key` None, of every entity of the kind), newest
/// first, at most `limit` records.
pub fn list(conn: &Connection, entity: Option<&str>, key: Option<&str>, limit: u32) -> Result<Vec<AuditEntry>> {
    let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
    conn.prepare_cached(
        "SELECT id, at, operator, action, entity, entity_key, before_json, after_json, reason FROM audit_log
         WHERE (CAST(?1 AS TEXT) IS NULL OR entity = ?1) AND (CAST(?2 AS TEXT) IS NULL OR entity_key = ?2) ORDER BY id DESC LIMIT ?3",
    )
    .and_then(|mut s| {
        s.query_map(params![entity, key, limit], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                operator: r.get(2)?,
                action: r.get(3)?,
                entity: r.get(4)?,
                entity_key: r.get(5)?,
                before: parse(r.get(6)?),
                after: parse(r.get(7)?),
                reason: r.get(8)?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("读取审计日志"))
}

/// How many audit records there are (tests and the status bar).
pub fn count(conn: &Connection) -> Result<i64> {
    conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).map_err(Error::storage("统计审计日志"))
}
