//! The IPC commands, one module per domain. Each command is a thin adapter: deserialize the
//! arguments, call the core, return its answer or a [`crate::error::CommandError`].
//!
//! Adding a domain: create `commands/<domain>.rs`, declare it below, list its commands in
//! [`handler`], and add the typed wrapper in `ui/src/lib/backend/`.

pub mod assets;
pub mod backup;
pub mod database;
pub mod meta;
pub mod power;
pub mod racks;

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
        database::pick_database,
        database::reset_database,
        backup::backup_status,
        backup::backup_now,
        backup::restore_backup,
        assets::list_assets,
        assets::count_assets,
        assets::ledger_facets,
        assets::asset_detail,
        assets::add_asset,
        assets::set_asset,
        assets::retire_asset,
        racks::racks_rooms,
        racks::racks_cabinets,
        racks::racks_elevation,
        racks::racks_check,
        racks::racks_place,
        racks::racks_move,
        racks::racks_unplace,
        racks::racks_unracked,
        power::power_report,
        power::power_by_owner,
        power::power_readings,
        power::power_record_reading,
        power::power_levels,
        power::power_alerts,
    ]
}
