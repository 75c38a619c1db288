//! Rule parameters: what each kind takes, and the validation that turns a declaration's raw
//! `key = value` pairs into typed values — or into findings with a label and did-you-mean help.

use crate::finding::{Code, Finding};
use crate::load::vocab::parse_fraction;
use crate::model::ids::{EntityId, PropertyId};
use crate::rules::spec::{Param, ParamValue, RuleSpec};
use crate::store::Store;
use crate::suggest::did_you_mean;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// The type of a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// A list of property ids.
    Properties,
    /// One property id.
    Property,
    /// A percentage written as a string ("1%"), stored as a fraction (0.01).
    Percent,
    /// An exact decimal written as a string ("100").
    Decimal,
    /// true or false.
    Bool,
    /// An entity (group) id.
    Entity,
}

impl ParamKind {
    /// How a parameter of this type is written, for help lines.
    fn example(self, name: &str) -> String {
        match self {
            ParamKind::Properties => format!("{name} = [\"bilateral-trade\"]"),
            ParamKind::Property => format!("{name} = \"bilateral-trade\""),
            ParamKind::Percent => format!("{name} = \"1%\""),
            ParamKind::Decimal => format!("{name} = \"100\""),
            ParamKind::Bool => format!("{name} = true"),
            ParamKind::Entity => format!("{name} = \"the-league\""),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            ParamKind::Properties => "an array of property ids, e.g. [\"bilateral-trade\"]",
            ParamKind::Property => "a property id, e.g. \"bilateral-trade\"",
            ParamKind::Percent => "a percentage string, e.g. \"1%\"",
            ParamKind::Decimal => "a decimal string, e.g. \"100\"",
            ParamKind::Bool => "true or false",
            ParamKind::Entity => "an entity id, e.g. \"the-league\"",
        }
    }
}

/// A parameter a kind takes.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub kind: ParamKind,
    /// Whether a rule must give it.
    pub required: bool,
    /// What it does.
    pub doc: &'static str,
}

/// The parameter every kind takes.
pub const PROPERTIES: ParamSpec = ParamSpec {
    name: "properties",
    kind: ParamKind::Properties,
    required: false,
    doc: "the properties the rule applies to (default: every property the kind applies to)",
};

/// A validated parameter value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Typed {
    /// Properties.
    Properties(Vec<PropertyId>),
    /// A property.
    Property(PropertyId),
    /// A fraction (from a percentage).
    Fraction(Decimal),
    /// A decimal.
    Decimal(Decimal),
    /// A boolean.
    Bool(bool),
    /// An entity.
    Entity(EntityId),
}

/// A rule's validated parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParamValues(BTreeMap<&'static str, Typed>);

impl ParamValues {
    /// A fraction parameter.
    pub fn fraction(&self, name: &str) -> Option<Decimal> {
        match self.0.get(name) {
            Some(Typed::Fraction(v)) => Some(*v),
            _ => None,
        }
    }

    /// A decimal parameter.
    pub fn decimal(&self, name: &str) -> Option<Decimal> {
        match self.0.get(name) {
            Some(Typed::Decimal(v)) => Some(*v),
            _ => None,
        }
    }

    /// A boolean parameter.
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.0.get(name) {
            Some(Typed::Bool(v)) => Some(*v),
            _ => None,
        }
    }

    /// A property parameter.
    pub fn property(&self, name: &str) -> Option<PropertyId> {
        match self.0.get(name) {
            Some(Typed::Property(v)) => Some(*v),
            _ => None,
        }
    }

    /// A properties parameter.
    pub fn properties(&self, name: &str) -> Option<&[PropertyId]> {
        match self.0.get(name) {
            Some(Typed::Properties(v)) => Some(v),
            _ => None,
        }
    }

    /// An entity parameter.
    pub fn entity(&self, name: &str) -> Option<EntityId> {
        match self.0.get(name) {
            Some(Typed::Entity(v)) => Some(*v),
            _ => None,
        }
    }
}

/// "a `conflicting-value`", "an `implies`".
fn article_of(kind: &str) -> String {
    let vowel = kind.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} `{kind}`", if vowel { "an" } else { "a" })
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn bad(param: &Param, message: String, help: String) -> Finding {
    Finding::error(Code::BadParameter, message, param.span, "invalid value").with_help(help)
}

fn property_of(
    store: &Store,
    param: &Param,
    text: &crate::load::toml_tree::StrValue,
    findings: &mut Vec<Finding>,
) -> Option<PropertyId> {
    if let Some(id) = store.property_named(text.text.trim()) {
        return Some(id);
    }
    let names: Vec<&str> = store.properties().map(|(_, p)| p.id.as_str()).collect();
    let help = match did_you_mean(&text.text, names.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? `{}` takes property ids declared with [[property]]", param.name),
        None => format!("`{}` takes property ids declared with [[property]]", param.name),
    };
    findings.push(
        Finding::error(
            Code::UnknownProperty,
            format!("unknown property `{}`", text.text),
            text.content_span(),
            "not declared",
        )
        .with_help(help),
    );
    None
}

