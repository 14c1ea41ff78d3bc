//! The 资产登记 sheet: assets keyed on 资产编号, with their positions.

use super::{Plan, Planned, Planner};
use crate::excel::validate::{self, AssetRow, Problems};
use crate::i18n::Lang;
use crate::ledger::position_label;
use crate::lifecycle;
use crate::model::{Asset, AssetField, Face};

impl Planner<'_> {
    pub(crate) fn assets(&mut self, sheet: usize, rows: Vec<AssetRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        let lang = self.lang;
        for mut r in rows {
            if let Some(first) = self.seen_assets.get(&r.tag) {
                p.add(
                    Some(r.row),
                    Some(&r.header(AssetField::AssetTag)),
                    Some(&r.tag),
                    format!("资产编号与第 {first} 行重复"),
                    format!("the asset tag duplicates row {first}"),
                );
                continue;
            }
            self.seen_assets.insert(r.tag.clone(), r.row);
            let before = self.known.assets.get(&r.tag).map(|(_, a)| a.clone());
            let is_new = before.is_none();
            let mut after = before.clone().unwrap_or_else(|| {
                // The row's values are already applied to `fresh`.
                let mut a = std::mem::replace(&mut r.fresh, Asset::new(""));
                a.version = 1;
                if !r.has(AssetField::RegisteredOn) {
                    a.registered_on = Some(self.ctx.now.date());
                }
                if !r.has(AssetField::RegisteredBy) {
                    a.registered_by = Some(self.ctx.operator.clone());
                }
                a
            });
            let mut ok = true;
            for (f, v) in &r.values {
                if f.is_position() || is_new {
                    continue;
                }
                if let Err(e) = after.apply(*f, v) {
                    ok = false;
                    p.add(
                        Some(r.row),
                        Some(&r.header(*f)),
                        Some(v),
                        validate::reason_of(&e, lang),
                        e.message(Lang::En),
                    );
                }
            }
            if let Err(e) = after.validate() {
                ok = false;
                let f = e.field().as_deref().and_then(AssetField::lookup).unwrap_or(AssetField::AssetTag);
                p.add(Some(r.row), Some(&r.header(f)), r.get(f), validate::reason_of(&e, lang), e.message(Lang::En));
            }
            // The position, when the sheet has a 机柜编号 column; otherwise it stays as stored.
            let was_racked = before.as_ref().and_then(Asset::position);
            if r.has(AssetField::Cabinet) {
                let cabinet = r.get(AssetField::Cabinet).filter(|c| !c.is_empty());
                let start_u = r.get(AssetField::StartU).filter(|c| !c.is_empty());
                match (cabinet, start_u) {
                    (Some(code), start) => {
                        let room = r.get(AssetField::Room).filter(|c| !c.is_empty());
                        match self.cabinet(code) {
                            None => {
                                ok = false;
                                p.add(
                                    Some(r.row),
                                    Some(&r.header(AssetField::Cabinet)),
                                    Some(code),
                                    "找不到该机柜：请先登记，或在同一文件的“机柜”表中列出".into(),
                                    "unknown cabinet: register it first or list it on the 机柜 sheet of this file"
                                        .into(),
                                );
                            }
                            Some((cab_room, _)) => match room {
                                None => {
                                    ok = false;
                                    p.add(
                                        Some(r.row),
                                        Some(&r.header(AssetField::Room)),
                                        None,
                                        "填写了机柜编号时，机房为必填".into(),
                                        "the room is required when a cabinet is given".into(),
                                    );
                                }
                                Some(room) if room != cab_room => {
                                    ok = false;
                                    p.add(
                                        Some(r.row),
                                        Some(&r.header(AssetField::Room)),
                                        Some(room),
                                        format!("机柜 {code} 在机房“{cab_room}”，与此处不符"),
                                        format!("cabinet {code} is in room \"{cab_room}\""),
                                    );
                                }
                                Some(room) => after.room = Some(room.to_string()),
                            },
                        }
                        match start.map(crate::parse::uint) {
                            None => {
                                ok = false;
                                p.add(
                                    Some(r.row),
                                    Some(&r.header(AssetField::StartU)),
                                    None,
                                    "填写了机柜编号，但没有起始U位".into(),
                                    "a cabinet is given but no start U".into(),
                                );
                            }
                            Some(Err(_)) => ok = false, // reported by validate
                            Some(Ok(u)) => after.start_u = Some(u),
                        }
                        after.cabinet = Some(code.to_string());
                        after.face = Some(
                            r.get(AssetField::Face)
                                .and_then(Face::parse)
                                .or(was_racked.as_ref().map(|p| p.face))
                                .unwrap_or(Face::Front),
                        );
                        if !after.status.may_be_racked() {
                            ok = false;
                            p.add(Some(r.row), Some(&r.header(AssetField::Status)), Some(after.status.label(lang)), format!("状态为“{}”的设备不能在机柜中；上架的设备应为在用、闲置或维修", after.status.label_zh()), format!("an asset that is {} cannot be in a cabinet; racked assets are in_use, idle or repairing", after.status.code()));
                        }
                    }
                    (None, Some(u)) => {
                        ok = false;
                        p.add(
                            Some(r.row),
                            Some(&r.header(AssetField::Cabinet)),
                            None,
                            format!("填写了起始U位 {u}，但没有机柜编号"),
                            format!("start U {u} is given but no cabinet"),
                        );
                    }
                    (None, None) => {
                        after.room = None;
                        after.cabinet = None;
                        after.start_u = None;
                        after.face = None;
                    }
                }
            } else if was_racked.is_some() && !after.status.may_be_racked() {
                ok = false;
                p.add(
                    Some(r.row),
                    Some(&r.header(AssetField::Status)),
                    Some(after.status.label(lang)),
                    format!("设备仍在 {} 上架，状态不能为“{}”", position_text(&after), after.status.label_zh()),
                    format!(
                        "the asset is still racked at {}; it cannot be {}",
                        position_text(&after),
                        after.status.code()
                    ),
                );
            }
            if let Some(b) = &before {
                if let Err(e) = lifecycle::check(&b.asset_tag, b.status, after.status) {
                    ok = false;
                    p.add(
                        Some(r.row),
                        Some(&r.header(AssetField::Status)),
                        r.get(AssetField::Status),
                        e.message(lang),
                        e.message(Lang::En),
                    );
                }
            }
            // A device newly racked by this import was racked today unless the file says when.
            if after.position().is_some() && was_racked.is_none() && !r.has(AssetField::RackedOn) {
                after.racked_on = Some(self.ctx.now.date());
            }
            if ok {
                plan.assets.push(Planned { sheet, row: r.row, key: r.tag, before, after });
            }
        }
    }
}

fn position_text(a: &Asset) -> String {
    a.position().map(|p| position_label(&p.cabinet, p.start_u, p.face)).unwrap_or_default()
}
