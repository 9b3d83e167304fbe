"""Count the head words whose spans are nearly always one type: the rows of ``decisive_heads.tsv``.

A head settles an NER span's type (``kg_resolve``) when the training data gives spans
with that head one type at least ``--share`` of the time over at least ``--least``
spans.  The data are SciERC train and dev and the SciREX training documents (the
"train" side of ``scirex-split.json``, every mention of the paper); SciERC test and
the SciREX held-out documents are never read.  With ``--doings`` only heads that name
a doing are printed (:func:`kg.normalize.names_an_activity`, or a task head of
``heads.tsv``): a word like "study" or "case" heads tasks in SciERC, but settles nothing.

    python training/decisive_heads.py --type Task --doings
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.extract import lexicon
from kg.normalize import head_position, names_an_activity, singular

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TYPES = ("Task", "Method", "Material")


def scierc_spans(path: Path) -> Iterator[tuple[list[str], str]]:
    """(words, label) of each SciERC entity in a split file."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            words = [w for sentence in doc["sentences"] for w in sentence]
            for sentence in doc["ner"]:
                for start, end, label in sentence:
                    yield words[start : end + 1], label


def scirex_spans(path: Path, documents: set[str]) -> Iterator[tuple[list[str], str]]:
    """(words, label) of each SciREX mention of the ``documents``."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            if doc["doc_id"] in documents:
                for start, end, label in doc["ner"]:
                    yield doc["words"][start:end], label


def head_counts(spans: Iterator[tuple[list[str], str]]) -> dict[str, Counter[str]]:
    """Each head word (lower case, singular) and how often a span it heads has each type."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for words, label in spans:
        if label in TYPES and words:
            lower = [w.lower() for w in words]
            counts[singular(lower[head_position(lower)])][label] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--type", choices=TYPES, default="Task")
    parser.add_argument("--least", type=int, default=15, help="fewest spans with the head (default 15)")
    parser.add_argument("--share", type=float, default=0.9, help="least share of the type (default 0.9)")
    parser.add_argument("--doings", action="store_true", help="only heads that name a doing")
    parser.add_argument("--scierc", type=Path, default=ROOT / "data" / "scierc")
    parser.add_argument("--scirex", type=Path, default=ROOT / "data" / "scirex" / "docs.jsonl")
    args = parser.parse_args(argv)
    split = json.loads((HERE / "scirex-split.json").read_text(encoding="utf-8"))
    counts = head_counts(
        span
        for source in (
            scierc_spans(args.scierc / "train.json"),
            scierc_spans(args.scierc / "dev.json"),
            scirex_spans(args.scirex, set(split["train"])),
        )
        for span in source
    )
    task_heads = {word for word, kind in lexicon.heads().items() if kind == "task"}
    for head, count in sorted(counts.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        total = sum(count.values())
        if total < args.least or count[args.type] < args.share * total:
            continue
        if args.doings and not (names_an_activity(head) or head in task_heads):
            continue
        print(f"{head}\t{args.type.lower()}\t# {count[args.type]} of {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
