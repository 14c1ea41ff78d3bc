//! Excel import and export at data-centre scale, each against the bare libraries and openpyxl
//! on the same file, in the same run:
//! - export: `export assets` vs rust_xlsxwriter writing the same cells from the same assets
//!   (low-memory mode, dates and number formats included), vs openpyxl `write_only`;
//! - import: that 资产登记 file into the same site with no assets yet (validation, plan, writes with history and
//!   audit in one transaction) vs calamine reading and converting every cell (the faster of its
//!   range and its streaming cell reader), vs openpyxl
//!   `read_only`; and the re-import of the same file into the full ledger (every row unchanged).
//!
//! One command: `cargo bench --bench excel` (100,000 assets; RACKLEDGER_BENCH_EXCEL_DEVICES
//! sets another size, RACKLEDGER_BENCH_RUNS the runs per figure, default 3, median reported;
//! RACKLEDGER_BENCH_NO_PYTHON=1 leaves openpyxl out; RACKLEDGER_BENCH_ONLY=import times the
//! import figures only, the file written once). The figures and the goals are in
//! docs/performance.md.
//!
//! With `RACKLEDGER_BENCH_PG=postgres://USER@HOST:PORT/DB` (a login that may create databases)
//! each run also imports the file into a team ledger on that server: the same site without
//! assets, copied once into a template database, and a fresh database made from it for every
//! run (not timed). The PostgreSQL import is timed in the same run as the file import and the
//! floors; its goal (issue 15) is 3× the floor. The server's backend CPU is printed beside ours.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use rackledger::db::assets::AssetFilter;
use rackledger::demo::DemoSize;
use rackledger::excel::{export, import_file, ExportKind};
use rackledger::model::{Asset, AssetField};
use rackledger::{Ctx, Lang, Ledger};
use rust_xlsxwriter::{Format, Workbook};

fn env_u32(key: &str, default: u32) -> u32 {
    std::env::var(key).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The demo site: rooms, row-heads, cabinets and `n` assets (`n` = 0: the empty site an asset
/// file is imported into).
fn site(cabinets: u32, n: u32) -> Ledger {
    let mut ledger = Ledger::open_in_memory(Lang::Zh).expect("in-memory database");
    let size = DemoSize { cabinets, devices: n, seed: 11 };
    ledger.demo(&Ctx::now("bench"), size).expect("demo site");
    ledger
}

/// The median of `runs` timings of `f` (each run gets a fresh input from `setup`).
fn time<S, T>(runs: u32, mut setup: impl FnMut() -> S, mut f: impl FnMut(S) -> T) -> Duration {
    let mut all: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let s = setup();
            let t = Instant::now();
            std::hint::black_box(f(s));
            t.elapsed()
        })
        .collect();
    all.sort();
    all[all.len() / 2]
}

/// The cells of the `assets` export (title, header, every field with its type), written with
/// nothing but rust_xlsxwriter: the floor our export is measured against. Reads the assets from
/// the database like the export does.
fn bare_write(ledger: &Ledger, out: &Path) {
    let assets = ledger.assets(&AssetFilter::default()).expect("assets");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet_with_low_memory().expect("sheet");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string(0, 0, "资产登记表").expect("title");
    for (c, f) in AssetField::ALL.iter().enumerate() {
        ws.write_string(1, c as u16, f.header_zh()).expect("header");
    }
    for (i, a) in assets.iter().enumerate() {
        let r = i as u32 + 2;
        for (c, f) in AssetField::ALL.iter().enumerate() {
            write_field(ws, r, c as u16, a, *f, &date);
        }
    }
    wb.save(out).expect("save");
}

