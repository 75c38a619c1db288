//! Why two sources may disagree (DESIGN.md, semantics 9). Most real-world conflicts are not lies
//! but different statistics, definitions, dates, rounding or slips of the pen; when the claims
//! themselves say enough to tell, a conflict names the likely cause.

use crate::model::claim::{Claim, Modality, QualifierValue};
use crate::model::interval::Estimate;
use crate::model::number::{NumberForm, WrittenNumber};
use crate::model::value::Value;
use crate::store::Store;
use rust_decimal::Decimal;

/// The likely cause of a disagreement between two claims of one key, if one can be told.
pub fn explain(store: &Store, a: &Claim, b: &Claim, ea: &Estimate, eb: &Estimate) -> Option<String> {
    if let Some(cause) = transposed_digits(a, b) {
        return Some(cause);
    }
    if let Some(cause) = scale_slip(ea, eb) {
        return Some(cause);
    }
    if let (Some(x), Some(y)) = (&a.according_to, &b.according_to)
        && !x.eq_ignore_ascii_case(y)
    {
        return Some(format!("different statistical agencies: {x} and {y} measure it differently"));
    }
    if let Some(cause) = mirror_statistics(store, a, b) {
        return Some(cause);
    }
    if a.modality == Modality::Estimate || b.modality == Modality::Estimate {
        return Some("one of the figures is an estimate, and estimates are revised".into());
    }
    let temporal = store.property(a.property).temporal;
    let changes_over_time =
        matches!(temporal, crate::model::vocab::Temporal::State | crate::model::vocab::Temporal::RunningTotal);
    if changes_over_time && !a.time.date.same_days(&b.time.date) {
        return Some(format!(
            "different dates: one is as of {}, the other as of {}; the value may have changed in between",
            a.time.date, b.time.date
        ));
    }
    if a.value.is_number() && b.value.is_number() && close_to_rounding(ea, eb) {
        return Some("rounding: the figures differ by less than their written precision (one may be truncated rather than rounded)".into());
    }
    None
}

/// The digits of the written numbers of a claim, without scale, sign or separators.
fn written_digits(claim: &Claim) -> Option<String> {
    let number: &WrittenNumber = match &claim.value {
        Value::Number(m) if m.amount.high.is_none() => &m.amount.low,
        _ => return None,
    };
    if number.form != NumberForm::Digits {
        return None;
    }
    Some(number.value.abs().to_string().chars().filter(char::is_ascii_digit).collect())
}

/// "4.58" and "4.85": the same digits in another order.
fn transposed_digits(a: &Claim, b: &Claim) -> Option<String> {
    let (da, db) = (written_digits(a)?, written_digits(b)?);
    if da == db || da.len() != db.len() || da.len() < 2 {
        return None;
    }
    let mut sa: Vec<char> = da.chars().collect();
    let mut sb: Vec<char> = db.chars().collect();
    let differing = sa.iter().zip(&sb).filter(|(x, y)| x != y).count();
    sa.sort_unstable();
    sb.sort_unstable();
    (sa == sb && differing == 2)
        .then(|| "transposed digits: the two values have the same digits in a different order".to_string())
}

/// One value about a thousand (or a million) times the other: million written for billion.
fn scale_slip(ea: &Estimate, eb: &Estimate) -> Option<String> {
    let (ma, mb) = (ea.core.midpoint()?, eb.core.midpoint()?);
    if ma <= Decimal::ZERO || mb <= Decimal::ZERO {
        return None;
    }
    let ratio = if ma > mb { ma / mb } else { mb / ma };
    for (factor, words) in [(1_000_000_000u64, "a billion"), (1_000_000, "a million"), (1_000, "a thousand")] {
        let f = Decimal::from(factor);
        let deviation = ((ratio - f) / f).abs();
        if deviation < Decimal::new(5, 2) {
            return Some(format!(
                "a scale slip: one value is about {words} times the other (thousand, million and billion confused)"
            ));
        }
    }
    None
}

/// Two sources based in the two countries a bilateral figure is about: each country's national
/// statistics (customs data) measure the same trade differently.
fn mirror_statistics(store: &Store, a: &Claim, b: &Claim) -> Option<String> {
    let property = store.property(a.property);
    // Statistics measure amounts: a date (when relations began) is not a customs figure.
    if !matches!(
        property.value_type,
        crate::model::value::ValueType::Quantity { .. }
            | crate::model::value::ValueType::Count
            | crate::model::value::ValueType::Percent
    ) {
        return None;
    }
    let symmetric = property.symmetric.as_ref()?;
    let partner = a.qualifiers.iter().find_map(|(name, value)| match value {
        QualifierValue::Entity(e) if name == symmetric => Some(store.entities.canonical(*e)),
        _ => None,
    })?;
    let subject = store.entities.canonical(a.subject);
    let (ca, cb) = (store.source(a.source).country?, store.source(b.source).country?);
    let (ca, cb) = (store.entities.canonical(ca), store.entities.canonical(cb));
    let parties = [subject, partner];
    if ca != cb && parties.contains(&ca) && parties.contains(&cb) {
        return Some(format!(
            "different national statistics: one source is from {}, the other from {}; each country's customs records the same trade differently (mirror-statistics asymmetry: timing, valuation, re-exports)",
            store.entities.name(ca),
            store.entities.name(cb)
        ));
    }
    None
}

/// The gap between the two readings is within half the coarser one's width: the figures would
/// agree had one been truncated ("4.86" written "4.8") rather than rounded. 10 and 12 billion are
/// not a rounding matter: each end would have to move by a whole unit.
fn close_to_rounding(ea: &Estimate, eb: &Estimate) -> bool {
    let (Some(a_lo), Some(a_hi), Some(b_lo), Some(b_hi)) =
        (ea.core.lo.value(), ea.core.hi.value(), eb.core.lo.value(), eb.core.hi.value())
    else {
        return false;
    };
    let gap = if a_hi < b_lo {
        b_lo - a_hi
    } else if b_hi < a_lo {
        a_lo - b_hi
    } else {
        return true;
    };
    let width = (a_hi - a_lo).max(b_hi - b_lo);
    gap * Decimal::TWO <= width
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::interval::Interval;

    fn written(low: &str, high: &str) -> Estimate {
        Estimate::exact(Interval::closed(low.parse().unwrap(), high.parse().unwrap()))
    }

    #[test]
    fn a_truncated_figure_is_a_rounding_matter() {
        // "4.8" against "4.86": 4.86 truncated reads 4.8.
        assert!(close_to_rounding(&written("4.75", "4.85"), &written("4.855", "4.865")));
    }

    #[test]
    fn whole_units_apart_is_not_rounding() {
        // "10 billion" against "12 billion".
        assert!(!close_to_rounding(&written("9.5", "10.5"), &written("11.5", "12.5")));
    }
}
