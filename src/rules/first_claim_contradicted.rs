//! ## What it flags
//!
//! A "first" or "only" claim contradicted by the record. A claim with `rank = "first"` says its
//! instance of a relation is the earliest of its subject's: "Arcadia is the first country that
//! Borduria upgraded the relationship to Strategic Partnership" is contradicted by any other of
//! Borduria's strategic partnerships dated before Arcadia's, and by another source naming a different
//! country first. A claim with `rank = "only"` says no other instance exists (within `among`, a
//! group, when given; with the same value, when the claim has one): "the only country in the League
//! that the Chancellor has visited six times" is contradicted by another League country visited
//! six times.
//!
//! `rank = "one-of-the-first"` is recorded but is not a "first" claim: it is never flagged.
//!
//! For symmetric relations (`symmetric` on the property), the instances of an entity are all the
//! relations it takes part in, on either side.
//!
//! ## Why it matters
//!
//! "First" and "only" are the superlatives officials like best and check least. A single dated
//! instance from the public record is enough to disprove them, and the disproof is the kind of
//! correction a fact-checker publishes.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]            # 2021 article
//! subject = "borduria"
//! property = "strategic-partnership"
//! qualifiers = { partner = "arcadia" }
//! rank = "first"
//!
//! [[claim]]            # the public record
//! subject = "borduria"
//! property = "strategic-partnership"
//! qualifiers = { partner = "carpathia" }
//! value = "October 3, 2000"
//! ```
//!
//! with Arcadia's partnership dated March 2001, reports `first-claim-contradicted`.
//!
//! ## Parameters
//!
//! - `properties`: the properties to check (default: every property).

use crate::finding::{Code, Finding, Label, LabelRole};
use crate::model::claim::{Claim, QualifierValue, Rank};
use crate::model::ids::{ClaimId, EntityId, KeyId};
use crate::model::interval::{Agreement, Estimate, compare};
use crate::model::value::Value;
use crate::model::vocab::Property;
use crate::rules::conflicting_value::tolerance_for;
use crate::rules::describe::{claim_labels, derivation_notes, source_text, value_text};
use crate::rules::{Level, Role, Rule, RuleKind};
use crate::store::{ClaimKey, Store};
use std::collections::HashMap;
use std::rc::Rc;

/// The `first-claim-contradicted` kind.
pub struct FirstClaimContradicted;

impl RuleKind for FirstClaimContradicted {
    fn name(&self) -> &'static str {
        "first-claim-contradicted"
    }

    fn source(&self) -> &'static str {
        include_str!("first_claim_contradicted.rs")
    }

    fn role(&self) -> Role {
        Role::Check
    }

    fn applies_to(&self, _property: &Property) -> bool {
        true
    }

    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let mut findings = Vec::new();
        // What the claims of one key share is worked out once per key, not once per claim: many
        // "first" claims of one key cost as much as one, plus their findings.
        let mut cache = Cache::default();
        for &property in &rule.properties {
            for &key in store.keys_of_property(property) {
                for &id in store.claims_of_key(key) {
                    let claim = store.claim(id);
                    match claim.rank.map(|(r, _)| r) {
                        Some(Rank::First) if claim.modality.is_factual() => {
                            findings.extend(check_first(rule, store, id, key, &mut cache))
                        }
                        Some(Rank::Only) if claim.modality.is_factual() => {
                            findings.extend(check_only(rule, store, id, key, &mut cache))
                        }
                        _ => {}
                    }
                }
            }
        }
        findings
    }
}

/// Work shared by the ranked claims of one key.
#[derive(Default)]
struct Cache {
    /// The date of each instance (key).
    dates: HashMap<KeyId, Option<(Estimate, ClaimId)>>,
    /// The other instances, by own key, canonical subject and `among`.
    instances: HashMap<(KeyId, EntityId, Option<EntityId>), Rc<Vec<Instance>>>,
    /// Another "first" claim of an instance, by instance, canonical subject and own counterpart.
    rivals: HashMap<(KeyId, EntityId, Option<EntityId>), Option<ClaimId>>,
    /// The first claim of an instance with the same value, by instance and value.
    same: HashMap<(KeyId, Option<Estimate>), Option<ClaimId>>,
}

