//! Racking requests (附件2) and their approval chain: filing, submitting, approving (the
//! director), 机房审核 (the IDC engineer), confirming the 附件5 (the director), executing (the
//! hardware engineer), 验收, rejecting and cancelling. Every step checks the state
//! (`states::request`) and the role (`roles`), and is written to the request's timeline
//! (`request_steps`: who, when, as which role, what the check said then) and the audit log.
//!
//! - Approval takes an approver (the `approvers` setting) and checks all rows at once: space
//!   against what is racked, what other approved requests reserve, and the request's earlier
//!   rows; power with every row added. A space refusal blocks it; a power refusal is left to the
//!   IDC engineer, who at 机房审核 runs the same check again and alone may pass a power refusal
//!   with a reason (recorded); a space refusal never passes (as for `place`).
//! - An approved request reserves its positions and power: `check`/`place`/`move` and other
//!   requests see them as taken (see `check.rs`), and the power report shows the planned load.
//! - Executing is one transaction: new assets registered, every device racked (上架日期 set),
//!   ports and cables created (`request_ports.rs`, over the ports API), the reservation
//!   released, state 已上架.

use std::collections::HashSet;

use crate::db::Connection;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::check::{compose, CheckResult, Verdict};
use super::racking::{move_in, place_in, unplace_in};
use super::settings::{approvers, global_levels};
use super::{audit_asset, audit_entity, commit, position_label, Ctx, Ledger};
use crate::db::requests::{RequestFilter, Reservation};
use crate::db::{self, history::HistoryEntry, stamp, window::RecordPage};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::{
    Asset, Category, Depth, Face, OperationRequest, Ownership, RackingRequest, RequestKind, RequestRow, RequestState,
    Role, Status, MAX_U,
};
use crate::placement::{judge, Proposal, Snapshot};
use crate::rack::Mount;
use crate::roles::{self, Area, Identity};
use crate::states::request::target;
use crate::states::Action;

/// A device not in the ledger yet, as the applicant describes it (附件2's device table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewDevice {
    pub name: String,
    pub category: Category,
    pub vendor: String,
    pub model: String,
    pub serial: String,
    pub u_height: u32,
    pub depth: Depth,
    pub rated_w: u32,
    pub typical_w: Option<u32>,
    pub psu_count: u32,
    pub rj45_ports: Option<u32>,
    pub optical_ports: Option<u32>,
    pub mgmt_ip: Option<String>,
}

/// One device row as filed: an asset of the ledger by its tag, or a new device (its tag may be
/// empty: one is made from the request number), and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowDraft {
    pub asset_tag: String,
    pub new_device: Option<NewDevice>,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub face: Option<Face>,
    pub note: Option<String>,
}

/// What `request add` (or the form, or an imported 附件2) is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestDraft {
    pub org: String,
    pub applicant: String,
    pub phone: Option<String>,
    pub system: Option<String>,
    pub kind: RequestKind,
    pub planned_on: Option<NaiveDate>,
    pub escort: Option<String>,
    pub power_tested: bool,
    pub org_opinion: Option<String>,
    pub note: Option<String>,
    pub rows: Vec<RowDraft>,
}

/// The check of one row, as `check` answers for one device (power figures are the cabinet's with
/// every row of the request added).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowCheck {
    pub seq: u32,
    pub asset_tag: String,
    pub name: String,
    /// `A03-U21`.
    pub position: String,
    pub check: CheckResult,
}

/// The check of a whole request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestCheck {
    pub verdict: Verdict,
    /// Refused on power alone: approval may go ahead with a reason.
    pub overridable: bool,
    pub rows: Vec<RowCheck>,
}

/// A request and the check that decided it (approval) or that it would get now (show).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestAnswer {
    pub request: RackingRequest,
    pub check: Option<RequestCheck>,
    /// The steps of `request.allowed` the operator who asked may take now ([`Ledger::actions_for`]):
    /// the app offers a button for each of these and no other. Filled for an operator
    /// ([`Ledger::request_answer_for`], and the answers of 审批 and 机房审核); empty from
    /// [`Ledger::request_answer`], which answers nobody in particular.
    pub mine: Vec<Action>,
}

/// What executing did: the request and its devices as now racked.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestExecuted {
    pub request: RackingRequest,
    pub assets: Vec<Asset>,
    /// Ports created from templates and cables created from the operation requests.
    pub ports_created: u32,
    pub cables_created: u32,
}

/// Positions reserved in one cabinet, for its elevation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReservedUnits {
    pub request_no: String,
    pub asset_tag: String,
    pub name: String,
    pub start_u: u32,
    pub u_height: u32,
    pub face: Face,
    pub depth: Depth,
}

