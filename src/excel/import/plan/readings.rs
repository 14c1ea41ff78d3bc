//! The 功率读数 sheet: power readings, appended.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use super::{Plan, Planner};
use crate::db::readings::Reading;
use crate::excel::validate::{Problems, ReadingRow};

impl Planner<'_> {
    pub(crate) fn readings(&mut self, sheet: usize, rows: Vec<ReadingRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for r in rows {
            if self.cabinet(&r.cabinet).is_none() {
                p.add(
                    Some(r.row),
                    Some("机柜编号"),
                    Some(&r.cabinet),
                    "找不到该机柜：请先登记，或在同一文件的“机柜”表中列出".into(),
                    "unknown cabinet: register it first or list it on the 机柜 sheet of this file".into(),
                );
                continue;
            }
            let at = stamp(r.at);
            let key = (r.cabinet.clone(), at.clone());
            // A reading already stored (or given twice) is the same reading: skipped.
            if self.known.readings.contains(&key) || !seen.insert(key) {
                continue;
            }
            let reading = Reading {
                cabinet: r.cabinet,
                at,
                measured_w: r.measured_w,
                amps_a: r.amps_a,
                amps_b: r.amps_b,
                operator: r.operator.unwrap_or_else(|| self.ctx.operator.clone()),
                note: r.note,
            };
            plan.readings.push((sheet, r.row, reading));
        }
    }
}

fn stamp(at: NaiveDateTime) -> String {
    crate::db::stamp(at)
}
