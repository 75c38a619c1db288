//! Tests of the language server's pure parts on a small project (the end-to-end fixture copied to
//! a temporary directory): findings → diagnostics, hover text, code-action edits, and the protocol
//! state machine driven message by message.

use super::*;
use crate::check::check_project_with;
use crate::load::reviews::PLACEHOLDER_REASON;
use crate::lsp::documents::path_to_uri;
use crate::lsp::position::LineIndex;
use crate::model::claim::Modality;
use crate::model::review::Verdict;
use crate::review::{Entry, digest_of};
use actions::ClientSupport;
use lsp_types::{
    CodeAction, DiagnosticSeverity, DocumentChangeOperation, DocumentChanges, HoverContents, NumberOrString, OneOf,
    Position, ResourceOp,
};
use serde_json::json;
use std::fs;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/projects/contradiction");

/// A copy of the fixture project (kept alive by the returned directory) and its canonical root.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = canonical(dir.path());
    for sub in ["claims", "rules"] {
        fs::create_dir_all(root.join(sub)).unwrap();
        for entry in fs::read_dir(Path::new(FIXTURE).join(sub)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), root.join(sub).join(entry.file_name())).unwrap();
        }
    }
    (dir, root)
}

fn uri_of(root: &Path) -> impl Fn(&str) -> Option<Uri> + '_ {
    move |relative: &str| path_to_uri(&root.join(relative))
}

fn uri(root: &Path, relative: &str) -> Uri {
    path_to_uri(&root.join(relative)).unwrap()
}

fn line_of(text: &str, needle: &str) -> u32 {
    LineIndex::new(text).position(text.find(needle).unwrap()).line
}

#[test]
fn a_contradiction_is_one_diagnostic_with_the_other_claim_related() {
    let (_dir, root) = project();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let by_file = diagnostics::by_file(&checked, &uri_of(&root));
    let courier = uri(&root, "claims/courier.toml");
    assert_eq!(by_file.keys().cloned().collect::<Vec<_>>(), vec![courier.clone()]);
    let [diagnostic] = by_file[&courier].as_slice() else { panic!("one diagnostic: {by_file:?}") };
    assert_eq!(diagnostic.code, Some(NumberOrString::String("conflicting-value".into())));
    assert_eq!(diagnostic.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(diagnostic.source.as_deref(), Some("claimcheck"));
    assert!(diagnostic.message.starts_with("bilateral trade (Arcadia–Borduria): 5.7 billion USD"));
    assert!(diagnostic.message.contains("\nhelp: check both articles"), "{}", diagnostic.message);
    // `value = "$5.7 billion"` is line 14: the label covers the text inside the quotes.
    assert_eq!(diagnostic.range.start, Position { line: 13, character: 9 });
    assert_eq!(diagnostic.range.end, Position { line: 13, character: 21 });
    let related = diagnostic.related_information.as_ref().unwrap();
    let herald = related.iter().find(|r| r.location.uri == uri(&root, "claims/herald.toml")).unwrap();
    assert_eq!(herald.location.range.start, Position { line: 13, character: 9 });
    assert_eq!(herald.message, "4.85 billion USD here");
    // The quotes in the archived articles are related too.
    assert!(related.iter().any(|r| r.location.uri == uri(&root, "claims/courier.txt")));
    assert_eq!(diagnostic.data.as_ref().unwrap()["rule"], "one-value");
}

#[test]
fn an_overlaid_edit_removes_the_contradiction() {
    let (_dir, root) = project();
    let path = root.join("claims/courier.toml");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("$5.7 billion\"", "4.85 billion USD\"")
        .replace("Bilateral trade stood at $5.7 billion in 2020", "Arcadian statistics put it at 4.85 billion USD");
    let overlay: Overlay = [(path, text)].into_iter().collect();
    let checked = check_project_with(&root, &overlay).unwrap();
    assert!(diagnostics::by_file(&checked, &uri_of(&root)).is_empty(), "{:?}", checked.findings);
}

#[test]
fn positions_count_utf16_units_in_related_information() {
    let (_dir, root) = project();
    // Non-ASCII text before the quote in the archived article: "ệ" is one UTF-16 unit, "👍🏽"
    // four (two code points outside the basic plane).
    let article = root.join("claims/herald.txt");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, format!("Việt Nam 👍🏽 — {text}")).unwrap();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let by_file = diagnostics::by_file(&checked, &uri_of(&root));
    let diagnostic = &by_file[&uri(&root, "claims/courier.toml")][0];
    let evidence = diagnostic
        .related_information
        .as_ref()
        .unwrap()
        .iter()
        .find(|r| r.location.uri == uri(&root, "claims/herald.txt"))
        .unwrap();
    // "Việt Nam " is 9 units, "👍🏽" 4, " — " 3.
    assert_eq!(evidence.location.range.start, Position { line: 0, character: 16 });
}

#[test]
fn hover_lists_every_claim_with_the_key() {
    let (_dir, root) = project();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let file = checked.project.files.find("claims/herald.toml").unwrap();
    let text = &checked.project.files.get(file).text;
    // Anywhere inside the table: the header, a field, the value.
    for needle in ["[[claim]]\nid = \"trade-2020\"", "property = \"trade\"", "4.85 billion USD"] {
        let offset = text.find(needle).unwrap();
        let at = locate::claim_at(&checked, file, offset).unwrap();
        assert_eq!(checked.project.store.claim_identity(at.claim), "herald/trade-2020");
    }
    // Not in the [source] table.
    assert!(hover::hover(&checked, file, text.find("publisher").unwrap()).is_none());
    let at = locate::claim_at(&checked, file, text.find("4.85 billion USD").unwrap()).unwrap();
    let markdown = hover::markdown(&checked, at.claim);
    assert!(markdown.contains("**claim** `herald/trade-2020`"), "{markdown}");
    assert!(markdown.contains("subject **Arcadia** (`arcadia`)"), "{markdown}");
    assert!(markdown.contains("property **bilateral trade** (`trade`)"), "{markdown}");
    assert!(markdown.contains("partner **Borduria** (`borduria`)"), "{markdown}");
    assert!(markdown.contains("2 claims with this key"), "{markdown}");
    assert!(
        markdown.contains("| `courier` (Bordurian Courier) | $5.7 billion | in 2020 | actual | no |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| **`herald` (Arcadian Herald)** ← this claim | 4.85 billion USD | in 2020 | actual | no |"),
        "{markdown}"
    );
}

