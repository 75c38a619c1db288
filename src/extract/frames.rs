//! Claim frames: for each value a sentence states, the property, subject, qualifiers, time scope
//! and modality it is about, chosen from the sentence and the article with the project's
//! vocabulary — and the reasons for each choice, so that a person can review the candidate.
//!
//! How each part is chosen:
//! - **Property**: among the properties whose type fits the value (money → a currency quantity,
//!   "12%" → a percent, "three times" → a count or list, "1974" → a date), the one whose cues
//!   stand nearest the value, in the same clause first. A change ("rose 12%", "a 2.3% increase")
//!   prefers properties that measure changes, a level prefers the others.
//! - **Subject and qualifiers**: the entities the sentence names, by their role: after a
//!   preposition ("trade *with* Brazil", "investment *in* Kenya") an entity is a qualifier, as a
//!   possessive, an adjective or a sentence subject it is the subject; symmetric relations take
//!   the two nearest. What the sentence does not name comes from the article's main entities.
//! - **Time**: the nearest time expression of the clause, resolved against the publication date;
//!   a comparison basis ("from 2020", "a year earlier") belongs to the compared value only.
//!   Flows take `period`, states and running totals `as_of`.
//! - **Modality**: cue words before the value in its clause (aim, target → target; expected,
//!   could, will → forecast; estimated → estimate; reportedly → reported).
//!
//! Pure: the caller gives the text, the mentions and the vocabulary.

use super::fiscal::FiscalYear;
use super::lexicon::{self, ANAPHORIC_DETERMINERS, BASIS_WORDS, QUALIFIER_PREPOSITIONS};
use super::recognise::{self, Mention, MentionKind};
use super::timex::{self, Resolved, TimeRole};
use super::vocabulary::{self, CueMention, EntityForm, EntityMention, PropertyInfo, QualifierMention, VocabularyIndex};
use super::{Candidate, CandidateValue};
use crate::model::claim::{Modality, TimeKind};
use crate::model::date::DateValue;
use crate::model::ids::{EntityId, PropertyId};
use crate::model::syntax::{EntityResolver, parse_value};
use crate::model::value::{Value, ValueType};
use crate::model::vocab::Temporal;
use crate::source::fold_whitespace;
use crate::store::Store;

/// A value's subject id, its entity qualifiers (name, entity id), the spans of the entities used,
/// and whether the subject was named in the sentence (rather than assumed).
type Roles = (String, Vec<(String, String)>, Vec<Range<usize>>, bool);

/// A value's time scope (how, and the date as written), the index of the time mention used and
/// its span.
type Scope = (Option<(TimeKind, String)>, Option<usize>, Option<Range<usize>>);
use std::cell::RefCell;
use std::ops::Range;

/// The longest quote a candidate gets, in bytes: past it, the quote is the value's clause.
const MAX_QUOTE: usize = 320;

/// How far from a value (in bytes, either side) the words that decide its frame may stand.
const WINDOW: usize = 400;

/// How many words before a value a modality cue may stand ("aims, by 2025 and with its
/// partners, to reach ...").
const MODALITY_WORDS: usize = 40;

/// The index range of `items` (sorted by `key`) whose key falls in `range`.
fn within<T>(items: &[T], key: impl Fn(&T) -> usize, range: &Range<usize>) -> (usize, usize) {
    let from = items.partition_point(|item| key(item) < range.start);
    let to = items.partition_point(|item| key(item) < range.end);
    (from, to.max(from))
}

/// A value found but attached to no property: listed for a person to turn into a claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unattached {
    /// What kind of value.
    pub kind: MentionKind,
    /// The value as written.
    pub text: String,
    /// Where it is in the text.
    pub span: Range<usize>,
    /// The clause around it, as in the text.
    pub quote: String,
    /// Why no property was chosen.
    pub reason: String,
}

/// A time expression of a sentence, resolved.
#[derive(Clone, Debug)]
struct Time {
    mention: usize,
    span: Range<usize>,
    resolved: Resolved,
    /// True when the word before it makes it a comparison basis ("from 2020", "than in 2019").
    basis: bool,
    /// True when it is one of an enumeration of times ("in 2001, 2006 and 2013"): a list of
    /// dates is a value, not the time scope of another value.
    listed: bool,
}

/// Everything known about one sentence while its frames are chosen.
pub struct Sentence<'a> {
    /// The whole text.
    pub text: &'a str,
    /// The sentence's span.
    pub span: Range<usize>,
    /// Word spans, absolute.
    words: Vec<Range<usize>>,
    /// Lowercase words, parallel to `words`.
    lower: Vec<String>,
    /// Clause spans, absolute.
    clauses: Vec<Range<usize>>,
}

impl<'a> Sentence<'a> {
    /// Split `span` of `text` into words and clauses.
    pub fn new(text: &'a str, span: Range<usize>) -> Self {
        let slice = &text[span.clone()];
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in slice.char_indices() {
            let part = c.is_alphanumeric() || ((c == '.' || c == ',') && start.is_some()) || c == '\'' || c == '’';
            match (part, start) {
                (true, None) if c.is_alphanumeric() => start = Some(i),
                (false, Some(s)) => {
                    words.push(span.start + s..span.start + i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(span.start + s..span.end);
        }
        // Trim trailing punctuation off words ("2020," → "2020").
        for word in &mut words {
            while word.end > word.start && matches!(text.as_bytes()[word.end - 1], b'.' | b',' | b'\'') {
                word.end -= 1;
            }
        }
        words.retain(|w| w.end > w.start);
        let lower = words.iter().map(|w| text[w.clone()].to_lowercase().replace('’', "'")).collect();
        let mut clauses = Vec::new();
        let mut clause_start = span.start;
        for (i, c) in slice.char_indices() {
            let at = span.start + i;
            let boundary = matches!(c, ';' | ':' | '(' | ')' | '—' | '–')
                || (c == ',' && !slice[i + 1..].starts_with(|n: char| n.is_ascii_digit()));
            if boundary {
                if at > clause_start {
                    clauses.push(clause_start..at);
                }
                clause_start = at + c.len_utf8();
            }
        }
        if span.end > clause_start {
            clauses.push(clause_start..span.end);
        }
        Sentence { text, span, words, lower, clauses }
    }

    /// The index of the first word starting at or after `at`.
    fn word_at(&self, at: usize) -> usize {
        self.words.partition_point(|w| w.start < at)
    }

    /// Words strictly between two spans (0 when adjacent or overlapping).
    fn distance(&self, a: &Range<usize>, b: &Range<usize>) -> usize {
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        let from = self.word_at(first.end);
        let to = self.word_at(second.start);
        to.saturating_sub(from)
    }

    fn clause_of(&self, at: usize) -> usize {
        self.clauses.partition_point(|c| c.end < at).min(self.clauses.len().saturating_sub(1))
    }

    /// The lowercase word just before `at` (skipping `skip` words), if any.
    fn word_before(&self, at: usize, skip: usize) -> Option<&str> {
        let i = self.word_at(at);
        i.checked_sub(1 + skip).map(|k| self.lower[k].as_str())
    }

    /// The lowercase word just after `at`.
    fn word_after(&self, at: usize, skip: usize) -> Option<&str> {
        let i = self.words.partition_point(|w| w.start < at);
        self.lower.get(i + skip).map(String::as_str)
    }
}

/// The frame builder for one article.
pub struct Framer<'s> {
    store: &'s Store,
    index: &'s VocabularyIndex,
    published: DateValue,
    /// The article's most named entities, most named first (the sources it cites last).
    main_entities: Vec<EntityId>,
    /// The entities the article names at least once after a preposition of a qualifier ("trade
    /// with Borduria", "sales in Arcadia"): the only ones a qualifier the sentence leaves
    /// unnamed defaults to.
    objects: Vec<EntityId>,
    /// The entities the article names mostly as the source of its figures ("according to the
    /// ministry", "ASO figures", "the agency said"): never a subject when another entity can be.
    reporters: Vec<EntityId>,
    /// The declared text-qualifier values the article names, in text order.
    qualifier_values: Vec<QualifierMention>,
    /// Per text qualifier, its value when the article names only one ("COVID-19" throughout).
    qualifier_defaults: Vec<(String, String)>,
    /// The day of the article's event, when the text names one in the week before publication
    /// ("on Wednesday", "July 25"), with its words: the time of values whose sentence gives none.
    event_day: Option<(DateValue, String)>,
    /// The year most of the article's dated times fall in, when most do: the time of a flow
    /// whose sentence and paragraph give none ("Global emissions fell 5.8% in 2020 … Renewables
    /// reached 29%").
    topic_year: Option<i32>,
    /// How the article's fiscal years fall: declared by the article ("the year ended 2 March
    /// 2002") or by the convention of its currency. What "FY24", "2023-24" and "the current
    /// fiscal" mean.
    fiscal: Option<FiscalYear>,
    /// The year a results statement declares it reports on ("the 52 weeks to 2 March 2002"), with
    /// its words: the time of a flow whose sentence and paragraph give none.
    reporting: Option<(DateValue, String)>,
    /// The period the headline names ("From January 1 to July 6, the ministry records …"), with
    /// its words: the time of a flow whose sentence and paragraph give none.
    headline_period: Option<(DateValue, String)>,
    /// The entity kinds the vocabulary declares.
    kinds: Vec<String>,
    /// What earlier sentences said about time, for sentences that say it by reference.
    discourse: RefCell<Discourse>,
}

/// The times earlier sentences of the article set, in text order.
#[derive(Default)]
struct Discourse {
    /// Where the last sentence framed ended.
    last_end: usize,
    /// The time of a paragraph's opening adverbial ("In the 2014 polls, …"), with its words: the
    /// time of the paragraph's later values whose sentence gives none.
    topic: Option<(DateValue, String)>,
    /// The last period longer than a day a sentence named: what "the period", "the quarter", "the
    /// nine months" and "for the same period" refer to.
    last_period: Option<DateValue>,
    /// The first person (an entity of kind `person`) the last sentence naming one named: who "he"
    /// and "she" are.
    last_person: Option<EntityId>,
}

struct Resolver<'s>(&'s Store);

impl EntityResolver for Resolver<'_> {
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>> {
        self.0.entities.resolve(name).ok_or_else(Vec::new)
    }
}

