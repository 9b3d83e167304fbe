"""The tables behind the graph as CSV: papers, concepts and mentions (pandas), and with
``kg build --relations`` two more.  ``relations.csv`` has one row per sentence that states a
relation: its two concepts (id and label), the type, the paper, the sentence, where the two
names stand in it (``sentence[head_start:head_end]`` is the head's name) and the classifier's
score.  ``results.csv`` has one row per result claim whose method and data set are concepts
(:func:`kg.graph.claimed_results`): the paper, the method and the data set (id and label),
the metric and the value as written, the value as a number, its unit, whether it is relative
("by 2.1 points"), whether the method is the paper's own, the sentence, and where the value
and the metric stand in it.

Each table is written in slices of :data:`CHUNK_ROWS` rows, so writing a
million mentions holds one slice as a DataFrame at a time, not the whole table:
the memory this export adds stays flat however large the corpus.  Lists are
joined with ``|`` as GraphML joins them (:mod:`kg.export.lists`).

:func:`read` is the tables' reader: each row as the writer had it, typed by
:data:`COLUMN_KINDS` (whole numbers, booleans, lists, ``None`` for an empty
optional cell), where a plain CSV reader gives strings or guesses.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from kg.errors import InputError, InputProblem
from kg.export.lists import SEPARATOR, join_list, split_list
from kg.export.text import safe_text
from kg.graph import CONCEPT_FIELDS, KnowledgeGraph, claimed_results, paper_node
from kg.spool import batched

FILES = ("papers.csv", "concepts.csv", "mentions.csv")
STATED_FILES = ("relations.csv", "results.csv")
"""Written besides :data:`FILES` by a ``--relations`` build only."""
LIST_SEPARATOR = SEPARATOR
CHUNK_ROWS = 10_000
"""Rows per DataFrame slice while writing."""

Row = dict[str, Any]
PAPER_COLUMNS = ("id", "title", "abstract", "published", "authors_count", "upvotes", "arxiv_id", "sources")
CONCEPT_COLUMNS = CONCEPT_FIELDS
MENTION_COLUMNS = (
    "paper_id", "paper_node", "concept_id", "type", "text", "field",
    "start", "end", "rule", "proposed", "long_form", "sentence",
)  # fmt: skip
RELATION_COLUMNS = (
    "head_id", "head_label", "relation", "tail_id", "tail_label", "paper_id", "sentence",
    "head_start", "head_end", "tail_start", "tail_end", "score",
)  # fmt: skip
RESULT_COLUMNS = (
    "paper_id", "method_id", "method_label", "dataset_id", "dataset_label", "metric", "value", "number",
    "unit", "relative", "own_method", "sentence", "value_start", "value_end", "metric_start", "metric_end",
)  # fmt: skip
_INTEGER_COLUMNS = {
    "papers.csv": {"authors_count": "Int64", "upvotes": "Int64"},
    "results.csv": {"metric_start": "Int64", "metric_end": "Int64"},
}

ColumnKind = Literal["text", "optional text", "int", "optional int", "bool", "list", "number"]
"""What a column holds: text (the empty cell is ``""``), text or ``None`` (the empty cell),
a whole number, a whole number or ``None``, ``True``/``False``, a ``|``-joined list, or a
decimal number (a float)."""
COLUMN_KINDS: dict[str, dict[str, ColumnKind]] = {
    "papers.csv": {
        "id": "text", "title": "text", "abstract": "text", "published": "optional text",
        "authors_count": "optional int", "upvotes": "optional int", "arxiv_id": "optional text", "sources": "list",
    },
    "concepts.csv": {
        "id": "text", "type": "text", "label": "text", "aliases": "list", "paper_count": "int", "mention_count": "int",
    },
    "mentions.csv": {
        "paper_id": "text", "paper_node": "text", "concept_id": "text", "type": "text", "text": "text",
        "field": "text", "start": "int", "end": "int", "rule": "text", "proposed": "bool",
        "long_form": "optional text", "sentence": "text",
    },
    "relations.csv": {
        "head_id": "text", "head_label": "text", "relation": "text", "tail_id": "text", "tail_label": "text",
        "paper_id": "text", "sentence": "text", "head_start": "int", "head_end": "int", "tail_start": "int",
        "tail_end": "int", "score": "number",
    },
    "results.csv": {
        "paper_id": "text", "method_id": "text", "method_label": "text", "dataset_id": "text",
        "dataset_label": "text", "metric": "optional text", "value": "text", "number": "number", "unit": "text",
        "relative": "bool", "own_method": "bool", "sentence": "text", "value_start": "int", "value_end": "int",
        "metric_start": "optional int", "metric_end": "optional int",
    },
}  # fmt: skip
"""Each table's columns, in file order, and what each holds."""


