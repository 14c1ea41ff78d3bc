//! One SQL layer over two engines: a SQLite file (rusqlite) and a PostgreSQL database (the
//! synchronous `postgres` client). The rest of the core writes one query text with SQLite's
//! `?N` placeholders and reads rows with one reader; this module binds, rewrites and converts.
//! The API follows rusqlite's (`prepare_cached`, `query_row`, `query_map`, `execute`,
//! transactions that roll back when dropped), so storage code reads as it did.
//!
//! Dialect differences that a query text cannot hide live in [`Connection::engine`] checks at the
//! few places that need them (pragmas, the online backup, `last_insert_rowid`).

pub mod connect;
mod dialect;
mod error;
pub mod notify;
mod params;
pub mod pg;
mod row;

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;

pub use error::{SqlError, SqlResult};
pub use params::{params_from_iter, Params, ToSql};
pub use row::{OptionalExtension, Row};

use pg::PgParam;

/// Which database engine holds the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn code(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }
}

/// A PostgreSQL session: the client and the statements it has prepared, by their SQLite text.
pub struct PgSession {
    client: postgres::Client,
    cache: HashMap<String, postgres::Statement>,
}

enum Inner {
    Sqlite(rusqlite::Connection),
    // Boxed: the client is large beside a SQLite handle.
    Pg(Box<RefCell<PgSession>>),
}

/// An open database connection of either engine.
pub struct Connection {
    inner: Inner,
    /// The change the open transaction will announce at commit (team ledgers).
    pending: RefCell<Option<notify::Change>>,
}

impl From<rusqlite::Connection> for Connection {
    fn from(c: rusqlite::Connection) -> Connection {
        Connection { inner: Inner::Sqlite(c), pending: RefCell::new(None) }
    }
}

impl From<postgres::Client> for Connection {
    fn from(client: postgres::Client) -> Connection {
        Connection {
            inner: Inner::Pg(Box::new(RefCell::new(PgSession { client, cache: HashMap::new() }))),
            pending: RefCell::new(None),
        }
    }
}

/// Runs a call of the synchronous PostgreSQL client. That client drives its own async runtime,
/// which cannot start on a thread already inside one (the app's commands run on Tauri's): there
/// the call is made on a short-lived thread of its own, borrowing what it needs.
pub(crate) fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    if tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| s.spawn(f).join()).unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A transaction's strength on SQLite (on PostgreSQL every write transaction queues on the
/// ledger's writer lock, see [`Connection::transaction_with_behavior`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionBehavior {
    Deferred,
    Immediate,
}

/// The advisory lock every PostgreSQL writer takes, so writers queue as they do on a SQLite
/// file: checks and the writes they allow see one state ("check then insert" cannot race).
const WRITER_LOCK: i64 = 0x5241_434b_4c45_4447; // "RACKLEDG"

impl Connection {
    pub fn engine(&self) -> Engine {
        match self.inner {
            Inner::Sqlite(_) => Engine::Sqlite,
            Inner::Pg(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, the online backup).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// The file of a SQLite connection (empty for an in-memory one); `None` on PostgreSQL.
    pub fn path(&self) -> Option<&str> {
        self.sqlite().and_then(|c| c.path())
    }

    pub fn sqlite_mut(&mut self) -> Option<&mut rusqlite::Connection> {
        match &mut self.inner {
            Inner::Sqlite(c) => Some(c),
            Inner::Pg(_) => None,
        }
    }

    /// A statement, prepared once per connection and kept.
    pub fn prepare_cached(&self, sql: &str) -> SqlResult<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(Statement::SqliteCached(c.prepare_cached(sql)?)),
            Inner::Pg(s) => {
                let mut session = s.borrow_mut();
                let stmt = match session.cache.get(sql) {
                    Some(stmt) => stmt.clone(),
                    None => {
                        let client = &mut session.client;
                        let stmt = off_runtime(|| client.prepare(&pg::placeholders(sql)))?;
                        session.cache.insert(sql.to_string(), stmt.clone());
                        stmt
                    }
                };
                Ok(Statement::Pg { session: s, stmt })
            }
        }
    }

