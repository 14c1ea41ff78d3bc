//! From stored inputs to figures: each cabinet's and row-head's load, utilization and status
//! ([`evaluate`]), and the effect of adding a device to a cabinet ([`assess`]).

use std::collections::HashMap;

use super::calc::{self, Feeds};
use super::{CabinetPower, Levels, PowerReport, PowerStatus, RowHeadPower};
use crate::db::power::CabinetInput;
use crate::db::row_heads::RowHead;

fn levels(warning: Option<f64>, alarm: Option<f64>, global: Levels) -> Levels {
    Levels { warning: warning.unwrap_or(global.warning), alarm: alarm.unwrap_or(global.alarm) }
}

/// A cabinet's figures.
pub fn cabinet(c: &CabinetInput, codes: &HashMap<i64, String>, global: Levels) -> CabinetPower {
    let lv = levels(c.warning_level, c.alarm_level, global);
    let load = calc::cabinet_load(c.computed_w, c.measured_w);
    let status = calc::status(load as f64, c.capacity_w, lv);
    let feeds = [c.feeds.a, c.feeds.b].iter().flatten().filter_map(|id| codes.get(id).cloned()).collect();
    CabinetPower {
        cabinet: c.code.clone(),
        room: c.room.clone(),
        row: c.row.clone(),
        capacity_w: c.capacity_w,
        device_count: c.device_count,
        computed_w: c.computed_w,
        measured_w: c.measured_w,
        measured_at: c.measured_at.clone(),
        load_w: load,
        utilization: calc::utilization(load as f64, c.capacity_w),
        headroom_w: calc::headroom(load as f64, c.capacity_w, lv),
        status,
        feeds,
        failover_ok: calc::failover_ok(
            load,
            c.feeds.a.is_some() && c.feeds.b.is_some(),
            c.breaker_a,
            c.breaker_b,
            lv.alarm,
        ),
        warning_level: lv.warning,
        alarm_level: lv.alarm,
        planned_w: 0,
        planned_load_w: load,
        planned_utilization: calc::utilization(load as f64, c.capacity_w),
        planned_status: status,
    }
}

/// Adds the power reserved by approved requests (`planned_w` per cabinet) to a cabinet's
/// planned figures; the measured and computed figures stay as they are.
pub fn plan(p: &mut CabinetPower, computed_w: i64, planned_w: i64) {
    let lv = Levels { warning: p.warning_level, alarm: p.alarm_level };
    p.planned_w = planned_w;
    p.planned_load_w = calc::cabinet_load(computed_w + planned_w, p.measured_w);
    p.planned_utilization = calc::utilization(p.planned_load_w as f64, p.capacity_w);
    p.planned_status = calc::status(p.planned_load_w as f64, p.capacity_w, lv);
}

/// Row-head figures from the loads of the cabinets (id, feeds, load) it feeds.
pub fn row_head(id: i64, h: &RowHead, cabinets: &[(i64, Feeds, i64)], global: Levels) -> RowHeadPower {
    let lv = levels(h.warning_level, h.alarm_level, global);
    let mut load = 0.0;
    let mut failover = 0.0;
    let mut count = 0;
    for (_, feeds, cab_load) in cabinets {
        let share = feeds.share(id);
        if share > 0.0 {
            load += *cab_load as f64 * share;
            failover += *cab_load as f64;
            count += 1;
        }
    }
    let cap = Some(h.capacity_w);
    RowHeadPower {
        row_head: h.code.clone(),
        room: h.room.clone(),
        row: h.row.clone(),
        capacity_w: h.capacity_w,
        cabinet_count: count,
        load_w: load,
        failover_load_w: failover,
        measured_w: None,
        measured_at: None,
        utilization: calc::utilization(load, cap),
        failover_utilization: calc::utilization(failover, cap),
        status: calc::status(load, cap, lv),
        failover_status: calc::status(failover, cap, lv),
        warning_level: lv.warning,
        alarm_level: lv.alarm,
    }
}

/// Adds a row-head's latest measured reading: like a cabinet, its load is the larger of the
/// computed and the measured load (design.md), and so is its failover load at the least.
pub fn measure_row_head(p: &mut RowHeadPower, measured_w: i64, at: &str) {
    let lv = Levels { warning: p.warning_level, alarm: p.alarm_level };
    let cap = Some(p.capacity_w);
    p.measured_w = Some(measured_w);
    p.measured_at = Some(at.to_string());
    p.load_w = p.load_w.max(measured_w as f64);
    p.failover_load_w = p.failover_load_w.max(p.load_w);
    p.utilization = calc::utilization(p.load_w, cap);
    p.failover_utilization = calc::utilization(p.failover_load_w, cap);
    p.status = calc::status(p.load_w, cap, lv);
    p.failover_status = calc::status(p.failover_load_w, cap, lv);
}