fn text(v: Option<&str>) -> Option<String> {
    v.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn audit_request(
    tx: &Connection,
    ctx: &Ctx,
    action: &str,
    before: Option<&RackingRequest>,
    after: &RackingRequest,
    reason: Option<&str>,
) -> Result<()> {
    audit_entity(tx, ctx, action, "request", &after.request_no, before, after, reason)
}

fn transition(r: &RackingRequest, to: RequestState) -> Result<()> {
    if r.state.may_become(to) {
        Ok(())
    } else {
        Err(Error::RequestTransition { no: r.request_no.clone(), from: r.state, to })
    }
}

/// The request by its number, or `RequestNotFound`.
fn get_request(conn: &Connection, no: &str) -> Result<(i64, RackingRequest)> {
    db::requests::get(conn, no)?.ok_or_else(|| Error::RequestNotFound { no: no.trim().to_string() })
}

/// Before a step: the state must allow it, and the operator must hold a role that may take it
/// there ([`roles::ensure`]). Returns that role, for the timeline.
fn begin_step(conn: &Connection, ctx: &Ctx, r: &RackingRequest, action: Action) -> Result<Option<Role>> {
    let to = target(action).ok_or(Error::NotSupported { what: format!("{action:?}") })?;
    transition(r, to)?;
    roles::ensure(conn, &ctx.operator, action, Some(r.state))
}

/// The step's code in the audit log and the timeline (`approve`, `review`, …).
fn action_code(action: Action) -> String {
    serde_json::to_value(action).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// `第 1 行 ZC-1：…；第 2 行 …` — the refused rows of a check, for the refusal.
fn refused_rows(check: &RequestCheck) -> String {
    check
        .rows
        .iter()
        .filter(|r| r.check.verdict == Verdict::Refused)
        .map(|r| format!("第 {} 行 {}：{}", r.seq, r.asset_tag, r.check.reasons.join("；")))
        .collect::<Vec<_>>()
        .join("；")
}

/// Whether `operator` is one of the listed approvers (the `approvers` setting).
fn is_listed(approvers: &[String], operator: &str) -> bool {
    approvers.iter().any(|a| a == operator.trim())
}

/// Whether `operator` would accept (验收) a request they executed themselves, which a team
/// ledger refuses: 验收 is someone else's. On a single file one person may do every step.
fn executor_accepts(conn: &Connection, r: &RackingRequest, operator: &str) -> bool {
    roles::is_team_ledger(conn) && r.executed_by.as_deref().map(str::trim) == Some(operator.trim())
}

/// The steps of `r` the operator of `ctx` may take now ([`Ledger::actions_for`]).
fn actions_for(conn: &Connection, ctx: &Ctx, r: &RackingRequest) -> Result<Vec<Action>> {
    let held = roles::roles_of(conn, &ctx.operator)?;
    let mut listed = None;
    let mut mine = Vec::new();
    for action in r.state.actions() {
        if !roles::may(&held, action, Some(r.state)) {
            continue;
        }
        // 审批 and its 驳回 at 待审批 are a listed approver's (`ensure_approver`).
        let approving = action == Action::Approve || (action == Action::Reject && r.state == RequestState::Pending);
        if approving {
            let list = match &listed {
                Some(list) => list,
                None => listed.insert(approvers(conn)?),
            };
            if !is_listed(list, &ctx.operator) {
                continue;
            }
        }
        if action == Action::Accept && executor_accepts(conn, r, &ctx.operator) {
            continue;
        }
        mine.push(action);
    }
    Ok(mine)
}

/// A step about to be written to the timeline.
struct Step<'a> {
    code: &'static str,
    action: Action,
    from: Option<RequestState>,
    to: RequestState,
    role: Option<Role>,
    check: Option<&'a RequestCheck>,
    reason: Option<&'a str>,
    opinion: Option<&'a str>,
    op_no: Option<&'a str>,
}

impl<'a> Step<'a> {
    fn new(action: Action, before: &RackingRequest, after: &RackingRequest) -> Step<'a> {
        Step {
            code: "",
            action,
            from: Some(before.state),
            to: after.state,
            role: None,
            check: None,
            reason: None,
            opinion: None,
            op_no: None,
        }
    }
}

fn record_step(tx: &Connection, ctx: &Ctx, request_id: i64, s: &Step<'_>) -> Result<()> {
    let action = if s.code.is_empty() { action_code(s.action) } else { s.code.to_string() };
    let row = db::request_steps::StepRow {
        action,
        from_state: s.from.map(|f| f.code().to_string()),
        to_state: s.to.code().to_string(),
        operator: ctx.operator.trim().to_string(),
        role: s.role.map(|r| r.code().to_string()),
        at: String::new(),
        verdict: s
            .check
            .and_then(|c| serde_json::to_value(c.verdict).ok())
            .and_then(|v| v.as_str().map(str::to_string)),
        check_json: s.check.and_then(|c| serde_json::to_string(c).ok()),
        reason: s.reason.map(str::to_string),
        opinion: s.opinion.map(str::to_string),
        op_no: s.op_no.map(str::to_string),
    };
    db::request_steps::insert(tx, request_id, &row, ctx.now)
}

/// Confirms the given operation requests (附件5) inside a transaction: each gets its 审批人 and
/// 审批时间 and an audit record; the racking request they belong to (which must be 已审核)
/// becomes 已确认 once all of its operation requests are confirmed.
fn confirm_in(
    tx: &Connection,
    ctx: &Ctx,
    linked: Option<(i64, RackingRequest)>,
    ops: Vec<(i64, OperationRequest)>,
) -> Result<Confirmed> {
    if let Some(o) = ops.iter().map(|(_, o)| o).find(|o| o.approver.is_some()) {
        return Err(Error::AlreadyConfirmed { no: o.op_no.clone(), by: o.approver.clone().unwrap_or_default() });
    }
    let state = linked.as_ref().map(|(_, r)| r.state);
    let role = roles::ensure(tx, &ctx.operator, Action::Confirm, state)?;
    if let Some((_, r)) = &linked {
        transition(r, RequestState::Confirmed)?;
    }
    let mut confirmed = Vec::with_capacity(ops.len());
    for (op_id, before) in ops {
        db::operations::confirm(tx, op_id, &ctx.operator, ctx.now)?;
        let mut after = before.clone();
        after.approver = Some(ctx.operator.clone());
        after.approved_at = Some(stamp(ctx.now));
        audit_entity(tx, ctx, "operation.confirm", "operation", &after.op_no, Some(&before), &after, None)?;
        confirmed.push(after);
    }
    let Some((id, before)) = linked else {
        return Ok(Confirmed { operations: confirmed, request: None });
    };
    let all = db::operations::list(tx, Some(id))?;
    let mut after = before.clone();
    if all.iter().all(|o| o.approved_at.is_some()) {
        after.state = RequestState::Confirmed;
        after.sync_allowed();
        db::requests::update(tx, id, &after, None, ctx.now, &ctx.operator)?;
        audit_request(tx, ctx, "request.confirm", Some(&before), &after, None)?;
    }
    let numbers: Vec<String> = confirmed.iter().map(|o| o.op_no.clone()).collect();
    let joined = numbers.join("、");
    let step = Step { role, op_no: Some(&joined), ..Step::new(Action::Confirm, &before, &after) };
    record_step(tx, ctx, id, &step)?;
    Ok(Confirmed { operations: confirmed, request: Some(after) })
}

/// What confirming did: the operation requests confirmed, and the racking request they belong
/// to as it now is (已确认 once all of its operation requests are).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Confirmed {
    pub operations: Vec<OperationRequest>,
    pub request: Option<RackingRequest>,
}

/// One step of a request's timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestStep {
    /// `create`, `submit`, `approve`, `review`, `confirm`, `execute`, `accept`, `reject`, `cancel`.
    pub step: String,
    pub from: Option<RequestState>,
    pub to: RequestState,
    pub operator: String,
    /// The role the step was taken as (none for filing).
    pub role: Option<Role>,
    /// `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// What the check said at that moment (approval, 机房审核).
    pub check: Option<RequestCheck>,
    /// An override, rejection or cancellation reason.
    pub reason: Option<String>,
    pub opinion: Option<String>,
    /// The operation requests (附件5) a confirm step confirmed.
    pub op_no: Option<String>,
}

