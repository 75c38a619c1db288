//! Fuzz targets for claimcheck: each takes arbitrary bytes, runs one public entry point of the
//! library on them, checks what must hold whatever the input, and returns a small fingerprint of
//! what happened (which the mutation loop uses as cheap feedback: an input that behaves in a new
//! way joins its corpus). A panic is a finding; so is an input that runs for more than a second.
//!
//! The same functions back the libFuzzer binaries (`fuzz_targets/`, feature `libfuzzer`) and the
//! plain mutation loop (`src/bin/mutate.rs`); see README.md.

pub mod mutate;

use claimcheck::extract::output;
use claimcheck::extract::recognise::MentionKind;
use claimcheck::extract::{Candidate, CandidateValue, Extraction, Unattached};
use claimcheck::finding::Finding;
use claimcheck::load::{claims, evidence, vocab};
use claimcheck::lsp::transport::{self, Frame, FrameReader};
use claimcheck::model::claim::{Modality, TimeKind};
use claimcheck::model::ids::EntityId;
use claimcheck::model::number::Tolerance;
use claimcheck::model::syntax::{self, EntityResolver};
use claimcheck::model::unit::Units;
use claimcheck::model::value::ValueType;
use claimcheck::report::human::{self, HumanOptions};
use claimcheck::source::{FileKind, SourceMap};
use claimcheck::store::Store;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

/// A fuzz target: bytes in, a fingerprint of the behaviour out.
pub type Target = fn(&[u8]) -> u64;

/// Every target, by name (the names of the libFuzzer binaries too).
pub const TARGETS: &[(&str, Target)] =
    &[("value_parser", value_parser), ("claim_loader", claim_loader), ("merge", merge), ("lsp_framing", lsp_framing)];

fn fingerprint(parts: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    hasher.finish()
}

/// Knows a few entities, as a vocabulary would.
struct Entities;

impl EntityResolver for Entities {
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>> {
        let known = ["vietnam", "russia", "india", "the united states"];
        known
            .iter()
            .position(|k| k.eq_ignore_ascii_case(name))
            .map(|i| EntityId(i as u32))
            .ok_or_else(|| vec!["vietnam".into()])
    }
}

fn units() -> &'static Units {
    static UNITS: OnceLock<Units> = OnceLock::new();
    UNITS.get_or_init(Units::builtin)
}

/// The value parser: each line of the input (the first 100) is parsed as every value type, as a measure, a date,
/// a change and a year offset, and found numbers are scanned for; every parsed value is
/// estimated (turned into an interval). An error's span must lie inside the line, on character
/// boundaries: diagnostics slice the file with it.
pub fn value_parser(data: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(data);
    let types = [
        ValueType::Count,
        ValueType::Quantity { dimension: "currency".into() },
        ValueType::Quantity { dimension: "mass".into() },
        ValueType::Percent,
        ValueType::Rank,
        ValueType::Date,
        ValueType::Entity,
        ValueType::Text,
    ];
    let units = units();
    let tolerance = Tolerance::default();
    let mut outcome = Vec::new();
    // At most 100 lines: an input is slow only if one value is, not because it holds many.
    for line in text.lines().take(100) {
        let check_span = |error: &syntax::ValueError| {
            assert!(
                line.get(error.span.clone()).is_some(),
                "error span {:?} is not inside {line:?} on character boundaries ({})",
                error.span,
                error.message
            );
        };
        for value_type in &types {
            match syntax::parse_value(line, value_type, units, &Entities) {
                Ok(value) => {
                    let estimate = value.estimate(units, &tolerance, value_type);
                    outcome.push((1u8, estimate.is_some() as u8));
                }
                Err(error) => {
                    check_span(&error);
                    outcome.push((2, error.kind as u8));
                }
            }
        }
        let others = [
            syntax::parse_measure(line, units).map(|_| ()),
            syntax::parse_date(line).map(|_| ()),
            syntax::parse_change(line, units).map(|_| ()),
            syntax::parse_year_offset(line).map(|_| ()),
        ];
        for result in others {
            match result {
                Ok(()) => outcome.push((3, 0)),
                Err(error) => {
                    check_span(&error);
                    outcome.push((4, error.kind as u8));
                }
            }
        }
        outcome.push((5, syntax::numbers_in(line).len().min(8) as u8));
    }
    fingerprint(outcome)
}

