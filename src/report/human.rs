//! Human output: each finding rendered by miette as a diagnostic with source snippets — the
//! primary file's labels in the main diagnostic, labels in other files (the other claim, the quote
//! in the archived article) as related diagnostics — followed by notes, the likely cause and the
//! fingerprint, the way rustc prints `= note:` lines.

use crate::finding::{Finding, LabelRole, Severity};
use crate::model::ids::FileId;
use crate::report::Summary;
use crate::source::SourceMap;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use std::fmt;

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// Use ANSI colours.
    pub color: bool,
    /// Wrap at this many columns.
    pub width: usize,
    /// Unicode box drawing (else ASCII).
    pub unicode: bool,
}

impl Default for HumanOptions {
    fn default() -> Self {
        HumanOptions { color: false, width: 100, unicode: true }
    }
}

/// A file's text for miette. Short lines are shown whole with a line of context; a long line
/// (an archived article keeps a paragraph per line, a broken file may hold one huge line) is shown
/// as a window of `margin` bytes around the span.
///
/// Every lookup goes through the file's line index, so rendering many findings in one large file
/// costs the size of the excerpts, not the size of the file for each finding.
struct Excerpt<'a> {
    name: &'a str,
    text: &'a str,
    line_starts: &'a [usize],
    max_line: usize,
    margin: usize,
}

impl Excerpt<'_> {
    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    fn contents(&self, range: std::ops::Range<usize>) -> Box<dyn SpanContents<'_> + '_> {
        let text = self.text;
        let line = self.line_of(range.start);
        let line_start = self.line_starts[line];
        let column = text[line_start..range.start].chars().count();
        let line_count = text[range.clone()].matches('\n').count() + 1;
        Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            &text.as_bytes()[range.clone()],
            SourceSpan::new(range.start.into(), range.end - range.start),
            line,
            column,
            line_count,
        ))
    }
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.text;
        let start = span.offset().min(text.len());
        let end = (start + span.len()).min(text.len());
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        if before == 0 && after == 0 {
            // The exact span: miette asks for it to print the header's line and column.
            return Ok(self.contents(start..end));
        }
        let (first_line, last_line) = (self.line_of(start), self.line_of(end));
        let line_start = self.line_starts[first_line];
        let line_end = self.line_starts.get(last_line + 1).map_or(text.len(), |&next| next - 1);
        let longest = text[line_start..line_end].split('\n').map(str::len).max().unwrap_or(0);
        if longest <= self.max_line {
            // miette's own reader, on just the lines it can show: one more line on each side
            // than the context it asks for, so it reads exactly as it would the whole file.
            let window_first = first_line.saturating_sub(before + 1);
            let window_start = self.line_starts[window_first];
            let window_end = self.line_starts.get(last_line + after + 2).copied().unwrap_or(text.len());
            let window = &text[window_start..window_end];
            let local = SourceSpan::new((start - window_start).into(), end - start);
            let c = window.read_span(&local, before, after)?;
            let (data, found, line, column, count) = (c.data(), *c.span(), c.line(), c.column(), c.line_count());
            let span = SourceSpan::new((found.offset() + window_start).into(), found.len());
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_string(),
                data,
                span,
                line + window_first,
                column,
                // miette counts lines from the start of what it reads: from the file's start.
                count + window_first,
            )));
        }
        let mut window_start = start.saturating_sub(self.margin).max(line_start);
        while !text.is_char_boundary(window_start) {
            window_start += 1;
        }
        // Start and end the window at word boundaries when they are close.
        if window_start > line_start
            && let Some(space) = text[window_start..start].find(' ')
        {
            window_start += space + 1;
        }
        let mut window_end = (end + self.margin).min(line_end).max(end);
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        if window_end < line_end
            && let Some(space) = text[end..window_end].rfind(' ')
        {
            window_end = end + space;
        }
        Ok(self.contents(window_start..window_end))
    }
}

/// One diagnostic: a message, a code, and labels in one file.
struct View<'a> {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<Excerpt<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<View<'a>>,
}

