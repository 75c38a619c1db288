//! ## What it derives
//!
//! The earlier period's value from a value and its relative change: "$3.6 billion in 2023, a 2.3%
//! increase from 2022" puts 2022 at $3.6 billion ÷ 1.023 ≈ $3.52 billion; "3.42 million metric ton
//! in 2020, down 8.8% on-year" puts 2019 at about 3.75 million. Interval arithmetic carries the
//! precision of both figures through the division, so the derived value is as wide as the written
//! ones allow.
//!
//! A claim states the change with `compared_with = { change = "+2.3%", period = "2022" }` (or
//! `earlier = "1 year"`; without either, the year before). A derived value from a forecast or a
//! target is an estimate: the base year is past, but it is known here only through the forecast's
//! arithmetic.
//!
//! ## Why it matters
//!
//! Growth rates let an article imply a figure it never states. Derived, that figure meets the
//! figures other articles state for the same year, and a growth rate that cannot be right shows.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]
//! id = "trade-2023"
//! subject = "arcadia"
//! property = "bilateral-trade"
//! qualifiers = { partner = "borduria" }
//! value = "$3.6 billion"
//! period = "2023"
//! compared_with = { change = "+2.3%", period = "2022" }
//! ```
//!
//! derives trade in 2022 of 3.47–3.57 billion USD.
//!
//! ## Parameters
//!
//! - `properties`: the properties to derive for (default: every count, quantity or percent
//!   property).

use crate::model::claim::{Claim, Modality, TimeScope};
use crate::model::interval::{Estimate, Interval};
use crate::model::value::{Computed, ComputedKind, Value, ValueType};
use crate::model::vocab::Property;
use crate::rules::conflicting_value::tolerance_for;
use crate::rules::derive::derived_claim;
use crate::rules::{Flow, Form, Role, Rule, RuleKind};
use crate::store::Store;
use rust_decimal::Decimal;

/// The `percent-change` kind.
pub struct PercentChange;

impl RuleKind for PercentChange {
    fn name(&self) -> &'static str {
        "percent-change"
    }

    fn source(&self) -> &'static str {
        include_str!("percent_change.rs")
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
        for &property_id in &rule.properties {
            let property = store.property(property_id);
            for &key in store.keys_of_property(property_id) {
                for &id in store.claims_of_key(key) {
                    let claim = store.claim(id);
                    let Some(compared) = &claim.compared_with else { continue };
                    let (Some((change, _)), Some((period, period_span))) = (&compared.change, &compared.period) else {
                        continue;
                    };
                    if !change.percent || !claim.value.is_number() {
                        continue;
                    }
                    let Some(value) = claim.value.estimate(&store.units, &tolerance_for(property), &ValueType::Percent)
                    else {
                        continue;
                    };
                    let rate = change.amount.estimate(&tolerance_for(property));
                    let growth = |i: &Interval<Decimal>| Interval {
                        lo: i.lo.map_or_unbounded(|v| Decimal::ONE.checked_add(v.checked_div(Decimal::ONE_HUNDRED)?)),
                        hi: i.hi.map_or_unbounded(|v| Decimal::ONE.checked_add(v.checked_div(Decimal::ONE_HUNDRED)?)),
                    };
                    let (Some(core), Some(outer)) = (
                        value.core.divide_by_interval(&growth(&rate.core)),
                        value.outer.divide_by_interval(&growth(&rate.outer)),
                    ) else {
                        continue; // a fall of 100% or more: no earlier value follows
                    };
                    let estimate = Estimate { core, outer: outer.hull(&core) };
                    let derived = Value::Computed(Computed {
                        estimate,
                        kind: ComputedKind::Number,
                        unit: claim.value.unit(),
                        percent: matches!(&claim.value, Value::Number(m) if m.percent),
                    });
                    let name = |e| store.entities.name(e).to_string();
                    let mut magnitude = change.clone();
                    let direction = if magnitude.amount.negative { "down" } else { "up" };
                    magnitude.amount.negative = false;
                    let step = format!(
                        "{} in {}, {direction} {} from {}, puts {} at {}",
                        claim.value.display(&store.units, &name),
                        claim.time.date,
                        Value::Number(magnitude).display(&store.units, &name),
                        period,
                        period,
                        derived.display(&store.units, &name)
                    );
                    let modality = if claim.modality.is_factual() { claim.modality } else { Modality::Estimate };
                    let time = TimeScope { kind: claim.time.kind, date: *period, span: *period_span };
                    out.push(derived_claim(rule, id, claim, derived, claim.value_span, time, modality, step));
                }
            }
        }
        out
    }
}
