//! Loading one claim file (`claims/**/*.toml`): the `[source]` header and its `[[claim]]` tables,
//! typed against the vocabulary.
//!
//! Every field error is a finding located inside the file (inside the string, for values); a
//! claim with an error is dropped, its neighbours still load. Pure: reading the archived article
//! is the caller's job.

use crate::finding::{Code, Finding, Label};
use crate::load::toml_tree::{Fields, StrValue, parse_document, tables_of, type_name};
use crate::load::vocab::{is_identifier, push_value_error};
use crate::model::claim::{
    Claim, ComparedWith, Modality, Provenance, QualifierValue, Quote, Rank, Source, TimeKind, TimeScope,
};
use crate::model::date::{DateValue, Day};
use crate::model::ids::{EntityId, FileId, PropertyId, SourceId};
use crate::model::number::{Amount, NumberForm, WrittenNumber};
use crate::model::syntax::{self, EntityResolver, parse_change, parse_date, parse_value, parse_year_offset};
use crate::model::value::{DateExpr, Measure, Value, ValueType};
use crate::model::vocab::QualifierKind;
use crate::source::{SourceMap, Span};
use crate::store::Store;
use crate::suggest::did_you_mean;
use rust_decimal::Decimal;
use std::collections::HashMap;
use toml::de::DeValue;

/// The top-level tables of a claim file (docs/schema/claims.schema.json lists the same).
pub const TOP_LEVEL: &[&str] = &["source", "claim", "extract"];
/// The fields of `[extract]`.
pub const EXTRACT_FIELDS: &[&str] = &["seen"];
/// The fields of `[source]`.
pub const SOURCE_FIELDS: &[&str] = &["id", "title", "publisher", "author", "published", "url", "text", "country"];
/// The fields of `[[claim]]`.
pub const CLAIM_FIELDS: &[&str] = &[
    "id",
    "subject",
    "property",
    "qualifiers",
    "value",
    "as_of",
    "period",
    "at",
    "modality",
    "quote",
    "note",
    "rank",
    "among",
    "compared_with",
    "according_to",
    "exhaustive",
    "candidate",
];
/// The fields of a claim's `candidate` table.
pub const CANDIDATE_FIELDS: &[&str] = &["confidence", "why"];
/// The fields of `compared_with`.
pub const COMPARED_FIELDS: &[&str] = &["value", "change", "period", "earlier"];

/// What one claim file holds once parsed.
pub struct ClaimFile {
    /// The source header, if it was valid.
    pub source: Option<Source>,
    /// The `text` path as written, for the caller to resolve and read.
    pub text_path: Option<StrValue>,
    /// The valid claims (their `source` field is a placeholder until the source is stored).
    pub claims: Vec<Claim>,
    /// Quotes of claims that did not load, still checked against the article so that one run
    /// reports every problem.
    pub orphan_quotes: Vec<StrValue>,
}

struct Resolver<'s>(&'s Store);

impl EntityResolver for Resolver<'_> {
    fn resolve(&self, name: &str) -> Result<EntityId, Vec<String>> {
        self.0.entities.resolve(name).ok_or_else(|| self.0.entities.suggest(name).into_iter().collect())
    }
}

