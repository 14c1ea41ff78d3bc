//! Raw workbook reading: every sheet as rows of cells, each row with the number Excel shows
//! for it. Nothing here knows what a sheet means; it only undoes the ways files differ:
//! `.xlsx` / `.xls` / `.ods` (calamine picks by content), merged cells (the top-left value is
//! copied over the whole merged region, because people merge 机房 or 机柜编号 down a block of
//! rows and mean it for every row), date cells, and UTF-8 CSV (with or without a BOM).

use std::path::Path;

use calamine::{open_workbook_auto, Data, DataRef, Dimensions, Reader, Sheets};
use chrono::{NaiveDate, NaiveDateTime};

use crate::error::{Error, Result};

/// One cell, as far as the file tells us its type.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A real date cell (or a serial number in a date-formatted cell).
    Date(NaiveDateTime),
    Bool(bool),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: whole numbers without `.0`, dates as `2026-03-15` (with the time when
    /// it is not midnight), booleans as 是/否.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
            Cell::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        }
    }

    /// The cell read as a date: a date cell, an Excel serial number, `20260315` typed as a
    /// number, or any text date style of [`crate::parse::date`].
    pub fn date(&self) -> std::result::Result<Option<NaiveDate>, String> {
        match self {
            Cell::Empty => Ok(None),
            Cell::Date(d) => Ok(Some(d.date())),
            Cell::Number(n) => {
                // 20260315 typed into a cell becomes a number, not a serial.
                if (19_000_101.0..=22_001_231.0).contains(n) {
                    return crate::parse::date(&number_text(*n)).map(Some);
                }
                crate::parse::excel_serial_date(*n)
                    .map(Some)
                    .ok_or_else(|| format!("“{}”不是有效日期（例如 2026-03-15）", number_text(*n)))
            }
            other => {
                let t = other.text();
                if t.is_empty() {
                    Ok(None)
                } else {
                    crate::parse::date(&t).map(Some)
                }
            }
        }
    }

    /// The cell read as a date and time (a date alone is midnight).
    pub fn datetime(&self) -> std::result::Result<Option<NaiveDateTime>, String> {
        match self {
            Cell::Empty => Ok(None),
            Cell::Date(d) => Ok(Some(*d)),
            Cell::Number(n) if (1.0..2_958_466.0).contains(n) => {
                let day = crate::parse::excel_serial_date(*n).ok_or_else(|| "不是有效时间".to_string())?;
                let secs = ((n - n.floor()) * 86_400.0).round() as i64;
                day.and_hms_opt(0, 0, 0)
                    .map(|d| d + chrono::Duration::seconds(secs))
                    .map(Some)
                    .ok_or_else(|| "不是有效时间".to_string())
            }
            other => {
                let t = other.text();
                if t.is_empty() {
                    Ok(None)
                } else {
                    crate::parse::datetime(&t).map(Some)
                }
            }
        }
    }
}

/// `42` for 42.0, `4.4` for 4.4, `1234567890123` for a long serial number read as a number.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A row of a sheet and the number Excel shows beside it (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl RawRow {
    pub fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }

    pub fn is_empty(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// A sheet: its name and its rows (blank rows included, so numbers stay true).
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
}

/// Excel's own limit on a cell's text; a longer cell is not something Excel wrote, and is refused.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The largest file an import opens (a 100,000-asset ledger is about 15 MB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// The most a workbook's zip may expand to, in all and per part: more is a zip bomb, not a ledger.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 1024 * 1024 * 1024;
/// How many parts a workbook's zip may hold.
pub const MAX_ZIP_ENTRIES: usize = 10_000;

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    Zip,
    Ole,
    Pdf,
    Empty,
    Other,
}

fn magic(head: &[u8]) -> Magic {
    if head.is_empty() {
        Magic::Empty
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        Magic::Zip
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Magic::Ole
    } else if head.starts_with(b"%PDF") {
        Magic::Pdf
    } else {
        Magic::Other
    }
}

