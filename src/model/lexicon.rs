//! The English words claimcheck reads numbers, dates and hedges from.
//!
//! One table per word class, shared by the value parser (claim files), the quote checker and the
//! extraction recognisers, so that "three", "fifth", "billion", "nearly" and "March" mean the same
//! thing everywhere. Lookups are case-insensitive; callers pass lowercase words.

use rust_decimal::Decimal;

/// Cardinal number words below twenty, by value.
const SMALL_CARDINALS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

/// Tens words, twenty to ninety.
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// Ordinal words below twenty, by value (index 0 unused).
const SMALL_ORDINALS: [&str; 20] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// Ordinal tens words, twentieth to ninetieth.
const TENS_ORDINALS: [&str; 8] =
    ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];

/// The value of a single cardinal word ("seven" → 7, "twenty" → 20), including multiplicative
/// adverbs ("once", "twice", "thrice").
pub fn cardinal_word(word: &str) -> Option<u32> {
    if let Some(i) = SMALL_CARDINALS.iter().position(|w| *w == word) {
        return Some(i as u32);
    }
    if let Some(i) = TENS.iter().position(|w| *w == word) {
        return Some(20 + 10 * i as u32);
    }
    match word {
        "once" => Some(1),
        "twice" => Some(2),
        "thrice" => Some(3),
        "dozen" => Some(12),
        _ => None,
    }
}

/// The value of a single ordinal word ("fifth" → 5, "twentieth" → 20).
pub fn ordinal_word(word: &str) -> Option<u32> {
    if let Some(i) = SMALL_ORDINALS.iter().position(|w| *w == word) {
        return Some(i as u32);
    }
    if let Some(i) = TENS_ORDINALS.iter().position(|w| *w == word) {
        return Some(20 + 10 * i as u32);
    }
    match word {
        "hundredth" => Some(100),
        "thousandth" => Some(1000),
        _ => None,
    }
}

/// True for the suffixes of digit ordinals ("1st", "2nd", "3rd", "25th").
pub fn is_ordinal_suffix(word: &str) -> bool {
    matches!(word, "st" | "nd" | "rd" | "th")
}

/// Scale words and the power of ten they stand for.
pub fn scale_word(word: &str) -> Option<u32> {
    match word {
        "hundred" => Some(2),
        "thousand" | "k" => Some(3),
        "million" | "millions" | "mln" | "mn" | "m" => Some(6),
        "billion" | "billions" | "bln" | "bn" | "b" => Some(9),
        "trillion" | "trillions" | "tln" | "trln" | "tn" => Some(12),
        // The Indian numbering system: a lakh is 100,000, a crore 10 million.
        "lakh" | "lakhs" => Some(5),
        "crore" | "crores" => Some(7),
        _ => None,
    }
}

/// Ten to the power `exponent`, as a decimal; `None` past what a decimal holds (10^28), as with
/// stacked scale words ("a trillion trillion trillion").
pub fn power_of_ten(exponent: u32) -> Option<Decimal> {
    let mut value = Decimal::ONE;
    for _ in 0..exponent {
        value = value.checked_mul(Decimal::TEN)?;
    }
    Some(value)
}

/// Fractions written in words: "half" → 1/2, "third" → 1/3, "quarter" → 1/4, with plural forms
/// ("thirds") for "two-thirds". Returns the denominator.
pub fn fraction_denominator(word: &str) -> Option<u32> {
    match word {
        "half" | "halves" => Some(2),
        "third" | "thirds" => Some(3),
        "quarter" | "quarters" | "fourth" | "fourths" => Some(4),
        "fifth" | "fifths" => Some(5),
        "tenth" | "tenths" => Some(10),
        _ => None,
    }
}

/// What a hedge word does to the value it qualifies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Hedge {
    /// "about", "around", "some", "approximately", "roughly": either side, by a tolerance.
    About,
    /// "nearly", "almost", "close to", "just under": a little below.
    Nearly,
    /// "over", "more than", "above", "exceeding": strictly above.
    MoreThan,
    /// "at least", "no fewer than", "no less than": at or above.
    AtLeast,
    /// "less than", "under", "fewer than", "below": strictly below.
    LessThan,
    /// "up to", "at most", "no more than": at or below.
    AtMost,
}

