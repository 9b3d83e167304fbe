"""Mentions taken a paper at a time: the runs of consecutive mentions of one paper.

Every pass of linking decides some things paper by paper (a name's type within a paper,
the method names a paper pairs, the papers a concept is found in), and reads the
mentions as a stream that may come from disk.  Extraction gives each paper's mentions
together, so a paper is a run of the stream: :func:`paper_runs` cuts the stream there
without holding more than one mention, and :class:`PaperOrder` tells whether each paper
really came in one run (mentions given in any other order are linked the same way).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby

from kg.model import Mention


def _paper_of(m: Mention) -> str:
    return m.paper_id


def paper_runs(mentions: Iterable[Mention]) -> Iterator[tuple[str, Iterator[Mention]]]:
    """Each run of consecutive mentions of one paper, as (paper id, its mentions).

    A run's mentions are read from ``mentions`` as the run is iterated, and are gone once
    the next run is asked for.  A paper whose mentions are not together makes several runs.

    >>> mention = lambda paper: Mention(paper, "method", "GNN", "abstract", 0, 3, "GNN", "test")
    >>> [(paper, len(list(run))) for paper, run in paper_runs(map(mention, ["p1", "p1", "p2", "p1"]))]
    [('p1', 2), ('p2', 1), ('p1', 1)]
    """
    return groupby(mentions, key=_paper_of)


class PaperOrder:
    """Whether each paper's mentions came in one run, told the paper of each run in turn.

    Holds the id of every paper seen, so it is kept for one pass only.
    """

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self.together = True
        """False once a paper has started a second run."""

    def see(self, paper_id: str) -> None:
        """Note the paper of the next run."""
        if paper_id in self._seen:
            self.together = False
        self._seen.add(paper_id)
