//! Short output: one line per finding, `path:line:col: severity code: message`, for grep and for
//! editors' quickfix lists (Vim's `errorformat` `%f:%l:%c: %m`, Emacs' compilation mode).

use crate::check::Checked;
use crate::finding::Finding;
use crate::report::Summary;

/// One finding as one line (newlines in the message folded to spaces).
pub fn line(checked: &Checked, finding: &Finding, prefix: &str) -> String {
    let files = &checked.project.files;
    let location = match finding.primary_span() {
        Some(span) => {
            let at = files.line_col(span.file, span.start as usize);
            format!("{prefix}{}:{}:{}", files.get(span.file).path, at.line, at.column)
        }
        None => format!("{prefix}."),
    };
    let message: String = finding.message.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{location}: {} {}: {message}", finding.severity, finding.code)
}

/// Every finding, one per line, then the summary line.
pub fn render(checked: &Checked, summary: &Summary, prefix: &str) -> String {
    crate::report::one_per_line(checked, summary, |finding| line(checked, finding, prefix))
}
