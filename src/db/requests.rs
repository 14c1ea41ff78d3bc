//! Tables `racking_requests` and `racking_request_rows`: the racking requests (附件2), their
//! device rows, and the reservations of the approved ones.

use crate::db::{params, Connection, OptionalExtension, Row};
use chrono::NaiveDateTime;

use super::stamp;
use super::{decode, decode_date};
use crate::error::{Error, Result};
use crate::model::{Category, Depth, Face, RackingRequest, RequestKind, RequestRow, RequestState};
use crate::rack::Mount;

const SELECT: &str = "
    SELECT request_no, applied_on, org, applicant, phone, system, kind, planned_on, escort, power_tested,
           org_opinion, state, approver, decided_at, opinion, override_reason, executed_at, executed_by, note, id,
           (SELECT string_agg(op_no, ',' ORDER BY o.id) FROM operation_requests o WHERE o.request_id = racking_requests.id),
           reviewer, reviewed_at, review_opinion, accepted_by, accepted_at
    FROM racking_requests";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, RackingRequest)> {
    let ops: Option<String> = r.get(20)?;
    Ok((
        r.get(19)?,
        RackingRequest {
            request_no: r.get(0)?,
            applied_on: decode_date(r.get(1)?, 1)?.unwrap_or_default(),
            org: r.get(2)?,
            applicant: r.get(3)?,
            phone: r.get(4)?,
            system: r.get(5)?,
            kind: decode(r.get(6)?, RequestKind::parse, 6)?,
            planned_on: decode_date(r.get(7)?, 7)?,
            escort: r.get(8)?,
            power_tested: r.get(9)?,
            org_opinion: r.get(10)?,
            state: decode(r.get(11)?, RequestState::parse, 11)?,
            approver: r.get(12)?,
            decided_at: r.get(13)?,
            opinion: r.get(14)?,
            override_reason: r.get(15)?,
            reviewer: r.get(21)?,
            reviewed_at: r.get(22)?,
            review_opinion: r.get(23)?,
            executed_at: r.get(16)?,
            executed_by: r.get(17)?,
            accepted_by: r.get(24)?,
            accepted_at: r.get(25)?,
            note: r.get(18)?,
            rows: Vec::new(),
            operations: ops.map(|s| s.split(',').map(str::to_string).collect()).unwrap_or_default(),
            allowed: Vec::new(),
        }
        .with_allowed(),
    ))
}

const ROWS: &str = "
    SELECT rr.seq, rr.asset_id, rr.asset_tag, rr.name, rr.category, rr.vendor, rr.model, rr.serial, rr.u_height,
           rr.depth, rr.rated_w, rr.typical_w, rr.psu_count, rr.rj45_ports, rr.optical_ports, rr.mgmt_ip,
           m.name, c.code, rr.start_u, rr.face, rr.note
    FROM racking_request_rows rr
    LEFT JOIN cabinets c ON c.id = rr.cabinet_id
    LEFT JOIN rooms m ON m.id = c.room_id";

fn row_from(r: &Row<'_>) -> crate::db::SqlResult<RequestRow> {
    let asset_id: Option<i64> = r.get(1)?;
    let face: Option<String> = r.get(19)?;
    Ok(RequestRow {
        seq: r.get(0)?,
        in_ledger: asset_id.is_some(),
        asset_tag: r.get(2)?,
        name: r.get(3)?,
        category: decode(r.get(4)?, Category::parse, 4)?,
        vendor: r.get(5)?,
        model: r.get(6)?,
        serial: r.get(7)?,
        u_height: r.get(8)?,
        depth: decode(r.get(9)?, Depth::parse, 9)?,
        rated_w: r.get(10)?,
        typical_w: r.get(11)?,
        psu_count: r.get(12)?,
        rj45_ports: r.get(13)?,
        optical_ports: r.get(14)?,
        mgmt_ip: r.get(15)?,
        room: r.get(16)?,
        cabinet: r.get(17)?,
        start_u: r.get(18)?,
        face: face.map(|f| decode(f, Face::parse, 19)).transpose()?,
        note: r.get(20)?,
    })
}

/// The request with its rows, and its row id.
pub fn get(conn: &Connection, no: &str) -> Result<Option<(i64, RackingRequest)>> {
    let found = conn
        .prepare_cached(&format!("{SELECT} WHERE request_no = ?1"))
        .and_then(|mut s| s.query_row([no.trim()], from_row).optional())
        .map_err(Error::storage("查询上架申请"))?;
    match found {
        Some((id, mut req)) => {
            req.rows = rows(conn, id)?;
            Ok(Some((id, req)))
        }
        None => Ok(None),
    }
}

