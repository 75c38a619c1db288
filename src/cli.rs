//! The command line: argument parsing and the only code that writes to stdout and stderr.
//!
//! Exit codes: 0 when no finding is an error, 1 when one is, 2 when claimcheck could not run
//! (bad arguments, unreadable project). A closed pipe (`claimcheck check | head`) is not an error.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::check::{Checked, check_project};
use crate::report::Summary;
use crate::report::human::{self, HumanOptions};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// claimcheck: a fact-consistency checker for claims from news articles.
#[derive(Parser, Debug)]
#[command(name = "claimcheck", version, about, long_about = None)]
pub struct Cli {
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colours when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// One JSON document, for editors and tools (schema: docs/json.md).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// One line per finding, `path:line:col: severity code: message`, for grep and quickfix lists.
    Short,
    /// A self-contained HTML evidence page: claims side by side, quotes in their articles,
    /// values and dates drawn, filters; reviewed findings included.
    Html,
}

/// A verdict, on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerdictArg {
    /// A real contradiction.
    Confirmed,
    /// Not a contradiction.
    FalseAlarm,
    /// Decide later.
    Deferred,
}

impl From<VerdictArg> for crate::model::review::Verdict {
    fn from(verdict: VerdictArg) -> Self {
        match verdict {
            VerdictArg::Confirmed => Self::Confirmed,
            VerdictArg::FalseAlarm => Self::FalseAlarm,
            VerdictArg::Deferred => Self::Deferred,
        }
    }
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the claims of a project (a directory with claims/ and rules/) against its rules.
    Check {
        /// The project directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Wrap human output at this width (default: the terminal's, or 100).
        #[arg(long)]
        width: Option<usize>,
        /// Report only findings that involve claims or rules added or changed since this git
        /// revision (the whole project is still checked, so a new claim that contradicts an old
        /// one is reported).
        #[arg(long, value_name = "REVISION")]
        changed_since: Option<String>,
        /// Show findings covered by a review in reviews.toml too (human, short and github output;
        /// JSON, SARIF and HTML always carry them, with their review).
        #[arg(long)]
        show_reviewed: bool,
    },
    /// Record a verdict on a finding in reviews.toml: a reviewed finding no longer fails `check`,
    /// until one of its claims changes.
    Review {
        /// The finding's fingerprint, as `check` prints it (a unique prefix is enough).
        fingerprint: String,
        /// confirmed (a real contradiction), false-alarm, or deferred (decide later).
        #[arg(long, value_enum)]
        verdict: VerdictArg,
        /// Why: what you checked and what you found (required).
        #[arg(long)]
        reason: String,
        /// The claim that is right, as source/claim (for a confirmed contradiction).
        #[arg(long, value_name = "SOURCE/CLAIM")]
        correct: Option<String>,
        /// Who reviewed (default: $CLAIMCHECK_REVIEWER, else none).
        #[arg(long)]
        by: Option<String>,
        /// A link to the evidence; repeat for more.
        #[arg(long, value_name = "URL")]
        evidence: Vec<String>,
        /// The project directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Record every current finding that has no review as `deferred`, with one reason: adopting
    /// claimcheck on an existing corpus without a red CI, then working through the list.
    Baseline {
        /// Why these findings are accepted for now.
        #[arg(long, default_value = "recorded by `claimcheck baseline` when claimcheck was adopted; not yet reviewed")]
        reason: String,
        /// Who (default: $CLAIMCHECK_REVIEWER, else none).
        #[arg(long)]
        by: Option<String>,
        /// The project directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Propose candidate claims from article text, using the vocabulary of the project's rules/
    /// (and its `[[pattern]]`s, if any), as claim files for a person to review.
    Extract(crate::extract::run::Options),
    /// Explain a finding (by fingerprint, or its first characters) or a claim (source/claim):
    /// the rule, every claim involved, each derivation step, down to the quotes.
    Explain {
        /// A fingerprint printed by `check`, or a claim as source/claim.
        target: String,
        /// The project directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Wrap at this width (default: the terminal's, or 100).
        #[arg(long)]
        width: Option<usize>,
    },
    /// Export the project's data for other tools: `claimreview` (schema.org ClaimReview JSON-LD).
    Export {
        /// What to export.
        #[command(subcommand)]
        kind: ExportKind,
    },
    /// Run the language server over stdio, for editors.
    Lsp,
}

/// What `export` writes (one subcommand per kind).
#[derive(Subcommand, Debug)]
pub enum ExportKind {
    /// schema.org ClaimReview JSON-LD (fact-check markup) for every finding whose review in
    /// reviews.toml is in force with verdict confirmed or false-alarm: one ClaimReview per claim
    /// judged (see docs/claimreview.md).
    Claimreview {
        /// The project directory.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The organization publishing the fact checks: the author of every ClaimReview
        /// (default: each review's `by`, as a person; a review without one is then an error).
        #[arg(long, value_name = "NAME")]
        publisher: Option<String>,
        /// Where the review pages are: a review's url is URL/FINGERPRINT (default: the review's
        /// first evidence link; a review without one is then an error).
        #[arg(long, value_name = "URL")]
        url_base: Option<String>,
    },
}

/// Exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No error-severity findings.
    Clean = 0,
    /// At least one error-severity finding.
    Findings = 1,
    /// claimcheck could not run.
    Failure = 2,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        ExitCode::from(status as u8)
    }
}

