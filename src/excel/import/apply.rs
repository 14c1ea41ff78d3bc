//! The writes of a checked plan, in the caller's transaction, and the power warnings after
//! them.

use std::collections::{HashMap, HashSet};

use crate::db::Connection;
use serde::Serialize;

use super::plan::{Plan, Planned};
use super::Found;
use crate::db::{self, audit::Record, history::HistoryEntry};
use crate::error::{Error, Result};
use crate::excel::sheets::SheetKind;
use crate::excel::{environment, msg, Problem, Progress, Stage, PROGRESS_EVERY};
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

/// Writes the plan. Returns the codes of the cabinets whose power may have changed.
pub(super) fn apply(
    tx: &Connection,
    ctx: &Ctx,
    plan: &Plan,
    progress: &mut dyn FnMut(Progress),
) -> Result<HashSet<String>> {
    let total = plan.rooms.len()
        + plan.row_heads.len()
        + plan.cabinets.len()
        + plan.assets.len()
        + plan.readings.len()
        + plan.faults.len()
        + plan.repairs.len();
    let mut done = 0usize;
    let mut tick = |done: &mut usize| {
        *done += 1;
        if *done % PROGRESS_EVERY == 0 || *done == total {
            progress(Progress { stage: Stage::Writing, done: *done, total });
        }
    };
    let mut touched = HashSet::new();
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
        tick(&mut done);
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
        tick(&mut done);
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
        tick(&mut done);
    }
    let mut cabinet_ids: HashMap<String, i64> = HashMap::new();
    let mut cabinet_id = |tx: &Connection, code: &str| -> Result<i64> {
        if let Some(id) = cabinet_ids.get(code) {
            return Ok(*id);
        }
        let id = db::cabinets::get(tx, code)?
            .map(|c| c.id)
            .ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        cabinet_ids.insert(code.to_string(), id);
        Ok(id)
    };
    // A large first import builds these tables' indexes once at the end instead of row by row.
    let new_assets = plan.assets.iter().filter(|a| a.before.is_none()).count();
    let mut deferred = db::bulk::Deferred::default();
    for table in ["assets", "asset_history", "audit_log", "positions"] {
        db::bulk::defer_indexes(tx, table, new_assets, &mut deferred)?;
    }
    // The audit records' JSON (the whole asset, before and after) is built on another thread
    // while this one writes: a tenth of a large import's time, and a core that is free.
    let (send, audits) = std::sync::mpsc::sync_channel::<(Option<String>, Option<String>)>(1024);
    let assets = &plan.assets;
    std::thread::scope(|s| -> Result<()> {
        s.spawn(move || {
            for a in assets.iter().filter(|a| asset_changed(a)) {
                let mut after = a.after.clone();
                after.version = a.before.as_ref().map_or(1, |b| b.version + 1);
                // The writer stopped (an error): nothing more to build.
                if send.send((a.before.as_ref().and_then(json), json(&after))).is_err() {
                    return;
                }
            }
        });
        // Moved in, so that an error drops it before the scope waits for the builder, whose
        // next send then fails and ends it.
        let audits = audits;
        apply_assets(tx, ctx, assets, &audits, &mut cabinet_id, &mut touched, &mut || tick(&mut done))
    })?;
    deferred.rebuild(tx)?;
    for (_, _, r) in &plan.readings {
        db::readings::insert(tx, cabinet_id(tx, &r.cabinet)?, r)?;
        audit(tx, ctx, "reading.import", "cabinet", &r.cabinet, None, json(r))?;
        touched.insert(r.cabinet.clone());
        tick(&mut done);
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
        tick(&mut done);
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
        tick(&mut done);
    }
    environment::apply_env(tx, ctx, &plan.env)?;
    Ok(touched)
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

/// Writes the planned assets: the row, its position, its history, and its audit record with
/// the JSON `audits` sends for each changed asset in order.
fn apply_assets(
    tx: &Connection,
    ctx: &Ctx,
    assets: &[Planned<Asset>],
    audits: &std::sync::mpsc::Receiver<(Option<String>, Option<String>)>,
    cabinet_id: &mut dyn FnMut(&Connection, &str) -> Result<i64>,
    touched: &mut HashSet<String>,
    tick: &mut dyn FnMut(),
) -> Result<()> {
    for a in assets {
        if !asset_changed(a) {
            tick();
            continue;
        }
        let after = &a.after;
        let before_pos = a.before.as_ref().and_then(Asset::position);
        let after_pos = after.position();
        let id = match &a.before {
            None => {
                let id = db::assets::insert(tx, after, ctx.now, &ctx.operator)?;
                db::history::insert(tx, id, &HistoryEntry::new("created", ctx.now, &ctx.operator))?;
                id
            }
            Some(b) => {
                let id = db::assets::get(tx, &b.asset_tag)?
                    .map(|(id, _)| id)
                    .ok_or_else(|| Error::AssetNotFound { tag: b.asset_tag.clone() })?;
                db::assets::update(tx, id, after, ctx.now, &ctx.operator)?;
                let note = |kind: &str, old: String, new: String| -> Result<()> {
                    if old == new {
                        return Ok(());
                    }
                    let mut h = HistoryEntry::new(kind, ctx.now, &ctx.operator);
                    h.old_value = Some(old);
                    h.new_value = Some(new);
                    db::history::insert(tx, id, &h)
                };
                note("status", b.status.code().into(), after.status.code().into())?;
                note("serial", b.serial.clone(), after.serial.clone())?;
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
            match &after_pos {
                Some(p) => db::positions::put(tx, id, cabinet_id(tx, &p.cabinet)?, p.start_u, p.face)?,
                None => db::positions::delete(tx, id)?,
            }
            let mut h = HistoryEntry::new(kind, ctx.now, &ctx.operator);
            h.from_pos = from;
            h.to_pos = to;
            db::history::insert(tx, id, &h)?;
        }
        for p in [&before_pos, &after_pos].into_iter().flatten() {
            if !touched.contains(&p.cabinet) {
                touched.insert(p.cabinet.clone());
            }
        }
        // The builder only stops early when this side has stopped.
        let (before_json, after_json) = audits
            .recv()
            .map_err(|_| Error::Storage {
                context: "生成审计记录".into(), source: crate::db::SqlError::NoRows
            })?;
        audit(tx, ctx, "asset.import", "asset", &a.key, before_json, after_json)?;
        tick();
    }
    Ok(())
}

/// Cabinets and row-heads the import touched that are now at warning or worse.
pub(super) fn power_warnings(
    tx: &Connection,
    levels: Levels,
    touched: &HashSet<String>,
    found: &[Found<'_>],
    plan: &Plan,
    lang: Lang,
    out: &mut Vec<Problem>,
) -> Result<()> {
    let cabinets = db::power::all_cabinets(tx)?;
    let heads = db::row_heads::list(tx)?;
    let r = report::evaluate(&cabinets, &heads, levels);
    let sheet_of = |kind: SheetKind| {
        found
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.raw.name.clone())
            .unwrap_or_else(|| kind.sheet_name().to_string())
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