impl RequestStep {
    fn from_row(r: db::request_steps::StepRow) -> RequestStep {
        RequestStep {
            step: r.action,
            from: r.from_state.as_deref().and_then(RequestState::parse),
            to: RequestState::parse(&r.to_state).unwrap_or(RequestState::Draft),
            operator: r.operator,
            role: r.role.as_deref().and_then(Role::parse),
            at: r.at,
            check: r.check_json.as_deref().and_then(|j| serde_json::from_str(j).ok()),
            reason: r.reason,
            opinion: r.opinion,
            op_no: r.op_no,
        }
    }
}

/// The queues of the chain: which state waits for which step.
const QUEUES: &[(QueueKind, RequestState, Action)] = &[
    (QueueKind::Approve, RequestState::Pending, Action::Approve),
    (QueueKind::Review, RequestState::Approved, Action::Review),
    (QueueKind::Confirm, RequestState::Reviewed, Action::Confirm),
    (QueueKind::Execute, RequestState::Confirmed, Action::Execute),
    (QueueKind::Accept, RequestState::Executed, Action::Accept),
];

/// 待我审批 / 待我审核 / 待我确认 / 待我执行 / 待我验收.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    Approve,
    Review,
    Confirm,
    Execute,
    Accept,
}

/// One queue: the requests in `state` that the operator may move on with `action`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Queue {
    pub queue: QueueKind,
    pub state: RequestState,
    pub action: Action,
    pub count: usize,
    /// Their numbers, newest first.
    pub requests: Vec<String>,
}

/// The operator's queues, and who the ledger says the operator is.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Queues {
    pub identity: Identity,
    pub queues: Vec<Queue>,
}

/// A row resolved against the ledger: the row, its asset (if in the ledger) and target cabinet.
struct Resolved {
    row: RequestRow,
    asset: Option<(i64, Asset)>,
    cabinet: Option<db::cabinets::CabinetRow>,
}

fn resolve_rows(conn: &Connection, request_id: i64, rows: &[RequestRow]) -> Result<Vec<Resolved>> {
    let ids = db::requests::row_assets(conn, request_id)?;
    rows.iter()
        .map(|row| {
            let in_ledger = ids.iter().any(|(seq, a, _)| *seq == row.seq && a.is_some());
            resolve_row(conn, row.clone(), in_ledger)
        })
        .collect()
}

fn resolve_row(conn: &Connection, row: RequestRow, in_ledger: bool) -> Result<Resolved> {
    let asset = if in_ledger { db::assets::get(conn, &row.asset_tag)? } else { None };
    let cabinet = match &row.cabinet {
        Some(code) => db::cabinets::get(conn, code)?,
        None => None,
    };
    Ok(Resolved { row, asset, cabinet })
}

/// The full check of a request's rows together (writes nothing).
pub(crate) fn check_rows(
    conn: &Connection,
    request_id: i64,
    kind: RequestKind,
    rows: &[RequestRow],
    lang: Lang,
) -> Result<RequestCheck> {
    let resolved = resolve_rows(conn, request_id, rows)?;
    check_resolved(conn, Some(request_id), kind, &resolved, lang)
}

/// The check of resolved rows (of the request `request_id`, if filed): the request's own rules
/// here (a position given, a device not already racked unless migrating, not reserved by another
/// request), everything else by the placement engine, all rows as one set.
fn check_resolved(
    conn: &Connection,
    request_id: Option<i64>,
    kind: RequestKind,
    resolved: &[Resolved],
    lang: Lang,
) -> Result<RequestCheck> {
    let mut blocked: Vec<Option<Error>> = Vec::with_capacity(resolved.len());
    // Which proposal (if any) each row became.
    let mut proposal_of: Vec<Option<usize>> = Vec::with_capacity(resolved.len());
    let mut proposals: Vec<Proposal> = Vec::new();
    // Taking devices out needs neither space nor power: only that they are racked.
    if kind == RequestKind::Remove {
        for r in resolved {
            blocked.push(match &r.asset {
                Some((_, a)) if a.position().is_some() => None,
                _ => Some(Error::NotRacked { tag: r.row.asset_tag.clone() }),
            });
            proposal_of.push(None);
        }
    } else {
        let others: Vec<Reservation> =
            db::requests::reservations(conn, None)?.into_iter().filter(|r| Some(r.request_id) != request_id).collect();
        for r in resolved {
            blocked.push(row_blocked(r, kind, &others));
            let (Some(cab), Some(start_u)) = (&r.cabinet, r.row.start_u) else {
                proposal_of.push(None);
                continue;
            };
            proposal_of.push(Some(proposals.len()));
            proposals.push(Proposal {
                cabinet: cab.code.clone(),
                mount: row_mount(&r.row, start_u),
                // A 迁移 (or any row of a racked device) takes its load out of its old cabinet.
                from: r.asset.as_ref().and_then(|(_, a)| a.cabinet.clone()),
                load_w: i64::from(r.row.load_w()),
                status: r.asset.as_ref().map(|(_, a)| a.status),
            });
        }
    }
    let snapshot = Snapshot::load(conn, &proposals, request_id, Some(global_levels(conn)?))?;
    let mut judged = judge(&snapshot, &proposals);

    let mut out = Vec::with_capacity(resolved.len());
    for ((r, b), at) in resolved.iter().zip(blocked).zip(proposal_of) {
        let cabinet = r.row.cabinet.clone().unwrap_or_default();
        let (judged_blocked, power) = match at.and_then(|i| judged.get_mut(i)) {
            Some(j) => (j.blocked.take(), j.power.as_ref()),
            None => (None, None),
        };
        let blocked = b.or(judged_blocked);
        let check = compose(&cabinet, blocked.as_ref(), power, snapshot.levels(), lang);
        let position = match (&r.row.cabinet, r.row.start_u) {
            (Some(c), Some(u)) => position_label(c, u, r.row.face.unwrap_or(Face::Front)),
            _ => String::new(),
        };
        out.push(RowCheck {
            seq: r.row.seq,
            asset_tag: r.row.asset_tag.clone(),
            name: r.row.name.clone(),
            position,
            check,
        });
    }
    let refused: Vec<&RowCheck> = out.iter().filter(|r| r.check.verdict == Verdict::Refused).collect();
    let verdict = if !refused.is_empty() {
        Verdict::Refused
    } else if out.iter().any(|r| r.check.verdict == Verdict::Warning) {
        Verdict::Warning
    } else {
        Verdict::Ok
    };
    let overridable = !refused.is_empty() && refused.iter().all(|r| r.check.overridable);
    Ok(RequestCheck { verdict, overridable, rows: out })
}

fn row_mount(row: &RequestRow, start_u: u32) -> Mount {
    Mount {
        asset_tag: row.asset_tag.clone(),
        name: row.name.clone(),
        start_u,
        u_height: row.u_height,
        face: row.face.unwrap_or(Face::Front),
        depth: row.depth,
    }
}

