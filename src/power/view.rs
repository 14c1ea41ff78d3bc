//! What the 电力 view receives of a room's power report, in windows: a room of 2,500 cabinets
//! is about 1 MB as one [`PowerReport`] (25 figures a cabinet), and the view shows a screenful.
//!
//! - the floor map: one small [`MapTile`] per cabinet and row-head cabinet (code, load,
//!   capacity, utilization, status: what a tile shows), in map order (by row, the row-heads
//!   first, then the codes as numbers read), a window at a time;
//! - the cabinet table: a [`PowerRow`] per cabinet (its six columns), sorted and filtered here
//!   ([`PowerTable`]) before the window is cut, so a window is the rows the sorted table shows
//!   there; the side panel asks for the picked cabinet's whole [`CabinetPower`];
//! - the row-head cabinets: whole [`RowHeadPower`]s, a window at a time;
//! - every window carries the room's counts by status (the view's header), counted over the
//!   whole room, never over a window.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AlertKind, CabinetPower, PowerReport, PowerStatus, RowHeadPower};
use crate::db::window::RecordPage;

/// One tile of the floor map: a cabinet or a row-head cabinet (`kind`, as in the alert list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MapTile {
    pub kind: AlertKind,
    pub code: String,
    pub row: Option<String>,
    pub load_w: f64,
    pub capacity_w: Option<i64>,
    pub utilization: Option<f64>,
    pub status: PowerStatus,
}

/// One row of the cabinet table: the columns it shows. The side panel asks for the cabinet's
/// whole [`CabinetPower`] when it is picked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PowerRow {
    pub cabinet: String,
    pub load_w: i64,
    pub capacity_w: Option<i64>,
    pub utilization: Option<f64>,
    pub headroom_w: Option<f64>,
    pub status: PowerStatus,
}

impl From<&CabinetPower> for PowerRow {
    fn from(c: &CabinetPower) -> Self {
        PowerRow {
            cabinet: c.cabinet.clone(),
            load_w: c.load_w,
            capacity_w: c.capacity_w,
            utilization: c.utilization,
            headroom_w: c.headroom_w,
            status: c.status,
        }
    }
}

/// The column the cabinet table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PowerSort {
    Cabinet,
    Load,
    Capacity,
    Utilization,
    /// The default, ascending: the cabinets closest to (or past) their warning level first.
    #[default]
    Headroom,
    Status,
}

/// Which cabinets the table shows, in which order, and which window of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PowerTable {
    pub sort: PowerSort,
    pub desc: bool,
    /// Only the cabinets in this status.
    pub status: Option<PowerStatus>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// What the view asks when it opens (or refreshes) a room: the first window of each of its
/// three lists, cut from one report (each list's own call computes the report again).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PowerRoom {
    pub tiles: RecordPage<MapTile>,
    pub cabinets: RecordPage<PowerRow>,
    pub row_heads: RecordPage<RowHeadPower>,
}

/// Codes compared as people read them: `A2` before `A10`.
fn natural(a: &str, b: &str) -> Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                // Digit runs are ASCII, so these are char boundaries.
                if s.is_char_boundary(start) && s.is_char_boundary(i) {
                    out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                }
                start = i;
            }
        }
        out
    }
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let o = match (x, y) {
            ((true, x), (true, y)) => {
                let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                x.len().cmp(&y.len()).then_with(|| x.cmp(y))
            }
            ((_, x), (_, y)) => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len()).then_with(|| a.cmp(b))
}

/// A figure that may be missing sorts below every figure (as "—" in the table).
fn figure(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NEG_INFINITY)
}

/// How many of `statuses` are in each status, keyed by its code.
fn counts(statuses: impl Iterator<Item = PowerStatus>) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for s in statuses {
        *m.entry(s.code().to_string()).or_insert(0) += 1;
    }
    m
}

impl PowerReport {
    /// The cabinets by status, over the whole report (the view's header).
    pub fn cabinet_counts(&self) -> BTreeMap<String, i64> {
        counts(self.cabinets.iter().map(|c| c.status))
    }

