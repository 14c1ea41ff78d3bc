//! Table `faults`: the fault and alarm register (附件3), read with the asset's tag and name and
//! the numbers of the repairs opened from each record and of the inspection that filed it.

use crate::db::{Connection, OptionalExtension, Row, ToSql};
use chrono::NaiveDateTime;

use super::decode;
use super::stamp::{decode_time, stamp, stamp_opt};
use crate::error::{Error, Result};
use crate::model::{Fault, FaultKind, FaultSource, FaultState, FaultType, Severity};

const SELECT: &str = "
    SELECT f.fault_no, f.kind, f.occurred_at, f.source, f.room, f.cabinet, a.asset_tag, a.name,
           f.fault_type, f.severity, f.description, f.service_impact, f.reporter, f.acknowledged_at,
           f.handler, f.actions, f.root_cause, f.recovered_at, f.state, f.closed_at, f.id,
           (SELECT string_agg(r.repair_no, ',' ORDER BY r.id) FROM repairs r WHERE r.fault_id = f.id),
           (SELECT i.inspection_no FROM inspections i WHERE i.id IN (
                SELECT d.inspection_id FROM inspection_devices d WHERE d.fault_id = f.id
                UNION ALL SELECT p.inspection_id FROM inspection_points p WHERE p.fault_id = f.id))
    FROM faults f LEFT JOIN assets a ON a.id = f.asset_id";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, Fault)> {
    let occurred_at = decode_time(r.get(2)?, 2)?.unwrap_or_default();
    let recovered_at = decode_time(r.get(17)?, 17)?;
    let fault_type: Option<String> = r.get(8)?;
    let repairs: Option<String> = r.get(21)?;
    Ok((
        r.get(20)?,
        Fault {
            fault_no: r.get(0)?,
            kind: decode(r.get(1)?, FaultKind::parse, 1)?,
            occurred_at,
            source: decode(r.get(3)?, FaultSource::parse, 3)?,
            room: r.get(4)?,
            cabinet: r.get(5)?,
            asset_tag: r.get(6)?,
            asset_name: r.get(7)?,
            fault_type: fault_type.map(|t| decode(t, FaultType::parse, 8)).transpose()?,
            severity: decode(r.get(9)?, Severity::parse, 9)?,
            description: r.get(10)?,
            service_impact: r.get(11)?,
            reporter: r.get(12)?,
            acknowledged_at: decode_time(r.get(13)?, 13)?,
            handler: r.get(14)?,
            actions: r.get(15)?,
            root_cause: r.get(16)?,
            recovered_at,
            duration_min: crate::model::duration_minutes(occurred_at, recovered_at),
            repair_nos: repairs
                .map(|s| {
                    let mut v: Vec<String> = s.split(',').map(str::to_string).collect();
                    v.sort();
                    v
                })
                .unwrap_or_default(),
            inspection_no: r.get(22)?,
            state: decode(r.get(18)?, FaultState::parse, 18)?,
            closed_at: decode_time(r.get(19)?, 19)?,
            allowed: Vec::new(),
        }
        .with_allowed(),
    ))
}

pub fn get(conn: &Connection, no: &str) -> Result<Option<(i64, Fault)>> {
    conn.prepare_cached(&format!("{SELECT} WHERE f.fault_no = ?1"))
        .and_then(|mut s| s.query_row([no.trim()], from_row).optional())
        .map_err(Error::storage("查询故障登记"))
}

/// Which faults to list: by state, by asset, from a time on; newest first. Without a limit,
/// every one from `offset` on.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct FaultFilter {
    pub state: Option<FaultState>,
    pub asset_tag: Option<String>,
    pub since: Option<NaiveDateTime>,
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// The filter's conditions, only those it sets, so that SQLite walks `faults_state (state,
/// occurred_at)` or `faults_occurred` newest first and stops at the window's end.
fn where_clause(f: &FaultFilter) -> (String, Vec<String>) {
    let mut cond: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let mut push = |sql: &str, v: String| {
        args.push(v);
        cond.push(sql.replace('?', &format!("?{}", args.len())));
    };
    if let Some(s) = f.state {
        push("f.state = ?", s.code().to_string());
    }
    if let Some(tag) = &f.asset_tag {
        push("a.asset_tag = ?", tag.trim().to_string());
    }
    if let Some(since) = f.since {
        push("f.occurred_at >= ?", stamp(since));
    }
    let sql = if cond.is_empty() { String::new() } else { format!(" WHERE {}", cond.join(" AND ")) };
    (sql, args)
}

/// The query of [`list`] and its arguments.
fn list_sql(f: &FaultFilter) -> (String, Vec<String>) {
    let (cond, args) = where_clause(f);
    let window = super::window::limit_sql(f.limit, f.offset);
    (format!("{SELECT}{cond} ORDER BY f.occurred_at DESC, f.id DESC{window}"), args)
}

