//! Every value form that occurs in the five seed articles (../shared/seeds/), written as a claim
//! file would write it, parses to the interval a fact-checker would read — one case per form.
//!
//! Each row names the article it comes from and the words it stands for.

use claimcheck::model::date::{DateValue, Day};
use claimcheck::model::ids::EntityId;
use claimcheck::model::interval::{Bound, Interval};
use claimcheck::model::number::Tolerance;
use claimcheck::model::syntax::{EntityResolver, parse_change, parse_date, parse_value, parse_year_offset};
use claimcheck::model::unit::Units;
use claimcheck::model::value::{Value, ValueType};
use rust_decimal::Decimal;

/// Knows the countries the seed lists name.
struct Countries;
impl EntityResolver for Countries {
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>> {
        let known = ["russia", "china", "india", "south korea", "japan", "the united states", "australia"];
        known.iter().position(|k| k.eq_ignore_ascii_case(name)).map(|i| EntityId(i as u32)).ok_or_else(Vec::new)
    }
}

#[derive(Debug)]
enum Expect {
    /// The core interval, inclusive ("" for unbounded).
    Core(&'static str, &'static str),
    /// A date: first and last day.
    Days(&'static str, &'static str),
    /// "the fifth": the event is the Nth.
    Ordinal(u32),
    /// "70th anniversary".
    Anniversary(u32),
    /// "12 years since": the core interval of elapsed years.
    Elapsed(&'static str, &'static str),
}

