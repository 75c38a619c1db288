//! Extraction pattern declarations: the `[[pattern]]` tables of `rules/*.toml`, validated as
//! data — fields, property, entities, qualifiers, modality and rank, the `{macro}` names, the
//! regular expression's syntax and its capture names — without compiling anything, so that
//! `claimcheck check` reports every mistake in a pattern at the cost of parsing it. Compiling the
//! patterns is extraction's business ([`crate::extract::patterns`]).

use crate::finding::{Code, Finding, Label};
use crate::load::toml_tree::{Fields, StrValue, parse_document, tables_of};
use crate::model::claim::{Modality, Rank};
use crate::model::ids::{EntityId, FileId, PropertyId};
use crate::source::{SourceMap, Span};
use crate::store::Store;
use crate::suggest::did_you_mean;

const PATTERN_FIELDS: &[&str] =
    &["id", "property", "regex", "subject", "qualifiers", "modality", "rank", "among", "exhaustive", "description"];

/// The macros a pattern may use: the value forms of the extraction recognisers, and `{entity}`.
pub const MACROS: &[&str] = &[
    "anniversary",
    "duration",
    "money",
    "quantity",
    "percent",
    "time",
    "date",
    "day",
    "ordinal",
    "count",
    "hedge",
    "year",
    "month",
    "number",
    "entity",
];

/// Capture names a pattern may use besides the property's qualifiers.
pub const CAPTURES: &[&str] = &[
    "value",
    "items",
    "subject",
    "period",
    "as_of",
    "at",
    "earlier_value",
    "earlier",
    "change",
    "change_period",
    "forecast",
    "target",
    "estimate",
];

/// A validated pattern declaration, its regular expression not yet compiled.
#[derive(Clone, Debug)]
pub struct PatternSpec {
    /// Its id.
    pub id: String,
    /// The property its candidates claim.
    pub property: PropertyId,
    /// The regular expression as written, macros unexpanded.
    pub regex: StrValue,
    /// The subject when the regex captures none.
    pub subject: Option<EntityId>,
    /// Qualifier values when the regex captures none: (name, entity id or text).
    pub qualifiers: Vec<(String, String)>,
    /// The modality, if fixed; else from `forecast`/`target`/`estimate` captures or the sentence.
    pub modality: Option<Modality>,
    /// A rank every candidate carries.
    pub rank: Option<Rank>,
    /// The group a rank is relative to.
    pub among: Option<EntityId>,
    /// For list values: whether the list is exhaustive (default true).
    pub exhaustive: bool,
    /// Where the pattern is declared.
    pub span: Span,
}

/// A pattern with its macros expanded, the map from each expanded byte to the original's, and
/// the unknown macros (range in the original, name).
pub type Expanded = (String, Vec<usize>, Vec<(std::ops::Range<usize>, String)>);

/// Replace each `{macro}` by a placeholder group; returns the text, for each byte of it the byte
/// of the original it comes from, and the unknown macros (range in the original, name).
pub fn expand_with(original: &str, mut replacement: impl FnMut(&str) -> Option<String>) -> Expanded {
    let mut out = String::new();
    let mut map = Vec::new();
    let mut unknown = Vec::new();
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{'
            && let Some(close) = original[i + 1..].find('}')
        {
            let name = &original[i + 1..i + 1 + close];
            if !name.is_empty()
                && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                match replacement(name) {
                    Some(fragment) => {
                        let text = format!("(?:{fragment})");
                        map.extend(std::iter::repeat_n(i, text.len()));
                        out.push_str(&text);
                    }
                    None => unknown.push((i..i + close + 2, name.to_string())),
                }
                i += close + 2;
                continue;
            }
        }
        let ch = original[i..].chars().next().unwrap_or(' ');
        map.extend(std::iter::repeat_n(i, ch.len_utf8()));
        out.push(ch);
        i += ch.len_utf8();
    }
    map.push(original.len());
    (out, map, unknown)
}

/// Validate every `[[pattern]]` of the rule files that declare some.
pub fn load(
    files: &SourceMap,
    pattern_files: &[FileId],
    store: &Store,
    findings: &mut Vec<Finding>,
) -> Vec<PatternSpec> {
    let mut patterns: Vec<PatternSpec> = Vec::new();
    for &file in pattern_files {
        let text = &files.get(file).text;
        // Syntax errors were reported when the vocabulary loaded.
        let Some(document) = parse_document(file, text, &mut Vec::new()) else { continue };
        let root = Fields::new(file, text, document.get_ref(), 0..0, "rules file");
        for table in tables_of(&root, "pattern", "pattern", findings) {
            if let Some(pattern) = load_pattern(&table, store, findings) {
                if let Some(previous) = patterns.iter().find(|p| p.id == pattern.id) {
                    findings.push(
                        Finding::error(
                            Code::DuplicateId,
                            format!("two patterns have the id `{}`", pattern.id),
                            pattern.span,
                            "second declaration",
                        )
                        .with_label(Label::secondary(previous.span, "first declared here"))
                        .with_help("pattern ids must be unique; rename one"),
                    );
                    continue;
                }
                patterns.push(pattern);
            }
        }
    }
    patterns
}

