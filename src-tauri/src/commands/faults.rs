//! The 故障告警 view (附件3 fault and alarm register): list, show, register (a normal alarm may be
//! registered and closed in one step), handle (acknowledge, handler, actions, cause, recovery),
//! close, and the statistics by severity and type per week. The state machine is the core's.

use rackledger::db::faults::FaultFilter;
use rackledger::db::window::RecordPage;
use rackledger::ledger::{FaultDraft, FaultStats, FaultUpdate};
use rackledger::model::{Fault, FaultKind, FaultSource, FaultType, Severity};
use rackledger::states::{self, Action};
use serde::Deserialize;
use tauri::State;

use super::repairs::form_time;
use crate::error::CommandResult;
use crate::state::AppState;

/// How many weeks the view's chart shows when not told.
const DEFAULT_WEEKS: u32 = 8;

/// The register form (`fault open`).
#[derive(Debug, Clone, Deserialize)]
pub struct OpenArgs {
    pub kind: FaultKind,
    pub source: FaultSource,
    pub severity: Severity,
    pub description: String,
    #[serde(default)]
    pub asset_tag: Option<String>,
    #[serde(default)]
    pub room: Option<String>,
    #[serde(default)]
    pub cabinet: Option<String>,
    #[serde(default)]
    pub fault_type: Option<FaultType>,
    #[serde(default)]
    pub service_impact: bool,
    #[serde(default)]
    pub occurred_at: Option<String>,
    #[serde(default)]
    pub reporter: Option<String>,
    /// A normal alarm that needs no action: registered and closed at once.
    #[serde(default)]
    pub close: bool,
}

/// Handling (`fault update`); empty fields leave the record as it is.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct UpdateArgs {
    /// The action taken with the update (`acknowledge`, `recover`), one the record's `allowed`
    /// offered; the core knows the state it leads to. None: the fields only.
    pub step: Option<Action>,
    pub fault_type: Option<FaultType>,
    pub service_impact: Option<bool>,
    pub handler: Option<String>,
    pub actions: Option<String>,
    pub root_cause: Option<String>,
    pub acknowledged_at: Option<String>,
    pub recovered_at: Option<String>,
}

