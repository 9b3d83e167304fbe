"""Save a vote of whole beam NERs (``kg_beam_vote``) as one spaCy pipeline folder.

Usage, from the repository root with kg installed::

    python training/make_vote.py --members runs/beam1/model-best runs/beam2/model-best \\
        --out runs/vote12 [--threshold 0.5]

The vote's component (``kg_beam_vote``) left kg's package for
``training/experiments/beam_vote/``, so ``kg`` on the command line no longer reads a
saved vote: load it with :func:`kg.extract.pipeline.load_pipeline` in a process that has
imported ``training.experiments.beam_vote.beam_vote`` (its README).

kg shipped the vote of ``config-beam.cfg`` seeds 1 and 2 as its NER in models 0.4.0 to
0.4.2; once its ties were settled it no longer beat seed 1 alone on SciERC dev, nor kept
10,000 words/s, so model 0.5.0 is seed 1 alone again.  How the vote was chosen and why it
went is in ``README.md`` beside this file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from training.experiments.beam_vote.beam_vote import save_vote  # noqa: E402

DEFAULT_THRESHOLD = 0.5
"""The mean beam probability an entity needs, by default: the best on SciERC dev for the
vote of seeds 1 and 2 once ties were settled (training/README.md)."""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--members", nargs="+", required=True, help="spaCy pipeline folders with tok2vec and beam ner")
    parser.add_argument("--out", type=Path, required=True, help="an empty or new folder to write the vote to")
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"keep entities whose mean beam probability is at least this (default {DEFAULT_THRESHOLD})",
    )
    args = parser.parse_args(argv)
    save_vote(
        args.members,
        args.out,
        threshold=args.threshold,
        name="scierc_ner_vote",
        description=f"a vote of {len(args.members)} beam NERs at mean probability {args.threshold}",
    )
    print(f"saved a vote of {len(args.members)} NERs at threshold {args.threshold} to {args.out}")


if __name__ == "__main__":
    main()
