//! `request …` (附件2 设备上架申请) and `operation …` (附件5 操作申请单): file, submit, approve,
//! review, confirm, execute, accept, reject, cancel, the timeline and the queues, show and list;
//! and `whoami`. The rules (states, roles, checks) are the ledger's; this file parses and prints.

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::db::requests::RequestFilter;
use crate::db::uids::Record;
use crate::error::Error;
use crate::i18n::Lang;
use crate::ledger::{
    OperationDraft, PlannedCable, PositionDraft, QueueKind, RequestCheck, RequestDraft, RowDraft, Verdict,
};
use crate::model::{Face, OperationKind, OperationRequest, RackingRequest, RequestKind, RequestState, Risk};

fn request_kind(s: &str) -> Result<RequestKind, String> {
    RequestKind::parse(s).ok_or_else(|| format!("可选值 / choices: {}", RequestKind::choices()))
}
fn request_state(s: &str) -> Result<RequestState, String> {
    RequestState::parse(s).ok_or_else(|| format!("可选值 / choices: {}", RequestState::choices()))
}
fn op_kind(s: &str) -> Result<OperationKind, String> {
    OperationKind::parse(s).ok_or_else(|| format!("可选值 / choices: {}", OperationKind::choices()))
}
fn risk(s: &str) -> Result<Risk, String> {
    Risk::parse(s).ok_or_else(|| format!("可选值 / choices: {}", Risk::choices()))
}
fn date(s: &str) -> Result<NaiveDate, String> {
    crate::parse::date(s)
}

/// `ASSET:CABINET:START_U[:front|rear]`.
fn row(s: &str) -> Result<RowDraft, String> {
    let parts: Vec<&str> = s.split(':').map(str::trim).collect();
    let bad = || format!("“{s}”应为 资产编号:机柜:起始U[:front|rear] / expected ASSET:CABINET:START_U[:front|rear]");
    let (tag, cabinet, u, face) = match parts.as_slice() {
        [t, c, u] => (t, c, u, None),
        [t, c, u, f] => (t, c, u, Some(Face::parse(f).ok_or_else(bad)?)),
        _ => return Err(bad()),
    };
    if tag.is_empty() || cabinet.is_empty() {
        return Err(bad());
    }
    let start_u = crate::parse::number(u).ok().filter(|v| *v >= 1.0 && v.fract() == 0.0).ok_or_else(bad)? as u32;
    Ok(RowDraft {
        asset_tag: tag.to_string(),
        new_device: None,
        cabinet: Some(cabinet.to_string()),
        start_u: Some(start_u),
        face,
        note: None,
    })
}

/// `key=value` items after the main part of a flag's value.
type Named = Vec<(String, String)>;

/// Splits `MAIN[,key=value…]` into the main part and its named extras.
fn extras<'a>(s: &'a str, keys: &[&str]) -> Result<(&'a str, Named), String> {
    let mut items = s.split(',');
    let main = items.next().unwrap_or("").trim();
    let mut out = Vec::new();
    for item in items {
        let (k, v) = item
            .split_once('=')
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .ok_or_else(|| format!("“{item}”应为 名称=值 / expected key=value ({})", keys.join(", ")))?;
        if !keys.contains(&k.as_str()) {
            return Err(format!("“{k}”不是可用的名称 / unknown key; 可用 / keys: {}", keys.join(", ")));
        }
        out.push((k, v));
    }
    Ok((main, out))
}

/// `ASSET:CABINET[:START_U[:front|rear]][,pdu-a=PORT][,pdu-b=PORT]` of an operation's position
/// table.
fn position(s: &str) -> Result<PositionDraft, String> {
    let (main, named) = extras(s, &["pdu-a", "pdu-b"])?;
    let mut p = position_main(main)?;
    for (k, v) in named {
        match k.as_str() {
            "pdu-a" => p.pdu_a = Some(v),
            _ => p.pdu_b = Some(v),
        }
    }
    Ok(p)
}

