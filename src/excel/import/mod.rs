//! The import: plan every sheet against the database, check across rows and sheets, and, only
//! when nothing is wrong, write it all in one transaction (rolled back for a dry run).
//!
//! The walk: [`import_file`] reads the workbook (a filled 附件1 or 附件2 form goes to its own
//! import); [`import_sheets`] recognises each sheet, loads what is stored once ([`known`]),
//! plans each sheet by its kind ([`plan`]), checks the asset rows together against the
//! placement engine ([`together`]), counts and diffs the result ([`report`]), and, when
//! nothing is wrong, writes it all in one transaction ([`apply`]).
//!
//! Sheets are planned in the whole-site order — 机房, 列头柜, 机柜, 资产登记, 功率读数 — so a
//! row may refer to a room, row-head or cabinet that an earlier sheet of the same workbook
//! defines. Upserts are keyed on 机房名称, 列头柜编号, 机柜编号 and 资产编号; readings are
//! appended (one identical to a stored reading of the same cabinet and time is skipped).
//! Power never blocks an import: after the writes, the cabinets and row-heads it touched that
//! are at warning or worse are listed as warnings.

mod apply;
mod known;
mod plan;
mod report;
mod together;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::Receiver;

use crate::db::Connection;
use serde::Serialize;
use serde_json::Value;

use self::apply::{apply_after_assets, apply_before_assets, power_warnings, AssetWriter};
use self::known::{load, Known};
use self::plan::{Plan, Planner};
use self::report::count;
use self::together::check_assets_together;
use super::read::{RawRow, RawSheet};
use super::records;
use super::sheets::{recognise, Column, Header, SheetKind};
use super::stream::{stream_workbook, Streamed};
use super::validate::{self, AssetRow, LineState, Problems};
use super::{msg, Problem, Progress, Stage};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::{global_levels, Ctx, Ledger};
use crate::placement::{Reserved, Snapshot};
use crate::power::Levels;

/// What an import did (or, in a dry run, would do), as the command line prints it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    pub ok: bool,
    pub dry_run: bool,
    pub sheets: Vec<SheetReport>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// The racking request a filled 附件2 created.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub request_no: Option<String>,
    /// The inspection a filled 附件1 marked.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub inspection_no: Option<String>,
}

impl ImportReport {
    /// A refused import: nothing was written, so a real import reports no row inserted, updated
    /// or unchanged; a dry run keeps the counts of what the file would do once put right.
    pub fn refused(dry_run: bool, mut sheets: Vec<SheetReport>, errors: Vec<Problem>, warnings: Vec<Problem>) -> Self {
        if !dry_run {
            for s in &mut sheets {
                s.inserted = 0;
                s.updated = 0;
                s.unchanged = 0;
                s.changes.clear();
            }
        }
        ImportReport { ok: false, dry_run, sheets, errors, warnings, request_no: None, inspection_no: None }
    }
}