/// Checks a file before calamine reads it: its size, that it is a workbook at all (an `.xlsx`
/// is a zip holding `xl/workbook.xml`; an `.xls` an OLE file), and, from the zip's central
/// directory, that it does not expand beyond [`MAX_UNCOMPRESSED_BYTES`]. Returns the reason in
/// Chinese when it is refused.
pub fn check_file(path: &Path) -> std::result::Result<(), String> {
    let len = std::fs::metadata(path).map(|m| m.len()).map_err(|e| format!("无法读取文件：{e}"))?;
    if len > MAX_FILE_BYTES {
        return Err(format!("文件有 {} MB，超过导入上限 {} MB", len >> 20, MAX_FILE_BYTES >> 20));
    }
    let mut head = [0u8; 8];
    let n = {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(|e| format!("无法读取文件：{e}"))?;
        let mut n = 0;
        while n < head.len() {
            match f.read(&mut head[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) => return Err(format!("无法读取文件：{e}")),
            }
        }
        n
    };
    match magic(&head[..n]) {
        Magic::Empty => Err("文件是空的（0 字节），不是 Excel 工作簿".into()),
        Magic::Pdf => Err("这是一个 PDF 文件，不是 Excel 工作簿：请导入 .xlsx、.xls 或 .csv 文件".into()),
        Magic::Other => {
            Err("文件内容不是 Excel 工作簿（.xlsx/.xls），可能是改了扩展名的其他文件；文本表格请另存为 .csv".into())
        }
        Magic::Ole => Ok(()),
        Magic::Zip => {
            let f = std::fs::File::open(path).map_err(|e| format!("无法读取文件：{e}"))?;
            check_zip(std::io::BufReader::new(f))
        }
    }
}

/// The zip layer of an `.xlsx` / `.ods`: readable, a workbook, and no zip bomb.
pub fn check_zip<R: std::io::Read + std::io::Seek>(r: R) -> std::result::Result<(), String> {
    let mut zip = zip::ZipArchive::new(r).map_err(|e| format!("文件已损坏：zip 结构无法读取（{e}）"))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(format!("压缩包中有 {} 个文件，超过上限 {MAX_ZIP_ENTRIES}，不是正常的工作簿", zip.len()));
    }
    let mut total: u64 = 0;
    let mut workbook = false;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| format!("文件已损坏：zip 目录项无法读取（{e}）"))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        workbook |= lower == "xl/workbook.xml" || lower == "xl/workbook.bin" || lower == "content.xml";
        let size = entry.size();
        total = total.saturating_add(size);
        if size > MAX_UNCOMPRESSED_BYTES || total > MAX_UNCOMPRESSED_BYTES {
            return Err(format!(
                "文件解压后超过 {} MB（{} 压缩前 {} KB），疑似压缩炸弹，已拒绝",
                MAX_UNCOMPRESSED_BYTES >> 20,
                name,
                entry.compressed_size() >> 10
            ));
        }
    }
    if !workbook {
        return Err("这是一个 zip 压缩包，但不是 Excel 工作簿（其中没有 xl/workbook.xml）".into());
    }
    Ok(())
}