fn edit_of(action: &CodeAction, uri: &Uri) -> lsp_types::TextEdit {
    let changes = action.edit.as_ref().unwrap().changes.as_ref().unwrap();
    let [edit] = changes[uri].as_slice() else { panic!("one edit") };
    edit.clone()
}

fn apply(text: &str, edit: &lsp_types::TextEdit) -> String {
    let range = LineIndex::new(text).byte_range(edit.range);
    let mut out = text.to_string();
    out.replace_range(range, &edit.new_text);
    out
}

#[test]
fn code_actions_insert_fields_after_the_value() {
    let (_dir, root) = project();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let file = checked.project.files.find("claims/herald.toml").unwrap();
    let text = checked.project.files.get(file).text.clone();
    let herald = uri(&root, "claims/herald.toml");

    // The population claim has neither a time scope nor a modality.
    let offset = text.find("id = \"population\"").unwrap();
    let found = actions::code_actions(&checked, file, offset, &herald);
    let titles: Vec<&str> = found.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["Add an as-of date (2021-11-29, the publication date)", "Mark as target", "Mark as forecast"]
    );
    let as_of = edit_of(&found[0], &herald);
    let after_value = line_of(&text, "value = \"about 98 million\"") + 1;
    assert_eq!(as_of.range.start, Position { line: after_value, character: 0 });
    assert_eq!(as_of.range.start, as_of.range.end);
    assert_eq!(as_of.new_text, "as_of = \"2021-11-29\"\n");
    assert_eq!(edit_of(&found[1], &herald).new_text, "modality = \"target\"\n");

    // Applied, the edits load cleanly and change what the store knows.
    let edited = apply(&apply(&text, &as_of), &edit_of(&found[2], &herald));
    assert!(edited.contains("value = \"about 98 million\"\nmodality = \"forecast\"\nas_of = \"2021-11-29\"\n"));
    let overlay: Overlay = [(root.join("claims/herald.toml"), edited)].into_iter().collect();
    let rechecked = check_project_with(&root, &overlay).unwrap();
    // Only the contradiction of the trade figures remains.
    let codes: Vec<_> = rechecked.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec![crate::finding::Code::ConflictingValue], "{:?}", rechecked.findings);
    let (_, claim) = rechecked.project.store.claims().find(|(_, c)| c.id == "population").unwrap();
    assert_eq!(claim.time.kind, crate::model::claim::TimeKind::AsOf);
    assert_eq!(claim.modality, crate::model::claim::Modality::Forecast);

    // The trade claim has a period, and is in a contradiction its quote gives no cue to explain
    // away ("Two-way trade reached ..."): no claim edit at all (the review actions are offered).
    let offset = text.find("period = \"2020\"").unwrap();
    let titles: Vec<String> =
        actions::code_actions(&checked, file, offset, &herald).into_iter().map(|a| a.title).collect();
    assert!(titles.is_empty(), "{titles:?}");
    // Nothing outside claims.
    assert!(actions::code_actions(&checked, file, 0, &herald).is_empty());
}

#[test]
fn a_value_on_the_last_line_gets_a_newline_first() {
    let edit = actions::insert_field("[[claim]]\n  value = \"1\"", 15, "modality", "target");
    assert_eq!(edit.range.start, Position { line: 1, character: 13 });
    assert_eq!(edit.new_text, "\n  modality = \"target\"\n");
}

fn request(id: i32, method: &str, params: Value) -> Message {
    Message::Request(Request::new(RequestId::from(id), method.into(), params))
}

fn notification(method: &str, params: Value) -> Message {
    Message::Notification(Notification::new(method.into(), params))
}

