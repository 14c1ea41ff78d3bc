//! The IPC commands, one module per domain. Each command is a thin adapter: deserialize the
//! arguments, call the core, return its answer or a [`crate::error::CommandError`].
//!
//! Adding a domain: create `commands/<domain>.rs`, declare it below, list its commands in
//! [`handler`], and add the typed wrapper in `ui/src/lib/backend/`.

pub mod assets;
pub mod backup;
pub mod database;
pub mod environment;
pub mod excel;
pub mod faults;
pub mod inspections;
pub mod labels;
pub mod meta;
pub mod ports;
pub mod power;
pub mod racks;
pub mod repairs;
pub mod requests;

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
        database::connect_team,
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
        racks::racks_cabinet,
        racks::racks_elevation,
        racks::racks_check,
        racks::racks_place,
        racks::racks_move,
        racks::racks_unplace,
        racks::racks_unracked,
        power::power_room,
        power::power_tiles,
        power::power_cabinets,
        power::power_row_heads,
        power::power_cabinet,
        power::power_by_owner,
        power::power_readings,
        power::power_record_reading,
        power::power_levels,
        power::power_alerts,
        environment::env_points,
        environment::env_history,
        environment::env_record,
        environment::env_alerts,
        environment::env_remedy,
        environment::env_limits,
        environment::patrol_add,
        environment::patrol_list,
        requests::requests_list,
        requests::request_answer,
        requests::request_approvers,
        requests::request_add,
        requests::request_submit,
        requests::request_approve,
        requests::request_reject,
        requests::request_execute,
        requests::request_cancel,
        requests::request_review,
        requests::request_confirm,
        requests::request_accept,
        requests::request_timeline,
        requests::request_queues,
        requests::identity,
        requests::operations_of,
        requests::operation_add,
        ports::ports_device,
        ports::ports_table,
        ports::ports_connect,
        ports::ports_disconnect,
        ports::ports_trace,
        ports::ports_pool,
        repairs::repairs_list,
        repairs::repairs_show,
        repairs::repairs_preview,
        repairs::repairs_open,
        repairs::repairs_update,
        repairs::repairs_close,
        repairs::repairs_stats,
        faults::faults_list,
        faults::faults_show,
        faults::faults_open,
        faults::faults_update,
        faults::faults_close,
        faults::faults_stats,
        inspections::inspections_list,
        inspections::inspection_show,
        inspections::inspection_start,
        inspections::inspection_mark,
        inspections::inspection_mark_cabinet,
        inspections::inspection_point,
        inspections::inspection_submit,
        inspections::inspection_review,
        labels::labels_print_devices,
        labels::labels_print_cables,
        excel::excel_pick_import,
        excel::excel_forget,
        excel::excel_import_preview,
        excel::excel_import_commit,
        excel::excel_export_kinds,
        excel::excel_export,
        excel::excel_reveal,
    ]
}
