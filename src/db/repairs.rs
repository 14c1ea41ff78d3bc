//! Table `repairs`: the repair records (附件4), read with the asset's tag, name, brand, model and
//! serial, the linked fault's number, the remembered position of a device sent back to the
//! factory, and the parts (from `repair_parts`).

use crate::db::{params, Connection, OptionalExtension, Row, ToSql};
use chrono::NaiveDateTime;

use super::stamp::{decode_time, stamp, stamp_opt};
use super::{decode, decode_date};
use crate::error::{Error, Result};
use crate::model::{Face, Repair, RepairMode, RepairResult, RepairState};

const SELECT: &str = "
    SELECT r.repair_no, f.fault_no, a.asset_tag, a.name, a.vendor, a.model, a.serial, r.symptom,
           r.reported_at, r.mode, r.vendor, r.case_no, r.technician, r.arrived_at, r.work_done,
           r.old_serial, r.new_serial, r.completed_at, r.result, r.under_warranty, r.cost,
           r.accepted_by, r.accepted_on, r.state, c.code, r.return_start_u, r.return_face, r.closed_at, r.id
    FROM repairs r
    JOIN assets a ON a.id = r.asset_id
    LEFT JOIN faults f ON f.id = r.fault_id
    LEFT JOIN cabinets c ON c.id = r.return_cabinet_id";

/// Where a device sent back to the factory was racked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnPosition {
    pub cabinet: String,
    pub start_u: u32,
    pub face: Face,
}

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, Repair, Option<ReturnPosition>)> {
    let result: Option<String> = r.get(18)?;
    let cabinet: Option<String> = r.get(24)?;
    let start_u: Option<u32> = r.get(25)?;
    let face: Option<String> = r.get(26)?;
    let ret = match (cabinet, start_u) {
        (Some(cabinet), Some(start_u)) => Some(ReturnPosition {
            cabinet,
            start_u,
            face: face.map(|f| decode(f, Face::parse, 26)).transpose()?.unwrap_or(Face::Front),
        }),
        _ => None,
    };
    let repair = Repair {
        repair_no: r.get(0)?,
        fault_no: r.get(1)?,
        asset_tag: r.get(2)?,
        asset_name: r.get(3)?,
        device_vendor: r.get(4)?,
        device_model: r.get(5)?,
        serial: r.get(6)?,
        symptom: r.get(7)?,
        reported_at: decode_time(r.get(8)?, 8)?.unwrap_or_default(),
        mode: decode(r.get(9)?, RepairMode::parse, 9)?,
        vendor: r.get(10)?,
        case_no: r.get(11)?,
        technician: r.get(12)?,
        arrived_at: decode_time(r.get(13)?, 13)?,
        work_done: r.get(14)?,
        parts: Vec::new(),
        old_serial: r.get(15)?,
        new_serial: r.get(16)?,
        completed_at: decode_time(r.get(17)?, 17)?,
        result: result.map(|v| decode(v, RepairResult::parse, 18)).transpose()?,
        under_warranty: r.get(19)?,
        cost: r.get(20)?,
        accepted_by: r.get(21)?,
        accepted_on: decode_date(r.get(22)?, 22)?,
        state: decode(r.get(23)?, RepairState::parse, 23)?,
        return_position: ret.as_ref().map(|p| crate::model::position_label(&p.cabinet, p.start_u, p.face)),
        closed_at: decode_time(r.get(27)?, 27)?,
        allowed: Vec::new(),
    }
    .with_allowed();
    Ok((r.get(28)?, repair, ret))
}

/// The repair, its row id and its remembered position, with its parts.
pub fn get(conn: &Connection, no: &str) -> Result<Option<(i64, Repair, Option<ReturnPosition>)>> {
    let found = conn
        .prepare_cached(&format!("{SELECT} WHERE r.repair_no = ?1"))
        .and_then(|mut s| s.query_row([no.trim()], from_row).optional())
        .map_err(Error::storage("查询维修记录"))?;
    match found {
        Some((id, mut repair, ret)) => {
            repair.parts = super::repair_parts::list(conn, id)?;
            Ok(Some((id, repair, ret)))
        }
        None => Ok(None),
    }
}

/// Which repairs to list; newest first. Without a limit, every one from `offset` on.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct RepairFilter {
    pub state: Option<RepairState>,
    pub asset_tag: Option<String>,
    /// Only the repairs still open (待处理 or 维修中).
    pub open: bool,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// The filter's conditions, only those it sets: `state = ?` alone lets SQLite walk
/// `repairs_state (state, reported_at)` newest first and stop at the window's end.
fn where_clause(f: &RepairFilter) -> (String, Vec<String>) {
    let mut cond: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    if let Some(s) = f.state {
        args.push(s.code().to_string());
        cond.push(format!("r.state = ?{}", args.len()));
    }
    if let Some(tag) = &f.asset_tag {
        args.push(tag.trim().to_string());
        cond.push(format!("a.asset_tag = ?{}", args.len()));
    }
    if f.open {
        cond.push("r.state IN ('pending', 'in_repair')".into());
    }
    let sql = if cond.is_empty() { String::new() } else { format!(" WHERE {}", cond.join(" AND ")) };
    (sql, args)
}

/// The query of [`list`] and its arguments.
fn list_sql(f: &RepairFilter) -> (String, Vec<String>) {
    let (cond, args) = where_clause(f);
    let window = super::window::limit_sql(f.limit, f.offset);
    (format!("{SELECT}{cond} ORDER BY r.reported_at DESC, r.id DESC{window}"), args)
}

