//! Measuring extraction against hand-curated claims: run the extractor on each source's archived
//! article (with the source's publication date) and compare what it proposes with the claims
//! people wrote, at two levels.
//!
//! - **Value level**: every curated claim's value is located in its article (inside the claim's
//!   quote); a proposed value — a candidate's value or an unattached one — matches a curated value
//!   when their spans in the text overlap, each at most once. Recall is the share of curated
//!   values proposed, precision the share of proposed values that are curated ones.
//! - **Claim level**: a candidate is right when it says what a curated claim says: the same
//!   property, key (subject and qualifiers, symmetric ones in either order), value (same interval
//!   and unit), time scope (same days) and modality.
//!
//! Projects may hold an `articles.toml` (tests/extraction/README.md) giving each source a split
//! (`train`, `test`) and saying where its text states its publication date; scores are reported
//! per split and per kind of value, and the publication date found in each text is checked.

use super::published::publication_date;
use super::recognise::MentionKind;
use super::{Candidate, CandidateValue, Context, Extractor};
use crate::load::{FatalError, Project};
use crate::model::claim::{Claim, Modality, Provenance, QualifierValue, Quote, TimeKind, TimeScope};
use crate::model::ids::{ClaimId, EntityId, FileId, SourceId};
use crate::model::number::Tolerance;
use crate::model::syntax::{EntityResolver, numbers_in, parse_date, parse_value};
use crate::model::value::{Value, ValueType};
use crate::source::Span;
use crate::store::Store;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// A curated value located in its article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldValue {
    /// Where it is written (bytes).
    pub span: Range<usize>,
    /// What kind of value.
    pub kind: MentionKind,
    /// The claim, as source/claim.
    pub claim: String,
}

/// A value extraction proposed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposedValue {
    /// Where it is written (bytes).
    pub span: Range<usize>,
    /// What kind of value.
    pub kind: MentionKind,
    /// True when attached to a property (a candidate claim), false when listed as unattached.
    pub attached: bool,
}

/// The comparison for one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleScore {
    /// The project directory, as given.
    pub project: String,
    /// The source id.
    pub source: String,
    /// "train", "test", or "all" when the project gives no splits.
    pub split: String,
    /// The article's path, relative to the project.
    pub text_path: String,
    /// The article's text, for character offsets in JSON.
    text: String,
    /// Curated values located in the text.
    pub gold: Vec<GoldValue>,
    /// Curated value-bearing claims whose value could not be located (counted as missed).
    pub unlocated: Vec<String>,
    /// Values proposed.
    pub proposed: Vec<ProposedValue>,
    /// For each gold value, the index of the proposed value matched to it.
    pub value_matches: Vec<Option<usize>>,
    /// Value-bearing curated claims.
    pub claims: usize,
    /// Of those, found by a right candidate.
    pub claims_found: usize,
    /// Candidates proposed.
    pub candidates: usize,
    /// Of those, right.
    pub candidates_right: usize,
    /// Claims not found, as "source/claim".
    pub missed: Vec<String>,
    /// Candidates that match no claim, described.
    pub wrong: Vec<String>,
    /// When the project says where the text states its date: whether the date found in the text
    /// is the source's (or, for a text that states none, that none was found).
    pub published_right: Option<bool>,
    /// What the publication-date finder found, for the verbose report.
    pub published_found: Option<String>,
}

/// Scores of several articles, possibly of several projects.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Every article, in project and source order.
    pub articles: Vec<ArticleScore>,
}

struct Resolver<'s>(&'s Store);

impl EntityResolver for Resolver<'_> {
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>> {
        self.0.entities.resolve(name).ok_or_else(Vec::new)
    }
}

/// One article of an `articles.toml`.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticleEntry {
    source: String,
    split: String,
    #[allow(dead_code)]
    url: Option<String>,
    #[allow(dead_code)]
    title: Option<String>,
    date_in_text: Option<String>,
}

#[derive(Clone, Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticlesFile {
    #[serde(default)]
    article: Vec<ArticleEntry>,
}

