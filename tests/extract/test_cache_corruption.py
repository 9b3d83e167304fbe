"""A damaged extraction cache costs a warning and re-extraction, never the build.

Damage past the SQLite header (at open, or found while reading or writing) moves the
file aside as ``*.corrupt`` and starts an empty cache; an entry whose bytes cannot be
decoded is a miss.  Errors that are not damage stay one-line refusals.
"""

from __future__ import annotations

import functools
import sqlite3
import zlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from kg.extract.cache import CACHE_FILE, CacheError, ExtractionCache
from kg.extract.options import ExtractOptions
from kg.extract.parallel import extract_all, extract_with_cache
from kg.model import Mention, Paper
from kg.sources import read_corpus

from ..conftest import DEMO

PAGE = 4096


def _mention(i: int) -> Mention:
    sentence = f"We train model {i} on a data set of images, sentence number {i} of many. " * 3
    return Mention("p", "method", f"model {i}", "abstract", 9, 9 + len(str(i)) + 6, sentence, "rule")


ENTRIES = {f"k{i:04d}": [_mention(i)] for i in range(600)}


def _filled(folder: Path) -> Path:
    with ExtractionCache(folder, "fp", warn=lambda _: None) as cache:
        cache.put_many(ENTRIES)
    return folder / CACHE_FILE


def _damage(path: Path, offset: int, length: int = 512) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(length)))


def _size(path: Path) -> int:
    return path.stat().st_size


@pytest.mark.parametrize("where", ["header-end", "schema-page", "second-page", "middle", "last-page"])
def test_damage_past_the_header_is_moved_aside_with_a_warning(tmp_path: Path, where: str) -> None:
    path = _filled(tmp_path)
    size = _size(path)
    offset = {
        "header-end": 100,
        "schema-page": PAGE - 600,  # a page's cells are at its end
        "second-page": 2 * PAGE - 600,
        "middle": (size // PAGE // 2) * PAGE + 8,
        "last-page": size - PAGE + 8,
    }[where]
    _damage(path, offset)
    warnings: list[str] = []
    keys = [(key, key) for key in ENTRIES]
    with ExtractionCache(tmp_path, "fp", warn=warnings.append) as cache:
        hits = cache.get_many(keys)  # the damage is found at open or here
        cache.put_many(ENTRIES)  # and the build goes on writing
        for paper_id, mentions in hits.items():
            assert mentions == [replace(m, paper_id=paper_id) for m in ENTRIES[paper_id]]
        again = cache.get_many([("k0001", "p")])
    assert again == {"p": ENTRIES["k0001"]}
    if where != "second-page":
        assert warnings, "this damage is one SQLite sees"
    if warnings:  # damage in a page's free space may go unseen, and harms nothing
        assert any("damaged" in w and f"{CACHE_FILE}.corrupt" in w for w in warnings), warnings
        assert (tmp_path / f"{CACHE_FILE}.corrupt").exists()
    with ExtractionCache(tmp_path, "fp", warn=warnings.append) as cache:
        assert len(cache) == len(ENTRIES)


def test_a_damaged_schema_page_is_found_at_open(tmp_path: Path) -> None:
    path = _filled(tmp_path)
    _damage(path, 100, PAGE - 100)
    warnings: list[str] = []
    with ExtractionCache(tmp_path, "fp", warn=warnings.append) as cache:
        assert cache.moved_aside == tmp_path / f"{CACHE_FILE}.corrupt"
        assert len(cache) == 0
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "started an empty one" in warnings[0]


def test_a_file_that_is_no_database_is_replaced(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"\x00garbage" * 1000)
    warnings: list[str] = []
    with ExtractionCache(tmp_path, "fp", warn=warnings.append) as cache:
        cache.put_many({"k": [_mention(1)]})
        assert cache.get_many([("k", "p")]) == {"p": [_mention(1)]}
    assert (tmp_path / f"{CACHE_FILE}.corrupt").read_bytes().startswith(b"\x00garbage")
    assert warnings


def test_damage_found_mid_build_empties_the_cache(tmp_path: Path) -> None:
    """A page that breaks after open: the read that meets it gives no hits, and a fresh file takes over."""
    path = _filled(tmp_path)
    warnings: list[str] = []
    with ExtractionCache(tmp_path, "fp", warn=warnings.append) as cache:
        size = _size(path)
        for page in range(2, size // PAGE):
            _damage(path, page * PAGE, PAGE)
        with path.open("r+b") as handle:  # the file change counter, so that SQLite reads the pages again
            handle.seek(24)
            counter = int.from_bytes(handle.read(4), "big")
            handle.seek(24)
            handle.write((counter + 1).to_bytes(4, "big"))
        assert cache.get_many([(key, key) for key in ENTRIES]) == {}
        assert cache.moved_aside is not None
        cache.put_many({"k0002": ENTRIES["k0002"]})
        assert cache.get_many([("k0002", "p")]) == {"p": ENTRIES["k0002"]}
    assert any("damaged" in w for w in warnings)


@pytest.mark.parametrize(
    "blob",
    [
        b"not zlib",
        zlib.compress(b"\xff\xfe not utf-8"),
        zlib.compress(b"{not json"),
        zlib.compress(b"[[1, 2]]"),
        zlib.compress(b"42"),
        None,
        "text, not bytes",
    ],
    ids=["zlib", "utf8", "json", "shape", "scalar", "null", "text"],
)
def test_a_bad_entry_is_a_miss(tmp_path: Path, blob: object) -> None:
    path = _filled(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE extractions SET mentions = ? WHERE text_key = 'k0003'", (blob,))
    db.close()
    warnings: list[str] = []
    with ExtractionCache(tmp_path, "fp", warn=warnings.append) as cache:
        hits = cache.get_many([("k0003", "a"), ("k0004", "b"), ("k0005", "c")])
        assert set(hits) == {"b", "c"}
        assert cache.bad_entries == 1
        cache.put_many({"k0003": ENTRIES["k0003"]})  # re-extracted and stored again
        assert cache.get_many([("k0003", "p")]) == {"p": ENTRIES["k0003"]}
    assert cache.moved_aside is None
    assert len(warnings) == 1 and "extracted again" in warnings[0]


def test_a_locked_cache_is_refused_in_one_line_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache another process holds is busy, not damaged: refused, and never moved aside."""
    path = _filled(tmp_path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    # The cache waits for the lock as long as sqlite3's default (5 s) before it gives up; the
    # refusal is the same after a tenth of a second.
    monkeypatch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, timeout=0.1))
    try:
        with pytest.raises(CacheError, match=CACHE_FILE) as caught:
            ExtractionCache(tmp_path, "fp", warn=lambda _: None)
        assert "\n" not in str(caught.value) and "locked" in str(caught.value)
        assert not (tmp_path / f"{CACHE_FILE}.corrupt").exists()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_build_over_a_damaged_cache_gives_the_mentions_of_a_clean_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers: Sequence[Paper] = read_corpus([DEMO]).papers[:12]
    reference = extract_all(papers)
    options = ExtractOptions(workers=1, cache=tmp_path, chunk_size=4)
    extract_with_cache(papers, options).mentions.close()
    path = tmp_path / CACHE_FILE
    _damage(path, _size(path) // 2, 2048)
    warned: list[str] = []
    original = ExtractionCache
    monkeypatch.setattr(
        "kg.extract.parallel.ExtractionCache", lambda folder, fp: original(folder, fp, warn=warned.append)
    )
    extraction = extract_with_cache(papers, options)
    try:
        assert list(extraction.mentions) == reference
        assert any("damaged" in w for w in warned), warned
    finally:
        extraction.mentions.close()
