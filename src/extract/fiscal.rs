//! Fiscal years: when an article's accounting years end, and the days its fiscal labels mean —
//! "FY24", "fiscal 2023", "the financial year 2023-24", "the current fiscal", and in a results
//! statement for "the 52 weeks to 2 March 2002" the bare year of "(2001: £52.0m)".
//!
//! A [`FiscalYear`] comes from the article when it declares its year ("the year ended 31 March
//! 2024", "the 52 weeks to 2 March 2002", "the fiscal year ending March 2013"), else from the
//! convention of the country whose currency the article's money is in, or of the country it is
//! most about (the rupee's year runs April to March and is named by the year it ends in: FY24 is
//! April 2023 to March 2024).
//! Without either, fiscal labels resolve to nothing rather than to a guess. Pure: words in, dates
//! out.

use crate::model::date::{DatePrecision, DateValue, Day, days_in_month};
use crate::model::lexicon::cardinal_word;

/// How an article's fiscal years fall.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FiscalYear {
    /// A day some fiscal year ends on.
    end: Day,
    /// Years of a whole number of weeks ("the 52 weeks to 2 March 2002"), each ending that many
    /// weeks after the one before, rather than on the same calendar day.
    weeks: Option<i32>,
    /// Named by the calendar year it starts in (the yen's "fiscal 2023" runs from April 2023 to
    /// March 2024) rather than the one it ends in (the rupee's FY24 ends in March 2024).
    named_by_start: bool,
    /// The article states it; a currency's convention does not.
    pub declared: bool,
}

/// Fiscal-year conventions: a country's currency and names, the month its government's year
/// (which most companies there follow) starts in, and whether a single year names it by its start.
/// Countries whose fiscal year is the calendar year are listed with month 1; one not listed (the American
/// dollar's: the federal year starts in October, companies' in any month) has no convention.
const CONVENTIONS: &[(&str, &[&str], u32, bool)] = &[
    ("INR", &["india"], 4, false), // general: world knowledge
    ("JPY", &["japan"], 4, true),  // general: world knowledge
    ("GBP", &["united kingdom", "uk", "britain", "great britain"], 4, false), // general: world knowledge
    ("CAD", &["canada"], 4, false), // general: world knowledge
    ("HKD", &["hong kong"], 4, false), // general: world knowledge
    ("SGD", &["singapore"], 4, false), // general: world knowledge
    ("AUD", &["australia"], 7, false), // general: world knowledge
    ("NZD", &["new zealand"], 7, false), // general: world knowledge
    ("PKR", &["pakistan"], 7, false), // general: world knowledge
    ("BDT", &["bangladesh"], 7, false), // general: world knowledge
    ("EGP", &["egypt"], 7, false), // general: world knowledge
    ("KES", &["kenya"], 7, false), // general: world knowledge
    ("EUR", &["germany", "france", "italy", "spain", "netherlands"], 1, false), // general: world knowledge
    ("CNY", &["china"], 1, false), // general: world knowledge
    ("RUB", &["russia"], 1, false), // general: world knowledge
    ("VND", &["vietnam", "viet nam"], 1, false), // general: world knowledge
    ("KRW", &["south korea", "korea"], 1, false), // general: world knowledge
    ("BRL", &["brazil"], 1, false), // general: world knowledge
    ("CHF", &["switzerland"], 1, false), // general: world knowledge
];

/// The words of `text`, lowercase, split at whitespace, dashes, slashes and commas, a leading
/// "the" dropped, and "fy24" split into "fy" "24".
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | ',' | '/')) {
        let word = word.trim_matches(|c: char| matches!(c, '.' | '(' | ')' | '\'' | '’' | ':')).to_lowercase();
        if word.is_empty() {
            continue;
        }
        match word.strip_prefix("fy") {
            Some(rest) if !rest.is_empty() => {
                out.push("fy".into());
                out.push(rest.trim_start_matches(['\'', '’']).to_string());
            }
            _ => out.push(word),
        }
    }
    if out.first().is_some_and(|w| w == "the") {
        out.remove(0);
    }
    out
}

/// A year written with four digits, or two ("24" in "FY24", "2023-24"), near `now`.
fn year(word: &str, now: i32) -> Option<i32> {
    if !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i32 = word.parse().ok()?;
    match word.len() {
        4 if (1800..=2200).contains(&n) => Some(n),
        // Two digits: the year of this century or the last closest to publication.
        2 => {
            let century = now / 100 * 100;
            [century - 100, century, century + 100].into_iter().map(|c| c + n).min_by_key(|y| (y - now).abs())
        }
        _ => None,
    }
}

