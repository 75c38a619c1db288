//! Time expressions: the words that say *when* a value holds — "in 2020", "last year", "a year
//! earlier", "July last year", "the first eight months of 2021", "January–July 2019", "the fall",
//! "December", "Dec. 31", "by 2024", "as of end-January" — resolved to calendar dates against the
//! article's publication date.
//!
//! [`resolve`] turns the words of one expression (as the recogniser of [`super::recognise`] found
//! them) into a [`Resolved`] date with its role: a plain date, an open bound ("by 2024", "since
//! 2015"), an as-of point, or a comparison basis ("a year earlier", "year-on-year") that is
//! relative to the sentence's own time rather than to the publication date. Yearless dates are the
//! most recent ones not after publication ("December" in an article of March 2023 is December
//! 2022). Pure: text in, dates out.

use super::fiscal::FiscalYear;
use crate::model::date::{DatePrecision, DateValue, Day, YearPart, days_in_month};
use crate::model::lexicon::{cardinal_word, month_word, ordinal_word};
use crate::model::syntax::parse_date;

/// How an expression places its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeRole {
    /// "in 2020", "last year", "the first eight months of 2021": the date itself.
    Plain,
    /// "by 2024", "until 2025": at or before the end of the date (a deadline, an open period).
    By,
    /// "before 2024": strictly before.
    Before,
    /// "since 2015", "from 2015": at or after the start.
    Since,
    /// "after 2015": strictly after.
    After,
    /// "as of end-January", "as at June 30": the state at that point.
    AsOf,
    /// "a year earlier", "the previous year", "the same period last year", "year-on-year": the
    /// time a value is compared with, relative to the sentence's own time.
    Basis,
}

/// A resolved time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resolved {
    /// The days it means (for an open bound, the date the bound is written on: "2024" in "by
    /// 2024").
    pub date: DateValue,
    /// How it places the date.
    pub role: TimeRole,
    /// True when the date was resolved against the publication date or another time of the
    /// sentence rather than written out ("last year", "December", "a year earlier").
    pub relative: bool,
}

/// The words of `text`: lowercase, split at whitespace, dashes and commas, with a trailing full
/// stop dropped from abbreviations ("dec." → "dec").
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | '/'))
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '\'' | '’')).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit())).then(|| word.parse().ok()).flatten()
}

pub(super) fn small_number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return (n <= 1000).then_some(n);
    }
    match word {
        "a" | "an" => Some(1),
        "dozen" => Some(12),
        _ => cardinal_word(word),
    }
}

fn months(year: i32, from: u32, to: u32) -> Option<DateValue> {
    let first = Day::from_ymd(year, from, 1)?;
    let last = Day::from_ymd(year, to, days_in_month(year, to))?;
    Some(DateValue { first, last, precision: if from == to { DatePrecision::Month } else { DatePrecision::Span } })
}

fn span_of(from: DateValue, to: DateValue) -> Option<DateValue> {
    DateValue::span(from, to)
}

/// Late in a month ("end-January", "the end of June"): days 21 to the end, as the value grammar
/// reads "the end of September 2021".
fn month_end(year: i32, month: u32) -> Option<DateValue> {
    let first = Day::from_ymd(year, month, 21)?;
    let last = Day::from_ymd(year, month, days_in_month(year, month))?;
    Some(DateValue { first, last, precision: DatePrecision::Span })
}

fn month_part(year: i32, month: u32, part: &str) -> Option<DateValue> {
    let (from, to) = match part {
        "early" | "beginning" | "start" => (1, 10),
        "mid" | "middle" => (11, 20),
        _ => return month_end(year, month),
    };
    let first = Day::from_ymd(year, month, from)?;
    let last = Day::from_ymd(year, month, to)?;
    Some(DateValue { first, last, precision: DatePrecision::Span })
}

/// The publication date as "now": its last day, year and month.
struct Now {
    day: Day,
    year: i32,
    month: u32,
    day_of_month: u32,
    /// True when the publication date is known to the day.
    exact: bool,
}

