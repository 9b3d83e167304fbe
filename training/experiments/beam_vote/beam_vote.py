"""A NER that averages several whole beam NERs (``kg_beam_vote``).

One trained NER's errors are partly its own: a model of another seed, trained on the same
data, misreads other spans.  Each member here is a whole spaCy pipeline of an encoder
(``tok2vec``) and a beam NER listening to it.  A member's beam gives every candidate
entity a probability; the vote keeps the entities whose probability, averaged over the
members, is at least ``threshold``, and where two of them overlap, the more probable.
Each member costs a whole NER's time, so a vote of two runs at about half the speed of
one NER.

The members are saved inside the component's own folder (``member0``, ``member1``, …),
so a pipeline holding the vote loads with :func:`spacy.load` like any other once this
module is imported (which registers ``kg_beam_vote``), and
:func:`kg.extract.pipeline.load_pipeline` runs it as its NER in such a process.  kg shipped
such a vote as its NER in models 0.4.0 to 0.4.2; why it no longer does is in
``training/README.md``.  An experiment that did not ship, it lives in
``training/experiments/`` (README there) and kg's package no longer registers it, so
``kg build --model`` and ``kg eval --model`` do not read a saved vote.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer, Tok2Vec
from spacy.tokens import Doc, Span

from kg.errors import ExtractorError
from kg.spool import batched

EntityKey = tuple[int, int, str]
"""An entity as token start, token end and label."""

MEMBER_PREFIX = "member"


def _encoder_and_ner(nlp: Language, where: str) -> tuple[Tok2Vec, EntityRecognizer]:
    """The member's encoder and beam NER, or an error that says what the member lacks."""
    tok2vec = nlp.get_pipe("tok2vec") if "tok2vec" in nlp.pipe_names else None
    ner = nlp.get_pipe("ner") if "ner" in nlp.pipe_names else None
    if not isinstance(tok2vec, Tok2Vec) or not isinstance(ner, EntityRecognizer) or ner.cfg.get("beam_width", 1) < 2:
        raise ExtractorError(
            f"{where}: a vote member must be a spaCy pipeline with a 'tok2vec' and a beam NER named 'ner'"
        )
    return tok2vec, ner


PRECISION = 4
"""Decimal places at which mean probabilities are compared.  A member's beam probabilities
agree across CPUs and matrix-multiplication kernels only to about 1e-5, and two members
that are each sure of a different overlapping span give both a mean of one half, apart by
rounding error alone; compared in full, such spans were won by float noise, so the same
text gave other entities on another machine."""


def mean_entities(scored: Sequence[dict[EntityKey, float]], threshold: float) -> list[EntityKey]:
    """The entities whose probability, averaged over the members' ``scored`` candidates and
    rounded to :data:`PRECISION` places, is at least ``threshold``; where two overlap, the
    more probable, and of two as probable the longer (then the earlier).

    >>> mean_entities([{(0, 1, "Task"): 1.0}, {(0, 2, "Method"): 0.9999999999999998}], 0.4)
    [(0, 2, 'Method')]
    """
    mean: dict[EntityKey, float] = defaultdict(float)
    for candidates in scored:
        for key, prob in candidates.items():
            mean[key] += prob / len(scored)
    return strongest_disjoint({key: round(prob, PRECISION) for key, prob in mean.items()}, threshold, longer_first=True)


def strongest_disjoint(
    weights: Mapping[EntityKey, float], at_least: float, longer_first: bool = False
) -> list[EntityKey]:
    """The entities whose weight (a probability, a number of votes) is at least ``at_least``,
    in text order; where two overlap, the heavier stays, and of two as heavy the earlier, or
    with ``longer_first`` the longer (then the earlier).

    >>> strongest_disjoint({(0, 2, "Task"): 2, (1, 2, "Method"): 1, (4, 5, "Method"): 3}, 1)
    [(0, 2, 'Task'), (4, 5, 'Method')]
    >>> strongest_disjoint({(0, 1, "Task"): 1, (0, 2, "Method"): 1}, 1, longer_first=True)
    [(0, 2, 'Method')]
    """

    def rank(key: EntityKey) -> tuple[float, int, EntityKey]:
        return -weights[key], (key[0] - key[1]) if longer_first else 0, key

    chosen: list[EntityKey] = []
    for key in sorted((k for k, w in weights.items() if w >= at_least), key=rank):
        if all(key[1] <= c[0] or key[0] >= c[1] for c in chosen):
            chosen.append(key)
    return sorted(chosen)


