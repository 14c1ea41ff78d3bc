//! The inputs of the power figures, read in one query per table: each cabinet's capacity,
//! feeds, levels, computed load (Σ device load over its racked assets) and latest reading.

use crate::db::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::Feeds;

/// A cabinet's power configuration as stored (what `cabinet set` changes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CabinetPowerConfig {
    pub rated_w: Option<i64>,
    pub feed_a: Option<String>,
    pub feed_a_branch: Option<String>,
    pub feed_a_breaker_a: Option<f64>,
    pub feed_b: Option<String>,
    pub feed_b_branch: Option<String>,
    pub feed_b_breaker_a: Option<f64>,
    pub warning_level: Option<f64>,
    pub alarm_level: Option<f64>,
}

/// What the formulas need of one cabinet.
#[derive(Debug, Clone, PartialEq)]
pub struct CabinetInput {
    pub id: i64,
    pub code: String,
    pub room: String,
    pub row: Option<String>,
    pub capacity_w: Option<i64>,
    pub device_count: i64,
    pub computed_w: i64,
    pub measured_w: Option<i64>,
    pub measured_at: Option<String>,
    pub feeds: Feeds,
    pub breaker_a: Option<f64>,
    pub breaker_b: Option<f64>,
    pub warning_level: Option<f64>,
    pub alarm_level: Option<f64>,
}

const CABINETS: &str = "
    SELECT c.id, c.code, r.name, c.row_label, c.rated_w,
           (SELECT count(*) FROM positions p WHERE p.cabinet_id = c.id),
           (SELECT coalesce(sum(coalesce(a.typical_w, a.rated_w)), 0)
              FROM positions p JOIN assets a ON a.id = p.asset_id WHERE p.cabinet_id = c.id),
           (SELECT measured_w FROM power_readings pr WHERE pr.cabinet_id = c.id ORDER BY pr.at DESC, pr.id DESC LIMIT 1),
           (SELECT at FROM power_readings pr WHERE pr.cabinet_id = c.id ORDER BY pr.at DESC, pr.id DESC LIMIT 1),
           c.feed_a_id, c.feed_b_id, c.feed_a_breaker_a, c.feed_b_breaker_a, c.warning_level, c.alarm_level
    FROM cabinets c JOIN rooms r ON r.id = c.room_id";

fn cabinet(r: &Row<'_>) -> crate::db::SqlResult<CabinetInput> {
    Ok(CabinetInput {
        id: r.get(0)?,
        code: r.get(1)?,
        room: r.get(2)?,
        row: r.get(3)?,
        capacity_w: r.get(4)?,
        device_count: r.get(5)?,
        computed_w: r.get(6)?,
        measured_w: r.get(7)?,
        measured_at: r.get(8)?,
        feeds: Feeds { a: r.get(9)?, b: r.get(10)? },
        breaker_a: r.get(11)?,
        breaker_b: r.get(12)?,
        warning_level: r.get(13)?,
        alarm_level: r.get(14)?,
    })
}

/// [`CABINETS`] for the whole site: the device counts and loads in one pass over the positions
/// (grouped), not two correlated subqueries per cabinet (issue 9: the report of 5,000 cabinets).
const ALL_CABINETS: &str = "
    SELECT c.id, c.code, r.name, c.row_label, c.rated_w, coalesce(l.n, 0), coalesce(l.w, 0),
           (SELECT measured_w FROM power_readings pr WHERE pr.cabinet_id = c.id ORDER BY pr.at DESC, pr.id DESC LIMIT 1),
           (SELECT at FROM power_readings pr WHERE pr.cabinet_id = c.id ORDER BY pr.at DESC, pr.id DESC LIMIT 1),
           c.feed_a_id, c.feed_b_id, c.feed_a_breaker_a, c.feed_b_breaker_a, c.warning_level, c.alarm_level
    FROM cabinets c JOIN rooms r ON r.id = c.room_id
    LEFT JOIN (SELECT p.cabinet_id, count(*) AS n, sum(coalesce(a.typical_w, a.rated_w)) AS w
               FROM positions p JOIN assets a ON a.id = p.asset_id GROUP BY p.cabinet_id) l ON l.cabinet_id = c.id";

