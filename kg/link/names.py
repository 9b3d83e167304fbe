"""The name and the key a mention links by, and the id of a concept.

A mention's words are cut to what names its concept (:func:`surface_name`,
:func:`concept_name`), and the name is folded into a key (:func:`mention_key`): the
comparison key of :func:`kg.normalize.concept_key`, an acronym's long form in its place,
and a per-type folding (:func:`type_key`).  Mentions with one key, and one type, are one
concept.  These are questions about one mention's words, given the corpus's acronym table;
the passes that count over the corpus are elsewhere (:mod:`kg.link.passes`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.concept_shape import EQUATION_HEADS
from kg.extract.dataset_names import dataset_surface, fold_dataset_key
from kg.link.kind_words import TASK_WORD, method_base, task_base
from kg.link.task_names import compound_name
from kg.model import ConceptType, Mention
from kg.normalize import (
    acronym_named,
    clean_markup,
    concept_key,
    drop_inner_acronyms,
    is_acronym,
    singular_acronym,
    split_parenthetical,
)

AcronymTable = dict[tuple[ConceptType, str], str]
"""The corpus's acronyms: (type, acronym in the singular) to the key of the long form the
corpus agrees on (:func:`kg.link.acronyms.definitions_table`)."""

_SLUG = re.compile(r"[^\w]+")


def concept_id(kind: ConceptType, key: str) -> str:
    """A stable id that survives any name: ``method:graph-neural-network``."""
    slug = _SLUG.sub("-", key).strip("-") or "unnamed"
    return f"{kind}:{slug}"


def type_key(kind: ConceptType, key: str) -> str:
    """Per-type folding of a key.

    Data set names are identifiers: "Fashion MNIST", "FashionMNIST" and
    "Fashion-MNIST" are one, with or without "dataset", and so are a data set's other
    names and editions ("MS-COCO" = "COCO"; :func:`kg.extract.dataset_names.fold_dataset_key`).  A task is the same
    task with or without a last word "task" or "problem" when the rest names a task
    (:func:`kg.link.kind_words.task_base`): "classification task" is "classification".
    """
    if kind == "dataset":
        return fold_dataset_key(key)
    if kind == "task":
        return solved_equations(task_base(key) or key)
    return key


def solved_equations(key: str) -> str:
    """A task key without a leading "solving" before a class of equations: "solving partial
    differential equations" is the task the extractor types "partial differential
    equations" (:mod:`kg.extract.concept_shape`), so the two are one concept.

    >>> solved_equations("solving partial differential equation"), solved_equations("solving sudoku")
    ('partial differential equation', 'solving sudoku')
    """
    words = key.split()
    if len(words) > 1 and words[0] in ("solving", "solve") and words[-1] in EQUATION_HEADS:
        return " ".join(words[1:])
    return key


def surface_name(m: Mention) -> str:
    """The words of a mention that name its concept, LaTeX left in them cleaned
    (:func:`kg.normalize.clean_markup`): no "(GNNs)" after or inside it, no "dataset", no
    "task" or "problem" after a task's name (:func:`kg.link.kind_words.task_base`), and no
    "model" after an acronym ("GNN model" is the GNN)."""
    main = drop_inner_acronyms(split_parenthetical(clean_markup(m.text))[0])
    if m.type == "dataset":
        return dataset_surface(main)
    if m.type == "task":
        found = TASK_WORD.match(main)
        return found["base"] if found is not None and task_base(concept_key(main)) is not None else main
    return acronym_named(main) or main


def concept_name(m: Mention, table: AcronymTable | None = None) -> str:
    """The name a mention links by and labels its concept with: :func:`surface_name`, and for
    a method, without a last word that only says it is one
    (:func:`kg.link.kind_words.method_base`); for a task, an acronym before "task" or
    "problem" that ``table`` (the corpus's acronyms) defines as a task stands alone, like
    "GNN" in "GNN model": "MVC problem" is the MVC, whose long form names the concept.
    The type vote counts the surface name: "classification method" votes for no
    "classification"."""
    name = surface_name(m)
    if m.type == "method":
        return method_base(name)
    if m.type == "task" and table and (found := TASK_WORD.match(name)) and is_acronym(found["base"]):
        acronym = found["base"]
        return acronym if ("task", singular_acronym(acronym)) in table else name
    if m.type == "task":
        return compound_name(name)
    return name


def mention_key(m: Mention, table: AcronymTable) -> str:
    """The canonical key a mention links to.

    An acronym stands for its long form (its paper's, else the corpus's); so does an
    acronym before "task" or "problem" where the corpus defines it as a task ("MIS problem",
    :func:`concept_name`).
    """
    name = concept_name(m, table)
    key = concept_key(name)
    if is_acronym(name):
        key = concept_key(m.long_form) if m.long_form else table.get((m.type, singular_acronym(name)), key)
    return type_key(m.type, key)


def per_form(compute: Callable[[Mention], str]) -> Callable[[Mention], str]:
    """``compute`` run once per distinct (type, text, long form): a corpus names the same
    things over and over, and the mentions then share one string for each name."""
    seen: dict[tuple[str, str, str | None], str] = {}

    def cached(m: Mention) -> str:
        form = (m.type, m.text, m.long_form)
        value = seen.get(form)
        if value is None:
            value = seen[form] = compute(m)
        return value

    return cached
