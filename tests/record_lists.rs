//! The record lists in windows (repairs, faults): more records than a window, made through the
//! ledger's own operations with times out of order, read window after window — newest first, no
//! record missed or read twice, the total and the counts by state right — and `fault list
//! --limit/--offset` on the command line.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rackledger::db::faults::FaultFilter;
use rackledger::db::repairs::RepairFilter;
use rackledger::ledger::{FaultDraft, RepairClose, RepairDraft};
use rackledger::model::{
    AssetField, CabinetDraft, FaultKind, FaultSource, FaultState, RepairMode, RepairResult, RepairState, Room, Severity,
};
use rackledger::{Ctx, Lang, Ledger};

use crate::common::Site;

fn ctx() -> Ctx {
    Ctx {
        operator: "测试员".into(),
        now: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap().and_hms_opt(12, 0, 0).unwrap(),
    }
}

/// The i-th of n times over the last months, in a scrambled order (7919 is prime to n), and
/// every fifth equal to the one before, so that ties are broken by the order of entry.
fn scrambled(i: usize, n: usize) -> NaiveDateTime {
    let k = if i % 5 == 4 { (i - 1) * 7919 % n } else { i * 7919 % n };
    ctx().now - Duration::hours(24 * 200) + Duration::minutes(k as i64 * 37)
}

/// Reads every window of `window` rows until the total is reached; the windows, in order.
fn windows<T>(window: u32, mut read: impl FnMut(u32, u32) -> rackledger::db::window::RecordPage<T>) -> (Vec<T>, i64) {
    let mut all = Vec::new();
    let mut total = None;
    loop {
        let page = read(window, all.len() as u32);
        assert_eq!(page.offset as usize, all.len());
        assert!(page.rows.len() <= window as usize);
        let n = page.rows.len();
        assert!(total.is_none_or(|t| t == page.total), "the total stays the same across windows");
        total = Some(page.total);
        all.extend(page.rows);
        if n < window as usize {
            break;
        }
    }
    (all, total.unwrap())
}

#[test]
fn faults_come_window_after_window_newest_first_without_gaps_or_repeats() {
    let site = Site::new();
    let mut l = Ledger::open(&site.db, Lang::Zh).unwrap();
    let n = 450;
    for i in 0..n {
        let d = FaultDraft {
            kind: FaultKind::Alarm,
            source: FaultSource::Environment,
            severity: Severity::Level4,
            description: format!("告警 {i}"),
            asset_tag: None,
            room: None,
            cabinet: None,
            fault_type: None,
            service_impact: false,
            occurred_at: Some(scrambled(i, n)),
            reporter: None,
            close: i % 3 == 0,
        };
        l.open_fault(&ctx(), &d).unwrap();
    }
    let every = l.faults(&FaultFilter::default()).unwrap();
    assert_eq!(every.len(), n, "without a limit the core lists every record (the CLI and the exports)");
    assert!(every.windows(2).all(|w| w[0].occurred_at >= w[1].occurred_at), "newest first");

    let (paged, total) = windows(200, |limit, offset| {
        l.fault_page(&FaultFilter { limit: Some(limit), offset: Some(offset), ..Default::default() }).unwrap()
    });
    assert_eq!(total, n as i64);
    let nos = |v: &[rackledger::model::Fault]| v.iter().map(|f| f.fault_no.clone()).collect::<Vec<_>>();
    assert_eq!(nos(&paged), nos(&every), "the windows put together are the whole list, in its order");

    let page = l.fault_page(&FaultFilter::default()).unwrap();
    assert_eq!((page.rows.len(), page.total), (200, n as i64), "the default window is 200");
    assert_eq!(page.by_state.get("closed"), Some(&150));
    assert_eq!(page.by_state.get("pending"), Some(&300));
    let huge = l.fault_page(&FaultFilter { limit: Some(1_000_000), ..Default::default() }).unwrap();
    assert_eq!(huge.rows.len(), n.min(rackledger::db::window::MAX_WINDOW as usize));

    // One state: its own total, the tabs still count every record.
    let (closed, total) = windows(64, |limit, offset| {
        let f = FaultFilter {
            state: Some(FaultState::Closed),
            limit: Some(limit),
            offset: Some(offset),
            ..Default::default()
        };
        let page = l.fault_page(&f).unwrap();
        assert_eq!(page.by_state.get("pending"), Some(&300));
        page
    });
    assert_eq!((closed.len(), total), (150, 150));
    assert!(closed.iter().all(|f| f.state == FaultState::Closed));
    let expected: Vec<String> =
        every.iter().filter(|f| f.state == FaultState::Closed).map(|f| f.fault_no.clone()).collect();
    assert_eq!(nos(&closed), expected);
}

