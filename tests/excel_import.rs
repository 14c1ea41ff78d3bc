//! `import FILE [--dry-run]` on files in the field's style, generated here with rust_xlsxwriter:
//! titles above the header, aliases, line breaks and full-width brackets in headers, merged
//! cells, every date style, units and full-width digits, extra columns, empty rows — and bad
//! files, refused whole with every problem located.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use crate::common::Site;

fn date_fmt() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

/// A site with room 一号机房 and cabinets A01, A02.
fn site() -> Site {
    let s = Site::new();
    s.cabinet("A01", 42);
    s.cabinet("A02", 42);
    s
}

/// The messy 资产登记 sheet: title rows, header on row 4, aliases, merged 机房 cells.
fn messy(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    ws.merge_range(0, 0, 0, 5, "设备登记（2026年3月）", &Format::new()).unwrap();
    ws.write_string(2, 0, "说明：带 * 的为必填").unwrap();
    let headers = [
        "资产编码*",
        "设备\n名称",
        "Type",
        "品牌",
        "规格型号",
        "SN",
        "资产性质",
        "归属单位",
        "机房",
        "机柜",
        "起始U位",
        "U数",
        "额定功率（W）*",
        "购置日期",
        " 状态 ",
        "颜色",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let rows: [[&str; 16]; 4] = [
        [
            "ZC-001",
            "web01",
            "服务器",
            "华为",
            "2288H V6",
            "SN001",
            "自有",
            "平台",
            "",
            "A01",
            "１０",
            "2U",
            "900W",
            "",
            "在用",
            "红",
        ],
        [
            "ZC-002",
            "db01",
            "server",
            "浪潮",
            "NF5280M6",
            "SN002",
            "托管",
            "医保局",
            "",
            "A01",
            "20",
            "2",
            "0.9kW",
            "",
            "在用",
            "",
        ],
        [
            "ZC-003",
            "sw01",
            "交换机",
            "华为",
            "CE6881",
            "SN003",
            "自有",
            "平台",
            "",
            "",
            "",
            "1",
            "1,200",
            "2026年3月15日",
            "库存",
            "",
        ],
        [
            "ZC-004",
            "fw01",
            "防火墙",
            "华为",
            "USG6650",
            "SN004",
            "租赁",
            "公安局",
            "",
            "",
            "",
            "1",
            "350",
            "20260315",
            "库存",
            "",
        ],
    ];
    // Rows 5, 6, then an empty row 7, then 8, 9.
    for (i, r) in rows.iter().enumerate() {
        let row = if i < 2 { 4 + i as u32 } else { 5 + i as u32 };
        for (c, v) in r.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, c as u16, *v).unwrap();
            }
        }
    }
    // 机房 merged down rows 5–6; dates as a real date cell and as a serial in a date cell.
    ws.merge_range(4, 8, 5, 8, "一号机房", &Format::new()).unwrap();
    let d = ExcelDateTime::from_ymd(2026, 3, 15).unwrap();
    ws.write_datetime_with_format(4, 13, &d, &date_fmt()).unwrap();
    ws.write_number_with_format(5, 13, 46096.0, &date_fmt()).unwrap();
    wb.save(path).unwrap();
}

