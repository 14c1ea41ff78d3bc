//! The import: plan every sheet against the database, check across rows and sheets, and, only
//! when nothing is wrong, write it all in one transaction (rolled back for a dry run).
//!
//! Sheets are planned in the whole-site order — 机房, 列头柜, 机柜, 资产登记, 功率读数 — so a
//! row may refer to a room, row-head or cabinet that an earlier sheet of the same workbook
//! defines. Upserts are keyed on 机房名称, 列头柜编号, 机柜编号 and 资产编号; readings are
//! appended (one identical to a stored reading of the same cabinet and time is skipped).
//! Power never blocks an import: after the writes, the cabinets and row-heads it touched that
//! are at warning or worse are listed as warnings.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;

use super::read::{read_workbook, RawSheet};
use super::records::{self, FaultRow, RepairLine};
use super::sheets::{recognise, Column, Header, SheetKind};
use super::validate::{self, AssetRow, CabinetRow, Problems, ReadingRow, RoomRow, RowHeadRow};
use super::{msg, Problem, Progress, Stage, PROGRESS_EVERY};
use crate::db::row_heads::RowHead;
use crate::db::{self, audit::Record, history::HistoryEntry, power::CabinetPowerConfig, readings::Reading};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::{position_label, Ctx, Ledger, ALARM_KEY, WARNING_KEY};
use crate::lifecycle;
use crate::model::{
    duration_minutes, Asset, AssetField, Face, Fault, FaultState, Repair, RepairResult, RepairState, Room,
};
use crate::placement::{judge, Proposal, Reserved, Snapshot};
use crate::power::{kw, pct, report, Levels, PowerStatus};
use crate::rack::Mount;

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

/// A cabinet as the 机柜 sheet describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct CabinetState {
    code: String,
    room: String,
    row: Option<String>,
    u_height: u32,
    owner: Option<String>,
    note: Option<String>,
    #[serde(flatten)]
    power: CabinetPowerConfig,
}

/// The database as the plan needs it, read once.
struct Known {
    rooms: HashMap<String, Room>,
    row_heads: HashMap<String, RowHead>,
    cabinets: HashMap<String, (i64, CabinetState)>,
    assets: HashMap<String, (i64, Asset)>,
    readings: HashSet<(String, String)>,
    faults: HashMap<String, Fault>,
    repairs: HashMap<String, Repair>,
}

fn load(conn: &Connection) -> Result<Known> {
    let rooms = db::rooms::list(conn)?.into_iter().map(|r| (r.name.clone(), r)).collect();
    let row_heads = db::row_heads::list(conn)?.into_iter().map(|(_, h)| (h.code.clone(), h)).collect();
    let mut cabinets = HashMap::new();
    for (id, c) in db::cabinets::list(conn, None)? {
        let power = db::power::config(conn, id)?;
        let state = CabinetState {
            code: c.code.clone(),
            room: c.room,
            row: c.row,
            u_height: c.u_height,
            owner: c.owner,
            note: c.note,
            power,
        };
        cabinets.insert(c.code, (id, state));
    }
    let ids: HashMap<String, i64> = conn
        .prepare("SELECT asset_tag, id FROM assets")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>())
        .map_err(Error::storage("读取设备"))?;
    let assets = db::assets::list(conn, &Default::default())?
        .into_iter()
        .filter_map(|a| ids.get(&a.asset_tag).map(|id| (a.asset_tag.clone(), (*id, a))))
        .collect();
    let readings = conn
        .prepare("SELECT c.code, p.at FROM power_readings p JOIN cabinets c ON c.id = p.cabinet_id")
        .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>())
        .map_err(Error::storage("读取功率读数"))?;
    let faults = db::faults::list(conn, &Default::default())?.into_iter().map(|f| (f.fault_no.clone(), f)).collect();
    let repairs = db::repairs::list(conn, &Default::default())?.into_iter().map(|r| (r.repair_no.clone(), r)).collect();
    Ok(Known { rooms, row_heads, cabinets, assets, readings, faults, repairs })
}

/// A planned upsert of one record.
struct Planned<T> {
    sheet: usize,
    row: u32,
    key: String,
    before: Option<T>,
    after: T,
}

/// Everything the file asks for, checked.
#[derive(Default)]
struct Plan {
    rooms: Vec<Planned<Room>>,
    row_heads: Vec<Planned<RowHead>>,
    cabinets: Vec<Planned<CabinetState>>,
    assets: Vec<Planned<Asset>>,
    readings: Vec<(usize, u32, Reading)>,
    faults: Vec<Planned<Fault>>,
    repairs: Vec<Planned<Repair>>,
    cables: Vec<(usize, super::ports::CableRow)>,
    env: Vec<(usize, super::environment::EnvRow)>,
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
    let levels = levels(ledger.conn())?;
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

fn count<T: Serialize + PartialEq>(reports: &mut [SheetReport], planned: &[Planned<T>], _f: impl Fn(&T) -> bool) {
    for p in planned {
        let Some(rep) = reports.get_mut(p.sheet) else { continue };
        match &p.before {
            None => {
                rep.inserted += 1;
                rep.changes.push(RowChange { row: p.row, key: p.key.clone(), action: "insert", fields: Vec::new() });
            }
            // Equal records have no diff: the common case of a re-import, checked without JSON.
            Some(before) if *before == p.after => rep.unchanged += 1,
            Some(before) => {
                let fields = diff(before, &p.after);
                if fields.is_empty() {
                    rep.unchanged += 1;
                } else {
                    rep.updated += 1;
                    rep.changes.push(RowChange { row: p.row, key: p.key.clone(), action: "update", fields });
                }
            }
        }
    }
}

/// The fields that differ between two records, by their JSON keys.
fn diff<T: Serialize>(before: &T, after: &T) -> Vec<FieldDiff> {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) = (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    a.iter()
        .filter(|(k, _)| k.as_str() != "version")
        .filter_map(|(k, av)| {
            let bv = b.get(k).cloned().unwrap_or(Value::Null);
            (bv != *av).then(|| FieldDiff { field: k.clone(), before: bv, after: av.clone() })
        })
        .collect()
}

/// What earlier sheets (and rows) of this file define: name/code → (sheet, row).
struct Planner<'k> {
    lang: Lang,
    ctx: &'k Ctx,
    known: &'k Known,
    defined_rooms: HashMap<String, u32>,
    defined_heads: HashMap<String, (u32, String)>,
    /// Cabinet code → (row, room, height) as the file defines it.
    defined_cabinets: HashMap<String, (u32, String, u32)>,
}

