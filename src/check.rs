//! The whole check as one call: load the project, run the rules, and put the findings in their
//! final form (fingerprinted, deduplicated, in a deterministic order). Every front end — the CLI,
//! the JSON output, the language server — goes through [`check_project`].

use crate::finding::{Finding, Severity, stable_hash};
use crate::load::{FatalError, Overlay, Project, load_project_with};
use std::path::Path;

/// A checked project and everything found.
pub struct Checked {
    /// The project (files, store with derived claims, rules).
    pub project: Project,
    /// All findings, sorted and fingerprinted.
    pub findings: Vec<Finding>,
}

impl Checked {
    /// The exit status the findings call for: 1 when any error is not covered by a review in
    /// force, else 0.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error && !is_reviewed(f))
    }
}

/// True when a review in force covers the finding (it is counted apart and does not fail CI).
pub fn is_reviewed(finding: &Finding) -> bool {
    finding.review.as_ref().is_some_and(|r| r.applies())
}

/// Load and check the project at `root`.
pub fn check_project(root: &Path) -> Result<Checked, FatalError> {
    check_project_with(root, &Overlay::new())
}

/// Load and check the project at `root`, with editor buffers overlaid.
pub fn check_project_with(root: &Path, overlay: &Overlay) -> Result<Checked, FatalError> {
    let mut project = load_project_with(root, overlay)?;
    let mut findings = std::mem::take(&mut project.findings);
    findings.extend(crate::rules::engine::run(&mut project));
    cap_unreviewed(&project, &mut findings);
    finalize(&project, &mut findings);
    // Reviews are matched by fingerprint, so after the fingerprints; the findings about reviews
    // then get their own.
    crate::review::apply(&project, &mut findings);
    finalize(&project, &mut findings);
    Ok(Checked { project, findings })
}

/// A finding that rests only on claims extraction proposed and nobody has reviewed is a warning
/// at most: an unreviewed candidate may be a misreading of its article, and must not fail CI.
pub fn cap_unreviewed(project: &Project, findings: &mut [Finding]) {
    let store = &project.store;
    for finding in findings.iter_mut() {
        if finding.claims.is_empty() || finding.severity != Severity::Error {
            continue;
        }
        if finding.claims.iter().all(|&c| store.claim(c).is_unreviewed()) {
            finding.severity = Severity::Warning;
            finding.notes.push(
                "every claim involved is an unreviewed candidate from `claimcheck extract`: an error once they are \
                 reviewed (delete a claim's `candidate` table to accept it)"
                    .to_string(),
            );
        }
    }
}

/// Fill in fingerprints, drop exact duplicates and sort: by file path, then position, then code.
pub fn finalize(project: &Project, findings: &mut Vec<Finding>) {
    for finding in findings.iter_mut() {
        if finding.fingerprint.is_empty() {
            finding.fingerprint = fingerprint(project, finding);
        }
    }
    let sort_key = |f: &Finding| {
        let span = f.primary_span();
        let path = span.map(|s| project.files.get(s.file).path.clone()).unwrap_or_default();
        (path, span.map(|s| (s.start, s.end)), f.code, f.message.clone(), f.fingerprint.clone())
    };
    findings.sort_by_cached_key(sort_key);
    findings.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.message == b.message && a.labels == b.labels);
    // Two distinct findings that hash alike (the same mistake made twice in one file) are told
    // apart by their order: `explain` and baselines need each fingerprint to name one finding.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for finding in findings.iter_mut() {
        let count = seen.entry(finding.fingerprint.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            let occurrence = count.to_string();
            finding.fingerprint = format!("{:016x}", stable_hash(&[finding.fingerprint.as_str(), occurrence.as_str()]));
        }
    }
}

/// A fingerprint that survives moving lines: the code, the rule and the identities of the claims
/// involved; for findings about no claim, the file path, the flagged text and the message.
pub fn fingerprint(project: &Project, finding: &Finding) -> String {
    let mut parts: Vec<String> = vec![finding.code.as_str().to_string(), finding.rule.clone().unwrap_or_default()];
    if finding.claims.is_empty() {
        if let Some(span) = finding.primary_span() {
            parts.push(project.files.get(span.file).path.clone());
            parts.push(project.files.snippet(span).to_string());
        }
        parts.push(finding.message.clone());
    } else {
        let mut identities: Vec<String> = finding.claims.iter().map(|c| project.store.claim_identity(*c)).collect();
        identities.sort();
        parts.extend(identities);
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    format!("{:016x}", stable_hash(&refs))
}
