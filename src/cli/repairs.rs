//! `fault …` (附件3 故障告警登记) and `repair …` (附件4 维修记录): open, update, close, list,
//! show and statistics. The rules are the ledger's; this file parses and prints.

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Subcommand};
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::db::uids::Record;
use crate::db::{faults::FaultFilter, repairs::RepairFilter};
use crate::i18n::Lang;
use crate::ledger::{FaultDraft, FaultUpdate, RepairClose, RepairDraft, RepairUpdate};
use crate::model::{
    Fault, FaultKind, FaultSource, FaultState, FaultType, Repair, RepairMode, RepairPart, RepairResult, RepairState,
    Severity,
};

/// clap value parsers for the labeled enums: the Chinese label or the English code.
macro_rules! enum_parser {
    ($($f:ident: $t:ty),* $(,)?) => {$(
        fn $f(s: &str) -> Result<$t, String> {
            <$t>::parse(s).ok_or_else(|| format!("可选值 / choices: {}", <$t>::choices()))
        }
    )*};
}
enum_parser!(
    kind: FaultKind,
    source: FaultSource,
    fault_type: FaultType,
    severity: Severity,
    fault_state: FaultState,
    mode: RepairMode,
    result: RepairResult,
    repair_state: RepairState,
);

fn time(s: &str) -> Result<NaiveDateTime, String> {
    crate::parse::datetime(s)
}

fn date(s: &str) -> Result<NaiveDate, String> {
    crate::parse::date(s)
}

fn yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "是" | "yes" | "y" | "true" | "1" => Ok(true),
        "否" | "no" | "n" | "false" | "0" => Ok(false),
        _ => Err("应为 是/否 (yes/no)".into()),
    }
}

fn part(s: &str) -> Result<RepairPart, String> {
    RepairPart::parse(s)
}

fn cost(s: &str) -> Result<f64, String> {
    let v = crate::parse::number(s)?;
    if v < 0.0 {
        return Err("费用不能为负 / cost cannot be negative".into());
    }
    Ok(v)
}

#[derive(Debug, Subcommand)]
pub enum FaultCmd {
    /// 登记故障或告警 / register a fault or alarm
    Open(FaultOpenArgs),
    /// 记录处理情况 / record handling
    Update {
        no: String,
        /// 处理中 | 已恢复
        #[arg(long, value_parser = fault_state)]
        state: Option<FaultState>,
        #[arg(long = "type", value_parser = fault_type)]
        fault_type: Option<FaultType>,
        /// 是否影响业务：是|否
        #[arg(long, value_parser = yes_no)]
        impact: Option<bool>,
        #[arg(long)]
        handler: Option<String>,
        /// 处理过程 / what was done
        #[arg(long)]
        actions: Option<String>,
        /// 原因分析 / root cause
        #[arg(long)]
        cause: Option<String>,
        #[arg(long = "ack-at", value_parser = time)]
        acknowledged_at: Option<NaiveDateTime>,
        #[arg(long = "recovered-at", value_parser = time)]
        recovered_at: Option<NaiveDateTime>,
    },
    /// 关闭 / close
    Close {
        no: String,
        #[arg(long = "recovered-at", value_parser = time)]
        recovered_at: Option<NaiveDateTime>,
        #[arg(long)]
        cause: Option<String>,
    },
    /// 列出 / list, newest first
    List {
        #[arg(long, value_parser = fault_state)]
        state: Option<FaultState>,
        #[arg(long)]
        asset: Option<String>,
        /// 只列最新的 N 条（默认全部）/ only the newest N (all by default)
        #[arg(long)]
        limit: Option<u32>,
        /// 跳过最新的 N 条 / skip the newest N
        #[arg(long)]
        offset: Option<u32>,
    },
    /// 详情 / one record
    Show { no: String },
    /// 按级别、类型、周统计 / by severity and type, per ISO week
    Stats {
        #[arg(long, value_parser = date)]
        from: Option<NaiveDate>,
        #[arg(long, value_parser = date)]
        to: Option<NaiveDate>,
    },
}

