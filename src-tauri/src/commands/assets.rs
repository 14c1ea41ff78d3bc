//! The asset ledger: list (a window of a filtered, sorted list and its total), count, detail,
//! add, set and retire. Each command deserializes, calls the core, and returns its answer; the
//! core's refusals come back as `{code, message, field}`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rackledger::db::assets::AssetFilter;
use rackledger::db::window;
use rackledger::ledger::AssetDetail;
use rackledger::model::{Asset, AssetDraft, AssetField};
use rackledger::Ledger;
use serde::Serialize;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Read-only connections for the list and its count, beside the ledger of [`AppState`]: on a
/// large ledger a search's count is a full pass over the table, and with its own connection it
/// neither waits behind a write nor makes the next window wait. The database is in WAL mode, so
/// these readers and the writer do not block one another. A newer count interrupts an older one
/// (only counts ever run on that connection, so nothing else can be interrupted).
pub struct Readers {
    /// The database file; replaced (and the connections dropped) when another one is opened.
    path: Mutex<PathBuf>,
    list: Mutex<Option<Ledger>>,
    count: Mutex<Option<Ledger>>,
    /// For reports the shell refreshes in the background (the power alerts): they neither wait
    /// for nor hold up the ledger's own connection.
    report: Mutex<Option<Ledger>>,
    count_interrupt: Mutex<Option<rusqlite::InterruptHandle>>,
    count_gen: AtomicU64,
    /// The filter of the count running now (limit and offset cleared).
    counting: Mutex<Option<AssetFilter>>,
}

impl Readers {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path: Mutex::new(path),
            list: Mutex::new(None),
            count: Mutex::new(None),
            report: Mutex::new(None),
            count_interrupt: Mutex::new(None),
            count_gen: AtomicU64::new(0),
            counting: Mutex::new(None),
        }
    }

    /// Points the readers at another database file; they reconnect on their next read.
    pub fn switch(&self, path: PathBuf) {
        *self.path.lock().unwrap_or_else(|e| e.into_inner()) = path;
        if let Some(handle) = self.count_interrupt.lock().unwrap_or_else(|e| e.into_inner()).take() {
            handle.interrupt();
        }
        *self.list.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.count.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.report.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Runs a read-only report on its own connection.
    pub fn report<T>(&self, state: &AppState, f: impl FnOnce(&Ledger) -> rackledger::Result<T>) -> CommandResult<T> {
        self.with(&self.report, state, f)
    }

    fn with<T>(
        &self,
        slot: &Mutex<Option<Ledger>>,
        state: &AppState,
        f: impl FnOnce(&Ledger) -> rackledger::Result<T>,
    ) -> CommandResult<T> {
        let lang = state.lang().core();
        let mut guard = slot.lock().unwrap_or_else(|e| e.into_inner());
        if guard.is_none() {
            let path = self.path.lock().unwrap_or_else(|e| e.into_inner()).clone();
            let ledger = Ledger::open(&path, lang).map_err(|e| CommandError::from_core(&e, lang))?;
            // A modest page cache (4 MiB) for the list and the count: a search scans the whole
            // asset table (41 MB at 100,000 assets), far larger than any cache we would keep, so
            // a bigger one only costs memory; the OS file cache keeps the table warm. The
            // report's stays at SQLite's 2 MB.
            if let Some(file) = ledger.conn().sqlite() {
                if !std::ptr::eq(slot, &self.report) {
                    let _ = file.pragma_update(None, "cache_size", -4_096);
                }
                if std::ptr::eq(slot, &self.count) {
                    *self.count_interrupt.lock().unwrap_or_else(|e| e.into_inner()) = Some(file.get_interrupt_handle());
                }
            }
            *guard = Some(ledger);
        }
        let ledger = guard.as_mut().ok_or_else(|| CommandError::internal("read connection not open"))?;
        ledger.lang = lang;
        f(ledger).map_err(|e| CommandError::from_core(&e, lang))
    }

    fn list(
        &self,
        state: &AppState,
        f: impl FnOnce(&Ledger) -> rackledger::Result<AssetPage>,
    ) -> CommandResult<AssetPage> {
        self.with(&self.list, state, f)
    }

    /// Counts, first interrupting a count still running for an older filter.
    fn count(&self, state: &AppState, filter: &AssetFilter) -> CommandResult<i64> {
        let gen = self.supersede_count();
        let result = self.with(&self.count, state, |l| {
            if self.count_gen.load(Ordering::SeqCst) != gen {
                // A newer count is already waiting; this answer would be thrown away.
                return Err(rackledger::Error::Superseded);
            }
            *self.counting.lock().unwrap_or_else(|e| e.into_inner()) = Some(unpaged(filter));
            l.asset_count(filter)
        });
        if self.count_gen.load(Ordering::SeqCst) == gen {
            *self.counting.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        result
    }

    /// Stops the count in flight (its answer is for a list nobody shows any more); returns the
    /// generation of whoever counts next.
    fn supersede_count(&self) -> u64 {
        let gen = self.count_gen.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(handle) = self.count_interrupt.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            handle.interrupt();
        }
        gen
    }

    /// A window of another list than the one being counted means the user moved on (typed
    /// again, changed a filter): the old count would only compete with the new list for the CPU.
    fn list_moved_on(&self, filter: &AssetFilter) {
        let stale =
            self.counting.lock().unwrap_or_else(|e| e.into_inner()).as_ref().is_some_and(|f| *f != unpaged(filter));
        if stale {
            self.supersede_count();
        }
    }
}

