//! ## What it flags
//!
//! Two claims that give values for the same key (subject, property, qualifiers) and the same time
//! scope which cannot both hold. Values are intervals with the precision they were written at, so
//! the comparison is three-valued: a **conflict** (error) when even the generous readings of hedges
//! and tolerances cannot meet, a **possible conflict** (warning) when they meet only at those edges,
//! and nothing when the plausible readings overlap.
//!
//! Time scope decides what is compared: a static property (a founding date) has one value forever;
//! a flow (trade in 2020) is compared only for the same period; a state or running total only as of
//! the same date (as of dates that overlap without being equal, "as of 2021" and "as of April
//! 2021", give at most a possible conflict: the value may have changed in between). Modality
//! decides the rest: targets and forecasts never contradict actual values —
//! an actual figure short of a target is reported as an info note, `target-missed`; two targets for
//! one period are at most a warning (targets are revised).
//!
//! Derived claims take part like stated ones, but a claim is never compared with claims derived
//! from it.
//!
//! **Clusters.** The claims of one key, time scope and modality (and currency) are compared as a
//! group, not pair by pair. Claims with identical readings count as one value. The values that
//! disagree with at least one other value of the group form its *cluster*. There is one cluster
//! per group at most, as intervals on a line allow no more: when a and b disagree and so do c and
//! d, one of a, b disagrees with one of c, d. A cluster of exactly two claims is reported as the pair it is; a
//! cluster of more is **one** finding that lists its distinct values (the most-claimed first, at
//! most 10), each labelled at one claim that gives it (the latest source's value is the primary
//! label) with the values it cannot hold with, and then a line "and N more values from M more
//! claims". It is an error when some two of its values cannot meet even at the edges of their
//! hedges and tolerances, a warning otherwise. Values as of two overlapping but different dates
//! are a cluster of their own for that pair of dates, at most a warning.
//!
//! A missed target is one info note per target, listing at most 10 of the actual figures short of
//! it (in the order the key lists them) and "and N more".
//!
//! **Fingerprints.** A pair's fingerprint is the code, the rule and the two claims' identities; a
//! cluster's the same over all of its claims, sorted, so it is the same for the same claims in any
//! order and changes when a claim joins or leaves the cluster. A missed-target note listing more
//! than 10 figures hashes the target, the listed figures and how many more there are.
//!
//! **Cost.** Each group is read once: its readings are bucketed, then one pass finds the highest
//! lower bound and the lowest upper bound of all of them, and a reading disagrees with some other
//! exactly when it ends below that lower bound or starts above that upper bound (when every
//! reading overlaps every other, they share a point: Helly's theorem in one dimension). So many
//! claims that agree cost as much as reading them, with no pair compared, and the output of one
//! finding is bounded however many claims it involves. Targets are swept against the actual
//! figures sorted by their upper bound. (Clusters of at most 64 claims that involve derived claims
//! are checked pair by pair, so that a claim and one derived from it never count as a
//! disagreement; in larger clusters, claims derived from one another may be listed together.)
//!
//! ## Why it matters
//!
//! This is the contradiction fact-checkers look for first: two articles giving the same year's
//! trade total as 4.85 and 5.7 billion dollars cannot both be right, and usually one uses another
//! country's statistics. Precision and modality keep it from crying wolf: "$5.7 billion" and
//! "5.7 bln USD" agree, and a target of $10 billion is not contradicted by an actual $4.85 billion.
//!
//! ## Example
//!
//! ```toml
//! [[claim]]                                   # claims/ledger.toml
//! id = "trade-2020"
//! subject = "arcadia"
//! property = "bilateral-trade"
//! qualifiers = { partner = "borduria" }
//! value = "4.85 billion USD"
//! period = "2020"
//!
//! [[claim]]                                   # claims/neo.toml
//! id = "trade-2020"
//! subject = "borduria"                          # symmetric: the same key
//! property = "bilateral-trade"
//! qualifiers = { partner = "arcadia" }
//! value = "$5.7 billion"
//! period = "2020"
//! ```
//!
//! reports `conflicting-value`: [4.845, 4.855] and [5.65, 5.75] billion cannot meet, even with the
//! property's 1% tolerance; when the sources are from the two countries, the likely cause names
//! their different national statistics.
//!
//! ## Parameters
//!
//! - `properties`: the properties to check (default: every property except lists and text).
//! - `tolerance`: an extra relative tolerance for every comparison, e.g. `"1%"`.
//! - `hedge_tolerance`: how far "about", "nearly", "over" stretch, e.g. `"10%"` (default: the
//!   property's `hedge_tolerance`, or 10%).
//! - `report_targets`: report actual values short of a target as `target-missed` infos (default
//!   true).

use crate::finding::{Code, Finding, Label, LabelRole, stable_hash};
use crate::model::claim::{Claim, Modality};
use crate::model::ids::ClaimId;
use crate::model::interval::{Agreement, Estimate, Interval, compare};
use crate::model::number::Tolerance;
use crate::model::value::{Value, ValueType};
use crate::model::vocab::{Property, Temporal};
use crate::rules::describe::{
    claim_labels, claim_text, derivation_notes, identity, key_text, related, roots, value_text,
};
use crate::rules::likely_cause;
use crate::rules::params::{ParamKind, ParamSpec};
use crate::rules::scope::{ScopeRelation, relation};
use crate::rules::{Level, Role, Rule, RuleKind};
use crate::store::Store;
use rust_decimal::Decimal;

/// The `conflicting-value` kind.
pub struct ConflictingValue;

