//! The answer to "may this device go there?" as the user sees it: used by `check`, `place`,
//! `move`, the app's placement dialog and the approval of racking requests. The judging itself is
//! the placement engine's (`crate::placement`); this module resolves the asset and cabinet, asks
//! it, and words its judgement (verdict, reasons, the power figures with their levels).

use serde::{Deserialize, Serialize};

use crate::db::Connection;

use super::settings::global_levels;
use super::Ledger;
use crate::db;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::{Asset, Face};
use crate::placement::{judge, Judgement, Proposal, Snapshot};
use crate::power::report::{self, Assessment};
use crate::power::{kw, pct, Levels, PowerStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    Warning,
    Refused,
}

/// The cabinet's part of the answer. Power figures are absent until power is configured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CabinetCheck {
    pub cabinet: String,
    pub capacity_w: Option<i64>,
    pub load_before_w: i64,
    pub load_after_w: i64,
    pub utilization_after: Option<f64>,
    pub status_after: PowerStatus,
    pub failover_ok_after: Option<bool>,
    /// The warning and alarm levels the cabinet was judged against (its own, else the global
    /// ones), as fractions of capacity.
    pub warning_level: f64,
    pub alarm_level: f64,
}

/// A feeding row-head cabinet's part of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowHeadCheck {
    pub row_head: String,
    pub capacity_w: i64,
    pub load_before_w: f64,
    pub load_after_w: f64,
    pub utilization_after: Option<f64>,
    pub status_after: PowerStatus,
    pub failover_load_after_w: f64,
    pub failover_status_after: PowerStatus,
    /// The warning and alarm levels the row-head was judged against, as fractions of capacity.
    pub warning_level: f64,
    pub alarm_level: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckResult {
    pub verdict: Verdict,
    /// Why, in the user's language.
    pub reasons: Vec<String>,
    /// Tags of the assets already on the requested units.
    pub conflicts: Vec<String>,
    /// A refusal on power alone, which a user may go past with a reason (`--override`). Space
    /// and status refusals are never overridable.
    pub overridable: bool,
    pub cabinet: CabinetCheck,
    pub row_heads: Vec<RowHeadCheck>,
}

/// What a placement would be, resolved against the database and judged by the placement engine.
pub(crate) struct Plan {
    pub asset_id: i64,
    pub asset: Asset,
    pub cabinet_id: i64,
    pub cabinet: String,
    pub room: String,
    pub start_u: u32,
    pub face: Face,
    /// The rule the placement breaks, if any (space or status): it cannot be overridden.
    pub blocked: Option<Error>,
    /// The power before and after.
    pub power: Option<Assessment>,
    /// The global levels (the answer's levels when the cabinet has no power figures).
    pub levels: Levels,
}

/// Resolves the asset and cabinet (unknown ones are errors) and asks the placement engine.
/// Works on a connection or an open transaction, so a registration can rack in the same
/// transaction.
pub(crate) fn plan(conn: &Connection, tag: &str, cabinet: &str, start_u: u32, face: Option<Face>) -> Result<Plan> {
    let (asset_id, asset) = db::assets::get(conn, tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })?;
    let cab = db::cabinets::get(conn, cabinet)?.ok_or_else(|| Error::CabinetNotFound { code: cabinet.to_string() })?;
    let face = face.or(asset.face).unwrap_or(Face::Front);
    let proposal = Proposal::of_asset(&asset, &cab.code, start_u, face);
    let snapshot = Snapshot::load(conn, std::slice::from_ref(&proposal), None, Some(global_levels(conn)?))?;
    let Judgement { blocked, power, levels, .. } = judge(&snapshot, &[proposal]).pop().unwrap_or(Judgement {
        blocked: None,
        beside: Vec::new(),
        power: None,
        levels: snapshot.levels(),
    });
    Ok(Plan {
        power,
        asset_id,
        asset,
        cabinet_id: cab.id,
        cabinet: cab.code,
        room: cab.room,
        start_u,
        face,
        blocked,
        levels,
    })
}

/// The answer the user sees for a plan.
pub(crate) fn answer(plan: &Plan, lang: Lang) -> CheckResult {
    compose(&plan.cabinet, plan.blocked.as_ref(), plan.power.as_ref(), plan.levels, lang)
}

