"""SciREX's result tuples (``n_ary_relations``) of a paper, and which of them its front matter states.

Each SciREX paper lists its results as tuples of salient entities and a score: (Method,
Task, Material, Metric, score), the entities named by their ``coref`` keys.  kg reads a
paper's title and abstract (:func:`kg.evaluate.scirex_data.parse_document`); an entity
*occurs* there when it has a mention there, and its *forms* are the texts of those
mentions, with its key written as words ("Penn_Treebank__Word_Level_" as "Penn Treebank
Word Level").  A value occurs there when a number of the text equals it ("71.8%" and "71.8"
are 71.8).  Only the 196 training papers may be read to choose rules; the 50 held-out ones
are for the report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, InputProblem
from kg.evaluate.scirex_data import Document, parse_document, read_records

_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")
_SCORE = re.compile(r"^\s*[+]?(\d+(?:\.\d+)?)\s*%?\s*$")
_TOLERANCE = 1e-6


def score_number(score: object) -> float | None:
    """The number of a SciREX score ("71.8%", "0.8784", 5.8), None for one that is no plain
    number ("-", "13.8M")."""
    if isinstance(score, (int, float)) and not isinstance(score, bool):
        return float(score)
    found = _SCORE.match(str(score))
    return float(found.group(1)) if found else None


def same_number(a: float, b: float) -> bool:
    """Whether two values are one number, as written with the decimals a paper gives."""
    return abs(a - b) < _TOLERANCE


def text_numbers(text: str) -> tuple[float, ...]:
    """Every number written in ``text`` ("CIFAR-10" gives 10: a name's number is text too)."""
    return tuple(float(m.group(0)) for m in _NUMBER.finditer(text))


def key_words(name: str) -> str:
    """A SciREX entity key as words: underscores are spaces."""
    return " ".join(name.replace("_", " ").split())


@dataclass(frozen=True)
class ResultTuple:
    """One result of the paper: entity keys, the score as written and its number."""

    method: str
    task: str
    dataset: str
    metric: str
    score: str
    number: float | None


@dataclass(frozen=True)
class ResultDocument:
    """A paper's title and abstract, its result tuples, and the forms of its entities there."""

    document: Document
    tuples: tuple[ResultTuple, ...]
    forms: dict[str, tuple[str, ...]]
    """Entity key -> the texts of its mentions in title and abstract (no key: it does not occur)."""

    def occurs(self, name: str) -> bool:
        """Whether the entity ``name`` has a mention in title or abstract."""
        return bool(self.forms.get(name))

    def names(self, name: str) -> tuple[str, ...]:
        """The names to match the entity by: its forms there, then its key as words."""
        return (*self.forms.get(name, ()), key_words(name))

    def in_one_sentence(self, first: str, second: str) -> bool:
        """Whether the entities ``first`` and ``second`` have mentions in one sentence."""
        mentions = {e.name: e.mentions for e in self.document.salient}
        for start, end in self.document.sentences:
            inside = [
                any(start <= m.start and m.end <= end for m in mentions.get(name, ())) for name in (first, second)
            ]
            if all(inside):
                return True
        return False

    def value_occurs(self, number: float | None) -> bool:
        """Whether a number of title or abstract equals ``number``."""
        return number is not None and any(same_number(number, n) for n in text_numbers(self.document.text))

    def stated(self) -> tuple[ResultTuple, ...]:
        """The tuples the front matter states: value and data set occur there (each once)."""
        return tuple(dict.fromkeys(t for t in self.tuples if self.value_occurs(t.number) and self.occurs(t.dataset)))

    def pairs(self, kind: str) -> tuple[tuple[str, str], ...]:
        """The distinct (method, data set) pairs (``kind`` "dataset") or (method, task) pairs (``kind``
        "task") of the tuples whose two entities occur in title or abstract."""
        found = []
        for t in self.tuples:
            other = t.dataset if kind == "dataset" else t.task
            if self.occurs(t.method) and self.occurs(other):
                found.append((t.method, other))
        return tuple(dict.fromkeys(found))


def parse_result_document(record: dict[str, object]) -> ResultDocument:
    """One SciREX record as its title and abstract with its result tuples."""
    document = parse_document(record, front_only=True)
    raw = record.get("n_ary_relations", [])
    if not isinstance(raw, list):
        raise ValueError("'n_ary_relations' is not a list")
    tuples = []
    for item in raw:
        if not isinstance(item, dict):
            raise ValueError("an n-ary relation is not an object")
        score = item.get("score", "")
        tuples.append(
            ResultTuple(
                str(item.get("Method", "")),
                str(item.get("Task", "")),
                str(item.get("Material", "")),
                str(item.get("Metric", "")),
                str(score).strip(),
                score_number(score),
            )
        )
    forms = {
        e.name: tuple(dict.fromkeys(document.text[m.start : m.end] for m in e.mentions))
        for e in document.salient
        if e.mentions
    }
    return ResultDocument(document, tuple(tuples), forms)


def read_result_documents(path: Path, ids: Iterable[str]) -> list[ResultDocument]:
    """The papers of ``ids`` in a SciREX ``docs.jsonl``, in file order; all must be there."""
    wanted = set(ids)
    found = read_records(path, wanted, parse_result_document)
    missing = len(wanted) - len({d.document.doc_id for d in found})
    if missing:
        raise InputError(
            InputProblem(
                str(path),
                None,
                f"{missing} of the {len(wanted)} documents asked for are not in it",
                "pass --data with the SciREX docs.jsonl the split was drawn from",
            )
        )
    return found
