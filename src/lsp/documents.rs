//! The open editor buffers, and where they belong: file URIs ↔ paths, each buffer's project root,
//! and the [`Overlay`] that makes a check see unsaved text instead of the file on disk.

use crate::load::Overlay;
use crate::lsp::position::LineIndex;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// One open buffer.
#[derive(Clone, Debug)]
pub struct OpenDocument {
    /// The URI the client named it by (diagnostics for it are published under this URI).
    pub uri: Uri,
    /// The file's absolute path, canonical where the file (or its directory) exists.
    pub path: PathBuf,
    /// The buffer's text.
    pub text: String,
    /// The client's version number.
    pub version: i32,
}

/// Every open buffer with a `file:` URI, by URI.
#[derive(Debug, Default)]
pub struct Documents {
    open: BTreeMap<Uri, OpenDocument>,
}

impl Documents {
    /// No buffers.
    pub fn new() -> Self {
        Self::default()
    }

    /// A buffer was opened; returns it, or `None` for URIs that are not files.
    pub fn open(&mut self, uri: Uri, text: String, version: i32) -> Option<&OpenDocument> {
        let path = canonical(&uri_to_path(&uri)?);
        let document = OpenDocument { uri: uri.clone(), path, text, version };
        self.open.insert(uri.clone(), document);
        self.open.get(&uri)
    }

    /// A buffer changed: whole-text changes replace it, ranged ones are applied in order.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Option<&OpenDocument> {
        let document = self.open.get_mut(uri)?;
        for change in changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let bytes = LineIndex::new(&document.text).byte_range(range);
                    document.text.replace_range(bytes, &change.text);
                }
            }
        }
        document.version = version;
        Some(document)
    }

    /// A buffer was closed; returns it.
    pub fn close(&mut self, uri: &Uri) -> Option<OpenDocument> {
        self.open.remove(uri)
    }

    /// The buffer with this URI.
    pub fn get(&self, uri: &Uri) -> Option<&OpenDocument> {
        self.open.get(uri)
    }

    /// Every open buffer.
    pub fn iter(&self) -> impl Iterator<Item = &OpenDocument> {
        self.open.values()
    }

    /// The open buffer of a file, by its canonical path.
    pub fn by_path(&self, path: &Path) -> Option<&OpenDocument> {
        self.open.values().find(|d| d.path == path)
    }

    /// The buffers under `root`, to load instead of the files on disk.
    pub fn overlay(&self, root: &Path) -> Overlay {
        self.open.values().filter(|d| d.path.starts_with(root)).map(|d| (d.path.clone(), d.text.clone())).collect()
    }

    /// The URI to publish a file's diagnostics under: the client's own for an open buffer (clients
    /// encode URIs differently), else one made from the path.
    pub fn uri_for(&self, path: &Path) -> Option<Uri> {
        self.by_path(path).map(|d| d.uri.clone()).or_else(|| path_to_uri(path))
    }
}

/// The absolute path, canonical where it exists; for a new, unsaved file, its directory's canonical
/// path joined with its name (so it matches the paths a project walk yields).
pub fn canonical(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => canonical(parent).join(name),
        _ => path.to_path_buf(),
    }
}

/// The project a file belongs to: the nearest ancestor directory holding `claims/` or `rules/`;
/// failing that, the innermost workspace folder it is in. `None` when there is none.
pub fn project_root(path: &Path, workspace: &[PathBuf]) -> Option<PathBuf> {
    for dir in path.ancestors().skip(1) {
        if dir.join("claims").is_dir() || dir.join("rules").is_dir() {
            return Some(dir.to_path_buf());
        }
    }
    workspace.iter().filter(|w| path.starts_with(w)).max_by_key(|w| w.components().count()).cloned()
}

