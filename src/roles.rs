//! Who may do what: the roles of the operator, the engine the ledger runs on, and the one table
//! that says which role each action needs (design.md, "Roles and the approval chain").
//!
//! The rules are the same on every engine; only the answer to "which roles does this operator
//! hold" and "is this a team ledger" depends on it. Both questions are asked here and nowhere
//! else ([`roles_of`], [`is_team_ledger`]), so a team ledger on PostgreSQL answers them from the
//! database (`pg_has_role`) without a rule changing. On a single file everyone holds every role:
//! the steps are still recorded under the operator's name, and the different-person rule of
//! 验收 does not apply.
//!
//! The core checks before every step ([`ensure`]) and refuses with a typed error that names the
//! role needed; on a team ledger the database enforces the same table again.

use crate::db::Connection;
pub use crate::db::Engine;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::{RequestState, Role};
use crate::states::Action;

/// Who is at the keyboard, as the ledger sees them (`whoami`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Identity {
    pub operator: String,
    /// The roles the operator holds, in [`Role::ALL`] order.
    pub roles: Vec<Role>,
    pub engine: Engine,
    /// Where the ledger is: the file's path (or the connection string of a team ledger).
    pub ledger: String,
    /// The ledger's UUID: the same after `copy`, `backup` and `restore`.
    pub ledger_id: Option<String>,
    /// Whether roles separate people here: false on a single file, where everyone holds every
    /// role (the app says "单机账本：不区分角色" once).
    pub roles_apply: bool,
}

/// The engine of the open connection.
pub fn engine(conn: &Connection) -> Engine {
    conn.engine()
}

/// Whether this is a team ledger, where roles separate people, racking by hand needs a confirmed
/// 附件5 (or the emergency path) and 验收 needs a second person. The one place to ask.
pub fn is_team_ledger(conn: &Connection) -> bool {
    engine(conn) == Engine::Postgres
}

/// The roles `operator` holds on this ledger. On a single file: every role. On a team ledger
/// the database answers for the login: membership of `rackledger_<role>` (a superuser holds
/// every role, as PostgreSQL lets it do everything).
pub fn roles_of(conn: &Connection, _operator: &str) -> Result<Vec<Role>> {
    match engine(conn) {
        Engine::Sqlite => Ok(Role::ALL.to_vec()),
        Engine::Postgres => {
            let mut held = Vec::new();
            for role in Role::ALL {
                let has: bool = conn
                    .query_row(
                        "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
                             OR (to_regrole(?1) IS NOT NULL AND pg_has_role(session_user, ?1, 'member'))",
                        [role.db_role()],
                        |r| r.get(0),
                    )
                    .map_err(Error::storage("读取登录名的角色"))?;
                if has {
                    held.push(*role);
                }
            }
            Ok(held)
        }
    }
}

/// Where the ledger is: the file, or the team ledger's server and database (no password).
fn where_is(conn: &Connection) -> Result<String> {
    match conn.engine() {
        Engine::Sqlite => Ok(conn.path().unwrap_or("").to_string()),
        Engine::Postgres => conn
            .query_row(
                "SELECT 'postgres://' || session_user || '@' || coalesce(host(inet_server_addr()), 'localhost') || ':'
                        || coalesce(inet_server_port(), 5432) || '/' || current_database()",
                [],
                |r| r.get(0),
            )
            .map_err(Error::storage("读取团队数据库地址")),
    }
}

/// The operator's identity on this ledger.
pub fn identity(conn: &Connection, operator: &str) -> Result<Identity> {
    Ok(Identity {
        operator: operator.trim().to_string(),
        roles: roles_of(conn, operator)?,
        engine: engine(conn),
        ledger: where_is(conn)?,
        ledger_id: Some(crate::db::ledger_id(conn)?),
        roles_apply: is_team_ledger(conn),
    })
}

use Action::*;
use RequestState as S;
use Role::*;

/// Which roles may take each action (design.md's table); `Some(state)` narrows a line to a
/// request in that state (rejecting is the director's at 待审批 and at 附件5, the IDC engineer's
/// at 机房审核). The first line that matches decides. Admin may do everything; everyone may
/// read and export; an action without a line is not limited by role.
const WHO: &[(Action, Option<RequestState>, &[Role])] = &[
    // Assets and positions: the hardware engineer's (racking by hand also needs a confirmed
    // 附件5 on a team ledger, see `ledger::racking`).
    (Edit, None, &[Hardware]),
    (Place, None, &[Hardware]),
    (Move, None, &[Hardware]),
    (Unrack, None, &[Hardware]),
    (Retire, None, &[Hardware]),
    (Repair, None, &[Hardware]),
    // Racking requests: the chain.
    (Submit, None, &[Hardware]),
    (Approve, None, &[Director]),
    (Reject, Some(S::Pending), &[Director]),
    (Reject, Some(S::Approved), &[Idc]),
    (Reject, Some(S::Reviewed), &[Director]),
    (Review, None, &[Idc]),
    (Confirm, None, &[Director]),
    (Execute, None, &[Hardware]),
    (Accept, None, &[Director, Hardware]),
    (Cancel, None, &[Hardware, Director]),
    // Faults are everyone's to record and follow; repairs are the hardware engineer's.
    (Acknowledge, None, &[Hardware, Idc, Director, Service]),
    (Recover, None, &[Hardware, Idc, Director, Service]),
    (Start, None, &[Hardware]),
    (Complete, None, &[Hardware]),
    (Close, None, &[Hardware, Idc, Director, Service]),
];

