//! ## What it flags
//!
//! A running total — a count "so far" that can only grow, such as visits made or agreements
//! signed — that is lower at a later date than at an earlier one. Totals come from counts ("three
//! times" as of December 2021), ordinals ("the fifth visit", on the day of the visit, and at least
//! four before it, so a count of three on that day is flagged too) and dated
//! lists of events: a list of visits dated 2001, 2006, 2013 and 2017 means at least one visit by
//! the end of 2001, at least two by the end of 2006, ... at least four by the end of 2017; an
//! exhaustive list also fixes the total on its own date.
//!
//! Only statements of fact are compared (targets and forecasts are not totals), and only when one
//! date is entirely before the other.
//!
//! ## Why it matters
//!
//! Counts of visits and agreements are repeated from article to article and drift: one article
//! counts only official visits, another forgets a summit. A total that shrinks over time is a sure
//! sign that one of them is wrong, even though no two claims share a date.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]                 # 2024 article
//! subject = "marsh"
//! property = "visits"       # a list of dates, temporal = "running-total"
//! qualifiers = { destination = "arcadia" }
//! value = ["2001", "2006", "2013", "2017"]
//! as_of = "2024-06-18"
//!
//! [[claim]]                 # December 2021 article
//! subject = "marsh"
//! property = "visits"
//! qualifiers = { destination = "arcadia" }
//! value = "three times"
//! ```
//!
//! reports `running-total-decreases`: at least 4 visits by the end of 2017, but 3 as of December
//! 2021.
//!
//! ## Parameters
//!
//! - `properties`: the properties to check (default: every running-total count or list).

use crate::finding::{Code, Finding, Label, LabelRole};
use crate::model::claim::Claim;
use crate::model::date::{DatePrecision, DateValue};
use crate::model::ids::{ClaimId, KeyId};
use crate::model::interval::{Estimate, Interval};
use crate::model::value::{Value, ValueType};
use crate::model::vocab::{Property, Temporal};
use crate::rules::conflicting_value::tolerance_for;
use crate::rules::describe::{claim_labels, derivation_notes, key_text, related, source_text};
use crate::rules::{Level, Role, Rule, RuleKind};
use crate::source::Span;
use crate::store::Store;
use rust_decimal::Decimal;

/// The `running-total-decreases` kind.
pub struct RunningTotalDecreases;

/// What one claim says about a running total at one time.
#[derive(Clone, Debug)]
pub struct Observation {
    /// The claim it comes from.
    pub claim: ClaimId,
    /// When.
    pub time: DateValue,
    /// How many (whole numbers).
    pub count: Estimate,
    /// Where the figure is written (a count, or one item of a list).
    pub span: Span,
    /// How it reads in words: "3 as of December 2021", "at least 4 by the end of 2017".
    pub text: String,
}

