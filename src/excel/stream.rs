//! An .xlsx read on a thread of its own and handed over row by row, so the import checks and
//! writes the first rows while the reader is still inflating and parsing the last (issue 18:
//! the read and the writes each cost about as much as the bare read; one after the other they
//! were twice the goal).
//!
//! The reader first reads the top rows of every sheet (a probe) and recognises each sheet from
//! them, with merged regions filled as the whole read fills them. When every sheet is one the
//! import knows by its first rows (no form, nothing unrecognised), it sends the sheets in the
//! whole-site order ([`SheetKind::ALL`]: a 资产登记 row may name a 机柜 of a later sheet), each
//! as [`Streamed::Sheet`] followed by its rows in chunks. Anything else — another format, a
//! filled form, a sheet it cannot tell — is read whole as before and sent as
//! [`Streamed::Whole`], so the import takes its old path for it.

use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

use calamine::{open_workbook_auto, DataRef, Dimensions, Reader, Sheets};

use super::read::{self, Cell, RawRow, RawSheet};
use super::sheets::{recognise, Header, SheetKind};
use super::validate::{self, AssetRow, LineState, Problems};
use super::Problem;
use crate::error::Error;
use crate::i18n::Lang;

/// Rows per [`Streamed::Rows`]: enough to keep a channel's overhead out of the figures, few
/// enough that the writes start early.
pub const CHUNK_ROWS: usize = 1024;
/// Rows read to recognise a sheet: the header search (20 rows) and the 40 rows a 附件2 form's
/// labels are looked for in.
const PROBE_ROWS: u32 = 40;

/// What the reader sends, in order.
#[derive(Debug)]
pub enum Streamed {
    /// The workbook, read whole: not one the import streams.
    Whole(Vec<RawSheet>),
    /// A sheet begins; its rows follow. `rows`: how many rows its dimension announces (for a
    /// progress bar; a file may say anything there).
    Sheet { name: String, kind: SheetKind, rows: usize },
    /// The next rows of the current sheet, in order, blank rows included, merged regions
    /// filled. The first chunk of a sheet holds at least its first 40 rows.
    Rows(Vec<RawRow>),
    /// A 资产登记 sheet's header row, found in its first chunk (None: it has none). Its rows
    /// come as [`Streamed::Assets`], their cells checked.
    Header(Option<Header>),
    /// The next rows of a 资产登记 sheet, each cell checked ([`validate::assets`]): the rows
    /// without a problem, the problems, and how many sheet rows they came from.
    Assets { rows: Vec<AssetRow>, problems: Vec<Problem>, read: usize },
    /// Reading failed part way (the import rolls back what it wrote).
    Failed(Error),
    /// Every sheet was sent. A channel that closes without it (the reader panicked) is a
    /// failed read, never a short file.
    End,
}

