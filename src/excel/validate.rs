//! Raw rows → typed records of each sheet, row by row, without the database. Every problem is
//! collected (never just the first) with its sheet, Excel row number, column header and value.
//! Rules that need the database or other rows (unknown cabinets, duplicates, space) are checked
//! by [`super::import`].
//!
//! A column that is in the sheet is the truth for that field (an empty optional cell clears
//! it); a column that is absent leaves the field as it is, so a narrow file can update a few
//! fields of existing records. A required column must be present, and filled on every row.

use chrono::NaiveDateTime;

use super::read::{Cell, RawRow, RawSheet};
use super::sheets::{Column, Header, SheetKind};
use super::{msg, Problem};
use crate::i18n::Lang;
use crate::model::{AssetField, FieldKind};
use crate::parse;

/// Collects the problems of one sheet.
pub struct Problems<'a> {
    pub sheet: &'a str,
    pub lang: Lang,
    pub list: &'a mut Vec<Problem>,
}

impl Problems<'_> {
    pub fn add(&mut self, row: Option<u32>, column: Option<&str>, value: Option<&str>, zh: String, en: String) {
        self.list.push(Problem {
            sheet: Some(self.sheet.to_string()),
            row,
            column: column.map(str::to_string),
            value: value.filter(|v| !v.is_empty()).map(str::to_string),
            message: msg(self.lang, zh, en),
        });
    }
}

/// A data row seen through its sheet's header.
pub struct Line<'a> {
    pub row: &'a RawRow,
    header: &'a Header,
    columns: &'a [Column],
}

impl<'a> Line<'a> {
    fn index(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// Whether the sheet has this column.
    pub fn has(&self, key: &str) -> bool {
        self.index(key).and_then(|i| self.header.mapped[i].as_ref()).is_some()
    }

    /// The cell of the `i`th column of the sheet kind (None when the sheet has no such column).
    pub fn cell_at(&self, i: usize) -> Option<&'a Cell> {
        let (c, _) = self.header.mapped.get(i)?.as_ref()?;
        Some(self.row.cell(*c))
    }

    /// The cell of this column (None when the sheet has no such column).
    pub fn cell(&self, key: &str) -> Option<&'a Cell> {
        let (c, _) = self.header.mapped[self.index(key)?].as_ref()?;
        Some(self.row.cell(*c))
    }

    /// The cell as trimmed text; None when absent or empty.
    pub fn text(&self, key: &str) -> Option<String> {
        self.cell(key).map(Cell::text).filter(|t| !t.is_empty())
    }

    /// The header as the file writes it, for messages.
    pub fn header_of(&self, key: &str) -> String {
        header_text(self.header, self.columns, key)
    }
}

pub fn header_text(header: &Header, columns: &[Column], key: &str) -> String {
    let i = columns.iter().position(|c| c.key == key);
    match i.and_then(|i| header.mapped[i].as_ref()) {
        Some((_, text)) => text.replace(['\n', '\r'], ""),
        None => i.map(|i| columns[i].header.to_string()).unwrap_or_else(|| key.to_string()),
    }
}

/// The data rows of a sheet (after its header, entirely empty rows skipped, up to a signature
/// block), each checked for its required cells. Returns the lines whose required cells are all
/// there.
pub fn lines<'a>(
    sheet: &'a RawSheet,
    header: &'a Header,
    columns: &'a [Column],
    p: &mut Problems<'_>,
) -> Vec<Line<'a>> {
    lines_of(sheet, header, columns, p, false)
}

/// [`lines`] for a sheet whose records may take several rows (维修记录, a part a row): a row
/// repeating an earlier row's key (the first column) needs only that key; its other required
/// cells come from the record's first row.
pub fn lines_continued<'a>(
    sheet: &'a RawSheet,
    header: &'a Header,
    columns: &'a [Column],
    p: &mut Problems<'_>,
) -> Vec<Line<'a>> {
    lines_of(sheet, header, columns, p, true)
}

fn lines_of<'a>(
    sheet: &'a RawSheet,
    header: &'a Header,
    columns: &'a [Column],
    p: &mut Problems<'_>,
    continued: bool,
) -> Vec<Line<'a>> {
    let rows = sheet.rows.get(header.row_index + 1..).unwrap_or_default();
    lines_from(rows, header, columns, p, &mut LineState { continued, ..LineState::default() })
}

/// Where [`lines_from`] is in a sheet read in chunks.
#[derive(Default)]
pub struct LineState {
    /// Records may take several rows ([`lines_continued`]).
    pub continued: bool,
    /// The required columns were checked (on the first chunk).
    header_checked: bool,
    /// The signature block was reached: no records after it.
    ended: bool,
    keys: std::collections::HashSet<String>,
}

