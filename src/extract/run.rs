//! The `claimcheck extract` command: load the project's vocabulary and patterns, extract from
//! each input text, and write (or merge into) one claim file per article — atomically, never over
//! a file the person has not asked to merge into. File access goes through [`crate::load::files`];
//! messages go through the callbacks the CLI passes, so this module prints nothing itself.

use super::output::{self, Header};
use super::patterns;
use super::recognise::{Fragments, MentionKind};
use super::{Context, Extractor, evaluate};
use crate::load::files::{FatalError, FileReader, Overlay, read_text_file, write_atomic};
use crate::load::load_project;
use crate::model::date::{DatePrecision, DateValue};
use crate::model::syntax::parse_date;
use crate::model::value::Value;
use crate::report::Summary;
use crate::report::human::{self, HumanOptions};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};

/// What the command was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Text files, or directories of *.txt files.
    pub inputs: Vec<PathBuf>,
    /// The project whose vocabulary and patterns to use.
    pub project: PathBuf,
    /// Merge into existing claim files.
    pub merge: bool,
    /// Where to write claim files.
    pub output_dir: Option<PathBuf>,
    /// The publisher for new files.
    pub publisher: Option<String>,
    /// The publication date for new files.
    pub published: Option<String>,
    /// Print instead of writing.
    pub dry_run: bool,
    /// Compare with the curated corpus instead of extracting.
    pub evaluate: bool,
    /// List every miss and every wrong candidate when evaluating.
    pub verbose: bool,
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

/// A guess at when a text was published: the latest day or month it states (bare years are often
/// targets, "by 2030"), else the latest year. Only a guess: the command says so.
fn latest_date(fragments: &Fragments, text: &str) -> Option<DateValue> {
    let dates: Vec<DateValue> = fragments
        .recognise(text)
        .into_iter()
        .filter(|m| m.kind == MentionKind::Date)
        .filter_map(|m| match m.value {
            Some(Value::Date(d)) if d.hedge.is_none() => Some(d.date),
            _ => None,
        })
        .collect();
    let latest = |precisions: &[DatePrecision]| {
        dates
            .iter()
            .filter(|d| precisions.contains(&d.precision))
            .max_by_key(|d| (d.last, std::cmp::Reverse(d.last.0 - d.first.0)))
            .copied()
    };
    latest(&[DatePrecision::Day, DatePrecision::Month]).or_else(|| latest(&[DatePrecision::Year]))
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

/// Run the command. `Ok(true)` when every input was handled, `Ok(false)` when some could not be
/// (a claim file in the way, an unreadable text); `Err` when nothing could run.
pub fn run(options: &Options, out: &mut dyn FnMut(&str), message: &mut dyn FnMut(&str)) -> Result<bool, FatalError> {
    let project = load_project(&options.project)?;
    let fragments = Fragments::new(&project.store.units);
    let mut findings = Vec::new();
    let patterns = patterns::load(&project.files, &project.pattern_files, &project.store, &fragments, &mut findings);
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
    if patterns.is_empty() {
        return Err(FatalError {
            message: format!("{} declares no extraction patterns", options.project.join("rules").display()),
            help: Some("declare [[pattern]] tables in rules/: see docs/extract.md".into()),
        });
    }
    let extractor = Extractor::new(&project.store, patterns);
    if options.evaluate {
        let score = evaluate::evaluate(&project.store, &project.files, &extractor);
        out(&score.render(options.verbose));
        out(&format!("recall {:.1}%, precision {:.1}%\n", 100.0 * score.recall(), 100.0 * score.precision()));
        return Ok(true);
    }
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
    let (mut all_ok, mut written, mut merged, mut added, mut proposed) = (true, 0, 0, 0, 0);
    for text_path in &texts {
        progress.set_message(text_path.display().to_string());
        progress.inc(1);
        let text = match read_text_file(text_path) {
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
        let exists = target.exists();
        let published = match published_override {
            Some(date) => date,
            None => {
                let guess = latest_date(&fragments, &text);
                let shown = guess.map_or_else(|| "nothing".to_string(), |d| d.to_string());
                if !exists || !options.merge {
                    progress.suspend(|| {
                        message(&format!(
                            "warning: {}: no --published date given; guessed {shown} from the text (time scopes and anniversaries depend on it: check it)",
                            text_path.display()
                        ))
                    });
                }
                match guess {
                    Some(date) => date,
                    None => {
                        progress.suspend(|| {
                            message(&format!(
                                "error: {}: give its publication date with --published",
                                text_path.display()
                            ))
                        });
                        all_ok = false;
                        continue;
                    }
                }
            }
        };
        let candidates = extractor.extract(&text, &Context { published });
        proposed += candidates.len();
        let result = if exists {
            if !options.merge {
                progress.suspend(|| {
                    message(&format!(
                        "error: {} exists; claimcheck never overwrites a claim file: rerun with --merge to add only new candidates",
                        target.display()
                    ))
                });
                all_ok = false;
                continue;
            }
            let existing = match read_text_file(&target) {
                Ok(existing) => existing,
                Err(reason) => {
                    progress.suspend(|| message(&format!("error: {reason}")));
                    all_ok = false;
                    continue;
                }
            };
            match output::merge(&existing, &candidates) {
                Ok((text, report)) => {
                    added += report.added;
                    merged += 1;
                    (text != existing).then_some(text)
                }
                Err(reason) => {
                    progress.suspend(|| {
                        message(&format!("error: {} is not valid TOML, left as it is: {reason}", target.display()))
                    });
                    all_ok = false;
                    continue;
                }
            }
        } else {
            let title =
                text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("untitled").chars().take(200).collect();
            let header = Header {
                id: slug(&stem),
                title,
                publisher: options.publisher.clone().unwrap_or_else(|| "unknown publisher (fill in)".into()),
                published: published.to_string(),
                text: relative(text_path, &directory),
            };
            written += 1;
            added += candidates.len();
            Some(output::new_file(&header, &candidates))
        };
        let Some(contents) = result else { continue };
        if options.dry_run {
            progress.suspend(|| out(&format!("# --- {}\n{contents}", target.display())));
        } else if let Err(error) = std::fs::create_dir_all(&directory).and_then(|()| write_atomic(&target, &contents)) {
            progress.suspend(|| message(&format!("error: cannot write {}: {error}", target.display())));
            all_ok = false;
        }
    }
    progress.finish_and_clear();
    message(&format!(
        "{} candidates from {} text{}: {written} new claim files, {merged} merged, {added} claims added{}",
        proposed,
        texts.len(),
        if texts.len() == 1 { "" } else { "s" },
        if options.dry_run { " (dry run: nothing written)" } else { "" }
    ));
    Ok(all_ok)
}