/// Every observation of a running total the key's factual claims make, in no particular order.
pub fn observations(store: &Store, key: KeyId) -> Vec<Observation> {
    let mut out = Vec::new();
    for &id in store.claims_of_key(key) {
        let claim = store.claim(id);
        if !claim.modality.is_factual() {
            continue;
        }
        let property = store.property(claim.property);
        match &claim.value {
            Value::List { items, spans, exhaustive } => {
                let mut dated: Vec<(DateValue, Span)> = items
                    .iter()
                    .zip(spans)
                    .filter_map(|(item, span)| match item {
                        Value::Date(d) if d.hedge.is_none() => Some((d.date, *span)),
                        _ => None,
                    })
                    .collect();
                dated.sort_by_key(|(d, _)| (d.last, d.first));
                for (k, (date, span)) in dated.iter().enumerate() {
                    let n = Decimal::from(k + 1);
                    // Several items in one year: only the last one of that date says the most.
                    if dated.get(k + 1).is_some_and(|(next, _)| next.last == date.last) {
                        continue;
                    }
                    let by = DateValue { first: date.last, last: date.last, precision: DatePrecision::Day };
                    out.push(Observation {
                        claim: id,
                        time: by,
                        count: Estimate::exact(Interval::at_least(n)),
                        span: *span,
                        text: format!(
                            "at least {n} by the end of {date} (the list's {} item is dated {date})",
                            ordinal(k + 1)
                        ),
                    });
                }
                if *exhaustive && dated.len() == items.len() {
                    let n = Decimal::from(items.len());
                    out.push(Observation {
                        claim: id,
                        time: claim.time.date,
                        count: Estimate::exact(Interval::point(n)),
                        span: claim.value_span,
                        text: format!("exactly {n} as of {} (the whole list)", claim.time.date),
                    });
                }
            }
            Value::Ordinal(n) => {
                let date = claim.time.date;
                out.push(Observation {
                    claim: id,
                    time: date,
                    count: Estimate::exact(Interval::point(n.value)),
                    span: claim.value_span,
                    text: format!("{} as of {date} (\"the {}\")", n.value, ordinal_word(n.value)),
                });
                // The N-1 before it all happened before it: at least N-1 by the day before the
                // last day it can fall on — so a count as of its own day is compared too.
                if n.value > Decimal::ONE
                    && let Some(day_before) = date.last.0.checked_sub(1).map(crate::model::date::Day)
                {
                    let earlier = n.value - Decimal::ONE;
                    out.push(Observation {
                        claim: id,
                        time: DateValue::day(day_before),
                        count: Estimate::exact(Interval::at_least(earlier)),
                        span: claim.value_span,
                        text: format!("at least {earlier} before {date} (\"the {}\" came then)", ordinal_word(n.value)),
                    });
                }
            }
            value => {
                let Some(estimate) = value.estimate(&store.units, &tolerance_for(property), &ValueType::Count) else {
                    continue;
                };
                let name = |e| store.entities.name(e).to_string();
                out.push(Observation {
                    claim: id,
                    time: claim.time.date,
                    count: estimate.to_integers(),
                    span: claim.value_span,
                    text: format!("{} as of {}", value.display(&store.units, &name), claim.time.date),
                });
            }
        }
    }
    out
}

fn ordinal(n: usize) -> String {
    crate::model::value::ordinal_suffix(Decimal::from(n))
}

fn ordinal_word(n: Decimal) -> String {
    crate::model::value::ordinal_suffix(n)
}

/// A bound on a running total and the observation that sets it.
pub type Bound<'o> = Option<(Decimal, &'o Observation)>;

/// The bounds a running total must respect at `time`, from observations entirely before (lower
/// bound) and entirely after (upper bound) it, each with the observation that sets it: `None` on
/// a side with no observation.
pub fn bounds_at<'o>(observations: &'o [Observation], time: &DateValue) -> (Bound<'o>, Bound<'o>) {
    let lower = observations
        .iter()
        .filter(|o| o.time.last < time.first)
        .filter_map(|o| Some((o.count.outer.lo.value()?, o)))
        .max_by_key(|(value, o)| (*value, std::cmp::Reverse(o.claim)));
    let upper = observations
        .iter()
        .filter(|o| o.time.first > time.last)
        .filter_map(|o| Some((o.count.outer.hi.value()?, o)))
        .min_by_key(|(value, o)| (*value, o.claim));
    (lower, upper)
}

