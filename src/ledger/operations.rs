//! Operation requests (附件5 操作申请单): the planned positions and the ports at each end of every
//! cable, before the work. One belongs to a racking request (its positions default to the
//! request's rows, and its cables are connected when the request is executed) or stands alone
//! (迁移, 布线, …).

use crate::roles::Area;
use std::collections::HashSet;

use crate::db::Connection;
use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::{audit_entity, commit, position_label, Ctx, Ledger};
use crate::db;
use crate::db::numbering::Numbered;
use crate::error::{Error, Result};
use crate::model::{cable_label, Face, OperationCable, OperationKind, OperationPosition, OperationRequest, Risk};

/// A device's planned position (机柜位置 table). Without a cabinet, the device's current one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PositionDraft {
    pub asset_tag: String,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub face: Option<Face>,
    pub pdu_a: Option<String>,
    pub pdu_b: Option<String>,
}

/// A planned cable: both ends (asset and port), and what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlannedCable {
    pub a_asset: String,
    pub a_port: String,
    pub b_asset: String,
    pub b_port: String,
    pub cable_no: Option<String>,
    pub cable_type: Option<String>,
    pub via: Option<String>,
    pub purpose: Option<String>,
    pub vlan: Option<String>,
    pub length_m: Option<f64>,
}

/// What `operation add` is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OperationDraft {
    /// 关联上架申请单; its organisation, applicant and rows fill what is not given.
    pub request_no: Option<String>,
    pub org: Option<String>,
    pub applicant: Option<String>,
    pub phone: Option<String>,
    pub kind: OperationKind,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub steps: Option<String>,
    pub impact: Option<String>,
    pub risk: Risk,
    pub rollback: Option<String>,
    pub implementer: Option<String>,
    pub escort: Option<String>,
    pub positions: Vec<PositionDraft>,
    pub cables: Vec<PlannedCable>,
}

