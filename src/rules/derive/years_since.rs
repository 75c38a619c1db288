//! ## What it derives
//!
//! The date of an event from the time elapsed since it: "2024 marks ... 12 years since the
//! establishment of the Comprehensive Strategic Partnership" puts the partnership in 2012. Years
//! are counted the way journalists count them — the difference of the years — so the plausible
//! reading is year Y − N and the generous one also allows the year before (twelve years since
//! July 2012 is still "12 years" in June 2024, but "11 years" by exact days). Hedges and precision
//! carry through: "over 40 years" puts the event no later than Y − 40; "seven decades" is precise
//! to half a decade.
//!
//! A claim states it with `value = "12 years since"` (or "over 40 years", "seven decades") and the
//! date it is counted to as its time scope (`as_of = "2024"`; without one, the publication date).
//!
//! ## Why it matters
//!
//! "N years since" is the other common way articles date foundations and treaties, and it is the
//! one most often left un-updated when an article is reused a year later.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]
//! id = "csp-12-years"
//! subject = "arcadia"
//! property = "comprehensive-strategic-partnership"
//! qualifiers = { partner = "borduria" }
//! value = "12 years since"
//! as_of = "2024"
//! ```
//!
//! derives 2012 (generous reading 2011–2012), which agrees with "July 2012".
//!
//! ## Parameters
//!
//! - `properties`: the properties to derive for (default: every date property).

use crate::model::claim::Claim;
use crate::model::interval::Bound;
use crate::model::number::NumberForm;
use crate::model::value::{Value, ValueType};
use crate::model::vocab::Property;
use crate::rules::conflicting_value::tolerance_for;
use crate::rules::derive::{at_date, derived_claim, years_value};
use crate::rules::{Flow, Form, Role, Rule, RuleKind};
use crate::store::Store;
use rust_decimal::Decimal;

/// The `years-since` kind.
pub struct YearsSince;

impl RuleKind for YearsSince {
    fn name(&self) -> &'static str {
        "years-since"
    }

    fn source(&self) -> &'static str {
        include_str!("years_since.rs")
    }

    fn role(&self) -> Role {
        Role::Derivation
    }

    fn applies_to(&self, property: &Property) -> bool {
        property.value_type == ValueType::Date
    }

    fn consumes(&self, rule: &Rule) -> Vec<Flow> {
        rule.properties.iter().map(|p| (*p, Form::Elapsed)).collect()
    }

    fn produces(&self, rule: &Rule) -> Vec<Flow> {
        rule.properties.iter().map(|p| (*p, Form::Direct)).collect()
    }

    fn derive(&self, rule: &Rule, store: &Store) -> Vec<Claim> {
        let mut out = Vec::new();
        for &property in &rule.properties {
            for &key in store.keys_of_property(property) {
                for &id in store.claims_of_key(key) {
                    let claim = store.claim(id);
                    let Value::Elapsed(measure) = &claim.value else { continue };
                    let Some(unit) = measure.unit else { continue };
                    let factor = store.units.get(unit).factor;
                    let mut estimate = measure.estimate(&store.units, &tolerance_for(store.property(claim.property)));
                    let number = &measure.amount.low;
                    if number.form == NumberForm::Digits
                        && number.half_unit == Decimal::new(5, 1)
                        && factor == Decimal::ONE
                        && measure.amount.hedge.is_none()
                    {
                        // "12 years": whole years, counted as a difference of years.
                        let n = number.value;
                        estimate.core = crate::model::interval::Interval::point(n);
                    } else if number.form == NumberForm::Words && factor > Decimal::ONE {
                        // "seven decades": precise to half a decade.
                        estimate.core = estimate.core.widen(factor / Decimal::TWO);
                    }
                    // Elapsed years [a, b] as of years [y1, y2] put the event in [y1 − b, y2 − a].
                    let ceil_years = |b: Bound<Decimal>| {
                        b.value().and_then(|v| i32::try_from(v.ceil().mantissa() / 10_i128.pow(v.ceil().scale())).ok())
                    };
                    let floor_years = |b: Bound<Decimal>| {
                        b.value()
                            .and_then(|v| i32::try_from(v.floor().mantissa() / 10_i128.pow(v.floor().scale())).ok())
                    };
                    let (y1, y2) = (claim.time.date.first_year(), claim.time.date.last_year());
                    let first =
                        ceil_years(estimate.core.hi).map(|b| y1 - b).filter(|y| *y >= crate::model::date::MIN_YEAR);
                    let last = match floor_years(estimate.core.lo) {
                        Some(a) => Some(y2 - a),
                        None => continue,
                    };
                    let outer_first = first.map(|f| f - 1).filter(|y| *y >= crate::model::date::MIN_YEAR);
                    let Some(value) = years_value(first, last, outer_first) else { continue };
                    let time = match at_date(&value, claim.time.span) {
                        Some(t) => t,
                        None => crate::model::claim::TimeScope {
                            kind: crate::model::claim::TimeKind::At,
                            date: claim.time.date,
                            span: claim.time.span,
                        },
                    };
                    let name = |e| store.entities.name(e).to_string();
                    let step = format!(
                        "{} as of {} puts the event in {}",
                        claim.value.display(&store.units, &name),
                        claim.time.date,
                        value.display(&store.units, &name)
                    );
                    out.push(derived_claim(rule, id, claim, value, claim.value_span, time, claim.modality, step));
                }
            }
        }
        out
    }
}
