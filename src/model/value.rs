//! Typed claim values: counts, ordinals, quantities with units, percentages, dates, entity
//! references, lists, and the indirect forms derivations resolve ("70th anniversary",
//! "12 years since").
//!
//! A property's [`ValueType`] says which forms its claims may take; the parser in
//! [`crate::model::syntax`] produces a [`Value`] of a matching form or an error pointing inside the
//! written string.

use crate::model::date::DateValue;
use crate::model::ids::EntityId;
use crate::model::interval::{Bound, Estimate, Interval};
use crate::model::number::{Amount, Tolerance, WrittenNumber, format_decimal, format_scaled};
use crate::model::unit::{UnitId, Units};
use crate::source::Span;
use rust_decimal::Decimal;
use std::fmt;
use std::ops::Range;

/// The type of a property's values, declared in the vocabulary.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// A non-negative whole number of things or events ("three times", "144 projects"); ordinals
    /// ("the fifth visit") are accepted and mean "this event is the Nth".
    Count,
    /// An amount with a unit of the given dimension ("4.85 billion USD", "3.42 million metric ton").
    Quantity {
        /// The dimension its unit must have ("currency", "mass", ...).
        dimension: String,
    },
    /// A percentage ("38%", "one-third").
    Percent,
    /// A position in a ranking ("24th", "largest", "second-largest").
    Rank,
    /// A calendar date ("March 1, 2001", "2012", "early 2020"), an anniversary ("70th anniversary")
    /// or an elapsed time ("12 years since").
    Date,
    /// A reference to an entity of the vocabulary.
    Entity,
    /// A list of items of one type; a count or ordinal written as a string states its size.
    List(Box<ValueType>),
    /// Free text, compared for equality only.
    Text,
}

impl ValueType {
    /// The type name as written in vocabulary files.
    pub fn name(&self) -> String {
        match self {
            ValueType::Count => "count".into(),
            ValueType::Quantity { dimension } => format!("quantity ({dimension})"),
            ValueType::Percent => "percent".into(),
            ValueType::Rank => "rank".into(),
            ValueType::Date => "date".into(),
            ValueType::Entity => "entity".into(),
            ValueType::List(item) => format!("list of {}", item.name()),
            ValueType::Text => "text".into(),
        }
    }

    /// The names accepted for `type =` in vocabulary files.
    pub const NAMES: &'static [&'static str] =
        &["count", "quantity", "percent", "rank", "date", "entity", "list", "text"];

    /// True for types whose values are numbers compared as intervals.
    pub fn is_numeric(&self) -> bool {
        matches!(self, ValueType::Count | ValueType::Quantity { .. } | ValueType::Percent | ValueType::Rank)
    }
}

/// A number with its unit: the value form of counts, quantities, percentages and ranks.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Measure {
    /// The written amount.
    pub amount: Amount,
    /// The unit or currency, if any.
    pub unit: Option<UnitId>,
    /// Where the unit was written.
    pub unit_span: Option<Range<usize>>,
    /// True for percentages.
    pub percent: bool,
}

impl Measure {
    /// A unitless measure.
    pub fn plain(amount: Amount) -> Self {
        Measure { amount, unit: None, unit_span: None, percent: false }
    }

    /// The interval in the dimension's base unit (4.85 billion USD → dollars; 3.42 million metric
    /// ton → kilograms).
    pub fn estimate(&self, units: &Units, tolerance: &Tolerance) -> Estimate {
        let mut estimate = self.amount.estimate(tolerance);
        // Fractions in words are stored as written (1/3); as percentages they are 33.3…%.
        if self.percent && self.amount.low.form == crate::model::number::NumberForm::Fraction {
            estimate = Estimate {
                core: estimate.core.scale(Decimal::ONE_HUNDRED),
                outer: estimate.outer.scale(Decimal::ONE_HUNDRED),
            };
        }
        match self.unit {
            Some(unit) => {
                let factor = units.get(unit).factor;
                Estimate { core: estimate.core.scale(factor), outer: estimate.outer.scale(factor) }
            }
            None => estimate,
        }
    }
}

