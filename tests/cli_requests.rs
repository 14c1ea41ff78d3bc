//! `request …` and `operation …`: racking requests through their states, approval by approvers
//! only, the full check of all rows together, reservations seen by `place`, `check`, other
//! requests and the power report, execution in one transaction, and the 附件2/附件5 forms.

use serde_json::Value;

use crate::common::Site;

/// Room 一号机房 with A01 (4.4 kW) and B01 (1 kW), approvers 王总 and 李工, and in-stock
/// servers N1 (800 W, 2U), N2 (800 W) and BIG (2000 W).
fn site() -> Site {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    s.ok(&["cabinet", "add", "A01", "--room", "一号机房", "--rated-kw", "4.4"]);
    s.ok(&["cabinet", "add", "B01", "--room", "一号机房", "--rated-kw", "1"]);
    s.ok(&["settings", "set", "approvers", "王总, 李工"]);
    s.add("N1", &["u_height=2"]);
    s.add("N2", &[]);
    s.add("BIG", &["rated_w=2000"]);
    s.add("X", &[]);
    s
}

/// Files a request of `rows` for 市大数据局 and submits it; returns its number.
fn filed(s: &Site, rows: &[&str]) -> String {
    let mut args = vec!["request", "add", "--org", "市大数据局", "--applicant", "张三", "--phone", "13800000000"];
    for r in rows {
        args.push("--row");
        args.push(r);
    }
    let doc = s.ok(&args);
    let no = doc["request_no"].as_str().unwrap_or_else(|| panic!("request_no in {doc:#}")).to_string();
    assert_eq!(doc["state"], "draft");
    s.ok(&["request", "submit", &no]);
    no
}

fn approve(s: &Site, no: &str, extra: &[&str]) -> Value {
    let mut args = vec!["--operator", "王总", "request", "approve", no];
    args.extend_from_slice(extra);
    s.ok(&args)
}

fn cabinet_power<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["cabinets"]
        .as_array()
        .and_then(|v| v.iter().find(|c| c["cabinet"] == code))
        .unwrap_or_else(|| panic!("{code} in {doc:#}"))
}

#[test]
fn numbers_follow_the_year_and_states_move_forward() {
    let s = site();
    let a = filed(&s, &["N1:A01:10"]);
    let year = chrono::Local::now().format("%Y").to_string();
    assert_eq!(a, format!("SQ-{year}-0001"));
    let b = s.ok(&["request", "add", "--org", "o", "--applicant", "p", "--row", "N2:A01:20:rear"]);
    assert_eq!(b["request_no"], format!("SQ-{year}-0002"));
    assert_eq!(b["request"]["rows"][0]["face"], "rear");
    // A draft cannot be approved; an approved one cannot be submitted again.
    s.refused(
        &["--operator", "王总", "request", "approve", b["request_no"].as_str().unwrap_or("")],
        "request_transition",
    );
    approve(&s, &a, &[]);
    s.refused(&["request", "submit", &a], "request_transition");
    let list = s.ok(&["request", "list", "--state", "已批准"]);
    assert_eq!(list["requests"].as_array().map(Vec::len), Some(1));
    // Unknown assets and cabinets are refused at filing, nothing written.
    s.refused(&["request", "add", "--org", "o", "--applicant", "p", "--row", "NOPE:A01:1"], "asset_not_found");
    s.refused(&["request", "add", "--org", "o", "--applicant", "p", "--row", "N2:Z99:1"], "cabinet_not_found");
    assert_eq!(s.ok(&["request", "list"])["requests"].as_array().map(Vec::len), Some(2));
    // Wrong usage of a row is exit 2.
    assert_eq!(s.run(&["request", "add", "--org", "o", "--applicant", "p", "--row", "N2:A01"]).code, 2);
}

