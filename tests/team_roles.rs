//! The roles on a team ledger (issue 16), PostgreSQL whatever engine the rest of the suite runs
//! on: every step of the chain, racking by hand and the emergency path refused to a login
//! without the role — on the command line (the core's refusal, exit 1, naming the role) and
//! through a raw SQL connection with the database's own client library (the database's refusal,
//! SQLSTATE 42501) — with the ledger left exactly as it was; each role's own commands going
//! through under a login that holds only that role; and the viewer reading and exporting
//! everything and writing nothing.
//!
//! Roles and logins are the cluster's, shared by every database of it: each test names its
//! logins after its own database, so tests running side by side never share one.

use rackledger::db::sql::connect::percent;
use std::collections::BTreeMap;

use postgres::error::SqlState;
use serde_json::Value;

use crate::common::{bare_cmd, pg, run_cmd, Run, DEFAULT_USER};

/// A team ledger with one login per role: `hw` and `hw2` (硬件设备工程师), `dir` (运维总监),
/// `idc` (IDC工程师), `svc` (客户服务工程师), `view` (只读), `adm` (管理员). Set up by the
/// database's superuser (`boss`), who runs `team init` and `team add`.
struct Team {
    db: pg::PgDb,
    boss_url: String,
    logins: BTreeMap<&'static str, String>,
}

const LOGINS: &[(&str, &str)] = &[
    ("hw", "hardware"),
    ("hw2", "hardware"),
    ("dir", "director"),
    ("idc", "idc"),
    ("svc", "service"),
    ("view", "viewer"),
    ("adm", "admin"),
];

impl Team {
    fn new() -> Team {
        let db = pg::fresh_db();
        let boss_url = pg::url_as(&db.name, DEFAULT_USER);
        let logins = LOGINS.iter().map(|(key, _)| (*key, format!("{key}_{}", db.name))).collect();
        Team { db, boss_url, logins }
    }

    fn login(&self, who: &str) -> &str {
        self.logins.get(who).unwrap_or_else(|| panic!("no login {who}"))
    }

    fn url(&self, who: &str) -> String {
        if who == "boss" {
            return self.boss_url.clone();
        }
        self.boss_url.replacen(&format!("{}@", percent(DEFAULT_USER)), &format!("{}@", percent(self.login(who))), 1)
    }

    /// `rackledger --json --db URL args…` as the login `who` (or `boss`).
    fn cli(&self, who: &str, args: &[&str]) -> Run {
        run_cmd(bare_cmd().env("PGPASSWORD", pg::PASSWORD).arg("--json").arg("--db").arg(self.url(who)).args(args))
    }

    fn ok(&self, who: &str, args: &[&str]) -> Value {
        let r = self.cli(who, args);
        assert_eq!(r.code, 0, "{who} {args:?}\n{}\n{}", r.stdout, r.stderr);
        r.json()
    }

    /// A connection of the database's own client library, as `who`.
    fn raw(&self, who: &str) -> postgres::Client {
        let mut cfg: postgres::Config = self.url(who).parse().expect("a URL");
        cfg.password(pg::PASSWORD);
        cfg.connect(postgres::NoTls).unwrap_or_else(|e| panic!("connect as {who}: {e}"))
    }

    /// Every row of every table: the "nothing changed" picture.
    fn picture(&self) -> String {
        pg::dump(&self.db.name)
    }

    fn state(&self, no: &str) -> String {
        self.ok("boss", &["request", "show", no])["state"].as_str().unwrap_or_default().to_string()
    }

    /// Refused on the command line: exit 1, `role_required`, the message naming `role`, and
    /// the ledger as it was.
    fn refused(&self, case: &str, who: &str, args: &[&str], role: &str) {
        let before = self.picture();
        let r = self.cli(who, args);
        assert_eq!(r.code, 1, "{case}: exit 1\n{}\n{}", r.stdout, r.stderr);
        let doc = r.json();
        let message = doc["error"]["message"].as_str().unwrap_or_default();
        let code = doc["error"]["code"].as_str().unwrap_or_default();
        // A step of the chain, a write of an area, another's request: each its own code.
        assert!(
            ["role_required", "write_role_required", "not_filer"].contains(&code),
            "{case}: the core refuses first: {doc:#}"
        );
        assert!(message.contains(&format!("需要 {role}")), "{case}: the message names {role}: {message}");
        assert!(message.contains(self.login(who)), "{case}: and the login: {message}");
        assert_eq!(self.picture(), before, "{case}: nothing changed");
    }

    /// Refused by the database itself: SQLSTATE 42501 insufficient_privilege, nothing changed.
    fn denied(&self, case: &str, who: &str, sql: &str) {
        let before = self.picture();
        let mut c = self.raw(who);
        let e = c.batch_execute(sql).expect_err(case);
        assert_eq!(e.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE), "{case}: {e}");
        assert_eq!(self.picture(), before, "{case}: nothing changed");
    }
}

