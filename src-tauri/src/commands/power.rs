//! The 电力 (power) view and the shell's warnings banner: the core's power report, the reading
//! history of a cabinet, and entering a measured reading. Every figure and status is the core's.

use rackledger::db::readings::Reading;
use rackledger::ledger::{Measured, OwnerPower};
use rackledger::power::{Levels, PowerAlerts, PowerReport};
use rackledger::Error;
use tauri::State;

use crate::commands::assets::Readers;
use crate::error::CommandResult;
use crate::state::AppState;

/// How many readings the trend chart shows at most.
const READINGS_MAX: u32 = 500;

/// The power figures of every cabinet and row-head cabinet (of one room, if given).
#[tauri::command(async)]
pub fn power_report(state: State<'_, AppState>, room: Option<String>) -> CommandResult<PowerReport> {
    state.with_ledger(|l| l.power_report(room.as_deref()))
}

/// Racked devices and their load per owner (归属单位), of one room if given, heaviest first.
#[tauri::command(async)]
pub fn power_by_owner(state: State<'_, AppState>, room: Option<String>) -> CommandResult<Vec<OwnerPower>> {
    state.with_ledger(|l| l.power_by_owner(room.as_deref()))
}

/// A cabinet's readings, newest first.
#[tauri::command]
pub fn power_readings(state: State<'_, AppState>, cabinet: String, limit: Option<u32>) -> CommandResult<Vec<Reading>> {
    let limit = limit.unwrap_or(100).clamp(1, READINGS_MAX);
    state.with_ledger(|l| l.readings(&cabinet, limit))
}

/// Records a measured reading as typed in its kW field (`4.2`, `4200W`; the core parses it), now
/// (or at `at`, `YYYY-MM-DD HH:MM`).
#[tauri::command]
pub fn power_record_reading(
    state: State<'_, AppState>,
    cabinet: String,
    kw: String,
    at: Option<String>,
    note: Option<String>,
) -> CommandResult<Reading> {
    let ctx = state.ctx();
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    state.with_ledger(|l| {
        let at = match at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(rackledger::parse::datetime(s).map_err(|reason| Error::InvalidValue {
                field: "读数时间".into(),
                value: s.to_string(),
                reason,
            })?),
            None => None,
        };
        l.record_reading(&ctx, &cabinet, Measured::kw_text(&kw)?, at, note.as_deref())
    })
}

/// The global warning and alarm levels.
#[tauri::command]
pub fn power_levels(state: State<'_, AppState>) -> CommandResult<Levels> {
    state.with_ledger(|l| l.levels())
}

/// How many alerts the banner's list carries: a large site may have a thousand, and the shell
/// refreshes them every 30 s.
pub const ALERTS_MAX: usize = 100;

/// The cabinets and row-head cabinets at warning or worse, worst first. Off the main thread and
/// on a read connection of its own: the report reads every cabinet and device.
#[tauri::command(async)]
pub fn power_alerts(state: State<'_, AppState>, readers: State<'_, Readers>) -> CommandResult<PowerAlerts> {
    let report = readers.report(&state, |l| l.power_report(None))?;
    Ok(report.alerts(ALERTS_MAX))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::commands::racks::testkit::demo_app;

    #[test]
    fn report_has_every_cabinet_and_row_head_with_a_status() {
        let app = demo_app("power-report");
        let all = app.ok("power_report", json!({}));
        assert_eq!(all["cabinets"].as_array().unwrap().len(), 6);
        assert!(!all["row_heads"].as_array().unwrap().is_empty());
        let room = all["cabinets"][0]["room"].as_str().unwrap().to_string();
        let one = app.ok("power_report", json!({ "room": room }));
        assert!(one["cabinets"].as_array().unwrap().iter().all(|c| c["room"] == room.as_str()));
        for c in all["cabinets"].as_array().unwrap() {
            assert!(["ok", "warning", "critical", "over", "unknown"].contains(&c["status"].as_str().unwrap()));
        }
    }

    #[test]
    fn a_reading_is_recorded_listed_and_raises_an_alert() {
        let app = demo_app("power-reading");
        let before = app.ok("power_alerts", json!({}));
        let rec = app.ok("power_record_reading", json!({ "cabinet": "A01", "kw": "99" }));
        assert_eq!(rec["measured_w"], 99_000);
        let list = app.ok("power_readings", json!({ "cabinet": "A01", "limit": 5 }));
        assert_eq!(list[0]["measured_w"], 99_000);
        assert!(list.as_array().unwrap().len() <= 5);

        let after = app.ok("power_alerts", json!({}));
        assert!(after["count"].as_u64() > before["count"].as_u64());
        assert_eq!(after["items"][0]["code"], "A01");
        assert_eq!(after["items"][0]["status"], "over");

        let report = app.ok("power_report", json!({}));
        let a01 = report["cabinets"].as_array().unwrap().iter().find(|c| c["cabinet"] == "A01").unwrap().clone();
        assert_eq!(a01["load_w"], 99_000);
        assert_eq!(a01["status"], "over");
    }

    #[test]
    fn bad_readings_are_refused_beside_their_field() {
        let app = demo_app("power-bad");
        let err = app.invoke("power_record_reading", json!({ "cabinet": "A01", "kw": "-1" })).unwrap_err();
        assert_eq!(err["code"], "invalid_value");
        assert!(err["field"].is_string());
        let err = app.invoke("power_record_reading", json!({ "cabinet": "NOPE", "kw": "1" })).unwrap_err();
        assert_eq!(err["code"], "cabinet_not_found");
        let err =
            app.invoke("power_record_reading", json!({ "cabinet": "A01", "kw": "1", "at": "yesterday" })).unwrap_err();
        assert_eq!(err["code"], "invalid_value");
    }

    #[test]
    fn levels_default_to_80_and_90_percent() {
        let app = demo_app("power-levels");
        let lv = app.ok("power_levels", json!({}));
        assert_eq!(lv["warning"], 0.8);
        assert_eq!(lv["alarm"], 0.9);
    }
}
