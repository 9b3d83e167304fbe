"""The map's layout, computed once when the page is built: communities, their names and colours, positions.

The HTML view used to lay the graph out in the browser, with a force simulation
that started from random positions: the map differed on every load, settled
into a dense ball and, with papers added, never stopped moving.  Here the
layout is computed at build time, seeded and deterministic, and stored in the
page, which then only draws it.

Concepts are grouped by Louvain modularity on their co-occurrence weighted by
association strength (the co-occurrence count over the product of both
concepts' totals, as VOSviewer does, so that a few ubiquitous concepts do not
absorb every cluster).  Each community is laid out on its own by a seeded
spring layout and spread so that no two nodes overlap; the communities are then
packed as discs, largest first, each next to the placed communities it shares
most papers with.  Concepts that co-occur with no other drawn concept form one
last disc, in order of importance, instead of a ring around the map.  Papers are
placed next to the concepts they mention, so showing them moves nothing.

Louvain runs on integer node labels: networkx walks sets of nodes, and the
order of a set of strings changes with Python's hash seed, which would make two
builds differ.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np

SEED = 7
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#393b79",
    "#ad494a",
    "#637939",
    "#e7969c",
    "#6b6ecf",
    "#8ca252",
    "#bd9e39",
)
"""Colours of the largest communities, one each; smaller ones share ``OTHER_COLOR``."""
OTHER_COLOR = "#8d99a6"
UNLINKED_COLOR = "#b8c2cc"
UNLINKED_NAME = "Not linked to other drawn concepts"
GAP = 14.0
"""Free space kept around each node, in layout units, for its label's start."""
NAMED_BY = 3
"""Number of top concepts that name a community."""


@dataclass(frozen=True)
class Community:
    """A group of concepts that papers mention together, drawn in one colour."""

    members: tuple[str, ...]
    """Node ids, most important first."""
    name: str
    """The labels of its top concepts, which is how a reader tells clusters apart."""
    color: str
    linked: bool = True
    """False for the group of concepts that co-occur with no other drawn concept."""


@dataclass(frozen=True)
class Layout:
    """Where each concept sits (whole layout units: the page draws them as given), and the communities."""

    positions: Mapping[str, tuple[int, int]]
    communities: tuple[Community, ...]
    community_of: Mapping[str, int]
    """Index into ``communities`` for each concept."""


def concept_radius(papers: int, most: int) -> float:
    """A concept's drawn radius: its area grows with its number of papers."""
    return round(6.0 + 22.0 * math.sqrt(papers / max(most, 1)), 1)


PAPER_RADIUS = 4.0


def _association(weights: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], float]:
    totals: dict[str, int] = defaultdict(int)
    for (a, b), w in weights.items():
        totals[a] += w
        totals[b] += w
    return {(a, b): w / (totals[a] * totals[b]) for (a, b), w in weights.items()}


