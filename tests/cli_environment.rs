//! `env`, `env reading|history|remedy|limits`, `patrol add|list`, the import of a 动环 export
//! (.xlsx and .csv written here), and the exports `env`, `patrol`, `fault-week` and 附件11's
//! 空闲网口数, each read back — all through the real binary.

use calamine::Data;
use serde_json::Value;

use crate::common::Site;
use crate::excel_forms::read;

/// Two rows in one room: A01 (row A) and B01, B02 (row B), each 4.4 kW on its own 20 kW
/// row-head; a 2 kW server (S1) and a 0.5 kW one (S2) in A01.
fn site() -> Site {
    let s = Site::new();
    s.ok(&["room", "add", "一号机房"]);
    s.ok(&["rowhead", "add", "RH-A", "--room", "一号机房", "--capacity-kw", "20"]);
    for (code, row) in [("A01", "A"), ("B01", "B"), ("B02", "B")] {
        s.ok(&["cabinet", "add", code, "--room", "一号机房", "--row", row, "--rated-kw", "4.4", "--feed-a", "RH-A"]);
    }
    s.add("S1", &["rated_w=2000", "u_height=2", "cabinet=A01", "start_u=1"]);
    s.add("S2", &["rated_w=500", "cabinet=A01", "start_u=5"]);
    s
}

fn point<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["points"]
        .as_array()
        .and_then(|v| v.iter().find(|p| p["point"] == name))
        .unwrap_or_else(|| panic!("no point {name} in {doc:#}"))
}

#[test]
fn readings_at_the_limits_and_the_env_document() {
    let s = site();
    let r = s.ok(&["env", "reading", "A01", "--temp", "27.0", "--rh", "45", "--at", "2026-12-07 09:00"]);
    assert_eq!((r["status"].as_str(), r["room"].as_str()), (Some("ok"), Some("一号机房")));
    // 27 ℃ at 45 %: Magnus gives a dew point of 14.05 ℃, shown as 14.1.
    assert_eq!(r["dew_point_c"], 14.1);
    let r = s.ok(&["env", "reading", "B01", "--temp", "18.0", "--at", "2026-12-07 09:00"]);
    assert_eq!(r["status"], "ok");
    let r = s.ok(&["env", "reading", "B02", "--temp", "17.9", "--at", "2026-12-07 09:00"]);
    assert_eq!(r["status"], "out");
    // 27 ℃ at 50 % has a dew point of 15.7 ℃: out on the dew point, though both readings are in.
    let r = s.ok(&["env", "reading", "B列冷通道", "--temp", "27", "--rh", "50", "--at", "2026-12-07 09:00"]);
    assert_eq!((r["status"].as_str(), r["dew_point_c"].as_f64()), (Some("out"), Some(15.7)));
    // RH 60 in, 60.1 out (at 22 ℃ the dew point, 13.9 ℃, stays in).
    assert_eq!(
        s.ok(&["env", "reading", "A列冷通道", "--temp", "22", "--rh", "60", "--at", "2026-12-07 09:00"])["status"],
        "ok"
    );
    let doc = s.ok(&["env"]);
    assert_eq!(point(&doc, "A01")["status"], "ok");
    assert_eq!(point(&doc, "B01")["status"], "ok");
    assert_eq!(point(&doc, "A列冷通道")["status"], "ok");
    s.ok(&["env", "reading", "A列冷通道", "--temp", "22", "--rh", "60.1", "--at", "2026-12-07 10:00"]);
    s.ok(&["env", "reading", "A01", "--temp", "27.1", "--rh", "40", "--at", "2026-12-07 10:00"]);
    let doc = s.ok(&["env"]);
    let keys: Vec<&str> = ["point", "room", "temp_c", "rh", "dew_point_c", "at", "status"].to_vec();
    for k in keys {
        assert!(point(&doc, "A01").get(k).is_some(), "{k} in {doc:#}");
    }
    assert_eq!(doc["points"].as_array().map(Vec::len), Some(5), "latest per point: {doc:#}");
    assert_eq!(point(&doc, "A列冷通道")["status"], "out");
    assert_eq!(point(&doc, "A01")["temp_c"], 27.1);
    assert_eq!(point(&doc, "A01")["at"], "2026-12-07 10:00:00");
    assert_eq!(point(&doc, "A01")["status"], "out");
    let h = s.ok(&["env", "history", "A01"]);
    let temps: Vec<f64> = h["readings"].as_array().unwrap().iter().filter_map(|r| r["temp_c"].as_f64()).collect();
    assert_eq!(temps, vec![27.1, 27.0]);
    // One room only; an unknown room is refused.
    assert_eq!(s.ok(&["env", "--room", "一号机房"])["points"].as_array().map(Vec::len), Some(5));
    s.refused(&["env", "--room", "九号机房"], "room_not_found");
    // A room's own limit moves the judgement; the global setting too.
    s.ok(&["env", "limits", "--room", "一号机房", "--temp-max", "28", "--dew-max", "16"]);
    assert_eq!(point(&s.ok(&["env"]), "A01")["status"], "ok");
    s.ok(&["env", "limits", "--room", "一号机房", "--temp-max", "", "--dew-max", ""]);
    s.ok(&["settings", "set", "env.temp_max", "30"]);
    assert_eq!(point(&s.ok(&["env"]), "A01")["status"], "ok");
    s.refused(&["settings", "set", "env.rh_max", "120"], "invalid_value");
}

