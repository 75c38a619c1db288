//! Recognisers: find every value a text states — amounts of money and other quantities,
//! percentages, counts and ranges with their hedges, ordinals, dates at every precision,
//! anniversaries and durations — with its byte span and its typed value.
//!
//! Each form is a regular-expression fragment (so extraction patterns can use the same fragments
//! as `{money}`, `{date}`, ...); every match is then typed by the value grammar of
//! [`crate::model::syntax`], so that "nearly $6.5 billion" found in an article means exactly what
//! it means in a claim file.

use crate::model::date::DateValue;
use crate::model::ids::EntityId;
use crate::model::syntax::{EntityResolver, parse_value};
use crate::model::unit::Units;
use crate::model::value::{Value, ValueType};
use regex::Regex;
use std::ops::Range;

/// Number words a recogniser accepts.
const NUMBER_WORDS: &str = "(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|dozen|hundred)";

/// Ordinal words.
const ORDINAL_WORDS: &str = "(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth)";

const DIGITS: &str = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";
const SCALE: &str = r"(?:\s?(?:thousand|million|billion|trillion|bln|mln|bn|tn)\b|(?:bn|mn|m|b|k)\b)";
const HEDGE: &str = r"(?:no fewer than|no less than|no more than|a little over|slightly more than|just over|just under|close to|more than|greater than|less than|fewer than|at least|at most|up to|an estimated|in excess of|approximately|roughly|around|about|some|nearly|almost|over|above|under|below)";
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const YEAR: &str = r"(?:1[0-9]{3}|20[0-9]{2})";
const CURRENCY_PREFIX: &str = r"(?:US\$|A\$|S\$|\$|€|£|¥|₫|₹|USD\s?|VND\s?|EUR\s?)";

/// The kind of a recognised value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// "4.85 billion USD", "$5.7 billion".
    Money,
    /// "3.42 million metric ton".
    Quantity,
    /// "38%", "one-third".
    Percent,
    /// "three", "over 500", "60,000-80,000".
    Count,
    /// "fifth", "25th".
    Ordinal,
    /// "March 1, 2001", "2012", "early 2020", "the first quarter of 2024".
    Date,
    /// "April 5": a day whose year the text leaves to its context.
    YearlessDate,
    /// "70th anniversary".
    Anniversary,
    /// "12 years since", "over the past 40 years", "seven decades".
    Duration,
}

impl MentionKind {
    /// The name used for it in extraction patterns (`{money}`).
    pub fn macro_name(self) -> &'static str {
        match self {
            MentionKind::Money => "money",
            MentionKind::Quantity => "quantity",
            MentionKind::Percent => "percent",
            MentionKind::Count => "count",
            MentionKind::Ordinal => "ordinal",
            MentionKind::Date => "date",
            MentionKind::YearlessDate => "day",
            MentionKind::Anniversary => "anniversary",
            MentionKind::Duration => "duration",
        }
    }
}

/// A value found in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// What it is.
    pub kind: MentionKind,
    /// Where it is written.
    pub span: Range<usize>,
    /// The text as written.
    pub text: String,
    /// The typed value (none for a yearless date, which needs a year from context).
    pub value: Option<Value>,
}

