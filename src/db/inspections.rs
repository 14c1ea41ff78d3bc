//! Tables `inspections`, `inspection_rooms`, `inspection_points` (子表1) and
//! `inspection_devices` (子表2): the daily inspection as stored. Rules live in
//! `ledger::inspections`; this module reads and writes rows.

use crate::db::{params, Connection, OptionalExtension, Row};
use chrono::{NaiveDate, NaiveDateTime};

use super::decode;
use super::stamp::{decode_time, stamp, stamp_opt};
use crate::error::{Error, Result};
use crate::model::{
    Category, DeviceResult, Indicator, Inspection, InspectionDevice, InspectionItem, InspectionPoint, InspectionState,
    PointResult,
};

const SELECT: &str = "
    SELECT i.id, i.inspection_no, i.inspected_on, i.state, i.inspector, i.started_at, i.ended_at, i.reviewer,
           i.reviewed_at, i.opinion, i.version,
           (SELECT string_agg(r.name, '、' ORDER BY ir.seq) FROM inspection_rooms ir
                JOIN rooms r ON r.id = ir.room_id WHERE ir.inspection_id = i.id),
           (SELECT count(*) FROM inspection_devices d WHERE d.inspection_id = i.id AND d.result IS NOT NULL),
           (SELECT count(*) FROM inspection_devices d WHERE d.inspection_id = i.id),
           (SELECT count(*) FROM inspection_points p WHERE p.inspection_id = i.id AND p.result IS NOT NULL),
           (SELECT count(*) FROM inspection_points p WHERE p.inspection_id = i.id),
           (SELECT count(*) FROM inspection_devices d WHERE d.inspection_id = i.id AND d.result IN ('alarm', 'fault'))
    FROM inspections i";

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, Inspection)> {
    let date: String = r.get(2)?;
    let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map_err(|e| crate::db::SqlError::Conversion { column: 2, message: e.to_string() })?;
    let state = decode(r.get(3)?, InspectionState::parse, 3)?;
    let rooms: Option<String> = r.get(11)?;
    let count = |i: usize| -> crate::db::SqlResult<u32> { Ok(u32::try_from(r.get::<_, i64>(i)?).unwrap_or(u32::MAX)) };
    Ok((
        r.get(0)?,
        Inspection {
            inspection_no: r.get(1)?,
            date,
            rooms: rooms.map(|s| s.split('、').map(str::to_string).collect()).unwrap_or_default(),
            state,
            inspector: r.get(4)?,
            started_at: decode_time(r.get(5)?, 5)?.unwrap_or_default(),
            ended_at: decode_time(r.get(6)?, 6)?,
            reviewer: r.get(7)?,
            reviewed_at: decode_time(r.get(8)?, 8)?,
            opinion: r.get(9)?,
            version: r.get(10)?,
            devices_marked: count(12)?,
            devices_total: count(13)?,
            points_marked: count(14)?,
            points_total: count(15)?,
            findings: count(16)?,
            actions: state.actions(),
        },
    ))
}

pub fn get(conn: &Connection, no: &str) -> Result<Option<(i64, Inspection)>> {
    conn.prepare_cached(&format!("{SELECT} WHERE i.inspection_no = ?1"))
        .and_then(|mut s| s.query_row([no.trim()], from_row).optional())
        .map_err(Error::storage("查询巡检记录"))
}

/// The inspections, newest first (by date, then number), at most `limit`.
pub fn list(conn: &Connection, limit: u32) -> Result<Vec<Inspection>> {
    conn.prepare_cached(&format!("{SELECT} ORDER BY i.inspected_on DESC, i.id DESC LIMIT ?1"))
        .and_then(|mut s| {
            s.query_map([limit], |r| from_row(r).map(|(_, i)| i))?.collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("列出巡检记录"))
}

/// The inspections of one date that walk a room, oldest first.
pub fn of_day_and_room(conn: &Connection, date: NaiveDate, room_id: i64) -> Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT i.inspection_no FROM inspections i JOIN inspection_rooms ir ON ir.inspection_id = i.id
         WHERE i.inspected_on = ?1 AND ir.room_id = ?2 ORDER BY i.id",
    )
    .and_then(|mut s| {
        s.query_map(params![date.format("%Y-%m-%d").to_string(), room_id], |r| r.get(0))?
            .collect::<crate::db::SqlResult<Vec<String>>>()
    })
    .map_err(Error::storage("查询巡检记录"))
}

