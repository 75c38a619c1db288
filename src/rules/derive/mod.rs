//! Derivations: rule kinds that add claims following from others. Derived claims are first-class:
//! every check compares them like stated claims, and they carry their provenance (the rule, the
//! claims they come from, and the step in words) so that a finding can explain its chain.

pub mod anniversary;
pub mod implies;
pub mod percent_change;
pub mod previous_period;
pub mod years_since;

use crate::model::claim::{Claim, Derivation, Modality, Provenance, TimeScope};
use crate::model::date::DateValue;
use crate::model::ids::ClaimId;
use crate::model::interval::{Estimate, Interval};
use crate::model::value::{Computed, ComputedKind, Value};
use crate::rules::Rule;
use crate::source::Span;
use rust_decimal::Decimal;

/// A claim derived from `input` by `rule`; it keeps the input's key, source and quote.
#[allow(clippy::too_many_arguments)]
pub fn derived_claim(
    rule: &Rule,
    input_id: ClaimId,
    input: &Claim,
    value: Value,
    value_span: Span,
    time: TimeScope,
    modality: Modality,
    step: String,
) -> Claim {
    Claim {
        id: format!("{}~{}", input.id, rule.id),
        source: input.source,
        subject: input.subject,
        property: input.property,
        qualifiers: input.qualifiers.clone(),
        value,
        value_span,
        time,
        modality,
        rank: None,
        among: None,
        compared_with: None,
        according_to: input.according_to.clone(),
        quote: input.quote.clone(),
        note: None,
        candidate: input.candidate,
        span: input.span,
        extent: input.extent,
        provenance: Provenance::Derived(Derivation { rule: rule.index, from: vec![input_id], step }),
    }
}

/// A computed date covering whole years `[first_year, last_year]` in its core, and from
/// `outer_first_year` in its generous reading. `None` for years out of range.
pub fn years_value(first_year: Option<i32>, last_year: Option<i32>, outer_first_year: Option<i32>) -> Option<Value> {
    let day = |y: i32, start: bool| -> Option<Decimal> {
        let date = DateValue::year(y)?;
        Some(if start { date.first.as_decimal() } else { date.last.as_decimal() })
    };
    let bound_lo = |y: Option<i32>| match y {
        Some(y) => day(y, true).map(crate::model::interval::Bound::Included),
        None => Some(crate::model::interval::Bound::Unbounded),
    };
    let bound_hi = |y: Option<i32>| match y {
        Some(y) => day(y, false).map(crate::model::interval::Bound::Included),
        None => Some(crate::model::interval::Bound::Unbounded),
    };
    let core = Interval { lo: bound_lo(first_year)?, hi: bound_hi(last_year)? };
    let outer = Interval { lo: bound_lo(outer_first_year)?, hi: core.hi };
    if core.is_empty() {
        return None;
    }
    Some(Value::Computed(Computed {
        estimate: Estimate { core, outer: outer.hull(&core) },
        kind: ComputedKind::Date,
        unit: None,
        percent: false,
    }))
}

/// The time scope of a derived event date: `at` the date itself.
pub fn at_date(value: &Value, span: Span) -> Option<TimeScope> {
    let Value::Computed(c) = value else { return None };
    let date =
        DateValue::from_day_interval(&c.estimate.core).or_else(|| DateValue::from_day_interval(&c.estimate.outer))?;
    Some(TimeScope { kind: crate::model::claim::TimeKind::At, date, span })
}
