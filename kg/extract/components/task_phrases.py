"""``kg_task_phrases``: tasks written as a doing and its object.

Researchers name many tasks by what is done to what, and abstracts write them as phrases
rather than as compounds: "estimation of parameters", "diagnosing hematological
disorders", "solving linear systems", "learning the solution operators of PDEs".  A
trained NER types such phrases poorly (as a method, or not at all), so this component
proposes them as tasks, ``pattern:task-phrase``:

* "<noun> of [the] <object>": a noun of a doing (:attr:`Lexicon.action_nouns`,
  "estimation", "simulation") with what it is done to, unless the noun ends a name the NER
  or a rule found ("low-rank approximation of the weights");
* "<-ing form> [the] <object>" where a doing can start (a sentence or title, or after
  "for", "of", "in", "towards", "and" ...): "diagnosing hematological disorders"; after an
  -ing form that is also a noun ("learning", "modeling") only a plural object or one with
  a determiner, since "learning rate" and "learning dynamics" are compounds.

The object is a short run of name words (no stop word, verb of ``boundaries.txt`` or
rating word) whose head names something: not a generic word that ``heads.tsv`` gives
methods or data sets ("learning graph networks" trains a method, it names no task), nor a head of
``not_concept_heads.txt``, nor a generic word alone ("solving the problem"; but "solving
inverse problems"), nor a task already ("solving a classification task" is classification);
nor a quantity ("reduction of the number") or a sort before "of" ("learning a spectrum of
relations"); nor may it hold a method or data set another rule found, nor be cut from a
longer run of name words ("solving the maximum independent set problem" is not "solving the
maximum independent set"), nor be a word that shares the head of the conjunct after it
("solving forward and inverse PDE problems", "reducing the computational and memory
demands").  A plural ends the object, and so does a participle after its first word
("control of physical systems described by ..."): English compounds hold neither inside.
:mod:`kg.link` names the task as a compound ("parameter estimation"), so that both ways of
writing it are one concept.

The doings come from the component's lexicon (``actions.tsv``; the ``lexicon`` setting,
saved with the pipeline).
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.components.lexicon_reader import LexiconReader
from kg.extract.components.spans import (
    CANDIDATES,
    DASH,
    DETERMINERS,
    TASK_WORD,
    add_candidate,
    lower_name_word,
    title_end,
)
from kg.extract.lexicon import Lexicon
from kg.normalize import ING_NOUNS, singular

RULE = "pattern:task-phrase"
MAX_OBJECT_WORDS = 3
"""The most words of an object: longer runs are clauses more often than names."""
OPENERS = frozenset({"for", "of", "in", "on", "to", "towards", "toward", "and", "or", "at", "as", "when"})
"""Words after which an -ing form starts a doing ("methods for solving ..."), where after
"by", "via" or "while" it says how something else is done."""
_PUNCTUATION_OPENERS = frozenset({":", ",", ";", "(", "\u2014", "-"})
_NAMED_ELSEWHERE = frozenset({"method", "dataset"})


@Language.factory("kg_task_phrases", default_config={"lexicon": None})
def make_task_phrases(nlp: Language, name: str, lexicon: str | None) -> TaskPhraseFinder:
    return TaskPhraseFinder(lexicon)


class TaskPhraseFinder(LexiconReader):
    """Proposes "<doing> of <object>" and "<doing>-ing <object>" phrases as tasks."""

    def read(self, lexicon: Lexicon) -> None:
        self.actions = lexicon.actions
        self.nouns = lexicon.action_nouns
        self.stops = lexicon.boundaries | lexicon.modifiers | STOP_WORDS
        self.generic = lexicon.generic - self.nouns
        self.named_heads = frozenset(
            singular(w) for w in lexicon.generic if lexicon.heads.get(singular(w)) in ("method", "dataset")
        )
        self.not_concept_heads = lexicon.words("not_concept_heads.txt")
        self.task_heads = frozenset(w for w, kind in lexicon.heads.items() if kind == "task")
        self.quantities = frozenset(w for w, kind in lexicon.table("partitives.tsv").items() if kind == "quantity")
        self.sorts = frozenset(w for w, kind in lexicon.table("partitives.tsv").items() if kind == "sort")

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        known = [
            (c.start, c.end)
            for c in doc.spans.get(CANDIDATES, [])
            if c.label_ in _NAMED_ELSEWHERE and not c.id_.startswith("pattern:task")
        ]
        named = [(c.start, c.end) for c in (*doc.spans.get(CANDIDATES, []), *doc.ents)]
        for token in doc:
            lower = token.lower_
            ing = lower in self.actions and self._opens(token)
            if ing:
                start = token.i + 1
            elif singular(lower) in self.nouns and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
                if any(s < token.i and e == token.i + 1 for s, e in named):
                    continue  # "low-rank approximation of the weights": a name of its own
                start = token.i + 2
            else:
                continue
            end = self._object_end(doc, start, token.sent.end)
            if end is None:
                continue
            if ing and lower in ING_NOUNS and not self._plainly_an_object(doc, start, end):
                continue
            if any(s < end and e > token.i for s, e in known):
                continue
            add_candidate(doc, Span(doc, token.i, end), "task", RULE)
        return doc

    @staticmethod
    def _opens(token: Token) -> bool:
        """Whether an -ing form here starts a doing rather than says how one is done."""
        doc = token.doc
        if token.i == token.sent.start or token.i == title_end(doc) + 1:
            return True
        at = token.i - 1
        if doc[at].lower_.endswith("ly"):  # "for iteratively solving ...", "Iteratively Solving"
            if at == token.sent.start or at == title_end(doc) + 1:
                return True
            at -= 1
        before = doc[at]
        return before.lower_ in OPENERS or before.text in _PUNCTUATION_OPENERS or before.is_space

    @staticmethod
    def _plainly_an_object(doc: Doc, start: int, end: int) -> bool:
        """After an -ing form that is also a noun ("learning", "modeling"), the words that
        follow may be its compound ("learning rate", "learning dynamics"): only an object
        with a determiner, or in the plural, is plainly what the doing is done to."""
        if doc[start].lower_ in DETERMINERS:
            return True
        head = doc[end - 1].lower_
        return singular(head) != head and not head.endswith(("ics", "ss"))

    def _object_end(self, doc: Doc, start: int, stop: int) -> int | None:
        """Where the object that starts at ``start`` (after a determiner) ends; None if there is none."""
        if start < stop and doc[start].lower_ in DETERMINERS:
            start += 1
        end, words = start, 0
        while end < stop and words < MAX_OBJECT_WORDS:
            token = doc[end]
            if self._object_word(token):
                glued = end + 1 < stop and DASH.fullmatch(doc[end + 1].text) is not None and not token.whitespace_
                if glued and not (end + 2 < stop and self._object_word(doc[end + 2])):
                    break  # "end" of "end-to-end": a modifier of what follows, no object
                if words and token.lower_.endswith("ed"):
                    break  # "control of physical systems described by ...": a participle
                end += 1
                words += 1
                if singular(token.lower_) != token.lower_:
                    break  # a plural ends a compound: "learning curves warrant ..."
            elif token.text == "-" and end > start and end + 1 < stop and not token.whitespace_:
                if not self._object_word(doc[end + 1]):
                    break
                end += 2  # "non-local", split by the tokenizer: one word
            else:
                break
        if end == start or (end < stop and (self._object_word(doc[end]) or self._participle(doc[end]))):
            return None  # none, or a cut from a longer name ("Detection of Fast Moving Objects")
        last = doc[end - 1].lower_
        head = singular(last)
        if head in self.not_concept_heads or head in self.named_heads or head in self.quantities:
            return None  # "learning graph networks": a method is trained, no task named
        if end < stop and doc[end].lower_ == "of" and (last in self.sorts or head in self.sorts):
            return None  # "learning a spectrum of relationships": what is learnt follows "of"
        if singular(last) == last and self._shares_a_head(doc, end, stop):
            return None  # "Solving Forward and Inverse PDE Problems": "Forward" is no object
        if (head in self.generic or last in self.generic) and end - start < 2:
            return None  # "solving the problem", but "solving inverse problems"
        if TASK_WORD.fullmatch(last) or head in self.task_heads:
            return None  # "solving a classification task": the object is the task
        if not any(sum(c.isalpha() for c in t.text) >= 3 for t in doc[start:end]):
            return None
        return end

    def _shares_a_head(self, doc: Doc, end: int, stop: int) -> bool:
        """Whether "and" or "or" at ``end`` goes on to two name words or more: the object before
        it is then a modifier that shares their head ("forward and inverse PDE problems"), not
        a name of its own; a plural object ("parameters and states") is one."""
        if end >= stop or doc[end].lower_ not in ("and", "or"):
            return False
        words = 0
        for token in doc[end + 1 : stop]:
            if not self._object_word(token):
                break
            words += 1
        return words >= 2

    def _participle(self, token: Token) -> bool:
        """An -ing or -ed word that may go on a noun phrase ("Fast Moving Objects")."""
        lower = token.lower_
        return token.is_alpha and lower not in self.stops and lower.endswith(("ing", "ed")) and lower not in ING_NOUNS

    def _object_word(self, token: Token) -> bool:
        lower = token.lower_
        return lower_name_word(token, self.stops) and not (lower.endswith("ing") and lower not in ING_NOUNS)
