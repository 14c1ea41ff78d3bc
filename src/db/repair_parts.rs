//! Table `repair_parts`: the parts replaced in a repair (更换部件), several rows per repair.

use crate::db::{params, Connection};

use super::decode;
use crate::error::{Error, Result};
use crate::model::{PartDisposal, RepairPart};

pub fn insert(conn: &Connection, repair_id: i64, p: &RepairPart) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO repair_parts (repair_id, name, spec, quantity, old_serial, new_serial, disposal)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            repair_id,
            p.name,
            p.spec,
            p.quantity,
            p.old_serial,
            p.new_serial,
            p.disposal.map(|d| d.code())
        ])
    })
    .map_err(Error::storage("写入更换部件"))?;
    Ok(())
}

/// Removes the parts of one repair (an import that rewrites them).
pub fn delete_all(conn: &Connection, repair_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM repair_parts WHERE repair_id = ?1")
        .and_then(|mut s| s.execute([repair_id]))
        .map_err(Error::storage("删除更换部件"))?;
    Ok(())
}

/// The parts of one repair, in the order they were entered.
pub fn list(conn: &Connection, repair_id: i64) -> Result<Vec<RepairPart>> {
    conn.prepare_cached(
        "SELECT name, spec, quantity, old_serial, new_serial, disposal FROM repair_parts
         WHERE repair_id = ?1 ORDER BY id",
    )
    .and_then(|mut s| {
        s.query_map([repair_id], |r| {
            let disposal: Option<String> = r.get(5)?;
            Ok(RepairPart {
                name: r.get(0)?,
                spec: r.get(1)?,
                quantity: r.get(2)?,
                old_serial: r.get(3)?,
                new_serial: r.get(4)?,
                disposal: disposal.map(|d| decode(d, PartDisposal::parse, 5)).transpose()?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("读取更换部件"))
}
