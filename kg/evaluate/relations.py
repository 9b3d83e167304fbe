"""Measuring the relation extractor on SciERC: per relation type and micro P/R/F1, two ways.

* **given gold entities**: the gold Method / Task / Material spans are the doc's concepts
  (``doc.spans["kg"]``) and SciERC's sentences its sentences; only the relations are predicted;
* **end to end**: kg's own pipeline finds the concepts and the relations; a relation counts
  when its type, its direction (any order for a symmetric type) and both arguments' character
  boundaries match a gold one (the arguments' concept types are not compared).

Gold relations are those of :data:`kg.evaluate.scierc.RELATION_TYPE` whose two arguments are
Method, Task or Material.  The same gold-entity docs are the training examples of
``training/relations/train.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.evaluate.metrics import Scores, score
from kg.evaluate.scierc import KG_TYPE, Document, Entity
from kg.extract.components.relation_features import pair_features
from kg.extract.components.relations import (
    BACKWARD,
    EXTENSION,
    FORWARD,
    NO_RELATION,
    RELATION_TYPES,
    SYMMETRIC_TYPES,
    candidate_pairs,
    decide,
)
from kg.extract.components.spans import RESOLVED
from kg.extract.relation_model import FloatArray

RelationItem = tuple[Hashable, str]
"""``((doc index, head start, head end, tail start, tail end), type)``, the unit scored."""
Extractor = Callable[[Doc], Doc]
"""A relation component: it sets ``doc._.kg_relations`` (``kg_relations`` of either mode)."""


class Classifier(Protocol):
    """What the decision rule reads of a relation classifier: its classes and its threshold."""

    @property
    def classes(self) -> tuple[str, ...]: ...

    @property
    def threshold(self) -> float: ...


@dataclass(frozen=True)
class GoldEntityDoc:
    """A SciERC document as a doc whose concepts are the gold entities, and which entity each span is."""

    doc: Doc
    entity_of: dict[tuple[int, int], Entity]


def gold_entity_doc(nlp: Language, document: Document) -> GoldEntityDoc:
    """``document`` tokenised by ``nlp``, with SciERC's sentences and its gold entities as ``doc.spans["kg"]``."""
    doc = nlp.make_doc(document.text)
    starts = {start for start, _ in document.sentences}
    for token in doc:
        token.is_sent_start = token.idx in starts or token.i == 0
    spans: list[Span] = []
    entity_of: dict[tuple[int, int], Entity] = {}
    for entity in document.entities:
        span = doc.char_span(entity.start, entity.end, label=KG_TYPE[entity.label], alignment_mode="expand")
        if span is None or (span.start, span.end) in entity_of:
            continue
        entity_of[(span.start, span.end)] = entity
        spans.append(span)
    doc.spans[RESOLVED] = spans
    return GoldEntityDoc(doc, entity_of)


def _item(index: int, head: tuple[int, int], tail: tuple[int, int], kind: str) -> RelationItem:
    if kind in SYMMETRIC_TYPES and tail < head:
        head, tail = tail, head
    return (index, *head, *tail), kind


def gold_items(documents: Sequence[Document]) -> Iterator[RelationItem]:
    """Every gold relation of ``documents`` as a scored item."""
    for i, document in enumerate(documents):
        for relation in document.relations:
            head, tail = relation.head, relation.tail
            yield _item(i, (head.start, head.end), (tail.start, tail.end), relation.label)


def pair_class(first: Entity, second: Entity, gold: dict[tuple[Entity, Entity], str]) -> str:
    """The classifier's class of a pair (``first`` earlier in the text) under the gold relations."""
    forward, backward = gold.get((first, second)), gold.get((second, first))
    if forward is not None:
        return forward + FORWARD
    if backward is not None:
        return backward + (FORWARD if backward in SYMMETRIC_TYPES else BACKWARD)
    return NO_RELATION


@dataclass(frozen=True)
class PairExample:
    """A candidate pair of gold entities: its features, its class, and its two entities (earlier first)."""

    features: list[str]
    label: str
    first: Entity
    second: Entity


def document_examples(nlp: Language, document: Document, feature_set: str = "v1") -> list[PairExample]:
    """Every candidate pair of gold entities of ``document``, with features of ``feature_set``."""
    made = gold_entity_doc(nlp, document)
    gold = {(r.head, r.tail): r.label for r in document.relations}
    examples = []
    for first, second, sentence, between in candidate_pairs(made.doc):
        a, b = made.entity_of[(first.start, first.end)], made.entity_of[(second.start, second.end)]
        features = pair_features(made.doc, first, second, sentence, between, feature_set)
        examples.append(PairExample(features, pair_class(a, b, gold), a, b))
    return examples


