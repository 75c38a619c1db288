//! Recognisers: find every value a text states — amounts of money and other quantities,
//! percentages, counts and ranges with their hedges, ordinals and ranks, dates at every
//! precision, time expressions, anniversaries and durations — with its byte span and its typed
//! value, in one pass.
//!
//! Each form is a regular-expression fragment (so extraction patterns can use the same fragments
//! as `{money}`, `{date}`, ...). The fragments are joined into one alternation, most specific
//! first, and run once over the text: leftmost-first matching resolves overlaps ("$3.6 billion" is
//! money, not the count 3; "the first eight months of 2021" is one time expression, not an
//! ordinal, a count and a year). Every match is then typed by the value grammar of
//! [`crate::model::syntax`], so that "nearly $6.5 billion" found in an article means exactly
//! what it means in a claim file; a match the grammar cannot type is dropped. Numbers inside
//! names and compounds ("COVID-19", "G20", "F-16", "two-way") are not values.

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

/// Digits with thousands separators (commas, or the thin and no-break spaces of typeset text)
/// and a decimal point.
const DIGITS: &str = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";
const SCALE: &str =
    r"(?:\s?(?:thousand|million|billion|trillion|bln|mln|trln|bn|tn|crores?|lakhs?)\b|(?:bn|mn|m|b|k)\b)";
/// Hedge words, each starting on a word boundary ("Turnover £449m" holds no "over").
const HEDGE: &str = r"(?:~|\b(?:no fewer than|no less than|no more than|as many as|as much as|upwards of|well over|well above|a little over|a little more than|slightly more than|slightly over|just over|just under|just below|close to|more than|greater than|higher than|less than|fewer than|lower than|at least|at most|up to|an estimated|in excess of|approximately|approx\.|roughly|around|about|some|circa|c\.|ca\.|nearly|almost|over|above|exceeding|under|below))";
const MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const FULL_MONTH: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)";
const YEAR: &str = r"(?:1[0-9]{3}|20[0-9]{2})";
const SEASON: &str = r"(?:spring|summer|fall|autumn|winter)";
const WEEKDAY: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";

/// The kind of a recognised value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MentionKind {
    /// "4.85 billion USD", "$5.7 billion".
    Money,
    /// "3.42 million metric ton".
    Quantity,
    /// "38%", "one-third".
    Percent,
    /// "three", "over 500", "60,000-80,000".
    Count,
    /// "fifth", "25th", "second-largest".
    Ordinal,
    /// "March 1, 2001", "2012", "early 2020", "the first quarter of 2024".
    Date,
    /// "April 5": a day whose year the text leaves to its context.
    YearlessDate,
    /// "last year", "a year earlier", "the first eight months of 2021", "by 2024", "December":
    /// a time expression resolved against the publication date (see [`super::timex`]).
    Time,
    /// "70th anniversary".
    Anniversary,
    /// "12 years since", "over the past 40 years", "seven decades".
    Duration,
}

impl MentionKind {
    /// The name used for it in extraction patterns (`{money}`) and reports.
    pub fn macro_name(self) -> &'static str {
        match self {
            MentionKind::Money => "money",
            MentionKind::Quantity => "quantity",
            MentionKind::Percent => "percent",
            MentionKind::Count => "count",
            MentionKind::Ordinal => "ordinal",
            MentionKind::Date => "date",
            MentionKind::YearlessDate => "day",
            MentionKind::Time => "time",
            MentionKind::Anniversary => "anniversary",
            MentionKind::Duration => "duration",
        }
    }

    /// True for the kinds that say when rather than how much: dates and time expressions.
    pub fn is_time(self) -> bool {
        matches!(self, MentionKind::Date | MentionKind::YearlessDate | MentionKind::Time)
    }

    /// Every kind, in report order.
    pub const ALL: [MentionKind; 10] = [
        MentionKind::Money,
        MentionKind::Quantity,
        MentionKind::Percent,
        MentionKind::Count,
        MentionKind::Ordinal,
        MentionKind::Date,
        MentionKind::YearlessDate,
        MentionKind::Time,
        MentionKind::Anniversary,
        MentionKind::Duration,
    ];
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
    /// The typed value (none for yearless dates and time expressions, which need the
    /// publication date: see [`super::timex::resolve`]).
    pub value: Option<Value>,
}

