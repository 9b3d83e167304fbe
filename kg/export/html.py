"""An interactive HTML view of the graph that opens from the file, offline.

The page is kg's own template around pyvis's copy of vis-network: the script
and its CSS are inlined (pyvis's ``in_line`` mode still loads Bootstrap from a
CDN), a Content-Security-Policy forbids every request, the graph travels as
JSON inside a ``<script type="application/json">`` element with ``<``, ``>``
and ``&`` escaped, and every label, tooltip and detail is put into the page as
text, never parsed as HTML.

By default the page shows the concept graph: methods, tasks and data sets,
linked when papers mention both, weighted by the number of such papers; a
switch adds the papers.  Large graphs are pruned to the concepts with at least
``min_papers`` papers, at most ``max_nodes`` of them (and as many papers), and
to the strongest concept links; the page says what was left out.  A small
corpus lowers the threshold instead, and the page says so.

Every node's position, community and label size are decided here, at build
time (:mod:`kg.export.layout`), so the page opens as a finished map, the same
on every load; it draws the labels itself, most important first, each where it
overlaps no other.  A method-by-task table, with each cell's papers, is the
page's second tab.

A ``--relations`` build adds the stated links between the concepts drawn (edges of
``kind`` ``stated``, with their type and paper count); clicking one shows its type and up
to :data:`EVIDENCE_PER_LINK` of its sentences, with how many there are in all.
"""

from __future__ import annotations

import heapq
import html
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import combinations
from pathlib import Path

from kg.export.layout import PAPER_RADIUS, concept_layout, concept_radius, paper_positions
from kg.export.text import safe_text
from kg.graph import GraphView, KnowledgeGraph, concept_items, iter_stated_links, paper_adjacency, paper_node

VIS_VERSION = "vis-9.1.2"
STYLE = {
    "paper": {"name": "Paper", "color": "#9fb3c8", "shape": "square"},
    "method": {"name": "Method", "color": "#2f80ed", "shape": "dot"},
    "task": {"name": "Task", "color": "#f2994a", "shape": "diamond"},
    "dataset": {"name": "Dataset", "color": "#27ae60", "shape": "triangle"},
}
TYPES = ("method", "task", "dataset", "paper")
CONCEPT_LINK_TYPES = frozenset({("method", "task"), ("method", "dataset"), ("task", "dataset")})
_SHORT = 40
ADAPT_FLOOR = 30
"""Fewer concepts than this passing ``min_papers`` lowers the threshold (see ``_chosen_concepts``)."""
SMALL_CORPUS = 30
"""A view with at most this many papers opens with them shown."""
LABEL_MIN_PX = 11
LABEL_MAX_PX = 18
LINKS_PER_CONCEPT = 3
MATRIX_METHODS = 25
MATRIX_TASKS = 15
EVIDENCE_PER_LINK = 3
"""Sentences the page holds for each stated link (the RDF and relations.csv hold them all)."""


@dataclass(frozen=True)
class ViewOptions:
    """How much of the graph the page draws, and what it shows first."""

    max_nodes: int = 400
    """Most concepts drawn (and most papers added by the papers switch)."""
    min_papers: int = 2
    """Concepts mentioned by fewer papers are left out (but stay searchable in the other exports)."""
    max_links: int = 2000
    """Most concept links drawn, the strongest (each concept keeps its few strongest too)."""
    show_papers: bool = False
    """Start with papers shown rather than the concept graph alone."""
    title: str = "kg: knowledge graph"


def _asset(name: str) -> str:
    return resources.files("pyvis").joinpath("templates", "lib", VIS_VERSION, name).read_text(encoding="utf-8")


def _short(label: str) -> str:
    return label if len(label) <= _SHORT else label[: _SHORT - 1].rstrip() + "…"


