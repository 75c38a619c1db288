//! ## What it flags
//!
//! A stated count or ordinal that does not match the items listed for the same key: "seven
//! countries" followed by six names; "the fifth visit" when the earlier visits listed are three, or
//! five. A count is compared with a list of the same date; an ordinal — "this is the Nth event" —
//! with the items of any list that are dated before the event.
//!
//! A list names every item there is unless the claim says `exhaustive = false`; then the count
//! may exceed the items but not fall short of them.
//!
//! ## Why it matters
//!
//! Journalists count and list in the same sentence, and the two drift apart in editing. The
//! mismatch is visible to any careful reader, and it undermines the rest of the article.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]
//! id = "fifth-visit"
//! subject = "marsh"
//! property = "visits"
//! qualifiers = { destination = "arcadia" }
//! value = "the fifth"
//! at = "2024-06-19"
//!
//! [[claim]]
//! id = "previous-visits"
//! subject = "marsh"
//! property = "visits"
//! qualifiers = { destination = "arcadia" }
//! value = ["2001", "2006", "2013"]        # only three earlier visits
//! as_of = "2024-06-18"
//! ```
//!
//! reports `count-mismatch`: the fifth visit needs four earlier visits, the list names three.
//!
//! ## Parameters
//!
//! - `properties`: the properties to check (default: every list property).

use crate::finding::{Code, Finding, Label, LabelRole};
use crate::model::claim::Claim;
use crate::model::ids::ClaimId;
use crate::model::interval::{Agreement, Estimate, Interval, compare};
use crate::model::value::{Value, ValueType};
use crate::model::vocab::Property;
use crate::rules::conflicting_value::tolerance_for;
use crate::rules::describe::{claim_labels, derivation_notes, key_text, related, source_text, time_text, value_text};
use crate::rules::{Level, Role, Rule, RuleKind};
use crate::store::Store;
use rust_decimal::Decimal;

/// The `count-mismatch` kind.
pub struct CountMismatch;

impl RuleKind for CountMismatch {
    fn name(&self) -> &'static str {
        "count-mismatch"
    }

    fn source(&self) -> &'static str {
        include_str!("count_mismatch.rs")
    }

    fn role(&self) -> Role {
        Role::Check
    }

    fn applies_to(&self, property: &Property) -> bool {
        matches!(property.value_type, ValueType::List(_))
    }

    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let mut findings = Vec::new();
        for &property in &rule.properties {
            for &key in store.keys_of_property(property) {
                let claims = store.claims_of_key(key);
                let lists: Vec<ClaimId> = claims
                    .iter()
                    .copied()
                    .filter(|c| {
                        matches!(store.claim(*c).value, Value::List { .. }) && store.claim(*c).modality.is_factual()
                    })
                    .collect();
                // Counts compare with the lists of the same days only: index the lists by their
                // days, so a key's counts and lists cost their number (plus the pairs that match),
                // not their product.
                let mut lists_by_days: std::collections::HashMap<(i32, i32), Vec<ClaimId>> =
                    std::collections::HashMap::new();
                for &list in &lists {
                    let date = store.claim(list).time.date;
                    lists_by_days.entry((date.first.0, date.last.0)).or_default().push(list);
                }
                let mut found: Vec<(usize, usize, Finding)> = Vec::new();
                let list_index: std::collections::HashMap<ClaimId, usize> =
                    lists.iter().enumerate().map(|(i, c)| (*c, i)).collect();
                for (other_index, &other) in claims.iter().enumerate() {
                    if !store.claim(other).modality.is_factual() {
                        continue;
                    }
                    let candidates: &[ClaimId] = match &store.claim(other).value {
                        Value::List { .. } => continue,
                        // "The Nth" is compared with every list of the key.
                        Value::Ordinal(_) => &lists,
                        _ => {
                            let date = store.claim(other).time.date;
                            lists_by_days.get(&(date.first.0, date.last.0)).map_or(&[], Vec::as_slice)
                        }
                    };
                    for &list in candidates {
                        if other == list || related(store, list, other) {
                            continue;
                        }
                        let finding = match &store.claim(other).value {
                            Value::Ordinal(_) => ordinal_against_list(rule, store, other, list),
                            _ => count_against_list(rule, store, other, list),
                        };
                        found.extend(finding.map(|f| (list_index[&list], other_index, f)));
                    }
                }
                // The order the pairs were always reported in: by list, then by claim.
                found.sort_by_key(|(list, other, _)| (*list, *other));
                findings.extend(found.into_iter().map(|(_, _, f)| f));
            }
        }
        findings
    }
}

fn list_parts(claim: &Claim) -> (&[Value], &[crate::source::Span], bool) {
    match &claim.value {
        Value::List { items, spans, exhaustive } => (items, spans, *exhaustive),
        _ => (&[], &[], false),
    }
}

