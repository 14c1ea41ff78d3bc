//! The people of a team ledger: the six roles of the operations rules as PostgreSQL roles
//! (`rackledger_director` …), and logins that hold them (`team init`, `team add`, `team list`).
//! What each role may write is enforced by the database with the grants made here; the rules
//! the core checks first are in [`crate::roles`].

use serde::Serialize;

use super::{commit, Ctx, Ledger};
use crate::db::{self, audit::Record, Engine};
use crate::error::{Error, Result};
use crate::model::Role;

/// A login of the team ledger and the roles it holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Member {
    pub login: String,
    pub roles: Vec<Role>,
    /// May log in (false for a role without login).
    pub can_login: bool,
}

fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

impl Ledger {
    fn team_only(&self, what: &'static str) -> Result<()> {
        match self.conn.engine() {
            Engine::Postgres => Ok(()),
            Engine::Sqlite => Err(Error::TeamOnly { what }),
        }
    }

    /// Creates the six roles (those missing) and gives each what it may read and write: every
    /// role reads everything; every role but 只读 writes the ledger's tables. Run by the login
    /// that owns the database. Returns the roles created now.
    pub fn team_init(&mut self, ctx: &Ctx) -> Result<Vec<Role>> {
        self.team_only("team init")?;
        let tx = self.write()?;
        let mut created = Vec::new();
        for role in Role::ALL {
            let name = role.db_role();
            let exists: bool = tx
                .query_row("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)", [&name], |r| r.get(0))
                .map_err(Error::storage("读取数据库角色"))?;
            if !exists {
                tx.execute_batch(&format!("CREATE ROLE {} NOLOGIN", ident(&name)))
                    .map_err(Error::storage(format!("创建角色 {name}")))?;
                created.push(*role);
            }
            let r = ident(&name);
            let mut grants = format!(
                "GRANT USAGE ON SCHEMA public TO {r};
                 GRANT SELECT ON ALL TABLES IN SCHEMA public TO {r};"
            );
            if *role != Role::Viewer {
                grants.push_str(&format!(
                    "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r};
                     GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r};"
                ));
            }
            tx.execute_batch(&grants).map_err(Error::storage(format!("授予角色 {name} 权限")))?;
        }
        let after = serde_json::to_string(&Role::ALL.iter().map(|r| r.db_role()).collect::<Vec<_>>()).ok();
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record { action: "team.init", entity: "team", key: "roles", before: None, after, reason: None },
        )?;
        commit(tx)?;
        Ok(created)
    }

    /// Creates the login `login` (or takes the existing one) and grants it `roles`. A password,
    /// when given, is set on the server (which keeps only its hash); RackLedger keeps none.
    pub fn team_add(&mut self, ctx: &Ctx, login: &str, roles: &[Role], password: Option<&str>) -> Result<Member> {
        self.team_only("team add")?;
        let login = login.trim();
        if login.is_empty() {
            return Err(Error::MissingField { field: "login".into() });
        }
        let tx = self.write()?;
        let exists: bool = tx
            .query_row("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)", [login], |r| r.get(0))
            .map_err(Error::storage("读取登录名"))?;
        let mut sql = if exists {
            format!("ALTER ROLE {} LOGIN", ident(login))
        } else {
            format!("CREATE ROLE {} LOGIN", ident(login))
        };
        if let Some(p) = password {
            sql.push_str(&format!(" PASSWORD {}", literal(p)));
        }
        tx.execute_batch(&sql).map_err(Error::storage(format!("创建登录名 {login}")))?;
        for role in roles {
            tx.execute_batch(&format!("GRANT {} TO {}", ident(&role.db_role()), ident(login)))
                .map_err(Error::storage(format!("授予 {login} 角色 {}", role.code())))?;
        }
        let member = member(&tx, login)?;
        db::audit::insert(
            &tx,
            ctx.now,
            &ctx.operator,
            &Record {
                action: "team.add",
                entity: "login",
                key: login,
                before: None,
                after: serde_json::to_string(&member).ok(),
                reason: None,
            },
        )?;
        commit(tx)?;
        Ok(member)
    }

    /// The logins holding any of the six roles, by name.
    pub fn team_list(&self) -> Result<Vec<Member>> {
        self.team_only("team list")?;
        let logins: Vec<String> = self
            .conn
            .prepare(
                "SELECT DISTINCT m.rolname::text FROM pg_auth_members am
                 JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles m ON m.oid = am.member
                 WHERE g.rolname LIKE 'rackledger\\_%' ORDER BY 1",
            )
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(Error::storage("列出登录名"))?;
        logins.iter().map(|l| member(&self.conn, l)).collect()
    }
}

fn member(conn: &db::Connection, login: &str) -> Result<Member> {
    let mut roles = Vec::new();
    for role in Role::ALL {
        let has: bool = conn
            .query_row(
                "SELECT to_regrole(?2) IS NOT NULL AND pg_has_role(?1, ?2, 'member')",
                [login.to_string(), role.db_role()],
                |r| r.get(0),
            )
            .map_err(Error::storage("读取登录名的角色"))?;
        if has {
            roles.push(*role);
        }
    }
    let can_login: bool = conn
        .query_row("SELECT coalesce((SELECT rolcanlogin FROM pg_roles WHERE rolname = ?1), false)", [login], |r| {
            r.get(0)
        })
        .map_err(Error::storage("读取登录名"))?;
    Ok(Member { login: login.to_string(), roles, can_login })
}
