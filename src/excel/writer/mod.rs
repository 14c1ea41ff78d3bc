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
//!
//! Every sheet is also set up for printing ([`print`]): a form declares only its signers.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{Progress, Stage, PROGRESS_EVERY};
use crate::error::{Error, Result};

mod print;

pub use print::{starts_signatures, SIGN_LABEL};
pub(crate) use print::{Page, Widths};

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
    /// A signature line under a printed form.
    pub sign: Format,
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
            sign: Format::new().set_align(FormatAlign::Bottom),
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

/// The hidden sheet holding the drop-down lists too long to write inline.
pub const DICT_SHEET: &str = "字典";

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
    /// The form's name and the export time, for the printed footer.
    form: String,
    stamp: NaiveDateTime,
    pub sheets: Vec<SheetSummary>,
    progress: &'p mut dyn FnMut(Progress),
}

impl<'p> Book<'p> {
    /// A book for the form named `form` (in the printed footer), exported at `stamp`.
    pub(crate) fn new(
        path: &Path,
        form: &str,
        stamp: NaiveDateTime,
        progress: &'p mut dyn FnMut(Progress),
    ) -> Book<'p> {
        Book {
            wb: Workbook::new(),
            fm: Formats::new(),
            dict: Dict::default(),
            path: path.display().to_string(),
            form: form.to_string(),
            stamp,
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
        self.signed_sheet(name, title, cols, n, row, &[])
    }

    /// [`Book::sheet`] for a form signed on paper: a signature line for each of `signers`
    /// under the table.
    pub fn signed_sheet(
        &mut self,
        name: &str,
        title: &str,
        cols: &[Col],
        n: usize,
        row: &dyn Fn(usize) -> Vec<V>,
        signers: &[&str],
    ) -> Result<()> {
        let page = self.page(name, (0, 1));
        let sheet = Sheet { name, title, cols, n, row, signers, page: &page };
        let r = write_sheet(&mut self.wb, &self.fm, &mut self.dict, &sheet, &mut *self.progress);
        r.map_err(|e| Error::WriteWorkbook { path: self.path.clone(), reason: e.to_string() })?;
        self.sheets.push(SheetSummary { sheet: name.to_string(), rows: n });
        Ok(())
    }

    /// A sheet named `name` for a form laid out cell by cell (附件2, 附件5), with the book's
    /// formats and its printed page (the title row repeated). Finish it with [`finish_form`] and
    /// record it with [`Book::written`].
    pub(crate) fn form_sheet(&mut self, name: &str) -> (&mut Worksheet, &Formats, Page) {
        let page = self.page(name, (0, 0));
        (self.wb.add_worksheet(), &self.fm, page)
    }

    /// The printed page of sheet `sheet`: the footer names the form, and the sheet too unless
    /// the form's name already does (附件4 维修记录 / 维修记录, 机柜功率表 / 机柜功率表).
    fn page(&self, sheet: &str, repeat: (u32, u32)) -> Page {
        let base = |s: &str| s.trim_end_matches('表').to_string();
        let named = self.form.split(' ').any(|w| base(w) == base(sheet));
        let form = if named { self.form.clone() } else { format!("{} · {sheet}", self.form) };
        Page { form, stamp: self.stamp, repeat }
    }

    /// The error of a failed write to this book.
    pub(crate) fn error(&self, e: XlsxError) -> Error {
        Error::WriteWorkbook { path: self.path.clone(), reason: e.to_string() }
    }

    /// The workbook itself, for a form laid out cell by cell with its own page setup (附件1).
    pub(crate) fn workbook_mut(&mut self) -> &mut Workbook {
        &mut self.wb
    }

    /// Records a sheet written with [`Book::form_sheet`].
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

/// One list sheet to write: its title, columns, `n` rows (`row(i)` for i in 0..n), who signs it,
/// and how it prints.
pub(crate) struct Sheet<'s> {
    pub name: &'s str,
    pub title: &'s str,
    pub cols: &'s [Col],
    pub n: usize,
    pub row: &'s dyn Fn(usize) -> Vec<V>,
    pub signers: &'s [&'s str],
    pub page: &'s Page,
}

/// Writes one sheet: title, header, rows, the sheet's features, the signature block, and its
/// page setup.
pub(crate) fn write_sheet(
    wb: &mut Workbook,
    fm: &Formats,
    dict: &mut Dict,
    sheet: &Sheet<'_>,
    progress: &mut dyn FnMut(Progress),
) -> std::result::Result<(), XlsxError> {
    let Sheet { name, title, cols, n, row, signers, page } = *sheet;
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
    let mut widths: Vec<f64> = widths.iter().map(|w| (*w as f64 + 2.0).clamp(6.0, 60.0)).collect();
    print::fit_title(&mut widths, title);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
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
    // One blank row between the table and the signatures.
    print::signatures(ws, fm, last_row + 2, signers)?;
    print::page_setup(ws, &widths, page)?;
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

/// Finishes a form laid out cell by cell: its column widths (widened to its title), the
/// signature block from row `next` (after one blank row), and its page setup.
pub(crate) fn finish_form(
    ws: &mut Worksheet,
    fm: &Formats,
    widths: &Widths,
    title: &str,
    next: u32,
    signers: &[&str],
    page: &Page,
) -> std::result::Result<(), XlsxError> {
    let mut widths = widths.widths();
    print::fit_title(&mut widths, title);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    print::signatures(ws, fm, next + 1, signers)?;
    print::page_setup(ws, &widths, page)
}

/// The Chinese labels of a vocabulary, for a drop-down.
pub(crate) fn labels<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|v| f(*v)).collect()
}

/// Watts as a kW cell.
pub(crate) fn kw(w: Option<i64>) -> V {
    w.map(|w| V::Kw(w as f64 / 1000.0)).unwrap_or(V::Empty)
}

/// A level (a fraction) as the percentage number the site workbook writes.
pub(crate) fn level(l: Option<f64>) -> V {
    l.map(|l| V::Num((l * 100.0 * 10_000.0).round() / 10_000.0)).unwrap_or(V::Empty)
}

/// A form's title with its export time.
pub(crate) fn title(form: &str, now: NaiveDateTime) -> String {
    format!("{form}（导出时间 {}）", now.format("%Y-%m-%d %H:%M"))
}

/// A stored time as a date-time cell (text when it does not parse).
pub(crate) fn parse_stamp(s: &str) -> V {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .map(V::DateTime)
        .unwrap_or_else(|_| V::text(s))
}