impl Planner<'_> {
    fn t(&self, zh: String, en: String) -> (String, String) {
        (zh, en)
    }

    fn room_known(&self, name: &str) -> bool {
        self.known.rooms.contains_key(name) || self.defined_rooms.contains_key(name)
    }

    fn rooms(&mut self, sheet: usize, rows: Vec<RoomRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        for r in rows {
            if let Some(first) = self.defined_rooms.get(&r.name) {
                p.add(
                    Some(r.row),
                    Some("机房名称"),
                    Some(&r.name),
                    format!("与第 {first} 行重复"),
                    format!("duplicates row {first}"),
                );
                continue;
            }
            self.defined_rooms.insert(r.name.clone(), r.row);
            let before = self.known.rooms.get(&r.name).cloned();
            let after = Room { name: r.name.clone(), location: r.location, note: r.note };
            plan.rooms.push(Planned { sheet, row: r.row, key: r.name, before, after });
        }
    }

    fn row_heads(
        &mut self,
        sheet: usize,
        header: &Header,
        rows: Vec<RowHeadRow>,
        p: &mut Problems<'_>,
        plan: &mut Plan,
    ) {
        let has = |k: &str| validate::has_column(header, SheetKind::RowHeads, k);
        for r in rows {
            if let Some((first, _)) = self.defined_heads.get(&r.code) {
                let (zh, en) = self.t(format!("与第 {first} 行重复"), format!("duplicates row {first}"));
                p.add(Some(r.row), Some("列头柜编号"), Some(&r.code), zh, en);
                continue;
            }
            if !self.room_known(&r.room) {
                p.add(
                    Some(r.row),
                    Some("机房"),
                    Some(&r.room),
                    "找不到该机房：请先登记，或在同一文件的“机房”表中列出".into(),
                    "unknown room: register it first or list it on the 机房 sheet of this file".into(),
                );
                continue;
            }
            self.defined_heads.insert(r.code.clone(), (r.row, r.room.clone()));
            let before = self.known.row_heads.get(&r.code).cloned();
            let mut after = before.clone().unwrap_or(RowHead {
                code: r.code.clone(),
                room: r.room.clone(),
                row: None,
                capacity_w: r.capacity_w,
                voltage_v: 380,
                phases: 3,
                warning_level: None,
                alarm_level: None,
                note: None,
            });
            after.room = r.room.clone();
            after.capacity_w = r.capacity_w;
            if has("row") {
                after.row = r.row_label;
            }
            if has("voltage_v") {
                after.voltage_v = r.voltage_v.unwrap_or(380);
            }
            if has("phases") {
                after.phases = r.phases.unwrap_or(3);
            }
            if has("warning") {
                after.warning_level = r.warning;
            }
            if has("alarm") {
                after.alarm_level = r.alarm;
            }
            if has("note") {
                after.note = r.note;
            }
            if let (Some(w), Some(a)) = (after.warning_level, after.alarm_level) {
                if w >= a {
                    p.add(
                        Some(r.row),
                        Some("预警阈值(%)"),
                        None,
                        "预警阈值应低于告警阈值".into(),
                        "the warning level must be below the alarm level".into(),
                    );
                    continue;
                }
            }
            plan.row_heads.push(Planned { sheet, row: r.row, key: r.code, before, after });
        }
    }

    fn head_known(&self, code: &str) -> bool {
        self.known.row_heads.contains_key(code) || self.defined_heads.contains_key(code)
    }

    fn cabinets(
        &mut self,
        sheet: usize,
        header: &Header,
        rows: Vec<CabinetRow>,
        p: &mut Problems<'_>,
        plan: &mut Plan,
    ) {
        let has = |k: &str| validate::has_column(header, SheetKind::Cabinets, k);
        for r in rows {
            let mut ok = true;
            if let Some((first, _, _)) = self.defined_cabinets.get(&r.code) {
                p.add(
                    Some(r.row),
                    Some("机柜编号"),
                    Some(&r.code),
                    format!("与第 {first} 行重复"),
                    format!("duplicates row {first}"),
                );
                continue;
            }
            if r.code.contains(':') || r.code.chars().any(char::is_control) {
                p.add(
                    Some(r.row),
                    Some("机柜编号"),
                    Some(&r.code),
                    "机柜编号不能含有冒号或控制字符".into(),
                    "a cabinet code may not contain a colon or control characters".into(),
                );
                ok = false;
            }
            if !self.room_known(&r.room) {
                p.add(
                    Some(r.row),
                    Some("机房"),
                    Some(&r.room),
                    "找不到该机房：请先登记，或在同一文件的“机房”表中列出".into(),
                    "unknown room: register it first or list it on the 机房 sheet of this file".into(),
                );
                ok = false;
            }
            for (feed, header) in [(&r.feed_a, "A路列头柜"), (&r.feed_b, "B路列头柜")] {
                if let Some(f) = feed.as_deref().filter(|f| !self.head_known(f)) {
                    p.add(
                        Some(r.row),
                        Some(header),
                        Some(f),
                        "找不到该列头柜：请先登记，或在同一文件的“列头柜”表中列出".into(),
                        "unknown row-head cabinet: register it first or list it on the 列头柜 sheet of this file"
                            .into(),
                    );
                    ok = false;
                }
            }
            if !ok {
                continue;
            }
            self.defined_cabinets.insert(r.code.clone(), (r.row, r.room.clone(), r.u_height));
            let before = self.known.cabinets.get(&r.code).map(|(_, c)| c.clone());
            let mut after = before.clone().unwrap_or(CabinetState {
                code: r.code.clone(),
                room: r.room.clone(),
                row: None,
                u_height: r.u_height,
                owner: None,
                note: None,
                power: CabinetPowerConfig::default(),
            });
            after.room = r.room.clone();
            after.u_height = r.u_height;
            after.power.rated_w = Some(r.rated_w);
            if has("row") {
                after.row = r.row_label.clone();
            }
            if has("owner") {
                after.owner = r.owner.clone();
            }
            if has("note") {
                after.note = r.note.clone();
            }
            let pw = &mut after.power;
            if has("feed_a") {
                pw.feed_a = r.feed_a.clone();
            }
            if has("feed_a_branch") {
                pw.feed_a_branch = r.feed_a_branch.clone();
            }
            if has("feed_a_breaker") {
                pw.feed_a_breaker_a = r.feed_a_breaker;
            }
            if has("feed_b") {
                pw.feed_b = r.feed_b.clone();
            }
            if has("feed_b_branch") {
                pw.feed_b_branch = r.feed_b_branch.clone();
            }
            if has("feed_b_breaker") {
                pw.feed_b_breaker_a = r.feed_b_breaker;
            }
            if has("warning") {
                pw.warning_level = r.warning;
            }
            if has("alarm") {
                pw.alarm_level = r.alarm;
            }
            plan.cabinets.push(Planned { sheet, row: r.row, key: r.code, before, after });
        }
    }

    /// The room and height of a cabinet, as this file leaves it.
    fn cabinet(&self, code: &str) -> Option<(String, u32)> {
        if let Some((_, room, u)) = self.defined_cabinets.get(code) {
            return Some((room.clone(), *u));
        }
        self.known.cabinets.get(code).map(|(_, c)| (c.room.clone(), c.u_height))
    }

    fn assets(&mut self, sheet: usize, rows: Vec<AssetRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        let lang = self.lang;
        let mut seen: HashMap<String, u32> = plan.assets.iter().map(|a| (a.key.clone(), a.row)).collect();
        for mut r in rows {
            if let Some(first) = seen.get(&r.tag) {
                p.add(
                    Some(r.row),
                    Some(&r.header(AssetField::AssetTag)),
                    Some(&r.tag),
                    format!("资产编号与第 {first} 行重复"),
                    format!("the asset tag duplicates row {first}"),
                );
                continue;
            }
            seen.insert(r.tag.clone(), r.row);
            let before = self.known.assets.get(&r.tag).map(|(_, a)| a.clone());
            let is_new = before.is_none();
            let mut after = before.clone().unwrap_or_else(|| {
                // The row's values are already applied to `fresh`.
                let mut a = std::mem::replace(&mut r.fresh, Asset::new(""));
                a.version = 1;
                if !r.has(AssetField::RegisteredOn) {
                    a.registered_on = Some(self.ctx.now.date());
                }
                if !r.has(AssetField::RegisteredBy) {
                    a.registered_by = Some(self.ctx.operator.clone());
                }
                a
            });
            let mut ok = true;
            for (f, v) in &r.values {
                if f.is_position() || is_new {
                    continue;
                }
                if let Err(e) = after.apply(*f, v) {
                    ok = false;
                    p.add(
                        Some(r.row),
                        Some(&r.header(*f)),
                        Some(v),
                        validate::reason_of(&e, lang),
                        e.message(Lang::En),
                    );
                }
            }
            if let Err(e) = after.validate() {
                ok = false;
                let f = e.field().as_deref().and_then(AssetField::lookup).unwrap_or(AssetField::AssetTag);
                p.add(Some(r.row), Some(&r.header(f)), r.get(f), validate::reason_of(&e, lang), e.message(Lang::En));
            }
            // The position, when the sheet has a 机柜编号 column; otherwise it stays as stored.
            let was_racked = before.as_ref().and_then(Asset::position);
            if r.has(AssetField::Cabinet) {
                let cabinet = r.get(AssetField::Cabinet).filter(|c| !c.is_empty());
                let start_u = r.get(AssetField::StartU).filter(|c| !c.is_empty());
                match (cabinet, start_u) {
                    (Some(code), start) => {
                        let room = r.get(AssetField::Room).filter(|c| !c.is_empty());
                        match self.cabinet(code) {
                            None => {
                                ok = false;
                                p.add(
                                    Some(r.row),
                                    Some(&r.header(AssetField::Cabinet)),
                                    Some(code),
                                    "找不到该机柜：请先登记，或在同一文件的“机柜”表中列出".into(),
                                    "unknown cabinet: register it first or list it on the 机柜 sheet of this file"
                                        .into(),
                                );
                            }
                            Some((cab_room, _)) => match room {
                                None => {
                                    ok = false;
                                    p.add(
                                        Some(r.row),
                                        Some(&r.header(AssetField::Room)),
                                        None,
                                        "填写了机柜编号时，机房为必填".into(),
                                        "the room is required when a cabinet is given".into(),
                                    );
                                }
                                Some(room) if room != cab_room => {
                                    ok = false;
                                    p.add(
                                        Some(r.row),
                                        Some(&r.header(AssetField::Room)),
                                        Some(room),
                                        format!("机柜 {code} 在机房“{cab_room}”，与此处不符"),
                                        format!("cabinet {code} is in room \"{cab_room}\""),
                                    );
                                }
                                Some(room) => after.room = Some(room.to_string()),
                            },
                        }
                        match start.map(crate::parse::uint) {
                            None => {
                                ok = false;
                                p.add(
                                    Some(r.row),
                                    Some(&r.header(AssetField::StartU)),
                                    None,
                                    "填写了机柜编号，但没有起始U位".into(),
                                    "a cabinet is given but no start U".into(),
                                );
                            }
                            Some(Err(_)) => ok = false, // reported by validate
                            Some(Ok(u)) => after.start_u = Some(u),
                        }
                        after.cabinet = Some(code.to_string());
                        after.face = Some(
                            r.get(AssetField::Face)
                                .and_then(Face::parse)
                                .or(was_racked.as_ref().map(|p| p.face))
                                .unwrap_or(Face::Front),
                        );
                        if !after.status.may_be_racked() {
                            ok = false;
                            p.add(Some(r.row), Some(&r.header(AssetField::Status)), Some(after.status.label(lang)), format!("状态为“{}”的设备不能在机柜中；上架的设备应为在用、闲置或维修", after.status.label_zh()), format!("an asset that is {} cannot be in a cabinet; racked assets are in_use, idle or repairing", after.status.code()));
                        }
                    }
                    (None, Some(u)) => {
                        ok = false;
                        p.add(
                            Some(r.row),
                            Some(&r.header(AssetField::Cabinet)),
                            None,
                            format!("填写了起始U位 {u}，但没有机柜编号"),
                            format!("start U {u} is given but no cabinet"),
                        );
                    }
                    (None, None) => {
                        after.room = None;
                        after.cabinet = None;
                        after.start_u = None;
                        after.face = None;
                    }
                }
            } else if was_racked.is_some() && !after.status.may_be_racked() {
                ok = false;
                p.add(
                    Some(r.row),
                    Some(&r.header(AssetField::Status)),
                    Some(after.status.label(lang)),
                    format!("设备仍在 {} 上架，状态不能为“{}”", position_text(&after), after.status.label_zh()),
                    format!(
                        "the asset is still racked at {}; it cannot be {}",
                        position_text(&after),
                        after.status.code()
                    ),
                );
            }
            if let Some(b) = &before {
                if let Err(e) = lifecycle::check(&b.asset_tag, b.status, after.status) {
                    ok = false;
                    p.add(
                        Some(r.row),
                        Some(&r.header(AssetField::Status)),
                        r.get(AssetField::Status),
                        e.message(lang),
                        e.message(Lang::En),
                    );
                }
            }
            // A device newly racked by this import was racked today unless the file says when.
            if after.position().is_some() && was_racked.is_none() && !r.has(AssetField::RackedOn) {
                after.racked_on = Some(self.ctx.now.date());
            }
            if ok {
                plan.assets.push(Planned { sheet, row: r.row, key: r.tag, before, after });
            }
        }
    }

    fn readings(&mut self, sheet: usize, rows: Vec<ReadingRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        let mut seen: HashSet<(String, String)> = HashSet::new();
        for r in rows {
            if self.cabinet(&r.cabinet).is_none() {
                p.add(
                    Some(r.row),
                    Some("机柜编号"),
                    Some(&r.cabinet),
                    "找不到该机柜：请先登记，或在同一文件的“机柜”表中列出".into(),
                    "unknown cabinet: register it first or list it on the 机柜 sheet of this file".into(),
                );
                continue;
            }
            let at = stamp(r.at);
            let key = (r.cabinet.clone(), at.clone());
            // A reading already stored (or given twice) is the same reading: skipped.
            if self.known.readings.contains(&key) || !seen.insert(key) {
                continue;
            }
            let reading = Reading {
                cabinet: r.cabinet,
                at,
                measured_w: r.measured_w,
                amps_a: r.amps_a,
                amps_b: r.amps_b,
                operator: r.operator.unwrap_or_else(|| self.ctx.operator.clone()),
                note: r.note,
            };
            plan.readings.push((sheet, r.row, reading));
        }
    }

    /// An asset as this file leaves it: a row of its 资产登记 sheet, or the ledger's.
    fn asset<'p>(&'p self, tag: &str, plan: &'p Plan) -> Option<&'p Asset> {
        plan.assets
            .iter()
            .find(|a| a.key == tag)
            .map(|a| &a.after)
            .or_else(|| self.known.assets.get(tag).map(|(_, a)| a))
    }

    fn faults(&mut self, sheet: usize, rows: Vec<FaultRow>, p: &mut Problems<'_>, plan: &mut Plan) {
        let mut seen: HashMap<String, u32> = HashMap::new();
        for r in rows {
            if let Some(first) = seen.get(&r.fault_no) {
                p.add(
                    Some(r.row),
                    Some("登记编号"),
                    Some(&r.fault_no),
                    format!("与第 {first} 行重复"),
                    format!("duplicates row {first}"),
                );
                continue;
            }
            seen.insert(r.fault_no.clone(), r.row);
            let before = self.known.faults.get(&r.fault_no).cloned();
            let asset_name = match r.asset_tag.as_deref() {
                Some(tag) => match self.asset(tag, plan) {
                    Some(a) => Some(a.name.clone()),
                    None => {
                        p.add(
                            Some(r.row),
                            Some("资产编号"),
                            Some(tag),
                            "找不到该设备：请先登记，或在同一文件的“资产登记”表中列出".into(),
                            "unknown asset: register it first or list it on the 资产登记 sheet of this file".into(),
                        );
                        continue;
                    }
                },
                None => None,
            };
            if let Some(b) = &before {
                if b.asset_tag != r.asset_tag {
                    p.add(
                        Some(r.row),
                        Some("资产编号"),
                        r.asset_tag.as_deref(),
                        format!("登记后不能更改关联设备（原为“{}”）", b.asset_tag.as_deref().unwrap_or("无")),
                        "the record's asset cannot change after registration".into(),
                    );
                    continue;
                }
            }
            let state = r.state.or(before.as_ref().map(|b| b.state)).unwrap_or(FaultState::Pending);
            if let Some(b) = &before {
                if b.state != state && !b.state.may_become(state) {
                    p.add(
                        Some(r.row),
                        Some("状态"),
                        Some(state.label_zh()),
                        format!("状态不能从“{}”改回“{}”（复发请新登记一条）", b.state.label_zh(), state.label_zh()),
                        format!("the state cannot go back from {} to {}", b.state.code(), state.code()),
                    );
                    continue;
                }
            }
            let closed_at = (state == FaultState::Closed)
                .then(|| before.as_ref().and_then(|b| b.closed_at).or(r.recovered_at).unwrap_or(self.ctx.now));
            let after = Fault {
                fault_no: r.fault_no.clone(),
                kind: r.kind,
                occurred_at: r.occurred_at,
                source: r.source,
                room: r.room,
                cabinet: r.cabinet,
                asset_tag: r.asset_tag,
                asset_name,
                fault_type: r.fault_type,
                severity: r.severity,
                description: r.description,
                service_impact: r.service_impact.unwrap_or(false),
                reporter: r.reporter,
                acknowledged_at: r.acknowledged_at,
                handler: r.handler,
                actions: r.actions,
                root_cause: r.root_cause,
                recovered_at: r.recovered_at,
                duration_min: duration_minutes(r.occurred_at, r.recovered_at),
                repair_nos: before.as_ref().map(|b| b.repair_nos.clone()).unwrap_or_default(),
                inspection_no: before.as_ref().and_then(|b| b.inspection_no.clone()),
                state,
                closed_at,
                allowed: Vec::new(),
            }
            .with_allowed();
            plan.faults.push(Planned { sheet, row: r.row, key: r.fault_no, before, after });
        }
    }

    fn repairs(&mut self, sheet: usize, lines: Vec<RepairLine>, p: &mut Problems<'_>, plan: &mut Plan) {
        // Rows with one number are one repair: the first row's columns, every row's part.
        let mut groups: Vec<(RepairLine, Vec<crate::model::RepairPart>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for l in lines {
            match index.get(&l.repair_no) {
                Some(&i) => {
                    let (first, parts) = &mut groups[i];
                    if !l.asset_tag.is_empty() && first.asset_tag != l.asset_tag {
                        p.add(
                            Some(l.row),
                            Some("资产编号"),
                            Some(&l.asset_tag),
                            format!("同一维修单号在第 {} 行的资产编号是“{}”", first.row, first.asset_tag),
                            format!("row {} gives this repair number the asset {}", first.row, first.asset_tag),
                        );
                        continue;
                    }
                    parts.extend(l.part.clone());
                    if l.swap.is_some() {
                        first.swap = l.swap.clone();
                    }
                }
                None => {
                    index.insert(l.repair_no.clone(), groups.len());
                    let parts = l.part.clone().into_iter().collect();
                    groups.push((l, parts));
                }
            }
        }
        let faults_in_file: HashSet<&str> = plan.faults.iter().map(|f| f.key.as_str()).collect();
        let mut planned = Vec::new();
        for (r, parts) in groups {
            // A number whose first row was refused (its error is reported there) is left out.
            let (Some(reported_at), Some(mode)) = (r.reported_at, r.mode) else { continue };
            let Some(asset) = self.asset(&r.asset_tag, plan) else {
                p.add(
                    Some(r.row),
                    Some("资产编号"),
                    Some(&r.asset_tag),
                    "找不到该设备：请先登记，或在同一文件的“资产登记”表中列出".into(),
                    "unknown asset: register it first or list it on the 资产登记 sheet of this file".into(),
                );
                continue;
            };
            if let Some(no) = r.fault_no.as_deref() {
                if !self.known.faults.contains_key(no) && !faults_in_file.contains(no) {
                    p.add(
                        Some(r.row),
                        Some("关联故障单号"),
                        Some(no),
                        "找不到该故障登记：请先登记，或在同一文件的“故障告警登记”表中列出".into(),
                        "unknown fault record: register it first or list it on the 故障告警登记 sheet of this file"
                            .into(),
                    );
                    continue;
                }
            }
            let before = self.known.repairs.get(&r.repair_no).cloned();
            if let Some(b) = &before {
                if b.asset_tag != r.asset_tag {
                    p.add(
                        Some(r.row),
                        Some("资产编号"),
                        Some(&r.asset_tag),
                        format!("维修单登记后不能更改设备（原为“{}”）", b.asset_tag),
                        "a repair's asset cannot change after it is opened".into(),
                    );
                    continue;
                }
            }
            let state = r.state.or(before.as_ref().map(|b| b.state)).unwrap_or(RepairState::Pending);
            if let Some(b) = &before {
                if b.state != state && !b.state.may_become(state) {
                    p.add(
                        Some(r.row),
                        Some("状态"),
                        Some(state.label_zh()),
                        format!("状态不能从“{}”改回“{}”", b.state.label_zh(), state.label_zh()),
                        format!("the state cannot go back from {} to {}", b.state.code(), state.code()),
                    );
                    continue;
                }
            }
            if state == RepairState::Closed && r.result == Some(RepairResult::AwaitingParts) {
                p.add(
                    Some(r.row),
                    Some("维修结果"),
                    Some(RepairResult::AwaitingParts.label_zh()),
                    "待备件的维修不能关闭".into(),
                    "a repair awaiting parts cannot be closed".into(),
                );
                continue;
            }
            let (old_serial, new_serial) = r.swap.clone().unwrap_or((None, None));
            let closed_at = (state == RepairState::Closed)
                .then(|| before.as_ref().and_then(|b| b.closed_at).or(r.completed_at).unwrap_or(self.ctx.now));
            let after = Repair {
                repair_no: r.repair_no.clone(),
                fault_no: r.fault_no.clone(),
                asset_tag: r.asset_tag.clone(),
                asset_name: asset.name.clone(),
                device_vendor: asset.vendor.clone(),
                device_model: asset.model.clone(),
                serial: asset.serial.clone(),
                symptom: r.symptom.clone(),
                reported_at,
                mode,
                vendor: r.vendor.clone().unwrap_or_default(),
                case_no: r.case_no.clone(),
                technician: r.technician.clone(),
                arrived_at: r.arrived_at,
                work_done: r.work_done.clone(),
                parts,
                old_serial,
                new_serial,
                completed_at: r.completed_at,
                result: r.result,
                under_warranty: r.under_warranty,
                cost: r.cost,
                accepted_by: r.accepted_by.clone(),
                accepted_on: r.accepted_on,
                state,
                return_position: before.as_ref().and_then(|b| b.return_position.clone()),
                closed_at,
                allowed: Vec::new(),
            }
            .with_allowed();
            planned.push(Planned { sheet, row: r.row, key: r.repair_no, before, after });
        }
        plan.repairs.extend(planned);
    }
}

