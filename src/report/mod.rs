//! Output formats, one file each. Findings are data; only this module turns them into text.

pub mod claimreview;
pub mod explain;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;

use crate::check::{Checked, is_reviewed};
use crate::finding::Severity;
use crate::finding::plural;
use serde::Serialize;
use std::path::Path;

/// The prefix that makes project-relative paths resolve from the working directory: the project
/// directory as the user named it, with a trailing slash; empty for `.` or an absolute path
/// (absolute paths would leak the machine's layout into CI annotations).
pub fn path_prefix(dir: &Path) -> String {
    let text = dir.to_string_lossy().replace('\\', "/");
    let text = text.trim_end_matches('/');
    if dir.is_absolute() || text.is_empty() || text == "." {
        String::new()
    } else {
        format!("{}/", text.trim_start_matches("./"))
    }
}

/// One line per finding not covered by a review (made by `line`), then the summary line: the
/// shape of the `short` and `github` formats.
pub fn one_per_line(checked: &Checked, summary: &Summary, line: impl Fn(&crate::finding::Finding) -> String) -> String {
    let mut out = String::new();
    for finding in checked.findings.iter().filter(|f| !is_reviewed(f)) {
        out.push_str(&line(finding));
        out.push('\n');
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}

/// Counts for the summary line and the JSON `summary` object.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Findings at error severity.
    pub errors: usize,
    /// Findings at warning severity.
    pub warnings: usize,
    /// Findings at info severity.
    pub infos: usize,
    /// Sources loaded.
    pub sources: usize,
    /// Claims stated in claim files.
    pub claims: usize,
    /// Claims derived by rules.
    pub derived_claims: usize,
    /// Rules declared.
    pub rules: usize,
    /// Files read.
    pub files: usize,
    /// Stated claims proposed by extraction and not yet reviewed.
    pub unreviewed: usize,
    /// Errors covered by a review in force (not counted in `errors`).
    pub reviewed_errors: usize,
    /// Warnings covered by a review in force (not counted in `warnings`).
    pub reviewed_warnings: usize,
    /// Infos covered by a review in force (not counted in `infos`).
    pub reviewed_infos: usize,
}

impl Summary {
    /// Count a checked project.
    pub fn of(checked: &Checked) -> Self {
        let count = |s: Severity| checked.findings.iter().filter(|f| f.severity == s && !is_reviewed(f)).count();
        let reviewed = |s: Severity| checked.findings.iter().filter(|f| f.severity == s && is_reviewed(f)).count();
        let store = &checked.project.store;
        let derived = store.claims().filter(|(_, c)| c.is_derived()).count();
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            sources: store.sources().count(),
            claims: store.claim_count() - derived,
            derived_claims: derived,
            rules: checked.project.rules.len(),
            files: checked.project.files.iter().count(),
            unreviewed: store.claims().filter(|(_, c)| !c.is_derived() && c.is_unreviewed()).count(),
            reviewed_errors: reviewed(Severity::Error),
            reviewed_warnings: reviewed(Severity::Warning),
            reviewed_infos: reviewed(Severity::Info),
        }
    }

    /// "; 3 errors and 1 warning reviewed" (nothing when no finding is reviewed).
    fn reviewed_part(&self) -> String {
        let parts: Vec<String> =
            [(self.reviewed_errors, "error"), (self.reviewed_warnings, "warning"), (self.reviewed_infos, "info")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, word)| plural(n, word))
                .collect();
        match parts.as_slice() {
            [] => String::new(),
            [one] => format!("; {one} reviewed"),
            [init @ .., last] => format!("; {} and {last} reviewed", init.join(", ")),
        }
    }

    /// "3 errors, 1 warning, 0 infos — 5 sources, 120 claims (+14 derived), 9 rules".
    pub fn line(&self) -> String {
        format!(
            "{}, {}, {} — {}, {} (+{} derived), {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info"),
            plural(self.sources, "source"),
            plural(self.claims, "claim"),
            self.derived_claims,
            plural(self.rules, "rule"),
        ) + &self.reviewed_part()
            + &if self.unreviewed > 0 {
                format!(
                    "; {} await{} review",
                    plural(self.unreviewed, "candidate claim"),
                    if self.unreviewed == 1 { "s" } else { "" }
                )
            } else {
                String::new()
            }
    }
}
