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
the page says what was left out.
"""

from __future__ import annotations

import heapq
import html
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from itertools import combinations
from pathlib import Path

from kg.export.text import safe_text
from kg.graph import GraphView, KnowledgeGraph, concept_items, paper_adjacency

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


@dataclass(frozen=True)
class ViewOptions:
    """How much of the graph the page draws, and what it shows first."""

    max_nodes: int = 400
    """Most concepts drawn (and most papers added by the papers switch)."""
    min_papers: int = 2
    """Concepts mentioned by fewer papers are left out (but stay searchable in the other exports)."""
    show_papers: bool = False
    """Start with papers shown rather than the concept graph alone."""
    title: str = "kg: knowledge graph"


def _asset(name: str) -> str:
    return resources.files("pyvis").joinpath("templates", "lib", VIS_VERSION, name).read_text(encoding="utf-8")


def _short(label: str) -> str:
    return label if len(label) <= _SHORT else label[: _SHORT - 1].rstrip() + "…"


def _chosen_concepts(graph: GraphView, options: ViewOptions) -> tuple[list[str], int]:
    concepts = list(concept_items(graph))
    eligible = [n for n, a in concepts if a["paper_count"] >= options.min_papers]
    eligible.sort(key=lambda n: (-graph.nodes[n]["paper_count"], -graph.nodes[n]["mention_count"], n))
    return eligible[: options.max_nodes], len(concepts)


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


def view_data(kg: KnowledgeGraph, options: ViewOptions | None = None) -> dict[str, object]:
    """What the page draws: nodes with display fields, both kinds of edges, counts and what was left out."""
    options = options or ViewOptions()
    graph = kg.view
    concepts, concepts_total = _chosen_concepts(graph, options)
    shown = set(concepts)
    papers, papers_total = _chosen_papers(graph, shown, options.max_nodes)
    nodes: list[dict[str, object]] = []
    counts = dict.fromkeys(TYPES, 0)
    chosen = set(papers)
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
            entry.update(size=1, papers=0, facts=facts, aliases=[])
        else:
            entry.update(
                size=attrs["paper_count"],
                papers=attrs["paper_count"],
                facts=[f"{attrs['paper_count']} paper(s), {attrs['mention_count']} mention(s)"],
                aliases=aliases,
            )
        entry["search"] = " ".join([label, *aliases]).lower()
        nodes.append(entry)
    paper_edges: list[dict[str, object]] = []
    shared: Counter[tuple[str, str]] = Counter()
    for paper, neighbours in paper_adjacency(graph):  # one walk for both kinds of edge
        if paper in chosen:
            paper_edges.extend(
                {"from": safe_text(paper), "to": safe_text(t), "kind": "mention", "weight": a["mentions"]}
                for t, by_key in neighbours.items()
                if t in shown
                for a in by_key.values()
            )
        targets = sorted({t for t in neighbours if t in shown})
        for a, b in combinations(targets, 2):
            if (graph.nodes[a]["type"], graph.nodes[b]["type"]) in CONCEPT_LINK_TYPES:
                shared[(a, b)] += 1
            elif (graph.nodes[b]["type"], graph.nodes[a]["type"]) in CONCEPT_LINK_TYPES:
                shared[(b, a)] += 1
    concept_edges = [
        {"from": safe_text(a), "to": safe_text(b), "kind": "shared", "weight": n}
        for (a, b), n in sorted(shared.items())
    ]
    left_out = []
    if len(concepts) < concepts_total:
        left_out.append(
            f"{concepts_total - len(concepts)} of {concepts_total} concepts are not drawn "
            f"(fewer than {options.min_papers} papers, or beyond the {options.max_nodes} most mentioned)"
        )
    if len(papers) < papers_total:
        left_out.append(f"{papers_total - len(papers)} of {papers_total} papers are not drawn")
    summary = (
        f"{counts['method']} methods, {counts['task']} tasks, {counts['dataset']} datasets, "
        f"{counts['paper']} papers; {len(concept_edges)} concept links, {len(paper_edges)} paper links"
    )
    return {
        "title": safe_text(options.title),
        "summary": summary,
        "leftOut": left_out,
        "showPapers": options.show_papers,
        "types": list(TYPES),
        "counts": counts,
        "style": STYLE,
        "nodes": nodes,
        "edges": concept_edges + paper_edges,
    }


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
