//! The request forms of templates.md: 附件2 设备上架申请表 (header block, device table, and the
//! power check the core made at approval) and 附件5 操作申请单 (header block, 机柜位置 and
//! 线缆端口对应表), exported as forms; a filled 附件2 imported as a new request (草稿).
//!
//! A form is not a list: labels in column A with their values in column B, then each table
//! with its own bold header row.

use chrono::NaiveDateTime;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::read::{Cell, RawSheet};
use super::{ImportReport, Problem};
use crate::error::{Error, Result};
use crate::ledger::{Ctx, Ledger, NewDevice, RequestCheck, RequestDraft, RowDraft};
use crate::model::{Category, Depth, Face, RequestKind};

pub const REQUEST_SHEET: &str = "设备上架申请表";
pub const OPERATION_SHEET: &str = "操作申请单";

/// The device table's headers (templates.md, 附件2).
const DEVICE_HEADERS: [&str; 18] = [
    "序号",
    "设备名称",
    "设备类型",
    "品牌",
    "型号",
    "序列号",
    "资产编号",
    "占用U数",
    "额定功率(W)",
    "电源数量",
    "网口数",
    "光口数",
    "管理IP",
    "机房",
    "机柜编号",
    "起始U位",
    "安装面",
    "备注",
];

const CHECK_HEADERS: [&str; 8] =
    ["机柜编号", "额定功率(kW)", "审批前负载(kW)", "审批后负载(kW)", "负载率", "预警阈值", "告警阈值", "结论"];

struct Fm {
    title: Format,
    label: Format,
    header: Format,
    kw: Format,
    pct: Format,
}

fn formats() -> Fm {
    let header = Format::new()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    Fm {
        title: Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center),
        label: Format::new().set_bold().set_background_color(0xF2F2F2).set_border(FormatBorder::Thin),
        header,
        kw: Format::new().set_num_format("0.00"),
        pct: Format::new().set_num_format("0.0%"),
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn num(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Writes the label/value block from row `r`; returns the next free row.
fn block(ws: &mut Worksheet, fm: &Fm, r: u32, pairs: &[(&str, String)]) -> std::result::Result<u32, XlsxError> {
    for (i, (label, value)) in pairs.iter().enumerate() {
        let row = r + i as u32;
        ws.write_string_with_format(row, 0, *label, &fm.label)?;
        if !value.is_empty() {
            ws.write_string(row, 1, value)?;
        }
    }
    Ok(r + pairs.len() as u32)
}

fn table_head(
    ws: &mut Worksheet,
    fm: &Fm,
    r: u32,
    caption: &str,
    headers: &[&str],
) -> std::result::Result<(), XlsxError> {
    ws.write_string_with_format(r, 0, caption, &fm.label)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r + 1, c as u16, *h, &fm.header)?;
    }
    Ok(())
}

fn widths(ws: &mut Worksheet, n: u16) -> std::result::Result<(), XlsxError> {
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 26)?;
    for c in 2..n {
        ws.set_column_width(c, 14)?;
    }
    Ok(())
}

