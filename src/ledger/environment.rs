//! Temperature and humidity operations: recording a reading (by hand or from the 动环 system),
//! the latest reading of every point judged against its room's limits, a point's history, the
//! environment alert list the warnings banner shows beside power's, the limits (global settings
//! and per-room overrides), and the remedy for a hot cabinet (§2.5 item 11).
//!
//! The judgement is [`crate::environment`]'s; the remedy asks [`Ledger::check_placement`] about
//! every move it proposes, so it never holds a copy of the placement rules.

use crate::roles::Area;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::{audit_entity, commit, Ctx, Ledger};
use crate::db::{
    self,
    env::{EnvReading, EnvSource, Latest},
};
use crate::environment::{self as envr, EnvAlerts, EnvLimits, EnvOverrides, EnvPoint, EnvStatus};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::Face;
use crate::parse;
use crate::rack::{self, Mount};

/// A reading to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvDraft {
    /// A cabinet code (its inlet) or a named point (`A列冷通道`).
    pub point: String,
    /// Required for a named point when the ledger has more than one room.
    pub room: Option<String>,
    pub temp_c: f64,
    pub rh: Option<f64>,
    /// `YYYY-MM-DD HH:MM[:SS]`; now when absent.
    pub at: Option<String>,
    pub note: Option<String>,
}

/// One device of a hot cabinet and where it could go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemedyDevice {
    pub asset_tag: String,
    pub name: String,
    pub load_w: i64,
    pub u_height: u32,
    pub start_u: Option<u32>,
    pub moves: Vec<RemedyMove>,
}

/// A cooler cabinet that could take the device, with the placement check of moving it there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RemedyMove {
    pub cabinet: String,
    pub row: Option<String>,
    /// The cabinet's latest inlet temperature.
    pub inlet_temp_c: f64,
    /// Power headroom to the warning level before the move.
    pub headroom_w: f64,
    pub start_u: u32,
    pub check: super::CheckResult,
}

/// The remedy for a hot cabinet: its heaviest devices, each with cooler cabinets that could take it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Remedy {
    pub cabinet: String,
    pub room: String,
    pub row: Option<String>,
    /// The cabinet's latest inlet reading, judged.
    pub inlet: Option<EnvPoint>,
    /// Whether that reading is above the room's upper temperature limit.
    pub hot: bool,
    /// The hottest latest inlet temperature of each row of the room, coolest first.
    pub rows: Vec<RowTemp>,
    pub devices: Vec<RemedyDevice>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowTemp {
    pub row: Option<String>,
    pub temp_c: f64,
}

/// How many of the hot cabinet's devices a remedy names, and how many cabinets for each.
const REMEDY_DEVICES: usize = 3;
const REMEDY_MOVES: usize = 3;

fn valid_temp(v: f64) -> Result<f64> {
    envr::check_temp(v)
        .map_err(|reason| Error::InvalidValue { field: "温度(℃)".into(), value: v.to_string(), reason })
}

fn valid_rh(v: f64) -> Result<f64> {
    envr::check_rh(v).map_err(|reason| Error::InvalidValue {
        field: "相对湿度(%RH)".into(),
        value: v.to_string(),
        reason,
    })
}

/// Checks a value given for one of the `env.*` settings; None when `key` is not one of them.
pub(crate) fn check_setting(key: &str, value: &str) -> Option<Result<String>> {
    if !envr::KEYS.contains(&key) {
        return None;
    }
    Some(
        parse::number(value)
            .map_err(|reason| Error::InvalidValue { field: key.into(), value: value.into(), reason })
            .and_then(|v| if key == envr::RH_MAX_KEY { valid_rh(v) } else { valid_temp(v) })
            .map(|v| v.to_string()),
    )
}

/// The global limits, from settings, with GB 50174's defaults.
pub(crate) fn global_limits(conn: &crate::db::Connection) -> Result<EnvLimits> {
    let mut l = EnvLimits::default();
    for key in envr::KEYS {
        if let Some(v) = db::settings::get(conn, key)?.and_then(|v| v.parse::<f64>().ok()) {
            l.set(key, v);
        }
    }
    Ok(l)
}

