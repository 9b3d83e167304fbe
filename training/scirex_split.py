"""The fixed held-out split of SciREX's documents, written before any model saw them.

SciREX (Jain et al., ACL 2020) ships here as 246 full-text ML papers.  Fifty of them,
drawn with ``random.Random(0)`` from the document ids in sorted order, are held out:
no model is trained or tuned on them, and kg reports its SciREX figures on them alone.
The other 196 may be used for training.  The split is written to ``scirex-split.json``
beside this file and is never redrawn; a test checks that the file is what this
script makes.

    python training/scirex_split.py --scirex ../shared/data/scirex/docs.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

SEED = 0
HELD_OUT = 50
SPLIT_FILE = Path(__file__).resolve().parent / "scirex-split.json"


def draw(doc_ids: Iterable[str], seed: int = SEED, held_out: int = HELD_OUT) -> dict[str, list[str]]:
    """``{"train": [...], "heldout": [...]}``: ``held_out`` ids drawn with ``seed`` from the sorted ids."""
    ids = sorted(set(doc_ids))
    if held_out >= len(ids):
        raise ValueError(f"cannot hold out {held_out} of {len(ids)} documents")
    chosen = set(random.Random(seed).sample(ids, held_out))
    return {"train": [i for i in ids if i not in chosen], "heldout": sorted(chosen)}


def doc_ids(path: Path) -> list[str]:
    """The ``doc_id`` of every line of a SciREX ``docs.jsonl``."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["doc_id"] for line in lines if line.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scirex", type=Path, required=True, help="SciREX docs.jsonl")
    parser.add_argument("--out", type=Path, default=SPLIT_FILE, help="where to write the split")
    args = parser.parse_args(argv)
    split = draw(doc_ids(args.scirex))
    args.out.write_text(json.dumps({"seed": SEED, **split}, indent=1) + "\n", encoding="utf-8")
    print(f"{len(split['train'])} train, {len(split['heldout'])} held out -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