impl Now {
    fn of(published: &DateValue) -> Now {
        let (year, month, day_of_month) = published.last.ymd();
        Now { day: published.last, year, month, day_of_month, exact: published.first == published.last }
    }

    /// The year of the most recent `month` not after now.
    fn year_of_month(&self, month: u32) -> i32 {
        if month <= self.month { self.year } else { self.year - 1 }
    }

    /// The year of the most recent `month`/`day` not after now.
    fn year_of_day(&self, month: u32, day: u32) -> i32 {
        if (month, day) <= (self.month, self.day_of_month) { self.year } else { self.year - 1 }
    }
}

/// The year a trailing "of 2021", "of this year", "of last year", "2021" gives, if any.
fn trailing_year(words: &[String], now: &Now) -> Option<i32> {
    let last = words.last()?;
    if let Some(year) = year_of(last) {
        return Some(year);
    }
    let n = words.len();
    if n >= 2 && last == "year" {
        return match words[n - 2].as_str() {
            "this" | "the" => Some(now.year),
            "last" | "previous" | "past" => Some(now.year - 1),
            "next" => Some(now.year + 1),
            _ => None,
        };
    }
    None
}

fn season(name: &str, year: i32) -> Option<DateValue> {
    let (from, to) = match name {
        "spring" => (3, 5),
        "summer" => (6, 8),
        "fall" | "autumn" => (9, 11),
        "winter" => {
            // Winter straddles the new year: December to February.
            let first = Day::from_ymd(year, 12, 1)?;
            let last = Day::from_ymd(year + 1, 2, days_in_month(year + 1, 2))?;
            return Some(DateValue { first, last, precision: DatePrecision::Span });
        }
        _ => return None,
    };
    months(year, from, to)
}

/// The role an expression's first words give it, and how many words that takes.
fn role_prefix(words: &[String]) -> (TimeRole, usize) {
    let first = words.first().map(String::as_str);
    let second = words.get(1).map(String::as_str);
    match (first, second) {
        (Some("by" | "until" | "till" | "through"), _) => (TimeRole::By, 1),
        (Some("before"), _) => (TimeRole::Before, 1),
        (Some("since" | "from"), _) => (TimeRole::Since, 1),
        (Some("after"), _) => (TimeRole::After, 1),
        (Some("as"), Some("of" | "at")) => (TimeRole::AsOf, 2),
        // "between May 30 and June 5": the range itself.
        (Some("between"), _) => (TimeRole::Plain, 1),
        _ => (TimeRole::Plain, 0),
    }
}

/// True for the words of a reference to a period an earlier sentence named: "the period", "the
/// quarter", "the half", "the nine months", and "the same period" (which is a comparison basis
/// unless it follows "for", "in" or "during": the caller decides). They resolve only in context.
pub fn is_reference(text: &str) -> bool {
    let text = words(text).join(" ");
    matches!(text.as_str(), "the period" | "the quarter" | "the half" | "the same period" | "the same quarter")
        || text
            .strip_prefix("the ")
            .and_then(|t| t.strip_suffix(" months"))
            .is_some_and(|n| !n.contains(' ') && small_number(n).is_some())
}

/// Resolve the time expression `text` against the publication date `published`. `anchor` is the
/// sentence's own time, for expressions relative to it ("a year earlier"); without one they are
/// relative to the publication date. `None` when the words are not a time expression this
/// resolver knows, or need a day the publication date does not give (a weekday).
pub fn resolve(text: &str, published: &DateValue, anchor: Option<&DateValue>) -> Option<Resolved> {
    resolve_in(text, published, anchor, None)
}

