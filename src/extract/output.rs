//! Writing candidates as claim files: a new file for a new article, or a merge into an existing
//! one that adds only candidates not proposed before and leaves every hand edit, comment and
//! reordering exactly as it was (toml_edit keeps the document's own formatting).
//!
//! Every candidate ever proposed is remembered by fingerprint in the file's `[extract]` table, so a
//! candidate a person deleted is not proposed again. Pure: text in, text out.

use super::{Candidate, CandidateValue, Extraction, Unattached};
use crate::model::claim::{Modality, TimeKind};
use crate::source::fold_whitespace;
use std::collections::{BTreeSet, HashMap, HashSet};
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value, value};

/// The `[source]` header of a new claim file.
#[derive(Clone, Debug)]
pub struct Header {
    /// Source id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Publication date, as written.
    pub published: String,
    /// The archived text, relative to the claim file.
    pub text: String,
}

/// What a merge did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Candidates added as new claims.
    pub added: usize,
    /// Candidates already in the file (as claims, or seen and deleted before).
    pub known: usize,
    /// Unattached values newly listed as comments.
    pub unattached: usize,
}

/// A readable, unique claim id: "bilateral-trade-2020", then "-2", "-3".
/// Claim ids in use, and per base id the next suffix to try: each new id costs O(1) however
/// many candidates share a property and year (a long text has thousands).
#[derive(Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// A fresh id for `candidate`: its property and year ("bilateral-trade-2020"), then "-2", "-3"...
    fn claim_id(&mut self, candidate: &Candidate) -> String {
        let year = candidate
            .time
            .as_ref()
            .and_then(|(_, t)| t.split(|c: char| !c.is_ascii_digit()).find(|p| p.len() == 4).map(str::to_string));
        let base = match year {
            Some(y) => format!("{}-{y}", candidate.property),
            None => candidate.property.clone(),
        };
        let id = if self.taken.contains(&base) {
            let n = self.next.entry(base.clone()).or_insert(2);
            loop {
                let id = format!("{base}-{n}");
                *n += 1;
                if !self.taken.contains(&id) {
                    break id;
                }
            }
        } else {
            base
        };
        self.taken.insert(id.clone());
        id
    }
}

fn claim_table(candidate: &Candidate, id: &str) -> Table {
    let mut table = Table::new();
    table.insert("id", value(id));
    table.insert("subject", value(candidate.subject.as_str()));
    table.insert("property", value(candidate.property.as_str()));
    if !candidate.qualifiers.is_empty() {
        let mut inline = InlineTable::new();
        for (name, entity) in &candidate.qualifiers {
            inline.insert(name, entity.as_str().into());
        }
        table.insert("qualifiers", Item::Value(Value::InlineTable(inline)));
    }
    match &candidate.value {
        CandidateValue::Written(written) => {
            table.insert("value", value(written.as_str()));
        }
        CandidateValue::List(items) => {
            let mut array = Array::new();
            for item in items {
                array.push(item.as_str());
            }
            table.insert("value", Item::Value(Value::Array(array)));
            if !candidate.exhaustive {
                table.insert("exhaustive", value(false));
            }
        }
        CandidateValue::None => {}
    }
    if let Some((kind, written)) = &candidate.time {
        let field = match kind {
            TimeKind::Period => "period",
            TimeKind::At => "at",
            TimeKind::AsOf | TimeKind::Published => "as_of",
        };
        table.insert(field, value(written.as_str()));
    }
    if candidate.modality != Modality::Actual {
        table.insert("modality", value(candidate.modality.as_str()));
    }
    if !candidate.compared_with.is_empty() {
        let mut inline = InlineTable::new();
        for (key, written) in &candidate.compared_with {
            inline.insert(key, written.as_str().into());
        }
        table.insert("compared_with", Item::Value(Value::InlineTable(inline)));
    }
    if let Some(rank) = candidate.rank {
        table.insert("rank", value(rank.as_str()));
    }
    if let Some(among) = &candidate.among {
        table.insert("among", value(among.as_str()));
    }
    table.insert("quote", value(fold_whitespace(&candidate.quote)));
    // Not yet reviewed: accepting the claim is deleting this table.
    let mut marker = InlineTable::new();
    marker.insert("confidence", format!("{:.2}", candidate.confidence).into());
    marker.insert("why", candidate.why.as_str().into());
    table.insert("candidate", Item::Value(Value::InlineTable(marker)));
    table
}

