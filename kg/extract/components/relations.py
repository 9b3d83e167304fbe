"""``kg_relations``: typed relations between the concepts of a sentence, ``doc._.kg_relations``.

For each pair of concepts (``doc.spans["kg"]``, as ``kg_resolve`` leaves them) in one
sentence, a log-linear classifier (:mod:`kg.extract.relation_model`, trained on SciERC by
``training/relations/``, shipped in ``kg/models/relations``) weighs the pair's features
(:mod:`.relation_features`) and says which relation, if any, the sentence states, and in
which direction:

* ``used-for``: the head is used for the tail (method → task, method → method, dataset → method);
* ``evaluated-on``: the head is evaluated on the tail (method → dataset, task → dataset);
* ``compared-with``: the two are compared, "A outperforms B" included (symmetric; head first in the text);
* ``part-of`` and ``kind-of``: the head is a part, a kind of the tail.

A pair gets its likeliest relation class when that class's probability is at least the
model's threshold (chosen on SciERC dev), and none otherwise.  The records are :class:`Relation`, frozen, with the
sentence's character offsets as evidence.  The component is not in the default pipeline:
``load_pipeline(relations=True)`` adds it after ``kg_resolve``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import ExtractorError
from kg.extract.components.relation_features import FEATURE_SETS, pair_features
from kg.extract.components.set_aside import VETOED_TYPES, set_aside
from kg.extract.components.spans import RESOLVED
from kg.extract.relation_model import FloatArray, LogLinearModel

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "relations"
"""The relation classifier trained by ``training/relations/train.py``, shipped inside the package."""
RELATION_TYPES = ("used-for", "evaluated-on", "compared-with", "part-of", "kind-of")
SYMMETRIC_TYPES = frozenset({"compared-with"})
NO_RELATION = "none"
FORWARD, BACKWARD = ">", "<"
"""A class name is a relation type and a direction: ``used-for>`` (the earlier span is the head),
``used-for<`` (the later one is); a symmetric type has only ``>``."""
EXTENSION = "kg_relations"


def relation_classes() -> tuple[str, ...]:
    """The classifier's classes: no relation, then each type in each direction it can take."""
    classes = [NO_RELATION]
    for kind in RELATION_TYPES:
        classes.append(kind + FORWARD)
        if kind not in SYMMETRIC_TYPES:
            classes.append(kind + BACKWARD)
    return tuple(classes)


@dataclass(frozen=True)
class Relation:
    """``head`` is ``type`` of ``tail``, stated by the sentence at ``sentence`` (character offsets,
    end exclusive), with ``score`` how sure kg is of it (the classifier's probability; for
    ``kg_own_relations`` the share of its links judged right).

    ``head_at`` is set when the sentence writes the head other than by the span ``head``
    (``kg_own_relations``: "our approach" for the paper's own method, named elsewhere): the
    doc's character offsets of those words."""

    head: Span
    tail: Span
    type: str
    score: float
    sentence: tuple[int, int]
    head_at: tuple[int, int] | None = None

    @property
    def written_at(self) -> tuple[int, int]:
        """The doc's character offsets of the head as the sentence writes it: ``head_at``, else ``head``."""
        return self.head_at or (self.head.start_char, self.head.end_char)


if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=())


@Language.factory("kg_relations", default_config={"model": None})
def make_relations(nlp: Language, name: str, model: str | None) -> RelationExtractor:
    return RelationExtractor(MODEL_DIR if model is None else Path(model))


def candidate_pairs(doc: Doc) -> Iterator[tuple[Span, Span, Span, tuple[Span, ...]]]:
    """Each pair of non-overlapping concepts of one sentence, earlier first, with the sentence
    and the concepts that lie between them."""
    spans = sorted(doc.spans.get(RESOLVED, []), key=lambda s: (s.start, s.end))
    whole = doc[:]
    has_sentences = doc.has_annotation("SENT_START")
    sentence_of = [span.sent if has_sentences else whole for span in spans]
    for i, first in enumerate(spans):
        for j in range(i + 1, len(spans)):
            second = spans[j]
            if sentence_of[j].start != sentence_of[i].start:
                break
            if second.start < first.end:
                continue
            between = tuple(
                spans[k] for k in range(i + 1, j) if spans[k].start >= first.end and spans[k].end <= second.start
            )
            yield first, second, sentence_of[i], between


def decide(probabilities: Sequence[float], classes: Sequence[str], threshold: float) -> tuple[str, bool, float] | None:
    """The decision rule: the likeliest relation class, if its probability reaches ``threshold``,
    as (type, whether the earlier concept is the head, probability); else None."""
    best = max((i for i, name in enumerate(classes) if name != NO_RELATION), key=lambda i: float(probabilities[i]))
    probability = float(probabilities[best])
    if probability < threshold:
        return None
    name = classes[best]
    return name[:-1], name[-1] == FORWARD, probability


def feature_set_of(model: LogLinearModel) -> str:
    """The feature set ``model`` was trained on (``meta.json``'s ``features``; model 1 wrote none: ``v1``)."""
    name = str(model.meta.get("features", "v1"))
    if name not in FEATURE_SETS:
        raise ExtractorError(
            f"relation model: meta.json names feature set {name!r}, which this kg does not know "
            f"({', '.join(FEATURE_SETS)}); retrain with training/relations/train.py"
        )
    return name


class RelationExtractor:
    """The ``kg_relations`` component: classifies each candidate pair and keeps the relations."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        self.model = LogLinearModel.from_disk(model_dir)
        self.feature_set = feature_set_of(self.model)

    @classmethod
    def from_model(cls, model: LogLinearModel) -> RelationExtractor:
        """An extractor of a model in memory (training chooses among such)."""
        extractor = cls.__new__(cls)
        extractor.model = model
        extractor.feature_set = feature_set_of(model)
        return extractor

    def __call__(self, doc: Doc) -> Doc:
        pairs = list(candidate_pairs(doc))
        if not pairs:
            doc._.set(EXTENSION, ())
            return doc
        rows = [
            pair_features(doc, first, second, sentence, between, self.feature_set)
            for first, second, sentence, between in pairs
        ]
        probabilities = self.model.probabilities(rows)
        doc._.set(EXTENSION, decided_relations(pairs, probabilities, self.model.classes, self.model.threshold))
        return doc


def decided_relations(
    pairs: Sequence[tuple[Span, Span, Span, tuple[Span, ...]]],
    probabilities: FloatArray,
    classes: Sequence[str],
    threshold: float,
) -> tuple[Relation, ...]:
    """The relations :func:`decide` makes of each candidate pair's class probabilities, but
    for a ``used-for`` or ``evaluated-on`` one with an argument its sentence sets aside ("without X",
    "unlike X", "X fails": :mod:`.set_aside`)."""
    found: list[Relation] = []
    aside: frozenset[tuple[int, int]] | None = None
    for (first, second, sentence, _), probs in zip(pairs, probabilities, strict=True):
        decision = decide(probs, classes, threshold)
        if decision is None:
            continue
        kind, forward, probability = decision
        head, tail = (first, second) if forward else (second, first)
        if kind in VETOED_TYPES:
            if aside is None:
                aside = set_aside(head.doc, (span for pair in pairs for span in pair[:2]))
            if (head.start, head.end) in aside or (tail.start, tail.end) in aside:
                continue
        evidence = (sentence.start_char, sentence.end_char)
        found.append(Relation(head, tail, kind, round(probability, 4), evidence))
    return tuple(found)
