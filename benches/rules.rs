//! The rule stage (derivations and every check) on generated stores of 100,000 and 1,000,000
//! claims. Loading is not measured: the store is generated once and cloned before each run.
//!
//! `cargo bench --bench rules` prints medians; the closing notes of the issues record them.

#![allow(missing_docs)]

use claimcheck::rules::engine::run_store;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::time::Duration;

#[path = "common/generate.rs"]
mod generate;

fn rule_stage(c: &mut Criterion) {
    let mut group = c.benchmark_group("rule-stage");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for n in [100_000usize, 1_000_000] {
        let (store, rules) = generate::generate(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter_batched(|| store.clone(), |mut store| run_store(&mut store, &rules), BatchSize::LargeInput)
        });
    }
    group.finish();
}

criterion_group!(benches, rule_stage);
criterion_main!(benches);