/// The repository's own vocabulary (rules/), loaded once.
struct Vocabulary {
    files: Vec<(&'static str, &'static str)>,
    store: Store,
}

const RULE_FILES: &[(&str, &str)] = &[
    ("rules/vocabulary.toml", include_str!("../../rules/vocabulary.toml")),
    ("rules/checks.toml", include_str!("../../rules/checks.toml")),
    ("rules/extract.toml", include_str!("../../rules/extract.toml")),
];

/// An article the claims' quotes are checked against.
const ARTICLE: &str = include_str!("../../claims/nhandan-2021-11-relationship-endures.txt");

/// A source map holding the rule files (with the ids the vocabulary's store knows them by).
fn rule_files(rules: &[(&'static str, &'static str)]) -> (SourceMap, Vec<claimcheck::model::ids::FileId>) {
    let mut files = SourceMap::new();
    let ids = rules.iter().map(|(path, text)| files.add(*path, *text, FileKind::Rules)).collect();
    (files, ids)
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let (files, ids) = rule_files(RULE_FILES);
        let mut findings = Vec::new();
        let store = vocab::load(&files, &ids, &mut findings).store;
        Vocabulary { files: RULE_FILES.to_vec(), store }
    })
}

/// Render a finding as the human report does, and check every label lies inside its file on
/// character boundaries.
fn render(finding: &Finding, files: &SourceMap) {
    for span in finding.labels.iter().map(|l| l.span) {
        let text = &files.get(span.file).text;
        assert!(
            text.get(span.range()).is_some(),
            "finding {:?} ({}) has span {:?}, not inside {} bytes on character boundaries",
            finding.code,
            finding.message,
            span.range(),
            text.len()
        );
    }
    let _ = human::render_finding(finding, files, &HumanOptions::default());
}

/// The claim loader: the input as a claim file (`claims/fuzz.toml`) of a project with the
/// repository's vocabulary, its quotes checked against an archived article, every finding
/// rendered.
pub fn claim_loader(data: &[u8]) -> u64 {
    let Ok(text) = std::str::from_utf8(data) else {
        // The loader reads files as UTF-8 and reports other bytes before parsing.
        return 0;
    };
    let vocabulary = vocabulary();
    let (mut files, _) = rule_files(&vocabulary.files);
    let file = files.add("claims/fuzz.toml", text, FileKind::Claims);
    let article = files.add("claims/fuzz.txt", ARTICLE, FileKind::Article);
    let mut findings = Vec::new();
    let mut parsed = claims::load_file(&files, file, &vocabulary.store, &mut findings);
    evidence::check_quotes(&files, Some(article), &mut parsed.claims, &mut findings);
    evidence::check_orphan_quotes(&files, Some(article), &parsed.orphan_quotes, &mut findings);
    for finding in &findings {
        render(finding, &files);
    }
    let mut codes: Vec<_> = findings.iter().map(|f| format!("{:?}", f.code)).collect();
    codes.sort();
    codes.dedup();
    fingerprint((parsed.source.is_some(), parsed.claims.len().min(4), codes))
}

