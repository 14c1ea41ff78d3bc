//! The port sheets: 端口表 (the `ports` export: one row per port) and 端口连接 (one row per
//! cable, a sheet of the site workbook, exported and imported). The import judges all 端口连接
//! rows together against the ledger as the file leaves it ([`plan_cables`]), then writes them
//! ([`apply_cables`]). The writers are in `forms/ports.rs`.

use std::collections::{HashMap, HashSet};

use crate::db::Connection;
use serde_json::Value;

use super::import::{FieldDiff, RowChange, SheetReport};
use super::validate::Problems;
use super::Problem;
use crate::db::{self, cables::Stored};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::ledger::ports::{self, PortRef};
use crate::ledger::Ctx;
use crate::model::{CableDraft, CableEnd, CableType};

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

/// The optional 端口连接 columns, by key.
const OPTIONAL: [&str; 5] = ["length_m", "colour", "purpose", "vlan", "note"];

/// A checked 端口连接 row.
#[derive(Debug, Clone)]
pub struct CableRow {
    pub row: u32,
    pub a: PortRef,
    pub b: PortRef,
    pub draft: CableDraft,
    /// The optional columns the sheet has (`length_m`, `colour`, …): an absent column leaves the
    /// stored cable's field as it is.
    pub has: Vec<&'static str>,
}

/// Reads the 端口连接 rows, reporting each bad cell with its row and column.
pub fn cable_rows(lines: &[super::validate::Line<'_>], p: &mut super::validate::Problems<'_>) -> Vec<CableRow> {
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
                draft: CableDraft {
                    cable_no: Some(no),
                    cable_type,
                    length_m,
                    colour: line.text("colour"),
                    purpose: line.text("purpose"),
                    vlan: line.text("vlan"),
                    note: line.text("note"),
                    ..Default::default()
                },
                has: OPTIONAL.iter().copied().filter(|k| line.has(k)).collect(),
            });
        }
    }
    out
}

/// What one 端口连接 row does to the ledger's cables.
#[derive(Debug, Clone)]
pub enum CableAction {
    /// A cable number the ledger does not have: a new cable.
    Insert,
    /// A stored cable the row describes as it is (its ends in either order).
    Unchanged,
    /// A stored cable the row moves to other ports or gives other fields; `fields` is the diff.
    Update { stored: Box<Stored>, fields: Vec<FieldDiff> },
}

/// A 端口连接 row judged together with the others: the cable the file wants, as it will be.
#[derive(Debug, Clone)]
pub struct CableStep {
    /// The sheet's index among the import's sheets, for its counts.
    pub sheet: usize,
    pub sheet_name: String,
    pub row: u32,
    pub cable_no: String,
    /// The ends, in the stored cable's order when the row writes them the other way round.
    pub a: PortRef,
    pub b: PortRef,
    /// The fields the cable will have (a column the sheet lacks keeps the stored value).
    pub draft: CableDraft,
    pub action: CableAction,
}

/// A port as the file names it: a stored port, or one that does not exist yet (created when the
/// cable is written), by device and name in lower case as [`crate::db::ports::find`] matches it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum PortKey {
    Stored(i64),
    New(String, String),
}

const END_COLUMNS: [(&str, &str); 2] = [("本端资产编号", "本端端口"), ("对端资产编号", "对端端口")];

fn same_port(e: &CableEnd, p: &PortRef) -> bool {
    e.asset_tag == p.asset_tag && e.port.to_lowercase() == p.port.to_lowercase()
}

