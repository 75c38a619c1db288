//! Interned entities: names and aliases resolved through a union-find (entities declared
//! `same_as` each other collapse to one canonical entity), and the group graph (which entity is a
//! member of which group, and when).

use crate::model::date::Day;
use crate::model::ids::EntityId;
use crate::model::vocab::Entity;
use crate::suggest::did_you_mean;
use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;
use petgraph::unionfind::UnionFind;
use std::collections::HashMap;

/// Lowercase a name and fold whitespace, so "Arka  Dia" and "arka dia" match.
pub fn normalize_name(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase().replace('’', "'")
}

/// All entities of a project, with name resolution and group membership.
#[derive(Clone, Debug, Default)]
pub struct EntityTable {
    entities: Vec<Entity>,
    /// Normalised id, name or alias → entity (before canonicalisation).
    names: HashMap<String, EntityId>,
    /// Entity → its canonical representative (after `same_as` merging).
    canonical: Vec<EntityId>,
    /// Group → member edges (by canonical id).
    groups: DiGraphMap<EntityId, ()>,
}

/// Why a name could not be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameClash {
    /// The name already refers to this other entity.
    Taken(EntityId),
}

impl EntityTable {
    /// Add an entity; returns its id and the names that clashed with other entities.
    pub fn add(&mut self, entity: Entity) -> (EntityId, Vec<(String, NameClash)>) {
        let id = EntityId(self.entities.len() as u32);
        let mut clashes = Vec::new();
        let names = std::iter::once(entity.id.clone())
            .chain(std::iter::once(entity.name.clone()))
            .chain(entity.aliases.iter().cloned())
            .chain(entity.holder.iter().cloned());
        for name in names {
            let key = normalize_name(&name);
            if key.is_empty() {
                continue;
            }
            match self.names.get(&key) {
                Some(other) if *other != id => clashes.push((name, NameClash::Taken(*other))),
                Some(_) => {}
                None => {
                    self.names.insert(key, id);
                }
            }
        }
        self.entities.push(entity);
        self.canonical.push(id);
        (id, clashes)
    }

    /// Set the members of a group (done after every entity is declared, so members may be
    /// declared in any order).
    pub fn set_members(&mut self, group: EntityId, members: Vec<crate::model::vocab::Membership>) {
        if let Some(entity) = self.entities.get_mut(group.index()) {
            entity.members = members;
        }
    }

    /// Merge entities declared to be the same thing; the earlier-declared one becomes canonical.
    /// Call once, after all entities are added.
    pub fn merge_same(&mut self, pairs: &[(EntityId, EntityId)]) {
        let mut union = UnionFind::<usize>::new(self.entities.len());
        for (a, b) in pairs {
            union.union(a.index(), b.index());
        }
        // Canonical = smallest index in each set (deterministic: declaration order).
        let mut smallest: HashMap<usize, usize> = HashMap::new();
        for i in 0..self.entities.len() {
            let root = union.find(i);
            let entry = smallest.entry(root).or_insert(i);
            *entry = (*entry).min(i);
        }
        for i in 0..self.entities.len() {
            self.canonical[i] = EntityId(smallest[&union.find(i)] as u32);
        }
    }

    /// Record group membership edges (group → member) for the group graph.
    pub fn link_groups(&mut self) {
        let mut edges = Vec::new();
        for (i, entity) in self.entities.iter().enumerate() {
            let group = self.canonical[i];
            for membership in &entity.members {
                edges.push((group, self.canonical(membership.member)));
            }
        }
        for (group, member) in edges {
            self.groups.add_edge(group, member, ());
        }
    }

    /// Groups that contain themselves through other groups, each as its cycle of members.
    pub fn group_cycles(&self) -> Vec<Vec<EntityId>> {
        tarjan_scc(&self.groups)
            .into_iter()
            .filter(|scc| scc.len() > 1 || scc.first().is_some_and(|n| self.groups.contains_edge(*n, *n)))
            .map(|mut scc| {
                scc.sort();
                scc
            })
            .collect()
    }

    /// The canonical entity for `id`.
    pub fn canonical(&self, id: EntityId) -> EntityId {
        self.canonical.get(id.index()).copied().unwrap_or(id)
    }

    /// Resolve a written name (id, name or alias) to its canonical entity.
    pub fn resolve(&self, name: &str) -> Option<EntityId> {
        self.names.get(&normalize_name(name)).map(|id| self.canonical(*id))
    }

    /// The entity's declaration.
    pub fn get(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }

    /// The entity's display name.
    pub fn name(&self, id: EntityId) -> &str {
        &self.get(id).name
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.entities.len()
    }

    /// True when there are no entities.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// All entity ids.
    pub fn ids(&self) -> impl Iterator<Item = EntityId> {
        (0..self.entities.len() as u32).map(EntityId)
    }

