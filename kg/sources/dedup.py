"""One paper per paper: merging the listings of a paper that several pages show."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import replace

from kg.model import Paper
from kg.sources.identity import normalized_title
from kg.spool import CHUNK, Spool


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


def _key(kind: str, value: str) -> bytes:
    """A 16-byte digest of an identity key: a corpus holds two or three per paper, so they are kept short."""
    return hashlib.blake2b(f"{kind}:{value}".encode("utf-8", "surrogatepass"), digest_size=16).digest()


def unique_papers(listings: Iterable[Paper], chunk: int = CHUNK) -> tuple[Spool[Paper], int, int]:
    """Papers in order of first listing, each once, in a :class:`~kg.spool.Spool`; the
    number of listings; and how many listings were merged.

    Two listings are one paper when they share an id, or when their titles
    normalise alike (so a digest page and an arXiv dump of the same paper meet).
    The listings go to disk as they are read.  What stays in memory is a short
    digest per identity key, the first listing of each paper, and the merged
    record of papers listed more than once.  ``chunk`` is the spools' chunk size.
    """
    spooled: Spool[Paper] = Spool(chunk=chunk)
    by_key: dict[bytes, int] = {}
    first_listing = array("q")  # paper number -> the number of its first listing
    merged: dict[int, Paper] = {}  # papers listed more than once, merged so far
    duplicates = 0
    for paper in listings:
        keys = (_key("id", paper.id), _key("title", normalized_title(paper.title)))
        number = next((by_key[key] for key in keys if key in by_key), None)
        if number is None:
            number = len(first_listing)
            first_listing.append(len(spooled))
            current = paper
        else:
            duplicates += 1
            current = merged[number] = _merge(merged.get(number) or spooled[first_listing[number]], paper)
        for key in (_key("id", current.id), *keys):
            by_key.setdefault(key, number)
        spooled.append(paper)
    del by_key
    unique: Spool[Paper] = Spool(chunk=chunk)
    number = 0
    for listing, paper in enumerate(spooled):
        if number < len(first_listing) and first_listing[number] == listing:
            unique.append(merged.get(number, paper))
            number += 1
    listed = len(spooled)
    spooled.close()
    return unique, listed, duplicates
