//! 故障周报 (rules §4.1 item 6, §4.8 item 6): the faults and alarms of one ISO week, counted
//! by 来源 × 故障类型, their details, and the 用户报障 records for the customer-service
//! engineer's weekly report. Computed here; the Excel writer only lays it out.
//!
//! The week runs Monday 00:00 to the next Monday 00:00 (local time). A record:
//! - is 本周新增 when it occurred in the week;
//! - is 本周恢复 when it was recovered in the week (a record closed without a recovery time,
//!   such as an alarm that needed no action, ends when it was closed);
//! - is 仍未恢复 when it occurred before the week's end and had not ended by then;
//! - counts in 影响业务次数 when it is new this week and affected the service;
//! - belongs in 明细 when it occurred, ended or was still open during the week.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::Ledger;
use crate::db;
use crate::error::Result;
use crate::model::{Fault, FaultSource, FaultType};

/// One 来源 × 故障类型 line of the 汇总 sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaultWeekLine {
    pub source: FaultSource,
    /// None: 未分类 (no type given).
    pub fault_type: Option<FaultType>,
    pub new: i64,
    pub recovered: i64,
    pub still_open: i64,
    /// 平均恢复时长(分钟) over the records recovered this week, to one decimal.
    pub mean_recovery_min: Option<f64>,
    pub service_impact: i64,
}

