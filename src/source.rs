//! The text of every loaded file, addressed by [`FileId`], and byte spans into them.
//!
//! Spans are byte ranges everywhere inside claimcheck; line and column numbers are computed only
//! at the edge (reports, JSON, LSP) by [`SourceMap::line_col`].

use crate::model::ids::FileId;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

/// What a loaded file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    /// A claim file under `claims/`.
    Claims,
    /// A vocabulary or rule file under `rules/`.
    Rules,
    /// An archived article text.
    Article,
    /// The project's reviews file, `reviews.toml`.
    Reviews,
}

/// One loaded text file.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the project root, with `/` separators (as shown to users).
    pub path: String,
    /// The text.
    pub text: String,
    /// What the file is for.
    pub kind: FileKind,
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// Byte offsets at which each line starts (computed once, on first use).
    pub fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }
}

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The file.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from a byte range (offsets beyond `u32::MAX` are clamped; files are size-limited
    /// well below that).
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span { file, start: clamp(range.start), end: clamp(range.end.max(range.start)) }
    }

    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// A sub-span, given as a range relative to this span's start.
    pub fn sub(&self, relative: Range<usize>) -> Span {
        Span::new(self.file, self.start as usize + relative.start..self.start as usize + relative.end)
    }
}

/// A 1-based line and column; the column counts characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Every file claimcheck has read, in load order.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    /// Path to the first file added under it: [`SourceMap::find`] in constant time, so loading
    /// many files stays linear.
    by_path: HashMap<String, FileId>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a file and return its id.
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>, kind: FileKind) -> FileId {
        let id = FileId(self.files.len() as u32);
        let path = path.into();
        self.by_path.entry(path.clone()).or_insert(id);
        self.files.push(SourceFile { path, text: text.into(), kind, line_starts: OnceLock::new() });
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.index()]
    }

    /// The id of the file at `path`, if loaded.
    pub fn find(&self, path: &str) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// The text a span covers (empty if the span is out of range or splits a character).
    pub fn snippet(&self, span: Span) -> &str {
        self.get(span.file).text.get(span.range()).unwrap_or("")
    }

    /// The 1-based line and character column of a byte offset.
    pub fn line_col(&self, file: FileId, offset: usize) -> LineCol {
        let source = self.get(file);
        let offset = offset.min(source.text.len());
        let starts = source.line_starts();
        let line_index = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let line_start = starts[line_index];
        // Count characters, stepping back to a char boundary if the offset splits one.
        let mut end = offset;
        while end > line_start && !source.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = source.text[line_start..end].chars().count() + 1;
        LineCol { line: line_index + 1, column }
    }

    /// The 0-based line and UTF-16 column of a byte offset (for the language server protocol).
    pub fn line_utf16(&self, file: FileId, offset: usize) -> (u32, u32) {
        let source = self.get(file);
        let offset = offset.min(source.text.len());
        let starts = source.line_starts();
        let line_index = starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let line_start = starts[line_index];
        let mut end = offset;
        while end > line_start && !source.text.is_char_boundary(end) {
            end -= 1;
        }
        let units: usize = source.text[line_start..end].chars().map(char::len_utf16).sum();
        (line_index as u32, units as u32)
    }
}

/// Text with every run of whitespace folded to one space and the ends trimmed: how quotes are
/// compared with articles, and how extraction and `--changed-since` compare written text.
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A path percent-encoded for a `file://` URI: unreserved characters, `/` and `:` stay, every other
/// byte becomes `%XX` (used by SARIF's base URI and the language server's document URIs).
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let mut map = SourceMap::new();
        let file = map.add("a.toml", "ab\ncé d\n", FileKind::Claims);
        assert_eq!(map.line_col(file, 0), LineCol { line: 1, column: 1 });
        assert_eq!(map.line_col(file, 3), LineCol { line: 2, column: 1 });
        // "é" is two bytes; the space after it is column 3.
        assert_eq!(map.line_col(file, 6), LineCol { line: 2, column: 3 });
        assert_eq!(map.line_utf16(file, 6), (1, 2));
        // Past the end clamps.
        assert_eq!(map.line_col(file, 100), LineCol { line: 3, column: 1 });
    }
}
