"""Linking as three passes over the mentions, in order, so that they can stay on disk.

1. :func:`count_votes`: every mention's type vote and the acronym definitions stated;
   from them, the corpus's acronym table.
2. :func:`choose_spellings`: with types settled and acronyms replaced, the key spelling
   of each concept, the corpus's tasks, and the method names papers pair up.
3. :func:`linked_mentions`: each mention with the id of its concept, while
   :class:`kg.link.concepts.ConceptTally` gathers the concepts.

Each pass reads the mentions a paper at a time (:func:`kg.link.paper_runs.paper_runs`)
and keeps only what the next pass needs, so memory grows with the number of distinct
names, concepts and acronym definitions, not of mentions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from kg.link.acronyms import StatedDefinitions, acronym_head_type
from kg.link.concepts import ConceptTally
from kg.link.kind_words import METHOD_WORD, TASK_WORD, SameMethod, attested_task
from kg.link.names import AcronymTable, concept_id, concept_name, mention_key, per_form
from kg.link.paper_runs import PaperOrder, paper_runs
from kg.link.votes import TypeVotes
from kg.model import Concept, ConceptType, LinkedMention, Mention, concept_type


@dataclass(frozen=True)
class Counted:
    """What the first pass learns: the type votes, the acronym table, the papers' order."""

    votes: TypeVotes
    table: AcronymTable
    papers_together: bool
    """Whether each paper's mentions came in one run."""


def count_votes(mentions: Iterable[Mention]) -> Counted:
    """Pass 1: count every mention's type vote and note the acronym definitions stated."""
    votes = TypeVotes()
    definitions = StatedDefinitions()
    order = PaperOrder()
    for paper, run in paper_runs(mentions):
        order.see(paper)
        for m in run:
            definitions.see(m, votes.count(m))
        votes.close_paper(paper)
    return Counted(votes, definitions.table(votes.voted_type), order.together)


class Naming:
    """A mention's settled type, key and name, once the first pass has counted.

    Computed once per distinct form (:func:`kg.link.names.per_form`) and shared by the
    second and third passes.
    """

    def __init__(self, counted: Counted) -> None:
        table = counted.table
        self._votes = counted.votes
        self.key = per_form(lambda m: mention_key(m, table))
        """The key a (settled) mention links by."""
        self.name = per_form(lambda m: concept_name(m, table))
        """The name a (settled) mention spells its concept with."""
        self._head_type = per_form(lambda m: acronym_head_type(self.name(m), table) or m.type)

    def settle(self, m: Mention) -> Mention:
        """The mention with its settled type: its name's vote, then the long form of an acronym it ends in."""
        m = self._votes.settle(m)
        kind = concept_type(self._head_type(m))
        return m if kind == m.type else replace(m, type=kind)


@dataclass(frozen=True)
class Spellings:
    """What the second pass learns: how each concept's key is spelt, and which names merge."""

    chosen: dict[tuple[ConceptType, str], str]
    """(type, key without spaces) to the spelling of the key most mentions use."""
    tasks: frozenset[str]
    """The corpus's task keys, without spaces."""
    same_method: SameMethod

    def concept_of(self, m: Mention, key: str, name: str) -> tuple[str, str]:
        """The key and name of the concept of ``m``, given its own: a method's name with a
        word that only says it is a method, where a paper paired the two, is the method;
        a task's name with a task word, where the corpus names the task alone, is the task."""
        named = self.same_method.method_of(key) if m.type == "method" else None
        if named is not None:
            return named, METHOD_WORD.sub("", name) or name
        if m.type == "task" and (task := attested_task(key, self.tasks)) is not None:
            return task, found["base"] if (found := TASK_WORD.match(name)) else name
        return key, name

    def concept_id(self, kind: ConceptType, key: str) -> str:
        """The id of the concept of that type and key, named by its chosen spelling."""
        return concept_id(kind, self.chosen[(kind, key.replace(" ", ""))])


def choose_spellings(mentions: Iterable[Mention], naming: Naming) -> Spellings:
    """Pass 2: count the spellings of each key, and pair each paper's method names.

    Keys that differ only by spaces ("multi layer perceptron", "multilayer perceptron")
    are one concept, spelt as most mentions spell it.
    """
    spellings: dict[tuple[ConceptType, str], Counter[str]] = defaultdict(Counter)
    same_method = SameMethod()
    for _, run in paper_runs(mentions):
        for m in map(naming.settle, run):
            key = naming.key(m)
            spellings[(m.type, key.replace(" ", ""))][key] += 1
            same_method.see(m, key)
        same_method.close_paper()
    chosen = {group: min(counts, key=lambda k: (-counts[k], k)) for group, counts in spellings.items()}
    tasks = frozenset(group for kind, group in chosen if kind == "task")
    return Spellings(chosen, tasks, same_method)


def linked_mentions(
    mentions: Iterable[Mention], naming: Naming, spellings: Spellings, tally: ConceptTally
) -> Iterator[LinkedMention]:
    """Pass 3: each mention, its type settled, with the id of its concept, one by one;
    ``tally`` gathers the concepts as they go past."""
    ids: dict[tuple[ConceptType, str], str] = {}
    for _, run in paper_runs(mentions):
        for m in map(naming.settle, run):
            key, name = spellings.concept_of(m, naming.key(m), naming.name(m))
            cid = ids.get((m.type, key))
            if cid is None:
                cid = ids[(m.type, key)] = spellings.concept_id(m.type, key)
            tally.add(m, cid, name)
            yield LinkedMention(m, cid)
        tally.close_paper()


def link(mentions: Sequence[Mention]) -> tuple[tuple[Concept, ...], tuple[LinkedMention, ...]]:
    """Concepts, sorted by id, and each mention with the id of its concept.

    Keys that differ only by spaces ("multi layer perceptron", "multilayer
    perceptron") are one concept, named by the key most mentions use.
    """
    return link_into(mentions, tuple)


S = TypeVar("S")


def link_into(
    mentions: Iterable[Mention], collect: Callable[[Iterator[LinkedMention]], S]
) -> tuple[tuple[Concept, ...], S]:
    """:func:`link` for mentions that may not fit in memory: ``mentions`` is read three
    times, in order (a spool on disk serves), and ``collect`` receives the linked
    mentions one by one as the last pass makes them (a spool again, say).

    Memory grows with the number of distinct names, concepts and acronym
    definitions, not with the number of mentions; when each paper's mentions
    come together, as extraction gives them, a concept's papers are a list
    that grows by one reference per paper.
    """
    counted = count_votes(mentions)
    naming = Naming(counted)
    spellings = choose_spellings(mentions, naming)
    tally = ConceptTally(counted.papers_together)
    collected = collect(linked_mentions(mentions, naming, spellings, tally))
    return tally.concepts(), collected
