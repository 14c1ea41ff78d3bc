//! Table `ports`: the ports of each device, read with the device's position and, through
//! `cable_ends`, the cable on the port and its far end.

use crate::db::{params, Connection, OptionalExtension, Row, ToSql};
use serde::Serialize;

use super::decode;
use crate::error::{Error, Result};
use crate::model::{CableEnd, CableType, Face, Link, Port, PortKind, PortStatus};

/// A port as the port table (端口表) lists it: the port, its device and where the device sits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortRow {
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub asset_name: String,
    #[serde(flatten)]
    pub port: Port,
}

const SELECT: &str = "
    SELECT p.id, a.asset_tag, p.name, p.position, p.kind, p.speed, p.status, p.side, tw.name, p.note,
           c.cable_no, c.cable_type, e.label,
           fa.asset_tag, fa.name, fp.name, fcab.code, fpos.start_u, fe.label,
           r.name, cab.code, pos.start_u, a.name, c.vlan
    FROM ports p
    JOIN assets a ON a.id = p.asset_id
    LEFT JOIN positions pos ON pos.asset_id = a.id
    LEFT JOIN cabinets cab ON cab.id = pos.cabinet_id
    LEFT JOIN rooms r ON r.id = cab.room_id
    LEFT JOIN ports tw ON tw.id = p.pair_id
    LEFT JOIN cable_ends e ON e.port_id = p.id
    LEFT JOIN cables c ON c.id = e.cable_id
    LEFT JOIN cable_ends fe ON fe.cable_id = e.cable_id AND fe.end_no <> e.end_no
    LEFT JOIN ports fp ON fp.id = fe.port_id
    LEFT JOIN assets fa ON fa.id = fp.asset_id
    LEFT JOIN positions fpos ON fpos.asset_id = fa.id
    LEFT JOIN cabinets fcab ON fcab.id = fpos.cabinet_id";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, PortRow)> {
    let side: Option<String> = r.get(7)?;
    let cable_no: Option<String> = r.get(10)?;
    let link = match cable_no {
        Some(cable_no) => Some(Link {
            cable_no,
            cable_type: decode(r.get(11)?, CableType::parse, 11)?,
            label: r.get(12)?,
            vlan: r.get(23)?,
            far: CableEnd {
                asset_tag: r.get(13)?,
                asset_name: r.get(14)?,
                port: r.get(15)?,
                cabinet: r.get(16)?,
                start_u: r.get(17)?,
                label: r.get(18)?,
            },
        }),
        None => None,
    };
    let port = Port {
        asset_tag: r.get(1)?,
        name: r.get(2)?,
        position: r.get(3)?,
        kind: decode(r.get(4)?, PortKind::parse, 4)?,
        speed: r.get(5)?,
        status: decode(r.get(6)?, PortStatus::parse, 6)?,
        side: side.map(|s| decode(s, Face::parse, 7)).transpose()?,
        pair: r.get(8)?,
        note: r.get(9)?,
        link,
    };
    Ok((
        r.get(0)?,
        PortRow { room: r.get(19)?, cabinet: r.get(20)?, start_u: r.get(21)?, asset_name: r.get(22)?, port },
    ))
}

