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
