//! Code actions on a claim: "Add an as-of date" for a claim with no time scope (it inserts the
//! source's publication date, which is what the claim means anyway, so the date is visible and
//! easy to correct), and "Mark as target" / "Mark as forecast" for a claim with no `modality`
//! (targets and forecasts never contradict actual values).

use crate::check::Checked;
use crate::lsp::locate::{claim_at, has_field};
use crate::lsp::position::LineIndex;
use crate::model::claim::TimeKind;
use crate::model::ids::FileId;
use lsp_types::{CodeAction, CodeActionKind, TextEdit, Uri, WorkspaceEdit};
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};

/// The kind of every action offered.
pub const KIND: CodeActionKind = CodeActionKind::REFACTOR_REWRITE;

/// Where a new field goes: at the start of the line after the claim's value (or, for a claim
/// without a value, after its id), with the value line's indentation. Returns the offset and the
/// text to insert before the field (a newline when the value is on the file's last line).
fn insertion_point(text: &str, after: usize) -> (usize, String, String) {
    let index = LineIndex::new(text);
    let line = index.line_of(after);
    let line_start = index.line_start(line);
    let indent: String = text[line_start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    if line + 1 < index.line_count() {
        (index.line_start(line + 1), String::new(), indent)
    } else {
        (text.len(), "\n".to_string(), indent)
    }
}

/// A text edit inserting `field = "value"` as a new line after the line holding byte `after`.
pub fn insert_field(text: &str, after: usize, field: &str, value: &str) -> TextEdit {
    let (offset, before, indent) = insertion_point(text, after);
    let position = LineIndex::new(text).position(offset);
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    TextEdit {
        range: lsp_types::Range { start: position, end: position },
        new_text: format!("{before}{indent}{field} = \"{escaped}\"\n"),
    }
}

fn action(title: String, uri: &Uri, edit: TextEdit) -> CodeAction {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), vec![edit]);
    CodeAction {
        title,
        kind: Some(KIND),
        diagnostics: None,
        edit: Some(WorkspaceEdit { changes: Some(changes), document_changes: None, change_annotations: None }),
        command: None,
        is_preferred: None,
        disabled: None,
        data: None,
    }
}

/// The `published` date of a claim file's `[source]`, as written ("2021-11-29", "November 2021").
pub fn published_as_written(text: &str) -> Option<String> {
    let (document, _) = DeTable::parse_recoverable(text);
    let source = document.get_ref().get("source")?;
    let DeValue::Table(source) = source.get_ref() else { return None };
    match source.get("published")?.get_ref() {
        DeValue::String(date) => Some(date.trim().to_string()),
        DeValue::Datetime(date) => Some(date.to_string()),
        _ => None,
    }
}

/// The actions for the claim whose table holds byte `offset` of `file`; edits are addressed to
/// `uri`.
pub fn code_actions(checked: &Checked, file: FileId, offset: usize, uri: &Uri) -> Vec<CodeAction> {
    let Some(at) = claim_at(checked, file, offset) else { return Vec::new() };
    let store = &checked.project.store;
    let claim = store.claim(at.claim);
    let text = &checked.project.files.get(file).text;
    let after = if claim.value_span.file == file { claim.value_span.end as usize } else { claim.span.end as usize };
    let mut actions = Vec::new();
    if claim.time.kind == TimeKind::Published && !has_field(text, &at.table, "as_of") {
        let date = published_as_written(text).unwrap_or_else(|| store.source(claim.source).published.to_string());
        let edit = insert_field(text, after, "as_of", &date);
        actions.push(action(format!("Add an as-of date ({date}, the publication date)"), uri, edit));
    }
    if !has_field(text, &at.table, "modality") {
        for modality in ["target", "forecast"] {
            let edit = insert_field(text, after, "modality", modality);
            actions.push(action(format!("Mark as {modality}"), uri, edit));
        }
    }
    actions
}
