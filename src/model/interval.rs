//! Intervals over ordered values and the three-valued comparison of estimates.
//!
//! Every number and date in claimcheck is an interval whose width comes from how it was written
//! (DESIGN.md, semantics 1–2). An [`Estimate`] carries two nested intervals: the `core`, what the
//! words most plausibly mean, and the `outer`, the most generous reading once hedges and tolerances
//! are stretched to their edges. Two estimates are in *conflict* when even their outer intervals are
//! disjoint, a *possible conflict* when only the outer intervals meet, and *consistent* when their
//! cores overlap.
//!
//! All arithmetic is checked: an overflow widens a bound to unbounded instead of panicking.

use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::fmt;

/// One end of an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bound<T> {
    /// No limit on this side.
    Unbounded,
    /// The value itself belongs to the interval.
    Included(T),
    /// Values up to, but not including, this one belong to the interval.
    Excluded(T),
}

impl<T: Copy> Bound<T> {
    /// The finite value of the bound, if any.
    pub fn value(&self) -> Option<T> {
        match *self {
            Bound::Unbounded => None,
            Bound::Included(v) | Bound::Excluded(v) => Some(v),
        }
    }

    /// Apply `f` to the finite value; `None` from `f` (an overflow) makes the bound unbounded.
    pub fn map_or_unbounded<U>(self, f: impl FnOnce(T) -> Option<U>) -> Bound<U> {
        match self {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Included(v) => f(v).map_or(Bound::Unbounded, Bound::Included),
            Bound::Excluded(v) => f(v).map_or(Bound::Unbounded, Bound::Excluded),
        }
    }
}

/// A set of values between two bounds. An interval may be empty (lower bound above upper bound).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Interval<T> {
    /// The lower end.
    pub lo: Bound<T>,
    /// The upper end.
    pub hi: Bound<T>,
}

/// Compare two lower bounds: which one admits fewer values (is "higher")?
fn cmp_lower<T: Ord>(a: &Bound<T>, b: &Bound<T>) -> Ordering {
    match (a, b) {
        (Bound::Unbounded, Bound::Unbounded) => Ordering::Equal,
        (Bound::Unbounded, _) => Ordering::Less,
        (_, Bound::Unbounded) => Ordering::Greater,
        (Bound::Included(x), Bound::Included(y)) | (Bound::Excluded(x), Bound::Excluded(y)) => x.cmp(y),
        (Bound::Included(x), Bound::Excluded(y)) => x.cmp(y).then(Ordering::Less),
        (Bound::Excluded(x), Bound::Included(y)) => x.cmp(y).then(Ordering::Greater),
    }
}

/// Compare two upper bounds: which one admits more values (is "higher")?
fn cmp_upper<T: Ord>(a: &Bound<T>, b: &Bound<T>) -> Ordering {
    match (a, b) {
        (Bound::Unbounded, Bound::Unbounded) => Ordering::Equal,
        (Bound::Unbounded, _) => Ordering::Greater,
        (_, Bound::Unbounded) => Ordering::Less,
        (Bound::Included(x), Bound::Included(y)) | (Bound::Excluded(x), Bound::Excluded(y)) => x.cmp(y),
        (Bound::Included(x), Bound::Excluded(y)) => x.cmp(y).then(Ordering::Greater),
        (Bound::Excluded(x), Bound::Included(y)) => x.cmp(y).then(Ordering::Less),
    }
}

impl<T: Ord + Copy> Interval<T> {
    /// The interval holding exactly one value.
    pub fn point(value: T) -> Self {
        Self::closed(value, value)
    }

    /// `[lo, hi]`.
    pub fn closed(lo: T, hi: T) -> Self {
        Interval { lo: Bound::Included(lo), hi: Bound::Included(hi) }
    }

    /// Every value.
    pub fn everything() -> Self {
        Interval { lo: Bound::Unbounded, hi: Bound::Unbounded }
    }

    /// `[lo, ∞)`.
    pub fn at_least(lo: T) -> Self {
        Interval { lo: Bound::Included(lo), hi: Bound::Unbounded }
    }

    /// `(lo, ∞)`.
    pub fn greater_than(lo: T) -> Self {
        Interval { lo: Bound::Excluded(lo), hi: Bound::Unbounded }
    }

    /// `(-∞, hi]`.
    pub fn at_most(hi: T) -> Self {
        Interval { lo: Bound::Unbounded, hi: Bound::Included(hi) }
    }