fn write_field(ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, a: &Asset, f: AssetField, date: &Format) {
    let s = |ws: &mut rust_xlsxwriter::Worksheet, v: &str| {
        if !v.is_empty() {
            ws.write_string(r, c, v).expect("write");
        }
    };
    let o = |ws: &mut rust_xlsxwriter::Worksheet, v: &Option<String>| {
        if let Some(v) = v {
            ws.write_string(r, c, v).expect("write");
        }
    };
    let n = |ws: &mut rust_xlsxwriter::Worksheet, v: Option<u32>| {
        if let Some(v) = v {
            ws.write_number(r, c, f64::from(v)).expect("write");
        }
    };
    let d = |ws: &mut rust_xlsxwriter::Worksheet, v: Option<chrono::NaiveDate>| {
        if let Some(v) = v {
            ws.write_date_with_format(r, c, v, date).expect("write");
        }
    };
    match f {
        AssetField::AssetTag => s(ws, &a.asset_tag),
        AssetField::Name => s(ws, &a.name),
        AssetField::Category => s(ws, a.category.label_zh()),
        AssetField::Vendor => s(ws, &a.vendor),
        AssetField::Model => s(ws, &a.model),
        AssetField::Serial => s(ws, &a.serial),
        AssetField::Spec => o(ws, &a.spec),
        AssetField::Ownership => s(ws, a.ownership.label_zh()),
        AssetField::Owner => s(ws, &a.owner),
        AssetField::System => o(ws, &a.system),
        AssetField::Custodian => o(ws, &a.custodian),
        AssetField::Room => o(ws, &a.room),
        AssetField::Cabinet => o(ws, &a.cabinet),
        AssetField::StartU => n(ws, a.start_u),
        AssetField::UHeight => n(ws, Some(a.u_height)),
        AssetField::Face => s(ws, a.face.map(|f| f.label_zh()).unwrap_or("")),
        AssetField::Depth => s(ws, a.depth.label_zh()),
        AssetField::RatedW => n(ws, Some(a.rated_w)),
        AssetField::TypicalW => n(ws, a.typical_w),
        AssetField::PsuCount => n(ws, Some(a.psu_count)),
        AssetField::MgmtIp => o(ws, &a.mgmt_ip),
        AssetField::Supplier => o(ws, &a.supplier),
        AssetField::ContractNo => o(ws, &a.contract_no),
        AssetField::PurchasedOn => d(ws, a.purchased_on),
        AssetField::RackedOn => d(ws, a.racked_on),
        AssetField::WarrantyVendor => o(ws, &a.warranty_vendor),
        AssetField::WarrantyUntil => d(ws, a.warranty_until),
        AssetField::Status => s(ws, a.status.label_zh()),
        AssetField::RegisteredOn => d(ws, a.registered_on),
        AssetField::RegisteredBy => o(ws, &a.registered_by),
        AssetField::Note => o(ws, &a.note),
    }
}

/// calamine reading every cell of every sheet into a range of owned values (`worksheet_range`),
/// every cell then looked at once. One of the two floors; the faster is the one reported.
fn bare_read(path: &Path) -> usize {
    let mut wb = open_workbook_auto(path).expect("open");
    let mut total = 0usize;
    for name in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&name).expect("range");
        for row in range.rows() {
            for d in row {
                total += match d {
                    Data::String(s) => s.len(),
                    Data::Float(f) => *f as usize & 1,
                    Data::Int(i) => *i as usize & 1,
                    Data::DateTime(d) => d.as_datetime().map(|_| 1).unwrap_or(0),
                    Data::Bool(b) => usize::from(*b),
                    _ => 0,
                };
            }
        }
    }
    total
}

/// calamine's streaming cell reader (`.xlsx`), each cell converted to an owned value as it
/// comes: the same cells as [`bare_read`] without building a range first (the other floor).
fn bare_read_stream(path: &Path) -> usize {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).expect("open");
    let mut total = 0usize;
    for name in wb.sheet_names().to_vec() {
        let mut cells = wb.worksheet_cells_reader(&name).expect("cells");
        while let Some(c) = cells.next_cell().expect("cell") {
            let d: Data = c.get_value().clone().into();
            total += match &d {
                Data::String(s) => s.len(),
                Data::Float(f) => *f as usize & 1,
                Data::Int(i) => *i as usize & 1,
                Data::DateTime(d) => d.as_datetime().map(|_| 1).unwrap_or(0),
                Data::Bool(b) => usize::from(*b),
                _ => 0,
            };
        }
    }
    total
}

