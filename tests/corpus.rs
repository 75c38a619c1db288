//! The repository's own corpus — the five seed articles and the India–Russia reference record in
//! claims/, checked against rules/ — gives exactly these findings. The real contradictions between
//! the articles are reported at error severity, each with its likely cause where one is known; the
//! many statements that only look contradictory (anniversaries that agree, targets beside actual
//! figures, ranks at different dates, rounding) are not. Medvedev's one visit is his visits as
//! President (as of the end of his term), so the presidents' totals of 2021 and 2024 do not rest on
//! a count of his visits that later years changed.

use claimcheck::check::check_project;
use claimcheck::finding::{Code, Severity};
use claimcheck::model::review::Verdict;
use claimcheck::report::Summary;
use std::fs;
use std::path::Path;
use std::process::Command;

mod common;

/// (code, severity, the claims involved as source/claim, a phrase of the likely cause).
const EXPECTED: &[(&str, &str, &[&str], &str)] = &[
    (
        "first-claim-contradicted",
        "error",
        &[
            "hanoitimes-2021-04-strategic-partnership/russia-first-sp-with-vietnam",
            "reference-india-russia-2000/russia-india-sp",
            "hanoitimes-2021-04-strategic-partnership/sp-declaration-signed",
        ],
        "one side's perspective",
    ),
    (
        "running-total-decreases",
        "error",
        &[
            "neo-2021-12-cooperation-strengthens/putin-three-visits",
            "hoangviet-2024-06-putin-visit/putin-previous-visits",
        ],
        "leave out some of the listed events",
    ),
    (
        "conflicting-value",
        "error",
        &[
            "neo-2021-12-cooperation-strengthens/trade-2021-forecast~up-from",
            "nhandan-2021-11-relationship-endures/trade-2020",
        ],
        "different national statistics",
    ),
    (
        "target-missed",
        "info",
        &[
            "nhandan-2021-11-relationship-endures/trade-2020",
            "neo-2021-12-cooperation-strengthens/trade-2021-forecast~up-from",
            "hanoitimes-2021-04-strategic-partnership/trade-target-2020",
        ],
        "",
    ),
];

#[test]
fn the_corpus_gives_exactly_its_known_findings() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = check_project(repo).expect("the repository is a claimcheck project");
    let store = &checked.project.store;
    let actual: Vec<(String, String, Vec<String>, String)> = checked
        .findings
        .iter()
        .map(|f| {
            (
                f.code.as_str().to_string(),
                f.severity.as_str().to_string(),
                f.claims.iter().map(|c| store.claim_identity(*c)).collect(),
                f.likely_cause.clone().unwrap_or_default(),
            )
        })
        .collect();
    let rendered: Vec<String> = actual.iter().map(|(c, s, claims, _)| format!("{s} {c} {claims:?}")).collect();
    assert_eq!(actual.len(), EXPECTED.len(), "findings:\n{}", rendered.join("\n"));
    for (code, severity, claims, cause) in EXPECTED {
        let found = actual.iter().find(|(c, s, cl, _)| c == code && s == severity && cl == claims);
        let Some((_, _, _, likely)) = found else {
            panic!("expected {severity} {code} {claims:?}; found:\n{}", rendered.join("\n"));
        };
        assert!(likely.contains(cause), "{code} {claims:?}: likely cause {likely:?} should mention {cause:?}");
    }
}

#[test]
fn every_corpus_article_is_archived_and_quoted() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = check_project(repo).unwrap();
    let store = &checked.project.store;
    assert_eq!(store.sources().count(), 6, "five seed articles and one reference record");
    for (_, source) in store.sources() {
        assert!(source.article.is_some(), "{} has no archived text", source.id);
    }
    for (_, claim) in store.claims().filter(|(_, c)| !c.is_derived()) {
        assert!(claim.quote.article_span.is_some(), "{} is not quoted from its article", claim.id);
    }
}