fn text(v: Option<&str>) -> Option<String> {
    v.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Where a device is (planned in this operation, or racked now): cabinet and start U.
fn locate(positions: &[OperationPosition], conn: &Connection, tag: &str) -> Result<Option<(String, u32, Face)>> {
    if let Some(p) = positions.iter().find(|p| p.asset_tag == tag) {
        if let (Some(c), Some(u)) = (&p.cabinet, p.start_u) {
            return Ok(Some((c.clone(), u, p.face.unwrap_or(Face::Front))));
        }
    }
    Ok(db::assets::get(conn, tag)?.and_then(|(_, a)| a.position()).map(|p| (p.cabinet, p.start_u, p.face)))
}

impl Ledger {
    pub fn operation(&self, no: &str) -> Result<OperationRequest> {
        db::operations::get(self.conn(), no)?
            .map(|(_, o)| o)
            .ok_or_else(|| Error::OperationNotFound { no: no.trim().to_string() })
    }

    pub fn operations(&self, request_no: Option<&str>) -> Result<Vec<OperationRequest>> {
        let id = match request_no {
            Some(no) => Some(
                db::requests::get(self.conn(), no)?
                    .ok_or_else(|| Error::RequestNotFound { no: no.trim().to_string() })?
                    .0,
            ),
            None => None,
        };
        db::operations::list(self.conn(), id)
    }

    /// Files an operation request (`CZ-2026-0001`). Cable labels are made `机柜-U位-端口` from
    /// the planned (or current) positions; a port may carry only one cable of the request.
    pub fn add_operation(&mut self, ctx: &Ctx, d: &OperationDraft) -> Result<OperationRequest> {
        let linked = match text(d.request_no.as_deref()) {
            Some(no) => Some(db::requests::get(self.conn(), &no)?.ok_or(Error::RequestNotFound { no })?),
            None => None,
        };
        let org = text(d.org.as_deref())
            .or_else(|| linked.as_ref().map(|(_, r)| r.org.clone()))
            .ok_or_else(|| Error::MissingField { field: "申请单位".into() })?;
        let applicant = text(d.applicant.as_deref())
            .or_else(|| linked.as_ref().map(|(_, r)| r.applicant.clone()))
            .ok_or_else(|| Error::MissingField { field: "申请人".into() })?;

        let mut positions = Vec::new();
        if d.positions.is_empty() {
            // A racking request's rows are its positions.
            for row in linked.iter().flat_map(|(_, r)| &r.rows) {
                positions.push(OperationPosition {
                    seq: positions.len() as u32 + 1,
                    name: row.name.clone(),
                    asset_tag: row.asset_tag.clone(),
                    serial: Some(row.serial.clone()),
                    room: row.room.clone(),
                    cabinet: row.cabinet.clone(),
                    start_u: row.start_u,
                    u_height: Some(row.u_height),
                    face: row.face,
                    pdu_a: None,
                    pdu_b: None,
                });
            }
        }
        for p in &d.positions {
            let tag = p.asset_tag.trim();
            let from_request = linked.iter().flat_map(|(_, r)| &r.rows).find(|r| r.asset_tag == tag);
            let asset = db::assets::get(self.conn(), tag)?.map(|(_, a)| a);
            let (name, serial, u_height) = match (&asset, from_request) {
                (Some(a), _) => (a.name.clone(), a.serial.clone(), a.u_height),
                (None, Some(r)) => (r.name.clone(), r.serial.clone(), r.u_height),
                (None, None) => return Err(Error::AssetNotFound { tag: tag.to_string() }),
            };
            let (room, cabinet) = match text(p.cabinet.as_deref()) {
                Some(code) => {
                    let c = db::cabinets::get(self.conn(), &code)?.ok_or(Error::CabinetNotFound { code })?;
                    (Some(c.room), Some(c.code))
                }
                None => match from_request.filter(|r| r.cabinet.is_some()) {
                    Some(r) => (r.room.clone(), r.cabinet.clone()),
                    None => {
                        (asset.as_ref().and_then(|a| a.room.clone()), asset.as_ref().and_then(|a| a.cabinet.clone()))
                    }
                },
            };
            positions.push(OperationPosition {
                seq: positions.len() as u32 + 1,
                name,
                asset_tag: tag.to_string(),
                serial: Some(serial),
                room,
                cabinet,
                // Not given: where the racking request puts it, else where it is now.
                start_u: p
                    .start_u
                    .or_else(|| from_request.and_then(|r| r.start_u))
                    .or_else(|| asset.as_ref().and_then(|a| a.start_u)),
                u_height: Some(u_height),
                face: p
                    .face
                    .or_else(|| from_request.and_then(|r| r.face))
                    .or_else(|| asset.as_ref().and_then(|a| a.face)),
                pdu_a: text(p.pdu_a.as_deref()),
                pdu_b: text(p.pdu_b.as_deref()),
            });
        }

        let mut cables = Vec::new();
        let mut used: HashSet<(String, String)> = HashSet::new();
        for c in &d.cables {
            // Each end is checked the same way; a cable has exactly two.
            let mut end = |tag: &str, port: &str| -> Result<_> {
                let (tag, port) = (tag.trim().to_string(), port.trim().to_string());
                if tag.is_empty() || port.is_empty() {
                    return Err(Error::MissingField { field: "线缆两端的设备与端口".into() });
                }
                let known =
                    positions.iter().any(|p| p.asset_tag == tag) || db::assets::get(self.conn(), &tag)?.is_some();
                if !known {
                    return Err(Error::AssetNotFound { tag });
                }
                if !used.insert((tag.clone(), port.clone())) {
                    return Err(Error::InvalidValue {
                        field: "端口".into(),
                        value: format!("{tag}:{port}"),
                        reason: "同一端口在本申请中接了两根线缆".into(),
                    });
                }
                let at = locate(&positions, self.conn(), &tag)?;
                Ok((tag, port, at))
            };
            let (a_asset, a_port, a_at) = end(&c.a_asset, &c.a_port)?;
            let (b_asset, b_port, b_at) = end(&c.b_asset, &c.b_port)?;
            let cable_type = match text(c.cable_type.as_deref()) {
                Some(t) => Some(
                    crate::model::CableType::parse(&t)
                        .ok_or_else(|| Error::InvalidValue {
                            field: "线缆类型".into(),
                            value: t.clone(),
                            reason: format!("可选值：{}", crate::model::CableType::choices()),
                        })?
                        .code()
                        .to_string(),
                ),
                None => None,
            };
            cables.push(OperationCable {
                seq: cables.len() as u32 + 1,
                cable_no: text(c.cable_no.as_deref()),
                cable_type,
                a_position: a_at.as_ref().map(|(c, u, f)| position_label(c, *u, *f)),
                a_label: a_at.as_ref().map(|(c, u, _)| cable_label(c, *u, &a_port)),
                b_position: b_at.as_ref().map(|(c, u, f)| position_label(c, *u, *f)),
                b_label: b_at.as_ref().map(|(c, u, _)| cable_label(c, *u, &b_port)),
                a_asset,
                a_port,
                via: text(c.via.as_deref()),
                b_asset,
                b_port,
                purpose: text(c.purpose.as_deref()),
                vlan: text(c.vlan.as_deref()),
                length_m: c.length_m.filter(|l| l.is_finite() && *l >= 0.0),
            });
        }

        let tx = self.write(&[Area::Operations])?;
        let op_no = db::numbering::next(&tx, Numbered::Operation, ctx.now.year())?;
        let op = OperationRequest {
            op_no,
            request_no: linked.as_ref().map(|(_, r)| r.request_no.clone()),
            org,
            applicant,
            phone: text(d.phone.as_deref()),
            kind: d.kind,
            planned_start: text(d.planned_start.as_deref()),
            planned_end: text(d.planned_end.as_deref()),
            steps: text(d.steps.as_deref()),
            impact: text(d.impact.as_deref()),
            risk: d.risk,
            rollback: text(d.rollback.as_deref()),
            implementer: text(d.implementer.as_deref()),
            escort: text(d.escort.as_deref()),
            approver: None,
            approved_at: None,
            confirmed_by: None,
            completed_at: None,
            positions,
            cables,
        };
        db::operations::insert(&tx, &op, linked.map(|(id, _)| id), ctx.now, &ctx.operator)?;
        audit_entity(&tx, ctx, "operation.create", "operation", &op.op_no, None, &op, None)?;
        commit(tx)?;
        Ok(op)
    }
}