fn response_to(messages: &[Message], id: i32) -> &Response {
    messages
        .iter()
        .find_map(|m| match m {
            Message::Response(r) if r.id == RequestId::from(id) => Some(r),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no response to {id} in {messages:?}"))
}

fn published(messages: &[Message]) -> Vec<PublishDiagnosticsParams> {
    messages
        .iter()
        .filter_map(|m| match m {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                Some(serde_json::from_value(n.params.clone()).unwrap())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_server_publishes_then_clears_diagnostics() {
    let (_dir, root) = project();
    let mut server = Server::new();
    let root_uri = path_to_uri(&root).unwrap();
    server.handle(request(1, "initialize", json!({ "capabilities": {}, "rootUri": root_uri.as_str() })));
    let out = server.take_outgoing();
    let capabilities = &response_to(&out, 1).response_result.as_ref().unwrap()["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["hoverProvider"], true);

    // Once initialized, the workspace's project is checked before any file opens.
    server.handle(notification("initialized", json!({})));
    server.flush();
    let early = published(&server.take_outgoing());
    assert_eq!(early.len(), 1);
    assert_eq!(early[0].version, None);

    let courier = uri(&root, "claims/courier.toml");
    let text = fs::read_to_string(root.join("claims/courier.toml")).unwrap();
    let open = json!({ "textDocument": { "uri": courier.as_str(), "languageId": "toml", "version": 1, "text": text } });
    assert_eq!(server.handle(notification("textDocument/didOpen", open)), Flow::Continue);
    server.flush();
    let first = published(&server.take_outgoing());
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].uri, courier);
    assert_eq!(first[0].version, Some(1));
    assert_eq!(first[0].diagnostics.len(), 1);

    let fixed = text
        .replace("$5.7 billion\"", "4.85 billion USD\"")
        .replace("Bilateral trade stood at $5.7 billion in 2020", "Arcadian statistics put it at 4.85 billion USD");
    let change = json!({
        "textDocument": { "uri": courier.as_str(), "version": 2 },
        "contentChanges": [{ "text": fixed }],
    });
    server.handle(notification("textDocument/didChange", change));
    server.flush();
    let second = published(&server.take_outgoing());
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].uri, courier);
    assert!(second[0].diagnostics.is_empty());

    // Hover goes through the same state: the courier claim now agrees with the herald.
    let hover = json!({ "textDocument": { "uri": courier.as_str() }, "position": { "line": 13, "character": 12 } });
    server.handle(request(2, "textDocument/hover", hover));
    let out = server.take_outgoing();
    let result = response_to(&out, 2).response_result.as_ref().unwrap();
    let value = result["contents"]["value"].as_str().unwrap();
    assert!(value.contains("| **`courier` (Bordurian Courier)** ← this claim | 4.85 billion USD |"), "{value}");

    server.handle(request(3, "shutdown", Value::Null));
    assert!(response_to(&server.take_outgoing(), 3).response_result.is_ok());
    server.handle(request(4, "textDocument/hover", json!({})));
    let out = server.take_outgoing();
    assert_eq!(response_to(&out, 4).response_result.as_ref().unwrap_err().code, ErrorCode::InvalidRequest as i32);
    assert_eq!(server.handle(notification("exit", Value::Null)), Flow::Exit(Ok(())));
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let mut server = Server::new();
    server.handle(request(1, "textDocument/hover", json!({})));
    let out = server.take_outgoing();
    let code = |out: &[Message], id| response_to(out, id).response_result.as_ref().unwrap_err().code;
    assert_eq!(code(&out, 1), ErrorCode::ServerNotInitialized as i32);
    // Malformed initialize parameters are read leniently.
    server.handle(request(2, "initialize", json!({ "rootUri": 42, "workspaceFolders": "nope" })));
    assert!(response_to(&server.take_outgoing(), 2).response_result.is_ok());
    server.handle(request(3, "initialize", json!({})));
    assert_eq!(code(&server.take_outgoing(), 3), ErrorCode::InvalidRequest as i32);
    server.handle(request(4, "textDocument/definition", json!({})));
    assert_eq!(code(&server.take_outgoing(), 4), ErrorCode::MethodNotFound as i32);
    server.handle(request(5, "textDocument/hover", json!({ "textDocument": 1 })));
    assert_eq!(code(&server.take_outgoing(), 5), ErrorCode::InvalidParams as i32);
    server.handle(request(6, "textDocument/codeAction", json!(null)));
    assert_eq!(code(&server.take_outgoing(), 6), ErrorCode::InvalidParams as i32);
    // A hover on a file nobody opened, outside any project: null, not an error.
    let hover =
        json!({ "textDocument": { "uri": "file:///nonexistent/x.toml" }, "position": { "line": 0, "character": 0 } });
    server.handle(request(7, "textDocument/hover", hover));
    assert_eq!(response_to(&server.take_outgoing(), 7).response_result.as_ref().unwrap(), &Value::Null);
    // A malformed notification is logged, not fatal.
    assert_eq!(server.handle(notification("textDocument/didOpen", json!({ "x": 1 }))), Flow::Continue);
    let out = server.take_outgoing();
    assert!(matches!(&out[..], [Message::Notification(n)] if n.method == "window/logMessage"));
    // A document outside any project: logged, no diagnostics, no crash.
    let open = json!({ "textDocument": { "uri": "file:///nonexistent/x.toml", "languageId": "toml", "version": 1, "text": "x" } });
    server.handle(notification("textDocument/didOpen", open));
    server.flush();
    assert!(published(&server.take_outgoing()).is_empty());
    assert!(matches!(server.handle(notification("exit", Value::Null)), Flow::Exit(Err(_))));
}

#[test]
fn a_project_that_cannot_be_checked_clears_its_diagnostics() {
    let (dir, root) = project();
    let mut server = Server::new();
    server.handle(request(1, "initialize", json!({ "capabilities": {} })));
    let courier = uri(&root, "claims/courier.toml");
    let text = fs::read_to_string(root.join("claims/courier.toml")).unwrap();
    let open = json!({ "textDocument": { "uri": courier.as_str(), "languageId": "toml", "version": 1, "text": text } });
    server.handle(notification("textDocument/didOpen", open));
    server.flush();
    assert_eq!(published(&server.take_outgoing())[0].diagnostics.len(), 1);
    // The project disappears from under the server.
    fs::remove_dir_all(root.join("rules")).unwrap();
    fs::remove_dir_all(root.join("claims")).unwrap();
    drop(dir);
    server.handle(notification("workspace/didChangeWatchedFiles", json!({ "changes": [] })));
    server.flush();
    let out = server.take_outgoing();
    let cleared = published(&out);
    assert_eq!(cleared.len(), 1);
    assert!(cleared[0].diagnostics.is_empty());
    assert!(out.iter().any(|m| matches!(m, Message::Notification(n) if n.method == "window/logMessage")));
}

/// The fixture's herald.toml: two reviewed claims.
const HERALD: &str = r#"[source]
id = "herald"
title = "Arcadia and Borduria look back"
publisher = "Arcadian Herald"
published = "2021-11-29"
text = "herald.txt"
country = "arcadia"

[[claim]]
id = "trade-2020"
subject = "arcadia"
property = "trade"
qualifiers = { partner = "borduria" }
value = "4.85 billion USD"
period = "2020"
quote = "Two-way trade reached 4.85 billion USD in 2020."

[[claim]]
id = "population"
subject = "arcadia"
property = "population"
value = "about 98 million"
quote = "Arcadia is a country of about 98 million people."
"#;

/// herald.toml with the population claim (the last one) a candidate, as `claimcheck extract`
/// writes it.
const HERALD_POPULATION_CANDIDATE: &str = r#"[source]
id = "herald"
title = "Arcadia and Borduria look back"
publisher = "Arcadian Herald"
published = "2021-11-29"
text = "herald.txt"
country = "arcadia"

[[claim]]
id = "trade-2020"
subject = "arcadia"
property = "trade"
qualifiers = { partner = "borduria" }
value = "4.85 billion USD"
period = "2020"
quote = "Two-way trade reached 4.85 billion USD in 2020."

[[claim]]
id = "population"
subject = "arcadia"
property = "population"
value = "about 98 million"
quote = "Arcadia is a country of about 98 million people."
candidate = { confidence = "0.82", why = "property `population` from \"people\"; subject `arcadia` from \"Arcadia\"" }
"#;

/// herald.toml without its trade claim: what discarding the first claim leaves.
const HERALD_WITHOUT_TRADE: &str = r#"[source]
id = "herald"
title = "Arcadia and Borduria look back"
publisher = "Arcadian Herald"
published = "2021-11-29"
text = "herald.txt"
country = "arcadia"

[[claim]]
id = "population"
subject = "arcadia"
property = "population"
value = "about 98 million"
quote = "Arcadia is a country of about 98 million people."
"#;

/// The project with `herald` as claims/herald.toml, checked.
fn checked_with_herald(herald: &str) -> (tempfile::TempDir, PathBuf, Checked) {
    let (dir, root) = project();
    fs::write(root.join("claims/herald.toml"), herald).unwrap();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    (dir, root, checked)
}

/// The code actions at the first occurrence of `needle` in claims/herald.toml.
fn actions_at(checked: &Checked, root: &Path, needle: &str) -> Vec<CodeAction> {
    let file = checked.project.files.find("claims/herald.toml").unwrap();
    let text = &checked.project.files.get(file).text;
    let offset = text.find(needle).unwrap_or_else(|| panic!("no {needle:?} in {text}"));
    actions::code_actions(checked, file, offset, &uri(root, "claims/herald.toml"))
}

/// The action titled `title`, applied to `text` (every edit, as an editor applies them: ranges
/// of the original text, so from the last to the first).
fn apply_action(actions: &[CodeAction], title: &str, uri: &Uri, text: &str) -> String {
    let action = actions.iter().find(|a| a.title == title).unwrap_or_else(|| panic!("no action {title:?}"));
    let mut edits = action.edit.as_ref().unwrap().changes.as_ref().unwrap()[uri].clone();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
    let index = LineIndex::new(text);
    let mut out = text.to_string();
    for edit in &edits {
        out.replace_range(index.byte_range(edit.range), &edit.new_text);
    }
    out
}

fn titles(actions: &[CodeAction]) -> Vec<&str> {
    actions.iter().map(|a| a.title.as_str()).collect()
}

#[test]
fn candidate_claims_can_be_accepted_or_discarded() {
    assert_eq!(fs::read_to_string(Path::new(FIXTURE).join("claims/herald.toml")).unwrap(), HERALD);
    let (_dir, root, checked) = checked_with_herald(HERALD_POPULATION_CANDIDATE);
    let herald = uri(&root, "claims/herald.toml");
    let (_, population) = checked.project.store.claims().find(|(_, c)| c.id == "population").unwrap();
    assert!(population.is_unreviewed());

    // A reviewed claim gets no candidate actions (and, in a contradiction, no modality either).
    assert!(titles(&actions_at(&checked, &root, "period = \"2020\"")).is_empty());
    // Anywhere in the candidate's table: its header, a field, the candidate table itself.
    for needle in ["[[claim]]\nid = \"population\"", "value = \"about 98 million\"", "why = "] {
        let found = actions_at(&checked, &root, needle);
        assert_eq!(
            titles(&found),
            vec![
                "Accept candidate claim `population`",
                "Discard candidate claim `population`",
                "Add an as-of date (2021-11-29, the publication date)",
                "Mark as target",
                "Mark as forecast",
            ],
            "at {needle:?}"
        );
        assert!(found.iter().all(|a| a.kind == Some(actions::KIND)));
    }

    let found = actions_at(&checked, &root, "id = \"population\"");
    // Accepting deletes the `candidate` line, newline and all: the fixture as reviewed.
    let accepted = apply_action(&found, "Accept candidate claim `population`", &herald, HERALD_POPULATION_CANDIDATE);
    assert_eq!(accepted, HERALD);
    // Discarding the last claim deletes from its header to the end of the file.
    let discarded = apply_action(&found, "Discard candidate claim `population`", &herald, HERALD_POPULATION_CANDIDATE);
    assert_eq!(
        discarded,
        r#"[source]
id = "herald"
title = "Arcadia and Borduria look back"
publisher = "Arcadian Herald"
published = "2021-11-29"
text = "herald.txt"
country = "arcadia"

[[claim]]
id = "trade-2020"
subject = "arcadia"
property = "trade"
qualifiers = { partner = "borduria" }
value = "4.85 billion USD"
period = "2020"
quote = "Two-way trade reached 4.85 billion USD in 2020."

"#
    );

    // Both results load cleanly; the accepted claim is reviewed and offers no candidate actions.
    let (_dir, root, accepted) = checked_with_herald(&accepted);
    let (_, population) = accepted.project.store.claims().find(|(_, c)| c.id == "population").unwrap();
    assert!(!population.is_unreviewed());
    assert!(!titles(&actions_at(&accepted, &root, "id = \"population\"")).iter().any(|t| t.contains("candidate")));
    let (_dir, _root, discarded) = checked_with_herald(&discarded);
    assert!(discarded.project.store.claims().all(|(_, c)| c.id != "population"));
    let codes: Vec<_> = discarded.findings.iter().map(|f| f.code).collect();
    assert_eq!(codes, vec![crate::finding::Code::ConflictingValue], "{:?}", discarded.findings);
}

/// herald.toml with the trade claim a candidate whose `candidate` table is written as `candidate`
/// (the lines between the `quote` and the blank line before the next claim).
fn herald_trade_candidate(candidate: &str) -> String {
    HERALD.replace("in 2020.\"\n\n", &format!("in 2020.\"\n{candidate}\n"))
}

#[test]
fn accepting_deletes_the_candidate_table_however_it_is_written() {
    let cases = [
        // A multi-line inline table (TOML 1.1).
        "candidate = {\n  confidence = \"0.6\",\n  why = \"property `trade` from \\\"trade\\\"\",\n}\n",
        // A sub-table: from its header to the next header.
        "\n[claim.candidate]\nconfidence = \"0.6\"\nwhy = \"property `trade` from \\\"trade\\\"\"\n",
        // An inline table with a comment after it, indented.
        "  candidate = { confidence = \"0.6\", why = \"property `trade`\" } # from extract\n",
    ];
    for candidate in cases {
        let text = herald_trade_candidate(candidate);
        let (_dir, root, checked) = checked_with_herald(&text);
        let herald = uri(&root, "claims/herald.toml");
        let found = actions_at(&checked, &root, "id = \"trade-2020\"");
        assert_eq!(
            titles(&found)[..2],
            ["Accept candidate claim `trade-2020`", "Discard candidate claim `trade-2020`"]
        );
        assert_eq!(apply_action(&found, "Accept candidate claim `trade-2020`", &herald, &text), HERALD, "{text}");
        // Discarding stops at the next claim's header: sub-tables of the claim go with it.
        let discarded = apply_action(&found, "Discard candidate claim `trade-2020`", &herald, &text);
        assert_eq!(discarded, HERALD_WITHOUT_TRADE, "{text}");
    }

    // Dotted keys, not next to each other: each line goes.
    let text = HERALD
        .replace("period = \"2020\"\n", "period = \"2020\"\ncandidate.confidence = \"0.6\"\n")
        .replace("in 2020.\"\n\n", "in 2020.\"\ncandidate.why = \"property `trade`\"\n\n");
    let (_dir, root, checked) = checked_with_herald(&text);
    let herald = uri(&root, "claims/herald.toml");
    let found = actions_at(&checked, &root, "id = \"trade-2020\"");
    let accept = found.iter().find(|a| a.title == "Accept candidate claim `trade-2020`").unwrap();
    assert_eq!(accept.edit.as_ref().unwrap().changes.as_ref().unwrap()[&herald].len(), 2);
    assert_eq!(apply_action(&found, "Accept candidate claim `trade-2020`", &herald, &text), HERALD);
}

#[test]
fn discarding_ignores_header_lines_inside_multiline_strings() {
    let text = herald_trade_candidate(concat!(
        "candidate = { confidence = \"0.6\", why = \"property `trade`\" }\n",
        "note = \"\"\"\n",
        "[[claim]]\n",
        "is not a header here\n",
        "\"\"\"\n",
    ));
    let (_dir, root, checked) = checked_with_herald(&text);
    let herald = uri(&root, "claims/herald.toml");
    let found = actions_at(&checked, &root, "id = \"trade-2020\"");
    let discarded = apply_action(&found, "Discard candidate claim `trade-2020`", &herald, &text);
    assert_eq!(discarded, HERALD_WITHOUT_TRADE);
    let accepted = apply_action(&found, "Accept candidate claim `trade-2020`", &herald, &text);
    assert_eq!(accepted, herald_trade_candidate("note = \"\"\"\n[[claim]]\nis not a header here\n\"\"\"\n"));
}

#[test]
fn hover_on_a_candidate_shows_its_confidence_and_why() {
    let (_dir, _root, checked) = checked_with_herald(HERALD_POPULATION_CANDIDATE);
    let file = checked.project.files.find("claims/herald.toml").unwrap();
    let text = checked.project.files.get(file).text.clone();
    let markdown = |needle: &str| {
        let hover = hover::hover(&checked, file, text.find(needle).unwrap()).unwrap();
        let HoverContents::Markup(content) = hover.contents else { panic!("markdown") };
        content.value
    };
    let candidate = markdown("value = \"about 98 million\"");
    assert!(
        candidate.contains(
            "**candidate** proposed by `claimcheck extract`, not reviewed yet · confidence **0.82**\n\n\
             why: property `population` from \"people\"; subject `arcadia` from \"Arcadia\"\n"
        ),
        "{candidate}"
    );
    assert!(candidate.contains("**claim** `herald/population`"), "{candidate}");
    // A reviewed claim says nothing of candidates.
    let reviewed = markdown("period = \"2020\"");
    assert!(!reviewed.contains("candidate"), "{reviewed}");

    // A sub-table is read too.
    let text = herald_trade_candidate("\n[claim.candidate]\nconfidence = \"0.6\"\nwhy = \"property `trade`\"\n");
    let (_dir, _root, checked) = checked_with_herald(&text);
    let file = checked.project.files.find("claims/herald.toml").unwrap();
    let at = locate::claim_at(&checked, file, text.find("why").unwrap()).unwrap();
    let markdown = hover::candidate_markdown(&checked, at.claim).unwrap();
    assert!(markdown.contains("· confidence **0.6**\n\nwhy: property `trade`\n"), "{markdown}");
}

/// Everything the server and the transport sent back for `input`, in the order it went out:
/// frames are read by [`transport::pump`], each message handled by a [`Server`] as `run` does,
/// error replies to bad frames interleaved where they were sent.
fn serve_bytes(input: impl std::io::BufRead, limit: usize) -> (Vec<Value>, Option<Flow>) {
    let out = std::cell::RefCell::new(Vec::new());
    let mut server = Server::new();
    let mut exited = None;
    transport::pump(
        input,
        limit,
        |message| {
            let flow = server.handle(message);
            server.flush();
            out.borrow_mut().extend(server.take_outgoing().iter().map(|m| serde_json::to_value(m).unwrap()));
            let go_on = flow == Flow::Continue;
            if !go_on {
                exited = Some(flow);
            }
            go_on
        },
        |reply| {
            out.borrow_mut().push(reply.clone());
            Ok(())
        },
    );
    (out.into_inner(), exited)
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

fn replies_to(out: &[Value], id: i64) -> Vec<&Value> {
    out.iter().filter(|m| m["id"] == id).collect()
}

#[test]
fn an_oversized_message_is_answered_and_the_next_request_served() {
    let initialize = frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    let lazy = transport::tests::Lazy::new(100 * 1024 * 1024, initialize.as_bytes());
    let started = std::time::Instant::now();
    let (out, _) = serve_bytes(std::io::BufReader::new(lazy), transport::MAX_MESSAGE_BYTES);
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
    assert_eq!(out.len(), 2, "{out:?}");
    assert_eq!(out[0]["id"], Value::Null);
    assert_eq!(out[0]["error"]["code"], -32600);
    let message = out[0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("104857600 bytes") && message.contains("limit of 67108864 bytes"), "{message}");
    assert_eq!(out[1]["id"], 1);
    assert_eq!(out[1]["result"]["capabilities"]["positionEncoding"], "utf-16");
}

#[test]
fn messages_without_jsonrpc_2_are_refused_not_obeyed() {
    let input = [
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
        // A shutdown and an exit without "jsonrpc": "2.0": errors, and the server keeps running.
        frame(r#"{"id":2,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"1.0","method":"exit"}"#),
        frame("{not json"),
        "Content-Length: many\r\n\r\n{}".into(),
        frame(r#"{"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{}}"#),
        frame(r#"{"jsonrpc":"2.0","id":4,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    let (out, exited) = serve_bytes(std::io::Cursor::new(input.into_bytes()), transport::MAX_MESSAGE_BYTES);
    let codes: Vec<(Value, Value)> = out.iter().map(|m| (m["id"].clone(), m["error"]["code"].clone())).collect();
    assert_eq!(
        codes,
        vec![
            (json!(1), Value::Null),
            (json!(2), json!(-32600)),
            (Value::Null, json!(-32600)),
            (Value::Null, json!(-32700)),
            (Value::Null, json!(-32700)),
            // Still running: not "shutting down" (-32600) but an unknown method.
            (json!(3), json!(-32601)),
            (json!(4), Value::Null),
        ],
        "{out:#?}"
    );
    assert!(replies_to(&out, 4)[0].get("result").is_some());
    assert_eq!(exited, Some(Flow::Exit(Ok(()))));
}

// --- Reviews: reviewed findings as hints, and the actions that record a verdict in reviews.toml.

/// A client that can create files, and one that can also be sent disabled actions.
const CREATES: ClientSupport = ClientSupport { create_files: true, disabled_actions: false };

/// The contradiction of the fixture (courier's trade figure against herald's).
fn conflict(checked: &Checked) -> &crate::finding::Finding {
    checked.findings.iter().find(|f| f.code == crate::finding::Code::ConflictingValue).unwrap()
}

/// The entry a review action should write for the conflict: `verdict`, `correct`, the placeholder.
fn expected_entry(checked: &Checked, verdict: Verdict, correct: Option<&str>) -> Entry {
    let finding = conflict(checked);
    Entry {
        fingerprint: finding.fingerprint.clone(),
        verdict,
        reason: PLACEHOLDER_REASON.into(),
        correct: correct.map(str::to_string),
        by: crate::review::reviewer_from_env(),
        date: Some(crate::review::today()),
        evidence: vec![],
        claims: digest_of(&checked.project, &finding.claims),
    }
}

/// The review actions at the first `needle` of claims/<file>.
fn review_actions_at(
    checked: &Checked,
    root: &Path,
    file: &str,
    needle: &str,
    client: ClientSupport,
) -> Vec<CodeAction> {
    let id = checked.project.files.find(&format!("claims/{file}")).unwrap();
    let offset = checked.project.files.get(id).text.find(needle).unwrap();
    actions::review_actions(checked, id, offset, &uri(root, "reviews.toml"), client)
}

/// The text a new-file review action creates reviews.toml with: its edit must be a `CreateFile`
/// of `reviews` and then one insertion at the start.
fn created_text(action: &CodeAction, reviews: &Uri) -> String {
    let edit = action.edit.as_ref().unwrap();
    assert!(edit.changes.is_none());
    let Some(DocumentChanges::Operations(operations)) = &edit.document_changes else { panic!("{edit:?}") };
    let [DocumentChangeOperation::Op(ResourceOp::Create(create)), DocumentChangeOperation::Edit(text)] =
        operations.as_slice()
    else {
        panic!("a CreateFile, then a text edit: {operations:?}")
    };
    assert_eq!(&create.uri, reviews);
    let options = create.options.as_ref().unwrap();
    assert_eq!((options.overwrite, options.ignore_if_exists), (Some(false), Some(true)));
    assert_eq!(&text.text_document.uri, reviews);
    let [OneOf::Left(insert)] = text.edits.as_slice() else { panic!("one text edit") };
    assert_eq!((insert.range.start, insert.range.end), (Position::default(), Position::default()));
    insert.new_text.clone()
}

#[test]
fn a_reviewed_finding_is_a_hint_and_an_outdated_review_is_not() {
    let (_dir, root) = project();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let finding = conflict(&checked);
    let message = finding.message.clone();
    let mut entry = expected_entry(&checked, Verdict::Confirmed, Some("herald/trade-2020"));
    entry.reason = "Arcadia's customs release gives 4.85 billion USD".into();
    let (text, _) = crate::review::record("", std::slice::from_ref(&entry)).unwrap();
    fs::write(root.join("reviews.toml"), &text).unwrap();

    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let by_file = diagnostics::by_file(&checked, &uri_of(&root));
    assert_eq!(by_file.keys().cloned().collect::<Vec<_>>(), vec![uri(&root, "claims/courier.toml")]);
    let [diagnostic] = by_file[&uri(&root, "claims/courier.toml")].as_slice() else { panic!("{by_file:?}") };
    assert_eq!(diagnostic.severity, Some(DiagnosticSeverity::HINT));
    assert!(diagnostic.tags.is_none(), "a reviewed finding is not unnecessary code");
    let first_line = diagnostic.message.lines().next().unwrap();
    assert_eq!(
        first_line,
        format!("{message} (reviewed: confirmed — Arcadia's customs release gives 4.85 billion USD)")
    );

    // The claims changed since (another digest): the review is outdated, the finding an error
    // again, and reviews.toml has the warning that says why.
    entry.claims = "0000000000000000".into();
    let (text, _) = crate::review::record("", &[entry]).unwrap();
    fs::write(root.join("reviews.toml"), &text).unwrap();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let by_file = diagnostics::by_file(&checked, &uri_of(&root));
    let [diagnostic] = by_file[&uri(&root, "claims/courier.toml")].as_slice() else { panic!("{by_file:?}") };
    assert_eq!(diagnostic.severity, Some(DiagnosticSeverity::ERROR));
    assert!(!diagnostic.message.contains("(reviewed"), "{}", diagnostic.message);
    let [outdated] = by_file[&uri(&root, "reviews.toml")].as_slice() else { panic!("{by_file:?}") };
    assert_eq!(outdated.code, Some(NumberOrString::String("outdated-review".into())));
    assert_eq!(outdated.severity, Some(DiagnosticSeverity::WARNING));
}

#[test]
fn review_actions_are_offered_on_every_claim_of_a_live_finding() {
    let (_dir, root) = project();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let expected = [
        "Record as false alarm in reviews.toml",
        "Confirm in reviews.toml",
        "Confirm: courier/trade-2020 is right",
        "Confirm: herald/trade-2020 is right",
    ];
    for (file, needle) in
        [("courier.toml", "$5.7 billion"), ("herald.toml", "period = \"2020\""), ("herald.toml", "[[claim]]")]
    {
        let found = review_actions_at(&checked, &root, file, needle, CREATES);
        assert_eq!(titles(&found), expected, "at {needle:?} of {file}");
        assert!(found.iter().all(|a| a.kind == Some(actions::REVIEW_KIND) && a.disabled.is_none()));
        assert!(
            found.iter().all(|a| a.data.as_ref().unwrap()["fingerprint"] == conflict(&checked).fingerprint.as_str())
        );
    }
    // Not on a claim no finding involves, nor outside claims.
    assert!(review_actions_at(&checked, &root, "herald.toml", "about 98 million", CREATES).is_empty());
    assert!(review_actions_at(&checked, &root, "herald.toml", "[source]", CREATES).is_empty());
}

#[test]
fn a_review_action_creates_reviews_toml_and_the_entry_waits_for_its_reason() {
    let (_dir, root) = project();
    let reviews = uri(&root, "reviews.toml");
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let found = review_actions_at(&checked, &root, "courier.toml", "$5.7 billion", CREATES);
    let confirm = found.iter().find(|a| a.title == "Confirm: herald/trade-2020 is right").unwrap();
    let text = created_text(confirm, &reviews);
    let entry = expected_entry(&checked, Verdict::Confirmed, Some("herald/trade-2020"));
    assert_eq!(text, crate::review::record("", &[entry]).unwrap().0);
    assert!(text.contains(&format!("fingerprint = \"{}\"\n", conflict(&checked).fingerprint)), "{text}");
    assert!(text.contains("reason = \"TODO: say why\"\n"), "{text}");

    // Written as is, the entry is refused ("write the reason"): the contradiction is still an error.
    fs::write(root.join("reviews.toml"), &text).unwrap();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    assert_eq!(conflict(&checked).review, None);
    assert_eq!(conflict(&checked).severity, crate::finding::Severity::Error);
    let invalid: Vec<&str> = checked
        .findings
        .iter()
        .filter(|f| f.code == crate::finding::Code::InvalidReview)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(invalid, ["the review's reason is still the placeholder `TODO: say why`: write the reason"]);
    let by_file = diagnostics::by_file(&checked, &uri_of(&root));
    assert_eq!(by_file[&reviews][0].severity, Some(DiagnosticSeverity::ERROR));

    // The entry is not in force, so the actions are still offered, now as an edit of the file:
    // recording a false alarm instead updates the entry in place.
    let found = review_actions_at(&checked, &root, "courier.toml", "$5.7 billion", CREATES);
    let false_alarm = apply_action(&found, "Record as false alarm in reviews.toml", &reviews, &text);
    let entry = expected_entry(&checked, Verdict::FalseAlarm, None);
    assert_eq!(false_alarm, crate::review::record(&text, &[entry]).unwrap().0);
    assert_eq!(false_alarm.matches("fingerprint = ").count(), 1, "{false_alarm}");
    assert!(!false_alarm.contains("correct ="), "{false_alarm}");

    // Once the person writes the reason, the review applies: a hint, and no review action.
    let written = false_alarm.replace(PLACEHOLDER_REASON, "The Courier counts re-exports");
    fs::write(root.join("reviews.toml"), &written).unwrap();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    assert!(crate::check::is_reviewed(conflict(&checked)));
    let by_file = diagnostics::by_file(&checked, &uri_of(&root));
    assert_eq!(by_file[&uri(&root, "claims/courier.toml")][0].severity, Some(DiagnosticSeverity::HINT));
    assert!(review_actions_at(&checked, &root, "courier.toml", "$5.7 billion", CREATES).is_empty());
}

#[test]
fn review_actions_edit_the_open_buffer_of_reviews_toml() {
    // reviews.toml is open in the editor with an unsaved entry and a comment, not on disk.
    let (_dir, root) = project();
    let reviews = uri(&root, "reviews.toml");
    let buffer =
        "# our reviews\n\n[[review]]\nfingerprint = \"aaaaaaaaaaaaaaaa\"\nverdict = \"deferred\"\nreason = \"later\"\n";
    let overlay: Overlay = [(root.join("reviews.toml"), buffer.to_string())].into_iter().collect();
    let checked = check_project_with(&root, &overlay).unwrap();
    let found = review_actions_at(&checked, &root, "courier.toml", "$5.7 billion", ClientSupport::default());
    let edited = apply_action(&found, "Confirm in reviews.toml", &reviews, buffer);
    assert!(edited.starts_with(buffer), "only appended to:\n{edited}");
    assert_eq!(edited, crate::review::record(buffer, &[expected_entry(&checked, Verdict::Confirmed, None)]).unwrap().0);
    // The edit is the appended part only, so the rest of the buffer stays put.
    let action = found.iter().find(|a| a.title == "Confirm in reviews.toml").unwrap();
    let edit = edit_of(action, &reviews);
    assert_eq!(edit.range.start, LineIndex::new(buffer).position(buffer.len()));
}

#[test]
fn without_a_way_to_create_the_file_the_actions_are_disabled_or_left_out() {
    let (_dir, root) = project();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    assert!(review_actions_at(&checked, &root, "courier.toml", "$5.7 billion", ClientSupport::default()).is_empty());
    let disabled = ClientSupport { create_files: false, disabled_actions: true };
    let found = review_actions_at(&checked, &root, "courier.toml", "$5.7 billion", disabled);
    assert_eq!(found.len(), 4);
    for action in &found {
        assert!(action.edit.is_none());
        let reason = &action.disabled.as_ref().unwrap().reason;
        assert!(reason.contains("create an empty reviews.toml"), "{reason}");
    }
    // A reviews.toml that is not TOML is not rewritten.
    fs::write(root.join("reviews.toml"), "[[review]\n").unwrap();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let found = review_actions_at(&checked, &root, "courier.toml", "$5.7 billion", disabled);
    assert!(found.iter().all(|a| a.disabled.as_ref().unwrap().reason.starts_with("reviews.toml is not valid TOML")));
}

#[test]
fn a_modality_is_offered_on_a_claim_in_a_finding_only_when_its_quote_has_a_cue() {
    assert!(actions::has_cue("Both sides aim to reach 10 billion USD by 2020", Modality::Target));
    assert!(actions::has_cue("Trade is expected to reach $3.6 billion", Modality::Forecast));
    assert!(actions::has_cue("trade SET TO grow", Modality::Forecast));
    assert!(!actions::has_cue("Two-way trade reached 4.85 billion USD in 2020.", Modality::Forecast));
    assert!(!actions::has_cue("partners willing to trade", Modality::Forecast), "whole words only");
    assert!(!actions::has_cue("expected", Modality::Target));

    // The courier's quote says the figure is expected: "Mark as forecast" is offered beside the
    // review actions, "Mark as target" is not.
    let (_dir, root) = project();
    let courier = root.join("claims/courier.toml");
    let text = fs::read_to_string(&courier).unwrap().replace(
        "Bilateral trade stood at $5.7 billion in 2020",
        "Bilateral trade was expected to reach $5.7 billion in 2020",
    );
    fs::write(&courier, &text).unwrap();
    let article = root.join("claims/courier.txt");
    let words = fs::read_to_string(&article).unwrap().replace(
        "Bilateral trade stood at $5.7 billion in 2020",
        "Bilateral trade was expected to reach $5.7 billion in 2020",
    );
    fs::write(&article, words).unwrap();
    let checked = check_project_with(&root, &Overlay::new()).unwrap();
    let file = checked.project.files.find("claims/courier.toml").unwrap();
    let offset = text.find("$5.7 billion").unwrap();
    let found = actions::code_actions(&checked, file, offset, &uri(&root, "claims/courier.toml"));
    assert_eq!(titles(&found), ["Mark as forecast"]);
}

#[test]
fn the_server_ranks_review_actions_first_and_filters_them_by_kind() {
    let (_dir, root) = project();
    let mut server = Server::new();
    let capabilities = json!({
        "workspace": { "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename"] } },
        "textDocument": { "codeAction": { "disabledSupport": true } },
    });
    let root_uri = path_to_uri(&root).unwrap();
    server.handle(request(1, "initialize", json!({ "capabilities": capabilities, "rootUri": root_uri.as_str() })));
    let out = server.take_outgoing();
    let kinds = &response_to(&out, 1).response_result.as_ref().unwrap()["capabilities"]["codeActionProvider"];
    assert_eq!(kinds["codeActionKinds"], json!(["quickfix", "refactor.rewrite"]));
    server.handle(notification("initialized", json!({})));
    let courier = uri(&root, "claims/courier.toml");
    let text = fs::read_to_string(root.join("claims/courier.toml")).unwrap();
    let open = json!({ "textDocument": { "uri": courier.as_str(), "languageId": "toml", "version": 1, "text": text } });
    server.handle(notification("textDocument/didOpen", open));
    let at = json!({ "line": 13, "character": 12 });
    let params = |only: Value| {
        json!({
            "textDocument": { "uri": courier.as_str() },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": [], "only": only },
        })
    };
    server.handle(request(2, "textDocument/codeAction", params(Value::Null)));
    let out = server.take_outgoing();
    let result = response_to(&out, 2).response_result.as_ref().unwrap().as_array().unwrap().clone();
    let titles: Vec<&str> = result.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles[0], "Record as false alarm in reviews.toml", "{titles:?}");
    assert_eq!(titles.len(), 4, "no modality on a contradiction without a cue: {titles:?}");
    let operations = result[0]["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(operations[0]["kind"], "create");
    assert_eq!(operations[0]["uri"], uri(&root, "reviews.toml").as_str());
    server.handle(request(3, "textDocument/codeAction", params(json!(["refactor"]))));
    let out = server.take_outgoing();
    assert_eq!(response_to(&out, 3).response_result.as_ref().unwrap(), &json!([]));
}