    /// Every id, name and alias, normalised (lowercase, single spaces).
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.names.keys().map(String::as_str)
    }

    /// The closest known name, for a did-you-mean.
    pub fn suggest(&self, name: &str) -> Option<String> {
        let ids = self.entities.iter().map(|e| e.id.as_str());
        did_you_mean(&normalize_name(name), ids.chain(self.names.keys().map(String::as_str)))
    }

    /// The members of `group` whose membership covers any part of `[first, last]`; all members
    /// when the group is not time-bound. Canonical ids, sorted, without duplicates.
    pub fn members_during(&self, group: EntityId, first: Day, last: Day) -> Vec<EntityId> {
        let mut members: Vec<EntityId> = self
            .get(group)
            .members
            .iter()
            .filter(|m| m.from.is_none_or(|from| from <= last) && m.until.is_none_or(|until| first <= until))
            .map(|m| self.canonical(m.member))
            .collect();
        members.sort();
        members.dedup();
        members
    }

    /// The members of `group` whose membership began by `last` (for totals so far: a former
    /// member's events still count). Canonical ids, sorted, without duplicates.
    pub fn members_until(&self, group: EntityId, last: Day) -> Vec<EntityId> {
        let mut members: Vec<EntityId> = self
            .get(group)
            .members
            .iter()
            .filter(|m| m.from.is_none_or(|from| from <= last))
            .map(|m| self.canonical(m.member))
            .collect();
        members.sort();
        members.dedup();
        members
    }

    /// All members ever, canonical, sorted.
    pub fn all_members(&self, group: EntityId) -> Vec<EntityId> {
        let mut members: Vec<EntityId> = self.get(group).members.iter().map(|m| self.canonical(m.member)).collect();
        members.sort();
        members.dedup();
        members
    }

    /// For an office-holder group, the single member holding it throughout `[first, last]`.
    pub fn holder_during(&self, group: EntityId, first: Day, last: Day) -> Option<EntityId> {
        let entity = self.get(group);
        entity.members.iter().find(|m| m.covers(first) && m.covers(last)).map(|m| self.canonical(m.member))
    }

    /// The group (canonical id) whose holder name is `name`, if `name` names an office.
    pub fn office_named(&self, name: &str) -> Option<EntityId> {
        let key = normalize_name(name);
        let id = self.names.get(&key)?;
        let entity = self.get(*id);
        entity.holder.as_ref().filter(|h| normalize_name(h) == key).map(|_| self.canonical(*id))
    }

    /// True when `member` is (canonically) a member of `group` at any time.
    pub fn is_member(&self, group: EntityId, member: EntityId) -> bool {
        let member = self.canonical(member);
        self.get(group).members.iter().any(|m| self.canonical(m.member) == member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::FileId;
    use crate::model::vocab::Membership;
    use crate::source::Span;

    fn entity(id: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            name: id.to_uppercase(),
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
            adjectives: Vec::new(),
            kind: "country".into(),
            members: Vec::new(),
            holder: None,
            span: Span::new(FileId(0), 0..0),
        }
    }

    #[test]
    fn aliases_and_same_as_resolve_to_one_entity() {
        let mut table = EntityTable::default();
        let (arcadia, clashes) = table.add(entity("arcadia", &["AR", "Arka  Dia"]));
        assert!(clashes.is_empty());
        let (dup, _) = table.add(entity("arcadian-republic", &[]));
        table.merge_same(&[(dup, arcadia)]);
        assert_eq!(table.resolve("ar"), Some(arcadia));
        assert_eq!(table.resolve("arka dia"), Some(arcadia));
        assert_eq!(table.resolve("arcadian-republic"), Some(arcadia));
        assert_eq!(table.resolve("lilliput"), None);
        assert_eq!(table.suggest("arcaida").as_deref(), Some("arcadia"));
    }

    #[test]
    fn clashing_alias_is_reported() {
        let mut table = EntityTable::default();
        table.add(entity("a", &["x"]));
        let (_, clashes) = table.add(entity("b", &["X"]));
        assert_eq!(clashes.len(), 1);
    }

    #[test]
    fn group_cycles_are_found() {
        let mut table = EntityTable::default();
        let (a, _) = table.add(entity("a", &[]));
        let (b, _) = table.add(entity("b", &[]));
        let span = Span::new(FileId(0), 0..0);
        table.entities[a.index()].members.push(Membership { member: b, from: None, until: None, span });
        table.entities[b.index()].members.push(Membership { member: a, from: None, until: None, span });
        table.link_groups();
        assert_eq!(table.group_cycles(), vec![vec![a, b]]);
    }

    #[test]
    fn office_holder_resolves_by_date() {
        let mut table = EntityTable::default();
        let (marsh, _) = table.add(entity("marsh", &[]));
        let (okafor, _) = table.add(entity("okafor", &[]));
        let mut presidents = entity("presidents", &[]);
        presidents.holder = Some("the president".into());
        let span = Span::new(FileId(0), 0..0);
        let d = |y, m, dd| Day::from_ymd(y, m, dd).unwrap();
        presidents.members = vec![
            Membership { member: marsh, from: Some(d(2000, 5, 7)), until: Some(d(2008, 5, 7)), span },
            Membership { member: okafor, from: Some(d(2008, 5, 7)), until: Some(d(2012, 5, 7)), span },
            Membership { member: marsh, from: Some(d(2012, 5, 7)), until: None, span },
        ];
        let (group, _) = table.add(presidents);
        assert_eq!(table.office_named("The President"), Some(group));
        assert_eq!(table.holder_during(group, d(2010, 1, 1), d(2010, 12, 31)), Some(okafor));
        assert_eq!(table.holder_during(group, d(2001, 3, 1), d(2001, 3, 1)), Some(marsh));
        // A whole year spanning a change of office has no single holder.
        assert_eq!(table.holder_during(group, d(2008, 1, 1), d(2008, 12, 31)), None);
        assert_eq!(table.members_during(group, d(2008, 1, 1), d(2008, 12, 31)), vec![marsh, okafor]);
    }
}
