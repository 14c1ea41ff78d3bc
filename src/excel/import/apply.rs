//! The writes of a checked plan, in the caller's transaction, and the power warnings after
//! them.

use std::collections::{HashMap, HashSet};

use crate::db::Connection;
use serde::Serialize;

use super::plan::{Plan, Planned};
use super::Found;
use crate::db::{self, audit::Record, history::Event};
use crate::error::{Error, Result};
use crate::excel::sheets::SheetKind;
use crate::excel::{environment, msg, Problem};
use crate::i18n::Lang;
use crate::ledger::{position_label, Ctx};
use crate::model::Asset;
use crate::power::{kw, pct, report, Levels, PowerStatus};

fn audit(
    tx: &Connection,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    key: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    db::audit::insert(tx, ctx.now, &ctx.operator, &Record { action, entity, key, before, after, reason: None })
}

fn json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

fn asset_id(tx: &Connection, tag: &str) -> Result<i64> {
    db::assets::get(tx, tag)?.map(|(id, _)| id).ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })
}

fn room_id(tx: &Connection, name: &str) -> Result<i64> {
    db::rooms::get_id(tx, name)?.ok_or_else(|| Error::RoomNotFound { name: name.to_string() })
}

/// Writes the rooms, row-heads and cabinets of the plan: what asset rows may name. Adds the
/// cabinets whose power may have changed to `touched`.
pub(super) fn apply_before_assets(
    tx: &Connection,
    ctx: &Ctx,
    plan: &Plan,
    touched: &mut HashSet<String>,
) -> Result<()> {
    for r in &plan.rooms {
        match &r.before {
            None => {
                db::rooms::insert(tx, &r.after)?;
                audit(tx, ctx, "room.import", "room", &r.key, None, json(&r.after))?;
            }
            Some(b) if *b != r.after => {
                db::rooms::update(tx, &r.after)?;
                audit(tx, ctx, "room.import", "room", &r.key, json(b), json(&r.after))?;
            }
            Some(_) => {}
        }
    }
    for h in &plan.row_heads {
        if h.before.as_ref() != Some(&h.after) {
            let rid = room_id(tx, &h.after.room)?;
            match db::row_heads::get(tx, &h.key)? {
                Some((id, _)) => db::row_heads::update(tx, id, rid, &h.after)?,
                None => {
                    db::row_heads::insert(tx, rid, &h.after)?;
                }
            }
            audit(tx, ctx, "row_head.import", "row_head", &h.key, h.before.as_ref().and_then(json), json(&h.after))?;
        }
    }
    for c in &plan.cabinets {
        if c.before.as_ref() != Some(&c.after) {
            let a = &c.after;
            let rid = room_id(tx, &a.room)?;
            let draft = crate::model::CabinetDraft {
                code: a.code.clone(),
                room: a.room.clone(),
                row: a.row.clone(),
                u_height: a.u_height,
                owner: a.owner.clone(),
                note: a.note.clone(),
            };
            let id = match db::cabinets::get(tx, &c.key)? {
                Some(row) => {
                    db::cabinets::update(tx, row.id, rid, &draft)?;
                    row.id
                }
                None => db::cabinets::insert(tx, rid, &draft)?,
            };
            let feed = |code: &Option<String>| -> Result<Option<i64>> {
                match code {
                    Some(c) => Ok(db::row_heads::get(tx, c)?.map(|(id, _)| id)),
                    None => Ok(None),
                }
            };
            db::power::set_config(tx, id, &a.power, feed(&a.power.feed_a)?, feed(&a.power.feed_b)?)?;
            audit(tx, ctx, "cabinet.import", "cabinet", &c.key, c.before.as_ref().and_then(json), json(a))?;
            touched.insert(c.key.clone());
        }
    }
    Ok(())
}

