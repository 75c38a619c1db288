//! `conflicting-value` on one key with many claims (issue 11): 1,000, 10,000 and 100,000 claims
//! of one year's trade, all conflicting (every value 10 billion apart) or all agreeing (ranges that
//! all hold 5 billion). The rule stage is measured on a store loaded once and cloned before each
//! run; before each size, the number of findings and the bytes of human and JSON output of the
//! whole check are printed once. The cost must grow linearly: medians at 10k and 100k about ten
//! times those at 1k and 10k.
//!
//! `cargo bench --bench clusters -- --warm-up-time 1 --measurement-time 3`

#![allow(missing_docs)]
// The output sizes are printed once per size, beside criterion's own report.
#![allow(clippy::print_stderr)]

use claimcheck::check::check_project;
use claimcheck::load::load_project;
use claimcheck::report::Summary;
use claimcheck::report::human::{self, HumanOptions};
use claimcheck::rules::engine::run_store;
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::fs;
use std::path::Path;

/// Claims per source file.
const PER_SOURCE: usize = 500;

/// The value of claim `i`.
fn value(conflicting: bool, i: usize) -> String {
    if conflicting {
        format!("{} billion USD", 10 * (i + 1))
    } else {
        // Every range holds 5 billion; the readings are all different.
        format!("{}.{:03}-{}.{:03} billion USD", 1 + i % 4, i % 1000, 6 + i % 3, (i / 1000) % 1000)
    }
}

/// A project of `n` claims of one key in `dir`.
fn write_project(dir: &Path, n: usize, conflicting: bool) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules/_project/rules");
    fs::create_dir_all(dir.join("rules")).unwrap();
    fs::create_dir_all(dir.join("claims")).unwrap();
    fs::copy(fixtures.join("vocabulary.toml"), dir.join("rules/vocabulary.toml")).unwrap();
    fs::write(dir.join("rules/checks.toml"), "[[rule]]\nid = \"one-value\"\nkind = \"conflicting-value\"\n").unwrap();
    for s in 0..n.div_ceil(PER_SOURCE) {
        let mut toml = format!(
            "[source]\nid = \"s{s}\"\ntitle = \"t\"\npublisher = \"p{s}\"\npublished = \"2022-01-01\"\ntext = \"s{s}.txt\"\n"
        );
        let mut text = String::new();
        for i in s * PER_SOURCE..((s + 1) * PER_SOURCE).min(n) {
            let quote = format!("Item {i}: {}.", value(conflicting, i));
            text.push_str(&quote);
            text.push('\n');
            toml.push_str(&format!(
                "\n[[claim]]\nid = \"c{i}\"\nsubject = \"arcadia\"\nproperty = \"trade\"\nqualifiers = {{ partner = \"borduria\" }}\nvalue = \"{}\"\nperiod = \"2020\"\nquote = \"{quote}\"\n",
                value(conflicting, i)
            ));
        }
        fs::write(dir.join(format!("claims/s{s}.toml")), toml).unwrap();
        fs::write(dir.join(format!("claims/s{s}.txt")), text).unwrap();
    }
}

fn one_key(c: &mut Criterion) {
    let mut group = c.benchmark_group("one-key");
    group.sample_size(10);
    for conflicting in [true, false] {
        let name = if conflicting { "conflicting" } else { "agreeing" };
        for n in [1_000usize, 10_000, 100_000] {
            let dir = tempfile::tempdir().unwrap();
            write_project(dir.path(), n, conflicting);
            let checked = check_project(dir.path()).unwrap();
            let summary = Summary::of(&checked);
            let human = human::render(&checked.findings, &checked.project.files, &summary, &HumanOptions::default());
            let json = claimcheck::report::json::render(&checked, &summary);
            eprintln!(
                "one-key/{name}/{n}: {} findings, human output {} bytes, JSON output {} bytes",
                checked.findings.len(),
                human.len(),
                json.len()
            );
            let project = load_project(dir.path()).unwrap();
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &n, |b, _| {
                b.iter_batched(
                    || project.store.clone(),
                    // The store is returned, so that dropping it is not measured.
                    |mut store| {
                        let found = run_store(&mut store, &project.rules);
                        (store, found)
                    },
                    BatchSize::LargeInput,
                )
            });
        }
    }
    group.finish();
}

criterion_group!(benches, one_key);
criterion_main!(benches);
