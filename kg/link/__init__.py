"""From mentions to concepts: one node per (type, canonical name), variants as aliases.

Names are compared by :func:`kg.normalize.concept_key` (case, hyphens, plural
head).  An acronym is replaced by its long form:

1. in a paper that defines it ("graph neural networks (GNNs)"), by that
   paper's own long form;
2. elsewhere, by the long form the corpus defines it with, if one long form
   makes up at least two thirds of the definitions of that acronym and of that type;
3. otherwise it stays a concept of its own, named by the acronym.

So "GNN", "GNNs" and "graph neural network(s)" meet, while an acronym that
different papers define differently ("PCF") is never merged on a guess: each
defining paper keeps its own long form, and undefined uses stay apart.

A last word that only says what kind of thing a name is goes when the rest names
that thing on its own: "regression problem" is regression (:func:`task_base`,
:func:`attested_task`), "Adam optimizer" Adam and "pruning techniques" pruning
(:func:`method_base`); "inverse problem" and "proposed method" keep theirs.

The modules, each below the ones that use it:

* :mod:`kg.link.paper_runs`: the mentions a paper at a time, for every pass.
* :mod:`kg.link.kind_words`: last words that only say a name is a task or a method.
* :mod:`kg.link.names`: the name and key a mention links by; concept ids.
* :mod:`kg.link.votes`: the type a name settles on.
* :mod:`kg.link.acronyms`: acronym definitions, the corpus's table of them.
* :mod:`kg.link.labels`: a concept's label among its spellings.
* :mod:`kg.link.concepts`: what the last pass gathers into Concept records.
* :mod:`kg.link.passes`: the three passes, :func:`link` and :func:`link_into`.
"""

from __future__ import annotations

from kg.link.acronyms import acronym_head_type, definitions_table, own_acronym, stated_definition
from kg.link.kind_words import attested_task, method_base, task_base
from kg.link.labels import ABSTRACT_WEIGHT, TITLE_WEIGHT, choose_label
from kg.link.names import AcronymTable, concept_id, concept_name, mention_key, solved_equations, surface_name, type_key
from kg.link.passes import link, link_into
from kg.link.votes import DOMINANT_SHARE, TITLE_VOTE, TYPED_VOTE

__all__ = [
    "ABSTRACT_WEIGHT",
    "DOMINANT_SHARE",
    "TITLE_VOTE",
    "TITLE_WEIGHT",
    "TYPED_VOTE",
    "AcronymTable",
    "acronym_head_type",
    "attested_task",
    "choose_label",
    "concept_id",
    "concept_name",
    "definitions_table",
    "link",
    "link_into",
    "mention_key",
    "method_base",
    "own_acronym",
    "solved_equations",
    "stated_definition",
    "surface_name",
    "task_base",
    "type_key",
]
