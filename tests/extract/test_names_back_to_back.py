"""A model span that is two lexicon names back to back is the two names, not one concept."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.components.resolve import Resolver
from tests.pipelines import rules


def spans_of(sentence: str, model: str, *names: str) -> tuple[Span, list[Span]]:
    doc = rules().make_doc(sentence)

    def span(text: str, rule: str) -> Span:
        start = sentence.index(text)
        found = doc.char_span(start, start + len(text), label="task", span_id=rule)
        assert found is not None
        return found

    return span(model, "ner"), [span(n, "lexicon") for n in names]


def test_two_names_that_fill_a_span_split_it() -> None:
    span, inside = spans_of(
        "on several image classification continual learning tasks",
        "several image classification continual learning tasks",
        "image classification",
        "continual learning",
    )
    assert Resolver()._tiled_by_names(span, inside)
    candidates = [span, *inside]
    assert Resolver()._split_coordinations(candidates) == inside


def test_one_name_or_a_gap_keeps_the_span() -> None:
    one, inside = spans_of("image classification tasks", "image classification tasks", "image classification")
    assert not Resolver()._tiled_by_names(one, inside)
    gap, inside = spans_of(
        "image classification robust continual learning",
        "image classification robust continual learning",
        "image classification",
        "continual learning",
    )
    assert not Resolver()._tiled_by_names(gap, inside)
