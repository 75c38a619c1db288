//! Hostile input: whatever is in a project directory, claimcheck must not panic, hang or exhaust
//! memory, and must keep checking the other files. Each test builds the hostile project at run
//! time (a 50 MB file, a symbolic-link loop, a FIFO, random bytes) in a temporary directory.

use claimcheck::check::check_project;
use claimcheck::finding::Code;
use proptest::prelude::*;
use std::fs;
use std::path::Path;
use std::process::Command;

mod common;
use common::{GOOD_CLAIMS, project};

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
    // `claims/loop -> ..` leads out of claims/: not followed, so rules/ is never read as claims.
    let codes: Vec<Code> = checked.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes.iter().filter(|c| **c == Code::LinkLeavesDirectory).count(), 1, "{codes:?}");
    assert!(
        codes.iter().all(|c| matches!(c, Code::SymlinkLoop | Code::LinkLeavesDirectory | Code::NoRules)),
        "{codes:?}"
    );
}

#[cfg(unix)]
#[test]
fn links_out_of_the_project_are_not_followed() {
    let dir = project();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("foreign.toml"), GOOD_CLAIMS.replace("\"good\"", "\"foreign\"")).unwrap();
    std::os::unix::fs::symlink("/", dir.path().join("claims/root")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("claims/elsewhere")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("foreign.toml"), dir.path().join("claims/linked.toml")).unwrap();
    // A link that stays inside claims/ is followed.
    fs::create_dir_all(dir.path().join("claims/inner")).unwrap();
    std::os::unix::fs::symlink("inner", dir.path().join("claims/inner-link")).unwrap();
    let checked = check_project(dir.path()).unwrap();
    let leaving = checked.findings.iter().filter(|f| f.code == Code::LinkLeavesDirectory).count();
    assert_eq!(leaving, 3, "{:#?}", checked.findings);
    assert_eq!(checked.project.store.sources().count(), 1, "only the project's own source loads");
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

/// Words and pieces of the value grammar, with the characters that break naive code: multi-byte
/// letters and spaces, combining marks, huge and over-precise numbers, stacked scale words.
const ATOMS: &[&str] = &[
    "4.85",
    "USD",
    "$",
    "US$",
    "€",
    "-",
    "–",
    "—",
    "early",
    "mid-",
    "late",
    "2020",
    "February",
    "30",
    "29",
    "Q1",
    "H2",
    "the",
    "1990s",
    "about",
    "nearly",
    "over",
    "more than",
    "at least",
    "up to",
    "some",
    "60,000",
    "80,000",
    ",",
    ".",
    "%",
    "percent",
    "th",
    "1st",
    "anniversary",
    "years",
    "since",
    "before",
    "by",
    "from",
    "to",
    "é",
    "🙂",
    "\u{301}",
    "\u{a0}",
    "ß",
    "İ",
    "bn",
    "m",
    "k",
    "million",
    "trillion",
    "thousand",
    "1e5",
    "(",
    ")",
    "one-third",
    "half",
    "twice",
    "dozen",
    "Jan.",
    "0",
    "-0",
    "+",
    "١٢٣",
    "²",
    "½",
    "9999999999999999999999999999",
    "79228162514264337593543950335",
    "0.1234567890123456789012345678",
    "1.00000000000000000000000000001",
    "trillion trillion trillion",
];

fn written() -> impl Strategy<Value = String> {
    (proptest::collection::vec(proptest::sample::select(ATOMS), 1..8), any::<bool>())
        .prop_map(|(atoms, spaced)| atoms.join(if spaced { " " } else { "" }))
}

struct NoEntities;

impl claimcheck::model::syntax::EntityResolver for NoEntities {
    fn resolve(&self, _name: &str) -> Result<claimcheck::model::ids::EntityId, Vec<String>> {
        Err(Vec::new())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    /// Any string of value words parses to a value or a located error, for every value type;
    /// an error's span lies on character boundaries inside the string.
    #[test]
    fn value_strings_never_panic(text in written()) {
        use claimcheck::model::syntax::{numbers_in, parse_change, parse_date, parse_value};
        use claimcheck::model::unit::Units;
        use claimcheck::model::value::ValueType;
        let units = Units::builtin();
        let types = [
            ValueType::Count,
            ValueType::Quantity { dimension: "currency".into() },
            ValueType::Quantity { dimension: "mass".into() },
            ValueType::Percent,
            ValueType::Rank,
            ValueType::Date,
            ValueType::List(Box::new(ValueType::Date)),
        ];
        for value_type in &types {
            if let Err(error) = parse_value(&text, value_type, &units, &NoEntities) {
                prop_assert!(error.span.end <= text.len());
                prop_assert!(text.is_char_boundary(error.span.start) && text.is_char_boundary(error.span.end));
            }
        }
        let _ = parse_date(&text);
        let _ = parse_change(&text, &units);
        let _ = numbers_in(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    /// A quote that differs from an article full of multi-byte characters (no-break spaces, accents,
    /// emoji) at a random place: a located `quote-not-found`, never a panic.
    #[test]
    fn near_quotes_in_multibyte_articles_never_panic(cut in 0usize..60, insert in proptest::sample::select(ATOMS)) {
        let dir = project();
        let article = "Trade\u{a0}reached 4.85\u{a0}billion USD in 2020 — a café 🙂 record.\u{a0}Exports rose.";
        fs::write(dir.path().join("claims/good.txt"), article).unwrap();
        let mut quote: Vec<char> = article.chars().collect();
        let at = cut % quote.len();
        quote.splice(at..at, insert.chars());
        let quote: String = quote.into_iter().collect();
        let claims = GOOD_CLAIMS.replace(
            "quote = \"two-way trade reaching 4.85 billion USD in 2020\"",
            &format!("quote = {}", toml_string(&quote)),
        );
        fs::write(dir.path().join("claims/good.toml"), claims).unwrap();
        let checked = check_project(dir.path()).unwrap();
        for finding in &checked.findings {
            for label in &finding.labels {
                let file = checked.project.files.get(label.span.file);
                prop_assert!(file.text.is_char_boundary(label.span.start as usize) && file.text.is_char_boundary(label.span.end as usize));
            }
        }
    }
}

/// A TOML basic string holding `text` exactly.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A file that is not TOML at all fails on every line: a bounded number of findings, and the rest
/// of the project still loads.
#[test]
fn a_file_of_a_million_bad_lines_gives_a_bounded_number_of_findings() {
    let dir = project();
    fs::write(dir.path().join("claims/junk.toml"), "x\n".repeat(1_000_000)).unwrap();
    let checked = check_project(dir.path()).unwrap();
    let syntax = checked.findings.iter().filter(|f| f.code == Code::TomlSyntax).count();
    assert_eq!(
        syntax,
        claimcheck::load::toml_tree::MAX_SYNTAX_ERRORS + 1,
        "the first errors and one line saying how many more"
    );
    assert!(checked.findings.iter().any(|f| f.message.contains("999950 more syntax errors")));
    assert_eq!(checked.project.store.sources().filter(|(_, s)| s.id == "good").count(), 1);
}