/// The day's last sequence number under `head` (`XJ-20261207-`), read inside the writing
/// transaction so two writers never draw the same number.
pub fn last_of_day(conn: &Connection, head: &str) -> Result<Option<i64>> {
    let len = head.chars().count() as i64;
    conn.query_row(
        &format!(
            "SELECT max({}) FROM inspections WHERE substr(inspection_no, 1, ?3) = ?1",
            conn.sql_number_after("inspection_no", "?2")
        ),
        params![head, len + 1, len],
        |r| r.get(0),
    )
    .map_err(Error::storage("生成巡检单号"))
}

pub fn insert(conn: &Connection, i: &Inspection, at: NaiveDateTime, by: &str) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO inspections (inspection_no, inspected_on, state, inspector, started_at, version,
             created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            i.inspection_no,
            i.date.format("%Y-%m-%d").to_string(),
            i.state.code(),
            i.inspector,
            stamp(i.started_at),
            stamp(at),
            by
        ])
    })
    .map_err(Error::storage("登记巡检"))?;
    Ok(conn.last_insert_rowid())
}

pub fn add_room(conn: &Connection, inspection_id: i64, room_id: i64, seq: u32) -> Result<()> {
    conn.prepare_cached("INSERT INTO inspection_rooms (inspection_id, room_id, seq) VALUES (?1, ?2, ?3)")
        .and_then(|mut s| s.execute(params![inspection_id, room_id, seq]))
        .map_err(Error::storage("登记巡检机房"))?;
    Ok(())
}

/// The room ids an inspection walks.
pub fn room_ids(conn: &Connection, inspection_id: i64) -> Result<Vec<i64>> {
    conn.prepare_cached("SELECT room_id FROM inspection_rooms WHERE inspection_id = ?1 ORDER BY seq")
        .and_then(|mut s| s.query_map([inspection_id], |r| r.get(0))?.collect::<crate::db::SqlResult<Vec<i64>>>())
        .map_err(Error::storage("查询巡检机房"))
}

/// Writes the head's changing columns (state, end, review) and counts a new version.
pub fn update(conn: &Connection, id: i64, i: &Inspection, at: NaiveDateTime, by: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE inspections SET state = ?1, ended_at = ?2, reviewer = ?3, reviewed_at = ?4, opinion = ?5,
             version = version + 1, updated_at = ?6, updated_by = ?7 WHERE id = ?8",
    )
    .and_then(|mut s| {
        s.execute(params![
            i.state.code(),
            stamp_opt(i.ended_at),
            i.reviewer,
            stamp_opt(i.reviewed_at),
            i.opinion,
            stamp(at),
            by,
            id
        ])
    })
    .map_err(Error::storage("更新巡检记录"))?;
    Ok(())
}

/// A mark changed a row: the inspection counts a new version.
pub fn touch(conn: &Connection, id: i64, at: NaiveDateTime, by: &str) -> Result<()> {
    conn.prepare_cached("UPDATE inspections SET version = version + 1, updated_at = ?1, updated_by = ?2 WHERE id = ?3")
        .and_then(|mut s| s.execute(params![stamp(at), by, id]))
        .map_err(Error::storage("更新巡检记录"))?;
    Ok(())
}

/// A device racked in a room, as 子表2 prefills it.
pub struct Racked {
    pub asset_id: i64,
    pub room: String,
    pub cabinet: String,
    pub start_u: u32,
    pub u_height: u32,
}