/// [`lines`] over the next data rows of a sheet (`rows`: after its header), for a sheet read in
/// chunks; `state` carries what one chunk tells the next.
pub fn lines_from<'a>(
    rows: &'a [RawRow],
    header: &'a Header,
    columns: &'a [Column],
    p: &mut Problems<'_>,
    state: &mut LineState,
) -> Vec<Line<'a>> {
    if !state.header_checked {
        state.header_checked = true;
        for (i, c) in columns.iter().enumerate() {
            if c.required && header.mapped[i].is_none() {
                p.add(
                    Some(header.row_number),
                    Some(c.header),
                    None,
                    "缺少必填列，请在表头中加上这一列".into(),
                    "a required column is missing from the header row".into(),
                );
            }
        }
    }
    let mut out = Vec::new();
    if state.ended {
        return out;
    }
    for row in rows {
        if row.is_empty() {
            continue;
        }
        // A printed export ends with its signature block: no records after it.
        if super::writer::starts_signatures(&row.cell(0).text()) {
            state.ended = true;
            break;
        }
        let line = Line { row, header, columns };
        let mut complete = true;
        let key = columns.first().and_then(|c| line.text(c.key));
        let continuation = state.continued && key.as_ref().is_some_and(|k| !state.keys.insert(k.clone()));
        for (i, c) in columns.iter().enumerate() {
            if continuation && i > 0 {
                break;
            }
            if c.required && line.cell_at(i).is_none_or(Cell::is_empty) {
                if header.mapped[i].is_none() {
                    continue;
                }
                complete = false;
                p.add(
                    Some(row.number),
                    Some(&line.header_of(c.key)),
                    None,
                    "必填项为空：此行只填写了一部分，请补全或删除该行".into(),
                    "required value is missing: the row is only half filled; complete it or delete it".into(),
                );
            }
        }
        if complete {
            out.push(line);
        }
    }
    out
}

/// 资产登记 row: the tag and each given column's value as canonical text (dates as
/// `yyyy-mm-dd`), ready for [`crate::model::Asset::apply`].
#[derive(Debug, Clone)]
pub struct AssetRow {
    pub row: u32,
    pub tag: String,
    pub values: Vec<(AssetField, String)>,
    /// The header text of each field, for messages (one list shared by the sheet's rows).
    pub headers: std::sync::Arc<Vec<(AssetField, String)>>,
    /// A new asset with this row's values applied, position fields aside: what an insert
    /// starts from, so a new row is parsed once.
    pub fresh: crate::model::Asset,
}

impl AssetRow {
    pub fn get(&self, f: AssetField) -> Option<&str> {
        self.values.iter().find(|(k, _)| *k == f).map(|(_, v)| v.as_str())
    }

    pub fn has(&self, f: AssetField) -> bool {
        self.values.iter().any(|(k, _)| *k == f)
    }

    pub fn header(&self, f: AssetField) -> String {
        self.headers.iter().find(|(k, _)| *k == f).map(|(_, h)| h.clone()).unwrap_or_else(|| f.header_zh().into())
    }
}

