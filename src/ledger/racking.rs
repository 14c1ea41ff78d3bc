//! Racking, unracking and moving devices, with their history and audit records.
//!
//! Racking or moving by hand (not by executing a racking request) needs a confirmed 附件5 that
//! names the device, on a team ledger ([`crate::roles::is_team_ledger`]); the emergency path
//! (紧急操作) goes without one, with a reason. On a single file nothing is refused, but an
//! emergency reason is still recorded, marked (`紧急操作：…`) in the history and the audit log,
//! and the weekly 资产统计清单 lists the change as 紧急.

use crate::db::Connection;
use crate::roles::Area;
use crate::states::Action;

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
        self.place_by_hand(ctx, tag, cabinet, start_u, face, override_reason, None)
    }

    /// [`Ledger::place`] by hand, on the emergency path when `emergency` gives a reason (see the
    /// module's doc).
    #[allow(clippy::too_many_arguments)]
    pub fn place_by_hand(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        cabinet: &str,
        start_u: u32,
        face: Option<Face>,
        override_reason: Option<&str>,
        emergency: Option<&str>,
    ) -> Result<Racked> {
        self.rack(ctx, Action::Place, Rule::ByHand(emergency), tag, cabinet, start_u, face, override_reason)
    }

    /// The demo's own racking, while it fills an empty ledger: the site it describes was built
    /// before any 附件5, so none is asked (nor an emergency recorded).
    pub(crate) fn place_for_demo(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        cabinet: &str,
        start_u: u32,
        face: Option<Face>,
        override_reason: Option<&str>,
    ) -> Result<Racked> {
        self.rack(ctx, Action::Place, Rule::Demo, tag, cabinet, start_u, face, override_reason)
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
        self.move_by_hand(ctx, tag, cabinet, start_u, face, override_reason, None)
    }

    /// [`Ledger::move_asset`] by hand, on the emergency path when `emergency` gives a reason.
    #[allow(clippy::too_many_arguments)]
    pub fn move_by_hand(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        cabinet: &str,
        start_u: u32,
        face: Option<Face>,
        override_reason: Option<&str>,
        emergency: Option<&str>,
    ) -> Result<Racked> {
        self.rack(ctx, Action::Move, Rule::ByHand(emergency), tag, cabinet, start_u, face, override_reason)
    }

    /// Racks (`Place`) or moves (`Move`) in one transaction, after the rule that applies.
    #[allow(clippy::too_many_arguments)]
    fn rack(
        &mut self,
        ctx: &Ctx,
        action: Action,
        rule: Rule<'_>,
        tag: &str,
        cabinet: &str,
        start_u: u32,
        face: Option<Face>,
        override_reason: Option<&str>,
    ) -> Result<Racked> {
        let lang = self.lang;
        let tx = self.write(&[Area::Assets, Area::Ports])?;
        let note = match rule {
            Rule::ByHand(emergency) => {
                crate::roles::ensure(&tx, &ctx.operator, action, None)?;
                by_hand(&tx, tag, false, emergency)?
            }
            Rule::Demo => None,
        };
        let racked = match action {
            Action::Move => move_in(&tx, lang, ctx, tag, cabinet, start_u, face, override_reason, note.as_deref())?,
            _ => place_in(&tx, lang, ctx, tag, cabinet, start_u, face, override_reason, note.as_deref())?,
        };
        commit(tx)?;
        Ok(racked)
    }

    /// Takes a device out of its cabinet. In use or idle, it becomes 已下架; under repair, it
    /// stays under repair (it may be going back to the factory).
    pub fn unplace(&mut self, ctx: &Ctx, tag: &str) -> Result<Asset> {
        let tx = self.write(&[Area::Assets, Area::Ports])?;
        let after = unplace_in(&tx, ctx, tag, None)?;
        commit(tx)?;
        Ok(after)
    }
}

/// Which rule a racking by [`Ledger::rack`] answers to.
enum Rule<'a> {
    /// By hand: the operator's role, and on a team ledger a confirmed 附件5 or the emergency
    /// path with its reason.
    ByHand(Option<&'a str>),
    /// The demo filling an empty ledger.
    Demo,
}

/// How an emergency reason is recorded: `紧急操作：…` (the weekly list finds the mark).
pub const EMERGENCY_MARK: &str = "紧急操作";

/// The recorded form of an emergency reason.
pub fn emergency_note(reason: &str) -> String {
    format!("{EMERGENCY_MARK}：{}", reason.trim())
}

/// Whether a recorded reason marks an emergency operation.
pub fn is_emergency(reason: &str) -> bool {
    reason.starts_with(EMERGENCY_MARK)
}

/// The rule for racking, moving or cabling a device by hand: on a team ledger a confirmed 附件5
/// must name it (in its position table, or for cabling at an end of a cable), unless the
/// emergency path gives a reason. Returns the note to record (the marked emergency reason).
pub(crate) fn by_hand(tx: &Connection, tag: &str, cabling: bool, emergency: Option<&str>) -> Result<Option<String>> {
    if let Some(reason) = emergency {
        if reason.trim().is_empty() {
            return Err(Error::MissingField { field: "紧急操作原因".into() });
        }
        return Ok(Some(emergency_note(reason)));
    }
    if crate::roles::is_team_ledger(tx) && !db::operations::confirmed_for(tx, tag.trim(), cabling)? {
        return Err(Error::NeedsConfirmedOperation { tag: tag.trim().to_string() });
    }
    Ok(None)
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
    note: Option<&str>,
) -> Result<Racked> {
    let plan = plan(tx, tag, cabinet, start_u, face)?;
    if plan.asset.position().is_none() {
        return Err(Error::NotRacked { tag: plan.asset.asset_tag.clone() });
    }
    rack(tx, lang, ctx, plan, "moved", override_reason, note, true)
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
    note: Option<&str>,
) -> Result<Racked> {
    let plan = plan(tx, tag, cabinet, start_u, face)?;
    if let Some(pos) = plan.asset.position() {
        return Err(Error::AlreadyRacked {
            tag: plan.asset.asset_tag.clone(),
            position: position_label(&pos.cabinet, pos.start_u, pos.face),
        });
    }
    rack(tx, lang, ctx, plan, "placed", override_reason, note, true)
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
    rack(tx, lang, ctx, plan, "placed", None, None, false)
}

/// Writes a checked placement or move: position, status, history, audit. `note` (an emergency
/// reason) is recorded before the override reason.
#[allow(clippy::too_many_arguments)]
fn rack(
    tx: &Connection,
    lang: Lang,
    ctx: &Ctx,
    mut plan: Plan,
    kind: &str,
    override_reason: Option<&str>,
    note: Option<&str>,
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
    let reason = match (note, override_reason.map(str::trim).filter(|r| !r.is_empty())) {
        (Some(n), Some(o)) => Some(format!("{n}；{o}")),
        (Some(n), None) => Some(n.to_string()),
        (None, o) => o.map(str::to_string),
    };
    h.reason = reason.clone();
    db::history::insert(tx, plan.asset_id, &h)?;
    note_status(tx, plan.asset_id, ctx, before.status, after.status, None)?;
    let action = if kind == "placed" { "asset.place" } else { "asset.move" };
    if audit {
        audit_asset(tx, ctx, action, Some(&before), &after, reason.as_deref())?;
    }
    Ok(Racked { asset: after, check })
}
