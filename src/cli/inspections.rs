//! `inspection start|mark|point|submit|review|list|show` — the daily inspection (附件1). The rules
//! are the ledger's; this file parses and prints.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::db::uids::Record;
use crate::i18n::Lang;
use crate::ledger::{DeviceMark, Marked, PointMark};
use crate::model::{DeviceResult, Indicator, Inspection, InspectionDetail, InspectionItem, PointResult};

fn date(s: &str) -> Result<NaiveDate, String> {
    crate::parse::date(s)
}

macro_rules! enum_parser {
    ($($f:ident: $t:ty),* $(,)?) => {$(
        fn $f(s: &str) -> Result<$t, String> {
            <$t>::parse(s).ok_or_else(|| format!("可选值 / choices: {}", <$t>::choices()))
        }
    )*};
}
enum_parser!(device_result: DeviceResult, point_result: PointResult, indicator: Indicator, item: InspectionItem);

#[derive(Debug, Subcommand)]
pub enum InspectionCmd {
    /// 开始巡检（附件1）/ start the daily inspection of one or more rooms
    Start {
        /// 机房（可多次）/ room (repeatable)
        #[arg(long = "room", required = true)]
        rooms: Vec<String>,
        /// 巡检日期（默认今天）/ date (default today)
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
    },
    /// 标记设备，或 --cabinet 整柜正常 / mark a device, or a whole cabinet normal
    Mark(MarkArgs),
    /// 标记检查点（子表1）/ mark a check point of sub-table 1
    Point(PointArgs),
    /// 提交巡检 / submit
    Submit { no: String },
    /// 运维总监审核 / the director's review
    Review {
        no: String,
        /// 审核意见 / opinion
        #[arg(long)]
        opinion: Option<String>,
    },
    /// 巡检记录 / the inspections, newest first
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// 巡检详情（子表1、子表2、上次巡检未恢复的发现）/ one inspection
    Show { no: String },
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// 巡检单号 / inspection number
    pub no: String,
    /// 资产编号 / asset tag
    #[arg(required_unless_present = "cabinet", conflicts_with = "cabinet")]
    pub asset: Option<String>,
    /// 整柜标记 / every unmarked device of a cabinet
    #[arg(long)]
    pub cabinet: Option<String>,
    /// 正常|告警|故障 (ok|alarm|fault)
    #[arg(long, value_parser = device_result)]
    pub result: DeviceResult,
    /// 异常描述 / what is wrong (required for 告警/故障)
    #[arg(long)]
    pub note: Option<String>,
    /// 电源指示 正常|异常|无
    #[arg(long, value_parser = indicator)]
    pub power: Option<Indicator>,
    /// 硬盘指示 正常|异常|无
    #[arg(long, value_parser = indicator)]
    pub disk: Option<Indicator>,
    /// 风扇与系统告警灯 正常|异常
    #[arg(long, value_parser = indicator)]
    pub fan: Option<Indicator>,
    /// 网口指示 正常|异常|无
    #[arg(long, value_parser = indicator)]
    pub net: Option<Indicator>,
    /// 备注 / remark
    #[arg(long)]
    pub remark: Option<String>,
}

#[derive(Debug, Args)]
pub struct PointArgs {
    pub no: String,
    /// 巡检项：温度|湿度|市电|UPS|精密空调|列头柜|消防|门禁|漏水|照明|其他
    #[arg(long, value_parser = item)]
    pub item: Option<InspectionItem>,
    /// 检查点 / the check point (A列冷通道, UPS-1, A-RPP1 …)
    #[arg(long)]
    pub point: String,
    /// 机房（巡检多个机房时）/ room, when the inspection walks several
    #[arg(long)]
    pub room: Option<String>,
    /// 读数 / reading (24.5 ℃, 45 %RH …)
    #[arg(long)]
    pub reading: Option<String>,
    /// 正常|异常（默认正常）
    #[arg(long, value_parser = point_result)]
    pub result: Option<PointResult>,
    /// 异常描述 / what is wrong (required for 异常)
    #[arg(long)]
    pub note: Option<String>,
    /// 处理情况 / what was done
    #[arg(long)]
    pub handling: Option<String>,
}

