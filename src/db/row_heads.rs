//! Table `row_heads` (列头柜).

use crate::db::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A row-head power cabinet as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowHead {
    pub code: String,
    pub room: String,
    pub row: Option<String>,
    pub capacity_w: i64,
    pub voltage_v: i64,
    pub phases: i64,
    /// Own levels (fractions); None means the global level.
    pub warning_level: Option<f64>,
    pub alarm_level: Option<f64>,
    pub note: Option<String>,
}

const SELECT: &str = "SELECT h.id, h.code, r.name, h.row_label, h.capacity_w, h.voltage_v, h.phases,
    h.warning_level, h.alarm_level, h.note FROM row_heads h JOIN rooms r ON r.id = h.room_id";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, RowHead)> {
    Ok((
        r.get(0)?,
        RowHead {
            code: r.get(1)?,
            room: r.get(2)?,
            row: r.get(3)?,
            capacity_w: r.get(4)?,
            voltage_v: r.get(5)?,
            phases: r.get(6)?,
            warning_level: r.get(7)?,
            alarm_level: r.get(8)?,
            note: r.get(9)?,
        },
    ))
}

pub fn get(conn: &Connection, code: &str) -> Result<Option<(i64, RowHead)>> {
    conn.prepare_cached(&format!("{SELECT} WHERE h.code = ?1"))
        .and_then(|mut s| s.query_row([code], from_row).optional())
        .map_err(Error::storage("查询列头柜"))
}

pub fn list(conn: &Connection) -> Result<Vec<(i64, RowHead)>> {
    conn.prepare_cached(&format!("{SELECT} ORDER BY r.name, h.code"))
        .and_then(|mut s| s.query_map([], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出列头柜"))
}

/// The row-heads with these row ids (those feeding the cabinets a check looks at), in the
/// order of [`list`].
pub fn with_ids(conn: &Connection, ids: &[i64]) -> Result<Vec<(i64, RowHead)>> {
    let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    conn.prepare_cached(&format!("{SELECT} WHERE h.id IN ({}) ORDER BY r.name, h.code", conn.sql_id_list("?1")))
        .and_then(|mut s| s.query_map([ids], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出列头柜"))
}

pub fn insert(conn: &Connection, room_id: i64, h: &RowHead) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO row_heads (code, room_id, row_label, capacity_w, voltage_v, phases, warning_level, alarm_level, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut s| {
        s.execute(params![h.code, room_id, h.row, h.capacity_w, h.voltage_v, h.phases, h.warning_level, h.alarm_level, h.note])
    })
    .map_err(Error::storage("登记列头柜"))?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, room_id: i64, h: &RowHead) -> Result<()> {
    conn.execute(
        "UPDATE row_heads SET code = ?1, room_id = ?2, row_label = ?3, capacity_w = ?4, voltage_v = ?5, phases = ?6,
         warning_level = ?7, alarm_level = ?8, note = ?9 WHERE id = ?10",
        params![
            h.code,
            room_id,
            h.row,
            h.capacity_w,
            h.voltage_v,
            h.phases,
            h.warning_level,
            h.alarm_level,
            h.note,
            id
        ],
    )
    .map_err(Error::storage("修改列头柜"))?;
    Ok(())
}