const PARAMS: &[ParamSpec] = &[
    ParamSpec { name: "tolerance", kind: ParamKind::Percent, required: false, doc: "an extra relative tolerance" },
    ParamSpec { name: "hedge_tolerance", kind: ParamKind::Percent, required: false, doc: "how far hedges stretch" },
    ParamSpec { name: "report_targets", kind: ParamKind::Bool, required: false, doc: "report missed targets as infos" },
];

impl RuleKind for ConflictingValue {
    fn name(&self) -> &'static str {
        "conflicting-value"
    }

    fn source(&self) -> &'static str {
        include_str!("conflicting_value.rs")
    }

    fn role(&self) -> Role {
        Role::Check
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn applies_to(&self, property: &Property) -> bool {
        !matches!(property.value_type, ValueType::Text)
    }

    fn check(&self, rule: &Rule, store: &Store) -> Vec<Finding> {
        let mut findings = Vec::new();
        for &property_id in &rule.properties {
            let property = store.property(property_id);
            let tolerance = tolerance(rule, property);
            for &key in store.keys_of_property(property_id) {
                let claims = store.claims_of_key(key);
                if claims.len() < 2 {
                    continue;
                }
                let context = Context { rule, store, property, tolerance: &tolerance, claims };
                findings.extend(context.check_key());
            }
        }
        merge_missed_targets(store, findings)
    }
}

/// At most this many distinct values are listed (labelled, and named in the notes) in one
/// cluster finding, and at most this many actual figures in one `target-missed` note.
pub const MAX_LISTED: usize = 10;

/// At most this many claims are named per value in a cluster finding's notes.
const MAX_NAMED_PER_VALUE: usize = 3;

/// Clusters of at most this many claims that involve derived claims are checked pair by pair, so
/// that no disagreement between a claim and one derived from it counts.
const MAX_EXACT_CLAIMS: usize = 64;

/// Claims of one key that are compared with each other: the same time scope (for time-bound
/// properties), modality class (facts, or one kind of plan), currency and kind of reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct GroupKey {
    /// The days of the time scope; `None` for a static property.
    time: Option<(i32, i32)>,
    /// `None` for factual claims; the modality for targets and forecasts.
    modality: Option<Modality>,
    /// The currency of an amount, if it has one.
    currency: Option<crate::model::unit::UnitId>,
    /// 0: an interval, 1: an entity, 2: a text.
    kind: u8,
}

/// One distinct reading and the claims that read that way (in the key's order).
struct Bucket {
    reading: Reading,
    claims: Vec<ClaimId>,
}

/// The claims of one [`GroupKey`], bucketed by reading.
struct Group {
    key: GroupKey,
    date: crate::model::date::DateValue,
    buckets: Vec<Bucket>,
}

/// One value of a cluster: a reading, the claims (of one group) that give it, and the group.
struct Member<'g> {
    reading: &'g Reading,
    claims: Vec<ClaimId>,
    group: &'g Group,
    /// Which side of a comparison between two groups (always 0 within one group).
    side: u8,
}

/// Whether a cluster is within one time scope or between two overlapping ones.
#[derive(Clone, Copy)]
enum Scope<'g> {
    Same,
    Overlapping(&'g Group, &'g Group),
}

struct Context<'a> {
    rule: &'a Rule,
    store: &'a Store,
    property: &'a Property,
    tolerance: &'a Tolerance,
    claims: &'a [ClaimId],
}

