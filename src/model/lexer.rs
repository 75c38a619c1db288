//! Splits a written value ("US$4.85 billion", "March 1, 2001", "60,000-80,000") into tokens
//! with byte spans, so that every parse error can point at the exact characters at fault.

use std::ops::Range;

/// The class of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Digits, with optional thousands separators and one decimal point: "60,000", "4.85".
    Number,
    /// A run of letters (apostrophes inside allowed): "billion", "US", "Borduria's".
    Word,
    /// A hyphen, en dash or em dash.
    Dash,
    /// Any other single character: "$", "%", ",", "(", "+".
    Symbol,
}

/// One token of a written value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// The class.
    pub kind: TokenKind,
    /// The exact text.
    pub text: &'a str,
    /// Byte range in the lexed string.
    pub span: Range<usize>,
    /// True when no whitespace separates this token from the previous one.
    pub joined: bool,
}

impl Token<'_> {
    /// The token text in lowercase, for word lookups.
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    /// True for a word token equal (case-insensitively) to `word`.
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(word)
    }

    /// True for the symbol `c`.
    pub fn is_symbol(&self, c: char) -> bool {
        self.kind == TokenKind::Symbol && self.text.starts_with(c) && self.text.len() == c.len_utf8()
    }
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‑' | '−')
}

/// Split `input` into tokens. Never fails: unknown characters become symbols.
pub fn lex(input: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let bytes = input.as_bytes();
    let mut chars = input.char_indices().peekable();
    let mut joined = false;
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            joined = false;
            continue;
        }
        let (kind, end) = if c.is_ascii_digit() {
            (TokenKind::Number, number_end(bytes, start))
        } else if c.is_alphabetic() {
            let mut end = start;
            let mut prev_apostrophe = false;
            for (i, ch) in input[start..].char_indices() {
                let is_apostrophe = ch == '\'' || ch == '’';
                if ch.is_alphabetic() || (is_apostrophe && i > 0 && !prev_apostrophe) {
                    prev_apostrophe = is_apostrophe;
                    end = start + i + ch.len_utf8();
                } else {
                    break;
                }
            }
            // A trailing apostrophe is not part of the word ("partners'").
            let word = &input[start..end];
            if word.ends_with('\'') {
                end -= 1;
            } else if word.ends_with('’') {
                end -= '’'.len_utf8();
            }
            // "Sept." and "Jan." keep their dot so month abbreviations lex as one word.
            (TokenKind::Word, end)
        } else if is_dash(c) {
            (TokenKind::Dash, start + c.len_utf8())
        } else {
            (TokenKind::Symbol, start + c.len_utf8())
        };
        tokens.push(Token { kind, text: &input[start..end], span: start..end, joined });
        joined = true;
        while chars.peek().is_some_and(|&(i, _)| i < end) {
            chars.next();
        }
    }
    tokens
}

/// Where a number starting at `start` ends: digits, thousands groups of exactly three digits,
/// and at most one decimal point followed by digits.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let digits_from = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut end = digits_from(start);
    // Thousands groups: ",ddd" not followed by another digit.
    while end + 3 < bytes.len() + 1
        && bytes.get(end) == Some(&b',')
        && bytes.get(end + 1..end + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
        && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
    {
        end += 4;
    }
    if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits_from(end + 1);
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(input: &str) -> Vec<(TokenKind, &str, bool)> {
        lex(input).into_iter().map(|t| (t.kind, t.text, t.joined)).collect()
    }

    #[test]
    fn money_with_prefix_and_scale() {
        use TokenKind::*;
        assert_eq!(
            kinds("US$4.85 billion"),
            vec![(Word, "US", false), (Symbol, "$", true), (Number, "4.85", true), (Word, "billion", false)]
        );
    }

    #[test]
    fn thousands_groups_and_ranges() {
        use TokenKind::*;
        assert_eq!(
            kinds("60,000-80,000"),
            vec![(Number, "60,000", false), (Dash, "-", true), (Number, "80,000", true)]
        );
        // A comma followed by a space separates list items, it does not group digits.
        assert_eq!(kinds("2001, 2006"), vec![(Number, "2001", false), (Symbol, ",", true), (Number, "2006", false)]);
    }

    #[test]
    fn ordinal_suffixes_and_apostrophes() {
        use TokenKind::*;
        assert_eq!(kinds("25th"), vec![(Number, "25", false), (Word, "th", true)]);
        assert_eq!(kinds("Borduria’s"), vec![(Word, "Borduria’s", false)]);
        assert_eq!(kinds("partners'"), vec![(Word, "partners", false), (Symbol, "'", true)]);
    }
}