/// Writes what comes after the assets: readings, faults, repairs (which may name an asset of
/// this file) and environment readings.
pub(super) fn apply_after_assets(
    tx: &Connection,
    ctx: &Ctx,
    plan: &Plan,
    assets: &mut AssetWriter,
    touched: &mut HashSet<String>,
) -> Result<()> {
    for (_, _, r) in &plan.readings {
        db::readings::insert(tx, assets.cabinet_id(tx, &r.cabinet)?, r)?;
        audit(tx, ctx, "reading.import", "cabinet", &r.cabinet, None, json(r))?;
        touched.insert(r.cabinet.clone());
    }
    for f in &plan.faults {
        if f.before.as_ref() != Some(&f.after) {
            match db::faults::get(tx, &f.key)? {
                Some((id, _)) => db::faults::update(tx, id, &f.after, ctx.now, &ctx.operator)?,
                None => {
                    let asset_id = match &f.after.asset_tag {
                        Some(tag) => Some(asset_id(tx, tag)?),
                        None => None,
                    };
                    db::faults::insert(tx, &f.after, asset_id, ctx.now, &ctx.operator)?;
                }
            }
            audit(tx, ctx, "fault.import", "fault", &f.key, f.before.as_ref().and_then(json), json(&f.after))?;
        }
    }
    for r in &plan.repairs {
        if r.before.as_ref() != Some(&r.after) {
            let a = &r.after;
            let id = match db::repairs::get(tx, &r.key)? {
                Some((id, _, _)) => id,
                None => {
                    let fault_id = match &a.fault_no {
                        Some(no) => Some(
                            db::faults::get(tx, no)?
                                .map(|(id, _)| id)
                                .ok_or_else(|| Error::FaultNotFound { no: no.clone() })?,
                        ),
                        None => None,
                    };
                    let row = db::repairs::RepairRow {
                        repair: a,
                        fault_id,
                        asset_id: asset_id(tx, &a.asset_tag)?,
                        return_cabinet_id: None,
                        return_start_u: None,
                        return_face: None,
                    };
                    db::repairs::insert(tx, &row, ctx.now, &ctx.operator)?
                }
            };
            db::repairs::update(tx, id, a, ctx.now, &ctx.operator)?;
            if r.before.as_ref().map(|b| &b.parts) != Some(&a.parts) {
                db::repair_parts::delete_all(tx, id)?;
                for part in &a.parts {
                    db::repair_parts::insert(tx, id, part)?;
                }
            }
            audit(tx, ctx, "repair.import", "repair", &r.key, r.before.as_ref().and_then(json), json(a))?;
        }
    }
    environment::apply_env(tx, ctx, &plan.env)?;
    Ok(())
}

/// Whether a planned asset changes anything stored.
fn asset_changed(a: &Planned<Asset>) -> bool {
    match &a.before {
        None => true,
        // The plan starts an update from the stored asset, so the versions match.
        Some(b) if b.version == a.after.version => *b != a.after,
        Some(b) => {
            let mut same = b.clone();
            same.version = a.after.version;
            same != a.after
        }
    }
}

/// Writes planned assets as they come, a chunk at a time: the row, its position, its history
/// and its audit record. New assets, positions, history and audit rows go in multi-row
/// inserts, a chunk's at once (on a team ledger each statement is a round trip to the server).
/// A large first import drops the secondary indexes of the tables it fills and builds them
/// again in [`AssetWriter::finish`].
pub(super) struct AssetWriter {
    at: String,
    cabinet_ids: HashMap<String, i64>,
    deferred: Option<db::bulk::Deferred>,
}

impl AssetWriter {
    /// `new_assets`: how many assets the import is expected to insert, which decides whether
    /// the indexes are built after the rows.
    pub(super) fn new(tx: &Connection, ctx: &Ctx, new_assets: usize) -> Result<AssetWriter> {
        let mut deferred = db::bulk::Deferred::default();
        for table in ["assets", "asset_history", "audit_log", "positions"] {
            db::bulk::defer_indexes(tx, table, new_assets, &mut deferred)?;
        }
        Ok(AssetWriter { at: db::stamp(ctx.now), cabinet_ids: HashMap::new(), deferred: Some(deferred) })
    }

    pub(super) fn cabinet_id(&mut self, tx: &Connection, code: &str) -> Result<i64> {
        if let Some(id) = self.cabinet_ids.get(code) {
            return Ok(*id);
        }
        let id = db::cabinets::get(tx, code)?
            .map(|c| c.id)
            .ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        self.cabinet_ids.insert(code.to_string(), id);
        Ok(id)
    }

