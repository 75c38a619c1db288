//! Reading TOML with spans: a recoverable parse that reports every syntax error, and a
//! [`Fields`] reader that takes typed, spanned fields out of a table while collecting findings for
//! missing, mistyped and unknown fields instead of stopping at the first.
//!
//! Strings keep a map from their decoded text back to the raw bytes in the file, so an error
//! inside a value ("4.8S billion") points at the exact character even after escapes.

use crate::finding::{Code, Finding};
use crate::model::ids::FileId;
use crate::source::Span;
use crate::suggest::did_you_mean;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A parsed TOML document.
pub type Document<'i> = Spanned<DeTable<'i>>;

/// Parse `text`, reporting every syntax error. Returns `None` when there were errors: a partially
/// recovered tree would only produce confusing follow-up findings.
pub fn parse_document<'i>(file: FileId, text: &'i str, findings: &mut Vec<Finding>) -> Option<Document<'i>> {
    let (document, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(document);
    }
    // A file that is not TOML at all (a text pasted by mistake) fails on every line: past the first
    // few, more errors say nothing new and would bury the other files' findings.
    let hidden = errors.len().saturating_sub(MAX_SYNTAX_ERRORS);
    for error in errors.into_iter().take(MAX_SYNTAX_ERRORS) {
        let range = error.span().unwrap_or(0..0);
        // Point at one character at least, so the label is visible.
        let range = if range.is_empty() { widen_to_char(text, range.start) } else { range };
        let message = error.message().trim_end_matches('.').to_string();
        findings.push(
            Finding::error(Code::TomlSyntax, format!("invalid TOML: {message}"), Span::new(file, range), message)
                .with_help("see https://toml.io for the syntax; strings need quotes, tables need [brackets]"),
        );
    }
    if hidden > 0 {
        let last = findings.last().and_then(|f| f.primary_span()).unwrap_or(Span::new(file, 0..0));
        findings.push(
            Finding::error(
                Code::TomlSyntax,
                format!("invalid TOML: {hidden} more syntax errors in this file are not shown"),
                last,
                "the last error shown",
            )
            .with_help("fix the errors above first; is this file TOML at all?"),
        );
    }
    None
}

/// At most this many TOML syntax errors are reported per file.
pub const MAX_SYNTAX_ERRORS: usize = 50;

/// A one-character range at `offset` (or an empty range at the end of the text).
pub fn widen_to_char(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    match text[offset..].chars().next() {
        Some(c) => offset..offset + c.len_utf8(),
        None => offset..offset,
    }
}

/// The TOML type name of a value, for "expected a string, found an integer".
pub fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A string value with its location.
#[derive(Clone, Debug)]
pub struct StrValue {
    /// The decoded text.
    pub text: String,
    /// The whole literal, quotes included.
    pub span: Span,
    /// For each byte of `text` (and one past the end), its offset in the file.
    offsets: Vec<u32>,
}

impl StrValue {
    /// Read a string literal at `span` in `file_text`, decoding offsets.
    pub fn new(text: &str, file: FileId, span: Range<usize>, file_text: &str) -> Self {
        let raw = file_text.get(span.clone()).unwrap_or("");
        let offsets = match content_offsets(raw, text) {
            Some(relative) => relative.into_iter().map(|o| o + span.start as u32).collect(),
            // Fall back to pointing every byte at the start of the literal.
            None => vec![span.start as u32; text.len() + 1],
        };
        StrValue { text: text.to_string(), span: Span::new(file, span), offsets }
    }

    /// The file span of a byte range of the decoded text.
    pub fn sub_span(&self, relative: Range<usize>) -> Span {
        let last = self.offsets.len().saturating_sub(1);
        let at = |i: usize| self.offsets.get(i.min(last)).copied().unwrap_or(self.span.start);
        let start = at(relative.start);
        let end = at(relative.end).max(start);
        Span { file: self.span.file, start, end }
    }

    /// The span of the text without its quotes.
    pub fn content_span(&self) -> Span {
        if self.text.is_empty() {
            return self.span;
        }
        self.sub_span(0..self.text.len())
    }
}

