//! The audit log: every mutation, who (`--operator`, default the OS user), what, before/after.

use serde_json::Value;

use crate::common::{run_cmd, Site, DEFAULT_USER};

fn actions(records: &[Value]) -> Vec<&str> {
    records.iter().filter_map(|r| r["action"].as_str()).collect()
}

#[test]
fn every_mutation_is_audited_with_the_operator_and_before_after() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.cabinet("B01", 42);
    let op = |name: &'static str, args: &[&str]| {
        let mut all = vec!["--operator", name];
        all.extend_from_slice(args);
        site.ok(&all);
    };
    op(
        "甲",
        &[
            "asset",
            "add",
            "AU-1",
            "vendor=测试厂商",
            "model=M1",
            "serial=SN-AU-1",
            "owner=政务云平台",
            "name=web01",
            "vendor=华为",
            "serial=S1",
        ],
    );
    op("乙", &["asset", "set", "AU-1", "owner=市医保局", "status=在用"]);
    op("丙", &["place", "AU-1", "A01", "5"]);
    op("丁", &["move", "AU-1", "B01", "7"]);
    op("戊", &["unplace", "AU-1"]);
    op("己", &["asset", "set", "AU-1", "status=待报废"]);
    op("庚", &["asset", "retire", "AU-1", "--reason", "性能不足"]);

    let mut records = site.audit("AU-1");
    records.reverse(); // oldest first
    assert_eq!(
        actions(&records),
        ["asset.create", "asset.update", "asset.place", "asset.move", "asset.unplace", "asset.update", "asset.retire"]
    );
    let operators: Vec<&str> = records.iter().filter_map(|r| r["operator"].as_str()).collect();
    assert_eq!(operators, ["甲", "乙", "丙", "丁", "戊", "己", "庚"]);
    for r in &records {
        assert_eq!(r["entity"], "asset");
        assert_eq!(r["entity_key"], "AU-1");
        assert!(r["at"].as_str().is_some_and(|t| t.len() == 19), "{r:#}");
    }

    let [create, update, place, mv, unplace, _, retire] = &records[..] else {
        panic!("seven records");
    };
    assert!(create["before"].is_null(), "{create:#}");
    assert_eq!(create["after"]["asset_tag"], "AU-1");
    assert_eq!(create["after"]["name"], "web01");
    assert_eq!(create["after"]["status"], "in_stock");

    assert_eq!(update["before"]["owner"], "政务云平台");
    assert_eq!(update["after"]["owner"], "市医保局");
    assert_eq!(update["before"]["status"], "in_stock");
    assert_eq!(update["after"]["status"], "in_use");

    assert!(place["before"]["cabinet"].is_null(), "{place:#}");
    assert_eq!(place["after"]["cabinet"], "A01");
    assert_eq!(place["after"]["start_u"], 5);

    assert_eq!(mv["before"]["cabinet"], "A01");
    assert_eq!(mv["before"]["start_u"], 5);
    assert_eq!(mv["after"]["cabinet"], "B01");
    assert_eq!(mv["after"]["start_u"], 7);

    assert_eq!(unplace["before"]["cabinet"], "B01");
    assert!(unplace["after"]["cabinet"].is_null());
    assert_eq!(unplace["after"]["status"], "unracked");

    assert_eq!(retire["before"]["status"], "to_retire");
    assert_eq!(retire["after"]["status"], "retired");
    assert_eq!(retire["reason"], "性能不足");

    // `asset show` carries the same trail.
    let shown = site.show("AU-1");
    assert_eq!(shown["audit"].as_array().map(Vec::len), Some(7));
}

#[test]
fn rooms_and_cabinets_are_audited_too() {
    let site = Site::new();
    site.ok(&["--operator", "IDC-1", "cabinet", "add", "C01", "--room", "三号机房"]);
    let doc = site.ok(&["audit", "--entity", "cabinet", "--key", "C01"]);
    let rec = &doc["audit"][0];
    assert_eq!(rec["action"], "cabinet.create");
    assert_eq!(rec["operator"], "IDC-1");
    assert_eq!(rec["after"]["code"], "C01");
    // The room was created on the way, and that is recorded as well.
    let doc = site.ok(&["audit", "--entity", "room"]);
    assert_eq!(doc["audit"][0]["entity_key"], "三号机房");
    assert_eq!(doc["audit"][0]["action"], "room.create");
}

#[test]
fn the_default_operator_is_the_os_user() {
    let site = Site::new();
    let run = |user: &str, args: &[&str]| {
        let r = run_cmd(site.cmd().env("USER", user).arg("--json").args(args));
        assert_eq!(r.code, 0, "{r:?}");
    };
    run(
        "ops.wang",
        &["asset", "add", "OS-1", "vendor=测试厂商", "model=M1", "serial=SN-OS-1", "owner=政务云平台", "name=x"],
    );
    run("运维小李", &["asset", "set", "OS-1", "note=checked"]);
    // An empty --operator falls back to the OS user too.
    run("ops.zhao", &["--operator", " ", "asset", "set", "OS-1", "note=again"]);
    let records = site.audit("OS-1");
    let operators: Vec<&str> = records.iter().filter_map(|r| r["operator"].as_str()).collect();
    assert_eq!(operators, ["ops.zhao", "运维小李", "ops.wang"]);
    // The registrant is the operator too.
    assert_eq!(site.show("OS-1")["registered_by"], "ops.wang");
    // The helper's default user.
    site.add("OS-2", &[]);
    assert_eq!(site.audit("OS-2")[0]["operator"], DEFAULT_USER);
}

#[test]
fn refusals_write_no_audit_record() {
    let site = Site::new();
    site.cabinet("A01", 42);
    site.add("RF-1", &["cabinet=A01", "start_u=1"]);
    site.add("RF-2", &[]);
    let before = site.ok(&["audit", "--limit", "1000"])["audit"].clone();
    site.refused(&["place", "RF-2", "A01", "1"], "space_conflict");
    site.refused(&["asset", "set", "RF-1", "status=库存"], "transition");
    site.refused(&["asset", "retire", "RF-1", "--reason", "x"], "still_racked");
    site.refused(
        &["asset", "add", "RF-1", "vendor=测试厂商", "model=M1", "serial=SN-RF-1", "owner=政务云平台", "name=x"],
        "duplicate_tag",
    );
    assert_eq!(site.ok(&["audit", "--limit", "1000"])["audit"], before);
    // A change that changes nothing is not a mutation either.
    site.ok(&["asset", "set", "RF-2", "name=RF-2-host"]);
    assert_eq!(site.audit("RF-2").len(), 1);
}

#[test]
fn audit_human_output_is_a_table() {
    let site = Site::new();
    site.ok(&[
        "--operator",
        "审计员",
        "asset",
        "add",
        "HU-1",
        "vendor=测试厂商",
        "model=M1",
        "serial=SN-HU-1",
        "owner=政务云平台",
        "name=x",
    ]);
    let r = site.run(&["audit", "--entity", "asset", "--key", "HU-1"]);
    assert_eq!(r.code, 0, "{r:?}");
    let header: Vec<&str> = r.stdout.lines().next().unwrap_or_default().split_whitespace().collect();
    assert_eq!(header, ["时间", "操作人", "操作", "对象", "原因"]);
    assert!(r.stdout.contains("审计员") && r.stdout.contains("asset.create"), "{}", r.stdout);
}

/// What each auditable entity looks like now, by `(entity, key)`: its row and the rows that
/// belong to it (an asset's position, a cabinet's readings, a repair's parts), as text.
fn entities(db: &std::path::Path) -> std::collections::BTreeMap<(String, String), String> {
    let c = crate::common::raw_conn(db);
    let queries = [
        ("room", "SELECT name, * FROM rooms"),
        ("cabinet", "SELECT code, * FROM cabinets"),
        ("cabinet", "SELECT c.code, p.* FROM power_readings p JOIN cabinets c ON c.id = p.cabinet_id"),
        ("row_head", "SELECT code, * FROM row_heads"),
        ("asset", "SELECT asset_tag, * FROM assets"),
        ("asset", "SELECT a.asset_tag, p.* FROM positions p JOIN assets a ON a.id = p.asset_id"),
        ("fault", "SELECT fault_no, * FROM faults"),
        ("repair", "SELECT repair_no, * FROM repairs"),
        ("repair", "SELECT r.repair_no, p.* FROM repair_parts p JOIN repairs r ON r.id = p.repair_id"),
        ("settings", "SELECT key, * FROM settings"),
        // A device's ports are created with it (its template's) and audited as its `ports`.
        ("ports", "SELECT a.asset_tag, p.* FROM ports p JOIN assets a ON a.id = p.asset_id"),
        ("cable", "SELECT cable_no, * FROM cables"),
        ("cable", "SELECT c.cable_no, e.* FROM cable_ends e JOIN cables c ON c.id = e.cable_id"),
    ];
    let mut out = std::collections::BTreeMap::new();
    for (entity, sql) in queries {
        let mut stmt = c.prepare(sql).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let key: String = r.get(0)?;
                let text: Vec<String> = (1..n).map(|i| format!("{:?}", r.get_ref(i))).collect();
                Ok((key, text.join("|")))
            })
            .unwrap()
            .collect::<rusqlite::Result<Vec<_>>>()
            .unwrap();
        for (key, text) in rows {
            let e: &mut String = out.entry((entity.to_string(), key)).or_default();
            e.push_str(&text);
            e.push('\n');
        }
    }
    out
}

/// Every mutating command of a scripted session writes exactly one audit record per entity it
/// changed: the entities whose rows differ before and after the command (found by comparing the
/// tables, not by knowing the command) are exactly the `(entity, key)` pairs of its new audit
/// records, each once. Read-only commands and refusals write none.
#[test]
fn every_mutating_command_writes_one_audit_record_per_changed_entity() {
    let site = Site::new();
    let xlsx = site.path("site.xlsx");
    let xlsx = xlsx.to_str().unwrap();
    let session: Vec<Vec<String>> = [
        "demo --cabinets 6 --devices 80",
        "room add 九号机房",
        "rowhead add RH-X --room 九号机房 --capacity-kw 10",
        "rowhead add RH-Y --room 九号机房 --capacity-kw 10",
        "cabinet add C1 --room 九号机房 --rated-kw 4.4 --feed-a RH-X --breaker-a 32 --feed-b RH-Y --breaker-b 32",
        "cabinet add C2 --room 十号机房",
        "asset add S1 name=web01 vendor=华为 model=M1 serial=SN-S1 owner=政务云平台 rated_w=500",
        "asset add S2 name=db01 vendor=华为 model=M2 serial=SN-S2 owner=政务云平台 cabinet=C1 start_u=20",
        "asset set S1 note=第一次",
        "asset set S1 note=第一次",
        "asset list",
        "place S1 C1 10",
        "move S1 C2 5",
        "check S2 C1 30",
        "reading C1 2.5 --at 2026-11-20~10:00",
        "settings set power.warning 0.75",
        "settings set backup.keep_daily 20",
        "fault open --kind 故障 --source 巡检发现 --level 二级 --desc 电源红灯 --asset S1 --type 服务器 --at 2026-11-20~08:00",
        "repair open S1 --symptom 电源故障 --vendor 华为 --fault F-1",
        "repair close R-1 --result 已修复 --accepted-by 李主管",
        "fault close F-1 --cause 电源老化",
        "unplace S1",
        "asset set S1 status=待报废",
        "asset retire S1 --reason 性能不足",
        "backup",
        "export site --out XLSX",
        "asset set S2 note=导入前",
        "import XLSX",
        "demo",
        "room add 九号机房",
    ]
    .iter()
    .map(|line| {
        line.split(' ').map(|w| w.replace('~', " ").replace("XLSX", xlsx)).collect::<Vec<String>>()
    })
    .collect();

    site.ok(&["asset", "list"]); // creates the (empty) database
    let (mut fault, mut repair) = (String::new(), String::new());
    let mut last_id = 0i64;
    let mut mutations = 0usize;
    let mut records = 0usize;
    for args in &session {
        // Fault and repair numbers are made by the ledger: use the ones it made.
        let args: Vec<String> = args
            .iter()
            .map(|a| match a.as_str() {
                "F-1" => fault.clone(),
                "R-1" => repair.clone(),
                other => other.to_string(),
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let before = entities(&site.db);
        let r = site.json(&args);
        let after = entities(&site.db);
        if r.code == 0 && args.get(1) == Some(&"open") {
            let doc = r.json();
            match args[0] {
                "fault" => fault = doc["fault_no"].as_str().unwrap().to_string(),
                "repair" => repair = doc["repair_no"].as_str().unwrap().to_string(),
                _ => {}
            }
        }
        let changed: std::collections::BTreeSet<(String, String)> =
            before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k)).cloned().collect();
        let all = site.ok(&["audit", "--limit", "100000"])["audit"].as_array().cloned().unwrap();
        let new: Vec<(String, String)> = all
            .iter()
            .filter(|e| e["id"].as_i64().unwrap() > last_id)
            .map(|e| (e["entity"].as_str().unwrap().to_string(), e["entity_key"].as_str().unwrap().to_string()))
            .collect();
        last_id = all.iter().filter_map(|e| e["id"].as_i64()).max().unwrap_or(last_id);
        let mut audited: std::collections::BTreeSet<(String, String)> = new.iter().cloned().collect();
        let mut changed = changed;
        if args[0] == "demo" && changed.iter().any(|(entity, _)| entity == "ports") {
            // The demo cables its whole site at once and says so in one record, not one per port.
            assert!(audited.remove(&("ports".to_string(), "demo".to_string())), "the demo's cabling record");
            changed.retain(|(entity, _)| entity != "ports" && entity != "cable");
        }
        // The demo replays a site's history through the ledger's operations (a repair opened,
        // updated, closed…), each audited: several records for one entity are its history there.
        if args[0] != "demo" {
            assert_eq!(new.len(), audited.len(), "{args:?} wrote two records for one entity: {new:?}");
        }
        assert_eq!(audited, changed, "{args:?} (exit {}): audited ≠ changed\n{}", r.code, r.stdout);
        if r.code != 0 {
            assert!(changed.is_empty(), "{args:?} was refused but changed {changed:?}");
        }
        if args[0] != "demo" {
            mutations += changed.len();
            records += new.len();
        }
    }
    assert!(mutations >= 25, "the session changed {mutations} entities");
    assert_eq!(records, mutations);
    eprintln!("{} commands: {mutations} entities changed, {records} audit records", session.len());
}
