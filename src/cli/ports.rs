//! `port …`, `cable …`, `connect`, `disconnect`, `trace`, `patch`.

use clap::{Args, Subcommand};
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::db::uids::Record;
use crate::i18n::Lang;
use crate::ledger::ports::{Hop, HopVia, PoolFigures, PoolLevel};
use crate::ledger::{CableUpdate, PortRef};
use crate::model::{Cable, CableDraft, CableEnd, CableType, Category, PortKind, PortStatus, PortTemplate};

#[derive(Debug, Subcommand)]
pub enum PortCmd {
    /// 设备的端口及对端 / a device's ports and what they are patched to
    List { asset: String },
    /// 端口表（机柜、机房或全部）/ the port table of a cabinet, a room or the site
    Table {
        #[arg(long)]
        cabinet: Option<String>,
        #[arg(long)]
        room: Option<String>,
    },
    /// 网口资源池：空闲/已用/预留 / the LAN port pool per switch, cabinet and room
    Pool {
        #[arg(long)]
        room: Option<String>,
        #[arg(long)]
        cabinet: Option<String>,
    },
    /// 按模板创建端口 / create a device's ports from a template
    Apply {
        asset: String,
        /// 模板名称（默认按型号匹配）/ template name (default: by model)
        #[arg(long)]
        template: Option<String>,
    },
    /// 手工添加端口 / add one port: ASSET:PORT --kind K
    Add {
        port: String,
        #[arg(long, value_parser = parse_kind)]
        kind: PortKind,
        #[arg(long)]
        speed: Option<String>,
    },
    /// 预留端口 / reserve a free port
    Reserve { port: String },
    /// 取消预留 / free a reserved port
    Free { port: String },
    /// 端口模板库 / the port-template library
    #[command(subcommand)]
    Template(TemplateCmd),
}

#[derive(Debug, Subcommand)]
pub enum TemplateCmd {
    /// 列出模板 / list templates
    List,
    /// 新增或修改模板 / add or replace a template
    Set {
        name: String,
        #[arg(long, value_parser = parse_category)]
        category: Category,
        /// 如 / e.g. "GE1/0/{1-48} RJ45 1G; PSU{1-2} power"
        #[arg(long)]
        layout: String,
        #[arg(long, default_value = "")]
        vendor: String,
        /// 型号前缀 / model prefix it matches
        #[arg(long, default_value = "")]
        model: String,
        /// 同类设备的通用模板 / the category's generic template
        #[arg(long)]
        generic: bool,
        #[arg(long)]
        note: Option<String>,
    },
    /// 删除模板 / delete a template
    Delete { name: String },
}

#[derive(Debug, Subcommand)]
pub enum CableCmd {
    /// 列出线缆 / list cables
    List,
    /// 线缆详情 / one cable
    Show { cable: String },
    /// 修改线缆（标签、类型、长度…）/ edit a cable
    Set {
        cable: String,
        #[command(flatten)]
        fields: CableFields,
    },
}

/// The cable's own fields, shared by `connect`, `patch` and `cable set`.
#[derive(Debug, Args, Default)]
pub struct CableFields {
    /// 线缆类型 / cable type: cat6, cat6a, smf, mmf, dac, aoc, power
    #[arg(long = "type", value_parser = parse_type)]
    pub cable_type: Option<CableType>,
    #[arg(long = "length", value_name = "M")]
    pub length_m: Option<f64>,
    #[arg(long, alias = "color")]
    pub colour: Option<String>,
    #[arg(long)]
    pub purpose: Option<String>,
    #[arg(long)]
    pub vlan: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// 本端标签 / label at the first end
    #[arg(long = "label-a")]
    pub a_label: Option<String>,
    /// 对端标签 / label at the second end
    #[arg(long = "label-b")]
    pub b_label: Option<String>,
}

impl CableFields {
    fn draft(self, cable_no: Option<String>) -> CableDraft {
        CableDraft {
            cable_no,
            cable_type: self.cable_type,
            a_label: self.a_label,
            b_label: self.b_label,
            length_m: self.length_m,
            colour: self.colour,
            purpose: self.purpose,
            vlan: self.vlan,
            note: self.note,
        }
    }
}

