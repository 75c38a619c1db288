//! The typed store: interned entities and properties, sources, claims (stated and derived), and
//! the indexes the rule engine queries — claims by key (subject, property, qualifiers) in time
//! order, keys by property, keys by subject and property.
//!
//! The store does no IO. Claims are only ever appended, so a [`ClaimId`] stays valid for the
//! store's lifetime.

pub mod entities;

use crate::model::claim::{Claim, QualifierValue, Source};
use crate::model::ids::{ClaimId, EntityId, KeyId, PropertyId, SourceId};
use crate::model::unit::Units;
use crate::model::vocab::{Property, Temporal};
use entities::EntityTable;
use std::collections::HashMap;

/// What makes two claims about "the same thing": subject, property and qualifiers.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimKey {
    /// The subject (canonical).
    pub subject: EntityId,
    /// The property.
    pub property: PropertyId,
    /// Qualifiers, sorted by name.
    pub qualifiers: Vec<(String, QualifierValue)>,
}

/// The vocabulary and every claim of a project.
#[derive(Clone, Debug, Default)]
pub struct Store {
    /// Units and currencies.
    pub units: Units,
    /// Entities, aliases and groups.
    pub entities: EntityTable,
    properties: Vec<Property>,
    property_ids: HashMap<String, PropertyId>,
    sources: Vec<Source>,
    claims: Vec<Claim>,
    keys: Vec<ClaimKey>,
    key_ids: HashMap<ClaimKey, KeyId>,
    claim_keys: Vec<KeyId>,
    by_key: Vec<Vec<ClaimId>>,
    keys_by_property: Vec<Vec<KeyId>>,
    keys_by_subject_property: HashMap<(EntityId, PropertyId), Vec<KeyId>>,
    source_ids: HashMap<String, SourceId>,
    unsorted_keys: Vec<KeyId>,
}

impl Store {
    /// An empty store with the given units and entities.
    pub fn new(units: Units, entities: EntityTable) -> Self {
        Store { units, entities, ..Store::default() }
    }

    /// Add a property; returns `None` if the id is taken.
    pub fn add_property(&mut self, property: Property) -> Option<PropertyId> {
        if self.property_ids.contains_key(&property.id) {
            return None;
        }
        let id = PropertyId(self.properties.len() as u32);
        self.property_ids.insert(property.id.clone(), id);
        self.properties.push(property);
        self.keys_by_property.push(Vec::new());
        Some(id)
    }

    /// The property with this id.
    pub fn property(&self, id: PropertyId) -> &Property {
        &self.properties[id.index()]
    }

    /// Look a property up by its id string.
    pub fn property_named(&self, name: &str) -> Option<PropertyId> {
        self.property_ids.get(name).copied()
    }

    /// All properties with their ids.
    pub fn properties(&self) -> impl Iterator<Item = (PropertyId, &Property)> {
        self.properties.iter().enumerate().map(|(i, p)| (PropertyId(i as u32), p))
    }

    /// Add a source; returns `None` if the id is taken.
    pub fn add_source(&mut self, source: Source) -> Option<SourceId> {
        if self.source_ids.contains_key(&source.id) {
            return None;
        }
        let id = SourceId(self.sources.len() as u32);
        self.source_ids.insert(source.id.clone(), id);
        self.sources.push(source);
        Some(id)
    }

