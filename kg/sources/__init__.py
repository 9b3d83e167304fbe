"""Readers of input corpora, one module per format, and the step that gathers them.

Each reader is ``read(path, report) -> Iterator[Paper]``: it raises
:class:`~kg.errors.InputError` when the whole file is unusable and reports
single bad records to ``report``, so a policy chosen once (skip or fail)
applies to every format alike.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.errors import InputError, InputProblem
from kg.model import Paper
from kg.sources import csv_table, daily_papers, jsonl
from kg.sources.dedup import unique_papers
from kg.sources.textfile import ProblemSink

Reader = Callable[[Path, ProblemSink], Iterator[Paper]]
OnError = Literal["skip", "fail"]

READERS: dict[str, Reader] = {
    "daily-papers": daily_papers.read,
    "jsonl": jsonl.read,
    "csv": csv_table.read,
}
SUFFIXES: dict[str, str] = {
    ".txt": "daily-papers",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",
}


@dataclass(frozen=True)
class Corpus:
    """What the readers made of the inputs: unique papers and what it took to get them.

    ``papers`` is a :class:`~kg.spool.Spool`: the papers wait on disk and are
    read back in order, however large the corpus.
    """

    papers: Sequence[Paper]
    files: tuple[str, ...]
    listings: int
    duplicates: int
    problems: tuple[InputProblem, ...]


STOPPED = "; stopped (--on-error fail)"
_SKIPPED = re.compile(r"; (?:this record was skipped|line skipped|skipped|the paper is kept[^;]*)$")
"""What a problem's message says happened under ``--on-error skip``; untrue when the build stops."""


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when inside it."""
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            path = path.resolve().relative_to(Path.cwd().resolve())
    return path.as_posix()


def input_files(paths: Iterable[str | os.PathLike[str]], exclude: Sequence[Path] = ()) -> list[Path]:
    """The files to read: given files as they are, folders searched for known suffixes.

    Files in a folder are taken in sorted order, hidden ones and unknown
    suffixes (a README, say) passed over, so a build is the same on any machine.
    A folder's search also passes over the folders in ``exclude``: a build's own
    ``--out`` inside its input folder is never read back as input.
    """
    skipped = [folder.resolve() for folder in exclude]

    def excluded(path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved.is_relative_to(folder) for folder in skipped)

    files: list[Path] = []
    for given in paths:
        path = Path(display_path(Path(given)))
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not excluded(p)
            )
            if not found:
                raise InputError(
                    InputProblem(
                        str(path),
                        None,
                        "folder holds no input files",
                        f"kg reads files ending in {', '.join(sorted(SUFFIXES))}",
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            # A FIFO or a device would block or never end: kg reads files it can read twice.
            message = "not a regular file (a pipe, socket or device)"
            raise InputError(InputProblem(str(path), None, message, "save the papers to a file and give that"))
        else:
            raise InputError(InputProblem(str(path), None, "no such file or folder", "check the path"))
    return files


def reader_for(path: Path) -> Reader:
    """The reader for a file, by its suffix; text pages are the default."""
    return READERS[SUFFIXES.get(path.suffix.lower(), "daily-papers")]


def read_corpus(
    paths: Sequence[str | os.PathLike[str]],
    on_error: OnError = "skip",
    warn: Callable[[InputProblem], None] | None = None,
    exclude: Sequence[Path] = (),
) -> Corpus:
    """Read every input, merge duplicate listings, and collect or raise the problems.

    Folders in ``exclude`` (a build's own outputs) are passed over when folders are searched.

    With ``on_error="fail"`` the first problem raises :class:`InputError`;
    with ``"skip"`` the bad record or file is left out, ``warn`` is told, and
    everything else is kept.
    """
    problems: list[InputProblem] = []

    def report(problem: InputProblem) -> None:
        if on_error == "fail":
            # Nothing is skipped here: the build stops at this problem.
            if problem.message.endswith(STOPPED):  # raised here before, and passed on by a reader
                raise InputError(problem)
            raise InputError(dataclasses.replace(problem, message=_SKIPPED.sub("", problem.message) + STOPPED))
        problems.append(problem)
        if warn is not None:
            warn(problem)

    files = input_files(paths, exclude)

    def listings() -> Iterator[Paper]:
        for path in files:
            try:
                yield from reader_for(path)(path, report)
            except InputError as err:
                report(err.problem)

    papers, listed, duplicates = unique_papers(listings())
    return Corpus(
        papers=papers,
        files=tuple(p.as_posix() for p in files),
        listings=listed,
        duplicates=duplicates,
        problems=tuple(problems),
    )
