"""Linked mentions kept in a temporary file instead of in memory, read back in order.

A build holds the mentions from linking until the last export, though the graph
and every exporter read them only in order, once each.  At a million mentions
(text, offsets, sentence each) that is hundreds of megabytes of memory, where a
file read back chunk by chunk serves as well.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, overload

from kg.model import LinkedMention

CHUNK = 10_000
"""Mentions per pickled chunk: what is in memory at once while the spool is read."""


class MentionSpool(Sequence[LinkedMention]):
    """The mentions, in the order given, in an unnamed temporary file that goes with the object.

    Iterating reads one chunk at a time; indexing reads the chunk that holds the
    index.  Pickled, a spool becomes a plain tuple.
    """

    def __init__(self, mentions: Iterable[LinkedMention], chunk: int = CHUNK) -> None:
        self._file = tempfile.TemporaryFile(prefix="kg-mentions-")  # noqa: SIM115 (lives as long as the spool)
        self._chunk = chunk
        self._offsets: list[int] = []
        self._length = 0
        self.paper_runs: list[str] = []
        """The paper id of each run of mentions of one paper, in order."""
        iterator = iter(mentions)
        while part := list(islice(iterator, chunk)):
            self._offsets.append(self._file.tell())
            pickle.dump(part, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._length += len(part)
            for linked in part:
                if not self.paper_runs or self.paper_runs[-1] != linked.mention.paper_id:
                    self.paper_runs.append(linked.mention.paper_id)
        self._file.flush()

    def _read(self, number: int) -> list[LinkedMention]:
        self._file.seek(self._offsets[number])
        part: list[LinkedMention] = pickle.load(self._file)
        return part

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[LinkedMention]:
        for number in range(len(self._offsets)):
            yield from self._read(number)

    @overload
    def __getitem__(self, index: int) -> LinkedMention: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[LinkedMention]: ...

    def __getitem__(self, index: int | slice) -> LinkedMention | Sequence[LinkedMention]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("mention index out of range")
        return self._read(index // self._chunk)[index % self._chunk]

    def __reduce__(self) -> tuple[Any, ...]:
        return (tuple, (tuple(self),))

    def close(self) -> None:
        """Delete the file now rather than when the spool is garbage-collected."""
        self._file.close()


def in_paper_runs(mentions: Iterable[LinkedMention], paper_ids: Sequence[str]) -> bool:
    """Whether the mentions of each paper come together, papers in the order of ``paper_ids``.

    Extraction gives them so; when they do, the graph can be built paper by paper
    as the mentions stream past.  A spool answers from the runs it noted while
    it was written, without reading the mentions back.
    """
    if isinstance(mentions, MentionSpool):
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
