//! 故障周报 (templates.md): 汇总 by 来源 × 故障类型 with a 合计 row, 明细 in the 附件3 columns,
//! and 用户报障 with 报告人 and the device's 归属单位. The figures are
//! [`crate::ledger::FaultWeekReport`]'s; this file only lays them out.

use super::super::writer::{col, Book, Col, V};
use super::faults;
use super::time;
use crate::error::Result;
use crate::ledger::FaultWeekReport;

pub fn write(book: &mut Book<'_>, r: &FaultWeekReport) -> Result<()> {
    let cols: Vec<Col> = ["来源", "故障类型", "本周新增", "本周恢复", "仍未恢复", "平均恢复时长(分钟)", "影响业务次数"]
        .iter()
        .map(|h| col(h))
        .collect();
    let mean = |m: Option<f64>| m.map(V::Num).unwrap_or(V::Empty);
    let n = r.lines.len() + 1;
    let summary = |i: usize| match r.lines.get(i) {
        Some(l) => vec![
            V::text(l.source.label_zh()),
            V::text(l.fault_type.map(|t| t.label_zh()).unwrap_or("未分类")),
            V::Int(l.new),
            V::Int(l.recovered),
            V::Int(l.still_open),
            mean(l.mean_recovery_min),
            V::Int(l.service_impact),
        ],
        None => vec![
            V::text("合计"),
            V::Empty,
            V::Int(r.total.new),
            V::Int(r.total.recovered),
            V::Int(r.total.still_open),
            mean(r.total.mean_recovery_min),
            V::Int(r.total.service_impact),
        ],
    };
    book.sheet("汇总", &r.title, &cols, n, &summary)?;

    let detail = |i: usize| faults::row(&r.details[i]);
    book.sheet("明细", &r.title, &faults::cols(), r.details.len(), &detail)?;

    let cols: Vec<Col> = [
        "登记编号",
        "发生时间",
        "报告人",
        "归属单位",
        "机房",
        "机柜编号",
        "资产编号",
        "设备名称",
        "描述",
        "是否影响业务",
        "恢复时间",
        "状态",
    ]
    .iter()
    .map(|h| col(h))
    .collect();
    let user = |i: usize| {
        let u = &r.user_reports[i];
        let f = &u.fault;
        vec![
            V::text(&f.fault_no),
            V::DateTime(f.occurred_at),
            V::opt(&f.reporter),
            V::opt(&u.owner),
            V::opt(&f.room),
            V::opt(&f.cabinet),
            V::opt(&f.asset_tag),
            V::opt(&f.asset_name),
            V::text(&f.description),
            V::text(if f.service_impact { "是" } else { "否" }),
            time(f.recovered_at),
            V::text(f.state.label_zh()),
        ]
    };
    book.sheet("用户报障", &r.title, &cols, r.user_reports.len(), &user)
}