/// [`resolve`] in an article whose fiscal years fall as `fiscal` says: fiscal labels ("FY24",
/// "2023-24", "the current fiscal") are those years; without one they resolve as [`resolve`] says
/// (a split year is its two calendar years, "FY24" nothing).
pub fn resolve_in(
    text: &str,
    published: &DateValue,
    anchor: Option<&DateValue>,
    fiscal: Option<&FiscalYear>,
) -> Option<Resolved> {
    let all = words(text);
    let (role, skip) = role_prefix(&all);
    let rest = &all[skip..];
    let now = Now::of(published);
    // Absolute dates the value grammar reads ("2020", "March 1, 2001", "Q1 2024", "2019-2020").
    let core = text.trim();
    let core = {
        let mut s = core;
        for _ in 0..skip {
            s = s.trim_start();
            s = s.find(char::is_whitespace).map_or("", |i| &s[i..]);
        }
        s.trim()
    };
    if let Some(fiscal) = fiscal
        && let Some(date) = fiscal.resolve(core, published)
    {
        return Some(Resolved { date, role, relative: super::fiscal::is_relative(core) });
    }
    if let Ok(date) = parse_date(core)
        && !matches!(date.precision, DatePrecision::Until | DatePrecision::From)
    {
        return Some(Resolved { date, role, relative: false });
    }
    // Twelve months to a day ("the year to March 31, 2014", "the 12 months ended June 30"), and the
    // year so far to a day ("this year as of July 6"): the end resolved on its own.
    let lower = core.to_lowercase();
    let body = lower.trim_start_matches("the ").trim_start_matches("so far ");
    let body = body.strip_prefix("fiscal ").or_else(|| body.strip_prefix("financial ")).unwrap_or(body);
    // "the 52 weeks to 2 March 2002": a year of whole weeks.
    let weeks = body.split_once(' ').and_then(|(n, rest)| {
        let rest = rest.strip_prefix("weeks ")?;
        let n = small_number(n).filter(|n| *n > 1)?;
        Some((i32::try_from(n).ok()?, rest))
    });
    if let Some((weeks, after)) = weeks
        && let Some(end) = ["to ", "ended ", "ending "].iter().find_map(|w| after.strip_prefix(w))
    {
        let end = resolve(&core[core.len() - end.len()..], published, anchor)?;
        if end.role != TimeRole::Plain || end.date.first != end.date.last {
            return None;
        }
        let first = Day(end.date.last.0 - 7 * weeks + 1);
        let date = DateValue { first, last: end.date.last, precision: DatePrecision::Span };
        return Some(Resolved { date, role, relative: end.relative });
    }
    for (lead, twelve_months) in
        [("year ", true), ("12 months ", true), ("twelve months ", true), ("this year ", false)]
    {
        let Some(after) = body.strip_prefix(lead) else { continue };
        let Some((_, end)) = ["to ", "ended ", "ending ", "through ", "as of ", "until ", "up to "]
            .iter()
            .find_map(|w| after.strip_prefix(w).map(|e| (w, e)))
        else {
            continue;
        };
        let end = resolve(&core[core.len() - end.len()..], published, anchor)?;
        if end.role != TimeRole::Plain {
            return None;
        }
        let last = end.date.last;
        let first = if twelve_months {
            let (y, m, d) = last.ymd();
            Day::from_ymd(y - 1, m, d.min(days_in_month(y - 1, m))).map(|day| Day(day.0 + 1))?
        } else {
            Day::from_ymd(last.ymd().0, 1, 1)?
        };
        let date = DateValue { first, last, precision: DatePrecision::Span };
        return Some(Resolved { date, role, relative: end.relative });
    }
    // A range of two days: "January 1 to July 6", "May 30 and June 5, 2021" (after "from" or
    // "between"): from the first to the second, each resolved on its own.
    for separator in [" to ", " until ", " through ", " and ", "–", "-"] {
        if let Some((a, b)) = core.split_once(separator)
            && a.chars().any(|c| c.is_ascii_digit())
            && let (Some(first), Some(second)) = (resolve(a, published, anchor), resolve(b, published, anchor))
            && first.role == TimeRole::Plain
            && second.role == TimeRole::Plain
            // "December 20 to January 5": a yearless start is the one before the end.
            && let Some(date) = DateValue::span(first.date, second.date)
                .or_else(|| DateValue::span(first.date.shift_years(-1)?, second.date))
        {
            let role = if matches!(role, TimeRole::Since) { TimeRole::Plain } else { role };
            return Some(Resolved { date, role, relative: first.relative || second.relative });
        }
    }
    let (date, role, relative) = resolve_words(rest, role, &now, anchor)?;
    Some(Resolved { date, role, relative })
}

