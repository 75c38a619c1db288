//! Finding and reading the project's files: the only place the library touches the file system.
//!
//! Guarantees: directory walks are sorted (deterministic output), follow symbolic links but detect
//! loops, stop at a fixed depth, never open anything but regular files (a FIFO or device would
//! block or never end), and never read more than [`MAX_FILE_BYTES`] of a file. Every problem is a
//! finding; nothing here stops the load of the other files. Editors may overlay unsaved buffers
//! through [`Overlay`].

use crate::finding::{Code, Finding, Severity};
use crate::model::ids::FileId;
use crate::source::{FileKind, SourceMap, Span};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest file claimcheck reads, in bytes. Claim files and articles are far smaller; a
/// larger file is a mistake (a data dump, a binary), reported instead of read.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// How deep directory walks go.
pub const MAX_DEPTH: usize = 32;

/// Unsaved editor buffers that replace files on disk, keyed by absolute path.
pub type Overlay = BTreeMap<PathBuf, String>;

/// A problem that stops claimcheck from running at all (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FatalError {
    /// What went wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl std::fmt::Display for FatalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FatalError {}

/// Reads files of one project into a [`SourceMap`], reporting problems as findings.
pub struct FileReader<'o> {
    /// The project root (absolute, canonical).
    pub root: PathBuf,
    overlay: &'o Overlay,
    /// Files on disk findings refer to before they are in the source map: a placeholder file per
    /// unreadable path, so findings still carry a path.
    pub files: SourceMap,
    /// Problems found while reading.
    pub findings: Vec<Finding>,
}

impl<'o> FileReader<'o> {
    /// A reader for the project at `root`.
    pub fn new(root: &Path, overlay: &'o Overlay) -> Result<Self, FatalError> {
        let metadata = fs::metadata(root).map_err(|e| FatalError {
            message: format!("cannot read the project directory {}: {e}", root.display()),
            help: Some("pass the directory that holds claims/ and rules/, e.g. `claimcheck check .`".into()),
        })?;
        if !metadata.is_dir() {
            return Err(FatalError {
                message: format!("{} is not a directory", root.display()),
                help: Some("pass the directory that holds claims/ and rules/".into()),
            });
        }
        let root = fs::canonicalize(root)
            .map_err(|e| FatalError { message: format!("cannot resolve {}: {e}", root.display()), help: None })?;
        Ok(FileReader { root, overlay, files: SourceMap::new(), findings: Vec::new() })
    }

    /// The path relative to the root, with `/` separators.
    pub fn display_path(&self, path: &Path) -> String {
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        parts.join("/")
    }

    /// A placeholder file for a path that could not be read, so a finding can name it.
    fn placeholder(&mut self, path: &Path, kind: FileKind) -> FileId {
        let display = self.display_path(path);
        self.files.find(&display).unwrap_or_else(|| self.files.add(display, String::new(), kind))
    }

    fn file_finding(&mut self, path: &Path, kind: FileKind, code: Code, message: String, help: &str) {
        let file = self.placeholder(path, kind);
        let mut finding = Finding::error(code, message, Span::new(file, 0..0), "");
        finding.help = Some(help.to_string());
        self.findings.push(finding);
    }

    /// Every `*.toml` file under `dir` (relative to the root), sorted. A missing directory yields
    /// nothing; the caller decides whether that is a problem.
    pub fn toml_files(&mut self, dir: &str) -> Vec<PathBuf> {
        let start = self.root.join(dir);
        self.files_with_extension(&start, "toml")
    }

    /// Every file with `extension` under `start` (an absolute path or one relative to the current
    /// directory), sorted; editor buffers included.
    pub fn files_with_extension(&mut self, start: &Path, extension: &str) -> Vec<PathBuf> {
        let start = start.to_path_buf();
        let mut out = Vec::new();
        if !start.is_dir() {
            return out;
        }
        let mut visited = HashSet::new();
        // Links may lead anywhere inside the directory, never out of it.
        let boundary = fs::canonicalize(&start).unwrap_or_else(|_| start.clone());
        self.walk(&start, &boundary, 0, extension, &mut visited, &mut out);
        // Overlay files that do not exist on disk yet (a new, unsaved buffer).
        for path in self.overlay.keys() {
            if path.starts_with(&start) && path.extension().is_some_and(|e| e == extension) && !out.contains(path) {
                out.push(path.clone());
            }
        }
        out.sort();
        out
    }

