//! Code actions on a claim: "Add an as-of date" for a claim with no time scope (it inserts the
//! source's publication date, which is what the claim means anyway, so the date is visible and
//! easy to correct), and "Mark as target" / "Mark as forecast" for a claim with no `modality`
//! (targets and forecasts never contradict actual values). On a claim a finding involves, a
//! modality is offered only when the claim's quote has a cue word for it ("aims to", "expected"):
//! otherwise marking it would explain a real contradiction away.
//!
//! On a claim a live finding involves (a rule's finding, with no review in force), the review
//! actions ([`review_actions`]) record a verdict in the project's `reviews.toml`: "Record as false
//! alarm", "Confirm", and "Confirm: SOURCE/CLAIM is right" for each claim. The entry they write has
//! the placeholder reason [`PLACEHOLDER_REASON`], which the loader refuses: the entry does nothing
//! until the person writes the reason.
//!
//! On a candidate claim (one `claimcheck extract` proposed, with a `candidate` table), "Accept
//! candidate claim" deletes the `candidate` table and "Discard candidate claim" deletes the whole
//! `[[claim]]` table. Both find what to delete in the claim file's TOML tree, parsed again, so a
//! header-like line inside a multi-line string is never taken for a table boundary.

use crate::check::{Checked, is_reviewed};
use crate::finding::Finding;
use crate::load::reviews::{FILE_NAME, PLACEHOLDER_REASON};
use crate::lsp::locate::{claim_at, has_field};
use crate::lsp::position::LineIndex;
use crate::model::claim::{Modality, TimeKind};
use crate::model::ids::{ClaimId, FileId};
use crate::model::review::Verdict;
use crate::review::{Entry, digest_of, is_about_reviews, record};
use lsp_types::{
    CodeAction, CodeActionDisabled, CodeActionKind, CreateFile, CreateFileOptions, DocumentChangeOperation,
    DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};
use serde_json::Value;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The kind of the actions that edit a claim.
pub const KIND: CodeActionKind = CodeActionKind::REFACTOR_REWRITE;

/// The kind of the review actions: they deal with a diagnostic (it becomes a hint once the
/// reason is written).
pub const REVIEW_KIND: CodeActionKind = CodeActionKind::QUICKFIX;

/// What the client can do with a code action, from its `initialize` capabilities.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientSupport {
    /// `workspace.workspaceEdit.documentChanges` with the `create` resource operation: an edit
    /// may create `reviews.toml` when the project has none.
    pub create_files: bool,
    /// `textDocument.codeAction.disabledSupport`: an action that cannot be applied is sent
    /// disabled, with the reason, rather than left out.
    pub disabled_actions: bool,
}

impl ClientSupport {
    /// Read from the `capabilities` of `initialize` parameters (leniently: anything missing or
    /// malformed is no support).
    pub fn from_initialize(params: &Value) -> Self {
        let capabilities = &params["capabilities"];
        let edit = &capabilities["workspace"]["workspaceEdit"];
        let operations = edit["resourceOperations"].as_array();
        ClientSupport {
            create_files: edit["documentChanges"].as_bool() == Some(true)
                && operations.is_some_and(|ops| ops.iter().any(|op| op == "create")),
            disabled_actions: capabilities["textDocument"]["codeAction"]["disabledSupport"].as_bool() == Some(true),
        }
    }
}

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

fn action(title: String, uri: &Uri, edits: Vec<TextEdit>) -> CodeAction {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
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
    if let Some(candidate) = claim.candidate.filter(|c| c.file == file) {
        let id_at = claim.span.start as usize;
        let deletions = |ranges: Vec<Range<usize>>| -> Vec<TextEdit> {
            let index = LineIndex::new(text);
            ranges.into_iter().map(|r| TextEdit { range: index.range(r), new_text: String::new() }).collect()
        };
        let written = candidate.start as usize..candidate.end as usize;
        if let Some(ranges) = candidate_deletion(text, id_at, written) {
            actions.push(action(format!("Accept candidate claim `{}`", claim.id), uri, deletions(ranges)));
        }
        if let Some(table) = claim_extent(text, id_at) {
            actions.push(action(format!("Discard candidate claim `{}`", claim.id), uri, deletions(vec![table])));
        }
    }
    if claim.time.kind == TimeKind::Published && !has_field(text, &at.table, "as_of") {
        let date = published_as_written(text).unwrap_or_else(|| store.source(claim.source).published.to_string());
        let edit = insert_field(text, after, "as_of", &date);
        actions.push(action(format!("Add an as-of date ({date}, the publication date)"), uri, vec![edit]));
    }
    if !has_field(text, &at.table, "modality") {
        let in_a_finding = checked.findings.iter().any(|f| !is_about_reviews(f) && involves(checked, f, at.claim));
        for modality in [Modality::Target, Modality::Forecast] {
            if in_a_finding && !has_cue(&claim.quote.text, modality) {
                continue;
            }
            let edit = insert_field(text, after, "modality", modality.as_str());
            actions.push(action(format!("Mark as {}", modality.as_str()), uri, vec![edit]));
        }
    }
    actions
}

