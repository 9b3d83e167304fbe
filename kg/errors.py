"""Errors kg raises on purpose, each saying what went wrong and what to do.

The CLI turns a :class:`KGError` into a message and a non-zero exit code;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class KGError(Exception):
    """Base class of every error kg raises for a user to act on."""


def _shown(path: str) -> str:
    """A file name as the exports show it: bytes that are not UTF-8 (kept by the file system
    as lone surrogates, ``\\udcff``) as ``\\xff`` escapes, so a warning names the file as
    papers.csv's ``sources`` does."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file system gives: not a name of bytes
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with one input file, located as precisely as kg can."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    kind: str = ""
    """What sort of problem, where a caller counts them (``"cut"``: a field cut to kg's limit)."""

    def __str__(self) -> str:
        path = _shown(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class InputError(KGError):
    """An input file could not be read as asked; carries the located problem."""

    def __init__(self, problem: InputProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class ExportError(KGError):
    """An export could not be written; earlier exports are left as they were."""


class ExtractorError(KGError):
    """The extraction pipeline could not be loaded or configured."""
