//! `asset add | set | show`: field spellings, enum labels and codes, uniqueness, racking on
//! registration.

use serde_json::Value;

use crate::common::{Site, DEFAULT_USER, TEMPLATE_KEYS};

#[test]
fn add_with_field_equals_value() {
    let site = Site::new();
    let doc = site.ok(&[
        "asset",
        "add",
        "ZC-100",
        "vendor=测试厂商",
        "model=M1",
        "serial=SN-ZC-100",
        "owner=政务云平台",
        "name=db01",
        "category=storage",
        "vendor=华为",
        "model=OceanStor 5310",
        "serial=2102351234",
        "spec=2×控制器 / 24×3.84TB",
        "ownership=hosted",
        "owner=市医保局",
        "system=医保结算系统",
        "custodian=张伟",
        "u_height=2",
        "depth=full",
        "rated_w=1,200",
        "typical_w=4.4kW",
        "psu_count=2",
        "mgmt_ip= 10.1.2.3 ",
        "supplier=神州数码",
        "contract_no=HT-2026-001",
        "purchased_on=2026/3/15",
        "warranty_vendor=华为",
        "warranty_until=2029年3月14日",
        "note=测试",
    ]);
    assert_eq!(doc["ok"], true);
    let a = &doc["asset"];
    let obj = a.as_object().expect("asset object");
    for key in TEMPLATE_KEYS {
        assert!(obj.contains_key(*key), "asset lacks {key}");
    }
    assert_eq!(a["asset_tag"], "ZC-100");
    assert_eq!(a["name"], "db01");
    assert_eq!(a["category"], "storage");
    assert_eq!(a["ownership"], "hosted");
    assert_eq!(a["owner"], "市医保局");
    assert_eq!(a["u_height"], 2);
    assert_eq!(a["rated_w"], 1200);
    assert_eq!(a["typical_w"], 4400);
    assert_eq!(a["psu_count"], 2);
    assert_eq!(a["mgmt_ip"], "10.1.2.3");
    assert_eq!(a["purchased_on"], "2026-03-15");
    assert_eq!(a["warranty_until"], "2029-03-14");
    assert_eq!(a["status"], "in_stock");
    assert!(a["cabinet"].is_null() && a["start_u"].is_null());
    assert_eq!(a["registered_by"], DEFAULT_USER);
    assert!(a["registered_on"].as_str().is_some_and(|d| d.len() == 10), "{a:#}");
    // What was answered is what is stored.
    let shown = site.show("ZC-100");
    for key in TEMPLATE_KEYS {
        assert_eq!(shown[*key], a[*key], "{key}");
    }
}

#[test]
fn add_with_flags_and_chinese_headers() {
    let site = Site::new();
    let doc = site.ok(&[
        "asset",
        "add",
        "--asset-tag",
        "ZC-101",
        "--name",
        "fw01",
        "--设备类型",
        "防火墙",
        "--品牌=华为",
        "--型号",
        "USG6650E",
        "--序列号",
        "SN-ZC-101",
        "--rated-w",
        "350",
        "--资产性质",
        "租赁",
        "--归属单位",
        "市人社局",
        "--状态",
        "闲置",
    ]);
    let a = &doc["asset"];
    assert_eq!(a["asset_tag"], "ZC-101");
    assert_eq!(a["name"], "fw01");
    assert_eq!(a["category"], "firewall");
    assert_eq!(a["vendor"], "华为");
    assert_eq!(a["rated_w"], 350);
    assert_eq!(a["ownership"], "leased");
    assert_eq!(a["owner"], "市人社局");
    assert_eq!(a["status"], "idle");

    // Chinese headers (with the form's brackets and star) and aliases as FIELD=VALUE.
    let doc = site.ok(&[
        "asset",
        "add",
        "ZC-102",
        "vendor=测试厂商",
        "model=M1",
        "serial=SN-ZC-102",
        "owner=政务云平台",
        "设备名称=sw01",
        "设备类型=交换机",
        "厂商=锐捷",
        "规格型号=RG-S6510",
        "SN=G1ABC",
        "归属类型=托管",
        "所属单位=市公安局",
        "占用U数*=1",
        "额定功率（W）=150",
        "深度=半深",
        "使用状态=在用",
    ]);
    let a = &doc["asset"];
    assert_eq!(a["category"], "switch");
    assert_eq!(a["vendor"], "锐捷");
    assert_eq!(a["model"], "RG-S6510");
    assert_eq!(a["serial"], "G1ABC");
    assert_eq!(a["ownership"], "hosted");
    assert_eq!(a["owner"], "市公安局");
    assert_eq!(a["rated_w"], 150);
    assert_eq!(a["depth"], "half");
    assert_eq!(a["status"], "in_use");
}

