"""``kg_own_relations``: what a paper's sentences say of its own method, added to ``doc._.kg_relations``.

``kg_relations`` relates two concepts that one sentence names.  An abstract names its own
method once or twice ("we propose a novel ResNet-like architecture", "FRRN: ...") and then
speaks of it as "our approach", "we" or "the experiments": "Without pretraining, our
approach achieves 71.8% on the Cityscapes dataset."  Of the (method, data set) and (method,
task) pairs of SciREX's result tuples whose two names occur in title and abstract, 84 of the
181 of the 196 training papers have the two in one sentence (``kg eval scirex --results
--split train``).

The paper's own method is :func:`.proposals.own_method`.  A sentence *speaks of it* when it
names it (a method concept of the same key, or its acronym), when it speaks for the authors
(:data:`.proposals.SPEAKS_FOR_AUTHORS`: "we", "our", "the proposed") or when it reports
experiments or results (:data:`EXPERIMENTS`).  In such a sentence the own method is

* ``evaluated-on`` each data-set concept, and
* ``used-for`` each task concept,

unless ``kg_relations`` already related the two concepts in that sentence, the concept
lies inside the method's name, or the sentence sets either aside (:mod:`.set_aside`:
"without fine-tuning", "unlike CNNs").  Each is a :class:`.relations.Relation` whose head is the own
method where the sentence names it, else the span where the paper does, with ``head_at``
the words that stand for it in the sentence ("our approach", "We", "experiments"), so the
evidence reads as the paper wrote it.  Its score is the configured ``score``: the share of
such links judged right by hand (:data:`SCORE`), not a classifier's probability.

``load_pipeline(relations=True)`` adds the component after ``kg_relations``, in both modes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.components.proposals import SPEAKS_FOR_AUTHORS, own_method
from kg.extract.components.relations import EXTENSION, Relation
from kg.extract.components.set_aside import set_aside
from kg.extract.components.spans import RESOLVED, concepts_by_sentence
from kg.normalize import concept_key

EXPERIMENTS = re.compile(r"\b(?:experiments?|results|evaluations?)\b", re.IGNORECASE)
"""Words by which a sentence reports the paper's experiments: "Experiments on VOC 2007 show ..."."""
OUR_NAME = re.compile(
    r"\b(?:our|the proposed|the presented)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:method|model|approach|network|architecture|framework|system|algorithm|technique|scheme|module|"
    r"detector|tracker|parser|classifier|estimator|encoder|agent|net|procedure|strategy|solution|pipeline)s?\b",
    re.IGNORECASE,
)
"""A noun phrase by which the authors name their method: "our approach", "the proposed network"."""
SCORE = 0.63
"""The score of a relation this component states: of its method -> task links in the demo graph's
judged sample, 17 of 27 were right (benchmarks/judgements/relation-precision-2026-12-03-own.tsv)."""
KINDS = {"dataset": "evaluated-on", "task": "used-for"}
"""The own method's relation to a concept of each type the component relates it to."""

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=())


@Language.factory("kg_own_relations", default_config={"score": SCORE})
def make_own_relations(nlp: Language, name: str, score: float) -> OwnRelations:
    return OwnRelations(score)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def own_keys(doc: Doc, own: Span) -> frozenset[str]:
    """The keys of the names the own method goes by: its own, and the acronym the paper defines for it."""
    keys = {concept_key(own.text)}
    for short, long in doc._.get("kg_abbreviations") or ():
        if _overlaps(long, own) or _overlaps(short, own):
            keys |= {concept_key(short.text), concept_key(long.text)}
    return frozenset(keys)


def standing_for(sentence: Span, named: Span | None) -> tuple[int, int] | None:
    """Doc offsets of the words that stand for the own method in ``sentence``: its name there,
    else "our approach", else "we" / "our" / "the proposed", else "experiments"; None when the
    sentence does not speak of it."""
    if named is not None:
        return named.start_char, named.end_char
    for pattern in (OUR_NAME, SPEAKS_FOR_AUTHORS, EXPERIMENTS):
        found = pattern.search(sentence.text)
        if found:
            return sentence.start_char + found.start(), sentence.start_char + found.end()
    return None


def _related(relations: Iterable[Relation]) -> set[tuple[int, int, int, int]]:
    pairs = set()
    for r in relations:
        pairs.add((r.head.start, r.head.end, r.tail.start, r.tail.end))
        pairs.add((r.tail.start, r.tail.end, r.head.start, r.head.end))
    return pairs


class OwnRelations:
    """The ``kg_own_relations`` component: relates the paper's own method to the data sets and
    tasks of the sentences that speak of it."""

    def __init__(self, score: float = SCORE) -> None:
        if not 0.0 <= score <= 1.0:
            raise ValueError(f"kg_own_relations: score {score} is not between 0 and 1; set it in the pipeline config")
        self.score = score

    def __call__(self, doc: Doc) -> Doc:
        found: tuple[Relation, ...] = tuple(doc._.get(EXTENSION) or ())
        own = own_method(doc)
        if own is None:
            return doc
        keys = own_keys(doc, own)
        concepts = sorted(doc.spans.get(RESOLVED, []), key=lambda s: (s.start, s.end))
        related = _related(found)
        aside = set_aside(doc, concepts)
        added: list[Relation] = []
        for sentence, inside in concepts_by_sentence(doc, concepts):
            named = next((c for c in inside if c.label_ == "method" and concept_key(c.text) in keys), None)
            at = standing_for(sentence, named)
            if at is None or (named is not None and (named.start, named.end) in aside):
                continue
            head = named if named is not None else own
            head_at = None if named is not None else at
            evidence = (sentence.start_char, sentence.end_char)
            for concept in inside:
                kind = KINDS.get(concept.label_)
                if kind is None or _overlaps(concept, own) or _overlaps(concept, head):
                    continue
                if (concept.start, concept.end) in aside:
                    continue
                if (head.start, head.end, concept.start, concept.end) in related:
                    continue
                added.append(Relation(head, concept, kind, self.score, evidence, head_at))
        if added:
            doc._.set(EXTENSION, found + tuple(added))
        return doc
