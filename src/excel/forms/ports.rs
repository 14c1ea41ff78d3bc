//! The port sheets' writers: 端口表 (the `ports` export, one row per port) and 端口连接 (one row
//! per cable, a sheet of the site workbook). Their headers live in `excel/ports.rs`.

use super::super::ports::{CABLES_SHEET, CABLE_HEADERS, PORT_TABLE_HEADERS, PORT_TABLE_SHEET};
use super::super::writer::{col, enum_col, Book, Col, V};
use crate::db::ports::PortRow;
use crate::error::Result;
use crate::ledger::Ledger;
use crate::model::{Asset, Cable, CableType, PortStatus};

fn statuses() -> Vec<&'static str> {
    PortStatus::ALL.iter().map(|s| s.label_zh()).collect()
}

fn cable_types() -> Vec<&'static str> {
    CableType::ALL.iter().map(|s| s.label_zh()).collect()
}

/// The port table; cable fields come from the cable on each port (VLAN too).
pub(crate) fn write_port_table(book: &mut Book<'_>, rows: &[PortRow], title: &str) -> Result<()> {
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
    book.sheet(PORT_TABLE_SHEET, title, &cols, rows.len(), &row)
}

/// The cables of a site export: all, or those with an end on a device of the room's assets.
pub(crate) fn site_cables(ledger: &Ledger, room: Option<&str>, assets: &[Asset]) -> Result<Vec<Cable>> {
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
pub(crate) fn write_cables(book: &mut Book<'_>, cables: &[Cable], title: &str) -> Result<()> {
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
    book.sheet(CABLES_SHEET, title, &cols, cables.len(), &row)
}
