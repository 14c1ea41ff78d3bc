//! Rooms and cabinets: where assets are racked.

use serde::{Deserialize, Serialize};

/// 机房.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Room {
    pub name: String,
    pub location: Option<String>,
    pub note: Option<String>,
}

/// 机柜. Its code is unique across the site: the command line names a cabinet by code alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cabinet {
    pub code: String,
    pub room: String,
    pub row: Option<String>,
    pub u_height: u32,
    pub owner: Option<String>,
    pub note: Option<String>,
    /// Rack units occupied by racked devices (either face counts the unit as used).
    pub used_u: u32,
    /// Rack units free on both faces: `u_height − used_u`, never below 0. Set with `used_u`
    /// ([`Cabinet::set_used_u`]) so no face computes it again.
    #[serde(default)]
    pub free_u: u32,
    pub device_count: u32,
}

impl Cabinet {
    /// Records the used units, and with them the free ones.
    pub fn set_used_u(&mut self, used: u32) {
        self.used_u = used.min(self.u_height);
        self.free_u = self.u_height - self.used_u;
    }
}

/// What `cabinet add` is given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CabinetDraft {
    pub code: String,
    pub room: String,
    pub row: Option<String>,
    pub u_height: u32,
    pub owner: Option<String>,
    pub note: Option<String>,
}

/// A cabinet is usually 42U or 47U; the default is 42.
pub const DEFAULT_CABINET_U: u32 = 42;

/// `A03-U21`, or `A03-U21(后)` on the rear face: how a position is written in history and lists.
pub fn position_label(cabinet: &str, start_u: u32, face: super::Face) -> String {
    match face {
        super::Face::Front => format!("{cabinet}-U{start_u}"),
        super::Face::Rear => format!("{cabinet}-U{start_u}(后)"),
    }
}

/// A cabinet's feeds, as row-head ids. What a feed carries is a power rule
/// (`crate::power::calc`); storage only reads and writes the ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feeds {
    pub a: Option<i64>,
    pub b: Option<i64>,
}