/// Map each byte of the decoded string to its offset in the raw literal (plus the literal's own
/// offset, added by the caller through `span.start`). `None` when the literal is of a form this
/// function does not decode (the caller falls back to the literal's start).
fn content_offsets(raw: &str, decoded: &str) -> Option<Vec<u32>> {
    let (delimiter, literal) = if raw.starts_with("\"\"\"") {
        ("\"\"\"", false)
    } else if raw.starts_with("'''") {
        ("'''", true)
    } else if raw.starts_with('"') {
        ("\"", false)
    } else if raw.starts_with('\'') {
        ("'", true)
    } else {
        return None;
    };
    let body_start = delimiter.len();
    let body_end = raw.len().checked_sub(delimiter.len())?;
    let mut body = raw.get(body_start..body_end)?;
    let mut skip = body_start;
    // Multi-line strings drop a newline right after the opening delimiter.
    if delimiter.len() == 3 {
        if let Some(rest) = body.strip_prefix("\r\n") {
            body = rest;
            skip += 2;
        } else if let Some(rest) = body.strip_prefix('\n') {
            body = rest;
            skip += 1;
        }
    }
    let mut offsets = Vec::with_capacity(decoded.len() + 1);
    if literal {
        if body != decoded {
            return None;
        }
        offsets.extend((0..=body.len()).map(|i| (skip + i) as u32));
        return Some(offsets);
    }
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            let escape_start = i;
            let next = *bytes.get(i + 1)?;
            let (decoded_char, len) = match next {
                b'b' => ('\u{8}', 2),
                b't' => ('\t', 2),
                b'n' => ('\n', 2),
                b'f' => ('\u{c}', 2),
                b'r' => ('\r', 2),
                b'e' => ('\u{1b}', 2),
                b'"' => ('"', 2),
                b'\\' => ('\\', 2),
                b'u' | b'U' | b'x' => {
                    let digits = match next {
                        b'u' => 4,
                        b'U' => 8,
                        _ => 2,
                    };
                    let hex = body.get(i + 2..i + 2 + digits)?;
                    (char::from_u32(u32::from_str_radix(hex, 16).ok()?)?, 2 + digits)
                }
                // Line-ending backslash in multi-line strings: whitespace is trimmed; too rare
                // to map exactly.
                _ => return None,
            };
            for _ in 0..decoded_char.len_utf8() {
                offsets.push((skip + escape_start) as u32);
            }
            i += len;
        } else {
            offsets.push((skip + i) as u32);
            i += 1;
        }
    }
    offsets.push((skip + bytes.len()) as u32);
    (offsets.len() == decoded.len() + 1).then_some(offsets)
}

/// A typed field read from a table, with the span of its key and value.
pub struct Field<'a, 'i> {
    /// The key span.
    pub key_span: Span,
    /// The value.
    pub value: &'a Spanned<DeValue<'i>>,
}

/// Reads fields out of one TOML table, collecting findings.
pub struct Fields<'a, 'i> {
    /// The file.
    pub file: FileId,
    /// The file's text.
    pub text: &'a str,
    table: &'a DeTable<'i>,
    /// Where the table is (its header, or the whole inline table).
    pub span: Span,
    /// What the table is, for messages ("claim", "source", "entity").
    pub what: &'static str,
    /// The fields the table takes, once [`Fields::deny_unknown`] has been called.
    allowed: std::cell::Cell<Option<&'static [&'static str]>>,
}

impl<'a, 'i> Fields<'a, 'i> {
    /// A reader over `table`.
    pub fn new(file: FileId, text: &'a str, table: &'a DeTable<'i>, span: Range<usize>, what: &'static str) -> Self {
        Fields { file, text, table, span: Span::new(file, span), what, allowed: std::cell::Cell::new(None) }
    }

    /// The raw field, if present.
    pub fn get(&self, key: &str) -> Option<Field<'a, 'i>> {
        self.table.get_key_value(key).map(|(k, v)| Field { key_span: Span::new(self.file, k.span()), value: v })
    }

    /// Span of a raw value.
    pub fn span_of(&self, value: &Spanned<DeValue<'_>>) -> Span {
        Span::new(self.file, value.span())
    }