#[test]
fn enum_codes_and_labels_are_equivalent() {
    let site = Site::new();
    for (i, (label, code)) in [
        ("服务器", "server"),
        ("存储", "storage"),
        ("交换机", "switch"),
        ("路由器", "router"),
        ("防火墙", "firewall"),
        ("负载均衡", "load_balancer"),
        ("安全设备", "security"),
        ("光纤交换机", "fc_switch"),
        ("配线架", "patch_panel"),
        ("PDU", "pdu"),
        ("其他", "other"),
    ]
    .iter()
    .enumerate()
    {
        let by_label = site.add(&format!("L-{i}"), &[&format!("category={label}")]);
        let by_code = site.add(&format!("C-{i}"), &[&format!("category={}", code.to_uppercase())]);
        assert_eq!(by_label["category"], *code);
        assert_eq!(by_code["category"], *code);
    }
    for (label, code) in [("自有", "platform"), ("托管", "hosted"), ("租赁", "leased")] {
        let a = site.add(&format!("O-{code}"), &[&format!("资产性质={label}")]);
        assert_eq!(a["ownership"], code);
    }
    let doc = site.refused(
        &[
            "asset",
            "add",
            "BAD-1",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-BAD-1",
            "owner=政务云平台",
            "name=x",
            "category=toaster",
        ],
        "invalid_value",
    );
    assert_eq!(doc["error"]["field"], "category", "the field key, for the form: {doc:#}");
    assert!(
        doc["error"]["message"].as_str().unwrap_or_default().contains("服务器/server"),
        "the message lists the choices: {doc:#}"
    );
    site.refused(
        &[
            "asset",
            "add",
            "BAD-2",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-BAD-2",
            "owner=政务云平台",
            "name=x",
            "rated_w=lots",
        ],
        "invalid_value",
    );
    site.refused(
        &[
            "asset",
            "add",
            "BAD-3",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-BAD-3",
            "owner=政务云平台",
            "name=x",
            "mgmt_ip=10.0.0",
        ],
        "invalid_value",
    );
    site.refused(
        &[
            "asset",
            "add",
            "BAD-4",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-BAD-4",
            "owner=政务云平台",
            "name=x",
            "u_height=61",
        ],
        "invalid_value",
    );
    site.refused(
        &[
            "asset",
            "add",
            "BAD-5",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-BAD-5",
            "owner=政务云平台",
            "category=server",
        ],
        "missing_field",
    );
    for tag in ["BAD-1", "BAD-2", "BAD-3", "BAD-4", "BAD-5"] {
        site.refused(&["asset", "show", tag], "asset_not_found");
    }
}

#[test]
fn duplicate_tag_is_refused() {
    let site = Site::new();
    site.add("DUP-1", &[]);
    let before = site.files();
    let doc = site.refused(
        &[
            "asset",
            "add",
            "DUP-1",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-DUP-1",
            "owner=政务云平台",
            "name=other",
            "serial=X",
        ],
        "duplicate_tag",
    );
    assert_eq!(doc["error"]["field"], "asset_tag");
    before.assert_unchanged(&site.files(), "a refused duplicate tag");
    assert_eq!(site.show("DUP-1")["name"], "DUP-1-host");
}

