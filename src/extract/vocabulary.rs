//! The project's vocabulary as extraction reads it: where entities are named in a text (names,
//! aliases and adjectival forms: "Kenya", "KE", "Kenyan") and which words signal which
//! property (the property's declared `cues`, and the words of its id and name, with their
//! inflections: "export", "exports", "exported").
//!
//! Both are found by one Aho–Corasick automaton each, built once per vocabulary, so finding them
//! costs one pass over a sentence whatever the size of the vocabulary.

use super::lexicon;
use super::recognise::MentionKind;
use crate::model::ids::{EntityId, PropertyId};
use crate::model::value::{Value, ValueType};
use crate::model::vocab::{Property, QualifierKind, Temporal};
use crate::store::Store;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// Words of property ids and names that say nothing about which property a sentence speaks of.
const GENERIC_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "for",
    "by",
    "with",
    "from",
    "into",
    "its",
    "their",
    "is",
    "are",
    "was",
    "as",
    "per",
    "one",
    "each",
    "number",
    "total",
    "amount",
    "value",
    "count",
    "subject",
    "partner",
    "host",
    "recipient",
    "between",
    "two",
    "other",
    "that",
    "this",
    "which",
    "who",
    "s",
];

/// Words that make a property a *change* of something (a growth rate), not a level.
const CHANGE_WORDS: &[&str] = &[
    "growth",
    "grow",
    "grew",
    "increase",
    "increased",
    "rise",
    "rose",
    "change",
    "changes",
    "decline",
    "declined",
    "decrease",
    "decreased",
    "drop",
    "dropped",
    "fall",
    "fell",
    "gain",
    "gained",
    "up",
    "down",
    "jump",
    "surge",
    "expansion",
    "contraction",
    "shrink",
    "loss",
    "yoy",
];

/// How an entity was named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityForm {
    /// Its id, name or an alias.
    Name,
    /// An adjectival form ("Kenyan").
    Adjective,
}

/// An entity named in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMention {
    /// Where.
    pub span: Range<usize>,
    /// The canonical entity.
    pub entity: EntityId,
    /// Name or adjective.
    pub form: EntityForm,
}

/// A word or phrase that signals a property.
#[derive(Clone, Debug, PartialEq)]
pub struct CueMention {
    /// Where.
    pub span: Range<usize>,
    /// The property it signals.
    pub property: PropertyId,
    /// How strongly: declared cues and longer phrases weigh more than single words of a name.
    pub weight: f32,
}

/// A declared value of a text qualifier named in a text ("ICU" for `ward`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualifierMention {
    /// Where.
    pub span: Range<usize>,
    /// The qualifier's name.
    pub qualifier: String,
    /// The value as claims write it.
    pub value: String,
}

/// What extraction needs to know of one property.
#[derive(Clone, Debug)]
pub struct PropertyInfo {
    /// The property.
    pub id: PropertyId,
    /// True when it measures a change (a growth rate), by its name or cues.
    pub is_change: bool,
    /// Its entity qualifiers, by name.
    pub entity_qualifiers: Vec<String>,
    /// Its text qualifiers that declare values, by name.
    pub text_qualifiers: Vec<String>,
    /// The symmetric qualifier, if any.
    pub symmetric: Option<String>,
    /// How its values behave in time.
    pub temporal: Temporal,
}

/// The vocabulary, indexed for extraction.
pub struct VocabularyIndex {
    entity_automaton: Option<AhoCorasick>,
    entity_targets: Vec<(EntityId, EntityForm)>,
    cue_automaton: Option<AhoCorasick>,
    cue_targets: Vec<Vec<(PropertyId, f32)>>,
    qualifier_automaton: Option<AhoCorasick>,
    qualifier_targets: Vec<Vec<(String, String)>>,
    /// Names without their leading place ("general election" of "Arcadian general
    /// election"), with the entities they may stand for and those entities' places.
    headless_automaton: Option<AhoCorasick>,
    headless_targets: Vec<Vec<(EntityId, EntityId)>>,
    /// Per property, in store order.
    pub properties: Vec<PropertyInfo>,
}

