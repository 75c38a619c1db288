//! Sources and the claims they make: subject, property, qualifiers, value, time scope, modality,
//! the verbatim quote, and where each piece was written.

use crate::model::date::DateValue;
use crate::model::ids::{ClaimId, EntityId, FileId, PropertyId, RuleId, SourceId};
use crate::model::value::{Measure, Value};
use crate::source::Span;

/// An article and its claim file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// Stable identifier ("ledger-2021-11").
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Author, where known.
    pub author: Option<String>,
    /// Publication date, at whatever precision is known.
    pub published: DateValue,
    /// Where it was published.
    pub url: Option<String>,
    /// The country the publisher is based in, where given (used to tell national statistics
    /// apart).
    pub country: Option<EntityId>,
    /// The archived article text, when it was found and read.
    pub article: Option<FileId>,
    /// The claim file.
    pub file: FileId,
    /// The `[source]` table.
    pub span: Span,
}

/// Whether a claim states a fact or something else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    /// A fact (the default).
    Actual,
    /// A goal ("targeted to reach US$10 billion by 2020").
    Target,
    /// A forecast or expectation ("expected to reach $3.6 billion").
    Forecast,
    /// An estimate ("an estimated 3.42 million metric ton").
    Estimate,
    /// Reported speech attributed to someone else.
    Reported,
}

impl Modality {
    /// The names accepted in claim files.
    pub const NAMES: &'static [&'static str] = &["actual", "target", "forecast", "expected", "estimate", "reported"];

    /// Parse a name ("expected" is a synonym of "forecast").
    pub fn parse(text: &str) -> Option<Modality> {
        match text {
            "actual" => Some(Modality::Actual),
            "target" => Some(Modality::Target),
            "forecast" | "expected" => Some(Modality::Forecast),
            "estimate" => Some(Modality::Estimate),
            "reported" => Some(Modality::Reported),
            _ => None,
        }
    }

    /// The name.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Actual => "actual",
            Modality::Target => "target",
            Modality::Forecast => "forecast",
            Modality::Estimate => "estimate",
            Modality::Reported => "reported",
        }
    }

    /// True for statements of fact (actual, estimate, reported), which can contradict each other.
    pub fn is_factual(self) -> bool {
        matches!(self, Modality::Actual | Modality::Estimate | Modality::Reported)
    }
}

/// How a claim places itself in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeKind {
    /// `as_of`: a state or running total at a date.
    AsOf,
    /// `period`: a flow over a period.
    Period,
    /// `at`: an event at a date.
    At,
    /// No scope given: the publication date, as of.
    Published,
}

impl TimeKind {
    /// The field name, as written in claim files.
    pub fn field(self) -> &'static str {
        match self {
            TimeKind::AsOf => "as_of",
            TimeKind::Period => "period",
            TimeKind::At => "at",
            TimeKind::Published => "published",
        }
    }
}

/// The time a claim is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeScope {
    /// How it was given.
    pub kind: TimeKind,
    /// The date or period.
    pub date: DateValue,
    /// Where it was written (the source's publication date for [`TimeKind::Published`]).
    pub span: Span,
}

/// A superlative about the claim's key among related keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rank {
    /// "the first": no instance of the relation is earlier.
    First,
    /// "the only": no other instance exists (within `among`).
    Only,
    /// "one of the first": recorded, but not a "first" claim: never contradicted by an earlier
    /// instance.
    OneOfTheFirst,
}

impl Rank {
    /// The names accepted in claim files.
    pub const NAMES: &'static [&'static str] = &["first", "only", "one-of-the-first"];

    /// Parse a name.
    pub fn parse(text: &str) -> Option<Rank> {
        match text {
            "first" => Some(Rank::First),
            "only" => Some(Rank::Only),
            "one-of-the-first" => Some(Rank::OneOfTheFirst),
            _ => None,
        }
    }

    /// The name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rank::First => "first",
            Rank::Only => "only",
            Rank::OneOfTheFirst => "one-of-the-first",
        }
    }
}

/// A comparison with an earlier period stated alongside the value: "up from $5.7 billion a year
/// earlier", "a 2.3% increase from 2022", "down 8.8% on-year".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComparedWith {
    /// The earlier value, if stated ("$5.7 billion").
    pub value: Option<(Value, Span)>,
    /// The change from the earlier value, if stated ("+2.3%"); negative for decreases.
    pub change: Option<(Measure, Span)>,
    /// The earlier period, given directly ("2022") or as an offset from the claim's period.
    pub period: Option<(DateValue, Span)>,
    /// The `compared_with` table.
    pub span: Span,
}

/// A qualifier value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QualifierValue {
    /// An entity.
    Entity(EntityId),
    /// Free text.
    Text(String),
}

/// Where a claim came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Provenance {
    /// Stated in a source's claim file.
    Stated,
    /// Derived by a rule from other claims.
    Derived(Derivation),
}

/// How a derived claim was obtained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derivation {
    /// The rule that derived it.
    pub rule: RuleId,
    /// The claims it was derived from.
    pub from: Vec<ClaimId>,
    /// The step in words ("the 70th anniversary in 2020 puts the event in 1950").
    pub step: String,
}

/// The verbatim quote a claim rests on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The quote as written in the claim file.
    pub text: String,
    /// The `quote` string in the claim file.
    pub span: Span,
    /// Where the quote was found in the archived article, once checked.
    pub article_span: Option<Span>,
}

/// One typed claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The claim's id within its source (for derived claims, a generated id).
    pub id: String,
    /// The source that states it (for derived claims, the source of the first input).
    pub source: SourceId,
    /// What the claim is about.
    pub subject: EntityId,
    /// What it says about the subject.
    pub property: PropertyId,
    /// Further key parts ("partner = borduria"), sorted by name.
    pub qualifiers: Vec<(String, QualifierValue)>,
    /// The value.
    pub value: Value,
    /// Where the value was written.
    pub value_span: Span,
    /// The time it is about.
    pub time: TimeScope,
    /// Fact, target, forecast, ...
    pub modality: Modality,
    /// "first", "only", "one of the first".
    pub rank: Option<(Rank, Span)>,
    /// The group a rank is relative to ("the only country in the League").
    pub among: Option<EntityId>,
    /// A stated comparison with an earlier period.
    pub compared_with: Option<ComparedWith>,
    /// The statistical agency or other authority the figure is attributed to.
    pub according_to: Option<String>,
    /// The quote.
    pub quote: Quote,
    /// A note from the person who encoded the claim.
    pub note: Option<String>,
    /// Where the claim's `candidate` table is, when extraction proposed it and nobody has
    /// accepted it yet (by deleting the table). A finding that rests only on such claims is a
    /// warning at most.
    pub candidate: Option<Span>,
    /// The claim's `id` in its file (for derived claims, the value of the first input).
    pub span: Span,
    /// The whole claim table in its file, from its header to the end of its last value: what
    /// the claim says, for the digest a review records (for derived claims, the first input's).
    pub extent: Span,
    /// Stated or derived.
    pub provenance: Provenance,
}

impl Claim {
    /// True for claims extraction proposed that nobody has reviewed yet.
    pub fn is_unreviewed(&self) -> bool {
        self.candidate.is_some()
    }

    /// True for claims derived by rules.
    pub fn is_derived(&self) -> bool {
        matches!(self.provenance, Provenance::Derived(_))
    }
}
