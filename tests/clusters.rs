//! Many claims of one key: findings and output stay bounded (issue 11).
//!
//! Each case is a project written as data — a rule, then claims given as `(subject, property,
//! qualifiers, value, time)` rows, spread over sources of [`PER_SOURCE`] claims each — and the
//! findings it must give. `conflicting-value` reports a cluster of more than two claims that cannot
//! all hold as one finding listing at most ten values; two claims stay one pair finding, exactly
//! as before. No test measures time: the benchmark `cargo bench --bench clusters` does.

use claimcheck::check::{Checked, check_project};
use claimcheck::finding::{Code, LabelRole, Severity};
use claimcheck::report::Summary;
use claimcheck::report::human::{self, HumanOptions};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::copy_dir;

/// Claims per generated source file.
const PER_SOURCE: usize = 500;
/// The most output one finding about a huge cluster may take, in human or JSON form.
const MAX_OUTPUT: usize = 64 * 1024;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

/// One generated claim: subject, property, qualifiers (an inline table or ""), value (as written
/// in TOML, quoted or an array) and time scope (a TOML line or "").
struct Row {
    subject: &'static str,
    property: &'static str,
    qualifiers: &'static str,
    value: String,
    time: String,
    extra: &'static str,
}

fn trade(value: String) -> Row {
    Row {
        subject: "arcadia",
        property: "trade",
        qualifiers: r#"{ partner = "borduria" }"#,
        value: format!("\"{value}\""),
        time: r#"period = "2020""#.into(),
        extra: "",
    }
}

fn visits(value: String, as_of: String) -> Row {
    Row {
        subject: "marsh",
        property: "visits",
        qualifiers: r#"{ destination = "arcadia" }"#,
        value,
        time: format!("as_of = \"{as_of}\""),
        extra: "",
    }
}

/// A project with the fixtures' vocabulary, one rule file and the rows as claims. Each claim's
/// quote is "Item N: <value>." and is in its source's archived text.
fn project(rules: &str, rows: Vec<Row>) -> (Checked, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("_project"), dir.path());
    fs::write(dir.path().join("rules/checks.toml"), rules).unwrap();
    fs::create_dir_all(dir.path().join("claims")).unwrap();
    for (s, chunk) in rows.chunks(PER_SOURCE).enumerate() {
        let mut toml = format!(
            "[source]\nid = \"s{s}\"\ntitle = \"t\"\npublisher = \"p{s}\"\npublished = \"2022-01-01\"\ntext = \"s{s}.txt\"\n"
        );
        let mut text = String::new();
        for (k, row) in chunk.iter().enumerate() {
            let i = s * PER_SOURCE + k;
            let said = row.value.trim_matches('"').replace(['[', ']', '"'], "");
            let quote = format!("Item {i}: {said}.");
            text.push_str(&quote);
            text.push('\n');
            let qualifiers =
                if row.qualifiers.is_empty() { String::new() } else { format!("qualifiers = {}\n", row.qualifiers) };
            toml.push_str(&format!(
                "\n[[claim]]\nid = \"c{i}\"\nsubject = \"{}\"\nproperty = \"{}\"\n{qualifiers}value = {}\n{}\n{}quote = \"{quote}\"\n",
                row.subject, row.property, row.value, row.time, row.extra
            ));
        }
        fs::write(dir.path().join(format!("claims/s{s}.toml")), toml).unwrap();
        fs::write(dir.path().join(format!("claims/s{s}.txt")), text).unwrap();
    }
    (check_project(dir.path()).unwrap(), dir)
}

/// A fixture of tests/rules (files separated by `# --- <path>` lines), checked.
fn fixture(relative: &str) -> (Checked, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("_project"), dir.path());
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut current = None;
    for line in fs::read_to_string(fixtures().join(relative)).unwrap().split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("# --- ") {
            current = Some(path.trim().to_string());
            files.insert(path.trim().to_string(), String::new());
        } else if let Some(path) = &current {
            files.get_mut(path).unwrap().push_str(line);
        }
    }
    for (path, text) in &files {
        let target = dir.path().join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, text).unwrap();
    }
    (check_project(dir.path()).unwrap(), dir)
}

fn codes(checked: &Checked) -> Vec<(Severity, Code)> {
    checked.findings.iter().map(|f| (f.severity, f.code)).collect()
}

fn human(checked: &Checked) -> String {
    human::render(&checked.findings, &checked.project.files, &Summary::of(checked), &HumanOptions::default())
}

fn json(checked: &Checked) -> String {
    claimcheck::report::json::render(checked, &Summary::of(checked))
}

const ONE_VALUE: &str = "[[rule]]\nid = \"one-value\"\nkind = \"conflicting-value\"\n";

