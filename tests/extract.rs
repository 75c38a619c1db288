//! `claimcheck extract` end to end: the claim files it writes load without a single loader or
//! evidence finding; `--merge` adds only what is new and changes nothing a person wrote (values
//! fixed by hand, comments, reordered and deleted claims); an existing file is never overwritten;
//! and on the seed articles extraction meets its quality bar against the curated corpus.

use claimcheck::check::check_project;
use claimcheck::extract::Extractor;
use claimcheck::extract::evaluate::evaluate_project;
use claimcheck::extract::patterns;
use claimcheck::extract::recognise::Fragments;
use claimcheck::finding::Stage;
use claimcheck::load::load_project;
use std::fs;
use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn extract(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck")).arg("extract").args(args).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// A project with the corpus's rules and the five archived articles, but no claim files.
fn article_project() -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    fs::create_dir_all(project.path().join("claims")).unwrap();
    fs::create_dir_all(project.path().join("rules")).unwrap();
    for entry in fs::read_dir(repo().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, project.path().join("rules").join(path.file_name().unwrap())).unwrap();
    }
    for entry in fs::read_dir(repo().join("claims")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            fs::copy(&path, project.path().join("claims").join(path.file_name().unwrap())).unwrap();
        }
    }
    project
}

#[test]
fn extracted_claim_files_load_without_loader_or_evidence_findings() {
    let project = article_project();
    let corpus = check_project(repo()).unwrap();
    for (_, source) in corpus.project.store.sources() {
        let text = project.path().join("claims").join(format!("{}.txt", source.id));
        let published = source.published.to_string();
        let (code, stderr) = extract(&[
            text.to_str().unwrap(),
            "--project",
            project.path().to_str().unwrap(),
            "--publisher",
            &source.publisher,
            "--published",
            &published,
        ]);
        assert_eq!(code, 0, "{stderr}");
    }
    let checked = check_project(project.path()).unwrap();
    assert!(checked.project.store.claim_count() > 60, "extraction proposed too little");
    let loader: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.code.stage() != Stage::Rules)
        .map(|f| (f.code, f.message.clone()))
        .collect();
    assert!(loader.is_empty(), "extracted files must load cleanly: {loader:#?}");
}

#[test]
fn merge_changes_nothing_a_person_wrote() {
    let project = article_project();
    let text = project.path().join("claims/nhandan-2021-11-relationship-endures.txt");
    let claims = project.path().join("claims/nhandan-2021-11-relationship-endures.toml");
    let args = [
        text.to_str().unwrap(),
        "--project",
        project.path().to_str().unwrap(),
        "--published",
        "2021-11-29",
        "--publisher",
        "Nhan Dan",
    ];
    assert_eq!(extract(&args).0, 0);
    // A person reviews: fixes a value, comments, deletes a candidate, moves another to the end.
    let original = fs::read_to_string(&claims).unwrap();
    let mut edited = original.replace("publisher = \"Nhan Dan\"", "publisher = \"Nhan Dan\"  # checked by hand");
    edited =
        edited.replace("value = \"about 60,000-80,000\"", "value = \"60,000-80,000\"  # the hedge is the reporter's");
    let start = edited.find("[[claim]]\nid = \"diplomatic-relations-2\"").expect("the seven-decades candidate");
    let end = start + edited[start + 1..].find("[[claim]]").unwrap() + 1;
    edited.replace_range(start..end, "");
    edited.push_str("\n# Reviewed on 2026-11-25.\n");
    fs::write(&claims, &edited).unwrap();
    // Merging again proposes nothing new: the file stays byte for byte what the person wrote.
    let (code, stderr) = extract(&[args[0], args[1], args[2], args[3], args[4], "--merge"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::read_to_string(&claims).unwrap(), edited, "merge must not touch a reviewed file");
    // New text in the article: merge adds that claim only, after everything the person wrote.
    let mut article = fs::read_to_string(&text).unwrap();
    article.push_str("\nTwo-way trade reaching 7.1 billion USD in 2022 was reported.\n");
    fs::write(&text, article).unwrap();
    let (code, stderr) = extract(&[args[0], args[1], args[2], args[3], args[4], "--merge"]);
    assert_eq!(code, 0, "{stderr}");
    let merged = fs::read_to_string(&claims).unwrap();
    assert!(merged.contains("value = \"7.1 billion USD\""));
    assert_eq!(merged.matches("[[claim]]").count(), edited.matches("[[claim]]").count() + 1);
    for line in edited.lines().filter(|l| !l.starts_with("seen = ")) {
        assert!(merged.contains(line), "merge lost the person's line {line:?}");
    }
}

#[test]
fn an_existing_claim_file_is_never_overwritten() {
    let project = article_project();
    let text = project.path().join("claims/neo-2021-12-cooperation-strengthens.txt");
    let claims = project.path().join("claims/neo-2021-12-cooperation-strengthens.toml");
    fs::write(&claims, "# my own work\n").unwrap();
    let (code, stderr) =
        extract(&[text.to_str().unwrap(), "--project", project.path().to_str().unwrap(), "--published", "2021-12"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("never overwrites"), "{stderr}");
    assert_eq!(fs::read_to_string(&claims).unwrap(), "# my own work\n");
}

#[test]
fn extraction_quality_on_the_seed_articles() {
    let project = load_project(repo()).unwrap();
    assert!(project.pattern_findings.is_empty(), "{:#?}", project.pattern_findings);
    let fragments = Fragments::new(&project.store.units);
    let mut findings = Vec::new();
    let patterns = patterns::compile(&project.patterns, &project.store, &fragments, &mut findings);
    assert!(findings.is_empty(), "{findings:#?}");
    let extractor = Extractor::new(&project.store, fragments, patterns);
    let report = evaluate_project(repo(), &project, &extractor).unwrap();
    let totals = report.totals("*");
    let (recall, precision) = (totals.claim_recall(), totals.claim_precision());
    assert!(recall >= 0.85, "claim recall {recall:.3} below 0.85:\n{}", report.render(true));
    assert!(precision >= 0.80, "claim precision {precision:.3} below 0.80:\n{}", report.render(true));
}

#[test]
fn the_evaluation_set_loads_without_loader_or_evidence_findings() {
    // Every gold claim of tests/extraction/ must load, and its quote be found in its article with
    // the numbers of its value: a change of the claim format that breaks the gold fails here.
    let root = repo().join("tests/extraction");
    let mut topics = 0;
    for entry in fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("articles.toml").is_file() {
            continue;
        }
        topics += 1;
        let checked = check_project(&dir).unwrap();
        assert!(checked.project.store.claim_count() > 50, "{}: too few gold claims", dir.display());
        let loader: Vec<_> = checked
            .findings
            .iter()
            .filter(|f| f.code.stage() != Stage::Rules)
            .map(|f| (f.code, f.message.clone()))
            .collect();
        assert!(loader.is_empty(), "{}: {loader:#?}", dir.display());
    }
    assert!(topics >= 4, "only {topics} annotated topics under tests/extraction/");
}