fn position_main(s: &str) -> Result<PositionDraft, String> {
    let parts: Vec<&str> = s.split(':').map(str::trim).collect();
    let bad = || format!("“{s}”应为 资产编号[:机柜[:起始U[:front|rear]]] / expected ASSET[:CABINET[:START_U[:face]]]");
    let tag = parts.first().filter(|t| !t.is_empty()).ok_or_else(bad)?;
    let start_u = match parts.get(2) {
        Some(u) => Some(crate::parse::number(u).ok().filter(|v| *v >= 1.0).ok_or_else(bad)? as u32),
        None => None,
    };
    Ok(PositionDraft {
        asset_tag: tag.to_string(),
        cabinet: parts.get(1).map(|c| c.to_string()),
        start_u,
        face: parts.get(3).map(|f| Face::parse(f).ok_or_else(bad)).transpose()?,
        pdu_a: None,
        pdu_b: None,
    })
}

/// `A:PORT,B:PORT[,TYPE[,CABLE_NO]][,via=P][,purpose=P][,vlan=V][,length=M]`.
fn cable(s: &str) -> Result<PlannedCable, String> {
    let bad = || {
        format!(
            "“{s}”应为 资产A:端口,资产B:端口[,线缆类型[,线缆编号]][,via=配线架端口][,purpose=用途][,vlan=VLAN][,length=米] / expected A:PORT,B:PORT[,TYPE[,NO]][,via=…][,purpose=…][,vlan=…][,length=M]"
        )
    };
    let all: Vec<&str> = s.split(',').map(str::trim).collect();
    let (parts, named): (Vec<&str>, Vec<&str>) = all.into_iter().partition(|p| !p.contains('='));
    if parts.len() < 2 || parts.len() > 4 {
        return Err(bad());
    }
    let mut extra = PlannedCable {
        a_asset: String::new(),
        a_port: String::new(),
        b_asset: String::new(),
        b_port: String::new(),
        cable_no: None,
        cable_type: None,
        via: None,
        purpose: None,
        vlan: None,
        length_m: None,
    };
    for item in named {
        let (k, v) =
            item.split_once('=').map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).ok_or_else(bad)?;
        match k.as_str() {
            "via" => extra.via = Some(v),
            "purpose" => extra.purpose = Some(v),
            "vlan" => extra.vlan = Some(v),
            "length" => {
                let m = crate::parse::number(&v).ok().filter(|m| *m >= 0.0).ok_or_else(bad)?;
                extra.length_m = Some(m);
            }
            _ => return Err(bad()),
        }
    }
    let end = |e: &str| e.split_once(':').map(|(a, p)| (a.trim().to_string(), p.trim().to_string())).ok_or_else(bad);
    let (a_asset, a_port) = end(parts[0])?;
    let (b_asset, b_port) = end(parts[1])?;
    Ok(PlannedCable {
        a_asset,
        a_port,
        b_asset,
        b_port,
        cable_type: parts.get(2).map(|t| t.to_string()),
        cable_no: parts.get(3).map(|t| t.to_string()),
        ..extra
    })
}