/// The wall time of `f` and the CPU seconds the process used meanwhile, all threads together
/// (utime + stime of /proc/self/stat, in clock ticks of 1/100 s; NaN where there is no /proc).
fn measure<T>(f: impl FnOnce() -> T) -> (Duration, f64) {
    let cpu = || -> f64 {
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        // The fields after the command name (which may hold spaces) start at state, field 3.
        let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
        let f: Vec<f64> = rest.split_whitespace().map(|v| v.parse().unwrap_or(f64::NAN)).collect();
        match (f.get(11), f.get(12)) {
            (Some(u), Some(s)) => (u + s) / 100.0,
            _ => f64::NAN,
        }
    };
    let (c, t) = (cpu(), Instant::now());
    std::hint::black_box(f());
    (t.elapsed(), cpu() - c)
}

/// CPU seconds (user + system) of process `pid` so far, from /proc (NaN when unreadable, e.g. a
/// server on another machine).
fn cpu_of(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest.split_whitespace().map(|v| v.parse().unwrap_or(f64::NAN)).collect();
    match (f.get(11), f.get(12)) {
        (Some(u), Some(s)) => (u + s) / 100.0,
        _ => f64::NAN,
    }
}

/// A PostgreSQL server to import into (`RACKLEDGER_BENCH_PG`): the site without assets is
/// copied once into the database `rl_excel_site`, and each run imports into a fresh copy of it.
struct PgTarget {
    admin: postgres::Client,
    server: String,
    /// `fsync`, `synchronous_commit` as the server runs (printed beside the figures).
    settings: String,
}

const PG_SITE: &str = "rl_excel_site";
const PG_RUN: &str = "rl_excel_run";

impl PgTarget {
    fn from_env(site_file: &Path) -> Option<PgTarget> {
        let base = std::env::var("RACKLEDGER_BENCH_PG").ok().filter(|u| !u.trim().is_empty())?;
        let (server, _) = base.trim().rsplit_once('/').expect("postgres://USER@HOST:PORT/DB");
        let mut admin = postgres::Client::connect(base.trim(), postgres::NoTls).expect("connect RACKLEDGER_BENCH_PG");
        for db in [PG_RUN, PG_SITE] {
            admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).expect("drop a bench database");
        }
        admin.batch_execute(&format!("CREATE DATABASE {PG_SITE}")).expect("create the site database");
        let url = format!("{server}/{PG_SITE}");
        rackledger::ledger::copy_ledger(site_file, Path::new(&url), &mut |_, _| {}).expect("copy the site");
        let setting = |admin: &mut postgres::Client, name: &str| -> String {
            admin.query_one(&format!("SHOW {name}"), &[]).map(|r| r.get::<_, String>(0)).unwrap_or_default()
        };
        let settings = format!(
            "PostgreSQL {}, fsync={}, synchronous_commit={}",
            setting(&mut admin, "server_version"),
            setting(&mut admin, "fsync"),
            setting(&mut admin, "synchronous_commit")
        );
        Some(PgTarget { admin, server: server.to_string(), settings })
    }

    /// A fresh database holding the site without assets, and its address.
    fn fresh(&mut self) -> String {
        self.admin.batch_execute(&format!("DROP DATABASE IF EXISTS {PG_RUN} WITH (FORCE)")).expect("drop");
        self.admin.batch_execute(&format!("CREATE DATABASE {PG_RUN} TEMPLATE {PG_SITE}")).expect("create");
        format!("{}/{PG_RUN}", self.server)
    }

    fn drop_all(&mut self) {
        for db in [PG_RUN, PG_SITE] {
            let _ = self.admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
    }
}

