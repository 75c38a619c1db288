//! HTML output (`check --format html`): the evidence page, one self-contained file with inline CSS
//! and JavaScript and nothing fetched from anywhere. Per finding: the claims side by side, each
//! quote marked in its paragraph of the archived article, the values as intervals on one axis and
//! the time scopes on a timeline (inline SVG), the derivation chain of derived claims, the likely
//! cause, notes, help, every label, and the review. Filters (severity, code, source, review state)
//! are a few lines of inline script that hide findings; with scripts off the page shows every
//! finding and hides the filters. A table lists the sources with their counts.
//!
//! Guarantees: every string that comes from the project (quotes, titles, article text, messages,
//! reasons) goes through maud's escaping — nothing user-provided is written as markup; the page
//! links only to anchors inside itself (source and evidence URLs are shown as text); the output is
//! deterministic (no timestamps, no hash-map order), so it can be snapshot-tested. Unlike human
//! output, reviewed findings are included, marked as such.

mod charts;

use crate::check::{Checked, is_reviewed};
use crate::finding::{Finding, Label, LabelRole, Severity};
use crate::model::claim::{Claim, Modality, Provenance, TimeKind};
use crate::model::date::DatePrecision;
use crate::model::ids::{ClaimId, SourceId};
use crate::model::interval::{Bound, Interval};
use crate::model::vocab::Temporal;
use crate::report::Summary;
use crate::rules::describe::{roots, time_text, value_text};
use crate::source::{SourceMap, Span};
use charts::{Axis, Bar};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

const CSS: &str = include_str!("html/page.css");
const SCRIPT: &str = include_str!("html/page.js");

/// How deep the derivation chain of a claim is drawn (derivations are short; this bounds a cycle).
const MAX_DEPTH: usize = 8;

/// The review state a filter selects: no review, a review in force, or a review gone out of date.
pub fn review_state(finding: &Finding) -> &'static str {
    match &finding.review {
        None => "unreviewed",
        Some(review) if review.outdated => "outdated",
        Some(_) => "reviewed",
    }
}

/// The sources a finding rests on: those of its claims and, for derived claims, of the stated
/// claims they come from; in store order.
fn finding_sources(checked: &Checked, finding: &Finding) -> Vec<SourceId> {
    let store = &checked.project.store;
    let mut sources: BTreeSet<SourceId> = BTreeSet::new();
    for claim in &finding.claims {
        sources.insert(store.claim(*claim).source);
        for root in roots(store, *claim) {
            sources.insert(store.claim(root).source);
        }
    }
    sources.into_iter().collect()
}

/// Render the whole page.
pub fn render(checked: &Checked, summary: &Summary) -> String {
    let store = &checked.project.store;
    let codes: BTreeSet<&str> = checked.findings.iter().map(|f| f.code.as_str()).collect();
    let mut findings_per_source: BTreeMap<SourceId, usize> = BTreeMap::new();
    let mut sources_of: Vec<Vec<SourceId>> = Vec::new();
    for finding in &checked.findings {
        let sources = finding_sources(checked, finding);
        for source in &sources {
            *findings_per_source.entry(*source).or_default() += 1;
        }
        sources_of.push(sources);
    }
    let mut claims_per_source: BTreeMap<SourceId, (usize, usize)> = BTreeMap::new();
    for (_, claim) in store.claims() {
        let entry = claims_per_source.entry(claim.source).or_default();
        if claim.is_derived() {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    let reviewed = checked.findings.iter().filter(|f| is_reviewed(f)).count();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "claimcheck — evidence page" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "claimcheck — evidence page" }
                    p.summary { (summary.line()) }
                    p.counts {
                        (checked.findings.len()) " findings on this page"
                        @if reviewed > 0 { ", " (reviewed) " of them reviewed (they do not fail the check)" }
                        "."
                    }
                }
                (filters(checked, &codes))
                main {
                    (contents(checked))
                    section #findings {
                        h2 { "Findings" }
                        @if checked.findings.is_empty() { p.none { "No findings." } }
                        @for (finding, sources) in checked.findings.iter().zip(&sources_of) {
                            (finding_view(checked, finding, sources))
                        }
                    }
                    (sources_table(checked, &findings_per_source, &claims_per_source))
                }
                footer { p { "Generated by claimcheck " (env!("CARGO_PKG_VERSION")) ". Self-contained: this file loads nothing." } }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    let mut text = page.into_string();
    text.push('\n');
    text
}