/// Room 一号机房; row-heads RH-A (30 kW) feeding A01 (20 kW) and B01 (1 kW, dual fed with
/// RH-B); in-stock N1…N12 (1U, 800 W); switch SW1 at A01 U40 with port GE1/0/1; `team init`
/// and one login per role; the director the approver.
fn team() -> Team {
    let t = Team::new();
    for args in [
        vec!["room", "add", "一号机房"],
        vec!["rowhead", "add", "RH-A", "--room", "一号机房", "--capacity-kw", "30"],
        vec!["rowhead", "add", "RH-B", "--room", "一号机房", "--capacity-kw", "3"],
        vec!["cabinet", "add", "A01", "--room", "一号机房", "--rated-kw", "20", "--feed-a", "RH-A"],
        vec!["cabinet", "add", "B01", "--room", "一号机房", "--rated-kw", "1", "--feed-a", "RH-A", "--feed-b", "RH-B"],
    ] {
        t.ok("boss", &args);
    }
    let mut tags: Vec<String> = (1..=12).map(|i| format!("N{i}")).collect();
    tags.push("SW1".into());
    for tag in &tags {
        let name = format!("name={tag}-host");
        let serial = format!("serial=SN-{tag}-{}", t.db.name);
        let category = if tag == "SW1" { "category=switch" } else { "category=server" };
        t.ok(
            "boss",
            &[
                "asset",
                "add",
                tag,
                &name,
                category,
                "vendor=华为",
                "model=M",
                &serial,
                "rated_w=800",
                "owner=政务云平台",
            ],
        );
    }
    t.ok("boss", &["place", "SW1", "A01", "40", "--emergency", "初始布置"]);
    t.ok("boss", &["port", "add", "SW1:GE1/0/1", "--kind", "rj45"]);
    t.ok("boss", &["team", "init"]);
    for (key, role) in LOGINS {
        let login = t.login(key).to_string();
        let out = bare_cmd()
            .env("PGPASSWORD", pg::PASSWORD)
            .args(["--json", "--db", &t.boss_url, "team", "add", &login, "--role", role, "--password-stdin"])
            .write_stdin(format!("{}\n", pg::PASSWORD))
            .output()
            .expect("team add");
        assert!(out.status.success(), "team add {login}: {}", String::from_utf8_lossy(&out.stdout));
    }
    let dir = t.login("dir").to_string();
    t.ok("boss", &["settings", "set", "approvers", &dir]);
    t
}

/// Files a request of `rows` as the hardware engineer `who`; submitted unless `draft`.
fn file(t: &Team, who: &str, rows: &[&str], draft: bool) -> String {
    let mut args = vec!["request", "add", "--org", "市大数据局", "--applicant", "张三"];
    for r in rows {
        args.push("--row");
        args.push(r);
    }
    let doc = t.ok(who, &args);
    let no = doc["request_no"].as_str().unwrap_or_else(|| panic!("{doc:#}")).to_string();
    if !draft {
        assert_eq!(t.ok(who, &["request", "submit", &no])["state"], "pending");
    }
    no
}

/// A complete `operation add` of request `no` for N6 at A01 U8 (for the refusals).
fn op_args(no: &str) -> Vec<&str> {
    vec![
        "operation",
        "add",
        "--request",
        no,
        "--start",
        "2026-12-08 09:30",
        "--end",
        "2026-12-08 11:30",
        "--steps",
        "1. 上架",
        "--impact",
        "无",
        "--rollback",
        "下架",
        "--implementer",
        "张工",
        "--position",
        "N6:A01:8",
    ]
}

/// The 附件5 of a request, filled by the hardware engineer: one position, one cable to SW1.
fn operation(t: &Team, no: &str, tag: &str, at: &str) -> String {
    let position = format!("{tag}:A01:{at},pdu-a=PDU-A01-A:{at},pdu-b=PDU-A01-B:{at}");
    let cable = format!("{tag}:eth0,SW1:GE1/0/1,cat6,C-{tag},purpose=业务网,vlan=100,length=3");
    let doc = t.ok(
        "hw",
        &[
            "operation",
            "add",
            "--request",
            no,
            "--start",
            "2026-12-08 09:30",
            "--end",
            "2026-12-08 11:30",
            "--steps",
            "1. 上架 2. 接线 3. 加电",
            "--impact",
            "无",
            "--rollback",
            "下架",
            "--implementer",
            "张工",
            "--position",
            &position,
            "--cable",
            &cable,
        ],
    );
    doc["op_no"].as_str().unwrap_or_else(|| panic!("{doc:#}")).to_string()
}

/// Requests at every state of the chain, each moved there by the login whose step it is (so
/// every allowed step of hardware, director and IDC engineer goes through on its own grants).
struct Chain {
    draft: String,
    pending: String,
    approved: String,
    /// Approved, and refused on B01's power: for 机房审核's override.
    over_power: String,
    reviewed: String,
    reviewed_op: String,
    confirmed: String,
    executed: String,
    executed_op: String,
}

fn chain(t: &Team) -> Chain {
    let draft = file(t, "hw", &["N1:A01:2"], true);
    let pending = file(t, "hw", &["N2:A01:4"], false);
    let approved = file(t, "hw", &["N3:A01:6"], false);
    t.ok("dir", &["request", "approve", &approved]);
    let over_power = file(t, "hw", &["N4:B01:1", "N5:B01:5"], false);
    let a = t.ok("dir", &["request", "approve", &over_power]);
    assert_eq!(a["check"]["verdict"], "refused", "B01 is 1 kW: {a:#}");
    let reviewed = file(t, "hw", &["N6:A01:8"], false);
    t.ok("dir", &["request", "approve", &reviewed]);
    t.ok("idc", &["request", "review", &reviewed]);
    let reviewed_op = operation(t, &reviewed, "N6", "8");
    let confirmed = file(t, "hw", &["N7:A01:10"], false);
    t.ok("dir", &["request", "approve", &confirmed]);
    t.ok("idc", &["request", "review", &confirmed]);
    let op = operation(t, &confirmed, "N7", "10");
    assert_eq!(t.ok("dir", &["operation", "confirm", &op])["state"], "confirmed");
    let executed = file(t, "hw", &["N8:A01:12"], false);
    t.ok("dir", &["request", "approve", &executed]);
    t.ok("idc", &["request", "review", &executed]);
    let executed_op = operation(t, &executed, "N8", "12");
    t.ok("dir", &["operation", "confirm", &executed]);
    let x = t.ok("hw", &["request", "execute", &executed]);
    assert_eq!((x["state"].as_str(), x["cables_created"].as_u64()), (Some("executed"), Some(1)), "{x:#}");
    for (no, state) in [
        (&draft, "draft"),
        (&pending, "pending"),
        (&approved, "approved"),
        (&over_power, "approved"),
        (&reviewed, "reviewed"),
        (&confirmed, "confirmed"),
        (&executed, "executed"),
    ] {
        assert_eq!(t.state(no), state, "{no}");
    }
    Chain { draft, pending, approved, over_power, reviewed, reviewed_op, confirmed, executed, executed_op }
}

const HW: &str = "硬件设备工程师";
const DIR: &str = "运维总监";
const IDC: &str = "IDC工程师";

#[test]
fn every_step_of_the_chain_is_refused_to_a_login_without_its_role_on_the_command_line() {
    let t = team();
    let c = chain(&t);
    let cases: Vec<(&str, &str, Vec<&str>, &str)> = vec![
        ("idc submits a draft", "idc", vec!["request", "submit", &c.draft], HW),
        ("director submits a draft", "dir", vec!["request", "submit", &c.draft], HW),
        (
            "service files a request",
            "svc",
            vec!["request", "add", "--org", "x", "--applicant", "x", "--row", "N9:A01:20"],
            HW,
        ),
        ("hardware approves at 待审批", "hw", vec!["request", "approve", &c.pending], DIR),
        ("idc approves at 待审批", "idc", vec!["request", "approve", &c.pending], DIR),
        (
            "hardware approves with --override at 待审批",
            "hw",
            vec!["request", "approve", &c.pending, "--override", "急"],
            DIR,
        ),
        ("idc rejects at 待审批", "idc", vec!["request", "reject", &c.pending, "--reason", "不行"], DIR),
        ("hardware rejects at 待审批", "hw", vec!["request", "reject", &c.pending, "--reason", "不行"], DIR),
        (
            "director rejects at 已批准 (机房审核's)",
            "dir",
            vec!["request", "reject", &c.approved, "--reason", "不行"],
            IDC,
        ),
        ("hardware rejects at 已批准", "hw", vec!["request", "reject", &c.approved, "--reason", "不行"], IDC),
        (
            "idc rejects at 已审核 (the director's, at 附件5)",
            "idc",
            vec!["request", "reject", &c.reviewed, "--reason", "不行"],
            DIR,
        ),
        ("director reviews at 已批准", "dir", vec!["request", "review", &c.approved], IDC),
        ("hardware reviews at 已批准", "hw", vec!["request", "review", &c.approved], IDC),
        (
            "director passes a power refusal at 已批准",
            "dir",
            vec!["request", "review", &c.over_power, "--override", "急用"],
            IDC,
        ),
        (
            "hardware passes a power refusal at 已批准",
            "hw",
            vec!["request", "review", &c.over_power, "--override", "急用"],
            IDC,
        ),
        ("idc fills a 附件5 at 已审核", "idc", op_args(&c.reviewed), HW),
        ("director fills a 附件5 at 已审核", "dir", op_args(&c.reviewed), HW),
        ("hardware confirms a 附件5 at 已审核", "hw", vec!["operation", "confirm", &c.reviewed_op], DIR),
        ("idc confirms a 附件5 at 已审核", "idc", vec!["operation", "confirm", &c.reviewed_op], DIR),
        ("hardware confirms by request number at 已审核", "hw", vec!["operation", "confirm", &c.reviewed], DIR),
        ("director executes at 已确认", "dir", vec!["request", "execute", &c.confirmed], HW),
        ("idc executes at 已确认", "idc", vec!["request", "execute", &c.confirmed], HW),
        ("idc accepts at 已上架", "idc", vec!["request", "accept", &c.executed], DIR),
        ("service accepts at 已上架", "svc", vec!["request", "accept", &c.executed], DIR),
        ("idc cancels at 待审批", "idc", vec!["request", "cancel", &c.pending, "--reason", "不要了"], HW),
        ("service cancels at 已确认", "svc", vec!["request", "cancel", &c.confirmed, "--reason", "不要了"], HW),
        (
            "another hardware engineer cancels a request he did not file",
            "hw2",
            vec!["request", "cancel", &c.pending, "--reason", "不要了"],
            DIR,
        ),
        ("viewer approves at 待审批", "view", vec!["request", "approve", &c.pending], DIR),
        ("idc racks by hand on the emergency path", "idc", vec!["place", "N9", "A01", "20", "--emergency", "抢修"], HW),
        (
            "director moves by hand on the emergency path",
            "dir",
            vec!["move", "SW1", "A01", "30", "--emergency", "抢修"],
            HW,
        ),
        (
            "idc cables by hand on the emergency path",
            "idc",
            vec!["connect", "N8:eth0", "SW1:GE1/0/1", "--emergency", "抢修"],
            HW,
        ),
    ];
    for (case, who, args, role) in &cases {
        t.refused(case, who, args, role);
    }
    // The different-person rule: the executor holds the role, and still may not accept.
    let before = t.picture();
    let r = t.cli("hw", &["request", "accept", &c.executed]);
    assert_eq!((r.code, r.json()["error"]["code"].as_str()), (1, Some("same_person")), "{}", r.stdout);
    assert_eq!(t.picture(), before, "the executor's acceptance changed nothing");
    // Racking by hand without a confirmed 附件5 is refused to the hardware engineer too.
    let r = t.cli("hw", &["place", "N9", "A01", "20"]);
    assert_eq!((r.code, r.json()["error"]["code"].as_str()), (1, Some("needs_operation")), "{}", r.stdout);
    assert_eq!(t.picture(), before, "racking without a 附件5 changed nothing");
    // The steps go through for the logins that hold them.
    t.ok("hw2", &["request", "accept", &c.executed]);
    t.ok("hw", &["request", "cancel", &c.pending, "--reason", "客户撤回"]);
    t.ok("dir", &["request", "cancel", &c.confirmed, "--reason", "计划变更"]);
    t.ok("idc", &["request", "reject", &c.approved, "--reason", "空间不足"]);
    t.ok("dir", &["request", "reject", &c.reviewed, "--reason", "附件5 不完整"]);
    t.ok("idc", &["request", "review", &c.over_power, "--override", "临时迁入"]);
    t.ok("hw", &["place", "N9", "A01", "20", "--emergency", "业务中断抢修"]);
    for (no, state) in [
        (&c.executed, "accepted"),
        (&c.pending, "cancelled"),
        (&c.confirmed, "cancelled"),
        (&c.approved, "rejected"),
        (&c.reviewed, "rejected"),
        (&c.over_power, "reviewed"),
    ] {
        assert_eq!(t.state(no), state, "{no}");
    }
    let _ = &c.executed_op;
}

#[test]
fn every_step_of_the_chain_is_refused_by_the_database_itself_to_a_login_without_its_role() {
    let t = team();
    let c = chain(&t);
    let me = |who: &str| t.login(who).to_string();
    let to = |no: &str, state: &str| format!("UPDATE racking_requests SET state = '{state}' WHERE request_no = '{no}'");
    let cases: Vec<(String, &str, String)> = vec![
        ("hardware approves at 待审批".into(), "hw", to(&c.pending, "approved")),
        ("idc approves at 待审批".into(), "idc", to(&c.pending, "approved")),
        ("service approves at 待审批".into(), "svc", to(&c.pending, "approved")),
        ("hardware rejects at 待审批".into(), "hw", to(&c.pending, "rejected")),
        ("idc rejects at 待审批".into(), "idc", to(&c.pending, "rejected")),
        ("director rejects at 已批准".into(), "dir", to(&c.approved, "rejected")),
        ("idc rejects at 已审核".into(), "idc", to(&c.reviewed, "rejected")),
        ("director reviews at 已批准".into(), "dir", to(&c.approved, "reviewed")),
        ("hardware reviews at 已批准".into(), "hw", to(&c.approved, "reviewed")),
        (
            "director passes a power refusal at 已批准".into(),
            "dir",
            format!(
                "UPDATE racking_requests SET state = 'reviewed', override_reason = '急用' WHERE request_no = '{}'",
                c.over_power
            ),
        ),
        ("hardware confirms at 已审核".into(), "hw", to(&c.reviewed, "confirmed")),
        ("idc confirms at 已审核".into(), "idc", to(&c.reviewed, "confirmed")),
        (
            "hardware signs a 附件5 as 审批人".into(),
            "hw",
            format!("UPDATE operation_requests SET approver = '{}' WHERE op_no = '{}'", me("hw"), c.reviewed_op),
        ),
        (
            "idc signs a 附件5 as 审批人".into(),
            "idc",
            format!("UPDATE operation_requests SET approver = '{}' WHERE op_no = '{}'", me("idc"), c.reviewed_op),
        ),
        (
            "hardware files a 附件5 already signed".into(),
            "hw",
            format!(
                "INSERT INTO operation_requests (op_no, org, applicant, kind, risk, approver, created_at, created_by, updated_at, updated_by)
                 VALUES ('CZ-X', 'x', 'x', 'rack', 'low', '{0}', 'x', '{0}', 'x', '{0}')",
                me("hw")
            ),
        ),
        ("director executes at 已确认".into(), "dir", to(&c.confirmed, "executed")),
        ("idc executes at 已确认".into(), "idc", to(&c.confirmed, "executed")),
        ("idc accepts at 已上架".into(), "idc", to(&c.executed, "accepted")),
        ("the executor accepts his own work".into(), "hw", to(&c.executed, "accepted")),
        (
            "idc signs a 附件5 as 完成确认人".into(),
            "idc",
            format!("UPDATE operation_requests SET confirmed_by = '{}' WHERE op_no = '{}'", me("idc"), c.executed_op),
        ),
        ("idc cancels at 待审批".into(), "idc", to(&c.pending, "cancelled")),
        ("another hardware engineer cancels a request he did not file".into(), "hw2", to(&c.pending, "cancelled")),
        ("service cancels at 已确认".into(), "svc", to(&c.confirmed, "cancelled")),
        ("hardware skips to 已上架".into(), "hw", to(&c.approved, "executed")),
        (
            "hardware files a request already approved".into(),
            "hw",
            "INSERT INTO racking_requests (request_no, applied_on, org, applicant, kind, state, created_at, created_by, updated_at, updated_by)
             VALUES ('SQ-X', '2026-12-07', 'x', 'x', 'new', 'approved', 'x', 'x', 'x', 'x')"
                .into(),
        ),
        ("hardware deletes a request".into(), "hw", format!("DELETE FROM racking_requests WHERE request_no = '{}'", c.pending)),
        ("hardware grants himself the director's role".into(), "hw", format!("GRANT rackledger_director TO \"{}\"", me("hw"))),
        ("idc grants himself the admin role".into(), "idc", format!("GRANT rackledger_admin TO \"{}\"", me("idc"))),
        ("director grants the hardware engineer idc".into(), "dir", format!("GRANT rackledger_idc TO \"{}\"", me("hw"))),
        (
            "idc racks a device by hand".into(),
            "idc",
            "INSERT INTO positions (asset_id, cabinet_id, start_u) SELECT a.id, c.id, 20 FROM assets a, cabinets c WHERE a.asset_tag = 'N9' AND c.code = 'A01'".into(),
        ),
        (
            "director racks a device by hand".into(),
            "dir",
            "INSERT INTO positions (asset_id, cabinet_id, start_u) SELECT a.id, c.id, 20 FROM assets a, cabinets c WHERE a.asset_tag = 'N9' AND c.code = 'A01'".into(),
        ),
        ("service moves a device by hand".into(), "svc", "UPDATE positions SET start_u = 30".into()),
        (
            "idc cables by hand".into(),
            "idc",
            "INSERT INTO cables (cable_no, cable_type) VALUES ('C-X', 'cat6')".into(),
        ),
        ("hardware changes the approvers".into(), "hw", "UPDATE settings SET value = 'x' WHERE key = 'approvers'".into()),
        ("idc writes the audit trail over".into(), "idc", "DELETE FROM audit_log".into()),
    ];
    for (case, who, sql) in &cases {
        t.denied(case, who, sql);
    }
    // The database lets the same statements through for the role of the step.
    let mut dir = t.raw("dir");
    let n = dir.execute(&to(&c.pending, "approved"), &[]).expect("the director approves with psql");
    assert_eq!(n, 1);
    assert_eq!(t.state(&c.pending), "approved");
    let mut hw2 = t.raw("hw2");
    hw2.execute(&to(&c.executed, "accepted"), &[]).expect("another hardware engineer accepts");
    assert_eq!(t.state(&c.executed), "accepted");
}

/// Marks every device and check point of inspection `no` normal, as `who`.
fn walk_inspection(t: &Team, who: &str, no: &str) {
    let doc = t.ok(who, &["inspection", "show", no]);
    let d = &doc["detail"];
    let mut cabinets: Vec<String> = d["devices"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["cabinet"].as_str().map(str::to_string))
        .collect();
    cabinets.dedup();
    for cab in cabinets {
        t.ok(who, &["inspection", "mark", no, "--cabinet", &cab, "--result", "正常"]);
    }
    let points: Vec<(String, String)> = d["points"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| Some((x["item"].as_str()?.to_string(), x["point"].as_str()?.to_string())))
        .collect();
    assert!(!points.is_empty(), "{d:#}");
    for (item, p) in points {
        t.ok(who, &["inspection", "point", no, "--item", &item, "--point", &p, "--result", "正常"]);
    }
}

#[test]
fn each_role_does_its_own_work_under_a_login_holding_only_that_role_and_nothing_else() {
    let t = team();
    let dir = tempfile::tempdir().expect("dir");
    let out = |name: &str| dir.path().join(name).display().to_string();
    // The chain itself: hardware, director and IDC engineer each take their steps.
    let c = chain(&t);
    t.ok("dir", &["request", "accept", &c.executed]);

    // 硬件设备工程师: assets, ports, cables, labels, repairs, faults, inspections, imports.
    t.ok(
        "hw",
        &[
            "asset",
            "add",
            "H1",
            "name=x",
            "category=server",
            "vendor=华为",
            "model=M",
            "serial=SN-H1",
            "owner=政务云平台",
        ],
    );
    t.ok("hw", &["asset", "set", "H1", "note=新到货"]);
    t.ok("hw", &["place", "H1", "A01", "22", "--emergency", "抢修替换"]);
    t.ok("hw", &["port", "add", "H1:eth0", "--kind", "rj45"]);
    t.ok("hw", &["port", "add", "SW1:GE1/0/2", "--kind", "rj45"]);
    let cable = t.ok("hw", &["connect", "H1:eth0", "SW1:GE1/0/2", "--emergency", "临时接入"]);
    let cable_no = cable["cable"]["cable_no"].as_str().unwrap_or_else(|| panic!("{cable:#}")).to_string();
    t.ok("hw", &["move", "H1", "A01", "24", "--emergency", "让位"]);
    t.ok("hw", &["disconnect", &cable_no]);
    let fault = t.ok(
        "hw",
        &[
            "fault",
            "open",
            "--kind",
            "故障",
            "--source",
            "其他",
            "--level",
            "二级",
            "--desc",
            "电源告警",
            "--asset",
            "H1",
        ],
    );
    let fault_no = fault["fault_no"].as_str().unwrap_or_else(|| panic!("{fault:#}")).to_string();
    let repair =
        t.ok("hw", &["repair", "open", "H1", "--symptom", "电源故障", "--vendor", "华为", "--fault", &fault_no]);
    let repair_no = repair["repair_no"].as_str().unwrap_or_else(|| panic!("{repair:#}")).to_string();
    t.ok("hw", &["repair", "close", &repair_no, "--result", "已修复"]);
    let insp = t.ok("hw", &["inspection", "start", "--room", "一号机房", "--date", "2026-12-07"]);
    let insp_no = insp["inspection_no"].as_str().unwrap_or_else(|| panic!("{insp:#}")).to_string();
    walk_inspection(&t, "hw", &insp_no);
    t.ok("hw", &["inspection", "submit", &insp_no]);
    // A 资产登记 workbook, exported by the viewer and imported by the hardware engineer.
    let book = out("assets.xlsx");
    t.ok("view", &["export", "assets", "--out", &book]);

    // 运维总监: settings, inspection review, faults.
    t.ok("dir", &["settings", "set", "approvers", &format!("{},{}", t.login("dir"), t.login("adm"))]);
    t.ok("dir", &["inspection", "review", &insp_no, "--opinion", "已阅"]);
    t.ok("dir", &["fault", "close", &fault_no]);

    // IDC工程师: power readings, temperature and humidity, patrols, row-heads, cabinets' power.
    t.ok("idc", &["reading", "A01", "3.5"]);
    t.ok("idc", &["env", "reading", "A01", "--temp", "24.0", "--rh", "45"]);
    t.ok("idc", &["env", "limits", "--room", "一号机房", "--temp-max", "28"]);
    t.ok(
        "idc",
        &["patrol", "add", "--kind", "row_head", "--name", "RH-A", "--status", "正常", "--current", "10,10,10"],
    );
    t.ok("idc", &["rowhead", "set", "RH-A", "--capacity-kw", "32"]);
    t.ok("idc", &["cabinet", "set", "A01", "--rated-kw", "22"]);
    t.ok("idc", &["fault", "open", "--kind", "告警", "--source", "其他", "--level", "三级", "--desc", "空调告警"]);

    // 客户服务工程师: faults (用户报障), and nothing else.
    let f = t.ok(
        "svc",
        &["fault", "open", "--kind", "故障", "--source", "其他", "--level", "三级", "--desc", "用户无法访问"],
    );
    let svc_fault = f["fault_no"].as_str().unwrap_or_default().to_string();
    t.ok("svc", &["fault", "close", &svc_fault]);

    // 管理员: rooms and cabinets.
    t.ok("adm", &["room", "add", "二号机房"]);
    t.ok("adm", &["cabinet", "add", "C01", "--room", "二号机房", "--rated-kw", "5"]);

    // And each refused what is not its own, by the core first, naming the role.
    let refusals: Vec<(&str, &str, Vec<&str>, &str)> = vec![
        (
            "service adds an asset",
            "svc",
            vec!["asset", "add", "S1", "name=x", "category=server", "vendor=x", "model=x", "serial=SN-S1", "owner=x"],
            HW,
        ),
        ("service records a reading", "svc", vec!["reading", "A01", "1"], IDC),
        ("hardware records a reading", "hw", vec!["reading", "A01", "1"], IDC),
        ("hardware changes a cabinet's power", "hw", vec!["cabinet", "set", "A01", "--rated-kw", "50"], IDC),
        ("director records temperature", "dir", vec!["env", "reading", "A01", "--temp", "30"], IDC),
        (
            "hardware records a patrol",
            "hw",
            vec!["patrol", "add", "--kind", "row_head", "--name", "RH-A", "--status", "正常", "--current", "1"],
            IDC,
        ),
        ("idc changes the settings", "idc", vec!["settings", "set", "approvers", "x"], DIR),
        ("hardware adds a cabinet", "hw", vec!["cabinet", "add", "Z01", "--room", "一号机房"], "管理员"),
        ("director adds a room", "dir", vec!["room", "add", "三号机房"], "管理员"),
        ("idc adds a port", "idc", vec!["port", "add", "N10:eth0", "--kind", "rj45"], HW),
        ("service opens a repair", "svc", vec!["repair", "open", "N8", "--symptom", "x", "--vendor", "华为"], HW),
        (
            "idc starts an inspection",
            "idc",
            vec!["inspection", "start", "--room", "一号机房", "--date", "2026-12-08"],
            HW,
        ),
        ("idc imports a 资产登记", "idc", vec!["import", &book], HW),
    ];
    for (case, who, args, role) in &refusals {
        t.refused(case, who, args, role);
    }
}

#[test]
fn a_viewer_reads_and_exports_everything_and_writes_nothing() {
    let t = team();
    let c = chain(&t);
    let dir = tempfile::tempdir().expect("dir");
    let out = |name: &str| dir.path().join(name).display().to_string();
    let me = t.ok("view", &["whoami"]);
    assert_eq!(me["roles"], serde_json::json!(["viewer"]), "{me:#}");
    let list = t.ok("view", &["asset", "list", "--limit", "1000"]);
    assert_eq!(list, t.ok("boss", &["asset", "list", "--limit", "1000"]), "the viewer sees every asset");
    for args in [
        vec!["export", "assets", "--out", &out("assets.xlsx")],
        vec!["export", "request", &c.executed, "--out", &out("sq.xlsx")],
        vec!["export", "operation", &c.executed_op, "--out", &out("cz.xlsx")],
        vec!["export", "power", "--out", &out("power.xlsx")],
        vec!["export", "site", "--out", &out("site.xlsx")],
    ] {
        t.ok("view", &args);
        assert!(std::fs::metadata(args[args.len() - 1]).is_ok_and(|m| m.len() > 0), "{args:?} wrote a workbook");
    }
    for args in [
        vec!["request", "list"],
        vec!["request", "timeline", &c.executed],
        vec!["power"],
        vec!["audit", "--limit", "50"],
        vec!["cable", "list"],
        vec!["port", "table"],
        vec!["fault", "list"],
    ] {
        t.ok("view", &args);
    }
    let site = out("site.xlsx");
    let refusals: Vec<(&str, Vec<&str>, &str)> = vec![
        (
            "viewer adds an asset",
            vec!["asset", "add", "V1", "name=x", "category=server", "vendor=x", "model=x", "serial=SN-V1", "owner=x"],
            HW,
        ),
        ("viewer edits an asset", vec!["asset", "set", "N1", "note=x"], HW),
        ("viewer files a request", vec!["request", "add", "--org", "x", "--applicant", "x", "--row", "N9:A01:20"], HW),
        ("viewer reviews", vec!["request", "review", &c.approved], IDC),
        ("viewer records a reading", vec!["reading", "A01", "1"], IDC),
        (
            "viewer opens a fault",
            vec!["fault", "open", "--kind", "故障", "--source", "其他", "--level", "三级", "--desc", "x"],
            HW,
        ),
        ("viewer changes the settings", vec!["settings", "set", "approvers", "x"], DIR),
        ("viewer adds a room", vec!["room", "add", "X"], "管理员"),
        ("viewer imports the site workbook", vec!["import", &site], "管理员"),
    ];
    for (case, args, role) in &refusals {
        t.refused(case, "view", args, role);
    }
    for (case, sql) in [
        ("viewer inserts an asset", "INSERT INTO assets (asset_tag) VALUES ('V2')"),
        ("viewer updates assets", "UPDATE assets SET note = 'x'"),
        ("viewer deletes positions", "DELETE FROM positions"),
        ("viewer inserts a fault", "INSERT INTO faults (fault_no) VALUES ('GZ-X')"),
        ("viewer updates settings", "UPDATE settings SET value = 'x'"),
        ("viewer deletes the audit", "DELETE FROM audit_log"),
        ("viewer moves a request", "UPDATE racking_requests SET state = 'approved'"),
        ("viewer truncates cables", "TRUNCATE cables CASCADE"),
    ] {
        t.denied(case, "view", sql);
    }
}