fn resolve_words(
    words: &[String],
    role: TimeRole,
    now: &Now,
    anchor: Option<&DateValue>,
) -> Option<(DateValue, TimeRole, bool)> {
    let w = |i: usize| words.get(i).map_or("", String::as_str);
    let n = words.len();
    let this_year = DateValue::year(now.year)?;
    // Comparison bases, relative to the sentence's time.
    let shifted = |years: i32| -> Option<DateValue> {
        match anchor {
            Some(a) => a.shift_years(-years),
            None => DateValue::year(now.year - years),
        }
    };
    match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["year", "on", "year"] | ["y", "o", "y"] | ["yoy"] | ["year", "over", "year"] => {
            return Some((shifted(1)?, TimeRole::Basis, true));
        }
        ["the", "same", "period", ..] | ["the", "same", "time", ..] | ["the", "same", "quarter", ..] => {
            return Some((shifted(1)?, TimeRole::Basis, true));
        }
        ["the", "previous" | "preceding" | "prior", "year"] | ["the", "year", "before" | "earlier"] => {
            return Some((shifted(1)?, TimeRole::Basis, true));
        }
        _ => {}
    }
    // "a year earlier", "two years before", "a decade ago", "five years ago".
    if n >= 3 && matches!(w(n - 1), "earlier" | "before" | "ago" | "later") {
        let count = small_number(w(n - 3))?;
        let years = match w(n - 2) {
            "year" | "years" => count,
            "decade" | "decades" => count * 10,
            _ => return None,
        };
        let years = i32::try_from(years).ok()?;
        return match w(n - 1) {
            "ago" => Some((DateValue::year(now.year - years)?, role, true)),
            "later" => Some((shifted(-years)?, TimeRole::Basis, true)),
            _ => Some((shifted(years)?, TimeRole::Basis, true)),
        };
    }
    // "last year", "this month", "next quarter", "the past decade", "the past five years".
    let (lead, unit_at) = match w(0) {
        "the" => (w(1), 2),
        _ => (w(0), 1),
    };
    if matches!(lead, "last" | "this" | "next" | "past" | "previous" | "coming" | "current") {
        let count = if unit_at + 1 < n { small_number(w(unit_at)) } else { None };
        let unit = if count.is_some() { w(unit_at + 1) } else { w(unit_at) };
        let count = i32::try_from(count.unwrap_or(1)).ok()?;
        let plural = count > 1 || unit.ends_with('s');
        let past_span = lead == "past" || (plural && matches!(lead, "last" | "previous"));
        match unit {
            "year" | "years" if past_span => {
                let start = now.day.0 - 365 * count;
                let first = Day(start);
                return Some((DateValue { first, last: now.day, precision: DatePrecision::Span }, role, true));
            }
            "decade" | "decades" if past_span => {
                let first = Day::from_ymd(now.year - 10 * count, now.month, 1)?;
                return Some((DateValue { first, last: now.day, precision: DatePrecision::Span }, role, true));
            }
            "year" => {
                let year = match lead {
                    "this" | "current" => now.year,
                    "next" | "coming" => now.year + 1,
                    _ => now.year - 1,
                };
                return Some((DateValue::year(year)?, role, true));
            }
            "month" | "months" if !past_span => {
                let (year, month) = match lead {
                    "this" | "current" => (now.year, now.month),
                    "next" | "coming" => {
                        if now.month == 12 {
                            (now.year + 1, 1)
                        } else {
                            (now.year, now.month + 1)
                        }
                    }
                    _ => {
                        if now.month == 1 {
                            (now.year - 1, 12)
                        } else {
                            (now.year, now.month - 1)
                        }
                    }
                };
                return Some((DateValue::month(year, month)?, role, true));
            }
            "months" | "month" => {
                let first = Day(now.day.0 - 30 * count);
                return Some((DateValue { first, last: now.day, precision: DatePrecision::Span }, role, true));
            }
            "week" | "weeks" => {
                let days = 7 * count;
                let (first, last) = match lead {
                    "this" | "current" => (Day(now.day.0 - 6), now.day),
                    "next" | "coming" => (Day(now.day.0 + 1), Day(now.day.0 + days)),
                    _ => (Day(now.day.0 - days), Day(now.day.0 - 1)),
                };
                return Some((DateValue { first, last, precision: DatePrecision::Span }, role, true));
            }
            "quarter" => {
                let current = (now.month - 1) / 3 + 1;
                let (year, quarter) = match lead {
                    "this" | "current" => (now.year, current),
                    "next" | "coming" => {
                        if current == 4 {
                            (now.year + 1, 1)
                        } else {
                            (now.year, current + 1)
                        }
                    }
                    _ => {
                        if current == 1 {
                            (now.year - 1, 4)
                        } else {
                            (now.year, current - 1)
                        }
                    }
                };
                let part = YearPart::Quarter(u8::try_from(quarter).ok()?);
                return Some((DateValue::year_part(year, part)?, role, true));
            }
            "spring" | "summer" | "fall" | "autumn" | "winter" => {
                let year = match lead {
                    "this" | "current" => now.year,
                    "next" | "coming" => now.year + 1,
                    _ => {
                        // The most recent one that has started before now.
                        let this = season(unit, now.year)?;
                        if this.first < now.day { now.year - 1 } else { now.year - 2 }
                    }
                };
                return Some((season(unit, year)?, role, true));
            }
            _ => {
                if let Some(month) = month_word(unit) {
                    let year = match lead {
                        "this" | "current" => now.year,
                        "next" | "coming" => now.year + 1,
                        _ => now.year - 1,
                    };
                    return Some((DateValue::month(year, month)?, role, true));
                }
            }
        }
    }
    // "so far this year", "year to date", "the year to date".
    if matches!(words.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), ["so", "far", "this", "year"])
        || (n >= 3 && w(n - 3) == "year" && w(n - 2) == "to" && w(n - 1) == "date")
    {
        let first = Day::from_ymd(now.year, 1, 1)?;
        return Some((DateValue { first, last: now.day, precision: DatePrecision::Span }, role, true));
    }
    // "yesterday", "today".
    match w(0) {
        "today" | "tonight" if now.exact => return Some((DateValue::day(now.day), role, true)),
        "yesterday" if now.exact => return Some((DateValue::day(Day(now.day.0 - 1)), role, true)),
        _ => {}
    }
    // Weekdays: the most recent one on or before publication.
    let weekday_at = usize::from(w(0) == "on");
    if let Some(weekday) = weekday(w(weekday_at))
        && n == weekday_at + 1
    {
        if !now.exact {
            return None;
        }
        // Day 0 (1970-01-01) was a Thursday: weekday 3 with Monday = 0.
        let today = (now.day.0 + 3).rem_euclid(7);
        let back = (today - weekday).rem_euclid(7);
        return Some((DateValue::day(Day(now.day.0 - back)), role, true));
    }
    // "the first eight months of 2021", "the first half", "the third quarter of this year",
    // "the last three months of 2020".
    if w(0) == "the" && matches!(w(1), "first" | "last" | "final" | "second" | "third" | "fourth") {
        let year_given = trailing_year(words, now);
        let ordinal = ordinal_word(w(1));
        let (count, unit) = match small_number(w(2)) {
            Some(c) if !matches!(w(2), "a" | "an") => (c, w(3)),
            _ => (1, w(2)),
        };
        let year_for = |first_month: u32| year_given.unwrap_or_else(|| now.year_of_month(first_month));
        match unit {
            "months" | "month" => {
                let count = count.clamp(1, 12);
                let (from, to) = if matches!(w(1), "last" | "final") { (13 - count, 12) } else { (1, count) };
                return Some((months(year_for(from), from, to)?, role, year_given.is_none()));
            }
            "quarter" | "quarters" => {
                let quarter = match w(1) {
                    "last" | "final" => 4,
                    _ => ordinal.unwrap_or(1),
                };
                if count > 1 {
                    let (from, to) =
                        if matches!(w(1), "last" | "final") { (13 - 3 * count, 12) } else { (1, 3 * count) };
                    return Some((months(year_for(from), from, to.min(12))?, role, year_given.is_none()));
                }
                let part = YearPart::Quarter(u8::try_from(quarter.clamp(1, 4)).ok()?);
                let year = year_for(quarter * 3 - 2);
                return Some((DateValue::year_part(year, part)?, role, year_given.is_none()));
            }
            "half" => {
                let half = match w(1) {
                    "last" | "final" | "second" => 2,
                    _ => 1,
                };
                let year = year_for(half * 6 - 5);
                let part = YearPart::Half(u8::try_from(half).ok()?);
                return Some((DateValue::year_part(year, part)?, role, year_given.is_none()));
            }
            _ => {}
        }
    }
    // Month ranges: "January–July 2019", "January to July 2019", "Jan-Jul".
    let month_words: Vec<(usize, u32)> =
        words.iter().enumerate().filter_map(|(i, w)| month_word(w).map(|m| (i, m))).collect();
    let year_given = trailing_year(words, now);
    if month_words.len() == 2
        && words.iter().all(|w| {
            month_word(w).is_some()
                || year_of(w).is_some()
                || matches!(w.as_str(), "to" | "through" | "and" | "the" | "of" | "period" | "between" | "from")
        })
    {
        let (from, to) = (month_words[0].1, month_words[1].1);
        let year = year_given.unwrap_or_else(|| now.year_of_month(to));
        let start_year = if from > to { year - 1 } else { year };
        let first = DateValue::month(start_year, from)?;
        let last = DateValue::month(year, to)?;
        return Some((span_of(first, last)?, role, year_given.is_none()));
    }
    // "end-January", "early March", "mid-June", "the end of June", "late last year".
    if let Some(&(i, month)) = month_words.first()
        && month_words.len() == 1
    {
        let part = if i >= 1 { w(i - 1) } else { "" };
        let part = if part == "of" && i >= 2 { w(i - 2) } else { part };
        let year = year_given.unwrap_or_else(|| now.year_of_month(month));
        if matches!(part, "early" | "mid" | "middle" | "late" | "end" | "beginning" | "start") {
            return Some((month_part(year, month, part)?, role, year_given.is_none()));
        }
        // "July last year", "December", "in December", "Dec. 31", "31 December".
        let day = words.iter().find_map(|w| {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let n: u32 = digits.parse().ok()?;
            (digits.len() <= 2 && (1..=31).contains(&n)).then_some(n)
        });
        return match day {
            Some(day) => {
                let year = year_given.unwrap_or_else(|| now.year_of_day(month, day));
                Some((DateValue::day(Day::from_ymd(year, month, day)?), role, year_given.is_none()))
            }
            None => Some((DateValue::month(year, month)?, role, year_given.is_none())),
        };
    }
    // Seasons: "the fall", "summer 2020", "the winter of 2021".
    if let Some(name) = words.iter().find(|w| season(w, 2000).is_some()) {
        let year = match year_given {
            Some(year) => year,
            None => {
                let this = season(name, now.year)?;
                if this.first <= now.day { now.year } else { now.year - 1 }
            }
        };
        return Some((season(name, year)?, role, year_given.is_none()));
    }
    // Decades with a part: "the early 2000s", "the mid-1990s", "the late 1980s".
    if let Some(decade) = words.iter().find_map(|w| {
        let digits = w.strip_suffix('s')?;
        let year = year_of(digits)?;
        (year % 10 == 0).then_some(year)
    }) {
        let part = words.iter().find(|w| matches!(w.as_str(), "early" | "mid" | "late")).map(String::as_str);
        let (from, to) = match part {
            Some("early") => (0, 3),
            Some("mid") => (4, 6),
            Some("late") => (7, 9),
            _ => (0, 9),
        };
        let first = DateValue::year(decade + from)?;
        let last = DateValue::year(decade + to)?;
        return Some((span_of(first, last)?, role, false));
    }
    // Year ranges and fiscal-style pairs: "2019/20", "2015-2020", "between 2015 and 2020".
    let years: Vec<i32> = words.iter().filter_map(|w| year_of(w)).collect();
    if years.len() == 2 && years[0] <= years[1] {
        return Some((span_of(DateValue::year(years[0])?, DateValue::year(years[1])?)?, role, false));
    }
    if years.len() == 1 && n == 2 && w(1).len() == 2 && w(1).bytes().all(|b| b.is_ascii_digit()) {
        let end = years[0] / 100 * 100 + w(1).parse::<i32>().ok()?;
        if end == years[0] + 1 {
            return Some((span_of(DateValue::year(years[0])?, DateValue::year(end)?)?, role, false));
        }
    }
    let _ = this_year;
    None
}

