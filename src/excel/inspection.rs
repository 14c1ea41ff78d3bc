//! Import of a filled 附件1 巡检表: the engineers who walk with a paper form type it up once and
//! the marks land on the inspection. The workbook is recognised by its sheets' header rows
//! ([`sheets::INSPECTION_POINTS`], [`sheets::INSPECTION_DEVICES`] through [`sheets::find_header`]),
//! its rows read with the importer's [`validate::lines`]. The inspection is the one the footer's
//! 巡检单号 names, or else the started one of the title's date and rooms, or a new one.
//!
//! Every mark goes through the ledger's own marking ([`crate::ledger`]), so a 告警/故障 row files
//! its linked 附件3 record as on screen; all of it runs in one transaction that is rolled back
//! when any row has a problem (or on a dry run): all or nothing.

use super::import::{ImportReport, SheetReport};
use super::read::{RawRow, RawSheet};
use super::sheets::{find_header, Header, SheetKind, INSPECTION_DEVICES, INSPECTION_POINTS};
use super::validate::{self, Line, Problems};
use super::Problem;
use crate::error::Result;
use crate::ledger::{Ctx, DeviceMark, InspectionTarget, Ledger, MarkPart, PointMark};
use crate::model::{DeviceResult, Indicator, InspectionItem, PointResult};

/// The sheets of a filled 附件1 found in a workbook.
pub struct InspectionForm<'a> {
    pub points: Option<(&'a RawSheet, Header)>,
    pub devices: Option<(&'a RawSheet, Header)>,
}

fn maps(h: &Header, columns: &[super::sheets::Column], key: &str) -> bool {
    columns.iter().position(|c| c.key == key).and_then(|i| h.mapped[i].as_ref()).is_some()
}

/// The 附件1 sheets of a workbook: a header with 检查点, 巡检项 and 结果 (子表1), or with 资产编号,
/// 结果 and an indicator column (子表2). None when the workbook is not a 附件1.
pub fn inspection_form(raw: &[RawSheet]) -> Option<InspectionForm<'_>> {
    let mut form = InspectionForm { points: None, devices: None };
    for sheet in raw {
        if form.points.is_none() {
            if let Some(h) = find_header(sheet, INSPECTION_POINTS) {
                if ["item", "result"].iter().all(|k| maps(&h, INSPECTION_POINTS, k)) {
                    form.points = Some((sheet, h));
                    continue;
                }
            }
        }
        if form.devices.is_none() {
            if let Some(h) = find_header(sheet, INSPECTION_DEVICES) {
                let indicator = ["power", "disk", "fan", "net"].iter().any(|k| maps(&h, INSPECTION_DEVICES, k));
                if indicator && maps(&h, INSPECTION_DEVICES, "result") {
                    form.devices = Some((sheet, h));
                }
            }
        }
    }
    (form.points.is_some() || form.devices.is_some()).then_some(form)
}

/// The table part of a sheet: from the top to the first empty row after the header (the footer
/// block follows it).
fn table(sheet: &RawSheet, header: &Header) -> RawSheet {
    let end = sheet
        .rows
        .iter()
        .enumerate()
        .skip(header.row_index + 1)
        .find(|(_, r)| r.is_empty())
        .map(|(i, _)| i)
        .unwrap_or(sheet.rows.len());
    RawSheet { name: sheet.name.clone(), rows: sheet.rows[..end].to_vec() }
}

/// The footer's value for `label` (label in column A, value in B), with its row number.
fn footer<'a>(sheet: &'a RawSheet, header: &Header, label: &str) -> Option<(&'a RawRow, String)> {
    sheet
        .rows
        .iter()
        .skip(header.row_index + 1)
        .find(|r| crate::model::normalize_header(&r.cell(0).text()) == label)
        .map(|r| (r, r.cell(1).text()))
}

/// The date and rooms of the title `机房硬件巡检表（附件1 子表2）2026-12-07 2号机房、3号机房`.
fn title_date_rooms(sheet: &RawSheet, header: &Header) -> Option<(chrono::NaiveDate, Vec<String>)> {
    for row in sheet.rows.iter().take(header.row_index) {
        let t = row.cell(0).text();
        let Some(rest) = t.split_once('）').map(|(_, r)| r).or_else(|| t.split_once(')').map(|(_, r)| r)) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let Some(date) = words.next().and_then(|w| crate::parse::date(w).ok()) else { continue };
        let rooms: Vec<String> =
            words.flat_map(|w| w.split(['、', ',', '，'])).map(str::to_string).filter(|w| !w.is_empty()).collect();
        return Some((date, rooms));
    }
    None
}