/// The fiscal words an expression opens with: "fy", "fiscal", "fiscal year", "financial year";
/// how many words they take.
fn marker(words: &[String]) -> usize {
    match (words.first().map(String::as_str), words.get(1).map(String::as_str)) {
        (Some("fiscal" | "financial"), Some("year")) => 2,
        (Some("fy" | "fiscal"), _) => 1,
        _ => 0,
    }
}

/// A split year: "2023-24", and after a fiscal word "2023-2024" — two consecutive years. (Two
/// four-digit years alone are a span of two calendar years.)
fn split_year(words: &[String], now: i32, marked: bool) -> Option<i32> {
    let [first, second] = words else { return None };
    let start = year(first, now).filter(|_| first.len() == 4)?;
    let end = match second.len() {
        2 if second.bytes().all(|b| b.is_ascii_digit()) => start / 100 * 100 + second.parse::<i32>().ok()?,
        4 if marked => year(second, now)?,
        _ => return None,
    };
    (end == start + 1).then_some(start)
}

/// True when `text` is a fiscal form this module reads: "FY24", "FY 2023-24", "fiscal 2023",
/// "the financial year 2023-24", "2023-24", "the current fiscal", "next financial year".
pub fn is_fiscal(text: &str) -> bool {
    // Most mentions are none: say so without splitting them into words.
    let lower = text.as_bytes();
    let marked = ["fy", "fiscal", "financial"]
        .iter()
        .any(|m| lower.windows(m.len()).any(|w| w.eq_ignore_ascii_case(m.as_bytes())));
    if !marked && !text.contains(['-', '–', '/']) {
        return false;
    }
    let words = words(text);
    let now = 2000;
    let skip = marker(&words);
    let rest = &words[skip..];
    if split_year(rest, now, skip > 0).is_some() || skip > 0 && rest.len() == 1 && year(&rest[0], now).is_some() {
        return true;
    }
    relative(&words).is_some()
}

/// True when `text` names a fiscal year relative to publication: "the current fiscal".
pub fn is_relative(text: &str) -> bool {
    relative(&words(text)).is_some()
}

/// "the current fiscal", "the upcoming financial year", "last fiscal year": how many years from
/// the one containing publication.
fn relative(words: &[String]) -> Option<i32> {
    let (lead, rest) = words.split_first()?;
    let offset = match lead.as_str() {
        "current" | "ongoing" | "this" | "present" => 0,
        "next" | "upcoming" | "coming" => 1,
        "last" | "previous" | "past" | "prior" | "preceding" => -1,
        _ => return None,
    };
    let fiscal = matches!(
        rest.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        ["fiscal"] | ["fiscal", "year"] | ["financial", "year"]
    );
    fiscal.then_some(offset)
}

impl FiscalYear {
    /// The year an expression declares, and the fiscal years it implies: "the year ended 2 March
    /// 2002", "the 52 weeks to 2 March 2002", "the fiscal year ending March 2013". `date` is the
    /// expression resolved (the twelve months or weeks it names). Rolling windows ("the 12 months
    /// to March") declare nothing.
    pub fn declared(text: &str, date: &DateValue) -> Option<FiscalYear> {
        let words = words(text);
        let ends = |k: usize| words.get(k).is_some_and(|w| matches!(w.as_str(), "to" | "ended" | "ending"));
        let skip = if matches!(words.first().map(String::as_str), Some("fiscal" | "financial")) { 1 } else { 0 };
        let weeks = match words.get(skip..skip + 2) {
            Some([n, unit]) if unit == "weeks" && ends(skip + 2) => {
                Some(n.parse::<i32>().ok().or_else(|| cardinal_word(n).and_then(|n| i32::try_from(n).ok()))?)
            }
            _ => None,
        };
        let year = words.get(skip).is_some_and(|w| w == "year") && ends(skip + 1);
        if !(year || weeks.is_some_and(|n| (50..=53).contains(&n))) {
            return None;
        }
        let length = date.last.0 - date.first.0 + 1;
        if !(360..=372).contains(&length) {
            return None;
        }
        Some(FiscalYear { end: date.last, weeks, named_by_start: false, declared: true })
    }

    /// True for years of whole weeks ("the 52 weeks to 2 March 2002").
    pub fn in_weeks(&self) -> bool {
        self.weeks.is_some()
    }

