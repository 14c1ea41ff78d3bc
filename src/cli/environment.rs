//! `env`, `env reading|history|remedy|limits` and `patrol add|list`: temperature and humidity,
//! the remedy for a hot cabinet, and the IDC patrol record. Parses, calls the ledger, prints.

use clap::{Args, Subcommand};
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::db::env::EnvSource;
use crate::db::patrols::{PatrolKind, PatrolStatus};
use crate::environment::{EnvOverrides, EnvPoint};
use crate::error::Error;
use crate::i18n::Lang;
use crate::ledger::{EnvDraft, PatrolDraft, Remedy};
use crate::parse;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct EnvArgs {
    #[command(subcommand)]
    pub cmd: Option<EnvCmd>,
    /// 只看一个机房 / one room only
    #[arg(long)]
    pub room: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EnvCmd {
    /// 记录温湿度读数 / record a temperature (and humidity) reading
    Reading {
        /// 测点：机柜编号（进风口）或测点名称 / a cabinet code or a named point
        point: String,
        /// 温度(℃)
        #[arg(long, allow_hyphen_values = true)]
        temp: String,
        /// 相对湿度(%RH)
        #[arg(long)]
        rh: Option<String>,
        #[arg(long)]
        room: Option<String>,
        /// 读数时间 / when it was read (default: now)
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// 测点的历史读数 / a point's readings, newest first
    History {
        point: String,
        #[arg(long)]
        room: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// 过热机柜的处置建议 / remedy for a hot cabinet
    Remedy { cabinet: String },
    /// 温湿度限值（全局用 settings set env.temp_max …）/ a room's own limits
    Limits {
        #[arg(long)]
        room: String,
        /// 空值清除 / an empty value clears the override
        #[arg(long = "temp-min", allow_hyphen_values = true)]
        temp_min: Option<String>,
        #[arg(long = "temp-max", allow_hyphen_values = true)]
        temp_max: Option<String>,
        #[arg(long = "rh-max")]
        rh_max: Option<String>,
        #[arg(long = "dew-min", allow_hyphen_values = true)]
        dew_min: Option<String>,
        #[arg(long = "dew-max", allow_hyphen_values = true)]
        dew_max: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PatrolCmd {
    /// 记录一条巡视 / a line of the IDC patrol record
    Add(Box<PatrolArgs>),
    /// 巡视记录 / the patrol record
    List {
        /// 起始日期 / from this day
        #[arg(long)]
        from: Option<String>,
        /// 截止日期 / up to this day
        #[arg(long)]
        to: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct PatrolArgs {
    /// 设备类别：UPS|精密空调|配电柜|列头柜|蓄电池|发电机|其他
    #[arg(long)]
    pub kind: String,
    /// 设备名称或编号（列头柜填其编号）
    #[arg(long)]
    pub name: String,
    /// 运行状态：正常|异常|停机
    #[arg(long)]
    pub status: String,
    /// 机房/配电室
    #[arg(long)]
    pub room: Option<String>,
    #[arg(long)]
    pub at: Option<String>,
    /// 电压(V)
    #[arg(long)]
    pub voltage: Option<String>,
    /// 电流(A)，列头柜为各相电流 / amps, one per phase for a 列头柜
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    pub current: Vec<String>,
    /// 负载率(%)
    #[arg(long)]
    pub load: Option<String>,
    /// 温度(℃)
    #[arg(long, allow_hyphen_values = true)]
    pub temp: Option<String>,
    /// 湿度(%RH)
    #[arg(long)]
    pub rh: Option<String>,
    /// 异常描述
    #[arg(long)]
    pub issue: Option<String>,
    /// 处理情况
    #[arg(long)]
    pub handling: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

fn num(v: &str, field: &str) -> Result<f64, Error> {
    parse::number(v).map_err(|reason| Error::InvalidValue { field: field.into(), value: v.into(), reason })
}

fn opt_num(v: &Option<String>, field: &str) -> Result<Option<f64>, Error> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => num(s, field).map(Some),
    }
}

fn fmt1(v: Option<f64>) -> String {
    v.map(|v| format!("{v:.1}")).unwrap_or_default()
}

fn points_text(points: &[EnvPoint], lang: Lang) -> String {
    let headers = match lang {
        Lang::Zh => ["机房", "测点", "温度(℃)", "湿度(%RH)", "露点(℃)", "读数时间", "状态", "说明"],
        Lang::En => ["room", "point", "temp (℃)", "RH (%)", "dew point (℃)", "at", "status", "why"],
    };
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|p| {
            vec![
                p.room.clone(),
                p.point.clone(),
                fmt1(Some(p.temp_c)),
                fmt1(p.rh),
                fmt1(p.dew_point_c),
                p.at.clone(),
                p.status.label(lang).to_string(),
                p.reasons.join("；"),
            ]
        })
        .collect();
    table::render(&headers, &rows)
}

fn point_json(p: &EnvPoint) -> serde_json::Value {
    json!({
        "point": p.point, "room": p.room, "cabinet": p.cabinet, "row": p.row, "temp_c": p.temp_c, "rh": p.rh,
        "dew_point_c": p.dew_point_c, "at": p.at, "status": p.status.code(), "reasons": p.reasons,
    })
}

pub fn env(env: &mut Env, args: EnvArgs) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match args.cmd {
        None => {
            let points = env.ledger.env_points(args.room.as_deref())?;
            let doc = json!({ "points": points.iter().map(point_json).collect::<Vec<_>>() });
            Ok(Outcome::ok(doc, points_text(&points, lang)))
        }
        Some(EnvCmd::Reading { point, temp, rh, room, at, note }) => {
            let draft =
                EnvDraft {
                    point, room, temp_c: num(&temp, "温度(℃)")?, rh: opt_num(&rh, "相对湿度(%RH)")?, at, note
                };
            let p = env.ledger.record_env(&env.ctx, &draft, EnvSource::Manual)?;
            let mut doc = point_json(&p);
            if let Some(o) = doc.as_object_mut() {
                o.insert("ok".into(), json!(true));
            }
            let text = match lang {
                Lang::Zh => format!("已记录 {} {} {:.1} ℃：{}", p.room, p.point, p.temp_c, p.status.label(lang)),
                Lang::En => format!("recorded {} {} {:.1} ℃: {}", p.room, p.point, p.temp_c, p.status.label(lang)),
            } + &p.reasons.iter().map(|r| format!("\n  {r}")).collect::<String>();
            Ok(Outcome::ok(doc, text))
        }
        Some(EnvCmd::History { point, room, limit }) => {
            let points = env.ledger.env_history(&point, room.as_deref(), limit)?;
            let doc = json!({ "point": point, "readings": points.iter().map(point_json).collect::<Vec<_>>() });
            Ok(Outcome::ok(doc, points_text(&points, lang)))
        }
        Some(EnvCmd::Remedy { cabinet }) => {
            let r = env.ledger.env_remedy(&cabinet)?;
            let text = remedy_text(&r, lang);
            Ok(Outcome::ok(serde_json::to_value(&r).unwrap_or_default(), text))
        }
        Some(EnvCmd::Limits { room, temp_min, temp_max, rh_max, dew_min, dew_max }) => {
            let mut o = env.ledger.env_overrides(&room)?;
            for (v, slot, field) in [
                (&temp_min, &mut o.temp_min, "temp-min"),
                (&temp_max, &mut o.temp_max, "temp-max"),
                (&rh_max, &mut o.rh_max, "rh-max"),
                (&dew_min, &mut o.dew_min, "dew-min"),
                (&dew_max, &mut o.dew_max, "dew-max"),
            ] {
                if v.is_some() {
                    *slot = opt_num(v, field)?;
                }
            }
            let any = [&temp_min, &temp_max, &rh_max, &dew_min, &dew_max].iter().any(|v| v.is_some());
            let limits = if any {
                env.ledger.set_env_limits(&env.ctx, &room, &o)?
            } else {
                env.ledger.env_limits(Some(&room))?
            };
            let overrides: EnvOverrides = o;
            let text = format!(
                "{room}: {}–{} ℃, RH ≤ {}%, {} {}–{} ℃",
                limits.temp_min,
                limits.temp_max,
                limits.rh_max,
                lang.pick("露点", "dew point"),
                limits.dew_min,
                limits.dew_max
            );
            Ok(Outcome::ok(json!({ "room": room, "limits": limits, "overrides": overrides }), text))
        }
    }
}

fn remedy_text(r: &Remedy, lang: Lang) -> String {
    let mut t = String::new();
    let inlet = r.inlet.as_ref().map(|p| format!("{:.1} ℃", p.temp_c)).unwrap_or_else(|| "—".into());
    t.push_str(&match (lang, r.hot) {
        (Lang::Zh, true) => format!("{} 进风温度 {inlet}，超过上限。建议迁出负载最大的设备：\n", r.cabinet),
        (Lang::Zh, false) => format!("{} 进风温度 {inlet}，未超上限。负载最大的设备及可迁往的较冷机柜：\n", r.cabinet),
        (Lang::En, true) => format!("{} inlet {inlet}, above the limit. Move its heaviest devices:\n", r.cabinet),
        (Lang::En, false) => {
            format!("{} inlet {inlet}, within limits. Its heaviest devices and cooler cabinets:\n", r.cabinet)
        }
    });
    for d in &r.devices {
        t.push_str(&format!("  {} {} {:.2} kW\n", d.asset_tag, d.name, d.load_w as f64 / 1000.0));
        if d.moves.is_empty() {
            t.push_str(lang.pick("    （没有较冷且有余量的机柜）\n", "    (no cooler cabinet with room for it)\n"));
        }
        for m in &d.moves {
            t.push_str(&format!(
                "    → {} U{} {:.1} ℃ {} {}\n",
                m.cabinet,
                m.start_u,
                m.inlet_temp_c,
                crate::power::kw(m.headroom_w),
                m.check.reasons.join("；")
            ));
        }
    }
    t
}

pub fn patrol(env: &mut Env, cmd: PatrolCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        PatrolCmd::Add(a) => {
            let a = *a;
            let kind = PatrolKind::parse(&a.kind).ok_or_else(|| Error::InvalidValue {
                field: "设备类别".into(),
                value: a.kind.clone(),
                reason: format!(
                    "可选：{}",
                    PatrolKind::ALL.iter().map(|k| k.label_zh()).collect::<Vec<_>>().join("、")
                ),
            })?;
            let status = PatrolStatus::parse(&a.status).ok_or_else(|| Error::InvalidValue {
                field: "运行状态".into(),
                value: a.status.clone(),
                reason: "可选：正常、异常、停机".into(),
            })?;
            let currents = a
                .current
                .iter()
                .filter(|c| !c.trim().is_empty())
                .map(|c| num(c, "电流(A)"))
                .collect::<Result<Vec<_>, _>>()?;
            let draft = PatrolDraft {
                kind,
                name: a.name,
                status,
                room: a.room,
                at: a.at,
                voltage_v: opt_num(&a.voltage, "电压(V)")?,
                currents,
                load_pct: opt_num(&a.load, "负载率(%)")?,
                temp_c: opt_num(&a.temp, "温度(℃)")?,
                rh: opt_num(&a.rh, "湿度(%RH)")?,
                issue: a.issue,
                handling: a.handling,
                note: a.note,
            };
            let p = env.ledger.add_patrol(&env.ctx, &draft)?;
            let mut text = match lang {
                Lang::Zh => format!("已记录巡视：{} {} {}", p.kind.label_zh(), p.name, p.status.label_zh()),
                Lang::En => format!("patrol recorded: {} {} {}", p.kind.code(), p.name, p.status.code()),
            };
            if let Some(w) = p.row_head_w {
                text.push_str(&match lang {
                    Lang::Zh => format!("；列头柜读数 {}", crate::power::kw(w as f64)),
                    Lang::En => format!("; row-head reading {}", crate::power::kw(w as f64)),
                });
            }
            let mut doc = serde_json::to_value(&p).unwrap_or_default();
            if let Some(o) = doc.as_object_mut() {
                o.insert("ok".into(), json!(true));
            }
            Ok(Outcome::ok(doc, text))
        }
        PatrolCmd::List { from, to } => {
            let day = |s: &Option<String>, end: bool| -> Result<Option<String>, Error> {
                s.as_deref()
                    .map(|s| {
                        parse::date(s)
                            .map(|d| format!("{d} {}", if end { "23:59:59" } else { "00:00:00" }))
                            .map_err(|reason| Error::InvalidValue { field: "日期".into(), value: s.into(), reason })
                    })
                    .transpose()
            };
            let list = env.ledger.patrols(day(&from, false)?.as_deref(), day(&to, true)?.as_deref())?;
            let headers = match lang {
                Lang::Zh => ["巡视时间", "机房/配电室", "设备类别", "设备名称或编号", "运行状态", "电流(A)", "巡视人"],
                Lang::En => ["at", "room", "kind", "name", "status", "amps", "by"],
            };
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|p| {
                    vec![
                        p.at.clone(),
                        p.room.clone(),
                        lang.pick(p.kind.label_zh(), p.kind.code()).to_string(),
                        p.name.clone(),
                        lang.pick(p.status.label_zh(), p.status.code()).to_string(),
                        p.currents.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("/"),
                        p.operator.clone(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(json!({ "patrols": list }), table::render(&headers, &rows)))
        }
    }
}