impl fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for View<'_> {}

impl Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() { None } else { Some(Box::new(self.labels.iter().cloned())) }
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() { None } else { Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic))) }
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn labels_at(finding: &Finding, indices: &[usize], file: FileId, files: &SourceMap) -> Vec<LabeledSpan> {
    let text_len = files.get(file).text.len();
    indices
        .iter()
        .map(|&i| &finding.labels[i])
        .map(|l| {
            let start = (l.span.start as usize).min(text_len);
            let len = (l.span.end as usize).min(text_len).saturating_sub(start);
            let label = if l.message.is_empty() { None } else { Some(l.message.clone()) };
            if l.role == LabelRole::Primary {
                LabeledSpan::new_primary_with_span(label, SourceSpan::new(start.into(), len))
            } else {
                LabeledSpan::new_with_span(label, SourceSpan::new(start.into(), len))
            }
        })
        .collect()
}

/// Labels further apart than this many lines in one file are shown in snippets of their own.
const NEAR_LINES: usize = 16;
/// Labels further apart than this many bytes (on one long line of an article) likewise.
const NEAR_BYTES: usize = 1000;

/// The snippets a finding is shown in: per file (in the order the labels first name them), its
/// labels grouped so that each is near the one before it. A snippet shows every line between its
/// first and last label, so labels far apart in one file (a cluster of claims all over a long
/// claim file) get a snippet each: the output is bounded by the labels, not by the distance
/// between them. Each snippet is the indices of its labels, in the finding's order.
fn snippets(finding: &Finding, files: &SourceMap) -> Vec<(FileId, Vec<usize>)> {
    let mut order: Vec<FileId> = Vec::new();
    for label in &finding.labels {
        if !order.contains(&label.span.file) {
            order.push(label.span.file);
        }
    }
    let mut out: Vec<(usize, FileId, Vec<usize>)> = Vec::new();
    for file in order {
        let text_len = files.get(file).text.len();
        let mut indices: Vec<usize> =
            (0..finding.labels.len()).filter(|&i| finding.labels[i].span.file == file).collect();
        indices.sort_by_key(|&i| (finding.labels[i].span.start, finding.labels[i].span.end, i));
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut last_end = 0usize;
        for i in indices {
            let span = finding.labels[i].span;
            let (start, end) = ((span.start as usize).min(text_len), (span.end as usize).min(text_len));
            let near = groups.last().is_some() && {
                let lines = files.line_col(file, start).line.saturating_sub(files.line_col(file, last_end).line);
                lines <= NEAR_LINES && start.saturating_sub(last_end) <= NEAR_BYTES
            };
            if near {
                groups.last_mut().expect("a group").push(i);
            } else {
                groups.push(vec![i]);
            }
            last_end = last_end.max(end);
            if !near {
                last_end = end;
            }
        }
        for mut group in groups {
            group.sort();
            out.push((group[0], file, group));
        }
    }
    out.sort_by_key(|(first, _, _)| *first);
    out.into_iter().map(|(_, file, group)| (file, group)).collect()
}

fn source_of(files: &SourceMap, file: FileId) -> Option<Excerpt<'_>> {
    let f = files.get(file);
    // An empty placeholder (an unreadable file) has no snippet to show.
    (!f.text.is_empty()).then_some(Excerpt {
        name: &f.path,
        text: &f.text,
        line_starts: f.line_starts(),
        max_line: 120,
        margin: 30,
    })
}