#[test]
fn duplicate_serial_is_refused_per_vendor() {
    let site = Site::new();
    site.add("SN-A", &["vendor=华为", "serial=2102-777"]);
    let before = site.files();
    let doc = site.refused(
        &[
            "asset",
            "add",
            "SN-B",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-SN-B",
            "owner=政务云平台",
            "name=b",
            "vendor=华为",
            "serial=2102-777",
        ],
        "duplicate_serial",
    );
    assert_eq!(doc["error"]["field"], "serial");
    assert!(
        doc["error"]["message"].as_str().unwrap_or_default().contains("SN-A"),
        "the message names the other asset: {doc:#}"
    );
    before.assert_unchanged(&site.files(), "a refused duplicate serial");
    site.refused(&["asset", "show", "SN-B"], "asset_not_found");

    // The same serial under another vendor is another device.
    let b = site.add("SN-B", &["vendor=浪潮", "serial=2102-777"]);
    assert_eq!(b["serial"], "2102-777");
    // Changing a serial onto another asset's is refused too.
    site.add("SN-C", &["vendor=华为", "serial=2102-888"]);
    site.refused(&["asset", "set", "SN-C", "serial=2102-777"], "duplicate_serial");
    site.refused(&["asset", "set", "SN-B", "vendor=华为"], "duplicate_serial");
    // The serial is required (序列号* on the form), so an empty one is refused, not stored.
    let doc = site.json(&["asset", "add", "NOSN-1", "name=x", "vendor=华为", "model=M", "owner=o", "serial="]);
    assert_eq!(doc.code, 1);
    assert_eq!(doc.json()["error"]["field"], "serial");
}

#[test]
fn add_with_cabinet_and_start_u_racks_it() {
    let site = Site::new();
    site.cabinet("A01", 42);
    let a = site.add("RK-1", &["机柜编号=A01", "起始U位=20", "u_height=2", "安装面=后"]);
    assert_eq!(a["cabinet"], "A01");
    assert_eq!(a["room"], "一号机房");
    assert_eq!(a["start_u"], 20);
    assert_eq!(a["face"], "rear");
    assert_eq!(a["status"], "in_use", "racked from stock goes into use");
    assert!(a["racked_on"].is_string());
    let shown = site.show("RK-1");
    assert_eq!(shown["position"]["cabinet"], "A01");
    assert_eq!(shown["position"]["start_u"], 20);
    let kinds: Vec<&str> =
        shown["history"].as_array().expect("history").iter().filter_map(|h| h["kind"].as_str()).collect();
    assert_eq!(kinds, ["created", "placed", "status"]);
    let cab = site.ok(&["cabinet", "show", "A01"]);
    assert_eq!(cab["cabinet"]["used_u"], 2);

    // Room given and matching is fine; a room that is not the cabinet's is refused.
    site.add("RK-2", &["room=一号机房", "cabinet=A01", "start_u=1"]);
    site.refused(
        &[
            "asset",
            "add",
            "RK-3",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-RK-3",
            "owner=政务云平台",
            "name=x",
            "room=二号机房",
            "cabinet=A01",
            "start_u=5",
        ],
        "invalid_value",
    );
    // Half a position is refused.
    site.refused(
        &[
            "asset",
            "add",
            "RK-4",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-RK-4",
            "owner=政务云平台",
            "name=x",
            "cabinet=A01",
        ],
        "missing_field",
    );
    site.refused(
        &[
            "asset",
            "add",
            "RK-5",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-RK-5",
            "owner=政务云平台",
            "name=x",
            "start_u=5",
        ],
        "missing_field",
    );
    site.refused(
        &[
            "asset",
            "add",
            "RK-6",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-RK-6",
            "owner=政务云平台",
            "name=x",
            "cabinet=NOPE",
            "start_u=5",
        ],
        "cabinet_not_found",
    );
    for tag in ["RK-3", "RK-4", "RK-5", "RK-6"] {
        site.refused(&["asset", "show", tag], "asset_not_found");
    }
}

