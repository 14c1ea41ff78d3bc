//! Tables `patrols` (机房巡视记录, the IDC engineer's patrol of power and cooling) and
//! `row_head_readings` (a row-head cabinet's measured load, from a patrol's phase currents).

use crate::db::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// 设备类别 of a patrol line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PatrolKind {
    Ups,
    /// 精密空调
    Crac,
    /// 配电柜
    Distribution,
    /// 列头柜
    RowHead,
    /// 蓄电池
    Battery,
    /// 发电机
    Generator,
    Other,
}

impl PatrolKind {
    pub const ALL: &'static [PatrolKind] = &[
        PatrolKind::Ups,
        PatrolKind::Crac,
        PatrolKind::Distribution,
        PatrolKind::RowHead,
        PatrolKind::Battery,
        PatrolKind::Generator,
        PatrolKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PatrolKind::Ups => "ups",
            PatrolKind::Crac => "crac",
            PatrolKind::Distribution => "distribution",
            PatrolKind::RowHead => "row_head",
            PatrolKind::Battery => "battery",
            PatrolKind::Generator => "generator",
            PatrolKind::Other => "other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PatrolKind::Ups => "UPS",
            PatrolKind::Crac => "精密空调",
            PatrolKind::Distribution => "配电柜",
            PatrolKind::RowHead => "列头柜",
            PatrolKind::Battery => "蓄电池",
            PatrolKind::Generator => "发电机",
            PatrolKind::Other => "其他",
        }
    }

    /// The code, the Chinese label, or a common alias.
    pub fn parse(s: &str) -> Option<PatrolKind> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        PatrolKind::ALL.iter().copied().find(|k| k.code() == lower || k.label_zh().eq_ignore_ascii_case(t)).or(
            match lower.as_str() {
                "空调" | "ac" => Some(PatrolKind::Crac),
                "row-head" | "rowhead" => Some(PatrolKind::RowHead),
                "电池" => Some(PatrolKind::Battery),
                "油机" => Some(PatrolKind::Generator),
                _ => None,
            },
        )
    }
}

/// 运行状态 of a patrol line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PatrolStatus {
    Ok,
    Abnormal,
    Stopped,
}

impl PatrolStatus {
    pub const ALL: &'static [PatrolStatus] = &[PatrolStatus::Ok, PatrolStatus::Abnormal, PatrolStatus::Stopped];

    pub fn code(self) -> &'static str {
        match self {
            PatrolStatus::Ok => "ok",
            PatrolStatus::Abnormal => "abnormal",
            PatrolStatus::Stopped => "stopped",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            PatrolStatus::Ok => "正常",
            PatrolStatus::Abnormal => "异常",
            PatrolStatus::Stopped => "停机",
        }
    }

    pub fn parse(s: &str) -> Option<PatrolStatus> {
        let t = s.trim().to_ascii_lowercase();
        PatrolStatus::ALL.iter().copied().find(|k| k.code() == t || k.label_zh() == t)
    }
}

/// One line of the patrol record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Patrol {
    /// Local time `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// 机房/配电室.
    pub room: String,
    pub kind: PatrolKind,
    /// 设备名称或编号 (a row-head cabinet's code for a 列头柜).
    pub name: String,
    pub status: PatrolStatus,
    pub voltage_v: Option<f64>,
    /// Amps as read: per phase for a 列头柜 (I1, I2, I3), per feed otherwise.
    pub currents: Vec<f64>,
    pub load_pct: Option<f64>,
    pub temp_c: Option<f64>,
    pub rh: Option<f64>,
    /// 异常描述.
    pub issue: Option<String>,
    /// 处理情况.
    pub handling: Option<String>,
    /// 巡视人.
    pub operator: String,
    pub note: Option<String>,
    /// The row-head reading this line recorded (P = 220 V × ΣI), in watts.
    pub row_head_w: Option<i64>,
}

fn currents_json(c: &[f64]) -> Option<String> {
    if c.is_empty() {
        None
    } else {
        serde_json::to_string(c).ok()
    }
}

fn currents_of(s: Option<String>) -> Vec<f64> {
    s.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// Inserts a line; returns its id.
pub fn insert(conn: &Connection, p: &Patrol, row_head_id: Option<i64>) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO patrols (at, room, kind, name, status, voltage_v, currents, load_pct, temp_c, rh, issue,
                              handling, operator, note, row_head_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )
    .and_then(|mut s| {
        s.execute(params![
            p.at,
            p.room,
            p.kind.code(),
            p.name,
            p.status.code(),
            p.voltage_v,
            currents_json(&p.currents),
            p.load_pct,
            p.temp_c,
            p.rh,
            p.issue,
            p.handling,
            p.operator,
            p.note,
            row_head_id
        ])
    })
    .map_err(Error::storage("记录巡视"))?;
    Ok(conn.last_insert_rowid())
}

