//! Repair records (附件4) and how the ledger follows them:
//! - opening sets the asset to 维修 (lifecycle-checked) and answers with its warranty;
//! - 返厂 takes the device out of its cabinet and remembers where it was;
//! - closing restores 在用 (racked) or 已下架 (not racked), or 待报废 when it cannot be repaired;
//!   `rerack` puts a returned device back where it was, under every rule of `place`;
//! - a whole-unit swap changes the ledger's serial, keeping the old one in the history.
//!
//! Each operation is one transaction: the repair, the asset, its history and the audit log.

use crate::roles::Area;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use super::faults::audit_fault;
use super::racking::place_in;
use super::{audit_asset, commit, note_status, position_label, Ctx, Ledger};
use crate::db::numbering::Numbered;
use crate::db::{self, history::HistoryEntry, repairs::RepairFilter, window::RecordPage};
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::model::{
    warranty_status, Asset, FaultState, Repair, RepairMode, RepairPart, RepairResult, RepairState, Status, Warranty,
};

/// What `repair open` is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairDraft {
    pub asset_tag: String,
    pub symptom: String,
    /// 维修单位.
    pub vendor: String,
    pub mode: RepairMode,
    pub fault_no: Option<String>,
    pub case_no: Option<String>,
    pub technician: Option<String>,
    /// 报修时间; now when not given.
    pub reported_at: Option<NaiveDateTime>,
}

/// What `repair update` changes; `None` leaves a field as it is. Parts are added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RepairUpdate {
    pub technician: Option<String>,
    pub arrived_at: Option<NaiveDateTime>,
    pub work_done: Option<String>,
    pub case_no: Option<String>,
    pub vendor: Option<String>,
    pub parts: Vec<RepairPart>,
    pub result: Option<RepairResult>,
    /// 维修中 or 已完成 (closing is `close_repair`).
    pub state: Option<RepairState>,
    pub completed_at: Option<NaiveDateTime>,
    pub cost: Option<f64>,
}

/// What `repair close` is given.
#[derive(Debug, Clone, PartialEq)]
pub struct RepairClose {
    pub result: RepairResult,
    /// A whole-unit swap: the device's new serial number.
    pub new_serial: Option<String>,
    /// Put a device returned from the factory back where it was.
    pub rerack: bool,
    pub cost: Option<f64>,
    pub accepted_by: Option<String>,
    pub completed_at: Option<NaiveDateTime>,
    pub under_warranty: Option<bool>,
}

/// The answer to opening a repair: the record, the device as it now is, and its warranty.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairOpened {
    pub repair: Repair,
    pub asset: Asset,
    pub warranty: Warranty,
}

/// What the repair form shows before anything is written: the device, its warranty on the day,
/// and — when the core would refuse to open a repair on it — why (in the ledger's language).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairPreview {
    pub asset: Asset,
    pub warranty: Warranty,
    /// The repair already open on this device, if any.
    pub open_repair: Option<String>,
    /// Why `open_repair` would be refused (already open, or a status that cannot go to 维修).
    pub refusal: Option<String>,
}

/// The answer to closing a repair.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairClosed {
    pub repair: Repair,
    pub asset: Asset,
}