def _chosen_concepts(graph: GraphView, options: ViewOptions) -> tuple[list[str], int, int]:
    """The concepts drawn, the number of concepts and the paper threshold used.

    The threshold starts at ``min_papers`` and is lowered while fewer than
    ``ADAPT_FLOOR`` concepts (or ``max_nodes``) would pass it, so that a small
    corpus shows what it has rather than a blank canvas.
    """
    concepts = list(concept_items(graph))
    order = sorted(concepts, key=lambda item: (-item[1]["paper_count"], -item[1]["mention_count"], item[0]))
    floor = min(options.max_nodes, ADAPT_FLOOR)
    threshold = options.min_papers
    while threshold > 1 and sum(1 for _, a in order if a["paper_count"] >= threshold) < floor:
        threshold -= 1
    eligible = [n for n, a in order if a["paper_count"] >= threshold]
    return eligible[: options.max_nodes], len(concepts), threshold


def _chosen_papers(graph: GraphView, concepts: set[str], limit: int) -> tuple[list[str], int]:
    """The ``limit`` papers that mention the most shown concepts (earlier papers first at
    equal counts), in graph order, and the number of papers; only the best are held."""
    total = 0

    def linked() -> Iterator[tuple[int, int, str]]:
        nonlocal total
        for position, (paper, neighbours) in enumerate(paper_adjacency(graph)):
            total += 1
            if n := sum(1 for t in neighbours if t in concepts):
                yield -n, position, paper

    best = heapq.nsmallest(limit, linked())
    return [paper for _, _, paper in sorted(best, key=lambda item: item[1])], total


def _strongest(shared: Counter[tuple[str, str]], limit: int) -> list[tuple[str, str]]:
    """The concept links drawn, in sorted order: the ``limit`` strongest, and each
    concept's ``LINKS_PER_CONCEPT`` strongest.  Tens of thousands of weak links
    would only grey the map over and slow its drawing (VOSviewer draws 1,000)."""
    ranked = sorted(shared, key=lambda pair: (-shared[pair], pair))
    keep = set(ranked[:limit])
    per: Counter[str] = Counter()
    for a, b in ranked:
        if per[a] < LINKS_PER_CONCEPT or per[b] < LINKS_PER_CONCEPT:
            keep.add((a, b))
        per[a] += 1
        per[b] += 1
    return sorted(keep)


def _label_px(papers: int, most: int) -> int:
    """A label's height on screen in CSS pixels: larger for concepts with more papers."""
    return round(LABEL_MIN_PX + (LABEL_MAX_PX - LABEL_MIN_PX) * math.sqrt(papers / max(most, 1)))


def _matrix(
    graph: GraphView,
    concepts: list[str],
    shared: Counter[tuple[str, str]],
    papers_of: dict[tuple[str, str], list[str]],
) -> dict[str, object]:
    """The method-by-task table: the most mentioned of each, and the papers in each cell."""
    methods = [n for n in concepts if graph.nodes[n]["type"] == "method"][:MATRIX_METHODS]
    tasks = [n for n in concepts if graph.nodes[n]["type"] == "task"][:MATRIX_TASKS]
    cells = [
        [i, j, shared[(m, t)], [safe_text(p) for p in papers_of.get((m, t), [])]]
        for i, m in enumerate(methods)
        for j, t in enumerate(tasks)
        if shared[(m, t)]
    ]
    return {"methods": [safe_text(m) for m in methods], "tasks": [safe_text(t) for t in tasks], "cells": cells}


