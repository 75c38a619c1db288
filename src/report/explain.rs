//! `claimcheck explain`: the whole chain of reasoning behind a finding or a claim — the rule and
//! what it checks, each claim involved with its source, value, time, modality and quote, and for
//! derived claims every derivation step down to the stated claims and their quotes. A finding
//! with a review in reviews.toml shows it too: where the entry is, the verdict, who and when, the
//! correct claim, the reason, the evidence, and whether it is outdated.

use crate::check::Checked;
use crate::finding::Finding;
use crate::model::claim::Provenance;
use crate::model::ids::ClaimId;
use crate::model::review::ReviewStatus;
use crate::report::human::{self, HumanOptions};
use crate::rules::describe::{value_text, when_text};
use crate::suggest::did_you_mean;
use std::fmt::Write;

/// What an explain target resolved to.
pub enum Target<'a> {
    /// A finding, by fingerprint.
    Finding(&'a Finding),
    /// A claim, by `source/claim` or a unique claim id.
    Claim(ClaimId),
}

/// Resolve a fingerprint (or a unique prefix of at least 4 characters) or a claim identity.
pub fn resolve<'a>(checked: &'a Checked, target: &str) -> Result<Target<'a>, String> {
    let target = target.trim();
    let by_fingerprint: Vec<&Finding> = if target.len() >= 4 && target.chars().all(|c| c.is_ascii_hexdigit()) {
        checked.findings.iter().filter(|f| f.fingerprint.starts_with(&target.to_lowercase())).collect()
    } else {
        Vec::new()
    };
    match by_fingerprint.as_slice() {
        [one] => return Ok(Target::Finding(one)),
        [] => {}
        many => {
            return Err(format!(
                "`{target}` is the start of {} fingerprints ({}); give more characters",
                many.len(),
                many.iter().map(|f| f.fingerprint.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    let store = &checked.project.store;
    let identities: Vec<(ClaimId, String)> = store.claims().map(|(id, _)| (id, store.claim_identity(id))).collect();
    if let Some((id, _)) = identities.iter().find(|(_, identity)| identity == target) {
        return Ok(Target::Claim(*id));
    }
    let by_claim_id: Vec<ClaimId> = store.claims().filter(|(_, c)| c.id == target).map(|(id, _)| id).collect();
    match by_claim_id.as_slice() {
        [one] => return Ok(Target::Claim(*one)),
        [] => {}
        many => {
            let names: Vec<String> = many.iter().map(|id| store.claim_identity(*id)).collect();
            return Err(format!(
                "several sources have a claim `{target}`: {}; write it as source/claim",
                names.join(", ")
            ));
        }
    }
    let candidates =
        identities.iter().map(|(_, i)| i.as_str()).chain(checked.findings.iter().map(|f| f.fingerprint.as_str()));
    Err(match did_you_mean(target, candidates) {
        Some(s) => format!("no finding or claim `{target}`; did you mean `{s}`?"),
        None => format!(
            "no finding or claim `{target}`: give a fingerprint from `claimcheck check` (or its first characters), or a claim as source/claim"
        ),
    })
}

/// Render the explanation of a target.
pub fn render(checked: &Checked, target: &Target<'_>, options: &HumanOptions) -> String {
    let mut out = String::new();
    match target {
        Target::Finding(finding) => {
            out.push_str(&human::render_finding(finding, &checked.project.files, options));
            if let Some(review) = &finding.review {
                review_section(checked, finding, review, &mut out);
            }
            if let Some(rule_id) = &finding.rule
                && let Some(spec) = checked.project.rules.iter().find(|r| &r.id == rule_id)
            {
                let _ = writeln!(
                    out,
                    "\nrule `{}` (kind `{}`){}",
                    spec.id,
                    spec.kind,
                    spec.description.as_ref().map_or_else(String::new, |d| format!(": {d}"))
                );
                if let Some(kind) = crate::rules::kind_named(&spec.kind)
                    && let Some(summary) = crate::rules::documentation(kind)
                        .lines()
                        .skip_while(|l| l.starts_with('#') || l.is_empty())
                        .find(|l| !l.is_empty())
                {
                    let _ = writeln!(out, "  {summary} …  (see docs/rules.md)");
                }
            }
            if !finding.claims.is_empty() {
                let _ = writeln!(out, "\nthe reasoning, claim by claim:");
                for claim in &finding.claims {
                    claim_chain(checked, *claim, 1, &mut out);
                }
            }
        }
        Target::Claim(id) => {
            claim_chain(checked, *id, 0, &mut out);
            let store = &checked.project.store;
            let derived: Vec<ClaimId> = store
                .claims()
                .filter(|(_, c)| matches!(&c.provenance, Provenance::Derived(d) if d.from.contains(id)))
                .map(|(d, _)| d)
                .collect();
            if !derived.is_empty() {
                let _ = writeln!(out, "\nclaims derived from it:");
                for d in derived {
                    let c = store.claim(d);
                    let _ = writeln!(
                        out,
                        "  {} — {}{}",
                        store.claim_identity(d),
                        value_text(store, c),
                        when_text(store, c)
                    );
                }
            }
            let findings: Vec<&Finding> = checked
                .findings
                .iter()
                .filter(|f| f.claims.iter().any(|c| c == id || crate::rules::describe::roots(store, *c).contains(id)))
                .collect();
            let _ = writeln!(out, "\nfindings involving it:{}", if findings.is_empty() { " none" } else { "" });
            for f in findings {
                let reviewed = match &f.review {
                    Some(r) if r.outdated => format!(" (review outdated: {})", r.verdict.as_str()),
                    Some(r) => format!(" (reviewed: {})", r.verdict.as_str()),
                    None => String::new(),
                };
                let _ = writeln!(out, "  {} {}[{}]: {}{reviewed}", f.fingerprint, f.severity, f.code, f.message);
            }
        }
    }
    out
}

/// The review of a finding: where its entry is, and everything it says.
fn review_section(checked: &Checked, finding: &Finding, review: &ReviewStatus, out: &mut String) {
    let files = &checked.project.files;
    let place = checked.project.reviews.iter().find(|r| r.fingerprint == finding.fingerprint).map(|r| {
        let at = files.line_col(r.span.file, r.span.start as usize);
        format!(" ({}:{}:{})", files.get(r.span.file).path, at.line, at.column)
    });
    let _ = writeln!(out, "\nreview{}:", place.unwrap_or_default());
    let who = review.attribution().map(|who| format!(", {who}")).unwrap_or_default();
    let _ = writeln!(out, "  verdict: {}{who}", review.verdict.as_str());
    if let Some(correct) = &review.correct {
        let store = &checked.project.store;
        let wrong: Vec<String> = crate::review::wrong_claims(finding, correct, &checked.project)
            .into_iter()
            .map(|c| store.claim_identity(c))
            .collect();
        let others = if wrong.is_empty() { String::new() } else { format!("; wrong: {}", wrong.join(", ")) };
        let _ = writeln!(out, "  correct: {correct}{others}");
    }
    let _ = writeln!(out, "  reason: {}", review.reason);
    for link in &review.evidence {
        let _ = writeln!(out, "  evidence: {link}");
    }
    if review.outdated {
        let _ = writeln!(
            out,
            "  outdated: a claim it covered has changed since, so it no longer applies and the finding counts again; \
             look again and record the verdict anew"
        );
    } else {
        let _ = writeln!(out, "  in force: the finding does not fail `claimcheck check`");
    }
}

fn claim_chain(checked: &Checked, id: ClaimId, depth: usize, out: &mut String) {
    let store = &checked.project.store;
    let files = &checked.project.files;
    let claim = store.claim(id);
    let indent = "  ".repeat(depth);
    let at = files.line_col(claim.span.file, claim.span.start as usize);
    let source = store.source(claim.source);
    let _ = writeln!(
        out,
        "{indent}• {} ({}:{}:{})",
        store.claim_identity(id),
        files.get(claim.span.file).path,
        at.line,
        at.column
    );
    let _ = writeln!(
        out,
        "{indent}    {}{} — {}{}",
        crate::rules::describe::key_text(store, claim),
        when_text(store, claim),
        value_text(store, claim),
        if claim.modality == crate::model::claim::Modality::Actual {
            String::new()
        } else {
            format!(" ({})", claim.modality.as_str())
        }
    );
    if let Some((rank, _)) = claim.rank {
        let _ = writeln!(out, "{indent}    rank: {}", rank.as_str());
    }
    match &claim.provenance {
        Provenance::Stated => {
            let _ = writeln!(
                out,
                "{indent}    source: {} — {} ({}, {})",
                source.id, source.title, source.publisher, source.published
            );
            let quote_place = claim.quote.article_span.map(|s| {
                let lc = files.line_col(s.file, s.start as usize);
                format!(" ({}:{}:{})", files.get(s.file).path, lc.line, lc.column)
            });
            let _ = writeln!(out, "{indent}    quote{}: \"{}\"", quote_place.unwrap_or_default(), claim.quote.text);
            if let Some(according) = &claim.according_to {
                let _ = writeln!(out, "{indent}    according to: {according}");
            }
            if let Some(note) = &claim.note {
                let _ = writeln!(out, "{indent}    note: {note}");
            }
        }
        Provenance::Derived(derivation) => {
            let rule = checked.project.rules.get(derivation.rule.index());
            let _ = writeln!(
                out,
                "{indent}    derived by rule `{}`{}: {}",
                rule.map_or("?", |r| r.id.as_str()),
                rule.map_or_else(String::new, |r| format!(" ({})", r.kind)),
                derivation.step
            );
            if depth < 8 {
                for input in &derivation.from {
                    claim_chain(checked, *input, depth + 2, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    /// tests/cmd/reviews-in-force/ (whose `explain` with a review in force is a trycmd case) with the
    /// review of the trade figures recorded for other claims: `explain` says it is outdated.
    #[test]
    fn an_outdated_review_is_shown_as_outdated() {
        let dir = tempfile::tempdir().unwrap();
        copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/reviews-in-force"), dir.path());
        let reviews = dir.path().join("reviews.toml");
        let text = std::fs::read_to_string(&reviews).unwrap();
        let outdated =
            text.replacen("date = \"2026-12-07\"\n", "date = \"2026-12-07\"\nclaims = \"0000000000000000\"\n", 1);
        std::fs::write(&reviews, outdated).unwrap();
        let checked = crate::check::check_project(dir.path()).unwrap();
        let target = resolve(&checked, "db90").unwrap();
        let options = HumanOptions { color: false, width: 100, unicode: true };
        let text = render(&checked, &target, &options);
        let section: Vec<&str> =
            text.lines().skip_while(|l| !l.starts_with("review (")).take_while(|l| !l.is_empty()).collect();
        assert_eq!(
            section,
            [
                "review (reviews.toml:5:1):",
                "  verdict: confirmed, by A. Reviewer on 2026-12-07",
                "  correct: herald/trade-2020; wrong: courier/trade-2020",
                "  reason: Arcadia's customs release gives 4.85 billion USD; the Courier's figure includes re-exports.",
                "  evidence: https://example.org/arcadia-customs-2020",
                "  outdated: a claim it covered has changed since, so it no longer applies and the finding counts \
                 again; look again and record the verdict anew",
            ]
        );
        // Not resolved any more: the note goes with the review in force.
        assert!(!text.contains("resolved by review"), "{text}");
        // A claim's explanation lists its findings with their review.
        let claim = resolve(&checked, "herald/trade-2020").unwrap();
        assert!(render(&checked, &claim, &options).contains("(review outdated: confirmed)"));
    }
}
