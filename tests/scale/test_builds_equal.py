"""``kg build`` on Dask and ``kg build`` from a cache write the same files as a plain build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.cli import main

from ..conftest import DEMO, ROOT

CACHE_LINE = re.compile(r"cache: (\d+) papers read from .*, (\d+) extracted")


def _same_files(left: Path, right: Path) -> None:
    names = sorted(p.name for p in left.iterdir())
    assert names == sorted(p.name for p in right.iterdir())
    for name in names:
        assert (left / name).read_bytes() == (right / name).read_bytes(), name


@pytest.mark.slow
def test_a_dask_build_equals_the_committed_exports(tmp_path: Path, in_root: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    args = ["build", "data/daily-papers", "--out", str(out), "--no-progress", "--engine", "dask", "--workers", "2"]
    assert main(args) == 0
    _same_files(out, ROOT / "exports")


@pytest.mark.slow
def test_an_incremental_build_equals_the_committed_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same relative paths as in the repository, so provenance matches the committed exports.
    monkeypatch.chdir(tmp_path)
    corpus = Path("data/daily-papers")
    corpus.mkdir(parents=True)
    pages = sorted(DEMO.glob("*.txt"))
    for page in pages[:-1]:
        shutil.copy(page, corpus / page.name)
    common = ["--no-progress", "--cache", "cache"]
    assert main(["build", str(corpus), "--out", "first", *common]) == 0
    first = CACHE_LINE.search(capsys.readouterr().out)
    assert first is not None and first.group(1) == "0"
    shutil.copy(pages[-1], corpus / pages[-1].name)
    assert main(["build", str(corpus), "--out", "second", *common]) == 0
    second = CACHE_LINE.search(capsys.readouterr().out)
    assert second is not None
    read_back, extracted = int(second.group(1)), int(second.group(2))
    assert read_back == int(first.group(2)), "every paper of the first build comes from the cache"
    assert 0 < extracted < read_back, "only the papers of the new page are extracted"
    _same_files(Path("second"), ROOT / "exports")
