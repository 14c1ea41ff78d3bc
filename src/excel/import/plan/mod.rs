//! The plan: each sheet checked and turned into upserts, by its kind, one file per kind.
//! A row may refer to what an earlier sheet (or row) of the same file defines.

mod assets;
mod cabinets;
mod readings;
mod records;
mod rooms;
mod row_heads;

use std::collections::HashMap;

use super::known::{CabinetState, Known};
use crate::db::{readings::Reading, row_heads::RowHead};
use crate::excel::{environment, ports};
use crate::i18n::Lang;
use crate::ledger::Ctx;
use crate::model::{Asset, Fault, Repair, Room};

/// A planned upsert of one record.
pub(super) struct Planned<T> {
    pub(super) sheet: usize,
    pub(super) row: u32,
    pub(super) key: String,
    pub(super) before: Option<T>,
    pub(super) after: T,
}

/// Everything the file asks for, checked.
#[derive(Default)]
pub(super) struct Plan {
    pub(super) rooms: Vec<Planned<Room>>,
    pub(super) row_heads: Vec<Planned<RowHead>>,
    pub(super) cabinets: Vec<Planned<CabinetState>>,
    pub(super) assets: Vec<Planned<Asset>>,
    pub(super) readings: Vec<(usize, u32, Reading)>,
    pub(super) faults: Vec<Planned<Fault>>,
    pub(super) repairs: Vec<Planned<Repair>>,
    pub(super) cables: Vec<(usize, ports::CableRow)>,
    pub(super) env: Vec<(usize, environment::EnvRow)>,
}

/// What earlier sheets (and rows) of this file define: name/code → (sheet, row).
pub(super) struct Planner<'k> {
    pub(super) lang: Lang,
    pub(super) ctx: &'k Ctx,
    pub(super) known: &'k Known,
    pub(super) defined_rooms: HashMap<String, u32>,
    pub(super) defined_heads: HashMap<String, (u32, String)>,
    /// Cabinet code → (row, room, height) as the file defines it.
    pub(super) defined_cabinets: HashMap<String, (u32, String, u32)>,
    /// Asset tag → the row that first has it, over every 资产登记 sheet (a sheet comes in
    /// chunks, so this outlives one call).
    pub(super) seen_assets: HashMap<String, u32>,
}

impl Planner<'_> {
    fn t(&self, zh: String, en: String) -> (String, String) {
        (zh, en)
    }
}
