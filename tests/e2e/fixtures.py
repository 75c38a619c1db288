"""Build claimcheck projects from the repository's file-driven fixtures, for the end-to-end tests.

The formats are those of tests/rules.rs (annotated rule fixtures) and tests/malformed.rs (the
malformed catalogue): a `_project/` directory copied first, then the case's files, separated by
`# --- <path>` lines.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def binary() -> Path:
    """The claimcheck binary under test (CLAIMCHECK_BIN, default target/debug/claimcheck)."""
    path = Path(os.environ.get("CLAIMCHECK_BIN", REPO / "target" / "debug" / "claimcheck"))
    if not path.is_absolute():
        path = REPO / path
    assert path.exists(), f"{path} does not exist: run `cargo build` first or set CLAIMCHECK_BIN"
    return path


def _split(text: str, default_path: str) -> list[tuple[str, str]]:
    files: list[tuple[str, list[str]]] = [(default_path, [])]
    for line in text.splitlines(keepends=True):
        if line.startswith("# --- "):
            files.append((line[len("# --- ") :].strip(), []))
        else:
            files[-1][1].append(line)
    return [(path, "".join(lines)) for path, lines in files if path and "".join(lines).strip()]


def build(fixture: Path, into: Path) -> Path:
    """Materialise one fixture file as a project directory under `into`; return its root."""
    kind = fixture.parent.parent.name if fixture.parent.parent.name == "rules" else fixture.parent.name
    root = into / f"{fixture.parent.name}-{fixture.stem}"
    if kind == "rules":
        shutil.copytree(REPO / "tests" / "rules" / "_project", root)
        default = ""  # a rule fixture's header is comments; its files follow `# --- ` lines
    else:
        shutil.copytree(REPO / "tests" / "malformed" / "_project", root)
        text = fixture.read_text(encoding="utf-8", errors="replace")
        directory = "rules" if text.startswith("# target: rules") else "claims"
        default = f"{directory}/{fixture.stem}.toml"
    data = fixture.read_bytes()
    if b"\0" in data or not _is_utf8(data):
        # Binary cases (invalid UTF-8, NUL bytes) are one file, copied byte for byte.
        (root / default).parent.mkdir(parents=True, exist_ok=True)
        (root / default).write_bytes(data)
        return root
    text = data.decode("utf-8")
    for path, content in _split(text, default):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return root


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def rule_fixtures() -> list[Path]:
    """Every annotated rule fixture (tests/rules/<kind>/*.toml)."""
    return sorted(p for p in (REPO / "tests" / "rules").glob("*/*.toml") if p.parent.name != "_project")


def malformed_cases() -> list[Path]:
    """Every case of the malformed catalogue (tests/malformed/*.toml)."""
    return sorted((REPO / "tests" / "malformed").glob("*.toml"))
