//! The forms beyond the ledger: 资产统计清单 (weekly), 附件4 维修记录 (repairs), 附件3 故障告警登记
//! (faults), 附件11 资源统计表 (resources) and every `template NAME`, each read back with calamine
//! (sheets, titles, headers, values) and, for layout, with openpyxl.
//!
//! The weekly figures are checked against a ledger built through the core with explicit times
//! across three weeks, so 期初 / 新增 / 减少 / 期末 and the change list have exact expected values.

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, DataType, Reader};
use chrono::NaiveDate;
use rackledger::excel::writer::SIGN_LABEL;
use rackledger::excel::{export, ExportKind};
use rackledger::model::{AssetField, CabinetDraft, RepairMode, RepairResult, Room};
use rackledger::{Ctx, Lang, Ledger};

use crate::common::Site;

/// Every sheet's rows as written, the signature block under a signed form included.
pub fn read_all(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
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

/// Every sheet's title, header and records: [`read_all`] without the signature block (and the
/// blank row above it) of a signed form.
pub fn read(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    read_all(path)
        .into_iter()
        .map(|(n, mut rows)| {
            if let Some(at) = rows.iter().position(|r| r.first().is_some_and(|c| *c == SIGN_LABEL)) {
                rows.truncate(at);
                while rows.last().is_some_and(|r| r.iter().all(|c| c.to_string().is_empty())) {
                    rows.pop();
                }
            }
            (n, rows)
        })
        .collect()
}

fn texts(row: &[Data]) -> Vec<String> {
    row.iter().map(|d| d.to_string()).collect()
}

fn at(d: u32, h: u32) -> Ctx {
    let day = if d <= 30 { NaiveDate::from_ymd_opt(2026, 11, d) } else { NaiveDate::from_ymd_opt(2026, 12, d - 30) };
    let day = day.unwrap();
    Ctx { operator: format!("op{d}"), now: day.and_hms_opt(h, 0, 0).unwrap() }
}

fn add(l: &mut Ledger, ctx: &Ctx, tag: &str) {
    let draft = vec![
        (AssetField::AssetTag, tag.to_string()),
        (AssetField::Name, format!("{tag}-host")),
        (AssetField::Category, "server".into()),
        (AssetField::Vendor, "华为".into()),
        (AssetField::Model, "2288H V6".into()),
        (AssetField::Serial, format!("SN-{tag}")),
        (AssetField::Owner, "市公安局".into()),
        (AssetField::RatedW, "800".into()),
    ];
    l.add_asset(ctx, &draft).unwrap();
}

/// Week 47 (Nov 16–22): S1–S3 racked in 一号机房, S4 in stock. Week 48 (Nov 23–29): S2 moves to
/// 二号机房, S3 is unracked, S5 is added and racked, S1's repair swaps the whole unit. Week 49:
/// S6 is added (after the week exported).
fn history(path: &Path) -> Ledger {
    let mut l = Ledger::open(path, Lang::Zh).unwrap();
    let c = at(18, 10);
    for room in ["一号机房", "二号机房"] {
        l.add_room(&c, &Room { name: room.into(), location: None, note: None }).unwrap();
    }
    for (code, room) in [("A01", "一号机房"), ("B01", "二号机房")] {
        let d = CabinetDraft { code: code.into(), room: room.into(), row: None, u_height: 42, owner: None, note: None };
        l.add_cabinet(&c, &d, None).unwrap();
    }
    for (i, tag) in ["S1", "S2", "S3", "S4"].iter().enumerate() {
        add(&mut l, &c, tag);
        if i < 3 {
            l.place(&c, tag, "A01", 1 + 2 * i as u32, None, None).unwrap();
        }
    }
    let c = at(24, 9);
    l.move_asset(&c, "S2", "B01", 1, None, None).unwrap();
    l.unplace(&c, "S3").unwrap();
    add(&mut l, &c, "S5");
    l.place(&c, "S5", "A01", 10, None, None).unwrap();
    let draft = rackledger::ledger::RepairDraft {
        asset_tag: "S1".into(),
        symptom: "电源故障".into(),
        vendor: "华为".into(),
        mode: RepairMode::Warranty,
        fault_no: None,
        case_no: None,
        technician: None,
        reported_at: None,
    };
    let no = l.open_repair(&c, &draft).unwrap().repair.repair_no;
    let close = rackledger::ledger::RepairClose {
        result: RepairResult::Fixed,
        new_serial: Some("SN-S1-NEW".into()),
        rerack: false,
        cost: None,
        accepted_by: None,
        completed_at: None,
        under_warranty: None,
    };
    l.close_repair(&at(25, 15), &no, &close).unwrap();
    add(&mut l, &at(32, 9), "S6");
    l
}

fn weekly(l: &Ledger, week: &str, out: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let kind = ExportKind::parse_with_week("weekly", None, Some(week)).unwrap();
    export(l, &kind, out, None, at(25, 16).now, &mut |_| {}).unwrap();
    read(out)
}

/// 汇总 rows as (机房, 期初, 新增, 减少, 期末).
fn counts(rows: &[Vec<Data>]) -> Vec<(String, i64, i64, i64, i64)> {
    rows[2..]
        .iter()
        .map(|r| {
            let n = |i: usize| r[i].as_f64().unwrap_or(-1.0) as i64;
            (r[0].to_string(), n(2), n(3), n(4), n(5))
        })
        .collect()
}

#[test]
fn weekly_counts_come_from_the_ledger_as_it_stood_at_each_end_of_the_week() {
    let dir = tempfile::tempdir().unwrap();
    let l = history(&dir.path().join("l.db"));
    let out = dir.path().join("w48.xlsx");
    let book = weekly(&l, "2026-W48", &out);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["汇总", "本周变动明细", "按归属单位", "资产登记"]);
    let sum = &book[0].1;
    assert_eq!(sum[0][0].to_string(), "资产统计清单（2026年第48周 11月23日～11月29日）");
    assert_eq!(
        texts(&sum[1]),
        [
            "机房",
            "设备类型",
            "期初数量",
            "本周新增",
            "本周减少",
            "期末数量",
            "在用",
            "闲置",
            "维修",
            "待报废",
            "30天内维保到期",
            "已过保",
            "占用U数合计",
            "额定功率合计(kW)"
        ]
    );
    assert_eq!(
        counts(sum),
        [
            ("一号机房".to_string(), 3, 1, 2, 2),
            ("二号机房".to_string(), 0, 1, 0, 1),
            ("未上架".to_string(), 1, 1, 0, 2),
            ("合计".to_string(), 4, 3, 2, 5),
        ]
    );
    // 在用 at the end of the week: S1 (repaired), S5 in 一号机房.
    assert_eq!(sum[2][6].as_f64(), Some(2.0));
    assert_eq!(sum[2][12].as_f64(), Some(2.0), "占用U数: two 1U servers");

    // The change list: S1's serial swap with its repair number, the move, the unracking, the new S5.
    let changes: Vec<(String, String, String, String)> = book[1].1[2..]
        .iter()
        .map(|r| (r[0].to_string(), r[2].to_string(), r[5].to_string(), r[6].to_string()))
        .collect();
    let has = |tag: &str, kind: &str| changes.iter().any(|c| c.0 == tag && c.1 == kind);
    assert!(has("S2", "迁移") && has("S3", "下架") && has("S5", "新增") && has("S5", "上架"), "{changes:?}");
    let swap = changes.iter().find(|c| c.1 == "序列号变更").unwrap_or_else(|| panic!("{changes:?}"));
    assert_eq!((swap.0.as_str(), swap.2.as_str()), ("S1", "SN-S1-NEW"));
    assert!(swap.3.starts_with("WX-2026-"), "关联单号 {swap:?}");
    assert!(!changes.iter().any(|c| c.0 == "S6"), "S6 was added the week after");
    assert!(matches!(book[1].1[2][3], Data::DateTime(_)), "变动时间 is a date cell");

    // 资产登记 is the ledger at the end of the week: S6 not yet there, S1 with its new serial.
    let ledger_rows = &book[3].1;
    assert_eq!(ledger_rows.len(), 2 + 5);
    let s1 = ledger_rows.iter().find(|r| r[0] == "S1").unwrap();
    assert_eq!(s1[5].to_string(), "SN-S1-NEW");

    // The week before: everything is new; 期末 of week 47 is 期初 of week 48.
    let before = weekly(&l, "2026-11-18", &dir.path().join("w47.xlsx"));
    let c47 = counts(&before[0].1);
    assert_eq!(c47.last().unwrap(), &("合计".to_string(), 0, 4, 0, 4));
    // 按归属单位: one owner, five devices at the end of week 48.
    let owners = &book[2].1;
    assert_eq!(texts(&owners[2])[..3], ["市公安局", "自有", "5"]);
}

