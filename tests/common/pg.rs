//! A throwaway PostgreSQL cluster for the tests, and a fresh database per test.
//!
//! The cluster is started once per test process, on first use, by `tests/pg-cluster` (initdb into
//! a temporary directory, a free port on 127.0.0.1, fsync off), which also stops it and removes
//! its directory once this process has exited, however it exits. When `RACKLEDGER_TEST_PG` names
//! a running cluster's superuser URL (`tests/pg-cluster start` prints one; CI and the e2e run share
//! one that way), that cluster is used instead and left running.
//!
//! [`fresh_db`] gives each test its own migrated database, copied with `CREATE DATABASE …
//! TEMPLATE` from one migrated once per schema (named by a hash of the migrations, so it is
//! reused by later processes on a shared cluster and never confused with another branch's).
//! [`empty_db`] gives an empty one. Both are dropped when the handle is.

use rackledger::db::sql::connect::percent;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use postgres::{Client, NoTls};
use rackledger::db::pg_migrations::{pg_migrate, PG_MIGRATIONS};

/// The running cluster: its superuser URL, ending in `/postgres` (the maintenance database).
struct Cluster {
    admin_url: String,
}

static CLUSTER: OnceLock<Cluster> = OnceLock::new();
static TEMPLATE: OnceLock<String> = OnceLock::new();
static NEXT_DB: AtomicU32 = AtomicU32::new(0);

fn cluster() -> &'static Cluster {
    CLUSTER.get_or_init(|| {
        if let Some(url) = std::env::var("RACKLEDGER_TEST_PG").ok().filter(|u| !u.trim().is_empty()) {
            return Cluster { admin_url: url.trim().to_string() };
        }
        let dir = std::env::temp_dir().join(format!(
            "rackledger-pg-{}-{}",
            std::process::id(),
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
        ));
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pg-cluster");
        let out = Command::new(&script)
            .arg("start")
            .arg(&dir)
            .arg("--watch")
            .arg(std::process::id().to_string())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "the test PostgreSQL cluster did not start ({}):\n{}{}",
            out.status,
            stdout,
            String::from_utf8_lossy(&out.stderr)
        );
        let admin_url = stdout.lines().last().unwrap_or_default().trim().to_string();
        assert!(admin_url.starts_with("postgres://"), "tests/pg-cluster printed no URL: {stdout:?}");
        Cluster { admin_url }
    })
}

