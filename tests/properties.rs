//! Property tests for the arithmetic everything else rests on: written values become intervals
//! that contain them, comparisons are symmetric, hedges and tolerances only widen, a year holds
//! its months and a month its days, and calendar arithmetic round-trips.

use claimcheck::model::date::{DateValue, Day, YearPart, days_in_month};
use claimcheck::model::ids::EntityId;
use claimcheck::model::interval::{Agreement, Estimate, Interval, compare};
use claimcheck::model::number::Tolerance;
use claimcheck::model::syntax::{EntityResolver, parse_date, parse_value};
use claimcheck::model::unit::Units;
use claimcheck::model::value::{Value, ValueType};
use proptest::prelude::*;
use rust_decimal::Decimal;

struct NoEntities;
impl EntityResolver for NoEntities {
    fn resolve(&self, _: &str) -> Result<EntityId, Vec<String>> {
        Err(Vec::new())
    }
}

fn estimate_of(text: &str, value_type: &ValueType, tolerance: &Tolerance) -> Estimate {
    let units = Units::builtin();
    match parse_value(text, value_type, &units, &NoEntities) {
        Ok(value @ Value::Number(_)) => value.estimate(&units, tolerance, value_type).unwrap(),
        other => panic!("{text:?} did not parse as a number: {other:?}"),
    }
}

/// A decimal as a journalist would write it: up to three decimals.
fn written_decimal() -> impl Strategy<Value = (Decimal, String)> {
    (0u64..10_000_000, 0u32..4).prop_map(|(mantissa, scale)| {
        let value = Decimal::new(mantissa as i64, scale);
        (value, value.to_string())
    })
}

fn hedge() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(""),
        Just("about "),
        Just("nearly "),
        Just("more than "),
        Just("at least "),
        Just("less than "),
        Just("up to "),
        Just("around "),
        Just("over "),
    ]
}

fn decimal_interval() -> impl Strategy<Value = Interval<Decimal>> {
    (-1000i64..1000, 0i64..500).prop_map(|(lo, width)| Interval::closed(Decimal::from(lo), Decimal::from(lo + width)))
}

fn estimate() -> impl Strategy<Value = Estimate> {
    (decimal_interval(), 0i64..50, 0i64..50)
        .prop_map(|(core, below, above)| Estimate { core, outer: core.widen_asymmetric(below.into(), above.into()) })
}

fn date() -> impl Strategy<Value = (i32, u32, u32)> {
    (1i32..=9999, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| (y, m, d.min(days_in_month(y, m))))
}

