"""Save a vote of whole beam NERs (``kg_beam_vote``) as one spaCy pipeline folder.

Usage, from the repository root with kg installed::

    python training/make_vote.py --members runs/beam1/model-best runs/beam2/model-best \\
        --out runs/vote12 [--threshold 0.5]
    kg eval scierc --split dev --model runs/vote12

The shipped model is this vote of ``config-beam.cfg`` seeds 1 and 2 at threshold 0.5,
saved with ``--ship`` to ``kg/models/scierc-ner`` with its ``meta.json`` filled in.  Why
those two, and how the vote and its threshold were chosen, is in ``README.md`` beside
this file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.extract.beam_vote import save_vote  # noqa: E402
from kg.extract.pipeline import MODEL_DIR  # noqa: E402

SHIPPED_THRESHOLD = 0.5
"""The shipped vote's threshold on the mean beam probability, chosen on SciERC dev."""
SHIPPED_META = {
    "name": "scierc_ner",
    "version": "0.4.2",
    "description": (
        "kg's NER for SciERC Method / Task / Material: the entities whose beam probability, averaged "
        f"over two beam NERs, is at least {SHIPPED_THRESHOLD} (training/config-beam.cfg, seeds 1 and 2; "
        "each a tok2vec sourced from en_core_web_sm 3.8.0, "
        "width 96, fine-tuned, and a transition-based NER with a beam of 4); members, vote and "
        "threshold chosen on SciERC dev"
    ),
    "author": "kg developers",
    "license": "MIT",
    "sources": [
        {"name": "SciERC", "author": "Luan et al. 2018", "url": "http://nlp.cs.washington.edu/sciIE/"},
        {"name": "en_core_web_sm 3.8.0 (tok2vec weights)", "author": "Explosion", "license": "MIT"},
    ],
}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", nargs="+", required=True, help="spaCy pipeline folders with tok2vec and beam ner")
    parser.add_argument("--out", type=Path, help="folder to write the vote to")
    parser.add_argument("--ship", action="store_true", help=f"write to {MODEL_DIR.relative_to(REPO)} with kg's meta")
    parser.add_argument(
        "--threshold",
        type=float,
        default=SHIPPED_THRESHOLD,
        help=f"keep entities whose mean beam probability is at least this (default: the shipped {SHIPPED_THRESHOLD})",
    )
    args = parser.parse_args(argv)
    if args.ship == (args.out is not None):
        parser.error("give exactly one of --out and --ship")
    out = MODEL_DIR if args.ship else args.out
    save_vote(args.members, out, replace=args.ship, threshold=args.threshold, **(SHIPPED_META if args.ship else {}))
    print(f"saved a vote of {len(args.members)} NERs at threshold {args.threshold} to {out}")


if __name__ == "__main__":
    main()
