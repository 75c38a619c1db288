//! Loading `rules/*.toml`: entities, groups, properties, units and rule declarations.
//!
//! Entities are read in two passes: every declaration first (so a group may name members declared
//! later or in another file), then members and `same_as` links are resolved. Every problem is a
//! finding; a bad declaration is skipped, the rest of the vocabulary still loads.

use crate::finding::{Code, Finding, Label};
use crate::load::toml_tree::{Fields, StrValue, parse_document, tables_of, type_name};
use crate::model::date::Day;
use crate::model::ids::{EntityId, FileId};
use crate::model::syntax::{self, parse_date};
use crate::model::unit::{UnitDef, Units};
use crate::model::value::ValueType;
use crate::model::vocab::{Entity, Membership, Property, QualifierKind, QualifierSpec, QualifierValueSpec, Temporal};
use crate::rules::spec::{Param, ParamValue, RuleSpec};
use crate::source::{SourceMap, Span};
use crate::store::Store;
use crate::store::entities::EntityTable;
use crate::suggest::did_you_mean;
use rust_decimal::Decimal;
use toml::de::DeValue;

const TOP_LEVEL: &[&str] = &["entity", "property", "qualifier", "unit", "rule", "pattern"];
/// The fields of a top-level `[[qualifier]]`: the values of a text qualifier, for every property
/// that has it.
const SHARED_QUALIFIER_FIELDS: &[&str] = &["name", "values", "aliases", "description"];
const ENTITY_FIELDS: &[&str] =
    &["id", "name", "aliases", "adjectives", "kind", "members", "holder", "same_as", "description"];
const MEMBER_FIELDS: &[&str] = &["entity", "from", "until"];
const PROPERTY_FIELDS: &[&str] = &[
    "id",
    "name",
    "type",
    "item",
    "dimension",
    "temporal",
    "qualifiers",
    "symmetric",
    "tolerance",
    "hedge_tolerance",
    "description",
    "cues",
];
const UNIT_FIELDS: &[&str] = &["id", "names", "prefixes", "dimension", "factor", "display"];
const RULE_FIELDS: &[&str] = &["id", "kind", "severity", "description"];

/// An entity declaration whose references are not yet resolved.
struct PendingEntity {
    id: EntityId,
    members: Vec<(StrValue, Option<StrValue>, Option<StrValue>, Span)>,
    same_as: Vec<StrValue>,
}

/// Everything `rules/` declares.
pub struct Vocabulary {
    /// The store, holding units, entities and properties (no claims yet).
    pub store: Store,
    /// Rule declarations, unvalidated.
    pub rules: Vec<RuleSpec>,
    /// Extraction pattern tables, kept raw for the extraction stage: (file, table span).
    pub pattern_files: Vec<FileId>,
}

