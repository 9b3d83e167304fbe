"""The paper-concept graph: papers and concepts as nodes, who-mentions-what as edges.

A ``networkx.MultiDiGraph`` whose node attribute ``type`` is ``paper``,
``method``, ``task`` or ``dataset`` and ``label`` the title or canonical name.
Each paper→concept edge is keyed by its relation (``uses_method``,
``addresses_task``, ``uses_dataset``) and says by ``mentions`` how many spans
support it and by ``proposed`` whether the paper presents the concept as its
own.  Attributes hold plain Python values; exporters flatten them as their
format needs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

import networkx as nx

from kg.model import Concept, ConceptType, LinkedMention, Paper
from kg.spool import MentionSpool, in_paper_runs, sorted_on_disk

RELATIONS: dict[ConceptType, str] = {
    "method": "uses_method",
    "task": "addresses_task",
    "dataset": "uses_dataset",
}


LINKS: dict[tuple[ConceptType, ConceptType], str] = {
    ("method", "task"): "applied_to",
    ("method", "dataset"): "evaluated_on",
}
"""Concept-to-concept relations derived from papers that mention both ends."""


@dataclass(frozen=True, slots=True)
class ConceptLink:
    """Two concepts that papers mention together: a method applied to a task, or evaluated on a data set."""

    source: str
    relation: str
    target: str
    papers: tuple[str, ...]
    """Node ids of the supporting papers, in graph order."""


def paper_node(paper_id: str) -> str:
    """The node id of a paper: ``paper:`` and the paper's id."""
    return f"paper:{paper_id}"


@dataclass(frozen=True)
class KnowledgeGraph:
    """The graph and the mentions behind its edges, which exporters of tables need.

    ``mentions`` is a tuple, or for a built corpus a :class:`~kg.spool.MentionSpool`
    that keeps them on disk; either reads in order, paper by paper.
    """

    graph: nx.MultiDiGraph
    mentions: Sequence[LinkedMention]


def _paper_attributes(paper: Paper) -> dict[str, object]:
    attrs: dict[str, object] = {
        "type": "paper",
        "label": paper.title,
        "paper_id": paper.id,
        "abstract": paper.abstract,
        "sources": [str(s) for s in paper.sources],
    }
    optional = {
        "published": paper.published,
        "authors_count": paper.authors_count,
        "upvotes": paper.upvotes,
        "arxiv_id": paper.arxiv_id,
    }
    attrs.update({k: v for k, v in optional.items() if v is not None})
    return attrs


def build_graph(
    papers: Sequence[Paper], concepts: Sequence[Concept], mentions: Sequence[LinkedMention], name: str = "kg"
) -> KnowledgeGraph:
    """Papers in input order, then concepts by id, then edges paper by paper."""
    graph = nx.MultiDiGraph(name=name)
    for paper in papers:
        graph.add_node(paper_node(paper.id), **_paper_attributes(paper))
    for concept in concepts:
        graph.add_node(
            concept.id,
            type=concept.type,
            label=concept.label,
            aliases=list(concept.aliases),
            paper_count=len(concept.paper_ids),
            mention_count=concept.mention_count,
        )
    for paper_id, found_in_paper in _paper_runs(papers, mentions):
        source = paper_node(paper_id)
        support: dict[tuple[str, str], list[LinkedMention]] = defaultdict(list)
        for linked in found_in_paper:
            support[(linked.concept_id, RELATIONS[linked.mention.type])].append(linked)
        for (target, relation), found in sorted(support.items()):
            graph.add_edge(
                source,
                target,
                key=relation,
                relation=relation,
                mentions=len(found),
                weight=len(found),
                proposed=any(f.mention.proposed for f in found),
            )
    return KnowledgeGraph(graph=graph, mentions=mentions if isinstance(mentions, MentionSpool) else tuple(mentions))


def _paper_runs(
    papers: Sequence[Paper], mentions: Sequence[LinkedMention]
) -> Iterator[tuple[str, list[LinkedMention]]]:
    """Each paper's mentions, paper by paper in the order of ``papers``.

    Mentions that come paper by paper in that order (as extraction gives them)
    are grouped as they stream past, so one paper's are held at a time; others
    are sorted into papers first.
    """
    if in_paper_runs(mentions, [paper.id for paper in papers]):
        for paper_id, run in groupby(mentions, key=lambda linked: linked.mention.paper_id):
            yield paper_id, list(run)
        return
    by_paper: dict[str, list[LinkedMention]] = {paper.id: [] for paper in papers}
    for linked in mentions:
        by_paper[linked.mention.paper_id].append(linked)
    yield from ((paper_id, found) for paper_id, found in by_paper.items() if found)


def concept_links(graph: nx.MultiDiGraph, min_papers: int = 1) -> list[ConceptLink]:
    """Method-task and method-dataset links with the papers that support each.

    A paper that uses method M and addresses task T supports "M applied to T";
    one that uses M and data set D supports "M evaluated on D".  Sorted by
    number of papers (most first), then by ids, so the order is stable.
    """
    return list(iter_concept_links(graph, min_papers))


def iter_concept_links(graph: nx.MultiDiGraph, min_papers: int = 1, run: int = 200_000) -> Iterator[ConceptLink]:
    """:func:`concept_links` one by one, with bounded memory.

    A paper with ten methods and five tasks supports fifty links, so the pairs
    of a large corpus outnumber its edges; they are sorted on disk
    (:func:`~kg.spool.sorted_on_disk`, ``run`` records in memory at a time), first
    into links, then into their order, instead of tallied in memory.
    """
    links = (
        (-len(papers), source, relation, target, papers)
        for (source, relation, target), papers in _supported_pairs(graph, run)
        if len(papers) >= min_papers
    )
    # A link carries its papers, a few on average: fewer links than pairs fit in a run.
    for _, source, relation, target, papers in sorted_on_disk(links, run=max(1, run // 4)):
        yield ConceptLink(source, relation, target, papers)


def _supported_pairs(graph: nx.MultiDiGraph, run: int) -> Iterator[tuple[tuple[str, str, str], tuple[str, ...]]]:
    """Each (source, relation, target) and its papers in graph order, sorted by ids."""

    def support() -> Iterator[tuple[str, str, str, int, str]]:
        for position, (node, attrs) in enumerate(graph.nodes(data=True)):
            if attrs["type"] != "paper":
                continue
            by_type: dict[str, list[str]] = defaultdict(list)
            for concept in dict.fromkeys(graph.successors(node)):
                by_type[graph.nodes[concept]["type"]].append(concept)
            for (source_type, target_type), relation in LINKS.items():
                for source in by_type[source_type]:
                    for target in by_type[target_type]:
                        yield source, relation, target, position, node

    for pair, found in groupby(sorted_on_disk(support(), run=run), key=lambda record: record[:3]):
        yield pair, tuple(record[4] for record in found)
