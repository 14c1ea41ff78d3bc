//! Table `asset_history`: the asset's own story (racked, moved, unracked, status and serial
//! changes), read by the detail panel and `asset show`.

use crate::db::{params, Connection};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One event in an asset's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    pub at: String,
    pub operator: String,
    /// `created`, `placed`, `moved`, `unplaced`, `status`, `serial`, `updated`, `retired`.
    pub kind: String,
    pub from_pos: Option<String>,
    pub to_pos: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub reason: Option<String>,
}

impl HistoryEntry {
    pub fn new(kind: &str, at: NaiveDateTime, operator: &str) -> HistoryEntry {
        HistoryEntry {
            at: super::stamp(at),
            operator: operator.to_string(),
            kind: kind.to_string(),
            from_pos: None,
            to_pos: None,
            old_value: None,
            new_value: None,
            reason: None,
        }
    }
}

pub fn insert(conn: &Connection, asset_id: i64, e: &HistoryEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO asset_history (asset_id, at, operator, kind, from_pos, to_pos, old_value, new_value, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut s| {
        s.execute(params![asset_id, e.at, e.operator, e.kind, e.from_pos, e.to_pos, e.old_value, e.new_value, e.reason])
    })
    .map_err(Error::storage("写入设备履历"))?;
    Ok(())
}

/// One event of an import's batch ([`insert_many`]): the time, operator and reason are the
/// batch's.
pub struct Event<'a> {
    pub asset_id: i64,
    pub kind: &'a str,
    pub from_pos: Option<String>,
    pub to_pos: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Rows per multi-row `INSERT` of [`insert_many`] (10 values a row; SQLite and PostgreSQL both
/// take far more parameters than this).
const BATCH: usize = 64;

/// Writes many events at once, in order, all at `at` by `operator` without a reason: a large
/// import's history in a few statements instead of one per row.
pub fn insert_many(conn: &Connection, at: &str, operator: &str, events: &[Event<'_>]) -> Result<()> {
    static FULL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| many_sql(BATCH));
    for chunk in events.chunks(BATCH) {
        let sql: std::borrow::Cow<'_, str> =
            if chunk.len() == BATCH { (*FULL).as_str().into() } else { many_sql(chunk.len()).into() };
        // Each row's uid made here, not by the column's DEFAULT (src/db/uids.rs).
        let uids: Vec<String> = chunk.iter().map(|_| super::uids::new()).collect();
        let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 9);
        for (e, uid) in chunk.iter().zip(&uids) {
            values.extend_from_slice(&[
                &e.asset_id as &dyn crate::db::ToSql,
                &at,
                &operator,
                &e.kind,
                &e.from_pos,
                &e.to_pos,
                &e.old_value,
                &e.new_value,
                uid,
            ]);
        }
        conn.prepare_cached(&sql)
            .and_then(|mut s| s.execute(values.as_slice()))
            .map_err(Error::storage("写入设备履历"))?;
    }
    Ok(())
}

/// `INSERT … VALUES (?1, …, ?9, NULL), (?10, …)` for `rows` rows.
fn many_sql(rows: usize) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=9).map(|c| format!("?{}", r * 9 + c)).collect();
            format!("({}, NULL)", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO asset_history (asset_id, at, operator, kind, from_pos, to_pos, old_value, new_value, uid, reason) VALUES {}",
        tuples.join(", ")
    )
}

/// The asset's history, oldest first.
pub fn list(conn: &Connection, asset_id: i64) -> Result<Vec<HistoryEntry>> {
    conn.prepare_cached(
        "SELECT at, operator, kind, from_pos, to_pos, old_value, new_value, reason
         FROM asset_history WHERE asset_id = ?1 ORDER BY at, id",
    )
    .and_then(|mut s| {
        s.query_map([asset_id], |r| {
            Ok(HistoryEntry {
                at: r.get(0)?,
                operator: r.get(1)?,
                kind: r.get(2)?,
                from_pos: r.get(3)?,
                to_pos: r.get(4)?,
                old_value: r.get(5)?,
                new_value: r.get(6)?,
                reason: r.get(7)?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("读取设备履历"))
}
