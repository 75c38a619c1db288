//! ## What it flags
//!
//! Two claims that give values for the same key (subject, property, qualifiers) and the same time
//! scope which cannot both hold. Values are intervals with the precision they were written at, so
//! the comparison is three-valued: a **conflict** (error) when even the generous readings of hedges
//! and tolerances cannot meet, a **possible conflict** (warning) when they meet only at those edges,
//! and nothing when the plausible readings overlap.
//!
//! Time scope decides what is compared: a static property (a founding date) has one value forever;
//! a flow (trade in 2020) is compared only for the same period; a state or running total only as of
//! the same date (as of dates that overlap without being equal, "as of 2021" and "as of April
//! 2021", give at most a possible conflict: the value may have changed in between). Modality
//! decides the rest: targets and forecasts never contradict actual values —
//! an actual figure short of a target is reported as an info note, `target-missed`; two targets for
//! one period are at most a warning (targets are revised).
//!
//! Derived claims take part like stated ones, but a claim is never compared with claims derived
//! from it.
//!
//! ## Why it matters
//!
//! This is the contradiction fact-checkers look for first: two articles giving the same year's
//! trade total as 4.85 and 5.7 billion dollars cannot both be right, and usually one uses another
//! country's statistics. Precision and modality keep it from crying wolf: "$5.7 billion" and
//! "5.7 bln USD" agree, and a target of $10 billion is not contradicted by an actual $4.85 billion.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]                                   # claims/ledger.toml
//! id = "trade-2020"
//! subject = "arcadia"
//! property = "bilateral-trade"
//! qualifiers = { partner = "borduria" }
//! value = "4.85 billion USD"
//! period = "2020"
//!
//! [[claim]]                                   # claims/neo.toml
//! id = "trade-2020"
//! subject = "borduria"                          # symmetric: the same key
//! property = "bilateral-trade"
//! qualifiers = { partner = "arcadia" }
//! value = "$5.7 billion"
//! period = "2020"
//! ```
//!
//! reports `conflicting-value`: [4.845, 4.855] and [5.65, 5.75] billion cannot meet, even with the
//! property's 1% tolerance; when the sources are from the two countries, the likely cause names
//! their different national statistics.
//!
//! ## Parameters
//!
//! - `properties`: the properties to check (default: every property except lists and text).
//! - `tolerance`: an extra relative tolerance for every comparison, e.g. `"1%"`.
//! - `hedge_tolerance`: how far "about", "nearly", "over" stretch, e.g. `"10%"` (default: the
//!   property's `hedge_tolerance`, or 10%).
//! - `report_targets`: report actual values short of a target as `target-missed` infos (default
//!   true).

use crate::finding::{Code, Finding, Label, LabelRole};
use crate::model::claim::{Claim, Modality};
use crate::model::ids::ClaimId;
use crate::model::interval::{Agreement, Estimate, compare};
use crate::model::number::Tolerance;
use crate::model::value::{Value, ValueType};
use crate::model::vocab::Property;
use crate::rules::describe::{claim_labels, claim_text, derivation_notes, key_text, related, value_text};
use crate::rules::likely_cause;
use crate::rules::params::{ParamKind, ParamSpec};
use crate::rules::scope::{ScopeRelation, relation};
use crate::rules::{Level, Role, Rule, RuleKind};
use crate::store::Store;
use rust_decimal::Decimal;

/// The `conflicting-value` kind.
pub struct ConflictingValue;

const PARAMS: &[ParamSpec] = &[
    ParamSpec { name: "tolerance", kind: ParamKind::Percent, required: false, doc: "an extra relative tolerance" },
    ParamSpec { name: "hedge_tolerance", kind: ParamKind::Percent, required: false, doc: "how far hedges stretch" },
    ParamSpec { name: "report_targets", kind: ParamKind::Bool, required: false, doc: "report missed targets as infos" },
];

