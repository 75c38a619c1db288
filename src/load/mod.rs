//! Loading a project: files → spanned TOML → validated vocabulary, sources and claims in a
//! [`Store`], plus every problem found on the way as a [`Finding`].
//!
//! The loader never stops at the first bad file: each file is read, parsed and validated on its
//! own, and a broken file only loses its own claims. Only a project directory that cannot be read
//! at all is a [`FatalError`].

pub mod claims;
pub mod evidence;
pub mod files;
pub mod patterns;
pub mod reviews;
pub mod toml_tree;
pub mod vocab;

use crate::finding::{Code, Finding, Label, Severity};
use crate::rules::spec::RuleSpec;
use crate::source::{FileKind, SourceMap, Span};
use crate::store::Store;
use crate::suggest::did_you_mean;
use files::FileReader;
pub use files::{FatalError, Overlay};
use std::path::{Path, PathBuf};

/// A loaded project: its files, its store and its rules, with the problems found loading them.
pub struct Project {
    /// The project root (canonical).
    pub root: PathBuf,
    /// Every file read.
    pub files: SourceMap,
    /// Vocabulary, sources and stated claims.
    pub store: Store,
    /// Rule declarations (validated by the rule engine).
    pub rules: Vec<RuleSpec>,
    /// Files of `rules/` that declare extraction patterns.
    pub pattern_files: Vec<crate::model::ids::FileId>,
    /// The extraction patterns they declare, validated (not compiled: see
    /// [`crate::extract::patterns::compile`]).
    pub patterns: Vec<patterns::PatternSpec>,
    /// The problems found in the pattern declarations (also among `findings`).
    pub pattern_findings: Vec<Finding>,
    /// The reviews of `reviews.toml` that could be read (applied after the rules by
    /// [`crate::review::apply`]).
    pub reviews: Vec<crate::model::review::Review>,
    /// `reviews.toml`, when the project has one.
    pub reviews_file: Option<crate::model::ids::FileId>,
    /// Problems found while loading.
    pub findings: Vec<Finding>,
}

/// Load the project at `root`.
pub fn load_project(root: &Path) -> Result<Project, FatalError> {
    load_project_with(root, &Overlay::new())
}

/// Load the project at `root`, with unsaved editor buffers in `overlay` replacing files on disk.
pub fn load_project_with(root: &Path, overlay: &Overlay) -> Result<Project, FatalError> {
    let mut reader = FileReader::new(root, overlay)?;
    let has_claims = reader.root.join("claims").is_dir();
    let has_rules = reader.root.join("rules").is_dir();
    if !has_claims && !has_rules {
        return Err(FatalError {
            message: format!("{} is not a claimcheck project: it has neither claims/ nor rules/", root.display()),
            help: Some("run claimcheck in the directory that holds claims/ and rules/, or pass it: `claimcheck check path/to/project`".into()),
        });
    }
    let rule_paths = reader.toml_files("rules");
    let claim_paths = reader.toml_files("claims");
    let rule_files: Vec<_> = rule_paths.iter().filter_map(|p| reader.read_text(p, FileKind::Rules)).collect();
    let claim_files: Vec<_> =
        claim_paths.iter().filter_map(|p| reader.read_text(p, FileKind::Claims).map(|f| (p.clone(), f))).collect();

    let mut findings = Vec::new();
    let vocabulary = vocab::load(&reader.files, &rule_files, &mut findings);
    let mut store = vocabulary.store;
    for (path, file) in claim_files {
        let parsed = claims::load_file(&reader.files, file, &store, &mut findings);
        let article =
            parsed.text_path.as_ref().and_then(|written| read_article(&mut reader, &path, written, &mut findings));
        let mut claims = parsed.claims;
        evidence::check_quotes(&reader.files, article, &mut claims, &mut findings);
        evidence::check_orphan_quotes(&reader.files, article, &parsed.orphan_quotes, &mut findings);
        let Some(mut source) = parsed.source else { continue };
        source.article = article;
        let source_span = source.span;
        let source_name = source.id.clone();
        match store.add_source(source) {
            Some(source_id) => {
                for mut claim in claims {
                    claim.source = source_id;
                    store.add_claim(claim);
                }
            }
            None => {
                let first = store.source_named(&source_name).map(|s| store.source(s).span);
                let mut finding = Finding::error(
                    Code::DuplicateId,
                    format!("two sources have the id `{source_name}`; the second one's claims are not checked"),
                    source_span,
                    "second source with this id",
                )
                .with_help("source ids must be unique across claims/; rename one");
                if let Some(first) = first {
                    finding = finding.with_label(Label::secondary(first, "first declared here"));
                }
                findings.push(finding);
            }
        }
    }
    store.finish_indexing();
    // Extraction patterns are rules too: every mistake in one is reported when the project
    // loads, by validating it as data; nothing is compiled here.
    let mut pattern_findings = Vec::new();
    let pattern_specs = patterns::load(&reader.files, &vocabulary.pattern_files, &store, &mut pattern_findings);
    findings.extend(pattern_findings.iter().cloned());
    let reviews_path = reader.root.join(reviews::FILE_NAME);
    let reviews_file = (reviews_path.exists() || reader.has_overlay(&reviews_path))
        .then(|| reader.read_text(&reviews_path, FileKind::Reviews))
        .flatten();
    let reviews = reviews_file.map(|file| reviews::load(&reader.files, file, &mut findings)).unwrap_or_default();
    findings.append(&mut reader.findings);
    if claim_paths.is_empty() {
        let file = reader.files.add("claims", String::new(), FileKind::Claims);
        let mut finding = Finding::new(
            Code::NoClaims,
            Severity::Warning,
            if has_claims { "claims/ holds no claim files (*.toml)" } else { "the project has no claims/ directory" },
            Span::new(file, 0..0),
            "",
        );
        finding.help = Some("add claim files under claims/; see docs/claims.md".into());
        findings.push(finding);
    }
    Ok(Project {
        root: reader.root,
        files: reader.files,
        store,
        rules: vocabulary.rules,
        pattern_files: vocabulary.pattern_files,
        patterns: pattern_specs,
        pattern_findings,
        reviews,
        reviews_file,
        findings,
    })
}

/// Resolve, confine and read a source's archived article text.
fn read_article(
    reader: &mut FileReader<'_>,
    claim_file: &Path,
    written: &toml_tree::StrValue,
    findings: &mut Vec<Finding>,
) -> Option<crate::model::ids::FileId> {
    let path = match reader.confined_path(claim_file, written.text.trim()) {
        Ok(path) => path,
        Err(reason) => {
            findings.push(
                Finding::error(
                    Code::TextPathEscapes,
                    format!("the archived-text path `{}` is not inside the project: {reason}", written.text),
                    written.content_span(),
                    "outside the project",
                )
                .with_help(
                    "archive the article inside the project (next to the claim file) and give its relative path",
                ),
            );
            return None;
        }
    };
    if !path.is_file() && !reader.has_overlay(&path) {
        let siblings = reader.sibling_names(&path);
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let help = match did_you_mean(&file_name, siblings.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? The path is relative to the claim file's directory"),
            None => {
                "archive the article's text there, or fix the path (relative to the claim file's directory)".to_string()
            }
        };
        findings.push(
            Finding::error(
                Code::TextNotFound,
                format!("the archived article `{}` does not exist", reader.display_path(&path)),
                written.content_span(),
                "no such file",
            )
            .with_help(help),
        );
        return None;
    }
    reader.read_text(&path, FileKind::Article)
}
