"""SciERC JSON lines -> spaCy ``DocBin`` files (``train/dev/test.spacy``) for ``spacy train``.

The text of each abstract is the raw text kg's own evaluation reads
(``kg.evaluate.scierc``), tokenised by spaCy's English tokenizer as at
inference, so the model trains on what it will see.  Gold spans of Method,
Task and Material are aligned to tokens (``alignment_mode="expand"``);
where two spans overlap, the longest stays, since ``Doc.ents`` cannot nest.
One training ``Doc`` is one whole abstract.

With ``--aux-labels`` SciERC's other three types (OtherScientificTerm,
Metric, Generic) are kept as well, as auxiliary training labels: kg's rules
and ``kg eval scierc`` only use Method, Task and Material.  Where spans
overlap, a Method, Task or Material span is preferred, then the longest.

    python training/prepare.py --scierc data/scierc --out corpus
    python training/prepare.py --scierc data/scierc --out corpus-aux --aux-labels
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import DocBin, Span

from kg.evaluate.scierc import SCIERC_TYPES, SPLITS, Document, read_split

AUX_TYPES = ("OtherScientificTerm", "Metric", "Generic")
"""SciERC's other entity types, kept as auxiliary labels with ``--aux-labels``."""


@dataclass
class Stats:
    """Counts printed after conversion."""

    docs: int = 0
    entities: int = 0
    nested_dropped: int = 0
    expanded: int = 0


def drop_overlaps(
    spans: Iterable[tuple[int, int, str]], preferred: Iterable[str] = SCIERC_TYPES
) -> list[tuple[int, int, str]]:
    """A non-overlapping subset of (start, end, label) token spans: labels in
    ``preferred`` first, then the longest."""
    first = frozenset(preferred)
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[2] not in first, -(s[1] - s[0]), s[0])):
        if all(end <= k_start or start >= k_end for k_start, k_end, _ in kept):
            kept.append((start, end, label))
    return sorted(kept)


def to_docbin(documents: Iterable[Document], nlp: spacy.language.Language, stats: Stats) -> DocBin:
    """Tokenise the documents with ``nlp`` and attach their gold entities."""
    doc_bin = DocBin(store_user_data=False)
    for document in documents:
        doc = nlp.make_doc(document.text)
        token_spans: list[tuple[int, int, str]] = []
        for entity in document.entities:
            span = doc.char_span(entity.start, entity.end, label=entity.label, alignment_mode="expand")
            if span is None:
                continue
            if (span.start_char, span.end_char) != (entity.start, entity.end):
                stats.expanded += 1
            token_spans.append((span.start, span.end, entity.label))
        kept = drop_overlaps(token_spans)
        stats.nested_dropped += len(token_spans) - len(kept)
        stats.entities += len(kept)
        stats.docs += 1
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in kept]
        doc_bin.add(doc)
    return doc_bin


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scierc", type=Path, required=True, help="folder with SciERC's train/dev/test.json")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--aux-labels",
        action="store_true",
        help="also keep OtherScientificTerm, Metric and Generic as training labels",
    )
    args = parser.parse_args(argv)
    labels = SCIERC_TYPES + AUX_TYPES if args.aux_labels else SCIERC_TYPES
    nlp = spacy.blank("en")
    args.out.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        stats = Stats()
        doc_bin = to_docbin(read_split(args.scierc / f"{split}.json", labels), nlp, stats)
        target = args.out / f"{split}.spacy"
        doc_bin.to_disk(target)
        print(
            f"{split}: {stats.docs} docs, {stats.entities} entities -> {target} "
            f"(nested dropped {stats.nested_dropped}, boundaries expanded {stats.expanded})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
