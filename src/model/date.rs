//! Calendar dates with the precision they were written at.
//!
//! "2012" is the whole year, "March 2001" the whole month, "early 2020" the first third of the
//! year, "the first quarter of 2024" three months. A [`DateValue`] is the closed interval of days
//! the words allow plus the [`DatePrecision`] used to print it back. Days are counted on the
//! proleptic Gregorian calendar; years are limited to 1..=9999 so no arithmetic can overflow.

use crate::model::interval::{Bound, Interval};
use rust_decimal::Decimal;
use std::fmt;

/// The smallest year claimcheck accepts.
pub const MIN_YEAR: i32 = 1;
/// The largest year claimcheck accepts.
pub const MAX_YEAR: i32 = 9999;

/// A calendar day, counted in days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i32);

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// True for leap years of the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Day {
    /// The day for a valid year, month and day of month; `None` for impossible dates.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146097 + doe - 719468))
    }

    /// Year, month and day of month.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i32::from(m <= 2);
        (y, m, d)
    }

    /// The year this day falls in.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The day as a decimal, for interval comparison.
    pub fn as_decimal(self) -> Decimal {
        Decimal::from(self.0)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// A part of a year named in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum YearPart {
    /// "early 2020": January to April.
    Early,
    /// "mid-2020": May to August.
    Mid,
    /// "late 2020", "end of 2020": September to December.
    Late,
    /// A quarter, 1–4.
    Quarter(u8),
    /// A half, 1–2.
    Half(u8),
}

/// How precisely a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DatePrecision {
    /// A single day: "March 1, 2001".
    Day,
    /// A month: "March 2001".
    Month,
    /// A named part of a year: "early 2020", "Q1 2024".
    YearPart(YearPart),
    /// A whole year: "2012".
    Year,
    /// A decade: "the 1990s".
    Decade,
    /// An arbitrary span built by arithmetic or written as a range of dates.
    Span,
    /// Open towards the past: "by 2021", "before December 2021" (from the first representable day).
    Until,
    /// Open towards the future: "since 2001", "after March 2001" (to the last representable day).
    From,
}

/// A date as written: the closed interval of days it allows, and its precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateValue {
    /// First day the words allow.
    pub first: Day,
    /// Last day the words allow.
    pub last: Day,
    /// How the date was written.
    pub precision: DatePrecision,
}

impl DateValue {
    /// One day.
    pub fn day(day: Day) -> Self {
        DateValue { first: day, last: day, precision: DatePrecision::Day }
    }