/// The URL of database `name` on the test cluster, as the superuser.
fn url_of(name: &str) -> String {
    let admin = &cluster().admin_url;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

/// A superuser connection to the maintenance database.
pub fn admin() -> Client {
    let url = &cluster().admin_url;
    Client::connect(url, NoTls).unwrap_or_else(|e| panic!("connect to the test cluster at {url}: {e}"))
}

/// A superuser connection to database `name` of the test cluster.
fn connect(name: &str) -> Client {
    let url = url_of(name);
    Client::connect(&url, NoTls).unwrap_or_else(|e| panic!("connect to {url}: {e}"))
}

/// One test's database, dropped (with any connections still open) when the handle is.
pub struct PgDb {
    pub name: String,
    /// `postgres://postgres@127.0.0.1:PORT/NAME`
    pub url: String,
}

impl PgDb {
    /// A new superuser connection to this database.
    pub fn client(&self) -> Client {
        connect(&self.name)
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        // Best effort: the whole cluster goes at exit anyway.
        if let Ok(mut c) = Client::connect(&cluster().admin_url, NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

fn new_name() -> String {
    format!("t_{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::Relaxed))
}

/// An empty database (no schema) of its own.
pub fn empty_db() -> PgDb {
    create_db("")
}

/// An empty database of its own, made with `CREATE DATABASE name {options}` (a locale, …).
pub fn create_db(options: &str) -> PgDb {
    let name = new_name();
    admin()
        .batch_execute(&format!("CREATE DATABASE \"{name}\" {options}"))
        .unwrap_or_else(|e| panic!("create {name} {options}: {e}"));
    PgDb { url: url_of(&name), name }
}

/// A database of its own at the latest schema, copied from the migrated template.
pub fn fresh_db() -> PgDb {
    let template = template();
    let name = new_name();
    admin()
        .batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""))
        .unwrap_or_else(|e| panic!("create {name} from {template}: {e}"));
    PgDb { url: url_of(&name), name }
}

/// The migrated template's name, creating it on first use. Several processes may share the
/// cluster: an advisory lock lets one create it while the others wait, and a template counts as
/// made only once it is marked IS_TEMPLATE (a half-made one, from a process that died, is
/// dropped and made again).
fn template() -> &'static str {
    TEMPLATE.get_or_init(|| {
        let name = format!("rl_tpl_{:016x}", schema_hash());
        let mut admin = admin();
        admin.execute("SELECT pg_advisory_lock(7261)", &[]).expect("template lock");
        let made: Option<bool> = admin
            .query_opt("SELECT datistemplate FROM pg_database WHERE datname = $1", &[&name])
            .expect("look for the template")
            .map(|r| r.get(0));
        if made != Some(true) {
            admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .expect("drop a half-made template");
            admin.batch_execute(&format!("CREATE DATABASE \"{name}\"")).expect("create the template database");
            let mut c = connect(&name);
            pg_migrate(&mut c).unwrap_or_else(|e| panic!("migrate the template {name}: {e}"));
            drop(c);
            admin
                .batch_execute(&format!("ALTER DATABASE \"{name}\" WITH IS_TEMPLATE true"))
                .expect("mark the template");
        }
        admin.execute("SELECT pg_advisory_unlock(7261)", &[]).expect("template unlock");
        name
    })
}

/// FNV-1a over the PostgreSQL migrations: a different schema gets a different template.
fn schema_hash() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (v, sql) in PG_MIGRATIONS {
        for b in v.to_le_bytes().iter().chain(sql.as_bytes()) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The password of every login the tests create (read by the binary from `PGPASSWORD`, as an
/// engineer's would be).
pub const PASSWORD: &str = "rl-test-pw";

static LOGINS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// The URL of database `name` as the login `user`, which is created on first use (a superuser:
/// the roles of issue 16 are tested on their own). On PostgreSQL the login is the operator, so a
/// test acting as 王总 connects as 王总.
pub fn url_as(name: &str, user: &str) -> String {
    let mut made = LOGINS.lock().unwrap_or_else(|e| e.into_inner());
    if !made.iter().any(|u| u == user) {
        let quoted = user.replace('"', "\"\"");
        let pw = PASSWORD.replace('\'', "''");
        admin()
            .batch_execute(&format!(
                "DO $$ BEGIN CREATE ROLE \"{quoted}\" LOGIN SUPERUSER PASSWORD '{pw}';
                 EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            ))
            .unwrap_or_else(|e| panic!("create login {user}: {e}"));
        made.push(user.to_string());
    }
    let admin = &cluster().admin_url;
    let rest = admin.split_once('@').map_or(admin.as_str(), |(_, r)| r);
    let base = rest.rsplit_once('/').map_or(rest, |(b, _)| b);
    format!("postgres://{}@{base}/{name}", percent(user))
}

/// Every row of every table of database `name`, as text in a fixed order: the "nothing was
/// written" picture on PostgreSQL (the file tests compare bytes).
pub fn dump(name: &str) -> String {
    let mut c = connect(name);
    let tables: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
            &[],
        )
        .expect("list tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    let mut out = String::new();
    for t in tables {
        let row = c
            .query_one(
                &format!("SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '') FROM \"{t}\" x"),
                &[],
            )
            .expect("dump a table");
        let rows: String = row.get(0);
        out.push_str(&format!("-- {t}\n{rows}\n"));
    }
    out
}
