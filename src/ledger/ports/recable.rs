//! Moving a stored cable to other ports, or rewriting its fields, by the same rules as a new
//! cable ([`super::connect_in`]).
//!
//! A move is two steps because several cables may move at once (the 端口连接 sheet of an import):
//! two cables that exchange ports would each find the other still on its new port if they moved
//! one after the other. So every moving cable is first released ([`release_in`]: its ends are
//! taken off, its ports are free), and only then put back on its new ports ([`reattach_in`]),
//! judged against the ports as they are once everything has let go.

use crate::db::Connection;

use super::{audit_entity, end, judge_in, label, some_text, Judged, PortRef};
use crate::db::{self, cables::Stored};
use crate::error::{Error, Result};
use crate::ledger::Ctx;
use crate::model::{Cable, CableDraft, PortStatus};

/// Takes a stored cable's two ends off their ports (which become free), inside the caller's
/// transaction; the cable itself stays. Returns the cable as it was, for [`reattach_in`].
pub fn release_in(tx: &Connection, cable_no: &str) -> Result<Stored> {
    let s = db::cables::get(tx, cable_no)?.ok_or_else(|| Error::CableNotFound { no: cable_no.to_string() })?;
    db::cables::delete_ends(tx, s.id)?;
    for p in s.ports {
        db::ports::set_status(tx, p, PortStatus::Free)?;
    }
    Ok(s)
}

/// Puts a cable released by [`release_in`] onto `a` and `b` with the fields of `draft` (its number
/// is kept; a type left out keeps the stored type), inside the caller's transaction, and audits
/// it against `before`: `cable.move` when an end changed port, `cable.update` otherwise. An end
/// that stays on its port keeps its label; an end on a new port gets the `机柜-U位-端口` label.
pub fn reattach_in(
    tx: &Connection,
    ctx: &Ctx,
    before: &Stored,
    a: &PortRef,
    b: &PortRef,
    draft: &CableDraft,
    create_missing: bool,
) -> Result<Cable> {
    let draft = CableDraft { cable_type: draft.cable_type.or(Some(before.cable.cable_type)), ..draft.clone() };
    let Judged { pa, pb, cable_type } = judge_in(tx, a, b, &draft, create_missing)?;
    // The stored label of the end that was on this port, if one was.
    let kept = |id: i64| {
        if before.ports[0] == id {
            before.cable.a.label.clone()
        } else if before.ports[1] == id {
            before.cable.b.label.clone()
        } else {
            None
        }
    };
    let la = some_text(&draft.a_label).or_else(|| kept(pa.id)).unwrap_or_else(|| label(&pa.asset, &pa.name));
    let lb = some_text(&draft.b_label).or_else(|| kept(pb.id)).unwrap_or_else(|| label(&pb.asset, &pb.name));
    let cable = Cable {
        cable_no: before.cable.cable_no.clone(),
        cable_type,
        a: end(&pa, la),
        b: end(&pb, lb),
        length_m: draft.length_m,
        colour: some_text(&draft.colour),
        purpose: some_text(&draft.purpose),
        vlan: some_text(&draft.vlan),
        note: some_text(&draft.note),
    };
    db::cables::insert_ends(tx, before.id, &cable, [pa.id, pb.id])?;
    db::cables::update(tx, before.id, &cable)?;
    db::ports::set_status(tx, pa.id, PortStatus::Used)?;
    db::ports::set_status(tx, pb.id, PortStatus::Used)?;
    let mut old = before.ports;
    let mut new = [pa.id, pb.id];
    old.sort_unstable();
    new.sort_unstable();
    let action = if old == new { "cable.update" } else { "cable.move" };
    audit_entity(tx, ctx, action, "cable", &cable.cable_no, Some(&before.cable), &cable, None)?;
    Ok(cable)
}
