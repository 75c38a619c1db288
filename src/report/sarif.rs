//! SARIF 2.1.0 output, for code-scanning dashboards (GitHub code scanning, Azure DevOps, IDE
//! SARIF viewers): one rule descriptor per declared rule and per loader code, results with their
//! primary location, related locations (the other claims, the quotes in the articles) and a
//! partial fingerprint that survives moving lines.
//!
//! Paths are written as the other formats write them — relative to where claimcheck was run (the
//! project directory as the user named it, then the project-relative path) — against the
//! `uriBaseId` `PROJECTROOT`, whose absolute `file://` URI `originalUriBaseIds` gives.

use crate::check::Checked;
use crate::finding::{Code, Finding, LabelRole, Severity};
use crate::source::{SourceMap, Span};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The SARIF schema the output follows.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of claimcheck's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "claimcheck/v1";

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The rule id a finding is reported under: its rule, or for loader findings its code.
fn rule_id(finding: &Finding) -> String {
    finding.rule.clone().unwrap_or_else(|| finding.code.as_str().to_string())
}

/// A `file://` URI for a directory, ending in a slash, with the characters URIs reserve escaped.
fn directory_uri(path: &std::path::Path) -> String {
    let mut text = path.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        text.insert(0, '/');
    }
    if !text.ends_with('/') {
        text.push('/');
    }
    format!("file://{}", crate::source::percent_encode_path(&text))
}

/// The directory paths are relative to: the project root with the `prefix` the user named it by
/// taken off its end (`/repo/tests/cmd/project` with `tests/cmd/project/` gives `/repo`).
fn base_directory(root: &std::path::Path, prefix: &str) -> std::path::PathBuf {
    let mut base = root.to_path_buf();
    for component in prefix.split('/').filter(|c| !c.is_empty() && *c != ".").rev() {
        if base.file_name().is_some_and(|name| name == component) {
            base.pop();
        } else {
            return root.to_path_buf();
        }
    }
    base
}

fn region(files: &SourceMap, span: Span) -> Value {
    let start = files.line_col(span.file, span.start as usize);
    let end = files.line_col(span.file, span.end as usize);
    let mut region = json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "charOffset": files.get(span.file).text.get(..span.start as usize).map_or(0, |t| t.chars().count()),
        "charLength": files.snippet(span).chars().count(),
    });
    let snippet = files.snippet(span);
    if !snippet.is_empty() {
        region["snippet"] = json!({ "text": snippet });
    }
    region
}

fn physical(files: &SourceMap, span: Span, prefix: &str) -> Value {
    json!({
        "artifactLocation": {
            "uri": crate::source::percent_encode_path(&format!("{prefix}{}", files.get(span.file).path)),
            "uriBaseId": "PROJECTROOT",
        },
        "region": region(files, span),
    })
}

/// The message of a result: the message, then the likely cause and the help.
fn result_text(finding: &Finding) -> String {
    let mut text = finding.message.clone();
    if !text.ends_with('.') {
        text.push('.');
    }
    if let Some(cause) = &finding.likely_cause {
        text.push_str(&format!(" Likely cause: {cause}."));
    }
    if let Some(help) = &finding.help {
        text.push_str(&format!(" Help: {help}"));
    }
    text
}

fn result(checked: &Checked, finding: &Finding, rule_index: usize, prefix: &str) -> Value {
    let files = &checked.project.files;
    let primary = finding.labels.iter().position(|l| l.role == LabelRole::Primary).unwrap_or(0);
    let mut locations = Vec::new();
    let mut related = Vec::new();
    for (index, label) in finding.labels.iter().enumerate() {
        let mut location = json!({ "physicalLocation": physical(files, label.span, prefix) });
        if !label.message.is_empty() {
            location["message"] = json!({ "text": label.message });
        }
        if index == primary {
            locations.push(location);
        } else {
            location["id"] = json!(related.len());
            related.push(location);
        }
    }
    let claims: Vec<String> = finding
        .claims
        .iter()
        .map(|id| {
            let claim = checked.project.store.claim(*id);
            format!("{}/{}", checked.project.store.source(claim.source).id, claim.id)
        })
        .collect();
    let mut properties = json!({ "code": finding.code.as_str(), "claims": claims });
    if let Some(cause) = &finding.likely_cause {
        properties["likelyCause"] = json!(cause);
    }
    if !finding.notes.is_empty() {
        properties["notes"] = json!(finding.notes);
    }
    let mut result = json!({
        "ruleId": rule_id(finding),
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": result_text(finding) },
        "locations": locations,
        "partialFingerprints": { FINGERPRINT_KEY: finding.fingerprint },
        "properties": properties,
    });
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    if let Some(review) = &finding.review {
        // A review in reviews.toml is an external suppression: accepted while it applies (a
        // deferred one is still under review), rejected once its claims changed.
        let status = match (review.outdated, review.verdict) {
            (true, _) => "rejected",
            (false, crate::model::review::Verdict::Deferred) => "underReview",
            (false, _) => "accepted",
        };
        let mut justification = format!("{}: {}", review.verdict.as_str(), review.reason);
        if let Some(correct) = &review.correct {
            justification.push_str(&format!(" (correct: {correct})"));
        }
        let mut suppression = json!({ "kind": "external", "status": status, "justification": justification });
        if let Some(file) = checked.project.reviews_file {
            suppression["location"] =
                json!({ "physicalLocation": physical(files, crate::source::Span::new(file, 0..0), prefix) });
        }
        result["suppressions"] = json!([suppression]);
    }
    result
}

