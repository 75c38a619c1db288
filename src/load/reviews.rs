//! Loading `reviews.toml`: the project's verdicts on findings, one `[[review]]` table each.
//!
//! Every mistake is a located `invalid-review` finding and the entry is skipped (an entry that
//! cannot be read must not silence a finding): a missing or empty reason, an unknown verdict
//! (with did-you-mean), a reason still the placeholder [`PLACEHOLDER_REASON`] the language
//! server writes (so an entry recorded from the editor does nothing until someone says why), a
//! fingerprint that is not 16 hex digits (a unique prefix is accepted by
//! the `review` command, not in the file), an impossible date, a `correct` that is not
//! `source/claim`, two entries for one fingerprint, an unknown field.

use crate::finding::{Code, Finding, Label};
use crate::load::toml_tree::{Fields, parse_document, tables_of};
use crate::model::ids::FileId;
use crate::model::review::{Review, Verdict};
use crate::source::{SourceMap, Span};
use crate::suggest::did_you_mean;
use std::collections::HashMap;

/// The name of the reviews file, at the project root.
pub const FILE_NAME: &str = "reviews.toml";

/// The reason the language server writes into an entry it records, for the person to replace. An
/// entry whose reason is still this is an `invalid-review` ("write the reason") and is ignored.
pub const PLACEHOLDER_REASON: &str = "TODO: say why";

const TOP_LEVEL: &[&str] = &["review"];
const REVIEW_FIELDS: &[&str] = &["fingerprint", "verdict", "correct", "reason", "by", "date", "evidence", "claims"];

/// Read every `[[review]]` of the reviews file `file`.
pub fn load(files: &SourceMap, file: FileId, findings: &mut Vec<Finding>) -> Vec<Review> {
    let text = &files.get(file).text;
    let Some(document) = parse_document(file, text, findings) else { return Vec::new() };
    let root = Fields::new(file, text, document.get_ref(), 0..0, "reviews file");
    root.deny_unknown(TOP_LEVEL, findings);
    let mut reviews: Vec<Review> = Vec::new();
    let mut seen: HashMap<String, Span> = HashMap::new();
    for table in tables_of(&root, "review", "review", findings) {
        let Some(review) = read_review(&table, findings) else { continue };
        if let Some(&first) = seen.get(&review.fingerprint) {
            findings.push(
                Finding::error(
                    Code::InvalidReview,
                    format!("finding {} is reviewed twice; the second review is ignored", review.fingerprint),
                    review.fingerprint_span,
                    "second review",
                )
                .with_label(Label::secondary(first, "first review"))
                .with_help("keep one review per finding: merge the two entries"),
            );
            continue;
        }
        seen.insert(review.fingerprint.clone(), review.fingerprint_span);
        reviews.push(review);
    }
    reviews
}

fn invalid(span: Span, message: String, label: &str, help: &str) -> Finding {
    Finding::error(Code::InvalidReview, message, span, label).with_help(help)
}