fn query(conn: &Connection, cond: &str, args: &[&dyn ToSql], order: &str) -> Result<Vec<(i64, PortRow)>> {
    conn.prepare_cached(&format!("{SELECT} WHERE {cond} ORDER BY {order}"))
        .and_then(|mut s| s.query_map(args, from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("列出端口"))
}

/// The ports of one device, in faceplate order.
pub fn list_for_asset(conn: &Connection, asset_id: i64) -> Result<Vec<(i64, PortRow)>> {
    query(conn, "p.asset_id = ?1", &[&asset_id], "p.position, p.id")
}

/// The ports of every device racked in a cabinet, top device first.
pub fn list_for_cabinet(conn: &Connection, cabinet_id: i64) -> Result<Vec<(i64, PortRow)>> {
    query(conn, "pos.cabinet_id = ?1", &[&cabinet_id], "pos.start_u DESC, a.asset_tag, p.position, p.id")
}

/// The ports of every device racked in a room.
pub fn list_for_room(conn: &Connection, room_id: i64) -> Result<Vec<(i64, PortRow)>> {
    query(conn, "cab.room_id = ?1", &[&room_id], "cab.code, pos.start_u DESC, a.asset_tag, p.position, p.id")
}

/// Every port of the ledger.
pub fn list_all(conn: &Connection) -> Result<Vec<(i64, PortRow)>> {
    query(conn, "1 = 1", &[], "cab.code IS NULL, cab.code, pos.start_u DESC, a.asset_tag, p.position, p.id")
}

/// One port by its row id.
pub fn by_id(conn: &Connection, id: i64) -> Result<Option<PortRow>> {
    Ok(query(conn, "p.id = ?1", &[&id], "p.id")?.into_iter().next().map(|(_, p)| p))
}

/// What a trace shows of a port: its device, its name and kind, and where the device sits.
#[derive(Debug, Clone, PartialEq)]
pub struct PortBrief {
    pub asset_tag: String,
    pub asset_name: String,
    pub name: String,
    pub kind: PortKind,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
}

/// One port as a trace's hop: four tables, not the port table's thirteen.
pub fn brief(conn: &Connection, id: i64) -> Result<Option<PortBrief>> {
    conn.prepare_cached(
        "SELECT a.asset_tag, a.name, p.name, p.kind, cab.code, pos.start_u FROM ports p
         JOIN assets a ON a.id = p.asset_id
         LEFT JOIN positions pos ON pos.asset_id = a.id
         LEFT JOIN cabinets cab ON cab.id = pos.cabinet_id
         WHERE p.id = ?1",
    )
    .and_then(|mut s| {
        s.query_row([id], |r| {
            Ok(PortBrief {
                asset_tag: r.get(0)?,
                asset_name: r.get(1)?,
                name: r.get(2)?,
                kind: decode(r.get(3)?, PortKind::parse, 3)?,
                cabinet: r.get(4)?,
                start_u: r.get(5)?,
            })
        })
        .optional()
    })
    .map_err(Error::storage("查询端口"))
}

/// The row id of a device's port, by name (exact first, then ignoring case).
pub fn find(conn: &Connection, asset_id: i64, name: &str) -> Result<Option<i64>> {
    let exact = conn
        .prepare_cached("SELECT id FROM ports WHERE asset_id = ?1 AND name = ?2")
        .and_then(|mut s| s.query_row(params![asset_id, name], |r| r.get(0)).optional())
        .map_err(Error::storage("查询端口"))?;
    if exact.is_some() {
        return Ok(exact);
    }
    conn.prepare_cached("SELECT id FROM ports WHERE asset_id = ?1 AND lower(name) = lower(?2) ORDER BY id LIMIT 1")
        .and_then(|mut s| s.query_row(params![asset_id, name], |r| r.get(0)).optional())
        .map_err(Error::storage("查询端口"))
}

/// A port's kind, status and patch-panel twin.
pub fn kind_status_pair(conn: &Connection, id: i64) -> Result<(PortKind, PortStatus, Option<i64>)> {
    conn.prepare_cached("SELECT kind, status, pair_id FROM ports WHERE id = ?1")
        .and_then(|mut s| {
            s.query_row([id], |r| {
                Ok((decode(r.get(0)?, PortKind::parse, 0)?, decode(r.get(1)?, PortStatus::parse, 1)?, r.get(2)?))
            })
        })
        .map_err(Error::storage("查询端口"))
}

/// How many ports the device has.
pub fn count_for_asset(conn: &Connection, asset_id: i64) -> Result<u32> {
    conn.prepare_cached("SELECT count(*) FROM ports WHERE asset_id = ?1")
        .and_then(|mut s| s.query_row([asset_id], |r| r.get(0)))
        .map_err(Error::storage("统计端口"))
}

/// The highest faceplate position on the device (0 when it has no ports).
pub fn max_position(conn: &Connection, asset_id: i64) -> Result<u32> {
    conn.prepare_cached("SELECT coalesce(max(position), 0) FROM ports WHERE asset_id = ?1")
        .and_then(|mut s| s.query_row([asset_id], |r| r.get(0)))
        .map_err(Error::storage("统计端口"))
}

/// A port to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPort {
    pub name: String,
    pub position: u32,
    pub kind: PortKind,
    pub speed: Option<String>,
    pub side: Option<Face>,
}

pub fn insert(conn: &Connection, asset_id: i64, p: &NewPort) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO ports (asset_id, name, position, kind, speed, status, side) VALUES (?1, ?2, ?3, ?4, ?5, 'free', ?6)",
    )
    .and_then(|mut s| s.execute(params![asset_id, p.name, p.position, p.kind.code(), p.speed, p.side.map(Face::code)]))
    .map_err(Error::storage("登记端口"))?;
    Ok(conn.last_insert_rowid())
}

/// Makes two patch-panel ports each other's twin.
pub fn set_pair(conn: &Connection, a: i64, b: i64) -> Result<()> {
    conn.prepare_cached("UPDATE ports SET pair_id = CASE id WHEN ?1 THEN ?2 ELSE ?1 END WHERE id IN (?1, ?2)")
        .and_then(|mut s| s.execute(params![a, b]))
        .map_err(Error::storage("配对配线架端口"))?;
    Ok(())
}

pub fn set_status(conn: &Connection, id: i64, status: PortStatus) -> Result<()> {
    conn.prepare_cached("UPDATE ports SET status = ?1 WHERE id = ?2")
        .and_then(|mut s| s.execute(params![status.code(), id]))
        .map_err(Error::storage("更新端口状态"))?;
    Ok(())
}
