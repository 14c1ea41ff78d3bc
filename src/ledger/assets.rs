//! Registering, editing, retiring and reading assets.

use crate::roles::Area;
use serde::Serialize;

use super::racking::place_new_in;
use super::{audit_asset, commit, note_status, Ctx, Ledger};
use crate::db::{self, assets::AssetFilter, audit::AuditEntry, history::HistoryEntry};
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::model::{Asset, AssetDraft, AssetField, Position};
use crate::placement::{judge, Proposal, Snapshot};

/// An old serial number of an asset, replaced on `at` (a whole-unit swap or a correction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SerialChange {
    pub serial: String,
    pub replaced_by: String,
    pub at: String,
    pub operator: String,
}

/// Everything `asset show` and the detail panel show about one asset.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssetDetail {
    #[serde(flatten)]
    pub asset: Asset,
    pub position: Option<Position>,
    pub history: Vec<HistoryEntry>,
    pub serial_history: Vec<SerialChange>,
    /// The asset's repair records (附件4), newest first.
    pub repairs: Vec<crate::model::Repair>,
    pub audit: Vec<AuditEntry>,
    /// What may be done to the asset now ([`lifecycle::actions`]).
    pub allowed: Vec<crate::states::Action>,
}

impl Ledger {
    pub fn asset(&self, tag: &str) -> Result<Asset> {
        db::assets::get(self.conn(), tag)?.map(|(_, a)| a).ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })
    }

    pub fn assets(&self, filter: &AssetFilter) -> Result<Vec<Asset>> {
        db::assets::list(self.conn(), filter)
    }

    /// The distinct owners (归属单位), sorted.
    pub fn owners(&self) -> Result<Vec<String>> {
        db::assets::owners(self.conn())
    }

    pub fn asset_count(&self, filter: &AssetFilter) -> Result<i64> {
        db::assets::count(self.conn(), filter)
    }

    pub fn asset_detail(&self, tag: &str) -> Result<AssetDetail> {
        let (id, asset) =
            db::assets::get(self.conn(), tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })?;
        let history = db::history::list(self.conn(), id)?;
        let serial_history = history
            .iter()
            .filter(|h| h.kind == "serial")
            .map(|h| SerialChange {
                serial: h.old_value.clone().unwrap_or_default(),
                replaced_by: h.new_value.clone().unwrap_or_default(),
                at: h.at.clone(),
                operator: h.operator.clone(),
            })
            .collect();
        let audit = db::audit::list(self.conn(), Some("asset"), Some(&asset.asset_tag), 200)?;
        let repairs = db::repairs::list(
            self.conn(),
            &db::repairs::RepairFilter { asset_tag: Some(asset.asset_tag.clone()), ..Default::default() },
        )?;
        let repair_open = db::repairs::unclosed_for_asset(self.conn(), id)?.is_some();
        let allowed = lifecycle::actions(asset.status, asset.position().is_some(), repair_open);
        Ok(AssetDetail { position: asset.position(), asset, history, serial_history, repairs, audit, allowed })
    }

    /// Registers a new asset from named field values. If the draft names a cabinet and start U,
    /// the asset is racked there in the same transaction, after the same check as `place`.
    pub fn add_asset(&mut self, ctx: &Ctx, draft: &AssetDraft) -> Result<Asset> {
        let tag = draft
            .iter()
            .find(|(f, _)| *f == AssetField::AssetTag)
            .map(|(_, v)| v.trim().to_string())
            .ok_or_else(|| Error::MissingField { field: AssetField::AssetTag.header_zh().into() })?;
        let mut asset = Asset::new(&tag);
        asset.registered_on = Some(ctx.now.date());
        asset.registered_by = Some(ctx.operator.clone());
        for (field, value) in draft {
            asset.apply(*field, value)?;
        }
        asset.validate()?;
        let position = match (asset.cabinet.take(), asset.start_u.take()) {
            (Some(c), Some(u)) => Some((c, u, asset.face.take())),
            (Some(_), None) => return Err(Error::MissingField { field: AssetField::StartU.header_zh().into() }),
            (None, Some(_)) => return Err(Error::MissingField { field: AssetField::Cabinet.header_zh().into() }),
            (None, None) => None,
        };
        let room = asset.room.take();
        if let Some((cabinet, _, _)) = &position {
            let cab = db::cabinets::get(self.conn(), cabinet)?
                .ok_or_else(|| Error::CabinetNotFound { code: cabinet.clone() })?;
            if let Some(room) = room.filter(|r| *r != cab.room) {
                return Err(Error::InvalidValue {
                    field: AssetField::Room.header_zh().into(),
                    value: room,
                    reason: format!("机柜 {} 在机房“{}”", cab.code, cab.room),
                });
            }
            if !asset.status.may_be_racked() && asset.status != crate::model::Status::InStock {
                return Err(Error::NotRackable { tag: asset.asset_tag.clone(), status: asset.status });
            }
        }
        self.ensure_unique(&asset, None)?;

        let lang = self.lang;
        let tx = self.write(&[Area::Assets, Area::Ports])?;
        let id = db::assets::insert(&tx, &asset, ctx.now, &ctx.operator)?;
        asset.version = 1;
        db::history::insert(&tx, id, &HistoryEntry::new("created", ctx.now, &ctx.operator))?;
        // A known model comes with its ports (端口模板).
        super::ports::ports_for_new_asset_in(&tx, ctx, id, &asset)?;
        // Racked in the same transaction under every rule of `place`: a refusal undoes the
        // registration too. One audit record for the new asset, position included.
        let asset = match position {
            Some((cabinet, start_u, face)) => place_new_in(&tx, lang, ctx, &tag, &cabinet, start_u, face)?.asset,
            None => asset,
        };
        audit_asset(&tx, ctx, "asset.create", None, &asset, None)?;
        commit(tx)?;
        Ok(asset)
    }

    fn ensure_unique(&self, asset: &Asset, id: Option<i64>) -> Result<()> {
        if let Some((other, _)) = db::assets::get(self.conn(), &asset.asset_tag)? {
            if Some(other) != id {
                return Err(Error::DuplicateTag { tag: asset.asset_tag.clone() });
            }
        }
        if let Some(other_tag) = db::assets::serial_owner(self.conn(), &asset.vendor, &asset.serial, id)? {
            return Err(Error::DuplicateSerial {
                vendor: asset.vendor.clone(),
                serial: asset.serial.clone(),
                other_tag,
            });
        }
        Ok(())
    }

    /// Changes named fields of an asset. Position fields change through place/move/unplace;
    /// a status change follows the lifecycle. With `expected_version`, a change made by someone
    /// else since it was read is refused.
    pub fn set_asset(
        &mut self,
        ctx: &Ctx,
        tag: &str,
        draft: &AssetDraft,
        expected_version: Option<i64>,
    ) -> Result<Asset> {
        let (id, before) =
            db::assets::get(self.conn(), tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })?;
        if expected_version.is_some_and(|v| v != before.version) {
            let (by, at) = db::assets::last_change(self.conn(), id)?;
            return Err(Error::StaleVersion { tag: before.asset_tag.clone(), by, at });
        }
        let mut after = before.clone();
        for (field, value) in draft {
            if field.is_position() {
                return Err(Error::PositionField { field: field.header_zh().into() });
            }
            after.apply(*field, value)?;
        }
        after.validate()?;
        if after == before {
            return Ok(before);
        }
        lifecycle::check(&before.asset_tag, before.status, after.status)?;
        if let Some(p) = before.position().filter(|_| !after.status.may_be_racked()) {
            return Err(Error::StillRacked {
                tag: before.asset_tag.clone(),
                position: super::position_label(&p.cabinet, p.start_u, p.face),
            });
        }
        if after.u_height != before.u_height || after.depth != before.depth {
            self.recheck_own_position(&after)?;
        }
        self.ensure_unique(&after, Some(id))?;

        let tx = self.write(&[Area::Assets])?;
        if !unchanged_since(&tx, id, before.version)? {
            // Someone wrote between our read and our lock: the checks above ran on an old row.
            drop(tx);
            if expected_version.is_some() {
                let (by, at) = db::assets::last_change(self.conn(), id)?;
                return Err(Error::StaleVersion { tag: before.asset_tag.clone(), by, at });
            }
            return self.set_asset(ctx, tag, draft, None);
        }
        db::assets::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        after.version = before.version + 1;
        note_status(&tx, id, ctx, before.status, after.status, None)?;
        if before.serial != after.serial {
            let mut h = HistoryEntry::new("serial", ctx.now, &ctx.operator);
            h.old_value = Some(before.serial.clone());
            h.new_value = Some(after.serial.clone());
            db::history::insert(&tx, id, &h)?;
        }
        let changed = changed_fields(&before, &after);
        if !changed.is_empty() {
            let mut h = HistoryEntry::new("updated", ctx.now, &ctx.operator);
            h.new_value = Some(changed.join(","));
            db::history::insert(&tx, id, &h)?;
        }
        audit_asset(&tx, ctx, "asset.update", Some(&before), &after, None)?;
        commit(tx)?;
        Ok(after)
    }

    /// A racked device whose height or depth changes must still fit where it is: the placement
    /// engine judges it at its own position (its own units are its own; reservations are taken).
    fn recheck_own_position(&self, after: &Asset) -> Result<()> {
        let Some(pos) = after.position() else {
            return Ok(());
        };
        let proposal = Proposal::in_place(after, &pos.cabinet, pos.start_u, pos.face);
        let snapshot = Snapshot::load(self.conn(), std::slice::from_ref(&proposal), None, None)?;
        match judge(&snapshot, &[proposal]).pop().and_then(|j| j.blocked) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// 报废: the last step of the lifecycle, with the reason recorded. The device must be out
    /// of its cabinet (in stock, unracked, or awaiting retirement).
    pub fn retire_asset(&mut self, ctx: &Ctx, tag: &str, reason: &str) -> Result<Asset> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::MissingField { field: "报废原因".into() });
        }
        let (id, before) =
            db::assets::get(self.conn(), tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })?;
        if let Some(p) = before.position() {
            return Err(Error::StillRacked {
                tag: before.asset_tag.clone(),
                position: super::position_label(&p.cabinet, p.start_u, p.face),
            });
        }
        if !lifecycle::may_retire(before.status) {
            return Err(Error::Transition {
                tag: before.asset_tag.clone(),
                from: before.status,
                to: crate::model::Status::Retired,
            });
        }
        let mut after = before.clone();
        after.status = crate::model::Status::Retired;

        let tx = self.write(&[Area::Assets, Area::Ports])?;
        if !unchanged_since(&tx, id, before.version)? {
            drop(tx);
            return self.retire_asset(ctx, tag, reason);
        }
        db::assets::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        after.version = before.version + 1;
        note_status(&tx, id, ctx, before.status, after.status, Some(reason))?;
        audit_asset(&tx, ctx, "asset.retire", Some(&before), &after, Some(reason))?;
        commit(tx)?;
        Ok(after)
    }
}

/// Whether the asset row still has `version`, read inside the write transaction. An operation
/// checks its rules on a row read before it takes the write lock (its checks read through
/// `&self`); when another writer changed the row in between, it must not write a result computed
/// from the old row — a lost update — so it checks again on the new one (or, with an expected
/// version, refuses).
pub(crate) fn unchanged_since(tx: &crate::db::Connection, id: i64, version: i64) -> Result<bool> {
    let now: Option<i64> = tx
        .query_row("SELECT version FROM assets WHERE id = ?1", [id], |r| r.get(0))
        .map(Some)
        .or_else(|e| if matches!(e, crate::db::SqlError::NoRows) { Ok(None) } else { Err(e) })
        .map_err(Error::storage("读取资产版本"))?;
    Ok(now == Some(version))
}

/// Keys of the fields that differ, for the history line.
fn changed_fields(before: &Asset, after: &Asset) -> Vec<&'static str> {
    let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    AssetField::ALL
        .iter()
        .map(|f| f.key())
        .filter(|k| !matches!(*k, "status" | "serial") && b.get(*k) != a.get(*k))
        .collect()
}