/// The candidate as a typed claim of `source`, for comparison.
pub fn typed(store: &Store, candidate: &Candidate, source: SourceId) -> Option<Claim> {
    let property = store.property_named(&candidate.property)?;
    let value_type = &store.property(property).value_type;
    let resolver = Resolver(store);
    let value = match &candidate.value {
        CandidateValue::Written(written) => parse_value(written, value_type, &store.units, &resolver).ok()?,
        CandidateValue::List(items) => {
            let ValueType::List(item_type) = value_type else { return None };
            let items: Option<Vec<Value>> =
                items.iter().map(|i| parse_value(i, item_type, &store.units, &resolver).ok()).collect();
            let items = items?;
            let spans = vec![Span::new(FileId(0), 0..0); items.len()];
            Value::List { items, spans, exhaustive: candidate.exhaustive }
        }
        CandidateValue::None => Value::Unstated,
    };
    let published = store.source(source).published;
    let time = match &candidate.time {
        Some((kind, written)) => {
            TimeScope { kind: *kind, date: parse_date(written).ok()?, span: Span::new(FileId(0), 0..0) }
        }
        None => TimeScope { kind: TimeKind::Published, date: published, span: Span::new(FileId(0), 0..0) },
    };
    let mut qualifiers = Vec::new();
    for (name, written) in &candidate.qualifiers {
        let value = match store.property(property).qualifier(name)?.kind {
            crate::model::vocab::QualifierKind::Entity => QualifierValue::Entity(store.entities.resolve(written)?),
            crate::model::vocab::QualifierKind::Text => QualifierValue::Text(written.clone()),
        };
        qualifiers.push((name.clone(), value));
    }
    qualifiers.sort();
    let span = Span::new(FileId(0), 0..0);
    Some(Claim {
        id: candidate.pattern.clone(),
        source,
        subject: store.entities.resolve(&candidate.subject)?,
        property,
        qualifiers,
        value,
        value_span: span,
        time,
        modality: candidate.modality,
        rank: candidate.rank.map(|r| (r, span)),
        among: None,
        compared_with: None,
        according_to: None,
        quote: Quote { text: candidate.quote.clone(), span, article_span: None },
        note: None,
        candidate: None,
        span,
        extent: span,
        provenance: Provenance::Stated,
    })
}

/// True when two values mean the same: the same written form, or the same interval and unit.
fn same_value(store: &Store, a: &Claim, b: &Claim) -> bool {
    let name = |e| store.entities.name(e).to_string();
    let shown = |c: &Claim| c.value.display(&store.units, &name).to_string();
    if shown(a) == shown(b) && a.value.unit() == b.value.unit() {
        return true;
    }
    let value_type = &store.property(a.property).value_type;
    let tolerance = Tolerance::default();
    match (
        a.value.estimate(&store.units, &tolerance, value_type),
        b.value.estimate(&store.units, &tolerance, value_type),
    ) {
        (Some(x), Some(y)) => x.core == y.core && a.value.unit() == b.value.unit(),
        _ => false,
    }
}

/// True when a typed candidate says what a curated claim says.
pub fn same_claim(store: &Store, candidate: &Claim, claim: &Claim) -> bool {
    if candidate.property != claim.property || store.key_of(candidate) != store.key_of(claim) {
        return false;
    }
    let normalise = |m: Modality| if m == Modality::Reported { Modality::Actual } else { m };
    same_value(store, candidate, claim)
        && candidate.time.date.same_days(&claim.time.date)
        && normalise(candidate.modality) == normalise(claim.modality)
        && candidate.rank.map(|r| r.0) == claim.rank.map(|r| r.0)
}

