//! Shared helpers: a temporary database, running the real binary on it, reading its JSON, and
//! taking a byte-for-byte picture of the database files.

pub mod pg;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The reason the PostgreSQL pass gives for racking by hand (see [`Site::cmd_for`]).
pub const EMERGENCY: &str = "团队数据库测试：手工操作";

/// The operator every command runs as unless a test says otherwise (via `$USER`).
pub const DEFAULT_USER: &str = "测试员";

/// What one run of the binary gave back.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout parsed as one JSON document (panics with the output if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("stdout is not one JSON document ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }
}

/// Do the tests run against PostgreSQL (`RACKLEDGER_TEST_ENGINE=postgres`)? Then every [`Site`]
/// is a database of its own on the throwaway cluster instead of a file.
pub fn on_postgres() -> bool {
    std::env::var("RACKLEDGER_TEST_ENGINE").is_ok_and(|v| v.trim() == "postgres")
}

/// A temporary directory holding one database file, removed when dropped — or, on PostgreSQL,
/// a database of its own (dropped with the site).
pub struct Site {
    dir: TempDir,
    pub db: PathBuf,
    pg: Option<pg::PgDb>,
}

impl Site {
    pub fn new() -> Site {
        Site::named("ledger.db")
    }

    /// A temporary directory holding the database file `file` (a ledger's name is its file's).
    pub fn named(file: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        if on_postgres() {
            let pg = pg::fresh_db();
            return Site { dir, db: PathBuf::from(&pg.url), pg: Some(pg) };
        }
        let db = dir.path().join(file);
        Site { dir, db, pg: None }
    }

    /// A file beside the ledger, in the site's temporary folder (exports, imports, backups).
    pub fn path(&self, name: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs raw SQL on the ledger behind the program's back (a ledger written before a rule
    /// held), on whichever engine the site is.
    pub fn sql(&self, sql: &str) {
        match &self.pg {
            Some(pg) => pg.client().batch_execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}")),
            None => raw_conn(&self.db).execute_batch(sql).unwrap_or_else(|e| panic!("{sql}: {e}")),
        }
    }

    /// The site's temporary folder.
    pub fn dir_path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// The address this site's commands open: the file, or on PostgreSQL the database as the
    /// login `user` (created on first use), since there the login is the operator.
    pub fn db_as(&self, user: &str) -> PathBuf {
        match &self.pg {
            Some(pg) => PathBuf::from(pg::url_as(&pg.name, user)),
            None => self.db.clone(),
        }
    }

    /// `rackledger --db <temp db>`, with a known `$USER` and `RACKLEDGER_DB` pointing into the
    /// temporary directory, so nothing can ever reach the user's real ledger.
    pub fn cmd(&self) -> Command {
        self.cmd_as(DEFAULT_USER)
    }

    /// [`Site::cmd`] acting as `user`: `$USER` on a file, the login on PostgreSQL.
    pub fn cmd_as(&self, user: &str) -> Command {
        let mut c = bare_cmd();
        c.env("USER", user);
        c.env("RACKLEDGER_DB", self.dir.path().join("default.db"));
        c.env("PGPASSWORD", pg::PASSWORD);
        c.arg("--db").arg(self.db_as(user));
        c
    }

    /// The command for `args`: on PostgreSQL, `--operator NAME` becomes the login NAME (the
    /// flag itself is refused there: the login is the operator), and racking, moving or cabling
    /// by hand takes the emergency path (a team ledger asks a confirmed 附件5 otherwise; the file
    /// tests rack by hand).
    fn cmd_for(&self, args: &[&str]) -> (Command, Vec<String>) {
        let mut rest: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if self.pg.is_some() {
            let by_hand = rest.iter().take(4).any(|a| ["place", "move", "connect"].contains(&a.as_str()));
            if by_hand && !rest.iter().any(|a| a == "--emergency") {
                rest.extend(["--emergency".to_string(), EMERGENCY.to_string()]);
            }
            if let Some(i) = rest.iter().position(|a| a == "--operator") {
                if i + 1 < rest.len() {
                    let user = rest[i + 1].trim().to_string();
                    rest.drain(i..=i + 1);
                    let user = if user.is_empty() { DEFAULT_USER.to_string() } else { user };
                    return (self.cmd_as(&user), rest);
                }
            }
        }
        (self.cmd(), rest)
    }

