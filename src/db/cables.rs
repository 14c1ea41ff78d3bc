//! Tables `cables` and `cable_ends`: a cable and its two ends. `cable_ends.port_id` is unique,
//! so a port never carries two cables, whatever the code above does.

use crate::db::{params, Connection, OptionalExtension, Row};

use super::decode;
use crate::error::{Error, Result};
use crate::model::{Cable, CableEnd, CableType};

const SELECT: &str = "
    SELECT c.id, c.cable_no, c.cable_type, c.length_m, c.colour, c.purpose, c.vlan, c.note,
           e.end_no, e.port_id, e.label, p.name, a.asset_tag, a.name, cab.code, pos.start_u
    FROM cables c
    JOIN cable_ends e ON e.cable_id = c.id
    JOIN ports p ON p.id = e.port_id
    JOIN assets a ON a.id = p.asset_id
    LEFT JOIN positions pos ON pos.asset_id = a.id
    LEFT JOIN cabinets cab ON cab.id = pos.cabinet_id";

/// A stored cable: its row id, the cable, and the port ids of its ends (end 1, end 2).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub id: i64,
    pub cable: Cable,
    pub ports: [i64; 2],
}

type EndRow = (i64, Cable, u8, i64, CableEnd);

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<EndRow> {
    let end = CableEnd {
        asset_tag: r.get(12)?,
        asset_name: r.get(13)?,
        port: r.get(11)?,
        cabinet: r.get(14)?,
        start_u: r.get(15)?,
        label: r.get(10)?,
    };
    let cable = Cable {
        cable_no: r.get(1)?,
        cable_type: decode(r.get(2)?, CableType::parse, 2)?,
        a: end.clone(),
        b: end.clone(),
        length_m: r.get(3)?,
        colour: r.get(4)?,
        purpose: r.get(5)?,
        vlan: r.get(6)?,
        note: r.get(7)?,
    };
    Ok((r.get(0)?, cable, r.get(8)?, r.get(9)?, end))
}

/// Folds the two end rows of each cable (ordered by cable, end) into cables.
fn fold(rows: Vec<EndRow>) -> Vec<Stored> {
    let mut out: Vec<Stored> = Vec::new();
    for (id, cable, end_no, port_id, end) in rows {
        match out.last_mut() {
            Some(s) if s.id == id => {
                if end_no == 2 {
                    s.cable.b = end;
                    s.ports[1] = port_id;
                } else {
                    s.cable.a = end;
                    s.ports[0] = port_id;
                }
            }
            _ => out.push(Stored { id, cable, ports: [port_id, port_id] }),
        }
    }
    out
}

