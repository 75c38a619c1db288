//! Quotes as evidence (DESIGN.md, semantics 8): each claim's quote must occur in the archived
//! article, and the numbers the quote states must include the claim's value — so a transcription
//! slip (4.58 typed for 4.85) fails CI.
//!
//! Matching ignores differences in whitespace and in typographic punctuation (curly quotes and
//! apostrophes, dashes), but not in letters or digits. Pure: works on texts already loaded.

use crate::finding::{Code, Finding, Label};
use crate::load::toml_tree::StrValue;
use crate::model::claim::Claim;
use crate::model::ids::FileId;
use crate::model::number::{NumberForm, WrittenNumber, format_decimal};
use crate::model::syntax::numbers_in;
use crate::model::value::{Measure, Value};
use crate::source::{SourceMap, Span};
use rust_decimal::Decimal;
use std::ops::Range;

/// A text with whitespace runs folded to one space and typographic punctuation folded to ASCII,
/// with a map back to byte offsets in the original.
pub struct NormalizedText {
    /// The folded text.
    pub text: String,
    /// For each byte of `text` (and one past the end), the byte offset in the original.
    map: Vec<usize>,
}

fn fold_char(c: char) -> char {
    match c {
        '‘' | '’' | '‛' | '′' | '`' => '\'',
        '“' | '”' | '„' | '″' => '"',
        '–' | '—' | '‑' | '‐' | '−' => '-',
        '\u{a0}' | '\u{2009}' | '\u{202f}' => ' ',
        c => c,
    }
}

impl NormalizedText {
    /// Fold `original`.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let mut in_space = false;
        for (i, c) in original.char_indices() {
            let c = fold_char(c);
            if c.is_whitespace() {
                if !in_space && !text.is_empty() {
                    text.push(' ');
                    map.push(i);
                }
                in_space = true;
                continue;
            }
            in_space = false;
            let mut buf = [0u8; 4];
            for _ in 0..c.encode_utf8(&mut buf).len() {
                map.push(i);
            }
            text.push(c);
        }
        // Drop a trailing space.
        if text.ends_with(' ') {
            text.pop();
            map.pop();
        }
        map.push(original.len());
        NormalizedText { text, map }
    }

    /// The original byte range of a range of the folded text.
    pub fn original_range(&self, folded: Range<usize>, original: &str) -> Range<usize> {
        let start = self.map.get(folded.start).copied().unwrap_or(original.len());
        let end = if folded.end == 0 {
            start
        } else {
            // End after the last original character of the range.
            let last = self.map.get(folded.end - 1).copied().unwrap_or(original.len());
            last + original[last..].chars().next().map_or(0, char::len_utf8)
        };
        start..end.max(start)
    }
}

/// Where a quote was found, or how far it matched.
pub enum QuoteMatch {
    /// The quote's range in the original article.
    Found(Range<usize>),
    /// Not found; the longest prefix of the (folded) quote that occurs in the article, and where.
    Missing {
        /// Folded bytes of the quote that matched.
        matched: usize,
        /// Where that prefix starts in the original article, if it matched at all.
        article_at: Option<Range<usize>>,
    },
}

/// Find `quote` in the article.
pub fn find_quote(article: &NormalizedText, original: &str, quote: &str) -> QuoteMatch {
    let folded = NormalizedText::new(quote);
    let needle = folded.text.as_str();
    if needle.is_empty() {
        return QuoteMatch::Missing { matched: 0, article_at: None };
    }
    if let Some(at) = article.text.find(needle) {
        return QuoteMatch::Found(article.original_range(at..at + needle.len(), original));
    }
    // Binary search for the longest matching prefix (prefix matching is monotone).
    let boundaries: Vec<usize> =
        needle.char_indices().map(|(i, _)| i).skip(1).chain(std::iter::once(needle.len())).collect();
    let (mut lo, mut hi) = (0usize, boundaries.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if article.text.contains(&needle[..boundaries[mid - 1]]) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        return QuoteMatch::Missing { matched: 0, article_at: None };
    }
    let prefix = &needle[..boundaries[lo - 1]];
    let at = article.text.find(prefix).unwrap_or(0);
    QuoteMatch::Missing {
        matched: prefix.len(),
        article_at: Some(article.original_range(at..at + prefix.len(), original)),
    }
}

