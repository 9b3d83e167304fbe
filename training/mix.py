"""Concatenate spaCy ``DocBin`` files into one training corpus, in the order given.

python training/mix.py corpus/cv/all.spacy corpus/scirex-front.spacy --out corpus/mix-front.spacy
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.tokens import DocBin


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", type=Path, nargs="+", help="DocBin files to join")
    parser.add_argument("--out", type=Path, required=True, help="the DocBin to write")
    args = parser.parse_args(argv)
    vocab = spacy.blank("en").vocab
    joined = DocBin(store_user_data=False)
    for part in args.parts:
        for doc in DocBin().from_disk(part).get_docs(vocab):
            joined.add(doc)
    joined.to_disk(args.out)
    print(f"{len(joined)} docs -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
