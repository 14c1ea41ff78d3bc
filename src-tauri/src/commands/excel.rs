//! Excel import and export ([`rackledger::excel`]) for the import wizard and the export menu.
//!
//! Paths never come from the web side (see [`crate::files`]): `excel_pick_import` asks with the
//! native dialog and hands back a token, a file dropped onto the window gets one too (emitted
//! as [`DROPPED_EVENT`]), and `excel_export` asks for its destination itself. Imports and
//! exports run on a blocking worker, off the main thread, streaming the core's progress through
//! a [`Channel`]; the dry run and the commit are the core's `import_file` with `dry_run` true
//! and false, so the commit re-checks the file and writes nothing when anything is wrong.
//!
//! The answer is the core's report as the window shows it ([`ImportView`]: trimmed, with its
//! totals, its field diffs labelled and its problems grouped).

use std::path::{Path, PathBuf};

use rackledger::excel::view::ImportView;
use rackledger::excel::{self, ExportKind, ExportSummary, Progress};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::error::{CommandError, CommandResult};
use crate::files::{Dialogs, PickedFile, PickedFiles, SPREADSHEETS, XLSX};
use crate::state::AppState;

/// The event a file dropped onto the window is announced with: a [`PickedFile`].
pub const DROPPED_EVENT: &str = "excel://dropped";
/// Asks for the workbook to import with the native dialog; None when cancelled.
#[tauri::command]
pub async fn excel_pick_import<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<PickedFile>> {
    let lang = app.state::<AppState>().lang().core();
    let worker = app.clone();
    let path = tauri::async_runtime::spawn_blocking(move || {
        let title = lang.pick("选择要导入的 Excel 文件", "Choose the workbook to import");
        worker.state::<Dialogs>().pick_file(&worker, title, &SPREADSHEETS)
    })
    .await
    .map_err(CommandError::internal)?;
    Ok(path.map(|p| app.state::<PickedFiles>().register(p)))
}

/// A file dropped onto the window: remembered under a token and announced to the web side.
pub fn dropped<R: Runtime>(app: &AppHandle<R>, paths: &[PathBuf]) {
    if let Some(path) = paths.iter().find(|p| p.is_file()) {
        let file = app.state::<PickedFiles>().register(path.clone());
        let _ = app.emit(DROPPED_EVENT, file);
    }
}

/// Forgets a picked file (the wizard was closed).
#[tauri::command]
pub fn excel_forget<R: Runtime>(app: AppHandle<R>, token: String) {
    app.state::<PickedFiles>().forget(&token);
}

fn picked<R: Runtime>(app: &AppHandle<R>, token: &str) -> CommandResult<PathBuf> {
    app.state::<PickedFiles>().path(token).ok_or_else(|| {
        let lang = app.state::<AppState>().lang().core();
        CommandError::new("unknown_file", lang.pick("请重新选择要导入的文件", "choose the file again"))
    })
}

/// Runs the import of `path` on the open ledger, reporting progress to `progress`.
pub fn run_import(
    state: &AppState,
    path: &Path,
    dry_run: bool,
    progress: &mut dyn FnMut(Progress),
) -> CommandResult<ImportView> {
    let ctx = state.ctx();
    let report = state.with_ledger(|l| excel::import_backed_up(l, &ctx, path, dry_run, progress))?;
    Ok(ImportView::new(crate::files::file_name(path), report, state.lang().core()))
}

async fn import<R: Runtime>(
    app: AppHandle<R>,
    token: String,
    dry_run: bool,
    on_progress: Channel<Progress>,
) -> CommandResult<ImportView> {
    let path = picked(&app, &token)?;
    tauri::async_runtime::spawn_blocking(move || {
        let mut progress = |p: Progress| {
            // A closed window only loses the progress bar; the import goes on.
            let _ = on_progress.send(p);
        };
        run_import(&app.state::<AppState>(), &path, dry_run, &mut progress)
    })
    .await
    .map_err(CommandError::internal)?
}

