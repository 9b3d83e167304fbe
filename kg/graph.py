"""The paper-concept graph: papers and concepts as nodes, who-mentions-what as edges.

A ``networkx.MultiDiGraph`` whose node attribute ``type`` is ``paper``,
``method``, ``task`` or ``dataset`` and ``label`` the title or canonical name.
Each paper→concept edge is keyed by its relation (``uses_method``,
``addresses_task``, ``uses_dataset``) and says by ``mentions`` how many spans
support it and by ``proposed`` whether the paper presents the concept as its
own.  Attributes hold plain Python values; exporters flatten them as their
format needs.

A build does not hold that graph in memory: its exporters read a
:class:`StreamedGraph`, the same nodes and edges in the same order made paper by
paper from the papers and mentions on disk, so that exporting a hundred thousand
papers costs the memory of the concepts, not of the graph.  The networkx graph
is made from it when a Python user asks for it (:attr:`KnowledgeGraph.graph`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from typing import Any, TypeAlias

import networkx as nx

from kg.model import Concept, ConceptType, LinkedMention, LinkedRelation, LinkedResult, Paper, StatedResult
from kg.spool import MentionSpool, Spool, in_paper_runs, sorted_on_disk

RELATIONS: dict[ConceptType, str] = {
    "method": "uses_method",
    "task": "addresses_task",
    "dataset": "uses_dataset",
}


LINKS: dict[tuple[ConceptType, ConceptType], str] = {
    ("method", "task"): "applied_to",
    ("method", "dataset"): "evaluated_on",
}
"""Concept-to-concept links derived from papers that mention both ends: co-occurrence,
which says that a paper names both, not that it relates them (see :data:`STATED_TYPES`)."""

STATED_TYPES = ("used-for", "evaluated-on", "compared-with", "part-of", "kind-of")
"""The relations a sentence states (``kg build --relations``, ``kg_relations``): stronger than
co-occurrence, as a sentence relates the two.  ``compared-with`` is symmetric."""
SYMMETRIC_STATED = frozenset({"compared-with"})
RESULT_RELATION = "result"
"""The relation of a method-to-data-set edge that carries one stated result (``--relations``)."""
EVIDENCE_IN_GRAPH = 3
"""Evidence sentences a stated link carries in the networkx graph and GraphML (all are in RDF and CSV)."""


@dataclass(frozen=True, slots=True)
class ConceptLink:
    """Two concepts that papers mention together: a method applied to a task, or evaluated on a data set."""

    source: str
    relation: str
    target: str
    papers: tuple[str, ...]
    """Node ids of the supporting papers, in graph order."""


@dataclass(frozen=True, slots=True)
class StatedLink:
    """Two concepts that sentences relate by one type, with the papers and sentences that say so."""

    source: str
    relation: str
    target: str
    papers: tuple[str, ...]
    """Node ids of the supporting papers, in graph order."""
    evidence: tuple[LinkedRelation, ...]
    """Every sentence that states it, papers in graph order."""


@dataclass(frozen=True, slots=True)
class ClaimedResult:
    """A stated result whose method and data set are concepts: what the exports hold of it."""

    number: int
    """Its place among its paper's claims, from 0: ``result:<paper id>:<number>``."""
    result: StatedResult
    method: str
    """The method's concept id."""
    dataset: str
    """The data set's concept id."""


def paper_node(paper_id: str) -> str:
    """The node id of a paper: ``paper:`` and the paper's id."""
    return f"paper:{paper_id}"