/// The filter form: hidden until the script shows it (without scripts every finding is shown).
fn filters(checked: &Checked, codes: &BTreeSet<&str>) -> Markup {
    let store = &checked.project.store;
    let mut seen = BTreeSet::new();
    let sources: Vec<&str> = checked
        .findings
        .iter()
        .flat_map(|f| finding_sources(checked, f))
        .filter(|s| seen.insert(*s))
        .map(|s| store.source(s).id.as_str())
        .collect();
    html! {
        noscript { p.note { "Filters need JavaScript; every finding is shown." } }
        form #filters hidden {
            fieldset {
                legend { "Severity" }
                @for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                    label { input type="checkbox" name="severity" value=(severity.as_str()) checked; " " (severity) }
                }
            }
            fieldset {
                legend { "Review" }
                @for state in ["unreviewed", "reviewed", "outdated"] {
                    label { input type="checkbox" name="review" value=(state) checked; " " (state) }
                }
            }
            label {
                "Code "
                select name="code" {
                    option value="" { "all codes" }
                    @for code in codes { option value=(code) { (code) } }
                }
            }
            label {
                "Source "
                select name="source" {
                    option value="" { "all sources" }
                    @for source in &sources { option value=(source) { (source) } }
                }
            }
            output #shown {}
        }
    }
}

/// The list of findings with links to each.
fn contents(checked: &Checked) -> Markup {
    html! {
        nav #contents {
            h2 { "Contents" }
            ol {
                @for finding in &checked.findings {
                    li id=(format!("toc-{}", finding.fingerprint)) {
                        a href=(format!("#f-{}", finding.fingerprint)) {
                            span class=(format!("sev {}", finding.severity)) { (finding.severity) }
                            " " code { (finding.code.as_str()) } " " (finding.message)
                        }
                        @if finding.review.is_some() { " " span class=(format!("badge {}", review_state(finding))) { (review_state(finding)) } }
                    }
                }
                li { a href="#sources" { "Sources" } }
            }
        }
    }
}

/// One finding.
fn finding_view(checked: &Checked, finding: &Finding, sources: &[SourceId]) -> Markup {
    let store = &checked.project.store;
    let source_ids: Vec<&str> = sources.iter().map(|s| store.source(*s).id.as_str()).collect();
    let state = review_state(finding);
    html! {
        article.finding id=(format!("f-{}", finding.fingerprint))
            data-fingerprint=(finding.fingerprint) data-severity=(finding.severity) data-code=(finding.code.as_str())
            data-review=(state) data-sources=(source_ids.join("\t")) {
            h3 {
                span class=(format!("sev {}", finding.severity)) { (finding.severity) }
                " " code.code { (finding.code.as_str()) }
                @if let Some(rule) = &finding.rule { " " span.rule { "rule " code { (rule) } } }
                " " span class=(format!("badge {state}")) { (state) }
            }
            p.message { (finding.message) }
            p.fingerprint { "fingerprint " code { (finding.fingerprint) } }
            @if let Some(review) = &finding.review { (review_view(review)) }
            @if !finding.claims.is_empty() {
                div.claims {
                    @for (index, claim) in finding.claims.iter().enumerate() {
                        (claim_card(checked, finding, *claim, index, 0))
                    }
                }
            }
            (value_chart(checked, finding))
            (timeline(checked, finding))
            @if let Some(cause) = &finding.likely_cause { p.cause { strong { "Likely cause: " } (cause) } }
            @if let Some(help) = &finding.help { p.help { strong { "Help: " } (help) } }
            @if !finding.notes.is_empty() {
                ul.notes { @for note in &finding.notes { li { (note) } } }
            }
            details.labels open[finding.claims.is_empty()] {
                summary { "Every label (" (finding.labels.len()) ")" }
                ul { @for label in &finding.labels { li { (label_view(&checked.project.files, label)) } } }
            }
        }
    }
}