/// The parts of a claim a typed candidate got wrong, named as in claim files.
fn differences(store: &Store, candidate: &Claim, claim: &Claim) -> Vec<String> {
    let mut out = Vec::new();
    if candidate.property != claim.property {
        out.push("property".to_string());
    } else if store.key_of(candidate) != store.key_of(claim) {
        // Keys put a symmetric relation's parties in one order: compare them part by part.
        let (mine, theirs) = (store.key_of(candidate), store.key_of(claim));
        if mine.subject != theirs.subject {
            let id = |e| store.entities.get(e).id.clone();
            out.push(format!("subject ({} for {})", id(mine.subject), id(theirs.subject)));
        }
        let mut names: Vec<&String> = mine.qualifiers.iter().chain(&theirs.qualifiers).map(|(n, _)| n).collect();
        names.sort();
        names.dedup();
        for name in names {
            let of =
                |key: &crate::store::ClaimKey| key.qualifiers.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
            if of(&mine) != of(&theirs) {
                out.push(format!("qualifier `{name}`"));
            }
        }
    }
    if candidate.property == claim.property && !same_value(store, candidate, claim) {
        out.push("value".to_string());
    }
    if !candidate.time.date.same_days(&claim.time.date) {
        out.push(format!("time ({} for {})", candidate.time.date, claim.time.date));
    }
    let normalise = |m: Modality| if m == Modality::Reported { Modality::Actual } else { m };
    if normalise(candidate.modality) != normalise(claim.modality) {
        out.push("modality".to_string());
    }
    if candidate.rank.map(|r| r.0) != claim.rank.map(|r| r.0) {
        out.push("rank".to_string());
    }
    out
}

/// The kind of value a curated claim states, from its type.
fn kind_of(store: &Store, claim: &Claim) -> MentionKind {
    match &claim.value {
        Value::Number(m) if m.percent => MentionKind::Percent,
        Value::Number(m) => match m.unit {
            Some(u) if store.units.get(u).is_currency() => MentionKind::Money,
            Some(u) if store.units.get(u).dimension == "duration" => MentionKind::Duration,
            Some(_) => MentionKind::Quantity,
            None if store.property(claim.property).value_type == ValueType::Rank => MentionKind::Ordinal,
            None => MentionKind::Count,
        },
        Value::Ordinal(_) => MentionKind::Ordinal,
        Value::Anniversary(_) => MentionKind::Anniversary,
        Value::Elapsed(_) => MentionKind::Duration,
        _ => MentionKind::Date,
    }
}

/// The numbers a value states (scaled), to find it in its quote.
fn key_numbers(value: &Value) -> Vec<rust_decimal::Decimal> {
    match value {
        Value::Number(m) | Value::Elapsed(m) => {
            m.amount.numbers().filter_map(|n| n.scaled()).map(|d| d.abs()).collect()
        }
        Value::Ordinal(n) | Value::Anniversary(n) => n.scaled().into_iter().collect(),
        // The year, and the day of a single day: a quote may leave the year out ("on March 3").
        Value::Date(d) => {
            let mut numbers = vec![rust_decimal::Decimal::from(d.date.first_year())];
            if d.date.first == d.date.last {
                numbers.push(rust_decimal::Decimal::from(d.date.first.ymd().2));
            }
            numbers
        }
        Value::List { items, .. } => items.iter().flat_map(key_numbers).collect(),
        _ => Vec::new(),
    }
}

/// Where a curated claim's value is written: inside its quote's place in the article, the
/// recognised mention (or, failing that, the written number) that states the value's number.
fn locate(extractor: &Extractor<'_>, article: &str, quote: Range<usize>, claim: &Claim) -> Option<Range<usize>> {
    let region = &article[quote.clone()];
    let wanted = key_numbers(&claim.value);
    if wanted.is_empty() {
        return None;
    }
    let states = |text: &str| {
        numbers_in(text)
            .iter()
            .any(|n| n.scaled().is_some_and(|s| wanted.contains(&s.abs())) || wanted.contains(&n.value.abs()))
    };
    let mentions = extractor.fragments().recognise(region);
    if let Value::List { .. } = &claim.value {
        let hits: Vec<&super::recognise::Mention> = mentions.iter().filter(|m| states(&m.text)).collect();
        if let (Some(first), Some(last)) = (hits.first(), hits.last()) {
            return Some(quote.start + first.span.start..quote.start + last.span.end);
        }
    }
    if let Some(mention) = mentions.iter().find(|m| states(&m.text)) {
        return Some(quote.start + mention.span.start..quote.start + mention.span.end);
    }
    let number = numbers_in(region)
        .into_iter()
        .find(|n| n.scaled().is_some_and(|s| wanted.contains(&s.abs())) || wanted.contains(&n.value.abs()))?;
    Some(quote.start + number.span.start..quote.start + number.span.end)
}

