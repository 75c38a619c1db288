//! Extraction: candidate claims from article text, for a person to review and commit.
//!
//! Text is split into sentences; each pattern of `rules/` runs on the sentences that hold one of its
//! required literals (one scan of the text finds them: see [`prefilter`]); each
//! match becomes a [`Candidate`] — subject, property, qualifiers, value as written, time scope,
//! modality, the exact quote — that the value grammar and the vocabulary accept, so that the claim
//! file extraction writes loads without errors. Pure: reading and writing files is the caller's.

pub mod evaluate;
pub mod output;
pub mod patterns;
pub mod prefilter;
pub mod recognise;
pub mod run;
pub mod sentences;

use crate::finding::stable_hash;
use crate::model::claim::{Modality, Rank, TimeKind};
use crate::model::date::DateValue;
use crate::model::ids::EntityId;
use crate::model::syntax::{EntityResolver, parse_change, parse_date, parse_value, parse_year_offset};
use crate::model::value::ValueType;
use crate::store::Store;
use patterns::Pattern;
use prefilter::Prefilter;
use recognise::with_year;
use regex::{Captures, Regex, RegexBuilder};

use crate::source::fold_whitespace as fold;
use std::ops::Range;

/// The value of a candidate, as it will be written in the claim file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CandidateValue {
    /// A written value ("4.85 billion USD").
    Written(String),
    /// List items (["2001", "2006"]).
    List(Vec<String>),
    /// No value: a rank claim.
    None,
}

/// A claim extraction proposes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The pattern that found it.
    pub pattern: String,
    /// The subject's entity id.
    pub subject: String,
    /// The property id.
    pub property: String,
    /// Qualifiers: (name, entity id).
    pub qualifiers: Vec<(String, String)>,
    /// The value.
    pub value: CandidateValue,
    /// The time scope, if the text gives one: (as_of / period / at, the date as written).
    pub time: Option<(TimeKind, String)>,
    /// Fact, target, forecast, estimate.
    pub modality: Modality,
    /// A stated comparison: (value, earlier) or (change, period).
    pub compared_with: Vec<(String, String)>,
    /// "first", "only".
    pub rank: Option<Rank>,
    /// The group a rank is relative to.
    pub among: Option<String>,
    /// For lists: whether it names every item.
    pub exhaustive: bool,
    /// The quote: the sentence, exactly as in the text.
    pub quote: String,
    /// Where the quote is in the text.
    pub quote_span: Range<usize>,
}

impl Candidate {
    /// True when both propose the same claim (whatever pattern found them).
    pub fn same_claim_as(&self, other: &Candidate) -> bool {
        self.subject == other.subject
            && self.property == other.property
            && self.qualifiers == other.qualifiers
            && self.value == other.value
            && self.time == other.time
            && self.modality == other.modality
            && self.rank == other.rank
    }

    /// A fingerprint that identifies the candidate across runs (pattern, quote, value), so that
    /// `--merge` never proposes twice what a person has already seen — kept or deleted.
    pub fn fingerprint(&self) -> String {
        let value = match &self.value {
            CandidateValue::Written(v) => v.clone(),
            CandidateValue::List(items) => items.join("|"),
            CandidateValue::None => String::new(),
        };
        let quote: String = self.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{:016x}", stable_hash(&[&self.pattern, &quote, &value]))
    }
}

/// What an extraction run knows about the article.
#[derive(Clone, Debug)]
pub struct Context {
    /// The publication date, which gives yearless dates ("April 5") their year.
    pub published: DateValue,
}

/// The extraction patterns of a project, compiled into one set.
pub struct Extractor<'s> {
    store: &'s Store,
    patterns: Vec<Pattern>,
    prefilter: Prefilter,
    /// For each pattern, a copy with ASCII word boundaries: the same matches in sentences
    /// without non-ASCII word characters, where it runs much faster (see [`prefilter`]).
    ascii: Vec<Option<Regex>>,
}

struct Resolver<'s>(&'s Store);

impl EntityResolver for Resolver<'_> {
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>> {
        self.0.entities.resolve(name).ok_or_else(Vec::new)
    }
}

