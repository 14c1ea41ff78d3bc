//! The demo site's ports and cables: every racked device of the first [`PORTED_CABINETS`]
//! cabinets gets the ports of its model's template (or its category's generic one), and each
//! cabinet is cabled the way a site is: servers' data ports to the two top-of-rack switches,
//! management ports to a copper panel, switch uplinks to a fibre panel, power supplies to the
//! PDUs, and panels of the same kind trunked in pairs, rear to rear — so a trace crosses two panels.
//!
//! Written with prepared statements in the demo's transaction (the checks of `connect` hold by
//! construction: each port is used once and the kinds match the compatibility table).

use std::collections::HashMap;

use crate::db::{params, Connection};

use crate::db::{self, audit::Record};
use crate::error::{Error, Result};
use crate::ledger::ports::{compatible, default_type, layout, template_for};
use crate::ledger::Ctx;
use crate::model::{Asset, Category, PortKind};

/// Cabinets whose devices get ports: all of a normal demo; at 100,000 devices about half a
/// million port rows, so `demo` stays quick.
pub const PORTED_CABINETS: usize = 1_500;

/// A racked demo device.
pub struct Placed {
    pub cabinet: usize,
    pub cabinet_code: String,
    pub id: i64,
    pub asset: Asset,
}

/// A device's ports: name → (id, kind), in faceplate order.
type Ports = Vec<(String, i64, PortKind)>;

struct Writer<'a> {
    tx: &'a Connection,
    next_cable: u32,
    ports: u32,
    cables: u32,
    /// Template name of each (model, category) seen.
    templates: HashMap<(String, Category), Option<crate::model::PortTemplate>>,
}

impl Writer<'_> {
    fn add_ports(&mut self, d: &Placed, cache: &mut HashMap<String, Vec<layout::PortSpec>>) -> Result<Ports> {
        let key = (d.asset.model.clone(), d.asset.category);
        if !self.templates.contains_key(&key) {
            self.templates.insert(key.clone(), template_for(self.tx, &d.asset, true)?);
        }
        let Some(Some(t)) = self.templates.get(&key).cloned() else { return Ok(Vec::new()) };
        if !cache.contains_key(&t.name) {
            cache.insert(t.name.clone(), layout::parse(&t.layout)?);
        }
        let specs = cache.get(&t.name).map(Vec::as_slice).unwrap_or_default();
        let mut out: Ports = Vec::with_capacity(specs.len());
        let mut ins = self
            .tx
            .prepare_cached(
                "INSERT INTO ports (asset_id, name, position, kind, speed, status, side) VALUES (?1, ?2, ?3, ?4, ?5, 'free', ?6)",
            )
            .map_err(Error::storage("登记演示端口"))?;
        for (i, s) in specs.iter().enumerate() {
            ins.execute(params![d.id, s.name, i as i64 + 1, s.kind.code(), s.speed, s.side.map(|f| f.code())])
                .map_err(Error::storage("登记演示端口"))?;
            let id = self.tx.last_insert_rowid();
            if let Some(front) = s.twin_of.as_ref().and_then(|f| out.iter().find(|p| &p.0 == f)) {
                db::ports::set_pair(self.tx, front.1, id)?;
            }
            out.push((s.name.clone(), id, s.kind));
        }
        self.ports += out.len() as u32;
        Ok(out)
    }

    /// Joins two ports (each used once by construction) when their kinds allow it.
    fn cable(&mut self, a: (&Placed, &(String, i64, PortKind)), b: (&Placed, &(String, i64, PortKind))) -> Result<()> {
        if !compatible(a.1 .2, b.1 .2) {
            return Ok(());
        }
        self.next_cable += 1;
        let no = format!("XL-{:06}", self.next_cable);
        let t = default_type(a.1 .2, b.1 .2);
        self.tx
            .prepare_cached("INSERT INTO cables (cable_no, cable_type) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![no, t.code()]))
            .map_err(Error::storage("登记演示线缆"))?;
        let cable_id = self.tx.last_insert_rowid();
        for (end_no, (d, p)) in [(1, a), (2, b)] {
            let label = format!("{}-{}-{}", d.cabinet_code, d.asset.start_u.unwrap_or(0), p.0);
            self.tx
                .prepare_cached("INSERT INTO cable_ends (cable_id, end_no, port_id, label) VALUES (?1, ?2, ?3, ?4)")
                .and_then(|mut s| s.execute(params![cable_id, end_no, p.1, label]))
                .map_err(Error::storage("登记演示线缆"))?;
            self.tx
                .prepare_cached("UPDATE ports SET status = 'used' WHERE id = ?1")
                .and_then(|mut s| s.execute([p.1]))
                .map_err(Error::storage("登记演示线缆"))?;
        }
        self.cables += 1;
        Ok(())
    }
}

fn of_kind(ports: &Ports, kinds: &[PortKind]) -> Vec<usize> {
    (0..ports.len()).filter(|i| kinds.contains(&ports[*i].2)).collect()
}

fn front(ports: &Ports) -> Vec<usize> {
    (0..ports.len()).filter(|i| !ports[*i].0.starts_with('R')).collect()
}

