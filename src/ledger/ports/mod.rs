//! Ports and cables (端口与线缆): ports created from the template library, cables joining two
//! ports of compatible kinds (at most one per port), labels in the `机柜-U位-端口` style, traces
//! through patch panels, bulk patching, and the LAN port pool.
//!
//! # Inside another operation's transaction
//!
//! Racking-request execution (and any other operation that must rack, create ports and cable in
//! one go) calls the `*_in` functions with its own open transaction; they validate, write and
//! audit on that connection and never commit, so a refusal anywhere undoes everything:
//!
//! ```text
//! let tx = ledger.write()?;
//! // … rack the devices …
//! ledger::ports::create_ports_in(&tx, ctx, "ZC-001", None)?;            // from its model's template
//! let a = PortRef::parse("ZC-001:25GE1")?;
//! let b = PortRef::parse("SW-01:25GE1/0/7")?;
//! ledger::ports::connect_in(&tx, ctx, &a, &b, &CableDraft::default(), false)?;
//! commit(tx)?;
//! ```
//!
//! `create_ports_in` is idempotent: ports the device already has are kept, only missing ones are
//! added. `connect_in` with `create_missing` creates a named port the device lacks (what the
//! 端口连接 sheet of an import asks for).

mod compat;
pub mod layout;
mod pool;
mod recable;
mod trace;

pub use compat::{compatible, default_type, fits};
pub use pool::{
    warning_level as pool_warning_level, CabinetPool, PoolFigures, PoolLevel, PoolWindow, PortPool, RoomPool,
    SwitchPool, PORTS_WARNING_KEY,
};
pub use recable::{reattach_in, release_in};
pub use trace::{Hop, HopVia, Trace};

use crate::db::Connection;
use crate::roles::Area;
use serde::Serialize;

use super::{audit_entity, commit, Ctx, Ledger};
use crate::db::{self, ports::NewPort, ports::PortRow};
use crate::error::{Error, Result};
use crate::model::{Asset, Cable, CableDraft, CableEnd, CableType, Category, Port, PortKind, PortStatus, PortTemplate};

/// `ASSET:PORT` — a port named by its device's tag and its own name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortRef {
    pub asset_tag: String,
    pub port: String,
}

impl PortRef {
    pub fn new(asset_tag: impl Into<String>, port: impl Into<String>) -> PortRef {
        PortRef { asset_tag: asset_tag.into(), port: port.into() }
    }

    /// Reads `ASSET:PORT` (split at the first colon; the port name may hold `/` and `:`).
    pub fn parse(s: &str) -> Result<PortRef> {
        match s.split_once([':', '：']) {
            Some((a, p)) if !a.trim().is_empty() && !p.trim().is_empty() => Ok(PortRef::new(a.trim(), p.trim())),
            _ => Err(Error::InvalidValue {
                field: "端口".into(),
                value: s.to_string(),
                reason: "应写成 资产编号:端口名，如 ZWY-000012:GE1/0/5".into(),
            }),
        }
    }
}

impl std::fmt::Display for PortRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.asset_tag, self.port)
    }
}

/// What applying a template did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortsCreated {
    pub asset_tag: String,
    pub template: String,
    /// Ports added now (ports the device already had are kept).
    pub created: u32,
    pub total: u32,
}

/// A device's ports, for the faceplate and `port list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DevicePorts {
    pub asset_tag: String,
    pub asset_name: String,
    pub category: Category,
    pub model: String,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub ports: Vec<Port>,
}

/// The label of a cable end: `A03-21-GE1/0/5` (cabinet, U, port); `资产编号-端口` for a device
/// that is not racked.
pub fn label(asset: &Asset, port: &str) -> String {
    match (&asset.cabinet, asset.start_u) {
        (Some(c), Some(u)) => format!("{c}-{u}-{port}"),
        _ => format!("{}-{port}", asset.asset_tag),
    }
}