/// The modality the sentence's words signal, if any.
pub fn modality_cue(sentence: &str) -> Option<Modality> {
    let lower = sentence.to_lowercase();
    let has = |cues: &[&str]| cues.iter().any(|c| lower.contains(c));
    if has(&["targeted to", "target of", "targets to", "aim to reach", "aims to reach", "goal of", "set a target"]) {
        Some(Modality::Target)
    } else if has(&[
        "expected to",
        "is expected",
        "are expected",
        "projected to",
        "forecast to",
        "is set to",
        "potential to",
        "will reach",
        "likely to reach",
    ]) {
        Some(Modality::Forecast)
    } else if has(&["an estimated", "estimated at", "is estimated"]) {
        Some(Modality::Estimate)
    } else {
        None
    }
}

/// The clause around a match: the match widened to the nearest clause boundaries (comma,
/// semicolon, colon, parenthesis, dash or the sentence's ends), so a quote is short but whole.
pub fn clause(sentence: &str, matched: Range<usize>) -> Range<usize> {
    let is_boundary = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '–' | '—');
    let start = sentence[..matched.start]
        .rfind(is_boundary)
        .map_or(0, |i| i + sentence[i..].chars().next().map_or(1, char::len_utf8));
    let mut end = sentence[matched.end..].find(is_boundary).map_or(sentence.len(), |i| matched.end + i);
    // Keep parentheses balanced: "(in 2020" takes its ")".
    let opened = sentence[start..end].matches('(').count();
    let closed = sentence[start..end].matches(')').count();
    if opened > closed && sentence[end..].starts_with(')') {
        end += 1;
    }
    let text = &sentence[start..end];
    let trimmed_start = start + (text.len() - text.trim_start().len());
    let trimmed = text.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed);
    trimmed_start..trimmed_start + trimmed.len()
}

/// Split "2001, 2006, 2013, and 2017" into its items; a year after a month and day stays with
/// them ("June 20, 2024" is one item).
pub fn split_items(text: &str) -> Vec<String> {
    let parts: Vec<String> = text
        .split(',')
        .flat_map(|part| part.split(" and "))
        .map(|item| item.trim().trim_start_matches("and ").trim().trim_end_matches('.').trim())
        .filter(|item| !item.is_empty())
        .map(fold)
        .collect();
    let mut items: Vec<String> = Vec::new();
    for part in parts {
        let is_year = part.len() == 4 && part.chars().all(|c| c.is_ascii_digit());
        let after_month_day = items.last().is_some_and(|last| {
            let words: Vec<&str> = last.split(' ').collect();
            words.len() == 2
                && crate::model::lexicon::month_word(&words[0].to_lowercase()).is_some()
                && words[1].chars().all(|c| c.is_ascii_digit())
        });
        match items.last_mut() {
            Some(last) if is_year && after_month_day => {
                last.push_str(", ");
                last.push_str(&part);
            }
            _ => items.push(part),
        }
    }
    items
}

impl<'s> Extractor<'s> {
    /// An extractor for `patterns` against the vocabulary of `store`.
    pub fn new(store: &'s Store, patterns: Vec<Pattern>) -> Self {
        // One small automaton of the patterns' required literals says which patterns can match a
        // sentence; only those run their regular expressions.
        let prefilter = Prefilter::new(patterns.iter().map(|p| p.regex.as_str()));
        let ascii = patterns
            .iter()
            .map(|p| {
                let pattern = prefilter::ascii_word_boundaries(p.regex.as_str())?;
                RegexBuilder::new(&pattern).case_insensitive(true).size_limit(50 << 20).build().ok()
            })
            .collect();
        Extractor { store, patterns, prefilter, ascii }
    }