#[derive(Debug, Args)]
pub struct ConnectArgs {
    /// ASSET:PORT
    pub a: String,
    /// ASSET:PORT
    pub b: String,
    /// 线缆编号（默认自动生成）/ cable number (generated if not given)
    #[arg(long = "cable")]
    pub cable_no: Option<String>,
    #[command(flatten)]
    pub fields: CableFields,
    /// 紧急操作（无已确认的附件5），记录原因 / the emergency path (no confirmed operation request), with the reason
    #[arg(long, value_name = "REASON")]
    pub emergency: Option<String>,
}

#[derive(Debug, Args)]
pub struct PatchArgs {
    /// ASSET:1-48
    #[arg(long)]
    pub from: String,
    /// ASSET:1-48
    #[arg(long)]
    pub to: String,
    /// 线缆编号前缀 / cable number prefix (NO-01, NO-02, …)
    #[arg(long = "cable")]
    pub cable_no: Option<String>,
    #[command(flatten)]
    pub fields: CableFields,
}

fn parse_kind(s: &str) -> Result<PortKind, String> {
    PortKind::parse(s).ok_or_else(|| format!("可选值 / choices: {}", PortKind::choices()))
}
fn parse_type(s: &str) -> Result<CableType, String> {
    CableType::parse(s).ok_or_else(|| format!("可选值 / choices: {}", CableType::choices()))
}
fn parse_category(s: &str) -> Result<Category, String> {
    Category::parse(s).ok_or_else(|| format!("可选值 / choices: {}", Category::choices()))
}

fn end_text(e: &CableEnd) -> String {
    format!("{}:{}", e.asset_tag, e.port)
}

fn cable_text(c: &Cable, lang: Lang) -> String {
    format!(
        "{} {}  {} ⇄ {}  [{} | {}]",
        lang.pick("线缆", "cable"),
        c.cable_no,
        end_text(&c.a),
        end_text(&c.b),
        c.a.label.clone().unwrap_or_default(),
        c.b.label.clone().unwrap_or_default()
    )
}

fn percent(f: &PoolFigures) -> String {
    format!("{:.1} %", f.utilization * 100.0)
}

fn level_text(f: &PoolFigures, lang: Lang) -> &'static str {
    match f.status {
        PoolLevel::Ok => lang.pick("正常", "ok"),
        PoolLevel::Warning => lang.pick("预警", "warning"),
    }
}

