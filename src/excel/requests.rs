//! The request forms of templates.md: 附件2 设备上架申请表 (header block, device table, and the
//! power check the core made at approval) and 附件5 操作申请单 (header block, 机柜位置 and
//! 线缆端口对应表), exported as forms; a filled 附件2 imported as a new request (草稿).
//!
//! A form is not a list: labels in column A with their values in column B, then each table
//! with its own bold header row. The writers are in `forms/requests.rs`; the import is here. An
//! imported 附件2 is judged by the placement engine before it is filed (and in a dry run), as its
//! approval would judge it.

use super::read::{Cell, RawSheet};
use super::{ImportReport, Problem};
use crate::error::Result;
use crate::ledger::{Ctx, Ledger, NewDevice, RequestDraft, RowDraft, Verdict};
use crate::model::{Category, Depth, Face, RequestKind};

pub const REQUEST_SHEET: &str = "设备上架申请表";
pub const OPERATION_SHEET: &str = "操作申请单";

// ---------------------------------------------------------------------------------------------
// Import of a filled 附件2.

/// The sheet of a workbook that is a filled 附件2: labels 申请单位 and 申请人 in column A, and a
/// device table whose header has 设备名称 and 序列号.
pub fn request_form(raw: &[RawSheet]) -> Option<&RawSheet> {
    raw.iter().find(|s| {
        let labels: Vec<String> = s.rows.iter().take(40).map(|r| clean(&r.cell(0).text())).collect();
        labels.iter().any(|l| l == "申请单位")
            && labels.iter().any(|l| l == "申请人")
            && s.rows.iter().any(|r| header_cols(r).is_some())
    })
}

/// `申请单位*` / ` 申请单位（必填）` → `申请单位`.
fn clean(s: &str) -> String {
    let t: String = s.chars().filter(|c| !c.is_whitespace() && *c != '*').collect();
    let t = t.replace('（', "(").replace('）', ")");
    match t.find("(必填") {
        Some(i) => t[..i].to_string(),
        None => t,
    }
}

/// The column of each device-table header, when `r` is that header row.
fn header_cols(r: &super::read::RawRow) -> Option<Vec<(usize, String)>> {
    let cols: Vec<(usize, String)> = r.cells.iter().enumerate().map(|(i, c)| (i, clean(&c.text()))).collect();
    let has = |h: &str| cols.iter().any(|(_, c)| c == h);
    (has("设备名称") && has("序列号")).then_some(cols)
}