@dataclass(frozen=True)
class KnowledgeGraph:
    """The graph and the mentions behind its edges, which exporters of tables need.

    ``view`` is what exporters read: for a built corpus a :class:`StreamedGraph`,
    which holds the concepts and reads papers and mentions from disk paper by
    paper, or any networkx graph of kg's shape (a loaded export, say).
    ``graph`` is the networkx graph, made from the view the first time it is
    asked for.  ``mentions`` reads in order, paper by paper.

    ``stated`` says the build ran with ``--relations``; ``relations`` and ``results``
    are then what papers' sentences state (on disk for a build, papers in order).  They
    are not edges of ``view``, whose edges are paper to concept; :func:`statement_edges`
    makes them concept-to-concept edges, which ``graph`` holds and GraphML writes.
    """

    view: GraphView
    mentions: Sequence[LinkedMention]
    relations: Sequence[LinkedRelation] = ()
    results: Sequence[LinkedResult] = ()
    stated: bool = False

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The networkx ``MultiDiGraph`` (built in memory on first use when the view streams)."""
        if not isinstance(self.view, StreamedGraph):
            return self.view
        graph = self.view.to_networkx()
        for source, target, key, attrs in statement_edges(self):
            graph.add_edge(source, target, key=key, **attrs)
        return graph


def _paper_attributes(paper: Paper) -> dict[str, Any]:
    attrs: dict[str, Any] = {
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


def _concept_attributes(concept: Concept) -> dict[str, Any]:
    return {
        "type": concept.type,
        "label": concept.label,
        "aliases": list(concept.aliases),
        "paper_count": len(concept.paper_ids),
        "mention_count": concept.mention_count,
    }


Neighbours = dict[str, dict[str, dict[str, Any]]]
"""A paper's out-edges as networkx keeps them: target -> relation -> attributes."""


CONCEPT_FIELDS = ("id", "type", "label", "aliases", "paper_count", "mention_count")
"""What kg tells of a concept, in this order: the columns of ``concepts.csv`` and of
:func:`kg.query.top_concepts` (``id`` is the node id; the rest are node attributes)."""
_RELATION_CODES = {relation: code for code, relation in enumerate(RELATIONS.values())}
_RELATIONS_BY_CODE = tuple(RELATIONS.values())


def _edge_record(found_in_paper: list[LinkedMention], concept_index: dict[str, int]) -> tuple[int, ...]:
    """A paper's out-edges as a flat tuple of small ints, four per edge (concept, relation,
    mentions, proposed), sorted by concept id and relation: what the graph keeps on disk."""
    support: dict[tuple[str, str], list[LinkedMention]] = defaultdict(list)
    for linked in found_in_paper:
        support[(linked.concept_id, RELATIONS[linked.mention.type])].append(linked)
    record: list[int] = []
    for (target, relation), found in sorted(support.items()):
        if target not in concept_index:
            raise ValueError(f"a mention of paper {found[0].mention.paper_id!r} links to {target!r}, not a concept")
        record += (concept_index[target], _RELATION_CODES[relation], len(found), any(f.mention.proposed for f in found))
    return tuple(record)


class _Nodes:
    """``graph.nodes`` of a :class:`StreamedGraph`: iterable, callable with ``data``, indexable by node."""

    def __init__(self, graph: StreamedGraph) -> None:
        self._graph = graph

    def __call__(self, data: bool = False) -> Iterator[Any]:
        items = self._graph.node_items()
        return items if data else (node for node, _ in items)

    def __iter__(self) -> Iterator[str]:
        return self(data=False)

    def __len__(self) -> int:
        return self._graph.number_of_nodes()

    def __contains__(self, node: object) -> bool:
        return node in self._graph.concepts or node in self._graph.paper_positions()

    def __getitem__(self, node: str) -> dict[str, Any]:
        concept = self._graph.concepts.get(node)
        if concept is not None:
            return concept
        position = self._graph.paper_positions().get(node)
        if position is None:
            raise KeyError(node)
        return _paper_attributes(self._graph.papers[position])