impl RuleKind for ConflictingValue {
    fn name(&self) -> &'static str {
        "conflicting-value"
    }

    fn source(&self) -> &'static str {
        include_str!("conflicting_value.rs")
    }

    fn role(&self) -> Role {
        Role::Check
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn applies_to(&self, property: &Property) -> bool {
        !matches!(property.value_type, ValueType::Text)
    }

    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let mut findings = Vec::new();
        for &property_id in &rule.properties {
            let property = store.property(property_id);
            let tolerance = tolerance(rule, property);
            for &key in store.keys_of_property(property_id) {
                let claims = store.claims_of_key(key);
                for (i, &a) in claims.iter().enumerate() {
                    for &b in &claims[i + 1..] {
                        let (ca, cb) = (store.claim(a), store.claim(b));
                        // Claims are in time order: for time-bound properties, once `b` starts
                        // after `a` ends, no later claim can share `a`'s time.
                        if property.temporal != crate::model::vocab::Temporal::Static
                            && ca.time.date.last < cb.time.date.first
                        {
                            break;
                        }
                        if let Some(finding) = compare_pair(rule, store, property, &tolerance, a, b) {
                            findings.push(finding);
                        }
                    }
                }
            }
        }
        merge_missed_targets(store, findings)
    }
}

/// One note per missed target: the actual figures that fell short of it (two sources may report
/// the year's total differently) are listed together rather than repeating the target.
fn merge_missed_targets(store: &Store, findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut by_target: std::collections::HashMap<ClaimId, usize> = std::collections::HashMap::new();
    for finding in findings {
        let target = match (finding.code, finding.claims.as_slice()) {
            (Code::TargetMissed, [_, target]) => *target,
            _ => {
                out.push(finding);
                continue;
            }
        };
        let Some(&at) = by_target.get(&target) else {
            by_target.insert(target, out.len());
            out.push(finding);
            continue;
        };
        let merged = &mut out[at];
        let actual = finding.claims[0];
        merged.claims.insert(merged.claims.len() - 1, actual);
        for label in finding.labels {
            if !merged.labels.iter().any(|l| l.span == label.span) {
                let role = if label.role == LabelRole::Primary { LabelRole::Secondary } else { label.role };
                merged.labels.push(Label { role, ..label });
            }
        }
        let actuals: Vec<String> =
            merged.claims[..merged.claims.len() - 1].iter().map(|c| claim_text(store, store.claim(*c))).collect();
        let ct = store.claim(target);
        merged.message = format!(
            "{}: the target of {} was missed: {}",
            key_text(store, ct),
            claim_text(store, ct),
            actuals.join("; ")
        );
        for note in finding.notes {
            if !merged.notes.contains(&note) {
                merged.notes.push(note);
            }
        }
    }
    out
}

/// The tolerance for comparisons under this rule and property.
pub fn tolerance(rule: &Rule, property: &Property) -> Tolerance {
    let default = Tolerance::default();
    Tolerance {
        hedge: rule.params.fraction("hedge_tolerance").or(property.hedge_tolerance).unwrap_or(default.hedge),
        relative: property.tolerance + rule.params.fraction("tolerance").unwrap_or(Decimal::ZERO),
    }
}

/// The tolerance for a property when no rule parameter applies.
pub fn tolerance_for(property: &Property) -> Tolerance {
    Tolerance { hedge: property.hedge_tolerance.unwrap_or(Tolerance::default().hedge), relative: property.tolerance }
}

/// What a claim's value means for comparison.
enum Reading {
    Interval(Estimate),
    Entity(crate::model::ids::EntityId),
    Text(String),
}

fn reading(store: &Store, claim: &Claim, property: &Property, tolerance: &Tolerance) -> Option<Reading> {
    match &claim.value {
        Value::Entity { id, .. } => Some(Reading::Entity(store.entities.canonical(*id))),
        Value::Text(text) => Some(Reading::Text(text.trim().to_lowercase())),
        // A list is compared through its size by `count-mismatch`, not item by item here.
        Value::List { .. } | Value::Anniversary(_) | Value::Elapsed(_) => None,
        // An ordinal only says which event this is; as a value of a count it is compared by
        // `running-total-decreases` and `count-mismatch`.
        Value::Ordinal(_) => None,
        value => value.estimate(&store.units, tolerance, &property.value_type).map(Reading::Interval),
    }
}