/// The whole site's figures.
pub fn evaluate(cabinets: &[CabinetInput], row_heads: &[(i64, RowHead)], global: Levels) -> PowerReport {
    let codes: HashMap<i64, String> = row_heads.iter().map(|(id, h)| (*id, h.code.clone())).collect();
    let cab: Vec<CabinetPower> = cabinets.iter().map(|c| cabinet(c, &codes, global)).collect();
    // Each row-head sums only the cabinets it feeds.
    let mut fed: HashMap<i64, Vec<(i64, Feeds, i64)>> = HashMap::new();
    for (c, p) in cabinets.iter().zip(&cab) {
        for rh in c.feeds.row_heads() {
            fed.entry(rh).or_default().push((c.id, c.feeds, p.load_w));
        }
    }
    let rh = row_heads
        .iter()
        .map(|(id, h)| row_head(*id, h, fed.get(id).map(Vec::as_slice).unwrap_or(&[]), global))
        .collect();
    PowerReport { cabinets: cab, row_heads: rh }
}

/// Before and after of one cabinet or row-head.
#[derive(Debug, Clone, PartialEq)]
pub struct Change<T> {
    pub before: T,
    pub after: T,
}

/// The effect of racking a device of `device_w` in `target` (taking it out of `source` if it
/// is moving from another cabinet).
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub cabinet: Change<CabinetPower>,
    pub row_heads: Vec<Change<RowHeadPower>>,
}

/// `cabinets` must hold the target, the source, and every cabinet sharing a row-head with them.
pub fn assess(
    cabinets: &[CabinetInput],
    row_heads: &[(i64, RowHead)],
    global: Levels,
    target: i64,
    source: Option<i64>,
    device_w: i64,
) -> Option<Assessment> {
    let before = evaluate(cabinets, row_heads, global);
    let mut moved = cabinets.to_vec();
    if source != Some(target) {
        for c in &mut moved {
            if Some(c.id) == source {
                c.computed_w -= device_w;
                c.device_count -= 1;
            }
            if c.id == target {
                c.computed_w += device_w;
                c.device_count += 1;
            }
        }
    }
    let after = evaluate(&moved, row_heads, global);
    changes(cabinets, row_heads, &before, &after, target)
}

/// The before and after of `target` and the row-heads feeding it.
fn changes(
    cabinets: &[CabinetInput],
    row_heads: &[(i64, RowHead)],
    before: &PowerReport,
    after: &PowerReport,
    target: i64,
) -> Option<Assessment> {
    let idx = cabinets.iter().position(|c| c.id == target)?;
    let feeding = cabinets[idx].feeds.row_heads();
    let row_heads = row_heads
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| feeding.contains(id))
        .filter_map(|(i, _)| {
            Some(Change { before: before.row_heads.get(i)?.clone(), after: after.row_heads.get(i)?.clone() })
        })
        .collect();
    Some(Assessment {
        cabinet: Change { before: before.cabinets.get(idx)?.clone(), after: after.cabinets.get(idx)?.clone() },
        row_heads,
    })
}

/// The effect of adding several devices at once (`adds`: cabinet id and watts, a cabinet may
/// appear more than once): every row of a racking request counted together, so two cabinets on
/// one row-head add up there. One assessment per target cabinet, in the order first named.
pub fn assess_all(
    cabinets: &[CabinetInput],
    row_heads: &[(i64, RowHead)],
    global: Levels,
    adds: &[(i64, i64)],
) -> Vec<(i64, Assessment)> {
    let before = evaluate(cabinets, row_heads, global);
    let mut added = cabinets.to_vec();
    let mut targets: Vec<i64> = Vec::new();
    for (target, w) in adds {
        if let Some(c) = added.iter_mut().find(|c| c.id == *target) {
            c.computed_w += w;
            c.device_count += 1;
        }
        if !targets.contains(target) {
            targets.push(*target);
        }
    }
    let after = evaluate(&added, row_heads, global);
    targets.into_iter().filter_map(|t| Some((t, changes(cabinets, row_heads, &before, &after, t)?))).collect()
}