def view_data(kg: KnowledgeGraph, options: ViewOptions | None = None) -> dict[str, object]:
    """What the page draws: nodes with their build-time positions and display fields, both
    kinds of edges, the communities, the method-by-task matrix, counts and what was left out."""
    options = options or ViewOptions()
    graph = kg.view
    concepts, concepts_total, threshold = _chosen_concepts(graph, options)
    shown = set(concepts)
    papers, papers_total = _chosen_papers(graph, shown, options.max_nodes)
    chosen = set(papers)
    top_methods = {n for n in concepts if graph.nodes[n]["type"] == "method"}
    paper_edges: list[dict[str, object]] = []
    shared: Counter[tuple[str, str]] = Counter()
    together: Counter[tuple[str, str]] = Counter()
    mentioned: dict[str, list[str]] = {}
    papers_of: dict[tuple[str, str], list[str]] = {}
    for paper, neighbours in paper_adjacency(graph):  # one walk for every kind of pair
        targets = sorted({t for t in neighbours if t in shown})
        if paper in chosen:
            mentioned[paper] = targets
            paper_edges.extend(
                {"from": safe_text(paper), "to": safe_text(t), "kind": "mention", "weight": a["mentions"]}
                for t, by_key in neighbours.items()
                if t in shown
                for a in by_key.values()
            )
        for a, b in combinations(targets, 2):
            together[(a, b)] += 1
            kinds = (graph.nodes[a]["type"], graph.nodes[b]["type"])
            pair = (a, b) if kinds in CONCEPT_LINK_TYPES else (b, a) if kinds[::-1] in CONCEPT_LINK_TYPES else None
            if pair is None:
                continue
            shared[pair] += 1
            if paper in chosen and pair[0] in top_methods and graph.nodes[pair[1]]["type"] == "task":
                papers_of.setdefault(pair, []).append(paper)
    links = _strongest(shared, options.max_links)
    concept_edges = [
        {"from": safe_text(a), "to": safe_text(b), "kind": "shared", "weight": shared[(a, b)]} for a, b in links
    ]
    stated_edges = _stated_edges(kg, shown, options.max_links) if kg.stated else []
    importance = {n: graph.nodes[n]["paper_count"] for n in concepts}
    labels = {n: _short(safe_text(graph.nodes[n]["label"])) for n in concepts}
    layout = concept_layout(importance, labels, together)
    placed = paper_positions(mentioned, layout.positions)
    most = max(importance.values(), default=1)
    nodes: list[dict[str, object]] = []
    counts = dict.fromkeys(TYPES, 0)
    # One walk over the papers for the chosen ones' attributes: a large graph's papers are on disk.
    paper_attrs = {n: a for n, a in graph.nodes(data=True) if n in chosen} if papers else {}
    for node in [*concepts, *papers]:
        attrs = paper_attrs[node] if node in chosen else graph.nodes[node]
        kind = attrs["type"]
        counts[kind] += 1
        label = safe_text(attrs["label"])
        aliases = [safe_text(a) for a in attrs.get("aliases", [])]
        entry: dict[str, object] = {"id": safe_text(node), "type": kind, "label": label, "short": _short(label)}
        if kind == "paper":
            facts = [f"Published {attrs['published']}" if "published" in attrs else "Date not given"]
            if "authors_count" in attrs:
                facts.append(f"{attrs['authors_count']} authors")
            facts.append(safe_text(attrs["abstract"]))
            x, y = placed[node]
            entry.update(size=PAPER_RADIUS, papers=0, facts=facts, aliases=[], x=x, y=y, c=-1, px=LABEL_MIN_PX)
        else:
            x, y = layout.positions[node]
            entry.update(
                size=concept_radius(attrs["paper_count"], most),
                papers=attrs["paper_count"],
                facts=[f"{attrs['paper_count']} paper(s), {attrs['mention_count']} mention(s)"],
                aliases=aliases,
                x=x,
                y=y,
                c=layout.community_of[node],
                px=_label_px(attrs["paper_count"], most),
            )
        entry["search"] = " ".join([label, *aliases]).lower()
        nodes.append(entry)
    notes = []
    if not concepts:
        notes.append("No concept was found in these papers, so there is nothing to draw")
    elif threshold < options.min_papers:
        notes.append(
            f"This corpus is small: few concepts have {options.min_papers} or more papers, "
            f"so every concept with at least {threshold} paper{'' if threshold == 1 else 's'} is drawn"
        )
    show_papers = options.show_papers or 0 < len(papers) <= SMALL_CORPUS
    if show_papers and not options.show_papers:
        notes.append(f"All {len(papers)} papers are shown, as the corpus is small")
    left_out = []
    if len(concepts) < concepts_total:
        left_out.append(
            f"{concepts_total - len(concepts)} of {concepts_total} concepts are not drawn "
            f"(fewer than {threshold} papers, or beyond the {options.max_nodes} most mentioned)"
        )
    if len(papers) < papers_total:
        left_out.append(f"{papers_total - len(papers)} of {papers_total} papers are not drawn")
    if len(links) < len(shared):
        left_out.append(
            f"{len(shared) - len(links)} of {len(shared)} concept links are not drawn "
            f"(only the {options.max_links} strongest and each concept's {LINKS_PER_CONCEPT} strongest)"
        )
    summary = (
        f"{counts['method']} methods, {counts['task']} tasks, {counts['dataset']} datasets, "
        f"{counts['paper']} papers; {len(concept_edges)} concept links, {len(paper_edges)} paper links"
    )
    if kg.stated:
        summary += f", {len(stated_edges)} stated relations"
    return {
        "title": safe_text(options.title),
        "summary": summary,
        "notes": notes,
        "leftOut": left_out,
        "showPapers": show_papers,
        "types": list(TYPES),
        "counts": counts,
        "style": STYLE,
        "communities": [
            {"name": c.name, "color": c.color, "size": len(c.members), "linked": c.linked} for c in layout.communities
        ],
        "matrix": _matrix(graph, concepts, shared, papers_of),
        "nodes": nodes,
        "edges": concept_edges + stated_edges + paper_edges,
    }


