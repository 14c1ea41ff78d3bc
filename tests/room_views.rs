//! A room's views in windows (issue 18, payloads): the power map's tiles, the power table, the
//! row-head cabinets, the racks view's cabinets and the port pool, read window after window from
//! a demo ledger in a real file — the windows join to exactly what the whole answer holds, the
//! total and the counts by status are the whole room's, and a filter is applied before the cut.

use std::collections::BTreeMap;

use rackledger::db::window::RecordPage;
use rackledger::demo::DemoSize;
use rackledger::ledger::ports::PoolLevel;
use rackledger::ledger::Measured;
use rackledger::power::{AlertKind, PowerSort, PowerStatus, PowerTable};
use rackledger::{Ctx, Lang, Ledger};

use crate::common::Site;

/// A small window, so that a room of 30 cabinets takes several.
const W: u32 = 7;

/// A demo site of two rooms (30 cabinets each), three cabinets of the first room pushed over
/// their capacity by a reading, so the filters have something to find.
fn site() -> (Site, Ledger, String) {
    let site = Site::new();
    let mut l = Ledger::open(&site.db, Lang::Zh).unwrap();
    let ctx = Ctx::now("测试员");
    l.demo(&ctx, DemoSize { cabinets: 60, devices: 600, seed: 3 }).unwrap();
    let room = l.rooms().unwrap()[0].name.clone();
    for c in l.cabinet_codes(Some(&room)).unwrap().iter().take(3) {
        l.record_reading(&ctx, c, Measured::Kw(99.0), None, None).unwrap();
    }
    (site, l, room)
}

/// Every window of `W` rows from the start until a short one; the rows in order and the total
/// and counts every window gave (they must not change from one window to the next).
fn all_windows<T>(mut read: impl FnMut(u32) -> RecordPage<T>) -> (Vec<T>, i64, BTreeMap<String, i64>) {
    let mut rows = Vec::new();
    let mut seen: Option<(i64, BTreeMap<String, i64>)> = None;
    loop {
        let page = read(rows.len() as u32);
        assert_eq!(page.offset as usize, rows.len());
        assert!(page.rows.len() <= W as usize);
        if let Some((total, by_state)) = &seen {
            assert_eq!((total, by_state), (&page.total, &page.by_state), "the same total and counts in every window");
        }
        seen = Some((page.total, page.by_state.clone()));
        let n = page.rows.len();
        rows.extend(page.rows);
        if n < W as usize {
            break;
        }
    }
    let (total, by_state) = seen.unwrap();
    assert_eq!(rows.len() as i64, total, "the windows hold the total, no more, no less");
    (rows, total, by_state)
}

fn status_counts(statuses: impl Iterator<Item = PowerStatus>) -> BTreeMap<String, i64> {
    let mut m = BTreeMap::new();
    for s in statuses {
        *m.entry(s.code().to_string()).or_insert(0) += 1;
    }
    m
}

