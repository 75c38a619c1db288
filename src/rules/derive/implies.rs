//! ## What it derives
//!
//! Claims of one property from claims of another: what holds for `from` holds for `to`. For
//! example, the date a strategic-partnership declaration was signed is the date the strategic
//! partnership began, so claims of `partnership-declaration-signed` become claims of
//! `strategic-partnership` and are compared with the dates other sources give for it. Claims keep
//! their subject, qualifiers, value, time and modality; a claim whose qualifiers the `to` property
//! does not declare is left out.
//!
//! Because `implies` rules read and write properties, they are what makes derivation order
//! matter: an `anniversary` rule on `from` runs first, so the dates it derives flow on to `to`;
//! two rules implying each other's property form a cycle, reported as `derivation-cycle`.
//!
//! ## Why it matters
//!
//! Articles describe one fact in several ways ("the declaration signed on March 1, 2001",
//! "upgraded to strategic partnership in March 2001"). Saying once, in the rules, that these are
//! the same lets every check see all of them.
//!
//! ## Example
//!
//! ```toml
//! [[rule]]
//! id = "declaration-starts-partnership"
//! kind = "implies"
//! from = "partnership-declaration-signed"
//! to = "strategic-partnership"
//! ```
//!
//! ## Parameters
//!
//! - `from`: the property whose claims are copied (required).
//! - `to`: the property they become claims of (required; the same value type).

use crate::model::claim::Claim;
use crate::model::value::Value;
use crate::model::vocab::Property;
use crate::rules::derive::derived_claim;
use crate::rules::params::{ParamKind, ParamSpec};
use crate::rules::{Flow, Form, Role, Rule, RuleKind};
use crate::store::Store;

/// The `implies` kind.
pub struct Implies;

const PARAMS: &[ParamSpec] = &[
    ParamSpec { name: "from", kind: ParamKind::Property, required: true, doc: "the property whose claims are copied" },
    ParamSpec { name: "to", kind: ParamKind::Property, required: true, doc: "the property they become claims of" },
];

impl RuleKind for Implies {
    fn name(&self) -> &'static str {
        "implies"
    }

    fn source(&self) -> &'static str {
        include_str!("implies.rs")
    }

    fn role(&self) -> Role {
        Role::Derivation
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn applies_to(&self, _property: &Property) -> bool {
        false
    }

    fn consumes(&self, rule: &Rule) -> Vec<Flow> {
        rule.params.property("from").map(|p| vec![(p, Form::Direct), (p, Form::List)]).unwrap_or_default()
    }

    fn produces(&self, rule: &Rule) -> Vec<Flow> {
        rule.params.property("to").map(|p| vec![(p, Form::Direct), (p, Form::List)]).unwrap_or_default()
    }

    fn derive(&self, rule: &Rule, store: &Store) -> Vec<Claim> {
        let (Some(from), Some(to)) = (rule.params.property("from"), rule.params.property("to")) else {
            return Vec::new();
        };
        let (source_property, target) = (store.property(from), store.property(to));
        if source_property.value_type != target.value_type {
            return Vec::new();
        }
        let mut out = Vec::new();
        for &key in store.keys_of_property(from) {
            for &id in store.claims_of_key(key) {
                let claim = store.claim(id);
                if matches!(claim.value, Value::Anniversary(_) | Value::Elapsed(_) | Value::Unstated) {
                    continue; // indirect forms are derived into direct ones by their own rules first
                }
                if claim.qualifiers.iter().any(|(name, _)| target.qualifier(name).is_none()) {
                    continue;
                }
                let step = format!("what is claimed of `{}` holds for `{}`", source_property.id, target.id);
                let mut derived = derived_claim(
                    rule,
                    id,
                    claim,
                    claim.value.clone(),
                    claim.value_span,
                    claim.time,
                    claim.modality,
                    step,
                );
                derived.property = to;
                out.push(derived);
            }
        }
        out
    }
}
