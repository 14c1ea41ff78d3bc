//! The port sheets: 端口表 (the `ports` export: one row per port) and 端口连接 (one row per
//! cable, a sheet of the site workbook, exported and imported).

use super::export::{col, enum_col, Book, Col, V};
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
pub(super) fn write_port_table(book: &mut Book<'_>, rows: &[PortRow], title: &str) -> Result<()> {
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
pub(super) fn write_cables(book: &mut Book<'_>, cables: &[Cable], title: &str) -> Result<()> {
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

/// A checked 端口连接 row.
#[derive(Debug, Clone)]
pub struct CableRow {
    pub row: u32,
    pub a: crate::ledger::PortRef,
    pub b: crate::ledger::PortRef,
    pub draft: crate::model::CableDraft,
}

/// Reads the 端口连接 rows, reporting each bad cell with its row and column.
pub fn cable_rows(lines: &[super::validate::Line<'_>], p: &mut super::validate::Problems<'_>) -> Vec<CableRow> {
    use crate::ledger::PortRef;
    let mut out = Vec::new();
    for line in lines {
        let row = line.row.number;
        let mut ok = true;
        let mut need = |key: &str, header: &str, ok: &mut bool| match line.text(key) {
            Some(v) => v,
            None => {
                p.add(Some(row), Some(header), None, format!("缺少必填项“{header}”"), format!("{header} is required"));
                *ok = false;
                String::new()
            }
        };
        let no = need("cable_no", "线缆编号", &mut ok);
        let t = need("cable_type", "线缆类型", &mut ok);
        let (aa, ap) = (need("a_asset", "本端资产编号", &mut ok), need("a_port", "本端端口", &mut ok));
        let (ba, bp) = (need("b_asset", "对端资产编号", &mut ok), need("b_port", "对端端口", &mut ok));
        let cable_type = CableType::parse(&t);
        if ok && cable_type.is_none() {
            p.add(
                Some(row),
                Some("线缆类型"),
                Some(&t),
                format!("无效的线缆类型，可选：{}", CableType::choices()),
                format!("unknown cable type; choices: {}", CableType::choices()),
            );
            ok = false;
        }
        let length = line.text("length_m");
        let length_m = match length.as_deref().map(crate::parse::number) {
            Some(Ok(v)) if v > 0.0 => Some(v),
            Some(_) => {
                p.add(
                    Some(row),
                    Some("长度(m)"),
                    length.as_deref(),
                    "应为正数".into(),
                    "must be a positive number".into(),
                );
                ok = false;
                None
            }
            None => None,
        };
        if ok {
            out.push(CableRow {
                row,
                a: PortRef::new(aa, ap),
                b: PortRef::new(ba, bp),
                draft: crate::model::CableDraft {
                    cable_no: Some(no),
                    cable_type,
                    length_m,
                    colour: line.text("colour"),
                    purpose: line.text("purpose"),
                    vlan: line.text("vlan"),
                    note: line.text("note"),
                    ..Default::default()
                },
            });
        }
    }
    out
}

/// Whether a stored cable joins exactly these two ports (in either order).
fn same_ends(c: &Cable, r: &CableRow) -> bool {
    let end = |e: &crate::model::CableEnd, p: &crate::ledger::PortRef| e.asset_tag == p.asset_tag && e.port == p.port;
    (end(&c.a, &r.a) && end(&c.b, &r.b)) || (end(&c.a, &r.b) && end(&c.b, &r.a))
}

/// Counts the rows of each 端口连接 sheet as inserted (a new cable number) or unchanged.
pub fn count_cables(
    conn: &rusqlite::Connection,
    rows: &[(usize, CableRow)],
    reports: &mut [super::import::SheetReport],
) -> Result<()> {
    for (sheet, r) in rows {
        let exists = match &r.draft.cable_no {
            Some(no) => crate::db::cables::exists(conn, no)?,
            None => false,
        };
        if let Some(rep) = reports.get_mut(*sheet) {
            if exists {
                rep.unchanged += 1;
            } else {
                rep.inserted += 1;
            }
        }
    }
    Ok(())
}

/// Writes the cables in the import's transaction: a cable number already stored with the same
/// two ends is left as it is; any other refusal (a port taken, kinds that do not fit, a number
/// used for other ports) fails the whole import, naming the sheet row. Ports a device lacks are
/// created (templates.md).
pub fn apply_cables(tx: &rusqlite::Connection, ctx: &crate::ledger::Ctx, rows: &[(usize, CableRow)]) -> Result<()> {
    use crate::error::Error;
    for (_, r) in rows {
        let no = r.draft.cable_no.clone().unwrap_or_default();
        if let Some(stored) = crate::db::cables::get(tx, &no)? {
            if same_ends(&stored.cable, r) {
                continue;
            }
        }
        crate::ledger::ports::ensure_template_ports_in(tx, ctx, &r.a.asset_tag)?;
        crate::ledger::ports::ensure_template_ports_in(tx, ctx, &r.b.asset_tag)?;
        crate::ledger::ports::connect_in(tx, ctx, &r.a, &r.b, &r.draft, true).map_err(|e| Error::CableRow {
            sheet: CABLES_SHEET.into(),
            row: r.row,
            cable_no: no.clone(),
            source: Box::new(e),
        })?;
    }
    Ok(())
}