impl Context<'_> {
    /// Every finding of one key: per group, the cluster of its disagreeing readings and its missed
    /// targets; per pair of overlapping as-of scopes, the cluster of values that differ between
    /// them. Cost: sorting and bucketing the claims, then linear in the readings (plus the
    /// overlapping pairs of distinct scopes, which only states and running totals have).
    fn check_key(&self) -> Vec<Finding> {
        let store = self.store;
        let position: std::collections::HashMap<ClaimId, usize> =
            self.claims.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        let groups = self.groups();
        let mut findings = Vec::new();
        for group in &groups {
            let (disagree, conflict) = disagreements(&group.buckets, &group.buckets, true);
            let members: Vec<Member> = group
                .buckets
                .iter()
                .zip(&disagree)
                .filter(|(_, d)| **d)
                .map(|(b, _)| Member { reading: &b.reading, claims: b.claims.clone(), group, side: 0 })
                .collect();
            findings.extend(self.cluster(members, conflict, Scope::Same, &position));
        }
        // Targets against the actual figures of the same scope, currency and reading.
        if self.rule.params.bool("report_targets") != Some(false) {
            let factual: std::collections::HashMap<GroupKey, &Group> =
                groups.iter().filter(|g| g.key.modality.is_none()).map(|g| (g.key, g)).collect();
            for targets in groups.iter().filter(|g| g.key.modality == Some(Modality::Target) && g.key.kind == 0) {
                let actual_key = GroupKey { modality: None, ..targets.key };
                if let Some(actuals) = factual.get(&actual_key) {
                    findings.extend(self.missed_targets(targets, actuals, &position));
                }
            }
        }
        // States and running totals: values as of overlapping (not identical) dates.
        if matches!(self.property.temporal, Temporal::State | Temporal::RunningTotal) {
            let mut by_start: Vec<&Group> = groups.iter().collect();
            by_start.sort_by_key(|g| (g.date.first, g.date.last, g.key));
            for (i, g) in by_start.iter().enumerate() {
                // Every later-starting group that starts before `g` ends overlaps it.
                for h in by_start[i + 1..].iter().take_while(|h| h.date.first <= g.date.last) {
                    let same_class = GroupKey { time: None, ..g.key } == GroupKey { time: None, ..h.key };
                    if !same_class || g.date.same_days(&h.date) {
                        continue;
                    }
                    let (in_g, conflict_g) = disagreements(&g.buckets, &h.buckets, false);
                    let (in_h, _) = disagreements(&h.buckets, &g.buckets, false);
                    let mut members: Vec<Member> = Vec::new();
                    for (side, (group, flags)) in [(*g, &in_g), (*h, &in_h)].into_iter().enumerate() {
                        members.extend(group.buckets.iter().zip(flags).filter(|(_, d)| **d).map(|(b, _)| Member {
                            reading: &b.reading,
                            claims: b.claims.clone(),
                            group,
                            side: side as u8,
                        }));
                    }
                    findings.extend(self.cluster(members, conflict_g, Scope::Overlapping(g, h), &position));
                }
            }
        }
        let _ = store;
        findings
    }

    /// The claims of the key that have a reading, grouped and bucketed, in the key's order.
    fn groups(&self) -> Vec<Group> {
        let store = self.store;
        let mut groups: Vec<Group> = Vec::new();
        let mut index: std::collections::HashMap<GroupKey, (usize, std::collections::HashMap<Reading, usize>)> =
            std::collections::HashMap::new();
        for &id in self.claims {
            let claim = store.claim(id);
            let Some(reading) = reading(store, claim, self.property, self.tolerance) else { continue };
            let currency = claim.value.unit().filter(|u| store.units.get(*u).is_currency());
            let key = GroupKey {
                time: (self.property.temporal != Temporal::Static)
                    .then_some((claim.time.date.first.0, claim.time.date.last.0)),
                modality: (!claim.modality.is_factual()).then_some(claim.modality),
                currency,
                kind: match reading {
                    Reading::Interval(_) => 0,
                    Reading::Entity(_) => 1,
                    Reading::Text(_) => 2,
                },
            };
            let (g, buckets) = index.entry(key).or_insert_with(|| {
                groups.push(Group { key, date: claim.time.date, buckets: Vec::new() });
                (groups.len() - 1, std::collections::HashMap::new())
            });
            let group = &mut groups[*g];
            match buckets.get(&reading) {
                Some(&b) => group.buckets[b].claims.push(id),
                None => {
                    buckets.insert(reading.clone(), group.buckets.len());
                    group.buckets.push(Bucket { reading, claims: vec![id] });
                }
            }
        }
        groups
    }

    /// The finding for a cluster of disagreeing values: the old pair finding for exactly two
    /// claims, one cluster finding for more, none for fewer.
    fn cluster(
        &self,
        mut members: Vec<Member>,
        mut conflict: bool,
        scope: Scope,
        position: &std::collections::HashMap<ClaimId, usize>,
    ) -> Option<Finding> {
        let store = self.store;
        let mut total: usize = members.iter().map(|m| m.claims.len()).sum();
        if total < 2 {
            return None;
        }
        // Claims derived from one another are never compared: small clusters with derived
        // claims are checked pair by pair.
        if total <= MAX_EXACT_CLAIMS && members.iter().any(|m| m.claims.iter().any(|c| store.claim(*c).is_derived())) {
            (members, conflict) = self.exact(members);
            total = members.iter().map(|m| m.claims.len()).sum();
            if total < 2 {
                return None;
            }
        }
        if total == 2 {
            let mut pair: Vec<ClaimId> = members.iter().flat_map(|m| m.claims.iter().copied()).collect();
            pair.sort_by_key(|c| position[c]);
            return compare_pair(self.rule, store, self.property, self.tolerance, pair[0], pair[1]);
        }
        Some(self.cluster_finding(members, conflict, scope))
    }

    /// Members restricted to claims with an unrelated disagreeing claim (pair by pair).
    fn exact<'g>(&self, members: Vec<Member<'g>>) -> (Vec<Member<'g>>, bool) {
        let store = self.store;
        let bipartite = members.iter().any(|m| m.side == 1);
        let mut keep: Vec<Vec<bool>> = members.iter().map(|m| vec![false; m.claims.len()]).collect();
        let mut conflict = false;
        for i in 0..members.len() {
            for j in i + 1..members.len() {
                let (a, b) = (&members[i], &members[j]);
                if bipartite && a.side == b.side {
                    continue;
                }
                let agreement = agreement(a.reading, b.reading);
                if agreement == Agreement::Consistent {
                    continue;
                }
                for (x, &ca) in a.claims.iter().enumerate() {
                    for (y, &cb) in b.claims.iter().enumerate() {
                        if !related(store, ca, cb) {
                            keep[i][x] = true;
                            keep[j][y] = true;
                            conflict |= agreement == Agreement::Conflict;
                        }
                    }
                }
            }
        }
        let members = members
            .into_iter()
            .zip(keep)
            .filter_map(|(mut m, keep)| {
                let mut flags = keep.into_iter();
                m.claims.retain(|_| flags.next().unwrap_or(false));
                (!m.claims.is_empty()).then_some(m)
            })
            .collect();
        (members, conflict)
    }

    /// One finding for a cluster of more than two claims: its distinct values (at most
    /// [`MAX_LISTED`], the most-claimed first), each labelled at one claim that gives it, with the
    /// values it cannot hold with; then how many more values and claims there are.
    fn cluster_finding(&self, mut members: Vec<Member>, conflict: bool, scope: Scope) -> Finding {
        let store = self.store;
        let total: usize = members.iter().map(|m| m.claims.len()).sum();
        let factual = members[0].group.key.modality.is_none();
        let level = if conflict && factual && matches!(scope, Scope::Same) { Level::Definite } else { Level::Possible };
        // Deterministic order: by reading, then by side and the key's order of the first claim.
        members.sort_by(|a, b| {
            reading_order(a.reading, b.reading, store).then(a.side.cmp(&b.side)).then(a.claims[0].cmp(&b.claims[0]))
        });
        let values = members.len();
        // The values listed: the most-claimed ones, shown in reading order.
        let mut listed: Vec<usize> = (0..values).collect();
        listed.sort_by_key(|&i| (std::cmp::Reverse(members[i].claims.len()), i));
        listed.truncate(MAX_LISTED);
        listed.sort();
        // One claim stands for each listed value: a reviewed one, from the latest source.
        let order = |id: ClaimId| {
            let c = store.claim(id);
            (!c.is_unreviewed(), store.source(c.source).published.last, store.claim_identity(id))
        };
        let representative: Vec<ClaimId> = listed
            .iter()
            .map(|&i| members[i].claims.iter().copied().max_by_key(|c| order(*c)).expect("a member has claims"))
            .collect();
        // The primary value is the one whose claim is from the latest source.
        let primary = (0..listed.len()).max_by_key(|&k| order(representative[k])).expect("a cluster lists values");
        let cp = store.claim(representative[primary]);
        let (code, verb) = match (level, conflict) {
            (Level::Definite, _) => (Code::ConflictingValue, "cannot all hold".to_string()),
            (_, false) => {
                (Code::PossiblyConflictingValue, "agree only at the edges of their hedges and tolerances".to_string())
            }
            _ if !factual => (
                Code::PossiblyConflictingValue,
                format!("differ; {}s are revised, so they may have been said at different times", cp.modality.as_str()),
            ),
            _ => match scope {
                Scope::Overlapping(g, h) => (
                    Code::PossiblyConflictingValue,
                    format!(
                        "differ, but they are as of different dates in the same period ({} and {})",
                        g.date, h.date
                    ),
                ),
                Scope::Same => (Code::PossiblyConflictingValue, "differ".to_string()),
            },
        };
        let texts: Vec<String> =
            listed.iter().zip(&representative).map(|(&i, &rep)| self.member_text(&members[i], rep)).collect();
        let named: Vec<&String> = texts.iter().take(if values <= 4 { 4 } else { 3 }).collect();
        let list = match named.split_last() {
            Some((last, rest)) if values <= 4 && !rest.is_empty() => {
                format!("{} and {last}", rest.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))
            }
            _ => format!(
                "{} and {} more",
                named.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
                values - named.len()
            ),
        };
        let message = if values <= 4 {
            format!("{}: {list} {verb}", key_text(store, cp))
        } else {
            format!("{}: {values} values from {total} claims {verb}: {list}", key_text(store, cp))
        };
        let mut finding = Finding::new(code, self.rule.severity_for(level), message, cp.value_span, "");
        finding.labels.clear();
        let mut ordered: Vec<usize> = vec![primary];
        ordered.extend((0..listed.len()).filter(|&k| k != primary));
        for &k in &ordered {
            let member = &members[listed[k]];
            let rep = representative[k];
            let role = if k == primary { LabelRole::Primary } else { LabelRole::Secondary };
            let more = member.claims.len() - 1;
            let label = match more {
                0 => format!("{} here", value_text(store, store.claim(rep))),
                1 => format!("{} here (and in 1 more claim)", value_text(store, store.claim(rep))),
                _ => format!("{} here (and in {more} more claims)", value_text(store, store.claim(rep))),
            };
            finding.labels.extend(claim_labels(store, rep, role, label));
            finding.claims.push(rep);
        }
        // Which listed values cannot hold together, from the lowest value to the highest.
        let bipartite = matches!(scope, Scope::Overlapping(..));
        for k in 0..listed.len() {
            let member = &members[listed[k]];
            let rep = store.claim(representative[k]);
            let mut against = Vec::new();
            let mut edge = Vec::new();
            for l in 0..listed.len() {
                let other = &members[listed[l]];
                if l == k || (bipartite && other.side == member.side) {
                    continue;
                }
                match agreement(member.reading, other.reading) {
                    Agreement::Conflict => against.push(value_text(store, store.claim(representative[l]))),
                    Agreement::PossibleConflict => edge.push(value_text(store, store.claim(representative[l]))),
                    Agreement::Consistent => {}
                }
            }
            let mut note = value_text(store, rep);
            if let Reading::Interval(e) = member.reading {
                note.push_str(&format!(" reads as {}", reading_text(store, rep, e)));
            }
            note.push_str(&format!(" ({})", self.sources_of(member)));
            if !against.is_empty() {
                note.push_str(&format!("; cannot hold with {}", against.join(", ")));
            }
            if !edge.is_empty() {
                note.push_str(&format!("; agrees only at the edges with {}", edge.join(", ")));
            }
            if against.is_empty() && edge.is_empty() {
                note.push_str("; disagrees with values not listed here");
            }
            finding.notes.push(note);
        }
        if self.tolerance.relative > Decimal::ZERO && members.iter().any(|m| matches!(m.reading, Reading::Interval(_)))
        {
            finding.notes.push(format!(
                "each reading is widened by the {}% tolerance",
                (self.tolerance.relative * Decimal::ONE_HUNDRED).normalize()
            ));
        }
        if values > listed.len() {
            let rest: usize = (0..values).filter(|i| !listed.contains(i)).map(|i| members[i].claims.len()).sum();
            finding.notes.push(format!(
                "and {} more values from {rest} more claims, not listed: every value of the cluster disagrees with at least one other",
                values - listed.len()
            ));
        }
        for &k in &ordered {
            finding.notes.extend(derivation_notes(store, representative[k]));
        }
        if let Scope::Overlapping(g, h) = scope {
            finding.likely_cause = Some(format!(
                "different dates within the same period: {} and {}; the value may have changed in between",
                g.date, h.date
            ));
        }
        finding.help = Some(match (level, conflict) {
            (Level::Definite, _) => "check the articles against their sources; record which is right, and why, with `claimcheck review` (docs/reviews.md); if they measure different things (another agency, definition or date), tell them apart with a qualifier or time scope".to_string(),
            (_, false) => "the values are close: check whether a hedge (\"nearly\", \"over\") or the rounding explains the differences".to_string(),
            _ if !factual => "check when each was set; if one replaced another, give each its own `as_of` or record the revision in a `note`".to_string(),
            _ => "give each claim the exact date it is as of (`as_of`), so that a change between them is not read as a contradiction".to_string(),
        });
        // The fingerprint: the code, the rule and every claim of the cluster (sorted), as for a
        // pair, so it is stable for the same claims however they are ordered or listed.
        let mut identities: Vec<String> =
            members.iter().flat_map(|m| m.claims.iter()).map(|c| store.claim_identity(*c)).collect();
        identities.sort();
        let mut parts: Vec<&str> = vec![code.as_str(), self.rule.id.as_str()];
        parts.extend(identities.iter().map(String::as_str));
        finding.fingerprint = format!("{:016x}", stable_hash(&parts));
        finding
    }

    /// "5.7 billion USD in 2020 (courier)", or "(courier and 2 more)" when several claims give it.
    fn member_text(&self, member: &Member, representative: ClaimId) -> String {
        let store = self.store;
        let text = claim_text(store, store.claim(representative));
        match member.claims.len() {
            1 => text,
            n => match text.strip_suffix(')') {
                Some(head) => format!("{head} and {} more)", n - 1),
                None => format!("{text} and {} more", n - 1),
            },
        }
    }

    /// "herald/trade-2020, courier/trade-2020 and 3 more".
    fn sources_of(&self, member: &Member) -> String {
        let names: Vec<String> =
            member.claims.iter().take(MAX_NAMED_PER_VALUE).map(|c| identity(self.store, *c)).collect();
        match member.claims.len().saturating_sub(MAX_NAMED_PER_VALUE) {
            0 => names.join(", "),
            more => format!("{} and {more} more", names.join(", ")),
        }
    }

    /// The `target-missed` notes of one group of targets against the actual figures of the same
    /// scope: sweeping the targets by their lower bound over the actual figures sorted by their
    /// upper bound. Each note lists at most [`MAX_LISTED`] actual figures (in the key's order).
    fn missed_targets(
        &self,
        targets: &Group,
        actuals: &Group,
        position: &std::collections::HashMap<ClaimId, usize>,
    ) -> Vec<Finding> {
        let store = self.store;
        // Actual claims by the upper end of their plausible reading.
        let by_high = sorted_by_bound(actuals, |e| e.core.hi.value(), position);
        let estimate_of: std::collections::HashMap<ClaimId, Estimate> =
            by_high.iter().map(|(_, c, e)| (*c, *e)).collect();
        // Derived actual claims by the stated claims they rest on, to count the related ones.
        let mut derived_by_root: std::collections::HashMap<ClaimId, Vec<ClaimId>> = std::collections::HashMap::new();
        for (_, c, _) in &by_high {
            if store.claim(*c).is_derived() {
                for root in roots(store, *c) {
                    derived_by_root.entry(root).or_default().push(*c);
                }
            }
        }
        let sorted_targets = sorted_by_bound(targets, |e| e.core.lo.value(), position);
        let mut below: std::collections::BTreeSet<(usize, ClaimId)> = std::collections::BTreeSet::new();
        let mut next = 0;
        let mut findings = Vec::new();
        for (low, target, et) in sorted_targets {
            while next < by_high.len() && by_high[next].0 < low {
                below.insert((position[&by_high[next].1], by_high[next].1));
                next += 1;
            }
            if below.is_empty() {
                continue;
            }
            // Claims related to the target (derived from it, or it from them) do not count.
            let mut related_claims: std::collections::HashSet<ClaimId> = std::collections::HashSet::new();
            for root in roots(store, target) {
                if below.contains(&(position.get(&root).copied().unwrap_or(usize::MAX), root)) {
                    related_claims.insert(root);
                }
                for &d in derived_by_root.get(&root).into_iter().flatten() {
                    if below.contains(&(position[&d], d)) {
                        related_claims.insert(d);
                    }
                }
            }
            let count = below.len() - related_claims.len();
            let listed: Vec<ClaimId> =
                below.iter().map(|(_, c)| *c).filter(|c| !related_claims.contains(c)).take(MAX_LISTED).collect();
            let pairs: Vec<Finding> = listed
                .iter()
                .filter_map(|&actual| {
                    target_missed(
                        self.rule,
                        store,
                        self.property,
                        self.tolerance,
                        target,
                        actual,
                        Some((et, estimate_of[&actual])),
                    )
                })
                .collect();
            let mut merged = merge_missed_targets(store, pairs);
            if count > listed.len()
                && let Some(finding) = merged.first_mut()
            {
                let more = count - listed.len();
                finding.message.push_str(&format!("; and {more} more"));
                finding.notes.push(format!(
                    "and {more} more actual figures fall short of the target; the first {} are listed",
                    listed.len()
                ));
                // Stable for the same target and shortfall: the target, the listed figures and
                // how many more there are.
                let mut parts: Vec<String> = vec![
                    Code::TargetMissed.as_str().to_string(),
                    self.rule.id.clone(),
                    store.claim_identity(target),
                    format!("and {more} more"),
                ];
                let mut named: Vec<String> = listed.iter().map(|c| store.claim_identity(*c)).collect();
                named.sort();
                parts.extend(named);
                let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
                finding.fingerprint = format!("{:016x}", stable_hash(&refs));
            }
            findings.extend(merged);
        }
        findings
    }
}

