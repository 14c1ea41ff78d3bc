//! The operations of the ledger. Each one validates its input against the rules, writes its
//! rows, its asset history and its audit record in one transaction, and returns the result; a
//! refusal writes nothing. The app and the command line call these and nothing below them.

mod assets;
mod backups;
mod check;
mod environment;
mod fault_week;
mod faults;
mod inspections;
mod operations;
mod patrol;
pub mod ports;
mod power;
mod racking;
mod repairs;
mod request_ports;
mod requests;
mod settings;
mod site;
mod team;

pub use crate::db::power::OwnerPower;
pub use assets::{AssetDetail, SerialChange};
pub use backups::{copy_ledger, BackupStatus, Restored};
pub use check::{CabinetCheck, CheckResult, RowHeadCheck, Verdict};
pub use environment::{EnvDraft, Remedy, RemedyDevice, RemedyMove, RowTemp};
pub use fault_week::{fault_week, FaultWeekLine, FaultWeekReport, FaultWeekTotal, UserReport};
pub use faults::{fault_stats, Counts, FaultDraft, FaultStats, FaultUpdate, FaultWeek};
pub use inspections::{
    default_points, parse_points, DeviceMark, InspectionTarget, MarkFailure, MarkPart, Marked, MarksApplied, PointMark,
    POINTS_KEY,
};
pub use operations::{OperationDraft, PlannedCable, PositionDraft};
pub use patrol::PatrolDraft;
pub use ports::{CableUpdate, DevicePorts, PortRef, PortsCreated};
pub use power::Measured;
pub use racking::{emergency_note, is_emergency, Racked, EMERGENCY_MARK};
pub use repairs::{
    repair_stats, AgeBucket, ModelCount, RepairClose, RepairClosed, RepairDraft, RepairOpened, RepairPreview,
    RepairStats, RepairUpdate, VendorCount,
};
pub use requests::{
    Confirmed, NewDevice, Queue, QueueKind, Queues, RequestAnswer, RequestCheck, RequestDraft, RequestExecuted,
    RequestStep, ReservedUnits, RowCheck, RowDraft,
};
pub(crate) use settings::global_levels;
pub use settings::{Setting, ALARM_KEY, APPROVERS_KEY, WARNING_KEY};
pub use site::Elevation;
pub(crate) use team::database_rules_sql;
pub use team::Member;
// Written by storage too (a repair's former position), so it lives in `model`.
pub use crate::model::position_label;

use std::path::Path;

use crate::db::{Connection, Transaction, TransactionBehavior};
use chrono::{Local, NaiveDateTime};
use serde::Serialize;

use crate::db::{self, audit::Record, history::HistoryEntry};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::{Asset, Status};
use crate::roles::Area;

/// Who is acting and when. Passed in, so rules never read the clock themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctx {
    pub operator: String,
    pub now: NaiveDateTime,
}

impl Ctx {
    /// The operator, acting now (local time).
    pub fn now(operator: impl Into<String>) -> Ctx {
        Ctx { operator: operator.into(), now: Local::now().naive_local() }
    }
}

/// The name of the person at the keyboard, from the OS.
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// An open ledger: one SQLite connection and the language its messages are written in.
pub struct Ledger {
    conn: Connection,
    pub lang: Lang,
    /// The login of a team ledger, read once at open (it cannot change on a connection).
    login: Option<String>,
}

impl Ledger {
    /// Opens (creating and migrating if needed) the ledger at `path`: a database file, or a team
    /// ledger when `path` is a `postgres://` address.
    pub fn open(path: &Path, lang: Lang) -> Result<Ledger> {
        let conn = db::open(path)?;
        let login = match conn.engine() {
            db::Engine::Sqlite => None,
            db::Engine::Postgres => Some(
                conn.query_row("SELECT session_user::text", [], |r| r.get(0)).map_err(Error::storage("读取登录名"))?,
            ),
        };
        Ok(Ledger { conn, lang, login })
    }

    pub fn open_in_memory(lang: Lang) -> Result<Ledger> {
        Ok(Ledger { conn: db::open_in_memory()?, lang, login: None })
    }

    /// The engine holding the ledger: a SQLite file or a PostgreSQL team database.
    pub fn engine(&self) -> db::Engine {
        self.conn.engine()
    }

    /// The login of a team ledger (PostgreSQL's `session_user`); `None` on a file.
    pub fn login(&self) -> Option<&str> {
        self.login.as_deref()
    }

