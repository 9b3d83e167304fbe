"""Acronyms and the long forms they stand for: the definitions the mentions state, the
corpus's table of them, and the type a name headed by an acronym takes from it.

An acronym is replaced by its long form: its paper's own where the paper defines it,
else the long form the corpus agrees on (:func:`definitions_table`), else it stays a
name of its own.  The first pass of linking gathers the definitions
(:class:`StatedDefinitions`); the table is made once the types of their names are
settled, since "GNN" defined as a method and as a task are two acronyms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from kg.extract import lexicon
from kg.extract.abbreviations import spells_out
from kg.link.names import AcronymTable
from kg.link.votes import DOMINANT_SHARE
from kg.model import ConceptType, Mention
from kg.normalize import (
    acronym_named,
    concept_key,
    head_position,
    is_acronym,
    opens_with_action,
    singular,
    singular_acronym,
    split_parenthetical,
)

_HEAD_TYPED: tuple[ConceptType, ...] = ("method", "task")

Definition = tuple[str, ConceptType, str, str]
"""A definition a paper states: (paper, type, acronym in the singular, long-form key)."""


def own_acronym(text: str) -> str | None:
    """The bracketed acronym after a name that it spells out: "Graph Convolutional Networks (GCNs)" -> "GCNs".

    None when there is none, or when it spells out only the name's last words
    ("message-passing graph neural networks (GNNs)"): it then names another concept.
    """
    main, inner = split_parenthetical(text)
    return inner if inner is not None and is_acronym(inner) and spells_out(inner, main) else None


def stated_definition(m: Mention) -> tuple[str, str] | None:
    """(acronym, long form) a mention states: an acronym found with its long form, or a name with its own acronym."""
    named = acronym_named(m.text)
    if m.long_form and named:
        return named, m.long_form
    acronym = own_acronym(m.text)
    return None if acronym is None else (acronym, split_parenthetical(m.text)[0])


def _definition(m: Mention) -> Definition | None:
    definition = stated_definition(m)
    if definition is None:
        return None
    return m.paper_id, m.type, singular_acronym(definition[0]), concept_key(definition[1])


def definitions_table(definitions: Iterable[Definition]) -> AcronymTable:
    """The acronym table from each stated definition, its type settled.

    A paper counts once for each definition it states; a long form enters the table when
    it makes up :data:`kg.link.votes.DOMINANT_SHARE` of the definitions of its acronym
    and type, and no other long form is as common.
    """
    defined: dict[tuple[ConceptType, str], Counter[str]] = defaultdict(Counter)
    seen: set[Definition] = set()
    for marker in definitions:
        if marker not in seen:
            seen.add(marker)
            _, kind, acronym, long_key = marker
            defined[(kind, acronym)][long_key] += 1
    table: AcronymTable = {}
    for key, counts in defined.items():
        (best, top), total = counts.most_common(1)[0], sum(counts.values())
        if top / total >= DOMINANT_SHARE and list(counts.values()).count(top) == 1:
            table[key] = best
    return table


class StatedDefinitions:
    """The acronym definitions the mentions state, gathered in the first pass.

    Each is kept with the name its mention votes for, so that its type can be settled
    once all the votes are in (:meth:`table`): memory grows with the number of
    definitions, not of mentions.
    """

    def __init__(self) -> None:
        self._found: list[tuple[str, str, ConceptType, str, str]] = []

    def see(self, m: Mention, name: str) -> None:
        """Note the definition ``m`` states, if any; ``name`` is the name it votes for."""
        definition = _definition(m)
        if definition is not None:
            self._found.append((name, *definition))

    def table(self, voted_type: Callable[[str, ConceptType, str], ConceptType]) -> AcronymTable:
        """The acronym table, each definition typed by ``voted_type(name, type, paper)``
        (:meth:`kg.link.votes.TypeVotes.voted_type`)."""
        return definitions_table(
            (paper, voted_type(name, kind, paper), acronym, long_key)
            for name, paper, kind, acronym, long_key in self._found
        )


def acronym_head_type(name: str, table: AcronymTable) -> ConceptType | None:
    """The type that a name headed by an acronym takes from the acronym's long form.

    "3D CNNs" and "fully stochastic BNNs" are networks, whatever the model called them:
    where the corpus defines the last word, an acronym, as a method or a task, and the
    long form's own head word says so too (``heads.tsv``: a "network", a "segmentation"),
    the name is of that type.  An acronym defined as both, or as neither, says nothing,
    and so does an action on the acronym ("pruning pre-trained NN", "design AnytimeNNs").
    """
    words = name.split()
    if len(words) < 2 or not is_acronym(words[-1]) or head_position(words) != len(words) - 1:
        return None
    if opens_with_action(words) or any(w.casefold() in lexicon.boundaries() for w in words[:-1]):
        return None
    acronym = singular_acronym(words[-1])
    kinds: list[ConceptType] = []
    for kind in _HEAD_TYPED:
        long_key = table.get((kind, acronym))
        if long_key is not None:
            long_words = long_key.split()
            if lexicon.heads().get(singular(long_words[head_position(long_words)])) == kind:
                kinds.append(kind)
    return kinds[0] if len(kinds) == 1 else None
