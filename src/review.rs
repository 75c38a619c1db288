//! Applying the project's reviews (`reviews.toml`) to the findings of a check.
//!
//! A review is matched to its finding by fingerprint. While it applies, the finding is *reviewed*:
//! it no longer fails the check, and every output shows its verdict. A review is checked against
//! what it covered: when a claim of the finding has changed since (the digest in the entry
//! differs), the review is *outdated* — the finding is live again and an `outdated-review` warning
//! says why. A review whose finding no longer exists is a `stale-review` warning, as ruff reports
//! an unused `noqa`. A `correct` claim that is not one of the finding's is an `invalid-review`.
//!
//! This runs after the rules and never changes what they found: reviews are about findings, not
//! an input to the checks.

use crate::finding::{Code, Finding, Label, Severity, plural};
use crate::load::Project;
use crate::model::ids::ClaimId;
use crate::model::review::{Review, ReviewStatus, Verdict, claims_digest};
use crate::rules::describe::roots;
use crate::suggest::did_you_mean;
use std::collections::{HashMap, HashSet};

/// The digest of the claims a finding involves, as a review records it.
pub fn digest_of(project: &Project, claims: &[ClaimId]) -> String {
    let store = &project.store;
    claims_digest(claims.iter().map(|&c| {
        let claim = store.claim(c);
        (store.claim_identity(c), project.files.snippet(claim.extent))
    }))
}

/// Attach each review to its finding and add the findings about the reviews themselves.
pub fn apply(project: &Project, findings: &mut Vec<Finding>) {
    let reviews = &project.reviews;
    if reviews.is_empty() {
        return;
    }
    let by_fingerprint: HashMap<&str, &Review> = reviews.iter().map(|r| (r.fingerprint.as_str(), r)).collect();
    let mut used: HashSet<&str> = HashSet::new();
    let mut about_reviews = Vec::new();
    for finding in findings.iter_mut() {
        let Some(review) = by_fingerprint.get(finding.fingerprint.as_str()) else { continue };
        used.insert(review.fingerprint.as_str());
        let identities: Vec<String> = finding.claims.iter().map(|&c| project.store.claim_identity(c)).collect();
        if let Some(correct) = &review.correct
            && !identities.contains(correct)
        {
            let help = match did_you_mean(correct, identities.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? The finding's claims are: {}", identities.join(", ")),
                None if identities.is_empty() => "this finding involves no claim: remove `correct`".to_string(),
                None => format!("name one of the finding's claims: {}", identities.join(", ")),
            };
            about_reviews.push(
                Finding::error(
                    Code::InvalidReview,
                    format!(
                        "the review of {} names `{correct}` as correct, which is not one of its claims",
                        finding.fingerprint
                    ),
                    review.fingerprint_span,
                    "not one of the finding's claims",
                )
                .with_help(help),
            );
            continue;
        }
        let outdated = review.claims.as_ref().is_some_and(|recorded| *recorded != digest_of(project, &finding.claims));
        if outdated {
            let mut note = Finding::new(
                Code::OutdatedReview,
                Severity::Warning,
                format!(
                    "the review of {} ({}) is outdated: a claim it covered has changed since, so the finding counts again",
                    finding.fingerprint,
                    review.verdict.as_str()
                ),
                review.fingerprint_span,
                "recorded for other claims",
            )
            .with_help(format!(
                "look at the finding again; if the verdict still holds, record it anew: `claimcheck review {} --verdict {} --reason \"...\"`",
                finding.fingerprint,
                review.verdict.as_str()
            ));
            if let Some(span) = finding.primary_span() {
                note = note.with_label(Label::secondary(span, "the finding"));
            }
            note.claims = finding.claims.clone();
            about_reviews.push(note);
        }
        if !outdated
            && review.verdict == Verdict::Confirmed
            && let Some(correct) = &review.correct
        {
            let wrong: Vec<String> =
                wrong_claims(finding, correct, project).into_iter().map(|c| project.store.claim_identity(c)).collect();
            finding.notes.push(format!(
                "resolved by review: {correct} is right{}",
                if wrong.is_empty() { String::new() } else { format!(", {} wrong", wrong.join(", ")) }
            ));
        }
        finding.review = Some(ReviewStatus {
            verdict: review.verdict,
            reason: review.reason.clone(),
            correct: review.correct.clone(),
            by: review.by.clone(),
            date: review.date.clone(),
            evidence: review.evidence.clone(),
            outdated,
        });
    }
    // A stale review may be a mistyped fingerprint: suggest a finding nobody has reviewed.
    let unreviewed: Vec<&str> = findings
        .iter()
        .filter(|f| f.review.is_none() && !is_about_reviews(f))
        .map(|f| f.fingerprint.as_str())
        .collect();
    for review in reviews {
        if used.contains(review.fingerprint.as_str()) {
            continue;
        }
        let help = match did_you_mean(&review.fingerprint, unreviewed.iter().copied()) {
            Some(s) => format!(
                "did you mean `{s}`? Otherwise delete this review (if its claims were renamed, review the new finding)"
            ),
            None => "delete this review (if its claims were renamed, review the new finding)".to_string(),
        };
        about_reviews.push(
            Finding::new(
                Code::StaleReview,
                Severity::Warning,
                format!(
                    "no finding has the fingerprint {} any more ({} review); it was fixed, or its claims were renamed",
                    review.fingerprint,
                    review.verdict.as_str()
                ),
                review.fingerprint_span,
                "no such finding",
            )
            .with_help(help),
        );
    }
    show_resolutions(project, findings);
    findings.extend(about_reviews);
}

