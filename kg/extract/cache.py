"""Extractions cached by the content of a paper's text and the extractor that read it.

An incremental build re-extracts only papers whose title and abstract are new:
a paper's mentions depend on its text and on nothing else, so the text's hash
is the key.  The cache remembers the fingerprint of the extractor (model files,
lexicons, rule code, spaCy version) that filled it; a different fingerprint
empties it, so a changed model or lexicon can never serve stale mentions.
The cache is one SQLite file, written only by the process that runs the build.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple
from functools import cache
from pathlib import Path
from typing import cast

from spacy import about as spacy_about

import kg
from kg.errors import KGError
from kg.model import Field, Mention, concept_type

CACHE_FILE = "extractions.sqlite"
_EXTRACT_DIR = Path(__file__).resolve().parent
_RULE_SOURCES = (_EXTRACT_DIR, _EXTRACT_DIR.parent / "normalize.py")
_SCHEMA = 1


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
def extractor_fingerprint(model: Path | None, accurate: bool = False) -> str:
    """A hash of everything that decides what the extractor finds.

    It covers the NER model's files (or its absence), the lexicons and the rule
    code under ``kg/extract``, ``kg/normalize.py``, and the kg and spaCy
    versions: changing any of them changes the fingerprint.  With ``accurate``
    the NER is accurate mode's transformer, and ``model`` names its directory
    as :func:`~kg.extract.pipeline.load_pipeline` reads it.
    """
    digest = hashlib.sha256()
    digest.update(f"kg {kg.__version__} spacy {spacy_about.__version__} schema {_SCHEMA}\n".encode())
    if accurate:
        from kg.extract.pipeline import accurate_model_dir

        digest.update(b"accurate\n")
        model = accurate_model_dir(model)
    roots = [*_RULE_SOURCES, *([model] if model is not None else [])]
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


class ExtractionCache:
    """Mentions per text hash, valid for one extractor fingerprint.

    Use as a context manager, or call :meth:`close`.  Mentions are stored
    without their paper id, so two papers with the same text share one entry.
    """

    def __init__(self, folder: str | Path, fingerprint: str) -> None:
        self.folder = Path(folder)
        self.fingerprint = fingerprint
        self.path = self.folder / CACHE_FILE
        self.invalidated = False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS extractions (text_key TEXT PRIMARY KEY, mentions BLOB)")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
            if row is None or row[0] != fingerprint:
                self.invalidated = row is not None
                self._db.execute("DELETE FROM extractions")
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
            self._db.commit()
        except (OSError, sqlite3.Error) as err:
            raise CacheError(
                f"{self.path}: cannot use the extraction cache ({err}); pass another --cache folder or delete this one"
            ) from err

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0])

    def get_many(self, keys: Iterable[tuple[str, str]]) -> dict[str, list[Mention]]:
        """Cached mentions for ``(text key, paper id)`` pairs, by paper id; misses are absent."""
        wanted = list(keys)
        found: dict[str, list[Mention]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = dict(
                self._db.execute(
                    f"SELECT text_key, mentions FROM extractions WHERE text_key IN ({marks})",
                    [key for key, _ in chunk],
                ).fetchall()
            )
            for key, paper_id in chunk:
                if key in rows:
                    found[paper_id] = _decode(rows[key], paper_id)
        return found

    def put_many(self, entries: Mapping[str, Sequence[Mention]]) -> None:
        """Store mentions by text key, committing once."""
        try:
            self._db.executemany(
                "INSERT OR REPLACE INTO extractions VALUES (?, ?)",
                [(key, _encode(mentions)) for key, mentions in entries.items()],
            )
            self._db.commit()
        except sqlite3.Error as err:
            raise CacheError(f"{self.path}: cannot write the extraction cache ({err})") from err
