//! The request forms' writers: 附件2 设备上架申请表 (header block with every approver and time,
//! device table, and the power check the core made at 机房审核 or approval) and 附件5 操作申请单 (header block, 机柜位置 and
//! 线缆端口对应表). A form is not a list: labels in column A with their values in column B, then
//! each table with its own bold header row. The import of a filled 附件2 is `excel/requests.rs`.

use chrono::NaiveDateTime;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::super::requests::{OPERATION_SHEET, REQUEST_SHEET};
use super::super::writer::{finish_form, Book, Formats, Widths};
use crate::error::Result;
use crate::ledger::{CabinetCheck, Ledger, RequestCheck, RowHeadCheck, Verdict};

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

/// The power table below the devices: every cabinet of the request and every row-head cabinet
/// feeding one (templates.md, 附件2).
const CHECK_HEADERS: [&str; 12] = [
    "类别",
    "编号",
    "额定容量(kW)",
    "检查前负载(kW)",
    "检查后负载(kW)",
    "故障切换负载(kW)",
    "负载率",
    "预警阈值",
    "告警阈值",
    "状态",
    "故障切换",
    "结论",
];

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// `2026-12-07 14:30` of a stored `2026-12-07 14:30:05`.
fn minutes(v: &Option<String>) -> String {
    v.as_deref().map(|t| t.chars().take(16).collect()).unwrap_or_default()
}

fn num(v: Option<u32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Who signs the printed 附件2: the applicant, the approver, and the 机房 reviewer.
const REQUEST_SIGNERS: &[&str] = &["申请人", "审批人", "审核人"];

/// Who signs the printed 附件5: the applicant, the approver, and who carries it out.
const OPERATION_SIGNERS: &[&str] = &["申请人", "审批人", "实施人"];

/// Writes the label/value block from row `r`; returns the next free row. The labels set
/// column A's width; a value runs over the empty cells to its right, so it sets none.
fn block(
    ws: &mut Worksheet,
    fm: &Formats,
    w: &mut Widths,
    r: u32,
    pairs: &[(&str, String)],
) -> std::result::Result<u32, XlsxError> {
    for (i, (label, value)) in pairs.iter().enumerate() {
        let row = r + i as u32;
        ws.write_string_with_format(row, 0, *label, &fm.label)?;
        w.see(0, label);
        if !value.is_empty() {
            ws.write_string(row, 1, value)?;
        }
    }
    Ok(r + pairs.len() as u32)
}

fn table_head(
    ws: &mut Worksheet,
    fm: &Formats,
    w: &mut Widths,
    r: u32,
    caption: &str,
    headers: &[&str],
) -> std::result::Result<(), XlsxError> {
    ws.write_string_with_format(r, 0, caption, &fm.label)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r + 1, c as u16, *h, &fm.header)?;
        w.see(c as u16, h);
    }
    Ok(())
}

/// One row of a table: numbers (in the columns `numeric` says) as numbers, the rest as text.
fn table_row(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    cells: &[String],
    numeric: impl Fn(usize) -> bool,
) -> std::result::Result<(), XlsxError> {
    for (c, v) in cells.iter().enumerate() {
        w.see(c as u16, v);
        match v.parse::<f64>() {
            Ok(x) if numeric(c) => ws.write_number(row, c as u16, x)?,
            _ if v.is_empty() => ws,
            _ => ws.write_string(row, c as u16, v)?,
        };
    }
    Ok(())
}

