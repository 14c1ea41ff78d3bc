//! The 端口连接 sheet of an import, on workbooks made here with rust_xlsxwriter: a cable moved to
//! a free port is an update of that cable (not a conflict with itself), cables exchanging ports
//! in one file are judged by the file's end state, a port another cable holds is refused, and
//! every bad row is located in `errors` — in the dry run and the real run, with nothing written
//! and every count 0 when refused (any sheet's). Also the grouped human text of a refusal.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::common::Site;

/// Cabinet A01 with a switch SW-1 (48 GE `GE1/0/n`, rj45) and servers SRV-1, SRV-2, SRV-3 (their
/// model's template gives them GE1, GE2, 10GE1, 10GE2, iBMC, PSU1, PSU2), cabled by an import:
/// L-1 SRV-1:GE1 – SW-1:GE1/0/1 and L-2 SRV-2:GE1 – SW-1:GE1/0/2.
fn site() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    let sw = ["category=switch", "vendor=新华三", "model=S5130-52S", "cabinet=A01", "start_u=42", "status=在用"];
    site.add("SW-1", &sw);
    site.add("SRV-1", &["cabinet=A01", "start_u=10", "status=在用"]);
    site.add("SRV-2", &["cabinet=A01", "start_u=12", "status=在用"]);
    site.add("SRV-3", &["cabinet=A01", "start_u=14", "status=在用"]);
    let book = cables(
        &site,
        "first.xlsx",
        &[
            ["L-1", "六类网线", "SRV-1", "GE1", "SW-1", "GE1/0/1"],
            ["L-2", "六类网线", "SRV-2", "GE1", "SW-1", "GE1/0/2"],
        ],
    );
    let doc = site.ok(&["import", &book]);
    assert_eq!(sheet(&doc)["inserted"], 2, "{doc:#}");
    site
}