    /// The source with this id.
    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.index()]
    }

    /// Look a source up by its id string.
    pub fn source_named(&self, name: &str) -> Option<SourceId> {
        self.source_ids.get(name).copied()
    }

    /// All sources with their ids.
    pub fn sources(&self) -> impl Iterator<Item = (SourceId, &Source)> {
        self.sources.iter().enumerate().map(|(i, s)| (SourceId(i as u32), s))
    }

    /// The key a claim belongs to: symmetric properties put the smaller entity first, so
    /// "Arcadia's trade with Borduria" and "Borduria's trade with Arcadia" share one key.
    pub fn key_of(&self, claim: &Claim) -> ClaimKey {
        let mut subject = self.entities.canonical(claim.subject);
        let mut qualifiers: Vec<(String, QualifierValue)> = claim
            .qualifiers
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    QualifierValue::Entity(e) => QualifierValue::Entity(self.entities.canonical(*e)),
                    other => other.clone(),
                };
                (name.clone(), value)
            })
            .collect();
        if let Some(symmetric) = &self.property(claim.property).symmetric
            && let Some((_, QualifierValue::Entity(other))) = qualifiers.iter_mut().find(|(n, _)| n == symmetric)
            && *other < subject
        {
            std::mem::swap(other, &mut subject);
        }
        qualifiers.sort();
        ClaimKey { subject, property: claim.property, qualifiers }
    }

    /// Add a claim and index it.
    pub fn add_claim(&mut self, claim: Claim) -> ClaimId {
        let key = self.key_of(&claim);
        let key_id = match self.key_ids.get(&key) {
            Some(id) => *id,
            None => {
                let id = KeyId(self.keys.len() as u32);
                self.keys_by_property[key.property.index()].push(id);
                self.keys_by_subject_property.entry((key.subject, key.property)).or_default().push(id);
                self.key_ids.insert(key.clone(), id);
                self.keys.push(key);
                self.by_key.push(Vec::new());
                id
            }
        };
        let id = ClaimId(self.claims.len() as u32);
        self.by_key[key_id.index()].push(id);
        if self.unsorted_keys.last() != Some(&key_id) {
            self.unsorted_keys.push(key_id);
        }
        self.claims.push(claim);
        self.claim_keys.push(key_id);
        id
    }

    /// Restore time order in the keys that received claims since the last call (first day, then
    /// last day, then insertion order). Call after adding a batch of claims.
    pub fn finish_indexing(&mut self) {
        let mut keys = std::mem::take(&mut self.unsorted_keys);
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            let claims = &self.claims;
            self.by_key[key.index()].sort_by_key(|id| {
                let time = &claims[id.index()].time.date;
                (time.first, time.last, *id)
            });
        }
    }

    /// The claim with this id.
    pub fn claim(&self, id: ClaimId) -> &Claim {
        &self.claims[id.index()]
    }

    /// Number of claims, stated and derived.
    pub fn claim_count(&self) -> usize {
        self.claims.len()
    }

    /// All claims with their ids.
    pub fn claims(&self) -> impl Iterator<Item = (ClaimId, &Claim)> {
        self.claims.iter().enumerate().map(|(i, c)| (ClaimId(i as u32), c))
    }

    /// The key of a stored claim.
    pub fn claim_key(&self, id: ClaimId) -> KeyId {
        self.claim_keys[id.index()]
    }

    /// The key with this id.
    pub fn key(&self, id: KeyId) -> &ClaimKey {
        &self.keys[id.index()]
    }

    /// All keys.
    pub fn keys(&self) -> impl Iterator<Item = (KeyId, &ClaimKey)> {
        self.keys.iter().enumerate().map(|(i, k)| (KeyId(i as u32), k))
    }

    /// Number of keys.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// The claims of one key, in time order (as of the last [`Store::finish_indexing`]).
    pub fn claims_of_key(&self, key: KeyId) -> &[ClaimId] {
        &self.by_key[key.index()]
    }

    /// The keys of one property.
    pub fn keys_of_property(&self, property: PropertyId) -> &[KeyId] {
        &self.keys_by_property[property.index()]
    }

    /// The keys of one subject and property (any qualifiers).
    pub fn keys_of_subject(&self, subject: EntityId, property: PropertyId) -> &[KeyId] {
        self.keys_by_subject_property.get(&(self.entities.canonical(subject), property)).map_or(&[], Vec::as_slice)
    }

    /// Look up the key id of a key, if any claim has it.
    pub fn find_key(&self, key: &ClaimKey) -> Option<KeyId> {
        self.key_ids.get(key).copied()
    }

    /// A stable, human-readable identity for a claim: "source-id/claim-id".
    pub fn claim_identity(&self, id: ClaimId) -> String {
        let claim = self.claim(id);
        format!("{}/{}", self.source(claim.source).id, claim.id)
    }

    /// Describe a key for messages: "Arcadia · bilateral-trade · partner=Borduria".
    pub fn describe_key(&self, key: &ClaimKey) -> String {
        let mut text = format!("{} · {}", self.entities.name(key.subject), self.property(key.property).id);
        for (name, value) in &key.qualifiers {
            let value = match value {
                QualifierValue::Entity(e) => self.entities.name(*e).to_string(),
                QualifierValue::Text(t) => t.clone(),
            };
            text.push_str(&format!(" · {name}={value}"));
        }
        text
    }

    /// The temporal behaviour of a claim's property.
    pub fn temporal(&self, claim: &Claim) -> Temporal {
        self.property(claim.property).temporal
    }
}