/// The faults matching the filter, newest first, within its window.
pub fn list(conn: &Connection, f: &FaultFilter) -> Result<Vec<Fault>> {
    let (sql, args) = list_sql(f);
    conn.prepare_cached(&sql)
        .and_then(|mut s| {
            s.query_map(crate::db::params_from_iter(args.iter()), |r| from_row(r).map(|(_, f)| f))?
                .collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("列出故障登记"))
}

/// How many faults match the filter (its window ignored).
pub fn count(conn: &Connection, f: &FaultFilter) -> Result<i64> {
    let (cond, args) = where_clause(f);
    let join = if f.asset_tag.is_some() { " LEFT JOIN assets a ON a.id = f.asset_id" } else { "" };
    conn.prepare_cached(&format!("SELECT count(*) FROM faults f{join}{cond}"))
        .and_then(|mut s| s.query_row(crate::db::params_from_iter(args.iter()), |r| r.get(0)))
        .map_err(Error::storage("统计故障登记"))
}

/// How many faults are in each state, by the state's code (states without one left out).
pub fn count_by_state(conn: &Connection) -> Result<std::collections::BTreeMap<String, i64>> {
    super::window::count_by_state(conn, "faults").map_err(Error::storage("统计故障登记"))
}

const COLUMNS: &str = "fault_no, kind, occurred_at, source, room, cabinet, asset_id, fault_type, severity,
    description, service_impact, reporter, acknowledged_at, handler, actions, root_cause, recovered_at, state,
    closed_at";

fn values(f: &Fault, asset_id: Option<i64>) -> Vec<Box<dyn ToSql>> {
    vec![
        Box::new(f.fault_no.clone()),
        Box::new(f.kind.code()),
        Box::new(stamp(f.occurred_at)),
        Box::new(f.source.code()),
        Box::new(f.room.clone()),
        Box::new(f.cabinet.clone()),
        Box::new(asset_id),
        Box::new(f.fault_type.map(|t| t.code())),
        Box::new(f.severity.code()),
        Box::new(f.description.clone()),
        Box::new(f.service_impact),
        Box::new(f.reporter.clone()),
        Box::new(stamp_opt(f.acknowledged_at)),
        Box::new(f.handler.clone()),
        Box::new(f.actions.clone()),
        Box::new(f.root_cause.clone()),
        Box::new(stamp_opt(f.recovered_at)),
        Box::new(f.state.code()),
        Box::new(stamp_opt(f.closed_at)),
    ]
}

pub fn insert(conn: &Connection, f: &Fault, asset_id: Option<i64>, at: NaiveDateTime, by: &str) -> Result<i64> {
    let mut vals = values(f, asset_id);
    let n = vals.len();
    vals.push(Box::new(stamp(at)));
    vals.push(Box::new(by.to_string()));
    vals.push(Box::new(stamp(at)));
    vals.push(Box::new(by.to_string()));
    let placeholders: Vec<String> = (1..=n + 4).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO faults ({COLUMNS}, created_at, created_by, updated_at, updated_by) VALUES ({})",
        placeholders.join(", ")
    );
    let params: Vec<&dyn ToSql> = vals.iter().map(|b| b.as_ref()).collect();
    conn.prepare_cached(&sql).and_then(|mut s| s.execute(params.as_slice())).map_err(Error::storage("登记故障"))?;
    Ok(conn.last_insert_rowid())
}

/// Writes every column but the number and the asset (neither changes after registration).
pub fn update(conn: &Connection, id: i64, f: &Fault, at: NaiveDateTime, by: &str) -> Result<()> {
    let cols: Vec<&str> = COLUMNS.split(',').map(str::trim).collect();
    let mut vals = values(f, None);
    let mut sets = Vec::new();
    let mut params: Vec<Box<dyn ToSql>> = Vec::new();
    for (c, v) in cols.iter().zip(vals.drain(..)) {
        if matches!(*c, "fault_no" | "asset_id") {
            continue;
        }
        params.push(v);
        sets.push(format!("{c} = ?{}", params.len()));
    }
    params.push(Box::new(stamp(at)));
    params.push(Box::new(by.to_string()));
    params.push(Box::new(id));
    let n = params.len();
    let sql = format!(
        "UPDATE faults SET {}, updated_at = ?{}, updated_by = ?{} WHERE id = ?{n}",
        sets.join(", "),
        n - 2,
        n - 1
    );
    let refs: Vec<&dyn ToSql> = params.iter().map(|b| b.as_ref()).collect();
    conn.prepare_cached(&sql).and_then(|mut s| s.execute(refs.as_slice())).map_err(Error::storage("更新故障登记"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::window::plan;

    /// A window of the register walks `faults_occurred` or `faults_state` newest first and stops
    /// at the window's end: no sort of the whole table for the order.
    #[test]
    fn a_window_walks_an_index_in_order() {
        let conn = crate::db::open_in_memory().unwrap();
        for (f, index) in [
            (FaultFilter { limit: Some(200), ..Default::default() }, "faults_occurred"),
            (FaultFilter { state: Some(FaultState::Pending), limit: Some(200), ..Default::default() }, "faults_state"),
        ] {
            let (sql, args) = list_sql(&f);
            let p = plan(&conn, &sql, crate::db::params_from_iter(args.iter()));
            eprintln!("{f:?}: {p}");
            assert!(p.contains(&format!("USING INDEX {index}")), "{p}");
            assert!(!p.contains("TEMP B-TREE FOR ORDER BY"), "{p}");
        }
    }
}