/// Load the vocabulary from the given rule files.
pub fn load(files: &SourceMap, rule_files: &[FileId], findings: &mut Vec<Finding>) -> Vocabulary {
    let mut units = Units::builtin();
    let mut entities = EntityTable::default();
    let mut pending = Vec::new();
    let mut rules = Vec::new();
    let mut pattern_files = Vec::new();
    let mut documents = Vec::new();
    for &file in rule_files {
        let text = &files.get(file).text;
        if let Some(document) = parse_document(file, text, findings) {
            documents.push((file, document));
        }
    }
    // Pass 1: units and entities (properties and claims refer to them).
    for (file, document) in &documents {
        let text = &files.get(*file).text;
        let root = Fields::new(*file, text, document.get_ref(), 0..0, "rules file");
        root.deny_unknown(TOP_LEVEL, findings);
        for table in tables_of(&root, "unit", "unit", findings) {
            load_unit(&table, &mut units, findings);
        }
        for table in tables_of(&root, "entity", "entity", findings) {
            if let Some(p) = load_entity(&table, &mut entities, findings) {
                pending.push(p);
            }
        }
        if root.get("pattern").is_some() {
            pattern_files.push(*file);
        }
    }
    // Pass 2: resolve members and same-as links now that every entity is known.
    let mut same_pairs = Vec::new();
    for p in &pending {
        let mut members = Vec::new();
        for (name, from, until, span) in &p.members {
            let Some(member) = resolve_entity(&entities, name, findings) else { continue };
            let from_day = from.as_ref().and_then(|f| membership_day(f, true, findings));
            let until_day = until.as_ref().and_then(|u| membership_day(u, false, findings));
            if let (Some(f), Some(u)) = (from_day, until_day)
                && u < f
            {
                findings.push(
                    Finding::error(
                        Code::BadMembership,
                        format!("the membership of `{}` ends before it starts", name.text),
                        *span,
                        "until is before from",
                    )
                    .with_help("swap `from` and `until`"),
                );
                continue;
            }
            members.push(Membership { member, from: from_day, until: until_day, span: *span });
        }
        entities.set_members(p.id, members);
        for other in &p.same_as {
            if let Some(target) = resolve_entity(&entities, other, findings) {
                same_pairs.push((p.id, target));
            }
        }
    }
    entities.merge_same(&same_pairs);
    entities.link_groups();
    for cycle in entities.group_cycles() {
        let names: Vec<String> = cycle.iter().map(|e| format!("`{}`", entities.get(*e).id)).collect();
        let first = entities.get(cycle[0]);
        let mut finding = Finding::error(
            Code::GroupCycle,
            format!("groups contain each other in a cycle: {}", names.join(" → ")),
            first.span,
            "this group contains itself",
        )
        .with_help("a group cannot be its own member; remove one of the memberships");
        for other in &cycle[1..] {
            finding = finding.with_label(Label::secondary(entities.get(*other).span, "part of the cycle"));
        }
        findings.push(finding);
    }
    let mut store = Store::new(units, entities);
    // Pass 3: the values of text qualifiers, declared once for every property that has them.
    let mut shared: Vec<SharedQualifier> = Vec::new();
    for (file, document) in &documents {
        let text = &files.get(*file).text;
        let root = Fields::new(*file, text, document.get_ref(), 0..0, "rules file");
        for table in tables_of(&root, "qualifier", "qualifier", findings) {
            load_shared_qualifier(&table, &mut shared, findings);
        }
    }
    // Pass 4: properties and rules.
    for (file, document) in &documents {
        let text = &files.get(*file).text;
        let root = Fields::new(*file, text, document.get_ref(), 0..0, "rules file");
        for table in tables_of(&root, "property", "property", findings) {
            load_property(&table, &mut store, &mut shared, findings);
        }
        for table in tables_of(&root, "rule", "rule", findings) {
            if let Some(rule) = load_rule(&table, findings) {
                if let Some(previous) = rules.iter().find(|r: &&RuleSpec| r.id == rule.id) {
                    findings.push(
                        Finding::error(
                            Code::DuplicateId,
                            format!("two rules have the id `{}`", rule.id),
                            rule.id_span,
                            "second declaration",
                        )
                        .with_label(Label::secondary(previous.id_span, "first declared here"))
                        .with_help("rule ids must be unique; rename one"),
                    );
                    continue;
                }
                rules.push(rule);
            }
        }
    }
    for unused in shared.iter().filter(|q| !q.used) {
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("no property has a text qualifier `{}`", unused.name),
                unused.span,
                "declared values for nothing",
            )
            .with_help(format!(
                "declare it on a property: qualifiers = {{ {} = \"text\" }}, or remove this [[qualifier]]",
                unused.name
            )),
        );
    }
    Vocabulary { store, rules, pattern_files }
}

/// A top-level `[[qualifier]]`: values of the text qualifier `name` of every property.
struct SharedQualifier {
    name: String,
    values: Vec<QualifierValueSpec>,
    span: Span,
    /// Whether some property has the qualifier (an unused one is reported).
    used: bool,
}

