//! 附件11 资源统计表: the physical resources per 机房 on the day of the export, then a total.
//!
//! Definitions (the form names the columns, these say what is counted):
//! - 已用机柜: a cabinet with at least one racked device; 预留机柜: an empty cabinet already
//!   assigned to an owner (归属单位 set); 空闲机柜: the rest. 机柜使用率 = 已用 / 总数.
//! - U位: the cabinets' heights; 已用U位: units occupied on either face.
//! - 设计供电容量: the cabinets' rated power; 已分配功率: the racked devices' rated power;
//!   实测负载: each cabinet's latest measured reading, or its computed load where it has none;
//!   功率使用率 = 实测负载 / 设计供电容量.
//! - 预警 / 告警机柜数: cabinets at 预警, and at 告警 or 超载 (the power report's status).
//! - 列头柜最高负载率: the highest utilization of the room's row-head cabinets.
//! - 空闲网口数: free data ports of racked switches, from the LAN port pool (`ports pool`).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::super::writer::{col, kw, title, Book, Col, V};
use crate::db::assets::AssetFilter;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::power::PowerStatus;

/// One row of the form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoomResources {
    pub room: String,
    pub cabinets: i64,
    pub used_cabinets: i64,
    pub reserved_cabinets: i64,
    pub u_total: i64,
    pub u_used: i64,
    pub capacity_w: i64,
    pub allocated_w: i64,
    pub load_w: i64,
    pub warning: i64,
    pub critical: i64,
    pub row_heads: i64,
    pub row_head_max: Option<f64>,
    pub free_ports: Option<i64>,
}

impl RoomResources {
    fn free_cabinets(&self) -> i64 {
        self.cabinets - self.used_cabinets - self.reserved_cabinets
    }
}

fn ratio(a: i64, b: i64) -> V {
    if b > 0 {
        V::Pct(a as f64 / b as f64)
    } else {
        V::Empty
    }
}

/// The rows, one per room (by name), from the ledger as it is now.
pub fn rooms(ledger: &Ledger, room: Option<&str>) -> Result<Vec<RoomResources>> {
    let mut rows: BTreeMap<String, RoomResources> = BTreeMap::new();
    for r in crate::db::rooms::list(ledger.conn())? {
        if room.is_none_or(|want| want == r.name) {
            rows.insert(r.name.clone(), RoomResources { room: r.name, ..RoomResources::default() });
        }
    }
    for c in ledger.cabinets(room)? {
        let Some(r) = rows.get_mut(&c.room) else { continue };
        r.cabinets += 1;
        if c.device_count > 0 {
            r.used_cabinets += 1;
        } else if c.owner.is_some() {
            r.reserved_cabinets += 1;
        }
        r.u_total += i64::from(c.u_height);
        r.u_used += i64::from(c.used_u);
    }
    let report = ledger.power_report(room)?;
    for c in &report.cabinets {
        let Some(r) = rows.get_mut(&c.room) else { continue };
        r.capacity_w += c.capacity_w.unwrap_or(0);
        r.load_w += c.measured_w.unwrap_or(c.computed_w);
        match c.status {
            PowerStatus::Warning => r.warning += 1,
            PowerStatus::Critical | PowerStatus::Over => r.critical += 1,
            _ => {}
        }
    }
    for h in &report.row_heads {
        let Some(r) = rows.get_mut(&h.room) else { continue };
        r.row_heads += 1;
        if let Some(u) = h.utilization {
            r.row_head_max = Some(r.row_head_max.map_or(u, |m: f64| m.max(u)));
        }
    }
    // 空闲网口数: the free data ports of the room's racked switches (the LAN port pool); a room
    // without a switch in the port table has 0.
    let pool = ledger.port_pool(room, None)?;
    for r in rows.values_mut() {
        r.free_ports = Some(pool.rooms.iter().find(|p| p.room == r.room).map_or(0, |p| i64::from(p.figures.free)));
    }
    let racked = AssetFilter { room: room.map(str::to_string), racked: Some(true), ..AssetFilter::default() };
    for a in ledger.assets(&racked)? {
        if let Some(r) = a.room.as_ref().and_then(|n| rows.get_mut(n)) {
            r.allocated_w += i64::from(a.rated_w);
        }
    }
    Ok(rows.into_values().collect())
}

fn total(rows: &[RoomResources]) -> RoomResources {
    let mut t = RoomResources { room: "合计".into(), ..RoomResources::default() };
    for r in rows {
        t.cabinets += r.cabinets;
        t.used_cabinets += r.used_cabinets;
        t.reserved_cabinets += r.reserved_cabinets;
        t.u_total += r.u_total;
        t.u_used += r.u_used;
        t.capacity_w += r.capacity_w;
        t.allocated_w += r.allocated_w;
        t.load_w += r.load_w;
        t.warning += r.warning;
        t.critical += r.critical;
        t.row_heads += r.row_heads;
        t.row_head_max = match (t.row_head_max, r.row_head_max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        t.free_ports = match (t.free_ports, r.free_ports) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
    t
}

fn cols() -> Vec<Col> {
    [
        "统计日期",
        "机房",
        "机柜总数",
        "已用机柜",
        "预留机柜",
        "空闲机柜",
        "机柜使用率",
        "U位总数",
        "已用U位",
        "U位使用率",
        "设计供电容量(kW)",
        "已分配功率(kW)",
        "实测负载(kW)",
        "功率使用率",
        "预警机柜数",
        "告警机柜数",
        "列头柜数",
        "列头柜最高负载率",
        "空闲网口数",
    ]
    .iter()
    .map(|h| col(h))
    .collect()
}

fn row(day: NaiveDate, r: &RoomResources) -> Vec<V> {
    vec![
        V::Date(day),
        V::text(&r.room),
        V::Int(r.cabinets),
        V::Int(r.used_cabinets),
        V::Int(r.reserved_cabinets),
        V::Int(r.free_cabinets()),
        ratio(r.used_cabinets, r.cabinets),
        V::Int(r.u_total),
        V::Int(r.u_used),
        ratio(r.u_used, r.u_total),
        kw(Some(r.capacity_w)),
        kw(Some(r.allocated_w)),
        kw(Some(r.load_w)),
        ratio(r.load_w, r.capacity_w),
        V::Int(r.warning),
        V::Int(r.critical),
        V::Int(r.row_heads),
        r.row_head_max.map(V::Pct).unwrap_or(V::Empty),
        r.free_ports.map(V::Int).unwrap_or(V::Empty),
    ]
}

/// The sheet name of the form.
pub const SHEET: &str = "资源统计表";

pub fn write(book: &mut Book<'_>, ledger: &Ledger, room: Option<&str>, now: NaiveDateTime) -> Result<()> {
    let mut rows = rooms(ledger, room)?;
    rows.push(total(&rows));
    let day = now.date();
    let f = |i: usize| row(day, &rows[i]);
    book.sheet(SHEET, &title("资源统计表", now), &cols(), rows.len(), &f)
}

pub fn write_empty(book: &mut Book<'_>) -> Result<()> {
    book.sheet(SHEET, "资源统计表", &cols(), 0, &|_| Vec::new())
}
