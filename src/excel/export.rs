//! Exports of the forms in templates.md, each sheet laid out as "Layout of every exported
//! sheet" says: the title merged across row 1, the header in row 2 (bold, filled, frozen, with
//! an autofilter), one record a row from row 3, drop-downs on the ENUM columns (a list too long
//! for Excel's 255-character inline limit lives on a hidden `字典` sheet), column widths that fit
//! Chinese text, and dates as real date cells.
//!
//! Sheets are written with rust_xlsxwriter's low-memory mode (shared strings kept, rows
//! streamed): every cell is written strictly title → header → rows, because in that mode a
//! write above the current row is silently dropped. Strings are always written as strings, so a
//! value beginning with `=` is never a formula.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::sheets::SheetKind;
use super::{Progress, Stage, PROGRESS_EVERY};
use crate::db::{self, assets::AssetFilter, power::CabinetPowerConfig, readings::Reading, row_heads::RowHead};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{Asset, AssetField, Category, Depth, Face, Ownership, Room, Status};

/// What to export: one entry per form of templates.md. A new form adds a variant here, a line
/// in [`KINDS`], and a file under `src/excel/forms/` that writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportKind {
    Assets,
    Site,
    Power,
    /// 资产统计清单 for the ISO week holding this day (None: the week of the export).
    Weekly(Option<NaiveDate>),
    Repairs,
    Faults,
    Resources,
    Ports,
    Request(String),
    Operation(String),
    /// An empty form, with its validations: a code of [`TEMPLATES`].
    Template(String),
    /// 机房巡视记录.
    Patrol,
    /// 温湿度记录.
    Env,
    /// 故障周报 for the ISO week holding this day (None: the week of the export).
    FaultWeek(Option<NaiveDate>),
}

/// The kinds the command line knows, with what each writes.
pub const KINDS: &[(&str, &str)] = &[
    ("assets", "资产登记"),
    ("site", "机房台账（整站）"),
    ("weekly", "资产统计清单"),
    ("ports", "端口表"),
    ("repairs", "附件4 维修记录"),
    ("faults", "附件3 故障告警登记表"),
    ("resources", "附件11 资源统计表"),
    ("power", "机柜功率表"),
    ("request", "附件2 设备上架申请表"),
    ("operation", "附件5 操作申请单"),
    ("template", "空白表单"),
    ("patrol", "机房巡视记录"),
    ("env", "温湿度记录"),
    ("fault-week", "故障周报"),
];

/// The forms `template NAME` writes empty.
pub const TEMPLATES: &[&str] = &["assets", "site", "weekly", "repairs", "faults", "resources", "power"];

impl ExportKind {
    /// The command line's `export KIND [NAME]`; for `weekly` the name is the week (`2026-W47`, or
    /// any day of it), the week of the export when absent.
    pub fn parse(kind: &str, name: Option<&str>) -> Result<ExportKind> {
        ExportKind::parse_with_week(kind, name, None)
    }

    /// [`ExportKind::parse`] with `--week` (`2026-W47`, or any day of the week).
    pub fn parse_with_week(kind: &str, name: Option<&str>, week: Option<&str>) -> Result<ExportKind> {
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        let number = |what: &str| {
            name.map(str::to_string).ok_or_else(|| Error::MissingField { field: format!("{what}的单号 N") })
        };
        match kind.trim() {
            "assets" => Ok(ExportKind::Assets),
            "site" => Ok(ExportKind::Site),
            "power" => Ok(ExportKind::Power),
            "weekly" => Ok(ExportKind::Weekly(week.or(name).map(super::forms::weekly::parse_week).transpose()?)),
            "repairs" => Ok(ExportKind::Repairs),
            "faults" => Ok(ExportKind::Faults),
            "resources" => Ok(ExportKind::Resources),
            "ports" => Ok(ExportKind::Ports),
            "patrol" => Ok(ExportKind::Patrol),
            "env" => Ok(ExportKind::Env),
            "fault-week" | "fault_week" => {
                Ok(ExportKind::FaultWeek(week.or(name).map(super::forms::weekly::parse_week).transpose()?))
            }
            "request" => Ok(ExportKind::Request(number("上架申请")?)),
            "operation" => Ok(ExportKind::Operation(number("操作申请")?)),
            "template" => match name {
                Some(n) if TEMPLATES.contains(&n) => Ok(ExportKind::Template(n.to_string())),
                Some(other) => Err(Error::NotSupported {
                    what: format!("空白表单“{other}”（可用：{}）", TEMPLATES.join("、")),
                }),
                None => Err(Error::MissingField { field: format!("NAME（{}）", TEMPLATES.join("、")) }),
            },
            other => Err(Error::InvalidValue {
                field: "KIND".into(),
                value: other.into(),
                reason: format!("可选：{}", KINDS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join("、")),
            }),
        }
    }