/// The claims a confirmed verdict naming `correct` finds wrong. The primary claim is the one the
/// finding is about (the "first" that is contradicted, the total that falls, one value of a
/// conflict): when another claim is right, the primary is wrong — and only it, since the other
/// claims may be the evidence (the earlier instance and the date it is compared with). When the
/// primary is right, the others are wrong only for a conflict of values, where every other claim
/// states a value that cannot hold with it.
pub fn wrong_claims(finding: &Finding, correct: &str, project: &Project) -> Vec<ClaimId> {
    let store = &project.store;
    let Some((&primary, others)) = finding.claims.split_first() else { return Vec::new() };
    if store.claim_identity(primary) != correct {
        return vec![primary];
    }
    if matches!(finding.code, Code::ConflictingValue | Code::PossiblyConflictingValue) {
        return others.iter().copied().filter(|&c| store.claim_identity(c) != correct).collect();
    }
    Vec::new()
}

/// A confirmed verdict that names the right claim settles its conflict: the other claims are
/// wrong. Every other finding resting on one of them (directly or through a derived claim) says
/// so in a note, with the review that decided it — the finding is not dropped: what follows from a
/// wrong claim is for a person to look at.
fn show_resolutions(project: &Project, findings: &mut [Finding]) {
    let store = &project.store;
    // Wrong stated claim → (the review's finding, the claim that is right).
    let mut wrong: HashMap<ClaimId, (String, String)> = HashMap::new();
    for finding in findings.iter() {
        let Some(review) = finding.review.as_ref().filter(|r| r.applies() && r.verdict == Verdict::Confirmed) else {
            continue;
        };
        let Some(correct) = &review.correct else { continue };
        let right: Vec<ClaimId> = finding
            .claims
            .iter()
            .filter(|&&c| store.claim_identity(c) == *correct)
            .flat_map(|&c| roots(store, c))
            .collect();
        for claim in wrong_claims(finding, correct, project) {
            for root in roots(store, claim).into_iter().filter(|r| !right.contains(r)) {
                wrong.entry(root).or_insert_with(|| (finding.fingerprint.clone(), correct.clone()));
            }
        }
    }
    if wrong.is_empty() {
        return;
    }
    for finding in findings.iter_mut() {
        let mut seen = HashSet::new();
        for root in finding.claims.iter().flat_map(|&c| roots(store, c)) {
            let Some((decided_by, correct)) = wrong.get(&root) else { continue };
            if *decided_by == finding.fingerprint || !seen.insert(root) {
                continue;
            }
            finding.notes.push(format!(
                "rests on {}, which the review of {decided_by} found wrong ({correct} is right)",
                store.claim_identity(root)
            ));
        }
    }
}

