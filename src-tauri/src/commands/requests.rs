//! The 上架申请 (racking requests) view: list by state, file one, submit, approve or reject with
//! the core's check shown first, execute after the physical work, cancel. The approver rule, the
//! check and the reservation are the core's; these commands only carry them.

use rackledger::db::requests::RequestFilter;
use rackledger::db::window::RecordPage;
use rackledger::ledger::{RequestAnswer, RequestDraft, RequestExecuted};
use rackledger::model::{RackingRequest, RequestState};
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

/// One request with the check its rows get now (pending) or got at approval.
#[tauri::command]
pub fn request_answer(state: State<'_, AppState>, no: String) -> CommandResult<RequestAnswer> {
    state.with_ledger(|l| l.request_answer(&no))
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