#[test]
fn repairs_come_window_after_window_newest_first_with_the_counts_by_state() {
    let site = Site::new();
    let mut l = Ledger::open(&site.db, Lang::Zh).unwrap();
    let n = 230;
    l.add_room(&ctx(), &Room { name: "一号机房".into(), location: None, note: None }).unwrap();
    for c in 0..6 {
        let d = CabinetDraft {
            code: format!("A{c:02}"),
            room: "一号机房".into(),
            row: None,
            u_height: 42,
            owner: None,
            note: None,
        };
        l.add_cabinet(&ctx(), &d, None).unwrap();
    }
    for i in 0..n {
        let tag = format!("SRV-{i:03}");
        let draft = vec![
            (AssetField::AssetTag, tag.clone()),
            (AssetField::Name, "服务器".to_string()),
            (AssetField::Category, "server".into()),
            (AssetField::Vendor, "华为".into()),
            (AssetField::Model, "2288H V6".into()),
            (AssetField::Serial, format!("SN-{i}")),
            (AssetField::Owner, "市大数据局".into()),
            (AssetField::RatedW, "100".into()),
            (AssetField::UHeight, "1".into()),
        ];
        l.add_asset(&ctx(), &draft).unwrap();
        // In use, racked: a device in stock is not repaired.
        // On a team ledger racking by hand is the emergency path (no 附件5 in this test).
        let emergency = crate::common::on_postgres().then_some(crate::common::EMERGENCY);
        l.place_by_hand(&ctx(), &tag, &format!("A{:02}", i / 40), 1 + (i % 40) as u32, None, None, emergency).unwrap();
        let d = RepairDraft {
            asset_tag: tag,
            symptom: "电源告警".into(),
            vendor: "华为".into(),
            mode: RepairMode::InHouse,
            fault_no: None,
            case_no: None,
            technician: None,
            reported_at: Some(scrambled(i, n)),
        };
        let no = l.open_repair(&ctx(), &d).unwrap().repair.repair_no;
        if i % 4 == 0 {
            let close = RepairClose {
                result: RepairResult::Fixed,
                new_serial: None,
                rerack: false,
                cost: None,
                accepted_by: None,
                completed_at: None,
                under_warranty: None,
            };
            l.close_repair(&ctx(), &no, &close).unwrap();
        }
    }
    let every = l.repairs(&RepairFilter::default()).unwrap();
    assert_eq!(every.len(), n);
    assert!(every.windows(2).all(|w| w[0].reported_at >= w[1].reported_at), "newest first");
    let nos = |v: &[rackledger::model::Repair]| v.iter().map(|r| r.repair_no.clone()).collect::<Vec<_>>();

    let (paged, total) = windows(100, |limit, offset| {
        l.repair_page(&RepairFilter { limit: Some(limit), offset: Some(offset), ..Default::default() }).unwrap()
    });
    assert_eq!((total, nos(&paged)), (n as i64, nos(&every)));

    let closed = (0..n).filter(|i| i % 4 == 0).count() as i64;
    let page = l.repair_page(&RepairFilter { open: true, limit: Some(100), ..Default::default() }).unwrap();
    assert_eq!((page.rows.len(), page.total), (100, n as i64 - closed), "a full window: the total is counted");
    assert!(page.rows.iter().all(|r| r.state == RepairState::Pending));
    assert_eq!(page.by_state.get("closed"), Some(&closed));
    assert_eq!(page.by_state.get("pending"), Some(&(n as i64 - closed)));
    let f = RepairFilter { state: Some(RepairState::Closed), offset: Some(50), ..Default::default() };
    let tail = l.repair_page(&f).unwrap();
    assert_eq!((tail.rows.len() as i64, tail.total), (closed - 50, closed));
    assert_eq!(l.repair_count(&RepairFilter { asset_tag: Some("SRV-007".into()), ..Default::default() }).unwrap(), 1);
}

/// `fault list` prints every record unless `--limit` is given; `--offset` carries on; the JSON
/// holds the window's `count` and the matching `total`.
#[test]
fn cli_fault_list_takes_a_limit_and_an_offset() {
    let site = Site::new();
    for i in 0..5 {
        let at = format!("2026-11-2{i} 08:00");
        site.ok(&[
            "fault", "open", "--kind", "告警", "--source", "动环", "--level", "四级", "--desc", "温度", "--at", &at,
        ]);
    }
    let all = site.ok(&["fault", "list"]);
    assert_eq!((all["count"].as_u64(), all["total"].as_u64()), (Some(5), Some(5)));
    let first = site.ok(&["fault", "list", "--limit", "2"]);
    let next = site.ok(&["fault", "list", "--limit", "2", "--offset", "2"]);
    assert_eq!((first["count"].as_u64(), first["total"].as_u64()), (Some(2), Some(5)));
    let listed: Vec<&str> = first["faults"]
        .as_array()
        .unwrap()
        .iter()
        .chain(next["faults"].as_array().unwrap())
        .map(|f| f["occurred_at"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["2026-11-24 08:00:00", "2026-11-23 08:00:00", "2026-11-22 08:00:00", "2026-11-21 08:00:00"]);
    let text = site.run(&["fault", "list", "--limit", "1"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(text.stdout.contains("2026-11-24") && !text.stdout.contains("2026-11-23"), "{}", text.stdout);
}