#[test]
fn a_messy_field_file_imports() {
    let s = site();
    let path = s.path("messy.xlsx");
    messy(&path);
    let doc = s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(doc["ok"], true, "{doc:#}");
    let sheet = &doc["sheets"][0];
    assert_eq!(sheet["sheet"], "Sheet1");
    assert_eq!(sheet["kind"], "assets");
    assert_eq!(sheet["inserted"], 4, "{doc:#}");
    assert_eq!(sheet["ignored_columns"], serde_json::json!(["颜色"]));
    let a = s.show("ZC-001");
    assert_eq!(
        (a["cabinet"].as_str(), a["start_u"].as_u64(), a["u_height"].as_u64()),
        (Some("A01"), Some(10), Some(2))
    );
    assert_eq!(a["rated_w"], 900);
    assert_eq!(a["purchased_on"], "2026-03-15");
    let b = s.show("ZC-002");
    assert_eq!(b["room"], "一号机房", "the merged cell applies to every row it covers");
    assert_eq!(b["rated_w"], 900);
    assert_eq!(b["purchased_on"], "2026-03-15");
    assert_eq!(b["ownership"], "hosted");
    for tag in ["ZC-003", "ZC-004"] {
        let x = s.show(tag);
        assert_eq!(x["purchased_on"], "2026-03-15", "{tag}");
        assert_eq!(x["status"], "in_stock");
        assert!(x["cabinet"].is_null());
    }
    assert_eq!(s.show("ZC-003")["rated_w"], 1200);
    // History and audit, one audit row per asset.
    let hist: Vec<String> =
        a["history"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap().to_string()).collect();
    assert_eq!(hist, vec!["created", "placed"]);
    assert_eq!(s.audit("ZC-001").iter().filter(|e| e["action"] == "asset.import").count(), 1);
    // Importing the same file again changes nothing.
    let again = s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!((again["sheets"][0]["inserted"].as_u64(), again["sheets"][0]["unchanged"].as_u64()), (Some(0), Some(4)));
}

