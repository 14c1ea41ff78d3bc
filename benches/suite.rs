//! The core benchmark suite (issue 9): every figure the ledger's views ask of the core, on a
//! `demo --cabinets 5000 --devices 100000` site with its ports and cables and a year of audit
//! history, each beside a bare SQLite query of the same predicate taken in the same run, on the
//! same connection. Each figure is the median of repeated runs.
//!
//! ```sh
//! cargo bench --bench suite                                # full size (5,000 cabinets, 100,000 devices)
//! RACKLEDGER_BENCH_SIZE=small cargo bench --bench suite    # 100 cabinets, 2,000 devices (CI)
//! RACKLEDGER_BENCH_RUNS=9 cargo bench --bench suite        # runs per figure (default 7; small 3)
//! RACKLEDGER_BENCH_ONLY=room cargo bench --bench suite     # only the figures whose name holds "room"
//! RACKLEDGER_BENCH_PG=postgres://postgres@127.0.0.1:PORT/postgres cargo bench --bench suite
//!                                                          # on PostgreSQL (the ledger copied once)
//! ```
//!
//! On PostgreSQL the bare queries are the same texts, but for the weekly statistics' JSON
//! fields ([`week_bare`]).
//!
//! The database is built once and kept under `target/bench-db/`, its name keyed by the size, the
//! schema version and [`DATA_VERSION`]; delete the file to rebuild it. A year of history is
//! written through the ledger's own operations (status changes, unracking and racking back,
//! retiring, registering), each dated in its week, so the weekly statistics have something to count.
//!
//! The suite fails (exit 1) when ours and the bare query disagree on what they found — the number
//! of rows, cabinets, ports, hops or changes — never on a timing: the ratios are printed, not asserted.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use rackledger::db::assets::AssetFilter;
use rackledger::db::{params, Connection, Engine, OptionalExtension};
use rackledger::demo::DemoSize;
use rackledger::excel::{export, forms::weekly, ExportKind};
use rackledger::ledger::PortRef;
use rackledger::model::{AssetField, Face, PortKind};
use rackledger::{Ctx, Lang, Ledger};
use rusqlite::types::Value;

/// Bumped when the history the suite writes changes, so a cached database is rebuilt.
const DATA_VERSION: u32 = 2;
/// The ledger view's window (LedgerView.svelte `PAGE`, the app's `list_assets` default).
const PAGE: u32 = 200;
/// The goal of issue 9: every core query within twice its bare-SQL baseline.
const GOAL: f64 = 2.0;

struct Size {
    name: &'static str,
    cabinets: u32,
    devices: u32,
    runs: usize,
}

fn size() -> Size {
    let small = std::env::var("RACKLEDGER_BENCH_SIZE").is_ok_and(|v| v == "small");
    let mut s = if small {
        Size { name: "small", cabinets: 100, devices: 2_000, runs: 3 }
    } else {
        Size { name: "full", cabinets: 5_000, devices: 100_000, runs: 7 }
    };
    if let Some(n) = std::env::var("RACKLEDGER_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0) {
        s.runs = n;
    }
    s
}

fn at(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_hms_opt(h, m, 0).expect("a valid time")
}

/// The demo is dated a year back (a Monday), the history fills the 52 weeks after it.
fn demo_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 17).expect("a valid date")
}

/// The week the weekly export is timed on: one late in the year of history.
fn bench_week() -> NaiveDate {
    demo_day() + Duration::weeks(45)
}

fn db_path(s: &Size) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("bench-db");
    let schema = rackledger::db::migrations::latest();
    dir.join(format!("suite-{}-{}x{}-schema{schema}-data{DATA_VERSION}.db", s.name, s.cabinets, s.devices))
}

/// The cached database, built when missing (into a temporary name, renamed when complete).
fn database(s: &Size) -> PathBuf {
    let path = db_path(s);
    if path.exists() {
        eprintln!("suite: using {}", path.display());
        return path;
    }
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("create target/bench-db");
    let tmp = path.with_extension("building");
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", tmp.display()));
    }
    let t = Instant::now();
    {
        let mut ledger = Ledger::open(&tmp, Lang::Zh).expect("open the bench database");
        let ctx = Ctx { operator: "bench".into(), now: at(demo_day(), 9, 0) };
        let report =
            ledger.demo(&ctx, DemoSize { cabinets: s.cabinets, devices: s.devices, seed: 7 }).expect("demo site");
        eprintln!(
            "suite: demo {} cabinets, {} assets, {} ports, {} cables in {:.1} s",
            report.cabinets,
            report.assets,
            report.ports,
            report.cables,
            t.elapsed().as_secs_f64()
        );
        let t = Instant::now();
        let ops = history(&mut ledger, s);
        eprintln!("suite: a year of history, {ops} operations in {:.1} s", t.elapsed().as_secs_f64());
        ledger.conn().execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);").expect("analyze");
    }
    std::fs::rename(&tmp, &path).expect("rename the bench database");
    eprintln!("suite: built {} in {:.1} s", path.display(), t.elapsed().as_secs_f64());
    path
}