/// The dry run: what importing the picked file would do; writes nothing.
#[tauri::command(rename_all = "snake_case")]
pub async fn excel_import_preview<R: Runtime>(
    app: AppHandle<R>,
    token: String,
    on_progress: Channel<Progress>,
) -> CommandResult<ImportView> {
    import(app, token, true, on_progress).await
}

/// The import itself, in one transaction; with any error, nothing is written.
#[tauri::command(rename_all = "snake_case")]
pub async fn excel_import_commit<R: Runtime>(
    app: AppHandle<R>,
    token: String,
    on_progress: Channel<Progress>,
) -> CommandResult<ImportView> {
    import(app, token, false, on_progress).await
}

/// One kind of export the menu offers.
#[derive(Debug, Clone, Serialize)]
pub struct ExportKindInfo {
    pub code: &'static str,
    pub label: &'static str,
    /// What the kind needs besides itself: `template` (a form's code), `number` (单号) or `week`
    /// (any day of the week).
    pub needs: Option<&'static str>,
    /// Whether the core writes it yet.
    pub available: bool,
}

/// The export menu: the command line's kinds (`rackledger export KIND`), with labels.
// Mirrors the core's list of kinds; the core decides which it writes (`ExportKind::parse`).
const KINDS: &[(&str, &str, &str, Option<&str>)] = &[
    ("assets", "资产登记", "Asset register", None),
    ("site", "机房台账（整站）", "Whole site", None),
    ("weekly", "资产统计清单（按周）", "Weekly asset statistics", Some("week")),
    ("ports", "端口表", "Ports", None),
    ("repairs", "附件4 维修记录", "Repairs (form 4)", None),
    ("faults", "附件3 故障告警登记表", "Faults and alarms (form 3)", None),
    ("resources", "附件11 资源统计表", "Resource statistics (form 11)", None),
    ("power", "机柜功率表", "Cabinet power", None),
    ("request", "附件2 设备上架申请表", "Racking request (form 2)", Some("number")),
    ("operation", "附件5 操作申请单", "Operation request (form 5)", Some("number")),
    ("inspection", "附件1 巡检表", "Daily inspection (form 1)", Some("number")),
    ("fault-week", "故障周报（按周）", "Weekly fault report", Some("week")),
    ("env", "温湿度记录", "Temperature and humidity", None),
    ("patrol", "机房巡视记录", "IDC patrol record", None),
    ("template", "空白表单", "Empty form", Some("template")),
];

/// The forms `template NAME` may name; the core says which it writes.
const TEMPLATES: &[(&str, &str, &str)] = &[
    ("assets", "资产登记", "Asset register"),
    ("site", "机房台账（整站）", "Whole site"),
    ("weekly", "资产统计清单", "Weekly asset statistics"),
    ("repairs", "附件4 维修记录", "Repairs"),
    ("faults", "附件3 故障告警登记表", "Faults and alarms"),
    ("resources", "附件11 资源统计表", "Resource statistics"),
    ("power", "机柜功率表", "Cabinet power"),
];