#[test]
fn add_onto_an_occupied_unit_registers_nothing() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("OCC-1", &["cabinet=A01", "start_u=10", "u_height=2"]);
    let audit_before = site.ok(&["audit", "--limit", "1000"]);
    let before = site.files();
    let doc = site.refused(
        &[
            "asset",
            "add",
            "OCC-2",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-OCC-2",
            "owner=政务云平台",
            "name=x",
            "serial=S2",
            "cabinet=A01",
            "start_u=11",
        ],
        "space_conflict",
    );
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("OCC-1"), "{doc:#}");
    before.assert_unchanged(&site.files(), "a refused registration");
    site.refused(&["asset", "show", "OCC-2"], "asset_not_found");
    assert_eq!(site.ok(&["audit", "--limit", "1000"]), audit_before);
    // Out of bounds: the same.
    site.refused(
        &[
            "asset",
            "add",
            "OCC-3",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-OCC-3",
            "owner=政务云平台",
            "name=x",
            "u_height=2",
            "cabinet=A01",
            "start_u=42",
        ],
        "out_of_bounds",
    );
    site.refused(&["asset", "show", "OCC-3"], "asset_not_found");
    // The serial it would have used is still free.
    site.add("OCC-2", &["serial=S2"]);
}

#[test]
fn set_changes_fields_and_bumps_the_version() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("ST-1", &["cabinet=A01", "start_u=1", "u_height=1"]);
    let v0 = site.show("ST-1")["version"].as_i64().expect("version");
    let doc = site.ok(&["asset", "set", "ST-1", "name=renamed", "归属单位=市税务局", "typical_w=300W"]);
    assert_eq!(doc["asset"]["name"], "renamed");
    assert_eq!(doc["asset"]["owner"], "市税务局");
    assert_eq!(doc["asset"]["typical_w"], 300);
    let shown = site.show("ST-1");
    assert_eq!(shown["name"], "renamed");
    assert_eq!(shown["version"], v0 + 1);
    // A stale version is refused.
    let stale = v0.to_string();
    site.refused(&["asset", "set", "--if-version", &stale, "ST-1", "name=again"], "stale_version");
    let current = (v0 + 1).to_string();
    site.ok(&["asset", "set", "--if-version", &current, "ST-1", "name=again"]);
    // Growing into the unit above is checked against the cabinet.
    site.add("ST-2", &["cabinet=A01", "start_u=2"]);
    let doc = site.refused(&["asset", "set", "ST-1", "u_height=2"], "space_conflict");
    assert!(doc["error"]["message"].as_str().unwrap_or_default().contains("ST-2"));
    assert_eq!(site.show("ST-1")["u_height"], 1);
    // A serial change is kept in serial_history.
    site.ok(&["asset", "set", "ST-2", "serial=NEW-SN"]);
    let sh = site.show("ST-2")["serial_history"].clone();
    assert_eq!(sh[0]["serial"], "SN-ST-2", "{sh:#}");
    assert_eq!(sh[0]["replaced_by"], "NEW-SN", "{sh:#}");
}

#[test]
fn a_limited_list_says_how_many_it_shows_and_how_many_match() {
    // On main before this change `asset list --limit 50` answered `count` 50 and nothing else.
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "6", "--devices", "150", "--seed", "3"]);
    let doc = site.ok(&["asset", "list", "--limit", "50"]);
    assert_eq!(doc["assets"].as_array().map(Vec::len), Some(50));
    assert_eq!((doc["count"].as_u64(), doc["total"].as_u64()), (Some(50), Some(150)), "{}", doc["total"]);
    let filtered = site.ok(&["asset", "list", "--category", "server"]);
    let servers = filtered["assets"].as_array().map_or(0, Vec::len) as u64;
    let some = site.ok(&["asset", "list", "--category", "server", "--limit", "3"]);
    assert_eq!((some["count"].as_u64(), some["total"].as_u64()), (Some(3), Some(servers)));
    let text = site.run(&["asset", "list", "--limit", "50"]);
    assert_eq!(text.stdout.lines().last(), Some("显示 50 / 共 150 台"), "{}", text.stdout);
    let en = site.run(&["--lang", "en", "asset", "list", "--limit", "50"]);
    assert_eq!(en.stdout.lines().last(), Some("showing 50 of 150 assets"), "{}", en.stdout);
    assert_eq!(site.run(&["asset", "list"]).stdout.lines().last(), Some("共 150 台"));
    // The record lists say the same.
    let repairs = site.ok(&["repair", "list"]);
    let all = repairs["total"].as_u64().unwrap_or(0);
    assert!(all > 1, "the demo has repairs: {repairs:#}");
    let one = site.ok(&["repair", "list", "--limit", "1"]);
    assert_eq!((one["count"].as_u64(), one["total"].as_u64()), (Some(1), Some(all)));
    let text = site.run(&["repair", "list", "--limit", "1"]);
    assert_eq!(text.stdout.lines().last(), Some(format!("显示 1 / 共 {all} 条").as_str()), "{}", text.stdout);
}