/// Check every claim's quote against the article (if loaded) and against the claim's value.
/// Records where each quote was found.
pub fn check_quotes(files: &SourceMap, article: Option<FileId>, claims: &mut [Claim], findings: &mut Vec<Finding>) {
    let article_text = article.map(|a| (a, &files.get(a).text));
    let normalized = article_text.map(|(_, text)| NormalizedText::new(text));
    for claim in claims.iter_mut() {
        let quote_span = claim.quote.span;
        let quote =
            StrValue::new(&claim.quote.text, quote_span.file, quote_span.range(), &files.get(quote_span.file).text);
        if let (Some((article_id, text)), Some(normalized)) = (article_text, &normalized) {
            match find_quote(normalized, text, &claim.quote.text) {
                QuoteMatch::Found(range) => claim.quote.article_span = Some(Span::new(article_id, range)),
                QuoteMatch::Missing { matched, article_at } => findings.push(quote_not_found(
                    files,
                    article_id,
                    &quote,
                    &format!("claim `{}`", claim.id),
                    matched,
                    article_at,
                )),
            }
        }
        check_quote_numbers(files, claim, &quote, findings);
    }
}

/// Check the quotes of claims that did not load (their other errors are already reported).
pub fn check_orphan_quotes(
    files: &SourceMap,
    article: Option<FileId>,
    quotes: &[StrValue],
    findings: &mut Vec<Finding>,
) {
    let Some(article_id) = article else { return };
    let text = &files.get(article_id).text;
    let normalized = NormalizedText::new(text);
    for quote in quotes {
        if let QuoteMatch::Missing { matched, article_at } = find_quote(&normalized, text, &quote.text) {
            findings.push(quote_not_found(files, article_id, quote, "a claim", matched, article_at));
        }
    }
}

/// The byte just after the last whitespace character of `text` (whitespace may be several bytes
/// long: a no-break space is two).
fn after_last_whitespace(text: &str) -> Option<usize> {
    text.char_indices().rev().find(|(_, c)| c.is_whitespace()).map(|(i, c)| i + c.len_utf8())
}

/// The finding for a quote that is not in the article, pointing where it diverges.
fn quote_not_found(
    files: &SourceMap,
    article_id: FileId,
    quote: &StrValue,
    whose: &str,
    matched: usize,
    article_at: Option<Range<usize>>,
) -> Finding {
    let text = &files.get(article_id).text;
    let folded_quote = NormalizedText::new(&quote.text);
    let diverge = folded_quote.original_range(matched..matched, &quote.text).start;
    // Show whole words: back up to the start of the word where the texts part.
    let word_start = after_last_whitespace(&quote.text[..diverge]).unwrap_or(0);
    let word_end = quote.text[word_start..].find(char::is_whitespace).map_or(quote.text.len(), |i| word_start + i);
    let (label_span, label) = if matched == 0 {
        (quote.content_span(), "not in the article".to_string())
    } else {
        (quote.sub_span(word_start..word_end.max(diverge)), "the article differs here".to_string())
    };
    let mut finding = Finding::error(
        Code::QuoteNotFound,
        format!("the quote of {whose} is not in the archived article {}", files.get(article_id).path),
        label_span,
        label,
    );
    match article_at {
        Some(at) => {
            let article_word = after_last_whitespace(&text[at.start..at.end]).map_or(at.start, |i| at.start + i);
            // At least one whole character, never past the match.
            let first_char_end = text[at.start..].chars().next().map_or(at.start, |c| at.start + c.len_utf8());
            finding = finding.with_label(Label::evidence(
                Span::new(article_id, at.start..article_word.max(first_char_end).min(at.end)),
                "the quote matches the article up to here",
            ));
            finding.help = Some(format!(
                "the article has \"{}\" where the quote has \"{}\"; copy the quote verbatim from the article",
                words_from(&text[article_word..], 4),
                words_from(&quote.text[word_start..], 4)
            ));
        }
        None => {
            finding.help =
                Some("copy the quote verbatim from the article (whitespace and curly quotes may differ)".into());
        }
    }
    finding
}

