"""``kg_result_claims``: the results a paper's sentences state, ``doc._.kg_result_claims``.

In each sentence, each value (:func:`.result_values.find_values`) that a metric name
(:class:`.result_values.MetricNames`) qualifies is a claim, a
:class:`kg.extract.results.ResultClaim`, of these parts:

* **metric**: a metric name just after the value, at most three content words on
  ("74.5% joint goal accuracy", "28.4 BLEU"); else the last one before it in the clause,
  at most eight words back ("an intersection-over-union score of 71.8%", "accuracies of
  73.6% and 76.6%").  A value no metric qualifies is no claim;
* **data set**: the first data-set concept after the value ("... on the Cityscapes
  dataset"), else the last one before it ("On DSTC2, our model obtains 74.5%"); in a
  sentence that says "respectively" with as many data sets as values, the n-th data set is
  the n-th value's;
* **method**: the paper's own method when the sentence speaks for the authors ("our
  method", "we", "ours", "the proposed"): the first method kg marked proposed
  (``doc.spans["kg_proposed"]``), else the first method of the title, else none named; in
  any other sentence, the method concept nearest the value.

The concepts are ``doc.spans["kg"]`` as ``kg_resolve`` leaves them; one that overlaps a
metric name is no method or data set there, and a number inside a concept is no value.
The component is not in the default pipeline: ``load_pipeline(result_claims=True)`` adds it
after ``kg_resolve``.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.components.proposals import SPEAKS_FOR_AUTHORS, own_method
from kg.extract.components.result_values import (
    METRICS_FILE,
    MetricNames,
    Value,
    find_values,
    loose_gap,
    shipped_metrics,
    tight_gap,
)
from kg.extract.components.spans import RESOLVED, concepts_by_sentence
from kg.extract.results import Offsets, ResultClaim

EXTENSION = "kg_result_claims"
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_HAS_DIGIT = re.compile(r"\d")

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=())


@Language.factory("kg_result_claims", default_config={"metrics": None})
def make_result_claims(nlp: Language, name: str, metrics: str | None) -> ResultClaimFinder:
    return ResultClaimFinder(None if metrics is None else Path(metrics))


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _at(span: Span) -> Offsets:
    return (span.start_char, span.end_char)


class ResultClaimFinder:
    """The ``kg_result_claims`` component, with the metric list of ``metrics`` (None: the shipped one)."""

    def __init__(self, metrics: Path | None = None) -> None:
        self.metrics = shipped_metrics() if metrics is None or metrics == METRICS_FILE else MetricNames(metrics)

    def __call__(self, doc: Doc) -> Doc:
        claims: list[ResultClaim] = []
        concepts = sorted(doc.spans.get(RESOLVED, []), key=lambda s: s.start)
        own: Span | None = None
        own_found = False
        for sentence, inside in concepts_by_sentence(doc, concepts):
            text = sentence.text
            if not _HAS_DIGIT.search(text):
                continue
            base = sentence.start_char
            metrics = [(base + a, base + b) for a, b in self.metrics.find(text)]
            values = [
                v
                for v in find_values(text)
                if not any(_overlaps((base + v.start, base + v.end), _at(c)) for c in inside)
                and not any(_overlaps((base + v.start, base + v.end), m) for m in metrics)
            ]
            if not values or not metrics:
                continue
            named = [c for c in inside if not any(_overlaps(_at(c), m) for m in metrics)]
            if not own_found:
                own, own_found = own_method(doc), True
            claims.extend(self._claims(doc, sentence, values, metrics, named, own))
        doc._.set(EXTENSION, tuple(claims))
        return doc

    def _claims(
        self,
        doc: Doc,
        sentence: Span,
        values: list[Value],
        metrics: list[Offsets],
        concepts: list[Span],
        own: Span | None,
    ) -> list[ResultClaim]:
        base = sentence.start_char
        text = doc.text
        datasets = [c for c in concepts if c.label_ == "dataset"]
        methods = [c for c in concepts if c.label_ == "method"]
        speaks_for_authors = bool(SPEAKS_FOR_AUTHORS.search(sentence.text))
        scored = [v for v in values if not v.relative]
        respectively = bool(_RESPECTIVELY.search(sentence.text)) and len(scored) >= 2 and len(datasets) == len(scored)
        result = []
        for value in values:
            at = (base + value.start, base + value.end)
            metric = self._metric(text, at, metrics, values, concepts, base)
            if metric is None:
                continue
            if respectively and not value.relative:
                dataset: Span | None = datasets[scored.index(value)]
            else:
                dataset = self._dataset(text, at, datasets)
            method = own if speaks_for_authors else self._nearest(at, methods)
            result.append(
                ResultClaim(
                    value=value.text.strip(),
                    number=value.number,
                    unit=value.unit,
                    relative=value.relative,
                    metric=text[metric[0] : metric[1]],
                    dataset=None if dataset is None else dataset.text,
                    method=None if method is None else method.text,
                    own=speaks_for_authors,
                    sentence=(sentence.start_char, sentence.end_char),
                    value_at=at,
                    metric_at=metric,
                    dataset_at=None if dataset is None else _at(dataset),
                    method_at=None if method is None else _at(method),
                )
            )
        return result

    @staticmethod
    def _metric(
        text: str, at: Offsets, metrics: list[Offsets], values: list[Value], concepts: list[Span], base: int
    ) -> Offsets | None:
        after = [m for m in metrics if m[0] >= at[1]]
        if after and tight_gap(text[at[1] : after[0][0]]):
            return after[0]
        before = [m for m in metrics if m[1] <= at[0]]
        if not before:
            return None
        skip = [(base + v.start, base + v.end) for v in values] + [_at(c) for c in concepts]
        return before[-1] if loose_gap(text, before[-1][1], at[0], skip) else None

    @staticmethod
    def _dataset(text: str, at: Offsets, datasets: list[Span]) -> Span | None:
        after = [d for d in datasets if d.start_char >= at[1] and ";" not in text[at[1] : d.start_char]]
        if after:
            return after[0]
        before = [d for d in datasets if d.end_char <= at[0]]
        return before[-1] if before else None

    @staticmethod
    def _nearest(at: Offsets, methods: list[Span]) -> Span | None:
        def distance(span: Span) -> tuple[int, int]:
            if span.end_char <= at[0]:
                return (at[0] - span.end_char, 0)
            return (span.start_char - at[1], 1)

        outside = [m for m in methods if not _overlaps(_at(m), at)]
        return min(outside, key=distance) if outside else None
