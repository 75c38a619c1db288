//! Rules as declared in `rules/*.toml`: id, kind, severity, description and the kind's
//! parameters, each with its span so that validation can point at it.

use crate::finding::Severity;
use crate::load::toml_tree::StrValue;
use crate::source::Span;

/// A parameter value as written.
#[derive(Clone, Debug)]
pub enum ParamValue {
    /// A string.
    Str(StrValue),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// An array of strings.
    List(Vec<StrValue>),
    /// Any other TOML value; holds its type name for the error message.
    Other(&'static str),
}

/// One `key = value` parameter of a rule.
#[derive(Clone, Debug)]
pub struct Param {
    /// The key.
    pub name: String,
    /// Where the key is written.
    pub name_span: Span,
    /// The value.
    pub value: ParamValue,
    /// Where the value is written.
    pub span: Span,
}

/// A rule declaration.
#[derive(Clone, Debug)]
pub struct RuleSpec {
    /// The rule's id, unique in the project.
    pub id: String,
    /// Where the id is written.
    pub id_span: Span,
    /// The rule kind ("conflicting-value", "anniversary", ...).
    pub kind: String,
    /// Where the kind is written.
    pub kind_span: Span,
    /// Severity override, if written.
    pub severity: Option<(Severity, Span)>,
    /// What the rule is for.
    pub description: Option<String>,
    /// The kind-specific parameters.
    pub params: Vec<Param>,
    /// The `[[rule]]` table.
    pub span: Span,
}

impl RuleSpec {
    /// The parameter with this name.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == name)
    }
}