/// Whether `finding` involves `claim`: one of its claims, or a stated claim one of its derived
/// claims rests on.
fn involves(checked: &Checked, finding: &Finding, claim: ClaimId) -> bool {
    let store = &checked.project.store;
    finding.claims.iter().any(|&c| c == claim || crate::rules::describe::roots(store, c).contains(&claim))
}

/// Whether `quote` has one of extraction's cue words for `modality` ("aims to", "target" for a
/// target; "expected", "will" for a forecast), as whole words.
pub fn has_cue(quote: &str, modality: Modality) -> bool {
    let lower = quote.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    crate::extract::lexicon::MODALITY_CUES.iter().filter(|(_, m)| *m == modality).any(|(cue, _)| {
        let cue: Vec<&str> = cue.split_whitespace().collect();
        words.windows(cue.len()).any(|window| window == cue.as_slice())
    })
}

/// The review actions for the claim whose table holds byte `offset` of `file`: for each rule
/// finding that involves the claim and has no review in force (none, or an outdated one), "Record
/// as false alarm in reviews.toml", "Confirm in reviews.toml" and, for each of the finding's
/// claims, "Confirm: SOURCE/CLAIM is right". Each inserts (or updates) the finding's entry in
/// reviews.toml, at `reviews_uri`, with the full fingerprint, the verdict, the digest of the claims,
/// today's date, `by` from `$CLAIMCHECK_REVIEWER` when set, and the reason
/// [`PLACEHOLDER_REASON`] for the person to replace. When several findings involve the claim, each
/// title ends with the finding's code and the start of its fingerprint.
///
/// The new text comes from [`record`] applied to reviews.toml as the check read it (the editor's
/// buffer when it is open, else the file): an existing file gets one text edit (the changed part);
/// a missing one is created (`documentChanges`: a `CreateFile`, then the text), if the client
/// supports that. An action that cannot be made (the client cannot create files, reviews.toml is
/// not valid TOML or could not be read) is sent disabled with the reason, or left out when the
/// client does not support disabled actions.
pub fn review_actions(
    checked: &Checked,
    file: FileId,
    offset: usize,
    reviews_uri: &Uri,
    client: ClientSupport,
) -> Vec<CodeAction> {
    let Some(at) = claim_at(checked, file, offset) else { return Vec::new() };
    let project = &checked.project;
    let findings: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| !f.claims.is_empty() && !is_about_reviews(f) && !is_reviewed(f) && involves(checked, f, at.claim))
        .collect();
    if findings.is_empty() {
        return Vec::new();
    }
    let existing: Result<Option<&str>, String> = match project.reviews_file {
        Some(reviews) => Ok(Some(project.files.get(reviews).text.as_str())),
        None if project.root.join(FILE_NAME).symlink_metadata().is_ok() => {
            Err(format!("{FILE_NAME} could not be read (see its diagnostic)"))
        }
        None => Ok(None),
    };
    let by = crate::review::reviewer_from_env();
    let date = crate::review::today();
    let mut actions = Vec::new();
    for finding in &findings {
        let suffix = if findings.len() > 1 {
            format!(" ({} {})", finding.code, &finding.fingerprint[..finding.fingerprint.len().min(8)])
        } else {
            String::new()
        };
        let identities: Vec<String> = finding.claims.iter().map(|&c| project.store.claim_identity(c)).collect();
        let mut choices = vec![
            (format!("Record as false alarm in {FILE_NAME}"), Verdict::FalseAlarm, None),
            (format!("Confirm in {FILE_NAME}"), Verdict::Confirmed, None),
        ];
        choices
            .extend(identities.iter().map(|i| (format!("Confirm: {i} is right"), Verdict::Confirmed, Some(i.clone()))));
        for (title, verdict, correct) in choices {
            let entry = Entry {
                fingerprint: finding.fingerprint.clone(),
                verdict,
                reason: PLACEHOLDER_REASON.to_string(),
                correct,
                by: by.clone(),
                date: Some(date.clone()),
                evidence: Vec::new(),
                claims: digest_of(project, &finding.claims),
            };
            let edit = existing.clone().and_then(|text| review_edit(text, &entry, reviews_uri, client));
            let mut found = CodeAction {
                title: format!("{title}{suffix}"),
                kind: Some(REVIEW_KIND),
                diagnostics: None,
                edit: None,
                command: None,
                is_preferred: None,
                disabled: None,
                data: Some(serde_json::json!({ "fingerprint": finding.fingerprint })),
            };
            match edit {
                Ok(edit) => found.edit = Some(edit),
                Err(reason) if client.disabled_actions => found.disabled = Some(CodeActionDisabled { reason }),
                Err(_) => continue,
            }
            actions.push(found);
        }
    }
    actions
}

