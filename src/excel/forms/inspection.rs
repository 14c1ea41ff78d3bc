//! 附件1 巡检表 (templates.md): one workbook per inspection, two sheets — 子表1 机房环境与基础设施
//! and 子表2 硬件设备 — each with the form's title in row 1, the header in row 2, a row per check
//! point or device, and the footer block under the table (巡检单号, 巡检人, 巡检时间 start–end,
//! 审核人, 审核时间, 审核意见). Printed on A4 landscape, one page wide, the header repeated.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::error::{Error, Result};
use crate::model::{Indicator, InspectionDetail};

pub const POINTS_SHEET: &str = "子表1 机房环境与基础设施";
pub const DEVICES_SHEET: &str = "子表2 硬件设备";

/// 子表1's headers (templates.md).
pub const POINT_HEADERS: [&str; 11] =
    ["序号", "机房", "巡检项", "检查点", "标准", "读数", "结果", "异常描述", "处理情况", "关联告警编号", "备注"];

/// 子表2's headers (templates.md).
pub const DEVICE_HEADERS: [&str; 16] = [
    "序号",
    "机房",
    "机柜编号",
    "U位",
    "资产编号",
    "设备名称",
    "设备类型",
    "归属单位",
    "电源指示",
    "硬盘指示",
    "风扇与系统告警灯",
    "网口指示",
    "结果",
    "异常描述",
    "关联告警编号",
    "备注",
];

/// The labels of the footer block, in order.
pub const FOOTER: [&str; 6] = ["巡检单号", "巡检人", "巡检时间", "审核人", "审核时间", "审核意见"];

/// `机房硬件巡检表（附件1 子表1）2026-12-07 2号机房`.
pub fn title(sub: u8, d: &InspectionDetail) -> String {
    format!("机房硬件巡检表（附件1 子表{sub}）{} {}", d.inspection.date, d.inspection.rooms.join("、"))
}

fn footer_values(d: &InspectionDetail) -> [String; 6] {
    let i = &d.inspection;
    let t = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
    let span = match i.ended_at {
        Some(end) => format!("{}–{}", t(i.started_at), end.format("%H:%M")),
        None => format!("{}–", t(i.started_at)),
    };
    [
        i.inspection_no.clone(),
        i.inspector.clone(),
        span,
        i.reviewer.clone().unwrap_or_default(),
        i.reviewed_at.map(t).unwrap_or_default(),
        i.opinion.clone().unwrap_or_default(),
    ]
}

fn indicator(i: Option<Indicator>) -> String {
    i.map(|i| i.label_zh().to_string()).unwrap_or_default()
}

struct Fm {
    title: Format,
    header: Format,
    cell: Format,
    label: Format,
}

fn formats() -> Fm {
    Fm {
        title: Format::new()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter),
        header: Format::new()
            .set_bold()
            .set_background_color(0xDDEBF7)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap(),
        cell: Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter),
        label: Format::new().set_bold().set_background_color(0xF2F2F2).set_border(FormatBorder::Thin),
    }
}

/// Writes one sheet: title, header, rows, footer; A4 landscape, one page wide.
#[allow(clippy::too_many_arguments)]
fn sheet(
    ws: &mut Worksheet,
    fm: &Fm,
    name: &str,
    title: &str,
    headers: &[&str],
    widths: &[f64],
    rows: &[Vec<String>],
    footer: &[String; 6],
) -> std::result::Result<(), XlsxError> {
    ws.set_name(name)?;
    let last = headers.len() as u16 - 1;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.merge_range(0, 0, 0, last, title, &fm.title)?;
    ws.set_row_height(0, 26)?;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &fm.header)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, v) in row.iter().enumerate() {
            // 序号 and U位 are numbers; everything else is text as the form shows it.
            match v.parse::<f64>() {
                Ok(x) if c == 0 || (headers.get(c) == Some(&"U位")) => {
                    ws.write_number_with_format(r, c as u16, x, &fm.cell)?
                }
                _ => ws.write_string_with_format(r, c as u16, v, &fm.cell)?,
            };
        }
    }
    // The footer block one empty row under the table (an import reads the table up to it).
    for (r, (label, value)) in (rows.len() as u32 + 3..).zip(FOOTER.iter().zip(footer)) {
        ws.write_string_with_format(r, 0, *label, &fm.label)?;
        ws.merge_range(r, 1, r, last.min(5), value, &fm.cell)?;
    }
    ws.set_freeze_panes(2, 0)?;
    ws.set_paper_size(9); // A4
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 1)?;
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// Writes 附件1 of the inspection; returns the sheets and their row counts.
pub fn write(wb: &mut Workbook, d: &InspectionDetail, path: &str) -> Result<Vec<(String, usize)>> {
    let fm = formats();
    let footer = footer_values(d);
    let points: Vec<Vec<String>> = d
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                (i + 1).to_string(),
                p.room.clone(),
                p.item.label_zh().into(),
                p.point.clone(),
                p.standard.clone().unwrap_or_default(),
                p.reading.clone().unwrap_or_default(),
                p.result.map(|r| r.label_zh().to_string()).unwrap_or_default(),
                p.description.clone().unwrap_or_default(),
                p.handling.clone().unwrap_or_default(),
                p.fault_no.clone().unwrap_or_default(),
                p.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let devices: Vec<Vec<String>> = d
        .devices
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let u = if x.u_height > 1 {
                format!("{}–{}", x.start_u, x.start_u + x.u_height - 1)
            } else {
                x.start_u.to_string()
            };
            vec![
                (i + 1).to_string(),
                x.room.clone(),
                x.cabinet.clone(),
                u,
                x.asset_tag.clone(),
                x.name.clone(),
                x.category.label_zh().into(),
                x.owner.clone(),
                indicator(x.power),
                indicator(x.disk),
                indicator(x.fan),
                indicator(x.net),
                x.result.map(|r| r.label_zh().to_string()).unwrap_or_default(),
                x.description.clone().unwrap_or_default(),
                x.fault_no.clone().unwrap_or_default(),
                x.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let wrap = |e: XlsxError| Error::WriteWorkbook { path: path.to_string(), reason: e.to_string() };
    let ws = wb.add_worksheet();
    sheet(
        ws,
        &fm,
        POINTS_SHEET,
        &title(1, d),
        &POINT_HEADERS,
        &[6.0, 12.0, 10.0, 16.0, 18.0, 12.0, 8.0, 26.0, 20.0, 16.0, 14.0],
        &points,
        &footer,
    )
    .map_err(wrap)?;
    let ws = wb.add_worksheet();
    sheet(
        ws,
        &fm,
        DEVICES_SHEET,
        &title(2, d),
        &DEVICE_HEADERS,
        &[6.0, 12.0, 10.0, 8.0, 16.0, 20.0, 10.0, 16.0, 9.0, 9.0, 10.0, 9.0, 8.0, 26.0, 16.0, 14.0],
        &devices,
        &footer,
    )
    .map_err(wrap)?;
    Ok(vec![(POINTS_SHEET.to_string(), points.len()), (DEVICES_SHEET.to_string(), devices.len())])
}
