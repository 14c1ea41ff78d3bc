//! `inspection start | mark | point | submit | review | show | list`, `export inspection NO` and
//! the import of a filled 附件1: the daily inspection through the real binary, its 附件3 records,
//! the workbook read back with calamine.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use serde_json::Value;

use crate::common::Site;

/// 一号机房 with A01 (SRV-1 at U10, SRV-2 at U30) and A02 (SW-1 at U40, SRV-3 at U5), and two
/// check points configured for every room.
fn site() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.cabinet("A02", 42);
    site.add("SRV-1", &["cabinet=A01", "start_u=10"]);
    site.add("SRV-2", &["cabinet=A01", "start_u=30"]);
    site.add("SW-1", &["cabinet=A02", "start_u=40", "category=switch"]);
    site.add("SRV-3", &["cabinet=A02", "start_u=5"]);
    site.add("SPARE-1", &[]); // in stock, not racked: not on the list
    site.ok(&["settings", "set", "inspection.points", "温度|A列冷通道|18–27 ℃;UPS|UPS-1|运行正常"]);
    site
}

fn tags(devices: &Value) -> Vec<String> {
    devices.as_array().expect("devices").iter().map(|d| d["asset_tag"].as_str().unwrap_or("").to_string()).collect()
}

fn read(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).expect("sheet");
            let rows = range
                .rows()
                .map(|r| {
                    r.iter().map(|d| if matches!(d, Data::Empty) { String::new() } else { d.to_string() }).collect()
                })
                .collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn an_inspection_is_walked_marked_submitted_reviewed_and_exported() {
    let site = site();
    let doc = site.ok(&["inspection", "start", "--room", "一号机房", "--date", "2026-12-07"]);
    let no = doc["inspection_no"].as_str().expect("number").to_string();
    assert_eq!(no, "XJ-20261207-01");
    let d = &doc["detail"];
    // Cabinet by cabinet, top U first; the unracked spare is not listed.
    assert_eq!(tags(&d["devices"]), ["SRV-2", "SRV-1", "SW-1", "SRV-3"]);
    assert_eq!(d["inspection"]["state"], "started");
    assert_eq!(d["inspection"]["actions"], serde_json::json!(["mark", "submit"]));
    assert_eq!(
        (d["inspection"]["devices_total"].as_u64(), d["inspection"]["points_total"].as_u64()),
        (Some(4), Some(2))
    );
    assert!(d["devices"].as_array().unwrap().iter().all(|x| x["result"].is_null()));

    // A second one the same day is numbered on.
    let again = site.ok(&["inspection", "start", "--room", "一号机房", "--date", "2026-12-07"]);
    assert_eq!(again["inspection_no"], "XJ-20261207-02");

    // The whole of A01 normal in one action: one audit record per device.
    let m = site.ok(&["inspection", "mark", &no, "--cabinet", "A01", "--result", "正常"]);
    assert_eq!((m["marked"].as_u64(), m["inspection"]["devices_marked"].as_u64()), (Some(2), Some(2)));
    let audit = site.ok(&["audit", "--entity", "inspection_device", "--limit", "50"]);
    let keys: Vec<&str> = audit["audit"].as_array().unwrap().iter().filter_map(|a| a["entity_key"].as_str()).collect();
    assert_eq!(keys, [format!("{no}/SRV-1"), format!("{no}/SRV-2")]);

    // 告警 needs its description; with it, a 附件3 record linked both ways.
    site.refused(&["inspection", "mark", &no, "SRV-3", "--result", "告警"], "finding_needs_description");
    let m = site.ok(&[
        "inspection",
        "mark",
        &no,
        "SRV-3",
        "--result",
        "alarm",
        "--note",
        "电源指示灯红",
        "--power",
        "异常",
    ]);
    let fault_no = m["fault_no"].as_str().expect("a fault number").to_string();
    assert_eq!(m["devices"][0]["fault_no"], fault_no.as_str());
    assert_eq!(m["devices"][0]["power"], "abnormal");
    let f = site.ok(&["fault", "show", &fault_no])["fault"].clone();
    assert_eq!(
        (
            f["source"].as_str(),
            f["kind"].as_str(),
            f["asset_tag"].as_str(),
            f["cabinet"].as_str(),
            f["inspection_no"].as_str()
        ),
        (Some("inspection"), Some("alarm"), Some("SRV-3"), Some("A02"), Some(no.as_str()))
    );
    assert_eq!(f["description"], "电源指示灯红");

    // Submit is refused while SW-1 and both check points are unmarked, saying where.
    let r = site.refused(&["inspection", "submit", &no], "inspection_unmarked");
    let msg = r["error"]["message"].as_str().unwrap_or("");
    assert!(msg.contains("1 台设备") && msg.contains("2 个检查点") && msg.contains("A02（1 台）"), "{msg}");
    let en = site.json(&["--lang", "en", "inspection", "submit", &no]);
    assert_eq!(en.code, 1);
    assert!(en.json()["error"]["message"].as_str().unwrap_or("").contains("A02 (1)"), "{}", en.stdout);

    site.ok(&["inspection", "mark", &no, "SW-1", "--result", "ok", "--disk", "无"]);
    site.ok(&["inspection", "point", &no, "--item", "温度", "--point", "A列冷通道", "--reading", "23.5 ℃"]);
    site.refused(&["inspection", "point", &no, "--point", "UPS-1", "--result", "异常"], "finding_needs_description");
    let p = site.ok(&["inspection", "point", &no, "--point", "UPS-1", "--result", "异常", "--note", "旁路运行"]);
    let ups_fault = p["fault_no"].as_str().expect("a point's fault").to_string();
    assert_ne!(ups_fault, fault_no);

    let s = site.ok(&["inspection", "submit", &no]);
    assert_eq!(
        (s["inspection"]["state"].as_str(), s["inspection"]["actions"].clone()),
        (Some("submitted"), serde_json::json!(["review"]))
    );
    site.refused(&["inspection", "mark", &no, "SRV-1", "--result", "正常"], "inspection_closed");
    site.refused(&["inspection", "submit", &no], "inspection_transition");
    let rv = site.ok(&["--operator", "李总监", "inspection", "review", &no, "--opinion", "SRV-3 电源尽快处理"]);
    let i = &rv["inspection"];
    assert_eq!(
        (i["state"].as_str(), i["reviewer"].as_str(), i["opinion"].as_str()),
        (Some("reviewed"), Some("李总监"), Some("SRV-3 电源尽快处理"))
    );
    assert_eq!(i["actions"], serde_json::json!([]));
    site.refused(&["inspection", "review", &no], "inspection_transition");

    // The next day's inspection lists the findings still open first.
    let next = site.ok(&["inspection", "start", "--room", "一号机房", "--date", "2026-12-08"]);
    let open: Vec<&str> =
        next["detail"]["open_findings"].as_array().unwrap().iter().filter_map(|f| f["fault_no"].as_str()).collect();
    assert_eq!(open, [fault_no.as_str(), ups_fault.as_str()]);
    assert_eq!(next["detail"]["previous_no"], no.as_str());
    site.ok(&["fault", "close", &fault_no]);
    let shown = site.ok(&["inspection", "show", next["inspection_no"].as_str().unwrap()]);
    assert_eq!(shown["detail"]["open_findings"].as_array().map(Vec::len), Some(1));

    // 附件1 read back: both sub-tables, title, headers, rows, the footer filled.
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("附件1.xlsx");
    site.ok(&["export", "inspection", &no, "--out", out.to_str().unwrap()]);
    let book = read(&out);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["子表1 机房环境与基础设施", "子表2 硬件设备"]);
    let points = &book[0].1;
    assert_eq!(points[0][0], "机房硬件巡检表（附件1 子表1）2026-12-07 一号机房");
    assert_eq!(
        points[1],
        ["序号", "机房", "巡检项", "检查点", "标准", "读数", "结果", "异常描述", "处理情况", "关联告警编号", "备注"]
    );
    assert_eq!(points[3][3..8], ["UPS-1", "运行正常", "", "异常", "旁路运行"]);
    let devices = &book[1].1;
    assert_eq!(devices[1][4], "资产编号");
    assert_eq!(devices[1][10], "风扇与系统告警灯");
    let srv3 = devices.iter().find(|r| r.get(4).map(String::as_str) == Some("SRV-3")).expect("SRV-3 row");
    assert_eq!(
        (srv3[8].as_str(), srv3[12].as_str(), srv3[13].as_str(), srv3[14].as_str()),
        ("异常", "告警", "电源指示灯红", fault_no.as_str())
    );
    let footer = |label: &str| {
        devices.iter().find(|r| r.first().map(String::as_str) == Some(label)).map(|r| r[1].clone()).unwrap_or_default()
    };
    assert_eq!(footer("巡检单号"), no);
    assert_eq!(footer("巡检人"), crate::common::DEFAULT_USER);
    assert_eq!(footer("审核人"), "李总监");
    assert_eq!(footer("审核意见"), "SRV-3 电源尽快处理");
    assert!(footer("巡检时间").contains('–') && footer("审核时间").len() >= 16, "{devices:?}");
}

