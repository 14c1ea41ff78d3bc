//! One placement engine: every way of putting a device into a cabinet sees the units an
//! approved racking request reserves (issue 14, finding 1) — the workbook import and its dry
//! run, the edit of a racked device, approval of another request, and execution — and every
//! power answer carries the levels it was judged against.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::common::Site;

/// Room 一号机房; row-head RH-A (5 kW) feeding A06 (4.4 kW, its own levels 70 % / 85 %) and
/// A07 (4.4 kW); approver 王总; in-stock N1 (2U, 800 W), N2 (800 W), BIG (2000 W), BIG2
/// (1800 W); S1 racked at A06 U29 (1U, 300 W).
fn site() -> Site {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    s.ok(&["rowhead", "add", "RH-A", "--room", "一号机房", "--capacity-kw", "5"]);
    s.ok(&[
        "cabinet",
        "add",
        "A06",
        "--room",
        "一号机房",
        "--rated-kw",
        "4.4",
        "--feed-a",
        "RH-A",
        "--warning",
        "70",
        "--alarm",
        "85",
    ]);
    s.ok(&["cabinet", "add", "A07", "--room", "一号机房", "--rated-kw", "4.4", "--feed-a", "RH-A"]);
    s.ok(&["settings", "set", "approvers", "王总"]);
    s.add("N1", &["u_height=2"]);
    s.add("N2", &[]);
    s.add("BIG", &["rated_w=2000"]);
    s.add("BIG2", &["rated_w=1800"]);
    s.add("S1", &["rated_w=300"]);
    s.ok(&["place", "S1", "A06", "29"]);
    s
}

/// Files, submits and approves a request of `rows`; returns its number.
fn approved(s: &Site, rows: &[&str]) -> String {
    let no = filed(s, rows);
    let a = s.ok(&["--operator", "王总", "request", "approve", &no]);
    assert_eq!(a["state"], "approved", "{a:#}");
    no
}

fn filed(s: &Site, rows: &[&str]) -> String {
    let mut args = vec!["request", "add", "--org", "市大数据局", "--applicant", "张三"];
    for r in rows {
        args.push("--row");
        args.push(r);
    }
    let doc = s.ok(&args);
    let no = doc["request_no"].as_str().unwrap_or_else(|| panic!("request_no in {doc:#}")).to_string();
    s.ok(&["request", "submit", &no]);
    no
}

/// A 资产登记 sheet with one new 2U device, ZC-NEW, in use at A06 U`u`.
fn one_device(path: &std::path::Path, u: &str) {
    let header = [
        "资产编号",
        "设备名称",
        "设备类型",
        "品牌",
        "型号",
        "序列号",
        "资产性质",
        "归属单位",
        "机房",
        "机柜编号",
        "起始U位",
        "占用U数",
        "额定功率(W)",
        "状态",
    ];
    let row = [
        "ZC-NEW",
        "新主机",
        "服务器",
        "华为",
        "2288H",
        "SN-ZC-NEW",
        "自有",
        "平台",
        "一号机房",
        "A06",
        u,
        "2",
        "600",
        "在用",
    ];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("资产登记").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in row.iter().enumerate() {
        ws.write_string(1, c as u16, *v).unwrap();
    }
    wb.save(path).unwrap();
}

fn first_error(doc: &Value) -> &Value {
    &doc["errors"][0]
}

