"""The type a name settles on: the vote of its mentions across the corpus, then in its paper.

The model sometimes calls a method a task or a data set; one mislabel must not split a
concept in two, nor must one name used as two things be forced into one.  The first pass
of linking counts every mention's vote here (:class:`TypeVotes`), and the later passes
ask it the type each mention settles on.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace

from kg.link.names import per_form, surface_name
from kg.model import ConceptType, Mention
from kg.normalize import concept_key, is_acronym

DOMINANT_SHARE = 2 / 3
"""The share of the votes across the corpus that settles a question: a name's type here, an
acronym's long form in :func:`kg.link.acronyms.definitions_table`."""
TITLE_VOTE = 0.5
"""Weight of the type vote of a mention the model found in a title: it learnt on abstracts,
and titles, with every word capitalised, are foreign to it.  Every other mention weighs 1."""
# Mentions whose own last word says their type ("the temporal reasoning task", "a sampling algorithm").
_TYPE_WORDS: dict[ConceptType, re.Pattern[str]] = {
    "task": re.compile(r"\s(?:task|problem)s?$", re.IGNORECASE),
    "method": re.compile(r"\s(?:method|algorithm|technique|approach)s?$", re.IGNORECASE),
}
TYPED_VOTE = 2.0
"""Weight, within its paper, of the type vote of a mention whose last word names its type:
its words, not only the model, say what it is."""


def voting_name(m: Mention) -> str:
    """The name a mention's type vote counts for: an acronym's long form where its paper gives one."""
    return m.long_form if m.long_form and is_acronym(m.text) else surface_name(m)


class TypeVotes:
    """How often each name is mentioned as a method, a task or a data set, and the type it settles on.

    The model sometimes calls a method a task or a data set; across a corpus the
    name's usual type outvotes the odd mislabel (a two-thirds majority), while
    names that are truly used as two things keep their types, paper by paper.
    Within one paper a name is one thing: where the corpus settles nothing, the
    paper's own majority decides, and on a tie the type of its first mention there.
    A mention that the model found in a title counts for :data:`TITLE_VOTE`; within its
    paper, one whose last word names its type ("… task", "… algorithm") counts
    :data:`TYPED_VOTE` times.  An acronym votes for the long form its paper defines.

    Mentions are counted paper by paper (:meth:`count` each, then :meth:`close_paper`);
    only the names a paper gave two types are remembered per paper.
    """

    def __init__(self) -> None:
        self.votes: dict[str, dict[ConceptType, float]] = defaultdict(dict)
        """Each name's votes across the corpus, by type."""
        self._name = per_form(lambda m: concept_key(voting_name(m)).replace(" ", ""))
        self._dominant: dict[str, ConceptType | None] = {}
        self._in_paper: dict[str, dict[ConceptType, float]] = {}
        self._paper_types: dict[tuple[str, str], ConceptType] = {}

    def count(self, m: Mention) -> str:
        """Count the vote of a mention of the paper being counted; return the name it votes for."""
        name = self._name(m)
        weight = TITLE_VOTE if m.field == "title" and m.rule == "ner" else 1.0
        votes = self.votes[name]
        votes[m.type] = votes.get(m.type, 0.0) + weight
        says = _TYPE_WORDS.get(m.type)
        if says is not None and says.search(m.text):
            weight *= TYPED_VOTE
        here = self._in_paper.setdefault(name, {})  # insertion order: the first type first
        here[m.type] = here.get(m.type, 0.0) + weight
        return name

    def close_paper(self, paper: str) -> None:
        """Close the paper being counted: remember its choice for each name it gave two types.

        A paper whose mentions come in several runs keeps the choice of its first run.
        """
        for name, here in self._in_paper.items():
            if len(here) > 1 and (paper, name) not in self._paper_types:
                self._paper_types[(paper, name)] = max(here, key=here.__getitem__)
        self._in_paper = {}

    def voted_type(self, name: str, kind: ConceptType, paper: str) -> ConceptType:
        """The type a mention of ``name`` labelled ``kind`` in ``paper`` settles on, once all are counted."""
        if name not in self._dominant:
            votes = self.votes[name]
            top_kind = max(votes, key=votes.__getitem__)
            share = votes[top_kind] / sum(votes.values())
            self._dominant[name] = top_kind if share >= DOMINANT_SHARE else None
        dominant = self._dominant[name]
        if dominant is not None:
            return dominant
        return self._paper_types.get((paper, name), kind)

    def settle(self, m: Mention) -> Mention:
        """The mention with the type its name settles on (:meth:`voted_type`)."""
        kind = self.voted_type(self._name(m), m.type, m.paper_id)
        return m if kind == m.type else replace(m, type=kind)