/// The inflected forms of a word that should signal the same thing: "export" → "exports",
/// "exported", "exporting", "exporter", "exporters"; "supply" → "supplies", "supplied".
fn inflections(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    let push = |forms: &mut Vec<String>, f: String| {
        if !forms.contains(&f) {
            forms.push(f);
        }
    };
    if word.len() < 3 || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return forms;
    }
    // "investment" → "invest", "invested", "investor": the verb and the agent of the noun.
    if let Some(stem) = word.strip_suffix("ments").or_else(|| word.strip_suffix("ment")).filter(|s| s.len() >= 4) {
        for form in [format!("{stem}ment"), format!("{stem}ments"), stem.to_string(), format!("{stem}s")] {
            push(&mut forms, form);
        }
        for suffix in ["ed", "ing", "or", "ors"] {
            push(&mut forms, format!("{stem}{suffix}"));
        }
        return forms;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        push(&mut forms, format!("{stem}y"));
        return forms;
    }
    if let Some(stem) = word.strip_suffix('s').filter(|s| !s.ends_with('s')) {
        push(&mut forms, stem.to_string());
        return forms;
    }
    if let Some(stem) = word.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        push(&mut forms, format!("{stem}ies"));
        push(&mut forms, format!("{stem}ied"));
        return forms;
    }
    let es = word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') || word.ends_with('s');
    push(&mut forms, if es { format!("{word}es") } else { format!("{word}s") });
    if let Some(stem) = word.strip_suffix('e') {
        push(&mut forms, format!("{word}d"));
        push(&mut forms, format!("{stem}ing"));
        push(&mut forms, format!("{word}r"));
        push(&mut forms, format!("{word}rs"));
    } else {
        push(&mut forms, format!("{word}ed"));
        push(&mut forms, format!("{word}ing"));
        push(&mut forms, format!("{word}er"));
        push(&mut forms, format!("{word}ers"));
    }
    forms
}

/// Every form of a cue phrase: the last word inflected.
fn phrase_forms(phrase: &str) -> Vec<String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let Some((last, head)) = words.split_last() else { return Vec::new() };
    inflections(last)
        .into_iter()
        .map(|form| if head.is_empty() { form } else { format!("{} {form}", head.join(" ")) })
        .collect()
}

/// Other ways articles write a multiword name (already normalised): the last word in the plural,
/// and, when the name opens with the name or adjective of another entity (a place), the rest of
/// the name followed by "in"/"of" and the place's name, or the place's name in the possessive.
fn name_variants(
    name: &str,
    known: &HashMap<String, usize>,
    targets: &[(EntityId, EntityForm)],
    store: &Store,
) -> (Vec<String>, Option<(String, EntityId)>) {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() < 2 || words.iter().any(|w| !w.chars().all(|c| c.is_alphabetic() || c == '-')) {
        return (Vec::new(), None);
    }
    let mut out: Vec<String> = phrase_forms(name).into_iter().skip(1).take(1).collect();
    let mut headless = None;
    for split in 1..words.len() {
        let (place, rest) = (words[..split].join(" "), words[split..].join(" "));
        let Some(&slot) = known.get(&place) else { continue };
        let place_name = crate::store::entities::normalize_name(&store.entities.get(targets[slot].0).name);
        if rest.split(' ').count() < 2 {
            // "Kenyan shilling" is not "the shilling in Kenya": only a head of two words or more
            // ("general election") is a name of its own.
            continue;
        }
        for head in phrase_forms(&rest).into_iter().take(2) {
            out.push(format!("{head} in {place_name}"));
            out.push(format!("{head} of {place_name}"));
            out.push(format!("{place_name}'s {head}"));
        }
        headless = Some((rest, targets[slot].0));
        break;
    }
    (out, headless)
}

/// The words of an id or name ("bilateral-trade", "two-way trade turnover").
fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !GENERIC_WORDS.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// The patterns of one automaton, each once, with what each stands for (several things may share
/// a pattern: "exports" can be the cue of two properties).
struct Patterns<T> {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    targets: Vec<Vec<T>>,
}

