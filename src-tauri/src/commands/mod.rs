//! The IPC commands, one module per domain. Each command is a thin adapter: deserialize the
//! arguments, call the core, return its answer or a [`crate::error::CommandError`].
//!
//! Adding a domain: create `commands/<domain>.rs`, declare it below, list its commands in
//! [`handler`], and add the typed wrapper in `ui/src/lib/backend/`.

pub mod assets;
pub mod meta;

use tauri::ipc::Invoke;
use tauri::Runtime;

/// Every command the UI may call; shared by the app and the mock-runtime tests.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        meta::app_info,
        meta::set_language,
        meta::set_operator,
        meta::is_empty,
        meta::start_demo,
        assets::list_assets,
        assets::count_assets,
        assets::asset_detail,
        assets::add_asset,
        assets::set_asset,
        assets::retire_asset,
    ]
}