    fn walk(
        &mut self,
        dir: &Path,
        boundary: &Path,
        depth: usize,
        extension: &str,
        visited: &mut HashSet<PathBuf>,
        out: &mut Vec<PathBuf>,
    ) {
        let kind = FileKind::Claims;
        if depth > MAX_DEPTH {
            self.file_finding(
                dir,
                kind,
                Code::IoError,
                format!("{} is nested more than {MAX_DEPTH} directories deep", self.display_path(dir)),
                "flatten the directory tree",
            );
            return;
        }
        let canonical = match fs::canonicalize(dir) {
            Ok(c) => c,
            Err(e) => {
                self.file_finding(
                    dir,
                    kind,
                    Code::IoError,
                    format!("cannot read directory {}: {e}", self.display_path(dir)),
                    "check the path and its permissions",
                );
                return;
            }
        };
        if !visited.insert(canonical.clone()) {
            let mut finding = Finding::new(
                Code::SymlinkLoop,
                Severity::Warning,
                format!("{} links back to a directory already being read; skipped", self.display_path(dir)),
                Span::new(self.placeholder(dir, kind), 0..0),
                "",
            );
            finding.help = Some("remove the symbolic link, or point it somewhere outside its own parents".into());
            self.findings.push(finding);
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.file_finding(
                    dir,
                    kind,
                    Code::IoError,
                    format!("cannot read directory {}: {e}", self.display_path(dir)),
                    "check the directory's permissions",
                );
                return;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.starts_with('.') {
                continue; // hidden files and editor swap files
            }
            if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
                && let Ok(target) = fs::canonicalize(&path)
                && !target.starts_with(boundary)
            {
                let mut finding = Finding::new(
                    Code::LinkLeavesDirectory,
                    Severity::Warning,
                    format!(
                        "{} is a symbolic link to {}, outside {}; not followed",
                        self.display_path(&path),
                        target.display(),
                        self.display_path(boundary)
                    ),
                    Span::new(self.placeholder(&path, kind), 0..0),
                    "",
                );
                finding.help = Some("copy the files in, or link only to places inside the directory".into());
                self.findings.push(finding);
                continue;
            }
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.walk(&path, boundary, depth + 1, extension, visited, out),
                Ok(meta) if meta.is_file() => {
                    if path.extension().is_some_and(|e| e == extension) {
                        out.push(path);
                    }
                }
                Ok(_) => {} // sockets, FIFOs, devices: never opened
                Err(e) => {
                    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                        if e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links") {
                            let mut finding = Finding::new(
                                Code::SymlinkLoop,
                                Severity::Warning,
                                format!("{} is a symbolic link that loops; skipped", self.display_path(&path)),
                                Span::new(self.placeholder(&path, kind), 0..0),
                                "",
                            );
                            finding.help = Some("remove or fix the symbolic link".into());
                            self.findings.push(finding);
                        } else if path.extension().is_some_and(|e| e == extension) {
                            self.file_finding(
                                &path,
                                kind,
                                Code::IoError,
                                format!("{} is a broken symbolic link: {e}", self.display_path(&path)),
                                "fix or remove the link",
                            );
                        }
                    } else {
                        self.file_finding(
                            &path,
                            kind,
                            Code::IoError,
                            format!("cannot read {}: {e}", self.display_path(&path)),
                            "check the file's permissions",
                        );
                    }
                }
            }
        }
    }

    /// True when an editor buffer stands in for `path`.
    pub fn has_overlay(&self, path: &Path) -> bool {
        self.overlay.contains_key(path)
    }

    /// Read one text file into the source map. Problems become findings and `None`.
    pub fn read_text(&mut self, path: &Path, kind: FileKind) -> Option<FileId> {
        let display = self.display_path(path);
        if let Some(existing) = self.files.find(&display)
            && !self.files.get(existing).text.is_empty()
        {
            return Some(existing);
        }
        if let Some(text) = self.overlay.get(path) {
            return Some(self.files.add(display, text.clone(), kind));
        }
        let bytes = match read_bounded(path) {
            Ok(bytes) => bytes,
            Err(ReadError::TooLarge(size)) => {
                self.file_finding(
                    path,
                    kind,
                    Code::FileTooLarge,
                    format!(
                        "{display} is {} MiB; claimcheck reads files up to {} MiB",
                        size / (1024 * 1024),
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                    "split the file, or check that it is the file you meant",
                );
                return None;
            }
            Err(ReadError::NotAFile) => {
                self.file_finding(
                    path,
                    kind,
                    Code::IoError,
                    format!("{display} is not a regular file"),
                    "point at a regular text file",
                );
                return None;
            }
            Err(ReadError::Io(e)) => {
                let (code, help) = if e.kind() == std::io::ErrorKind::NotFound {
                    (Code::IoError, "check the path")
                } else {
                    (Code::IoError, "check the file's permissions")
                };
                self.file_finding(path, kind, code, format!("cannot read {display}: {e}"), help);
                return None;
            }
        };
        if let Some(nul) = bytes.iter().position(|b| *b == 0) {
            // Show what was found: the text before the first NUL, then the rest with control
            // characters made visible, so the finding can point at line and column.
            let before = String::from_utf8_lossy(&bytes[..nul]).into_owned();
            let rest: String = String::from_utf8_lossy(&bytes[nul..bytes.len().min(nul + 200)])
                .chars()
                .map(|c| {
                    if c.is_control() && c != '\n' && c != '\t' {
                        char::from_u32(0x2400 + (c as u32 & 0x1f)).unwrap_or('�')
                    } else {
                        c
                    }
                })
                .collect();
            let start = before.len();
            let file = self.files.add(display.clone(), before + &rest, kind);
            let mut finding = Finding::error(
                Code::BinaryFile,
                format!("{display} contains binary data (a NUL byte at offset {nul}), not text"),
                Span::new(file, start..start + '\u{2400}'.len_utf8()),
                "a NUL byte",
            );
            finding.help = Some("claim, rule and article files must be UTF-8 text".into());
            self.findings.push(finding);
            return None;
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
                Some(self.files.add(display, text, kind))
            }
            Err(error) => {
                let valid_up_to = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                // Keep a lossy copy (invalid bytes shown as U+FFFD) so the finding can show the
                // line and point at the first bad byte; the file itself is not loaded.
                let bad_byte = bytes[valid_up_to];
                let shown = String::from_utf8_lossy(&bytes).into_owned();
                let file = self.files.add(display.clone(), shown, kind);
                let mut finding = Finding::error(
                    Code::NotUtf8,
                    format!("{display} is not valid UTF-8 (invalid byte 0x{bad_byte:02x} at offset {valid_up_to})"),
                    Span::new(file, valid_up_to..valid_up_to + '\u{fffd}'.len_utf8()),
                    "not UTF-8",
                );
                finding.help = Some("save the file as UTF-8 (most editors: \"Save with encoding\")".into());
                self.findings.push(finding);
                None
            }
        }
    }

    /// Resolve a path written in `from_file` (relative to that file's directory), confined to the
    /// project. `Err` carries a message for a `text-path-escapes` finding.
    pub fn confined_path(&self, from_file: &Path, written: &str) -> Result<PathBuf, String> {
        let relative = Path::new(written);
        if relative.is_absolute() || written.starts_with('/') || written.starts_with('\\') || written.contains(':') {
            return Err("the path is absolute; write it relative to the claim file".into());
        }
        let base = from_file.parent().unwrap_or(&self.root);
        // Normalise lexically first: ".." may not climb out of the project even through
        // directories that do not exist.
        let mut normalised = base.to_path_buf();
        for component in relative.components() {
            match component {
                Component::Normal(part) => normalised.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !normalised.pop() || !normalised.starts_with(&self.root) {
                        return Err("the path climbs out of the project directory".into());
                    }
                }
                Component::RootDir | Component::Prefix(_) => return Err("the path is absolute".into()),
            }
        }
        if !normalised.starts_with(&self.root) {
            return Err("the path leads outside the project directory".into());
        }
        // Then resolve symbolic links: a link inside the project may point outside it.
        if let Ok(real) = fs::canonicalize(&normalised)
            && !real.starts_with(&self.root)
        {
            return Err(format!("the path is a link to {}, outside the project", real.display()));
        }
        Ok(normalised)
    }
}

/// Read a text file of at most [`MAX_FILE_BYTES`], as UTF-8; `Err` says why not, in words.
pub fn read_text_file(path: &Path) -> Result<String, String> {
    match read_bounded(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|e| format!("{} is not valid UTF-8 (at byte {})", path.display(), e.utf8_error().valid_up_to())),
        Err(ReadError::TooLarge(size)) => {
            Err(format!("{} is {} MiB, more than claimcheck reads", path.display(), size / (1024 * 1024)))
        }
        Err(ReadError::NotAFile) => Err(format!("{} is not a regular file", path.display())),
        Err(ReadError::Io(e)) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Write `contents` to `path` atomically: to a temporary file in the same directory, flushed to
/// disk, then renamed over the target — a crash or a full disk never leaves a half-written file.
pub fn write_atomic(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let directory = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "claims".into());
    let temporary = directory.join(format!(".{name}.claimcheck-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(contents.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

enum ReadError {
    TooLarge(u64),
    NotAFile,
    Io(std::io::Error),
}

/// Read at most [`MAX_FILE_BYTES`] of a regular file.
fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let metadata = fs::metadata(path).map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}
