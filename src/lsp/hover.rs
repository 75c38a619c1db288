//! Hover on a claim: its key (subject, property, qualifiers) and a table of every claim in the
//! store with that key — what each source says, for which time, with which modality, and whether
//! a rule derived it. For a candidate claim (one `claimcheck extract` proposed, not reviewed yet),
//! also the extractor's confidence and its reasons (`why`).

use crate::check::Checked;
use crate::lsp::actions::candidate_note;
use crate::lsp::locate::claim_at;
use crate::model::claim::{Provenance, QualifierValue};
use crate::model::ids::{ClaimId, FileId};
use crate::rules::describe::{time_text, value_text};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use std::fmt::Write;

/// A markdown table cell: pipes escaped, on one line.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Inline code that survives backticks in the text.
fn code(text: &str) -> String {
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

/// The key of a claim in words: "subject **Arcadia** (`arcadia`) · property **bilateral trade**
/// (`trade`) · partner **Borduria** (`borduria`)".
pub fn key_markdown(checked: &Checked, id: ClaimId) -> String {
    let store = &checked.project.store;
    let key = store.key(store.claim_key(id));
    let entity = |e| {
        let entity = store.entities.get(e);
        format!("**{}** ({})", cell(&entity.name), code(&entity.id))
    };
    let property = store.property(key.property);
    let mut text =
        format!("subject {} · property **{}** ({})", entity(key.subject), cell(&property.name), code(&property.id));
    for (name, value) in &key.qualifiers {
        let value = match value {
            QualifierValue::Entity(e) => entity(*e),
            QualifierValue::Text(t) => code(t),
        };
        let _ = write!(text, " · {name} {value}");
    }
    text
}

/// The value as its source wrote it: the text in the claim file for stated claims, the computed
/// value for derived ones.
pub fn value_as_written(checked: &Checked, id: ClaimId) -> String {
    let store = &checked.project.store;
    let claim = store.claim(id);
    let written = checked.project.files.snippet(claim.value_span).trim();
    if claim.is_derived() || written.is_empty() {
        value_text(store, claim)
    } else {
        written.trim_matches(['"', '\'']).to_string()
    }
}

/// For a candidate claim, what its `candidate` table says: "**candidate** proposed by
/// `claimcheck extract`, not reviewed yet · confidence **0.82**", then the extractor's `why` and how
/// to accept or discard the claim. `None` for reviewed and derived claims.
pub fn candidate_markdown(checked: &Checked, id: ClaimId) -> Option<String> {
    let claim = checked.project.store.claim(id);
    let written = claim.candidate?;
    if claim.is_derived() || written.file != claim.span.file {
        return None;
    }
    let text = &checked.project.files.get(claim.span.file).text;
    let note = candidate_note(text, claim.span.start as usize).unwrap_or_default();
    let mut out = "**candidate** proposed by `claimcheck extract`, not reviewed yet".to_string();
    if let Some(confidence) = &note.confidence {
        let _ = write!(out, " · confidence **{}**", cell(confidence));
    }
    out.push_str("\n\n");
    if let Some(why) = note.why.as_deref().filter(|w| !w.is_empty()) {
        // The extractor writes `why` in markdown already (property ids in backticks).
        let _ = writeln!(out, "why: {}\n", why.replace(['\n', '\r'], " "));
    }
    out.push_str(
        "A finding that rests only on candidates is at most a warning. Accept the claim by deleting its \
         `candidate` table, discard it by deleting the claim (both are code actions).\n\n",
    );
    Some(out)
}

/// The hover text of a claim, in markdown.
pub fn markdown(checked: &Checked, id: ClaimId) -> String {
    let store = &checked.project.store;
    let claim = store.claim(id);
    let mut out = String::new();
    let _ = writeln!(out, "**claim** {}\n", code(&store.claim_identity(id)));
    let _ = writeln!(out, "**key**: {}\n", key_markdown(checked, id));
    if let Some(candidate) = candidate_markdown(checked, id) {
        out.push_str(&candidate);
    }
    if !claim.quote.text.is_empty() {
        let _ = writeln!(out, "> {}\n", cell(&claim.quote.text));
    }
    let claims = store.claims_of_key(store.claim_key(id));
    let plural = if claims.len() == 1 { "" } else { "s" };
    let _ = writeln!(out, "{} claim{plural} with this key:\n", claims.len());
    out.push_str("| source | value as written | time | modality | derived |\n");
    out.push_str("|---|---|---|---|---|\n");
    for &other in claims {
        let c = store.claim(other);
        let source = store.source(c.source);
        let mut source_cell = format!("{} ({})", code(&source.id), cell(&source.publisher));
        if other == id {
            source_cell = format!("**{source_cell}** ← this claim");
        }
        let derived = match &c.provenance {
            Provenance::Stated => "no".to_string(),
            Provenance::Derived(d) => {
                let rule = checked.project.rules.get(d.rule.index()).map_or("a rule", |r| r.id.as_str());
                format!("yes, by {}: {}", code(rule), cell(&d.step))
            }
        };
        let _ = writeln!(
            out,
            "| {source_cell} | {} | {} | {} | {derived} |",
            cell(&value_as_written(checked, other)),
            cell(&time_text(c)),
            c.modality.as_str(),
        );
    }
    out
}

/// The hover at byte `offset` of `file`: the claim whose table holds the cursor, if any.
pub fn hover(checked: &Checked, file: FileId, offset: usize) -> Option<Hover> {
    let at = claim_at(checked, file, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown(checked, at.claim),
        }),
        range: None,
    })
}
