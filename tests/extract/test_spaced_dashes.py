"""A dash with a space on each side sets off an aside: no concept runs across it."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.components.resolve import _split_at_spaced_dashes
from tests.pipelines import rules, shipped


def _span(text: str, name: str, rule: str = "ner") -> Span:
    doc = rules().make_doc(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name), label="method", span_id=rule)
    assert span is not None
    return span


def _cut(text: str, name: str, rule: str = "ner") -> list[str]:
    return [s.text for s in _split_at_spaced_dashes([_span(text, name, rule)])]


def test_a_model_span_across_a_spaced_dash_is_cut_in_two() -> None:
    text = "we build graph-based metanetworks - neural networks that read weights"
    assert _cut(text, "metanetworks - neural networks") == ["metanetworks", "neural networks"]
    text = "a survey of deep learning -- gradient descent -- and its kin"
    assert _cut(text, "deep learning -- gradient descent") == ["deep learning", "gradient descent"]


def test_hyphens_in_names_tokenised_text_and_rules_spans_are_kept() -> None:
    # A hyphen inside a name; a text that spaces every hyphen (tokenised before kg read it);
    # an en dash, which tokenised text spaces inside a name; a span another rule found.
    assert _cut("a physics-informed neural network", "physics-informed neural network") == [
        "physics-informed neural network"
    ]
    assert _cut("a bi - directional LSTM - based tagger", "bi - directional LSTM") == ["bi - directional LSTM"]
    text = "an attention-based encoder \u2013 decoder model"
    assert _cut(text, "attention-based encoder \u2013 decoder") == ["attention-based encoder \u2013 decoder"]
    text = "we build graph-based metanetworks - neural networks"
    assert _cut(text, "metanetworks - neural networks", rule="lexicon") == ["metanetworks - neural networks"]


def test_no_concept_of_the_pipeline_runs_across_a_spaced_dash() -> None:
    doc = shipped()(
        "Graph Metanetworks\n\nIn this work, we overcome these challenges by building new metanetworks - "
        "neural networks that take weights from other neural networks as input. Our approach generalizes to "
        "neural architectures where competing methods struggle, such as multi-head attention layers."
    )
    names = [s.text for s in doc.spans["kg"]]
    assert "metanetworks" in names
    assert not [n for n in names if " - " in n]
