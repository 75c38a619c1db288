//! `claimcheck export claimreview` on the repository's corpus, with the reviews of
//! tests/claimreview/reviews.toml: exactly the ClaimReviews the verdicts call for, each with every
//! field Google's fact-check markup requires, typed as schema.org says. Deferred and outdated
//! reviews are not published; a review without an author or a page is an error naming it.

mod common;

use claimcheck::check::check_project;
use claimcheck::report::claimreview::{Options, export, render};
use serde_json::Value;
use std::fs;
use std::path::Path;

const REVIEWS: &str = include_str!("claimreview/reviews.toml");

/// (the review's url, the claim's source, its rating value, the rating in words), in order.
const EXPECTED: &[(&str, &str, u64, &str)] = &[
    // first-claim-contradicted, confirmed without `correct`: every claim is contradicted.
    ("https://example.org/india-russia-2000", "The Hanoi Times", 2, "Contradicted by another source"),
    (
        "https://example.org/india-russia-2000",
        "Ministry of External Affairs of India (reference record)",
        2,
        "Contradicted by another source",
    ),
    ("https://example.org/india-russia-2000", "The Hanoi Times", 2, "Contradicted by another source"),
    // running-total-decreases, false alarm: neither claim is contradicted.
    ("https://example.org/visits", "New Eastern Outlook", 3, "Not contradicted"),
    ("https://example.org/visits", "unidentified Vietnamese outlet", 3, "Not contradicted"),
    // conflicting-value, confirmed with nhandan's figure correct: neo's (derived) claim is false.
    ("https://example.org/customs-2020", "New Eastern Outlook", 1, "False"),
    ("https://example.org/customs-2020", "Nhan Dan (reposted by Viet Reader)", 5, "True"),
];

/// A copy of the corpus (claims/ and rules/) with `reviews` as its reviews.toml.
fn corpus_with(reviews: &str) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo.join("claims"), &dir.path().join("claims"));
    common::copy_dir(&repo.join("rules"), &dir.path().join("rules"));
    fs::write(dir.path().join("reviews.toml"), reviews).unwrap();
    dir
}

fn string<'a>(object: &'a Value, field: &str) -> &'a str {
    object[field].as_str().unwrap_or_else(|| panic!("`{field}` is not a string in {object:#}"))
}

fn number(object: &Value, field: &str) -> u64 {
    object[field].as_u64().unwrap_or_else(|| panic!("`{field}` is not a whole number in {object:#}"))
}

fn is_iso_date(text: &str) -> bool {
    let shape: String = text.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect();
    ["9999", "9999-99", "9999-99-99"].contains(&shape.as_str())
}

#[test]
fn every_published_review_has_the_required_fields_typed_right() {
    let dir = corpus_with(REVIEWS);
    let checked = check_project(dir.path()).unwrap();
    let done = export(&checked, &Options::default()).unwrap();
    assert_eq!((done.published, done.deferred, done.outdated), (3, 1, 0));
    let json: Value = serde_json::from_str(&render(&done)).unwrap();
    let reviews = json.as_array().expect("one JSON array");
    let actual: Vec<(&str, &str, u64, &str)> = reviews
        .iter()
        .map(|r| {
            let rating = &r["reviewRating"];
            (
                string(r, "url"),
                string(&r["itemReviewed"]["author"], "name"),
                number(rating, "ratingValue"),
                string(rating, "alternateName"),
            )
        })
        .collect();
    assert_eq!(actual, EXPECTED);

    for review in reviews {
        assert_eq!(string(review, "@context"), "https://schema.org");
        assert_eq!(string(review, "@type"), "ClaimReview");
        assert!(!string(review, "claimReviewed").trim().is_empty());
        assert!(string(review, "url").starts_with("https://"));
        assert!(is_iso_date(string(review, "datePublished")), "{review:#}");
        assert!(!string(review, "reviewBody").is_empty());
        let rating = &review["reviewRating"];
        assert_eq!(string(rating, "@type"), "Rating");
        assert_eq!((number(rating, "worstRating"), number(rating, "bestRating")), (1, 5));
        assert!((1..=5).contains(&number(rating, "ratingValue")));
        let author = &review["author"];
        assert_eq!(string(author, "@type"), "Person", "the reviewer, without --publisher");
        assert!(["A. Reviewer", "B. Checker"].contains(&string(author, "name")));
        let item = &review["itemReviewed"];
        assert_eq!(string(item, "@type"), "Claim");
        assert_eq!(string(&item["author"], "@type"), "Organization");
        assert!(is_iso_date(string(item, "datePublished")), "{item:#}");
        let appearance = &item["appearance"];
        assert_eq!(string(appearance, "@type"), "CreativeWork");
        assert!(!string(appearance, "headline").is_empty());
        if let Some(url) = appearance.get("url") {
            assert!(url.as_str().is_some_and(|u| u.starts_with("http")), "{appearance:#}");
        }
    }
    // The quote is what is reviewed: the words of the article, as the claim file has them.
    let true_one = reviews.iter().find(|r| r["reviewRating"]["alternateName"] == "True").unwrap();
    assert!(string(true_one, "claimReviewed").contains("4.85 billion USD"), "{true_one:#}");
    // A source with a url has its article linked.
    assert!(reviews.iter().any(|r| r["itemReviewed"]["appearance"]["url"].as_str().is_some()));
}

