//! `mutate`: run the fuzz targets with the plain mutation loop (no libFuzzer needed).
//!
//! ```text
//! cargo run --release --manifest-path fuzz/Cargo.toml --bin mutate -- [--runs N] [--seconds S]
//!     [--seed N] [--target NAME]...
//! ```
//!
//! `mutate --replay FILE --target NAME` runs one saved input (a crash or a slow one) instead.
//!
//! Each target runs N inputs (default 10,000) or for S seconds, whichever ends first. Exits 1
//! when a target panicked (the inputs are under fuzz/artifacts/<target>/), 3 on a hang.

use claimcheck_fuzz::{TARGETS, mutate};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The seed inputs of a target, from the repository's own files.
fn seeds(root: &Path, target: &str) -> Vec<Vec<u8>> {
    let files_in = |dir: &str, ext: &str| -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == ext) || ext.is_empty());
        files.sort();
        files
    };
    let read = |paths: Vec<PathBuf>| -> Vec<Vec<u8>> { paths.iter().filter_map(|p| std::fs::read(p).ok()).collect() };
    match target {
        "value_parser" => read(files_in("fuzz/seeds/value_parser", "txt"))
            .iter()
            .flat_map(|file| file.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect::<Vec<_>>())
            .filter(|line| !line.is_empty())
            .collect(),
        "claim_loader" | "merge" => {
            let mut paths = files_in("claims", "toml");
            paths.extend(files_in("tests/e2e/projects/contradiction/claims", "toml"));
            paths.extend(files_in("tests/malformed", "toml"));
            read(paths)
        }
        "lsp_framing" => read(files_in("fuzz/seeds/lsp_framing", "")),
        _ => Vec::new(),
    }
}

fn main() {
    let mut runs: u64 = 10_000;
    let mut seconds: Option<f64> = None;
    let mut seed: u64 = 0x5eed;
    let mut wanted: Vec<String> = Vec::new();
    let mut replay: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&format!("{arg} needs a value")));
        match arg.as_str() {
            "--runs" => runs = value().parse().unwrap_or_else(|_| usage("--runs takes a number")),
            "--seconds" => seconds = Some(value().parse().unwrap_or_else(|_| usage("--seconds takes a number"))),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage("--seed takes a number")),
            "--target" => wanted.push(value()),
            "--replay" => replay.push(PathBuf::from(value())),
            "-h" | "--help" => usage(""),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    for name in &wanted {
        if !TARGETS.iter().any(|(n, _)| n == name) {
            usage(&format!("no target `{name}`"));
        }
    }
    if !replay.is_empty() {
        // Run saved inputs once each, panics shown in full.
        for path in &replay {
            let input = std::fs::read(path).unwrap_or_else(|e| usage(&format!("cannot read {}: {e}", path.display())));
            for &(name, target) in TARGETS.iter().filter(|(n, _)| wanted.iter().any(|w| w == n)) {
                let started = std::time::Instant::now();
                target(&input);
                println!("{name} {}: {:.3} s", path.display(), started.elapsed().as_secs_f64());
            }
        }
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    mutate::quiet_panics();
    let mut failed = false;
    for &(name, target) in TARGETS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        let seeds = seeds(&root, name);
        let n_seeds = seeds.len();
        let artifacts = root.join("fuzz/artifacts").join(name);
        let outcome = mutate::run(name, target, seeds, runs, seconds.map(Duration::from_secs_f64), seed, &artifacts);
        let per_second = outcome.executions as f64 / outcome.elapsed.as_secs_f64().max(1e-9);
        println!(
            "{name}: {} executions in {:.1} s ({per_second:.0}/s), {n_seeds} seeds, corpus {}, {} panics, {} slow inputs",
            outcome.executions,
            outcome.elapsed.as_secs_f64(),
            outcome.corpus,
            outcome.panics.len(),
            outcome.slow.len()
        );
        for (message, path) in &outcome.panics {
            println!("  panic: {message}\n    input: {}", path.display());
            failed = true;
        }
        for (seconds, path) in &outcome.slow {
            println!("  slow: {seconds:.2} s\n    input: {}", path.display());
        }
    }
    if failed {
        std::process::exit(1);
    }
}

fn usage(problem: &str) -> ! {
    if !problem.is_empty() {
        eprintln!("mutate: {problem}");
    }
    eprintln!("usage: mutate [--runs N] [--seconds S] [--seed N] [--target NAME]...");
    eprintln!("       mutate --replay FILE... --target NAME...");
    eprintln!("targets: {}", TARGETS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "));
    std::process::exit(2);
}
