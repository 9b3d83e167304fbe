"""The name of a task written as a doing and its object: the compound researchers search for.

"estimation of parameters", "estimating parameters" and "parameter estimation" are one task;
so are "diagnosing hematological disorders" and "hematological disorder diagnosis".  The
doings and their nouns are the shipped lexicon's ``actions.tsv``; a doing whose -ing form
names the task ("solving linear systems", as the demo gold's GUIDELINES.md writes it) keeps it.
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from kg.extract import lexicon
from kg.normalize import is_acronym, singular, singular_acronym

_DETERMINERS = frozenset({"the", "a", "an"})


def _object_words(words: list[str]) -> list[str] | None:
    """An object's words in a compound: no determiner, the head in the singular, title-case
    words in lower case ("the Linear Systems" -> "linear system"); None if nothing is left."""
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words:
        return None
    made = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words]
    last = made[-1]
    if is_acronym(last):
        made[-1] = singular_acronym(last)
    elif last.islower():
        pieces = last.split("-")
        pieces[-1] = singular(pieces[-1])
        made[-1] = "-".join(pieces)
    return made


def compound_name(name: str) -> str:
    """The compound a task's name stands for: "estimation of parameters" and "estimating
    parameters" are "parameter estimation"; any other name is itself.

    >>> compound_name("manipulation of deformable objects"), compound_name("Diagnosing Hematological Disorders")
    ('deformable object manipulation', 'hematological disorder diagnosis')
    >>> compound_name("solving linear systems"), compound_name("learning across tasks")
    ('solving linear systems', 'learning across tasks')
    """
    words = name.split()
    if len(words) >= 3 and words[1].lower() == "of" and singular(words[0].lower()) in lexicon.action_nouns():
        noun, rest = singular(words[0].lower()), words[2:]
    elif len(words) >= 2 and words[0].lower() in lexicon.actions():
        found = lexicon.actions()[words[0].lower()]
        if found is None:
            return name
        noun, rest = found, words[1:]
    else:
        return name
    made = _object_words(rest)
    if made is None or any(w.lower() in STOP_WORDS for w in made):
        return name  # "learning across tasks", "prediction of the rate of decay": no plain object
    return " ".join([*made, noun])