#[test]
fn weekly_refuses_a_bad_week() {
    let s = Site::new();
    let out = s.path("w.xlsx");
    s.refused(&["export", "weekly", "--week", "2026-W60", "--out", out.to_str().unwrap()], "invalid_value");
    s.refused(&["export", "weekly", "--week", "next", "--out", out.to_str().unwrap()], "invalid_value");
    assert!(!out.exists());
}

fn demo() -> Site {
    let s = Site::new();
    s.ok(&["demo", "--cabinets", "12", "--devices", "150", "--seed", "3"]);
    s
}

#[test]
fn repairs_export_writes_a_row_per_part_and_the_whole_unit_swap() {
    let s = demo();
    let out = s.path("r.xlsx");
    s.ok(&["export", "repairs", "--out", out.to_str().unwrap()]);
    let book = read(&out);
    assert_eq!(book[0].0, "维修记录");
    let rows = &book[0].1;
    let want: Vec<&str> = rackledger::excel::sheets::REPAIRS.iter().map(|c| c.header).collect();
    assert_eq!(texts(&rows[1]), want);
    let repairs = s.ok(&["repair", "list"]);
    let list = repairs["repairs"].as_array().unwrap();
    let expected_rows: usize = list
        .iter()
        .map(|r| {
            let parts = r["parts"].as_array().unwrap().len() + usize::from(!r["new_serial"].is_null());
            parts.max(1)
        })
        .sum();
    assert_eq!(rows.len() - 2, expected_rows);
    // Printed and signed on paper: 实施人 and 验收人 under the table, after one blank row; the
    // signed export still imports (an import stops at the signature block).
    let all = read_all(&out);
    let below: Vec<String> = all[0].1[rows.len()..].iter().map(|r| r[0].to_string()).collect();
    assert_eq!(below.len(), 4, "{below:?}");
    assert_eq!(below[..2], ["", SIGN_LABEL]);
    assert!(below[2].starts_with("实施人：") && below[2].contains("日期："), "{below:?}");
    assert!(below[3].starts_with("验收人："), "{below:?}");
    let back = s.ok(&["import", out.to_str().unwrap(), "--dry-run"]);
    assert_eq!(back["ok"], true, "{back:#}");
    assert_eq!(back["errors"], serde_json::json!([]), "{back:#}");
    let col = |h: &str| want.iter().position(|x| *x == h).unwrap();
    for r in list {
        let no = r["repair_no"].as_str().unwrap();
        let mine: Vec<&Vec<Data>> = rows[2..].iter().filter(|x| x[0] == no).collect();
        assert!(!mine.is_empty(), "{no}");
        for x in &mine {
            assert_eq!(x[col("资产编号")].to_string(), r["asset_tag"].as_str().unwrap());
            assert!(matches!(x[col("报修时间")], Data::DateTime(_)));
        }
        if let Some(new) = r["new_serial"].as_str() {
            let swap = mine.iter().find(|x| x[col("更换部件")] == "整机").unwrap();
            assert_eq!(swap[col("新件序列号")].to_string(), new);
            assert_eq!(swap[col("旧件序列号")].to_string(), r["old_serial"].as_str().unwrap());
        }
        for p in r["parts"].as_array().unwrap() {
            let name = p["name"].as_str().unwrap();
            assert!(mine.iter().any(|x| x[col("更换部件")].to_string().starts_with(name)), "{no} {name}");
        }
    }
}

