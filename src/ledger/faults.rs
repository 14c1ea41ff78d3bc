//! The fault and alarm register (附件3): registering, updating and closing records, and the
//! weekly statistics. Every change is audited (entity `fault`) in the transaction that makes it.

use crate::roles::Area;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::{commit, Ctx, Ledger};
use crate::db::numbering::Numbered;
use crate::db::{self, faults::FaultFilter, window::RecordPage};
use crate::error::{Error, Result};
use crate::model::{Fault, FaultKind, FaultSource, FaultState, FaultType, Severity};

/// What `fault open` is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultDraft {
    pub kind: FaultKind,
    pub source: FaultSource,
    pub severity: Severity,
    pub description: String,
    pub asset_tag: Option<String>,
    /// Where, when no asset says it (a room's air conditioning, a row's power).
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub fault_type: Option<FaultType>,
    pub service_impact: bool,
    /// 发生时间; now when not given.
    pub occurred_at: Option<NaiveDateTime>,
    pub reporter: Option<String>,
    /// A normal alarm that needs no action: registered and closed in one step.
    pub close: bool,
}

/// What `fault update` changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultUpdate {
    pub state: Option<FaultState>,
    pub fault_type: Option<FaultType>,
    pub service_impact: Option<bool>,
    pub handler: Option<String>,
    pub actions: Option<String>,
    pub root_cause: Option<String>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub recovered_at: Option<NaiveDateTime>,
}