#[derive(Debug, Args)]
pub struct FaultOpenArgs {
    /// 告警 | 故障
    #[arg(long, value_parser = kind)]
    pub kind: FaultKind,
    /// 动环监控 | 网管告警 | 巡检发现 | 用户报障 | 厂商通知 | 其他
    #[arg(long, value_parser = source)]
    pub source: FaultSource,
    /// 一级 | 二级 | 三级 | 四级
    #[arg(long, value_parser = severity)]
    pub level: Severity,
    /// 描述 / description
    #[arg(long = "desc")]
    pub description: String,
    #[arg(long)]
    pub asset: Option<String>,
    #[arg(long)]
    pub room: Option<String>,
    #[arg(long)]
    pub cabinet: Option<String>,
    /// 供配电 | 空调制冷 | 网络 | 服务器 | 存储 | 安全设备 | 云平台 | 其他
    #[arg(long = "type", value_parser = fault_type)]
    pub fault_type: Option<FaultType>,
    /// 影响业务 / affects service
    #[arg(long)]
    pub impact: bool,
    /// 发生时间（默认现在）/ when it occurred
    #[arg(long, value_parser = time)]
    pub at: Option<NaiveDateTime>,
    #[arg(long)]
    pub reporter: Option<String>,
    /// 登记即关闭（无需处理的一般告警）/ register and close at once
    #[arg(long)]
    pub close: bool,
}

#[derive(Debug, Subcommand)]
pub enum RepairCmd {
    /// 报修：设备转为维修 / open a repair; the asset becomes 维修
    Open {
        asset: String,
        /// 故障现象 / symptom
        #[arg(long)]
        symptom: String,
        /// 维修单位 / who repairs it
        #[arg(long)]
        vendor: String,
        /// 原厂保修 | 第三方维保 | 自行维修 | 返厂
        #[arg(long, value_parser = mode, default_value = "原厂保修")]
        mode: RepairMode,
        /// 关联故障单号 / the fault record it comes from
        #[arg(long)]
        fault: Option<String>,
        /// 厂商工单号 / the vendor's case number
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        technician: Option<String>,
        /// 报修时间（默认现在）
        #[arg(long, value_parser = time)]
        at: Option<NaiveDateTime>,
    },
    /// 记录维修进展 / record the work
    Update {
        no: String,
        #[arg(long)]
        technician: Option<String>,
        #[arg(long = "arrived-at", value_parser = time)]
        arrived_at: Option<NaiveDateTime>,
        /// 维修内容 / work done
        #[arg(long)]
        work: Option<String>,
        #[arg(long)]
        case: Option<String>,
        #[arg(long)]
        vendor: Option<String>,
        /// 更换部件 "名称|规格|数量|旧件SN|新件SN|处置"（可重复）
        #[arg(long = "part", value_parser = part)]
        parts: Vec<RepairPart>,
        /// 维修结果 / result (待备件 while waiting)
        #[arg(long, value_parser = result)]
        result: Option<RepairResult>,
        /// 维修中 | 已完成
        #[arg(long, value_parser = repair_state)]
        state: Option<RepairState>,
        #[arg(long = "completed-at", value_parser = time)]
        completed_at: Option<NaiveDateTime>,
        /// 费用(元)
        #[arg(long, value_parser = cost)]
        cost: Option<f64>,
    },
    /// 验收关闭 / close with the result
    Close(RepairCloseArgs),
    /// 列出 / list, newest first
    List {
        #[arg(long, value_parser = repair_state)]
        state: Option<RepairState>,
        #[arg(long)]
        asset: Option<String>,
        /// 仅未完成（待处理、维修中）/ only open ones
        #[arg(long)]
        open: bool,
        /// 只列最新的 N 条（默认全部）/ only the newest N (all by default)
        #[arg(long)]
        limit: Option<u32>,
        /// 跳过最新的 N 条 / skip the newest N
        #[arg(long)]
        offset: Option<u32>,
    },
    /// 详情 / one repair with its parts
    Show { no: String },
    /// 按维修单位、型号统计，平均修复时长，未完成单的时长分布 / statistics
    Stats,
}

