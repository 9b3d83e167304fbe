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
