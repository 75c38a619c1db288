//! Finding, reading and writing the project's files: the only place the library touches the file
//! system for a project.
//!
//! Project files are untrusted input (CI runs claimcheck on pull requests), so every path is
//! **confined** to the project root: a file is opened first and then asked where it really is
//! (`/proc/self/fd` on Linux, the canonical path elsewhere), so no link swapped in between a check
//! and the open can lead out; directories are resolved the same way before they are walked, and
//! `claims/` or `rules/` that is itself a link out of the project is a finding, not a walk.
//! Suggestions list only files inside the project. Writes go through [`write_confined`]: an
//! exclusively created temporary file with an unpredictable name, renamed into place only if the
//! target is still what the run read.
//!
//! Other guarantees: directory walks are sorted (deterministic output), follow symbolic links that
//! stay inside the directory but detect loops, stop at a fixed depth, never open anything but
//! regular files (a FIFO or device would block or never end), and never read more than
//! [`MAX_FILE_BYTES`] of a file. Every problem is a finding; nothing here stops the load of the
//! other files. Editors may overlay unsaved buffers through [`Overlay`].

use crate::finding::{Code, Finding, Severity};
use crate::model::ids::FileId;
use crate::source::{FileKind, SourceMap, Span};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;
use std::io::Write as _;
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
    ///
    /// A directory inside the project that resolves to a place outside it (`claims -> /`) is a
    /// `link-leaves-directory` error and is not walked. A directory outside the project can only
    /// come from the command line (`extract ~/articles`): the person asked for it.
    pub fn files_with_extension(&mut self, start: &Path, extension: &str) -> Vec<PathBuf> {
        let start = absolute(start);
        let mut out = Vec::new();
        if !start.is_dir() {
            return out;
        }
        // Links may lead anywhere inside the directory, never out of it.
        let boundary = fs::canonicalize(&start).unwrap_or_else(|_| start.clone());
        if start.starts_with(&self.root) && !boundary.starts_with(&self.root) {
            let mut finding = Finding::error(
                Code::LinkLeavesDirectory,
                format!(
                    "{} is a symbolic link to a directory outside the project; not read",
                    self.display_path(&start)
                ),
                Span::new(self.placeholder(&start, FileKind::Claims), 0..0),
                "",
            );
            finding.help = Some(format!(
                "make {} a real directory of the project (copy the files in); claimcheck reads nothing outside the \
                 project",
                self.display_path(&start)
            ));
            self.findings.push(finding);
            return out;
        }
        let mut visited = HashSet::new();
        self.walk(&start, &boundary, 0, extension, &mut visited, &mut out);
        // Overlay files that do not exist on disk yet (a new, unsaved buffer).
        let on_disk: HashSet<PathBuf> = out.iter().cloned().collect();
        for path in self.overlay.keys() {
            if path.starts_with(&start) && path.extension().is_some_and(|e| e == extension) && !on_disk.contains(path) {
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
                if is_temporary_name(&name) {
                    let mut finding = Finding::new(
                        Code::StaleTemporaryFile,
                        Severity::Warning,
                        format!(
                            "{} is a temporary file left by an interrupted claimcheck run; not read",
                            self.display_path(&path)
                        ),
                        Span::new(self.placeholder(&path, kind), 0..0),
                        "",
                    );
                    finding.help = Some(
                        "delete it once no claimcheck command is running (it holds output that was never put in \
                         place)"
                            .into(),
                    );
                    self.findings.push(finding);
                }
                continue; // hidden files and editor swap files
            }
            if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
                && let Ok(target) = fs::canonicalize(&path)
                && !target.starts_with(boundary)
            {
                // The finding never names the target: nothing outside the project goes into the
                // output (CI logs, SARIF).
                let outside = if target.starts_with(&self.root) {
                    self.display_path(boundary)
                } else {
                    "the project".to_string()
                };
                let mut finding = Finding::new(
                    Code::LinkLeavesDirectory,
                    Severity::Warning,
                    format!(
                        "{} is a symbolic link to a place outside {outside}; not followed",
                        self.display_path(&path)
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
        let bytes = match read_bounded(path, Some(&self.root)) {
            Ok(bytes) => bytes,
            Err(ReadError::Outside) => {
                self.file_finding(
                    path,
                    kind,
                    Code::LinkLeavesDirectory,
                    format!("{display} resolves to a file outside the project; not read"),
                    "copy the file into the project; claimcheck reads nothing outside it",
                );
                return None;
            }
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

    /// The names of the files next to `path` (for a did-you-mean), leaving out claim files, hidden
    /// files and links that lead out of the project. Nothing when the directory itself is outside
    /// the project (reached through a link): suggestions never name a file outside it.
    pub fn sibling_names(&self, path: &Path) -> Vec<String> {
        let Some(directory) = path.parent() else { return Vec::new() };
        if !fs::canonicalize(directory).is_ok_and(|real| real.starts_with(&self.root)) {
            return Vec::new();
        }
        let Ok(entries) = fs::read_dir(directory) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter(|e| {
                !e.file_type().is_ok_and(|t| t.is_symlink())
                    || fs::canonicalize(e.path()).is_ok_and(|real| real.starts_with(&self.root))
            })
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".toml") && !n.starts_with('.'))
            .collect();
        names.sort();
        names
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
        // Then resolve symbolic links: a link inside the project may point outside it, and so may
        // a directory on the way to a file that does not exist (its deepest existing ancestor).
        if let Some(real) = real_existing_ancestor(&normalised)
            && !real.starts_with(&self.root)
        {
            // The target is not named: nothing outside the project goes into the output.
            return Err("the path goes through a symbolic link to a place outside the project".into());
        }
        Ok(normalised)
    }
}

/// Read a text file of at most [`MAX_FILE_BYTES`], as UTF-8; `Err` says why not, in words. With a
/// `root`, the file must really be inside it (checked on the opened file, see the module doc).
pub fn read_text_file(path: &Path, root: Option<&Path>) -> Result<String, String> {
    match read_bounded(path, root) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|e| format!("{} is not valid UTF-8 (at byte {})", path.display(), e.utf8_error().valid_up_to())),
        Err(ReadError::TooLarge(size)) => {
            Err(format!("{} is {} MiB, more than claimcheck reads", path.display(), size / (1024 * 1024)))
        }
        Err(ReadError::NotAFile) => Err(format!("{} is not a regular file", path.display())),
        Err(ReadError::Outside) => Err(format!(
            "{} resolves to a file outside the project; claimcheck reads nothing outside it",
            path.display()
        )),
        Err(ReadError::Io(e)) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// `path` made absolute against the current directory (lexically: links are not resolved).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf())
}

/// Where the deepest part of `path` that exists really is (links resolved): for a path that may
/// not exist yet (a file to create, a mistyped name), the place it would be under. `None` when
/// even that cannot be resolved.
pub fn real_existing_ancestor(path: &Path) -> Option<PathBuf> {
    let existing = path.ancestors().find(|a| a.exists())?;
    fs::canonicalize(existing).ok()
}

/// The prefix and suffix of the temporary files [`write_confined`] creates (the part between is
/// random). Names of older releases (`.NAME.claimcheck-PID.tmp`) are recognised too.
const TEMPORARY_PREFIX: &str = ".claimcheck-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// True for the name of a temporary file of a claimcheck write (this release's or an older one's).
pub fn is_temporary_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(TEMPORARY_SUFFIX) && name.contains(".claimcheck-")
}

/// What a write expects to find at its target when it puts the new file in place.
#[derive(Clone, Copy, Debug)]
pub enum Expect<'a> {
    /// No file: the run creates it.
    Absent,
    /// The text the run read (and merged into): anything else means someone edited it meanwhile.
    Text(&'a str),
}

/// Why [`write_confined`] did not put the file in place. Nothing was overwritten in every case.
#[derive(Debug)]
pub enum WriteError {
    /// The target or its directory is (or leads) outside the project, or is a symbolic link.
    Outside(String),
    /// The target changed since the run read it (created, or edited). The new contents were kept
    /// next to it, at `kept`, when that was possible.
    Changed {
        /// Where the new contents are.
        kept: Option<PathBuf>,
    },
    /// The file system refused (permissions, a full disk).
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Outside(reason) => f.write_str(reason),
            WriteError::Changed { kept: Some(kept) } => write!(
                f,
                "it changed while claimcheck ran (created or edited meanwhile), so it was left as it is; the new \
                 contents are in {}",
                kept.display()
            ),
            WriteError::Changed { kept: None } => {
                f.write_str("it changed while claimcheck ran (created or edited meanwhile), so it was left as it is")
            }
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Write `contents` to `target`, inside `root` (canonical), without ever overwriting what the run
/// did not read:
///
/// - the target's directory (created if missing) must really be inside the root, and the target
///   must not be a symbolic link;
/// - the contents go to a temporary file created exclusively (`O_EXCL`) under an unpredictable
///   name in the same directory, flushed to disk — a planted link at a guessable name cannot
///   redirect the write, and a crash never leaves a half-written target;
/// - the temporary file replaces the target only if the target is still as `expect` says: still
///   absent (the rename refuses an existing file: no gap at all), or still the text the run read
///   (compared just before the rename). Otherwise the new contents are kept next to the target
///   (`NAME.claimcheck-new`) and the target is left alone.
///
/// The temporary file is removed on every exit path, unwinding included; one left by a killed run
/// is reported by the next walk (`stale-temporary-file`).
pub fn write_confined(root: &Path, target: &Path, contents: &str, expect: Expect<'_>) -> Result<(), WriteError> {
    let target = absolute(target);
    let (Some(directory), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(WriteError::Outside(format!("{} is not a file path", target.display())));
    };
    // The deepest directory that exists must be inside the root before anything is created
    // (`create_dir_all` through a link would create directories outside), and the whole
    // directory after.
    let outside = || {
        WriteError::Outside(format!(
            "{} is outside the project {}; claimcheck writes only inside the project",
            directory.display(),
            root.display()
        ))
    };
    if !real_existing_ancestor(directory).is_some_and(|real| real.starts_with(root)) {
        return Err(outside());
    }
    fs::create_dir_all(directory)?;
    let real_directory = fs::canonicalize(directory)?;
    if !real_directory.starts_with(root) {
        return Err(outside());
    }
    let target = real_directory.join(name);
    if fs::symlink_metadata(&target).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(WriteError::Outside(format!(
            "{} is a symbolic link or not a regular file; claimcheck writes only regular files",
            target.display()
        )));
    }
    let mut temporary =
        tempfile::Builder::new().prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX).tempfile_in(&real_directory)?;
    temporary.write_all(contents.as_bytes())?;
    temporary.as_file().sync_all()?;
    let keep = |temporary| keep_beside(temporary, &real_directory, &name.to_string_lossy());
    match expect {
        Expect::Absent => match temporary.persist_noclobber(&target) {
            Ok(_) => Ok(()),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(keep(e.file)),
            Err(e) => Err(WriteError::Io(e.error)),
        },
        Expect::Text(read) => {
            let now = read_bounded(&target, Some(root)).ok();
            if now.as_deref() != Some(read.as_bytes()) {
                return Err(keep(temporary));
            }
            temporary.persist(&target).map(|_| ()).map_err(|e| WriteError::Io(e.error))
        }
    }
}

