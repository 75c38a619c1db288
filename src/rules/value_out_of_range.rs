//! ## What it flags
//!
//! A value outside the range a rule allows for its properties: a share above 100%, a negative
//! amount, a growth rate no economy has. `min` and `max` are in the property's base unit —
//! percent for percentages, the currency's unit for money ("1000000000" is a billion dollars),
//! kilograms for mass, years for dates.
//!
//! The comparison uses the value's interval: a value is out of range (error) when even its
//! generous reading is outside, possibly out of range (warning) when only its plausible reading is.
//!
//! ## Why it matters
//!
//! Some values are wrong on their face, whatever any other source says: a slip of a digit or a
//! misplaced scale word ("60 billion people") shows up here before any comparison is possible.
//!
//! ## Example
//!
//! ```toml
//! [[rule]]
//! id = "shares-are-percentages"
//! kind = "value-out-of-range"
//! properties = ["local-currency-share"]
//! min = "0"
//! max = "100"
//! ```
//!
//! reports `value-out-of-range` for a claim of "140%".
//!
//! ## Parameters
//!
//! - `properties`: the properties to check (required in practice: the default is none).
//! - `min`: the smallest allowed value, a decimal string (for dates: a year).
//! - `max`: the largest allowed value, a decimal string (for dates: a year).

use crate::finding::{Code, Finding, LabelRole};
use crate::model::interval::Interval;
use crate::model::vocab::Property;
use crate::rules::conflicting_value::tolerance_for;
use crate::rules::describe::{claim_labels, claim_text, derivation_notes, key_text};
use crate::rules::params::{ParamKind, ParamSpec};
use crate::rules::{Level, Role, Rule, RuleKind};
use crate::store::Store;
use rust_decimal::Decimal;

/// The `value-out-of-range` kind.
pub struct ValueOutOfRange;

const PARAMS: &[ParamSpec] = &[
    ParamSpec { name: "min", kind: ParamKind::Decimal, required: false, doc: "the smallest allowed value" },
    ParamSpec { name: "max", kind: ParamKind::Decimal, required: false, doc: "the largest allowed value" },
];

impl RuleKind for ValueOutOfRange {
    fn name(&self) -> &'static str {
        "value-out-of-range"
    }

    fn source(&self) -> &'static str {
        include_str!("value_out_of_range.rs")
    }

    fn role(&self) -> Role {
        Role::Check
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn applies_to(&self, _property: &Property) -> bool {
        false // a range only makes sense for properties the rule names
    }

    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let (min, max) = (rule.params.decimal("min"), rule.params.decimal("max"));
        if min.is_none() && max.is_none() {
            return Vec::new();
        }
        let mut findings = Vec::new();
        for &property_id in &rule.properties {
            let property = store.property(property_id);
            for &key in store.keys_of_property(property_id) {
                for &id in store.claims_of_key(key) {
                    let claim = store.claim(id);
                    let Some(estimate) =
                        claim.value.estimate(&store.units, &tolerance_for(property), &property.value_type)
                    else {
                        continue;
                    };
                    // Dates compare by year: the range is given in years.
                    let to_unit = |v: Decimal| -> Decimal {
                        if claim.value.is_date() {
                            let day = crate::model::date::Day(
                                i32::try_from(v.trunc().mantissa() / 10_i128.pow(v.trunc().scale())).unwrap_or(0),
                            );
                            Decimal::from(day.year())
                        } else {
                            v
                        }
                    };
                    let map = |i: &Interval<Decimal>| Interval {
                        lo: i.lo.map_or_unbounded(|v| Some(to_unit(v))),
                        hi: i.hi.map_or_unbounded(|v| Some(to_unit(v))),
                    };
                    let (core, outer) = (map(&estimate.core), map(&estimate.outer));
                    let allowed = Interval {
                        lo: min
                            .map_or(crate::model::interval::Bound::Unbounded, crate::model::interval::Bound::Included),
                        hi: max
                            .map_or(crate::model::interval::Bound::Unbounded, crate::model::interval::Bound::Included),
                    };
                    let level = if !outer.intersects(&allowed) {
                        Level::Definite
                    } else if !core.is_subset_of(&allowed) && !core.intersects(&allowed) {
                        Level::Possible
                    } else {
                        continue;
                    };
                    let range = match (min, max) {
                        (Some(lo), Some(hi)) => format!("from {} to {}", lo.normalize(), hi.normalize()),
                        (Some(lo), None) => format!("at least {}", lo.normalize()),
                        (None, Some(hi)) => format!("at most {}", hi.normalize()),
                        (None, None) => continue,
                    };
                    let message = format!(
                        "{}: {} is outside the range {range} that rule `{}` allows",
                        key_text(store, claim),
                        claim_text(store, claim),
                        rule.id
                    );
                    let mut f =
                        Finding::new(Code::ValueOutOfRange, rule.severity_for(level), message, claim.value_span, "");
                    f.labels.clear();
                    f.labels.extend(claim_labels(
                        store,
                        id,
                        LabelRole::Primary,
                        "outside the allowed range".to_string(),
                    ));
                    f.claims = vec![id];
                    f.notes.extend(derivation_notes(store, id));
                    f.help = Some(format!(
                        "check the value: a slipped digit or scale word is the usual cause; if the range is wrong, change rule `{}`",
                        rule.id
                    ));
                    findings.push(f);
                }
            }
        }
        findings
    }
}
