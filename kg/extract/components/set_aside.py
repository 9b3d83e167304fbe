"""Concepts a sentence sets aside: "without fine-tuning", "unlike CNNs", "GNNs fail on …".

A relation classifier reads the words between two concepts; the words that turn a mention
into a contrast often stand outside the pair: "Unlike convolutional networks, our model
captures long-range dependencies" names convolutional networks and long-range dependency
modelling in one sentence, and states no use of the one for the other.  So neither does
"HyPINO generalises to parametric PDEs without task-specific fine-tuning" (fine-tuning is not
used for the PDEs), nor "message-passing networks fail on heterophilic graphs".

A concept is *set aside* by its sentence when a ``before`` phrase of ``set_aside.tsv``
("without", "unlike", "instead of" …) comes at most :data:`MAX_GAP` words before it, with no
punctuation, clause word or other concept between ("without requiring any fine-tuning"); when
an ``after`` phrase ("fail", "struggles", "cannot" …) follows it, past at most
:data:`MAX_BETWEEN` ``between`` words ("X often fail", "X, however, struggle"); or when it is
joined by "and", "or" or a comma to a concept set aside just before it ("unlike CNNs and
RNNs").  :func:`kg.extract.components.relations.decided_relations` drops the ``used-for`` and
``evaluated-on`` relations with an argument set aside ("HyPINO ... without fine-tuning" is no
use of HyPINO for fine-tuning either); comparisons stay, as they are what such a
sentence states.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Doc, Span

from kg.extract.components.spans import CONJUNCTIONS
from kg.extract.lexicon import Lexicon

SET_ASIDE_FILE = "set_aside.tsv"
MAX_GAP = 3
"""Words that may stand between a ``before`` phrase and the concept ("without requiring any X")."""
MAX_BETWEEN = 2
"""``between`` words that may stand between the concept and an ``after`` phrase."""
VETOED_TYPES = frozenset({"used-for", "evaluated-on"})
"""The relation types whose head a sentence must not set aside."""
_CLAUSE_WORDS = frozenset({"and", "or", "but", "which", "that", "who", "while", "whereas", "we", "our", "it", "they"})


@cache
def _phrases(role: str) -> tuple[tuple[str, ...], ...]:
    """The shipped phrases of ``role``, longest first, as word tuples (read once)."""
    words = Lexicon.shipped().role(SET_ASIDE_FILE, role)
    return tuple(sorted((tuple(w.split()) for w in words), key=len, reverse=True))


@cache
def _between_words() -> frozenset[str]:
    return frozenset(phrase[0] for phrase in _phrases("between"))


def _sentence(span: Span) -> tuple[int, int]:
    """The token bounds of ``span``'s sentence (the whole doc where sentences are not set)."""
    if span.doc.has_annotation("SENT_START"):
        sentence = span.sent
        return sentence.start, sentence.end
    return 0, len(span.doc)


def _ends_at(doc: Doc, end: int, phrase: tuple[str, ...]) -> bool:
    start = end - len(phrase)
    return start >= 0 and tuple(t.lower_ for t in doc[start:end]) == phrase


def _starts_at(doc: Doc, start: int, phrase: tuple[str, ...]) -> bool:
    end = start + len(phrase)
    return end <= len(doc) and tuple(t.lower_ for t in doc[start:end]) == phrase


def _cue_before(doc: Doc, span: Span, floor: int) -> bool:
    """Whether a ``before`` phrase ends at most :data:`MAX_GAP` clean words before ``span``,
    no earlier than ``floor`` (the end of the concept before it)."""
    before = _phrases("before")
    at = span.start
    for _ in range(MAX_GAP + 1):
        if at <= floor:
            return False
        if any(_ends_at(doc, at, phrase) and at - len(phrase) >= floor for phrase in before):
            return True
        token = doc[at - 1]
        if token.is_punct or token.lower_ in _CLAUSE_WORDS:
            return False
        at -= 1
    return False


def _cue_after(doc: Doc, span: Span) -> bool:
    """Whether an ``after`` phrase follows ``span``, past at most :data:`MAX_BETWEEN` ``between`` words."""
    between = _between_words()
    after = _phrases("after")
    at = span.end
    limit = _sentence(span)[1]
    for _ in range(MAX_BETWEEN + 1):
        if at >= limit:
            return False
        if any(_starts_at(doc, at, phrase) for phrase in after):
            return True
        if doc[at].lower_ not in between:
            return False
        at += 1
    return False


def set_aside(doc: Doc, concepts: Iterable[Span]) -> frozenset[tuple[int, int]]:
    """The (start, end) token offsets of the ``concepts`` their sentences set aside."""
    ordered = sorted(set((s.start, s.end) for s in concepts))
    found: set[tuple[int, int]] = set()
    previous: tuple[int, int] | None = None
    for start, end in ordered:
        span = doc[start:end]
        floor = max(_sentence(span)[0], previous[1] if previous is not None and previous[1] <= start else 0)
        joined = (
            previous is not None
            and previous in found
            and 0 < start - previous[1] <= 2
            and all(t.lower_ in CONJUNCTIONS for t in doc[previous[1] : start])
        )
        if joined or _cue_before(doc, span, floor) or _cue_after(doc, span):
            found.add((start, end))
        previous = (start, end)
    return frozenset(found)
