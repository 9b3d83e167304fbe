"""SciERC (Luan et al., EMNLP 2018) as raw text with character-offset entities.

SciERC gives token lists; kg reads raw text.  Documents are detokenised the
way text is usually written (PTB bracket escapes turned back, punctuation
attached), gold spans are mapped to character offsets in that text, and a
pipeline is scored by exact (start, end, type) match on it.  Training
(``training/prepare.py``) reads the same text, so model and score agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, InputProblem

SCIERC_TYPES = ("Method", "Task", "Material")
"""SciERC labels kg uses; Material holds SciERC's data sets."""
KG_TYPE = {"Method": "method", "Task": "task", "Material": "dataset"}
SPLITS = ("train", "dev", "test")
RELATION_TYPE = {
    "USED-FOR": ("used-for", False),
    "EVALUATE-FOR": ("evaluated-on", True),
    "COMPARE": ("compared-with", False),
    "PART-OF": ("part-of", False),
    "HYPONYM-OF": ("kind-of", False),
}
"""SciERC's relation labels as kg's relation types, and whether the arguments swap.

SciERC writes ``A USED-FOR B`` for "A is used for B": kg's ``A used-for B``, same order.
``A EVALUATE-FOR B`` is written evaluator first ("the WSJ corpus" EVALUATE-FOR "our
parser"): kg says the evaluated thing is ``evaluated-on`` the evaluator, so head and tail
swap (parser evaluated-on WSJ corpus).  ``PART-OF`` and ``HYPONYM-OF`` (kg's ``kind-of``)
keep their order; ``COMPARE`` is symmetric, its arguments kept in text order.  CONJUNCTION
and FEATURE-OF are no kg relations and are not read."""
SYMMETRIC = frozenset({"compared-with"})
"""kg relation types whose two arguments may come in either order."""

_PTB = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
    "`": "'",
}
_QUOTES = frozenset({"``", "''", '"'})
_NO_SPACE_BEFORE = frozenset(
    {".", ",", ")", "]", "}", ":", ";", "%", "?", "!", "''", "'", "'s", "'S", "n't", "'re", "'ve", "'m", "'ll", "'d"}
    | {"-RRB-", "-RSB-", "-RCB-"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "``", "`", "$", "-LRB-", "-LSB-", "-LCB-"})


@dataclass(frozen=True)
class Entity:
    """A gold span: character offsets (end exclusive) and SciERC label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Document:
    """One SciERC abstract as raw text, its gold entities and sentence offsets."""

    key: str
    text: str
    entities: tuple[Entity, ...]
    sentences: tuple[tuple[int, int], ...]
    relations: tuple[Relation, ...] = ()


@dataclass(frozen=True)
class Relation:
    """A gold relation in kg's terms: ``head`` is ``label`` of ``tail`` (see :data:`RELATION_TYPE`)."""

    head: Entity
    tail: Entity
    label: str


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """SciERC tokens as readable text, and each token's (start, end) in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    previous: str | None = None
    quote_open = False
    for token in tokens:
        surface = _PTB.get(token, token)
        if token in _QUOTES:
            # SciERC's double quotes are not reliably paired: alternate open and close.
            token = "``" if not quote_open else "''"
            quote_open = not quote_open
        if previous is not None and token not in _NO_SPACE_BEFORE and previous not in _NO_SPACE_AFTER:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(surface)))
        parts.append(surface)
        length += len(surface)
        previous = token
    return "".join(parts), offsets


def parse_document(record: dict[str, object], labels: Iterable[str] = SCIERC_TYPES) -> Document:
    """One SciERC JSON record as a :class:`Document` (nested gold spans kept)."""
    wanted = set(labels)
    sentences = record["sentences"]
    ner = record["ner"]
    if not isinstance(sentences, list) or not isinstance(ner, list):
        raise ValueError("a SciERC record needs 'sentences' and 'ner' lists")
    tokens = [token for sentence in sentences for token in sentence]
    text, offsets = detokenise(tokens)
    entities = tuple(
        Entity(offsets[start][0], offsets[end][1], label)
        for sentence in ner
        for start, end, label in sentence
        if label in wanted
    )
    bounds: list[tuple[int, int]] = []
    first = 0
    for sentence in sentences:
        if sentence:
            bounds.append((offsets[first][0], offsets[first + len(sentence) - 1][1]))
        first += len(sentence)
    relations = _relations(record, offsets, wanted)
    return Document(str(record.get("doc_key", "")), text, entities, tuple(bounds), relations)


def _relations(record: dict[str, object], offsets: Sequence[tuple[int, int]], wanted: set[str]) -> tuple[Relation, ...]:
    """The record's relations of :data:`RELATION_TYPE` whose two arguments are gold spans of ``wanted`` labels."""
    ner, found = record["ner"], record.get("relations", [])
    assert isinstance(ner, list)
    if not isinstance(found, list):
        raise ValueError("'relations' must be a list of per-sentence lists")
    label_of = {(start, end): label for sentence in ner for start, end, label in sentence}
    relations: list[Relation] = []
    for sentence in found:
        for head_start, head_end, tail_start, tail_end, name in sentence:
            kind = RELATION_TYPE.get(name)
            head_label, tail_label = label_of.get((head_start, head_end)), label_of.get((tail_start, tail_end))
            if kind is None or head_label not in wanted or tail_label not in wanted:
                continue
            head = Entity(offsets[head_start][0], offsets[head_end][1], str(head_label))
            tail = Entity(offsets[tail_start][0], offsets[tail_end][1], str(tail_label))
            label, swap = kind
            if swap or (label in SYMMETRIC and tail.start < head.start):
                head, tail = tail, head
            relations.append(Relation(head, tail, label))
    return tuple(dict.fromkeys(relations))


def read_split(path: Path, labels: Iterable[str] = SCIERC_TYPES) -> list[Document]:
    """The documents of one SciERC JSON-lines file."""
    label_list = list(labels)
    documents = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(
            InputProblem(str(path), None, f"cannot read SciERC split: {err.strerror}", "pass --data DIR")
        ) from err
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            documents.append(parse_document(json.loads(line), label_list))
        except (ValueError, KeyError, IndexError, TypeError) as err:
            raise InputError(InputProblem(str(path), number, f"not a SciERC record: {err}")) from err
    return documents


def gold_pairs(documents: Sequence[Document]) -> Iterator[tuple[tuple[int, int, int], str]]:
    """Every gold span as ``((doc index, start, end), label)``."""
    for i, document in enumerate(documents):
        for entity in document.entities:
            yield (i, entity.start, entity.end), entity.label