fn text(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn not_before(field: &str, t: NaiveDateTime, occurred: NaiveDateTime) -> Result<()> {
    if t < occurred {
        return Err(Error::InvalidValue {
            field: field.into(),
            value: t.format(crate::model::repair_time_format()).to_string(),
            reason: format!("不能早于发生时间 {}", occurred.format(crate::model::repair_time_format())),
        });
    }
    Ok(())
}

/// Moves a fault to `to` (forward only), stamping 确认时间 and 恢复时间 on the way.
fn advance(f: &mut Fault, to: FaultState, now: NaiveDateTime) -> Result<()> {
    if f.state == to {
        return Ok(());
    }
    if !f.state.may_become(to) {
        return Err(Error::FaultTransition { no: f.fault_no.clone(), from: f.state, to });
    }
    if to != FaultState::Pending && f.acknowledged_at.is_none() {
        f.acknowledged_at = Some(now.max(f.occurred_at));
    }
    // A record leaves the open states recovered: its duration runs until now unless told.
    if matches!(to, FaultState::Recovered | FaultState::Closed) && f.recovered_at.is_none() {
        f.recovered_at = Some(now.max(f.occurred_at));
    }
    if to == FaultState::Closed {
        f.closed_at = Some(now);
    }
    f.state = to;
    f.sync_allowed();
    f.duration_min = crate::model::duration_minutes(f.occurred_at, f.recovered_at);
    Ok(())
}

pub(crate) fn audit_fault(
    tx: &crate::db::Connection,
    ctx: &Ctx,
    action: &str,
    before: Option<&Fault>,
    after: &Fault,
) -> Result<()> {
    super::audit_entity(tx, ctx, action, "fault", &after.fault_no, before, after, None)
}

/// Registers a fault inside the caller's transaction (numbered, inserted, audited) and returns
/// its row id: `open_fault`, and the inspection's marks that file one in the same transaction.
pub(crate) fn file_fault(tx: &crate::db::Connection, ctx: &Ctx, draft: &FaultDraft) -> Result<(i64, Fault)> {
    let description = draft.description.trim();
    if description.is_empty() {
        return Err(Error::MissingField { field: "描述".into() });
    }
    let occurred_at = draft.occurred_at.unwrap_or(ctx.now);
    let asset = match text(draft.asset_tag.clone()) {
        Some(tag) => Some(db::assets::get(tx, &tag)?.ok_or(Error::AssetNotFound { tag })?),
        None => None,
    };
    let pos = asset.as_ref().and_then(|(_, a)| a.position());
    let cabinet = text(draft.cabinet.clone()).or_else(|| pos.as_ref().map(|p| p.cabinet.clone()));
    let mut room = text(draft.room.clone()).or_else(|| pos.as_ref().map(|p| p.room.clone()));
    if let Some(code) = &cabinet {
        let cab = db::cabinets::get(tx, code)?.ok_or_else(|| Error::CabinetNotFound { code: code.clone() })?;
        room = room.or(Some(cab.room));
    }
    if let Some(name) = &room {
        if db::rooms::get_id(tx, name)?.is_none() {
            return Err(Error::RoomNotFound { name: name.clone() });
        }
    }
    let mut fault = Fault {
        fault_no: String::new(),
        kind: draft.kind,
        occurred_at,
        source: draft.source,
        room,
        cabinet,
        asset_tag: asset.as_ref().map(|(_, a)| a.asset_tag.clone()),
        asset_name: asset.as_ref().map(|(_, a)| a.name.clone()),
        fault_type: draft.fault_type,
        severity: draft.severity,
        description: description.to_string(),
        service_impact: draft.service_impact,
        reporter: text(draft.reporter.clone()).or_else(|| Some(ctx.operator.clone())),
        acknowledged_at: None,
        handler: None,
        actions: None,
        root_cause: None,
        recovered_at: None,
        duration_min: None,
        repair_nos: Vec::new(),
        inspection_no: None,
        state: FaultState::Pending,
        closed_at: None,
        allowed: Vec::new(),
    }
    .with_allowed();
    if draft.close {
        // Nothing was done and nothing was recovered: no recovery time, so no duration
        // (a backdated alarm would otherwise seem to have lasted until it was registered).
        fault.state = FaultState::Closed;
        fault.sync_allowed();
        fault.acknowledged_at = Some(ctx.now.max(occurred_at));
        fault.closed_at = Some(ctx.now);
    }
    fault.fault_no = db::numbering::next(tx, Numbered::Fault, ctx.now.year())?;
    let id = db::faults::insert(tx, &fault, asset.as_ref().map(|(id, _)| *id), ctx.now, &ctx.operator)?;
    audit_fault(tx, ctx, "fault.open", None, &fault)?;
    Ok((id, fault))
}

impl Ledger {
    pub fn fault(&self, no: &str) -> Result<Fault> {
        db::faults::get(self.conn(), no)?.map(|(_, f)| f).ok_or_else(|| Error::FaultNotFound { no: no.to_string() })
    }

    pub fn faults(&self, filter: &FaultFilter) -> Result<Vec<Fault>> {
        db::faults::list(self.conn(), filter)
    }

    /// How many faults match the filter (its window ignored).
    pub fn fault_count(&self, filter: &FaultFilter) -> Result<i64> {
        db::faults::count(self.conn(), filter)
    }

    /// One window of the faults ([`RecordPage::read`]), their total and the counts by state for
    /// the view's tabs.
    pub fn fault_page(&self, filter: &FaultFilter) -> Result<RecordPage<Fault>> {
        RecordPage::read(
            filter.limit,
            filter.offset,
            |limit, offset| self.faults(&FaultFilter { limit: Some(limit), offset: Some(offset), ..filter.clone() }),
            || self.fault_count(filter),
            || db::faults::count_by_state(self.conn()),
        )
    }

    /// Registers a fault or alarm (`GZ-2026-0001`, numbered per year of registration). With an
    /// asset, its room and cabinet are taken from where it is racked.
    pub fn open_fault(&mut self, ctx: &Ctx, draft: &FaultDraft) -> Result<Fault> {
        let tx = self.write(&[Area::Faults])?;
        let (_, fault) = file_fault(&tx, ctx, draft)?;
        commit(tx)?;
        Ok(fault)
    }

    /// Records the handling of a fault: handler, actions, cause, times, and a forward state.
    pub fn update_fault(&mut self, ctx: &Ctx, no: &str, u: &FaultUpdate) -> Result<Fault> {
        let (id, before) =
            db::faults::get(self.conn(), no)?.ok_or_else(|| Error::FaultNotFound { no: no.to_string() })?;
        if before.state == FaultState::Closed {
            return Err(Error::FaultTransition {
                no: before.fault_no.clone(),
                from: FaultState::Closed,
                to: u.state.unwrap_or(FaultState::Closed),
            });
        }
        let mut after = before.clone();
        if let Some(t) = u.fault_type {
            after.fault_type = Some(t);
        }
        if let Some(v) = u.service_impact {
            after.service_impact = v;
        }
        after.handler = text(u.handler.clone()).or(after.handler);
        after.actions = text(u.actions.clone()).or(after.actions);
        after.root_cause = text(u.root_cause.clone()).or(after.root_cause);
        if let Some(t) = u.acknowledged_at {
            not_before("确认时间", t, after.occurred_at)?;
            after.acknowledged_at = Some(t);
        }
        if let Some(t) = u.recovered_at {
            not_before("恢复时间", t, after.occurred_at)?;
            after.recovered_at = Some(t);
        }
        // Handling a pending record is taking it on.
        let wants = u.state.or_else(|| {
            (after.state == FaultState::Pending && (after.handler.is_some() || after.actions.is_some()))
                .then_some(FaultState::InProgress)
        });
        let wants = wants.or_else(|| u.recovered_at.map(|_| FaultState::Recovered));
        if let Some(to) = wants {
            advance(&mut after, to, ctx.now)?;
        }
        after.duration_min = crate::model::duration_minutes(after.occurred_at, after.recovered_at);
        if after == before {
            return Ok(before);
        }
        let tx = self.write(&[Area::Faults])?;
        db::faults::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        audit_fault(&tx, ctx, "fault.update", Some(&before), &after)?;
        commit(tx)?;
        Ok(after)
    }

    /// Closes a fault: recovered at `recovered_at` (or already, or now), with its root cause.
    pub fn close_fault(
        &mut self,
        ctx: &Ctx,
        no: &str,
        recovered_at: Option<NaiveDateTime>,
        cause: Option<&str>,
    ) -> Result<Fault> {
        let (id, before) =
            db::faults::get(self.conn(), no)?.ok_or_else(|| Error::FaultNotFound { no: no.to_string() })?;
        let mut after = before.clone();
        if let Some(t) = recovered_at {
            not_before("恢复时间", t, after.occurred_at)?;
            after.recovered_at = Some(t);
        }
        after.root_cause = text(cause.map(str::to_string)).or(after.root_cause);
        advance(&mut after, FaultState::Closed, ctx.now)?;
        if before.state == FaultState::Closed {
            return Err(Error::FaultTransition {
                no: before.fault_no,
                from: FaultState::Closed,
                to: FaultState::Closed,
            });
        }
        let tx = self.write(&[Area::Faults])?;
        db::faults::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        audit_fault(&tx, ctx, "fault.close", Some(&before), &after)?;
        commit(tx)?;
        Ok(after)
    }

    /// Faults by severity and type, overall and per ISO week of their occurrence, between two
    /// dates (inclusive; open-ended when not given).
    pub fn fault_stats(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<FaultStats> {
        let faults = db::faults::list(self.conn(), &FaultFilter::default())?;
        Ok(fault_stats(&faults, from, to))
    }

    /// The statistics of the last `weeks` ISO weeks up to the one holding `today`, every week
    /// listed even when it had no record (what a weekly chart draws).
    pub fn fault_stats_recent(&self, today: NaiveDate, weeks: u32) -> Result<FaultStats> {
        let (from, to) = recent_weeks(today, weeks);
        let mut stats = self.fault_stats(Some(from), Some(to))?;
        fill_weeks(&mut stats, from, to);
        Ok(stats)
    }
}

/// Monday of the week `weeks - 1` weeks before `today`'s, and the Sunday of `today`'s week.
fn recent_weeks(today: NaiveDate, weeks: u32) -> (NaiveDate, NaiveDate) {
    let monday = today - chrono::Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let from = monday - chrono::Duration::weeks(i64::from(weeks.clamp(1, 520)) - 1);
    (from, monday + chrono::Duration::days(6))
}

/// Adds the weeks between `from` and `to` that had no record, with zero counts, in order.
fn fill_weeks(stats: &mut FaultStats, from: NaiveDate, to: NaiveDate) {
    let mut have: BTreeMap<String, FaultWeek> = stats.weeks.drain(..).map(|w| (w.week.clone(), w)).collect();
    let mut day = from;
    while day <= to {
        let iso = day.iso_week();
        let key = format!("{}-W{:02}", iso.year(), iso.week());
        let monday = day - chrono::Duration::days(i64::from(day.weekday().num_days_from_monday()));
        let week = have.remove(&key).unwrap_or_else(|| FaultWeek {
            week: key,
            from: monday,
            to: monday + chrono::Duration::days(6),
            total: 0,
            by_severity: Counts::new(),
            by_type: Counts::new(),
        });
        stats.weeks.push(week);
        day = monday + chrono::Duration::weeks(1);
    }
}

/// Counts keyed by the English code (`level1`, `power`, …; `unset` for a record without a type).
pub type Counts = BTreeMap<String, i64>;

/// One ISO week of faults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FaultWeek {
    /// `2026-W48`.
    pub week: String,
    /// Monday and Sunday of the week.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: i64,
    pub by_severity: Counts,
    pub by_type: Counts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FaultStats {
    pub total: i64,
    pub by_severity: Counts,
    pub by_type: Counts,
    /// Oldest week first; weeks without a record are left out.
    pub weeks: Vec<FaultWeek>,
}

/// The statistics of `faults` between two dates (a pure function, tested on its own).
pub fn fault_stats(faults: &[Fault], from: Option<NaiveDate>, to: Option<NaiveDate>) -> FaultStats {
    let mut weeks: BTreeMap<(i32, u32), FaultWeek> = BTreeMap::new();
    let mut stats = FaultStats { total: 0, by_severity: Counts::new(), by_type: Counts::new(), weeks: Vec::new() };
    for f in faults {
        let day = f.occurred_at.date();
        if from.is_some_and(|d| day < d) || to.is_some_and(|d| day > d) {
            continue;
        }
        let iso = day.iso_week();
        let severity = f.severity.code().to_string();
        let kind = f.fault_type.map_or("unset", |t| t.code()).to_string();
        let w = weeks.entry((iso.year(), iso.week())).or_insert_with(|| {
            let monday = NaiveDate::from_isoywd_opt(iso.year(), iso.week(), chrono::Weekday::Mon).unwrap_or(day);
            FaultWeek {
                week: format!("{}-W{:02}", iso.year(), iso.week()),
                from: monday,
                to: monday + chrono::Duration::days(6),
                total: 0,
                by_severity: Counts::new(),
                by_type: Counts::new(),
            }
        });
        w.total += 1;
        *w.by_severity.entry(severity.clone()).or_default() += 1;
        *w.by_type.entry(kind.clone()).or_default() += 1;
        stats.total += 1;
        *stats.by_severity.entry(severity).or_default() += 1;
        *stats.by_type.entry(kind).or_default() += 1;
    }
    stats.weeks = weeks.into_values().collect();
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(at: &str, severity: Severity, kind: Option<FaultType>) -> Fault {
        Fault {
            fault_no: "GZ".into(),
            kind: FaultKind::Fault,
            occurred_at: NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap_or_default(),
            source: FaultSource::Inspection,
            room: None,
            cabinet: None,
            asset_tag: None,
            asset_name: None,
            fault_type: kind,
            severity,
            description: "x".into(),
            service_impact: false,
            reporter: None,
            acknowledged_at: None,
            handler: None,
            actions: None,
            root_cause: None,
            recovered_at: None,
            duration_min: None,
            repair_nos: vec![],
            inspection_no: None,
            state: FaultState::Pending,
            closed_at: None,
            allowed: Vec::new(),
        }
        .with_allowed()
    }

    #[test]
    fn weeks_are_iso_weeks_monday_to_sunday() {
        let faults = [
            fault("2026-11-23 00:10", Severity::Level1, Some(FaultType::Power)), // Monday, W48
            fault("2026-11-29 23:50", Severity::Level2, Some(FaultType::Power)), // Sunday, W48
            fault("2026-11-30 08:00", Severity::Level2, None),                   // Monday, W49
            fault("2026-01-01 08:00", Severity::Level4, Some(FaultType::Network)), // 2026-W01
        ];
        let s = fault_stats(&faults, None, None);
        assert_eq!(s.total, 4);
        let weeks: Vec<(&str, i64)> = s.weeks.iter().map(|w| (w.week.as_str(), w.total)).collect();
        assert_eq!(weeks, [("2026-W01", 1), ("2026-W48", 2), ("2026-W49", 1)]);
        assert_eq!(s.weeks[1].from, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default());
        assert_eq!(s.weeks[1].by_type.get("power"), Some(&2));
        assert_eq!(s.weeks[2].by_type.get("unset"), Some(&1));
        assert_eq!(s.by_severity.get("level2"), Some(&2));
        let only = fault_stats(&faults, NaiveDate::from_ymd_opt(2026, 11, 24), None);
        assert_eq!(only.total, 2);
    }

    #[test]
    fn recent_weeks_list_every_week_even_without_records() {
        let faults = [
            fault("2026-11-23 09:00", Severity::Level1, Some(FaultType::Power)), // W48
            fault("2026-11-02 09:00", Severity::Level3, Some(FaultType::Server)), // W45
            fault("2026-10-01 09:00", Severity::Level3, Some(FaultType::Server)), // before the window
        ];
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default(); // a Wednesday in W48
        let (from, to) = recent_weeks(today, 4);
        assert_eq!((from.to_string(), to.to_string()), ("2026-11-02".into(), "2026-11-29".into()));
        let mut s = fault_stats(&faults, Some(from), Some(to));
        fill_weeks(&mut s, from, to);
        let weeks: Vec<(&str, i64)> = s.weeks.iter().map(|w| (w.week.as_str(), w.total)).collect();
        assert_eq!(weeks, [("2026-W45", 1), ("2026-W46", 0), ("2026-W47", 0), ("2026-W48", 1)]);
        assert_eq!(s.total, 2);
        // Across a year end: 2026-12-28 is in 2026-W53, 2027-01-04 in 2027-W01.
        let (from, to) = recent_weeks(NaiveDate::from_ymd_opt(2027, 1, 6).unwrap_or_default(), 2);
        let mut s = fault_stats(&[], Some(from), Some(to));
        fill_weeks(&mut s, from, to);
        let weeks: Vec<&str> = s.weeks.iter().map(|w| w.week.as_str()).collect();
        assert_eq!(weeks, ["2026-W53", "2027-W01"]);
    }

    #[test]
    fn closing_stamps_recovery_and_duration() {
        let mut f = fault("2026-11-25 08:00", Severity::Level3, None);
        let now = NaiveDateTime::parse_from_str("2026-11-25 09:30", "%Y-%m-%d %H:%M").unwrap_or_default();
        assert!(advance(&mut f, FaultState::Closed, now).is_ok());
        assert_eq!((f.duration_min, f.state), (Some(90), FaultState::Closed));
        assert!(matches!(advance(&mut f, FaultState::InProgress, now), Err(Error::FaultTransition { .. })));
    }
}
