//! Ports and cables: a device's faceplate, the cabinet's port table, connecting by picking the
//! far end, disconnecting, tracing, and the LAN port pool. Every rule (compatibility, a port
//! taken, labels) is the core's; these adapt.

use rackledger::db::ports::PortRow;
use rackledger::ledger::ports::{PoolLevel, PoolWindow, Trace};
use rackledger::ledger::{DevicePorts, PortRef};
use rackledger::model::{Cable, CableDraft};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// A device's ports with their cables' far ends, in faceplate order.
#[tauri::command]
pub fn ports_device(state: State<'_, AppState>, tag: String) -> CommandResult<DevicePorts> {
    state.with_ledger(|l| l.device_ports(&tag))
}

/// The port table of a cabinet.
#[tauri::command]
pub fn ports_table(state: State<'_, AppState>, cabinet: String) -> CommandResult<Vec<PortRow>> {
    state.with_ledger(|l| l.port_table(Some(&cabinet), None))
}

/// Joins two ports by hand; refused (with the core's message) when either is taken or they do
/// not fit, and on a team ledger when no confirmed 附件5 plans the cable, unless `emergency`
/// takes the emergency path (紧急操作) with its reason, recorded and marked.
#[tauri::command]
pub fn ports_connect(
    state: State<'_, AppState>,
    a: PortRef,
    b: PortRef,
    draft: Option<CableDraft>,
    emergency: Option<String>,
) -> CommandResult<Cable> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.connect_by_hand(&ctx, &a, &b, &draft.unwrap_or_default(), emergency.as_deref()))
}

#[tauri::command]
pub fn ports_disconnect(state: State<'_, AppState>, cable: String) -> CommandResult<Cable> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.disconnect(&ctx, &cable))
}

/// The path from a port through any patch panels to its far end.
#[tauri::command]
pub fn ports_trace(state: State<'_, AppState>, port: PortRef) -> CommandResult<Trace> {
    state.with_ledger(|l| l.trace(&port))
}

/// The LAN port pool of one room (or the site): its totals, a window of its cabinets (of one
/// level, if given) and their switches. A room of 2,500 cabinets has about 3,000 switches.
#[tauri::command]
pub fn ports_pool(
    state: State<'_, AppState>,
    room: Option<String>,
    level: Option<PoolLevel>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> CommandResult<PoolWindow> {
    state.with_ledger(|l| l.port_pool_window(room.as_deref(), level, limit, offset))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::commands::racks::testkit::demo_app;

    #[test]
    fn the_pool_sends_a_window_of_cabinets_with_their_switches() {
        let app = demo_app("ports-pool");
        let all = app.ok("ports_pool", json!({ "room": null }));
        let total = all["cabinets"]["total"].as_u64().unwrap();
        assert!(total >= 2, "{all}");
        let one = app.ok("ports_pool", json!({ "room": null, "limit": 1, "offset": 1 }));
        assert_eq!(one["cabinets"]["total"].as_u64(), Some(total));
        assert_eq!(one["cabinets"]["rows"].as_array().unwrap().len(), 1);
        assert_eq!(one["cabinets"]["rows"][0], all["cabinets"]["rows"][1]);
        let cab = &one["cabinets"]["rows"][0]["cabinet"];
        let switches = one["switches"].as_array().unwrap();
        assert!(!switches.is_empty() && switches.iter().all(|s| &s["cabinet"] == cab));
        assert_eq!(one["total"], all["total"]);
        let warn = app.ok("ports_pool", json!({ "room": null, "level": "warning" }));
        assert!(warn["cabinets"]["rows"].as_array().unwrap().iter().all(|c| c["status"] == "warning"));
    }
}