fn tags(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).expect("prepare");
    stmt.query_map([], |r| r.get(0)).expect("query").collect::<rackledger::db::SqlResult<_>>().expect("rows")
}

/// 52 weeks of what a machine room does, through the ledger's own operations: each week some
/// servers go idle, some are unracked (and racked back the next week in the same place), some
/// in-stock devices are retired, some new ones registered. Returns the number of operations.
fn history(ledger: &mut Ledger, s: &Size) -> usize {
    let k = (s.devices as usize / 10_000).max(2);
    let racked = tags(
        ledger.conn(),
        "SELECT a.asset_tag FROM assets a JOIN positions p ON p.asset_id = a.id
         WHERE a.category = 'server' AND a.status = 'in_use' ORDER BY a.id",
    );
    let stock = tags(ledger.conn(), "SELECT asset_tag FROM assets WHERE status = 'in_stock' ORDER BY id");
    let mut ops = 0;
    let mut out: Vec<(String, String, u32, Face)> = Vec::new();
    let (mut next_unrack, mut next_idle, mut next_retire) = (0, racked.len(), 0);
    for w in 0..52 {
        let monday = demo_day() + Duration::weeks(w + 1);
        let ctx = |d: i64, i: usize| Ctx {
            operator: ["张伟", "王芳", "李娜"][i % 3].into(),
            now: at(monday + Duration::days(d), 9 + (i % 8) as u32, (i % 60) as u32),
        };
        // Last week's unracked devices go back where they were.
        for (i, (tag, cabinet, u, face)) in std::mem::take(&mut out).into_iter().enumerate() {
            ledger.place(&ctx(0, i), &tag, &cabinet, u, Some(face), Some("回装")).expect("rack back");
            ops += 1;
        }
        for i in 0..k {
            if next_unrack + 1 >= next_idle {
                break;
            }
            let tag = &racked[next_unrack];
            next_unrack += 1;
            let a = ledger.asset(tag).expect("asset");
            let p = a.position().expect("racked");
            ledger.unplace(&ctx(1, i), tag).expect("unrack");
            out.push((tag.clone(), p.cabinet, p.start_u, p.face));
            ops += 1;
        }
        for i in 0..k {
            if next_idle <= next_unrack + 1 {
                break;
            }
            next_idle -= 1;
            let draft = vec![(AssetField::Status, "idle".to_string())];
            ledger.set_asset(&ctx(2, i), &racked[next_idle], &draft, None).expect("status");
            ops += 1;
        }
        for i in 0..k {
            let Some(tag) = stock.get(next_retire) else { break };
            next_retire += 1;
            ledger.retire_asset(&ctx(3, i), tag, "设备老化，报废").expect("retire");
            ops += 1;
        }
        for i in 0..k {
            let tag = format!("ZWY-N{:02}{:04}", w, i);
            let draft: Vec<(AssetField, String)> = [
                (AssetField::AssetTag, tag.as_str()),
                (AssetField::Name, "新购-应用服务器"),
                (AssetField::Category, "server"),
                (AssetField::Vendor, "华为"),
                (AssetField::Model, "FusionServer 2288H V6"),
                (AssetField::Serial, &format!("2102N{w:02}{i:05}")),
                (AssetField::Owner, "市医保局"),
                (AssetField::UHeight, "2"),
                (AssetField::RatedW, "900"),
            ]
            .into_iter()
            .map(|(f, v)| (f, v.to_string()))
            .collect();
            ledger.add_asset(&ctx(4, i), &draft).expect("register");
            ops += 1;
        }
    }
    ops
}

/// One row of the table.
struct Figure {
    name: String,
    ours_ms: f64,
    base_ms: Option<f64>,
    ours: Vec<i64>,
    base: Option<Vec<i64>>,
    /// Whether the ≤ 2× goal applies (a timed-only figure has none).
    goal: bool,
}

