//! The daily inspection (附件1, rules §4.2.1): starting one over a date and rooms (子表1 prefilled
//! with each room's check points, 子表2 with every racked device, cabinet by cabinet), marking
//! devices and points, submitting, and the 运维总监's review.
//!
//! A device marked 告警 or 故障 (a point marked 异常) files a 附件3 record through the fault
//! register's own [`file_fault`], in the same transaction as the mark, and the row keeps the
//! record's id: the row shows the fault's number, the fault shows the inspection's. Every change
//! is audited (entities `inspection`, `inspection_device`, `inspection_point`).
//!
//! Walking order: a cabinet's devices are listed top U first. The engineer reads a cabinet the
//! way its elevation is drawn on screen and on the labels' sheet — from the top down, like a
//! page — and the top of a cabinet is at eye level, where one starts looking.

use crate::db::Connection;
use crate::roles::Area;
use chrono::NaiveDate;

use super::faults::{audit_fault, file_fault};
use super::{audit_entity, commit, Ctx, FaultDraft, Ledger};
use crate::db::{self, inspections::PointDraft};
use crate::error::{Error, Result};
use crate::model::{
    number_head, Category, DeviceResult, Fault, FaultKind, FaultSource, FaultState, FaultType, Indicator, Inspection,
    InspectionDetail, InspectionDevice, InspectionItem, InspectionPoint, InspectionState, PointResult, Severity,
};

/// The setting that lists the check points of 子表1: `inspection.points` for every room, and
/// `inspection.points.<机房>` for one room. Entries are `巡检项|检查点|标准`, one per line or
/// separated by `;`.
pub const POINTS_KEY: &str = "inspection.points";

/// Which inspection a filled 附件1 marks: one that exists, or a new one of a date and rooms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectionTarget {
    Existing(String),
    New(NaiveDate, Vec<String>),
}

/// Which sub-table a refused mark was on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkPart {
    Point,
    Device,
}

/// A mark the ledger refused: the sub-table, the index in the list given, and why.
#[derive(Debug)]
pub struct MarkFailure {
    pub part: MarkPart,
    pub index: usize,
    pub error: Error,
}

/// What [`Ledger::apply_inspection_marks`] did (or, refused or dry, would have done).
#[derive(Debug)]
pub struct MarksApplied {
    /// The inspection marked; None for a new one not kept (a dry run or a refusal).
    pub inspection_no: Option<String>,
    /// (changed, unchanged) check points and devices.
    pub points: (usize, usize),
    pub devices: (usize, usize),
    pub failed: Vec<MarkFailure>,
}

/// A database failure ends the whole call; any other error is the row's problem.
fn row_error(e: Error) -> Result<Error> {
    match e {
        Error::Storage { .. } | Error::Busy { .. } => Err(e),
        other => Ok(other),
    }
}

/// What marking a device says.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct DeviceMark {
    pub result: Option<DeviceResult>,
    /// 异常描述: required for 告警 and 故障.
    pub description: Option<String>,
    pub power: Option<Indicator>,
    pub disk: Option<Indicator>,
    pub fan: Option<Indicator>,
    pub net: Option<Indicator>,
    /// 备注.
    pub note: Option<String>,
}

/// What marking a check point says. `room` may be left out when the inspection walks one room
/// or the point names one row of 子表1.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PointMark {
    pub room: Option<String>,
    pub item: Option<InspectionItem>,
    pub point: String,
    pub reading: Option<String>,
    /// 正常 when not given.
    pub result: Option<PointResult>,
    /// 异常描述: required for 异常.
    pub description: Option<String>,
    pub handling: Option<String>,
    pub note: Option<String>,
}

/// The answer to a mark: the inspection now, the rows changed, and the fault filed (if any).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Marked {
    pub inspection: Inspection,
    pub devices: Vec<InspectionDevice>,
    pub points: Vec<InspectionPoint>,
    /// The 附件3 record this mark filed.
    pub fault_no: Option<String>,
    /// Devices of the cabinet left as they were because they were marked already.
    pub skipped: u32,
}