/// Parse one claim file against the vocabulary in `store`.
pub fn load_file(files: &SourceMap, file: FileId, store: &Store, findings: &mut Vec<Finding>) -> ClaimFile {
    let text = &files.get(file).text;
    let empty = ClaimFile { source: None, text_path: None, claims: Vec::new(), orphan_quotes: Vec::new() };
    let Some(document) = parse_document(file, text, findings) else { return empty };
    let root = Fields::new(file, text, document.get_ref(), 0..0, "claim file");
    root.deny_unknown(TOP_LEVEL, findings);
    let (source, text_path) = match root.table("source", "source", findings) {
        Some(table) => load_source(&table, store, findings),
        None => {
            if root.get("source").is_none() {
                let span = Span::new(file, 0..text.find('\n').unwrap_or(text.len()).min(text.len()));
                findings.push(
                    Finding::error(
                        Code::MissingField,
                        "the claim file has no [source] table",
                        span,
                        "no [source] in this file",
                    )
                    .with_help(
                        "start the file with [source] (id, title, publisher, published, text): see docs/claims.md",
                    ),
                );
            }
            (None, None)
        }
    };
    // `[extract]` remembers the candidates extraction proposed; it only has to be well-formed.
    if let Some(extract) = root.table("extract", "extract table", findings) {
        extract.deny_unknown(EXTRACT_FIELDS, findings);
        let _ = extract.string_array("seen", findings);
    }
    let published = source.as_ref().map(|s| (s.published, s.span));
    let mut claims = Vec::new();
    let mut orphan_quotes = Vec::new();
    let mut seen_ids: HashMap<String, Span> = HashMap::new();
    for table in tables_of(&root, "claim", "claim", findings) {
        let loaded = load_claim(&table, store, published, findings);
        if loaded.is_none()
            && let Some(quote) = table.string("quote", &mut Vec::new())
        {
            orphan_quotes.push(quote);
        }
        if let Some(claim) = loaded {
            if let Some(first) = seen_ids.get(&claim.id) {
                findings.push(
                    Finding::error(
                        Code::DuplicateId,
                        format!("two claims in this file have the id `{}`", claim.id),
                        claim.span,
                        "second claim with this id",
                    )
                    .with_label(Label::secondary(*first, "first used here"))
                    .with_help("claim ids must be unique within their source; rename one"),
                );
                continue;
            }
            seen_ids.insert(claim.id.clone(), claim.span);
            claims.push(claim);
        }
    }
    if root.get("claim").is_none() && source.is_some() {
        let mut finding = Finding::error(
            Code::MissingField,
            "the claim file has a [source] but no [[claim]]",
            source.as_ref().map_or(Span::new(file, 0..0), |s| s.span),
            "no claims follow",
        )
        .with_help("add [[claim]] tables, or remove the file");
        finding.severity = crate::finding::Severity::Warning;
        findings.push(finding);
    }
    ClaimFile { source, text_path, claims, orphan_quotes }
}

fn load_source(
    table: &Fields<'_, '_>,
    store: &Store,
    findings: &mut Vec<Finding>,
) -> (Option<Source>, Option<StrValue>) {
    table.deny_unknown(SOURCE_FIELDS, findings);
    let id = table.required_string("id", "\"ledger-2021-11\"", findings);
    let title = table.required_string("title", "\"Arcadia and Borduria sign a trade pact\"", findings);
    let publisher = table.required_string("publisher", "\"The Daily Ledger\"", findings);
    let author = table.string("author", findings);
    let url = table.string("url", findings);
    let text_path = table.required_string("text", "\"ledger-2021-11.txt\"", findings);
    let published = match table.get("published") {
        None => {
            findings.push(
                Finding::error(
                    Code::MissingField,
                    "a source is missing the required field `published`",
                    table.span,
                    "no `published`",
                )
                .with_help("add `published = \"2021-11-29\"` (any precision: \"2021-11\", \"2021\")"),
            );
            None
        }
        Some(_) => date_field(table, "published", findings),
    };
    let country = table.string("country", findings).and_then(|c| resolve_entity(store, &c, findings));
    if let Some(id) = &id
        && !is_identifier(&id.text)
    {
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("`{}` is not a valid source id", id.text),
                id.content_span(),
                "invalid id",
            )
            .with_help("ids are lowercase letters, digits and dashes, e.g. \"ledger-2021-11\""),
        );
        return (None, text_path);
    }
    let (Some(id), Some(title), Some(publisher), Some((published, _))) = (id, title, publisher, published) else {
        return (None, text_path);
    };
    let source = Source {
        id: id.text.clone(),
        title: title.text,
        publisher: publisher.text,
        author: author.map(|a| a.text).filter(|a| !a.trim().is_empty()),
        published,
        url: url.map(|u| u.text),
        country,
        article: None,
        file: table.file,
        span: id.content_span(),
    };
    (Some(source), text_path)
}

