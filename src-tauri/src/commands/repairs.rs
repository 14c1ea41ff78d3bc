//! The 维修 view (附件4 repair records): list, show, the form's preview (warranty from 维保到期日
//! and why opening would be refused), open, update (with parts rows), close (result, whole-unit
//! swap, 回架 after 返厂) and the statistics. Times arrive as form text (`2026-11-25 14:30` or
//! the `2026-11-25T14:30` of a datetime input) and are parsed by the core's own parser; every
//! rule — the state machine, the ledger following the repair — is the core's.

use chrono::NaiveDateTime;
use rackledger::db::repairs::RepairFilter;
use rackledger::db::window::RecordPage;
use rackledger::ledger::{
    RepairClose, RepairClosed, RepairDraft, RepairOpened, RepairPreview, RepairStats, RepairUpdate,
};
use rackledger::model::{Repair, RepairMode, RepairPart, RepairResult};
use rackledger::states::{self, Action};
use serde::Deserialize;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// A time from a form field; empty is none. A bad one is refused with the field's key.
pub(crate) fn form_time(state: &AppState, field: &str, value: Option<&str>) -> CommandResult<Option<NaiveDateTime>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => rackledger::parse::datetime(v).map(Some).map_err(|reason| {
            let err = rackledger::Error::InvalidValue { field: field.into(), value: v.into(), reason };
            CommandError::from_core(&err, state.lang().core())
        }),
    }
}

/// The repair form when opening (`repair open`).
#[derive(Debug, Clone, Deserialize)]
pub struct OpenArgs {
    pub asset_tag: String,
    pub symptom: String,
    pub vendor: String,
    pub mode: RepairMode,
    #[serde(default)]
    pub fault_no: Option<String>,
    #[serde(default)]
    pub case_no: Option<String>,
    #[serde(default)]
    pub technician: Option<String>,
    #[serde(default)]
    pub reported_at: Option<String>,
}

/// The repair form while working (`repair update`); empty fields leave the record as it is,
/// parts rows are added.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UpdateArgs {
    pub technician: Option<String>,
    pub arrived_at: Option<String>,
    pub work_done: Option<String>,
    pub case_no: Option<String>,
    pub vendor: Option<String>,
    pub parts: Vec<RepairPart>,
    pub result: Option<RepairResult>,
    /// The action taken with the update (`start`, `complete`), one the record's `allowed`
    /// offered; the core knows the state it leads to. None: the fields only.
    pub step: Option<Action>,
    pub completed_at: Option<String>,
    pub cost: Option<f64>,
}

/// Closing a repair (`repair close`).
#[derive(Debug, Clone, Deserialize)]
pub struct CloseArgs {
    pub result: RepairResult,
    #[serde(default)]
    pub new_serial: Option<String>,
    #[serde(default)]
    pub rerack: bool,
    #[serde(default)]
    pub cost: Option<f64>,
    #[serde(default)]
    pub accepted_by: Option<String>,
    #[serde(default)]
    pub completed_at: Option<String>,
    #[serde(default)]
    pub under_warranty: Option<bool>,
}

