//! Findings → LSP diagnostics: one diagnostic per finding, in the file of its primary label, with
//! every other label (the other claim of a contradiction, the quote in the archived article) as
//! related information pointing into its own file.
//!
//! A finding a review in force covers (see docs/reviews.md) is published as a *hint*, its message
//! ending with the verdict and the reason: still visible where it is, no longer an error. A finding
//! whose review is outdated keeps its severity (the `outdated-review` warning in reviews.toml says
//! why).

use crate::check::Checked;
use crate::finding::{Finding, LabelRole, Severity};
use crate::source::{SourceMap, Span};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range, Uri,
};
use std::collections::BTreeMap;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "claimcheck";

/// The LSP severity of a finding's severity.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The LSP range of a span, through the source map's cached line starts (UTF-16 columns).
pub fn range(files: &SourceMap, span: Span) -> Range {
    let position = |offset: u32| {
        let (line, character) = files.line_utf16(span.file, offset as usize);
        Position { line, character }
    };
    Range { start: position(span.start), end: position(span.end.max(span.start)) }
}

/// The text of a diagnostic: the message (with `(reviewed: VERDICT — REASON)` after it when a
/// review in force covers the finding), then the likely cause and the help, each on its own line.
pub fn message(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    if let Some(review) = finding.review.as_ref().filter(|r| r.applies()) {
        text.push_str(&format!(" (reviewed: {} — {})", review.verdict.as_str(), review.reason));
    }
    if let Some(cause) = &finding.likely_cause {
        text.push_str("\nlikely cause: ");
        text.push_str(cause);
    }
    if let Some(help) = &finding.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

/// One finding as a diagnostic, with the URI of the file it belongs in. `uri_of` maps a path
/// relative to the project root to its URI. `None` for a finding without labels or whose file has
/// no URI.
pub fn diagnostic(
    files: &SourceMap,
    finding: &Finding,
    uri_of: &dyn Fn(&str) -> Option<Uri>,
) -> Option<(Uri, Diagnostic)> {
    let primary = finding.primary_span()?;
    let uri = uri_of(&files.get(primary.file).path)?;
    let primary_index = finding.labels.iter().position(|l| l.role == LabelRole::Primary).unwrap_or(0);
    let related: Vec<DiagnosticRelatedInformation> = finding
        .labels
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != primary_index)
        .filter_map(|(_, label)| {
            let uri = uri_of(&files.get(label.span.file).path)?;
            let message = match (label.message.is_empty(), label.role) {
                (false, _) => label.message.clone(),
                (true, LabelRole::Evidence) => "the quote in the archived article".to_string(),
                (true, _) => "also involved".to_string(),
            };
            Some(DiagnosticRelatedInformation { location: Location { uri, range: range(files, label.span) }, message })
        })
        .collect();
    let diagnostic = Diagnostic {
        range: range(files, primary),
        severity: Some(if crate::check::is_reviewed(finding) {
            DiagnosticSeverity::HINT
        } else {
            severity(finding.severity)
        }),
        code: Some(NumberOrString::String(finding.code.as_str().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: message(finding),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({ "fingerprint": finding.fingerprint, "rule": finding.rule })),
    };
    Some((uri, diagnostic))
}

/// Every finding of a check as diagnostics, grouped by the file they belong in (files without
/// findings are absent). Within a file, diagnostics keep the findings' deterministic order.
pub fn by_file(checked: &Checked, uri_of: &dyn Fn(&str) -> Option<Uri>) -> BTreeMap<Uri, Vec<Diagnostic>> {
    let files = &checked.project.files;
    let mut out: BTreeMap<Uri, Vec<Diagnostic>> = BTreeMap::new();
    for finding in &checked.findings {
        if let Some((uri, diagnostic)) = diagnostic(files, finding, uri_of) {
            out.entry(uri).or_default().push(diagnostic);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::position::LineIndex;
    use crate::source::FileKind;

    #[test]
    fn ranges_agree_with_the_line_index() {
        let text = "[source]\npublisher = \"Báo Nhân Dân 👍🏽\"\r\nx = \"Việt Nam\"\n";
        let mut files = SourceMap::new();
        let file = files.add("claims/a.toml", text, FileKind::Claims);
        let index = LineIndex::new(text);
        for start in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
            let span = Span::new(file, start..text.len());
            assert_eq!(range(&files, span), index.range(start..text.len()), "offset {start}");
        }
        let nam = text.find("Nam").unwrap();
        assert_eq!(range(&files, Span::new(file, nam..nam + 3)).start, Position { line: 2, character: 10 });
    }
}
