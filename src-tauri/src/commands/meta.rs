//! About the app itself: version, database path, language, operator, and the first-start
//! demo offer.

use rackledger::db::assets::AssetFilter;
use rackledger::demo::{DemoReport, DemoSize};
use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use crate::error::{CommandError, CommandResult};
use crate::rendering::{self, Rendering};
use crate::state::{AppState, UiLang};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    /// The database file in use: the `--db` path or the core's default.
    pub db_path: String,
    /// Whether `db_path` came from `--db` (false: the default location).
    pub db_from_args: bool,
    pub lang: UiLang,
    /// Assets in the ledger, or null when the database could not be opened.
    pub asset_count: Option<i64>,
    /// Who is recorded as acting.
    pub operator: String,
    /// How WebKit paints (with or without its GL compositor) and why; null when the app was
    /// started without deciding (tests).
    pub rendering: Option<Rendering>,
}

// The start-up reads run off the main thread (`async`): on the main thread they would hold up
// the window's events and every other command's answer while the ledger is read.

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        name: "RackLedger",
        version: env!("CARGO_PKG_VERSION"),
        db_path: shown_db(&state.effective_db_path()),
        db_from_args: state.db_from_args(),
        lang: state.lang(),
        asset_count: state.with_ledger(|l| l.asset_count(&AssetFilter::default())).ok(),
        operator: state.operator(),
        rendering: rendering::current(),
    }
}

/// Records the user's language and retitles the window to match.
#[tauri::command]
pub fn set_language<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    lang: UiLang,
) -> CommandResult<()> {
    state.set_lang(lang);
    window.set_title(lang.window_title()).map_err(CommandError::internal)
}

/// Sets who is recorded as acting in the audit log; an empty name is refused.
#[tauri::command]
pub fn set_operator(state: State<'_, AppState>, name: String) -> CommandResult<String> {
    if name.trim().is_empty() {
        let err = rackledger::Error::MissingField { field: "operator".into() };
        return Err(CommandError::from_core(&err, state.lang().core()));
    }
    state.set_operator(&name);
    Ok(state.operator())
}

/// True when the ledger has neither assets nor cabinets: the app then offers the demo site.
#[tauri::command(async)]
pub fn is_empty(state: State<'_, AppState>) -> CommandResult<bool> {
    state.with_ledger(|l| l.is_empty())
}

/// The demo size the first-start offer loads: a modest site that opens instantly.
pub const START_DEMO: DemoSize = DemoSize { cabinets: 40, devices: 600, seed: 1 };

/// Fills an EMPTY ledger with the demo site (the core refuses a ledger that has data).
#[tauri::command(async)]
pub fn start_demo(state: State<'_, AppState>) -> CommandResult<DemoReport> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.demo(&ctx, START_DEMO))
}

/// The ledger as the status bar names it: a file's path, or a team ledger's address without any
/// password.
pub(crate) fn shown_db(path: &std::path::Path) -> String {
    if rackledger::db::sql::connect::is_url(path) {
        rackledger::db::sql::connect::redact(&path.to_string_lossy())
    } else {
        path.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{invoke, mock_app};
    use serde_json::json;

    #[test]
    fn app_info_reports_version_db_path_count_and_operator() {
        let (dir, w) = mock_app();
        let info = invoke(&w, "app_info", json!({})).unwrap();
        assert_eq!(info["name"], "RackLedger");
        assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(info["db_path"], dir.path().join("ledger.db").display().to_string());
        assert_eq!(info["db_from_args"], true);
        assert_eq!(info["lang"], "zh");
        assert_eq!(info["asset_count"], 0);
        assert!(!info["operator"].as_str().unwrap().is_empty());
    }

    #[test]
    fn operator_can_be_set_but_not_emptied() {
        let (_dir, w) = mock_app();
        assert_eq!(invoke(&w, "set_operator", json!({ "name": "  张伟 " })).unwrap(), "张伟");
        assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["operator"], "张伟");
        let err = invoke(&w, "set_operator", json!({ "name": " " })).unwrap_err();
        assert_eq!(err["code"], "missing_field");
        // The operator is who the audit log records.
        invoke(&w, "start_demo", json!({})).unwrap();
        let tag =
            invoke(&w, "list_assets", json!({ "filter": { "limit": 1 } })).unwrap()["rows"][0]["asset_tag"].clone();
        let detail = invoke(&w, "asset_detail", json!({ "tag": tag })).unwrap();
        assert_eq!(detail["audit"][0]["operator"], "张伟");
    }

    #[test]
    fn start_demo_fills_an_empty_ledger_once() {
        let (_dir, w) = mock_app();
        assert_eq!(invoke(&w, "is_empty", json!({})).unwrap(), true);
        let report = invoke(&w, "start_demo", json!({})).unwrap();
        assert_eq!(report["cabinets"], START_DEMO.cabinets);
        assert_eq!(invoke(&w, "is_empty", json!({})).unwrap(), false);
        assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["asset_count"], report["assets"]);
        let again = invoke(&w, "start_demo", json!({})).unwrap_err();
        assert_eq!(again["code"], "demo_not_empty");
    }

    #[test]
    fn set_language_accepts_zh_and_en() {
        let (_dir, w) = mock_app();
        assert!(invoke(&w, "set_language", json!({ "lang": "en" })).is_ok());
        assert_eq!(invoke(&w, "app_info", json!({})).unwrap()["lang"], "en");
        assert!(invoke(&w, "set_language", json!({ "lang": "zh" })).is_ok());
    }

    #[test]
    fn unknown_language_is_an_error() {
        let (_dir, w) = mock_app();
        assert!(invoke(&w, "set_language", json!({ "lang": "fr" })).is_err());
    }

    #[test]
    fn command_error_serializes_as_code_and_message() {
        let err = CommandError::new("not_found", "找不到资产 A-001");
        assert_eq!(
            serde_json::to_value(err).unwrap(),
            serde_json::json!({ "code": "not_found", "message": "找不到资产 A-001" })
        );
    }

    #[test]
    fn titles_always_contain_the_product_name() {
        assert!(UiLang::Zh.window_title().contains("RackLedger"));
        assert!(UiLang::Zh.window_title().contains("机房台账"));
        assert!(UiLang::En.window_title().contains("RackLedger"));
    }
}