impl Hedge {
    /// The hedge phrases, longest first so that "more than" wins over "more".
    pub const PHRASES: &'static [(&'static str, Hedge)] = &[
        ("no fewer than", Hedge::AtLeast),
        ("no less than", Hedge::AtLeast),
        ("no more than", Hedge::AtMost),
        ("as many as", Hedge::AtMost),
        ("as much as", Hedge::AtMost),
        ("upwards of", Hedge::MoreThan),
        ("well over", Hedge::MoreThan),
        ("well above", Hedge::MoreThan),
        ("a little over", Hedge::MoreThan),
        ("a little more than", Hedge::MoreThan),
        ("slightly more than", Hedge::MoreThan),
        ("slightly over", Hedge::MoreThan),
        ("just over", Hedge::MoreThan),
        ("just under", Hedge::Nearly),
        ("just below", Hedge::Nearly),
        ("close to", Hedge::Nearly),
        ("more than", Hedge::MoreThan),
        ("greater than", Hedge::MoreThan),
        ("higher than", Hedge::MoreThan),
        ("in excess of", Hedge::MoreThan),
        ("less than", Hedge::LessThan),
        ("fewer than", Hedge::LessThan),
        ("lower than", Hedge::LessThan),
        ("at least", Hedge::AtLeast),
        ("at most", Hedge::AtMost),
        ("up to", Hedge::AtMost),
        ("an estimated", Hedge::About),
        ("approximately", Hedge::About),
        ("roughly", Hedge::About),
        ("around", Hedge::About),
        ("about", Hedge::About),
        ("some", Hedge::About),
        ("circa", Hedge::About),
        ("approx", Hedge::About),
        ("nearly", Hedge::Nearly),
        ("almost", Hedge::Nearly),
        ("over", Hedge::MoreThan),
        ("above", Hedge::MoreThan),
        ("exceeding", Hedge::MoreThan),
        ("under", Hedge::LessThan),
        ("below", Hedge::LessThan),
        ("minimum", Hedge::AtLeast),
        ("maximum", Hedge::AtMost),
    ];

    /// The phrase used to print this hedge back.
    pub fn as_str(&self) -> &'static str {
        match self {
            Hedge::About => "about",
            Hedge::Nearly => "nearly",
            Hedge::MoreThan => "more than",
            Hedge::AtLeast => "at least",
            Hedge::LessThan => "less than",
            Hedge::AtMost => "at most",
        }
    }
}

/// Month names and abbreviations → month number.
pub fn month_word(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    let months = [
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may", "may"),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ];
    months
        .iter()
        .position(|(full, short)| word == *full || word == *short || (word == "sept" && *short == "sep"))
        .map(|i| i as u32 + 1)
}

/// Every word the value grammar knows, for did-you-mean suggestions on unknown words.
pub fn known_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    words.extend(SMALL_CARDINALS);
    words.extend(TENS);
    words.extend(SMALL_ORDINALS);
    words.extend(TENS_ORDINALS);
    words.extend(["hundred", "thousand", "million", "billion", "trillion", "times", "once", "twice"]);
    words.extend(Hedge::PHRASES.iter().map(|(p, _)| *p));
    words.extend([
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "early",
        "mid",
        "late",
        "end",
        "quarter",
        "half",
        "anniversary",
        "years",
        "since",
        "percent",
    ]);
    words
}

/// True for a superlative that can follow a rank ("second-largest", "the third busiest") or stand
/// for rank 1 ("the largest", "its main partner"): the common ones, and any word in "-est" of a
/// few letters that is not one of the everyday words ending so ("interest", "west").
pub fn is_superlative(word: &str) -> bool {
    const KNOWN: &[&str] = &["top", "leading", "main", "first", "best", "worst", "most", "least"];
    const NOT: &[&str] = &[
        "interest",
        "forest",
        "honest",
        "modest",
        "request",
        "harvest",
        "protest",
        "contest",
        "suggest",
        "digest",
        "invest",
        "arrest",
        "manifest",
        "conquest",
        "inquest",
        "bequest",
        "earnest",
        "southwest",
        "northwest",
        "midwest",
        "west",
        "rest",
        "test",
        "nest",
        "chest",
        "guest",
        "quest",
        "pest",
        "vest",
        "zest",
        "jest",
    ];
    let word = word.to_ascii_lowercase();
    KNOWN.contains(&word.as_str())
        || (word.len() >= 6
            && word.ends_with("est")
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && !NOT.contains(&word.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_have_the_values_of_their_digits() {
        assert_eq!(cardinal_word("three"), Some(3));
        assert_eq!(cardinal_word("seventy"), Some(70));
        assert_eq!(cardinal_word("twice"), Some(2));
        assert_eq!(ordinal_word("fifth"), Some(5));
        assert_eq!(ordinal_word("seventieth"), Some(70));
        assert_eq!(scale_word("billion"), Some(9));
        assert_eq!(month_word("sept."), Some(9));
        assert_eq!(month_word("march"), Some(3));
        assert_eq!(power_of_ten(9), Some(Decimal::from(1_000_000_000u64)));
        assert_eq!(power_of_ten(36), None);
    }

    #[test]
    fn superlatives_are_the_common_ones_and_words_in_est() {
        for word in ["largest", "busiest", "strongest", "main", "top", "Deadliest"] {
            assert!(is_superlative(word), "{word}");
        }
        for word in ["interest", "west", "forest", "request", "rest", "trade"] {
            assert!(!is_superlative(word), "{word}");
        }
    }

    #[test]
    fn longer_hedge_phrases_come_before_their_prefixes() {
        for (i, (phrase, _)) in Hedge::PHRASES.iter().enumerate() {
            for (later, _) in &Hedge::PHRASES[i + 1..] {
                assert!(!later.starts_with(&format!("{phrase} ")), "{later:?} must come before {phrase:?}");
            }
        }
    }
}