fn load_shared_qualifier(table: &Fields<'_, '_>, shared: &mut Vec<SharedQualifier>, findings: &mut Vec<Finding>) {
    table.deny_unknown(SHARED_QUALIFIER_FIELDS, findings);
    let _ = table.string("description", findings);
    let Some(name) = table.required_string("name", "\"ward\"", findings) else { return };
    let values = load_qualifier_values(table, findings);
    if let Some(previous) = shared.iter().find(|q| q.name == name.text.trim()) {
        findings.push(
            Finding::error(
                Code::DuplicateId,
                format!("the qualifier `{}` is declared twice", previous.name),
                name.span,
                "second declaration",
            )
            .with_label(Label::secondary(previous.span, "first declared here"))
            .with_help("declare each qualifier's values in one [[qualifier]] table"),
        );
        return;
    }
    shared.push(SharedQualifier { name: name.text.trim().to_string(), values, span: name.span, used: false });
}

fn resolve_entity(entities: &EntityTable, name: &StrValue, findings: &mut Vec<Finding>) -> Option<EntityId> {
    if let Some(id) = entities.resolve(&name.text) {
        return Some(id);
    }
    let suggestions: Vec<String> = entities.suggest(&name.text).into_iter().collect();
    let error = syntax::unknown_entity(&name.text, 0..name.text.len(), &suggestions);
    findings.push(
        Finding::error(Code::UnknownEntity, error.message, name.content_span(), "not declared")
            .with_optional_help(error.help),
    );
    None
}

fn membership_day(value: &StrValue, is_start: bool, findings: &mut Vec<Finding>) -> Option<Day> {
    match parse_date(&value.text) {
        Ok(date) => Some(if is_start { date.first } else { date.last }),
        Err(error) => {
            push_value_error(value, error, findings);
            None
        }
    }
}

/// Turn a value-parse error into a finding located inside the string.
pub fn push_value_error(value: &StrValue, error: syntax::ValueError, findings: &mut Vec<Finding>) {
    use syntax::ValueErrorKind as K;
    let code = match error.kind {
        K::Syntax => Code::BadValue,
        K::ImpossibleDate => Code::ImpossibleDate,
        K::NegativeCount => Code::NegativeCount,
        K::UnknownUnit => Code::UnknownUnit,
        K::UnknownCurrency => Code::UnknownCurrency,
        K::WrongDimension => Code::WrongDimension,
        K::UnknownEntity => Code::UnknownEntity,
        K::TooLarge => Code::NumberTooLarge,
    };
    let span = if error.span.is_empty() && !value.text.is_empty() {
        // Point at the last character when the value ends too early.
        let end = value.text.len();
        let start = value.text[..end].char_indices().last().map_or(0, |(i, _)| i);
        value.sub_span(start..end)
    } else {
        value.sub_span(error.span.clone())
    };
    let label = match error.kind {
        K::ImpossibleDate => "no such date",
        K::NegativeCount => "negative",
        K::UnknownCurrency | K::UnknownUnit if error.message.starts_with("the amount has no") => "missing",
        K::UnknownUnit => "unknown unit",
        K::UnknownCurrency => "unknown currency",
        K::WrongDimension => "wrong dimension",
        K::UnknownEntity => "not declared",
        K::TooLarge => "too large",
        K::Syntax => "here",
    };
    findings.push(Finding::error(code, error.message, span, label).with_optional_help(error.help));
}

/// Parse a percentage written as a string ("1%") into a fraction (0.01).
pub fn parse_fraction(value: &StrValue, findings: &mut Vec<Finding>) -> Option<Decimal> {
    let units = Units::builtin();
    struct NoEntities;
    impl syntax::EntityResolver for NoEntities {
        fn resolve(&self, _: &str) -> Result<EntityId, Vec<String>> {
            Err(Vec::new())
        }
    }
    match syntax::parse_value(&value.text, &ValueType::Percent, &units, &NoEntities) {
        Ok(crate::model::value::Value::Number(measure))
            if measure.amount.hedge.is_none() && measure.amount.high.is_none() =>
        {
            let fraction = measure.amount.low.value / Decimal::ONE_HUNDRED;
            if fraction < Decimal::ZERO {
                findings.push(
                    Finding::error(Code::BadValue, "a tolerance cannot be negative", value.content_span(), "negative")
                        .with_help("write a tolerance like \"1%\""),
                );
                return None;
            }
            Some(fraction)
        }
        Ok(_) => {
            findings.push(
                Finding::error(Code::BadValue, "a tolerance is a single percentage", value.content_span(), "here")
                    .with_help("write a tolerance like \"1%\""),
            );
            None
        }
        Err(error) => {
            push_value_error(value, error, findings);
            None
        }
    }
}