def training_examples(
    nlp: Language, documents: Iterable[Document], feature_set: str = "v1"
) -> tuple[list[list[str]], list[str]]:
    """Features and class of every candidate pair of gold entities in ``documents``."""
    rows: list[list[str]] = []
    labels: list[str] = []
    for document in documents:
        for example in document_examples(nlp, document, feature_set):
            rows.append(example.features)
            labels.append(example.label)
    return rows, labels


def decided_items(
    index: int, examples: Sequence[PairExample], probabilities: FloatArray, model: Classifier
) -> list[RelationItem]:
    """The items the decision rule of ``kg_relations`` (:func:`decide`) makes of the class
    probabilities of document ``index``'s pairs, as :func:`given_gold_items` scores them."""
    found: list[RelationItem] = []
    for example, probs in zip(examples, probabilities, strict=True):
        decision = decide(probs, model.classes, model.threshold)
        if decision is None:
            continue
        kind, forward, _ = decision
        head, tail = (example.first, example.second) if forward else (example.second, example.first)
        found.append(_item(index, (head.start, head.end), (tail.start, tail.end), kind))
    return found


def given_gold_items(
    nlp: Language, documents: Sequence[Document], extractor: Extractor | None = None
) -> list[RelationItem]:
    """The relations ``extractor`` (by default ``nlp``'s ``kg_relations``, the log-linear model or,
    in accurate mode, the head over the encoder's vectors) predicts between the gold entities of
    each document; ``nlp`` tokenises."""
    if extractor is None:
        extractor = nlp.get_pipe("kg_relations")
    found: list[RelationItem] = []
    for i, document in enumerate(documents):
        made = gold_entity_doc(nlp, document)
        for relation in extractor(made.doc)._.get(EXTENSION):
            head = made.entity_of[(relation.head.start, relation.head.end)]
            tail = made.entity_of[(relation.tail.start, relation.tail.end)]
            found.append(_item(i, (head.start, head.end), (tail.start, tail.end), relation.type))
    return found


OWN_RELATIONS = "kg_own_relations"
"""The component whose links cross sentences; SciERC annotates none such, so it is not scored here."""


def end_to_end_items(nlp: Language, documents: Sequence[Document], batch_size: int = 64) -> list[RelationItem]:
    """The relations the whole pipeline ``nlp`` finds in each document's text, one sentence at a time.

    SciERC relates two names written in one sentence ("our approach" itself is a Generic
    entity there).  ``kg_own_relations`` relates the paper's own method, named in another
    sentence, to what a sentence about "our approach" names: on SciERC train it adds 477
    relations and none of SciERC's, so it is left out here and scored by the pairs of SciREX's
    result tuples instead (``kg eval scirex --results``)."""
    found: list[RelationItem] = []
    disabled = [OWN_RELATIONS] if OWN_RELATIONS in nlp.pipe_names else []
    with nlp.select_pipes(disable=disabled):
        docs = list(nlp.pipe((d.text for d in documents), batch_size=batch_size))
    for i, doc in enumerate(docs):
        for relation in doc._.get(EXTENSION):
            head, tail = relation.head, relation.tail
            found.append(_item(i, (head.start_char, head.end_char), (tail.start_char, tail.end_char), relation.type))
    return found


@dataclass(frozen=True)
class RelationScores:
    """The scores of both settings."""

    given_gold: Scores
    end_to_end: Scores

    def as_dict(self) -> dict[str, object]:
        return {"given_gold_entities": self.given_gold.as_dict(), "end_to_end": self.end_to_end.as_dict()}

    def table(self) -> str:
        """Both settings, one row per relation type and micro."""
        lines = []
        for title, scores in (
            ("given gold entities", self.given_gold),
            ("end to end, exact boundaries", self.end_to_end),
        ):
            lines.append(title)
            lines.append(f"{'type':<15}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}{'tp':>6}")
            for name, prf in [*scores.per_type.items(), ("micro", scores.micro)]:
                lines.append(
                    f"{name:<15}{prf.precision:7.3f}{prf.recall:7.3f}{prf.f1:7.3f}{prf.gold:6d}{prf.predicted:6d}{prf.tp:6d}"
                )
        return "\n".join(lines)


def evaluate_relations(nlp: Language, documents: Sequence[Document]) -> RelationScores:
    """Both settings' scores; ``nlp`` is a pipeline with ``kg_relations`` (``load_pipeline(relations=True)``)."""
    gold = list(gold_items(documents))
    given = score(given_gold_items(nlp, documents), gold, RELATION_TYPES)
    end = score(end_to_end_items(nlp, documents), gold, RELATION_TYPES)
    return RelationScores(given, end)
