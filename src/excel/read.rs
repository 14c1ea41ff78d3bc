//! Raw workbook reading: every sheet as rows of cells, each row with the number Excel shows
//! for it. Nothing here knows what a sheet means; it only undoes the ways files differ:
//! `.xlsx` / `.xls` / `.ods` (calamine picks by content), merged cells (the top-left value is
//! copied over the whole merged region, because people merge 机房 or 机柜编号 down a block of
//! rows and mean it for every row), date cells, and UTF-8 CSV (with or without a BOM).

use std::path::Path;

use calamine::{open_workbook_auto, Data, Dimensions, Reader, Sheets};
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

/// The largest cell we keep whole; a longer one is cut (no field of ours is this long, and a
/// 30 MB cell must not become a 30 MB error message).
const MAX_CELL_CHARS: usize = 32_767;

/// Reads every sheet of `path`: `.xlsx`, `.xlsm`, `.xls`, `.ods`, or `.csv` (UTF-8).
pub fn read_workbook(path: &Path) -> Result<Vec<RawSheet>> {
    let bad = |reason: String| Error::Workbook { path: path.display().to_string(), reason };
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.display().to_string(), source })?;
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("CSV").to_string();
        return read_csv(&name, &bytes).map(|s| vec![s]).map_err(bad);
    }
    if !path.exists() {
        return Err(Error::Io {
            path: path.display().to_string(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "file not found"),
        });
    }
    let mut wb = open_workbook_auto(path)
        .map_err(|e| bad(format!("不是可读取的 Excel 文件（.xlsx/.xls），或文件已损坏：{e}")))?;
    let names = wb.sheet_names().to_vec();
    if names.is_empty() {
        return Err(bad("工作簿中没有工作表".into()));
    }
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| bad(format!("无法读取工作表“{name}”：{e}")))?;
        let merges = merged_regions(&mut wb, &name);
        sheets.push(to_sheet(&name, &range, &merges));
    }
    Ok(sheets)
}

/// Merged regions of a sheet; a reader that cannot tell us just gives none.
fn merged_regions<RS: std::io::Read + std::io::Seek>(wb: &mut Sheets<RS>, name: &str) -> Vec<Dimensions> {
    match wb {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::String(s) => {
            if s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS {
                Cell::Text(s.chars().take(MAX_CELL_CHARS).collect())
            } else {
                Cell::Text(s.clone())
            }
        }
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

fn to_sheet(name: &str, range: &calamine::Range<Data>, merges: &[Dimensions]) -> RawSheet {
    let Some((row0, col0)) = range.start() else {
        return RawSheet { name: name.to_string(), rows: Vec::new() };
    };
    // Cells are placed at their absolute column so column indexes match the sheet.
    let mut rows: Vec<RawRow> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut out = vec![Cell::Empty; col0 as usize];
            out.extend(cells.iter().map(convert));
            RawRow { number: row0 + i as u32 + 1, cells: out }
        })
        .collect();
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
    RawSheet { name: name.to_string(), rows }
}

/// A CSV saved by Excel: UTF-8 with or without a BOM, commas, double-quoted fields.
fn read_csv(name: &str, bytes: &[u8]) -> std::result::Result<RawSheet, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        "CSV 文件不是 UTF-8 编码（可能是 GB18030）：请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后再导入".to_string()
    })?;
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut number = 1u32;
    let push_field = |field: &mut String, row: &mut Vec<Cell>| {
        let f = std::mem::take(field);
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
            (false, ',') => push_field(&mut field, &mut row),
            (false, '\r') => {}
            (false, '\n') => {
                push_field(&mut field, &mut row);
                rows.push(RawRow { number, cells: std::mem::take(&mut row) });
                number += 1;
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        push_field(&mut field, &mut row);
        rows.push(RawRow { number, cells: row });
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
        assert!(read_csv("x", &[0xB0, 0xA1, b',']).is_err());
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