fn head_rows(list: &[Inspection], lang: Lang) -> String {
    let headers = match lang {
        Lang::Zh => ["巡检单号", "日期", "机房", "状态", "巡检人", "设备已标记", "检查点已标记", "发现", "审核人"],
        Lang::En => ["no", "date", "rooms", "state", "inspector", "devices", "points", "findings", "reviewer"],
    };
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|i| {
            vec![
                i.inspection_no.clone(),
                i.date.to_string(),
                i.rooms.join(lang.pick("、", ", ")),
                i.state.label(lang).into(),
                i.inspector.clone(),
                format!("{}/{}", i.devices_marked, i.devices_total),
                format!("{}/{}", i.points_marked, i.points_total),
                i.findings.to_string(),
                i.reviewer.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table::render(&headers, &rows)
}

fn detail_text(d: &InspectionDetail, lang: Lang) -> String {
    let mut s = head_rows(std::slice::from_ref(&d.inspection), lang);
    if !d.open_findings.is_empty() {
        s.push_str(&match lang {
            Lang::Zh => format!("\n上次巡检（{}）未恢复的发现：\n", d.previous_no.clone().unwrap_or_default()),
            Lang::En => {
                format!("\nopen findings of the previous inspection ({}):\n", d.previous_no.clone().unwrap_or_default())
            }
        });
        for f in &d.open_findings {
            s.push_str(&format!(
                "  {} {} {} {}\n",
                f.fault_no,
                f.asset_tag.clone().or_else(|| f.room.clone()).unwrap_or_default(),
                f.description,
                f.state.label(lang)
            ));
        }
    }
    let headers = match lang {
        Lang::Zh => ["机房", "巡检项", "检查点", "标准", "读数", "结果", "异常描述", "关联告警编号"],
        Lang::En => ["room", "item", "point", "standard", "reading", "result", "description", "fault"],
    };
    let rows: Vec<Vec<String>> = d
        .points
        .iter()
        .map(|p| {
            vec![
                p.room.clone(),
                p.item.label(lang).into(),
                p.point.clone(),
                p.standard.clone().unwrap_or_default(),
                p.reading.clone().unwrap_or_default(),
                p.result.map(|r| r.label(lang).to_string()).unwrap_or_default(),
                p.description.clone().unwrap_or_default(),
                p.fault_no.clone().unwrap_or_default(),
            ]
        })
        .collect();
    s.push('\n');
    s.push_str(&table::render(&headers, &rows));
    let headers = match lang {
        Lang::Zh => ["机柜", "U位", "资产编号", "设备名称", "结果", "异常描述", "关联告警编号"],
        Lang::En => ["cabinet", "U", "asset", "name", "result", "description", "fault"],
    };
    let rows: Vec<Vec<String>> = d
        .devices
        .iter()
        .map(|x| {
            vec![
                x.cabinet.clone(),
                format!("U{}", x.start_u),
                x.asset_tag.clone(),
                x.name.clone(),
                x.result.map(|r| r.label(lang).to_string()).unwrap_or_default(),
                x.description.clone().unwrap_or_default(),
                x.fault_no.clone().unwrap_or_default(),
            ]
        })
        .collect();
    s.push('\n');
    s.push_str(&table::render(&headers, &rows));
    s
}

fn marked(m: Marked, lang: Lang) -> Outcome {
    let i = &m.inspection;
    let mut text = match lang {
        Lang::Zh => format!(
            "{} 已标记 {} 台设备、{} 个检查点（设备 {}/{}）",
            i.inspection_no,
            m.devices.len(),
            m.points.len(),
            i.devices_marked,
            i.devices_total
        ),
        Lang::En => format!(
            "{}: marked {} devices, {} check points (devices {}/{})",
            i.inspection_no,
            m.devices.len(),
            m.points.len(),
            i.devices_marked,
            i.devices_total
        ),
    };
    if m.skipped > 0 {
        text.push_str(&match lang {
            Lang::Zh => format!("；{} 台已标记过，未改动", m.skipped),
            Lang::En => format!("; {} already marked, left as they were", m.skipped),
        });
    }
    if let Some(no) = &m.fault_no {
        text.push_str(&match lang {
            Lang::Zh => format!("；已登记故障告警 {no}"),
            Lang::En => format!("; fault record {no} filed"),
        });
    }
    Outcome::ok(
        json!({
            "ok": true,
            "inspection_no": i.inspection_no,
            "fault_no": m.fault_no,
            "marked": m.devices.len() + m.points.len(),
            "skipped": m.skipped,
            "inspection": i,
            "devices": m.devices,
            "points": m.points,
        }),
        text,
    )
}

pub fn run(env: &mut Env, cmd: InspectionCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        InspectionCmd::Start { rooms, date } => {
            let d = env.ledger.start_inspection(&env.ctx, &rooms, date)?;
            let text = format!("{}{}", lang.pick("已开始巡检\n", "inspection started\n"), detail_text(&d, lang));
            Ok(Outcome::ok(json!({"ok": true, "inspection_no": d.inspection.inspection_no, "detail": d}), text))
        }
        InspectionCmd::Mark(a) => {
            let m = match (&a.asset, &a.cabinet) {
                (_, Some(cabinet)) => {
                    if a.result != DeviceResult::Normal {
                        return Err(Failure::Usage(
                            lang.pick(
                                "整柜只能标记为正常；告警或故障请逐台标记并填写 --note",
                                "a whole cabinet can only be marked normal; mark an alarm or fault device by device with --note",
                            )
                            .to_string(),
                        ));
                    }
                    env.ledger.mark_cabinet_normal(&env.ctx, &a.no, cabinet)?
                }
                (Some(asset), None) => {
                    let mark = DeviceMark {
                        result: Some(a.result),
                        description: a.note,
                        power: a.power,
                        disk: a.disk,
                        fan: a.fan,
                        net: a.net,
                        note: a.remark,
                    };
                    env.ledger.mark_device(&env.ctx, &a.no, asset, &mark)?
                }
                (None, None) => {
                    return Err(Failure::Usage(
                        lang.pick("请给出资产编号或 --cabinet", "give an asset tag or --cabinet").into(),
                    ))
                }
            };
            Ok(marked(m, lang))
        }
        InspectionCmd::Point(a) => {
            let mark = PointMark {
                room: a.room,
                item: a.item,
                point: a.point,
                reading: a.reading,
                result: a.result,
                description: a.note,
                handling: a.handling,
                note: None,
            };
            Ok(marked(env.ledger.mark_point(&env.ctx, &a.no, &mark)?, lang))
        }
        InspectionCmd::Submit { no } => {
            let i = env.ledger.submit_inspection(&env.ctx, &no)?;
            let text = format!("{}{}", lang.pick("已提交\n", "submitted\n"), head_rows(std::slice::from_ref(&i), lang));
            Ok(Outcome::ok(json!({"ok": true, "inspection_no": i.inspection_no, "inspection": i}), text))
        }
        InspectionCmd::Review { no, opinion } => {
            let i = env.ledger.review_inspection(&env.ctx, &no, opinion.as_deref())?;
            let text = format!("{}{}", lang.pick("已审核\n", "reviewed\n"), head_rows(std::slice::from_ref(&i), lang));
            Ok(Outcome::ok(json!({"ok": true, "inspection_no": i.inspection_no, "inspection": i}), text))
        }
        InspectionCmd::List { limit } => {
            let list = env.ledger.inspections(limit)?;
            let text = head_rows(&list, lang);
            Ok(Outcome::ok(json!({"inspections": list, "count": list.len()}), text))
        }
        InspectionCmd::Show { no } => {
            let d = env.ledger.inspection(&no)?;
            let text = detail_text(&d, lang);
            let no = d.inspection.inspection_no.clone();
            Outcome::shown(&env.ledger, Record::Inspection, &no, json!({"inspection_no": no, "detail": d}), text)
        }
    }
}