#[test]
fn an_import_cannot_rack_a_device_into_units_a_request_reserves() {
    let s = site();
    let no = approved(&s, &["N1:A06:30"]);
    let path = s.path("reserved.xlsx");
    one_device(&path, "30");
    let before = s.files();
    for dry in [true, false] {
        let mut args = vec!["import"];
        if dry {
            args.push("--dry-run");
        }
        args.push(path.to_str().unwrap());
        let r = s.json(&args);
        assert_eq!(r.code, 1, "dry run {dry}: {}", r.stdout);
        let doc = r.json();
        assert_eq!(doc["ok"], false, "{doc:#}");
        let e = first_error(&doc);
        assert_eq!(e["sheet"], "资产登记", "{doc:#}");
        assert_eq!(e["row"], 2);
        assert_eq!(e["column"], "起始U位");
        assert_eq!(e["value"], "30");
        let msg = e["message"].as_str().unwrap_or_default();
        assert!(msg.contains(&no) && msg.contains("N1"), "names the request and its device: {msg}");
        s.files().assert_unchanged(&before, "a refused import");
    }
    s.refused(&["asset", "show", "ZC-NEW"], "asset_not_found");
    // The request can still be executed; the units next to it are free for the import.
    s.ready(&no);
    s.ok(&["request", "execute", &no]);
    one_device(&path, "32");
    s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(s.show("ZC-NEW")["position"]["start_u"], 32);
}

#[test]
fn an_edit_cannot_grow_a_racked_device_into_reserved_units() {
    let s = site();
    let no = approved(&s, &["N1:A06:30"]);
    // S1 sits at U29; 2U would take U30, which N1's request holds.
    let doc = s.refused(&["asset", "set", "S1", "u_height=2"], "space_conflict");
    let msg = doc["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains(&no) && msg.contains("N1"), "{msg}");
    assert_eq!(s.show("S1")["u_height"], 1);
    // Growing into its own free side is fine: nothing is below U29 but U28.
    s.ok(&["unplace", "S1"]);
    s.ok(&["place", "S1", "A06", "28"]);
    s.ok(&["asset", "set", "S1", "u_height=2"]);
}

#[test]
fn approval_sees_other_requests_units_and_power_with_the_levels_judged() {
    let s = site();
    let first = approved(&s, &["N1:A06:30", "BIG:A07:1"]);
    // Overlapping units: refused, never overridable, naming the first request.
    let other = filed(&s, &["N2:A06:31"]);
    let doc = s.refused(&["--operator", "王总", "request", "approve", &other], "approval_refused");
    let row = &doc["check"]["rows"][0]["check"];
    assert_eq!(row["conflicts"], serde_json::json!(["N1"]), "{doc:#}");
    assert_eq!(row["overridable"], false);
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains(&first));

    // Power: the first request reserves 800 W in A06 and 2000 W in A07, both on RH-A (5 kW).
    // BIG2 (1800 W) in A06 leaves the cabinet at 2900 W (66 %, under its own 70 %), but RH-A
    // would carry 300 + 800 + 2000 + 1800 = 4900 W: 98 %, over its 90 % alarm level.
    let third = filed(&s, &["BIG2:A06:1"]);
    // A power refusal passes approval; 机房审核 refuses it.
    s.ok(&["--operator", "王总", "request", "approve", &third]);
    let doc = s.refused(&["--operator", "李工", "request", "review", &third], "review_refused");
    let check = &doc["check"]["rows"][0]["check"];
    assert_eq!(doc["check"]["overridable"], true, "{doc:#}");
    let rh = &check["row_heads"][0];
    assert_eq!(rh["row_head"], "RH-A");
    assert_eq!(rh["load_before_w"], 300.0 + 800.0 + 2000.0, "the reserved power counts: {doc:#}");
    assert_eq!(rh["load_after_w"], 300.0 + 800.0 + 2000.0 + 1800.0);
    assert_eq!(rh["status_after"], "critical");
    // Every power answer carries the levels it was judged against: A06 its own, RH-A the global.
    assert_eq!(check["cabinet"]["warning_level"], 0.7, "{check:#}");
    assert_eq!(check["cabinet"]["alarm_level"], 0.85);
    assert_eq!(rh["warning_level"], 0.8);
    assert_eq!(rh["alarm_level"], 0.9);
    // The same figures in `check`, once the third request no longer reserves them.
    s.ok(&["--operator", "李工", "request", "reject", &third, "--reason", "列头柜超载"]);
    let c = s.json(&["check", "BIG2", "A06", "1"]);
    assert_eq!(c.code, 1);
    let c = c.json();
    assert_eq!(c["cabinet"]["warning_level"], 0.7, "{c:#}");
    assert_eq!(c["row_heads"][0]["load_after_w"], 4900.0);
}

