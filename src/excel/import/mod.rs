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

use serde::Serialize;
use serde_json::Value;

use self::apply::{apply, power_warnings};
use self::known::load;
use self::plan::{Plan, Planner};
use self::report::count;
use self::together::check_assets_together;
use super::read::{read_workbook, RawSheet};
use super::records;
use super::sheets::{recognise, Column, Header, SheetKind};
use super::validate::{self, Problems};
use super::{msg, Problem, Progress, Stage};
use crate::error::{Error, Result};
use crate::ledger::{global_levels, Ctx, Ledger};
use crate::placement::Snapshot;

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
struct Found<'a> {
    raw: &'a RawSheet,
    kind: SheetKind,
    header: Option<Header>,
    report: SheetReport,
}

/// Reads, checks and (unless there is an error, or `dry_run`) imports the workbook at `path`.
/// A file that cannot be read gives a report with that error, not an `Err`: `Err` is kept for
/// the database failing.
pub fn import_file(
    ledger: &mut Ledger,
    ctx: &Ctx,
    path: &Path,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportReport> {
    let lang = ledger.lang;
    progress(Progress { stage: Stage::Reading, done: 0, total: 1 });
    let raw = match read_workbook(path) {
        Ok(raw) => raw,
        Err(e @ (Error::Workbook { .. } | Error::Io { .. })) => {
            return Ok(ImportReport {
                ok: false,
                dry_run,
                sheets: Vec::new(),
                errors: vec![Problem { sheet: None, row: None, column: None, value: None, message: e.message(lang) }],
                warnings: Vec::new(),
                request_no: None,
                inspection_no: None,
            })
        }
        Err(e) => return Err(e),
    };
    progress(Progress { stage: Stage::Reading, done: 1, total: 1 });
    // A filled 附件1 is a form too: its marks go on an inspection.
    if let Some(form) = super::inspection::inspection_form(&raw) {
        return super::inspection::import_inspection_form(ledger, ctx, &form, dry_run);
    }
    // A filled 附件2 is a form, not sheets of records: it files a racking request.
    if let Some(form) = super::requests::request_form(&raw) {
        return super::requests::import_request_form(ledger, ctx, form, dry_run);
    }
    import_sheets(ledger, ctx, &raw, dry_run, progress)
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
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut found: Vec<Found<'_>> = Vec::new();
    for sheet in raw {
        let Some(r) = recognise(sheet) else {
            if sheet.rows.iter().any(|r| !r.is_empty()) {
                warnings.push(Problem {
                    sheet: Some(sheet.name.clone()),
                    row: None,
                    column: None,
                    value: None,
                    message: msg(
                        lang,
                        "无法识别此工作表（名称和表头都不是已知的表单），已跳过".into(),
                        "sheet not recognised (neither its name nor its header row is a known form); skipped".into(),
                    ),
                });
            }
            continue;
        };
        let report = SheetReport {
            sheet: sheet.name.clone(),
            kind: r.kind,
            inserted: 0,
            updated: 0,
            unchanged: 0,
            ignored_columns: r.header.as_ref().map(|h| h.ignored.clone()).unwrap_or_default(),
            changes: Vec::new(),
        };
        found.push(Found { raw: sheet, kind: r.kind, header: r.header, report });
    }
    // The whole-site order; sheets of one kind keep their order in the file.
    found.sort_by_key(|f| SheetKind::ALL.iter().position(|k| *k == f.kind));
    if found.is_empty() {
        errors.push(Problem {
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

    let known = load(ledger.conn())?;
    let total: usize = found.iter().map(|f| f.raw.rows.len()).sum();
    let mut done = 0usize;
    let mut plan = Plan::default();
    let mut planner = Planner {
        lang,
        ctx,
        known: &known,
        defined_rooms: HashMap::new(),
        defined_heads: HashMap::new(),
        defined_cabinets: HashMap::new(),
    };
    for (i, f) in found.iter().enumerate() {
        let mut p = Problems { sheet: &f.raw.name, lang, list: &mut errors };
        if !f.kind.supported() {
            warnings.push(Problem {
                sheet: Some(f.raw.name.clone()),
                row: None,
                column: None,
                value: None,
                message: msg(
                    lang,
                    format!("已识别为“{}”表，但本版本尚不支持导入，此工作表未导入", f.kind.sheet_name()),
                    format!(
                        "recognised as the {} sheet, which this version cannot import yet; the sheet was not imported",
                        f.kind.code()
                    ),
                ),
            });
            continue;
        }
        let Some(header) = &f.header else {
            p.add(
                None,
                None,
                None,
                format!(
                    "找不到表头：前 {} 行中没有包含“{}”等列名的一行",
                    super::sheets::HEADER_SEARCH_ROWS,
                    f.kind.columns().first().map(|c| c.header).unwrap_or("")
                ),
                "no header row found in the first 20 rows".into(),
            );
            continue;
        };
        let columns: Vec<Column> = f.kind.columns();
        let lines = if f.kind == SheetKind::Repairs {
            validate::lines_continued(f.raw, header, &columns, &mut p)
        } else {
            validate::lines(f.raw, header, &columns, &mut p)
        };
        match f.kind {
            SheetKind::Rooms => planner.rooms(i, validate::rooms(&lines), &mut p, &mut plan),
            SheetKind::RowHeads => {
                let rows = validate::row_heads(&lines, &mut p);
                planner.row_heads(i, header, rows, &mut p, &mut plan)
            }
            SheetKind::Cabinets => {
                let rows = validate::cabinets(&lines, &mut p);
                planner.cabinets(i, header, rows, &mut p, &mut plan)
            }
            SheetKind::Assets => {
                let rows = validate::assets(&lines, &mut p);
                planner.assets(i, rows, &mut p, &mut plan)
            }
            SheetKind::Readings => {
                let rows = validate::readings(&lines, &mut p);
                planner.readings(i, rows, &mut p, &mut plan)
            }
            SheetKind::Faults => {
                let rows = records::faults(&lines, &mut p);
                planner.faults(i, rows, &mut p, &mut plan)
            }
            SheetKind::Repairs => {
                let rows = records::repairs(&lines, &mut p);
                planner.repairs(i, rows, &mut p, &mut plan)
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
        done += f.raw.rows.len();
        progress(Progress { stage: Stage::Validating, done, total });
    }
    // Cross-row checks over the whole result.
    let sheet_names: Vec<String> = found.iter().map(|f| f.raw.name.clone()).collect();
    let codes: HashMap<i64, &str> = known.cabinets.values().map(|(id, c)| (*id, c.code.as_str())).collect();
    let reserved = Snapshot::reservations(ledger.conn(), |id| codes.get(&id).map(|c| c.to_string()))?;
    check_assets_together(&known, &plan, reserved, &sheet_names, lang, &mut errors);
    let in_file: HashSet<&str> = plan.assets.iter().map(|a| a.key.as_str()).collect();
    let cables = std::mem::take(&mut plan.cables);
    let cables = super::ports::plan_cables(ledger.conn(), cables, &sheet_names, &in_file, lang, &mut errors)?;

    // Counts and diffs.
    let mut reports: Vec<SheetReport> = found.iter().map(|f| f.report.clone()).collect();
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
    super::environment::count_env(ledger.conn(), &plan.env, &mut reports)?;
    for (i, f) in found.iter().enumerate() {
        if f.kind == SheetKind::Readings {
            let rows = f
                .header
                .as_ref()
                .map(|h| f.raw.rows.iter().skip(h.row_index + 1).filter(|r| !r.is_empty()).count())
                .unwrap_or(0);
            if let Some(rep) = reports.get_mut(i) {
                rep.unchanged = rows.saturating_sub(rep.inserted);
            }
        }
    }

    if !errors.is_empty() {
        return Ok(ImportReport::refused(dry_run, reports, errors, warnings));
    }

    // The writes, in one transaction; a dry run takes the same path and rolls back, so its
    // power warnings are the real ones.
    let levels = global_levels(ledger.conn())?;
    let tx = ledger.write()?;
    let touched = apply(&tx, ctx, &plan, progress)?;
    // After the assets: the devices the cables name may be new in this file.
    super::ports::apply_cables(&tx, ctx, &cables, lang, &mut errors)?;
    if !errors.is_empty() {
        tx.rollback().map_err(Error::storage("回滚事务"))?;
        return Ok(ImportReport::refused(dry_run, reports, errors, warnings));
    }
    power_warnings(&tx, levels, &touched, &found, &plan, lang, &mut warnings)?;
    if dry_run {
        tx.rollback().map_err(Error::storage("回滚事务"))?;
    } else {
        tx.commit().map_err(Error::storage("提交事务"))?;
    }
    // Freeing a whole ledger's worth of records (the stored ones and the planned ones) takes
    // half a second at 100,000 assets; the report need not wait for it.
    std::thread::spawn(move || drop((known, plan)));
    Ok(ImportReport { ok: true, dry_run, sheets: reports, errors, warnings, request_no: None, inspection_no: None })
}
