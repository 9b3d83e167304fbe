"""The whole flow, sources -> extract -> link -> graph -> exports, as one call.

Exports are written into a staging folder beside the output folder, which
takes the output folder's place only when every one of them has been written
(:mod:`kg.export.swap`), so a failed or killed build leaves the exports of an
earlier build as they were, and a reader sees one build's set, never a mix.
A build holds its output folder's lock (:mod:`kg.locking`) from before the
first paper is read, so a second build into the same folder is refused at once.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ExportError, InputProblem, KGError
from kg.export import EXPORTERS, ExportOptions, swap
from kg.extract.options import ExtractOptions
from kg.extract.parallel import extract_with_cache
from kg.graph import KnowledgeGraph, StreamedGraph, concept_items
from kg.link import link_into
from kg.link.statements import link_statements
from kg.locking import locked
from kg.model import LinkedRelation, LinkedResult, Mention, Paper
from kg.sources import OnError, read_corpus
from kg.spool import MentionSpool
from kg.timing import Stage, Stopwatch

Progress = Callable[[int], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build read and made, for the summary a user sees."""

    files: tuple[str, ...]
    listings: int
    papers: int
    duplicates: int
    problems: tuple[InputProblem, ...]
    concepts: dict[str, int]
    edges: int
    mentions: int
    written: tuple[str, ...] = field(default=())
    stages: tuple[Stage, ...] = field(default=())
    from_cache: int = 0
    relations: int = 0
    """Relations papers' sentences state (``--relations``; 0 without it)."""
    results: int = 0
    """Results papers' sentences state (``--relations``; 0 without it)."""


def build_knowledge_graph(
    papers: Sequence[Paper],
    progress: Progress | None = None,
    extraction: ExtractOptions | None = None,
    stopwatch: Stopwatch | None = None,
) -> KnowledgeGraph:
    """Extract, link and assemble the graph of ``papers`` (no files involved).

    ``extraction`` says where and how wide to extract (and with which cache);
    whatever it says, the graph is the same.
    """
    kg, _ = _build_graph(papers, progress, extraction, stopwatch or Stopwatch())
    return kg


def _build_graph(
    papers: Sequence[Paper], progress: Progress | None, extraction: ExtractOptions | None, watch: Stopwatch
) -> tuple[KnowledgeGraph, int]:
    # Mentions go from extraction to disk, are linked in passes over that file into
    # another, and the graph reads them back paper by paper: they are never all in memory.
    with watch.stage("extract"):
        extracted = extract_with_cache(papers, extraction, progress)
        per_paper, from_cache = extracted.mentions, extracted.from_cache
    with watch.stage("link"):
        flat = _Flattened(per_paper)
        concepts, spooled = link_into(flat, MentionSpool)
        per_paper.close()
        stated = extracted.statements
        relations: Sequence[LinkedRelation] = ()
        results: Sequence[LinkedResult] = ()
        if stated is not None:  # --relations: what sentences state, tied to the concepts just made
            relations, results = link_statements([p.id for p in papers], stated, spooled)
            stated.close()
    with watch.stage("graph"):
        # The graph is read from the papers and mentions on disk as the exporters go.
        view = StreamedGraph(papers, concepts, spooled)
        kg = KnowledgeGraph(view, spooled, relations, results, stated=stated is not None)
        return kg, from_cache


class _Flattened(Iterable[Mention]):
    """Every mention of a spool of per-paper mention lists, one after the other, as often as asked."""

    def __init__(self, per_paper: Iterable[list[Mention]]) -> None:
        self._per_paper = per_paper

    def __iter__(self) -> Iterator[Mention]:
        return (m for mentions in self._per_paper for m in mentions)


