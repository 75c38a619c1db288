//! ## What it flags
//!
//! A total claimed for a group that its members' values do not add up to, in the same time scope:
//! "visited six times (five by Marsh, once by Okafor)" must add up; "visited by chancellors
//! five times; Marsh three times" cannot, if Okafor visited once. Members are the group's members
//! during the claim's time (memberships may be time-bound). When every member's value is known the
//! sum must agree with the total; when some are unknown, the known parts must not exceed it.
//!
//! For running totals, a member's value at the total's date is also bounded by that member's
//! counts at other dates (a total so far never decreases), so a member counted once by 2010 and
//! once by 2024 counted once in 2021 too.
//!
//! ## Why it matters
//!
//! Totals and their breakdowns are often quoted from different sources in one article; when they
//! disagree, at least one of the figures is wrong, and the breakdown shows which one to doubt.
//!
//! ## Example
//!
//! ```toml
//! [[entity]]
//! id = "chancellors"
//! members = ["marsh", "okafor"]
//!
//! # claims, all as of December 2021:
//! #   chancellors  visits Arcadia  "five times"
//! #   marsh        visits Arcadia  "three times"
//! #   okafor       visits Arcadia  "once"
//! ```
//!
//! reports `parts-do-not-add-up`: 3 + 1 = 4, not 5.
//!
//! ## Parameters
//!
//! - `properties`: the properties to check (default: every count, quantity or list property).

use crate::finding::{Code, Finding, Label, LabelRole};
use crate::model::claim::Claim;
use crate::model::ids::{ClaimId, EntityId};
use crate::model::interval::{Agreement, Estimate, Interval, compare};
use crate::model::value::{Value, ValueType};
use crate::model::vocab::{Property, Temporal};
use crate::rules::describe::{claim_labels, claim_text, derivation_notes, key_text, source_text, value_text};
use crate::rules::running_total_decreases::{bounds_at, observations};
use crate::rules::scope::{ScopeRelation, relation};
use crate::rules::{Level, Role, Rule, RuleKind};
use crate::source::Span;
use crate::store::{ClaimKey, Store};
use rust_decimal::Decimal;

/// The `parts-do-not-add-up` kind.
pub struct PartsDoNotAddUp;

/// What is known of one member's value at the total's time.
#[derive(Clone)]
struct Part {
    member: EntityId,
    estimate: Estimate,
    /// The claims it comes from (empty when it is inferred from other dates).
    claims: Vec<ClaimId>,
    /// For a figure inferred from other dates: the observations bounding it from below and above.
    inferred_from: Vec<(ClaimId, Span, String)>,
    text: String,
}

impl RuleKind for PartsDoNotAddUp {
    fn name(&self) -> &'static str {
        "parts-do-not-add-up"
    }

    fn source(&self) -> &'static str {
        include_str!("parts_do_not_add_up.rs")
    }

    fn role(&self) -> Role {
        Role::Check
    }

    fn applies_to(&self, property: &Property) -> bool {
        matches!(property.value_type, ValueType::Count | ValueType::Quantity { .. } | ValueType::List(_))
    }

    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let mut findings = Vec::new();
        for group in
            store.entities.ids().filter(|e| store.entities.get(*e).is_group() && store.entities.canonical(*e) == *e)
        {
            for &property in &rule.properties {
                for &key in store.keys_of_subject(group, property) {
                    // A member's part at one time is worked out once for all the totals of
                    // that time (many sources giving the group's total cost one lookup).
                    let mut parts = PartCache::new();
                    for &total in store.claims_of_key(key) {
                        findings.extend(check_total(rule, store, group, total, &mut parts));
                    }
                }
            }
        }
        findings
    }
}

fn numeric(store: &Store, claim: &Claim) -> Option<Estimate> {
    if !claim.modality.is_factual() {
        return None;
    }
    let property = store.property(claim.property);
    let as_type =
        if matches!(property.value_type, ValueType::List(_)) { ValueType::Count } else { property.value_type.clone() };
    match &claim.value {
        Value::Number(_) | Value::Computed(_) | Value::Ordinal(_) => {
            claim.value.estimate(&store.units, &crate::rules::conflicting_value::tolerance_for(property), &as_type)
        }
        _ => None,
    }
}