/// For each bucket of `values`, whether its reading disagrees (the plausible readings do not
/// overlap) with some reading of `against`; and whether some such pair conflicts outright (not
/// even the generous readings overlap). `same` says `against` is `values` itself.
///
/// Linear: an interval meets every interval of a set exactly when it meets the set's highest
/// lower bound and lowest upper bound (Helly's theorem in one dimension), so one pass finds
/// those bounds and one more tests each reading against them. When every reading meets every
/// other, no pair is compared at all.
fn disagreements(values: &[Bucket], against: &[Bucket], same: bool) -> (Vec<bool>, bool) {
    let mut disagree = vec![false; values.len()];
    let mut conflict = false;
    if against.is_empty() || (same && values.len() < 2) {
        return (disagree, false);
    }
    let intervals: Vec<&Estimate> = against
        .iter()
        .filter_map(|b| match &b.reading {
            Reading::Interval(e) => Some(e),
            _ => None,
        })
        .collect();
    if !intervals.is_empty() {
        let fold = |outer: bool| {
            let mut common = Interval::everything();
            let mut empty = 0usize;
            for e in &intervals {
                let i = if outer { e.outer } else { e.core };
                if i.is_empty() {
                    empty += 1;
                } else {
                    common = common.intersection(&i);
                }
            }
            (common, empty)
        };
        let ((core, core_empty), (outer, outer_empty)) = (fold(false), fold(true));
        // `i` meets every non-empty interval whose bounds gave `common`.
        let meets_all = |i: &Interval<Decimal>, common: &Interval<Decimal>, empty_others: usize| {
            !i.is_empty()
                && empty_others == 0
                && !Interval { lo: common.lo, hi: i.hi }.is_empty()
                && !Interval { lo: i.lo, hi: common.hi }.is_empty()
        };
        for (flag, bucket) in disagree.iter_mut().zip(values) {
            let Reading::Interval(e) = &bucket.reading else { continue };
            let others = |empty: usize, own_empty: bool| empty - usize::from(same && own_empty);
            if same && values.len() < 2 {
                continue;
            }
            if !meets_all(&e.core, &core, others(core_empty, e.core.is_empty())) {
                *flag = true;
                if !meets_all(&e.outer, &outer, others(outer_empty, e.outer.is_empty())) {
                    conflict = true;
                }
            }
        }
        return (disagree, conflict);
    }
    // Entities and texts: a value disagrees with every other value.
    let first = &against[0].reading;
    let several = against.iter().any(|b| b.reading != *first);
    for (flag, bucket) in disagree.iter_mut().zip(values) {
        if several || bucket.reading != *first {
            *flag = true;
            conflict = true;
        }
    }
    (disagree, conflict)
}

