//! The command line of design.md — a contract that scripts and acceptance checks depend on.
//! It parses, calls the [`Ledger`], and prints what the ledger answered: one JSON document with
//! `--json`, a readable table otherwise (Chinese, or English with `--lang en`).
//!
//! Exit status: 0 done; 1 refused or invalid input (nothing written); 2 wrong usage.

mod assets;
mod backups;
mod environment;
mod excel;
mod inspections;
mod labels;
mod pairs;
mod ports;
mod power;
mod racks;
mod repairs;
mod requests;
mod table;
mod team;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::{json, Value};

use crate::error::Error;
use crate::i18n::Lang;
use crate::ledger::{Ctx, Ledger};

#[derive(Debug, Parser)]
#[command(name = "rackledger", version, about = "RackLedger 机房台账 — 机房设备台账、机柜U位与电力容量管理")]
pub struct Cli {
    /// 数据库文件（默认在用户数据目录）/ database file
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// 输出一个 JSON 文档 / print one JSON document
    #[arg(long, global = true)]
    pub json: bool,
    /// 操作人（默认为系统用户名）/ who is acting (default: the OS user)
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,
    /// 界面语言 / language: zh | en
    #[arg(long, global = true, value_name = "zh|en", default_value = "zh")]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成演示数据（仅限空数据库）/ fill an empty database with a demo site
    Demo {
        #[arg(long, default_value_t = 40)]
        cabinets: u32,
        #[arg(long, default_value_t = 600)]
        devices: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// 设备台账 / the asset ledger
    #[command(subcommand)]
    Asset(assets::AssetCmd),
    /// 机柜 / cabinets
    #[command(subcommand)]
    Cabinet(racks::CabinetCmd),
    /// 机房 / rooms
    #[command(subcommand)]
    Room(racks::RoomCmd),
    /// 上架 / rack an asset
    Place(racks::PlaceArgs),
    /// 下架 / unrack an asset
    Unplace { asset: String },
    /// 迁移 / move a racked asset
    Move(racks::PlaceArgs),
    /// 上架前检查（不写入）/ what-if for racking an asset
    Check(racks::CheckArgs),
    /// 电力：机柜与列头柜负载 / power of every cabinet and row-head cabinet
    Power {
        #[arg(long)]
        room: Option<String>,
        /// 按归属单位汇总 / devices and load per owner
        #[arg(long = "by-owner")]
        by_owner: bool,
    },
    /// 记录实测功率 / record a measured reading
    Reading(power::ReadingArgs),
    /// 列头柜 / row-head power cabinets
    #[command(subcommand, name = "rowhead", alias = "row-head")]
    Rowhead(power::RowHeadCmd),
    /// 全局设置 / global settings
    #[command(subcommand)]
    Settings(power::SettingsCmd),
    /// 导入 Excel 表单 / import an Excel workbook of templates.md
    Import(excel::ImportArgs),
    /// 导出 Excel 表单 / export an Excel form
    Export(excel::ExportArgs),
    /// 故障告警登记（附件3）/ the fault and alarm register
    #[command(subcommand)]
    Fault(repairs::FaultCmd),
    /// 日常巡检（附件1）/ the daily inspection
    #[command(subcommand)]
    Inspection(inspections::InspectionCmd),
    /// 维修记录（附件4）/ repair records
    #[command(subcommand)]
    Repair(repairs::RepairCmd),
    /// 上架申请（附件2）/ racking requests
    #[command(subcommand)]
    Request(requests::RequestCmd),
    /// 操作申请单（附件5）/ operation requests
    #[command(subcommand)]
    Operation(requests::OperationCmd),
    /// 当前操作人、角色与台账 / the operator, their roles, the engine and the ledger
    Whoami,
    /// 团队数据库的登录名与角色 / logins and roles of a team ledger (PostgreSQL)
    #[command(subcommand)]
    Team(team::TeamCmd),
    /// 端口与端口模板 / ports, the port table, the LAN port pool, port templates
    #[command(subcommand)]
    Port(ports::PortCmd),
    /// 线缆 / cables
    #[command(subcommand)]
    Cable(ports::CableCmd),
    /// 连接两个端口 / join two ports with a cable: ASSET:PORT ASSET:PORT
    Connect(ports::ConnectArgs),
    /// 断开线缆 / remove a cable
    Disconnect { cable: String },
    /// 追踪链路（经配线架到对端）/ follow a port's path to the far end
    Trace { port: String },
    /// 批量跳线（全部成功或全部不做）/ bulk patch, all or nothing: --from A:1-48 --to B:1-48
    Patch(ports::PatchArgs),
    /// 打印标签（PDF，A4 标签纸）/ print labels as a PDF on A4 label sheets
    #[command(subcommand)]
    Label(labels::LabelCmd),
    /// 备份数据库 / back the database up (`backup list`: the backups)
    Backup(backups::BackupArgs),
    /// 复制整个台账（文件 ↔ 团队数据库，目标须为空）/ copy a whole ledger, file <-> PostgreSQL, into an empty target
    Copy {
        /// 源：台账文件或 postgres:// 地址 / the source: a ledger file or a postgres:// address
        from: PathBuf,
        /// 目标：新文件或空的 postgres:// 数据库 / the target: a new file or an empty postgres:// database
        to: PathBuf,
    },
    /// 从备份恢复（先检查文件并保留当前数据库）/ restore the database from a backup
    Restore {
        /// 备份文件 / the backup file
        file: PathBuf,
        /// 即使是另一台账的备份也恢复（例如台账文件改过名）/ restore even another ledger's backup (e.g. the ledger file was renamed)
        #[arg(long)]
        other_ledger: bool,
    },
    /// 温湿度：各测点最新读数（reading、history、remedy、limits）/ temperature and humidity
    Env(environment::EnvArgs),
    /// 机房巡视记录 / the IDC patrol record
    #[command(subcommand)]
    Patrol(environment::PatrolCmd),
    /// 审计日志 / the audit log
    Audit {
        /// asset, cabinet, room …
        #[arg(long)]
        entity: Option<String>,
        /// 资产编号、机柜编号…
        #[arg(long)]
        key: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

/// What a command answered: the JSON document, the human text, and the exit status.
pub struct Outcome {
    pub json: Value,
    pub text: String,
    pub code: i32,
}

impl Outcome {
    fn ok(json: Value, text: String) -> Outcome {
        Outcome { json, text, code: 0 }
    }

    /// A `show` of one record: its JSON document gets the record's UUID as `"uid"` (issue 15).
    fn shown(
        ledger: &Ledger,
        record: crate::db::uids::Record,
        key: &str,
        json: Value,
        text: String,
    ) -> Result<Outcome, Failure> {
        let mut json = json;
        if let Some(o) = json.as_object_mut() {
            o.insert("uid".into(), Value::String(ledger.uid(record, key)?));
        }
        Ok(Outcome::ok(json, text))
    }
}

/// Runs the command line on `args` and returns the exit status. Output goes to stdout/stderr.
pub fn main_with_args<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = hoist_global_flags(args.into_iter().map(Into::into).collect());
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let lang = cli.lang;
    let json = cli.json;
    match run(cli) {
        Ok(out) => {
            print(json, &out.json, &out.text);
            out.code
        }
        Err(Failure::Usage(msg)) => {
            let _ = writeln!(std::io::stderr(), "{msg}");
            2
        }
        Err(Failure::Refused(e, extra)) => {
            let message = e.message(lang);
            // The core's message is the app's too and names no flag; the command line adds how
            // to act on it here.
            let hint = e.cli_hint(lang);
            if json {
                let mut doc = json!({"ok": false, "error": {"code": e.code(), "message": message, "field": e.field()}});
                if let (Some(hint), Some(err)) = (hint, doc.get_mut("error").and_then(Value::as_object_mut)) {
                    err.insert("hint".into(), Value::from(hint));
                }
                if let (Some(obj), Some(Value::Object(extra))) = (doc.as_object_mut(), extra) {
                    obj.extend(extra);
                }
                print(true, &doc, "");
            } else {
                let _ = writeln!(std::io::stderr(), "{}{message}", lang.pick("错误：", "error: "));
                if let Some(hint) = hint {
                    let _ = writeln!(std::io::stderr(), "{}{hint}", lang.pick("提示：", "hint: "));
                }
            }
            1
        }
    }
}

/// Global flags and options that take a value, which scripts also write at the end of a line.
const GLOBAL_SWITCHES: &[&str] = &["--json"];
const GLOBAL_OPTIONS: &[&str] = &["--db", "--operator", "--lang", "--if-version", "--expect-version"];

/// `asset add`/`asset set` take free `FIELD=VALUE` and `--field value` words after the tag, which
/// would swallow a global flag written at the end (`asset set T name=x --json`). No asset field
/// bears these names, so they are moved in front of the words before parsing.
fn hoist_global_flags(args: Vec<OsString>) -> Vec<OsString> {
    // `asset add|set`, wherever the global options before it put it.
    let Some(start) = args.windows(2).position(|w| w[0] == "asset" && (w[1] == "add" || w[1] == "set")).map(|i| i + 1)
    else {
        return args;
    };
    let mut head: Vec<OsString> = args[..=start].to_vec();
    let mut hoisted: Vec<OsString> = Vec::new();
    let mut rest: Vec<OsString> = Vec::new();
    let mut it = args[start + 1..].iter().cloned();
    while let Some(a) = it.next() {
        let text = a.to_string_lossy().to_string();
        let name = text.split('=').next().unwrap_or("").to_string();
        if GLOBAL_SWITCHES.contains(&text.as_str()) {
            hoisted.push(a);
        } else if GLOBAL_OPTIONS.contains(&name.as_str()) {
            let takes_next = !text.contains('=');
            // --if-version belongs to `asset set`: it goes right after `set`, not before `asset`.
            if name == "--if-version" || name == "--expect-version" {
                head.push(a);
                if takes_next {
                    head.extend(it.next());
                }
            } else {
                hoisted.push(a);
                if takes_next {
                    hoisted.extend(it.next());
                }
            }
        } else {
            rest.push(a);
        }
    }
    let mut out = Vec::with_capacity(args.len());
    out.push(head[0].clone());
    out.extend(hoisted);
    out.extend(head.into_iter().skip(1));
    out.extend(rest);
    out
}

fn print(json: bool, doc: &Value, text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = if json {
        writeln!(out, "{}", serde_json::to_string_pretty(doc).unwrap_or_default())
    } else if text.is_empty() {
        Ok(())
    } else {
        writeln!(out, "{}", text.trim_end())
    };
}

/// Why a command did not complete.
pub enum Failure {
    /// Wrong usage (exit 2).
    Usage(String),
    /// Refused or invalid (exit 1), with extra JSON fields to print beside the error.
    Refused(Error, Option<Value>),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Refused(e, None)
    }
}

/// The shared state of a command: the open ledger and who is acting.
pub struct Env {
    pub ledger: Ledger,
    pub ctx: Ctx,
    pub lang: Lang,
}

fn run(cli: Cli) -> Result<Outcome, Failure> {
    if let Command::Copy { from, to } = &cli.command {
        return backups::copy(from, to, cli.lang);
    }
    let path = cli.db.clone().unwrap_or_else(crate::db::default_path);
    let ledger = Ledger::open(&path, cli.lang)?;
    let operator = ledger.operator(cli.operator.as_deref())?;
    let mut env = Env { ledger, ctx: Ctx::now(operator), lang: cli.lang };
    backups::daily(&env);
    match cli.command {
        Command::Demo { cabinets, devices, seed } => {
            let size = crate::demo::DemoSize { cabinets, devices, seed };
            let r = env.ledger.demo(&env.ctx, size)?;
            let text = match env.lang {
                Lang::Zh => format!(
                    "已生成演示数据：{} 个机房，{} 个机柜，{} 台设备（{} 台已上架）",
                    r.rooms, r.cabinets, r.assets, r.racked
                ),
                Lang::En => format!(
                    "demo site created: {} rooms, {} cabinets, {} assets ({} racked)",
                    r.rooms, r.cabinets, r.assets, r.racked
                ),
            };
            let mut doc = serde_json::to_value(&r).unwrap_or_default();
            if let Some(o) = doc.as_object_mut() {
                o.insert("ok".into(), Value::Bool(true));
            }
            Ok(Outcome::ok(doc, text))
        }
        Command::Asset(cmd) => assets::run(&mut env, cmd),
        Command::Cabinet(cmd) => racks::cabinet(&mut env, cmd),
        Command::Room(cmd) => racks::room(&mut env, cmd),
        Command::Place(args) => racks::place(&mut env, args, false),
        Command::Move(args) => racks::place(&mut env, args, true),
        Command::Unplace { asset } => racks::unplace(&mut env, &asset),
        Command::Check(args) => racks::check(&mut env, args),
        Command::Power { room, by_owner: false } => power::power(&mut env, room),
        Command::Power { room, by_owner: true } => power::by_owner(&mut env, room),
        Command::Reading(args) => power::reading(&mut env, args),
        Command::Rowhead(cmd) => power::rowhead(&mut env, cmd),
        Command::Settings(cmd) => power::settings(&mut env, cmd),
        Command::Import(args) => excel::import(&mut env, args),
        Command::Export(args) => excel::export(&mut env, args),
        Command::Backup(args) => backups::backup(&mut env, args),
        // Handled above, before any ledger is opened.
        Command::Copy { .. } => unreachable!("copy runs before the ledger opens"),
        Command::Restore { file, other_ledger } => backups::restore(&mut env, file, other_ledger),
        Command::Fault(cmd) => repairs::fault(&mut env, cmd),
        Command::Repair(cmd) => repairs::repair(&mut env, cmd),
        Command::Inspection(cmd) => inspections::run(&mut env, cmd),
        Command::Request(cmd) => requests::request(&mut env, cmd),
        Command::Operation(cmd) => requests::operation(&mut env, cmd),
        Command::Whoami => requests::whoami(&mut env),
        Command::Team(cmd) => team::run(&mut env, cmd),
        Command::Port(cmd) => ports::port(&mut env, cmd),
        Command::Cable(cmd) => ports::cable(&mut env, cmd),
        Command::Connect(args) => ports::connect(&mut env, args),
        Command::Disconnect { cable } => ports::disconnect(&mut env, &cable),
        Command::Trace { port } => ports::trace(&mut env, &port),
        Command::Patch(args) => ports::patch(&mut env, args),
        Command::Label(cmd) => labels::run(&mut env, cmd),
        Command::Env(args) => environment::env(&mut env, args),
        Command::Patrol(cmd) => environment::patrol(&mut env, cmd),
        Command::Audit { entity, key, limit } => {
            let entries = env.ledger.audit(entity.as_deref(), key.as_deref(), limit)?;
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        e.at.clone(),
                        e.operator.clone(),
                        e.action.clone(),
                        e.entity_key.clone(),
                        e.reason.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            let headers = match env.lang {
                Lang::Zh => ["时间", "操作人", "操作", "对象", "原因"],
                Lang::En => ["at", "operator", "action", "key", "reason"],
            };
            Ok(Outcome::ok(json!({ "audit": entries }), table::render(&headers, &rows)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::hoist_global_flags;
    use std::ffi::OsString;

    fn v(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn global_flags_at_the_end_of_asset_set_are_hoisted() {
        assert_eq!(
            hoist_global_flags(v(&[
                "rl",
                "asset",
                "set",
                "T",
                "name=x",
                "--json",
                "--db",
                "a.db",
                "--if-version",
                "3"
            ])),
            v(&["rl", "--json", "--db", "a.db", "asset", "set", "--if-version", "3", "T", "name=x"])
        );
        let plain = v(&["rl", "--json", "asset", "list", "--query", "x"]);
        assert_eq!(hoist_global_flags(plain.clone()), plain);
        assert_eq!(
            hoist_global_flags(v(&["rl", "asset", "add", "T", "--vendor", "华为", "--lang=en"])),
            v(&["rl", "--lang=en", "asset", "add", "T", "--vendor", "华为"])
        );
    }
}