/// The workspace edit recording `entry` in reviews.toml, whose text is `existing` (`None`: no file
/// yet).
fn review_edit(
    existing: Option<&str>,
    entry: &Entry,
    uri: &Uri,
    client: ClientSupport,
) -> Result<WorkspaceEdit, String> {
    let old = existing.unwrap_or("");
    let (new, _) =
        record(old, std::slice::from_ref(entry)).map_err(|e| format!("{FILE_NAME} is not valid TOML: {e}"))?;
    if existing.is_some() {
        let mut changes = HashMap::new();
        changes.insert(uri.clone(), vec![changed_part(old, &new)]);
        return Ok(WorkspaceEdit { changes: Some(changes), document_changes: None, change_annotations: None });
    }
    if !client.create_files {
        return Err(format!("the editor cannot create files for the server: create an empty {FILE_NAME} first"));
    }
    let start = lsp_types::Position { line: 0, character: 0 };
    let operations = vec![
        DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri: uri.clone(),
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
            annotation_id: None,
        })),
        DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: uri.clone(), version: None },
            edits: vec![OneOf::Left(TextEdit { range: lsp_types::Range { start, end: start }, new_text: new })],
        }),
    ];
    Ok(WorkspaceEdit {
        changes: None,
        document_changes: Some(DocumentChanges::Operations(operations)),
        change_annotations: None,
    })
}

/// One text edit turning `old` into `new`: the part between their common start and common end
/// (whole characters), so the rest of the buffer — and the cursor in it — stays put.
pub fn changed_part(old: &str, new: &str) -> TextEdit {
    let prefix: usize = old.chars().zip(new.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a.len_utf8()).sum();
    let suffix: usize = old[prefix..]
        .chars()
        .rev()
        .zip(new[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let index = LineIndex::new(old);
    TextEdit { range: index.range(prefix..old.len() - suffix), new_text: new[prefix..new.len() - suffix].to_string() }
}

/// The byte where the line holding `offset` starts.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |newline| newline + 1)
}

/// The byte just after the end of the line holding `offset`, its newline included (the end of the
/// text on the last line).
fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find('\n').map_or(text.len(), |newline| offset + newline + 1)
}

/// Whether a table value is written as a `[header]` or `[[header]]` (not inline, not dotted keys).
fn is_header(text: &str, value: &Spanned<DeValue<'_>>) -> bool {
    text.get(value.span()).is_some_and(|written| written.starts_with('['))
}