fn compare_pair(
    rule: &Rule,
    store: &Store,
    property: &Property,
    tolerance: &Tolerance,
    a: ClaimId,
    b: ClaimId,
) -> Option<Finding> {
    let (ca, cb) = (store.claim(a), store.claim(b));
    let scope = relation(property.temporal, ca, cb);
    if scope == ScopeRelation::Distinct || related(store, a, b) {
        return None;
    }
    // Amounts in two currencies cannot be compared (exchange rates are not facts of the articles).
    if let (Some(ua), Some(ub)) = (ca.value.unit(), cb.value.unit())
        && ua != ub
        && (store.units.get(ua).is_currency() || store.units.get(ub).is_currency())
    {
        return None;
    }
    let (ra, rb) = (reading(store, ca, property, tolerance)?, reading(store, cb, property, tolerance)?);
    let (agreement, estimates) = match (&ra, &rb) {
        (Reading::Interval(x), Reading::Interval(y)) => (compare(x, y), Some((*x, *y))),
        (Reading::Entity(x), Reading::Entity(y)) => {
            (if x == y { Agreement::Consistent } else { Agreement::Conflict }, None)
        }
        (Reading::Text(x), Reading::Text(y)) => {
            (if x == y { Agreement::Consistent } else { Agreement::Conflict }, None)
        }
        _ => return None,
    };
    // Modality: facts against facts; a target or forecast only against its own kind.
    let (ma, mb) = (ca.modality, cb.modality);
    let (fa, fb) = (ma.is_factual(), mb.is_factual());
    if fa != fb {
        let (target, actual) = if fa { (b, a) } else { (a, b) };
        return target_missed(
            rule,
            store,
            property,
            tolerance,
            target,
            actual,
            estimates.map(|(x, y)| if fa { (y, x) } else { (x, y) }),
        );
    }
    if !fa && ma != mb {
        return None;
    }
    let mut level = match agreement {
        Agreement::Consistent => return None,
        Agreement::PossibleConflict => Level::Possible,
        Agreement::Conflict => Level::Definite,
    };
    // Targets and forecasts get revised; overlapping (not identical) dates may hide a change.
    if !fa || scope == ScopeRelation::Overlapping {
        level = Level::Possible;
    }
    // The primary claim is the later source's: it is the one that contradicts the record.
    let order = |id: ClaimId| (store.source(store.claim(id).source).published.last, store.claim_identity(id));
    let (primary, other) = if order(a) >= order(b) { (a, b) } else { (b, a) };
    let (cp, co) = (store.claim(primary), store.claim(other));
    // Say why a conflict is only possible: the edge of a hedge, a revisable plan, or two dates.
    let (code, verb) = match (level, agreement) {
        (Level::Definite, _) => (Code::ConflictingValue, "cannot both hold".to_string()),
        (_, Agreement::PossibleConflict) => {
            (Code::PossiblyConflictingValue, "agree only at the edge of their hedges and tolerances".to_string())
        }
        _ if !fa => (
            Code::PossiblyConflictingValue,
            format!("differ; {}s are revised, so both may have been said at different times", ma.as_str()),
        ),
        _ => (
            Code::PossiblyConflictingValue,
            format!(
                "differ, but they are as of different dates in the same period ({} and {})",
                ca.time.date, cb.time.date
            ),
        ),
    };
    let message = format!("{}: {} and {} {verb}", key_text(store, cp), claim_text(store, cp), claim_text(store, co),);
    let mut finding = Finding::new(code, rule.severity_for(level), message, cp.value_span, "");
    finding.labels.clear();
    finding.labels.extend(claim_labels(store, primary, LabelRole::Primary, format!("{} here", value_text(store, cp))));
    finding.labels.extend(claim_labels(store, other, LabelRole::Secondary, format!("{} here", value_text(store, co))));
    finding.claims = vec![primary, other];
    if let Some((x, y)) = estimates {
        let (ep, eo) = if primary == a { (x, y) } else { (y, x) };
        finding.notes.push(format!(
            "{} reads as {}; {} as {}{}",
            value_text(store, cp),
            reading_text(store, cp, &ep),
            value_text(store, co),
            reading_text(store, co, &eo),
            if tolerance.relative > Decimal::ZERO {
                format!(" (each widened by the {}% tolerance)", (tolerance.relative * Decimal::ONE_HUNDRED).normalize())
            } else {
                String::new()
            }
        ));
        finding.likely_cause = likely_cause::explain(store, cp, co, &ep, &eo);
    }
    if scope == ScopeRelation::Overlapping && finding.likely_cause.is_none() {
        finding.likely_cause = Some(format!(
            "different dates within the same period: {} and {}; the value may have changed in between",
            cp.time.date, co.time.date
        ));
    }
    finding.notes.extend(derivation_notes(store, primary));
    finding.notes.extend(derivation_notes(store, other));
    finding.help = Some(match (level, agreement) {
        (Level::Definite, _) => "check both articles against their sources; keep the better-supported figure and record why in a `note`, or, if they measure different things (another agency, definition or date), tell them apart with a qualifier or time scope".to_string(),
        (_, Agreement::PossibleConflict) => "the values are close: check whether a hedge (\"nearly\", \"over\") or the rounding explains the difference".to_string(),
        _ if !fa => "check when each was set; if one replaced the other, give each its own `as_of` or record the revision in a `note`".to_string(),
        _ => "give each claim the exact date it is as of (`as_of`), so that a change between them is not read as a contradiction".to_string(),
    });
    Some(finding)
}

