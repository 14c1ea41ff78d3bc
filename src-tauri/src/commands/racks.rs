//! The 机柜 (racks) view: rooms, cabinets, elevations, and racking with the core's check first.
//!
//! Every placement and move is asked of the core twice: once as `racks_check` (writes nothing,
//! shown to the user), then as `racks_place` / `racks_move`, which re-check inside their own
//! transaction. The UI decides nothing; it shows the verdict and reasons the core gives.

use rackledger::db::assets::{AssetFilter, SortKey};
use rackledger::db::window::RecordPage;
use rackledger::ledger::{CheckResult, Elevation, Racked};
use rackledger::model::{Asset, Cabinet, Face, Room};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The most unracked assets the picker lists at once; a search narrows the rest.
const UNRACKED_LIMIT: u32 = 200;

#[tauri::command]
pub fn racks_rooms(state: State<'_, AppState>) -> CommandResult<Vec<Room>> {
    state.with_ledger(|l| l.rooms())
}

/// A window of the cabinets of one room (or all), with their used units and device counts, in
/// map order; the total is the room's.
#[tauri::command]
pub fn racks_cabinets(
    state: State<'_, AppState>,
    room: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> CommandResult<RecordPage<Cabinet>> {
    state.with_ledger(|l| l.cabinet_window(room.as_deref(), limit, offset))
}

/// One cabinet with its used units (the view opens a cabinet named elsewhere, e.g. by the power
/// view's 上架 button, without the room's list).
#[tauri::command]
pub fn racks_cabinet(state: State<'_, AppState>, cabinet: String) -> CommandResult<Cabinet> {
    state.with_ledger(|l| l.cabinet(&cabinet))
}

/// A cabinet, its devices bottom first, and the units approved requests reserve.
#[tauri::command]
pub fn racks_elevation(state: State<'_, AppState>, cabinet: String) -> CommandResult<Elevation> {
    state.with_ledger(|l| l.elevation(&cabinet))
}

/// What-if for racking (or moving) `tag` at `cabinet` U`start_u`; writes nothing.
#[tauri::command]
pub fn racks_check(
    state: State<'_, AppState>,
    tag: String,
    cabinet: String,
    start_u: u32,
    face: Option<Face>,
) -> CommandResult<CheckResult> {
    state.with_ledger(|l| l.check_placement(&tag, &cabinet, start_u, face))
}

/// Racks an unracked asset. A power refusal passes only with `override_reason`; space never.
/// `emergency` takes the emergency path (紧急操作) with its reason, recorded and marked.
#[tauri::command]
pub fn racks_place(
    state: State<'_, AppState>,
    tag: String,
    cabinet: String,
    start_u: u32,
    face: Option<Face>,
    override_reason: Option<String>,
    emergency: Option<String>,
) -> CommandResult<Racked> {
    let ctx = state.ctx();
    let (over, urgent) = (override_reason.as_deref(), emergency.as_deref());
    state.with_ledger(|l| l.place_by_hand(&ctx, &tag, &cabinet, start_u, face, over, urgent))
}

/// Moves a racked asset; same rules as placing.
#[tauri::command]
pub fn racks_move(
    state: State<'_, AppState>,
    tag: String,
    cabinet: String,
    start_u: u32,
    face: Option<Face>,
    override_reason: Option<String>,
    emergency: Option<String>,
) -> CommandResult<Racked> {
    let ctx = state.ctx();
    let (over, urgent) = (override_reason.as_deref(), emergency.as_deref());
    state.with_ledger(|l| l.move_by_hand(&ctx, &tag, &cabinet, start_u, face, over, urgent))
}

/// Takes a device out of its cabinet.
#[tauri::command]
pub fn racks_unplace(state: State<'_, AppState>, tag: String) -> CommandResult<Asset> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.unplace(&ctx, &tag))
}

/// Unracked assets for the placement picker, searched by tag, name, serial, model, owner or IP.
#[tauri::command]
pub fn racks_unracked(state: State<'_, AppState>, query: Option<String>) -> CommandResult<Vec<Asset>> {
    let query = query.map(|q| q.trim().to_string()).filter(|q| !q.is_empty());
    state.with_ledger(|l| {
        l.assets(&AssetFilter {
            query,
            racked: Some(false),
            sort: Some(SortKey::AssetTag),
            limit: Some(UNRACKED_LIMIT),
            ..AssetFilter::default()
        })
    })
}

/// A mock-runtime app over a demo ledger in a temporary folder, shared by the racks and power
/// tests.
#[cfg(test)]
pub(crate) mod testkit {
    use std::path::PathBuf;

    use rackledger::demo::DemoSize;
    use rackledger::{Ctx, Lang, Ledger};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
    use tauri::webview::InvokeRequest;
    use tauri::{WebviewWindow, WebviewWindowBuilder};

    use crate::state::AppState;

    /// A demo database (6 cabinets, 80 devices, seed 1) in a fresh folder; removed on drop.
    pub struct DemoApp {
        pub dir: PathBuf,
        pub webview: WebviewWindow<MockRuntime>,
    }

    impl Drop for DemoApp {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    pub fn demo_app(name: &str) -> DemoApp {
        let dir = std::env::temp_dir().join(format!("rackledger-app-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = dir.join("ledger.db");
        {
            let mut ledger = Ledger::open(&db, Lang::Zh).expect("ledger opens");
            ledger
                .demo(&Ctx::now("test"), DemoSize { cabinets: 6, devices: 80, seed: 1 })
                .expect("demo fills the ledger");
        }
        let app = mock_builder()
            .manage(AppState::new(Some(db.clone())))
            .manage(crate::commands::assets::Readers::new(db))
            .invoke_handler(crate::commands::handler())
            .build(mock_context(noop_assets()))
            .expect("mock app builds");
        let webview = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("mock window builds");
        // The window keeps a handle on the app.
        std::mem::forget(app);
        DemoApp { dir, webview }
    }

    impl DemoApp {
        /// Calls `cmd` as the web side would; Err is the error JSON `{code, message, field?}`.
        pub fn invoke(&self, cmd: &str, body: serde_json::Value) -> Result<serde_json::Value, serde_json::Value> {
            get_ipc_response(
                &self.webview,
                InvokeRequest {
                    cmd: cmd.into(),
                    callback: CallbackFn(0),
                    error: CallbackFn(1),
                    url: "tauri://localhost".parse().unwrap(),
                    body: InvokeBody::Json(body),
                    headers: Default::default(),
                    invoke_key: INVOKE_KEY.to_string(),
                },
            )
            .map(|r| r.deserialize::<serde_json::Value>().unwrap())
        }

        pub fn ok(&self, cmd: &str, body: serde_json::Value) -> serde_json::Value {
            self.invoke(cmd, body).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::testkit::{demo_app, DemoApp};

    /// The lowest start U in `cabinet` where `height` units are free on both faces.
    fn free_u(app: &DemoApp, cabinet: &str, height: u64) -> u64 {
        let e = app.ok("racks_elevation", json!({ "cabinet": cabinet }));
        let total = e["cabinet"]["u_height"].as_u64().unwrap();
        let mut used = vec![false; total as usize + 2];
        for d in e["devices"].as_array().unwrap() {
            let (s, h) = (d["start_u"].as_u64().unwrap(), d["u_height"].as_u64().unwrap());
            for u in s..s + h {
                used[u as usize] = true;
            }
        }
        (1..=total + 1 - height).find(|&s| (s..s + height).all(|u| !used[u as usize])).expect("a free slot")
    }

    fn first_unracked(app: &DemoApp) -> Value {
        let list = app.ok("racks_unracked", json!({}));
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["u_height"].as_u64().unwrap() > 0)
            .cloned()
            .expect("an unracked asset")
    }

    #[test]
    fn rooms_and_cabinets_with_used_units() {
        let app = demo_app("rooms");
        let rooms = app.ok("racks_rooms", json!({}));
        let names: Vec<&str> = rooms.as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names.len(), 2);
        let page = app.ok("racks_cabinets", json!({ "room": names[0] }));
        let cabs = page["rows"].as_array().unwrap();
        assert!(!cabs.is_empty());
        assert_eq!(page["total"].as_u64(), Some(cabs.len() as u64));
        assert!(cabs.iter().all(|c| c["room"] == names[0]));
        assert!(cabs.iter().any(|c| c["used_u"].as_u64().unwrap() > 0));
        let all = app.ok("racks_cabinets", json!({ "room": null }));
        assert_eq!(all["rows"].as_array().unwrap().len(), 6);
        // A window: two from the second on, the total still every cabinet.
        let two = app.ok("racks_cabinets", json!({ "room": null, "limit": 2, "offset": 1 }));
        assert_eq!((two["total"].as_u64(), two["offset"].as_u64()), (Some(6), Some(1)));
        assert_eq!(two["rows"][0], all["rows"][1]);
        assert_eq!(two["rows"].as_array().unwrap().len(), 2);
        let one = app.ok("racks_cabinet", json!({ "cabinet": "A01" }));
        assert_eq!(one, all["rows"].as_array().unwrap().iter().find(|c| c["code"] == "A01").unwrap().clone());
    }

    #[test]
    fn elevation_lists_devices_with_positions() {
        let app = demo_app("elevation");
        let e = app.ok("racks_elevation", json!({ "cabinet": "A01" }));
        assert_eq!(e["cabinet"]["code"], "A01");
        let devices = e["devices"].as_array().unwrap();
        assert!(!devices.is_empty());
        assert!(devices.iter().all(|d| d["cabinet"] == "A01" && d["start_u"].as_u64().is_some()));
        let err = app.invoke("racks_elevation", json!({ "cabinet": "ZZ99" })).unwrap_err();
        assert_eq!(err["code"], "cabinet_not_found");
        assert!(err["message"].as_str().unwrap().contains("ZZ99"));
    }

    #[test]
    fn check_on_an_occupied_unit_names_the_occupant_and_place_refuses() {
        let app = demo_app("occupied");
        let asset = first_unracked(&app);
        let tag = asset["asset_tag"].as_str().unwrap();
        let e = app.ok("racks_elevation", json!({ "cabinet": "A01" }));
        let occupant = e["devices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["depth"] == "full" && d["u_height"].as_u64() > Some(0))
            .expect("a full-depth device");
        let body = json!({ "tag": tag, "cabinet": "A01", "startU": occupant["start_u"], "face": "front" });
        let check = app.ok("racks_check", body.clone());
        assert_eq!(check["verdict"], "refused");
        assert!(check["conflicts"].as_array().unwrap().contains(&occupant["asset_tag"]));
        assert!(check["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains(occupant["asset_tag"].as_str().unwrap())));
        // Space can never be overridden.
        let mut forced = body;
        forced["overrideReason"] = json!("urgent");
        let err = app.invoke("racks_place", forced).unwrap_err();
        assert_eq!(err["code"], "space_conflict");
    }

    #[test]
    fn place_move_and_unplace_at_free_units() {
        let app = demo_app("place");
        let asset = first_unracked(&app);
        let tag = asset["asset_tag"].as_str().unwrap().to_string();
        let h = asset["u_height"].as_u64().unwrap();
        let u = free_u(&app, "A01", h);
        let check = app.ok("racks_check", json!({ "tag": tag, "cabinet": "A01", "startU": u }));
        assert_ne!(check["verdict"], "refused", "{check}");
        assert!(check["cabinet"]["load_after_w"].as_i64() > check["cabinet"]["load_before_w"].as_i64());
        assert!(!check["row_heads"].as_array().unwrap().is_empty());

        let racked = app.ok("racks_place", json!({ "tag": tag, "cabinet": "A01", "startU": u, "face": "front" }));
        assert_eq!(racked["asset"]["cabinet"], "A01");
        assert_eq!(racked["asset"]["start_u"], u);
        let e = app.ok("racks_elevation", json!({ "cabinet": "A01" }));
        assert!(e["devices"].as_array().unwrap().iter().any(|d| d["asset_tag"] == tag.as_str()));
        let unracked = app.ok("racks_unracked", json!({ "query": tag }));
        assert!(unracked.as_array().unwrap().is_empty());

        let to = free_u(&app, "B01", h);
        let moved = app.ok("racks_move", json!({ "tag": tag, "cabinet": "B01", "startU": to }));
        assert_eq!(moved["asset"]["cabinet"], "B01");

        let out = app.ok("racks_unplace", json!({ "tag": tag }));
        assert_eq!(out["cabinet"], Value::Null);
        let err = app.invoke("racks_unplace", json!({ "tag": tag })).unwrap_err();
        assert_eq!(err["code"], "not_racked");
    }

    #[test]
    fn unracked_search_narrows_the_list() {
        let app = demo_app("unracked");
        let all = app.ok("racks_unracked", json!({ "query": "  " }));
        let all = all.as_array().unwrap();
        assert!(!all.is_empty());
        assert!(all.iter().all(|a| a["cabinet"].is_null()));
        let tag = all[0]["asset_tag"].as_str().unwrap();
        let one = app.ok("racks_unracked", json!({ "query": tag }));
        assert_eq!(one.as_array().unwrap().len(), 1);
    }
}
