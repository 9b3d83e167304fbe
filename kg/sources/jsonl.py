"""Reader for JSON Lines corpora: one JSON object per line, e.g. the arXiv metadata snapshot."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError, InputProblem
from kg.model import Paper
from kg.sources.records import paper_from_record
from kg.sources.textfile import ProblemSink, open_text


def read(path: Path, report: ProblemSink) -> Iterator[Paper]:
    """Yield one paper per line that holds a JSON object with a title and an abstract."""
    with open_text(path) as text:
        yield from _papers(path, text, report)


def _papers(path: Path, lines: Iterable[str], report: ProblemSink) -> Iterator[Paper]:
    found_object = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            if not found_object and number <= 1:
                raise InputError(
                    InputProblem(
                        str(path),
                        number,
                        f"not JSON Lines: {err.msg} (column {err.colno})",
                        "give one JSON object per line with 'title' and 'abstract'",
                    )
                ) from err
            report(
                InputProblem(
                    str(path),
                    number,
                    f"invalid JSON: {err.msg} (column {err.colno}); line skipped",
                    "fix or remove the line",
                )
            )
            continue
        if not isinstance(record, dict):
            report(
                InputProblem(
                    str(path),
                    number,
                    f"expected a JSON object, found {type(record).__name__}; line skipped",
                    "give one JSON object per line",
                )
            )
            continue
        found_object = True
        paper = paper_from_record(path, number, record, report)
        if paper is not None:
            yield paper