/// 附件2 for request `no`. Returns the number of device rows written.
pub fn write_request(book: &mut Book<'_>, ledger: &Ledger, no: &str, now: NaiveDateTime) -> Result<()> {
    let answer = ledger.request_answer(no)?;
    let r = &answer.request;
    let (ws, fm, page) = book.form_sheet(REQUEST_SHEET);
    let mut w = Widths::default();
    (|| -> std::result::Result<(), XlsxError> {
        ws.set_name(REQUEST_SHEET)?;
        let title = format!("设备上架申请表（导出时间 {}）", now.format("%Y-%m-%d %H:%M"));
        ws.merge_range(0, 0, 0, DEVICE_HEADERS.len() as u16 - 1, &title, &fm.title)?;
        let next = block(
            ws,
            fm,
            &mut w,
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
                ("审核人", opt(&r.reviewer)),
                ("审核时间", minutes(&r.reviewed_at)),
                ("审核意见", opt(&r.review_opinion)),
                ("实施人", opt(&r.executed_by)),
                ("上架时间", minutes(&r.executed_at)),
                ("验收人", opt(&r.accepted_by)),
                ("验收时间", minutes(&r.accepted_at)),
                ("状态", r.state.label_zh().into()),
            ],
        )?;
        let head = next + 1;
        table_head(ws, fm, &mut w, head, "设备清单", &DEVICE_HEADERS)?;
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
            table_row(ws, &mut w, row, &cells, |c| matches!(c, 0 | 7 | 8 | 9 | 10 | 11 | 15))?;
            row += 1;
        }
        if let Some(check) = &answer.check {
            let reviewed = r.reviewed_at.is_some() && r.state != crate::model::RequestState::Rejected;
            row = write_check(ws, fm, &mut w, row + 1, check, reviewed, r.override_reason.as_deref())?;
        }
        finish_form(ws, fm, &w, &title, row, REQUEST_SIGNERS, &page)
    })()
    .map_err(|e| book.error(e))?;
    book.written(REQUEST_SHEET.to_string(), r.rows.len());
    Ok(())
}

fn verdict_zh(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "通过",
        Verdict::Warning => "预警",
        Verdict::Refused => "拒绝",
    }
}

