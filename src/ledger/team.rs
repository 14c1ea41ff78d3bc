//! The people of a team ledger: the six roles of the operations rules as PostgreSQL roles
//! (`rackledger_director` …), and logins that hold them (`team init`, `team add`, `team list`).
//! What each role may write is enforced by the database with the grants made here; the rules
//! the core checks first are in [`crate::roles`].

use crate::roles::Area;
use serde::Serialize;

use super::{commit, Ctx, Ledger};
use crate::db::{self, audit::Record, Engine};
use crate::error::{Error, Result};
use crate::model::{RequestState, Role};
use crate::roles::who_may;
use crate::states::{request::target, Action};

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
    /// role reads everything and writes what [`crate::roles::WRITES`] gives it (只读 nothing,
    /// 管理员 everything), and the database checks the approval chain itself. Run by the login
    /// that owns the database; run again, it renews the grants (after an upgrade, the grants of
    /// an older build are replaced by this one's). Returns the roles created now.
    pub fn team_init(&mut self, ctx: &Ctx) -> Result<Vec<Role>> {
        self.team_only("team init")?;
        // No role check of ours: the first run comes before the roles exist, and the database
        // itself lets only its owner or a superuser create roles and grant.
        let tx = self.write(&[])?;
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
        }
        tx.execute_batch(&database_rules_sql()).map_err(Error::storage("授予角色权限并建立审批流程的数据库检查"))?;
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
        let tx = self.write(&[Area::Team])?;
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

/// Everything the database enforces of the roles, from the core's tables: the grants
/// ([`crate::roles::grant_sql`]) and the guards of the chain ([`guard_sql`]). Run by `team init`
/// and again whenever a migration changes a team ledger whose roles exist, so a new table gets
/// its grants.
pub(crate) fn database_rules_sql() -> String {
    format!("{}\n{}", crate::roles::grant_sql(), guard_sql())
}

/// `ARRAY['rackledger_director', …]` of the roles that may take `action` at `from`.
fn roles_array(action: Action, from: Option<RequestState>) -> String {
    array(&who_may(action, from))
}

/// `ARRAY['rackledger_director', …]` of `roles`.
fn array(roles: &[Role]) -> String {
    let roles: Vec<String> = roles.iter().map(|r| literal(&r.db_role())).collect();
    format!("ARRAY[{}]::text[]", roles.join(", "))
}

/// The database's own check of the approval chain, written from the one table of who may do
/// what ([`crate::roles`]) and the one table of moves ([`crate::states::request`]): a login
/// connected with any client can move a racking request only along the chain and only holding
/// the role of that step, and can confirm (审批) or accept (完成确认) a 附件5 only as its roles
/// allow. A superuser is the database's own administrator and passes.
fn guard_sql() -> String {
    let mut moves = Vec::new();
    for from in RequestState::ALL {
        for action in Action::ALL {
            if let Some(to) = target(*action) {
                if from.may_become(to) {
                    moves.push(format!(
                        "WHEN OLD.state = {} AND NEW.state = {} THEN {}",
                        literal(from.code()),
                        literal(to.code()),
                        roles_array(*action, Some(*from))
                    ));
                }
            }
        }
    }
    let confirm = roles_array(Action::Confirm, Some(RequestState::Reviewed));
    let accept = roles_array(Action::Accept, Some(RequestState::Executed));
    let cancel_others = array(&crate::roles::who_may_for_others(Action::Cancel, None));
    let cancelled = literal(RequestState::Cancelled.code());
    let accepted = literal(RequestState::Accepted.code());
    format!(
        r#"
CREATE OR REPLACE FUNCTION rackledger_may(roles text[]) RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
        OR EXISTS (SELECT 1 FROM unnest(roles) r WHERE to_regrole(r) IS NOT NULL AND pg_has_role(session_user, r, 'member'))
$f$;
CREATE OR REPLACE FUNCTION rackledger_guard_request() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE need text[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        -- A request is never deleted: it ends rejected, cancelled or accepted.
        IF NOT rackledger_may(ARRAY['rackledger_admin']) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('%s 不能删除上架申请 %s', session_user, OLD.request_no);
        END IF;
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        -- A request is filed as a draft or submitted; it reaches any later state by its steps.
        IF NEW.state NOT IN ('draft', 'pending') AND NOT rackledger_may(ARRAY['rackledger_admin']) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('%s 不能直接登记状态为 %s 的上架申请', session_user, NEW.state);
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.state IS DISTINCT FROM OLD.state THEN
        need := CASE {moves} ELSE NULL END;
        IF need IS NULL OR NOT rackledger_may(need) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('%s 不能把上架申请 %s 从 %s 改为 %s：需要角色 %s',
                                 session_user, NEW.request_no, OLD.state, NEW.state, coalesce(array_to_string(need, ' / '), '（不允许）'));
        END IF;
        -- Cancelling another's request needs a role that may cancel anyone's.
        IF NEW.state = {cancelled} AND OLD.created_by IS DISTINCT FROM session_user AND NOT rackledger_may({cancel_others}) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('%s 不能取消 %s 填写的上架申请 %s：需要角色 %s', session_user, OLD.created_by, NEW.request_no, array_to_string({cancel_others}, ' / '));
        END IF;
        -- 验收 by someone other than the executor.
        IF NEW.state = {accepted} AND OLD.executed_by = session_user THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('%s 实施了上架申请 %s，不能自己验收', session_user, NEW.request_no);
        END IF;
    END IF;
    RETURN NEW;
END
$f$;
DROP TRIGGER IF EXISTS rackledger_guard_request ON racking_requests;
CREATE TRIGGER rackledger_guard_request BEFORE INSERT OR UPDATE OR DELETE ON racking_requests
    FOR EACH ROW EXECUTE FUNCTION rackledger_guard_request();
CREATE OR REPLACE FUNCTION rackledger_guard_operation() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'INSERT' THEN
        -- A 附件5 is filled unconfirmed; its 审批人 and 完成确认人 come by their steps.
        IF (NEW.approver IS NOT NULL OR NEW.confirmed_by IS NOT NULL) AND NOT rackledger_may(ARRAY['rackledger_admin']) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = format('%s 不能直接登记已确认的操作申请单 %s', session_user, NEW.op_no);
        END IF;
        RETURN NEW;
    END IF;
    IF NEW.approver IS DISTINCT FROM OLD.approver AND NOT rackledger_may({confirm}) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('%s 不能确认操作申请单 %s：需要角色 %s', session_user, NEW.op_no, array_to_string({confirm}, ' / '));
    END IF;
    IF NEW.confirmed_by IS DISTINCT FROM OLD.confirmed_by AND NOT rackledger_may({accept}) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('%s 不能验收操作申请单 %s：需要角色 %s', session_user, NEW.op_no, array_to_string({accept}, ' / '));
    END IF;
    RETURN NEW;
END
$f$;
DROP TRIGGER IF EXISTS rackledger_guard_operation ON operation_requests;
CREATE TRIGGER rackledger_guard_operation BEFORE INSERT OR UPDATE ON operation_requests
    FOR EACH ROW EXECUTE FUNCTION rackledger_guard_operation();
"#,
        moves = moves.join(
            "
             "
        )
    )
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
