//! 机柜功率表: one row per cabinet with its load, levels and status as the power report judged
//! them, and a second sheet 列头柜 with the row-head cabinets and their failover load.

use chrono::NaiveDateTime;

use super::super::writer::{col, kw, parse_stamp, title, Book, Col, V};
use crate::error::Result;

pub(crate) fn write_power(
    book: &mut Book<'_>,
    r: &crate::power::PowerReport,
    now: Option<NaiveDateTime>,
) -> Result<()> {
    let t = |form: &str| now.map(|n| title(form, n)).unwrap_or_else(|| form.to_string());
    let cols: Vec<Col> = [
        "机房",
        "列",
        "机柜编号",
        "额定功率(kW)",
        "设备数",
        "计算负载(kW)",
        "实测负载(kW)",
        "读数时间",
        "负载率",
        "预警阈值",
        "告警阈值",
        "剩余容量(kW)",
        "状态",
        "A路列头柜",
        "B路列头柜",
    ]
    .iter()
    .map(|h| col(h))
    .collect();
    let f = |x: Option<f64>| x.map(|w| V::Kw(w / 1000.0)).unwrap_or(V::Empty);
    let pct = |x: Option<f64>| x.map(V::Pct).unwrap_or(V::Empty);
    let cab = |i: usize| {
        let c = &r.cabinets[i];
        vec![
            V::text(&c.room),
            V::opt(&c.row),
            V::text(&c.cabinet),
            kw(c.capacity_w),
            V::Int(c.device_count),
            kw(Some(c.computed_w)),
            kw(c.measured_w),
            c.measured_at.as_deref().map(parse_stamp).unwrap_or(V::Empty),
            pct(c.utilization),
            V::Pct(c.warning_level),
            V::Pct(c.alarm_level),
            f(c.headroom_w),
            V::text(c.status.label_zh()),
            c.feeds.first().map(|s| V::text(s)).unwrap_or(V::Empty),
            c.feeds.get(1).map(|s| V::text(s)).unwrap_or(V::Empty),
        ]
    };
    book.sheet("机柜功率表", &t("机柜功率表"), &cols, r.cabinets.len(), &cab)?;
    let head_cols: Vec<Col> = [
        "机房",
        "列",
        "列头柜编号",
        "额定容量(kW)",
        "机柜数",
        "负载(kW)",
        "负载率",
        "预警阈值",
        "告警阈值",
        "剩余容量(kW)",
        "状态",
        "故障切换负载(kW)",
        "故障切换负载率",
    ]
    .iter()
    .map(|h| col(h))
    .collect();
    let head = |i: usize| {
        let h = &r.row_heads[i];
        let headroom = crate::power::calc::headroom(
            h.load_w,
            Some(h.capacity_w),
            crate::power::Levels { warning: h.warning_level, alarm: h.alarm_level },
        );
        vec![
            V::text(&h.room),
            V::opt(&h.row),
            V::text(&h.row_head),
            kw(Some(h.capacity_w)),
            V::Int(h.cabinet_count),
            V::Kw(h.load_w / 1000.0),
            pct(h.utilization),
            V::Pct(h.warning_level),
            V::Pct(h.alarm_level),
            f(headroom),
            V::text(h.status.label_zh()),
            V::Kw(h.failover_load_w / 1000.0),
            pct(h.failover_utilization),
        ]
    };
    book.sheet("列头柜", &t("列头柜功率表"), &head_cols, r.row_heads.len(), &head)
}
