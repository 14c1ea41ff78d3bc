//! Search-as-you-type at data-centre scale: `asset list --query` over a 100,000-asset demo site
//! (5,000 cabinets), against a bare SQLite scan with the same predicate written as six LIKEs.
//!
//! Run: `cargo bench --bench search` (size with RACKLEDGER_BENCH_DEVICES / _CABINETS).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rackledger::db::assets::AssetFilter;
use rackledger::demo::DemoSize;
use rackledger::{Ctx, Lang, Ledger};

fn env_u32(key: &str, default: u32) -> u32 {
    std::env::var(key).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn site() -> Ledger {
    let mut ledger = Ledger::open_in_memory(Lang::Zh).expect("in-memory database");
    let size = DemoSize {
        cabinets: env_u32("RACKLEDGER_BENCH_CABINETS", 5_000),
        devices: env_u32("RACKLEDGER_BENCH_DEVICES", 100_000),
        seed: 7,
    };
    ledger.demo(&Ctx::now("bench"), size).expect("demo site");
    ledger
}

fn search(c: &mut Criterion) {
    let ledger = site();
    let mut group = c.benchmark_group("search");
    group.sample_size(20);
    for q in ["医保", "zwy-0999", "R750", "10.11.5", "no-such-thing"] {
        group.bench_with_input(BenchmarkId::new("core", q), &q, |b, q| {
            let filter = AssetFilter { query: Some(q.to_string()), ..AssetFilter::default() };
            b.iter(|| ledger.assets(&filter).expect("search"))
        });
        group.bench_with_input(BenchmarkId::new("core_first_page", q), &q, |b, q| {
            let filter = AssetFilter { query: Some(q.to_string()), limit: Some(100), ..AssetFilter::default() };
            b.iter(|| ledger.assets(&filter).expect("search"))
        });
        group.bench_with_input(BenchmarkId::new("bare_sql", q), &q, |b, q| {
            let like = format!("%{q}%");
            let mut stmt = ledger
                .conn()
                .prepare(
                    "SELECT asset_tag, name FROM assets WHERE asset_tag LIKE ?1 OR name LIKE ?1 OR serial LIKE ?1
                     OR model LIKE ?1 OR owner LIKE ?1 OR mgmt_ip LIKE ?1",
                )
                .expect("prepare");
            b.iter(|| {
                stmt.query_map([&like], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                    .expect("query")
                    .count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