/// Imports `file` into a fresh team ledger: wall time, our CPU seconds, the server backend's.
fn import_pg(pg: &mut PgTarget, file: &Path, n: u32) -> (Duration, f64, f64) {
    let url = pg.fresh();
    let mut l = Ledger::open(Path::new(&url), Lang::Zh).expect("open the team ledger");
    let login = l.login().expect("a team ledger's login").to_string();
    let backend: String =
        l.conn().query_row("SELECT CAST(pg_backend_pid() AS TEXT)", [], |r| r.get(0)).expect("the server process");
    std::thread::sleep(Duration::from_millis(1_500));
    let server_before = cpu_of(&backend);
    let (wall, cpu) = measure(|| {
        let r = import_file(&mut l, &Ctx::now(&login), file, false, &mut |_| {}).expect("import into PostgreSQL");
        assert!(r.ok, "{:?}", r.errors.first());
        assert_eq!(r.sheets[0].inserted, n as usize);
    });
    let server = cpu_of(&backend) - server_before;
    let stored = l.asset_count(&AssetFilter::default()).expect("count");
    assert_eq!(stored, i64::from(n), "every asset stored on PostgreSQL");
    (wall, cpu, server)
}

fn median<T: PartialOrd + Copy>(mut v: Vec<T>) -> T {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing: run small then.
    let n = env_u32("RACKLEDGER_BENCH_EXCEL_DEVICES", 100_000);
    let runs = env_u32("RACKLEDGER_BENCH_RUNS", 3);
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("assets.xlsx");
    let bare_file = dir.path().join("bare.xlsx");
    eprintln!("excel bench: building a demo site of {n} assets …");
    let cabinets = (n / 20).max(10);
    let ledger = site(cabinets, n);
    let now = Ctx::now("bench").now;

    let only_import = std::env::var("RACKLEDGER_BENCH_ONLY").is_ok_and(|v| v == "import");
    let export_runs = if only_import { 1 } else { runs };
    let export_core = time(
        export_runs,
        || (),
        |_| export(&ledger, &ExportKind::Assets, &file, None, now, &mut |_| {}).expect("export"),
    );
    let export_bare = if only_import { Duration::ZERO } else { time(runs, || (), |_| bare_write(&ledger, &bare_file)) };
    drop(ledger);
    // The import and the two floors in turns, each run's import beside floors read in the
    // same minute: on a shared machine the load moves more between minutes than between
    // these three. A pause before each figure lets the frees an import leaves to a
    // background thread end first.
    let settle = || std::thread::sleep(Duration::from_millis(1_500));
    let mut pg = if std::env::var("RACKLEDGER_BENCH_PG").is_ok_and(|u| !u.trim().is_empty()) {
        let site_file = dir.path().join("site.db");
        {
            let mut l = Ledger::open(&site_file, Lang::Zh).expect("site file");
            l.demo(&Ctx::now("bench"), DemoSize { cabinets, devices: 0, seed: 11 }).expect("demo site");
        }
        PgTarget::from_env(&site_file)
    } else {
        None
    };
    let (mut imports, mut ranges, mut streams, mut pg_imports) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        if let Some(pg) = &mut pg {
            pg_imports.push(import_pg(pg, &file, n));
        }
        let mut l = site(cabinets, 0);
        settle();
        imports.push(measure(|| {
            let r = import_file(&mut l, &Ctx::now("bench"), &file, false, &mut |_| {}).expect("import");
            assert!(r.ok, "{:?}", r.errors.first());
            assert_eq!(r.sheets[0].inserted, n as usize);
        }));
        drop(l);
        settle();
        streams.push(measure(|| bare_read_stream(&file)));
        settle();
        ranges.push(measure(|| bare_read(&file)));
    }
    let floor_of = |i: usize| secs(ranges[i].0.min(streams[i].0));
    let ratios: Vec<f64> = (0..imports.len()).map(|i| secs(imports[i].0) / floor_of(i)).collect();
    let pg_ratios: Vec<f64> = (0..pg_imports.len()).map(|i| secs(pg_imports[i].0) / floor_of(i)).collect();
    if let Some(pg) = &mut pg {
        pg.drop_all();
    }
    let import_core = median(imports.iter().map(|m| m.0).collect());
    let import_cpu = median(imports.iter().map(|m| m.1).collect());
    let read_range = median(ranges.iter().map(|m| m.0).collect());
    let read_stream = median(streams.iter().map(|m| m.0).collect());
    let stream_cpu = median(streams.iter().map(|m| m.1).collect());
    let mut full = site(cabinets, 0);
    import_file(&mut full, &Ctx::now("bench"), &file, false, &mut |_| {}).expect("import");
    let reimport_core = time(
        runs,
        || (),
        |_| {
            let r = import_file(&mut full, &Ctx::now("bench"), &file, false, &mut |_| {}).expect("import");
            assert_eq!(r.sheets[0].unchanged, n as usize);
        },
    );
    // The floor is the faster way calamine has of reading every cell, so it is never flattered.
    let read_bare = read_range.min(read_stream);

    let py = if std::env::var_os("RACKLEDGER_BENCH_NO_PYTHON").is_some() {
        None
    } else {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/openpyxl_bench.py");
        let out = Command::new("python3")
            .arg(&script)
            .arg(&file)
            .arg(dir.path().join("openpyxl.xlsx"))
            .arg("1")
            .output()
            .expect("python3 (install openpyxl, or set RACKLEDGER_BENCH_NO_PYTHON=1)");
        assert!(out.status.success(), "openpyxl bench failed: {}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("openpyxl JSON");
        Some((v["read_s"].as_f64().unwrap_or(f64::NAN), v["write_s"].as_f64().unwrap_or(f64::NAN)))
    };

    let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    println!(
        "\nExcel at {n} assets (资产登记, {} columns, {:.1} MB), median of {runs} runs:",
        AssetField::ALL.len(),
        size as f64 / 1e6
    );
    println!("{:<44} {:>9}  {:>8}", "", "seconds", "ratio");
    let line = |what: &str, d: f64, base: f64| println!("{what:<44} {d:>9.3}  {:>7.2}×", d / base);
    let (ib, eb) = (secs(read_bare), secs(export_bare));
    line("import: calamine range, every cell", secs(read_range), ib);
    line("import: calamine cell stream, every cell", secs(read_stream), ib);
    line("import: floor (the faster of the two)", ib, ib);
    line("import: ours, into an empty ledger", secs(import_core), ib);
    let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}×")).collect();
    println!(
        "{:<44} {:>9}  {:>7.2}×  (each run: {})",
        "import: ours ÷ floor of the same run",
        "",
        median(ratios.clone()),
        each.join(", ")
    );
    println!(
        "{:<44} {:>9.3}  {:>7.2}×  (floor's: {stream_cpu:.3} s)",
        "import: ours, CPU seconds, all threads",
        import_cpu,
        import_cpu / stream_cpu
    );
    line("import: ours, re-import, all unchanged", secs(reimport_core), ib);
    if let Some(pg) = &pg {
        let each: Vec<String> = pg_ratios.iter().map(|r| format!("{r:.2}×")).collect();
        line("import: ours, into PostgreSQL", secs(median(pg_imports.iter().map(|m| m.0).collect())), ib);
        println!(
            "{:<44} {:>9}  {:>7.2}×  (each run: {}; goal ≤ 3×)",
            "import: PostgreSQL ÷ floor of the same run",
            "",
            median(pg_ratios.clone()),
            each.join(", ")
        );
        println!(
            "{:<44} {:>9.3}  {:>7.2}×  (server backend: {:.3} s)",
            "import: PostgreSQL, our CPU seconds",
            median(pg_imports.iter().map(|m| m.1).collect()),
            median(pg_imports.iter().map(|m| m.1).collect::<Vec<f64>>()) / stream_cpu,
            median(pg_imports.iter().map(|m| m.2).collect::<Vec<f64>>())
        );
        println!("{:<44} {}", "import: PostgreSQL server", pg.settings);
    }
    if let Some((r, _)) = py {
        line("import: openpyxl read_only (1 run)", r, ib);
    }
    if !only_import {
        line("export: rust_xlsxwriter, same cells (floor)", eb, eb);
        line("export: ours, `export assets`", secs(export_core), eb);
        if let Some((_, w)) = py {
            line("export: openpyxl write_only (1 run)", w, eb);
        }
    }
    println!("goals: import ≤ 2× calamine, export ≤ 1.5× rust_xlsxwriter, both ≥ 10× faster than openpyxl");
}
