"""How a build extracts: the choices a user makes with ``--workers``, ``--engine``,
``--scheduler``, ``--cache``, ``--model``, ``--accurate`` and ``--relations``, or passes to
:func:`kg.build` as ``extraction``.

They live apart from the machinery that runs extraction (:mod:`kg.extract.parallel`
and its runners), so the CLI, the Python API and ``kg eval`` name them without
reaching into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kg.errors import KGError
from kg.extract.pipeline import MODEL_DIR
from kg.machine import available_cores

Engine = Literal["local", "dask"]


@dataclass(frozen=True)
class ExtractOptions:
    """How to run extraction: where, how wide, in what chunks, with which model and cache.

    ``workers`` defaults to every core available, since the NER is the cost: on two
    cores, extracting 5,000 abstracts took 87 s in one process and 62 s in two, so one
    process is about 1.4 times slower (BENCHMARKS.md, "kg build's default workers").
    A corpus of one chunk is still extracted in this process, where a pool's start-up
    would cost more than it saves.  ``accurate`` puts accurate mode's transformer NER
    in place of the spaCy one (the ``kg[accurate]`` extra); ``model`` is then its
    directory, the shipped one when left at the default (see
    :func:`~kg.extract.pipeline.load_pipeline`).  ``relations`` adds the relation
    extractor ``kg_relations`` and the result-claim finder ``kg_result_claims`` to the
    pipeline, so that a build states typed links and results besides co-occurrence; it
    is part of the cache's fingerprint.
    """

    workers: int = field(default_factory=available_cores)
    engine: Engine = "local"
    scheduler: str | None = None
    chunk_size: int = 256
    batch_size: int = 64
    model: Path | None = MODEL_DIR
    cache: Path | None = None
    accurate: bool = False
    relations: bool = False

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise KGError(f"--workers must be at least 1, not {self.workers}")
        if self.chunk_size < 1 or self.batch_size < 1:
            raise KGError("chunk and batch sizes must be at least 1")
        if self.scheduler is not None and self.engine != "dask":
            raise KGError("--scheduler needs --engine dask")
