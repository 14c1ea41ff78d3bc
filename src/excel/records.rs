//! Raw rows of the 故障告警登记 (附件3) and 维修记录 (附件4) sheets → typed rows, every problem
//! collected with its location. The database and cross-row rules (unknown assets and faults,
//! states that would go backwards) are checked by [`super::import`].
//!
//! 维修记录 takes one row per part: rows with the same 维修单号 are one repair; the first row
//! gives the repair's own columns, every row may add a part (更换部件 as `名称`, `名称|规格` or
//! `名称|规格|数量`, with its 旧件序列号, 新件序列号 and 旧件处置), and a row whose 更换部件 is
//! `整机` gives the device's old and new serial of a whole-unit swap.

use chrono::{NaiveDate, NaiveDateTime};

use super::forms::repairs::WHOLE_UNIT;
use super::validate::{Fields, Line, Problems};
use crate::model::{
    FaultKind, FaultSource, FaultState, FaultType, PartDisposal, RepairMode, RepairPart, RepairResult, RepairState,
    Severity,
};

impl Fields<'_, '_, '_, '_> {
    /// An ENUM cell: the Chinese word or the English code.
    fn choice<T>(&mut self, key: &str, parse: fn(&str) -> Option<T>, choices: fn() -> String) -> Option<T> {
        let t = self.line.text(key)?;
        match parse(&t) {
            Some(v) => Some(v),
            None => {
                self.bad(key, format!("可选值：{}", choices()));
                None
            }
        }
    }

    /// 是 / 否 (also Y/N, yes/no, true/false, 1/0).
    fn yes_no(&mut self, key: &str) -> Option<bool> {
        let t = self.line.text(key)?;
        match t.to_ascii_lowercase().as_str() {
            "是" | "y" | "yes" | "true" | "1" | "在保" => Some(true),
            "否" | "n" | "no" | "false" | "0" | "过保" => Some(false),
            _ => {
                self.bad(key, "应为“是”或“否”".into());
                None
            }
        }
    }

    fn date(&mut self, key: &str) -> Option<NaiveDate> {
        let cell = self.line.cell(key)?;
        match cell.date() {
            Ok(v) => v,
            Err(r) => {
                self.bad(key, r);
                None
            }
        }
    }
}

/// One 故障告警登记 row.
#[derive(Debug, Clone)]
pub struct FaultRow {
    pub row: u32,
    pub fault_no: String,
    pub kind: FaultKind,
    pub occurred_at: NaiveDateTime,
    pub source: FaultSource,
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub asset_tag: Option<String>,
    pub fault_type: Option<FaultType>,
    pub severity: Severity,
    pub description: String,
    pub service_impact: Option<bool>,
    pub reporter: Option<String>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub handler: Option<String>,
    pub actions: Option<String>,
    pub root_cause: Option<String>,
    pub recovered_at: Option<NaiveDateTime>,
    pub state: Option<FaultState>,
}