/// A date field written as a string ("2021-11-29", "April 2021") or a TOML date.
fn date_field(table: &Fields<'_, '_>, key: &str, findings: &mut Vec<Finding>) -> Option<(DateValue, Span)> {
    let field = table.get(key)?;
    let span = table.span_of(field.value);
    match field.value.get_ref() {
        DeValue::String(_) => {
            let value = table.string(key, findings)?;
            match parse_date(&value.text) {
                Ok(date) => Some((date, value.content_span())),
                Err(error) => {
                    push_value_error(&value, error, findings);
                    None
                }
            }
        }
        DeValue::Datetime(datetime) => {
            let Some(date) = datetime.date else {
                findings.push(
                    Finding::error(Code::BadValue, format!("`{key}` has a time but no date"), span, "no date")
                        .with_help(format!("write {key} = \"2021-11-29\"")),
                );
                return None;
            };
            match Day::from_ymd(i32::from(date.year), u32::from(date.month), u32::from(date.day)) {
                Some(day) => Some((DateValue::day(day), span)),
                None => {
                    findings.push(
                        Finding::error(
                            Code::ImpossibleDate,
                            format!("{key} is not a date that exists"),
                            span,
                            "no such date",
                        )
                        .with_help("check the date"),
                    );
                    None
                }
            }
        }
        other => {
            findings.push(
                Finding::error(
                    Code::WrongType,
                    format!("`{key}` must be a date string, found {}", type_name(other)),
                    span,
                    "expected a date",
                )
                .with_help(format!("write {key} = \"2021-11-29\", \"April 2021\" or \"2020\"")),
            );
            None
        }
    }
}

fn resolve_entity(store: &Store, value: &StrValue, findings: &mut Vec<Finding>) -> Option<EntityId> {
    match Resolver(store).resolve(value.text.trim()) {
        Ok(id) => Some(id),
        Err(suggestions) => {
            let error = syntax::unknown_entity(value.text.trim(), 0..value.text.len(), &suggestions);
            findings.push(
                Finding::error(Code::UnknownEntity, error.message, value.content_span(), "not declared")
                    .with_optional_help(error.help),
            );
            None
        }
    }
}

fn resolve_property(store: &Store, value: &StrValue, findings: &mut Vec<Finding>) -> Option<PropertyId> {
    if let Some(id) = store.property_named(value.text.trim()) {
        return Some(id);
    }
    let names: Vec<&str> = store.properties().map(|(_, p)| p.id.as_str()).collect();
    let help = match did_you_mean(&value.text, names.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? Properties are declared with [[property]] in rules/"),
        None => "declare it with [[property]] (id, type, temporal) in a file under rules/".into(),
    };
    findings.push(
        Finding::error(
            Code::UnknownProperty,
            format!("unknown property `{}`", value.text),
            value.content_span(),
            "not declared",
        )
        .with_help(help),
    );
    None
}