/// What a value mention looks like in its sentence.
struct ValueContext {
    /// "rose 12%": +1; "fell 2.9%": -1; a level: 0.
    direction: i8,
    /// The word that gave the direction.
    direction_word: Option<String>,
    /// "from $5.7 billion", "than 500": the value is what another is compared with.
    basis: bool,
}

/// One scored property for a value.
struct PropertyChoice {
    property: PropertyId,
    score: f32,
    cue: Option<Range<usize>>,
}

impl<'s> Framer<'s> {
    /// A framer for an article of `text` published at `published`; the entities the whole text
    /// names (with the first line, the headline, counted thrice) become its main entities.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: &'s Store,
        index: &'s VocabularyIndex,
        text: &str,
        published: DateValue,
        entities: &[EntityMention],
        qualifier_values: Vec<QualifierMention>,
        times: &[Mention],
        headline_end: usize,
    ) -> Self {
        // The event: the day named most often in the week before publication, the first of
        // equals; the publication day itself does not count (datelines name it).
        // One pass over the article's times for both: the days it names and the years its dated
        // times fall in (comparison bases aside).
        let mut days: Vec<(DateValue, usize, &str)> = Vec::new();
        let mut years: Vec<(i32, usize)> = Vec::new();
        let mut dated = 0;
        let mut reporting: Option<(DateValue, String)> = None;
        let mut headline_period: Option<(DateValue, String)> = None;
        let mut fiscal: Option<FiscalYear> = None;
        for mention in times.iter().filter(|m| m.kind.is_time()) {
            let Some(resolved) = timex::resolve(&mention.text, &published, None) else { continue };
            let date = resolved.date;
            if mention.span.end <= headline_end
                && headline_period.is_none()
                && matches!(resolved.role, TimeRole::Plain | TimeRole::Since)
                && date.first != date.last
            {
                headline_period = Some((date, mention.text.clone()));
            }
            if fiscal.is_none()
                && resolved.role == TimeRole::Plain
                && let Some(declared) = FiscalYear::declared(&mention.text, &date)
            {
                fiscal = Some(declared);
                reporting = Some((date, mention.text.clone()));
            }
            // "Year ended 2 March 2002 … the 52 weeks to 2 March 2002": the year is of weeks.
            if let (Some(first), Some(declared)) = (fiscal, FiscalYear::declared(&mention.text, &date))
                && declared.in_weeks()
                && !first.in_weeks()
                && reporting.as_ref().is_some_and(|(d, _)| d.last == date.last)
            {
                fiscal = Some(declared);
                reporting = Some((date, mention.text.clone()));
            }
            let (first, last) = (date.first_year(), date.last_year());
            if resolved.role != TimeRole::Basis && first == last {
                dated += 1;
                match years.iter_mut().find(|(y, _)| *y == first) {
                    Some(entry) => entry.1 += 1,
                    None => years.push((first, 1)),
                }
            }
            let before = published.first.as_decimal() - date.first.as_decimal();
            if date.first != date.last || resolved.role != TimeRole::Plain || before <= 0.into() || before > 7.into() {
                continue;
            }
            match days.iter_mut().find(|(d, _, _)| *d == date) {
                Some(entry) => entry.1 += 1,
                None => days.push((date, 1, &mention.text)),
            }
        }
        let mut kinds: Vec<String> = store.entities.ids().map(|e| store.entities.get(e).kind.clone()).collect();
        kinds.sort();
        kinds.dedup();
        let topic_year =
            years.iter().max_by_key(|(_, n)| *n).filter(|(_, n)| 2 * n > dated && *n >= 2).map(|(y, _)| *y);
        let event_day = days
            .iter()
            .enumerate()
            .max_by_key(|(order, (_, count, _))| (*count, std::cmp::Reverse(*order)))
            .map(|(_, (date, _, written))| (*date, written.to_string()));
        let mut counts: Vec<(EntityId, usize, usize)> = Vec::new();
        for (order, mention) in entities.iter().enumerate() {
            let weight = if mention.span.start < headline_end { 3 } else { 1 };
            match counts.iter_mut().find(|(e, _, _)| *e == mention.entity) {
                Some(entry) => entry.1 += weight,
                None => counts.push((mention.entity, weight, order)),
            }
        }
        let mut cited: Vec<(EntityId, usize)> = Vec::new();
        for mention in entities.iter().filter(|m| cites(text, &m.span)) {
            match cited.iter_mut().find(|(e, _)| *e == mention.entity) {
                Some(entry) => entry.1 += 1,
                None => cited.push((mention.entity, 1)),
            }
        }
        let reporters: Vec<EntityId> = cited
            .iter()
            .filter(|(e, n)| {
                let all = entities.iter().filter(|m| m.entity == *e).count();
                2 * n >= all
            })
            .map(|(e, _)| *e)
            .collect();
        counts.sort_by_key(|(e, count, order)| (reporters.contains(e), std::cmp::Reverse(*count), *order));
        let fiscal = fiscal.or_else(|| fiscal_convention(store, times, &counts));
        let mut objects: Vec<EntityId> = Vec::new();
        for mention in entities {
            let before = before_name(text, mention.span.start);
            let word = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
            if QUALIFIER_PREPOSITIONS.contains(&word) && !objects.contains(&mention.entity) {
                objects.push(mention.entity);
            }
        }
        let mut named: Vec<(&str, Vec<&str>)> = Vec::new();
        for mention in &qualifier_values {
            match named.iter_mut().find(|(q, _)| *q == mention.qualifier) {
                Some((_, values)) if !values.contains(&mention.value.as_str()) => values.push(&mention.value),
                Some(_) => {}
                None => named.push((&mention.qualifier, vec![&mention.value])),
            }
        }
        let qualifier_defaults = named
            .iter()
            .filter(|(_, values)| values.len() == 1)
            .map(|(q, values)| (q.to_string(), values[0].to_string()))
            .collect();
        Framer {
            store,
            index,
            published,
            main_entities: counts.into_iter().map(|(e, _, _)| e).collect(),
            reporters,
            objects,
            qualifier_values,
            qualifier_defaults,
            event_day,
            topic_year,
            fiscal,
            reporting,
            headline_period,
            kinds,
            discourse: RefCell::new(Discourse::default()),
        }
    }

    /// True when the entity's declared kind is `kind` ("election", "club").
    fn is_kind(&self, entity: EntityId, kind: &str) -> bool {
        self.store.entities.get(entity).kind == kind
    }

    /// The article's main entity of the kind a qualifier names, when the vocabulary has that
    /// kind; else its main entity (not in `exclude`).
    fn main_of_kind(&self, qualifier: &str, exclude: &[EntityId]) -> Option<EntityId> {
        let mut others = self.main_entities.iter().copied().filter(|e| !exclude.contains(e));
        if self.kinds.iter().any(|k| k == qualifier) {
            others.find(|&e| self.is_kind(e, qualifier))
        } else {
            others.find(|e| self.objects.contains(e))
        }
    }

    fn entity_id(&self, entity: EntityId) -> String {
        self.store.entities.get(entity).id.clone()
    }

    /// The candidates and unattached values of one sentence, and how many more values were
    /// unattached than the `room` for them. `mentions` are the sentence's value and time mentions
    /// (text order), `entities` and `cues` those of the sentence.
    pub fn frames(
        &self,
        sentence: &Sentence<'_>,
        mentions: &[Mention],
        entities: &[EntityMention],
        cues: &[CueMention],
        room: usize,
    ) -> (Vec<Candidate>, Vec<Unattached>, usize) {
        let mut candidates = Vec::new();
        let mut unattached = Vec::new();
        let mut not_listed = 0;
        {
            let mut discourse = self.discourse.borrow_mut();
            let gap = sentence.text.get(discourse.last_end.min(sentence.span.start)..sentence.span.start).unwrap_or("");
            if gap.contains('\n') {
                discourse.topic = None;
            }
            discourse.last_end = sentence.span.end;
        }
        // "He", "she", "his", "her" before any person the sentence names: the person named last.
        let resolved_pronouns;
        let entities = match self.pronouns(sentence, entities) {
            Some(with_pronouns) => {
                resolved_pronouns = with_pronouns;
                &resolved_pronouns[..]
            }
            None => entities,
        };
        if let Some(person) = entities.iter().find(|e| self.is_kind(e.entity, "person")) {
            self.discourse.borrow_mut().last_person = Some(person.entity);
        }
        let mut times = self.times(sentence, mentions);
        // A year inside a name is part of the name: "the 2024 Arcadian Games".
        times.retain(|t| {
            let k = entities.partition_point(|e| e.span.start <= t.span.start);
            k.checked_sub(1).is_none_or(|k| t.span.end > entities[k].span.end)
        });
        let topic = self.discourse.borrow().topic.clone();
        let mut used_times: Vec<usize> = Vec::new();
        let mut previous: Option<(PropertyId, MentionKind)> = None;
        for (i, mention) in mentions.iter().enumerate() {
            if mention.kind.is_time() {
                continue;
            }
            if self.is_not_a_value(sentence, mentions, i, entities) {
                continue;
            }
            let context = self.context(sentence, mention);
            // Only what stands near the value can decide its frame: a window of the sentence keeps
            // the cost linear however long the sentence is.
            let window = mention.span.start.saturating_sub(WINDOW)..mention.span.end + WINDOW;
            let (m_from, m_to) = within(mentions, |m| m.span.start, &window);
            let near_mentions = &mentions[m_from..m_to];
            let (t_from, t_to) = within(&times, |t| t.span.start, &window);
            let (e_from, e_to) = within(entities, |e| e.span.start, &window);
            let (c_from, c_to) = within(cues, |c| c.span.start, &window);
            let near_times: Vec<Time> = times[t_from..t_to]
                .iter()
                .map(|t| Time { mention: t.mention - m_from.min(t.mention), ..t.clone() })
                .collect();
            let result = self.frame(
                sentence,
                near_mentions,
                i - m_from,
                &context,
                &entities[e_from..e_to],
                &cues[c_from..c_to],
                &near_times,
                topic.as_ref(),
                previous,
            );
            match result.map(|(c, t)| (c, t.map(|t| t + m_from))) {
                Ok((candidate, time)) => {
                    used_times.extend(time);
                    previous = self.store.property_named(&candidate.property).map(|id| (id, mention.kind));
                    candidates.push(candidate);
                }
                Err(reason) => {
                    // Ordinals in words ("first", "second") are too common to list when they
                    // attach to nothing; "25th" is listed.
                    let digits = mention.text.starts_with(|c: char| c.is_ascii_digit());
                    if (!matches!(mention.kind, MentionKind::Ordinal) || digits) && unattached.len() >= room {
                        not_listed += 1;
                    } else if !matches!(mention.kind, MentionKind::Ordinal) || digits {
                        unattached.push(Unattached {
                            kind: mention.kind,
                            text: mention.text.clone(),
                            span: mention.span.clone(),
                            quote: self.clause_text(sentence, &mention.span),
                            reason,
                        });
                    }
                }
            }
        }
        self.remember_times(sentence, mentions, &times);
        // Dates that are values: "relations were established in 1974". Only time expressions no
        // value of the sentence took as its time, and only with a date property's cue nearby.
        let mut list_done: Vec<usize> = Vec::new();
        for time in &times {
            if used_times.contains(&time.mention) || time.basis || list_done.contains(&time.mention) {
                continue;
            }
            let window = time.span.start.saturating_sub(WINDOW)..time.span.end + WINDOW;
            let (e_from, e_to) = within(entities, |e| e.span.start, &window);
            let (c_from, c_to) = within(cues, |c| c.span.start, &window);
            let (t_from, t_to) = within(&times, |t| t.span.start, &window);
            if let Some(candidate) = self.date_frame(
                sentence,
                mentions,
                time,
                &times[t_from..t_to],
                &entities[e_from..e_to],
                &cues[c_from..c_to],
                &mut list_done,
            ) {
                candidates.push(candidate);
            }
        }
        (candidates, unattached, not_listed)
    }

    /// Resolve the sentence's time expressions; those relative to the sentence ("a year earlier")
    /// are resolved against its nearest absolute time.
    fn times(&self, sentence: &Sentence<'_>, mentions: &[Mention]) -> Vec<Time> {
        let mut out: Vec<Time> = Vec::new();
        for (i, mention) in mentions.iter().enumerate() {
            if !mention.kind.is_time() {
                continue;
            }
            let resolved = match self.anaphora(sentence, mention) {
                Some(date) => Resolved { date, role: TimeRole::Plain, relative: true },
                None => match timex::resolve_in(&mention.text, &self.published, None, self.fiscal.as_ref()) {
                    Some(resolved) => resolved,
                    None => continue,
                },
            };
            // In a statement of a declared year, "(2001: £52.0m)" is the fiscal year 2001.
            let resolved = match self.fiscal.filter(|f| f.declared) {
                Some(fiscal)
                    if sentence.text[..mention.span.start].trim_end().ends_with('(')
                        && sentence.text[mention.span.end..].starts_with(':') =>
                {
                    let year = mention.text.parse::<i32>().ok().and_then(|y| fiscal.named(y));
                    year.map_or(resolved, |date| Resolved { date, ..resolved })
                }
                _ => resolved,
            };
            // "during the same period last year" is the time of the value it follows, resolved
            // against the sentence's time like any basis.
            let own = matches!(sentence.word_before(mention.span.start, 0), Some("during" | "in" | "for" | "over"));
            let basis = (resolved.role == TimeRole::Basis && !own) || self.is_basis_time(sentence, mentions, i);
            out.push(Time { mention: i, span: mention.span.clone(), resolved, basis, listed: false });
        }
        // "the Treaty of Friendship (1994)": a date in brackets belongs to the name before it.
        for time in &mut out {
            let before = sentence.text[..time.span.start].trim_end().ends_with('(');
            let after = sentence.text[time.span.end..].trim_start().starts_with(')');
            if before && after {
                time.listed = true;
            }
        }
        for k in 1..out.len() {
            let gap = sentence.text[out[k - 1].span.end..out[k].span.start].trim();
            if matches!(gap, "," | "and" | ", and" | "or" | ", or") {
                out[k - 1].listed = true;
                out[k].listed = true;
            }
        }
        // Re-resolve bases against the nearest earlier non-basis time of the sentence.
        let anchors: Vec<(Range<usize>, DateValue)> = out
            .iter()
            .filter(|t| !t.basis && !t.resolved.relative)
            .map(|t| (t.span.clone(), t.resolved.date))
            .collect();
        for time in &mut out {
            if time.resolved.role != TimeRole::Basis {
                continue;
            }
            let before = anchors.partition_point(|(span, _)| span.start < time.span.start);
            // Without a time of its own, the sentence speaks of the period named last: "The
            // July-to-September quarter … up 70% from the same period last year".
            let anchor = before
                .checked_sub(1)
                .and_then(|k| anchors.get(k))
                .or_else(|| anchors.first())
                .map(|(_, d)| *d)
                .or_else(|| self.discourse.borrow().last_period);
            if let Some(anchor) = anchor
                && let Some(resolved) = timex::resolve_in(
                    &mentions[time.mention].text,
                    &self.published,
                    Some(&anchor),
                    self.fiscal.as_ref(),
                )
            {
                time.resolved = resolved;
            }
        }
        out
    }

    /// The sentence's entities with "he", "she", "his" and "her" standing for the person named
    /// last, when they come before any person the sentence names; `None` when there are none.
    fn pronouns(&self, sentence: &Sentence<'_>, entities: &[EntityMention]) -> Option<Vec<EntityMention>> {
        let person = self.discourse.borrow().last_person?;
        let first_person =
            entities.iter().find(|e| self.is_kind(e.entity, "person")).map_or(usize::MAX, |e| e.span.start);
        let mut out: Vec<EntityMention> = entities.to_vec();
        for (k, word) in sentence.lower.iter().enumerate() {
            let span = &sentence.words[k];
            if span.start >= first_person {
                break;
            }
            if matches!(word.as_str(), "he" | "she" | "his" | "her" | "him") {
                out.push(EntityMention { span: span.clone(), entity: person, form: EntityForm::Name });
            }
        }
        if out.len() == entities.len() {
            return None;
        }
        out.sort_by_key(|e| e.span.start);
        Some(out)
    }

    /// The period a time expression refers back to: "in the period", "for the nine months", "in
    /// the quarter", "for the same period" (not "from the same period": that is a comparison).
    fn anaphora(&self, sentence: &Sentence<'_>, mention: &Mention) -> Option<DateValue> {
        let text = fold_whitespace(&mention.text).to_lowercase();
        if !timex::is_reference(&text) {
            return None;
        }
        // "the period covering January 1 to June 30", "the period from …": the named period follows.
        if matches!(
            sentence.word_after(mention.span.end, 0),
            Some("covering" | "from" | "of" | "between" | "ending" | "ended" | "to" | "through" | "since")
        ) {
            return None;
        }
        let same = text.starts_with("the same ");
        if same
            && !matches!(sentence.word_before(mention.span.start, 0), Some("for" | "in" | "during" | "over" | "within"))
        {
            return None;
        }
        self.discourse.borrow().last_period
    }

    /// After a sentence: its opening time becomes the paragraph's topic ("In the 2014 polls, the
    /// party won 282 seats. The Congress won 44."), and its last period longer than a day is what
    /// later references to "the period" mean.
    fn remember_times(&self, sentence: &Sentence<'_>, mentions: &[Mention], times: &[Time]) {
        let mut discourse = self.discourse.borrow_mut();
        let first_value = mentions.iter().find(|m| !m.kind.is_time()).map_or(usize::MAX, |m| m.span.start);
        if let Some(time) = times.iter().find(|t| !t.basis && !t.listed)
            && time.span.start < first_value
            && sentence.clause_of(time.span.start) == 0
            && sentence.word_at(time.span.start) <= 3
            && matches!(time.resolved.role, TimeRole::Plain)
        {
            let written = sentence.text[time.span.clone()].to_string();
            discourse.topic = Some((time.resolved.date, written));
        }
        if let Some(time) =
            times.iter().rev().find(|t| !t.basis && !t.listed && t.resolved.date.first != t.resolved.date.last)
        {
            discourse.last_period = Some(time.resolved.date);
        }
    }

    /// "from 2020", "than in 2019", "compared with 2020", "12% on 2022": a time the value is
    /// compared with.
    fn is_basis_time(&self, sentence: &Sentence<'_>, mentions: &[Mention], i: usize) -> bool {
        let span = &mentions[i].span;
        let text = mentions[i].text.to_lowercase();
        // "from 2020" is a basis; "from June 30 to July 6" a range.
        if text.starts_with("from ") && ![" to ", " until ", " through ", "-", "–"].iter().any(|s| text.contains(s)) {
            return true;
        }
        let before = sentence.word_before(span.start, 0);
        let before2 = sentence.word_before(span.start, 1);
        let skip_in =
            if before == Some("in") { (before2, sentence.word_before(span.start, 2)) } else { (before, before2) };
        match skip_in.0 {
            Some("from" | "than" | "versus" | "vs" | "against") => true,
            Some("with" | "to") => matches!(skip_in.1, Some("compared" | "comparison" | "relative")),
            Some("on" | "over") => {
                // "up 12% on 2022": right after a value.
                let word_start = sentence.word_at(span.start).saturating_sub(1);
                let on_at = sentence.words.get(word_start).map_or(0, |w| w.start);
                i.checked_sub(1)
                    .and_then(|k| mentions.get(k))
                    .is_some_and(|m| !m.kind.is_time() && sentence.distance(&m.span, &(on_at..on_at)) == 0)
            }
            _ => false,
        }
    }

    /// Numbers that are not values: "one of the", "the two countries", "both".
    fn is_not_a_value(
        &self,
        sentence: &Sentence<'_>,
        mentions: &[Mention],
        i: usize,
        entities: &[EntityMention],
    ) -> bool {
        let mention = &mentions[i];
        let lower = mention.text.to_lowercase();
        let small_word = matches!(lower.as_str(), "one" | "two" | "three" | "first" | "second");
        if mention.kind == MentionKind::Count && lower == "one" {
            return true;
        }
        if small_word {
            if let Some(before) = sentence.word_before(mention.span.start, 0)
                && ANAPHORIC_DETERMINERS.contains(&before)
            {
                return true;
            }
            if sentence.word_after(mention.span.end, 0) == Some("of") {
                return true;
            }
        }
        // List numbering: "1." or "2)" opening a line.
        if mention.kind == MentionKind::Count && mention.text.bytes().all(|b| b.is_ascii_digit()) {
            let text = sentence.text;
            // Only blanks between the line's start and the number (a scan as long as the blanks).
            let before = text[..mention.span.start].trim_end_matches([' ', '\t']);
            let opens_line = before.is_empty() || before.ends_with('\n');
            if opens_line && text[mention.span.end..].starts_with(['.', ')']) {
                return true;
            }
        }
        // A superlative alone is a rank only after "the" or a possessive: "the largest carmaker",
        // "Kenya's biggest bank" — not "largest ever", "biggest gains".
        if mention.kind == MentionKind::Ordinal && matches!(lower.as_str(), "largest" | "biggest" | "highest") {
            let before = sentence.word_before(mention.span.start, 0);
            let possessive = before.is_some_and(|w| w.ends_with("'s"));
            if !possessive && !matches!(before, Some("the" | "single" | "its" | "their" | "his" | "her")) {
                return true;
            }
        }
        // An ordinal before a capitalised word names something: "the 13th National Party
        // Congress", "the 21st Century" — unless the word opens a name of the vocabulary: "her
        // third Borduria visit" counts visits.
        if mention.kind == MentionKind::Ordinal {
            let k = sentence.word_at(mention.span.end);
            if let Some(next) = sentence.words.get(k)
                && sentence.text[next.clone()].chars().next().is_some_and(char::is_uppercase)
                && sentence.text.get(mention.span.end..next.start).is_some_and(|gap| gap.trim().is_empty())
                && entities.binary_search_by_key(&next.start, |e| e.span.start).is_err()
            {
                return true;
            }
        }
        // A number right after a capitalised word that is no function word is part of a name:
        // "Boeing 737", "Vision 2030", "Section 8".
        if matches!(mention.kind, MentionKind::Count) && mention.text.chars().all(|c| c.is_ascii_digit()) {
            let k = sentence.word_at(mention.span.start);
            // Only a number right after the word: "Lopez, 33," gives an age.
            let adjacent = k > 0
                && sentence
                    .text
                    .get(sentence.words[k - 1].end..mention.span.start)
                    .is_some_and(|gap| gap.trim().is_empty());
            if adjacent {
                let word = &sentence.text[sentence.words[k - 1].clone()];
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                let first_of_sentence = k - 1 == 0;
                let function = QUALIFIER_PREPOSITIONS.contains(&sentence.lower[k - 1].as_str())
                    || matches!(
                        sentence.lower[k - 1].as_str(),
                        "by" | "of"
                            | "the"
                            | "about"
                            | "over"
                            | "some"
                            | "nearly"
                            | "only"
                            | "just"
                            | "total"
                            | "reached"
                            | "with"
                    );
                if capital && !first_of_sentence && !function {
                    return true;
                }
            }
        }
        false
    }

    fn context(&self, sentence: &Sentence<'_>, mention: &Mention) -> ValueContext {
        let mut direction = 0;
        let mut direction_word = None;
        // Before: "rose 12%", "rose by 12%", "down nearly 3%"; not "rose to 12%" (a level).
        for skip in 0..3 {
            let Some(word) = sentence.word_before(mention.span.start, skip) else { break };
            if skip > 0 && matches!(word, "to") {
                break;
            }
            let d = lexicon::direction(word);
            if d != 0 && !matches!(word, "more" | "less" | "higher" | "lower") {
                direction = d;
                direction_word = Some(word.to_string());
                break;
            }
            if !matches!(
                word,
                "by" | "a"
                    | "an"
                    | "some"
                    | "about"
                    | "around"
                    | "nearly"
                    | "almost"
                    | "just"
                    | "roughly"
                    | "slightly"
                    | "sharply"
                    | "only"
            ) {
                break;
            }
        }
        // After: "a 2.3% increase", "12% higher", "2.9 percent drop".
        if direction == 0
            && matches!(mention.kind, MentionKind::Percent | MentionKind::Money | MentionKind::Quantity)
            && let Some(word) = sentence.word_after(mention.span.end, 0)
        {
            let d = lexicon::direction(word);
            let level_word =
                matches!(word, "more" | "less") && sentence.word_after(mention.span.end, 1) == Some("than");
            if d != 0 && !level_word {
                direction = d;
                direction_word = Some(word.to_string());
            }
        }
        let before = sentence.word_before(mention.span.start, 0);
        let basis = matches!(before, Some("from" | "than" | "versus" | "vs" | "against"))
            || (matches!(before, Some("with" | "to"))
                && sentence.word_before(mention.span.start, 1) == Some("compared"));
        let _ = BASIS_WORDS;
        ValueContext { direction, direction_word, basis }
    }

    /// True when the words from `from` to `to` hold no function word, so that a cue there is the
    /// head of the value's noun phrase ("12 Brazilian Embraer E195 passenger aircraft").
    fn plain_words_between(&self, sentence: &Sentence<'_>, from: usize, to: usize) -> bool {
        let (a, b) = (sentence.word_at(from), sentence.word_at(to));
        sentence.lower[a..b.max(a)]
            .iter()
            .all(|w| !lexicon::FUNCTION_WORDS.contains(&w.as_str()) && !w.ends_with("ed") && !w.ends_with("ing"))
    }

    fn score_properties(
        &self,
        sentence: &Sentence<'_>,
        span: &Range<usize>,
        fits: &dyn Fn(&crate::model::vocab::Property) -> bool,
        change: bool,
        cues: &[CueMention],
        other_values: &[Range<usize>],
    ) -> Vec<PropertyChoice> {
        let clause = sentence.clause_of(span.start);
        let value_text = sentence.text[span.clone()].to_lowercase();
        let forward = value_text.ends_with("anniversary") || value_text.ends_with("since") || {
            let next = sentence.word_after(span.end, 0);
            matches!(next, Some("since" | "anniversary")) || (next == Some("of") && value_text.ends_with("anniversary"))
        };
        let mut choices: Vec<PropertyChoice> = Vec::new();
        for cue in cues {
            let property = self.store.property(cue.property);
            if !fits(property) {
                continue;
            }
            let distance = sentence.distance(&cue.span, span) as f32;
            let after = cue.span.start >= span.end;
            // A cue after the value counts only close by ("seven agreements", "$3bn in exports"),
            // except after a time that counts from an event ("30 years since the signing of the
            // treaty", "the 50th anniversary of diplomatic relations").
            let noun_phrase = after && distance <= 6.0 && self.plain_words_between(sentence, span.end, cue.span.start);
            if after && !noun_phrase && distance > if forward { 10.0 } else { 3.0 } {
                continue;
            }
            // A cue separated from this value by another value belongs rather to that one.
            let between = other_values.iter().any(|v| {
                (v.start >= cue.span.end && v.end <= span.start) || (v.start >= span.end && v.end <= cue.span.start)
            });
            let mut weight = cue.weight / (1.0 + distance / 3.0);
            if sentence.clause_of(cue.span.start) != clause {
                weight *= 0.5;
            }
            if between {
                weight *= 0.5;
            }
            match choices.iter_mut().find(|c| c.property == cue.property) {
                Some(choice) => {
                    if weight > choice.score {
                        choice.cue = Some(cue.span.clone());
                    }
                    choice.score = choice.score.max(weight) + 0.2 * choice.score.min(weight);
                }
                None => {
                    choices.push(PropertyChoice { property: cue.property, score: weight, cue: Some(cue.span.clone()) })
                }
            }
        }
        // A change prefers properties of changes; a level the others.
        let any_change = choices.iter().any(|c| self.index.property(c.property).is_change);
        let any_level = choices.iter().any(|c| !self.index.property(c.property).is_change);
        for choice in &mut choices {
            let is_change = self.index.property(choice.property).is_change;
            if change && !is_change && any_change {
                choice.score *= 0.3;
            }
            if !change && is_change && any_level {
                choice.score *= 0.3;
            }
        }
        choices.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.property.cmp(&b.property)));
        choices
    }

    #[allow(clippy::too_many_arguments)]
    fn frame(
        &self,
        sentence: &Sentence<'_>,
        mentions: &[Mention],
        i: usize,
        context: &ValueContext,
        entities: &[EntityMention],
        cues: &[CueMention],
        times: &[Time],
        topic: Option<&(DateValue, String)>,
        previous: Option<(PropertyId, MentionKind)>,
    ) -> Result<(Candidate, Option<usize>), String> {
        // "ranked 24", "No. 3": a bare number that is a rank.
        let ranked = mentions[i].kind == MentionKind::Count
            && mentions[i].text.bytes().all(|b| b.is_ascii_digit())
            && matches!(sentence.word_before(mentions[i].span.start, 0), Some("ranked" | "ranks" | "rank" | "no"));
        let ranked_mention;
        let mention = if ranked {
            ranked_mention = Mention { kind: MentionKind::Ordinal, value: None, ..mentions[i].clone() };
            &ranked_mention
        } else {
            &mentions[i]
        };
        let units = &self.store.units;
        let change = context.direction != 0;
        let other_values: Vec<Range<usize>> = mentions
            .iter()
            .enumerate()
            .filter(|(k, m)| *k != i && !m.kind.is_time())
            .map(|(_, m)| m.span.clone())
            .collect();
        // A bare scaled number next to money in the same sentence is money too ("exports of $3
        // billion and imports of 2.1 billion").
        let sentence_currency = mentions.iter().find_map(|m| match (&m.kind, &m.value) {
            (MentionKind::Money, Some(Value::Number(measure))) => measure.unit,
            _ => None,
        });
        let bare_money = mention.kind == MentionKind::Count
            && sentence_currency.is_some()
            && matches!(&mention.value, Some(Value::Number(m)) if m.amount.numbers().any(|n| n.scale_exponent > 0 || !n.value.fract().is_zero()));
        let fits = |property: &crate::model::vocab::Property| {
            vocabulary::fits(property, mention.kind, mention.value.as_ref(), units)
                || (bare_money && vocabulary::fits(property, MentionKind::Money, None, units))
        };
        let choices = self.score_properties(sentence, &mention.span, &fits, change, cues, &other_values);
        // A value with no cue of its own, of the kind of the value before it in the sentence, is
        // more of the same: "the north had 15,826 cases, followed by the south with
        // 9,354", "52% and 48%", "from 16,766 in 2021 to 47,638 in 2022".
        let inherited;
        // "Turnover £449.0m (2001: £393.3m)": the figure a time labels in brackets is the same
        // measure as the one the brackets follow, for another time.
        let labelled = bracket_around(sentence, mention.span.start).is_some_and(|bracket| {
            let label = sentence.text[bracket.start + 1..mention.span.start].trim_end();
            label.ends_with(':') && label.bytes().any(|b| b.is_ascii_digit()) && label.len() <= 16
        });
        let choices =
            match previous.filter(|(p, kind)| labelled && *kind == mention.kind && fits(self.store.property(*p))) {
                Some((property, _)) => vec![PropertyChoice { property, score: 0.6, cue: None }],
                None => choices,
            };
        let best = match choices.first().filter(|c| c.score >= 0.2) {
            Some(best) => Some(best),
            None => match previous.filter(|(p, kind)| *kind == mention.kind && fits(self.store.property(*p))) {
                Some((property, _)) => {
                    inherited = PropertyChoice { property, score: 0.3, cue: None };
                    Some(&inherited)
                }
                None => None,
            },
        };
        let Some(best) = best else {
            let any_fit = self.store.properties().any(|(_, p)| fits(p));
            return Err(if any_fit {
                "no property's cue words are near it".to_string()
            } else {
                format!("no property of the vocabulary takes a {} value", mention.kind.macro_name())
            });
        };
        let property = self.store.property(best.property);
        let info = self.index.property(best.property);
        // The value as it will be written.
        let mut written = recognise::as_written(&fold_whitespace(&mention.text));
        if bare_money
            && let Some(unit) = sentence_currency
            && !matches!(property.value_type, ValueType::Count | ValueType::List(_))
        {
            written = format!("{written} {}", units.get(unit).display);
        }
        if context.direction < 0
            && matches!(mention.kind, MentionKind::Percent | MentionKind::Money | MentionKind::Quantity)
        {
            written = negate(&written);
        }
        let resolver = Resolver(self.store);
        let parsed = match parse_value(&written, &property.value_type, units, &resolver) {
            Ok(v) => v,
            Err(_) => match parse_value(&fold_whitespace(&mention.text), &property.value_type, units, &resolver) {
                Ok(v) => {
                    written = fold_whitespace(&mention.text);
                    v
                }
                Err(e) => return Err(format!("`{}` is not a value of `{}`: {}", mention.text, property.id, e.message)),
            },
        };
        let mut why = Vec::new();
        match &best.cue {
            Some(cue) => why.push(format!("property `{}` from \"{}\"", property.id, &sentence.text[cue.clone()])),
            None => why.push(format!("property `{}`, as the value before it", property.id)),
        }
        let (subject, mut qualifiers, mut entity_spans, subject_sure) =
            self.roles(sentence, &mention.span, info, entities, &cue_spans(cues, best.property), &mut why);
        self.text_qualifiers(sentence, &mention.span, info, &mut qualifiers, &mut entity_spans, &mut why);
        let (time, time_mention, time_span) =
            self.time_scope(sentence, mention, context, info, &parsed, times, topic, &mut why);
        let modality = self.modality(sentence, &mention.span, context, &mut why);
        if let Some(word) = &context.direction_word {
            why.push(format!("{} from \"{word}\"", if context.direction < 0 { "a decrease" } else { "an increase" }));
        }
        // Confidence: how clearly the property won, whether the sentence names the entities, and
        // whether it gives a time.
        let margin = match choices.get(1) {
            Some(second) => best.score / (best.score + second.score),
            None => 1.0,
        };
        let property_confidence = (0.5 + 0.5 * margin) * best.score.clamp(0.4, 1.0);
        let time_confidence = if time.is_some() || info.temporal != Temporal::Flow { 1.0 } else { 0.8 };
        let confidence =
            (property_confidence * if subject_sure { 1.0 } else { 0.75 } * time_confidence).clamp(0.05, 0.99);
        let mut covered = vec![mention.span.clone()];
        covered.extend(best.cue.clone());
        covered.extend(time_span);
        covered.extend(entity_spans);
        let quote_span = self.quote_span(sentence, &mention.span, &covered);
        let candidate = Candidate {
            pattern: "vocabulary".into(),
            subject,
            property: property.id.clone(),
            qualifiers,
            value: CandidateValue::Written(written),
            time,
            modality,
            compared_with: Vec::new(),
            rank: None,
            among: None,
            exhaustive: true,
            quote: sentence.text[quote_span.clone()].to_string(),
            quote_span,
            value_span: Some(mention.span.clone()),
            kind: Some(mention.kind),
            why: why.join("; "),
            confidence,
        };
        Ok((candidate, time_mention))
    }

    /// Subject and entity qualifiers for a value at `span`, the spans of the entities used, and
    /// whether the subject came from the sentence.
    fn roles(
        &self,
        sentence: &Sentence<'_>,
        span: &Range<usize>,
        info: &PropertyInfo,
        entities: &[EntityMention],
        property_cues: &[Range<usize>],
        why: &mut Vec<String>,
    ) -> Roles {
        let clause = sentence.clause_of(span.start);
        // Each entity with its role in the sentence and its distance to the value.
        struct Seen {
            entity: EntityId,
            span: Range<usize>,
            qualifier_like: bool,
            subject_like: bool,
            cost: f32,
        }
        let mut seen: Vec<Seen> = Vec::new();
        for mention in entities {
            if seen.iter().any(|s| s.entity == mention.entity) {
                continue;
            }
            let mut skip = 0;
            while sentence.word_before(mention.span.start, skip).is_some_and(|w| w == "the") {
                skip += 1;
            }
            let preposition = sentence.word_before(mention.span.start, skip);
            // Right after the property's cue, an entity is its object: "visited Kenya",
            // "exports to Kenya" (the preposition says so already), "reached the EU".
            let after_cue = property_cues.iter().any(|c| {
                c.end <= mention.span.start && sentence.word_at(mention.span.start) == sentence.word_at(c.end) + skip
            });
            // Right after a verb's participle, too: "winning the Arcadian race", "defeated Borduria".
            let after_verb = preposition.is_some_and(|w| {
                (w.ends_with("ing") || w.ends_with("ed")) && w.len() > 4 && !lexicon::FUNCTION_WORDS.contains(&w)
            }) && mention.form == EntityForm::Name;
            let object = after_cue || after_verb;
            // A name right before the cue modifies it like an object: "her third Borduria visit".
            let in_noun_phrase = sentence.word_before(mention.span.start, 0).is_some_and(|w| {
                matches!(w, "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "this")
                    || crate::model::lexicon::ordinal_word(w).is_some()
                    || w.find(|c: char| !c.is_ascii_digit())
                        .is_some_and(|at| at > 0 && crate::model::lexicon::is_ordinal_suffix(&w[at..]))
            });
            let modifies_cue = mention.form == EntityForm::Name
                && in_noun_phrase
                && property_cues
                    .iter()
                    .any(|c| c.start >= mention.span.end && sentence.text[mention.span.end..c.start].trim().is_empty());
            let qualifier_like =
                object || modifies_cue || preposition.is_some_and(|p| QUALIFIER_PREPOSITIONS.contains(&p));
            let possessive = sentence.text[mention.span.end..].starts_with("'s")
                || sentence.text[mention.span.end..].starts_with("’s");
            let subject_like = possessive
                || mention.form == EntityForm::Adjective
                || (!qualifier_like || preposition == Some("of")) && !object;
            let mut cost = sentence.distance(&mention.span, span) as f32;
            if sentence.clause_of(mention.span.start) != clause {
                cost += 6.0;
            }
            // Who reports a figure is not what it is about: "the health department said",
            // "according to the ministry".
            let reporter = cites(sentence.text, &mention.span);
            // An adjective that modifies another name is not the subject: "Bordurian Ana
            // Lopez", "Arcadian runner Ana Lopez".
            let modifier = mention.form == EntityForm::Adjective
                && entities.iter().any(|other| {
                    other.entity != mention.entity
                        && other.form == EntityForm::Name
                        && other.span.start >= mention.span.end
                        && sentence.distance(&mention.span, &other.span) <= 2
                });
            // "Ana Lopez of the Green Party", "a runner of Borduria": the name after "of" qualifies
            // the name before it, which is the subject.
            let of_another = preposition == Some("of")
                && entities.iter().any(|other| {
                    other.entity != mention.entity
                        && other.span.end <= mention.span.start
                        && matches!(
                            sentence.text[other.span.end..mention.span.start].trim().trim_start_matches(',').trim(),
                            "of" | "of the"
                        )
                });
            if reporter || modifier || of_another {
                cost += 5.0;
            }
            // The article's source is not what its figures are about while something else can be.
            if self.reporters.contains(&mention.entity)
                && self.main_entities.first().is_some_and(|e| !self.reporters.contains(e))
            {
                continue;
            }
            seen.push(Seen { entity: mention.entity, span: mention.span.clone(), qualifier_like, subject_like, cost });
        }
        let by_cost = |a: &&Seen, b: &&Seen| a.cost.total_cmp(&b.cost);
        let mut used_spans = Vec::new();
        let mut qualifiers = Vec::new();
        let main = |exclude: &[EntityId]| self.main_entities.iter().copied().find(|e| !exclude.contains(e));
        let name = |e: EntityId, seen: &[Seen]| match seen.iter().find(|s| s.entity == e) {
            Some(s) => format!("\"{}\"", &sentence.text[s.span.clone()]),
            None => "the article's main entities".to_string(),
        };
        let (subject, subject_sure) = if info.entity_qualifiers.is_empty() {
            let best = seen.iter().filter(|s| s.subject_like).min_by(by_cost).or_else(|| seen.iter().min_by(by_cost));
            match best {
                Some(s) => {
                    used_spans.push(s.span.clone());
                    (Some(s.entity), true)
                }
                None => (main(&[]), false),
            }
        } else {
            let symmetric = info.symmetric.is_some();
            // The qualifier the subject's counterpart fills: the first whose name is a kind of
            // entity ("election"), else the first declared.
            let qualifier_name = info
                .entity_qualifiers
                .iter()
                .find(|q| self.kinds.contains(q))
                .unwrap_or(&info.entity_qualifiers[0])
                .clone();
            let (subject, qualifier) = if symmetric {
                let mut nearest: Vec<&Seen> = seen.iter().collect();
                nearest.sort_by(by_cost);
                // The two parties of a symmetric relation are things of one kind (two countries,
                // two people): the nearest pair, a pair of different kinds counting as farther.
                let kind = |e: EntityId| self.store.entities.get(e).kind.as_str();
                let mut pair: Vec<&Seen> = nearest.iter().take(1).copied().collect();
                let mut best_cost = f32::INFINITY;
                for (x, a) in nearest.iter().enumerate() {
                    for b in nearest.iter().skip(x + 1) {
                        let cost = a.cost + b.cost + if kind(a.entity) == kind(b.entity) { 0.0 } else { 6.0 };
                        if cost < best_cost {
                            best_cost = cost;
                            pair = vec![*a, *b];
                        }
                    }
                }
                pair.sort_by_key(|s| s.span.start);
                match pair.as_slice() {
                    [a, b] => (Some(a.entity), Some(b.entity)),
                    // "trade with Borduria": the one named after a preposition is the partner.
                    [a] if a.qualifier_like && main(&[a.entity]).is_some() => (main(&[a.entity]), Some(a.entity)),
                    [a] => (Some(a.entity), main(&[a.entity])),
                    _ => {
                        // "The bilateral legal framework consists of ...": the article's two main
                        // entities.
                        let first = main(&[]);
                        (first, first.and_then(|f| main(&[f])))
                    }
                }
            } else {
                // The subject and the qualifier together: each entity costs its distance, more in
                // the role its position does not suggest; a role no entity of the sentence fills
                // goes to the article's main entities.
                // An entity whose kind is a qualifier's name ("election" for `election`) is that
                // qualifier rather than the subject.
                let qualifier_kind = |s: &Seen| info.entity_qualifiers.iter().any(|q| self.is_kind(s.entity, q));
                let as_subject = |s: &Seen| {
                    s.cost + if s.subject_like { 0.0 } else { 4.0 } + if qualifier_kind(s) { 4.0 } else { 0.0 }
                };
                let as_qualifier = |s: &Seen| {
                    let kind_fits = self.is_kind(s.entity, &qualifier_name);
                    let wrong_kind = self.kinds.contains(&qualifier_name) && !kind_fits;
                    s.cost + if s.qualifier_like || kind_fits { 0.0 } else { 4.0 } + if wrong_kind { 6.0 } else { 0.0 }
                };
                const MISSING: f32 = 5.0;
                let mut best: (f32, Option<&Seen>, Option<&Seen>) = (f32::INFINITY, None, None);
                for a in &seen {
                    for b in &seen {
                        if a.entity == b.entity {
                            continue;
                        }
                        // English puts the subject first: "the president has visited the UAE three times".
                        let order = if a.span.start > b.span.start { 1.0 } else { 0.0 };
                        let cost = as_subject(a) + as_qualifier(b) + order;
                        if cost < best.0 {
                            best = (cost, Some(a), Some(b));
                        }
                    }
                    if as_subject(a) + MISSING < best.0 {
                        best = (as_subject(a) + MISSING, Some(a), None);
                    }
                    if as_qualifier(a) + MISSING < best.0 {
                        best = (as_qualifier(a) + MISSING, None, Some(a));
                    }
                }
                match (best.1, best.2) {
                    (Some(s), Some(q)) => (Some(s.entity), Some(q.entity)),
                    // Only a property's one qualifier, or one named by a kind, defaults to
                    // the article's main entities: an unnamed `area` of an election stays unset.
                    (Some(s), None) if info.entity_qualifiers.len() == 1 || self.kinds.contains(&qualifier_name) => {
                        (Some(s.entity), self.main_of_kind(&qualifier_name, &[s.entity]))
                    }
                    (Some(s), None) => (Some(s.entity), None),
                    (None, Some(q)) => (main(&[q.entity]), Some(q.entity)),
                    (None, None) => (main(&[]), None),
                }
            };
            let subject_sure = subject.is_some_and(|s| seen.iter().any(|x| x.entity == s));
            if let Some(q) = qualifier {
                qualifiers.push((qualifier_name.clone(), self.entity_id(q)));
                if let Some(s) = seen.iter().find(|x| x.entity == q) {
                    used_spans.push(s.span.clone());
                }
                why.push(format!("{qualifier_name} `{}` from {}", self.entity_id(q), name(q, &seen)));
            }
            if let Some(s) = subject.and_then(|e| seen.iter().find(|x| x.entity == e)) {
                used_spans.push(s.span.clone());
            }
            // Further entity qualifiers only by kind: the nearest entity of the sentence whose kind
            // is the qualifier's name, else the article's main one.
            for extra in info.entity_qualifiers.iter().filter(|q| **q != qualifier_name) {
                if !self.kinds.contains(extra) {
                    continue;
                }
                let taken = |e: EntityId| Some(e) == subject || Some(e) == qualifier;
                let named = seen.iter().filter(|x| !taken(x.entity) && self.is_kind(x.entity, extra)).min_by(by_cost);
                let entity = named
                    .map(|x| x.entity)
                    .or_else(|| self.main_entities.iter().copied().find(|&e| !taken(e) && self.is_kind(e, extra)));
                if let Some(e) = entity {
                    qualifiers.push((extra.clone(), self.entity_id(e)));
                    if let Some(x) = named {
                        used_spans.push(x.span.clone());
                    }
                    why.push(format!("{extra} `{}` from {}", self.entity_id(e), name(e, &seen)));
                }
            }
            (subject, subject_sure)
        };
        let subject = subject.or_else(|| self.main_entities.first().copied());
        let subject_id = subject.map(|e| self.entity_id(e)).unwrap_or_default();
        if let Some(e) = subject {
            why.insert(1.min(why.len()), format!("subject `{subject_id}` from {}", name(e, &seen)));
        }
        (subject_id, qualifiers, used_spans, subject_sure)
    }

    /// The text qualifiers with declared values: the value the sentence names nearest the value
    /// (in its clause first), else the one value of that qualifier the article names.
    fn text_qualifiers(
        &self,
        sentence: &Sentence<'_>,
        span: &Range<usize>,
        info: &PropertyInfo,
        qualifiers: &mut Vec<(String, String)>,
        covered: &mut Vec<Range<usize>>,
        why: &mut Vec<String>,
    ) {
        if info.text_qualifiers.is_empty() {
            return;
        }
        let clause = sentence.clause_of(span.start);
        let near =
            span.start.saturating_sub(WINDOW).max(sentence.span.start)..(span.end + WINDOW).min(sentence.span.end);
        let (from, to) = within(&self.qualifier_values, |q| q.span.start, &near);
        let here = &self.qualifier_values[from..to];
        for name in &info.text_qualifiers {
            let cost = |q: &QualifierMention| {
                let mut c = sentence.distance(&q.span, span) as f32;
                if sentence.clause_of(q.span.start) != clause {
                    c += 6.0;
                }
                c
            };
            let nearest = here
                .iter()
                .filter(|q| q.qualifier == *name && q.span.end <= sentence.span.end)
                .min_by(|a, b| cost(a).total_cmp(&cost(b)));
            match nearest {
                Some(q) => {
                    why.push(format!("{name} `{}` from \"{}\"", q.value, &sentence.text[q.span.clone()]));
                    covered.push(q.span.clone());
                    qualifiers.push((name.clone(), q.value.clone()));
                }
                None => {
                    if let Some((_, value)) = self.qualifier_defaults.iter().find(|(q, _)| q == name) {
                        why.push(format!("{name} `{value}`, the only one the article names"));
                        qualifiers.push((name.clone(), value.clone()));
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn time_scope(
        &self,
        sentence: &Sentence<'_>,
        mention: &Mention,
        context: &ValueContext,
        info: &PropertyInfo,
        parsed: &Value,
        times: &[Time],
        topic: Option<&(DateValue, String)>,
        why: &mut Vec<String>,
    ) -> Scope {
        let clause = sentence.clause_of(mention.span.start);
        // A time in brackets speaks only of what the brackets hold: "£63.8m (2001: £56.1m)".
        let value_bracket = bracket_around(sentence, mention.span.start);
        let eligible = |t: &&Time| {
            if let Some(bracket) = bracket_around(sentence, t.span.start)
                && value_bracket.as_ref() != Some(&bracket)
                && holds_a_value(sentence.text, &bracket, &t.span)
            {
                return false;
            }
            // A time dozens of words away speaks of something else (a run-on "sentence" of a
            // table or a list of highlights).
            if sentence.distance(&mention.span, &t.span) > 40 {
                return false;
            }
            if context.basis {
                // The compared value's own time follows it closely: "from $5.7 billion a year earlier".
                t.span.start >= mention.span.end && sentence.distance(&mention.span, &t.span) <= 4
            } else {
                !t.basis && !t.listed
            }
        };
        let cost = |t: &Time| {
            let mut c = sentence.distance(&t.span, &mention.span) as f32;
            if sentence.clause_of(t.span.start) != clause {
                c += 8.0;
            }
            if t.span.start < mention.span.start {
                c += 0.5;
            }
            c
        };
        // "the 20th anniversary of the partnership signed on March 1, 2001": a date twenty years
        // before publication is the event the anniversary counts from, not when it falls.
        let anniversary_of = |t: &Time| match parsed {
            Value::Anniversary(n) => {
                let n = n.value.to_string().parse::<i32>().unwrap_or(0);
                (t.resolved.date.last_year() + n).abs_diff(self.published.last_year()) <= 1
            }
            _ => false,
        };
        let chosen =
            times.iter().filter(eligible).filter(|t| !anniversary_of(t)).min_by(|a, b| cost(a).total_cmp(&cost(b)));
        let elapsed = matches!(parsed, Value::Anniversary(_) | Value::Elapsed(_));
        let kind = match info.temporal {
            Temporal::Flow => TimeKind::Period,
            Temporal::State | Temporal::RunningTotal => TimeKind::AsOf,
            Temporal::Static if elapsed => TimeKind::At,
            Temporal::Static => return (None, None, None),
        };
        let Some(time) = chosen else {
            if elapsed {
                // An anniversary with no year of its own falls in the year of publication.
                let year = self.published.last_year().to_string();
                why.push(format!("at {year}, the year of publication"));
                return (Some((TimeKind::At, year)), None, None);
            }
            // A sentence that gives no time in a paragraph that opened with one speaks of that time.
            if let Some((date, written)) = topic {
                let text = timex::scope_text(date);
                why.push(format!("{} {text}, the time the paragraph opened with (\"{written}\")", kind.field()));
                return (Some((kind, text)), None, None);
            }
            // (States and running totals without a time are as of publication.)
            if kind != TimeKind::Period {
                return (None, None, None);
            }
            // A flow in a statement of a declared year is of that year: "results for the 52 weeks to
            // 2 March 2002 … Turnover £449.0m".
            if let Some((date, written)) = &self.reporting {
                let text = timex::scope_text(date);
                why.push(format!("{} {text}, the year the statement reports on (\"{written}\")", kind.field()));
                return (Some((kind, text)), None, None);
            }
            // Else of the period the headline names: "From January 1 to July 6, the ministry
            // records … Region A recorded 15,826 cases."
            if let Some((date, written)) = &self.headline_period {
                let text = timex::scope_text(date);
                why.push(format!("{} {text}, the period the headline names (\"{written}\")", kind.field()));
                return (Some((kind, text)), None, None);
            }
            // A flow whose sentence gives no time speaks of the article's event: "Voting took
            // place on Wednesday ... The party won 116 seats."
            if let Some((date, written)) = &self.event_day {
                let text = timex::scope_text(date);
                why.push(format!("{} {text}, the day of the article's event (\"{written}\")", kind.field()));
                return (Some((kind, text)), None, None);
            }
            // Else of the year most of the article's dated times fall in.
            if let Some(year) = self.topic_year {
                why.push(format!("{} {year}, the year most of the article's times fall in", kind.field()));
                return (Some((kind, year.to_string())), None, None);
            }
            return (None, None, None);
        };
        let date = match time.resolved.role {
            TimeRole::Since => {
                // "since 2015": from then until publication.
                DateValue::span(time.resolved.date, self.published).unwrap_or(time.resolved.date)
            }
            _ => time.resolved.date,
        };
        // "expected to reach $6.5 billion by the end of 2021": a flow over the year.
        let written = sentence.text[time.span.clone()].to_lowercase();
        let date = match (kind, time.resolved.role) {
            (TimeKind::Period, TimeRole::By) if written.contains("end of") => {
                DateValue::year(date.last_year()).unwrap_or(date)
            }
            _ => date,
        };
        let text = timex::scope_text(&date);
        why.push(format!("{} {text} from \"{}\"", kind.field(), &sentence.text[time.span.clone()]));
        (Some((kind, text)), Some(time.mention), Some(time.span.clone()))
    }

    fn modality(
        &self,
        sentence: &Sentence<'_>,
        span: &Range<usize>,
        context: &ValueContext,
        why: &mut Vec<String>,
    ) -> Modality {
        if context.basis {
            return Modality::Actual;
        }
        let clause = &sentence.clauses[sentence.clause_of(span.start)];
        // Look back within the clause, and one clause before when this one starts the sentence's
        // verb phrase ("The two sides aim, by 2025, to reach $10 billion").
        // Only the words near the value count: a window keeps the cost bounded in a long clause.
        let to = sentence.word_at(span.start);
        let from = sentence.word_at(clause.start).max(to.saturating_sub(MODALITY_WORDS));
        let base = from;
        let end = (sentence.word_at(span.end) + 4).min(sentence.lower.len());
        let words: Vec<&str> = sentence.lower[base..end].iter().map(String::as_str).collect();
        let mut found = None;
        for k in from..to {
            if let Some((modality, _)) = lexicon::modality_at(&words, k - base) {
                found = Some((modality, k));
            }
        }
        // A participle right after the value: "593 GW projected to be installed", "$5 billion
        // expected this year", "2 million planned".
        if found.is_none() {
            let next = sentence.word_at(span.end);
            if let Some(word) = words.get(next - base)
                && matches!(
                    *word,
                    "projected"
                        | "expected"
                        | "forecast"
                        | "forecasted"
                        | "predicted"
                        | "planned"
                        | "targeted"
                        | "estimated"
                )
                && sentence.text.get(span.end..sentence.words[next].start).is_some_and(|gap| gap.trim().is_empty())
                && let Some((modality, _)) = lexicon::modality_at(&words, next - base)
                    .or_else(|| (*word == "estimated").then_some((Modality::Estimate, 1)))
            {
                found = Some((modality, next));
            }
        }
        match found {
            Some((modality, k)) => {
                why.push(format!("{} from \"{}\"", modality.as_str(), &sentence.text[sentence.words[k].clone()]));
                modality
            }
            None => Modality::Actual,
        }
    }

    /// A date value: a time expression a date property's cue points at.
    #[allow(clippy::too_many_arguments)]
    fn date_frame(
        &self,
        sentence: &Sentence<'_>,
        mentions: &[Mention],
        time: &Time,
        times: &[Time],
        entities: &[EntityMention],
        cues: &[CueMention],
        list_done: &mut Vec<usize>,
    ) -> Option<Candidate> {
        // "until 2030", "by 2025", "since 2015" bound something else; a date value is plain.
        if !matches!(time.resolved.role, TimeRole::Plain) {
            return None;
        }
        let mention = &mentions[time.mention];
        let units = &self.store.units;
        let fits = |p: &crate::model::vocab::Property| vocabulary::fits(p, mention.kind, None, units);
        let window = mention.span.start.saturating_sub(WINDOW)..mention.span.end + WINDOW;
        let (m_from, m_to) = within(mentions, |m| m.span.start, &window);
        let other_values: Vec<Range<usize>> =
            mentions[m_from..m_to].iter().filter(|m| !m.kind.is_time()).map(|m| m.span.clone()).collect();
        let choices = self.score_properties(sentence, &mention.span, &fits, false, cues, &other_values);
        let best = choices.first().filter(|c| c.score >= 0.35)?;
        let property = self.store.property(best.property);
        let info = self.index.property(best.property);
        let mut why = vec![match &best.cue {
            Some(cue) => format!("property `{}` from \"{}\"", property.id, &sentence.text[cue.clone()]),
            None => format!("property `{}`", property.id),
        }];
        let date_text = |t: &Time| match t.resolved.role {
            TimeRole::Plain if !t.resolved.relative => {
                // "in October 2016" → "October 2016".
                let written = fold_whitespace(&mentions[t.mention].text);
                match written.split_once(' ') {
                    Some((first, rest)) if matches!(first.to_lowercase().as_str(), "in" | "during" | "on") => {
                        rest.to_string()
                    }
                    _ => written,
                }
            }
            _ => timex::scope_text(&t.resolved.date),
        };
        let value = if let ValueType::List(_) = property.value_type {
            // An enumeration of dates: "in 2001, 2006, 2013 and 2017".
            let mut items = vec![time];
            let mut last = time.span.end;
            for other in times.iter().filter(|t| t.span.start > time.span.start) {
                let gap = &sentence.text[last..other.span.start];
                let gap = gap.trim().trim_start_matches(',').trim();
                if gap.is_empty() || gap == "and" || gap == "," {
                    items.push(other);
                    last = other.span.end;
                } else {
                    break;
                }
            }
            list_done.extend(items.iter().map(|t| t.mention));
            CandidateValue::List(items.iter().map(|t| date_text(t)).collect())
        } else {
            CandidateValue::Written(date_text(time))
        };
        // The value must parse as the property's type.
        let resolver = Resolver(self.store);
        match (&value, &property.value_type) {
            (CandidateValue::Written(w), t) => {
                parse_value(w, t, units, &resolver).ok()?;
            }
            (CandidateValue::List(items), ValueType::List(item)) => {
                for w in items {
                    parse_value(w, item, units, &resolver).ok()?;
                }
            }
            _ => return None,
        }
        let (subject, mut qualifiers, mut entity_spans, _) =
            self.roles(sentence, &mention.span, info, entities, &cue_spans(cues, best.property), &mut why);
        self.text_qualifiers(sentence, &mention.span, info, &mut qualifiers, &mut entity_spans, &mut why);
        let value_span = match &value {
            CandidateValue::List(_) => {
                let end = list_done
                    .iter()
                    .filter_map(|&m| mentions.get(m))
                    .map(|m| m.span.end)
                    .max()
                    .unwrap_or(mention.span.end);
                mention.span.start..end
            }
            _ => mention.span.clone(),
        };
        let mut covered = vec![value_span.clone()];
        covered.extend(best.cue.clone());
        covered.extend(entity_spans);
        let quote_span = self.quote_span(sentence, &value_span, &covered);
        let modality = self.modality(
            sentence,
            &mention.span,
            &ValueContext { direction: 0, direction_word: None, basis: false },
            &mut why,
        );
        let confidence = (best.score.min(1.0) * 0.8).clamp(0.05, 0.95);
        Some(Candidate {
            pattern: "vocabulary".into(),
            subject,
            property: property.id.clone(),
            qualifiers,
            value,
            time: None,
            modality,
            compared_with: Vec::new(),
            rank: None,
            among: None,
            exhaustive: false,
            quote: sentence.text[quote_span.clone()].to_string(),
            quote_span,
            value_span: Some(value_span),
            kind: Some(mention.kind),
            why: why.join("; "),
            confidence,
        })
    }

    /// The quote: the smallest run of whole words of the sentence that covers the value and the
    /// words that decided its frame; the value's clause when that would be too long.
    fn quote_span(&self, sentence: &Sentence<'_>, value: &Range<usize>, covered: &[Range<usize>]) -> Range<usize> {
        let start = covered.iter().map(|r| r.start).min().unwrap_or(value.start).max(sentence.span.start);
        let end = covered.iter().map(|r| r.end).max().unwrap_or(value.end).min(sentence.span.end);
        let clause = &sentence.clauses[sentence.clause_of(value.start)];
        let (start, end) = if end - start > MAX_QUOTE {
            (clause.start.max(value.start.saturating_sub(MAX_QUOTE / 2)), clause.end.min(value.end + MAX_QUOTE / 2))
        } else {
            (start.min(clause.start.max(start)), end)
        };
        // Widen to the clause when it is short, so the quote reads as a phrase.
        let (start, end) = if clause.end - clause.start <= 160 && clause.start <= start && end <= clause.end {
            (clause.start, clause.end)
        } else {
            (start, end)
        };
        trim_quote(sentence.text, start, end.max(value.end))
    }

    fn clause_text(&self, sentence: &Sentence<'_>, span: &Range<usize>) -> String {
        let clause = &sentence.clauses[sentence.clause_of(span.start)];
        let (start, end) = if clause.end - clause.start > MAX_QUOTE {
            (span.start.saturating_sub(MAX_QUOTE / 2).max(clause.start), (span.end + MAX_QUOTE / 2).min(clause.end))
        } else {
            (clause.start, clause.end)
        };
        let range = trim_quote(sentence.text, start, end);
        fold_whitespace(&sentence.text[range])
    }
}

/// The brackets around `at` in the sentence, when it stands inside a short pair: "(2001:
/// £52.0m)". Only 64 bytes either side are looked at.
fn bracket_around(sentence: &Sentence<'_>, at: usize) -> Option<Range<usize>> {
    let text = sentence.text;
    let from = window_before(text, at).len();
    let before = &text[at - from..at];
    let open = before.rfind(['(', ')']).filter(|&i| before.as_bytes()[i] == b'(')? + at - from;
    let mut end = (at + 64).min(sentence.span.end);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let after = &text[at..end];
    let close = after.find(['(', ')']).filter(|&i| after.as_bytes()[i] == b')')? + at;
    (open >= sentence.span.start).then_some(open..close + 1)
}

/// True when the brackets at `bracket` hold a number besides the time at `time`: "(2001:
/// £52.0m)", not "(2020)".
fn holds_a_value(text: &str, bracket: &Range<usize>, time: &Range<usize>) -> bool {
    let digit = |r: Range<usize>| text.get(r).is_some_and(|t| t.bytes().any(|b| b.is_ascii_digit()));
    digit(bracket.start..time.start.max(bracket.start)) || digit(time.end.min(bracket.end)..bracket.end)
}

/// The at most 48 bytes of `text` before `at` (on a character boundary): what the words just
/// before a name are looked for in, at a cost that does not grow with the text.
fn window_before(text: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(48);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..at]
}

/// The fiscal-year convention of an article that declares none: that of the currency most of its
/// money is in, else that of the country it is most about (`counts`: its entities, most named
/// first).
fn fiscal_convention(store: &Store, mentions: &[Mention], counts: &[(EntityId, usize, usize)]) -> Option<FiscalYear> {
    let mut currencies: Vec<(&str, usize)> = Vec::new();
    for mention in mentions.iter().filter(|m| m.kind == MentionKind::Money) {
        let Some(Value::Number(measure)) = &mention.value else { continue };
        let Some(unit) = measure.unit else { continue };
        let code = store.units.get(unit).id.as_str();
        match currencies.iter_mut().find(|(c, _)| *c == code) {
            Some(entry) => entry.1 += 1,
            None => currencies.push((code, 1)),
        }
    }
    let dominant = currencies.iter().enumerate().max_by_key(|(order, (_, n))| (*n, std::cmp::Reverse(*order)));
    dominant.and_then(|(_, (code, _))| FiscalYear::of_currency(code)).or_else(|| {
        counts.iter().take(2).find_map(|(e, _, _)| {
            let entity = store.entities.get(*e);
            std::iter::once(&entity.name).chain(&entity.aliases).find_map(|n| FiscalYear::of_country(n))
        })
    })
}

/// The words just before a name at `at` (a bounded window), lower-cased, without a last "the":
/// "trade with" for "trade with the Borduria …".
fn before_name(text: &str, at: usize) -> String {
    let before = window_before(text, at).trim_end().to_lowercase();
    match before.strip_suffix("the").filter(|b| b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric())) {
        Some(rest) => rest.trim_end().to_string(),
        None => before,
    }
}

/// True when the name at `span` of `text` is cited as the source of figures: "according to the
/// ministry", "released by the ASO", "data from the agency", "ASO figures", "the agency said".
fn cites(text: &str, span: &Range<usize>) -> bool {
    let before = before_name(text, span.start);
    let by = before.strip_suffix(" by").is_some_and(|b| {
        ["released", "published", "compiled", "issued", "provided", "collected"].iter().any(|w| b.ends_with(w))
    });
    if by
        || before.ends_with("according to")
        || before.ends_with("based on")
        || ["data", "figures", "statistics", "estimates"].iter().any(|w| before.ends_with(&format!("{w} from")))
    {
        return true;
    }
    // After the name, past an abbreviation in brackets: "the Statistics Office (ASO) said".
    let mut after = text[span.end..].trim_start();
    if after.starts_with('(')
        && let Some(close) = after.find(')').filter(|&c| c < 24)
    {
        after = after[close + 1..].trim_start();
    }
    let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    lexicon::is_reporting_verb(&word)
        || matches!(
            word.as_str(),
            "figures"
                | "data"
                | "statistics"
                | "monitoring"
                | "spokesman"
                | "spokeswoman"
                | "spokesperson"
                | "official"
                | "officials"
        )
}

/// The spans of the cues of one property.
fn cue_spans(cues: &[CueMention], property: PropertyId) -> Vec<Range<usize>> {
    cues.iter().filter(|c| c.property == property).map(|c| c.span.clone()).collect()
}

/// Trim whitespace and dangling punctuation, and keep the range on character boundaries.
fn trim_quote(text: &str, mut start: usize, mut end: usize) -> Range<usize> {
    while start < end && !text.is_char_boundary(start) {
        start += 1;
    }
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    let slice = &text[start..end];
    let trimmed_start = start
        + (slice.len() - slice.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':')).len());
    let slice = &text[trimmed_start..end];
    let trimmed = slice.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.'));
    trimmed_start..trimmed_start + trimmed.len()
}

/// "2.9 percent" → "-2.9 percent"; "nearly 3%" → "nearly -3%": a minus sign before the number.
fn negate(written: &str) -> String {
    match written.find(|c: char| c.is_ascii_digit() || c == '$' || c == '€' || c == '£') {
        Some(i) if !written[..i].ends_with('-') => format!("{}-{}", &written[..i], &written[i..]),
        _ => written.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_before_a_name_drop_a_last_the_only_as_a_word() {
        let text = "Trade with the Borduria rose; they breathe Syldavia";
        assert_eq!(before_name(text, text.find("Borduria").unwrap()), "trade with");
        assert_eq!(before_name(text, text.find("Syldavia").unwrap()), "trade with the borduria rose; they breathe");
        assert_eq!(before_name("The Borduria", 4), "");
    }

    #[test]
    fn negation_puts_the_sign_before_the_number() {
        assert_eq!(negate("2.9 percent"), "-2.9 percent");
        assert_eq!(negate("nearly 3%"), "nearly -3%");
    }

    #[test]
    fn sentences_have_words_and_clauses() {
        let text = "Trade rose 12% to $3.6 billion in 2021, the ministry said.";
        let sentence = Sentence::new(text, 0..text.len());
        let words: Vec<&str> = sentence.words.iter().map(|w| &text[w.clone()]).collect();
        assert_eq!(words, vec!["Trade", "rose", "12", "to", "3.6", "billion", "in", "2021", "the", "ministry", "said"]);
        assert_eq!(sentence.clauses.len(), 2);
    }
}