/// Every cabinet, in room, row and code order.
pub fn all_cabinets(conn: &Connection) -> Result<Vec<CabinetInput>> {
    conn.prepare_cached(&format!("{ALL_CABINETS} ORDER BY r.name, c.row_label, c.code"))
        .and_then(|mut s| s.query_map([], cabinet)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取机柜功率"))
}

/// The cabinets that share a row-head with `cabinet_ids` (and those cabinets themselves):
/// all a check needs to know.
pub fn neighbourhood(conn: &Connection, cabinet_ids: &[i64]) -> Result<Vec<CabinetInput>> {
    let ids = serde_json::to_string(cabinet_ids).unwrap_or_else(|_| "[]".into());
    let ids_sql = conn.sql_id_list("?1");
    let sql = format!(
        "{CABINETS} WHERE c.id IN ({ids_sql})
            OR c.feed_a_id IN (SELECT feed_a_id FROM cabinets WHERE id IN ({ids_sql})
                               UNION SELECT feed_b_id FROM cabinets WHERE id IN ({ids_sql}))
            OR c.feed_b_id IN (SELECT feed_a_id FROM cabinets WHERE id IN ({ids_sql})
                               UNION SELECT feed_b_id FROM cabinets WHERE id IN ({ids_sql}))
         ORDER BY r.name, c.row_label, c.code"
    );
    conn.prepare_cached(&sql)
        .and_then(|mut s| s.query_map(params![ids], cabinet)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取机柜功率"))
}

pub fn config(conn: &Connection, cabinet_id: i64) -> Result<CabinetPowerConfig> {
    conn.query_row(
        "SELECT c.rated_w, a.code, c.feed_a_branch, c.feed_a_breaker_a, b.code, c.feed_b_branch, c.feed_b_breaker_a,
                c.warning_level, c.alarm_level
         FROM cabinets c LEFT JOIN row_heads a ON a.id = c.feed_a_id LEFT JOIN row_heads b ON b.id = c.feed_b_id
         WHERE c.id = ?1",
        [cabinet_id],
        |r| {
            Ok(CabinetPowerConfig {
                rated_w: r.get(0)?,
                feed_a: r.get(1)?,
                feed_a_branch: r.get(2)?,
                feed_a_breaker_a: r.get(3)?,
                feed_b: r.get(4)?,
                feed_b_branch: r.get(5)?,
                feed_b_breaker_a: r.get(6)?,
                warning_level: r.get(7)?,
                alarm_level: r.get(8)?,
            })
        },
    )
    .map_err(Error::storage("读取机柜供电配置"))
}

/// Stores the configuration; feeds are given as row-head ids, already resolved.
pub fn set_config(
    conn: &Connection,
    cabinet_id: i64,
    c: &CabinetPowerConfig,
    feed_a_id: Option<i64>,
    feed_b_id: Option<i64>,
) -> Result<()> {
    conn.execute(
        "UPDATE cabinets SET rated_w = ?1, feed_a_id = ?2, feed_a_branch = ?3, feed_a_breaker_a = ?4, feed_b_id = ?5,
         feed_b_branch = ?6, feed_b_breaker_a = ?7, warning_level = ?8, alarm_level = ?9 WHERE id = ?10",
        params![
            c.rated_w,
            feed_a_id,
            c.feed_a_branch,
            c.feed_a_breaker_a,
            feed_b_id,
            c.feed_b_branch,
            c.feed_b_breaker_a,
            c.warning_level,
            c.alarm_level,
            cabinet_id
        ],
    )
    .map_err(Error::storage("保存机柜供电配置"))?;
    Ok(())
}

/// One owner's (归属单位) racked devices and their power.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerPower {
    pub owner: String,
    /// Racked assets of this owner.
    pub device_count: i64,
    /// Σ typical power, else rated power, over those assets (what the cabinets' computed load counts).
    pub load_w: i64,
    /// Σ rated power over those assets.
    pub rated_w: i64,
    /// Distinct cabinets the assets are in.
    pub cabinet_count: i64,
}

/// The racked assets grouped by owner (of one room, if `room_id` is given), heaviest load first.
pub fn by_owner(conn: &Connection, room_id: Option<i64>) -> Result<Vec<OwnerPower>> {
    conn.prepare_cached(
        "SELECT a.owner, count(*), coalesce(sum(coalesce(a.typical_w, a.rated_w)), 0),
                coalesce(sum(a.rated_w), 0), count(DISTINCT p.cabinet_id)
         FROM positions p JOIN assets a ON a.id = p.asset_id JOIN cabinets c ON c.id = p.cabinet_id
         WHERE CAST(?1 AS BIGINT) IS NULL OR c.room_id = ?1
         GROUP BY a.owner
         ORDER BY 3 DESC, 2 DESC, a.owner",
    )
    .and_then(|mut s| {
        s.query_map(params![room_id], |r| {
            Ok(OwnerPower {
                owner: r.get(0)?,
                device_count: r.get(1)?,
                load_w: r.get(2)?,
                rated_w: r.get(3)?,
                cabinet_count: r.get(4)?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("按归属单位统计功率"))
}
