"""SciREX (Jain et al., ACL 2020) documents as raw text with character-offset mentions.

SciREX gives each full-text paper as one token list with sections, sentences,
typed mentions and salient entities (``coref``).  kg reads raw text, so tokens
are joined the way text is written: punctuation attached, and a hyphen tied to
both neighbours ("CIFAR - 10" is "CIFAR-10" in the paper).  Mentions and salient
entities are mapped to character offsets in that text.  Training
(``training/prepare_scirex.py``) and ``kg eval scirex`` read the same text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import InputError, InputProblem
from kg.evaluate.scierc import Entity as Mention  # a typed span with character offsets, as SciERC has

T = TypeVar("T")

__all__ = [
    "KG_TYPE",
    "SCIREX_TYPES",
    "Document",
    "Mention",
    "SalientEntity",
    "detokenise",
    "layout",
    "parse_document",
    "read_documents",
]

SCIREX_TYPES = ("Method", "Task", "Material")
"""The SciREX types kg extracts (Metric is not a concept of the graph); Material is a data set."""
KG_TYPE = {"Method": "method", "Task": "task", "Material": "dataset"}

_NO_SPACE_BEFORE = frozenset(
    {".", ",", ")", "]", "}", ":", ";", "%", "?", "!", "'s", "n't", "'", "\u2019s", "\u201d", "\u2019"}
)
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "\u201c", "\u2018"})
"""Curly quotes (\u201c \u201d \u2018 \u2019) hug what they quote; straight ones are not reliably paired."""
_TIGHT = frozenset({"-", "/"})
"""Written with no space on either side: "CIFAR-10", "encoder/decoder"."""
_TITLE_SENTENCES = 4
"""A title section holds at most this many sentences (SciREX splits a title at colons)."""
_ABSTRACT_HEADING = ["section", ":", "abstract"]


@dataclass(frozen=True)
class SalientEntity:
    """A salient entity of the paper (a ``coref`` key) and its mentions in the text read."""

    name: str
    label: str
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Document:
    """The front matter (title and abstract) or the whole of a SciREX paper, as raw text."""

    doc_id: str
    text: str
    title_end: int
    """Character offset where the title ends (the title is ``text[:title_end]``)."""
    mentions: tuple[Mention, ...]
    salient: tuple[SalientEntity, ...]
    sentences: tuple[tuple[int, int], ...]


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """SciREX tokens as readable text, and each token's (start, end) in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    previous: str | None = None
    for token in tokens:
        spaced = (
            previous is not None
            and token not in _NO_SPACE_BEFORE
            and token not in _TIGHT
            and previous not in _NO_SPACE_AFTER
            and previous not in _TIGHT
        )
        if spaced:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        parts.append(token)
        length += len(token)
        previous = token
    return "".join(parts), offsets


def layout(record: dict[str, object]) -> tuple[int, int, int, int]:
    """Token bounds ``(title start, title end, abstract start, front end)``.

    Most documents hold the whole front matter in section 0, "document : TITLE" as its
    first sentence; most others give the title as section 0 and the abstract as the
    section opened by the heading "section : Abstract" (section 1, or 2 or 3 after a
    figure caption), else section 1.  Headings are not text.  A section 0 of more than
    ``_TITLE_SENTENCES`` sentences is the abstract itself, the paper given without its
    title (section 1 is then the introduction): the title is empty.  A paper given as one
    undivided section has no front matter that can be told from its body: all four are 0."""
    words = record["words"]
    sections = record["sections"]
    sentences = record["sentences"]
    assert isinstance(words, list) and isinstance(sections, list) and isinstance(sentences, list)
    if words[:2] == ["document", ":"] and sentences:
        return 2, int(sentences[0][1]), int(sentences[0][1]), int(sections[0][1])
    title_end = int(sections[0][1])
    if len(sections) < 2:
        return 0, 0, 0, 0
    if sum(1 for _, b in sentences if int(b) <= title_end) > _TITLE_SENTENCES:
        return 0, 0, 0, title_end
    abstract = next(
        (s for s in sections[1:4] if [w.lower() for w in words[int(s[0]) : int(s[0]) + 3]] == _ABSTRACT_HEADING),
        sections[1],
    )
    first = int(abstract[0])
    start = first + 3 if words[first : first + 2] == ["section", ":"] else first
    return 0, title_end, start, int(abstract[1])


def parse_document(record: dict[str, object], front_only: bool = True) -> Document:
    """One SciREX record, cut to title and abstract when ``front_only``."""
    words = record["words"]
    sections = record["sections"]
    ner = record["ner"]
    coref = record["coref"]
    if not (isinstance(words, list) and isinstance(sections, list) and isinstance(ner, list)):
        raise ValueError("a SciREX record needs 'words', 'sections' and 'ner' lists")
    if not isinstance(coref, dict):
        raise ValueError("a SciREX record needs a 'coref' mapping")
    title_start, title_stop, body, front = layout(record)
    end = front if front_only else len(words)
    tokens = [str(w) for w in words[:end]]
    text_title, title_offsets = detokenise(tokens[title_start:title_stop])
    text_body, body_offsets = detokenise(tokens[body:])
    shift = len(text_title) + 2
    text = text_title + "\n\n" + text_body
    offsets = (
        [(0, 0)] * title_start
        + title_offsets
        + [(shift, shift)] * (body - title_stop)
        + [(a + shift, b + shift) for a, b in body_offsets]
    )
    title_end = len(text_title)
    types = {(int(a), int(b)): str(t) for a, b, t in ner}
    mentions = tuple(
        Mention(offsets[int(a)][0], offsets[int(b) - 1][1], str(t))
        for a, b, t in ner
        if int(b) <= end and t and offsets[int(a)][0] < offsets[int(b) - 1][1]
    )
    salient = []
    for name, spans in coref.items():
        inside = [(int(a), int(b)) for a, b in spans if int(b) <= end and offsets[int(a)][0] < offsets[int(b) - 1][1]]
        labels = [types[s] for s in inside if s in types]
        label = max(set(labels), key=labels.count) if labels else ""
        salient.append(
            SalientEntity(
                str(name),
                label,
                tuple(Mention(offsets[a][0], offsets[b - 1][1], types.get((a, b), label)) for a, b in inside),
            )
        )
    raw_sentences = record.get("sentences", [])
    assert isinstance(raw_sentences, list)
    sentences = tuple(
        (offsets[int(a)][0], offsets[int(b) - 1][1]) for a, b in raw_sentences if int(b) <= end and int(b) > int(a)
    )
    return Document(str(record["doc_id"]), text, title_end, mentions, tuple(salient), sentences)


def read_records(path: Path, ids: Iterable[str] | None, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """``parse`` of each record of a SciREX ``docs.jsonl`` (those in ``ids`` when given), in
    file order; a record that does not parse is an error naming its line."""
    wanted = None if ids is None else set(ids)
    parsed = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise InputError(
            InputProblem(str(path), None, f"cannot read SciREX documents: {err.strerror}", "pass --data FILE")
        ) from err
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if wanted is not None and record.get("doc_id") not in wanted:
                continue
            parsed.append(parse(record))
        except (ValueError, KeyError, IndexError, TypeError, AssertionError, AttributeError) as err:
            raise InputError(InputProblem(str(path), number, f"not a SciREX record: {err}")) from err
    return parsed


def read_documents(path: Path, ids: Iterable[str] | None = None, front_only: bool = True) -> list[Document]:
    """The documents of a SciREX ``docs.jsonl`` (those in ``ids`` when given), in file order."""
    return read_records(path, ids, lambda record: parse_document(record, front_only))
