"""Curated term lists shipped as data files; each file's header says how it was built."""

from __future__ import annotations

from functools import cache
from importlib import resources

from kg.model import CONCEPT_TYPES, ConceptType, concept_type
from kg.normalize import concept_key


def _lines(name: str) -> list[str]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def terms() -> dict[ConceptType, tuple[str, ...]]:
    """The lexicon's names of methods, tasks and data sets, as written in the files."""
    return {kind: tuple(_lines(f"{kind}.txt")) for kind in CONCEPT_TYPES}


@cache
def term_keys(kind: ConceptType) -> frozenset[str]:
    """The comparison keys (:func:`kg.normalize.concept_key`) of the lexicon's names of ``kind``."""
    return frozenset(concept_key(name) for name in terms()[kind])


@cache
def generic() -> frozenset[str]:
    """Names that are never a concept on their own (lower case)."""
    return frozenset(_lines("generic.txt"))


@cache
def modifiers() -> frozenset[str]:
    """Leading words that rate or point at a thing rather than name it (lower case)."""
    return frozenset(_lines("modifiers.txt"))


@cache
def heads() -> dict[str, ConceptType]:
    """Head word (lower case, singular) to the concept type it gives a noun phrase."""
    table: dict[str, ConceptType] = {}
    for line in _lines("heads.tsv"):
        word, kind = line.split("\t")
        table[word] = concept_type(kind)
    return table


@cache
def boundaries() -> frozenset[str]:
    """Words that end a noun phrase on its left: verbs and connectives of abstracts."""
    return frozenset(_lines("boundaries.txt"))


@cache
def descriptive_heads() -> frozenset[str]:
    """Head nouns that describe rather than name ("method", "system", "stage"; lower case, singular)."""
    return frozenset(_lines("descriptive_heads.txt"))


@cache
def technical_words() -> frozenset[str]:
    """The head words of the lexicon's method and task names (data sets are named by any
    word, "Natural Questions"), neither stop words nor generic: a phrase holding
    one names something ("graph neural network", "transformer architecture"), where an
    adjective of a name ("mathematical" of "mathematical reasoning") does not."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from kg.normalize import singular

    generic_words = {word for name in generic() for word in name.split()}
    heads = {
        singular(name.lower().replace("-", " ").split()[-1]) for kind in ("method", "task") for name in terms()[kind]
    }
    return frozenset(word for word in heads if word not in STOP_WORDS and word not in generic_words)


@cache
def name_words() -> frozenset[str]:
    """Every word of the lexicon's names that is neither a stop word nor generic ("graph",
    "neural", "mathematical"): a modifier from this set makes a generic head specific."""
    from spacy.lang.en.stop_words import STOP_WORDS

    generic_words = {word for name in generic() for word in name.split()}
    return frozenset(
        word
        for names in terms().values()
        for name in names
        for word in name.lower().replace("-", " ").split()
        if word not in STOP_WORDS and word not in generic_words
    )
