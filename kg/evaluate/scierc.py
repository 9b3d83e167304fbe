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
    return Document(str(record.get("doc_key", "")), text, entities, tuple(bounds))


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
