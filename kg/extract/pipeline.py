"""Assembling kg's spaCy pipeline: the shipped NER and kg's rule components."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from kg.errors import ExtractorError
from kg.extract import components as _components  # noqa: F401  (registers the factories)

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "scierc-ner"
"""The NER trained on SciERC by ``training/``, shipped inside the package."""
RULE_COMPONENTS = ("kg_abbreviations", "kg_lexicon", "kg_patterns", "kg_resolve")


def load_pipeline(model: str | Path | None = MODEL_DIR) -> Language:
    """The extraction pipeline: sentences, the trained NER, then kg's rule components.

    ``model`` is a spaCy pipeline directory with an ``ner`` component (the
    shipped one by default); ``None`` gives the rules alone on a blank English
    pipeline.  Nothing is downloaded.
    """
    if model is None:
        nlp = spacy.blank("en")
    else:
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError) as err:
            raise ExtractorError(
                f"{model}: cannot load the NER model ({err}); reinstall kg or pass another model"
            ) from err
        if "ner" not in nlp.pipe_names:
            raise ExtractorError(f"{model}: the pipeline has no 'ner' component")
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("kg_fields", after="sentencizer")
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp
