//! The approval chain on a single-file ledger (issue 16): 草稿 → 待审批 → 已批准 → 已审核 → 已确认
//! → 已上架 → 已验收, each step with who, when, as which role and what the check said; every
//! refusal (wrong state, the director passing a power refusal, no 附件5); `whoami` and the
//! queues; 附件5 filled in full; racking by hand on the emergency path; and the 附件2/附件5
//! exports read back with every name and time.

use serde_json::Value;

use crate::common::Site;

/// Room 一号机房; row-head RH-A (5 kW) feeding A01 (4.4 kW, A feed) and B01 (1 kW, dual fed by
/// RH-A and RH-B 3 kW); approver 王总; in-stock N1 (2U, 800 W), N2 (800 W); switch SW1 racked
/// at A01 U40.
fn site() -> Site {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    s.ok(&["rowhead", "add", "RH-A", "--room", "一号机房", "--capacity-kw", "5"]);
    s.ok(&["rowhead", "add", "RH-B", "--room", "一号机房", "--capacity-kw", "3"]);
    s.ok(&["cabinet", "add", "A01", "--room", "一号机房", "--rated-kw", "4.4", "--feed-a", "RH-A"]);
    s.ok(&["cabinet", "add", "B01", "--room", "一号机房", "--rated-kw", "1", "--feed-a", "RH-A", "--feed-b", "RH-B"]);
    s.ok(&["settings", "set", "approvers", "王总"]);
    s.add("N1", &["u_height=2"]);
    s.add("N2", &[]);
    s.add("SW1", &["category=switch", "rated_w=200"]);
    s.ok(&["place", "SW1", "A01", "40"]);
    s
}

/// Files and submits a request of `rows` as 张工 (the hardware engineer); returns its number.
fn pending(s: &Site, rows: &[&str]) -> String {
    let mut args = vec!["--operator", "张工", "request", "add", "--org", "市大数据局", "--applicant", "张三"];
    for r in rows {
        args.push("--row");
        args.push(r);
    }
    let doc = s.ok(&args);
    let no = doc["request_no"].as_str().unwrap_or_else(|| panic!("{doc:#}")).to_string();
    s.ok(&["--operator", "张工", "request", "submit", &no]);
    no
}

/// The full 附件5 of a request: steps, risk, rollback, PDU ports, and a cable with every field.
fn operation(s: &Site, no: &str) -> String {
    let doc = s.ok(&[
        "--operator",
        "张工",
        "operation",
        "add",
        "--request",
        no,
        "--start",
        "2026-12-08 09:30",
        "--end",
        "2026-12-08 11:30",
        "--steps",
        "1. 搬运上架 2. 接线 3. 加电检查",
        "--impact",
        "无",
        "--risk",
        "中",
        "--rollback",
        "断电拔线下架",
        "--implementer",
        "张工",
        "--escort",
        "赵六",
        "--position",
        "N1:A01:10,pdu-a=PDU-A01-A:07,pdu-b=PDU-A01-B:07",
        "--cable",
        "N1:eth0,SW1:GE1/0/1,cat6,C-0001,via=PP-A01:R1,purpose=业务网,vlan=100,length=3.5",
    ]);
    doc["op_no"].as_str().unwrap_or_else(|| panic!("{doc:#}")).to_string()
}

fn steps(s: &Site, no: &str) -> Vec<Value> {
    s.ok(&["request", "timeline", no])["steps"].as_array().cloned().unwrap_or_default()
}

/// Every cell of a sheet as text, through calamine (a real reader, not ours).
fn sheet_text(path: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto, Reader};
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("open {path:?}: {e}"));
    let range = wb.worksheet_range(sheet).unwrap_or_else(|e| panic!("sheet {sheet}: {e}"));
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

fn value_of(rows: &[Vec<String>], label: &str) -> String {
    rows.iter()
        .find(|r| r.first().map(String::as_str) == Some(label))
        .and_then(|r| r.get(1).cloned())
        .unwrap_or_default()
}

fn row_starting(rows: &[Vec<String>], first: &str, second: &str) -> Vec<String> {
    rows.iter()
        .find(|r| r.first().map(String::as_str) == Some(first) && r.get(1).map(String::as_str) == Some(second))
        .cloned()
        .unwrap_or_else(|| panic!("no row {first} {second} in {rows:?}"))
}

#[test]
fn one_request_goes_through_the_whole_chain_with_its_timeline() {
    let s = site();
    let no = pending(&s, &["N1:A01:10"]);
    let a = s.ok(&["--operator", "王总", "request", "approve", &no, "--opinion", "同意上架"]);
    assert_eq!(a["state"], "approved");
    let r = s.ok(&["--operator", "李工", "request", "review", &no, "--opinion", "空间电力满足"]);
    assert_eq!(r["state"], "reviewed");
    assert_eq!(r["check"]["verdict"], "ok");
    let op_no = operation(&s, &no);
    let c = s.ok(&["--operator", "王总", "operation", "confirm", &op_no]);
    assert_eq!(c["state"], "confirmed", "{c:#}");
    assert_eq!(c["operations"][0]["approver"], "王总");
    // What a team ledger asks before racking or cabling by hand: a confirmed 附件5 not carried
    // out yet names the device (in its positions, or at an end of a cable).
    let conn = rackledger::db::open(&s.db).expect("open the ledger");
    let confirmed = |tag: &str, cabling: bool| {
        rackledger::db::operations::confirmed_for(&conn, tag, cabling).unwrap_or_else(|e| panic!("{e}"))
    };
    assert!(confirmed("N1", false) && confirmed("N1", true) && confirmed("SW1", true));
    assert!(!confirmed("N2", false) && !confirmed("SW1", false));
    let x = s.ok(&["--operator", "张工", "request", "execute", &no]);
    assert_eq!(x["state"], "executed");
    assert!(!confirmed("N1", false), "carried out: it no longer covers work by hand");
    assert_eq!(x["cables_created"], 1);
    assert_eq!(s.show("N1")["position"]["start_u"], 10);
    // On a single file the executor may accept his own work.
    let done = s.ok(&["--operator", "张工", "request", "accept", &no]);
    assert_eq!(done["state"], "accepted");
    assert_eq!(done["request"]["accepted_by"], "张工");

    let t = steps(&s, &no);
    let seen: Vec<(&str, &str, &str, &str)> = t
        .iter()
        .map(|s| {
            (
                s["step"].as_str().unwrap_or(""),
                s["operator"].as_str().unwrap_or(""),
                s["role"].as_str().unwrap_or(""),
                s["to"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("create", "张工", "", "draft"),
            ("submit", "张工", "hardware", "pending"),
            ("approve", "王总", "director", "approved"),
            ("review", "李工", "idc", "reviewed"),
            ("confirm", "王总", "director", "confirmed"),
            ("execute", "张工", "hardware", "executed"),
            ("accept", "张工", "director", "accepted"),
        ]
    );
    // What the check said at each decision, kept as it was then.
    assert_eq!(t[2]["check"]["verdict"], "ok");
    assert_eq!(t[3]["check"]["rows"][0]["check"]["row_heads"][0]["row_head"], "RH-A");
    assert_eq!(t[3]["opinion"], "空间电力满足");
    assert_eq!(t[4]["op_no"], op_no.as_str());
    assert!(t.iter().all(|s| s["at"].as_str().is_some_and(|a| a.len() == 19)), "{t:#?}");
    // Each step is audited too.
    let audit = s.ok(&["audit", "--entity", "operation", "--key", &op_no]);
    assert!(audit["audit"].as_array().is_some_and(|v| v.iter().any(|e| e["action"] == "operation.confirm")));
}

#[test]
fn every_step_refuses_the_wrong_state() {
    let s = site();
    let no = pending(&s, &["N1:A01:10"]);
    for (args, code) in [
        (vec!["--operator", "李工", "request", "review", &no], "request_transition"),
        (vec!["--operator", "王总", "operation", "confirm", &no], "no_operation"),
        (vec!["request", "execute", &no], "request_transition"),
        (vec!["request", "accept", &no], "request_transition"),
    ] {
        s.refused(&args, code);
    }
    s.ok(&["--operator", "王总", "request", "approve", &no]);
    s.refused(&["--operator", "王总", "request", "approve", &no], "request_transition");
    s.refused(&["request", "execute", &no], "request_transition");
    // A 附件5 cannot be confirmed before 机房审核.
    let op_no = operation(&s, &no);
    s.refused(&["--operator", "王总", "operation", "confirm", &op_no], "request_transition");
    s.ok(&["--operator", "李工", "request", "review", &no]);
    s.refused(&["--operator", "李工", "request", "review", &no], "request_transition");
    s.refused(&["request", "execute", &no], "request_transition");
    s.ok(&["--operator", "王总", "operation", "confirm", &op_no]);
    s.refused(&["--operator", "王总", "operation", "confirm", &op_no], "already_confirmed");
    // Once confirmed it may be cancelled, not rejected.
    s.refused(&["--operator", "王总", "request", "reject", &no, "--reason", "晚了"], "request_transition");
    s.ok(&["request", "execute", &no]);
    s.refused(&["request", "cancel", &no, "--reason", "不要了"], "request_transition");
    s.refused(&["--operator", "王总", "request", "reject", &no, "--reason", "不要了"], "request_transition");
    s.ok(&["request", "accept", &no]);
    s.refused(&["request", "accept", &no], "request_transition");
}

#[test]
fn rejection_belongs_to_whoever_decides_at_that_step() {
    let s = site();
    // 机房审核 rejects, with the reason on the header's review fields and in the timeline.
    let no = pending(&s, &["N1:A01:10"]);
    s.ok(&["--operator", "王总", "request", "approve", &no]);
    let r = s.ok(&["--operator", "李工", "request", "reject", &no, "--reason", "列头柜容量不足"]);
    assert_eq!(r["state"], "rejected");
    assert_eq!(r["request"]["reviewer"], "李工");
    assert_eq!(r["request"]["review_opinion"], "列头柜容量不足");
    let last = steps(&s, &no).pop().unwrap_or_default();
    assert_eq!((last["step"].as_str(), last["role"].as_str()), (Some("reject"), Some("idc")));
    assert_eq!(last["reason"], "列头柜容量不足");
    // Rejected: nothing reserved any more.
    s.ok(&["place", "N2", "A01", "10"]);

    // At 附件5 the director rejects; a cancellation needs no decision but keeps its reason.
    let other = pending(&s, &["N1:A01:20"]);
    s.ok(&["--operator", "王总", "request", "approve", &other]);
    s.ok(&["--operator", "李工", "request", "review", &other]);
    s.ok(&["--operator", "王总", "request", "reject", &other, "--reason", "附件5 不完整"]);
    let last = steps(&s, &other).pop().unwrap_or_default();
    assert_eq!((last["role"].as_str(), last["from"].as_str()), (Some("director"), Some("reviewed")));
    let third = pending(&s, &["N1:A01:20"]);
    s.refused(&["--operator", "张工", "request", "cancel", &third], "missing_field");
    s.ok(&["--operator", "张工", "request", "cancel", &third, "--reason", "客户撤回"]);
    assert_eq!(steps(&s, &third).pop().unwrap_or_default()["reason"], "客户撤回");
}

#[test]
fn only_the_idc_review_passes_a_power_refusal_and_the_form_shows_every_cabinet_and_row_head() {
    let s = site();
    // B01 is 1 kW: N1 + N2 (1600 W) is 160 %.
    let no = pending(&s, &["N1:B01:1", "N2:B01:5"]);
    s.refused(&["--operator", "王总", "request", "approve", &no, "--override", "急用"], "approval_override");
    let a = s.ok(&["--operator", "王总", "request", "approve", &no]);
    assert_eq!(a["check"]["verdict"], "refused", "recorded, left to 机房审核: {a:#}");
    let doc = s.refused(&["--operator", "李工", "request", "review", &no], "review_refused");
    assert_eq!(doc["check"]["overridable"], true);
    assert_eq!(s.ok(&["request", "show", &no])["state"], "approved");
    let r = s.ok(&["--operator", "李工", "request", "review", &no, "--override", "临时迁入，下周扩容"]);
    assert_eq!(r["request"]["override_reason"], "临时迁入，下周扩容");
    let review = steps(&s, &no).pop().unwrap_or_default();
    assert_eq!(review["check"]["verdict"], "refused");
    assert_eq!(review["reason"], "临时迁入，下周扩容");

    let out = s.path("sq.xlsx");
    s.ok(&["export", "request", &no, "--out", out.to_str().unwrap_or_default()]);
    let rows = sheet_text(&out, "设备上架申请表");
    assert_eq!(value_of(&rows, "审批人"), "王总");
    assert_eq!(value_of(&rows, "审核人"), "李工");
    assert_eq!(value_of(&rows, "审核时间").len(), 16, "{rows:?}");
    assert_eq!(value_of(&rows, "状态"), "已审核");
    assert!(rows.iter().any(|r| r[0] == "机房审核电力检查（IDC工程师越过电力拒绝放行）"), "{rows:?}");
    let b01 = row_starting(&rows, "机柜", "B01");
    assert_eq!((b01[3].as_str(), b01[4].as_str()), ("0", "1.6"), "{b01:?}");
    assert_eq!((b01[9].as_str(), b01[11].as_str()), ("超载", "拒绝"), "{b01:?}");
    // Both row-heads feeding B01, with the failover load: all of B01 on one feed.
    let a = row_starting(&rows, "列头柜", "RH-A");
    assert_eq!((a[4].as_str(), a[5].as_str()), ("1", "1.8"), "RH-A: SW1 + half of B01, failover all: {a:?}");
    let b = row_starting(&rows, "列头柜", "RH-B");
    assert_eq!((b[4].as_str(), b[5].as_str()), ("0.8", "1.6"), "{b:?}");
    assert!(b[10].starts_with("切换后"), "{b:?}");
    assert_eq!(value_of(&rows, "越过原因"), "临时迁入，下周扩容");
}

#[test]
fn the_forms_carry_every_name_and_time_after_the_chain() {
    let s = site();
    let no = pending(&s, &["N1:A01:10"]);
    s.ok(&["--operator", "王总", "request", "approve", &no]);
    s.ok(&["--operator", "李工", "request", "review", &no]);
    let op_no = operation(&s, &no);
    s.ok(&["--operator", "王总", "operation", "confirm", &no]);
    s.ok(&["--operator", "张工", "request", "execute", &no]);
    s.ok(&["--operator", "王总", "request", "accept", &no]);

    let out = s.path("sq.xlsx");
    s.ok(&["export", "request", &no, "--out", out.to_str().unwrap_or_default()]);
    let rows = sheet_text(&out, "设备上架申请表");
    for (label, who) in [("审批人", "王总"), ("审核人", "李工"), ("实施人", "张工"), ("验收人", "王总")]
    {
        assert_eq!(value_of(&rows, label), who, "{label}");
    }
    for label in ["审核时间", "上架时间", "验收时间"] {
        assert_eq!(value_of(&rows, label).len(), 16, "{label}: {rows:?}");
    }
    assert_eq!(value_of(&rows, "审批日期").len(), 10);
    assert_eq!(value_of(&rows, "状态"), "已验收");

    let out5 = s.path("cz.xlsx");
    s.ok(&["export", "operation", &op_no, "--out", out5.to_str().unwrap_or_default()]);
    let rows = sheet_text(&out5, "操作申请单");
    assert_eq!(value_of(&rows, "审批人"), "王总");
    assert_eq!(value_of(&rows, "完成确认人"), "王总");
    assert_eq!(value_of(&rows, "审批时间").len(), 19);
    assert_eq!(value_of(&rows, "实际完成时间").len(), 19);
    assert_eq!(value_of(&rows, "操作内容及步骤"), "1. 搬运上架 2. 接线 3. 加电检查");
    assert_eq!(value_of(&rows, "风险等级"), "中");
    assert_eq!(value_of(&rows, "回退方案"), "断电拔线下架");
    let pos = rows.iter().position(|r| r[0] == "设备名称").unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(rows[pos + 1][7], "前", "the request's face: {:?}", rows[pos + 1]);
    assert_eq!(rows[pos + 1][8..10], ["PDU-A01-A:07".to_string(), "PDU-A01-B:07".to_string()]);
    let cab = rows.iter().position(|r| r[0] == "线缆编号").unwrap_or_else(|| panic!("{rows:?}"));
    let c = &rows[cab + 1];
    assert_eq!(c[0], "C-0001");
    assert_eq!(c[3], "A01-U10");
    assert_eq!(c[5], "PP-A01:R1");
    assert_eq!(c[7], "A01-U40");
    assert_eq!(c[11..14], ["业务网".to_string(), "100".to_string(), "3.5".to_string()]);
}

#[test]
fn whoami_and_the_queues_on_a_single_file() {
    let s = site();
    let me = s.ok(&["--operator", "王总", "whoami"]);
    assert_eq!(me["operator"], "王总");
    assert_eq!(me["roles"], serde_json::json!(["director", "idc", "hardware", "service", "viewer", "admin"]));
    assert_eq!(me["engine"], "sqlite");
    assert_eq!(me["ledger"], s.db.to_str().unwrap_or_default());
    assert_eq!(me["roles_apply"], false);
    assert_eq!(me["ledger_id"].as_str().map(str::len), Some(36), "the ledger's UUID: {me:#}");
    let text = s.run(&["--operator", "王总", "whoami"]).stdout;
    assert!(text.contains("单机账本：不区分角色") && text.contains("运维总监"), "{text}");

    let first = pending(&s, &["N1:A01:10"]);
    let second = pending(&s, &["N2:A01:20"]);
    s.ok(&["--operator", "王总", "request", "approve", &second]);
    let q = s.ok(&["--operator", "李工", "request", "queue"]);
    let count = |name: &str| {
        q["queues"]
            .as_array()
            .and_then(|v| v.iter().find(|x| x["queue"] == name))
            .map(|x| (x["count"].as_u64().unwrap_or(99), x["requests"].clone()))
            .unwrap_or_else(|| panic!("{name} in {q:#}"))
    };
    assert_eq!(count("approve"), (1, serde_json::json!([first])));
    assert_eq!(count("review"), (1, serde_json::json!([second])));
    assert_eq!(count("confirm").0, 0);
    assert_eq!(count("execute").0, 0);
    assert_eq!(count("accept").0, 0);
}

#[test]
fn racking_by_hand_on_the_emergency_path_is_recorded_and_listed_as_urgent() {
    let s = site();
    // On a single file nothing is refused without a 附件5…
    s.ok(&["place", "N2", "A01", "1"]);
    // …but an emergency reason is recorded and marked.
    s.refused(&["place", "N1", "A01", "5", "--emergency", "  "], "missing_field");
    let doc = s.ok(&["--operator", "张工", "place", "N1", "A01", "5", "--emergency", "业务中断，抢修替换"]);
    assert_eq!(doc["asset"]["start_u"], 5);
    let place = s.audit("N1").into_iter().find(|e| e["action"] == "asset.place").unwrap_or_default();
    assert_eq!(place["reason"], "紧急操作：业务中断，抢修替换", "{place:#}");
    let hist = s.show("N1")["history"].as_array().cloned().unwrap_or_default();
    assert!(hist.iter().any(|h| h["reason"] == "紧急操作：业务中断，抢修替换"), "{hist:#?}");
    s.ok(&["move", "N1", "A01", "20", "--emergency", "让位"]);
    s.ok(&["port", "add", "N1:eth0", "--kind", "rj45"]);
    s.ok(&["port", "add", "SW1:GE1/0/9", "--kind", "rj45"]);
    let cable = s.ok(&["connect", "N1:eth0", "SW1:GE1/0/9", "--emergency", "临时接入"]);
    let no = cable["cable"]["cable_no"].as_str().unwrap_or_else(|| panic!("{cable:#}")).to_string();
    let audit = s.ok(&["audit", "--entity", "cable", "--key", &no]);
    assert!(
        audit["audit"].as_array().is_some_and(|v| v.iter().any(|e| e["reason"] == "紧急操作：临时接入")),
        "{audit:#}"
    );

    let week = chrono::Local::now().format("%G-W%V").to_string();
    let out = s.path("weekly.xlsx");
    s.ok(&["export", "weekly", "--week", &week, "--out", out.to_str().unwrap_or_default()]);
    let rows = sheet_text(&out, "本周变动明细");
    let kinds: Vec<(&str, &str)> = rows.iter().map(|r| (r[0].as_str(), r[2].as_str())).collect();
    assert!(kinds.contains(&("N1", "上架（紧急）")), "{kinds:?}");
    assert!(kinds.contains(&("N1", "迁移（紧急）")), "{kinds:?}");
    assert!(kinds.contains(&("N2", "上架")), "the plain placement is not urgent: {kinds:?}");
}

/// `request show`'s `mine` (the app's buttons): 审批 is a listed approver's even where everyone
/// holds every role; on a single file the executor may accept, on a team ledger not.
#[test]
fn the_steps_offered_follow_the_approvers_and_the_executor_rule() {
    let s = site();
    let no = pending(&s, &["N1:A01:10"]);
    let mine = |who: &str| -> Vec<String> {
        let d = s.ok(&["--operator", who, "request", "show", &no]);
        d["mine"]
            .as_array()
            .unwrap_or_else(|| panic!("{d:#}"))
            .iter()
            .map(|a| a.as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(mine("王总"), ["approve", "reject", "cancel"]);
    assert_eq!(mine("张工"), ["cancel"], "not among the approvers");
    s.ok(&["--operator", "王总", "request", "approve", &no]);
    assert_eq!(mine("张工"), ["review", "reject", "cancel"]);
    s.ok(&["--operator", "李工", "request", "review", &no]);
    operation(&s, &no);
    s.ok(&["--operator", "王总", "operation", "confirm", &no]);
    s.ok(&["--operator", "张工", "request", "execute", &no]);
    if crate::common::on_postgres() {
        assert!(mine("张工").is_empty(), "a team ledger: 验收 is someone else's");
    } else {
        assert_eq!(mine("张工"), ["accept"], "a single file: one person may do every step");
    }
    assert_eq!(mine("王总"), ["accept"]);
}