fn load_claim(
    table: &Fields<'_, '_>,
    store: &Store,
    published: Option<(DateValue, Span)>,
    findings: &mut Vec<Finding>,
) -> Option<Claim> {
    table.deny_unknown(CLAIM_FIELDS, findings);
    let before = findings.len();
    let id = table.required_string("id", "\"trade-2020\"", findings);
    if let Some(id) = &id
        && !is_identifier(&id.text)
    {
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("`{}` is not a valid claim id", id.text),
                id.content_span(),
                "invalid id",
            )
            .with_help("ids are lowercase letters, digits and dashes, e.g. \"trade-2020\""),
        );
    }
    let subject_text = table.required_string("subject", "\"arcadia\"", findings);
    let property = table
        .required_string("property", "\"bilateral-trade\"", findings)
        .and_then(|p| resolve_property(store, &p, findings));
    let quote_text = table.required_string("quote", "\"two-way trade reaching 4.85 billion USD in 2020\"", findings);
    // Time scope: at most one of as_of, period, at; default: the publication date.
    let scopes: Vec<(TimeKind, &str)> = [(TimeKind::AsOf, "as_of"), (TimeKind::Period, "period"), (TimeKind::At, "at")]
        .into_iter()
        .filter(|(_, k)| table.get(k).is_some())
        .collect();
    if scopes.len() > 1 {
        let second = table.get(scopes[1].1).map_or(table.span, |f| f.key_span);
        let first = table.get(scopes[0].1).map_or(table.span, |f| f.key_span);
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("a claim has one time scope, but this one has both `{}` and `{}`", scopes[0].1, scopes[1].1),
                second,
                "second time scope",
            )
            .with_label(Label::secondary(first, "first time scope"))
            .with_help("use `as_of` for states and running totals, `period` for flows, `at` for events"),
        );
    }
    let time = match scopes.first() {
        Some((kind, key)) => date_field(table, key, findings).map(|(date, span)| TimeScope { kind: *kind, date, span }),
        None => published.map(|(date, span)| TimeScope { kind: TimeKind::Published, date, span }),
    };
    // Subject: an entity, or an office ("the Chancellor") resolved at the claim's time.
    let subject = subject_text.as_ref().and_then(|s| match (store.entities.office_named(s.text.trim()), time) {
        (Some(office), Some(time)) => match store.entities.holder_during(office, time.date.first, time.date.last) {
            Some(holder) => Some(holder),
            None => {
                findings.push(
                    Finding::error(
                        Code::UnknownEntity,
                        format!("`{}` does not name one person during {}", s.text, time.date),
                        s.content_span(),
                        "ambiguous office holder",
                    )
                    .with_help(format!(
                        "name the person, or use the group `{}` for all holders together",
                        store.entities.get(office).id
                    )),
                );
                None
            }
        },
        _ => resolve_entity(store, s, findings),
    });
    let modality = match table.string("modality", findings) {
        None => Some(Modality::Actual),
        Some(m) => Modality::parse(m.text.trim()).or_else(|| {
            let help = match did_you_mean(&m.text, Modality::NAMES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? modality is one of: {}", Modality::NAMES.join(", ")),
                None => format!("modality is one of: {}", Modality::NAMES.join(", ")),
            };
            findings.push(
                Finding::error(Code::BadValue, format!("unknown modality `{}`", m.text), m.content_span(), "unknown")
                    .with_help(help),
            );
            None
        }),
    };
    let rank = table.string("rank", findings).and_then(|r| match Rank::parse(r.text.trim()) {
        Some(rank) => Some((rank, r.content_span())),
        None => {
            let help = match did_you_mean(&r.text, Rank::NAMES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? rank is one of: {}", Rank::NAMES.join(", ")),
                None => format!("rank is one of: {}", Rank::NAMES.join(", ")),
            };
            findings.push(
                Finding::error(Code::BadValue, format!("unknown rank `{}`", r.text), r.content_span(), "unknown")
                    .with_help(help),
            );
            None
        }
    });
    let among_text = table.string("among", findings);
    let among = among_text.as_ref().and_then(|a| resolve_entity(store, a, findings));
    if let (Some(among_id), Some(a)) = (among, &among_text)
        && !store.entities.get(among_id).is_group()
    {
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("`among` must name a group, but `{}` has no members", a.text),
                a.content_span(),
                "not a group",
            )
            .with_help("declare the group with `members` in rules/, or drop `among`"),
        );
    }
    let according_to = table.string("according_to", findings).map(|a| a.text);
    let note = table.string("note", findings).map(|n| n.text);
    // `candidate = { confidence = "0.82", why = "..." }`: proposed by extraction, not reviewed.
    let candidate = table.table("candidate", "candidate table", findings).map(|t| {
        t.deny_unknown(CANDIDATE_FIELDS, findings);
        let _ = t.string("why", findings);
        if let Some(confidence) = t.string("confidence", findings)
            && !confidence.text.trim().parse::<f64>().is_ok_and(|c| (0.0..=1.0).contains(&c))
        {
            findings.push(
                Finding::error(
                    Code::BadValue,
                    format!("`{}` is not a confidence", confidence.text),
                    confidence.content_span(),
                    "not a number from 0 to 1",
                )
                .with_help("write the confidence as a number from 0 to 1, e.g. \"0.8\", or remove it"),
            );
        }
        t.span
    });
    let exhaustive = table.boolean("exhaustive", findings);
    let qualifiers = property.map(|p| load_qualifiers(table, store, p, findings)).unwrap_or_default();

    // The value, typed by the property.
    let value = match (property, table.get("value")) {
        // A rank claim may omit its value (and a misspelt rank is already reported).
        (_, None) if rank.is_some() || table.get("rank").is_some() || table.misspelt("value") => None,
        (_, None) => {
            findings.push(
                Finding::error(
                    Code::MissingField,
                    "a claim is missing the required field `value`",
                    table.span,
                    "this claim has no `value`",
                )
                .with_help("add `value = \"...\"` as the article states it (only rank claims may omit it)"),
            );
            None
        }
        (None, Some(_)) => None,
        (Some(property), Some(field)) => load_value(table, store, property, field.value, exhaustive, findings),
    };
    let compared_with = match (property, time) {
        (Some(property), Some(time)) => table
            .table("compared_with", "compared_with table", findings)
            .and_then(|t| load_compared_with(&t, store, property, &time, findings)),
        _ => None,
    };
    if let Some((_, span)) = exhaustive
        && value.as_ref().is_some_and(|(v, _)| !matches!(v, Value::List { .. }))
    {
        let mut finding =
            Finding::error(Code::BadValue, "`exhaustive` only applies to list values", span, "not a list")
                .with_help("remove `exhaustive`, or write the value as a list");
        finding.severity = crate::finding::Severity::Warning;
        findings.push(finding);
    }
    if findings[before..].iter().any(|f| f.severity == crate::finding::Severity::Error) {
        return None;
    }
    let (id, subject, property, quote_text, time, modality) = (id?, subject?, property?, quote_text?, time?, modality?);
    let (value, value_span) = match value {
        Some(v) => v,
        // A rank claim without a value.
        None => (Value::Unstated, rank?.1),
    };
    Some(Claim {
        id: id.text.clone(),
        source: SourceId(u32::MAX),
        subject,
        property,
        qualifiers,
        value,
        value_span,
        time,
        modality,
        rank,
        among,
        compared_with,
        according_to,
        quote: Quote { text: quote_text.text.clone(), span: quote_text.span, article_span: None },
        note,
        candidate,
        span: id.content_span(),
        extent: extent_of(table),
        provenance: Provenance::Stated,
    })
}