/// Build the miette view of a finding.
fn view<'a>(finding: &'a Finding, files: &'a SourceMap) -> View<'a> {
    let primary_file = finding.primary_span().map(|s| s.file);
    let primary_index =
        finding.labels.iter().position(|l| l.role == LabelRole::Primary).or((!finding.labels.is_empty()).then_some(0));
    let mut main_labels: Option<(FileId, Vec<usize>)> = None;
    let mut related = Vec::new();
    for (file, group) in snippets(finding, files) {
        if main_labels.is_none() && primary_index.is_some_and(|p| group.contains(&p)) {
            main_labels = Some((file, group));
            continue;
        }
        let f = files.get(file);
        let role = finding.labels[group[0]].role;
        let message = match (role, f.kind) {
            (LabelRole::Evidence, _) | (_, crate::source::FileKind::Article) => {
                format!("note: in the archived article {}", f.path)
            }
            _ => format!("note: in {}", f.path),
        };
        related.push(View {
            message,
            code: None,
            severity: miette::Severity::Advice,
            help: None,
            source: source_of(files, file),
            labels: labels_at(finding, &group, file, files),
            related: Vec::new(),
        });
    }
    let (source, labels) = match &main_labels {
        Some((file, group)) => (source_of(files, *file), labels_at(finding, group, *file, files)),
        None => (None, Vec::new()),
    };
    let message = match primary_file {
        Some(file) if files.get(file).text.is_empty() && !finding.message.contains(&files.get(file).path) => {
            format!("{}: {}", files.get(file).path, finding.message)
        }
        _ => finding.message.clone(),
    };
    let message = format!("{}[{}]: {message}", finding.severity, finding.code);
    View {
        message,
        // The code goes in the message, rustc-style ("error[code]: ..."), not on a line of its own.
        code: None,
        severity: miette_severity(finding.severity),
        help: finding.help.clone(),
        source,
        labels,
        related,
    }
}

/// Render one finding.
pub fn render_finding(finding: &Finding, files: &SourceMap, options: &HumanOptions) -> String {
    let theme = match (options.unicode, options.color) {
        (true, true) => GraphicalTheme::unicode(),
        (true, false) => GraphicalTheme::unicode_nocolor(),
        (false, true) => GraphicalTheme::ascii(),
        (false, false) => GraphicalTheme::none(),
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .without_syntax_highlighting();
    let mut out = String::new();
    // Related diagnostics (labels in other files) are rendered one after the other, each with its
    // own file header, rather than nested: nesting re-wraps their snippets.
    let mut main = view(finding, files);
    let related = std::mem::take(&mut main.related);
    if handler.render_report(&mut out, &main).is_err() {
        out = format!("{}[{}]: {}\n", finding.severity, finding.code, finding.message);
    }
    for other in &related {
        let mut part = String::new();
        if handler.render_report(&mut part, other).is_ok() {
            out.push_str(part.trim_end_matches('\n'));
            out.push('\n');
        }
    }
    let trimmed = out.trim_end().to_string();
    let mut out = trimmed;
    out.push('\n');
    if let Some(cause) = &finding.likely_cause {
        out.push_str(&format!("  = likely cause: {cause}\n"));
    }
    for note in &finding.notes {
        out.push_str(&format!("  = note: {note}\n"));
    }
    if let Some(review) = &finding.review {
        let who = review.attribution().map(|who| format!(" {who}")).unwrap_or_default();
        if review.outdated {
            out.push_str(&format!(
                "  = review: {}{who}, outdated (a claim changed since): {}\n",
                review.verdict.as_str(),
                review.reason
            ));
        } else {
            out.push_str(&format!("  = reviewed: {}{who}: {}\n", review.verdict.as_str(), review.reason));
        }
    }
    if let Some(rule) = &finding.rule {
        out.push_str(&format!("  = rule: {rule}\n"));
    }
    if !finding.fingerprint.is_empty() {
        out.push_str(&format!(
            "  = fingerprint: {} (see `claimcheck explain {}`)\n",
            finding.fingerprint, finding.fingerprint
        ));
    }
    out
}

/// Render every finding and the summary line.
pub fn render(findings: &[Finding], files: &SourceMap, summary: &Summary, options: &HumanOptions) -> String {
    let mut out = String::new();
    for finding in findings {
        out.push_str(&render_finding(finding, files, options));
        out.push('\n');
    }
    out.push_str(&summary.line());
    out.push('\n');
    out
}