/// The answer for a cabinet, from a space/status refusal (if any) and the power assessment;
/// `levels` are the global ones, shown when there are no power figures.
pub(crate) fn compose(
    cabinet: &str,
    blocked: Option<&Error>,
    power: Option<&Assessment>,
    levels: Levels,
    lang: Lang,
) -> CheckResult {
    let mut reasons = Vec::new();
    let mut conflicts = Vec::new();
    if let Some(e) = blocked {
        if let Error::SpaceConflict { occupied, .. } = e {
            conflicts = occupied.iter().map(|o| o.asset_tag.clone()).collect();
        }
        reasons.push(e.message(lang));
    }
    let (power_refused, power_warning) = power.map(report::verdict).unwrap_or((false, false));
    if let Some(a) = power {
        reasons.extend(power_reasons(a, lang));
    }
    let verdict = if blocked.is_some() || power_refused {
        Verdict::Refused
    } else if power_warning {
        Verdict::Warning
    } else {
        Verdict::Ok
    };
    let cabinet = match power {
        Some(a) => CabinetCheck {
            cabinet: cabinet.to_string(),
            capacity_w: a.cabinet.after.capacity_w,
            load_before_w: a.cabinet.before.load_w,
            load_after_w: a.cabinet.after.load_w,
            utilization_after: a.cabinet.after.utilization,
            status_after: a.cabinet.after.status,
            failover_ok_after: a.cabinet.after.failover_ok,
            warning_level: a.cabinet.after.warning_level,
            alarm_level: a.cabinet.after.alarm_level,
        },
        None => CabinetCheck {
            cabinet: cabinet.to_string(),
            capacity_w: None,
            load_before_w: 0,
            load_after_w: 0,
            utilization_after: None,
            status_after: PowerStatus::Unknown,
            failover_ok_after: None,
            warning_level: levels.warning,
            alarm_level: levels.alarm,
        },
    };
    let row_heads = power
        .iter()
        .flat_map(|a| &a.row_heads)
        .map(|r| RowHeadCheck {
            row_head: r.after.row_head.clone(),
            capacity_w: r.after.capacity_w,
            load_before_w: r.before.load_w,
            load_after_w: r.after.load_w,
            utilization_after: r.after.utilization,
            status_after: r.after.status,
            failover_load_after_w: r.after.failover_load_w,
            failover_status_after: r.after.failover_status,
            warning_level: r.after.warning_level,
            alarm_level: r.after.alarm_level,
        })
        .collect();
    let overridable = verdict == Verdict::Refused && blocked.is_none();
    CheckResult { verdict, reasons, conflicts, overridable, cabinet, row_heads }
}

/// "负载将从 3.00 kW 增至 3.52 kW", or "负载 5.64 kW（不变）" when a measured reading above the
/// computed sum already covers the added device (load is the larger of the two).
fn change(before: f64, after: f64, lang: Lang) -> String {
    let same = (before - after).abs() < 0.5;
    match (lang, same) {
        (Lang::Zh, true) => format!("负载 {}（不变，实测读数已高于设备合计）", kw(after)),
        (Lang::Zh, false) if after < before => format!("负载将从 {} 降至 {}", kw(before), kw(after)),
        (Lang::Zh, false) => format!("负载将从 {} 增至 {}", kw(before), kw(after)),
        (Lang::En, true) => {
            format!("load {} (unchanged: the measured reading already exceeds the devices' sum)", kw(after))
        }
        (Lang::En, false) => format!("load {} → {}", kw(before), kw(after)),
    }
}

/// Why the power part of a check is not simply ok, one sentence per cabinet or row-head.
fn power_reasons(a: &Assessment, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let c = &a.cabinet.after;
    if c.status.is_alert() {
        out.push(match lang {
            Lang::Zh => format!(
                "机柜 {} {}（额定 {} 的 {}），{}（预警 {:.0}% / 告警 {:.0}%）",
                c.cabinet,
                change(a.cabinet.before.load_w as f64, c.load_w as f64, lang),
                kw(c.capacity_w.unwrap_or(0) as f64),
                pct(c.utilization),
                c.status.label_zh(),
                c.warning_level * 100.0,
                c.alarm_level * 100.0
            ),
            Lang::En => format!(
                "cabinet {}: {} ({} of {}), {} (warning {:.0}% / alarm {:.0}%)",
                c.cabinet,
                change(a.cabinet.before.load_w as f64, c.load_w as f64, lang),
                pct(c.utilization),
                kw(c.capacity_w.unwrap_or(0) as f64),
                c.status.code(),
                c.warning_level * 100.0,
                c.alarm_level * 100.0
            ),
        });
    }
    if c.failover_ok == Some(false) {
        out.push(match lang {
            Lang::Zh => format!("机柜 {} 为双路供电，但 {} 超过单路开关在告警阈值下的容量，单路失效时无法承载", c.cabinet, kw(c.load_w as f64)),
            Lang::En => format!("cabinet {} is dual-fed, but {} exceeds one feed's breaker at the alarm level: it would not survive losing a feed", c.cabinet, kw(c.load_w as f64)),
        });
    }
    for r in &a.row_heads {
        let h = &r.after;
        if h.status.is_alert() {
            out.push(match lang {
                Lang::Zh => format!(
                    "列头柜 {} {}（容量 {} 的 {}），{}",
                    h.row_head,
                    change(r.before.load_w, h.load_w, lang),
                    kw(h.capacity_w as f64),
                    pct(h.utilization),
                    h.status.label_zh()
                ),
                Lang::En => format!(
                    "row-head {}: {} ({} of {}), {}",
                    h.row_head,
                    change(r.before.load_w, h.load_w, lang),
                    pct(h.utilization),
                    kw(h.capacity_w as f64),
                    h.status.code()
                ),
            });
        }
        if h.failover_status >= PowerStatus::Critical {
            out.push(match lang {
                Lang::Zh => format!(
                    "列头柜 {} 故障切换负载将达 {}（{}），{}",
                    h.row_head,
                    kw(h.failover_load_w),
                    pct(h.failover_utilization),
                    h.failover_status.label_zh()
                ),
                Lang::En => format!(
                    "row-head {}: failover load would reach {} ({}), {}",
                    h.row_head,
                    kw(h.failover_load_w),
                    pct(h.failover_utilization),
                    h.failover_status.code()
                ),
            });
        }
    }
    out
}

impl Ledger {
    /// What-if for racking `tag` at `cabinet` U`start_u`; writes nothing.
    pub fn check_placement(&self, tag: &str, cabinet: &str, start_u: u32, face: Option<Face>) -> Result<CheckResult> {
        let plan = plan(self.conn(), tag, cabinet, start_u, face)?;
        Ok(answer(&plan, self.lang))
    }
}