fn text(v: Option<&str>) -> Option<String> {
    v.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn audit_repair(
    tx: &crate::db::Connection,
    ctx: &Ctx,
    action: &str,
    before: Option<&Repair>,
    after: &Repair,
) -> Result<()> {
    super::audit_entity(tx, ctx, action, "repair", &after.repair_no, before, after, None)
}

fn check_cost(cost: Option<f64>) -> Result<()> {
    match cost {
        Some(c) if !(c.is_finite() && c >= 0.0) => Err(Error::InvalidValue {
            field: "费用(元)".into(),
            value: c.to_string(),
            reason: "应为不小于 0 的金额".into(),
        }),
        _ => Ok(()),
    }
}

fn not_before(field: &str, t: NaiveDateTime, reported: NaiveDateTime) -> Result<()> {
    if t < reported {
        return Err(Error::InvalidValue {
            field: field.into(),
            value: t.format(crate::model::repair_time_format()).to_string(),
            reason: format!("不能早于报修时间 {}", reported.format(crate::model::repair_time_format())),
        });
    }
    Ok(())
}

/// Takes a racked asset out of its cabinet inside `tx` (position, fields, `unplaced` history
/// with the reason); the caller writes the asset row.
fn release(tx: &crate::db::Connection, id: i64, ctx: &Ctx, asset: &mut Asset, reason: &str) -> Result<()> {
    let Some(pos) = asset.position() else { return Ok(()) };
    db::positions::delete(tx, id)?;
    asset.room = None;
    asset.cabinet = None;
    asset.start_u = None;
    asset.face = None;
    let mut h = HistoryEntry::new("unplaced", ctx.now, &ctx.operator);
    h.from_pos = Some(position_label(&pos.cabinet, pos.start_u, pos.face));
    h.reason = Some(reason.to_string());
    db::history::insert(tx, id, &h)
}

impl Ledger {
    pub fn repair(&self, no: &str) -> Result<Repair> {
        db::repairs::get(self.conn(), no)?
            .map(|(_, r, _)| r)
            .ok_or_else(|| Error::RepairNotFound { no: no.to_string() })
    }

    pub fn repairs(&self, filter: &RepairFilter) -> Result<Vec<Repair>> {
        db::repairs::list(self.conn(), filter)
    }

    /// How many repairs match the filter (its window ignored).
    pub fn repair_count(&self, filter: &RepairFilter) -> Result<i64> {
        db::repairs::count(self.conn(), filter)
    }

    /// One window of the repairs ([`RecordPage::read`]), their total and the counts by state for
    /// the view's tabs.
    pub fn repair_page(&self, filter: &RepairFilter) -> Result<RecordPage<Repair>> {
        RecordPage::read(
            filter.limit,
            filter.offset,
            |limit, offset| self.repairs(&RepairFilter { limit: Some(limit), offset: Some(offset), ..filter.clone() }),
            || self.repair_count(filter),
            || db::repairs::count_by_state(self.conn()),
        )
    }

    /// What opening a repair on `tag` on `today` would meet: the warranty from 维保到期日, and the
    /// refusal `open_repair` would give (the same checks, nothing written).
    pub fn repair_preview(&self, tag: &str, today: chrono::NaiveDate) -> Result<RepairPreview> {
        let tag = tag.trim();
        let (asset_id, asset) =
            db::assets::get(self.conn(), tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })?;
        let open_repair = db::repairs::unclosed_for_asset(self.conn(), asset_id)?;
        let refusal = match &open_repair {
            Some(repair_no) => {
                Some(Error::RepairAlreadyOpen { tag: asset.asset_tag.clone(), repair_no: repair_no.clone() })
            }
            None => lifecycle::check(&asset.asset_tag, asset.status, Status::Repairing).err(),
        }
        .map(|e| e.message(self.lang));
        let warranty = warranty_status(asset.warranty_until, today);
        Ok(RepairPreview { asset, warranty, open_repair, refusal })
    }

    /// Opens a repair (`WX-2026-0001`, numbered per year) and sets the asset to 维修. A device
    /// sent back to the factory leaves its cabinet; its position is remembered for its return.
    pub fn open_repair(&mut self, ctx: &Ctx, draft: &RepairDraft) -> Result<RepairOpened> {
        let tag = draft.asset_tag.trim();
        let symptom = text(Some(&draft.symptom)).ok_or_else(|| Error::MissingField { field: "故障现象".into() })?;
        let vendor = text(Some(&draft.vendor)).ok_or_else(|| Error::MissingField { field: "维修单位".into() })?;
        let (asset_id, before) =
            db::assets::get(self.conn(), tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })?;
        if let Some(repair_no) = db::repairs::unclosed_for_asset(self.conn(), asset_id)? {
            return Err(Error::RepairAlreadyOpen { tag: before.asset_tag.clone(), repair_no });
        }
        lifecycle::check(&before.asset_tag, before.status, Status::Repairing)?;
        let fault = match text(draft.fault_no.as_deref()) {
            Some(no) => Some(db::faults::get(self.conn(), &no)?.ok_or(Error::FaultNotFound { no })?),
            None => None,
        };
        let reported_at = draft.reported_at.unwrap_or(ctx.now);
        let warranty = warranty_status(before.warranty_until, ctx.now.date());

        let tx = self.write(&[Area::Repairs, Area::Assets, Area::Faults])?;
        let repair_no = db::numbering::next(&tx, Numbered::Repair, ctx.now.year())?;
        let reason = format!("维修单 {repair_no}");
        let mut after = before.clone();
        after.status = Status::Repairing;
        let mut ret = None;
        if draft.mode == RepairMode::Factory {
            if let Some(pos) = before.position() {
                let cab = db::cabinets::get(&tx, &pos.cabinet)?
                    .ok_or_else(|| Error::CabinetNotFound { code: pos.cabinet.clone() })?;
                ret = Some((cab.id, pos.start_u, pos.face));
                release(&tx, asset_id, ctx, &mut after, &format!("返厂维修，{reason}"))?;
            }
        }
        if after != before {
            db::assets::update(&tx, asset_id, &after, ctx.now, &ctx.operator)?;
            after.version = before.version + 1;
            note_status(&tx, asset_id, ctx, before.status, after.status, Some(&reason))?;
            audit_asset(&tx, ctx, "asset.repair_open", Some(&before), &after, Some(&reason))?;
        }
        let repair = Repair {
            repair_no: repair_no.clone(),
            fault_no: fault.as_ref().map(|(_, f)| f.fault_no.clone()),
            asset_tag: after.asset_tag.clone(),
            asset_name: after.name.clone(),
            device_vendor: after.vendor.clone(),
            device_model: after.model.clone(),
            serial: after.serial.clone(),
            symptom,
            reported_at,
            mode: draft.mode,
            vendor,
            case_no: text(draft.case_no.as_deref()),
            technician: text(draft.technician.as_deref()),
            arrived_at: None,
            work_done: None,
            parts: Vec::new(),
            old_serial: None,
            new_serial: None,
            completed_at: None,
            result: None,
            under_warranty: warranty.covered(),
            cost: None,
            accepted_by: None,
            accepted_on: None,
            state: RepairState::Pending,
            return_position: None,
            closed_at: None,
            allowed: Vec::new(),
        }
        .with_allowed();
        db::repairs::insert(
            &tx,
            &db::repairs::RepairRow {
                repair: &repair,
                fault_id: fault.as_ref().map(|(id, _)| *id),
                asset_id,
                return_cabinet_id: ret.map(|r| r.0),
                return_start_u: ret.map(|r| r.1),
                return_face: ret.map(|r| r.2),
            },
            ctx.now,
            &ctx.operator,
        )?;
        // A repair opened from a pending fault means the fault is being handled.
        if let Some((fid, f)) = fault.filter(|(_, f)| f.state == FaultState::Pending) {
            let mut fa = f.clone();
            fa.state = FaultState::InProgress;
            fa.sync_allowed();
            fa.acknowledged_at = fa.acknowledged_at.or(Some(ctx.now.max(fa.occurred_at)));
            db::faults::update(&tx, fid, &fa, ctx.now, &ctx.operator)?;
            audit_fault(&tx, ctx, "fault.update", Some(&f), &fa)?;
        }
        let stored = db::repairs::get(&tx, &repair_no)?.map(|(_, r, _)| r).unwrap_or(repair);
        audit_repair(&tx, ctx, "repair.open", None, &stored)?;
        commit(tx)?;
        Ok(RepairOpened { repair: stored, asset: after, warranty })
    }

    /// Records the work on a repair: technician, arrival, work done, parts, result. Work on a
    /// pending repair starts it (维修中); 已完成 needs a result other than 待备件.
    pub fn update_repair(&mut self, ctx: &Ctx, no: &str, u: &RepairUpdate) -> Result<Repair> {
        let (id, before, _) =
            db::repairs::get(self.conn(), no)?.ok_or_else(|| Error::RepairNotFound { no: no.to_string() })?;
        if before.state == RepairState::Closed || u.state == Some(RepairState::Closed) {
            return Err(Error::RepairTransition {
                no: before.repair_no.clone(),
                from: before.state,
                to: u.state.unwrap_or(RepairState::Closed),
            });
        }
        check_cost(u.cost)?;
        let mut after = before.clone();
        after.technician = text(u.technician.as_deref()).or(after.technician);
        after.work_done = text(u.work_done.as_deref()).or(after.work_done);
        after.case_no = text(u.case_no.as_deref()).or(after.case_no);
        if let Some(v) = text(u.vendor.as_deref()) {
            after.vendor = v;
        }
        if let Some(t) = u.arrived_at {
            not_before("到场时间", t, after.reported_at)?;
            after.arrived_at = Some(t);
        }
        if let Some(t) = u.completed_at {
            not_before("完成时间", t, after.reported_at)?;
            after.completed_at = Some(t);
        }
        after.result = u.result.or(after.result);
        after.cost = u.cost.or(after.cost);
        after.parts.extend(u.parts.iter().cloned());
        let worked = u.technician.is_some() || u.arrived_at.is_some() || u.work_done.is_some() || !u.parts.is_empty();
        let to = u.state.or_else(|| (worked && before.state == RepairState::Pending).then_some(RepairState::InRepair));
        if let Some(to) = to.filter(|to| *to != before.state) {
            if !before.state.may_become(to) {
                return Err(Error::RepairTransition { no: before.repair_no.clone(), from: before.state, to });
            }
            if to == RepairState::Completed {
                match after.result {
                    None => return Err(Error::MissingField { field: "维修结果".into() }),
                    Some(RepairResult::AwaitingParts) => {
                        return Err(Error::InvalidValue {
                            field: "维修结果".into(),
                            value: RepairResult::AwaitingParts.label_zh().into(),
                            reason: "待备件的维修尚未完成".into(),
                        })
                    }
                    Some(_) => {}
                }
                after.completed_at = after.completed_at.or(Some(ctx.now));
            }
            after.state = to;
            after.sync_allowed();
        }
        if after == before {
            return Ok(before);
        }
        let tx = self.write(&[Area::Repairs])?;
        db::repairs::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        for p in &u.parts {
            db::repair_parts::insert(&tx, id, p)?;
        }
        audit_repair(&tx, ctx, "repair.update", Some(&before), &after)?;
        commit(tx)?;
        Ok(after)
    }

    /// Closes a repair with its result and acceptance. The ledger follows: a whole-unit swap
    /// changes the serial; `rerack` puts a returned device back at its remembered position
    /// (space and power checked as by `place`); the status becomes 在用 when racked, 已下架 when
    /// not, or 待报废 (out of its cabinet) when the result is 无法修复.
    pub fn close_repair(&mut self, ctx: &Ctx, no: &str, c: &RepairClose) -> Result<RepairClosed> {
        let (id, before, ret) =
            db::repairs::get(self.conn(), no)?.ok_or_else(|| Error::RepairNotFound { no: no.to_string() })?;
        if !before.state.may_become(RepairState::Closed) {
            return Err(Error::RepairTransition {
                no: before.repair_no.clone(),
                from: before.state,
                to: RepairState::Closed,
            });
        }
        let bad_result = |reason: &str| Error::InvalidValue {
            field: "维修结果".into(),
            value: c.result.label_zh().into(),
            reason: reason.into(),
        };
        if c.result == RepairResult::AwaitingParts {
            return Err(bad_result("待备件的维修单不能关闭，请先记录维修进展"));
        }
        if c.rerack && c.result == RepairResult::Unrepairable {
            return Err(bad_result("无法修复的设备将转为待报废，不能回架"));
        }
        check_cost(c.cost)?;
        if let Some(t) = c.completed_at {
            not_before("完成时间", t, before.reported_at)?;
        }
        let ret = match (c.rerack, ret) {
            (true, None) => return Err(Error::NoReturnPosition { repair_no: before.repair_no.clone() }),
            (true, Some(r)) => Some(r),
            (false, _) => None,
        };
        let (asset_id, asset_before) = db::assets::get(self.conn(), &before.asset_tag)?
            .ok_or_else(|| Error::AssetNotFound { tag: before.asset_tag.clone() })?;
        let new_serial = text(c.new_serial.as_deref());
        if let Some(sn) = &new_serial {
            if *sn == asset_before.serial {
                return Err(Error::InvalidValue {
                    field: "新件序列号".into(),
                    value: sn.clone(),
                    reason: "与设备现有序列号相同".into(),
                });
            }
            if let Some(other_tag) = db::assets::serial_owner(self.conn(), &asset_before.vendor, sn, Some(asset_id))? {
                return Err(Error::DuplicateSerial {
                    vendor: asset_before.vendor.clone(),
                    serial: sn.clone(),
                    other_tag,
                });
            }
        }
        let lang = self.lang;
        let reason = format!("维修单 {}", before.repair_no);
        let tx = self.write(&[Area::Repairs, Area::Assets, Area::Ports])?;
        let mut asset = asset_before.clone();
        if let Some(sn) = &new_serial {
            let prior = asset.clone();
            asset.serial = sn.clone();
            db::assets::update(&tx, asset_id, &asset, ctx.now, &ctx.operator)?;
            asset.version += 1;
            let mut h = HistoryEntry::new("serial", ctx.now, &ctx.operator);
            h.old_value = Some(prior.serial.clone());
            h.new_value = Some(sn.clone());
            h.reason = Some(format!("整机更换，{reason}"));
            db::history::insert(&tx, asset_id, &h)?;
            audit_asset(&tx, ctx, "asset.serial_swap", Some(&prior), &asset, Some(&reason))?;
        }
        if let Some(r) = &ret {
            // The same check and writes as `place`: a taken U or a power refusal undoes it all.
            asset = place_in(&tx, lang, ctx, &asset.asset_tag, &r.cabinet, r.start_u, Some(r.face), None, None)?.asset;
        }
        let target = if c.result == RepairResult::Unrepairable {
            Status::ToRetire
        } else if asset.position().is_some() {
            Status::InUse
        } else {
            Status::Unracked
        };
        if target != asset.status {
            lifecycle::check(&asset.asset_tag, asset.status, target)?;
            let prior = asset.clone();
            if !target.may_be_racked() {
                release(&tx, asset_id, ctx, &mut asset, &format!("无法修复，{reason}"))?;
            }
            asset.status = target;
            db::assets::update(&tx, asset_id, &asset, ctx.now, &ctx.operator)?;
            asset.version += 1;
            note_status(&tx, asset_id, ctx, prior.status, asset.status, Some(&reason))?;
            audit_asset(&tx, ctx, "asset.repair_close", Some(&prior), &asset, Some(&reason))?;
        }
        let mut after = before.clone();
        after.result = Some(c.result);
        after.completed_at = c.completed_at.or(after.completed_at).or(Some(ctx.now));
        after.cost = c.cost.or(after.cost);
        after.under_warranty = c.under_warranty.or(after.under_warranty);
        after.accepted_by = text(c.accepted_by.as_deref()).or(after.accepted_by);
        after.accepted_on = after.accepted_by.as_ref().map(|_| ctx.now.date());
        if let Some(sn) = &new_serial {
            after.old_serial = Some(asset_before.serial.clone());
            after.new_serial = Some(sn.clone());
        }
        after.state = RepairState::Closed;
        after.sync_allowed();
        after.closed_at = Some(ctx.now);
        db::repairs::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        let stored = db::repairs::get(&tx, &before.repair_no)?.map(|(_, r, _)| r).unwrap_or(after);
        audit_repair(&tx, ctx, "repair.close", Some(&before), &stored)?;
        commit(tx)?;
        Ok(RepairClosed { repair: stored, asset })
    }

    /// Repairs per repairer and per device model, the mean time to repair, and the open repairs
    /// by age on `now`.
    pub fn repair_stats(&self, now: NaiveDateTime) -> Result<RepairStats> {
        let all = db::repairs::list(self.conn(), &RepairFilter::default())?;
        Ok(repair_stats(&all, now))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VendorCount {
    /// 维修单位.
    pub vendor: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ModelCount {
    /// The device's 品牌 and 型号.
    pub vendor: String,
    pub model: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AgeBucket {
    /// `d0_3`, `d3_7`, `d7_30`, `d30_plus`: whole days since reported.
    pub bucket: &'static str,
    pub label: &'static str,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RepairStats {
    pub total: i64,
    /// Most repairs first, then by name.
    pub by_vendor: Vec<VendorCount>,
    pub by_model: Vec<ModelCount>,
    /// Repairs with a completion time; the mean is over them.
    pub completed: i64,
    /// Mean hours from 报修时间 to 完成时间, to two decimals.
    pub mttr_hours: Option<f64>,
    /// 待处理 and 维修中.
    pub open: i64,
    pub open_by_age: Vec<AgeBucket>,
}

/// Age buckets of open repairs: `[lower, upper)` in whole days.
const AGE_BUCKETS: &[(&str, &str, i64, i64)] = &[
    ("d0_3", "3天内", 0, 3),
    ("d3_7", "3–7天", 3, 7),
    ("d7_30", "7–30天", 7, 30),
    ("d30_plus", "30天以上", 30, i64::MAX),
];

/// The statistics of `repairs` on `now` (a pure function, tested on its own).
pub fn repair_stats(repairs: &[Repair], now: NaiveDateTime) -> RepairStats {
    let mut vendors: BTreeMap<&str, i64> = BTreeMap::new();
    let mut models: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    let mut hours = Vec::new();
    let mut ages = vec![0_i64; AGE_BUCKETS.len()];
    for r in repairs {
        *vendors.entry(&r.vendor).or_default() += 1;
        *models.entry((&r.device_vendor, &r.device_model)).or_default() += 1;
        hours.extend(r.hours_to_repair());
        if r.state.is_open() {
            let days = (now - r.reported_at).num_days().max(0);
            if let Some(i) = AGE_BUCKETS.iter().position(|(_, _, lo, hi)| days >= *lo && days < *hi) {
                ages[i] += 1;
            }
        }
    }
    let mut by_vendor: Vec<VendorCount> =
        vendors.into_iter().map(|(v, count)| VendorCount { vendor: v.to_string(), count }).collect();
    by_vendor.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.vendor.cmp(&b.vendor)));
    let mut by_model: Vec<ModelCount> = models
        .into_iter()
        .map(|((v, m), count)| ModelCount { vendor: v.to_string(), model: m.to_string(), count })
        .collect();
    by_model.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (&a.vendor, &a.model).cmp(&(&b.vendor, &b.model))));
    let mttr = (!hours.is_empty()).then(|| (hours.iter().sum::<f64>() / hours.len() as f64 * 100.0).round() / 100.0);
    RepairStats {
        total: repairs.len() as i64,
        by_vendor,
        by_model,
        completed: hours.len() as i64,
        mttr_hours: mttr,
        open: ages.iter().sum(),
        open_by_age: AGE_BUCKETS
            .iter()
            .zip(ages)
            .map(|((bucket, label, _, _), count)| AgeBucket { bucket, label, count })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(reported: &str, completed: Option<&str>, state: RepairState) -> Repair {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default();
        Repair {
            repair_no: "WX".into(),
            fault_no: None,
            asset_tag: "A".into(),
            asset_name: "a".into(),
            device_vendor: "华为".into(),
            device_model: "M".into(),
            serial: String::new(),
            symptom: "s".into(),
            reported_at: t(reported),
            mode: RepairMode::Warranty,
            vendor: "华为".into(),
            case_no: None,
            technician: None,
            arrived_at: None,
            work_done: None,
            parts: vec![],
            old_serial: None,
            new_serial: None,
            completed_at: completed.map(t),
            result: None,
            under_warranty: None,
            cost: None,
            accepted_by: None,
            accepted_on: None,
            state,
            return_position: None,
            closed_at: None,
            allowed: state.actions(),
        }
    }

    #[test]
    fn mean_time_to_repair_and_age_bucket_edges() {
        let now = NaiveDateTime::parse_from_str("2026-11-30 12:00", "%Y-%m-%d %H:%M").unwrap_or_default();
        let set = [
            repair("2026-11-01 08:00", Some("2026-11-01 09:30"), RepairState::Closed), // 1.5 h
            repair("2026-11-02 08:00", Some("2026-11-02 10:40"), RepairState::Completed), // 2.666… h
            repair("2026-11-27 12:00", None, RepairState::Pending),                    // exactly 3 days: 3–7
            repair("2026-11-27 12:01", None, RepairState::InRepair),                   // 2 days 23:59: 0–3
            repair("2026-10-31 12:00", None, RepairState::Pending),                    // 30 days: 30+
        ];
        let s = repair_stats(&set, now);
        assert_eq!(s.mttr_hours, Some(2.08)); // (1.5 + 2.6667) / 2 = 2.0833
        assert_eq!(s.completed, 2);
        let counts: Vec<i64> = s.open_by_age.iter().map(|b| b.count).collect();
        assert_eq!(counts, [1, 1, 0, 1]);
        assert_eq!(repair_stats(&[], now).mttr_hours, None);
    }
}
