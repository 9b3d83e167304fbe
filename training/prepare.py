"""Convert SciERC JSON-lines files into spaCy DocBin training data.

Each SciERC document (an abstract) is detokenised into raw text; every gold
entity is mapped to character offsets in that text; the text is then tokenised
by spaCy's own English tokenizer and the entities are aligned to those tokens
with ``Doc.char_span(..., alignment_mode="expand")``.  Only the labels
Method, Task and Material are kept; when two kept spans overlap (SciERC has a
few nested spans) the longest one wins.

Usage::

    python training/prepare.py --scierc data/scierc --out corpus

writes ``corpus/train.spacy``, ``corpus/dev.spacy`` and ``corpus/test.spacy``.
The helpers :func:`read_scierc` and :func:`detokenise` are also used by
``training/evaluate.py`` so that training and scoring see the same text.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

KEPT_LABELS: tuple[str, ...] = ("Method", "Task", "Material")
SPLITS: tuple[str, ...] = ("train", "dev", "test")

# Penn-Treebank escapes used in SciERC, mapped back to the characters of the text.
_PTB_MAP: dict[str, str] = {
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
_DOUBLE_QUOTES: frozenset[str] = frozenset({"``", "''", '"'})
# Tokens written without a space before them.
_NO_SPACE_BEFORE: frozenset[str] = frozenset(
    {".", ",", ")", "]", "}", ":", ";", "%", "?", "!", "''", "'", "'s", "'S",
     "n't", "'re", "'ve", "'m", "'ll", "'d", "-RRB-", "-RSB-", "-RCB-"}
)
# Tokens written without a space after them.
_NO_SPACE_AFTER: frozenset[str] = frozenset(
    {"(", "[", "{", "``", "`", "$", "-LRB-", "-LSB-", "-LCB-"}
)


@dataclass
class Entity:
    """A gold entity as character offsets (end exclusive) into the document text."""

    start: int
    end: int
    label: str


@dataclass
class Document:
    """One SciERC abstract as raw text with character-offset entities."""

    key: str
    text: str
    entities: list[Entity] = field(default_factory=list)
    # Character offsets (start, end) of each SciERC sentence in ``text``.
    sentences: list[tuple[int, int]] = field(default_factory=list)


def detokenise(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join SciERC tokens into readable text.

    Returns the text and, for each input token, its (start, end) character
    offsets in that text.  PTB bracket escapes are turned back into brackets and
    punctuation is attached to its neighbour the way it is usually written.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    previous: str | None = None
    quote_open = False  # SciERC writes double quotes as `` or '', not always paired
    for token in tokens:
        surface = _PTB_MAP.get(token, token)
        if token in _DOUBLE_QUOTES:
            # Alternate opening and closing quotes: an opening quote sticks to the
            # next token, a closing one to the previous token.
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


def parse_document(record: dict, labels: Iterable[str] = KEPT_LABELS) -> Document:
    """Build a :class:`Document` from one SciERC JSON record.

    All gold spans with a label in ``labels`` are kept here, including nested
    ones; use :func:`drop_overlaps` before putting them into ``Doc.ents``.
    """
    wanted = set(labels)
    tokens: list[str] = [tok for sentence in record["sentences"] for tok in sentence]
    text, offsets = detokenise(tokens)
    entities: list[Entity] = []
    for sentence_ner in record["ner"]:
        for start, end, label in sentence_ner:
            if label in wanted:
                entities.append(Entity(offsets[start][0], offsets[end][1], label))
    sentences: list[tuple[int, int]] = []
    first = 0
    for sentence in record["sentences"]:
        if sentence:
            sentences.append((offsets[first][0], offsets[first + len(sentence) - 1][1]))
        first += len(sentence)
    return Document(key=str(record.get("doc_key", "")), text=text, entities=entities,
                    sentences=sentences)


def read_scierc(path: Path, labels: Iterable[str] = KEPT_LABELS) -> list[Document]:
    """Read a SciERC JSON-lines file into :class:`Document` objects."""
    label_list = list(labels)
    with path.open(encoding="utf8") as handle:
        return [parse_document(json.loads(line), label_list) for line in handle if line.strip()]


def drop_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep a non-overlapping subset of (start, end, label) spans, longest first."""
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= k_start or start >= k_end for k_start, k_end, _ in kept):
            kept.append((start, end, label))
    return sorted(kept)


def split_sentences(document: Document) -> Iterator[Document]:
    """Yield one :class:`Document` per SciERC sentence (offsets rebased)."""
    for s_start, s_end in document.sentences:
        ents = [Entity(e.start - s_start, e.end - s_start, e.label)
                for e in document.entities if e.start >= s_start and e.end <= s_end]
        yield Document(key=document.key, text=document.text[s_start:s_end], entities=ents,
                       sentences=[(0, s_end - s_start)])


@dataclass
class Stats:
    """Counts reported after conversion."""

    docs: int = 0
    entities: int = 0
    nested_dropped: int = 0
    expanded: int = 0


def to_docbin(documents: Iterable[Document], nlp: "spacy.language.Language", stats: Stats):  # noqa: F821
    """Tokenise documents with ``nlp`` and return a DocBin with aligned entities."""
    from spacy.tokens import DocBin, Span

    doc_bin = DocBin(store_user_data=False)
    for document in documents:
        doc = nlp.make_doc(document.text)
        token_spans: list[tuple[int, int, str]] = []
        for ent in document.entities:
            span = doc.char_span(ent.start, ent.end, label=ent.label, alignment_mode="expand")
            if span is None:
                continue
            if span.start_char != ent.start or span.end_char != ent.end:
                stats.expanded += 1
            token_spans.append((span.start, span.end, ent.label))
        kept = drop_overlaps(token_spans)
        stats.nested_dropped += len(token_spans) - len(kept)
        stats.entities += len(kept)
        stats.docs += 1
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in kept]
        doc_bin.add(doc)
    return doc_bin


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scierc", type=Path, required=True,
                        help="directory holding SciERC train.json, dev.json, test.json")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--unit", choices=("doc", "sentence"), default="doc",
                        help="one training Doc per abstract (default) or per sentence")
    parser.add_argument("--lang", default="en", help="spaCy language of the tokenizer")
    args = parser.parse_args(argv)

    import spacy

    nlp = spacy.blank(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        source = args.scierc / f"{split}.json"
        if not source.exists():
            print(f"skip {split}: {source} not found", file=sys.stderr)
            continue
        documents: Iterable[Document] = read_scierc(source)
        if args.unit == "sentence":
            documents = [s for d in documents for s in split_sentences(d)]
        stats = Stats()
        doc_bin = to_docbin(documents, nlp, stats)
        target = args.out / f"{split}.spacy"
        doc_bin.to_disk(target)
        print(f"{split}: {stats.docs} docs, {stats.entities} entities -> {target} "
              f"(nested dropped {stats.nested_dropped}, boundaries expanded {stats.expanded})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
