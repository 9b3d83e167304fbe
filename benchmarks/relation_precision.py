"""Precision of the method → task links kg_relations gives the demo graph, judged by hand.

Runs the default pipeline with the relation extractor (``load_pipeline(relations=True)``)
over the demo corpus (``data/daily-papers``), links the mentions into concepts as the build
does (:func:`kg.link.passes.link`), and collects the distinct (method concept, task concept)
pairs that some sentence relates by ``used-for``, method the head, with their evidence
sentences: the sentence that states the relation and the words there that stand for the
method (``kg_own_relations``' "our approach" for a method the paper names elsewhere).  Draws
``--size`` of them (50) with ``random.Random(--seed)`` (0) over the sorted list and prints
them, one block per link.

With ``--judgements FILE`` it reads a judgement file instead (TSV, ``#`` lines a header;
columns method id, task id, paper id, sentence, verdict ``correct`` or ``wrong``, reason),
checks that it judges exactly the links of the sample, and prints the precision.

    python benchmarks/relation_precision.py [--size 50] [--seed 0] [--judgements FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_EVIDENCE = 3


@dataclass(frozen=True)
class Evidence:
    """One sentence relating the two concepts: its paper, text, and the two names as written."""

    paper_id: str
    sentence: str
    method_text: str
    task_text: str
    score: float


@dataclass(frozen=True)
class Link:
    """A distinct method → task link and every sentence that states it."""

    method: str
    task: str
    method_label: str
    task_label: str
    evidence: tuple[Evidence, ...]


def collect_links(corpus: Sequence[Path]) -> list[Link]:
    """Every distinct used-for link from a method concept to a task concept, sorted by ids."""
    from kg.extract.components import FIELD_SEPARATOR
    from kg.extract.components.relations import EXTENSION
    from kg.extract.extractor import mentions_of, paper_text
    from kg.extract.pipeline import load_pipeline
    from kg.link.passes import link
    from kg.model import Mention
    from kg.sources import read_corpus

    papers = read_corpus(list(corpus)).papers
    nlp = load_pipeline(relations=True)
    mentions: list[Mention] = []
    stated: list[tuple[int, int, Evidence]] = []
    for paper, doc in zip(papers, nlp.pipe((paper_text(p) for p in papers), batch_size=64), strict=True):
        found = mentions_of(paper, doc)
        offset = {"title": 0, "abstract": len(paper.title) + len(FIELD_SEPARATOR)}
        where = {(m.start + offset[m.field], m.end + offset[m.field]): len(mentions) + i for i, m in enumerate(found)}
        mentions += found
        for relation in doc._.get(EXTENSION):
            if relation.type != "used-for":
                continue
            head = where.get((relation.head.start_char, relation.head.end_char))
            tail = where.get((relation.tail.start_char, relation.tail.end_char))
            if head is not None and tail is not None:
                start, end = relation.sentence
                evidence = Evidence(
                    paper.id,
                    doc.text[start:end].strip(),
                    doc.text[slice(*relation.written_at)],
                    relation.tail.text,
                    relation.score,
                )
                stated.append((head, tail, evidence))
    concepts, linked = link(mentions)
    label = {concept.id: concept.label for concept in concepts}
    by_pair: dict[tuple[str, str], list[Evidence]] = {}
    for head, tail, evidence in stated:
        method, task = linked[head].concept_id, linked[tail].concept_id
        if not (method.startswith("method:") and task.startswith("task:")):
            continue
        by_pair.setdefault((method, task), []).append(evidence)
    return [
        Link(
            method,
            task,
            label[method],
            label[task],
            tuple(sorted(set(evidence), key=lambda e: (e.paper_id, e.sentence))),
        )
        for (method, task), evidence in sorted(by_pair.items())
    ]


def draw(links: Sequence[Link], size: int, seed: int) -> list[Link]:
    """``size`` links drawn by ``random.Random(seed)`` over the sorted list, in drawn order."""
    return random.Random(seed).sample(list(links), min(size, len(links)))


def read_judgements(path: Path) -> list[dict[str, str]]:
    """The judgement rows of ``path`` (``#`` lines are its header)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    for number, row in enumerate(rows, start=2):
        if row.get("verdict") not in ("correct", "wrong"):
            raise SystemExit(f"{path}: row {number}: verdict must be 'correct' or 'wrong', not {row.get('verdict')!r}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(ROOT / "data" / "daily-papers"))
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--judgements", type=Path, help="a judgement file of the sample: print its precision")
    parser.add_argument("--json", action="store_true", help="print the sample as JSON lines")
    args = parser.parse_args()
    links = collect_links([Path(args.corpus)])
    sample = draw(links, args.size, args.seed)
    if args.judgements is not None:
        rows = read_judgements(args.judgements)
        judged = {(row["method"], row["task"]) for row in rows}
        drawn = {(link.method, link.task) for link in sample}
        if judged != drawn:
            missing, extra = sorted(drawn - judged), sorted(judged - drawn)
            raise SystemExit(f"{args.judgements}: judges other links than the sample: missing {missing}, extra {extra}")
        correct = sum(row["verdict"] == "correct" for row in rows)
        print(f"{len(links)} distinct method → task links; sample of {len(rows)} (seed {args.seed})")
        print(f"precision {correct}/{len(rows)} = {correct / len(rows):.3f}")
        return
    print(f"{len(links)} distinct method → task links; {len(sample)} drawn with random.Random({args.seed})")
    for number, link in enumerate(sample, start=1):
        if args.json:
            print(
                json.dumps({"method": link.method, "task": link.task, "evidence": [e.__dict__ for e in link.evidence]})
            )
            continue
        print(f"\n{number}. {link.method} ({link.method_label}) → {link.task} ({link.task_label})")
        for evidence in link.evidence[:MAX_EVIDENCE]:
            names = f"{evidence.method_text!r} → {evidence.task_text!r} ({evidence.score})"
            print(f"   [{evidence.paper_id}] {names}: {evidence.sentence}")
        if len(link.evidence) > MAX_EVIDENCE:
            print(f"   ... {len(link.evidence) - MAX_EVIDENCE} more sentences")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
