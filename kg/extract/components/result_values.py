"""The values and metric names of a sentence, which ``kg_result_claims`` joins into claims.

A **value** is a number written as a result is: with a percent sign, "points" or a times
sign ("71.8%", "1.1 points", "6.0x"), or with decimals ("28.4", "0.99"). A bare integer
("2014", "50 layers") is no value, nor is a quantity of time, size or count ("3.5 days",
"11.3 M pairs"), a number inside a name ("CIFAR-10", "ResNet-50"; the component drops those
that fall in a concept) or one end of a range ("4.3" and "11.2" joined by a dash). A value
is *relative* when it is a difference or a ratio: signed ("+1.8%"), after "by" ("improves by
2.3%"), before a word of change at most two words on ("a 28% relative improvement", "30%
fewer", "10% error rate reduction"), a factor ("6.0x"), or joined by "and" or a comma to a
value that is ("by 3.7% and 5.5%"). In "from 87.6% to 93.2%" the first value is the figure
improved on, not a result of the paper, and is dropped.

A **metric** is a name of the metric list (``kg/models/result_claims/metrics.tsv``, derived
from SciREX's training papers by ``training/relations/result_metrics.py``; its header says
how), matched as a whole word, the longest first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from kg.errors import ExtractorError

METRICS_FILE = Path(__file__).resolve().parent.parent.parent / "models" / "result_claims" / "metrics.tsv"
"""The shipped metric list."""
SHORT_FORM = 4
"""A metric name of at most this many characters ("IS", "mAP") is matched only as written."""
MATCH_KINDS = ("lower", "exact")

_VALUE = re.compile(
    r"(?<![\w.\-\u2013/@^])"
    r"(?P<sign>[+\u2212]?)"
    r"(?P<number>\d+(?:\.\d+)?)"
    r"(?P<unit>\s?%|\s(?:points?|pts)\b|[x\u00d7](?!\w))?"
    r"(?![\w\-\u2013/^]|[.,]\d)"
)
_RELATIVE_BEFORE = re.compile(
    r"(?:\bby|\b(?:improvement|improvements|gain|gains|boost|reduction|increase|margin)\s+of)\s+"
    r"(?:(?:up\s+to|over|more\s+than|nearly|about|around|almost|approximately|roughly|an?|absolute|relative)\s+)*$",
    re.IGNORECASE,
)
_CHANGE_WORDS = (
    "improvement|improvements|boost|gain|gains|reduction|increase|decrease|relative|absolute|lower|higher"
    "|better|worse|smaller|fewer|less|more|faster|slower|longer|shorter|larger|times|fold"
)
_RELATIVE_AFTER = re.compile(rf"^\s*(?:[\w\-]+\s+){{0,2}}(?:{_CHANGE_WORDS})\b", re.IGNORECASE)
_JOINED = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*$")
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:days?|hours?|minutes?|seconds?|ms|GPUs?|CPUs?|layers?|parameters|params|epochs?|iterations?|steps?"
    r"|[MBK]|million|billion|thousand|[KMGT]B)\b"
)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_TO_VALUE = re.compile(r"^\s*to\s+[+]?\d")
_BOUND = "(?<![A-Za-z0-9])"
_END = "(?![A-Za-z0-9])"
_GAP_WORD = re.compile(r"^[A-Za-z][\w\-]*$")


@dataclass(frozen=True, slots=True)
class Value:
    """A value at ``start``-``end`` of the text searched: as written, its number and unit."""

    start: int
    end: int
    text: str
    number: float
    unit: str
    relative: bool


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    raw = raw.strip()
    if raw == "%":
        return "%"
    return "x" if raw in ("x", "\u00d7") else "points"


def find_values(text: str) -> list[Value]:
    """The values of ``text`` in order (the rules of this module's docstring)."""
    found: list[Value] = []
    for m in _VALUE.finditer(text):
        unit = _unit(m.group("unit"))
        number = m.group("number")
        if not unit and "." not in number:
            continue
        before, after = text[: m.start()], text[m.end() :]
        if (_FROM.search(before) and _TO_VALUE.match(after)) or (not unit and _QUANTITY_AFTER.match(after)):
            continue
        relative = bool(
            m.group("sign") or unit == "x" or _RELATIVE_BEFORE.search(before) or _RELATIVE_AFTER.match(after)
        )
        if found and found[-1].relative and _JOINED.match(text[found[-1].end : m.start()]):
            relative = True
        found.append(Value(m.start(), m.end(), m.group(0), float(number), unit, relative))
    return found


class MetricNames:
    """The metric list of one file: finds its names in a text."""

    def __init__(self, path: Path = METRICS_FILE) -> None:
        lower: set[str] = set()
        exact: set[str] = set()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise ExtractorError(f"{path}: cannot read the metric list ({err.strerror}); reinstall kg") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) < 2 or cells[1] not in MATCH_KINDS or not cells[0].strip():
                raise ExtractorError(
                    f"{path}:{number}: expected 'form TAB lower|exact [TAB papers]'; write it again with "
                    "training/relations/result_metrics.py"
                )
            (exact if cells[1] == "exact" else lower).add(cells[0].strip())
        if not lower and not exact:
            raise ExtractorError(f"{path}: the metric list holds no name")
        self.names = frozenset(lower | exact)
        alternatives = [(len(f), f"(?i:{re.escape(f)})") for f in lower] + [(len(f), re.escape(f)) for f in exact]
        alternatives.sort(key=lambda pair: (-pair[0], pair[1]))
        self._pattern = re.compile(_BOUND + "(?:" + "|".join(a for _, a in alternatives) + ")" + _END)

    def find(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each metric name in ``text``, leftmost first, the longest at a place."""
        return [m.span() for m in self._pattern.finditer(text)]


@cache
def shipped_metrics() -> MetricNames:
    """The shipped metric list, read once."""
    return MetricNames(METRICS_FILE)


def tight_gap(text: str) -> bool:
    """Whether ``text`` (between a value and a metric after it) is at most three content words:
    "74.5% joint goal accuracy", not "166.5 and FID"."""
    words = text.split()
    return len(words) <= 3 and all(_GAP_WORD.match(w) and w.lower() not in STOP_WORDS for w in words)


LOOSE_GAP = 3
"""The most content words between a metric and a value after it that it still qualifies; chosen
on SciREX's training papers (training/relations/README.md)."""
_WORD = re.compile(r"\S+")


def loose_gap(text: str, start: int, end: int, skip: Sequence[tuple[int, int]], limit: int = LOOSE_GAP) -> bool:
    """Whether ``text[start:end]`` (between a metric and a value after it) is short enough to tie
    them: one clause (no semicolon) of at most ``limit`` content words, not counting stop words,
    other values and the names of concepts (``skip``: their offsets): "accuracies of 73.6% and
    76.6%", "perplexity from 1.06 to 0.99 on enwiki8, from 1.13 to 1.08 on text8"."""
    if ";" in text[start:end]:
        return False
    count = 0
    for word in _WORD.finditer(text, start, end):
        a, b = word.span()
        bare = word.group(0).strip(".,:()[]\"'").lower()
        if not re.search(r"[a-z]", bare) or bare in STOP_WORDS or any(a < e and s < b for s, e in skip):
            continue
        count += 1
    return count <= limit