#[derive(Debug, Subcommand)]
pub enum RequestCmd {
    /// 填写上架申请（草稿）/ file a racking request (draft)
    Add(RequestAddArgs),
    /// 提交审批 / submit for approval
    Submit { no: String },
    /// 审批通过（运维总监，需为审批人）/ approve (the director, an approver)
    Approve {
        no: String,
        /// 审批不能越过功率检查，由机房审核决定 / not at approval: the IDC engineer decides at review
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        /// 审批意见 / the approver's opinion
        #[arg(long)]
        opinion: Option<String>,
    },
    /// 驳回 / reject
    Reject {
        no: String,
        #[arg(long)]
        reason: String,
    },
    /// 机房审核（IDC工程师：空间、机柜与列头柜电力）/ the room review (IDC: space, cabinet and row-head power)
    Review {
        no: String,
        /// 功率检查未通过时仍放行的原因 / pass a refused power check, with the reason
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        /// 审核意见 / the reviewer's opinion
        #[arg(long)]
        opinion: Option<String>,
    },
    /// 完成上架（附件5 确认后实施）/ execute after the physical work (its 附件5 confirmed)
    Execute { no: String },
    /// 验收（完成确认）/ accept the completed work
    Accept {
        no: String,
        /// 验收意见 / opinion
        #[arg(long)]
        opinion: Option<String>,
    },
    /// 流转记录：每一步、谁、何时、检查结论 / the timeline: every step, who, when, what the check said
    Timeline { no: String },
    /// 待我处理：待我审批 / 审核 / 确认 / 执行 / 验收 / the requests waiting for this operator
    Queue,
    /// 取消（需填写原因）/ cancel, with the reason
    Cancel {
        no: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// 详情与检查 / one request with its check
    Show { no: String },
    /// 列出 / list, newest first
    List {
        #[arg(long, value_parser = request_state)]
        state: Option<RequestState>,
        /// 只列最新的 N 条（默认全部）/ only the newest N (all by default)
        #[arg(long)]
        limit: Option<u32>,
        /// 跳过最新的 N 条 / skip the newest N
        #[arg(long)]
        offset: Option<u32>,
    },
}

#[derive(Debug, Args)]
pub struct RequestAddArgs {
    /// 申请单位 / applicant organisation
    #[arg(long)]
    pub org: String,
    /// 申请人 / applicant
    #[arg(long)]
    pub applicant: String,
    #[arg(long)]
    pub phone: Option<String>,
    /// 业务系统 / business system
    #[arg(long)]
    pub system: Option<String>,
    /// 新增上架 | 扩容 | 迁移 | 下架
    #[arg(long = "type", value_parser = request_kind, default_value = "新增上架")]
    pub kind: RequestKind,
    /// 计划上架日期 / planned date
    #[arg(long, value_parser = date)]
    pub planned: Option<NaiveDate>,
    /// 随工人员 / escort
    #[arg(long)]
    pub escort: Option<String>,
    /// 已完成机房外加电测试 / power test done outside the room
    #[arg(long = "power-tested")]
    pub power_tested: bool,
    /// 资产编号:机柜:起始U[:front|rear]（可重复）/ ASSET:CABINET:START_U[:face], repeatable
    #[arg(long = "row", value_parser = row, required = true)]
    pub rows: Vec<RowDraft>,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum OperationCmd {
    /// 填写操作申请 / file an operation request
    Add(Box<OperationAddArgs>),
    /// 确认操作申请单（运维总监）；也可给上架申请单号 / confirm (the director); a racking request's number confirms all of its own
    Confirm { no: String },
    /// 详情 / one operation request
    Show { no: String },
    /// 列出 / list
    List {
        /// 只列出某上架申请的 / of one racking request
        #[arg(long)]
        request: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct OperationAddArgs {
    /// 设备上架 | 下架 | 迁移 | 布线 | 加电 | 断电 | 其他
    #[arg(long = "type", value_parser = op_kind, default_value = "设备上架")]
    pub kind: OperationKind,
    /// 关联上架申请单 / the racking request it belongs to
    #[arg(long)]
    pub request: Option<String>,
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long)]
    pub applicant: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// 计划开始时间 / planned start
    #[arg(long)]
    pub start: Option<String>,
    /// 计划结束时间 / planned end
    #[arg(long)]
    pub end: Option<String>,
    /// 操作内容及步骤 / steps
    #[arg(long)]
    pub steps: Option<String>,
    /// 影响范围 / impact
    #[arg(long)]
    pub impact: Option<String>,
    /// 高 | 中 | 低
    #[arg(long, value_parser = risk, default_value = "低")]
    pub risk: Risk,
    /// 回退方案 / rollback plan
    #[arg(long)]
    pub rollback: Option<String>,
    /// 实施人 / who does the work
    #[arg(long)]
    pub implementer: Option<String>,
    #[arg(long)]
    pub escort: Option<String>,
    /// 资产编号[:机柜[:起始U[:face]]][,pdu-a=A路PDU端口][,pdu-b=B路PDU端口]（可重复）/ position rows
    #[arg(long = "position", value_parser = position)]
    pub positions: Vec<PositionDraft>,
    /// A:端口,B:端口[,线缆类型[,线缆编号]][,via=经配线架端口][,purpose=用途][,vlan=VLAN][,length=米]（可重复）/ cables, both ends
    #[arg(long = "cable", value_parser = cable)]
    pub cables: Vec<PlannedCable>,
}

fn request_text(r: &RackingRequest, lang: Lang) -> String {
    let mut t = match lang {
        Lang::Zh => format!(
            "{} {} {}｜{} {}｜{}\n",
            r.request_no,
            r.kind.label_zh(),
            r.state.label_zh(),
            r.org,
            r.applicant,
            r.planned_on.map(|d| format!("计划 {d}")).unwrap_or_default()
        ),
        Lang::En => format!(
            "{} {} {} | {} {} | {}\n",
            r.request_no,
            r.kind.code(),
            r.state.code(),
            r.org,
            r.applicant,
            r.planned_on.map(|d| format!("planned {d}")).unwrap_or_default()
        ),
    };
    let headers = match lang {
        Lang::Zh => ["序号", "资产编号", "设备名称", "型号", "U数", "额定功率(W)", "位置"],
        Lang::En => ["#", "asset", "name", "model", "U", "rated W", "position"],
    };
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                x.seq.to_string(),
                x.asset_tag.clone(),
                x.name.clone(),
                x.model.clone(),
                x.u_height.to_string(),
                x.rated_w.to_string(),
                match (&x.cabinet, x.start_u) {
                    (Some(c), Some(u)) => crate::ledger::position_label(c, u, x.face.unwrap_or(Face::Front)),
                    _ => String::new(),
                },
            ]
        })
        .collect();
    t.push_str(&table::render(&headers, &rows));
    t
}

