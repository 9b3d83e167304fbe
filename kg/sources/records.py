"""Papers from generic records (a JSON object, a CSV row), shared by those readers.

A record needs ``title`` and ``abstract``; ``id``, a date, authors and upvotes
are used when present under any of the names common corpora give them (the
arXiv metadata snapshot among them).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path

from kg.errors import InputProblem
from kg.model import YEARS, Paper, SourceRef
from kg.sources.identity import paper_id
from kg.sources.textfile import ProblemSink, bounded, clean_text, invalid_utf8_problem, path_text

ID_KEYS = ("id", "arxiv_id", "paper_id", "doi")
DATE_KEYS = ("date", "published", "publication_date", "update_date")
AUTHOR_KEYS = ("authors_count", "n_authors", "authors")
UPVOTE_KEYS = ("upvotes", "votes")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b)\s*")
_MONTH_DAY_YEAR = re.compile(r"^[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}$")


def _first(record: Mapping[str, object], keys: tuple[str, ...]) -> object:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def parse_date(value: object) -> str | None:
    """An ISO date from ``2024-12-19``, ``2024-12-19T08:00:00Z`` or ``Dec 19, 2024``."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    if _MONTH_DAY_YEAR.match(text):
        for fmt in ("%b %d, %Y", "%B %d, %Y", "%b. %d, %Y"):
            try:
                return datetime.strptime(text, fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _checked_date(record: Mapping[str, object], path: Path, line: int, report: ProblemSink) -> str | None:
    published = parse_date(_first(record, DATE_KEYS))
    if published is not None and int(published[:4]) not in YEARS:
        report(
            InputProblem(
                str(path),
                line,
                f"date {published} is outside {YEARS.start}-{YEARS.stop - 1}; the paper is kept without it",
                "give the paper's real publication date, or none",
            )
        )
        return None
    return published


MAX_COUNT = 2**31 - 1
"""The largest author or upvote count kg keeps: every table and graph format holds it as
an integer, and no real paper comes near it; a larger value is left out with a warning."""


def _count(value: object) -> int | None:
    """A count from a number, a digit string or a list of names; None when there is none.
    May exceed :data:`MAX_COUNT` (``paper_from_record`` checks)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() and value >= 0 else None
    if isinstance(value, (list, tuple)):
        return len(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():  # "²" is a digit to str.isdigit, not to int()
            return int(text)
        if text.isdigit() or text[:1].isdigit():
            return None
        names = [name for name in _AUTHOR_SPLIT.split(text) if name]
        return len(names) or None
    return None


def _checked_count(
    record: Mapping[str, object], keys: tuple[str, ...], path: Path, line: int, report: ProblemSink
) -> int | None:
    value = _first(record, keys)
    count = _count(value)
    if count is not None and count > MAX_COUNT:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
        report(
            InputProblem(
                str(path),
                line,
                f"{keys[0]} {shown} is larger than {MAX_COUNT:,}; the paper is kept without it",
                f"give '{keys[0]}' as a whole number up to {MAX_COUNT:,}",
            )
        )
        return None
    return count


def _given_id(record: Mapping[str, object], path: Path, line: int, report: ProblemSink) -> str | None:
    """The record's own id as text, when it is a string or a whole number.

    ``true``, a list or an object is no id: were it read as the text "True", every record
    carrying it would be taken for one paper and all but one dropped.
    """
    value = _first(record, ID_KEYS)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    shown = json.dumps(value, ensure_ascii=False, default=str)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    report(
        InputProblem(
            str(path),
            line,
            f"id {shown} is not a string or a whole number; the paper gets an id from its title",
            "give 'id' as a string such as \"2401.00001\", or leave it out",
        )
    )
    return None


def paper_from_record(path: Path, line: int, record: Mapping[str, object], report: ProblemSink) -> Paper | None:
    """The paper a record describes, or None after reporting why it is not one."""
    texts: dict[str, str] = {}
    for key in ("title", "abstract"):
        value = record.get(key)
        # Empty once cleaned: white space or control characters only ("\x1b").
        if not isinstance(value, str) or not clean_text(value):
            report(
                InputProblem(
                    str(path),
                    line,
                    f"record has no {key}; skipped",
                    f"give every record a non-empty '{key}' field",
                )
            )
            return None
        problem = invalid_utf8_problem(path, line, value)
        if problem:
            report(problem)
            return None
        texts[key] = bounded(path, line, key, clean_text(value), report)
    pid, arxiv = paper_id(_given_id(record, path, line, report), texts["title"])
    return Paper(
        id=pid,
        title=texts["title"],
        abstract=texts["abstract"],
        published=_checked_date(record, path, line, report),
        authors_count=_checked_count(record, AUTHOR_KEYS, path, line, report),
        upvotes=_checked_count(record, UPVOTE_KEYS, path, line, report),
        arxiv_id=arxiv,
        sources=(SourceRef(path_text(path), line),),
    )