/// The finding whose fingerprint is `written` or starts with it, when exactly one does; `Err` says
/// why not in words (none, or which ones it could be).
pub fn find_by_prefix<'f>(findings: &'f [Finding], written: &str) -> Result<&'f Finding, String> {
    let written = written.trim().to_ascii_lowercase();
    if written.is_empty() {
        return Err("give a finding's fingerprint (or the start of one)".into());
    }
    if let Some(exact) = findings.iter().find(|f| f.fingerprint == written) {
        return Ok(exact);
    }
    let matching: Vec<&Finding> = findings.iter().filter(|f| f.fingerprint.starts_with(&written)).collect();
    match matching.as_slice() {
        [one] => Ok(one),
        [] => {
            // A mistyped prefix is compared with the fingerprints' prefixes of its length.
            let prefix_of = |f: &'f Finding| f.fingerprint.get(..written.len()).unwrap_or(&f.fingerprint);
            let near = did_you_mean(&written, findings.iter().map(prefix_of))
                .and_then(|p| findings.iter().find(|f| prefix_of(f) == p));
            Err(match near {
                Some(f) => {
                    format!("no finding has a fingerprint starting with `{written}`; did you mean `{}`?", f.fingerprint)
                }
                None => format!("no finding has a fingerprint starting with `{written}`"),
            })
        }
        many => Err(format!(
            "`{written}` is the start of {} fingerprints ({}); give more digits",
            many.len(),
            many.iter().take(5).map(|f| f.fingerprint.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// A review to record in `reviews.toml` (by `claimcheck review` and `claimcheck baseline`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The finding's full fingerprint.
    pub fingerprint: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// Which claim is right, as `source/claim`.
    pub correct: Option<String>,
    /// Who.
    pub by: Option<String>,
    /// When, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Links to the evidence.
    pub evidence: Vec<String>,
    /// The digest of the finding's claims now ([`digest_of`]).
    pub claims: String,
}

/// What [`record`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Recorded {
    /// Entries appended.
    pub added: usize,
    /// Existing entries (same fingerprint) updated in place.
    pub updated: usize,
}

/// `existing` (the text of reviews.toml, empty for a new file) with `entries` recorded: an entry
/// for a fingerprint already reviewed updates that table in place (its comments, its other fields
/// and the rest of the file stay as written); a new one is appended as a `[[review]]` table. `Err`
/// when `existing` is not valid TOML (the file is then left alone).
pub fn record(existing: &str, entries: &[Entry]) -> Result<(String, Recorded), String> {
    use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};
    let mut document: DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    if existing.trim().is_empty() {
        document.decor_mut().set_prefix(
            "# Reviews of claimcheck findings, one [[review]] per finding, keyed by its fingerprint.\n# verdict: confirmed (a real contradiction), false-alarm, or deferred. A review stops applying\n# when a claim it covered changes (`claims` is their digest). See docs/reviews.md.\n\n",
        );
    }
    if document.get("review").is_some_and(|r| r.as_array_of_tables().is_none()) {
        return Err("`review` in reviews.toml is not an array of tables ([[review]])".into());
    }
    let reviews =
        document.entry("review").or_insert(Item::ArrayOfTables(ArrayOfTables::new())).as_array_of_tables_mut();
    let Some(reviews) = reviews else { return Err("`review` is not an array of tables".into()) };
    let mut done = Recorded::default();
    for entry in entries {
        let position = reviews.iter().position(|t| {
            t.get("fingerprint")
                .and_then(|f| f.as_str())
                .is_some_and(|f| f.trim().eq_ignore_ascii_case(&entry.fingerprint))
        });
        let table: &mut Table = match position {
            Some(i) => {
                done.updated += 1;
                reviews.get_mut(i).expect("the position was found")
            }
            None => {
                done.added += 1;
                let mut table = Table::new();
                table.insert("fingerprint", value(entry.fingerprint.as_str()));
                reviews.push(table);
                reviews.iter_mut().last().expect("just pushed")
            }
        };
        table.insert("verdict", value(entry.verdict.as_str()));
        match &entry.correct {
            Some(correct) => {
                table.insert("correct", value(correct.as_str()));
            }
            None => {
                table.remove("correct");
            }
        }
        table.insert("reason", value(entry.reason.as_str()));
        if let Some(by) = &entry.by {
            table.insert("by", value(by.as_str()));
        }
        if let Some(date) = &entry.date {
            table.insert("date", value(date.as_str()));
        }
        if !entry.evidence.is_empty() {
            let mut links = toml_edit::Array::new();
            for link in &entry.evidence {
                links.push(link.as_str());
            }
            table.insert("evidence", value(links));
        }
        table.insert("claims", value(entry.claims.as_str()));
    }
    Ok((document.to_string(), done))
}

/// What `claimcheck review` or `claimcheck baseline` asks to record.
#[derive(Clone, Debug)]
pub struct Request {
    /// The finding (a fingerprint or a unique prefix); `None` for a baseline of every finding.
    pub fingerprint: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// The claim that is right, as `source/claim`.
    pub correct: Option<String>,
    /// Who.
    pub by: Option<String>,
    /// Links to the evidence.
    pub evidence: Vec<String>,
    /// Today, `YYYY-MM-DD`.
    pub date: String,
}

/// The entries a [`Request`] comes to, with what was left out and why.
#[derive(Clone, Debug, Default)]
pub struct Entries {
    /// The entries to record.
    pub entries: Vec<Entry>,
    /// Findings a baseline left alone because their review is outdated (they need a person).
    pub outdated: usize,
    /// Findings a baseline left alone because a review in force covers them.
    pub reviewed: usize,
}

impl Entries {
    /// One line saying what was recorded.
    pub fn describe(&self, done: &Recorded) -> String {
        let mut line = if self.entries.is_empty() {
            format!("nothing to record: {} left as it is", crate::load::reviews::FILE_NAME)
        } else {
            format!(
                "recorded {} in {} ({} new, {} updated)",
                plural(self.entries.len(), "review"),
                crate::load::reviews::FILE_NAME,
                done.added,
                done.updated
            )
        };
        if self.reviewed > 0 {
            line.push_str(&format!("; {} already reviewed", plural(self.reviewed, "finding")));
        }
        if self.outdated > 0 {
            line.push_str(&format!(
                "; {} with an outdated review left for you to look at (`claimcheck check` lists them)",
                plural(self.outdated, "finding")
            ));
        }
        line
    }
}

/// Today (UTC) as `YYYY-MM-DD`, the date a review is recorded with; `$SOURCE_DATE_EPOCH` (seconds)
/// stands for now when set, for reproducible output.
pub fn today() -> String {
    let seconds =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
        });
    crate::model::date::Day(i32::try_from(seconds / 86_400).unwrap_or(0)).to_string()
}

