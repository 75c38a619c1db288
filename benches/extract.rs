//! Extraction throughput: the repository's vocabulary (and patterns, if any) over a generated corpus of 100 MB — the
//! archived articles of claims/ repeated with their numbers, years and names varied, so that
//! matching does real work on every sentence. One thread: the figure is MB/s per core.
//!
//! `cargo bench --bench extract` prints the time and the throughput (criterion's estimates; the
//! median is in `target/criterion/extract/*/new/estimates.json`). `CLAIMCHECK_BENCH_MB=8` measures
//! a smaller corpus, for a quick look.
//!
//! The `extract-call` group measures the fixed cost of one call as the command line pays it: the
//! value grammar compiled, the vocabulary indexed, and one small article (the corpus's shortest)
//! extracted — beside the article alone, with everything built once.
//!
//! The `extract-unbroken` group runs the vocabulary over one sentence of 1 MB and of 2 MB (no
//! full stop, no line break: what a hostile or badly converted article looks like): the time of
//! the second should be twice the first, never four times.

#![allow(missing_docs)]

use claimcheck::extract::recognise::Fragments;
use claimcheck::extract::{Context, Extractor, patterns};
use claimcheck::load::load_project;
use claimcheck::model::date::DateValue;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use std::path::Path;
use std::time::Duration;

/// The corpus size in MiB, unless `CLAIMCHECK_BENCH_MB` says otherwise.
const DEFAULT_MB: usize = 100;

/// The articles, repeated with varied digits until the corpus reaches `target_bytes`.
fn corpus(articles: &[String], target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 64 * 1024);
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut round = 0usize;
    while out.len() < target_bytes {
        let article = &articles[round % articles.len()];
        for c in article.chars() {
            if c.is_ascii_digit() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                out.push(char::from(b'0' + (state % 10) as u8));
            } else {
                out.push(c);
            }
        }
        out.push_str("\n\n");
        round += 1;
    }
    out
}

fn extraction(c: &mut Criterion) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = load_project(repo).expect("the repository is a project");
    let fragments = Fragments::new(&project.store.units);
    let patterns = patterns::compile(&project.patterns, &project.store, &fragments, &mut Vec::new());
    let extractor = Extractor::new(&project.store, fragments, patterns);
    let articles: Vec<String> =
        project.store.sources().filter_map(|(_, s)| s.article.map(|a| project.files.get(a).text.clone())).collect();
    let mb = std::env::var("CLAIMCHECK_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_MB);
    let text = corpus(&articles, mb * 1024 * 1024);
    let context = Context { published: DateValue::year(2024).expect("a valid year") };
    let mut group = c.benchmark_group("extract");
    // Ten samples of one run each (a run of 100 MB takes seconds): criterion's minimum.
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(format!("{mb}MB"), |b| b.iter(|| extractor.extract(&text, &context).len()));
    // The general extractor alone: the vocabulary, no `[[pattern]]`s.
    let general = Extractor::new(&project.store, Fragments::new(&project.store.units), Vec::new());
    group.bench_function(format!("{mb}MB vocabulary only"), |b| b.iter(|| general.extract(&text, &context).len()));
    group.finish();
}

fn fixed_cost(c: &mut Criterion) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = load_project(repo).expect("the repository is a project");
    let article = project
        .store
        .sources()
        .filter_map(|(_, s)| s.article.map(|a| project.files.get(a).text.clone()))
        .min_by_key(String::len)
        .expect("the corpus has articles");
    let context = Context { published: DateValue::year(2024).expect("a valid year") };
    let mut group = c.benchmark_group("extract-call");
    group.throughput(Throughput::Bytes(article.len() as u64));
    group.bench_function("setup and one small article", |b| {
        b.iter(|| {
            let fragments = Fragments::new(&project.store.units);
            let extractor = Extractor::new(&project.store, fragments, Vec::new());
            extractor.extract(&article, &context).len()
        })
    });
    let extractor = Extractor::new(&project.store, Fragments::new(&project.store.units), Vec::new());
    group.bench_function("one small article", |b| b.iter(|| extractor.extract(&article, &context).len()));
    group.finish();
}

/// One sentence of about `bytes` bytes: the corpus's words with every full stop and line break
/// taken out.
fn unbroken(articles: &[String], bytes: usize) -> String {
    let words: String = articles.concat().replace(['.', '\n', '!', '?'], " ");
    let mut out = String::with_capacity(bytes + words.len());
    while out.len() < bytes {
        out.push_str(&words);
    }
    out
}

fn unbroken_sentence(c: &mut Criterion) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = load_project(repo).expect("the repository is a project");
    let articles: Vec<String> =
        project.store.sources().filter_map(|(_, s)| s.article.map(|a| project.files.get(a).text.clone())).collect();
    let context = Context { published: DateValue::year(2024).expect("a valid year") };
    let general = Extractor::new(&project.store, Fragments::new(&project.store.units), Vec::new());
    let mut group = c.benchmark_group("extract-unbroken");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    for mb in [1, 2] {
        let text = unbroken(&articles, mb * 1024 * 1024);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{mb}MB one sentence"), |b| b.iter(|| general.extract(&text, &context).len()));
    }
    group.finish();
}

criterion_group!(benches, fixed_cost, extraction, unbroken_sentence);
criterion_main!(benches);
