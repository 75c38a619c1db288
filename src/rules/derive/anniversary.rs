//! ## What it derives
//!
//! The date of an event from its anniversary: the Nth anniversary in year Y puts the event in year
//! Y − N. "Arcadia and Borduria have marked their 70th anniversary of diplomatic ties (in 2020)" says
//! the ties date from 1950, and that derived date is compared with every other date claimed for
//! them. A claim states an anniversary with `value = "70th anniversary"` and the year it falls in
//! as its time scope (`at = "2020"`; without one, the publication date).
//!
//! ## Why it matters
//!
//! Anniversaries are how articles most often state founding dates, and a wrong anniversary ("the
//! 25th anniversary" of a treaty signed 30 years ago) is invisible until the arithmetic is done.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]
//! id = "ties-70th"
//! subject = "arcadia"
//! property = "diplomatic-relations"
//! qualifiers = { partner = "borduria" }
//! value = "70th anniversary"
//! at = "2020"
//! ```
//!
//! derives the claim `ties-70th~<rule>` with the value 1950, which agrees with "January 30, 1950"
//! and would conflict with "1951".
//!
//! ## Parameters
//!
//! - `properties`: the properties to derive for (default: every date property).

use crate::model::claim::Claim;
use crate::model::date::MIN_YEAR;
use crate::model::value::{Value, ValueType, ordinal_suffix};
use crate::model::vocab::Property;
use crate::rules::derive::{at_date, derived_claim, years_value};
use crate::rules::{Flow, Form, Role, Rule, RuleKind};
use crate::store::Store;

/// The `anniversary` kind.
pub struct Anniversary;

impl RuleKind for Anniversary {
    fn name(&self) -> &'static str {
        "anniversary"
    }

    fn source(&self) -> &'static str {
        include_str!("anniversary.rs")
    }

    fn role(&self) -> Role {
        Role::Derivation
    }

    fn applies_to(&self, property: &Property) -> bool {
        property.value_type == ValueType::Date
    }

    fn consumes(&self, rule: &Rule) -> Vec<Flow> {
        rule.properties.iter().map(|p| (*p, Form::Anniversary)).collect()
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
                    let Value::Anniversary(nth) = &claim.value else { continue };
                    let Some(n) = nth.scaled().and_then(|n| i32::try_from(n.trunc().mantissa()).ok()) else { continue };
                    // An anniversary "by 2021" dates the event no later than 2021 − N.
                    let first = Some(claim.time.date.first_year() - n).filter(|y| *y >= MIN_YEAR);
                    let last = claim.time.date.last_year() - n;
                    let Some(value) = years_value(first, Some(last), first) else { continue };
                    let time = at_date(&value, claim.time.span).unwrap_or(claim.time);
                    let years = match first {
                        Some(first) if first == last => first.to_string(),
                        Some(first) => format!("{first}–{last}"),
                        None => format!("{last} or earlier"),
                    };
                    let step = format!(
                        "the {} anniversary in {} puts the event in {years}",
                        ordinal_suffix(nth.value),
                        claim.time.date
                    );
                    out.push(derived_claim(rule, id, claim, value, claim.value_span, time, claim.modality, step));
                }
            }
        }
        out
    }
}
