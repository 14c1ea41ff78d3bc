//! The power formulas, as pure functions over plain numbers, so every boundary can be tested
//! exactly. All loads are in watts.

use super::{Levels, PowerStatus};

/// Single-phase branch voltage used to turn breaker and feed amps into watts: each cabinet feed
/// is one 220 V branch of its row-head cabinet.
pub const BRANCH_VOLTAGE: f64 = 220.0;

/// Comparisons at a threshold must treat exactly 80 % as 80 %: tolerate float noise below this.
const EPS: f64 = 1e-9;

/// Status of a load against a capacity: ok below warning; warning at or above it; critical at
/// or above the alarm level; over at or above 100 %. No capacity: unknown.
pub fn status(load_w: f64, capacity_w: Option<i64>, levels: Levels) -> PowerStatus {
    let Some(cap) = capacity_w.filter(|c| *c > 0) else {
        return PowerStatus::Unknown;
    };
    let u = load_w / cap as f64;
    if u + EPS >= 1.0 {
        PowerStatus::Over
    } else if u + EPS >= levels.alarm {
        PowerStatus::Critical
    } else if u + EPS >= levels.warning {
        PowerStatus::Warning
    } else {
        PowerStatus::Ok
    }
}

pub fn utilization(load_w: f64, capacity_w: Option<i64>) -> Option<f64> {
    capacity_w.filter(|c| *c > 0).map(|c| load_w / c as f64)
}

/// Capacity × warning level − load, to the hundredth of a watt (may be negative).
pub fn headroom(load_w: f64, capacity_w: Option<i64>, levels: Levels) -> Option<f64> {
    capacity_w.map(|c| round2(c as f64 * levels.warning - load_w))
}

/// The cabinet's load: the larger of the computed sum and the latest reading.
pub fn cabinet_load(computed_w: i64, measured_w: Option<i64>) -> i64 {
    measured_w.map_or(computed_w, |m| m.max(computed_w))
}

// The type lives in `model` because storage reads it; its rules live here.
pub use crate::model::Feeds;

impl Feeds {
    /// The share of the cabinet's load that `row_head` carries in normal operation: all of it
    /// for a single-fed cabinet (or one whose A and B both come from this row-head), half for a
    /// dual-fed one, none if it does not feed it.
    pub fn share(self, row_head: i64) -> f64 {
        let from_a = self.a == Some(row_head);
        let from_b = self.b == Some(row_head);
        match (from_a, from_b) {
            (false, false) => 0.0,
            (true, true) => 1.0,
            _ if self.a.is_some() && self.b.is_some() => 0.5,
            _ => 1.0,
        }
    }

    /// The row-heads feeding the cabinet, each once, A first.
    pub fn row_heads(self) -> Vec<i64> {
        let mut v: Vec<i64> = self.a.into_iter().collect();
        if let Some(b) = self.b.filter(|b| Some(*b) != self.a) {
            v.push(b);
        }
        v
    }
}

/// Whether a dual-fed cabinet survives the loss of a feed: its whole load within the weaker
/// breaker's capacity at the alarm level. None unless dual-fed with both breakers known.
pub fn failover_ok(
    load_w: i64,
    dual_fed: bool,
    breaker_a: Option<f64>,
    breaker_b: Option<f64>,
    alarm: f64,
) -> Option<bool> {
    if !dual_fed {
        return None;
    }
    let (a, b) = (breaker_a?, breaker_b?);
    let limit = a.min(b) * BRANCH_VOLTAGE * alarm;
    Some(load_w as f64 <= limit + EPS)
}

/// Watts from the amps read on the A and B feeds.
pub fn watts_from_amps(amps_a: f64, amps_b: f64) -> i64 {
    ((amps_a + amps_b) * BRANCH_VOLTAGE).round() as i64
}