    /// A statement prepared for one use (text built at run time).
    pub fn prepare(&self, sql: &str) -> SqlResult<Statement<'_>> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(Statement::Sqlite(c.prepare(sql)?)),
            Inner::Pg(s) => {
                let client = &mut s.borrow_mut().client;
                let stmt = off_runtime(|| client.prepare(&pg::placeholders(sql)))?;
                Ok(Statement::Pg { session: s, stmt })
            }
        }
    }

    /// Runs one statement, returning the number of rows changed.
    pub fn execute<P: Params>(&self, sql: &str, params: P) -> SqlResult<usize> {
        self.prepare(sql)?.execute(params)
    }

    /// Runs statements separated by `;`, without parameters (migrations, transaction control).
    pub fn execute_batch(&self, sql: &str) -> SqlResult<()> {
        match &self.inner {
            Inner::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Inner::Pg(s) => {
                let client = &mut s.borrow_mut().client;
                Ok(off_runtime(|| client.batch_execute(sql))?)
            }
        }
    }

    /// The one row of a query ([`SqlError::NoRows`] when there is none).
    pub fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> SqlResult<T>>(
        &self,
        sql: &str,
        params: P,
        f: F,
    ) -> SqlResult<T> {
        self.prepare(sql)?.query_row(params, f)
    }

    /// The id of the row the last INSERT made on this connection.
    pub fn last_insert_rowid(&self) -> i64 {
        match &self.inner {
            Inner::Sqlite(c) => c.last_insert_rowid(),
            // The session's last sequence value: the identity of the row just inserted (no
            // trigger of ours inserts into another table with an identity).
            Inner::Pg(s) => {
                let client = &mut s.borrow_mut().client;
                off_runtime(|| client.query_one("SELECT lastval()", &[])).map_or(0, |r| r.get(0))
            }
        }
    }

    /// Starts a transaction that rolls back unless committed.
    pub fn transaction(&mut self) -> SqlResult<Transaction<'_>> {
        self.transaction_with_behavior(TransactionBehavior::Deferred)
    }

    /// On SQLite `Immediate` takes the write lock at once; on PostgreSQL it takes the ledger's
    /// writer lock, held until commit or rollback, so two writers never interleave their checks.
    pub fn transaction_with_behavior(&mut self, behavior: TransactionBehavior) -> SqlResult<Transaction<'_>> {
        match (&self.inner, behavior) {
            (Inner::Sqlite(_), TransactionBehavior::Deferred) => self.execute_batch("BEGIN DEFERRED")?,
            (Inner::Sqlite(_), TransactionBehavior::Immediate) => self.execute_batch("BEGIN IMMEDIATE")?,
            (Inner::Pg(_), TransactionBehavior::Deferred) => self.execute_batch("BEGIN")?,
            (Inner::Pg(_), TransactionBehavior::Immediate) => {
                self.execute_batch(&format!("BEGIN; SELECT pg_advisory_xact_lock({WRITER_LOCK})"))?
            }
        }
        Ok(Transaction { conn: self, open: true })
    }
}

/// An open transaction; dereferences to its connection. Dropped without [`Transaction::commit`],
/// it rolls back.
pub struct Transaction<'c> {
    conn: &'c Connection,
    open: bool,
}

impl Transaction<'_> {
    pub fn commit(mut self) -> SqlResult<()> {
        // Announced inside the transaction: delivered at commit, never for a rollback.
        self.conn.announce()?;
        self.open = false;
        self.conn.execute_batch("COMMIT")
    }

    pub fn rollback(mut self) -> SqlResult<()> {
        self.open = false;
        self.conn.forget_change();
        self.conn.execute_batch("ROLLBACK")
    }
}

