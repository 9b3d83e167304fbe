"""The tables behind the graph as CSV: papers, concepts and mentions (pandas).

Each table is written in slices of :data:`CHUNK_ROWS` rows, so writing a
million mentions holds one slice as a DataFrame at a time, not the whole table:
the memory this export adds stays flat however large the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from kg.export.text import safe_text
from kg.graph import CONCEPT_FIELDS, KnowledgeGraph, paper_node
from kg.spool import batched

FILES = ("papers.csv", "concepts.csv", "mentions.csv")
LIST_SEPARATOR = "|"
CHUNK_ROWS = 10_000
"""Rows per DataFrame slice while writing."""

Row = dict[str, Any]
PAPER_COLUMNS = ("id", "title", "abstract", "published", "authors_count", "upvotes", "arxiv_id", "sources")
CONCEPT_COLUMNS = CONCEPT_FIELDS
MENTION_COLUMNS = (
    "paper_id", "paper_node", "concept_id", "type", "text", "field",
    "start", "end", "rule", "proposed", "long_form", "sentence",
)  # fmt: skip
_INTEGER_COLUMNS = {"papers.csv": {"authors_count": "Int64", "upvotes": "Int64"}}


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
                "sources": LIST_SEPARATOR.join(attrs["sources"]),
            }


def _concept_rows(kg: KnowledgeGraph) -> Iterator[Row]:
    for node, attrs in kg.view.nodes(data=True):
        if attrs["type"] != "paper":
            yield {
                "id": node,
                "type": attrs["type"],
                "label": attrs["label"],
                "aliases": LIST_SEPARATOR.join(attrs["aliases"]),
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


TABLES: dict[str, tuple[tuple[str, ...], Callable[[KnowledgeGraph], Iterator[Row]]]] = {
    "papers.csv": (PAPER_COLUMNS, _paper_rows),
    "concepts.csv": (CONCEPT_COLUMNS, _concept_rows),
    "mentions.csv": (MENTION_COLUMNS, _mention_rows),
}


def _frame(name: str, rows: list[Row]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(TABLES[name][0])).astype(_INTEGER_COLUMNS.get(name, {}))


def frames(kg: KnowledgeGraph) -> dict[str, pd.DataFrame]:
    """One whole DataFrame per table, rows in graph order, lists joined with ``|``."""
    return {name: _frame(name, list(rows(kg))) for name, (_, rows) in TABLES.items()}


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
    """Write the three CSV files into the folder ``path``; return their paths."""
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (_, rows) in TABLES.items():
        target = path / name
        _write_table(name, rows(kg), target, chunk_rows)
        written.append(target)
    return written
