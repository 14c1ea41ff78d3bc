//! Power: every cabinet and row-head cabinet (列头柜) against its safe threshold, and the check
//! before load is added. The formulas (exact, in watts) are in [`calc`]; this module holds the
//! figures they produce, as the `power` command prints them.
//!
//! Why these numbers:
//! - a device counts at its typical power when known, else its rated (nameplate) power;
//! - a cabinet's load is the larger of what its devices add up to and the latest measured
//!   reading, so neither an optimistic nameplate sum nor a stale reading hides a real load;
//! - a dual-fed cabinet normally draws half from each feed, but when one feed is lost the other
//!   carries all of it: the row-head's failover load is that worst case.

pub mod alerts;
pub mod calc;

/// Power as people read it: kW with two decimals (`4.40 kW`), as ui.md prescribes.
pub fn kw(w: f64) -> String {
    format!("{:.2} kW", w / 1000.0)
}

/// A utilization as a percentage with one decimal (`81.8%`); empty when there is none.
pub fn pct(u: Option<f64>) -> String {
    u.map(|u| format!("{:.1}%", u * 100.0)).unwrap_or_default()
}
pub mod report;
pub mod view;

use serde::{Deserialize, Serialize};

/// 正常 / 预警 / 告警 / 超载, or unknown when no capacity is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PowerStatus {
    Unknown,
    Ok,
    Warning,
    Critical,
    Over,
}

impl PowerStatus {
    pub fn code(self) -> &'static str {
        match self {
            PowerStatus::Unknown => "unknown",
            PowerStatus::Ok => "ok",
            PowerStatus::Warning => "warning",
            PowerStatus::Critical => "critical",
            PowerStatus::Over => "over",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PowerStatus::Unknown => "未设容量",
            PowerStatus::Ok => "正常",
            PowerStatus::Warning => "预警",
            PowerStatus::Critical => "告警",
            PowerStatus::Over => "超载",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        lang.pick(self.label_zh(), self.code())
    }

    /// At `warning` or worse: what the warnings banner counts.
    pub fn is_alert(self) -> bool {
        self >= PowerStatus::Warning
    }
}

/// The warning and alarm levels, as fractions of capacity (0.8 = 80 %).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Levels {
    pub warning: f64,
    pub alarm: f64,
}

impl Default for Levels {
    /// The operations rules' defaults: warn at 80 %, alarm at 90 %.
    fn default() -> Self {
        Levels { warning: 0.8, alarm: 0.9 }
    }
}

/// One cabinet's power, as `power --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CabinetPower {
    pub cabinet: String,
    pub room: String,
    pub row: Option<String>,
    pub capacity_w: Option<i64>,
    pub device_count: i64,
    pub computed_w: i64,
    pub measured_w: Option<i64>,
    pub measured_at: Option<String>,
    pub load_w: i64,
    pub utilization: Option<f64>,
    pub headroom_w: Option<f64>,
    pub status: PowerStatus,
    /// Codes of the feeding row-heads, A first: `["A-RPP1", "B-RPP1"]`.
    pub feeds: Vec<String>,
    pub failover_ok: Option<bool>,
    pub warning_level: f64,
    pub alarm_level: f64,
    /// Power reserved by approved racking requests whose devices are not racked yet (design.md:
    /// the planned load adds them); 0 when none. The figures above leave it out.
    pub planned_w: i64,
    /// The load once those devices are racked (the larger of computed + planned and measured).
    pub planned_load_w: i64,
    pub planned_utilization: Option<f64>,
    pub planned_status: PowerStatus,
}

/// One row-head cabinet's power.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowHeadPower {
    pub row_head: String,
    pub room: String,
    pub row: Option<String>,
    pub capacity_w: i64,
    pub cabinet_count: i64,
    pub load_w: f64,
    pub failover_load_w: f64,
    /// The latest measured load (a patrol's phase currents, P = 220 V × ΣI), when one was read;
    /// `load_w` is the larger of it and the computed load, like a cabinet's.
    pub measured_w: Option<i64>,
    pub measured_at: Option<String>,
    pub utilization: Option<f64>,
    pub failover_utilization: Option<f64>,
    pub status: PowerStatus,
    pub failover_status: PowerStatus,
    pub warning_level: f64,
    pub alarm_level: f64,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PowerReport {
    pub cabinets: Vec<CabinetPower>,
    pub row_heads: Vec<RowHeadPower>,
}

pub use alerts::{AlertKind, PowerAlert, PowerAlerts};
pub use view::{MapTile, PowerRoom, PowerRow, PowerSort, PowerTable};