/// Judges every 端口连接 row together, against the ledger as the file leaves it: a cable the file
/// moves lets go of its old ports, so a move to a free port, two cables exchanging ports, or a
/// cable written with its ends the other way round are not conflicts; a port the file uses twice,
/// or that a cable the file does not mention holds, is. Each bad row is reported in `errors` with
/// its sheet, row, column and value. `in_file` are the asset tags the file's 资产登记 sheets
/// register (they may not be stored yet). The kinds of the ports are judged when the cables are
/// written ([`apply_cables`]), because ports a device lacks are only created then.
pub fn plan_cables(
    conn: &Connection,
    rows: Vec<(usize, CableRow)>,
    sheet_names: &[String],
    in_file: &HashSet<&str>,
    lang: Lang,
    errors: &mut Vec<Problem>,
) -> Result<Vec<CableStep>> {
    let numbers: HashSet<String> = rows.iter().filter_map(|(_, r)| r.draft.cable_no.clone()).collect();
    let mut seen_no: HashMap<String, u32> = HashMap::new();
    let mut seen_port: HashMap<PortKey, u32> = HashMap::new();
    let mut steps = Vec::with_capacity(rows.len());
    for (sheet, r) in rows {
        let sheet_name = sheet_names.get(sheet).cloned().unwrap_or_else(|| CABLES_SHEET.to_string());
        let mut p = Problems { sheet: &sheet_name, lang, list: errors };
        let no = r.draft.cable_no.clone().unwrap_or_default();
        let mut bad = false;
        if let Some(first) = seen_no.get(&no) {
            p.add(
                Some(r.row),
                Some("线缆编号"),
                Some(&no),
                format!("与第 {first} 行重复"),
                format!("duplicates row {first}"),
            );
            bad = true;
        } else {
            seen_no.insert(no.clone(), r.row);
        }
        let mut keys: [Option<PortKey>; 2] = [None, None];
        for (i, end) in [&r.a, &r.b].into_iter().enumerate() {
            let (asset_col, _) = END_COLUMNS[i];
            keys[i] = match db::assets::get(conn, &end.asset_tag)? {
                Some((id, _)) => Some(match db::ports::find(conn, id, &end.port)? {
                    Some(pid) => PortKey::Stored(pid),
                    None => PortKey::New(end.asset_tag.clone(), end.port.to_lowercase()),
                }),
                None if in_file.contains(end.asset_tag.as_str()) => {
                    Some(PortKey::New(end.asset_tag.clone(), end.port.to_lowercase()))
                }
                None => {
                    let e = Error::AssetNotFound { tag: end.asset_tag.clone() };
                    p.add(
                        Some(r.row),
                        Some(asset_col),
                        Some(&end.asset_tag),
                        format!("{}：请先登记，或在同一文件的“资产登记”表中列出", e.message(Lang::Zh)),
                        format!(
                            "{}: register it first or list it on the 资产登记 sheet of this file",
                            e.message(Lang::En)
                        ),
                    );
                    bad = true;
                    None
                }
            };
        }
        if keys[0].is_some() && keys[0] == keys[1] {
            let e = Error::SamePort { port: r.a.to_string() };
            p.add(Some(r.row), Some("对端端口"), Some(&r.b.to_string()), e.message(Lang::Zh), e.message(Lang::En));
            bad = true;
        } else {
            for (i, key) in keys.iter().enumerate() {
                let Some(key) = key else { continue };
                let (_, port_col) = END_COLUMNS[i];
                let name = if i == 0 { r.a.to_string() } else { r.b.to_string() };
                if let Some(first) = seen_port.get(key) {
                    p.add(
                        Some(r.row),
                        Some(port_col),
                        Some(&name),
                        format!("端口 {name} 已在第 {first} 行连接，一个端口只能接一根线缆"),
                        format!("port {name} is already cabled on row {first}; a port takes one cable"),
                    );
                    bad = true;
                    continue;
                }
                seen_port.insert(key.clone(), r.row);
                // A cable the file mentions lets go of its ports (the file says where it goes);
                // one it does not mention keeps them.
                if let PortKey::Stored(pid) = key {
                    match db::cables::on_port(conn, *pid)? {
                        Some(holder) if !numbers.contains(&holder) => {
                            if let Some(e) = crate::ledger::ports::port_taken(conn, *pid)? {
                                p.add(
                                    Some(r.row),
                                    Some(port_col),
                                    Some(&name),
                                    e.message(Lang::Zh),
                                    e.message(Lang::En),
                                );
                                bad = true;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        if bad {
            continue;
        }
        let step = match db::cables::get(conn, &no)? {
            None => CableStep {
                sheet,
                sheet_name,
                row: r.row,
                cable_no: no,
                a: r.a,
                b: r.b,
                draft: r.draft,
                action: CableAction::Insert,
            },
            Some(stored) => compare(sheet, sheet_name, no, r, stored),
        };
        steps.push(step);
    }
    Ok(steps)
}

/// A row against the stored cable of its number: unchanged, or an update with its field diff.
fn compare(sheet: usize, sheet_name: String, no: String, r: CableRow, stored: Stored) -> CableStep {
    let s = &stored.cable;
    // A cable has no direction: the row's ends are matched to the stored ones the way that keeps
    // the most of them, so a row written the other way round moves nothing.
    let straight = usize::from(same_port(&s.a, &r.a)) + usize::from(same_port(&s.b, &r.b));
    let crossed = usize::from(same_port(&s.a, &r.b)) + usize::from(same_port(&s.b, &r.a));
    let (a, b) = if crossed > straight { (r.b, r.a) } else { (r.a, r.b) };
    let mut draft = r.draft;
    let keep = |has: bool, row: &mut Option<String>, stored: &Option<String>| {
        if !has {
            row.clone_from(stored);
        }
    };
    let has = |k: &str| r.has.contains(&k);
    if !has("length_m") {
        draft.length_m = s.length_m;
    }
    keep(has("colour"), &mut draft.colour, &s.colour);
    keep(has("purpose"), &mut draft.purpose, &s.purpose);
    keep(has("vlan"), &mut draft.vlan, &s.vlan);
    keep(has("note"), &mut draft.note, &s.note);
    let mut fields = Vec::new();
    let mut field = |key: &str, before: Value, after: Value| {
        if before != after {
            fields.push(FieldDiff { field: key.to_string(), before, after });
        }
    };
    let text = |v: &str| Value::String(v.to_string());
    let opt = |v: &Option<String>| v.as_deref().map_or(Value::Null, text);
    for (key, e, p) in [("a", &s.a, &a), ("b", &s.b, &b)] {
        if !same_port(e, p) {
            field(&format!("{key}_asset"), text(&e.asset_tag), text(&p.asset_tag));
            field(&format!("{key}_port"), text(&e.port), text(&p.port));
        }
    }
    field("cable_type", json(&s.cable_type), json(&draft.cable_type.unwrap_or(s.cable_type)));
    field("length_m", json(&s.length_m), json(&draft.length_m));
    field("colour", opt(&s.colour), opt(&draft.colour));
    field("purpose", opt(&s.purpose), opt(&draft.purpose));
    field("vlan", opt(&s.vlan), opt(&draft.vlan));
    field("note", opt(&s.note), opt(&draft.note));
    let action = if fields.is_empty() {
        CableAction::Unchanged
    } else {
        CableAction::Update { stored: Box::new(stored), fields }
    };
    CableStep { sheet, sheet_name, row: r.row, cable_no: no, a, b, draft, action }
}

/// A field's value as a diff shows it.
fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Counts the 端口连接 rows of each sheet as inserted, updated (with the diff) or unchanged.
pub fn count_cables(steps: &[CableStep], reports: &mut [SheetReport]) {
    for s in steps {
        let Some(rep) = reports.get_mut(s.sheet) else { continue };
        match &s.action {
            CableAction::Insert => {
                rep.inserted += 1;
                rep.changes.push(RowChange {
                    row: s.row,
                    key: s.cable_no.clone(),
                    action: "insert",
                    fields: Vec::new(),
                });
            }
            CableAction::Unchanged => rep.unchanged += 1,
            CableAction::Update { fields, .. } => {
                rep.updated += 1;
                rep.changes.push(RowChange {
                    row: s.row,
                    key: s.cable_no.clone(),
                    action: "update",
                    fields: fields.clone(),
                });
            }
        }
    }
}

/// Writes the cables in the import's transaction, after the assets (the devices a cable names
/// may be new in this file): first every cable that changes lets go of its ports, then each is
/// put on its ports, and new cables are connected. Ports a device lacks are created
/// (templates.md). A row the port rules refuse (kinds that do not fit, a cable type that does
/// not fit the ports) is added to `errors` with its sheet, row, column and value, and the others
/// are still judged; the caller rolls back when `errors` is not empty. `Err` is kept for the
/// database failing.
pub fn apply_cables(
    tx: &Connection,
    ctx: &Ctx,
    steps: &[CableStep],
    lang: Lang,
    errors: &mut Vec<Problem>,
) -> Result<()> {
    let mut released = HashMap::new();
    for s in steps {
        if let CableAction::Update { .. } = s.action {
            released.insert(s.cable_no.as_str(), ports::release_in(tx, &s.cable_no)?);
        }
    }
    for s in steps {
        let done = match &s.action {
            CableAction::Unchanged => continue,
            CableAction::Insert => {
                ports::ensure_template_ports_in(tx, ctx, &s.a.asset_tag)?;
                ports::ensure_template_ports_in(tx, ctx, &s.b.asset_tag)?;
                ports::connect_in(tx, ctx, &s.a, &s.b, &s.draft, true)
            }
            CableAction::Update { .. } => {
                let Some(before) = released.get(s.cable_no.as_str()) else { continue };
                ports::ensure_template_ports_in(tx, ctx, &s.a.asset_tag)?;
                ports::ensure_template_ports_in(tx, ctx, &s.b.asset_tag)?;
                ports::reattach_in(tx, ctx, before, &s.a, &s.b, &s.draft, true)
            }
        };
        match done {
            Ok(_) => {}
            Err(e @ (Error::Storage { .. } | Error::Io { .. })) => return Err(e),
            Err(e) => {
                let (column, value) = refusal_cell(&e, s);
                let mut p = Problems { sheet: &s.sheet_name, lang, list: errors };
                p.add(Some(s.row), Some(column), Some(&value), e.message(Lang::Zh), e.message(Lang::En));
            }
        }
    }
    Ok(())
}

/// The cell a refusal of the port rules points at: the cable type when it does not fit, the far
/// end's port otherwise (the near end's when the refusal names it).
fn refusal_cell(e: &Error, s: &CableStep) -> (&'static str, String) {
    let near = |port: &str| port.eq_ignore_ascii_case(&s.a.to_string());
    match e {
        Error::CableTypeUnfit { cable_type, .. } => ("线缆类型", cable_type.label_zh().to_string()),
        Error::PortTaken { port, .. } if near(port) => ("本端端口", s.a.to_string()),
        Error::DuplicateCable { no } => ("线缆编号", no.clone()),
        Error::InvalidValue { field, value, .. } if field == "长度(m)" => ("长度(m)", value.clone()),
        _ => ("对端端口", s.b.to_string()),
    }
}
