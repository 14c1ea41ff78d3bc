//! Table `positions`: where each racked asset sits.

use std::collections::HashMap;

use crate::db::{params, Connection, Row};

use super::decode;
use crate::error::{Error, Result};
use crate::model::{Depth, Face};
use crate::rack::Mount;

const MOUNTS: &str = "
    SELECT a.asset_tag, a.name, p.start_u, a.u_height, p.face, a.depth, p.cabinet_id
    FROM positions p JOIN assets a ON a.id = p.asset_id";

fn mount(r: &Row<'_>) -> crate::db::SqlResult<(i64, Mount)> {
    Ok((
        r.get(6)?,
        Mount {
            asset_tag: r.get(0)?,
            name: r.get(1)?,
            start_u: r.get(2)?,
            u_height: r.get(3)?,
            face: decode(r.get(4)?, Face::parse, 4)?,
            depth: decode(r.get(5)?, Depth::parse, 5)?,
        },
    ))
}

/// Everything mounted in one cabinet, bottom first.
pub fn mounts(conn: &Connection, cabinet_id: i64) -> Result<Vec<Mount>> {
    conn.prepare_cached(&format!("{MOUNTS} WHERE p.cabinet_id = ?1 ORDER BY p.start_u"))
        .and_then(|mut s| {
            s.query_map([cabinet_id], mount)?.map(|r| r.map(|(_, m)| m)).collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("读取机柜占用"))
}

/// The (start U, height) of every mount (of the cabinets of one room, if given), grouped by
/// cabinet id: one query, and only the two numbers a room map's used units need.
pub fn spans_by_cabinet(conn: &Connection, room_id: Option<i64>) -> Result<HashMap<i64, Vec<(u32, u32)>>> {
    let mut out: HashMap<i64, Vec<(u32, u32)>> = HashMap::new();
    let sql = match room_id {
        // From the room's cabinets (cabinets_room, then positions_cabinet): a room map reads its
        // own room, not the whole site.
        Some(_) => {
            "SELECT p.cabinet_id, p.start_u, a.u_height FROM cabinets c
             JOIN positions p ON p.cabinet_id = c.id JOIN assets a ON a.id = p.asset_id WHERE c.room_id = ?1"
        }
        None => {
            "SELECT p.cabinet_id, p.start_u, a.u_height FROM positions p JOIN assets a ON a.id = p.asset_id
                 WHERE CAST(?1 AS BIGINT) IS NULL"
        }
    };
    let mut stmt = conn.prepare_cached(sql).map_err(Error::storage("读取机柜占用"))?;
    let rows = stmt
        .query_map([room_id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?, r.get::<_, u32>(2)?)))
        .map_err(Error::storage("读取机柜占用"))?;
    for row in rows {
        let (cabinet, start_u, u_height) = row.map_err(Error::storage("读取机柜占用"))?;
        out.entry(cabinet).or_default().push((start_u, u_height));
    }
    Ok(out)
}

/// Sets (inserting or replacing) the asset's position.
pub fn put(conn: &Connection, asset_id: i64, cabinet_id: i64, start_u: u32, face: Face) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO positions (asset_id, cabinet_id, start_u, face) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(asset_id) DO UPDATE SET cabinet_id = excluded.cabinet_id,
             start_u = excluded.start_u, face = excluded.face",
    )
    .and_then(|mut s| s.execute(params![asset_id, cabinet_id, start_u, face.code()]))
    .map_err(Error::storage("写入上架位置"))?;
    Ok(())
}

pub fn delete(conn: &Connection, asset_id: i64) -> Result<()> {
    conn.execute("DELETE FROM positions WHERE asset_id = ?1", [asset_id]).map_err(Error::storage("删除上架位置"))?;
    Ok(())
}
