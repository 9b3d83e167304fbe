"""Extractions cached by the content of a paper's text and the extractor that read it.

An incremental build re-extracts only papers whose title and abstract are new:
a paper's mentions depend on its text and on nothing else, so the text's hash
is the key.  The cache remembers the fingerprint of the extractor (model files,
lexicons, rule code, spaCy version) that filled it; a different fingerprint
empties it, so a changed model or lexicon can never serve stale mentions.
The cache is one SQLite file, written only by the process that runs the build.

A cache is a convenience, never a source of truth, so a damaged one must not cost a
build: a file SQLite cannot read (found by ``PRAGMA quick_check`` at open, or by an
error while reading or writing during the build) is moved aside as
``extractions.sqlite.corrupt`` and an empty cache takes its place, with a warning
naming both files; an entry that cannot be decoded is a miss, extracted again.
Errors that are not damage (a folder that cannot be written, a locked file) are
refused with one line naming the file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import astuple
from functools import cache
from pathlib import Path
from typing import cast

from spacy import about as spacy_about

from kg.errors import KGError
from kg.model import Field, Mention, PaperStatements, StatedRelation, StatedResult, concept_type
from kg.version import __version__

CACHE_FILE = "extractions.sqlite"
_EXTRACT_DIR = Path(__file__).resolve().parent
_RULE_SOURCES = (_EXTRACT_DIR, _EXTRACT_DIR.parent / "normalize.py")
_STATED_SOURCES = (_EXTRACT_DIR.parent / "models" / "relations", _EXTRACT_DIR.parent / "models" / "result_claims")
"""What ``--relations`` adds to the extractor: the relation model and the metric list."""
_ACCURATE_STATED_SOURCES = (_EXTRACT_DIR.parent / "models" / "relations-accurate",)
"""What ``--relations`` adds in accurate mode besides: accurate mode's relation head."""
_SCHEMA = 1
_SIDE_FILES = ("-journal", "-wal", "-shm")
# Errors of one entry's bytes: zlib, UTF-8 and JSON (ValueError), and a row of the wrong shape.
_ENTRY_ERRORS = (zlib.error, ValueError, TypeError, KeyError, IndexError, AttributeError)
# SQLite errors that say the file is fine but cannot be used now: refused, never moved aside.
_NOT_DAMAGE = ("unable to open", "readonly", "locked", "busy", "disk i/o", "permission", "full")

Warn = Callable[[str], None]


def _warn_on_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _is_damage(err: sqlite3.Error) -> bool:
    """Whether ``err`` says the cache file is damaged (rather than unwritable or busy)."""
    if not isinstance(err, sqlite3.DatabaseError):
        return False
    message = str(err).lower()
    return not (isinstance(err, sqlite3.OperationalError) and any(word in message for word in _NOT_DAMAGE))


class CacheError(KGError):
    """The extraction cache could not be opened or written."""


def text_key(text: str) -> str:
    """The cache key of a text the pipeline reads (SHA-256, hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@cache
def extractor_fingerprint(model: Path | None, accurate: bool = False, stated: bool = False) -> str:
    """A hash of everything that decides what the extractor finds.

    It covers the NER model's files (or its absence), the lexicons and the rule
    code under ``kg/extract``, ``kg/normalize.py``, and the kg and spaCy
    versions: changing any of them changes the fingerprint.  With ``accurate``
    the NER is accurate mode's transformer, and ``model`` names its directory
    as :func:`~kg.extract.pipeline.load_pipeline` reads it.  With ``stated`` (``--relations``)
    the pipeline also runs ``kg_relations`` and ``kg_result_claims``: the fingerprint says so
    and covers their model files (in accurate mode also its relation head), so the two kinds of
    build never share entries.
    """
    digest = hashlib.sha256()
    digest.update(f"kg {__version__} spacy {spacy_about.__version__} schema {_SCHEMA}\n".encode())
    if accurate:
        from kg.extract.pipeline import accurate_model_dir

        digest.update(b"accurate\n")
        model = accurate_model_dir(model)
    if stated:
        digest.update(b"relations\n")
    roots = [*_RULE_SOURCES, *([model] if model is not None else []), *(_STATED_SOURCES if stated else ())]
    if accurate and stated:
        roots += _ACCURATE_STATED_SOURCES
    for number, root in enumerate(roots):
        for path in _files(root):
            name = root.name if path == root else path.relative_to(root).as_posix()
            digest.update(f"{number}:{name}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _encode(mentions: Sequence[Mention]) -> bytes:
    rows = [astuple(m)[1:] for m in mentions]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)


def _decode(blob: bytes, paper_id: str) -> list[Mention]:
    rows = json.loads(zlib.decompress(blob).decode("utf-8"))
    # One string per sentence, and one per field and rule name, as extraction gives them.
    sentences: dict[str, str] = {}
    return [
        Mention(
            paper_id,
            concept_type(kind),
            text,
            cast(Field, sys.intern(field)),
            start,
            end,
            sentences.setdefault(sentence, sentence),
            sys.intern(rule),
            *rest,
        )
        for kind, text, field, start, end, sentence, rule, *rest in rows
    ]


_STATEMENTS_TABLE = "CREATE TABLE IF NOT EXISTS statements (text_key TEXT PRIMARY KEY, stated BLOB)"
"""Statements (``--relations``) per text key: made on first use, so a default build's file has none."""


