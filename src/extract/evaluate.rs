//! Measuring extraction against a hand-curated corpus: run the extractor on each source's archived
//! article and compare its candidates with the claims people wrote. A candidate is right when it
//! has the claim's property, key (subject and qualifiers), value (same interval, same unit),
//! time scope and modality. Recall is the share of the value-bearing claims found; precision the
//! share of candidates that are right.

use super::{Candidate, CandidateValue, Context, Extractor};
use crate::model::claim::{Claim, Modality, Provenance, QualifierValue, Quote, TimeKind, TimeScope};
use crate::model::ids::{ClaimId, EntityId, FileId, SourceId};
use crate::model::syntax::{EntityResolver, parse_date, parse_value};
use crate::model::value::{Value, ValueType};
use crate::source::{SourceMap, Span};
use crate::store::Store;

/// The comparison for one source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceScore {
    /// The source id.
    pub source: String,
    /// Value-bearing claims people wrote.
    pub claims: usize,
    /// Of those, found by extraction.
    pub found: usize,
    /// Candidates extraction proposed.
    pub candidates: usize,
    /// Of those, right.
    pub right: usize,
    /// Claims not found, as "source/claim".
    pub missed: Vec<String>,
    /// Candidates that match no claim: (pattern, property, value).
    pub wrong: Vec<String>,
}

/// The comparison for a whole project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Per source, in source order.
    pub sources: Vec<SourceScore>,
}

impl Score {
    /// Found ÷ claims, over every source.
    pub fn recall(&self) -> f64 {
        let (found, claims) = self.sources.iter().fold((0, 0), |(f, c), s| (f + s.found, c + s.claims));
        if claims == 0 { 1.0 } else { found as f64 / claims as f64 }
    }

    /// Right ÷ candidates, over every source.
    pub fn precision(&self) -> f64 {
        let (right, candidates) = self.sources.iter().fold((0, 0), |(r, c), s| (r + s.right, c + s.candidates));
        if candidates == 0 { 1.0 } else { right as f64 / candidates as f64 }
    }

    /// A table for people.
    pub fn render(&self, verbose: bool) -> String {
        let mut out = format!(
            "{:<48} {:>7} {:>6} {:>8} {:>10} {:>6} {:>9}\n",
            "source", "claims", "found", "recall", "proposed", "right", "precision"
        );
        let percent = |a: usize, b: usize| {
            if b == 0 { "—".to_string() } else { format!("{:.1}%", 100.0 * a as f64 / b as f64) }
        };
        for s in &self.sources {
            out.push_str(&format!(
                "{:<48} {:>7} {:>6} {:>8} {:>10} {:>6} {:>9}\n",
                s.source,
                s.claims,
                s.found,
                percent(s.found, s.claims),
                s.candidates,
                s.right,
                percent(s.right, s.candidates)
            ));
        }
        let (claims, found, candidates, right) = self
            .sources
            .iter()
            .fold((0, 0, 0, 0), |(a, b, c, d), s| (a + s.claims, b + s.found, c + s.candidates, d + s.right));
        out.push_str(&format!(
            "{:<48} {:>7} {:>6} {:>8} {:>10} {:>6} {:>9}\n",
            "total",
            claims,
            found,
            percent(found, claims),
            candidates,
            right,
            percent(right, candidates)
        ));
        if verbose {
            for s in &self.sources {
                for missed in &s.missed {
                    out.push_str(&format!("  missed: {missed}\n"));
                }
                for wrong in &s.wrong {
                    out.push_str(&format!("  wrong:  {} ({wrong})\n", s.source));
                }
            }
        }
        out
    }
}

struct Resolver<'s>(&'s Store);

impl EntityResolver for Resolver<'_> {
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>> {
        self.0.entities.resolve(name).ok_or_else(Vec::new)
    }
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
        span,
        provenance: Provenance::Stated,
    })
}

/// True when a typed candidate says what a curated claim says.
pub fn same_claim(store: &Store, candidate: &Claim, claim: &Claim) -> bool {
    if candidate.property != claim.property || store.key_of(candidate) != store.key_of(claim) {
        return false;
    }
    let name = |e| store.entities.name(e).to_string();
    let shown = |c: &Claim| c.value.display(&store.units, &name).to_string();
    let normalise = |m: Modality| if m == Modality::Reported { Modality::Actual } else { m };
    shown(candidate) == shown(claim)
        && candidate.value.unit() == claim.value.unit()
        && candidate.time.date.same_days(&claim.time.date)
        && normalise(candidate.modality) == normalise(claim.modality)
        && candidate.rank.map(|r| r.0) == claim.rank.map(|r| r.0)
}

/// Compare extraction with the stated claims of every source that has an archived article.
pub fn evaluate(store: &Store, files: &SourceMap, extractor: &Extractor<'_>) -> Score {
    let mut score = Score::default();
    for (source_id, source) in store.sources() {
        let Some(article) = source.article else { continue };
        let text = &files.get(article).text;
        let candidates = extractor.extract(text, &Context { published: source.published });
        let claims: Vec<ClaimId> = store
            .claims()
            .filter(|(_, c)| c.source == source_id && !c.is_derived() && !matches!(c.value, Value::Unstated))
            .map(|(id, _)| id)
            .collect();
        let typed_candidates: Vec<(Option<Claim>, &Candidate)> =
            candidates.iter().map(|c| (typed(store, c, source_id), c)).collect();
        let mut result = SourceScore {
            source: source.id.clone(),
            claims: claims.len(),
            candidates: candidates.len(),
            ..SourceScore::default()
        };
        for &claim in &claims {
            let found = typed_candidates
                .iter()
                .any(|(t, _)| t.as_ref().is_some_and(|t| same_claim(store, t, store.claim(claim))));
            if found {
                result.found += 1;
            } else {
                result.missed.push(store.claim_identity(claim));
            }
        }
        // A candidate is right when it says what any stated claim says, rank claims included.
        let all_stated: Vec<ClaimId> =
            store.claims().filter(|(_, c)| c.source == source_id && !c.is_derived()).map(|(id, _)| id).collect();
        for (t, candidate) in &typed_candidates {
            let right = t.as_ref().is_some_and(|t| all_stated.iter().any(|&c| same_claim(store, t, store.claim(c))));
            if right {
                result.right += 1;
            } else {
                let value = match &candidate.value {
                    CandidateValue::Written(w) => w.clone(),
                    CandidateValue::List(items) => format!("[{}]", items.join(", ")),
                    CandidateValue::None => "(rank)".into(),
                };
                result.wrong.push(format!("pattern `{}`: {} = {value}", candidate.pattern, candidate.property));
            }
        }
        score.sources.push(result);
    }
    score
}
