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