/// One sheet's counts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SheetReport {
    pub sheet: String,
    pub kind: SheetKind,
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub ignored_columns: Vec<String>,
    /// Each inserted or updated row, with the fields an update changes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<RowChange>>", optional))]
    pub changes: Vec<RowChange>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowChange {
    pub row: u32,
    pub key: String,
    /// `insert` or `update`.
    #[cfg_attr(feature = "ts", ts(type = "'insert' | 'update'"))]
    pub action: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<FieldDiff>>", optional))]
    pub fields: Vec<FieldDiff>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FieldDiff {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// A recognised sheet and its report.
pub(super) struct Found {
    name: String,
    kind: SheetKind,
    header: Option<Header>,
    report: SheetReport,
    /// Its non-blank rows after the header (a 功率读数 sheet's unchanged rows are counted
    /// from them).
    data_rows: usize,
}

/// Reads, checks and (unless there is an error, or `dry_run`) imports the workbook at `path`.
/// A file that cannot be read gives a report with that error, not an `Err`: `Err` is kept for
/// the database failing.
///
/// An .xlsx is read on a second thread ([`crate::excel::stream`]) while this one checks and
/// writes its rows inside the open transaction; any error anywhere rolls the whole import
/// back, so a file with an error still writes nothing.
pub fn import_file(
    ledger: &mut Ledger,
    ctx: &Ctx,
    path: &Path,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    progress(Progress { stage: Stage::Reading, done: 0, total: 1 });
    let (send, receive) = std::sync::mpsc::sync_channel::<Streamed>(4);
    std::thread::scope(|s| {
        let lang = ledger.lang;
        let reader = std::thread::Builder::new().name("xlsx-read".into());
        reader
            .spawn_scoped(s, move || stream_workbook(path, lang, send))
            .map_err(|e| Error::Io { path: path.display().to_string(), source: e })?;
        // The receiver goes with the call: when it returns early, the reader's next send fails
        // and the reader stops, so the scope does not wait for the rest of the file.
        import_streamed(ledger, ctx, path, receive, dry_run, progress)
    })
}

fn unreadable(lang: Lang, dry_run: bool, e: Error) -> Result<ImportReport> {
    match e {
        Error::Workbook { .. } | Error::Io { .. } => Ok(ImportReport {
            ok: false,
            dry_run,
            sheets: Vec::new(),
            errors: vec![Problem { sheet: None, row: None, column: None, value: None, message: e.message(lang) }],
            warnings: Vec::new(),
            request_no: None,
            inspection_no: None,
        }),
        e => Err(e),
    }
}

fn import_streamed(
    ledger: &mut Ledger,
    ctx: &Ctx,
    path: &Path,
    receive: Receiver<Streamed>,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let lang = ledger.lang;
    let stopped = || Error::Workbook { path: path.display().to_string(), reason: "读取中断".into() };
    let (name, kind, rows) = match receive.recv() {
        Ok(Streamed::Whole(raw)) => {
            progress(Progress { stage: Stage::Reading, done: 1, total: 1 });
            // A filled 附件1 is a form too: its marks go on an inspection.
            if let Some(form) = super::inspection::inspection_form(&raw) {
                return super::inspection::import_inspection_form(ledger, ctx, &form, dry_run);
            }
            // A filled 附件2 is a form, not sheets of records: it files a racking request.
            if let Some(form) = super::requests::request_form(&raw) {
                return super::requests::import_request_form(ledger, ctx, form, dry_run);
            }
            return import_sheets(ledger, ctx, &raw, dry_run, progress);
        }
        Ok(Streamed::Failed(e)) => return unreadable(lang, dry_run, e),
        Ok(Streamed::Sheet { name, kind, rows }) => (name, kind, rows),
        Ok(Streamed::Rows(_) | Streamed::Header(_) | Streamed::Assets { .. } | Streamed::End) | Err(_) => {
            return unreadable(lang, dry_run, stopped())
        }
    };
    progress(Progress { stage: Stage::Reading, done: 1, total: 1 });
    // The role check is per sheet, as each one comes (below).
    let tx = ledger.write(&[])?;
    let known = load(&tx)?;
    let mut run = Run::new(&tx, ctx, &known, lang, progress)?;
    let mut next = Some((name, kind, rows));
    let mut failed = None;
    // One sheet after another: its first chunk (which holds its header) recognises it; an
    // asset sheet is checked and written chunk by chunk, any other sheet once it is whole.
    while let Some((name, kind, rows)) = next.take() {
        crate::roles::ensure_writes(&tx, &ctx.operator, kind.areas())?;
        run.expect(rows);
        let mut sheet = RawSheet { name, rows: Vec::new() };
        // The found sheet's index, once a 资产登记's header came.
        let mut assets: Option<usize> = None;
        loop {
            match receive.recv() {
                Ok(Streamed::Rows(chunk)) => sheet.rows.extend(chunk),
                Ok(Streamed::Header(header)) => {
                    let no_header = header.is_none();
                    let i = run.found(&sheet.name, kind, header, 0);
                    if no_header {
                        run.sheet(i, &sheet);
                    }
                    assets = Some(i);
                }
                Ok(Streamed::Assets { rows, problems, read }) => {
                    if let Some(i) = assets {
                        run.checked_assets(i, rows, problems, read);
                    }
                }
                Ok(Streamed::Sheet { name, kind, rows }) => {
                    next = Some((name, kind, rows));
                    break;
                }
                Ok(Streamed::Failed(e)) => {
                    failed = Some(e);
                    break;
                }
                Ok(Streamed::End) => break,
                Ok(Streamed::Whole(_)) | Err(_) => {
                    failed = Some(stopped());
                    break;
                }
            }
        }
        if failed.is_some() {
            break;
        }
        if assets.is_none() {
            let header = recognise(&sheet).and_then(|r| r.header);
            let i = run.found(&sheet.name, kind, header, 0);
            let i = run.found_rows(i, &sheet);
            run.sheet(i, &sheet);
        }
    }
    let outcome = match failed {
        // What was written is rolled back with the transaction.
        Some(e) => {
            drop(run);
            Outcome::Refused(unreadable(lang, dry_run, e)?)
        }
        None => run.finish(dry_run)?,
    };
    let report = match outcome {
        Outcome::Done(report) if !dry_run => {
            tx.commit().map_err(Error::storage("提交事务"))?;
            report
        }
        Outcome::Done(report) | Outcome::Refused(report) => {
            tx.rollback().map_err(Error::storage("回滚事务"))?;
            report
        }
    };
    // Freeing a whole ledger's worth of records (the stored ones and the planned ones) takes
    // half a second at 100,000 assets; the report need not wait for it.
    std::thread::spawn(move || drop(known));
    Ok(report)
}

/// [`import_file`] for sheets already read (tests, other front ends).
pub fn import_sheets(
    ledger: &mut Ledger,
    ctx: &Ctx,
    raw: &[RawSheet],
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let lang = ledger.lang;
    // The role check is per sheet, once they are recognised (below).
    let tx = ledger.write(&[])?;
    let known = load(&tx)?;
    let mut run = Run::new(&tx, ctx, &known, lang, progress)?;
    let mut recognised = Vec::new();
    for sheet in raw {
        match recognise(sheet) {
            Some(r) => recognised.push((sheet, r)),
            None => run.unrecognised(sheet),
        }
    }
    // The whole-site order; sheets of one kind keep their order in the file.
    recognised.sort_by_key(|(_, r)| SheetKind::ALL.iter().position(|k| *k == r.kind));
    for (_, r) in &recognised {
        crate::roles::ensure_writes(&tx, &ctx.operator, r.kind.areas())?;
    }
    run.expect(recognised.iter().map(|(s, _)| s.rows.len()).sum());
    for (sheet, r) in recognised {
        let i = run.found(&sheet.name, r.kind, r.header, 0);
        let i = run.found_rows(i, sheet);
        run.sheet(i, sheet);
    }
    let outcome = run.finish(dry_run)?;
    let report = match outcome {
        Outcome::Done(report) if !dry_run => {
            tx.commit().map_err(Error::storage("提交事务"))?;
            report
        }
        Outcome::Done(report) | Outcome::Refused(report) => {
            tx.rollback().map_err(Error::storage("回滚事务"))?;
            report
        }
    };
    std::thread::spawn(move || drop(known));
    Ok(report)
}

/// How a run ends: written (committed unless a dry run), or refused (rolled back).
enum Outcome {
    Done(ImportReport),
    Refused(ImportReport),
}

/// One import in its transaction: the sheets come in the whole-site order, each planned as it
/// comes; asset rows are written as soon as they are planned, while nothing is wrong so far.
/// Any problem found later — in a later row, sheet, or the checks over every row — refuses the
/// import, and the caller rolls the transaction back.
struct Run<'a> {
    tx: &'a Connection,
    ctx: &'a Ctx,
    known: &'a Known,
    lang: Lang,
    progress: &'a mut dyn FnMut(Progress),
    reserved: Vec<Reserved>,
    levels: Levels,
    planner: Planner<'a>,
    plan: Plan,
    found: Vec<Found>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    writes: Writes,
    /// Rows read, and expected in all (for progress).
    done: usize,
    total: usize,
}

impl<'a> Run<'a> {
    fn new(
        tx: &'a Connection,
        ctx: &'a Ctx,
        known: &'a Known,
        lang: Lang,
        progress: &'a mut dyn FnMut(Progress),
    ) -> Result<Run<'a>> {
        let codes: HashMap<i64, &str> = known.cabinets.values().map(|(id, c)| (*id, c.code.as_str())).collect();
        let reserved = Snapshot::reservations(tx, |id| codes.get(&id).map(|c| c.to_string()))?;
        let levels = global_levels(tx)?;
        Ok(Run {
            tx,
            ctx,
            known,
            lang,
            progress,
            reserved,
            levels,
            planner: Planner {
                lang,
                ctx,
                known,
                defined_rooms: HashMap::new(),
                defined_heads: HashMap::new(),
                defined_cabinets: HashMap::new(),
                seen_assets: HashMap::new(),
            },
            plan: Plan::default(),
            found: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            writes: Writes::default(),
            done: 0,
            total: 0,
        })
    }

    /// `rows` more rows are coming.
    fn expect(&mut self, rows: usize) {
        self.total += rows;
    }

    fn tick(&mut self, rows: usize) {
        self.done += rows;
        self.total = self.total.max(self.done);
        (self.progress)(Progress { stage: Stage::Validating, done: self.done, total: self.total });
    }

    fn unrecognised(&mut self, sheet: &RawSheet) {
        if sheet.rows.iter().any(|r| !r.is_empty()) {
            self.warnings.push(Problem {
                sheet: Some(sheet.name.clone()),
                row: None,
                column: None,
                value: None,
                message: msg(
                    self.lang,
                    "无法识别此工作表（名称和表头都不是已知的表单），已跳过".into(),
                    "sheet not recognised (neither its name nor its header row is a known form); skipped".into(),
                ),
            });
        }
    }

    /// Records a recognised sheet; returns its index, which planned rows name it by.
    fn found(&mut self, name: &str, kind: SheetKind, header: Option<Header>, data_rows: usize) -> usize {
        let report = SheetReport {
            sheet: name.to_string(),
            kind,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            ignored_columns: header.as_ref().map(|h| h.ignored.clone()).unwrap_or_default(),
            changes: Vec::new(),
        };
        self.found.push(Found { name: name.to_string(), kind, header, report, data_rows });
        self.found.len() - 1
    }

    /// Counts the `i`th found sheet's non-blank rows after its header, now that it is whole.
    fn found_rows(&mut self, i: usize, sheet: &RawSheet) -> usize {
        if let Some(f) = self.found.get_mut(i) {
            f.data_rows = f
                .header
                .as_ref()
                .map(|h| sheet.rows.iter().skip(h.row_index + 1).filter(|r| !r.is_empty()).count())
                .unwrap_or(0);
        }
        i
    }

    /// Plans a whole sheet of the `i`th found sheet's kind.
    fn sheet(&mut self, i: usize, raw: &RawSheet) {
        let lang = self.lang;
        let (kind, header) = (self.found[i].kind, self.found[i].header.clone());
        if !kind.supported() {
            self.warnings.push(Problem {
                sheet: Some(raw.name.clone()),
                row: None,
                column: None,
                value: None,
                message: msg(
                    lang,
                    format!("已识别为“{}”表，但本版本尚不支持导入，此工作表未导入", kind.sheet_name()),
                    format!(
                        "recognised as the {} sheet, which this version cannot import yet; the sheet was not imported",
                        kind.code()
                    ),
                ),
            });
            return;
        }
        let Some(header) = &header else {
            let mut p = Problems { sheet: &raw.name, lang, list: &mut self.errors };
            p.add(
                None,
                None,
                None,
                format!(
                    "找不到表头：前 {} 行中没有包含“{}”等列名的一行",
                    super::sheets::HEADER_SEARCH_ROWS,
                    kind.columns().first().map(|c| c.header).unwrap_or("")
                ),
                "no header row found in the first 20 rows".into(),
            );
            return;
        };
        if kind == SheetKind::Assets {
            let rows = raw.rows.get(header.row_index + 1..).unwrap_or_default();
            self.asset_rows(i, header, rows, &mut LineState::default());
            self.tick(header.row_index + 1);
            return;
        }
        let columns: Vec<Column> = kind.columns();
        let plan = &mut self.plan;
        let planner = &mut self.planner;
        let mut p = Problems { sheet: &raw.name, lang, list: &mut self.errors };
        let lines = if kind == SheetKind::Repairs {
            validate::lines_continued(raw, header, &columns, &mut p)
        } else {
            validate::lines(raw, header, &columns, &mut p)
        };
        match kind {
            SheetKind::Rooms => planner.rooms(i, validate::rooms(&lines), &mut p, plan),
            SheetKind::RowHeads => {
                let rows = validate::row_heads(&lines, &mut p);
                planner.row_heads(i, header, rows, &mut p, plan)
            }
            SheetKind::Cabinets => {
                let rows = validate::cabinets(&lines, &mut p);
                planner.cabinets(i, header, rows, &mut p, plan)
            }
            SheetKind::Assets => {}
            SheetKind::Readings => {
                let rows = validate::readings(&lines, &mut p);
                planner.readings(i, rows, &mut p, plan)
            }
            SheetKind::Faults => {
                let rows = records::faults(&lines, &mut p);
                planner.faults(i, rows, &mut p, plan)
            }
            SheetKind::Repairs => {
                let rows = records::repairs(&lines, &mut p);
                planner.repairs(i, rows, &mut p, plan)
            }
            // A 附件1 is imported whole by `excel::inspection` before sheets are recognised.
            SheetKind::InspectionPoints | SheetKind::InspectionDevices => {}
            SheetKind::Cables => {
                plan.cables.extend(super::ports::cable_rows(&lines, &mut p).into_iter().map(|r| (i, r)))
            }
            SheetKind::EnvReadings => {
                let known_room = |r: &str| planner.room_known(r);
                let rows = super::environment::env_rows(&lines, &mut p, &known_room);
                plan.env.extend(rows.into_iter().map(|r| (i, r)))
            }
        }
        self.tick(raw.rows.len());
    }

    /// Checks and plans the next data rows of the `i`th found sheet (a 资产登记), and writes
    /// them while nothing is wrong so far.
    fn asset_rows(&mut self, i: usize, header: &Header, rows: &[RawRow], state: &mut LineState) {
        let columns: Vec<Column> = SheetKind::Assets.columns();
        let name = self.found[i].name.clone();
        let mut p = Problems { sheet: &name, lang: self.lang, list: &mut self.errors };
        let lines = validate::lines_from(rows, header, &columns, &mut p, state);
        let checked = validate::assets(&lines, &mut p);
        self.checked_assets(i, checked, Vec::new(), rows.len());
    }

    /// Plans the next asset rows of the `i`th found sheet, their cells checked already (with
    /// the `problems` that check found), and writes them while nothing is wrong so far.
    fn checked_assets(&mut self, i: usize, rows: Vec<AssetRow>, problems: Vec<Problem>, read: usize) {
        self.errors.extend(problems);
        let name = self.found[i].name.clone();
        let mut p = Problems { sheet: &name, lang: self.lang, list: &mut self.errors };
        self.planner.assets(i, rows, &mut p, &mut self.plan);
        self.write_assets();
        self.tick(read);
    }

    /// Writes the planned assets not written yet, unless something is wrong already (then
    /// nothing more is written: the transaction will be rolled back).
    fn write_assets(&mut self) {
        if !self.errors.is_empty() || self.writes.failed.is_some() || self.writes.written == self.plan.assets.len() {
            return;
        }
        let (tx, ctx) = (self.tx, self.ctx);
        // An estimate of the new assets from what is planned so far, for the first write:
        // what it decides is whether the import at least doubles the tables.
        let planned = self.plan.assets.len();
        let scale = (self.total.max(1) / self.done.max(1).max(planned)).max(1);
        if let Err(e) = self.writes.write(tx, ctx, &self.plan, scale) {
            self.writes.failed = Some(e);
        }
    }

    /// The checks over every row, the counts, and the writes left.
    fn finish(mut self, dry_run: bool) -> Result<Outcome> {
        let lang = self.lang;
        if self.found.is_empty() {
            self.errors.push(Problem {
                sheet: None,
                row: None,
                column: None,
                value: None,
                message: msg(
                    lang,
                    "文件中没有可导入的工作表（资产登记、机房、列头柜、机柜、功率读数……）".into(),
                    "the file has no sheet this import knows (资产登记, 机房, 列头柜, 机柜, 功率读数 …)".into(),
                ),
            });
        }
        // The checks over every asset row (serials, space) run on a second thread while this
        // one writes what is left and builds the indexes dropped for the inserts; if they
        // find anything, that work is rolled back with the rest.
        let sheet_names: Vec<String> = self.found.iter().map(|f| f.name.clone()).collect();
        let reserved = std::mem::take(&mut self.reserved);
        let (known, plan) = (self.known, &self.plan);
        let build = self.errors.is_empty() && self.writes.failed.is_none();
        let (tx, ctx, writes, progress) = (self.tx, self.ctx, &mut self.writes, &mut self.progress);
        let (together, built) = std::thread::scope(|s| {
            let names = &sheet_names;
            let check = std::thread::Builder::new().name("import-check".into()).spawn_scoped(s, move || {
                let mut errors = Vec::new();
                check_assets_together(known, plan, reserved, names, lang, &mut errors);
                errors
            });
            let built = if build {
                progress(Progress { stage: Stage::Writing, done: 0, total: 1 });
                writes.finish(tx, ctx, plan)
            } else {
                Ok(())
            };
            (check.map(|c| c.join()), built)
        });
        match together {
            Ok(Ok(errors)) => self.errors.extend(errors),
            // The thread could not start, or panicked: the checks were not made.
            _ => {
                return Err(Error::Storage {
                    context: "检查设备位置与序列号".into(),
                    source: crate::db::SqlError::NoRows,
                })
            }
        }
        let in_file: HashSet<&str> = self.plan.assets.iter().map(|a| a.key.as_str()).collect();
        let cables = std::mem::take(&mut self.plan.cables);
        let cables = super::ports::plan_cables(self.tx, cables, &sheet_names, &in_file, lang, &mut self.errors)?;
        drop(in_file);

        // Counts and diffs.
        let plan = &self.plan;
        let mut reports: Vec<SheetReport> = self.found.iter().map(|f| f.report.clone()).collect();
        count(&mut reports, &plan.rooms, |_| true);
        count(&mut reports, &plan.row_heads, |_| true);
        count(&mut reports, &plan.cabinets, |_| true);
        count(&mut reports, &plan.assets, |_| true);
        count(&mut reports, &plan.faults, |_| true);
        count(&mut reports, &plan.repairs, |_| true);
        for (sheet, row, r) in &plan.readings {
            if let Some(rep) = reports.get_mut(*sheet) {
                rep.inserted += 1;
                rep.changes.push(RowChange {
                    row: *row,
                    key: format!("{} {}", r.cabinet, r.at),
                    action: "insert",
                    fields: Vec::new(),
                });
            }
        }
        super::ports::count_cables(&cables, &mut reports);
        super::environment::count_env(self.tx, &plan.env, &mut reports)?;
        for (i, f) in self.found.iter().enumerate() {
            if f.kind == SheetKind::Readings {
                if let Some(rep) = reports.get_mut(i) {
                    rep.unchanged = f.data_rows.saturating_sub(rep.inserted);
                }
            }
        }
        let refused = |s: Self, reports| {
            let plan = s.plan;
            std::thread::spawn(move || drop(plan));
            Outcome::Refused(ImportReport::refused(dry_run, reports, s.errors, s.warnings))
        };
        if !self.errors.is_empty() {
            return Ok(refused(self, reports));
        }
        if let Some(e) = self.writes.failed.take() {
            return Err(e);
        }
        built?;
        let tx = self.tx;
        let Writes { writer: Some(writer), touched, .. } = &mut self.writes else {
            return Err(Error::Storage { context: "写入设备".into(), source: crate::db::SqlError::NoRows });
        };
        apply_after_assets(tx, self.ctx, &self.plan, writer, touched)?;
        // After the assets: the devices the cables name may be new in this file.
        super::ports::apply_cables(tx, self.ctx, &cables, lang, &mut self.errors)?;
        if !self.errors.is_empty() {
            return Ok(refused(self, reports));
        }
        power_warnings(tx, self.levels, &self.writes.touched, &self.found, &self.plan, lang, &mut self.warnings)?;
        (self.progress)(Progress { stage: Stage::Writing, done: 1, total: 1 });
        let plan = std::mem::take(&mut self.plan);
        std::thread::spawn(move || drop(plan));
        Ok(Outcome::Done(ImportReport {
            ok: true,
            dry_run,
            sheets: reports,
            errors: self.errors,
            warnings: self.warnings,
            request_no: None,
            inspection_no: None,
        }))
    }
}