fn stamp(at: NaiveDateTime) -> String {
    crate::db::stamp(at)
}

fn position_text(a: &Asset) -> String {
    a.position().map(|p| position_label(&p.cabinet, p.start_u, p.face)).unwrap_or_default()
}

/// Checks that need every asset row at once: serial numbers unique per vendor, and no two
/// devices on one unit (against devices already racked, units reserved by approved racking
/// requests, and other rows, which may themselves be moving).
fn check_assets_together(
    known: &Known,
    plan: &Plan,
    reserved: Vec<Reserved>,
    sheets: &[String],
    lang: Lang,
    errors: &mut Vec<Problem>,
) {
    let in_file: HashMap<&str, &Planned<Asset>> = plan.assets.iter().map(|a| (a.key.as_str(), a)).collect();
    let problem = |a: &Planned<Asset>, column: &str, value: Option<String>, zh: String, en: String| Problem {
        sheet: sheets.get(a.sheet).cloned(),
        row: Some(a.row),
        column: Some(column.to_string()),
        value,
        message: msg(lang, zh, en),
    };
    // Serials: the file's rows against each other, and against stored assets the file leaves alone.
    let mut serials: HashMap<(&str, &str), &Planned<Asset>> = HashMap::new();
    let stored: HashMap<(&str, &str), &str> = known
        .assets
        .values()
        .filter(|(_, a)| !a.serial.is_empty() && !in_file.contains_key(a.asset_tag.as_str()))
        .map(|(_, a)| ((a.vendor.as_str(), a.serial.as_str()), a.asset_tag.as_str()))
        .collect();
    for a in &plan.assets {
        if a.after.serial.is_empty() {
            continue;
        }
        let key = (a.after.vendor.as_str(), a.after.serial.as_str());
        if let Some(first) = serials.get(&key) {
            errors.push(problem(
                a,
                AssetField::Serial.header_zh(),
                Some(a.after.serial.clone()),
                format!("品牌“{}”下序列号与第 {} 行（{}）重复", key.0, first.row, first.key),
                format!("serial duplicates row {} ({}) for vendor \"{}\"", first.row, first.key, key.0),
            ));
        } else if let Some(other) = stored.get(&key) {
            errors.push(problem(
                a,
                AssetField::Serial.header_zh(),
                Some(a.after.serial.clone()),
                format!("品牌“{}”下此序列号已被设备 {} 使用", key.0, other),
                format!("serial already used by {} for vendor \"{}\"", other, key.0),
            ));
        } else {
            serials.insert(key, a);
        }
    }
    // Space: the placement engine, over what stays where it is, the units reserved by approved
    // racking requests, and the file's rows in order (they may themselves be moving).
    let heights = known
        .cabinets
        .values()
        .map(|(_, c)| (c.code.clone(), c.u_height))
        .chain(plan.cabinets.iter().map(|c| (c.after.code.clone(), c.after.u_height)));
    let staying =
        known.assets.values().filter(|(_, a)| !in_file.contains_key(a.asset_tag.as_str())).filter_map(|(_, a)| {
            let p = a.position()?;
            Some((p.cabinet.clone(), mount(a, p.start_u, p.face)))
        });
    let snapshot = Snapshot::of_space(heights, staying, reserved);
    // A cabinet made lower than a device that stays in it.
    for c in &plan.cabinets {
        for m in snapshot.mounts(&c.after.code) {
            if m.u_height > 0 && m.end_u() > c.after.u_height {
                errors.push(Problem {
                    sheet: sheets.get(c.sheet).cloned(),
                    row: Some(c.row),
                    column: Some("U数".into()),
                    value: Some(c.after.u_height.to_string()),
                    message: msg(
                        lang,
                        format!("机柜中的设备 {} 在 U{}–U{}，高于新的 U 数", m.asset_tag, m.start_u, m.end_u()),
                        format!("device {} sits at U{}–U{}, above the new height", m.asset_tag, m.start_u, m.end_u()),
                    ),
                });
            }
        }
    }
    let placed: Vec<&Planned<Asset>> = plan.assets.iter().filter(|a| a.after.position().is_some()).collect();
    let proposals: Vec<Proposal> = placed
        .iter()
        .filter_map(|a| {
            let p = a.after.position()?;
            // An import records what is installed: its status is the file's (checked above),
            // and power never blocks it.
            Some(Proposal {
                cabinet: p.cabinet.clone(),
                mount: mount(&a.after, p.start_u, p.face),
                from: None,
                load_w: 0,
                status: None,
            })
        })
        .collect();
    for (a, j) in placed.iter().zip(judge(&snapshot, &proposals)) {
        let Some(e) = j.blocked else { continue };
        let mut zh = e.message(Lang::Zh);
        let mut en = e.message(Lang::En);
        for other in j.beside.iter().filter_map(|i| placed.get(*i)) {
            zh.push_str(&format!("（{} 在本表第 {} 行）", other.key, other.row));
            en.push_str(&format!(" ({} is on row {} of this sheet)", other.key, other.row));
        }
        errors.push(problem(a, AssetField::StartU.header_zh(), a.after.start_u.map(|u| u.to_string()), zh, en));
    }
}