    /// Every tile of the floor map, in map order: by row (cabinets without a row first), in
    /// each row its row-head cabinets and then its cabinets, each by code as numbers read.
    pub fn map_tiles(&self) -> Vec<MapTile> {
        let heads = self.row_heads.iter().map(|h| MapTile {
            kind: AlertKind::RowHead,
            code: h.row_head.clone(),
            row: h.row.clone(),
            load_w: h.load_w,
            capacity_w: Some(h.capacity_w),
            utilization: h.utilization,
            status: h.status,
        });
        let cabinets = self.cabinets.iter().map(|c| MapTile {
            kind: AlertKind::Cabinet,
            code: c.cabinet.clone(),
            row: c.row.clone(),
            load_w: c.load_w as f64,
            capacity_w: c.capacity_w,
            utilization: c.utilization,
            status: c.status,
        });
        let mut tiles: Vec<MapTile> = heads.chain(cabinets).collect();
        let rank = |k: AlertKind| matches!(k, AlertKind::Cabinet);
        tiles.sort_by(|a, b| {
            natural(a.row.as_deref().unwrap_or(""), b.row.as_deref().unwrap_or(""))
                .then(rank(a.kind).cmp(&rank(b.kind)))
                .then_with(|| natural(&a.code, &b.code))
        });
        tiles
    }

    /// A window of the floor map's tiles, with the cabinets' counts by status.
    pub fn tile_window(&self, limit: Option<u32>, offset: Option<u32>) -> RecordPage<MapTile> {
        RecordPage::cut(self.map_tiles(), limit, offset, self.cabinet_counts())
    }

    /// A window of the cabinet table: filtered by status, then sorted (ties by code), then cut;
    /// the counts by status are the whole report's, whatever the filter.
    pub fn cabinet_window(&self, t: &PowerTable) -> RecordPage<PowerRow> {
        let mut rows: Vec<PowerRow> =
            self.cabinets.iter().filter(|c| t.status.is_none_or(|s| c.status == s)).map(PowerRow::from).collect();
        rows.sort_by(|a, b| {
            let o = match t.sort {
                PowerSort::Cabinet => natural(&a.cabinet, &b.cabinet),
                PowerSort::Load => a.load_w.cmp(&b.load_w),
                PowerSort::Capacity => a.capacity_w.cmp(&b.capacity_w),
                PowerSort::Utilization => figure(a.utilization).total_cmp(&figure(b.utilization)),
                PowerSort::Headroom => figure(a.headroom_w).total_cmp(&figure(b.headroom_w)),
                PowerSort::Status => a.status.cmp(&b.status),
            };
            let o = if t.desc { o.reverse() } else { o };
            o.then_with(|| natural(&a.cabinet, &b.cabinet))
        });
        RecordPage::cut(rows, t.limit, t.offset, self.cabinet_counts())
    }

    /// The first windows of the map (`tiles` tiles), the table (as `table` asks) and the
    /// row-heads (`row_heads` of them).
    pub fn room_windows(&self, table: &PowerTable, tiles: Option<u32>, row_heads: Option<u32>) -> PowerRoom {
        PowerRoom {
            tiles: self.tile_window(tiles, None),
            cabinets: self.cabinet_window(table),
            row_heads: self.row_head_window(row_heads, None),
        }
    }

    /// A window of the row-head cabinets, in the report's order, with their counts by status.
    pub fn row_head_window(&self, limit: Option<u32>, offset: Option<u32>) -> RecordPage<RowHeadPower> {
        let by_state = counts(self.row_heads.iter().map(|h| h.status));
        RecordPage::cut(self.row_heads.clone(), limit, offset, by_state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_compare_as_numbers_read() {
        let mut codes = vec!["A10", "A2", "B01", "A02", "A1", "列头柜3", "列头柜12", ""];
        codes.sort_by(|a, b| natural(a, b));
        assert_eq!(codes, ["", "A1", "A02", "A2", "A10", "B01", "列头柜3", "列头柜12"]);
    }
}
