//! 附件4 维修记录: one row per replaced part, so a repair with three parts takes three rows that
//! repeat its 维修单号 and the repair's columns (filters and sorts still work, and an import
//! groups the rows back by number). A whole-unit swap is a row whose 更换部件 is `整机` and whose
//! 旧件序列号 / 新件序列号 are the device's serials. A repair with no part is one row.
//!
//! 更换部件 holds the part's name, or `名称|规格|数量` when it has a specification or a quantity
//! other than one ([`crate::model::RepairPart::parse`] reads it back).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::super::sheets::{SheetKind, REPAIRS};
use super::super::writer::{col, enum_col, labels, title, Book, Col, V};
use super::{time, yes_no};
use crate::error::Result;
use crate::model::{PartDisposal, Repair, RepairMode, RepairPart, RepairResult, RepairState};

/// Who signs the printed record (附件4): the one who did the repair and the one who accepted it.
const SIGNERS: &[&str] = &["实施人", "验收人"];

/// What 更换部件 says for a whole-unit swap.
pub const WHOLE_UNIT: &str = "整机";

/// The form's columns, with drop-downs.
pub fn cols() -> Vec<Col> {
    REPAIRS
        .iter()
        .map(|c| match c.key {
            "mode" => enum_col(c.header, labels(RepairMode::ALL, RepairMode::label_zh)),
            "disposal" => enum_col(c.header, labels(PartDisposal::ALL, PartDisposal::label_zh)),
            "result" => enum_col(c.header, labels(RepairResult::ALL, RepairResult::label_zh)),
            "under_warranty" => enum_col(c.header, vec!["是", "否"]),
            "state" => enum_col(c.header, labels(RepairState::ALL, RepairState::label_zh)),
            _ => col(c.header),
        })
        .collect()
}

/// `内存`, `内存|32GB`, or `内存|32GB|2`.
pub fn part_text(p: &RepairPart) -> String {
    match (&p.spec, p.quantity) {
        (None, 1) => p.name.clone(),
        (Some(spec), 1) => format!("{}|{spec}", p.name),
        (spec, q) => format!("{}|{}|{q}", p.name, spec.as_deref().unwrap_or("")),
    }
}

/// The part columns of one row: 更换部件, 旧件序列号, 新件序列号, 旧件处置.
type PartLine = (String, Option<String>, Option<String>, Option<PartDisposal>);

/// The rows of one repair: its parts, then the whole-unit swap; one row when there is neither.
fn lines(r: &Repair) -> Vec<PartLine> {
    let mut out: Vec<_> =
        r.parts.iter().map(|p| (part_text(p), p.old_serial.clone(), p.new_serial.clone(), p.disposal)).collect();
    if r.old_serial.is_some() || r.new_serial.is_some() {
        out.push((WHOLE_UNIT.to_string(), r.old_serial.clone(), r.new_serial.clone(), None));
    }
    if out.is_empty() {
        out.push((String::new(), None, None, None));
    }
    out
}

/// Writes the 维修记录 sheet. `positions`: asset tag → 机房-机柜-U位 as the device stands now
/// (a device sent back to the factory shows where it will return). `now` None: an empty template.
pub fn write(
    book: &mut Book<'_>,
    repairs: &[Repair],
    positions: &HashMap<String, String>,
    now: Option<NaiveDateTime>,
) -> Result<()> {
    let t = now.map(|n| title("维修记录表", n)).unwrap_or_else(|| "维修记录表".into());
    let flat: Vec<(&Repair, PartLine)> =
        repairs.iter().flat_map(|r| lines(r).into_iter().map(move |l| (r, l))).collect();
    let row = |i: usize| {
        let (r, (part, old, new, disposal)) = &flat[i];
        let position = positions.get(&r.asset_tag).cloned().or_else(|| r.return_position.clone());
        vec![
            V::text(&r.repair_no),
            V::opt(&r.fault_no),
            V::text(&r.asset_tag),
            V::text(&r.asset_name),
            V::text(format!("{} {}", r.device_vendor, r.device_model).trim()),
            V::text(&r.serial),
            V::opt(&position),
            V::text(&r.symptom),
            V::DateTime(r.reported_at),
            V::text(r.mode.label_zh()),
            V::text(&r.vendor),
            V::opt(&r.case_no),
            V::opt(&r.technician),
            time(r.arrived_at),
            V::opt(&r.work_done),
            V::text(part),
            V::opt(old),
            V::opt(new),
            disposal.map(|d| V::text(d.label_zh())).unwrap_or(V::Empty),
            time(r.completed_at),
            r.result.map(|v| V::text(v.label_zh())).unwrap_or(V::Empty),
            yes_no(r.under_warranty),
            r.cost.map(V::Num).unwrap_or(V::Empty),
            V::opt(&r.accepted_by),
            r.accepted_on.map(V::Date).unwrap_or(V::Empty),
            V::text(r.state.label_zh()),
        ]
    };
    book.signed_sheet(SheetKind::Repairs.sheet_name(), &t, &cols(), flat.len(), &row, SIGNERS)
}