fn mount(a: &Asset, start_u: u32, face: Face) -> Mount {
    Mount { asset_tag: a.asset_tag.clone(), name: a.name.clone(), start_u, u_height: a.u_height, face, depth: a.depth }
}

fn levels(conn: &Connection) -> Result<Levels> {
    let d = Levels::default();
    let get =
        |k: &str, d: f64| -> Result<f64> { Ok(db::settings::get(conn, k)?.and_then(|v| v.parse().ok()).unwrap_or(d)) };
    Ok(Levels { warning: get(WARNING_KEY, d.warning)?, alarm: get(ALARM_KEY, d.alarm)? })
}

fn audit(
    tx: &Connection,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    key: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    db::audit::insert(tx, ctx.now, &ctx.operator, &Record { action, entity, key, before, after, reason: None })
}

fn json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

fn asset_id(tx: &Connection, tag: &str) -> Result<i64> {
    db::assets::get(tx, tag)?.map(|(id, _)| id).ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })
}

fn room_id(tx: &Connection, name: &str) -> Result<i64> {
    db::rooms::get_id(tx, name)?.ok_or_else(|| Error::RoomNotFound { name: name.to_string() })
}

/// Writes the plan. Returns the codes of the cabinets whose power may have changed.
fn apply(tx: &Connection, ctx: &Ctx, plan: &Plan, progress: &mut dyn FnMut(Progress)) -> Result<HashSet<String>> {
    let total = plan.rooms.len()
        + plan.row_heads.len()
        + plan.cabinets.len()
        + plan.assets.len()
        + plan.readings.len()
        + plan.faults.len()
        + plan.repairs.len();
    let mut done = 0usize;
    let mut tick = |done: &mut usize| {
        *done += 1;
        if *done % PROGRESS_EVERY == 0 || *done == total {
            progress(Progress { stage: Stage::Writing, done: *done, total });
        }
    };
    let mut touched = HashSet::new();
    for r in &plan.rooms {
        match &r.before {
            None => {
                db::rooms::insert(tx, &r.after)?;
                audit(tx, ctx, "room.import", "room", &r.key, None, json(&r.after))?;
            }
            Some(b) if *b != r.after => {
                tx.execute(
                    "UPDATE rooms SET location = ?1, note = ?2 WHERE name = ?3",
                    rusqlite::params![r.after.location, r.after.note, r.key],
                )
                .map_err(Error::storage("修改机房"))?;
                audit(tx, ctx, "room.import", "room", &r.key, json(b), json(&r.after))?;
            }
            Some(_) => {}
        }
        tick(&mut done);
    }
    for h in &plan.row_heads {
        if h.before.as_ref() != Some(&h.after) {
            let rid = room_id(tx, &h.after.room)?;
            match db::row_heads::get(tx, &h.key)? {
                Some((id, _)) => db::row_heads::update(tx, id, rid, &h.after)?,
                None => {
                    db::row_heads::insert(tx, rid, &h.after)?;
                }
            }
            audit(tx, ctx, "row_head.import", "row_head", &h.key, h.before.as_ref().and_then(json), json(&h.after))?;
        }
        tick(&mut done);
    }
    for c in &plan.cabinets {
        if c.before.as_ref() != Some(&c.after) {
            let a = &c.after;
            let rid = room_id(tx, &a.room)?;
            let id = match db::cabinets::get(tx, &c.key)? {
                Some(row) => {
                    tx.execute(
                        "UPDATE cabinets SET room_id = ?1, row_label = ?2, u_height = ?3, owner = ?4, note = ?5 WHERE id = ?6",
                        rusqlite::params![rid, a.row, a.u_height, a.owner, a.note, row.id],
                    )
                    .map_err(Error::storage("修改机柜"))?;
                    row.id
                }
                None => {
                    let draft = crate::model::CabinetDraft {
                        code: a.code.clone(),
                        room: a.room.clone(),
                        row: a.row.clone(),
                        u_height: a.u_height,
                        owner: a.owner.clone(),
                        note: a.note.clone(),
                    };
                    db::cabinets::insert(tx, rid, &draft)?
                }
            };
            let feed = |code: &Option<String>| -> Result<Option<i64>> {
                match code {
                    Some(c) => Ok(db::row_heads::get(tx, c)?.map(|(id, _)| id)),
                    None => Ok(None),
                }
            };
            db::power::set_config(tx, id, &a.power, feed(&a.power.feed_a)?, feed(&a.power.feed_b)?)?;
            audit(tx, ctx, "cabinet.import", "cabinet", &c.key, c.before.as_ref().and_then(json), json(a))?;
            touched.insert(c.key.clone());
        }
        tick(&mut done);
    }
    let mut cabinet_ids: HashMap<String, i64> = HashMap::new();
    let mut cabinet_id = |tx: &Connection, code: &str| -> Result<i64> {
        if let Some(id) = cabinet_ids.get(code) {
            return Ok(*id);
        }
        let id = db::cabinets::get(tx, code)?
            .map(|c| c.id)
            .ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        cabinet_ids.insert(code.to_string(), id);
        Ok(id)
    };
    // A large first import builds these tables' indexes once at the end instead of row by row.
    let new_assets = plan.assets.iter().filter(|a| a.before.is_none()).count();
    let mut deferred = db::bulk::Deferred::default();
    for table in ["assets", "asset_history", "audit_log", "positions"] {
        db::bulk::defer_indexes(tx, table, new_assets, &mut deferred)?;
    }
    // The audit records' JSON (the whole asset, before and after) is built on another thread
    // while this one writes: a tenth of a large import's time, and a core that is free.
    let (send, audits) = std::sync::mpsc::sync_channel::<(Option<String>, Option<String>)>(1024);
    let assets = &plan.assets;
    std::thread::scope(|s| -> Result<()> {
        s.spawn(move || {
            for a in assets.iter().filter(|a| asset_changed(a)) {
                let mut after = a.after.clone();
                after.version = a.before.as_ref().map_or(1, |b| b.version + 1);
                // The writer stopped (an error): nothing more to build.
                if send.send((a.before.as_ref().and_then(json), json(&after))).is_err() {
                    return;
                }
            }
        });
        // Moved in, so that an error drops it before the scope waits for the builder, whose
        // next send then fails and ends it.
        let audits = audits;
        apply_assets(tx, ctx, assets, &audits, &mut cabinet_id, &mut touched, &mut || tick(&mut done))
    })?;
    deferred.rebuild(tx)?;
    for (_, _, r) in &plan.readings {
        db::readings::insert(tx, cabinet_id(tx, &r.cabinet)?, r)?;
        audit(tx, ctx, "reading.import", "cabinet", &r.cabinet, None, json(r))?;
        touched.insert(r.cabinet.clone());
        tick(&mut done);
    }
    for f in &plan.faults {
        if f.before.as_ref() != Some(&f.after) {
            match db::faults::get(tx, &f.key)? {
                Some((id, _)) => db::faults::update(tx, id, &f.after, ctx.now, &ctx.operator)?,
                None => {
                    let asset_id = match &f.after.asset_tag {
                        Some(tag) => Some(asset_id(tx, tag)?),
                        None => None,
                    };
                    db::faults::insert(tx, &f.after, asset_id, ctx.now, &ctx.operator)?;
                }
            }
            audit(tx, ctx, "fault.import", "fault", &f.key, f.before.as_ref().and_then(json), json(&f.after))?;
        }
        tick(&mut done);
    }
    for r in &plan.repairs {
        if r.before.as_ref() != Some(&r.after) {
            let a = &r.after;
            let id = match db::repairs::get(tx, &r.key)? {
                Some((id, _, _)) => id,
                None => {
                    let fault_id = match &a.fault_no {
                        Some(no) => Some(
                            db::faults::get(tx, no)?
                                .map(|(id, _)| id)
                                .ok_or_else(|| Error::FaultNotFound { no: no.clone() })?,
                        ),
                        None => None,
                    };
                    let row = db::repairs::RepairRow {
                        repair: a,
                        fault_id,
                        asset_id: asset_id(tx, &a.asset_tag)?,
                        return_cabinet_id: None,
                        return_start_u: None,
                        return_face: None,
                    };
                    db::repairs::insert(tx, &row, ctx.now, &ctx.operator)?
                }
            };
            db::repairs::update(tx, id, a, ctx.now, &ctx.operator)?;
            if r.before.as_ref().map(|b| &b.parts) != Some(&a.parts) {
                db::repair_parts::delete_all(tx, id)?;
                for part in &a.parts {
                    db::repair_parts::insert(tx, id, part)?;
                }
            }
            audit(tx, ctx, "repair.import", "repair", &r.key, r.before.as_ref().and_then(json), json(a))?;
        }
        tick(&mut done);
    }
    super::environment::apply_env(tx, ctx, &plan.env)?;
    Ok(touched)
}

