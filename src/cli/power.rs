//! `power`, `reading`, `rowhead`, `settings`, and the power options of `cabinet add/set`.

use clap::{Args, Subcommand};
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::db::power::CabinetPowerConfig;
use crate::db::row_heads::RowHead;
use crate::error::Error;
use crate::i18n::Lang;
use crate::ledger::Measured;
use crate::parse;
use crate::power::{kw, pct, PowerReport, PowerStatus};

/// Power options shared by `cabinet add` and `cabinet set`. An empty value clears a field.
#[derive(Debug, Args, Default)]
pub struct CabinetPowerArgs {
    /// 额定功率(kW) / rated power
    #[arg(long = "rated-kw", value_name = "KW")]
    pub rated_kw: Option<String>,
    /// A路列头柜 / row-head of feed A
    #[arg(long = "feed-a", value_name = "ROW_HEAD")]
    pub feed_a: Option<String>,
    /// A路支路 / branch number of feed A
    #[arg(long = "branch-a")]
    pub branch_a: Option<String>,
    /// A路开关(A) / breaker amps of feed A
    #[arg(long = "breaker-a", value_name = "AMPS")]
    pub breaker_a: Option<String>,
    #[arg(long = "feed-b", value_name = "ROW_HEAD")]
    pub feed_b: Option<String>,
    #[arg(long = "branch-b")]
    pub branch_b: Option<String>,
    #[arg(long = "breaker-b", value_name = "AMPS")]
    pub breaker_b: Option<String>,
    /// 预警阈值 (80 / 80% / 0.8)
    #[arg(long)]
    pub warning: Option<String>,
    /// 告警阈值 (90 / 90% / 0.9)
    #[arg(long)]
    pub alarm: Option<String>,
}

impl CabinetPowerArgs {
    pub fn is_empty(&self) -> bool {
        [
            &self.rated_kw,
            &self.feed_a,
            &self.branch_a,
            &self.breaker_a,
            &self.feed_b,
            &self.branch_b,
            &self.breaker_b,
            &self.warning,
            &self.alarm,
        ]
        .iter()
        .all(|o| o.is_none())
    }

    /// Applies the given options over `c`.
    pub fn apply(&self, c: &mut CabinetPowerConfig) -> Result<(), Error> {
        fn text(v: &str) -> Option<String> {
            let t = v.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        fn num(v: &str, field: &str) -> Result<Option<f64>, Error> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            parse::number(v).map(Some).map_err(|reason| Error::InvalidValue {
                field: field.into(),
                value: v.into(),
                reason,
            })
        }
        fn level(v: &str, field: &str) -> Result<Option<f64>, Error> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            parse::level(v).map(Some).map_err(|reason| Error::InvalidValue {
                field: field.into(),
                value: v.into(),
                reason,
            })
        }
        if let Some(v) = &self.rated_kw {
            c.rated_w = kw_to_w(v, "额定功率(kW)")?;
        }
        if let Some(v) = &self.feed_a {
            c.feed_a = text(v);
        }
        if let Some(v) = &self.branch_a {
            c.feed_a_branch = text(v);
        }
        if let Some(v) = &self.breaker_a {
            c.feed_a_breaker_a = num(v, "A路开关(A)")?;
        }
        if let Some(v) = &self.feed_b {
            c.feed_b = text(v);
        }
        if let Some(v) = &self.branch_b {
            c.feed_b_branch = text(v);
        }
        if let Some(v) = &self.breaker_b {
            c.feed_b_breaker_a = num(v, "B路开关(A)")?;
        }
        if let Some(v) = &self.warning {
            c.warning_level = level(v, "预警阈值(%)")?;
        }
        if let Some(v) = &self.alarm {
            c.alarm_level = level(v, "告警阈值(%)")?;
        }
        Ok(())
    }
}

/// `4.4` (kW) → 4400 W, by [`parse::kw`]; an empty value sets nothing.
fn kw_to_w(v: &str, field: &str) -> Result<Option<i64>, Error> {
    if v.trim().is_empty() {
        return Ok(None);
    }
    parse::kw(v).map(Some).map_err(|reason| Error::InvalidValue { field: field.into(), value: v.into(), reason })
}

#[derive(Debug, Subcommand)]
pub enum RowHeadCmd {
    /// 登记列头柜 / add a row-head cabinet
    Add(RowHeadArgs),
    /// 修改列头柜 / change a row-head cabinet
    Set(RowHeadArgs),
    /// 列出列头柜 / list row-head cabinets
    List,
}

