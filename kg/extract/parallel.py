"""Running the extractor over many papers, with the runner the options choose
(:mod:`kg.extract.runners` here, :mod:`kg.extract.dask_engine` on Dask), and with the cache.

Papers go out in chunks and come back in the order they went out, so the
mentions, and so the graph, are the same whichever way they were extracted.
At most a few chunks per worker are in flight at once, which keeps memory flat
however large the corpus.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from threadpoolctl import threadpool_limits

from kg.extract.cache import ExtractionCache, extractor_fingerprint, text_key
from kg.extract.dask_engine import dask_runner
from kg.extract.extractor import paper_text
from kg.extract.options import ExtractOptions
from kg.extract.runners import ONE_THREAD, Pending, Runner, in_process, process_pool
from kg.model import Mention, Paper, PaperStatements
from kg.spool import Spool, batched

Progress = Callable[[int], None]


@contextlib.contextmanager
def runner(options: ExtractOptions) -> Iterator[Runner]:
    """The runner ``options`` ask for, set up and torn down around the block."""
    if options.engine == "dask":
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
    """Each paper's mentions in input order (on disk), how many papers the cache supplied,
    and with ``relations`` each paper's statements in the same order (on disk too)."""

    mentions: Spool[list[Mention]]
    from_cache: int
    statements: Spool[PaperStatements] | None = None


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
    stated: list[PaperStatements] | None = None


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
    stated_out: Spool[PaperStatements] | None = Spool(chunk=PAPERS_PER_RECORD_CHUNK) if options.relations else None
    cache: ExtractionCache | None = None
    if options.cache is not None:
        fingerprint = extractor_fingerprint(options.model, options.accurate, options.relations)
        cache = ExtractionCache(options.cache, fingerprint)
    from_cache = 0
    in_flight: deque[_Block] = deque()

    def finish(block: _Block) -> None:
        if block.pending is not None:
            for i, found in zip(block.todo, block.pending.result(), strict=True):
                if block.stated is not None:
                    block.found[i], block.stated[i] = found
                else:
                    block.found[i] = found
            if cache is not None:
                cache.put_many({block.keys[i]: block.found[i] or [] for i in block.todo})
                if block.stated is not None:
                    cache.put_statements({block.keys[i]: block.stated[i] for i in block.todo})
            if progress is not None:
                progress(len(block.todo))
        out.extend(mentions or [] for mentions in block.found)
        if stated_out is not None and block.stated is not None:
            stated_out.extend(block.stated)

    try:
        with contextlib.ExitStack() as stack:
            run: Runner | None = None
            for chunk, last in _marking_last(batched(papers, options.chunk_size)):
                block = _Block(list(chunk), [None] * len(chunk), [], [])
                if stated_out is not None:
                    block.stated = [PaperStatements()] * len(chunk)
                if cache is not None:
                    block.keys = [text_key(paper_text(p)) for p in block.papers]
                    hits = cache.get_many(zip(block.keys, (p.id for p in block.papers), strict=True))
                    if block.stated is not None:  # a paper is a hit when its mentions and statements are
                        stated = cache.get_statements(zip(block.keys, (p.id for p in block.papers), strict=True))
                        hits = {paper_id: found for paper_id, found in hits.items() if paper_id in stated}
                        for i, paper in enumerate(block.papers):
                            block.stated[i] = stated.get(paper.id, PaperStatements())
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
        if stated_out is not None:
            stated_out.close()
        raise
    finally:
        if cache is not None:
            cache.close()
    return Extraction(out, from_cache, stated_out)