/// `filter` without its window: what a count is for.
fn unpaged(filter: &AssetFilter) -> AssetFilter {
    AssetFilter { limit: None, offset: None, ..filter.clone() }
}

/// The largest window the UI may ask for at once; it asks for about 200 rows.
pub use rackledger::db::window::MAX_WINDOW;

/// One window of the ledger: the rows from `offset`, and how many rows match the filter
/// (`None` when the caller did not ask: counting costs a second pass over the table).
#[derive(Debug, Clone, Serialize)]
pub struct AssetPage {
    pub rows: Vec<Asset>,
    pub total: Option<i64>,
    pub offset: u32,
}

/// Named field values from a form: `{"asset_tag": "A-1", "rated_w": "450", …}`. Keys are the
/// core's field keys (or any header or alias it accepts).
pub type FieldValues = BTreeMap<String, String>;

/// Turns form values into the core's draft; an unknown key is refused with that key as field.
fn draft(state: &AppState, values: &FieldValues) -> CommandResult<AssetDraft> {
    values
        .iter()
        .map(|(key, value)| {
            AssetField::lookup(key).map(|f| (f, value.clone())).ok_or_else(|| {
                CommandError::from_core(&rackledger::Error::UnknownField { field: key.clone() }, state.lang().core())
            })
        })
        .collect()
}

// Reads run off the main thread (`async`): a full-table count must not hold up the next
// window, nor the window's events.

/// A window of the assets matching `filter` (limit capped at [`MAX_WINDOW`]) and, unless
/// `with_total` is false, their total. A short first window is its own total: no count then.
#[tauri::command(async, rename_all = "snake_case")]
pub fn list_assets(
    state: State<'_, AppState>,
    readers: State<'_, Readers>,
    filter: AssetFilter,
    with_total: Option<bool>,
) -> CommandResult<AssetPage> {
    let mut filter = filter;
    let limit = window::capped(filter.limit);
    filter.limit = Some(limit);
    let offset = filter.offset.unwrap_or(0);
    readers.list_moved_on(&filter);
    let page = readers.list(&state, |l| Ok(AssetPage { rows: l.assets(&filter)?, total: None, offset }))?;
    let total = match (with_total, window::known_total(offset, page.rows.len(), limit)) {
        (Some(false), _) => None,
        (_, Some(known)) => Some(known),
        _ => Some(readers.count(&state, &filter)?),
    };
    Ok(AssetPage { total, ..page })
}

