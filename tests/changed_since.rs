//! `check --changed-since <revision>` against a real git history built here: findings that
//! involve a claim the change adds or edits are reported, compared with the whole corpus; old
//! contradictions between untouched claims are not; moving or reformatting a claim is no change.

use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::copy_dir;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}

/// (exit code, the short-format lines without the summary, stderr)
fn check(dir: &Path, revision: &str) -> (i32, Vec<String>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--format", "short", "--changed-since", revision, "project"])
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines =
        stdout.lines().filter(|l| l.contains(": ")).filter(|l| !l.contains(" — ")).map(str::to_string).collect();
    (output.status.code().unwrap(), lines, String::from_utf8_lossy(&output.stderr).into_owned())
}

const GAZETTE: &str = r#"[source]
id = "gazette"
title = "Trade with Borduria"
publisher = "Bordurian Gazette"
published = "2021-12-01"
text = "gazette.txt"

[[claim]]
id = "trade-2020"
subject = "arcadia"
property = "trade"
qualifiers = { partner = "borduria" }
value = "9.1 billion USD"
period = "2020"
quote = "trade reached 9.1 billion USD in 2020"
"#;

#[test]
fn only_findings_the_change_brings_in_are_reported() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/project"), &root.join("project"));
    git(root, &["init", "--quiet", "--initial-branch=main"]);
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "the corpus with its old contradictions"]);

    // Nothing changed: the two old contradictions (courier vs herald) are not reported.
    let (code, lines, stderr) = check(root, "HEAD");
    assert_eq!((code, lines.len()), (0, 0), "{lines:?} {stderr}");

    // A new source contradicts both old ones: reported (against the whole corpus), the old
    // courier-vs-herald conflict still is not. Uncommitted work counts as changed.
    fs::write(root.join("project/claims/gazette.toml"), GAZETTE).unwrap();
    fs::write(root.join("project/claims/gazette.txt"), "Bilateral trade reached 9.1 billion USD in 2020.\n").unwrap();
    let (code, lines, _) = check(root, "HEAD");
    assert_eq!(code, 1);
    assert!(!lines.is_empty() && lines.iter().all(|l| l.contains("gazette")), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("herald")) || lines.iter().any(|l| l.contains("courier")), "{lines:#?}");
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "the gazette"]);
    let (code, lines, _) = check(root, "HEAD");
    assert_eq!((code, lines.len()), (0, 0), "committed: nothing new since HEAD: {lines:?}");
    let (code, lines, _) = check(root, "HEAD~1");
    assert_eq!(code, 1, "since the first commit the gazette is new: {lines:?}");

    // Reformatting and moving a claim is no change.
    let herald = fs::read_to_string(root.join("project/claims/herald.toml")).unwrap();
    let (header, claims) = herald.split_once("[[claim]]").unwrap();
    let mut tables: Vec<&str> = claims.split("[[claim]]").collect();
    tables.reverse();
    let moved = format!("{header}# reordered by hand\n[[claim]]{}", tables.join("[[claim]]")).replace(" = ", "   =   ");
    fs::write(root.join("project/claims/herald.toml"), moved).unwrap();
    let (code, lines, _) = check(root, "HEAD");
    assert_eq!((code, lines.len()), (0, 0), "moving lines is not a change: {lines:?}");

    // Editing an old claim's value brings its contradictions back into view.
    let edited = herald
        .replace("value = \"4.85 billion USD\"", "value = \"4.86 billion USD\"")
        .replace("Two-way trade reached 4.85 billion USD in 2020.", "Two-way trade reached 4.86 billion USD in 2020.");
    fs::write(root.join("project/claims/herald.toml"), edited).unwrap();
    let text = fs::read_to_string(root.join("project/claims/herald.txt")).unwrap();
    fs::write(root.join("project/claims/herald.txt"), text.replace("4.85", "4.86")).unwrap();
    let (code, lines, _) = check(root, "HEAD");
    assert_eq!(code, 1);
    assert!(lines.iter().any(|l| l.contains("4.86")), "{lines:#?}");
    assert!(lines.iter().all(|l| !l.contains("January 30, 1951")), "the untouched date conflict stays out: {lines:#?}");

    // A malformed new file is reported; a file nobody touched is not.
    fs::write(root.join("project/claims/broken.toml"), "[source\nid = 1\n").unwrap();
    let (_, lines, _) = check(root, "HEAD");
    assert!(lines.iter().any(|l| l.starts_with("project/claims/broken.toml:")), "{lines:#?}");
}

#[test]
fn a_revision_that_does_not_exist_or_no_repository_cannot_run() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/project"), &root.join("project"));
    let (code, lines, stderr) = check(root, "HEAD");
    assert_eq!(code, 2, "not a git repository");
    assert!(lines.is_empty() && stderr.contains("git"), "{stderr}");
    git(root, &["init", "--quiet"]);
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "one"]);
    let (code, _, stderr) = check(root, "no-such-branch");
    assert_eq!(code, 2);
    assert!(stderr.contains("`no-such-branch` is not a commit"), "{stderr}");
}
