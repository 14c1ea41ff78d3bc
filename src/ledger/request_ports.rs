//! The step between executing a racking request and the port table: once its devices are
//! racked, each gets its ports from its model's template (or its category's generic one), and
//! the cables of the request's operation requests (附件5) are connected. It runs inside the
//! executing transaction through the `*_in` functions of [`super::ports`], so a refused cable
//! (a port already used, kinds that do not fit) undoes the whole execution.

use crate::db::Connection;

use super::ports::{self, PortRef};
use super::Ctx;
use crate::error::{Error, Result};
use crate::model::{Asset, CableDraft, CableType, OperationRequest};

/// What the step created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Wired {
    pub ports_created: u32,
    pub cables_created: u32,
}

/// Creates the ports of the racked devices (`racked`) from their templates — kept as they are
/// where a device already has them — and connects the planned cables of `operations`. Ports a
/// cable names that the template did not create are created (as the 端口连接 import does).
pub(crate) fn after_racking(
    tx: &Connection,
    ctx: &Ctx,
    racked: &[Asset],
    operations: &[OperationRequest],
) -> Result<Wired> {
    let mut wired = Wired::default();
    for a in racked {
        match ports::create_ports_in(tx, ctx, &a.asset_tag, None) {
            Ok(p) => wired.ports_created += p.created,
            // A model no template knows: its ports come from the cables below, or by hand.
            Err(Error::NoTemplate { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    for op in operations {
        for c in &op.cables {
            let cable_type = match c.cable_type.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                Some(t) => Some(CableType::parse(t).ok_or_else(|| Error::InvalidValue {
                    field: "线缆类型".into(),
                    value: t.to_string(),
                    reason: format!("操作申请 {} 第 {} 条线缆；可选值：{}", op.op_no, c.seq, CableType::choices()),
                })?),
                None => None,
            };
            // Labels are made from where the devices now are (the plan's are the same unless
            // the work put a device elsewhere).
            let draft = CableDraft {
                cable_no: c.cable_no.clone(),
                cable_type,
                length_m: c.length_m.filter(|l| *l > 0.0),
                purpose: c.purpose.clone(),
                vlan: c.vlan.clone(),
                note: c.via.as_ref().map(|v| format!("经配线架 {v}")),
                ..CableDraft::default()
            };
            ports::connect_in(
                tx,
                ctx,
                &PortRef::new(c.a_asset.clone(), c.a_port.clone()),
                &PortRef::new(c.b_asset.clone(), c.b_port.clone()),
                &draft,
                true,
            )?;
            wired.cables_created += 1;
        }
    }
    Ok(wired)
}
