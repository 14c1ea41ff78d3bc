//! The port sheets: 端口表 (the `ports` export: one row per port) and 端口连接 (one row per
//! cable, a sheet of the site workbook, exported and imported). Their headers are here with the
//! import of 端口连接; the writers are in `forms/ports.rs`.

use crate::error::Result;
use crate::model::{Cable, CableType};

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
        crate::ledger::ports::connect_in(tx, ctx, &r.a, &r.b, &r.draft, true)
            .map_err(|e| Error::Invalid(format!("{CABLES_SHEET} 第 {} 行（线缆 {no}）：{e}", r.row)))?;
    }
    Ok(())
}
