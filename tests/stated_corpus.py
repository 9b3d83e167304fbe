"""A small graph with stated relations and results, made from hand-written records, so that
the exports' answers are known whatever the relation classifier says.

Each abstract is one sentence; mentions carry their real offsets into it, relations and
results name the mentions by index, as extraction gives them.
"""

from __future__ import annotations

from kg.graph import KnowledgeGraph, StreamedGraph
from kg.link import link_into
from kg.link.statements import link_statements
from kg.model import ConceptType, Mention, Paper, PaperStatements, SourceRef, StatedRelation, StatedResult
from kg.spool import MentionSpool

SENTENCES = {
    "s1": "We use GraphMix for node classification.",
    "s2": "GraphMix is used for node classification and evaluated on Cora.",
    "s3": "Our GraphMix achieves 81.5% accuracy on Cora.",
    "s4": "We use ResNet for image classification.",
}
NAMES: dict[str, list[tuple[ConceptType, str]]] = {
    "s1": [("method", "GraphMix"), ("task", "node classification")],
    "s2": [("method", "GraphMix"), ("task", "node classification"), ("dataset", "Cora")],
    "s3": [("method", "GraphMix"), ("dataset", "Cora")],
    "s4": [("method", "ResNet"), ("task", "image classification")],
}
PAPERS = [
    Paper(pid, f"Paper {pid}", text, "2024-01-0" + pid[1], sources=(SourceRef("stated.txt", i + 1),))
    for i, (pid, text) in enumerate(SENTENCES.items())
]


def _at(paper: str, name: str) -> tuple[int, int]:
    start = SENTENCES[paper].index(name)
    return start, start + len(name)


def mentions() -> list[Mention]:
    found = []
    for paper, names in NAMES.items():
        for kind, name in names:
            start, end = _at(paper, name)
            found.append(Mention(paper, kind, name, "abstract", start, end, SENTENCES[paper], "test"))
    return found


def _relation(paper: str, kind: str, head: int, tail: int, score: float = 0.9) -> StatedRelation:
    names = NAMES[paper]
    return StatedRelation(
        paper, kind, head, tail, SENTENCES[paper], _at(paper, names[head][1]), _at(paper, names[tail][1]), score
    )


STATEMENTS = {
    "s1": PaperStatements((_relation("s1", "used-for", 0, 1),)),
    "s2": PaperStatements((_relation("s2", "used-for", 0, 1, 0.8), _relation("s2", "evaluated-on", 0, 2, 0.7))),
    "s3": PaperStatements(
        results=(
            StatedResult(
                "s3",
                SENTENCES["s3"],
                "81.5%",
                81.5,
                "%",
                False,
                "accuracy",
                _at("s3", "81.5%"),
                _at("s3", "accuracy"),
                0,
                1,
                "GraphMix",
                "Cora",
                True,
            ),
        )
    ),
    "s4": PaperStatements((_relation("s4", "used-for", 0, 1, 0.95),)),
}


def stated_graph() -> KnowledgeGraph:
    """The graph of :data:`PAPERS` as a ``--relations`` build makes it."""
    concepts, linked = link_into(mentions(), MentionSpool)
    relations, results = link_statements([p.id for p in PAPERS], [STATEMENTS[p.id] for p in PAPERS], linked)
    return KnowledgeGraph(StreamedGraph(PAPERS, concepts, linked), linked, relations, results, stated=True)
