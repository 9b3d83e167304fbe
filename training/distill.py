"""Papers labelled by accurate mode's tagger -> a spaCy ``DocBin`` of silver training data.

The default NER learns from 350 SciERC abstracts.  Accurate mode's transformer
reads abstracts about 10 points of F1 better; its entities on text that SciERC
does not hold are extra, if noisy, examples for the small model (knowledge
distillation by pseudo-labels).  Each paper becomes one ``Doc`` of the text kg
reads (title, blank line, abstract), tokenised as at inference; the tagger's
character spans are aligned to tokens as ``prepare.py`` aligns gold spans.

The teacher must not have seen SciERC dev or test, or choosing the student on
dev would measure the teacher's memory: use a run trained on train alone (run
m2 of ``accurate/README.md``), not the shipped adapter, which also saw dev.

    python training/distill.py --teacher runs/accurate/m2 --out corpus/silver.spacy data/daily-papers
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import spacy
from prepare import Stats, to_docbin

from kg.evaluate.scierc import Document, Entity
from kg.extract.accurate import AccurateNER
from kg.extract.extractor import paper_text
from kg.sources import read_corpus


def silver_documents(texts: Sequence[str], teacher: AccurateNER) -> list[Document]:
    """The texts with the teacher's entities, as documents ``prepare.to_docbin`` aligns to tokens."""
    return [
        Document(str(i), text, tuple(Entity(start, end, label) for start, end, label in spans), ())
        for i, (text, spans) in enumerate(zip(texts, teacher.predict_spans(texts), strict=True))
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, help="paper files or folders, as kg build reads them")
    parser.add_argument("--teacher", type=Path, required=True, help="a model folder of training/accurate/finetune.py")
    parser.add_argument("--out", type=Path, required=True, help="the .spacy file to write")
    args = parser.parse_args(argv)
    texts = [paper_text(paper) for paper in read_corpus(args.sources).papers]
    stats = Stats()
    doc_bin = to_docbin(silver_documents(texts, AccurateNER.load(args.teacher)), spacy.blank("en"), stats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    doc_bin.to_disk(args.out)
    words = sum(len(text.split()) for text in texts)
    print(f"{len(texts)} papers, {words} words, {stats.entities} silver entities -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