#[test]
fn the_power_map_comes_in_windows_of_small_tiles_with_the_rooms_counts() {
    let (_site, l, room) = site();
    let report = l.power_report(Some(&room)).unwrap();
    assert!(report.cabinets.len() > 3 * W as usize, "a room of {} cabinets", report.cabinets.len());
    let (tiles, total, by_state) = all_windows(|offset| l.power_tiles(Some(&room), Some(W), Some(offset)).unwrap());
    assert_eq!(total as usize, report.cabinets.len() + report.row_heads.len());
    assert_eq!(by_state, status_counts(report.cabinets.iter().map(|c| c.status)));
    assert_eq!(by_state["over"], 3);
    // Each cabinet once, with the report's figures; each row-head once.
    for c in &report.cabinets {
        let t: Vec<_> = tiles.iter().filter(|t| t.kind == AlertKind::Cabinet && t.code == c.cabinet).collect();
        assert_eq!(t.len(), 1, "{}", c.cabinet);
        assert_eq!((t[0].load_w, t[0].status, t[0].capacity_w), (c.load_w as f64, c.status, c.capacity_w));
        assert_eq!(t[0].row, c.row);
    }
    for h in &report.row_heads {
        let t: Vec<_> = tiles.iter().filter(|t| t.kind == AlertKind::RowHead && t.code == h.row_head).collect();
        assert_eq!(t.len(), 1, "{}", h.row_head);
        assert_eq!((t[0].load_w, t[0].status), (h.load_w, h.status));
    }
    // Map order: a row's tiles are together, its row-heads before its cabinets.
    let mut rows: Vec<Option<String>> = Vec::new();
    for w in tiles.windows(2) {
        if w[0].row == w[1].row {
            assert!(!(w[0].kind == AlertKind::Cabinet && w[1].kind == AlertKind::RowHead), "{w:?}");
        } else {
            assert!(!rows.contains(&w[1].row), "row {:?} comes back", w[1].row);
            rows.push(w[0].row.clone());
        }
    }
    // A window is a fraction of the whole report's bytes.
    let one = serde_json::to_vec(&l.power_tiles(Some(&room), Some(W), None).unwrap()).unwrap().len();
    let whole = serde_json::to_vec(&report).unwrap().len();
    assert!(one * 4 < whole, "a window of {W} tiles is {one} B, the room's report {whole} B");
    assert!(matches!(l.power_tiles(Some("没有这个机房"), None, None), Err(rackledger::Error::RoomNotFound { .. })));
}

#[test]
fn the_power_table_is_filtered_and_sorted_before_it_is_cut() {
    let (_site, l, room) = site();
    let report = l.power_report(Some(&room)).unwrap();
    let counts = status_counts(report.cabinets.iter().map(|c| c.status));

    // Fullest first: the windows joined are the whole room sorted by utilization, ties by code.
    let table = |offset, status| PowerTable {
        sort: PowerSort::Utilization,
        desc: true,
        status,
        limit: Some(W),
        offset: Some(offset),
    };
    let (rows, total, by_state) = all_windows(|o| l.power_cabinets(Some(&room), &table(o, None)).unwrap());
    assert_eq!(total as usize, report.cabinets.len());
    assert_eq!(by_state, counts);
    let mut expected = report.cabinets.clone();
    expected.sort_by(|a, b| {
        b.utilization.unwrap_or(f64::NEG_INFINITY).total_cmp(&a.utilization.unwrap_or(f64::NEG_INFINITY))
    });
    let u: Vec<Option<f64>> = rows.iter().map(|c| c.utilization).collect();
    assert_eq!(u, expected.iter().map(|c| c.utilization).collect::<Vec<_>>());
    // Each row is its cabinet's figures as the report has them.
    for r in &rows {
        let c = report.cabinets.iter().find(|c| c.cabinet == r.cabinet).unwrap();
        assert_eq!((r.load_w, r.capacity_w, r.headroom_w, r.status), (c.load_w, c.capacity_w, c.headroom_w, c.status));
    }
    let mut codes: Vec<&str> = rows.iter().map(|c| c.cabinet.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), report.cabinets.len(), "no cabinet twice, none missed");
    assert!(rows[..3].iter().all(|c| c.status == PowerStatus::Over), "the three over their capacity lead");

    // Only 正常: every window holds only ok cabinets, the total is their count, and the counts
    // by status stay the whole room's (the header's).
    let (ok, total, by_state) =
        all_windows(|o| l.power_cabinets(Some(&room), &table(o, Some(PowerStatus::Ok))).unwrap());
    assert!(ok.iter().all(|c| c.status == PowerStatus::Ok));
    assert_eq!(total, counts["ok"]);
    assert_eq!(by_state, counts);

    // By code, ascending, as numbers read (A2 before A10), the default window when none is asked.
    let by_code =
        l.power_cabinets(Some(&room), &PowerTable { sort: PowerSort::Cabinet, ..PowerTable::default() }).unwrap();
    assert_eq!(by_code.rows.len(), report.cabinets.len().min(200));
    let codes: Vec<&str> = by_code.rows.iter().map(|c| c.cabinet.as_str()).collect();
    let mut natural = codes.clone();
    natural.sort_by_key(|c| (c.trim_end_matches(|x: char| x.is_ascii_digit()).to_string(), c.len(), c.to_string()));
    assert_eq!(codes, natural);

    // The view's opening asks the three first windows at once: the same windows.
    let t = table(0, None);
    let opening = l.power_room(Some(&room), &t, Some(W), Some(W)).unwrap();
    assert_eq!(opening.cabinets, l.power_cabinets(Some(&room), &t).unwrap());
    assert_eq!(opening.tiles, l.power_tiles(Some(&room), Some(W), None).unwrap());
    assert_eq!(opening.row_heads, l.power_row_heads(Some(&room), Some(W), None).unwrap());

    // The side panel's cabinet: the report's own figures.
    let c = &report.cabinets[5];
    assert_eq!(&l.cabinet_power(&c.cabinet).unwrap(), c);
    assert!(matches!(l.cabinet_power("ZZ99"), Err(rackledger::Error::CabinetNotFound { .. })));
}