#[test]
fn three_sources_that_disagree_give_one_finding_listing_three_values() {
    let (checked, _dir) = fixture("conflicting-value/cluster.toml");
    assert_eq!(codes(&checked), [(Severity::Error, Code::ConflictingValue)]);
    let f = &checked.findings[0];
    assert_eq!(
        f.message,
        "bilateral trade (Arcadia–Borduria): 4.85 billion USD in 2020 (herald), 5.7 billion USD in 2020 (courier) \
         and 6.4 billion USD in 2020 (gazette) cannot all hold"
    );
    assert_eq!(f.claims.len(), 3);
    let roles: Vec<(LabelRole, &str)> = f.labels.iter().map(|l| (l.role, l.message.as_str())).collect();
    assert_eq!(
        roles,
        [
            (LabelRole::Primary, "6.4 billion USD here"),
            (LabelRole::Evidence, "gazette says this"),
            (LabelRole::Secondary, "4.85 billion USD here"),
            (LabelRole::Evidence, "herald says this"),
            (LabelRole::Secondary, "5.7 billion USD here"),
            (LabelRole::Evidence, "courier says this"),
        ]
    );
    assert_eq!(
        f.notes[0],
        "4.85 billion USD reads as 4.797–4.904 billion USD (herald/trade-2020); cannot hold with 5.7 billion USD, 6.4 billion USD"
    );
    assert_eq!(f.notes.len(), 4, "one line per value and the tolerance: {:?}", f.notes);
    // Stable: the same claims give the same fingerprint on every run.
    let (again, _dir) = fixture("conflicting-value/cluster.toml");
    assert_eq!(again.findings[0].fingerprint, f.fingerprint);
}

#[test]
fn a_pair_is_reported_exactly_as_before() {
    // The pinned snapshots (tests/rules/conflicting-value/triggers.stdout and .json) hold the
    // whole rendering; this names the parts a baseline depends on.
    let (checked, _dir) = fixture("conflicting-value/triggers.toml");
    let pair = checked.findings.iter().find(|f| f.code == Code::ConflictingValue).unwrap();
    assert_eq!(
        pair.message,
        "bilateral trade (Arcadia–Borduria): 5.7 billion USD in 2020 (courier) and 4.85 billion USD in 2020 (herald) \
         cannot both hold"
    );
    assert_eq!(pair.fingerprint, "db90d651b9be96b0");
    assert_eq!(pair.claims.len(), 2);
}

#[test]
fn twenty_thousand_conflicting_claims_give_one_bounded_finding() {
    let rows = (1..=20_000).map(|i| trade(format!("{} billion USD", 10 * i))).collect();
    let (checked, _dir) = project(ONE_VALUE, rows);
    assert_eq!(codes(&checked), [(Severity::Error, Code::ConflictingValue)]);
    let f = &checked.findings[0];
    assert!(f.message.contains("20000 values from 20000 claims cannot all hold"), "{}", f.message);
    assert_eq!(f.claims.len(), 10, "ten values listed");
    assert!(
        f.notes.iter().any(|n| n == "and 19990 more values from 19990 more claims, not listed: every value of the cluster disagrees with at least one other"),
        "{:?}",
        f.notes
    );
    let (human, json) = (human(&checked), json(&checked));
    assert!(human.len() < MAX_OUTPUT, "human output is {} bytes", human.len());
    assert!(json.len() < MAX_OUTPUT, "JSON output is {} bytes", json.len());
    assert!(human.contains("and 19990 more values"));
}

#[test]
fn three_thousand_agreeing_claims_give_no_finding() {
    // Three thousand different ranges, every one of them holding 5 billion.
    let rows = (0..3_000)
        .map(|i| trade(format!("{}.{:03}-{}.{:03} billion USD", 1 + i / 1000, i % 1000, 6 + i % 3, (7 * i) % 1000)))
        .collect();
    let (checked, _dir) = project(ONE_VALUE, rows);
    assert_eq!(codes(&checked), []);
}

#[test]
fn identical_values_are_one_reading() {
    // Ten thousand claims of two values: one cluster of two values, each from 5,000 claims.
    let rows = (0..10_000)
        .map(|i| trade(if i % 2 == 0 { "4.85 billion USD".into() } else { "$5.7 billion".into() }))
        .collect();
    let (checked, _dir) = project(ONE_VALUE, rows);
    assert_eq!(codes(&checked), [(Severity::Error, Code::ConflictingValue)]);
    let f = &checked.findings[0];
    assert!(f.message.contains(" and 4999 more)"), "{}", f.message);
    assert!(f.labels.iter().any(|l| l.message == "4.85 billion USD here (and in 4999 more claims)"));
    assert!(human(&checked).len() < MAX_OUTPUT);
}

