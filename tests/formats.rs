//! Every output format keeps the documented exit codes (docs/formats.md): 0 when no finding is
//! an error, 1 when one is, 2 when claimcheck could not run — and when it could not run, nothing
//! on stdout (a half-written SARIF or JSON document would be worse than none).

use std::path::{Path, PathBuf};
use std::process::Command;

const FORMATS: &[&str] = &["human", "json", "sarif", "github", "short", "html"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck")).args(args).current_dir(cwd).output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn exit_codes_are_the_same_for_every_format() {
    let cases: &[(&str, PathBuf, i32)] = &[
        ("a clean project", repo().join("examples/quickstart"), 0),
        ("a project with contradictions", repo().join("tests/cmd/project"), 1),
        // Its three contradictions are reviewed in reviews.toml (confirmed): they do not fail CI.
        ("the repository's corpus", repo(), 0),
        ("a directory that does not exist", repo().join("no/such/dir"), 2),
        ("a directory that is not a project", repo().join("tests/cmd/project/claims"), 2),
    ];
    for format in FORMATS {
        for (what, dir, expected) in cases {
            let (code, stdout, stderr) = run(&["check", "--format", format, dir.to_str().unwrap()], &repo());
            assert_eq!(code, *expected, "{format} on {what}: stderr: {stderr}");
            if *expected == 2 {
                assert!(stdout.is_empty(), "{format} on {what} printed on stdout: {stdout}");
                assert!(stderr.starts_with("error: "), "{format} on {what}: {stderr}");
            } else {
                assert!(!stdout.is_empty(), "{format} on {what} printed nothing");
            }
        }
    }
}

#[test]
fn machine_formats_are_well_formed_and_agree_on_the_findings() {
    let dir = repo().join("tests/cmd/project");
    let (_, json, _) = run(&["check", "--format", "json", "."], &dir);
    let (_, sarif, _) = run(&["check", "--format", "sarif", "."], &dir);
    let (_, short, _) = run(&["check", "--format", "short", "."], &dir);
    let (_, github, _) = run(&["check", "--format", "github", "."], &dir);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(findings.len(), results.len());
    for (finding, result) in findings.iter().zip(results) {
        assert_eq!(finding["fingerprint"], result["partialFingerprints"]["claimcheck/v1"]);
        assert_eq!(finding["code"], result["properties"]["code"]);
        let location = &finding["locations"][0];
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(location["line"], region["startLine"]);
        assert_eq!(location["column"], region["startColumn"]);
        let line = format!(
            "{}:{}:{}: {} {}: ",
            location["path"].as_str().unwrap(),
            location["line"],
            location["column"],
            finding["severity"].as_str().unwrap(),
            finding["code"].as_str().unwrap()
        );
        assert!(short.lines().any(|l| l.starts_with(&line)), "{line} in\n{short}");
        let annotation = format!(
            "::{} file={},line={}",
            finding["severity"].as_str().unwrap().replace("info", "notice"),
            location["path"].as_str().unwrap(),
            location["line"]
        );
        assert!(github.lines().any(|l| l.starts_with(&annotation)), "{annotation} in\n{github}");
    }
}

#[test]
fn paths_resolve_from_where_claimcheck_was_run() {
    // Run from the repository on tests/cmd/project: paths in short, github and sarif output start
    // with the directory as given, so editors and GitHub find the files.
    let (_, short, _) = run(&["check", "--format", "short", "tests/cmd/project"], &repo());
    assert!(short.starts_with("tests/cmd/project/claims/courier.toml:"), "{short}");
    let (_, github, _) = run(&["check", "--format", "github", "./tests/cmd/project/"], &repo());
    assert!(github.starts_with("::error file=tests/cmd/project/claims/courier.toml,"), "{github}");
    let (_, sarif, _) = run(&["check", "--format", "sarif", "tests/cmd/project"], &repo());
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "tests/cmd/project/claims/courier.toml");
}

#[test]
fn the_example_workflow_uses_arguments_claimcheck_accepts() {
    use clap::Parser;
    let workflow = std::fs::read_to_string(repo().join("examples/github-actions/claimcheck.yml")).unwrap();
    let mut commands = 0;
    for line in workflow.lines() {
        let Some(at) = line.find("claimcheck check") else { continue };
        let command =
            line[at..].split(['>', '|']).next().unwrap().replace("\"origin/${{ github.base_ref }}\"", "origin/main");
        let args: Vec<&str> = command.split_whitespace().collect();
        claimcheck::cli::Cli::try_parse_from(&args).unwrap_or_else(|e| panic!("{command}: {e}"));
        commands += 1;
    }
    assert!(commands >= 3, "the workflow runs claimcheck check for SARIF, annotations and main");
}

/// The workflow's push job on this repository, whose known conflicts are reviewed: green.
#[test]
fn the_example_workflows_push_job_passes_on_the_reviewed_corpus() {
    let workflow = std::fs::read_to_string(repo().join("examples/github-actions/claimcheck.yml")).unwrap();
    let step = workflow.split("- name: Check everything on main").nth(1).expect("the push job's step");
    let line = step.lines().find(|l| l.contains("run: claimcheck check")).unwrap();
    let args: Vec<&str> = line.split("run: claimcheck").nth(1).unwrap().split_whitespace().collect();
    let (code, stdout, stderr) = run(&args, &repo());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("3 errors reviewed"), "{stdout}");
    assert!(workflow.contains("reviews.toml"), "a change to the reviews runs the workflow");
}
