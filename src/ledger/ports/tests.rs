//! Unit tests of the port rules, on an in-memory ledger.

use super::*;
use crate::model::{AssetDraft, AssetField, CableType, Face};
use crate::Lang;

fn ctx() -> Ctx {
    Ctx {
        operator: "测试员".into(),
        now: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(9, 0, 0).unwrap(),
    }
}

fn add(l: &mut Ledger, tag: &str, category: &str, model: &str, cabinet: Option<(&str, u32)>) {
    let mut d: AssetDraft = vec![
        (AssetField::AssetTag, tag.into()),
        (AssetField::Name, format!("{tag}-name")),
        (AssetField::Category, category.into()),
        (AssetField::Vendor, "厂商".into()),
        (AssetField::Model, model.into()),
        (AssetField::Serial, format!("SN-{tag}")),
        (AssetField::Ownership, "自有".into()),
        (AssetField::Owner, "政务云平台".into()),
        (AssetField::UHeight, "1".into()),
        (AssetField::RatedW, "100".into()),
        (AssetField::Status, "在用".into()),
    ];
    if let Some((c, u)) = cabinet {
        d.push((AssetField::Cabinet, c.into()));
        d.push((AssetField::StartU, u.to_string()));
    }
    l.add_asset(&ctx(), &d).unwrap();
}

fn site() -> Ledger {
    let mut l = Ledger::open_in_memory(Lang::Zh).unwrap();
    l.add_room(&ctx(), &crate::model::Room { name: "一号机房".into(), location: None, note: None }).unwrap();
    let draft = crate::model::CabinetDraft {
        code: "A01".into(),
        room: "一号机房".into(),
        row: None,
        u_height: 42,
        owner: None,
        note: None,
    };
    l.add_cabinet(&ctx(), &draft, None).unwrap();
    l
}

#[test]
fn a_known_model_gets_its_ports_at_registration() {
    let mut l = site();
    add(&mut l, "SW1", "交换机", "S6850-56HF", Some(("A01", 42)));
    let p = l.device_ports("SW1").unwrap();
    assert_eq!(p.ports.iter().filter(|p| p.kind == PortKind::Sfp28).count(), 48);
    assert_eq!(p.ports.iter().filter(|p| p.kind == PortKind::Qsfp28).count(), 8);
    // An unknown model gets none until asked, then its category's generic template.
    add(&mut l, "SRV", "服务器", "某型号", None);
    assert!(l.device_ports("SRV").unwrap().ports.is_empty());
    let done = l.create_ports(&ctx(), "SRV", None).unwrap();
    assert_eq!(done.template, "通用服务器");
    assert_eq!(l.create_ports(&ctx(), "SRV", None).unwrap().created, 0, "applying twice adds nothing");
}

#[test]
fn connect_refuses_a_taken_port_and_incompatible_kinds() {
    let mut l = site();
    add(&mut l, "SW1", "交换机", "S6850", Some(("A01", 42)));
    add(&mut l, "SRV", "服务器", "NF5280M6", Some(("A01", 10)));
    add(&mut l, "SRV2", "服务器", "NF5280M6", Some(("A01", 12)));
    let c = l
        .connect(&ctx(), &PortRef::new("SRV", "25GE1"), &PortRef::new("SW1", "25GE1/0/1"), &CableDraft::default())
        .unwrap();
    assert_eq!(c.cable_type, CableType::Dac);
    assert_eq!(c.a.label.as_deref(), Some("A01-10-25GE1"));
    assert_eq!(c.b.label.as_deref(), Some("A01-42-25GE1/0/1"));
    let e = l
        .connect(&ctx(), &PortRef::new("SRV2", "25GE1"), &PortRef::new("SW1", "25GE1/0/1"), &CableDraft::default())
        .unwrap_err();
    match e {
        Error::PortTaken { port, cable_no, far } => {
            assert_eq!(port, "SW1:25GE1/0/1");
            assert_eq!(cable_no, c.cable_no);
            assert_eq!(far, "SRV:25GE1");
        }
        other => panic!("{other:?}"),
    }
    let e = l
        .connect(&ctx(), &PortRef::new("SRV2", "PSU1"), &PortRef::new("SW1", "25GE1/0/2"), &CableDraft::default())
        .unwrap_err();
    assert_eq!(e.code(), "ports_incompatible");
    // Nothing was written by the refusals.
    assert_eq!(l.cables().unwrap().len(), 1);
    l.disconnect(&ctx(), &c.cable_no).unwrap();
    let ports = l.device_ports("SW1").unwrap();
    assert!(ports.ports.iter().all(|p| p.status == PortStatus::Free));
}