#[test]
fn start_refuses_an_unknown_room_and_marks_refuse_strangers() {
    let site = site();
    site.refused(&["inspection", "start", "--room", "九号机房"], "room_not_found");
    let no = site.ok(&["inspection", "start", "--room", "一号机房"])["inspection_no"].as_str().unwrap().to_string();
    site.refused(&["inspection", "mark", &no, "SPARE-1", "--result", "正常"], "device_not_in_inspection");
    site.refused(&["inspection", "mark", &no, "--cabinet", "Z99", "--result", "正常"], "cabinet_not_in_inspection");
    site.refused(&["inspection", "show", "XJ-19990101-01"], "inspection_not_found");
    // A whole cabinet is only ever "all normal": a finding is a device's.
    assert_eq!(site.json(&["inspection", "mark", &no, "--cabinet", "A01", "--result", "故障"]).code, 2);
    let list = site.ok(&["inspection", "list"]);
    assert_eq!(list["count"], 1);
}

#[test]
fn default_check_points_name_each_row_head_of_the_room() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.ok(&["rowhead", "add", "A-RPP1", "--room", "一号机房", "--capacity-kw", "60"]);
    let d = site.ok(&["inspection", "start", "--room", "一号机房"]);
    let points: Vec<(String, String)> = d["detail"]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["item"].as_str().unwrap_or("").to_string(), p["point"].as_str().unwrap_or("").to_string()))
        .collect();
    assert!(points.contains(&("row_head".into(), "A-RPP1".into())), "{points:?}");
    assert_eq!(points.len(), 10);
    site.refused(&["settings", "set", "inspection.points", "锅炉|一号"], "invalid_value");
}

