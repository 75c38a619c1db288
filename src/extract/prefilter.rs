//! A literal prefilter for the extraction patterns: for each pattern, a few literal strings of
//! which every match must contain one ("trade partner", "anniversary of the Treaty"), found from
//! the pattern's syntax tree. One scan of the whole text finds where those literals occur, and so
//! which sentences each pattern can match; only there does the pattern run.
//!
//! The prefilter never changes what is extracted: the literals come from the pattern itself and
//! are matched with the same case folding as the pattern, so a sentence a pattern matches always
//! passes its prefilter. A pattern without a usable literal simply runs on every sentence.
//!
//! Unicode word boundaries (`\b`) make the regex engine's fast automaton give up on text with
//! non-ASCII bytes, leaving a much slower engine. In a text without non-ASCII *word* characters
//! ("’", "–", "“" are not word characters) the ASCII and Unicode word boundaries are the same at
//! every position, so there a copy of the pattern with ASCII boundaries gives exactly the same
//! matches, fast: [`ascii_word_boundaries`] makes the copy, [`word_boundaries_agree`] says where it
//! may be used.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_syntax::ast::{self, AssertionKind, Ast};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::ops::Range;

/// At most this many alternatives in a literal set: more says little about a sentence.
const MAX_ALTERNATIVES: usize = 64;

/// Literals shorter than this are too common to be worth a prefilter.
const MIN_LENGTH: usize = 3;

/// Which sentences each pattern can match.
pub struct Prefilter {
    /// For each pattern, its entry in `anchored`, or `None` when it must always run.
    entries: Vec<Option<usize>>,
    /// The pattern of each entry.
    pattern_of: Vec<usize>,
    /// Every literal of every entry: finds where any of them starts.
    any: Option<Regex>,
    /// Per entry, its literals anchored at the start: which entries' literals start at a place.
    anchored: Option<RegexSet>,
}

impl Prefilter {
    /// The prefilter for `patterns` (regular expressions, matched case-insensitively).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Self {
        let mut entries = Vec::new();
        let mut pattern_of = Vec::new();
        let mut anchored = Vec::new();
        let mut all = Vec::new();
        for (index, pattern) in patterns.into_iter().enumerate() {
            match required_literals(pattern) {
                Some(literals) => {
                    let escaped: Vec<String> = literals.iter().map(|l| regex::escape(l)).collect();
                    entries.push(Some(anchored.len()));
                    pattern_of.push(index);
                    anchored.push(format!(r"\A(?:{})", escaped.join("|")));
                    all.extend(escaped);
                }
                None => entries.push(None),
            }
        }
        all.sort();
        all.dedup();
        let any = RegexBuilder::new(&format!("(?:{})", all.join("|"))).case_insensitive(true).build().ok();
        let anchored = RegexSetBuilder::new(&anchored).case_insensitive(true).build().ok();
        if any.is_none() || anchored.is_none() {
            entries.iter_mut().for_each(|e| *e = None);
        }
        Prefilter { entries, pattern_of, any, anchored }
    }

    /// For each pattern, the indices of the `sentences` of `text` it may match, ascending: every
    /// sentence the pattern does match is among them. `sentences` are ascending, disjoint ranges.
    pub fn sentences_per_pattern(&self, text: &str, sentences: &[Range<usize>]) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.entries.len()];
        for (index, entry) in self.entries.iter().enumerate() {
            if entry.is_none() {
                out[index] = (0..sentences.len()).collect();
            }
        }
        let (Some(any), Some(anchored)) = (&self.any, &self.anchored) else { return out };
        let (mut sentence, mut at) = (0, 0);
        // Every place where some literal starts, in turn (matches may overlap).
        while let Some(found) = any.find_at(text, at) {
            let start = found.start();
            at = start + text[start..].chars().next().map_or(1, char::len_utf8);
            while sentence < sentences.len() && sentences[sentence].end <= start {
                sentence += 1;
            }
            let Some(range) = sentences.get(sentence) else { break };
            if start < range.start {
                continue;
            }
            // Which patterns have a literal here, whole inside the sentence.
            for entry in anchored.matches(&text[start..range.end]).iter() {
                let list = &mut out[self.pattern_of[entry]];
                if list.last() != Some(&sentence) {
                    list.push(sentence);
                }
            }
        }
        out
    }

    /// The indices of the patterns that may match `text` as one sentence, ascending.
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let whole = 0..text.len();
        let per_pattern = self.sentences_per_pattern(text, std::slice::from_ref(&whole));
        per_pattern.iter().enumerate().filter(|(_, s)| !s.is_empty()).map(|(i, _)| i).collect()
    }

    /// The number of patterns that always run (no required literal).
    pub fn unfiltered(&self) -> usize {
        self.entries.iter().filter(|e| e.is_none()).count()
    }
}