def write_exports(
    kg: KnowledgeGraph,
    out: Path,
    formats: Sequence[str] | None = None,
    options: ExportOptions | None = None,
    stopwatch: Stopwatch | None = None,
) -> list[Path]:
    """Write the chosen formats (all by default) into ``out``, all or nothing.

    Files of ``out`` that this call does not write (another format's, a user's
    own) are kept.  Raises :class:`~kg.errors.ExportError` if another process
    is writing into ``out``.
    """
    watch = stopwatch or Stopwatch()
    options = options or ExportOptions()
    chosen = list(formats or EXPORTERS)
    unknown = [f for f in chosen if f not in EXPORTERS]
    if unknown:
        raise ExportError(f"unknown export format(s) {', '.join(unknown)}; choose from {', '.join(EXPORTERS)}")
    target = out.resolve()  # a symlinked --out: the folder it points to is swapped, the link kept
    with locked(out):
        try:
            swap.repair(target)
            staging = swap.new_staging(target)
        except OSError as err:
            raise ExportError(f"{out}: cannot create the output folder: {err.strerror}") from err
        try:
            written: list[Path] = []
            for name in chosen:
                with watch.stage(f"export {name}"):
                    written.extend(EXPORTERS[name].write_into(kg, staging, options))
            names = [path.relative_to(staging).as_posix() for path in written]
            if swap.can_swap(target):
                swap.swap_in(staging, target, names)
            else:  # a mount point cannot be renamed: its files are replaced one by one
                for name in names:
                    os.replace(staging / name, target / name)
            return [out / name for name in names]
        except OSError as err:
            raise ExportError(
                f"{out}: writing the exports failed ({err}); earlier exports were left as they were"
            ) from err
        finally:
            swap.discard(staging, target)  # gone by now unless this build failed


def check_destination(out: Path) -> None:
    """Refuse an ``--out`` that cannot take the exports, before any paper is read: a
    regular file, or a place where the folder cannot be created."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: --out is a file, not a folder; choose a folder (kg creates it if missing)")
    ancestor = out
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir() or not os.access(ancestor, os.W_OK | os.X_OK):
        raise ExportError(
            f"{out}: cannot write the output folder here ({ancestor} is not writable); choose another --out"
        )


def build(
    inputs: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str] = "exports",
    on_error: OnError = "skip",
    warn: Callable[[InputProblem], None] | None = None,
    progress: Callable[[int], Progress] | None = None,
    formats: Sequence[str] | None = None,
    options: ExportOptions | None = None,
    extraction: ExtractOptions | None = None,
) -> tuple[KnowledgeGraph, BuildReport]:
    """Read ``inputs``, build the graph, write its exports into ``out``.

    ``progress``, if given, is called once with the number of papers and
    returns the callable to advance per paper.  The report says how long each
    stage took (``stages``).
    """
    watch = Stopwatch()
    check_destination(Path(out))
    with locked(Path(out)):  # refused here, before any work, if another build writes into ``out``
        swap.repair(Path(out).resolve())  # what a killed build left, gone before its folders could be read
        with watch.stage("read"):
            corpus = read_corpus(inputs, on_error=on_error, warn=warn, exclude=(Path(out),))
        if not corpus.papers:
            raise KGError(
                f"no papers could be read from {', '.join(corpus.files) or 'the inputs'}; nothing was written"
                " (see the warnings above for each file)"
            )
        tick = progress(len(corpus.papers)) if progress is not None else None
        kg, from_cache = _build_graph(corpus.papers, tick, extraction, watch)
        written = write_exports(kg, Path(out), formats, options, stopwatch=watch)
    kinds = Counter(attrs["type"] for _, attrs in concept_items(kg.view))
    report = BuildReport(
        files=corpus.files,
        listings=corpus.listings,
        papers=len(corpus.papers),
        duplicates=corpus.duplicates,
        problems=corpus.problems,
        concepts={k: kinds.get(k, 0) for k in ("method", "task", "dataset")},
        edges=kg.view.number_of_edges(),
        mentions=len(kg.mentions),
        written=tuple(p.as_posix() for p in written),
        stages=tuple(watch.stages),
        from_cache=from_cache,
        relations=len(kg.relations),
        results=len(kg.results),
    )
    return kg, report