/// Reads the workbook at `path` into `send` (see the module). Stops quietly when the receiver
/// is gone (the import stopped on an error of its own).
pub fn stream_workbook(path: &Path, lang: Lang, send: SyncSender<Streamed>) {
    let bad = |reason: String| Error::Workbook { path: path.display().to_string(), reason };
    let whole = |send: &SyncSender<Streamed>| {
        let _ = send.send(match read::read_workbook(path) {
            Ok(sheets) => Streamed::Whole(sheets),
            Err(e) => Streamed::Failed(e),
        });
    };
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv || !path.exists() || read::check_file(path).is_err() {
        // read_workbook says what is wrong with it.
        return whole(&send);
    }
    let mut wb = match open_workbook_auto(path) {
        Ok(Sheets::Xlsx(x)) => x,
        _ => return whole(&send),
    };
    let names = wb.sheet_names().to_vec();
    if names.is_empty() {
        return whole(&send);
    }
    // The merged regions come from a second reader (it inflates every sheet to their end).
    // This one reads the probes meanwhile, and then the first sheet, holding its rows back
    // until the regions are known: they fill its rows, and could change what a probe is
    // recognised as (then the workbook is read whole after all).
    std::thread::scope(|s| {
        let scan =
            std::thread::Builder::new().name("xlsx-merges".into()).spawn_scoped(s, || read::xlsx_merges(path, &names));
        let probes: std::result::Result<Vec<_>, String> =
            names.iter().map(|n| read_rows(&mut wb, n, Some(PROBE_ROWS), &mut |_| true)).collect();
        let (Ok(scan), Ok(mut probes)) = (scan, probes) else { return whole(&send) };
        let mut merges = Merges::Scanning(scan);
        let order = match order(&probes) {
            Some(o) => o,
            None => {
                // Perhaps a merged header cell: recognise the probes with the regions filled.
                let Some(m) = merges.known(&mut probes) else { return whole(&send) };
                merges = Merges::Known(m);
                match self::order(&probes) {
                    Some(o) => o,
                    None => return whole(&send),
                }
            }
        };
        for &(i, kind) in &order {
            let name = &names[i];
            let rows = wb.worksheet_cells_reader(name).map(|r| r.dimensions().end.0 as usize + 1).unwrap_or(0);
            let sheet = Streamed::Sheet { name: name.clone(), kind, rows };
            let mut sheet = Some(sheet);
            let mut fill = None;
            if let Merges::Known(m) = &merges {
                let Some(announce) = sheet.take() else { return };
                if send.send(announce).is_err() {
                    return;
                }
                fill = Some(Fill::new(&m[i]));
            }
            // Called with rows held back: the fill once the regions are known (the sheet is
            // announced then), None to hold on, Some(None) to give up streaming.
            let mut resolve = |wait: bool| -> Option<Option<Fill>> {
                if !wait && merges.scanning() {
                    return None;
                }
                let Some(m) = merges.known(&mut probes) else { return Some(None) };
                merges = Merges::Known(m);
                if self::order(&probes).as_ref() != Some(&order) {
                    return Some(None);
                }
                let Merges::Known(m) = &merges else { return Some(None) };
                let announced = sheet.take().is_none_or(|sheet| send.send(sheet).is_ok());
                announced.then(|| Some(Fill::new(&m[i])))
            };
            let sent = if kind == SheetKind::Assets {
                // A third thread checks the rows' cells while this one reads the next: the
                // import's own thread is left with the plan and the writes.
                let (rows_send, rows_receive) = std::sync::mpsc::sync_channel::<Vec<RawRow>>(2);
                let out = send.clone();
                std::thread::scope(|s| {
                    let checker = std::thread::Builder::new()
                        .name("xlsx-check".into())
                        .spawn_scoped(s, move || check_assets(name, lang, rows_receive, out));
                    let sent = send_rows(&mut wb, name, fill, &mut resolve, &rows_send, |rows| rows);
                    drop(rows_send);
                    let checked = checker.map(|c| c.join().unwrap_or(false)).unwrap_or(false);
                    sent.map(|sent| if sent == Sent::All && !checked { Sent::Gone } else { sent })
                })
            } else {
                send_rows(&mut wb, name, fill, &mut resolve, &send, Streamed::Rows)
            };
            match sent {
                Ok(Sent::All) => {}
                // The import stopped.
                Ok(Sent::Gone) => return,
                // Nothing was sent yet: the first sheet held its rows back.
                Ok(Sent::GaveUp) => return whole(&send),
                Err(reason) => {
                    let _ = send.send(Streamed::Failed(bad(reason)));
                    return;
                }
            }
        }
        let _ = send.send(Streamed::End);
    });
}

/// The merged regions of every sheet: being found by the second reader, or known.
enum Merges<'s> {
    Scanning(std::thread::ScopedJoinHandle<'s, Option<Vec<Vec<Dimensions>>>>),
    Known(Vec<Vec<Dimensions>>),
    Failed,
}

impl Merges<'_> {
    fn scanning(&self) -> bool {
        matches!(self, Merges::Scanning(h) if !h.is_finished())
    }

    /// Waits for the regions (None: the second reader could not find them) and fills them
    /// over the probes.
    fn known(&mut self, probes: &mut [RawSheet]) -> Option<Vec<Vec<Dimensions>>> {
        let m = match std::mem::replace(self, Merges::Failed) {
            Merges::Scanning(h) => h.join().ok().flatten()?,
            Merges::Known(m) => return Some(m),
            Merges::Failed => return None,
        };
        for (probe, regions) in probes.iter_mut().zip(&m) {
            Fill::new(regions).rows(&mut probe.rows);
        }
        Some(m)
    }
}

/// How [`send_rows`] ended.
#[derive(Debug, PartialEq, Eq)]
enum Sent {
    All,
    /// The receiver is gone.
    Gone,
    /// `resolve` gave up before anything was sent.
    GaveUp,
}