/// The regular-expression fragments of every value form, built once for a unit registry (whose
/// unit and currency names the fragments include).
pub struct Fragments {
    fragments: Vec<(&'static str, String)>,
    /// The fragments in one alternation. The fragments are fixed text plus escaped unit names and
    /// always compile; `None` only if a declared unit name ever broke them (then nothing is
    /// recognised rather than anything panicking, and [`Fragments::error`] says why).
    all: Option<Regex>,
    /// Why the alternation did not compile, if it did not.
    error: Option<String>,
    units: Units,
}

/// An alternation of literal names, longest first, each ending on a word boundary when it ends in
/// a letter or digit ("km" must not match the start of "kmh"; "km²" ends in a symbol).
fn alternation(mut names: Vec<String>) -> String {
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    if names.is_empty() {
        return r"(?:[^\s\S])".to_string();
    }
    let escaped: Vec<String> = names
        .iter()
        .map(|n| {
            let body = regex::escape(n).replace("\\ ", r"\s+").replace(' ', r"\s+");
            if n.chars().next_back().is_some_and(char::is_alphanumeric) { format!(r"{body}\b") } else { body }
        })
        .collect();
    format!("(?:{})", escaped.join("|"))
}

/// Currency names that are also common English words: recognised after a number only with a
/// scale word ("5 billion won", not "2 won").
const AMBIGUOUS_CURRENCY_NAMES: &[&str] = &["real", "won", "rand", "dong", "lira", "taka"];

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
        let range = format!(r"(?:between\s+)?{number}(?:(?:\s?(?:-|–)\s?|\s+(?:to|and)\s+){number})?");
        let prefixes: Vec<String> = units
            .currency_prefixes()
            .map(|p| p.to_string())
            .filter(|p| !p.chars().all(|c| c.is_ascii_alphabetic()) || p.len() > 1)
            .collect();
        // Symbol prefixes ("$", "US$") match in any case; word prefixes ("USD", "Rs") only as
        // currencies are written — in capitals (two-letter ones also capitalised: "Rs", "Rp") —
        // so that no English word before a number reads as money.
        let (symbols, words): (Vec<String>, Vec<String>) =
            prefixes.into_iter().partition(|p| !p.chars().all(|c| c.is_alphanumeric()));
        let word_forms: Vec<String> = words
            .iter()
            .flat_map(|w| {
                let upper = w.to_uppercase();
                let mut forms = vec![upper];
                if w.chars().count() == 2 {
                    let mut chars = w.chars();
                    let title: String = chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect();
                    forms.push(title);
                }
                forms
            })
            .collect();
        let currency_prefix = format!(r"(?:{}|\b(?-i:{})\.?\s?)", alternation(symbols), alternation(word_forms));
        let money_range = format!(
            r"(?:between\s+)?{currency_prefix}\s?{number}(?:{SCALE})?(?:(?:\s?(?:-|–)\s?|\s+(?:to|and)\s+){currency_prefix}?\s?{number})?"
        );
        let (ambiguous, currency_names): (Vec<String>, Vec<String>) = units
            .currency_names()
            .filter(|n| n.len() > 1)
            .map(str::to_string)
            .partition(|n| AMBIGUOUS_CURRENCY_NAMES.contains(&n.as_str()));
        let currency = alternation(currency_names);
        let scaled_currency = alternation(ambiguous);
        // One-letter currency names ("p" for pence) only glued to digits: "14.50p", not "5 p".
        let letters: Vec<String> =
            units.currency_names().filter(|n| n.chars().count() == 1).map(str::to_string).collect();
        let glued =
            if letters.is_empty() { String::new() } else { format!(r"|\d+(?:\.\d+)?(?-i:{})\b", alternation(letters)) };
        let unit_names: Vec<String> = units
            .all_names()
            .filter(|n| n.len() > 1)
            .filter(|n| {
                units.by_name(n).is_some_and(|u| !units.get(u).is_currency() && units.get(u).dimension != "duration")
            })
            .map(str::to_string)
            .collect();
        let unit = alternation(unit_names);
        let hedge = format!(r"(?:{HEDGE}\s*)?");
        let money = format!(
            r"{hedge}(?:{money_range}{SCALE}?(?:\s+{currency})?|{range}{SCALE}?\s+{currency}|{range}{SCALE}\s+{scaled_currency}{glued})"
        );
        let quantity = format!(r"{hedge}{range}{SCALE}?\s*{unit}");
        let fraction = r"\b(?:one|two|three|a)[-\s](?:thirds?|half|halves|quarters?)";
        let percent = format!(
            r"{hedge}(?:(?:-|\+|−)\s?)?(?:{range}\s?(?:%|percent\b|per\s+cent\b|pct\b|pc\b|percentage\s+points?\b)|{fraction}\b)"
        );
        let ordinal = format!(r"(?:\d+(?:st|nd|rd|th)\b|\b{ORDINAL_WORDS}\b)");
        // "the fifth-largest", and a superlative alone: "the largest carmaker" is rank 1.
        let rank = format!(
            r"{ordinal}(?:[-\s]+(?:largest|biggest|highest|lowest|smallest|greatest|busiest|strongest|fastest|richest|poorest|oldest|youngest|longest|deadliest|heaviest|leading|most\s+[a-z]+|least\s+[a-z]+))?|\b(?:largest|biggest|highest)\b"
        );
        let anniversary = format!(r"{ordinal}\s+anniversary");
        let duration = format!(
            r"(?:{HEDGE}\s+(?:the\s+past\s+)?)?{number}\s+(?:years?|decades?|centuries|century|months?|weeks?|days?)\b(?:\s+(?:since|ago))?"
        );
        let day = r"\d{1,2}(?:st|nd|rd|th)?";
        let date = format!(
            r"(?:{MONTH}\s+{day},?\s+{YEAR}|{day}\s+(?:of\s+)?{MONTH},?\s+{YEAR}|{YEAR}-\d{{2}}(?:-\d{{2}})?\b|(?:early|mid|late|earlier|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|end\s+of)[-\s]+(?:{MONTH}\s+)?{YEAR}|(?:the\s+)?(?:first|second|third|fourth)\s+quarter\s+of\s+{YEAR}|(?:the\s+)?(?:first|second)\s+half\s+of\s+{YEAR}|[QH][1-4]\s+{YEAR}|{MONTH},?\s+{YEAR}|(?:the\s+)?{YEAR}s\b|\b{YEAR}\b)"
        );
        let small = format!(r"(?:\d{{1,3}}|{NUMBER_WORDS})");
        let this_year = r"(?:this|last|next|the|the\s+previous|the\s+current)\s+year";
        let relative = [
            // Day ranges: "from January 1 to July 6", "between May 30 and June 5, 2021".
            format!(
                r"(?:(?:from|between)\s+)?{MONTH}\s+{day}(?:,?\s+{YEAR})?\s*(?:\s(?:to|until|through|and)\s|-|–)\s*{MONTH}\s+{day}\b(?:,?\s+{YEAR})?"
            ),
            // Parts of a year: "the first eight months of 2021", "the third quarter", "the first half of last year".
            format!(
                r"(?:the\s+)?(?:first|last|final|second|third|fourth)\s+(?:{small}\s+)?(?:months?|quarters?|half)(?:\s+of\s+(?:{YEAR}|{this_year}))?"
            ),
            // Month ranges: "January–July 2019", "Jan-Jul", "January to July".
            format!(r"{MONTH}\s*(?:(?:-|–|—)(?:to(?:-|–|—))?|\s+to\s+|\s+through\s+)\s*{MONTH}(?:,?\s+{YEAR})?"),
            // Twelve months to a day: "the year to March 31, 2014", "the 12 months ended June 30".
            // ... and a year of weeks: "the 52 weeks to 2 March 2002".
            format!(
                r"(?:the\s+)?(?:(?:fiscal|financial)\s+)?(?:year|12\s+months|twelve\s+months|\d{{2}}\s+weeks)\s+(?:to|ended|ending|through)\s+(?:{MONTH}\s+{day}(?:,?\s+{YEAR})?|{day}\s+{FULL_MONTH},?\s+{YEAR}|{FULL_MONTH}(?:,?\s+{YEAR})?)"
            ),
            // Fiscal years: "FY24", "FY 2023-24", "fiscal 2023", "the financial year 2023-24", "2023–24"
            // (with a hyphen the date form finds it), "the current fiscal", "the upcoming financial year".
            format!(
                r"\bFY\s?'?(?:\d{{4}}|\d{{2}})(?:\s*(?:-|–|/)\s*(?:\d{{4}}|\d{{2}}))?\b|(?:the\s+)?(?:fiscal|financial)(?:\s+year)?\s+{YEAR}(?:\s*(?:-|–|/)\s*(?:\d{{4}}|\d{{2}}))?\b|{YEAR}–\d{{2}}\b|(?:the\s+)?(?:current|ongoing|upcoming|coming|next|previous|last|this|present|past|prior|preceding)\s+(?:fiscal(?:\s+year)?|financial\s+year)\b"
            ),
            // The year so far, to a day: "this year as of July 6", "so far this year through May".
            format!(
                r"(?:so\s+far\s+)?this\s+year\s+(?:as\s+of|through|to|until|up\s+to)\s+(?:{MONTH}\s+{day}\b|{FULL_MONTH}\b)"
            ),
            format!(r"{MONTH}\s+(?:last|this|next)\s+year"),
            format!(r"(?:early|mid|late|end)[-\s]+{MONTH}\b(?:,?\s+{YEAR})?"),
            format!(r"the\s+(?:beginning|start|end|middle)\s+of\s+{MONTH}\b(?:,?\s+{YEAR})?"),
            format!(
                r"(?:the\s+)?(?:last|this|next|past|previous|coming|current)\s+(?:{small}\s+)?(?:years?|months?|weeks?|quarter|decades?|{SEASON})\b"
            ),
            format!(r"(?:a|an|{small})\s+(?:years?|decades?)\s+(?:earlier|ago|before|later)"),
            r"the\s+(?:previous|preceding|prior)\s+year|the\s+year\s+(?:before|earlier)".to_string(),
            r"the\s+same\s+(?:period|time|quarter|month)(?:\s+(?:of|in)\s+(?:last|the\s+previous)\s+year|\s+last\s+year|\s+a\s+year\s+(?:earlier|ago))?".to_string(),
            r"year[-\s]on[-\s]year|year[-\s]over[-\s]year|\by-o-y\b|\byoy\b".to_string(),
            // References to a period named before: "in the period", "for the nine months".
            format!(r"the\s+(?:period|quarter|half)\b|the\s+{small}\s+months\b"),
            r"so\s+far\s+this\s+year|(?:the\s+)?year[-\s]to[-\s]date".to_string(),
            format!(r"(?:the\s+)?(?:early|mid|late)[-\s]?{YEAR}s\b"),
            format!(r"(?:the\s+)?{SEASON}\s+(?:of\s+)?{YEAR}|the\s+{SEASON}\b"),
            // "in October", and "in October 2016" whole (not "in October" then "2016").
            format!(r"(?:in|since|by|until|from|through|during)\s+{FULL_MONTH}\b(?:,?\s+{YEAR}\b)?"),
            format!(r"\b(?:on\s+)?{WEEKDAY}\b"),
            r"\b(?:yesterday|today)\b".to_string(),
            format!(r"{YEAR}\s*/\s*\d{{2}}\b|(?:between|from)\s+{YEAR}\s+(?:and|to)\s+{YEAR}\b|{YEAR}\s*(?:-|–)\s*{YEAR}\b"),
            format!(r"(?:over|in|during|for)\s+the\s+(?:past|last|previous)\s+(?:{small}\s+)?(?:years?|decades?|months?)\b"),
        ];
        let relative_all = relative.join("|");
        let time = format!(
            r"(?:(?:by|since|until|till|before|after|as\s+of|as\s+at|through)\s+(?:the\s+end\s+of\s+)?(?:{relative_all}|{date}|{MONTH}\s+{day}\b|{FULL_MONTH}\b)|{relative_all})"
        );
        let yearless = format!(r"\b{MONTH}\s+{day}\b|\b{day}\s+(?:of\s+)?{FULL_MONTH}\b");
        // The one-pass search writes every form of "when" once: an optional bound ("by", "since",
        // "as of"), then a relative expression, an absolute date or a day.
        let when = format!(
            r"(?:(?:by|since|until|till|before|after|as\s+of|as\s+at|through)\s+(?:the\s+end\s+of\s+)?)?(?:{relative_all}|{date}|{yearless})|(?:by|since|until|till|before|after|as\s+of|as\s+at|through)\s+{FULL_MONTH}\b"
        );
        let count = format!(r"{hedge}{range}{SCALE}?(?:\s+times\b|-times?\b)?|\b(?:once|twice|thrice)\b");
        let fragments = vec![
            ("anniversary", anniversary),
            ("duration", duration),
            ("money", money),
            ("quantity", quantity),
            ("percent", percent),
            ("time", time),
            ("date", date),
            ("day", yearless),
            ("ordinal", rank),
            ("count", count),
            ("hedge", HEDGE.to_string()),
            ("year", YEAR.to_string()),
            ("month", MONTH.to_string()),
            ("number", number),
        ];
        // One pass over the text: the forms in priority order (leftmost-first alternation); what
        // each match is, the value grammar says afterwards (`classify`).
        let searched = [
            fragments.iter().find(|(n, _)| *n == "anniversary").map(|(_, f)| f.clone()).unwrap_or_default(),
            when,
            fragments
                .iter()
                .filter(|(n, _)| matches!(*n, "duration" | "money" | "quantity" | "percent" | "ordinal" | "count"))
                .map(|(_, f)| f.clone())
                .collect::<Vec<_>>()
                .join("|"),
        ];
        let alternatives: Vec<String> = searched.iter().map(|f| format!("(?:{f})")).collect();
        let pattern = format!(r"(?i-u)(?:{})", alternatives.join("|"));
        let (all, error) =
            match regex::RegexBuilder::new(&pattern).size_limit(64 << 20).dfa_size_limit(64 << 20).build() {
                Ok(all) => (Some(all), None),
                Err(e) => (None, Some(e.to_string())),
            };
        Fragments { fragments, all, error, units: units.clone() }
    }

    /// Why the recognisers could not be built (the declared units made the alternation too
    /// large), if they could not: then nothing is recognised.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
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
        // The alternation finds where values are (one pass of a lazy DFA, no capture groups:
        // resolving captures on every match cost more than the search); the value grammar then
        // says what each one is.
        crate::model::syntax::quietly(|| {
            for m in all.find_iter(text) {
                let raw = m.as_str();
                let written = raw.trim();
                if written.is_empty() {
                    continue;
                }
                let start = m.start() + (raw.len() - raw.trim_start().len());
                let span = start..start + written.len();
                if is_inside_a_name(text, &span) {
                    continue;
                }
                let Some((kind, value)) = self.classify(written) else { continue };
                out.push(Mention { kind, span, text: written.to_string(), value });
            }
        });
        out
    }

    /// What a recognised form is, and its typed value: the most specific reading the value
    /// grammar accepts. `None` for a false start of the search (the grammar types nothing).
    pub fn classify(&self, written: &str) -> Option<(MentionKind, Option<Value>)> {
        let normalised = written.replace('−', "-");
        let written = normalised.as_str();
        let lower = written.to_ascii_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
        let typed = |kind: MentionKind| self.type_of(kind, written).map(|v| (kind, Some(v)));
        if lower.ends_with("anniversary") {
            return typed(MentionKind::Anniversary);
        }
        if super::timex::is_reference(&lower) || super::fiscal::is_fiscal(&lower) {
            return Some((MentionKind::Time, None));
        }
        // "two-thirds", "nearly a quarter": a numerator word then a denominator.
        let fraction = words.windows(2).any(|pair| {
            matches!(pair[0], "one" | "two" | "three" | "a")
                && crate::model::lexicon::fraction_denominator(pair[1]).is_some()
        });
        if lower.contains('%')
            || has(&["percent", "pct", "pc"])
            || ["pc", "pct"]
                .iter()
                .any(|suffix| lower.strip_suffix(suffix).is_some_and(|r| r.ends_with(|c: char| c.is_ascii_digit())))
            || lower.contains("per cent")
            || fraction
        {
            return typed(MentionKind::Percent);
        }
        let month = words
            .iter()
            .any(|w| crate::model::lexicon::month_word(w).is_some() && *w != "may" || *w == "may" && words.len() > 1);
        let squeezed: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
        let time_word = has(TIME_WORDS)
            || ["yearonyear", "yearoveryear", "yeartodate", "yoy"].iter().any(|w| squeezed.contains(w))
            || words.first().is_some_and(|w| TIME_PREFIXES.contains(w))
            || lower.starts_with("as of")
            || lower.starts_with("as at");
        let decade =
            words.iter().any(|w| w.len() == 5 && w.ends_with('s') && w[..4].bytes().all(|b| b.is_ascii_digit()));
        let part_of_year = words.first().is_some_and(|w| w.len() == 2 && (w.starts_with('q') || w.starts_with('h')));
        if month || time_word || decade || part_of_year {
            let prefixed = words.first().is_some_and(|w| TIME_PREFIXES.contains(w)) || lower.starts_with("as ");
            if !prefixed {
                if let Some(v) = self.type_of(MentionKind::Date, written).filter(|v| matches!(v, Value::Date(_))) {
                    return Some((MentionKind::Date, Some(v)));
                }
                if month && with_year(written, &DateValue::year(2000)?).is_some() {
                    return Some((MentionKind::YearlessDate, None));
                }
            }
            let reference = DateValue::day(crate::model::date::Day::from_ymd(2000, 6, 15)?);
            if super::timex::resolve(written, &reference, None).is_some() {
                return Some((MentionKind::Time, None));
            }
            // "12 years since", "five years ago" as elapsed times.
            if let Some(typed) = typed(MentionKind::Duration) {
                return Some(typed);
            }
            // Not a time after all ("between $3 and $4 billion"): read on.
        }
        let ordinal = words.iter().any(|w| {
            crate::model::lexicon::ordinal_word(w).is_some()
                || (w.len() > 2
                    && w[..w.len() - 2].bytes().all(|b| b.is_ascii_digit())
                    && crate::model::lexicon::is_ordinal_suffix(&w[w.len() - 2..]))
        }) || has(&["largest", "biggest", "leading"]);
        if ordinal {
            return typed(MentionKind::Ordinal);
        }
        if let Ok(measure) = crate::model::syntax::parse_measure(written, &self.units) {
            return match measure.unit.map(|u| self.units.get(u)) {
                Some(unit) if unit.is_currency() => Some((MentionKind::Money, Some(Value::Number(measure)))),
                Some(unit) if unit.dimension == "duration" => typed(MentionKind::Duration),
                Some(_) => Some((MentionKind::Quantity, Some(Value::Number(measure)))),
                None => {
                    let year_like = words.len() == 1
                        && words[0].len() == 4
                        && written.bytes().all(|b| b.is_ascii_digit())
                        && (1000..2100).contains(&written.parse::<u32>().unwrap_or(0));
                    if year_like { typed(MentionKind::Date) } else { typed(MentionKind::Count) }
                }
            };
        }
        // An ISO date ("2023-09-09") reads as a date; "five years" as a duration.
        let duration_word = has(&["year", "years", "decade", "decades", "century", "centuries", "day", "days"]);
        let fallback = if duration_word { MentionKind::Duration } else { MentionKind::Date };
        typed(fallback).or_else(|| typed(MentionKind::Count))
    }

    /// Type a recognised form with the value grammar.
    pub fn type_of(&self, kind: MentionKind, written: &str) -> Option<Value> {
        let written = &as_written(&written.replace('−', "-"));
        let value_type = match kind {
            MentionKind::Money => ValueType::Quantity { dimension: "currency".into() },
            MentionKind::Quantity => {
                return match crate::model::syntax::parse_measure(written, &self.units) {
                    Ok(measure) if measure.unit.is_some() => Some(Value::Number(measure)),
                    _ => None,
                };
            }
            MentionKind::Percent => ValueType::Percent,
            MentionKind::Count => ValueType::Count,
            MentionKind::Ordinal => {
                return parse_value(written, &ValueType::Count, &self.units, &NoEntities)
                    .ok()
                    .or_else(|| parse_value(written, &ValueType::Rank, &self.units, &NoEntities).ok());
            }
            MentionKind::Date | MentionKind::Anniversary | MentionKind::Duration => ValueType::Date,
            MentionKind::YearlessDate | MentionKind::Time => return None,
        };
        parse_value(written, &value_type, &self.units, &NoEntities).ok()
    }
}