fn review_view(review: &crate::model::review::ReviewStatus) -> Markup {
    html! {
        div class=(format!("review {}", if review.outdated { "outdated" } else { "reviewed" })) {
            p {
                strong { "Review: " (review.verdict.as_str()) }
                @if let Some(who) = review.attribution() { " " (who) }
                @if review.outdated { " — outdated: a claim changed since, so the finding is live again" }
            }
            p.reason { (review.reason) }
            @if let Some(correct) = &review.correct { p { "Correct claim: " code { (correct) } } }
            @if !review.evidence.is_empty() {
                p { "Evidence: " @for (i, link) in review.evidence.iter().enumerate() { @if i > 0 { ", " } code { (link) } } }
            }
        }
    }
}

/// A claim with its source, value, time, quote in context and, for derived claims, its inputs.
fn claim_card(checked: &Checked, finding: &Finding, id: ClaimId, index: usize, depth: usize) -> Markup {
    let store = &checked.project.store;
    let files = &checked.project.files;
    let claim = store.claim(id);
    let identity = store.claim_identity(id);
    let source = store.source(claim.source);
    let at = files.line_col(claim.span.file, claim.span.start as usize);
    let correct = finding.review.as_ref().and_then(|r| r.correct.as_deref());
    let class = if depth == 0 { format!("claim c{}", index % 6) } else { "claim input".to_string() };
    html! {
        section class=(class) {
            h4 {
                code { (identity) }
                @if depth == 0 { " " span.role { @if index == 0 { "primary" } @else { "other" } } }
                @if claim.is_derived() { " " span.badge.derived { "derived" } }
                @if correct == Some(identity.as_str()) { " " span.badge.correct { "correct, by review" } }
            }
            p.value { strong { (value_text(store, claim)) } " " (time_text(claim)) (modality_text(claim)) }
            p.where { (files.get(claim.span.file).path) ":" (at.line) ":" (at.column) }
            @match &claim.provenance {
                Provenance::Stated => {
                    p.source {
                        a href=(format!("#src-{}", source.id)) { (source.id) } ": “" (source.title) "”, "
                        (source.publisher) ", " (source.published)
                    }
                    (quote_view(files, claim))
                    @if let Some(according) = &claim.according_to { p { "According to " (according) } }
                    @if let Some(note) = &claim.note { p.note { "Note: " (note) } }
                    @if claim.is_unreviewed() { p.note { "A candidate claim proposed by extraction, not yet accepted." } }
                }
                Provenance::Derived(derivation) => {
                    @let rule = checked.project.rules.get(derivation.rule.index());
                    p.derivation {
                        "Derived by rule " code { (rule.map_or("?", |r| r.id.as_str())) }
                        @if let Some(rule) = rule { " (" (rule.kind) ")" }
                        ": " (derivation.step)
                    }
                    @if depth < MAX_DEPTH {
                        div.inputs {
                            p.from { "from:" }
                            @for input in &derivation.from { (claim_card(checked, finding, *input, index, depth + 1)) }
                        }
                    }
                }
            }
        }
    }
}

fn modality_text(claim: &Claim) -> String {
    let mut out = String::new();
    if claim.modality != Modality::Actual {
        out.push_str(&format!(" ({})", claim.modality.as_str()));
    }
    if let Some((rank, _)) = claim.rank {
        out.push_str(&format!(" — rank: {}", rank.as_str()));
    }
    out
}

/// The quote, marked in its paragraph of the archived article when it was found there.
fn quote_view(files: &SourceMap, claim: &Claim) -> Markup {
    match claim.quote.article_span.and_then(|span| Excerpt::of(files, span)) {
        Some(excerpt) => html! {
            figure.evidence {
                blockquote { (excerpt.markup()) }
                figcaption { "in the archived article " (excerpt.path) ", line " (excerpt.line) }
            }
        },
        None => html! {
            figure.evidence.missing {
                blockquote { mark { (claim.quote.text) } }
                figcaption { "quote as written in the claim file (not found in an archived article)" }
            }
        },
    }
}

