//! Power operations: row-head cabinets, cabinet feeds and capacity, measured readings, and the
//! site's power report. The global levels are settings ([`super::settings`]).

use crate::roles::Area;
use chrono::NaiveDateTime;

use super::settings::{check_levels, global_levels};
use super::{commit, to_json, Ctx, Ledger};
use crate::db::window::RecordPage;
use crate::db::{
    self,
    audit::Record,
    power::{CabinetPowerConfig, OwnerPower},
    readings::Reading,
    row_heads::RowHead,
};
use crate::error::{Error, Result};
use crate::power::{calc, report, CabinetPower, MapTile, PowerReport, PowerRoom, PowerRow, PowerTable, RowHeadPower};

/// What `reading` records: kW directly, or the amps of the A and B feeds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Measured {
    Kw(f64),
    Amps { a: f64, b: f64 },
}

impl Measured {
    /// A reading as typed into its kW field (`4.4`, `4.4kW`, `4400W`), read by [`parse::kw`]:
    /// the command line and the app send the text, the core parses it once.
    pub fn kw_text(text: &str) -> Result<Measured> {
        crate::parse::kw(text).map(|w| Measured::Kw(w as f64 / 1000.0)).map_err(|reason| Error::InvalidValue {
            field: "实测功率(kW)".into(),
            value: text.to_string(),
            reason,
        })
    }
}

impl Ledger {
    /// The power figures of every cabinet and row-head (of one room, if given).
    pub fn power_report(&self, room: Option<&str>) -> Result<PowerReport> {
        let cabinets = db::power::all_cabinets(self.conn())?;
        let heads = db::row_heads::list(self.conn())?;
        let mut r = report::evaluate(&cabinets, &heads, self.levels()?);
        let planned = crate::placement::reserved_power(self.conn())?;
        for (input, c) in cabinets.iter().zip(r.cabinets.iter_mut()) {
            if let Some(w) = planned.get(&input.id) {
                report::plan(c, input.computed_w, *w);
            }
        }
        let measured = db::patrols::latest_readings(self.conn())?;
        for ((id, _), h) in heads.iter().zip(r.row_heads.iter_mut()) {
            if let Some((w, at)) = measured.get(id) {
                report::measure_row_head(h, *w, at);
            }
        }
        if let Some(room) = room {
            if db::rooms::get_id(self.conn(), room)?.is_none() {
                return Err(Error::RoomNotFound { name: room.to_string() });
            }
            r.cabinets.retain(|c| c.room == room);
            r.row_heads.retain(|h| h.room == room);
        }
        Ok(r)
    }

    /// A window of the floor map of one room (or the site): a small tile per cabinet and
    /// row-head cabinet, in map order, with the cabinets' counts by status ([`crate::power::view`]).
    pub fn power_tiles(
        &self,
        room: Option<&str>,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<RecordPage<MapTile>> {
        Ok(self.power_report(room)?.tile_window(limit, offset))
    }

    /// The first windows of the power view's three lists for one room (or the site), from one
    /// report: what the view asks when it opens or refreshes a room.
    pub fn power_room(
        &self,
        room: Option<&str>,
        table: &PowerTable,
        tiles: Option<u32>,
        row_heads: Option<u32>,
    ) -> Result<PowerRoom> {
        Ok(self.power_report(room)?.room_windows(table, tiles, row_heads))
    }

    /// A window of the power table of one room (or the site): filtered, sorted, then cut.
    pub fn power_cabinets(&self, room: Option<&str>, table: &PowerTable) -> Result<RecordPage<PowerRow>> {
        Ok(self.power_report(room)?.cabinet_window(table))
    }

    /// A window of the row-head cabinets of one room (or the site), with their counts by status.
    pub fn power_row_heads(
        &self,
        room: Option<&str>,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<RecordPage<RowHeadPower>> {
        Ok(self.power_report(room)?.row_head_window(limit, offset))
    }

    /// One cabinet's power figures, as the report gives them (the view's side panel).
    pub fn cabinet_power(&self, code: &str) -> Result<CabinetPower> {
        let cab =
            db::cabinets::get(self.conn(), code)?.ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        self.power_report(Some(&cab.room))?
            .cabinets
            .into_iter()
            .find(|c| c.cabinet == cab.code)
            .ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })
    }

