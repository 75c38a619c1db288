//! Written numbers and amounts: what "nearly $6.5 billion", "60,000-80,000", "three" and
//! "one-third" mean as intervals.
//!
//! A [`WrittenNumber`] keeps the value exactly as written (a [`Decimal`], never a float) and the
//! precision the writing implies: half a unit of the last written digit ("4.85" → ±0.005), none for
//! number words ("three" is exactly 3). An [`Amount`] adds a scale word, a range and a hedge, and
//! turns into an [`Estimate`] under a [`Tolerance`] (DESIGN.md, semantics 1–2).

use crate::model::interval::{Estimate, Interval};
use crate::model::lexicon::{self, Hedge};
use rust_decimal::Decimal;
use std::ops::Range;

/// How a number was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberForm {
    /// Digits: "4.85", "60,000".
    Digits,
    /// Cardinal words: "three", "twenty-one", "twice".
    Words,
    /// An ordinal: "fifth", "25th".
    Ordinal,
    /// A fraction in words: "one-third", "half".
    Fraction,
}

/// A number exactly as written, with the precision its writing implies.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WrittenNumber {
    /// The value as written, before any scale word (4.85 in "4.85 billion").
    pub value: Decimal,
    /// Half a unit of the last written digit (0.005 for "4.85"); zero for exact words.
    pub half_unit: Decimal,
    /// How it was written.
    pub form: NumberForm,
    /// The scale word's power of ten applied to it (9 for "billion"), 0 when none.
    pub scale_exponent: u32,
    /// Byte range of the number (without scale) in the written value.
    pub span: Range<usize>,
}

impl WrittenNumber {
    /// The scaled value (4.85 billion → 4 850 000 000). `None` on overflow.
    pub fn scaled(&self) -> Option<Decimal> {
        lexicon::power_of_ten(self.scale_exponent).and_then(|p| self.value.checked_mul(p))
    }

    /// The scaled half unit.
    pub fn scaled_half_unit(&self) -> Decimal {
        lexicon::power_of_ten(self.scale_exponent).and_then(|p| self.half_unit.checked_mul(p)).unwrap_or(Decimal::MAX)
    }

    /// An exact integer, as produced by words or derivations.
    pub fn exact(value: Decimal, form: NumberForm, span: Range<usize>) -> Self {
        WrittenNumber { value, half_unit: Decimal::ZERO, form, scale_exponent: 0, span }
    }

    /// True when the written value is a whole number.
    pub fn is_integer(&self) -> bool {
        self.scaled().is_some_and(|v| v.fract().is_zero())
    }
}

/// A hedge word and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HedgeWord {
    /// What the hedge does.
    pub hedge: Hedge,
    /// Byte range of the hedge phrase.
    pub span: Range<usize>,
}

/// How far hedges and tolerances stretch a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tolerance {
    /// Relative width of "about", "nearly", "over": 0.1 means 10% of the value.
    pub hedge: Decimal,
    /// Relative tolerance the property or rule grants when comparing ("agree within 1%").
    pub relative: Decimal,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance { hedge: Decimal::new(1, 1), relative: Decimal::ZERO }
    }
}

/// A number, or a range of numbers, with an optional hedge.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Amount {
    /// The (lower) number.
    pub low: WrittenNumber,
    /// The upper number of a range ("60,000-80,000"), if any.
    pub high: Option<WrittenNumber>,
    /// The hedge, if any.
    pub hedge: Option<HedgeWord>,
    /// True when written with a minus sign or a "down"/"decrease" word (changes only).
    pub negative: bool,
}

impl Amount {
    /// An exact amount without hedge or range.
    pub fn exact(number: WrittenNumber) -> Self {
        Amount { low: number, high: None, hedge: None, negative: false }
    }

    /// The numbers as written, low first.
    pub fn numbers(&self) -> impl Iterator<Item = &WrittenNumber> {
        std::iter::once(&self.low).chain(self.high.as_ref())
    }

