"""``kg_task_lists``: tasks that a sentence lists as tasks.

An abstract often says what it evaluates on by listing it after a word that says the
items are tasks: "the algebraic learning tasks of modular addition, sparse parities and
finite group operations", "tasks such as object pushing and object sorting", "the task
of object insertion and object deletion", "diverse areas such as Gaussian process
regression and few-shot image classification".  This is the Hearst pattern ("NPs such
as NP, NP and NP"): the sentence itself types its items, so each item is proposed as a
task, ``pattern:task-list``, where a trained NER, which reads names one at a time, often
misses names it has not seen.

The list follows a noun of ``task_lists.tsv``: after one of role ``of`` ("task",
"problems") an "of" or an opener ("such as", "including", "e.g." …) opens it; after one
of role ``kind`` ("applications", "areas") only an opener does.  Each item is a short
run of name words (no stop word, verb of ``boundaries.txt`` or rating word).  An item is
not proposed when it:

* is a thing rather than a doing: its head names a method or data set in ``heads.tsv``
  or ``thing_heads.txt`` ("neural networks" in a list of areas), or another rule found it,
  or a part of it, as a method or data set ("Bayesian neural networks"; but "Gaussian
  process regression" is more than the method it holds). The NER's type gives way: the
  sentence says what the item is;
* is a generic word alone, or headed by ``not_concept_heads.txt``;
* names no doing: its head is none (:func:`kg.normalize.names_an_activity`: "-tion",
  "-ing", "-ysis" …, or a task head of ``heads.tsv`` or ``decisive_heads.tsv``): lists
  after "areas such as" also hold things ("hypergraphs"), qualities ("bias") and clauses,
  which name no task; a single "-ing" word is a thing or a verb as often as a doing, unless it heads tasks
  ("planning");
* starts with a doing of ``actions.tsv`` (``kg_task_phrases`` reads those) or another
  verb's "-ing" form ("exhibiting better generalisation");
* is cut: a single word before a preposition ("classification for small tabular data"
  names less than the text does), or a run longer than a name.

The list goes on past an item's prepositional phrase to the next comma or conjunction,
and ends at any other word.  The words come from the component's lexicon (the ``lexicon``
setting, saved with the pipeline).
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.components.datasets import LIST_JOINERS, MAX_CONJUNCTS
from kg.extract.components.lexicon_reader import LexiconReader
from kg.extract.components.spans import CANDIDATES, DASH, DETERMINERS, add_candidate, lower_name_word
from kg.extract.lexicon import Lexicon
from kg.normalize import ING_NOUNS, names_an_activity, singular

RULE = "pattern:task-list"
MAX_ITEM_WORDS = 5
"""The most words of an item: longer runs are clauses more often than names."""
MAX_TAIL_WORDS = 6
"""How far past an item's prepositional phrase the next comma or conjunction may be."""
PREPOSITIONS = frozenset({"of", "for", "in", "on", "with", "from", "over", "under", "across", "via", "by", "to"})
_NAMED_ELSEWHERE = frozenset({"method", "dataset"})
_ENDS = frozenset({".", ";", ":", ")", "]", "?", "!"})


@Language.factory("kg_task_lists", default_config={"lexicon": None})
def make_task_lists(nlp: Language, name: str, lexicon: str | None) -> TaskListFinder:
    return TaskListFinder(lexicon)


