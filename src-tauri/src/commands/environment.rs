//! Temperature and humidity, the remedy for a hot cabinet, and the IDC patrol: the 电力 view's
//! temperature layer, its trend per cabinet, the warnings banner's environment list, and the two
//! small entry forms. Every judgement (limits, dew point, status, remedy) is the core's.

use rackledger::db::env::EnvSource;
use rackledger::db::patrols::Patrol;
use rackledger::environment::{EnvAlerts, EnvLimits, EnvPoint};
use rackledger::ledger::{EnvDraft, PatrolDraft, Remedy};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// How many readings a trend shows at most.
const HISTORY_MAX: u32 = 500;

/// The latest reading of every point (of one room, if given), judged.
#[tauri::command(async)]
pub fn env_points(state: State<'_, AppState>, room: Option<String>) -> CommandResult<Vec<EnvPoint>> {
    state.with_ledger(|l| l.env_points(room.as_deref()))
}

/// A point's readings, newest first (the trend of a cabinet's inlet).
#[tauri::command]
pub fn env_history(
    state: State<'_, AppState>,
    point: String,
    room: Option<String>,
    limit: Option<u32>,
) -> CommandResult<Vec<EnvPoint>> {
    let limit = limit.unwrap_or(100).clamp(1, HISTORY_MAX);
    state.with_ledger(|l| l.env_history(&point, room.as_deref(), limit))
}

/// Records a reading entered by hand.
#[tauri::command]
pub fn env_record(state: State<'_, AppState>, draft: EnvDraft) -> CommandResult<EnvPoint> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.record_env(&ctx, &draft, EnvSource::Manual))
}

/// The points out of limits and the cabinets they flag (the warnings banner, beside power).
#[tauri::command(async)]
pub fn env_alerts(state: State<'_, AppState>) -> CommandResult<EnvAlerts> {
    state.with_ledger(|l| l.env_alerts())
}

/// The remedy for a hot cabinet.
#[tauri::command(async)]
pub fn env_remedy(state: State<'_, AppState>, cabinet: String) -> CommandResult<Remedy> {
    state.with_ledger(|l| l.env_remedy(&cabinet))
}

/// The limits of a room (or the global ones).
#[tauri::command]
pub fn env_limits(state: State<'_, AppState>, room: Option<String>) -> CommandResult<EnvLimits> {
    state.with_ledger(|l| l.env_limits(room.as_deref()))
}

/// Records a patrol line (a 列头柜's currents are also its power reading).
#[tauri::command]
pub fn patrol_add(state: State<'_, AppState>, draft: PatrolDraft) -> CommandResult<Patrol> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.add_patrol(&ctx, &draft))
}

/// The patrol record, in time order.
#[tauri::command]
pub fn patrol_list(state: State<'_, AppState>) -> CommandResult<Vec<Patrol>> {
    state.with_ledger(|l| l.patrols(None, None))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::commands::racks::testkit::demo_app;

    #[test]
    fn a_hot_inlet_is_an_alert_with_a_remedy() {
        let app = demo_app("env-alert");
        let p = app.ok(
            "env_record",
            json!({ "draft": { "point": "A01", "room": null, "temp_c": 31.5, "rh": 40.0, "at": null, "note": null } }),
        );
        assert_eq!(p["status"], "out");
        assert_eq!(p["cabinet"], "A01");
        let alerts = app.ok("env_alerts", json!({}));
        assert_eq!(alerts["cabinets"], json!(["A01"]));
        let r = app.ok("env_remedy", json!({ "cabinet": "A01" }));
        assert_eq!(r["hot"], true);
        let h = app.ok("env_history", json!({ "point": "A01" }));
        assert_eq!(h[0]["temp_c"], 31.5);
        let err = app
            .invoke("env_record", json!({ "draft": { "point": "A01", "room": null, "temp_c": 500.0, "rh": null, "at": null, "note": null } }))
            .unwrap_err();
        assert_eq!(err["code"], "invalid_value");
    }
}