/// A workbook with one 端口连接 sheet (header on row 2, the first cable on row 3, as exported).
fn cables(site: &Site, name: &str, rows: &[[&str; 6]]) -> String {
    let path = site.path(name);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("端口连接").unwrap();
    ws.write_string(0, 0, "端口连接").unwrap();
    for (c, h) in ["线缆编号", "线缆类型", "本端资产编号", "本端端口", "对端资产编号", "对端端口"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 2, c as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    path.to_str().unwrap().to_string()
}

/// The 端口连接 sheet's report.
fn sheet(doc: &Value) -> Value {
    doc["sheets"].as_array().and_then(|s| s.iter().find(|s| s["sheet"] == "端口连接")).cloned().unwrap_or_default()
}

fn counts(doc: &Value) -> (u64, u64, u64) {
    let s = sheet(doc);
    let n = |k: &str| s[k].as_u64().unwrap_or(u64::MAX);
    (n("inserted"), n("updated"), n("unchanged"))
}

/// Runs `import` (with `extra` args) expecting a refusal of the file: exit 1, a report (not a
/// top-level error) with `ok` false.
fn refused(site: &Site, book: &str, extra: &[&str]) -> Value {
    let mut args = vec!["import", book];
    args.extend_from_slice(extra);
    let r = site.json(&args);
    assert_eq!(r.code, 1, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    let doc = r.json();
    assert_eq!(doc["ok"], false, "{doc:#}");
    assert!(doc.get("error").is_none(), "a report, not a top-level error: {doc:#}");
    doc
}

/// The error located at `row` and `column` of 端口连接; its message contains `says`.
fn located(doc: &Value, row: u64, column: &str, value: &str, says: &str) {
    let errors = doc["errors"].as_array().cloned().unwrap_or_default();
    let e = errors
        .iter()
        .find(|e| e["row"] == row && e["column"] == column)
        .unwrap_or_else(|| panic!("no error at row {row} “{column}” in {errors:#?}"));
    assert_eq!(e["sheet"], "端口连接", "{e:#}");
    assert_eq!(e["value"], value, "{e:#}");
    assert!(e["message"].as_str().is_some_and(|m| m.contains(says)), "{e:#} should say {says}");
}

fn cable(site: &Site, no: &str) -> Value {
    site.ok(&["cable", "show", no])["cable"].clone()
}

#[test]
fn a_cable_moved_to_a_free_port_is_an_update_of_that_cable() {
    // Refused on main before this change: `端口 SRV-1:GE1 已被线缆 L-1 占用`, a top-level error.
    let site = site();
    let book = cables(
        &site,
        "moved.xlsx",
        &[
            ["L-1", "六类网线", "SRV-1", "GE1", "SW-1", "GE1/0/5"],
            ["L-2", "六类网线", "SRV-2", "GE1", "SW-1", "GE1/0/2"],
        ],
    );
    let before = site.files();
    let dry = site.ok(&["import", &book, "--dry-run"]);
    site.files().assert_unchanged(&before, "a dry run");
    assert_eq!(counts(&dry), (0, 1, 1), "{dry:#}");
    let change = &sheet(&dry)["changes"][0];
    assert_eq!(
        (change["row"].as_u64(), change["key"].as_str(), change["action"].as_str()),
        (Some(3), Some("L-1"), Some("update"))
    );
    assert_eq!(change["fields"], serde_json::json!([{"field": "b_port", "before": "GE1/0/1", "after": "GE1/0/5"}]));

    let done = site.ok(&["import", &book]);
    assert_eq!(counts(&done), (0, 1, 1), "{done:#}");
    let l1 = cable(&site, "L-1");
    assert_eq!((l1["a"]["port"].as_str(), l1["b"]["port"].as_str()), (Some("GE1"), Some("GE1/0/5")));
    assert_eq!(l1["a"]["label"], "A01-10-GE1", "the end that stayed keeps its label");
    assert_eq!(l1["b"]["label"], "A01-42-GE1/0/5", "the end that moved is labelled where it is now");
    assert_eq!(site.ok(&["cable", "list"])["cables"].as_array().map(Vec::len), Some(2), "moved, not added");
    // The old port is free again (another cable may take it); the new one is used.
    site.ok(&["connect", "SRV-3:GE1", "SW-1:GE1/0/1"]);
    site.refused(&["connect", "SRV-3:GE2", "SW-1:GE1/0/5"], "port_taken");
    let audit = site.ok(&["audit", "--entity", "cable", "--key", "L-1"]);
    let last = &audit["audit"][0];
    assert_eq!(last["action"], "cable.move", "{audit:#}");
    assert!(
        last["before"].to_string().contains("GE1/0/1") && last["after"].to_string().contains("GE1/0/5"),
        "{last:#}"
    );
    // Importing the same file again changes nothing.
    assert_eq!(counts(&site.ok(&["import", &book])), (0, 0, 2));
}

#[test]
fn two_cables_exchanging_ports_in_one_file_are_judged_by_the_files_end_state() {
    let site = site();
    // L-1 and L-2 swap their switch ports; L-2's row is also written far end first.
    let book = cables(
        &site,
        "swap.xlsx",
        &[
            ["L-1", "六类网线", "SRV-1", "GE1", "SW-1", "GE1/0/2"],
            ["L-2", "六类网线", "SW-1", "GE1/0/1", "SRV-2", "GE1"],
        ],
    );
    let dry = site.ok(&["import", &book, "--dry-run"]);
    assert_eq!(counts(&dry), (0, 2, 0), "{dry:#}");
    for c in sheet(&dry)["changes"].as_array().unwrap() {
        let fields: Vec<&str> = c["fields"].as_array().unwrap().iter().filter_map(|f| f["field"].as_str()).collect();
        assert_eq!(fields, ["b_port"], "only the switch end moves, whichever way the row is written: {c:#}");
    }
    site.ok(&["import", &book]);
    assert_eq!(cable(&site, "L-1")["b"]["port"], "GE1/0/2");
    assert_eq!(cable(&site, "L-2")["b"]["port"], "GE1/0/1");
    // A row that only writes a cable's ends the other way round moves nothing.
    let reversed = cables(&site, "reversed.xlsx", &[["L-1", "六类网线", "SW-1", "GE1/0/2", "SRV-1", "GE1"]]);
    assert_eq!(counts(&site.ok(&["import", &reversed])), (0, 0, 1));
}

#[test]
fn a_move_onto_a_port_another_cable_holds_is_refused_and_located() {
    let site = site();
    let book = cables(&site, "onto.xlsx", &[["L-1", "六类网线", "SRV-1", "GE1", "SW-1", "GE1/0/2"]]);
    let before = site.files();
    for extra in [&["--dry-run"][..], &[][..]] {
        let doc = refused(&site, &book, extra);
        located(&doc, 3, "对端端口", "SW-1:GE1/0/2", "L-2");
        assert_eq!(doc["errors"].as_array().map(Vec::len), Some(1), "{doc:#}");
    }
    site.files().assert_unchanged(&before, "a refused import");
    assert_eq!(cable(&site, "L-1")["b"]["port"], "GE1/0/1");
}

#[test]
fn every_bad_cables_row_is_located_in_the_dry_run_and_the_real_run_and_nothing_is_written() {
    // On main before this change: one top-level error for the first bad row only.
    let site = site();
    let book = cables(
        &site,
        "bad.xlsx",
        &[
            ["L-3", "六类网线", "NOPE-1", "eth0", "SW-1", "GE1/0/10"],
            ["L-4", "六类网线", "SRV-3", "GE2", "SRV-3", "GE2"],
            ["L-5", "六类网线", "SRV-3", "GE1", "SW-1", "GE1/0/11"],
            ["L-6", "六类网线", "SRV-2", "GE2", "SW-1", "GE1/0/11"],
            ["L-7", "六类网线", "SRV-1", "GE2", "SW-1", "GE1/0/1"],
            ["L-8", "六类网线", "SRV-1", "10GE1", "NOPE-2", "x"],
        ],
    );
    let before = site.files();
    let dry = refused(&site, &book, &["--dry-run"]);
    let real = refused(&site, &book, &[]);
    site.files().assert_unchanged(&before, "a refused import");
    for doc in [&dry, &real] {
        located(doc, 3, "本端资产编号", "NOPE-1", "NOPE-1");
        located(doc, 4, "对端端口", "SRV-3:GE2", "SRV-3:GE2");
        located(doc, 6, "对端端口", "SW-1:GE1/0/11", "第 5 行");
        located(doc, 7, "对端端口", "SW-1:GE1/0/1", "L-1");
        located(doc, 8, "对端资产编号", "NOPE-2", "NOPE-2");
        assert_eq!(doc["errors"].as_array().map(Vec::len), Some(5), "{doc:#}");
    }
    // The dry run counts what the file would do once put right (L-5 is a good new cable); the
    // real run wrote nothing and says so.
    assert_eq!(counts(&dry), (1, 0, 0), "{dry:#}");
    assert_eq!(counts(&real), (0, 0, 0), "{real:#}");
    assert!(sheet(&real).get("changes").is_none(), "{real:#}");
}

#[test]
fn ports_of_kinds_that_do_not_join_are_located_row_by_row() {
    let site = site();
    let book = cables(
        &site,
        "kinds.xlsx",
        &[
            ["L-9", "六类网线", "SRV-3", "PSU1", "SW-1", "GE1/0/7"],
            ["L-10", "六类网线", "SRV-3", "GE1", "SW-1", "GE1/0/8"],
            ["L-11", "六类网线", "SRV-3", "10GE1", "SW-1", "GE1/0/9"],
        ],
    );
    let before = site.files();
    for extra in [&["--dry-run"][..], &[][..]] {
        let doc = refused(&site, &book, extra);
        located(&doc, 3, "对端端口", "SW-1:GE1/0/7", "SRV-3:PSU1");
        located(&doc, 5, "对端端口", "SW-1:GE1/0/9", "SRV-3:10GE1");
        assert_eq!(doc["errors"].as_array().map(Vec::len), Some(2), "{doc:#}");
    }
    site.files().assert_unchanged(&before, "a refused import");
    site.refused(&["cable", "show", "L-10"], "cable_not_found");
}

#[test]
fn a_refused_import_counts_nothing_and_its_text_groups_repeated_problems() {
    let site = site();
    // Ten rows naming the same unknown device, and one more problem.
    let mut rows: Vec<[String; 6]> = (1..=10)
        .map(|i| {
            ["".into(), "六类网线".into(), "NOPE".into(), format!("eth{i}"), "SW-1".into(), format!("GE1/0/{}", 20 + i)]
        })
        .map(|mut r: [String; 6]| {
            r[0] = format!("N-{}", r[3]);
            r
        })
        .collect();
    rows.insert(5, ["N-x".into(), "六类网线".into(), "SRV-3".into(), "GE1".into(), "SW-1".into(), "GE1/0/40".into()]);
    rows.push(["N-y".into(), "六类网线".into(), "SRV-3".into(), "GE2".into(), "SW-1".into(), "GE1/0/40".into()]);
    let rows: Vec<[&str; 6]> = rows.iter().map(|r| std::array::from_fn(|i| r[i].as_str())).collect();
    let book = cables(&site, "many.xlsx", &rows);
    let doc = refused(&site, &book, &[]);
    assert_eq!(doc["errors"].as_array().map(Vec::len), Some(11), "one entry per bad cell: {doc:#}");
    assert_eq!(counts(&doc), (0, 0, 0));
    let groups = doc["error_groups"].as_array().cloned().unwrap_or_default();
    assert_eq!(groups.len(), 2, "{groups:#?}");
    assert_eq!(groups[0]["rows_text"], "第 3–7、9–13 行");
    assert_eq!(groups[0]["problems"].as_array().map(Vec::len), Some(10));
    let text = site.run(&["import", &book]);
    assert_eq!(text.code, 1);
    let lines: Vec<&str> = text.stdout.lines().filter(|l| l.contains("NOPE")).collect();
    assert_eq!(lines.len(), 1, "{}", text.stdout);
    assert!(lines[0].contains("工作表 端口连接 第 3–7、9–13 行 “本端资产编号”（NOPE）"), "{}", text.stdout);
    assert!(text.stdout.contains("工作表 端口连接 第 14 行 “对端端口”（SW-1:GE1/0/40）"), "{}", text.stdout);
    let en = site.run(&["--lang", "en", "import", &book]);
    assert!(en.stdout.contains("sheet 端口连接 rows 3–7, 9–13 \"本端资产编号\""), "{}", en.stdout);
}

#[test]
fn a_refused_import_of_any_sheet_counts_nothing_but_its_dry_run_counts_what_it_would_do() {
    // On main before this change the refused import still said `inserted` 3.
    let site = site();
    let path = site.path("assets.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("资产登记").unwrap();
    let header = [
        "资产编号",
        "设备名称",
        "设备类型",
        "品牌",
        "型号",
        "序列号",
        "机房",
        "机柜编号",
        "起始U位",
        "占用U数",
        "额定功率(W)",
        "状态",
        "资产性质",
        "归属单位",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (tag, cabinet, u)) in
        [("N-1", "A01", "20"), ("N-2", "A01", "22"), ("N-3", "A01", "24"), ("N-4", "Z99", "1")].iter().enumerate()
    {
        let serial = format!("SN-{tag}");
        let row = [
            *tag,
            "host",
            "服务器",
            "华为",
            "2288H",
            &serial,
            "一号机房",
            cabinet,
            u,
            "1",
            "500",
            "在用",
            "自有",
            "平台",
        ];
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let book = path.to_str().unwrap();
    let assets = |doc: &Value| {
        let s = doc["sheets"]
            .as_array()
            .and_then(|s| s.iter().find(|s| s["sheet"] == "资产登记"))
            .cloned()
            .unwrap_or_default();
        (s["inserted"].as_u64(), s["updated"].as_u64(), s["unchanged"].as_u64())
    };
    let dry = refused(&site, book, &["--dry-run"]);
    assert_eq!(assets(&dry), (Some(3), Some(0), Some(0)), "{dry:#}");
    let real = refused(&site, book, &[]);
    assert_eq!(assets(&real), (Some(0), Some(0), Some(0)), "{real:#}");
    let text = site.run(&["import", book]);
    assert!(text.stdout.contains("未写入任何数据"), "{}", text.stdout);
    site.refused(&["asset", "show", "N-1"], "asset_not_found");
}
