//! Rooms, cabinets and what is in them.

use crate::roles::Area;
use serde::Serialize;

use super::power::validate_power;
use super::{commit, to_json, Ctx, Ledger};
use crate::db::power::CabinetPowerConfig;
use crate::db::{self, assets::AssetFilter, assets::SortKey, audit::Record};
use crate::error::{Error, Result};
use crate::model::{Asset, Cabinet, CabinetDraft, Room};
use crate::rack;

/// A cabinet and the devices in it, bottom first: what an elevation drawing needs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Elevation {
    pub cabinet: Cabinet,
    pub devices: Vec<Asset>,
    /// Units held by approved racking requests whose devices are not racked yet.
    pub reserved: Vec<super::ReservedUnits>,
}

impl Ledger {
    pub fn rooms(&self) -> Result<Vec<Room>> {
        db::rooms::list(self.conn())
    }

    /// Registers a room (its name must be new).
    pub fn add_room(&mut self, ctx: &Ctx, room: &Room) -> Result<()> {
        let name = room.name.trim();
        if name.is_empty() {
            return Err(Error::MissingField { field: "机房名称".into() });
        }
        if db::rooms::get_id(self.conn(), name)?.is_some() {
            return Err(Error::DuplicateRoom { name: name.to_string() });
        }
        let room = Room { name: name.to_string(), ..room.clone() };
        let tx = self.write(&[Area::Site])?;
        db::rooms::insert(&tx, &room)?;
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record {
                action: "room.create",
                entity: "room",
                key: &room.name,
                before: None,
                after: to_json(&room),
                reason: None,
            },
        )?;
        commit(tx)
    }

    /// Registers a cabinet. Its room is created on the way if it is new.
    pub fn add_cabinet(
        &mut self,
        ctx: &Ctx,
        draft: &CabinetDraft,
        power: Option<&CabinetPowerConfig>,
    ) -> Result<Cabinet> {
        let code = draft.code.trim();
        if code.is_empty() {
            return Err(Error::MissingField { field: "机柜编号".into() });
        }
        if code.contains(':') || code.chars().any(char::is_control) {
            return Err(Error::InvalidValue {
                field: "机柜编号".into(),
                value: code.into(),
                reason: "不能含有冒号或控制字符".into(),
            });
        }
        if draft.room.trim().is_empty() {
            return Err(Error::MissingField { field: "机房".into() });
        }
        if !(1..=crate::model::MAX_U).contains(&draft.u_height) {
            return Err(Error::InvalidValue {
                field: "U数".into(),
                value: draft.u_height.to_string(),
                reason: format!("应在 1 到 {} 之间", crate::model::MAX_U),
            });
        }
        if db::cabinets::get(self.conn(), code)?.is_some() {
            return Err(Error::DuplicateCabinet { code: code.to_string() });
        }
        let draft = CabinetDraft { code: code.to_string(), room: draft.room.trim().to_string(), ..draft.clone() };
        let feeds = power.map(|p| validate_power(self.conn(), p)).transpose()?;
        let tx = self.write(&[Area::Site])?;
        let room_id = match db::rooms::get_id(&tx, &draft.room)? {
            Some(id) => id,
            None => {
                let room = Room { name: draft.room.clone(), location: None, note: None };
                let id = db::rooms::insert(&tx, &room)?;
                db::audit::insert(
                    &tx,
                    ctx.now,
                    &ctx.operator,
                    &Record {
                        action: "room.create",
                        entity: "room",
                        key: &room.name,
                        before: None,
                        after: to_json(&room),
                        reason: None,
                    },
                )?;
                id
            }
        };
        let id = db::cabinets::insert(&tx, room_id, &draft)?;
        if let (Some(p), Some((a, b))) = (power, feeds) {
            db::power::set_config(&tx, id, p, a, b)?;
        }
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record {
                action: "cabinet.create",
                entity: "cabinet",
                key: &draft.code,
                before: None,
                after: to_json(&draft),
                reason: None,
            },
        )?;
        commit(tx)?;
        self.cabinet(&draft.code)
    }

    /// Whether the ledger has neither assets nor cabinets (a first start): two index probes, not
    /// the list of every cabinet with its mounts.
    pub fn is_empty(&self) -> Result<bool> {
        self.conn()
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM assets) AND NOT EXISTS (SELECT 1 FROM cabinets)", [], |r| {
                r.get(0)
            })
            .map_err(Error::storage("检查数据库是否为空"))
    }

    /// Cabinets (of one room, if given) with their used units and device counts.
    pub fn cabinets(&self, room: Option<&str>) -> Result<Vec<Cabinet>> {
        let room_id = match room {
            Some(r) => match db::rooms::get_id(self.conn(), r)? {
                Some(id) => Some(id),
                None => return Ok(Vec::new()),
            },
            None => None,
        };
        let mounts = db::positions::spans_by_cabinet(self.conn(), room_id)?;
        let list = db::cabinets::list(self.conn(), room)?
            .into_iter()
            .map(|(id, mut c)| {
                if let Some(m) = mounts.get(&id) {
                    c.set_used_u(rack::used_units_of(c.u_height, m.iter().copied()));
                }
                c
            })
            .collect();
        Ok(list)
    }

    /// A window of [`Ledger::cabinets`] in its order (room, row, code): the racks view's map of
    /// a room of 2,500 cabinets, a screenful at a time. Counted units need every mount of the
    /// room, so the whole room is read and the window cut from it.
    pub fn cabinet_window(
        &self,
        room: Option<&str>,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<crate::db::window::RecordPage<Cabinet>> {
        Ok(crate::db::window::RecordPage::cut(self.cabinets(room)?, limit, offset, Default::default()))
    }

    /// The cabinet codes (of one room when given), in the order of [`Ledger::cabinets`]; cheap
    /// where `cabinets` reads every mount to count the used units.
    pub fn cabinet_codes(&self, room: Option<&str>) -> Result<Vec<String>> {
        db::cabinets::codes(self.conn(), room)
    }

    pub fn cabinet(&self, code: &str) -> Result<Cabinet> {
        let row =
            db::cabinets::get(self.conn(), code)?.ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        let mut cab =
            db::cabinets::one(self.conn(), row.id)?.ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        cab.set_used_u(rack::used_units(cab.u_height, &db::positions::mounts(self.conn(), row.id)?));
        Ok(cab)
    }

    /// The cabinet and its devices, bottom first.
    pub fn elevation(&self, code: &str) -> Result<Elevation> {
        let cabinet = self.cabinet(code)?;
        let devices = self.assets(&AssetFilter {
            cabinet: Some(cabinet.code.clone()),
            sort: Some(SortKey::Cabinet),
            ..AssetFilter::default()
        })?;
        let reserved = self.reserved_units(&cabinet.code)?;
        Ok(Elevation { cabinet, devices, reserved })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_until_a_cabinet_or_an_asset_exists() {
        let mut l = Ledger::open_in_memory(crate::Lang::Zh).unwrap();
        assert!(l.is_empty().unwrap());
        let draft = CabinetDraft {
            code: "A01".into(),
            room: "一号机房".into(),
            row: None,
            u_height: 42,
            owner: None,
            note: None,
        };
        l.add_cabinet(&Ctx::now("t"), &draft, None).unwrap();
        assert!(!l.is_empty().unwrap());
        assert_eq!(l.cabinets(Some("一号机房")).unwrap().len(), 1);
        assert!(l.cabinets(Some("没有这个机房")).unwrap().is_empty());
    }
}