/// Imports a filled 附件2 as a new request (草稿). Every problem is reported with its row and
/// column; a form with any error writes nothing.
pub fn import_request_form(ledger: &mut Ledger, ctx: &Ctx, sheet: &RawSheet, dry_run: bool) -> Result<ImportReport> {
    let lang = ledger.lang;
    let mut errors: Vec<Problem> = Vec::new();
    let problem = |row: Option<u32>, column: &str, value: &str, message: String| Problem {
        sheet: Some(sheet.name.clone()),
        row,
        column: Some(column.to_string()),
        value: (!value.is_empty()).then(|| value.to_string()),
        message,
    };
    // The header block: label in column A, value in B (until the device table).
    let header_at = sheet.rows.iter().position(|r| header_cols(r).is_some()).unwrap_or(sheet.rows.len());
    let value = |label: &str| -> (Option<u32>, Cell) {
        sheet.rows[..header_at]
            .iter()
            .find(|r| clean(&r.cell(0).text()) == label)
            .map(|r| (Some(r.number), r.cell(1).clone()))
            .unwrap_or((None, Cell::Empty))
    };
    let text = |label: &str| value(label).1.text();
    let required = |label: &str, errors: &mut Vec<Problem>| {
        let (row, v) = value(label);
        if v.is_empty() {
            errors.push(problem(row, label, "", lang.pick("必填", "required").to_string()));
        }
        v.text()
    };
    let org = required("申请单位", &mut errors);
    let applicant = required("申请人", &mut errors);
    let kind = match text("申请类型") {
        t if t.is_empty() => RequestKind::New,
        t => RequestKind::parse(&t).unwrap_or_else(|| {
            errors.push(problem(value("申请类型").0, "申请类型", &t, format!("可选值：{}", RequestKind::choices())));
            RequestKind::New
        }),
    };
    let (prow, pcell) = value("计划上架日期");
    let planned_on = pcell.date().unwrap_or_else(|m| {
        errors.push(problem(prow, "计划上架日期", &pcell.text(), m));
        None
    });
    let power_tested = matches!(text("已完成机房外加电测试").as_str(), "是" | "yes" | "Yes" | "Y" | "y" | "true" | "1");

    // The device table.
    let mut rows = Vec::new();
    if let Some(head) = sheet.rows.get(header_at) {
        let cols = header_cols(head).unwrap_or_default();
        let at = |h: &str| cols.iter().find(|(_, c)| c == h || (h == "资产编号" && c == "资产编码")).map(|(i, _)| *i);
        for r in sheet.rows.iter().skip(header_at + 1) {
            if r.is_empty() {
                // The table ends at the first empty row (the power check may follow).
                if !rows.is_empty() {
                    break;
                }
                continue;
            }
            let get = |h: &str| at(h).map(|i| r.cell(i).text()).unwrap_or_default();
            let int = |h: &str, errors: &mut Vec<Problem>| -> Option<u32> {
                let v = get(h);
                if v.is_empty() {
                    return None;
                }
                let t = v.trim_end_matches(['U', 'u', 'W', 'w']);
                match crate::parse::number(t) {
                    Ok(x) if x >= 0.0 && x.fract() == 0.0 => Some(x as u32),
                    _ => {
                        errors.push(problem(
                            Some(r.number),
                            h,
                            &v,
                            lang.pick("应为非负整数", "not a whole number").into(),
                        ));
                        None
                    }
                }
            };
            for h in ["设备名称", "设备类型", "品牌", "型号", "序列号", "占用U数", "额定功率(W)"]
            {
                if get(h).is_empty() {
                    errors.push(problem(Some(r.number), h, "", lang.pick("必填", "required").into()));
                }
            }
            let category = Category::parse(&get("设备类型")).unwrap_or_else(|| {
                if !get("设备类型").is_empty() {
                    errors.push(problem(
                        Some(r.number),
                        "设备类型",
                        &get("设备类型"),
                        format!("可选值：{}", Category::choices()),
                    ));
                }
                Category::Other
            });
            let face = match get("安装面") {
                f if f.is_empty() => None,
                f => Face::parse(&f).or_else(|| {
                    errors.push(problem(Some(r.number), "安装面", &f, format!("可选值：{}", Face::choices())));
                    None
                }),
            };
            let device = NewDevice {
                name: get("设备名称"),
                category,
                vendor: get("品牌"),
                model: get("型号"),
                serial: get("序列号"),
                u_height: int("占用U数", &mut errors).unwrap_or(1),
                depth: Depth::Full,
                rated_w: int("额定功率(W)", &mut errors).unwrap_or(0),
                typical_w: None,
                psu_count: int("电源数量", &mut errors).unwrap_or(1),
                rj45_ports: int("网口数", &mut errors),
                optical_ports: int("光口数", &mut errors),
                mgmt_ip: Some(get("管理IP")).filter(|s| !s.is_empty()),
            };
            rows.push((
                r.number,
                RowDraft {
                    asset_tag: get("资产编号"),
                    new_device: Some(device),
                    cabinet: Some(get("机柜编号")).filter(|s| !s.is_empty()),
                    start_u: int("起始U位", &mut errors),
                    face,
                    note: Some(get("备注")).filter(|s| !s.is_empty()),
                },
            ));
        }
    }
    if rows.is_empty() {
        errors.push(problem(None, "设备名称", "", lang.pick("设备清单为空", "the device table is empty").into()));
    }
    let draft = RequestDraft {
        org,
        applicant,
        phone: Some(text("联系电话")),
        system: Some(text("业务系统")),
        kind,
        planned_on,
        escort: Some(text("随工人员")),
        power_tested,
        org_opinion: Some(text("申请单位意见")),
        note: None,
        rows: rows.iter().map(|(_, d)| d.clone()).collect(),
    };
    let mut report = ImportReport {
        ok: errors.is_empty(),
        dry_run,
        sheets: Vec::new(),
        errors,
        warnings: Vec::new(),
        request_no: None,
        inspection_no: None,
    };
    if !report.ok {
        return Ok(report);
    }
    // The rows as approval would judge them, by the placement engine: units that are taken
    // (racked, or reserved by an approved request) refuse the form at their row; power only
    // warns, as approval may pass it with a reason.
    match ledger.check_request_draft(&draft) {
        Ok(check) => {
            for ((number, d), r) in rows.iter().zip(&check.rows) {
                let at = |column: &str, value: String| Problem {
                    sheet: Some(sheet.name.clone()),
                    row: Some(*number),
                    column: Some(column.to_string()),
                    value: Some(value).filter(|v| !v.is_empty()),
                    message: r.check.reasons.join(lang.pick("；", "; ")),
                };
                let start_u = d.start_u.map(|u| u.to_string()).unwrap_or_default();
                match r.check.verdict {
                    Verdict::Refused if !r.check.overridable => report.errors.push(at("起始U位", start_u)),
                    Verdict::Refused | Verdict::Warning => report.warnings.push(at("额定功率(W)", String::new())),
                    Verdict::Ok => {}
                }
            }
        }
        Err(e) => report.errors.push(Problem {
            sheet: Some(sheet.name.clone()),
            row: None,
            column: None,
            value: None,
            message: e.message(lang),
        }),
    }
    report.ok = report.errors.is_empty();
    if !report.ok || dry_run {
        return Ok(report);
    }
    match ledger.add_request(ctx, &draft) {
        Ok(r) => report.request_no = Some(r.request_no),
        Err(e) => {
            report.ok = false;
            report.errors.push(Problem {
                sheet: Some(sheet.name.clone()),
                row: None,
                column: None,
                value: None,
                message: e.message(lang),
            });
        }
    }
    Ok(report)
}