/// The fixed extraction merged into fuzzed claim files; text after a `\n---\n` line in the input
/// becomes the candidates' quote and value, so odd strings reach the TOML writer too.
fn extraction(injected: &str) -> Extraction {
    let quote = if injected.is_empty() { "two-way trade reaching 4.85 billion USD in 2020" } else { injected };
    let candidate = |property: &str, value: &str| Candidate {
        pattern: "vocabulary".into(),
        subject: "vietnam".into(),
        property: property.into(),
        qualifiers: vec![("partner".into(), "russia".into())],
        value: CandidateValue::Written(value.into()),
        time: Some((TimeKind::Period, "2020".into())),
        modality: Modality::Actual,
        compared_with: vec![("value".into(), "$5.7 billion".into())],
        rank: None,
        among: None,
        exhaustive: false,
        quote: quote.into(),
        quote_span: 0..quote.len(),
        value_span: None,
        kind: Some(MentionKind::Money),
        why: "the fuzzer said so".into(),
        confidence: 0.5,
    };
    Extraction {
        candidates: vec![
            candidate("bilateral-trade", "4.85 billion USD"),
            candidate("bilateral-trade", if injected.is_empty() { "$5.7 billion" } else { injected }),
            Candidate { value: CandidateValue::List(vec!["2001".into(), injected.into()]), ..candidate("visits", "") },
        ],
        unattached: vec![Unattached {
            kind: MentionKind::Count,
            text: format!("{injected} 12"),
            span: 0..1,
            quote: format!("some {injected} 12 things"),
            reason: "no property of the vocabulary is signalled".into(),
        }],
        // Sometimes more values than were listed, so the "and N more" line is merged too.
        unattached_not_listed: injected.len() % 3,
    }
}

/// The merge (`extract --merge`): the input as an existing claim file, merged with a fixed
/// extraction. The result must be valid TOML, and merging the same extraction again must add
/// nothing: every candidate is remembered as seen. When the existing file is valid TOML to the
/// claim loader, so must the merged file be.
pub fn merge(data: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(data);
    let (existing, injected) = text.split_once("\n---\n").unwrap_or((&text, ""));
    let extraction = extraction(injected);
    let Ok((merged, report)) = output::merge(existing, &extraction) else { return 1 };
    // Only a file the loader could read must stay readable (toml_edit accepts a little more).
    if parses_as_toml(existing).is_ok()
        && let Err(e) = parses_as_toml(&merged)
    {
        panic!("the merge wrote invalid TOML ({e}):\n{merged}");
    }
    let (again, second) = output::merge(&merged, &extraction).expect("a merged file parses again");
    assert_eq!((second.added, second.unattached), (0, 0), "merging twice added more:\n{merged}\n---\n{again}");
    assert_eq!(again, merged, "merging twice changed the file");
    fingerprint((report.added, report.known, report.unattached))
}

/// Whether `text` is TOML as the claim loader's parser reads it; the errors if not.
fn parses_as_toml(text: &str) -> Result<(), String> {
    let mut findings = Vec::new();
    let mut files = SourceMap::new();
    let file = files.add("claims/merged.toml", text, FileKind::Claims);
    match claimcheck::load::toml_tree::parse_document(file, text, &mut findings) {
        Some(_) if findings.is_empty() => Ok(()),
        _ => Err(findings.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join("; ")),
    }
}

/// The largest body the framing target reads (small, so oversized messages are common).
pub const FRAMING_LIMIT: usize = 4096;

/// The LSP framing: the input as a byte stream from a client, read frame by frame (with a small
/// message limit) and each body decoded as JSON-RPC. Every frame must consume input (no endless
/// loop), no body may exceed the limit, and every error reply must be a JSON-RPC 2.0 error with
/// a protocol code.
pub fn lsp_framing(data: &[u8]) -> u64 {
    let mut reader = FrameReader::with_limit(std::io::Cursor::new(data), FRAMING_LIMIT);
    let mut outcome = Vec::new();
    for _ in 0..=data.len() + 1 {
        let frame = reader.next_frame().expect("reading from memory does not fail");
        let reply = match &frame {
            Frame::End => {
                return fingerprint(outcome);
            }
            Frame::Body(body) => {
                assert!(body.len() <= FRAMING_LIMIT, "a body of {} bytes", body.len());
                match transport::decode(body) {
                    Ok(message) => {
                        outcome.push(1);
                        let mut out = Vec::new();
                        message.write(&mut out).expect("a decoded message is written back");
                        None
                    }
                    Err(reply) => Some(reply),
                }
            }
            frame => transport::frame_error(frame, FRAMING_LIMIT),
        };
        if let Some(reply) = reply {
            let code = reply["error"]["code"].as_i64().unwrap_or_default();
            assert!(code == -32700 || code == -32600, "error code {code}: {reply}");
            assert_eq!(reply["jsonrpc"], "2.0");
            outcome.push(code);
        }
    }
    panic!("more frames than input bytes: the reader does not advance");
}
