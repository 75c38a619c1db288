//! `claimcheck lsp`: a language server over stdio, for editors. It checks the project of every
//! open claim file with the unsaved buffers overlaid, and publishes each finding as a diagnostic
//! in the file of its primary label (the other claims of a contradiction as related
//! information); it answers hovers on claims (every claim with the same key) and offers code
//! actions (record a review of a finding in reviews.toml, add an as-of date, mark as target or
//! forecast, accept or discard a candidate claim). A finding a review in force covers is a hint.
//!
//! [`Server`] is the protocol state machine: messages in, messages out, no IO, so tests drive it
//! directly. [`serve`] runs it over stdio through [`transport`]. Positions are UTF-16
//! ([`position`]). Nothing here prints: the transport writes protocol frames to stdout, nothing
//! else.

// `lsp_types::Uri` caches parse results in a `Cell`, but hashes and compares by its text alone, so
// it is a sound map key (rust-analyzer allows this lint for the same reason).
#![allow(clippy::mutable_key_type)]

pub mod actions;
pub mod diagnostics;
pub mod documents;
pub mod hover;
pub mod locate;
pub mod position;
pub mod transport;

use crate::check::{Checked, check_project_with};
use crate::load::Overlay;
use documents::{Documents, canonical, project_root, uri_to_path};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, HoverParams, HoverProviderCapability, InitializeResult,
    LogMessageParams, MessageType, PositionEncodingKind, PublishDiagnosticsParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    Uri,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Run the language server over stdin and stdout until the client sends `exit`. An error when the
/// connection could not be set up, the client left without `exit`, or `exit` came before
/// `shutdown`.
pub fn serve() -> Result<(), String> {
    let (connection, stdio) = transport::stdio()?;
    let result = run(&connection);
    drop(connection);
    stdio.join();
    result
}

/// Serve one connection: handle each message, re-check changed projects once no further message
/// is waiting (a burst of keystrokes costs one check), send what the server has to say.
pub fn run(connection: &Connection) -> Result<(), String> {
    let mut server = Server::new();
    loop {
        let Ok(message) = connection.receiver.recv() else {
            return Err("the client closed the connection without sending `exit`".into());
        };
        let flow = server.handle(message);
        if connection.receiver.is_empty() {
            server.flush();
        }
        for message in server.take_outgoing() {
            if connection.sender.send(message).is_err() {
                return Err("the connection to the client was lost".into());
            }
        }
        if let Flow::Exit(result) = flow {
            return result;
        }
    }
}