fn load_qualifiers(
    table: &Fields<'_, '_>,
    store: &Store,
    property: PropertyId,
    findings: &mut Vec<Finding>,
) -> Vec<(String, QualifierValue)> {
    let Some(q) = table.table("qualifiers", "qualifiers table", findings) else { return Vec::new() };
    let spec = store.property(property);
    let mut out = Vec::new();
    for (key, value) in q.iter() {
        let name: &str = key.get_ref();
        let key_span = Span::new(q.file, key.span());
        let Some(qualifier) = spec.qualifier(name) else {
            let declared: Vec<&str> = spec.qualifiers.iter().map(|q| q.name.as_str()).collect();
            let help = match (did_you_mean(name, declared.iter().copied()), declared.is_empty()) {
                (Some(s), _) => format!("did you mean `{s}`? `{}` takes: {}", spec.id, declared.join(", ")),
                (None, true) => format!("`{}` declares no qualifiers; add them to its [[property]] in rules/", spec.id),
                (None, false) => format!("`{}` takes: {}", spec.id, declared.join(", ")),
            };
            findings.push(
                Finding::error(
                    Code::UnknownQualifier,
                    format!("`{}` has no qualifier `{name}`", spec.id),
                    key_span,
                    "unknown qualifier",
                )
                .with_help(help),
            );
            continue;
        };
        let DeValue::String(text) = value.get_ref() else {
            findings.push(
                Finding::error(
                    Code::WrongType,
                    format!("the qualifier `{name}` must be a string, found {}", type_name(value.get_ref())),
                    Span::new(q.file, value.span()),
                    "expected a string",
                )
                .with_help(format!("write {name} = \"borduria\"")),
            );
            continue;
        };
        let written = StrValue::new(text, q.file, value.span(), q.text);
        match qualifier.kind {
            QualifierKind::Entity => {
                if let Some(entity) = resolve_entity(store, &written, findings) {
                    out.push((name.to_string(), QualifierValue::Entity(entity)));
                }
            }
            QualifierKind::Text => out.push((name.to_string(), QualifierValue::Text(written.text.trim().to_string()))),
        }
    }
    out.sort();
    out
}

