"""Running the extractor over many papers: in this process, in worker processes, or on Dask.

Papers go out in chunks and come back in the order they went out, so the
mentions, and so the graph, are the same whichever way they were extracted.
At most a few chunks per worker are in flight at once, which keeps memory flat
however large the corpus.  Each worker process loads the pipeline once.

Worker processes never outlive the build: when the build stops on an error,
Ctrl-C or SIGTERM, it terminates them rather than waiting for the chunks in
flight, and each worker watches its parent and exits on its own if the build
was killed outright (SIGKILL), where no cleanup can run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

from spacy.language import Language
from threadpoolctl import threadpool_limits

from kg.errors import KGError
from kg.extract.cache import ExtractionCache, extractor_fingerprint, text_key
from kg.extract.extractor import extract, paper_text
from kg.extract.pipeline import MODEL_DIR, load_pipeline
from kg.machine import available_cores
from kg.model import Mention, Paper
from kg.spool import Spool, batched

Engine = Literal["local", "dask"]
Progress = Callable[[int], None]


class Pending(Protocol):
    """A chunk handed to a runner: its mentions per paper once :meth:`result` returns."""

    def result(self) -> list[list[Mention]]: ...


@dataclass(frozen=True)
class Runner:
    """Where chunks are extracted: ``submit`` hands one over, and up to ``window`` chunks
    may be out at once (which keeps every worker busy and memory bounded)."""

    submit: Callable[[list[Paper]], Pending]
    window: int


ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""Worker processes use one BLAS thread each: the workers are the parallelism."""


@dataclass(frozen=True)
class ExtractOptions:
    """How to run extraction: where, how wide, in what chunks, with which model and cache.

    ``workers`` defaults to every core available, since the NER is the cost and one
    process reads about half as fast as two on two cores (BENCHMARKS.md); a corpus
    of one chunk is still extracted in this process, where a pool's start-up would
    cost more than it saves.  ``accurate`` puts accurate mode's transformer NER in
    place of the spaCy one (the ``kg[accurate]`` extra); ``model`` is then its
    directory, the shipped one when left at the default (see
    :func:`~kg.extract.pipeline.load_pipeline`).
    """

    workers: int = field(default_factory=available_cores)
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


@dataclass(frozen=True)
class _Done:
    mentions: list[list[Mention]]

    def result(self) -> list[list[Mention]]:
        return self.mentions


def in_process(options: ExtractOptions) -> Runner:
    """Run each chunk here, as it is submitted."""
    model = None if options.model is None else str(options.model)

    def submit(chunk: list[Paper]) -> Pending:
        return _Done(extract_chunk(chunk, model, options.batch_size, options.accurate))

    return Runner(submit, 1)


PARENT_POLL_SECONDS = 0.5
"""How often a worker checks that the build that started it is still alive."""
EXIT_ORPHANED = 3
"""A worker's exit code when it finds its build gone."""


def _watch_parent(parent: int) -> None:
    """Exit this process as soon as ``parent`` is no longer its parent (it died, and init adopted us)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(EXIT_ORPHANED)


def start_worker(parent: int) -> None:
    """The pool's initializer, run first in each worker.

    Ctrl-C reaches the whole process group; the worker ignores it and leaves
    stopping to the build, which terminates its workers (tracebacks from each
    would only hide the one line that matters).  A daemon thread ends the
    worker if the build dies without doing so; the worker's main thread may
    be blocked for good on a queue whose other end is gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), name="kg-parent-watch", daemon=True).start()


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel the chunks not started and end the workers now, not after the chunks in flight."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # no public handle before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            worker.terminate()
    for worker in workers:
        with contextlib.suppress(OSError, ValueError):
            worker.join(5)
            if worker.is_alive():
                worker.kill()
                worker.join()


@contextlib.contextmanager
def process_pool(options: ExtractOptions) -> Iterator[Runner]:
    """Run chunks in ``options.workers`` processes of this machine.

    If the block raises (an error, KeyboardInterrupt, SIGTERM turned into one by
    :mod:`kg.termination`), the workers are terminated before it propagates.
    """
    model = None if options.model is None else str(options.model)
    with one_thread_per_process():
        pool = ProcessPoolExecutor(
            options.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=start_worker,
            initargs=(os.getpid(),),
        )

        def submit(chunk: list[Paper]) -> Pending:
            return pool.submit(extract_chunk, chunk, model, options.batch_size, options.accurate)

        try:
            yield Runner(submit, 2 * options.workers)
        except BaseException:
            stop_workers(pool)
            raise
        pool.shutdown(wait=True)


