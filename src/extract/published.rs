//! The publication date an article states about itself: a "Published:" or "Updated:" line, a
//! dateline ("NAIROBI, June 5, 2015 (KNA) –"), an agency credit ("Xinhua, June 5, 2015"), a byline
//! or a line that holds nothing but a date ("date 2023-09-09", "Monday, 5 June 2023 10:30").
//!
//! Only the article's head (its first lines) and foot (its last lines) are read, and only lines
//! shaped like those: a date inside running prose — a target year, a forecast, an event the article
//! reports — is never taken for the publication date. When nothing fits, there is no date and the
//! caller asks for `--published`.

use super::recognise::{Fragments, MentionKind};
use crate::model::date::{DatePrecision, DateValue};
use crate::model::value::Value;
use std::ops::Range;

/// A publication date found in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The date.
    pub date: DateValue,
    /// Where it is written.
    pub span: Range<usize>,
    /// What kind of line it was found in, for messages ("a \"Published:\" line").
    pub how: &'static str,
}

/// How many non-empty lines of the head are read.
const HEAD_LINES: usize = 12;
/// How many bytes of the head at most.
const HEAD_BYTES: usize = 2000;
/// How many non-empty lines of the foot.
const FOOT_LINES: usize = 4;

const MARKERS: &[(&str, u8, &str)] = &[
    ("first published", 5, "a \"first published\" line"),
    ("published", 5, "a \"Published\" line"),
    ("posted", 4, "a \"Posted\" line"),
    ("date", 4, "a \"Date\" line"),
    ("dated", 4, "a \"Dated\" line"),
    ("released", 3, "a \"Released\" line"),
    ("issued", 3, "an \"Issued\" line"),
    ("updated", 2, "an \"Updated\" line"),
    ("last modified", 1, "a \"Last modified\" line"),
    ("last updated", 1, "a \"Last updated\" line"),
];

/// The lines of `text` worth reading: (start offset, line), head first, then foot.
fn candidate_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.trim().is_empty() {
            lines.push((start, line.trim_end_matches(['\n', '\r'])));
        }
    }
    let head: Vec<(usize, &str)> =
        lines.iter().copied().take(HEAD_LINES).filter(|(start, _)| *start < HEAD_BYTES).collect();
    let foot_from = lines.len().saturating_sub(FOOT_LINES).max(head.len());
    let mut out = head;
    out.extend(lines[foot_from..].iter().copied());
    out
}

/// The publication date `text` states about itself, if any.
pub fn publication_date(text: &str, fragments: &Fragments) -> Option<Found> {
    let mut best: Option<(u8, Found)> = None;
    for (line_start, line) in candidate_lines(text) {
        // Very long lines are prose (or a text with no line breaks): read only their start.
        let line = if line.len() > 400 {
            let mut end = 400;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            &line[..end]
        } else {
            line
        };
        let lower = line.to_lowercase();
        for mention in fragments.recognise(line) {
            if mention.kind != MentionKind::Date {
                continue;
            }
            let Some(Value::Date(expr)) = &mention.value else { continue };
            if expr.hedge.is_some() {
                continue;
            }
            let date = expr.date;
            let precise = matches!(date.precision, DatePrecision::Day | DatePrecision::Month);
            let before = &lower[..mention.span.start];
            let after = line[mention.span.end..].trim_start();
            let marker = MARKERS.iter().find(|(word, _, _)| {
                before.trim_end().trim_end_matches([':', '-', '|', ' ']).ends_with(word)
                    || before.trim_start().starts_with(word)
            });
            let score_and_how: Option<(u8, &'static str)> = if let Some((_, score, how)) = marker {
                (precise || date.precision == DatePrecision::Year).then_some((*score, *how))
            } else if !precise {
                None
            } else if is_dateline(line, mention.span.start, after) {
                Some((4, "a dateline"))
            } else if is_byline(&lower, line.len(), mention.span.clone()) {
                Some((3, "a byline or date line"))
            } else {
                None
            };
            let Some((score, how)) = score_and_how else { continue };
            let found = Found { date, span: line_start + mention.span.start..line_start + mention.span.end, how };
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, found));
            }
        }
    }
    best.map(|(_, found)| found)
}

/// "NAIROBI, June 5, 2015 (KNA) –", "WASHINGTON (June 5, 2015) -", "Xinhua, June 5, 2015": a place
/// or agency in capitals or title case, a comma, the date, then a credit or a dash — or nothing.
fn is_dateline(line: &str, date_start: usize, after: &str) -> bool {
    let head = line[..date_start].trim_end().trim_end_matches(['(', ',']).trim_end();
    if head.is_empty() || head.len() > 48 {
        return false;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let title_case = words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_alphabetic()));
    let credit_after = after.is_empty()
        || after.starts_with('(')
        || after.starts_with(['-', '–', '—', '|', ':', ')'])
        || after.starts_with("--");
    title_case && words.len() <= 5 && credit_after
}

/// A short line that is mostly its date: "June 5, 2015", "By Jane Doe | June 5, 2015",
/// "Monday, 5 June 2023 10:30 GMT".
fn is_byline(lower: &str, length: usize, date: Range<usize>) -> bool {
    if length > 90 {
        return false;
    }
    let rest: String = format!("{} {}", &lower[..date.start], &lower[date.end..]);
    let words: Vec<&str> = rest.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let verbs_or_prose = words.iter().any(|w| {
        matches!(
            *w,
            "is" | "was"
                | "were"
                | "are"
                | "will"
                | "would"
                | "reached"
                | "signed"
                | "expected"
                | "target"
                | "in"
                | "since"
                | "until"
                | "the"
        )
    });
    words.first().is_some_and(|w| *w == "by") || (!verbs_or_prose && words.len() <= 8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::unit::Units;

    fn found(text: &str) -> Option<String> {
        publication_date(text, &Fragments::new(&Units::builtin())).map(|f| f.date.to_string())
    }

    #[test]
    fn datelines_bylines_and_published_lines() {
        assert_eq!(found("Title\nXinhua, June 5, 2015\nBody text."), Some("June 5, 2015".into()));
        assert_eq!(found("Title\nPublished: 2023-09-09 10:30\nBody."), Some("September 9, 2023".into()));
        assert_eq!(found("Title\ndate 2023-09-09\nBody."), Some("September 9, 2023".into()));
        assert_eq!(found("NAIROBI, June 5, 2015 (KNA) - Trade grew 5% in 2014."), Some("June 5, 2015".into()));
        assert_eq!(found("Title\nBy Jane Doe | March 3, 2022\nText."), Some("March 3, 2022".into()));
        assert_eq!(found("Title\nUpdated: June 9, 2023\nPublished: June 5, 2023\nText."), Some("June 5, 2023".into()));
    }

    #[test]
    fn dates_the_article_talks_about_are_not_its_date() {
        assert_eq!(found("Trade to reach $10 billion by 2025\nThe two sides aim to double trade by March 2025."), None);
        assert_eq!(found("Headline\nThe treaty was signed on March 1, 2001 in Nairobi."), None);
        assert_eq!(found("NAIROBI, June 5 (Xinhua) -- Trade grew."), None);
    }
}