fn read_review(table: &Fields<'_, '_>, findings: &mut Vec<Finding>) -> Option<Review> {
    let before = findings.len();
    table.deny_unknown(REVIEW_FIELDS, findings);
    let fingerprint = table.required_string("fingerprint", "\"4daadcb4df2d3582\"", findings);
    let verdict_text = table.required_string("verdict", "\"confirmed\"", findings);
    let reason = table.required_string("reason", "\"the customs figure counts re-exports\"", findings);
    let correct = table.string("correct", findings);
    let by = table.string("by", findings);
    let date = table.string("date", findings);
    let evidence = table.strings("evidence", findings);
    let claims = table.string("claims", findings);
    let fingerprint = fingerprint.and_then(|f| {
        let text = f.text.trim().to_ascii_lowercase();
        if text.len() == 16 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            Some((text, f.content_span()))
        } else {
            findings.push(invalid(
                f.content_span(),
                format!("`{}` is not a finding fingerprint (16 hexadecimal digits)", f.text),
                "not a fingerprint",
                "copy the fingerprint `claimcheck check` prints under the finding, or let `claimcheck review` write the entry",
            ));
            None
        }
    });
    let verdict = verdict_text.and_then(|v| match Verdict::parse(v.text.trim()) {
        Some(verdict) => Some(verdict),
        None => {
            let help = match did_you_mean(v.text.trim(), Verdict::NAMES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? A verdict is one of: {}", Verdict::NAMES.join(", ")),
                None => format!("a verdict is one of: {}", Verdict::NAMES.join(", ")),
            };
            findings.push(invalid(v.content_span(), format!("unknown verdict `{}`", v.text), "unknown verdict", &help));
            None
        }
    });
    if let Some(reason) = &reason
        && reason.text.trim() == PLACEHOLDER_REASON
    {
        findings.push(invalid(
            reason.content_span(),
            format!("the review's reason is still the placeholder `{PLACEHOLDER_REASON}`: write the reason"),
            "write the reason",
            "say what you checked and what you found; until then this review does nothing",
        ));
    }
    if let Some(correct) = &correct {
        let parts: Vec<&str> = correct.text.trim().split('/').collect();
        if parts.len() != 2 || parts.iter().any(|p| p.trim().is_empty()) {
            findings.push(invalid(
                correct.content_span(),
                format!("`correct = \"{}\"` does not name a claim", correct.text),
                "not source/claim",
                "write the source id and the claim id, e.g. `correct = \"herald/trade-2020\"`",
            ));
        }
    }
    if let Some(date) = &date
        && crate::model::syntax::parse_date(date.text.trim()).is_err()
    {
        findings.push(invalid(
            date.content_span(),
            format!("`date = \"{}\"` is not a date", date.text),
            "not a date",
            "write the day of the review, e.g. `date = \"2026-12-07\"`",
        ));
    }
    if findings.len() > before {
        return None;
    }
    let (fingerprint, fingerprint_span) = fingerprint?;
    Some(Review {
        fingerprint,
        verdict: verdict?,
        correct: correct.map(|c| c.text.trim().to_string()),
        reason: reason?.text.trim().to_string(),
        by: by.map(|b| b.text),
        date: date.map(|d| d.text.trim().to_string()),
        evidence: evidence.into_iter().map(|e| e.text).collect(),
        claims: claims.map(|c| c.text.trim().to_string()),
        span: table.span,
        fingerprint_span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileKind;

    fn load_text(text: &str) -> (Vec<Review>, Vec<Finding>) {
        let mut files = SourceMap::new();
        let file = files.add("reviews.toml", text, FileKind::Reviews);
        let mut findings = Vec::new();
        let reviews = load(&files, file, &mut findings);
        (reviews, findings)
    }

    #[test]
    fn a_complete_entry_loads() {
        let (reviews, findings) = load_text(
            "[[review]]\nfingerprint = \"4DAADCB4DF2D3582\"\nverdict = \"confirmed\"\ncorrect = \"herald/trade-2020\"\nreason = \"customs counts re-exports\"\nby = \"A. Reviewer\"\ndate = \"2026-12-07\"\nevidence = [\"https://example.org/release\"]\nclaims = \"0123456789abcdef\"\n",
        );
        assert!(findings.is_empty(), "{findings:#?}");
        assert_eq!(reviews.len(), 1);
        assert_eq!(reviews[0].fingerprint, "4daadcb4df2d3582");
        assert_eq!(reviews[0].verdict, Verdict::Confirmed);
        assert_eq!(reviews[0].correct.as_deref(), Some("herald/trade-2020"));
    }

    #[test]
    fn every_mistake_is_a_finding_and_the_entry_is_skipped() {
        let cases = [
            ("fingerprint = \"4daadcb4df2d3582\"\nverdict = \"confirmed\"\n", "has no `reason`"),
            ("fingerprint = \"4daadcb4df2d3582\"\nverdict = \"confirmed\"\nreason = \"  \"\n", "is empty"),
            ("fingerprint = \"4daadcb4df2d3582\"\nverdict = \"false alarm\"\nreason = \"r\"\n", "unknown verdict"),
            ("fingerprint = \"4daadcb4\"\nverdict = \"deferred\"\nreason = \"r\"\n", "not a finding fingerprint"),
            (
                "fingerprint = \"4daadcb4df2d3582\"\nverdict = \"deferred\"\nreason = \"r\"\ndate = \"2026-13-40\"\n",
                "not a date",
            ),
            (
                "fingerprint = \"4daadcb4df2d3582\"\nverdict = \"confirmed\"\nreason = \"r\"\ncorrect = \"herald\"\n",
                "does not name a claim",
            ),
            (
                "fingerprint = \"4daadcb4df2d3582\"\nverdict = \"deferred\"\nreason = \"r\"\nreasons = \"x\"\n",
                "reasons",
            ),
            (
                "fingerprint = \"4daadcb4df2d3582\"\nverdict = \"false-alarm\"\nreason = \" TODO: say why \"\n",
                "write the reason",
            ),
        ];
        for (entry, expected) in cases {
            let (reviews, findings) = load_text(&format!("[[review]]\n{entry}"));
            assert!(reviews.is_empty(), "{entry}");
            let says =
                |f: &Finding| f.message.contains(expected) || f.labels.iter().any(|l| l.message.contains(expected));
            assert!(findings.iter().any(says), "{entry}: {findings:#?}");
        }
    }

    #[test]
    fn an_unknown_verdict_gets_a_did_you_mean() {
        let (_, findings) =
            load_text("[[review]]\nfingerprint = \"4daadcb4df2d3582\"\nverdict = \"confirmd\"\nreason = \"r\"\n");
        assert_eq!(findings[0].code, Code::InvalidReview);
        assert!(findings[0].help.as_deref().unwrap().starts_with("did you mean `confirmed`?"), "{findings:#?}");
    }

    #[test]
    fn a_second_review_of_one_finding_is_a_finding() {
        let entry = "[[review]]\nfingerprint = \"4daadcb4df2d3582\"\nverdict = \"deferred\"\nreason = \"r\"\n";
        let (reviews, findings) = load_text(&format!("{entry}{entry}"));
        assert_eq!(reviews.len(), 1);
        assert!(findings[0].message.contains("reviewed twice"), "{findings:#?}");
    }
}