    /// Who is acting. On a team ledger it is the login, whatever was asked for (another name is
    /// refused: the audit must name the person the database let in); on a file, the name given
    /// (`--operator`, the app's setting) or the OS user.
    pub fn operator(&self, given: Option<&str>) -> Result<String> {
        let given = given.map(str::trim).filter(|g| !g.is_empty());
        match self.login() {
            Some(login) => match given {
                Some(g) if g != login => Err(Error::OperatorOnTeam { login: login.to_string(), given: g.to_string() }),
                _ => Ok(login.to_string()),
            },
            None => Ok(given.map_or_else(os_user, str::to_string)),
        }
    }

    /// Read access to the connection, for reports and tests.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// A write transaction, taken immediately so two writers queue instead of deadlocking, for
    /// a write of `areas`: on a team ledger a login holding no role that writes one of them is
    /// refused here, naming the role, before the database would refuse it
    /// ([`crate::roles::ensure_writes`]). An empty `areas` is for a caller that checks itself
    /// (an import, sheet by sheet).
    pub(crate) fn write(&mut self, areas: &[Area]) -> Result<Transaction<'_>> {
        crate::roles::ensure_writes(&self.conn, self.login.as_deref().unwrap_or_default(), areas)?;
        self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(Error::storage("开始事务"))
    }

    /// The audit trail, newest first.
    pub fn audit(&self, entity: Option<&str>, key: Option<&str>, limit: u32) -> Result<Vec<db::audit::AuditEntry>> {
        db::audit::list(&self.conn, entity, key, limit)
    }

    /// The UUID of the record numbered `key` (an asset's tag, a cabinet's code, a request's
    /// number …): what `show` gives beside the record ([`db::uids`]). A record that is not there
    /// is a storage error here; callers read the record first, which says "not found" properly.
    pub fn uid(&self, record: db::uids::Record, key: &str) -> Result<String> {
        db::uids::of(&self.conn, record, key)?
            .ok_or_else(|| Error::Storage {
                context: format!("读取记录编号（{key}）"), source: db::SqlError::NoRows
            })
    }
}

pub(crate) fn commit(tx: Transaction<'_>) -> Result<()> {
    tx.commit().map_err(Error::storage("提交事务"))
}

/// JSON of an entity for the audit log.
pub(crate) fn to_json<T: Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok().map(without_allowed)
}

/// The JSON without its `"allowed":[…]` members: the actions a record allows are derived from
/// its state (`states`), not a fact of it, and the audit keeps facts. The member is never first
/// and holds only action codes, so it is found as text; inside a string value its quotes would
/// be escaped.
fn without_allowed(mut json: String) -> String {
    const KEY: &str = ",\"allowed\":[";
    while let Some(at) = json.find(KEY) {
        match json[at..].find(']') {
            Some(len) => json.replace_range(at..=at + len, ""),
            None => break,
        }
    }
    json
}

/// Writes a `status` history entry when the status changed.
pub(crate) fn note_status(
    tx: &Connection,
    id: i64,
    ctx: &Ctx,
    from: Status,
    to: Status,
    reason: Option<&str>,
) -> Result<()> {
    if from == to {
        return Ok(());
    }
    let mut h = HistoryEntry::new("status", ctx.now, &ctx.operator);
    h.old_value = Some(from.code().into());
    h.new_value = Some(to.code().into());
    h.reason = reason.map(str::to_string);
    db::history::insert(tx, id, &h)
}

/// Writes the audit record of a change to an asset.
pub(crate) fn audit_asset(
    tx: &Connection,
    ctx: &Ctx,
    action: &str,
    before: Option<&Asset>,
    after: &Asset,
    reason: Option<&str>,
) -> Result<()> {
    audit_entity(tx, ctx, action, "asset", &after.asset_tag, before, after, reason)
}

/// Writes the audit record of a change to any entity, before and after as JSON.
#[allow(clippy::too_many_arguments)]
pub(crate) fn audit_entity<T: Serialize>(
    tx: &Connection,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    key: &str,
    before: Option<&T>,
    after: &T,
    reason: Option<&str>,
) -> Result<()> {
    db::audit::insert(
        tx,
        ctx.now,
        &ctx.operator,
        &Record { action, entity, key, before: before.and_then(to_json), after: to_json(after), reason },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_audit_leaves_out_the_allowed_actions() {
        let json = r#"{"no":"GZ-1","state":"pending","note":"x,\"allowed\":[y]","allowed":["edit","close"],"z":1}"#;
        assert_eq!(
            without_allowed(json.to_string()),
            r#"{"no":"GZ-1","state":"pending","note":"x,\"allowed\":[y]","z":1}"#
        );
        assert_eq!(without_allowed(r#"{"a":1,"allowed":[]}"#.to_string()), r#"{"a":1}"#);
    }
}