pub fn get(conn: &Connection, cable_no: &str) -> Result<Option<Stored>> {
    let rows = conn
        .prepare_cached(&format!("{SELECT} WHERE c.cable_no = ?1 ORDER BY e.end_no"))
        .and_then(|mut s| s.query_map([cable_no.trim()], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("查询线缆"))?;
    Ok(fold(rows).into_iter().next())
}

/// Every cable, by number.
pub fn list(conn: &Connection) -> Result<Vec<Stored>> {
    let rows = conn
        .prepare_cached(&format!("{SELECT} ORDER BY c.cable_no, c.id, e.end_no"))
        .and_then(|mut s| s.query_map([], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出线缆"))?;
    Ok(fold(rows))
}

/// The cable on a port: its number.
pub fn on_port(conn: &Connection, port_id: i64) -> Result<Option<String>> {
    conn.prepare_cached("SELECT c.cable_no FROM cable_ends e JOIN cables c ON c.id = e.cable_id WHERE e.port_id = ?1")
        .and_then(|mut s| s.query_row([port_id], |r| r.get(0)).optional())
        .map_err(Error::storage("查询端口上的线缆"))
}

/// The port at the other end of the cable on `port_id`.
pub fn far_port(conn: &Connection, port_id: i64) -> Result<Option<(i64, String)>> {
    conn.prepare_cached(
        "SELECT f.port_id, c.cable_no FROM cable_ends e
         JOIN cable_ends f ON f.cable_id = e.cable_id AND f.end_no <> e.end_no
         JOIN cables c ON c.id = e.cable_id
         WHERE e.port_id = ?1",
    )
    .and_then(|mut s| s.query_row([port_id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
    .map_err(Error::storage("查询线缆对端"))
}

/// Whether a cable number is taken.
pub fn exists(conn: &Connection, cable_no: &str) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM cables WHERE cable_no = ?1")
        .and_then(|mut s| s.query_row([cable_no], |_| Ok(())).optional())
        .map(|o| o.is_some())
        .map_err(Error::storage("查询线缆"))
}

/// The next free generated number `XL-000001`, … after the highest one in use.
pub fn next_no(conn: &Connection) -> Result<String> {
    let sql = format!(
        "SELECT max({}) FROM cables WHERE substr(cable_no, 1, 3) = 'XL-'",
        conn.sql_number_after("cable_no", "4")
    );
    let top: Option<i64> = conn
        .prepare_cached(&sql)
        .and_then(|mut s| s.query_row([], |r| r.get(0)))
        .map_err(Error::storage("生成线缆编号"))?;
    Ok(format!("XL-{:06}", top.unwrap_or(0) + 1))
}

/// Inserts a cable and its two ends; the unique port constraint refuses a port already cabled.
pub fn insert(conn: &Connection, c: &Cable, ports: [i64; 2]) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO cables (cable_no, cable_type, length_m, colour, purpose, vlan, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![c.cable_no, c.cable_type.code(), c.length_m, c.colour, c.purpose, c.vlan, c.note])
    })
    .map_err(Error::storage("登记线缆"))?;
    let id = conn.last_insert_rowid();
    insert_ends(conn, id, c, ports)?;
    Ok(id)
}

/// Writes a cable's two ends (end 1 on `ports[0]` labelled `c.a.label`, end 2 on `ports[1]`).
pub fn insert_ends(conn: &Connection, id: i64, c: &Cable, ports: [i64; 2]) -> Result<()> {
    for (end_no, (port, label)) in [(ports[0], &c.a.label), (ports[1], &c.b.label)].into_iter().enumerate() {
        conn.prepare_cached("INSERT INTO cable_ends (cable_id, end_no, port_id, label) VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut s| s.execute(params![id, end_no as i64 + 1, port, label]))
            .map_err(Error::storage("登记线缆端口"))?;
    }
    Ok(())
}

/// Removes a cable's two ends and keeps the cable, for a move: its ports are free until
/// [`insert_ends`] puts the ends back.
pub fn delete_ends(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM cable_ends WHERE cable_id = ?1", [id]).map_err(Error::storage("移动线缆端口"))?;
    Ok(())
}

/// Writes the cable's own fields and both end labels.
pub fn update(conn: &Connection, id: i64, c: &Cable) -> Result<()> {
    conn.execute(
        "UPDATE cables SET cable_type = ?1, length_m = ?2, colour = ?3, purpose = ?4, vlan = ?5, note = ?6
         WHERE id = ?7",
        params![c.cable_type.code(), c.length_m, c.colour, c.purpose, c.vlan, c.note, id],
    )
    .map_err(Error::storage("更新线缆"))?;
    for (end_no, label) in [(1, &c.a.label), (2, &c.b.label)] {
        conn.execute(
            "UPDATE cable_ends SET label = ?1 WHERE cable_id = ?2 AND end_no = ?3",
            params![label, id, end_no],
        )
        .map_err(Error::storage("更新线缆标签"))?;
    }
    Ok(())
}

/// Removes a cable (its ends go with it).
pub fn delete(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM cables WHERE id = ?1", [id]).map_err(Error::storage("删除线缆"))?;
    Ok(())
}
