//! Reviews: a person's verdict on a finding, kept in the project's `reviews.toml` (in git, next to
//! the claims) and keyed by the finding's fingerprint.
//!
//! A review records a digest of the claims it covered, so a review outlives only what it saw:
//! when one of those claims changes, the review is *outdated* and the finding is live again.

use crate::source::Span;

/// What the reviewer decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A real contradiction: the sources disagree (and `correct` may say which one is right).
    Confirmed,
    /// Not a contradiction: the claims were misread, or measure different things.
    FalseAlarm,
    /// Not decided yet (a baseline of an existing corpus records every finding so).
    Deferred,
}

impl Verdict {
    /// Every verdict, as written in `reviews.toml`.
    pub const NAMES: &'static [&'static str] = &["confirmed", "false-alarm", "deferred"];

    /// The verdict as written in `reviews.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::FalseAlarm => "false-alarm",
            Verdict::Deferred => "deferred",
        }
    }

    /// The verdict written `name`, if it is one.
    pub fn parse(name: &str) -> Option<Verdict> {
        match name {
            "confirmed" => Some(Verdict::Confirmed),
            "false-alarm" => Some(Verdict::FalseAlarm),
            "deferred" => Some(Verdict::Deferred),
            _ => None,
        }
    }
}

/// One `[[review]]` entry of `reviews.toml`, as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    /// The fingerprint of the finding it is about (16 hex digits).
    pub fingerprint: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Which claim is right, as `source/claim`, when the reviewer knows.
    pub correct: Option<String>,
    /// Why (required: a review without a reason is not a review).
    pub reason: String,
    /// Who reviewed.
    pub by: Option<String>,
    /// When (a date as written, `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Links to the evidence the verdict rests on.
    pub evidence: Vec<String>,
    /// The digest of the claims the finding involved when it was reviewed ([`claims_digest`]).
    /// Without one the review never goes out of date (hand-written entries may leave it out).
    pub claims: Option<String>,
    /// The whole `[[review]]` table, for findings about the review itself.
    pub span: Span,
    /// The `fingerprint` value.
    pub fingerprint_span: Span,
}

/// How a finding stands after the reviews are applied.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ReviewStatus {
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// Which claim is right, as `source/claim`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct: Option<String>,
    /// Who reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// When.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Links to the evidence.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// True when a claim the review covered has changed since: the review no longer applies and
    /// the finding counts as if unreviewed.
    pub outdated: bool,
}

impl ReviewStatus {
    /// True when the review is in force (not outdated): the finding does not fail the check.
    pub fn applies(&self) -> bool {
        !self.outdated
    }

    /// Who and when, as far as the review says: "by A. Reviewer on 2026-12-07", "on 2026-12-07".
    pub fn attribution(&self) -> Option<String> {
        match (&self.by, &self.date) {
            (Some(by), Some(date)) => Some(format!("by {by} on {date}")),
            (Some(by), None) => Some(format!("by {by}")),
            (None, Some(date)) => Some(format!("on {date}")),
            (None, None) => None,
        }
    }
}

/// The digest of a finding's claims: each claim's identity and what it says, normalised so that
/// layout and comments do not count (whitespace folded, `#` comment lines dropped), sorted, hashed.
/// `claims` are `(source/claim, text of the claim)` pairs.
pub fn claims_digest<'a>(claims: impl IntoIterator<Item = (String, &'a str)>) -> String {
    let mut parts: Vec<String> = claims
        .into_iter()
        .map(|(identity, text)| {
            let meaning: Vec<&str> = text
                .lines()
                .map(|line| strip_comment(line).trim())
                .filter(|line| !line.is_empty())
                .flat_map(str::split_whitespace)
                .collect();
            format!("{identity}\u{1f}{}", meaning.join(" "))
        })
        .collect();
    parts.sort();
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    format!("{:016x}", crate::finding::stable_hash(&refs))
}

/// A TOML line without its comment (a `#` outside a string).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => return &line[..i],
            None => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_comments_do_not_change_the_digest_but_a_value_does() {
        let a = claims_digest([("s/c".to_string(), "value = \"4.85 billion USD\"\nperiod = \"2020\"")]);
        let b = claims_digest([(
            "s/c".to_string(),
            "# checked against the customs release\nvalue   = \"4.85 billion USD\"   # see note\n\nperiod = \"2020\"",
        )]);
        let c = claims_digest([("s/c".to_string(), "value = \"4.58 billion USD\"\nperiod = \"2020\"")]);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn a_hash_inside_a_string_is_not_a_comment() {
        assert_eq!(strip_comment("quote = \"item #3\" # note"), "quote = \"item #3\" ");
        assert_eq!(strip_comment("quote = 'a # b'"), "quote = 'a # b'");
        assert_eq!(strip_comment("quote = \"a \\\" # b\""), "quote = \"a \\\" # b\"");
    }

    #[test]
    fn the_order_of_the_claims_does_not_count() {
        let one = claims_digest([("a/x".to_string(), "v = 1"), ("b/y".to_string(), "v = 2")]);
        let two = claims_digest([("b/y".to_string(), "v = 2"), ("a/x".to_string(), "v = 1")]);
        assert_eq!(one, two);
    }

    #[test]
    fn verdicts_round_trip() {
        for name in Verdict::NAMES {
            assert_eq!(Verdict::parse(name).unwrap().as_str(), *name);
        }
        assert_eq!(Verdict::parse("false alarm"), None);
    }
}