class TaskListFinder(LexiconReader):
    """Proposes the items of "tasks such as X, Y and Z" and "the task of X and Y" as tasks."""

    def read(self, lexicon: Lexicon) -> None:
        self.of_nouns = lexicon.role("task_lists.tsv", "of")
        self.kind_nouns = lexicon.role("task_lists.tsv", "kind")
        self.openers = tuple(tuple(o.split()) for o in lexicon.role("task_lists.tsv", "opener"))
        self.actions = frozenset(lexicon.actions)
        self.stops = lexicon.boundaries | lexicon.modifiers | STOP_WORDS
        self.generic = lexicon.generic
        self.thing_heads = lexicon.words("thing_heads.txt") | frozenset(
            w for w, kind in lexicon.heads.items() if kind in ("method", "dataset") and w in lexicon.generic
        )
        self.data_heads = frozenset(w for w, kind in lexicon.heads.items() if kind == "dataset")
        self.not_concept_heads = lexicon.words("not_concept_heads.txt")
        self.task_heads = frozenset(w for w, kind in lexicon.heads.items() if kind == "task") | frozenset(
            w for w, kind in lexicon.table("decisive_heads.tsv").items() if kind == "task"
        )

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        known = [(c.start, c.end) for c in doc.spans.get(CANDIDATES, []) if c.label_ in _NAMED_ELSEWHERE]
        for token in doc:
            start = self._list_start(token)
            if start is None:
                continue
            for item in self._items(doc, start, token.sent.end):
                if not any(s < item.end and e > item.start and (s < item.start or e >= item.end) for s, e in known):
                    add_candidate(doc, item, "task", RULE)
        return doc

    def _list_start(self, token: Token) -> int | None:
        """Where a list of tasks starts after ``token``, if it is a noun that opens one."""
        lower = token.lower_
        if lower not in self.of_nouns and lower not in self.kind_nouns:
            return None
        doc, i, stop = token.doc, token.i + 1, token.sent.end
        if i < stop and doc[i].lower_ == "of" and lower in self.of_nouns:
            return i + 1
        if i < stop and doc[i].text in (",", "("):
            i += 1
        for opener in self.openers:
            if tuple(t.lower_ for t in doc[i : i + len(opener)]) == opener:
                j = i + len(opener)
                return j + 1 if j < stop and doc[j].text == "," else j
        return None

    def _items(self, doc: Doc, i: int, stop: int) -> list[Span]:
        items: list[Span] = []
        for _ in range(MAX_CONJUNCTS):
            while i < stop and doc[i].lower_ in DETERMINERS:
                i += 1
            end = self._item_end(doc, i, stop)
            if end is None:
                return items
            cut = end < stop and doc[end].lower_ in PREPOSITIONS
            if self._names_a_task(doc[i:end], cut):
                items.append(doc[i:end])
            if cut:
                end = self._past_tail(doc, end, stop)
                if end is None:
                    return items
            if end >= stop or doc[end].lower_ not in LIST_JOINERS:
                return items
            i = end + 1
            if i < stop and doc[i].lower_ in ("and", "or"):
                i += 1
        return items

    def _item_end(self, doc: Doc, start: int, stop: int) -> int | None:
        """The end of the run of name words from ``start``; None if there is none, or if it
        is longer than a name."""
        end, words = start, 0
        while end < stop:
            token = doc[end]
            if self._item_word(token):
                end += 1
                words += 1
            elif DASH.fullmatch(token.text) and end > start and end + 1 < stop and not token.whitespace_:
                if not doc[end - 1].whitespace_ and self._item_word(doc[end + 1]):
                    end += 1  # "multi-class": one word, split by the tokenizer
                else:
                    break
            else:
                break
            if words > MAX_ITEM_WORDS:
                return None
        if end == start:
            return None
        after = doc[end] if end < stop else None
        if (
            after is not None
            and after.lower_ not in LIST_JOINERS
            and after.lower_ not in PREPOSITIONS
            and after.text not in _ENDS
            and not after.is_space
            and after.lower_ not in self.stops
        ):
            return None  # the run goes on in words no name holds: a clause, not a list
        return end

    def _past_tail(self, doc: Doc, i: int, stop: int) -> int | None:
        """The next comma or conjunction after an item's prepositional phrase, if near."""
        for j in range(i, min(stop, i + MAX_TAIL_WORDS + 1)):
            if doc[j].lower_ in LIST_JOINERS:
                return j
            if doc[j].text in _ENDS:
                return None
        return None

    def _names_a_task(self, item: Span, cut: bool) -> bool:
        words = [t.lower_ for t in item if not DASH.fullmatch(t.text)]
        head = singular(words[-1])
        if cut and len(words) == 1:
            return False  # "classification for small tabular data": the name is longer
        if words[0] in self.actions:
            return False  # a doing and its object: kg_task_phrases reads it
        if len(words) > 1 and words[0].endswith("ing") and words[0] not in ING_NOUNS:
            return False  # "exhibiting better generalisation": a verb and its object
        if head in self.thing_heads or head in self.data_heads or head in self.not_concept_heads:
            return False
        if len(words) == 1 and (words[0] in self.generic or head in self.generic):
            return False
        if len(words) == 1 and head.endswith("ing") and head not in self.task_heads:
            return False  # "embedding", "quantizing": a thing or a verb as often as a doing
        if not (names_an_activity(head) or head in self.task_heads):
            return False  # "extrapolation error", "hypergraphs", "similar efforts": no doing named
        return any(sum(c.isalpha() for c in w) >= 3 for w in words)

    def _item_word(self, token: Token) -> bool:
        return lower_name_word(token, self.stops)