/// A rule descriptor: for a declared rule its description and its kind's documentation; for a
/// loader code its summary and a pointer to the catalogue.
fn descriptor(checked: &Checked, id: &str, code: Code, severity: Severity) -> Value {
    let spec = checked.project.rules.iter().find(|r| r.id == id);
    let (short, full, help) = match spec {
        Some(spec) => {
            let documentation =
                crate::rules::kind_named(&spec.kind).map(crate::rules::documentation).unwrap_or_default();
            let short = spec.description.clone().unwrap_or_else(|| format!("{} ({})", code.summary(), spec.kind));
            let help = if documentation.is_empty() { code.summary().to_string() } else { documentation };
            (short, format!("Rule `{}` of kind `{}`: {}", spec.id, spec.kind, code.summary()), help)
        }
        None => (
            code.summary().to_string(),
            format!("{}: {}", code.as_str(), code.summary()),
            format!("{}. See docs/codes.md#{} for the causes and fixes.", code.summary(), code.as_str()),
        ),
    };
    let capitalised = |text: &str| {
        let mut chars = text.chars();
        chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
    };
    let sentence = |text: String| if text.ends_with('.') { text } else { format!("{text}.") };
    let mut descriptor = json!({
        "id": id,
        "shortDescription": { "text": sentence(capitalised(&short)) },
        "fullDescription": { "text": sentence(capitalised(&full)) },
        "help": { "text": help.clone(), "markdown": help },
        "helpUri": format!("https://github.com/claimcheck/claimcheck/blob/main/docs/codes.md#{}", code.as_str()),
        "defaultConfiguration": { "level": level(severity) },
        "properties": { "tags": [format!("{:?}", code.stage()).to_lowercase()], "code": code.as_str() },
    });
    // A readable name ("OneValue" for `one-value`), only where it differs from the id: SARIF
    // asks that a name identical to the id be left out.
    let name: String = id.split(|c: char| !c.is_alphanumeric()).map(capitalised).collect();
    if !name.eq_ignore_ascii_case(id) {
        descriptor["name"] = json!(name);
    }
    descriptor
}

/// Render the SARIF log. `prefix` is prepended to every path (empty, or ending in `/`).
pub fn render(checked: &Checked, prefix: &str) -> String {
    // One descriptor per rule id that reports, plus every declared rule: stable order by id.
    let mut rules: BTreeMap<String, (Code, Severity)> = BTreeMap::new();
    for finding in &checked.findings {
        rules.entry(rule_id(finding)).or_insert((finding.code, finding.severity));
    }
    for spec in &checked.project.rules {
        // A check reports under the code named like its kind; a derivation only when it fails.
        let Some(kind) = crate::rules::kind_named(&spec.kind) else { continue };
        let code = Code::from_name(kind.name()).unwrap_or(Code::DerivationFailed);
        let severity = spec.severity.map_or(kind.default_severity(), |(s, _)| s);
        rules.entry(spec.id.clone()).or_insert((code, severity));
    }
    let index: BTreeMap<&str, usize> = rules.keys().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let descriptors: Vec<Value> =
        rules.iter().map(|(id, (code, severity))| descriptor(checked, id, *code, *severity)).collect();
    let results: Vec<Value> = checked
        .findings
        .iter()
        .map(|f| result(checked, f, index.get(rule_id(f).as_str()).copied().unwrap_or(0), prefix))
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "claimcheck",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/claimcheck/claimcheck",
                "rules": descriptors,
            }},
            "originalUriBaseIds": { "PROJECTROOT": { "uri": directory_uri(&base_directory(&checked.project.root, prefix)) } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