/// What a hedge on a date does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateHedge {
    /// "before 2001": strictly earlier than the date.
    Before,
    /// "after 2001": strictly later than the date.
    After,
    /// "by 2030", "no later than": at or before the end of the date.
    By,
    /// "since 2001", "from 2001": at or after the start of the date.
    Since,
    /// "around 2001", "circa 2001": within a year either side.
    About,
}

/// A date as written, with an optional hedge.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DateExpr {
    /// The date.
    pub date: DateValue,
    /// The hedge and where it was written.
    pub hedge: Option<(DateHedge, Range<usize>)>,
    /// Where the date was written.
    pub span: Range<usize>,
}

impl DateExpr {
    /// The interval of days (as decimals) the expression allows.
    pub fn estimate(&self) -> Estimate {
        let days = self.date.interval();
        let year = Decimal::from(366);
        match self.hedge.as_ref().map(|h| h.0) {
            None => Estimate::exact(days),
            Some(DateHedge::Before) => Estimate::exact(Interval::less_than(self.date.first.as_decimal())),
            Some(DateHedge::After) => Estimate::exact(Interval::greater_than(self.date.last.as_decimal())),
            Some(DateHedge::By) => Estimate::exact(Interval::at_most(self.date.last.as_decimal())),
            Some(DateHedge::Since) => Estimate::exact(Interval::at_least(self.date.first.as_decimal())),
            Some(DateHedge::About) => Estimate { core: days, outer: days.widen(year) },
        }
    }
}

/// A typed claim value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A count, quantity, percentage or rank.
    Number(Measure),
    /// "The fifth": the claim's event is the Nth of its kind.
    Ordinal(WrittenNumber),
    /// A date.
    Date(DateExpr),
    /// An entity of the vocabulary.
    Entity {
        /// The canonical entity.
        id: EntityId,
        /// Where the reference was written.
        span: Range<usize>,
    },
    /// A list of items; `exhaustive` says whether it names every item there is.
    List {
        /// The items, in written order.
        items: Vec<Value>,
        /// Where each item is written in the claim file (same order as `items`).
        spans: Vec<Span>,
        /// True when the list claims to be complete (the default).
        exhaustive: bool,
    },
    /// "The 70th anniversary": the event happened N years before the claim's time.
    Anniversary(WrittenNumber),
    /// "12 years since", "over 40 years", "seven decades": time elapsed since the event, as of the
    /// claim's time.
    Elapsed(Measure),
    /// Free text.
    Text(String),
    /// A value computed by a derivation: an interval with no written form of its own.
    Computed(Computed),
    /// No value stated: a rank claim ("Arcadia is the first country that ...") that names no date
    /// or number of its own.
    Unstated,
}

/// What a computed value measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ComputedKind {
    /// A number (count, amount, percentage), in the base unit of `unit`.
    Number,
    /// A date, as an interval of day numbers.
    Date,
}

/// A value computed by a derivation ("1950" from "70th anniversary in 2020", "at least 4" from a
/// list of four dated visits, "3.52 billion USD" from "$3.6 billion, a 2.3% increase").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Computed {
    /// The interval, with its core and generous readings.
    pub estimate: Estimate,
    /// What it measures.
    pub kind: ComputedKind,
    /// The unit, for amounts.
    pub unit: Option<UnitId>,
    /// True for percentages.
    pub percent: bool,
}