#[derive(Debug, Args)]
pub struct RepairCloseArgs {
    pub no: String,
    /// 已修复 | 部分修复 | 无法修复
    #[arg(long, value_parser = result)]
    pub result: RepairResult,
    /// 整机更换后的新序列号 / the new serial after a whole-unit swap
    #[arg(long = "new-serial")]
    pub new_serial: Option<String>,
    /// 返厂设备按原位回架 / rack a returned device at its former position
    #[arg(long)]
    pub rerack: bool,
    #[arg(long, value_parser = cost)]
    pub cost: Option<f64>,
    #[arg(long = "accepted-by")]
    pub accepted_by: Option<String>,
    #[arg(long = "completed-at", value_parser = time)]
    pub completed_at: Option<NaiveDateTime>,
    /// 是否在保：是|否（默认按维保到期日）
    #[arg(long, value_parser = yes_no)]
    pub warranty: Option<bool>,
}

fn t(v: &Option<NaiveDateTime>) -> String {
    v.map(|t| t.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
}

fn fault_rows(faults: &[Fault], lang: Lang) -> String {
    let headers = match lang {
        Lang::Zh => ["登记编号", "类别", "发生时间", "级别", "类型", "资产编号", "描述", "时长(分钟)", "状态"],
        Lang::En => ["no", "kind", "occurred", "level", "type", "asset", "description", "minutes", "state"],
    };
    let rows: Vec<Vec<String>> = faults
        .iter()
        .map(|f| {
            vec![
                f.fault_no.clone(),
                f.kind.label(lang).into(),
                t(&Some(f.occurred_at)),
                f.severity.label(lang).into(),
                f.fault_type.map(|x| x.label(lang).to_string()).unwrap_or_default(),
                f.asset_tag.clone().unwrap_or_default(),
                f.description.clone(),
                f.duration_min.map(|m| m.to_string()).unwrap_or_default(),
                f.state.label(lang).into(),
            ]
        })
        .collect();
    table::render(&headers, &rows)
}

fn repair_rows(repairs: &[Repair], lang: Lang) -> String {
    let headers = match lang {
        Lang::Zh => {
            ["维修单号", "资产编号", "设备名称", "故障现象", "报修时间", "维修方式", "维修单位", "结果", "状态"]
        }
        Lang::En => ["no", "asset", "name", "symptom", "reported", "mode", "repairer", "result", "state"],
    };
    let rows: Vec<Vec<String>> = repairs
        .iter()
        .map(|r| {
            vec![
                r.repair_no.clone(),
                r.asset_tag.clone(),
                r.asset_name.clone(),
                r.symptom.clone(),
                t(&Some(r.reported_at)),
                r.mode.label(lang).into(),
                r.vendor.clone(),
                r.result.map(|x| x.label(lang).to_string()).unwrap_or_default(),
                r.state.label(lang).into(),
            ]
        })
        .collect();
    table::render(&headers, &rows)
}

fn one_fault(f: &Fault, lang: Lang, head: &str) -> String {
    format!("{head}{}\n{}", f.fault_no, fault_rows(std::slice::from_ref(f), lang))
}

fn one_repair(r: &Repair, lang: Lang, head: &str) -> String {
    let mut s = format!("{head}{}\n{}", r.repair_no, repair_rows(std::slice::from_ref(r), lang));
    for p in &r.parts {
        s.push_str(&format!(
            "  {} {} ×{} {} → {} {}\n",
            p.name,
            p.spec.clone().unwrap_or_default(),
            p.quantity,
            p.old_serial.clone().unwrap_or_default(),
            p.new_serial.clone().unwrap_or_default(),
            p.disposal.map(|d| d.label(lang).to_string()).unwrap_or_default()
        ));
    }
    s
}

pub fn fault(env: &mut Env, cmd: FaultCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        FaultCmd::Open(a) => {
            let draft = FaultDraft {
                kind: a.kind,
                source: a.source,
                severity: a.level,
                description: a.description,
                asset_tag: a.asset,
                room: a.room,
                cabinet: a.cabinet,
                fault_type: a.fault_type,
                service_impact: a.impact,
                occurred_at: a.at,
                reporter: a.reporter,
                close: a.close,
            };
            let f = env.ledger.open_fault(&env.ctx, &draft)?;
            let text = one_fault(&f, lang, lang.pick("已登记 ", "registered "));
            Ok(Outcome::ok(json!({"ok": true, "fault_no": f.fault_no, "fault": f}), text))
        }
        FaultCmd::Update { no, state, fault_type, impact, handler, actions, cause, acknowledged_at, recovered_at } => {
            let u = FaultUpdate {
                state,
                fault_type,
                service_impact: impact,
                handler,
                actions,
                root_cause: cause,
                acknowledged_at,
                recovered_at,
            };
            let f = env.ledger.update_fault(&env.ctx, &no, &u)?;
            Ok(Outcome::ok(json!({"ok": true, "fault": f}), one_fault(&f, lang, lang.pick("已更新 ", "updated "))))
        }
        FaultCmd::Close { no, recovered_at, cause } => {
            let f = env.ledger.close_fault(&env.ctx, &no, recovered_at, cause.as_deref())?;
            Ok(Outcome::ok(json!({"ok": true, "fault": f}), one_fault(&f, lang, lang.pick("已关闭 ", "closed "))))
        }
        FaultCmd::List { state, asset, limit, offset } => {
            let filter = FaultFilter { state, asset_tag: asset, since: None, limit, offset };
            let faults = env.ledger.faults(&filter)?;
            let total = env.ledger.fault_count(&filter)?;
            let text = fault_rows(&faults, lang) + &table::shown(faults.len(), total, ("条", "faults"), lang);
            Ok(Outcome::ok(json!({"faults": faults, "count": faults.len(), "total": total}), text))
        }
        FaultCmd::Show { no } => {
            let f = env.ledger.fault(&no)?;
            Outcome::shown(&env.ledger, Record::Fault, &f.fault_no, json!({ "fault": f }), one_fault(&f, lang, ""))
        }
        FaultCmd::Stats { from, to } => {
            let s = env.ledger.fault_stats(from, to)?;
            let headers = match lang {
                Lang::Zh => ["周", "起", "止", "合计", "按级别", "按类型"],
                Lang::En => ["week", "from", "to", "total", "by level", "by type"],
            };
            let fmt =
                |m: &crate::ledger::Counts| m.iter().map(|(k, v)| format!("{k}:{v}")).collect::<Vec<_>>().join(" ");
            let rows: Vec<Vec<String>> = s
                .weeks
                .iter()
                .map(|w| {
                    vec![
                        w.week.clone(),
                        w.from.to_string(),
                        w.to.to_string(),
                        w.total.to_string(),
                        fmt(&w.by_severity),
                        fmt(&w.by_type),
                    ]
                })
                .collect();
            Ok(Outcome::ok(serde_json::to_value(&s).unwrap_or_default(), table::render(&headers, &rows)))
        }
    }
}

