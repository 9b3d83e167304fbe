"""Corpora and known builds shared by the fault tests.

Two small corpora (``first``, ``second``) are each built once per session; their
digests are what an export folder must equal after a fault, never a mix of
the two.  ``large`` has more than one chunk of papers, so a ``--workers 2``
build of it starts worker processes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.observe import ROOT, digests, kg_build

SMALL = 24
"""Papers in each small corpus: a build of it takes a few seconds, most of it loading spaCy."""
LARGE = 700
"""Papers of the corpus that is killed mid-extraction: over two chunks of 256."""


@dataclass(frozen=True)
class Known:
    """A corpus, and the exports a complete build of it writes (their digests by file name)."""

    corpus: Path
    exports: Path
    digests: dict[str, str]

    def copy_to(self, out: Path) -> None:
        """Put this build's exports at ``out``, as an earlier build would have left them."""
        shutil.copytree(self.exports, out)


def _corpus(path: Path, papers: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from scale_corpus import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(papers, path, seed=seed)
    return path


def _known(folder: Path, papers: int, seed: int) -> Known:
    corpus = _corpus(folder / "corpus.jsonl", papers, seed)
    exports = folder / "exports"
    subprocess.run([sys.executable, "-m", "kg", *kg_build(corpus, exports)], cwd=ROOT, check=True, capture_output=True)
    return Known(corpus, exports, digests(exports))


@pytest.fixture(scope="session")
def first(tmp_path_factory: pytest.TempPathFactory) -> Known:
    return _known(tmp_path_factory.mktemp("first"), SMALL, seed=1)


@pytest.fixture(scope="session")
def second(tmp_path_factory: pytest.TempPathFactory) -> Known:
    return _known(tmp_path_factory.mktemp("second"), SMALL, seed=2)


@pytest.fixture(scope="session")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("large") / "corpus.jsonl", LARGE, seed=3)