/// Words that make a form a time expression ("last year", "a year earlier", "the fall").
const TIME_WORDS: &[&str] = &[
    "last",
    "this",
    "next",
    "past",
    "previous",
    "preceding",
    "prior",
    "coming",
    "current",
    "earlier",
    "ago",
    "later",
    "yesterday",
    "today",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yoy",
    "same",
    "far",
    "date",
    "months",
    "month",
    "quarter",
    "quarters",
    "half",
    "week",
    "weeks",
    "decade",
];

/// Words that open a bounded time expression ("by 2024", "since 2015").
const TIME_PREFIXES: &[&str] =
    &["by", "since", "until", "till", "before", "after", "through", "from", "between", "in", "during", "on"];

/// A mention as a claim writes its value: "a seven-time champion" counts seven times.
pub fn as_written(mention: &str) -> String {
    match mention.strip_suffix("-time").or_else(|| mention.strip_suffix("-times")) {
        Some(number) => format!("{number} times"),
        None => mention.to_string(),
    }
}

/// True when the number at `span` is part of a name or a compound: glued to letters or digits
/// ("G20", "COVID-19", "F-16", "21st-century", "two-way"), or a clock time ("10:30").
fn is_inside_a_name(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    let before_dash_letter = text[..span.start].ends_with('-')
        && text[..span.start.saturating_sub(1)].chars().next_back().is_some_and(char::is_alphabetic);
    let after_dash_letter =
        text[span.end..].starts_with('-') && text[span.end + 1..].chars().next().is_some_and(char::is_alphabetic);
    let clock = (after == Some(':') && text[span.end + 1..].chars().next().is_some_and(|c| c.is_ascii_digit()))
        || (before == Some(':') && text[..span.start - 1].chars().next_back().is_some_and(|c| c.is_ascii_digit()));
    // "5.7bn" and "3rd" are glued by design, and the match includes them; other letters or
    // digits glued after a number make it part of a word ("4x4", "12pm").
    let glued_after = after.is_some_and(char::is_alphanumeric);
    before.is_some_and(char::is_alphanumeric) || before_dash_letter || after_dash_letter || clock || glued_after
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

    fn kids(v: &[(MentionKind, String)]) -> Vec<(MentionKind, &str)> {
        v.iter().map(|(k, t)| (*k, t.as_str())).collect()
    }

    #[test]
    fn hedges_start_on_a_word_boundary() {
        use MentionKind::*;
        // "Turnover" ends in "over", "handsome" in "some": neither is a hedge.
        assert_eq!(kids(&kinds("+13.6% Turnover £449.5m")), vec![(Percent, "+13.6%"), (Money, "£449.5m")]);
        assert_eq!(kids(&kinds("a handsome 40 seats")), vec![(Count, "40")]);
        assert_eq!(kids(&kinds("just over 40 seats")), vec![(Count, "just over 40")]);
    }

    #[test]
    fn n_time_is_a_count_of_times() {
        use MentionKind::*;
        assert_eq!(kids(&kinds("a seven-time champion")), vec![(Count, "seven-time")]);
        let value = Fragments::new(&Units::builtin()).type_of(Count, "seven-time");
        assert_eq!(value, Fragments::new(&Units::builtin()).type_of(Count, "seven times"));
        assert!(value.is_some());
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
        assert_eq!(kids(&kinds("Published: 2023-09-09 10:30")), vec![(Date, "2023-09-09")]);
    }

    #[test]
    fn time_expressions_are_one_mention() {
        use MentionKind::*;
        assert_eq!(
            kids(&kinds(
                "In the first eight months of 2021, exports rose 12% year-on-year to $3bn, a year earlier 2.9 bln."
            )),
            vec![
                (Time, "the first eight months of 2021"),
                (Percent, "12%"),
                (Time, "year-on-year"),
                (Money, "$3bn"),
                (Time, "a year earlier"),
                (Count, "2.9 bln"),
            ]
        );
        assert_eq!(
            kids(&kinds("By 2024 the plant, opened in December, had 327 sq km and 1,200 MW.")),
            vec![(Time, "By 2024"), (Time, "in December"), (Quantity, "327 sq km"), (Quantity, "1,200 MW")]
        );
    }

    #[test]
    fn clock_times_and_glued_numbers_are_not_values() {
        assert_eq!(kinds("The meeting at 10:30 discussed COVID-19 and the G20."), vec![]);
    }
}
