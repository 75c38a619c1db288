//! Extraction: candidate claims from article text, for a person to review and commit.
//!
//! Extraction works from the project's vocabulary, on any article:
//! 1. **Mentions** ([`recognise`]): one pass finds every value the value grammar knows — money,
//!    quantities, percentages, counts, ordinals and ranks, dates, time expressions, durations,
//!    anniversaries — overlaps resolved, names and compounds left out.
//! 2. **Time expressions** ([`timex`]) are resolved against the publication date, which
//!    [`published`] finds in the text itself when the caller gives none.
//! 3. **Frames** ([`frames`]): each value gets a property, subject, qualifiers, time scope and
//!    modality from the sentence and the article, through the vocabulary's entity names,
//!    adjectives and property cues ([`vocabulary`]), with the reasons for each choice.
//! 4. **Patterns** ([`patterns`]): `[[pattern]]` tables of `rules/`, optional precise overrides;
//!    each runs on the sentences that hold one of its required literals ([`prefilter`]). A
//!    pattern's candidate replaces the general one for the same value.
//!
//! Every [`Candidate`] is accepted by the value grammar and the vocabulary, so that the claim file
//! extraction writes loads without errors; values no property takes are returned as
//! [`Unattached`], never dropped silently. Pure: reading and writing files is the caller's.

pub mod evaluate;
pub mod fiscal;
pub mod frames;
pub mod lexicon;
pub mod output;
pub mod patterns;
pub mod prefilter;
pub mod published;
pub mod recognise;
pub mod run;
pub mod sentences;
pub mod timex;
pub mod vocabulary;

use crate::finding::stable_hash;
use crate::model::claim::{Modality, Rank, TimeKind};
use crate::model::date::DateValue;
use crate::model::ids::EntityId;
use crate::model::syntax::{EntityResolver, parse_change, parse_date, parse_value, parse_year_offset};
use crate::model::value::ValueType;
use crate::store::Store;
pub use frames::Unattached;
use patterns::Pattern;
use prefilter::Prefilter;
use recognise::{Fragments, MentionKind, with_year};
use regex::{Captures, Regex, RegexBuilder};
use vocabulary::VocabularyIndex;

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
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// What proposed it: a pattern's id, or "vocabulary" for the general extractor.
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
    /// Where the value itself is written in the text, when known.
    pub value_span: Option<Range<usize>>,
    /// What kind of value the text wrote, when known.
    pub kind: Option<MentionKind>,
    /// Why it was proposed: which words decided the property, subject, time and modality.
    pub why: String,
    /// How sure the extractor is, from 0 to 1.
    pub confidence: f32,
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
    /// The publication date, which resolves relative times ("last year") and gives yearless
    /// dates ("April 5") their year.
    pub published: DateValue,
}

/// Everything extraction found in one text.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The candidate claims, in text order.
    pub candidates: Vec<Candidate>,
    /// Values found but attached to no property, in text order: at most [`MAX_UNATTACHED`].
    pub unattached: Vec<Unattached>,
    /// How many more values were attached to nothing but not kept (beyond [`MAX_UNATTACHED`]).
    pub unattached_not_listed: usize,
}

/// The most unattached values kept for one text. They are listed for a person to read; a text
/// with more (a table of figures, a run of numbers without a sentence break) gets a count of the
/// rest, so memory stays bounded by the candidates, not by every number in the text.
pub const MAX_UNATTACHED: usize = 1000;