def _stated_edges(kg: KnowledgeGraph, shown: set[str], limit: int) -> list[dict[str, object]]:
    """The stated links between drawn concepts, the ``limit`` with most papers, each with
    its type, papers and first :data:`EVIDENCE_PER_LINK` sentences (and their count)."""
    edges: list[dict[str, object]] = []
    for link in iter_stated_links(kg.relations):
        if len(edges) >= limit:
            break
        if link.source not in shown or link.target not in shown:
            continue
        evidence = [
            {
                "paper": safe_text(paper_node(linked.relation.paper_id)),
                "sentence": safe_text(linked.relation.sentence),
                "head": list(linked.relation.head_at),
                "tail": list(linked.relation.tail_at),
            }
            for linked in link.evidence[:EVIDENCE_PER_LINK]
        ]
        edges.append(
            {
                "from": safe_text(link.source),
                "to": safe_text(link.target),
                "kind": "stated",
                "type": link.relation,
                "weight": len(link.papers),
                "evidence": evidence,
                "sentences": len(link.evidence),
            }
        )
    return edges


def _script_json(value: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment inside it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(kg: KnowledgeGraph, options: ViewOptions | None = None) -> str:
    """The page's HTML text."""
    options = options or ViewOptions()
    template = resources.files("kg.export").joinpath("templates", "graph.html").read_text(encoding="utf-8")
    parts = {
        "{{TITLE}}": html.escape(safe_text(options.title)),
        "{{VIS_CSS}}": _asset("vis-network.css").replace("</", "<\\/"),
        "{{DATA}}": _script_json(view_data(kg, options)),
        "{{VIS_JS}}": _asset("vis-network.min.js").replace("</script", "<\\/script"),
    }
    # One pass over the template, so text inside the data is never taken for a slot.
    slots = re.compile("|".join(re.escape(token) for token in parts))
    return slots.sub(lambda match: parts[match.group(0)], template)


def write(kg: KnowledgeGraph, path: Path, options: ViewOptions | None = None) -> list[Path]:
    """Write the view to ``path`` as UTF-8, whatever the locale."""
    path.write_text(render(kg, options), encoding="utf-8")
    return [path]
