"""The tables behind the graph as CSV: papers, concepts and mentions (pandas)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kg.export.text import safe_text
from kg.graph import KnowledgeGraph, paper_node

FILES = ("papers.csv", "concepts.csv", "mentions.csv")
LIST_SEPARATOR = "|"


def frames(kg: KnowledgeGraph) -> dict[str, pd.DataFrame]:
    """One DataFrame per table, rows in graph order, lists joined with ``|``."""
    graph = kg.graph
    papers = [
        {
            "id": attrs["paper_id"],
            "title": attrs["label"],
            "abstract": attrs["abstract"],
            "published": attrs.get("published"),
            "authors_count": attrs.get("authors_count"),
            "upvotes": attrs.get("upvotes"),
            "arxiv_id": attrs.get("arxiv_id"),
            "sources": LIST_SEPARATOR.join(attrs["sources"]),
        }
        for _, attrs in graph.nodes(data=True)
        if attrs["type"] == "paper"
    ]
    concepts = [
        {
            "id": node,
            "type": attrs["type"],
            "label": attrs["label"],
            "aliases": LIST_SEPARATOR.join(attrs["aliases"]),
            "paper_count": attrs["paper_count"],
            "mention_count": attrs["mention_count"],
        }
        for node, attrs in graph.nodes(data=True)
        if attrs["type"] != "paper"
    ]
    mentions = [
        {
            "paper_id": lm.mention.paper_id,
            "paper_node": paper_node(lm.mention.paper_id),
            "concept_id": lm.concept_id,
            "type": lm.mention.type,
            "text": lm.mention.text,
            "field": lm.mention.field,
            "start": lm.mention.start,
            "end": lm.mention.end,
            "rule": lm.mention.rule,
            "proposed": lm.mention.proposed,
            "long_form": lm.mention.long_form,
            "sentence": lm.mention.sentence,
        }
        for lm in kg.mentions
    ]
    return {
        "papers.csv": pd.DataFrame(papers, columns=list(papers[0]) if papers else None).astype(
            {"authors_count": "Int64", "upvotes": "Int64"} if papers else {}
        ),
        "concepts.csv": pd.DataFrame(concepts),
        "mentions.csv": pd.DataFrame(mentions),
    }


def write(kg: KnowledgeGraph, path: Path) -> list[Path]:
    """Write the three CSV files into the folder ``path``; return their paths."""
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames(kg).items():
        target = path / name
        text_columns = frame.select_dtypes(include=["object", "string"]).columns
        frame[text_columns] = frame[text_columns].map(lambda v: safe_text(v) if isinstance(v, str) else v)
        frame.to_csv(target, index=False, encoding="utf-8", lineterminator="\n")
        written.append(target)
    return written