fn splits(root: &Path) -> Result<BTreeMap<String, ArticleEntry>, FatalError> {
    let path = root.join("articles.toml");
    if !path.exists() {
        return Ok(BTreeMap::new());
    }
    // Read like every project file: bounded, a regular file, really inside the project.
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let text = crate::load::files::read_text_file(&path, Some(&real_root))
        .map_err(|message| FatalError { message, help: None })?;
    let file: ArticlesFile = toml::from_str(&text).map_err(|e| FatalError {
        message: format!("{}: {}", path.display(), e.message()),
        help: Some("articles.toml holds [[article]] tables with `source`, `split` and optional `url`, `date_in_text` (tests/extraction/README.md)".into()),
    })?;
    Ok(file.article.into_iter().map(|a| (a.source.clone(), a)).collect())
}

/// Evaluate extraction on every source of `project` that has an archived article.
pub fn evaluate_project(root: &Path, project: &Project, extractor: &Extractor<'_>) -> Result<Report, FatalError> {
    let store = &project.store;
    let entries = splits(root)?;
    let mut report = Report::default();
    for (source_id, source) in store.sources() {
        let Some(article) = source.article else { continue };
        let file = project.files.get(article);
        let text = &file.text;
        let entry = entries.get(&source.id);
        let extraction = extractor.extract_all(text, &Context { published: source.published });
        let mut score = ArticleScore {
            project: root.display().to_string(),
            source: source.id.clone(),
            split: entry.map_or_else(|| "all".to_string(), |e| e.split.clone()),
            text_path: file.path.clone(),
            text: text.clone(),
            candidates: extraction.candidates.len(),
            ..ArticleScore::default()
        };
        if let Some(entry) = entry {
            let found = publication_date(text, extractor.fragments());
            score.published_found = found.as_ref().map(|f| f.date.to_string());
            score.published_right = Some(match (&entry.date_in_text, found) {
                (Some(_), Some(found)) => found.date.same_days(&source.published),
                (None, None) => true,
                _ => false,
            });
        }
        // Value level.
        let stated: Vec<ClaimId> =
            store.claims().filter(|(_, c)| c.source == source_id && !c.is_derived()).map(|(id, _)| id).collect();
        for &id in &stated {
            let claim = store.claim(id);
            if matches!(claim.value, Value::Unstated) {
                continue;
            }
            let located = claim
                .quote
                .article_span
                .filter(|s| s.file == article)
                .and_then(|s| locate(extractor, text, s.start as usize..s.end as usize, claim));
            match located {
                Some(span) => {
                    let kind = extractor
                        .fragments()
                        .recognise(&text[span.clone()])
                        .first()
                        .filter(|m| m.span == (0..span.len()))
                        .map_or_else(|| kind_of(store, claim), |m| m.kind);
                    score.gold.push(GoldValue { span, kind, claim: store.claim_identity(id) })
                }
                None => score.unlocated.push(store.claim_identity(id)),
            }
        }
        score.gold.sort_by_key(|g| g.span.start);
        for candidate in &extraction.candidates {
            if let Some(span) = &candidate.value_span {
                let kind = candidate.kind.unwrap_or(MentionKind::Count);
                if !score.proposed.iter().any(|p| p.span == *span) {
                    score.proposed.push(ProposedValue { span: span.clone(), kind, attached: true });
                }
            }
        }
        for value in &extraction.unattached {
            if !score.proposed.iter().any(|p| p.span == value.span) {
                score.proposed.push(ProposedValue { span: value.span.clone(), kind: value.kind, attached: false });
            }
        }
        score.proposed.sort_by_key(|p| p.span.start);
        let mut taken = vec![false; score.proposed.len()];
        for gold in &score.gold {
            let matched = score
                .proposed
                .iter()
                .enumerate()
                .find(|(k, p)| !taken[*k] && p.span.start < gold.span.end && gold.span.start < p.span.end)
                .map(|(k, _)| k);
            if let Some(k) = matched {
                taken[k] = true;
            }
            score.value_matches.push(matched);
        }
        // Claim level.
        let typed_candidates: Vec<(Option<Claim>, &Candidate)> =
            extraction.candidates.iter().map(|c| (typed(store, c, source_id), c)).collect();
        for &id in &stated {
            let claim = store.claim(id);
            if matches!(claim.value, Value::Unstated) {
                continue;
            }
            score.claims += 1;
            let found = typed_candidates.iter().any(|(t, _)| t.as_ref().is_some_and(|t| same_claim(store, t, claim)));
            if found {
                score.claims_found += 1;
            } else {
                // Say what the nearest candidate got wrong: the one proposed for the same value.
                let identity = store.claim_identity(id);
                let gold_span = score.gold.iter().find(|g| g.claim == identity).map(|g| g.span.clone());
                let nearest = gold_span.and_then(|g| {
                    typed_candidates.iter().find_map(|(t, c)| {
                        let v = c.value_span.as_ref()?;
                        (v.start < g.end && g.start < v.end).then_some(t.as_ref())?
                    })
                });
                let note = match nearest {
                    Some(t) => {
                        format!(" (the candidate for its value differs in {})", differences(store, t, claim).join(", "))
                    }
                    None => String::new(),
                };
                score.missed.push(format!("{identity}{note}"));
            }
        }
        for (t, candidate) in &typed_candidates {
            let right = t.as_ref().is_some_and(|t| stated.iter().any(|&c| same_claim(store, t, store.claim(c))));
            if right {
                score.candidates_right += 1;
            } else {
                let value = match &candidate.value {
                    CandidateValue::Written(w) => w.clone(),
                    CandidateValue::List(items) => format!("[{}]", items.join(", ")),
                    CandidateValue::None => "(rank)".into(),
                };
                let qualifiers: Vec<String> = candidate.qualifiers.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let time = candidate.time.as_ref().map_or_else(String::new, |(k, t)| format!(" {}={t}", k.field()));
                score.wrong.push(format!(
                    "{} {}({}) = {value}{time} {} [{}]",
                    candidate.subject,
                    candidate.property,
                    qualifiers.join(","),
                    candidate.modality.as_str(),
                    candidate.pattern
                ));
            }
        }
        report.articles.push(score);
    }
    Ok(report)
}