/// 附件2 for request `no`. Returns the number of device rows written.
pub fn write_request(ledger: &Ledger, wb: &mut Workbook, no: &str, now: NaiveDateTime) -> Result<Vec<(String, usize)>> {
    let answer = ledger.request_answer(no)?;
    let r = &answer.request;
    let wrap = |e: XlsxError| Error::WriteWorkbook { path: no.to_string(), reason: e.to_string() };
    let fm = formats();
    let ws = wb.add_worksheet();
    (|| -> std::result::Result<(), XlsxError> {
        ws.set_name(REQUEST_SHEET)?;
        widths(ws, DEVICE_HEADERS.len() as u16)?;
        let title = format!("设备上架申请表（导出时间 {}）", now.format("%Y-%m-%d %H:%M"));
        ws.merge_range(0, 0, 0, DEVICE_HEADERS.len() as u16 - 1, &title, &fm.title)?;
        let next = block(
            ws,
            &fm,
            1,
            &[
                ("申请单号", r.request_no.clone()),
                ("申请日期", r.applied_on.to_string()),
                ("申请单位", r.org.clone()),
                ("申请人", r.applicant.clone()),
                ("联系电话", opt(&r.phone)),
                ("业务系统", opt(&r.system)),
                ("申请类型", r.kind.label_zh().into()),
                ("计划上架日期", r.planned_on.map(|d| d.to_string()).unwrap_or_default()),
                ("随工人员", opt(&r.escort)),
                ("已完成机房外加电测试", if r.power_tested { "是" } else { "否" }.into()),
                ("申请单位意见", opt(&r.org_opinion)),
                ("审批人", opt(&r.approver)),
                ("审批日期", r.decided_at.as_deref().map(|d| d.chars().take(10).collect()).unwrap_or_default()),
                ("审批意见", opt(&r.opinion)),
                ("状态", r.state.label_zh().into()),
            ],
        )?;
        let head = next + 1;
        table_head(ws, &fm, head, "设备清单", &DEVICE_HEADERS)?;
        let mut row = head + 2;
        for d in &r.rows {
            let cells = [
                d.seq.to_string(),
                d.name.clone(),
                d.category.label_zh().into(),
                d.vendor.clone(),
                d.model.clone(),
                d.serial.clone(),
                d.asset_tag.clone(),
                d.u_height.to_string(),
                d.rated_w.to_string(),
                d.psu_count.to_string(),
                num(d.rj45_ports),
                num(d.optical_ports),
                opt(&d.mgmt_ip),
                opt(&d.room),
                opt(&d.cabinet),
                num(d.start_u),
                d.face.map(|f| f.label_zh().to_string()).unwrap_or_default(),
                opt(&d.note),
            ];
            for (c, v) in cells.iter().enumerate() {
                let numeric = matches!(c, 0 | 7 | 8 | 9 | 10 | 11 | 15);
                match v.parse::<f64>() {
                    Ok(x) if numeric => ws.write_number(row, c as u16, x)?,
                    _ if v.is_empty() => ws,
                    _ => ws.write_string(row, c as u16, v)?,
                };
            }
            row += 1;
        }
        if let Some(check) = &answer.check {
            write_check(ws, &fm, row + 1, check, ledger)?;
        }
        Ok(())
    })()
    .map_err(wrap)?;
    Ok(vec![(REQUEST_SHEET.to_string(), r.rows.len())])
}

/// The power check at approval: one row per cabinet the request touches.
fn write_check(
    ws: &mut Worksheet,
    fm: &Fm,
    r: u32,
    check: &RequestCheck,
    ledger: &Ledger,
) -> std::result::Result<(), XlsxError> {
    let caption = if check.overridable && check.verdict == crate::ledger::Verdict::Refused {
        "审批时电力检查（越过电力拒绝批准）"
    } else {
        "审批时电力检查"
    };
    table_head(ws, fm, r, caption, &CHECK_HEADERS)?;
    let levels = ledger.power_report(None).ok();
    let mut row = r + 2;
    let mut seen: Vec<&str> = Vec::new();
    for rc in &check.rows {
        let c = &rc.check.cabinet;
        if c.cabinet.is_empty() || seen.contains(&c.cabinet.as_str()) {
            continue;
        }
        seen.push(&c.cabinet);
        let lv = levels.as_ref().and_then(|p| p.cabinets.iter().find(|x| x.cabinet == c.cabinet));
        ws.write_string(row, 0, &c.cabinet)?;
        if let Some(cap) = c.capacity_w {
            ws.write_number_with_format(row, 1, cap as f64 / 1000.0, &fm.kw)?;
        }
        ws.write_number_with_format(row, 2, c.load_before_w as f64 / 1000.0, &fm.kw)?;
        ws.write_number_with_format(row, 3, c.load_after_w as f64 / 1000.0, &fm.kw)?;
        if let Some(u) = c.utilization_after {
            ws.write_number_with_format(row, 4, u, &fm.pct)?;
        }
        if let Some(p) = lv {
            ws.write_number_with_format(row, 5, p.warning_level, &fm.pct)?;
            ws.write_number_with_format(row, 6, p.alarm_level, &fm.pct)?;
        }
        let verdict = match rc.check.verdict {
            crate::ledger::Verdict::Ok => "通过",
            crate::ledger::Verdict::Warning => "预警",
            crate::ledger::Verdict::Refused => "拒绝",
        };
        ws.write_string(row, 7, format!("{verdict}（{}）", c.status_after.label_zh()))?;
        row += 1;
    }
    Ok(())
}

