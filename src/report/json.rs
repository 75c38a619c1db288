//! JSON output: one document `{"findings": [...], "summary": {...}}` for editors and CI tools.
//! The schema is documented in docs/json.md and kept stable: fields are only ever added.

use crate::check::Checked;
use crate::finding::{Finding, LabelRole};
use crate::model::claim::Provenance;
use crate::model::ids::ClaimId;
use crate::report::Summary;
use crate::source::{SourceMap, Span};
use crate::store::Store;
use serde::Serialize;

/// The schema version; bumped only for incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole document.
#[derive(Serialize)]
pub struct Document {
    /// Schema version.
    pub version: u32,
    /// Every finding, in the same order as the human output.
    pub findings: Vec<JsonFinding>,
    /// Counts.
    pub summary: Summary,
}

/// One finding.
#[derive(Serialize)]
pub struct JsonFinding {
    /// Stable code ("conflicting-value").
    pub code: &'static str,
    /// The rule that produced it, if any.
    pub rule: Option<String>,
    /// "error", "warning" or "info".
    pub severity: &'static str,
    /// The message.
    pub message: String,
    /// Stable identity, independent of line numbers.
    pub fingerprint: String,
    /// What to do.
    pub help: Option<String>,
    /// Why the sources may disagree.
    pub likely_cause: Option<String>,
    /// Further explanation, including derivation steps.
    pub notes: Vec<String>,
    /// The claims involved, primary first.
    pub claims: Vec<JsonClaim>,
    /// Every labelled location, primary first.
    pub locations: Vec<JsonLocation>,
    /// Its review in reviews.toml, or null.
    pub review: Option<crate::model::review::ReviewStatus>,
}

/// A claim involved in a finding.
#[derive(Serialize)]
pub struct JsonClaim {
    /// The source id.
    pub source: String,
    /// The claim id within the source.
    pub id: String,
    /// The claim file.
    pub path: String,
    /// Line of the claim's id (1-based).
    pub line: usize,
    /// Column of the claim's id (1-based, in characters).
    pub column: usize,
    /// The verbatim quote.
    pub quote: String,
    /// The value as a fact-checker reads it.
    pub value: String,
    /// For derived claims: the rule and the claims it came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<Vec<JsonClaim>>,
    /// For derived claims: the derivation step in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
}

/// A labelled span.
#[derive(Serialize)]
pub struct JsonLocation {
    /// File path relative to the project root.
    pub path: String,
    /// Start line (1-based).
    pub line: usize,
    /// Start column (1-based, characters).
    pub column: usize,
    /// End line.
    pub end_line: usize,
    /// End column (exclusive).
    pub end_column: usize,
    /// Start byte offset.
    pub byte_start: usize,
    /// End byte offset (exclusive).
    pub byte_end: usize,
    /// The label.
    pub message: String,
    /// "primary", "secondary" or "evidence".
    pub role: LabelRole,
}

/// The location of a span.
pub fn location(files: &SourceMap, span: Span, message: &str, role: LabelRole) -> JsonLocation {
    let start = files.line_col(span.file, span.start as usize);
    let end = files.line_col(span.file, span.end as usize);
    JsonLocation {
        path: files.get(span.file).path.clone(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_start: span.start as usize,
        byte_end: span.end as usize,
        message: message.to_string(),
        role,
    }
}

/// A claim for JSON, with its derivation inputs (to a bounded depth: derivations are short).
pub fn claim(store: &Store, files: &SourceMap, id: ClaimId, depth: usize) -> JsonClaim {
    let c = store.claim(id);
    let source = store.source(c.source);
    let at = files.line_col(c.span.file, c.span.start as usize);
    let entity_name = |e| store.entities.name(e).to_string();
    let (derived_from, derivation) = match &c.provenance {
        Provenance::Derived(d) if depth < 8 => {
            (Some(d.from.iter().map(|f| claim(store, files, *f, depth + 1)).collect()), Some(d.step.clone()))
        }
        Provenance::Derived(d) => (Some(Vec::new()), Some(d.step.clone())),
        Provenance::Stated => (None, None),
    };
    JsonClaim {
        source: source.id.clone(),
        id: c.id.clone(),
        path: files.get(c.span.file).path.clone(),
        line: at.line,
        column: at.column,
        quote: c.quote.text.clone(),
        value: c.value.display(&store.units, &entity_name).to_string(),
        derived_from,
        derivation,
    }
}

/// Convert one finding.
pub fn finding(checked: &Checked, f: &Finding) -> JsonFinding {
    let files = &checked.project.files;
    let store = &checked.project.store;
    JsonFinding {
        code: f.code.as_str(),
        rule: f.rule.clone(),
        severity: f.severity.as_str(),
        message: f.message.clone(),
        fingerprint: f.fingerprint.clone(),
        help: f.help.clone(),
        likely_cause: f.likely_cause.clone(),
        notes: f.notes.clone(),
        claims: f.claims.iter().map(|c| claim(store, files, *c, 0)).collect(),
        locations: f.labels.iter().map(|l| location(files, l.span, &l.message, l.role)).collect(),
        review: f.review.clone(),
    }
}

/// Render the whole document (pretty-printed, with a trailing newline).
pub fn render(checked: &Checked, summary: &Summary) -> String {
    let document = Document {
        version: SCHEMA_VERSION,
        findings: checked.findings.iter().map(|f| finding(checked, f)).collect(),
        summary: summary.clone(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
