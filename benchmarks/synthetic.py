"""Synthetic paper-concept graphs for benchmarks that need size, not extraction.

Papers draw methods, tasks and data sets from Zipf-like pools, so that a few
concepts are very common and most are rare, as in real corpora; records go
through kg's own linking and graph building.
"""

from __future__ import annotations

import random

from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import ConceptType, Mention, Paper

POOLS: dict[ConceptType, int] = {"method": 4000, "task": 1200, "dataset": 600}
PER_PAPER: dict[ConceptType, int] = {"method": 6, "task": 2, "dataset": 2}


def synthetic_kg(papers: int, seed: int = 7) -> KnowledgeGraph:
    """A graph of ``papers`` papers with about ten concept mentions each."""
    rng = random.Random(seed)
    weights = {kind: [1 / (i + 1) for i in range(n)] for kind, n in POOLS.items()}
    records, mentions = [], []
    for i in range(papers):
        pid = f"p{i}"
        records.append(Paper(pid, f"Paper {i}", f"Abstract of paper {i}.", f"20{10 + i % 15}-01-01"))
        for kind, count in PER_PAPER.items():
            for j in rng.choices(range(POOLS[kind]), weights[kind], k=count):
                name = f"{kind} {j}"
                mentions.append(Mention(pid, kind, name, "abstract", 0, len(name), name, "synthetic"))
    concepts, linked = link(mentions)
    return build_graph(records, concepts, linked)