#[test]
fn faults_and_resources_exports_hold_the_ledgers_figures() {
    let s = demo();
    let out = s.path("f.xlsx");
    s.ok(&["export", "faults", "--out", out.to_str().unwrap()]);
    let book = read(&out);
    assert_eq!(book[0].0, "故障告警登记");
    let want: Vec<&str> = rackledger::excel::sheets::FAULTS.iter().map(|c| c.header).collect();
    assert_eq!(texts(&book[0].1[1]), want);
    let faults = s.ok(&["fault", "list"]);
    let by_no: HashMap<String, &serde_json::Value> =
        faults["faults"].as_array().unwrap().iter().map(|f| (f["fault_no"].as_str().unwrap().to_string(), f)).collect();
    assert_eq!(book[0].1.len() - 2, by_no.len());
    for r in &book[0].1[2..] {
        let f = by_no[&r[0].to_string()];
        assert_eq!(r[10].to_string(), f["description"].as_str().unwrap());
        assert!(matches!(r[2], Data::DateTime(_)));
    }

    let out = s.path("res.xlsx");
    s.ok(&["export", "resources", "--out", out.to_str().unwrap()]);
    let book = read(&out);
    assert_eq!(book[0].0, "资源统计表");
    let rows = &book[0].1;
    assert_eq!(texts(&rows[1])[..4], ["统计日期", "机房", "机柜总数", "已用机柜"]);
    let total = rows.last().unwrap();
    assert_eq!(total[1].to_string(), "合计");
    let cabinets = s.ok(&["cabinet", "list"])["cabinets"].as_array().unwrap().len() as f64;
    assert_eq!(total[2].as_f64(), Some(cabinets));
    let power = s.ok(&["power"]);
    let capacity: f64 =
        power["cabinets"].as_array().unwrap().iter().map(|c| c["capacity_w"].as_f64().unwrap_or(0.0)).sum();
    assert!((total[10].as_f64().unwrap() - capacity / 1000.0).abs() < 1e-6);
    let used = |r: &Vec<Data>| r[3].as_f64().unwrap() + r[4].as_f64().unwrap() + r[5].as_f64().unwrap();
    assert_eq!(used(total), cabinets, "已用 + 预留 + 空闲 = 总数");
    assert!(matches!(rows[2][0], Data::DateTime(_)), "统计日期 is a date cell");
}