impl RuleKind for RunningTotalDecreases {
    fn name(&self) -> &'static str {
        "running-total-decreases"
    }

    fn source(&self) -> &'static str {
        include_str!("running_total_decreases.rs")
    }

    fn role(&self) -> Role {
        Role::Check
    }

    fn applies_to(&self, property: &Property) -> bool {
        property.temporal == Temporal::RunningTotal
            && matches!(property.value_type, ValueType::Count | ValueType::List(_))
    }

    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let mut findings = Vec::new();
        for &property in &rule.properties {
            for &key in store.keys_of_property(property) {
                let mut obs = observations(store, key);
                // Sweep: for each observation, the highest lower bound among observations that
                // end before it starts (O(n log n) per key).
                obs.sort_by_key(|o| (o.time.first, o.time.last, o.claim));
                let mut by_end: Vec<usize> = (0..obs.len()).collect();
                by_end.sort_by_key(|&i| (obs[i].time.last, obs[i].claim));
                let mut next = 0;
                // Earlier observations seen so far, ordered by their plausible lower bound (then
                // the lower claim id, then the later one seen): the strongest is the last.
                type Rank = (Option<Decimal>, std::cmp::Reverse<ClaimId>, usize);
                let mut best: std::collections::BTreeSet<(Rank, usize)> = std::collections::BTreeSet::new();
                for current in 0..obs.len() {
                    while next < by_end.len() && obs[by_end[next]].time.last < obs[current].time.first {
                        let e = by_end[next];
                        best.insert(((obs[e].count.core.lo.value(), std::cmp::Reverse(obs[e].claim), next), e));
                        next += 1;
                    }
                    let Some(later_high) = obs[current].count.outer.hi.value().or(obs[current].count.core.hi.value())
                    else {
                        continue;
                    };
                    let later_core_high = obs[current].count.core.hi.value();
                    // The strongest earlier observation from another, unrelated claim: the first
                    // from the top that is not this claim's (usually the top one).
                    let earlier = best.iter().rev().map(|(_, e)| *e).find(|&e| {
                        obs[e].claim != obs[current].claim && !related(store, obs[e].claim, obs[current].claim)
                    });
                    let Some(earlier) = earlier else { continue };
                    let (earlier_outer_low, earlier_core_low) =
                        (obs[earlier].count.outer.lo.value(), obs[earlier].count.core.lo.value());
                    let level = if earlier_outer_low.is_some_and(|l| l > later_high) {
                        Level::Definite
                    } else if earlier_core_low.zip(later_core_high).is_some_and(|(l, h)| l > h) {
                        Level::Possible
                    } else {
                        continue;
                    };
                    findings.push(finding(rule, store, level, &obs[earlier], &obs[current]));
                }
            }
        }
        findings.sort_by_key(|f| f.claims.clone());
        findings.dedup_by(|a, b| a.claims == b.claims);
        findings
    }
}

fn finding(rule: &Rule, store: &Store, level: Level, earlier: &Observation, later: &Observation) -> Finding {
    let (ce, cl): (&Claim, &Claim) = (store.claim(earlier.claim), store.claim(later.claim));
    let message = format!(
        "{}: {} ({}) but {} ({}): a running total never decreases",
        key_text(store, cl),
        earlier.text,
        source_text(store, ce),
        later.text,
        source_text(store, cl),
    );
    let mut f = Finding::new(Code::RunningTotalDecreases, rule.severity_for(level), message, later.span, "");
    f.labels.clear();
    f.labels.extend(claim_labels(store, later.claim, LabelRole::Primary, format!("{} here", later.text)));
    f.labels.push(Label::secondary(earlier.span, format!("{} here", earlier.text)));
    if let Some(quote) = ce.quote.article_span {
        f.labels.push(Label::evidence(quote, format!("{} says this", source_text(store, ce))));
    }
    f.claims = vec![later.claim, earlier.claim];
    if let Value::List { items, .. } = &ce.value {
        f.notes.push(format!(
            "{} lists {} dated events as of {}: {}; a total so far counts each of them from its date on",
            source_text(store, ce),
            items.len(),
            ce.time.date,
            crate::rules::describe::value_text(store, ce)
        ));
    }
    f.notes.extend(derivation_notes(store, later.claim));
    f.notes.extend(derivation_notes(store, earlier.claim));
    f.likely_cause = Some(if matches!(ce.value, Value::List { .. }) {
        "the lower count may leave out some of the listed events (a narrower definition, such as official visits only, or an omission)".into()
    } else {
        "the two counts may count different things (a narrower definition), or one of them is out of date".into()
    });
    f.help = Some("check both counts and the dates they are as of: a total so far can only grow".into());
    f
}
