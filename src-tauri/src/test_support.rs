//! Helpers for the commands' tests: a mock-runtime app over a fresh ledger in a temporary
//! folder, and a call through IPC exactly as the web side makes it.

use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

use crate::state::AppState;

/// A mock app with every command, over an empty ledger in a new temporary folder (kept alive by
/// the returned guard), and its main window.
pub fn mock_app() -> (tempfile::TempDir, WebviewWindow<MockRuntime>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.db");
    let app = mock_builder()
        .manage(AppState::new(Some(db.clone())))
        .manage(crate::commands::assets::Readers::new(db))
        .manage(crate::files::PickedFiles::default())
        .manage(crate::files::Dialogs::Scripted(dir.path().join("dialogs.txt")))
        .invoke_handler(crate::commands::handler())
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("mock window builds");
    // The window keeps a handle on the app; the app itself may be dropped.
    std::mem::forget(app);
    (dir, webview)
}

/// Calls `cmd` with a JSON body, as `invoke` from the web side would; Err is the error JSON.
pub fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(
        webview,
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