fn normalize_model(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

/// The template of a model: the longest model prefix that matches (the same vendor breaking a
/// tie); with `generic_ok`, the category's generic template when no model matches.
pub fn template_for(conn: &Connection, asset: &Asset, generic_ok: bool) -> Result<Option<PortTemplate>> {
    let model = normalize_model(&asset.model);
    let all = db::port_templates::list(conn)?;
    let best = all
        .iter()
        .filter(|t| !t.model.trim().is_empty() && !model.is_empty() && model.starts_with(&normalize_model(&t.model)))
        .max_by_key(|t| (normalize_model(&t.model).len(), t.vendor == asset.vendor));
    if let Some(t) = best {
        return Ok(Some(t.clone()));
    }
    Ok(generic_ok.then(|| all.iter().find(|t| t.generic && t.category == asset.category).cloned()).flatten())
}

fn asset_or_err(conn: &Connection, tag: &str) -> Result<(i64, Asset)> {
    db::assets::get(conn, tag)?.ok_or_else(|| Error::AssetNotFound { tag: tag.to_string() })
}

/// Adds the template's ports a device lacks; pairs a panel's front and rear jacks.
fn apply_in(tx: &Connection, ctx: &Ctx, asset_id: i64, asset: &Asset, t: &PortTemplate) -> Result<PortsCreated> {
    let specs = layout::parse(&t.layout)?;
    let mut next = db::ports::max_position(tx, asset_id)?;
    let mut created = 0;
    let mut ids: std::collections::HashMap<String, i64> = std::collections::HashMap::new();
    for s in &specs {
        let id = match db::ports::find(tx, asset_id, &s.name)? {
            Some(id) => id,
            None => {
                next += 1;
                created += 1;
                let p = NewPort {
                    name: s.name.clone(),
                    position: next,
                    kind: s.kind,
                    speed: s.speed.clone(),
                    side: s.side,
                };
                db::ports::insert(tx, asset_id, &p)?
            }
        };
        if let Some(front) = s.twin_of.as_ref().and_then(|f| ids.get(f)) {
            db::ports::set_pair(tx, *front, id)?;
        }
        ids.insert(s.name.clone(), id);
    }
    let done = PortsCreated {
        asset_tag: asset.asset_tag.clone(),
        template: t.name.clone(),
        created,
        total: db::ports::count_for_asset(tx, asset_id)?,
    };
    if created > 0 {
        audit_entity(tx, ctx, "port.template", "ports", &asset.asset_tag, None, &done, None)?;
    }
    Ok(done)
}

/// Creates a device's ports from a template, inside the caller's transaction: the named one, or
/// the one its model matches, or its category's generic template. Idempotent.
pub fn create_ports_in(tx: &Connection, ctx: &Ctx, tag: &str, template: Option<&str>) -> Result<PortsCreated> {
    let (id, asset) = asset_or_err(tx, tag)?;
    let t = match template {
        Some(name) => {
            db::port_templates::get(tx, name)?.ok_or_else(|| Error::TemplateNotFound { name: name.to_string() })?
        }
        None => template_for(tx, &asset, true)?
            .ok_or_else(|| Error::NoTemplate { tag: asset.asset_tag.clone(), model: asset.model.clone() })?,
    };
    apply_in(tx, ctx, id, &asset, &t)
}

/// At registration: the ports of a known model (a model template, never a generic one), when the
/// device has none yet. Returns `None` when no template names the model.
pub(crate) fn ports_for_new_asset_in(
    tx: &Connection,
    ctx: &Ctx,
    asset_id: i64,
    asset: &Asset,
) -> Result<Option<PortsCreated>> {
    match template_for(tx, asset, false)? {
        Some(t) => apply_in(tx, ctx, asset_id, asset, &t).map(Some),
        None => Ok(None),
    }
}

/// Gives a device that has no ports yet the ports of its template (model, else generic), so a
/// cable imported onto a patch panel finds the panel's front/rear pairs. Does nothing when the
/// device has ports or no template fits.
pub fn ensure_template_ports_in(tx: &Connection, ctx: &Ctx, tag: &str) -> Result<()> {
    let Some((id, asset)) = db::assets::get(tx, tag)? else { return Ok(()) };
    if db::ports::count_for_asset(tx, id)? > 0 {
        return Ok(());
    }
    if let Some(t) = template_for(tx, &asset, true)? {
        apply_in(tx, ctx, id, &asset, &t)?;
    }
    Ok(())
}

/// A resolved port: its row id, kind, status and the device it is on.
struct Resolved {
    id: i64,
    kind: PortKind,
    asset: Asset,
    name: String,
}

fn port_name(conn: &Connection, id: i64) -> Result<String> {
    conn.query_row("SELECT name FROM ports WHERE id = ?1", [id], |r| r.get(0)).map_err(Error::storage("查询端口"))
}

fn resolve(tx: &Connection, r: &PortRef, create_as: Option<PortKind>) -> Result<Resolved> {
    let (asset_id, asset) = asset_or_err(tx, &r.asset_tag)?;
    let id = match (db::ports::find(tx, asset_id, &r.port)?, create_as) {
        (Some(id), _) => id,
        (None, Some(kind)) => {
            let position = db::ports::max_position(tx, asset_id)? + 1;
            let p = NewPort { name: r.port.clone(), position, kind, speed: None, side: None };
            db::ports::insert(tx, asset_id, &p)?
        }
        (None, None) => return Err(Error::PortNotFound { tag: asset.asset_tag, port: r.port.clone() }),
    };
    let (kind, _, _) = db::ports::kind_status_pair(tx, id)?;
    let name = port_name(tx, id)?;
    Ok(Resolved { id, kind, asset, name })
}

/// The refusal of a port that carries a cable, naming the cable and its far end; `None` when the
/// port is free.
pub fn port_taken(conn: &Connection, port_id: i64) -> Result<Option<Error>> {
    let Some(cable_no) = db::cables::on_port(conn, port_id)? else { return Ok(None) };
    let name = |id: i64| -> Result<String> {
        Ok(db::ports::by_id(conn, id)?.map(|f| format!("{}:{}", f.port.asset_tag, f.port.name)).unwrap_or_default())
    };
    let far = match db::cables::far_port(conn, port_id)? {
        Some((far_id, _)) => name(far_id)?,
        None => String::new(),
    };
    Ok(Some(Error::PortTaken { port: name(port_id)?, cable_no, far }))
}

/// Refuses a port that already carries a cable, naming the cable and its far end.
fn ensure_free(tx: &Connection, p: &Resolved) -> Result<()> {
    match port_taken(tx, p.id)? {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn end(p: &Resolved, label: String) -> CableEnd {
    CableEnd {
        asset_tag: p.asset.asset_tag.clone(),
        asset_name: p.asset.name.clone(),
        port: p.name.clone(),
        cabinet: p.asset.cabinet.clone(),
        start_u: p.asset.start_u,
        label: Some(label),
    }
}

fn some_text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Two ports found fit to be joined: resolved (created when asked), free, of compatible kinds,
/// with the cable type that fits both.
struct Judged {
    pa: Resolved,
    pb: Resolved,
    cable_type: CableType,
}

/// The rules of a cable between `a` and `b`, for a new cable and a cable moved alike. Refused
/// (typed errors) when a port is missing (unless `create_missing`), the two ends are one port, a
/// port is taken, the kinds are incompatible, or the cable type does not fit.
fn judge_in(tx: &Connection, a: &PortRef, b: &PortRef, draft: &CableDraft, create_missing: bool) -> Result<Judged> {
    // A port created on the fly takes the kind of the port it is joined to, else the cable's.
    let hint = |other: &PortRef| -> Result<Option<PortKind>> {
        if !create_missing {
            return Ok(None);
        }
        let known = match db::assets::get(tx, &other.asset_tag)? {
            Some((id, _)) => match db::ports::find(tx, id, &other.port)? {
                Some(pid) => Some(db::ports::kind_status_pair(tx, pid)?.0),
                None => None,
            },
            None => None,
        };
        Ok(Some(known.unwrap_or_else(|| draft.cable_type.map(compat::kind_for).unwrap_or(PortKind::Rj45))))
    };
    let (ha, hb) = (hint(b)?, hint(a)?);
    let pa = resolve(tx, a, ha)?;
    let pb = resolve(tx, b, hb)?;
    if pa.id == pb.id {
        return Err(Error::SamePort { port: a.to_string() });
    }
    ensure_free(tx, &pa)?;
    ensure_free(tx, &pb)?;
    let (na, nb) = (format!("{}:{}", pa.asset.asset_tag, pa.name), format!("{}:{}", pb.asset.asset_tag, pb.name));
    if !compatible(pa.kind, pb.kind) {
        return Err(Error::PortsIncompatible { a: na, a_kind: pa.kind, b: nb, b_kind: pb.kind });
    }
    let cable_type = draft.cable_type.unwrap_or_else(|| default_type(pa.kind, pb.kind));
    for (p, n) in [(&pa, &na), (&pb, &nb)] {
        if !fits(cable_type, p.kind) {
            return Err(Error::CableTypeUnfit { cable_type, port: n.clone(), kind: p.kind });
        }
    }
    if let Some(l) = draft.length_m.filter(|l| !(l.is_finite() && *l > 0.0)) {
        return Err(Error::InvalidValue {
            field: "长度(m)".into(), value: l.to_string(), reason: "应为正数".into()
        });
    }
    Ok(Judged { pa, pb, cable_type })
}

/// Joins two ports with a cable, inside the caller's transaction. Refused (typed errors) when a
/// port is missing (unless `create_missing`), taken, the kinds are incompatible, the cable type
/// does not fit, or the cable number is taken. Missing number and labels are generated.
pub fn connect_in(
    tx: &Connection,
    ctx: &Ctx,
    a: &PortRef,
    b: &PortRef,
    draft: &CableDraft,
    create_missing: bool,
) -> Result<Cable> {
    let Judged { pa, pb, cable_type } = judge_in(tx, a, b, draft, create_missing)?;
    let cable_no = match some_text(&draft.cable_no) {
        Some(no) if db::cables::exists(tx, &no)? => return Err(Error::DuplicateCable { no }),
        Some(no) => no,
        None => db::cables::next_no(tx)?,
    };
    let la = some_text(&draft.a_label).unwrap_or_else(|| label(&pa.asset, &pa.name));
    let lb = some_text(&draft.b_label).unwrap_or_else(|| label(&pb.asset, &pb.name));
    let cable = Cable {
        cable_no: cable_no.clone(),
        cable_type,
        a: end(&pa, la),
        b: end(&pb, lb),
        length_m: draft.length_m,
        colour: some_text(&draft.colour),
        purpose: some_text(&draft.purpose),
        vlan: some_text(&draft.vlan),
        note: some_text(&draft.note),
    };
    db::cables::insert(tx, &cable, [pa.id, pb.id])?;
    db::ports::set_status(tx, pa.id, PortStatus::Used)?;
    db::ports::set_status(tx, pb.id, PortStatus::Used)?;
    audit_entity(tx, ctx, "cable.connect", "cable", &cable_no, None, &cable, None)?;
    Ok(cable)
}

/// Removes a cable inside the caller's transaction; its two ports become free.
pub fn disconnect_in(tx: &Connection, ctx: &Ctx, cable_no: &str) -> Result<Cable> {
    let s = db::cables::get(tx, cable_no)?.ok_or_else(|| Error::CableNotFound { no: cable_no.to_string() })?;
    db::cables::delete(tx, s.id)?;
    for p in s.ports {
        db::ports::set_status(tx, p, PortStatus::Free)?;
    }
    let before = serde_json::to_value(&s.cable).ok();
    audit_entity(
        tx,
        ctx,
        "cable.disconnect",
        "cable",
        &s.cable.cable_no,
        before.as_ref(),
        &serde_json::Value::Null,
        None,
    )?;
    Ok(s.cable)
}

/// Expands `A:1-48` / `A:GE1/0/1-48` to the ports it names: a port of exactly that name if the
/// device has one, else the trailing `a-b` range with the prefix before it.
pub fn expand_range(conn: &Connection, spec: &str) -> Result<Vec<PortRef>> {
    let r = PortRef::parse(spec)?;
    let (asset_id, asset) = asset_or_err(conn, &r.asset_tag)?;
    if db::ports::find(conn, asset_id, &r.port)?.is_some() {
        return Ok(vec![r]);
    }
    let bad =
        |reason: &str| Error::InvalidValue {
            field: "端口范围".into(), value: spec.to_string(), reason: reason.into()
        };
    let Some((left, hi)) = r.port.rsplit_once('-') else { return Ok(vec![r]) };
    let digits = left.chars().rev().take_while(char::is_ascii_digit).count();
    if digits == 0 || hi.is_empty() || !hi.chars().all(|c| c.is_ascii_digit()) {
        return Ok(vec![r]);
    }
    let (prefix, lo) = left.split_at(left.len() - digits);
    let (lo, hi): (u32, u32) = match (lo.parse(), hi.parse()) {
        (Ok(lo), Ok(hi)) if lo <= hi && hi - lo < layout::MAX_PORTS as u32 => (lo, hi),
        _ => return Err(bad("范围应为从小到大的两个整数，如 1-48")),
    };
    Ok((lo..=hi).map(|n| PortRef::new(asset.asset_tag.clone(), format!("{prefix}{n}"))).collect())
}

/// What `cable set` changes; `None` leaves a field as it is, an empty text clears it.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct CableUpdate {
    pub cable_type: Option<crate::model::CableType>,
    pub a_label: Option<String>,
    pub b_label: Option<String>,
    pub length_m: Option<f64>,
    pub colour: Option<String>,
    pub purpose: Option<String>,
    pub vlan: Option<String>,
    pub note: Option<String>,
}

impl Ledger {
    /// The port-template library.
    pub fn port_templates(&self) -> Result<Vec<PortTemplate>> {
        db::port_templates::list(self.conn())
    }

    /// Adds or replaces a template; its layout must parse.
    pub fn put_port_template(&mut self, ctx: &Ctx, t: &PortTemplate) -> Result<PortTemplate> {
        if t.name.trim().is_empty() {
            return Err(Error::MissingField { field: "模板名称".into() });
        }
        layout::parse(&t.layout)?;
        let t = PortTemplate { name: t.name.trim().to_string(), ..t.clone() };
        let tx = self.write(&[Area::Ports])?;
        let before = db::port_templates::get(&tx, &t.name)?;
        db::port_templates::put(&tx, &t)?;
        audit_entity(&tx, ctx, "port_template.put", "port_template", &t.name, before.as_ref(), &t, None)?;
        commit(tx)?;
        Ok(t)
    }

    /// Removes a template (ports already created from it stay).
    pub fn delete_port_template(&mut self, ctx: &Ctx, name: &str) -> Result<()> {
        let tx = self.write(&[Area::Ports])?;
        let before =
            db::port_templates::get(&tx, name)?.ok_or_else(|| Error::TemplateNotFound { name: name.to_string() })?;
        db::port_templates::delete(&tx, name)?;
        audit_entity(&tx, ctx, "port_template.delete", "port_template", name, Some(&before), &before, None)?;
        commit(tx)
    }

    /// A device's ports with their cables' far ends.
    pub fn device_ports(&self, tag: &str) -> Result<DevicePorts> {
        let (id, a) = asset_or_err(self.conn(), tag)?;
        let ports = db::ports::list_for_asset(self.conn(), id)?.into_iter().map(|(_, r)| r.port).collect();
        Ok(DevicePorts {
            asset_tag: a.asset_tag,
            asset_name: a.name,
            category: a.category,
            model: a.model,
            cabinet: a.cabinet,
            start_u: a.start_u,
            ports,
        })
    }

    /// The port table (端口表) of a cabinet, a room, or the whole site.
    pub fn port_table(&self, cabinet: Option<&str>, room: Option<&str>) -> Result<Vec<PortRow>> {
        let rows = match (cabinet, room) {
            (Some(c), _) => {
                let cab =
                    db::cabinets::get(self.conn(), c)?.ok_or_else(|| Error::CabinetNotFound { code: c.into() })?;
                db::ports::list_for_cabinet(self.conn(), cab.id)?
            }
            (None, Some(r)) => {
                let id = db::rooms::get_id(self.conn(), r)?.ok_or_else(|| Error::RoomNotFound { name: r.into() })?;
                db::ports::list_for_room(self.conn(), id)?
            }
            (None, None) => db::ports::list_all(self.conn())?,
        };
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }

    /// Creates a device's ports from a template (named, or its model's, or its category's generic).
    pub fn create_ports(&mut self, ctx: &Ctx, tag: &str, template: Option<&str>) -> Result<PortsCreated> {
        let tx = self.write(&[Area::Ports])?;
        let done = create_ports_in(&tx, ctx, tag, template)?;
        commit(tx)?;
        Ok(done)
    }

    /// Adds one port to a device by hand.
    pub fn add_port(&mut self, ctx: &Ctx, r: &PortRef, kind: PortKind, speed: Option<&str>) -> Result<Port> {
        let tx = self.write(&[Area::Ports])?;
        let (asset_id, asset) = asset_or_err(&tx, &r.asset_tag)?;
        if db::ports::find(&tx, asset_id, &r.port)?.is_some_and(|id| port_name(&tx, id).is_ok_and(|n| n == r.port)) {
            return Err(Error::DuplicatePort { tag: asset.asset_tag, port: r.port.clone() });
        }
        let position = db::ports::max_position(&tx, asset_id)? + 1;
        let np =
            NewPort { name: r.port.clone(), position, kind, speed: some_text(&speed.map(str::to_string)), side: None };
        let id = db::ports::insert(&tx, asset_id, &np)?;
        let port = db::ports::by_id(&tx, id)?
            .map(|r| r.port)
            .ok_or_else(|| Error::PortNotFound { tag: asset.asset_tag.clone(), port: r.port.clone() })?;
        audit_entity(&tx, ctx, "port.create", "port", &r.to_string(), None, &port, None)?;
        commit(tx)?;
        Ok(port)
    }

    /// Reserves a free port, or frees a reserved one. A cabled port is refused: its cable decides.
    pub fn set_port_status(&mut self, ctx: &Ctx, r: &PortRef, status: PortStatus) -> Result<Port> {
        if status == PortStatus::Used {
            return Err(Error::InvalidValue {
                field: "状态".into(),
                value: status.label_zh().into(),
                reason: "端口接上线缆即为已用，请连接线缆".into(),
            });
        }
        let tx = self.write(&[Area::Ports])?;
        let p = resolve(&tx, r, None)?;
        ensure_free(&tx, &p)?;
        let before = db::ports::by_id(&tx, p.id)?.map(|r| r.port);
        db::ports::set_status(&tx, p.id, status)?;
        let after = db::ports::by_id(&tx, p.id)?.map(|r| r.port);
        audit_entity(&tx, ctx, "port.status", "port", &r.to_string(), Some(&before), &after, None)?;
        commit(tx)?;
        after.ok_or_else(|| Error::PortNotFound { tag: r.asset_tag.clone(), port: r.port.clone() })
    }

    /// Joins two ports with a cable (one transaction).
    pub fn connect(&mut self, ctx: &Ctx, a: &PortRef, b: &PortRef, draft: &CableDraft) -> Result<Cable> {
        self.connect_by_hand(ctx, a, b, draft, None)
    }

    /// [`Ledger::connect`] by hand: on a team ledger a confirmed 附件5 must plan a cable at one of
    /// the two devices, unless `emergency` gives a reason (紧急操作), recorded in the audit log.
    pub fn connect_by_hand(
        &mut self,
        ctx: &Ctx,
        a: &PortRef,
        b: &PortRef,
        draft: &CableDraft,
        emergency: Option<&str>,
    ) -> Result<Cable> {
        let tx = self.write(&[Area::Ports])?;
        let note = match super::racking::by_hand(&tx, &a.asset_tag, true, emergency) {
            Err(Error::NeedsConfirmedOperation { .. }) => super::racking::by_hand(&tx, &b.asset_tag, true, emergency)?,
            other => other?,
        };
        let c = connect_in(&tx, ctx, a, b, draft, false)?;
        if let Some(note) = note {
            audit_entity(&tx, ctx, "cable.emergency", "cable", &c.cable_no, None::<&Cable>, &c, Some(&note))?;
        }
        commit(tx)?;
        Ok(c)
    }

    pub fn disconnect(&mut self, ctx: &Ctx, cable_no: &str) -> Result<Cable> {
        let tx = self.write(&[Area::Ports])?;
        let c = disconnect_in(&tx, ctx, cable_no)?;
        commit(tx)?;
        Ok(c)
    }

    pub fn cable(&self, cable_no: &str) -> Result<Cable> {
        db::cables::get(self.conn(), cable_no)?
            .map(|s| s.cable)
            .ok_or_else(|| Error::CableNotFound { no: cable_no.to_string() })
    }

    pub fn cables(&self) -> Result<Vec<Cable>> {
        Ok(db::cables::list(self.conn())?.into_iter().map(|s| s.cable).collect())
    }

    /// Edits a cable's labels, type, length, colour, purpose, VLAN or note.
    pub fn update_cable(&mut self, ctx: &Ctx, cable_no: &str, u: &CableUpdate) -> Result<Cable> {
        let tx = self.write(&[Area::Ports])?;
        let s = db::cables::get(&tx, cable_no)?.ok_or_else(|| Error::CableNotFound { no: cable_no.to_string() })?;
        let mut c = s.cable.clone();
        if let Some(t) = u.cable_type {
            for p in s.ports {
                let (kind, _, _) = db::ports::kind_status_pair(&tx, p)?;
                if !fits(t, kind) {
                    return Err(Error::CableTypeUnfit { cable_type: t, port: port_name(&tx, p)?, kind });
                }
            }
            c.cable_type = t;
        }
        let text = |v: &Option<String>, cur: &mut Option<String>| {
            if let Some(v) = v {
                *cur = some_text(&Some(v.clone()));
            }
        };
        text(&u.a_label, &mut c.a.label);
        text(&u.b_label, &mut c.b.label);
        text(&u.colour, &mut c.colour);
        text(&u.purpose, &mut c.purpose);
        text(&u.vlan, &mut c.vlan);
        text(&u.note, &mut c.note);
        if let Some(l) = u.length_m {
            if !(l.is_finite() && l > 0.0) {
                return Err(Error::InvalidValue {
                    field: "长度(m)".into(),
                    value: l.to_string(),
                    reason: "应为正数".into(),
                });
            }
            c.length_m = Some(l);
        }
        db::cables::update(&tx, s.id, &c)?;
        audit_entity(&tx, ctx, "cable.update", "cable", &c.cable_no, Some(&s.cable), &c, None)?;
        commit(tx)?;
        Ok(c)
    }

    /// Bulk patch: `from[i]` to `to[i]` for every i, all in one transaction — one refusal and
    /// nothing is connected. A given cable number becomes the prefix of `NO-01`, `NO-02`, ….
    pub fn patch(&mut self, ctx: &Ctx, from: &str, to: &str, draft: &CableDraft) -> Result<Vec<Cable>> {
        let tx = self.write(&[Area::Ports])?;
        let a = expand_range(&tx, from)?;
        let b = expand_range(&tx, to)?;
        if a.len() != b.len() {
            return Err(Error::PatchMismatch { from: a.len(), to: b.len() });
        }
        let prefix = some_text(&draft.cable_no);
        let mut cables = Vec::with_capacity(a.len());
        for (i, (pa, pb)) in a.iter().zip(&b).enumerate() {
            let d = CableDraft {
                cable_no: prefix.as_ref().map(|p| format!("{p}-{:02}", i + 1)),
                a_label: None,
                b_label: None,
                ..draft.clone()
            };
            cables.push(connect_in(&tx, ctx, pa, pb, &d, false)?);
        }
        commit(tx)?;
        Ok(cables)
    }

    /// Follows the cable from a port through any number of patch panels to the far end.
    pub fn trace(&self, r: &PortRef) -> Result<Trace> {
        let p = resolve(self.conn(), r, None)?;
        trace::follow(self.conn(), p.id)
    }

    /// The LAN port pool of racked switches, per switch, cabinet and room.
    pub fn port_pool(&self, room: Option<&str>, cabinet: Option<&str>) -> Result<PortPool> {
        if let Some(r) = room {
            db::rooms::get_id(self.conn(), r)?.ok_or_else(|| Error::RoomNotFound { name: r.into() })?;
        }
        if let Some(c) = cabinet {
            db::cabinets::get(self.conn(), c)?.ok_or_else(|| Error::CabinetNotFound { code: c.into() })?;
        }
        pool::compute(self.conn(), room, cabinet)
    }

    /// A window of the pool's cabinets (of one level, if given) with their switches, and the
    /// totals ([`PortPool::window`]): what the app's pool card shows.
    pub fn port_pool_window(
        &self,
        room: Option<&str>,
        level: Option<PoolLevel>,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<PoolWindow> {
        Ok(self.port_pool(room, None)?.window(level, limit, offset))
    }
}

#[cfg(test)]
mod tests;