/// The file name a kind's export suggests: `资产登记_2026-11-25.xlsx`.
pub fn suggested_name(kind: &str, arg: Option<&str>, day: chrono::NaiveDate) -> String {
    let stem = match kind {
        "assets" => "资产登记".to_string(),
        "site" => "机房台账".to_string(),
        "weekly" => match arg.and_then(|w| rackledger::excel::forms::weekly::parse_week(w).ok()) {
            Some(monday) => format!("资产统计清单_{}", monday.format("%G-W%V")),
            None => "资产统计清单".to_string(),
        },
        "ports" => "端口表".to_string(),
        "repairs" => "维修记录".to_string(),
        "faults" => "故障告警登记".to_string(),
        "resources" => "资源统计表".to_string(),
        "power" => "机柜功率表".to_string(),
        "request" => format!("上架申请_{}", arg.unwrap_or_default()),
        "operation" => format!("操作申请_{}", arg.unwrap_or_default()),
        "inspection" => format!("巡检表_{}", arg.unwrap_or_default()),
        "fault-week" => match arg.and_then(|w| rackledger::excel::forms::weekly::parse_week(w).ok()) {
            Some(monday) => format!("故障周报_{}", monday.format("%G-W%V")),
            None => "故障周报".to_string(),
        },
        "env" => "温湿度记录".to_string(),
        "patrol" => "机房巡视记录".to_string(),
        "template" => {
            let form = TEMPLATES.iter().find(|t| Some(t.0) == arg).map(|t| t.1).unwrap_or("表单");
            format!("空白表单_{form}")
        }
        other => other.to_string(),
    };
    // Characters Windows refuses in a file name.
    let stem: String =
        stem.chars().map(|c| if r#"\/:*?"<>|"#.contains(c) || c.is_control() { '_' } else { c }).collect();
    format!("{stem}_{}.xlsx", day.format("%Y-%m-%d"))
}

fn written(kind: &str, name: Option<&str>) -> bool {
    !matches!(ExportKind::parse(kind, name), Err(rackledger::Error::NotSupported { .. }))
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportMenu {
    pub kinds: Vec<ExportKindInfo>,
    /// The forms an empty template can be: `[code, label]`.
    pub templates: Vec<(&'static str, &'static str)>,
}

#[tauri::command]
pub fn excel_export_kinds<R: Runtime>(app: AppHandle<R>) -> ExportMenu {
    let lang = app.state::<AppState>().lang().core();
    let templates: Vec<_> = TEMPLATES
        .iter()
        .filter(|t| written("template", Some(t.0)))
        .map(|&(code, zh, en)| (code, lang.pick(zh, en)))
        .collect();
    let kinds = KINDS
        .iter()
        .map(|&(code, zh, en, needs)| {
            let sample = match needs {
                Some("template") => templates.first().map(|t| t.0),
                Some("week") => None,
                Some(_) => Some("1"),
                None => None,
            };
            ExportKindInfo { code, label: lang.pick(zh, en), needs, available: written(code, sample) }
        })
        .collect();
    ExportMenu { kinds, templates }
}

/// Where an export was written.
#[derive(Debug, Clone, Serialize)]
pub struct ExportDone {
    #[serde(flatten)]
    pub summary: ExportSummary,
    pub folder: String,
    /// For `excel_reveal`.
    pub token: String,
}

/// Asks where to save (suggesting `资产登记_2026-11-25.xlsx` and the like), then writes the
/// export there; None when the dialog was cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn excel_export<R: Runtime>(
    app: AppHandle<R>,
    kind: String,
    arg: Option<String>,
    on_progress: Channel<Progress>,
) -> CommandResult<Option<ExportDone>> {
    let state = app.state::<AppState>();
    let lang = state.lang().core();
    let parsed = ExportKind::parse(&kind, arg.as_deref()).map_err(|e| CommandError::from_core(&e, lang))?;
    let ctx = state.ctx();
    let suggested = suggested_name(&kind, arg.as_deref(), ctx.now.date());
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let title = lang.pick("导出到", "Export to");
        let Some(out) = worker.state::<Dialogs>().save_file(&worker, title, &suggested, &XLSX) else {
            return Ok(None);
        };
        let mut progress = |p: Progress| {
            let _ = on_progress.send(p);
        };
        let state = worker.state::<AppState>();
        let summary = state.with_ledger(|l| excel::export(l, &parsed, &out, None, ctx.now, &mut progress))?;
        let folder = out.parent().map(|d| d.display().to_string()).unwrap_or_default();
        let token = worker.state::<PickedFiles>().register(out).token;
        Ok(Some(ExportDone { summary, folder, token }))
    })
    .await
    .map_err(CommandError::internal)?
}