/// One label: its role, place and message, and the line it marks.
fn label_view(files: &SourceMap, label: &Label) -> Markup {
    let role = match label.role {
        LabelRole::Primary => "primary",
        LabelRole::Secondary => "secondary",
        LabelRole::Evidence => "evidence",
    };
    let at = files.line_col(label.span.file, label.span.start as usize);
    html! {
        span class=(format!("role {role}")) { (role) } " "
        code { (files.get(label.span.file).path) ":" (at.line) ":" (at.column) }
        @if !label.message.is_empty() { " — " (label.message) }
        @if let Some(excerpt) = Excerpt::of(files, label.span) { pre.excerpt { (excerpt.markup()) } }
    }
}

/// The line (an archived article keeps a paragraph per line) around a span, with the span marked.
struct Excerpt<'a> {
    path: &'a str,
    line: usize,
    before: &'a str,
    marked: &'a str,
    after: &'a str,
    cut_before: bool,
    cut_after: bool,
}

/// How much of a long line is kept on each side of the marked text.
const CONTEXT_BYTES: usize = 600;

impl<'a> Excerpt<'a> {
    fn of(files: &'a SourceMap, span: Span) -> Option<Self> {
        let file = files.get(span.file);
        let text = file.text.as_str();
        if text.is_empty() {
            return None;
        }
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let ceil = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i += 1;
            }
            i
        };
        let start = floor(span.start as usize);
        let end = ceil((span.end as usize).max(start));
        let starts = file.line_starts();
        let line = starts.partition_point(|&s| s <= start).saturating_sub(1);
        let line_start = starts[line];
        let last_line = starts.partition_point(|&s| s <= end.saturating_sub(1).max(start)).saturating_sub(1);
        let line_end = starts.get(last_line + 1).map_or(text.len(), |&next| next - 1);
        let from = if start - line_start > CONTEXT_BYTES { ceil(start - CONTEXT_BYTES) } else { line_start };
        let to =
            if line_end.saturating_sub(end) > CONTEXT_BYTES { floor(end + CONTEXT_BYTES) } else { line_end.max(end) };
        Some(Excerpt {
            path: &file.path,
            line: line + 1,
            before: &text[from..start],
            marked: &text[start..end],
            after: text[end..to].trim_end_matches('\r'),
            cut_before: from > line_start,
            cut_after: to < line_end,
        })
    }

    fn markup(&self) -> Markup {
        html! {
            @if self.cut_before { "…" }
            (self.before) mark { (self.marked) } (self.after)
            @if self.cut_after { "…" }
        }
    }
}

/// The claims' values as intervals on one axis: numbers of one unit, or dates.
fn value_chart(checked: &Checked, finding: &Finding) -> Markup {
    let store = &checked.project.store;
    let mut bars = Vec::new();
    let mut axis: Option<Axis> = None;
    for (index, id) in finding.claims.iter().enumerate() {
        let claim = store.claim(*id);
        let property = store.property(claim.property);
        let tolerance = crate::rules::conflicting_value::tolerance_for(property);
        let Some(estimate) = claim.value.estimate(&store.units, &tolerance, &property.value_type) else { continue };
        let this_axis = if claim.value.is_date() {
            Axis::Date
        } else {
            let percent = matches!(&claim.value, crate::model::value::Value::Number(m) if m.percent)
                || matches!(&claim.value, crate::model::value::Value::Computed(c) if c.percent);
            let (factor, unit) = claim.value.unit().map_or((Decimal::ONE, String::new()), |u| {
                let unit = store.units.get(u);
                (unit.factor, format!(" {}", unit.display))
            });
            Axis::Number { factor, suffix: format!("{}{unit}", if percent { "%" } else { "" }) }
        };
        let same = match (&axis, &this_axis) {
            (None, _) => true,
            (Some(Axis::Date), Axis::Date) => true,
            (Some(Axis::Number { factor: a, suffix: s }), Axis::Number { factor: b, suffix: t }) => a == b && s == t,
            _ => false,
        };
        if !same {
            continue; // another unit or form: not drawn on this axis
        }
        axis.get_or_insert(this_axis);
        bars.push(Bar {
            label: store.claim_identity(*id),
            core: estimate.core,
            outer: estimate.outer,
            marker: None,
            class: format!("c{}", index % 6),
        });
    }
    let Some(axis) = axis else { return html! {} };
    let caption = match &axis {
        Axis::Date => {
            "The values as date intervals: dark, what the words most plausibly mean; light, the edges of hedges and tolerances."
        }
        Axis::Number { .. } => {
            "The values as intervals on one axis: dark, what the words most plausibly mean; light, the edges of hedges and tolerances."
        }
    };
    let Some(chart) = charts::chart(caption, &bars, &axis) else { return html! {} };
    html! {
        div.values {
            h4 { "Values" }
            (chart)
            ul.readings {
                @for bar in &bars { li { code { (bar.label) } " reads as " (axis.interval_text(&bar.outer)) } }
            }
            @if let Some(text) = charts::overlap_text(&bars) { p.overlap { (text) } }
        }
    }
}