fn from_row(r: &Row<'_>) -> crate::db::SqlResult<Patrol> {
    Ok(Patrol {
        at: r.get(0)?,
        room: r.get(1)?,
        kind: super::decode(r.get(2)?, PatrolKind::parse, 2)?,
        name: r.get(3)?,
        status: super::decode(r.get(4)?, PatrolStatus::parse, 4)?,
        voltage_v: r.get(5)?,
        currents: currents_of(r.get(6)?),
        load_pct: r.get(7)?,
        temp_c: r.get(8)?,
        rh: r.get(9)?,
        issue: r.get(10)?,
        handling: r.get(11)?,
        operator: r.get(12)?,
        note: r.get(13)?,
        row_head_w: r.get(14)?,
    })
}

/// Patrol lines between two times (inclusive, `YYYY-MM-DD HH:MM:SS`; None: open), in time order.
pub fn list(conn: &Connection, from: Option<&str>, to: Option<&str>) -> Result<Vec<Patrol>> {
    conn.prepare_cached(
        "SELECT p.at, p.room, p.kind, p.name, p.status, p.voltage_v, p.currents, p.load_pct, p.temp_c, p.rh,
                p.issue, p.handling, p.operator, p.note,
                (SELECT measured_w FROM row_head_readings h WHERE h.patrol_id = p.id)
         FROM patrols p WHERE (CAST(?1 AS TEXT) IS NULL OR p.at >= ?1) AND (CAST(?2 AS TEXT) IS NULL OR p.at <= ?2) ORDER BY p.at, p.id",
    )
    .and_then(|mut s| s.query_map(params![from, to], from_row)?.collect::<crate::db::SqlResult<Vec<_>>>())
    .map_err(Error::storage("读取巡视记录"))
}

/// A row-head cabinet's measured reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowHeadReading {
    pub row_head: String,
    pub at: String,
    pub measured_w: i64,
    pub currents: Vec<f64>,
    pub operator: String,
    pub note: Option<String>,
}

pub fn insert_reading(conn: &Connection, row_head_id: i64, r: &RowHeadReading, patrol_id: Option<i64>) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO row_head_readings (row_head_id, at, measured_w, currents, operator, patrol_id, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![row_head_id, r.at, r.measured_w, currents_json(&r.currents), r.operator, patrol_id, r.note])
    })
    .map_err(Error::storage("记录列头柜读数"))?;
    Ok(())
}

/// A row-head's readings, newest first, at most `limit`.
pub fn readings(conn: &Connection, row_head_id: i64, limit: u32) -> Result<Vec<RowHeadReading>> {
    conn.prepare_cached(
        "SELECT h.code, r.at, r.measured_w, r.currents, r.operator, r.note
         FROM row_head_readings r JOIN row_heads h ON h.id = r.row_head_id
         WHERE r.row_head_id = ?1 ORDER BY r.at DESC, r.id DESC LIMIT ?2",
    )
    .and_then(|mut s| {
        s.query_map(params![row_head_id, limit], |r| {
            Ok(RowHeadReading {
                row_head: r.get(0)?,
                at: r.get(1)?,
                measured_w: r.get(2)?,
                currents: currents_of(r.get(3)?),
                operator: r.get(4)?,
                note: r.get(5)?,
            })
        })?
        .collect::<crate::db::SqlResult<Vec<_>>>()
    })
    .map_err(Error::storage("读取列头柜读数"))
}

/// The latest reading of every row-head that has one: row-head id → (watts, time).
pub fn latest_readings(conn: &Connection) -> Result<std::collections::HashMap<i64, (i64, String)>> {
    conn.prepare_cached(
        "SELECT r.row_head_id, r.measured_w, r.at FROM row_head_readings r
         WHERE r.id = (SELECT x.id FROM row_head_readings x WHERE x.row_head_id = r.row_head_id
                       ORDER BY x.at DESC, x.id DESC LIMIT 1)",
    )
    .and_then(|mut s| {
        s.query_map([], |r| Ok((r.get::<_, i64>(0)?, (r.get::<_, i64>(1)?, r.get::<_, String>(2)?))))?
            .collect::<crate::db::SqlResult<std::collections::HashMap<_, _>>>()
    })
    .map_err(Error::storage("读取列头柜读数"))
}
