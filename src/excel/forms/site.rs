//! The site workbook (机房台账（整站）): 机房, 列头柜, 机柜, 资产登记, 端口连接 and 功率读数, the
//! sheets an import reads back into the same ledger with no change.

use chrono::NaiveDateTime;

use super::super::sheets::SheetKind;
use super::super::writer::{col, enum_col, kw, level, parse_stamp, title, Book, Col, V};
use super::assets::write_assets;
use crate::db::{self, assets::AssetFilter, power::CabinetPowerConfig, readings::Reading, row_heads::RowHead};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::model::{Asset, Room};

fn room_cols() -> Vec<Col> {
    SheetKind::Rooms.columns().iter().map(|c| col(c.header)).collect()
}

fn row_head_cols() -> Vec<Col> {
    SheetKind::RowHeads
        .columns()
        .iter()
        .map(|c| if c.key == "phases" { enum_col(c.header, vec!["1", "3"]) } else { col(c.header) })
        .collect()
}

fn cabinet_cols(heads: &[String]) -> Vec<Col> {
    SheetKind::Cabinets
        .columns()
        .iter()
        .map(|c| match c.key {
            "feed_a" | "feed_b" if !heads.is_empty() => {
                Col { header: c.header.to_string(), list: Some(heads.to_vec()) }
            }
            _ => col(c.header),
        })
        .collect()
}

fn reading_cols() -> Vec<Col> {
    SheetKind::Readings.columns().iter().map(|c| col(c.header)).collect()
}
/// Everything a site export reads, filtered to one room if asked.
pub(crate) struct SiteData {
    pub rooms: Vec<Room>,
    pub heads: Vec<RowHead>,
    pub cabinets: Vec<(crate::model::Cabinet, CabinetPowerConfig)>,
    pub assets: Vec<Asset>,
    pub readings: Vec<Reading>,
    pub cables: Vec<crate::model::Cable>,
}

pub(crate) fn site_data(ledger: &Ledger, room: Option<&str>) -> Result<SiteData> {
    let conn = ledger.conn();
    if let Some(r) = room {
        if db::rooms::get_id(conn, r)?.is_none() {
            return Err(Error::RoomNotFound { name: r.to_string() });
        }
    }
    let keep = |r: &str| room.is_none_or(|want| want == r);
    let rooms = db::rooms::list(conn)?.into_iter().filter(|r| keep(&r.name)).collect();
    let heads = db::row_heads::list(conn)?.into_iter().map(|(_, h)| h).filter(|h| keep(&h.room)).collect();
    let mut cabinets = Vec::new();
    for (id, c) in db::cabinets::list(conn, room)? {
        cabinets.push((c, db::power::config(conn, id)?));
    }
    let assets = ledger.assets(&AssetFilter { room: room.map(str::to_string), ..AssetFilter::default() })?;
    let readings = conn
        .prepare(
            "SELECT c.code, p.at, p.measured_w, p.amps_a, p.amps_b, p.operator, p.note, r.name
             FROM power_readings p JOIN cabinets c ON c.id = p.cabinet_id JOIN rooms r ON r.id = c.room_id
             ORDER BY c.code, p.at, p.id",
        )
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok((
                    Reading {
                        cabinet: r.get(0)?,
                        at: r.get(1)?,
                        measured_w: r.get(2)?,
                        amps_a: r.get(3)?,
                        amps_b: r.get(4)?,
                        operator: r.get(5)?,
                        note: r.get(6)?,
                    },
                    r.get::<_, String>(7)?,
                ))
            })?
            .collect::<crate::db::SqlResult<Vec<_>>>()
        })
        .map_err(Error::storage("读取功率读数"))?
        .into_iter()
        .filter(|(_, room)| keep(room))
        .map(|(r, _)| r)
        .collect();
    let cables = super::ports::site_cables(ledger, room, &assets)?;
    Ok(SiteData { rooms, heads, cabinets, assets, readings, cables })
}
pub(crate) fn write_site(
    book: &mut Book<'_>,
    d: &SiteData,
    head_codes: &[String],
    now: Option<NaiveDateTime>,
) -> Result<()> {
    let t = |form: &str| now.map(|n| title(form, n)).unwrap_or_else(|| form.to_string());
    let rooms = |i: usize| {
        let r = &d.rooms[i];
        vec![V::text(&r.name), V::opt(&r.location), V::opt(&r.note)]
    };
    book.sheet("机房", &t("机房表"), &room_cols(), d.rooms.len(), &rooms)?;
    let heads = |i: usize| {
        let h = &d.heads[i];
        vec![
            V::text(&h.code),
            V::text(&h.room),
            V::opt(&h.row),
            kw(Some(h.capacity_w)),
            V::Int(h.voltage_v),
            V::Int(h.phases),
            level(h.warning_level),
            level(h.alarm_level),
            V::opt(&h.note),
        ]
    };
    book.sheet("列头柜", &t("列头柜表"), &row_head_cols(), d.heads.len(), &heads)?;
    let cabinets = |i: usize| {
        let (c, p) = &d.cabinets[i];
        vec![
            V::text(&c.code),
            V::text(&c.room),
            V::opt(&c.row),
            V::Int(i64::from(c.u_height)),
            kw(p.rated_w),
            V::opt(&p.feed_a),
            V::opt(&p.feed_a_branch),
            p.feed_a_breaker_a.map(V::Num).unwrap_or(V::Empty),
            V::opt(&p.feed_b),
            V::opt(&p.feed_b_branch),
            p.feed_b_breaker_a.map(V::Num).unwrap_or(V::Empty),
            V::opt(&c.owner),
            level(p.warning_level),
            level(p.alarm_level),
            V::opt(&c.note),
        ]
    };
    book.sheet("机柜", &t("机柜表"), &cabinet_cols(head_codes), d.cabinets.len(), &cabinets)?;
    write_assets(book, &d.assets, &t("资产登记表"))?;
    super::ports::write_cables(book, &d.cables, &t("端口连接表"))?;
    let readings = |i: usize| {
        let r = &d.readings[i];
        vec![
            V::text(&r.cabinet),
            parse_stamp(&r.at),
            kw(Some(r.measured_w)),
            r.amps_a.map(V::Num).unwrap_or(V::Empty),
            r.amps_b.map(V::Num).unwrap_or(V::Empty),
            V::text(&r.operator),
            V::opt(&r.note),
        ]
    };
    book.sheet("功率读数", &t("功率读数表"), &reading_cols(), d.readings.len(), &readings)
}