/// 附件5 for operation request `no`.
pub fn write_operation(
    ledger: &Ledger,
    wb: &mut Workbook,
    no: &str,
    now: NaiveDateTime,
) -> Result<Vec<(String, usize)>> {
    let o = ledger.operation(no)?;
    let wrap = |e: XlsxError| Error::WriteWorkbook { path: no.to_string(), reason: e.to_string() };
    let fm = formats();
    let ws = wb.add_worksheet();
    const POS: [&str; 10] = [
        "设备名称",
        "资产编号",
        "序列号",
        "机房",
        "机柜编号",
        "起始U位",
        "占用U数",
        "安装面",
        "A路PDU端口",
        "B路PDU端口",
    ];
    const CAB: [&str; 14] = [
        "线缆编号",
        "线缆类型",
        "本端设备",
        "本端位置",
        "本端端口",
        "经配线架端口",
        "对端设备",
        "对端位置",
        "对端端口",
        "本端标签",
        "对端标签",
        "用途",
        "VLAN",
        "长度(m)",
    ];
    (|| -> std::result::Result<(), XlsxError> {
        ws.set_name(OPERATION_SHEET)?;
        widths(ws, CAB.len() as u16)?;
        let title = format!("操作申请单（导出时间 {}）", now.format("%Y-%m-%d %H:%M"));
        ws.merge_range(0, 0, 0, CAB.len() as u16 - 1, &title, &fm.title)?;
        let next = block(
            ws,
            &fm,
            1,
            &[
                ("申请单号", o.op_no.clone()),
                ("关联上架申请单", opt(&o.request_no)),
                ("申请单位", o.org.clone()),
                ("申请人", o.applicant.clone()),
                ("联系电话", opt(&o.phone)),
                ("操作类型", o.kind.label_zh().into()),
                ("计划开始时间", opt(&o.planned_start)),
                ("计划结束时间", opt(&o.planned_end)),
                ("操作内容及步骤", opt(&o.steps)),
                ("影响范围", opt(&o.impact)),
                ("风险等级", o.risk.label_zh().into()),
                ("回退方案", opt(&o.rollback)),
                ("实施人", opt(&o.implementer)),
                ("随工人员", opt(&o.escort)),
                ("审批人", opt(&o.approver)),
                ("审批时间", opt(&o.approved_at)),
                ("完成确认人", opt(&o.confirmed_by)),
                ("实际完成时间", opt(&o.completed_at)),
            ],
        )?;
        let mut row = next + 1;
        table_head(ws, &fm, row, "机柜位置", &POS)?;
        row += 2;
        for p in &o.positions {
            let cells = [
                p.name.clone(),
                p.asset_tag.clone(),
                opt(&p.serial),
                opt(&p.room),
                opt(&p.cabinet),
                num(p.start_u),
                num(p.u_height),
                p.face.map(|f| f.label_zh().to_string()).unwrap_or_default(),
                opt(&p.pdu_a),
                opt(&p.pdu_b),
            ];
            for (c, v) in cells.iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(x) if c == 5 || c == 6 => ws.write_number(row, c as u16, x)?,
                    _ if v.is_empty() => ws,
                    _ => ws.write_string(row, c as u16, v)?,
                };
            }
            row += 1;
        }
        row += 1;
        table_head(ws, &fm, row, "线缆端口对应表", &CAB)?;
        row += 2;
        for c in &o.cables {
            let type_label = c
                .cable_type
                .as_deref()
                .and_then(crate::model::CableType::parse)
                .map(|t| t.label_zh().to_string())
                .or_else(|| c.cable_type.clone())
                .unwrap_or_default();
            let cells = [
                opt(&c.cable_no),
                type_label,
                c.a_asset.clone(),
                opt(&c.a_position),
                c.a_port.clone(),
                opt(&c.via),
                c.b_asset.clone(),
                opt(&c.b_position),
                c.b_port.clone(),
                opt(&c.a_label),
                opt(&c.b_label),
                opt(&c.purpose),
                opt(&c.vlan),
            ];
            for (i, v) in cells.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(row, i as u16, v)?;
                }
            }
            if let Some(l) = c.length_m {
                ws.write_number(row, 13, l)?;
            }
            row += 1;
        }
        Ok(())
    })()
    .map_err(wrap)?;
    Ok(vec![(OPERATION_SHEET.to_string(), o.cables.len())])
}

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
