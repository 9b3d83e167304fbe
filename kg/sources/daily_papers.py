"""Reader for text dumps of a daily paper-digest web page.

Three layouts occur in the wild and all are read:

* **spaced**: page chrome, then title and abstract paragraphs separated by
  blank lines;
* **spaced with metadata**: the same, each abstract followed by ``• N authors``,
  a ``·`` line and ``<date>[ <upvotes>]``;
* **compact**: no blank lines, title and abstract lines alternate, and the first
  title is glued to the page's ``Subscribe`` button text.

A line is page chrome, a metadata line, a title or an abstract.  Titles and
abstracts are told apart by shape (an abstract is long prose), so a title
with no abstract after it is reported and skipped, not paired with the next
paper's title.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, InputProblem
from kg.model import YEARS, Paper, SourceRef
from kg.sources.identity import paper_id
from kg.sources.textfile import ProblemSink, bounded, clean_text, invalid_utf8_problem, path_text, read_text

# Lines of the page itself, never a paper.  Matched after white space is collapsed.
_CHROME = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "·",
    }
)
# Lines that show this file is a digest page at all.
_MARKERS = (
    "get trending papers in your email inbox",
    "byak and the research community",
    "daily papers",
)
_GLUED_PREFIX = "Subscribe"
_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
_DATE = re.compile(
    r"^(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? (?P<day>\d{1,2})"
    r"(?:, (?P<year>\d{4}))?(?: (?P<count>\d+))?$"
)
_AUTHORS = re.compile(r"^[•*\-]?\s*(?P<n>\d+) authors?$")
_ABSTRACT_MIN_WORDS = 30
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?(?:\s|$)")


@dataclass
class _Entry:
    """A title being read, with what has been seen of it so far."""

    title: str
    line: int
    abstract: str | None = None
    published: str | None = None
    authors_count: int | None = None
    upvotes: int | None = None
    bad: list[InputProblem] = field(default_factory=list)


def _published(match: re.Match[str]) -> str:
    month = _MONTHS[match.group("month").lower()]
    day = int(match.group("day"))
    year = match.group("year")
    # A year outside YEARS ("Dec 19, 0001") is a typo: the month and day still stand.
    dated = year and int(year) in YEARS
    return f"{year}-{month:02d}-{day:02d}" if dated else f"--{month:02d}-{day:02d}"


def _is_abstract(line: str) -> bool:
    """Abstracts are prose: many words and at least one full stop."""
    return len(line.split()) >= _ABSTRACT_MIN_WORDS and _SENTENCE_END.search(line) is not None


def looks_like_page(text: str) -> bool:
    """True when the text carries the digest page's own header lines."""
    head = text[:4096].casefold()
    return any(marker in head for marker in _MARKERS)


def read(path: Path, report: ProblemSink) -> Iterator[Paper]:
    """Yield the papers of one digest page, reporting every line that cannot be one.

    Raises :class:`InputError` when the file is empty, binary, or not a digest
    page at all; problems with single papers go to ``report``.
    """
    text = read_text(path)
    if not looks_like_page(text):
        raise InputError(
            InputProblem(
                str(path),
                None,
                "not a daily-papers page: none of its header lines "
                "('Get trending papers in your email inbox', 'Daily Papers') were found",
                "for your own corpus use JSON Lines or CSV with title and abstract columns",
            )
        )
    yield from _parse(path, text.splitlines(), report)


def _parse(path: Path, lines: list[str], report: ProblemSink) -> Iterator[Paper]:
    entry: _Entry | None = None
    seen_paper = False
    for number, raw in enumerate(lines, start=1):
        line = clean_text(raw)
        if not line:
            continue
        if not seen_paper and line.startswith(_GLUED_PREFIX) and line != _GLUED_PREFIX:
            line = line[len(_GLUED_PREFIX) :].lstrip()
        if line.casefold() in _CHROME:
            continue
        authors = _AUTHORS.match(line)
        date = _DATE.match(line)
        if authors or date:
            if entry is not None and entry.abstract is not None:
                if authors:
                    entry.authors_count = int(authors.group("n"))
                elif date:
                    entry.published = _published(date)
                    if date.group("count"):
                        entry.upvotes = int(date.group("count"))
            # Before the first paper a date is the page's own date: chrome.
            continue
        problem = invalid_utf8_problem(path, number, raw)
        if _is_abstract(line):
            if entry is None or entry.abstract is not None:
                report(
                    InputProblem(
                        str(path),
                        number,
                        "abstract with no title before it; skipped",
                        "each abstract paragraph must follow its title line",
                    )
                )
                continue
            entry.abstract = line
            if problem:
                entry.bad.append(problem)
            continue
        # A title: the paper before it is complete.
        if entry is not None:
            yield from _finish(path, entry, report)
        entry = _Entry(title=line, line=number)
        seen_paper = True
        if problem:
            entry.bad.append(problem)
    if entry is not None:
        yield from _finish(path, entry, report)


def _finish(path: Path, entry: _Entry, report: ProblemSink) -> Iterator[Paper]:
    if entry.bad:
        report(entry.bad[0])
        return
    if entry.abstract is None:
        report(
            InputProblem(
                str(path),
                entry.line,
                f"title with no abstract: {entry.title[:80]!r}; skipped",
                "add the abstract paragraph after the title line",
            )
        )
        return
    title = bounded(path, entry.line, "title", entry.title, report)
    pid, arxiv = paper_id(None, title)
    yield Paper(
        id=pid,
        title=title,
        abstract=bounded(path, entry.line, "abstract", entry.abstract, report),
        published=entry.published,
        authors_count=entry.authors_count,
        upvotes=entry.upvotes,
        arxiv_id=arxiv,
        sources=(SourceRef(path_text(path), entry.line),),
    )
