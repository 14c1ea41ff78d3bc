//! The LAN port pool (空闲网口, the IDC engineer's count): the data ports of racked switches —
//! not their management, console or power ports — free, used and reserved, per switch, per
//! cabinet and per room. A reserved port is not free either, so the share that counts against
//! the warning level (default 80 %, setting `ports.warning`) is (used + reserved) / total.

use crate::db::Connection;
use serde::Serialize;

use crate::db;
use crate::db::window::RecordPage;
use crate::error::{Error, Result};
use crate::model::PortKind;

/// The settings key of the pool's warning level (a fraction; 0.8 = 80 %).
pub const PORTS_WARNING_KEY: &str = "ports.warning";
pub const DEFAULT_WARNING: f64 = 0.8;

/// Whether a pool is short of free ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PoolLevel {
    Ok,
    Warning,
}

impl PoolLevel {
    pub fn code(self) -> &'static str {
        match self {
            PoolLevel::Ok => "ok",
            PoolLevel::Warning => "warning",
        }
    }
}

/// Counts of one pool.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PoolFigures {
    pub total: u32,
    pub free: u32,
    pub used: u32,
    pub reserved: u32,
    /// (used + reserved) / total; 0 for an empty pool.
    pub utilization: f64,
    pub status: PoolLevel,
}

