//! Rule kinds, tested through annotated fixtures: `tests/rules/<kind>/<case>.toml` holds a small
//! project — its files separated by `# --- <path>` lines — added to the shared vocabulary of
//! `tests/rules/_project/`. A comment line `# ^^^ <severity>: <code>` under a line says that a
//! finding with that severity and code has its primary label on that line; the test fails on any
//! finding not annotated and any annotation not found.
//!
//! Every kind has `triggers.toml` (at least one annotated finding of its own) and `quiet.toml`
//! (no findings at all: claims that only look contradictory). The human rendering of each
//! `triggers.toml` is pinned in `triggers.stdout`, and of `conflicting-value` and `anniversary` (a derived claim with its
//! `derived_from`) also as JSON in `triggers.json`; `BLESS=1` rewrites them.

use claimcheck::check::{Checked, check_project};
use claimcheck::report::Summary;
use claimcheck::report::human::{self, HumanOptions};
use claimcheck::rules::{Role, documentation, registry};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::copy_dir;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// The files of a fixture: path → text.
fn files_of(fixture: &str) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in fixture.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("# --- ") {
            current = Some(path.trim().to_string());
            files.insert(path.trim().to_string(), String::new());
        } else if let Some(path) = &current {
            files.get_mut(path).unwrap().push_str(line);
        }
    }
    files
}

/// Expected findings: (path, line, "severity: code").
fn annotations(files: &BTreeMap<String, String>) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for (path, text) in files {
        let mut last_line = 0;
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix('#').map(str::trim_start)
                && rest.starts_with('^')
            {
                let what = rest.trim_start_matches('^').trim();
                out.push((path.clone(), last_line, what.to_string()));
            } else {
                last_line = i + 1;
            }
        }
    }
    out.sort();
    out
}

fn actual(checked: &Checked) -> Vec<(String, usize, String)> {
    let mut out: Vec<_> = checked
        .findings
        .iter()
        .map(|f| {
            let span = f.primary_span().unwrap();
            let path = checked.project.files.get(span.file).path.clone();
            let line = checked.project.files.line_col(span.file, span.start as usize).line;
            (path, line, format!("{}: {}", f.severity, f.code))
        })
        .collect();
    out.sort();
    out
}

fn run_fixture(path: &Path) -> (Checked, BTreeMap<String, String>, tempfile::TempDir) {
    let project = tempfile::tempdir().unwrap();
    copy_dir(&root().join("_project"), project.path());
    let files = files_of(&fs::read_to_string(path).unwrap());
    for (relative, text) in &files {
        let target = project.path().join(relative);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, text).unwrap();
    }
    let checked = check_project(project.path()).unwrap();
    (checked, files, project)
}

fn compare_snapshot(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("BLESS").is_some() {
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        failures.push(format!("{} differs:\n--- expected\n{expected}\n--- actual\n{actual}", path.display()));
    }
}

#[test]
fn annotated_fixtures() {
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut kinds: Vec<PathBuf> = fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.ends_with("_project"))
        .collect();
    kinds.sort();
    for kind_dir in kinds {
        let mut fixtures: Vec<PathBuf> = fs::read_dir(&kind_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        fixtures.sort();
        for fixture in fixtures {
            cases += 1;
            let (checked, files, _project) = run_fixture(&fixture);
            let expected = annotations(&files);
            let found = actual(&checked);
            let name = fixture.strip_prefix(root()).unwrap().display().to_string();
            if expected != found {
                let missing: Vec<_> = expected.iter().filter(|e| !found.contains(e)).collect();
                let unexpected: Vec<_> = found.iter().filter(|f| !expected.contains(f)).collect();
                let rendered = human::render(
                    &checked.findings,
                    &checked.project.files,
                    &Summary::of(&checked),
                    &HumanOptions::default(),
                );
                failures.push(format!("{name}:\n  expected but not found: {missing:?}\n  found but not annotated: {unexpected:?}\n{rendered}"));
            }
            if fixture.file_stem().is_some_and(|s| s == "triggers") {
                let rendered = human::render(
                    &checked.findings,
                    &checked.project.files,
                    &Summary::of(&checked),
                    &HumanOptions::default(),
                );
                compare_snapshot(&fixture.with_extension("stdout"), &rendered, &mut failures);
                if kind_dir.ends_with("conflicting-value") || kind_dir.ends_with("anniversary") {
                    let json = claimcheck::report::json::render(&checked, &Summary::of(&checked));
                    compare_snapshot(&fixture.with_extension("json"), &json, &mut failures);
                }
            }
        }
    }
    assert!(cases > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every kind is documented (what it flags or derives, why it matters, an example) and has a
/// fixture that triggers it and one that must stay quiet.
#[test]
fn every_kind_has_docs_and_both_fixtures() {
    let mut problems = Vec::new();
    for kind in registry() {
        let name = kind.name();
        let doc = documentation(*kind);
        let first_heading = if kind.role() == Role::Derivation { "## What it derives" } else { "## What it flags" };
        for heading in [first_heading, "## Why it matters", "## Example", "## Parameters"] {
            if !doc.contains(heading) {
                problems.push(format!("{name}: its documentation lacks `{heading}`"));
            }
        }
        let dir = root().join(name);
        for fixture in ["triggers.toml", "quiet.toml"] {
            let path = dir.join(fixture);
            let Ok(text) = fs::read_to_string(&path) else {
                problems.push(format!("{name}: no {}", path.display()));
                continue;
            };
            if !text.contains(&format!("kind = \"{name}\"")) {
                problems.push(format!("{name}: {fixture} does not declare a `{name}` rule"));
            }
            let annotated = annotations(&files_of(&text));
            if fixture == "triggers.toml" && annotated.is_empty() {
                problems.push(format!("{name}: triggers.toml has no annotated finding"));
            }
            // A check's triggering fixture must trigger that check, not only others.
            if fixture == "triggers.toml"
                && kind.role() == Role::Check
                && !annotated.iter().any(|(_, _, what)| what.ends_with(name))
            {
                problems.push(format!("{name}: triggers.toml expects no `{name}` finding"));
            }
            if fixture == "quiet.toml" && !annotated.is_empty() {
                problems.push(format!("{name}: quiet.toml must expect no finding"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// docs/rules.md carries every kind's documentation, generated from the `//!` comment of its
/// source file below a marker line; `BLESS=1` regenerates it.
#[test]
fn docs_rules_md_is_generated_from_the_kinds() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let text = fs::read_to_string(&path).unwrap();
    let marker = "<!-- Generated from the kinds' source files: BLESS=1 cargo test --test rules regenerates everything below. -->";
    let intro = &text[..text.find(marker).expect("docs/rules.md has the generation marker")];
    let mut generated = format!("{intro}{marker}\n");
    for (role, title) in [(Role::Check, "Checks"), (Role::Derivation, "Derivations")] {
        generated.push_str(&format!("\n# {title}\n"));
        for kind in registry().iter().filter(|k| k.role() == role) {
            let doc = documentation(*kind).replace("\n## ", "\n### ");
            let doc = doc.strip_prefix("## ").map_or(doc.clone(), |d| format!("### {d}"));
            generated.push_str(&format!("\n## `{}`\n\n{}\n", kind.name(), doc.trim_end()));
        }
    }
    if std::env::var_os("BLESS").is_some() {
        fs::write(&path, &generated).unwrap();
        return;
    }
    assert!(text == generated, "docs/rules.md is out of date: run BLESS=1 cargo test --test rules");
}
