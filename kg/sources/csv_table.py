"""Reader for CSV and TSV corpora with at least ``title`` and ``abstract`` columns."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError, InputProblem
from kg.model import Paper
from kg.sources.records import paper_from_record
from kg.sources.textfile import ProblemSink, open_text

REQUIRED = ("title", "abstract")
CELL_LIMIT = 1 << 24
"""The most characters of one cell the reader takes (16 Mi).  The csv module's own cap,
128 Ki, refused a record whose abstract is a full text, where JSON Lines cuts it to
:data:`~kg.sources.textfile.FIELD_LIMITS` and keeps the paper; a cell larger than this is
more likely an unterminated quote running through the rest of the file, and is refused."""


def read(path: Path, report: ProblemSink) -> Iterator[Paper]:
    """Yield one paper per row; column names are matched without regard to case."""
    csv.field_size_limit(max(csv.field_size_limit(), CELL_LIMIT))  # a process-wide setting: only ever raised
    with open_text(path, newline="") as text:
        yield from _papers(path, csv.reader(text, delimiter="\t" if path.suffix.lower() == ".tsv" else ","), report)


def _papers(path: Path, reader: Any, report: ProblemSink) -> Iterator[Paper]:
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as err:
        raise InputError(
            InputProblem(str(path), 1, f"no CSV header: {err}", "the first row must name the columns")
        ) from err
    columns = [name.strip().casefold() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InputError(
            InputProblem(
                str(path),
                1,
                f"CSV header lacks column(s) {', '.join(missing)}; it has {', '.join(columns) or 'none'}",
                "name the columns 'title' and 'abstract' in the first row",
            )
        )
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            report(InputProblem(str(path), line, f"malformed CSV row ({err}); skipped", "check its quoting"))
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            report(
                InputProblem(
                    str(path),
                    line,
                    f"row has {len(row)} cells, the header {len(columns)}; skipped",
                    "quote cells that contain the delimiter",
                )
            )
            continue
        paper = paper_from_record(path, line, dict(zip(columns, row, strict=True)), report)
        if paper is not None:
            yield paper