/// The write side of a run.
#[derive(Default)]
struct Writes {
    /// The asset writes, once begun (the rooms, row-heads and cabinets are written first).
    writer: Option<AssetWriter>,
    /// How many of the plan's assets are written.
    written: usize,
    /// A write that failed: nothing more is written, and unless the checks explain it (a
    /// duplicate serial the unique index refused before the check saw it) it is the answer.
    failed: Option<Error>,
    /// The cabinets whose power may have changed.
    touched: HashSet<String>,
}

impl Writes {
    /// Writes the planned assets not written yet; the first call writes the rooms, row-heads
    /// and cabinets first, and guesses the new assets to come as `scale` times those planned.
    fn write(&mut self, tx: &Connection, ctx: &Ctx, plan: &Plan, scale: usize) -> Result<()> {
        let writer = match &mut self.writer {
            Some(w) => w,
            None => {
                apply_before_assets(tx, ctx, plan, &mut self.touched)?;
                let new = plan.assets[self.written..].iter().filter(|a| a.before.is_none()).count();
                self.writer.insert(AssetWriter::new(tx, ctx, new * scale)?)
            }
        };
        writer.write(tx, ctx, &plan.assets[self.written..], &mut self.touched)?;
        self.written = plan.assets.len();
        #[cfg(test)]
        tests::WRITTEN.with(|w| w.set(w.get().max(self.written)));
        Ok(())
    }