    /// The kind as the summary names it.
    pub fn code(&self) -> String {
        match self {
            ExportKind::Assets => "assets".into(),
            ExportKind::Site => "site".into(),
            ExportKind::Power => "power".into(),
            ExportKind::Weekly(_) => "weekly".into(),
            ExportKind::Repairs => "repairs".into(),
            ExportKind::Faults => "faults".into(),
            ExportKind::Resources => "resources".into(),
            ExportKind::Ports => "ports".into(),
            ExportKind::Request(n) => format!("request {n}"),
            ExportKind::Operation(n) => format!("operation {n}"),
            ExportKind::Template(n) => format!("template {n}"),
            ExportKind::Patrol => "patrol".into(),
            ExportKind::Env => "env".into(),
            ExportKind::FaultWeek(_) => "fault-week".into(),
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    pub ok: bool,
    pub kind: String,
    pub file: String,
    pub sheets: Vec<SheetSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetSummary {
    pub sheet: String,
    pub rows: usize,
}

/// One cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Empty,
    Text(String),
    Int(i64),
    /// A number shown with two decimals (kW).
    Kw(f64),
    /// A plain number (levels in %).
    Num(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    /// A fraction shown as a percentage.
    Pct(f64),
}

impl V {
    pub(crate) fn text(s: &str) -> V {
        if s.is_empty() {
            V::Empty
        } else {
            V::Text(s.to_string())
        }
    }
    pub(crate) fn opt(s: &Option<String>) -> V {
        s.as_deref().map(V::text).unwrap_or(V::Empty)
    }
    /// Display width, for column widths.
    fn width(&self) -> usize {
        match self {
            V::Empty => 0,
            V::Text(s) => s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0),
            V::Int(i) => i.to_string().len(),
            V::Kw(_) | V::Num(_) => 8,
            V::Date(_) => 10,
            V::DateTime(_) => 16,
            V::Pct(_) => 7,
        }
    }
}

/// A column: its header and, for an ENUM column, the drop-down choices.
pub struct Col {
    pub header: String,
    pub list: Option<Vec<String>>,
}

pub(crate) fn col(header: &str) -> Col {
    Col { header: header.to_string(), list: None }
}

pub(crate) fn enum_col(header: &str, list: Vec<&str>) -> Col {
    Col { header: header.to_string(), list: Some(list.into_iter().map(str::to_string).collect()) }
}

pub(super) struct Formats {
    title: Format,
    header: Format,
    date: Format,
    datetime: Format,
    kw: Format,
    pct: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
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
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            kw: Format::new().set_num_format("0.00"),
            pct: Format::new().set_num_format("0.0%"),
        }
    }
}

/// The drop-down lists too long to write inline, kept for the hidden `字典` sheet.
#[derive(Default)]
pub(super) struct Dict {
    lists: Vec<(String, Vec<String>)>,
}

const DICT_SHEET: &str = "字典";

