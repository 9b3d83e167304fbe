"""What a span's shape says about it as a concept: description or name, equation or method.

GUIDELINES.md (the demo dev gold) defines a concept as what a researcher would search
for: "numerical method", "physical system" or "inference stage" describe the paper's
work and name nothing, and a class of equations is what a method solves, a task, never
the method itself ("solving partial differential equations").

The words of equations come from the shipped lexicon (``equations.tsv``) whatever lexicon a
pipeline's components read: :mod:`kg.link` types concepts by them too.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from kg.extract.abbreviations import QUOTE_MARKS
from kg.extract.lexicon import Lexicon
from kg.normalize import singular

EQUATION_HEADS = Lexicon.shipped().role("equations.tsv", "head")
"""Heads of a class of equations ("partial differential equations", "parametric PDEs")."""
LEARNED_WORDS = Lexicon.shipped().role("equations.tsv", "learned")
"""Words that make an equation a learned model ("neural ODE", "latent SDE"): a method."""
_NAMING = re.compile(r"\d|[A-Z].*[A-Z]|^[a-z]+[A-Z]")
"""A word that names rather than describes: a digit, two capitals ("GAN", "DINOv2"), an inner capital."""


def names_something(word: str, technical: Collection[str], proper: bool = False) -> bool:
    """Whether ``word``, before a descriptive head, names a thing: an acronym, a word with a
    digit or an inner capital, a word of a lexicon name, a quotation mark (a coined name:
    'a "graphics for vision" approach'), or, where ``proper`` (running text, not a
    sentence's first word), a capitalised word ("Lie-Trotter splitting scheme")."""
    lower = word.lower()
    return (
        bool(_NAMING.search(word))
        or lower in technical
        or singular(lower) in technical
        or (proper and word[:1].isupper())
        or word in QUOTE_MARKS
    )


def is_description(
    modifiers: Sequence[tuple[str, bool]], head: str, descriptive: Collection[str], technical: Collection[str]
) -> bool:
    """A phrase whose ``head`` (lower case, singular) describes and whose ``modifiers``
    (each a word and whether a capital there marks a proper name) name nothing:
    "numerical method", "data-driven technique", "mathematical framework".

    >>> is_description([("numerical", True)], "method", {"method"}, {"transformer"})
    True
    >>> is_description([("transformer", True)], "framework", {"framework"}, {"transformer"})
    False
    >>> is_description([("Strang-Marchuk", True), ("splitting", True)], "scheme", {"scheme"}, set())
    False
    >>> is_description([("Bayesian", False)], "method", {"method"}, set())
    True
    >>> is_description([("transformer-based", True)], "approach", {"approach"}, {"transformer"})
    True
    """
    if head not in descriptive:
        return False
    pieces = [(piece, proper) for word, proper in modifiers for piece in re.split(r"[-/]", word) if piece]
    # "a hypernetwork-based approach", "RPS-based models": what it is based on is the concept.
    if any(w.lower() == "based" for w, _ in pieces):
        return True
    return not any(names_something(w, technical, proper) for w, proper in pieces)


def is_vague_task(words: Sequence[str], task_nouns: Collection[str], vague: Collection[str]) -> bool:
    """A phrase (its words as written, lower case) headed by a generic word (``task_nouns``:
    "problem", "task", "optimization") whose words before the head say how big, hard, near or
    good it is (``vague``) and not which one it is: "large-scale problems", "future tasks",
    "unstable optimization"; "inverse problems" names one.

    >>> is_vague_task(["large-scale", "problems"], {"problem"}, {"large-scale"})
    True
    >>> is_vague_task(["inverse", "problems"], {"problem"}, {"large-scale"})
    False
    >>> is_vague_task(["tasks"], {"task"}, {"large-scale"})
    False
    """
    if len(words) < 2 or singular(words[-1]) not in task_nouns:
        return False
    return all(w in vague or w in ("and", "or", ",") for w in words[:-1])


def equation_type(words: Sequence[str], kind: str) -> str:
    """The type of a name headed by an equation: a task (what a method solves) unless a
    word makes it a learned model ("neural ordinary differential equations" is a method).

    >>> equation_type(["partial", "differential", "equations"], "method")
    'task'
    >>> equation_type(["neural", "ODEs"], "method")
    'method'
    """
    lower = [w.lower() for w in words]
    if not lower or lower[-1].rstrip("s") not in {h.rstrip("s") for h in EQUATION_HEADS}:
        return kind
    if any(w in LEARNED_WORDS for w in lower):
        return "method"
    return "task"
