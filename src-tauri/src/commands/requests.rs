//! The 上架申请 (racking requests) view: list by state, file one, submit, approve (director),
//! 机房审核 (IDC, with the core's check shown first), file and confirm its 附件5 (director),
//! execute (hardware), accept, reject or cancel; the timeline, the operator's queues and who the
//! ledger says the operator is. The roles, the states, the check and the reservation are the
//! core's; these commands only carry them.

use rackledger::db::requests::RequestFilter;
use rackledger::db::window::RecordPage;
use rackledger::ledger::{
    Confirmed, OperationDraft, Queues, RequestAnswer, RequestDraft, RequestExecuted, RequestStep,
};
use rackledger::model::{OperationRequest, RackingRequest, RequestState};
use rackledger::roles::Identity;
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// A window of the requests, newest first, of one state or all (`limit` rows from `offset`: 200
/// unless asked, at most 1,000), their total and the counts by state.
#[tauri::command]
pub fn requests_list(
    state: State<'_, AppState>,
    request_state: Option<RequestState>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> CommandResult<RecordPage<RackingRequest>> {
    let filter = RequestFilter { state: request_state, limit, offset };
    state.with_ledger(|l| l.request_page(&filter))
}

/// One request with the check its rows get now (pending) or got at approval, and the steps the
/// current operator may take on it now (the buttons the view offers).
#[tauri::command]
pub fn request_answer(state: State<'_, AppState>, no: String) -> CommandResult<RequestAnswer> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.request_answer_for(&ctx, &no))
}

/// Who may approve (the `approvers` setting).
#[tauri::command]
pub fn request_approvers(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    state.with_ledger(|l| l.approvers())
}

#[tauri::command]
pub fn request_add(state: State<'_, AppState>, draft: RequestDraft) -> CommandResult<RackingRequest> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.add_request(&ctx, &draft))
}

#[tauri::command]
pub fn request_submit(state: State<'_, AppState>, no: String) -> CommandResult<RackingRequest> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.submit_request(&ctx, &no))
}

/// Approves as the current operator; a power refusal passes only with `override_reason`.
#[tauri::command]
pub fn request_approve(
    state: State<'_, AppState>,
    no: String,
    override_reason: Option<String>,
    opinion: Option<String>,
) -> CommandResult<RequestAnswer> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.approve_request(&ctx, &no, override_reason.as_deref(), opinion.as_deref()))
}

#[tauri::command]
pub fn request_reject(state: State<'_, AppState>, no: String, reason: String) -> CommandResult<RackingRequest> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.reject_request(&ctx, &no, &reason))
}

#[tauri::command]
pub fn request_execute(state: State<'_, AppState>, no: String) -> CommandResult<RequestExecuted> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.execute_request(&ctx, &no))
}

#[tauri::command]
pub fn request_cancel(state: State<'_, AppState>, no: String, reason: Option<String>) -> CommandResult<RackingRequest> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.cancel_request(&ctx, &no, reason.as_deref()))
}

/// 机房审核 as the current operator; a power refusal passes only with `override_reason`.
#[tauri::command]
pub fn request_review(
    state: State<'_, AppState>,
    no: String,
    override_reason: Option<String>,
    opinion: Option<String>,
) -> CommandResult<RequestAnswer> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.review_request(&ctx, &no, override_reason.as_deref(), opinion.as_deref()))
}

/// Confirms every 附件5 of the request not confirmed yet.
#[tauri::command]
pub fn request_confirm(state: State<'_, AppState>, no: String) -> CommandResult<Confirmed> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.confirm_request(&ctx, &no))
}

#[tauri::command]
pub fn request_accept(
    state: State<'_, AppState>,
    no: String,
    opinion: Option<String>,
) -> CommandResult<RackingRequest> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.accept_request(&ctx, &no, opinion.as_deref()))
}

/// Every step the request went through: who, when, as which role, what the check said.
#[tauri::command]
pub fn request_timeline(state: State<'_, AppState>, no: String) -> CommandResult<Vec<RequestStep>> {
    state.with_ledger(|l| l.request_timeline(&no))
}

/// The requests waiting for a step the current operator may take, and who the operator is.
#[tauri::command]
pub fn request_queues(state: State<'_, AppState>) -> CommandResult<Queues> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.request_queues(&ctx))
}

