"""Benchmark corpora of any size, made by recombining the demo corpus.

Each synthetic paper gets a new title, the first half of one demo title joined
to the second half of another (each pair used once while pairs last, then
numbered), and an abstract of demo sentences drawn at
random from all abstracts, as many as a randomly chosen demo abstract has.  So
the words, sentence lengths and concept density are those of real abstracts,
while no two papers share a text (an extraction cache cannot shortcut the run).
Dates spread over 2022-2025, author counts over 1-12.  The output is JSON
Lines with ``id``, ``title``, ``abstract``, ``date`` and ``authors``, which
``kg build`` reads as it is.  The same seed gives the same file.

    python benchmarks/scale_corpus.py --papers 10000 --out corpus-10k.jsonl [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")


def _halves(title: str) -> tuple[str, str]:
    if ":" in title:
        head, _, tail = title.partition(":")
        return head.strip(), tail.strip()
    words = title.split()
    middle = max(1, len(words) // 2)
    return " ".join(words[:middle]), " ".join(words[middle:])


def demo_material() -> tuple[list[tuple[str, str]], list[str], list[int]]:
    """Title halves, abstract sentences and sentences-per-abstract of the demo corpus."""
    from kg.sources import read_corpus

    papers = read_corpus([ROOT / "data" / "daily-papers"]).papers
    halves = [_halves(p.title) for p in papers]
    sentences: list[str] = []
    counts: list[int] = []
    for paper in papers:
        parts = [s.strip() for s in SENTENCE_END.split(paper.abstract) if s.strip()]
        sentences.extend(parts)
        counts.append(len(parts))
    return halves, sentences, counts


def generate(papers: int, out: Path, seed: int = 0) -> int:
    """Write ``papers`` synthetic papers to ``out``; returns the number of words written."""
    rng = random.Random(seed)
    halves, sentences, counts = demo_material()
    start = date(2022, 1, 1)
    heads = sorted({head.lower(): head for head, _ in halves}.values())
    tails = sorted({tail.lower(): tail for _, tail in halves}.values())
    pairs = len(heads) * len(tails)
    order = rng.sample(range(pairs), min(papers, pairs))
    words = 0
    with out.open("w", encoding="utf-8") as handle:
        for i in range(papers):
            pair = order[i % len(order)]
            head, tail = heads[pair // len(tails)], tails[pair % len(tails)]
            title = f"{head}: {tail}" if tail else head
            if i >= pairs:
                title = f"{title} (part {i // pairs + 1})"
            abstract = " ".join(rng.choice(sentences) for _ in range(rng.choice(counts)))
            record = {
                "id": f"synthetic-{i:07d}",
                "title": title,
                "abstract": abstract,
                "date": (start + timedelta(days=rng.randrange(4 * 365))).isoformat(),
                "authors": rng.randint(1, 12),
            }
            words += len(title.split()) + len(abstract.split())
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    words = generate(args.papers, args.out, args.seed)
    print(f"wrote {args.out}: {args.papers} papers, {words} whitespace words")


if __name__ == "__main__":
    main()