/// The regular-expression fragments of every value form, built once for a unit registry (whose
/// unit and currency names the fragments include).
pub struct Fragments {
    fragments: Vec<(&'static str, String)>,
    /// The fragments in one alternation. The fragments are fixed text plus escaped unit names and
    /// always compile; `None` only if a declared unit name ever broke them (then nothing is
    /// recognised rather than anything panicking).
    all: Option<Regex>,
    units: Units,
}

fn alternation(mut names: Vec<String>) -> String {
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let escaped: Vec<String> =
        names.iter().map(|n| regex::escape(n).replace("\\ ", r"\s+").replace(' ', r"\s+")).collect();
    format!("(?:{})", escaped.join("|"))
}

struct NoEntities;
impl EntityResolver for NoEntities {
    fn resolve(&self, _: &str) -> Result<EntityId, Vec<String>> {
        Err(Vec::new())
    }
}

impl Fragments {
    /// The fragments for `units` (built-in and declared units and currencies).
    pub fn new(units: &Units) -> Self {
        let number = format!(r"(?:{DIGITS}|\b{NUMBER_WORDS}\b)");
        let range = format!(r"(?:between\s+)?{number}(?:(?:\s?[-–]\s?|\s+(?:to|and)\s+){number})?");
        let money_range = format!(
            r"(?:between\s+)?{CURRENCY_PREFIX}\s?{number}(?:(?:\s?[-–]\s?|\s+(?:to|and)\s+){CURRENCY_PREFIX}?\s?{number})?"
        );
        let currency_names: Vec<String> = units.currency_names().filter(|n| n.len() > 1).map(str::to_string).collect();
        let currency = alternation(currency_names);
        let unit_names: Vec<String> = units
            .all_names()
            .filter(|n| n.len() > 1)
            .filter(|n| {
                units.by_name(n).is_some_and(|u| !units.get(u).is_currency() && units.get(u).dimension != "duration")
            })
            .map(str::to_string)
            .collect();
        let unit = alternation(unit_names);
        let hedge = format!(r"(?:{HEDGE}\s+)?");
        let money = format!(r"{hedge}(?:{money_range}{SCALE}?(?:\s+{currency}\b)?|{range}{SCALE}?\s+{currency}\b)");
        let quantity = format!(r"{hedge}{range}{SCALE}?\s+{unit}\b");
        let fraction = r"\b(?:one|two|three|a)[-\s](?:thirds?|half|halves|quarters?)";
        let percent = format!(r"{hedge}(?:{range}\s?(?:%|percent\b|per\s+cent\b)|{fraction}\b)");
        let ordinal = format!(r"(?:\d+(?:st|nd|rd|th)\b|\b{ORDINAL_WORDS}\b)");
        let anniversary = format!(r"{ordinal}\s+anniversary");
        let duration = format!(
            r"(?:{HEDGE}\s+(?:the\s+past\s+)?)?{number}\s+(?:years?|decades?|centuries|century|months?|weeks?|days?)\b(?:\s+(?:since|ago))?"
        );
        let day = r"\d{1,2}(?:st|nd|rd|th)?";
        let date = format!(
            r"(?:{MONTH}\s+{day},?\s+{YEAR}|{day}\s+(?:of\s+)?{MONTH},?\s+{YEAR}|{YEAR}-\d{{2}}(?:-\d{{2}})?\b|(?:early|mid|late|earlier|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|end\s+of)[-\s]+(?:{MONTH}\s+)?{YEAR}|(?:the\s+)?(?:first|second|third|fourth)\s+quarter\s+of\s+{YEAR}|(?:the\s+)?(?:first|second)\s+half\s+of\s+{YEAR}|[QH][1-4]\s+{YEAR}|{MONTH},?\s+{YEAR}|(?:the\s+)?{YEAR}s\b|\b{YEAR}\b)"
        );
        let yearless = format!(r"\b{MONTH}\s+{day}\b");
        let count = format!(r"{hedge}{range}{SCALE}?(?:\s+times\b)?|\b(?:once|twice|thrice)\b");
        let fragments = vec![
            ("anniversary", anniversary),
            ("duration", duration),
            ("money", money),
            ("quantity", quantity),
            ("percent", percent),
            ("date", date),
            ("day", yearless),
            ("ordinal", ordinal),
            ("count", count),
            ("hedge", HEDGE.to_string()),
            ("year", YEAR.to_string()),
            ("month", MONTH.to_string()),
            ("number", number),
        ];
        // One pass over the text: the forms in priority order (leftmost-first alternation).
        let order = ["anniversary", "duration", "money", "quantity", "percent", "date", "day", "ordinal", "count"];
        let alternatives: Vec<String> = order
            .iter()
            .map(|name| {
                let fragment = &fragments.iter().find(|(n, _)| n == name).map_or(String::new(), |(_, f)| f.clone());
                format!("(?P<{name}>{fragment})")
            })
            .collect();
        let all = Regex::new(&format!(r"(?i)(?:{})", alternatives.join("|"))).ok();
        Fragments { fragments, all, units: units.clone() }
    }