/// A 用户报障 record with the device's 归属单位.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserReport {
    pub fault: Fault,
    pub owner: Option<String>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaultWeekReport {
    /// `2026-W49`.
    pub week: String,
    pub monday: NaiveDate,
    pub sunday: NaiveDate,
    /// `故障周报（2026年第49周 11月30日～12月6日）`.
    pub title: String,
    pub lines: Vec<FaultWeekLine>,
    /// The sums over every line (the mean over every record recovered this week).
    pub total: FaultWeekTotal,
    pub details: Vec<Fault>,
    pub user_reports: Vec<UserReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FaultWeekTotal {
    pub new: i64,
    pub recovered: i64,
    pub still_open: i64,
    pub mean_recovery_min: Option<f64>,
    pub service_impact: i64,
}

/// When the record ended: recovered, or else closed.
fn ended(f: &Fault) -> Option<NaiveDateTime> {
    f.recovered_at.or(f.closed_at)
}

fn minutes(f: &Fault) -> Option<f64> {
    let r = f.recovered_at?;
    Some((r - f.occurred_at).num_seconds() as f64 / 60.0)
}

fn mean(v: &[f64]) -> Option<f64> {
    if v.is_empty() {
        None
    } else {
        Some((v.iter().sum::<f64>() / v.len() as f64 * 10.0).round() / 10.0)
    }
}

/// The report of the ISO week holding `day`, from `faults`.
pub fn fault_week(faults: &[Fault], day: NaiveDate) -> FaultWeekReport {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    let sunday = monday + Duration::days(6);
    let start = monday.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = start + Duration::weeks(1);
    let within = |t: NaiveDateTime| t >= start && t < end;
    let iso = monday.iso_week();

    let mut lines: Vec<(FaultWeekLine, Vec<f64>)> = Vec::new();
    let mut all_minutes = Vec::new();
    let mut details = Vec::new();
    for f in faults {
        let is_new = within(f.occurred_at);
        let recovered = ended(f).is_some_and(within);
        let open = f.occurred_at < end && ended(f).is_none_or(|e| e >= end);
        let in_week = f.occurred_at < end && ended(f).is_none_or(|e| e >= start);
        if !in_week {
            continue;
        }
        details.push(f.clone());
        let idx = match lines.iter().position(|(l, _)| l.source == f.source && l.fault_type == f.fault_type) {
            Some(i) => i,
            None => {
                lines.push((
                    FaultWeekLine {
                        source: f.source,
                        fault_type: f.fault_type,
                        new: 0,
                        recovered: 0,
                        still_open: 0,
                        mean_recovery_min: None,
                        service_impact: 0,
                    },
                    Vec::new(),
                ));
                lines.len() - 1
            }
        };
        let (l, mins) = &mut lines[idx];
        l.new += i64::from(is_new);
        l.recovered += i64::from(recovered);
        l.still_open += i64::from(open);
        l.service_impact += i64::from(is_new && f.service_impact);
        if recovered {
            if let Some(m) = minutes(f) {
                mins.push(m);
                all_minutes.push(m);
            }
        }
    }
    let order_source = |s: FaultSource| FaultSource::ALL.iter().position(|x| *x == s);
    let order_type =
        |t: Option<FaultType>| t.and_then(|t| FaultType::ALL.iter().position(|x| *x == t)).unwrap_or(usize::MAX);
    lines.sort_by_key(|(l, _)| (order_source(l.source), order_type(l.fault_type)));
    let lines: Vec<FaultWeekLine> = lines
        .into_iter()
        .map(|(mut l, m)| {
            l.mean_recovery_min = mean(&m);
            l
        })
        .collect();
    let total = FaultWeekTotal {
        new: lines.iter().map(|l| l.new).sum(),
        recovered: lines.iter().map(|l| l.recovered).sum(),
        still_open: lines.iter().map(|l| l.still_open).sum(),
        mean_recovery_min: mean(&all_minutes),
        service_impact: lines.iter().map(|l| l.service_impact).sum(),
    };
    details.sort_by(|a, b| a.occurred_at.cmp(&b.occurred_at).then_with(|| a.fault_no.cmp(&b.fault_no)));
    FaultWeekReport {
        week: format!("{}-W{:02}", iso.year(), iso.week()),
        monday,
        sunday,
        title: format!(
            "故障周报（{}年第{}周 {}月{}日～{}月{}日）",
            iso.year(),
            iso.week(),
            monday.month(),
            monday.day(),
            sunday.month(),
            sunday.day()
        ),
        lines,
        total,
        details,
        user_reports: Vec::new(),
    }
}

impl Ledger {
    /// 故障周报 of the ISO week holding `day`.
    pub fn fault_week(&self, day: NaiveDate) -> Result<FaultWeekReport> {
        let faults = self.faults(&Default::default())?;
        let mut r = fault_week(&faults, day);
        for f in r.details.iter().filter(|f| f.source == FaultSource::User) {
            let owner = match &f.asset_tag {
                Some(tag) => db::assets::get(self.conn(), tag)?.map(|(_, a)| a.owner),
                None => None,
            };
            r.user_reports.push(UserReport { fault: f.clone(), owner });
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FaultKind, FaultState, Severity};

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn fault(no: &str, occurred: &str, recovered: Option<&str>, source: FaultSource, impact: bool) -> Fault {
        Fault {
            fault_no: no.into(),
            kind: FaultKind::Fault,
            occurred_at: t(occurred),
            source,
            room: None,
            cabinet: None,
            asset_tag: None,
            asset_name: None,
            fault_type: Some(FaultType::Server),
            severity: Severity::Level3,
            description: "x".into(),
            service_impact: impact,
            reporter: None,
            acknowledged_at: None,
            handler: None,
            actions: None,
            root_cause: None,
            recovered_at: recovered.map(t),
            duration_min: None,
            repair_nos: Vec::new(),
            inspection_no: None,
            state: if recovered.is_some() { FaultState::Recovered } else { FaultState::Pending },
            closed_at: None,
            allowed: Vec::new(),
        }
    }

    #[test]
    fn counts_a_week() {
        // Week 49 of 2026: Monday 11-30 to Sunday 12-06.
        let faults = vec![
            // Before the week, recovered in it after 3 days.
            fault("F1", "2026-11-27 10:00", Some("2026-11-30 10:00"), FaultSource::Network, false),
            // New and recovered in the week, 30 minutes, affecting the service.
            fault("F2", "2026-12-01 08:00", Some("2026-12-01 08:30"), FaultSource::Network, true),
            // New and still open.
            fault("F3", "2026-12-06 23:59", None, FaultSource::User, false),
            // Recovered after the week: still open at its end.
            fault("F4", "2026-12-02 09:00", Some("2026-12-08 09:00"), FaultSource::Network, false),
            // Ended before the week: not in it.
            fault("F5", "2026-11-20 09:00", Some("2026-11-21 09:00"), FaultSource::Network, false),
            // After the week.
            fault("F6", "2026-12-07 00:00", None, FaultSource::Network, false),
        ];
        let r = fault_week(&faults, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        assert_eq!(r.week, "2026-W49");
        assert_eq!(r.title, "故障周报（2026年第49周 11月30日～12月6日）");
        let nos: Vec<&str> = r.details.iter().map(|f| f.fault_no.as_str()).collect();
        assert_eq!(nos, vec!["F1", "F2", "F4", "F3"]);
        let net = &r.lines[0];
        assert_eq!(
            (net.source, net.new, net.recovered, net.still_open, net.service_impact),
            (FaultSource::Network, 2, 2, 1, 1)
        );
        // (3 days + 30 min) / 2 = (4320 + 30) / 2.
        assert_eq!(net.mean_recovery_min, Some(2175.0));
        let user = &r.lines[1];
        assert_eq!((user.source, user.new, user.recovered, user.still_open), (FaultSource::User, 1, 0, 1));
        assert_eq!(user.mean_recovery_min, None);
        assert_eq!((r.total.new, r.total.recovered, r.total.still_open, r.total.service_impact), (3, 2, 2, 1));
    }
}