/// `pattern` with every word-boundary assertion made ASCII (`\b` as `(?-u:\b)`), or `None` when it
/// has none (or does not parse).
pub fn ascii_word_boundaries(pattern: &str) -> Option<String> {
    struct Boundaries(Vec<std::ops::Range<usize>>);
    impl ast::Visitor for Boundaries {
        type Output = Vec<std::ops::Range<usize>>;
        type Err = ();
        fn finish(self) -> Result<Self::Output, ()> {
            Ok(self.0)
        }
        fn visit_pre(&mut self, node: &Ast) -> Result<(), ()> {
            if let Ast::Assertion(assertion) = node
                && !matches!(
                    assertion.kind,
                    AssertionKind::StartLine
                        | AssertionKind::EndLine
                        | AssertionKind::StartText
                        | AssertionKind::EndText
                )
            {
                self.0.push(assertion.span.start.offset..assertion.span.end.offset);
            }
            Ok(())
        }
    }
    let parsed = ast::parse::Parser::new().parse(pattern).ok()?;
    let mut spans = ast::visit(&parsed, Boundaries(Vec::new())).ok()?;
    if spans.is_empty() {
        return None;
    }
    spans.sort_by_key(|s| s.start);
    let mut out = String::with_capacity(pattern.len() + spans.len() * 6);
    let mut at = 0;
    for span in spans {
        out.push_str(&pattern[at..span.start]);
        out.push_str("(?-u:");
        out.push_str(&pattern[span.clone()]);
        out.push(')');
        at = span.end;
    }
    out.push_str(&pattern[at..]);
    Some(out)
}

/// True when ASCII and Unicode word boundaries agree everywhere in `text`: it has no non-ASCII
/// word character.
pub fn word_boundaries_agree(text: &str) -> bool {
    text.is_ascii() || text.chars().all(|c| c.is_ascii() || matches!(regex_syntax::try_is_word_character(c), Ok(false)))
}

/// Literals of which every match of `pattern` (case-insensitive) contains at least one, if the
/// pattern has a useful set of them.
pub fn required_literals(pattern: &str) -> Option<Vec<String>> {
    // Parsed case-sensitively, literals stay literals (case-insensitively each letter becomes a
    // class); the prefilter then matches them case-insensitively, as the pattern does.
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let literals = required(&hir)?;
    let literals: Vec<String> = literals.into_iter().map(String::from_utf8).collect::<Result<_, _>>().ok()?;
    (score(&literals) >= MIN_LENGTH).then_some(literals)
}

/// How selective a literal set is: the length of its shortest literal, in bytes.
fn score<T: AsRef<[u8]>>(literals: &[T]) -> usize {
    literals.iter().map(|l| l.as_ref().len()).min().unwrap_or(0)
}

/// The finite set of strings `hir` matches exactly, if it is small.
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty => Some(vec![Vec::new()]),
        HirKind::Literal(literal) => Some(vec![literal.0.to_vec()]),
        HirKind::Class(Class::Unicode(class)) => {
            let mut out = Vec::new();
            for range in class.iter() {
                for c in range.start()..=range.end() {
                    if out.len() >= 4 {
                        return None;
                    }
                    out.push(c.to_string().into_bytes());
                }
            }
            Some(out)
        }
        HirKind::Capture(capture) => exact(&capture.sub),
        HirKind::Alternation(branches) => {
            let mut out = Vec::new();
            for branch in branches {
                out.extend(exact(branch)?);
                if out.len() > MAX_ALTERNATIVES {
                    return None;
                }
            }
            Some(out)
        }
        HirKind::Concat(parts) => {
            let mut out = vec![Vec::new()];
            for part in parts {
                out = product(&out, &exact(part)?)?;
            }
            Some(out)
        }
        _ => None,
    }
}

/// Every concatenation of a string of `a` with one of `b`, if there are not too many.
fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len() * b.len() > MAX_ALTERNATIVES {
        return None;
    }
    Some(a.iter().flat_map(|x| b.iter().map(move |y| [x.as_slice(), y.as_slice()].concat())).collect())
}

/// The better of two literal sets: longer shortest literal, then fewer alternatives.
fn better(a: Option<Vec<Vec<u8>>>, b: Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    match (a, b) {
        (Some(a), Some(b)) => {
            if (score(&b), std::cmp::Reverse(b.len())) > (score(&a), std::cmp::Reverse(a.len())) {
                Some(b)
            } else {
                Some(a)
            }
        }
        (a, b) => a.or(b),
    }
}

