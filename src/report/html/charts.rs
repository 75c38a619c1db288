//! The evidence page's drawings: intervals on one shared axis as inline SVG. Each bar is a claim's
//! reading — a light outer reading (the edges of hedges and tolerances) around a dark core — so
//! two values that cannot both hold are two bars that do not overlap; the timeline draws each
//! claim's time scope on the same kind of axis, with its source's publication date as a dot.
//!
//! Everything here is arithmetic on numbers the model computed; the only text drawn is escaped by
//! maud like the rest of the page.

use crate::model::date::Day;
use crate::model::interval::{Bound, Interval};
use crate::model::number::format_scaled;
use maud::{Markup, html};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};

/// One row of a chart.
pub struct Bar {
    /// The row's label (a claim's identity; shortened when drawn).
    pub label: String,
    /// The plausible reading (drawn dark).
    pub core: Interval<Decimal>,
    /// The generous reading around it (drawn light).
    pub outer: Interval<Decimal>,
    /// A point to mark on the row (the source's publication day on the timeline).
    pub marker: Option<Decimal>,
    /// The CSS class that colours the row (`c0` for the primary claim, `c1`, ...).
    pub class: String,
}

/// How the axis labels its values.
pub enum Axis {
    /// Amounts in base units, shown divided by `factor` with `suffix` ("%", " billion USD").
    Number {
        /// The display unit's size in base units.
        factor: Decimal,
        /// Written after each number.
        suffix: String,
    },
    /// Day numbers, shown as dates.
    Date,
}

impl Axis {
    /// A value of the axis in words.
    pub fn text(&self, value: Decimal) -> String {
        match self {
            Axis::Number { factor, suffix } => {
                let shown = if factor.is_zero() { value } else { value.checked_div(*factor).unwrap_or(value) };
                format!("{}{suffix}", format_scaled(shown))
            }
            Axis::Date => {
                i32::try_from(value.floor().to_i64().unwrap_or(0)).map_or_else(|_| "?".into(), |d| Day(d).to_string())
            }
        }
    }

    /// An interval of the axis in words: "4.8–4.9 billion USD", "at least 4", "any value".
    pub fn interval_text(&self, interval: &Interval<Decimal>) -> String {
        match (interval.lo.value(), interval.hi.value()) {
            (Some(lo), Some(hi)) if lo == hi => self.text(lo),
            (Some(lo), Some(hi)) => format!("{} to {}", self.text(lo), self.text(hi)),
            (Some(lo), None) => format!("from {}", self.text(lo)),
            (None, Some(hi)) => format!("up to {}", self.text(hi)),
            (None, None) => "any value".into(),
        }
    }
}

const WIDTH: f64 = 720.0;
const PLOT_LEFT: f64 = 215.0;
const PLOT_RIGHT: f64 = 700.0;
const ROW: f64 = 26.0;
const TOP: f64 = 8.0;

/// The range of finite values the bars mention, padded; `None` when nothing is finite.
fn domain(bars: &[Bar]) -> Option<(f64, f64)> {
    let values: Vec<f64> = bars
        .iter()
        .flat_map(|b| [b.core.lo, b.core.hi, b.outer.lo, b.outer.hi])
        .filter_map(|bound| bound.value())
        .chain(bars.iter().filter_map(|b| b.marker))
        .filter_map(|v| v.to_f64())
        .filter(|v| v.is_finite())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let span = if hi > lo { hi - lo } else { (lo.abs() * 0.1).max(1.0) };
    Some((lo - span * 0.1, hi + span * 0.1))
}

