//! About the app itself: version, database path, language.

use serde::Serialize;
use tauri::{Runtime, State, WebviewWindow};

use crate::error::{CommandError, CommandResult};
use crate::state::{AppState, UiLang};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    /// The `--db` path, or `None` when the core's default database is used.
    pub db_path: Option<String>,
    pub lang: UiLang,
}

#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        name: "RackLedger",
        version: env!("CARGO_PKG_VERSION"),
        db_path: state.db_path().map(|p| p.display().to_string()),
        lang: state.lang(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::WebviewWindowBuilder;

    fn invoke(cmd: &str, body: serde_json::Value) -> Result<serde_json::Value, serde_json::Value> {
        let app = mock_builder()
            .manage(AppState::new(Some(PathBuf::from("/tmp/ledger.db"))))
            .invoke_handler(crate::commands::handler())
            .build(mock_context(noop_assets()))
            .expect("mock app builds");
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("mock window builds");
        get_ipc_response(
            &webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // On Linux the webview's origin is tauri://localhost.
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|r| r.deserialize::<serde_json::Value>().unwrap())
    }

    #[test]
    fn app_info_reports_version_and_db_path() {
        let info = invoke("app_info", serde_json::json!({})).unwrap();
        assert_eq!(info["name"], "RackLedger");
        assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(info["db_path"], "/tmp/ledger.db");
        assert_eq!(info["lang"], "zh");
    }

    #[test]
    fn set_language_accepts_zh_and_en() {
        assert!(invoke("set_language", serde_json::json!({ "lang": "en" })).is_ok());
        assert!(invoke("set_language", serde_json::json!({ "lang": "zh" })).is_ok());
    }

    #[test]
    fn unknown_language_is_an_error() {
        assert!(invoke("set_language", serde_json::json!({ "lang": "fr" })).is_err());
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