/// A window of the faults and alarms, newest first, by state or asset (200 unless the filter
/// asks another limit, at most 1,000), their total and the counts by state.
#[tauri::command(async, rename_all = "snake_case")]
pub fn faults_list(state: State<'_, AppState>, filter: Option<FaultFilter>) -> CommandResult<RecordPage<Fault>> {
    let filter = filter.unwrap_or_default();
    state.with_ledger(|l| l.fault_page(&filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn faults_show(state: State<'_, AppState>, no: String) -> CommandResult<Fault> {
    state.with_ledger(|l| l.fault(&no))
}

#[tauri::command(rename_all = "snake_case")]
pub fn faults_open(state: State<'_, AppState>, draft: OpenArgs) -> CommandResult<Fault> {
    let d = FaultDraft {
        occurred_at: form_time(&state, "发生时间", draft.occurred_at.as_deref())?,
        kind: draft.kind,
        source: draft.source,
        severity: draft.severity,
        description: draft.description,
        asset_tag: draft.asset_tag,
        room: draft.room,
        cabinet: draft.cabinet,
        fault_type: draft.fault_type,
        service_impact: draft.service_impact,
        reporter: draft.reporter,
        close: draft.close,
    };
    let ctx = state.ctx();
    state.with_ledger(|l| l.open_fault(&ctx, &d))
}

#[tauri::command(rename_all = "snake_case")]
pub fn faults_update(state: State<'_, AppState>, no: String, update: UpdateArgs) -> CommandResult<Fault> {
    let u = FaultUpdate {
        acknowledged_at: form_time(&state, "确认时间", update.acknowledged_at.as_deref())?,
        recovered_at: form_time(&state, "恢复时间", update.recovered_at.as_deref())?,
        state: update.step.and_then(states::fault::target),
        fault_type: update.fault_type,
        service_impact: update.service_impact,
        handler: update.handler,
        actions: update.actions,
        root_cause: update.root_cause,
    };
    let ctx = state.ctx();
    state.with_ledger(|l| l.update_fault(&ctx, &no, &u))
}

#[tauri::command(rename_all = "snake_case")]
pub fn faults_close(
    state: State<'_, AppState>,
    no: String,
    recovered_at: Option<String>,
    cause: Option<String>,
) -> CommandResult<Fault> {
    let recovered_at = form_time(&state, "恢复时间", recovered_at.as_deref())?;
    let ctx = state.ctx();
    state.with_ledger(|l| l.close_fault(&ctx, &no, recovered_at, cause.as_deref()))
}

/// Faults by severity and type over the last `weeks` ISO weeks (8 by default), every week listed.
#[tauri::command(async, rename_all = "snake_case")]
pub fn faults_stats(state: State<'_, AppState>, weeks: Option<u32>) -> CommandResult<FaultStats> {
    let today = state.ctx().now.date();
    state.with_ledger(|l| l.fault_stats_recent(today, weeks.unwrap_or(DEFAULT_WEEKS)))
}

#[cfg(test)]
mod tests {
    use crate::test_support::{invoke, mock_app};
    use serde_json::json;

    fn alarm(close: bool) -> serde_json::Value {
        json!({ "draft": {
            "kind": "alarm", "source": "environment", "severity": "level4", "description": "温度短时偏高",
            "fault_type": "cooling", "close": close
        } })
    }

    #[test]
    fn a_normal_alarm_is_registered_and_closed_in_one_step() {
        let (_dir, w) = mock_app();
        let f = invoke(&w, "faults_open", alarm(true)).unwrap();
        assert_eq!(f["state"], "closed");
        assert!(f["fault_no"].as_str().unwrap().starts_with("GZ-"));
        let closed = invoke(&w, "faults_list", json!({ "filter": { "state": "closed" } })).unwrap();
        assert_eq!((closed["rows"].as_array().unwrap().len(), closed["total"].as_i64()), (1, Some(1)));
        assert_eq!(closed["by_state"]["closed"], 1);
    }

    #[test]
    fn a_fault_runs_pending_in_progress_recovered_closed() {
        let (_dir, w) = mock_app();
        let f = invoke(&w, "faults_open", alarm(false)).unwrap();
        assert_eq!(f["state"], "pending");
        let no = f["fault_no"].as_str().unwrap().to_string();
        let f =
            invoke(&w, "faults_update", json!({ "no": no, "update": { "step": "acknowledge", "handler": "张工" } }))
                .unwrap();
        assert_eq!(f["state"], "in_progress");
        assert!(f["acknowledged_at"].is_string());
        let bad = invoke(&w, "faults_update", json!({ "no": no, "update": { "recovered_at": "2000-01-01 00:00" } }))
            .unwrap_err();
        assert_eq!((bad["code"].as_str(), bad["field"].as_str()), (Some("invalid_value"), Some("恢复时间")));
        let f =
            invoke(&w, "faults_update", json!({ "no": no, "update": { "step": "recover", "actions": "清洗滤网" } }))
                .unwrap();
        assert_eq!(f["state"], "recovered");
        assert!(f["duration_min"].is_number());
        let f = invoke(&w, "faults_close", json!({ "no": no, "cause": "滤网堵塞" })).unwrap();
        assert_eq!((f["state"].as_str(), f["root_cause"].as_str()), (Some("closed"), Some("滤网堵塞")));
        let back = invoke(&w, "faults_update", json!({ "no": no, "update": { "step": "acknowledge" } })).unwrap_err();
        assert_eq!(back["code"], "fault_transition");
        assert_eq!(invoke(&w, "faults_show", json!({ "no": no })).unwrap()["handler"], "张工");
    }

    /// 250 alarms: the list answers a window of 200 (or what is asked), the total, and the next
    /// window carries on where the first ended.
    #[test]
    fn the_list_comes_in_windows_with_the_total() {
        let (_dir, w) = mock_app();
        for _ in 0..250 {
            invoke(&w, "faults_open", alarm(true)).unwrap();
        }
        let first = invoke(&w, "faults_list", json!({})).unwrap();
        assert_eq!((first["rows"].as_array().unwrap().len(), first["total"].as_i64()), (200, Some(250)));
        let rest = invoke(&w, "faults_list", json!({ "filter": { "offset": 200 } })).unwrap();
        assert_eq!((rest["rows"].as_array().unwrap().len(), rest["total"].as_i64()), (50, Some(250)));
        let nos: Vec<&str> = first["rows"]
            .as_array()
            .unwrap()
            .iter()
            .chain(rest["rows"].as_array().unwrap())
            .map(|f| f["fault_no"].as_str().unwrap())
            .collect();
        let mut unique = nos.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 250);
        assert!(nos[0].ends_with("-0250") && nos[249].ends_with("-0001"), "newest first: {} … {}", nos[0], nos[249]);
        let huge = invoke(&w, "faults_list", json!({ "filter": { "limit": 100000 } })).unwrap();
        assert_eq!(huge["rows"].as_array().unwrap().len(), 250);
    }

    #[test]
    fn stats_list_every_recent_week() {
        let (_dir, w) = mock_app();
        invoke(&w, "faults_open", alarm(true)).unwrap();
        let s = invoke(&w, "faults_stats", json!({ "weeks": 6 })).unwrap();
        let weeks = s["weeks"].as_array().unwrap();
        assert_eq!(weeks.len(), 6);
        assert_eq!(weeks[5]["total"], 1, "this week holds the alarm: {s}");
        assert_eq!(s["by_severity"]["level4"], 1);
        assert_eq!(s["by_type"]["cooling"], 1);
    }
}
