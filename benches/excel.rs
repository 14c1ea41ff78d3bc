//! Excel import and export of the demo's assets against the bare libraries on the same file:
//! - export: `export assets` vs rust_xlsxwriter writing the same cells (low-memory mode);
//! - import: the site workbook into an empty database, and the re-import that changes nothing,
//!   vs calamine reading every cell of the same file.
//!
//! Run: `cargo bench --bench excel` (size with RACKLEDGER_BENCH_EXCEL_DEVICES, default 10,000).
//! openpyxl figures are not measured here; see ../shared/notes/excel-libs.md.

use std::path::Path;

use calamine::{open_workbook_auto, Reader};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use rackledger::db::assets::AssetFilter;
use rackledger::demo::DemoSize;
use rackledger::excel::{export, import_file, ExportKind};
use rackledger::{Ctx, Lang, Ledger};

fn devices() -> u32 {
    std::env::var("RACKLEDGER_BENCH_EXCEL_DEVICES").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000)
}

fn site() -> Ledger {
    let mut ledger = Ledger::open_in_memory(Lang::Zh).expect("in-memory database");
    let n = devices();
    let size = DemoSize { cabinets: (n / 14).max(10), devices: n, seed: 11 };
    ledger.demo(&Ctx::now("bench"), size).expect("demo site");
    ledger
}

/// The same cells as the `assets` export, written with nothing but rust_xlsxwriter.
fn bare_write(ledger: &Ledger, out: &Path) {
    let assets = ledger.assets(&AssetFilter::default()).expect("assets");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_low_memory().expect("sheet");
    for (i, a) in assets.iter().enumerate() {
        let v = serde_json::to_value(a).expect("json");
        let r = i as u32 + 2;
        for (c, key) in rackledger::model::AssetField::ALL.iter().map(|f| f.key()).enumerate() {
            match &v[key] {
                serde_json::Value::String(s) => {
                    ws.write_string(r, c as u16, s).expect("write");
                }
                serde_json::Value::Number(n) => {
                    ws.write_number(r, c as u16, n.as_f64().unwrap_or(0.0)).expect("write");
                }
                _ => {}
            }
        }
    }
    wb.save(out).expect("save");
}

fn bare_read(path: &Path) -> usize {
    let mut wb = open_workbook_auto(path).expect("open");
    let mut cells = 0;
    for name in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&name).expect("range");
        cells += range.used_cells().count();
    }
    cells
}

fn excel(c: &mut Criterion) {
    let ledger = site();
    let dir = tempfile::tempdir().expect("temp dir");
    let assets_xlsx = dir.path().join("assets.xlsx");
    let bare_xlsx = dir.path().join("bare.xlsx");
    let site_xlsx = dir.path().join("site.xlsx");
    let now = Ctx::now("bench").now;
    export(&ledger, &ExportKind::Site, &site_xlsx, None, now, &mut |_| {}).expect("site export");

    let mut g = c.benchmark_group(format!("excel_{}", devices()));
    g.sample_size(10);
    g.bench_function("export_assets_core", |b| {
        b.iter(|| export(&ledger, &ExportKind::Assets, &assets_xlsx, None, now, &mut |_| {}).expect("export"))
    });
    g.bench_function("export_assets_bare_rust_xlsxwriter", |b| b.iter(|| bare_write(&ledger, &bare_xlsx)));
    g.bench_function("import_site_core_into_empty_db", |b| {
        b.iter_batched(
            || Ledger::open_in_memory(Lang::Zh).expect("db"),
            |mut l| {
                let r = import_file(&mut l, &Ctx::now("bench"), &site_xlsx, false, &mut |_| {}).expect("import");
                assert!(r.ok, "{:?}", r.errors.first());
            },
            BatchSize::PerIteration,
        )
    });
    let mut same = site();
    g.bench_function("reimport_site_core_unchanged", |b| {
        b.iter(|| import_file(&mut same, &Ctx::now("bench"), &site_xlsx, false, &mut |_| {}).expect("import"))
    });
    g.bench_function("read_site_bare_calamine", |b| b.iter(|| bare_read(&site_xlsx)));
    g.finish();
}

criterion_group!(benches, excel);
criterion_main!(benches);