/// A stored reading, judged against `limits`.
fn judged(r: &EnvReading, row: Option<String>, limits: EnvLimits, lang: Lang) -> EnvPoint {
    let breaches = envr::judge(r.temp_c, r.rh, &limits);
    EnvPoint {
        point: r.point.clone(),
        room: r.room.clone(),
        cabinet: r.cabinet.clone(),
        row,
        temp_c: r.temp_c,
        rh: r.rh,
        dew_point_c: r.rh.and_then(|rh| envr::dew_point(r.temp_c, rh)).map(envr::round1),
        at: r.at.clone(),
        status: if breaches.is_empty() { EnvStatus::Ok } else { EnvStatus::Out },
        reasons: breaches.iter().map(|(b, v)| b.describe(*v, &limits, lang)).collect(),
        limits,
    }
}

impl Ledger {
    /// The limits of a room (its overrides over the global settings), or the global ones.
    pub fn env_limits(&self, room: Option<&str>) -> Result<EnvLimits> {
        let global = global_limits(self.conn())?;
        match room {
            None => Ok(global),
            Some(room) => Ok(db::env::limits(self.conn(), self.room_id(room)?)?.apply(global)),
        }
    }

    /// A room's own overrides (None: the global limit).
    pub fn env_overrides(&self, room: &str) -> Result<EnvOverrides> {
        db::env::limits(self.conn(), self.room_id(room)?)
    }

    /// Sets a room's own limits; a None clears that override.
    pub fn set_env_limits(&mut self, ctx: &Ctx, room: &str, o: &EnvOverrides) -> Result<EnvLimits> {
        let room_id = self.room_id(room)?;
        for (field, v) in
            [("温度下限", o.temp_min), ("温度上限", o.temp_max), ("露点下限", o.dew_min), ("露点上限", o.dew_max)]
        {
            if let Some(v) = v {
                valid_temp(v).map_err(|_| Error::InvalidValue {
                    field: field.into(),
                    value: v.to_string(),
                    reason: "应在 -50 到 80 之间".into(),
                })?;
            }
        }
        if let Some(v) = o.rh_max {
            valid_rh(v)?;
        }
        let l = o.apply(global_limits(self.conn())?);
        for (field, lo, hi) in [("温度", l.temp_min, l.temp_max), ("露点", l.dew_min, l.dew_max)] {
            if lo > hi {
                return Err(Error::InvalidValue {
                    field: format!("{field}下限"),
                    value: lo.to_string(),
                    reason: format!("应不高于上限 {hi}"),
                });
            }
        }
        let before = db::env::limits(self.conn(), room_id)?;
        let tx = self.write(&[Area::Environment])?;
        db::env::set_limits(&tx, room_id, o)?;
        audit_entity(&tx, ctx, "env.limits", "room", room, Some(&before), o, None)?;
        commit(tx)?;
        Ok(l)
    }

    fn room_id(&self, room: &str) -> Result<i64> {
        db::rooms::get_id(self.conn(), room)?.ok_or_else(|| Error::RoomNotFound { name: room.to_string() })
    }

    /// Records a temperature/humidity reading; earlier readings are kept. A point that is a
    /// cabinet code is that cabinet's inlet, in its room.
    pub fn record_env(&mut self, ctx: &Ctx, d: &EnvDraft, source: EnvSource) -> Result<EnvPoint> {
        let (room_id, cabinet_id, reading) = self.resolve_env(ctx, d, source)?;
        let tx = self.write(&[Area::Environment])?;
        db::env::insert(&tx, room_id, cabinet_id, &reading)?;
        audit_entity(&tx, ctx, "env.reading", "env_point", &reading.point, None, &reading, None)?;
        commit(tx)?;
        let limits = self.env_limits(Some(&reading.room))?;
        let row = match &reading.cabinet {
            Some(c) => self.cabinet(c)?.row,
            None => None,
        };
        Ok(judged(&reading, row, limits, self.lang))
    }

