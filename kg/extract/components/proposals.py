"""Whose names a paper's sentences give: the rules by which a name is the paper's proposal.

"We propose SineNet", "this paper presents X", "we call this architecture a Pointer Net",
"our method, called X": a name is the paper's own when the sentence speaks for its
authors.  The verbs and participles that propose or name come from the lexicon
(``naming.tsv``, :class:`NamingWords`); who speaks ("we", "this paper", "they") is
English grammar and stays here.  ``kg_patterns`` finds proposed and called names with
these rules; ``kg_resolve`` starts a span after a naming participle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from kg.extract.components.spans import DETERMINERS, PROPOSED, RESOLVED, title_end
from kg.extract.lexicon import Lexicon

AUTHORS = frozenset({"we", "paper", "work", "to"})
"""Words before a propose verb that make it the paper's: "we propose", "this paper presents", "we aim to introduce"."""
WE = frozenset({"we"})
"""The only word before a naming verb that makes it the paper's ("we call"; not "it is usual to call")."""
_CONNECTIVES = frozenset({"also", "further", "then", "first", "thus", "therefore", "hence", "here", "now", "next"})
"""Words that may stand between "we" and its verb: "we also introduce MultiONet" (as may any -ly adverb)."""
_SUBJECTS = frozenset({"we", "they", "it", "he", "she", "others"})
"""Subjects of a verb after "and": the last of them before it says whose verb it is."""
_OUR_WORDS = frozenset({"we", "our", "us", "here"})
"""Words by which a sentence speaks for the paper's authors, as does "this" before :data:`_OUR_WRITINGS`."""
_OUR_WRITINGS = frozenset({"paper", "work", "study", "article", "letter"})
_THIS_OR_OUR = frozenset({"this", "our", "present"})
"""Words before "paper" or "work" that make it the authors' own: "this paper proposes"; not "their work proposes"."""
SPEAKS_FOR_AUTHORS = re.compile(r"\b(?:we|our|ours|us)\b|\bthe proposed\b|\bthis (?:paper|work)\b", re.IGNORECASE)
"""Words by which a sentence speaks of the authors' own work: "our method", "we obtain", "the proposed"."""
REFER_SPAN = 12
"""How far back from "as" the verb of "refer to ... as" may stand ("We refer to the modified RPS,
which incorporates our improvements, as STABLE-RPS": 10 words)."""
NAMED_OBJECTS = DETERMINERS | {"it", "them", "this", "these", "our", "such", "as"}
"""Words that may stand between "we call" and the name: "we call *this architecture a* Pointer Net"."""


@dataclass(frozen=True)
class NamingWords:
    """The words of ``naming.tsv``: verbs that propose, verbs and participles that name."""

    propose: frozenset[str]
    """Verbs whose object, said by the authors, is the paper's own: "we propose SineNet"."""
    verbs: frozenset[str]
    """Verbs by which a paper names what it made, after "we": "We call this architecture a Pointer Net"."""
    participles: frozenset[str]
    """Words after which a name starts: "a learning paradigm termed Neural Metamorphosis"."""
    refer: frozenset[str] = frozenset()
    """Verbs after which "to ... as" gives a name: "a strategy referred to as ReLinear"."""
    passive: frozenset[str] = frozenset()
    """Participles by which "X is proposed" makes X the paper's own."""

    @classmethod
    def of(cls, lexicon: Lexicon) -> NamingWords:
        return cls(
            propose=lexicon.role("naming.tsv", "propose"),
            verbs=lexicon.role("naming.tsv", "verb"),
            participles=lexicon.role("naming.tsv", "participle"),
            refer=lexicon.role("naming.tsv", "refer"),
            passive=lexicon.role("naming.tsv", "passive"),
        )

    def proposed_here(self, token: Token) -> bool:
        """Whether ``token`` is the participle of "X is proposed" / "X are also introduced": the
        paper's own, said in the present; not "was proposed", not "is proposed by" others."""
        if token.lower_ not in self.passive or token.i < 2:
            return False
        doc = token.doc
        be = token.i - 1
        if doc[be].lower_ in _CONNECTIVES or doc[be].lower_.endswith("ly"):
            be -= 1
        after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        return be > token.sent.start and doc[be].lower_ in ("is", "are") and after != "by"

    def refers_as(self, token: Token) -> bool:
        """Whether ``token`` is the "as" of "referred to as", "we refer to the modified RPS ... as":
        a refer verb and "to" before it in its sentence, at most :data:`REFER_SPAN` words back."""
        if token.lower_ != "as" or not self.refer:
            return False
        doc = token.doc
        start = max(token.sent.start, token.i - REFER_SPAN)
        return any(doc[i].lower_ in self.refer and doc[i + 1].lower_ == "to" for i in range(start, token.i - 1))

    @property
    def triggers(self) -> frozenset[str]:
        """The words after which a proposed or called name may follow."""
        return self.propose | self.participles


def said_by_authors(verb: Token, openers: frozenset[str] = AUTHORS) -> bool:
    """Whether a propose or naming verb speaks for the paper: after one of ``openers`` ("we
    propose", "this paper presents"), "we also introduce", "we formally present", "we also
    call", or as a second verb of a sentence whose subject is we ("we aim to close this gap
    and propose MONet", "we train a network and call it X"; not "they extend it and propose")."""
    doc = verb.doc
    if verb.i == 0:
        return False
    before = doc[verb.i - 1].lower_
    if before in _OUR_WRITINGS:  # "this paper proposes", "our work presents"; not "their work proposes"
        return before in openers and verb.i > 1 and doc[verb.i - 2].lower_ in _THIS_OR_OUR
    if before in openers:
        return True
    if verb.i > 1 and doc[verb.i - 2].lower_ == "we" and (before in _CONNECTIVES or before.endswith("ly")):
        return True
    if before == "and":
        subjects = [t.lower_ for t in doc[verb.sent.start : verb.i] if t.lower_ in _SUBJECTS]
        return bool(subjects) and subjects[-1] == "we"
    return False


def names_for_authors(participle: Token) -> bool:
    """Whether a name after "called", "termed" … is the paper's own: its sentence speaks for
    the authors ("we introduce a framework termed X", "this paper proposes a method called
    X", "our method, called X") and the name is not a "so-called" one."""
    doc = participle.doc
    if participle.i >= 2 and doc[participle.i - 2].lower_ == "so" and doc[participle.i - 1].text == "-":
        return False
    words = [t.lower_ for t in participle.sent]
    return any(w in _OUR_WORDS for w in words) or any(a == "this" and b in _OUR_WRITINGS for a, b in pairwise(words))


def own_method(doc: Doc) -> Span | None:
    """The paper's own method: the method concept at the first name the paper proposes
    (``doc.spans["kg_proposed"]``, as ``kg_patterns`` and ``kg_resolve`` mark them), else the first
    method concept of the title, else None.

    A proposed name is a span of its own; the concept kg keeps there (``doc.spans["kg"]``) may be
    trimmed or widened by ``kg_resolve``, so the one that overlaps it stands for it.
    """
    concepts: list[Span] = sorted(doc.spans.get(RESOLVED, []), key=lambda s: (s.start, s.end))
    methods = [c for c in concepts if c.label_ == "method"]
    for proposed in sorted(doc.spans.get(PROPOSED, []), key=lambda s: (s.start, s.end)):
        for concept in methods:
            if concept.start < proposed.end and proposed.start < concept.end:
                return concept
    end = title_end(doc)
    return next((c for c in methods if c.end <= end), None)
