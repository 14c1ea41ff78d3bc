//! What a room's views receive (issue 18, payloads): the bytes of each answer as the app's
//! command serialises it (serde_json, as Tauri sends it) and the time of the core call with its
//! serialisation, before and after the views asked for windows, on a `demo --cabinets 5000
//! --devices 100000` site (2,500 cabinets in 一号机房). "Before" is the answer the view asked for
//! until this change (the core functions are still there: the command line prints them); "after"
//! is what the view asks for now when it opens, one window of each list.
//!
//! ```sh
//! cargo bench --bench payloads                              # full size
//! RACKLEDGER_BENCH_SIZE=small cargo bench --bench payloads  # 100 cabinets, 2,000 devices
//! RACKLEDGER_BENCH_RUNS=9 cargo bench --bench payloads      # runs per figure (default 5)
//! ```
//!
//! The database is built once and kept under `target/bench-db/` (its name holds the size and the
//! schema version). The run fails (exit 1) when a window is not what the whole answer holds at
//! its place — never on a size or a time: those are printed.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rackledger::db::faults::FaultFilter;
use rackledger::db::repairs::RepairFilter;
use rackledger::db::requests::RequestFilter;
use rackledger::demo::DemoSize;
use rackledger::power::PowerTable;
use rackledger::{Ctx, Lang, Ledger};
use serde::Serialize;

/// The window the views ask for (db::window::DEFAULT_WINDOW, recordWindow.ts WINDOW).
const WINDOW: u32 = 200;
/// The row-heads' window (PowerView.svelte: a row-head's card is six lines tall).
const HEADS: u32 = 50;

fn size() -> (&'static str, u32, u32, usize) {
    let small = std::env::var("RACKLEDGER_BENCH_SIZE").is_ok_and(|v| v == "small");
    let runs = std::env::var("RACKLEDGER_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0);
    if small {
        ("small", 100, 2_000, runs.unwrap_or(3))
    } else {
        ("full", 5_000, 100_000, runs.unwrap_or(5))
    }
}

fn database(name: &str, cabinets: u32, devices: u32) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("bench-db");
    let schema = rackledger::db::migrations::latest();
    let path = dir.join(format!("payloads-{name}-{cabinets}x{devices}-schema{schema}.db"));
    if path.exists() {
        eprintln!("payloads: using {}", path.display());
        return path;
    }
    std::fs::create_dir_all(&dir).expect("create target/bench-db");
    let tmp = path.with_extension("building");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
    }
    let t = Instant::now();
    {
        let mut ledger = Ledger::open(&tmp, Lang::Zh).expect("open the bench database");
        let r = ledger.demo(&Ctx::now("bench"), DemoSize { cabinets, devices, seed: 7 }).expect("demo site");
        eprintln!("payloads: demo {} cabinets, {} assets, {} ports", r.cabinets, r.assets, r.ports);
        ledger.conn().execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);").expect("analyze");
    }
    std::fs::rename(&tmp, &path).expect("rename the bench database");
    eprintln!("payloads: built {} in {:.1} s", path.display(), t.elapsed().as_secs_f64());
    path
}

/// The answer's JSON bytes and the median time of the call with its serialisation (one warm-up).
fn measure<T: Serialize>(runs: usize, mut call: impl FnMut() -> T) -> (usize, f64) {
    let bytes = serde_json::to_vec(&call()).expect("serialise").len();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let n = serde_json::to_vec(&call()).expect("serialise").len();
            let ms = t.elapsed().as_secs_f64() * 1e3;
            assert_eq!(n, bytes, "the same answer on every run");
            ms
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    (bytes, times[times.len() / 2])
}

fn kb(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else if bytes >= 1_000 {
        format!("{:.1} KB", bytes as f64 / 1e3)
    } else {
        format!("{bytes} B")
    }
}

struct Row {
    view: &'static str,
    before: (String, usize, f64),
    after: Vec<(String, usize, f64)>,
}