#[test]
fn executing_a_request_whose_units_were_taken_meanwhile_is_refused_cleanly() {
    let s = site();
    // N2 first: it is racked inside the transaction before N1's row is refused.
    let no = approved(&s, &["N2:A07:5", "N1:A06:30"]);
    s.ready(&no);
    // An import cannot take them (finding 1) …
    let path = s.path("taken.xlsx");
    one_device(&path, "31");
    let r = s.json(&["import", path.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    // … but a ledger written before this rule held may already have a device there.
    s.add("X", &[]);
    s.sql(
        "INSERT INTO positions (asset_id, cabinet_id, start_u, face)
         SELECT a.id, c.id, 31, 'front' FROM assets a, cabinets c WHERE a.asset_tag = 'X' AND c.code = 'A06';
         UPDATE assets SET status = 'in_use' WHERE asset_tag = 'X';",
    );
    let before = s.files();
    let doc = s.refused(&["request", "execute", &no], "space_conflict");
    let msg = doc["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("X-host") && msg.contains("A06"), "names the device in the way: {msg}");
    s.files().assert_unchanged(&before, "a refused execution");
    assert_eq!(s.ok(&["request", "show", &no])["state"], "confirmed");
    assert!(s.show("N2")["position"].is_null(), "one transaction: N2 not racked either");
}

#[test]
fn a_racking_request_form_for_reserved_units_is_refused_at_its_row() {
    let s = site();
    let no = approved(&s, &["N1:A06:30"]);
    let path = s.path("form.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let cells: &[(u32, u16, &str)] = &[
        (0, 0, "附件2 设备上架申请表"),
        (2, 0, "申请单位"),
        (2, 1, "市医保局"),
        (3, 0, "申请人"),
        (3, 1, "李四"),
        (5, 0, "序号"),
        (5, 1, "设备名称"),
        (5, 2, "设备类型"),
        (5, 3, "品牌"),
        (5, 4, "型号"),
        (5, 5, "序列号"),
        (5, 6, "占用U数"),
        (5, 7, "额定功率(W)"),
        (5, 8, "机柜编号"),
        (5, 9, "起始U位"),
        (6, 0, "1"),
        (6, 1, "前置机"),
        (6, 2, "服务器"),
        (6, 3, "浪潮"),
        (6, 4, "NF5280M6"),
        (6, 5, "YB-0001"),
        (6, 6, "1U"),
        (6, 7, "500W"),
        (6, 8, "A06"),
        (6, 9, "20"),
        (7, 0, "2"),
        (7, 1, "前置机"),
        (7, 2, "服务器"),
        (7, 3, "浪潮"),
        (7, 4, "NF5280M6"),
        (7, 5, "YB-0002"),
        (7, 6, "1U"),
        (7, 7, "500W"),
        (7, 8, "A06"),
        (7, 9, "31"),
    ];
    for (r, c, v) in cells {
        ws.write_string(*r, *c, *v).unwrap();
    }
    wb.save(&path).unwrap();
    let before = s.files();
    for dry in [true, false] {
        let mut args = vec!["import"];
        if dry {
            args.push("--dry-run");
        }
        args.push(path.to_str().unwrap());
        let r = s.json(&args);
        assert_eq!(r.code, 1, "dry run {dry}: {}", r.stdout);
        let doc = r.json();
        let errors = doc["errors"].as_array().cloned().unwrap_or_default();
        assert_eq!(errors.len(), 1, "only the second row: {doc:#}");
        assert_eq!(errors[0]["row"], 8);
        assert_eq!(errors[0]["column"], "起始U位");
        assert_eq!(errors[0]["value"], "31");
        assert!(errors[0]["message"].as_str().unwrap_or_default().contains(&no), "{doc:#}");
        s.files().assert_unchanged(&before, "a refused form");
    }
}