    /// Writes whatever is planned and not written yet (starting the writes if no asset row
    /// did), then builds the indexes dropped for the inserts.
    fn finish(&mut self, tx: &Connection, ctx: &Ctx, plan: &Plan) -> Result<()> {
        if self.writer.is_none() || self.written < plan.assets.len() {
            self.write(tx, ctx, plan, 1)?;
        }
        match &mut self.writer {
            Some(w) => w.finish(tx),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::DemoSize;

    thread_local! {
        /// The most asset rows a run on this thread had written inside its transaction.
        pub(super) static WRITTEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn count(conn: &Connection, table: &str) -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }

    /// A 资产登记 of `n` new assets in stock; `last` is the last row's 额定功率.
    fn assets_file(path: &Path, n: u32, last: &str) {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("资产登记").unwrap();
        ws.write_string(0, 0, "资产登记表").unwrap();
        let header = [
            "资产编号",
            "设备名称",
            "设备类型",
            "品牌",
            "型号",
            "序列号",
            "资产性质",
            "归属单位",
            "占用U数",
            "额定功率(W)",
            "状态",
        ];
        for (c, h) in header.iter().enumerate() {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        for i in 0..n {
            let r = i + 2;
            let power = if i + 1 == n { last.to_string() } else { "300".to_string() };
            let row = [
                format!("ST-{i:05}"),
                "host".into(),
                "服务器".into(),
                "华为".into(),
                "2288H".into(),
                format!("SN-ST-{i:05}"),
                "自有".into(),
                "平台".into(),
                "1".into(),
                power,
                "库存".into(),
            ];
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r, c as u16, v).unwrap();
            }
        }
        wb.save(path).unwrap();
    }

    #[test]
    fn an_error_in_the_last_row_rolls_back_the_rows_written_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("assets.xlsx");
        // Three chunks and more: the first two are written while the last is still read.
        let n = 3 * super::super::stream::CHUNK_ROWS as u32 + 10;
        assets_file(&path, n, "很大");
        let mut ledger = Ledger::open_in_memory(Lang::Zh).unwrap();
        ledger.demo(&Ctx::now("t"), DemoSize { cabinets: 10, devices: 0, seed: 1 }).unwrap();
        let schema = |l: &Ledger| -> Vec<String> {
            let mut s = l.conn().prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").unwrap();
            s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
        };
        let (before, audits) = (schema(&ledger), count(ledger.conn(), "audit_log"));
        WRITTEN.with(|w| w.set(0));
        let r = import_file(&mut ledger, &Ctx::now("t"), &path, false, &mut |_| {}).unwrap();
        assert!(!r.ok);
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        // The header is on row 2, so the last asset is on row n + 2.
        assert_eq!(r.errors[0].row, Some(n + 2));
        assert_eq!(r.errors[0].column.as_deref(), Some("额定功率(W)"));
        let written = WRITTEN.with(|w| w.get());
        assert!(
            written >= 3 * super::super::stream::CHUNK_ROWS - 2,
            "only {written} rows were written before the error"
        );
        assert_eq!(count(ledger.conn(), "assets"), 0);
        assert_eq!(count(ledger.conn(), "asset_history"), 0);
        assert_eq!(count(ledger.conn(), "positions"), 0);
        assert_eq!(count(ledger.conn(), "audit_log"), audits);
        assert_eq!(schema(&ledger), before, "the indexes dropped for the inserts are back");
        // The same file put right imports whole.
        assets_file(&path, n, "300");
        let r = import_file(&mut ledger, &Ctx::now("t"), &path, false, &mut |_| {}).unwrap();
        assert!(r.ok, "{:?}", r.errors.first());
        assert_eq!(count(ledger.conn(), "assets"), i64::from(n));
        assert_eq!(count(ledger.conn(), "asset_history"), i64::from(n));
        assert_eq!(count(ledger.conn(), "audit_log"), audits + i64::from(n));
        assert_eq!(schema(&ledger), before);
    }
}