    /// The convention of the country of `currency` (an ISO code), if one is known.
    pub fn of_currency(currency: &str) -> Option<FiscalYear> {
        Self::convention(CONVENTIONS.iter().find(|(code, ..)| *code == currency)?)
    }

    /// The convention of the country named `name` ("the UK"), if one is known.
    pub fn of_country(name: &str) -> Option<FiscalYear> {
        let name = name.trim().to_lowercase();
        let name = name.strip_prefix("the ").unwrap_or(&name);
        Self::convention(CONVENTIONS.iter().find(|(_, names, ..)| names.contains(&name))?)
    }

    fn convention(&(_, _, start, named_by_start): &(&str, &[&str], u32, bool)) -> Option<FiscalYear> {
        // The day before the first of the start month, in any year.
        let end = Day(Day::from_ymd(2001, start, 1)?.0 - 1);
        Some(FiscalYear { end, weeks: None, named_by_start, declared: false })
    }

    /// The fiscal year that ends in calendar year `year`.
    fn ending_in(&self, year: i32) -> Option<DateValue> {
        let (first, last) = match self.weeks {
            Some(weeks) => {
                let step = 7 * weeks;
                let mut last = self.end.0 + (year - self.end.year()) * step;
                while Day(last).year() > year {
                    last -= step;
                }
                while Day(last).year() < year {
                    last += step;
                }
                (Day(last - step + 1), Day(last))
            }
            None => {
                let (_, month, day) = self.end.ymd();
                let month_end = day == days_in_month(self.end.year(), month);
                let on = |y: i32| Day::from_ymd(y, month, if month_end { days_in_month(y, month) } else { day });
                (Day(on(year - 1)?.0 + 1), on(year)?)
            }
        };
        Some(DateValue { first, last, precision: DatePrecision::Span })
    }

    /// The fiscal year `day` falls in.
    fn containing(&self, day: Day) -> Option<DateValue> {
        let year = self.ending_in(day.year())?;
        if day.0 > year.last.0 { self.ending_in(day.year() + 1) } else { Some(year) }
    }

    /// The fiscal year a single year names: "FY24", "fiscal 2023", and in a declared results
    /// statement the "2001" of "(2001: £52.0m)".
    pub fn named(&self, year: i32) -> Option<DateValue> {
        let date = self.ending_in(year)?;
        if self.named_by_start && date.first.year() != year { self.ending_in(year + 1) } else { Some(date) }
    }

    /// The fiscal year a split year names ("2023-24": the one from 2023 into 2024); none when
    /// the fiscal year is the calendar year.
    fn split(&self, start: i32) -> Option<DateValue> {
        let date = self.ending_in(start + 1)?;
        (date.first.year() == start).then_some(date)
    }

