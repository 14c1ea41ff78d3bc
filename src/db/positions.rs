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

/// Rows per multi-row `INSERT` of [`put_many`].
const BATCH: usize = 128;

/// Sets many positions at once — (asset id, cabinet id, start U, face), no asset twice — in
/// one statement per [`BATCH`] rows: a large import's positions without a round trip each.
pub fn put_many(conn: &Connection, rows: &[(i64, i64, u32, Face)]) -> Result<()> {
    static FULL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| many_sql(BATCH));
    for chunk in rows.chunks(BATCH) {
        let sql: std::borrow::Cow<'_, str> =
            if chunk.len() == BATCH { (*FULL).as_str().into() } else { many_sql(chunk.len()).into() };
        let faces: Vec<&str> = chunk.iter().map(|r| r.3.code()).collect();
        let mut values: Vec<&dyn crate::db::ToSql> = Vec::with_capacity(chunk.len() * 4);
        for (r, face) in chunk.iter().zip(&faces) {
            values.extend_from_slice(&[&r.0 as &dyn crate::db::ToSql, &r.1, &r.2, face]);
        }
        conn.prepare_cached(&sql)
            .and_then(|mut s| s.execute(values.as_slice()))
            .map_err(Error::storage("写入上架位置"))?;
    }
    Ok(())
}

/// The upsert of [`put`] for `rows` rows.
fn many_sql(rows: usize) -> String {
    let tuples: Vec<String> = (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=4).map(|c| format!("?{}", r * 4 + c)).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO positions (asset_id, cabinet_id, start_u, face) VALUES {}
         ON CONFLICT(asset_id) DO UPDATE SET cabinet_id = excluded.cabinet_id,
             start_u = excluded.start_u, face = excluded.face",
        tuples.join(", ")
    )
}

pub fn delete(conn: &Connection, asset_id: i64) -> Result<()> {
    conn.execute("DELETE FROM positions WHERE asset_id = ?1", [asset_id]).map_err(Error::storage("删除上架位置"))?;
    Ok(())
}