/// The three contradictions are real and reviewed in reviews.toml: confirmed, each with a reason,
/// two with the claim that is right. So the check of the corpus passes, and says what it passed
/// over.
#[test]
fn the_corpus_contradictions_are_reviewed_so_its_check_passes() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = check_project(repo).unwrap();
    assert!(!checked.has_errors(), "the corpus's errors are all reviewed");
    let errors: Vec<_> = checked.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 3);
    for finding in &errors {
        let review = finding.review.as_ref().unwrap_or_else(|| panic!("{} is not reviewed", finding.fingerprint));
        assert_eq!(review.verdict, Verdict::Confirmed, "{}", finding.fingerprint);
        assert!(!review.outdated && review.reason.len() > 40, "{review:?}");
    }
    assert_eq!(errors.iter().filter(|f| f.review.as_ref().is_some_and(|r| r.correct.is_some())).count(), 2);
    let summary = Summary::of(&checked);
    assert_eq!((summary.errors, summary.reviewed_errors), (0, 3));
    // What `cargo run --release -- check .` shows.
    let output = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args(["check", "--color", "never"])
        .current_dir(repo)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.trim_end().ends_with("; 3 errors reviewed"), "{stdout}");
}

/// A review covers the claims it saw: editing one of them (here, a note added to the 2020 trade
/// figure) makes the review outdated and the check fail again.
#[test]
fn editing_a_reviewed_claim_makes_the_check_fail_again() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    for dir in ["claims", "rules"] {
        common::copy_dir(&repo.join(dir), &copy.path().join(dir));
    }
    fs::copy(repo.join("reviews.toml"), copy.path().join("reviews.toml")).unwrap();
    assert!(!check_project(copy.path()).unwrap().has_errors(), "the copy checks as the corpus does");
    let path = copy.path().join("claims/nhandan-2021-11-relationship-endures.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("id = \"trade-2020\"\n"));
    fs::write(&path, text.replacen("id = \"trade-2020\"\n", "id = \"trade-2020\"\nnote = \"rechecked\"\n", 1)).unwrap();
    let checked = check_project(copy.path()).unwrap();
    assert!(checked.has_errors(), "the conflict counts again");
    let conflict = checked.findings.iter().find(|f| f.code == Code::ConflictingValue).unwrap();
    assert!(conflict.review.as_ref().is_some_and(|r| r.outdated), "{:?}", conflict.review);
    assert!(checked.findings.iter().any(|f| f.code == Code::OutdatedReview && f.severity == Severity::Warning));
    // The two other reviews still hold.
    assert_eq!(checked.findings.iter().filter(|f| f.review.as_ref().is_some_and(|r| r.applies())).count(), 2);
}

/// A confirmed verdict that names the right claim settles the conflict for later findings too: a
/// finding resting on the claim found wrong (here the target-missed note, through the derived
/// 2020 figure of the forecast's "up from") says so, with the review that decided it.
#[test]
fn a_resolution_is_shown_on_the_findings_that_rest_on_the_wrong_claim() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    for dir in ["claims", "rules"] {
        common::copy_dir(&repo.join(dir), &copy.path().join(dir));
    }
    fs::copy(repo.join("reviews.toml"), copy.path().join("reviews.toml")).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_claimcheck"))
        .args([
            "review",
            "23d5",
            "--verdict",
            "confirmed",
            "--correct",
            "nhandan-2021-11-relationship-endures/trade-2020",
        ])
        .args(["--reason", "for the test: the Vietnamese customs figure"])
        .arg(copy.path())
        .status()
        .unwrap();
    assert!(status.success());
    let checked = check_project(copy.path()).unwrap();
    let missed = checked.findings.iter().find(|f| f.code == Code::TargetMissed).unwrap();
    let expected = "rests on neo-2021-12-cooperation-strengthens/trade-2021-forecast, which the review of 23d527398cbbb9ff \
                    found wrong (nhandan-2021-11-relationship-endures/trade-2020 is right)";
    assert!(missed.notes.iter().any(|n| n == expected), "{:#?}", missed.notes);
    let conflict = checked.findings.iter().find(|f| f.code == Code::ConflictingValue).unwrap();
    assert!(conflict.notes.iter().all(|n| !n.starts_with("rests on")), "the reviewed finding itself says `resolved`");
}