/// The worse of two verdicts.
fn worse(a: Verdict, b: Verdict) -> Verdict {
    let rank = |v: Verdict| match v {
        Verdict::Ok => 0,
        Verdict::Warning => 1,
        Verdict::Refused => 2,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// The power check the core made at 机房审核 (`reviewed`) or at approval: one row per cabinet the
/// request touches and one per row-head cabinet feeding one — load before and after with every
/// row added, failover, levels, status, verdict — and the IDC engineer's override reason.
/// Returns the row after it.
fn write_check(
    ws: &mut Worksheet,
    fm: &Formats,
    w: &mut Widths,
    r: u32,
    check: &RequestCheck,
    reviewed: bool,
    override_reason: Option<&str>,
) -> std::result::Result<u32, XlsxError> {
    let caption = match (reviewed, check.verdict == Verdict::Refused && check.overridable) {
        (true, true) => "机房审核电力检查（IDC工程师越过电力拒绝放行）",
        (true, false) => "机房审核电力检查",
        (false, _) => "审批时电力检查",
    };
    table_head(ws, fm, w, r, caption, &CHECK_HEADERS)?;
    // Each row's figures count every row of the request, so a cabinet (or row-head) named by
    // several rows shows the largest `after` and the worst verdict among them.
    let mut cabinets: Vec<(&CabinetCheck, Verdict)> = Vec::new();
    let mut heads: Vec<(&RowHeadCheck, Verdict)> = Vec::new();
    for rc in &check.rows {
        let c = &rc.check.cabinet;
        if !c.cabinet.is_empty() {
            match cabinets.iter_mut().find(|(x, _)| x.cabinet == c.cabinet) {
                Some(seen) => {
                    if c.load_after_w > seen.0.load_after_w {
                        seen.0 = c;
                    }
                    seen.1 = worse(seen.1, rc.check.verdict);
                }
                None => cabinets.push((c, rc.check.verdict)),
            }
        }
        for h in &rc.check.row_heads {
            match heads.iter_mut().find(|(x, _)| x.row_head == h.row_head) {
                Some(seen) => {
                    if h.load_after_w > seen.0.load_after_w {
                        seen.0 = h;
                    }
                    seen.1 = worse(seen.1, rc.check.verdict);
                }
                None => heads.push((h, rc.check.verdict)),
            }
        }
    }
    let mut row = r + 2;
    let kw = |v: f64| v / 1000.0;
    for (c, verdict) in &cabinets {
        ws.write_string(row, 0, "机柜")?;
        ws.write_string(row, 1, &c.cabinet)?;
        if let Some(cap) = c.capacity_w {
            ws.write_number_with_format(row, 2, kw(cap as f64), &fm.kw)?;
        }
        ws.write_number_with_format(row, 3, kw(c.load_before_w as f64), &fm.kw)?;
        ws.write_number_with_format(row, 4, kw(c.load_after_w as f64), &fm.kw)?;
        if let Some(u) = c.utilization_after {
            ws.write_number_with_format(row, 6, u, &fm.pct)?;
        }
        ws.write_number_with_format(row, 7, c.warning_level, &fm.pct)?;
        ws.write_number_with_format(row, 8, c.alarm_level, &fm.pct)?;
        ws.write_string(row, 9, c.status_after.label_zh())?;
        let failover = match c.failover_ok_after {
            Some(true) => "可承受单路失电",
            Some(false) => "不能承受单路失电",
            None => "",
        };
        if !failover.is_empty() {
            ws.write_string(row, 10, failover)?;
        }
        ws.write_string(row, 11, verdict_zh(*verdict))?;
        w.see(1, &c.cabinet);
        w.see(10, failover);
        row += 1;
    }
    for (h, verdict) in &heads {
        ws.write_string(row, 0, "列头柜")?;
        ws.write_string(row, 1, &h.row_head)?;
        ws.write_number_with_format(row, 2, kw(h.capacity_w as f64), &fm.kw)?;
        ws.write_number_with_format(row, 3, kw(h.load_before_w), &fm.kw)?;
        ws.write_number_with_format(row, 4, kw(h.load_after_w), &fm.kw)?;
        ws.write_number_with_format(row, 5, kw(h.failover_load_after_w), &fm.kw)?;
        if let Some(u) = h.utilization_after {
            ws.write_number_with_format(row, 6, u, &fm.pct)?;
        }
        ws.write_number_with_format(row, 7, h.warning_level, &fm.pct)?;
        ws.write_number_with_format(row, 8, h.alarm_level, &fm.pct)?;
        ws.write_string(row, 9, h.status_after.label_zh())?;
        let failover = format!("切换后{}", h.failover_status_after.label_zh());
        ws.write_string(row, 10, &failover)?;
        ws.write_string(row, 11, verdict_zh(*verdict))?;
        w.see(1, &h.row_head);
        w.see(10, &failover);
        row += 1;
    }
    if let Some(reason) = override_reason.filter(|_| reviewed) {
        ws.write_string_with_format(row, 0, "越过原因", &fm.label)?;
        ws.write_string(row, 1, reason)?;
        row += 1;
    }
    Ok(row)
}

/// 附件5 for operation request `no`.
pub fn write_operation(book: &mut Book<'_>, ledger: &Ledger, no: &str, now: NaiveDateTime) -> Result<()> {
    let o = ledger.operation(no)?;
    let (ws, fm, page) = book.form_sheet(OPERATION_SHEET);
    let mut w = Widths::default();
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
        let title = format!("操作申请单（导出时间 {}）", now.format("%Y-%m-%d %H:%M"));
        ws.merge_range(0, 0, 0, CAB.len() as u16 - 1, &title, &fm.title)?;
        let next = block(
            ws,
            fm,
            &mut w,
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
        table_head(ws, fm, &mut w, row, "机柜位置", &POS)?;
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
            table_row(ws, &mut w, row, &cells, |c| c == 5 || c == 6)?;
            row += 1;
        }
        row += 1;
        table_head(ws, fm, &mut w, row, "线缆端口对应表", &CAB)?;
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
            table_row(ws, &mut w, row, &cells, |_| false)?;
            if let Some(l) = c.length_m {
                ws.write_number(row, 13, l)?;
            }
            row += 1;
        }
        finish_form(ws, fm, &w, &title, row, OPERATION_SIGNERS, &page)
    })()
    .map_err(|e| book.error(e))?;
    book.written(OPERATION_SHEET.to_string(), o.cables.len());
    Ok(())
}
