//! The `claimcheck extract` command: load the project's vocabulary and patterns, extract from
//! each input text, and write (or merge into) one claim file per article — atomically, never over
//! a file the person has not asked to merge into. File access goes through [`crate::load::files`];
//! messages go through the callbacks the CLI passes, so this module prints nothing itself.

use super::output::{self, Header};
use super::patterns;
use super::recognise::Fragments;
use super::{Context, Extractor, evaluate, published, timex};
use crate::load::files::{
    Expect, FatalError, FileReader, Overlay, WriteError, absolute, read_text_file, real_existing_ancestor,
    write_confined,
};
use crate::load::load_project;
use crate::model::date::DateValue;
use crate::model::syntax::parse_date;
use crate::report::Summary;
use crate::report::human::{self, HumanOptions};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};

/// What the command was asked to do (the `extract` command's arguments).
#[derive(Clone, Debug, clap::Args)]
pub struct Options {
    /// Article text files, or directories to search for *.txt files. With --evaluate: the
    /// projects to evaluate (default: --project).
    pub inputs: Vec<PathBuf>,
    /// The project whose vocabulary and patterns to use.
    #[arg(long, default_value = ".")]
    pub project: PathBuf,
    /// Add only new candidates to existing claim files, keeping every hand edit.
    #[arg(long)]
    pub merge: bool,
    /// Where to write claim files (default: next to each text).
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
    /// The publisher, for new claim files.
    #[arg(long)]
    pub publisher: Option<String>,
    /// The publication date, which resolves "last year" and "December" (default: the claim
    /// file's, else the one the text states about itself: a dateline, a "Published:" line).
    #[arg(long)]
    pub published: Option<String>,
    /// Print the claim files instead of writing them.
    #[arg(long)]
    pub dry_run: bool,
    /// Instead of extracting, compare extraction on the archived articles of each project
    /// with its curated claims, and print value-level and claim-level recall and precision,
    /// per split (an `articles.toml` gives splits) and per kind of value.
    #[arg(long, conflicts_with_all = ["merge", "output_dir", "dry_run"])]
    pub evaluate: bool,
    /// With --evaluate: list every claim missed and every wrong candidate.
    #[arg(long, requires = "evaluate")]
    pub verbose: bool,
    /// With --evaluate: print JSON (scores, and gold and proposed value spans per article).
    #[arg(long, requires = "evaluate")]
    pub json: bool,
}

/// A file name made into a source id: lowercase letters, digits and dashes.
fn slug(stem: &str) -> String {
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// `target` relative to `from_dir` ("../articles/a.txt"), for the `text` field.
fn relative(target: &Path, from_dir: &Path) -> String {
    let target = std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
    let from = std::fs::canonicalize(from_dir).unwrap_or_else(|_| from_dir.to_path_buf());
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), f.len() - common).collect();
    parts.extend(t[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// The publication date an existing claim file's `[source]` states, if it parses.
fn published_in_claim_file(existing: &str) -> Option<DateValue> {
    let document: toml_edit::DocumentMut = existing.parse().ok()?;
    let published = document.get("source")?.get("published")?;
    let written = published.as_str().map(str::to_string).unwrap_or_else(|| published.to_string());
    parse_date(written.trim().trim_matches('"')).ok()
}

/// The project's extractor: its vocabulary, recognisers and (optional) patterns. Invalid patterns
/// are a fatal error, reported as findings through `message`.
fn extractor_of<'p>(
    project: &'p crate::load::Project,
    message: &mut dyn FnMut(&str),
) -> Result<Extractor<'p>, FatalError> {
    let fragments = Fragments::new(&project.store.units);
    if let Some(error) = fragments.error() {
        return Err(FatalError {
            message: format!("the value recognisers could not be built from the declared units: {error}"),
            help: Some("fewer or shorter unit names in rules/ (`[[unit]]` tables) keep the recogniser small".into()),
        });
    }
    // The patterns were validated when the project loaded; their findings are among the
    // project's. Extraction needs them right.
    let mut findings = project.pattern_findings.clone();
    let patterns = patterns::compile(&project.patterns, &project.store, &fragments, &mut findings);
    if !findings.is_empty() {
        let rendered = human::render(
            &findings,
            &project.files,
            &Summary { errors: findings.len(), ..Summary::default() },
            &HumanOptions::default(),
        );
        message(&rendered);
        return Err(FatalError {
            message: "the extraction patterns have errors (above); fix them first".into(),
            help: Some("`claimcheck check` reports them too".into()),
        });
    }
    Ok(Extractor::new(&project.store, fragments, patterns))
}