/// Reads every sheet of `path`: `.xlsx`, `.xlsm`, `.xls`, `.ods`, or `.csv` (UTF-8 or GB18030).
/// The file is checked first ([`check_file`]); a cell longer than Excel allows refuses the file
/// with its location.
pub fn read_workbook(path: &Path) -> Result<Vec<RawSheet>> {
    let bad = |reason: String| Error::Workbook { path: path.display().to_string(), reason };
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !path.exists() {
        return Err(Error::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
        });
    }
    if is_csv {
        let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if len > MAX_FILE_BYTES {
            return Err(bad(format!("文件有 {} MB，超过导入上限 {} MB", len >> 20, MAX_FILE_BYTES >> 20)));
        }
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("CSV").to_string();
        return read_csv(&name, &bytes).map(|s| vec![s]).map_err(bad);
    }
    check_file(path).map_err(bad)?;
    let mut wb = open_workbook_auto(path)
        .map_err(|e| bad(format!("不是可读取的 Excel 文件（.xlsx/.xls），或文件已损坏：{e}")))?;
    let names = wb.sheet_names().to_vec();
    if names.is_empty() {
        return Err(bad("工作簿中没有工作表".into()));
    }
    // An .xlsx keeps its merged regions after the cells: another thread inflates the sheet
    // again and picks them out (`merges`) while this one reads the cells.
    let xlsx = matches!(wb, Sheets::Xlsx(_));
    let (read, merges) = std::thread::scope(|s| {
        let scan = xlsx.then(|| s.spawn(|| xlsx_merges(path, &names)));
        let read = read_sheets(&mut wb, &names, bad);
        let merges = scan.and_then(|h| h.join().ok()).flatten();
        (read, merges)
    });
    let mut sheets = read?;
    for (i, (sheet, row0)) in sheets.iter_mut().enumerate() {
        let regions = match merges.as_ref().and_then(|m| m.get(i)) {
            Some(m) => m.clone(),
            // No second reader (.xls, .ods), or it failed: read them here, as before.
            None => merged_regions(&mut wb, &names[i]),
        };
        fill_merges(sheet, *row0, &regions);
    }
    Ok(sheets.into_iter().map(|(s, _)| s).collect())
}

/// Every sheet's cells (merges not yet filled), with the 0-based row its first row stands on.
fn read_sheets<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    names: &[String],
    bad: impl Fn(String) -> Error,
) -> Result<Vec<(RawSheet, u32)>> {
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        if let Sheets::Xlsx(x) = wb {
            sheets.push(xlsx_sheet(x, name).map_err(&bad)?);
            continue;
        }
        let range = wb.worksheet_range(name).map_err(|e| bad(format!("无法读取工作表“{name}”：{e}")))?;
        if let Some((row, col, chars)) = oversized_cell(&range) {
            return Err(bad(format!(
                "工作表“{name}”第 {row} 行第 {col} 列的单元格有 {chars} 个字符，超过 Excel 单元格上限 {MAX_CELL_CHARS}"
            )));
        }
        let row0 = range.start().map(|(r, _)| r).unwrap_or(0);
        sheets.push((to_sheet(name, &range), row0));
    }
    Ok(sheets)
}

/// An .xlsx sheet read with calamine's streaming cell reader straight into rows: the rows
/// [`to_sheet`] makes of its `worksheet_range` (first row the first with a value, cells at
/// their absolute column), without building the range and copying every string twice.
fn xlsx_sheet<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
) -> std::result::Result<(RawSheet, u32), String> {
    let mut reader = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet has no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => {
            return Ok((RawSheet { name: name.to_string(), rows: Vec::new() }, 0));
        }
        Err(e) => return Err(format!("无法读取工作表“{name}”：{e}")),
    };
    // Rows by absolute index; the ones above the first value are cut off at the end.
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut first = u32::MAX;
    while let Some(c) = reader.next_cell().map_err(|e| format!("无法读取工作表“{name}”：{e}"))? {
        let (r, col) = c.get_position();
        let cell = match c.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(t) => check_len(name, r, col, t).map(|_| Cell::Text(t.to_string()))?,
            DataRef::String(t) => check_len(name, r, col, t).map(|_| Cell::Text(t.clone()))?,
            other => convert(&Data::from(other.clone())),
        };
        first = first.min(r);
        let (r, col) = (r as usize, col as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= col {
            row.resize(col + 1, Cell::Empty);
        }
        row[col] = cell;
    }
    if first == u32::MAX {
        return Ok((RawSheet { name: name.to_string(), rows: Vec::new() }, 0));
    }
    let rows = rows
        .into_iter()
        .enumerate()
        .skip(first as usize)
        .map(|(i, cells)| RawRow { number: i as u32 + 1, cells })
        .collect();
    Ok((RawSheet { name: name.to_string(), rows }, first))
}