/// Sums over a set of articles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Articles.
    pub articles: usize,
    /// Curated values (located or not).
    pub gold_values: usize,
    /// Of those, proposed.
    pub values_found: usize,
    /// Values proposed.
    pub proposed_values: usize,
    /// Of those, curated.
    pub values_right: usize,
    /// Curated value-bearing claims.
    pub claims: usize,
    /// Of those, found.
    pub claims_found: usize,
    /// Candidates.
    pub candidates: usize,
    /// Of those, right.
    pub candidates_right: usize,
    /// Articles whose publication date was checked.
    pub dates_checked: usize,
    /// Of those, right.
    pub dates_right: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl Totals {
    /// Value-level recall.
    pub fn value_recall(&self) -> f64 {
        ratio(self.values_found, self.gold_values)
    }
    /// Value-level precision.
    pub fn value_precision(&self) -> f64 {
        ratio(self.values_right, self.proposed_values)
    }
    /// Claim-level recall.
    pub fn claim_recall(&self) -> f64 {
        ratio(self.claims_found, self.claims)
    }
    /// Claim-level precision.
    pub fn claim_precision(&self) -> f64 {
        ratio(self.candidates_right, self.candidates)
    }
}

impl ArticleScore {
    fn totals(&self) -> Totals {
        Totals {
            articles: 1,
            gold_values: self.gold.len() + self.unlocated.len(),
            values_found: self.value_matches.iter().filter(|m| m.is_some()).count(),
            proposed_values: self.proposed.len(),
            values_right: self.value_matches.iter().filter(|m| m.is_some()).count(),
            claims: self.claims,
            claims_found: self.claims_found,
            candidates: self.candidates,
            candidates_right: self.candidates_right,
            dates_checked: usize::from(self.published_right.is_some()),
            dates_right: usize::from(self.published_right == Some(true)),
        }
    }