pub fn rows(conn: &Connection, request_id: i64) -> Result<Vec<RequestRow>> {
    conn.prepare_cached(&format!("{ROWS} WHERE rr.request_id = ?1 ORDER BY rr.seq"))
        .and_then(|mut s| s.query_map([request_id], row_from)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取上架申请设备"))
}

/// Which racking requests to list: of one state or all; newest first. Without a limit, every
/// one from `offset` on.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RequestFilter {
    pub state: Option<RequestState>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// `state = ?` only when a state is asked, so that SQLite walks `racking_requests_state (state,
/// applied_on)` newest first.
fn where_clause(f: &RequestFilter) -> (&'static str, Vec<&'static str>) {
    match f.state {
        Some(s) => (" WHERE state = ?1", vec![s.code()]),
        None => ("", Vec::new()),
    }
}

/// The query of [`list`] and its arguments.
fn list_sql(f: &RequestFilter) -> (String, Vec<&'static str>) {
    let (cond, args) = where_clause(f);
    let window = super::window::limit_sql(f.limit, f.offset);
    (format!("{SELECT}{cond} ORDER BY applied_on DESC, request_no DESC{window}"), args)
}

/// The requests matching the filter, newest applied first, within its window, with their rows.
pub fn list(conn: &Connection, f: &RequestFilter) -> Result<Vec<RackingRequest>> {
    let (sql, args) = list_sql(f);
    let found = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(crate::db::params_from_iter(args.iter()), from_row)?.collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("读取上架申请"))?;
    found
        .into_iter()
        .map(|(id, mut r)| {
            r.rows = rows(conn, id)?;
            Ok(r)
        })
        .collect()
}

/// How many requests match the filter (its window ignored).
pub fn count(conn: &Connection, f: &RequestFilter) -> Result<i64> {
    let (cond, args) = where_clause(f);
    conn.prepare_cached(&format!("SELECT count(*) FROM racking_requests{cond}"))
        .and_then(|mut s| s.query_row(crate::db::params_from_iter(args.iter()), |r| r.get(0)))
        .map_err(Error::storage("统计上架申请"))
}

/// How many requests are in each state, by the state's code (states without one left out).
pub fn count_by_state(conn: &Connection) -> Result<std::collections::BTreeMap<String, i64>> {
    super::window::count_by_state(conn, "racking_requests").map_err(Error::storage("统计上架申请"))
}

/// Inserts the header (state and numbers as given) and returns its id.
pub fn insert(conn: &Connection, r: &RackingRequest, at: NaiveDateTime, by: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO racking_requests (request_no, applied_on, org, applicant, phone, system, kind, planned_on, escort,
             power_tested, org_opinion, state, note, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?14, ?15)",
    )
    .and_then(|mut s| {
        s.execute(params![
            r.request_no,
            r.applied_on.to_string(),
            r.org,
            r.applicant,
            r.phone,
            r.system,
            r.kind.code(),
            r.planned_on.map(|d| d.to_string()),
            r.escort,
            r.power_tested,
            r.org_opinion,
            r.state.code(),
            r.note,
            stamp(at),
            by
        ])
    })
    .map_err(Error::storage("登记上架申请"))?;
    Ok(conn.last_insert_rowid())
}

/// Inserts one device row. `asset_id` names an asset of the ledger; `cabinet_id` its target.
pub fn insert_row(
    conn: &Connection,
    request_id: i64,
    asset_id: Option<i64>,
    cabinet_id: Option<i64>,
    r: &RequestRow,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO racking_request_rows (request_id, seq, asset_id, asset_tag, name, category, vendor, model, serial,
             u_height, depth, rated_w, typical_w, psu_count, rj45_ports, optical_ports, mgmt_ip, cabinet_id, start_u,
             face, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )
    .and_then(|mut s| {
        s.execute(params![
            request_id,
            r.seq,
            asset_id,
            r.asset_tag,
            r.name,
            r.category.code(),
            r.vendor,
            r.model,
            r.serial,
            r.u_height,
            r.depth.code(),
            r.rated_w,
            r.typical_w,
            r.psu_count,
            r.rj45_ports,
            r.optical_ports,
            r.mgmt_ip,
            cabinet_id,
            r.start_u,
            r.face.map(|f| f.code()),
            r.note
        ])
    })
    .map_err(Error::storage("登记上架申请设备"))?;
    Ok(())
}