/// Reads a sheet's rows and sends them in chunks of [`CHUNK_ROWS`] (the first holds at least
/// the probe's rows, so the header is in it), merged regions filled. Without a `fill`, rows
/// are held back until `resolve` gives one (see `stream_workbook`).
fn send_rows<RS: std::io::Read + std::io::Seek, T>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
    mut fill: Option<Fill>,
    resolve: &mut dyn FnMut(bool) -> Option<Option<Fill>>,
    send: &SyncSender<T>,
    wrap: impl Fn(Vec<RawRow>) -> T,
) -> std::result::Result<Sent, String> {
    let mut held: Vec<Vec<RawRow>> = Vec::new();
    let mut chunk: Vec<RawRow> = Vec::with_capacity(CHUNK_ROWS);
    let mut sent = Sent::All;
    // Sends the held chunks and `rows`, filled; false when the rows cannot go.
    let mut flush = |fill: &mut Option<Fill>, rows: Vec<RawRow>, wait: bool, sent: &mut Sent| -> bool {
        if fill.is_none() {
            match resolve(wait) {
                None => {
                    held.push(rows);
                    return true;
                }
                Some(None) => {
                    *sent = Sent::GaveUp;
                    return false;
                }
                Some(Some(f)) => *fill = Some(f),
            }
        }
        let Some(f) = fill.as_mut() else { return false };
        let last = (!rows.is_empty()).then_some(rows);
        for mut rows in held.drain(..).chain(last) {
            f.rows(&mut rows);
            if send.send(wrap(rows)).is_err() {
                *sent = Sent::Gone;
                return false;
            }
        }
        true
    };
    read_rows(wb, name, None, &mut |row| {
        chunk.push(row);
        if chunk.len() < CHUNK_ROWS || chunk.len() as u32 <= PROBE_ROWS {
            return true;
        }
        let rows = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ROWS));
        flush(&mut fill, rows, false, &mut sent)
    })?;
    if sent == Sent::All && (!chunk.is_empty() || fill.is_none()) {
        flush(&mut fill, chunk, true, &mut sent);
    }
    Ok(sent)
}

/// Checks the cells of a 资产登记 sheet's rows as they come (what [`validate::assets`] checks
/// on the import's own thread for a sheet read whole), sending its header, then each chunk's
/// asset rows and problems. False when the import stopped.
fn check_assets(name: &str, lang: Lang, rows: Receiver<Vec<RawRow>>, out: SyncSender<Streamed>) -> bool {
    let columns = SheetKind::Assets.columns();
    // No rows at all: the import finds no header itself.
    let Ok(first) = rows.recv() else { return true };
    let sheet = RawSheet { name: name.to_string(), rows: first };
    let header = recognise(&sheet).and_then(|r| r.header);
    if out.send(Streamed::Header(header.clone())).is_err() {
        return false;
    }
    let Some(header) = header else {
        // The import reports the missing header; the rest of the sheet is read and let go.
        rows.iter().for_each(drop);
        return true;
    };
    let mut state = LineState::default();
    let mut check = |raw: &[RawRow], read: usize| -> bool {
        let mut problems = Vec::new();
        let mut p = Problems { sheet: name, lang, list: &mut problems };
        let lines = validate::lines_from(raw, &header, &columns, &mut p, &mut state);
        let assets = validate::assets(&lines, &mut p);
        out.send(Streamed::Assets { rows: assets, problems, read }).is_ok()
    };
    if !check(sheet.rows.get(header.row_index + 1..).unwrap_or_default(), sheet.rows.len()) {
        return false;
    }
    rows.iter().all(|chunk| check(&chunk, chunk.len()))
}

/// The sheets in the order they are imported, with their kinds; None when a sheet is not
/// recognised from its first rows, or the workbook is a filled form (the whole read decides).
fn order(probes: &[RawSheet]) -> Option<Vec<(usize, SheetKind)>> {
    if super::inspection::inspection_form(probes).is_some() || probes.iter().any(maybe_request_form) {
        return None;
    }
    let mut kinds = Vec::with_capacity(probes.len());
    for (i, p) in probes.iter().enumerate() {
        let kind = recognise(p)?.kind;
        if matches!(kind, SheetKind::InspectionPoints | SheetKind::InspectionDevices) {
            return None;
        }
        kinds.push((i, kind));
    }
    // Sheets of one kind keep their order in the file.
    kinds.sort_by_key(|(_, k)| SheetKind::ALL.iter().position(|a| a == k));
    Some(kinds)
}

/// Whether a sheet's first 40 rows may be a 附件2 (`requests::request_form` looks for its
/// labels there, and for its table header anywhere: the whole read decides).
fn maybe_request_form(probe: &RawSheet) -> bool {
    probe.rows.iter().any(|r| r.cell(0).text().contains("申请单位"))
}