    /// The days a fiscal form means, against publication at `published`: "FY24", "FY 2023-24",
    /// "fiscal 2023", "the financial year 2023-24", "2023-24", "the current fiscal", "next
    /// financial year". `None` for any other words.
    pub fn resolve(&self, text: &str, published: &DateValue) -> Option<DateValue> {
        let words = words(text);
        let now = published.last.year();
        if let Some(offset) = relative(&words) {
            let current = self.containing(published.last)?;
            return self.ending_in(current.last.year() + offset);
        }
        let skip = marker(&words);
        let rest = &words[skip..];
        if let Some(start) = split_year(rest, now, skip > 0) {
            return self.split(start);
        }
        match rest {
            [single] if skip > 0 => self.named(year(single, now)?),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::from_ymd(y, m, d).unwrap()
    }

    fn text(date: Option<DateValue>) -> String {
        match date {
            Some(d) => format!("{:?} to {:?}", d.first.ymd(), d.last.ymd()),
            None => "none".into(),
        }
    }

    fn published(y: i32, m: u32, d: u32) -> DateValue {
        DateValue::day(day(y, m, d))
    }

    #[test]
    fn a_currency_convention_names_the_year_by_its_end_or_its_start() {
        let rupee = FiscalYear::of_currency("INR").unwrap();
        let now = published(2023, 2, 1);
        assert_eq!(text(rupee.resolve("FY24", &now)), "(2023, 4, 1) to (2024, 3, 31)");
        assert_eq!(text(rupee.resolve("FY 23", &now)), "(2022, 4, 1) to (2023, 3, 31)");
        assert_eq!(text(rupee.resolve("2020-21", &now)), "(2020, 4, 1) to (2021, 3, 31)");
        assert_eq!(text(rupee.resolve("FY2022-23", &now)), "(2022, 4, 1) to (2023, 3, 31)");
        assert_eq!(text(rupee.resolve("the ongoing fiscal", &now)), "(2022, 4, 1) to (2023, 3, 31)");
        assert_eq!(text(rupee.resolve("the upcoming financial year", &now)), "(2023, 4, 1) to (2024, 3, 31)");
        assert_eq!(text(rupee.resolve("last fiscal", &now)), "(2021, 4, 1) to (2022, 3, 31)");
        let yen = FiscalYear::of_currency("JPY").unwrap();
        assert_eq!(text(yen.resolve("fiscal 2023", &now)), "(2023, 4, 1) to (2024, 3, 31)");
        let aud = FiscalYear::of_currency("AUD").unwrap();
        assert_eq!(text(aud.resolve("FY24", &now)), "(2023, 7, 1) to (2024, 6, 30)");
        // The calendar year: a single year is itself, a split year names no fiscal year.
        let euro = FiscalYear::of_currency("EUR").unwrap();
        assert_eq!(text(euro.resolve("fiscal 2023", &now)), "(2023, 1, 1) to (2023, 12, 31)");
        assert_eq!(text(euro.resolve("2023-24", &now)), "none");
        assert!(FiscalYear::of_currency("USD").is_none());
        assert_eq!(FiscalYear::of_country("the UK"), FiscalYear::of_currency("GBP"));
        assert!(FiscalYear::of_country("Arcadia").is_none());
    }

    #[test]
    fn a_declared_year_of_weeks_steps_back_in_weeks() {
        let year = DateValue { first: day(2001, 3, 4), last: day(2002, 3, 2), precision: DatePrecision::Span };
        let fiscal = FiscalYear::declared("the 52 weeks to 2 March 2002", &year).unwrap();
        assert!(fiscal.declared);
        assert_eq!(text(fiscal.named(2001)), "(2000, 3, 5) to (2001, 3, 3)");
        assert_eq!(text(fiscal.named(2002)), "(2001, 3, 4) to (2002, 3, 2)");
        let calendar = FiscalYear::declared("year ended 2 March 2002", &year).unwrap();
        assert_eq!(text(calendar.named(2001)), "(2000, 3, 3) to (2001, 3, 2)");
    }

    #[test]
    fn a_declared_year_to_a_month_end_keeps_the_month_end() {
        let year = DateValue { first: day(2013, 3, 1), last: day(2014, 2, 28), precision: DatePrecision::Span };
        let fiscal = FiscalYear::declared("the fiscal year ending February 2014", &year).unwrap();
        assert_eq!(text(fiscal.named(2016)), "(2015, 3, 1) to (2016, 2, 29)");
        let now = published(2013, 11, 6);
        assert_eq!(text(fiscal.resolve("the current financial year", &now)), "(2013, 3, 1) to (2014, 2, 28)");
        assert_eq!(text(fiscal.resolve("the previous financial year", &now)), "(2012, 3, 1) to (2013, 2, 28)");
    }

    #[test]
    fn rolling_windows_and_other_words_declare_and_mean_nothing() {
        let year = DateValue { first: day(2023, 4, 1), last: day(2024, 3, 31), precision: DatePrecision::Span };
        assert!(FiscalYear::declared("the 12 months to March", &year).is_none());
        assert!(FiscalYear::declared("the six weeks to March 31", &year).is_none());
        let short = DateValue { first: day(2024, 1, 1), last: day(2024, 3, 31), precision: DatePrecision::Span };
        assert!(FiscalYear::declared("the year to March 31", &short).is_none());
        let rupee = FiscalYear::of_currency("INR").unwrap();
        let now = published(2023, 2, 1);
        for words in ["2023", "the year", "2019-2022", "2023-2024", "fiscal policy", "last year", "FY", "fiscal 23 24"]
        {
            assert_eq!(rupee.resolve(words, &now), None, "{words}");
        }
        assert!(
            is_fiscal("FY24") && is_fiscal("fiscal 2023") && is_fiscal("2023-24") && is_fiscal("the ongoing fiscal")
        );
        assert_eq!(text(rupee.resolve("fiscal 2023-2024", &now)), "(2023, 4, 1) to (2024, 3, 31)");
        assert!(
            !is_fiscal("2023")
                && !is_fiscal("2019-2022")
                && !is_fiscal("2023-2024")
                && !is_fiscal("last year")
                && !is_fiscal("fiscal policy")
        );
    }
}