/// Who the ledger says the operator is (roles, engine, where the ledger is).
#[tauri::command]
pub fn identity(state: State<'_, AppState>) -> CommandResult<Identity> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.identity(&ctx))
}

/// The operation requests (附件5) of a racking request.
#[tauri::command]
pub fn operations_of(state: State<'_, AppState>, request_no: String) -> CommandResult<Vec<OperationRequest>> {
    state.with_ledger(|l| l.operations(Some(&request_no)))
}

/// Files an operation request (附件5).
#[tauri::command]
pub fn operation_add(state: State<'_, AppState>, draft: OperationDraft) -> CommandResult<OperationRequest> {
    let ctx = state.ctx();
    state.with_ledger(|l| l.add_operation(&ctx, &draft))
}

#[cfg(test)]
mod tests {
    use crate::test_support::{invoke, mock_app};
    use serde_json::json;

    /// The chain's commands carry the core's answers: who the operator is, the queues, a 附件5
    /// filed in full, the timeline, and a refusal with its code.
    #[test]
    fn the_chain_commands_carry_the_cores_answers() {
        let (_dir, app) = mock_app();
        invoke(&app, "start_demo", json!({})).expect("demo");
        let me = invoke(&app, "identity", json!({})).expect("identity");
        assert_eq!(me["engine"], "sqlite");
        assert_eq!(me["roles_apply"], false);
        assert_eq!(me["roles"].as_array().map(Vec::len), Some(6));

        let unracked = invoke(&app, "racks_unracked", json!({})).expect("unracked");
        let tag = unracked[0]["asset_tag"].as_str().expect("an unracked asset").to_string();
        let cabs = invoke(&app, "racks_cabinets", json!({})).expect("cabinets");
        let cabinet = cabs["rows"][0]["code"].as_str().expect("a cabinet").to_string();
        let draft = json!({
            "org": "市大数据局", "applicant": "张三", "phone": null, "system": null, "kind": "new",
            "planned_on": null, "escort": null, "power_tested": false, "org_opinion": null, "note": null,
            "rows": [{ "asset_tag": tag, "new_device": null, "cabinet": cabinet, "start_u": 1, "face": null, "note": null }],
        });
        let r = invoke(&app, "request_add", json!({ "draft": draft })).expect("add");
        let no = r["request_no"].as_str().expect("no").to_string();
        invoke(&app, "request_submit", json!({ "no": no })).expect("submit");

        let q = invoke(&app, "request_queues", json!({})).expect("queues");
        let approve = q["queues"].as_array().and_then(|v| v.iter().find(|x| x["queue"] == "approve").cloned());
        assert!(approve.is_some_and(|a| a["requests"].as_array().is_some_and(|r| r.iter().any(|n| n == &json!(no)))));

        // Not its step yet: the core's refusal crosses IPC with its code.
        let e = invoke(&app, "request_review", json!({ "no": no, "overrideReason": null, "opinion": null }))
            .expect_err("a pending request is not reviewed");
        assert_eq!(e["code"], "request_transition");
        let e = invoke(&app, "request_confirm", json!({ "no": no })).expect_err("no 附件5 yet");
        assert_eq!(e["code"], "no_operation");

        let op = json!({
            "request_no": no, "org": null, "applicant": null, "phone": null, "kind": "rack",
            "planned_start": null, "planned_end": null, "steps": "1. 上架", "impact": null, "risk": "medium",
            "rollback": "下架", "implementer": null, "escort": null,
            "positions": [{ "asset_tag": tag, "cabinet": null, "start_u": null, "face": null, "pdu_a": "PDU-A:01", "pdu_b": "PDU-B:01" }],
            "cables": [],
        });
        let filed = invoke(&app, "operation_add", json!({ "draft": op })).expect("operation");
        assert_eq!(filed["positions"][0]["pdu_a"], "PDU-A:01");
        assert_eq!(filed["positions"][0]["start_u"], 1, "the request's row");
        let ops = invoke(&app, "operations_of", json!({ "requestNo": no })).expect("operations");
        assert_eq!(ops[0]["op_no"], filed["op_no"]);

        let steps = invoke(&app, "request_timeline", json!({ "no": no })).expect("timeline");
        let names: Vec<&str> = steps.as_array().into_iter().flatten().filter_map(|s| s["step"].as_str()).collect();
        assert_eq!(names, ["create", "submit"]);
    }
}
