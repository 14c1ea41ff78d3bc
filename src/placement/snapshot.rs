//! What occupies the cabinets a set of proposals concerns, gathered once: mounts, reservations
//! of approved requests, heights, and the power inputs.

use std::collections::{HashMap, HashSet};

use crate::db::Connection;

use super::Proposal;
use crate::db;
use crate::db::power::CabinetInput;
use crate::db::row_heads::RowHead;
use crate::error::Result;
use crate::power::Levels;
use crate::rack::Mount;

/// Watts reserved per cabinet id by approved racking requests: the planned load the power
/// report adds, and what a check counts as taken.
pub fn reserved_power(conn: &Connection) -> Result<HashMap<i64, i64>> {
    let mut out: HashMap<i64, i64> = HashMap::new();
    for r in db::requests::reservations(conn, None)? {
        *out.entry(r.cabinet_id).or_default() += r.load_w;
    }
    Ok(out)
}

/// Units (and power) an approved racking request holds in a cabinet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reserved {
    pub request_id: i64,
    pub request_no: String,
    pub cabinet: String,
    pub mount: Mount,
    pub load_w: i64,
}

/// One cabinet's space.
#[derive(Debug, Clone, Default)]
pub(super) struct Space {
    pub height: u32,
    pub mounts: Vec<Mount>,
}

/// The power side: the cabinets concerned and every cabinet sharing a row-head with them (the
/// reserved power already counted in), the row-heads feeding them, and the global levels.
#[derive(Debug, Clone)]
pub(super) struct PowerSite {
    pub inputs: Vec<CabinetInput>,
    pub heads: Vec<(i64, RowHead)>,
    pub levels: Levels,
}

/// The site as a set of proposals sees it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub(super) cabinets: HashMap<String, Space>,
    pub(super) reserved: Vec<Reserved>,
    pub(super) power: Option<PowerSite>,
    /// The global levels, for an answer without power figures.
    pub(super) levels: Levels,
}

impl Snapshot {
    /// Reads from the database what `proposals` need: their target cabinets' heights and mounts,
    /// the reservations of approved requests other than `except_request` (the request being
    /// judged does not stand in its own way), and — when `levels` is given — the power of the
    /// target and source cabinets and their row-heads. Unknown cabinets are left out (the
    /// judgement refuses a proposal into one).
    pub fn load(
        conn: &Connection,
        proposals: &[Proposal],
        except_request: Option<i64>,
        levels: Option<Levels>,
    ) -> Result<Snapshot> {
        let mut ids: HashMap<String, i64> = HashMap::new();
        let mut cabinets = HashMap::new();
        for code in proposals.iter().map(|p| p.cabinet.as_str()) {
            if cabinets.contains_key(code) {
                continue;
            }
            if let Some(c) = db::cabinets::get(conn, code)? {
                cabinets
                    .insert(c.code.clone(), Space { height: c.u_height, mounts: db::positions::mounts(conn, c.id)? });
                ids.insert(c.code, c.id);
            }
        }
        for code in proposals.iter().filter_map(|p| p.from.as_deref()) {
            if !ids.contains_key(code) {
                if let Some(c) = db::cabinets::get(conn, code)? {
                    ids.insert(c.code, c.id);
                }
            }
        }
        let codes: HashMap<i64, String> = ids.iter().map(|(code, id)| (*id, code.clone())).collect();
        let stored = db::requests::reservations(conn, None)?;
        let mut power = None;
        if let Some(levels) = levels.filter(|_| !ids.is_empty()) {
            let mut wanted: Vec<i64> = ids.values().copied().collect();
            wanted.sort_unstable();
            let mut inputs = db::power::neighbourhood(conn, &wanted)?;
            // Reserved power is taken, except a proposed device's own (it would count twice).
            let own: HashSet<&str> = proposals.iter().map(Proposal::tag).collect();
            for r in stored.iter().filter(|r| Some(r.request_id) != except_request) {
                if own.contains(r.mount.asset_tag.as_str()) {
                    continue;
                }
                if let Some(c) = inputs.iter_mut().find(|c| c.id == r.cabinet_id) {
                    c.computed_w += r.load_w;
                }
            }
            // Only the row-heads feeding these cabinets count: not all of the site's.
            let mut fed: Vec<i64> = inputs.iter().flat_map(|c| c.feeds.row_heads()).collect();
            fed.sort_unstable();
            fed.dedup();
            let heads = db::row_heads::with_ids(conn, &fed)?;
            power = Some(PowerSite { inputs, heads, levels });
        }
        let reserved = stored
            .into_iter()
            .filter(|r| Some(r.request_id) != except_request)
            .filter_map(|r| {
                let cabinet = codes.get(&r.cabinet_id)?.clone();
                Some(Reserved {
                    request_id: r.request_id,
                    request_no: r.request_no,
                    cabinet,
                    mount: r.mount,
                    load_w: r.load_w,
                })
            })
            .collect();
        Ok(Snapshot { cabinets, reserved, power, levels: levels.unwrap_or_default() })
    }

    /// A snapshot of space only, from what a caller already holds in memory (the import reads
    /// the whole ledger once): each cabinet's height, the mounts that stay, and the reservations.
    pub fn of_space(
        heights: impl IntoIterator<Item = (String, u32)>,
        mounts: impl IntoIterator<Item = (String, Mount)>,
        reserved: Vec<Reserved>,
    ) -> Snapshot {
        let mut cabinets: HashMap<String, Space> =
            heights.into_iter().map(|(code, height)| (code, Space { height, mounts: Vec::new() })).collect();
        for (code, m) in mounts {
            cabinets.entry(code).or_default().mounts.push(m);
        }
        Snapshot { cabinets, reserved, power: None, levels: Levels::default() }
    }

    /// The reservations of approved requests (all cabinets), with their cabinet codes as
    /// `code_of` (cabinet id → code) gives them.
    pub fn reservations(conn: &Connection, code_of: impl Fn(i64) -> Option<String>) -> Result<Vec<Reserved>> {
        Ok(db::requests::reservations(conn, None)?
            .into_iter()
            .filter_map(|r| {
                Some(Reserved {
                    request_id: r.request_id,
                    request_no: r.request_no,
                    cabinet: code_of(r.cabinet_id)?,
                    mount: r.mount,
                    load_w: r.load_w,
                })
            })
            .collect())
    }

    /// The global levels the snapshot was loaded with.
    pub fn levels(&self) -> Levels {
        self.levels
    }

    /// The stored mounts of a cabinet (the devices that stay where they are).
    pub fn mounts(&self, cabinet: &str) -> &[Mount] {
        self.cabinets.get(cabinet).map(|s| s.mounts.as_slice()).unwrap_or(&[])
    }

    /// The reservations in a cabinet.
    pub fn reserved_in<'a>(&'a self, cabinet: &'a str) -> impl Iterator<Item = &'a Reserved> + 'a {
        self.reserved.iter().filter(move |r| r.cabinet == cabinet)
    }
}