    /// A whole month; `None` if the year or month is out of range.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        let first = Day::from_ymd(year, month, 1)?;
        let last = Day::from_ymd(year, month, days_in_month(year, month))?;
        Some(DateValue { first, last, precision: DatePrecision::Month })
    }

    /// A whole year; `None` if the year is out of range.
    pub fn year(year: i32) -> Option<Self> {
        let first = Day::from_ymd(year, 1, 1)?;
        let last = Day::from_ymd(year, 12, 31)?;
        Some(DateValue { first, last, precision: DatePrecision::Year })
    }

    /// A decade starting at `start_year` (a multiple of ten).
    pub fn decade(start_year: i32) -> Option<Self> {
        let first = Day::from_ymd(start_year, 1, 1)?;
        let last = Day::from_ymd(start_year + 9, 12, 31)?;
        Some(DateValue { first, last, precision: DatePrecision::Decade })
    }

    /// A named part of a year.
    pub fn year_part(year: i32, part: YearPart) -> Option<Self> {
        let (from_month, to_month) = match part {
            YearPart::Early => (1, 4),
            YearPart::Mid => (5, 8),
            YearPart::Late => (9, 12),
            YearPart::Quarter(q @ 1..=4) => (u32::from(q) * 3 - 2, u32::from(q) * 3),
            YearPart::Half(h @ 1..=2) => (u32::from(h) * 6 - 5, u32::from(h) * 6),
            YearPart::Quarter(_) | YearPart::Half(_) => return None,
        };
        let first = Day::from_ymd(year, from_month, 1)?;
        let last = Day::from_ymd(year, to_month, days_in_month(year, to_month))?;
        Some(DateValue { first, last, precision: DatePrecision::YearPart(part) })
    }

    /// The span between two dates (inclusive of both); `None` if `to` ends before `from` starts.
    pub fn span(from: DateValue, to: DateValue) -> Option<Self> {
        (from.first <= to.last).then_some(DateValue {
            first: from.first,
            last: to.last,
            precision: DatePrecision::Span,
        })
    }

    /// The interval of days as decimals, for comparisons.
    pub fn interval(&self) -> Interval<Decimal> {
        Interval::closed(self.first.as_decimal(), self.last.as_decimal())
    }

    /// The interval of days.
    pub fn days(&self) -> Interval<Day> {
        Interval::closed(self.first, self.last)
    }

    /// True when the two dates allow at least one common day.
    pub fn overlaps(&self, other: &DateValue) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    /// True when every day of `self` is before every day of `other`.
    pub fn entirely_before(&self, other: &DateValue) -> bool {
        self.last < other.first
    }

    /// True when `self` allows exactly the same days as `other`.
    pub fn same_days(&self, other: &DateValue) -> bool {
        self.first == other.first && self.last == other.last
    }

    /// The same date moved by whole years (keeping month and day; 29 February maps to the 28th).
    pub fn shift_years(&self, years: i32) -> Option<Self> {
        let shift = |day: Day| {
            let (y, m, d) = day.ymd();
            let year = y.checked_add(years)?;
            Day::from_ymd(year, m, d.min(days_in_month(year, m)))
        };
        Some(DateValue { first: shift(self.first)?, last: shift(self.last)?, precision: self.precision })
    }

    /// The year of the first day.
    pub fn first_year(&self) -> i32 {
        self.first.year()
    }

    /// The year of the last day.
    pub fn last_year(&self) -> i32 {
        self.last.year()
    }

    /// Build a date value from an interval of days, as produced by arithmetic.
    pub fn from_day_interval(interval: &Interval<Decimal>) -> Option<Self> {
        let to_day = |b: Bound<Decimal>| -> Option<Day> {
            let v = b.value()?;
            let v = i32::try_from(v.round().mantissa() / 10_i128.pow(v.round().scale())).ok()?;
            let (y, _, _) = Day(v).ymd();
            (MIN_YEAR..=MAX_YEAR).contains(&y).then_some(Day(v))
        };
        let first = to_day(interval.lo)?;
        let last = to_day(interval.hi)?;
        (first <= last).then_some(DateValue { first, last, precision: DatePrecision::Span })
    }
}

impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.first.ymd();
        match self.precision {
            DatePrecision::Day => write!(f, "{} {d}, {y}", MONTH_NAMES[(m - 1) as usize]),
            DatePrecision::Month => write!(f, "{} {y}", MONTH_NAMES[(m - 1) as usize]),
            DatePrecision::Year => write!(f, "{y}"),
            DatePrecision::Decade => write!(f, "the {y}s"),
            DatePrecision::YearPart(YearPart::Early) => write!(f, "early {y}"),
            DatePrecision::YearPart(YearPart::Mid) => write!(f, "mid-{y}"),
            DatePrecision::YearPart(YearPart::Late) => write!(f, "late {y}"),
            DatePrecision::YearPart(YearPart::Quarter(q)) => write!(f, "Q{q} {y}"),
            DatePrecision::YearPart(YearPart::Half(h)) => write!(f, "H{h} {y}"),
            DatePrecision::Until => write!(f, "by {}", end_text(self.last, true)),
            DatePrecision::From => write!(f, "since {}", end_text(self.first, false)),
            DatePrecision::Span => {
                if self.first == self.last {
                    write!(f, "{}", self.first)
                } else {
                    let (y1, m1, d1) = self.first.ymd();
                    let (y2, m2, d2) = self.last.ymd();
                    if m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31 {
                        if y1 == y2 { write!(f, "{y1}") } else { write!(f, "{y1}–{y2}") }
                    } else {
                        write!(f, "{} to {}", self.first, self.last)
                    }
                }
            }
        }
    }
}