#[test]
fn bad_readings_write_nothing() {
    let s = site();
    let before = s.files();
    s.refused(&["env", "reading", "A01", "--temp", "abc"], "invalid_value");
    s.refused(&["env", "reading", "A01", "--temp", "25", "--rh", "101"], "invalid_value");
    s.refused(&["env", "reading", "A01", "--temp", "25", "--room", "二号机房"], "invalid_value");
    s.refused(&["env", "reading", "冷通道", "--temp", "25", "--room", "二号机房"], "room_not_found");
    before.assert_unchanged(&s.files(), "refused readings");
    assert_eq!(s.json(&["env", "reading", "A01"]).code, 2, "--temp is required");
}

#[test]
fn an_out_of_limit_inlet_flags_its_cabinet_and_the_remedy_names_cooler_cabinets() {
    let s = site();
    s.ok(&["env", "reading", "A01", "--temp", "29.5", "--at", "2026-12-07 09:00"]);
    s.ok(&["env", "reading", "B01", "--temp", "22", "--at", "2026-12-07 09:00"]);
    s.ok(&["env", "reading", "B02", "--temp", "21", "--at", "2026-12-07 09:00"]);
    let r = s.ok(&["env", "remedy", "A01"]);
    assert_eq!(r["hot"], true, "{r:#}");
    let devices = r["devices"].as_array().unwrap();
    let tags: Vec<&str> = devices.iter().filter_map(|d| d["asset_tag"].as_str()).collect();
    assert_eq!(tags, vec!["S1", "S2"], "heaviest first");
    let moves = devices[0]["moves"].as_array().unwrap();
    let to: Vec<&str> = moves.iter().filter_map(|m| m["cabinet"].as_str()).collect();
    assert_eq!(to, vec!["B02", "B01"], "coolest first: {r:#}");
    assert_eq!(moves[0]["start_u"], 1);
    assert_eq!(moves[0]["check"]["verdict"], "ok");
    assert_eq!(moves[0]["check"]["cabinet"]["load_after_w"], 2000);
    // The same what-if as `check`: the remedy asks the placement engine.
    let c = s.ok(&["check", "S1", "B02", "1"]);
    assert_eq!(c["cabinet"]["load_after_w"], moves[0]["check"]["cabinet"]["load_after_w"]);
    // B02 full of load: no headroom there any more.
    s.add("HOT", &["rated_w=3500", "u_height=2", "cabinet=B02", "start_u=20"]);
    let r = s.ok(&["env", "remedy", "A01"]);
    let to: Vec<&str> =
        r["devices"][0]["moves"].as_array().unwrap().iter().filter_map(|m| m["cabinet"].as_str()).collect();
    assert_eq!(to, vec!["B01"], "{r:#}");
    s.refused(&["env", "remedy", "Z99"], "cabinet_not_found");
}