/// Writes the decision fields and the state.
pub fn update(
    conn: &Connection,
    id: i64,
    r: &RackingRequest,
    power_check: Option<&str>,
    at: NaiveDateTime,
    by: &str,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE racking_requests SET state = ?2, approver = ?3, decided_at = ?4, opinion = ?5, override_reason = ?6,
             power_check = coalesce(?7, power_check), executed_at = ?8, executed_by = ?9, updated_at = ?10,
             updated_by = ?11, reviewer = ?12, reviewed_at = ?13, review_opinion = ?14, accepted_by = ?15,
             accepted_at = ?16
         WHERE id = ?1",
    )
    .and_then(|mut s| {
        s.execute(params![
            id,
            r.state.code(),
            r.approver,
            r.decided_at,
            r.opinion,
            r.override_reason,
            power_check,
            r.executed_at,
            r.executed_by,
            stamp(at),
            by,
            r.reviewer,
            r.reviewed_at,
            r.review_opinion,
            r.accepted_by,
            r.accepted_at
        ])
    })
    .map_err(Error::storage("更新上架申请"))?;
    Ok(())
}

/// The check made at approval, as stored (JSON).
pub fn power_check(conn: &Connection, id: i64) -> Result<Option<String>> {
    conn.query_row("SELECT power_check FROM racking_requests WHERE id = ?1", [id], |r| r.get(0))
        .map_err(Error::storage("读取审批检查"))
}

/// A row's seq, its asset's id (None for a new asset) and its target cabinet's id.
pub type RowIds = (u32, Option<i64>, Option<i64>);

/// The ids of each row, by seq.
pub fn row_assets(conn: &Connection, request_id: i64) -> Result<Vec<RowIds>> {
    conn.prepare_cached("SELECT seq, asset_id, cabinet_id FROM racking_request_rows WHERE request_id = ?1 ORDER BY seq")
        .and_then(|mut s| {
            s.query_map([request_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("读取上架申请设备"))
}

/// A position and power held by an approved request that is not executed yet (states that
/// [`RequestState::reserves`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub request_id: i64,
    pub request_no: String,
    pub cabinet_id: i64,
    pub mount: Mount,
    pub load_w: i64,
}

const RESERVED: &str = "
    SELECT r.id, r.request_no, rr.cabinet_id, rr.asset_tag, rr.name, rr.start_u, rr.u_height, rr.face, rr.depth,
           coalesce(rr.typical_w, rr.rated_w)
    FROM racking_request_rows rr JOIN racking_requests r ON r.id = rr.request_id
    WHERE r.state IN ('approved', 'reviewed', 'confirmed') AND r.kind <> 'remove' AND rr.cabinet_id IS NOT NULL AND rr.start_u IS NOT NULL";

fn reservation(r: &Row<'_>) -> crate::db::SqlResult<Reservation> {
    let face: Option<String> = r.get(7)?;
    Ok(Reservation {
        request_id: r.get(0)?,
        request_no: r.get(1)?,
        cabinet_id: r.get(2)?,
        mount: Mount {
            asset_tag: r.get(3)?,
            name: r.get(4)?,
            start_u: r.get(5)?,
            u_height: r.get(6)?,
            face: face.map(|f| decode(f, Face::parse, 7)).transpose()?.unwrap_or(Face::Front),
            depth: decode(r.get(8)?, Depth::parse, 8)?,
        },
        load_w: r.get(9)?,
    })
}

/// The reservations in the given cabinets (all cabinets when `None`).
pub fn reservations(conn: &Connection, cabinet_ids: Option<&[i64]>) -> Result<Vec<Reservation>> {
    let ids = cabinet_ids.map(|ids| serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()));
    conn.prepare_cached(&format!(
        "{RESERVED} AND (CAST(?1 AS TEXT) IS NULL OR rr.cabinet_id IN ({})) ORDER BY rr.start_u",
        conn.sql_id_list("?1")
    ))
    .and_then(|mut s| s.query_map([ids], reservation)?.collect::<crate::db::SqlResult<Vec<_>>>())
    .map_err(Error::storage("读取预留U位"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::window::plan;

    /// A window of the requests walks an index by date newest first; only requests of the same
    /// day are sorted (by number).
    #[test]
    fn a_window_walks_an_index_in_order() {
        let conn = crate::db::open_in_memory().unwrap();
        for f in [
            RequestFilter { limit: Some(200), ..Default::default() },
            RequestFilter { state: Some(RequestState::Pending), limit: Some(200), offset: Some(200) },
        ] {
            let (sql, args) = list_sql(&f);
            let p = plan(&conn, &sql, crate::db::params_from_iter(args.iter()));
            eprintln!("{f:?}: {p}");
            assert!(p.contains("USING INDEX racking_requests_"), "{p}");
            assert!(!p.contains("TEMP B-TREE FOR ORDER BY"), "{p}");
        }
    }
}
