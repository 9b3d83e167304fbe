"""Assembling kg's spaCy pipeline: the shipped NER (or accurate mode's tagger) and kg's rule components."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from thinc.api import use_ops

from kg.errors import ExtractorError
from kg.extract import accurate as _accurate  # also registers the kg_accurate_ner factory
from kg.extract import accurate_relations as _accurate_relations  # registers kg_accurate_relations
from kg.extract import components as _components  # noqa: F401  (registers the factories)
from kg.extract.lexicon import Lexicon

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "scierc-ner"
"""The NER trained on SciERC by ``training/``, shipped inside the package."""
RULE_COMPONENTS = ("kg_abbreviations", "kg_lexicon", "kg_patterns", "kg_task_phrases", "kg_task_lists", "kg_resolve")
LEXICON_COMPONENTS = ("kg_lexicon", "kg_patterns", "kg_task_phrases", "kg_task_lists", "kg_resolve")
"""The rule components that read a lexicon, and so take a ``lexicon`` setting."""
USE_BLIS = False
"""The NER multiplies with numpy's BLAS, not thinc's default blis: on kg's AMD EPYC host
blis runs slow kernels, and the default pipeline reads about 19,000 words/s on one core
against 11,000 with blis (``benchmarks/extract_speed.py [--blis]``, BENCHMARKS.md).  The
entities are the same under either (``tests/extract/test_shipped_model.py``)."""


# "(QCNN)[5]" and "network[12]": a citation bracket is never part of a name.
_CITATION_INFIXES = (r"(?<=[\w)])\[(?=\d)", r"(?<=\w)\)(?=\[)")


def _split_citations(nlp: Language) -> None:
    infixes = [*(nlp.Defaults.infixes or ()), *_CITATION_INFIXES]
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def load_pipeline(
    model: str | Path | None = MODEL_DIR,
    accurate: bool = False,
    lexicon: str | Path | None = None,
    relations: bool = False,
    result_claims: bool = False,
) -> Language:
    """The extraction pipeline: sentences, the trained NER, then kg's rule components.

    ``model`` is a spaCy pipeline directory with an ``ner`` component (the
    shipped one by default); ``None`` gives the rules alone on a blank English
    pipeline.  With ``accurate`` the fine-tuned transformer of the ``kg[accurate]``
    extra (:mod:`kg.extract.accurate`) is the NER instead, in a blank English
    pipeline with the same rules; ``model`` is then its directory, the shipped
    :data:`kg.extract.accurate.MODEL_DIR` when left at the default.  Nothing is
    downloaded.

    ``lexicon`` is a folder of word lists for the rule components that read one
    (:data:`LEXICON_COMPONENTS`; :class:`kg.extract.lexicon.Lexicon` says what it may
    hold), the shipped lexicon by default; the pipeline saves it with itself.  ``kg build``
    and ``kg eval`` run the shipped lexicon.

    With ``relations`` the relation extractor ``kg_relations``
    (:mod:`kg.extract.components.relations`) runs after the rules; in accurate mode it is
    accurate mode's own (:mod:`kg.extract.accurate_relations`, over the encoder's word
    vectors, which the NER then keeps on each doc), and ``kg_own_relations``
    (:mod:`kg.extract.components.own_relations`, the paper's own method across sentences)
    after it; with ``result_claims`` the
    result-claim finder ``kg_result_claims`` (:mod:`kg.extract.components.result_claims`) runs
    last.  Both are off by default.
    """
    if lexicon is not None:
        Lexicon(lexicon)  # a missing folder or a stray file is an error now, not at the first text
    if accurate:
        nlp = spacy.blank("en")
        ner_config: dict[str, object] = {"model": str(accurate_model_dir(model))}
        if relations:
            ner_config["vector_layer"] = _accurate_relations.head_layer()
        _add_rules(nlp, ner=("kg_accurate_ner", ner_config), lexicon=lexicon)
    else:
        nlp = _statistical(model, lexicon)
    if relations and accurate:
        nlp.add_pipe("kg_accurate_relations", name="kg_relations")
    elif relations:
        nlp.add_pipe("kg_relations")
    if relations:
        nlp.add_pipe("kg_own_relations")
    if result_claims:
        nlp.add_pipe("kg_result_claims")
    return nlp


def _statistical(model: str | Path | None, lexicon: str | Path | None) -> Language:
    """The default pipeline: the NER of ``model`` (None: none), then the rules."""
    if model is None:
        nlp = spacy.blank("en")
    else:
        try:
            with use_ops("numpy", use_blis=USE_BLIS):
                nlp = spacy.load(model)
        except (OSError, ValueError) as err:
            raise ExtractorError(
                f"{model}: cannot load the NER model ({err}); reinstall kg or pass another model"
            ) from err
        if "ner" not in nlp.pipe_names:
            raise ExtractorError(f"{model}: the pipeline has no 'ner' component")
    _add_rules(nlp, ner=None, head_nouns=model is None, lexicon=lexicon)
    return nlp


def accurate_model_dir(model: str | Path | None) -> Path:
    """The transformer directory accurate mode reads for a ``model`` argument of :func:`load_pipeline`."""
    if model is None:
        raise ExtractorError("accurate mode needs a model directory; leave model at its default")
    return _accurate.MODEL_DIR if Path(model) == MODEL_DIR else Path(model)


def _add_rules(
    nlp: Language,
    ner: tuple[str, dict[str, object]] | None,
    head_nouns: bool = False,
    lexicon: str | Path | None = None,
) -> None:
    """Sentences and field boundaries first, then ``ner`` (a factory and its config) if given, then
    the rules, those that read a lexicon with ``lexicon`` (None: the shipped one)."""
    _split_citations(nlp)
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("kg_fields", after="sentencizer")
    if ner is not None:
        factory, ner_config = ner
        nlp.add_pipe(factory, name="ner", config=ner_config)
    for name in RULE_COMPONENTS:
        config: dict[str, object] = {"head_nouns": head_nouns} if name == "kg_patterns" else {}
        if lexicon is not None and name in LEXICON_COMPONENTS:
            config["lexicon"] = str(lexicon)
        nlp.add_pipe(name, config=config)
