"""One paper per paper: merging the listings of a paper that several pages show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kg.model import Paper
from kg.sources.identity import normalized_title


def _has_given_id(paper: Paper) -> bool:
    return paper.arxiv_id is not None or not (paper.id.startswith("t") and len(paper.id) == 13)


def _merge(kept: Paper, other: Paper) -> Paper:
    """The first listing wins; later ones fill what it lacks and add their sources."""
    return replace(
        kept,
        id=kept.id if _has_given_id(kept) or not _has_given_id(other) else other.id,
        arxiv_id=kept.arxiv_id or other.arxiv_id,
        abstract=kept.abstract if len(kept.abstract) >= len(other.abstract) else other.abstract,
        published=kept.published
        if kept.published and not kept.published.startswith("--")
        else other.published or kept.published,
        authors_count=kept.authors_count if kept.authors_count is not None else other.authors_count,
        upvotes=max((v for v in (kept.upvotes, other.upvotes) if v is not None), default=None),
        sources=tuple(sorted(set(kept.sources) | set(other.sources))),
    )


def merge_duplicates(papers: Iterable[Paper]) -> tuple[list[Paper], int]:
    """Papers in order of first listing, each once, and how many listings were merged.

    Two listings are one paper when they share an id, or when their titles
    normalise alike (so a digest page and an arXiv dump of the same paper meet).
    """
    merged: list[Paper] = []
    by_key: dict[str, int] = {}
    duplicates = 0
    for paper in papers:
        keys = (f"id:{paper.id}", f"title:{normalized_title(paper.title)}")
        index = next((by_key[key] for key in keys if key in by_key), None)
        if index is None:
            index = len(merged)
            merged.append(paper)
        else:
            duplicates += 1
            merged[index] = _merge(merged[index], paper)
        for key in (f"id:{merged[index].id}", *keys):
            by_key.setdefault(key, index)
    return merged, duplicates
