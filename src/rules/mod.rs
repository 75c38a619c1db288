//! The rule engine: rule kinds, their registry, and the run that turns a store into findings.
//!
//! A *rule kind* (one file each, named after the problem it flags) is code; a *rule* is a
//! declaration in `rules/*.toml` that configures a kind: its id, severity, and parameters. Kinds are
//! of two roles: **derivations** add claims that follow from others (an anniversary gives a
//! founding year), **checks** report findings. The engine (`engine.rs`) validates declarations,
//! runs derivations in the order their dependency graph gives, then runs every check.
//!
//! Kinds do no IO and never print; they read the [`Store`] and return claims or findings.

pub mod conflicting_value;
pub mod count_mismatch;
pub mod derive;
pub mod describe;
pub mod engine;
pub mod first_claim_contradicted;
pub mod likely_cause;
pub mod params;
pub mod parts_do_not_add_up;
pub mod running_total_decreases;
pub mod scope;
pub mod spec;
pub mod value_out_of_range;

use crate::finding::{Finding, Severity};
use crate::model::claim::Claim;
use crate::model::ids::{PropertyId, RuleId};
use crate::model::vocab::Property;
use crate::store::Store;
use params::{ParamSpec, ParamValues};
use spec::RuleSpec;

/// What a rule kind does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Adds claims that follow from others.
    Derivation,
    /// Reports findings.
    Check,
}

/// The forms of claim a derivation reads or writes, for the dependency graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    /// A directly comparable value: a number, a date, an entity, an ordinal, a computed value.
    Direct,
    /// A list of items.
    List,
    /// An anniversary ("70th anniversary").
    Anniversary,
    /// An elapsed time ("12 years since").
    Elapsed,
    /// A claim with a stated comparison (`compared_with`).
    Comparison,
}

/// A (property, form) pair a derivation reads or writes.
pub type Flow = (PropertyId, Form);

/// How certain a finding is, before the rule's severity is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Both cannot hold: reported at the rule's severity.
    Definite,
    /// Agree only at the edge of a hedge or tolerance: at most a warning.
    Possible,
    /// Worth reading (a target missed): info.
    Note,
}

/// A configured rule: a declaration validated against its kind.
pub struct Rule {
    /// Its index among the project's rules.
    pub index: RuleId,
    /// The declared id.
    pub id: String,
    /// The kind.
    pub kind: &'static dyn RuleKind,
    /// Severity of definite findings.
    pub severity: Severity,
    /// The properties it applies to (the `properties` parameter, or every property the kind
    /// applies to).
    pub properties: Vec<PropertyId>,
    /// The validated parameters.
    pub params: ParamValues,
    /// The declaration.
    pub spec: RuleSpec,
}

impl Rule {
    /// The severity of a finding at `level`.
    pub fn severity_for(&self, level: Level) -> Severity {
        match level {
            Level::Definite => self.severity,
            Level::Possible => self.severity.min(Severity::Warning),
            Level::Note => Severity::Info,
        }
    }

    /// True when the rule applies to `property`.
    pub fn covers(&self, property: PropertyId) -> bool {
        self.properties.binary_search(&property).is_ok()
    }
}

/// A kind of rule: what it checks or derives. Implementations are unit structs registered in
/// [`registry`]; their documentation is the `//!` comment of their source file.
pub trait RuleKind: Sync {
    /// The name written as `kind = "..."`.
    fn name(&self) -> &'static str;
    /// The text of the kind's source file; its `//!` comment is the kind's documentation.
    fn source(&self) -> &'static str;
    /// Derivation or check.
    fn role(&self) -> Role;
    /// Parameters beyond the common ones (`properties`, `severity`, `description`).
    fn params(&self) -> &'static [ParamSpec] {
        &[]
    }
    /// Severity of definite findings unless the rule declares one.
    fn default_severity(&self) -> Severity {
        Severity::Error
    }
    /// Whether the kind applies to a property when the rule names no `properties`.
    fn applies_to(&self, property: &Property) -> bool;
    /// Run a check.
    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let _ = (rule, store);
        Vec::new()
    }
    /// Run a derivation: the claims that follow (not yet in the store).
    fn derive(&self, rule: &Rule, store: &Store) -> Vec<Claim> {
        let _ = (rule, store);
        Vec::new()
    }
    /// For derivations: what it reads.
    fn consumes(&self, rule: &Rule) -> Vec<Flow> {
        let _ = rule;
        Vec::new()
    }
    /// For derivations: what it writes.
    fn produces(&self, rule: &Rule) -> Vec<Flow> {
        let _ = rule;
        Vec::new()
    }
}

/// Every rule kind claimcheck has.
pub fn registry() -> &'static [&'static dyn RuleKind] {
    &[
        &conflicting_value::ConflictingValue,
        &running_total_decreases::RunningTotalDecreases,
        &count_mismatch::CountMismatch,
        &parts_do_not_add_up::PartsDoNotAddUp,
        &first_claim_contradicted::FirstClaimContradicted,
        &value_out_of_range::ValueOutOfRange,
        &derive::anniversary::Anniversary,
        &derive::years_since::YearsSince,
        &derive::percent_change::PercentChange,
        &derive::previous_period::PreviousPeriod,
        &derive::implies::Implies,
    ]
}

/// The kind with this name.
pub fn kind_named(name: &str) -> Option<&'static dyn RuleKind> {
    registry().iter().copied().find(|k| k.name() == name)
}

/// The documentation of a kind: the `//!` lines at the top of its source file, without the
/// comment markers.
pub fn documentation(kind: &dyn RuleKind) -> String {
    kind.source()
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| l.trim_start_matches("//!").strip_prefix(' ').unwrap_or(l.trim_start_matches("//!")))
        .collect::<Vec<_>>()
        .join("\n")
}