/// Opens the folder holding an exported file in the system's file manager, with the file
/// selected where the system can; returns the folder.
#[tauri::command]
pub fn excel_reveal<R: Runtime>(app: AppHandle<R>, token: String) -> CommandResult<String> {
    let lang = app.state::<AppState>().lang().core();
    let file = app
        .state::<PickedFiles>()
        .path(&token)
        .ok_or_else(|| CommandError::new("unknown_file", lang.pick("找不到该文件", "file not known")))?;
    let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
    if *app.state::<Dialogs>() == Dialogs::Native {
        reveal(&file, &folder).map_err(|e| {
            CommandError::new("reveal", format!("{}{e}", lang.pick("无法打开文件夹：", "cannot open the folder: ")))
        })?;
    }
    Ok(folder.display().to_string())
}

fn reveal(file: &Path, folder: &Path) -> std::io::Result<()> {
    use std::process::Command;
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("explorer");
        c.arg(format!("/select,{}", file.display()));
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg("-R").arg(file);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(folder);
        c
    };
    cmd.spawn().map(drop)
}

#[cfg(test)]
mod tests {
    use rackledger::excel::import::RowChange;
    use rackledger::excel::view::{MAX_CHANGES, MAX_PROBLEMS};
    use rackledger::excel::{ImportReport, Problem, SheetKind};
    use serde_json::json;

    use super::*;
    use crate::test_support::{invoke, mock_app};

    const CHANNEL: &str = "__CHANNEL__:1";

    /// A ledger with the demo site in it, exported as `kind` into `dir`.
    fn demo_export(dir: &Path, kind: &str) -> PathBuf {
        let db = dir.join("demo.db");
        let mut l = rackledger::Ledger::open(&db, rackledger::Lang::Zh).expect("opens");
        l.demo(&rackledger::Ctx::now("test"), crate::commands::meta::START_DEMO).expect("demo");
        let out = dir.join(format!("{kind}.xlsx"));
        let kind = ExportKind::parse(kind, None).expect("kind");
        excel::export(&l, &kind, &out, None, rackledger::Ctx::now("test").now, &mut |_| {}).expect("export");
        out
    }

    fn answer(dir: &Path, lines: &[&str]) {
        std::fs::write(dir.join("dialogs.txt"), lines.join("\n")).unwrap();
    }

    fn pick(w: &tauri::WebviewWindow<tauri::test::MockRuntime>) -> String {
        let got = invoke(w, "excel_pick_import", json!({})).unwrap();
        got["token"].as_str().expect("a token").to_string()
    }