fn check_text(c: &RequestCheck, lang: Lang) -> String {
    let verdict = match (c.verdict, lang) {
        (Verdict::Ok, Lang::Zh) => "检查通过",
        (Verdict::Warning, Lang::Zh) => "检查通过，但有预警",
        (Verdict::Refused, Lang::Zh) => "检查未通过",
        (Verdict::Ok, Lang::En) => "check passed",
        (Verdict::Warning, Lang::En) => "check passed with warnings",
        (Verdict::Refused, Lang::En) => "check refused",
    };
    let mut t = format!("{verdict}\n");
    for r in &c.rows {
        for reason in &r.check.reasons {
            t.push_str(&format!("  {} {} {}：{reason}\n", r.seq, r.asset_tag, r.position));
        }
    }
    t
}

fn verdict_word(v: Verdict, lang: Lang) -> &'static str {
    match (v, lang) {
        (Verdict::Ok, Lang::Zh) => "通过",
        (Verdict::Warning, Lang::Zh) => "预警",
        (Verdict::Refused, Lang::Zh) => "未通过",
        (Verdict::Ok, Lang::En) => "ok",
        (Verdict::Warning, Lang::En) => "warning",
        (Verdict::Refused, Lang::En) => "refused",
    }
}

fn queue_name(q: QueueKind, lang: Lang) -> &'static str {
    match (q, lang) {
        (QueueKind::Approve, Lang::Zh) => "待我审批",
        (QueueKind::Review, Lang::Zh) => "待我审核",
        (QueueKind::Confirm, Lang::Zh) => "待我确认",
        (QueueKind::Execute, Lang::Zh) => "待我执行",
        (QueueKind::Accept, Lang::Zh) => "待我验收",
        (QueueKind::Approve, Lang::En) => "to approve",
        (QueueKind::Review, Lang::En) => "to review",
        (QueueKind::Confirm, Lang::En) => "to confirm",
        (QueueKind::Execute, Lang::En) => "to execute",
        (QueueKind::Accept, Lang::En) => "to accept",
    }
}

/// `whoami`: design.md's `{"operator","roles","engine","ledger_id"}`, plus where the ledger is.
pub fn whoami(env: &mut Env) -> Result<Outcome, Failure> {
    let me = env.ledger.identity(&env.ctx)?;
    let lang = env.lang;
    let roles: Vec<&str> = me.roles.iter().map(|r| r.name(lang)).collect();
    let mut text = format!(
        "{}{}\n{}{}\n{}{} {}\n",
        lang.pick("操作人：", "operator: "),
        me.operator,
        lang.pick("角色：", "roles: "),
        roles.join("、"),
        lang.pick("台账：", "ledger: "),
        me.engine.code(),
        me.ledger
    );
    if !me.roles_apply {
        text.push_str(lang.pick("单机账本：不区分角色\n", "single-file ledger: roles are not separated\n"));
    }
    Ok(Outcome::ok(
        json!({
            "operator": me.operator,
            "roles": me.roles,
            "engine": me.engine,
            "ledger_id": me.ledger_id,
            "ledger": me.ledger,
            "roles_apply": me.roles_apply,
        }),
        text,
    ))
}