/// Monday = 0 ... Sunday = 6.
fn weekday(word: &str) -> Option<i32> {
    let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    days.iter().position(|d| *d == word).map(|i| i as i32)
}

/// A date as a time scope is written in a claim file: "2020", "March 2021", "January 2021 to
/// August 2021", "by 2024", "since 2015", "June 5, 2023".
pub fn scope_text(date: &DateValue) -> String {
    use crate::model::date::MONTH_NAMES;
    if date.precision != DatePrecision::Span {
        return date.to_string();
    }
    let (y1, m1, d1) = date.first.ymd();
    let (y2, m2, d2) = date.last.ymd();
    let month_name = |m: u32| MONTH_NAMES[(m - 1) as usize];
    let whole_months = d1 == 1 && d2 == days_in_month(y2, m2);
    if whole_months {
        if m1 == 1 && m2 == 12 {
            return if y1 == y2 { y1.to_string() } else { format!("{y1} to {y2}") };
        }
        if y1 == y2 && m1 == m2 {
            return format!("{} {y1}", month_name(m1));
        }
        return format!("{} {y1} to {} {y2}", month_name(m1), month_name(m2));
    }
    // "the end of June 2023" is days 21–30, as the value grammar reads it.
    if y1 == y2 && m1 == m2 {
        match (d1, d2) {
            (1, 10) => return format!("early {} {y1}", month_name(m1)),
            (11, 20) => return format!("mid {} {y1}", month_name(m1)),
            (21, last) if last == days_in_month(y1, m1) => return format!("the end of {} {y1}", month_name(m1)),
            _ => {}
        }
    }
    if date.first == date.last {
        return format!("{} {d1}, {y1}", month_name(m1));
    }
    format!("{} {d1}, {y1} to {} {d2}, {y2}", month_name(m1), month_name(m2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(published: &str, text: &str) -> String {
        let published = parse_date(published).unwrap();
        match resolve(text, &published, None) {
            Some(r) => format!("{:?} {}", r.role, scope_text(&r.date)),
            None => "none".into(),
        }
    }

    #[test]
    fn twelve_months_and_the_year_so_far_to_a_day() {
        assert_eq!(at("2013-11-06", "the year to March 31, 2014"), "Plain April 2013 to March 2014");
        assert_eq!(at("2013-11-06", "the 12 months ended June 30"), "Plain July 2012 to June 2013");
        assert_eq!(at("2013-11-06", "the fiscal year ending March 2013"), "Plain April 2012 to March 2013");
        assert_eq!(at("2019-07-20", "this year as of July 6"), "Plain January 1, 2019 to July 6, 2019");
        assert_eq!(at("2013-11-06", "July-to-September"), "Plain July 2013 to September 2013");
        assert_eq!(at("2002-05-16", "the 52 weeks to 2 March 2002"), "Plain March 4, 2001 to March 2, 2002");
        assert_eq!(at("2002-05-16", "YEAR ENDED 2 MARCH 2002"), "Plain March 3, 2001 to March 2, 2002");
        // Fiscal labels need a fiscal year (`resolve_in`); a split year alone is two calendar years.
        assert_eq!(at("2023-02-01", "FY24"), "none");
        assert_eq!(at("2023-02-01", "the current fiscal"), "none");
        assert_eq!(at("2023-02-01", "2022-23"), "Plain 2022 to 2023");
        // References resolve only in context.
        assert_eq!(at("2013-11-06", "the period"), "none");
        assert!(
            is_reference("the nine months")
                && is_reference("the same period")
                && !is_reference("the first nine months")
        );
    }

    #[test]
    fn relative_years_and_months() {
        assert_eq!(at("2023-03-15", "last year"), "Plain 2022");
        assert_eq!(at("2023-03-15", "this year"), "Plain 2023");
        assert_eq!(at("2023-03-15", "July last year"), "Plain July 2022");
        assert_eq!(at("2023-03-15", "December"), "Plain December 2022");
        assert_eq!(at("2023-03-15", "in December"), "Plain December 2022");
        assert_eq!(at("2023-03-15", "February"), "Plain February 2023");
        assert_eq!(at("2023-03-15", "Dec. 31"), "Plain December 31, 2022");
        assert_eq!(at("2023-03-15", "March 2"), "Plain March 2, 2023");
        assert_eq!(at("2023-03-15", "last month"), "Plain February 2023");
    }

    #[test]
    fn parts_of_years() {
        assert_eq!(at("2021-10-01", "the first eight months of 2021"), "Plain January 2021 to August 2021");
        assert_eq!(at("2021-10-01", "the first eight months of this year"), "Plain January 2021 to August 2021");
        assert_eq!(at("2021-10-01", "January–July 2019"), "Plain January 2019 to July 2019");
        assert_eq!(at("2021-10-01", "January to July 2019"), "Plain January 2019 to July 2019");
        assert_eq!(at("2021-10-01", "the first half"), "Plain H1 2021");
        assert_eq!(at("2021-02-01", "the fourth quarter"), "Plain Q4 2020");
        assert_eq!(at("2021-10-01", "so far this year"), "Plain January 1, 2021 to October 1, 2021");
    }

    #[test]
    fn ranges_of_days() {
        assert_eq!(at("2019-07-21", "from January 1 to July 6"), "Plain January 1, 2019 to July 6, 2019");
        assert_eq!(at("2021-06-09", "between May 30 and June 5, 2021"), "Plain May 30, 2021 to June 5, 2021");
        assert_eq!(at("2021-06-09", "May 30–June 5"), "Plain May 30, 2021 to June 5, 2021");
        assert_eq!(at("2020-01-10", "December 20 to January 5"), "Plain December 20, 2019 to January 5, 2020");
    }

    #[test]
    fn seasons_bounds_and_bases() {
        assert_eq!(at("2023-12-01", "the fall"), "Plain September 2023 to November 2023");
        assert_eq!(at("2023-03-01", "the fall"), "Plain September 2022 to November 2022");
        assert_eq!(at("2023-03-01", "by 2024"), "By 2024");
        assert_eq!(at("2023-03-01", "since 2015"), "Since 2015");
        assert_eq!(at("2023-03-01", "as of end-January"), "AsOf the end of January 2023");
        assert_eq!(at("2023-03-01", "a year earlier"), "Basis 2022");
        assert_eq!(at("2023-03-01", "five years ago"), "Plain 2018");
        assert_eq!(at("2023-03-01", "the early 2000s"), "Plain 2000 to 2003");
        assert_eq!(at("2023-03-01", "2022/23"), "Plain 2022 to 2023");
    }

    #[test]
    fn a_year_earlier_is_relative_to_the_sentence() {
        let published = parse_date("2022-03-01").unwrap();
        let anchor = parse_date("2021").unwrap();
        let r = resolve("a year earlier", &published, Some(&anchor)).unwrap();
        assert_eq!((r.role, scope_text(&r.date)), (TimeRole::Basis, "2020".to_string()));
    }

    #[test]
    fn weekdays_need_a_day() {
        // 2023-03-15 was a Wednesday.
        assert_eq!(at("2023-03-15", "on Monday"), "Plain March 13, 2023");
        assert_eq!(at("2023-03-15", "Wednesday"), "Plain March 15, 2023");
        assert_eq!(at("2023-03", "on Monday"), "none");
    }
}
