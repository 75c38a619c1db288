//! Extraction patterns, compiled: the `[[pattern]]` declarations of `rules/*.toml` (validated as
//! data by [`crate::load::patterns`]) with their `{money}`, `{date}`, `{count}`, `{entity}` and
//! other macros expanded to the value forms of [`super::recognise`], so a pattern says *where* a
//! value is and the recognisers say *what* it is. Patterns are optional precise overrides of the
//! general extractor.

use crate::finding::{Code, Finding};
use crate::load::patterns::{PatternSpec, expand_with};
use crate::store::Store;
use regex::{Regex, RegexBuilder};

use super::recognise::Fragments;

pub use crate::load::patterns::CAPTURES;

/// A validated, compiled pattern.
#[derive(Debug)]
pub struct Pattern {
    /// The declaration: id, property, subject, qualifiers, modality, rank, where it is.
    pub spec: PatternSpec,
    /// The compiled regular expression (macros expanded, case-insensitive).
    pub regex: Regex,
}

/// Compile validated pattern declarations.
pub fn compile(
    specs: &[PatternSpec],
    store: &Store,
    fragments: &Fragments,
    findings: &mut Vec<Finding>,
) -> Vec<Pattern> {
    if specs.is_empty() {
        return Vec::new();
    }
    let mut names: Vec<String> = store.entities.all_names().map(str::to_string).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let entity_names = if names.is_empty() {
        "(?:[^\\s\\S])".to_string()
    } else {
        let escaped: Vec<String> = names.iter().map(|n| regex::escape(n).replace(' ', r"\s+")).collect();
        format!("(?:{})", escaped.join("|"))
    };
    let mut out = Vec::new();
    for spec in specs {
        let (expanded, _, unknown) = expand_with(&spec.regex.text, |name| {
            if name == "entity" { Some(entity_names.clone()) } else { fragments.fragment(name).map(str::to_string) }
        });
        if !unknown.is_empty() {
            continue; // reported when the declarations were validated
        }
        match RegexBuilder::new(&expanded).case_insensitive(true).size_limit(50 * (1 << 20)).build() {
            Ok(regex) => out.push(Pattern { spec: spec.clone(), regex }),
            Err(error) => findings.push(
                Finding::error(
                    Code::BadValue,
                    format!("the pattern cannot be compiled: {error}"),
                    spec.regex.content_span(),
                    "here",
                )
                .with_help("simplify the pattern: fewer or shorter alternatives"),
            ),
        }
    }
    out
}
