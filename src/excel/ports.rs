//! The port sheets: 端口表 (the `ports` export: one row per port) and 端口连接 (one row per
//! cable, a sheet of the site workbook, exported and imported).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::export::{col, enum_col, write_sheet, Col, Dict, Formats, V};
use super::Progress;
use crate::db::ports::PortRow;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::{Asset, Cable, CableType, PortStatus};

pub const PORT_TABLE_SHEET: &str = "端口表";
pub const CABLES_SHEET: &str = "端口连接";

/// The 端口表 headers (templates.md).
pub const PORT_TABLE_HEADERS: [&str; 19] = [
    "机房",
    "机柜编号",
    "U位",
    "资产编号",
    "设备名称",
    "端口名称",
    "端口类型",
    "速率",
    "状态",
    "线缆编号",
    "对端资产编号",
    "对端设备名称",
    "对端机柜",
    "对端端口",
    "线缆类型",
    "本端标签",
    "对端标签",
    "VLAN",
    "备注",
];

/// The 端口连接 headers (templates.md), in order.
pub const CABLE_HEADERS: [&str; 11] = [
    "线缆编号",
    "线缆类型",
    "本端资产编号",
    "本端端口",
    "对端资产编号",
    "对端端口",
    "长度(m)",
    "颜色",
    "用途",
    "VLAN",
    "备注",
];

fn statuses() -> Vec<&'static str> {
    PortStatus::ALL.iter().map(|s| s.label_zh()).collect()
}

fn cable_types() -> Vec<&'static str> {
    CableType::ALL.iter().map(|s| s.label_zh()).collect()
}

/// The port table; cable fields come from the cable on each port (VLAN too).
pub(super) fn write_port_table(
    wb: &mut Workbook,
    fm: &Formats,
    dict: &mut Dict,
    rows: &[PortRow],
    title: &str,
    progress: &mut dyn FnMut(Progress),
) -> std::result::Result<(), XlsxError> {
    let cols: Vec<Col> = PORT_TABLE_HEADERS
        .iter()
        .map(|h| match *h {
            "状态" => enum_col(h, statuses()),
            "线缆类型" => enum_col(h, cable_types()),
            _ => col(h),
        })
        .collect();
    let row = |i: usize| {
        let r = &rows[i];
        let p = &r.port;
        let l = p.link.as_ref();
        vec![
            V::opt(&r.room),
            V::opt(&r.cabinet),
            r.start_u.map(|u| V::Int(i64::from(u))).unwrap_or(V::Empty),
            V::text(&p.asset_tag),
            V::text(&r.asset_name),
            V::text(&p.name),
            V::text(p.kind.label_zh()),
            V::opt(&p.speed),
            V::text(p.status.label_zh()),
            l.map(|l| V::text(&l.cable_no)).unwrap_or(V::Empty),
            l.map(|l| V::text(&l.far.asset_tag)).unwrap_or(V::Empty),
            l.map(|l| V::text(&l.far.asset_name)).unwrap_or(V::Empty),
            l.map(|l| V::opt(&l.far.cabinet)).unwrap_or(V::Empty),
            l.map(|l| V::text(&l.far.port)).unwrap_or(V::Empty),
            l.map(|l| V::text(l.cable_type.label_zh())).unwrap_or(V::Empty),
            l.map(|l| V::opt(&l.label)).unwrap_or(V::Empty),
            l.map(|l| V::opt(&l.far.label)).unwrap_or(V::Empty),
            l.map(|l| V::opt(&l.vlan)).unwrap_or(V::Empty),
            V::opt(&p.note),
        ]
    };
    write_sheet(wb, fm, dict, PORT_TABLE_SHEET, title, &cols, rows.len(), &row, progress)
}

/// The cables of a site export: all, or those with an end on a device of the room's assets.
pub(super) fn site_cables(ledger: &Ledger, room: Option<&str>, assets: &[Asset]) -> Result<Vec<Cable>> {
    let all = ledger.cables()?;
    if room.is_none() {
        return Ok(all);
    }
    let tags: std::collections::HashSet<&str> = assets.iter().map(|a| a.asset_tag.as_str()).collect();
    Ok(all
        .into_iter()
        .filter(|c| tags.contains(c.a.asset_tag.as_str()) || tags.contains(c.b.asset_tag.as_str()))
        .collect())
}

/// The 端口连接 sheet.
pub(super) fn write_cables(
    wb: &mut Workbook,
    fm: &Formats,
    dict: &mut Dict,
    cables: &[Cable],
    title: &str,
    progress: &mut dyn FnMut(Progress),
) -> std::result::Result<(), XlsxError> {
    let cols: Vec<Col> =
        CABLE_HEADERS.iter().map(|h| if *h == "线缆类型" { enum_col(h, cable_types()) } else { col(h) }).collect();
    let row = |i: usize| {
        let c = &cables[i];
        vec![
            V::text(&c.cable_no),
            V::text(c.cable_type.label_zh()),
            V::text(&c.a.asset_tag),
            V::text(&c.a.port),
            V::text(&c.b.asset_tag),
            V::text(&c.b.port),
            c.length_m.map(V::Num).unwrap_or(V::Empty),
            V::opt(&c.colour),
            V::opt(&c.purpose),
            V::opt(&c.vlan),
            V::opt(&c.note),
        ]
    };
    write_sheet(wb, fm, dict, CABLES_SHEET, title, &cols, cables.len(), &row, progress)
}
