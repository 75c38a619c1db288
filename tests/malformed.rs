//! The catalogue of malformed inputs (issue: "no input, however malformed, makes the tool
//! panic"): every `tests/malformed/<case>.toml` is a claim file with one kind of mistake, described
//! in its header comment. The harness copies `tests/malformed/_project/` (a small valid project),
//! adds the case, runs `claimcheck check` and compares what users see — colourless, 100 columns —
//! with `<case>.stdout`.
//!
//! A case file is placed at `claims/<case>.toml`, or at `rules/<case>.toml` when its first line is
//! `# target: rules`. Lines `# --- <path>` start further files of the same case (for mistakes that
//! span files). A line `# exit: N` sets the expected exit code (default 1).
//!
//! Run with `BLESS=1` to rewrite the expected outputs after an intended change.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::copy_dir;

/// Split a case into (relative path, bytes) files.
fn files_of_case(name: &str, bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let text = String::from_utf8_lossy(bytes);
    let default_dir = if text.starts_with("# target: rules") { "rules" } else { "claims" };
    let mut files = vec![(format!("{default_dir}/{name}.toml"), Vec::new())];
    // Binary cases (invalid UTF-8, NUL bytes) are one file, copied byte for byte.
    if std::str::from_utf8(bytes).is_err() || bytes.contains(&0) {
        files[0].1 = bytes.to_vec();
        return files;
    }
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("# --- ") {
            files.push((path.trim().to_string(), Vec::new()));
            continue;
        }
        files.last_mut().unwrap().1.extend_from_slice(line.as_bytes());
    }
    files
}

fn expected_exit(bytes: &[u8]) -> i32 {
    String::from_utf8_lossy(bytes)
        .lines()
        .find_map(|l| l.strip_prefix("# exit: ").and_then(|n| n.trim().parse().ok()))
        .unwrap_or(1)
}

#[test]
fn malformed_inputs_render_precise_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let mut cases: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the catalogue must hold at least 30 cases, found {}", cases.len());
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_stem().unwrap().to_string_lossy().into_owned();
        let project = tempfile::tempdir().unwrap();
        copy_dir(&root.join("_project"), project.path());
        let bytes = fs::read(case).unwrap();
        for (path, content) in files_of_case(&name, &bytes) {
            let target = project.path().join(&path);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(target, content).unwrap();
        }
        let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
            .args(["check", "--color", "never", "--width", "100"])
            .arg(project.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if stderr.contains("panicked") {
            failures.push(format!("{name}: claimcheck panicked:\n{stderr}"));
            continue;
        }
        let code = output.status.code().unwrap_or(-1);
        if code != expected_exit(&bytes) {
            failures.push(format!("{name}: exit code {code}, expected {}\n{stdout}{stderr}", expected_exit(&bytes)));
        }
        let expected_path = case.with_extension("stdout");
        if bless {
            fs::write(&expected_path, &stdout).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != stdout {
            failures.push(format!(
                "{name}: output differs from {}\n--- expected\n{expected}\n--- actual\n{stdout}",
                expected_path.display()
            ));
        }
        // Every diagnostic shows where: file:line:column.
        if !stdout.contains("╭─[") && !stdout.contains(".toml:") {
            failures.push(format!("{name}: the output names no file:line:column\n{stdout}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
