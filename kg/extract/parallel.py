"""Running the extractor over many papers: in this process, in worker processes, or on Dask.

Papers go out in chunks and come back in the order they went out, so the
mentions, and so the graph, are the same whichever way they were extracted.
At most a few chunks per worker are in flight at once, which keeps memory flat
however large the corpus.  Each worker process loads the pipeline once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from spacy.language import Language

from kg.errors import KGError
from kg.extract.cache import ExtractionCache, extractor_fingerprint, text_key
from kg.extract.extractor import extract, paper_text
from kg.extract.pipeline import MODEL_DIR, load_pipeline
from kg.model import Mention, Paper

Engine = Literal["local", "dask"]
Progress = Callable[[int], None]
ChunkRunner = Callable[[Iterable[list[Paper]]], Iterator[list[list[Mention]]]]
"""Takes chunks of papers, yields each chunk's mentions per paper, in order."""

ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""Worker processes use one BLAS thread each: the workers are the parallelism."""


@dataclass(frozen=True)
class ExtractOptions:
    """How to run extraction: where, how wide, in what chunks, with which model and cache.

    ``accurate`` puts accurate mode's transformer NER in place of the spaCy one
    (the ``kg[accurate]`` extra); ``model`` is then its directory, the shipped one
    when left at the default (see :func:`~kg.extract.pipeline.load_pipeline`).
    """

    workers: int = 1
    engine: Engine = "local"
    scheduler: str | None = None
    chunk_size: int = 256
    batch_size: int = 64
    model: Path | None = MODEL_DIR
    cache: Path | None = None
    accurate: bool = False

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise KGError(f"--workers must be at least 1, not {self.workers}")
        if self.chunk_size < 1 or self.batch_size < 1:
            raise KGError("chunk and batch sizes must be at least 1")
        if self.scheduler is not None and self.engine != "dask":
            raise KGError("--scheduler needs --engine dask")


@lru_cache(maxsize=2)
def _pipeline(model: str | None, accurate: bool) -> Language:
    return load_pipeline(Path(model) if model is not None else None, accurate=accurate)


def extract_chunk(
    papers: Sequence[Paper], model: str | None, batch_size: int, accurate: bool = False
) -> list[list[Mention]]:
    """Mentions of each paper of one chunk; the pipeline is loaded once per process."""
    nlp = _pipeline(model, accurate)
    return [mentions for _paper, mentions in extract(papers, nlp, batch_size=batch_size)]


@contextlib.contextmanager
def one_thread_per_process() -> Iterator[None]:
    """Processes started inside this block use one BLAS thread (unless the user set it)."""
    saved = {name: os.environ.get(name) for name in ONE_THREAD}
    for name, value in ONE_THREAD.items():
        os.environ.setdefault(name, value)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def in_process(options: ExtractOptions) -> ChunkRunner:
    """Run every chunk here, one after the other."""
    model = None if options.model is None else str(options.model)

    def run(chunks: Iterable[list[Paper]]) -> Iterator[list[list[Mention]]]:
        for chunk in chunks:
            yield extract_chunk(chunk, model, options.batch_size, options.accurate)

    return run


def ordered(submit: Callable[[list[Paper]], Future[list[list[Mention]]]], window: int) -> ChunkRunner:
    """Keep ``window`` chunks in flight through ``submit`` and yield results in input order."""

    def run(chunks: Iterable[list[Paper]]) -> Iterator[list[list[Mention]]]:
        pending: deque[Future[list[list[Mention]]]] = deque()
        for chunk in chunks:
            pending.append(submit(chunk))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    return run


@contextlib.contextmanager
def process_pool(options: ExtractOptions) -> Iterator[ChunkRunner]:
    """Run chunks in ``options.workers`` processes of this machine."""
    model = None if options.model is None else str(options.model)
    with (
        one_thread_per_process(),
        ProcessPoolExecutor(options.workers, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):

        def submit(chunk: list[Paper]) -> Future[list[list[Mention]]]:
            return pool.submit(extract_chunk, chunk, model, options.batch_size, options.accurate)

        yield ordered(submit, 2 * options.workers)


@contextlib.contextmanager
def runner(options: ExtractOptions) -> Iterator[ChunkRunner]:
    """The chunk runner ``options`` ask for, set up and torn down around the block."""
    if options.engine == "dask":
        from kg.extract.dask_engine import dask_runner

        with dask_runner(options) as run:
            yield run
    elif options.workers > 1:
        with process_pool(options) as run:
            yield run
    else:
        yield in_process(options)


@dataclass(frozen=True)
class Extraction:
    """Each paper's mentions in input order, and how many papers the cache supplied."""

    mentions: list[list[Mention]]
    from_cache: int


def extract_all(
    papers: Sequence[Paper], options: ExtractOptions | None = None, progress: Progress | None = None
) -> list[list[Mention]]:
    """Each paper's mentions, in the order of ``papers`` (see :func:`extract_with_cache`)."""
    return extract_with_cache(papers, options, progress).mentions


def extract_with_cache(
    papers: Sequence[Paper], options: ExtractOptions | None = None, progress: Progress | None = None
) -> Extraction:
    """Each paper's mentions, in the order of ``papers``, and the cache's share of them.

    With a cache, papers whose text was extracted before by the same extractor
    are read from it, and only the others are extracted (and then stored).
    """
    options = options or ExtractOptions()
    results: list[list[Mention] | None] = [None] * len(papers)
    cache: ExtractionCache | None = None
    keys: list[str] = []
    from_cache = 0
    if options.cache is not None:
        cache = ExtractionCache(options.cache, extractor_fingerprint(options.model, options.accurate))
        keys = [text_key(paper_text(p)) for p in papers]
    try:
        if cache is not None:
            found = cache.get_many(zip(keys, (p.id for p in papers), strict=True))
            for i, paper in enumerate(papers):
                if paper.id in found:
                    results[i] = found[paper.id]
                    from_cache += 1
            if progress is not None and found:
                progress(len(found))
        todo = [i for i, result in enumerate(results) if result is None]
        if todo:
            with runner(options) as run:
                index_chunks = list(chunked_indices(todo, options.chunk_size))
                chunks = ([papers[i] for i in chunk] for chunk in index_chunks)
                for chunk_indices, mentions in zip(index_chunks, run(chunks), strict=True):
                    for i, found_mentions in zip(chunk_indices, mentions, strict=True):
                        results[i] = found_mentions
                    if cache is not None:
                        cache.put_many({keys[i]: results[i] or [] for i in chunk_indices})
                    if progress is not None:
                        progress(len(chunk_indices))
    finally:
        if cache is not None:
            cache.close()
    return Extraction([r if r is not None else [] for r in results], from_cache)


def chunked_indices(indices: Sequence[int], size: int) -> Iterator[list[int]]:
    """``indices`` in lists of ``size``."""
    for start in range(0, len(indices), size):
        yield list(indices[start : start + size])