/// Parts by member and the days of the total's time scope.
type PartCache = std::collections::HashMap<(EntityId, i32, i32), Option<Part>>;

fn check_total(rule: &Rule, store: &Store, group: EntityId, total: ClaimId, parts: &mut PartCache) -> Option<Finding> {
    let ct = store.claim(total);
    let total_estimate = numeric(store, ct)?;
    let property = store.property(ct.property);
    let time = ct.time.date;
    // A total so far counts every member up to its date; other totals, the members at the time.
    let members = if property.temporal == Temporal::RunningTotal {
        store.entities.members_until(group, time.last)
    } else {
        store.entities.members_during(group, time.first, time.last)
    };
    if members.is_empty() {
        return None;
    }
    let key = store.key_of(ct);
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for member in members {
        let cached = parts
            .entry((member, time.first.0, time.last.0))
            .or_insert_with(|| part(store, property, &key, member, ct))
            .clone();
        match cached {
            Some(p) => known.push(p),
            None => unknown.push(member),
        }
    }
    if known.is_empty() {
        return None;
    }
    let zero = Estimate::exact(Interval::point(Decimal::ZERO));
    let sum = known.iter().fold(zero, |acc, p| acc.add(&p.estimate));
    let (level, complete) = if unknown.is_empty() {
        match compare(&sum, &total_estimate) {
            Agreement::Consistent => return None,
            Agreement::PossibleConflict => (Level::Possible, true),
            Agreement::Conflict => (Level::Definite, true),
        }
    } else {
        // Parts are non-negative: the known ones alone must not exceed the total.
        let (Some(parts_low), Some(total_high)) = (sum.outer.lo.value(), total_estimate.outer.hi.value()) else {
            return None;
        };
        if parts_low <= total_high {
            return None;
        }
        (Level::Definite, false)
    };
    let parts_text: Vec<String> =
        known.iter().map(|p| format!("{} {}", store.entities.name(p.member), p.text)).collect();
    let sum_text = {
        let computed = crate::model::value::Computed {
            estimate: sum,
            kind: crate::model::value::ComputedKind::Number,
            unit: ct.value.unit(),
            percent: false,
        };
        let name = |e| store.entities.name(e).to_string();
        Value::Computed(computed).display(&store.units, &name).to_string()
    };
    let message = if complete {
        format!(
            "{}: the total {} is not the sum of its parts: {} = {}",
            key_text(store, ct),
            claim_text(store, ct),
            parts_text.join(" + "),
            sum_text
        )
    } else {
        format!(
            "{}: the known parts alone exceed the total {}: {} = {}",
            key_text(store, ct),
            claim_text(store, ct),
            parts_text.join(" + "),
            sum_text
        )
    };
    let mut f = Finding::new(Code::PartsDoNotAddUp, rule.severity_for(level), message, ct.value_span, "");
    f.labels.clear();
    f.labels.extend(claim_labels(store, total, LabelRole::Primary, format!("total: {}", value_text(store, ct))));
    f.claims.push(total);
    for p in &known {
        for &c in &p.claims {
            let claim = store.claim(c);
            if !f.claims.contains(&c) {
                f.labels.extend(claim_labels(
                    store,
                    c,
                    LabelRole::Secondary,
                    format!("{}: {}", store.entities.name(p.member), value_text(store, claim)),
                ));
                f.claims.push(c);
            }
        }
        for (c, span, text) in &p.inferred_from {
            if !f.claims.contains(c) {
                f.labels.push(Label::secondary(*span, format!("{}: {text}", store.entities.name(p.member))));
                if let Some(quote) = store.claim(*c).quote.article_span {
                    f.labels.push(Label::evidence(quote, format!("{} says this", source_text(store, store.claim(*c)))));
                }
                f.claims.push(*c);
            }
        }
        if p.claims.is_empty() {
            f.notes.push(format!(
                "{}'s figure {} is inferred from its counts at other dates (a running total never decreases)",
                store.entities.name(p.member),
                p.text
            ));
        }
    }
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|u| store.entities.name(*u)).collect();
        f.notes.push(format!("no figure is known for {}; parts cannot be negative", names.join(", ")));
    }
    for &c in &f.claims.clone() {
        f.notes.extend(derivation_notes(store, c));
    }
    // Which figure is likely off: when exactly one part is stated (the others inferred), the total
    // agrees with the parts if that part had the value the total leaves for it.
    let stated: Vec<&Part> = known.iter().filter(|p| !p.claims.is_empty()).collect();
    if complete
        && level == Level::Definite
        && let [only] = stated.as_slice()
    {
        let others = known.iter().filter(|p| p.member != only.member).fold(zero, |acc, p| acc.add(&p.estimate));
        if let (Some(total_value), Some(others_low), Some(others_high)) =
            (total_estimate.core.midpoint(), others.core.lo.value(), others.core.hi.value())
            && others_low == others_high
            && total_estimate.core.lo.value() == total_estimate.core.hi.value()
        {
            let needed = total_value - others_low;
            f.likely_cause = Some(format!(
                "the total agrees with the other parts if {}'s figure is {} rather than {}: that figure, or the total, is likely the one that is off",
                store.entities.name(only.member),
                needed.normalize(),
                only.text
            ));
        }
    }
    f.help = Some(
        "check the total and each part; if the group's membership differs at that date, fix the memberships in rules/"
            .into(),
    );
    Some(f)
}