/// What the server capabilities say: full-text sync with open, close and save; hover; code
/// actions; UTF-16 positions.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            will_save: None,
            will_save_wait_until: None,
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions { include_text: Some(false) })),
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![actions::REVIEW_KIND, actions::KIND]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Whether to go on after a message.
#[derive(Debug, PartialEq, Eq)]
pub enum Flow {
    /// Keep serving.
    Continue,
    /// The client sent `exit`: stop, successfully if `shutdown` came first.
    Exit(Result<(), String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lifecycle {
    Uninitialized,
    Running,
    ShuttingDown,
}

/// What the server knows of one project.
#[derive(Default)]
struct ProjectState {
    /// The last successful check (with the buffers then open).
    checked: Option<Checked>,
    /// Files that have diagnostics published now.
    published: BTreeSet<Uri>,
    /// The last problem reported for the project, so it is not repeated at every keystroke.
    last_error: Option<String>,
}

/// The protocol state: open buffers, projects and their last checks, messages to send.
pub struct Server {
    lifecycle: Lifecycle,
    workspace: Vec<PathBuf>,
    client: actions::ClientSupport,
    documents: Documents,
    projects: BTreeMap<PathBuf, ProjectState>,
    dirty: BTreeSet<PathBuf>,
    outgoing: Vec<Message>,
}

impl Default for Server {
    fn default() -> Self {
        Self::new()
    }
}

impl Server {
    /// A server waiting for `initialize`.
    pub fn new() -> Self {
        Server {
            lifecycle: Lifecycle::Uninitialized,
            workspace: Vec::new(),
            client: actions::ClientSupport::default(),
            documents: Documents::new(),
            projects: BTreeMap::new(),
            dirty: BTreeSet::new(),
            outgoing: Vec::new(),
        }
    }

    /// The messages to send, in order, since the last call.
    pub fn take_outgoing(&mut self) -> Vec<Message> {
        std::mem::take(&mut self.outgoing)
    }

    /// Handle one message from the client. A handler that panics (a bug) costs only its own
    /// message: a request gets an internal-error response.
    pub fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let method = request.method.clone();
                match catch_unwind(AssertUnwindSafe(|| self.request(request))) {
                    Ok(response) => self.outgoing.push(Message::Response(response)),
                    Err(_) => self.outgoing.push(Message::Response(Response::new_err(
                        id,
                        ErrorCode::InternalError as i32,
                        format!("claimcheck failed handling `{method}`; please report this"),
                    ))),
                }
                Flow::Continue
            }
            Message::Notification(notification) => {
                let method = notification.method.clone();
                match catch_unwind(AssertUnwindSafe(|| self.notification(notification))) {
                    Ok(flow) => flow,
                    Err(_) => {
                        self.log(
                            MessageType::ERROR,
                            format!("claimcheck failed handling `{method}`; please report this"),
                        );
                        Flow::Continue
                    }
                }
            }
            // The server sends no requests, so responses are unexpected; ignore them.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let Request { id, method, params } = request;
        match (self.lifecycle, method.as_str()) {
            (Lifecycle::Uninitialized, "initialize") => {
                self.workspace = workspace_roots(&params);
                self.client = actions::ClientSupport::from_initialize(&params);
                self.lifecycle = Lifecycle::Running;
                let result = InitializeResult {
                    capabilities: capabilities(),
                    server_info: Some(ServerInfo {
                        name: "claimcheck".into(),
                        version: Some(env!("CARGO_PKG_VERSION").into()),
                    }),
                };
                Response::new_ok(id, result)
            }
            (Lifecycle::Uninitialized, _) => {
                error(id, ErrorCode::ServerNotInitialized, "the server has not been initialized yet")
            }
            (_, "initialize") => error(id, ErrorCode::InvalidRequest, "the server is already initialized"),
            (Lifecycle::ShuttingDown, _) => error(id, ErrorCode::InvalidRequest, "the server is shutting down"),
            (Lifecycle::Running, "shutdown") => {
                self.lifecycle = Lifecycle::ShuttingDown;
                Response::new_ok(id, Value::Null)
            }
            (Lifecycle::Running, "textDocument/hover") => match serde_json::from_value::<HoverParams>(params) {
                Ok(params) => {
                    self.flush();
                    let at = params.text_document_position_params;
                    let hover = self
                        .locate(&at.text_document.uri, at.position)
                        .and_then(|(checked, file, offset)| hover::hover(checked, file, offset));
                    Response::new_ok(id, hover)
                }
                Err(e) => error(id, ErrorCode::InvalidParams, &format!("invalid hover parameters: {e}")),
            },
            (Lifecycle::Running, "textDocument/codeAction") => {
                match serde_json::from_value::<CodeActionParams>(params) {
                    Ok(params) => {
                        self.flush();
                        let uri = params.text_document.uri;
                        // Review actions first: on a finding, recording a verdict is the likelier intent.
                        let mut found = self
                            .locate(&uri, params.range.start)
                            .map(|(checked, file, offset)| {
                                let reviews = checked.project.root.join(crate::load::reviews::FILE_NAME);
                                let mut found = match self.documents.uri_for(&reviews) {
                                    Some(reviews_uri) => {
                                        actions::review_actions(checked, file, offset, &reviews_uri, self.client)
                                    }
                                    None => Vec::new(),
                                };
                                found.extend(actions::code_actions(checked, file, offset, &uri));
                                found
                            })
                            .unwrap_or_default();
                        if let Some(only) = &params.context.only {
                            found.retain(|a| a.kind.as_ref().is_some_and(|kind| kind_matches(kind, only)));
                        }
                        let response: Vec<CodeActionOrCommand> =
                            found.into_iter().map(CodeActionOrCommand::CodeAction).collect();
                        Response::new_ok(id, response)
                    }
                    Err(e) => error(id, ErrorCode::InvalidParams, &format!("invalid code action parameters: {e}")),
                }
            }
            (Lifecycle::Running, _) => error(id, ErrorCode::MethodNotFound, &format!("unknown method `{method}`")),
        }
    }