fn load_unit(table: &Fields<'_, '_>, units: &mut Units, findings: &mut Vec<Finding>) {
    table.deny_unknown(UNIT_FIELDS, findings);
    let id = table.required_string("id", "\"barrel-per-day\"", findings);
    let dimension = table.required_string("dimension", "\"volume\"", findings);
    let names = table.strings("names", findings);
    let prefixes = table.strings("prefixes", findings);
    let display = table.string("display", findings);
    let factor = match table.string("factor", findings) {
        None => Some(Decimal::ONE),
        Some(f) => match Decimal::from_str_exact(f.text.trim()) {
            Ok(v) if v > Decimal::ZERO => Some(v),
            _ => {
                findings.push(
                    Finding::error(
                        Code::BadValue,
                        format!("`{}` is not a positive decimal factor", f.text),
                        f.content_span(),
                        "not a factor",
                    )
                    .with_help(
                        "write the factor to the dimension's base unit as a decimal string, e.g. factor = \"1000\"",
                    ),
                );
                None
            }
        },
    };
    let (Some(id), Some(dimension), Some(factor)) = (id, dimension, factor) else { return };
    if units.contains_id(&id.text) {
        findings.push(
            Finding::error(
                Code::DuplicateId,
                format!("a unit with the id `{}` already exists", id.text),
                id.content_span(),
                "taken",
            )
            .with_help("built-in units and currencies cannot be redeclared; choose another id"),
        );
        return;
    }
    if names.is_empty() && prefixes.is_empty() {
        findings.push(
            Finding::error(
                Code::MissingField,
                format!("the unit `{}` has no names", id.text),
                table.span,
                "no `names`",
            )
            .with_help("add the words written after the number, e.g. names = [\"bpd\", \"barrels per day\"]"),
        );
        return;
    }
    units.insert(UnitDef {
        id: id.text.clone(),
        dimension: dimension.text.trim().to_lowercase(),
        factor,
        names: names.iter().map(|n| n.text.trim().to_lowercase()).collect(),
        prefixes: prefixes.iter().map(|n| n.text.trim().to_lowercase()).collect(),
        display: display.map_or_else(|| id.text.clone(), |d| d.text),
    });
}