#[derive(Debug, Args)]
pub struct RowHeadArgs {
    pub code: String,
    #[arg(long)]
    pub room: Option<String>,
    #[arg(long)]
    pub row: Option<String>,
    /// 额定容量(kW)
    #[arg(long = "capacity-kw", value_name = "KW")]
    pub capacity_kw: Option<String>,
    /// 电压(V), default 380
    #[arg(long)]
    pub voltage: Option<i64>,
    /// 相数 1 | 3, default 3
    #[arg(long)]
    pub phases: Option<i64>,
    #[arg(long)]
    pub warning: Option<String>,
    #[arg(long)]
    pub alarm: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SettingsCmd {
    /// 设置 / set: power.warning 0.8 | power.alarm 0.9 | approvers 张三,李四
    Set { key: String, value: String },
    /// 查看全部设置 / list settings
    List,
}

#[derive(Debug, Args)]
pub struct ReadingArgs {
    pub cabinet: String,
    /// 实测功率(kW)
    pub kw: Option<String>,
    /// 读数时间 / time (2026-11-25 14:30), default now
    #[arg(long)]
    pub at: Option<String>,
    /// A路电流(A), with --amps-b instead of KW (converted at 220 V)
    #[arg(long = "amps-a", requires = "amps_b", conflicts_with = "kw")]
    pub amps_a: Option<f64>,
    #[arg(long = "amps-b", requires = "amps_a")]
    pub amps_b: Option<f64>,
    #[arg(long)]
    pub note: Option<String>,
}

pub fn rowhead(env: &mut Env, cmd: RowHeadCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        RowHeadCmd::List => {
            let heads = env.ledger.row_heads()?;
            let headers = match lang {
                Lang::Zh => ["列头柜编号", "机房", "列", "额定容量", "电压", "相数"],
                Lang::En => ["row head", "room", "row", "capacity", "voltage", "phases"],
            };
            let rows: Vec<Vec<String>> = heads
                .iter()
                .map(|h| {
                    vec![
                        h.code.clone(),
                        h.room.clone(),
                        h.row.clone().unwrap_or_default(),
                        kw(h.capacity_w as f64),
                        format!("{} V", h.voltage_v),
                        h.phases.to_string(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(json!({ "row_heads": heads }), table::render(&headers, &rows)))
        }
        RowHeadCmd::Add(a) => save_rowhead(env, a, false),
        RowHeadCmd::Set(a) => save_rowhead(env, a, true),
    }
}

fn save_rowhead(env: &mut Env, a: RowHeadArgs, update: bool) -> Result<Outcome, Failure> {
    let mut h = if update {
        env.ledger.row_head(&a.code)?
    } else {
        let room = a.room.clone().ok_or_else(|| Failure::Usage("rowhead add 需要 --room / needs --room".into()))?;
        if a.capacity_kw.is_none() {
            return Err(Failure::Usage("rowhead add 需要 --capacity-kw / needs --capacity-kw".into()));
        }
        RowHead {
            code: a.code.clone(),
            room,
            row: None,
            capacity_w: 0,
            voltage_v: 380,
            phases: 3,
            warning_level: None,
            alarm_level: None,
            note: None,
        }
    };
    if let Some(room) = a.room {
        h.room = room;
    }
    if let Some(row) = a.row {
        h.row = Some(row).filter(|r| !r.trim().is_empty());
    }
    if let Some(c) = &a.capacity_kw {
        h.capacity_w = kw_to_w(c, "额定容量(kW)")?.unwrap_or(0);
    }
    if let Some(v) = a.voltage {
        h.voltage_v = v;
    }
    if let Some(p) = a.phases {
        h.phases = p;
    }
    let lvl = |v: &str, field: &str| -> Result<Option<f64>, Error> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        parse::level(v).map(Some).map_err(|reason| Error::InvalidValue { field: field.into(), value: v.into(), reason })
    };
    if let Some(w) = &a.warning {
        h.warning_level = lvl(w, "预警阈值(%)")?;
    }
    if let Some(w) = &a.alarm {
        h.alarm_level = lvl(w, "告警阈值(%)")?;
    }
    if let Some(n) = a.note {
        h.note = Some(n).filter(|n| !n.trim().is_empty());
    }
    let h = env.ledger.save_row_head(&env.ctx, &h, update)?;
    let text =
        format!("{}{}（{}）", env.lang.pick("已保存列头柜 ", "row head saved: "), h.code, kw(h.capacity_w as f64));
    Ok(Outcome::ok(json!({"ok": true, "row_head": h}), text))
}

pub fn settings(env: &mut Env, cmd: SettingsCmd) -> Result<Outcome, Failure> {
    match cmd {
        SettingsCmd::Set { key, value } => {
            let s = env.ledger.set_setting(&env.ctx, &key, &value)?;
            Ok(Outcome::ok(json!({"ok": true, "key": s.key, "value": s.value}), format!("{} = {}", s.key, s.value)))
        }
        SettingsCmd::List => {
            let all = env.ledger.settings()?;
            let rows: Vec<Vec<String>> = all.iter().map(|s| vec![s.key.clone(), s.value.clone()]).collect();
            let headers = env.lang.pick("设置项|值", "key|value").split('|').collect::<Vec<_>>();
            let map: serde_json::Map<String, serde_json::Value> =
                all.into_iter().map(|s| (s.key, serde_json::Value::String(s.value))).collect();
            Ok(Outcome::ok(json!({ "settings": map }), table::render(&headers, &rows)))
        }
    }
}

pub fn reading(env: &mut Env, a: ReadingArgs) -> Result<Outcome, Failure> {
    let measured = match (&a.kw, a.amps_a, a.amps_b) {
        (Some(kw), None, None) => Measured::kw_text(kw)?,
        (None, Some(x), Some(y)) => Measured::Amps { a: x, b: y },
        _ => {
            return Err(Failure::Usage(
                "请给出 KW，或同时给出 --amps-a 与 --amps-b / give KW, or both --amps-a and --amps-b".into(),
            ))
        }
    };
    let at = match &a.at {
        Some(t) => Some(parse::datetime(t).map_err(|reason| Error::InvalidValue {
            field: "读数时间".into(),
            value: t.clone(),
            reason,
        })?),
        None => None,
    };
    let r = env.ledger.record_reading(&env.ctx, &a.cabinet, measured, at, a.note.as_deref())?;
    let text = format!(
        "{}{} {} @ {}",
        env.lang.pick("已记录读数 ", "reading recorded: "),
        r.cabinet,
        kw(r.measured_w as f64),
        r.at
    );
    Ok(Outcome::ok(json!({"ok": true, "reading": r}), text))
}

fn status(s: PowerStatus, lang: Lang) -> String {
    s.label(lang).to_string()
}

pub fn power(env: &mut Env, room: Option<String>) -> Result<Outcome, Failure> {
    let r: PowerReport = env.ledger.power_report(room.as_deref())?;
    let lang = env.lang;
    let headers = match lang {
        Lang::Zh => {
            ["机柜编号", "机房", "额定功率", "计算负载", "实测负载", "负载率", "剩余容量", "状态", "供电", "单路失效"]
        }
        Lang::En => {
            ["cabinet", "room", "capacity", "computed", "measured", "util.", "headroom", "status", "feeds", "failover"]
        }
    };
    let rows: Vec<Vec<String>> = r
        .cabinets
        .iter()
        .map(|c| {
            vec![
                c.cabinet.clone(),
                c.room.clone(),
                c.capacity_w.map(|w| kw(w as f64)).unwrap_or_default(),
                kw(c.computed_w as f64),
                c.measured_w.map(|w| kw(w as f64)).unwrap_or_default(),
                pct(c.utilization),
                c.headroom_w.map(kw).unwrap_or_default(),
                status(c.status, lang),
                c.feeds.join(" / "),
                match c.failover_ok {
                    Some(true) => lang.pick("可承载", "ok").into(),
                    Some(false) => lang.pick("不可承载", "fails").into(),
                    None => String::new(),
                },
            ]
        })
        .collect();
    let mut text = table::render(&headers, &rows);
    let headers = match lang {
        Lang::Zh => {
            ["列头柜编号", "机房", "额定容量", "负载", "负载率", "状态", "故障切换负载", "切换负载率", "切换状态"]
        }
        Lang::En => [
            "row head",
            "room",
            "capacity",
            "load",
            "util.",
            "status",
            "failover load",
            "failover util.",
            "failover status",
        ],
    };
    let rows: Vec<Vec<String>> = r
        .row_heads
        .iter()
        .map(|h| {
            vec![
                h.row_head.clone(),
                h.room.clone(),
                kw(h.capacity_w as f64),
                kw(h.load_w),
                pct(h.utilization),
                status(h.status, lang),
                kw(h.failover_load_w),
                pct(h.failover_utilization),
                status(h.failover_status, lang),
            ]
        })
        .collect();
    text.push('\n');
    text.push_str(&table::render(&headers, &rows));
    Ok(Outcome::ok(serde_json::to_value(&r).unwrap_or_default(), text))
}

/// `power --by-owner`: racked devices and load per owner (归属单位), heaviest first.
pub fn by_owner(env: &mut Env, room: Option<String>) -> Result<Outcome, Failure> {
    let owners = env.ledger.power_by_owner(room.as_deref())?;
    let total: i64 = owners.iter().map(|o| o.load_w).sum();
    let headers = match env.lang {
        Lang::Zh => ["归属单位", "设备数", "机柜数", "负载", "额定功率", "占比"],
        Lang::En => ["owner", "devices", "cabinets", "load", "rated", "share"],
    };
    let rows: Vec<Vec<String>> = owners
        .iter()
        .map(|o| {
            vec![
                o.owner.clone(),
                o.device_count.to_string(),
                o.cabinet_count.to_string(),
                kw(o.load_w as f64),
                kw(o.rated_w as f64),
                pct((total > 0).then(|| o.load_w as f64 / total as f64)),
            ]
        })
        .collect();
    let text = table::render(&headers, &rows);
    Ok(Outcome::ok(json!({ "owners": owners }), text))
}