impl Cache {
    fn date(&mut self, store: &Store, key: KeyId) -> Option<(Estimate, ClaimId)> {
        *self.dates.entry(key).or_insert_with(|| instance_date(store, key))
    }

    fn instances(&mut self, store: &Store, claim: &Claim, own: KeyId) -> Rc<Vec<Instance>> {
        let index = (own, store.entities.canonical(claim.subject), claim.among);
        self.instances.entry(index).or_insert_with(|| Rc::new(other_instances(store, claim, own))).clone()
    }
}

/// Another instance of the relation, with the entity that tells it apart.
#[derive(Clone, Copy)]
struct Instance {
    key: KeyId,
    counterpart: Option<EntityId>,
}

/// The instances of `claim`'s relation for its written subject, other than its own.
fn other_instances(store: &Store, claim: &Claim, own: KeyId) -> Vec<Instance> {
    let property = store.property(claim.property);
    let entity = store.entities.canonical(claim.subject);
    let own_key = store.key(own);
    let mut out = Vec::new();
    for &key in store.keys_of_property(claim.property) {
        if key == own {
            continue;
        }
        let k = store.key(key);
        let counterpart = match &property.symmetric {
            Some(q) => {
                let other_party = k.qualifiers.iter().find_map(|(n, v)| match v {
                    QualifierValue::Entity(e) if n == q => Some(*e),
                    _ => None,
                });
                let rest = |key: &ClaimKey| key.qualifiers.iter().filter(|(n, _)| n != q).cloned().collect::<Vec<_>>();
                if rest(k) != rest(own_key) {
                    continue;
                }
                match other_party {
                    Some(p) if k.subject == entity => Some(p),
                    Some(p) if p == entity => Some(k.subject),
                    _ => continue,
                }
            }
            None => {
                if k.subject != entity {
                    continue;
                }
                k.qualifiers.iter().find_map(|(_, v)| match v {
                    QualifierValue::Entity(e) => Some(*e),
                    QualifierValue::Text(_) => None,
                })
            }
        };
        if let Some(group) = claim.among
            && !counterpart.is_some_and(|c| store.entities.is_member(group, c))
        {
            continue;
        }
        out.push(Instance { key, counterpart });
    }
    out
}

/// The date of one instance, with its most precise claim: what all its factual dated claims agree
/// on (their intersection), or — when they disagree, which `conflicting-value` reports — the hull
/// of them all, so that no alarm rests on one side of a disagreement.
fn instance_date(store: &Store, key: KeyId) -> Option<(Estimate, ClaimId)> {
    let mut hull: Option<Estimate> = None;
    let mut common: Option<Estimate> = None;
    let mut best: Option<(rust_decimal::Decimal, ClaimId)> = None;
    for &id in store.claims_of_key(key) {
        let claim = store.claim(id);
        if !claim.modality.is_factual() || !claim.value.is_date() {
            continue;
        }
        let property = store.property(claim.property);
        let Some(e) = claim.value.estimate(&store.units, &tolerance_for(property), &property.value_type) else {
            continue;
        };
        let width = match (e.core.lo.value(), e.core.hi.value()) {
            (Some(lo), Some(hi)) => hi - lo,
            _ => rust_decimal::Decimal::MAX,
        };
        if best.is_none_or(|(w, _)| width < w) {
            best = Some((width, id));
        }
        hull = Some(match hull {
            None => e,
            Some(h) => Estimate { core: h.core.hull(&e.core), outer: h.outer.hull(&e.outer) },
        });
        common = Some(match common {
            None => e,
            Some(c) => Estimate { core: c.core.intersection(&e.core), outer: c.outer.intersection(&e.outer) },
        });
    }
    let agreed = common.filter(|c| !c.outer.is_empty() && !c.core.is_empty());
    Some((agreed.or(hull)?, best?.1))
}