    /// Racked devices and their load per owner (归属单位), of one room if given, heaviest first.
    pub fn power_by_owner(&self, room: Option<&str>) -> Result<Vec<OwnerPower>> {
        let room_id = match room {
            Some(room) => Some(
                db::rooms::get_id(self.conn(), room)?.ok_or_else(|| Error::RoomNotFound { name: room.to_string() })?,
            ),
            None => None,
        };
        db::power::by_owner(self.conn(), room_id)
    }

    pub fn row_heads(&self) -> Result<Vec<RowHead>> {
        Ok(db::row_heads::list(self.conn())?.into_iter().map(|(_, h)| h).collect())
    }

    pub fn row_head(&self, code: &str) -> Result<RowHead> {
        db::row_heads::get(self.conn(), code)?
            .map(|(_, h)| h)
            .ok_or_else(|| Error::RowHeadNotFound { code: code.to_string() })
    }

    /// Registers a row-head cabinet, or (with `update`) changes an existing one.
    pub fn save_row_head(&mut self, ctx: &Ctx, h: &RowHead, update: bool) -> Result<RowHead> {
        let code = h.code.trim();
        if code.is_empty() {
            return Err(Error::MissingField { field: "列头柜编号".into() });
        }
        if h.capacity_w <= 0 {
            return Err(Error::InvalidValue {
                field: "额定容量(kW)".into(),
                value: h.capacity_w.to_string(),
                reason: "应大于 0".into(),
            });
        }
        if !matches!(h.phases, 1 | 3) {
            return Err(Error::InvalidValue {
                field: "相数".into(),
                value: h.phases.to_string(),
                reason: "应为 1 或 3".into(),
            });
        }
        check_levels(h.warning_level, h.alarm_level, self.levels()?)?;
        let existing = db::row_heads::get(self.conn(), code)?;
        match (&existing, update) {
            (Some(_), false) => return Err(Error::DuplicateRowHead { code: code.to_string() }),
            (None, true) => return Err(Error::RowHeadNotFound { code: code.to_string() }),
            _ => {}
        }
        let room_id =
            db::rooms::get_id(self.conn(), &h.room)?.ok_or_else(|| Error::RoomNotFound { name: h.room.clone() })?;
        let h = RowHead { code: code.to_string(), ..h.clone() };
        let tx = self.write(&[Area::Power])?;
        let (action, before) = match existing {
            Some((id, before)) => {
                db::row_heads::update(&tx, id, room_id, &h)?;
                ("row_head.update", to_json(&before))
            }
            None => {
                db::row_heads::insert(&tx, room_id, &h)?;
                ("row_head.create", None)
            }
        };
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record { action, entity: "row_head", key: &h.code, before, after: to_json(&h), reason: None },
        )?;
        commit(tx)?;
        Ok(h)
    }

    pub fn cabinet_power_config(&self, code: &str) -> Result<CabinetPowerConfig> {
        let cab =
            db::cabinets::get(self.conn(), code)?.ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        db::power::config(self.conn(), cab.id)
    }

    /// Sets a cabinet's capacity, feeds and levels.
    pub fn set_cabinet_power(&mut self, ctx: &Ctx, code: &str, c: &CabinetPowerConfig) -> Result<CabinetPowerConfig> {
        let cab =
            db::cabinets::get(self.conn(), code)?.ok_or_else(|| Error::CabinetNotFound { code: code.to_string() })?;
        let (a, b) = validate_power(self.conn(), c)?;
        let before = db::power::config(self.conn(), cab.id)?;
        let tx = self.write(&[Area::Power])?;
        db::power::set_config(&tx, cab.id, c, a, b)?;
        let after = db::power::config(&tx, cab.id)?;
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record {
                action: "cabinet.power",
                entity: "cabinet",
                key: &cab.code,
                before: to_json(&before),
                after: to_json(&after),
                reason: None,
            },
        )?;
        commit(tx)?;
        Ok(after)
    }

    /// Records a measured reading; earlier readings are kept.
    pub fn record_reading(
        &mut self,
        ctx: &Ctx,
        cabinet: &str,
        measured: Measured,
        at: Option<NaiveDateTime>,
        note: Option<&str>,
    ) -> Result<Reading> {
        let cab = db::cabinets::get(self.conn(), cabinet)?
            .ok_or_else(|| Error::CabinetNotFound { code: cabinet.to_string() })?;
        let bad = |v: f64, field: &str| Error::InvalidValue {
            field: field.into(),
            value: v.to_string(),
            reason: "应为不小于 0 的数".into(),
        };
        let (w, amps_a, amps_b) = match measured {
            Measured::Kw(kw) => {
                if !(kw >= 0.0 && kw.is_finite() && kw < 1_000.0) {
                    return Err(bad(kw, "实测功率(kW)"));
                }
                ((kw * 1000.0).round() as i64, None, None)
            }
            Measured::Amps { a, b } => {
                for (v, f) in [(a, "A路电流(A)"), (b, "B路电流(A)")] {
                    if !(v >= 0.0 && v.is_finite() && v < 1_000.0) {
                        return Err(bad(v, f));
                    }
                }
                (calc::watts_from_amps(a, b), Some(a), Some(b))
            }
        };
        let reading = Reading {
            cabinet: cab.code.clone(),
            at: at.unwrap_or(ctx.now).format("%Y-%m-%d %H:%M:%S").to_string(),
            measured_w: w,
            amps_a,
            amps_b,
            operator: ctx.operator.clone(),
            note: note.map(str::to_string),
        };
        let tx = self.write(&[Area::Power])?;
        db::readings::insert(&tx, cab.id, &reading)?;
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record {
                action: "reading.create",
                entity: "cabinet",
                key: &cab.code,
                before: None,
                after: to_json(&reading),
                reason: None,
            },
        )?;
        commit(tx)?;
        Ok(reading)
    }

    pub fn readings(&self, cabinet: &str, limit: u32) -> Result<Vec<Reading>> {
        let cab = db::cabinets::get(self.conn(), cabinet)?
            .ok_or_else(|| Error::CabinetNotFound { code: cabinet.to_string() })?;
        db::readings::list(self.conn(), cab.id, limit)
    }
}