fn entity(store: &Store, value: &StrValue, findings: &mut Vec<Finding>) -> Option<EntityId> {
    match store.entities.resolve(value.text.trim()) {
        Some(id) => Some(id),
        None => {
            let help = match store.entities.suggest(&value.text) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "declare it with [[entity]]".into(),
            };
            findings.push(
                Finding::error(
                    Code::UnknownEntity,
                    format!("unknown entity `{}`", value.text),
                    value.content_span(),
                    "not declared",
                )
                .with_help(help),
            );
            None
        }
    }
}

fn load_pattern(table: &Fields<'_, '_>, store: &Store, findings: &mut Vec<Finding>) -> Option<PatternSpec> {
    table.deny_unknown(PATTERN_FIELDS, findings);
    let before = findings.len();
    let id = table.required_string("id", "\"trade-total\"", findings);
    let property = table.required_string("property", "\"bilateral-trade\"", findings).and_then(|p| {
        let found = store.property_named(p.text.trim());
        if found.is_none() {
            let names: Vec<&str> = store.properties().map(|(_, p)| p.id.as_str()).collect();
            let help = match did_you_mean(&p.text, names.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "declare it with [[property]]".into(),
            };
            findings.push(
                Finding::error(
                    Code::UnknownProperty,
                    format!("unknown property `{}`", p.text),
                    p.content_span(),
                    "not declared",
                )
                .with_help(help),
            );
        }
        found
    });
    let subject = table.string("subject", findings).and_then(|s| entity(store, &s, findings));
    let among = table.string("among", findings).and_then(|s| entity(store, &s, findings));
    let modality = table.string("modality", findings).and_then(|m| {
        let parsed = Modality::parse(m.text.trim());
        if parsed.is_none() {
            findings.push(
                Finding::error(Code::BadValue, format!("unknown modality `{}`", m.text), m.content_span(), "unknown")
                    .with_help(format!("modality is one of: {}", Modality::NAMES.join(", "))),
            );
        }
        parsed
    });
    let rank = table.string("rank", findings).and_then(|r| {
        let parsed = Rank::parse(r.text.trim());
        if parsed.is_none() {
            findings.push(
                Finding::error(Code::BadValue, format!("unknown rank `{}`", r.text), r.content_span(), "unknown")
                    .with_help(format!("rank is one of: {}", Rank::NAMES.join(", "))),
            );
        }
        parsed
    });
    let exhaustive = table.boolean("exhaustive", findings).is_none_or(|(b, _)| b);
    let _ = table.string("description", findings);
    let mut qualifiers = Vec::new();
    if let Some(q) = table.table("qualifiers", "qualifiers table", findings) {
        for (key, value) in q.iter() {
            let name: &str = key.get_ref();
            if let toml::de::DeValue::String(text) = value.get_ref() {
                let written = StrValue::new(text, q.file, value.span(), q.text);
                let kind = property.and_then(|p| store.property(p).qualifier(name).map(|spec| spec.kind));
                match kind {
                    None => findings.push(
                        Finding::error(
                            Code::UnknownQualifier,
                            format!("the pattern's property has no qualifier `{name}`"),
                            Span::new(q.file, key.span()),
                            "unknown qualifier",
                        )
                        .with_help("use a qualifier the property declares"),
                    ),
                    Some(crate::model::vocab::QualifierKind::Text) => {
                        qualifiers.push((name.to_string(), written.text.trim().to_string()))
                    }
                    Some(crate::model::vocab::QualifierKind::Entity) => {
                        if let Some(e) = entity(store, &written, findings) {
                            qualifiers.push((name.to_string(), store.entities.get(e).id.clone()));
                        }
                    }
                }
            }
        }
    }
    let regex_text = table.required_string(
        "regex",
        "'(?:two-way|bilateral) trade reached (?P<value>{money}) in (?P<period>{year})'",
        findings,
    );
    let captures = regex_text.as_ref().and_then(|written| validate(written, store, property, findings));
    if let (Some(captures), Some(written)) = (&captures, &regex_text)
        && rank.is_none()
        && captures.iter().all(|n| n != "value" && n != "items")
    {
        findings.push(
            Finding::error(
                Code::BadValue,
                "a pattern must capture the value, as (?P<value>...) or (?P<items>...)",
                written.content_span(),
                "no value capture",
            )
            .with_help("write the value part as (?P<value>{money}); only patterns with a `rank` may capture none"),
        );
    }
    if findings.len() > before {
        return None;
    }
    let (id, property, regex, _) = (id?, property?, regex_text?, captures?);
    Some(PatternSpec {
        id: id.text.clone(),
        property,
        regex,
        subject,
        qualifiers,
        modality,
        rank,
        among,
        exhaustive,
        span: id.content_span(),
    })
}

