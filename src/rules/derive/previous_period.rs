//! ## What it derives
//!
//! The previous period's value from a stated comparison: "bilateral trade expected to rise to
//! nearly $6.5 billion by the end of 2021, up from $5.7 billion a year earlier" states that trade
//! in 2020 was $5.7 billion. The derived claim is a statement of fact even when the comparison
//! sits in a forecast: the forecast is about 2021, the earlier figure is reported as what happened.
//!
//! A claim states the comparison with `compared_with = { value = "$5.7 billion", earlier = "1 year" }`
//! (or `period = "2020"`); without a period, the year before the claim's own.
//!
//! ## Why it matters
//!
//! Articles cite last year's figure in passing, often from a different statistical agency than
//! other articles use. Made explicit, it is compared with every other claim for that year.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]
//! id = "trade-2021-forecast"
//! subject = "arcadia"
//! property = "bilateral-trade"
//! qualifiers = { partner = "borduria" }
//! value = "nearly $6.5 billion"
//! period = "2021"
//! modality = "forecast"
//! compared_with = { value = "$5.7 billion", earlier = "1 year" }
//! ```
//!
//! derives trade in 2020 of $5.7 billion, which conflicts with another article's 4.85 billion USD.
//!
//! ## Parameters
//!
//! - `properties`: the properties to derive for (default: every count, quantity or percent
//!   property).

use crate::model::claim::{Claim, Modality, TimeScope};
use crate::model::value::ValueType;
use crate::model::vocab::Property;
use crate::rules::derive::derived_claim;
use crate::rules::{Flow, Form, Role, Rule, RuleKind};
use crate::store::Store;

/// The `previous-period` kind.
pub struct PreviousPeriod;

impl RuleKind for PreviousPeriod {
    fn name(&self) -> &'static str {
        "previous-period"
    }

    fn source(&self) -> &'static str {
        include_str!("previous_period.rs")
    }

    fn role(&self) -> Role {
        Role::Derivation
    }

    fn applies_to(&self, property: &Property) -> bool {
        matches!(property.value_type, ValueType::Count | ValueType::Quantity { .. } | ValueType::Percent)
    }

    fn consumes(&self, rule: &Rule) -> Vec<Flow> {
        rule.properties.iter().map(|p| (*p, Form::Comparison)).collect()
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
                    let Some(compared) = &claim.compared_with else { continue };
                    let (Some((value, value_span)), Some((period, period_span))) = (&compared.value, &compared.period)
                    else {
                        continue;
                    };
                    let time = TimeScope { kind: claim.time.kind, date: *period, span: *period_span };
                    let name = |e| store.entities.name(e).to_string();
                    let step = format!(
                        "the figure for {} is given as up or down from {} in {}",
                        claim.time.date,
                        value.display(&store.units, &name),
                        period
                    );
                    // The earlier figure is reported as fact, even beside a forecast.
                    let modality = if claim.modality.is_factual() { claim.modality } else { Modality::Actual };
                    out.push(derived_claim(rule, id, claim, value.clone(), *value_span, time, modality, step));
                }
            }
        }
        out
    }
}