impl Dict {
    /// The validation for a list: inline when it fits Excel's 255 characters, else a range of
    /// the `字典` sheet.
    fn validation(&mut self, name: &str, list: &[String]) -> std::result::Result<DataValidation, XlsxError> {
        let inline_len: usize = list.iter().map(|s| s.chars().count() + 1).sum();
        if inline_len <= 255 {
            return DataValidation::new().allow_list_strings(list);
        }
        let idx = match self.lists.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.lists.push((name.to_string(), list.to_vec()));
                self.lists.len() - 1
            }
        };
        let letter = column_letter(idx as u16);
        let last = list.len() + 1;
        Ok(DataValidation::new()
            .allow_list_formula(Formula::new(format!("={DICT_SHEET}!${letter}$2:${letter}${last}"))))
    }

    fn write(&self, wb: &mut Workbook) -> std::result::Result<(), XlsxError> {
        if self.lists.is_empty() {
            return Ok(());
        }
        // A normal (not streamed) sheet: it is written column by column.
        let ws = wb.add_worksheet();
        ws.set_name(DICT_SHEET)?;
        for (c, (name, list)) in self.lists.iter().enumerate() {
            ws.write_string(0, c as u16, name)?;
            for (r, v) in list.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
        ws.set_hidden(true);
        Ok(())
    }
}