/// Checks a cabinet's power configuration and resolves its feeds to row-head ids.
pub(crate) fn validate_power(
    conn: &crate::db::Connection,
    c: &CabinetPowerConfig,
) -> Result<(Option<i64>, Option<i64>)> {
    let resolve = |feed: &Option<String>, field: &str| -> Result<Option<i64>> {
        match feed.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
            None => Ok(None),
            Some(f) => db::row_heads::get(conn, f)?.map(|(id, _)| Some(id)).ok_or_else(|| Error::InvalidValue {
                field: field.into(),
                value: f.into(),
                reason: "找不到该列头柜，请先登记".into(),
            }),
        }
    };
    let a = resolve(&c.feed_a, "A路列头柜")?;
    let b = resolve(&c.feed_b, "B路列头柜")?;
    if a.is_none() && b.is_some() {
        return Err(Error::MissingField { field: "A路列头柜".into() });
    }
    if c.rated_w.is_some_and(|w| w < 0) {
        return Err(Error::InvalidValue {
            field: "额定功率(kW)".into(),
            value: format!("{:?}", c.rated_w),
            reason: "不能为负".into(),
        });
    }
    for (field, amps) in [("A路开关(A)", c.feed_a_breaker_a), ("B路开关(A)", c.feed_b_breaker_a)] {
        if amps.is_some_and(|x| !(x > 0.0 && x.is_finite())) {
            return Err(Error::InvalidValue {
                field: field.into(),
                value: format!("{amps:?}"),
                reason: "应大于 0".into(),
            });
        }
    }
    check_levels(c.warning_level, c.alarm_level, global_levels(conn)?)?;
    Ok((a, b))
}