    fn notification(&mut self, notification: Notification) -> Flow {
        let Notification { method, params } = notification;
        if method == "exit" {
            return Flow::Exit(match self.lifecycle {
                Lifecycle::ShuttingDown => Ok(()),
                _ => Err("the client sent `exit` without `shutdown` first".into()),
            });
        }
        if self.lifecycle != Lifecycle::Running {
            return Flow::Continue;
        }
        let result = match method.as_str() {
            "textDocument/didOpen" => serde_json::from_value::<DidOpenTextDocumentParams>(params).map(|p| {
                let document = p.text_document;
                match self.documents.open(document.uri, document.text, document.version) {
                    Some(opened) => {
                        let path = opened.path.clone();
                        self.mark(&path);
                    }
                    None => self.log(MessageType::INFO, "claimcheck checks only files on disk (file: URIs)".into()),
                }
            }),
            "textDocument/didChange" => serde_json::from_value::<DidChangeTextDocumentParams>(params).map(|p| {
                let document = p.text_document;
                if let Some(changed) = self.documents.change(&document.uri, document.version, p.content_changes) {
                    let path = changed.path.clone();
                    self.mark(&path);
                }
            }),
            "textDocument/didSave" => serde_json::from_value::<DidSaveTextDocumentParams>(params).map(|p| {
                if let Some(saved) = self.documents.get(&p.text_document.uri) {
                    let path = saved.path.clone();
                    self.mark(&path);
                }
            }),
            "textDocument/didClose" => serde_json::from_value::<DidCloseTextDocumentParams>(params).map(|p| {
                if let Some(closed) = self.documents.close(&p.text_document.uri) {
                    self.mark(&closed.path);
                }
            }),
            // Check the workspace's projects at once, so their findings show before a file opens.
            "initialized" => {
                let projects = self.workspace.iter().filter(|w| w.join("claims").is_dir() || w.join("rules").is_dir());
                self.dirty.extend(projects.cloned());
                Ok(())
            }
            "workspace/didChangeWatchedFiles" => {
                self.dirty.extend(self.projects.keys().cloned());
                Ok(())
            }
            "workspace/didChangeWorkspaceFolders" => serde_json::from_value::<DidChangeWorkspaceFoldersParams>(params)
                .map(|p| {
                    let paths = |folders: Vec<lsp_types::WorkspaceFolder>| -> Vec<PathBuf> {
                        folders.iter().filter_map(|f| uri_to_path(&f.uri)).map(|p| canonical(&p)).collect()
                    };
                    let removed = paths(p.event.removed);
                    self.workspace.retain(|w| !removed.contains(w));
                    self.workspace.extend(paths(p.event.added));
                }),
            // $/cancelRequest, $/setTrace, configuration changes: nothing to do.
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.log(MessageType::WARNING, format!("claimcheck ignored a malformed `{method}` notification: {e}"));
        }
        Flow::Continue
    }

    /// Mark the project of a file for a re-check.
    fn mark(&mut self, path: &Path) {
        match project_root(path, &self.workspace) {
            Some(root) => {
                self.dirty.insert(root);
            }
            None => self.log(
                MessageType::INFO,
                format!("{} is not in a claimcheck project (no claims/ or rules/ above it)", path.display()),
            ),
        }
    }

    fn log(&mut self, typ: MessageType, message: String) {
        let params = LogMessageParams { typ, message };
        self.outgoing.push(Message::Notification(Notification::new("window/logMessage".into(), params)));
    }

    /// Re-check every project marked since the last call, and publish what changed: diagnostics
    /// for every file with findings, an empty list for every file that had some and has none now.
    pub fn flush(&mut self) {
        for root in std::mem::take(&mut self.dirty) {
            if catch_unwind(AssertUnwindSafe(|| self.recheck(&root))).is_err() {
                let message = format!("claimcheck failed checking {}; please report this", root.display());
                self.log(MessageType::ERROR, message);
            }
        }
    }

