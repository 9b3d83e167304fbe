"""Assembling kg's spaCy pipeline from registered components."""

from __future__ import annotations

import spacy
from spacy.language import Language

from kg.extract import components as _components  # noqa: F401  (registers the factories)

RULE_COMPONENTS = ("kg_fields", "kg_abbreviations", "kg_lexicon", "kg_patterns", "kg_resolve")


def load_pipeline() -> Language:
    """The extraction pipeline: a sentencizer and kg's rule components.

    It needs no download: tokenisation and sentences come from spaCy's blank
    English pipeline, everything else from the components in this package.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp
