"""Measuring extraction: SciERC spans, and a user's own per-paper gold concepts."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language

from kg.evaluate.metrics import PRF, Scores, score
from kg.evaluate.scierc import KG_TYPE, SCIERC_TYPES, Document, gold_pairs
from kg.extract.components import MATERIAL, RESOLVED

SCIERC_LABEL = {**{kind: label for label, kind in KG_TYPE.items()}, MATERIAL: "Material"}


def predicted_spans(
    nlp: Language, documents: Sequence[Document], ner_only: bool = False, batch_size: int = 64
) -> list[tuple[tuple[int, int, int], str]]:
    """Each predicted span as ``((doc index, start, end), SciERC label)``.

    The full pipeline's spans are kg's final mentions (``doc.spans["kg"]``);
    with ``ner_only`` only the statistical NER's entities count.
    """
    found: list[tuple[tuple[int, int, int], str]] = []
    for i, doc in enumerate(nlp.pipe((d.text for d in documents), batch_size=batch_size)):
        if ner_only:
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        else:
            spans = [(s.start_char, s.end_char, SCIERC_LABEL[s.label_]) for s in doc.spans[RESOLVED]]
        found.extend(((i, start, end), label) for start, end, label in spans if label in SCIERC_TYPES)
    return found


def evaluate_scierc(nlp: Language, documents: Sequence[Document], ner_only: bool = False) -> Scores:
    """Per-type and micro P/R/F1 under exact character-span match."""
    return score(predicted_spans(nlp, documents, ner_only), gold_pairs(documents), SCIERC_TYPES)


__all__ = ["PRF", "Scores", "evaluate_scierc", "predicted_spans", "score"]