/// A row-head cabinet's load from the per-phase currents read on a patrol: a 380 V three-phase
/// feed has 220 V from each phase to neutral, so P = 220 V × (I1 + I2 + I3) (design.md).
pub fn watts_from_phase_amps(amps: &[f64]) -> i64 {
    (amps.iter().sum::<f64>() * BRANCH_VOLTAGE).round() as i64
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Levels = Levels { warning: 0.8, alarm: 0.9 };

    #[test]
    fn status_boundaries_are_inclusive() {
        let cap = Some(4400);
        assert_eq!(status(3519.0, cap, L), PowerStatus::Ok);
        assert_eq!(status(3520.0, cap, L), PowerStatus::Warning); // exactly 80 %
        assert_eq!(status(3959.0, cap, L), PowerStatus::Warning);
        assert_eq!(status(3960.0, cap, L), PowerStatus::Critical); // exactly 90 %
        assert_eq!(status(4399.0, cap, L), PowerStatus::Critical);
        assert_eq!(status(4400.0, cap, L), PowerStatus::Over); // exactly 100 %
        assert_eq!(status(9000.0, cap, L), PowerStatus::Over);
        assert_eq!(status(0.0, cap, L), PowerStatus::Ok);
        assert_eq!(status(100.0, None, L), PowerStatus::Unknown);
        assert_eq!(status(100.0, Some(0), L), PowerStatus::Unknown);
    }

    #[test]
    fn boundaries_hold_for_awkward_capacities_and_levels() {
        // 85 % of 6 kW and 95 % of 7.7 kW, where float products are not exact.
        let l = Levels { warning: 0.85, alarm: 0.95 };
        assert_eq!(status(5100.0, Some(6000), l), PowerStatus::Warning);
        assert_eq!(status(5099.0, Some(6000), l), PowerStatus::Ok);
        assert_eq!(status(7315.0, Some(7700), l), PowerStatus::Critical);
        assert_eq!(headroom(5100.0, Some(6000), l), Some(0.0));
    }

    #[test]
    fn headroom_and_utilization() {
        assert_eq!(headroom(3000.0, Some(4400), L), Some(520.0));
        assert_eq!(headroom(4000.0, Some(4400), L), Some(-480.0));
        assert_eq!(utilization(2200.0, Some(4400)), Some(0.5));
        assert_eq!(utilization(2200.0, None), None);
    }

    #[test]
    fn load_takes_the_larger_of_computed_and_measured() {
        assert_eq!(cabinet_load(3000, None), 3000);
        assert_eq!(cabinet_load(3000, Some(3500)), 3500);
        // A reading lower than the computed load does not lower it.
        assert_eq!(cabinet_load(3000, Some(1200)), 3000);
    }

    #[test]
    fn shares_single_dual_and_same_row_head() {
        let single = Feeds { a: Some(1), b: None };
        let dual = Feeds { a: Some(1), b: Some(2) };
        let same = Feeds { a: Some(1), b: Some(1) };
        assert_eq!(single.share(1), 1.0);
        assert_eq!(single.share(2), 0.0);
        assert_eq!(dual.share(1), 0.5);
        assert_eq!(dual.share(2), 0.5);
        assert_eq!(same.share(1), 1.0);
        assert_eq!(same.row_heads(), vec![1]);
        assert_eq!(dual.row_heads(), vec![1, 2]);
        let b_only = Feeds { a: None, b: Some(2) };
        assert_eq!(b_only.share(2), 1.0);
    }

    #[test]
    fn failover_needs_both_breakers() {
        // 32 A × 220 V × 0.9 = 6336 W.
        assert_eq!(failover_ok(6336, true, Some(32.0), Some(40.0), 0.9), Some(true));
        assert_eq!(failover_ok(6337, true, Some(32.0), Some(40.0), 0.9), Some(false));
        assert_eq!(failover_ok(6337, true, Some(32.0), None, 0.9), None);
        assert_eq!(failover_ok(100, false, Some(32.0), Some(32.0), 0.9), None);
    }

    #[test]
    fn amps_to_watts() {
        assert_eq!(watts_from_amps(10.0, 10.5), 4510);
    }
}