    /// Value-level counts for one kind: (gold, found, proposed, right).
    fn kind_counts(&self, kind: MentionKind) -> (usize, usize, usize, usize) {
        let gold = self.gold.iter().filter(|g| g.kind == kind).count();
        let found = self.gold.iter().zip(&self.value_matches).filter(|(g, m)| g.kind == kind && m.is_some()).count();
        let proposed = self.proposed.iter().filter(|p| p.kind == kind).count();
        let right = self.value_matches.iter().flatten().filter(|&&k| self.proposed[k].kind == kind).count();
        (gold, found, proposed, right)
    }
}

impl Totals {
    fn add(&mut self, other: &Totals) {
        self.articles += other.articles;
        self.gold_values += other.gold_values;
        self.values_found += other.values_found;
        self.proposed_values += other.proposed_values;
        self.values_right += other.values_right;
        self.claims += other.claims;
        self.claims_found += other.claims_found;
        self.candidates += other.candidates;
        self.candidates_right += other.candidates_right;
        self.dates_checked += other.dates_checked;
        self.dates_right += other.dates_right;
    }
}

impl Report {
    /// One report of several.
    pub fn combine(reports: Vec<Report>) -> Report {
        Report { articles: reports.into_iter().flat_map(|r| r.articles).collect() }
    }