impl Value {
    /// A short name of the value's form, for messages.
    pub fn form_name(&self) -> &'static str {
        match self {
            Value::Number(m) if m.percent => "percentage",
            Value::Number(m) if m.unit.is_some() => "quantity",
            Value::Number(_) => "number",
            Value::Ordinal(_) => "ordinal",
            Value::Date(_) => "date",
            Value::Entity { .. } => "entity",
            Value::List { .. } => "list",
            Value::Anniversary(_) => "anniversary",
            Value::Elapsed(_) => "elapsed time",
            Value::Text(_) => "text",
            Value::Computed(c) if c.kind == ComputedKind::Date => "date",
            Value::Computed(_) => "number",
            Value::Unstated => "no value",
        }
    }

    /// The interval a directly comparable value means: numbers in base units, dates as day
    /// numbers. `None` for entities, lists, text and indirect forms.
    pub fn estimate(&self, units: &Units, tolerance: &Tolerance, value_type: &ValueType) -> Option<Estimate> {
        match self {
            Value::Number(measure) => {
                let estimate = measure.estimate(units, tolerance);
                Some(if matches!(value_type, ValueType::Count | ValueType::Rank | ValueType::List(_)) {
                    estimate.to_integers()
                } else {
                    estimate
                })
            }
            Value::Date(date) => Some(date.estimate()),
            Value::Computed(computed) => Some(computed.estimate),
            Value::Ordinal(n) => Some(Estimate::exact(Interval::point(n.value))),
            _ => None,
        }
    }

    /// The unit of a numeric value, if any.
    pub fn unit(&self) -> Option<UnitId> {
        match self {
            Value::Number(m) | Value::Elapsed(m) => m.unit,
            Value::Computed(c) => c.unit,
            _ => None,
        }
    }

    /// True for values that are dates (written or computed).
    pub fn is_date(&self) -> bool {
        matches!(self, Value::Date(_)) || matches!(self, Value::Computed(c) if c.kind == ComputedKind::Date)
    }

    /// True for counts, amounts, percentages and ranks (written or computed).
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_)) || matches!(self, Value::Computed(c) if c.kind == ComputedKind::Number)
    }

    /// Render the value for a message, with `units` for unit names and `entity_name` for entities.
    pub fn display<'a>(&'a self, units: &'a Units, entity_name: &'a dyn Fn(EntityId) -> String) -> ValueDisplay<'a> {
        ValueDisplay { value: self, units, entity_name }
    }
}

/// A value ready to print (see [`Value::display`]).
pub struct ValueDisplay<'a> {
    value: &'a Value,
    units: &'a Units,
    entity_name: &'a dyn Fn(EntityId) -> String,
}

fn write_amount(f: &mut fmt::Formatter<'_>, amount: &Amount) -> fmt::Result {
    if let Some(hedge) = &amount.hedge {
        write!(f, "{} ", hedge.hedge.as_str())?;
    }
    if amount.negative {
        write!(f, "-")?;
    }
    let show = |n: &WrittenNumber| n.scaled().map_or_else(|| format_decimal(n.value), format_scaled);
    let low = show(&amount.low);
    match &amount.high {
        None => write!(f, "{low}"),
        Some(high) => {
            let high = show(high);
            // "3–4 billion", not "3 billion–4 billion": a shared scale word is written once.
            let shared =
                |text: &str| text.rsplit_once(' ').map(|(number, word)| (number.to_string(), word.to_string()));
            match (shared(&low), shared(&high)) {
                (Some((low_number, low_word)), Some((_, high_word))) if low_word == high_word => {
                    write!(f, "{low_number}–{high}")
                }
                _ => write!(f, "{low}–{high}"),
            }
        }
    }
}

impl fmt::Display for ValueDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            Value::Number(measure) => {
                write_amount(f, &measure.amount)?;
                if measure.percent {
                    write!(f, "%")?;
                }
                if let Some(unit) = measure.unit {
                    write!(f, " {}", self.units.get(unit).display)?;
                }
                Ok(())
            }
            Value::Ordinal(n) => write!(f, "{}", ordinal_suffix(n.value)),
            Value::Date(date) => {
                match date.hedge.as_ref().map(|h| h.0) {
                    Some(DateHedge::Before) => write!(f, "before ")?,
                    Some(DateHedge::After) => write!(f, "after ")?,
                    Some(DateHedge::By) => write!(f, "by ")?,
                    Some(DateHedge::Since) => write!(f, "since ")?,
                    Some(DateHedge::About) => write!(f, "around ")?,
                    None => {}
                }
                write!(f, "{}", date.date)
            }
            Value::Entity { id, .. } => write!(f, "{}", (self.entity_name)(*id)),
            Value::List { items, exhaustive, .. } => {
                write!(f, "[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{}", item.display(self.units, self.entity_name))?;
                }
                if !exhaustive {
                    write!(f, ", …")?;
                }
                write!(f, "]")
            }
            Value::Anniversary(n) => write!(f, "{} anniversary", ordinal_suffix(n.value)),
            Value::Elapsed(measure) => {
                write_amount(f, &measure.amount)?;
                match measure.unit {
                    Some(unit) => write!(f, " {}s since", self.units.get(unit).display),
                    None => write!(f, " years since"),
                }
            }
            Value::Text(text) => write!(f, "{text:?}"),
            Value::Computed(computed) => write_computed(f, computed, self.units),
            Value::Unstated => write!(f, "(no value stated)"),
        }
    }
}