/// Every device racked in a room, cabinet by cabinet (row, then code), top U first within a
/// cabinet; devices on the same U (front and rear) by tag.
pub fn racked_in_room(conn: &Connection, room_id: i64) -> Result<Vec<Racked>> {
    conn.prepare_cached(
        "SELECT a.id, r.name, c.code, p.start_u, a.u_height FROM positions p
         JOIN assets a ON a.id = p.asset_id JOIN cabinets c ON c.id = p.cabinet_id JOIN rooms r ON r.id = c.room_id
         WHERE c.room_id = ?1
         ORDER BY coalesce(c.row_label, ''), c.code, p.start_u DESC, a.asset_tag",
    )
    .and_then(|mut s| {
        s.query_map([room_id], |r| {
            Ok(Racked {
                asset_id: r.get(0)?,
                room: r.get(1)?,
                cabinet: r.get(2)?,
                start_u: r.get(3)?,
                u_height: r.get(4)?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("查询机房内设备"))
}

pub fn insert_device(conn: &Connection, inspection_id: i64, seq: u32, d: &Racked) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inspection_devices (inspection_id, seq, room, cabinet, start_u, u_height, asset_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| s.execute(params![inspection_id, seq, d.room, d.cabinet, d.start_u, d.u_height, d.asset_id]))
    .map_err(Error::storage("登记巡检设备"))?;
    Ok(())
}

/// One check point of a room, as 子表1 prefills it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointDraft {
    pub item: InspectionItem,
    pub point: String,
    pub standard: Option<String>,
}

pub fn insert_point(conn: &Connection, inspection_id: i64, seq: u32, room: &str, p: &PointDraft) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inspection_points (inspection_id, seq, room, item, point, standard)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
    )
    .and_then(|mut s| s.execute(params![inspection_id, seq, room, p.item.code(), p.point, p.standard]))
    .map_err(Error::storage("登记巡检检查点"))?;
    Ok(())
}

fn opt_enum<T>(v: Option<String>, parse: fn(&str) -> Option<T>, column: usize) -> crate::db::SqlResult<Option<T>> {
    v.map(|s| decode(s, parse, column)).transpose()
}

const DEVICE_SELECT: &str = "
    SELECT d.id, d.seq, d.room, d.cabinet, d.start_u, d.u_height, a.asset_tag, a.name, a.category, a.owner,
           d.power, d.disk, d.fan, d.net, d.result, d.description, f.fault_no, d.note, d.marked_at, d.marked_by,
           d.asset_id
    FROM inspection_devices d JOIN assets a ON a.id = d.asset_id LEFT JOIN faults f ON f.id = d.fault_id";

fn device_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, InspectionDevice)> {
    Ok((
        r.get(0)?,
        InspectionDevice {
            seq: r.get(1)?,
            room: r.get(2)?,
            cabinet: r.get(3)?,
            start_u: r.get(4)?,
            u_height: r.get(5)?,
            asset_tag: r.get(6)?,
            name: r.get(7)?,
            category: decode(r.get(8)?, Category::parse, 8)?,
            owner: r.get(9)?,
            power: opt_enum(r.get(10)?, Indicator::parse, 10)?,
            disk: opt_enum(r.get(11)?, Indicator::parse, 11)?,
            fan: opt_enum(r.get(12)?, Indicator::parse, 12)?,
            net: opt_enum(r.get(13)?, Indicator::parse, 13)?,
            result: opt_enum(r.get(14)?, DeviceResult::parse, 14)?,
            description: r.get(15)?,
            fault_no: r.get(16)?,
            note: r.get(17)?,
            marked_at: decode_time(r.get(18)?, 18)?,
            marked_by: r.get(19)?,
        },
    ))
}