#[test]
fn only_approvers_approve_or_reject() {
    let s = site();
    let no = filed(&s, &["N1:A01:10"]);
    let doc = s.refused(&["--operator", "张三", "request", "approve", &no], "not_approver");
    let msg = doc["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("张三") && msg.contains("王总"), "{msg}");
    s.refused(&["--operator", "张三", "request", "reject", &no, "--reason", "不行"], "not_approver");
    assert_eq!(s.ok(&["request", "show", &no])["state"], "pending");
    let r = s.ok(&["--operator", "李工", "request", "reject", &no, "--reason", "U位规划不合理"]);
    assert_eq!(r["state"], "rejected");
    assert_eq!(r["request"]["approver"], "李工");
    assert_eq!(r["request"]["opinion"], "U位规划不合理");
    // A rejected request reserves nothing.
    s.ok(&["place", "X", "A01", "10"]);
}

#[test]
fn an_approved_request_reserves_its_units_and_power() {
    let s = site();
    let no = filed(&s, &["N1:A01:10"]);
    let a = approve(&s, &no, &[]);
    assert_eq!(a["state"], "approved");
    assert_eq!(a["request"]["approver"], "王总");
    assert_eq!(a["check"]["verdict"], "ok");

    // A placement onto the reserved units is refused, naming the request.
    let doc = s.refused(&["place", "X", "A01", "11"], "space_conflict");
    let msg = doc["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains(&no) && msg.contains("N1"), "{msg}");
    assert_eq!(doc["check"]["conflicts"], serde_json::json!(["N1"]));
    let r = s.json(&["check", "X", "A01", "10"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["verdict"], "refused");
    // The rear face too: N1 is full depth.
    s.refused(&["place", "X", "A01", "10", "--face", "rear"], "space_conflict");
    // Next to it is free.
    s.ok(&["place", "X", "A01", "12"]);
    // Another request for the same units is refused at approval, naming the first.
    let other = filed(&s, &["N2:A01:11"]);
    let doc = s.refused(&["--operator", "王总", "request", "approve", &other], "approval_refused");
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains(&no), "{doc:#}");
    assert_eq!(doc["check"]["rows"][0]["check"]["overridable"], false);

    // The power report shows the planned load; measured and computed figures are unchanged.
    let p = s.ok(&["power"]);
    let a01 = cabinet_power(&p, "A01");
    assert_eq!(a01["computed_w"], 800, "X only: {a01:#}");
    assert_eq!(a01["load_w"], 800);
    assert_eq!(a01["planned_w"], 800);
    assert_eq!(a01["planned_load_w"], 1600);

    // The elevation's data names the reservation.
    let el = s.ok(&["cabinet", "show", "A01"]);
    let reserved = &el["reserved"];
    assert_eq!(reserved[0]["request_no"], no.as_str(), "{el:#}");
    assert_eq!(reserved[0]["start_u"], 10);
    assert_eq!(reserved[0]["u_height"], 2);
}

#[test]
fn rows_of_one_request_are_checked_together() {
    let s = site();
    // Overlapping rows of the same request: space, never overridable.
    let no = filed(&s, &["N1:A01:10", "N2:A01:11"]);
    let doc = s.refused(&["--operator", "王总", "request", "approve", &no], "approval_refused");
    let rows = doc["check"]["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows[0]["check"]["verdict"], "ok", "{doc:#}");
    assert_eq!(rows[1]["check"]["verdict"], "refused");
    assert_eq!(rows[1]["check"]["conflicts"], serde_json::json!(["N1"]));
    assert_eq!(s.ok(&["request", "show", &no])["state"], "pending");

    // Half-depth devices on opposite faces may share a unit.
    s.add("H1", &["depth=half"]);
    s.add("H2", &["depth=half"]);
    let ok = filed(&s, &["H1:A01:30:front", "H2:A01:30:rear"]);
    assert_eq!(approve(&s, &ok, &[])["check"]["verdict"], "ok");
}

#[test]
fn a_power_refusal_is_the_idc_engineers_to_pass_at_review() {
    let s = site();
    // B01 is 1 kW: 800 + 800 W is 160 %, each row alone would be 80 % (a warning only).
    let no = filed(&s, &["N1:B01:1", "N2:B01:5"]);
    // The director may not go past the check: that is the IDC engineer's decision.
    let doc = s.refused(&["--operator", "王总", "request", "approve", &no, "--override", "急"], "approval_override");
    assert!(!doc["error"]["message"].as_str().unwrap_or_default().contains("--"), "{doc:#}");
    assert_eq!(s.ok(&["request", "show", &no])["state"], "pending");
    // Approval records the refused power check and leaves it to 机房审核.
    let a = approve(&s, &no, &[]);
    assert_eq!(a["state"], "approved");
    assert_eq!(a["check"]["verdict"], "refused");
    assert_eq!(a["check"]["overridable"], true);
    assert!(a["request"]["override_reason"].is_null());

    let doc = s.refused(&["--operator", "李工", "request", "review", &no], "review_refused");
    assert_eq!(doc["check"]["verdict"], "refused");
    let row = &doc["check"]["rows"][1]["check"];
    assert_eq!(row["cabinet"]["load_after_w"], 1600, "both rows counted: {doc:#}");
    // The message is the app's too and names no flag; the command line's hint does.
    let message = doc["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("IDC工程师可填写越过检查的原因") && !message.contains("--"), "{doc:#}");
    assert_eq!(doc["error"]["hint"], "用 --override 说明原因");
    assert_eq!(s.ok(&["request", "show", &no])["state"], "approved");

    let r = s.ok(&["--operator", "李工", "request", "review", &no, "--override", "临时迁入，下周扩容"]);
    assert_eq!(r["state"], "reviewed");
    assert_eq!(r["request"]["override_reason"], "临时迁入，下周扩容");
    assert_eq!(r["request"]["reviewer"], "李工");
    let audit = s.ok(&["audit", "--entity", "request", "--key", &no]);
    let reviewed = audit["audit"]
        .as_array()
        .and_then(|v| v.iter().find(|e| e["action"] == "request.review").cloned())
        .unwrap_or_else(|| panic!("{audit:#}"));
    assert_eq!(reviewed["reason"], "临时迁入，下周扩容");
    assert_eq!(reviewed["operator"], "李工");

    // A later placement counts the reserved power: B01 would be over.
    let r = s.json(&["check", "X", "B01", "20"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["cabinet"]["load_before_w"], 1600);
}

#[test]
fn executing_racks_the_devices_and_releases_the_reservation() {
    let s = site();
    let no = filed(&s, &["N1:A01:10", "N2:A01:20:rear"]);
    s.refused(&["request", "execute", &no], "request_transition");
    approve(&s, &no, &[]);
    s.refused(&["request", "execute", &no], "request_transition");
    s.ready(&no);
    let x = s.ok(&["--operator", "施工员", "request", "execute", &no]);
    assert_eq!(x["state"], "executed");
    assert_eq!(x["request"]["executed_by"], "施工员");
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let n1 = s.show("N1");
    assert_eq!(n1["position"]["cabinet"], "A01");
    assert_eq!(n1["position"]["start_u"], 10);
    assert_eq!(n1["status"], "in_use");
    assert_eq!(n1["racked_on"], today.as_str());
    assert_eq!(s.show("N2")["position"]["face"], "rear");
    // Released: nothing reserved, the planned load is the load.
    assert_eq!(s.ok(&["cabinet", "show", "A01"])["reserved"], serde_json::json!([]));
    let p = s.ok(&["power"]);
    assert_eq!(cabinet_power(&p, "A01")["planned_w"], 0);
    assert_eq!(cabinet_power(&p, "A01")["computed_w"], 1600);
    // The units are now taken by the device itself, not the request.
    let doc = s.refused(&["place", "X", "A01", "10"], "space_conflict");
    assert!(!doc["error"]["message"].as_str().unwrap_or_default().contains(&no));
    // Executed once only; an executed request cannot be cancelled.
    s.refused(&["request", "execute", &no], "request_transition");
    s.refused(&["request", "cancel", &no], "request_transition");
    // Audited: the request's steps, and the placement on the asset.
    let audit = s.ok(&["audit", "--entity", "request", "--key", &no]);
    let actions: Vec<&str> =
        audit["audit"].as_array().into_iter().flatten().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(
        actions,
        ["request.execute", "request.confirm", "request.review", "request.approve", "request.submit", "request.create"]
    );
    assert!(s.audit("N1").iter().any(|e| e["action"] == "asset.place"));
}

#[test]
fn a_refused_row_at_execution_leaves_everything_as_it_was() {
    let s = site();
    let no = filed(&s, &["N1:A01:10", "N2:A01:20"]);
    approve(&s, &no, &[]);
    s.ready(&no);
    // Someone retires N2 between approval and execution: its row cannot be racked.
    s.ok(&["asset", "set", "N2", "status=to_retire"]);
    s.refused(&["request", "execute", &no], "not_rackable");
    assert!(s.show("N1")["position"].is_null(), "N1 not racked: one transaction");
    assert_eq!(s.ok(&["request", "show", &no])["state"], "confirmed");
    // Cancelling releases the reservation.
    s.ok(&["request", "cancel", &no, "--reason", "设备待报废"]);
    s.ok(&["place", "X", "A01", "10"]);
}

#[test]
fn a_migration_moves_a_racked_device() {
    let s = site();
    s.ok(&["place", "N2", "A01", "1"]);
    let doc = s.ok(&["request", "add", "--org", "o", "--applicant", "p", "--type", "迁移", "--row", "N2:A01:30"]);
    let no = doc["request_no"].as_str().unwrap_or_default().to_string();
    s.ok(&["request", "submit", &no]);
    approve(&s, &no, &[]);
    s.ready(&no);
    s.ok(&["request", "execute", &no]);
    assert_eq!(s.show("N2")["position"]["start_u"], 30);
    // A new request for a device already racked, not a migration: refused at approval.
    let again = filed(&s, &["N2:A01:35"]);
    s.refused(&["--operator", "王总", "request", "approve", &again], "approval_refused");
}

#[test]
fn an_operation_request_labels_both_ends_of_every_cable() {
    let s = site();
    s.add("SW1", &["category=switch"]);
    s.ok(&["place", "SW1", "A01", "40"]);
    let no = filed(&s, &["N1:A01:10"]);
    let op = s.ok(&[
        "operation",
        "add",
        "--request",
        &no,
        "--steps",
        "1. 上架 2. 接线 3. 加电",
        "--risk",
        "中",
        "--rollback",
        "拔线下架",
        "--cable",
        "N1:eth0,SW1:GE1/0/1,cat6,C-0001",
        "--cable",
        "N1:eth1,SW1:GE1/0/2",
    ]);
    let o = &op["operation"];
    assert_eq!(o["request_no"], no.as_str());
    assert_eq!(o["org"], "市大数据局", "taken from the request");
    assert_eq!(o["positions"][0]["asset_tag"], "N1");
    assert_eq!(o["positions"][0]["start_u"], 10);
    assert_eq!(o["cables"][0]["a_label"], "A01-10-eth0");
    assert_eq!(o["cables"][0]["b_label"], "A01-40-GE1/0/1");
    assert_eq!(o["cables"][0]["a_position"], "A01-U10");
    assert_eq!(o["cables"][0]["cable_no"], "C-0001");
    assert_eq!(o["risk"], "medium");
    // A port carries one cable.
    s.refused(
        &[
            "operation",
            "add",
            "--org",
            "o",
            "--applicant",
            "p",
            "--type",
            "布线",
            "--cable",
            "N1:eth0,SW1:GE1/0/3",
            "--cable",
            "N2:eth0,SW1:GE1/0/3",
        ],
        "invalid_value",
    );
    let shown = s.ok(&["request", "show", &no]);
    assert_eq!(shown["request"]["operations"][0], op["op_no"]);
    assert_eq!(s.ok(&["operation", "list", "--request", &no])["operations"].as_array().map(Vec::len), Some(1));
}

#[test]
fn executing_creates_ports_and_the_planned_cables_or_nothing() {
    let s = site();
    s.add("SW1", &["category=switch", "vendor=华三", "model=S6850-56HF"]);
    s.ok(&["place", "SW1", "A01", "40"]);
    let no = filed(&s, &["N1:A01:10", "N2:A01:20"]);
    s.ok(&["operation", "add", "--request", &no, "--cable", "N1:eth0,SW1:GE1/0/1,cat6,C-0001"]);
    // A second operation plans another cable onto the same switch port: each is valid alone,
    // but at execution the port is taken by then.
    s.ok(&["operation", "add", "--request", &no, "--cable", "N2:eth0,SW1:GE1/0/1,cat6,C-0002"]);
    approve(&s, &no, &[]);
    s.ready(&no);
    let doc = s.refused(&["request", "execute", &no], "port_taken");
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("C-0001"), "{doc:#}");
    assert!(s.show("N1")["position"].is_null(), "nothing racked: one transaction");
    assert_eq!(s.ok(&["audit", "--entity", "cable"])["audit"], serde_json::json!([]));

    // Without the clash: racked, ports from templates, the cable connected with its labels.
    let ok = filed(&s, &["X:A01:30"]);
    s.ok(&["operation", "add", "--request", &ok, "--cable", "X:eth0,SW1:GE1/0/2,cat6,C-0003"]);
    approve(&s, &ok, &[]);
    s.ready(&ok);
    let x = s.ok(&["request", "execute", &ok]);
    assert_eq!(x["cables_created"], 1, "{x:#}");
    // X got its ports from its model's template at registration: none are missing now.
    assert_eq!(x["ports_created"], 0, "{x:#}");
    let audit = s.ok(&["audit", "--entity", "cable", "--key", "C-0003"]);
    let connect = &audit["audit"][0];
    assert_eq!(connect["action"], "cable.connect", "{audit:#}");
    let after = match &connect["after"] {
        Value::String(j) => serde_json::from_str(j).unwrap_or_default(),
        other => other.clone(),
    };
    assert_eq!(after["a"]["label"], "A01-30-eth0", "{after:#}");
    assert_eq!(after["b"]["label"], "A01-40-GE1/0/2");
    let ops = s.ok(&["operation", "list", "--request", &ok]);
    assert!(ops["operations"][0]["completed_at"].is_string(), "{ops:#}");
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

#[test]
fn the_racking_request_form_reads_back_with_its_power_check() {
    let s = site();
    let no = filed(&s, &["N1:A01:10"]);
    approve(&s, &no, &["--opinion", "同意上架"]);
    let out = s.path("sq.xlsx");
    let doc = s.ok(&["export", "request", &no, "--out", out.to_str().unwrap_or_default()]);
    assert_eq!(doc["sheets"][0]["sheet"], "设备上架申请表");
    let rows = sheet_text(&out, "设备上架申请表");
    assert!(rows[0][0].starts_with("设备上架申请表（导出时间"), "{:?}", rows[0]);
    assert_eq!(value_of(&rows, "申请单号"), no);
    assert_eq!(value_of(&rows, "申请单位"), "市大数据局");
    assert_eq!(value_of(&rows, "审批人"), "王总");
    assert_eq!(value_of(&rows, "审批意见"), "同意上架");
    assert_eq!(value_of(&rows, "状态"), "已批准");
    let head =
        rows.iter().position(|r| r.first().map(String::as_str) == Some("序号")).unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(rows[head][5], "序列号");
    assert_eq!(rows[head + 1][6], "N1");
    assert_eq!(rows[head + 1][14], "A01");
    assert_eq!(rows[head + 1][15], "10");
    let check = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("审批时电力检查"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    let a01 = &rows[check + 2];
    assert_eq!((a01[0].as_str(), a01[1].as_str()), ("机柜", "A01"), "{a01:?}");
    assert_eq!(a01[3], "0", "before: nothing racked");
    assert_eq!(a01[4], "0.8", "after: N1's 800 W");
    assert_eq!(a01[11], "通过", "{a01:?}");

    // 附件5 of an operation request.
    s.add("SW1", &["category=switch"]);
    s.ok(&["place", "SW1", "A01", "40"]);
    let op = s.ok(&["operation", "add", "--request", &no, "--cable", "N1:eth0,SW1:GE1/0/1,cat6,C-0001"]);
    let op_no = op["op_no"].as_str().unwrap_or_default();
    let out5 = s.path("cz.xlsx");
    s.ok(&["export", "operation", op_no, "--out", out5.to_str().unwrap_or_default()]);
    let rows = sheet_text(&out5, "操作申请单");
    assert_eq!(value_of(&rows, "关联上架申请单"), no);
    let cab = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("线缆编号"))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(rows[cab + 1][0], "C-0001");
    assert_eq!(rows[cab + 1][9], "A01-10-eth0");
    assert_eq!(rows[cab + 1][10], "A01-40-GE1/0/1");
}

#[test]
fn importing_a_filled_racking_request_form_files_a_request() {
    use rust_xlsxwriter::Workbook;
    let s = site();
    let path = s.path("filled.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // What people send: a title, labels with *, a date as text, the table further down.
    let cells: &[(u32, u16, &str)] = &[
        (0, 0, "附件2 设备上架申请表"),
        (2, 0, "申请单位*"),
        (2, 1, "市医保局"),
        (3, 0, "申请人 *"),
        (3, 1, "李四"),
        (4, 0, "联系电话"),
        (4, 1, "13900000000"),
        (5, 0, "申请类型"),
        (5, 1, "新增上架"),
        (6, 0, "计划上架日期"),
        (6, 1, "2026/12/1"),
        (7, 0, "已完成机房外加电测试"),
        (7, 1, "是"),
        (9, 0, "序号"),
        (9, 1, "设备名称*"),
        (9, 2, "设备类型"),
        (9, 3, "品牌"),
        (9, 4, "型号"),
        (9, 5, "序列号"),
        (9, 6, "资产编号"),
        (9, 7, "占用U数"),
        (9, 8, "额定功率(W)"),
        (9, 9, "机柜编号"),
        (9, 10, "起始U位"),
        (10, 0, "1"),
        (10, 1, "医保前置机"),
        (10, 2, "服务器"),
        (10, 3, "浪潮"),
        (10, 4, "NF5280M6"),
        (10, 5, "YB-0001"),
        (10, 7, "2U"),
        (10, 8, "750W"),
        (10, 9, "A01"),
        (10, 10, "5"),
    ];
    for (r, c, v) in cells {
        ws.write_string(*r, *c, *v).unwrap_or_else(|e| panic!("{e}"));
    }
    wb.save(&path).unwrap_or_else(|e| panic!("{e}"));
    let doc = s.ok(&["import", path.to_str().unwrap_or_default()]);
    let no = doc["request_no"].as_str().unwrap_or_else(|| panic!("{doc:#}")).to_string();
    let r = s.ok(&["request", "show", &no]);
    assert_eq!(r["request"]["org"], "市医保局");
    assert_eq!(r["request"]["planned_on"], "2026-12-01");
    assert_eq!(r["request"]["power_tested"], true);
    let row = &r["request"]["rows"][0];
    assert_eq!(row["in_ledger"], false);
    assert_eq!(row["asset_tag"], format!("{no}-1"));
    assert_eq!((row["u_height"].as_u64(), row["rated_w"].as_u64()), (Some(2), Some(750)));
    // Through to execution: the new device is registered, owned by the applicant, and racked.
    s.ok(&["request", "submit", &no]);
    approve(&s, &no, &[]);
    s.ready(&no);
    s.ok(&["request", "execute", &no]);
    let a = s.show(&format!("{no}-1"));
    assert_eq!(a["owner"], "市医保局");
    assert_eq!(a["serial"], "YB-0001");
    assert_eq!(a["position"]["start_u"], 5);

    // A half-filled row is an error naming its row and column, and nothing is filed.
    let bad = s.path("bad.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (r, c, v) in cells.iter().filter(|(r, c, _)| !(*r == 10 && *c == 5)) {
        ws.write_string(*r, *c, *v).unwrap_or_else(|e| panic!("{e}"));
    }
    wb.save(&bad).unwrap_or_else(|e| panic!("{e}"));
    let r = s.json(&["import", bad.to_str().unwrap_or_default()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let d = r.json();
    assert_eq!(d["errors"][0]["row"], 11, "{d:#}");
    assert_eq!(d["errors"][0]["column"], "序列号");
    assert_eq!(s.ok(&["request", "list"])["requests"].as_array().map(Vec::len), Some(1));
}