/// Parse a claim value of the property's type: a string, an integer (counts and ranks), an
/// array (lists) or a TOML date (dates).
fn load_value(
    table: &Fields<'_, '_>,
    store: &Store,
    property: PropertyId,
    raw: &toml::Spanned<DeValue<'_>>,
    exhaustive: Option<(bool, Span)>,
    findings: &mut Vec<Finding>,
) -> Option<(Value, Span)> {
    let value_type = &store.property(property).value_type;
    let span = table.span_of(raw);
    match (raw.get_ref(), value_type) {
        (DeValue::String(text), _) => {
            let written = StrValue::new(text, table.file, raw.span(), table.text);
            parse_string_value(&written, value_type, store, findings).map(|v| (v, written.content_span()))
        }
        (DeValue::Integer(int), ValueType::Count | ValueType::Rank | ValueType::List(_)) => {
            let digits = int.as_str().replace('_', "");
            let Ok(n) = i64::from_str_radix(digits.trim_start_matches('+'), int.radix()) else {
                findings.push(
                    Finding::error(
                        Code::BadValue,
                        format!("`{}` is too large for a count", int.as_str()),
                        span,
                        "too large",
                    )
                    .with_help("write the count as a string with a scale word, e.g. \"3 billion\""),
                );
                return None;
            };
            if n < 0 {
                findings.push(
                    Finding::error(
                        Code::NegativeCount,
                        format!("a count cannot be negative, found {n}"),
                        span,
                        "negative",
                    )
                    .with_help("counts are whole numbers of things or events, zero or more"),
                );
                return None;
            }
            let number = WrittenNumber::exact(Decimal::from(n), NumberForm::Digits, 0..0);
            Some((Value::Number(Measure::plain(Amount::exact(number))), span))
        }
        (DeValue::Array(items), ValueType::List(item_type)) => {
            let mut values = Vec::new();
            let mut spans = Vec::new();
            let mut ok = true;
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::String(text) => {
                        let written = StrValue::new(text, table.file, item.span(), table.text);
                        match parse_string_value(&written, item_type, store, findings) {
                            Some(v) => {
                                values.push(v);
                                spans.push(written.content_span());
                            }
                            None => ok = false,
                        }
                    }
                    other => {
                        ok = false;
                        findings.push(
                            Finding::error(
                                Code::WrongType,
                                format!("list items must be strings, found {}", type_name(other)),
                                Span::new(table.file, item.span()),
                                "expected a string",
                            )
                            .with_help("write list items as strings, e.g. [\"2001\", \"2006\"]"),
                        );
                    }
                }
            }
            if values.is_empty() && ok {
                findings.push(
                    Finding::error(Code::BadValue, "the list is empty", span, "empty list")
                        .with_help("a list claim names at least one item"),
                );
                return None;
            }
            ok.then(|| (Value::List { items: values, spans, exhaustive: exhaustive.is_none_or(|(e, _)| e) }, span))
        }
        (DeValue::Datetime(_), ValueType::Date) => date_field(table, "value", findings)
            .map(|(date, span)| (Value::Date(DateExpr { date, hedge: None, span: 0..0 }), span)),
        (other, value_type) => {
            let expected = match value_type {
                ValueType::List(item) => format!("a string (a count) or an array of {} strings", item.name()),
                ValueType::Count | ValueType::Rank => "a string or an integer".to_string(),
                _ => "a string".to_string(),
            };
            let mut finding = Finding::error(
                Code::WrongType,
                format!("the value of a {} property must be {expected}, found {}", value_type.name(), type_name(other)),
                span,
                format!("expected {expected}"),
            );
            finding.help = Some(match other {
                DeValue::Float(_) => "write amounts as strings, e.g. value = \"4.85 billion USD\": TOML floats lose the written precision".to_string(),
                DeValue::Array(_) => format!("only list properties take arrays; `{}` is a {}", store.property(property).id, value_type.name()),
                _ => format!("write it as a string, e.g. value = {}", example_for(value_type)),
            });
            findings.push(finding);
            None
        }
    }
}

