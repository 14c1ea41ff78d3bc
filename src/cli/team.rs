//! `team init|add|list`: the people of a team ledger (PostgreSQL) and their roles.

use std::io::BufRead;

use clap::Subcommand;
use serde_json::json;

use super::{table, Env, Failure, Outcome};
use crate::error::Error;
use crate::i18n::Lang;
use crate::ledger::Member;
use crate::model::Role;

fn role(s: &str) -> Result<Role, String> {
    Role::parse(s.trim()).ok_or_else(|| format!("unknown role {s:?}: director, idc, hardware, service, viewer, admin"))
}

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// 建立六个角色并授权（团队数据库）/ create the six roles and their grants (team ledger)
    Init,
    /// 创建登录名并授予角色 / create a login holding roles
    Add {
        /// 登录名 / the login
        login: String,
        /// 角色：director、idc、hardware、service、viewer、admin（可重复）/ a role (repeatable)
        #[arg(long = "role", value_parser = role, required = true)]
        roles: Vec<Role>,
        /// 从标准输入读取密码（一行）/ read the password (one line) from stdin
        #[arg(long)]
        password_stdin: bool,
    },
    /// 列出登录名与角色 / list logins and their roles
    List,
}

fn line(m: &Member, lang: Lang) -> Vec<String> {
    let roles: Vec<&str> = m.roles.iter().map(|r| r.name(lang)).collect();
    vec![m.login.clone(), roles.join("、")]
}

pub fn run(env: &mut Env, cmd: TeamCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        TeamCmd::Init => {
            let created = env.ledger.team_init(&env.ctx)?;
            let names: Vec<&str> = created.iter().map(|r| r.name(lang)).collect();
            let text = match (lang, names.is_empty()) {
                (Lang::Zh, true) => "六个角色已存在，权限已重新授予".to_string(),
                (Lang::Zh, false) => format!("已建立角色：{}", names.join("、")),
                (Lang::En, true) => "the six roles exist; their grants were renewed".to_string(),
                (Lang::En, false) => format!("created roles: {}", names.join(", ")),
            };
            Ok(Outcome::ok(json!({ "ok": true, "created": created }), text))
        }
        TeamCmd::Add { login, roles, password_stdin } => {
            let password = if password_stdin {
                let mut p = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut p)
                    .map_err(|source| Error::Io { path: "stdin".into(), source })?;
                Some(p.trim_end_matches(['\r', '\n']).to_string())
            } else {
                None
            };
            let m = env.ledger.team_add(&env.ctx, &login, &roles, password.as_deref())?;
            let text = match lang {
                Lang::Zh => format!("登录名 {} 持有角色：{}", m.login, line(&m, lang)[1]),
                Lang::En => format!("login {} holds: {}", m.login, line(&m, lang)[1]),
            };
            Ok(Outcome::ok(json!({ "ok": true, "member": m }), text))
        }
        TeamCmd::List => {
            let members = env.ledger.team_list()?;
            let rows: Vec<Vec<String>> = members.iter().map(|m| line(m, lang)).collect();
            let headers = match lang {
                Lang::Zh => ["登录名", "角色"],
                Lang::En => ["login", "roles"],
            };
            Ok(Outcome::ok(json!({ "members": members }), table::render(&headers, &rows)))
        }
    }
}
