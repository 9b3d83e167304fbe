"""Assembling kg's spaCy pipeline: the shipped NER and kg's rule components."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from kg.errors import ExtractorError
from kg.extract import components as _components  # noqa: F401  (registers the factories)

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "scierc-ner"
"""The NER trained on SciERC by ``training/``, shipped inside the package."""
RULE_COMPONENTS = ("kg_abbreviations", "kg_lexicon", "kg_patterns", "kg_resolve")


# "(QCNN)[5]" and "network[12]": a citation bracket is never part of a name.
_CITATION_INFIXES = (r"(?<=[\w)])\[(?=\d)", r"(?<=\w)\)(?=\[)")


def _split_citations(nlp: Language) -> None:
    infixes = [*(nlp.Defaults.infixes or ()), *_CITATION_INFIXES]
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


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
    _split_citations(nlp)
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("kg_fields", after="sentencizer")
    for name in RULE_COMPONENTS:
        config = {"head_nouns": model is None} if name == "kg_patterns" else {}
        nlp.add_pipe(name, config=config)
    return nlp