#[test]
fn row_heads_and_the_racks_cabinets_come_in_windows_that_join_to_the_whole() {
    let (_site, l, room) = site();
    let report = l.power_report(Some(&room)).unwrap();
    let (heads, total, by_state) = all_windows(|o| l.power_row_heads(Some(&room), Some(W), Some(o)).unwrap());
    assert!(total > 0);
    assert_eq!(heads, report.row_heads);
    assert_eq!(by_state, status_counts(report.row_heads.iter().map(|h| h.status)));

    let whole = l.cabinets(Some(&room)).unwrap();
    let (cabinets, total, _) = all_windows(|o| l.cabinet_window(Some(&room), Some(W), Some(o)).unwrap());
    assert_eq!(total as usize, whole.len());
    assert_eq!(cabinets, whole);
    assert!(cabinets.iter().all(|c| c.room == room && c.used_u + c.free_u == c.u_height));
    assert!(cabinets.iter().any(|c| c.used_u > 0));
}

#[test]
fn the_port_pool_windows_its_cabinets_with_their_switches_and_filters_first() {
    let (_site, l, room) = site();
    let pool = l.port_pool(Some(&room), None).unwrap();
    assert!(pool.cabinets.len() > W as usize, "{} cabinets with switches", pool.cabinets.len());
    let mut switches = Vec::new();
    let (cabinets, total, by_state) = all_windows(|o| {
        let w = l.port_pool_window(Some(&room), None, Some(W), Some(o)).unwrap();
        assert_eq!((w.total, &w.rooms, w.warning_level), (pool.total, &pool.rooms, pool.warning_level));
        // The switches sent are those of the window's cabinets, all of them.
        for s in &w.switches {
            assert!(w.cabinets.rows.iter().any(|c| c.cabinet == s.cabinet), "{} outside the window", s.asset_tag);
        }
        switches.extend(w.switches);
        w.cabinets
    });
    assert_eq!(total as usize, pool.cabinets.len());
    assert_eq!(cabinets, pool.cabinets);
    assert_eq!(switches, pool.switches);
    let warn = pool.cabinets.iter().filter(|c| c.figures.status == PoolLevel::Warning).count() as i64;
    assert_eq!(by_state.get("warning").copied().unwrap_or(0), warn);
    assert_eq!(by_state.values().sum::<i64>(), total);

    // At one level only: the total is that level's count, the counts stay the room's.
    for level in [PoolLevel::Ok, PoolLevel::Warning] {
        let (rows, total, counts) =
            all_windows(|o| l.port_pool_window(Some(&room), Some(level), Some(W), Some(o)).unwrap().cabinets);
        assert!(rows.iter().all(|c| c.figures.status == level));
        assert_eq!(total, by_state.get(level.code()).copied().unwrap_or(0));
        assert_eq!(counts, by_state);
    }
}