/// The three-valued comparison of two readings of one kind.
fn agreement(a: &Reading, b: &Reading) -> Agreement {
    match (a, b) {
        (Reading::Interval(x), Reading::Interval(y)) => compare(x, y),
        _ if a == b => Agreement::Consistent,
        _ => Agreement::Conflict,
    }
}

/// The order values are listed in: intervals from low to high, entities and texts by name.
fn reading_order(a: &Reading, b: &Reading, store: &Store) -> std::cmp::Ordering {
    match (a, b) {
        (Reading::Interval(x), Reading::Interval(y)) => {
            let key = |e: &Estimate| (e.core.lo.value(), e.core.hi.value().is_none(), e.core.hi.value());
            key(x).cmp(&key(y))
        }
        (Reading::Entity(x), Reading::Entity(y)) => store.entities.name(*x).cmp(store.entities.name(*y)).then(x.cmp(y)),
        (Reading::Text(x), Reading::Text(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

/// One note per missed target: the actual figures that fell short of it (two sources may report
/// the year's total differently) are listed together rather than repeating the target.
fn merge_missed_targets(store: &Store, findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut by_target: std::collections::HashMap<ClaimId, usize> = std::collections::HashMap::new();
    for finding in findings {
        let target = match (finding.code, finding.claims.as_slice()) {
            (Code::TargetMissed, [_, target]) => *target,
            _ => {
                out.push(finding);
                continue;
            }
        };
        let Some(&at) = by_target.get(&target) else {
            by_target.insert(target, out.len());
            out.push(finding);
            continue;
        };
        let merged = &mut out[at];
        let actual = finding.claims[0];
        merged.claims.insert(merged.claims.len() - 1, actual);
        for label in finding.labels {
            if !merged.labels.iter().any(|l| l.span == label.span) {
                let role = if label.role == LabelRole::Primary { LabelRole::Secondary } else { label.role };
                merged.labels.push(Label { role, ..label });
            }
        }
        let actuals: Vec<String> =
            merged.claims[..merged.claims.len() - 1].iter().map(|c| claim_text(store, store.claim(*c))).collect();
        let ct = store.claim(target);
        merged.message = format!(
            "{}: the target of {} was missed: {}",
            key_text(store, ct),
            claim_text(store, ct),
            actuals.join("; ")
        );
        for note in finding.notes {
            if !merged.notes.contains(&note) {
                merged.notes.push(note);
            }
        }
    }
    out
}

/// The tolerance for comparisons under this rule and property.
pub fn tolerance(rule: &Rule, property: &Property) -> Tolerance {
    let default = Tolerance::default();
    Tolerance {
        hedge: rule.params.fraction("hedge_tolerance").or(property.hedge_tolerance).unwrap_or(default.hedge),
        relative: property.tolerance + rule.params.fraction("tolerance").unwrap_or(Decimal::ZERO),
    }
}

/// The tolerance for a property when no rule parameter applies.
pub fn tolerance_for(property: &Property) -> Tolerance {
    Tolerance { hedge: property.hedge_tolerance.unwrap_or(Tolerance::default().hedge), relative: property.tolerance }
}

/// What a claim's value means for comparison.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Reading {
    Interval(Estimate),
    Entity(crate::model::ids::EntityId),
    Text(String),
}

fn reading(store: &Store, claim: &Claim, property: &Property, tolerance: &Tolerance) -> Option<Reading> {
    match &claim.value {
        Value::Entity { id, .. } => Some(Reading::Entity(store.entities.canonical(*id))),
        Value::Text(text) => Some(Reading::Text(text.trim().to_lowercase())),
        // A list is compared through its size by `count-mismatch`, not item by item here.
        Value::List { .. } | Value::Anniversary(_) | Value::Elapsed(_) => None,
        // An ordinal only says which event this is; as a value of a count it is compared by
        // `running-total-decreases` and `count-mismatch`.
        Value::Ordinal(_) => None,
        value => value.estimate(&store.units, tolerance, &property.value_type).map(Reading::Interval),
    }
}

fn compare_pair(
    rule: &Rule,
    store: &Store,
    property: &Property,
    tolerance: &Tolerance,
    a: ClaimId,
    b: ClaimId,
) -> Option<Finding> {
    let (ca, cb) = (store.claim(a), store.claim(b));
    let scope = relation(property.temporal, ca, cb);
    if scope == ScopeRelation::Distinct || related(store, a, b) {
        return None;
    }
    // Amounts in two currencies cannot be compared (exchange rates are not facts of the articles).
    if let (Some(ua), Some(ub)) = (ca.value.unit(), cb.value.unit())
        && ua != ub
        && (store.units.get(ua).is_currency() || store.units.get(ub).is_currency())
    {
        return None;
    }
    let (ra, rb) = (reading(store, ca, property, tolerance)?, reading(store, cb, property, tolerance)?);
    let (agreement, estimates) = match (&ra, &rb) {
        (Reading::Interval(x), Reading::Interval(y)) => (compare(x, y), Some((*x, *y))),
        (Reading::Entity(x), Reading::Entity(y)) => {
            (if x == y { Agreement::Consistent } else { Agreement::Conflict }, None)
        }
        (Reading::Text(x), Reading::Text(y)) => {
            (if x == y { Agreement::Consistent } else { Agreement::Conflict }, None)
        }
        _ => return None,
    };
    // Modality: facts against facts; a target or forecast only against its own kind.
    let (ma, mb) = (ca.modality, cb.modality);
    let (fa, fb) = (ma.is_factual(), mb.is_factual());
    if fa != fb {
        let (target, actual) = if fa { (b, a) } else { (a, b) };
        return target_missed(
            rule,
            store,
            property,
            tolerance,
            target,
            actual,
            estimates.map(|(x, y)| if fa { (y, x) } else { (x, y) }),
        );
    }
    if !fa && ma != mb {
        return None;
    }
    let mut level = match agreement {
        Agreement::Consistent => return None,
        Agreement::PossibleConflict => Level::Possible,
        Agreement::Conflict => Level::Definite,
    };
    // Targets and forecasts get revised; overlapping (not identical) dates may hide a change.
    if !fa || scope == ScopeRelation::Overlapping {
        level = Level::Possible;
    }
    // The primary claim is the later source's: it is the one that contradicts the record.
    let order = |id: ClaimId| (store.source(store.claim(id).source).published.last, store.claim_identity(id));
    let (primary, other) = if order(a) >= order(b) { (a, b) } else { (b, a) };
    let (cp, co) = (store.claim(primary), store.claim(other));
    // Say why a conflict is only possible: the edge of a hedge, a revisable plan, or two dates.
    let (code, verb) = match (level, agreement) {
        (Level::Definite, _) => (Code::ConflictingValue, "cannot both hold".to_string()),
        (_, Agreement::PossibleConflict) => {
            (Code::PossiblyConflictingValue, "agree only at the edge of their hedges and tolerances".to_string())
        }
        _ if !fa => (
            Code::PossiblyConflictingValue,
            format!("differ; {}s are revised, so both may have been said at different times", ma.as_str()),
        ),
        _ => (
            Code::PossiblyConflictingValue,
            format!(
                "differ, but they are as of different dates in the same period ({} and {})",
                ca.time.date, cb.time.date
            ),
        ),
    };
    let message = format!("{}: {} and {} {verb}", key_text(store, cp), claim_text(store, cp), claim_text(store, co),);
    let mut finding = Finding::new(code, rule.severity_for(level), message, cp.value_span, "");
    finding.labels.clear();
    finding.labels.extend(claim_labels(store, primary, LabelRole::Primary, format!("{} here", value_text(store, cp))));
    finding.labels.extend(claim_labels(store, other, LabelRole::Secondary, format!("{} here", value_text(store, co))));
    finding.claims = vec![primary, other];
    if let Some((x, y)) = estimates {
        let (ep, eo) = if primary == a { (x, y) } else { (y, x) };
        finding.notes.push(format!(
            "{} reads as {}; {} as {}{}",
            value_text(store, cp),
            reading_text(store, cp, &ep),
            value_text(store, co),
            reading_text(store, co, &eo),
            if tolerance.relative > Decimal::ZERO {
                format!(" (each widened by the {}% tolerance)", (tolerance.relative * Decimal::ONE_HUNDRED).normalize())
            } else {
                String::new()
            }
        ));
        finding.likely_cause = likely_cause::explain(store, cp, co, &ep, &eo);
    }
    if scope == ScopeRelation::Overlapping && finding.likely_cause.is_none() {
        finding.likely_cause = Some(format!(
            "different dates within the same period: {} and {}; the value may have changed in between",
            cp.time.date, co.time.date
        ));
    }
    finding.notes.extend(derivation_notes(store, primary));
    finding.notes.extend(derivation_notes(store, other));
    finding.help = Some(match (level, agreement) {
        (Level::Definite, _) => "check both articles against their sources; record which is right, and why, with `claimcheck review` (docs/reviews.md); if they measure different things (another agency, definition or date), tell them apart with a qualifier or time scope".to_string(),
        (_, Agreement::PossibleConflict) => "the values are close: check whether a hedge (\"nearly\", \"over\") or the rounding explains the difference".to_string(),
        _ if !fa => "check when each was set; if one replaced the other, give each its own `as_of` or record the revision in a `note`".to_string(),
        _ => "give each claim the exact date it is as of (`as_of`), so that a change between them is not read as a contradiction".to_string(),
    });
    Some(finding)
}

/// How a value reads as an interval, for the notes: "4.845–4.855 billion USD".
fn reading_text(store: &Store, claim: &Claim, estimate: &Estimate) -> String {
    if claim.value.is_date() {
        let to_date =
            |i: &crate::model::interval::Interval<Decimal>| crate::model::date::DateValue::from_day_interval(i);
        return match to_date(&estimate.outer) {
            Some(d) => format!("the dates {} to {}", d.first, d.last),
            None => "an open-ended date".to_string(),
        };
    }
    let computed = crate::model::value::Computed {
        estimate: Estimate::exact(estimate.outer),
        kind: crate::model::value::ComputedKind::Number,
        unit: claim.value.unit(),
        percent: matches!(&claim.value, Value::Number(m) if m.percent),
    };
    let name = |e| store.entities.name(e).to_string();
    Value::Computed(computed).display(&store.units, &name).to_string()
}

/// An actual value short of a target (or forecast): an info note, never a contradiction.
fn target_missed(
    rule: &Rule,
    store: &Store,
    property: &Property,
    _tolerance: &crate::model::number::Tolerance,
    target: ClaimId,
    actual: ClaimId,
    estimates: Option<(Estimate, Estimate)>,
) -> Option<Finding> {
    if rule.params.bool("report_targets") == Some(false) {
        return None;
    }
    let (ct, ca) = (store.claim(target), store.claim(actual));
    if ct.modality != Modality::Target || relation(property.temporal, ct, ca) != ScopeRelation::Same {
        return None; // forecasts contradict nothing
    }
    let (et, ea) = estimates?;
    let (Some(target_low), Some(actual_high)) = (et.core.lo.value(), ea.core.hi.value()) else { return None };
    if actual_high >= target_low {
        return None;
    }
    let message = format!(
        "{}: the target of {} was missed: {}",
        key_text(store, ct),
        claim_text(store, ct),
        claim_text(store, ca)
    );
    let mut finding = Finding::new(Code::TargetMissed, rule.severity_for(Level::Note), message, ca.value_span, "");
    finding.labels.clear();
    finding.labels.extend(claim_labels(
        store,
        actual,
        LabelRole::Primary,
        format!("actual: {}", value_text(store, ca)),
    ));
    finding.labels.extend(claim_labels(
        store,
        target,
        LabelRole::Secondary,
        format!("target: {}", value_text(store, ct)),
    ));
    finding.claims = vec![actual, target];
    finding
        .notes
        .push("a target is not a fact: missing it contradicts nothing, but a fact-checker may want to know".into());
    finding.notes.extend(derivation_notes(store, actual));
    Some(finding)
}

/// The claims of a group with an interval reading, each with its estimate, sorted by one bound of
/// the plausible reading (`bound`: the low or the high end), then by load order. Claims whose
/// reading has no such bound are left out.
fn sorted_by_bound(
    group: &Group,
    bound: impl Fn(&Estimate) -> Option<Decimal>,
    position: &std::collections::HashMap<ClaimId, usize>,
) -> Vec<(Decimal, ClaimId, Estimate)> {
    let mut out: Vec<(Decimal, ClaimId, Estimate)> = Vec::new();
    for bucket in &group.buckets {
        let Reading::Interval(e) = &bucket.reading else { continue };
        let Some(at) = bound(e) else { continue };
        out.extend(bucket.claims.iter().map(|c| (at, *c, *e)));
    }
    out.sort_by_key(|(at, c, _)| (*at, position[c]));
    out
}
