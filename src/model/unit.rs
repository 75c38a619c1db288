//! Units of measurement and currencies: the built-in table and the registry that vocabulary files
//! extend.
//!
//! A unit belongs to a dimension ("mass", "currency", "duration") and converts to the dimension's
//! base unit by an exact decimal factor ("metric ton" = 1000 kg). Currencies are a dimension whose
//! units never convert into each other: 5 billion USD and 5 billion RUB are not comparable, and a
//! checker that pretended otherwise would cry wolf.

use rust_decimal::Decimal;
use std::collections::HashMap;

/// Index of a unit in a [`Units`] registry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

/// One unit or currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitDef {
    /// Stable identifier ("USD", "metric-ton").
    pub id: String,
    /// Dimension it measures ("currency", "mass", "volume", "duration", ...).
    pub dimension: String,
    /// Factor to the dimension's base unit (1 for currencies).
    pub factor: Decimal,
    /// Names written after the number, lowercase: "billion USD", "3.42 million metric ton".
    pub names: Vec<String>,
    /// Symbols written before the number: "$", "US$", "€".
    pub prefixes: Vec<String>,
    /// How the unit is printed.
    pub display: String,
}

impl UnitDef {
    /// True for currencies, which never convert into one another.
    pub fn is_currency(&self) -> bool {
        self.dimension == "currency"
    }
}

/// The registry of units: built-ins plus those declared in `rules/`.
#[derive(Clone, Debug, Default)]
pub struct Units {
    defs: Vec<UnitDef>,
    by_name: HashMap<String, UnitId>,
    by_prefix: HashMap<String, UnitId>,
    by_id: HashMap<String, UnitId>,
    /// The most tokens a unit name has ("u.s. dollars" is five: "u", ".", "s", ".", "dollars").
    max_name_tokens: usize,
}

