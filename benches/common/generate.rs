//! A generated store for the rule-stage benchmark: `n` claims of four properties (a flow, a static
//! date, a running total, a state) spread over keys of three to seven claims each, the way a news
//! archive repeats figures across sources. About 2% of claims are planted contradictions, and a
//! tenth of the dates are written as anniversaries, so derivations and every check do real work.
//!
//! Deterministic: the same `n` gives the same store.

use claimcheck::finding::Severity;
use claimcheck::model::claim::{Claim, Modality, Provenance, QualifierValue, Quote, Source, TimeKind, TimeScope};
use claimcheck::model::date::{DateValue, Day};
use claimcheck::model::ids::{EntityId, FileId, PropertyId, SourceId};
use claimcheck::model::syntax::{EntityResolver, parse_value};
use claimcheck::model::unit::Units;
use claimcheck::model::value::ValueType;
use claimcheck::model::vocab::{Entity, Membership, Property, QualifierKind, QualifierSpec, Temporal};
use claimcheck::rules::spec::RuleSpec;
use claimcheck::source::Span;
use claimcheck::store::Store;
use claimcheck::store::entities::EntityTable;
use rust_decimal::Decimal;

/// A small, fast, deterministic generator (xorshift64*).
pub struct Random(u64);

impl Random {
    /// A generator from a non-zero seed.
    pub fn new(seed: u64) -> Self {
        Random(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

struct NoEntities;
impl EntityResolver for NoEntities {
    fn resolve(&self, _: &str) -> Result<EntityId, Vec<String>> {
        Err(Vec::new())
    }
}

fn span() -> Span {
    Span::new(FileId(0), 0..0)
}

const COUNTRIES: usize = 2000;
const PEOPLE: usize = 200;

fn property(id: &str, value_type: ValueType, temporal: Temporal, qualifier: &str, symmetric: bool) -> Property {
    Property {
        id: id.into(),
        name: id.into(),
        value_type,
        temporal,
        qualifiers: vec![QualifierSpec { name: qualifier.into(), kind: QualifierKind::Entity, values: Vec::new() }],
        symmetric: symmetric.then(|| qualifier.to_string()),
        tolerance: Decimal::new(1, 2),
        hedge_tolerance: None,
        cues: Vec::new(),
        description: String::new(),
        span: span(),
    }
}

fn rule(id: &str, kind: &str) -> RuleSpec {
    RuleSpec {
        id: id.into(),
        id_span: span(),
        kind: kind.into(),
        kind_span: span(),
        severity: None::<(Severity, Span)>,
        description: None,
        params: Vec::new(),
        span: span(),
    }
}

/// Every rule kind except `implies` and `value-out-of-range` (which need parameters naming
/// properties), as a corpus would declare them.
#[allow(dead_code)]
pub fn rules() -> Vec<RuleSpec> {
    vec![
        rule("anniversaries", "anniversary"),
        rule("years-since", "years-since"),
        rule("up-from", "previous-period"),
        rule("growth", "percent-change"),
        rule("one-value", "conflicting-value"),
        rule("totals-grow", "running-total-decreases"),
        rule("counts-match", "count-mismatch"),
        rule("parts", "parts-do-not-add-up"),
        rule("firsts", "first-claim-contradicted"),
    ]
}

struct Builder {
    store: Store,
    random: Random,
    sources: Vec<SourceId>,
    countries: Vec<EntityId>,
    people: Vec<EntityId>,
    properties: [PropertyId; 4],
    n: usize,
}

impl Builder {
    fn claim(
        &mut self,
        subject: EntityId,
        property: usize,
        partner: EntityId,
        written: &str,
        time: TimeScope,
        value_type: &ValueType,
    ) {
        let Ok(value) = parse_value(written, value_type, &self.store.units, &NoEntities) else { return };
        let source = self.sources[self.random.below(self.sources.len() as u64) as usize];
        let qualifier = if property == 2 { "destination" } else { "partner" };
        let id = format!("c{}", self.store.claim_count());
        self.store.add_claim(Claim {
            id,
            source,
            subject,
            property: self.properties[property],
            qualifiers: vec![(qualifier.to_string(), QualifierValue::Entity(partner))],
            value,
            value_span: span(),
            time,
            modality: Modality::Actual,
            rank: None,
            among: None,
            compared_with: None,
            according_to: None,
            quote: Quote { text: written.to_string(), span: span(), article_span: None },
            note: None,
            candidate: None,
            span: span(),
            extent: span(),
            provenance: Provenance::Stated,
        });
    }

    fn year(year: i32, kind: TimeKind) -> TimeScope {
        TimeScope { kind, date: DateValue::year(year).unwrap(), span: span() }
    }

    fn pair(&mut self) -> (EntityId, EntityId) {
        let a = self.countries[self.random.below(COUNTRIES as u64) as usize];
        let mut b = self.countries[self.random.below(COUNTRIES as u64) as usize];
        if a == b {
            b = self.countries[(a.index() + 1) % COUNTRIES];
        }
        (a, b)
    }

    /// Trade of a pair in a year: the same figure at different precisions, now and then wrong.
    fn trade_key(&mut self, claims: usize) {
        let (a, b) = self.pair();
        let year = 2000 + self.random.below(24) as i32;
        let cents = 100 + self.random.below(9_900) as i64; // 1.00 to 99.99 billion
        let money = ValueType::Quantity { dimension: "currency".into() };
        for _ in 0..claims {
            let value = if self.random.chance(2) { Decimal::new(cents * 13 / 10, 2) } else { Decimal::new(cents, 2) };
            let written = if self.random.chance(50) {
                format!("{} billion USD", value.round_dp(1))
            } else {
                format!("${value} billion")
            };
            self.claim(a, 0, b, &written, Self::year(year, TimeKind::Period), &money);
        }
    }

    /// When a pair's relations began: as a year, a month, a day or an anniversary.
    fn relations_key(&mut self, claims: usize) {
        let (a, b) = self.pair();
        let year = 1900 + self.random.below(120) as i32;
        let month = 1 + self.random.below(12) as u32;
        let day = 1 + self.random.below(28) as u32;
        for _ in 0..claims {
            let y = if self.random.chance(2) { year + 3 } else { year };
            let (written, time) = match self.random.below(10) {
                0 => {
                    let nth = 10 * (1 + self.random.below(7) as i32);
                    (format!("{nth}th anniversary"), Self::year(y + nth, TimeKind::At))
                }
                1..=3 => (y.to_string(), Self::year(y, TimeKind::At)),
                4..=6 => (
                    format!("{} {y}", claimcheck::model::date::MONTH_NAMES[(month - 1) as usize]),
                    Self::year(y, TimeKind::At),
                ),
                _ => (
                    format!("{} {day}, {y}", claimcheck::model::date::MONTH_NAMES[(month - 1) as usize]),
                    Self::year(y, TimeKind::At),
                ),
            };
            self.claim(a, 1, b, &written, time, &ValueType::Date);
        }
    }

    /// A person's visits to a country: counts as of later and later years, now and then lower.
    fn visits_key(&mut self, claims: usize) {
        let person = self.people[self.random.below(PEOPLE as u64) as usize];
        let destination = self.countries[self.random.below(COUNTRIES as u64) as usize];
        let start = 1995 + self.random.below(10) as i32;
        let list_type = ValueType::List(Box::new(ValueType::Date));
        for k in 0..claims {
            let as_of = start + 3 * k as i32;
            let count = if k >= 2 && self.random.chance(3) { k - 1 } else { k + 1 };
            let time = TimeScope { kind: TimeKind::AsOf, date: DateValue::year(as_of).unwrap(), span: span() };
            self.claim(person, 2, destination, &count.to_string(), time, &list_type);
        }
    }

    /// A country's population, as of one year, from several sources.
    fn population_key(&mut self, claims: usize) {
        let country = self.countries[self.random.below(COUNTRIES as u64) as usize];
        let year = 2000 + self.random.below(24) as i32;
        let millions = 1 + self.random.below(300);
        let partner = country;
        for _ in 0..claims {
            let m = if self.random.chance(2) { millions * 2 } else { millions };
            let written = if self.random.chance(30) { format!("about {m} million") } else { format!("{m} million") };
            self.claim(country, 3, partner, &written, Self::year(year, TimeKind::AsOf), &ValueType::Count);
        }
    }
}

/// A store of `n` stated claims and the rules to run on it.
pub fn generate(n: usize) -> (Store, Vec<RuleSpec>) {
    let mut entities = EntityTable::default();
    let entity = |id: String, kind: &str| Entity {
        id,
        name: String::new(),
        aliases: Vec::new(),
        adjectives: Vec::new(),
        kind: kind.into(),
        members: Vec::new(),
        holder: None,
        span: span(),
    };
    let countries: Vec<EntityId> =
        (0..COUNTRIES).map(|i| entities.add(entity(format!("country-{i}"), "country")).0).collect();
    let people: Vec<EntityId> = (0..PEOPLE).map(|i| entities.add(entity(format!("person-{i}"), "person")).0).collect();
    // Groups of ten people, so parts-do-not-add-up has totals to check.
    for g in 0..PEOPLE / 10 {
        let (group, _) = entities.add(entity(format!("group-{g}"), "group"));
        let members =
            (0..10).map(|k| Membership { member: people[g * 10 + k], from: None, until: None, span: span() }).collect();
        entities.set_members(group, members);
    }
    entities.merge_same(&[]);
    entities.link_groups();
    let mut store = Store::new(Units::builtin(), entities);
    let properties = [
        store
            .add_property(property(
                "trade",
                ValueType::Quantity { dimension: "currency".into() },
                Temporal::Flow,
                "partner",
                true,
            ))
            .unwrap(),
        store.add_property(property("relations", ValueType::Date, Temporal::Static, "partner", true)).unwrap(),
        store
            .add_property(property(
                "visits",
                ValueType::List(Box::new(ValueType::Date)),
                Temporal::RunningTotal,
                "destination",
                false,
            ))
            .unwrap(),
        store.add_property(property("population", ValueType::Count, Temporal::State, "partner", false)).unwrap(),
    ];
    let n_sources = (n / 50).max(10);
    let mut random = Random::new(0x5eed_1234_abcd_ef01);
    let sources = (0..n_sources)
        .map(|i| {
            let published = DateValue::day(
                Day::from_ymd(2015 + (i % 10) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap(),
            );
            store
                .add_source(Source {
                    id: format!("source-{i}"),
                    title: String::new(),
                    publisher: format!("publisher-{}", i % 97),
                    author: None,
                    published,
                    url: None,
                    country: Some(countries[random.below(COUNTRIES as u64) as usize]),
                    article: None,
                    file: FileId(0),
                    span: span(),
                })
                .unwrap()
        })
        .collect();
    let mut builder = Builder { store, random, sources, countries, people, properties, n };
    while builder.store.claim_count() < builder.n {
        let claims = 3 + builder.random.below(5) as usize;
        match builder.random.below(10) {
            0..=4 => builder.trade_key(claims),
            5 | 6 => builder.relations_key(claims),
            7 | 8 => builder.visits_key(claims),
            _ => builder.population_key(claims),
        }
    }
    builder.store.finish_indexing();
    (builder.store, rules())
}
