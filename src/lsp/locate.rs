//! Finding the claim under the cursor: the `[[claim]]` table the cursor is in (from its header to
//! the next table header), and the stated claim whose spans lie in that table.

use crate::check::Checked;
use crate::model::ids::{ClaimId, FileId};
use std::ops::Range;

/// A claim and the byte range of its `[[claim]]` table in the claim file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimAt {
    /// The claim.
    pub claim: ClaimId,
    /// Its table, from the `[[claim]]` header to the next table header (or the end of the file).
    pub table: Range<usize>,
}

/// The table header a line is, without spaces ("[[claim]]", "[source]"), if it is one.
fn header(line: &str) -> Option<String> {
    let line = line.trim();
    let line = match line.find(" #").or_else(|| line.find("\t#")) {
        Some(comment) => line[..comment].trim_end(),
        None => line,
    };
    // A nested array written over several lines ("[1, 2],") is not a header.
    if !line.starts_with('[') || !line.ends_with(']') || line.contains([',', '=']) {
        return None;
    }
    Some(line.chars().filter(|c| !c.is_whitespace()).collect())
}

/// The byte range of the `[[claim]]` table that contains `offset`, if any. Sub-tables of the
/// claim (`[claim.qualifiers]`) belong to it.
pub fn claim_table_at(text: &str, offset: usize) -> Option<Range<usize>> {
    let mut current: Option<Range<usize>> = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if let Some(name) = header(line) {
            let continues_claim = name.starts_with("[claim.") || name.starts_with("[[claim.");
            if !continues_claim {
                if current.as_ref().is_some_and(|t| t.start <= offset && offset < start) {
                    break;
                }
                current = (name == "[[claim]]").then_some(start..text.len());
            }
        }
        if let Some(table) = current.as_mut() {
            table.end = end;
        }
        start = end;
    }
    let table = current?;
    (table.start <= offset && (offset < table.end || (offset == text.len() && table.end == text.len())))
        .then_some(table)
}

/// The stated claim whose `[[claim]]` table contains `offset` in `file`, as of the last check.
pub fn claim_at(checked: &Checked, file: FileId, offset: usize) -> Option<ClaimAt> {
    let text = &checked.project.files.get(file).text;
    let table = claim_table_at(text, offset)?;
    let store = &checked.project.store;
    let claim = store
        .claims()
        .filter(|(_, c)| !c.is_derived() && c.span.file == file)
        .find(|(_, c)| table.contains(&(c.span.start as usize)))
        .map(|(id, _)| id)?;
    Some(ClaimAt { claim, table })
}

/// Whether the table at `table` in `text` sets `key` directly (`key = ...` at the start of a
/// line).
pub fn has_field(text: &str, table: &Range<usize>, key: &str) -> bool {
    let Some(body) = text.get(table.clone()) else { return false };
    body.lines().any(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix(key).or_else(|| line.strip_prefix(&format!("\"{key}\""))).unwrap_or("");
        line.trim_start().starts_with('=')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = concat!(
        "[source]\n",
        "id = \"s\"\n",
        "\n",
        "[[claim]]\n",
        "id = \"a\"\n",
        "value = \"1\"\n",
        "\n",
        "[claim.qualifiers]\n",
        "partner = \"x\"\n",
        "\n",
        "[[claim]] # second\n",
        "id = \"b\"\n",
        "values = [\n",
        "  [1, 2],\n",
        "]\n",
        "modality = \"target\"\n",
    );

    #[test]
    fn tables_run_from_header_to_header() {
        let first = FILE.find("[[claim]]").unwrap();
        let second = FILE.find("[[claim]] # second").unwrap();
        assert_eq!(claim_table_at(FILE, 0), None);
        assert_eq!(claim_table_at(FILE, FILE.find("id = \"s\"").unwrap()), None);
        assert_eq!(claim_table_at(FILE, first), Some(first..second));
        // The qualifiers sub-table belongs to the first claim.
        assert_eq!(claim_table_at(FILE, FILE.find("partner").unwrap()), Some(first..second));
        // A nested array line is not a header.
        assert_eq!(claim_table_at(FILE, FILE.find("[1, 2]").unwrap()), Some(second..FILE.len()));
        assert_eq!(claim_table_at(FILE, FILE.len()), Some(second..FILE.len()));
    }

    #[test]
    fn fields_are_found_by_key() {
        let second = FILE.find("[[claim]] # second").unwrap();
        let first = FILE.find("[[claim]]").unwrap()..second;
        assert!(has_field(FILE, &first, "value"));
        assert!(!has_field(FILE, &first, "modality"));
        assert!(has_field(FILE, &(second..FILE.len()), "modality"));
        // "values" is not "value".
        assert!(!has_field(FILE, &(second..FILE.len()), "value"));
    }
}
