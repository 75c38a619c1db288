//! Running the rules over a project: validate the declarations, order the derivations by their
//! dependency graph (petgraph; a cycle is a finding that names the rules in it), add derived claims
//! to the store, then run every check.

use crate::finding::{Code, Finding, Label, Severity};
use crate::load::Project;
use crate::model::ids::RuleId;
use crate::rules::params::{self, PROPERTIES, ParamSpec};
use crate::rules::spec::RuleSpec;
use crate::rules::{Role, Rule, kind_named, registry};
use crate::store::Store;
use crate::suggest::did_you_mean;
use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::DiGraph;

/// Validate every declaration; returns the rules that can run.
pub fn configure(specs: &[RuleSpec], store: &Store, findings: &mut Vec<Finding>) -> Vec<Rule> {
    let mut rules = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        // Every finding about a declaration names its rule (and so has its own fingerprint).
        let first_new = findings.len();
        let configured = configure_one(index, spec, store, findings);
        for finding in &mut findings[first_new..] {
            finding.rule.get_or_insert_with(|| spec.id.clone());
        }
        rules.extend(configured);
    }
    rules
}

fn configure_one(index: usize, spec: &RuleSpec, store: &Store, findings: &mut Vec<Finding>) -> Option<Rule> {
    let Some(kind) = kind_named(&spec.kind) else {
        let names: Vec<&str> = registry().iter().map(|k| k.name()).collect();
        let help = match did_you_mean(&spec.kind, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? The kinds are: {}", names.join(", ")),
            None => format!("the kinds are: {}; see docs/rules.md", names.join(", ")),
        };
        findings.push(
            Finding::error(
                Code::UnknownRuleKind,
                format!("unknown rule kind `{}`", spec.kind),
                spec.kind_span,
                "unknown kind",
            )
            .with_help(help),
        );
        return None;
    };
    let mut specs_of_kind: Vec<ParamSpec> = vec![PROPERTIES];
    specs_of_kind.extend_from_slice(kind.params());
    let values = params::validate(spec, &specs_of_kind, store, findings)?;
    let mut properties: Vec<_> = match values.properties("properties") {
        Some(listed) => listed.to_vec(),
        None => store.properties().filter(|(_, p)| kind.applies_to(p)).map(|(id, _)| id).collect(),
    };
    properties.sort();
    properties.dedup();
    Some(Rule {
        index: RuleId(index as u32),
        id: spec.id.clone(),
        kind,
        severity: spec.severity.map_or(kind.default_severity(), |(s, _)| s),
        properties,
        params: values,
        spec: spec.clone(),
    })
}

/// The derivation rules in dependency order; rules in a cycle are reported and left out.
pub fn derivation_order<'r>(rules: &'r [Rule], findings: &mut Vec<Finding>) -> Vec<&'r Rule> {
    let derivations: Vec<&Rule> = rules.iter().filter(|r| r.kind.role() == Role::Derivation).collect();
    let mut graph = DiGraph::<usize, ()>::new();
    let nodes: Vec<_> = (0..derivations.len()).map(|i| graph.add_node(i)).collect();
    let flows: Vec<_> = derivations.iter().map(|r| (r.kind.consumes(r), r.kind.produces(r))).collect();
    for (i, (_, produced)) in flows.iter().enumerate() {
        for (j, (consumed, _)) in flows.iter().enumerate() {
            if produced.iter().any(|p| consumed.contains(p)) {
                graph.add_edge(nodes[i], nodes[j], ());
            }
        }
    }
    let mut in_cycle = vec![false; derivations.len()];
    for component in tarjan_scc(&graph) {
        let cyclic = component.len() > 1 || graph.contains_edge(component[0], component[0]);
        if !cyclic {
            continue;
        }
        let mut members: Vec<usize> = component.iter().map(|n| graph[*n]).collect();
        members.sort();
        for m in &members {
            in_cycle[*m] = true;
        }
        let names: Vec<String> = members.iter().map(|m| format!("`{}`", derivations[*m].id)).collect();
        let first = derivations[members[0]];
        let mut finding = Finding::error(
            Code::DerivationCycle,
            if names.len() == 1 {
                format!("derivation rule {} consumes what it produces; it does not run", names[0])
            } else {
                format!("derivation rules depend on each other in a cycle: {}; none of them runs", names.join(" → "))
            },
            first.spec.kind_span,
            "in the cycle",
        )
        .with_help("a derivation may not consume what it (or a rule it feeds) produces; remove one of the rules or narrow its `properties`");
        finding.rule = Some(first.id.clone());
        for m in &members[1..] {
            finding = finding.with_label(Label::secondary(derivations[*m].spec.kind_span, "in the cycle"));
        }
        findings.push(finding);
    }
    // The rules outside every cycle still run in dependency order: sort the graph without them.
    let acyclic = graph.filter_map(|_, i| (!in_cycle[*i]).then_some(*i), |_, _| Some(()));
    let order = toposort(&acyclic, None).expect("a graph without its strongly connected components has no cycle");
    order.into_iter().map(|n| derivations[acyclic[n]]).collect()
}

/// Run the rule stage on a store: configure the rules, derive, check. Derived claims are added to
/// the store. This is what the benchmarks measure.
pub fn run_store(store: &mut Store, specs: &[RuleSpec]) -> (Vec<Rule>, Vec<Finding>) {
    let mut findings = Vec::new();
    let rules = configure(specs, store, &mut findings);
    let order = derivation_order(&rules, &mut findings);
    for rule in order {
        let derived = rule.kind.derive(rule, store);
        for claim in derived {
            store.add_claim(claim);
        }
        store.finish_indexing();
    }
    for rule in rules.iter().filter(|r| r.kind.role() == Role::Check) {
        let mut found = rule.kind.check(rule, store);
        for finding in &mut found {
            finding.rule = Some(rule.id.clone());
        }
        findings.extend(found);
    }
    (rules, findings)
}

/// Run every rule of the project and return the findings. Derived claims are added to the store.
pub fn run(project: &mut Project) -> Vec<Finding> {
    let (rules, mut findings) = run_store(&mut project.store, &project.rules);
    // A project with claims but no checking rule checks nothing: say so once.
    if !rules.iter().any(|r| r.kind.role() == Role::Check) && project.store.claim_count() > 0 {
        let span = project.files.iter().find(|(_, f)| f.kind == crate::source::FileKind::Rules).map_or_else(
            || crate::source::Span::new(crate::model::ids::FileId(0), 0..0),
            |(id, _)| crate::source::Span::new(id, 0..0),
        );
        let mut finding = Finding::new(
            Code::NoRules,
            Severity::Info,
            "no checking rule is declared: only the claim files themselves were checked",
            span,
            "",
        );
        finding.help =
            Some("declare rules with [[rule]] in rules/, e.g. kind = \"conflicting-value\"; see docs/rules.md".into());
        findings.push(finding);
    }
    findings
}