/// A set of literals of which every match of `hir` contains at least one (none: no such set).
fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir).filter(|set| score(set) > 0),
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Repetition(_) => None,
        HirKind::Alternation(branches) => {
            // Every branch must contribute.
            let mut out = Vec::new();
            for branch in branches {
                out.extend(required(branch)?);
                if out.len() > MAX_ALTERNATIVES {
                    return None;
                }
            }
            out.sort();
            out.dedup();
            Some(out)
        }
        HirKind::Concat(parts) => {
            // Runs of parts with exact languages make longer literals ("s leading trade
            // partner"); any other part may hold a required literal of its own.
            let mut best = None;
            let mut run: Option<Vec<Vec<u8>>> = None;
            for part in parts {
                match exact(part) {
                    Some(set) => {
                        run = match run.take() {
                            Some(previous) => match product(&previous, &set) {
                                Some(joined) => Some(joined),
                                None => {
                                    best = better(best, Some(previous).filter(|s| score(s) > 0));
                                    Some(set)
                                }
                            },
                            None => Some(set),
                        };
                    }
                    None => {
                        best = better(best, run.take().filter(|s| score(s) > 0));
                        best = better(best, required(part));
                    }
                }
            }
            better(best, run.filter(|s| score(s) > 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        required_literals(pattern).map(|mut l| {
            l.sort();
            l
        })
    }

    #[test]
    fn the_longest_required_literal_is_chosen() {
        assert_eq!(
            literals(r"(?P<value>\d+) agreements to promote (?P<x>\w+)"),
            Some(vec![" agreements to promote ".to_string()])
        );
        assert_eq!(
            literals(r"(?:two-way|bilateral) trade (?:reached|hit) \d+"),
            Some(
                ["bilateral trade hit ", "bilateral trade reached ", "two-way trade hit ", "two-way trade reached "]
                    .map(String::from)
                    .to_vec()
            )
        );
        assert_eq!(
            literals(r"is [A-Z]\w+[\x27’]s largest"),
            Some(vec!["'s largest".to_string(), "’s largest".to_string()])
        );
    }

    #[test]
    fn optional_parts_and_short_literals_give_nothing() {
        assert_eq!(literals(r"(?:trade)?\d+"), None);
        assert_eq!(literals(r"\d+ by \w+"), Some(vec![" by ".to_string()]));
        assert_eq!(literals(r"\d+ a\w+"), None);
        assert_eq!(literals(r"(?:\d+|treaty) signed"), Some(vec![" signed".to_string()]));
    }

    #[test]
    fn ascii_word_boundaries_only_where_they_agree() {
        assert_eq!(ascii_word_boundaries(r"^\bone\b|\\b\B$"), Some(r"^(?-u:\b)one(?-u:\b)|\\b(?-u:\B)$".to_string()));
        assert_eq!(ascii_word_boundaries(r"one \w+"), None);
        assert!(word_boundaries_agree("the club’s “largest” partner – in 2024\u{a0}"));
        assert!(!word_boundaries_agree("a café in Zürich"));
        let (unicode, ascii) = (r"\bone\b", ascii_word_boundaries(r"\bone\b").unwrap());
        let (unicode, ascii) = (regex::Regex::new(unicode).unwrap(), regex::Regex::new(&ascii).unwrap());
        assert!(!unicode.is_match("éone") && ascii.is_match("éone"));
        assert!(unicode.is_match("’one’") && ascii.is_match("’one’"));
    }

    #[test]
    fn a_sentence_a_pattern_matches_always_passes_its_prefilter() {
        let patterns = [r"(?:two-way|bilateral) trade reached \d+", r"\d+", r"signed (\d+) agreements"];
        let prefilter = Prefilter::new(patterns);
        assert_eq!(prefilter.unfiltered(), 1);
        assert_eq!(prefilter.candidates("BILATERAL TRADE REACHED 5 and ſigned 3 agreements"), vec![0, 1, 2]);
        assert_eq!(prefilter.candidates("nothing here"), vec![1]);
        // By sentence: a literal counts only whole inside a sentence.
        let text = "Bilateral trade reached 5. We signed 3 agreements. signed\nagreements";
        assert_eq!(
            prefilter.sentences_per_pattern(text, &[0..26, 27..50, 51..57, 58..68]),
            vec![vec![0], vec![0, 1, 2, 3], vec![1]]
        );
    }
}
