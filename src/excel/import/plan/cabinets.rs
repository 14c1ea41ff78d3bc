//! The 机柜 sheet: cabinets keyed on 机柜编号, with their power configuration.

use super::{CabinetState, Plan, Planned, Planner};
use crate::db::power::CabinetPowerConfig;
use crate::excel::sheets::{Header, SheetKind};
use crate::excel::validate::{self, CabinetRow, Problems};

impl Planner<'_> {
    pub(crate) fn cabinets(
        &mut self,
        sheet: usize,
        header: &Header,
        rows: Vec<CabinetRow>,
        p: &mut Problems<'_>,
        plan: &mut Plan,
    ) {
        let has = |k: &str| validate::has_column(header, SheetKind::Cabinets, k);
        for r in rows {
            let mut ok = true;
            if let Some((first, _, _)) = self.defined_cabinets.get(&r.code) {
                p.add(
                    Some(r.row),
                    Some("机柜编号"),
                    Some(&r.code),
                    format!("与第 {first} 行重复"),
                    format!("duplicates row {first}"),
                );
                continue;
            }
            if r.code.contains(':') || r.code.chars().any(char::is_control) {
                p.add(
                    Some(r.row),
                    Some("机柜编号"),
                    Some(&r.code),
                    "机柜编号不能含有冒号或控制字符".into(),
                    "a cabinet code may not contain a colon or control characters".into(),
                );
                ok = false;
            }
            if !self.room_known(&r.room) {
                p.add(
                    Some(r.row),
                    Some("机房"),
                    Some(&r.room),
                    "找不到该机房：请先登记，或在同一文件的“机房”表中列出".into(),
                    "unknown room: register it first or list it on the 机房 sheet of this file".into(),
                );
                ok = false;
            }
            for (feed, header) in [(&r.feed_a, "A路列头柜"), (&r.feed_b, "B路列头柜")] {
                if let Some(f) = feed.as_deref().filter(|f| !self.head_known(f)) {
                    p.add(
                        Some(r.row),
                        Some(header),
                        Some(f),
                        "找不到该列头柜：请先登记，或在同一文件的“列头柜”表中列出".into(),
                        "unknown row-head cabinet: register it first or list it on the 列头柜 sheet of this file"
                            .into(),
                    );
                    ok = false;
                }
            }
            if !ok {
                continue;
            }
            self.defined_cabinets.insert(r.code.clone(), (r.row, r.room.clone(), r.u_height));
            let before = self.known.cabinets.get(&r.code).map(|(_, c)| c.clone());
            let mut after = before.clone().unwrap_or(CabinetState {
                code: r.code.clone(),
                room: r.room.clone(),
                row: None,
                u_height: r.u_height,
                owner: None,
                note: None,
                power: CabinetPowerConfig::default(),
            });
            after.room = r.room.clone();
            after.u_height = r.u_height;
            after.power.rated_w = Some(r.rated_w);
            if has("row") {
                after.row = r.row_label.clone();
            }
            if has("owner") {
                after.owner = r.owner.clone();
            }
            if has("note") {
                after.note = r.note.clone();
            }
            let pw = &mut after.power;
            if has("feed_a") {
                pw.feed_a = r.feed_a.clone();
            }
            if has("feed_a_branch") {
                pw.feed_a_branch = r.feed_a_branch.clone();
            }
            if has("feed_a_breaker") {
                pw.feed_a_breaker_a = r.feed_a_breaker;
            }
            if has("feed_b") {
                pw.feed_b = r.feed_b.clone();
            }
            if has("feed_b_branch") {
                pw.feed_b_branch = r.feed_b_branch.clone();
            }
            if has("feed_b_breaker") {
                pw.feed_b_breaker_a = r.feed_b_breaker;
            }
            if has("warning") {
                pw.warning_level = r.warning;
            }
            if has("alarm") {
                pw.alarm_level = r.alarm;
            }
            plan.cabinets.push(Planned { sheet, row: r.row, key: r.code, before, after });
        }
    }

    /// The room and height of a cabinet, as this file leaves it.
    pub(super) fn cabinet(&self, code: &str) -> Option<(String, u32)> {
        if let Some((_, room, u)) = self.defined_cabinets.get(code) {
            return Some((room.clone(), *u));
        }
        self.known.cabinets.get(code).map(|(_, c)| (c.room.clone(), c.u_height))
    }
}
