"""Extraction in worker processes, on Dask, and from the cache gives the graph a single
process gives; the cache re-extracts only new texts and empties itself for a new extractor."""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kg.errors import KGError
from kg.extract import parallel, runners
from kg.extract.cache import ExtractionCache, extractor_fingerprint
from kg.extract.options import ExtractOptions
from kg.extract.parallel import extract_all
from kg.machine import available_cores
from kg.model import Mention, Paper
from kg.sources import read_corpus

from ..conftest import DEMO


@pytest.fixture(scope="module")
def papers() -> tuple[Paper, ...]:
    return read_corpus([DEMO]).papers[:40]


@pytest.fixture(scope="module")
def reference(papers: tuple[Paper, ...]) -> list[list[Mention]]:
    return extract_all(papers)


class CountingChunks:
    """Wraps the per-chunk extraction to count the papers it is asked to read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.papers: list[str] = []
        original = runners.extract_chunk

        def counted(
            chunk: list[Paper], model: str | None, batch_size: int, accurate: bool = False
        ) -> list[list[Mention]]:
            self.papers.extend(p.id for p in chunk)
            return original(chunk, model, batch_size, accurate)

        monkeypatch.setattr(runners, "extract_chunk", counted)


@pytest.mark.slow  # starts two worker processes, each loading the pipeline
def test_worker_processes_give_the_same_mentions_in_the_same_order(
    papers: tuple[Paper, ...], reference: list[list[Mention]]
) -> None:
    found = extract_all(papers, ExtractOptions(workers=2, chunk_size=7))
    assert found == reference
    assert sum(map(len, found)) > 100


def test_a_second_build_reads_everything_from_the_cache(
    papers: tuple[Paper, ...], reference: list[list[Mention]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = ExtractOptions(workers=1, cache=tmp_path / "cache", chunk_size=16)  # counted here
    counter = CountingChunks(monkeypatch)
    assert extract_all(papers[:30], options) == reference[:30]
    assert len(counter.papers) == 30
    counter.papers.clear()
    assert extract_all(papers, options) == reference
    assert counter.papers == [p.id for p in papers[30:]], "only the new papers are extracted"
    counter.papers.clear()
    assert extract_all(papers, options) == reference
    assert counter.papers == []


def test_the_cache_serves_a_known_text_under_a_new_paper_id(
    papers: tuple[Paper, ...], reference: list[list[Mention]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = ExtractOptions(workers=1, cache=tmp_path / "cache")  # counted in this process
    extract_all(papers[:5], options)
    counter = CountingChunks(monkeypatch)
    renamed = [replace(p, id=f"copy-{p.id}") for p in papers[:5]]
    found = extract_all(renamed, options)
    assert counter.papers == []
    assert found == [[replace(m, paper_id=f"copy-{m.paper_id}") for m in ms] for ms in reference[:5]]


def test_mentions_from_the_cache_share_one_string_per_sentence(tmp_path: Path) -> None:
    """As extraction gives them: a large cached build must not hold a copy of a sentence per mention."""
    sentence = "We train BERT and GPT-2 on the Pile."
    found = [
        Mention("p", "method", "BERT", "abstract", 9, 13, sentence, "kg_ner"),
        Mention("p", "method", "GPT-2", "abstract", 18, 23, sentence, "kg_ner"),
    ]
    with ExtractionCache(tmp_path, "fingerprint") as cache:
        cache.put_many({"k": found})
    with ExtractionCache(tmp_path, "fingerprint") as cache:
        first, second = cache.get_many([("k", "p")])["p"]
    assert [first, second] == found
    assert first.sentence is second.sentence and first.rule is second.rule and first.field is second.field


def test_another_extractor_empties_the_cache(tmp_path: Path) -> None:
    mention = Mention("p", "method", "BERT", "abstract", 0, 4, "BERT works.", "lexicon")
    with ExtractionCache(tmp_path, "fingerprint-a") as cache:
        cache.put_many({"k": [mention]})
        assert cache.get_many([("k", "p")]) == {"p": [mention]}
    with ExtractionCache(tmp_path, "fingerprint-a") as cache:
        assert not cache.invalidated
        assert len(cache) == 1
    with ExtractionCache(tmp_path, "fingerprint-b") as cache:
        assert cache.invalidated
        assert len(cache) == 0
        assert cache.get_many([("k", "p")]) == {}


def test_the_fingerprint_follows_the_model_files(tmp_path: Path) -> None:
    model = tmp_path / "model"
    (model / "ner").mkdir(parents=True)
    (model / "ner" / "model").write_bytes(b"weights v1")
    first = extractor_fingerprint(model)
    assert extractor_fingerprint(model) == first
    assert extractor_fingerprint(None) != first
    moved = tmp_path / "model-v2"
    shutil.copytree(model, moved)
    assert extractor_fingerprint(moved) == first, "the fingerprint depends on content, not on where it is"
    (moved / "ner" / "model").write_bytes(b"weights v2")
    extractor_fingerprint.cache_clear()
    assert extractor_fingerprint(moved) != first


def test_an_unusable_cache_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(Exception, match="cannot use the extraction cache"):
        ExtractionCache(blocker, "x")


def test_bad_worker_counts_are_refused() -> None:
    with pytest.raises(Exception, match="at least 1"):
        ExtractOptions(workers=0)
    with pytest.raises(Exception, match="needs --engine dask"):
        ExtractOptions(scheduler="tcp://127.0.0.1:8786")


@pytest.mark.slow
def test_a_local_dask_cluster_gives_the_same_mentions(
    papers: tuple[Paper, ...], reference: list[list[Mention]]
) -> None:
    pytest.importorskip("distributed")
    found = extract_all(papers, ExtractOptions(engine="dask", workers=2, chunk_size=9))
    assert found == reference


def test_without_dask_distributed_the_dask_engine_says_how_to_install_it(
    papers: tuple[Paper, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    with pytest.raises(KGError, match=r"--engine dask needs dask\.distributed, .* pip install -e '\.\[dask\]'"):
        extract_all(papers[:2], ExtractOptions(engine="dask", workers=2))


def test_cached_and_new_papers_can_alternate(
    papers: tuple[Paper, ...], reference: list[list[Mention]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = ExtractOptions(workers=1, cache=tmp_path / "cache", chunk_size=3)  # counted here
    extract_all(papers[::2], options)
    counter = CountingChunks(monkeypatch)
    extraction = parallel.extract_with_cache(papers, options)
    assert list(extraction.mentions) == reference
    assert extraction.from_cache == len(papers[::2])
    assert counter.papers == [p.id for p in papers[1::2]], "only the papers not seen before, in order"


def test_extraction_uses_every_available_core_by_default() -> None:
    assert ExtractOptions().workers == available_cores() >= 1


@pytest.mark.parametrize(
    ("count", "pooled"),
    [(7, False), pytest.param(8, True, marks=pytest.mark.slow)],  # a pool of two worker processes
)
def test_a_pool_starts_only_when_there_is_a_second_chunk(
    papers: tuple[Paper, ...], reference: list[list[Mention]], monkeypatch: pytest.MonkeyPatch, count: int, pooled: bool
) -> None:
    """Worker start-up (a pipeline load each) costs more than one chunk saves: a corpus of
    one chunk is extracted in this process whatever ``workers`` says."""
    started: list[int] = []
    real_pool = parallel.process_pool

    def recorded(options: ExtractOptions) -> Any:
        started.append(options.workers)
        return real_pool(options)

    monkeypatch.setattr(parallel, "process_pool", recorded)
    found = extract_all(papers[:count], ExtractOptions(workers=2, chunk_size=7))
    assert found == reference[:count]
    assert started == ([2] if pooled else [])
