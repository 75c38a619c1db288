"""SARIF output validates against the official SARIF 2.1.0 schema (tests/e2e/schemas, a copy of
OASIS's sarif-schema-2.1.0.json) and passes `sarif-multitool validate` with no errors — on the
repository's corpus, on every annotated rule fixture and on every case of the malformed catalogue,
so that every kind of finding, cross-file related locations included, is covered.

Run by .ci/run, which installs jsonschema (pip) and @microsoft/sarif-multitool (npm).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from fixtures import REPO, binary, build, malformed_cases, rule_fixtures

SCHEMA = json.loads((REPO / "tests" / "e2e" / "schemas" / "sarif-schema-2.1.0.json").read_text())


def multitool() -> list[str]:
    """The sarif-multitool command (SARIF_MULTITOOL, else on PATH)."""
    tool = os.environ.get("SARIF_MULTITOOL") or shutil.which("sarif-multitool")
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail("sarif-multitool is not installed: .ci/run installs it")
        pytest.skip("sarif-multitool is not installed (npm install @microsoft/sarif-multitool)")
    return [tool]


def sarif_of(project: Path) -> tuple[dict, int]:
    run = subprocess.run(
        [binary(), "check", "--format", "sarif", project], capture_output=True, text=True, timeout=120
    )
    assert run.returncode in (0, 1), f"exit {run.returncode}: {run.stderr}"
    return json.loads(run.stdout), run.returncode


def projects(tmp_path: Path) -> list[Path]:
    out = [REPO]
    for fixture in rule_fixtures() + malformed_cases():
        out.append(build(fixture, tmp_path))
    return out


def test_sarif_validates_against_the_schema(tmp_path: Path) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA)
    results = 0
    related = 0
    for project in projects(tmp_path):
        log, code = sarif_of(project)
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, f"{project.name}: " + "; ".join(
            f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5]
        )
        run = log["runs"][0]
        rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
        assert len(rule_ids) == len(set(rule_ids)), "one descriptor per rule"
        for result in run["results"]:
            assert rule_ids[result["ruleIndex"]] == result["ruleId"]
            assert result["partialFingerprints"]["claimcheck/v1"]
            related += len(result.get("relatedLocations", []))
        results += len(run["results"])
        # The exit code follows the findings, whatever the format: errors fail unless a review
        # in force suppresses them (accepted or under review; an outdated one is rejected).
        live = [
            r for r in run["results"]
            if r["level"] == "error"
            and not any(s["status"] in ("accepted", "underReview") for s in r.get("suppressions", []))
        ]
        assert code == (1 if live else 0)
        for result in run["results"]:
            for suppression in result.get("suppressions", []):
                assert suppression["kind"] == "external" and suppression["justification"], suppression
    assert results > 100 and related > 50, (results, related)


def test_cross_file_findings_have_related_locations_in_the_other_file() -> None:
    log, code = sarif_of(REPO)
    assert code == 0, "the corpus's contradictions are reviewed"
    conflict = next(r for r in log["runs"][0]["results"] if r["properties"]["code"] == "conflicting-value")
    primary = conflict["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    others = {l["physicalLocation"]["artifactLocation"]["uri"] for l in conflict["relatedLocations"]}
    assert any(uri.startswith("claims/") and uri.endswith(".toml") and uri != primary for uri in others), others
    assert any(uri.endswith(".txt") for uri in others), "the quotes in the archived articles"


def test_sarif_multitool_finds_no_errors(tmp_path: Path) -> None:
    tool = multitool()
    logs = []
    for index, project in enumerate(projects(tmp_path)):
        log, _ = sarif_of(project)
        path = tmp_path / f"log-{index}.sarif"
        path.write_text(json.dumps(log))
        logs.append(path)
    # One run of the tool over every log (it starts slowly).
    run = subprocess.run(
        tool + ["validate", "--output", str(tmp_path / "validation.sarif")] + [str(p) for p in logs],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{len(logs)} files scanned" in run.stdout, run.stdout
    validation = json.loads((tmp_path / "validation.sarif").read_text())
    errors = [
        r for run_ in validation["runs"] for r in run_.get("results", []) if r.get("level", "warning") == "error"
    ]
    assert not errors, json.dumps(errors[:5], indent=2)


def test_reviewed_corpus_findings_carry_their_suppression() -> None:
    log, _ = sarif_of(REPO)
    errors = [r for r in log["runs"][0]["results"] if r["level"] == "error"]
    assert len(errors) == 3
    for result in errors:
        (suppression,) = result["suppressions"]
        assert suppression["status"] == "accepted", suppression
        assert suppression["justification"].startswith("confirmed: "), suppression
        uri = suppression["location"]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "reviews.toml", uri

