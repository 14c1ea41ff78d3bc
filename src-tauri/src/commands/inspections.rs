//! The 日常巡检 view (附件1 daily inspection): list, show (both sub-tables and the previous
//! inspection's open findings), start, mark a device or a whole cabinet normal, mark a check
//! point, submit, review. Each inspection carries the actions the core allows on it now; the
//! state machine, the faults a finding files and the refusals are the core's.

use rackledger::ledger::{DeviceMark, Marked, PointMark};
use rackledger::model::{Inspection, InspectionDetail};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// The inspections, newest first (50 unless told, at most 500).
#[tauri::command(async, rename_all = "snake_case")]
pub fn inspections_list(state: State<'_, AppState>, limit: Option<u32>) -> CommandResult<Vec<Inspection>> {
    state.with_ledger(|l| l.inspections(limit.unwrap_or(50).min(500)))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn inspection_show(state: State<'_, AppState>, no: String) -> CommandResult<InspectionDetail> {
    state.with_ledger(|l| l.inspection(&no))
}

/// Starts today's inspection of `rooms` (or of `date`, `yyyy-mm-dd`).
#[tauri::command(rename_all = "snake_case")]
pub fn inspection_start(
    state: State<'_, AppState>,
    rooms: Vec<String>,
    date: Option<String>,
) -> CommandResult<InspectionDetail> {
    let date = match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(rackledger::parse::date(d).map_err(|reason| {
            crate::error::CommandError::from_core(
                &rackledger::Error::InvalidValue { field: "巡检日期".into(), value: d.into(), reason },
                state.lang().core(),
            )
        })?),
        None => None,
    };
    let ctx = state.ctx();
    state.with_ledger(|l| l.start_inspection(&ctx, &rooms, date))
}

#[tauri::command(rename_all = "snake_case")]
pub fn inspection_mark(
    state: State<'_, AppState>,
    no: String,
    asset_tag: String,
    mark: DeviceMark,
) -> CommandResult<Marked> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.mark_device(&ctx, &no, &asset_tag, &mark))
}

/// 本柜全部正常: every unmarked device of the cabinet, in one transaction.
#[tauri::command(rename_all = "snake_case")]
pub fn inspection_mark_cabinet(state: State<'_, AppState>, no: String, cabinet: String) -> CommandResult<Marked> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.mark_cabinet_normal(&ctx, &no, &cabinet))
}

#[tauri::command(rename_all = "snake_case")]
pub fn inspection_point(state: State<'_, AppState>, no: String, mark: PointMark) -> CommandResult<Marked> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.mark_point(&ctx, &no, &mark))
}

#[tauri::command(rename_all = "snake_case")]
pub fn inspection_submit(state: State<'_, AppState>, no: String) -> CommandResult<Inspection> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.submit_inspection(&ctx, &no))
}

#[tauri::command(rename_all = "snake_case")]
pub fn inspection_review(state: State<'_, AppState>, no: String, opinion: Option<String>) -> CommandResult<Inspection> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.review_inspection(&ctx, &no, opinion.as_deref()))
}

#[cfg(test)]
mod tests {
    use crate::test_support::{invoke, mock_app};
    use serde_json::json;

    #[test]
    fn a_demo_room_is_started_marked_and_a_finding_files_a_fault() {
        let (_dir, app) = mock_app();
        invoke(&app, "start_demo", json!({})).expect("demo");
        let d = invoke(&app, "inspection_start", json!({ "rooms": ["一号机房"] })).expect("start");
        let no = d["inspection"]["inspection_no"].as_str().expect("no").to_string();
        assert_eq!(d["inspection"]["actions"], json!(["mark", "submit"]));
        let first = d["devices"][0].clone();
        let m = invoke(
            &app,
            "inspection_mark",
            json!({ "no": no, "asset_tag": first["asset_tag"], "mark": { "result": "alarm", "description": "风扇告警灯亮" } }),
        )
        .expect("mark");
        assert!(m["fault_no"].as_str().is_some_and(|f| f.starts_with("GZ-")), "{m}");
        let c =
            invoke(&app, "inspection_mark_cabinet", json!({ "no": no, "cabinet": first["cabinet"] })).expect("cabinet");
        assert!(c["skipped"].as_u64() == Some(1), "{c}");
        let e = invoke(&app, "inspection_submit", json!({ "no": no })).expect_err("unmarked");
        assert_eq!(e["code"], "inspection_unmarked");
    }
}