    /// The interval the amount means, under the given tolerance (values in scaled units, before
    /// any unit factor).
    pub fn estimate(&self, tolerance: &Tolerance) -> Estimate {
        let sign = if self.negative { Decimal::NEGATIVE_ONE } else { Decimal::ONE };
        let value = |n: &WrittenNumber| n.scaled().map(|v| v * sign);
        let (Some(low), Some(high)) = (value(&self.low), value(self.high.as_ref().unwrap_or(&self.low))) else {
            return Estimate::exact(Interval::everything());
        };
        let (low, high, half_low, half_high) = if low <= high {
            (low, high, self.low.scaled_half_unit(), self.high.as_ref().unwrap_or(&self.low).scaled_half_unit())
        } else {
            (high, low, self.high.as_ref().unwrap_or(&self.low).scaled_half_unit(), self.low.scaled_half_unit())
        };
        let precise = Interval::closed(low, high).widen_asymmetric(half_low, half_high);
        // A range means its two ends ("$3-4 billion" is [3, 4] billion); only its outer reading
        // reaches out by the precision of each end, so a value just past an end is a possible
        // conflict rather than a certain one.
        let base = if self.high.is_some() { Interval::closed(low, high) } else { precise };
        let magnitude = low.abs().max(high.abs());
        let stretch = magnitude.checked_mul(tolerance.hedge).unwrap_or(Decimal::MAX);
        let (core, outer) = match self.hedge.as_ref().map(|h| h.hedge) {
            None => (base, precise),
            Some(Hedge::About) => {
                // ± max(precision, t·value) in the core reading, twice that in the outer one.
                let (reach_low, reach_high) = (half_low.max(stretch), half_high.max(stretch));
                let core = Interval::closed(low, high).widen_asymmetric(reach_low, reach_high);
                (core, core.widen_asymmetric(reach_low, reach_high))
            }
            Some(Hedge::Nearly) => {
                let core = Interval::closed(low.checked_sub(stretch).unwrap_or(Decimal::MIN), high);
                // Never narrower than the number's own precision: "nearly 0.001" may be 0.0005.
                let reach = stretch.checked_mul(Decimal::TWO).unwrap_or(Decimal::MAX).max(half_low);
                let outer = Interval::closed(
                    low.checked_sub(reach).unwrap_or(Decimal::MIN),
                    high.checked_add(half_high).unwrap_or(Decimal::MAX),
                );
                (core, outer)
            }
            Some(Hedge::MoreThan) => {
                let core = Interval::greater_than(high);
                (core, Interval::at_least(low.checked_sub(half_low.max(stretch)).unwrap_or(Decimal::MIN)))
            }
            Some(Hedge::AtLeast) => {
                let core = Interval::at_least(low);
                (core, Interval::at_least(low.checked_sub(half_low.max(stretch)).unwrap_or(Decimal::MIN)))
            }
            Some(Hedge::LessThan) => {
                let core = Interval::less_than(low);
                (core, Interval::at_most(high.checked_add(half_high.max(stretch)).unwrap_or(Decimal::MAX)))
            }
            Some(Hedge::AtMost) => {
                let core = Interval::at_most(high);
                (core, Interval::at_most(high.checked_add(half_high.max(stretch)).unwrap_or(Decimal::MAX)))
            }
        };
        Estimate { core, outer: outer.hull(&core).widen_relative(tolerance.relative) }
    }

    /// The byte range covering the whole amount as written.
    pub fn span(&self) -> Range<usize> {
        let start = self.hedge.as_ref().map_or(self.low.span.start, |h| h.span.start.min(self.low.span.start));
        let end = self.high.as_ref().map_or(self.low.span.end, |h| h.span.end);
        start..end
    }

    /// True when every number is a whole number.
    pub fn is_integer(&self) -> bool {
        self.numbers().all(WrittenNumber::is_integer)
    }
}

/// Format a decimal without trailing zeros and with thousands separators.
pub fn format_decimal(value: Decimal) -> String {
    let normalized = value.normalize();
    let text = normalized.to_string();
    let (sign, digits) = text.strip_prefix('-').map_or(("", text.as_str()), |d| ("-", d));
    let (int_part, frac_part) = digits.split_once('.').map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac_part {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Format a scaled amount the way a journalist would: "4.85 billion", "944 million", "60,000".
pub fn format_scaled(value: Decimal) -> String {
    let abs = value.abs();
    for (exponent, word) in [(12, "trillion"), (9, "billion"), (6, "million")] {
        let Some(unit) = lexicon::power_of_ten(exponent) else { continue };
        if abs >= unit {
            let scaled = value.checked_div(unit).unwrap_or(value).round_dp(3);
            return format!("{} {word}", format_decimal(scaled));
        }
    }
    format_decimal(value.round_dp(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(value: &str) -> WrittenNumber {
        let v: Decimal = value.parse().unwrap();
        WrittenNumber {
            value: v,
            half_unit: Decimal::new(5, v.scale() + 1),
            form: NumberForm::Digits,
            scale_exponent: 0,
            span: 0..value.len(),
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn precision_comes_from_the_last_written_digit() {
        let amount = Amount::exact(WrittenNumber { scale_exponent: 9, ..digits("4.85") });
        let estimate = amount.estimate(&Tolerance::default());
        assert_eq!(estimate.core, Interval::closed(d("4845000000"), d("4855000000")));
        assert_eq!(estimate.outer, estimate.core);
    }

    #[test]
    fn hedges_point_the_right_way() {
        let tolerance = Tolerance::default();
        let nearly =
            Amount { hedge: Some(HedgeWord { hedge: Hedge::Nearly, span: 0..6 }), ..Amount::exact(digits("6.5")) };
        let estimate = nearly.estimate(&tolerance);
        assert!(estimate.core.contains(d("6.2")));
        assert!(!estimate.core.contains(d("6.6")));
        let over =
            Amount { hedge: Some(HedgeWord { hedge: Hedge::MoreThan, span: 0..4 }), ..Amount::exact(digits("500")) };
        let estimate = over.estimate(&tolerance);
        assert!(!estimate.core.contains(d("500")));
        assert!(estimate.core.contains(d("501")));
        assert!(estimate.outer.contains(d("480")));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_decimal(d("60000")), "60,000");
        assert_eq!(format_decimal(d("4.850")), "4.85");
        assert_eq!(format_scaled(d("4850000000")), "4.85 billion");
        assert_eq!(format_scaled(d("944000000")), "944 million");
        assert_eq!(format_decimal(d("-1234.5")), "-1,234.5");
    }
}
