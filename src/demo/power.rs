//! The demo site's power: an A-side and a B-side row-head cabinet per row (`A-RPP3`, `B-RPP3`),
//! cabinets mostly dual-fed with breakers sized to their rating, ratings that leave most
//! cabinets comfortable and a few near or past their limits, and a month of readings for some.

use chrono::{Duration, NaiveDate};

use super::Rng;
use crate::db::{self, audit::Record, power::CabinetPowerConfig, readings::Reading, row_heads::RowHead};
use crate::error::Result;
use crate::ledger::{to_json, Ctx};

/// A row of cabinets: its room, label, site-wide number, and the indexes of its cabinets.
pub(crate) struct Row {
    pub room_id: i64,
    pub label: String,
    pub number: u32,
    pub cabinets: Vec<usize>,
}

/// Cabinet ratings in this site, with the breaker (A) that goes with each.
const RATINGS: &[(i64, f64)] = &[(4_400, 32.0), (6_000, 32.0), (8_000, 40.0), (10_000, 63.0)];

pub(crate) fn build(
    tx: &crate::db::Connection,
    ctx: &Ctx,
    rng: &mut Rng,
    rows: &[Row],
    ids: &[i64],
    loads: &[i64],
) -> Result<()> {
    let room_names: std::collections::HashMap<i64, String> = db::rooms::list(tx)?
        .into_iter()
        .filter_map(|r| db::rooms::get_id(tx, &r.name).ok().flatten().map(|id| (id, r.name)))
        .collect();
    for row in rows {
        // Most cabinets are rated so they run below 75 %; one in twelve is rated a size too small.
        let mut fed_a = 0_i64;
        let mut fed_b = 0_i64;
        let mut configs = Vec::new();
        for &ci in &row.cabinets {
            let load = loads[ci];
            let fits = RATINGS.iter().position(|(w, _)| load * 4 <= w * 3).unwrap_or(RATINGS.len() - 1);
            let pick = if fits > 0 && rng.chance(12) { fits - 1 } else { fits };
            let (rated, breaker) = RATINGS[pick];
            let dual = !rng.chance(10);
            fed_a += load;
            if dual {
                fed_b += load;
            }
            let n = row.number;
            configs.push((
                ci,
                CabinetPowerConfig {
                    rated_w: Some(rated),
                    feed_a: Some(format!("A-RPP{n}")),
                    feed_a_branch: Some(format!("{}", configs.len() + 1)),
                    feed_a_breaker_a: Some(breaker),
                    feed_b: dual.then(|| format!("B-RPP{n}")),
                    feed_b_branch: dual.then(|| format!("{}", configs.len() + 1)),
                    feed_b_breaker_a: dual.then_some(breaker),
                    warning_level: None,
                    alarm_level: None,
                },
            ));
        }
        // Row-heads sized (2N) so that each could carry its whole row alone at 55–90 %, in 10 kW
        // steps: normal load then sits near half of that, and failover shows who is tight.
        let mut head_ids = Vec::new();
        for (side, fed) in [("A", fed_a), ("B", fed_b)] {
            let target = 55 + rng.below(36) as i64;
            let capacity = ((fed * 100 / target) / 10_000 + 1) * 10_000;
            let h = RowHead {
                code: format!("{side}-RPP{}", row.number),
                room: room_names.get(&row.room_id).cloned().unwrap_or_default(),
                row: Some(row.label.clone()),
                capacity_w: capacity.max(20_000),
                voltage_v: 380,
                phases: 3,
                warning_level: None,
                alarm_level: None,
                note: Some(format!("{}列{}路列头柜", row.label, side)),
            };
            let id = db::row_heads::insert(tx, row.room_id, &h)?;
            db::audit::insert(
                tx,
                ctx.now,
                &ctx.operator,
                &Record {
                    action: "row_head.create",
                    entity: "row_head",
                    key: &h.code,
                    before: None,
                    after: to_json(&h),
                    reason: Some("演示数据"),
                },
            )?;
            head_ids.push(id);
        }
        for (ci, cfg) in configs {
            let b = cfg.feed_b.as_ref().map(|_| head_ids[1]);
            db::power::set_config(tx, ids[ci], &cfg, Some(head_ids[0]), b)?;
            // Three readings over the last month for about a third of the cabinets.
            if loads[ci] > 0 && rng.chance(33) {
                let first =
                    NaiveDate::from_ymd_opt(2026, 10, 20).and_then(|d| d.and_hms_opt(9, 30, 0)).unwrap_or_default();
                for k in 0..3 {
                    let factor = 80 + rng.below(28) as i64;
                    let r = Reading {
                        cabinet: String::new(),
                        at: (first + Duration::days(10 * k)).format("%Y-%m-%d %H:%M:%S").to_string(),
                        measured_w: loads[ci] * factor / 100,
                        amps_a: None,
                        amps_b: None,
                        operator: "IDC巡检".into(),
                        note: None,
                    };
                    db::readings::insert(tx, ids[ci], &r)?;
                }
            }
        }
    }
    Ok(())
}