/// A count as of the list's own date.
fn count_against_list(rule: &Rule, store: &Store, count: ClaimId, list: ClaimId) -> Option<Finding> {
    let (cc, cl) = (store.claim(count), store.claim(list));
    if !cc.time.date.same_days(&cl.time.date) {
        return None; // at different dates the total may have changed: running-total-decreases
    }
    let estimate =
        cc.value.estimate(&store.units, &tolerance_for(store.property(cc.property)), &ValueType::Count)?.to_integers();
    let (items, _, exhaustive) = list_parts(cl);
    let n = Decimal::from(items.len());
    let listed = if exhaustive { Estimate::exact(Interval::point(n)) } else { Estimate::exact(Interval::at_least(n)) };
    let level = match compare(&estimate, &listed) {
        Agreement::Consistent => return None,
        Agreement::PossibleConflict => Level::Possible,
        Agreement::Conflict => Level::Definite,
    };
    let message = format!(
        "{}: {} says {} {}, but {} {} listed",
        key_text(store, cc),
        source_text(store, cc),
        value_text(store, cc),
        time_text(cc),
        items.len(),
        if items.len() == 1 { "item is" } else { "items are" }
    );
    let mut f = Finding::new(Code::CountMismatch, rule.severity_for(level), message, cc.value_span, "");
    f.labels.clear();
    f.labels.extend(claim_labels(store, count, LabelRole::Primary, format!("{} here", value_text(store, cc))));
    f.labels.push(Label::secondary(
        cl.value_span,
        format!("{} {} listed here", items.len(), if items.len() == 1 { "item" } else { "items" }),
    ));
    if cl.quote.article_span != cc.quote.article_span
        && let Some(quote) = cl.quote.article_span
    {
        f.labels.push(Label::evidence(quote, format!("{} lists them here", source_text(store, cl))));
    }
    f.claims = vec![count, list];
    if !exhaustive {
        f.notes.push("the list is marked `exhaustive = false`: the count may exceed it, not fall short of it".into());
    }
    f.notes.extend(derivation_notes(store, count));
    f.help = Some("check the count against the items: one of them was edited without the other, or the list is incomplete (then mark it `exhaustive = false`)".into());
    Some(f)
}

/// "The Nth event" against a list of the events: N − 1 of them are before it.
fn ordinal_against_list(rule: &Rule, store: &Store, ordinal: ClaimId, list: ClaimId) -> Option<Finding> {
    let (co, cl) = (store.claim(ordinal), store.claim(list));
    let Value::Ordinal(n) = &co.value else { return None };
    let event = co.time.date;
    let (items, spans, exhaustive) = list_parts(cl);
    let dates: Vec<_> = items
        .iter()
        .filter_map(|i| match i {
            Value::Date(d) => Some(d.date),
            _ => None,
        })
        .collect();
    if dates.len() != items.len() {
        return None; // a list of undated items says nothing about order
    }
    let surely_before = dates.iter().filter(|d| d.last < event.first).count();
    let maybe_before = dates.iter().filter(|d| d.first < event.last).count();
    let earlier = n.value - Decimal::ONE;
    // The list covers the time up to the event only if it is exhaustive and dated no earlier than
    // the day before the event.
    let covers_event = exhaustive && cl.time.date.last.0 + 1 >= event.first.0;
    let too_few_listed = covers_event && earlier > Decimal::from(maybe_before);
    let too_many_listed = earlier < Decimal::from(surely_before);
    if !too_few_listed && !too_many_listed {
        return None;
    }
    let message = format!(
        "{}: {} calls the event {} {}, which needs {} earlier, but the list in {} has {} dated before it",
        key_text(store, co),
        source_text(store, co),
        format_args!("\"the {}\"", crate::model::value::ordinal_suffix(n.value)),
        time_text(co),
        earlier.normalize(),
        source_text(store, cl),
        if too_many_listed { surely_before } else { maybe_before },
    );
    let mut f = Finding::new(Code::CountMismatch, rule.severity_for(Level::Definite), message, co.value_span, "");
    f.labels.clear();
    f.labels.extend(claim_labels(
        store,
        ordinal,
        LabelRole::Primary,
        format!("the {} here", crate::model::value::ordinal_suffix(n.value)),
    ));
    let listed_span = spans.first().map_or(cl.value_span, |first| crate::source::Span {
        file: first.file,
        start: first.start,
        end: spans.last().map_or(first.end, |l| l.end),
    });
    f.labels.push(Label::secondary(
        listed_span,
        format!("{} earlier {} listed here", dates.len(), if dates.len() == 1 { "item" } else { "items" }),
    ));
    if let Some(quote) = cl.quote.article_span {
        f.labels.push(Label::evidence(quote, format!("{} says this", source_text(store, cl))));
    }
    f.claims = vec![ordinal, list];
    f.help = Some("an Nth event has N − 1 events before it: check the ordinal and the list".into());
    Some(f)
}