/// Runs `f` once to warm the cache, then `runs` times: the median in ms and what it found (the
/// same every run, or the suite fails).
fn median(runs: usize, mut f: impl FnMut() -> Vec<i64>) -> (f64, Vec<i64>) {
    let first = f();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let got = f();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(got, first, "a figure found something different on a later run");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let mid = times.len() / 2;
    let ms = if times.len() % 2 == 1 { times[mid] } else { (times[mid - 1] + times[mid]) / 2.0 };
    (ms, first)
}

struct Suite<'a> {
    ledger: &'a Ledger,
    runs: usize,
    only: Option<String>,
    figures: Vec<Figure>,
}

impl Suite<'_> {
    /// `RACKLEDGER_BENCH_ONLY=text` runs only the figures whose name holds the text.
    fn wanted(&self, name: &str) -> bool {
        self.only.as_deref().is_none_or(|o| name.contains(o))
    }

    /// Ours and the baseline, interleaved run by run would favour neither; they are taken one
    /// after the other on the same connection with a warm-up each.
    fn pair(
        &mut self,
        name: impl Into<String>,
        ours: impl FnMut(&Ledger) -> Vec<i64>,
        base: impl FnMut(&Connection) -> Vec<i64>,
    ) {
        let name = name.into();
        if !self.wanted(&name) {
            return;
        }
        let (ledger, runs) = (self.ledger, self.runs);
        let mut ours = ours;
        let mut base = base;
        let (ours_ms, o) = median(runs, || ours(ledger));
        let (base_ms, b) = median(runs, || base(ledger.conn()));
        eprintln!("suite: {name}: ours {ours_ms:.2} ms {o:?}, bare {base_ms:.2} ms {b:?}");
        self.figures.push(Figure { name, ours_ms, base_ms: Some(base_ms), ours: o, base: Some(b), goal: true });
    }

    fn timed(&mut self, name: impl Into<String>, runs: usize, ours: impl FnMut(&Ledger) -> Vec<i64>) {
        let name = name.into();
        if !self.wanted(&name) {
            return;
        }
        let ledger = self.ledger;
        let mut ours = ours;
        let (ours_ms, o) = median(runs, || ours(ledger));
        eprintln!("suite: {name}: ours {ours_ms:.2} ms {o:?}");
        self.figures.push(Figure { name, ours_ms, base_ms: None, ours: o, base: None, goal: false });
    }
}

fn one_i64(conn: &Connection, sql: &str, p: impl rackledger::db::Params) -> i64 {
    conn.prepare_cached(sql).expect("prepare").query_row(p, |r| r.get(0)).expect("query")
}

/// Runs a bare query and reads every column of every row (as SQLite values), as any caller
/// would: the rows it found.
fn read_all(conn: &Connection, sql: &str, p: impl rackledger::db::Params) -> Vec<Vec<Value>> {
    let mut stmt = conn.prepare_cached(sql).expect("prepare");
    let n = stmt.column_count();
    stmt.query_map(p, |r| (0..n).map(|i| r.get::<_, Value>(i)).collect::<rackledger::db::SqlResult<Vec<_>>>())
        .expect("query")
        .collect::<rackledger::db::SqlResult<_>>()
        .expect("rows")
}

fn one_text(conn: &Connection, sql: &str) -> String {
    conn.query_row(sql, [], |r| r.get(0)).expect("a row for the figure")
}

// ---------------------------------------------------------------------------------------------
// The figures

