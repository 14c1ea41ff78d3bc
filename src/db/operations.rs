//! Tables `operation_requests`, `operation_positions` and `operation_cables`: the operation
//! requests (附件5) with their 机柜位置 and 线缆端口对应表 tables.

use crate::db::{params, Connection, OptionalExtension, Row};
use chrono::NaiveDateTime;

use super::decode;
use super::stamp;
use crate::error::{Error, Result};
use crate::model::{Face, OperationCable, OperationKind, OperationPosition, OperationRequest, Risk};

const SELECT: &str = "
    SELECT o.op_no, r.request_no, o.org, o.applicant, o.phone, o.kind, o.planned_start, o.planned_end, o.steps,
           o.impact, o.risk, o.rollback, o.implementer, o.escort, o.approver, o.approved_at, o.confirmed_by,
           o.completed_at, o.id
    FROM operation_requests o LEFT JOIN racking_requests r ON r.id = o.request_id";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, OperationRequest)> {
    Ok((
        r.get(18)?,
        OperationRequest {
            op_no: r.get(0)?,
            request_no: r.get(1)?,
            org: r.get(2)?,
            applicant: r.get(3)?,
            phone: r.get(4)?,
            kind: decode(r.get(5)?, OperationKind::parse, 5)?,
            planned_start: r.get(6)?,
            planned_end: r.get(7)?,
            steps: r.get(8)?,
            impact: r.get(9)?,
            risk: decode(r.get(10)?, Risk::parse, 10)?,
            rollback: r.get(11)?,
            implementer: r.get(12)?,
            escort: r.get(13)?,
            approver: r.get(14)?,
            approved_at: r.get(15)?,
            confirmed_by: r.get(16)?,
            completed_at: r.get(17)?,
            positions: Vec::new(),
            cables: Vec::new(),
        },
    ))
}

fn position(r: &Row<'_>) -> crate::db::SqlResult<OperationPosition> {
    let face: Option<String> = r.get(8)?;
    Ok(OperationPosition {
        seq: r.get(0)?,
        name: r.get(1)?,
        asset_tag: r.get(2)?,
        serial: r.get(3)?,
        room: r.get(4)?,
        cabinet: r.get(5)?,
        start_u: r.get(6)?,
        u_height: r.get(7)?,
        face: face.map(|f| decode(f, Face::parse, 8)).transpose()?,
        pdu_a: r.get(9)?,
        pdu_b: r.get(10)?,
    })
}

fn cable(r: &Row<'_>) -> crate::db::SqlResult<OperationCable> {
    Ok(OperationCable {
        seq: r.get(0)?,
        cable_no: r.get(1)?,
        cable_type: r.get(2)?,
        a_asset: r.get(3)?,
        a_position: r.get(4)?,
        a_port: r.get(5)?,
        via: r.get(6)?,
        b_asset: r.get(7)?,
        b_position: r.get(8)?,
        b_port: r.get(9)?,
        a_label: r.get(10)?,
        b_label: r.get(11)?,
        purpose: r.get(12)?,
        vlan: r.get(13)?,
        length_m: r.get(14)?,
    })
}