    fn wrong_type(&self, key: &str, value: &Spanned<DeValue<'_>>, expected: &str, findings: &mut Vec<Finding>) {
        let found = type_name(value.get_ref());
        let mut finding = Finding::error(
            Code::WrongType,
            format!("`{key}` in {} must be {expected}, found {found}", article(self.what)),
            self.span_of(value),
            format!("expected {expected}"),
        );
        let amount_like =
            matches!(key, "value" | "as_of" | "period" | "at" | "published" | "change" | "tolerance" | "factor");
        finding.help = Some(match (value.get_ref(), expected) {
            (DeValue::Float(_) | DeValue::Integer(_), "a string") if amount_like => {
                format!(
                    "write amounts and dates as strings, e.g. {key} = \"2020\": TOML numbers lose the written precision"
                )
            }
            (_, "a string") => {
                format!("write `{key}` as a string in quotes, e.g. {key} = \"{}\"", example_for_key(key))
            }
            _ => format!("write `{key}` as {expected}"),
        });
        findings.push(finding);
    }

    /// An unknown key that is probably a misspelling of `key` ("valeu" for "value"): its own
    /// unknown-field finding already says so, so the missing-field finding would be noise.
    pub fn misspelt(&self, key: &str) -> bool {
        let Some(allowed) = self.allowed.get() else { return false };
        self.table.iter().any(|(k, _)| {
            let name: &str = k.get_ref();
            !allowed.contains(&name) && did_you_mean(name, allowed.iter().copied()).as_deref() == Some(key)
        })
    }

    fn missing(&self, key: &str, example: &str, findings: &mut Vec<Finding>) {
        if self.misspelt(key) {
            return;
        }
        findings.push(
            Finding::error(
                Code::MissingField,
                format!("{} is missing the required field `{key}`", article(self.what)),
                self.span,
                format!("this {} has no `{key}`", self.what),
            )
            .with_help(format!("add `{key} = {example}`")),
        );
    }

    /// An optional string field.
    pub fn string(&self, key: &str, findings: &mut Vec<Finding>) -> Option<StrValue> {
        let field = self.get(key)?;
        match field.value.get_ref() {
            DeValue::String(s) => Some(StrValue::new(s, self.file, field.value.span(), self.text)),
            _ => {
                self.wrong_type(key, field.value, "a string", findings);
                None
            }
        }
    }

    /// A required string field; `example` shows how to write it.
    pub fn required_string(&self, key: &str, example: &str, findings: &mut Vec<Finding>) -> Option<StrValue> {
        if self.get(key).is_none() {
            self.missing(key, example, findings);
            return None;
        }
        let value = self.string(key, findings)?;
        if value.text.trim().is_empty() {
            findings.push(
                Finding::error(
                    Code::BadValue,
                    format!("`{key}` in {} is empty", article(self.what)),
                    value.span,
                    "empty",
                )
                .with_help(format!("write `{key} = {example}`")),
            );
            return None;
        }
        Some(value)
    }

    /// An optional boolean field.
    pub fn boolean(&self, key: &str, findings: &mut Vec<Finding>) -> Option<(bool, Span)> {
        let field = self.get(key)?;
        match field.value.get_ref() {
            DeValue::Boolean(b) => Some((*b, self.span_of(field.value))),
            _ => {
                self.wrong_type(key, field.value, "a boolean (true or false)", findings);
                None
            }
        }
    }

    /// An optional inline or standard table field.
    pub fn table(&self, key: &str, what: &'static str, findings: &mut Vec<Finding>) -> Option<Fields<'a, 'i>> {
        let field = self.get(key)?;
        match field.value.get_ref() {
            DeValue::Table(t) => Some(Fields::new(self.file, self.text, t, field.value.span(), what)),
            _ => {
                self.wrong_type(key, field.value, "a table", findings);
                None
            }
        }
    }