fn text(v: Option<&str>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The default check points of a room (templates.md, 子表1): one per 巡检项, and one 列头柜 point
/// per row-head cabinet of the room.
pub fn default_points(row_heads: &[String]) -> Vec<PointDraft> {
    let p = |item, point: &str, standard: &str| PointDraft {
        item,
        point: point.to_string(),
        standard: Some(standard.to_string()),
    };
    use InspectionItem::*;
    let mut v = vec![
        p(Temperature, "冷通道", "18–27 ℃"),
        p(Humidity, "冷通道", "≤ 60 %RH"),
        p(Mains, "市电输入", "380 V ±10 %"),
        p(Ups, "UPS", "运行正常，无告警"),
        p(Cooling, "精密空调", "运行正常，无告警"),
    ];
    v.extend(row_heads.iter().map(|h| p(RowHead, h, "无告警，负载低于预警线")));
    v.extend([
        p(Fire, "消防主机", "无报警"),
        p(Access, "门禁", "正常"),
        p(Leak, "漏水检测", "无漏水"),
        p(Lighting, "照明", "正常"),
    ]);
    v
}

/// Parses the value of [`POINTS_KEY`]: `巡检项|检查点|标准` entries, one per line or `;`.
pub fn parse_points(value: &str) -> std::result::Result<Vec<PointDraft>, String> {
    let mut out = Vec::new();
    for entry in value.split(['\n', ';', '；']).map(str::trim).filter(|e| !e.is_empty()) {
        let mut parts = entry.split('|').map(str::trim);
        let item = parts.next().unwrap_or_default();
        let item = InspectionItem::parse(item)
            .ok_or_else(|| format!("“{entry}”的巡检项“{item}”无效，可选：{}", InspectionItem::choices()))?;
        let point = parts.next().filter(|p| !p.is_empty()).ok_or_else(|| format!("“{entry}”缺少检查点"))?;
        let standard = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
        out.push(PointDraft { item, point: point.to_string(), standard });
    }
    if out.is_empty() {
        return Err("至少需要一个检查点（巡检项|检查点|标准）".into());
    }
    Ok(out)
}

/// Checks a setting of the inspection: `Some` when `key` is one of them.
pub(crate) fn check_setting(key: &str, value: &str) -> Option<Result<String>> {
    if key != POINTS_KEY && !key.starts_with(&format!("{POINTS_KEY}.")) {
        return None;
    }
    Some(
        parse_points(value)
            .map(|points| {
                points
                    .iter()
                    .map(|p| format!("{}|{}|{}", p.item.label_zh(), p.point, p.standard.clone().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .map_err(|reason| Error::InvalidValue { field: key.into(), value: value.into(), reason }),
    )
}

/// The check points of a room: its own setting, else the global one, else the defaults.
fn room_points(conn: &Connection, room_id: i64, room: &str) -> Result<Vec<PointDraft>> {
    for key in [format!("{POINTS_KEY}.{room}"), POINTS_KEY.to_string()] {
        if let Some(v) = db::settings::get(conn, &key)? {
            return parse_points(&v).map_err(|reason| Error::InvalidValue { field: key.clone(), value: v, reason });
        }
    }
    let mut heads: Vec<String> = db::row_heads::list(conn)?
        .into_iter()
        .filter(|(_, h)| db::rooms::get_id(conn, &h.room).ok().flatten() == Some(room_id))
        .map(|(_, h)| h.code)
        .collect();
    heads.sort();
    Ok(default_points(&heads))
}

/// The 故障类型 a device's category suggests for the record an inspection files.
fn fault_type_of(c: Category) -> FaultType {
    match c {
        Category::Server => FaultType::Server,
        Category::Storage => FaultType::Storage,
        Category::Switch | Category::Router | Category::LoadBalancer | Category::FcSwitch | Category::PatchPanel => {
            FaultType::Network
        }
        Category::Firewall | Category::Security => FaultType::Security,
        Category::Pdu => FaultType::Power,
        Category::Other => FaultType::Other,
    }
}

fn fault_type_of_item(i: InspectionItem) -> FaultType {
    match i {
        InspectionItem::Temperature | InspectionItem::Humidity | InspectionItem::Cooling => FaultType::Cooling,
        InspectionItem::Mains | InspectionItem::Ups | InspectionItem::RowHead => FaultType::Power,
        _ => FaultType::Other,
    }
}

fn get(conn: &Connection, no: &str) -> Result<(i64, Inspection)> {
    db::inspections::get(conn, no)?.ok_or_else(|| Error::InspectionNotFound { no: no.trim().to_string() })
}

/// Refuses anything but marking a started inspection.
fn markable(i: &Inspection) -> Result<()> {
    if i.state != InspectionState::Started {
        return Err(Error::InspectionClosed { no: i.inspection_no.clone(), state: i.state });
    }
    Ok(())
}

/// Links a filed fault to the inspection in its audit record (the fault shows its inspection).
fn link_fault(tx: &Connection, ctx: &Ctx, fault: &Fault, no: &str) -> Result<String> {
    let mut after = fault.clone();
    after.inspection_no = Some(no.to_string());
    audit_fault(tx, ctx, "fault.link_inspection", Some(fault), &after)?;
    Ok(after.fault_no)
}

/// Marks one device row inside the caller's transaction; returns the row after and the fault
/// it filed. A row that already has a fault keeps it and files no second one.
pub(crate) fn mark_device_in(
    tx: &Connection,
    ctx: &Ctx,
    insp: &(i64, Inspection),
    row: &(i64, InspectionDevice),
    mark: &DeviceMark,
) -> Result<(InspectionDevice, Option<String>)> {
    let (id, inspection) = insp;
    let (row_id, before) = row;
    let result = mark.result.unwrap_or(DeviceResult::Normal);
    let description = text(mark.description.as_deref());
    if result.is_finding() && description.is_none() {
        return Err(Error::FindingNeedsDescription {
            what: before.asset_tag.clone(),
            result: result.label_zh().to_string(),
        });
    }
    let mut after = before.clone();
    after.result = Some(result);
    after.description = description.clone();
    after.power = mark.power;
    after.disk = mark.disk;
    after.fan = mark.fan;
    after.net = mark.net;
    after.note = text(mark.note.as_deref());
    after.marked_at = Some(ctx.now);
    after.marked_by = Some(ctx.operator.clone());
    let mut filed = None;
    let mut fault_id = None;
    if result.is_finding() && before.fault_no.is_none() {
        let draft = FaultDraft {
            kind: if result == DeviceResult::Alarm { FaultKind::Alarm } else { FaultKind::Fault },
            source: FaultSource::Inspection,
            // A finding on a walk is a single device: 三级 for a fault, 四级 for an alarm,
            // raised later by whoever handles it.
            severity: if result == DeviceResult::Alarm { Severity::Level4 } else { Severity::Level3 },
            description: description.clone().unwrap_or_default(),
            asset_tag: Some(before.asset_tag.clone()),
            room: Some(before.room.clone()),
            cabinet: Some(before.cabinet.clone()),
            fault_type: Some(fault_type_of(before.category)),
            service_impact: false,
            occurred_at: Some(ctx.now),
            reporter: Some(ctx.operator.clone()),
            close: false,
        };
        let (fid, fault) = file_fault(tx, ctx, &draft)?;
        fault_id = Some(fid);
        let no = link_fault(tx, ctx, &fault, &inspection.inspection_no)?;
        after.fault_no = Some(no.clone());
        filed = Some(no);
    }
    db::inspections::update_device(tx, *row_id, &after, fault_id, ctx.now, &ctx.operator)?;
    let key = format!("{}/{}", inspection.inspection_no, before.asset_tag);
    audit_entity(tx, ctx, "inspection.mark", "inspection_device", &key, Some(before), &after, None)?;
    db::inspections::touch(tx, *id, ctx.now, &ctx.operator)?;
    Ok((after, filed))
}

/// Marks one check point inside the caller's transaction.
pub(crate) fn mark_point_in(
    tx: &Connection,
    ctx: &Ctx,
    insp: &(i64, Inspection),
    mark: &PointMark,
) -> Result<(InspectionPoint, Option<String>)> {
    let (id, inspection) = insp;
    let point = mark.point.trim();
    if point.is_empty() {
        return Err(Error::MissingField { field: "检查点".into() });
    }
    let room = text(mark.room.as_deref());
    let rows = db::inspections::points(tx, *id)?;
    let hits: Vec<&(i64, InspectionPoint)> = rows
        .iter()
        .filter(|(_, p)| {
            p.point == point && mark.item.is_none_or(|i| i == p.item) && room.as_ref().is_none_or(|r| *r == p.room)
        })
        .collect();
    let before = match hits.as_slice() {
        [one] => Some(one.1.clone()),
        [] => None,
        _ => {
            return Err(Error::InspectionPointAmbiguous {
                point: point.to_string(),
                rooms: hits.iter().map(|(_, p)| format!("{}/{}", p.room, p.item.label_zh())).collect(),
            })
        }
    };
    let mut after = match &before {
        Some(p) => p.clone(),
        None => {
            // A point not in the list is added to it: the room must be one of the inspection's.
            let room = match room {
                Some(r) if inspection.rooms.contains(&r) => r,
                Some(r) => return Err(Error::RoomNotInInspection { no: inspection.inspection_no.clone(), room: r }),
                None if inspection.rooms.len() == 1 => inspection.rooms[0].clone(),
                None => return Err(Error::MissingField { field: "机房".into() }),
            };
            let item = mark.item.ok_or_else(|| Error::MissingField { field: "巡检项".into() })?;
            InspectionPoint {
                seq: rows.iter().map(|(_, p)| p.seq).max().unwrap_or(0) + 1,
                room,
                item,
                point: point.to_string(),
                standard: None,
                reading: None,
                result: None,
                description: None,
                handling: None,
                fault_no: None,
                note: None,
                marked_at: None,
                marked_by: None,
            }
        }
    };
    let result = mark.result.unwrap_or(PointResult::Normal);
    let description = text(mark.description.as_deref());
    if result == PointResult::Abnormal && description.is_none() {
        return Err(Error::FindingNeedsDescription { what: point.to_string(), result: result.label_zh().to_string() });
    }
    after.result = Some(result);
    after.reading = text(mark.reading.as_deref());
    after.description = description.clone();
    after.handling = text(mark.handling.as_deref());
    after.note = text(mark.note.as_deref());
    after.marked_at = Some(ctx.now);
    after.marked_by = Some(ctx.operator.clone());
    let mut filed = None;
    let mut fault_id = None;
    if result == PointResult::Abnormal && after.fault_no.is_none() {
        let draft = FaultDraft {
            kind: FaultKind::Alarm,
            source: FaultSource::Inspection,
            severity: Severity::Level3,
            description: format!("{}：{}", after.point, description.clone().unwrap_or_default()),
            asset_tag: None,
            room: Some(after.room.clone()),
            cabinet: None,
            fault_type: Some(fault_type_of_item(after.item)),
            service_impact: false,
            occurred_at: Some(ctx.now),
            reporter: Some(ctx.operator.clone()),
            close: false,
        };
        let (fid, fault) = file_fault(tx, ctx, &draft)?;
        fault_id = Some(fid);
        let no = link_fault(tx, ctx, &fault, &inspection.inspection_no)?;
        after.fault_no = Some(no.clone());
        filed = Some(no);
    }
    db::inspections::upsert_point(tx, *id, &after, fault_id, ctx.now, &ctx.operator)?;
    let key = format!("{}/{}/{}/{}", inspection.inspection_no, after.room, after.item.label_zh(), after.point);
    audit_entity(tx, ctx, "inspection.point", "inspection_point", &key, before.as_ref(), &after, None)?;
    db::inspections::touch(tx, *id, ctx.now, &ctx.operator)?;
    Ok((after, filed))
}

/// Starts an inspection inside the caller's transaction.
pub(crate) fn start_in(tx: &Connection, ctx: &Ctx, rooms: &[String], date: NaiveDate) -> Result<(i64, Inspection)> {
    let mut names: Vec<String> = Vec::new();
    for r in rooms.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        if !names.iter().any(|n| n == r) {
            names.push(r.to_string());
        }
    }
    if names.is_empty() {
        return Err(Error::MissingField { field: "机房".into() });
    }
    let mut ids = Vec::new();
    for name in &names {
        ids.push(db::rooms::get_id(tx, name)?.ok_or_else(|| Error::RoomNotFound { name: name.clone() })?);
    }
    let head = number_head(date);
    let no = crate::model::inspection_number(date, db::inspections::last_of_day(tx, &head)?);
    let mut insp = Inspection {
        inspection_no: no.clone(),
        date,
        rooms: names.clone(),
        state: InspectionState::Started,
        inspector: ctx.operator.clone(),
        started_at: ctx.now,
        ended_at: None,
        reviewer: None,
        reviewed_at: None,
        opinion: None,
        version: 1,
        devices_marked: 0,
        devices_total: 0,
        points_marked: 0,
        points_total: 0,
        findings: 0,
        actions: InspectionState::Started.actions(),
    };
    let id = db::inspections::insert(tx, &insp, ctx.now, &ctx.operator)?;
    let (mut pseq, mut dseq) = (0u32, 0u32);
    for (i, (name, room_id)) in names.iter().zip(&ids).enumerate() {
        db::inspections::add_room(tx, id, *room_id, i as u32 + 1)?;
        for p in room_points(tx, *room_id, name)? {
            pseq += 1;
            db::inspections::insert_point(tx, id, pseq, name, &p)?;
        }
        for d in db::inspections::racked_in_room(tx, *room_id)? {
            dseq += 1;
            db::inspections::insert_device(tx, id, dseq, &d)?;
        }
    }
    insp = get(tx, &no)?.1;
    audit_entity(tx, ctx, "inspection.start", "inspection", &no, None, &insp, None)?;
    Ok((id, insp))
}

/// Where the unmarked devices are: each cabinet with how many, in walking order.
fn unmarked_places(devices: &[(i64, InspectionDevice)]) -> Vec<(String, u32)> {
    let mut places: Vec<(String, u32)> = Vec::new();
    for (_, d) in devices.iter().filter(|(_, d)| d.result.is_none()) {
        match places.last_mut() {
            Some((c, n)) if *c == d.cabinet => *n += 1,
            _ => places.push((d.cabinet.clone(), 1)),
        }
    }
    places
}

impl Ledger {
    /// The started inspection of `date` that walks the first of `rooms`, if any.
    pub fn started_inspection_of(&self, date: NaiveDate, rooms: &[String]) -> Result<Option<String>> {
        let Some(first) = rooms.first() else { return Ok(None) };
        let Some(room_id) = db::rooms::get_id(self.conn(), first.trim())? else { return Ok(None) };
        for no in db::inspections::of_day_and_room(self.conn(), date, room_id)? {
            if get(self.conn(), &no)?.1.state == InspectionState::Started {
                return Ok(Some(no));
            }
        }
        Ok(None)
    }

    /// Marks many points and devices at once (a filled 附件1), all or nothing: one transaction,
    /// starting the inspection first when the target is new, kept only when every mark was
    /// accepted and this is not a dry run. A row whose marks are already those given is left
    /// alone (counted unchanged).
    pub fn apply_inspection_marks(
        &mut self,
        ctx: &Ctx,
        target: &InspectionTarget,
        points: &[&PointMark],
        devices: &[(&str, &DeviceMark)],
        dry_run: bool,
    ) -> Result<MarksApplied> {
        let tx = self.write(&[Area::Inspections, Area::Faults])?;
        let insp = match target {
            InspectionTarget::Existing(no) => get(&tx, no)?,
            InspectionTarget::New(date, rooms) => start_in(&tx, ctx, rooms, *date)?,
        };
        markable(&insp.1)?;
        let mut out = MarksApplied { inspection_no: None, points: (0, 0), devices: (0, 0), failed: Vec::new() };
        let existing = db::inspections::points(&tx, insp.0)?;
        for (index, mark) in points.iter().enumerate() {
            let same = existing.iter().any(|(_, p)| {
                p.point == mark.point.trim()
                    && mark.item.is_none_or(|i| i == p.item)
                    && mark.room.as_deref().is_none_or(|r| r.trim() == p.room)
                    && p.result == mark.result
                    && p.reading == text(mark.reading.as_deref())
                    && p.description == text(mark.description.as_deref())
                    && p.handling == text(mark.handling.as_deref())
                    && p.note == text(mark.note.as_deref())
            });
            if same {
                out.points.1 += 1;
                continue;
            }
            match mark_point_in(&tx, ctx, &insp, mark) {
                Ok(_) => out.points.0 += 1,
                Err(e) => out.failed.push(MarkFailure { part: MarkPart::Point, index, error: row_error(e)? }),
            }
        }
        let rows = db::inspections::devices(&tx, insp.0)?;
        for (index, (tag, mark)) in devices.iter().enumerate() {
            let Some(row) = rows.iter().find(|(_, d)| d.asset_tag == tag.trim()) else {
                let error =
                    Error::DeviceNotInInspection { no: insp.1.inspection_no.clone(), tag: tag.trim().to_string() };
                out.failed.push(MarkFailure { part: MarkPart::Device, index, error });
                continue;
            };
            let d = &row.1;
            if d.result == mark.result
                && d.description == text(mark.description.as_deref())
                && (d.power, d.disk, d.fan, d.net) == (mark.power, mark.disk, mark.fan, mark.net)
                && d.note == text(mark.note.as_deref())
            {
                out.devices.1 += 1;
                continue;
            }
            match mark_device_in(&tx, ctx, &insp, row, mark) {
                Ok(_) => out.devices.0 += 1,
                Err(e) => out.failed.push(MarkFailure { part: MarkPart::Device, index, error: row_error(e)? }),
            }
        }
        if out.failed.is_empty() && !dry_run {
            commit(tx)?;
            out.inspection_no = Some(insp.1.inspection_no);
        } else if matches!(target, InspectionTarget::Existing(_)) {
            // Dropping the transaction rolls every mark back.
            out.inspection_no = Some(insp.1.inspection_no);
        }
        Ok(out)
    }

    /// The inspections, newest first, at most `limit`.
    pub fn inspections(&self, limit: u32) -> Result<Vec<Inspection>> {
        db::inspections::list(self.conn(), limit)
    }

    /// One inspection with both sub-tables and the previous inspection's open findings.
    pub fn inspection(&self, no: &str) -> Result<InspectionDetail> {
        let conn = self.conn();
        let (id, inspection) = get(conn, no)?;
        let rooms = db::inspections::room_ids(conn, id)?;
        let previous = db::inspections::previous(conn, id, inspection.date, &rooms)?;
        let mut open_findings = Vec::new();
        if let Some((pid, _)) = &previous {
            for fno in db::inspections::fault_nos(conn, *pid)? {
                if let Some((_, f)) = db::faults::get(conn, &fno)? {
                    if matches!(f.state, FaultState::Pending | FaultState::InProgress) {
                        open_findings.push(f);
                    }
                }
            }
        }
        Ok(InspectionDetail {
            inspection,
            open_findings,
            previous_no: previous.map(|(_, no)| no),
            points: db::inspections::points(conn, id)?.into_iter().map(|(_, p)| p).collect(),
            devices: db::inspections::devices(conn, id)?.into_iter().map(|(_, d)| d).collect(),
        })
    }

    /// Starts the inspection of `rooms` on `date` (today when not given): 子表1 with each room's
    /// check points, 子表2 with every device racked there, all unmarked. Numbered per day.
    pub fn start_inspection(
        &mut self,
        ctx: &Ctx,
        rooms: &[String],
        date: Option<NaiveDate>,
    ) -> Result<InspectionDetail> {
        let date = date.unwrap_or(ctx.now.date());
        let tx = self.write(&[Area::Inspections])?;
        let (_, insp) = start_in(&tx, ctx, rooms, date)?;
        commit(tx)?;
        self.inspection(&insp.inspection_no)
    }

    /// Marks one device of the inspection. 告警 / 故障 need the 异常描述 and file a linked 附件3
    /// record in the same transaction.
    pub fn mark_device(&mut self, ctx: &Ctx, no: &str, asset_tag: &str, mark: &DeviceMark) -> Result<Marked> {
        let insp = get(self.conn(), no)?;
        markable(&insp.1)?;
        let rows = db::inspections::devices(self.conn(), insp.0)?;
        let tag = asset_tag.trim();
        let row = rows
            .into_iter()
            .find(|(_, d)| d.asset_tag == tag)
            .ok_or_else(|| Error::DeviceNotInInspection { no: insp.1.inspection_no.clone(), tag: tag.to_string() })?;
        let tx = self.write(&[Area::Inspections, Area::Faults])?;
        let (device, fault_no) = mark_device_in(&tx, ctx, &insp, &row, mark)?;
        let inspection = get(&tx, no)?.1;
        commit(tx)?;
        Ok(Marked { inspection, devices: vec![device], points: vec![], fault_no, skipped: 0 })
    }

    /// 本柜全部正常: marks every device of the cabinet not marked yet 正常, in one transaction
    /// with one audit record per device. Devices already marked keep their marks.
    pub fn mark_cabinet_normal(&mut self, ctx: &Ctx, no: &str, cabinet: &str) -> Result<Marked> {
        let insp = get(self.conn(), no)?;
        markable(&insp.1)?;
        let code = cabinet.trim();
        let rows: Vec<(i64, InspectionDevice)> =
            db::inspections::devices(self.conn(), insp.0)?.into_iter().filter(|(_, d)| d.cabinet == code).collect();
        if rows.is_empty() {
            return Err(Error::CabinetNotInInspection { no: insp.1.inspection_no.clone(), cabinet: code.to_string() });
        }
        let mark = DeviceMark { result: Some(DeviceResult::Normal), ..Default::default() };
        let tx = self.write(&[Area::Inspections, Area::Faults])?;
        let mut devices = Vec::new();
        let mut skipped = 0;
        for row in &rows {
            if row.1.result.is_some() {
                skipped += 1;
                continue;
            }
            devices.push(mark_device_in(&tx, ctx, &insp, row, &mark)?.0);
        }
        let inspection = get(&tx, no)?.1;
        commit(tx)?;
        Ok(Marked { inspection, devices, points: vec![], fault_no: None, skipped })
    }

    /// Marks a check point of 子表1 (adding it when the list lacks it). 异常 needs the 异常描述
    /// and files a linked 附件3 record.
    pub fn mark_point(&mut self, ctx: &Ctx, no: &str, mark: &PointMark) -> Result<Marked> {
        let insp = get(self.conn(), no)?;
        markable(&insp.1)?;
        let tx = self.write(&[Area::Inspections, Area::Faults])?;
        let (point, fault_no) = mark_point_in(&tx, ctx, &insp, mark)?;
        let inspection = get(&tx, no)?.1;
        commit(tx)?;
        Ok(Marked { inspection, devices: vec![], points: vec![point], fault_no, skipped: 0 })
    }

    /// Submits a started inspection: refused while a device or a check point is unmarked.
    pub fn submit_inspection(&mut self, ctx: &Ctx, no: &str) -> Result<Inspection> {
        let (id, before) = get(self.conn(), no)?;
        if !before.state.may_become(InspectionState::Submitted) {
            return Err(Error::InspectionTransition {
                no: before.inspection_no,
                from: before.state,
                to: InspectionState::Submitted,
            });
        }
        let devices = before.devices_total - before.devices_marked;
        let points = before.points_total - before.points_marked;
        if devices > 0 || points > 0 {
            let rows = db::inspections::devices(self.conn(), id)?;
            return Err(Error::InspectionUnmarked {
                no: before.inspection_no,
                devices,
                points,
                places: unmarked_places(&rows),
            });
        }
        let mut after = before.clone();
        after.state = InspectionState::Submitted;
        after.ended_at = Some(ctx.now);
        let tx = self.write(&[Area::Inspections])?;
        db::inspections::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        let after = get(&tx, no)?.1;
        audit_entity(&tx, ctx, "inspection.submit", "inspection", &after.inspection_no, Some(&before), &after, None)?;
        commit(tx)?;
        Ok(after)
    }

    /// The 运维总监's review of a submitted inspection, with an opinion. On a single file
    /// everyone holds every role: the operator is recorded as the reviewer.
    pub fn review_inspection(&mut self, ctx: &Ctx, no: &str, opinion: Option<&str>) -> Result<Inspection> {
        let (id, before) = get(self.conn(), no)?;
        if !before.state.may_become(InspectionState::Reviewed) {
            return Err(Error::InspectionTransition {
                no: before.inspection_no,
                from: before.state,
                to: InspectionState::Reviewed,
            });
        }
        let mut after = before.clone();
        after.state = InspectionState::Reviewed;
        after.reviewer = Some(ctx.operator.clone());
        after.reviewed_at = Some(ctx.now);
        after.opinion = text(opinion);
        let tx = self.write(&[Area::InspectionReview])?;
        db::inspections::update(&tx, id, &after, ctx.now, &ctx.operator)?;
        let after = get(&tx, no)?.1;
        audit_entity(&tx, ctx, "inspection.review", "inspection", &after.inspection_no, Some(&before), &after, None)?;
        commit(tx)?;
        Ok(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_setting_parses_and_refuses() {
        let p = parse_points("温度|A列冷通道|18–27 ℃; 列头柜|A-RPP1\nUPS|UPS-1|").unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!(
            (p[0].item, p[0].point.as_str(), p[0].standard.as_deref()),
            (InspectionItem::Temperature, "A列冷通道", Some("18–27 ℃"))
        );
        assert_eq!((p[1].item, p[1].standard.clone()), (InspectionItem::RowHead, None));
        assert!(parse_points("锅炉|一号").unwrap_err().contains("锅炉"));
        assert!(parse_points("温度").unwrap_err().contains("检查点"));
        assert!(parse_points(" ; ").is_err());
        assert!(check_setting("power.warning", "80").is_none());
        assert!(matches!(check_setting("inspection.points.1号机房", "温度|x"), Some(Ok(_))));
    }

    #[test]
    fn defaults_list_every_item_and_each_row_head() {
        let p = default_points(&["A-RPP1".into(), "B-RPP1".into()]);
        let heads: Vec<&str> =
            p.iter().filter(|p| p.item == InspectionItem::RowHead).map(|p| p.point.as_str()).collect();
        assert_eq!(heads, ["A-RPP1", "B-RPP1"]);
        for item in InspectionItem::ALL.iter().filter(|i| !matches!(i, InspectionItem::RowHead | InspectionItem::Other))
        {
            assert!(p.iter().any(|p| p.item == *item), "{item}");
        }
    }
}