    /// Checks a draft and resolves its room and cabinet: (room id, cabinet id, the reading).
    pub(crate) fn resolve_env(
        &self,
        ctx: &Ctx,
        d: &EnvDraft,
        source: EnvSource,
    ) -> Result<(i64, Option<i64>, EnvReading)> {
        let point = d.point.trim();
        if point.is_empty() {
            return Err(Error::MissingField { field: "测点".into() });
        }
        let temp_c = valid_temp(d.temp_c)?;
        let rh = d.rh.map(valid_rh).transpose()?;
        let room = d.room.as_deref().map(str::trim).filter(|r| !r.is_empty());
        let (room_name, cabinet_id, cabinet) = match db::cabinets::get(self.conn(), point)? {
            Some(cab) => {
                if let Some(r) = room.filter(|r| *r != cab.room) {
                    return Err(Error::InvalidValue {
                        field: "机房".into(),
                        value: r.into(),
                        reason: format!("机柜 {} 在 {}", cab.code, cab.room),
                    });
                }
                (cab.room.clone(), Some(cab.id), Some(cab.code))
            }
            None => match room {
                Some(r) => (r.to_string(), None, None),
                None => {
                    // One room: a named point can only be there.
                    let rooms = db::rooms::list(self.conn())?;
                    match rooms.as_slice() {
                        [only] => (only.name.clone(), None, None),
                        _ => return Err(Error::MissingField { field: "机房".into() }),
                    }
                }
            },
        };
        let room_id = self.room_id(&room_name)?;
        let at = match d.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => parse::datetime(s).map_err(|reason| Error::InvalidValue {
                field: "读数时间".into(),
                value: s.into(),
                reason,
            })?,
            None => ctx.now,
        };
        let reading = EnvReading {
            room: room_name,
            point: point.to_string(),
            cabinet,
            at: stamp(at),
            temp_c,
            rh,
            source,
            operator: ctx.operator.clone(),
            note: d.note.clone().filter(|n| !n.trim().is_empty()),
        };
        Ok((room_id, cabinet_id, reading))
    }

    /// The latest reading of every point (of one room, if given), judged.
    pub fn env_points(&self, room: Option<&str>) -> Result<Vec<EnvPoint>> {
        let room_id = room.map(|r| self.room_id(r)).transpose()?;
        let latest = db::env::latest(self.conn(), room_id)?;
        self.judge_all(latest)
    }

    fn judge_all(&self, latest: Vec<Latest>) -> Result<Vec<EnvPoint>> {
        let global = global_limits(self.conn())?;
        let mut per_room: HashMap<i64, EnvLimits> = HashMap::new();
        let mut out = Vec::with_capacity(latest.len());
        for l in latest {
            let limits = match per_room.get(&l.room_id) {
                Some(x) => *x,
                None => {
                    let x = db::env::limits(self.conn(), l.room_id)?.apply(global);
                    per_room.insert(l.room_id, x);
                    x
                }
            };
            out.push(judged(&l.reading, l.row, limits, self.lang));
        }
        Ok(out)
    }

    /// A point's readings, newest first, each judged.
    pub fn env_history(&self, point: &str, room: Option<&str>, limit: u32) -> Result<Vec<EnvPoint>> {
        let room_id = room.map(|r| self.room_id(r)).transpose()?;
        let rows = db::env::history(self.conn(), point.trim(), room_id, limit)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let limits = self.env_limits(Some(&r.room))?;
            out.push(judged(&r, None, limits, self.lang));
        }
        Ok(out)
    }

    /// Every reading (of one room, if given), oldest first, judged: what `export env` writes.
    pub fn env_readings(&self, room: Option<&str>) -> Result<Vec<(EnvReading, EnvPoint)>> {
        let room_id = room.map(|r| self.room_id(r)).transpose()?;
        let rows = db::env::all(self.conn(), room_id)?;
        let mut limits: HashMap<String, EnvLimits> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let l = match limits.get(&r.room) {
                Some(l) => *l,
                None => {
                    let l = self.env_limits(Some(&r.room))?;
                    limits.insert(r.room.clone(), l);
                    l
                }
            };
            let p = judged(&r, None, l, self.lang);
            out.push((r, p));
        }
        Ok(out)
    }

    /// The points whose latest reading is out of limits, and the cabinets they flag.
    pub fn env_alerts(&self) -> Result<EnvAlerts> {
        let points: Vec<EnvPoint> = self.env_points(None)?.into_iter().filter(|p| p.status == EnvStatus::Out).collect();
        let mut cabinets: Vec<String> = points.iter().filter_map(|p| p.cabinet.clone()).collect();
        cabinets.sort();
        cabinets.dedup();
        Ok(EnvAlerts { points, cabinets })
    }

    /// The remedy for a hot cabinet: its heaviest devices and, for each, cabinets in cooler rows
    /// (rows whose hottest latest inlet is cooler than this cabinet's inlet; the same room first)
    /// with power headroom for it and free units, each with the check of moving it there.
    pub fn env_remedy(&self, cabinet: &str) -> Result<Remedy> {
        let cab = self.cabinet(cabinet)?;
        let points = self.env_points(None)?;
        let inlets: Vec<&EnvPoint> = points.iter().filter(|p| p.cabinet.is_some()).collect();
        let inlet = inlets.iter().find(|p| p.cabinet.as_deref() == Some(cab.code.as_str())).map(|p| (*p).clone());
        let hot = inlet
            .as_ref()
            .is_some_and(|p| envr::judge(p.temp_c, None, &p.limits).iter().any(|(b, _)| *b == envr::Breach::TempHigh));
        // Each row's hottest inlet (a row is as cool as its warmest cabinet), rows by room.
        let mut rows: HashMap<(String, Option<String>), f64> = HashMap::new();
        for p in &inlets {
            let t = rows.entry((p.room.clone(), p.row.clone())).or_insert(f64::MIN);
            *t = t.max(p.temp_c);
        }
        let mut row_temps: Vec<RowTemp> = rows
            .iter()
            .filter(|((room, _), _)| *room == cab.room)
            .map(|((_, row), t)| RowTemp { row: row.clone(), temp_c: *t })
            .collect();
        row_temps.sort_by(|a, b| a.temp_c.total_cmp(&b.temp_c).then_with(|| a.row.cmp(&b.row)));

        let power = self.power_report(None)?;
        let headroom: HashMap<&str, f64> =
            power.cabinets.iter().filter_map(|c| Some((c.cabinet.as_str(), c.headroom_w?))).collect();
        // Candidates: cabinets in cooler rows, in limits; the same room first (a move across
        // rooms is a bigger job), then coolest first.
        let mut candidates: Vec<&EnvPoint> = match &inlet {
            Some(me) => inlets
                .iter()
                .copied()
                .filter(|p| !(p.room == cab.room && p.row == cab.row) && p.status == EnvStatus::Ok)
                .filter(|p| rows.get(&(p.room.clone(), p.row.clone())).is_some_and(|t| *t < me.temp_c))
                .collect(),
            None => Vec::new(),
        };
        candidates.sort_by(|a, b| {
            (a.room != cab.room)
                .cmp(&(b.room != cab.room))
                .then_with(|| a.temp_c.total_cmp(&b.temp_c))
                .then_with(|| a.point.cmp(&b.point))
        });

        let mut devices: Vec<crate::model::Asset> =
            self.elevation(&cab.code)?.devices.into_iter().filter(|a| a.u_height > 0).collect();
        devices.sort_by(|a, b| b.load_w().cmp(&a.load_w()).then_with(|| a.asset_tag.cmp(&b.asset_tag)));
        devices.truncate(REMEDY_DEVICES);

        let mut out = Vec::new();
        for d in devices {
            let load = i64::from(d.load_w());
            let mut moves = Vec::new();
            for p in &candidates {
                if moves.len() == REMEDY_MOVES {
                    break;
                }
                let Some(code) = p.cabinet.as_deref() else { continue };
                let Some(room) = headroom.get(code).copied().filter(|h| *h >= load as f64) else { continue };
                if let Some((start_u, check)) = self.first_fit(&d, code)? {
                    moves.push(RemedyMove {
                        cabinet: code.to_string(),
                        row: p.row.clone(),
                        inlet_temp_c: p.temp_c,
                        headroom_w: room,
                        start_u,
                        check,
                    });
                }
            }
            out.push(RemedyDevice {
                asset_tag: d.asset_tag.clone(),
                name: d.name.clone(),
                load_w: load,
                u_height: d.u_height,
                start_u: d.start_u,
                moves,
            });
        }
        Ok(Remedy { cabinet: cab.code, room: cab.room, row: cab.row, inlet, hot, rows: row_temps, devices: out })
    }

    /// The lowest units of `cabinet` where `asset` fits, and the placement check of moving it
    /// there, when that check does not refuse. Units free of racked devices are found with the
    /// rack-space rule; the check then has the last word (reservations, power).
    fn first_fit(&self, asset: &crate::model::Asset, cabinet: &str) -> Result<Option<(u32, super::CheckResult)>> {
        let Some(cab) = db::cabinets::get(self.conn(), cabinet)? else { return Ok(None) };
        let occupants = db::positions::mounts(self.conn(), cab.id)?;
        let face = asset.face.unwrap_or(Face::Front);
        let last = cab.u_height.saturating_sub(asset.u_height.saturating_sub(1));
        let mut tried = 0;
        for start_u in 1..=last {
            let mount = Mount {
                asset_tag: asset.asset_tag.clone(),
                name: asset.name.clone(),
                start_u,
                u_height: asset.u_height,
                face,
                depth: asset.depth,
            };
            if rack::check_space(&cab.code, cab.u_height, &mount, &occupants).is_err() {
                continue;
            }
            let check = self.check_placement(&asset.asset_tag, &cab.code, start_u, Some(face))?;
            if check.verdict != super::Verdict::Refused {
                return Ok(Some((start_u, check)));
            }
            // Reserved units: try a little higher; a power refusal will not change.
            tried += 1;
            if check.conflicts.is_empty() || tried == 5 {
                return Ok(None);
            }
        }
        Ok(None)
    }
}

