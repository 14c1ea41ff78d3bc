//! The power alert list: which cabinets and row-head cabinets are at warning or worse, worst
//! first. The shell's warnings banner and badge and the power view show this list as it is; no
//! face sorts or filters the report again.
//!
//! Order: by status (超载, 告警, 预警), then by utilization (highest first), then by code, so the
//! list is the same on every refresh.

use serde::{Deserialize, Serialize};

use super::{PowerReport, PowerStatus};

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Cabinet,
    RowHead,
}

/// One cabinet or row-head cabinet at warning or worse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PowerAlert {
    pub kind: AlertKind,
    pub code: String,
    pub room: String,
    pub status: PowerStatus,
    pub load_w: f64,
    pub capacity_w: Option<i64>,
    pub utilization: Option<f64>,
}

/// Every alert's count, and the worst `items` (all of them, or the first `max`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PowerAlerts {
    pub count: u32,
    pub items: Vec<PowerAlert>,
}

impl PowerReport {
    /// The cabinets and row-head cabinets at warning or worse, worst first; at most `max` items
    /// (a large site may have a thousand), `count` counting them all.
    pub fn alerts(&self, max: usize) -> PowerAlerts {
        let cabinets = self.cabinets.iter().filter(|c| c.status.is_alert()).map(|c| PowerAlert {
            kind: AlertKind::Cabinet,
            code: c.cabinet.clone(),
            room: c.room.clone(),
            status: c.status,
            load_w: c.load_w as f64,
            capacity_w: c.capacity_w,
            utilization: c.utilization,
        });
        let heads = self.row_heads.iter().filter(|r| r.status.is_alert()).map(|r| PowerAlert {
            kind: AlertKind::RowHead,
            code: r.row_head.clone(),
            room: r.room.clone(),
            status: r.status,
            load_w: r.load_w,
            capacity_w: Some(r.capacity_w),
            utilization: r.utilization,
        });
        let mut items: Vec<PowerAlert> = cabinets.chain(heads).collect();
        let count = u32::try_from(items.len()).unwrap_or(u32::MAX);
        items.sort_by(|a, b| {
            b.status
                .cmp(&a.status)
                .then(b.utilization.unwrap_or(0.0).total_cmp(&a.utilization.unwrap_or(0.0)))
                .then(a.code.cmp(&b.code))
        });
        items.truncate(max);
        PowerAlerts { count, items }
    }

    /// How many cabinets and row-heads are at warning or worse ([`PowerReport::alerts`]' count).
    pub fn alert_count(&self) -> usize {
        self.cabinets.iter().filter(|c| c.status.is_alert()).count()
            + self.row_heads.iter().filter(|r| r.status.is_alert()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::{CabinetPower, RowHeadPower};

    fn cabinet(code: &str, status: PowerStatus, utilization: f64) -> CabinetPower {
        CabinetPower {
            cabinet: code.into(),
            room: "一号机房".into(),
            row: None,
            capacity_w: Some(4400),
            device_count: 1,
            computed_w: (4400.0 * utilization) as i64,
            measured_w: None,
            measured_at: None,
            load_w: (4400.0 * utilization) as i64,
            utilization: Some(utilization),
            headroom_w: None,
            status,
            feeds: vec![],
            failover_ok: None,
            warning_level: 0.8,
            alarm_level: 0.9,
            planned_w: 0,
            planned_load_w: 0,
            planned_utilization: None,
            planned_status: status,
        }
    }

    fn head(code: &str, status: PowerStatus, utilization: f64) -> RowHeadPower {
        RowHeadPower {
            row_head: code.into(),
            room: "一号机房".into(),
            row: None,
            capacity_w: 40_000,
            cabinet_count: 8,
            load_w: 40_000.0 * utilization,
            failover_load_w: 40_000.0 * utilization,
            utilization: Some(utilization),
            failover_utilization: Some(utilization),
            status,
            failover_status: status,
            measured_w: None,
            measured_at: None,
            warning_level: 0.8,
            alarm_level: 0.9,
        }
    }

    #[test]
    fn worst_first_then_fullest_then_by_code() {
        use PowerStatus::*;
        let report = PowerReport {
            cabinets: vec![
                cabinet("A01", Ok, 0.5),
                cabinet("A02", Warning, 0.85),
                cabinet("A03", Over, 1.2),
                cabinet("A04", Warning, 0.82),
                cabinet("A05", Unknown, 0.0),
                cabinet("A06", Critical, 0.95),
                cabinet("A00", Warning, 0.85),
            ],
            row_heads: vec![head("RPP1", Critical, 0.97), head("RPP2", Ok, 0.3)],
        };
        let all = report.alerts(100);
        let order: Vec<(&str, AlertKind)> = all.items.iter().map(|a| (a.code.as_str(), a.kind)).collect();
        assert_eq!(
            order,
            [
                ("A03", AlertKind::Cabinet),
                ("RPP1", AlertKind::RowHead),
                ("A06", AlertKind::Cabinet),
                ("A00", AlertKind::Cabinet),
                ("A02", AlertKind::Cabinet),
                ("A04", AlertKind::Cabinet),
            ]
        );
        assert_eq!(all.count, 6);
        assert_eq!(report.alert_count(), 6);
        let two = report.alerts(2);
        assert_eq!((two.count, two.items.len()), (6, 2));
        assert_eq!(two.items[1].capacity_w, Some(40_000));
        assert_eq!(serde_json::to_value(&two.items[1]).map(|v| v["kind"].clone()).ok(), Some("row_head".into()));
    }
}
