"""A span made only of function words names nothing, unless it is an acronym in capitals."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from kg.extract.components.resolve import Resolver
from tests.pipelines import rules


def kept(sentence: str, text: str, kind: str = "task") -> str | None:
    doc = rules().make_doc(sentence)
    start = sentence.index(text)
    span = doc.char_span(start, start + len(text))
    assert span is not None
    result = Resolver()._trim(Span(doc, span.start, span.end, label=kind, span_id="ner"))
    return None if result is None else result.text


@pytest.mark.parametrize(
    ("sentence", "text"),
    [("Code is provided for anyone to reproduce the trials.", "anyone"), ("It allows re-using the knowledge.", "re")],
)
def test_function_words_alone_are_no_concept(sentence: str, text: str) -> None:
    assert kept(sentence, text) is None


def test_an_acronym_in_capitals_is_kept() -> None:
    assert kept("Neural operators (NO) learn maps between function spaces.", "NO", "method") == "NO"
