//! The recognisers on text they were not written for: sport, science, business and politics, in
//! other number and date styles (British day-month order, abbreviated months, ISO dates, decades,
//! "k"/"bn" suffixes, other currencies, fractions, ranges with "to"). Each row is a sentence and
//! the values that must be found in it, in order, with their kind.

use MentionKind::*;
use claimcheck::extract::recognise::{Fragments, MentionKind};
use claimcheck::model::unit::Units;

fn check(sentence: &str, expected: &[(MentionKind, &str)]) {
    let fragments = Fragments::new(&Units::builtin());
    let found: Vec<(MentionKind, String)> =
        fragments.recognise(sentence).into_iter().map(|m| (m.kind, m.text)).collect();
    let found_refs: Vec<(MentionKind, &str)> = found.iter().map(|(k, t)| (*k, t.as_str())).collect();
    assert_eq!(found_refs, expected, "in {sentence:?}");
    // Every mention is typed by the value grammar, but a yearless date and a time expression:
    // those are resolved against the publication date (`extract::timex`).
    for mention in fragments.recognise(sentence) {
        assert!(
            mention.value.is_some() || matches!(mention.kind, YearlessDate | Time),
            "{:?} untyped in {sentence:?}",
            mention.text
        );
        assert_eq!(&sentence[mention.span.clone()], mention.text);
    }
}

#[test]
fn sport() {
    check(
        "The club paid €120m for the striker on 1 September 2023, its third record fee in five years.",
        &[(Money, "€120m"), (Date, "1 September 2023"), (Ordinal, "third"), (Duration, "five years")],
    );
    check(
        "Attendance reached 61,000 to 64,000 fans, up 12% on 2022.",
        &[(Count, "61,000 to 64,000"), (Percent, "12%"), (Date, "2022")],
    );
}

#[test]
fn science_and_energy() {
    check(
        "The plant produced an estimated 2.4 million tonnes of steel in H1 2024 and 850 GWh of power.",
        &[(Quantity, "an estimated 2.4 million tonnes"), (Date, "H1 2024"), (Quantity, "850 GWh")],
    );
    check(
        "Since the 1990s the glacier has lost nearly two-thirds of its mass, about 3,000 km2.",
        &[(Time, "Since the 1990s"), (Percent, "nearly two-thirds"), (Quantity, "about 3,000 km2")],
    );
}

#[test]
fn business_in_other_currencies_and_scales() {
    check(
        "Revenue rose to £1.2bn in the third quarter of 2022 from 950 million pounds, with more than 4,500 employees.",
        &[
            (Money, "£1.2bn"),
            (Date, "the third quarter of 2022"),
            (Money, "950 million pounds"),
            (Count, "more than 4,500"),
        ],
    );
    check(
        "Shares fell 3.5 percent on Sept. 14, 2021 to ¥2,300.",
        &[(Percent, "3.5 percent"), (Date, "Sept. 14, 2021"), (Money, "¥2,300")],
    );
    check(
        "The deal, worth between $3 and $4 billion, closes in 2025-03.",
        &[(Money, "between $3 and $4 billion"), (Date, "2025-03")],
    );
}

#[test]
fn politics_and_history() {
    check(
        "The treaty, signed on 2019-07-04, marks the 25th anniversary of ties established in mid-1994.",
        &[(Date, "2019-07-04"), (Anniversary, "25th anniversary"), (Date, "mid-1994")],
    );
    check(
        "It was the country's twenty-first election in over 60 years; turnout was 71.3%.",
        &[(Ordinal, "twenty-first"), (Duration, "over 60 years"), (Percent, "71.3%")],
    );
    check(
        "The minister met her counterpart twice in late 2020 and again on March 3.",
        &[(Count, "twice"), (Date, "late 2020"), (YearlessDate, "March 3")],
    );
}

#[test]
fn compound_adjectives_and_names_are_not_values() {
    check("Two-way trade grew, and the COVID-19 response and G20 summit followed.", &[]);
    check("The Yak-130 trainers arrived.", &[]);
}

#[test]
fn percent_suffixes_of_the_british_and_asian_press() {
    check(
        "ICU beds are now at 90pc, and occupancy hit 104 pc on Sunday, up 3pct.",
        &[(Percent, "90pc"), (Percent, "104 pc"), (Time, "on Sunday"), (Percent, "3pct")],
    );
}

#[test]
fn superlatives_are_ranks() {
    check(
        "Toyota, the nation's largest carmaker, is the world's biggest by sales.",
        &[(Ordinal, "largest"), (Ordinal, "biggest")],
    );
}

#[test]
fn ranges_of_days_are_one_time_expression() {
    check(
        "From January 1 to July 6, 115,986 cases were recorded, against 4,703 between May 30 and June 5, 2021.",
        &[
            (Time, "From January 1 to July 6"),
            (Count, "115,986"),
            (Count, "4,703"),
            (Time, "between May 30 and June 5, 2021"),
        ],
    );
}
