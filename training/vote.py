"""A majority vote of several trained NERs, measured against one (an experiment, not shipped).

Usage, from the repository root with kg installed (the models are ``model-best``
folders written by ``spacy train`` with this folder's configs)::

    python training/vote.py --members runs/aux0/model-best runs/aux1/model-best --split dev
    python training/vote.py --members runs/aux0/model-best runs/aux1/model-best --speed

The first prints kg's SciERC scores of the shipped pipeline with the members voting
beside its NER (whole pipeline, then the NERs alone); the second the words per second
of that pipeline on one core, over the SciERC test texts, as ``benchmarks/extract_speed.py``
measures the shipped one.

One small CNN NER trained on SciERC's 350 training abstracts varies by a few points of
F1 from one seed or recipe to the next, and its errors are its own: where one model
misreads a span, the others mostly do not.  ``kg_ner_vote`` sits after the pipeline's
``ner`` and holds further member pipelines (each its own ``tok2vec`` and ``ner``, trained
by the recipes in ``training/``).  An entity is kept when at least ``min_votes`` of the
NERs, the pipeline's own included, found exactly that span with that label.  With three
voters and two votes the winners never overlap, since no one NER's entities do.

Only the labels of the pipeline's own ``ner`` are voted on: members trained with extra
labels (SciERC's other types) take part with the three that kg reads.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span  # noqa: E402
from spacy.util import minibatch  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.errors import ExtractorError  # noqa: E402
from kg.evaluate import evaluate_scierc  # noqa: E402
from kg.evaluate.scierc import read_split  # noqa: E402
from kg.extract import pipeline  # noqa: E402
from training.experiments.beam_vote.beam_vote import EntityKey, strongest_disjoint  # noqa: E402


@Language.factory("kg_ner_vote", default_config={"min_votes": 2, "batch_size": 64})
def make_ner_vote(nlp: Language, name: str, min_votes: int, batch_size: int) -> NerVote:
    """The ``kg_ner_vote`` component, with no members yet (:meth:`NerVote.add_member`)."""
    return NerVote(nlp, name, min_votes=min_votes, batch_size=batch_size)


def winners(votes: Counter[EntityKey], min_votes: int) -> list[EntityKey]:
    """Entities with at least ``min_votes`` votes, most voted first on overlap, in text order.

    >>> winners(Counter({(0, 2, "Task"): 2, (1, 2, "Method"): 1, (4, 5, "Method"): 3}), 2)
    [(0, 2, 'Task'), (4, 5, 'Method')]
    """
    return strongest_disjoint(votes, min_votes)


class NerVote:
    """Sets ``doc.ents`` to the entities most of the NERs agree on (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, min_votes: int = 2, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.name = name
        self.min_votes = min_votes
        self.batch_size = batch_size
        self.members: dict[str, Language] = {}
        """Member pipelines by name, in voting order."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels voted on: those of the pipeline's own ``ner``."""
        return tuple(self.nlp.get_pipe("ner").labels) if "ner" in self.nlp.pipe_names else ()

    def add_member(self, name: str, member: Language) -> None:
        """Add a member pipeline (it must hold an ``ner``); its labels join the vocabulary."""
        if "ner" not in member.pipe_names:
            raise ExtractorError(f"member {name!r} of {self.name} has no 'ner' component")
        for label in member.get_pipe("ner").labels:
            self.nlp.vocab.strings.add(label)
        self.members[name] = member

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Vote over ``docs`` a batch at a time (each member reads the whole batch)."""
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            yield from self._vote(list(batch))

    def _vote(self, docs: list[Doc]) -> list[Doc]:
        labels = set(self.labels)
        votes: list[Counter[EntityKey]] = [Counter() for _ in docs]

        def count(batch: Iterable[Doc]) -> None:
            for tally, doc in zip(votes, batch, strict=True):
                tally.update((e.start, e.end, e.label_) for e in doc.ents if e.label_ in labels)

        if not self.members:
            raise ExtractorError(f"{self.name} has no member NERs to vote with")
        count(docs)
        for member in self.members.values():
            for doc in docs:
                doc.ents = ()  # an NER keeps the entities a document already has
            stream: Iterable[Doc] = docs
            for _, component in member.pipeline:
                stream = component.pipe(stream) if hasattr(component, "pipe") else map(component, stream)
            count(list(stream))
        for doc, tally in zip(docs, votes, strict=True):
            doc.ents = [Span(doc, s, e, label=label) for s, e, label in winners(tally, self.min_votes)]
        return docs


def voting_pipeline(members: Sequence[str], min_votes: int = 2) -> Language:
    """The shipped pipeline with ``members`` voting beside its NER, before kg's rules."""
    nlp = spacy.load(pipeline.MODEL_DIR)
    vote = nlp.add_pipe("kg_ner_vote", after="ner", config={"min_votes": min_votes})
    assert isinstance(vote, NerVote)
    for number, path in enumerate(members, start=1):
        vote.add_member(f"member{number}", spacy.load(path))
    pipeline._add_rules(nlp, ner=None)
    return nlp


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", nargs="+", required=True, help="spaCy NER pipelines voting beside the shipped one")
    parser.add_argument("--min-votes", type=int, default=2)
    parser.add_argument("--data", default="data/scierc")
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    parser.add_argument("--speed", action="store_true", help="words/s on one core over SciERC test instead of scores")
    args = parser.parse_args(argv)
    nlp = voting_pipeline(args.members, args.min_votes)
    if args.speed:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        texts = [doc.text for doc in read_split(Path(args.data) / "test.json")]
        list(nlp.pipe(texts[:16]))
        best, words = float("inf"), 0
        for _ in range(3):
            start = time.perf_counter()
            words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
            best = min(best, time.perf_counter() - start)
        print(f"SciERC test: {len(texts)} texts, {words} words, {words / best:,.0f} words/s (1 core)")
        return
    documents = read_split(Path(args.data) / f"{args.split}.json")
    print(f"SciERC {args.split}, {1 + len(args.members)} NERs, at least {args.min_votes} votes; whole pipeline:")
    print(evaluate_scierc(nlp, documents).table())
    print("NERs alone (after the vote):")
    print(evaluate_scierc(nlp, documents, ner_only=True).table())


if __name__ == "__main__":
    main()