def _encode_statements(stated: PaperStatements) -> bytes:
    relations = [astuple(r)[1:] for r in stated.relations]
    results = [astuple(r)[1:] for r in stated.results]
    text = json.dumps([relations, results], ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 6)


def _pair(value: list[int] | None) -> tuple[int, int] | None:
    return None if value is None else (int(value[0]), int(value[1]))


def _decode_statements(blob: bytes, paper_id: str) -> PaperStatements:
    relations, results = json.loads(zlib.decompress(blob).decode("utf-8"))
    return PaperStatements(
        tuple(
            StatedRelation(paper_id, kind, head, tail, sentence, (ha[0], ha[1]), (ta[0], ta[1]), score)
            for kind, head, tail, sentence, ha, ta, score in relations
        ),
        tuple(
            StatedResult(paper_id, sentence, value, number, unit, relative, metric, (va[0], va[1]), _pair(ma), *rest)
            for sentence, value, number, unit, relative, metric, va, ma, *rest in results
        ),
    )


class ExtractionCache:
    """Mentions per text hash, valid for one extractor fingerprint.

    Use as a context manager, or call :meth:`close`.  Mentions are stored
    without their paper id, so two papers with the same text share one entry.
    ``warn`` receives what the user should know (a damaged file moved aside, an
    entry that could not be read); by default it is printed on stderr.
    """

    def __init__(self, folder: str | Path, fingerprint: str, warn: Warn | None = None) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self.path = self.folder / CACHE_FILE
        self.invalidated = False
        self.moved_aside: Path | None = None  # where a damaged cache file went
        self.bad_entries = 0  # entries that could not be decoded, and were treated as misses
        self._warn = warn or _warn_on_stderr
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise self._unusable(err) from err
        self._db = self._open(retry=True)

    def _unusable(self, err: Exception) -> CacheError:
        return CacheError(
            f"{self.path}: cannot use the extraction cache ({err}); pass another --cache folder or delete this one"
        )

    def _open(self, retry: bool) -> sqlite3.Connection:
        """A connection to a checked cache file; a damaged file is moved aside once and replaced."""
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(self.path)
            problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                first = " ".join(str(problems[0]).replace("*** in database main ***", "").split())
                raise sqlite3.DatabaseError(f"quick_check: {first[:100]}")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS extractions (text_key TEXT PRIMARY KEY, mentions BLOB)")
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != self.fingerprint:
                self.invalidated = row is not None
                db.execute("DELETE FROM extractions")
                db.execute("DROP TABLE IF EXISTS statements")  # made when first used (--relations)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint,))
            db.commit()
            return db
        except sqlite3.Error as err:
            if db is not None:
                db.close()
            if not retry or not _is_damage(err):
                raise self._unusable(err) from err
            self._move_aside(err)
            return self._open(retry=False)

    def _move_aside(self, err: sqlite3.Error) -> None:
        """Move the damaged file (and its journal) to ``*.corrupt``, and say so."""
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            for suffix in ("", *_SIDE_FILES):
                damaged = self.path.with_name(self.path.name + suffix)
                if damaged.exists():
                    damaged.replace(aside.with_name(aside.name + suffix))
        except OSError as move_err:
            raise CacheError(
                f"{self.path}: the extraction cache is damaged ({err}) and cannot be moved aside "
                f"({move_err.strerror}); delete it, or pass another --cache folder"
            ) from move_err
        self.moved_aside = aside
        self._warn(
            f"{self.path}: the extraction cache is damaged ({' '.join(str(err).split())}); "
            f"moved it to {aside.name} and started an empty one (papers are extracted again)"
        )

    def _recover(self, err: sqlite3.Error) -> None:
        """After an error mid-build: a damaged file is replaced by an empty cache; any other error is refused."""
        if not _is_damage(err):
            raise CacheError(f"{self.path}: cannot use the extraction cache ({err})") from err
        self._db.close()
        self._move_aside(err)
        self.invalidated = False
        self._db = self._open(retry=False)

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        try:
            return int(self._db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0])
        except sqlite3.Error as err:
            self._recover(err)
            return 0

    def _decoded(self, blob: bytes, paper_id: str) -> list[Mention] | None:
        """The mentions of one entry, or None (a miss) when its bytes cannot be read."""
        try:
            return _decode(blob, paper_id)
        except _ENTRY_ERRORS as err:
            self.bad_entries += 1
            if self.bad_entries == 1:
                self._warn(
                    f"{self.path}: a cached extraction cannot be read ({type(err).__name__}: {err}); "
                    "such entries are extracted again"
                )
            return None

    def get_many(self, keys: Iterable[tuple[str, str]]) -> dict[str, list[Mention]]:
        """Cached mentions for ``(text key, paper id)`` pairs, by paper id; misses are absent.

        A damaged file gives no hits at all (it is replaced by an empty cache), so every
        paper of the block is extracted again.
        """
        stored = self._stored("extractions", "mentions", keys)
        if stored is None:
            return {}
        found: dict[str, list[Mention]] = {}
        for paper_id, blob in stored:
            mentions = self._decoded(blob, paper_id)
            if mentions is not None:
                found[paper_id] = mentions
        return found

    def put_many(self, entries: Mapping[str, Sequence[Mention]]) -> None:
        """Store mentions by text key, committing once; into a fresh cache if the file turns out damaged."""
        rows = [(key, _encode(mentions)) for key, mentions in entries.items()]
        for attempt in (1, 2):
            try:
                self._db.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", rows)
                self._db.commit()
                return
            except sqlite3.Error as err:
                if attempt == 2 or not _is_damage(err):
                    raise CacheError(f"{self.path}: cannot write the extraction cache ({err})") from err
                self._recover(err)

    def get_statements(self, keys: Iterable[tuple[str, str]]) -> dict[str, PaperStatements]:
        """Cached statements (``--relations``) for ``(text key, paper id)`` pairs, by paper id;
        misses are absent, and an entry that cannot be read is a miss."""
        try:
            self._db.execute(_STATEMENTS_TABLE)
        except sqlite3.Error as err:
            self._recover(err)
            return {}
        stored = self._stored("statements", "stated", keys)
        if stored is None:
            return {}
        found: dict[str, PaperStatements] = {}
        for paper_id, blob in stored:
            try:
                found[paper_id] = _decode_statements(blob, paper_id)
            except _ENTRY_ERRORS:
                self.bad_entries += 1
        return found

    def _stored(self, table: str, column: str, keys: Iterable[tuple[str, str]]) -> list[tuple[str, bytes]] | None:
        """``(paper id, stored value)`` of the ``(text key, paper id)`` pairs that ``table``
        holds, in the order asked; None when the file turned out damaged (it is then
        replaced by an empty cache, so the whole block is a miss)."""
        wanted = list(keys)
        stored: list[tuple[str, bytes]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = dict(
                    self._db.execute(
                        f"SELECT text_key, {column} FROM {table} WHERE text_key IN ({marks})",
                        [key for key, _ in chunk],
                    ).fetchall()
                )
            except sqlite3.Error as err:
                self._recover(err)
                return None
            stored.extend((paper_id, rows[key]) for key, paper_id in chunk if key in rows)
        return stored

    def put_statements(self, entries: Mapping[str, PaperStatements]) -> None:
        """Store statements by text key, committing once."""
        rows = [(key, _encode_statements(stated)) for key, stated in entries.items()]
        try:
            self._db.execute(_STATEMENTS_TABLE)
            self._db.executemany("INSERT OR REPLACE INTO statements VALUES (?, ?)", rows)
            self._db.commit()
        except sqlite3.Error as err:
            if not _is_damage(err):
                raise CacheError(f"{self.path}: cannot write the extraction cache ({err})") from err
            self._recover(err)