    /// The split names, in order: train, test, then others.
    fn split_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.articles.iter().map(|a| a.split.clone()).collect();
        names.sort_by_key(|n| (n != "train", n != "test", n.clone()));
        names.dedup();
        names
    }

    /// Totals of one split ("*" for every article).
    pub fn totals(&self, split: &str) -> Totals {
        let mut totals = Totals::default();
        for article in self.articles.iter().filter(|a| split == "*" || a.split == split) {
            totals.add(&article.totals());
        }
        totals
    }

    /// A table for people.
    pub fn render(&self, verbose: bool) -> String {
        let percent = |a: usize, b: usize| {
            if b == 0 { "—".to_string() } else { format!("{:.1}%", 100.0 * a as f64 / b as f64) }
        };
        let mut out = String::new();
        if verbose {
            out.push_str(&format!(
                "{:<52} {:>5} {:>7} {:>7} {:>7} {:>8}\n",
                "article", "split", "values", "recall", "claims", "recall"
            ));
            for a in &self.articles {
                let t = a.totals();
                out.push_str(&format!(
                    "{:<52} {:>5} {:>7} {:>7} {:>7} {:>8}\n",
                    a.source,
                    a.split,
                    t.gold_values,
                    percent(t.values_found, t.gold_values),
                    t.claims,
                    percent(t.claims_found, t.claims)
                ));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "{:<8} {:>8} | {:>6} {:>7} {:>9} | {:>6} {:>7} {:>9} | {:>9}\n",
            "split", "articles", "values", "recall", "precision", "claims", "recall", "precision", "published"
        ));
        let mut rows: Vec<String> = self.split_names();
        if rows.len() > 1 {
            rows.push("*".into());
        }
        for split in &rows {
            let t = self.totals(split);
            out.push_str(&format!(
                "{:<8} {:>8} | {:>6} {:>7} {:>9} | {:>6} {:>7} {:>9} | {:>9}\n",
                if split == "*" { "all" } else { split },
                t.articles,
                t.gold_values,
                percent(t.values_found, t.gold_values),
                percent(t.values_right, t.proposed_values),
                t.claims,
                percent(t.claims_found, t.claims),
                percent(t.candidates_right, t.candidates),
                if t.dates_checked == 0 { "—".to_string() } else { format!("{}/{}", t.dates_right, t.dates_checked) },
            ));
        }
        out.push_str("\nvalue level, per kind (gold values: recall; proposed values: precision)\n");
        out.push_str(&format!("{:<12}", "kind"));
        for split in self.split_names() {
            out.push_str(&format!(" | {:>5} {:>7} {:>5} {:>9}", split, "recall", "prop.", "precision"));
        }
        out.push('\n');
        for kind in MentionKind::ALL {
            let mut line = format!("{:<12}", kind.macro_name());
            let mut any = false;
            for split in self.split_names() {
                let (mut gold, mut found, mut proposed, mut right) = (0, 0, 0, 0);
                for a in self.articles.iter().filter(|a| a.split == split) {
                    let (g, f, p, r) = a.kind_counts(kind);
                    gold += g;
                    found += f;
                    proposed += p;
                    right += r;
                }
                any |= gold + proposed > 0;
                line.push_str(&format!(
                    " | {:>5} {:>7} {:>5} {:>9}",
                    gold,
                    percent(found, gold),
                    proposed,
                    percent(right, proposed)
                ));
            }
            if any {
                out.push_str(&line);
                out.push('\n');
            }
        }
        if verbose {
            for a in &self.articles {
                for missed in a.unlocated.iter() {
                    out.push_str(&format!("  value not located: {missed}\n"));
                }
                for (gold, matched) in a.gold.iter().zip(&a.value_matches) {
                    if matched.is_none() {
                        out.push_str(&format!(
                            "  value missed:  {} {:?} ({})\n",
                            a.source,
                            &a.text[gold.span.clone()],
                            gold.claim
                        ));
                    }
                }
                let matched: Vec<usize> = a.value_matches.iter().flatten().copied().collect();
                for (k, p) in a.proposed.iter().enumerate() {
                    if !matched.contains(&k) {
                        out.push_str(&format!(
                            "  value extra:   {} {:?} ({}{})\n",
                            a.source,
                            &a.text[p.span.clone()],
                            p.kind.macro_name(),
                            if p.attached { "" } else { ", unattached" }
                        ));
                    }
                }
                for missed in &a.missed {
                    out.push_str(&format!("  claim missed:  {missed}\n"));
                }
                for wrong in &a.wrong {
                    out.push_str(&format!("  claim wrong:   {}: {wrong}\n", a.source));
                }
                if a.published_right == Some(false) {
                    out.push_str(&format!(
                        "  published:     {}: found {}\n",
                        a.source,
                        a.published_found.as_deref().unwrap_or("nothing")
                    ));
                }
            }
        }
        out
    }

    /// The report as JSON: scores per split, and per article the gold and proposed value spans
    /// (character offsets into the article text, which `text` names relative to the project).
    pub fn json(&self) -> String {
        let chars = |text: &str, at: usize| text[..at].chars().count();
        let totals_json = |t: Totals| {
            serde_json::json!({
                "articles": t.articles,
                "values": { "gold": t.gold_values, "found": t.values_found, "proposed": t.proposed_values, "right": t.values_right,
                            "recall": t.value_recall(), "precision": t.value_precision() },
                "claims": { "gold": t.claims, "found": t.claims_found, "proposed": t.candidates, "right": t.candidates_right,
                            "recall": t.claim_recall(), "precision": t.claim_precision() },
                "published": { "checked": t.dates_checked, "right": t.dates_right },
            })
        };
        let mut splits = serde_json::Map::new();
        for split in self.split_names() {
            splits.insert(split.clone(), totals_json(self.totals(&split)));
        }
        splits.insert("all".into(), totals_json(self.totals("*")));
        let articles: Vec<serde_json::Value> = self
            .articles
            .iter()
            .map(|a| {
                serde_json::json!({
                    "project": a.project,
                    "source": a.source,
                    "split": a.split,
                    "text": a.text_path,
                    "gold": a.gold.iter().map(|g| serde_json::json!({
                        "start": chars(&a.text, g.span.start), "end": chars(&a.text, g.span.end),
                        "kind": g.kind.macro_name(), "claim": g.claim,
                    })).collect::<Vec<_>>(),
                    "unlocated": a.unlocated,
                    "proposed": a.proposed.iter().map(|p| serde_json::json!({
                        "start": chars(&a.text, p.span.start), "end": chars(&a.text, p.span.end),
                        "kind": p.kind.macro_name(), "attached": p.attached,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let value = serde_json::json!({ "version": 1, "splits": splits, "articles": articles });
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    }
}
