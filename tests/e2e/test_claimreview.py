"""`claimcheck export claimreview` writes fact-check markup search engines accept: on the
repository's corpus with the reviews of tests/claimreview/reviews.toml, the export validates against
tests/e2e/claimreview.schema.json (the schema.org types and Google's required properties), uses
only properties schema.org defines for each type, and rates each claim as its review says. With no
review to publish it prints an empty array; a review without an author is an error (exit 2).

Run by .ci/run (jsonschema from tests/e2e/requirements.txt).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from fixtures import REPO, binary

SCHEMA = json.loads((REPO / "tests" / "e2e" / "claimreview.schema.json").read_text())
REVIEWS = (REPO / "tests" / "claimreview" / "reviews.toml").read_text(encoding="utf-8")

# The properties schema.org defines for each type used (its own and those it inherits), from the
# vocabulary at https://schema.org/<Type> — a subset of each list, enough to hold every property a
# ClaimReview is written with. A property outside its type's list is a typo or an invention.
THING = {"name", "url", "alternateName", "description", "identifier", "image", "sameAs", "mainEntityOfPage"}
CREATIVE_WORK = THING | {
    "author", "datePublished", "headline", "publisher", "dateCreated", "dateModified", "inLanguage",
    "about", "citation", "creator", "text", "keywords", "isBasedOn", "license",
}
REVIEW = CREATIVE_WORK | {"reviewRating", "itemReviewed", "reviewBody", "reviewAspect", "associatedClaimReview"}
PROPERTIES = {
    "ClaimReview": REVIEW | {"claimReviewed"},
    "Claim": CREATIVE_WORK | {"appearance", "firstAppearance", "claimInterpreter"},
    "CreativeWork": CREATIVE_WORK,
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "author", "ratingExplanation", "reviewAspect"},
    "Organization": THING | {"legalName", "logo", "email", "address", "founder"},
    "Person": THING | {"givenName", "familyName", "email", "affiliation", "jobTitle"},
}

# (rating, the words of the rating) per verdict, as docs/claimreview.md gives them.
RATINGS = {(5, "True"), (1, "False"), (2, "Contradicted by another source"), (3, "Not contradicted")}


def corpus(tmp_path: Path, reviews: str | None) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(REPO / "claims", root / "claims")
    shutil.copytree(REPO / "rules", root / "rules")
    if reviews is not None:
        (root / "reviews.toml").write_text(reviews, encoding="utf-8")
    return root


def export(project: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary(), "export", "claimreview", *options, project], capture_output=True, text=True, timeout=120
    )


def typed_objects(value, path="$"):
    """Every JSON object with an @type, with where it is."""
    if isinstance(value, dict):
        if "@type" in value:
            yield path, value
        for key, inner in value.items():
            yield from typed_objects(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from typed_objects(inner, f"{path}[{i}]")


def test_the_schema_is_a_valid_draft_7_schema() -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "options",
    [(), ("--publisher", "Example Fact Check", "--url-base", "https://factcheck.example.org/reviews")],
    ids=["reviewers-and-evidence", "publisher-and-url-base"],
)
def test_the_export_of_the_corpus_is_valid_claimreview_markup(tmp_path: Path, options) -> None:
    run = export(corpus(tmp_path, REVIEWS), *options)
    assert run.returncode == 0, run.stderr
    assert run.stderr == "exported 7 ClaimReviews from 3 reviews; left out: 1 deferred, 0 outdated\n"
    document = json.loads(run.stdout)
    errors = sorted(jsonschema.Draft7Validator(SCHEMA).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5])
    assert len(document) == 7

    for path, thing in typed_objects(document):
        known = PROPERTIES[thing["@type"]]
        unknown = set(thing) - known - {"@type", "@context"}
        assert not unknown, f"{path}: not schema.org properties of {thing['@type']}: {unknown}"

    for review in document:
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert (rating["ratingValue"], rating["alternateName"]) in RATINGS
    # One confirmed contradiction names the correct claim: it is rated true, the other false.
    words = sorted(r["reviewRating"]["alternateName"] for r in document)
    assert words == ["Contradicted by another source"] * 3 + ["False", "Not contradicted", "Not contradicted", "True"]
    if options:
        assert {r["author"]["name"] for r in document} == {"Example Fact Check"}
        assert all(r["url"].startswith("https://factcheck.example.org/reviews/") for r in document)
    else:
        assert {r["author"]["@type"] for r in document} == {"Person"}
        assert all(r["url"].startswith("https://example.org/") for r in document)


def test_the_repositorys_own_reviews_export_as_valid_markup() -> None:
    """The corpus as it is, with the maintainers' reviews.toml (confirmed verdicts, in force)."""
    run = export(REPO, "--url-base", "https://factcheck.example.org/reviews")
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert document, run.stderr
    assert not list(jsonschema.Draft7Validator(SCHEMA).iter_errors(document))
    assert {r["reviewRating"]["alternateName"] for r in document} <= {n for _, n in RATINGS}


def test_nothing_to_publish_is_an_empty_array(tmp_path: Path) -> None:
    run = export(corpus(tmp_path, None))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []
    assert "nothing to export" in run.stderr


def test_a_review_without_an_author_is_an_error(tmp_path: Path) -> None:
    run = export(corpus(tmp_path, REVIEWS.replace('by = "B. Checker"\n', "")))
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr == (
        "error: the review of b8325e652f5e6dcd has no `by`: write who reviewed in reviews.toml, "
        "or give --publisher NAME\n"
    )


@pytest.mark.parametrize(
    "break_it",
    [
        lambda r: r["reviewRating"].pop("alternateName"),
        lambda r: r.pop("url"),
        lambda r: r.pop("author"),
        lambda r: r["itemReviewed"].pop("appearance"),
        lambda r: r.update(claimReviewd=r.pop("claimReviewed")),
        lambda r: r["itemReviewed"].update({"@type": "CreativeWork"}),
        lambda r: r.update(datePublished="7 December 2026"),
    ],
    ids=["no-alternateName", "no-url", "no-author", "no-appearance", "misspelt", "item-not-a-claim", "date-not-iso"],
)
def test_the_schema_rejects_what_search_engines_would(tmp_path: Path, break_it) -> None:
    document = json.loads(export(corpus(tmp_path, REVIEWS)).stdout)
    break_it(document[0])
    assert list(jsonschema.Draft7Validator(SCHEMA).iter_errors(document))
