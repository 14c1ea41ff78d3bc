//! The IDC engineer's patrol record (机房巡视记录, rules §2.5.7–2.5.9): one line per piece of
//! power or cooling equipment seen. A 列头柜 line's phase currents are also that row-head
//! cabinet's measured reading (P = 220 V × ΣI, [`crate::power::calc::watts_from_phase_amps`]),
//! kept in its history and counted by the power report like a cabinet's reading.

use crate::roles::Area;
use serde::{Deserialize, Serialize};

use super::{audit_entity, commit, Ctx, Ledger};
use crate::db::{
    self,
    patrols::{Patrol, PatrolKind, PatrolStatus, RowHeadReading},
};
use crate::error::{Error, Result};
use crate::parse;
use crate::power::calc;

/// A patrol line to record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatrolDraft {
    pub kind: PatrolKind,
    pub name: String,
    pub status: PatrolStatus,
    /// 机房/配电室; a 列头柜's own room when absent, or the only room.
    pub room: Option<String>,
    /// `YYYY-MM-DD HH:MM[:SS]`; now when absent.
    pub at: Option<String>,
    pub voltage_v: Option<f64>,
    pub currents: Vec<f64>,
    pub load_pct: Option<f64>,
    pub temp_c: Option<f64>,
    pub rh: Option<f64>,
    pub issue: Option<String>,
    pub handling: Option<String>,
    pub note: Option<String>,
}

fn bounded(field: &str, v: Option<f64>, lo: f64, hi: f64) -> Result<()> {
    match v {
        Some(x) if !(x.is_finite() && (lo..=hi).contains(&x)) => Err(Error::InvalidValue {
            field: field.into(),
            value: x.to_string(),
            reason: format!("应在 {lo} 到 {hi} 之间"),
        }),
        _ => Ok(()),
    }
}

fn text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

impl Ledger {
    /// Records a patrol line, and for a 列头柜 with currents, its reading, in one transaction.
    pub fn add_patrol(&mut self, ctx: &Ctx, d: &PatrolDraft) -> Result<Patrol> {
        let name = d.name.trim();
        if name.is_empty() {
            return Err(Error::MissingField { field: "设备名称或编号".into() });
        }
        bounded("电压(V)", d.voltage_v, 0.0, 1000.0)?;
        for a in &d.currents {
            bounded("电流(A)", Some(*a), 0.0, 10_000.0)?;
        }
        bounded("负载率(%)", d.load_pct, 0.0, 200.0)?;
        bounded("温度(℃)", d.temp_c, -50.0, 80.0)?;
        bounded("湿度(%RH)", d.rh, 0.0, 100.0)?;
        let head = if d.kind == PatrolKind::RowHead {
            let found = db::row_heads::get(self.conn(), name)?.ok_or_else(|| Error::InvalidValue {
                field: "设备名称或编号".into(),
                value: name.into(),
                reason: "找不到该列头柜，请先登记（rowhead add）".into(),
            })?;
            if d.currents.len() > 3 {
                return Err(Error::InvalidValue {
                    field: "电流(A)".into(),
                    value: d.currents.len().to_string(),
                    reason: "列头柜最多三相电流（I1 I2 I3）".into(),
                });
            }
            Some(found)
        } else {
            None
        };
        let room = match (text(&d.room), &head) {
            (Some(r), _) => r,
            (None, Some((_, h))) => h.room.clone(),
            (None, None) => match db::rooms::list(self.conn())?.as_slice() {
                [only] => only.name.clone(),
                _ => return Err(Error::MissingField { field: "机房/配电室".into() }),
            },
        };
        let at = match d.at.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => parse::datetime(s).map_err(|reason| Error::InvalidValue {
                field: "巡视时间".into(),
                value: s.into(),
                reason,
            })?,
            None => ctx.now,
        };
        let at = at.format("%Y-%m-%d %H:%M:%S").to_string();
        let reading = match &head {
            Some((_, h)) if !d.currents.is_empty() => Some(RowHeadReading {
                row_head: h.code.clone(),
                at: at.clone(),
                measured_w: calc::watts_from_phase_amps(&d.currents),
                currents: d.currents.clone(),
                operator: ctx.operator.clone(),
                note: Some("巡视".into()),
            }),
            _ => None,
        };
        let patrol = Patrol {
            at,
            room,
            kind: d.kind,
            name: head.as_ref().map(|(_, h)| h.code.clone()).unwrap_or_else(|| name.to_string()),
            status: d.status,
            voltage_v: d.voltage_v,
            currents: d.currents.clone(),
            load_pct: d.load_pct,
            temp_c: d.temp_c,
            rh: d.rh,
            issue: text(&d.issue),
            handling: text(&d.handling),
            operator: ctx.operator.clone(),
            note: text(&d.note),
            row_head_w: reading.as_ref().map(|r| r.measured_w),
        };
        let tx = self.write(&[Area::Patrols])?;
        let id = db::patrols::insert(&tx, &patrol, head.as_ref().map(|(id, _)| *id))?;
        audit_entity(&tx, ctx, "patrol.create", "patrol", &patrol.name, None, &patrol, None)?;
        if let (Some(r), Some((head_id, _))) = (&reading, &head) {
            db::patrols::insert_reading(&tx, *head_id, r, Some(id))?;
            audit_entity(&tx, ctx, "row_head.reading", "row_head", &r.row_head, None, r, None)?;
        }
        commit(tx)?;
        Ok(patrol)
    }

    /// Patrol lines between two times (`YYYY-MM-DD HH:MM:SS`, inclusive), in time order.
    pub fn patrols(&self, from: Option<&str>, to: Option<&str>) -> Result<Vec<Patrol>> {
        db::patrols::list(self.conn(), from, to)
    }

    /// A row-head cabinet's measured readings, newest first.
    pub fn row_head_readings(&self, code: &str, limit: u32) -> Result<Vec<RowHeadReading>> {
        let (id, _) = db::row_heads::get(self.conn(), code)?.ok_or_else(|| Error::InvalidValue {
            field: "列头柜".into(),
            value: code.into(),
            reason: "找不到该列头柜".into(),
        })?;
        db::patrols::readings(self.conn(), id, limit)
    }
}