impl Deref for Transaction<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.open {
            self.conn.forget_change();
            // Nothing to tell anyone if this fails: the connection is then gone, and with it the
            // transaction.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// A prepared statement of either engine.
pub enum Statement<'c> {
    Sqlite(rusqlite::Statement<'c>),
    SqliteCached(rusqlite::CachedStatement<'c>),
    Pg { session: &'c RefCell<PgSession>, stmt: postgres::Statement },
}

/// Runs `f` with the parameters as PostgreSQL wants them.
fn with_pg_params<T>(
    values: &[&dyn ToSql],
    f: impl FnOnce(&[&(dyn postgres::types::ToSql + Sync)]) -> SqlResult<T>,
) -> SqlResult<T> {
    let outputs = values.iter().map(|v| v.to_sql()).collect::<rusqlite::Result<Vec<_>>>()?;
    let params: Vec<PgParam<'_>> = outputs.iter().map(PgParam::from_output).collect();
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
        params.iter().map(|p| p as &(dyn postgres::types::ToSql + Sync)).collect();
    f(&refs)
}

impl<'c> Statement<'c> {
    fn sqlite(&mut self) -> Option<&mut rusqlite::Statement<'c>> {
        match self {
            Statement::Sqlite(s) => Some(s),
            Statement::SqliteCached(s) => Some(s),
            Statement::Pg { .. } => None,
        }
    }

    fn pg_rows<P: Params>(&self, params: P) -> SqlResult<Vec<postgres::Row>> {
        match self {
            Statement::Pg { session, stmt } => with_pg_params(&params.values(), |p| {
                let client = &mut session.borrow_mut().client;
                Ok(off_runtime(|| client.query(stmt, p))?)
            }),
            _ => Ok(Vec::new()),
        }
    }

    pub fn execute<P: Params>(&mut self, params: P) -> SqlResult<usize> {
        if let Some(s) = self.sqlite() {
            return Ok(s.execute(rusqlite::params_from_iter(params.values()))?);
        }
        match self {
            Statement::Pg { session, stmt } => with_pg_params(&params.values(), |p| {
                let client = &mut session.borrow_mut().client;
                Ok(off_runtime(|| client.execute(stmt, p))? as usize)
            }),
            _ => Ok(0),
        }
    }

    pub fn query_row<T, P: Params, F: FnOnce(&Row<'_>) -> SqlResult<T>>(&mut self, params: P, f: F) -> SqlResult<T> {
        if let Some(s) = self.sqlite() {
            let mut rows = s.query(rusqlite::params_from_iter(params.values()))?;
            return match rows.next()? {
                Some(r) => f(&Row::Sqlite(r)),
                None => Err(SqlError::NoRows),
            };
        }
        let rows = self.pg_rows(params)?;
        match rows.first() {
            Some(r) => f(&Row::Pg(r)),
            None => Err(SqlError::NoRows),
        }
    }

    pub fn exists<P: Params>(&mut self, params: P) -> SqlResult<bool> {
        if let Some(s) = self.sqlite() {
            return Ok(s.exists(rusqlite::params_from_iter(params.values()))?);
        }
        Ok(!self.pg_rows(params)?.is_empty())
    }

    /// Every row, each mapped by `f`, read as the caller iterates (SQLite) or at once (PostgreSQL).
    pub fn query_map<T, P: Params, F: FnMut(&Row<'_>) -> SqlResult<T>>(
        &mut self,
        params: P,
        f: F,
    ) -> SqlResult<MappedRows<'_, F>> {
        let rows = self.query(params)?;
        Ok(MappedRows { rows, f })
    }

    /// The rows of a query, read one by one with [`Rows::next`].
    pub fn query<P: Params>(&mut self, params: P) -> SqlResult<Rows<'_>> {
        if let Statement::Pg { .. } = self {
            let rows = self.pg_rows(params)?;
            return Ok(Rows::Pg { rows, next: 0 });
        }
        match self.sqlite() {
            Some(s) => Ok(Rows::Sqlite(s.query(rusqlite::params_from_iter(params.values()))?)),
            None => Ok(Rows::Pg { rows: Vec::new(), next: 0 }),
        }
    }

    pub fn column_count(&self) -> usize {
        match self {
            Statement::Sqlite(s) => s.column_count(),
            Statement::SqliteCached(s) => s.column_count(),
            Statement::Pg { stmt, .. } => stmt.columns().len(),
        }
    }

    pub fn column_names(&self) -> Vec<String> {
        match self {
            Statement::Sqlite(s) => s.column_names().map(str::to_string).collect(),
            Statement::SqliteCached(s) => s.column_names().map(str::to_string).collect(),
            Statement::Pg { stmt, .. } => stmt.columns().iter().map(|c| c.name().to_string()).collect(),
        }
    }
}

/// The rows of a query.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Pg { rows: Vec<postgres::Row>, next: usize },
}

impl Rows<'_> {
    #[allow(clippy::should_implement_trait)] // lends each row, as rusqlite's Rows does
    pub fn next(&mut self) -> SqlResult<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(r) => Ok(r.next()?.map(Row::Sqlite)),
            Rows::Pg { rows, next } => {
                let row = rows.get(*next);
                *next += 1;
                Ok(row.map(Row::Pg))
            }
        }
    }
}

/// Rows mapped one by one as they are iterated.
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F: FnMut(&Row<'_>) -> SqlResult<T>> Iterator for MappedRows<'_, F> {
    type Item = SqlResult<T>;
    fn next(&mut self) -> Option<SqlResult<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}