/// The request's own rule a row breaks, if any (space, status and power are the engine's).
fn row_blocked(r: &Resolved, kind: RequestKind, reservations: &[Reservation]) -> Option<Error> {
    if r.cabinet.is_none() || r.row.start_u.is_none() {
        return Some(Error::MissingField { field: "机柜编号 / 起始U位".into() });
    }
    let (_, a) = r.asset.as_ref()?;
    if let Some(p) = a.position().filter(|_| kind != RequestKind::Migrate) {
        return Some(Error::AlreadyRacked {
            tag: a.asset_tag.clone(),
            position: position_label(&p.cabinet, p.start_u, p.face),
        });
    }
    reservations
        .iter()
        .find(|x| x.mount.asset_tag == a.asset_tag)
        .map(|other| Error::ReservedElsewhere { tag: a.asset_tag.clone(), request_no: other.request_no.clone() })
}

impl Ledger {
    pub fn request(&self, no: &str) -> Result<RackingRequest> {
        db::requests::get(self.conn(), no)?
            .map(|(_, r)| r)
            .ok_or_else(|| Error::RequestNotFound { no: no.trim().to_string() })
    }

    pub fn requests(&self, filter: &RequestFilter) -> Result<Vec<RackingRequest>> {
        db::requests::list(self.conn(), filter)
    }

    /// How many requests match the filter (its window ignored).
    pub fn request_count(&self, filter: &RequestFilter) -> Result<i64> {
        db::requests::count(self.conn(), filter)
    }

    /// One window of the requests ([`RecordPage::read`]), their total and the counts by state for
    /// the view's tabs.
    pub fn request_page(&self, filter: &RequestFilter) -> Result<RecordPage<RackingRequest>> {
        RecordPage::read(
            filter.limit,
            filter.offset,
            |limit, offset| {
                self.requests(&RequestFilter { limit: Some(limit), offset: Some(offset), ..filter.clone() })
            },
            || self.request_count(filter),
            || db::requests::count_by_state(self.conn()),
        )
    }

    /// The request and the check its rows get now (what approval would decide).
    pub fn request_answer(&self, no: &str) -> Result<RequestAnswer> {
        let (id, request) =
            db::requests::get(self.conn(), no)?.ok_or_else(|| Error::RequestNotFound { no: no.trim().to_string() })?;
        let check = match request.state {
            // Until 机房审核 the check is made now (what the next decision would see).
            RequestState::Draft | RequestState::Pending | RequestState::Approved => {
                Some(check_rows(self.conn(), id, request.kind, &request.rows, self.lang)?)
            }
            // The check made at 机房审核 (or at approval), as stored.
            _ => db::requests::power_check(self.conn(), id)?.and_then(|j| serde_json::from_str(&j).ok()),
        };
        Ok(RequestAnswer { request, check, mine: Vec::new() })
    }

    /// [`Ledger::request_answer`] for the operator of `ctx`, with the steps they may take now.
    pub fn request_answer_for(&self, ctx: &Ctx, no: &str) -> Result<RequestAnswer> {
        let mut answer = self.request_answer(no)?;
        answer.mine = actions_for(self.conn(), ctx, &answer.request)?;
        Ok(answer)
    }

    /// The steps of `request` the operator of `ctx` may take now: those its state allows, as a
    /// holder of the role each needs (`roles`), 审批 and its 驳回 only as a listed approver, and
    /// on a team ledger 验收 not by the executor. The same rules the steps check when taken.
    pub fn actions_for(&self, ctx: &Ctx, request: &RackingRequest) -> Result<Vec<Action>> {
        actions_for(self.conn(), ctx, request)
    }

    /// The approvers named in the settings.
    pub fn approvers(&self) -> Result<Vec<String>> {
        approvers(self.conn())
    }

    /// Positions reserved in a cabinet by approved requests, for its elevation.
    pub fn reserved_units(&self, cabinet: &str) -> Result<Vec<ReservedUnits>> {
        let cab = db::cabinets::get(self.conn(), cabinet)?
            .ok_or_else(|| Error::CabinetNotFound { code: cabinet.to_string() })?;
        Ok(db::requests::reservations(self.conn(), Some(&[cab.id]))?
            .into_iter()
            .map(|r| ReservedUnits {
                request_no: r.request_no,
                asset_tag: r.mount.asset_tag,
                name: r.mount.name,
                start_u: r.mount.start_u,
                u_height: r.mount.u_height,
                face: r.mount.face,
                depth: r.mount.depth,
            })
            .collect())
    }

    /// Files a request (草稿). Rows name assets of the ledger or describe new devices; a
    /// cabinet and start U are required except to take devices out (下架).
    pub fn add_request(&mut self, ctx: &Ctx, draft: &RequestDraft) -> Result<RackingRequest> {
        let tx = self.write(&[Area::Filing])?;
        let request_no = db::numbering::next(&tx, db::numbering::Numbered::Request, ctx.now.year())?;
        let mut request = request_of(draft, request_no, ctx.now.date())?;
        let id = db::requests::insert(&tx, &request, ctx.now, &ctx.operator)?;
        let mut seen_tags: HashSet<String> = HashSet::new();
        for (i, d) in draft.rows.iter().enumerate() {
            let seq = i as u32 + 1;
            let (row, asset_id, cabinet_id) = resolve_draft(&tx, &request, seq, d)?;
            if !seen_tags.insert(row.asset_tag.clone()) {
                return Err(Error::InvalidValue {
                    field: "资产编号".into(),
                    value: row.asset_tag.clone(),
                    reason: "同一申请中重复出现".into(),
                });
            }
            db::requests::insert_row(&tx, id, asset_id, cabinet_id, &row)?;
            request.rows.push(row);
        }
        audit_request(&tx, ctx, "request.create", None, &request, None)?;
        record_step(&tx, ctx, id, &Step { code: "create", from: None, ..Step::new(Action::Edit, &request, &request) })?;
        commit(tx)?;
        Ok(request)
    }

    /// The check a draft's rows would get at approval, without filing it: an imported 附件2 is
    /// judged before it is filed, and in a dry run. New devices without a tag are named as
    /// filing would name them, after a placeholder number.
    pub fn check_request_draft(&self, draft: &RequestDraft) -> Result<RequestCheck> {
        let request = request_of(draft, "SQ-预检".into(), NaiveDate::default())?;
        let mut resolved = Vec::with_capacity(draft.rows.len());
        for (i, d) in draft.rows.iter().enumerate() {
            let (row, asset_id, _) = resolve_draft(self.conn(), &request, i as u32 + 1, d)?;
            resolved.push(resolve_row(self.conn(), row, asset_id.is_some())?);
        }
        check_resolved(self.conn(), None, draft.kind, &resolved, self.lang)
    }