/// The comment line listing one unattached value. Every part is whitespace-folded: a line break
/// or carriage return left in the quote would not survive the file being written and read again,
/// and the value would be listed anew at every merge. Other control characters (an article may
/// hold a NUL or an escape) are not allowed in a TOML comment: each becomes U+FFFD.
fn unattached_line(value: &Unattached) -> String {
    let comment_text = |text: &str| -> String {
        fold_whitespace(text).chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }).collect()
    };
    format!(
        "#   {} ({}): \"{}\" — {}",
        comment_text(&value.text),
        value.kind.macro_name(),
        comment_text(&value.quote),
        comment_text(&value.reason)
    )
}

const UNATTACHED_HEADER: &str = "# Values claimcheck found but attached to no property of the vocabulary. To keep one, write\n# it as a [[claim]] (declare its property in rules/ if there is none, or add the words that\n# signal it to the property's `cues`):\n";

/// A new claim file holding the header, every candidate, and the unattached values as comments.
pub fn new_file(header: &Header, extraction: &Extraction) -> String {
    let mut document = DocumentMut::new();
    document.decor_mut().set_prefix(format!(
        "# Candidate claims extracted by claimcheck from {}.\n# Review each one against its quote: fix values and time scopes, delete what is not a claim,\n# then delete its `candidate` table to accept it. Until then a finding that rests only on\n# candidates is at most a warning. `claimcheck extract --merge` adds only new candidates later.\n\n",
        header.text
    ));
    let mut source = Table::new();
    source.insert("id", value(header.id.as_str()));
    source.insert("title", value(header.title.as_str()));
    source.insert("publisher", value(header.publisher.as_str()));
    source.insert("published", value(header.published.as_str()));
    source.insert("text", value(header.text.as_str()));
    document.insert("source", Item::Table(source));
    let text = document.to_string();
    match merge(&text, extraction) {
        Ok((merged, _)) => merged,
        Err(_) => text,
    }
}

