"""Where chunks of papers are extracted on this machine: in this process, or in worker
processes (the Dask runner is :mod:`kg.extract.dask_engine`).

A runner takes a chunk at a time and hands back something whose ``result()`` is the
chunk's mentions; :mod:`kg.extract.parallel` chooses the runner and keeps the chunks
in order.  Each worker process loads the pipeline once.

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
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

from kg.extract.extractor import extract, extract_stated
from kg.extract.options import ExtractOptions
from kg.extract.pipeline import load_pipeline
from kg.model import Mention, Paper, PaperStatements


class Pending(Protocol):
    """A chunk handed to a runner: its mentions per paper once :meth:`result` returns
    (with ``relations``, each paper's mentions and statements: :func:`extract_stated_chunk`)."""

    def result(self) -> list[Any]: ...


@dataclass(frozen=True)
class Runner:
    """Where chunks are extracted: ``submit`` hands one over, and up to ``window`` chunks
    may be out at once (which keeps every worker busy and memory bounded)."""

    submit: Callable[[list[Paper]], Pending]
    window: int


ONE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""Worker processes use one BLAS thread each: the workers are the parallelism."""


@lru_cache(maxsize=2)
def _pipeline(model: str | None, accurate: bool, stated: bool = False) -> Language:
    path = Path(model) if model is not None else None
    return load_pipeline(path, accurate=accurate, relations=stated, result_claims=stated)


def extract_chunk(
    papers: Sequence[Paper], model: str | None, batch_size: int, accurate: bool = False
) -> list[list[Mention]]:
    """Mentions of each paper of one chunk; the pipeline is loaded once per process."""
    nlp = _pipeline(model, accurate)
    return [mentions for _paper, mentions in extract(papers, nlp, batch_size=batch_size)]


def extract_stated_chunk(
    papers: Sequence[Paper], model: str | None, batch_size: int, accurate: bool = False
) -> list[tuple[list[Mention], PaperStatements]]:
    """Mentions and statements (relations, results) of each paper of one chunk, with
    ``kg_relations`` and ``kg_result_claims`` in the pipeline."""
    nlp = _pipeline(model, accurate, True)
    return [(mentions, stated) for _paper, mentions, stated in extract_stated(papers, nlp, batch_size=batch_size)]


def chunk_function(options: ExtractOptions) -> Callable[..., list[Any]]:
    """What a runner calls on each chunk: :func:`extract_chunk`, or with ``relations``
    :func:`extract_stated_chunk` (both take papers, model, batch size, accurate)."""
    return extract_stated_chunk if options.relations else extract_chunk


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
    found: list[Any]

    def result(self) -> list[Any]:
        return self.found


def in_process(options: ExtractOptions) -> Runner:
    """Run each chunk here, as it is submitted."""
    model = None if options.model is None else str(options.model)

    work = chunk_function(options)

    def submit(chunk: list[Paper]) -> Pending:
        return _Done(work(chunk, model, options.batch_size, options.accurate))

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

        work = chunk_function(options)

        def submit(chunk: list[Paper]) -> Pending:
            return pool.submit(work, chunk, model, options.batch_size, options.accurate)

        try:
            yield Runner(submit, 2 * options.workers)
        except BaseException:
            stop_workers(pool)
            raise
        pool.shutdown(wait=True)