    fn recheck(&mut self, root: &Path) {
        let overlay: Overlay = self.documents.overlay(root);
        let result = check(root, &overlay);
        let mut state = self.projects.remove(root).unwrap_or_default();
        let now = match &result {
            Ok(checked) => {
                let project_root = checked.project.root.clone();
                let documents = &self.documents;
                let uri_of = |relative: &str| {
                    let path = relative.split('/').fold(project_root.clone(), |path, part| path.join(part));
                    documents.uri_for(&path)
                };
                diagnostics::by_file(checked, &uri_of)
            }
            Err(_) => BTreeMap::new(),
        };
        for uri in state.published.iter().filter(|u| !now.contains_key(*u)) {
            self.publish(uri.clone(), Vec::new());
        }
        state.published = now.keys().cloned().collect();
        for (uri, diagnostics) in now {
            self.publish(uri, diagnostics);
        }
        match result {
            Ok(checked) => {
                state.checked = Some(checked);
                state.last_error = None;
            }
            Err(message) => {
                state.checked = None;
                if state.last_error.as_ref() != Some(&message) {
                    self.log(MessageType::WARNING, message.clone());
                }
                state.last_error = Some(message);
            }
        }
        self.projects.insert(root.to_path_buf(), state);
    }

    fn publish(&mut self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>) {
        let version = self.documents.get(&uri).map(|d| d.version);
        let params = PublishDiagnosticsParams { uri, diagnostics, version };
        self.outgoing.push(Message::Notification(Notification::new("textDocument/publishDiagnostics".into(), params)));
    }

    /// The last check of an open buffer's project, the buffer's file in it and the byte offset of
    /// a position.
    fn locate(&self, uri: &Uri, position: lsp_types::Position) -> Option<(&Checked, crate::model::ids::FileId, usize)> {
        let path = match self.documents.get(uri) {
            Some(document) => document.path.clone(),
            None => canonical(&uri_to_path(uri)?),
        };
        let root = project_root(&path, &self.workspace)?;
        let checked = self.projects.get(&root)?.checked.as_ref()?;
        let relative = path.strip_prefix(&checked.project.root).ok()?;
        let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let file = checked.project.files.find(&parts.join("/"))?;
        let offset = position::LineIndex::new(&checked.project.files.get(file).text).offset(position);
        Some((checked, file, offset))
    }
}

/// Check a project, turning a fatal error or a panic into a message.
fn check(root: &Path, overlay: &Overlay) -> Result<Checked, String> {
    match catch_unwind(AssertUnwindSafe(|| check_project_with(root, overlay))) {
        Ok(Ok(checked)) => Ok(checked),
        Ok(Err(fatal)) => Err(match fatal.help {
            Some(help) => format!("claimcheck: {} ({help})", fatal.message),
            None => format!("claimcheck: {}", fatal.message),
        }),
        Err(_) => Err(format!("claimcheck failed checking {}; please report this", root.display())),
    }
}

fn error(id: RequestId, code: ErrorCode, message: &str) -> Response {
    Response::new_err(id, code as i32, message.to_string())
}

/// Whether an action kind is one of `only` or below one (`refactor.rewrite` is under `refactor`).
fn kind_matches(kind: &CodeActionKind, only: &[CodeActionKind]) -> bool {
    only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
}

/// The workspace folders of `initialize` (`workspaceFolders`, else `rootUri`, else `rootPath`),
/// read leniently: a malformed entry is skipped, not an error.
fn workspace_roots(params: &Value) -> Vec<PathBuf> {
    let from_uri = |value: &Value| value.as_str().and_then(|s| Uri::from_str(s).ok()).and_then(|u| uri_to_path(&u));
    let mut roots: Vec<PathBuf> = params
        .get("workspaceFolders")
        .and_then(Value::as_array)
        .map(|folders| folders.iter().filter_map(|f| f.get("uri").and_then(from_uri)).collect())
        .unwrap_or_default();
    if roots.is_empty() {
        roots.extend(params.get("rootUri").and_then(from_uri));
    }
    if roots.is_empty() {
        roots.extend(params.get("rootPath").and_then(Value::as_str).map(PathBuf::from));
    }
    roots.iter().map(|r| canonical(r)).collect()
}

#[cfg(test)]
mod tests;