    /// `(-∞, hi)`.
    pub fn less_than(hi: T) -> Self {
        Interval { lo: Bound::Unbounded, hi: Bound::Excluded(hi) }
    }

    /// True when no value lies between the bounds.
    pub fn is_empty(&self) -> bool {
        match (&self.lo, &self.hi) {
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => false,
            (Bound::Included(a), Bound::Included(b)) => a > b,
            (Bound::Included(a), Bound::Excluded(b))
            | (Bound::Excluded(a), Bound::Included(b))
            | (Bound::Excluded(a), Bound::Excluded(b)) => a >= b,
        }
    }

    /// True when `value` lies in the interval.
    pub fn contains(&self, value: T) -> bool {
        let above = match self.lo {
            Bound::Unbounded => true,
            Bound::Included(lo) => value >= lo,
            Bound::Excluded(lo) => value > lo,
        };
        let below = match self.hi {
            Bound::Unbounded => true,
            Bound::Included(hi) => value <= hi,
            Bound::Excluded(hi) => value < hi,
        };
        above && below
    }

    /// The values both intervals hold (possibly empty).
    pub fn intersection(&self, other: &Self) -> Self {
        let lo = if cmp_lower(&self.lo, &other.lo) == Ordering::Less { other.lo } else { self.lo };
        let hi = if cmp_upper(&self.hi, &other.hi) == Ordering::Greater { other.hi } else { self.hi };
        Interval { lo, hi }
    }

    /// True when at least one value lies in both intervals.
    pub fn intersects(&self, other: &Self) -> bool {
        !self.is_empty() && !other.is_empty() && !self.intersection(other).is_empty()
    }

    /// The smallest interval holding both.
    pub fn hull(&self, other: &Self) -> Self {
        if self.is_empty() {
            return *other;
        }
        if other.is_empty() {
            return *self;
        }
        let lo = if cmp_lower(&self.lo, &other.lo) == Ordering::Greater { other.lo } else { self.lo };
        let hi = if cmp_upper(&self.hi, &other.hi) == Ordering::Less { other.hi } else { self.hi };
        Interval { lo, hi }
    }

    /// True when every value of `self` is in `other`.
    pub fn is_subset_of(&self, other: &Self) -> bool {
        self.is_empty()
            || (cmp_lower(&self.lo, &other.lo) != Ordering::Less && cmp_upper(&self.hi, &other.hi) != Ordering::Greater)
    }

    /// True when every value of `self` is below every value of `other` (both non-empty).
    pub fn entirely_before(&self, other: &Self) -> bool {
        if self.is_empty() || other.is_empty() {
            return false;
        }
        match (&self.hi, &other.lo) {
            (Bound::Unbounded, _) | (_, Bound::Unbounded) => false,
            (Bound::Included(a), Bound::Included(b)) => a < b,
            (Bound::Included(a), Bound::Excluded(b))
            | (Bound::Excluded(a), Bound::Included(b))
            | (Bound::Excluded(a), Bound::Excluded(b)) => a <= b,
        }
    }
}

impl Interval<Decimal> {
    /// Widen both ends by `amount` (non-negative). Overflow makes an end unbounded.
    pub fn widen(&self, amount: Decimal) -> Self {
        let amount = amount.abs();
        Interval {
            lo: self.lo.map_or_unbounded(|v| v.checked_sub(amount)),
            hi: self.hi.map_or_unbounded(|v| v.checked_add(amount)),
        }
    }

    /// Widen the lower end by `below` and the upper end by `above` (both non-negative).
    pub fn widen_asymmetric(&self, below: Decimal, above: Decimal) -> Self {
        Interval {
            lo: self.lo.map_or_unbounded(|v| v.checked_sub(below.abs())),
            hi: self.hi.map_or_unbounded(|v| v.checked_add(above.abs())),
        }
    }

    /// Widen each finite end by `fraction` of its own magnitude (a relative tolerance).
    pub fn widen_relative(&self, fraction: Decimal) -> Self {
        let fraction = fraction.abs();
        Interval {
            lo: self.lo.map_or_unbounded(|v| v.checked_mul(fraction).and_then(|d| v.checked_sub(d.abs()))),
            hi: self.hi.map_or_unbounded(|v| v.checked_mul(fraction).and_then(|d| v.checked_add(d.abs()))),
        }
    }