/// Refuses a cell longer than Excel allows (`row`, `col`: 0-based).
pub(super) fn check_len(sheet: &str, row: u32, col: u32, text: &str) -> std::result::Result<(), String> {
    if text.len() > MAX_CELL_CHARS {
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(format!(
                "工作表“{sheet}”第 {} 行第 {} 列的单元格有 {chars} 个字符，超过 Excel 单元格上限 {MAX_CELL_CHARS}",
                row + 1,
                column_name(col)
            ));
        }
    }
    Ok(())
}

/// The merged regions of each named sheet of an .xlsx, read by a reader of its own; None when
/// the file cannot be read that way (the caller then asks its own reader).
pub(super) fn xlsx_merges(path: &Path, names: &[String]) -> Option<Vec<Vec<Dimensions>>> {
    let file = std::fs::File::open(path).ok()?;
    if let Some(found) = super::merges::xlsx_merges(std::io::BufReader::new(file), names) {
        return Some(found);
    }
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).ok()?;
    let out = names.iter().map(|n| wb.merge_cells_by_sheet_name(n).ok()).collect::<Option<Vec<_>>>();
    out
}

/// The first cell (Excel row, column letter, length) longer than [`MAX_CELL_CHARS`].
fn oversized_cell(range: &calamine::Range<Data>) -> Option<(u32, String, usize)> {
    let (row0, col0) = range.start()?;
    for (i, row) in range.rows().enumerate() {
        for (j, d) in row.iter().enumerate() {
            if let Data::String(s) = d {
                if s.len() > MAX_CELL_CHARS {
                    let chars = s.chars().count();
                    if chars > MAX_CELL_CHARS {
                        return Some((row0 + i as u32 + 1, column_name(col0 + j as u32), chars));
                    }
                }
            }
        }
    }
    None
}

/// `A`, `Z`, `AA` …
fn column_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push((b'A' + (c % 26) as u8) as char);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.iter().rev().collect()
}

/// Merged regions of a sheet; a reader that cannot tell us just gives none.
fn merged_regions<RS: std::io::Read + std::io::Seek>(wb: &mut Sheets<RS>, name: &str) -> Vec<Dimensions> {
    match wb {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

pub(super) fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        // Check is_datetime first: as_datetime would turn a duration into a date.
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(v) => Cell::Date(whole_second(v)),
            None => Cell::Number(dt.as_f64()),
        },
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => crate::parse::datetime(s).map(Cell::Date).unwrap_or_else(|_| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// A date-time from a serial number can be a millisecond off; what people write is whole seconds.
fn whole_second(v: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    let v = v + chrono::Duration::milliseconds(500);
    v.with_nanosecond(0).unwrap_or(v)
}

fn to_sheet(name: &str, range: &calamine::Range<Data>) -> RawSheet {
    let Some((row0, col0)) = range.start() else {
        return RawSheet { name: name.to_string(), rows: Vec::new() };
    };
    // Cells are placed at their absolute column so column indexes match the sheet.
    let rows: Vec<RawRow> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut out = vec![Cell::Empty; col0 as usize];
            out.extend(cells.iter().map(convert));
            RawRow { number: row0 + i as u32 + 1, cells: out }
        })
        .collect();
    RawSheet { name: name.to_string(), rows }
}

/// Copies the top-left value of each merged region over the whole region (`row0`: the 0-based
/// row the sheet's first row stands on).
pub(super) fn fill_merges(sheet: &mut RawSheet, row0: u32, merges: &[Dimensions]) {
    let rows = &mut sheet.rows;
    for m in merges {
        let (r1, c1) = m.start;
        let (r2, c2) = m.end;
        let value = rows
            .get(r1.saturating_sub(row0) as usize)
            .filter(|_| r1 >= row0)
            .map(|r| r.cell(c1 as usize).clone())
            .unwrap_or(Cell::Empty);
        if value.is_empty() {
            continue;
        }
        // Cap the fill: a merge over a whole column must not allocate a million rows.
        for r in r1..=r2.min(r1.saturating_add(100_000)) {
            let Some(row) = r.checked_sub(row0).and_then(|i| rows.get_mut(i as usize)) else { continue };
            for c in c1..=c2.min(c1.saturating_add(200)) {
                let c = c as usize;
                if row.cells.len() <= c {
                    row.cells.resize(c + 1, Cell::Empty);
                }
                if (r, c as u32) != (r1, c1) {
                    row.cells[c] = value.clone();
                }
            }
        }
    }
}