/// Search as you type, the way the ledger view asks: the first window of 200 in tag order, then
/// the count unless the window is short.
fn search(s: &mut Suite<'_>, label: &str, term: &str) {
    let filter =
        AssetFilter { query: Some(term.to_string()), limit: Some(PAGE), offset: Some(0), ..Default::default() };
    let needle = term.trim().to_ascii_lowercase();
    s.pair(
        format!("search “{term}” ({label})"),
        |l| {
            let rows = l.assets(&filter).expect("search").len() as i64;
            let total = if rows < i64::from(PAGE) { rows } else { l.asset_count(&filter).expect("count") };
            vec![rows, total]
        },
        |c| {
            let sql = format!(
                "SELECT asset_tag, name FROM assets WHERE {} ORDER BY asset_tag LIMIT ?2",
                c.sql_contains("search_text", "?1")
            );
            let mut stmt = c.prepare_cached(&sql).expect("prepare");
            let rows = stmt
                .query_map(params![needle, PAGE], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .expect("query")
                .count() as i64;
            let total = if rows < i64::from(PAGE) {
                rows
            } else {
                let sql = format!("SELECT count(*) FROM assets WHERE {}", c.sql_contains("search_text", "?1"));
                one_i64(c, &sql, [&needle])
            };
            vec![rows, total]
        },
    );
}

fn power(s: &mut Suite<'_>) {
    s.pair(
        "power report, all cabinets",
        |l| {
            let r = l.power_report(None).expect("report");
            vec![r.cabinets.len() as i64, r.cabinets.iter().map(|c| c.computed_w).sum()]
        },
        |c| {
            let mut stmt = c
                .prepare_cached(
                    "SELECT c.id, coalesce(sum(coalesce(a.typical_w, a.rated_w)), 0) FROM cabinets c
                     LEFT JOIN positions p ON p.cabinet_id = c.id LEFT JOIN assets a ON a.id = p.asset_id
                     GROUP BY c.id",
                )
                .expect("prepare");
            let rows: Vec<(i64, i64)> = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<rackledger::db::SqlResult<_>>()
                .expect("rows");
            vec![rows.len() as i64, rows.iter().map(|r| r.1).sum()]
        },
    );
}

/// A cabinet's elevation: the cabinet, its devices bottom first (every column), the units
/// approved requests hold. Bare: the same three reads.
/// The check before racking a device from stock (what racking and the racks view ask first):
/// the cabinet's space, its power and its row-heads'. Bare: the loads of the cabinets that share
/// a row-head with it, grouped.
fn check_one(s: &mut Suite<'_>, cabinet: &str) {
    let tag = one_text(s.ledger.conn(), "SELECT asset_tag FROM assets WHERE status = 'in_stock' ORDER BY id LIMIT 1");
    s.pair(
        format!("check racking {tag} in {cabinet}"),
        |l| vec![l.check_placement(&tag, cabinet, 30, None).expect("check").row_heads.len() as i64],
        |c| {
            let loads = read_all(
                c,
                "WITH me AS (SELECT id, feed_a_id, feed_b_id FROM cabinets WHERE code = ?1),
                      heads AS (SELECT feed_a_id AS h FROM me WHERE feed_a_id IS NOT NULL
                                UNION SELECT feed_b_id FROM me WHERE feed_b_id IS NOT NULL)
                 SELECT c.id, coalesce(sum(coalesce(a.typical_w, a.rated_w)), 0) FROM cabinets c
                 LEFT JOIN positions p ON p.cabinet_id = c.id LEFT JOIN assets a ON a.id = p.asset_id
                 WHERE c.id IN (SELECT id FROM me) OR c.feed_a_id IN (SELECT h FROM heads)
                    OR c.feed_b_id IN (SELECT h FROM heads) GROUP BY c.id",
                [cabinet],
            );
            assert!(!loads.is_empty());
            let heads = read_all(
                c,
                "SELECT h.code FROM cabinets c JOIN row_heads h ON h.id IN (c.feed_a_id, c.feed_b_id) WHERE c.code = ?1",
                [cabinet],
            );
            vec![heads.len() as i64]
        },
    );
}

fn elevation(s: &mut Suite<'_>, cabinet: &str) {
    s.pair(
        format!("elevation of cabinet {cabinet}"),
        |l| {
            let e = l.elevation(cabinet).expect("elevation");
            vec![e.devices.len() as i64, e.reserved.len() as i64]
        },
        |c| {
            let cab = read_all(c, "SELECT * FROM cabinets WHERE code = ?1", [cabinet]);
            let devices = read_all(
                c,
                "SELECT a.*, p.start_u, p.face, r.name FROM cabinets c JOIN rooms r ON r.id = c.room_id
                 JOIN positions p ON p.cabinet_id = c.id JOIN assets a ON a.id = p.asset_id
                 WHERE c.code = ?1 ORDER BY p.start_u, a.asset_tag",
                [cabinet],
            );
            let reserved = read_all(
                c,
                "SELECT q.request_no, rr.* FROM racking_request_rows rr JOIN racking_requests q ON q.id = rr.request_id
                 JOIN cabinets c ON c.id = rr.cabinet_id
                 WHERE q.state = 'approved' AND c.code = ?1 AND rr.start_u IS NOT NULL",
                [cabinet],
            );
            assert_eq!(cab.len(), 1);
            vec![devices.len() as i64, reserved.len() as i64]
        },
    );
}

fn room_map(s: &mut Suite<'_>, room: Option<&str>) {
    let name = match room {
        Some(r) => format!("room map, {r}"),
        None => "room map, every cabinet (the racks view)".to_string(),
    };
    s.pair(
        name,
        |l| {
            let cabs = l.cabinets(room).expect("cabinets");
            vec![cabs.len() as i64, cabs.iter().map(|c| i64::from(c.device_count)).sum()]
        },
        |c| {
            let mut stmt = c
                .prepare_cached(
                    "SELECT c.code, count(p.asset_id), coalesce(sum(a.u_height), 0) FROM cabinets c
                     JOIN rooms r ON r.id = c.room_id
                     LEFT JOIN positions p ON p.cabinet_id = c.id LEFT JOIN assets a ON a.id = p.asset_id
                     WHERE CAST(?1 AS TEXT) IS NULL OR r.name = ?1 GROUP BY c.id, c.code",
                )
                .expect("prepare");
            let rows: Vec<i64> = stmt
                .query_map([room], |r| r.get(1))
                .expect("query")
                .collect::<rackledger::db::SqlResult<_>>()
                .expect("rows");
            vec![rows.len() as i64, rows.iter().sum()]
        },
    );
}

/// The port table of a cabinet: every port of its devices with the cable on it and the far end
/// (device, port, cabinet, U, labels). Bare: the same columns, written from the cabinet.
fn port_table(s: &mut Suite<'_>, cabinet: &str) {
    s.pair(
        format!("port table of cabinet {cabinet}"),
        |l| {
            let rows = l.port_table(Some(cabinet), None).expect("port table");
            vec![rows.len() as i64, rows.iter().filter(|r| r.port.link.is_some()).count() as i64]
        },
        |c| {
            let rows = read_all(
                c,
                "SELECT p.id, a.asset_tag, p.name, p.position, p.kind, p.speed, p.status, p.side, tw.name, p.note,
                        cb.cable_no, cb.cable_type, e.label, fa.asset_tag, fa.name, fp.name, fcab.code,
                        fpos.start_u, fe.label, r.name, cab.code, pos.start_u, a.name, cb.vlan
                 FROM cabinets cab JOIN rooms r ON r.id = cab.room_id
                 JOIN positions pos ON pos.cabinet_id = cab.id JOIN assets a ON a.id = pos.asset_id
                 JOIN ports p ON p.asset_id = a.id
                 LEFT JOIN ports tw ON tw.id = p.pair_id
                 LEFT JOIN cable_ends e ON e.port_id = p.id
                 LEFT JOIN cables cb ON cb.id = e.cable_id
                 LEFT JOIN cable_ends fe ON fe.cable_id = e.cable_id AND fe.end_no <> e.end_no
                 LEFT JOIN ports fp ON fp.id = fe.port_id
                 LEFT JOIN assets fa ON fa.id = fp.asset_id
                 LEFT JOIN positions fpos ON fpos.asset_id = fa.id
                 LEFT JOIN cabinets fcab ON fcab.id = fpos.cabinet_id
                 WHERE cab.code = ?1 ORDER BY pos.start_u DESC, a.asset_tag, p.position, p.id",
                [cabinet],
            );
            vec![rows.len() as i64, rows.iter().filter(|r| r[10] != Value::Null).count() as i64]
        },
    );
}

/// A trace from a management port through a copper panel, its trunk and the far panel.
fn trace(s: &mut Suite<'_>) {
    let (tag, port, id): (String, String, i64) = s
        .ledger
        .conn()
        .query_row(
            "SELECT a.asset_tag, p.name, p.id FROM ports p JOIN assets a ON a.id = p.asset_id
             JOIN cable_ends e ON e.port_id = p.id
             JOIN cable_ends f ON f.cable_id = e.cable_id AND f.end_no <> e.end_no
             JOIN ports fp ON fp.id = f.port_id
             JOIN cable_ends g ON g.port_id = fp.pair_id
             WHERE p.kind = 'management' ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a management port cabled to a trunked panel");
    let r = PortRef::new(tag.clone(), port.clone());
    s.pair(
        format!("trace {tag}:{port}"),
        |l| {
            let t = l.trace(&r).expect("trace");
            vec![t.hops.len() as i64, i64::from(t.panels), i64::from(t.cables)]
        },
        |c| {
            // The same walk in bare SQL: along the cable, then across to the panel twin.
            let mut seen = vec![id];
            let (mut cur, mut panels, mut cables) = (id, 0, 0);
            let far = |p: i64| -> Option<i64> {
                c.prepare_cached(
                    "SELECT f.port_id FROM cable_ends e JOIN cable_ends f
                     ON f.cable_id = e.cable_id AND f.end_no <> e.end_no WHERE e.port_id = ?1",
                )
                .expect("prepare")
                .query_row([p], |r| r.get(0))
                .optional()
                .expect("query")
            };
            let twin = |p: i64| -> Option<i64> {
                c.prepare_cached("SELECT pair_id FROM ports WHERE id = ?1")
                    .expect("prepare")
                    .query_row([p], |r| r.get(0))
                    .expect("query")
            };
            // Each hop as shown: device, port, kind, cabinet and U.
            let show = |p: i64| {
                read_all(
                    c,
                    "SELECT a.asset_tag, a.name, p.name, p.kind, cab.code, pos.start_u FROM ports p
                     JOIN assets a ON a.id = p.asset_id LEFT JOIN positions pos ON pos.asset_id = a.id
                     LEFT JOIN cabinets cab ON cab.id = pos.cabinet_id WHERE p.id = ?1",
                    [p],
                )
                .len()
            };
            let mut shown = show(cur);
            while let Some(f) = far(cur) {
                if seen.contains(&f) {
                    break;
                }
                seen.push(f);
                cables += 1;
                cur = f;
                shown += show(cur);
                match twin(cur) {
                    Some(t) if !seen.contains(&t) => {
                        seen.push(t);
                        panels += 1;
                        cur = t;
                        shown += show(cur);
                    }
                    _ => break,
                }
            }
            assert_eq!(shown, seen.len());
            vec![seen.len() as i64, panels, cables]
        },
    );
}

fn port_pool(s: &mut Suite<'_>, room: &str) {
    let lan: Vec<String> = PortKind::ALL.iter().filter(|k| k.is_lan()).map(|k| format!("'{}'", k.code())).collect();
    let sql = format!(
        "SELECT count(DISTINCT a.id), count(*), coalesce(sum(CASE WHEN p.status = 'free' THEN 1 ELSE 0 END), 0) FROM ports p
         JOIN assets a ON a.id = p.asset_id JOIN positions pos ON pos.asset_id = a.id
         JOIN cabinets cab ON cab.id = pos.cabinet_id JOIN rooms r ON r.id = cab.room_id
         WHERE a.category = 'switch' AND p.kind IN ({}) AND r.name = ?1",
        lan.join(", ")
    );
    s.pair(
        format!("port pool, {room}"),
        |l| {
            let p = l.port_pool(Some(room), None).expect("pool");
            vec![p.switches.len() as i64, i64::from(p.total.total), i64::from(p.total.free)]
        },
        |c| {
            c.prepare_cached(&sql)
                .expect("prepare")
                .query_row([room], |r| Ok(vec![r.get(0)?, r.get(1)?, r.get(2)?]))
                .expect("query")
        },
    );
}

/// What changed in the week, counted in bare SQL the way 本周变动明细 counts it: a record
/// without a before is 新增; one whose position changed is 上架/下架/迁移; a status change and a
/// serial change are a row each. And the ledger at the end of the week (what is not retired).
///
/// One text for both engines but for the JSON fields: SQLite's `json_extract(col, '$.f')`,
/// PostgreSQL's `col ->> 'f'` on the record parsed once (`jsonb`, in a materialised CTE, so each
/// record is parsed once rather than once per field), and PostgreSQL's booleans added as
/// integers.
fn week_bare(engine: Engine) -> String {
    let pg = engine == Engine::Postgres;
    let f = |col: &str, field: &str| {
        if pg {
            format!("({col} ->> '{field}')")
        } else {
            format!("json_extract({col}, '$.{field}')")
        }
    };
    let pos = |col: &str| {
        format!(
            "CASE WHEN {c} IS NOT NULL AND {r} IS NOT NULL AND {u} IS NOT NULL
                  THEN {r} || '|' || {c} || '|' || {u} || '|' || coalesce({face}, 'front') END",
            c = f(col, "cabinet"),
            r = f(col, "room"),
            u = f(col, "start_u"),
            face = f(col, "face"),
        )
    };
    // SQLite adds booleans as they are; PostgreSQL's are cast (NULL stays NULL on both).
    let int = |e: &str| if pg { format!("CAST({e} AS INTEGER)") } else { format!("({e})") };
    // The week's asset records: on PostgreSQL each record parsed once.
    let raw = if pg {
        "raw AS MATERIALIZED (SELECT before_json IS NULL AS created, CAST(before_json AS jsonb) AS bj,
                                     CAST(after_json AS jsonb) AS aj"
    } else {
        "raw AS (SELECT before_json IS NULL AS created, before_json AS bj, after_json AS aj"
    };
    let status = f(if pg { "CAST(a.after_json AS jsonb)" } else { "a.after_json" }, "status");
    format!(
        "WITH {raw} FROM audit_log
                    WHERE entity = 'asset' AND at >= ?1 AND at < ?2 AND after_json IS NOT NULL),
         rec AS (SELECT created, {bp} AS bp, {ap} AS ap, {bs} AS bs, {as_} AS as_, {bser} AS bser,
                        {aser} AS aser FROM raw)
        SELECT (SELECT coalesce(sum(CASE WHEN created THEN 1
                       ELSE {d_pos} + {d_status} + {d_serial} END), 0) FROM rec),
               (SELECT count(*) FROM audit_log a
                  JOIN (SELECT entity_key, max(id) AS id FROM audit_log WHERE entity = 'asset' AND at < ?1
                        GROUP BY entity_key) last ON last.id = a.id
                 WHERE {status} <> 'retired'),
               (SELECT count(*) FROM audit_log a
                  JOIN (SELECT entity_key, max(id) AS id FROM audit_log WHERE entity = 'asset' AND at < ?2
                        GROUP BY entity_key) last ON last.id = a.id
                 WHERE {status} <> 'retired')",
        bp = pos("bj"),
        ap = pos("aj"),
        bs = f("bj", "status"),
        as_ = f("aj", "status"),
        bser = f("bj", "serial"),
        aser = f("aj", "serial"),
        d_pos = int("bp IS DISTINCT FROM ap"),
        d_status = int("bs <> as_"),
        d_serial = int("bser <> aser"),
    )
}

fn weekly_figures(s: &mut Suite<'_>) {
    let mon = bench_week();
    let stamp = |d: NaiveDate| format!("{} 00:00:00", d.format("%Y-%m-%d"));
    let (from, to) = (stamp(mon), stamp(mon + Duration::days(7)));
    let sql = week_bare(s.ledger.engine());
    let bare = |c: &Connection| {
        c.prepare_cached(&sql)
            .expect("prepare")
            .query_row(params![from, to], |r| Ok(vec![r.get(0)?, r.get(1)?, r.get(2)?]))
            .expect("query")
    };
    s.pair(
        format!("weekly statistics, week of {mon} (counts)"),
        |l| {
            let (start, end) = weekly::ledgers_at(l.conn(), &from, &to).expect("start and end");
            let rows = weekly::summary(&start, &end, mon + Duration::days(6));
            let changes = weekly::changes(l.conn(), &from, &to).expect("changes");
            vec![changes.len() as i64, rows.iter().map(|r| r.opening).sum(), rows.iter().map(|r| r.closing).sum()]
        },
        bare,
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("weekly.xlsx");
    let runs = s.runs.min(3);
    let now = at(mon + Duration::days(7), 9, 0);
    s.timed(format!("weekly export (.xlsx), week of {mon}"), runs, |l| {
        let summary = export(l, &ExportKind::Weekly(Some(mon)), &out, None, now, &mut |_| {}).expect("weekly export");
        let rows = |name: &str| summary.sheets.iter().find(|x| x.sheet == name).map_or(-1, |x| x.rows as i64);
        vec![rows("本周变动明细"), rows("资产登记")]
    });
    // The export's rows against the same bare counts.
    if let Some(f) = s.figures.last_mut().filter(|f| f.name.starts_with("weekly export")) {
        let counts = bare(s.ledger.conn());
        f.base = Some(vec![counts[0], counts[2]]);
    }
}

/// With `RACKLEDGER_BENCH_PG=postgres://USER@HOST:PORT/DB` (a login that may create databases),
/// the suite runs on PostgreSQL: the file ledger built above is copied once into a database of
/// its own on that server (`rackledger copy`), named after the file, and reused.
fn on_postgres(file: &Path) -> Option<PathBuf> {
    let base = std::env::var("RACKLEDGER_BENCH_PG").ok().filter(|u| !u.trim().is_empty())?;
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("suite").replace(['-', '.'], "_").to_lowercase();
    let (server, _) = base.trim().rsplit_once('/').expect("postgres://USER@HOST:PORT/DB");
    let url = format!("{server}/rl_{stem}");
    if Ledger::open(Path::new(&url), Lang::Zh).is_ok_and(|l| l.asset_count(&AssetFilter::default()).unwrap_or(0) > 0) {
        eprintln!("suite: using {url}");
        return Some(PathBuf::from(url));
    }
    let mut admin = postgres::Client::connect(base.trim(), postgres::NoTls).expect("connect RACKLEDGER_BENCH_PG");
    let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS rl_{stem} WITH (FORCE)"));
    admin.batch_execute(&format!("CREATE DATABASE rl_{stem}")).expect("create the bench database");
    let t = Instant::now();
    let copied = rackledger::ledger::copy_ledger(file, Path::new(&url), &mut |_, _| {}).expect("copy the bench ledger");
    let analyzed = Ledger::open(Path::new(&url), Lang::Zh).expect("open");
    analyzed.conn().execute_batch("ANALYZE").expect("analyze");
    eprintln!("suite: copied {} rows into {url} in {:.1} s", copied.rows, t.elapsed().as_secs_f64());
    Some(PathBuf::from(url))
}

fn main() {
    let s = size();
    let path = database(&s);
    let path = on_postgres(&path).unwrap_or(path);
    let ledger = Ledger::open(&path, Lang::Zh).expect("open the bench database");
    let conn = ledger.conn();
    let rooms: Vec<String> = tags(conn, "SELECT name FROM rooms ORDER BY name");
    let room = rooms.first().cloned().expect("a room");
    let cabinet = one_text(conn, "SELECT code FROM cabinets ORDER BY id LIMIT 1");
    let serial = one_text(conn, "SELECT serial FROM assets ORDER BY id LIMIT 1 OFFSET 777");
    let room_cabinets =
        one_i64(conn, "SELECT count(*) FROM cabinets c JOIN rooms r ON r.id = c.room_id WHERE r.name = ?1", [&room]);
    let only = std::env::var("RACKLEDGER_BENCH_ONLY").ok().filter(|o| !o.is_empty());
    let mut suite = Suite { ledger: &ledger, runs: s.runs, only, figures: Vec::new() };
    search(&mut suite, "common", "PowerEdge");
    search(&mut suite, "Chinese", "医保");
    search(&mut suite, "tag prefix", "ZWY-0012");
    search(&mut suite, "rare: one serial", &serial);
    search(&mut suite, "no match", "no-such-thing");
    power(&mut suite);
    check_one(&mut suite, &cabinet);
    elevation(&mut suite, &cabinet);
    room_map(&mut suite, Some(&room));
    room_map(&mut suite, None);
    port_table(&mut suite, &cabinet);
    trace(&mut suite);
    port_pool(&mut suite, &room);
    weekly_figures(&mut suite);

    let (assets, ports, cables, audit) = (
        one_i64(conn, "SELECT count(*) FROM assets", []),
        one_i64(conn, "SELECT count(*) FROM ports", []),
        one_i64(conn, "SELECT count(*) FROM cables", []),
        one_i64(conn, "SELECT count(*) FROM audit_log", []),
    );
    println!();
    println!(
        "Core suite, size {}: {} cabinets ({room}: {room_cabinets}), {assets} assets, {ports} ports, {cables} cables, \
         {audit} audit records; median of {} runs",
        s.name, s.cabinets, s.runs
    );
    println!();
    println!("| figure | found (ours / bare) | ours (ms) | baseline (ms) | ratio | goal | met? |");
    println!("|---|---|---:|---:|---:|---|---|");
    let mut wrong = Vec::new();
    for f in &suite.figures {
        let found = |v: &[i64]| v.iter().map(i64::to_string).collect::<Vec<_>>().join("/");
        let agree = f.base.as_ref().is_none_or(|b| *b == f.ours);
        if !agree {
            wrong.push(f.name.clone());
        }
        let (base, ratio, goal, met) = match f.base_ms {
            Some(b) => {
                let ratio = f.ours_ms / b.max(1e-6);
                let met = if !f.goal {
                    "—".to_string()
                } else if ratio <= GOAL {
                    "yes".to_string()
                } else {
                    "**no**".to_string()
                };
                (format!("{b:.2}"), format!("{ratio:.2}×"), if f.goal { "≤ 2×" } else { "—" }, met)
            }
            None => ("—".into(), "—".into(), "—", "—".into()),
        };
        let found = match &f.base {
            Some(b) if agree => found(&f.ours) + if b.is_empty() { "" } else { " (agree)" },
            Some(b) => format!("{} ≠ {}", found(&f.ours), found(b)),
            None => found(&f.ours),
        };
        println!("| {} | {found} | {:.2} | {base} | {ratio} | {goal} | {met} |", f.name, f.ours_ms);
    }
    if !wrong.is_empty() {
        eprintln!("suite: ours and the bare query disagree on: {}", wrong.join("; "));
        std::process::exit(1);
    }
}
