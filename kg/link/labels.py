"""The label of a concept: of all the ways its mentions write it, the one people use most.

Mentions vote for spellings with weights (:data:`ABSTRACT_WEIGHT`, :data:`TITLE_WEIGHT`),
and :func:`choose_label` picks among them, in the singular; every other spelling is an alias.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg.normalize import head_position, is_acronym, names_a_means, singular, singular_acronym

TITLE_WEIGHT = 1
ABSTRACT_WEIGHT = 3
"""Weights of a spelling in a title and in an abstract: titles capitalise every word, so their
spelling counts less towards the label."""
_SEPARATORS = re.compile(r"[\s\-]+")
_HYPHEN = re.compile("(-)")
_NAME_WORD = re.compile(r"[A-Z][a-z]{2,}")
"""A capitalised word, no single letter ("U-Nets" is plural) and no acronym."""


def _singular_surface(text: str, attested: frozenset[str] = frozenset()) -> str:
    """The surface form with its head made singular, case kept: "Neural Networks" -> "Neural Network",
    "Mixtures of Experts" -> "Mixture of Experts"."""
    words = text.split(" ")
    at = head_position(words)
    pieces = _HYPHEN.split(words[at])
    inner = 2 * head_position(pieces[::2])  # the head of a hyphenated head: "Mixtures-of-Experts"
    last = pieces[inner]
    # Two capitalised words joined by a hyphen may be one proper name ("Navier-Stokes"): made
    # singular only where the corpus writes the singular too ("Graph-Net" beside "Graph-Nets").
    joined_names = inner >= 2 and all(_NAME_WORD.fullmatch(w) for w in (pieces[inner - 2], last))
    if is_acronym(last):
        pieces[inner] = singular_acronym(last)
    elif not (inner >= 2 and names_a_means(pieces[inner - 2], last)):
        lower = last.lower()
        one = singular(lower)
        if one != lower:
            pieces[inner] = last[: len(one)] if last.lower().startswith(one) else one
    words[at] = "".join(pieces)
    made = " ".join(words)
    if joined_names and made != text and made.casefold() not in attested:
        return text
    return made


def choose_label(surfaces: Counter[str]) -> str:
    """The name people use most, in the singular; never an acronym much shorter than another
    name of the concept ("GNN"), and at equal use the spelled-out form ("Fashion MNIST").

    Among forms that differ only by case, the one in lower case wins unless a
    capitalised form is clearly a proper name (capitalised in most uses).
    """
    singular_counts: Counter[str] = Counter()
    attested = frozenset(text.casefold() for text in surfaces)
    for text, n in surfaces.items():
        singular_counts[_singular_surface(text, attested)] += n
    longest = max(map(len, singular_counts), default=0)
    # An acronym much shorter than another name of the concept ("GNN") is not its label.
    pool = {t: n for t, n in singular_counts.items() if not (is_acronym(t) and 2 * len(t) < longest)}
    by_case: dict[str, Counter[str]] = defaultdict(Counter)
    for text, n in pool.items():
        by_case[text.casefold()][text] += n
    # Equal counts: the spelled-out form (more words) wins, then a fixed order.
    best_fold = max(by_case, key=lambda f: (sum(by_case[f].values()), len(_SEPARATORS.findall(f)), f))
    forms = by_case[best_fold]
    lower = best_fold if best_fold in forms else None
    top, top_n = max(forms.items(), key=lambda item: (item[1], item[0]))
    if lower is not None and forms[lower] * 2 >= top_n:
        return lower
    return top
