//! Which database file the app works on: open another one (chosen in the native file dialog on
//! the web side) or go back to the default. The choice is remembered in the app's config file
//! and used at the next start unless `--db` is given.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::assets::Readers;
use crate::error::{CommandError, CommandResult};
use crate::state::{AppConfig, AppState};

/// What the status bar shows after a switch.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DbInfo {
    pub db_path: String,
    pub db_from_args: bool,
}

fn info(state: &AppState) -> DbInfo {
    DbInfo { db_path: crate::commands::meta::shown_db(&state.effective_db_path()), db_from_args: state.db_from_args() }
}

fn remember(state: &AppState, db_path: Option<PathBuf>) -> CommandResult<()> {
    match state.config_file() {
        Some(file) => {
            let mut config = AppConfig::load(&file);
            config.db_path = db_path;
            config.save(&file).map_err(CommandError::internal)
        }
        None => Ok(()),
    }
}

/// Asks for a ledger file in the native dialog and opens it; `None` when the dialog was
/// cancelled. The path comes from the dialog the user answered, never from the web side: no
/// command takes a file path.
#[tauri::command]
pub async fn pick_database<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    readers: State<'_, Readers>,
    title: String,
) -> CommandResult<Option<DbInfo>> {
    let title: String = title.chars().take(200).collect();
    // An async command runs off the main thread, where the blocking dialog is allowed.
    let picked =
        app.dialog().file().set_title(title).add_filter("SQLite", &["db", "sqlite", "sqlite3"]).blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    open_database(&state, &readers, path.display().to_string()).map(Some)
}

/// Opens the ledger file at `path` in place of the current one and remembers it. A file the
/// core cannot open is refused with the core's message, and the current ledger stays open.
pub fn open_database(state: &AppState, readers: &Readers, path: String) -> CommandResult<DbInfo> {
    let path = PathBuf::from(path.trim());
    if path.as_os_str().is_empty() {
        return Err(CommandError::from_core(
            &rackledger::Error::MissingField { field: "数据库文件".into() },
            state.lang().core(),
        ));
    }
    state.switch_to(path.clone())?;
    readers.switch(path.clone());
    remember(state, Some(path))?;
    Ok(info(state))
}

/// 连接团队数据库…: opens the team ledger at `address` (PostgreSQL) in place of the current
/// ledger. The password, when the user typed one, serves this session only: what is remembered
/// for the next start is the address without it (libpq's `~/.pgpass` or `PGPASSWORD` then
/// answers, or the app asks again).
#[tauri::command]
pub fn connect_team(
    state: State<'_, AppState>,
    readers: State<'_, Readers>,
    address: rackledger::db::sql::connect::TeamAddress,
    password: Option<String>,
) -> CommandResult<DbInfo> {
    let lang = state.lang().core();
    let url = address.url(password.as_deref()).map_err(|e| CommandError::from_core(&e, lang))?;
    let path = PathBuf::from(&url);
    state.switch_to(path.clone())?;
    readers.switch(path);
    remember(&state, Some(PathBuf::from(rackledger::db::sql::connect::without_password(&url))))?;
    Ok(info(&state))
}

/// Goes back to the default database and forgets the one opened.
#[tauri::command]
pub fn reset_database(state: State<'_, AppState>, readers: State<'_, Readers>) -> CommandResult<DbInfo> {
    let path = rackledger::db::default_path();
    state.switch_to(path.clone())?;
    readers.switch(path);
    remember(&state, None)?;
    Ok(info(&state))
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use tauri::test::{mock_builder, mock_context, noop_assets};
    use tauri::{Manager, WebviewWindowBuilder};

    use super::*;
    use crate::state::CONFIG_FILE;
    use crate::test_support::invoke;

    #[test]
    fn open_database_swaps_the_ledger_remembers_it_and_refuses_a_bad_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = dir.path().join("first.db");
        let other = dir.path().join("other.db");
        let config = dir.path().join("config").join(CONFIG_FILE);
        let state = AppState::new(Some(first.clone()));
        state.set_config_file(Some(config.clone()));
        let app = mock_builder()
            .manage(state)
            .manage(Readers::new(first.clone()))
            .invoke_handler(crate::commands::handler())
            .build(mock_context(noop_assets()))
            .expect("mock app builds");
        let w = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("mock window builds");

        // A second ledger with the demo data in it.
        {
            let mut l = rackledger::Ledger::open(&other, rackledger::Lang::Zh).expect("opens");
            l.demo(&rackledger::Ctx::now("test"), crate::commands::meta::START_DEMO).expect("demo");
        }
        assert_eq!(invoke(&w, "is_empty", json!({})).unwrap(), true);

        let got =
            open_database(&app.state::<AppState>(), &app.state::<Readers>(), other.display().to_string()).unwrap();
        assert_eq!(got.db_path, other.display().to_string());
        assert!(!got.db_from_args);
        assert_eq!(invoke(&w, "is_empty", json!({})).unwrap(), false);
        assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["db_path"], other.display().to_string());
        // The read-only connections follow.
        let page = invoke(&w, "list_assets", json!({ "filter": { "limit": 5 } })).unwrap();
        assert_eq!(page["rows"].as_array().map(Vec::len), Some(5));
        assert_eq!(AppConfig::load(&config).db_path, Some(other.clone()));

        // Not a ledger: refused with the core's message; the open ledger stays.
        let junk = dir.path().join("junk.db");
        std::fs::write(&junk, "not a database, just text".repeat(200)).unwrap();
        let err =
            open_database(&app.state::<AppState>(), &app.state::<Readers>(), junk.display().to_string()).unwrap_err();
        assert!(!err.message.is_empty(), "{err}");
        // No command takes a path from the web side.
        assert!(invoke(&w, "open_database", json!({ "path": junk.display().to_string() })).is_err());
        assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["db_path"], other.display().to_string());
        assert_eq!(invoke(&w, "is_empty", json!({})).unwrap(), false);
        assert_eq!(AppConfig::load(&config).db_path, Some(other.clone()));

        // At the next start the remembered file is used, unless `--db` is given.
        let next = AppState::start(None, Some(config.clone()));
        assert_eq!(next.effective_db_path(), other);
        assert!(!next.db_from_args());
        let next = AppState::start(Some(first.clone()), Some(config.clone()));
        assert_eq!(next.effective_db_path(), first);
        assert!(next.db_from_args());
    }
}