/// The roles that may take `action` (on a request in `state`, where that matters), admin
/// included. Empty when no role limits it.
pub fn who_may(action: Action, state: Option<RequestState>) -> Vec<Role> {
    let line = WHO.iter().find(|(a, s, _)| *a == action && (s.is_none() || *s == state));
    match line {
        Some((_, _, roles)) => {
            let mut v = roles.to_vec();
            v.push(Admin);
            v
        }
        None => Vec::new(),
    }
}

/// Whether someone holding `held` may take `action` (on a request in `state`).
pub fn may(held: &[Role], action: Action, state: Option<RequestState>) -> bool {
    let need = who_may(action, state);
    need.is_empty() || need.iter().any(|r| held.contains(r))
}

/// Refuses, naming the role needed, when the operator holds none that may take `action`.
/// Returns the role the step was taken as (the first needed role the operator holds), for the
/// request's timeline.
pub fn ensure(conn: &Connection, operator: &str, action: Action, state: Option<RequestState>) -> Result<Option<Role>> {
    let need = who_may(action, state);
    if need.is_empty() {
        return Ok(None);
    }
    let held = roles_of(conn, operator)?;
    match need.iter().find(|r| held.contains(r)) {
        Some(r) => Ok(Some(*r)),
        None => Err(Error::RoleRequired { operator: operator.trim().to_string(), action, roles: need }),
    }
}

/// A timeline step's name from its code (`create`, or an action's code such as `review`).
pub fn step_name(code: &str, lang: Lang) -> String {
    if code == "create" {
        return lang.pick("填写", "filed").to_string();
    }
    match serde_json::from_value::<Action>(serde_json::Value::String(code.to_string())) {
        Ok(a) => action_name(a, lang).to_string(),
        Err(_) => code.to_string(),
    }
}

/// The step's name in messages and the timeline.
pub fn action_name(action: Action, lang: Lang) -> &'static str {
    let (zh, en) = match action {
        Edit => ("修改", "edit"),
        Place => ("上架", "rack"),
        Move => ("迁移", "move"),
        Unrack => ("下架", "unrack"),
        Repair => ("报修", "repair"),
        Retire => ("报废", "retire"),
        Submit => ("提交审批", "submit"),
        Approve => ("审批", "approve"),
        Reject => ("驳回", "reject"),
        Review => ("机房审核", "review"),
        Confirm => ("确认操作申请单", "confirm the operation request"),
        Execute => ("上架实施", "execute"),
        Accept => ("验收", "accept"),
        Cancel => ("取消", "cancel"),
        Acknowledge => ("确认故障", "acknowledge"),
        Recover => ("恢复", "recover"),
        Start => ("开始维修", "start"),
        Complete => ("完成维修", "complete"),
        Close => ("关闭", "close"),
    };
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_of_the_chain_has_its_role() {
        assert_eq!(who_may(Approve, None), vec![Director, Admin]);
        assert_eq!(who_may(Review, Some(S::Approved)), vec![Idc, Admin]);
        assert_eq!(who_may(Confirm, Some(S::Reviewed)), vec![Director, Admin]);
        assert_eq!(who_may(Execute, Some(S::Confirmed)), vec![Hardware, Admin]);
        // Rejecting belongs to whoever decides at that step.
        assert_eq!(who_may(Reject, Some(S::Pending)), vec![Director, Admin]);
        assert_eq!(who_may(Reject, Some(S::Approved)), vec![Idc, Admin]);
        assert_eq!(who_may(Reject, Some(S::Reviewed)), vec![Director, Admin]);
    }

    #[test]
    fn steps_are_named_in_both_languages() {
        assert_eq!(step_name("create", Lang::Zh), "填写");
        assert_eq!(step_name("review", Lang::Zh), "机房审核");
        assert_eq!(step_name("accept", Lang::En), "accept");
        assert_eq!(step_name("unknown", Lang::En), "unknown");
    }

    #[test]
    fn a_login_without_the_role_may_not() {
        assert!(!may(&[Hardware], Approve, Some(S::Pending)));
        assert!(!may(&[Director], Review, Some(S::Approved)));
        assert!(!may(&[Viewer], Submit, Some(S::Draft)));
        assert!(may(&[Admin], Review, Some(S::Approved)));
        assert!(may(&[Idc], Reject, Some(S::Approved)));
        assert!(!may(&[Idc], Reject, Some(S::Pending)));
    }

    #[test]
    fn the_refusal_names_the_role_needed() {
        let e = Error::RoleRequired { operator: "张工".into(), action: Review, roles: who_may(Review, None) };
        assert_eq!(e.to_string(), "张工 没有“机房审核”所需的角色：需要 IDC工程师 / 管理员");
        assert_eq!(
            e.message(Lang::En),
            "张工 does not hold the role that \"review\" needs: IDC engineer / administrator"
        );
        assert_eq!(e.code(), "role_required");
    }

    #[test]
    fn a_single_file_gives_every_role_and_refuses_nothing() {
        let conn = crate::db::open_in_memory().expect("memory db");
        let me = identity(&conn, " 张三 ").expect("identity");
        assert_eq!((me.operator.as_str(), me.engine, me.roles_apply), ("张三", Engine::Sqlite, false));
        assert_eq!(me.roles, Role::ALL.to_vec());
        assert!(!is_team_ledger(&conn));
        for a in Action::ALL {
            for s in RequestState::ALL {
                assert!(ensure(&conn, "张三", *a, Some(*s)).is_ok(), "{a:?} at {s}");
            }
        }
    }
}