/// The repairs matching the filter, newest reported first, within its window, with their parts.
pub fn list(conn: &Connection, f: &RepairFilter) -> Result<Vec<Repair>> {
    let (sql, args) = list_sql(f);
    let rows = conn
        .prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(crate::db::params_from_iter(args.iter()), from_row)?.collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("列出维修记录"))?;
    rows.into_iter()
        .map(|(id, mut repair, _)| {
            repair.parts = super::repair_parts::list(conn, id)?;
            Ok(repair)
        })
        .collect()
}

/// How many repairs match the filter (its window ignored).
pub fn count(conn: &Connection, f: &RepairFilter) -> Result<i64> {
    let (cond, args) = where_clause(f);
    let join = if f.asset_tag.is_some() { " JOIN assets a ON a.id = r.asset_id" } else { "" };
    conn.prepare_cached(&format!("SELECT count(*) FROM repairs r{join}{cond}"))
        .and_then(|mut s| s.query_row(crate::db::params_from_iter(args.iter()), |r| r.get(0)))
        .map_err(Error::storage("统计维修记录"))
}

/// How many repairs are in each state, by the state's code (states without one left out).
pub fn count_by_state(conn: &Connection) -> Result<std::collections::BTreeMap<String, i64>> {
    super::window::count_by_state(conn, "repairs").map_err(Error::storage("统计维修记录"))
}

/// The row id of the asset's repair that is not yet closed, and its number.
pub fn unclosed_for_asset(conn: &Connection, asset_id: i64) -> Result<Option<String>> {
    conn.prepare_cached("SELECT repair_no FROM repairs WHERE asset_id = ?1 AND state <> 'closed' ORDER BY id LIMIT 1")
        .and_then(|mut s| s.query_row([asset_id], |r| r.get(0)).optional())
        .map_err(Error::storage("查询维修记录"))
}

/// What a repair row holds besides what is joined in.
pub struct RepairRow<'a> {
    pub repair: &'a Repair,
    pub fault_id: Option<i64>,
    pub asset_id: i64,
    pub return_cabinet_id: Option<i64>,
    pub return_start_u: Option<u32>,
    pub return_face: Option<Face>,
}

pub fn insert(conn: &Connection, row: &RepairRow<'_>, at: NaiveDateTime, by: &str) -> Result<i64> {
    let r = row.repair;
    conn.prepare_cached(
        "INSERT INTO repairs (repair_no, fault_id, asset_id, symptom, reported_at, mode, vendor, case_no, technician,
             arrived_at, under_warranty, state, return_cabinet_id, return_start_u, return_face,
             created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?16, ?17)",
    )
    .and_then(|mut s| {
        s.execute(params![
            r.repair_no,
            row.fault_id,
            row.asset_id,
            r.symptom,
            stamp(r.reported_at),
            r.mode.code(),
            r.vendor,
            r.case_no,
            r.technician,
            stamp_opt(r.arrived_at),
            r.under_warranty,
            r.state.code(),
            row.return_cabinet_id,
            row.return_start_u,
            row.return_face.map(|f| f.code()),
            stamp(at),
            by
        ])
    })
    .map_err(Error::storage("登记维修记录"))?;
    Ok(conn.last_insert_rowid())
}

/// Writes the fields that change while a repair runs (not its number, asset, fault or
/// remembered position).
pub fn update(conn: &Connection, id: i64, r: &Repair, at: NaiveDateTime, by: &str) -> Result<()> {
    let values: Vec<Box<dyn ToSql>> = vec![
        Box::new(r.symptom.clone()),
        Box::new(r.vendor.clone()),
        Box::new(r.case_no.clone()),
        Box::new(r.technician.clone()),
        Box::new(stamp_opt(r.arrived_at)),
        Box::new(r.work_done.clone()),
        Box::new(r.old_serial.clone()),
        Box::new(r.new_serial.clone()),
        Box::new(stamp_opt(r.completed_at)),
        Box::new(r.result.map(|v| v.code())),
        Box::new(r.under_warranty),
        Box::new(r.cost),
        Box::new(r.accepted_by.clone()),
        Box::new(r.accepted_on.map(|d| d.format("%Y-%m-%d").to_string())),
        Box::new(r.state.code()),
        Box::new(stamp_opt(r.closed_at)),
        Box::new(stamp(at)),
        Box::new(by.to_string()),
        Box::new(id),
    ];
    let refs: Vec<&dyn ToSql> = values.iter().map(|b| b.as_ref()).collect();
    conn.prepare_cached(
        "UPDATE repairs SET symptom = ?1, vendor = ?2, case_no = ?3, technician = ?4, arrived_at = ?5,
             work_done = ?6, old_serial = ?7, new_serial = ?8, completed_at = ?9, result = ?10,
             under_warranty = ?11, cost = ?12, accepted_by = ?13, accepted_on = ?14, state = ?15,
             closed_at = ?16, updated_at = ?17, updated_by = ?18
         WHERE id = ?19",
    )
    .and_then(|mut s| s.execute(refs.as_slice()))
    .map_err(Error::storage("更新维修记录"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::window::plan;

    /// A window of the repairs walks an index newest first and stops at the window's end: no
    /// sort of the whole table for the order, whatever tab is shown.
    #[test]
    fn a_window_walks_an_index_in_order() {
        let conn = crate::db::open_in_memory().unwrap();
        for f in [
            RepairFilter { limit: Some(200), ..Default::default() },
            RepairFilter {
                state: Some(RepairState::Closed),
                limit: Some(200),
                offset: Some(200),
                ..Default::default()
            },
        ] {
            let (sql, args) = list_sql(&f);
            let p = plan(&conn, &sql, crate::db::params_from_iter(args.iter()));
            eprintln!("{f:?}: {p}");
            assert!(p.contains("USING INDEX repairs_"), "{p}");
            assert!(!p.contains("TEMP B-TREE FOR ORDER BY"), "{p}");
        }
    }
}