#[test]
fn team_init_upgrades_the_grants_of_an_older_ledger_and_runs_again() {
    let t = team();
    // What an older `team init` gave: every role but the viewer wrote every table.
    t.db.client()
        .batch_execute("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO rackledger_service")
        .expect("the old grants");
    let mut svc = t.raw("svc");
    svc.batch_execute("BEGIN; UPDATE settings SET value = value; ROLLBACK")
        .expect("an old grant lets service write settings");
    t.ok("boss", &["team", "init"]);
    t.ok("boss", &["team", "init"]);
    let e =
        svc.batch_execute("UPDATE settings SET value = value").expect_err("renewed: service no longer writes settings");
    assert_eq!(e.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE), "{e}");
    // Its own table it still writes.
    t.ok("svc", &["fault", "open", "--kind", "故障", "--source", "其他", "--level", "三级", "--desc", "x"]);
    // A table a migration adds gets its grants when `team init` runs again; a table nobody
    // declared is the administrator's alone.
    t.db.client().batch_execute("CREATE TABLE later_table (id int)").expect("a new table");
    t.ok("boss", &["team", "init"]);
    let mut adm = t.raw("adm");
    adm.batch_execute("INSERT INTO later_table VALUES (1)").expect("admin writes every table");
    let mut view = t.raw("view");
    let n: i64 = view.query_one("SELECT count(*) FROM later_table", &[]).expect("everyone reads").get(0);
    assert_eq!(n, 1);
    let e = svc.batch_execute("INSERT INTO later_table VALUES (2)").expect_err("service does not");
    assert_eq!(e.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE), "{e}");
}

#[test]
fn a_migration_on_a_team_ledger_gives_its_new_table_the_grants_of_this_build() {
    let t = team();
    assert_eq!(t.ok("view", &["whoami"])["roles"], serde_json::json!(["viewer"]));
    // A ledger from before migration 0010, which added the table ledger_meta: that table and
    // what came after it (0011 only added the uid columns) not there yet.
    let mut back = String::from("DROP TABLE ledger_meta; UPDATE schema_version SET version = 9;");
    for table in rackledger::db::uids::TABLES {
        back.push_str(&format!("ALTER TABLE {table} DROP COLUMN uid;"));
    }
    t.db.client().batch_execute(&back).expect("back to version 9");
    // The owner opens it with this build: the migration runs, and the grants are issued again.
    t.ok("boss", &["whoami"]);
    let me = t.ok("view", &["whoami"]);
    assert_eq!(me["ledger_id"].as_str().map(str::len), Some(36), "the viewer reads the new table: {me:#}");
    let mut view = t.raw("view");
    let e = view.batch_execute("DELETE FROM ledger_meta").expect_err("and writes nothing");
    assert_eq!(e.code(), Some(&SqlState::INSUFFICIENT_PRIVILEGE), "{e}");
}
