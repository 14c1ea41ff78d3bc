//! Ports and cables through the command line: `port`, `connect`, `disconnect`, `trace`, `patch`.

use serde_json::Value;

use crate::common::Site;

/// Cabinet A01 with a switch (H3C S5130: 48 GE + 4 SFP+), two 24-port copper patch panels and two
/// servers (their model's template gives them GE1, GE2, 10GE1, 10GE2, iBMC, PSU1, PSU2).
fn site() -> Site {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.cabinet("B01", 42);
    for c in ["A01", "B01"] {
        site.ok(&["cabinet", "set", c, "--rated-kw", "6"]);
    }
    let sw = ["category=switch", "vendor=新华三", "model=S5130-52S", "cabinet=A01", "start_u=42", "status=在用"];
    site.add("SW-1", &sw);
    let panel = ["category=patch_panel", "vendor=康普", "model=24口超六类配线架", "rated_w=0", "status=在用"];
    site.add("PP-A", &[&panel[..], &["cabinet=A01", "start_u=41"]].concat());
    site.add("PP-B", &[&panel[..], &["cabinet=B01", "start_u=42"]].concat());
    site.add("SRV-1", &["cabinet=B01", "start_u=10", "status=在用"]);
    site.add("SRV-2", &["cabinet=A01", "start_u=10", "status=在用"]);
    site
}

fn ports(site: &Site, tag: &str) -> Vec<Value> {
    site.ok(&["port", "list", tag])["ports"].as_array().cloned().unwrap_or_default()
}

fn port<'a>(ports: &'a [Value], name: &str) -> &'a Value {
    ports.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("no port {name} in {ports:#?}"))
}

#[test]
fn a_known_model_is_registered_with_its_ports() {
    let site = site();
    let sw = ports(&site, "SW-1");
    assert_eq!(sw.iter().filter(|p| p["kind"] == "rj45").count(), 48);
    assert_eq!(sw.iter().filter(|p| p["kind"] == "sfp_plus").count(), 4);
    let pp = ports(&site, "PP-A");
    assert_eq!(pp.len(), 48, "24 front jacks and their 24 rear twins");
    assert_eq!(port(&pp, "1")["pair"], "R1");
    assert_eq!(port(&pp, "R1")["side"], "rear");
    assert!(sw.iter().all(|p| p["status"] == "free"));
}

#[test]
fn a_second_cable_on_a_used_port_is_refused_with_exit_1() {
    let site = site();
    let c = site.ok(&["connect", "SRV-2:GE1", "SW-1:GE1/0/5", "--cable", "C-001", "--vlan", "100"]);
    assert_eq!(c["cable"]["cable_no"], "C-001");
    assert_eq!(c["cable"]["cable_type"], "cat6");
    assert_eq!(c["cable"]["a"]["label"], "A01-10-GE1");
    assert_eq!(c["cable"]["b"]["label"], "A01-42-GE1/0/5");
    let sw = ports(&site, "SW-1");
    assert_eq!(port(&sw, "GE1/0/5")["status"], "used");
    assert_eq!(port(&sw, "GE1/0/5")["link"]["far"]["asset_tag"], "SRV-2");

    let before = site.files();
    let doc = site.refused(&["connect", "SRV-1:GE1", "SW-1:GE1/0/5"], "port_taken");
    let msg = doc["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("SW-1:GE1/0/5") && msg.contains("C-001") && msg.contains("SRV-2:GE1"), "{msg}");
    before.assert_unchanged(&site.files(), "a refused connect");
    // The other end taken too, and a plain-text run exits 1 as well.
    let r = site.run(&["connect", "SRV-2:GE1", "SW-1:GE1/0/6"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("SRV-2:GE1"), "{}", r.stderr);
    // Power joins power only; an unknown port is named.
    site.refused(&["connect", "SRV-1:PSU1", "SW-1:GE1/0/7"], "ports_incompatible");
    site.refused(&["connect", "SRV-1:eth9", "SW-1:GE1/0/7"], "port_not_found");
    site.refused(&["connect", "SRV-1:GE2", "SW-1:GE1/0/7", "--cable", "C-001"], "duplicate_cable");
    assert_eq!(site.run(&["connect", "SRV-1:GE2"]).code, 2, "wrong usage is exit 2");

    // Disconnect frees both ends; the audit log has both changes.
    site.ok(&["disconnect", "C-001"]);
    assert_eq!(port(&ports(&site, "SW-1"), "GE1/0/5")["status"], "free");
    site.refused(&["disconnect", "C-001"], "cable_not_found");
    let audit = site.ok(&["audit", "--entity", "cable", "--key", "C-001"]);
    let actions: Vec<&str> = audit["audit"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["cable.disconnect", "cable.connect"]);
}

#[test]
fn trace_follows_a_path_through_two_patch_panels() {
    let site = site();
    site.ok(&["connect", "SW-1:GE1/0/3", "PP-A:3"]);
    site.ok(&["connect", "PP-A:R3", "PP-B:R8", "--type", "cat6a", "--length", "35"]);
    site.ok(&["connect", "PP-B:8", "SRV-1:GE2"]);
    let t = site.ok(&["trace", "SW-1:GE1/0/3"]);
    let hops: Vec<String> = t["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{}:{}", h["asset_tag"].as_str().unwrap(), h["port"].as_str().unwrap()))
        .collect();
    assert_eq!(hops, ["SW-1:GE1/0/3", "PP-A:3", "PP-A:R3", "PP-B:R8", "PP-B:8", "SRV-1:GE2"]);
    assert_eq!(t["far_end"]["asset_tag"], "SRV-1");
    assert_eq!(t["far_end"]["cabinet"], "B01");
    assert_eq!(t["panels"], 2);
    assert_eq!(t["cables"], 3);
    // From the other end, the same path backwards.
    let back = site.ok(&["trace", "SRV-1:GE2"]);
    assert_eq!(back["far_end"]["port"], "GE1/0/3");
    // A port with no cable traces to nowhere.
    assert_eq!(site.ok(&["trace", "SW-1:GE1/0/4"])["far_end"], Value::Null);
    let text = site.run(&["trace", "SW-1:GE1/0/3"]);
    assert!(text.stdout.contains("SRV-1:GE2"), "{}", text.stdout);
}

#[test]
fn bulk_patch_is_all_or_nothing() {
    let site = site();
    site.ok(&["connect", "PP-B:R20", "SRV-1:GE1"]);
    let before = site.files();
    let doc = site.refused(&["patch", "--from", "PP-A:R1-24", "--to", "PP-B:R1-24"], "port_taken");
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("PP-B:R20"), "{doc:#}");
    before.assert_unchanged(&site.files(), "a refused bulk patch");
    site.refused(&["patch", "--from", "PP-A:R1-24", "--to", "PP-B:R1-12"], "patch_mismatch");

    let done = site.ok(&["patch", "--from", "PP-A:R1-19", "--to", "PP-B:R1-19", "--cable", "TRUNK"]);
    assert_eq!(done["count"], 19);
    assert_eq!(done["cables"][0]["cable_no"], "TRUNK-01");
    assert_eq!(done["cables"][18]["b"]["port"], "R19");
    let pp = ports(&site, "PP-B");
    assert_eq!(pp.iter().filter(|p| p["status"] == "used").count(), 20);
    // Switch ports to panel front jacks by range.
    let done = site.ok(&["patch", "--from", "SW-1:GE1/0/1-24", "--to", "PP-A:1-24"]);
    assert_eq!(done["count"], 24);
    assert_eq!(site.ok(&["cable", "list"])["cables"].as_array().map(Vec::len), Some(44));
}