/// The text of a CSV: UTF-8 (with or without a BOM), else GB18030 — what Excel saves as
/// "CSV (逗号分隔)" on a Chinese Windows. Bytes that are neither are refused.
fn decode_csv(bytes: &[u8]) -> std::result::Result<std::borrow::Cow<'_, str>, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(std::borrow::Cow::Borrowed)
            .map_err(|_| "CSV 文件以 UTF-8 标记开头，但内容不是有效的 UTF-8".to_string());
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Ok(std::borrow::Cow::Borrowed(t));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err("CSV 文件既不是 UTF-8 也不是 GB18030 编码：请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入".into());
    }
    Ok(text)
}

/// A CSV saved by Excel: UTF-8 or GB18030, commas, double-quoted fields.
fn read_csv(name: &str, bytes: &[u8]) -> std::result::Result<RawSheet, String> {
    let text = decode_csv(bytes)?;
    let text = text.as_ref();
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut number = 1u32;
    let mut too_long: Option<(u32, usize)> = None;
    let mut push_field = |field: &mut String, row: &mut Vec<Cell>, number: u32| {
        let f = std::mem::take(field);
        if too_long.is_none() && f.len() > MAX_CELL_CHARS && f.chars().count() > MAX_CELL_CHARS {
            too_long = Some((number, row.len()));
        }
        row.push(if f.trim().is_empty() { Cell::Empty } else { Cell::Text(f) });
    };
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => push_field(&mut field, &mut row, number),
            (false, '\r') => {}
            (false, '\n') => {
                push_field(&mut field, &mut row, number);
                rows.push(RawRow { number, cells: std::mem::take(&mut row) });
                number += 1;
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        push_field(&mut field, &mut row, number);
        rows.push(RawRow { number, cells: row });
    }
    if let Some((r, c)) = too_long {
        return Err(format!(
            "第 {r} 行第 {} 列的单元格超过 Excel 单元格上限 {MAX_CELL_CHARS} 个字符",
            column_name(c as u32)
        ));
    }
    Ok(RawSheet { name: name.to_string(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_quotes_and_newlines() {
        let s = read_csv("x", "\u{feff}a,b\n\"1,2\",\"say \"\"hi\"\"\"\r\n\n3,".as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.rows.len(), 4);
        assert_eq!(s.rows[1].cells, vec![Cell::Text("1,2".into()), Cell::Text("say \"hi\"".into())]);
        assert!(s.rows[2].is_empty());
        assert_eq!(s.rows[3].number, 4);
        // GB18030 (啊 is B0 A1), and bytes that are neither encoding.
        let gb = read_csv("x", &[0xB0, 0xA1, b',', b'1']).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(gb.rows[0].cells, vec![Cell::Text("啊".into()), Cell::Text("1".into())]);
        assert!(read_csv("x", &[0xFF, 0xFF, 0xFF]).is_err());
    }

    #[test]
    fn cell_dates_from_every_style() {
        let want = NaiveDate::from_ymd_opt(2026, 3, 15);
        assert_eq!(Cell::Number(46096.0).date(), Ok(want));
        assert_eq!(Cell::Number(20260315.0).date(), Ok(want));
        assert_eq!(Cell::Text("2026年3月15日".into()).date(), Ok(want));
        assert!(Cell::Text("明天".into()).date().is_err());
        assert_eq!(Cell::Number(42.0).text(), "42");
        assert_eq!(Cell::Number(4.4).text(), "4.4");
    }
}
