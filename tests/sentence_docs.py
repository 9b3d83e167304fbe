"""Hand-written sentences with their concepts marked, as ``kg_resolve`` leaves them.

The relation and result-claim tests measure one component alone, not the NER: each builds
a doc whose concepts are set by hand as ``doc.spans["kg"]`` (and the paper's own names as
``doc.spans["kg_proposed"]``).  One builder serves them all, and one sentence per relation
type serves both relation classifiers' tests.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from tests.pipelines import rules

Concepts = list[tuple[str, str]]
"""A doc's concepts as ``(name as written, type)``; each name is found at its first occurrence."""

RELATION_CASES: list[tuple[str, Concepts, tuple[str, str, str]]] = [
    (
        "We use a transformer for machine translation.",
        [("transformer", "method"), ("machine translation", "task")],
        ("transformer", "used-for", "machine translation"),
    ),
    (
        "We evaluate our parser on the Penn Treebank.",
        [("parser", "method"), ("Penn Treebank", "dataset")],
        ("parser", "evaluated-on", "Penn Treebank"),
    ),
    (
        "Our model outperforms the LSTM baseline on every language pair.",
        [("model", "method"), ("LSTM baseline", "method")],
        ("model", "compared-with", "LSTM baseline"),
    ),
    (
        "The attention layer of the encoder is trained jointly.",
        [("attention layer", "method"), ("encoder", "method")],
        ("attention layer", "part-of", "encoder"),
    ),
    (
        "Graphical models such as conditional random fields are popular.",
        [("Graphical models", "method"), ("conditional random fields", "method")],
        ("conditional random fields", "kind-of", "Graphical models"),
    ),
]
"""One sentence of our own per relation type: text, its concepts, and the relation it states."""

_BLANK = spacy.blank("en")


def concept_doc(text: str, concepts: Concepts, proposed: tuple[str, ...] = (), nlp: Language | None = None) -> Doc:
    """``text`` tokenized by ``nlp`` (a blank English pipeline by default), one sentence or
    sentences split at ". ", with ``concepts`` as its resolved spans and those named in
    ``proposed`` as the paper's own."""
    doc = (nlp or _BLANK).make_doc(text)
    starts = {0} | {i + 2 for i in range(len(text)) if text.startswith(". ", i)}
    for token in doc:
        token.is_sent_start = token.idx in starts
    spans = []
    for name, label in concepts:
        start = text.index(name)
        span = doc.char_span(start, start + len(name), label=label)
        assert span is not None, name
        spans.append(span)
    doc.spans["kg"] = spans
    doc.spans["kg_proposed"] = [s for s in spans if s.text in proposed]
    return doc


def rule_spans(sentence: str, *found: tuple[str, str, str]) -> list[Span]:
    """Spans of ``sentence`` (tokenized by kg's rule pipeline) given as (text, type, rule), in order."""
    doc = rules().make_doc(sentence)
    out = []
    for text, kind, rule in found:
        start = sentence.index(text)
        span = doc.char_span(start, start + len(text), label=kind, span_id=rule)
        assert span is not None
        out.append(span)
    return out