    /// 草稿 → 待审批 (the hardware engineer).
    pub fn submit_request(&mut self, ctx: &Ctx, no: &str) -> Result<RackingRequest> {
        self.decide(ctx, no, Action::Submit, |_, _, _, _| Ok(()), None, None)
    }

    /// → 已驳回, with the reason: by the director at 待审批 (an approver) and at 附件5 (已审核), by
    /// the IDC engineer at 机房审核 (已批准).
    pub fn reject_request(&mut self, ctx: &Ctx, no: &str, reason: &str) -> Result<RackingRequest> {
        let reason = text(Some(reason)).ok_or_else(|| Error::MissingField { field: "驳回原因".into() })?;
        if self.request(no)?.state == RequestState::Pending {
            self.ensure_approver(ctx)?;
        }
        let at = stamp(ctx.now);
        let (op, r2) = (ctx.operator.clone(), reason.clone());
        self.decide(
            ctx,
            no,
            Action::Reject,
            move |_, _, before, r| {
                match before.state {
                    RequestState::Pending => {
                        r.approver = Some(op);
                        r.decided_at = Some(at);
                        r.opinion = Some(r2);
                    }
                    RequestState::Approved => {
                        r.reviewer = Some(op);
                        r.reviewed_at = Some(at);
                        r.review_opinion = Some(r2);
                    }
                    // At 附件5 the decision is the timeline's; the header keeps the earlier ones.
                    _ => {}
                }
                Ok(())
            },
            Some(&reason),
            None,
        )
    }

    /// Cancels a request that is not executed (the applicant or the director), with the reason;
    /// one that holds positions releases them.
    pub fn cancel_request(&mut self, ctx: &Ctx, no: &str, reason: Option<&str>) -> Result<RackingRequest> {
        let reason = text(reason);
        let r2 = reason.clone();
        self.decide(
            ctx,
            no,
            Action::Cancel,
            // Checked after the state, so a request that cannot be cancelled says so first.
            move |tx, id, before, r| {
                // On a team ledger the hardware engineer cancels only what he filed.
                let filer: String = tx
                    .query_row("SELECT created_by FROM racking_requests WHERE id = ?1", [id], |r| r.get(0))
                    .map_err(Error::storage("读取上架申请"))?;
                roles::ensure_own(tx, &ctx.operator, Action::Cancel, Some(before.state), &before.request_no, &filer)?;
                r.opinion = Some(r2.ok_or_else(|| Error::MissingField { field: "取消原因".into() })?);
                Ok(())
            },
            reason.as_deref(),
            None,
        )
    }

    fn ensure_approver(&self, ctx: &Ctx) -> Result<()> {
        // The role first: a login without it hears which role approves, not who is listed.
        roles::ensure(self.conn(), &ctx.operator, Action::Approve, Some(RequestState::Pending))?;
        let list = approvers(self.conn())?;
        if is_listed(&list, &ctx.operator) {
            Ok(())
        } else {
            Err(Error::NotApprover {
                operator: ctx.operator.clone(),
                approvers: if list.is_empty() { "未设置".into() } else { list.join("、") },
            })
        }
    }

    /// A step of the chain that checks the state and the role: the new state, its fields (`fill`
    /// is given the transaction, the request's id and the request before; it may refuse or write
    /// more), the audit record and the timeline, in one transaction.
    fn decide(
        &mut self,
        ctx: &Ctx,
        no: &str,
        action: Action,
        fill: impl FnOnce(&Connection, i64, &RackingRequest, &mut RackingRequest) -> Result<()>,
        reason: Option<&str>,
        opinion: Option<&str>,
    ) -> Result<RackingRequest> {
        let to = target(action).ok_or(Error::NotSupported { what: format!("{action:?}") })?;
        // Area::Chain's role is checked per step, narrower ([`begin_step`]): the message names
        // the role of this step.
        let tx = self.write(&[])?;
        let (id, before) = get_request(&tx, no)?;
        let role = begin_step(&tx, ctx, &before, action)?;
        let mut after = before.clone();
        after.state = to;
        after.sync_allowed();
        fill(&tx, id, &before, &mut after)?;
        db::requests::update(&tx, id, &after, None, ctx.now, &ctx.operator)?;
        audit_request(&tx, ctx, &format!("request.{}", action_code(action)), Some(&before), &after, reason)?;
        let step = Step { role, reason, opinion, ..Step::new(action, &before, &after) };
        record_step(&tx, ctx, id, &step)?;
        commit(tx)?;
        Ok(after)
    }

    /// 待审批 → 已批准, by the director (an approver), after the full check of every row together.
    /// A space refusal blocks approval; a power refusal does not: it is the IDC engineer's to
    /// judge at 机房审核 (`review_request`), so the director cannot pass one with a reason.
    pub fn approve_request(
        &mut self,
        ctx: &Ctx,
        no: &str,
        override_reason: Option<&str>,
        opinion: Option<&str>,
    ) -> Result<RequestAnswer> {
        // The role before anything else: a login without it hears which role approves.
        roles::ensure(self.conn(), &ctx.operator, Action::Approve, Some(RequestState::Pending))?;
        if text(override_reason).is_some() {
            return Err(Error::ApprovalOverride { no: no.trim().to_string() });
        }
        self.ensure_approver(ctx)?;
        let lang = self.lang;
        // Area::Chain's role is checked per step, narrower ([`begin_step`]): the message names
        // the role of this step.
        let tx = self.write(&[])?;
        let (id, before) = get_request(&tx, no)?;
        let role = begin_step(&tx, ctx, &before, Action::Approve)?;
        let check = check_rows(&tx, id, before.kind, &before.rows, lang)?;
        if check.verdict == Verdict::Refused && !check.overridable {
            return Err(Error::ApprovalRefused {
                no: before.request_no.clone(),
                reasons: refused_rows(&check),
                overridable: false,
            });
        }
        let mut after = before.clone();
        after.state = RequestState::Approved;
        after.sync_allowed();
        after.approver = Some(ctx.operator.clone());
        after.decided_at = Some(stamp(ctx.now));
        after.opinion = text(opinion).or_else(|| Some("同意".into()));
        let json = serde_json::to_string(&check).ok();
        db::requests::update(&tx, id, &after, json.as_deref(), ctx.now, &ctx.operator)?;
        audit_request(&tx, ctx, "request.approve", Some(&before), &after, None)?;
        let step = Step {
            role,
            check: Some(&check),
            opinion: after.opinion.as_deref(),
            ..Step::new(Action::Approve, &before, &after)
        };
        record_step(&tx, ctx, id, &step)?;
        let mine = actions_for(&tx, ctx, &after)?;
        commit(tx)?;
        Ok(RequestAnswer { request: after, check: Some(check), mine })
    }