/// Gives the devices their ports and cables. Returns (ports, cables).
pub fn build(tx: &Connection, ctx: &Ctx, placed: &[Placed]) -> Result<(u32, u32)> {
    let mut w = Writer { tx, next_cable: 0, ports: 0, cables: 0, templates: HashMap::new() };
    let mut cache = HashMap::new();
    let mut start = 0;
    // The last panel of each kind still waiting for its trunk partner.
    let mut last_panel: HashMap<PortKind, (usize, Ports)> = HashMap::new();
    while start < placed.len() {
        let ci = placed[start].cabinet;
        let end = placed[start..].iter().position(|d| d.cabinet != ci).map_or(placed.len(), |n| start + n);
        let devs = &placed[start..end];
        start = end;
        if ci >= PORTED_CABINETS {
            break;
        }
        let mut ports: Vec<Ports> = Vec::with_capacity(devs.len());
        for d in devs {
            ports.push(w.add_ports(d, &mut cache)?);
        }
        let idx = |c: Category| devs.iter().enumerate().filter(move |(_, d)| d.asset.category == c).map(|(i, _)| i);
        let switches: Vec<usize> = idx(Category::Switch).collect();
        let panel = idx(Category::PatchPanel).next();
        let pdus: Vec<usize> = idx(Category::Pdu).collect();
        let data = [PortKind::SfpPlus, PortKind::Sfp28];
        let mut sw_free: Vec<Vec<usize>> = switches.iter().map(|s| of_kind(&ports[*s], &data)).collect();
        let mut pdu_free: Vec<Vec<usize>> = pdus.iter().map(|p| of_kind(&ports[*p], &[PortKind::Power])).collect();
        let mut panel_front: Vec<usize> = panel.map(|p| front(&ports[p])).unwrap_or_default();
        panel_front.reverse();
        for (i, d) in devs.iter().enumerate() {
            if matches!(d.asset.category, Category::Switch | Category::PatchPanel | Category::Pdu) {
                continue;
            }
            let mine = &ports[i];
            // Data ports: the first to the first switch, the second to the second.
            let nics = of_kind(mine, &data);
            for (k, nic) in nics.iter().take(switches.len()).enumerate() {
                if let Some(sp) = sw_free[k].first().copied() {
                    sw_free[k].remove(0);
                    w.cable((d, &mine[*nic]), (&devs[switches[k]], &ports[switches[k]][sp]))?;
                }
            }
            // Management to the panel, when it is a copper one.
            if let (Some(p), Some(m)) = (panel, of_kind(mine, &[PortKind::Management]).first()) {
                if ports[p].first().is_some_and(|x| x.2 == PortKind::Rj45) {
                    if let Some(j) = panel_front.pop() {
                        w.cable((d, &mine[*m]), (&devs[p], &ports[p][j]))?;
                    }
                }
            }
            // Power supplies, one to each PDU.
            for (k, psu) in of_kind(mine, &[PortKind::Power]).iter().take(pdus.len()).enumerate() {
                if let Some(o) = pdu_free[k].first().copied() {
                    pdu_free[k].remove(0);
                    w.cable((d, &mine[*psu]), (&devs[pdus[k]], &ports[pdus[k]][o]))?;
                }
            }
        }
        // Switch uplinks to a fibre panel.
        if let Some(p) = panel.filter(|p| ports[*p].first().is_some_and(|x| x.2 == PortKind::Lc)) {
            for s in &switches {
                for up in of_kind(&ports[*s], &[PortKind::Qsfp28]).into_iter().take(2) {
                    if let Some(j) = panel_front.pop() {
                        w.cable((&devs[*s], &ports[*s][up]), (&devs[p], &ports[p][j]))?;
                    }
                }
            }
        }
        // Trunk: the first four rear jacks of this panel to those of the last panel of its kind.
        if let Some(p) = panel {
            let rear: Vec<usize> = (0..ports[p].len()).filter(|i| ports[p][*i].0.starts_with('R')).collect();
            let kind = ports[p].first().map_or(PortKind::Rj45, |x| x.2);
            if let Some((prev_ci, prev)) = last_panel.remove(&kind) {
                let prev_dev = placed.iter().find(|d| d.cabinet == prev_ci && d.asset.category == Category::PatchPanel);
                if let Some(prev_dev) = prev_dev {
                    let prev_rear: Vec<&(String, i64, PortKind)> =
                        prev.iter().filter(|x| x.0.starts_with('R')).collect();
                    for (a, b) in rear.iter().zip(prev_rear).take(4) {
                        w.cable((&devs[p], &ports[p][*a]), (prev_dev, b))?;
                    }
                }
            } else {
                last_panel.insert(kind, (ci, ports[p].clone()));
            }
        }
    }
    db::audit::insert(
        tx,
        ctx.now,
        &ctx.operator,
        &Record {
            action: "ports.demo",
            entity: "ports",
            key: "demo",
            before: None,
            after: Some(format!("{{\"ports\":{},\"cables\":{}}}", w.ports, w.cables)),
            reason: Some("演示数据"),
        },
    )?;
    Ok((w.ports, w.cables))
}