fn load_entity(
    table: &Fields<'_, '_>,
    entities: &mut EntityTable,
    findings: &mut Vec<Finding>,
) -> Option<PendingEntity> {
    table.deny_unknown(ENTITY_FIELDS, findings);
    let id = table.required_string("id", "\"arcadia\"", findings)?;
    if !is_identifier(&id.text) {
        findings.push(
            Finding::error(Code::BadValue, format!("`{}` is not a valid id", id.text), id.content_span(), "invalid id")
                .with_help("ids are lowercase letters, digits and dashes, e.g. \"north-arcadia\""),
        );
        return None;
    }
    let name = table.string("name", findings).map_or_else(|| id.text.clone(), |n| n.text);
    let aliases: Vec<StrValue> = table.strings("aliases", findings);
    let adjectives: Vec<StrValue> = table.strings("adjectives", findings);
    let kind = table.string("kind", findings).map_or_else(|| "thing".to_string(), |k| k.text);
    let holder = table.string("holder", findings);
    let _ = table.string("description", findings);
    let mut members = Vec::new();
    if let Some(field) = table.get("members") {
        match field.value.get_ref() {
            DeValue::Array(items) => {
                for item in items.iter() {
                    let span = Span::new(table.file, item.span());
                    match item.get_ref() {
                        DeValue::String(s) => members.push((StrValue::new(s, table.file, item.span(), table.text), None, None, span)),
                        DeValue::Table(t) => {
                            let member = Fields::new(table.file, table.text, t, item.span(), "member");
                            member.deny_unknown(MEMBER_FIELDS, findings);
                            if let Some(entity) = member.required_string("entity", "\"marsh\"", findings) {
                                let from = member.string("from", findings);
                                let until = member.string("until", findings);
                                members.push((entity, from, until, span));
                            }
                        }
                        other => findings.push(
                            Finding::error(Code::WrongType, format!("a member must be a string or a table, found {}", type_name(other)), span, "here")
                                .with_help("write members = [\"marsh\", { entity = \"okafor\", from = \"2008-05-07\", until = \"2012-05-07\" }]"),
                        ),
                    }
                }
            }
            other => findings.push(
                Finding::error(
                    Code::WrongType,
                    format!("`members` must be an array, found {}", type_name(other)),
                    table.span_of(field.value),
                    "here",
                )
                .with_help("write members = [\"marsh\", \"okafor\"]"),
            ),
        }
    }
    if holder.is_some() && members.is_empty() {
        findings.push(
            Finding::error(
                Code::MissingField,
                format!("`{}` names an office holder but has no members", id.text),
                table.span,
                "no members",
            )
            .with_help("list the office holders with `from` and `until` dates in `members`"),
        );
    }
    let same_as = table.strings("same_as", findings);
    let (entity_id, clashes) = entities.add(Entity {
        id: id.text.clone(),
        name,
        aliases: aliases.iter().map(|a| a.text.clone()).collect(),
        adjectives: adjectives
            .iter()
            .map(|a| crate::source::fold_whitespace(a.text.trim()))
            .filter(|a| !a.is_empty())
            .collect(),
        kind,
        members: Vec::new(),
        holder: holder.map(|h| h.text),
        span: id.content_span(),
    });
    for (name, crate::store::entities::NameClash::Taken(other)) in clashes {
        let other_entity = entities.get(other);
        let (code, message, help) = if name == id.text {
            (
                Code::DuplicateId,
                format!("two entities have the id `{name}`"),
                "entity ids must be unique; rename or merge them".to_string(),
            )
        } else {
            (
                Code::AmbiguousAlias,
                format!("`{name}` already names the entity `{}`", other_entity.id),
                "one name can refer to one entity only; remove the alias, or declare `same_as` if they are the same thing".to_string(),
            )
        };
        let span = aliases.iter().find(|a| a.text == name).map_or(id.content_span(), StrValue::content_span);
        findings.push(
            Finding::error(code, message, span, "ambiguous")
                .with_label(Label::secondary(other_entity.span, "already used here"))
                .with_help(help),
        );
    }
    Some(PendingEntity { id: entity_id, members, same_as })
}

/// True for ids made of lowercase letters, digits, dashes and underscores.
pub fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.')
}