    /// 已批准 → 已审核 (机房审核), by the IDC engineer: space, and the power of each cabinet and
    /// of each row-head cabinet feeding it (failover included), every row together. A refusal on
    /// power alone passes only with `override_reason` (recorded); a space refusal never.
    pub fn review_request(
        &mut self,
        ctx: &Ctx,
        no: &str,
        override_reason: Option<&str>,
        opinion: Option<&str>,
    ) -> Result<RequestAnswer> {
        let lang = self.lang;
        // Area::Chain's role is checked per step, narrower ([`begin_step`]): the message names
        // the role of this step.
        let tx = self.write(&[])?;
        let (id, before) = get_request(&tx, no)?;
        let role = begin_step(&tx, ctx, &before, Action::Review)?;
        let check = check_rows(&tx, id, before.kind, &before.rows, lang)?;
        let reason = text(override_reason);
        if check.verdict == Verdict::Refused && (!check.overridable || reason.is_none()) {
            return Err(Error::ReviewRefused {
                no: before.request_no.clone(),
                reasons: refused_rows(&check),
                overridable: check.overridable,
            });
        }
        let mut after = before.clone();
        after.state = RequestState::Reviewed;
        after.sync_allowed();
        after.reviewer = Some(ctx.operator.clone());
        after.reviewed_at = Some(stamp(ctx.now));
        after.review_opinion = text(opinion).or_else(|| Some("同意".into()));
        // Recorded only when it was needed.
        after.override_reason = if check.verdict == Verdict::Refused { reason } else { None };
        // The 附件2 export shows the check of 机房审核, the last one made.
        let json = serde_json::to_string(&check).ok();
        db::requests::update(&tx, id, &after, json.as_deref(), ctx.now, &ctx.operator)?;
        audit_request(&tx, ctx, "request.review", Some(&before), &after, after.override_reason.as_deref())?;
        let step = Step {
            role,
            check: Some(&check),
            reason: after.override_reason.as_deref(),
            opinion: after.review_opinion.as_deref(),
            ..Step::new(Action::Review, &before, &after)
        };
        record_step(&tx, ctx, id, &step)?;
        let mine = actions_for(&tx, ctx, &after)?;
        commit(tx)?;
        Ok(RequestAnswer { request: after, check: Some(check), mine })
    }

    /// The director confirms an operation request (附件5): its 审批人 and 审批时间 are set. One
    /// that belongs to a racking request needs it 已审核; once every operation request of it is
    /// confirmed, the racking request is 已确认 and may be executed.
    pub fn confirm_operation(&mut self, ctx: &Ctx, op_no: &str) -> Result<Confirmed> {
        // The step's role before the write's: a login without it hears which role confirms.
        roles::ensure(self.conn(), &ctx.operator, Action::Confirm, Some(RequestState::Reviewed))?;
        let tx = self.write(&[Area::OperationSign])?;
        let (op_id, op) = db::operations::get(&tx, op_no)?
            .ok_or_else(|| Error::OperationNotFound { no: op_no.trim().to_string() })?;
        let linked = match &op.request_no {
            Some(no) => Some(get_request(&tx, no)?),
            None => None,
        };
        let done = confirm_in(&tx, ctx, linked, vec![(op_id, op)])?;
        commit(tx)?;
        Ok(done)
    }

    /// `operation confirm NO`: NO is an operation request's number, or a racking request's (then
    /// every operation request of it is confirmed, as [`Ledger::confirm_request`]).
    pub fn confirm(&mut self, ctx: &Ctx, no: &str) -> Result<Confirmed> {
        if db::operations::get(self.conn(), no)?.is_none() && db::requests::get(self.conn(), no)?.is_some() {
            return self.confirm_request(ctx, no);
        }
        self.confirm_operation(ctx, no)
    }

    /// Who the operator is on this ledger: name, roles, engine, where the ledger is.
    pub fn identity(&self, ctx: &Ctx) -> Result<Identity> {
        roles::identity(self.conn(), &ctx.operator)
    }

    /// Confirms every operation request of a racking request not confirmed yet (the app's
    /// button on the request): 已审核 → 已确认. Refused when it has none.
    pub fn confirm_request(&mut self, ctx: &Ctx, no: &str) -> Result<Confirmed> {
        roles::ensure(self.conn(), &ctx.operator, Action::Confirm, Some(RequestState::Reviewed))?;
        let tx = self.write(&[Area::OperationSign])?;
        let (id, request) = get_request(&tx, no)?;
        let mut ops = Vec::new();
        for op in db::operations::list(&tx, Some(id))? {
            if op.approved_at.is_none() {
                if let Some(found) = db::operations::get(&tx, &op.op_no)? {
                    ops.push(found);
                }
            }
        }
        if ops.is_empty() && request.operations.is_empty() {
            return Err(Error::NoOperation { no: request.request_no });
        }
        let done = confirm_in(&tx, ctx, Some((id, request)), ops)?;
        commit(tx)?;
        Ok(done)
    }

    /// 已上架 → 已验收 (完成确认). On a team ledger by someone other than the executor; on a
    /// single file one person may do every step.
    pub fn accept_request(&mut self, ctx: &Ctx, no: &str, opinion: Option<&str>) -> Result<RackingRequest> {
        let at = stamp(ctx.now);
        let opinion = text(opinion);
        self.decide(
            ctx,
            no,
            Action::Accept,
            move |tx, id, before, r| {
                let executor = before.executed_by.as_deref().map(str::trim);
                if executor_accepts(tx, before, &ctx.operator) {
                    return Err(Error::SamePerson {
                        no: before.request_no.clone(),
                        executor: executor.unwrap_or_default().to_string(),
                    });
                }
                r.accepted_by = Some(ctx.operator.clone());
                r.accepted_at = Some(at);
                // 完成确认人 of its operation requests.
                for o in db::operations::list(tx, Some(id))? {
                    if let Some((op_id, _)) = db::operations::get(tx, &o.op_no)? {
                        db::operations::accept(tx, op_id, &ctx.operator, ctx.now)?;
                    }
                }
                Ok(())
            },
            None,
            opinion.as_deref(),
        )
    }