/// Writes a filled 附件1 as an engineer would type it up: title with date and room, headers,
/// rows; blank indicators; no 巡检单号 (the date and room say which inspection).
fn filled(path: &Path, date: &str, devices: &[[&str; 5]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("子表1").unwrap();
    ws.write_string(0, 0, format!("机房硬件巡检表（附件1 子表1）{date} 一号机房")).unwrap();
    for (c, h) in ["序号", "机房", "巡检项", "检查点", "标准", "读数", "结果*", "异常描述"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in [
        ["1", "一号机房", "温度", "A列冷通道", "", "24", "正常", ""],
        ["2", "一号机房", "UPS", "UPS-1", "", "", "正常", ""],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 2, c as u16, *v).unwrap();
        }
    }
    let ws = wb.add_worksheet();
    ws.set_name("子表2").unwrap();
    ws.write_string(0, 0, format!("机房硬件巡检表（附件1 子表2）{date} 一号机房")).unwrap();
    for (c, h) in
        ["资产编号", "电源指示", "硬盘指示", "风扇与系统告警灯", "网口指示", "结果", "异常描述"].iter().enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, [tag, power, result, desc, _]) in devices.iter().enumerate() {
        let row = [*tag, *power, "", "", "", *result, *desc];
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 2, c as u16, *v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_filled_form_is_imported_whole_or_not_at_all() {
    let site = site();
    let dir = tempfile::tempdir().expect("dir");
    // A bad one first: an unknown tag and a 故障 without its description, each located.
    let bad = dir.path().join("bad.xlsx");
    filled(
        &bad,
        "2026-12-09",
        &[["SRV-1", "", "正常", "", ""], ["NOPE-9", "", "正常", "", ""], ["SRV-3", "异常", "故障", "", ""]],
    );
    let before = site.files();
    let r = site.json(&["import", bad.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let doc = r.json();
    let errors: Vec<(String, u64, String)> = doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["sheet"].as_str().unwrap_or("").into(),
                e["row"].as_u64().unwrap_or(0),
                e["column"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert!(errors.contains(&("子表2".into(), 5, "异常描述".into())), "{errors:?}");
    assert!(errors.contains(&("子表2".into(), 4, "资产编号".into())), "{errors:?}");
    assert_eq!(site.ok(&["inspection", "list"])["count"], 0, "nothing written");
    let _ = before;

    // Now a good one: it creates the day's inspection and files the fault of its 故障 row.
    let good = dir.path().join("good.xlsx");
    filled(
        &good,
        "2026-12-09",
        &[
            ["SRV-2", "", "正常", "", ""],
            ["SRV-1", "", "正常", "", ""],
            ["SW-1", "", "正常", "", ""],
            ["SRV-3", "异常", "故障", "电源模块故障", ""],
        ],
    );
    let doc = site.ok(&["import", good.to_str().unwrap()]);
    let no = doc["inspection_no"].as_str().expect("the inspection marked").to_string();
    assert_eq!(no, "XJ-20261209-01");
    let d = site.ok(&["inspection", "show", &no])["detail"].clone();
    assert_eq!(
        (d["inspection"]["devices_marked"].as_u64(), d["inspection"]["points_marked"].as_u64()),
        (Some(4), Some(2))
    );
    let srv3 = d["devices"].as_array().unwrap().iter().find(|x| x["asset_tag"] == "SRV-3").cloned().expect("SRV-3");
    assert_eq!(
        (srv3["result"].as_str(), srv3["power"].as_str(), srv3["disk"].as_str()),
        (Some("fault"), Some("abnormal"), Some("normal"))
    );
    let f = site.ok(&["fault", "show", srv3["fault_no"].as_str().expect("linked fault")])["fault"].clone();
    assert_eq!((f["kind"].as_str(), f["inspection_no"].as_str()), (Some("fault"), Some(no.as_str())));
    // The same file again changes nothing and files no second fault.
    let again = site.ok(&["import", good.to_str().unwrap()]);
    assert_eq!(again["inspection_no"], no.as_str());
    assert_eq!(site.ok(&["fault", "list"])["total"], 1);
    site.ok(&["inspection", "submit", &no]);
}
