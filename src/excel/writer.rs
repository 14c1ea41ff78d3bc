//! The Excel writer toolkit every export uses: a [`Book`] being written, its cell values [`V`]
//! and columns [`Col`], and each list sheet laid out as templates.md's "Layout of every exported
//! sheet" says: the title merged across row 1, the header in row 2 (bold, filled, frozen, with
//! an autofilter), one record a row from row 3, drop-downs on the ENUM columns (a list too long
//! for Excel's 255-character inline limit lives on a hidden `字典` sheet), column widths that fit
//! Chinese text, and dates as real date cells. The forms themselves live in `forms/`.
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

use super::{Progress, Stage, PROGRESS_EVERY};
use crate::error::{Error, Result};

/// One sheet of an export and its number of records.
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

pub(crate) struct Formats {
    pub title: Format,
    pub header: Format,
    /// A label of a form's header block (附件2, 附件5): bold on grey, boxed.
    pub label: Format,
    pub date: Format,
    pub datetime: Format,
    pub kw: Format,
    pub pct: Format,
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
            label: Format::new().set_bold().set_background_color(0xF2F2F2).set_border(FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            kw: Format::new().set_num_format("0.00"),
            pct: Format::new().set_num_format("0.0%"),
        }
    }
}

/// The drop-down lists too long to write inline, kept for the hidden `字典` sheet.
#[derive(Default)]
pub(crate) struct Dict {
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
    pub(crate) fn new(path: &Path, progress: &'p mut dyn FnMut(Progress)) -> Book<'p> {
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

    /// A sheet for a form laid out cell by cell (附件2, 附件5), with the book's formats. Record
    /// it with [`Book::written`] once its cells are written.
    pub(crate) fn form_sheet(&mut self) -> (&mut Worksheet, &Formats) {
        (self.wb.add_worksheet(), &self.fm)
    }

    /// The error of a failed write to this book.
    pub(crate) fn error(&self, e: XlsxError) -> Error {
        Error::WriteWorkbook { path: self.path.clone(), reason: e.to_string() }
    }

    /// Records a sheet written directly with [`Book::workbook_mut`].
    pub(crate) fn written(&mut self, sheet: String, rows: usize) {
        self.sheets.push(SheetSummary { sheet, rows });
    }

    pub(crate) fn save(mut self) -> Result<Vec<SheetSummary>> {
        let wrap = |e: XlsxError| Error::WriteWorkbook { path: self.path.clone(), reason: e.to_string() };
        self.dict.write(&mut self.wb).map_err(wrap)?;
        self.wb.save(&self.path).map_err(wrap)?;
        Ok(self.sheets)
    }
}

/// Writes one sheet: title, header, rows (`row(i)` for i in 0..n), and the sheet's features.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_sheet(
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

pub(crate) fn labels<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| f(*v)).collect()
}
pub(crate) fn kw(w: Option<i64>) -> V {
    w.map(|w| V::Kw(w as f64 / 1000.0)).unwrap_or(V::Empty)
}

pub(crate) fn level(l: Option<f64>) -> V {
    l.map(|l| V::Num((l * 100.0 * 10_000.0).round() / 10_000.0)).unwrap_or(V::Empty)
}

pub(crate) fn title(form: &str, now: NaiveDateTime) -> String {
    format!("{form}（导出时间 {}）", now.format("%Y-%m-%d %H:%M"))
}
pub(crate) fn parse_stamp(s: &str) -> V {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .map(V::DateTime)
        .unwrap_or_else(|_| V::text(s))
}