/// `YYYY-MM-DD HH:MM:SS`, as readings are stored.
fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CabinetDraft;

    fn ledger() -> (Ledger, Ctx) {
        let mut l = Ledger::open_in_memory(Lang::Zh).unwrap();
        let ctx = Ctx::now("t");
        for (code, row) in [("A01", "A"), ("B01", "B")] {
            let d = CabinetDraft {
                code: code.into(),
                room: "一号机房".into(),
                row: Some(row.into()),
                u_height: 42,
                owner: None,
                note: None,
            };
            l.add_cabinet(&ctx, &d, None).unwrap();
        }
        (l, ctx)
    }

    fn draft(point: &str, t: f64, rh: Option<f64>) -> EnvDraft {
        EnvDraft { point: point.into(), room: None, temp_c: t, rh, at: None, note: None }
    }

    #[test]
    fn a_cabinet_inlet_out_of_limits_flags_the_cabinet() {
        let (mut l, ctx) = ledger();
        let p = l.record_env(&ctx, &draft("A01", 27.0, Some(45.0)), EnvSource::Manual).unwrap();
        assert_eq!((p.status, p.room.as_str(), p.cabinet.as_deref()), (EnvStatus::Ok, "一号机房", Some("A01")));
        assert!(l.env_alerts().unwrap().points.is_empty());
        let p = l.record_env(&ctx, &draft("A01", 27.1, Some(45.0)), EnvSource::Manual).unwrap();
        assert_eq!(p.status, EnvStatus::Out);
        assert_eq!(l.env_alerts().unwrap().cabinets, vec!["A01".to_string()]);
        // A named point in the only room needs no room.
        let p = l.record_env(&ctx, &draft("A列冷通道", 22.0, None), EnvSource::Manual).unwrap();
        assert_eq!((p.room.as_str(), p.cabinet), ("一号机房", None));
        assert_eq!(l.env_points(None).unwrap().len(), 2);
        assert_eq!(l.env_history("A01", None, 10).unwrap().len(), 2);
    }

    #[test]
    fn a_room_override_moves_the_limit() {
        let (mut l, ctx) = ledger();
        let o = EnvOverrides { temp_max: Some(28.0), ..EnvOverrides::default() };
        l.set_env_limits(&ctx, "一号机房", &o).unwrap();
        let p = l.record_env(&ctx, &draft("A01", 27.5, None), EnvSource::Manual).unwrap();
        assert_eq!(p.status, EnvStatus::Ok);
        assert!(l.set_env_limits(&ctx, "一号机房", &EnvOverrides { temp_min: Some(30.0), ..o }).is_err());
    }

    #[test]
    fn bad_input_is_refused() {
        let (mut l, ctx) = ledger();
        assert!(l.record_env(&ctx, &draft("A01", f64::NAN, None), EnvSource::Manual).is_err());
        assert!(l.record_env(&ctx, &draft("A01", 25.0, Some(120.0)), EnvSource::Manual).is_err());
        assert!(l.record_env(&ctx, &draft(" ", 25.0, None), EnvSource::Manual).is_err());
        let d = EnvDraft { room: Some("二号机房".into()), ..draft("A01", 25.0, None) };
        assert!(l.record_env(&ctx, &d, EnvSource::Manual).is_err());
        assert!(l.env_points(None).unwrap().is_empty());
    }
}