/// A step of 1, 2 or 5 times a power of ten giving about `count` ticks over `span`.
fn nice_step(span: f64, count: f64) -> f64 {
    let raw = span / count;
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction < 1.5 {
        1.0
    } else if fraction < 3.5 {
        2.0
    } else if fraction < 7.5 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The ticks of the axis: round values for numbers, whole years (or months, days) for dates.
fn ticks(axis: &Axis, lo: f64, hi: f64) -> Vec<Decimal> {
    let span = hi - lo;
    if let Axis::Date = axis
        && span > 3.0 * 366.0
    {
        let first = Day(lo.ceil() as i32).year();
        let last = Day(hi.floor() as i32).year();
        let step = nice_step(f64::from(last - first).max(1.0), 5.0).max(1.0) as i32;
        let start = first + (step - first.rem_euclid(step)) % step;
        return (0..)
            .map(|i| start + i * step)
            .take_while(|y| *y <= last)
            .take(12)
            .filter_map(|y| Day::from_ymd(y, 1, 1))
            .filter(|d| f64::from(d.0) >= lo)
            .map(|d| d.as_decimal())
            .collect();
    }
    let step = nice_step(span, 4.0);
    if step <= 0.0 || !step.is_finite() {
        return Vec::new();
    }
    let decimals = u32::try_from((-step.log10().floor()).max(0.0) as i64).unwrap_or(0).min(12);
    let mut out = Vec::new();
    let mut value = (lo / step).ceil() * step;
    while value <= hi && out.len() < 12 {
        if let Some(d) = Decimal::from_f64(value) {
            out.push(d.round_dp(decimals));
        }
        value += step;
    }
    out
}

/// A row label of at most `max` characters: a long `source/claim` keeps the claim's id whole (up
/// to half the room) and shortens the source.
fn shorten(label: &str, max: usize) -> String {
    let cut = |text: &str, room: usize| -> String {
        if text.chars().count() <= room {
            text.to_string()
        } else {
            text.chars().take(room.saturating_sub(1)).chain(std::iter::once('…')).collect()
        }
    };
    if label.chars().count() <= max {
        return label.to_string();
    }
    match label.split_once('/') {
        Some((source, claim)) => {
            let claim = cut(claim, max / 2);
            let room = max.saturating_sub(claim.chars().count() + 1);
            format!("{}/{claim}", cut(source, room))
        }
        None => cut(label, max),
    }
}

/// The x coordinates of an interval's ends, and whether each end is open (drawn as an arrow).
fn ends(interval: &Interval<Decimal>, x: &dyn Fn(f64) -> f64) -> Option<(f64, f64, bool, bool)> {
    let end = |bound: Bound<Decimal>, edge: f64| match bound.value().and_then(|v| v.to_f64()) {
        Some(v) => (x(v), false),
        None => (edge, true),
    };
    if interval.is_empty() {
        return None;
    }
    let (left, open_left) = end(interval.lo, PLOT_LEFT);
    let (right, open_right) = end(interval.hi, PLOT_RIGHT);
    Some((left, right.max(left), open_left, open_right))
}

/// Draw the bars on one axis; `None` when there is nothing finite to draw.
pub fn chart(caption: &str, bars: &[Bar], axis: &Axis) -> Option<Markup> {
    let (lo, hi) = domain(bars)?;
    let x = |v: f64| PLOT_LEFT + (v - lo) / (hi - lo) * (PLOT_RIGHT - PLOT_LEFT);
    let axis_y = TOP + ROW * bars.len() as f64 + 4.0;
    let height = axis_y + 24.0;
    let f = |v: f64| format!("{v:.1}");
    Some(html! {
        figure.chart {
            svg viewBox=(format!("0 0 {WIDTH} {}", f(height))) role="img" aria-label=(caption) {
                @for (row, bar) in bars.iter().enumerate() {
                    @let y = TOP + ROW * row as f64;
                    g class=(bar.class) {
                        title { (bar.label) ": " (axis.interval_text(&bar.outer)) }
                        text.label x=(f(PLOT_LEFT - 8.0)) y=(f(y + 14.0)) text-anchor="end" { (shorten(&bar.label, 32)) }
                        line.row x1=(f(PLOT_LEFT)) x2=(f(PLOT_RIGHT)) y1=(f(y + 10.0)) y2=(f(y + 10.0)) {}
                        @if let Some((left, right, open_left, open_right)) = ends(&bar.outer, &x) {
                            rect.outer x=(f(left)) y=(f(y + 3.0)) width=(f((right - left).max(3.0))) height="14" {}
                            @if open_left {
                                polygon.open points=(format!("{},{} {},{} {},{}", f(left), f(y + 10.0), f(left + 7.0), f(y + 3.0), f(left + 7.0), f(y + 17.0))) {}
                            }
                            @if open_right {
                                polygon.open points=(format!("{},{} {},{} {},{}", f(right), f(y + 10.0), f(right - 7.0), f(y + 3.0), f(right - 7.0), f(y + 17.0))) {}
                            }
                        }
                        @if let Some((left, right, _, _)) = ends(&bar.core, &x) {
                            rect.core x=(f(left)) y=(f(y + 6.0)) width=(f((right - left).max(3.0))) height="8" {}
                        }
                        @if let Some(marker) = bar.marker.and_then(|m| m.to_f64()) {
                            circle.marker cx=(f(x(marker))) cy=(f(y + 10.0)) r="4" {}
                        }
                    }
                }
                @if let Axis::Number { suffix, .. } = axis {
                    text.unit x=(f(PLOT_RIGHT)) y=(f(axis_y - 4.0)) text-anchor="end" { (suffix.trim()) }
                }
                line.axis x1=(f(PLOT_LEFT)) x2=(f(PLOT_RIGHT)) y1=(f(axis_y)) y2=(f(axis_y)) {}
                @for tick in ticks(axis, lo, hi) {
                    @if let Some(v) = tick.to_f64() {
                        line.tick x1=(f(x(v))) x2=(f(x(v))) y1=(f(axis_y)) y2=(f(axis_y + 4.0)) {}
                        text.tick x=(f(x(v))) y=(f(axis_y + 16.0)) text-anchor="middle" { (tick_text(axis, tick, hi - lo)) }
                    }
                }
            }
            figcaption { (caption) }
        }
    })
}

/// A tick label: a year alone on a long date axis.
fn tick_text(axis: &Axis, tick: Decimal, span: f64) -> String {
    match axis {
        Axis::Date if span > 3.0 * 366.0 => {
            tick.to_i64().and_then(|d| i32::try_from(d).ok()).map_or_else(String::new, |d| Day(d).year().to_string())
        }
        Axis::Date => axis.text(tick),
        Axis::Number { factor, .. } => {
            format_scaled(if factor.is_zero() { tick } else { tick.checked_div(*factor).unwrap_or(tick) })
        }
    }
}

/// What the bars' outer readings say about each other: "the readings do not overlap".
pub fn overlap_text(bars: &[Bar]) -> Option<String> {
    if bars.len() < 2 {
        return None;
    }
    let pairs: Vec<bool> = (0..bars.len())
        .flat_map(|i| (i + 1..bars.len()).map(move |j| (i, j)))
        .map(|(i, j)| bars[i].outer.intersects(&bars[j].outer))
        .collect();
    let overlapping = pairs.iter().filter(|o| **o).count();
    Some(match (bars.len(), overlapping) {
        (2, 0) => "the two readings do not overlap: both cannot hold".into(),
        (2, _) => "the two readings overlap".into(),
        (_, 0) => "no two readings overlap".into(),
        (_, n) => format!("{n} of {} pairs of readings overlap", pairs.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_inside_the_domain() {
        let axis = Axis::Number { factor: Decimal::ONE, suffix: String::new() };
        let t = ticks(&axis, 4.3e9, 6.1e9);
        assert!(!t.is_empty());
        assert!(t.iter().all(|v| v.to_f64().unwrap() >= 4.3e9 && v.to_f64().unwrap() <= 6.1e9));
        assert_eq!(axis.text(t[0]), "4.5 billion");
        assert_eq!(shorten("neo-2021-12-cooperation-strengthens/trade-2020", 32), "neo-2021-12-cooperat…/trade-2020");
    }

    #[test]
    fn disjoint_readings_are_said_not_to_overlap() {
        let bar = |lo: i64, hi: i64| Bar {
            label: "x".into(),
            core: Interval::closed(Decimal::from(lo), Decimal::from(hi)),
            outer: Interval::closed(Decimal::from(lo), Decimal::from(hi)),
            marker: None,
            class: "c0".into(),
        };
        assert_eq!(overlap_text(&[bar(1, 2), bar(3, 4)]).unwrap(), "the two readings do not overlap: both cannot hold");
        assert_eq!(overlap_text(&[bar(1, 3), bar(2, 4)]).unwrap(), "the two readings overlap");
        assert!(chart("values", &[bar(1, 2), bar(3, 4)], &Axis::Date).is_some());
    }
}