#[test]
fn every_template_is_an_empty_form_with_its_headers() {
    let s = Site::new();
    for (name, sheets) in [
        ("assets", vec!["资产登记"]),
        ("site", vec!["机房", "列头柜", "机柜", "资产登记", "端口连接", "功率读数"]),
        ("weekly", vec!["汇总", "本周变动明细", "按归属单位", "资产登记"]),
        ("repairs", vec!["维修记录"]),
        ("faults", vec!["故障告警登记"]),
        ("resources", vec!["资源统计表"]),
        ("power", vec!["机柜功率表", "列头柜"]),
    ] {
        let out = s.path(format!("t-{name}.xlsx"));
        s.ok(&["export", "template", name, "--out", out.to_str().unwrap()]);
        let book = read(&out);
        let got: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).filter(|n| *n != "字典").collect();
        assert_eq!(got, sheets, "{name}");
        for (n, rows) in book.iter().filter(|(n, _)| n != "字典") {
            assert_eq!(rows.len(), 2, "{name}/{n}: title and header only");
            assert!(rows[1].iter().all(|c| !c.to_string().is_empty()), "{name}/{n}");
        }
    }
}

/// A value that looks like a formula is written as text and read back as the same text.
#[test]
fn formula_like_text_is_written_as_text() {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    for (tag, name) in [("F1", "=1+1"), ("F2", "+86 10"), ("F3", "-x"), ("F4", "@SUM(A1)")] {
        s.add(tag, &[&format!("name={name}")]);
    }
    let out = s.path("a.xlsx");
    s.ok(&["export", "assets", "--out", out.to_str().unwrap()]);
    let book = read(&out);
    let names: Vec<Data> = book[0].1[2..].iter().map(|r| r[1].clone()).collect();
    assert_eq!(
        names,
        ["=1+1", "+86 10", "-x", "@SUM(A1)"].map(|n| Data::String(n.into())).to_vec(),
        "as strings, never formulas"
    );
    let r = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1])['资产登记']\nprint([ws.cell(r, 2).data_type for r in range(3, 7)])")
        .arg(&out)
        .output()
        .expect("python3 with openpyxl");
    assert_eq!(
        String::from_utf8_lossy(&r.stdout).trim(),
        "['s', 's', 's', 's']",
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
}

/// Layout of every form through openpyxl: merged title, bold filled header, frozen below the
/// header, autofilter, and the drop-downs of the vocabularies.
#[test]
fn every_form_has_the_layout_of_templates_md() {
    let s = demo();
    let mut files = Vec::new();
    for kind in ["weekly", "repairs", "faults", "resources", "assets", "site", "power"] {
        let out = s.path(format!("{kind}.xlsx"));
        s.ok(&["export", kind, "--out", out.to_str().unwrap()]);
        files.push(out);
    }
    let script = r#"
import sys, openpyxl
for path in sys.argv[1:]:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == "字典":
            assert ws.sheet_state == "hidden"; continue
        assert ws.freeze_panes == "A3", (path, ws.title, ws.freeze_panes)
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A2:"), (path, ws.title)
        assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges), (path, ws.title)
        h = ws["A2"]
        assert h.font.b and h.fill.fgColor.rgb.endswith("DDEBF7"), (path, ws.title)
    if path.endswith("repairs.xlsx"):
        lists = " ".join(dv.formula1 or "" for dv in wb["维修记录"].data_validations.dataValidation)
        assert "返厂" in lists and "已修复" in lists and "消磁销毁" in lists, lists
    if path.endswith("faults.xlsx"):
        lists = " ".join(dv.formula1 or "" for dv in wb["故障告警登记"].data_validations.dataValidation)
        assert "动环监控" in lists and "一级" in lists, lists
print("ok")
"#;
    let r = std::process::Command::new("python3").arg("-c").arg(script).args(&files).output().expect("python3");
    assert!(
        r.status.success(),
        "openpyxl check failed (pip install openpyxl if missing):\n{}\n{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
}