#[test]
fn the_publisher_and_the_url_base_replace_the_reviewer_and_the_evidence() {
    let dir = corpus_with(REVIEWS);
    let checked = check_project(dir.path()).unwrap();
    let options = Options {
        publisher: Some("Example Fact Check".into()),
        url_base: Some("https://factcheck.example.org/reviews/".into()),
    };
    let done = export(&checked, &options).unwrap();
    assert_eq!(done.reviews.len(), EXPECTED.len());
    for review in &done.reviews {
        assert_eq!((review.author.kind, review.author.name.as_str()), ("Organization", "Example Fact Check"));
        assert!(review.url.starts_with("https://factcheck.example.org/reviews/"), "{}", review.url);
        let fingerprint = review.url.rsplit('/').next().unwrap();
        assert_eq!(fingerprint.len(), 16, "{}", review.url);
    }
}

#[test]
fn deferred_and_outdated_reviews_are_not_published() {
    // Every review deferred, or recorded for other claims (a digest that does not match).
    let deferred = REVIEWS
        .replace("verdict = \"confirmed\"", "verdict = \"deferred\"")
        .replace("verdict = \"false-alarm\"", "verdict = \"false-alarm\"\nclaims = \"0000000000000000\"");
    let dir = corpus_with(&deferred);
    let checked = check_project(dir.path()).unwrap();
    let done = export(&checked, &Options::default()).unwrap();
    assert!(done.reviews.is_empty());
    assert_eq!((done.published, done.deferred, done.outdated), (0, 3, 1));
    assert_eq!(render(&done), "[]\n");
    assert_eq!(
        done.describe(),
        "no review with verdict confirmed or false-alarm is in force: nothing to export; left out: 3 deferred, 1 outdated"
    );
}

#[test]
fn a_review_without_an_author_or_a_page_is_an_error_that_names_it() {
    let anonymous =
        REVIEWS.replace("by = \"B. Checker\"\n", "").replace("evidence = [\"https://example.org/visits\"]\n", "");
    let dir = corpus_with(&anonymous);
    let checked = check_project(dir.path()).unwrap();
    let error = export(&checked, &Options::default()).unwrap_err();
    assert_eq!(
        error.lines().collect::<Vec<_>>(),
        [
            "the review of b8325e652f5e6dcd has no `by`: write who reviewed in reviews.toml, or give --publisher NAME",
            "the review of b8325e652f5e6dcd has no `evidence` link to use as its page: add one, or give --url-base URL",
        ]
    );
    let options = Options { publisher: Some("Example Fact Check".into()), url_base: Some("https://f.example".into()) };
    assert_eq!(export(&checked, &options).unwrap().reviews.len(), EXPECTED.len());
}

/// A confirmed "first" claim with the earlier instance named correct: the review judged the
/// "first" claim (false) and the earlier instance (true). The date it was compared with is the
/// finding's evidence, not something the review rated, so it is not published as false.
#[test]
fn only_the_claims_a_review_judged_are_rated() {
    let reviews = r#"
[[review]]
fingerprint = "6df3a7231d7e5de2"
verdict = "confirmed"
correct = "reference-india-russia-2000/russia-india-sp"
reason = "India's strategic partnership with Russia was declared in October 2000, before Vietnam's."
by = "A. Reviewer"
date = "2026-12-07"
evidence = ["https://example.org/india-russia-2000"]
"#;
    let dir = corpus_with(reviews);
    let checked = check_project(dir.path()).unwrap();
    let done = export(&checked, &Options::default()).unwrap();
    let json: Value = serde_json::from_str(&render(&done)).unwrap();
    let rated: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (string(&r["itemReviewed"]["author"], "name"), string(&r["reviewRating"], "alternateName")))
        .collect();
    assert_eq!(
        rated,
        [("The Hanoi Times", "False"), ("Ministry of External Affairs of India (reference record)", "True")],
        "{json:#}"
    );
}