#[test]
fn a_target_missed_by_thousands_of_figures_lists_ten() {
    let mut rows: Vec<Row> =
        (0..5_000).map(|i| trade(format!("{}.{:03} billion USD", 1 + i / 1000, i % 1000))).collect();
    rows.push(Row { extra: "modality = \"target\"\n", ..trade("US$10 billion".into()) });
    let (checked, _dir) = project(ONE_VALUE, rows);
    let mut found = codes(&checked);
    found.sort();
    assert_eq!(
        found,
        [(Severity::Info, Code::TargetMissed), (Severity::Error, Code::ConflictingValue)],
        "the actual figures disagree among themselves (one cluster) and miss the target (one note)"
    );
    let missed = checked.findings.iter().find(|f| f.code == Code::TargetMissed).unwrap();
    assert!(missed.message.ends_with("; and 4990 more"), "{}", missed.message);
    assert_eq!(missed.claims.len(), 11, "ten actual figures and the target");
    assert!(human(&checked).len() < MAX_OUTPUT);
    assert!(json(&checked).len() < MAX_OUTPUT);
}

#[test]
fn values_as_of_overlapping_dates_give_one_finding_per_pair_of_dates() {
    // A thousand population figures as of 2021 and a thousand as of April 2021, all different.
    let row = |i: usize, as_of: &str| Row {
        subject: "arcadia",
        property: "population",
        qualifiers: "",
        value: format!("\"{} million\"", 50 + 3 * i),
        time: format!("as_of = \"{as_of}\""),
        extra: "",
    };
    let rows = (0..1_000).map(|i| row(i, "2021")).chain((0..1_000).map(|i| row(i + 1_000, "April 2021"))).collect();
    let (checked, _dir) = project(ONE_VALUE, rows);
    let mut found = codes(&checked);
    found.sort();
    assert_eq!(
        found,
        [
            (Severity::Warning, Code::PossiblyConflictingValue),
            (Severity::Error, Code::ConflictingValue),
            (Severity::Error, Code::ConflictingValue),
        ],
        "a cluster as of each date, and one between the two dates"
    );
    assert!(human(&checked).len() < 3 * MAX_OUTPUT);
}

#[test]
fn a_running_total_over_thousands_of_dates_falls_once() {
    let rules = "[[rule]]\nid = \"totals-grow\"\nkind = \"running-total-decreases\"\n";
    let day = |i: usize| format!("{}-{:02}-{:02}", 1900 + i / 336, 1 + (i % 336) / 28, 1 + i % 28);
    let mut rows: Vec<Row> = (0..5_000).map(|i| visits(format!("\"{}\"", i + 1), day(i))).collect();
    rows.push(visits("\"3\"".into(), day(5_000)));
    let (checked, _dir) = project(rules, rows);
    assert_eq!(codes(&checked), [(Severity::Error, Code::RunningTotalDecreases)]);
}

#[test]
fn counts_against_thousands_of_lists_compare_by_date() {
    let rules = "[[rule]]\nid = \"counts-match\"\nkind = \"count-mismatch\"\n";
    // Two thousand lists of one visit, each as of its own year, and a count beside each: all
    // agree but one (two visits counted where one is listed).
    let mut rows = Vec::new();
    for i in 0..2_000 {
        let year = 1000 + i;
        rows.push(visits(format!("[\"{year}\"]"), format!("{year}-12-31")));
        rows.push(visits(format!("\"{}\"", if i == 1_234 { 2 } else { 1 }), format!("{year}-12-31")));
    }
    let (checked, _dir) = project(rules, rows);
    assert_eq!(codes(&checked), [(Severity::Error, Code::CountMismatch)]);
}

#[test]
fn thousands_of_first_claims_give_one_finding_each() {
    let rules = "[[rule]]\nid = \"firsts\"\nkind = \"first-claim-contradicted\"\n";
    let partnership = |partner: &'static str, value: String, extra: &'static str| Row {
        subject: "borduria",
        property: "partnership",
        qualifiers: partner,
        value,
        time: String::new(),
        extra,
    };
    let arcadia = r#"{ partner = "arcadia" }"#;
    let mut rows: Vec<Row> =
        (0..2_000).map(|_| partnership(arcadia, "\"March 2001\"".into(), "rank = \"first\"\n")).collect();
    rows.push(partnership(r#"{ partner = "carpathia" }"#, "\"October 3, 2000\"".into(), ""));
    let (checked, _dir) = project(rules, rows);
    assert_eq!(checked.findings.len(), 2_000, "one finding per first claim, not per pair");
    assert!(checked.findings.iter().all(|f| f.code == Code::FirstClaimContradicted));
}
