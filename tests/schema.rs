//! The JSON Schema for claim files (docs/schema/claims.schema.json) names exactly the fields the
//! loader accepts, so editors never complete a field claimcheck rejects or miss one it takes.
//! (CI also validates every claim file of the corpus and the examples against the schema with
//! Python's `jsonschema`: tests/e2e/test_schema.py.)

use claimcheck::load::claims::{CLAIM_FIELDS, COMPARED_FIELDS, EXTRACT_FIELDS, SOURCE_FIELDS, TOP_LEVEL};
use serde_json::Value;
use std::collections::BTreeSet;

fn schema() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schema/claims.schema.json"))
        .expect("the schema exists");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn keys(object: &Value) -> BTreeSet<String> {
    object.as_object().expect("an object").keys().cloned().collect()
}

fn set(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|f| (*f).to_string()).collect()
}

#[test]
fn the_schema_names_exactly_the_fields_the_loader_accepts() {
    let schema = schema();
    assert_eq!(keys(&schema["properties"]), set(TOP_LEVEL), "top-level tables");
    assert_eq!(keys(&schema["properties"]["extract"]["properties"]), set(EXTRACT_FIELDS), "[extract]");
    assert_eq!(keys(&schema["definitions"]["source"]["properties"]), set(SOURCE_FIELDS), "[source]");
    assert_eq!(keys(&schema["definitions"]["claim"]["properties"]), set(CLAIM_FIELDS), "[[claim]]");
    assert_eq!(
        keys(&schema["definitions"]["claim"]["properties"]["compared_with"]["properties"]),
        set(COMPARED_FIELDS),
        "compared_with"
    );
}

#[test]
fn the_schema_closes_every_table() {
    let schema = schema();
    for table in [&schema, &schema["definitions"]["source"], &schema["definitions"]["claim"]] {
        assert_eq!(table["additionalProperties"], Value::Bool(false), "unknown fields are errors in claimcheck too");
    }
}
