//! The 列头柜 sheet: row-head cabinets keyed on 列头柜编号.

use super::{Plan, Planned, Planner};
use crate::db::row_heads::RowHead;
use crate::excel::sheets::{Header, SheetKind};
use crate::excel::validate::{self, Problems, RowHeadRow};

impl Planner<'_> {
    pub(crate) fn row_heads(
        &mut self,
        sheet: usize,
        header: &Header,
        rows: Vec<RowHeadRow>,
        p: &mut Problems<'_>,
        plan: &mut Plan,
    ) {
        let has = |k: &str| validate::has_column(header, SheetKind::RowHeads, k);
        for r in rows {
            if let Some((first, _)) = self.defined_heads.get(&r.code) {
                let (zh, en) = self.t(format!("与第 {first} 行重复"), format!("duplicates row {first}"));
                p.add(Some(r.row), Some("列头柜编号"), Some(&r.code), zh, en);
                continue;
            }
            if !self.room_known(&r.room) {
                p.add(
                    Some(r.row),
                    Some("机房"),
                    Some(&r.room),
                    "找不到该机房：请先登记，或在同一文件的“机房”表中列出".into(),
                    "unknown room: register it first or list it on the 机房 sheet of this file".into(),
                );
                continue;
            }
            self.defined_heads.insert(r.code.clone(), (r.row, r.room.clone()));
            let before = self.known.row_heads.get(&r.code).cloned();
            let mut after = before.clone().unwrap_or(RowHead {
                code: r.code.clone(),
                room: r.room.clone(),
                row: None,
                capacity_w: r.capacity_w,
                voltage_v: 380,
                phases: 3,
                warning_level: None,
                alarm_level: None,
                note: None,
            });
            after.room = r.room.clone();
            after.capacity_w = r.capacity_w;
            if has("row") {
                after.row = r.row_label;
            }
            if has("voltage_v") {
                after.voltage_v = r.voltage_v.unwrap_or(380);
            }
            if has("phases") {
                after.phases = r.phases.unwrap_or(3);
            }
            if has("warning") {
                after.warning_level = r.warning;
            }
            if has("alarm") {
                after.alarm_level = r.alarm;
            }
            if has("note") {
                after.note = r.note;
            }
            if let (Some(w), Some(a)) = (after.warning_level, after.alarm_level) {
                if w >= a {
                    p.add(
                        Some(r.row),
                        Some("预警阈值(%)"),
                        None,
                        "预警阈值应低于告警阈值".into(),
                        "the warning level must be below the alarm level".into(),
                    );
                    continue;
                }
            }
            plan.row_heads.push(Planned { sheet, row: r.row, key: r.code, before, after });
        }
    }

    pub(super) fn head_known(&self, code: &str) -> bool {
        self.known.row_heads.contains_key(code) || self.defined_heads.contains_key(code)
    }
}
