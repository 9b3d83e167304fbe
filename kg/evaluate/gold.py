"""Scoring kg against a user's own gold concepts, paper by paper.

The gold file is JSON: a list of papers (or ``{"papers": [...]}``), each with
``title``, ``abstract`` and ``concepts``, a mapping from ``method``, ``task``
and ``dataset`` to the names a reader would expect kg to find.  A name may be
a list of variants of one concept (``["graph neural network", "GNN"]``).

kg builds its graph of those papers, then for each paper and type matches
gold concepts one-to-one with the concepts kg linked to the paper.  A match
needs the same type and a shared comparison key: the gold name (or a variant)
against the predicted concept's label or any of its aliases, after kg's own
normalisation (case, hyphens, plurals; spaces too for data sets).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.building import build_knowledge_graph
from kg.errors import InputError, InputProblem
from kg.evaluate.metrics import PRF, Scores
from kg.extract.options import ExtractOptions
from kg.graph import paper_node
from kg.link import type_key
from kg.model import CONCEPT_TYPES, ConceptType, Paper, concept_type
from kg.normalize import concept_key
from kg.sources.identity import paper_id


@dataclass(frozen=True)
class GoldPaper:
    """A paper and the concepts a reader expects, each a set of variant keys."""

    paper: Paper
    concepts: dict[ConceptType, tuple[frozenset[str], ...]]


def _keys(kind: ConceptType, names: Sequence[str]) -> frozenset[str]:
    return frozenset(type_key(kind, concept_key(name)) for name in names if name.strip())


def read_gold(path: Path) -> list[GoldPaper]:
    """The gold file's papers; an :class:`InputError` names what is wrong and where."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(InputProblem(str(path), None, f"cannot read gold file: {err.strerror}")) from err
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        line = err.lineno if isinstance(err, json.JSONDecodeError) else None
        raise InputError(
            InputProblem(str(path), line, f"not JSON: {err}", "see the gold format in the README")
        ) from err
    records = data.get("papers") if isinstance(data, dict) else data
    if not isinstance(records, list) or not records:
        raise InputError(InputProblem(str(path), None, "expected a non-empty list of papers", "see the README"))
    papers = []
    for index, record in enumerate(records):
        where = f"paper {index + 1}"
        if not isinstance(record, dict) or not all(isinstance(record.get(k), str) for k in ("title", "abstract")):
            raise InputError(InputProblem(str(path), None, f"{where}: needs string 'title' and 'abstract'"))
        concepts = record.get("concepts", {})
        if not isinstance(concepts, dict) or set(concepts) - set(CONCEPT_TYPES):
            raise InputError(
                InputProblem(str(path), None, f"{where}: 'concepts' must map method/task/dataset to lists of names")
            )
        gold: dict[ConceptType, tuple[frozenset[str], ...]] = {}
        for kind in CONCEPT_TYPES:
            entries = concepts.get(kind, [])
            if not isinstance(entries, list):
                raise InputError(InputProblem(str(path), None, f"{where}: concepts.{kind} must be a list"))
            variants = [[e] if isinstance(e, str) else e for e in entries]
            if not all(isinstance(v, list) and all(isinstance(n, str) for n in v) for v in variants):
                raise InputError(InputProblem(str(path), None, f"{where}: concepts.{kind} holds a non-string name"))
            gold[kind] = tuple(k for k in (_keys(kind, v) for v in variants) if k)
        given = record.get("id")
        pid, arxiv = paper_id(str(given) if given is not None else None, record["title"])
        papers.append(GoldPaper(Paper(pid, record["title"], record["abstract"], arxiv_id=arxiv), gold))
    return papers


def _match(gold: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> int:
    """Size of a one-to-one matching of gold and predicted concepts that share a key."""
    used: set[int] = set()
    matched = 0
    for keys in gold:
        for j, candidate in enumerate(predicted):
            if j not in used and keys & candidate:
                used.add(j)
                matched += 1
                break
    return matched


def evaluate_gold(gold: Sequence[GoldPaper], extraction: ExtractOptions | None = None) -> Scores:
    """Per-type and micro P/R/F1 of kg's per-paper concepts against the gold file.

    ``extraction`` chooses the extractor (another NER model, accurate mode), so that
    several can be compared on the same gold papers; by default the shipped one.
    """
    kg = build_knowledge_graph([g.paper for g in gold], extraction=extraction)
    graph = kg.graph
    counts = {kind: [0, 0, 0] for kind in CONCEPT_TYPES}
    for entry in gold:
        predicted: dict[str, list[frozenset[str]]] = {kind: [] for kind in CONCEPT_TYPES}
        for _, concept in graph.out_edges(paper_node(entry.paper.id)):
            attrs = graph.nodes[concept]
            kind = concept_type(attrs["type"])
            names = [attrs["label"], *attrs["aliases"]]
            keys = _keys(kind, names)
            if keys not in predicted[kind]:
                predicted[kind].append(keys)
        for kind in CONCEPT_TYPES:
            tp = _match(entry.concepts[kind], predicted[kind])
            counts[kind][0] += tp
            counts[kind][1] += len(predicted[kind])
            counts[kind][2] += len(entry.concepts[kind])
    per_type: dict[str, PRF] = {kind: PRF(*counts[kind]) for kind in CONCEPT_TYPES}
    micro = PRF(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return Scores(per_type, micro)
