"""The JSON Schema for claim files (docs/schema/claims.schema.json) accepts every claim file of the
repository's corpus and examples, and rejects the mistakes it is meant to catch in an editor."""

from __future__ import annotations

import datetime
import json
import tomllib

import jsonschema
import pytest

from fixtures import REPO

SCHEMA = json.loads((REPO / "docs" / "schema" / "claims.schema.json").read_text())


def as_json(value):
    """TOML → the JSON a TOML editor validates (dates become strings, as taplo does)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return value


def claim_files():
    return sorted(REPO.glob("claims/**/*.toml")) + sorted(REPO.glob("examples/**/claims/**/*.toml"))


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", claim_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_claim_file_of_the_repository_validates(path) -> None:
    document = as_json(tomllib.loads(path.read_text(encoding="utf-8")))
    jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft7Validator)


BASE = """
[source]
id = "s"
title = "t"
publisher = "p"
published = "2021-11-29"
text = "a.txt"

[[claim]]
id = "c"
subject = "vietnam"
property = "bilateral-trade"
quote = "q"
"""


@pytest.mark.parametrize(
    "extra, problem",
    [
        ('value = "4.85 billion USD"\nperiod = "2020"\nas_of = "2021"', "two time scopes"),
        ('value = 4.85', "a float loses the written precision"),
        ('value = "1"\nmodality = "hoped"', "an unknown modality"),
        ('value = "1"\nsubjet = "x"', "an unknown field"),
        ('rank = "second"', "an unknown rank"),
        ('', "neither value nor rank"),
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(extra: str, problem: str) -> None:
    document = as_json(tomllib.loads(BASE + extra + "\n"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA, cls=jsonschema.Draft7Validator)
