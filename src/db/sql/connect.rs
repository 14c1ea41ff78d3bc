//! Connecting to a team ledger on PostgreSQL: the `postgres://` address, the password from
//! libpq's places (`PGPASSWORD`, `~/.pgpass`) — never from a file of ours — TLS for `sslmode`,
//! and a connection failure told in words an engineer can act on.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};
use postgres::Config;

use crate::error::{Error, Result};

/// A team ledger's address as the app's 连接团队数据库… form asks for it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamAddress {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// `disable`, `prefer` or `require`.
    pub sslmode: String,
}

/// `s` percent-encoded for the user or database part of a `postgres://` address (every byte
/// but the unreserved ones), so a Chinese login name goes into an address intact.
pub fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl TeamAddress {
    /// The `postgres://` address, with `password` only when given (a session's, never kept).
    pub fn url(&self, password: Option<&str>) -> Result<String> {
        let field = |name: &str, v: &str| -> Result<String> {
            let v = v.trim();
            if v.is_empty() {
                return Err(Error::MissingField { field: name.to_string() });
            }
            Ok(v.to_string())
        };
        let host = field("主机", &self.host)?;
        let database = field("数据库", &self.database)?;
        let user = field("登录名", &self.user)?;
        let sslmode = self.sslmode.trim();
        if !["disable", "prefer", "require"].contains(&sslmode) {
            return Err(Error::InvalidValue {
                field: "sslmode".into(),
                value: sslmode.to_string(),
                reason: "应为 disable、prefer 或 require".into(),
            });
        }
        let secret = password.filter(|p| !p.is_empty()).map(|p| format!(":{}", percent(p))).unwrap_or_default();
        Ok(format!(
            "postgres://{}{secret}@{}:{}/{}?sslmode={sslmode}",
            percent(&user),
            host,
            self.port,
            percent(&database)
        ))
    }
}

/// The same address without its password, for remembering.
pub fn without_password(url: &str) -> String {
    match url.split_once("://").and_then(|(scheme, rest)| rest.split_once('@').map(|(who, at)| (scheme, who, at))) {
        Some((scheme, who, at)) => format!("{scheme}://{}@{at}", who.split(':').next().unwrap_or(who)),
        None => url.to_string(),
    }
}

/// Does `--db` name a PostgreSQL database rather than a file?
pub fn is_url(target: &Path) -> bool {
    target.to_str().is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// The address without any password, for messages and the window title.
pub fn redact(url: &str) -> String {
    match Config::from_str(url) {
        Ok(c) => describe(&c),
        Err(_) => url.split('@').next_back().map(|rest| format!("postgres://…@{rest}")).unwrap_or_default(),
    }
}

fn host_of(c: &Config) -> String {
    match c.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    }
}

fn port_of(c: &Config) -> u16 {
    c.get_ports().first().copied().unwrap_or(5432)
}

fn describe(c: &Config) -> String {
    format!("postgres://{}@{}:{}/{}", c.get_user().unwrap_or(""), host_of(c), port_of(c), c.get_dbname().unwrap_or(""))
}

/// The password for `c` from `~/.pgpass` (or `PGPASSFILE`), as libpq reads it:
/// `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped.
fn pgpass(c: &Config) -> Option<String> {
    let file =
        std::env::var_os("PGPASSFILE").map(PathBuf::from).or_else(|| dirs::home_dir().map(|h| h.join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let want = [
        host_of(c),
        port_of(c).to_string(),
        c.get_dbname().unwrap_or("").to_string(),
        c.get_user().unwrap_or("").to_string(),
    ];
    text.lines().filter(|l| !l.trim_start().starts_with('#')).find_map(|line| {
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            return None;
        }
        let matches = want.iter().zip(&fields).all(|(w, f)| {
            f == "*" || f == w
            // libpq treats "localhost" as matching a connection over the local socket.
            || (f == "localhost" && w == "127.0.0.1")
        });
        matches.then(|| fields[4].clone())
    })
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), fields.last_mut()) {
                    last.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => {
                if let Some(last) = fields.last_mut() {
                    last.push(ch);
                }
            }
        }
    }
    fields
}