/// The extractor of a project: its vocabulary indexed, its value recognisers and its patterns.
pub struct Extractor<'s> {
    store: &'s Store,
    fragments: Fragments,
    index: VocabularyIndex,
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
    /// An extractor for the vocabulary of `store`, with the value recognisers `fragments` (built
    /// for the store's units) and the project's `patterns` (possibly none).
    pub fn new(store: &'s Store, fragments: Fragments, patterns: Vec<Pattern>) -> Self {
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
        Extractor { store, fragments, index: VocabularyIndex::new(store), patterns, prefilter, ascii }
    }

    /// The number of patterns.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// The value recognisers.
    pub fn fragments(&self) -> &Fragments {
        &self.fragments
    }

    /// Every candidate in `text`, in text order.
    pub fn extract(&self, text: &str, context: &Context) -> Vec<Candidate> {
        self.extract_all(text, context).candidates
    }

    /// Every candidate in `text` and every value no property took, in text order.
    pub fn extract_all(&self, text: &str, context: &Context) -> Extraction {
        let sentences = sentences::sentences(text);
        // Values that fail to parse while framing are expected and never shown: no did-you-mean.
        let mut found = crate::model::syntax::quietly(|| self.general(text, &sentences, context));
        let from_patterns = self.pattern_candidates(text, &sentences, context);
        // A pattern's candidate replaces the general ones for the same value.
        if !from_patterns.is_empty() {
            found.candidates.retain(|general| {
                !from_patterns.iter().any(|(_, p)| match (&p.value_span, &general.value_span) {
                    (Some(a), Some(b)) => a.start < b.end && b.start < a.end,
                    _ => {
                        p.quote_span.start <= general.quote_span.start
                            && general.quote_span.end <= p.quote_span.end
                            && p.property == general.property
                    }
                })
            });
        }
        let mut all: Vec<(usize, Candidate)> = found
            .candidates
            .into_iter()
            .map(|c| (c.value_span.as_ref().map_or(c.quote_span.start, |v| v.start), c))
            .chain(
                from_patterns
                    .into_iter()
                    .map(|(_, c)| (c.value_span.as_ref().map_or(c.quote_span.start, |v| v.start), c)),
            )
            .collect();
        all.sort_by_key(|(at, _)| *at);
        let mut candidates: Vec<Candidate> = Vec::with_capacity(all.len());
        for (_, candidate) in all {
            // Two ways may propose the same claim from one sentence: keep it once.
            let duplicate =
                candidates.iter().rev().take(16).any(|c| {
                    c.same_claim_as(&candidate) && c.quote_span.start.abs_diff(candidate.quote_span.start) < 400
                });
            if !duplicate {
                candidates.push(candidate);
            }
        }
        // Values a candidate took are not unattached (both lists are in text order).
        let mut taken: Vec<Range<usize>> = candidates.iter().filter_map(|c| c.value_span.clone()).collect();
        taken.sort_by_key(|t| t.start);
        found.unattached.retain(|u| {
            let k = taken.partition_point(|t| t.end <= u.span.start);
            !taken[k..]
                .iter()
                .take_while(|t| t.start < u.span.end)
                .any(|t| t.start < u.span.end && u.span.start < t.end)
        });
        Extraction { candidates, unattached: found.unattached, unattached_not_listed: found.unattached_not_listed }
    }

    /// The general extractor: mentions, then frames from the vocabulary.
    fn general(&self, text: &str, sentences: &[Range<usize>], context: &Context) -> Extraction {
        let mentions = self.fragments.recognise(text);
        // A name inside a value is not a mention of the entity: "US$10 billion" names no country.
        let mut entities = self.index.entities(text);
        self.index.add_headless_entities(text, &mut entities);
        {
            let mut k = 0;
            entities.retain(|entity| {
                while mentions.get(k).is_some_and(|m| m.span.end <= entity.span.start) {
                    k += 1;
                }
                !mentions.get(k).is_some_and(|m| m.span.start < entity.span.end && !m.kind.is_time())
            });
        }
        let cues = self.index.cues(text);
        let headline_end =
            text.trim_start().find('\n').map_or(text.len(), |i| i + (text.len() - text.trim_start().len()));
        let qualifier_values = self.index.qualifier_values(text);
        let framer = frames::Framer::new(
            self.store,
            &self.index,
            text,
            context.published,
            &entities,
            qualifier_values,
            &mentions,
            headline_end,
        );
        let mut out = Extraction::default();
        let (mut m, mut e, mut c) = (0, 0, 0);
        for span in sentences {
            let take = |from: &mut usize, starts: &dyn Fn(usize) -> Option<usize>| {
                while starts(*from).is_some_and(|s| s < span.start) {
                    *from += 1;
                }
                let first = *from;
                while starts(*from).is_some_and(|s| s < span.end) {
                    *from += 1;
                }
                first..*from
            };
            let mentions_here = take(&mut m, &|k| mentions.get(k).map(|x| x.span.start));
            let entities_here = take(&mut e, &|k| entities.get(k).map(|x| x.span.start));
            let cues_here = take(&mut c, &|k| cues.get(k).map(|x| x.span.start));
            if mentions_here.is_empty() {
                continue;
            }
            // A mention may not run past its sentence: "Dec. 31" split by a wrong full stop.
            // Mentions come from one left-to-right search, so they do not overlap and their ends
            // are sorted too: the ones inside the sentence are a prefix (no copy of a long
            // sentence's mentions).
            let here = &mentions[mentions_here];
            let inside = &here[..here.partition_point(|x| x.span.end <= span.end)];
            let sentence = frames::Sentence::new(text, span.clone());
            let room = MAX_UNATTACHED.saturating_sub(out.unattached.len());
            let (candidates, unattached, not_listed) =
                framer.frames(&sentence, inside, &entities[entities_here], &cues[cues_here], room);
            out.candidates.extend(candidates);
            out.unattached_not_listed += not_listed;
            out.unattached.extend(unattached);
        }
        out
    }

    /// Candidates of the `[[pattern]]` tables, with the sentence each came from.
    fn pattern_candidates(&self, text: &str, sentences: &[Range<usize>], context: &Context) -> Vec<(usize, Candidate)> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        // For each pattern, the sentences where its literals occur.
        let work = self.prefilter.sentences_per_pattern(text, sentences);
        // Per sentence, whether ASCII word boundaries may stand for Unicode ones (computed once).
        let mut ascii_boundaries: Vec<Option<bool>> = vec![None; sentences.len()];
        // Each pattern runs over all its sentences in turn: one regular expression at a time keeps
        // its automaton in the processor's caches.
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
        found.sort_by_key(|(i, _)| *i);
        found
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
        let property = self.store.property(pattern.spec.property);
        let get = |name: &str| captures.name(name).map(|m| m.as_str()).filter(|t| !t.trim().is_empty());
        let subject = match get("subject") {
            Some(written) => self.entity_id(written)?,
            None => self.store.entities.get(pattern.spec.subject?).id.clone(),
        };
        let mut qualifiers = Vec::new();
        for spec in &property.qualifiers {
            if let Some(written) = get(&spec.name) {
                let value = match spec.kind {
                    crate::model::vocab::QualifierKind::Entity => self.entity_id(written)?,
                    crate::model::vocab::QualifierKind::Text => fold(written),
                };
                qualifiers.push((spec.name.clone(), value));
            } else if let Some((_, value)) = pattern.spec.qualifiers.iter().find(|(n, _)| *n == spec.name) {
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
        } else if pattern.spec.rank.is_some() {
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
        let modality = pattern.spec.modality.unwrap_or_else(|| {
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
            pattern: pattern.spec.id.clone(),
            subject,
            property: property.id.clone(),
            qualifiers,
            value,
            time,
            modality,
            compared_with,
            rank: pattern.spec.rank,
            among: pattern.spec.among.map(|g| self.store.entities.get(g).id.clone()),
            exhaustive: pattern.spec.exhaustive,
            quote: sentence[quote.clone()].to_string(),
            quote_span: span.start + quote.start..span.start + quote.end,
            value_span: captures
                .name("value")
                .or_else(|| captures.name("items"))
                .map(|m| span.start + m.start()..span.start + m.end()),
            kind: captures
                .name("value")
                .and_then(|m| self.fragments.recognise(m.as_str()).first().map(|mention| mention.kind))
                .or_else(|| captures.name("items").map(|_| MentionKind::Date)),
            why: format!("pattern `{}`", pattern.spec.id),
            confidence: 0.9,
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