/// Validate a rule's parameters against its kind's specs.
pub fn validate(
    spec: &RuleSpec,
    specs: &[ParamSpec],
    store: &Store,
    findings: &mut Vec<Finding>,
) -> Option<ParamValues> {
    let before = findings.len();
    let mut values = BTreeMap::new();
    for param in &spec.params {
        let Some(param_spec) = specs.iter().find(|s| s.name == param.name) else {
            let names: Vec<&str> =
                specs.iter().map(|s| s.name).chain(["id", "kind", "severity", "description"]).collect();
            let help = match did_you_mean(&param.name, names.iter().copied()) {
                Some(s) => format!(
                    "did you mean `{s}`? {} rule takes: {}",
                    capitalize(&article_of(&spec.kind)),
                    names.join(", ")
                ),
                None => format!("{} rule takes: {}", article_of(&spec.kind), names.join(", ")),
            };
            findings.push(
                Finding::error(
                    Code::UnknownParameter,
                    format!("{} rule has no parameter `{}`", article_of(&spec.kind), param.name),
                    param.name_span,
                    "unknown parameter",
                )
                .with_help(help),
            );
            continue;
        };
        let expected = || {
            format!(
                "`{}` must be {}, found {}",
                param.name,
                param_spec.kind.describe(),
                match &param.value {
                    ParamValue::Str(_) => "a string",
                    ParamValue::Int(_) => "an integer",
                    ParamValue::Bool(_) => "a boolean",
                    ParamValue::List(_) => "an array",
                    ParamValue::Other(t) => t,
                }
            )
        };
        let typed = match (param_spec.kind, &param.value) {
            (ParamKind::Properties, ParamValue::List(items)) => {
                let ids: Vec<PropertyId> =
                    items.iter().filter_map(|i| property_of(store, param, i, findings)).collect();
                (ids.len() == items.len()).then_some(Typed::Properties(ids))
            }
            (ParamKind::Properties, ParamValue::Str(item)) | (ParamKind::Property, ParamValue::Str(item)) => {
                property_of(store, param, item, findings).map(|id| {
                    if param_spec.kind == ParamKind::Property {
                        Typed::Property(id)
                    } else {
                        Typed::Properties(vec![id])
                    }
                })
            }
            (ParamKind::Percent, ParamValue::Str(text)) => parse_fraction(text, findings).map(Typed::Fraction),
            (ParamKind::Decimal, ParamValue::Str(text)) => match Decimal::from_str_exact(text.text.trim()) {
                Ok(v) => Some(Typed::Decimal(v)),
                Err(_) => {
                    findings.push(bad(
                        param,
                        format!("`{}` is not a decimal number", text.text),
                        "write it like \"100\" or \"0.5\"".into(),
                    ));
                    None
                }
            },
            (ParamKind::Decimal, ParamValue::Int(n)) => Some(Typed::Decimal(Decimal::from(*n))),
            (ParamKind::Bool, ParamValue::Bool(b)) => Some(Typed::Bool(*b)),
            (ParamKind::Entity, ParamValue::Str(text)) => match store.entities.resolve(text.text.trim()) {
                Some(id) => Some(Typed::Entity(id)),
                None => {
                    let help = match store.entities.suggest(&text.text) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "declare it with [[entity]]".into(),
                    };
                    findings.push(
                        Finding::error(
                            Code::UnknownEntity,
                            format!("unknown entity `{}`", text.text),
                            text.content_span(),
                            "not declared",
                        )
                        .with_help(help),
                    );
                    None
                }
            },
            _ => {
                findings.push(bad(param, expected(), format!("write `{}`", param_spec.kind.example(&param.name))));
                None
            }
        };
        if let Some(typed) = typed {
            values.insert(param_spec.name, typed);
        }
    }
    for required in specs.iter().filter(|s| s.required) {
        if !values.contains_key(required.name) && !spec.params.iter().any(|p| p.name == required.name) {
            findings.push(
                Finding::error(
                    Code::MissingField,
                    format!("{} rule needs the parameter `{}`", article_of(&spec.kind), required.name),
                    spec.id_span,
                    format!("no `{}`", required.name),
                )
                .with_help(format!("add `{}`: {}", required.kind.example(required.name), required.doc)),
            );
        }
    }
    (findings.len() == before).then_some(ParamValues(values))
}
