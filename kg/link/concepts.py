"""What the last pass of linking gathers about each concept, and the Concept records made of it.

Each linked mention adds its spelling (a vote for the label), its written forms (aliases),
one to the count and, the first time its concept is met in a paper, that paper.  The
mentions themselves are not kept: memory grows with the concepts and their names.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from kg.link.acronyms import own_acronym
from kg.link.labels import ABSTRACT_WEIGHT, TITLE_WEIGHT, choose_label
from kg.model import Concept, ConceptType, Mention
from kg.normalize import clean_markup, is_acronym, split_parenthetical


class ConceptTally:
    """The spellings, types, counts and papers of each concept, from its mentions one by one.

    Mentions are added paper by paper (:meth:`add` each, then :meth:`close_paper`).
    ``papers_together`` says whether each paper's mentions come in one run, as extraction
    gives them: a concept's papers are then a list that grows by one id per paper,
    and otherwise an ordered set.
    """

    def __init__(self, papers_together: bool) -> None:
        self._together = papers_together
        self._surfaces: dict[str, Counter[str]] = defaultdict(Counter)
        self._spellings: dict[str, set[str]] = defaultdict(set)
        self._texts_seen: set[tuple[str, str]] = set()
        self._counts: Counter[str] = Counter()
        self._kinds: dict[str, ConceptType] = {}
        self._paper_lists: dict[str, list[str]] = defaultdict(list)
        self._paper_sets: dict[str, dict[str, None]] = defaultdict(dict)
        self._in_paper: set[str] = set()

    def add(self, m: Mention, cid: str, surface: str) -> None:
        """Count ``m``, a mention of the paper being read, for concept ``cid``; ``surface`` is
        the name it spells the concept with."""
        self._kinds[cid] = m.type
        surfaces = self._surfaces[cid]
        surfaces[surface] += TITLE_WEIGHT if m.field == "title" else ABSTRACT_WEIGHT
        if (cid, m.text) not in self._texts_seen:
            self._texts_seen.add((cid, m.text))
            self._spellings[cid].add(split_parenthetical(clean_markup(m.text))[0])
            acronym = own_acronym(m.text)
            if acronym is not None:
                self._spellings[cid].add(acronym)
        if m.long_form and is_acronym(m.text):
            surfaces[clean_markup(m.long_form)] += 0
        self._counts[cid] += 1
        if cid not in self._in_paper:
            self._in_paper.add(cid)
            if self._together:
                self._paper_lists[cid].append(m.paper_id)
            else:
                self._paper_sets[cid][m.paper_id] = None

    def close_paper(self) -> None:
        """The paper being read is done."""
        self._in_paper = set()

    def concepts(self) -> tuple[Concept, ...]:
        """The concepts, sorted by id."""
        concepts = []
        for cid in sorted(self._surfaces):
            surfaces = self._surfaces[cid]
            label = choose_label(surfaces)
            names = set(surfaces) | self._spellings[cid]
            aliases = sorted(names - {label}, key=lambda t: (t.casefold(), t))
            papers = self._paper_lists[cid] if self._together else self._paper_sets[cid]
            concepts.append(
                Concept(
                    id=cid,
                    type=self._kinds[cid],
                    label=label,
                    aliases=tuple(aliases),
                    paper_ids=tuple(papers),
                    mention_count=self._counts[cid],
                )
            )
        return tuple(concepts)
