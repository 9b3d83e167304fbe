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


def read(path: Path, report: ProblemSink) -> Iterator[Paper]:
    """Yield one paper per row; column names are matched without regard to case."""
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
