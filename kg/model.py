"""The records that flow through kg: sources -> Paper -> Mention -> Concept -> graph.

Every stage hands the next one immutable, typed records so that no stage can
change what an earlier one saw, and so that the records can be compared, hashed,
cached and sent to other processes as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ConceptType = Literal["method", "task", "dataset"]
YEARS = range(1800, 2101)
"""Years a paper's date may fall in.  A date outside ("0001-01-01", "9999-12-31") is a
placeholder or a typo, and a report drawing years from it would span millennia; it is left
out with a warning.  Fixed bounds, not today's date, so a build never depends on when it ran."""
CONCEPT_TYPES: tuple[ConceptType, ...] = ("method", "task", "dataset")

Field = Literal["title", "abstract"]
_TYPES: dict[str, ConceptType] = {"method": "method", "task": "task", "dataset": "dataset"}


def concept_type(value: str) -> ConceptType:
    """``value`` as a concept type; ValueError names the allowed ones otherwise."""
    try:
        return _TYPES[value]
    except KeyError:
        raise ValueError(f"unknown concept type {value!r}; expected one of {', '.join(_TYPES)}") from None


@dataclass(frozen=True, order=True, slots=True)
class SourceRef:
    """Where a paper was read: a file and the 1-based line its record starts on."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper, however many input pages list it.

    ``id`` is stable across runs: the arXiv id when the input gives one, the
    input's own id otherwise, else a short hash of the normalised title, so
    that the same paper on two pages is one paper.  ``published`` is an ISO
    date (``2024-12-19``) when the input gives a year, or an XSD gMonthDay
    (``--04-01``) when the page shows only month and day.
    """

    id: str
    title: str
    abstract: str
    published: str | None = None
    authors_count: int | None = None
    upvotes: int | None = None
    arxiv_id: str | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of a paper's title or abstract that names a method, task or dataset.

    ``start`` and ``end`` are character offsets into ``field`` of the paper;
    ``sentence`` is the sentence holding the span; ``rule`` names the
    component or pattern that found it, so that every edge can be explained.
    ``short_form``/``long_form`` are set when the span is, or is defined by,
    an acronym in the same paper; ``proposed`` marks the paper's own
    contribution.
    """

    paper_id: str
    type: ConceptType
    text: str
    field: Field
    start: int
    end: int
    sentence: str
    rule: str
    score: float = 1.0
    long_form: str | None = None
    proposed: bool = False


@dataclass(frozen=True, slots=True)
class Concept:
    """One canonical method, task or dataset, with every surface form that named it."""

    id: str
    type: ConceptType
    label: str
    aliases: tuple[str, ...]
    paper_ids: tuple[str, ...]
    mention_count: int


@dataclass(frozen=True, slots=True)
class LinkedMention:
    """A mention and the concept it was linked to."""

    mention: Mention
    concept_id: str


@dataclass(frozen=True, slots=True)
class StatedRelation:
    """A sentence of a paper states that one concept it names is ``type`` of another.

    ``head`` and ``tail`` are indexes into the paper's mentions, in the order extraction
    gives them; ``head_at`` and ``tail_at`` are the two names' character offsets into
    ``sentence`` (end exclusive), so ``sentence[slice(*head_at)]`` is the head's text: its
    name, or for the paper's own method named in another sentence the words that stand for it
    here ("our approach"; ``kg_own_relations``).
    ``type`` is one of ``kg_relations``' types (``used-for``, ``evaluated-on``,
    ``compared-with``, ``part-of``, ``kind-of``); ``score`` is the classifier's probability, or
    for ``kg_own_relations`` the share of its links judged right.
    """

    paper_id: str
    type: str
    head: int
    tail: int
    sentence: str
    head_at: tuple[int, int]
    tail_at: tuple[int, int]
    score: float


@dataclass(frozen=True, slots=True)
class StatedResult:
    """A value a sentence of a paper states, with its metric, method and data set.

    ``method`` and ``dataset`` are indexes into the paper's mentions (None where the
    claim names none kg found as a concept); ``method_name`` and ``dataset_name`` are
    the names as written; ``value_at`` and ``metric_at`` are offsets into ``sentence``.
    ``own`` says the method is the paper's own ("our model").
    """

    paper_id: str
    sentence: str
    value: str
    number: float
    unit: str
    relative: bool
    metric: str | None
    value_at: tuple[int, int]
    metric_at: tuple[int, int] | None
    method: int | None
    dataset: int | None
    method_name: str | None
    dataset_name: str | None
    own: bool


@dataclass(frozen=True, slots=True)
class PaperStatements:
    """What one paper's sentences state beyond its mentions: relations and results."""

    relations: tuple[StatedRelation, ...] = ()
    results: tuple[StatedResult, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkedRelation:
    """A stated relation between two concepts, with its evidence: the paper, the sentence,
    the names' offsets in it and their text."""

    relation: StatedRelation
    head: str
    tail: str
    head_text: str
    tail_text: str


@dataclass(frozen=True, slots=True)
class LinkedResult:
    """A stated result, its method and data set linked to concepts (None where not a concept)."""

    result: StatedResult
    method: str | None
    dataset: str | None
