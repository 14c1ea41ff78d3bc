//! Table `cabinets`.

use crate::db::{params, Connection, OptionalExtension, Row};

use crate::error::{Error, Result};
use crate::model::{Cabinet, CabinetDraft};

/// The stored cabinet, with its row id (used by positions).
#[derive(Debug, Clone)]
pub struct CabinetRow {
    pub id: i64,
    pub code: String,
    pub room: String,
    pub u_height: u32,
}

pub fn get(conn: &Connection, code: &str) -> Result<Option<CabinetRow>> {
    conn.query_row(
        "SELECT c.id, c.code, r.name, c.u_height FROM cabinets c JOIN rooms r ON r.id = c.room_id WHERE c.code = ?1",
        [code],
        |r| Ok(CabinetRow { id: r.get(0)?, code: r.get(1)?, room: r.get(2)?, u_height: r.get(3)? }),
    )
    .optional()
    .map_err(Error::storage("查询机柜"))
}

pub fn insert(conn: &Connection, room_id: i64, c: &CabinetDraft) -> Result<i64> {
    conn.execute(
        "INSERT INTO cabinets (code, room_id, row_label, u_height, owner, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![c.code, room_id, c.row, c.u_height, c.owner, c.note],
    )
    .map_err(Error::storage("登记机柜"))?;
    Ok(conn.last_insert_rowid())
}

/// Changes a cabinet's room, row, height, owner and note (its code stays).
pub fn update(conn: &Connection, id: i64, room_id: i64, c: &CabinetDraft) -> Result<()> {
    conn.execute(
        "UPDATE cabinets SET room_id = ?1, row_label = ?2, u_height = ?3, owner = ?4, note = ?5 WHERE id = ?6",
        params![room_id, c.row, c.u_height, c.owner, c.note, id],
    )
    .map_err(Error::storage("修改机柜"))?;
    Ok(())
}

const SELECT: &str = "
    SELECT c.id, c.code, r.name, c.row_label, c.u_height, c.owner, c.note,
           (SELECT count(*) FROM positions p WHERE p.cabinet_id = c.id)
    FROM cabinets c
    JOIN rooms r ON r.id = c.room_id";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, Cabinet)> {
    let u_height: u32 = r.get(4)?;
    Ok((
        r.get(0)?,
        Cabinet {
            code: r.get(1)?,
            room: r.get(2)?,
            row: r.get(3)?,
            u_height,
            owner: r.get(5)?,
            note: r.get(6)?,
            used_u: 0,
            free_u: u_height,
            device_count: r.get(7)?,
        },
    ))
}

/// One cabinet by row id, with its device count.
pub fn one(conn: &Connection, id: i64) -> Result<Option<Cabinet>> {
    conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1"))
        .and_then(|mut s| s.query_row([id], from_row).optional())
        .map(|o| o.map(|(_, c)| c))
        .map_err(Error::storage("查询机柜"))
}

/// Every cabinet (of one room, if given) with its row id, ordered by room, row and code. `used_u` is left 0 for
/// the caller to fill from the rack rules (half-depth pairs share units).
/// The codes of the cabinets (of one room when given), in the order of [`list`]: what a filter
/// offers, without counting each cabinet's devices.
pub fn codes(conn: &Connection, room: Option<&str>) -> Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT c.code FROM cabinets c JOIN rooms r ON r.id = c.room_id
         WHERE (CAST(?1 AS TEXT) IS NULL OR r.name = ?1) ORDER BY r.name, c.row_label, c.code",
    )
    .and_then(|mut s| s.query_map([room], |r| r.get(0))?.collect::<crate::db::SqlResult<Vec<String>>>())
    .map_err(Error::storage("列出机柜"))
}

pub fn list(conn: &Connection, room: Option<&str>) -> Result<Vec<(i64, Cabinet)>> {
    let sql = format!("{SELECT} WHERE (CAST(?1 AS TEXT) IS NULL OR r.name = ?1) ORDER BY r.name, c.row_label, c.code");
    let mut stmt = conn.prepare_cached(&sql).map_err(Error::storage("列出机柜"))?;
    let rows = stmt
        .query_map([room], from_row)
        .and_then(|rows| rows.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出机柜"))?;
    Ok(rows)
}
