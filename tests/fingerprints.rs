//! Fingerprints identify a finding across runs: they do not change when lines move — blank lines
//! and comments added, claims reordered, files reformatted — and they do change when the claims
//! involved change.

use claimcheck::check::check_project;
use std::fs;
use std::path::Path;

mod common;
use common::copy_dir;

fn fingerprints(dir: &Path) -> Vec<String> {
    let mut prints: Vec<String> = check_project(dir).unwrap().findings.iter().map(|f| f.fingerprint.clone()).collect();
    prints.sort();
    prints
}

#[test]
fn fingerprints_survive_moving_lines_and_reordering_claims() {
    let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/project");
    let project = tempfile::tempdir().unwrap();
    copy_dir(&original, project.path());
    let before = fingerprints(project.path());
    assert_eq!(before.len(), 2, "the test project has two conflicts");

    // Move every line down, and put the claims of one file in the opposite order.
    let herald = project.path().join("claims/herald.toml");
    let text = fs::read_to_string(&herald).unwrap();
    let (header, claims) = text.split_at(text.find("[[claim]]").unwrap());
    let mut tables: Vec<&str> = claims.split("[[claim]]").filter(|t| !t.trim().is_empty()).collect();
    tables.reverse();
    let reordered = format!(
        "# A comment that moves every line.\n\n\n{header}{}",
        tables.iter().map(|t| format!("[[claim]]{t}\n# between claims\n")).collect::<String>()
    );
    fs::write(&herald, reordered).unwrap();
    let courier = project.path().join("claims/courier.toml");
    let text = fs::read_to_string(&courier).unwrap();
    fs::write(&courier, format!("\n\n# Reviewed.\n{}", text.replace(" = ", "   =   "))).unwrap();
    assert_eq!(fingerprints(project.path()), before, "moving lines must not change fingerprints");

    // A different claim involved is a different finding.
    let text = fs::read_to_string(&courier).unwrap();
    fs::write(&courier, text.replace("\"trade-2020\"", "\"trade-in-2020\"")).unwrap();
    let after = fingerprints(project.path());
    assert_ne!(after, before);
    assert_eq!(after.iter().filter(|f| before.contains(f)).count(), 1, "only the trade finding changes");
}