fn fill(conn: &Connection, id: i64, op: &mut OperationRequest) -> Result<()> {
    op.positions = conn
        .prepare_cached(
            "SELECT seq, name, asset_tag, serial, room, cabinet, start_u, u_height, face, pdu_a, pdu_b
             FROM operation_positions WHERE op_id = ?1 ORDER BY seq",
        )
        .and_then(|mut s| s.query_map([id], position)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取操作申请机柜位置"))?;
    op.cables = conn
        .prepare_cached(
            "SELECT seq, cable_no, cable_type, a_asset, a_position, a_port, via, b_asset, b_position, b_port, a_label,
                    b_label, purpose, vlan, length_m
             FROM operation_cables WHERE op_id = ?1 ORDER BY seq",
        )
        .and_then(|mut s| s.query_map([id], cable)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取操作申请线缆"))?;
    Ok(())
}

pub fn get(conn: &Connection, no: &str) -> Result<Option<(i64, OperationRequest)>> {
    let found = conn
        .prepare_cached(&format!("{SELECT} WHERE o.op_no = ?1"))
        .and_then(|mut s| s.query_row([no.trim()], from_row).optional())
        .map_err(Error::storage("查询操作申请"))?;
    match found {
        Some((id, mut op)) => {
            fill(conn, id, &mut op)?;
            Ok(Some((id, op)))
        }
        None => Ok(None),
    }
}

/// Every operation request (of one racking request, if given), newest first.
pub fn list(conn: &Connection, request_id: Option<i64>) -> Result<Vec<OperationRequest>> {
    let found = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE CAST(?1 AS BIGINT) IS NULL OR o.request_id = ?1 ORDER BY o.op_no DESC"
        ))
        .and_then(|mut s| s.query_map([request_id], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("读取操作申请"))?;
    found
        .into_iter()
        .map(|(id, mut op)| {
            fill(conn, id, &mut op)?;
            Ok(op)
        })
        .collect()
}

/// Inserts the request with its two tables; returns its id.
pub fn insert(
    conn: &Connection,
    op: &OperationRequest,
    request_id: Option<i64>,
    at: NaiveDateTime,
    by: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO operation_requests (op_no, request_id, org, applicant, phone, kind, planned_start, planned_end,
             steps, impact, risk, rollback, implementer, escort, approver, approved_at, confirmed_by, completed_at,
             created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?19, ?20)",
    )
    .and_then(|mut s| {
        s.execute(params![
            op.op_no,
            request_id,
            op.org,
            op.applicant,
            op.phone,
            op.kind.code(),
            op.planned_start,
            op.planned_end,
            op.steps,
            op.impact,
            op.risk.code(),
            op.rollback,
            op.implementer,
            op.escort,
            op.approver,
            op.approved_at,
            op.confirmed_by,
            op.completed_at,
            stamp(at),
            by
        ])
    })
    .map_err(Error::storage("登记操作申请"))?;
    let id = conn.last_insert_rowid();
    for p in &op.positions {
        conn.prepare_cached(
            "INSERT INTO operation_positions (op_id, seq, name, asset_tag, serial, room, cabinet, start_u, u_height,
                 face, pdu_a, pdu_b)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )
        .and_then(|mut s| {
            s.execute(params![
                id,
                p.seq,
                p.name,
                p.asset_tag,
                p.serial,
                p.room,
                p.cabinet,
                p.start_u,
                p.u_height,
                p.face.map(|f| f.code()),
                p.pdu_a,
                p.pdu_b
            ])
        })
        .map_err(Error::storage("登记操作申请机柜位置"))?;
    }
    for c in &op.cables {
        conn.prepare_cached(
            "INSERT INTO operation_cables (op_id, seq, cable_no, cable_type, a_asset, a_position, a_port, via, b_asset,
                 b_position, b_port, a_label, b_label, purpose, vlan, length_m)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )
        .and_then(|mut s| {
            s.execute(params![
                id,
                c.seq,
                c.cable_no,
                c.cable_type,
                c.a_asset,
                c.a_position,
                c.a_port,
                c.via,
                c.b_asset,
                c.b_position,
                c.b_port,
                c.a_label,
                c.b_label,
                c.purpose,
                c.vlan,
                c.length_m
            ])
        })
        .map_err(Error::storage("登记操作申请线缆"))?;
    }
    Ok(id)
}

/// Records who confirmed the work and when (on the racking request's execution).
/// 实际完成时间: the racking request it belongs to was executed.
pub fn complete(conn: &Connection, id: i64, by: &str, at: NaiveDateTime) -> Result<()> {
    conn.execute(
        "UPDATE operation_requests SET completed_at = ?3, updated_at = ?3, updated_by = ?2 WHERE id = ?1",
        params![id, by, stamp(at)],
    )
    .map_err(Error::storage("更新操作申请"))?;
    Ok(())
}

/// 审批人 / 审批时间: the director confirmed the operation request.
pub fn confirm(conn: &Connection, id: i64, by: &str, at: NaiveDateTime) -> Result<()> {
    conn.execute(
        "UPDATE operation_requests SET approver = ?2, approved_at = ?3, updated_at = ?3, updated_by = ?2 WHERE id = ?1",
        params![id, by, stamp(at)],
    )
    .map_err(Error::storage("确认操作申请"))?;
    Ok(())
}

/// 完成确认人: the work was accepted (验收).
pub fn accept(conn: &Connection, id: i64, by: &str, at: NaiveDateTime) -> Result<()> {
    conn.execute(
        "UPDATE operation_requests SET confirmed_by = ?2, updated_at = ?3, updated_by = ?2 WHERE id = ?1",
        params![id, by, stamp(at)],
    )
    .map_err(Error::storage("更新操作申请"))?;
    Ok(())
}

/// Whether a confirmed operation request not carried out yet names the device, in its position
/// table (`cables` false) or at either end of a cable (`cables` true).
pub fn confirmed_for(conn: &Connection, tag: &str, cables: bool) -> Result<bool> {
    let sql = if cables {
        "SELECT count(*) FROM operation_cables c JOIN operation_requests o ON o.id = c.op_id
         WHERE (c.a_asset = ?1 OR c.b_asset = ?1) AND o.approved_at IS NOT NULL AND o.completed_at IS NULL"
    } else {
        "SELECT count(*) FROM operation_positions p JOIN operation_requests o ON o.id = p.op_id
         WHERE p.asset_tag = ?1 AND o.approved_at IS NOT NULL AND o.completed_at IS NULL"
    };
    conn.query_row(sql, [tag], |r| r.get::<_, i64>(0)).map(|n| n > 0).map_err(Error::storage("读取操作申请"))
}