/// The reviewer named by `$CLAIMCHECK_REVIEWER`, if set (and not blank).
pub fn reviewer_from_env() -> Option<String> {
    std::env::var("CLAIMCHECK_REVIEWER").ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// True for the findings about reviews themselves, which are fixed in reviews.toml, not reviewed.
pub fn is_about_reviews(finding: &Finding) -> bool {
    matches!(finding.code, Code::InvalidReview | Code::StaleReview | Code::OutdatedReview)
}

/// The entries `request` asks for on a checked project. `Err` says why not in words: an unknown or
/// ambiguous fingerprint (with did-you-mean), a finding about a review, a `correct` claim that
/// is not one of the finding's, an empty reason.
pub fn entries_for(checked: &crate::check::Checked, request: &Request) -> Result<Entries, String> {
    if request.reason.trim().is_empty() {
        return Err("a review needs a reason: --reason \"what you checked and found\"".into());
    }
    if request.reason.trim() == crate::load::reviews::PLACEHOLDER_REASON {
        return Err("the reason is the placeholder the editor writes: say what you checked and found".into());
    }
    let project = &checked.project;
    let entry = |finding: &Finding, verdict: Verdict, correct: Option<String>| Entry {
        fingerprint: finding.fingerprint.clone(),
        verdict,
        reason: request.reason.trim().to_string(),
        correct,
        by: request.by.clone(),
        date: Some(request.date.clone()),
        evidence: request.evidence.clone(),
        claims: digest_of(project, &finding.claims),
    };
    let Some(written) = &request.fingerprint else {
        let mut out = Entries::default();
        for finding in checked.findings.iter().filter(|f| !is_about_reviews(f)) {
            match &finding.review {
                Some(review) if review.outdated => out.outdated += 1,
                Some(_) => out.reviewed += 1,
                None => out.entries.push(entry(finding, Verdict::Deferred, None)),
            }
        }
        return Ok(out);
    };
    let finding = find_by_prefix(&checked.findings, written)?;
    if is_about_reviews(finding) {
        return Err(format!(
            "{} is a finding about reviews.toml itself ({}): fix the entry rather than review it",
            finding.fingerprint, finding.code
        ));
    }
    let identities: Vec<String> = finding.claims.iter().map(|&c| project.store.claim_identity(c)).collect();
    if let Some(correct) = &request.correct {
        if !identities.contains(correct) {
            return Err(match did_you_mean(correct, identities.iter().map(String::as_str)) {
                Some(s) => format!("`{correct}` is not one of the finding's claims; did you mean `{s}`?"),
                None if identities.is_empty() => "the finding involves no claim, so none can be correct".to_string(),
                None => format!("`{correct}` is not one of the finding's claims ({})", identities.join(", ")),
            });
        }
        if request.verdict != Verdict::Confirmed {
            return Err(
                "--correct names the right claim of a confirmed contradiction: use it with --verdict confirmed".into(),
            );
        }
    }
    Ok(Entries { entries: vec![entry(finding, request.verdict, request.correct.clone())], ..Entries::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(fingerprint: &str, verdict: Verdict) -> Entry {
        Entry {
            fingerprint: fingerprint.into(),
            verdict,
            reason: "the customs figure counts re-exports".into(),
            correct: None,
            by: Some("A. Reviewer".into()),
            date: Some("2026-12-07".into()),
            evidence: vec![],
            claims: "0123456789abcdef".into(),
        }
    }

    fn finding(fingerprint: &str) -> Finding {
        let mut f = Finding::error(
            Code::ConflictingValue,
            "m",
            crate::source::Span::new(crate::model::ids::FileId(0), 0..0),
            "",
        );
        f.fingerprint = fingerprint.into();
        f
    }

    #[test]
    fn a_fingerprint_is_found_by_a_unique_prefix_and_a_typo_gets_a_did_you_mean() {
        let findings = [finding("db90d651b9be96b0"), finding("db91aaaaaaaaaaaa"), finding("6e1ea5811b58944a")];
        assert_eq!(find_by_prefix(&findings, "6E1E").unwrap().fingerprint, "6e1ea5811b58944a");
        assert_eq!(find_by_prefix(&findings, "db90d651b9be96b0").unwrap().fingerprint, "db90d651b9be96b0");
        let ambiguous = find_by_prefix(&findings, "db9").unwrap_err();
        assert!(ambiguous.contains("start of 2 fingerprints (db90d651b9be96b0, db91aaaaaaaaaaaa)"), "{ambiguous}");
        let typo = find_by_prefix(&findings, "6e1ae581").unwrap_err();
        assert!(typo.ends_with("did you mean `6e1ea5811b58944a`?"), "{typo}");
        assert!(find_by_prefix(&findings, "  ").is_err());
    }

    #[test]
    fn a_new_file_gets_a_header_and_one_table_per_entry() {
        let (text, done) = record("", &[entry("aaaaaaaaaaaaaaaa", Verdict::Deferred)]).unwrap();
        assert_eq!(done, Recorded { added: 1, updated: 0 });
        assert!(text.starts_with("# Reviews of claimcheck findings"), "{text}");
        assert!(text.contains("[[review]]\nfingerprint = \"aaaaaaaaaaaaaaaa\"\nverdict = \"deferred\""), "{text}");
    }

    #[test]
    fn an_update_keeps_comments_other_fields_and_other_entries() {
        let existing = "# our reviews\n\n[[review]]\n# the big one\nfingerprint = \"aaaaaaaaaaaaaaaa\" # keep\nverdict = \"deferred\"\nreason = \"later\"\nevidence = [\"https://example.org\"]\n\n[[review]]\nfingerprint = \"bbbbbbbbbbbbbbbb\"\nverdict = \"false-alarm\"\nreason = \"two different agencies\"\n";
        let mut confirmed = entry("aaaaaaaaaaaaaaaa", Verdict::Confirmed);
        confirmed.correct = Some("herald/trade-2020".into());
        let (text, done) = record(existing, &[confirmed]).unwrap();
        assert_eq!(done, Recorded { added: 0, updated: 1 });
        for kept in ["# our reviews", "# the big one", "# keep", "https://example.org", "two different agencies"] {
            assert!(text.contains(kept), "`{kept}` lost:\n{text}");
        }
        assert!(text.contains("verdict = \"confirmed\"") && text.contains("correct = \"herald/trade-2020\""), "{text}");
        assert!(!text.contains("later"), "{text}");
    }

    #[test]
    fn a_file_that_is_not_toml_is_left_alone() {
        assert!(record("[[review]\n", &[entry("aaaaaaaaaaaaaaaa", Verdict::Deferred)]).is_err());
        assert!(record("review = 3\n", &[entry("aaaaaaaaaaaaaaaa", Verdict::Deferred)]).is_err());
    }
}
