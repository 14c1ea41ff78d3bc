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
            // One round trip: a column per role (the names are our constants).
            let cols: Vec<String> = Role::ALL
                .iter()
                .map(|r| format!("coalesce(pg_has_role(session_user, to_regrole('{}'), 'member'), false)", r.db_role()))
                .collect();
            let sql = format!(
                "SELECT coalesce((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false), {}",
                cols.join(", ")
            );
            let (superuser, flags) = conn
                .query_row(&sql, [], |r| {
                    let mut flags = Vec::with_capacity(Role::ALL.len());
                    for i in 0..Role::ALL.len() {
                        flags.push(r.get::<_, bool>(i + 1)?);
                    }
                    Ok((r.get::<_, bool>(0)?, flags))
                })
                .map_err(Error::storage("读取登录名的角色"))?;
            let held: Vec<Role> =
                Role::ALL.iter().zip(flags).filter(|(_, has)| superuser || *has).map(|(r, _)| *r).collect();
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

/// Roles that may take an action only on a request they filed themselves: the hardware
/// engineer cancels his own requests, the director anyone's (design.md: "cancel own").
const OWN_ONLY: &[(Action, Role)] = &[(Cancel, Hardware)];

/// The roles that may take `action` on a request someone else filed: [`who_may`] without the
/// roles of [`OWN_ONLY`].
pub fn who_may_for_others(action: Action, state: Option<RequestState>) -> Vec<Role> {
    who_may(action, state).into_iter().filter(|r| !OWN_ONLY.contains(&(action, *r))).collect()
}

/// On a team ledger, refuses `action` on a request filed by `filer` when the operator holds
/// only a role that may take it on his own requests. On a single file the rule does not apply.
pub fn ensure_own(
    conn: &Connection,
    operator: &str,
    action: Action,
    state: Option<RequestState>,
    no: &str,
    filer: &str,
) -> Result<()> {
    let others = who_may_for_others(action, state);
    if !is_team_ledger(conn) || filer.trim() == operator.trim() || others.len() == who_may(action, state).len() {
        return Ok(());
    }
    let held = roles_of(conn, operator)?;
    if others.iter().any(|r| held.contains(r)) {
        return Ok(());
    }
    Err(Error::NotFiler { operator: operator.trim().to_string(), no: no.to_string(), filer: filer.to_string(), action })
}

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

/// What a write touches, as design.md's table of who writes what divides the ledger. Every
/// write transaction names the areas it writes ([`crate::ledger::Ledger`]'s `write`), the core
/// refuses a login holding none of an area's roles ([`ensure_writes`]), and the team ledger's
/// grants are generated from the same table ([`WRITES`], [`grant_sql`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Rooms and cabinets (the site itself).
    Site,
    /// Logins and their roles.
    Team,
    /// The whole ledger at once: restore, the demo site, a copy.
    Whole,
    /// Assets, their positions and history.
    Assets,
    /// Ports, cables, port templates.
    Ports,
    /// Filing a racking request (附件2): add, submit.
    Filing,
    /// The steps of the chain (approve, reject, review, cancel, accept); each step is narrowed
    /// further by [`WHO`] in the core and by the request guard in the database.
    Chain,
    /// Filling an operation request (附件5).
    Operations,
    /// Confirming (审批) an operation request, and 完成确认.
    OperationSign,
    Repairs,
    Faults,
    /// Starting, marking and submitting a daily inspection (附件1).
    Inspections,
    /// Reviewing a submitted inspection.
    InspectionReview,
    /// Power readings, row-head cabinets and the cabinets' power settings.
    Power,
    /// Temperature and humidity readings and limits.
    Environment,
    /// The IDC patrol record.
    Patrols,
    /// Global settings (levels, approvers).
    Settings,
}