/// The first `n` words of `text` (whitespace folded), with "…" if there is more.
fn words_from(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(n + 1).collect();
    let shown = words[..words.len().min(n)].join(" ");
    if words.len() > n { format!("{shown} …") } else { shown }
}

/// A number the claim states, with where it was written.
struct Stated {
    /// A year taken from a date value: checked only when the quote states some year.
    is_year: bool,
    value: Decimal,
    scaled: Option<Decimal>,
    /// The power of ten of its scale word ("billion": 9), 0 when none was written.
    scale_exponent: u32,
    span: Span,
    shown: String,
}

/// "billion" for 9: how a scale is named in a message.
fn scale_name(exponent: u32) -> Option<&'static str> {
    match exponent {
        3 => Some("thousand"),
        6 => Some("million"),
        9 => Some("billion"),
        12 => Some("trillion"),
        _ => None,
    }
}

/// A number as written with its scale: "4.85 billion".
fn with_scale(number: &str, exponent: u32) -> String {
    match scale_name(exponent) {
        Some(word) if !number.to_lowercase().contains(word) => format!("{number} {word}"),
        _ => number.to_string(),
    }
}

fn stated_numbers(files: &SourceMap, claim: &Claim) -> Vec<Stated> {
    let mut out = Vec::new();
    let push_number = |n: &WrittenNumber, span: Span, out: &mut Vec<Stated>| {
        let sub = if n.span.is_empty() {
            span
        } else {
            Span::new(span.file, span.start as usize + n.span.start..span.start as usize + n.span.end)
        };
        // Only check numbers whose written span is inside the value string (derived numbers
        // and TOML integers have no text to compare).
        let shown = files.snippet(sub).to_string();
        // A superlative ("largest", "leading") is a rank of 1 in words no quote spells as a number.
        if !shown.is_empty()
            && shown.chars().all(char::is_alphabetic)
            && crate::model::lexicon::ordinal_word(&shown.to_lowercase()).is_none()
            && crate::model::lexicon::cardinal_word(&shown.to_lowercase()).is_none()
        {
            return;
        }
        out.push(Stated {
            is_year: false,
            value: n.value,
            scaled: n.scaled(),
            scale_exponent: n.scale_exponent,
            span: sub,
            shown: if shown.is_empty() { format_decimal(n.value) } else { shown },
        });
    };
    fn measure_numbers(m: &Measure) -> Vec<&WrittenNumber> {
        m.amount.numbers().collect()
    }
    let visit = |value: &Value, span: Span, out: &mut Vec<Stated>| match value {
        Value::Number(m) | Value::Elapsed(m) => {
            for n in measure_numbers(m) {
                push_number(n, span, out);
            }
        }
        Value::Ordinal(n) | Value::Anniversary(n) => push_number(n, span, out),
        Value::Date(d) => {
            // The year must appear in the quote; months and days are too often written in
            // words to check reliably.
            let year = Decimal::from(d.date.first_year());
            out.push(Stated {
                is_year: true,
                value: year,
                scaled: Some(year),
                scale_exponent: 0,
                span: Span::new(
                    span.file,
                    span.start as usize + d.span.start..span.start as usize + d.span.end.max(d.span.start),
                ),
                shown: d.date.first_year().to_string(),
            });
        }
        _ => {}
    };
    match &claim.value {
        Value::List { items, spans, .. } => {
            for (item, span) in items.iter().zip(spans) {
                visit(item, *span, &mut out);
            }
        }
        other => visit(other, claim.value_span, &mut out),
    }
    if let Some(compared) = &claim.compared_with {
        if let Some((value, span)) = &compared.value {
            visit(value, *span, &mut out);
        }
        if let Some((change, span)) = &compared.change {
            visit(&Value::Number(change.clone()), *span, &mut out);
        }
    }
    out
}