fn name_of(store: &Store, entity: Option<EntityId>) -> String {
    entity.map_or_else(|| "another instance".to_string(), |e| store.entities.name(e).to_string())
}

fn own_counterpart(store: &Store, claim: &Claim) -> Option<EntityId> {
    let property = store.property(claim.property);
    claim.qualifiers.iter().find_map(|(n, v)| match v {
        QualifierValue::Entity(e) if property.symmetric.as_ref().is_none_or(|q| q == n) => {
            Some(store.entities.canonical(*e))
        }
        _ => None,
    })
}

fn check_first(rule: &Rule, store: &Store, id: ClaimId, key: KeyId, cache: &mut Cache) -> Vec<Finding> {
    let claim = store.claim(id);
    let subject = store.entities.name(claim.subject).to_string();
    let property = store.property(claim.property);
    let own = own_counterpart(store, claim);
    let own_date = cache.date(store, key);
    let mut findings = Vec::new();
    let canonical_subject = store.entities.canonical(claim.subject);
    for &instance in cache.instances(store, claim, key).iter() {
        // Another "first" claim for a different instance — of the same subject's relations, in a
        // scope that holds this claim's instance. ("Arcadia was Borduria's first" and "Borduria
        // was Carpathia's first" speak of two different subjects' firsts and can both be true.)
        let rival_first = *cache.rivals.entry((instance.key, canonical_subject, own)).or_insert_with(|| {
            store.claims_of_key(instance.key).iter().copied().find(|c| {
                let rival = store.claim(*c);
                rival.rank.is_some_and(|(r, _)| r == Rank::First)
                    && rival.modality.is_factual()
                    && store.entities.canonical(rival.subject) == canonical_subject
                    && rival.among.is_none_or(|group| own.is_some_and(|o| store.entities.is_member(group, o)))
            })
        });
        let other_date = cache.date(store, instance.key);
        let earlier = match (&own_date, &other_date) {
            (Some((mine, _)), Some((theirs, _))) => {
                if theirs.outer.entirely_before(&mine.outer) {
                    Some(Level::Definite)
                } else if theirs.core.entirely_before(&mine.core) {
                    Some(Level::Possible)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let (Some(level), Some((_, theirs_claim))) = (earlier, &other_date) {
            let other = store.claim(*theirs_claim);
            let message = format!(
                "{} ({}): {} says {} was the first, but {} is dated {} ({}), before {}'s {}",
                property.name,
                subject,
                source_text(store, claim),
                name_of(store, own),
                name_of(store, instance.counterpart),
                value_text(store, other),
                source_text(store, other),
                name_of(store, own),
                own_date.as_ref().map_or_else(String::new, |(_, c)| value_text(store, store.claim(*c))),
            );
            findings.push(finding(rule, store, level, id, *theirs_claim, own_date.as_ref().map(|(_, c)| *c), message));
        } else if let Some(rival) = rival_first
            && rival > id
        {
            // Two instances both called first: only a tie of dates could reconcile them.
            let level = match (&own_date, &other_date) {
                (Some((mine, _)), Some((theirs, _))) => match compare(mine, theirs) {
                    Agreement::Consistent => Level::Possible,
                    _ => continue, // one is earlier: the date check above reports it
                },
                _ => Level::Definite,
            };
            let message = format!(
                "{} ({}): {} says {} was the first, but {} says {} was",
                property.name,
                subject,
                source_text(store, claim),
                name_of(store, own),
                source_text(store, store.claim(rival)),
                name_of(store, instance.counterpart),
            );
            findings.push(finding(rule, store, level, id, rival, None, message));
        }
    }
    findings
}

fn check_only(rule: &Rule, store: &Store, id: ClaimId, key: KeyId, cache: &mut Cache) -> Vec<Finding> {
    let claim = store.claim(id);
    let property = store.property(claim.property);
    let tolerance = tolerance_for(property);
    let own_estimate = claim.value.estimate(&store.units, &tolerance, &property.value_type);
    let mut findings = Vec::new();
    for &instance in cache.instances(store, claim, key).iter() {
        // The first claim of the instance with the same value: once per instance and value.
        let first_same = *cache.same.entry((instance.key, own_estimate)).or_insert_with(|| {
            store.claims_of_key(instance.key).iter().copied().find(|&other_id| {
                let other = store.claim(other_id);
                if !other.modality.is_factual() || matches!(other.value, Value::Unstated) {
                    return false;
                }
                // With a value, "the only one with that value"; without, "the only one at all".
                match (&own_estimate, other.value.estimate(&store.units, &tolerance, &property.value_type)) {
                    (Some(mine), Some(theirs)) => compare(mine, &theirs) == Agreement::Consistent,
                    (None, _) => true,
                    (Some(_), None) => false,
                }
            })
        });
        if let Some(other_id) = first_same {
            let other = store.claim(other_id);
            let among = claim.among.map_or_else(String::new, |g| format!(" among {}", store.entities.name(g)));
            let message = format!(
                "{} ({}): {} says {} is the only one{among}{}, but {} has {} too ({})",
                property.name,
                store.entities.name(claim.subject),
                source_text(store, claim),
                name_of(store, own_counterpart(store, claim)),
                own_estimate.map_or_else(String::new, |_| format!(" with {}", value_text(store, claim))),
                name_of(store, instance.counterpart),
                value_text(store, other),
                source_text(store, other),
            );
            findings.push(finding(rule, store, Level::Definite, id, other_id, None, message));
        }
    }
    findings
}

fn finding(
    rule: &Rule,
    store: &Store,
    level: Level,
    ranked: ClaimId,
    other: ClaimId,
    own_dated: Option<ClaimId>,
    message: String,
) -> Finding {
    let claim = store.claim(ranked);
    let (rank, rank_span) = claim.rank.unwrap_or((Rank::First, claim.value_span));
    let mut f = Finding::new(Code::FirstClaimContradicted, rule.severity_for(level), message, rank_span, "");
    f.labels.clear();
    f.labels.push(Label { span: rank_span, message: format!("\"{}\" here", rank.as_str()), role: LabelRole::Primary });
    if let Some(quote) = claim.quote.article_span {
        f.labels.push(Label::evidence(quote, format!("{} says this", source_text(store, claim))));
    }
    let other_claim = store.claim(other);
    f.labels.extend(claim_labels(
        store,
        other,
        LabelRole::Secondary,
        format!("{} here", value_text(store, other_claim)),
    ));
    f.claims = vec![ranked, other];
    if let Some(dated) = own_dated.filter(|d| *d != ranked) {
        let dated_claim = store.claim(dated);
        f.labels.extend(claim_labels(
            store,
            dated,
            LabelRole::Secondary,
            format!("dated {} here", value_text(store, dated_claim)),
        ));
        f.claims.push(dated);
        f.notes.extend(derivation_notes(store, dated));
    }
    f.notes.extend(derivation_notes(store, other));
    f.help = Some(match rank {
        Rank::Only => "check whether the other instance is real; if the claim means something narrower, encode that (qualifiers, `among`)".to_string(),
        _ => "check the dates of both instances; if the article means \"one of the first\", write rank = \"one-of-the-first\"".to_string(),
    });
    f.likely_cause = Some(match rank {
        Rank::Only => "\"only\" is often said of a narrower group or period than the words state".to_string(),
        _ => "\"first\" is often said from one side's perspective, or of a narrower kind of relation than the record's"
            .to_string(),
    });
    f
}
