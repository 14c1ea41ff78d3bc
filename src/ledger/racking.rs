//! Racking, unracking and moving devices, with their history and audit records.

use crate::db::Connection;

use super::check::{answer, plan, CheckResult, Plan, Verdict};
use super::{audit_asset, commit, note_status, position_label, Ctx, Ledger};
use crate::db::{self, history::HistoryEntry};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::lifecycle;
use crate::model::{Asset, Face};

/// The result of a placement or move: the asset as it now is, and the check that allowed it.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Racked {
    pub asset: Asset,
    pub check: CheckResult,
}

impl Ledger {
    /// Racks an unracked asset. Refused (nothing written) when the units are taken, out of the
    /// cabinet, or the asset's status may not be racked. `override_reason` lets a user go past
    /// a power refusal (recorded in the audit log); space can never be overridden.
    pub fn place(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        cabinet: &str,
        start_u: u32,
        face: Option<Face>,
        override_reason: Option<&str>,
    ) -> Result<Racked> {
        let lang = self.lang;
        let tx = self.write()?;
        let racked = place_in(&tx, lang, ctx, tag, cabinet, start_u, face, override_reason)?;
        commit(tx)?;
        Ok(racked)
    }

    /// Moves a racked asset to another position (in the same or another cabinet). The face
    /// stays as it was unless a new one is given.
    pub fn move_asset(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        cabinet: &str,
        start_u: u32,
        face: Option<Face>,
        override_reason: Option<&str>,
    ) -> Result<Racked> {
        let lang = self.lang;
        let tx = self.write()?;
        let racked = move_in(&tx, lang, ctx, tag, cabinet, start_u, face, override_reason)?;
        commit(tx)?;
        Ok(racked)
    }

    /// Takes a device out of its cabinet. In use or idle, it becomes 已下架; under repair, it
    /// stays under repair (it may be going back to the factory).
    pub fn unplace(&mut self, ctx: &Ctx, tag: &str) -> Result<Asset> {
        let tx = self.write()?;
        let after = unplace_in(&tx, ctx, tag, None)?;
        commit(tx)?;
        Ok(after)
    }
}

/// Unracks inside an open transaction (shared by `unplace` and a 下架 request's execution).
pub(crate) fn unplace_in(tx: &Connection, ctx: &Ctx, tag: &str, reason: Option<&str>) -> Result<Asset> {
    let (id, before) = db::assets::get(tx, tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })?;
    let pos = before.position().ok_or_else(|| Error::NotRacked { tag: before.asset_tag.clone() })?;
    let mut after = before.clone();
    after.room = None;
    after.cabinet = None;
    after.start_u = None;
    after.face = None;
    after.status = lifecycle::status_when_unracked(before.status);

    db::positions::delete(tx, id)?;
    db::assets::update(tx, id, &after, ctx.now, &ctx.operator)?;
    after.version = before.version + 1;
    let mut h = HistoryEntry::new("unplaced", ctx.now, &ctx.operator);
    h.from_pos = Some(position_label(&pos.cabinet, pos.start_u, pos.face));
    h.reason = reason.map(str::to_string);
    db::history::insert(tx, id, &h)?;
    note_status(tx, id, ctx, before.status, after.status, reason)?;
    audit_asset(tx, ctx, "asset.unplace", Some(&before), &after, reason)?;
    Ok(after)
}

/// Moves a racked asset inside an open transaction (shared by `move` and a 迁移 request).
#[allow(clippy::too_many_arguments)]
pub(crate) fn move_in(
    tx: &Connection,
    lang: Lang,
    ctx: &Ctx,
    tag: &str,
    cabinet: &str,
    start_u: u32,
    face: Option<Face>,
    override_reason: Option<&str>,
) -> Result<Racked> {
    let plan = plan(tx, tag, cabinet, start_u, face)?;
    if plan.asset.position().is_none() {
        return Err(Error::NotRacked { tag: plan.asset.asset_tag.clone() });
    }
    rack(tx, lang, ctx, plan, "moved", override_reason, true)
}

/// Racks an unracked asset inside an open transaction (shared by `place` and registration).
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_in(
    tx: &Connection,
    lang: Lang,
    ctx: &Ctx,
    tag: &str,
    cabinet: &str,
    start_u: u32,
    face: Option<Face>,
    override_reason: Option<&str>,
) -> Result<Racked> {
    let plan = plan(tx, tag, cabinet, start_u, face)?;
    if let Some(pos) = plan.asset.position() {
        return Err(Error::AlreadyRacked {
            tag: plan.asset.asset_tag.clone(),
            position: position_label(&pos.cabinet, pos.start_u, pos.face),
        });
    }
    rack(tx, lang, ctx, plan, "placed", override_reason, true)
}

/// [`place_in`] for a registration that racks the new asset: its one audit record is the
/// registration's (`asset.create`, with the position), written by the caller.
pub(crate) fn place_new_in(
    tx: &Connection,
    lang: Lang,
    ctx: &Ctx,
    tag: &str,
    cabinet: &str,
    start_u: u32,
    face: Option<Face>,
) -> Result<Racked> {
    let plan = plan(tx, tag, cabinet, start_u, face)?;
    rack(tx, lang, ctx, plan, "placed", None, false)
}

/// Writes a checked placement or move: position, status, history, audit.
fn rack(
    tx: &Connection,
    lang: Lang,
    ctx: &Ctx,
    mut plan: Plan,
    kind: &str,
    override_reason: Option<&str>,
    audit: bool,
) -> Result<Racked> {
    let check = answer(&plan, lang);
    if let Some(e) = plan.blocked.take() {
        return Err(e);
    }
    // Space can never be overridden; a power refusal can, with a reason for the audit log.
    if check.verdict == Verdict::Refused && override_reason.map(str::trim).is_none_or(str::is_empty) {
        return Err(Error::PowerRefused { cabinet: plan.cabinet.clone(), reasons: check.reasons.join("；") });
    }
    let before = plan.asset.clone();
    let mut after = before.clone();
    after.room = Some(plan.room.clone());
    after.cabinet = Some(plan.cabinet.clone());
    after.start_u = Some(plan.start_u);
    after.face = Some(plan.face);
    if kind == "placed" {
        after.status = lifecycle::status_when_racked(before.status).unwrap_or(before.status);
        after.racked_on = Some(ctx.now.date());
    }
    let from = before.position().map(|p| position_label(&p.cabinet, p.start_u, p.face));
    let to = position_label(&plan.cabinet, plan.start_u, plan.face);

    db::positions::put(tx, plan.asset_id, plan.cabinet_id, plan.start_u, plan.face)?;
    db::assets::update(tx, plan.asset_id, &after, ctx.now, &ctx.operator)?;
    after.version = before.version + 1;
    let mut h = HistoryEntry::new(kind, ctx.now, &ctx.operator);
    h.from_pos = from;
    h.to_pos = Some(to);
    h.reason = override_reason.map(str::to_string);
    db::history::insert(tx, plan.asset_id, &h)?;
    note_status(tx, plan.asset_id, ctx, before.status, after.status, None)?;
    let action = if kind == "placed" { "asset.place" } else { "asset.move" };
    if audit {
        audit_asset(tx, ctx, action, Some(&before), &after, override_reason)?;
    }
    Ok(Racked { asset: after, check })
}