class BeamVote:
    """The ``kg_beam_vote`` component: the mean of its members' beam probabilities as ``doc.ents``."""

    def __init__(self, nlp: Language, name: str, threshold: float) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ExtractorError(
                f"component {name!r}: the vote threshold is a mean probability in (0, 1], not {threshold}; "
                f"fix [components.{name}] threshold in the pipeline's config.cfg"
            )
        self.name = name
        self.threshold = threshold
        self.members: list[Language] = []
        self._readers: list[tuple[Tok2Vec, EntityRecognizer]] = []

    def add_member(self, member: Language, where: str = "member") -> None:
        """Add a whole pipeline (an encoder and a beam NER) to the vote."""
        self._readers.append(_encoder_and_ner(member, where))
        self.members.append(member)

    @property
    def labels(self) -> tuple[str, ...]:
        """The entity labels any member can give."""
        return tuple(sorted({label for _, ner in self._readers for label in ner.labels}))

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        if not self._readers:
            raise ExtractorError(f"{self.name}: the vote has no members; add some or load a saved vote")
        for batch in batched(docs, batch_size):
            scored: list[list[dict[EntityKey, float]]] = [[] for _ in batch]
            for tok2vec, ner in self._readers:
                for doc, tensor in zip(batch, tok2vec.predict(batch), strict=True):
                    doc.tensor = tensor
                beams = ner.predict(batch)
                for found, candidates in zip(scored, ner.scored_ents(beams), strict=True):
                    found.append(dict(candidates))
            for doc, found in zip(batch, scored, strict=True):
                doc.ents = [Span(doc, s, e, label=label) for s, e, label in mean_entities(found, self.threshold)]
                yield doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for i, member in enumerate(self.members):
            member.to_disk(path / f"{MEMBER_PREFIX}{i}")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> BeamVote:
        path = Path(path)
        numbers = {p.name[len(MEMBER_PREFIX) :]: p for p in path.glob(f"{MEMBER_PREFIX}*") if p.is_dir()}
        numbered = {int(n): p for n, p in numbers.items() if n.isdigit()}
        if not numbered:
            raise ExtractorError(f"{path}: no vote members ({MEMBER_PREFIX}0, …) in the folder; save the vote again")
        if sorted(numbered) != list(range(len(numbered))):
            raise ExtractorError(
                f"{path}: vote members {sorted(numbered)} are not numbered from 0 without gaps; save the vote again"
            )
        self.members, self._readers = [], []
        for folder in (numbered[i] for i in range(len(numbered))):
            self.add_member(spacy.load(folder), where=str(folder))
        return self


@Language.factory("kg_beam_vote", default_config={"threshold": 0.5})
def make_beam_vote(nlp: Language, name: str, threshold: float) -> BeamVote:
    return BeamVote(nlp, name, threshold)


def save_vote(
    members: Sequence[str | Path], out: str | Path, replace: bool = False, threshold: float = 0.5, **meta: Any
) -> None:
    """Save a pipeline whose ``ner`` is the vote of the pipelines in ``members`` to ``out``.

    The vote keeps entities whose mean probability is at least ``threshold``.  The
    pipeline takes its tokenizer and vocabulary from the first member.  A folder
    ``out`` that holds anything is refused, so no member of an older vote lingers in it;
    with ``replace`` it is emptied once every member has been read (a member may live in it).
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not replace:
        raise ExtractorError(f"{out}: the folder is not empty; remove it or save the vote elsewhere")
    loaded = [spacy.load(member) for member in members]
    nlp = spacy.blank("en", vocab=loaded[0].vocab)
    nlp.tokenizer = loaded[0].tokenizer
    vote = nlp.add_pipe("kg_beam_vote", name="ner", config={"threshold": threshold})
    assert isinstance(vote, BeamVote)
    for path, member in zip(members, loaded, strict=True):
        vote.add_member(member, where=str(path))
    nlp.meta.update(meta)
    if replace and out.exists():
        shutil.rmtree(out)
    nlp.to_disk(out)