#[test]
fn a_row_head_patrol_line_is_a_power_reading() {
    let s = site();
    // 220 V × (12 + 12 + 13) A = 8140 W of 20 kW: 40.7 %, more than the computed 2.5 kW.
    let p = s.ok(&[
        "patrol",
        "add",
        "--kind",
        "列头柜",
        "--name",
        "RH-A",
        "--status",
        "正常",
        "--voltage",
        "380",
        "--current",
        "12",
        "13",
        "12",
        "--at",
        "2026-12-07 10:00",
    ]);
    assert_eq!(p["row_head_w"], 8140);
    assert_eq!(p["room"], "一号机房");
    let power = s.ok(&["power"]);
    let rh = &power["row_heads"][0];
    assert_eq!((rh["row_head"].as_str(), rh["measured_w"].as_i64()), (Some("RH-A"), Some(8140)));
    assert_eq!(rh["load_w"], 8140.0);
    assert_eq!(rh["status"], "ok");
    // 30 A a phase: 19.8 kW, 99 % — critical, by the measured load.
    s.ok(&["patrol", "add", "--kind", "row_head", "--name", "RH-A", "--status", "异常", "--current", "30,30,30"]);
    let rh = &s.ok(&["power"])["row_heads"][0];
    assert_eq!((rh["load_w"].as_f64(), rh["status"].as_str()), (Some(19800.0), Some("critical")));
    // Other equipment: no reading; an unknown row-head or status is refused.
    s.ok(&["patrol", "add", "--kind", "UPS", "--name", "UPS-1", "--status", "正常", "--load", "45", "--temp", "24"]);
    s.refused(
        &["patrol", "add", "--kind", "列头柜", "--name", "RH-Z", "--status", "正常", "--current", "1"],
        "invalid_value",
    );
    s.refused(&["patrol", "add", "--kind", "UPS", "--name", "U", "--status", "坏了"], "invalid_value");
    let list = s.ok(&["patrol", "list"]);
    assert_eq!(list["patrols"].as_array().map(Vec::len), Some(3));
    let audit = s.ok(&["audit", "--entity", "row_head", "--key", "RH-A"]);
    assert!(audit["audit"].as_array().unwrap().iter().any(|a| a["action"] == "row_head.reading"), "{audit:#}");

    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("patrol.xlsx");
    s.ok(&["export", "patrol", "--out", file.to_str().unwrap()]);
    let book = read(&file);
    let (name, rows) = &book[0];
    assert_eq!(name, "机房巡视记录");
    assert_eq!(rows[1][0], Data::String("巡视时间".into()));
    assert_eq!(rows[2][2], Data::String("列头柜".into()));
    assert_eq!(rows[2][6], Data::String("12/13/12".into()));
    assert_eq!(rows.len(), 5, "title, header, three lines");
}

/// A 动环 export: a title row, then the header and readings of one cabinet inlet and one
/// named point.
fn env_rows() -> Vec<Vec<String>> {
    let v = |r: &[&str]| r.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        v(&["采集时间", "机房", "测点", "温度(℃)", "湿度(%RH)"]),
        v(&["2026-12-07 08:00:00", "一号机房", "A01", "26.5", "45"]),
        v(&["2026-12-07 08:00:00", "一号机房", "B列冷通道", "28.2", "40"]),
        v(&["2026-12-07 08:05:00", "一号机房", "A01", "27.4", "44"]),
    ]
}