    /// Interval sum: every `a + b` with `a` in `self` and `b` in `other`.
    pub fn add(&self, other: &Self) -> Self {
        fn add_bound(a: Bound<Decimal>, b: Bound<Decimal>) -> Bound<Decimal> {
            match (a, b) {
                (Bound::Unbounded, _) | (_, Bound::Unbounded) => Bound::Unbounded,
                (Bound::Included(x), Bound::Included(y)) => x.checked_add(y).map_or(Bound::Unbounded, Bound::Included),
                (Bound::Included(x) | Bound::Excluded(x), Bound::Included(y) | Bound::Excluded(y)) => {
                    x.checked_add(y).map_or(Bound::Unbounded, Bound::Excluded)
                }
            }
        }
        Interval { lo: add_bound(self.lo, other.lo), hi: add_bound(self.hi, other.hi) }
    }

    /// Multiply by a positive factor. A non-positive factor gives the point zero or a mirrored
    /// interval, as arithmetic demands.
    pub fn scale(&self, factor: Decimal) -> Self {
        let mul = |b: Bound<Decimal>| b.map_or_unbounded(|v| v.checked_mul(factor));
        if factor.is_sign_negative() && !factor.is_zero() {
            Interval { lo: mul(self.hi), hi: mul(self.lo) }
        } else {
            Interval { lo: mul(self.lo), hi: mul(self.hi) }
        }
    }

    /// Divide by a positive divisor (`None` when the divisor is not positive).
    pub fn divide(&self, divisor: Decimal) -> Option<Self> {
        if divisor <= Decimal::ZERO {
            return None;
        }
        let div = |b: Bound<Decimal>| b.map_or_unbounded(|v| v.checked_div(divisor));
        Some(Interval { lo: div(self.lo), hi: div(self.hi) })
    }

    /// Divide by every value of a positive interval divisor (`None` when it may reach zero).
    pub fn divide_by_interval(&self, divisor: &Self) -> Option<Self> {
        let (Some(dlo), Some(dhi)) = (divisor.lo.value(), divisor.hi.value()) else {
            return None;
        };
        if dlo <= Decimal::ZERO {
            return None;
        }
        // For a non-negative numerator the extremes are lo/dhi and hi/dlo; for a general one
        // take the hull of the four corner quotients.
        let corners = [self.lo, self.hi]
            .into_iter()
            .flat_map(|n| [dlo, dhi].map(move |d| (n, d)))
            .filter_map(|(n, d)| n.value().and_then(|v| v.checked_div(d)))
            .collect::<Vec<_>>();
        if corners.len() < 4 {
            // An unbounded end stays unbounded on its side.
            let lo = match self.lo {
                Bound::Unbounded => Bound::Unbounded,
                _ => corners.iter().min().copied().map_or(Bound::Unbounded, Bound::Included),
            };
            let hi = match self.hi {
                Bound::Unbounded => Bound::Unbounded,
                _ => corners.iter().max().copied().map_or(Bound::Unbounded, Bound::Included),
            };
            return Some(Interval { lo, hi });
        }
        let min = corners.iter().min().copied()?;
        let max = corners.iter().max().copied()?;
        Some(Interval::closed(min, max))
    }

    /// Round an interval of reals to the integers inside it (for counts).
    pub fn to_integers(&self) -> Self {
        let lo = match self.lo {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Included(v) => Bound::Included(v.ceil()),
            Bound::Excluded(v) => Bound::Included(if v.fract().is_zero() { v + Decimal::ONE } else { v.ceil() }),
        };
        let hi = match self.hi {
            Bound::Unbounded => Bound::Unbounded,
            Bound::Included(v) => Bound::Included(v.floor()),
            Bound::Excluded(v) => Bound::Included(if v.fract().is_zero() { v - Decimal::ONE } else { v.floor() }),
        };
        Interval { lo, hi }
    }

    /// The largest finite magnitude of the two ends (zero when both are unbounded).
    pub fn magnitude(&self) -> Decimal {
        let a = self.lo.value().map(|v| v.abs()).unwrap_or_default();
        let b = self.hi.value().map(|v| v.abs()).unwrap_or_default();
        a.max(b)
    }

    /// The midpoint of a bounded interval.
    pub fn midpoint(&self) -> Option<Decimal> {
        let (lo, hi) = (self.lo.value()?, self.hi.value()?);
        lo.checked_add(hi)?.checked_div(Decimal::TWO)
    }
}

impl<T: fmt::Display + Copy> fmt::Display for Interval<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.lo {
            Bound::Unbounded => write!(f, "(-∞")?,
            Bound::Included(v) => write!(f, "[{v}")?,
            Bound::Excluded(v) => write!(f, "({v}")?,
        }
        match self.hi {
            Bound::Unbounded => write!(f, ", ∞)"),
            Bound::Included(v) => write!(f, ", {v}]"),
            Bound::Excluded(v) => write!(f, ", {v})"),
        }
    }
}

