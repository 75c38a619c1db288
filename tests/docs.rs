//! The documentation cannot rot: every finding code is documented, the worked example of
//! docs/claims.md loads cleanly against the quickstart vocabulary, and every example project
//! checks with the exit status it promises.

use claimcheck::check::check_project;
use claimcheck::finding::{Code, Severity};
use std::fs;
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_code_is_documented() {
    let codes = fs::read_to_string(repo().join("docs/codes.md")).unwrap();
    let missing: Vec<&str> =
        Code::ALL.iter().map(|c| c.as_str()).filter(|name| !codes.contains(&format!("### `{name}`"))).collect();
    assert!(missing.is_empty(), "docs/codes.md lacks: {missing:?}");
}

#[test]
fn the_worked_example_of_the_claim_format_loads_cleanly() {
    let doc = fs::read_to_string(repo().join("docs/claims.md")).unwrap();
    let start = doc.find("```toml\n").expect("docs/claims.md has a toml example") + "```toml\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    let project = tempfile::tempdir().unwrap();
    let quickstart = repo().join("examples/quickstart");
    fs::create_dir_all(project.path().join("claims")).unwrap();
    fs::create_dir_all(project.path().join("rules")).unwrap();
    fs::copy(quickstart.join("rules/vocabulary.toml"), project.path().join("rules/vocabulary.toml")).unwrap();
    fs::copy(quickstart.join("claims/nhandan-2021-11.txt"), project.path().join("claims/nhandan-2021-11.txt")).unwrap();
    fs::write(project.path().join("claims/nhandan-2021-11.toml"), example).unwrap();
    let checked = check_project(project.path()).unwrap();
    let errors: Vec<_> = checked.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "the documented example has errors: {errors:#?}");
    assert_eq!(checked.project.store.claim_count() - derived(&checked), 5);
}

fn derived(checked: &claimcheck::check::Checked) -> usize {
    checked.project.store.claims().filter(|(_, c)| c.is_derived()).count()
}

/// Every directory under examples/ is a project; its README says `expect: clean` or
/// `expect: errors`.
#[test]
fn every_example_project_checks_as_promised() {
    let mut checked_any = false;
    for entry in fs::read_dir(repo().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if !path.join("claims").is_dir() {
            continue;
        }
        checked_any = true;
        let checked = check_project(&path).unwrap();
        let readme = fs::read_to_string(path.join("README.md")).unwrap_or_default();
        let expect_errors = readme.contains("expect: errors");
        assert_eq!(
            checked.has_errors(),
            expect_errors,
            "{}: findings {:#?}",
            path.display(),
            checked.findings.iter().map(|f| (f.code, &f.message)).collect::<Vec<_>>()
        );
    }
    assert!(checked_any);
}