/// A member's value at the total's time: its own claims in the same scope, or for running
/// totals the bounds its claims at other dates impose.
fn part(store: &Store, property: &Property, group_key: &ClaimKey, member: EntityId, total: &Claim) -> Option<Part> {
    let member_key = store.find_key(&ClaimKey {
        subject: member,
        property: group_key.property,
        qualifiers: group_key.qualifiers.clone(),
    })?;
    let mut hull: Option<Estimate> = None;
    let mut claims = Vec::new();
    for &c in store.claims_of_key(member_key) {
        let claim = store.claim(c);
        if relation(property.temporal, claim, total) != ScopeRelation::Same {
            continue;
        }
        let Some(estimate) = numeric(store, claim) else { continue };
        hull = Some(match hull {
            None => estimate,
            Some(h) => Estimate { core: h.core.hull(&estimate.core), outer: h.outer.hull(&estimate.outer) },
        });
        claims.push(c);
    }
    if let Some(estimate) = hull {
        let text = if claims.len() == 1 {
            value_text(store, store.claim(claims[0]))
        } else {
            format!("{} (from {} claims)", describe_interval(&estimate), claims.len())
        };
        return Some(Part { member, estimate, claims, inferred_from: Vec::new(), text });
    }
    if property.temporal != Temporal::RunningTotal {
        return None;
    }
    let obs = observations(store, member_key);
    let (Some((lower, below)), Some((upper, above))) = bounds_at(&obs, &total.time.date) else { return None };
    if lower > upper {
        return None; // the member's own counts contradict each other: reported elsewhere
    }
    let estimate = Estimate::exact(Interval::closed(lower, upper));
    let inferred_from = [below, above].into_iter().map(|o| (o.claim, o.span, o.text.clone())).fold(
        Vec::new(),
        |mut out, (claim, span, text)| {
            if !out.iter().any(|(c, _, _)| *c == claim) {
                out.push((claim, span, text));
            }
            out
        },
    );
    Some(Part { member, estimate, claims: Vec::new(), inferred_from, text: describe_interval(&estimate) })
}

fn describe_interval(estimate: &Estimate) -> String {
    match (estimate.core.lo.value(), estimate.core.hi.value()) {
        (Some(lo), Some(hi)) if lo == hi => lo.normalize().to_string(),
        (Some(lo), Some(hi)) => format!("{}–{}", lo.normalize(), hi.normalize()),
        _ => "an open range".to_string(),
    }
}