/// A window of the repairs, newest first, by state, asset or open only (200 unless the filter
/// asks another limit, at most 1,000), their total and the counts by state.
#[tauri::command(async, rename_all = "snake_case")]
pub fn repairs_list(state: State<'_, AppState>, filter: Option<RepairFilter>) -> CommandResult<RecordPage<Repair>> {
    let filter = filter.unwrap_or_default();
    state.with_ledger(|l| l.repair_page(&filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn repairs_show(state: State<'_, AppState>, no: String) -> CommandResult<Repair> {
    state.with_ledger(|l| l.repair(&no))
}

/// What the form shows before opening: the device, its warranty today, and any refusal.
#[tauri::command(async, rename_all = "snake_case")]
pub fn repairs_preview(state: State<'_, AppState>, tag: String) -> CommandResult<RepairPreview> {
    let today = state.ctx().now.date();
    state.with_ledger(|l| l.repair_preview(&tag, today))
}

/// Opens a repair; the asset becomes 维修 (and leaves its cabinet when sent back to the factory).
#[tauri::command(rename_all = "snake_case")]
pub fn repairs_open(state: State<'_, AppState>, draft: OpenArgs) -> CommandResult<RepairOpened> {
    let draft = RepairDraft {
        reported_at: form_time(&state, "报修时间", draft.reported_at.as_deref())?,
        asset_tag: draft.asset_tag,
        symptom: draft.symptom,
        vendor: draft.vendor,
        mode: draft.mode,
        fault_no: draft.fault_no,
        case_no: draft.case_no,
        technician: draft.technician,
    };
    let ctx = state.ctx();
    state.with_ledger(|l| l.open_repair(&ctx, &draft))
}

#[tauri::command(rename_all = "snake_case")]
pub fn repairs_update(state: State<'_, AppState>, no: String, update: UpdateArgs) -> CommandResult<Repair> {
    let u = RepairUpdate {
        arrived_at: form_time(&state, "到场时间", update.arrived_at.as_deref())?,
        completed_at: form_time(&state, "完成时间", update.completed_at.as_deref())?,
        technician: update.technician,
        work_done: update.work_done,
        case_no: update.case_no,
        vendor: update.vendor,
        parts: update.parts,
        result: update.result,
        state: update.step.and_then(states::repair::target),
        cost: update.cost,
    };
    let ctx = state.ctx();
    state.with_ledger(|l| l.update_repair(&ctx, &no, &u))
}

/// Closes a repair; the ledger follows (serial swap, 回架, 在用 / 已下架 / 待报废).
#[tauri::command(rename_all = "snake_case")]
pub fn repairs_close(state: State<'_, AppState>, no: String, close: CloseArgs) -> CommandResult<RepairClosed> {
    let c = RepairClose {
        completed_at: form_time(&state, "完成时间", close.completed_at.as_deref())?,
        result: close.result,
        new_serial: close.new_serial,
        rerack: close.rerack,
        cost: close.cost,
        accepted_by: close.accepted_by,
        under_warranty: close.under_warranty,
    };
    let ctx = state.ctx();
    state.with_ledger(|l| l.close_repair(&ctx, &no, &c))
}

/// Repairs per repairer and per model, the mean time to repair, open repairs by age (today).
#[tauri::command(async, rename_all = "snake_case")]
pub fn repairs_stats(state: State<'_, AppState>) -> CommandResult<RepairStats> {
    let now = state.ctx().now;
    state.with_ledger(|l| l.repair_stats(now))
}

#[cfg(test)]
mod tests {
    use crate::test_support::{invoke, mock_app};
    use serde_json::{json, Value};
    use tauri::test::MockRuntime;
    use tauri::WebviewWindow;

    /// Cabinet A01 (room 一号机房) with SRV-1 racked at U10, under warranty until far ahead.
    fn site() -> (tempfile::TempDir, WebviewWindow<MockRuntime>) {
        let (dir, w) = mock_app();
        let db = dir.path().join("ledger.db");
        let ctx = rackledger::Ctx::now("测试");
        let mut l = rackledger::Ledger::open(&db, rackledger::Lang::Zh).unwrap();
        let cab = rackledger::model::CabinetDraft {
            code: "A01".into(),
            room: "一号机房".into(),
            row: None,
            u_height: 42,
            owner: None,
            note: None,
        };
        l.add_cabinet(&ctx, &cab, None).unwrap();
        drop(l);
        let values = json!({
            "asset_tag": "SRV-1", "name": "数据库服务器", "category": "服务器", "vendor": "华为",
            "model": "2288H V6", "serial": "SN-OLD", "ownership": "自有", "owner": "大数据局",
            "u_height": "2", "rated_w": "600", "status": "库存", "cabinet": "A01", "start_u": "10",
            "warranty_until": "2099-12-31"
        });
        invoke(&w, "add_asset", json!({ "values": values })).unwrap();
        (dir, w)
    }

    fn open(w: &WebviewWindow<MockRuntime>, mode: &str) -> Value {
        invoke(
            w,
            "repairs_open",
            json!({ "draft": { "asset_tag": "SRV-1", "symptom": "电源告警", "vendor": "华为", "mode": mode } }),
        )
        .unwrap()
    }

    #[test]
    fn preview_shows_the_warranty_and_the_refusal_before_anything_is_written() {
        let (_dir, w) = site();
        let p = invoke(&w, "repairs_preview", json!({ "tag": "SRV-1" })).unwrap();
        assert_eq!(p["warranty"]["status"], "in_warranty");
        assert_eq!(p["warranty"]["until"], "2099-12-31");
        assert!(p["refusal"].is_null(), "{p}");
        let opened = open(&w, "warranty");
        let no = opened["repair"]["repair_no"].as_str().unwrap().to_string();
        let p = invoke(&w, "repairs_preview", json!({ "tag": "SRV-1" })).unwrap();
        assert_eq!(p["open_repair"], no.as_str());
        assert!(p["refusal"].as_str().unwrap().contains(&no), "{p}");
        let err = invoke(&w, "repairs_preview", json!({ "tag": "NOPE" })).unwrap_err();
        assert_eq!(err["code"], "asset_not_found");
    }

    #[test]
    fn open_update_with_parts_and_close_with_a_serial_swap() {
        let (_dir, w) = site();
        let opened = open(&w, "warranty");
        assert_eq!(opened["asset"]["status"], "repairing");
        assert_eq!(opened["warranty"]["status"], "in_warranty");
        assert_eq!(opened["repair"]["under_warranty"], true);
        let no = opened["repair"]["repair_no"].as_str().unwrap().to_string();

        let bad = invoke(&w, "repairs_update", json!({ "no": no, "update": { "arrived_at": "明天" } })).unwrap_err();
        assert_eq!((bad["code"].as_str(), bad["field"].as_str()), (Some("invalid_value"), Some("到场时间")));

        let updated = invoke(
            &w,
            "repairs_update",
            json!({ "no": no, "update": {
                "technician": "王师傅", "arrived_at": "2099-01-01T09:00", "work_done": "更换电源",
                "parts": [
                    { "name": "电源模块", "spec": "900W", "quantity": 1, "old_serial": "P-OLD", "new_serial": "P-NEW", "disposal": "return" },
                    { "name": "内存", "spec": null, "quantity": 2, "old_serial": null, "new_serial": null, "disposal": "destroy" }
                ]
            } }),
        )
        .unwrap();
        assert_eq!(updated["state"], "in_repair");
        assert_eq!(updated["arrived_at"], "2099-01-01 09:00:00");
        assert_eq!(updated["parts"].as_array().unwrap().len(), 2);
        assert_eq!(updated["parts"][1]["quantity"], 2);

        let closed = invoke(
            &w,
            "repairs_close",
            json!({ "no": no, "close": { "result": "fixed", "new_serial": "SN-NEW", "accepted_by": "李主管", "cost": 0 } }),
        )
        .unwrap();
        assert_eq!(closed["repair"]["state"], "closed");
        assert_eq!(
            (closed["repair"]["old_serial"].as_str(), closed["repair"]["new_serial"].as_str()),
            (Some("SN-OLD"), Some("SN-NEW"))
        );
        assert_eq!(
            (closed["asset"]["serial"].as_str(), closed["asset"]["status"].as_str()),
            (Some("SN-NEW"), Some("in_use"))
        );
        let detail = invoke(&w, "asset_detail", json!({ "tag": "SRV-1" })).unwrap();
        assert_eq!(detail["serial_history"][0]["serial"], "SN-OLD");
        assert_eq!(detail["repairs"][0]["repair_no"], no.as_str());

        let again = invoke(&w, "repairs_close", json!({ "no": no, "close": { "result": "fixed" } })).unwrap_err();
        assert_eq!(again["code"], "repair_transition");
        let shown = invoke(&w, "repairs_show", json!({ "no": no })).unwrap();
        assert_eq!(shown["accepted_by"], "李主管");
    }

    #[test]
    fn factory_return_releases_the_position_and_rerack_restores_it() {
        let (_dir, w) = site();
        let opened = open(&w, "factory");
        assert_eq!(opened["repair"]["return_position"], "A01-U10");
        assert!(opened["asset"]["cabinet"].is_null());
        let no = opened["repair"]["repair_no"].as_str().unwrap().to_string();
        let closed =
            invoke(&w, "repairs_close", json!({ "no": no, "close": { "result": "fixed", "rerack": true } })).unwrap();
        assert_eq!(
            (
                closed["asset"]["cabinet"].as_str(),
                closed["asset"]["start_u"].as_u64(),
                closed["asset"]["status"].as_str()
            ),
            (Some("A01"), Some(10), Some("in_use"))
        );
    }

    #[test]
    fn list_filters_and_stats_count() {
        let (_dir, w) = site();
        open(&w, "in_house");
        let all = invoke(&w, "repairs_list", json!({})).unwrap();
        assert_eq!((all["rows"].as_array().unwrap().len(), all["total"].as_i64()), (1, Some(1)));
        assert_eq!(all["by_state"]["pending"], 1, "{all}");
        let open_only = invoke(&w, "repairs_list", json!({ "filter": { "open": true } })).unwrap();
        assert_eq!(open_only["rows"].as_array().unwrap().len(), 1);
        let closed = invoke(&w, "repairs_list", json!({ "filter": { "state": "closed" } })).unwrap();
        assert_eq!((closed["rows"].as_array().unwrap().len(), closed["total"].as_i64()), (0, Some(0)));
        assert_eq!(closed["by_state"]["pending"], 1, "the tabs count every repair, whatever the filter");
        let stats = invoke(&w, "repairs_stats", json!({})).unwrap();
        assert_eq!((stats["total"].as_i64(), stats["open"].as_i64()), (Some(1), Some(1)));
        assert_eq!(stats["open_by_age"][0]["count"], 1);
        assert_eq!(stats["by_vendor"][0]["vendor"], "华为");
    }

    #[test]
    fn refusals_come_back_coded() {
        let (_dir, w) = site();
        let err = invoke(
            &w,
            "repairs_open",
            json!({ "draft": { "asset_tag": "SRV-1", "symptom": " ", "vendor": "华为", "mode": "warranty" } }),
        )
        .unwrap_err();
        assert_eq!((err["code"].as_str(), err["field"].as_str()), (Some("missing_field"), Some("故障现象")));
        let no = open(&w, "warranty")["repair"]["repair_no"].as_str().unwrap().to_string();
        let err = invoke(&w, "repairs_close", json!({ "no": no, "close": { "result": "fixed", "rerack": true } }))
            .unwrap_err();
        assert_eq!(err["code"], "no_return_position");
    }
}