pub fn faults(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<FaultRow> {
    let mut out = Vec::new();
    for line in lines {
        let mut f = Fields { line, p, ok: true };
        let kind = f.choice("kind", FaultKind::parse, FaultKind::choices);
        let occurred_at = f.datetime("occurred_at");
        let source = f.choice("source", FaultSource::parse, FaultSource::choices);
        let fault_type = f.choice("fault_type", FaultType::parse, FaultType::choices);
        let severity = f.choice("severity", Severity::parse, Severity::choices);
        let service_impact = f.yes_no("service_impact");
        let acknowledged_at = f.datetime("acknowledged_at");
        let recovered_at = f.datetime("recovered_at");
        let state = f.choice("state", FaultState::parse, FaultState::choices);
        if let (Some(o), Some(r)) = (occurred_at, recovered_at) {
            if r < o {
                f.bad("recovered_at", "恢复时间早于发生时间".into());
            }
        }
        let (true, Some(kind), Some(occurred_at), Some(source), Some(severity)) =
            (f.ok, kind, occurred_at, source, severity)
        else {
            continue;
        };
        out.push(FaultRow {
            row: line.row.number,
            fault_no: line.text("fault_no").unwrap_or_default(),
            kind,
            occurred_at,
            source,
            room: line.text("room"),
            cabinet: line.text("cabinet"),
            asset_tag: line.text("asset_tag"),
            fault_type,
            severity,
            description: line.text("description").unwrap_or_default(),
            service_impact,
            reporter: line.text("reporter"),
            acknowledged_at,
            handler: line.text("handler"),
            actions: line.text("actions"),
            root_cause: line.text("root_cause"),
            recovered_at,
            state,
        });
    }
    out
}

/// One 维修记录 row (a repair's columns and at most one part).
#[derive(Debug, Clone)]
pub struct RepairLine {
    pub row: u32,
    pub repair_no: String,
    pub fault_no: Option<String>,
    pub asset_tag: String,
    pub symptom: String,
    /// None only on a row continuing an earlier row's repair.
    pub reported_at: Option<NaiveDateTime>,
    pub mode: Option<RepairMode>,
    pub vendor: Option<String>,
    pub case_no: Option<String>,
    pub technician: Option<String>,
    pub arrived_at: Option<NaiveDateTime>,
    pub work_done: Option<String>,
    pub part: Option<RepairPart>,
    /// A 整机 row: the device's serial before and after.
    pub swap: Option<(Option<String>, Option<String>)>,
    pub completed_at: Option<NaiveDateTime>,
    pub result: Option<RepairResult>,
    pub under_warranty: Option<bool>,
    pub cost: Option<f64>,
    pub accepted_by: Option<String>,
    pub accepted_on: Option<NaiveDate>,
    pub state: Option<RepairState>,
}

pub fn repairs(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<RepairLine> {
    let mut out = Vec::new();
    for line in lines {
        let mut f = Fields { line, p, ok: true };
        let reported_at = f.datetime("reported_at");
        let mode = f.choice("mode", RepairMode::parse, RepairMode::choices);
        let arrived_at = f.datetime("arrived_at");
        let completed_at = f.datetime("completed_at");
        let result = f.choice("result", RepairResult::parse, RepairResult::choices);
        let under_warranty = f.yes_no("under_warranty");
        let cost = f.num("cost");
        let accepted_on = f.date("accepted_on");
        let state = f.choice("state", RepairState::parse, RepairState::choices);
        let disposal = f.choice("disposal", PartDisposal::parse, PartDisposal::choices);
        let old_serial = line.text("old_serial");
        let new_serial = line.text("new_serial");
        let mut part = None;
        let mut swap = None;
        match line.text("part") {
            Some(t) if t == WHOLE_UNIT => swap = Some((old_serial, new_serial)),
            Some(t) => match RepairPart::parse(&t) {
                Ok(mut p) => {
                    p.old_serial = old_serial.or(p.old_serial);
                    p.new_serial = new_serial.or(p.new_serial);
                    p.disposal = disposal.or(p.disposal);
                    part = Some(p);
                }
                Err(r) => f.bad("part", r),
            },
            None if old_serial.is_some() || new_serial.is_some() => {
                f.bad("part", "填写了旧件/新件序列号，但没有更换部件（整机更换请填“整机”）".into())
            }
            None => {}
        }
        if let (Some(r), Some(c)) = (reported_at, completed_at) {
            if c < r {
                f.bad("completed_at", "完成时间早于报修时间".into());
            }
        }
        if !f.ok {
            continue;
        }
        out.push(RepairLine {
            row: line.row.number,
            repair_no: line.text("repair_no").unwrap_or_default(),
            fault_no: line.text("fault_no"),
            asset_tag: line.text("asset_tag").unwrap_or_default(),
            symptom: line.text("symptom").unwrap_or_default(),
            reported_at,
            mode,
            vendor: line.text("vendor"),
            case_no: line.text("case_no"),
            technician: line.text("technician"),
            arrived_at,
            work_done: line.text("work_done"),
            part,
            swap,
            completed_at,
            result,
            under_warranty,
            cost,
            accepted_by: line.text("accepted_by"),
            accepted_on,
            state,
        });
    }
    out
}