fn load_property(
    table: &Fields<'_, '_>,
    store: &mut Store,
    shared: &mut [SharedQualifier],
    findings: &mut Vec<Finding>,
) {
    table.deny_unknown(PROPERTY_FIELDS, findings);
    let id = table.required_string("id", "\"bilateral-trade\"", findings);
    let name = table.string("name", findings);
    let type_name_value = table.required_string("type", "\"quantity\"", findings);
    let temporal_value = table.required_string("temporal", "\"flow\"", findings);
    let description = table.string("description", findings).map(|d| d.text).unwrap_or_default();
    let cues: Vec<String> = table
        .strings("cues", findings)
        .iter()
        .map(|c| crate::source::fold_whitespace(c.text.trim()).to_lowercase())
        .filter(|c| !c.is_empty())
        .collect();
    let value_type = type_name_value.as_ref().and_then(|t| parse_value_type(t, table, &store.units, findings));
    let temporal = temporal_value.as_ref().and_then(|t| match Temporal::parse(t.text.trim()) {
        Some(temporal) => Some(temporal),
        None => {
            let help = match did_you_mean(&t.text, Temporal::NAMES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? temporal is one of: {}", Temporal::NAMES.join(", ")),
                None => format!("temporal is one of: {}", Temporal::NAMES.join(", ")),
            };
            findings.push(
                Finding::error(
                    Code::BadValue,
                    format!("unknown temporal behaviour `{}`", t.text),
                    t.content_span(),
                    "unknown",
                )
                .with_help(help),
            );
            None
        }
    });
    let mut qualifiers = load_qualifiers(table, findings);
    for qualifier in qualifiers.iter_mut().filter(|q| q.kind == QualifierKind::Text) {
        if let Some(declared) = shared.iter_mut().find(|d| d.name == qualifier.name) {
            declared.used = true;
            if qualifier.values.is_empty() {
                qualifier.values = declared.values.clone();
            }
        }
    }
    let symmetric = table.string("symmetric", findings);
    if let Some(s) = &symmetric
        && !qualifiers.iter().any(|q| q.name == s.text && q.kind == QualifierKind::Entity)
    {
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("`symmetric` names `{}`, which is not an entity qualifier of this property", s.text),
                s.content_span(),
                "not a qualifier",
            )
            .with_help("name the qualifier that may swap with the subject, and declare it in `qualifiers`"),
        );
    }
    let tolerance = table.string("tolerance", findings).and_then(|t| parse_fraction(&t, findings));
    let hedge_tolerance = table.string("hedge_tolerance", findings).and_then(|t| parse_fraction(&t, findings));
    let (Some(id), Some(value_type), Some(temporal)) = (id, value_type, temporal) else { return };
    if !is_identifier(&id.text) {
        findings.push(
            Finding::error(Code::BadValue, format!("`{}` is not a valid id", id.text), id.content_span(), "invalid id")
                .with_help("ids are lowercase letters, digits and dashes, e.g. \"bilateral-trade\""),
        );
        return;
    }
    let property = Property {
        id: id.text.clone(),
        name: name.map_or_else(|| id.text.clone(), |n| n.text),
        value_type,
        temporal,
        qualifiers,
        symmetric: symmetric.map(|s| s.text),
        tolerance: tolerance.unwrap_or_default(),
        hedge_tolerance,
        description,
        cues,
        span: id.content_span(),
    };
    if store.add_property(property).is_none() {
        let previous = store.property_named(&id.text).map(|p| store.property(p).span);
        let mut finding = Finding::error(
            Code::DuplicateId,
            format!("two properties have the id `{}`", id.text),
            id.content_span(),
            "second declaration",
        )
        .with_help("property ids must be unique; rename one");
        if let Some(previous) = previous {
            finding = finding.with_label(Label::secondary(previous, "first declared here"));
        }
        findings.push(finding);
    }
}

