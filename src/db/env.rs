//! Tables `env_readings` (温湿度读数, kept as a history) and `env_limits` (a room's own limits).

use crate::db::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::environment::EnvOverrides;
use crate::error::{Error, Result};

/// Where a reading came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EnvSource {
    /// 人工: entered by hand.
    Manual,
    /// 动环导入: imported from the environment monitoring system's export.
    Import,
}

impl EnvSource {
    pub fn code(self) -> &'static str {
        match self {
            EnvSource::Manual => "manual",
            EnvSource::Import => "import",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            EnvSource::Manual => "人工",
            EnvSource::Import => "动环导入",
        }
    }

    pub fn parse(s: &str) -> Option<EnvSource> {
        match s.trim() {
            "manual" | "人工" => Some(EnvSource::Manual),
            "import" | "动环导入" | "动环" => Some(EnvSource::Import),
            _ => None,
        }
    }
}

/// One temperature/humidity reading as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvReading {
    pub room: String,
    pub point: String,
    /// The cabinet, when the point is a cabinet code (its inlet).
    pub cabinet: Option<String>,
    /// Local time `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub temp_c: f64,
    pub rh: Option<f64>,
    pub source: EnvSource,
    pub operator: String,
    pub note: Option<String>,
}

/// A stored reading with the row of its cabinet (for the room map and the remedy).
#[derive(Debug, Clone, PartialEq)]
pub struct Latest {
    pub room_id: i64,
    pub row: Option<String>,
    pub reading: EnvReading,
}

pub fn insert(conn: &Connection, room_id: i64, cabinet_id: Option<i64>, r: &EnvReading) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO env_readings (room_id, point, cabinet_id, at, temp_c, rh, source, operator, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )
    .and_then(|mut s| {
        s.execute(params![room_id, r.point, cabinet_id, r.at, r.temp_c, r.rh, r.source.code(), r.operator, r.note])
    })
    .map_err(Error::storage("记录温湿度读数"))?;
    Ok(())
}

const SELECT: &str = "SELECT r.name, e.point, c.code, e.at, e.temp_c, e.rh, e.source, e.operator, e.note,
    e.room_id, c.row_label
    FROM env_readings e JOIN rooms r ON r.id = e.room_id LEFT JOIN cabinets c ON c.id = e.cabinet_id";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<Latest> {
    Ok(Latest {
        room_id: r.get(9)?,
        row: r.get(10)?,
        reading: EnvReading {
            room: r.get(0)?,
            point: r.get(1)?,
            cabinet: r.get(2)?,
            at: r.get(3)?,
            temp_c: r.get(4)?,
            rh: r.get(5)?,
            source: super::decode(r.get(6)?, EnvSource::parse, 6)?,
            operator: r.get(7)?,
            note: r.get(8)?,
        },
    })
}

/// The latest reading of every point (of one room, if given), in room and point order.
pub fn latest(conn: &Connection, room_id: Option<i64>) -> Result<Vec<Latest>> {
    // The newest row per (room, point): by time, then by insertion.
    let sql = format!(
        "{SELECT} WHERE e.id IN (
            SELECT (SELECT x.id FROM env_readings x WHERE x.room_id = g.room_id AND x.point = g.point
                    ORDER BY x.at DESC, x.id DESC LIMIT 1)
            FROM (SELECT DISTINCT room_id, point FROM env_readings) g)
          AND (CAST(?1 AS BIGINT) IS NULL OR e.room_id = ?1)
         ORDER BY r.name, e.point"
    );
    conn.prepare_cached(&sql)
        .and_then(|mut s| s.query_map(params![room_id], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取温湿度读数"))
}

/// A point's readings (in every room holding a point of that name, or one room), newest first,
/// at most `limit`.
pub fn history(conn: &Connection, point: &str, room_id: Option<i64>, limit: u32) -> Result<Vec<EnvReading>> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE e.point = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR e.room_id = ?2) ORDER BY e.at DESC, e.id DESC LIMIT ?3"
    ))
    .and_then(|mut s| {
        s.query_map(params![point, room_id, limit], |r| from_row(r).map(|l| l.reading))?
            .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("读取温湿度历史"))
}

/// Every reading (of one room, if given), oldest first: what `export env` writes.
pub fn all(conn: &Connection, room_id: Option<i64>) -> Result<Vec<EnvReading>> {
    conn.prepare_cached(&format!("{SELECT} WHERE CAST(?1 AS BIGINT) IS NULL OR e.room_id = ?1 ORDER BY e.at, e.id"))
        .and_then(|mut s| {
            s.query_map(params![room_id], |r| from_row(r).map(|l| l.reading))?.collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("读取温湿度读数"))
}

/// Whether an identical reading (room, point, time) is stored: an import skips it.
pub fn exists(conn: &Connection, room_id: i64, point: &str, at: &str) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM env_readings WHERE room_id = ?1 AND point = ?2 AND at = ?3 LIMIT 1")
        .and_then(|mut s| s.query_row(params![room_id, point, at], |_| Ok(())).optional())
        .map(|o| o.is_some())
        .map_err(Error::storage("读取温湿度读数"))
}

/// A room's own limits (all None when it has none).
pub fn limits(conn: &Connection, room_id: i64) -> Result<EnvOverrides> {
    conn.prepare_cached("SELECT temp_min, temp_max, rh_max, dew_min, dew_max FROM env_limits WHERE room_id = ?1")
        .and_then(|mut s| {
            s.query_row([room_id], |r| {
                Ok(EnvOverrides {
                    temp_min: r.get(0)?,
                    temp_max: r.get(1)?,
                    rh_max: r.get(2)?,
                    dew_min: r.get(3)?,
                    dew_max: r.get(4)?,
                })
            })
            .optional()
        })
        .map(Option::unwrap_or_default)
        .map_err(Error::storage("读取机房温湿度限值"))
}

pub fn set_limits(conn: &Connection, room_id: i64, o: &EnvOverrides) -> Result<()> {
    conn.execute(
        "INSERT INTO env_limits (room_id, temp_min, temp_max, rh_max, dew_min, dew_max) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(room_id) DO UPDATE SET temp_min = ?2, temp_max = ?3, rh_max = ?4, dew_min = ?5, dew_max = ?6",
        params![room_id, o.temp_min, o.temp_max, o.rh_max, o.dew_min, o.dew_max],
    )
    .map_err(Error::storage("保存机房温湿度限值"))?;
    Ok(())
}