#[test]
fn every_show_of_a_record_carries_its_uid() {
    let site = Site::new();
    site.ok(&["demo", "--cabinets", "4", "--devices", "30", "--seed", "3"]);
    let uid = |doc: &Value| -> String {
        let u = doc["uid"].as_str().unwrap_or_else(|| panic!("no uid in {doc:#}")).to_string();
        let parsed = uuid::Uuid::parse_str(&u).unwrap_or_else(|e| panic!("{u}: {e}"));
        assert_eq!((parsed.get_version_num(), parsed.to_string()), (4, u.clone()), "a v4 UUID in lower case");
        u
    };
    let first = |list: &[&str], array: &str, key: &str| -> String {
        let doc = site.ok(list);
        doc[array][0][key].as_str().unwrap_or_else(|| panic!("{list:?}: {doc:#}")).to_string()
    };
    let tags = site.list_tags(&[]);
    let a = uid(&site.show(&tags[0]));
    assert_ne!(a, uid(&site.show(&tags[1])), "two assets, two uids");
    // A record keeps its uid through a change.
    site.ok(&["asset", "set", &tags[0], "note=改过"]);
    assert_eq!(uid(&site.show(&tags[0])), a);

    site.cabinet("Z99", 42);
    site.add("N1", &[]);
    let request = site.ok(&["request", "add", "--org", "市大数据局", "--applicant", "张三", "--row", "N1:Z99:10"]);
    let request_no = request["request_no"].as_str().expect("request_no").to_string();
    let op = site.ok(&["operation", "add", "--type", "其他", "--org", "市大数据局", "--applicant", "张三"]);
    let op_no = op["op_no"].as_str().unwrap_or_else(|| panic!("{op:#}")).to_string();
    let inspection = site.ok(&["inspection", "start", "--room", "一号机房", "--date", "2026-12-07"]);
    let inspection_no = inspection["inspection_no"].as_str().expect("inspection_no").to_string();
    let shows: Vec<(Vec<String>, String)> = vec![
        (vec!["cabinet".into(), "show".into(), "Z99".into()], "cabinet".into()),
        (vec!["cable".into(), "show".into(), first(&["cable", "list"], "cables", "cable_no")], "cable".into()),
        (vec!["fault".into(), "show".into(), first(&["fault", "list"], "faults", "fault_no")], "fault".into()),
        (vec!["repair".into(), "show".into(), first(&["repair", "list"], "repairs", "repair_no")], "repair".into()),
        (vec!["request".into(), "show".into(), request_no], "request".into()),
        (vec!["operation".into(), "show".into(), op_no], "operation".into()),
        (vec!["inspection".into(), "show".into(), inspection_no], "inspection".into()),
    ];
    let mut seen = vec![a];
    for (args, what) in &shows {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let u = uid(&site.ok(&args));
        assert_eq!(uid(&site.ok(&args)), u, "{what}: the same uid shown twice");
        assert!(!seen.contains(&u), "{what}: a uid of its own");
        seen.push(u);
    }
}