impl Area {
    /// The area's name in messages.
    pub fn name(self, lang: Lang) -> &'static str {
        use Area as A;
        let (zh, en) = match self {
            A::Site => ("修改机房与机柜", "change rooms and cabinets"),
            A::Team => ("管理登录名与角色", "manage logins and roles"),
            A::Whole => ("整体写入台账（恢复、演示数据、复制）", "write the whole ledger (restore, demo, copy)"),
            A::Assets => ("修改设备台账与上架位置", "change assets and their positions"),
            A::Ports => ("修改端口与线缆", "change ports and cables"),
            A::Filing => ("填写上架申请", "file a racking request"),
            A::Chain => ("处理上架申请", "take a step of a racking request"),
            A::Operations => ("填写操作申请单", "fill an operation request"),
            A::OperationSign => ("确认操作申请单", "confirm an operation request"),
            A::Repairs => ("登记维修记录", "record repairs"),
            A::Faults => ("登记故障告警", "record faults"),
            A::Inspections => ("日常巡检", "carry out a daily inspection"),
            A::InspectionReview => ("审阅巡检", "review an inspection"),
            A::Power => ("登记功率读数与电力设置", "record power readings and power settings"),
            A::Environment => ("登记温湿度", "record temperature and humidity"),
            A::Patrols => ("登记机房巡视", "record a patrol"),
            A::Settings => ("修改全局设置", "change the settings"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// What a role may do to one table: `privileges` (`INSERT, UPDATE` …) on the whole table, or
/// `UPDATE` on the named `columns` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub table: &'static str,
    pub privileges: &'static str,
    pub columns: &'static [&'static str],
}

const fn ins(table: &'static str) -> Grant {
    Grant { table, privileges: "INSERT", columns: &[] }
}
const fn iu(table: &'static str) -> Grant {
    Grant { table, privileges: "INSERT, UPDATE", columns: &[] }
}
const fn iud(table: &'static str) -> Grant {
    Grant { table, privileges: "INSERT, UPDATE, DELETE", columns: &[] }
}
const fn upd(table: &'static str, columns: &'static [&'static str]) -> Grant {
    Grant { table, privileges: "UPDATE", columns }
}

/// Who writes what (design.md's table): each area, the roles that may write it (admin may
/// always, [`writers`]), and what it writes. The one table of write privileges: the core's
/// check ([`ensure_writes`]) and the team ledger's GRANTs ([`grant_sql`]) both read it. A table
/// of the schema named by no line is written by admin only (a unit test lists them).
pub const WRITES: &[(Area, &[Role], &[Grant])] = &[
    (Area::Site, &[], &[iu("rooms"), iu("cabinets")]),
    (Area::Team, &[], &[]),
    (Area::Whole, &[], &[]),
    (Area::Assets, &[Hardware], &[iu("assets"), ins("asset_history"), iud("positions")]),
    (Area::Ports, &[Hardware], &[iu("ports"), iud("cables"), iud("cable_ends"), iud("port_templates")]),
    (Area::Filing, &[Hardware], &[iu("racking_requests"), iud("racking_request_rows"), ins("request_steps")]),
    (Area::Chain, &[Director, Idc, Hardware], &[upd("racking_requests", &[]), ins("request_steps")]),
    (Area::Operations, &[Hardware], &[iu("operation_requests"), iud("operation_positions"), iud("operation_cables")]),
    (
        Area::OperationSign,
        &[Director],
        &[upd("operation_requests", &["approver", "approved_at", "confirmed_by", "updated_at", "updated_by"])],
    ),
    (Area::Repairs, &[Hardware], &[iu("repairs"), iud("repair_parts")]),
    (Area::Faults, &[Hardware, Idc, Director, Service], &[iu("faults")]),
    (
        Area::Inspections,
        &[Hardware],
        &[iu("inspections"), iu("inspection_rooms"), iu("inspection_points"), iu("inspection_devices")],
    ),
    (
        Area::InspectionReview,
        &[Director],
        &[upd(
            "inspections",
            &["state", "ended_at", "reviewer", "reviewed_at", "opinion", "version", "updated_at", "updated_by"],
        )],
    ),
    (
        Area::Power,
        &[Idc],
        &[
            ins("power_readings"),
            iu("row_heads"),
            upd(
                "cabinets",
                &[
                    "rated_w",
                    "feed_a_id",
                    "feed_a_branch",
                    "feed_a_breaker_a",
                    "feed_b_id",
                    "feed_b_branch",
                    "feed_b_breaker_a",
                    "warning_level",
                    "alarm_level",
                ],
            ),
        ],
    ),
    (Area::Environment, &[Idc], &[ins("env_readings"), iu("env_limits")]),
    (Area::Patrols, &[Idc], &[iu("patrols"), ins("row_head_readings")]),
    (Area::Settings, &[Director], &[iu("settings")]),
];

/// What every write writes, whoever takes it: its audit record (append only).
pub const EVERY_WRITE: &[Grant] = &[ins("audit_log")];

/// The roles that may write `area`, admin included.
pub fn writers(area: Area) -> Vec<Role> {
    let mut v: Vec<Role> =
        WRITES.iter().filter(|(a, _, _)| *a == area).flat_map(|(_, r, _)| r.iter().copied()).collect();
    v.push(Admin);
    v
}

/// Refuses, naming the role needed, when the operator lacks a role for any of `areas`. On a
/// single file everyone holds every role and nothing is asked.
pub fn ensure_writes(conn: &Connection, operator: &str, areas: &[Area]) -> Result<()> {
    if areas.is_empty() || !is_team_ledger(conn) {
        return Ok(());
    }
    let held = roles_of(conn, operator)?;
    for area in areas {
        let need = writers(*area);
        if !need.iter().any(|r| held.contains(r)) {
            return Err(Error::WriteRoleRequired { operator: operator.trim().to_string(), area: *area, roles: need });
        }
    }
    Ok(())
}

/// What `role` may write: the grants of every area it writes, and [`EVERY_WRITE`] when it
/// writes any. Admin writes every table ([`grant_sql`]); the viewer nothing.
pub fn grants_of(role: Role) -> Vec<Grant> {
    let mut out: Vec<Grant> =
        WRITES.iter().filter(|(_, r, _)| r.contains(&role)).flat_map(|(_, _, g)| g.iter().copied()).collect();
    if !out.is_empty() {
        out.extend(EVERY_WRITE.iter().copied());
    }
    out
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The GRANTs of a team ledger, from [`WRITES`]: each role may read every table; it loses any
/// write it had (an older `team init` gave every role but the viewer every table) and gets
/// back what its areas write; admin writes every table. Run again after a migration, a new
/// table gets its grants (`team init`, and opening a ledger that a migration just changed).
pub fn grant_sql() -> String {
    let mut sql = String::new();
    for role in Role::ALL {
        let r = quoted(&role.db_role());
        sql.push_str(&format!(
            "GRANT USAGE ON SCHEMA public TO {r};\n\
             GRANT SELECT ON ALL TABLES IN SCHEMA public TO {r};\n\
             REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {r};\n\
             REVOKE USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public FROM {r};\n"
        ));
        if *role == Admin {
            sql.push_str(&format!(
                "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r};\n\
                 GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r};\n"
            ));
            continue;
        }
        let grants = grants_of(*role);
        if grants.is_empty() {
            continue;
        }
        for g in grants {
            if g.columns.is_empty() {
                sql.push_str(&format!("GRANT {} ON {} TO {r};\n", g.privileges, quoted(g.table)));
            } else {
                let cols: Vec<String> = g.columns.iter().map(|c| quoted(c)).collect();
                sql.push_str(&format!("GRANT {} ({}) ON {} TO {r};\n", g.privileges, cols.join(", "), quoted(g.table)));
            }
        }
        sql.push_str(&format!("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r};\n"));
    }
    sql
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

    /// The tables of the PostgreSQL schema, from its migrations.
    fn schema_tables() -> Vec<String> {
        let mut out = Vec::new();
        for (_, sql) in crate::db::pg_migrations::PG_MIGRATIONS {
            for part in sql.split("CREATE TABLE ").skip(1) {
                let name: String = part
                    .trim_start_matches("IF NOT EXISTS ")
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        }
        out
    }

    #[test]
    fn every_table_of_the_schema_is_in_the_table_of_writes_or_is_the_administrators() {
        // Written by no role but admin: the schema's own bookkeeping.
        const ADMIN_ONLY: &[&str] = &["schema_version", "ledger_meta"];
        let named: Vec<&str> = WRITES
            .iter()
            .flat_map(|(_, _, g)| g.iter().map(|g| g.table))
            .chain(EVERY_WRITE.iter().map(|g| g.table))
            .collect();
        let tables = schema_tables();
        assert!(tables.len() > 20, "{tables:?}");
        for t in &tables {
            assert!(
                named.contains(&t.as_str()) || ADMIN_ONLY.contains(&t.as_str()),
                "table {t} is in no line of roles::WRITES: say which role writes it"
            );
        }
        for t in named {
            assert!(tables.iter().any(|x| x == t), "WRITES names {t}, which the schema does not have");
        }
    }

    #[test]
    fn each_role_writes_only_its_own_tables() {
        let tables = |role: Role| -> Vec<&str> {
            let mut v: Vec<&str> = grants_of(role).iter().map(|g| g.table).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        assert!(grants_of(Viewer).is_empty());
        assert_eq!(tables(Service), ["audit_log", "faults"]);
        assert!(!tables(Hardware).contains(&"settings") && !tables(Hardware).contains(&"power_readings"));
        assert!(!tables(Idc).contains(&"assets") && !tables(Idc).contains(&"positions"));
        assert!(!tables(Director).contains(&"positions") && tables(Director).contains(&"settings"));
        // The IDC engineer changes only the power columns of a cabinet.
        let cab = grants_of(Idc).into_iter().find(|g| g.table == "cabinets").expect("cabinets");
        assert_eq!(cab.privileges, "UPDATE");
        assert!(cab.columns.contains(&"rated_w") && !cab.columns.contains(&"u_height"));
        let sql = grant_sql();
        assert!(sql.contains("GRANT UPDATE (\"rated_w\""), "{sql}");
        let viewer: Vec<&str> =
            sql.lines().filter(|l| l.starts_with("GRANT ") && l.ends_with("TO \"rackledger_viewer\";")).collect();
        assert_eq!(viewer.len(), 2, "{viewer:?}");
        assert!(
            viewer.iter().all(|l| l.starts_with("GRANT USAGE ON SCHEMA") || l.starts_with("GRANT SELECT ")),
            "{viewer:?}"
        );
    }

    #[test]
    fn writing_an_area_needs_its_role() {
        assert_eq!(writers(Area::Power), vec![Idc, Admin]);
        assert_eq!(writers(Area::Faults), vec![Hardware, Idc, Director, Service, Admin]);
        assert_eq!(writers(Area::Site), vec![Admin]);
        let e =
            Error::WriteRoleRequired { operator: "王客服".into(), area: Area::Power, roles: writers(Area::Power) };
        assert_eq!(e.to_string(), "王客服 没有“登记功率读数与电力设置”所需的角色：需要 IDC工程师 / 管理员");
        assert_eq!(e.code(), "write_role_required");
        // A single file asks nothing.
        let conn = crate::db::open_in_memory().expect("memory db");
        assert!(ensure_writes(&conn, "张三", &[Area::Site, Area::Power]).is_ok());
    }
}