#[test]
fn the_schema_itself_refuses_a_second_cable_on_a_port() {
    let mut l = site();
    add(&mut l, "SW1", "交换机", "S6850", None);
    add(&mut l, "SRV", "服务器", "NF5280M6", None);
    l.connect(&ctx(), &PortRef::new("SRV", "GE1"), &PortRef::new("SW1", "M-GE0/0/0"), &CableDraft::default()).unwrap();
    let port: i64 = l.conn().query_row("SELECT port_id FROM cable_ends LIMIT 1", [], |r| r.get(0)).unwrap();
    l.conn().execute("INSERT INTO cables (cable_no, cable_type) VALUES ('X', 'cat6')", []).unwrap();
    let id = l.conn().last_insert_rowid();
    assert!(l.conn().execute("INSERT INTO cable_ends VALUES (?1, 2, ?2, NULL)", [id, port]).is_err());
}

#[test]
fn ranges_expand_and_patching_is_all_or_nothing() {
    let mut l = site();
    add(&mut l, "P1", "配线架", "24口超六类配线架", Some(("A01", 40)));
    add(&mut l, "P2", "配线架", "24口超六类配线架", Some(("A01", 39)));
    let r = expand_range(l.conn(), "P1:R1-24").unwrap();
    assert_eq!(r.len(), 24);
    assert_eq!(r[23].port, "R24");
    l.connect(&ctx(), &PortRef::new("P1", "R5"), &PortRef::new("P2", "1"), &CableDraft::default()).unwrap();
    let e = l.patch(&ctx(), "P1:R1-24", "P2:R1-24", &CableDraft::default()).unwrap_err();
    assert_eq!(e.code(), "port_taken");
    assert_eq!(l.cables().unwrap().len(), 1, "the refused patch left nothing behind");
    let e = l.patch(&ctx(), "P1:R6-24", "P2:R1-24", &CableDraft::default()).unwrap_err();
    assert_eq!(e.code(), "patch_mismatch");
    let done = l.patch(&ctx(), "P1:R6-24", "P2:R6-24", &CableDraft::default()).unwrap();
    assert_eq!(done.len(), 19);
}

#[test]
fn trace_crosses_panels() {
    let mut l = site();
    add(&mut l, "SW1", "交换机", "S5130", Some(("A01", 42)));
    add(&mut l, "P1", "配线架", "24口超六类配线架", Some(("A01", 41)));
    add(&mut l, "P2", "配线架", "24口超六类配线架", Some(("A01", 20)));
    add(&mut l, "SRV", "服务器", "NF5280M6", Some(("A01", 10)));
    let d = CableDraft::default();
    l.connect(&ctx(), &PortRef::new("SW1", "GE1/0/3"), &PortRef::new("P1", "3"), &d).unwrap();
    l.connect(&ctx(), &PortRef::new("P1", "R3"), &PortRef::new("P2", "R7"), &d).unwrap();
    l.connect(&ctx(), &PortRef::new("P2", "7"), &PortRef::new("SRV", "GE1"), &d).unwrap();
    let t = l.trace(&PortRef::new("SW1", "GE1/0/3")).unwrap();
    let path: Vec<String> = t.hops.iter().map(|h| format!("{}:{}", h.asset_tag, h.port)).collect();
    assert_eq!(path, ["SW1:GE1/0/3", "P1:3", "P1:R3", "P2:R7", "P2:7", "SRV:GE1"]);
    assert_eq!((t.panels, t.cables), (2, 3));
    assert_eq!(t.far_end.map(|h| h.asset_tag), Some("SRV".into()));
    // And back the other way.
    let back = l.trace(&PortRef::new("SRV", "GE1")).unwrap();
    assert_eq!(back.far_end.map(|h| h.port), Some("GE1/0/3".into()));
    let _ = Face::Front;
}

#[test]
fn pool_counts_switch_data_ports_only() {
    let mut l = site();
    add(&mut l, "SW1", "交换机", "S5130", Some(("A01", 42)));
    add(&mut l, "SRV", "服务器", "NF5280M6", Some(("A01", 10)));
    l.connect(&ctx(), &PortRef::new("SRV", "GE1"), &PortRef::new("SW1", "GE1/0/1"), &CableDraft::default()).unwrap();
    l.connect(&ctx(), &PortRef::new("SRV", "BMC"), &PortRef::new("SW1", "M-GE0/0/0"), &CableDraft::default()).unwrap();
    l.set_port_status(&ctx(), &PortRef::new("SW1", "GE1/0/2"), PortStatus::Reserved).unwrap();
    let p = l.port_pool(None, None).unwrap();
    assert_eq!((p.total.total, p.total.used, p.total.reserved, p.total.free), (52, 1, 1, 50));
    assert_eq!(p.cabinets.len(), 1);
    assert_eq!(p.rooms[0].figures.status, PoolLevel::Ok);
}