/// Whether a planned asset changes anything stored.
fn asset_changed(a: &Planned<Asset>) -> bool {
    match &a.before {
        None => true,
        // The plan starts an update from the stored asset, so the versions match.
        Some(b) if b.version == a.after.version => *b != a.after,
        Some(b) => {
            let mut same = b.clone();
            same.version = a.after.version;
            same != a.after
        }
    }
}

/// Writes the planned assets: the row, its position, its history, and its audit record with
/// the JSON `audits` sends for each changed asset in order.
fn apply_assets(
    tx: &Connection,
    ctx: &Ctx,
    assets: &[Planned<Asset>],
    audits: &std::sync::mpsc::Receiver<(Option<String>, Option<String>)>,
    cabinet_id: &mut dyn FnMut(&Connection, &str) -> Result<i64>,
    touched: &mut HashSet<String>,
    tick: &mut dyn FnMut(),
) -> Result<()> {
    for a in assets {
        if !asset_changed(a) {
            tick();
            continue;
        }
        let after = &a.after;
        let before_pos = a.before.as_ref().and_then(Asset::position);
        let after_pos = after.position();
        let id = match &a.before {
            None => {
                let id = db::assets::insert(tx, after, ctx.now, &ctx.operator)?;
                db::history::insert(tx, id, &HistoryEntry::new("created", ctx.now, &ctx.operator))?;
                id
            }
            Some(b) => {
                let id = db::assets::get(tx, &b.asset_tag)?
                    .map(|(id, _)| id)
                    .ok_or_else(|| Error::AssetNotFound { tag: b.asset_tag.clone() })?;
                db::assets::update(tx, id, after, ctx.now, &ctx.operator)?;
                let note = |kind: &str, old: String, new: String| -> Result<()> {
                    if old == new {
                        return Ok(());
                    }
                    let mut h = HistoryEntry::new(kind, ctx.now, &ctx.operator);
                    h.old_value = Some(old);
                    h.new_value = Some(new);
                    db::history::insert(tx, id, &h)
                };
                note("status", b.status.code().into(), after.status.code().into())?;
                note("serial", b.serial.clone(), after.serial.clone())?;
                id
            }
        };
        if before_pos != after_pos {
            let from = before_pos.as_ref().map(|p| position_label(&p.cabinet, p.start_u, p.face));
            let to = after_pos.as_ref().map(|p| position_label(&p.cabinet, p.start_u, p.face));
            let kind = match (&before_pos, &after_pos) {
                (None, Some(_)) => "placed",
                (Some(_), Some(_)) => "moved",
                _ => "unplaced",
            };
            match &after_pos {
                Some(p) => db::positions::put(tx, id, cabinet_id(tx, &p.cabinet)?, p.start_u, p.face)?,
                None => db::positions::delete(tx, id)?,
            }
            let mut h = HistoryEntry::new(kind, ctx.now, &ctx.operator);
            h.from_pos = from;
            h.to_pos = to;
            db::history::insert(tx, id, &h)?;
        }
        for p in [&before_pos, &after_pos].into_iter().flatten() {
            if !touched.contains(&p.cabinet) {
                touched.insert(p.cabinet.clone());
            }
        }
        // The builder only stops early when this side has stopped.
        let (before_json, after_json) = audits
            .recv()
            .map_err(|_| Error::Storage {
                context: "生成审计记录".into(), source: rusqlite::Error::InvalidQuery
            })?;
        audit(tx, ctx, "asset.import", "asset", &a.key, before_json, after_json)?;
        tick();
    }
    Ok(())
}

