//! GitHub Actions output: one workflow command per finding (`::error file=...,line=...::message`),
//! which GitHub shows as an annotation on the pull request's diff, then the summary line.
//!
//! Errors are `::error`, warnings `::warning`, infos `::notice`. Data and property values are
//! escaped as the runner requires (`%`, CR and LF everywhere; `:` and `,` in properties too).

use crate::check::Checked;
use crate::finding::{Finding, Severity};
use crate::report::Summary;

/// Escape the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One finding as one workflow command.
pub fn command(checked: &Checked, finding: &Finding, prefix: &str) -> String {
    let files = &checked.project.files;
    let kind = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = Vec::new();
    if let Some(span) = finding.primary_span() {
        let start = files.line_col(span.file, span.start as usize);
        let end = files.line_col(span.file, span.end as usize);
        properties.push(format!("file={}", escape_property(&format!("{prefix}{}", files.get(span.file).path))));
        properties.push(format!("line={}", start.line));
        properties.push(format!("endLine={}", end.line));
        // GitHub takes columns only on a single line.
        if start.line == end.line {
            properties.push(format!("col={}", start.column));
            properties.push(format!("endColumn={}", end.column));
        }
    }
    let title = match &finding.rule {
        Some(rule) => format!("claimcheck {} ({rule})", finding.code),
        None => format!("claimcheck {}", finding.code),
    };
    properties.push(format!("title={}", escape_property(&title)));
    let mut message = finding.message.clone();
    if let Some(cause) = &finding.likely_cause {
        message.push_str(&format!("\nlikely cause: {cause}"));
    }
    if let Some(help) = &finding.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    format!("::{kind} {}::{}", properties.join(","), escape_data(&message))
}

/// Every finding as a workflow command, then the summary line.
pub fn render(checked: &Checked, summary: &Summary, prefix: &str) -> String {
    crate::report::one_per_line(checked, summary, |finding| command(checked, finding, prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% of\r\nall"), "50%25 of%0D%0Aall");
        assert_eq!(escape_property("claims/a,b:c.toml"), "claims/a%2Cb%3Ac.toml");
    }
}