/// Reads a sheet's rows in order with calamine's cell stream, from the first row with a value
/// (blank rows between included, so numbers stay true), giving each to `row` until it answers
/// false; with `limit`, only that many rows. Rows must come in order, as every writer puts
/// them: a row after a later one is refused.
fn read_rows<RS: std::io::Read + std::io::Seek>(
    wb: &mut calamine::Xlsx<RS>,
    name: &str,
    limit: Option<u32>,
    row: &mut dyn FnMut(RawRow) -> bool,
) -> std::result::Result<RawSheet, String> {
    let mut probe = RawSheet { name: name.to_string(), rows: Vec::new() };
    let mut reader = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        // A chart sheet has no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(probe),
        Err(e) => return Err(format!("无法读取工作表“{name}”：{e}")),
    };
    let mut give = |r: RawRow, probe: &mut RawSheet| -> bool {
        if limit.is_some() {
            probe.rows.push(r);
            true
        } else {
            row(r)
        }
    };
    let mut first: Option<u32> = None;
    // The row being filled: its 0-based index and cells.
    let mut current: Option<(u32, Vec<Cell>)> = None;
    while let Some(c) = reader.next_cell().map_err(|e| format!("无法读取工作表“{name}”：{e}"))? {
        let (r, col) = c.get_position();
        let cell = match c.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(t) => read::check_len(name, r, col, t).map(|_| Cell::Text(t.to_string()))?,
            DataRef::String(t) => read::check_len(name, r, col, t).map(|_| Cell::Text(t.clone()))?,
            other => read::convert(&calamine::Data::from(other.clone())),
        };
        let first = *first.get_or_insert(r);
        if let Some(limit) = limit {
            if r >= first.saturating_add(limit) {
                break;
            }
        }
        match &mut current {
            Some((at, _)) if *at == r => {}
            Some((at, _)) if *at > r => {
                return Err(format!(
                    "工作表“{name}”的第 {} 行出现在第 {} 行之后，行的顺序错乱，请在 Excel 中打开并另存后再导入",
                    r + 1,
                    *at + 1
                ))
            }
            _ => {
                let next = current.as_ref().map_or(first, |(at, _)| at + 1);
                if let Some((at, cells)) = current.take() {
                    if !give(RawRow { number: at + 1, cells }, &mut probe) {
                        return Ok(probe);
                    }
                }
                for blank in next..r {
                    if !give(RawRow { number: blank + 1, cells: Vec::new() }, &mut probe) {
                        return Ok(probe);
                    }
                }
                current = Some((r, Vec::new()));
            }
        }
        if let Some((_, cells)) = &mut current {
            let col = col as usize;
            if cells.len() <= col {
                cells.resize(col + 1, Cell::Empty);
            }
            cells[col] = cell;
        }
    }
    if let Some((at, cells)) = current.take() {
        give(RawRow { number: at + 1, cells }, &mut probe);
    }
    Ok(probe)
}

/// Fills merged regions over rows that come in order, chunk after chunk: the top-left value of
/// a region is kept when its row passes and copied over the region's cells in later rows, as
/// [`read::fill_merges`] does over a whole sheet.
struct Fill {
    /// The regions not begun yet, by top row, last first.
    waiting: Vec<Dimensions>,
    /// The regions the rows are in, with their top-left value (None: empty, nothing to fill).
    active: Vec<(Dimensions, Option<Cell>)>,
}

impl Fill {
    fn new(regions: &[Dimensions]) -> Fill {
        let mut waiting = regions.to_vec();
        waiting.sort_by_key(|d| std::cmp::Reverse(d.start.0));
        Fill { waiting, active: Vec::new() }
    }

    fn rows(&mut self, rows: &mut [RawRow]) {
        for row in rows.iter_mut() {
            let r = row.number.saturating_sub(1);
            // The same caps as the whole read: a merge over a whole column fills no million rows.
            self.active.retain(|(m, _)| r <= m.end.0.min(m.start.0.saturating_add(100_000)));
            while self.waiting.last().is_some_and(|m| m.start.0 <= r) {
                let Some(m) = self.waiting.pop() else { break };
                // A region whose top row is above the sheet's first row has no value.
                let value = (m.start.0 == r).then(|| row.cell(m.start.1 as usize).clone()).filter(|v| !v.is_empty());
                if value.is_some() && r <= m.end.0 {
                    self.active.push((m, value));
                }
            }
            for (m, value) in &self.active {
                let Some(v) = value else { continue };
                let (r1, c1) = m.start;
                for c in c1..=m.end.1.min(c1.saturating_add(200)) {
                    let c = c as usize;
                    if row.cells.len() <= c {
                        row.cells.resize(c + 1, Cell::Empty);
                    }
                    if (r, c as u32) != (r1, c1) {
                        row.cells[c] = v.clone();
                    }
                }
            }
        }
    }
}
