//! Hostile input: whatever is in a project directory, claimcheck must not panic, hang or exhaust
//! memory, and must keep checking the other files. Each test builds the hostile project at run
//! time (a 50 MB file, a symbolic-link loop, a FIFO, random bytes) in a temporary directory.

use claimcheck::check::check_project;
use claimcheck::finding::Code;
use proptest::prelude::*;
use std::fs;
use std::path::Path;
use std::process::Command;

const VOCABULARY: &str = r#"
[[entity]]
id = "vietnam"
[[entity]]
id = "russia"
[[property]]
id = "bilateral-trade"
type = "quantity"
dimension = "currency"
temporal = "flow"
qualifiers = ["partner"]
"#;

const GOOD_CLAIMS: &str = r#"
[source]
id = "good"
title = "Good"
publisher = "P"
published = "2021-11-29"
text = "good.txt"

[[claim]]
id = "trade-2020"
subject = "vietnam"
property = "bilateral-trade"
qualifiers = { partner = "russia" }
value = "4.85 billion USD"
period = "2020"
quote = "two-way trade reaching 4.85 billion USD in 2020"
"#;

/// A small valid project: one vocabulary file, one claim file and its article.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("claims")).unwrap();
    fs::create_dir_all(dir.path().join("rules")).unwrap();
    fs::write(dir.path().join("rules/vocabulary.toml"), VOCABULARY).unwrap();
    fs::write(dir.path().join("claims/good.toml"), GOOD_CLAIMS).unwrap();
    fs::write(dir.path().join("claims/good.txt"), "with two-way trade reaching 4.85 billion USD in 2020.").unwrap();
    dir
}

fn run(dir: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--color", "never", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_valid_project_is_clean() {
    let dir = project();
    let (code, stdout, stderr) = run(dir.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
}

#[test]
fn a_50_mb_claim_file_is_refused_without_reading_it_and_the_rest_still_loads() {
    let dir = project();
    let big = fs::File::create(dir.path().join("claims/huge.toml")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap(); // sparse: no disk cost
    let checked = check_project(dir.path()).unwrap();
    assert!(checked.findings.iter().any(|f| f.code == Code::FileTooLarge));
    assert_eq!(checked.project.store.claim_count(), 1, "the good file must still load");
    let (code, stdout, _) = run(dir.path());
    assert_eq!(code, 1);
    assert!(stdout.contains("file-too-large"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_skipped() {
    let dir = project();
    std::os::unix::fs::symlink("..", dir.path().join("claims/loop")).unwrap();
    std::os::unix::fs::symlink("self-link.toml", dir.path().join("claims/self-link.toml")).unwrap();
    let checked = check_project(dir.path()).unwrap();
    assert!(checked.findings.iter().any(|f| f.code == Code::SymlinkLoop), "{:#?}", checked.findings);
    assert_eq!(checked.project.store.claim_count(), 1);
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_never_opened() {
    let dir = project();
    // A link to an endless device and a FIFO nobody writes to: opening either would hang.
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("claims/zero.toml")).unwrap();
    let fifo = dir.path().join("claims/pipe.toml");
    let status = Command::new("mkfifo").arg(&fifo).status();
    let checked = check_project(dir.path()).unwrap();
    assert_eq!(checked.project.store.claim_count(), 1);
    if status.is_ok_and(|s| s.success()) {
        assert!(fifo.exists());
    }
}

#[test]
fn an_article_path_to_a_directory_is_a_finding() {
    let dir = project();
    let text = GOOD_CLAIMS.replace("good.txt", ".").replace("id = \"good\"", "id = \"dir\"");
    fs::write(dir.path().join("claims/dir.toml"), text).unwrap();
    let checked = check_project(dir.path()).unwrap();
    assert!(
        checked.findings.iter().any(|f| f.code == Code::TextNotFound || f.code == Code::IoError),
        "{:#?}",
        checked.findings
    );
}

#[test]
fn a_missing_project_exits_with_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run(&dir.path().join("nowhere"));
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read the project directory"), "{stderr}");
    let (code, _, stderr) = run(dir.path());
    assert_eq!(code, 2, "an empty directory is not a project");
    assert!(stderr.contains("neither claims/ nor rules/"), "{stderr}");
}

#[test]
fn bad_arguments_exit_with_2() {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck")).args(["check", "--format", "yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    /// Random bytes as a claim file: findings, never a panic; the good file still loads.
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let dir = project();
        fs::write(dir.path().join("claims/fuzz.toml"), &bytes).unwrap();
        let checked = check_project(dir.path()).unwrap();
        prop_assert_eq!(checked.project.store.sources().filter(|(_, s)| s.id == "good").count(), 1);
    }

    /// A valid claim file with random edits (characters deleted, inserted, replaced): never a
    /// panic, and every finding has a span inside its file.
    #[test]
    fn mutated_claim_files_never_panic(edits in proptest::collection::vec((0usize..400, 0u8..3, any::<char>()), 1..8)) {
        let dir = project();
        let mut text: Vec<char> = GOOD_CLAIMS.replace("id = \"good\"", "id = \"mutant\"").chars().collect();
        for (position, kind, c) in edits {
            let position = position % (text.len() + 1);
            match kind {
                0 if position < text.len() => { text.remove(position); }
                1 => text.insert(position, c),
                _ if position < text.len() => text[position] = c,
                _ => {}
            }
        }
        let text: String = text.into_iter().collect();
        fs::write(dir.path().join("claims/mutant.toml"), &text).unwrap();
        let checked = check_project(dir.path()).unwrap();
        for finding in &checked.findings {
            for label in &finding.labels {
                let file = checked.project.files.get(label.span.file);
                prop_assert!(label.span.end as usize <= file.text.len(), "label outside its file: {:?}", finding);
                prop_assert!(file.text.is_char_boundary(label.span.start as usize) && file.text.is_char_boundary(label.span.end as usize));
            }
        }
    }
}