/// Writes a 资产登记 sheet with `header` on row 4 (below a title) and `rows` from row 5.
fn asset_file(path: &std::path::Path, header: &[&str], rows: &[Vec<&str>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("资产登记").unwrap();
    ws.write_string(0, 0, "资产登记表").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(4 + r as u32, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

const HEADER: &[&str] = &[
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
    "购置日期",
];

fn row<'a>(tag: &'a str, serial: &'a str, cabinet: &'a str, u: &'a str, status: &'a str) -> Vec<&'a str> {
    let room = if cabinet.is_empty() { "" } else { "一号机房" };
    vec![tag, "host", "服务器", "华为", "2288H", serial, "自有", "平台", room, cabinet, u, "2", "800", status, ""]
}

fn errors(doc: &Value) -> Vec<(u64, String, String)> {
    doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().unwrap_or(0),
                e["column"].as_str().unwrap_or("").to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_error_is_reported_with_its_row_and_column_and_nothing_is_written() {
    let s = site();
    s.add("OLD-1", &["cabinet=A02", "start_u=30", "room=一号机房"]);
    let path = s.path("bad.xlsx");
    let mut half = vec![""; HEADER.len()];
    half[0] = "ZC-HALF";
    half[1] = "只填了名称";
    let mut bad_date = row("ZC-DATE", "SN-D", "", "", "库存");
    bad_date[14] = "下周一";
    asset_file(
        &path,
        HEADER,
        &[
            row("ZC-1", "SN-1", "A01", "10", "在用"), // row 5: fine
            row("ZC-2", "SN-2", "A01", "11", "在用"), // row 6: overlaps row 5 (U10–U11)
            row("ZC-1", "SN-3", "", "", "库存"),      // row 7: duplicate tag
            row("ZC-4", "SN-4", "Z99", "1", "在用"),  // row 8: unknown cabinet
            row("ZC-5", "SN-5", "A01", "20", "库存"), // row 9: in stock but racked
            half,                                     // row 10: half filled
            row("ZC-7", "SN-1", "", "", "库存"),      // row 11: serial duplicates row 5
            row("ZC-8", "SN-8", "A02", "29", "在用"), // row 12: U29–U30 overlaps OLD-1 (U30)
            bad_date,                                 // row 13: bad date
            row("ZC-9", "SN-9", "A01", "", "在用"),   // row 14: cabinet without start U
        ],
    );
    let before = s.files();
    let r = s.json(&["import", path.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let doc = r.json();
    assert_eq!(doc["ok"], false);
    let errs = errors(&doc);
    let has = |row: u64, col: &str, needle: &str| {
        assert!(
            errs.iter().any(|(r, c, m)| *r == row && c == col && m.contains(needle)),
            "no error on row {row} “{col}” containing “{needle}”:\n{errs:#?}"
        )
    };
    has(6, "起始U位", "ZC-1");
    has(7, "资产编号", "第 5 行");
    has(8, "机柜编号", "找不到该机柜");
    has(9, "状态", "库存");
    has(10, "设备类型", "必填");
    has(10, "序列号", "必填");
    has(11, "序列号", "第 5 行");
    has(12, "起始U位", "OLD-1");
    has(13, "购置日期", "下周一");
    has(14, "起始U位", "没有起始U位");
    for e in doc["errors"].as_array().unwrap() {
        assert_eq!(e["sheet"], "资产登记");
    }
    s.files().assert_unchanged(&before, "a refused import");
    // The human form locates each error.
    let text = s.run(&["import", path.to_str().unwrap()]);
    assert_eq!(text.code, 1);
    assert!(text.stdout.contains("工作表 资产登记 第 8 行 “机柜编号”"), "{}", text.stdout);
    // And in English.
    let en = s.json(&["--lang", "en", "import", path.to_str().unwrap()]).json();
    assert!(en["errors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["message"].as_str().unwrap().contains("unknown cabinet")));
}

#[test]
fn dry_run_reports_the_diff_and_writes_nothing() {
    let s = site();
    s.add(
        "ZC-1",
        &["cabinet=A01", "start_u=10", "room=一号机房", "u_height=2", "status=in_use", "owner=平台", "model=2288H"],
    );
    let path = s.path("upd.xlsx");
    let mut changed = row("ZC-1", "SN-ZC-1", "A01", "12", "在用");
    changed[1] = "web-renamed";
    asset_file(&path, HEADER, &[changed, row("ZC-NEW", "SN-N", "", "", "库存")]);
    let before = s.files();
    let doc = s.ok(&["import", "--dry-run", path.to_str().unwrap()]);
    s.files().assert_unchanged(&before, "a dry run");
    assert_eq!(doc["dry_run"], true);
    let sheet = &doc["sheets"][0];
    assert_eq!((sheet["inserted"].as_u64(), sheet["updated"].as_u64()), (Some(1), Some(1)), "{doc:#}");
    let upd = sheet["changes"].as_array().unwrap().iter().find(|c| c["action"] == "update").unwrap();
    assert_eq!(upd["row"], 5);
    let fields: Vec<(&str, &Value, &Value)> = upd["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), &f["before"], &f["after"]))
        .collect();
    assert!(fields.iter().any(|(k, b, a)| *k == "name" && *b == "ZC-1-host" && *a == "web-renamed"), "{fields:?}");
    assert!(fields.iter().any(|(k, b, a)| *k == "start_u" && *b == 10 && *a == 12), "{fields:?}");
    // The real import does it, with a move in the history.
    s.ok(&["import", path.to_str().unwrap()]);
    let a = s.show("ZC-1");
    assert_eq!((a["name"].as_str(), a["start_u"].as_u64()), (Some("web-renamed"), Some(12)));
    assert!(a["history"].as_array().unwrap().iter().any(|h| h["kind"] == "moved" && h["from_pos"] == "A01-U10"));
}

#[test]
fn rows_may_swap_positions_within_one_file() {
    let s = site();
    s.add("X", &["cabinet=A01", "start_u=1", "room=一号机房", "u_height=2"]);
    s.add("Y", &["cabinet=A01", "start_u=3", "room=一号机房", "u_height=2"]);
    let path = s.path("swap.xlsx");
    asset_file(&path, HEADER, &[row("X", "SN-X", "A01", "3", "在用"), row("Y", "SN-Y", "A01", "1", "在用")]);
    let doc = s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["updated"], 2, "{doc:#}");
    assert_eq!(s.show("X")["start_u"], 3);
}

#[test]
fn a_repairs_sheet_is_recognised_by_name_and_a_half_filled_row_refused_where_it_is() {
    let s = site();
    let path = s.path("repairs.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("维修记录").unwrap();
    for (c, h) in ["维修单号", "资产编号", "故障现象", "报修时间", "维修方式"].iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    ws.write_string(2, 0, "WX-1").unwrap();
    wb.save(&path).unwrap();
    let r = s.json(&["import", path.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let doc = r.json();
    let e = &doc["errors"][0];
    assert_eq!(
        (e["sheet"].as_str(), e["row"].as_u64(), e["column"].as_str()),
        (Some("维修记录"), Some(3), Some("资产编号")),
        "{doc:#}"
    );
    assert!(e["message"].as_str().unwrap().contains("必填项为空"), "{doc:#}");
    assert_eq!(s.ok(&["repair", "list"])["repairs"].as_array().map(Vec::len), Some(0), "nothing written");
}

#[test]
fn unreadable_files_are_refused_with_a_message() {
    let s = site();
    for (name, bytes) in [
        ("fake.xlsx", b"this is not a workbook".as_slice()),
        ("empty.xlsx", b"".as_slice()),
        ("gbk.csv", &[0xB0u8, 0xA1, b','][..]),
    ] {
        let path = s.path(name);
        std::fs::write(&path, bytes).unwrap();
        let r = s.json(&["import", path.to_str().unwrap()]);
        assert_eq!(r.code, 1, "{name}: {}", r.stdout);
        let doc = r.json();
        assert_eq!(doc["ok"], false);
        assert!(!doc["errors"][0]["message"].as_str().unwrap().is_empty());
    }
    let r = s.json(&["import", "/no/such/file.xlsx"]);
    assert_eq!(r.code, 1);
}

#[test]
fn a_utf8_csv_with_bom_imports() {
    let s = site();
    let path = s.path("资产登记.csv");
    let mut text = String::from("\u{feff}");
    text.push_str(&HEADER.join(","));
    text.push('\n');
    text.push_str(&row("CSV-1", "SN-C", "A01", "40", "在用").join(","));
    text.push('\n');
    std::fs::write(&path, text).unwrap();
    let doc = s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["inserted"], 1, "{doc:#}");
}

#[test]
fn a_large_first_import_builds_every_index_again_and_a_dry_run_leaves_them_whole() {
    // 2,500 new assets at least double these tables, so the import drops their indexes for
    // the inserts and builds them again (db::bulk); the schema must come out as it went in.
    let s = site();
    let schema = || crate::common::schema_dump(&crate::common::raw_conn(&s.db));
    let before = schema();
    let tags: Vec<String> = (0..2_500).map(|i| format!("BULK-{i:05}")).collect();
    let serials: Vec<String> = (0..2_500).map(|i| format!("SN-B-{i:05}")).collect();
    let us: Vec<String> = (0..20).map(|i| (1 + 2 * i).to_string()).collect();
    let rows: Vec<Vec<&str>> = (0..2_500)
        .map(|i| match i {
            0..20 => row(&tags[i], &serials[i], "A01", &us[i], "在用"),
            _ => row(&tags[i], &serials[i], "", "", "库存"),
        })
        .collect();
    let path = s.path("bulk.xlsx");
    asset_file(&path, HEADER, &rows);
    let doc = s.ok(&["import", "--dry-run", path.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["inserted"], 2_500, "{:#}", doc["errors"]);
    assert_eq!(schema(), before, "a dry run leaves every index as it was");
    s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(schema(), before, "every index is back after the import");
    assert_eq!(s.list_tags(&["--query", "bulk-"]).len(), 2_500);
    let a = s.show("BULK-00007");
    assert_eq!((a["cabinet"].as_str(), a["start_u"].as_u64()), (Some("A01"), Some(15)));
    let kinds: Vec<&str> = a["history"].as_array().unwrap().iter().filter_map(|h| h["kind"].as_str()).collect();
    assert_eq!(kinds, ["created", "placed"]);
    // Lookups by serial work again after the build.
    let dup = s.refused(
        &["asset", "add", "DUP", "name=x", "vendor=华为", "model=M", "owner=o", "serial=SN-B-00009"],
        "duplicate_serial",
    );
    assert!(dup.to_string().contains("BULK-00009"), "{dup}");
}

/// `n` unracked assets in stock, tags `{prefix}-00000` …, serials `SN-{prefix}-…`.
fn stock_rows(prefix: &str, n: usize) -> (Vec<String>, Vec<String>) {
    let tags = (0..n).map(|i| format!("{prefix}-{i:05}")).collect();
    let serials = (0..n).map(|i| format!("SN-{prefix}-{i:05}")).collect();
    (tags, serials)
}

#[test]
fn a_duplicate_serial_in_the_last_row_of_a_streamed_file_is_refused_and_nothing_is_left() {
    // 1,500 rows: the first chunk (1,024 rows) is written while the rest is read, with the
    // serial index in place (too few rows to build it after); the last row repeats row 5's
    // serial, so its insert is refused by that index before the check over every row names
    // it. The answer is that check's, and nothing is left.
    let s = site();
    let counts = || -> Vec<i64> {
        let c = crate::common::raw_conn(&s.db);
        ["assets", "asset_history", "audit_log"]
            .iter()
            .map(|t| c.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap())
            .collect()
    };
    let before = counts();
    let (tags, mut serials) = stock_rows("DUPS", 1_500);
    serials[1_499] = serials[0].clone();
    let rows: Vec<Vec<&str>> = (0..1_500).map(|i| row(&tags[i], &serials[i], "", "", "库存")).collect();
    let path = s.path("dups.xlsx");
    asset_file(&path, HEADER, &rows);
    let doc = s.json(&["import", path.to_str().unwrap()]).json();
    assert_eq!(doc["ok"], false, "{doc:#}");
    let errs = errors(&doc);
    assert_eq!(errs.len(), 1, "{errs:?}");
    // Data starts on row 5: the last row is 1,504; it repeats row 5's serial.
    assert_eq!((errs[0].0, errs[0].1.as_str()), (1_504, "序列号"), "{errs:?}");
    assert!(errs[0].2.contains("第 5 行"), "{errs:?}");
    // Rows were written inside the transaction (the WAL may hold their rolled-back pages);
    // the ledger holds none of them.
    assert_eq!(counts(), before);
}

#[test]
fn merged_cells_across_the_reader_chunks_fill_every_row() {
    // The reader hands rows over 1,024 at a time; a merged 归属单位 from row 1,000 to row
    // 1,100 must fill the rows of the next chunk as well.
    let s = site();
    let (tags, serials) = stock_rows("MRG", 1_200);
    let path = s.path("merged.xlsx");
    {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("资产登记").unwrap();
        for (c, h) in HEADER.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for i in 0..1_200usize {
            let r = row(&tags[i], &serials[i], "", "", "库存");
            for (c, v) in r.iter().enumerate() {
                let merged = c == 7 && (999..=1_099).contains(&i);
                if !v.is_empty() && !merged {
                    ws.write_string(1 + i as u32, c as u16, *v).unwrap();
                }
            }
        }
        // Rows 1,001–1,101 of the sheet (0-based 1,000–1,100): assets 999–1,099.
        ws.merge_range(1_000, 7, 1_100, 7, "合并单位", &Format::new()).unwrap();
        wb.save(&path).unwrap();
    }
    let doc = s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["inserted"], 1_200, "{:#}", doc["errors"]);
    for (i, owner) in [(998, "平台"), (999, "合并单位"), (1_030, "合并单位"), (1_099, "合并单位"), (1_100, "平台")]
    {
        assert_eq!(s.show(&tags[i])["owner"], owner, "asset {i}");
    }
}
