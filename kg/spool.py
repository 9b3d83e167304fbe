"""Records kept in a temporary file instead of in memory, read back in order.

A build goes over its papers and mentions several times, but always in order:
reading, extraction, each pass of linking, the graph and every exporter.  At a
hundred thousand papers and a million mentions (text, offsets, sentence each)
holding them costs gigabytes of memory, where a file read back chunk by chunk
serves as well and keeps the build's memory from growing with the corpus.
"""

from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, Generic, TypeVar, overload

from kg.model import LinkedMention

CHUNK = 10_000
"""Records per pickled chunk: what is in memory at once while a spool is read or written."""

T = TypeVar("T")


class Spool(Sequence[T], Generic[T]):
    """Records, in the order appended, in an unnamed temporary file that goes with the object.

    Records are appended (:meth:`append`, :meth:`extend`, or the constructor's
    iterable); iterating reads one chunk at a time, and indexing reads the
    chunk that holds the index (the last one read is kept, so indexing in
    order reads each chunk once), or the chunk still being filled.  When
    ``paper_of`` is given, the spool notes the paper of each run of records
    (:attr:`paper_runs`), so a reader knows whether each paper's records come
    together without reading them back.  Pickled, a spool becomes a plain tuple.
    """

    def __init__(
        self, records: Iterable[T] = (), chunk: int = CHUNK, paper_of: Callable[[T], str] | None = None
    ) -> None:
        self._file = tempfile.TemporaryFile(prefix="kg-spool-")  # noqa: SIM115 (lives as long as the spool)
        self._chunk = chunk
        self._offsets: list[int] = []
        self._pending: list[T] = []
        self._last: tuple[int, list[T]] | None = None
        self._length = 0
        self._paper_of = paper_of
        self.paper_runs: list[str] = []
        """The paper of each run of records of one paper, in order (with ``paper_of``)."""
        self.extend(records)

    def append(self, record: T) -> None:
        """Add one record at the end."""
        self._pending.append(record)
        self._length += 1
        if self._paper_of is not None:
            paper = self._paper_of(record)
            if not self.paper_runs or self.paper_runs[-1] != paper:
                self.paper_runs.append(paper)
        if len(self._pending) >= self._chunk:
            self._flush()

    def extend(self, records: Iterable[T]) -> None:
        """Add records at the end, in order."""
        for record in records:
            self.append(record)

    def _flush(self) -> None:
        self._file.seek(0, 2)
        self._offsets.append(self._file.tell())
        pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending = []

    def _read(self, number: int) -> list[T]:
        if number == len(self._offsets):
            return self._pending
        if self._last is not None and self._last[0] == number:
            return self._last[1]  # indexing one record after another in order reads each chunk once
        self._file.seek(self._offsets[number])
        part: list[T] = pickle.load(self._file)
        self._last = (number, part)
        return part

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[T]:
        number = 0
        while number * self._chunk < self._length:
            yield from self._read(number)
            number += 1

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("spool index out of range")
        return self._read(index // self._chunk)[index % self._chunk]

    @property
    def notes_papers(self) -> bool:
        """Whether this spool notes the paper of each record (it was given ``paper_of``)."""
        return self._paper_of is not None

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))

    def close(self) -> None:
        """Delete the file now rather than when the spool is garbage-collected."""
        self._file.close()
        self._pending = []
        self._last = None


class MentionSpool(Spool[LinkedMention]):
    """Linked mentions on disk, noting their papers' runs."""

    def __init__(self, mentions: Iterable[LinkedMention] = (), chunk: int = CHUNK) -> None:
        super().__init__(mentions, chunk, paper_of=_linked_paper)


def _linked_paper(linked: LinkedMention) -> str:
    return linked.mention.paper_id


def in_paper_runs(mentions: Iterable[LinkedMention], paper_ids: Sequence[str]) -> bool:
    """Whether the mentions of each paper come together, papers in the order of ``paper_ids``.

    Extraction gives them so; when they do, the graph can be built paper by paper
    as the mentions stream past.  A spool answers from the runs it noted while
    it was written, without reading the mentions back.
    """
    if isinstance(mentions, Spool) and mentions.notes_papers:
        runs: Iterable[str] = mentions.paper_runs
    else:
        runs = (linked.mention.paper_id for linked in mentions)
    order = {paper_id: i for i, paper_id in enumerate(paper_ids)}
    last, current = -1, None
    for paper_id in runs:
        if paper_id == current:
            continue
        position = order.get(paper_id, -1)
        if position <= last:
            return False
        last, current = position, paper_id
    return True


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter): a stream taken a slice at a time."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def sorted_on_disk(records: Iterable[T], run: int = 200_000, chunk: int = 1_000) -> Iterator[T]:
    """``records`` in sorted order, holding at most ``run`` of them in memory.

    An external merge sort: runs of ``run`` records are sorted in memory and
    spooled to disk, then merged, one chunk of each run in memory at a time
    (small chunks, as a large input makes many runs).
    Records must be totally ordered (tuples whose leading items differ, say).
    """
    runs: list[Spool[T]] = []
    iterator = iter(records)
    try:
        while part := sorted(islice(iterator, run)):  # type: ignore[type-var]
            if not runs and len(part) < run:
                yield from part  # it all fit in one run: no disk needed
                return
            runs.append(Spool(part, chunk=chunk))
            del part
        yield from heapq.merge(*runs)  # type: ignore[type-var]
    finally:
        for spooled in runs:
            spooled.close()
