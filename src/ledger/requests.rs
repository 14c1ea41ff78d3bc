//! Racking requests (附件2): filing, submitting, approving (with the full check of every row
//! together), rejecting, executing and cancelling.
//!
//! - Approval takes an approver (the `approvers` setting) and checks all rows at once: space
//!   against what is racked, what other approved requests reserve, and the request's earlier
//!   rows; power with every row added. A refusal blocks approval; a power refusal may be passed
//!   with a reason (recorded), a space refusal never (as for `place`).
//! - An approved request reserves its positions and power: `check`/`place`/`move` and other
//!   requests see them as taken (see `check.rs`), and the power report shows the planned load.
//! - Executing is one transaction: new assets registered, every device racked (上架日期 set),
//!   ports and cables created (`request_ports.rs`, over the ports API), the reservation
//!   released, state 已上架.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use crate::db::Connection;
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
    Asset, Category, Depth, Face, Ownership, RackingRequest, RequestKind, RequestRow, RequestState, Status, MAX_U,
};
use crate::placement::{judge, Proposal, Snapshot};
use crate::rack::Mount;

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
            RequestState::Draft | RequestState::Pending => {
                Some(check_rows(self.conn(), id, request.kind, &request.rows, self.lang)?)
            }
            // The check made at approval, as stored.
            _ => db::requests::power_check(self.conn(), id)?.and_then(|j| serde_json::from_str(&j).ok()),
        };
        Ok(RequestAnswer { request, check })
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
        let tx = self.write()?;
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

    /// 草稿 → 待审批.
    pub fn submit_request(&mut self, ctx: &Ctx, no: &str) -> Result<RackingRequest> {
        self.decide(ctx, no, RequestState::Pending, |_| Ok(()), "request.submit", None)
    }

    /// 待审批 → 已驳回, by an approver, with the reason.
    pub fn reject_request(&mut self, ctx: &Ctx, no: &str, reason: &str) -> Result<RackingRequest> {
        let reason = text(Some(reason)).ok_or_else(|| Error::MissingField { field: "驳回原因".into() })?;
        self.ensure_approver(ctx)?;
        let at = stamp(ctx.now);
        let (op, r2) = (ctx.operator.clone(), reason.clone());
        self.decide(
            ctx,
            no,
            RequestState::Rejected,
            move |r| {
                r.approver = Some(op);
                r.decided_at = Some(at);
                r.opinion = Some(r2);
                Ok(())
            },
            "request.reject",
            Some(&reason),
        )
    }

    /// Cancels a request that is not executed; an approved one releases its reservation.
    pub fn cancel_request(&mut self, ctx: &Ctx, no: &str, reason: Option<&str>) -> Result<RackingRequest> {
        let reason = text(reason);
        let r2 = reason.clone();
        self.decide(
            ctx,
            no,
            RequestState::Cancelled,
            move |r| {
                if r2.is_some() {
                    r.opinion = r2;
                }
                Ok(())
            },
            "request.cancel",
            reason.as_deref(),
        )
    }

    fn ensure_approver(&self, ctx: &Ctx) -> Result<()> {
        let list = approvers(self.conn())?;
        if list.iter().any(|a| *a == ctx.operator.trim()) {
            Ok(())
        } else {
            Err(Error::NotApprover {
                operator: ctx.operator.clone(),
                approvers: if list.is_empty() { "未设置".into() } else { list.join("、") },
            })
        }
    }

    /// A state change with its fields and audit record, in one transaction.
    fn decide(
        &mut self,
        ctx: &Ctx,
        no: &str,
        to: RequestState,
        fill: impl FnOnce(&mut RackingRequest) -> Result<()>,
        action: &str,
        reason: Option<&str>,
    ) -> Result<RackingRequest> {
        let tx = self.write()?;
        let (id, before) =
            db::requests::get(&tx, no)?.ok_or_else(|| Error::RequestNotFound { no: no.trim().to_string() })?;
        transition(&before, to)?;
        let mut after = before.clone();
        after.state = to;
        after.sync_allowed();
        fill(&mut after)?;
        db::requests::update(&tx, id, &after, None, ctx.now, &ctx.operator)?;
        audit_request(&tx, ctx, action, Some(&before), &after, reason)?;
        commit(tx)?;
        Ok(after)
    }

    /// 待审批 → 已批准, by an approver, after the full check of every row together. A refused
    /// check blocks approval; a refusal on power alone may be passed with `override_reason`.
    pub fn approve_request(
        &mut self,
        ctx: &Ctx,
        no: &str,
        override_reason: Option<&str>,
        opinion: Option<&str>,
    ) -> Result<RequestAnswer> {
        self.ensure_approver(ctx)?;
        let lang = self.lang;
        let tx = self.write()?;
        let (id, before) =
            db::requests::get(&tx, no)?.ok_or_else(|| Error::RequestNotFound { no: no.trim().to_string() })?;
        transition(&before, RequestState::Approved)?;
        let check = check_rows(&tx, id, before.kind, &before.rows, lang)?;
        let reason = text(override_reason);
        if check.verdict == Verdict::Refused && (!check.overridable || reason.is_none()) {
            let reasons: Vec<String> = check
                .rows
                .iter()
                .filter(|r| r.check.verdict == Verdict::Refused)
                .map(|r| format!("第 {} 行 {}：{}", r.seq, r.asset_tag, r.check.reasons.join("；")))
                .collect();
            return Err(Error::ApprovalRefused {
                no: before.request_no.clone(),
                reasons: reasons.join("；"),
                overridable: check.overridable,
            });
        }
        let mut after = before.clone();
        after.state = RequestState::Approved;
        after.sync_allowed();
        after.approver = Some(ctx.operator.clone());
        after.decided_at = Some(stamp(ctx.now));
        after.opinion = text(opinion).or_else(|| Some("同意".into()));
        // Recorded only when it was needed.
        after.override_reason = if check.verdict == Verdict::Refused { reason.clone() } else { None };
        let json = serde_json::to_string(&check).ok();
        db::requests::update(&tx, id, &after, json.as_deref(), ctx.now, &ctx.operator)?;
        audit_request(&tx, ctx, "request.approve", Some(&before), &after, after.override_reason.as_deref())?;
        commit(tx)?;
        Ok(RequestAnswer { request: after, check: Some(check) })
    }

    /// After the physical work: racks every device (registering the new ones), sets 上架日期,
    /// creates ports and the operation requests' cables, releases the reservation and marks the
    /// request 已上架 — one transaction, so a refusal on any row leaves everything as it was.
    pub fn execute_request(&mut self, ctx: &Ctx, no: &str) -> Result<RequestExecuted> {
        let lang = self.lang;
        let tx = self.write()?;
        let (id, before) =
            db::requests::get(&tx, no)?.ok_or_else(|| Error::RequestNotFound { no: no.trim().to_string() })?;
        transition(&before, RequestState::Executed)?;
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
                move_in(&tx, lang, ctx, &row.asset_tag, cabinet, start_u, row.face, override_reason)?
            } else {
                place_in(&tx, lang, ctx, &row.asset_tag, cabinet, start_u, row.face, override_reason)?
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
        executed_at: None,
        executed_by: None,
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