    /// The number of patterns.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Every candidate in `text`, in text order.
    pub fn extract(&self, text: &str, context: &Context) -> Vec<Candidate> {
        let sentences = sentences::sentences(text);
        // For each pattern, the sentences where its literals occur.
        let work = self.prefilter.sentences_per_pattern(text, &sentences);
        // Per sentence, whether ASCII word boundaries may stand for Unicode ones (computed once).
        let mut ascii_boundaries: Vec<Option<bool>> = vec![None; sentences.len()];
        // Each pattern runs over all its sentences in turn: one regular expression at a time keeps
        // its automaton in the processor's caches (sentence by sentence, the 60-odd automata
        // evict each other, which made extraction several times slower).
        let mut found: Vec<(usize, Candidate)> = Vec::new();
        for (index, sentence_indices) in work.iter().enumerate() {
            let pattern = &self.patterns[index];
            for &i in sentence_indices {
                let sentence_text = &text[sentences[i].clone()];
                let agree = *ascii_boundaries[i].get_or_insert_with(|| prefilter::word_boundaries_agree(sentence_text));
                let regex = match &self.ascii[index] {
                    Some(ascii) if agree => ascii,
                    _ => &pattern.regex,
                };
                for captures in regex.captures_iter(sentence_text) {
                    if let Some(candidate) =
                        self.candidate(pattern, &captures, sentence_text, sentences[i].clone(), context)
                    {
                        found.push((i, candidate));
                    }
                }
            }
        }
        // Back in text order: by sentence, then pattern, then match (the sort is stable).
        found.sort_by_key(|(i, _)| *i);
        let mut out: Vec<Candidate> = Vec::with_capacity(found.len());
        let (mut current, mut first_of_sentence) = (usize::MAX, 0);
        for (i, candidate) in found {
            if i != current {
                current = i;
                first_of_sentence = out.len();
            }
            // Two patterns may propose the same claim from one sentence: keep it once. (Candidates
            // of different sentences differ by their quote, so the check stays within one.)
            if !out[first_of_sentence..].iter().any(|c| c.same_claim_as(&candidate)) {
                out.push(candidate);
            }
        }
        out
    }

    fn entity_id(&self, written: &str) -> Option<String> {
        let id = self.store.entities.resolve(written.trim())?;
        Some(self.store.entities.get(id).id.clone())
    }

    fn date_text(&self, written: &str, context: &Context) -> Option<String> {
        let written = fold(written);
        if parse_date(&written).is_ok() {
            return Some(written);
        }
        with_year(&written, &context.published)
    }