    /// Writes `assets` (those that change anything), adding the cabinets they leave or enter
    /// to `touched`.
    pub(super) fn write(
        &mut self,
        tx: &Connection,
        ctx: &Ctx,
        assets: &[Planned<Asset>],
        touched: &mut HashSet<String>,
    ) -> Result<()> {
        let mut history: Vec<Event<'_>> = Vec::with_capacity(assets.len() * 2);
        let mut audits: Vec<Record<'_>> = Vec::with_capacity(assets.len());
        let event = |asset_id: i64, kind: &'static str| Event {
            asset_id,
            kind,
            from_pos: None,
            to_pos: None,
            old_value: None,
            new_value: None,
        };
        let changed: Vec<&Planned<Asset>> = assets.iter().filter(|a| asset_changed(a)).collect();
        // The new assets first, in multi-row inserts (one round trip per batch on a team
        // ledger): their ids, in order.
        let new: Vec<&Asset> = changed.iter().filter(|a| a.before.is_none()).map(|a| &a.after).collect();
        let mut new_ids = db::assets::insert_many(tx, &new, ctx.now, &ctx.operator)?.into_iter();
        let mut puts: Vec<(i64, i64, u32, crate::model::Face)> = Vec::new();
        for a in changed {
            let after = &a.after;
            let before_pos = a.before.as_ref().and_then(Asset::position);
            let after_pos = after.position();
            let id = match &a.before {
                None => {
                    let id = new_ids.next().ok_or_else(|| Error::AssetNotFound { tag: a.key.clone() })?;
                    history.push(event(id, "created"));
                    id
                }
                Some(b) => {
                    let id = db::assets::get(tx, &b.asset_tag)?
                        .map(|(id, _)| id)
                        .ok_or_else(|| Error::AssetNotFound { tag: b.asset_tag.clone() })?;
                    db::assets::update(tx, id, after, ctx.now, &ctx.operator)?;
                    let mut note = |kind: &'static str, old: String, new: String| {
                        if old != new {
                            history.push(Event { old_value: Some(old), new_value: Some(new), ..event(id, kind) });
                        }
                    };
                    note("status", b.status.code().into(), after.status.code().into());
                    note("serial", b.serial.clone(), after.serial.clone());
                    id
                }
            };
            if before_pos != after_pos {
                let from = before_pos.as_ref().map(|p| position_label(&p.cabinet, p.start_u, p.face));
                let to = after_pos.as_ref().map(|p| position_label(&p.cabinet, p.start_u, p.face));
                let kind = match (&before_pos, &after_pos) {
                    (None, Some(_)) => "placed",
                    (Some(_), Some(_)) => "moved",
                    _ => "unplaced",
                };
                // Positions are set together after the loop (a row's asset exists by then);
                // an asset leaves its place at once.
                match &after_pos {
                    Some(p) => puts.push((id, self.cabinet_id(tx, &p.cabinet)?, p.start_u, p.face)),
                    None => db::positions::delete(tx, id)?,
                }
                history.push(Event { from_pos: from, to_pos: to, ..event(id, kind) });
            }
            for p in [&before_pos, &after_pos].into_iter().flatten() {
                if !touched.contains(&p.cabinet) {
                    touched.insert(p.cabinet.clone());
                }
            }
            // The audit shows the asset as stored, with its new version (a new one's is 1
            // already: no copy).
            let version = a.before.as_ref().map_or(1, |b| b.version + 1);
            let after_json = if after.version == version {
                json(after)
            } else {
                let mut stored = after.clone();
                stored.version = version;
                json(&stored)
            };
            audits.push(Record {
                action: "asset.import",
                entity: "asset",
                key: &a.key,
                before: a.before.as_ref().and_then(json),
                after: after_json,
                reason: None,
            });
        }
        db::positions::put_many(tx, &puts)?;
        db::history::insert_many(tx, &self.at, &ctx.operator, &history)?;
        db::audit::insert_many(tx, ctx.now, &ctx.operator, &audits)
    }

    /// Builds the indexes dropped for the inserts (a unique index the rows break fails here).
    pub(super) fn finish(&mut self, tx: &Connection) -> Result<()> {
        match self.deferred.take() {
            Some(d) => d.rebuild(tx),
            None => Ok(()),
        }
    }
}

