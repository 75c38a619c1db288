//! The claim frames of the general extractor, as data: `tests/frames/cases.txt` gives short
//! articles and every candidate claim each must yield (subject, property, qualifiers, value, time
//! and modality), with the vocabulary of `tests/frames/rules/`. A case fails on a missing and on
//! an extra candidate, and the message shows both lists.

use claimcheck::extract::recognise::Fragments;
use claimcheck::extract::{CandidateValue, Context, Extractor};
use claimcheck::load::load_project;
use claimcheck::model::syntax::parse_date;
use std::path::Path;

/// One case of cases.txt.
struct Case {
    line: usize,
    published: String,
    text: String,
    expected: Vec<String>,
}

fn cases() -> Vec<Case> {
    let source = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frames/cases.txt")).unwrap();
    let mut out: Vec<Case> = Vec::new();
    let mut current: Option<Case> = None;
    for (number, line) in source.lines().enumerate() {
        let line_no = number + 1;
        if line.trim().is_empty() {
            out.extend(current.take());
        } else if line.starts_with('#') {
        } else if let Some(date) = line.strip_prefix("published:") {
            out.extend(current.take());
            current = Some(Case {
                line: line_no,
                published: date.trim().to_string(),
                text: String::new(),
                expected: Vec::new(),
            });
        } else if let Some(text) = line.strip_prefix('>') {
            let case = current.as_mut().unwrap_or_else(|| panic!("cases.txt:{line_no}: text before `published:`"));
            // Each line is a paragraph.
            case.text.push_str(text.trim());
            case.text.push_str("\n\n");
        } else {
            let case = current.as_mut().unwrap_or_else(|| panic!("cases.txt:{line_no}: claim before `published:`"));
            case.expected.push(line.trim().to_string());
        }
    }
    out.extend(current);
    out
}

#[test]
fn frames_are_chosen_as_the_cases_say() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frames");
    let project = load_project(&root).unwrap();
    let extractor = Extractor::new(&project.store, Fragments::new(&project.store.units), Vec::new());
    let cases = cases();
    assert!(cases.len() >= 8, "cases.txt holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let published = parse_date(&case.published).unwrap();
        let extraction = extractor.extract_all(&case.text, &Context { published });
        let mut got: Vec<String> = extraction
            .candidates
            .iter()
            .map(|c| {
                let qualifiers: Vec<String> = c.qualifiers.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let value = match &c.value {
                    CandidateValue::Written(w) => w.clone(),
                    CandidateValue::List(items) => format!("[{}]", items.join(", ")),
                    CandidateValue::None => "(rank)".to_string(),
                };
                let time = c.time.as_ref().map_or_else(String::new, |(kind, t)| format!(" {}={t}", kind.field()));
                let qualifiers =
                    if qualifiers.is_empty() { String::new() } else { format!("{{{}}}", qualifiers.join(",")) };
                format!("{} {}{qualifiers} = {value}{time} {}", c.subject, c.property, c.modality.as_str())
            })
            .collect();
        got.sort();
        let mut expected = case.expected.clone();
        expected.sort();
        if got != expected {
            failures.push(format!(
                "cases.txt:{}:\n  text: {}\n  expected:\n    {}\n  got:\n    {}",
                case.line,
                case.text.trim().replace("\n\n", " / "),
                expected.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Pieces of news text that stress the extractor's offsets: numbers glued to words and brackets,
/// scores, multibyte punctuation, names of the vocabulary, dates and hedges.
const ATOMS: &[&str] = &[
    "7-6(4)",
    "(1994)",
    "6-2",
    "Arcadia",
    "Borduria's",
    "Ana Lopez,",
    "33,",
    "US$10",
    "billion",
    "3.6",
    "%",
    "pc",
    "—",
    "’s",
    "the",
    "largest",
    "25th",
    "in",
    "October",
    "2016",
    "on",
    "Wednesday",
    "trade",
    "rose",
    "by",
    "visited",
    "three",
    "times",
    ".",
    ",",
    ";",
    "\n\n",
    "“",
    "”",
    "é",
    "Covid",
    "ICU",
    "patients",
    "seats",
    "since",
    "1990",
];

/// The project of tests/frames, loaded once for all generated cases.
static PROJECT: std::sync::LazyLock<claimcheck::load::Project> =
    std::sync::LazyLock::new(|| load_project(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/frames")).unwrap());

/// Its extractor, built once.
static EXTRACTOR: std::sync::LazyLock<Extractor<'static>> =
    std::sync::LazyLock::new(|| Extractor::new(&PROJECT.store, Fragments::new(&PROJECT.store.units), Vec::new()));

proptest::proptest! {
    #[test]
    fn extraction_never_panics_on_news_like_text(picks in proptest::collection::vec(0..ATOMS.len(), 0..80)) {
        let extractor = &*EXTRACTOR;
        let text: String = picks.iter().map(|&i| ATOMS[i]).collect::<Vec<_>>().join(" ");
        let published = parse_date("2024-06-10").unwrap();
        let extraction = extractor.extract_all(&text, &Context { published });
        for candidate in &extraction.candidates {
            proptest::prop_assert!(text.get(candidate.quote_span.clone()).is_some());
        }
    }
}