fn write_computed(f: &mut fmt::Formatter<'_>, computed: &Computed, units: &Units) -> fmt::Result {
    let core = computed.estimate.core;
    if computed.kind == ComputedKind::Date {
        return match crate::model::date::DateValue::from_day_interval(&core) {
            Some(date) => write!(f, "{date}"),
            None => match (core.lo.value(), core.hi.value()) {
                (None, Some(hi)) => match crate::model::date::DateValue::from_day_interval(&Interval::point(hi)) {
                    Some(d) => write!(f, "{} or earlier", open_end(d.first, true)),
                    None => write!(f, "an unknown date"),
                },
                (Some(lo), None) => match crate::model::date::DateValue::from_day_interval(&Interval::point(lo)) {
                    Some(d) => write!(f, "{} or later", open_end(d.first, false)),
                    None => write!(f, "an unknown date"),
                },
                _ => write!(f, "an unknown date"),
            },
        };
    }
    let unit = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
        if computed.percent {
            write!(f, "%")?;
        }
        if let Some(u) = computed.unit {
            write!(f, " {}", units.get(u).display)?;
        }
        Ok(())
    };
    let show = |v: Decimal| format_scaled(v.round_dp(6));
    match (core.lo, core.hi) {
        (Bound::Included(lo), Bound::Included(hi)) if lo == hi => write!(f, "{}", show(lo))?,
        (Bound::Included(lo) | Bound::Excluded(lo), Bound::Unbounded) => {
            let word = if matches!(core.lo, Bound::Included(_)) { "at least" } else { "more than" };
            write!(f, "{word} {}", show(lo))?
        }
        (Bound::Unbounded, Bound::Included(hi) | Bound::Excluded(hi)) => {
            let word = if matches!(core.hi, Bound::Included(_)) { "at most" } else { "less than" };
            write!(f, "{word} {}", show(hi))?
        }
        (lo, hi) => match (lo.value(), hi.value()) {
            (Some(lo), Some(hi)) => {
                let (a, b) = (show(lo), show(hi));
                // "5.594–5.808 billion", not "5.594 billion–5.808 billion".
                match (a.rsplit_once(' '), b.rsplit_once(' ')) {
                    (Some((na, wa)), Some((nb, wb))) if wa == wb => write!(f, "{na}–{nb} {wb}")?,
                    _ => write!(f, "{a}–{b}")?,
                }
            }
            _ => write!(f, "any value")?,
        },
    }
    unit(f)
}

/// The edge of an open date range in words: a year when it falls on the year's edge.
fn open_end(day: crate::model::date::Day, is_end: bool) -> String {
    let (y, m, d) = day.ymd();
    if (is_end && m == 12 && d == 31) || (!is_end && m == 1 && d == 1) { y.to_string() } else { day.to_string() }
}

/// "5" → "5th", "1" → "1st", "22" → "22nd".
pub fn ordinal_suffix(value: Decimal) -> String {
    let n = value.trunc();
    let text = format_decimal(n);
    let last_two = (n % Decimal::from(100)).abs();
    let last = (n % Decimal::TEN).abs();
    let suffix = if (Decimal::from(11)..=Decimal::from(13)).contains(&last_two) {
        "th"
    } else if last == Decimal::ONE {
        "st"
    } else if last == Decimal::TWO {
        "nd"
    } else if last == Decimal::from(3) {
        "rd"
    } else {
        "th"
    };
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_suffixes() {
        assert_eq!(ordinal_suffix(Decimal::from(1)), "1st");
        assert_eq!(ordinal_suffix(Decimal::from(12)), "12th");
        assert_eq!(ordinal_suffix(Decimal::from(22)), "22nd");
        assert_eq!(ordinal_suffix(Decimal::from(70)), "70th");
        assert_eq!(ordinal_suffix(Decimal::from(113)), "113th");
    }
}