pub fn port(env: &mut Env, cmd: PortCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        PortCmd::List { asset } => {
            let d = env.ledger.device_ports(&asset)?;
            let headers = match lang {
                Lang::Zh => ["端口", "类型", "速率", "状态", "线缆编号", "对端", "本端标签"],
                Lang::En => ["port", "kind", "speed", "status", "cable", "far end", "label"],
            };
            let rows: Vec<Vec<String>> = d
                .ports
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        p.kind.label_zh().to_string(),
                        p.speed.clone().unwrap_or_default(),
                        p.status.label(lang).to_string(),
                        p.link.as_ref().map(|l| l.cable_no.clone()).unwrap_or_default(),
                        p.link.as_ref().map(|l| end_text(&l.far)).unwrap_or_default(),
                        p.link.as_ref().and_then(|l| l.label.clone()).unwrap_or_default(),
                    ]
                })
                .collect();
            let head = format!("{} {}  {}\n", d.asset_tag, d.asset_name, d.model);
            Ok(Outcome::ok(serde_json::to_value(&d).unwrap_or_default(), head + &table::render(&headers, &rows)))
        }
        PortCmd::Table { cabinet, room } => {
            let rows = env.ledger.port_table(cabinet.as_deref(), room.as_deref())?;
            let headers = match lang {
                Lang::Zh => ["机柜编号", "U位", "资产编号", "端口", "状态", "线缆编号", "对端"],
                Lang::En => ["cabinet", "U", "asset tag", "port", "status", "cable", "far end"],
            };
            let text_rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.cabinet.clone().unwrap_or_default(),
                        r.start_u.map(|u| u.to_string()).unwrap_or_default(),
                        r.port.asset_tag.clone(),
                        r.port.name.clone(),
                        r.port.status.label(lang).to_string(),
                        r.port.link.as_ref().map(|l| l.cable_no.clone()).unwrap_or_default(),
                        r.port.link.as_ref().map(|l| end_text(&l.far)).unwrap_or_default(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(json!({ "ports": rows }), table::render(&headers, &text_rows)))
        }
        PortCmd::Pool { room, cabinet } => {
            let p = env.ledger.port_pool(room.as_deref(), cabinet.as_deref())?;
            let headers = match lang {
                Lang::Zh => ["范围", "交换机", "总数", "空闲", "已用", "预留", "使用率", "状态"],
                Lang::En => ["scope", "switches", "total", "free", "used", "reserved", "used %", "status"],
            };
            let row = |scope: String, n: u32, f: &PoolFigures| {
                vec![
                    scope,
                    n.to_string(),
                    f.total.to_string(),
                    f.free.to_string(),
                    f.used.to_string(),
                    f.reserved.to_string(),
                    percent(f),
                    level_text(f, lang).to_string(),
                ]
            };
            let mut rows: Vec<Vec<String>> = Vec::new();
            for r in &p.rooms {
                rows.push(row(r.room.clone(), r.switches, &r.figures));
            }
            for c in &p.cabinets {
                rows.push(row(format!("  {}", c.cabinet), c.switches, &c.figures));
            }
            rows.push(row(lang.pick("合计", "total").to_string(), p.switches.len() as u32, &p.total));
            let head = format!("{}{:.0} %\n", lang.pick("预警阈值：", "warning level: "), p.warning_level * 100.0);
            Ok(Outcome::ok(serde_json::to_value(&p).unwrap_or_default(), head + &table::render(&headers, &rows)))
        }
        PortCmd::Apply { asset, template } => {
            let d = env.ledger.create_ports(&env.ctx, &asset, template.as_deref())?;
            let text = match lang {
                Lang::Zh => {
                    format!("{} 按模板“{}”新建 {} 个端口（共 {} 个）", d.asset_tag, d.template, d.created, d.total)
                }
                Lang::En => {
                    format!("{}: {} ports created from “{}” ({} in all)", d.asset_tag, d.created, d.template, d.total)
                }
            };
            Ok(Outcome::ok(json!({"ok": true, "ports": d}), text))
        }
        PortCmd::Add { port, kind, speed } => {
            let r = PortRef::parse(&port)?;
            let p = env.ledger.add_port(&env.ctx, &r, kind, speed.as_deref())?;
            Ok(Outcome::ok(json!({"ok": true, "port": p}), format!("{}{r}", lang.pick("已添加端口 ", "port added: "))))
        }
        PortCmd::Reserve { port } => status(env, &port, PortStatus::Reserved),
        PortCmd::Free { port } => status(env, &port, PortStatus::Free),
        PortCmd::Template(cmd) => template(env, cmd),
    }
}

fn status(env: &mut Env, port: &str, s: PortStatus) -> Result<Outcome, Failure> {
    let r = PortRef::parse(port)?;
    let p = env.ledger.set_port_status(&env.ctx, &r, s)?;
    Ok(Outcome::ok(json!({"ok": true, "port": p}), format!("{r}: {}", p.status.label(env.lang))))
}