/// Check a pattern's macros, syntax and captures; returns its capture names.
fn validate(
    written: &StrValue,
    store: &Store,
    property: Option<PropertyId>,
    findings: &mut Vec<Finding>,
) -> Option<Vec<String>> {
    // Each macro stands for a group; its contents do not matter to the syntax.
    let (expanded, map, unknown) = expand_with(&written.text, |name| MACROS.contains(&name).then(|| "x".to_string()));
    for (range, name) in &unknown {
        let help = match did_you_mean(name, MACROS.iter().copied()) {
            Some(s) => format!("did you mean `{{{s}}}`? Macros: {{{}}}", MACROS.join("}, {")),
            None => format!("the macros are {{{}}}", MACROS.join("}, {")),
        };
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("unknown macro `{{{name}}}` in a pattern"),
                written.sub_span(range.clone()),
                "unknown macro",
            )
            .with_help(help),
        );
    }
    if !unknown.is_empty() {
        return None;
    }
    // regex-syntax knows where the error is; regex only says what.
    let ast = match regex_syntax::ast::parse::Parser::new().parse(&expanded) {
        Ok(ast) => ast,
        Err(error) => {
            let span = error.span();
            let start = map.get(span.start.offset).copied().unwrap_or(0);
            let end = map
                .get(span.end.offset.max(span.start.offset + 1))
                .copied()
                .unwrap_or(written.text.len())
                .max(start + 1)
                .min(written.text.len());
            findings.push(
                Finding::error(
                    Code::BadValue,
                    format!("invalid regular expression: {}", error.kind()),
                    written.sub_span(start..end),
                    "here",
                )
                .with_help("see https://docs.rs/regex for the syntax; write macros as {money}, {date}, {entity}"),
            );
            return None;
        }
    };
    // Translation catches what parsing alone does not (an invalid class, a bad repetition).
    if let Err(error) = regex_syntax::hir::translate::Translator::new().translate(&expanded, &ast) {
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("invalid regular expression: {}", error.kind()),
                written.content_span(),
                "here",
            )
            .with_help("see https://docs.rs/regex for the syntax"),
        );
        return None;
    }
    // Every capture must mean something.
    let mut names = Vec::new();
    collect_capture_names(&ast, &mut names);
    let qualifiers: Vec<String> =
        property.map(|p| store.property(p).qualifiers.iter().map(|q| q.name.clone()).collect()).unwrap_or_default();
    for name in &names {
        if CAPTURES.contains(&name.as_str()) || qualifiers.iter().any(|q| q == name) {
            continue;
        }
        let at =
            written.text.find(&format!("?P<{name}>")).or_else(|| written.text.find(&format!("?<{name}>"))).unwrap_or(0);
        let known: Vec<&str> = CAPTURES.iter().copied().chain(qualifiers.iter().map(String::as_str)).collect();
        let help = match did_you_mean(name, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Captures: {}", known.join(", ")),
            None => format!("captures: {}", known.join(", ")),
        };
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("the capture `{name}` means nothing to a pattern"),
                written.sub_span(at..at + name.len() + 4),
                "unknown capture",
            )
            .with_help(help),
        );
    }
    Some(names)
}

fn collect_capture_names(ast: &regex_syntax::ast::Ast, names: &mut Vec<String>) {
    use regex_syntax::ast::{Ast, GroupKind};
    match ast {
        Ast::Group(group) => {
            if let GroupKind::CaptureName { name, .. } = &group.kind {
                names.push(name.name.clone());
            }
            collect_capture_names(&group.ast, names);
        }
        Ast::Concat(concat) => concat.asts.iter().for_each(|a| collect_capture_names(a, names)),
        Ast::Alternation(alternation) => alternation.asts.iter().for_each(|a| collect_capture_names(a, names)),
        Ast::Repetition(repetition) => collect_capture_names(&repetition.ast, names),
        _ => {}
    }
}