fn main() {
    let (name, cabinets, devices, runs) = size();
    let db = database(name, cabinets, devices);
    let l = Ledger::open(&db, Lang::Zh).expect("open");
    let room_name = l.rooms().expect("rooms")[0].name.clone();
    let room = Some(room_name.as_str());
    let in_room = l.cabinet_codes(room).expect("codes").len();
    eprintln!("payloads: {room_name} ({in_room} cabinets), {runs} runs a figure");

    // Windows are cut from the same whole answer the old call gave.
    let report = l.power_report(room).expect("report");
    let table = l.power_cabinets(room, &PowerTable::default()).expect("table");
    assert_eq!(table.total as usize, report.cabinets.len());
    let tiles = l.power_tiles(room, Some(WINDOW), None).expect("tiles");
    assert_eq!(tiles.total as usize, report.cabinets.len() + report.row_heads.len());
    let pool = l.port_pool(room, None).expect("pool");
    let pool_w = l.port_pool_window(room, None, Some(WINDOW), None).expect("pool window");
    assert_eq!(pool_w.cabinets.rows[..], pool.cabinets[..pool_w.cabinets.rows.len()]);
    let cab_w = l.cabinet_window(room, Some(WINDOW), None).expect("cabinets");
    assert_eq!(cab_w.rows[..], l.cabinets(room).expect("cabinets")[..cab_w.rows.len()]);
    let one = report.cabinets[0].cabinet.clone();

    let m = |label: &str, (bytes, ms): (usize, f64)| (label.to_string(), bytes, ms);
    let rows = vec![
        Row {
            view: "电力 (power view), opening a room",
            before: m("power_report(room)", measure(runs, || l.power_report(room).unwrap())),
            after: vec![m(
                "power_room (first 200 tiles, 200 table rows, 50 row-heads)",
                measure(runs, || l.power_room(room, &PowerTable::default(), Some(WINDOW), Some(HEADS)).unwrap()),
            )],
        },
        Row {
            view: "电力, scrolling: the next window of each list",
            before: ("(in the report)".into(), 0, 0.0),
            after: vec![
                m("power_tiles", measure(runs, || l.power_tiles(room, Some(WINDOW), Some(WINDOW)).unwrap())),
                m(
                    "power_cabinets",
                    measure(runs, || {
                        l.power_cabinets(room, &PowerTable { offset: Some(WINDOW), ..PowerTable::default() }).unwrap()
                    }),
                ),
                m("power_row_heads", measure(runs, || l.power_row_heads(room, Some(HEADS), Some(HEADS)).unwrap())),
            ],
        },
        Row {
            view: "电力, picking a cabinet",
            before: ("(in the report)".into(), 0, 0.0),
            after: vec![m("power_cabinet", measure(runs, || l.cabinet_power(&one).unwrap()))],
        },
        Row {
            view: "机柜 (racks view), opening",
            before: m("racks_cabinets(all rooms)", measure(runs, || l.cabinets(None).unwrap())),
            after: vec![m(
                "racks_cabinets(room), 200",
                measure(runs, || l.cabinet_window(room, Some(WINDOW), None).unwrap()),
            )],
        },
        Row {
            view: "机柜, opening the placement dialog",
            before: ("(the cabinets above)".into(), 0, 0.0),
            after: vec![m("ledger_facets' cabinet codes", measure(runs, || l.cabinet_codes(None).unwrap()))],
        },
        Row {
            view: "端口 layer (port pool of a room)",
            before: m("ports_pool(room)", measure(runs, || l.port_pool(room, None).unwrap())),
            after: vec![m(
                "ports_pool(room), 200 cabinets",
                measure(runs, || l.port_pool_window(room, None, Some(WINDOW), None).unwrap()),
            )],
        },
        Row {
            view: "维修 / 故障告警 / 上架申请 lists (already windows)",
            before: ("—".into(), 0, 0.0),
            after: vec![
                m("repairs_list", measure(runs, || l.repair_page(&RepairFilter::default()).unwrap())),
                m("faults_list", measure(runs, || l.fault_page(&FaultFilter::default()).unwrap())),
                m("requests_list", measure(runs, || l.request_page(&RequestFilter::default()).unwrap())),
            ],
        },
    ];

    println!("\n`cargo bench --bench payloads`, {name} size ({cabinets} cabinets, {devices} devices; {in_room} in the room), median of {runs}:\n");
    println!("| view | before: answer | bytes | ms | after: answer(s) | bytes | ms | bytes after / before |");
    println!("|---|---|---:|---:|---|---:|---:|---:|");
    for r in &rows {
        let (bytes, ms): (usize, f64) = r.after.iter().fold((0, 0.0), |(b, t), (_, x, y)| (b + x, t + y));
        let names: Vec<&str> = r.after.iter().map(|(n, _, _)| n.as_str()).collect();
        let each: Vec<String> = r.after.iter().map(|(_, b, _)| kb(*b)).collect();
        let times: Vec<String> = r.after.iter().map(|(_, _, t)| format!("{t:.1}")).collect();
        let ratio = if r.before.1 > 0 { format!("{:.3}", bytes as f64 / r.before.1 as f64) } else { "—".into() };
        let (bb, bt) =
            if r.before.1 > 0 { (kb(r.before.1), format!("{:.1}", r.before.2)) } else { ("".into(), "".into()) };
        println!(
            "| {} | {} | {bb} | {bt} | {} | {} (Σ {}) | {} (Σ {ms:.1}) | {ratio} |",
            r.view,
            r.before.0,
            names.join(" + "),
            each.join(" + "),
            kb(bytes),
            times.join(" + "),
        );
    }
}
