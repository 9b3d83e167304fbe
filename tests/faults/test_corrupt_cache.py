"""A build over a damaged ``--cache``: a warning in one line naming the cache file and the exports of
a clean build, or, where the damage is not kg's to repair, a one-line refusal and the old exports kept.

What kg does is documented in :mod:`kg.extract.cache`: a file SQLite cannot read is moved aside as
``extractions.sqlite.corrupt`` and an empty cache takes its place; an entry that cannot be decoded is
a miss, extracted again; anything else (here, a folder where the file should be) is refused.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.extract.cache import CACHE_FILE
from tests.faults.conftest import SMALL, Known
from tests.faults.observe import beside, build_with, digests, kg_build, lines, start

pytestmark = pytest.mark.slow  # each test runs a kg build of its own

PAGE = 4096
"""SQLite's page size for a new file: the first page holds the 100-byte header and the schema."""


def _xor(path: Path, start: int, length: int) -> None:
    data = bytearray(path.read_bytes())
    data[start : start + length] = bytes(b ^ 0x5A for b in data[start : start + length])
    path.write_bytes(bytes(data))


def _schema_flipped(path: Path) -> None:
    _xor(path, 100, PAGE - 100)  # past the header: SQLite still takes the file for a database


def _page_flipped(path: Path) -> None:
    _xor(path, path.stat().st_size // 2, 2048)


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _cut_in_the_header(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:50])


def _garbage(path: Path) -> None:
    path.write_bytes(bytes((i * 131 + 7) % 256 for i in range(3 * PAGE)))


def _other_schema(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE extractions")
        db.execute("CREATE TABLE extractions (a, b, c)")
    db.close()


def _two_entries(path: Path, *values: object) -> None:
    with sqlite3.connect(path) as db:
        keys = [row[0] for row in db.execute("SELECT text_key FROM extractions ORDER BY text_key LIMIT 2")]
        for key, value in zip(keys, values, strict=True):
            db.execute("UPDATE extractions SET mentions = ? WHERE text_key = ?", (value, key))
    db.close()


def _zlib_garbled(path: Path) -> None:
    _two_entries(path, b"x\x9c not zlib at all", b"\x00" * 40)


def _wrong_types(path: Path) -> None:
    _two_entries(path, 42, "text, not bytes")


Damage = Callable[[Path], None]

DAMAGED_FILES: dict[str, Damage] = {
    "schema-page-flipped": _schema_flipped,
    "data-page-flipped": _page_flipped,
    "cut-in-half": _cut_in_half,
    "cut-in-the-header": _cut_in_the_header,
    "garbage": _garbage,
    "other-schema": _other_schema,
}
BAD_ENTRIES: dict[str, Damage] = {"zlib-garbled": _zlib_garbled, "rows-of-the-wrong-type": _wrong_types}


@pytest.fixture(scope="module")
def filled(first: Known, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder that a build of ``first`` filled; that build's exports are a clean build's."""
    out, cache = build_with(first.corpus, tmp_path_factory.mktemp("filled"), "--cache")
    assert digests(out) == first.digests
    with sqlite3.connect(cache / CACHE_FILE) as db:
        assert db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == SMALL
    db.close()
    return cache


def _damaged_copy(filled: Path, tmp_path: Path, damage: Damage) -> Path:
    cache = tmp_path / "cache"
    shutil.copytree(filled, cache)
    damage(cache / CACHE_FILE)
    return cache


def _warned_build_over_damage(
    damage: Damage, filled: Path, first: Known, second: Known, tmp_path: Path
) -> tuple[Path, str, str, Path]:
    """A copy of ``filled`` with ``damage`` done to its cache file, then :func:`_build_over` with it,
    checked for what every damage kg repairs must give: exit code 0, no traceback, exactly one line
    on standard error.  The damaged cache, that warning line, standard output and the exports."""
    cache = _damaged_copy(filled, tmp_path, damage)
    code, stdout, stderr, out = _build_over(cache, first, second, tmp_path)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    (warning,) = lines(stderr)
    return cache, warning, stdout, out


def _build_over(cache: Path, first: Known, second: Known, tmp_path: Path) -> tuple[int, str, str, Path]:
    """``first``'s corpus built with ``cache`` into a folder holding ``second``'s exports."""
    out = tmp_path / "exports"
    second.copy_to(out)
    build = start(["-m", "kg", *kg_build(first.corpus, out, "--cache", str(cache))])
    stdout, stderr = build.communicate(timeout=180)
    return build.returncode, stdout, stderr, out


def _entries(cache: Path) -> int:
    with sqlite3.connect(cache / CACHE_FILE) as db:
        count = int(db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0])
    db.close()
    return count


@pytest.mark.parametrize("damage", DAMAGED_FILES.values(), ids=DAMAGED_FILES.keys())
def test_a_damaged_cache_file_is_moved_aside_and_the_build_is_a_clean_one(
    damage: Damage, filled: Path, first: Known, second: Known, tmp_path: Path
) -> None:
    cache, warning, stdout, out = _warned_build_over_damage(damage, filled, first, second, tmp_path)
    assert re.fullmatch(
        rf"warning: {re.escape(str(cache / CACHE_FILE))}: the extraction cache is damaged \(.+\); "
        rf"moved it to {re.escape(CACHE_FILE)}\.corrupt and started an empty one \(papers are extracted again\)",
        warning,
    ), warning
    assert f"cache: 0 papers read from {cache}, {SMALL} extracted" in stdout
    assert digests(out) == first.digests
    assert beside(out) == []
    assert (cache / f"{CACHE_FILE}.corrupt").is_file()
    assert _entries(cache) == SMALL  # the new cache holds this build's extractions


@pytest.mark.parametrize("damage", BAD_ENTRIES.values(), ids=BAD_ENTRIES.keys())
def test_entries_that_cannot_be_read_are_extracted_again(
    damage: Damage, filled: Path, first: Known, second: Known, tmp_path: Path
) -> None:
    cache, warning, stdout, out = _warned_build_over_damage(damage, filled, first, second, tmp_path)
    assert warning.startswith(f"warning: {cache / CACHE_FILE}: a cached extraction cannot be read (")
    assert warning.endswith("; such entries are extracted again")
    assert f"cache: {SMALL - 2} papers read from {cache}, 2 extracted" in stdout
    assert digests(out) == first.digests
    assert beside(out) == []
    assert not (cache / f"{CACHE_FILE}.corrupt").exists()
    assert _entries(cache) == SMALL


def test_a_folder_in_place_of_the_cache_file_is_refused_and_the_old_exports_kept(
    first: Known, second: Known, tmp_path: Path
) -> None:
    """A folder is not damage kg may clear away: it may be the user's, so the build stops in one line."""
    cache = tmp_path / "cache"
    (cache / CACHE_FILE).mkdir(parents=True)
    (cache / CACHE_FILE / "keep.txt").write_text("mine\n")
    code, _, stderr, out = _build_over(cache, first, second, tmp_path)
    assert code == 1
    assert lines(stderr) == [
        f"error: {cache / CACHE_FILE}: cannot use the extraction cache (unable to open database file); "
        "pass another --cache folder or delete this one"
    ]
    assert digests(out) == second.digests
    assert beside(out) == []
    assert (cache / CACHE_FILE / "keep.txt").read_text() == "mine\n"