/// The power part of a check's verdict: refused when the cabinet or a feeding row-head would
/// be critical or over; a warning when any would be at warning, when the cabinet would not
/// survive the loss of a feed, or when a row-head's failover status would be critical or over.
pub fn verdict(a: &Assessment) -> (bool, bool) {
    let severe = |s: PowerStatus| s >= PowerStatus::Critical;
    let refused = severe(a.cabinet.after.status) || a.row_heads.iter().any(|r| severe(r.after.status));
    let warning = a.cabinet.after.status == PowerStatus::Warning
        || a.row_heads.iter().any(|r| r.after.status == PowerStatus::Warning || severe(r.after.failover_status))
        || a.cabinet.after.failover_ok == Some(false);
    (refused, warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rh(code: &str, capacity_w: i64) -> RowHead {
        RowHead {
            code: code.into(),
            room: "一号机房".into(),
            row: None,
            capacity_w,
            voltage_v: 380,
            phases: 3,
            warning_level: None,
            alarm_level: None,
            note: None,
        }
    }

    fn cab(id: i64, computed_w: i64, measured_w: Option<i64>, a: Option<i64>, b: Option<i64>) -> CabinetInput {
        CabinetInput {
            id,
            code: format!("C{id}"),
            room: "一号机房".into(),
            row: None,
            capacity_w: Some(4400),
            device_count: 1,
            computed_w,
            measured_w,
            measured_at: None,
            feeds: Feeds { a, b },
            breaker_a: Some(32.0),
            breaker_b: b.map(|_| 32.0),
            warning_level: None,
            alarm_level: None,
        }
    }

    #[test]
    fn row_head_load_and_failover() {
        let heads = vec![(1, rh("A-RPP1", 20_000)), (2, rh("B-RPP1", 20_000))];
        let cabinets = vec![
            cab(10, 3000, None, Some(1), Some(2)),       // dual: half to each
            cab(11, 2001, None, Some(1), None),          // single on A
            cab(12, 1000, Some(1500), Some(2), Some(2)), // both feeds from B: all to B
        ];
        let r = evaluate(&cabinets, &heads, Levels::default());
        assert_eq!(r.row_heads[0].load_w, 1500.0 + 2001.0);
        assert_eq!(r.row_heads[0].failover_load_w, 3000.0 + 2001.0);
        assert_eq!(r.row_heads[1].load_w, 1500.0 + 1500.0);
        assert_eq!(r.row_heads[1].failover_load_w, 3000.0 + 1500.0);
        assert_eq!(r.row_heads[0].cabinet_count, 2);
        assert_eq!(r.cabinets[2].load_w, 1500);
        assert_eq!(r.cabinets[0].feeds, vec!["A-RPP1".to_string(), "B-RPP1".to_string()]);
        assert_eq!(r.cabinets[0].failover_ok, Some(true));
        assert_eq!(r.cabinets[1].failover_ok, None);
    }

    #[test]
    fn odd_loads_split_to_the_half_watt() {
        let heads = vec![(1, rh("A", 10_000)), (2, rh("B", 10_000))];
        let r = evaluate(&[cab(1, 3001, None, Some(1), Some(2))], &heads, Levels::default());
        assert_eq!(r.row_heads[0].load_w, 1500.5);
    }

    #[test]
    fn assessing_a_device_moves_its_load() {
        let heads = vec![(1, rh("A-RPP1", 10_000))];
        let cabinets = vec![cab(1, 3000, None, Some(1), None), cab(2, 1000, None, Some(1), None)];
        // 520 W more takes C1 to exactly 80 %: a warning, not a refusal.
        let a = assess(&cabinets, &heads, Levels::default(), 1, None, 520).unwrap_or_else(|| panic!("target"));
        assert_eq!(a.cabinet.before.load_w, 3000);
        assert_eq!(a.cabinet.after.load_w, 3520);
        assert_eq!(a.cabinet.after.status, PowerStatus::Warning);
        assert_eq!(verdict(&a), (false, true));
        // Moving 1000 W from C2 into C1: the row-head total does not change.
        let m = assess(&cabinets, &heads, Levels::default(), 1, Some(2), 1000).unwrap_or_else(|| panic!("target"));
        assert_eq!(m.row_heads[0].before.load_w, m.row_heads[0].after.load_w);
        assert_eq!(m.cabinet.after.status, PowerStatus::Critical);
        assert!(verdict(&m).0);
    }

    #[test]
    fn a_measured_load_above_the_sum_absorbs_small_additions() {
        let heads = vec![(1, rh("A", 100_000))];
        let cabinets = vec![cab(1, 1000, Some(3000), Some(1), None)];
        let a = assess(&cabinets, &heads, Levels::default(), 1, None, 500).unwrap_or_else(|| panic!("target"));
        assert_eq!(a.cabinet.after.load_w, 3000);
    }
}