    #[test]
    fn a_site_workbook_previews_without_writing_then_commits_in_full() {
        let (dir, w) = mock_app();
        let file = demo_export(dir.path(), "site");
        answer(dir.path(), &[&file.display().to_string()]);
        let token = pick(&w);

        let preview = invoke(&w, "excel_import_preview", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        assert_eq!(preview["ok"], true, "{preview}");
        assert_eq!(preview["dry_run"], true);
        assert_eq!(preview["file"], "site.xlsx");
        let assets = preview["sheets"].as_array().unwrap().iter().find(|s| s["kind"] == "assets").unwrap().clone();
        let inserted = assets["inserted"].as_u64().unwrap();
        assert!(inserted > 0);
        assert_eq!(assets["changes_total"].as_u64().unwrap(), inserted);
        assert_eq!(invoke(&w, "is_empty", json!({})).unwrap(), true, "a dry run writes nothing");
        let backups = || -> Vec<String> {
            std::fs::read_dir(rackledger::backup::default_dir(&dir.path().join("ledger.db")))
                .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                .unwrap_or_default()
        };
        assert!(!backups().iter().any(|n| n.ends_with("-import.db")), "a dry run backs nothing up");

        let done = invoke(&w, "excel_import_commit", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        assert_eq!(done["ok"], true, "{done}");
        assert_eq!(done["dry_run"], false);
        assert_eq!(
            backups().iter().filter(|n| n.ends_with("-import.db")).count(),
            1,
            "backed up first: {:?}",
            backups()
        );
        assert_eq!(invoke(&w, "count_assets", json!({ "filter": {} })).unwrap().as_u64(), Some(inserted));

        // Again: every row is unchanged now.
        let again = invoke(&w, "excel_import_preview", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        let sheets = again["sheets"].as_array().unwrap();
        assert!(sheets.iter().all(|s| s["inserted"] == 0 && s["updated"] == 0), "{again}");
        assert_eq!(sheets.iter().find(|s| s["kind"] == "assets").unwrap()["unchanged"].as_u64(), Some(inserted));
    }

    #[test]
    fn an_update_shows_its_field_diffs_with_the_column_header() {
        let (dir, w) = mock_app();
        let file = demo_export(dir.path(), "site");
        answer(dir.path(), &[&file.display().to_string()]);
        let token = pick(&w);
        invoke(&w, "excel_import_commit", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        // Rename one device in the ledger; the file now updates it back.
        let page = invoke(&w, "list_assets", json!({ "filter": { "limit": 1 }, "with_total": false })).unwrap();
        let tag = page["rows"][0]["asset_tag"].as_str().unwrap().to_string();
        let name = page["rows"][0]["name"].as_str().unwrap().to_string();
        invoke(&w, "set_asset", json!({ "tag": tag, "values": { "name": "改过的名称" }, "expected_version": null }))
            .unwrap();
        let preview = invoke(&w, "excel_import_preview", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        let assets = preview["sheets"].as_array().unwrap().iter().find(|s| s["kind"] == "assets").unwrap().clone();
        assert_eq!(assets["updated"], 1, "{assets}");
        let row = &assets["changes"][0];
        assert_eq!(row["action"], "update");
        assert_eq!(row["key"], tag.as_str());
        let f = row["fields"].as_array().unwrap().iter().find(|f| f["field"] == "name").unwrap().clone();
        assert_eq!(f["label"], "设备名称");
        assert_eq!(f["before"], "改过的名称");
        assert_eq!(f["after"], name.as_str());
    }

    #[test]
    fn a_bad_file_is_refused_whole_with_located_errors() {
        let (dir, w) = mock_app();
        // 资产登记 alone names cabinets this empty ledger does not have.
        let file = demo_export(dir.path(), "assets");
        answer(dir.path(), &[&file.display().to_string()]);
        let token = pick(&w);
        let preview = invoke(&w, "excel_import_preview", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        assert_eq!(preview["ok"], false);
        let e = &preview["errors"][0];
        assert_eq!(e["sheet"], "资产登记");
        assert_eq!(e["row"], 3);
        assert_eq!(e["column"], "机柜编号");
        assert!(!e["message"].as_str().unwrap().is_empty());
        assert_eq!(preview["errors_total"].as_u64(), Some(preview["errors"].as_array().unwrap().len() as u64));
        let done = invoke(&w, "excel_import_commit", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        assert_eq!(done["ok"], false);
        assert_eq!(invoke(&w, "is_empty", json!({})).unwrap(), true, "nothing written");

        // Not a workbook at all: one clear error, no panic.
        let junk = dir.path().join("junk.xlsx");
        std::fs::write(&junk, "not a zip").unwrap();
        answer(dir.path(), &[&junk.display().to_string()]);
        let token = pick(&w);
        let r = invoke(&w, "excel_import_preview", json!({ "token": token, "on_progress": CHANNEL })).unwrap();
        assert_eq!(r["ok"], false);
        assert_eq!(r["errors"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn only_a_token_the_backend_gave_names_a_file() {
        let (dir, w) = mock_app();
        let file = demo_export(dir.path(), "site");
        for token in [file.display().to_string(), "file-42".to_string(), String::new()] {
            let err =
                invoke(&w, "excel_import_preview", json!({ "token": token, "on_progress": CHANNEL })).unwrap_err();
            assert_eq!(err["code"], "unknown_file");
        }
        answer(dir.path(), &["CANCEL"]);
        assert_eq!(invoke(&w, "excel_pick_import", json!({})).unwrap(), serde_json::Value::Null);
        answer(dir.path(), &[&file.display().to_string()]);
        let token = pick(&w);
        invoke(&w, "excel_forget", json!({ "token": token })).unwrap();
        let err = invoke(&w, "excel_import_preview", json!({ "token": token, "on_progress": CHANNEL })).unwrap_err();
        assert_eq!(err["code"], "unknown_file");
    }

    #[test]
    fn a_dropped_file_gets_a_token_and_is_announced() {
        use tauri::Listener;
        let (dir, w) = mock_app();
        let file = demo_export(dir.path(), "site");
        let app = w.app_handle().clone();
        let (tx, rx) = std::sync::mpsc::channel();
        app.listen(DROPPED_EVENT, move |e| {
            let _ = tx.send(e.payload().to_string());
        });
        // A folder is skipped; the first file is taken.
        dropped(&app, &[dir.path().to_path_buf(), file.clone()]);
        let got: PickedFile = {
            let raw = rx.recv_timeout(std::time::Duration::from_secs(5)).expect("announced");
            let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
            PickedFile { token: v["token"].as_str().unwrap().into(), name: v["name"].as_str().unwrap().into() }
        };
        assert_eq!(got.name, "site.xlsx");
        assert_eq!(app.state::<PickedFiles>().path(&got.token), Some(file));
        let preview =
            invoke(&w, "excel_import_preview", json!({ "token": got.token, "on_progress": CHANNEL })).unwrap();
        assert_eq!(preview["ok"], true);
        // Nothing droppable: nothing announced.
        dropped(&app, &[dir.path().to_path_buf()]);
        assert!(rx.recv_timeout(std::time::Duration::from_millis(200)).is_err());
    }

    #[test]
    fn progress_comes_in_stages_and_ends_complete() {
        let dir = tempfile::tempdir().unwrap();
        let file = demo_export(dir.path(), "site");
        let state = AppState::new(Some(dir.path().join("empty.db")));
        let mut seen = Vec::new();
        let view = run_import(&state, &file, true, &mut |p| seen.push(p)).unwrap();
        assert!(view.ok);
        assert!(seen.iter().any(|p| p.stage == excel::Stage::Reading));
        assert!(seen.iter().all(|p| p.done <= p.total), "{seen:?}");
        assert!(seen.len() >= 2);
    }

    #[test]
    fn a_report_of_many_rows_is_trimmed_with_its_totals() {
        let problem = |i: u32| Problem { sheet: None, row: Some(i), column: None, value: None, message: "x".into() };
        let change = |i: u32, action| RowChange { row: i, key: format!("K{i}"), action, fields: Vec::new() };
        let mut changes: Vec<RowChange> = (0..900).map(|i| change(i, "insert")).collect();
        changes.push(change(901, "update"));
        let report = ImportReport {
            ok: false,
            dry_run: true,
            sheets: vec![excel::SheetReport {
                sheet: "资产登记".into(),
                kind: SheetKind::Assets,
                inserted: 900,
                updated: 1,
                unchanged: 0,
                ignored_columns: vec![],
                changes,
            }],
            errors: (0..3000).map(problem).collect(),
            request_no: None,
            inspection_no: None,
            warnings: vec![problem(1)],
        };
        let v = ImportView::new("a.xlsx".into(), report, rackledger::i18n::Lang::Zh);
        assert_eq!((v.errors.len(), v.errors_total), (MAX_PROBLEMS, 3000));
        assert_eq!((v.warnings.len(), v.warnings_total), (1, 1));
        assert_eq!(v.sheets[0].changes.len(), MAX_CHANGES);
        assert_eq!(v.sheets[0].changes_total, 901);
        assert_eq!(v.sheets[0].changes[0].action, "update", "updates come first");
    }

    #[test]
    fn export_asks_where_suggests_a_chinese_name_and_writes_there() {
        let (dir, w) = mock_app();
        invoke(&w, "start_demo", json!({})).unwrap();
        let out_dir = dir.path().join("导出");
        std::fs::create_dir_all(&out_dir).unwrap();
        answer(dir.path(), &[&out_dir.display().to_string(), "CANCEL"]);
        let done =
            invoke(&w, "excel_export", json!({ "kind": "assets", "arg": null, "on_progress": CHANNEL })).unwrap();
        let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
        let expected = out_dir.join(format!("资产登记_{today}.xlsx"));
        assert_eq!(done["file"], expected.display().to_string(), "{done}");
        assert_eq!(done["folder"], out_dir.display().to_string());
        let count = invoke(&w, "count_assets", json!({ "filter": {} })).unwrap().as_u64().unwrap() as usize;
        assert_eq!(done["sheets"][0]["rows"].as_u64().unwrap() as usize, count);
        // Read back with the importer's reader: the sheet and one row a device after title and header.
        let sheets = rackledger::excel::read::read_workbook(&expected).unwrap();
        assert_eq!(sheets[0].name, "资产登记");
        assert_eq!(sheets[0].rows.iter().filter(|r| !r.is_empty()).count(), count + 2);
        // The folder button names that folder (the scripted run opens nothing).
        let token = done["token"].as_str().unwrap();
        assert_eq!(invoke(&w, "excel_reveal", json!({ "token": token })).unwrap(), out_dir.display().to_string());
        // Cancelled: nothing written, null.
        let none = invoke(&w, "excel_export", json!({ "kind": "power", "arg": null, "on_progress": CHANNEL })).unwrap();
        assert_eq!(none, serde_json::Value::Null);
        // A kind the core does not know is refused with its message.
        let err =
            invoke(&w, "excel_export", json!({ "kind": "nope", "arg": null, "on_progress": CHANNEL })).unwrap_err();
        assert!(err["message"].as_str().unwrap().contains("KIND"), "{err}");
    }

    #[test]
    fn the_menu_lists_every_kind_and_the_core_says_which_it_writes() {
        let (_dir, w) = mock_app();
        let menu = invoke(&w, "excel_export_kinds", json!({})).unwrap();
        let kinds = menu["kinds"].as_array().unwrap();
        let codes: Vec<&str> = kinds.iter().map(|k| k["code"].as_str().unwrap()).collect();
        assert_eq!(
            codes,
            [
                "assets",
                "site",
                "weekly",
                "ports",
                "repairs",
                "faults",
                "resources",
                "power",
                "request",
                "operation",
                "inspection",
                "fault-week",
                "env",
                "patrol",
                "template"
            ]
        );
        for code in ["assets", "site", "power", "fault-week", "env", "patrol", "template"] {
            assert_eq!(kinds.iter().find(|k| k["code"] == code).unwrap()["available"], true, "{code}");
        }
        assert!(menu["templates"].as_array().unwrap().iter().any(|t| t[0] == "assets"));
    }

    #[test]
    fn suggested_names_are_chinese_and_dated() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(suggested_name("assets", None, day), "资产登记_2026-11-25.xlsx");
        assert_eq!(suggested_name("template", Some("site"), day), "空白表单_机房台账（整站）_2026-11-25.xlsx");
        assert_eq!(suggested_name("request", Some("SQ/7"), day), "上架申请_SQ_7_2026-11-25.xlsx");
        assert_eq!(suggested_name("weekly", Some("2026-11-19"), day), "资产统计清单_2026-W47_2026-11-25.xlsx");
    }
}
