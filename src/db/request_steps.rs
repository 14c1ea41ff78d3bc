//! Table `request_steps`: the timeline of a racking request, one row per step taken (who, when,
//! as which role, and what the check said then). Rows are only ever added.

use crate::db::{params, Connection};
use chrono::NaiveDateTime;

use super::stamp;
use crate::error::{Error, Result};

/// One step as stored. States and roles are their codes; `check_json` the check of that moment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepRow {
    pub action: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub operator: String,
    pub role: Option<String>,
    pub at: String,
    pub verdict: Option<String>,
    pub check_json: Option<String>,
    pub reason: Option<String>,
    pub opinion: Option<String>,
    pub op_no: Option<String>,
}

pub fn insert(conn: &Connection, request_id: i64, s: &StepRow, at: NaiveDateTime) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO request_steps (request_id, action, from_state, to_state, operator, role, at, verdict,
             check_json, reason, opinion, op_no)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )
    .and_then(|mut st| {
        st.execute(params![
            request_id,
            s.action,
            s.from_state,
            s.to_state,
            s.operator,
            s.role,
            stamp(at),
            s.verdict,
            s.check_json,
            s.reason,
            s.opinion,
            s.op_no
        ])
    })
    .map_err(Error::storage("记录申请步骤"))?;
    Ok(())
}

/// The steps of one request, in the order they were taken.
pub fn list(conn: &Connection, request_id: i64) -> Result<Vec<StepRow>> {
    conn.prepare_cached(
        "SELECT action, from_state, to_state, operator, role, at, verdict, check_json, reason, opinion, op_no
         FROM request_steps WHERE request_id = ?1 ORDER BY id",
    )
    .and_then(|mut st| {
        st.query_map([request_id], |r| {
            Ok(StepRow {
                action: r.get(0)?,
                from_state: r.get(1)?,
                to_state: r.get(2)?,
                operator: r.get(3)?,
                role: r.get(4)?,
                at: r.get(5)?,
                verdict: r.get(6)?,
                check_json: r.get(7)?,
                reason: r.get(8)?,
                opinion: r.get(9)?,
                op_no: r.get(10)?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("读取申请步骤"))
}