fn doc(r: &RackingRequest) -> serde_json::Value {
    json!({"ok": true, "request_no": r.request_no, "state": r.state, "request": r})
}

pub fn request(env: &mut Env, cmd: RequestCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        RequestCmd::Add(a) => {
            let draft = RequestDraft {
                org: a.org,
                applicant: a.applicant,
                phone: a.phone,
                system: a.system,
                kind: a.kind,
                planned_on: a.planned,
                escort: a.escort,
                power_tested: a.power_tested,
                org_opinion: None,
                note: a.note,
                rows: a.rows,
            };
            let r = env.ledger.add_request(&env.ctx, &draft)?;
            let text = format!(
                "{}{}\n{}",
                lang.pick("已填写上架申请 ", "racking request filed: "),
                r.request_no,
                request_text(&r, lang)
            );
            Ok(Outcome::ok(doc(&r), text))
        }
        RequestCmd::Submit { no } => {
            let r = env.ledger.submit_request(&env.ctx, &no)?;
            Ok(Outcome::ok(doc(&r), format!("{}{}", lang.pick("已提交审批 ", "submitted: "), r.request_no)))
        }
        RequestCmd::Approve { no, override_reason, opinion } => {
            match env.ledger.approve_request(&env.ctx, &no, override_reason.as_deref(), opinion.as_deref()) {
                Ok(a) => {
                    let mut d = doc(&a.request);
                    if let Some(o) = d.as_object_mut() {
                        o.insert("check".into(), json!(a.check));
                    }
                    let text = format!(
                        "{}{}\n{}",
                        lang.pick("已批准 ", "approved: "),
                        a.request.request_no,
                        a.check.as_ref().map(|c| check_text(c, lang)).unwrap_or_default()
                    );
                    Ok(Outcome::ok(d, text))
                }
                Err(e @ Error::ApprovalRefused { .. }) => {
                    // The check beside the refusal, so a script sees which row failed and why.
                    let check = env.ledger.request_answer(&no).ok().and_then(|a| a.check);
                    Err(Failure::Refused(e, check.map(|c| json!({ "check": c }))))
                }
                Err(e) => Err(e.into()),
            }
        }
        RequestCmd::Review { no, override_reason, opinion } => {
            match env.ledger.review_request(&env.ctx, &no, override_reason.as_deref(), opinion.as_deref()) {
                Ok(a) => {
                    let mut d = doc(&a.request);
                    if let Some(o) = d.as_object_mut() {
                        o.insert("check".into(), json!(a.check));
                    }
                    let text = format!(
                        "{}{}\n{}",
                        lang.pick("已审核 ", "reviewed: "),
                        a.request.request_no,
                        a.check.as_ref().map(|c| check_text(c, lang)).unwrap_or_default()
                    );
                    Ok(Outcome::ok(d, text))
                }
                Err(e @ Error::ReviewRefused { .. }) => {
                    let check = env.ledger.request_answer(&no).ok().and_then(|a| a.check);
                    Err(Failure::Refused(e, check.map(|c| json!({ "check": c }))))
                }
                Err(e) => Err(e.into()),
            }
        }
        RequestCmd::Accept { no, opinion } => {
            let r = env.ledger.accept_request(&env.ctx, &no, opinion.as_deref())?;
            Ok(Outcome::ok(doc(&r), format!("{}{}", lang.pick("已验收 ", "accepted: "), r.request_no)))
        }
        RequestCmd::Timeline { no } => {
            let steps = env.ledger.request_timeline(&no)?;
            let headers = match lang {
                Lang::Zh => ["时间", "步骤", "操作人", "角色", "状态", "检查", "原因 / 意见"],
                Lang::En => ["at", "step", "operator", "role", "state", "check", "reason / opinion"],
            };
            let rows: Vec<Vec<String>> = steps
                .iter()
                .map(|s| {
                    vec![
                        s.at.clone(),
                        crate::roles::step_name(&s.step, lang),
                        s.operator.clone(),
                        s.role.map(|r| r.name(lang).to_string()).unwrap_or_default(),
                        s.to.label(lang).to_string(),
                        s.check.as_ref().map(|c| verdict_word(c.verdict, lang).to_string()).unwrap_or_default(),
                        [s.reason.clone(), s.opinion.clone(), s.op_no.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join("；"),
                    ]
                })
                .collect();
            Ok(Outcome::ok(
                json!({ "ok": true, "request_no": no.trim(), "steps": steps }),
                table::render(&headers, &rows),
            ))
        }
        RequestCmd::Queue => {
            let q = env.ledger.request_queues(&env.ctx)?;
            let mut text = String::new();
            for queue in &q.queues {
                let name = queue_name(queue.queue, lang);
                text.push_str(&format!("{name} {}  {}\n", queue.count, queue.requests.join(" ")));
            }
            Ok(Outcome::ok(json!({ "ok": true, "operator": q.identity.operator, "queues": q.queues }), text))
        }
        RequestCmd::Reject { no, reason } => {
            let r = env.ledger.reject_request(&env.ctx, &no, &reason)?;
            Ok(Outcome::ok(doc(&r), format!("{}{}", lang.pick("已驳回 ", "rejected: "), r.request_no)))
        }
        RequestCmd::Cancel { no, reason } => {
            let r = env.ledger.cancel_request(&env.ctx, &no, reason.as_deref())?;
            Ok(Outcome::ok(doc(&r), format!("{}{}", lang.pick("已取消 ", "cancelled: "), r.request_no)))
        }
        RequestCmd::Execute { no } => {
            let x = env.ledger.execute_request(&env.ctx, &no)?;
            let mut d = doc(&x.request);
            if let Some(o) = d.as_object_mut() {
                o.insert("assets".into(), json!(x.assets));
                o.insert("ports_created".into(), json!(x.ports_created));
                o.insert("cables_created".into(), json!(x.cables_created));
            }
            let placed: Vec<String> = x
                .assets
                .iter()
                .map(|a| match a.position() {
                    Some(p) => {
                        format!("{} → {}", a.asset_tag, crate::ledger::position_label(&p.cabinet, p.start_u, p.face))
                    }
                    None => format!("{} ↓", a.asset_tag),
                })
                .collect();
            let text = format!(
                "{}{}\n  {}",
                lang.pick("已完成上架 ", "executed: "),
                x.request.request_no,
                placed.join("\n  ")
            );
            Ok(Outcome::ok(d, text))
        }
        RequestCmd::Show { no } => {
            let a = env.ledger.request_answer_for(&env.ctx, &no)?;
            let mut text = request_text(&a.request, lang);
            if let Some(c) = &a.check {
                text.push_str(&check_text(c, lang));
            }
            let mut d = doc(&a.request);
            if let Some(o) = d.as_object_mut() {
                o.insert("check".into(), json!(a.check));
                // The steps the operator may take on it now (their roles, the approvers, 验收
                // not by the executor on a team ledger).
                o.insert("mine".into(), json!(a.mine));
            }
            Outcome::shown(&env.ledger, Record::Request, &a.request.request_no, d, text)
        }
        RequestCmd::List { state, limit, offset } => {
            let filter = RequestFilter { state, limit, offset };
            let all = env.ledger.requests(&filter)?;
            let total = env.ledger.request_count(&filter)?;
            let headers = match lang {
                Lang::Zh => ["申请单号", "申请日期", "类型", "申请单位", "申请人", "设备数", "状态"],
                Lang::En => ["no", "applied", "type", "organisation", "applicant", "devices", "state"],
            };
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|r| {
                    vec![
                        r.request_no.clone(),
                        r.applied_on.to_string(),
                        r.kind.label(lang).to_string(),
                        r.org.clone(),
                        r.applicant.clone(),
                        r.rows.len().to_string(),
                        r.state.label(lang).to_string(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(
                json!({ "requests": all, "count": all.len(), "total": total }),
                table::render(&headers, &rows) + &table::shown(all.len(), total, ("条", "requests"), lang),
            ))
        }
    }
}

fn operation_text(o: &OperationRequest, lang: Lang) -> String {
    let mut t = format!(
        "{} {} {}｜{} {}\n",
        o.op_no,
        o.kind.label(lang),
        o.request_no.clone().unwrap_or_default(),
        o.org,
        o.applicant
    );
    let headers = match lang {
        Lang::Zh => ["线缆编号", "本端设备", "本端端口", "本端标签", "对端设备", "对端端口", "对端标签"],
        Lang::En => ["cable", "asset A", "port A", "label A", "asset B", "port B", "label B"],
    };
    let rows: Vec<Vec<String>> = o
        .cables
        .iter()
        .map(|c| {
            vec![
                c.cable_no.clone().unwrap_or_default(),
                c.a_asset.clone(),
                c.a_port.clone(),
                c.a_label.clone().unwrap_or_default(),
                c.b_asset.clone(),
                c.b_port.clone(),
                c.b_label.clone().unwrap_or_default(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        t.push_str(&table::render(&headers, &rows));
    }
    t
}

pub fn operation(env: &mut Env, cmd: OperationCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        OperationCmd::Add(a) => {
            let a = *a;
            let d = OperationDraft {
                request_no: a.request,
                org: a.org,
                applicant: a.applicant,
                phone: a.phone,
                kind: a.kind,
                planned_start: a.start,
                planned_end: a.end,
                steps: a.steps,
                impact: a.impact,
                risk: a.risk,
                rollback: a.rollback,
                implementer: a.implementer,
                escort: a.escort,
                positions: a.positions,
                cables: a.cables,
            };
            let o = env.ledger.add_operation(&env.ctx, &d)?;
            let text = format!(
                "{}{}\n{}",
                lang.pick("已填写操作申请 ", "operation request filed: "),
                o.op_no,
                operation_text(&o, lang)
            );
            Ok(Outcome::ok(json!({"ok": true, "op_no": o.op_no, "operation": o}), text))
        }
        OperationCmd::Confirm { no } => {
            let c = env.ledger.confirm(&env.ctx, &no)?;
            let numbers: Vec<&str> = c.operations.iter().map(|o| o.op_no.as_str()).collect();
            let mut text =
                format!("{}{}", lang.pick("已确认操作申请单 ", "operation request confirmed: "), numbers.join(" "));
            if let Some(r) = &c.request {
                text.push_str(&format!("\n{} {}", r.request_no, r.state.label(lang)));
            }
            Ok(Outcome::ok(
                json!({"ok": true, "operations": c.operations, "request": c.request, "state": c.request.as_ref().map(|r| r.state)}),
                text,
            ))
        }
        OperationCmd::Show { no } => {
            let o = env.ledger.operation(&no)?;
            let text = operation_text(&o, lang);
            Outcome::shown(
                &env.ledger,
                Record::Operation,
                &o.op_no,
                json!({"ok": true, "op_no": o.op_no, "operation": o}),
                text,
            )
        }
        OperationCmd::List { request } => {
            let all = env.ledger.operations(request.as_deref())?;
            let headers = match lang {
                Lang::Zh => ["单号", "类型", "关联上架申请", "申请单位", "申请人", "设备数", "线缆数"],
                Lang::En => ["no", "type", "racking request", "organisation", "applicant", "devices", "cables"],
            };
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|o| {
                    vec![
                        o.op_no.clone(),
                        o.kind.label(lang).to_string(),
                        o.request_no.clone().unwrap_or_default(),
                        o.org.clone(),
                        o.applicant.clone(),
                        o.positions.len().to_string(),
                        o.cables.len().to_string(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(json!({ "operations": all }), table::render(&headers, &rows)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse_with_and_without_a_face() {
        let r = row("ZC-1:A03:21").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (r.asset_tag.as_str(), r.cabinet.as_deref(), r.start_u, r.face),
            ("ZC-1", Some("A03"), Some(21), None)
        );
        let r = row("ZC-1:A03:21:rear").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.face, Some(Face::Rear));
        assert!(row("ZC-1:A03").is_err());
        assert!(row("ZC-1:A03:0").is_err());
        assert!(row("ZC-1:A03:x").is_err());
    }

    #[test]
    fn cables_name_both_ends() {
        let c = cable("SW-1:GE1/0/1,SRV-1:eth0,cat6,C-001").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.a_asset.as_str(), c.a_port.as_str()), ("SW-1", "GE1/0/1"));
        assert_eq!((c.b_asset.as_str(), c.b_port.as_str()), ("SRV-1", "eth0"));
        assert_eq!(c.cable_no.as_deref(), Some("C-001"));
        assert!(cable("SW-1:GE1/0/1").is_err());
    }
}