/// A day as the edge of an open period: "2021" for December 31 (or January 1), "March 2021" for
/// the last (or first) day of March, else the day.
fn end_text(day: Day, is_end: bool) -> String {
    let (y, m, d) = day.ymd();
    let year_edge = if is_end { m == 12 && d == 31 } else { m == 1 && d == 1 };
    let month_edge = if is_end { d == days_in_month(y, m) } else { d == 1 };
    if year_edge {
        y.to_string()
    } else if month_edge {
        format!("{} {y}", MONTH_NAMES[(m - 1) as usize])
    } else {
        format!("{} {d}, {y}", MONTH_NAMES[(m - 1) as usize])
    }
}

impl DateValue {
    /// Everything up to the end of `date` ("by 2021") or, with `strict`, before its start
    /// ("before 2021").
    pub fn until(date: DateValue, strict: bool) -> Option<Self> {
        let first = Day::from_ymd(MIN_YEAR, 1, 1)?;
        let last = if strict { Day(date.first.0 - 1) } else { date.last };
        (first <= last).then_some(DateValue { first, last, precision: DatePrecision::Until })
    }

    /// Everything from the start of `date` ("since 2001") or, with `strict`, after its end
    /// ("after 2001").
    pub fn from(date: DateValue, strict: bool) -> Option<Self> {
        let last = Day::from_ymd(MAX_YEAR, 12, 31)?;
        let first = if strict { Day(date.last.0 + 1) } else { date.first };
        (first <= last).then_some(DateValue { first, last, precision: DatePrecision::From })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_periods() {
        let y2021 = DateValue::year(2021).unwrap();
        assert_eq!(DateValue::until(y2021, false).unwrap().to_string(), "by 2021");
        assert_eq!(DateValue::until(y2021, true).unwrap().last, Day::from_ymd(2020, 12, 31).unwrap());
        assert_eq!(DateValue::from(y2021, false).unwrap().to_string(), "since 2021");
        assert_eq!(DateValue::from(DateValue::month(2001, 3).unwrap(), true).unwrap().to_string(), "since April 2001");
    }

    #[test]
    fn epoch_and_round_trip() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(Day(0).ymd(), (1970, 1, 1));
        let day = Day::from_ymd(2001, 3, 1).unwrap();
        assert_eq!(day.ymd(), (2001, 3, 1));
        assert_eq!(day.to_string(), "2001-03-01");
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(Day::from_ymd(2021, 2, 30), None);
        assert_eq!(Day::from_ymd(2021, 2, 29), None);
        assert!(Day::from_ymd(2020, 2, 29).is_some());
        assert_eq!(Day::from_ymd(1900, 2, 29), None);
        assert!(Day::from_ymd(2000, 2, 29).is_some());
        assert_eq!(Day::from_ymd(2021, 13, 1), None);
        assert_eq!(Day::from_ymd(0, 1, 1), None);
        assert_eq!(Day::from_ymd(10000, 1, 1), None);
    }

    #[test]
    fn display_follows_precision() {
        assert_eq!(DateValue::month(2001, 3).unwrap().to_string(), "March 2001");
        assert_eq!(DateValue::year(2012).unwrap().to_string(), "2012");
        assert_eq!(DateValue::year_part(2024, YearPart::Quarter(1)).unwrap().to_string(), "Q1 2024");
        assert_eq!(DateValue::day(Day::from_ymd(1950, 1, 30).unwrap()).to_string(), "January 30, 1950");
    }

    #[test]
    fn shifting_a_leap_day_lands_on_the_last_of_february() {
        let leap = DateValue::day(Day::from_ymd(2020, 2, 29).unwrap());
        assert_eq!(leap.shift_years(-1).unwrap().first, Day::from_ymd(2019, 2, 28).unwrap());
    }
}
