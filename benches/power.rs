//! The power report for every cabinet and row-head of a 5,000-cabinet, 100,000-asset site,
//! against a bare `SELECT … SUM … GROUP BY` of the device loads over the same database, and the
//! check before racking one device.
//!
//! Run: `cargo bench --bench power` (size with RACKLEDGER_BENCH_DEVICES / _CABINETS).

use criterion::{criterion_group, criterion_main, Criterion};
use rackledger::demo::DemoSize;
use rackledger::{Ctx, Lang, Ledger};

fn env_u32(key: &str, default: u32) -> u32 {
    std::env::var(key).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn power(c: &mut Criterion) {
    let mut ledger = Ledger::open_in_memory(Lang::Zh).expect("in-memory database");
    let size = DemoSize {
        cabinets: env_u32("RACKLEDGER_BENCH_CABINETS", 5_000),
        devices: env_u32("RACKLEDGER_BENCH_DEVICES", 100_000),
        seed: 7,
    };
    ledger.demo(&Ctx::now("bench"), size).expect("demo site");
    let stock = ledger
        .conn()
        .query_row("SELECT asset_tag FROM assets WHERE status = 'in_stock' LIMIT 1", [], |r| r.get::<_, String>(0))
        .expect("an asset in stock");

    let mut group = c.benchmark_group("power");
    group.sample_size(20);
    group.bench_function("core_report", |b| b.iter(|| ledger.power_report(None).expect("report")));
    group.bench_function("bare_group_by", |b| {
        let mut stmt = ledger
            .conn()
            .prepare(
                "SELECT p.cabinet_id, sum(coalesce(a.typical_w, a.rated_w)) FROM positions p
                 JOIN assets a ON a.id = p.asset_id GROUP BY p.cabinet_id",
            )
            .expect("prepare");
        b.iter(|| stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))).expect("query").count())
    });
    group.bench_function("check_one_device", |b| {
        b.iter(|| ledger.check_placement(&stock, "A01", 30, None).expect("check"))
    });
    group.finish();
}

criterion_group!(benches, power);
criterion_main!(benches);