    /// Runs the binary with `args` after `--db`.
    pub fn run(&self, args: &[&str]) -> Run {
        let (mut c, rest) = self.cmd_for(args);
        run_cmd(c.args(rest))
    }

    /// Runs with `--json` and `args`; returns the run (exit code not checked).
    pub fn json(&self, args: &[&str]) -> Run {
        let (mut c, rest) = self.cmd_for(args);
        run_cmd(c.arg("--json").args(rest))
    }

    /// Runs with `--json`, expects exit 0, returns the document.
    pub fn ok(&self, args: &[&str]) -> Value {
        let r = self.json(args);
        assert_eq!(r.code, 0, "expected success for {args:?}\nstdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
        r.json()
    }

    /// Runs with `--json`, expects exit 1 with `{"ok": false, "error": {"code": code}}`,
    /// returns the document.
    pub fn refused(&self, args: &[&str], code: &str) -> Value {
        let r = self.json(args);
        assert_eq!(r.code, 1, "expected a refusal ({code}) for {args:?}\nstdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
        let doc = r.json();
        assert_eq!(doc["ok"], Value::Bool(false), "{doc:#}");
        assert_eq!(doc["error"]["code"], code, "{doc:#}");
        assert!(
            doc["error"]["message"].as_str().is_some_and(|m| !m.is_empty()),
            "a refusal carries a message: {doc:#}"
        );
        doc
    }

    /// Takes an approved racking request through the rest of the chain up to execution:
    /// 机房审核 (as 李工), its 附件5 filed when it has none (positions from its rows), confirmed
    /// (as 王总). On a single file every operator holds every role.
    pub fn ready(&self, no: &str) {
        self.ok(&["--operator", "李工", "request", "review", no]);
        let shown = self.ok(&["request", "show", no]);
        if shown["request"]["operations"].as_array().is_none_or(|v| v.is_empty()) {
            self.ok(&["operation", "add", "--request", no]);
        }
        let c = self.ok(&["--operator", "王总", "operation", "confirm", no]);
        assert_eq!(c["state"], "confirmed", "{c:#}");
    }

    /// Registers a cabinet (42U unless `u` says otherwise) in room `一号机房`.
    pub fn cabinet(&self, code: &str, u: u32) {
        let u = u.to_string();
        self.ok(&["cabinet", "add", code, "--room", "一号机房", "--u", &u]);
    }

    /// Registers an asset: a 1U full-depth server unless `fields` (FIELD=VALUE) say otherwise.
    /// Returns the `asset` object of the answer.
    pub fn add(&self, tag: &str, fields: &[&str]) -> Value {
        let name = format!("name={tag}-host");
        let serial = format!("serial=SN-{tag}");
        let mut args = vec![
            "asset",
            "add",
            tag,
            &name,
            "category=server",
            "vendor=华为",
            "model=FusionServer 2288H V6",
            &serial,
            "rated_w=800",
            "owner=政务云平台",
        ];
        args.extend_from_slice(fields);
        let doc = self.ok(&args);
        assert_eq!(doc["asset"]["asset_tag"], tag, "{doc:#}");
        doc["asset"].clone()
    }

    /// `asset show TAG --json`, expecting success.
    pub fn show(&self, tag: &str) -> Value {
        self.ok(&["asset", "show", tag])
    }

    /// The tags listed by `asset list --json` with extra `args`.
    pub fn list_tags(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["asset", "list"];
        all.extend_from_slice(args);
        let doc = self.ok(&all);
        tags(&doc["assets"])
    }

    /// The audit records of one asset, newest first.
    pub fn audit(&self, tag: &str) -> Vec<Value> {
        let doc = self.ok(&["audit", "--entity", "asset", "--key", tag, "--limit", "500"]);
        doc["audit"].as_array().cloned().unwrap_or_default()
    }

    /// A byte-for-byte picture of the database files (on PostgreSQL: of every table's rows).
    pub fn files(&self) -> DbFiles {
        match &self.pg {
            Some(pg) => DbFiles { db: pg::dump(&pg.name).into_bytes(), wal: None },
            None => DbFiles::read(&self.db),
        }
    }
}

/// `rackledger` with a known `$USER` and no `--db` (for usage tests).
pub fn bare_cmd() -> Command {
    let mut c = Command::cargo_bin("rackledger").expect("the rackledger binary");
    c.env("USER", DEFAULT_USER).env_remove("USERNAME").env_remove("LOGNAME");
    c
}

pub fn run_cmd(c: &mut Command) -> Run {
    let out = c.output().expect("run rackledger");
    Run {
        code: out.status.code().expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The `asset_tag` of every asset in a JSON array.
pub fn tags(assets: &Value) -> Vec<String> {
    assets
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {assets}"))
        .iter()
        .map(|a| a["asset_tag"].as_str().expect("asset_tag").to_string())
        .collect()
}

/// FNV-1a, 64 bits: enough to name a file's content in a failure message.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The raw bytes of a database file and of its write-ahead log, if there is one.
///
/// Why raw bytes are a sound picture of the database here: every `rackledger` run is its own
/// process with its own connection, and when the last connection to a WAL database closes,
/// SQLite checkpoints the log into the main file and deletes the `-wal` (and `-shm`) files. So
/// between two commands the whole database is in the main file, and the `-wal` is absent. A
/// command that writes anything that commits changes the main file (checkpointed at exit) or
/// leaves a `-wal` behind; a rolled-back transaction changes neither. We deliberately do not
/// open the database from the test to checkpoint or VACUUM it: that would be our own write,
/// and it would hide exactly what we want to see. The `-shm` file is only an index of the log,
/// not content, so it is not compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbFiles {
    pub db: Vec<u8>,
    pub wal: Option<Vec<u8>>,
}

impl DbFiles {
    pub fn read(db: &Path) -> DbFiles {
        let mut wal_path = db.as_os_str().to_owned();
        wal_path.push("-wal");
        DbFiles {
            db: std::fs::read(db).unwrap_or_else(|e| panic!("read {}: {e}", db.display())),
            wal: std::fs::read(PathBuf::from(wal_path)).ok(),
        }
    }

    /// Panics, naming the first differing byte, unless `after` is identical to `self`.
    pub fn assert_unchanged(&self, after: &DbFiles, what: &str) {
        if self == after {
            return;
        }
        let first_diff =
            self.db.iter().zip(&after.db).position(|(a, b)| a != b).unwrap_or(self.db.len().min(after.db.len()));
        panic!(
            "{what} changed the database files: db {} bytes #{:016x} → {} bytes #{:016x} \
             (first difference at byte {first_diff}); wal {:?} → {:?}",
            self.db.len(),
            hash_bytes(&self.db),
            after.db.len(),
            hash_bytes(&after.db),
            self.wal.as_deref().map(|w| (w.len(), hash_bytes(w))),
            after.wal.as_deref().map(|w| (w.len(), hash_bytes(w))),
        );
    }
}

/// `type`, `name` and `sql` of every schema object, ordered by name: the schema as SQLite
/// stores it, written as a runnable SQL script (the type and name as a comment above each).
pub fn schema_dump(conn: &rusqlite::Connection) -> String {
    let mut stmt =
        conn.prepare("SELECT type, name, sql FROM sqlite_master ORDER BY name").expect("prepare schema query");
    let rows = stmt
        .query_map([], |r| {
            let sql = match r.get::<_, Option<String>>(2)? {
                Some(sql) => format!("{sql};"),
                None => "-- (created by SQLite, no SQL)".to_string(),
            };
            Ok(format!("-- {} {}\n{sql}\n", r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })
        .expect("schema query")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("schema rows");
    rows.concat()
}

/// A plain connection to a database file, without RackLedger's migrations. (Read-write on
/// purpose: a read-only connection to a WAL database cannot clean up its `-wal`/`-shm` files on
/// close, which would disturb later [`DbFiles`] pictures.)
pub fn raw_conn(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

/// `PRAGMA user_version` of a database file, read without migrating it.
pub fn user_version(path: &Path) -> i64 {
    raw_conn(path).query_row("PRAGMA user_version", [], |r| r.get(0)).expect("user_version")
}

/// The keys of the 资产登记 table in templates.md, in the form's order: every asset in JSON
/// carries all of them.
pub const TEMPLATE_KEYS: &[&str] = &[
    "asset_tag",
    "name",
    "category",
    "vendor",
    "model",
    "serial",
    "spec",
    "ownership",
    "owner",
    "system",
    "custodian",
    "room",
    "cabinet",
    "start_u",
    "u_height",
    "face",
    "depth",
    "rated_w",
    "typical_w",
    "psu_count",
    "mgmt_ip",
    "supplier",
    "contract_no",
    "purchased_on",
    "racked_on",
    "warranty_vendor",
    "warranty_until",
    "status",
    "registered_on",
    "registered_by",
    "note",
];
