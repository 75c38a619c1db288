//! Byte offsets ↔ LSP positions: claimcheck's spans are byte ranges, the protocol counts 0-based
//! lines and UTF-16 code units within a line (the encoding every client supports).
//!
//! A position past the end of its line clamps to the line's end (before `\r\n`), a line past the
//! end of the text to the end of the text, and a position inside a character (between the two
//! halves of a surrogate pair) to the character's start, so any position a client sends maps to a
//! valid byte offset on a character boundary.

use lsp_types::{Position, Range};

/// The line starts of one text, for repeated conversions.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    /// Index `text` (one pass over its bytes).
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text, stepped back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position { line: to_u32(line), character: to_u32(character) }
    }

    /// The byte offset of a position.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else { return self.text.len() };
        let end = self.line_end(line);
        let target = position.character as usize;
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            if units + c.len_utf16() > target {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The range of a byte range.
    pub fn range(&self, bytes: std::ops::Range<usize>) -> Range {
        Range { start: self.position(bytes.start), end: self.position(bytes.end.max(bytes.start)) }
    }

    /// The byte range of a range (start and end ordered).
    pub fn byte_range(&self, range: Range) -> std::ops::Range<usize> {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }

    /// Where line `line` (0-based) ends: before its `\n` or `\r\n`, or at the end of the text.
    pub fn line_end(&self, line: usize) -> usize {
        let Some(&start) = self.starts.get(line) else { return self.text.len() };
        let mut end = self.starts.get(line + 1).map_or(self.text.len(), |next| next - 1);
        if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') && end < self.text.len() {
            end -= 1;
        }
        end
    }

    /// The 0-based line a byte offset is on.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset.min(self.text.len())).saturating_sub(1)
    }

    /// The byte offset where line `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The position of a byte offset in `text`.
pub fn position_of(text: &str, offset: usize) -> Position {
    LineIndex::new(text).position(offset)
}

/// The byte offset of a position in `text`.
pub fn offset_of(text: &str, position: Position) -> usize {
    LineIndex::new(text).offset(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn ascii_round_trips() {
        let text = "ab\ncd\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(index.offset(index.position(offset)), offset, "offset {offset}");
        }
        assert_eq!(index.position(3), pos(1, 0));
        assert_eq!(index.position(6), pos(2, 0));
    }

    #[test]
    fn accented_letters_count_one_utf16_unit() {
        // "Việt Nam": "ệ" is one UTF-16 unit but three UTF-8 bytes.
        let text = "name = \"Việt Nam\"\nx";
        let index = LineIndex::new(text);
        let n = text.find(" Nam").unwrap();
        assert_eq!(index.position(n), pos(0, 12));
        assert_eq!(index.offset(pos(0, 12)), n);
        let t = text.find('t').unwrap();
        assert_eq!(index.position(t), pos(0, 11));
        // The start of "ệ" and the offset right after it.
        let e = text.find('ệ').unwrap();
        assert_eq!(index.position(e), pos(0, 10));
        assert_eq!(index.position(e + 'ệ'.len_utf8()), pos(0, 11));
        // An offset inside "ệ" steps back to its start.
        assert_eq!(index.position(e + 1), pos(0, 10));
        assert_eq!(index.position(text.len()), pos(1, 1));
    }

    #[test]
    fn emoji_take_two_units() {
        let text = "a👍🏽b\n😀x";
        let index = LineIndex::new(text);
        // The thumb and its skin-tone modifier are each a surrogate pair: two units, four bytes.
        let b = text.find('b').unwrap();
        assert_eq!(index.position(b), pos(0, 5));
        assert_eq!(index.offset(pos(0, 5)), b);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), pos(1, 2));
        assert_eq!(index.offset(pos(1, 2)), x);
        // A position between the halves of a surrogate pair maps to the character's start.
        assert_eq!(index.offset(pos(1, 1)), text.find('😀').unwrap());
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        // Past the end of a line: before its \r\n.
        assert_eq!(index.offset(pos(0, 99)), 2);
        assert_eq!(index.offset(pos(1, 99)), text.len());
        // Past the last line: the end of the text.
        assert_eq!(index.offset(pos(7, 0)), text.len());
        assert_eq!(index.position(999), pos(1, 2));
        assert_eq!(offset_of("", pos(3, 3)), 0);
        assert_eq!(position_of("", 5), pos(0, 0));
    }

    #[test]
    fn ranges_convert_both_ways() {
        let text = "x = \"Việt Nam 😀\"\n";
        let index = LineIndex::new(text);
        let start = text.find('V').unwrap();
        let end = text.find('"').map(|_| text.rfind('"').unwrap()).unwrap();
        let range = index.range(start..end);
        assert_eq!(range.start, pos(0, 5));
        // "Việt Nam 😀" is 10 characters, 11 UTF-16 units.
        assert_eq!(range.end, pos(0, 16));
        assert_eq!(index.byte_range(range), start..end);
        assert_eq!(index.byte_range(Range { start: range.end, end: range.start }), start..end);
    }
}
