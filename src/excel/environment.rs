//! 温湿度记录 in the import: the 动环 (environment monitoring) system's export, as .xlsx or
//! .csv, recognised by [`super::sheets`] like every other sheet. Its rows are checked here and
//! appended in the import's transaction; a reading already stored (same room, point and time)
//! is skipped, so importing the same export twice adds nothing.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use super::import::SheetReport;
use super::sheets::Column;
use super::validate::{Fields, Line, Problems};
use crate::db::{
    self,
    env::{EnvReading, EnvSource},
};
use crate::environment;
use crate::error::{Error, Result};
use crate::ledger::Ctx;
use crate::parse;

const fn col(key: &'static str, header: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { key, header, aliases, required }
}

/// 温湿度记录 (templates.md), the key column first: what names a point.
pub const ENV_READINGS: &[Column] = &[
    col("point", "测点", &["测点名称", "监测点", "位置", "Point"], true),
    col("at", "读数时间", &["时间", "采集时间", "记录时间"], true),
    col("room", "机房", &["机房名称", "Room"], true),
    col("temp_c", "温度(℃)", &["温度", "温度(°C)", "温度(C)"], true),
    col("rh", "相对湿度(%RH)", &["相对湿度", "湿度", "湿度(%RH)", "湿度(%)", "相对湿度(%)"], false),
    col("source", "来源", &["数据来源"], false),
    col("operator", "读数人", &[], false),
    col("note", "备注", &["说明"], false),
];

/// One checked row.
#[derive(Debug, Clone)]
pub struct EnvRow {
    pub row: u32,
    pub room: String,
    pub point: String,
    pub at: NaiveDateTime,
    pub temp_c: f64,
    pub rh: Option<f64>,
    pub source: EnvSource,
    pub operator: Option<String>,
    pub note: Option<String>,
}

/// A signed number in range, or a problem on that cell.
fn measured(
    f: &mut Fields<'_, '_, '_, '_>,
    key: &str,
    check: fn(f64) -> std::result::Result<f64, String>,
) -> Option<f64> {
    let t = f.line.text(key)?;
    match parse::number(&t).and_then(check) {
        Ok(v) => Some(v),
        Err(r) => {
            f.bad(key, r);
            None
        }
    }
}

/// Checks the rows. `room_known` answers whether a room is in the ledger or in this file.
pub fn env_rows(lines: &[Line<'_>], p: &mut Problems<'_>, room_known: &dyn Fn(&str) -> bool) -> Vec<EnvRow> {
    let mut out = Vec::new();
    for line in lines {
        let mut f = Fields { line, p, ok: true };
        let at = f.datetime("at");
        let temp_c = measured(&mut f, "temp_c", environment::check_temp);
        let rh = measured(&mut f, "rh", environment::check_rh);
        let room = line.text("room").unwrap_or_default();
        if !room.is_empty() && !room_known(&room) {
            f.bad("room", "找不到该机房，请先登记或在同一文件的“机房”表中列出".into());
        }
        // The 动环 export's own rows are imports; a typed-up sheet may say 人工.
        let source = match line.text("source") {
            None => EnvSource::Import,
            Some(s) => match EnvSource::parse(&s) {
                Some(src) => src,
                None => {
                    // A 读数人 column written as 来源: a person's name means entered by hand.
                    EnvSource::Manual
                }
            },
        };
        if let (true, Some(at), Some(temp_c)) = (f.ok, at, temp_c) {
            out.push(EnvRow {
                row: line.row.number,
                room,
                point: line.text("point").unwrap_or_default(),
                at,
                temp_c,
                rh,
                source,
                operator: line
                    .text("operator")
                    .or_else(|| line.text("source").filter(|s| EnvSource::parse(s).is_none())),
                note: line.text("note"),
            });
        }
    }
    out
}

fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// Whether the reading is stored already, or given earlier in the file.
fn seen_before(conn: &crate::db::Connection, r: &EnvRow, seen: &mut HashSet<(String, String, String)>) -> Result<bool> {
    let key = (r.room.clone(), r.point.clone(), stamp(r.at));
    if !seen.insert(key) {
        return Ok(true);
    }
    match db::rooms::get_id(conn, &r.room)? {
        Some(id) => db::env::exists(conn, id, &r.point, &stamp(r.at)),
        None => Ok(false),
    }
}

/// Counts the rows into their sheet's report: new readings inserted, the others unchanged.
pub fn count_env(conn: &crate::db::Connection, rows: &[(usize, EnvRow)], reports: &mut [SheetReport]) -> Result<()> {
    let mut seen = HashSet::new();
    for (sheet, r) in rows {
        let old = seen_before(conn, r, &mut seen)?;
        if let Some(rep) = reports.get_mut(*sheet) {
            if old {
                rep.unchanged += 1;
            } else {
                rep.inserted += 1;
            }
        }
    }
    Ok(())
}

/// Writes the new readings in the import's transaction (after the rooms and cabinets, which
/// the file may define); each is audited.
pub fn apply_env(tx: &crate::db::Connection, ctx: &Ctx, rows: &[(usize, EnvRow)]) -> Result<()> {
    let mut seen = HashSet::new();
    for (_, r) in rows {
        if seen_before(tx, r, &mut seen)? {
            continue;
        }
        let room_id = db::rooms::get_id(tx, &r.room)?.ok_or_else(|| Error::RoomNotFound { name: r.room.clone() })?;
        // A point that is a cabinet of this room is that cabinet's inlet.
        let cabinet = db::cabinets::get(tx, &r.point)?.filter(|c| c.room == r.room);
        let reading = EnvReading {
            room: r.room.clone(),
            point: r.point.clone(),
            cabinet: cabinet.as_ref().map(|c| c.code.clone()),
            at: stamp(r.at),
            temp_c: r.temp_c,
            rh: r.rh,
            source: r.source,
            operator: r.operator.clone().unwrap_or_else(|| ctx.operator.clone()),
            note: r.note.clone(),
        };
        db::env::insert(tx, room_id, cabinet.map(|c| c.id), &reading)?;
        crate::db::audit::insert(
            tx,
            ctx.now,
            &ctx.operator,
            &crate::db::audit::Record {
                action: "env.import",
                entity: "env_point",
                key: &reading.point,
                before: None,
                after: serde_json::to_string(&reading).ok(),
                reason: None,
            },
        )?;
    }
    Ok(())
}