@contextlib.contextmanager
def runner(options: ExtractOptions) -> Iterator[Runner]:
    """The runner ``options`` ask for, set up and torn down around the block."""
    if options.engine == "dask":
        from kg.extract.dask_engine import dask_runner

        with dask_runner(options) as run:
            yield run
    elif options.workers > 1:
        with process_pool(options) as run:
            yield run
    elif any(name in os.environ for name in ONE_THREAD):
        yield in_process(options)  # the user chose the BLAS threads
    else:
        with threadpool_limits(limits=1, user_api="blas"):  # a second thread does not speed the NER up
            yield in_process(options)


PAPERS_PER_RECORD_CHUNK = 1_000
"""Papers' mention lists per chunk of the extraction's spool."""


@dataclass(frozen=True)
class Extraction:
    """Each paper's mentions in input order (on disk), and how many papers the cache supplied."""

    mentions: Spool[list[Mention]]
    from_cache: int


def extract_all(
    papers: Iterable[Paper], options: ExtractOptions | None = None, progress: Progress | None = None
) -> list[list[Mention]]:
    """Each paper's mentions, in the order of ``papers`` (see :func:`extract_with_cache`)."""
    extraction = extract_with_cache(papers, options, progress)
    found = list(extraction.mentions)
    extraction.mentions.close()
    return found


def _marking_last(chunks: Iterator[list[Paper]]) -> Iterator[tuple[list[Paper], bool]]:
    """Each chunk with whether it is the last, read one chunk ahead."""
    ahead = next(chunks, None)
    while ahead is not None:
        chunk, ahead = ahead, next(chunks, None)
        yield chunk, ahead is None


@dataclass
class _Block:
    """Consecutive papers on their way through extraction: found in the cache, or sent out."""

    papers: list[Paper]
    found: list[list[Mention] | None]
    keys: list[str]
    todo: list[int]
    pending: Pending | None = None


def extract_with_cache(
    papers: Iterable[Paper], options: ExtractOptions | None = None, progress: Progress | None = None
) -> Extraction:
    """Each paper's mentions, in the order of ``papers``, and the cache's share of them.

    With a cache, papers whose text was extracted before by the same extractor
    are read from it, and only the others are extracted (and then stored).
    Papers go through in blocks of ``chunk_size``; at most a few blocks are in
    memory at once, and the mentions go to disk as their block is done, so
    memory does not grow with the corpus.  Worker processes are started only
    when a paper needs extracting.
    """
    options = options or ExtractOptions()
    out: Spool[list[Mention]] = Spool(chunk=PAPERS_PER_RECORD_CHUNK)
    cache: ExtractionCache | None = None
    if options.cache is not None:
        cache = ExtractionCache(options.cache, extractor_fingerprint(options.model, options.accurate))
    from_cache = 0
    in_flight: deque[_Block] = deque()

    def finish(block: _Block) -> None:
        if block.pending is not None:
            for i, mentions in zip(block.todo, block.pending.result(), strict=True):
                block.found[i] = mentions
            if cache is not None:
                cache.put_many({block.keys[i]: block.found[i] or [] for i in block.todo})
            if progress is not None:
                progress(len(block.todo))
        out.extend(mentions or [] for mentions in block.found)

    try:
        with contextlib.ExitStack() as stack:
            run: Runner | None = None
            for chunk, last in _marking_last(batched(papers, options.chunk_size)):
                block = _Block(list(chunk), [None] * len(chunk), [], [])
                if cache is not None:
                    block.keys = [text_key(paper_text(p)) for p in block.papers]
                    hits = cache.get_many(zip(block.keys, (p.id for p in block.papers), strict=True))
                    for i, paper in enumerate(block.papers):
                        block.found[i] = hits.get(paper.id)
                    from_cache += len(hits)
                    if progress is not None and hits:
                        progress(len(hits))
                block.todo = [i for i, found in enumerate(block.found) if found is None]
                if block.todo:
                    if run is None:
                        alone = last and options.engine == "local"  # nothing for a second worker to do
                        run = stack.enter_context(runner(replace(options, workers=1) if alone else options))
                    block.pending = run.submit([block.papers[i] for i in block.todo])
                in_flight.append(block)
                limit = run.window if run is not None else 0
                while in_flight and (in_flight[0].pending is None or len(in_flight) > limit):
                    finish(in_flight.popleft())
            while in_flight:
                finish(in_flight.popleft())
    except BaseException:
        out.close()
        raise
    finally:
        if cache is not None:
            cache.close()
    return Extraction(out, from_cache)
