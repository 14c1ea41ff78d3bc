//! Ports and cables: a device's faceplate, the cabinet's port table, connecting by picking the
//! far end, disconnecting, tracing, and the LAN port pool. Every rule (compatibility, a port
//! taken, labels) is the core's; these adapt.

use rackledger::db::ports::PortRow;
use rackledger::ledger::ports::{PortPool, Trace};
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

/// Joins two ports; refused (with the core's message) when either is taken or they do not fit.
#[tauri::command]
pub fn ports_connect(
    state: State<'_, AppState>,
    a: PortRef,
    b: PortRef,
    draft: Option<CableDraft>,
) -> CommandResult<Cable> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.connect(&ctx, &a, &b, &draft.unwrap_or_default()))
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

/// The LAN port pool, of one room or cabinet if given.
#[tauri::command]
pub fn ports_pool(
    state: State<'_, AppState>,
    room: Option<String>,
    cabinet: Option<String>,
) -> CommandResult<PortPool> {
    state.with_ledger(|l| l.port_pool(room.as_deref(), cabinet.as_deref()))
}