/// The devices of 子表2 in walking order, with their row ids.
pub fn devices(conn: &Connection, inspection_id: i64) -> Result<Vec<(i64, InspectionDevice)>> {
    conn.prepare_cached(&format!("{DEVICE_SELECT} WHERE d.inspection_id = ?1 ORDER BY d.seq"))
        .and_then(|mut s| s.query_map([inspection_id], device_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("查询巡检设备"))
}

/// Writes a device's marks; a fault once linked stays linked (`fault_id` None keeps it).
pub fn update_device(
    conn: &Connection,
    row_id: i64,
    d: &InspectionDevice,
    fault_id: Option<i64>,
    at: NaiveDateTime,
    by: &str,
) -> Result<()> {
    let code = |i: Option<Indicator>| i.map(|i| i.code());
    conn.prepare_cached(
        "UPDATE inspection_devices SET power = ?1, disk = ?2, fan = ?3, net = ?4, result = ?5, description = ?6,
             fault_id = coalesce(?7, fault_id), note = ?8, marked_at = ?9, marked_by = ?10 WHERE id = ?11",
    )
    .and_then(|mut s| {
        s.execute(params![
            code(d.power),
            code(d.disk),
            code(d.fan),
            code(d.net),
            d.result.map(|r| r.code()),
            d.description,
            fault_id,
            d.note,
            stamp(at),
            by,
            row_id
        ])
    })
    .map_err(Error::storage("标记巡检设备"))?;
    Ok(())
}

const POINT_SELECT: &str = "
    SELECT p.id, p.seq, p.room, p.item, p.point, p.standard, p.reading, p.result, p.description, p.handling,
           f.fault_no, p.note, p.marked_at, p.marked_by
    FROM inspection_points p LEFT JOIN faults f ON f.id = p.fault_id";

fn point_row(r: &Row<'_>) -> crate::db::SqlResult<(i64, InspectionPoint)> {
    Ok((
        r.get(0)?,
        InspectionPoint {
            seq: r.get(1)?,
            room: r.get(2)?,
            item: decode(r.get(3)?, InspectionItem::parse, 3)?,
            point: r.get(4)?,
            standard: r.get(5)?,
            reading: r.get(6)?,
            result: opt_enum(r.get(7)?, PointResult::parse, 7)?,
            description: r.get(8)?,
            handling: r.get(9)?,
            fault_no: r.get(10)?,
            note: r.get(11)?,
            marked_at: decode_time(r.get(12)?, 12)?,
            marked_by: r.get(13)?,
        },
    ))
}

/// The check points of 子表1 in order, with their row ids.
pub fn points(conn: &Connection, inspection_id: i64) -> Result<Vec<(i64, InspectionPoint)>> {
    conn.prepare_cached(&format!("{POINT_SELECT} WHERE p.inspection_id = ?1 ORDER BY p.seq, p.id"))
        .and_then(|mut s| s.query_map([inspection_id], point_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
        .map_err(Error::storage("查询巡检检查点"))
}

/// Writes a check point's marks (inserting it when the inspection did not list it); a fault once
/// linked stays linked.
pub fn upsert_point(
    conn: &Connection,
    inspection_id: i64,
    p: &InspectionPoint,
    fault_id: Option<i64>,
    at: NaiveDateTime,
    by: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO inspection_points (inspection_id, seq, room, item, point, standard, reading, result, description,
             handling, fault_id, note, marked_at, marked_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (inspection_id, room, item, point) DO UPDATE SET reading = excluded.reading,
             result = excluded.result, description = excluded.description, handling = excluded.handling,
             fault_id = coalesce(excluded.fault_id, inspection_points.fault_id), note = excluded.note,
             marked_at = excluded.marked_at, marked_by = excluded.marked_by",
    )
    .and_then(|mut s| {
        s.execute(params![
            inspection_id,
            p.seq,
            p.room,
            p.item.code(),
            p.point,
            p.standard,
            p.reading,
            p.result.map(|r| r.code()),
            p.description,
            p.handling,
            fault_id,
            p.note,
            stamp(at),
            by
        ])
    })
    .map_err(Error::storage("标记巡检检查点"))?;
    Ok(())
}

/// The finished (submitted or reviewed) inspection before `id` that walked any of `room_ids`,
/// latest date first, then latest; one left started is not "the previous inspection".
pub fn previous(conn: &Connection, id: i64, date: NaiveDate, room_ids: &[i64]) -> Result<Option<(i64, String)>> {
    let list = room_ids.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(",");
    // The ids are integers read from the database, so joining them into the SQL is safe.
    let sql = format!(
        "SELECT i.id, i.inspection_no FROM inspections i WHERE i.id <> ?1 AND i.inspected_on <= ?2
           AND i.state IN ('submitted', 'reviewed')
           AND (i.inspected_on < ?2 OR i.id < ?1)
           AND EXISTS (SELECT 1 FROM inspection_rooms ir WHERE ir.inspection_id = i.id AND ir.room_id IN ({list}))
         ORDER BY i.inspected_on DESC, i.id DESC LIMIT 1"
    );
    conn.query_row(&sql, params![id, date.format("%Y-%m-%d").to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(Error::storage("查询上次巡检"))
}

/// The numbers of the faults an inspection filed, devices first, in walking order.
pub fn fault_nos(conn: &Connection, inspection_id: i64) -> Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT f.fault_no FROM (
             SELECT 0 AS part, seq, fault_id FROM inspection_devices WHERE inspection_id = ?1 AND fault_id IS NOT NULL
             UNION ALL
             SELECT 1, seq, fault_id FROM inspection_points WHERE inspection_id = ?1 AND fault_id IS NOT NULL
         ) x JOIN faults f ON f.id = x.fault_id ORDER BY x.part, x.seq",
    )
    .and_then(|mut s| s.query_map([inspection_id], |r| r.get(0))?.collect::<crate::db::SqlResult<Vec<String>>>())
    .map_err(Error::storage("查询巡检发现的故障"))
}