impl<T> Default for Patterns<T> {
    fn default() -> Self {
        Patterns { index: HashMap::new(), patterns: Vec::new(), targets: Vec::new() }
    }
}

impl<T: PartialEq> Patterns<T> {
    /// What `pattern` stands for so far, the pattern added if it is new.
    fn targets_of(&mut self, pattern: String) -> &mut Vec<T> {
        let slot = match self.index.get(&pattern) {
            Some(&slot) => slot,
            None => {
                self.index.insert(pattern.clone(), self.patterns.len());
                self.patterns.push(pattern);
                self.targets.push(Vec::new());
                self.patterns.len() - 1
            }
        };
        &mut self.targets[slot]
    }

    /// Let `pattern` stand for `target` too.
    fn add(&mut self, pattern: String, target: T) {
        let targets = self.targets_of(pattern);
        if !targets.contains(&target) {
            targets.push(target);
        }
    }
}

fn build(patterns: &[String]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    // The crate's choice of automaton: a DFA for a vocabulary of hundreds of names (built in
    // about a millisecond, searched several times faster than an NFA), an NFA for huge ones.
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(None)
        .build(patterns)
        .ok()
}

/// True when `span` of `text` starts and ends on word boundaries.
pub fn on_word_boundaries(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

impl VocabularyIndex {
    /// Index the entities and properties of `store`.
    pub fn new(store: &Store) -> Self {
        // Entities: every name, alias and adjective, once.
        let mut entity_patterns: Vec<String> = Vec::new();
        let mut entity_targets: Vec<(EntityId, EntityForm)> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for id in store.entities.ids() {
            let entity = store.entities.get(id);
            let canonical = store.entities.canonical(id);
            let names = std::iter::once(&entity.name).chain(&entity.aliases).map(|n| (n, EntityForm::Name));
            let adjectives = entity.adjectives.iter().map(|n| (n, EntityForm::Adjective));
            for (name, form) in names.chain(adjectives) {
                let key = crate::store::entities::normalize_name(name);
                if key.is_empty() || seen.contains_key(&key) {
                    continue;
                }
                seen.insert(key.clone(), entity_patterns.len());
                entity_patterns.push(key);
                entity_targets.push((canonical, form));
            }
        }
        // Written variants of multiword names, after every exact form so that those win: the head
        // in the plural ("general elections") and a leading place turned round ("the general
        // election in Arcadia", "Arcadia's general election" for "Arcadian general election").
        let mut variants: Vec<(String, EntityId)> = Vec::new();
        let mut headless_names: Patterns<(EntityId, EntityId)> = Patterns::default();
        for id in store.entities.ids() {
            let entity = store.entities.get(id);
            let canonical = store.entities.canonical(id);
            for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                let normalised = crate::store::entities::normalize_name(name);
                let (forms, headless) = name_variants(&normalised, &seen, &entity_targets, store);
                variants.extend(forms.into_iter().map(|v| (v, canonical)));
                let Some((rest, place)) = headless else { continue };
                let place = store.entities.canonical(place);
                for form in phrase_forms(&rest).into_iter().take(2) {
                    headless_names.add(form, (canonical, place));
                }
            }
        }
        for (variant, canonical) in variants {
            if seen.contains_key(&variant) {
                continue;
            }
            seen.insert(variant.clone(), entity_patterns.len());
            entity_patterns.push(variant);
            entity_targets.push((canonical, EntityForm::Name));
        }
        // Cues: declared cues, the property's name as a phrase, and the words of its id and name.
        let mut cues: Patterns<(PropertyId, f32)> = Patterns::default();
        let mut properties = Vec::new();
        for (id, property) in store.properties() {
            let mut phrases: Vec<(String, f32)> = Vec::new();
            for cue in &property.cues {
                let words = cue.split_whitespace().count() as f32;
                // A cue of function words alone ("of the", "out of") says little of its own.
                let bare = cue.split_whitespace().all(|w| lexicon::FUNCTION_WORDS.contains(&w.to_lowercase().as_str()));
                phrases.push((cue.clone(), if bare { 0.5 } else { 1.0 + 0.5 * (words - 1.0) }));
            }
            let name = property.name.to_lowercase();
            if name.split_whitespace().count() > 1 {
                phrases.push((name.clone(), 1.2));
            }
            for word in words_of(&property.id).into_iter().chain(words_of(&property.name)) {
                phrases.push((word, 0.6));
            }
            for (phrase, weight) in phrases {
                for form in phrase_forms(&phrase) {
                    let targets = cues.targets_of(form);
                    match targets.iter_mut().find(|(p, _)| *p == id) {
                        Some(existing) => existing.1 = existing.1.max(weight),
                        None => targets.push((id, weight)),
                    }
                }
            }
            properties.push(info(id, property));
        }
        // Declared values of text qualifiers ("ICU", "intensive care" for `ward`), with plurals.
        let mut qualifiers: Patterns<(String, String)> = Patterns::default();
        for (_, property) in store.properties() {
            for spec in &property.qualifiers {
                for value in &spec.values {
                    for written in std::iter::once(&value.value).chain(&value.aliases) {
                        for form in phrase_forms(&written.to_lowercase()).into_iter().take(2) {
                            qualifiers.add(form, (spec.name.clone(), value.value.clone()));
                        }
                    }
                }
            }
        }
        VocabularyIndex {
            entity_automaton: build(&entity_patterns),
            entity_targets,
            cue_automaton: build(&cues.patterns),
            cue_targets: cues.targets,
            qualifier_automaton: build(&qualifiers.patterns),
            qualifier_targets: qualifiers.targets,
            headless_automaton: build(&headless_names.patterns),
            headless_targets: headless_names.targets,
            properties,
        }
    }

    /// The entities named in `text`, left to right.
    pub fn entities(&self, text: &str) -> Vec<EntityMention> {
        let Some(automaton) = &self.entity_automaton else { return Vec::new() };
        automaton
            .find_iter(text)
            .filter(|m| on_word_boundaries(text, &m.range()))
            .map(|m| {
                let (entity, form) = self.entity_targets[m.pattern().as_usize()];
                EntityMention { span: m.range(), entity, form }
            })
            .collect()
    }

    /// The entities `text` names without their leading place ("Saturday's general election" in
    /// an article that names Arcadia), given the entities it names in full (`named`, in text
    /// order): a name counts when the article names the place of exactly one entity it may stand
    /// for, and only where no full name stands. The result is merged into `named`.
    pub fn add_headless_entities(&self, text: &str, named: &mut Vec<EntityMention>) {
        let Some(automaton) = &self.headless_automaton else { return };
        // Linear in the text: the named entities once in a set, overlaps by binary search (the
        // names are in text order and do not overlap one another).
        let mentioned: std::collections::HashSet<EntityId> = named.iter().map(|m| m.entity).collect();
        let mut found = Vec::new();
        for m in automaton.find_iter(text) {
            if !on_word_boundaries(text, &m.range()) {
                continue;
            }
            let mut fits = self.headless_targets[m.pattern().as_usize()]
                .iter()
                .filter(|(_, place)| mentioned.contains(place))
                .map(|(entity, _)| *entity);
            let (Some(entity), None) = (fits.next(), fits.next()) else { continue };
            let after = named.partition_point(|n| n.span.end <= m.start());
            let overlaps = named.get(after).is_some_and(|n| n.span.start < m.end());
            if !overlaps {
                found.push(EntityMention { span: m.range(), entity, form: EntityForm::Name });
            }
        }
        if !found.is_empty() {
            named.extend(found);
            named.sort_by_key(|m| m.span.start);
        }
    }

    /// The property cues in `text`, left to right.
    pub fn cues(&self, text: &str) -> Vec<CueMention> {
        let Some(automaton) = &self.cue_automaton else { return Vec::new() };
        let mut out = Vec::new();
        for m in automaton.find_iter(text) {
            if !on_word_boundaries(text, &m.range()) {
                continue;
            }
            for &(property, weight) in &self.cue_targets[m.pattern().as_usize()] {
                out.push(CueMention { span: m.range(), property, weight });
            }
        }
        out
    }

    /// The declared text-qualifier values named in `text`, left to right.
    pub fn qualifier_values(&self, text: &str) -> Vec<QualifierMention> {
        let Some(automaton) = &self.qualifier_automaton else { return Vec::new() };
        let mut out = Vec::new();
        for m in automaton.find_iter(text) {
            if !on_word_boundaries(text, &m.range()) {
                continue;
            }
            for (qualifier, value) in &self.qualifier_targets[m.pattern().as_usize()] {
                out.push(QualifierMention { span: m.range(), qualifier: qualifier.clone(), value: value.clone() });
            }
        }
        out
    }

    /// The information of one property.
    pub fn property(&self, id: PropertyId) -> &PropertyInfo {
        &self.properties[id.0 as usize]
    }
}