def _paper_rows(kg: KnowledgeGraph) -> Iterator[Row]:
    for _, attrs in kg.view.nodes(data=True):
        if attrs["type"] == "paper":
            yield {
                "id": attrs["paper_id"],
                "title": attrs["label"],
                "abstract": attrs["abstract"],
                "published": attrs.get("published"),
                "authors_count": attrs.get("authors_count"),
                "upvotes": attrs.get("upvotes"),
                "arxiv_id": attrs.get("arxiv_id"),
                "sources": join_list(attrs["sources"]),
            }


def _concept_rows(kg: KnowledgeGraph) -> Iterator[Row]:
    for node, attrs in kg.view.nodes(data=True):
        if attrs["type"] != "paper":
            yield {
                "id": node,
                "type": attrs["type"],
                "label": attrs["label"],
                "aliases": join_list(attrs["aliases"]),
                "paper_count": attrs["paper_count"],
                "mention_count": attrs["mention_count"],
            }


def _mention_rows(kg: KnowledgeGraph) -> Iterator[Row]:
    for lm in kg.mentions:
        m = lm.mention
        yield {
            "paper_id": m.paper_id,
            "paper_node": paper_node(m.paper_id),
            "concept_id": lm.concept_id,
            "type": m.type,
            "text": m.text,
            "field": m.field,
            "start": m.start,
            "end": m.end,
            "rule": m.rule,
            "proposed": m.proposed,
            "long_form": m.long_form,
            "sentence": m.sentence,
        }


def _relation_rows(kg: KnowledgeGraph) -> Iterator[Row]:
    nodes = kg.view.nodes
    for linked in kg.relations:
        stated = linked.relation
        yield {
            "head_id": linked.head,
            "head_label": nodes[linked.head]["label"],
            "relation": stated.type,
            "tail_id": linked.tail,
            "tail_label": nodes[linked.tail]["label"],
            "paper_id": stated.paper_id,
            "sentence": stated.sentence,
            "head_start": stated.head_at[0],
            "head_end": stated.head_at[1],
            "tail_start": stated.tail_at[0],
            "tail_end": stated.tail_at[1],
            "score": stated.score,
        }


def _result_rows(kg: KnowledgeGraph) -> Iterator[Row]:
    nodes = kg.view.nodes
    for claim in claimed_results(kg.results):
        result = claim.result
        metric_at = result.metric_at
        yield {
            "paper_id": result.paper_id,
            "method_id": claim.method,
            "method_label": nodes[claim.method]["label"],
            "dataset_id": claim.dataset,
            "dataset_label": nodes[claim.dataset]["label"],
            "metric": result.metric,
            "value": result.value,
            "number": result.number,
            "unit": result.unit,
            "relative": result.relative,
            "own_method": result.own,
            "sentence": result.sentence,
            "value_start": result.value_at[0],
            "value_end": result.value_at[1],
            "metric_start": None if metric_at is None else metric_at[0],
            "metric_end": None if metric_at is None else metric_at[1],
        }


TABLES: dict[str, tuple[tuple[str, ...], Callable[[KnowledgeGraph], Iterator[Row]]]] = {
    "papers.csv": (PAPER_COLUMNS, _paper_rows),
    "concepts.csv": (CONCEPT_COLUMNS, _concept_rows),
    "mentions.csv": (MENTION_COLUMNS, _mention_rows),
    "relations.csv": (RELATION_COLUMNS, _relation_rows),
    "results.csv": (RESULT_COLUMNS, _result_rows),
}


def _frame(name: str, rows: list[Row]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(TABLES[name][0])).astype(_INTEGER_COLUMNS.get(name, {}))


def _names(kg: KnowledgeGraph) -> tuple[str, ...]:
    """The tables of ``kg``: :data:`FILES`, and :data:`STATED_FILES` for a ``--relations`` build."""
    return (*FILES, *STATED_FILES) if kg.stated else FILES


