//! The vocabulary claims are written in: entities (with aliases and groups) and properties (with
//! value type, temporal behaviour, qualifiers and tolerance), as declared in `rules/`.

use crate::model::date::Day;
use crate::model::ids::EntityId;
use crate::model::value::ValueType;
use crate::source::Span;
use rust_decimal::Decimal;

/// A time-bound membership of an entity in a group ("Okafor was a Bordurian president from 2008
/// to 2012").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    /// The member.
    pub member: EntityId,
    /// First day of membership, if bounded.
    pub from: Option<Day>,
    /// Last day of membership, if bounded.
    pub until: Option<Day>,
    /// Where the membership is declared.
    pub span: Span,
}

impl Membership {
    /// True when the membership covers `day`.
    pub fn covers(&self, day: Day) -> bool {
        self.from.is_none_or(|from| from <= day) && self.until.is_none_or(|until| day <= until)
    }
}

/// A thing claims are about: a country, a person, an organization, or a group of those.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Stable identifier ("arcadia").
    pub id: String,
    /// Display name ("Arcadia").
    pub name: String,
    /// Other names that refer to it ("AR", "Republic of Arcadia").
    pub aliases: Vec<String>,
    /// Adjectival forms that refer to it in running text ("Arcadian"): extraction reads "Arcadian
    /// exports" as exports of Arcadia. Not names: a claim's `subject` cannot be an adjective.
    pub adjectives: Vec<String>,
    /// What kind of thing it is ("country", "person", "group", ...), free text.
    pub kind: String,
    /// Members, for groups.
    pub members: Vec<Membership>,
    /// For groups whose members hold one office in turn: the name of the office holder ("the
    /// Chancellor"), which resolves to the member at the claim's time.
    pub holder: Option<String>,
    /// Where it is declared.
    pub span: Span,
}

impl Entity {
    /// True for groups.
    pub fn is_group(&self) -> bool {
        !self.members.is_empty()
    }
}

/// How a property's value behaves over time (DESIGN.md, semantics 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Temporal {
    /// One value forever (a founding date).
    Static,
    /// A value per period (trade in 2020).
    Flow,
    /// A value as of a date, free to change (rank among investors).
    State,
    /// A value as of a date that never decreases (visits so far).
    RunningTotal,
}

impl Temporal {
    /// The names accepted in vocabulary files.
    pub const NAMES: &'static [&'static str] = &["static", "flow", "state", "running-total"];

    /// Parse a name.
    pub fn parse(text: &str) -> Option<Temporal> {
        match text {
            "static" => Some(Temporal::Static),
            "flow" => Some(Temporal::Flow),
            "state" => Some(Temporal::State),
            "running-total" => Some(Temporal::RunningTotal),
            _ => None,
        }
    }

    /// The name.
    pub fn as_str(self) -> &'static str {
        match self {
            Temporal::Static => "static",
            Temporal::Flow => "flow",
            Temporal::State => "state",
            Temporal::RunningTotal => "running-total",
        }
    }
}

/// What a qualifier's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QualifierKind {
    /// An entity reference ("partner = \"borduria\"").
    Entity,
    /// Free text ("basis = \"registered capital\"").
    Text,
}

/// A qualifier a property accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualifierSpec {
    /// Its name.
    pub name: String,
    /// What its values are.
    pub kind: QualifierKind,
    /// For a text qualifier, the values articles use, each with the other words that mean it
    /// (`ward = { kind = "text", values = ["ICU"], aliases = { ICU = ["intensive care"] } }`):
    /// extraction fills the qualifier when the sentence names one.
    pub values: Vec<QualifierValueSpec>,
}

/// One declared value of a text qualifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualifierValueSpec {
    /// The value as claims write it ("ICU").
    pub value: String,
    /// Other words articles use for it ("intensive care", "intensive care units").
    pub aliases: Vec<String>,
}

/// Something claims state about a subject: "bilateral-trade", "visits", "diplomatic-relations".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// Stable identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The type of its values.
    pub value_type: ValueType,
    /// How its values behave over time.
    pub temporal: Temporal,
    /// Qualifiers its claims may carry.
    pub qualifiers: Vec<QualifierSpec>,
    /// For symmetric relations (trade between two countries): the qualifier that may swap with
    /// the subject without changing the meaning.
    pub symmetric: Option<String>,
    /// Relative tolerance when comparing values ("agree within 1%" is 0.01).
    pub tolerance: Decimal,
    /// Relative width of hedges ("about", "nearly") for this property, if not the default.
    pub hedge_tolerance: Option<Decimal>,
    /// What the property means, for documentation and hover.
    pub description: String,
    /// Words and phrases that signal the property in a sentence ("trade", "turnover",
    /// "exports and imports"), lowercased: extraction attaches a value to the property whose cues
    /// stand nearest to it. The id and name are cues too.
    pub cues: Vec<String>,
    /// Where it is declared.
    pub span: Span,
}

impl Property {
    /// The qualifier spec with this name.
    pub fn qualifier(&self, name: &str) -> Option<&QualifierSpec> {
        self.qualifiers.iter().find(|q| q.name == name)
    }
}