fn example_for(value_type: &ValueType) -> &'static str {
    match value_type {
        ValueType::Count | ValueType::List(_) => "\"three\"",
        ValueType::Quantity { .. } => "\"4.85 billion USD\"",
        ValueType::Percent => "\"38%\"",
        ValueType::Rank => "\"24th\"",
        ValueType::Date => "\"March 1, 2001\"",
        ValueType::Entity => "\"borduria\"",
        ValueType::Text => "\"...\"",
    }
}

fn parse_string_value(
    written: &StrValue,
    value_type: &ValueType,
    store: &Store,
    findings: &mut Vec<Finding>,
) -> Option<Value> {
    match parse_value(&written.text, value_type, &store.units, &Resolver(store)) {
        Ok(value) => Some(value),
        Err(error) => {
            push_value_error(written, error, findings);
            None
        }
    }
}

fn load_compared_with(
    t: &Fields<'_, '_>,
    store: &Store,
    property: PropertyId,
    time: &TimeScope,
    findings: &mut Vec<Finding>,
) -> Option<ComparedWith> {
    t.deny_unknown(COMPARED_FIELDS, findings);
    let value_type = &store.property(property).value_type;
    let value = t
        .string("value", findings)
        .and_then(|v| parse_string_value(&v, value_type, store, findings).map(|value| (value, v.content_span())));
    let change = t.string("change", findings).and_then(|c| match parse_change(&c.text, &store.units) {
        Ok(measure) => Some((measure, c.content_span())),
        Err(error) => {
            push_value_error(&c, error, findings);
            None
        }
    });
    let period = t.get("period").and_then(|_| date_field(t, "period", findings));
    let earlier = t.string("earlier", findings).and_then(|e| match parse_year_offset(&e.text) {
        Ok(years) => time.date.shift_years(-years).map(|date| (date, e.content_span())),
        Err(error) => {
            push_value_error(&e, error, findings);
            None
        }
    });
    if period.is_some() && earlier.is_some() {
        findings.push(
            Finding::error(Code::BadValue, "`compared_with` has both `period` and `earlier`", t.span, "two periods")
                .with_help("give the earlier period once: period = \"2022\" or earlier = \"1 year\""),
        );
        return None;
    }
    if value.is_none() && change.is_none() {
        if t.get("value").is_none() && t.get("change").is_none() {
            findings.push(
                Finding::error(Code::MissingField, "`compared_with` needs a `value` or a `change`", t.span, "nothing to compare with")
                    .with_help("write compared_with = { value = \"$5.7 billion\", earlier = \"1 year\" } or { change = \"+2.3%\", period = \"2022\" }"),
            );
        }
        return None;
    }
    let period = period.or(earlier).or_else(|| time.date.shift_years(-1).map(|d| (d, t.span)));
    Some(ComparedWith { value, change, period, span: t.span })
}

/// The whole table: from its header (or first key) to the end of its last value.
fn extent_of(table: &Fields<'_, '_>) -> Span {
    let (mut start, mut end) = (table.span.start as usize, table.span.end as usize);
    for (key, value) in table.iter() {
        start = start.min(key.span().start);
        end = end.max(value.span().end);
    }
    Span::new(table.file, start..end)
}