    /// The steps a request went through, oldest first: who, when, as which role, and what the
    /// check said then.
    pub fn request_timeline(&self, no: &str) -> Result<Vec<RequestStep>> {
        let (id, _) = get_request(self.conn(), no)?;
        Ok(db::request_steps::list(self.conn(), id)?.into_iter().map(RequestStep::from_row).collect())
    }

    /// The requests waiting for a step this operator may take, by queue (待我审批 …).
    pub fn request_queues(&self, ctx: &Ctx) -> Result<Queues> {
        let held = roles::roles_of(self.conn(), &ctx.operator)?;
        let mut queues = Vec::new();
        for (queue, state, action) in QUEUES {
            let mut numbers = Vec::new();
            if roles::may(&held, *action, Some(*state)) {
                let filter = RequestFilter { state: Some(*state), limit: None, offset: None };
                for r in db::requests::list(self.conn(), &filter)? {
                    // 验收 is someone else's than the executor's, on a team ledger.
                    if *action == Action::Accept && executor_accepts(self.conn(), &r, &ctx.operator) {
                        continue;
                    }
                    numbers.push(r.request_no);
                }
            }
            queues.push(Queue {
                queue: *queue,
                state: *state,
                action: *action,
                count: numbers.len(),
                requests: numbers,
            });
        }
        Ok(Queues { identity: roles::identity(self.conn(), &ctx.operator)?, queues })
    }

    /// After the physical work, by the hardware engineer, once its 附件5 is confirmed (已确认):
    /// racks every device (registering the new ones), sets 上架日期, creates ports and the
    /// operation requests' cables, releases the reservation and marks the request 已上架 — one
    /// transaction, so a refusal on any row leaves everything as it was.
    pub fn execute_request(&mut self, ctx: &Ctx, no: &str) -> Result<RequestExecuted> {
        let lang = self.lang;
        // The step's role first (上架实施 needs the hardware engineer), then what it writes.
        roles::ensure(self.conn(), &ctx.operator, Action::Execute, None)?;
        let tx = self.write(&[Area::Chain, Area::Assets, Area::Ports, Area::Operations])?;
        let (id, before) = get_request(&tx, no)?;
        let role = begin_step(&tx, ctx, &before, Action::Execute)?;
        let mut after = before.clone();
        after.state = RequestState::Executed;
        after.sync_allowed();
        after.executed_at = Some(stamp(ctx.now));
        after.executed_by = Some(ctx.operator.clone());
        // Released first, so the devices do not collide with their own reservation.
        db::requests::update(&tx, id, &after, None, ctx.now, &ctx.operator)?;
        let why = format!("上架申请 {}", before.request_no);
        let ids = db::requests::row_assets(&tx, id)?;
        let mut assets = Vec::with_capacity(before.rows.len());
        for row in &before.rows {
            let in_ledger = ids.iter().any(|(seq, a, _)| *seq == row.seq && a.is_some());
            if before.kind == RequestKind::Remove {
                assets.push(unplace_in(&tx, ctx, &row.asset_tag, Some(&why))?);
                continue;
            }
            let (Some(cabinet), Some(start_u)) = (&row.cabinet, row.start_u) else {
                return Err(Error::MissingField { field: format!("第 {} 行 机柜编号 / 起始U位", row.seq) });
            };
            if !in_ledger {
                register(&tx, ctx, &before, row)?;
            }
            let racked_now = db::assets::get(&tx, &row.asset_tag)?.and_then(|(_, a)| a.position()).is_some();
            let override_reason = before.override_reason.as_deref();
            let racked = if racked_now {
                move_in(&tx, lang, ctx, &row.asset_tag, cabinet, start_u, row.face, override_reason, None)?
            } else {
                place_in(&tx, lang, ctx, &row.asset_tag, cabinet, start_u, row.face, override_reason, None)?
            };
            assets.push(racked.asset);
        }
        // In the order they were filed.
        let mut operations = db::operations::list(&tx, Some(id))?;
        operations.sort_by(|a, b| a.op_no.cmp(&b.op_no));
        let racked: Vec<Asset> = assets.iter().filter(|a| a.position().is_some()).cloned().collect();
        let wired = super::request_ports::after_racking(&tx, ctx, &racked, &operations)?;
        for op in &operations {
            if let Some((op_id, _)) = db::operations::get(&tx, &op.op_no)? {
                db::operations::complete(&tx, op_id, &ctx.operator, ctx.now)?;
            }
        }
        audit_request(&tx, ctx, "request.execute", Some(&before), &after, None)?;
        record_step(&tx, ctx, id, &Step { role, ..Step::new(Action::Execute, &before, &after) })?;
        commit(tx)?;
        Ok(RequestExecuted {
            request: after,
            assets,
            ports_created: wired.ports_created,
            cables_created: wired.cables_created,
        })
    }
}

/// The request a draft files (草稿, no rows yet): refused without an organisation, an
/// applicant or a row.
fn request_of(draft: &RequestDraft, request_no: String, applied_on: NaiveDate) -> Result<RackingRequest> {
    let org = text(Some(&draft.org)).ok_or_else(|| Error::MissingField { field: "申请单位".into() })?;
    let applicant = text(Some(&draft.applicant)).ok_or_else(|| Error::MissingField { field: "申请人".into() })?;
    if draft.rows.is_empty() {
        return Err(Error::MissingField { field: "设备（--row）".into() });
    }
    Ok(RackingRequest {
        request_no,
        applied_on,
        org,
        applicant,
        phone: text(draft.phone.as_deref()),
        system: text(draft.system.as_deref()),
        kind: draft.kind,
        planned_on: draft.planned_on,
        escort: text(draft.escort.as_deref()),
        power_tested: draft.power_tested,
        org_opinion: text(draft.org_opinion.as_deref()),
        state: RequestState::Draft,
        approver: None,
        decided_at: None,
        opinion: None,
        override_reason: None,
        reviewer: None,
        reviewed_at: None,
        review_opinion: None,
        executed_at: None,
        executed_by: None,
        accepted_by: None,
        accepted_at: None,
        note: text(draft.note.as_deref()),
        rows: Vec::new(),
        operations: Vec::new(),
        allowed: Vec::new(),
    }
    .with_allowed())
}