def _spread(points: np.ndarray, radii: np.ndarray, rounds: int = 60) -> np.ndarray:
    """Push overlapping nodes apart until each keeps ``GAP`` around it (or ``rounds`` are done)."""
    n = len(points)
    if n < 2:
        return points
    need = radii[:, None] + radii[None, :] + 2 * GAP
    np.fill_diagonal(need, 0.0)
    for _ in range(rounds):
        delta = points[:, None, :] - points[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        short = np.clip(need - dist, 0.0, None)
        if not short.any():
            break
        safe = np.where(np.isfinite(dist) & (dist > 1e-9), dist, 1.0)
        push = (delta / safe[:, :, None]) * (short / 2)[:, :, None]
        points = points + push.sum(axis=1)
    return points


def _local_layout(graph: nx.Graph, members: Sequence[int], radii: np.ndarray) -> np.ndarray:
    """Positions of one community's members around (0, 0), no two overlapping."""
    n = len(members)
    if n == 1:
        return np.zeros((1, 2))
    sub = graph.subgraph(members)
    raw = nx.spring_layout(sub, weight="weight", seed=SEED, iterations=120)
    points = np.array([raw[m] for m in members], dtype=float)
    points -= points.mean(axis=0)
    extent = float(np.sqrt((points**2).sum(axis=1)).max()) or 1.0
    # Scale so that the disc's area is about what its nodes and their gaps need.
    want = math.sqrt(float(((radii + GAP) ** 2).sum())) * 1.6
    points *= want / extent
    return _spread(points, radii)


def _phyllotaxis(radii: np.ndarray) -> np.ndarray:
    """A sunflower disc, first item at the centre: a tidy place for unlinked concepts."""
    step = float(2 * (radii.max() + GAP))
    golden = math.pi * (3 - math.sqrt(5))
    return np.array(
        [
            [step * math.sqrt(i) * math.cos(i * golden), step * math.sqrt(i) * math.sin(i * golden)]
            for i in range(len(radii))
        ]
    )


def _pack(discs: Sequence[float], pulls: Sequence[Mapping[int, float]]) -> list[tuple[float, float]]:
    """Centres for discs of the given radii, placed in order, none overlapping.

    Each disc goes to the free spot touching a placed disc that is nearest the
    weighted centre of the placed discs it pulls towards (the origin if none),
    with a little pull to the origin so the map stays round.
    """
    centres: list[tuple[float, float]] = []
    for index, radius in enumerate(discs):
        if not centres:
            centres.append((0.0, 0.0))
            continue
        pull = {j: w for j, w in pulls[index].items() if j < index}
        total = sum(pull.values())
        if total:
            tx = sum(centres[j][0] * w for j, w in pull.items()) / total
            ty = sum(centres[j][1] * w for j, w in pull.items()) / total
        else:
            tx = ty = 0.0
        best: tuple[float, float, float] | None = None
        for j, (cx, cy) in enumerate(centres):
            reach = discs[j] + radius + GAP
            for k in range(48):
                angle = 2 * math.pi * k / 48
                x, y = cx + reach * math.cos(angle), cy + reach * math.sin(angle)
                if any(
                    (x - ox) ** 2 + (y - oy) ** 2 < (discs[m] + radius + GAP - 1e-6) ** 2
                    for m, (ox, oy) in enumerate(centres)
                ):
                    continue
                score = math.hypot(x - tx, y - ty) + 0.5 * math.hypot(x, y)
                if best is None or score < best[0]:
                    best = (score, x, y)
        if best is None:  # straight outwards from the disc that reaches farthest is always free
            j = max(range(len(centres)), key=lambda m: math.hypot(*centres[m]) + discs[m])
            cx, cy = centres[j]
            norm = math.hypot(cx, cy)
            ux, uy = (cx / norm, cy / norm) if norm else (1.0, 0.0)
            reach = discs[j] + radius + GAP
            best = (0.0, cx + reach * ux, cy + reach * uy)
        centres.append((best[1], best[2]))
    return centres


def concept_layout(
    importance: Mapping[str, int],
    labels: Mapping[str, str],
    cooccurrence: Mapping[tuple[str, str], int],
) -> Layout:
    """Lay out the concepts: ``importance`` holds each one's paper count, in drawing order.

    ``cooccurrence`` counts the papers that mention both concepts of a pair,
    of any types; pairs absent co-occur nowhere.
    """
    ids = list(importance)
    index = {node: i for i, node in enumerate(ids)}
    most = max(importance.values(), default=1)
    radius = np.array([concept_radius(importance[n], most) for n in ids])
    graph = nx.Graph()
    graph.add_nodes_from(range(len(ids)))
    for (a, b), w in sorted(_association(cooccurrence).items()):
        graph.add_edge(index[a], index[b], weight=w)
    linked_nodes = [i for i in range(len(ids)) if graph.degree(i)]
    groups: list[list[int]] = []
    if linked_nodes:
        found = nx.community.louvain_communities(graph.subgraph(linked_nodes), weight="weight", seed=SEED)
        groups = [sorted(group) for group in found]  # ids are in importance order already
    groups.sort(key=lambda g: (-sum(importance[ids[i]] for i in g), g[0]))
    unlinked = [i for i in range(len(ids)) if not graph.degree(i)]
    communities: list[Community] = []
    community_of: dict[str, int] = {}
    for number, group in enumerate(groups):
        color = PALETTE[number] if number < len(PALETTE) else OTHER_COLOR
        name = " · ".join(labels[ids[i]] for i in group[:NAMED_BY])
        communities.append(Community(tuple(ids[i] for i in group), name, color))
        for i in group:
            community_of[ids[i]] = number
    if unlinked:
        communities.append(Community(tuple(ids[i] for i in unlinked), UNLINKED_NAME, UNLINKED_COLOR, linked=False))
        for i in unlinked:
            community_of[ids[i]] = len(communities) - 1
    members = [*groups, *([unlinked] if unlinked else [])]
    local = [
        _local_layout(graph, group, radius[group]) if k < len(groups) else _phyllotaxis(radius[group])
        for k, group in enumerate(members)
    ]
    discs = [
        float((np.sqrt((pts**2).sum(axis=1)) + radius[group]).max()) for pts, group in zip(local, members, strict=True)
    ]
    between: list[dict[int, float]] = [defaultdict(float) for _ in members]
    for (a, b), w in cooccurrence.items():
        ca, cb = community_of[a], community_of[b]
        if ca != cb:
            between[ca][cb] += w
            between[cb][ca] += w
    centres = _pack(discs, between)
    positions: dict[str, tuple[int, int]] = {}
    for (cx, cy), pts, group in zip(centres, local, members, strict=True):
        for (x, y), i in zip(pts, group, strict=True):
            positions[ids[i]] = (round(cx + float(x)), round(cy + float(y)))
    return Layout({n: positions[n] for n in ids}, tuple(communities), community_of)


def paper_positions(
    mentioned: Mapping[str, Sequence[str]], concepts: Mapping[str, tuple[int, int]]
) -> dict[str, tuple[int, int]]:
    """Each paper beside the centre of the drawn concepts it mentions, at a seeded offset."""
    rng = random.Random(SEED)
    placed: dict[str, tuple[int, int]] = {}
    for paper, targets in mentioned.items():
        points = [concepts[t] for t in targets if t in concepts]
        angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(18.0, 42.0)
        if not points:
            placed[paper] = (0, 0)
            continue
        x = sum(p[0] for p in points) / len(points) + distance * math.cos(angle)
        y = sum(p[1] for p in points) / len(points) + distance * math.sin(angle)
        placed[paper] = (round(x), round(y))
    return placed