fn check_quote_numbers(files: &SourceMap, claim: &Claim, quote: &StrValue, findings: &mut Vec<Finding>) {
    let in_quote = numbers_in(&claim.quote.text);
    if in_quote.is_empty() {
        return; // The quote states no number: the value comes from context (e.g. a rank claim).
    }
    // A date's year is checked only against a quote that states a year: "a phone talk on April 5"
    // dates an event whose year the article gives elsewhere (or only by its publication).
    let quote_states_a_year = in_quote.iter().any(|q| {
        q.form == NumberForm::Digits
            && q.scale_exponent == 0
            && (1000..=9999).contains(&q.value.trunc().mantissa())
            && q.value.fract().is_zero()
    });
    for stated in stated_numbers(files, claim) {
        if stated.is_year && !quote_states_a_year {
            continue;
        }
        // Both scales written and different: million written for billion, a slip to catch.
        let scale_slip = |q: &WrittenNumber| {
            q.scale_exponent != stated.scale_exponent && q.scale_exponent > 0 && stated.scale_exponent > 0
        };
        let matches = in_quote.iter().any(|q| {
            (q.value == stated.value && !scale_slip(q))
                || (q.scaled().is_some() && q.scaled() == stated.scaled)
                || (q.form == NumberForm::Fraction
                    && stated
                        .scaled
                        .is_some_and(|s| Some(s) == q.value.checked_mul(Decimal::ONE_HUNDRED).map(|v| v.round_dp(8))))
        });
        if matches {
            continue;
        }
        // Name the closest number of the quote: the same digits at another scale first.
        let same_digits = in_quote.iter().find(|q| q.value == stated.value && scale_slip(q));
        let closest = same_digits.or_else(|| {
            in_quote.iter().filter(|q| q.form != NumberForm::Ordinal || stated.value.fract().is_zero()).min_by_key(
                |q| {
                    let a = q.scaled().unwrap_or(q.value);
                    let b = stated.scaled.unwrap_or(stated.value);
                    a.checked_sub(b).map_or(Decimal::MAX, |d| d.abs())
                },
            )
        });
        let Some(closest) = closest else { continue };
        let slip = closest.value == stated.value && scale_slip(closest);
        let (closest_text, shown) = if slip {
            (
                with_scale(&claim.quote.text[closest.span.clone()], closest.scale_exponent),
                with_scale(&stated.shown, stated.scale_exponent),
            )
        } else {
            (claim.quote.text[closest.span.clone()].to_string(), stated.shown.clone())
        };
        let quote_number_span = quote.sub_span(closest.span.clone());
        let mut finding = Finding::error(
            Code::QuoteValueMismatch,
            format!("claim `{}` has the value {shown} but its quote says {closest_text}", claim.id),
            stated.span,
            format!("the value says {shown}"),
        )
        .with_label(Label::secondary(quote_number_span, format!("the quote says {closest_text}")));
        if let Some(article_span) = claim.quote.article_span {
            finding = finding.with_label(Label::evidence(article_span, "quoted from here"));
        }
        finding.help = Some(if slip {
            format!(
                "if the article is right, write {closest_text} in the value: thousand, million and billion are easily confused"
            )
        } else {
            format!(
                "if the article is right, write {closest_text} in the value; a mistyped or transposed number is the usual cause"
            )
        });
        findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_typography_are_folded() {
        let article = "Borduria’s  President\nAnna Marsh – said";
        let normalized = NormalizedText::new(article);
        assert_eq!(normalized.text, "Borduria's President Anna Marsh - said");
        match find_quote(&normalized, article, "President Anna Marsh - said") {
            QuoteMatch::Found(range) => assert_eq!(&article[range], "President\nAnna Marsh – said"),
            QuoteMatch::Missing { .. } => panic!("should be found"),
        }
    }

    #[test]
    fn a_missing_quote_reports_how_far_it_matched() {
        let article = "two-way trade reaching 4.85 billion USD in 2020";
        let normalized = NormalizedText::new(article);
        match find_quote(&normalized, article, "two-way trade reaching 4.58 billion USD") {
            QuoteMatch::Found(_) => panic!("should not be found"),
            QuoteMatch::Missing { matched, article_at } => {
                assert_eq!(matched, "two-way trade reaching 4.".len());
                assert_eq!(&article[article_at.unwrap()], "two-way trade reaching 4.");
            }
        }
    }
}
