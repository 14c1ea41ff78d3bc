//! Record numbers: every register that numbers its records (faults, repairs, racking and
//! operation requests) draws `PREFIX-YEAR-NNNN` here, counting per year from 0001.

use crate::db::{params, Connection};

use crate::error::{Error, Result};

/// A kind of record that carries a number of the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbered {
    /// 故障/告警登记 (附件3): `GZ-2026-0001`.
    Fault,
    /// 维修单 (附件4): `WX-2026-0001`.
    Repair,
    /// 上架申请 (附件2): `SQ-2026-0001`.
    Request,
    /// 操作申请: `CZ-2026-0001`.
    Operation,
}

impl Numbered {
    pub fn prefix(self) -> &'static str {
        match self {
            Numbered::Fault => "GZ",
            Numbered::Repair => "WX",
            Numbered::Request => "SQ",
            Numbered::Operation => "CZ",
        }
    }

    /// The table and the column holding the number.
    fn column(self) -> (&'static str, &'static str) {
        match self {
            Numbered::Fault => ("faults", "fault_no"),
            Numbered::Repair => ("repairs", "repair_no"),
            Numbered::Request => ("racking_requests", "request_no"),
            Numbered::Operation => ("operation_requests", "op_no"),
        }
    }
}

/// The next number of the year: `GZ-2026-0001`, `WX-2026-0012`. Read inside the writing
/// transaction, which is taken immediately, so two writers never draw the same number.
pub fn next(conn: &Connection, kind: Numbered, year: i32) -> Result<String> {
    let (table, column) = kind.column();
    let prefix = kind.prefix();
    let head = format!("{prefix}-{year}-");
    let sql =
        format!("SELECT max({}) FROM {table} WHERE substr({column}, 1, ?3) = ?1", conn.sql_number_after(column, "?2"));
    let len = head.chars().count() as i64;
    let last: Option<i64> = conn
        .query_row(&sql, params![head, len + 1, len], |r| r.get(0))
        .map_err(Error::storage(format!("生成 {prefix} 编号")))?;
    Ok(format!("{head}{:04}", last.unwrap_or(0) + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_count_per_kind_and_year() {
        // Only the numbered columns matter here.
        let conn = Connection::from(rusqlite::Connection::open_in_memory().unwrap());
        conn.execute_batch("CREATE TABLE operation_requests (op_no TEXT); CREATE TABLE repairs (repair_no TEXT);")
            .unwrap();
        assert_eq!(next(&conn, Numbered::Operation, 2026).unwrap(), "CZ-2026-0001");
        conn.execute_batch("INSERT INTO operation_requests VALUES ('CZ-2026-0009'), ('CZ-2025-0042')").unwrap();
        assert_eq!(next(&conn, Numbered::Operation, 2026).unwrap(), "CZ-2026-0010");
        assert_eq!(next(&conn, Numbered::Operation, 2027).unwrap(), "CZ-2027-0001");
        assert_eq!(next(&conn, Numbered::Repair, 2026).unwrap(), "WX-2026-0001");
    }
}