fn column_letter(mut n: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push((b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.iter().rev().collect()
}

/// Rows of extra validation below the data, so rows typed in later get the drop-downs too.
const VALIDATION_SPARE_ROWS: u32 = 500;

/// A workbook being written: its formats, its `字典` lists, the sheets written so far, and the
/// progress callback. Each form (`src/excel/forms/*.rs`) adds its sheets with [`Book::sheet`].
pub struct Book<'p> {
    wb: Workbook,
    fm: Formats,
    dict: Dict,
    path: String,
    pub sheets: Vec<SheetSummary>,
    progress: &'p mut dyn FnMut(Progress),
}

impl<'p> Book<'p> {
    fn new(path: &Path, progress: &'p mut dyn FnMut(Progress)) -> Book<'p> {
        Book {
            wb: Workbook::new(),
            fm: Formats::new(),
            dict: Dict::default(),
            path: path.display().to_string(),
            sheets: Vec::new(),
            progress,
        }
    }

    /// Writes one sheet: title, header, rows (`row(i)` for i in 0..n), and the sheet's features.
    pub fn sheet(
        &mut self,
        name: &str,
        title: &str,
        cols: &[Col],
        n: usize,
        row: &dyn Fn(usize) -> Vec<V>,
    ) -> Result<()> {
        let r = write_sheet(&mut self.wb, &self.fm, &mut self.dict, name, title, cols, n, row, &mut *self.progress);
        r.map_err(|e| Error::WriteWorkbook { path: self.path.clone(), reason: e.to_string() })?;
        self.sheets.push(SheetSummary { sheet: name.to_string(), rows: n });
        Ok(())
    }

    /// The workbook itself, for forms laid out cell by cell (附件2, 附件5).
    pub(crate) fn workbook_mut(&mut self) -> &mut Workbook {
        &mut self.wb
    }

    /// Records a sheet written directly with [`Book::workbook_mut`].
    pub(crate) fn written(&mut self, sheet: String, rows: usize) {
        self.sheets.push(SheetSummary { sheet, rows });
    }

    fn save(mut self) -> Result<Vec<SheetSummary>> {
        let wrap = |e: XlsxError| Error::WriteWorkbook { path: self.path.clone(), reason: e.to_string() };
        self.dict.write(&mut self.wb).map_err(wrap)?;
        self.wb.save(&self.path).map_err(wrap)?;
        Ok(self.sheets)
    }
}

/// Writes one sheet: title, header, rows (`row(i)` for i in 0..n), and the sheet's features.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_sheet(
    wb: &mut Workbook,
    fm: &Formats,
    dict: &mut Dict,
    name: &str,
    title: &str,
    cols: &[Col],
    n: usize,
    row: &dyn Fn(usize) -> Vec<V>,
    progress: &mut dyn FnMut(Progress),
) -> std::result::Result<(), XlsxError> {
    let ws: &mut Worksheet = wb.add_worksheet_with_low_memory()?;
    ws.set_name(name)?;
    let last_col = cols.len().saturating_sub(1) as u16;
    // Widths from the header and the first rows: a CJK character is two columns.
    let mut widths: Vec<usize> = cols.iter().map(|c| c.header.width()).collect();
    for i in 0..n.min(300) {
        for (w, v) in widths.iter_mut().zip(row(i)) {
            *w = (*w).max(v.width());
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    if last_col > 0 {
        ws.merge_range(0, 0, 0, last_col, title, &fm.title)?;
    } else {
        ws.write_string_with_format(0, 0, title, &fm.title)?;
    }
    ws.set_row_height(0, 24)?;
    for (c, h) in cols.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, &h.header, &fm.header)?;
    }
    for i in 0..n {
        let r = i as u32 + 2;
        for (c, v) in row(i).into_iter().enumerate() {
            let c = c as u16;
            match v {
                V::Empty => {}
                V::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                V::Int(x) => {
                    ws.write_number(r, c, x as f64)?;
                }
                V::Num(x) => {
                    ws.write_number(r, c, x)?;
                }
                V::Kw(x) => {
                    ws.write_number_with_format(r, c, x, &fm.kw)?;
                }
                V::Pct(x) => {
                    ws.write_number_with_format(r, c, x, &fm.pct)?;
                }
                V::Date(d) => {
                    ws.write_date_with_format(r, c, d, &fm.date)?;
                }
                V::DateTime(d) => {
                    ws.write_datetime_with_format(r, c, d, &fm.datetime)?;
                }
            }
        }
        if (i + 1) % PROGRESS_EVERY == 0 {
            progress(Progress { stage: Stage::Writing, done: i + 1, total: n });
        }
    }
    let last_row = (n as u32 + 1).max(2);
    ws.set_freeze_panes(2, 0)?;
    ws.autofilter(1, 0, last_row, last_col)?;
    let spare_last = (n as u32 + 1 + VALIDATION_SPARE_ROWS).min(1_048_575);
    for (c, h) in cols.iter().enumerate() {
        if let Some(list) = &h.list {
            let v = dict.validation(&h.header, list)?;
            ws.add_data_validation(2, c as u16, spare_last, c as u16, &v)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The sheets.

pub(crate) fn labels<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| f(*v)).collect()
}

/// The 资产登记 columns, in the form's order, with drop-downs on its ENUM columns.
pub fn asset_cols() -> Vec<Col> {
    AssetField::ALL
        .iter()
        .map(|f| match f {
            AssetField::Category => enum_col(f.header_zh(), labels(Category::ALL, Category::label_zh)),
            AssetField::Ownership => enum_col(f.header_zh(), labels(Ownership::ALL, Ownership::label_zh)),
            AssetField::Status => enum_col(f.header_zh(), labels(Status::ALL, Status::label_zh)),
            AssetField::Face => enum_col(f.header_zh(), labels(Face::ALL, Face::label_zh)),
            AssetField::Depth => enum_col(f.header_zh(), labels(Depth::ALL, Depth::label_zh)),
            _ => col(f.header_zh()),
        })
        .collect()
}

fn asset_value(a: &Asset, f: AssetField) -> V {
    let int = |v: Option<u32>| v.map(|v| V::Int(i64::from(v))).unwrap_or(V::Empty);
    let date = |d: Option<NaiveDate>| d.map(V::Date).unwrap_or(V::Empty);
    match f {
        AssetField::AssetTag => V::text(&a.asset_tag),
        AssetField::Name => V::text(&a.name),
        AssetField::Category => V::text(a.category.label_zh()),
        AssetField::Vendor => V::text(&a.vendor),
        AssetField::Model => V::text(&a.model),
        AssetField::Serial => V::text(&a.serial),
        AssetField::Spec => V::opt(&a.spec),
        AssetField::Ownership => V::text(a.ownership.label_zh()),
        AssetField::Owner => V::text(&a.owner),
        AssetField::System => V::opt(&a.system),
        AssetField::Custodian => V::opt(&a.custodian),
        AssetField::Room => V::opt(&a.room),
        AssetField::Cabinet => V::opt(&a.cabinet),
        AssetField::StartU => int(a.start_u),
        AssetField::UHeight => int(Some(a.u_height)),
        AssetField::Face => a.face.map(|f| V::text(f.label_zh())).unwrap_or(V::Empty),
        AssetField::Depth => V::text(a.depth.label_zh()),
        AssetField::RatedW => int(Some(a.rated_w)),
        AssetField::TypicalW => int(a.typical_w),
        AssetField::PsuCount => int(Some(a.psu_count)),
        AssetField::MgmtIp => V::opt(&a.mgmt_ip),
        AssetField::Supplier => V::opt(&a.supplier),
        AssetField::ContractNo => V::opt(&a.contract_no),
        AssetField::PurchasedOn => date(a.purchased_on),
        AssetField::RackedOn => date(a.racked_on),
        AssetField::WarrantyVendor => V::opt(&a.warranty_vendor),
        AssetField::WarrantyUntil => date(a.warranty_until),
        AssetField::Status => V::text(a.status.label_zh()),
        AssetField::RegisteredOn => date(a.registered_on),
        AssetField::RegisteredBy => V::opt(&a.registered_by),
        AssetField::Note => V::opt(&a.note),
    }
}

fn room_cols() -> Vec<Col> {
    SheetKind::Rooms.columns().iter().map(|c| col(c.header)).collect()
}

fn row_head_cols() -> Vec<Col> {
    SheetKind::RowHeads
        .columns()
        .iter()
        .map(|c| if c.key == "phases" { enum_col(c.header, vec!["1", "3"]) } else { col(c.header) })
        .collect()
}

fn cabinet_cols(heads: &[String]) -> Vec<Col> {
    SheetKind::Cabinets
        .columns()
        .iter()
        .map(|c| match c.key {
            "feed_a" | "feed_b" if !heads.is_empty() => {
                Col { header: c.header.to_string(), list: Some(heads.to_vec()) }
            }
            _ => col(c.header),
        })
        .collect()
}

fn reading_cols() -> Vec<Col> {
    SheetKind::Readings.columns().iter().map(|c| col(c.header)).collect()
}

pub(crate) fn kw(w: Option<i64>) -> V {
    w.map(|w| V::Kw(w as f64 / 1000.0)).unwrap_or(V::Empty)
}

fn level(l: Option<f64>) -> V {
    l.map(|l| V::Num((l * 100.0 * 10_000.0).round() / 10_000.0)).unwrap_or(V::Empty)
}

pub(crate) fn title(form: &str, now: NaiveDateTime) -> String {
    format!("{form}（导出时间 {}）", now.format("%Y-%m-%d %H:%M"))
}

/// Everything a site export reads, filtered to one room if asked.
struct SiteData {
    rooms: Vec<Room>,
    heads: Vec<RowHead>,
    cabinets: Vec<(crate::model::Cabinet, CabinetPowerConfig)>,
    assets: Vec<Asset>,
    readings: Vec<Reading>,
    cables: Vec<crate::model::Cable>,
}

fn site_data(ledger: &Ledger, room: Option<&str>) -> Result<SiteData> {
    let conn = ledger.conn();
    if let Some(r) = room {
        if db::rooms::get_id(conn, r)?.is_none() {
            return Err(Error::RoomNotFound { name: r.to_string() });
        }
    }
    let keep = |r: &str| room.is_none_or(|want| want == r);
    let rooms = db::rooms::list(conn)?.into_iter().filter(|r| keep(&r.name)).collect();
    let heads = db::row_heads::list(conn)?.into_iter().map(|(_, h)| h).filter(|h| keep(&h.room)).collect();
    let mut cabinets = Vec::new();
    for (id, c) in db::cabinets::list(conn, room)? {
        cabinets.push((c, db::power::config(conn, id)?));
    }
    let assets = ledger.assets(&AssetFilter { room: room.map(str::to_string), ..AssetFilter::default() })?;
    let readings = conn
        .prepare(
            "SELECT c.code, p.at, p.measured_w, p.amps_a, p.amps_b, p.operator, p.note, r.name
             FROM power_readings p JOIN cabinets c ON c.id = p.cabinet_id JOIN rooms r ON r.id = c.room_id
             ORDER BY c.code, p.at, p.id",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((
                    Reading {
                        cabinet: r.get(0)?,
                        at: r.get(1)?,
                        measured_w: r.get(2)?,
                        amps_a: r.get(3)?,
                        amps_b: r.get(4)?,
                        operator: r.get(5)?,
                        note: r.get(6)?,
                    },
                    r.get::<_, String>(7)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(Error::storage("读取功率读数"))?
        .into_iter()
        .filter(|(_, room)| keep(room))
        .map(|(r, _)| r)
        .collect();
    let cables = super::ports::site_cables(ledger, room, &assets)?;
    Ok(SiteData { rooms, heads, cabinets, assets, readings, cables })
}

pub(crate) fn parse_stamp(s: &str) -> V {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .map(V::DateTime)
        .unwrap_or_else(|_| V::text(s))
}

/// Writes the export. `now` is the time in the titles (and the day a weekly export without a
/// week, or the resource statistics, are counted at).
pub fn export(
    ledger: &Ledger,
    kind: &ExportKind,
    out: &Path,
    room: Option<&str>,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(Progress),
) -> Result<ExportSummary> {
    if let Some(r) = room {
        if db::rooms::get_id(ledger.conn(), r)?.is_none() {
            return Err(Error::RoomNotFound { name: r.to_string() });
        }
    }
    let mut book = Book::new(out, progress);
    match kind {
        ExportKind::Assets => {
            let assets = ledger.assets(&AssetFilter { room: room.map(str::to_string), ..AssetFilter::default() })?;
            write_assets(&mut book, &assets, &title("资产登记表", now))?;
        }
        ExportKind::Site => {
            let data = site_data(ledger, room)?;
            let heads: Vec<String> = data.heads.iter().map(|h| h.code.clone()).collect();
            write_site(&mut book, &data, &heads, Some(now))?;
        }
        ExportKind::Power => write_power(&mut book, &ledger.power_report(room)?, Some(now))?,
        ExportKind::Weekly(day) => {
            super::forms::weekly::write(&mut book, ledger, day.unwrap_or(now.date()), room, now)?
        }
        ExportKind::Repairs => {
            let positions = ledger
                .assets(&AssetFilter { racked: Some(true), ..AssetFilter::default() })?
                .into_iter()
                .filter_map(|a| {
                    let p = a.position()?;
                    let label = crate::ledger::position_label(&p.cabinet, p.start_u, p.face);
                    Some((a.asset_tag.clone(), format!("{}-{label}", a.room.as_deref().unwrap_or(""))))
                })
                .collect();
            super::forms::repairs::write(&mut book, &ledger.repairs(&Default::default())?, &positions, Some(now))?
        }
        ExportKind::Faults => super::forms::faults::write(&mut book, &ledger.faults(&Default::default())?, Some(now))?,
        ExportKind::Resources => super::forms::resources::write(&mut book, ledger, room, now)?,
        ExportKind::Ports => {
            let rows = ledger.port_table(None, room)?;
            super::ports::write_port_table(&mut book, &rows, &title("端口表", now))?
        }
        ExportKind::Request(no) => {
            for (sheet, rows) in super::requests::write_request(ledger, book.workbook_mut(), no, now)? {
                book.written(sheet, rows);
            }
        }
        ExportKind::Operation(no) => {
            for (sheet, rows) in super::requests::write_operation(ledger, book.workbook_mut(), no, now)? {
                book.written(sheet, rows);
            }
        }
        ExportKind::Template(name) => write_template(&mut book, ledger, name, now)?,
        ExportKind::Patrol => super::forms::environment::write_patrol(&mut book, ledger, now)?,
        ExportKind::Env => super::forms::environment::write_env(&mut book, ledger, room, now)?,
        ExportKind::FaultWeek(day) => {
            super::forms::fault_week::write(&mut book, &ledger.fault_week(day.unwrap_or(now.date()))?)?
        }
    }
    let sheets = book.save()?;
    Ok(ExportSummary { ok: true, kind: kind.code(), file: out.display().to_string(), sheets })
}

/// An empty form: the same sheets and validations as the export, no rows.
fn write_template(book: &mut Book<'_>, ledger: &Ledger, name: &str, now: NaiveDateTime) -> Result<()> {
    match name {
        "assets" => write_assets(book, &[], "资产登记表"),
        "site" => {
            let heads: Vec<String> = ledger.row_heads()?.into_iter().map(|h| h.code).collect();
            let empty = SiteData {
                rooms: vec![],
                heads: vec![],
                cabinets: vec![],
                assets: vec![],
                readings: vec![],
                cables: vec![],
            };
            write_site(book, &empty, &heads, None)
        }
        "weekly" => super::forms::weekly::write_empty(book, now.date()),
        "repairs" => super::forms::repairs::write(book, &[], &Default::default(), None),
        "faults" => super::forms::faults::write(book, &[], None),
        "resources" => super::forms::resources::write_empty(book),
        "power" => write_power(book, &crate::power::PowerReport { cabinets: vec![], row_heads: vec![] }, None),
        other => Err(Error::NotSupported { what: format!("空白表单“{other}”") }),
    }
}

/// The 资产登记 sheet.
pub(crate) fn write_assets(book: &mut Book<'_>, assets: &[Asset], title: &str) -> Result<()> {
    let row = |i: usize| AssetField::ALL.iter().map(|f| asset_value(&assets[i], *f)).collect();
    book.sheet(SheetKind::Assets.sheet_name(), title, &asset_cols(), assets.len(), &row)
}

fn write_site(book: &mut Book<'_>, d: &SiteData, head_codes: &[String], now: Option<NaiveDateTime>) -> Result<()> {
    let t = |form: &str| now.map(|n| title(form, n)).unwrap_or_else(|| form.to_string());
    let rooms = |i: usize| {
        let r = &d.rooms[i];
        vec![V::text(&r.name), V::opt(&r.location), V::opt(&r.note)]
    };
    book.sheet("机房", &t("机房表"), &room_cols(), d.rooms.len(), &rooms)?;
    let heads = |i: usize| {
        let h = &d.heads[i];
        vec![
            V::text(&h.code),
            V::text(&h.room),
            V::opt(&h.row),
            kw(Some(h.capacity_w)),
            V::Int(h.voltage_v),
            V::Int(h.phases),
            level(h.warning_level),
            level(h.alarm_level),
            V::opt(&h.note),
        ]
    };
    book.sheet("列头柜", &t("列头柜表"), &row_head_cols(), d.heads.len(), &heads)?;
    let cabinets = |i: usize| {
        let (c, p) = &d.cabinets[i];
        vec![
            V::text(&c.code),
            V::text(&c.room),
            V::opt(&c.row),
            V::Int(i64::from(c.u_height)),
            kw(p.rated_w),
            V::opt(&p.feed_a),
            V::opt(&p.feed_a_branch),
            p.feed_a_breaker_a.map(V::Num).unwrap_or(V::Empty),
            V::opt(&p.feed_b),
            V::opt(&p.feed_b_branch),
            p.feed_b_breaker_a.map(V::Num).unwrap_or(V::Empty),
            V::opt(&c.owner),
            level(p.warning_level),
            level(p.alarm_level),
            V::opt(&c.note),
        ]
    };
    book.sheet("机柜", &t("机柜表"), &cabinet_cols(head_codes), d.cabinets.len(), &cabinets)?;
    write_assets(book, &d.assets, &t("资产登记表"))?;
    super::ports::write_cables(book, &d.cables, &t("端口连接表"))?;
    let readings = |i: usize| {
        let r = &d.readings[i];
        vec![
            V::text(&r.cabinet),
            parse_stamp(&r.at),
            kw(Some(r.measured_w)),
            r.amps_a.map(V::Num).unwrap_or(V::Empty),
            r.amps_b.map(V::Num).unwrap_or(V::Empty),
            V::text(&r.operator),
            V::opt(&r.note),
        ]
    };
    book.sheet("功率读数", &t("功率读数表"), &reading_cols(), d.readings.len(), &readings)
}

fn write_power(book: &mut Book<'_>, r: &crate::power::PowerReport, now: Option<NaiveDateTime>) -> Result<()> {
    let t = |form: &str| now.map(|n| title(form, n)).unwrap_or_else(|| form.to_string());
    let cols: Vec<Col> = [
        "机房",
        "列",
        "机柜编号",
        "额定功率(kW)",
        "设备数",
        "计算负载(kW)",
        "实测负载(kW)",
        "读数时间",
        "负载率",
        "预警阈值",
        "告警阈值",
        "剩余容量(kW)",
        "状态",
        "A路列头柜",
        "B路列头柜",
    ]
    .iter()
    .map(|h| col(h))
    .collect();
    let f = |x: Option<f64>| x.map(|w| V::Kw(w / 1000.0)).unwrap_or(V::Empty);
    let pct = |x: Option<f64>| x.map(V::Pct).unwrap_or(V::Empty);
    let cab = |i: usize| {
        let c = &r.cabinets[i];
        vec![
            V::text(&c.room),
            V::opt(&c.row),
            V::text(&c.cabinet),
            kw(c.capacity_w),
            V::Int(c.device_count),
            kw(Some(c.computed_w)),
            kw(c.measured_w),
            c.measured_at.as_deref().map(parse_stamp).unwrap_or(V::Empty),
            pct(c.utilization),
            V::Pct(c.warning_level),
            V::Pct(c.alarm_level),
            f(c.headroom_w),
            V::text(c.status.label_zh()),
            c.feeds.first().map(|s| V::text(s)).unwrap_or(V::Empty),
            c.feeds.get(1).map(|s| V::text(s)).unwrap_or(V::Empty),
        ]
    };
    book.sheet("机柜功率表", &t("机柜功率表"), &cols, r.cabinets.len(), &cab)?;
    let head_cols: Vec<Col> = [
        "机房",
        "列",
        "列头柜编号",
        "额定容量(kW)",
        "机柜数",
        "负载(kW)",
        "负载率",
        "预警阈值",
        "告警阈值",
        "剩余容量(kW)",
        "状态",
        "故障切换负载(kW)",
        "故障切换负载率",
    ]
    .iter()
    .map(|h| col(h))
    .collect();
    let head = |i: usize| {
        let h = &r.row_heads[i];
        let headroom = crate::power::calc::headroom(
            h.load_w,
            Some(h.capacity_w),
            crate::power::Levels { warning: h.warning_level, alarm: h.alarm_level },
        );
        vec![
            V::text(&h.room),
            V::opt(&h.row),
            V::text(&h.row_head),
            kw(Some(h.capacity_w)),
            V::Int(h.cabinet_count),
            V::Kw(h.load_w / 1000.0),
            pct(h.utilization),
            V::Pct(h.warning_level),
            V::Pct(h.alarm_level),
            f(headroom),
            V::text(h.status.label_zh()),
            V::Kw(h.failover_load_w / 1000.0),
            pct(h.failover_utilization),
        ]
    };
    book.sheet("列头柜", &t("列头柜功率表"), &head_cols, r.row_heads.len(), &head)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::ExportKind;

    #[test]
    fn a_weekly_export_takes_its_week_as_the_name_or_with_week() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 16);
        assert_eq!(ExportKind::parse("weekly", Some("2026-W47")).ok(), Some(ExportKind::Weekly(monday)));
        assert_eq!(ExportKind::parse("weekly", Some("2026-11-19")).ok(), Some(ExportKind::Weekly(monday)));
        assert_eq!(
            ExportKind::parse_with_week("weekly", None, Some("2026-W47")).ok(),
            Some(ExportKind::Weekly(monday))
        );
        assert_eq!(ExportKind::parse("weekly", None).ok(), Some(ExportKind::Weekly(None)));
        assert!(ExportKind::parse("weekly", Some("第47周")).is_err());
    }
}