/// The values the ledger's filters offer: rooms, cabinets (of `room` when given) and owners.
#[derive(Debug, Clone, Serialize)]
pub struct LedgerFacets {
    pub rooms: Vec<String>,
    pub cabinets: Vec<String>,
    pub owners: Vec<String>,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn ledger_facets(state: State<'_, AppState>, room: Option<String>) -> CommandResult<LedgerFacets> {
    state.with_ledger(|l| {
        let rooms = l.rooms()?.into_iter().map(|r| r.name).collect();
        let cabinets = l.cabinet_codes(room.as_deref())?;
        let owners = l.owners()?;
        Ok(LedgerFacets { rooms, cabinets, owners })
    })
}

/// How many assets match `filter` (limit and offset ignored).
#[tauri::command(async, rename_all = "snake_case")]
pub fn count_assets(
    state: State<'_, AppState>,
    readers: State<'_, Readers>,
    filter: AssetFilter,
) -> CommandResult<i64> {
    readers.count(&state, &filter)
}

/// Everything the detail panel shows: the asset, its position, history and audit trail.
#[tauri::command(async, rename_all = "snake_case")]
pub fn asset_detail(state: State<'_, AppState>, tag: String) -> CommandResult<AssetDetail> {
    state.with_ledger(|l| l.asset_detail(&tag))
}

/// Registers a new asset (and racks it when the values name a cabinet and start U).
#[tauri::command(rename_all = "snake_case")]
pub fn add_asset(state: State<'_, AppState>, values: FieldValues) -> CommandResult<Asset> {
    let draft = draft(&state, &values)?;
    let ctx = state.ctx();
    state.with_ledger(|l| l.add_asset(&ctx, &draft))
}

/// Changes the named fields of an asset. With `expected_version`, a change someone else made
/// since the form was filled is refused (`stale_version`).
#[tauri::command(rename_all = "snake_case")]
pub fn set_asset(
    state: State<'_, AppState>,
    tag: String,
    values: FieldValues,
    expected_version: Option<i64>,
) -> CommandResult<Asset> {
    let draft = draft(&state, &values)?;
    let ctx = state.ctx();
    state.with_ledger(|l| l.set_asset(&ctx, &tag, &draft, expected_version))
}

/// 报废, with the reason recorded.
#[tauri::command(rename_all = "snake_case")]
pub fn retire_asset(state: State<'_, AppState>, tag: String, reason: String) -> CommandResult<Asset> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.retire_asset(&ctx, &tag, &reason))
}

#[cfg(test)]
mod tests {
    use crate::test_support::{invoke, mock_app};
    use serde_json::json;

    fn demo_app() -> (tempfile::TempDir, tauri::WebviewWindow<tauri::test::MockRuntime>) {
        let (dir, webview) = mock_app();
        let report = invoke(&webview, "start_demo", json!({})).expect("demo fills the empty ledger");
        assert!(report["assets"].as_u64().unwrap() > 100);
        (dir, webview)
    }

    fn sample(tag: &str, serial: &str) -> serde_json::Value {
        json!({
            "asset_tag": tag, "name": "测试服务器", "category": "服务器", "vendor": "华为",
            "model": "2288H V6", "serial": serial, "ownership": "自有", "owner": "大数据局",
            "u_height": "2", "rated_w": "800", "status": "库存"
        })
    }

    #[test]
    fn list_returns_a_window_and_the_total() {
        let (_dir, w) = demo_app();
        let page = invoke(&w, "list_assets", json!({ "filter": { "limit": 50, "offset": 10 } })).unwrap();
        assert_eq!(page["rows"].as_array().unwrap().len(), 50);
        assert_eq!(page["offset"], 10);
        let total = page["total"].as_i64().unwrap();
        assert_eq!(invoke(&w, "count_assets", json!({ "filter": {} })).unwrap().as_i64().unwrap(), total);
        assert!(total > 100);
    }

    #[test]
    fn list_filters_searches_and_sorts() {
        let (_dir, w) = demo_app();
        let page = invoke(
            &w,
            "list_assets",
            json!({ "filter": { "status": "in_use", "sort": "rated_w", "descending": true } }),
        )
        .unwrap();
        let rows = page["rows"].as_array().unwrap();
        assert!(rows.iter().all(|r| r["status"] == "in_use"));
        let watts: Vec<i64> = rows.iter().map(|r| r["rated_w"].as_i64().unwrap()).collect();
        assert!(watts.windows(2).all(|p| p[0] >= p[1]), "sorted by rated_w descending");

        let first = &rows[0];
        let serial = first["serial"].as_str().unwrap();
        let found = invoke(&w, "list_assets", json!({ "filter": { "query": serial } })).unwrap();
        assert!(found["rows"].as_array().unwrap().iter().any(|r| r["asset_tag"] == first["asset_tag"]));
    }

    #[test]
    fn facets_list_rooms_cabinets_and_owners() {
        let (_dir, w) = demo_app();
        let all = invoke(&w, "ledger_facets", json!({})).unwrap();
        let room = all["rooms"][0].as_str().unwrap().to_string();
        assert_eq!(all["cabinets"].as_array().unwrap().len(), 40);
        assert!(all["owners"].as_array().unwrap().len() > 2);
        let some = invoke(&w, "ledger_facets", json!({ "room": room })).unwrap();
        assert!(some["cabinets"].as_array().unwrap().len() < 40);
    }

