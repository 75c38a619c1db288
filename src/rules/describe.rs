//! Words and labels for findings: how rule kinds name claims, values, times and keys, and attach
//! the labels a fact-checker needs (the value in the claim file, the quote in the article, the
//! derivation chain). Shared so that every kind speaks the same way.

use crate::finding::{Label, LabelRole};
use crate::model::claim::{Claim, Provenance, QualifierValue, TimeKind};
use crate::model::ids::ClaimId;
use crate::store::Store;

/// The value as a fact-checker reads it: "4.85 billion USD", "March 1, 2001", "at least 4".
pub fn value_text(store: &Store, claim: &Claim) -> String {
    let name = |e| store.entities.name(e).to_string();
    claim.value.display(&store.units, &name).to_string()
}

/// When the claim is about: "in 2020", "as of April 2021", "on March 1, 2001".
pub fn time_text(claim: &Claim) -> String {
    let date = claim.time.date;
    if matches!(date.precision, crate::model::date::DatePrecision::Until | crate::model::date::DatePrecision::From) {
        return date.to_string(); // "by 2021", "since 2001"
    }
    match claim.time.kind {
        TimeKind::Period => format!("in {date}"),
        TimeKind::AsOf => format!("as of {date}"),
        TimeKind::At => match date.precision {
            crate::model::date::DatePrecision::Day => format!("on {date}"),
            _ => format!("in {date}"),
        },
        TimeKind::Published => format!("as of {date} (publication)"),
    }
}

/// `time_text` with a leading space, or nothing for a static property (a founding date has no
/// time of its own worth repeating).
pub fn when_text(store: &Store, claim: &Claim) -> String {
    if store.property(claim.property).temporal == crate::model::vocab::Temporal::Static {
        String::new()
    } else {
        format!(" {}", time_text(claim))
    }
}

/// "ledger-2021-11" — the source of a claim; for derived claims, the source they start from.
pub fn source_text(store: &Store, claim: &Claim) -> String {
    store.source(claim.source).id.clone()
}

/// "source/claim".
pub fn identity(store: &Store, id: ClaimId) -> String {
    store.claim_identity(id)
}

/// The key a claim is about: "two-way trade (Arcadia–Borduria)" for a symmetric relation,
/// "visits (Chancellor Marsh; destination: Arcadia)" otherwise.
pub fn key_text(store: &Store, claim: &Claim) -> String {
    let key = store.key_of(claim);
    let property = store.property(claim.property);
    let subject = store.entities.name(key.subject);
    let symmetric = property.symmetric.as_deref();
    let mut parts = Vec::new();
    let mut head = subject.to_string();
    for (name, value) in &key.qualifiers {
        match value {
            QualifierValue::Entity(e) if Some(name.as_str()) == symmetric => {
                head = format!("{subject}–{}", store.entities.name(*e));
            }
            QualifierValue::Entity(e) => parts.push(format!("{name}: {}", store.entities.name(*e))),
            QualifierValue::Text(t) => parts.push(format!("{name}: {t}")),
        }
    }
    if parts.is_empty() {
        format!("{} ({head})", property.name)
    } else {
        format!("{} ({head}; {})", property.name, parts.join(", "))
    }
}

/// "4.85 billion USD in 2020 (ledger-2021-11)".
pub fn claim_text(store: &Store, claim: &Claim) -> String {
    let modality = if claim.modality.is_factual() && claim.modality != crate::model::claim::Modality::Estimate {
        String::new()
    } else {
        format!(", {}", claim.modality.as_str())
    };
    // A static value (a founding date) has no time of its own worth repeating.
    if store.property(claim.property).temporal == crate::model::vocab::Temporal::Static {
        return format!("{} ({}{modality})", value_text(store, claim), source_text(store, claim));
    }
    format!("{} {} ({}{modality})", value_text(store, claim), time_text(claim), source_text(store, claim))
}

/// Labels for one claim: its value in the claim file (primary or secondary) and its quote in the
/// archived article.
pub fn claim_labels(store: &Store, id: ClaimId, role: LabelRole, message: String) -> Vec<Label> {
    let claim = store.claim(id);
    let mut labels = vec![Label { span: claim.value_span, message, role }];
    if let Some(quote) = claim.quote.article_span {
        labels.push(Label::evidence(quote, format!("{} says this", source_text(store, claim))));
    }
    labels
}

/// The derivation chain behind a claim, one line per step, outermost first: empty for stated
/// claims.
pub fn derivation_notes(store: &Store, id: ClaimId) -> Vec<String> {
    let mut notes = Vec::new();
    let mut stack = vec![(id, 0usize)];
    while let Some((current, depth)) = stack.pop() {
        let claim = store.claim(current);
        if let Provenance::Derived(derivation) = &claim.provenance {
            let inputs: Vec<String> = derivation.from.iter().map(|f| format!("`{}`", identity(store, *f))).collect();
            notes.push(format!(
                "{}`{}` is derived from {}: {}",
                "  ".repeat(depth),
                identity(store, current),
                inputs.join(", "),
                derivation.step
            ));
            if depth < 8 {
                stack.extend(derivation.from.iter().rev().map(|f| (*f, depth + 1)));
            }
        }
    }
    notes
}

/// The stated claims a claim rests on: itself if stated, its inputs' roots if derived.
pub fn roots(store: &Store, id: ClaimId) -> Vec<ClaimId> {
    let mut out = Vec::new();
    let mut stack = vec![id];
    let mut steps = 0;
    while let Some(current) = stack.pop() {
        steps += 1;
        if steps > 64 {
            break;
        }
        match &store.claim(current).provenance {
            Provenance::Stated => {
                if !out.contains(&current) {
                    out.push(current);
                }
            }
            Provenance::Derived(d) => stack.extend(d.from.iter().copied()),
        }
    }
    out
}

/// True when one claim is derived (directly or not) from the other, or both from one claim:
/// such pairs are not independent evidence and are never compared.
pub fn related(store: &Store, a: ClaimId, b: ClaimId) -> bool {
    if !store.claim(a).is_derived() && !store.claim(b).is_derived() {
        return a == b; // two stated claims are independent unless they are one
    }
    let (ra, rb) = (roots(store, a), roots(store, b));
    ra.iter().any(|r| rb.contains(r))
}
