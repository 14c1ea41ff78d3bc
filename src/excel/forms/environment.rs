//! 温湿度记录 (every reading, with its dew point and status) and 机房巡视记录 (the IDC patrol),
//! in the column order of templates.md. The 温湿度记录 export reads back through the import
//! (its 露点 and 状态 columns are computed, and ignored there).

use chrono::NaiveDateTime;

use super::super::environment::ENV_READINGS;
use super::super::writer::{col, enum_col, labels, title, Book, Col, V};
use crate::db::patrols::{Patrol, PatrolKind, PatrolStatus};
use crate::error::Result;
use crate::ledger::Ledger;

pub const ENV_SHEET: &str = "温湿度记录";
pub const PATROL_SHEET: &str = "机房巡视记录";

fn stored_time(s: &str) -> V {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").map(V::DateTime).unwrap_or_else(|_| V::text(s))
}

fn num(v: Option<f64>) -> V {
    v.map(V::Num).unwrap_or(V::Empty)
}

/// Writes every reading (of one room, if given), oldest first.
pub fn write_env(book: &mut Book<'_>, ledger: &Ledger, room: Option<&str>, now: NaiveDateTime) -> Result<()> {
    let rows = ledger.env_readings(room)?;
    let mut cols: Vec<Col> = ["at", "room", "point", "temp_c", "rh"]
        .iter()
        .filter_map(|k| ENV_READINGS.iter().find(|c| c.key == *k))
        .map(|c| col(c.header))
        .collect();
    cols.push(col("露点(℃)"));
    cols.push(enum_col("状态", vec!["正常", "超限"]));
    cols.push(enum_col("来源", vec!["人工", "动环导入"]));
    cols.push(col("读数人"));
    cols.push(col("备注"));
    let row = |i: usize| {
        let (r, p) = &rows[i];
        vec![
            stored_time(&r.at),
            V::text(&r.room),
            V::text(&r.point),
            V::Num(r.temp_c),
            num(r.rh),
            num(p.dew_point_c),
            V::text(p.status.label_zh()),
            V::text(r.source.label_zh()),
            V::text(&r.operator),
            V::opt(&r.note),
        ]
    };
    book.sheet(ENV_SHEET, &title("温湿度记录", now), &cols, rows.len(), &row)
}

/// 电流(A) as read: `12.5/13/12.8`.
fn currents(p: &Patrol) -> V {
    V::text(&p.currents.iter().map(|a| a.to_string()).collect::<Vec<_>>().join("/"))
}

/// Writes the patrol record.
pub fn write_patrol(book: &mut Book<'_>, ledger: &Ledger, now: NaiveDateTime) -> Result<()> {
    let list = ledger.patrols(None, None)?;
    let cols = vec![
        col("巡视时间"),
        col("机房/配电室"),
        enum_col("设备类别", labels(PatrolKind::ALL, PatrolKind::label_zh)),
        col("设备名称或编号"),
        enum_col("运行状态", labels(PatrolStatus::ALL, PatrolStatus::label_zh)),
        col("电压(V)"),
        col("电流(A)"),
        col("负载率(%)"),
        col("温度(℃)"),
        col("湿度(%RH)"),
        col("异常描述"),
        col("处理情况"),
        col("巡视人"),
        col("备注"),
    ];
    let row = |i: usize| {
        let p = &list[i];
        vec![
            stored_time(&p.at),
            V::text(&p.room),
            V::text(p.kind.label_zh()),
            V::text(&p.name),
            V::text(p.status.label_zh()),
            num(p.voltage_v),
            currents(p),
            num(p.load_pct),
            num(p.temp_c),
            num(p.rh),
            V::opt(&p.issue),
            V::opt(&p.handling),
            V::text(&p.operator),
            V::opt(&p.note),
        ]
    };
    book.sheet(PATROL_SHEET, &title("机房巡视记录", now), &cols, list.len(), &row)
}