impl PoolFigures {
    fn new(total: u32, free: u32, used: u32, reserved: u32, warning: f64) -> PoolFigures {
        let utilization = if total == 0 { 0.0 } else { f64::from(used + reserved) / f64::from(total) };
        let status = if total > 0 && utilization >= warning { PoolLevel::Warning } else { PoolLevel::Ok };
        PoolFigures { total, free, used, reserved, utilization, status }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SwitchPool {
    pub asset_tag: String,
    pub name: String,
    pub room: String,
    pub cabinet: String,
    #[serde(flatten)]
    pub figures: PoolFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CabinetPool {
    pub cabinet: String,
    pub room: String,
    pub switches: u32,
    #[serde(flatten)]
    pub figures: PoolFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoomPool {
    pub room: String,
    pub switches: u32,
    #[serde(flatten)]
    pub figures: PoolFigures,
}

/// The pool of the whole site (or the room / cabinet asked for).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortPool {
    pub warning_level: f64,
    pub switches: Vec<SwitchPool>,
    pub cabinets: Vec<CabinetPool>,
    pub rooms: Vec<RoomPool>,
    pub total: PoolFigures,
}

/// What the app's pool card receives: the totals and the rooms, a window of the cabinets (of
/// one level, if asked: the filter comes before the window), and the switches of the cabinets in
/// that window. A room of 2,500 cabinets holds about 3,000 switches: the whole pool is 0.7 MB.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PoolWindow {
    pub warning_level: f64,
    pub total: PoolFigures,
    pub rooms: Vec<RoomPool>,
    /// `by_state`: the cabinets at each level (`ok`, `warning`), whatever the filter.
    pub cabinets: RecordPage<CabinetPool>,
    pub switches: Vec<SwitchPool>,
}

impl PortPool {
    /// The window of cabinets `limit` from `offset` (at `level` only, when given), with their
    /// switches.
    pub fn window(self, level: Option<PoolLevel>, limit: Option<u32>, offset: Option<u32>) -> PoolWindow {
        let mut by_state = std::collections::BTreeMap::new();
        for c in &self.cabinets {
            *by_state.entry(c.figures.status.code().to_string()).or_insert(0) += 1;
        }
        let cabinets: Vec<CabinetPool> =
            self.cabinets.into_iter().filter(|c| level.is_none_or(|l| c.figures.status == l)).collect();
        let cabinets = RecordPage::cut(cabinets, limit, offset, by_state);
        let shown: std::collections::HashSet<(&str, &str)> =
            cabinets.rows.iter().map(|c| (c.room.as_str(), c.cabinet.as_str())).collect();
        let switches =
            self.switches.into_iter().filter(|s| shown.contains(&(s.room.as_str(), s.cabinet.as_str()))).collect();
        PoolWindow { warning_level: self.warning_level, total: self.total, rooms: self.rooms, cabinets, switches }
    }
}

/// The pool's warning level, from settings.
pub fn warning_level(conn: &Connection) -> Result<f64> {
    Ok(db::settings::get(conn, PORTS_WARNING_KEY)?.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_WARNING))
}

pub(super) fn compute(conn: &Connection, room: Option<&str>, cabinet: Option<&str>) -> Result<PortPool> {
    let warning = warning_level(conn)?;
    let kinds: Vec<String> = PortKind::ALL.iter().filter(|k| k.is_lan()).map(|k| format!("'{}'", k.code())).collect();
    let sql = format!(
        "SELECT a.asset_tag, a.name, r.name, cab.code, count(*),
                sum(CASE WHEN p.status = 'free' THEN 1 ELSE 0 END), sum(CASE WHEN p.status = 'used' THEN 1 ELSE 0 END),
                sum(CASE WHEN p.status = 'reserved' THEN 1 ELSE 0 END)
         FROM ports p
         JOIN assets a ON a.id = p.asset_id
         JOIN positions pos ON pos.asset_id = a.id
         JOIN cabinets cab ON cab.id = pos.cabinet_id
         JOIN rooms r ON r.id = cab.room_id
         WHERE a.category = 'switch' AND p.kind IN ({})
           AND (CAST(?1 AS TEXT) IS NULL OR r.name = ?1) AND (CAST(?2 AS TEXT) IS NULL OR cab.code = ?2)
         GROUP BY a.id, a.asset_tag, a.name, r.name, cab.code
         ORDER BY r.name, cab.code, a.asset_tag",
        kinds.join(", ")
    );
    type Counts = (String, String, String, String, u32, u32, u32, u32);
    let rows: Vec<Counts> = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(crate::db::params![room, cabinet], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?))
            })?
            .collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("统计端口资源池"))?;

    let mut switches = Vec::with_capacity(rows.len());
    // (room, cabinet) → switches, total, free, used, reserved; rows come sorted by room, cabinet.
    let mut cabs: Vec<(String, String, [u32; 5])> = Vec::new();
    let mut rooms: Vec<(String, [u32; 5])> = Vec::new();
    let mut all = [0_u32; 5];
    for (tag, name, r, c, total, free, used, reserved) in rows {
        let add = |acc: &mut [u32; 5]| {
            acc[0] += 1;
            acc[1] += total;
            acc[2] += free;
            acc[3] += used;
            acc[4] += reserved;
        };
        match cabs.last_mut() {
            Some((rr, cc, acc)) if *rr == r && *cc == c => add(acc),
            _ => {
                let mut acc = [0; 5];
                add(&mut acc);
                cabs.push((r.clone(), c.clone(), acc));
            }
        }
        match rooms.last_mut() {
            Some((rr, acc)) if *rr == r => add(acc),
            _ => {
                let mut acc = [0; 5];
                add(&mut acc);
                rooms.push((r.clone(), acc));
            }
        }
        add(&mut all);
        switches.push(SwitchPool {
            asset_tag: tag,
            name,
            room: r,
            cabinet: c,
            figures: PoolFigures::new(total, free, used, reserved, warning),
        });
    }
    let fig = |a: &[u32; 5]| PoolFigures::new(a[1], a[2], a[3], a[4], warning);
    Ok(PortPool {
        warning_level: warning,
        switches,
        cabinets: cabs
            .iter()
            .map(|(r, c, a)| CabinetPool { cabinet: c.clone(), room: r.clone(), switches: a[0], figures: fig(a) })
            .collect(),
        rooms: rooms.iter().map(|(r, a)| RoomPool { room: r.clone(), switches: a[0], figures: fig(a) }).collect(),
        total: fig(&all),
    })
}