pub fn repair(env: &mut Env, cmd: RepairCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        RepairCmd::Open { asset, symptom, vendor, mode, fault, case, technician, at } => {
            let draft = RepairDraft {
                asset_tag: asset,
                symptom,
                vendor,
                mode,
                fault_no: fault,
                case_no: case,
                technician,
                reported_at: at,
            };
            let o = env.ledger.open_repair(&env.ctx, &draft)?;
            let mut text = one_repair(&o.repair, lang, lang.pick("已报修 ", "repair opened "));
            let w = &o.warranty;
            text.push_str(&format!(
                "{}{}{}\n",
                lang.pick("维保：", "warranty: "),
                w.status.label(lang),
                w.until.map(|d| format!(" ({d})")).unwrap_or_default()
            ));
            Ok(Outcome::ok(
                json!({"ok": true, "repair_no": o.repair.repair_no, "repair": o.repair, "asset": o.asset, "warranty": o.warranty}),
                text,
            ))
        }
        RepairCmd::Update {
            no,
            technician,
            arrived_at,
            work,
            case,
            vendor,
            parts,
            result,
            state,
            completed_at,
            cost,
        } => {
            let u = RepairUpdate {
                technician,
                arrived_at,
                work_done: work,
                case_no: case,
                vendor,
                parts,
                result,
                state,
                completed_at,
                cost,
            };
            let r = env.ledger.update_repair(&env.ctx, &no, &u)?;
            Ok(Outcome::ok(json!({"ok": true, "repair": r}), one_repair(&r, lang, lang.pick("已更新 ", "updated "))))
        }
        RepairCmd::Close(a) => {
            let c = RepairClose {
                result: a.result,
                new_serial: a.new_serial,
                rerack: a.rerack,
                cost: a.cost,
                accepted_by: a.accepted_by,
                completed_at: a.completed_at,
                under_warranty: a.warranty,
            };
            let r = env.ledger.close_repair(&env.ctx, &a.no, &c)?;
            let text = format!(
                "{}{}：{}\n",
                one_repair(&r.repair, lang, lang.pick("已关闭 ", "closed ")),
                r.asset.asset_tag,
                r.asset.status.label(lang)
            );
            Ok(Outcome::ok(json!({"ok": true, "repair": r.repair, "asset": r.asset}), text))
        }
        RepairCmd::List { state, asset, open, limit, offset } => {
            let filter = RepairFilter { state, asset_tag: asset, open, limit, offset };
            let repairs = env.ledger.repairs(&filter)?;
            let total = env.ledger.repair_count(&filter)?;
            let text = repair_rows(&repairs, lang) + &table::shown(repairs.len(), total, ("条", "repairs"), lang);
            Ok(Outcome::ok(json!({"repairs": repairs, "count": repairs.len(), "total": total}), text))
        }
        RepairCmd::Show { no } => {
            let r = env.ledger.repair(&no)?;
            Outcome::shown(&env.ledger, Record::Repair, &r.repair_no, json!({ "repair": r }), one_repair(&r, lang, ""))
        }
        RepairCmd::Stats => {
            let s = env.ledger.repair_stats(env.ctx.now)?;
            let mut items: Vec<(String, String)> = vec![
                (lang.pick("维修单总数", "repairs").into(), s.total.to_string()),
                (lang.pick("已完成", "completed").into(), s.completed.to_string()),
                (
                    lang.pick("平均修复时长(小时)", "mean time to repair (h)").into(),
                    s.mttr_hours.map(|h| format!("{h:.2}")).unwrap_or_else(|| "—".into()),
                ),
                (lang.pick("未完成", "open").into(), s.open.to_string()),
            ];
            items.extend(s.open_by_age.iter().map(|b| (format!("  {}", b.label), b.count.to_string())));
            items.extend(
                s.by_vendor
                    .iter()
                    .map(|v| (format!("{} {}", lang.pick("维修单位", "repairer"), v.vendor), v.count.to_string())),
            );
            items.extend(
                s.by_model
                    .iter()
                    .map(|m| (format!("{} {} {}", lang.pick("型号", "model"), m.vendor, m.model), m.count.to_string())),
            );
            Ok(Outcome::ok(serde_json::to_value(&s).unwrap_or_default(), table::pairs(&items)))
        }
    }
}