fn parse_value_type(
    written: &StrValue,
    table: &Fields<'_, '_>,
    units: &Units,
    findings: &mut Vec<Finding>,
) -> Option<ValueType> {
    let name = written.text.trim();
    let simple = |name: &str| match name {
        "count" => Some(ValueType::Count),
        "percent" => Some(ValueType::Percent),
        "rank" => Some(ValueType::Rank),
        "date" => Some(ValueType::Date),
        "entity" => Some(ValueType::Entity),
        "text" => Some(ValueType::Text),
        _ => None,
    };
    match name {
        "quantity" => {
            let dimension = table.required_string("dimension", "\"currency\"", findings)?;
            let dims = units.dimensions();
            if !dims.contains(&dimension.text.as_str()) {
                let help = match did_you_mean(&dimension.text, dims.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? Known dimensions: {}", dims.join(", ")),
                    None => format!("known dimensions: {}; declare units of a new one with [[unit]]", dims.join(", ")),
                };
                findings.push(
                    Finding::error(
                        Code::UnknownUnit,
                        format!("no unit measures the dimension `{}`", dimension.text),
                        dimension.content_span(),
                        "unknown dimension",
                    )
                    .with_help(help),
                );
                return None;
            }
            Some(ValueType::Quantity { dimension: dimension.text.clone() })
        }
        "list" => {
            let item = table.required_string("item", "\"date\"", findings)?;
            match simple(item.text.trim()) {
                Some(item_type) => Some(ValueType::List(Box::new(item_type))),
                None => {
                    findings.push(
                        Finding::error(
                            Code::BadValue,
                            format!("`{}` cannot be a list item type", item.text),
                            item.content_span(),
                            "unknown item type",
                        )
                        .with_help("list items are one of: count, percent, rank, date, entity, text"),
                    );
                    None
                }
            }
        }
        other => simple(other).or_else(|| {
            let help = match did_you_mean(other, ValueType::NAMES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? type is one of: {}", ValueType::NAMES.join(", ")),
                None => format!("type is one of: {}", ValueType::NAMES.join(", ")),
            };
            findings.push(
                Finding::error(
                    Code::BadValue,
                    format!("unknown value type `{other}`"),
                    written.content_span(),
                    "unknown type",
                )
                .with_help(help),
            );
            None
        }),
    }
}

fn load_qualifiers(table: &Fields<'_, '_>, findings: &mut Vec<Finding>) -> Vec<QualifierSpec> {
    let Some(field) = table.get("qualifiers") else { return Vec::new() };
    let mut out = Vec::new();
    match field.value.get_ref() {
        DeValue::Array(_) => {
            for name in table.string_array("qualifiers", findings).unwrap_or_default() {
                out.push(QualifierSpec { name: name.text, kind: QualifierKind::Entity, values: Vec::new() });
            }
        }
        DeValue::Table(t) => {
            for (key, value) in t.iter() {
                let (kind, values) = match value.get_ref() {
                    DeValue::String(s) if s.as_ref() == "entity" => (QualifierKind::Entity, Vec::new()),
                    DeValue::String(s) if s.as_ref() == "text" => (QualifierKind::Text, Vec::new()),
                    DeValue::Table(spec) => {
                        let spec = Fields::new(table.file, table.text, spec, value.span(), "qualifier");
                        match load_text_qualifier(&spec, findings) {
                            Some(values) => (QualifierKind::Text, values),
                            None => continue,
                        }
                    }
                    _ => {
                        findings.push(
                            Finding::error(
                                Code::BadValue,
                                format!("the qualifier `{}` must be \"entity\" or \"text\"", key.get_ref()),
                                Span::new(table.file, value.span()),
                                "here",
                            )
                            .with_help(
                                "write qualifiers = { partner = \"entity\", basis = \"text\" }, or for a text \
                                 qualifier with known values basis = { kind = \"text\", values = [\"registered capital\"] }",
                            ),
                        );
                        continue;
                    }
                };
                out.push(QualifierSpec { name: key.get_ref().to_string(), kind, values });
            }
        }
        other => findings.push(
            Finding::error(
                Code::WrongType,
                format!("`qualifiers` must be an array or a table, found {}", type_name(other)),
                table.span_of(field.value),
                "here",
            )
            .with_help("write qualifiers = [\"partner\"]"),
        ),
    }
    out
}

/// The fields of a qualifier written as a table.
const QUALIFIER_FIELDS: &[&str] = &["kind", "values", "aliases"];

/// `ward = { kind = "text", values = ["ICU", "general ward"], aliases = { ICU = ["intensive care"] } }`:
/// a text qualifier with the values articles use. `None` (with a finding) when malformed.
fn load_text_qualifier(spec: &Fields<'_, '_>, findings: &mut Vec<Finding>) -> Option<Vec<QualifierValueSpec>> {
    spec.deny_unknown(QUALIFIER_FIELDS, findings);
    let kind = spec.required_string("kind", "\"text\"", findings)?;
    if kind.text.trim() != "text" {
        findings.push(
            Finding::error(
                Code::BadValue,
                format!("a qualifier with `values` is a text qualifier, not `{}`", kind.text),
                kind.span,
                "not \"text\"",
            )
            .with_help("write kind = \"text\" (entity qualifiers take their values from the entities)"),
        );
        return None;
    }
    Some(load_qualifier_values(spec, findings))
}

