//! The team ledger on PostgreSQL (issue 15), whatever engine the rest of the suite runs on:
//! writers serialised by the database, the login as the operator, connection faults told
//! plainly, and a whole ledger copied file → PostgreSQL → file unchanged.

use rackledger::db::sql::connect::percent;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::{bare_cmd, pg, run_cmd, Run, DEFAULT_USER};

/// `rackledger --json --db URL args…` as `user` (the login), with the tests' password.
fn as_login(url_db: &str, user: &str, args: &[&str]) -> Run {
    let url = pg::url_as(url_db, user);
    run_cmd(bare_cmd().env("PGPASSWORD", pg::PASSWORD).arg("--json").arg("--db").arg(url).args(args))
}

fn ok(db: &str, user: &str, args: &[&str]) -> Value {
    let r = as_login(db, user, args);
    assert_eq!(r.code, 0, "{args:?}\n{}\n{}", r.stdout, r.stderr);
    r.json()
}

fn code(r: &Run) -> String {
    r.json()["error"]["code"].as_str().unwrap_or_default().to_string()
}

#[test]
fn eight_processes_racking_into_the_same_units_one_wins_the_rest_hear_the_conflict() {
    let db = pg::fresh_db();
    ok(&db.name, DEFAULT_USER, &["cabinet", "add", "A01", "--room", "一号机房", "--u", "42"]);
    for i in 0..8 {
        let tag = format!("R{i}");
        let serial = format!("serial=SN-{tag}");
        ok(
            &db.name,
            DEFAULT_USER,
            &[
                "asset",
                "add",
                &tag,
                "name=x",
                "category=server",
                "vendor=华为",
                "model=M",
                "owner=政务云平台",
                &serial,
                "u_height=2",
                "rated_w=300",
            ],
        );
    }
    // Eight command lines at once, each putting its 2U device at U10 or U11: every pair overlaps.
    let url = pg::url_as(&db.name, DEFAULT_USER);
    let children: Vec<_> = (0..8)
        .map(|i| {
            let start = (10 + i % 2).to_string();
            let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("rackledger"));
            c.env("PGPASSWORD", pg::PASSWORD)
                // Racking by hand on a team ledger is the emergency path (no 附件5 here).
                .args(["--json", "--db", &url, "place", &format!("R{i}"), "A01", &start, "--emergency", "并发测试"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            c.spawn().expect("spawn")
        })
        .collect();
    let mut won = 0;
    for child in children {
        let out = child.wait_with_output().expect("wait");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
        match out.status.code() {
            Some(0) => won += 1,
            Some(1) => assert_eq!(doc["error"]["code"], "space_conflict", "{doc:#}"),
            other => panic!("exit {other:?}: {doc:#}"),
        }
    }
    assert_eq!(won, 1, "exactly one process racks into the contested units");
    let el = ok(&db.name, DEFAULT_USER, &["asset", "list", "--cabinet", "A01"]);
    assert_eq!(el["assets"].as_array().map(Vec::len), Some(1), "{el:#}");
}

#[test]
fn the_login_is_the_operator_and_another_name_is_refused() {
    let db = pg::fresh_db();
    ok(&db.name, "王工", &["cabinet", "add", "B01", "--room", "二号机房"]);
    ok(
        &db.name,
        "李工",
        &[
            "asset",
            "add",
            "L1",
            "name=x",
            "category=server",
            "vendor=华为",
            "model=M",
            "owner=政务云平台",
            "serial=SN-L1",
        ],
    );
    let audit = ok(&db.name, "王工", &["audit", "--limit", "10"]);
    let who: Vec<&str> =
        audit["audit"].as_array().expect("audit").iter().filter_map(|e| e["operator"].as_str()).collect();
    assert!(who.contains(&"王工") && who.contains(&"李工"), "{audit:#}");
    let r = as_login(&db.name, "王工", &["--operator", "张三", "asset", "set", "L1", "note=x"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert_eq!(code(&r), "operator_on_team");
    assert!(r.json()["error"]["message"].as_str().is_some_and(|m| m.contains("王工")));
}

#[test]
fn connection_faults_are_told_in_chinese_and_write_nothing() {
    let db = pg::fresh_db();
    ok(&db.name, "王工", &["cabinet", "add", "C01", "--room", "三号机房"]);
    // A wrong password.
    let url = pg::url_as(&db.name, "王工");
    let r = run_cmd(bare_cmd().env("PGPASSWORD", "wrong").args([
        "--json",
        "--db",
        &url,
        "cabinet",
        "add",
        "C02",
        "--room",
        "三号机房",
    ]));
    assert_eq!((r.code, code(&r).as_str()), (1, "db_connect"), "{}", r.stdout);
    assert!(r.json()["error"]["message"].as_str().is_some_and(|m| m.contains("密码")), "{}", r.stdout);
    // An unreachable host (a port nothing listens on).
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("addr").port();
    let r = run_cmd(bare_cmd().args(["--json", "--db", &format!("postgres://x@127.0.0.1:{port}/nothing"), "power"]));
    assert_eq!((r.code, code(&r).as_str()), (1, "db_connect"), "{}", r.stdout);
    assert!(r.json()["error"]["message"].as_str().is_some_and(|m| m.contains("连接不上")), "{}", r.stdout);
    // A database that holds something else.
    let other = pg::empty_db();
    other.client().batch_execute("CREATE TABLE invoices (id int)").expect("a foreign table");
    let r = as_login(&other.name, DEFAULT_USER, &["power"]);
    assert_eq!((r.code, code(&r).as_str()), (1, "not_a_ledger"), "{}", r.stdout);
    // A ledger from a newer build.
    db.client().batch_execute("UPDATE schema_version SET version = version + 1").expect("bump");
    let r = as_login(&db.name, "王工", &["power"]);
    assert_eq!((r.code, code(&r).as_str()), (1, "schema_too_new"), "{}", r.stdout);
    db.client().batch_execute("UPDATE schema_version SET version = version - 1").expect("back");
    let cabinets = ok(&db.name, "王工", &["power"]);
    assert_eq!(cabinets["cabinets"].as_array().map(Vec::len), Some(1), "only C01: {cabinets:#}");
}

/// Every listing a user can ask for, as JSON.
fn listings(db: &str, as_user: impl Fn(&[&str]) -> Value) -> Vec<(String, Value)> {
    let _ = db;
    let mut out = Vec::new();
    for args in [
        vec!["asset", "list", "--limit", "100000"],
        vec!["power"],
        vec!["audit", "--limit", "100000"],
        vec!["request", "list"],
        vec!["repair", "list"],
        vec!["fault", "list"],
        vec!["cable", "list"],
        vec!["port", "table"],
    ] {
        out.push((args.join(" "), as_user(&args)));
    }
    // Each device in full: position, ports, cables, repairs, history.
    let tags: Vec<String> = out[0].1["assets"]
        .as_array()
        .expect("assets")
        .iter()
        .filter_map(|a| a["asset_tag"].as_str().map(str::to_string))
        .collect();
    for tag in tags.iter().step_by(7) {
        out.push((format!("asset show {tag}"), as_user(&["asset", "show", tag])));
        out.push((format!("port list {tag}"), as_user(&["port", "list", tag])));
    }
    out
}

#[test]
fn copy_file_to_postgres_and_back_gives_the_same_ledger() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("原账.db");
    let back = dir.path().join("回来.db");
    let run_file = |db: &PathBuf, args: &[&str]| -> Value {
        let r = run_cmd(bare_cmd().arg("--json").arg("--db").arg(db).args(args));
        assert_eq!(r.code, 0, "{args:?}\n{}\n{}", r.stdout, r.stderr);
        r.json()
    };
    run_file(&file, &["demo", "--cabinets", "12", "--devices", "150", "--seed", "7"]);
    let target = pg::empty_db();
    let url = pg::url_as(&target.name, DEFAULT_USER);
    let r = run_cmd(bare_cmd().env("PGPASSWORD", pg::PASSWORD).arg("--json").arg("copy").arg(&file).arg(&url));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // A second copy into the same, no longer empty, ledger is refused.
    let again = run_cmd(bare_cmd().env("PGPASSWORD", pg::PASSWORD).arg("--json").arg("copy").arg(&file).arg(&url));
    assert_eq!((again.code, code(&again).as_str()), (1, "copy_target_not_empty"), "{}", again.stdout);
    let r = run_cmd(bare_cmd().env("PGPASSWORD", pg::PASSWORD).arg("--json").arg("copy").arg(&url).arg(&back));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let original = listings("file", |a| run_file(&file, a));
    let on_pg = listings("pg", |a| ok(&target.name, DEFAULT_USER, a));
    let returned = listings("back", |a| run_file(&back, a));
    assert!(original.len() > 10, "the demo has devices to show");
    for ((what, a), ((_, b), (_, c))) in original.iter().zip(on_pg.iter().zip(returned.iter())) {
        assert_eq!(a, b, "{what}: the PostgreSQL copy differs");
        assert_eq!(a, c, "{what}: the copy back differs");
    }
    // The team ledger keeps numbering where the file left off.
    let added = ok(
        &target.name,
        DEFAULT_USER,
        &[
            "asset",
            "add",
            "NEW-1",
            "name=x",
            "category=server",
            "vendor=华为",
            "model=M",
            "owner=政务云平台",
            "serial=SN-NEW-1",
        ],
    );
    assert_eq!(added["asset"]["asset_tag"], "NEW-1");
}

#[test]
fn a_team_ledger_backs_up_into_a_file_the_app_opens_offline() {
    let db = pg::fresh_db();
    ok(&db.name, DEFAULT_USER, &["demo", "--cabinets", "4", "--devices", "30", "--seed", "3"]);
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("机房快照.db");
    let r = as_login(&db.name, DEFAULT_USER, &["backup", "--out", &out.display().to_string()]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let file =
        run_cmd(bare_cmd().arg("--json").arg("--db").arg(&out).args(["asset", "list", "--limit", "1000"])).json();
    let team = ok(&db.name, DEFAULT_USER, &["asset", "list", "--limit", "1000"]);
    assert_eq!(file, team);
    // Never over an existing file.
    let r = as_login(&db.name, DEFAULT_USER, &["backup", "--out", &out.display().to_string()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
}

#[test]
fn team_init_and_add_give_logins_their_roles_and_whoami_tells_them() {
    let db = pg::fresh_db();
    let init = ok(&db.name, DEFAULT_USER, &["team", "init"]);
    assert!(init["created"].as_array().is_some(), "{init:#}");
    // Again: nothing new, grants renewed.
    ok(&db.name, DEFAULT_USER, &["team", "init"]);
    let url = pg::url_as(&db.name, DEFAULT_USER);
    let add = |login: &str, roles: &[&str], pw: &str| {
        let mut args = vec!["--json", "--db", &url, "team", "add", login];
        for r in roles {
            args.push("--role");
            args.push(r);
        }
        args.push("--password-stdin");
        let out = bare_cmd()
            .env("PGPASSWORD", pg::PASSWORD)
            .args(&args)
            .write_stdin(format!("{pw}\n"))
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
        serde_json::from_slice::<Value>(&out.stdout).expect("json")
    };
    let m = add("张硬件", &["hardware"], "pw-hw");
    assert_eq!(m["member"]["roles"], serde_json::json!(["hardware"]));
    add("李总监", &["director", "viewer"], "pw-dir");
    let list = ok(&db.name, DEFAULT_USER, &["team", "list"]);
    // Roles and logins are the cluster's: other tests' logins may be listed too.
    let logins: Vec<&str> =
        list["members"].as_array().expect("members").iter().filter_map(|m| m["login"].as_str()).collect();
    assert!(logins.contains(&"张硬件") && logins.contains(&"李总监"), "{list:#}");
    let mut sorted = logins.clone();
    sorted.sort_unstable();
    assert_eq!(logins, sorted, "by name: {list:#}");
    // The new login, with its own password, is its own operator with its own roles.
    let hw_url = url.replacen(&format!("{}@", percent(DEFAULT_USER)), &format!("{}@", percent("张硬件")), 1);
    let r = run_cmd(bare_cmd().env("PGPASSWORD", "pw-hw").args(["--json", "--db", &hw_url, "whoami"]));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let me = r.json();
    assert_eq!(me["operator"], "张硬件");
    assert_eq!(me["engine"], "postgres");
    assert_eq!(me["roles"], serde_json::json!(["hardware"]));
    assert_eq!(me["ledger_id"], ok(&db.name, DEFAULT_USER, &["whoami"])["ledger_id"], "one ledger, one id");
    // On a file `team` is refused, naming why.
    let dir = tempfile::tempdir().expect("dir");
    let r = run_cmd(bare_cmd().arg("--json").arg("--db").arg(dir.path().join("a.db")).args(["team", "list"]));
    assert_eq!((r.code, code(&r).as_str()), (1, "team_only"), "{}", r.stdout);
}

#[test]
fn a_copy_keeps_the_ledger_id() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("一号.db");
    let who = |db: &std::path::Path| run_cmd(bare_cmd().arg("--json").arg("--db").arg(db).arg("whoami")).json();
    let id = who(&file)["ledger_id"].as_str().expect("an id").to_string();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let target = pg::empty_db();
    let url = pg::url_as(&target.name, DEFAULT_USER);
    let r = run_cmd(bare_cmd().env("PGPASSWORD", pg::PASSWORD).arg("--json").arg("copy").arg(&file).arg(&url));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(ok(&target.name, DEFAULT_USER, &["whoami"])["ledger_id"], id.as_str());
    let other = dir.path().join("二号.db");
    assert_ne!(who(&other)["ledger_id"], id.as_str(), "another ledger, another id");
}

/// Rows per table of a team ledger (the crash harness's "all or nothing" measure).
fn counts(db: &pg::PgDb) -> Vec<(String, i64)> {
    let mut c = db.client();
    let tables: Vec<String> = c
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'ledger_meta'
             ORDER BY 1",
            &[],
        )
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = c.query_one(&format!("SELECT count(*) FROM \"{t}\""), &[]).expect("count").get(0);
            (t, n)
        })
        .collect()
}

#[test]
fn a_connection_killed_mid_import_leaves_nothing_half_written() {
    // A site workbook of 1,500 devices, exported from a file ledger.
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("源.db");
    let book = dir.path().join("整站.xlsx");
    let r = run_cmd(bare_cmd().arg("--json").arg("--db").arg(&file).args([
        "demo",
        "--cabinets",
        "60",
        "--devices",
        "1500",
        "--seed",
        "9",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_cmd(bare_cmd().arg("--json").arg("--db").arg(&file).args(["export", "site", "--out"]).arg(&book));
    assert_eq!(r.code, 0, "{}", r.stdout);
    let book = book.display().to_string();
    // The whole import, uninterrupted: what "after" looks like.
    let reference = pg::fresh_db();
    ok(&reference.name, "导入员", &["import", &book]);
    let after = counts(&reference);
    let mut killed = 0;
    for delay_ms in [150u64, 400, 800, 1_500] {
        let db = pg::fresh_db();
        ok(&db.name, "导入员", &["whoami"]);
        let before = counts(&db);
        let url = pg::url_as(&db.name, "导入员");
        let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rackledger"))
            .env("PGPASSWORD", pg::PASSWORD)
            .args(["--json", "--db", &url, "import", &book])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn the import");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let n: i64 = pg::admin()
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND usename = '导入员'",
                &[&db.name],
            )
            .expect("terminate")
            .get(0);
        let out = child.wait_with_output().expect("wait");
        let now = counts(&db);
        if n > 0 && !out.status.success() {
            killed += 1;
            let doc: Value = serde_json::from_slice(&out.stdout).expect("one JSON document even when killed");
            assert!(
                ["disconnected", "storage"].contains(&doc["error"]["code"].as_str().unwrap_or_default()),
                "{doc:#}"
            );
            assert!(
                doc["error"]["message"].as_str().is_some_and(|m| m.contains("连接已断开") || m.contains("数据库")),
                "a Chinese message: {doc:#}"
            );
        }
        assert!(
            now == before || now == after,
            "after a kill at {delay_ms} ms the ledger is neither before nor after:\n{now:?}"
        );
    }
    assert!(killed > 0, "at least one kill landed during the import");
}

#[test]
fn the_database_itself_refuses_a_step_to_a_login_without_its_role() {
    let db = pg::fresh_db();
    let boss = DEFAULT_USER; // a superuser login of the test cluster
    ok(&db.name, boss, &["room", "add", "一号机房"]);
    ok(&db.name, boss, &["cabinet", "add", "A01", "--room", "一号机房", "--rated-kw", "8"]);
    ok(
        &db.name,
        boss,
        &[
            "asset",
            "add",
            "N1",
            "name=x",
            "category=server",
            "vendor=华为",
            "model=M",
            "owner=政务云平台",
            "serial=SN-N1",
            "rated_w=300",
        ],
    );
    ok(&db.name, boss, &["settings", "set", "approvers", "李总监"]);
    ok(&db.name, boss, &["team", "init"]);
    let url = pg::url_as(&db.name, boss);
    for (login, role, pw) in [("张硬件", "hardware", "pw-hw"), ("李总监", "director", "pw-dir")] {
        let out = bare_cmd()
            .env("PGPASSWORD", pg::PASSWORD)
            .args(["--json", "--db", &url, "team", "add", login, "--role", role, "--password-stdin"])
            .write_stdin(format!("{pw}\n"))
            .output()
            .expect("team add");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
    let as_user = |login: &str, pw: &str, args: &[&str]| -> Run {
        let u = url.replacen(&format!("{}@", percent(boss)), &format!("{}@", percent(login)), 1);
        run_cmd(bare_cmd().env("PGPASSWORD", pw).arg("--json").arg("--db").arg(u).args(args))
    };
    let filed = as_user(
        "张硬件",
        "pw-hw",
        &["request", "add", "--org", "市大数据局", "--applicant", "张三", "--row", "N1:A01:10"],
    );
    assert_eq!(filed.code, 0, "{}", filed.stdout);
    let no = filed.json()["request_no"].as_str().expect("a number").to_string();
    assert_eq!(as_user("张硬件", "pw-hw", &["request", "submit", &no]).code, 0);
    // The core refuses first, naming the role.
    let r = as_user("张硬件", "pw-hw", &["request", "approve", &no]);
    assert_eq!((r.code, code(&r).as_str()), (1, "role_required"), "{}", r.stdout);
    assert!(r.json()["error"]["message"].as_str().is_some_and(|m| m.contains("运维总监")), "{}", r.stdout);
    // Behind the program's back, with the database's own client library: the database refuses.
    let hw_url = url.replacen(&format!("{}@", percent(boss)), &format!("{}@", percent("张硬件")), 1);
    let mut cfg: postgres::Config = hw_url.parse().expect("a URL");
    cfg.password("pw-hw");
    let mut raw = cfg.connect(postgres::NoTls).expect("connect as 张硬件");
    let e = raw
        .execute("UPDATE racking_requests SET state = 'approved' WHERE request_no = $1", &[&no])
        .expect_err("the database refuses a hardware login's approval");
    assert_eq!(e.code(), Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE), "{e}");
    let e = raw
        .execute("INSERT INTO racking_requests (request_no, applied_on, org, applicant, kind, state, created_at, created_by, updated_at, updated_by) VALUES ('SQ-X', '2026-12-07', 'x', 'x', 'new', 'approved', 'x', 'x', 'x', 'x')", &[])
        .expect_err("nor may it file a request already approved");
    assert!(e.code().is_some(), "{e}");
    let e = raw.batch_execute("GRANT rackledger_director TO \"张硬件\"").expect_err("nor give itself a role");
    assert!(e.code().is_some(), "{e}");
    // The director may.
    let r = as_user("李总监", "pw-dir", &["request", "approve", &no]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.json()["state"], "approved");
}

/// Every record's (id, uid), table by table, of a ledger file.
fn uids_of_file(path: &std::path::Path) -> Vec<(String, Vec<(i64, String)>)> {
    let conn = crate::common::raw_conn(path);
    rackledger::db::uids::TABLES
        .iter()
        .map(|t| {
            let rows = conn
                .prepare(&format!("SELECT id, uid FROM {t} ORDER BY 1"))
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
                .unwrap_or_else(|e| panic!("{t}: {e}"));
            (t.to_string(), rows)
        })
        .collect()
}

/// Every record's (id, uid), table by table, of a team ledger, the uid as PostgreSQL writes it.
fn uids_of_pg(db: &pg::PgDb) -> Vec<(String, Vec<(i64, String)>)> {
    let mut c = db.client();
    rackledger::db::uids::TABLES
        .iter()
        .map(|t| {
            let rows = c
                .query(&format!("SELECT id, uid::text FROM {t} ORDER BY 1"), &[])
                .unwrap_or_else(|e| panic!("{t}: {e}"))
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect();
            (t.to_string(), rows)
        })
        .collect()
}

#[test]
fn every_uid_survives_copy_to_postgres_back_and_a_backup_of_the_team_ledger() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("原账.db");
    let run_file = |db: &PathBuf, args: &[&str]| {
        let r = run_cmd(bare_cmd().arg("--json").arg("--db").arg(db).args(args));
        assert_eq!(r.code, 0, "{args:?}\n{}\n{}", r.stdout, r.stderr);
    };
    run_file(&file, &["demo", "--cabinets", "12", "--devices", "150", "--seed", "7"]);
    let original = uids_of_file(&file);
    let filled: Vec<&str> = original.iter().filter(|(_, rows)| !rows.is_empty()).map(|(t, _)| t.as_str()).collect();
    assert!(filled.len() >= 12, "the demo fills enough tables to tell: {filled:?}");
    for (t, rows) in &original {
        let distinct: std::collections::BTreeSet<&String> = rows.iter().map(|(_, u)| u).collect();
        assert_eq!(distinct.len(), rows.len(), "{t}: every uid differs");
        for (_, u) in rows {
            let parsed = uuid::Uuid::parse_str(u).unwrap_or_else(|e| panic!("{t}: {u}: {e}"));
            assert_eq!((parsed.get_version_num(), parsed.to_string()), (4, u.clone()), "{t}");
        }
    }

    let target = pg::empty_db();
    let url = pg::url_as(&target.name, DEFAULT_USER);
    let copy = |from: &dyn AsRef<std::ffi::OsStr>, to: &dyn AsRef<std::ffi::OsStr>| {
        let r = run_cmd(bare_cmd().env("PGPASSWORD", pg::PASSWORD).arg("--json").arg("copy").arg(from).arg(to));
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    };
    copy(&file, &url);
    assert_eq!(uids_of_pg(&target), original, "file → PostgreSQL");
    let back = dir.path().join("回来.db");
    copy(&url, &back);
    assert_eq!(uids_of_file(&back), original, "PostgreSQL → file");
    let snapshot = dir.path().join("机房快照.db");
    ok(&target.name, DEFAULT_USER, &["backup", "--out", &snapshot.display().to_string()]);
    assert_eq!(uids_of_file(&snapshot), original, "backup --out of the team ledger");

    // A record written on the team ledger gets a new uid of its own, read back as the same text
    // through the command line on both engines.
    ok(
        &target.name,
        DEFAULT_USER,
        &[
            "asset",
            "add",
            "NEW-1",
            "name=x",
            "category=server",
            "vendor=华为",
            "model=M",
            "owner=政务云平台",
            "serial=SN-NEW-1",
        ],
    );
    let shown = ok(&target.name, DEFAULT_USER, &["asset", "show", "NEW-1"]);
    let uid = shown["uid"].as_str().expect("asset show carries uid").to_string();
    assert!(original.iter().all(|(_, rows)| rows.iter().all(|(_, u)| *u != uid)));
    let (id, first_uid) =
        original.iter().find(|(t, _)| t == "assets").and_then(|(_, rows)| rows.first().cloned()).expect("an asset");
    let first_tag: String = crate::common::raw_conn(&file)
        .query_row("SELECT asset_tag FROM assets WHERE id = ?1", [id], |r| r.get(0))
        .expect("tag");
    let on_pg = ok(&target.name, DEFAULT_USER, &["asset", "show", &first_tag]);
    let on_file = run_cmd(bare_cmd().arg("--json").arg("--db").arg(&back).args(["asset", "show", &first_tag])).json();
    assert_eq!((on_pg["uid"].as_str(), on_file["uid"].as_str()), (Some(first_uid.as_str()), Some(first_uid.as_str())));
}

/// What a login may do to a request now (`request show`'s `mine`, the app's buttons): the steps
/// its state allows, narrowed to the login's roles, 审批 to a listed approver, and 验收 to
/// someone other than the executor.
#[test]
fn each_login_is_offered_only_the_steps_of_its_roles() {
    let db = pg::fresh_db();
    // Logins are the cluster's: names no other test uses (the Site helper's 王总, 张工 … are
    // superusers with the tests' password), so neither changes the other's roles or password.
    let boss = DEFAULT_USER; // a superuser login of the test cluster
    ok(&db.name, boss, &["room", "add", "一号机房"]);
    ok(&db.name, boss, &["cabinet", "add", "A01", "--room", "一号机房", "--rated-kw", "8"]);
    ok(
        &db.name,
        boss,
        &[
            "asset",
            "add",
            "N1",
            "name=x",
            "category=server",
            "vendor=华为",
            "model=M",
            "owner=政务云平台",
            "serial=SN-N1",
        ],
    );
    ok(&db.name, boss, &["settings", "set", "approvers", "王审批"]);
    ok(&db.name, boss, &["team", "init"]);
    let url = pg::url_as(&db.name, boss);
    let logins = [
        ("王审批", "director", "pw-w"),
        ("李机房", "idc", "pw-l"),
        ("张实施", "hardware", "pw-z"),
        ("钱总监", "director", "pw-q"),
    ];
    for (login, role, pw) in logins {
        let out = bare_cmd()
            .env("PGPASSWORD", pg::PASSWORD)
            .args(["--json", "--db", &url, "team", "add", login, "--role", role, "--password-stdin"])
            .write_stdin(format!("{pw}\n"))
            .output()
            .expect("team add");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
    let as_user = |login: &str, args: &[&str]| -> Value {
        let pw = logins.iter().find(|l| l.0 == login).map_or("", |l| l.2);
        let u = url.replacen(&format!("{}@", percent(boss)), &format!("{}@", percent(login)), 1);
        let r = run_cmd(bare_cmd().env("PGPASSWORD", pw).arg("--json").arg("--db").arg(u).args(args));
        assert_eq!(r.code, 0, "{login} {args:?}\n{}\n{}", r.stdout, r.stderr);
        r.json()
    };
    let mine = |login: &str, no: &str| -> Vec<String> {
        let d = as_user(login, &["request", "show", no]);
        d["mine"]
            .as_array()
            .unwrap_or_else(|| panic!("{d:#}"))
            .iter()
            .map(|a| a.as_str().unwrap_or("").to_string())
            .collect()
    };
    let filed =
        as_user("张实施", &["request", "add", "--org", "市大数据局", "--applicant", "张实施", "--row", "N1:A01:10"]);
    let no = filed["request_no"].as_str().expect("a number").to_string();
    assert_eq!(mine("张实施", &no), ["submit", "cancel"]);
    assert_eq!(mine("王审批", &no), ["cancel"], "submitting is the hardware engineer's");
    as_user("张实施", &["request", "submit", &no]);
    assert_eq!(mine("张实施", &no), ["cancel"], "approving is the director's");
    assert_eq!(mine("王审批", &no), ["approve", "reject", "cancel"]);
    assert_eq!(mine("钱总监", &no), ["cancel"], "a director not among the approvers");
    assert!(mine("李机房", &no).is_empty());
    as_user("王审批", &["request", "approve", &no]);
    assert_eq!(mine("李机房", &no), ["review", "reject"], "机房审核 and its rejection are the IDC engineer's");
    assert_eq!(mine("王审批", &no), ["cancel"]);
    as_user("李机房", &["request", "review", &no]);
    as_user("张实施", &["operation", "add", "--request", &no, "--steps", "上架", "--risk", "低", "--rollback", "下架"]);
    assert_eq!(mine("王审批", &no), ["confirm", "reject", "cancel"]);
    assert_eq!(mine("张实施", &no), ["cancel"]);
    as_user("王审批", &["operation", "confirm", &no]);
    assert_eq!(mine("张实施", &no), ["execute", "cancel"]);
    assert!(mine("李机房", &no).is_empty());
    as_user("张实施", &["request", "execute", &no]);
    assert!(mine("张实施", &no).is_empty(), "the executor does not accept his own work");
    assert_eq!(mine("王审批", &no), ["accept"]);
    as_user("王审批", &["request", "accept", &no]);
    for (login, ..) in logins {
        assert!(mine(login, &no).is_empty(), "{login}: nothing after 已验收");
    }
}