/// Cabinets and row-heads the import touched that are now at warning or worse.
fn power_warnings(
    tx: &Connection,
    levels: Levels,
    touched: &HashSet<String>,
    found: &[Found<'_>],
    plan: &Plan,
    lang: Lang,
    out: &mut Vec<Problem>,
) -> Result<()> {
    let cabinets = db::power::all_cabinets(tx)?;
    let heads = db::row_heads::list(tx)?;
    let r = report::evaluate(&cabinets, &heads, levels);
    let sheet_of = |kind: SheetKind| {
        found
            .iter()
            .find(|f| f.kind == kind)
            .map(|f| f.raw.name.clone())
            .unwrap_or_else(|| kind.sheet_name().to_string())
    };
    let cab_rows: HashMap<&str, u32> = plan.cabinets.iter().map(|c| (c.key.as_str(), c.row)).collect();
    let head_rows: HashMap<&str, u32> = plan.row_heads.iter().map(|h| (h.key.as_str(), h.row)).collect();
    let mut fed: HashSet<String> = HashSet::new();
    for c in r.cabinets.iter().filter(|c| touched.contains(&c.cabinet)) {
        fed.extend(c.feeds.iter().cloned());
        if !c.status.is_alert() {
            continue;
        }
        out.push(Problem {
            sheet: Some(sheet_of(SheetKind::Cabinets)),
            row: cab_rows.get(c.cabinet.as_str()).copied(),
            column: Some("额定功率(kW)".into()),
            value: Some(pct(c.utilization)),
            message: msg(
                lang,
                format!(
                    "机柜 {} 导入后负载 {}，为额定 {} 的 {}，{}（预警 {:.0}% / 告警 {:.0}%）",
                    c.cabinet,
                    kw(c.load_w as f64),
                    kw(c.capacity_w.unwrap_or(0) as f64),
                    pct(c.utilization),
                    c.status.label_zh(),
                    c.warning_level * 100.0,
                    c.alarm_level * 100.0
                ),
                format!(
                    "cabinet {} is loaded {} after the import, {} of its {}: {} (warning {:.0}% / alarm {:.0}%)",
                    c.cabinet,
                    kw(c.load_w as f64),
                    pct(c.utilization),
                    kw(c.capacity_w.unwrap_or(0) as f64),
                    c.status.code(),
                    c.warning_level * 100.0,
                    c.alarm_level * 100.0
                ),
            ),
        });
    }
    fed.extend(plan.row_heads.iter().map(|h| h.key.clone()));
    for h in r.row_heads.iter().filter(|h| fed.contains(&h.row_head)) {
        let worst =
            h.status.max(if h.failover_status >= PowerStatus::Critical { h.failover_status } else { PowerStatus::Ok });
        if !worst.is_alert() {
            continue;
        }
        out.push(Problem {
            sheet: Some(sheet_of(SheetKind::RowHeads)),
            row: head_rows.get(h.row_head.as_str()).copied(),
            column: Some("额定容量(kW)".into()),
            value: Some(pct(h.utilization)),
            message: msg(
                lang,
                format!(
                    "列头柜 {} 导入后负载 {}（容量 {} 的 {}），{}；故障切换负载 {}（{}），{}",
                    h.row_head,
                    kw(h.load_w),
                    kw(h.capacity_w as f64),
                    pct(h.utilization),
                    h.status.label_zh(),
                    kw(h.failover_load_w),
                    pct(h.failover_utilization),
                    h.failover_status.label_zh()
                ),
                format!(
                    "row-head {} is loaded {} after the import ({} of {}): {}; failover load {} ({}): {}",
                    h.row_head,
                    kw(h.load_w),
                    pct(h.utilization),
                    kw(h.capacity_w as f64),
                    h.status.code(),
                    kw(h.failover_load_w),
                    pct(h.failover_utilization),
                    h.failover_status.code()
                ),
            ),
        });
    }
    Ok(())
}