class StreamedGraph:
    """The paper-concept graph made from its records each time it is read, for corpora larger than memory.

    It has the nodes, edges and attributes of :func:`build_graph`'s networkx
    graph, in the same order, but only the concepts are held: papers and their
    mentions are read (from a :class:`~kg.spool.Spool`, say) paper by paper as
    a reader goes, so exporting a graph of any size costs the memory of its
    concepts.  It offers the part of networkx's read interface that kg's
    exporters use: ``graph``, ``nodes`` (iterate, call with ``data``, index),
    ``edges``, :meth:`adjacency`, the counts and :func:`paper_adjacency`.
    Papers' attribute dicts are made afresh on each read and concepts' are the
    view's own: both are for reading, not for changing.
    """

    def __init__(
        self, papers: Sequence[Paper], concepts: Sequence[Concept], mentions: Sequence[LinkedMention], name: str = "kg"
    ) -> None:
        self.graph: dict[str, Any] = {"name": name}
        self.papers = papers
        self.concepts = {concept.id: _concept_attributes(concept) for concept in concepts}
        self.mentions = mentions
        self.nodes = _Nodes(self)
        self._concept_ids = list(self.concepts)
        self._edges: Spool[tuple[str, tuple[int, ...]]] | None = None
        self._positions: dict[str, int] | None = None
        self._edge_count: int | None = None

    def paper_positions(self) -> dict[str, int]:
        """Each paper node's place among the papers, for looking a paper up by node.

        Made on the first lookup; the exporters never look papers up (they walk
        them), so a build does not hold this per-paper table.
        """
        if self._positions is None:
            self._positions = {paper_node(paper.id): i for i, paper in enumerate(self.papers)}
        return self._positions

    def node_items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(node, attributes): the papers in input order, then the concepts by id."""
        for paper in self.papers:
            yield paper_node(paper.id), _paper_attributes(paper)
        yield from self.concepts.items()

    def _edge_records(self) -> Spool[tuple[str, tuple[int, ...]]]:
        """Each paper's node and its out-edges as an :func:`_edge_record`, papers in order, on disk.

        Made from the mentions on the first walk over the edges; every later walk
        (the exporters make about a dozen) reads these few integers per edge instead
        of the mentions and papers, which cost far more to read back.
        """
        if self._edges is None:
            ids = [paper.id for paper in self.papers]
            index = {concept: i for i, concept in enumerate(self._concept_ids)}
            runs = _paper_runs(ids, self.mentions, in_paper_runs(self.mentions, ids))
            records: Spool[tuple[str, tuple[int, ...]]] = Spool()
            upcoming = next(runs, None)
            for paper_id in ids:
                if upcoming is not None and upcoming[0] == paper_id:
                    records.append((paper_node(paper_id), _edge_record(upcoming[1], index)))
                    upcoming = next(runs, None)
                else:
                    records.append((paper_node(paper_id), ()))
            self._edges = records
        return self._edges

    def paper_adjacency(self) -> Iterator[tuple[str, Neighbours]]:
        """Each paper node and its out-edges, in input order."""
        concepts = self._concept_ids
        for node, record in self._edge_records():
            neighbours: Neighbours = {}
            for i in range(0, len(record), 4):
                relation, mentions = _RELATIONS_BY_CODE[record[i + 1]], record[i + 2]
                neighbours.setdefault(concepts[record[i]], {})[relation] = {
                    "relation": relation,
                    "mentions": mentions,
                    "weight": mentions,
                    "proposed": bool(record[i + 3]),
                }
            yield node, neighbours

    def adjacency(self) -> Iterator[tuple[str, Neighbours]]:
        """(node, out-edges) for every node, as networkx's ``adjacency()``: concepts have none."""
        yield from self.paper_adjacency()
        for concept in self.concepts:
            yield concept, {}

    def edges(self, data: bool = False, keys: bool = False) -> Iterator[tuple[Any, ...]]:
        """Edges as networkx gives them: (u, v), with ``keys`` the relation, with ``data`` the attributes."""
        for source, neighbours in self.adjacency():
            for target, by_key in neighbours.items():
                for key, attrs in by_key.items():
                    if keys:
                        yield (source, target, key, attrs) if data else (source, target, key)
                    else:
                        yield (source, target, attrs) if data else (source, target)

    def number_of_edges(self) -> int:
        if self._edge_count is None:
            self._edge_count = sum(len(record) // 4 for _, record in self._edge_records())
        return self._edge_count

    def number_of_nodes(self) -> int:
        return len(self.papers) + len(self.concepts)

    def __len__(self) -> int:
        return self.number_of_nodes()

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return True

    def to_networkx(self) -> nx.MultiDiGraph:
        """The same graph in memory, as a networkx ``MultiDiGraph``."""
        graph = nx.MultiDiGraph(**self.graph)
        for node, attrs in self.node_items():
            graph.add_node(node, **{k: list(v) if isinstance(v, list) else v for k, v in attrs.items()})
        for source, target, key, attrs in self.edges(keys=True, data=True):
            graph.add_edge(source, target, key=key, **attrs)
        return graph


GraphView: TypeAlias = nx.MultiDiGraph | StreamedGraph
"""What exporters read: a networkx graph, or the same graph streamed from disk."""


def paper_adjacency(view: GraphView) -> Iterator[tuple[str, Neighbours]]:
    """Each paper node of a networkx graph or a :class:`StreamedGraph` and its out-edges
    (target -> relation -> attributes), in graph order, in one pass."""
    if isinstance(view, StreamedGraph):
        yield from view.paper_adjacency()
        return
    for node, attrs in view.nodes(data=True):
        if attrs["type"] == "paper":
            yield node, view.succ[node]


def concept_items(view: GraphView) -> Iterator[tuple[str, dict[str, Any]]]:
    """(node, attributes) of each concept of a networkx graph or a :class:`StreamedGraph`,
    in graph order; the streamed view answers without reading its papers."""
    if isinstance(view, StreamedGraph):
        return iter(view.concepts.items())
    return ((node, attrs) for node, attrs in view.nodes(data=True) if attrs["type"] != "paper")


def build_graph(
    papers: Sequence[Paper], concepts: Sequence[Concept], mentions: Sequence[LinkedMention], name: str = "kg"
) -> KnowledgeGraph:
    """The graph in memory: papers in input order, then concepts by id, then edges paper by paper."""
    kept = mentions if isinstance(mentions, MentionSpool) else tuple(mentions)
    return KnowledgeGraph(view=StreamedGraph(papers, concepts, kept, name).to_networkx(), mentions=kept)


def _paper_runs(
    paper_ids: Sequence[str], mentions: Sequence[LinkedMention], in_order: bool
) -> Iterator[tuple[str, list[LinkedMention]]]:
    """Each paper's mentions, paper by paper in the order of ``paper_ids``.

    Mentions that come paper by paper in that order (``in_order``, as extraction
    gives them: :func:`~kg.spool.in_paper_runs`) are grouped as they stream
    past, so one paper's are held at a time; others are sorted into papers first.
    """
    if in_order:
        for paper_id, run in groupby(mentions, key=lambda linked: linked.mention.paper_id):
            yield paper_id, list(run)
        return
    by_paper: dict[str, list[LinkedMention]] = {paper_id: [] for paper_id in paper_ids}
    for linked in mentions:
        by_paper[linked.mention.paper_id].append(linked)
    yield from ((paper_id, found) for paper_id, found in by_paper.items() if found)


def concept_links(graph: GraphView, min_papers: int = 1) -> list[ConceptLink]:
    """Method-task and method-dataset links with the papers that support each.

    A paper that uses method M and addresses task T supports "M applied to T";
    one that uses M and data set D supports "M evaluated on D".  Sorted by
    number of papers (most first), then by ids, so the order is stable.
    """
    return list(iter_concept_links(graph, min_papers))


def iter_concept_links(graph: GraphView, min_papers: int = 1, run: int = 200_000) -> Iterator[ConceptLink]:
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


def _supported_pairs(graph: GraphView, run: int) -> Iterator[tuple[tuple[str, str, str], tuple[str, ...]]]:
    """Each (source, relation, target) and its papers in graph order, sorted by ids."""

    def support() -> Iterator[tuple[str, str, str, int, str]]:
        for position, (node, neighbours) in enumerate(paper_adjacency(graph)):
            by_type: dict[str, list[str]] = defaultdict(list)
            for concept in neighbours:
                by_type[graph.nodes[concept]["type"]].append(concept)
            for (source_type, target_type), relation in LINKS.items():
                for source in by_type[source_type]:
                    for target in by_type[target_type]:
                        yield source, relation, target, position, node

    for pair, found in groupby(sorted_on_disk(support(), run=run), key=lambda record: record[:3]):
        yield pair, tuple(record[4] for record in found)


def stated_key(source: str, relation: str, target: str) -> tuple[str, str, str]:
    """A stated link's ends and type as kg keeps it: a symmetric type's ends by id."""
    if relation in SYMMETRIC_STATED and target < source:
        return target, relation, source
    return source, relation, target


def iter_stated_links(
    relations: Iterable[LinkedRelation], min_papers: int = 1, run: int = 200_000
) -> Iterator[StatedLink]:
    """The stated links of ``relations`` (in paper order, as a build spools them), most
    papers first, then by ids, with bounded memory: the relations are sorted on disk into
    links, then the links into their order, as :func:`iter_concept_links` does."""

    def keyed() -> Iterator[tuple[str, str, str, int, LinkedRelation]]:
        for position, linked in enumerate(relations):
            yield (*stated_key(linked.head, linked.relation.type, linked.tail), position, linked)

    def grouped() -> Iterator[tuple[int, str, str, str, tuple[str, ...], tuple[LinkedRelation, ...]]]:
        for (source, relation, target), found in groupby(sorted_on_disk(keyed(), run=run), key=lambda r: r[:3]):
            evidence = tuple(record[4] for record in found)
            papers = tuple(dict.fromkeys(paper_node(linked.relation.paper_id) for linked in evidence))
            if len(papers) >= min_papers:
                yield -len(papers), source, relation, target, papers, evidence

    for _, source, relation, target, papers, evidence in sorted_on_disk(grouped(), run=max(1, run // 4)):
        yield StatedLink(source, relation, target, papers, evidence)


def statement_edges(kg: KnowledgeGraph) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """The concept-to-concept edges of what papers state, as (source, target, key, attributes).

    A stated link is one edge keyed by its type (``used-for``...), of ``kind`` ``stated``,
    weighted by its number of papers, with those papers and its first evidence sentence
    (and that sentence's paper).  A result whose method and data set are concepts is an
    edge from the method to the data set keyed ``result:<paper id>:<n>``, with the metric,
    value, paper and sentence.  None without ``--relations``.
    """
    if not kg.stated:
        return
    for link in iter_stated_links(kg.relations):
        first = link.evidence[0]
        yield (
            link.source,
            link.target,
            link.relation,
            {
                "relation": link.relation,
                "kind": "stated",
                "weight": len(link.papers),
                "paper_count": len(link.papers),
                "papers": list(link.papers),
                "sentence": first.relation.sentence,
                "paper": paper_node(first.relation.paper_id),
            },
        )
    for claim in claimed_results(kg.results):
        result = claim.result
        attrs: dict[str, Any] = {
            "relation": RESULT_RELATION,
            "kind": "claim",
            "weight": 1,
            "paper": paper_node(result.paper_id),
            "value": result.value,
            "number": result.number,
            "sentence": result.sentence,
        }
        if result.metric is not None:
            attrs["metric"] = result.metric
        yield claim.method, claim.dataset, f"{RESULT_RELATION}:{result.paper_id}:{claim.number}", attrs


def claimed_results(results: Iterable[LinkedResult]) -> Iterator[ClaimedResult]:
    """The results whose method and data set are both concepts, as claims numbered within
    their paper (0, 1, ...), in the order of ``results``.

    These are the result claims of every export: the graph's ``result:<paper id>:<n>``
    edges, the RDF's ``kg:ResultClaim`` nodes and the rows of ``results.csv``, numbered
    alike so that each names the same claim.  A result that names no method or data set kg
    found as a concept relates nothing in the graph and is left out.
    """
    counter: dict[str, int] = {}
    for linked in results:
        if linked.method is None or linked.dataset is None:
            continue
        paper_id = linked.result.paper_id
        number = counter.get(paper_id, 0)
        counter[paper_id] = number + 1
        yield ClaimedResult(number, linked.result, linked.method, linked.dataset)
