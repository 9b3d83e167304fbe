"""An interactive HTML view of the graph that opens from the file, offline.

The page is kg's own template around pyvis's copy of vis-network: the script
and its CSS are inlined (pyvis's ``in_line`` mode still loads Bootstrap from a
CDN), the graph travels as JSON inside a ``<script type="application/json">``
element with ``<``, ``>`` and ``&`` escaped, and every label, tooltip and
detail is put into the page as text, never parsed as HTML.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path

from kg.export.text import safe_text
from kg.graph import KnowledgeGraph

VIS_VERSION = "vis-9.1.2"
STYLE = {
    "paper": {"name": "Paper", "color": "#9fb3c8", "shape": "square"},
    "method": {"name": "Method", "color": "#2f80ed", "shape": "dot"},
    "task": {"name": "Task", "color": "#f2994a", "shape": "diamond"},
    "dataset": {"name": "Dataset", "color": "#27ae60", "shape": "triangle"},
}
TYPES = ("method", "task", "dataset", "paper")
_SHORT = 40


def _asset(name: str) -> str:
    return resources.files("pyvis").joinpath("templates", "lib", VIS_VERSION, name).read_text(encoding="utf-8")


def _short(label: str) -> str:
    return label if len(label) <= _SHORT else label[: _SHORT - 1].rstrip() + "…"


def view_data(kg: KnowledgeGraph, title: str) -> dict[str, object]:
    """What the page draws: nodes with display fields, edges, counts and styles."""
    graph = kg.graph
    nodes = []
    counts = dict.fromkeys(TYPES, 0)
    for node, attrs in graph.nodes(data=True):
        kind = attrs["type"]
        counts[kind] += 1
        label = safe_text(attrs["label"])
        entry: dict[str, object] = {"id": safe_text(node), "type": kind, "label": label, "short": _short(label)}
        if kind == "paper":
            facts = [f"Published {attrs['published']}" if "published" in attrs else "Date not given"]
            if "authors_count" in attrs:
                facts.append(f"{attrs['authors_count']} authors")
            facts.append(safe_text(attrs["abstract"]))
            entry.update(size=1, facts=facts, aliases=[])
        else:
            papers = attrs["paper_count"]
            entry.update(
                size=papers,
                papers=papers,
                facts=[f"{papers} paper(s), {attrs['mention_count']} mention(s)"],
                aliases=[safe_text(a) for a in attrs["aliases"]],
            )
        entry["search"] = " ".join([label, *(safe_text(a) for a in attrs.get("aliases", ()))]).lower()
        nodes.append(entry)
    edges = [
        {"from": safe_text(s), "to": safe_text(t), "relation": a["relation"], "weight": a["mentions"]}
        for s, t, a in graph.edges(data=True)
    ]
    summary = (
        f"{counts['paper']} papers, {counts['method']} methods, {counts['task']} tasks, "
        f"{counts['dataset']} datasets, {len(edges)} links"
    )
    return {
        "title": title,
        "summary": summary,
        "types": list(TYPES),
        "counts": counts,
        "style": STYLE,
        "nodes": nodes,
        "edges": edges,
    }


def _script_json(value: object) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment inside it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render(kg: KnowledgeGraph, title: str = "kg: knowledge graph") -> str:
    """The page's HTML text."""
    template = resources.files("kg.export").joinpath("templates", "graph.html").read_text(encoding="utf-8")
    parts = {
        "{{TITLE}}": html.escape(safe_text(title)),
        "{{VIS_CSS}}": _asset("vis-network.css").replace("</", "<\\/"),
        "{{DATA}}": _script_json(view_data(kg, safe_text(title))),
        "{{VIS_JS}}": _asset("vis-network.min.js").replace("</script", "<\\/script"),
    }
    # One pass over the template, so text inside the data is never taken for a slot.
    slots = re.compile("|".join(re.escape(token) for token in parts))
    return slots.sub(lambda match: parts[match.group(0)], template)


def write(kg: KnowledgeGraph, path: Path, title: str = "kg: knowledge graph") -> list[Path]:
    """Write the view to ``path`` as UTF-8, whatever the locale."""
    path.write_text(render(kg, title), encoding="utf-8")
    return [path]