/// The path of a `file:` URI (percent-decoded; `None` for other schemes or a remote host).
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.get(..7).filter(|s| s.eq_ignore_ascii_case("file://")).map(|_| &text[7..])?;
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => return None,
    };
    let decoded = percent_decode(path)?;
    if cfg!(windows) {
        let drive = decoded.strip_prefix('/').filter(|p| p.as_bytes().get(1) == Some(&b':'));
        return match (host, drive) {
            ("" | "localhost", Some(p)) => Some(PathBuf::from(p.replace('/', "\\"))),
            ("" | "localhost", None) => Some(PathBuf::from(decoded)),
            (host, _) => Some(PathBuf::from(format!("\\\\{host}{}", decoded.replace('/', "\\")))),
        };
    }
    if !(host.is_empty() || host.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    Some(PathBuf::from(decoded))
}

/// A `file:` URI for an absolute path (`None` for relative or non-UTF-8 paths).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut path_text = if cfg!(windows) { text.replace('\\', "/") } else { text.to_string() };
    if !path_text.starts_with('/') {
        if cfg!(windows) && path_text.as_bytes().get(1) == Some(&b':') {
            path_text.insert(0, '/');
        } else {
            return None;
        }
    }
    let uri = format!("file://{}", crate::source::percent_encode_path(&path_text));
    Uri::from_str(&uri).ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/Việt Nam/claims/a b.toml");
        let made = path_to_uri(path).unwrap();
        assert_eq!(made.as_str(), "file:///tmp/Vi%E1%BB%87t%20Nam/claims/a%20b.toml");
        assert_eq!(uri_to_path(&made).unwrap(), path);
        assert_eq!(uri_to_path(&uri("file://localhost/x/y.toml")).unwrap(), Path::new("/x/y.toml"));
        assert_eq!(uri_to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(uri_to_path(&uri("file://server/share/x.toml")), None);
        assert_eq!(path_to_uri(Path::new("relative/x.toml")), None);
    }

    #[test]
    fn changes_apply_in_order() {
        let mut documents = Documents::new();
        let Some(path) = std::env::temp_dir().join("claimcheck-doc-test.toml").to_str().map(str::to_string) else {
            return;
        };
        let Some(u) = path_to_uri(Path::new(&path)) else { return };
        documents.open(u.clone(), "value = \"Việt Nam\"\n".into(), 1).unwrap();
        let range = Range { start: Position { line: 0, character: 9 }, end: Position { line: 0, character: 17 } };
        let edit = TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: "Hà Nội".into() };
        documents.change(&u, 2, vec![edit]).unwrap();
        assert_eq!(documents.get(&u).unwrap().text, "value = \"Hà Nội\"\n");
        let full = TextDocumentContentChangeEvent { range: None, range_length: None, text: "x".into() };
        assert_eq!(documents.change(&u, 3, vec![full]).unwrap().text, "x");
        assert_eq!(documents.get(&u).unwrap().version, 3);
        assert!(documents.close(&u).is_some());
        assert!(documents.get(&u).is_none());
    }

    #[test]
    fn project_root_is_the_nearest_directory_with_claims_or_rules() {
        let dir = tempfile::tempdir().unwrap();
        let root = canonical(dir.path());
        std::fs::create_dir_all(root.join("inner/claims/2021")).unwrap();
        std::fs::create_dir_all(root.join("rules")).unwrap();
        let file = root.join("inner/claims/2021/a.toml");
        assert_eq!(project_root(&file, std::slice::from_ref(&root)), Some(root.join("inner")));
        assert_eq!(project_root(&root.join("rules/v.toml"), &[]), Some(root.clone()));
        // Outside any project: the workspace folder that holds the file.
        let other = tempfile::tempdir().unwrap();
        let other_root = canonical(other.path());
        assert_eq!(
            project_root(&other_root.join("x.toml"), std::slice::from_ref(&other_root)),
            Some(other_root.clone())
        );
        assert_eq!(project_root(&other_root.join("x.toml"), &[]), None);
    }
}