/// Read `target` (inside `root`; an absent file reads as empty), let `change` compute the new
/// text, and write it with [`write_confined`] — refused if the file changed meanwhile. `Err`
/// says why in words; nothing was written then.
pub fn update_confined<T>(
    root: &Path,
    target: &Path,
    change: impl FnOnce(&str) -> Result<(String, T), String>,
) -> Result<T, String> {
    let existing = match fs::symlink_metadata(target) {
        Ok(_) => Some(read_text_file(target, Some(root))?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    let (contents, result) = change(existing.as_deref().unwrap_or(""))?;
    if existing.as_deref() == Some(contents.as_str()) {
        return Ok(result);
    }
    let expect = existing.as_deref().map_or(Expect::Absent, Expect::Text);
    write_confined(root, target, &contents, expect).map_err(|e| e.to_string())?;
    Ok(result)
}

/// Put `temporary` next to the target as `NAME.claimcheck-new` (or `-1`, `-2`, ...), never over
/// a file.
fn keep_beside(mut temporary: tempfile::NamedTempFile, directory: &Path, name: &str) -> WriteError {
    for n in 0..100 {
        let kept = directory.join(if n == 0 {
            format!("{name}.claimcheck-new")
        } else {
            format!("{name}.claimcheck-new-{n}")
        });
        match temporary.persist_noclobber(&kept) {
            Ok(_) => return WriteError::Changed { kept: Some(kept) },
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => temporary = e.file,
            Err(_) => break,
        }
    }
    WriteError::Changed { kept: None }
}

enum ReadError {
    TooLarge(u64),
    NotAFile,
    Outside,
    Io(std::io::Error),
}

/// Open `path` for reading and check the opened file: a regular file (FIFOs and devices are
/// opened non-blocking, so they never hang, and then refused) and, with a `root`, really inside
/// it. The check is on the open file, not on the path: a link swapped in after a check cannot
/// lead out.
fn open_confined(path: &Path, root: Option<&Path>) -> Result<(fs::File, fs::Metadata), ReadError> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if let Some(root) = root
        && !real_path(&file, path).is_ok_and(|real| real.starts_with(root))
    {
        return Err(ReadError::Outside);
    }
    Ok((file, metadata))
}

/// Where an open file really is: the kernel's answer on Linux, the canonical path elsewhere.
fn real_path(file: &fs::File, path: &Path) -> std::io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(real) = fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            return Ok(real);
        }
    }
    let _ = file;
    fs::canonicalize(path)
}

/// Read at most [`MAX_FILE_BYTES`] of a regular file (inside `root`, when given).
fn read_bounded(path: &Path, root: Option<&Path>) -> Result<Vec<u8>, ReadError> {
    let (file, metadata) = open_confined(path, root)?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}