/// `values = [...]` and `aliases = { value = [...] }` of a qualifier table.
fn load_qualifier_values(spec: &Fields<'_, '_>, findings: &mut Vec<Finding>) -> Vec<QualifierValueSpec> {
    let mut values: Vec<QualifierValueSpec> = spec
        .string_array("values", findings)
        .unwrap_or_default()
        .into_iter()
        .filter(|v| !v.text.trim().is_empty())
        .map(|v| QualifierValueSpec { value: v.text.trim().to_string(), aliases: Vec::new() })
        .collect();
    if let Some(aliases) = spec.table("aliases", "qualifier aliases", findings) {
        for (key, _) in aliases.iter() {
            let name: &str = key.get_ref();
            let words = aliases.strings(name, findings);
            match values.iter_mut().find(|v| v.value == name) {
                Some(value) => value.aliases.extend(words.into_iter().map(|w| w.text.trim().to_string())),
                None => findings.push(
                    Finding::error(
                        Code::BadValue,
                        format!("`{name}` has aliases but is not one of the qualifier's `values`"),
                        Span::new(spec.file, key.span()),
                        "not a declared value",
                    )
                    .with_help(format!("add \"{name}\" to `values`, or remove its aliases")),
                ),
            }
        }
    }
    values
}

fn load_rule(table: &Fields<'_, '_>, findings: &mut Vec<Finding>) -> Option<RuleSpec> {
    let id = table.required_string("id", "\"single-value\"", findings);
    let kind = table.required_string("kind", "\"conflicting-value\"", findings);
    let severity =
        table.string("severity", findings).and_then(|s| match crate::finding::Severity::parse(s.text.trim()) {
            Some(severity) => Some((severity, s.content_span())),
            None => {
                findings.push(
                    Finding::error(
                        Code::BadValue,
                        format!("unknown severity `{}`", s.text),
                        s.content_span(),
                        "unknown",
                    )
                    .with_help("severity is one of: error, warning, info"),
                );
                None
            }
        });
    let description = table.string("description", findings).map(|d| d.text);
    let (id, kind) = (id?, kind?);
    let mut params = Vec::new();
    for (key, value) in table.iter() {
        let name: &str = key.get_ref();
        if RULE_FIELDS.contains(&name) {
            continue;
        }
        let param_value = match value.get_ref() {
            DeValue::String(s) => ParamValue::Str(StrValue::new(s, table.file, value.span(), table.text)),
            DeValue::Integer(i) => match i.to_string().replace('_', "").parse::<i64>() {
                Ok(n) => ParamValue::Int(n),
                Err(_) => ParamValue::Other("an integer out of range"),
            },
            DeValue::Boolean(b) => ParamValue::Bool(*b),
            DeValue::Array(items) => {
                let mut strings = Vec::new();
                let mut ok = true;
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::String(s) => strings.push(StrValue::new(s, table.file, item.span(), table.text)),
                        _ => ok = false,
                    }
                }
                if ok { ParamValue::List(strings) } else { ParamValue::Other("an array of non-strings") }
            }
            other => ParamValue::Other(type_name(other)),
        };
        params.push(Param {
            name: name.to_string(),
            name_span: Span::new(table.file, key.span()),
            value: param_value,
            span: Span::new(table.file, value.span()),
        });
    }
    Some(RuleSpec {
        id: id.text.clone(),
        id_span: id.content_span(),
        kind: kind.text.trim().to_string(),
        kind_span: kind.content_span(),
        severity,
        description,
        params,
        span: table.span,
    })
}