#[test]
fn pool_figures_per_switch_cabinet_and_room() {
    let site = site();
    site.add("SW-2", &["category=switch", "vendor=新华三", "model=S5130-52S", "cabinet=B01", "start_u=40"]);
    // SW-1: 40 of 52 data ports used, 2 reserved → 42/52 = 80.8 % (warning); SW-2: 1 used.
    site.ok(&["patch", "--from", "SW-1:GE1/0/1-24", "--to", "PP-A:1-24"]);
    site.ok(&["patch", "--from", "SW-1:GE1/0/25-40", "--to", "PP-B:1-16"]);
    site.ok(&["port", "reserve", "SW-1:GE1/0/41"]);
    site.ok(&["port", "reserve", "SW-1:GE1/0/42"]);
    site.ok(&["connect", "SW-2:GE1/0/1", "SRV-1:GE1"]);
    // Management and power ports are not in the pool.
    site.ok(&["connect", "SW-2:M-GE0/0/0", "SRV-1:iBMC"]);
    site.refused(&["port", "reserve", "SW-1:GE1/0/1"], "port_taken");

    let p = site.ok(&["port", "pool"]);
    assert_eq!(p["warning_level"], 0.8);
    let sw1 = &p["switches"][0];
    assert_eq!((sw1["asset_tag"].as_str(), sw1["total"].as_u64()), (Some("SW-1"), Some(52)));
    assert_eq!((sw1["used"].as_u64(), sw1["reserved"].as_u64(), sw1["free"].as_u64()), (Some(40), Some(2), Some(10)));
    assert_eq!(sw1["status"], "warning");
    assert_eq!(p["switches"][1]["used"], 1);
    assert_eq!(p["switches"][1]["status"], "ok");
    let cabs: Vec<(&str, u64)> = p["cabinets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["cabinet"].as_str().unwrap(), c["free"].as_u64().unwrap()))
        .collect();
    assert_eq!(cabs, [("A01", 10), ("B01", 51)]);
    assert_eq!(p["rooms"][0]["room"], "一号机房");
    assert_eq!(p["rooms"][0]["total"], 104);
    assert_eq!(p["rooms"][0]["free"], 61);
    assert_eq!(p["total"]["used"], 41);

    // The level is a setting; at 90 % SW-1 is no longer short.
    site.ok(&["settings", "set", "ports.warning", "90"]);
    let p = site.ok(&["port", "pool", "--cabinet", "A01"]);
    assert_eq!(p["switches"].as_array().map(Vec::len), Some(1));
    assert_eq!(p["switches"][0]["status"], "ok");
    site.refused(&["port", "pool", "--room", "九号机房"], "room_not_found");
    site.ok(&["port", "free", "SW-1:GE1/0/41"]);
    assert_eq!(site.ok(&["port", "pool"])["total"]["reserved"], 1);
}

#[test]
fn templates_are_an_editable_library() {
    let site = site();
    let all = site.ok(&["port", "template", "list"]);
    let names: Vec<&str> = all["templates"].as_array().unwrap().iter().filter_map(|t| t["name"].as_str()).collect();
    assert!(names.contains(&"华三 S6850-56HF") && names.contains(&"华为 CE6881-48S6CQ"), "{names:?}");
    site.refused(
        &["port", "template", "set", "坏模板", "--category", "switch", "--layout", "p{9-1} RJ45"],
        "invalid_value",
    );
    site.ok(&[
        "port",
        "template",
        "set",
        "某厂 X1",
        "--category",
        "server",
        "--model",
        "X1",
        "--layout",
        "eth{0-3} RJ45 1G; PSU1 power",
    ]);
    site.add("X-1", &["model=X1-Pro", "vendor=某厂"]);
    assert_eq!(ports(&site, "X-1").len(), 5);
    // On demand, a generic template; labels are editable.
    site.add("X-2", &["model=无名", "vendor=某厂"]);
    site.refused(&["port", "apply", "X-2", "--template", "没有"], "template_not_found");
    let d = site.ok(&["port", "apply", "X-2"]);
    assert_eq!(d["ports"]["template"], "通用服务器");
    site.ok(&["connect", "X-1:eth0", "X-2:GE1", "--cable", "L1"]);
    let c = site.ok(&["cable", "set", "L1", "--label-a", "机房A-自定义", "--colour", "蓝"]);
    assert_eq!(c["cable"]["a"]["label"], "机房A-自定义");
    assert_eq!(c["cable"]["colour"], "蓝");
    let en = site.run(&["--lang", "en", "connect", "X-1:eth0", "X-2:GE2"]);
    assert!(en.stderr.contains("taken by cable L1"), "{}", en.stderr);
}

#[test]
fn port_table_export_and_cables_sheet_round_trip() {
    use calamine::{open_workbook_auto, Data, Reader};
    let site = site();
    site.ok(&["connect", "SW-1:GE1/0/3", "PP-A:3", "--vlan", "120", "--length", "2"]);
    site.ok(&["connect", "PP-A:R3", "PP-B:R8", "--type", "cat6a"]);
    site.ok(&["connect", "PP-B:8", "SRV-1:GE2", "--colour", "蓝"]);
    let out = site.path("ports.xlsx");
    let doc = site.ok(&["export", "ports", "--out", out.to_str().unwrap()]);
    assert_eq!(doc["sheets"][0]["sheet"], "端口表");
    let mut book = open_workbook_auto(&out).expect("open the export");
    let range = book.worksheet_range("端口表").expect("端口表 sheet");
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| if let Data::Empty = c { String::new() } else { c.to_string() }).collect())
        .collect();
    assert!(rows[0][0].starts_with("端口表"), "{:?}", rows[0]);
    assert_eq!(rows[1][..6], ["机房", "机柜编号", "U位", "资产编号", "设备名称", "端口名称"]);
    let sw = rows.iter().find(|r| r[3] == "SW-1" && r[5] == "GE1/0/3").expect("the switch port row");
    assert_eq!(sw[8], "已用");
    assert_eq!((sw[10].as_str(), sw[13].as_str()), ("PP-A", "3"));
    assert_eq!((sw[15].as_str(), sw[16].as_str(), sw[17].as_str()), ("A01-42-GE1/0/3", "A01-41-3", "120"));
    assert_eq!(rows.len() - 2, site.ok(&["port", "table"])["ports"].as_array().map_or(0, Vec::len));

    // The site workbook's 端口连接 sheet rebuilds the same cables, and the trace, elsewhere.
    let wb = site.path("site.xlsx");
    site.ok(&["export", "site", "--out", wb.to_str().unwrap()]);
    let fresh = Site::new();
    let doc = fresh.ok(&["import", wb.to_str().unwrap()]);
    let sheet = doc["sheets"].as_array().unwrap().iter().find(|s| s["sheet"] == "端口连接").cloned().unwrap();
    assert_eq!(sheet["inserted"], 3, "{doc:#}");
    assert_eq!(fresh.ok(&["cable", "list"]), site.ok(&["cable", "list"]));
    assert_eq!(fresh.ok(&["trace", "SW-1:GE1/0/3"])["far_end"]["port"], "GE2");
    // Importing again changes nothing.
    let again = fresh.ok(&["import", wb.to_str().unwrap()]);
    let sheet = again["sheets"].as_array().unwrap().iter().find(|s| s["sheet"] == "端口连接").cloned().unwrap();
    assert_eq!((sheet["inserted"].as_u64(), sheet["unchanged"].as_u64()), (Some(0), Some(3)));
}