/// The claims' time scopes on a timeline, with each source's publication date as a dot; drawn
/// when some claim is scoped in time (not a static property, not only its publication date).
fn timeline(checked: &Checked, finding: &Finding) -> Markup {
    let store = &checked.project.store;
    let dated = finding.claims.iter().any(|id| {
        let claim = store.claim(*id);
        claim.time.kind != TimeKind::Published && store.property(claim.property).temporal != Temporal::Static
    });
    if !dated {
        return html! {};
    }
    let bars: Vec<Bar> = finding
        .claims
        .iter()
        .enumerate()
        .map(|(index, id)| {
            let claim = store.claim(*id);
            let date = claim.time.date;
            let lo = if date.precision == DatePrecision::Until {
                Bound::Unbounded
            } else {
                Bound::Included(date.first.as_decimal())
            };
            let hi = if date.precision == DatePrecision::From {
                Bound::Unbounded
            } else {
                Bound::Included(date.last.as_decimal())
            };
            let interval = Interval { lo, hi };
            let published = (!claim.is_derived()).then(|| store.source(claim.source).published.first.as_decimal());
            Bar {
                label: store.claim_identity(*id),
                core: interval,
                outer: interval,
                marker: published,
                class: format!("c{}", index % 6),
            }
        })
        .collect();
    let caption = "When each claim is about (its time scope); the dot is its source's publication date.";
    let Some(chart) = charts::chart(caption, &bars, &Axis::Date) else { return html! {} };
    html! {
        div.timeline {
            h4 { "Timeline" }
            (chart)
            ul.readings {
                @for id in &finding.claims {
                    @let claim = store.claim(*id);
                    li { code { (store.claim_identity(*id)) } " " (time_text(claim)) }
                }
            }
        }
    }
}

/// The sources, with how many claims each states and how many findings rest on it.
fn sources_table(
    checked: &Checked,
    findings: &BTreeMap<SourceId, usize>,
    claims: &BTreeMap<SourceId, (usize, usize)>,
) -> Markup {
    let store = &checked.project.store;
    let files = &checked.project.files;
    html! {
        section #sources {
            h2 { "Sources" }
            table {
                thead { tr { th { "Source" } th { "Title" } th { "Publisher" } th { "Published" } th { "Claims" } th { "Derived" } th { "Findings" } th { "Article" } } }
                tbody {
                    @for (id, source) in store.sources() {
                        @let (stated, derived) = claims.get(&id).copied().unwrap_or_default();
                        tr id=(format!("src-{}", source.id)) {
                            td { code { (source.id) } }
                            td { (source.title) @if let Some(url) = &source.url { br; code.url { (url) } } }
                            td { (source.publisher) @if let Some(author) = &source.author { br; (author) } }
                            td { (source.published) }
                            td.n { (stated) }
                            td.n { (derived) }
                            td.n { (findings.get(&id).copied().unwrap_or(0)) }
                            td { @if let Some(article) = source.article { code { (files.get(article).path) } } @else { "—" } }
                        }
                    }
                }
            }
        }
    }
}