pub fn assets(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<AssetRow> {
    let mut out = Vec::with_capacity(lines.len());
    let Some(first) = lines.first() else { return out };
    // The sheet's columns are AssetField::ALL in order (sheets::asset_columns); look them up once.
    let present: Vec<(usize, AssetField)> =
        AssetField::ALL.iter().copied().enumerate().filter(|(i, _)| first.header.mapped[*i].is_some()).collect();
    let headers: std::sync::Arc<Vec<(AssetField, String)>> =
        std::sync::Arc::new(present.iter().map(|(_, f)| (*f, first.header_of(f.key()))).collect());
    let header = |f: AssetField| headers.iter().find(|(k, _)| *k == f).map(|(_, h)| h.as_str()).unwrap_or("");
    for line in lines {
        // Each value is tried on the row's new asset now, so every bad cell of a row is reported.
        let mut scratch = crate::model::Asset::new("");
        let mut ok = true;
        let mut values = Vec::with_capacity(present.len());
        for &(i, f) in &present {
            let Some(cell) = line.cell_at(i) else { continue };
            let text = match f.kind() {
                FieldKind::Date => cell.date().map(|d| d.map(crate::db::day).unwrap_or_default()),
                _ => Ok(cell.text()),
            };
            match text {
                Ok(t) => {
                    let tried =
                        if f.is_position() { crate::model::Asset::new("").apply(f, &t) } else { scratch.apply(f, &t) };
                    if let Err(e) = tried {
                        ok = false;
                        p.add(Some(line.row.number), Some(header(f)), Some(&t), reason_of(&e, p.lang), reason_en(&e));
                    }
                    values.push((f, t));
                }
                Err(reason) => {
                    ok = false;
                    p.add(Some(line.row.number), Some(header(f)), Some(&cell.text()), reason.clone(), reason);
                }
            }
        }
        if ok {
            let tag =
                values.iter().find(|(f, _)| *f == AssetField::AssetTag).map(|(_, v)| v.clone()).unwrap_or_default();
            out.push(AssetRow { row: line.row.number, tag, values, headers: headers.clone(), fresh: scratch });
        }
    }
    out
}

/// The reason part of a value error (the location is in the problem's own fields).
pub fn reason_of(e: &crate::error::Error, lang: Lang) -> String {
    match (e, lang) {
        (crate::error::Error::InvalidValue { reason, .. }, Lang::Zh) => reason.clone(),
        (crate::error::Error::MissingField { .. }, Lang::Zh) => "必填项为空".into(),
        _ => e.message(lang),
    }
}

fn reason_en(e: &crate::error::Error) -> String {
    e.message(Lang::En)
}

/// 机房 row.
#[derive(Debug, Clone)]
pub struct RoomRow {
    pub row: u32,
    pub name: String,
    pub location: Option<String>,
    pub note: Option<String>,
}

pub fn rooms(lines: &[Line<'_>]) -> Vec<RoomRow> {
    lines
        .iter()
        .map(|l| RoomRow {
            row: l.row.number,
            name: l.text("name").unwrap_or_default(),
            location: l.text("location"),
            note: l.text("note"),
        })
        .collect()
}

/// Parses optional cells of a line, recording problems.
pub(crate) struct Fields<'l, 'a, 'p, 'q> {
    pub line: &'l Line<'a>,
    pub p: &'p mut Problems<'q>,
    pub ok: bool,
}

impl Fields<'_, '_, '_, '_> {
    pub(crate) fn bad(&mut self, key: &str, reason: String) {
        self.ok = false;
        let value = self.line.text(key);
        let header = self.line.header_of(key);
        self.p.add(Some(self.line.row.number), Some(&header), value.as_deref(), reason.clone(), reason);
    }

    pub(crate) fn num(&mut self, key: &str) -> Option<f64> {
        let t = self.line.text(key)?;
        match parse::number(&t) {
            Ok(v) if v >= 0.0 => Some(v),
            Ok(_) => {
                self.bad(key, format!("“{t}”不能为负数"));
                None
            }
            Err(r) => {
                self.bad(key, r);
                None
            }
        }
    }

    pub(crate) fn int(&mut self, key: &str) -> Option<i64> {
        let t = self.line.text(key)?;
        match parse::uint(&t) {
            Ok(v) => Some(i64::from(v)),
            Err(r) => {
                self.bad(key, r);
                None
            }
        }
    }

    /// kW as people write it (`4.4`, `4.4kW`, `4400W`) → W.
    fn kw(&mut self, key: &str) -> Option<i64> {
        let t = self.line.text(key)?;
        match parse::kw(&t) {
            Ok(w) => Some(w),
            Err(r) => {
                self.bad(key, r);
                None
            }
        }
    }

    fn level(&mut self, key: &str) -> Option<f64> {
        let t = self.line.text(key)?;
        match parse::level(&t) {
            // Four decimals: `85` must give back exactly the 0.85 it was exported from.
            Ok(v) => Some((v * 10_000.0).round() / 10_000.0),
            Err(r) => {
                self.bad(key, r);
                None
            }
        }
    }

    pub(crate) fn datetime(&mut self, key: &str) -> Option<NaiveDateTime> {
        let cell = self.line.cell(key)?;
        match cell.datetime() {
            Ok(v) => v,
            Err(r) => {
                self.bad(key, r);
                None
            }
        }
    }
}

/// 列头柜 row; None fields were empty (or their column absent: see `Header`).
#[derive(Debug, Clone)]
pub struct RowHeadRow {
    pub row: u32,
    pub code: String,
    pub room: String,
    pub row_label: Option<String>,
    pub capacity_w: i64,
    pub voltage_v: Option<i64>,
    pub phases: Option<i64>,
    pub warning: Option<f64>,
    pub alarm: Option<f64>,
    pub note: Option<String>,
}

pub fn row_heads(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<RowHeadRow> {
    let mut out = Vec::new();
    for line in lines {
        let mut f = Fields { line, p, ok: true };
        let capacity_w = f.kw("capacity_kw").unwrap_or(0);
        if f.ok && capacity_w <= 0 {
            f.bad("capacity_kw", "额定容量应大于 0".into());
        }
        let voltage_v = f.int("voltage_v");
        let phases = f.int("phases");
        if phases.is_some_and(|v| !matches!(v, 1 | 3)) {
            f.bad("phases", "相数应为 1 或 3".into());
        }
        let warning = f.level("warning");
        let alarm = f.level("alarm");
        if f.ok {
            out.push(RowHeadRow {
                row: line.row.number,
                code: line.text("code").unwrap_or_default(),
                room: line.text("room").unwrap_or_default(),
                row_label: line.text("row"),
                capacity_w,
                voltage_v,
                phases,
                warning,
                alarm,
                note: line.text("note"),
            });
        }
    }
    out
}

/// 机柜 row.
#[derive(Debug, Clone)]
pub struct CabinetRow {
    pub row: u32,
    pub code: String,
    pub room: String,
    pub row_label: Option<String>,
    pub u_height: u32,
    pub rated_w: i64,
    pub feed_a: Option<String>,
    pub feed_a_branch: Option<String>,
    pub feed_a_breaker: Option<f64>,
    pub feed_b: Option<String>,
    pub feed_b_branch: Option<String>,
    pub feed_b_breaker: Option<f64>,
    pub owner: Option<String>,
    pub warning: Option<f64>,
    pub alarm: Option<f64>,
    pub note: Option<String>,
}

pub fn cabinets(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<CabinetRow> {
    let mut out = Vec::new();
    for line in lines {
        let mut f = Fields { line, p, ok: true };
        let u = f.int("u_height").unwrap_or(i64::from(crate::model::DEFAULT_CABINET_U));
        if f.ok && !(1..=i64::from(crate::model::MAX_U)).contains(&u) {
            f.bad("u_height", format!("U数应在 1 到 {} 之间", crate::model::MAX_U));
        }
        let rated_w = f.kw("rated_kw").unwrap_or(0);
        let feed_a_breaker = f.num("feed_a_breaker");
        let feed_b_breaker = f.num("feed_b_breaker");
        for key in ["feed_a_breaker", "feed_b_breaker"] {
            if line.text(key).is_some() && f.ok && [feed_a_breaker, feed_b_breaker].contains(&Some(0.0)) {
                f.bad(key, "开关电流应大于 0".into());
            }
        }
        let warning = f.level("warning");
        let alarm = f.level("alarm");
        if line.text("feed_b").is_some() && line.text("feed_a").is_none() {
            f.bad("feed_b", "有 B 路时必须先填 A 路列头柜".into());
        }
        if let (Some(w), Some(a)) = (warning, alarm) {
            if w >= a {
                f.bad("warning", format!("预警阈值（{:.0}%）应低于告警阈值（{:.0}%）", w * 100.0, a * 100.0));
            }
        }
        if f.ok {
            out.push(CabinetRow {
                row: line.row.number,
                code: line.text("code").unwrap_or_default(),
                room: line.text("room").unwrap_or_default(),
                row_label: line.text("row"),
                u_height: u.clamp(1, i64::from(crate::model::MAX_U)) as u32,
                rated_w,
                feed_a: line.text("feed_a"),
                feed_a_branch: line.text("feed_a_branch"),
                feed_a_breaker,
                feed_b: line.text("feed_b"),
                feed_b_branch: line.text("feed_b_branch"),
                feed_b_breaker,
                owner: line.text("owner"),
                warning,
                alarm,
                note: line.text("note"),
            });
        }
    }
    out
}

/// 功率读数 row.
#[derive(Debug, Clone)]
pub struct ReadingRow {
    pub row: u32,
    pub cabinet: String,
    pub at: NaiveDateTime,
    pub measured_w: i64,
    pub amps_a: Option<f64>,
    pub amps_b: Option<f64>,
    pub operator: Option<String>,
    pub note: Option<String>,
}

pub fn readings(lines: &[Line<'_>], p: &mut Problems<'_>) -> Vec<ReadingRow> {
    let mut out = Vec::new();
    for line in lines {
        let mut f = Fields { line, p, ok: true };
        let at = f.datetime("at");
        let kw_w = f.kw("kw");
        let amps_a = f.num("amps_a");
        let amps_b = f.num("amps_b");
        let measured_w = match (kw_w, amps_a, amps_b) {
            (Some(w), _, _) => Some(w),
            (None, Some(a), Some(b)) => Some(crate::power::calc::watts_from_amps(a, b)),
            _ => None,
        };
        if f.ok && measured_w.is_none() {
            f.bad("kw", "请填写实测功率(kW)，或同时填写 A路电流(A) 和 B路电流(A)".into());
        }
        if let (true, Some(at), Some(measured_w)) = (f.ok, at, measured_w) {
            out.push(ReadingRow {
                row: line.row.number,
                cabinet: line.text("cabinet").unwrap_or_default(),
                at,
                measured_w,
                amps_a,
                amps_b,
                operator: line.text("operator"),
                note: line.text("note"),
            });
        }
    }
    out
}

/// Whether `kind`'s sheet has the column `key` (for "absent column keeps the stored value").
pub fn has_column(header: &Header, kind: SheetKind, key: &str) -> bool {
    kind.columns().iter().position(|c| c.key == key).and_then(|i| header.mapped[i].as_ref()).is_some()
}
