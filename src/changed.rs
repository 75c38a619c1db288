//! `--changed-since <revision>`: which claims a change touches, so that CI on a pull request
//! reports what the change brings in — a new claim that contradicts an old one — and not the old
//! contradictions between claims nobody touched.
//!
//! The whole project is still checked; only the report is filtered. A claim counts as changed
//! when its table differs from the revision's (compared as TOML values, so moving lines, comments
//! and formatting do not count), when it is new, when its source header changed (the header gives
//! every claim its default date) or when its archived article changed so that its quote is new
//! evidence (a quote the old text already held is not). A rule counts as changed when its declaration did. A finding is kept when it involves a
//! changed claim (directly or through a derivation) or a changed rule; a finding about no claim
//! (a malformed file) is kept when it points into a changed file.
//!
//! Git is run as a subprocess (`git rev-parse`, `git show`), the one IO this module does.

use crate::check::Checked;
use crate::finding::Finding;
use crate::load::FatalError;
use crate::model::claim::Provenance;
use crate::model::ids::ClaimId;
use crate::source::fold_whitespace;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

/// What changed since a revision.
#[derive(Debug, Default)]
pub struct Changes {
    /// Project-relative paths of files that differ from the revision (or are new).
    pub files: HashSet<String>,
    /// Claims that changed, as (source id, claim id).
    pub claims: HashSet<(String, String)>,
    /// Rule ids whose declaration changed.
    pub rules: HashSet<String>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output =
        Command::new("git").arg("-C").arg(dir).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

/// The tables of an array of tables (`[[claim]]`, `[[rule]]`) by their `id`.
fn tables_by_id(document: &toml::Table, key: &str) -> HashMap<String, toml::Value> {
    let Some(toml::Value::Array(items)) = document.get(key) else { return HashMap::new() };
    items.iter().filter_map(|item| Some((item.get("id")?.as_str()?.to_string(), item.clone()))).collect()
}

/// The ids whose table in `new` is not the same as in `old` (new ids included).
fn changed_ids(old: Option<&toml::Table>, new: &toml::Table, key: &str) -> Vec<String> {
    let before = old.map(|o| tables_by_id(o, key)).unwrap_or_default();
    tables_by_id(new, key).into_iter().filter(|(id, table)| before.get(id) != Some(table)).map(|(id, _)| id).collect()
}

impl Changes {
    /// Compare the project's files with `revision` of the git repository that holds it.
    pub fn since(checked: &Checked, revision: &str) -> Result<Changes, FatalError> {
        let root = &checked.project.root;
        let fatal = |message: String, help: &str| FatalError { message, help: Some(help.to_string()) };
        let prefix = git(root, &["rev-parse", "--show-prefix"]).map_err(|e| {
            fatal(
                format!("--changed-since needs a git repository: {e}"),
                "run claimcheck inside a git work tree, or drop --changed-since",
            )
        })?;
        let prefix = String::from_utf8_lossy(&prefix).trim().to_string();
        let commit = format!("{revision}^{{commit}}");
        git(root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
            fatal(
                format!("`{revision}` is not a commit of the repository at {}", root.display()),
                "give a branch, tag or commit that exists here, such as `origin/main` (in CI, fetch it first: `git fetch origin main`)",
            )
        })?;

        let mut changes = Changes::default();
        let store = &checked.project.store;
        for (file_id, file) in checked.project.files.iter() {
            let spec = format!("{revision}:{prefix}{}", file.path);
            let old = git(root, &["show", &spec]).ok().map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
            if old.as_deref() == Some(file.text.as_str()) {
                continue;
            }
            changes.files.insert(file.path.clone());
            let new_table = file.text.parse::<toml::Table>().ok();
            let old_table = old.as_deref().and_then(|o| o.parse::<toml::Table>().ok());
            // Sources declared in this file, and sources whose article this is.
            for (source_id, source) in store.sources() {
                let declared_here = source.file == file_id;
                let header_changed = declared_here
                    && match (&new_table, &old_table) {
                        (Some(new), Some(old)) => new.get("source") != old.get("source"),
                        _ => true,
                    };
                let claims_of_source = || store.claims().filter(move |(_, c)| c.source == source_id && !c.is_derived());
                if header_changed {
                    for (_, claim) in claims_of_source() {
                        changes.claims.insert((source.id.clone(), claim.id.clone()));
                    }
                } else if source.article == Some(file_id) {
                    // The article changed: a claim whose quote the old text did not hold rests on
                    // new evidence; one whose quote was there all along does not.
                    let before = old.as_deref().map(fold_whitespace).unwrap_or_default();
                    for (_, claim) in claims_of_source() {
                        if !before.contains(&fold_whitespace(&claim.quote.text)) {
                            changes.claims.insert((source.id.clone(), claim.id.clone()));
                        }
                    }
                } else if declared_here && let Some(new) = &new_table {
                    for id in changed_ids(old_table.as_ref(), new, "claim") {
                        changes.claims.insert((source.id.clone(), id));
                    }
                }
            }
            if let Some(new) = &new_table {
                changes.rules.extend(changed_ids(old_table.as_ref(), new, "rule"));
            }
        }
        Ok(changes)
    }

    /// True when the claim, or a claim it was derived from, changed.
    pub fn touches_claim(&self, checked: &Checked, id: ClaimId) -> bool {
        let store = &checked.project.store;
        let mut stack = vec![id];
        let mut seen = HashSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let claim = store.claim(id);
            match &claim.provenance {
                Provenance::Derived(derived) => stack.extend(derived.from.iter().copied()),
                Provenance::Stated => {
                    let source = &store.source(claim.source).id;
                    if self.claims.contains(&(source.clone(), claim.id.clone())) {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// True when the finding is about something the change touched.
    pub fn touches(&self, checked: &Checked, finding: &Finding) -> bool {
        if finding.rule.as_ref().is_some_and(|r| self.rules.contains(r)) {
            return true;
        }
        if finding.claims.is_empty() {
            return finding
                .primary_span()
                .is_some_and(|span| self.files.contains(&checked.project.files.get(span.file).path));
        }
        finding.claims.iter().any(|c| self.touches_claim(checked, *c))
    }

    /// Keep only the findings the change touched.
    pub fn filter(&self, checked: &mut Checked) {
        let findings = std::mem::take(&mut checked.findings);
        checked.findings = findings.into_iter().filter(|f| self.touches(checked, f)).collect();
    }
}