#[test]
fn a_dynamic_ring_export_imports_from_xlsx_and_csv() {
    let s = site();
    let dir = tempfile::tempdir().unwrap();
    // .xlsx, the sheet named as the system names it.
    let xlsx = dir.path().join("动环.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("温湿度记录").unwrap();
    ws.write_string(0, 0, "动环监控系统 温湿度报表").unwrap();
    for (r, row) in env_rows().iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if c >= 3 => ws.write_number(r as u32 + 1, c as u16, n).unwrap(),
                _ => ws.write_string(r as u32 + 1, c as u16, cell).unwrap(),
            };
        }
    }
    wb.save(&xlsx).unwrap();
    let r = s.ok(&["import", xlsx.to_str().unwrap()]);
    assert_eq!(r["sheets"][0]["kind"], "env_readings", "{r:#}");
    assert_eq!(r["sheets"][0]["inserted"], 3);
    let doc = s.ok(&["env"]);
    assert_eq!(point(&doc, "A01")["temp_c"], 27.4);
    assert_eq!(point(&doc, "A01")["status"], "out");
    assert_eq!(point(&doc, "B列冷通道")["status"], "out");
    assert_eq!(s.ok(&["env", "history", "A01"])["readings"].as_array().map(Vec::len), Some(2));
    // The same export again adds nothing.
    let r = s.ok(&["import", xlsx.to_str().unwrap()]);
    assert_eq!((r["sheets"][0]["inserted"].as_i64(), r["sheets"][0]["unchanged"].as_i64()), (Some(0), Some(3)));

    // .csv (recognised by its header), one new reading and one bad row: nothing written.
    let csv = dir.path().join("env.csv");
    std::fs::write(
        &csv,
        "读数时间,机房,测点,温度(℃),相对湿度(%RH),来源\n2026-12-07 09:00,一号机房,B01,22.5,50,动环导入\n2026-12-07 09:00,九号机房,B02,22,50,动环导入\n",
    )
    .unwrap();
    let r = s.json(&["import", csv.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let doc = r.json();
    assert_eq!(doc["errors"][0]["row"], 3, "{doc:#}");
    assert_eq!(doc["errors"][0]["column"], "机房");
    assert!(s.ok(&["env"])["points"].as_array().unwrap().iter().all(|p| p["point"] != "B01"));
    std::fs::write(
        &csv,
        "读数时间,机房,测点,温度(℃),相对湿度(%RH),来源\n2026-12-07 09:00,一号机房,B01,22.5,50,动环导入\n",
    )
    .unwrap();
    let r = s.ok(&["import", csv.to_str().unwrap()]);
    assert_eq!(r["sheets"][0]["inserted"], 1);
    assert_eq!(point(&s.ok(&["env"]), "B01")["status"], "ok");

    // The export reads back: every reading, with 露点 and 状态, and imports as unchanged.
    let out = dir.path().join("env-out.xlsx");
    s.ok(&["export", "env", "--out", out.to_str().unwrap()]);
    let book = read(&out);
    let (name, rows) = &book[0];
    assert_eq!(name, "温湿度记录");
    let header: Vec<String> = rows[1].iter().map(|d| d.to_string()).collect();
    assert_eq!(&header[..7], ["读数时间", "机房", "测点", "温度(℃)", "相对湿度(%RH)", "露点(℃)", "状态"]);
    assert_eq!(rows.len(), 2 + 4);
    let a01_last = rows.iter().rfind(|r| r[2] == Data::String("A01".into())).unwrap();
    assert_eq!(a01_last[6], Data::String("超限".into()));
    let r = s.ok(&["import", out.to_str().unwrap()]);
    assert_eq!((r["sheets"][0]["inserted"].as_i64(), r["sheets"][0]["unchanged"].as_i64()), (Some(0), Some(4)));
}

#[test]
fn the_weekly_fault_report_reads_back() {
    let s = site();
    let open = |at: &str, source: &str, kind: &str, extra: &[&str]| {
        let mut v = vec![
            "fault", "open", "--kind", "故障", "--source", source, "--level", "二级", "--type", kind, "--desc", "d",
            "--at", at,
        ];
        v.extend_from_slice(extra);
        s.ok(&v)["fault"]["fault_no"].as_str().unwrap_or_default().to_string()
    };
    let f1 = open("2026-12-01 08:00", "网管告警", "网络", &["--impact"]);
    open("2026-12-02 09:00", "用户报障", "服务器", &["--asset", "S1", "--reporter", "市民政局 王五"]);
    open("2026-11-20 09:00", "网管告警", "网络", &[]);
    open("2026-12-08 09:00", "网管告警", "网络", &[]);
    s.ok(&["fault", "update", &f1, "--state", "已恢复", "--recovered-at", "2026-12-01 08:45"]);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("week.xlsx");
    s.ok(&["export", "fault-week", "--week", "2026-W49", "--out", file.to_str().unwrap()]);
    let book = read(&file);
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["汇总", "明细", "用户报障"]);
    let sum = &book[0].1;
    assert_eq!(sum[0][0], Data::String("故障周报（2026年第49周 11月30日～12月6日）".into()));
    let line = |source: &str, kind: &str| {
        sum.iter()
            .find(|r| r[0] == Data::String(source.into()) && r[1] == Data::String(kind.into()))
            .unwrap_or_else(|| panic!("no {source} × {kind} in {sum:?}"))
            .clone()
    };
    let num = |d: &Data| d.to_string().parse::<f64>().unwrap_or(f64::NAN);
    let net = line("网管告警", "网络");
    // 新增 1 (12-01), 恢复 1 after 45 min, still open 1 (11-20), impact 1.
    assert_eq!([num(&net[2]), num(&net[3]), num(&net[4]), num(&net[5]), num(&net[6])], [1.0, 1.0, 1.0, 45.0, 1.0]);
    let user = line("用户报障", "服务器");
    assert_eq!([num(&user[2]), num(&user[3]), num(&user[4])], [1.0, 0.0, 1.0]);
    assert_eq!(sum.last().unwrap()[0], Data::String("合计".into()));
    assert_eq!(book[1].1.len(), 2 + 3, "明细: the three records of the week");
    let users = &book[2].1;
    assert_eq!(users.len(), 3);
    assert_eq!(users[2][2], Data::String("市民政局 王五".into()));
    assert_eq!(users[2][3], Data::String("政务云平台".into()), "the device's 归属单位");
}

#[test]
fn resources_count_free_lan_ports_on_a_demo_ledger() {
    let s = Site::new();
    s.ok(&["demo", "--cabinets", "12", "--devices", "80"]);
    let pool = s.ok(&["port", "pool"]);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("res.xlsx");
    s.ok(&["export", "resources", "--out", file.to_str().unwrap()]);
    let rows = &read(&file)[0].1;
    let col = rows[1].iter().position(|d| *d == Data::String("空闲网口数".into())).unwrap();
    // 统计日期, 机房, …: the total is the row whose 机房 is 合计.
    let total = rows.iter().find(|r| r.get(1) == Some(&Data::String("合计".into()))).expect("a 合计 row");
    let free = total[col].to_string().parse::<i64>().unwrap_or(-1);
    assert!(free > 0, "free ports on a demo site: {:?}", total[col]);
    assert_eq!(Some(free), pool["total"]["free"].as_i64(), "the LAN port pool's count");
}