def frames(kg: KnowledgeGraph) -> dict[str, pd.DataFrame]:
    """One whole DataFrame per table, rows in graph order, lists joined with ``|``."""
    return {name: _frame(name, list(TABLES[name][1](kg))) for name in _names(kg)}


def _write_table(name: str, rows: Iterable[Row], target: Path, chunk_rows: int) -> None:
    with target.open("w", encoding="utf-8", newline="") as handle:
        header = True
        for chunk in batched(rows, chunk_rows):
            frame = _frame(name, chunk)
            text_columns = frame.select_dtypes(include=["object", "string"]).columns
            frame[text_columns] = frame[text_columns].map(lambda v: safe_text(v) if isinstance(v, str) else v)
            frame.to_csv(handle, index=False, header=header, lineterminator="\n")
            header = False
        if header:  # no rows: the header alone
            handle.write(",".join(TABLES[name][0]) + "\n")


def write(kg: KnowledgeGraph, path: Path, chunk_rows: int = CHUNK_ROWS) -> list[Path]:
    """Write the three CSV files (five with ``--relations``) into the folder ``path``; return their paths."""
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name in _names(kg):
        target = path / name
        _write_table(name, TABLES[name][1](kg), target, chunk_rows)
        written.append(target)
    return written


_REBUILD = "rebuild the tables with kg build"
_WHOLE_NUMBER = re.compile("-?[0-9]+")


def _cell(kind: ColumnKind, cell: str) -> object:
    if kind == "text":
        return cell
    if kind == "list":
        return split_list(cell)
    if kind == "bool":
        if cell not in ("True", "False"):
            raise ValueError("is neither True nor False")
        return cell == "True"
    if not cell and kind.startswith("optional"):
        return None
    if kind == "number":
        return float(cell)
    if kind == "optional text":
        return cell
    if not _WHOLE_NUMBER.fullmatch(cell):
        raise ValueError("is not a whole number")
    return int(cell)


def read_rows(path: Path) -> Iterator[Row]:
    """The rows of one table that :func:`write` wrote (named by its file name), one by one,
    each typed by :data:`COLUMN_KINDS`.

    A file that is missing, is none of kg's tables, or has a header or a cell kg
    does not write is an :class:`~kg.errors.InputError` naming the file, the line
    and the column.
    """
    kinds = COLUMN_KINDS.get(path.name)
    if kinds is None:
        message = f"not one of kg's tables ({', '.join((*FILES, *STATED_FILES))})"
        raise InputError(InputProblem(path.as_posix(), None, message, "give a file that kg build wrote"))
    # An abstract can be longer than the csv module's default cap on a cell (128 KiB); the cap is only raised.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as err:
        what = "no such file" if isinstance(err, FileNotFoundError) else f"cannot be read ({err.strerror})"
        raise InputError(InputProblem(path.as_posix(), None, what, "give a file that kg build wrote")) from err
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
            if tuple(header) != tuple(kinds):
                message = f"header is {','.join(header) or 'empty'}, not kg's {','.join(kinds)}"
                raise InputError(InputProblem(path.as_posix(), 1, message, _REBUILD))
            for cells in reader:
                line = reader.line_num
                if len(cells) != len(kinds):
                    message = f"row has {len(cells)} cells, the header {len(kinds)}"
                    raise InputError(InputProblem(path.as_posix(), line, message, _REBUILD))
                row: Row = {}
                for (column, kind), cell in zip(kinds.items(), cells, strict=True):
                    try:
                        row[column] = _cell(kind, cell)
                    except ValueError as err:
                        message = f"{column} {cell[:40]!r} {err}"
                        raise InputError(InputProblem(path.as_posix(), line, message, _REBUILD)) from None
                yield row
        except (csv.Error, UnicodeDecodeError) as err:
            where = reader.line_num or None
            raise InputError(
                InputProblem(path.as_posix(), where, f"not a CSV table kg wrote ({err})", _REBUILD)
            ) from err


def read(path: Path) -> dict[str, list[Row]]:
    """The tables in the folder ``path`` (as :func:`write` left it), each a list of typed rows;
    ``relations.csv`` and ``results.csv`` when there are."""
    names = [*FILES, *(name for name in STATED_FILES if (path / name).is_file())]
    return {name: list(read_rows(path / name)) for name in names}
