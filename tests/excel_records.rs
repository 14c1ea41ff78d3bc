//! Import of 故障告警登记 (附件3) and 维修记录 (附件4): upsert on 登记编号 / 维修单号 with the same
//! two stages as the ledger (every problem located, nothing written on any error), dry-run
//! diffs, a repair's parts given a row each, and an export that imports back unchanged.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::common::Site;

/// A sheet to write: name, header, rows.
type SheetSpec<'a> = (&'a str, &'a [&'a str], &'a [&'a [&'a str]]);

/// Writes a workbook, the header on row 2 under a title.
fn book(path: &std::path::Path, sheets: &[SheetSpec<'_>]) {
    let mut wb = Workbook::new();
    for (name, header, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).unwrap();
        ws.write_string(0, 0, format!("{name}（手工整理）")).unwrap();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(1, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write_string(r as u32 + 2, c as u16, *v).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

const FAULT_HEADER: &[&str] =
    &["登记编号*", "类别", "发生时间", "来源", "资产编号", "级别", "描述", "是否影响业务", "状态"];
const REPAIR_HEADER: &[&str] = &[
    "维修单号",
    "关联故障单号",
    "资产编号",
    "故障现象",
    "报修时间",
    "维修方式",
    "维修单位",
    "更换部件",
    "旧件序列号",
    "新件序列号",
    "旧件处置",
    "维修结果",
    "状态",
];

fn site() -> Site {
    let s = Site::new();
    s.cabinet("A01", 42);
    s.add("S1", &[]);
    s.add("S2", &[]);
    s
}

fn sheet<'a>(doc: &'a Value, kind: &str) -> &'a Value {
    doc["sheets"].as_array().unwrap().iter().find(|s| s["kind"] == kind).unwrap_or_else(|| panic!("{doc:#}"))
}

#[test]
fn faults_and_repairs_import_with_parts_and_a_whole_unit_swap() {
    let s = site();
    let path = s.path("r.xlsx");
    book(
        &path,
        &[
            (
                "附件3",
                FAULT_HEADER,
                &[
                    &["GZ-2026-0101", "故障", "2026/11/20 08:30", "巡检发现", "S1", "二级", "电源告警", "否", "处理中"],
                    &["GZ-2026-0102", "alarm", "2026-11-21 09:00", "network", "", "4", "端口闪断", "是", "已关闭"],
                ],
            ),
            (
                "维修记录",
                REPAIR_HEADER,
                &[
                    &[
                        "WX-2026-0101",
                        "GZ-2026-0101",
                        "S1",
                        "电源故障",
                        "2026-11-20 10:00",
                        "原厂保修",
                        "华为",
                        "电源模块|900W",
                        "P-OLD",
                        "P-NEW",
                        "退厂商",
                        "已修复",
                        "已完成",
                    ],
                    &["WX-2026-0101", "", "S1", "", "", "", "", "风扇|FAN-01|2", "", "", "留存", "", ""],
                    &[
                        "WX-2026-0102",
                        "",
                        "S2",
                        "宕机",
                        "2026-11-22",
                        "返厂",
                        "厂家",
                        "整机",
                        "SN-S2",
                        "SN-S2-R",
                        "",
                        "",
                        "待处理",
                    ],
                ],
            ),
        ],
    );
    let dry = s.ok(&["import", "--dry-run", path.to_str().unwrap()]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(
        (sheet(&dry, "faults")["inserted"].as_u64(), sheet(&dry, "repairs")["inserted"].as_u64()),
        (Some(2), Some(2))
    );
    assert!(s.ok(&["repair", "list"])["repairs"].as_array().unwrap().is_empty(), "a dry run writes nothing");

    let doc = s.ok(&["import", path.to_str().unwrap()]);
    assert_eq!(doc["ok"], true, "{doc:#}");
    let r = s.ok(&["repair", "show", "WX-2026-0101"]);
    let r = if r["repair"].is_object() { &r["repair"] } else { &r };
    assert_eq!(r["fault_no"], "GZ-2026-0101");
    let parts = r["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{r:#}");
    assert_eq!(
        (parts[0]["name"].as_str(), parts[0]["spec"].as_str(), parts[0]["disposal"].as_str()),
        (Some("电源模块"), Some("900W"), Some("return"))
    );
    assert_eq!((parts[1]["quantity"].as_u64(), parts[1]["old_serial"].is_null()), (Some(2), true));
    assert_eq!((r["result"].as_str(), r["state"].as_str()), (Some("fixed"), Some("completed")));
    let swap = s.ok(&["repair", "show", "WX-2026-0102"]);
    let swap = if swap["repair"].is_object() { &swap["repair"] } else { &swap };
    assert_eq!((swap["old_serial"].as_str(), swap["new_serial"].as_str()), (Some("SN-S2"), Some("SN-S2-R")));
    let f = s.ok(&["fault", "show", "GZ-2026-0102"]);
    let f = if f["fault"].is_object() { &f["fault"] } else { &f };
    assert_eq!(
        (f["kind"].as_str(), f["severity"].as_str(), f["service_impact"].as_bool()),
        (Some("alarm"), Some("level4"), Some(true))
    );
    assert_eq!(f["state"], "closed");
    // Audited, one record each.
    let audit = s.ok(&["audit", "--entity", "repair", "--key", "WX-2026-0101"]);
    assert_eq!(audit["audit"].as_array().unwrap().len(), 1, "{audit:#}");

    // Export and import back: nothing changes.
    let out = s.path("back.xlsx");
    s.ok(&["export", "repairs", "--out", out.to_str().unwrap()]);
    let again = s.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(
        (sheet(&again, "repairs")["unchanged"].as_u64(), sheet(&again, "repairs")["updated"].as_u64()),
        (Some(2), Some(0)),
        "{again:#}"
    );
    let out = s.path("back-f.xlsx");
    s.ok(&["export", "faults", "--out", out.to_str().unwrap()]);
    let again = s.ok(&["import", out.to_str().unwrap()]);
    assert_eq!(sheet(&again, "faults")["unchanged"].as_u64(), Some(2), "{again:#}");
}

#[test]
fn an_update_shows_its_field_diff_and_may_not_go_backwards() {
    let s = site();
    let path = s.path("f.xlsx");
    let row: &[&str] =
        &["GZ-2026-0201", "故障", "2026-11-20 08:30", "巡检发现", "S1", "二级", "电源告警", "否", "处理中"];
    book(&path, &[("故障告警登记", FAULT_HEADER, &[row])]);
    s.ok(&["import", path.to_str().unwrap()]);
    let later: &[&str] =
        &["GZ-2026-0201", "故障", "2026-11-20 08:30", "巡检发现", "S1", "一级", "电源告警", "否", "已恢复"];
    book(&path, &[("故障告警登记", FAULT_HEADER, &[later])]);
    let dry = s.ok(&["import", "--dry-run", path.to_str().unwrap()]);
    let ch = &sheet(&dry, "faults")["changes"][0];
    assert_eq!(ch["action"], "update");
    let fields: Vec<(&str, &str, &str)> = ch["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["before"].as_str().unwrap_or(""), f["after"].as_str().unwrap_or("")))
        .collect();
    assert!(fields.contains(&("severity", "level2", "level1")), "{fields:?}");
    assert!(fields.contains(&("state", "in_progress", "recovered")), "{fields:?}");
    s.ok(&["import", path.to_str().unwrap()]);
    // Back to 处理中: refused, located, nothing written.
    book(&path, &[("故障告警登记", FAULT_HEADER, &[row])]);
    let before = s.files();
    let r = s.json(&["import", path.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    let e = &r.json()["errors"][0];
    assert_eq!(
        (e["sheet"].as_str(), e["row"].as_u64(), e["column"].as_str()),
        (Some("故障告警登记"), Some(3), Some("状态")),
        "{e:#}"
    );
    s.files().assert_unchanged(&before, "a refused import");
}

#[test]
fn every_bad_row_is_located_and_nothing_is_written() {
    let s = site();
    let path = s.path("bad.xlsx");
    book(
        &path,
        &[
            (
                "资产登记",
                &[
                    "资产编号",
                    "设备名称",
                    "设备类型",
                    "品牌",
                    "型号",
                    "序列号",
                    "资产性质",
                    "归属单位",
                    "占用U数",
                    "额定功率(W)",
                    "状态",
                ],
                &[&["NEW-1", "n", "服务器", "华为", "m", "SN-N1", "自有", "平台", "1", "500", "库存"]],
            ),
            (
                "故障告警登记",
                FAULT_HEADER,
                &[
                    &["GZ-1", "故障", "昨天", "巡检发现", "S1", "二级", "x", "否", ""],
                    &["GZ-2", "事故", "2026-11-20", "巡检发现", "S1", "二级", "x", "否", ""],
                    &["GZ-3", "故障", "2026-11-20", "巡检发现", "NOPE", "二级", "x", "否", ""],
                    &["GZ-4", "故障", "2026-11-20", "巡检发现", "S1", "", "x", "否", ""],
                    &["GZ-3", "故障", "2026-11-20", "巡检发现", "S1", "二级", "x", "否", ""],
                ],
            ),
            (
                "维修记录",
                REPAIR_HEADER,
                &[
                    &["WX-1", "GZ-404", "S1", "x", "2026-11-20", "原厂保修", "", "", "", "", "", "", ""],
                    &["WX-2", "", "S1", "x", "2026-11-20", "上门", "", "", "", "", "", "", ""],
                    &["WX-3", "", "S1", "x", "2026-11-20", "返厂", "", "", "OLD", "", "", "", ""],
                    &["WX-4", "", "S1", "x", "2026-11-20", "返厂", "", "", "", "", "", "待备件", "已关闭"],
                ],
            ),
        ],
    );
    let before = s.files();
    let r = s.json(&["import", path.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let doc = r.json();
    let errs: Vec<(String, u64, String)> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["sheet"].as_str().unwrap().to_string(),
                e["row"].as_u64().unwrap_or(0),
                e["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    for want in [
        ("故障告警登记", 3, "发生时间"),
        ("故障告警登记", 4, "类别"),
        ("故障告警登记", 5, "资产编号"),
        ("故障告警登记", 6, "级别"),
        ("故障告警登记", 7, "登记编号"),
        ("维修记录", 3, "关联故障单号"),
        ("维修记录", 4, "维修方式"),
        ("维修记录", 5, "更换部件"),
        ("维修记录", 6, "维修结果"),
    ] {
        assert!(errs.contains(&(want.0.to_string(), want.1, want.2.to_string())), "missing {want:?} in {errs:#?}");
    }
    s.files().assert_unchanged(&before, "an import with errors");
}
