//! Table `power_readings`: measured cabinet loads, kept as a history.

use crate::db::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Reading {
    pub cabinet: String,
    /// Local time `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub measured_w: i64,
    pub amps_a: Option<f64>,
    pub amps_b: Option<f64>,
    pub operator: String,
    pub note: Option<String>,
}

pub fn insert(conn: &Connection, cabinet_id: i64, r: &Reading) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO power_readings (cabinet_id, at, measured_w, amps_a, amps_b, operator, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| s.execute(params![cabinet_id, r.at, r.measured_w, r.amps_a, r.amps_b, r.operator, r.note]))
    .map_err(Error::storage("记录功率读数"))?;
    Ok(())
}

/// A cabinet's readings, newest first, at most `limit`.
pub fn list(conn: &Connection, cabinet_id: i64, limit: u32) -> Result<Vec<Reading>> {
    conn.prepare_cached(
        "SELECT c.code, p.at, p.measured_w, p.amps_a, p.amps_b, p.operator, p.note
         FROM power_readings p JOIN cabinets c ON c.id = p.cabinet_id
         WHERE p.cabinet_id = ?1 ORDER BY p.at DESC, p.id DESC LIMIT ?2",
    )
    .and_then(|mut s| {
        s.query_map(params![cabinet_id, limit], |r| {
            Ok(Reading {
                cabinet: r.get(0)?,
                at: r.get(1)?,
                measured_w: r.get(2)?,
                amps_a: r.get(3)?,
                amps_b: r.get(4)?,
                operator: r.get(5)?,
                note: r.get(6)?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("读取功率读数"))
}