    /// An optional array of strings.
    pub fn string_array(&self, key: &str, findings: &mut Vec<Finding>) -> Option<Vec<StrValue>> {
        let field = self.get(key)?;
        let DeValue::Array(items) = field.value.get_ref() else {
            self.wrong_type(key, field.value, "an array of strings", findings);
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push(StrValue::new(s, self.file, item.span(), self.text)),
                _ => self.wrong_type(key, item, "a string", findings),
            }
        }
        Some(out)
    }

    /// A string or an array of strings ("aliases = \"AR\"" or "aliases = [\"AR\"]").
    pub fn strings(&self, key: &str, findings: &mut Vec<Finding>) -> Vec<StrValue> {
        match self.get(key).map(|f| f.value.get_ref()) {
            None => Vec::new(),
            Some(DeValue::String(_)) => self.string(key, findings).into_iter().collect(),
            Some(_) => self.string_array(key, findings).unwrap_or_default(),
        }
    }

    /// Report every key not in `allowed`, with a did-you-mean.
    pub fn deny_unknown(&self, allowed: &'static [&'static str], findings: &mut Vec<Finding>) {
        self.allowed.set(Some(allowed));
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            if name == "claim" && self.what == "source" {
                findings.push(
                    Finding::error(
                        Code::UnknownField,
                        "`claim` here is a field of [source], not a claim",
                        Span::new(self.file, key.span()),
                        "inside [source]",
                    )
                    .with_help("write each claim as a [[claim]] table after the [source] fields"),
                );
                continue;
            }
            let help = match did_you_mean(name, allowed.iter().copied()) {
                Some(s) => {
                    format!("did you mean `{s}`? {} takes: {}", capitalized(&article(self.what)), allowed.join(", "))
                }
                None => format!("{} takes: {}", capitalized(&article(self.what)), allowed.join(", ")),
            };
            findings.push(
                Finding::error(
                    Code::UnknownField,
                    format!("unknown field `{name}` in {}", article(self.what)),
                    Span::new(self.file, key.span()),
                    "unknown field",
                )
                .with_help(help),
            );
        }
    }

    /// Iterate over all keys and values.
    pub fn iter(&self) -> impl Iterator<Item = (&'a Spanned<std::borrow::Cow<'i, str>>, &'a Spanned<DeValue<'i>>)> {
        self.table.iter()
    }
}

/// A plausible example value for a field, for help lines.
fn example_for_key(key: &str) -> &'static str {
    match key {
        "subject" | "entity" | "country" | "among" => "arcadia",
        "property" => "bilateral-trade",
        "id" => "trade-2020",
        "quote" => "the words of the article",
        "modality" => "actual",
        "rank" => "first",
        "kind" => "conflicting-value",
        "type" => "quantity",
        "temporal" => "flow",
        _ => "...",
    }
}

/// "a claim", "an entity".
pub fn article(what: &str) -> String {
    let vowel = what.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {what}", if vowel { "an" } else { "a" })
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The tables of an array-of-tables field (`[[claim]]`), each with its span. A single table is
/// accepted too; anything else is a wrong-type finding.
pub fn tables_of<'a, 'i>(
    parent: &Fields<'a, 'i>,
    key: &str,
    what: &'static str,
    findings: &mut Vec<Finding>,
) -> Vec<Fields<'a, 'i>> {
    let Some(field) = parent.get(key) else { return Vec::new() };
    match field.value.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(t) => Some(Fields::new(parent.file, parent.text, t, item.span(), what)),
                _ => {
                    parent.wrong_type(key, item, "a table", findings);
                    None
                }
            })
            .collect(),
        DeValue::Table(t) => vec![Fields::new(parent.file, parent.text, t, field.value.span(), what)],
        _ => {
            parent.wrong_type(key, field.value, &format!("an array of tables ([[{key}]])"), findings);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_through_escapes() {
        let file = "v = \"a\\u00e9b\"";
        let (doc, errors) = DeTable::parse_recoverable(file);
        assert!(errors.is_empty());
        let value = doc.get_ref().get("v").unwrap();
        let DeValue::String(s) = value.get_ref() else { panic!() };
        let sv = StrValue::new(s, FileId(0), value.span(), file);
        assert_eq!(sv.text, "aéb");
        // "b" is the last byte before the closing quote.
        let b = sv.sub_span(3..4);
        assert_eq!(&file[b.range()], "b");
        let a = sv.sub_span(0..1);
        assert_eq!(&file[a.range()], "a");
    }

    #[test]
    fn offsets_in_literal_and_multiline_strings() {
        let file = "v = '''\nx y'''";
        let (doc, _) = DeTable::parse_recoverable(file);
        let value = doc.get_ref().get("v").unwrap();
        let DeValue::String(s) = value.get_ref() else { panic!() };
        let sv = StrValue::new(s, FileId(0), value.span(), file);
        assert_eq!(&file[sv.sub_span(2..3).range()], "y");
    }

    #[test]
    fn syntax_errors_are_all_reported() {
        let mut findings = Vec::new();
        let doc = parse_document(FileId(0), "a = \nb = [1,\n", &mut findings);
        assert!(doc.is_none());
        assert!(!findings.is_empty());
        assert!(findings.iter().all(|f| f.code == Code::TomlSyntax));
    }
}