fn template(env: &mut Env, cmd: TemplateCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        TemplateCmd::List => {
            let all = env.ledger.port_templates()?;
            let headers = match lang {
                Lang::Zh => ["模板名称", "设备类型", "型号", "通用", "端口布局"],
                Lang::En => ["template", "category", "model", "generic", "layout"],
            };
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|t| {
                    vec![
                        t.name.clone(),
                        t.category.label(lang).to_string(),
                        t.model.clone(),
                        if t.generic { lang.pick("是", "yes") } else { "" }.to_string(),
                        t.layout.clone(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(json!({ "templates": all }), table::render(&headers, &rows)))
        }
        TemplateCmd::Set { name, category, layout, vendor, model, generic, note } => {
            let t = PortTemplate { name, vendor, model, category, generic, layout, note };
            let t = env.ledger.put_port_template(&env.ctx, &t)?;
            Ok(Outcome::ok(
                json!({"ok": true, "template": t}),
                format!("{}{}", lang.pick("已保存端口模板 ", "template saved: "), t.name),
            ))
        }
        TemplateCmd::Delete { name } => {
            env.ledger.delete_port_template(&env.ctx, &name)?;
            Ok(Outcome::ok(
                json!({"ok": true, "template": name}),
                format!("{}{name}", lang.pick("已删除端口模板 ", "template deleted: ")),
            ))
        }
    }
}

pub fn cable(env: &mut Env, cmd: CableCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        CableCmd::List => {
            let all = env.ledger.cables()?;
            let headers = match lang {
                Lang::Zh => ["线缆编号", "线缆类型", "本端", "对端", "本端标签", "对端标签"],
                Lang::En => ["cable", "type", "end A", "end B", "label A", "label B"],
            };
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|c| {
                    vec![
                        c.cable_no.clone(),
                        c.cable_type.label(lang).to_string(),
                        end_text(&c.a),
                        end_text(&c.b),
                        c.a.label.clone().unwrap_or_default(),
                        c.b.label.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(json!({ "cables": all }), table::render(&headers, &rows)))
        }
        CableCmd::Show { cable } => {
            let c = env.ledger.cable(&cable)?;
            Outcome::shown(&env.ledger, Record::Cable, &c.cable_no, json!({ "cable": c }), cable_text(&c, lang))
        }
        CableCmd::Set { cable, fields } => {
            let u = CableUpdate {
                cable_type: fields.cable_type,
                a_label: fields.a_label,
                b_label: fields.b_label,
                length_m: fields.length_m,
                colour: fields.colour,
                purpose: fields.purpose,
                vlan: fields.vlan,
                note: fields.note,
            };
            let c = env.ledger.update_cable(&env.ctx, &cable, &u)?;
            Ok(Outcome::ok(json!({"ok": true, "cable": c}), cable_text(&c, lang)))
        }
    }
}

pub fn connect(env: &mut Env, args: ConnectArgs) -> Result<Outcome, Failure> {
    let a = PortRef::parse(&args.a)?;
    let b = PortRef::parse(&args.b)?;
    let c =
        env.ledger.connect_by_hand(&env.ctx, &a, &b, &args.fields.draft(args.cable_no), args.emergency.as_deref())?;
    let text = format!("{}{}", env.lang.pick("已连接：", "connected: "), cable_text(&c, env.lang));
    Ok(Outcome::ok(json!({"ok": true, "cable": c}), text))
}

pub fn disconnect(env: &mut Env, cable_no: &str) -> Result<Outcome, Failure> {
    let c = env.ledger.disconnect(&env.ctx, cable_no)?;
    let text = format!("{}{}", env.lang.pick("已断开：", "disconnected: "), cable_text(&c, env.lang));
    Ok(Outcome::ok(json!({"ok": true, "cable": c}), text))
}

pub fn patch(env: &mut Env, args: PatchArgs) -> Result<Outcome, Failure> {
    let cables = env.ledger.patch(&env.ctx, &args.from, &args.to, &args.fields.draft(args.cable_no))?;
    let text = match env.lang {
        Lang::Zh => format!("已批量跳线 {} 条：{} → {}", cables.len(), args.from, args.to),
        Lang::En => format!("{} cables patched: {} → {}", cables.len(), args.from, args.to),
    };
    Ok(Outcome::ok(json!({"ok": true, "count": cables.len(), "cables": cables}), text))
}

fn hop_text(h: &Hop, lang: Lang) -> String {
    let at = match (&h.cabinet, h.start_u) {
        (Some(c), Some(u)) => format!(" ({c}-U{u})"),
        _ => String::new(),
    };
    let via = match (h.via, &h.cable_no) {
        (HopVia::Start, _) => String::new(),
        (HopVia::Cable, Some(no)) => format!("  ─{no}→ "),
        (HopVia::Cable, None) => "  ─→ ".to_string(),
        (HopVia::Panel, _) => format!("  ⇢{}⇢ ", lang.pick("配线架", "panel")),
    };
    format!("{via}{}:{}{at}", h.asset_tag, h.port)
}

pub fn trace(env: &mut Env, port: &str) -> Result<Outcome, Failure> {
    let r = PortRef::parse(port)?;
    let t = env.ledger.trace(&r)?;
    let mut text: String = t.hops.iter().map(|h| hop_text(h, env.lang) + "\n").collect();
    text.push_str(&match (&t.far_end, env.lang) {
        (Some(f), Lang::Zh) => {
            format!("对端：{}:{}（经 {} 个配线架、{} 条线缆）", f.asset_tag, f.port, t.panels, t.cables)
        }
        (Some(f), Lang::En) => {
            format!("far end: {}:{} (through {} panels, {} cables)", f.asset_tag, f.port, t.panels, t.cables)
        }
        (None, lang) => lang.pick("未连到对端设备", "no far end").to_string(),
    });
    Ok(Outcome::ok(serde_json::to_value(&t).unwrap_or_default(), text))
}