fn info(id: PropertyId, property: &Property) -> PropertyInfo {
    let words: Vec<String> = words_of(&property.id)
        .into_iter()
        .chain(words_of(&property.name))
        .chain(property.cues.iter().flat_map(|c| words_of(c)))
        .collect();
    let is_change = matches!(property.value_type, ValueType::Percent | ValueType::Quantity { .. })
        && words.iter().any(|w| CHANGE_WORDS.contains(&w.as_str()));
    PropertyInfo {
        id,
        is_change,
        entity_qualifiers: property
            .qualifiers
            .iter()
            .filter(|q| q.kind == QualifierKind::Entity)
            .map(|q| q.name.clone())
            .collect(),
        text_qualifiers: property
            .qualifiers
            .iter()
            .filter(|q| q.kind == QualifierKind::Text && !q.values.is_empty())
            .map(|q| q.name.clone())
            .collect(),
        symmetric: property.symmetric.clone(),
        temporal: property.temporal,
    }
}

/// True when a value of this kind (and typed value) can be the value of `property`: money of a
/// currency property, "12%" of a percent property, a count or an ordinal of a count or list
/// property, a date of a date property...
pub fn fits(property: &Property, kind: MentionKind, value: Option<&Value>, units: &crate::model::unit::Units) -> bool {
    let dimension_of = |value: Option<&Value>| match value {
        Some(Value::Number(m)) => m.unit.map(|u| units.get(u).dimension.clone()),
        _ => None,
    };
    match (&property.value_type, kind) {
        (ValueType::Quantity { dimension }, MentionKind::Money) => dimension == "currency",
        (ValueType::Quantity { dimension }, MentionKind::Quantity) => {
            dimension_of(value).as_deref() == Some(dimension.as_str())
        }
        (ValueType::Quantity { dimension }, MentionKind::Duration) => dimension == "duration",
        (ValueType::Percent, MentionKind::Percent) => true,
        (ValueType::Count, MentionKind::Count | MentionKind::Ordinal) => true,
        (ValueType::List(_), MentionKind::Count | MentionKind::Ordinal) => true,
        (ValueType::Rank, MentionKind::Ordinal) => true,
        (ValueType::Date, MentionKind::Date | MentionKind::Time | MentionKind::YearlessDate) => true,
        (ValueType::Date, MentionKind::Anniversary | MentionKind::Duration) => true,
        (ValueType::List(item), MentionKind::Date | MentionKind::Time | MentionKind::YearlessDate) => {
            **item == ValueType::Date
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_of_cue_words() {
        assert_eq!(inflections("export"), vec!["export", "exports", "exported", "exporting", "exporter", "exporters"]);
        assert_eq!(inflections("trade"), vec!["trade", "trades", "traded", "trading", "trader", "traders"]);
        assert_eq!(inflections("exports"), vec!["exports", "export"]);
        assert_eq!(inflections("supply"), vec!["supply", "supplies", "supplied"]);
        assert_eq!(
            inflections("investment"),
            vec!["investment", "investments", "invest", "invests", "invested", "investing", "investor", "investors"]
        );
        assert_eq!(
            phrase_forms("foreign investor"),
            vec![
                "foreign investor",
                "foreign investors",
                "foreign investored",
                "foreign investoring",
                "foreign investorer",
                "foreign investorers"
            ]
        );
    }
}
