//! What is stored, read once before the plan.

use std::collections::{HashMap, HashSet};

use crate::db::Connection;
use serde::Serialize;

use crate::db::{self, power::CabinetPowerConfig, row_heads::RowHead};
use crate::error::{Error, Result};
use crate::model::{Asset, Fault, Repair, Room};

/// A cabinet as the 机柜 sheet describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CabinetState {
    pub(super) code: String,
    pub(super) room: String,
    pub(super) row: Option<String>,
    pub(super) u_height: u32,
    pub(super) owner: Option<String>,
    pub(super) note: Option<String>,
    #[serde(flatten)]
    pub(super) power: CabinetPowerConfig,
}

/// The database as the plan needs it, read once.
pub(super) struct Known {
    pub(super) rooms: HashMap<String, Room>,
    pub(super) row_heads: HashMap<String, RowHead>,
    pub(super) cabinets: HashMap<String, (i64, CabinetState)>,
    pub(super) assets: HashMap<String, (i64, Asset)>,
    pub(super) readings: HashSet<(String, String)>,
    pub(super) faults: HashMap<String, Fault>,
    pub(super) repairs: HashMap<String, Repair>,
}

pub(super) fn load(conn: &Connection) -> Result<Known> {
    let rooms = db::rooms::list(conn)?.into_iter().map(|r| (r.name.clone(), r)).collect();
    let row_heads = db::row_heads::list(conn)?.into_iter().map(|(_, h)| (h.code.clone(), h)).collect();
    let mut cabinets = HashMap::new();
    for (id, c) in db::cabinets::list(conn, None)? {
        let power = db::power::config(conn, id)?;
        let state = CabinetState {
            code: c.code.clone(),
            room: c.room,
            row: c.row,
            u_height: c.u_height,
            owner: c.owner,
            note: c.note,
            power,
        };
        cabinets.insert(c.code, (id, state));
    }
    let ids: HashMap<String, i64> = conn
        .prepare("SELECT asset_tag, id FROM assets")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<_>>())
        .map_err(Error::storage("读取设备"))?;
    let assets = db::assets::list(conn, &Default::default())?
        .into_iter()
        .filter_map(|a| ids.get(&a.asset_tag).map(|id| (a.asset_tag.clone(), (*id, a))))
        .collect();
    let readings = conn
        .prepare("SELECT c.code, p.at FROM power_readings p JOIN cabinets c ON c.id = p.cabinet_id")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<crate::db::SqlResult<_>>())
        .map_err(Error::storage("读取功率读数"))?;
    let faults = db::faults::list(conn, &Default::default())?.into_iter().map(|f| (f.fault_no.clone(), f)).collect();
    let repairs = db::repairs::list(conn, &Default::default())?.into_iter().map(|r| (r.repair_no.clone(), r)).collect();
    Ok(Known { rooms, row_heads, cabinets, assets, readings, faults, repairs })
}