/// The start of every table header in `table` and below it.
fn header_starts(text: &str, table: &DeTable<'_>, out: &mut Vec<usize>) {
    for (_, value) in table.iter() {
        match value.get_ref() {
            DeValue::Table(inner) => {
                if is_header(text, value) {
                    out.push(value.span().start);
                }
                header_starts(text, inner, out);
            }
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::Table(inner) = item.get_ref() {
                        if is_header(text, item) {
                            out.push(item.span().start);
                        }
                        header_starts(text, inner, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The `[[claim]]` table (its span is its header) whose `id` value holds byte `id_at`.
fn claim_item<'a, 'i>(document: &'a DeTable<'i>, id_at: usize) -> Option<&'a Spanned<DeValue<'i>>> {
    let DeValue::Array(claims) = document.get("claim")?.get_ref() else { return None };
    claims.iter().find(|item| match item.get_ref() {
        DeValue::Table(table) => table.get("id").is_some_and(|id| id.span().contains(&id_at)),
        _ => false,
    })
}

/// The bytes of the `[[claim]]` table whose `id` value holds byte `id_at`: from the start of its
/// header line to the start of the line of the next header that is not one of the claim's own
/// sub-tables (`[claim.qualifiers]`), or to the end of the text. Comments and blank lines above
/// the next header go with the claim; those above its own header stay. `None` when the text is
/// not valid TOML or has no such claim.
pub fn claim_extent(text: &str, id_at: usize) -> Option<Range<usize>> {
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return None;
    }
    let item = claim_item(document.get_ref(), id_at)?;
    let DeValue::Table(table) = item.get_ref() else { return None };
    let header = item.span().start;
    let mut own = Vec::new();
    header_starts(text, table, &mut own);
    let mut all = Vec::new();
    header_starts(text, document.get_ref(), &mut all);
    let end =
        all.into_iter().filter(|h| *h > header && !own.contains(h)).min().map_or(text.len(), |h| line_start(text, h));
    Some(line_start(text, header)..end)
}

/// The bytes to delete to accept a candidate claim: its `candidate` table, as the loader found it
/// at `written` (the claim's [`Claim::candidate`](crate::model::claim::Claim::candidate)) in the
/// claim whose `id` value holds byte `id_at`. Written inline (`candidate = { ... }`, on one line or
/// several), that is the whole lines from the key to the closing brace, newline included; as a
/// `[claim.candidate]` sub-table, from its header line to the next header line (or the end of the
/// text); as dotted keys (`candidate.why = "..."`), each of their lines. The ranges are in order
/// and do not overlap. `None` when the text is not valid TOML or the table is not found.
pub fn candidate_deletion(text: &str, id_at: usize, written: Range<usize>) -> Option<Vec<Range<usize>>> {
    let written_text = text.get(written.clone())?;
    if written_text.starts_with('{') {
        let lines = line_start(text, written.start)..line_end(text, written.end);
        return Some(vec![lines]);
    }
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return None;
    }
    if written_text.starts_with('[') {
        let mut all = Vec::new();
        header_starts(text, document.get_ref(), &mut all);
        let end = all.into_iter().filter(|h| *h > written.start).min().map_or(text.len(), |h| line_start(text, h));
        let table = line_start(text, written.start)..end;
        return Some(vec![table]);
    }
    // Dotted keys: one line per key, merged where they follow each other.
    let DeValue::Table(claim) = claim_item(document.get_ref(), id_at)?.get_ref() else { return None };
    let DeValue::Table(candidate) = claim.get("candidate")?.get_ref() else { return None };
    let mut ranges: Vec<Range<usize>> = candidate
        .iter()
        .map(|(key, value)| line_start(text, key.span().start)..line_end(text, value.span().end))
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    (!merged.is_empty()).then_some(merged)
}

/// What a claim's `candidate` table says, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CandidateNote {
    /// The extractor's confidence, a number from 0 to 1 as written ("0.82").
    pub confidence: Option<String>,
    /// What the extractor read ("property `trade` from \"trade\"; ...").
    pub why: Option<String>,
}

/// The `candidate` table of the claim whose `id` value holds byte `id_at`, if it has one.
pub fn candidate_note(text: &str, id_at: usize) -> Option<CandidateNote> {
    let (document, _) = DeTable::parse_recoverable(text);
    let DeValue::Table(claim) = claim_item(document.get_ref(), id_at)?.get_ref() else { return None };
    let DeValue::Table(candidate) = claim.get("candidate")?.get_ref() else { return None };
    let string = |key: &str| match candidate.get(key).map(Spanned::get_ref) {
        Some(DeValue::String(s)) => Some(s.trim().to_string()),
        _ => None,
    };
    Some(CandidateNote { confidence: string("confidence"), why: string("why") })
}