/// Merge candidates into an existing claim file. Returns the new text (identical to `existing`
/// when nothing is new) and what was done; `Err` when the file is not valid TOML (it is then left
/// alone: the person's file comes first).
pub fn merge(existing: &str, extraction: &Extraction) -> Result<(String, MergeReport), String> {
    let candidates = &extraction.candidates;
    let mut document: DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let mut report = MergeReport::default();
    let mut seen: BTreeSet<String> = document
        .get("extract")
        .and_then(|e| e.get("seen"))
        .and_then(|s| s.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let existing_claims: Vec<(String, String, String, String)> = document
        .get("claim")
        .and_then(Item::as_array_of_tables)
        .map(|claims| {
            claims
                .iter()
                .map(|t| {
                    let get = |k: &str| {
                        t.get(k).map(|v| v.to_string().trim().trim_matches('"').to_string()).unwrap_or_default()
                    };
                    (get("id"), get("property"), fold_whitespace(&get("quote")), fold_whitespace(&get("value")))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut ids = Ids { taken: existing_claims.iter().map(|(id, ..)| id.clone()).collect(), ..Ids::default() };
    // The claims already in the file, by property and quote and by property and value.
    let known_quotes: HashSet<(&str, &str)> =
        existing_claims.iter().map(|(_, p, q, _)| (p.as_str(), q.as_str())).collect();
    let known_values: HashSet<(&str, &str)> =
        existing_claims.iter().filter(|(.., v)| !v.is_empty()).map(|(_, p, _, v)| (p.as_str(), v.as_str())).collect();
    let mut new_tables = Vec::new();
    let mut new_seen = Vec::new();
    for candidate in candidates {
        let fingerprint = candidate.fingerprint();
        if seen.contains(&fingerprint) {
            report.known += 1;
            continue;
        }
        let quote = fold_whitespace(&candidate.quote);
        let written = match &candidate.value {
            CandidateValue::Written(w) => fold_whitespace(w),
            _ => String::new(),
        };
        let property = candidate.property.as_str();
        let already = known_quotes.contains(&(property, quote.as_str()))
            || (!written.is_empty() && known_values.contains(&(property, written.as_str())));
        seen.insert(fingerprint.clone());
        new_seen.push(fingerprint);
        if already {
            report.known += 1;
            continue;
        }
        let id = ids.claim_id(candidate);
        new_tables.push(claim_table(candidate, &id));
        report.added += 1;
    }
    // Unattached values not listed yet go at the end, as comments.
    let listed: BTreeSet<&str> = existing.lines().filter(|l| l.starts_with("#   ")).collect();
    let mut new_lines: Vec<String> = Vec::new();
    let mut new_set: HashSet<String> = HashSet::new();
    for line in extraction.unattached.iter().map(unattached_line) {
        if !listed.contains(line.as_str()) && new_set.insert(line.clone()) {
            new_lines.push(line);
        }
    }
    if !new_lines.is_empty() {
        let mut trailing = document.trailing().as_str().unwrap_or_default().to_string();
        if !existing.contains(UNATTACHED_HEADER.lines().next().unwrap_or_default()) {
            trailing.push('\n');
            trailing.push_str(UNATTACHED_HEADER);
        }
        for line in &new_lines {
            trailing.push_str(line);
            trailing.push('\n');
        }
        if extraction.unattached_not_listed > 0 {
            trailing.push_str(&format!(
                "# ... and {} more values attached to nothing, not listed (claimcheck lists at most {} per text)\n",
                extraction.unattached_not_listed,
                super::MAX_UNATTACHED
            ));
        }
        report.unattached = new_lines.len();
        document.set_trailing(trailing);
    }
    if new_seen.is_empty() && new_lines.is_empty() {
        return Ok((existing.to_string(), report));
    }
    // Remember every candidate proposed, kept or not.
    let extract = document.entry("extract").or_insert_with(|| {
        let mut table = Table::new();
        table
            .decor_mut()
            .set_prefix("\n# Candidates claimcheck extract has proposed, by fingerprint: never proposed again.\n");
        Item::Table(table)
    });
    if let Some(table) = extract.as_table_like_mut() {
        let seen_item = table.entry("seen").or_insert(Item::Value(Value::Array(Array::new())));
        if let Some(array) = seen_item.as_array_mut() {
            for fingerprint in &new_seen {
                array.push(fingerprint.as_str());
            }
        }
    }
    if !new_tables.is_empty() {
        let claims = document.entry("claim").or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
        if let Some(array) = claims.as_array_of_tables_mut() {
            for table in new_tables {
                array.push(table);
            }
        }
    }
    Ok((document.to_string(), report))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(quote: &str, value: &str) -> Candidate {
        Candidate {
            pattern: "trade".into(),
            subject: "arcadia".into(),
            property: "trade".into(),
            qualifiers: vec![("partner".into(), "borduria".into())],
            value: CandidateValue::Written(value.into()),
            time: Some((TimeKind::Period, "2020".into())),
            modality: Modality::Actual,
            compared_with: Vec::new(),
            rank: None,
            among: None,
            exhaustive: true,
            quote: quote.into(),
            quote_span: 0..quote.len(),
            value_span: None,
            kind: None,
            why: "pattern `trade`".into(),
            confidence: 0.9,
        }
    }

    fn extraction(candidates: Vec<Candidate>, unattached: Vec<Unattached>) -> Extraction {
        Extraction { candidates, unattached, unattached_not_listed: 0 }
    }

    #[test]
    fn merging_twice_changes_nothing() {
        let header = Header {
            id: "a".into(),
            title: "A".into(),
            publisher: "P".into(),
            published: "2021".into(),
            text: "a.txt".into(),
        };
        let unattached = Unattached {
            kind: crate::extract::recognise::MentionKind::Count,
            text: "500".into(),
            span: 0..3,
            quote: "500 people attended".into(),
            reason: "no property's cue words are near it".into(),
        };
        let found = || {
            extraction(
                vec![candidate("Trade reached 4.85 billion USD in 2020.", "4.85 billion USD")],
                vec![unattached.clone()],
            )
        };
        let first = new_file(&header, &found());
        assert!(first.contains("value = \"4.85 billion USD\""));
        assert!(first.contains("candidate = { confidence = \"0.90\""), "{first}");
        assert!(first.contains("#   500 (count): \"500 people attended\""), "{first}");
        let (second, report) = merge(&first, &found()).unwrap();
        assert_eq!(second, first);
        assert_eq!(report, MergeReport { added: 0, known: 1, unattached: 0 });
    }
}