/// Cabinets and row-heads the import touched that are now at warning or worse.
pub(super) fn power_warnings(
    tx: &Connection,
    levels: Levels,
    touched: &HashSet<String>,
    found: &[Found],
    plan: &Plan,
    lang: Lang,
    out: &mut Vec<Problem>,
) -> Result<()> {
    let cabinets = db::power::all_cabinets(tx)?;
    let heads = db::row_heads::list(tx)?;
    let r = report::evaluate(&cabinets, &heads, levels);
    let sheet_of = |kind: SheetKind| {
        found.iter().find(|f| f.kind == kind).map(|f| f.name.clone()).unwrap_or_else(|| kind.sheet_name().to_string())
    };
    let cab_rows: HashMap<&str, u32> = plan.cabinets.iter().map(|c| (c.key.as_str(), c.row)).collect();
    let head_rows: HashMap<&str, u32> = plan.row_heads.iter().map(|h| (h.key.as_str(), h.row)).collect();
    let mut fed: HashSet<String> = HashSet::new();
    for c in r.cabinets.iter().filter(|c| touched.contains(&c.cabinet)) {
        fed.extend(c.feeds.iter().cloned());
        if !c.status.is_alert() {
            continue;
        }
        out.push(Problem {
            sheet: Some(sheet_of(SheetKind::Cabinets)),
            row: cab_rows.get(c.cabinet.as_str()).copied(),
            column: Some("额定功率(kW)".into()),
            value: Some(pct(c.utilization)),
            message: msg(
                lang,
                format!(
                    "机柜 {} 导入后负载 {}，为额定 {} 的 {}，{}（预警 {:.0}% / 告警 {:.0}%）",
                    c.cabinet,
                    kw(c.load_w as f64),
                    kw(c.capacity_w.unwrap_or(0) as f64),
                    pct(c.utilization),
                    c.status.label_zh(),
                    c.warning_level * 100.0,
                    c.alarm_level * 100.0
                ),
                format!(
                    "cabinet {} is loaded {} after the import, {} of its {}: {} (warning {:.0}% / alarm {:.0}%)",
                    c.cabinet,
                    kw(c.load_w as f64),
                    pct(c.utilization),
                    kw(c.capacity_w.unwrap_or(0) as f64),
                    c.status.code(),
                    c.warning_level * 100.0,
                    c.alarm_level * 100.0
                ),
            ),
        });
    }
    fed.extend(plan.row_heads.iter().map(|h| h.key.clone()));
    for h in r.row_heads.iter().filter(|h| fed.contains(&h.row_head)) {
        let worst =
            h.status.max(if h.failover_status >= PowerStatus::Critical { h.failover_status } else { PowerStatus::Ok });
        if !worst.is_alert() {
            continue;
        }
        out.push(Problem {
            sheet: Some(sheet_of(SheetKind::RowHeads)),
            row: head_rows.get(h.row_head.as_str()).copied(),
            column: Some("额定容量(kW)".into()),
            value: Some(pct(h.utilization)),
            message: msg(
                lang,
                format!(
                    "列头柜 {} 导入后负载 {}（容量 {} 的 {}），{}；故障切换负载 {}（{}），{}",
                    h.row_head,
                    kw(h.load_w),
                    kw(h.capacity_w as f64),
                    pct(h.utilization),
                    h.status.label_zh(),
                    kw(h.failover_load_w),
                    pct(h.failover_utilization),
                    h.failover_status.label_zh()
                ),
                format!(
                    "row-head {} is loaded {} after the import ({} of {}): {}; failover load {} ({}): {}",
                    h.row_head,
                    kw(h.load_w),
                    pct(h.utilization),
                    kw(h.capacity_w as f64),
                    h.status.code(),
                    kw(h.failover_load_w),
                    pct(h.failover_utilization),
                    h.failover_status.code()
                ),
            ),
        });
    }
    Ok(())
}