/// Opens a session to the database named by `url`.
pub fn connect(url: &str) -> Result<postgres::Client> {
    let target = redact(url);
    let fail = |problem: String| Error::DbConnect { target: target.clone(), problem };
    let mut config = Config::from_str(url).map_err(|e| fail(format!("地址格式不对（{e}）")))?;
    if config.get_user().is_none() {
        config.user(&crate::ledger::os_user());
    }
    if config.get_dbname().is_none() {
        return Err(fail("地址里没有数据库名（postgres://用户@主机:端口/数据库）".into()));
    }
    if config.get_password().is_none() {
        if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()).or_else(|| pgpass(&config)) {
            config.password(p);
        }
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(5));
    }
    config.application_name("rackledger");
    // No JIT compilation: the ledger's queries are short, and a planner estimate over the cost
    // threshold (a correlated subquery per cabinet, say) compiled one for 0.9 s to save
    // milliseconds (the placement check at 100,000 assets: 786 ms against a bare 51 ms).
    // Sent with the connection, so it costs no round trip.
    let options = match config.get_options() {
        Some(o) if !o.trim().is_empty() => format!("{o} -c jit=off"),
        _ => "-c jit=off".to_string(),
    };
    config.options(&options);
    let client = if config.get_ssl_mode() == SslMode::Disable {
        super::off_runtime(|| config.connect(postgres::NoTls))
    } else {
        // libpq's `require` encrypts without checking the certificate; so do we.
        let tls = native_tls::TlsConnector::builder()
            .danger_accept_invalid_certs(true)
            .danger_accept_invalid_hostnames(true)
            .build()
            .map_err(|e| fail(format!("无法准备加密连接（{e}）")))?;
        super::off_runtime(|| config.connect(postgres_native_tls::MakeTlsConnector::new(tls)))
    };
    client.map_err(|e| fail(problem(&e, &config)))
}

/// What went wrong, in the engineer's terms.
fn problem(e: &postgres::Error, c: &Config) -> String {
    use postgres::error::SqlState;
    let user = c.get_user().unwrap_or("");
    if let Some(db) = e.as_db_error() {
        return match db.code() {
            c2 if *c2 == SqlState::INVALID_PASSWORD || *c2 == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
                format!("登录名“{user}”的密码不对，或没有这个登录名（密码从 PGPASSWORD 或 ~/.pgpass 读取）")
            }
            c2 if *c2 == SqlState::INVALID_CATALOG_NAME => {
                format!("服务器上没有数据库“{}”", c.get_dbname().unwrap_or(""))
            }
            c2 if *c2 == SqlState::INSUFFICIENT_PRIVILEGE => format!("登录名“{user}”没有连接这个数据库的权限"),
            _ => db.message().to_string(),
        };
    }
    let text = e.to_string();
    if text.contains("password missing") {
        return format!("服务器要求登录名“{user}”的密码：请设置 PGPASSWORD，或写入 ~/.pgpass");
    }
    format!("连接不上服务器 {}:{}（{}）。请检查地址、端口和网络", host_of(c), port_of(c), source_text(e))
}

fn source_text(e: &postgres::Error) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(inner) = cur {
        s = inner.to_string();
        cur = inner.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_fields_and_escapes() {
        assert_eq!(split_pgpass(r"db\:1:5432:*:me:pa\:ss:word"), vec!["db:1", "5432", "*", "me", "pa:ss:word"]);
    }

    #[test]
    fn a_team_address_writes_its_url_and_forgets_its_password() {
        let a = TeamAddress {
            host: "db.example".into(),
            port: 6000,
            database: "机房".into(),
            user: "王工".into(),
            sslmode: "require".into(),
        };
        let url = a.url(Some("p@ss")).unwrap();
        assert!(url.starts_with("postgres://%E7%8E%8B%E5%B7%A5:p%40ss@db.example:6000/"), "{url}");
        assert!(url.ends_with("?sslmode=require"));
        assert!(!without_password(&url).contains("p%40ss"));
        assert!(without_password(&url).starts_with("postgres://%E7%8E%8B%E5%B7%A5@db.example:6000/"));
        let parsed = Config::from_str(&url).unwrap();
        assert_eq!(parsed.get_user(), Some("王工"));
        assert_eq!(parsed.get_dbname(), Some("机房"));
        assert_eq!(parsed.get_password(), Some(&b"p@ss"[..]));
        assert_eq!(
            TeamAddress { sslmode: "verify".into(), ..a.clone() }.url(None).unwrap_err().code(),
            "invalid_value"
        );
        assert_eq!(TeamAddress { host: " ".into(), ..a }.url(None).unwrap_err().code(), "missing_field");
    }

    #[test]
    fn urls_and_redaction() {
        assert!(is_url(Path::new("postgres://a@h/db")));
        assert!(is_url(Path::new("postgresql://a@h/db")));
        assert!(!is_url(Path::new("/home/x/ledger.db")));
        assert_eq!(redact("postgres://me:secret@db.example:6000/ledger"), "postgres://me@db.example:6000/ledger");
        assert!(!redact("postgres://me:secret@db.example:6000/ledger?sslmode=require").contains("secret"));
    }
}