/// Registers a new device of a request (库存, owned by the applicant's organisation) inside the
/// executing transaction; racking it follows.
fn register(tx: &Connection, ctx: &Ctx, req: &RackingRequest, row: &RequestRow) -> Result<()> {
    if db::assets::get(tx, &row.asset_tag)?.is_some() {
        return Err(Error::DuplicateTag { tag: row.asset_tag.clone() });
    }
    if let Some(other_tag) = db::assets::serial_owner(tx, &row.vendor, &row.serial, None)? {
        return Err(Error::DuplicateSerial { vendor: row.vendor.clone(), serial: row.serial.clone(), other_tag });
    }
    let mut a = Asset::new(&row.asset_tag);
    a.name = row.name.clone();
    a.category = row.category;
    a.vendor = row.vendor.clone();
    a.model = row.model.clone();
    a.serial = row.serial.clone();
    a.ownership = Ownership::Hosted;
    a.owner = req.org.clone();
    a.system = req.system.clone();
    a.u_height = row.u_height;
    a.depth = row.depth;
    a.rated_w = row.rated_w;
    a.typical_w = row.typical_w;
    a.psu_count = row.psu_count;
    a.mgmt_ip = row.mgmt_ip.clone();
    a.status = Status::InStock;
    a.registered_on = Some(ctx.now.date());
    a.registered_by = Some(ctx.operator.clone());
    a.note = Some(format!("上架申请 {}", req.request_no));
    a.validate()?;
    let id = db::assets::insert(tx, &a, ctx.now, &ctx.operator)?;
    a.version = 1;
    let mut h = HistoryEntry::new("created", ctx.now, &ctx.operator);
    h.reason = Some(format!("上架申请 {}", req.request_no));
    db::history::insert(tx, id, &h)?;
    audit_asset(tx, ctx, "asset.create", None, &a, Some(&format!("上架申请 {}", req.request_no)))
}

/// Turns a filed row into a stored one: an asset of the ledger (its fields copied) or a new
/// device (validated now, registered on execution), and the target cabinet.
fn resolve_draft(
    conn: &Connection,
    req: &RackingRequest,
    seq: u32,
    d: &RowDraft,
) -> Result<(RequestRow, Option<i64>, Option<i64>)> {
    let tag = d.asset_tag.trim();
    let existing = if tag.is_empty() { None } else { db::assets::get(conn, tag)? };
    let (mut row, asset_id) = match (existing, &d.new_device) {
        (Some((id, a)), _) => (row_of_asset(seq, &a), Some(id)),
        (None, Some(n)) => {
            let tag = if tag.is_empty() { format!("{}-{seq}", req.request_no) } else { tag.to_string() };
            let row = row_of_new(seq, &tag, n)?;
            if let Some(other_tag) = db::assets::serial_owner(conn, &row.vendor, &row.serial, None)? {
                return Err(Error::DuplicateSerial { vendor: row.vendor, serial: row.serial, other_tag });
            }
            (row, None)
        }
        (None, None) => return Err(Error::AssetNotFound { tag: tag.to_string() }),
    };
    row.note = text(d.note.as_deref());
    let cabinet = match text(d.cabinet.as_deref()) {
        Some(code) => {
            Some(db::cabinets::get(conn, &code)?.ok_or_else(|| Error::CabinetNotFound { code: code.clone() })?)
        }
        None => None,
    };
    if req.kind == RequestKind::Remove {
        // Taking out: the row is where the device is now.
        let (Some(id), Some(pos)) = (asset_id, db::assets::get(conn, &row.asset_tag)?.and_then(|(_, a)| a.position()))
        else {
            return Err(Error::NotRacked { tag: row.asset_tag.clone() });
        };
        let cab = db::cabinets::get(conn, &pos.cabinet)?;
        row.room = Some(pos.room);
        row.cabinet = Some(pos.cabinet);
        row.start_u = Some(pos.start_u);
        row.face = Some(pos.face);
        return Ok((row, Some(id), cab.map(|c| c.id)));
    }
    let cabinet = cabinet.ok_or_else(|| Error::MissingField { field: format!("第 {seq} 行 机柜编号") })?;
    let start_u = d.start_u.ok_or_else(|| Error::MissingField { field: format!("第 {seq} 行 起始U位") })?;
    if start_u > MAX_U {
        return Err(Error::InvalidValue {
            field: "起始U位".into(),
            value: start_u.to_string(),
            reason: format!("应在 1 到 {MAX_U} 之间"),
        });
    }
    row.room = Some(cabinet.room.clone());
    row.cabinet = Some(cabinet.code.clone());
    row.start_u = Some(start_u);
    row.face = Some(d.face.or(row.face).unwrap_or(Face::Front));
    Ok((row, asset_id, Some(cabinet.id)))
}

fn row_of_asset(seq: u32, a: &Asset) -> RequestRow {
    RequestRow {
        seq,
        in_ledger: true,
        asset_tag: a.asset_tag.clone(),
        name: a.name.clone(),
        category: a.category,
        vendor: a.vendor.clone(),
        model: a.model.clone(),
        serial: a.serial.clone(),
        u_height: a.u_height,
        depth: a.depth,
        rated_w: a.rated_w,
        typical_w: a.typical_w,
        psu_count: a.psu_count,
        rj45_ports: None,
        optical_ports: None,
        mgmt_ip: a.mgmt_ip.clone(),
        room: None,
        cabinet: None,
        start_u: None,
        face: a.face,
        note: None,
    }
}

fn row_of_new(seq: u32, tag: &str, n: &NewDevice) -> Result<RequestRow> {
    for (field, v) in [("设备名称", &n.name), ("品牌", &n.vendor), ("型号", &n.model), ("序列号", &n.serial)]
    {
        if v.trim().is_empty() {
            return Err(Error::MissingField { field: format!("第 {seq} 行 {field}") });
        }
    }
    if n.u_height > MAX_U {
        return Err(Error::InvalidValue {
            field: "占用U数".into(),
            value: n.u_height.to_string(),
            reason: format!("应在 0 到 {MAX_U} 之间"),
        });
    }
    if tag.chars().any(|c| c.is_control() || c == ':') {
        return Err(Error::InvalidValue {
            field: "资产编号".into(),
            value: tag.into(),
            reason: "资产编号不能含有冒号或控制字符".into(),
        });
    }
    Ok(RequestRow {
        seq,
        in_ledger: false,
        asset_tag: tag.to_string(),
        name: n.name.trim().to_string(),
        category: n.category,
        vendor: n.vendor.trim().to_string(),
        model: n.model.trim().to_string(),
        serial: n.serial.trim().to_string(),
        u_height: n.u_height,
        depth: n.depth,
        rated_w: n.rated_w,
        typical_w: n.typical_w,
        psu_count: n.psu_count,
        rj45_ports: n.rj45_ports,
        optical_ports: n.optical_ports,
        mgmt_ip: text(n.mgmt_ip.as_deref()),
        room: None,
        cabinet: None,
        start_u: None,
        face: None,
        note: None,
    })
}
