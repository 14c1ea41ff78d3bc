//! The 电力 (power) view and the shell's warnings banner: the core's power report, the reading
//! history of a cabinet, and entering a measured reading. Every figure and status is the core's.

use rackledger::db::readings::Reading;
use rackledger::db::window::RecordPage;
use rackledger::ledger::{Measured, OwnerPower};
use rackledger::power::{CabinetPower, Levels, MapTile, PowerAlerts, PowerRoom, PowerRow, PowerTable, RowHeadPower};
use rackledger::Error;
use tauri::State;

use crate::commands::assets::Readers;
use crate::error::CommandResult;
use crate::state::AppState;

/// How many readings the trend chart shows at most.
const READINGS_MAX: u32 = 500;

/// The first windows of the map, the table and the row-heads of one room (or the site), from one
/// report: the view opening or refreshing a room. Further windows come from the three below.
#[tauri::command(async, rename_all = "snake_case")]
pub fn power_room(
    state: State<'_, AppState>,
    room: Option<String>,
    table: Option<PowerTable>,
    tiles_limit: Option<u32>,
    row_heads_limit: Option<u32>,
) -> CommandResult<PowerRoom> {
    state.with_ledger(|l| l.power_room(room.as_deref(), &table.unwrap_or_default(), tiles_limit, row_heads_limit))
}

/// A window of the floor map of one room (or the site): a small tile per cabinet and row-head,
/// in map order, with the cabinets' counts by status. The whole report of a room of 2,500
/// cabinets is about 1 MB; the view draws the tiles a window at a time.
#[tauri::command(async)]
pub fn power_tiles(
    state: State<'_, AppState>,
    room: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> CommandResult<RecordPage<MapTile>> {
    state.with_ledger(|l| l.power_tiles(room.as_deref(), limit, offset))
}

/// A window of the power table of one room (or the site), filtered and sorted by the core.
#[tauri::command(async)]
pub fn power_cabinets(
    state: State<'_, AppState>,
    room: Option<String>,
    table: Option<PowerTable>,
) -> CommandResult<RecordPage<PowerRow>> {
    state.with_ledger(|l| l.power_cabinets(room.as_deref(), &table.unwrap_or_default()))
}

/// A window of the row-head cabinets of one room (or the site).
#[tauri::command(async)]
pub fn power_row_heads(
    state: State<'_, AppState>,
    room: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> CommandResult<RecordPage<RowHeadPower>> {
    state.with_ledger(|l| l.power_row_heads(room.as_deref(), limit, offset))
}

/// One cabinet's power figures (the side panel of the cabinet picked on the map or the table).
#[tauri::command(async)]
pub fn power_cabinet(state: State<'_, AppState>, cabinet: String) -> CommandResult<CabinetPower> {
    state.with_ledger(|l| l.cabinet_power(&cabinet))
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
    fn windows_of_tiles_table_and_row_heads_with_the_rooms_counts() {
        let app = demo_app("power-report");
        let all = app.ok("power_cabinets", json!({}));
        assert_eq!(all["rows"].as_array().unwrap().len(), 6);
        assert_eq!(all["total"], 6);
        let rooms = app.ok("racks_rooms", json!({}));
        let room = rooms[0]["name"].as_str().unwrap().to_string();
        let one = app.ok("power_cabinets", json!({ "room": room }));
        let inside = app.ok("racks_cabinets", json!({ "room": room }));
        assert_eq!(one["total"], inside["total"]);
        assert_eq!(one["rows"][0].as_object().unwrap().len(), 6, "a row carries its six columns");
        for c in all["rows"].as_array().unwrap() {
            assert!(["ok", "warning", "critical", "over", "unknown"].contains(&c["status"].as_str().unwrap()));
        }
        let counted: u64 = one["by_state"].as_object().unwrap().values().map(|n| n.as_u64().unwrap()).sum();
        assert_eq!(counted, one["total"].as_u64().unwrap());

        // Sorted by code descending, two from the second: the core's order, cut.
        let table = json!({ "sort": "cabinet", "desc": true, "limit": 2, "offset": 1 });
        let page = app.ok("power_cabinets", json!({ "room": null, "table": table }));
        let codes: Vec<&str> =
            page["rows"].as_array().unwrap().iter().map(|c| c["cabinet"].as_str().unwrap()).collect();
        assert_eq!(codes, ["B02", "B01"]);
        assert_eq!(page["total"], 6);

        let tiles = app.ok("power_tiles", json!({ "room": room }));
        let heads = app.ok("power_row_heads", json!({ "room": room }));
        assert!(heads["total"].as_u64().unwrap() > 0);
        assert_eq!(tiles["total"].as_u64(), Some(one["total"].as_u64().unwrap() + heads["total"].as_u64().unwrap()));
        assert_eq!(tiles["by_state"], one["by_state"]);
        let tile = &tiles["rows"].as_array().unwrap().iter().find(|t| t["kind"] == "cabinet").unwrap();
        assert_eq!(tile.as_object().unwrap().len(), 7, "a tile carries what it shows: {tile}");
        // The view's opening: the same three windows from one call.
        let opening = app.ok("power_room", json!({ "room": room, "tiles_limit": 3, "row_heads_limit": 1 }));
        assert_eq!(opening["cabinets"], one);
        assert_eq!(opening["tiles"]["rows"].as_array().unwrap()[..], tiles["rows"].as_array().unwrap()[..3]);
        assert_eq!(opening["row_heads"]["rows"][0], heads["rows"][0]);
        assert_eq!(opening["row_heads"]["total"], heads["total"]);
        let err = app.invoke("power_tiles", json!({ "room": "没有这个机房" })).unwrap_err();
        assert_eq!(err["code"], "room_not_found");
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

        let a01 = app.ok("power_cabinet", json!({ "cabinet": "A01" }));
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