fn count() -> ValueType {
    ValueType::Count
}
fn money() -> ValueType {
    ValueType::Quantity { dimension: "currency".into() }
}
fn mass() -> ValueType {
    ValueType::Quantity { dimension: "mass".into() }
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn day(text: &str) -> Day {
    let parts: Vec<u32> = text.split('-').map(|p| p.parse().unwrap()).collect();
    Day::from_ymd(parts[0] as i32, parts[1], parts[2]).unwrap()
}

fn bound_matches(bound: Bound<Decimal>, expected: &str, lower: bool) -> bool {
    match bound {
        Bound::Unbounded => expected.is_empty(),
        Bound::Included(v) => !expected.is_empty() && v.round_dp(6) == d(expected),
        // Strict bounds: ">500" style cases are written as the next whole number for counts, or
        // as the bound itself prefixed with "(" / suffixed with ")".
        Bound::Excluded(v) => {
            let wanted = if lower { expected.strip_prefix('(') } else { expected.strip_suffix(')') };
            wanted.is_some_and(|w| v.round_dp(6) == d(w))
        }
    }
}

fn check(seed: &str, written: &str, value_type: ValueType, expect: Expect) {
    let units = Units::builtin();
    let value = parse_value(written, &value_type, &units, &Countries)
        .unwrap_or_else(|e| panic!("{seed}: {written:?} does not parse: {}", e.message));
    match (&value, &expect) {
        (Value::Number(_), Expect::Core(lo, hi)) => {
            let estimate = value.estimate(&units, &Tolerance::default(), &value_type).unwrap();
            assert!(
                bound_matches(estimate.core.lo, lo, true) && bound_matches(estimate.core.hi, hi, false),
                "{seed}: {written:?} has core {}, expected [{lo}, {hi}]",
                estimate.core
            );
        }
        (Value::Date(date), Expect::Days(first, last)) => {
            let estimate = date.estimate();
            let expected = Interval::closed(day(first).as_decimal(), day(last).as_decimal());
            let matches = match date.hedge {
                None => estimate.core == expected,
                // "by the end of 2021": at most the last day.
                Some(_) => estimate.core.hi == expected.hi || estimate.core.lo == expected.lo,
            };
            assert!(matches, "{seed}: {written:?} is {}, expected {first}..{last}", date.date);
        }
        (Value::Ordinal(n), Expect::Ordinal(expected)) | (Value::Anniversary(n), Expect::Anniversary(expected)) => {
            assert_eq!(n.value, Decimal::from(*expected), "{seed}: {written:?}");
        }
        (Value::Elapsed(measure), Expect::Elapsed(lo, hi)) => {
            let estimate = measure.estimate(&units, &Tolerance::default());
            assert!(
                bound_matches(estimate.core.lo, lo, true) && bound_matches(estimate.core.hi, hi, false),
                "{seed}: {written:?} is {} years, expected [{lo}, {hi}]",
                estimate.core
            );
        }
        _ => panic!("{seed}: {written:?} parsed as {} ({value:?}), expected {expect:?}", value.form_name()),
    }
}

#[test]
fn money_amounts() {
    check("001 two-way trade reaching", "4.85 billion USD", money(), Expect::Core("4845000000", "4855000000"));
    check("003 up from $5.7 billion a year earlier", "$5.7 billion", money(), Expect::Core("5650000000", "5750000000"));
    check("000 targeted to reach US$10 billion", "US$10 billion", money(), Expect::Core("9500000000", "10500000000"));
    check("001 25th largest investor with", "944 million USD", money(), Expect::Core("943500000", "944500000"));
    check("002 expected to reach $3.6 billion", "$3.6 billion", money(), Expect::Core("3550000000", "3650000000"));
    check(
        "003 nearly $6.5 billion by the end of 2021",
        "nearly $6.5 billion",
        money(),
        Expect::Core("5850000000", "6500000000"),
    );
    check("003 Yak-130 worth over $350 million", "over $350 million", money(), Expect::Core("(350000000", ""));
    check(
        "001 invested nearly 3 billion USD",
        "nearly 3 billion USD",
        money(),
        Expect::Core("2700000000", "3000000000"),
    );
}

#[test]
fn physical_quantities() {
    // 3.42 million metric ton = 3.42 billion kg.
    check(
        "000 an estimated 3.42 million metric ton",
        "3.42 million metric ton",
        mass(),
        Expect::Core("3415000000", "3425000000"),
    );
}

#[test]
fn counts_with_words_digits_and_hedges() {
    check("003 Putin has already visited the SRV three times", "three times", count(), Expect::Core("3", "3"));
    check("003 visited by Russian Presidents five times", "five times", count(), Expect::Core("5", "5"));
    check("002 visited six times", "six times", count(), Expect::Core("6", "6"));
    check("002 once by Dmitry Medvedev", "once", count(), Expect::Core("1", "1"));
    check("002 five by Putin", "five", count(), Expect::Core("5", "5"));
    check("002 with seven countries", "seven", count(), Expect::Core("7", "7"));
    check("002 trade relations with 224 partners", "224", count(), Expect::Core("224", "224"));
    check("002 over 500 international organizations", "over 500", count(), Expect::Core("501", ""));
    check("002 more than 90 bilateral trade agreements", "more than 90", count(), Expect::Core("91", ""));
    check("002 around 60 agreements", "around 60", count(), Expect::Core("54", "66"));
    check("002 participates in 17 FTAs", "17", count(), Expect::Core("17", "17"));
    check("004 sign 11 cooperation documents", "11", count(), Expect::Core("11", "11"));
    check("003 12 Russian Yak-130", "12", count(), Expect::Core("12", "12"));
    check("003 over eighty documents", "over eighty", count(), Expect::Core("81", ""));
    check("001 144 projects", "144", count(), Expect::Core("144", "144"));
    check("001 in 20 projects in Russia", "20", count(), Expect::Core("20", "20"));
    check("001 about 60,000-80,000 people", "about 60,000-80,000", count(), Expect::Core("52000", "88000"));
    check("001 60,000-80,000 (as a plain range)", "60,000-80,000", count(), Expect::Core("60000", "80000"));
    check(
        "003 a rapidly growing regional power of 100 million people",
        "100 million",
        count(),
        Expect::Core("99500000", "100500000"),
    );
    check("000 129 countries and territories", "129", count(), Expect::Core("129", "129"));
    // Vague plurals, met in the evaluation set: the range of their order of magnitude from two.
    check("evaluation set: hundreds of businesspeople", "hundreds", count(), Expect::Core("200", "999"));
    check("evaluation set: tens of thousands of fans", "tens of thousands", count(), Expect::Core("20000", "99999"));
    check("evaluation set: dozens of agreements", "dozens", count(), Expect::Core("24", "143"));
}

#[test]
fn ordinals_and_ranks() {
    check("002 This marks the fifth visit", "the fifth", count(), Expect::Ordinal(5));
    check("001 the 13th National Party Congress", "13th", count(), Expect::Ordinal(13));
    check("000 Russia ranked 24 among 129", "24", ValueType::Rank, Expect::Core("24", "24"));
    check("001 the 25th largest foreign investor", "25th largest", ValueType::Rank, Expect::Core("25", "25"));
    check("002 the second-largest digital economy", "second-largest", ValueType::Rank, Expect::Core("2", "2"));
    check("000 Russia is Vietnam's largest provider of weaponry", "largest", ValueType::Rank, Expect::Core("1", "1"));
    check("002 Vietnam is Russia's leading trade partner", "leading", ValueType::Rank, Expect::Core("1", "1"));
    // Forms the annotators of tests/extraction/ met in other articles.
    check("evaluation set: the second busiest port", "second busiest", ValueType::Rank, Expect::Core("2", "2"));
    check("evaluation set: its main trade partner", "main", ValueType::Rank, Expect::Core("1", "1"));
    check("evaluation set: the third most visited city", "third most visited", ValueType::Rank, Expect::Core("3", "3"));
}

#[test]
fn percentages_and_fractions() {
    check("002 an annual growth rate of 38%", "38%", ValueType::Percent, Expect::Core("37.5", "38.5"));
    check("002 a 2.3% increase from 2022", "2.3%", ValueType::Percent, Expect::Core("2.25", "2.35"));
    check("004 40% of trade in 2023", "40%", ValueType::Percent, Expect::Core("39.5", "40.5"));
    check("004 60% in the first quarter of 2024", "60 percent", ValueType::Percent, Expect::Core("59.5", "60.5"));
    check(
        "000 produces one-third of Vietnam's oil",
        "one-third",
        ValueType::Percent,
        Expect::Core("29.166667", "37.5"),
    );
    check("000 down 8.8% on-year", "8.8%", ValueType::Percent, Expect::Core("8.75", "8.85"));
}

#[test]
fn dates_at_every_precision() {
    let date = ValueType::Date;
    check(
        "001 diplomatic ties on January 30, 1950",
        "January 30, 1950",
        date.clone(),
        Expect::Days("1950-01-30", "1950-01-30"),
    );
    check(
        "003 established on 30 January 1950",
        "30 January 1950",
        date.clone(),
        Expect::Days("1950-01-30", "1950-01-30"),
    );
    check(
        "000 signed in Hanoi on March 1, 2001",
        "March 1, 2001",
        date.clone(),
        Expect::Days("2001-03-01", "2001-03-01"),
    );
    check("000 In March 2001, Russia cemented", "March 2001", date.clone(), Expect::Days("2001-03-01", "2001-03-31"));
    check("000 In 2012, the relations ware elevated", "2012", date.clone(), Expect::Days("2012-01-01", "2012-12-31"));
    check("003 comprehensive in July 2012", "July 2012", date.clone(), Expect::Days("2012-07-01", "2012-07-31"));
    check("000 took effect in October 2016", "October 2016", date.clone(), Expect::Days("2016-10-01", "2016-10-31"));
    check("000 as of earlier 2020", "earlier 2020", date.clone(), Expect::Days("2020-01-01", "2020-04-30"));
    check("000 as of early 2020", "early 2020", date.clone(), Expect::Days("2020-01-01", "2020-04-30"));
    check("001 As of April 2021", "April 2021", date.clone(), Expect::Days("2021-04-01", "2021-04-30"));
    check(
        "000 a phone talk on April 5 (2021)",
        "April 5, 2021",
        date.clone(),
        Expect::Days("2021-04-05", "2021-04-05"),
    );
    check(
        "001 the State Duma election in September 2021",
        "September 2021",
        date.clone(),
        Expect::Days("2021-09-01", "2021-09-30"),
    );
    check(
        "003 In January 2020, Russia and Vietnam signed",
        "January 2020",
        date.clone(),
        Expect::Days("2020-01-01", "2020-01-31"),
    );
    check(
        "003 his meeting on November 30 (2021)",
        "November 30, 2021",
        date.clone(),
        Expect::Days("2021-11-30", "2021-11-30"),
    );
    check(
        "003 at the end of September (2021)",
        "the end of September 2021",
        date.clone(),
        Expect::Days("2021-09-21", "2021-09-30"),
    );
    check("003 by the end of 2021", "by the end of 2021", date.clone(), Expect::Days("2021-09-01", "2021-12-31"));
    check("004 June 20, 2024", "June 20, 2024", date.clone(), Expect::Days("2024-06-20", "2024-06-20"));
    check(
        "004 (sidebar) as of end-January 2025",
        "end-January 2025",
        date.clone(),
        Expect::Days("2025-01-21", "2025-01-31"),
    );
    check("004 (June 16, 1994-2024)", "June 16, 1994", date.clone(), Expect::Days("1994-06-16", "1994-06-16"));
    check(
        "004 (June 16, 1994-2024) as a span",
        "June 16, 1994-2024",
        date.clone(),
        Expect::Days("1994-06-16", "2024-12-31"),
    );
    check(
        "004 60% in the first quarter of 2024",
        "the first quarter of 2024",
        date.clone(),
        Expect::Days("2024-01-01", "2024-03-31"),
    );
    check("004 60% in Q1 2024", "Q1 2024", date.clone(), Expect::Days("2024-01-01", "2024-03-31"));
    check("000 many more projects ... by 2030", "by 2030", date.clone(), Expect::Days("2030-01-01", "2030-12-31"));
    check("003 the Treaty of Friendship (1994)", "1994", date.clone(), Expect::Days("1994-01-01", "1994-12-31"));
    check("002 once by Dmitry Medvedev in 2010", "2010", date.clone(), Expect::Days("2010-01-01", "2010-12-31"));
    check("002 the 1982 United Nations Convention", "1982", date.clone(), Expect::Days("1982-01-01", "1982-12-31"));
    check("000 in Sochi 2018", "2018", date.clone(), Expect::Days("2018-01-01", "2018-12-31"));
    check("003 as prime minister in 2019", "2019", date.clone(), Expect::Days("2019-01-01", "2019-12-31"));
    check(
        "004 the upcoming 75th anniversary ... in 2025",
        "2025",
        date.clone(),
        Expect::Days("2025-01-01", "2025-12-31"),
    );
    check(
        "ISO day, as claim files often write dates",
        "2001-03-01",
        date.clone(),
        Expect::Days("2001-03-01", "2001-03-01"),
    );
    check("ISO month", "2021-04", date, Expect::Days("2021-04-01", "2021-04-30"));
}

#[test]
fn anniversaries_and_elapsed_time() {
    let date = ValueType::Date;
    check("001 their 70th anniversary of diplomatic ties", "70th anniversary", date.clone(), Expect::Anniversary(70));
    check("001 the 25th anniversary of the treaty", "25th anniversary", date.clone(), Expect::Anniversary(25));
    check(
        "000 the 20th anniversary of the Strategic Partnership",
        "the 20th anniversary",
        date.clone(),
        Expect::Anniversary(20),
    );
    check("004 the 30th anniversary of the Treaty", "30th anniversary", date.clone(), Expect::Anniversary(30));
    check("004 the upcoming 75th anniversary", "75th anniversary", date.clone(), Expect::Anniversary(75));
    check("002 30 years since the signing", "30 years since", date.clone(), Expect::Elapsed("29.5", "30.5"));
    check("002 12 years since the establishment", "12 years since", date.clone(), Expect::Elapsed("11.5", "12.5"));
    check("000 strategic partnership: 20 years", "20 years", date.clone(), Expect::Elapsed("19.5", "20.5"));
    check("001 the past seven decades", "seven decades", date.clone(), Expect::Elapsed("70", "70"));
    check(
        "001 lived and worked in Russia for three decades",
        "three decades",
        date.clone(),
        Expect::Elapsed("30", "30"),
    );
    check("004 over the past 40 years", "over the past 40 years", date.clone(), Expect::Elapsed("40", ""));
    check("004 (not as a hedge) over 40 years", "over 40 years", date.clone(), Expect::Elapsed("(40", ""));
    check("004 operated for 20 years", "20 years", date, Expect::Elapsed("19.5", "20.5"));
}

#[test]
fn lists() {
    let visits = ValueType::List(Box::new(ValueType::Date));
    let units = Units::builtin();
    // TOML arrays are parsed item by item; each item is a date.
    check("002 previous visits in 2001, ...", "2001", ValueType::Date, Expect::Days("2001-01-01", "2001-12-31"));
    check("002 ... 2006, ...", "2006", ValueType::Date, Expect::Days("2006-01-01", "2006-12-31"));
    check("002 ... 2013, ...", "2013", ValueType::Date, Expect::Days("2013-01-01", "2013-12-31"));
    check("002 ... and 2017", "2017", ValueType::Date, Expect::Days("2017-01-01", "2017-12-31"));
    // A list property also takes a count or an ordinal as its size.
    check("002 the fifth visit (list property)", "fifth", visits.clone(), Expect::Ordinal(5));
    check("003 three times (list property)", "three times", visits, Expect::Core("3", "3"));
    let partners = ["Russia", "China", "India", "South Korea", "Japan", "the United States", "Australia"];
    let resolved: Vec<_> =
        partners.iter().map(|p| parse_value(p, &ValueType::Entity, &units, &Countries).unwrap()).collect();
    assert_eq!(resolved.len(), 7, "002 seven countries: Russia, China, India, ...");
}

#[test]
fn changes_and_offsets() {
    let units = Units::builtin();
    let up = parse_change("+2.3%", &units).unwrap();
    assert!(!up.amount.negative && up.percent, "002 a 2.3% increase from 2022");
    let up_words = parse_change("a 2.3% increase", &units).unwrap();
    assert!(!up_words.amount.negative);
    let down = parse_change("down 8.8% on-year", &units).unwrap();
    assert!(down.amount.negative, "000 down 8.8% on-year");
    let down_sign = parse_change("-8.8%", &units).unwrap();
    assert!(down_sign.amount.negative);
    assert_eq!(parse_year_offset("a year").unwrap(), 1, "003 a year earlier");
    assert_eq!(parse_year_offset("1 year").unwrap(), 1);
    assert_eq!(parse_year_offset("two years").unwrap(), 2);
    assert_eq!(
        parse_date("2019-2020").unwrap(),
        DateValue::span(DateValue::year(2019).unwrap(), DateValue::year(2020).unwrap()).unwrap()
    );
}