/// Run the command. `Ok(true)` when every input was handled, `Ok(false)` when some could not be
/// (a claim file in the way, an unreadable text, no publication date); `Err` when nothing could
/// run.
pub fn run(options: &Options, out: &mut dyn FnMut(&str), message: &mut dyn FnMut(&str)) -> Result<bool, FatalError> {
    if options.evaluate {
        let projects = if options.inputs.is_empty() { vec![options.project.clone()] } else { options.inputs.clone() };
        let mut reports = Vec::new();
        for root in &projects {
            let project = load_project(root)?;
            let extractor = extractor_of(&project, message)?;
            reports.push(evaluate::evaluate_project(root, &project, &extractor)?);
        }
        let report = evaluate::Report::combine(reports);
        out(&if options.json { report.json() } else { report.render(options.verbose) });
        return Ok(true);
    }
    let project = load_project(&options.project)?;
    let extractor = extractor_of(&project, message)?;
    if options.inputs.is_empty() {
        return Err(FatalError {
            message: "no input: give article text files or directories".into(),
            help: Some("claimcheck extract claims/article.txt".into()),
        });
    }
    // Inputs: files as given, directories searched for *.txt (sorted).
    let overlay = Overlay::new();
    let mut reader = FileReader::new(&options.project, &overlay)?;
    let mut texts = Vec::new();
    for input in &options.inputs {
        if input.is_dir() {
            texts.extend(reader.files_with_extension(input, "txt"));
        } else {
            texts.push(input.clone());
        }
    }
    let published_override = match &options.published {
        Some(written) => Some(parse_date(written).map_err(|e| FatalError {
            message: format!("--published {written:?}: {}", e.message),
            help: Some("write a date such as 2021-11-29 or \"November 2021\"".into()),
        })?),
        None => None,
    };
    let progress = if texts.len() > 1 { ProgressBar::new(texts.len() as u64) } else { ProgressBar::hidden() };
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}").unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut all_ok, mut written, mut merged, mut added, mut unattached) = (true, 0, 0, 0, 0);
    for text_path in &texts {
        progress.set_message(text_path.display().to_string());
        progress.inc(1);
        // A text inside the project must really be there (a planted link is not followed out); one
        // the person named outside the project is theirs to name.
        let inside = is_in_project(text_path, &options.project, &reader.root);
        let text = match read_text_file(text_path, inside.then_some(reader.root.as_path())) {
            Ok(text) => text,
            Err(reason) => {
                progress.suspend(|| message(&format!("error: {reason}")));
                all_ok = false;
                continue;
            }
        };
        let stem = text_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "article".into());
        let directory =
            options.output_dir.clone().unwrap_or_else(|| text_path.parent().map(Path::to_path_buf).unwrap_or_default());
        let target = directory.join(format!("{stem}.toml"));
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            progress.suspend(|| {
                message(&format!(
                    "error: {} is a symbolic link; claimcheck reads and writes claim files only as regular files \
                     inside the project",
                    target.display()
                ))
            });
            all_ok = false;
            continue;
        }
        let existing = if target.exists() {
            match read_text_file(&target, Some(&reader.root)) {
                Ok(existing) => Some(existing),
                Err(reason) => {
                    progress.suspend(|| message(&format!("error: {reason}")));
                    all_ok = false;
                    continue;
                }
            }
        } else {
            None
        };
        if existing.is_some() && !options.merge && !options.dry_run {
            progress.suspend(|| {
                message(&format!(
                    "error: {} exists; claimcheck never overwrites a claim file: rerun with --merge to add only new candidates",
                    target.display()
                ))
            });
            all_ok = false;
            continue;
        }
        // The publication date: given, else the existing claim file's, else the one the text
        // states about itself.
        let published = match published_override.or_else(|| existing.as_deref().and_then(published_in_claim_file)) {
            Some(date) => date,
            None => match published::publication_date(&text, extractor.fragments()) {
                Some(found) => {
                    let line = text[..found.span.start].matches('\n').count() + 1;
                    progress.suspend(|| {
                        message(&format!(
                            "note: {}:{line}: published {} (from {}); give --published to set another date",
                            text_path.display(),
                            found.date,
                            found.how
                        ))
                    });
                    found.date
                }
                None => {
                    progress.suspend(|| {
                        message(&format!(
                            "error: {}: the text states no publication date (no dateline, \"Published:\" line or byline); give it with --published, e.g. --published 2021-11-29",
                            text_path.display()
                        ))
                    });
                    all_ok = false;
                    continue;
                }
            },
        };
        let extraction = extractor.extract_all(&text, &Context { published });
        let result = match &existing {
            Some(existing) => match output::merge(existing, &extraction) {
                Ok((text, report)) => {
                    added += report.added;
                    unattached += report.unattached;
                    merged += 1;
                    (text != *existing).then_some(text)
                }
                Err(reason) => {
                    progress.suspend(|| {
                        message(&format!("error: {} is not valid TOML, left as it is: {reason}", target.display()))
                    });
                    all_ok = false;
                    continue;
                }
            },
            None => {
                let title = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("untitled")
                    .chars()
                    .take(200)
                    .collect();
                let header = Header {
                    id: slug(&stem),
                    title,
                    publisher: options.publisher.clone().unwrap_or_else(|| "unknown publisher (fill in)".into()),
                    published: timex::scope_text(&published),
                    text: relative(text_path, &directory),
                };
                written += 1;
                let contents = output::new_file(&header, &extraction);
                added += contents.matches("\n[[claim]]").count();
                unattached += extraction.unattached.len();
                Some(contents)
            }
        };
        let Some(contents) = result else { continue };
        if options.dry_run {
            progress.suspend(|| out(&format!("# --- {}\n{contents}", target.display())));
        } else {
            let expect = existing.as_deref().map_or(Expect::Absent, Expect::Text);
            // Inside the project, the write is confined to it; a directory the person named
            // outside it (texts in ~/articles) is confined to that directory.
            let confine = if is_in_project(&directory, &options.project, &reader.root) {
                reader.root.clone()
            } else {
                let directory = absolute(&directory);
                real_existing_ancestor(&directory).unwrap_or(directory)
            };
            if let Err(error) = write_confined(&confine, &target, &contents, expect) {
                let reason = match &error {
                    WriteError::Outside(reason) => format!("error: cannot write {}: {reason}", target.display()),
                    WriteError::Changed { .. } => format!("error: {}: {error}", target.display()),
                    WriteError::Io(e) => format!("error: cannot write {}: {e}", target.display()),
                };
                progress.suspend(|| message(&reason));
                all_ok = false;
            }
        }
    }
    progress.finish_and_clear();
    message(&format!(
        "{} text{}: {written} new claim file{}, {merged} merged, {added} candidate claim{} added, {unattached} unattached value{} listed{}",
        texts.len(),
        if texts.len() == 1 { "" } else { "s" },
        if written == 1 { "" } else { "s" },
        if added == 1 { "" } else { "s" },
        if unattached == 1 { "" } else { "s" },
        if options.dry_run { " (dry run: nothing written)" } else { "" }
    ));
    Ok(all_ok)
}

/// True when `path` is inside the project, as named on the command line or as resolved: such a
/// path is confined to the project (a link inside it may not lead out).
fn is_in_project(path: &Path, project: &Path, root: &Path) -> bool {
    let path = absolute(path);
    path.starts_with(root) || path.starts_with(absolute(project))
}