    #[test]
    fn list_caps_the_window() {
        let (_dir, w) = demo_app();
        let page = invoke(&w, "list_assets", json!({ "filter": { "limit": 100000 } })).unwrap();
        assert_eq!(page["rows"].as_array().unwrap().len(), 600.min(super::MAX_WINDOW as usize));
    }

    #[test]
    fn total_is_counted_only_when_asked_and_needed() {
        let (_dir, w) = demo_app();
        let without = invoke(&w, "list_assets", json!({ "filter": { "limit": 20 }, "with_total": false })).unwrap();
        assert!(without["total"].is_null());
        assert_eq!(without["rows"].as_array().unwrap().len(), 20);
        // A short window is its own total, whatever its offset.
        let tail = invoke(&w, "list_assets", json!({ "filter": { "limit": 200, "offset": 590 } })).unwrap();
        assert_eq!(tail["rows"].as_array().unwrap().len(), 10);
        assert_eq!(tail["total"], 600);
        let past = invoke(&w, "list_assets", json!({ "filter": { "limit": 200, "offset": 900 } })).unwrap();
        assert_eq!(past["total"], 600);
    }

    #[test]
    fn add_detail_set_and_retire() {
        let (_dir, w) = mock_app();
        let added = invoke(&w, "add_asset", json!({ "values": sample("T-001", "SN-1") })).unwrap();
        assert_eq!(added["asset_tag"], "T-001");
        assert_eq!(added["category"], "server");
        assert_eq!(added["version"], 1);

        let detail = invoke(&w, "asset_detail", json!({ "tag": "T-001" })).unwrap();
        assert_eq!(detail["name"], "测试服务器");
        assert!(detail["position"].is_null());
        assert_eq!(detail["history"][0]["kind"], "created");

        let set = invoke(
            &w,
            "set_asset",
            json!({ "tag": "T-001", "values": { "name": "改名", "rated_w": "650" }, "expected_version": 1 }),
        )
        .unwrap();
        assert_eq!(set["name"], "改名");
        assert_eq!(set["version"], 2);

        let stale =
            invoke(&w, "set_asset", json!({ "tag": "T-001", "values": { "name": "又改" }, "expected_version": 1 }))
                .unwrap_err();
        assert_eq!(stale["code"], "stale_version");

        let no_reason = invoke(&w, "retire_asset", json!({ "tag": "T-001", "reason": " " })).unwrap_err();
        assert_eq!(no_reason["code"], "missing_field");
        let retired = invoke(&w, "retire_asset", json!({ "tag": "T-001", "reason": "主板损坏" })).unwrap();
        assert_eq!(retired["status"], "retired");
    }

    #[test]
    fn validation_errors_name_their_field() {
        let (_dir, w) = mock_app();
        let mut bad = sample("T-002", "SN-2");
        bad["rated_w"] = json!("很多");
        let err = invoke(&w, "add_asset", json!({ "values": bad })).unwrap_err();
        assert_eq!(err["code"], "invalid_value");
        assert_eq!(err["field"], "rated_w");

        invoke(&w, "add_asset", json!({ "values": sample("T-003", "SN-3") })).unwrap();
        let dup = invoke(&w, "add_asset", json!({ "values": sample("T-004", "SN-3") })).unwrap_err();
        assert_eq!(dup["code"], "duplicate_serial");
        assert_eq!(dup["field"], "serial");

        let unknown = invoke(&w, "set_asset", json!({ "tag": "T-003", "values": { "颜色": "红" } })).unwrap_err();
        assert_eq!(unknown["code"], "unknown_field");
        assert_eq!(unknown["field"], "颜色");
    }

    #[test]
    fn missing_asset_is_not_found_in_the_users_language() {
        let (_dir, w) = mock_app();
        let err = invoke(&w, "asset_detail", json!({ "tag": "NOPE" })).unwrap_err();
        assert_eq!(err["code"], "asset_not_found");
        invoke(&w, "set_language", json!({ "lang": "en" })).unwrap();
        let err = invoke(&w, "asset_detail", json!({ "tag": "NOPE" })).unwrap_err();
        assert!(err["message"].as_str().unwrap().contains("no asset"), "{err}");
    }
}