    /// The fragment for a macro name (`money`, `date`, ...), if any.
    pub fn fragment(&self, name: &str) -> Option<&str> {
        self.fragments.iter().find(|(n, _)| *n == name).map(|(_, f)| f.as_str())
    }

    /// The macro names, for did-you-mean.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fragments.iter().map(|(n, _)| *n)
    }

    /// Every value `text` states, left to right, without overlaps.
    pub fn recognise(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        let Some(all) = &self.all else { return out };
        for captures in all.captures_iter(text) {
            let Some((kind, m)) = [
                (MentionKind::Anniversary, "anniversary"),
                (MentionKind::Duration, "duration"),
                (MentionKind::Money, "money"),
                (MentionKind::Quantity, "quantity"),
                (MentionKind::Percent, "percent"),
                (MentionKind::Date, "date"),
                (MentionKind::YearlessDate, "day"),
                (MentionKind::Ordinal, "ordinal"),
                (MentionKind::Count, "count"),
            ]
            .iter()
            .find_map(|(kind, name)| captures.name(name).map(|m| (*kind, m))) else {
                continue;
            };
            let written = m.as_str().trim();
            if written.is_empty() {
                continue;
            }
            let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            let span = start..start + written.len();
            // Numbers inside names and compounds are not values: "G20", "COVID-19", "F-16",
            // "two-way", "21st-century".
            let before = text[..span.start].chars().next_back();
            let before_dash_letter = text[..span.start].ends_with('-')
                && text[..span.start.saturating_sub(1)].chars().next_back().is_some_and(char::is_alphabetic);
            let after_dash_letter = text[span.end..].starts_with('-')
                && text[span.end + 1..].chars().next().is_some_and(char::is_alphabetic);
            if before.is_some_and(char::is_alphanumeric) || before_dash_letter || after_dash_letter {
                continue;
            }
            let value = self.type_of(kind, written);
            // A form the grammar cannot type (a false start of the regex) is not a value.
            if value.is_none() && kind != MentionKind::YearlessDate {
                continue;
            }
            out.push(Mention { kind, span, text: written.to_string(), value });
        }
        out
    }

    /// Type a recognised form with the value grammar.
    pub fn type_of(&self, kind: MentionKind, written: &str) -> Option<Value> {
        let value_type = match kind {
            MentionKind::Money => ValueType::Quantity { dimension: "currency".into() },
            MentionKind::Quantity => {
                let dimension = self.units.dimensions().into_iter().find(|d| {
                    parse_value(written, &ValueType::Quantity { dimension: (*d).to_string() }, &self.units, &NoEntities)
                        .is_ok()
                })?;
                ValueType::Quantity { dimension: dimension.to_string() }
            }
            MentionKind::Percent => ValueType::Percent,
            MentionKind::Count | MentionKind::Ordinal => ValueType::Count,
            MentionKind::Date | MentionKind::Anniversary | MentionKind::Duration => ValueType::Date,
            MentionKind::YearlessDate => return None,
        };
        parse_value(written, &value_type, &self.units, &NoEntities).ok()
    }
}

/// Give a yearless date ("April 5") the year of `reference` (the article's publication date):
/// "April 5, 2021". `None` when the text is not a month and day.
pub fn with_year(written: &str, reference: &DateValue) -> Option<String> {
    let year = reference.last_year();
    let candidate = format!("{}, {year}", written.trim());
    crate::model::syntax::parse_date(&candidate).ok().map(|_| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(MentionKind, String)> {
        Fragments::new(&Units::builtin()).recognise(text).into_iter().map(|m| (m.kind, m.text)).collect()
    }

    #[test]
    fn money_dates_and_counts_in_one_sentence() {
        use MentionKind::*;
        assert_eq!(
            kids(&kinds(
                "Trade reached nearly $6.5 billion in 2021, up from 5.7 billion USD, with three new partners."
            )),
            vec![(Money, "nearly $6.5 billion"), (Date, "2021"), (Money, "5.7 billion USD"), (Count, "three")]
        );
    }

    fn kids(v: &[(MentionKind, String)]) -> Vec<(MentionKind, &str)> {
        v.iter().map(|(k, t)| (*k, t.as_str())).collect()
    }
}