/// Parse arguments and run.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { Status::Failure.into() } else { Status::Clean.into() };
        }
    };
    run(cli).into()
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn terminal_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok())
    {
        return columns.clamp(40, 400);
    }
    100
}

/// Write to stdout; a closed pipe ends the program quietly.
fn emit(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => false,
        Err(e) => {
            eprintln!("claimcheck: cannot write output: {e}");
            false
        }
    }
}

fn fatal(error: &crate::load::FatalError) -> Status {
    eprintln!("error: {}", error.message);
    if let Some(help) = &error.help {
        eprintln!("  help: {help}");
    }
    Status::Failure
}

fn status_of(checked: &Checked) -> Status {
    if checked.has_errors() { Status::Findings } else { Status::Clean }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Status {
    match cli.command {
        Command::Check { dir, format, width, changed_since, show_reviewed } => {
            let mut checked = match check_project(&dir) {
                Ok(checked) => checked,
                Err(error) => return fatal(&error),
            };
            let hide_reviewed = !show_reviewed && matches!(format, Format::Human | Format::Short | Format::Github);
            if let Some(revision) = changed_since {
                match crate::changed::Changes::since(&checked, &revision) {
                    Ok(changes) => changes.filter(&mut checked),
                    Err(error) => return fatal(&error),
                }
            }
            let summary = Summary::of(&checked);
            if hide_reviewed {
                checked.findings.retain(|f| !crate::check::is_reviewed(f));
            }
            let prefix = crate::report::path_prefix(&dir);
            let text = match format {
                Format::Human => {
                    let options = HumanOptions {
                        color: use_color(cli.color),
                        width: width.unwrap_or_else(terminal_width),
                        unicode: true,
                    };
                    human::render(&checked.findings, &checked.project.files, &summary, &options)
                }
                Format::Json => crate::report::json::render(&checked, &summary),
                Format::Sarif => crate::report::sarif::render(&checked, &prefix),
                Format::Github => crate::report::github::render(&checked, &summary, &prefix),
                Format::Short => crate::report::short::render(&checked, &summary, &prefix),
                Format::Html => crate::report::html::render(&checked, &summary),
            };
            emit(&text);
            status_of(&checked)
        }
        Command::Extract(options) => {
            match crate::extract::run::run(
                &options,
                &mut |text| {
                    emit(text);
                },
                &mut |message| eprintln!("{message}"),
            ) {
                Ok(true) => Status::Clean,
                Ok(false) => Status::Findings,
                Err(error) => fatal(&error),
            }
        }
        Command::Review { fingerprint, verdict, reason, correct, by, evidence, dir } => {
            let request = crate::review::Request {
                fingerprint: Some(fingerprint),
                verdict: verdict.into(),
                reason,
                correct,
                by: by.or_else(reviewer),
                evidence,
                date: today(),
            };
            record_reviews(&dir, &request)
        }
        Command::Baseline { reason, by, dir } => {
            let request = crate::review::Request {
                fingerprint: None,
                verdict: crate::model::review::Verdict::Deferred,
                reason,
                correct: None,
                by: by.or_else(reviewer),
                evidence: Vec::new(),
                date: today(),
            };
            record_reviews(&dir, &request)
        }
        Command::Export { kind: ExportKind::Claimreview { dir, publisher, url_base } } => {
            let checked = match check_project(&dir) {
                Ok(checked) => checked,
                Err(error) => return fatal(&error),
            };
            let options = crate::report::claimreview::Options { publisher, url_base };
            match crate::report::claimreview::export(&checked, &options) {
                Ok(export) => {
                    emit(&crate::report::claimreview::render(&export));
                    eprintln!("{}", export.describe());
                    Status::Clean
                }
                Err(message) => {
                    for line in message.lines() {
                        eprintln!("error: {line}");
                    }
                    Status::Failure
                }
            }
        }
        Command::Lsp => match crate::lsp::serve() {
            Ok(()) => Status::Clean,
            Err(message) => {
                eprintln!("error: {message}");
                Status::Failure
            }
        },
        Command::Explain { target, dir, width } => {
            let checked = match check_project(&dir) {
                Ok(checked) => checked,
                Err(error) => return fatal(&error),
            };
            match crate::report::explain::resolve(&checked, &target) {
                Ok(resolved) => {
                    let options = HumanOptions {
                        color: use_color(cli.color),
                        width: width.unwrap_or_else(terminal_width),
                        unicode: true,
                    };
                    emit(&crate::report::explain::render(&checked, &resolved, &options));
                    Status::Clean
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    Status::Failure
                }
            }
        }
    }
}

/// The reviewer named by `$CLAIMCHECK_REVIEWER`, if set.
fn reviewer() -> Option<String> {
    crate::review::reviewer_from_env()
}

/// Today (UTC) as `YYYY-MM-DD` — or the day of `$SOURCE_DATE_EPOCH` when set (the reproducible-
/// builds convention: tests and scripted runs get the same file every time).
fn today() -> String {
    crate::review::today()
}

/// Check the project, work out the entries `request` asks for, and write them into reviews.toml
/// (atomically, never over an edit made meanwhile).
fn record_reviews(dir: &std::path::Path, request: &crate::review::Request) -> Status {
    let checked = match check_project(dir) {
        Ok(checked) => checked,
        Err(error) => return fatal(&error),
    };
    let entries = match crate::review::entries_for(&checked, request) {
        Ok(entries) => entries,
        Err(message) => {
            eprintln!("error: {message}");
            return Status::Failure;
        }
    };
    if entries.entries.is_empty() {
        // Nothing new: reviews.toml is left as it is (not created empty).
        eprintln!("{}", entries.describe(&crate::review::Recorded::default()));
        return Status::Clean;
    }
    let path = checked.project.root.join(crate::load::reviews::FILE_NAME);
    match crate::load::files::update_confined(&checked.project.root, &path, |existing| {
        crate::review::record(existing, &entries.entries)
    }) {
        Ok(done) => {
            eprintln!("{}", entries.describe(&done));
            Status::Clean
        }
        Err(message) => {
            eprintln!("error: {}: {message}", crate::load::reviews::FILE_NAME);
            Status::Failure
        }
    }
}