proptest! {
    /// The written value lies in the interval it becomes: in the core for plain and hedged-about
    /// values, in the generous reading for every hedge.
    #[test]
    fn an_interval_contains_the_written_value((value, text) in written_decimal(), hedge in hedge()) {
        let written = format!("{hedge}{text}%");
        let estimate = estimate_of(&written, &ValueType::Percent, &Tolerance::default());
        prop_assert!(estimate.outer.contains(value), "{written}: {} does not contain {value}", estimate.outer);
        if matches!(hedge, "" | "about " | "around " | "nearly " | "at least " | "up to ") {
            prop_assert!(estimate.core.contains(value), "{written}: core {} does not contain {value}", estimate.core);
        }
        prop_assert!(estimate.core.is_subset_of(&estimate.outer));
    }

    /// Money with a scale word: "4.85 billion USD" contains 4,850,000,000.
    #[test]
    fn scaled_amounts_contain_their_value((value, text) in written_decimal(), scale in prop_oneof![Just(("thousand", 3)), Just(("million", 6)), Just(("billion", 9))]) {
        let written = format!("{text} {} USD", scale.0);
        let estimate = estimate_of(&written, &ValueType::Quantity { dimension: "currency".into() }, &Tolerance::default());
        let scaled = value * Decimal::from(10u64.pow(scale.1));
        prop_assert!(estimate.core.contains(scaled), "{written}: {} does not contain {scaled}", estimate.core);
    }

    /// Comparisons are symmetric.
    #[test]
    fn comparison_is_symmetric(a in estimate(), b in estimate()) {
        prop_assert_eq!(compare(&a, &b), compare(&b, &a));
    }

    /// An estimate never conflicts with itself, and overlapping cores are consistent.
    #[test]
    fn an_estimate_agrees_with_itself(a in estimate()) {
        prop_assert_eq!(compare(&a, &a), Agreement::Consistent);
    }

    /// Hedges only widen: the generous reading of a hedged value holds the plain value's
    /// precision interval, and "about" holds it even in its core.
    #[test]
    fn hedges_only_widen((_, text) in written_decimal(), hedge in hedge()) {
        let tolerance = Tolerance::default();
        let plain = estimate_of(&format!("{text}%"), &ValueType::Percent, &tolerance);
        let hedged = estimate_of(&format!("{hedge}{text}%"), &ValueType::Percent, &tolerance);
        // Strict hedges exclude the value itself from the core but never from the outer reading.
        let exact_point = Interval::point(plain.core.midpoint().unwrap());
        prop_assert!(exact_point.is_subset_of(&hedged.outer), "{hedge}{text}: {} vs {}", hedged.outer, plain.core);
        prop_assert!(plain.core.is_subset_of(&hedged.outer), "{hedge}{text}: {} ⊄ {}", plain.core, hedged.outer);
        if matches!(hedge, "about " | "around ") {
            prop_assert!(plain.core.is_subset_of(&hedged.core));
        }
    }

    /// A larger tolerance never narrows a reading.
    #[test]
    fn larger_tolerances_only_widen((_, text) in written_decimal(), hedge in hedge(), a in 0u32..30, b in 0u32..30) {
        let (small, large) = (a.min(b), a.max(b));
        let t = |p: u32| Tolerance { hedge: Decimal::new(i64::from(p), 2), relative: Decimal::new(i64::from(p), 3) };
        let written = format!("{hedge}{text}%");
        let narrow = estimate_of(&written, &ValueType::Percent, &t(small));
        let wide = estimate_of(&written, &ValueType::Percent, &t(large));
        prop_assert!(narrow.outer.is_subset_of(&wide.outer), "{written}: {} ⊄ {}", narrow.outer, wide.outer);
    }

    /// A count is an interval of whole numbers that holds the count.
    #[test]
    fn counts_are_whole(n in 0u32..100_000) {
        let estimate = estimate_of(&n.to_string(), &ValueType::Count, &Tolerance::default());
        prop_assert_eq!(estimate.core, Interval::point(Decimal::from(n)));
    }

    /// Sums of intervals hold the sums of their members.
    #[test]
    fn interval_sums_hold_member_sums(a in decimal_interval(), b in decimal_interval(), x in 0i64..=100, y in 0i64..=100) {
        let pick = |i: &Interval<Decimal>, t: i64| {
            let lo = i.lo.value().unwrap();
            let hi = i.hi.value().unwrap();
            lo + (hi - lo) * Decimal::new(t, 2)
        };
        prop_assert!(a.add(&b).contains(pick(&a, x) + pick(&b, y)));
    }

    /// Days round-trip through the calendar, and consecutive days are one apart.
    #[test]
    fn days_round_trip((y, m, d) in date()) {
        let day = Day::from_ymd(y, m, d).unwrap();
        prop_assert_eq!(day.ymd(), (y, m, d));
        if let Some(next) = Day::from_ymd(y, m, d + 1).or_else(|| Day::from_ymd(y, m + 1, 1)).or_else(|| Day::from_ymd(y + 1, 1, 1)) {
            prop_assert_eq!(next.0 - day.0, 1);
        }
    }

    /// A year holds its months, a month its days, a quarter its months, a half its quarters.
    #[test]
    fn a_year_contains_its_months((y, m, d) in date()) {
        let year = DateValue::year(y).unwrap();
        let month = DateValue::month(y, m).unwrap();
        let day = DateValue::day(Day::from_ymd(y, m, d).unwrap());
        let quarter = DateValue::year_part(y, YearPart::Quarter(((m - 1) / 3 + 1) as u8)).unwrap();
        let half = DateValue::year_part(y, YearPart::Half(((m - 1) / 6 + 1) as u8)).unwrap();
        prop_assert!(month.days().is_subset_of(&year.days()));
        prop_assert!(day.days().is_subset_of(&month.days()));
        prop_assert!(month.days().is_subset_of(&quarter.days()));
        prop_assert!(quarter.days().is_subset_of(&half.days()));
        prop_assert!(half.days().is_subset_of(&year.days()));
    }

    /// Written dates parse to the interval of their precision (four-digit years: "March 12"
    /// is a day without a year, not March of the year 12).
    #[test]
    fn written_dates_parse_to_their_interval((y, m, d) in date().prop_filter("four-digit year", |(y, _, _)| *y >= 1000)) {
        let names = claimcheck::model::date::MONTH_NAMES;
        let month_name = names[(m - 1) as usize];
        let day = Day::from_ymd(y, m, d).unwrap();
        prop_assert_eq!(parse_date(&format!("{month_name} {d}, {y}")).unwrap().days(), Interval::point(day));
        prop_assert_eq!(parse_date(&format!("{d} {month_name} {y}")).unwrap().days(), Interval::point(day));
        prop_assert_eq!(parse_date(&format!("{y:04}-{m:02}-{d:02}")).unwrap().days(), Interval::point(day));
        prop_assert_eq!(parse_date(&format!("{month_name} {y}")).unwrap(), DateValue::month(y, m).unwrap());
        prop_assert_eq!(parse_date(&format!("{y}")).unwrap(), DateValue::year(y).unwrap());
    }

    /// The 29th to 31st of a month that lacks them are refused, never wrapped into the next month.
    #[test]
    fn impossible_days_are_refused(y in 1i32..=9999, m in 1u32..=12, extra in 1u32..4) {
        let d = days_in_month(y, m) + extra;
        prop_assert!(Day::from_ymd(y, m, d).is_none());
        let names = claimcheck::model::date::MONTH_NAMES;
        let written = format!("{} {d}, {y}", names[(m - 1) as usize]);
        prop_assert!(parse_date(&written).is_err());
    }
}
