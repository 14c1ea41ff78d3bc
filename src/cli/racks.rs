//! `room`, `cabinet`, `place`, `move`, `unplace`, `check`.

use clap::{Args, Subcommand};
use serde_json::json;

use super::assets::where_text;
use super::power::CabinetPowerArgs;
use super::{table, Env, Failure, Outcome};
use crate::db::power::CabinetPowerConfig;
use crate::db::uids::Record;
use crate::i18n::Lang;
use crate::ledger::{CheckResult, Verdict};
use crate::model::{CabinetDraft, Face, Room, DEFAULT_CABINET_U};

#[derive(Debug, Subcommand)]
pub enum RoomCmd {
    /// 登记机房 / add a room
    Add {
        name: String,
        #[arg(long)]
        location: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// 列出机房 / list rooms
    List,
}

#[derive(Debug, Subcommand)]
pub enum CabinetCmd {
    /// 登记机柜 / add a cabinet
    Add {
        code: String,
        #[arg(long)]
        room: String,
        /// 列 / row
        #[arg(long)]
        row: Option<String>,
        /// U数 / height in U
        #[arg(long = "u", alias = "u-height", default_value_t = DEFAULT_CABINET_U)]
        u_height: u32,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        power: CabinetPowerArgs,
    },
    /// 修改机柜供电配置 / change a cabinet's capacity, feeds and levels
    Set {
        code: String,
        #[command(flatten)]
        power: CabinetPowerArgs,
    },
    /// 列出机柜 / list cabinets
    List {
        #[arg(long)]
        room: Option<String>,
    },
    /// 机柜立面：柜内设备 / the devices in a cabinet
    Show { code: String },
}

#[derive(Debug, Args)]
pub struct PlaceArgs {
    pub asset: String,
    pub cabinet: String,
    pub start_u: u32,
    #[arg(long, value_parser = parse_face)]
    pub face: Option<Face>,
    /// 超限仍执行，并记录原因 / go ahead past a power refusal, with the reason
    #[arg(long = "override", value_name = "REASON")]
    pub override_reason: Option<String>,
    /// 紧急操作（无已确认的附件5），记录原因 / the emergency path (no confirmed operation request), with the reason
    #[arg(long, value_name = "REASON")]
    pub emergency: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    pub asset: String,
    pub cabinet: String,
    pub start_u: u32,
    #[arg(long, value_parser = parse_face)]
    pub face: Option<Face>,
}

fn parse_face(s: &str) -> Result<Face, String> {
    Face::parse(s).ok_or_else(|| format!("可选值 / choices: {}", Face::choices()))
}

pub fn room(env: &mut Env, cmd: RoomCmd) -> Result<Outcome, Failure> {
    match cmd {
        RoomCmd::Add { name, location, note } => {
            env.ledger.add_room(&env.ctx, &Room { name: name.clone(), location, note })?;
            Ok(Outcome::ok(
                json!({"ok": true, "room": name}),
                format!("{}{name}", env.lang.pick("已登记机房 ", "room added: ")),
            ))
        }
        RoomCmd::List => {
            let rooms = env.ledger.rooms()?;
            let headers = match env.lang {
                Lang::Zh => ["机房名称", "位置", "备注"],
                Lang::En => ["room", "location", "note"],
            };
            let rows: Vec<Vec<String>> = rooms
                .iter()
                .map(|r| {
                    vec![r.name.clone(), r.location.clone().unwrap_or_default(), r.note.clone().unwrap_or_default()]
                })
                .collect();
            Ok(Outcome::ok(json!({ "rooms": rooms }), table::render(&headers, &rows)))
        }
    }
}

pub fn cabinet(env: &mut Env, cmd: CabinetCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        CabinetCmd::Add { code, room, row, u_height, owner, note, power } => {
            let mut cfg = CabinetPowerConfig::default();
            power.apply(&mut cfg)?;
            let cfg = (!power.is_empty()).then_some(cfg);
            let c = env.ledger.add_cabinet(
                &env.ctx,
                &CabinetDraft { code, room, row, u_height, owner, note },
                cfg.as_ref(),
            )?;
            let text =
                format!("{}{}（{}，{}U）", lang.pick("已登记机柜 ", "cabinet added: "), c.code, c.room, c.u_height);
            Ok(Outcome::ok(json!({"ok": true, "cabinet": c}), text))
        }
        CabinetCmd::Set { code, power } => {
            if power.is_empty() {
                return Err(Failure::Usage("请给出要修改的选项，如 --rated-kw 4.4 / give an option to change".into()));
            }
            let mut cfg = env.ledger.cabinet_power_config(&code)?;
            power.apply(&mut cfg)?;
            let cfg = env.ledger.set_cabinet_power(&env.ctx, &code, &cfg)?;
            Ok(Outcome::ok(
                json!({"ok": true, "cabinet": code, "power": cfg}),
                format!("{}{code}", lang.pick("已修改机柜 ", "cabinet updated: ")),
            ))
        }
        CabinetCmd::List { room } => {
            let cabinets = env.ledger.cabinets(room.as_deref())?;
            let headers = match lang {
                Lang::Zh => ["机柜编号", "机房", "列", "U数", "已用U", "空闲U", "设备数", "归属单位"],
                Lang::En => ["cabinet", "room", "row", "U", "used U", "free U", "devices", "owner"],
            };
            let rows: Vec<Vec<String>> = cabinets
                .iter()
                .map(|c| {
                    vec![
                        c.code.clone(),
                        c.room.clone(),
                        c.row.clone().unwrap_or_default(),
                        c.u_height.to_string(),
                        c.used_u.to_string(),
                        c.free_u.to_string(),
                        c.device_count.to_string(),
                        c.owner.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            Ok(Outcome::ok(json!({ "cabinets": cabinets }), table::render(&headers, &rows)))
        }
        CabinetCmd::Show { code } => {
            let e = env.ledger.elevation(&code)?;
            let headers = match lang {
                Lang::Zh => ["位置", "资产编号", "设备名称", "类型", "深度", "状态"],
                Lang::En => ["position", "asset tag", "name", "type", "depth", "status"],
            };
            let rows: Vec<Vec<String>> = e
                .devices
                .iter()
                .rev()
                .map(|a| {
                    vec![
                        where_text(a),
                        a.asset_tag.clone(),
                        a.name.clone(),
                        a.category.label(lang).to_string(),
                        a.depth.label(lang).to_string(),
                        a.status.label(lang).to_string(),
                    ]
                })
                .collect();
            let head = format!(
                "{} {}  {}U  {} {}U  {} {}U\n",
                e.cabinet.code,
                e.cabinet.room,
                e.cabinet.u_height,
                lang.pick("已用", "used"),
                e.cabinet.used_u,
                lang.pick("空闲", "free"),
                e.cabinet.free_u
            );
            let json = serde_json::to_value(&e).unwrap_or_default();
            Outcome::shown(&env.ledger, Record::Cabinet, &e.cabinet.code, json, head + &table::render(&headers, &rows))
        }
    }
}

fn check_text(c: &CheckResult, lang: Lang) -> String {
    let verdict = match (c.verdict, lang) {
        (Verdict::Ok, Lang::Zh) => "可以上架",
        (Verdict::Warning, Lang::Zh) => "可以上架，但有预警",
        (Verdict::Refused, Lang::Zh) => "不可上架",
        (Verdict::Ok, Lang::En) => "ok",
        (Verdict::Warning, Lang::En) => "allowed, with a warning",
        (Verdict::Refused, Lang::En) => "refused",
    };
    let mut t = format!("{}{verdict}\n", lang.pick("结论：", "verdict: "));
    for r in &c.reasons {
        t.push_str(&format!("  - {r}\n"));
    }
    t
}

pub fn check(env: &mut Env, args: CheckArgs) -> Result<Outcome, Failure> {
    let c = env.ledger.check_placement(&args.asset, &args.cabinet, args.start_u, args.face)?;
    let code = if c.verdict == Verdict::Refused { 1 } else { 0 };
    let text = check_text(&c, env.lang);
    Ok(Outcome { json: serde_json::to_value(&c).unwrap_or_default(), text, code })
}

pub fn place(env: &mut Env, args: PlaceArgs, is_move: bool) -> Result<Outcome, Failure> {
    let (over, urgent) = (args.override_reason.as_deref(), args.emergency.as_deref());
    let r = if is_move {
        env.ledger.move_by_hand(&env.ctx, &args.asset, &args.cabinet, args.start_u, args.face, over, urgent)
    } else {
        env.ledger.place_by_hand(&env.ctx, &args.asset, &args.cabinet, args.start_u, args.face, over, urgent)
    };
    match r {
        Ok(r) => {
            let text = format!(
                "{}{} → {}\n{}",
                env.lang.pick(if is_move { "已迁移 " } else { "已上架 " }, if is_move { "moved " } else { "racked " }),
                r.asset.asset_tag,
                where_text(&r.asset),
                check_text(&r.check, env.lang)
            );
            Ok(Outcome::ok(json!({"ok": true, "asset": r.asset, "check": r.check}), text))
        }
        Err(e) => {
            // Give the check's answer beside the refusal, so a script sees the conflicts.
            let check = env.ledger.check_placement(&args.asset, &args.cabinet, args.start_u, args.face).ok();
            Err(Failure::Refused(e, check.map(|c| json!({ "check": c }))))
        }
    }
}

pub fn unplace(env: &mut Env, tag: &str) -> Result<Outcome, Failure> {
    let a = env.ledger.unplace(&env.ctx, tag)?;
    let text = format!("{}{}", env.lang.pick("已下架 ", "unracked "), a.asset_tag);
    Ok(Outcome::ok(json!({"ok": true, "asset": a}), text))
}