/// What a written value can mean: a plausible core inside a generous outer reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Estimate {
    /// The values the words most plausibly mean (precision and hedge direction applied).
    pub core: Interval<Decimal>,
    /// The values still defensible at the edges of hedges and tolerances; always holds `core`.
    pub outer: Interval<Decimal>,
}

impl Estimate {
    /// An estimate whose core and outer reading coincide.
    pub fn exact(interval: Interval<Decimal>) -> Self {
        Estimate { core: interval, outer: interval }
    }

    /// Widen the outer reading by a relative tolerance (a property's "agree within 1%").
    pub fn with_relative_tolerance(&self, fraction: Decimal) -> Self {
        Estimate { core: self.core, outer: self.outer.widen_relative(fraction) }
    }

    /// Interval sum of two estimates (core with core, outer with outer).
    pub fn add(&self, other: &Self) -> Self {
        Estimate { core: self.core.add(&other.core), outer: self.outer.add(&other.outer) }
    }

    /// Restrict both readings to integers (counts).
    pub fn to_integers(&self) -> Self {
        Estimate { core: self.core.to_integers(), outer: self.outer.to_integers() }
    }
}

/// The three-valued result of comparing two estimates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Agreement {
    /// The plausible readings overlap: no reason for alarm.
    Consistent,
    /// Only the generous readings overlap: the values agree only at the edge of a hedge or
    /// tolerance.
    PossibleConflict,
    /// Not even the generous readings overlap: both cannot hold.
    Conflict,
}

/// Compare two estimates of the same quantity. Symmetric: `compare(a, b) == compare(b, a)`.
pub fn compare(a: &Estimate, b: &Estimate) -> Agreement {
    if !a.outer.intersects(&b.outer) {
        Agreement::Conflict
    } else if !a.core.intersects(&b.core) {
        Agreement::PossibleConflict
    } else {
        Agreement::Consistent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn touching_closed_intervals_intersect_but_half_open_ones_do_not() {
        let a = Interval::closed(d("1"), d("2"));
        let b = Interval::closed(d("2"), d("3"));
        assert!(a.intersects(&b));
        let c = Interval { lo: Bound::Excluded(d("2")), hi: Bound::Included(d("3")) };
        assert!(!a.intersects(&c));
        assert!(a.entirely_before(&c));
        assert!(!a.entirely_before(&b));
    }

    #[test]
    fn excluded_integer_bounds_round_inwards() {
        let over_500 = Interval::greater_than(d("500"));
        assert_eq!(over_500.to_integers().lo, Bound::Included(d("501")));
        let under_3 = Interval::less_than(d("3"));
        assert_eq!(under_3.to_integers().hi, Bound::Included(d("2")));
        let fractional = Interval::closed(d("2.5"), d("3.5")).to_integers();
        assert_eq!(fractional, Interval::closed(d("3"), d("3")));
    }

    #[test]
    fn overflow_widens_to_unbounded_instead_of_panicking() {
        let huge = Interval::point(Decimal::MAX);
        let widened = huge.widen(d("1"));
        assert_eq!(widened.hi, Bound::Unbounded);
        assert!(widened.contains(Decimal::MAX));
        let sum = huge.add(&huge);
        assert_eq!(sum.hi, Bound::Unbounded);
    }

    #[test]
    fn division_by_an_interval_takes_the_extreme_quotients() {
        let value = Interval::closed(d("3.55"), d("3.65"));
        let growth = Interval::closed(d("1.0225"), d("1.0235"));
        let base = value.divide_by_interval(&growth).unwrap();
        assert!(base.contains(d("3.5190")));
        assert!(!base.contains(d("3.6")));
    }

    #[test]
    fn three_valued_comparison() {
        let exact = |lo: &str, hi: &str| Estimate::exact(Interval::closed(d(lo), d(hi)));
        assert_eq!(compare(&exact("1", "2"), &exact("3", "4")), Agreement::Conflict);
        let hedged = Estimate { core: Interval::closed(d("5"), d("6")), outer: Interval::closed(d("4"), d("6")) };
        assert_eq!(compare(&hedged, &exact("3.5", "4.5")), Agreement::PossibleConflict);
        assert_eq!(compare(&hedged, &exact("5.5", "7")), Agreement::Consistent);
    }
}