fn choice<T>(
    line: &Line<'_>,
    key: &str,
    parse: fn(&str) -> Option<T>,
    choices: fn() -> String,
    p: &mut Problems<'_>,
) -> Option<Option<T>> {
    match line.text(key) {
        None => Some(None),
        Some(v) => match parse(&v) {
            Some(x) => Some(Some(x)),
            None => {
                let c = choices();
                p.add(
                    Some(line.row.number),
                    Some(&line.header_of(key)),
                    Some(&v),
                    format!("可选值：{c}"),
                    format!("choices: {c}"),
                );
                None
            }
        },
    }
}

/// A device row read: the tag, the mark, and the row for messages.
struct DeviceLine {
    row: u32,
    tag: String,
    mark: DeviceMark,
    description_header: String,
}

fn device_lines(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<DeviceLine> {
    let mut out = Vec::new();
    for l in lines {
        let Some(tag) = l.text("asset_tag") else { continue };
        let ind = |key: &str, p: &mut Problems<'_>| choice(l, key, Indicator::parse, Indicator::choices, p);
        let (power, disk, fan, net) = (ind("power", p), ind("disk", p), ind("fan", p), ind("net", p));
        let result = choice(l, "result", DeviceResult::parse, DeviceResult::choices, p);
        let (Some(power), Some(disk), Some(fan), Some(net), Some(Some(result))) = (power, disk, fan, net, result)
        else {
            continue;
        };
        let description = l.text("description");
        if result.is_finding() && description.is_none() {
            p.add(
                Some(l.row.number),
                Some(&l.header_of("description")),
                None,
                format!("结果为“{}”时必须填写异常描述", result.label_zh()),
                format!("a result of {} needs a description", result.code()),
            );
            continue;
        }
        // A blank indicator cell means 正常 (templates.md).
        let blank = |i: Option<Indicator>| Some(i.unwrap_or(Indicator::Normal));
        out.push(DeviceLine {
            row: l.row.number,
            tag,
            mark: DeviceMark {
                result: Some(result),
                description,
                power: blank(power),
                disk: blank(disk),
                fan: blank(fan),
                net: blank(net),
                note: l.text("note"),
            },
            description_header: l.header_of("description"),
        });
    }
    out
}

struct PointLine {
    row: u32,
    mark: PointMark,
    point_header: String,
}

fn point_lines(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<PointLine> {
    let mut out = Vec::new();
    for l in lines {
        let Some(point) = l.text("point") else { continue };
        let item = choice(l, "item", InspectionItem::parse, InspectionItem::choices, p);
        let result = choice(l, "result", PointResult::parse, PointResult::choices, p);
        let (Some(Some(item)), Some(Some(result))) = (item, result) else { continue };
        let description = l.text("description");
        if result == PointResult::Abnormal && description.is_none() {
            p.add(
                Some(l.row.number),
                Some(&l.header_of("description")),
                None,
                "结果为“异常”时必须填写异常描述".into(),
                "a result of abnormal needs a description".into(),
            );
            continue;
        }
        out.push(PointLine {
            row: l.row.number,
            mark: PointMark {
                room: l.text("room"),
                item: Some(item),
                point,
                reading: l.text("reading"),
                result: Some(result),
                description,
                handling: l.text("handling"),
                note: l.text("note"),
            },
            point_header: l.header_of("point"),
        });
    }
    out
}

fn problem(sheet: &str, row: Option<u32>, column: &str, value: Option<&str>, message: String) -> Problem {
    Problem {
        sheet: Some(sheet.to_string()),
        row,
        column: Some(column.to_string()),
        value: value.map(str::to_string),
        message,
    }
}

/// Imports a filled 附件1 (see the module doc). Problems come back in the report, each with its
/// sheet, row and column; `Err` is kept for the database failing.
pub fn import_inspection_form(
    ledger: &mut Ledger,
    ctx: &Ctx,
    form: &InspectionForm<'_>,
    dry_run: bool,
) -> Result<ImportReport> {
    let lang = ledger.lang;
    let mut errors: Vec<Problem> = Vec::new();
    let mut points = Vec::new();
    let mut devices = Vec::new();
    let mut ignored: Vec<(String, Vec<String>)> = Vec::new();
    if let Some((sheet, header)) = &form.points {
        let t = table(sheet, header);
        let mut p = Problems { sheet: &sheet.name, lang, list: &mut errors };
        let lines = validate::lines(&t, header, INSPECTION_POINTS, &mut p);
        points = point_lines(&lines, &mut p);
        ignored.push((sheet.name.clone(), header.ignored.clone()));
    }
    if let Some((sheet, header)) = &form.devices {
        let t = table(sheet, header);
        let mut p = Problems { sheet: &sheet.name, lang, list: &mut errors };
        let lines = validate::lines(&t, header, INSPECTION_DEVICES, &mut p);
        devices = device_lines(&lines, &mut p);
        ignored.push((sheet.name.clone(), header.ignored.clone()));
    }
    // Which inspection: the footer's number, else the title's date and rooms.
    let (first, header) = match (&form.devices, &form.points) {
        (Some((s, h)), _) | (None, Some((s, h))) => (*s, h),
        (None, None) => return Ok(report(dry_run, vec![], errors, None)),
    };
    let number = footer(first, header, "巡检单号").filter(|(_, v)| !v.is_empty());
    let target = match &number {
        Some((row, no)) => match ledger.inspection(no) {
            Ok(d) => Some(InspectionTarget::Existing(d.inspection.inspection_no)),
            Err(e) => {
                errors.push(problem(&first.name, Some(row.number), "巡检单号", Some(no), e.message(lang)));
                None
            }
        },
        None => match title_date_rooms(first, header) {
            Some((date, rooms)) if !rooms.is_empty() => {
                let existing = ledger.started_inspection_of(date, &rooms)?;
                Some(existing.map(InspectionTarget::Existing).unwrap_or(InspectionTarget::New(date, rooms)))
            }
            _ => {
                errors.push(problem(
                    &first.name,
                    Some(1),
                    lang.pick("标题", "title"),
                    None,
                    lang.pick(
                        "无法确定是哪次巡检：表尾没有巡检单号，标题也没有“日期 机房”（例如 2026-12-07 2号机房）",
                        "cannot tell which inspection this is: no 巡检单号 in the footer, and no date and room in the title (e.g. 2026-12-07 2号机房)",
                    )
                    .into(),
                ));
                None
            }
        },
    };
    let Some(target) = target else { return Ok(report(dry_run, vec![], errors, None)) };
    // With problems already found, the marks are still tried (and rolled back) to find the rest.
    let dry = dry_run || !errors.is_empty();
    let point_marks: Vec<&PointMark> = points.iter().map(|l| &l.mark).collect();
    let device_marks: Vec<(&str, &DeviceMark)> = devices.iter().map(|l| (l.tag.as_str(), &l.mark)).collect();
    let applied = ledger.apply_inspection_marks(ctx, &target, &point_marks, &device_marks, dry)?;
    let points_sheet = form.points.as_ref().map(|(s, _)| s.name.as_str()).unwrap_or_default();
    let devices_sheet = form.devices.as_ref().map(|(s, _)| s.name.as_str()).unwrap_or_default();
    for f in &applied.failed {
        let msg = f.error.message(lang);
        errors.push(match f.part {
            MarkPart::Point => {
                let l = &points[f.index];
                problem(points_sheet, Some(l.row), &l.point_header, Some(&l.mark.point), msg)
            }
            MarkPart::Device => {
                let l = &devices[f.index];
                let column = if matches!(f.error, crate::error::Error::FindingNeedsDescription { .. }) {
                    l.description_header.clone()
                } else {
                    "资产编号".to_string()
                };
                problem(devices_sheet, Some(l.row), &column, Some(&l.tag), msg)
            }
        });
    }
    let mut sheets = Vec::new();
    let ignored_of = |name: &str| ignored.iter().find(|(s, _)| s == name).map(|(_, v)| v.clone()).unwrap_or_default();
    if let Some((s, _)) = &form.points {
        sheets.push(SheetReport {
            sheet: s.name.clone(),
            kind: SheetKind::InspectionPoints,
            inserted: 0,
            updated: applied.points.0,
            unchanged: applied.points.1,
            ignored_columns: ignored_of(&s.name),
            changes: Vec::new(),
        });
    }
    if let Some((s, _)) = &form.devices {
        sheets.push(SheetReport {
            sheet: s.name.clone(),
            kind: SheetKind::InspectionDevices,
            inserted: 0,
            updated: applied.devices.0,
            unchanged: applied.devices.1,
            ignored_columns: ignored_of(&s.name),
            changes: Vec::new(),
        });
    }
    let no = if errors.is_empty() { applied.inspection_no } else { None };
    Ok(report(dry_run, sheets, errors, no))
}

fn report(
    dry_run: bool,
    sheets: Vec<SheetReport>,
    errors: Vec<Problem>,
    inspection_no: Option<String>,
) -> ImportReport {
    ImportReport {
        ok: errors.is_empty(),
        dry_run,
        sheets,
        errors,
        warnings: Vec::new(),
        request_no: None,
        inspection_no,
    }
}