/// Built-in units: (id, dimension, factor, names, prefixes, display).
type Builtin =
    (&'static str, &'static str, &'static str, &'static [&'static str], &'static [&'static str], &'static str);

const BUILTIN: &[Builtin] = &[
    // Currencies. A bare "$" is read as US dollars, as in the English-language press.
    (
        "USD",
        "currency",
        "1",
        &["usd", "us dollar", "us dollars", "dollar", "dollars", "u.s. dollar", "u.s. dollars", "american dollars"],
        &["$", "us$", "usd"],
        "USD",
    ),
    ("EUR", "currency", "1", &["eur", "euro", "euros"], &["€", "eur"], "EUR"),
    ("GBP", "currency", "1", &["gbp", "pound", "pounds", "pounds sterling"], &["£", "gbp"], "GBP"),
    ("JPY", "currency", "1", &["jpy", "yen"], &["¥", "jpy"], "JPY"),
    ("CNY", "currency", "1", &["cny", "yuan", "rmb", "renminbi"], &["cny", "rmb"], "CNY"),
    ("RUB", "currency", "1", &["rub", "ruble", "rubles", "rouble", "roubles"], &["₽", "rub"], "RUB"),
    ("VND", "currency", "1", &["vnd", "dong"], &["₫", "vnd"], "VND"),
    ("INR", "currency", "1", &["inr", "rupee", "rupees"], &["₹", "inr", "rs"], "INR"),
    ("KRW", "currency", "1", &["krw", "won"], &["₩", "krw"], "KRW"),
    ("AUD", "currency", "1", &["aud", "australian dollar", "australian dollars"], &["a$", "aud"], "AUD"),
    ("SGD", "currency", "1", &["sgd", "singapore dollar", "singapore dollars"], &["s$", "sgd"], "SGD"), // general: a currency's own name
    ("CAD", "currency", "1", &["cad", "canadian dollar", "canadian dollars"], &["c$", "cad"], "CAD"),
    ("HKD", "currency", "1", &["hkd", "hong kong dollar", "hong kong dollars"], &["hk$", "hkd"], "HKD"),
    ("NZD", "currency", "1", &["nzd", "new zealand dollar", "new zealand dollars"], &["nz$", "nzd"], "NZD"),
    ("TWD", "currency", "1", &["twd", "new taiwan dollar", "new taiwan dollars"], &["nt$", "twd"], "TWD"),
    ("CHF", "currency", "1", &["chf", "swiss franc", "swiss francs"], &["chf"], "CHF"),
    ("BRL", "currency", "1", &["brl", "real", "reais", "brazilian real", "brazilian reais"], &["r$", "brl"], "BRL"),
    ("MXN", "currency", "1", &["mxn", "mexican peso", "mexican pesos"], &["mxn", "mx$"], "MXN"),
    ("ZAR", "currency", "1", &["zar", "rand", "south african rand"], &["zar"], "ZAR"),
    ("NGN", "currency", "1", &["ngn", "naira"], &["₦", "ngn"], "NGN"),
    ("KES", "currency", "1", &["kes", "kenyan shilling", "kenyan shillings"], &["ksh", "kes"], "KES"),
    ("EGP", "currency", "1", &["egp", "egyptian pound", "egyptian pounds"], &["egp"], "EGP"),
    ("AED", "currency", "1", &["aed", "dirham", "dirhams", "uae dirham", "uae dirhams"], &["aed"], "AED"),
    ("SAR", "currency", "1", &["sar", "riyal", "riyals", "saudi riyal", "saudi riyals"], &["sar"], "SAR"),
    ("TRY", "currency", "1", &["lira", "liras", "turkish lira"], &["₺"], "TRY"),
    ("IDR", "currency", "1", &["idr", "rupiah"], &["rp", "idr"], "IDR"),
    ("THB", "currency", "1", &["thb", "baht"], &["฿", "thb"], "THB"),
    ("MYR", "currency", "1", &["myr", "ringgit"], &["rm", "myr"], "MYR"),
    ("PHP", "currency", "1", &["php", "philippine peso", "philippine pesos"], &["₱", "php"], "PHP"),
    ("PKR", "currency", "1", &["pkr", "pakistani rupee", "pakistani rupees"], &["pkr"], "PKR"),
    ("BDT", "currency", "1", &["bdt", "taka"], &["৳", "bdt"], "BDT"),
    ("SEK", "currency", "1", &["sek", "swedish krona", "swedish kronor"], &["sek"], "SEK"),
    ("NOK", "currency", "1", &["nok", "norwegian krone", "norwegian kroner"], &["nok"], "NOK"),
    ("DKK", "currency", "1", &["dkk", "danish krone", "danish kroner"], &["dkk"], "DKK"),
    ("PLN", "currency", "1", &["pln", "zloty", "zlotys", "zlotych"], &["zł", "pln"], "PLN"),
    ("ILS", "currency", "1", &["ils", "shekel", "shekels", "new shekels"], &["₪", "ils"], "ILS"),
    ("UAH", "currency", "1", &["uah", "hryvnia", "hryvnias"], &["₴", "uah"], "UAH"),
    // Mass, base kilogram.
    ("kg", "mass", "1", &["kg", "kilogram", "kilograms", "kilo", "kilos"], &[], "kg"),
    ("g", "mass", "0.001", &["g", "gram", "grams"], &[], "g"),
    (
        "metric-ton",
        "mass",
        "1000",
        &["t", "ton", "tons", "tonne", "tonnes", "metric ton", "metric tons", "metric tonne", "metric tonnes"],
        &[],
        "metric ton",
    ),
    // Volume, base cubic metre.
    ("m3", "volume", "1", &["m3", "cubic meter", "cubic meters", "cubic metre", "cubic metres", "cbm"], &[], "m³"),
    ("litre", "volume", "0.001", &["l", "litre", "litres", "liter", "liters"], &[], "litre"),
    ("barrel", "volume", "0.158987294928", &["barrel", "barrels", "bbl"], &[], "barrel"),
    // Length, base metre.
    ("km", "length", "1000", &["km", "kilometer", "kilometers", "kilometre", "kilometres"], &[], "km"),
    ("mile", "length", "1609.344", &["mile", "miles"], &[], "mile"),
    ("m", "length", "1", &["metre", "metres", "meter", "meters"], &[], "m"),
    // Area, base square metre.
    ("hectare", "area", "10000", &["ha", "hectare", "hectares"], &[], "hectare"),
    ("acre", "area", "4046.8564224", &["acre", "acres"], &[], "acre"),
    ("sq-mile", "area", "2589988.110336", &["sq mi", "square mile", "square miles"], &[], "sq mi"),
    (
        "m2",
        "area",
        "1",
        &["m2", "m²", "sq m", "square meter", "square meters", "square metre", "square metres"],
        &[],
        "m²",
    ),
    (
        "km2",
        "area",
        "1000000",
        &[
            "km2",
            "km²",
            "sq km",
            "sq. km",
            "square km",
            "square kilometer",
            "square kilometers",
            "square kilometre",
            "square kilometres",
        ],
        &[],
        "km²",
    ),
    // Energy, base kilowatt-hour; power, base kilowatt.
    ("kWh", "energy", "1", &["kwh", "kilowatt-hour", "kilowatt-hours"], &[], "kWh"),
    ("MWh", "energy", "1000", &["mwh", "megawatt-hour", "megawatt-hours"], &[], "MWh"),
    ("GWh", "energy", "1000000", &["gwh", "gigawatt-hour", "gigawatt-hours"], &[], "GWh"),
    ("TWh", "energy", "1000000000", &["twh", "terawatt-hour", "terawatt-hours"], &[], "TWh"),
    ("kW", "power", "1", &["kw", "kilowatt", "kilowatts"], &[], "kW"),
    ("MW", "power", "1000", &["mw", "megawatt", "megawatts"], &[], "MW"),
    ("GW", "power", "1000000", &["gw", "gigawatt", "gigawatts"], &[], "GW"),
    // Durations, base year (months and days are approximate on purpose: they only serve
    // "X years since" style arithmetic, which is done in whole years).
    ("year", "duration", "1", &["year", "years", "yr", "yrs"], &[], "year"),
    ("decade", "duration", "10", &["decade", "decades"], &[], "decade"),
    ("century", "duration", "100", &["century", "centuries"], &[], "century"),
    // Shorter durations, in years of 365.2425 days: approximate by nature, and only used where a
    // duration is stated ("a two-day visit"), never to date an event to the day.
    ("month", "duration", "0.083333333333", &["month", "months"], &[], "month"),
    ("week", "duration", "0.019164955510", &["week", "weeks", "wk", "wks"], &[], "week"),
    ("day", "duration", "0.002737907007", &["day", "days"], &[], "day"),
    // People and other counted things have no unit: they are counts.
];

impl Units {
    /// The registry with the built-in units and currencies.
    pub fn builtin() -> Self {
        let mut units = Units::default();
        for (id, dimension, factor, names, prefixes, display) in BUILTIN {
            // The table above is static and its factors are valid decimals; a failed parse would
            // be a programming error caught by the tests, so fall back to 1 rather than panic.
            let factor = factor.parse().unwrap_or(Decimal::ONE);
            units.insert(UnitDef {
                id: (*id).to_string(),
                dimension: (*dimension).to_string(),
                factor,
                names: names.iter().map(|s| (*s).to_string()).collect(),
                prefixes: prefixes.iter().map(|s| (*s).to_string()).collect(),
                display: (*display).to_string(),
            });
        }
        units
    }

    /// Add a unit. Later names override earlier ones (vocabulary files may redefine a name).
    pub fn insert(&mut self, def: UnitDef) -> UnitId {
        let id = UnitId(self.defs.len() as u32);
        for name in &def.names {
            self.max_name_tokens = self.max_name_tokens.max(crate::model::lexer::lex(name).len());
            self.by_name.insert(name.to_lowercase(), id);
        }
        for prefix in &def.prefixes {
            self.by_prefix.insert(prefix.to_lowercase(), id);
        }
        self.by_id.insert(def.id.clone(), id);
        self.by_name.entry(def.id.to_lowercase()).or_insert(id);
        self.defs.push(def);
        id
    }

    /// The unit with this id.
    pub fn get(&self, id: UnitId) -> &UnitDef {
        &self.defs[id.0 as usize]
    }

    /// Look up a unit by a name written after the number (lowercase, single spaces).
    pub fn by_name(&self, name: &str) -> Option<UnitId> {
        self.by_name.get(name).copied()
    }

    /// Look up a currency symbol or code written before the number.
    pub fn by_prefix(&self, prefix: &str) -> Option<UnitId> {
        self.by_prefix.get(prefix).copied()
    }

    /// Look up a unit by its identifier.
    pub fn by_id(&self, id: &str) -> Option<UnitId> {
        self.by_id.get(id).copied()
    }

    /// True when `id` is already taken.
    pub fn contains_id(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Every name and prefix, for did-you-mean suggestions.
    pub fn all_names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().chain(self.by_prefix.keys()).map(String::as_str)
    }

    /// Every currency name, for did-you-mean suggestions on currencies.
    pub fn currency_names(&self) -> impl Iterator<Item = &str> {
        self.by_name.iter().filter(|(_, id)| self.get(**id).is_currency()).map(|(name, _)| name.as_str())
    }

    /// Every currency prefix ("$", "us$", "usd"), lowercase.
    pub fn currency_prefixes(&self) -> impl Iterator<Item = &str> {
        self.by_prefix.keys().map(String::as_str)
    }

    /// Every dimension known.
    pub fn dimensions(&self) -> Vec<&str> {
        let mut dims: Vec<&str> = self.defs.iter().map(|d| d.dimension.as_str()).collect();
        dims.sort_unstable();
        dims.dedup();
        dims
    }

    /// The longest number of words in any unit name.
    pub fn max_name_words(&self) -> usize {
        self.max_name_tokens.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_factors_parse() {
        for (id, _, factor, ..) in BUILTIN {
            assert!(factor.parse::<Decimal>().is_ok(), "factor of {id}");
        }
    }

    #[test]
    fn currencies_by_name_and_prefix() {
        let units = Units::builtin();
        let usd = units.by_prefix("us$").unwrap();
        assert_eq!(units.get(usd).id, "USD");
        assert_eq!(units.by_name("usd"), Some(usd));
        assert_eq!(units.by_prefix("$"), Some(usd));
        let ton = units.by_name("metric ton").unwrap();
        assert_eq!(units.get(ton).factor, Decimal::from(1000));
        assert!(!units.get(ton).is_currency());
    }
}