/// How a value reads as an interval, for the notes: "4.845–4.855 billion USD".
fn reading_text(store: &Store, claim: &Claim, estimate: &Estimate) -> String {
    if claim.value.is_date() {
        let to_date =
            |i: &crate::model::interval::Interval<Decimal>| crate::model::date::DateValue::from_day_interval(i);
        return match to_date(&estimate.outer) {
            Some(d) => format!("the dates {} to {}", d.first, d.last),
            None => "an open-ended date".to_string(),
        };
    }
    let computed = crate::model::value::Computed {
        estimate: Estimate::exact(estimate.outer),
        kind: crate::model::value::ComputedKind::Number,
        unit: claim.value.unit(),
        percent: matches!(&claim.value, Value::Number(m) if m.percent),
    };
    let name = |e| store.entities.name(e).to_string();
    Value::Computed(computed).display(&store.units, &name).to_string()
}

/// An actual value short of a target (or forecast): an info note, never a contradiction.
fn target_missed(
    rule: &Rule,
    store: &Store,
    property: &Property,
    _tolerance: &crate::model::number::Tolerance,
    target: ClaimId,
    actual: ClaimId,
    estimates: Option<(Estimate, Estimate)>,
) -> Option<Finding> {
    if rule.params.bool("report_targets") == Some(false) {
        return None;
    }
    let (ct, ca) = (store.claim(target), store.claim(actual));
    if ct.modality != Modality::Target || relation(property.temporal, ct, ca) != ScopeRelation::Same {
        return None; // forecasts contradict nothing
    }
    let (et, ea) = estimates?;
    let (Some(target_low), Some(actual_high)) = (et.core.lo.value(), ea.core.hi.value()) else { return None };
    if actual_high >= target_low {
        return None;
    }
    let message = format!(
        "{}: the target of {} was missed: {}",
        key_text(store, ct),
        claim_text(store, ct),
        claim_text(store, ca)
    );
    let mut finding = Finding::new(Code::TargetMissed, rule.severity_for(Level::Note), message, ca.value_span, "");
    finding.labels.clear();
    finding.labels.extend(claim_labels(
        store,
        actual,
        LabelRole::Primary,
        format!("actual: {}", value_text(store, ca)),
    ));
    finding.labels.extend(claim_labels(
        store,
        target,
        LabelRole::Secondary,
        format!("target: {}", value_text(store, ct)),
    ));
    finding.claims = vec![actual, target];
    finding
        .notes
        .push("a target is not a fact: missing it contradicts nothing, but a fact-checker may want to know".into());
    finding.notes.extend(derivation_notes(store, actual));
    Some(finding)
}