    fn candidate(
        &self,
        pattern: &Pattern,
        captures: &Captures<'_>,
        sentence: &str,
        span: Range<usize>,
        context: &Context,
    ) -> Option<Candidate> {
        let property = self.store.property(pattern.property);
        let get = |name: &str| captures.name(name).map(|m| m.as_str()).filter(|t| !t.trim().is_empty());
        let subject = match get("subject") {
            Some(written) => self.entity_id(written)?,
            None => self.store.entities.get(pattern.subject?).id.clone(),
        };
        let mut qualifiers = Vec::new();
        for spec in &property.qualifiers {
            if let Some(written) = get(&spec.name) {
                let value = match spec.kind {
                    crate::model::vocab::QualifierKind::Entity => self.entity_id(written)?,
                    crate::model::vocab::QualifierKind::Text => fold(written),
                };
                qualifiers.push((spec.name.clone(), value));
            } else if let Some((_, value)) = pattern.qualifiers.iter().find(|(n, _)| *n == spec.name) {
                qualifiers.push((spec.name.clone(), value.clone()));
            }
        }
        let resolver = Resolver(self.store);
        // The value as parsed, when written as one: parsed once, for the anniversary check below.
        let mut parsed_value = None;
        let value = if let Some(items) = get("items") {
            let ValueType::List(item_type) = &property.value_type else { return None };
            let mut parsed = Vec::new();
            for item in split_items(items) {
                let item = if **item_type == ValueType::Date { self.date_text(&item, context)? } else { item };
                parse_value(&item, item_type, &self.store.units, &resolver).ok()?;
                parsed.push(item);
            }
            CandidateValue::List(parsed)
        } else if let Some(written) = get("value") {
            let written = fold(written);
            let parse = |text: &str| parse_value(text, &property.value_type, &self.store.units, &resolver);
            let (written, parsed) = match parse(&written) {
                Ok(parsed) => (written, parsed),
                // A date may lack its year ("April 5"): the publication gives it.
                Err(_) if property.value_type == ValueType::Date => {
                    let dated = self.date_text(&written, context)?;
                    let parsed = parse(&dated).ok()?;
                    (dated, parsed)
                }
                Err(_) => return None,
            };
            parsed_value = Some(parsed);
            CandidateValue::Written(written)
        } else if pattern.rank.is_some() {
            CandidateValue::None
        } else {
            return None;
        };
        let mut time = None;
        for (name, kind) in [("period", TimeKind::Period), ("as_of", TimeKind::AsOf), ("at", TimeKind::At)] {
            if let Some(written) = get(name) {
                time = Some((kind, self.date_text(written, context)?));
                break;
            }
        }
        // An anniversary with no year of its own falls in the year of publication ("on the
        // occasion of the 20th anniversary").
        if time.is_none() && matches!(parsed_value, Some(crate::model::value::Value::Anniversary(_))) {
            time = Some((TimeKind::At, context.published.last_year().to_string()));
        }
        let modality = pattern.modality.unwrap_or_else(|| {
            if get("target").is_some() {
                Modality::Target
            } else if get("forecast").is_some() {
                Modality::Forecast
            } else if get("estimate").is_some() {
                Modality::Estimate
            } else {
                modality_cue(captures.get(0).map_or(sentence, |m| m.as_str())).unwrap_or(Modality::Actual)
            }
        });
        let mut compared_with = Vec::new();
        if let Some(earlier_value) = get("earlier_value") {
            let written = fold(earlier_value);
            parse_value(&written, &property.value_type, &self.store.units, &resolver).ok()?;
            compared_with.push(("value".to_string(), written));
            if let Some(earlier) = get("earlier") {
                let offset = fold(earlier);
                parse_year_offset(&offset).ok()?;
                compared_with.push(("earlier".to_string(), offset));
            }
        }
        if let Some(change) = get("change") {
            let written = fold(change);
            parse_change(&written, &self.store.units).ok()?;
            compared_with.push(("change".to_string(), written));
            if let Some(period) = get("change_period") {
                compared_with.push(("period".to_string(), self.date_text(period, context)?));
            } else if let Some(earlier) = get("earlier") {
                let offset = fold(earlier);
                parse_year_offset(&offset).ok()?;
                compared_with.push(("earlier".to_string(), offset));
            }
        }
        let quote = clause(sentence, captures.get(0).map_or(0..sentence.len(), |m| m.range()));
        Some(Candidate {
            pattern: pattern.id.clone(),
            subject,
            property: property.id.clone(),
            qualifiers,
            value,
            time,
            modality,
            compared_with,
            rank: pattern.rank,
            among: pattern.among.map(|g| self.store.entities.get(g).id.clone()),
            exhaustive: pattern.exhaustive,
            quote: sentence[quote.clone()].to_string(),
            quote_span: span.start + quote.start..span.start + quote.end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_split_on_commas_and_and() {
        assert_eq!(split_items("2001, 2006, 2013, and 2017"), vec!["2001", "2006", "2013", "2017"]);
        assert_eq!(split_items("Norway, Chile and the Netherlands"), vec!["Norway", "Chile", "the Netherlands"]);
        assert_eq!(split_items("June 20, 2024"), vec!["June 20, 2024"]);
        assert_eq!(split_items("March 1, 2001 and June 20, 2024"), vec!["March 1, 2001", "June 20, 2024"]);
    }

    #[test]
    fn modality_cues() {
        assert_eq!(modality_cue("trade is expected to reach $3.6 billion"), Some(Modality::Forecast));
        assert_eq!(modality_cue("The two sides targeted to reach US$10 billion"), Some(Modality::Target));
        assert_eq!(modality_cue("produced an estimated 3.42 million"), Some(Modality::Estimate));
        assert_eq!(modality_cue("trade reached 4.85 billion USD"), None);
    }
}
