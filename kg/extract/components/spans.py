"""What kg's components share about spans and tokens, below any vocabulary.

The span groups the components fill (``doc.spans["kg_candidates"]``: every rule's
proposals; ``doc.spans["kg"]``: the resolved concepts; ``doc.spans["kg_proposed"]``: the
paper's own contributions), the title and sentence a span stands in, and the shapes of
the tokens of names (capitals, digits, brackets that pair up).  Nothing here reads the
lexicon: a component's words come from its own lexicon (:mod:`kg.extract.lexicon`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, SpanGroup, Token

from kg.normalize import TASK_HEADS, is_acronym

CANDIDATES = "kg_candidates"
RESOLVED = "kg"
MATERIAL = "material"
"""Label of a SciERC Material that is not a named data set ("English text"): scored, not linked."""
PROPOSED = "kg_proposed"
FIELD_SEPARATOR = "\n\n"
"""Between a paper's title and abstract in the text the pipeline reads."""
MAX_NAME_TOKENS = 6
"""The most tokens of a name that a rule reads as one."""
DETERMINERS = frozenset({"the", "a", "an"})
CONJUNCTIONS = frozenset({"and", "or", ","})
"""Tokens that join the names of a coordination ("VAEs and k-means", "A, B or C"); see also
:func:`joins_names` and, for lists of data sets, ``datasets.LIST_JOINERS``."""
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_BRACKETS.values())
_NAME_CHARS = re.compile(r"^[\w\-+.]+$")
WORDLIKE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-]*$")
"""A token made of letters, digits and inner hyphens."""
DASH = re.compile(r"[-\u2010-\u2013]+")
"""A token that is a hyphen or dash (the tokenizer splits "non-local" into three tokens)."""
TASK_WORD = re.compile(TASK_HEADS)
"""A word that only says a name is a task: "task(s)", "problem(s)" (match a lower-case token)."""
if not Doc.has_extension("kg_abbreviations"):
    Doc.set_extension("kg_abbreviations", default=None)
if not Doc.has_extension("kg_title_end"):
    Doc.set_extension("kg_title_end", default=None)


def add_candidate(doc: Doc, span: Span | None, kind: str, rule: str) -> None:
    """Add ``span`` to the candidates as ``kind``, found by ``rule`` (nothing for None or blank)."""
    if span is None or not span.text.strip():
        return
    group = doc.spans[CANDIDATES] if CANDIDATES in doc.spans else SpanGroup(doc, name=CANDIDATES)
    group.append(Span(doc, span.start, span.end, label=kind, span_id=rule))
    doc.spans[CANDIDATES] = group


def title_end(doc: Doc) -> int:
    """Index of the token that separates title and abstract (``len(doc)`` if there is none).

    Found once per doc and kept in ``doc._.kg_title_end``: the rules ask it for every span.
    """
    found: int | None = doc._.kg_title_end
    if found is None:
        found = next((t.i for t in doc if t.is_space and FIELD_SEPARATOR in t.text), len(doc))
        doc._.kg_title_end = found
    return found


def in_title(span: Span) -> bool:
    """True for a span in the title part of a "title, blank line, abstract" text."""
    return span.end <= title_end(span.doc) < len(span.doc)


def sentence_of(span: Span) -> Span:
    """The span's sentence, or the whole text where sentences are not set."""
    doc = span.doc
    return span.sent if doc.has_annotation("SENT_START") else doc[:]


def concepts_by_sentence(doc: Doc, concepts: list[Span]) -> Iterator[tuple[Span, list[Span]]]:
    """Each sentence of ``doc`` (the whole text where sentences are not set) with the spans of
    ``concepts`` (sorted by start) that lie inside it, in one pass over both: a long text has
    many of each."""
    sentences = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    i = 0
    for sentence in sentences:
        while i < len(concepts) and concepts[i].start < sentence.start:
            i += 1
        inside = []
        while i < len(concepts) and concepts[i].start < sentence.end:
            if concepts[i].end <= sentence.end:
                inside.append(concepts[i])
            i += 1
        yield sentence, inside


def balanced_end(doc: Doc, start: int, end: int) -> int:
    """The end of the longest run of tokens from ``start`` whose brackets pair up within it.

    Brackets are read character by character, so "O(n)" split into "O(n" and ")" pairs up;
    but a word that goes on after closing a bracket ("(GNN)-based") is not inside the name.
    """
    unclosed: list[tuple[str, int]] = []  # (closing bracket awaited, token where it opened)
    for i in range(start, end):
        text = doc[i].text
        for at, char in enumerate(text):
            if char in _BRACKETS:
                unclosed.append((_BRACKETS[char], i))
            elif char in _CLOSERS:
                # "E(n)-Equivariant" is one word; "(GNN)-based" glues a word to a bracketed one.
                glued = unclosed and unclosed[-1][1] != i and any(c.isalnum() for c in text[at + 1 :])
                if not unclosed or unclosed[-1][0] != char or glued:
                    return min([i] + [opened for _, opened in unclosed[:1]])
                unclosed.pop()
    return unclosed[0][1] if unclosed else end


def hyphen_joined(token: Token) -> bool:
    """Whether a hyphen with no space around it ties ``token`` to the word before: "speed-up"."""
    before = token.nbor(-1) if token.i > 0 else None
    return before is not None and before.text == "-" and not before.whitespace_


def ties_to_next(token: Token) -> bool:
    """Whether a hyphen with no space around it ties ``token`` to the word after: "Prior" of
    "Prior-Data Fitted Networks"."""
    doc = token.doc
    return (
        token.i + 2 < len(doc)
        and not token.whitespace_
        and doc[token.i + 1].text == "-"
        and hyphen_joined(doc[token.i + 2])
    )


def joins_names(token: Token) -> bool:
    """A slash between two words, as in "CIFAR-10/FFHQ" or "classification/regression";
    between single letters it belongs to an abbreviation ("Q/A", "I/O")."""
    if token.text != "/" or token.i == 0 or token.i + 1 >= len(token.doc):
        return False
    return len(token.doc[token.i - 1]) > 1 and len(token.doc[token.i + 1]) > 1


def name_like(token: Token) -> bool:
    """A token that can be part of a proper name: capitals or digits, not a stop word."""
    text = token.text
    if token.is_space or (token.is_punct and text not in "-+.") or not _NAME_CHARS.match(text):
        return False
    if token.lower_ in STOP_WORDS and not is_acronym(text):
        return False
    return any(c.isupper() for c in text) or (any(c.isdigit() for c in text) and any(c.isalpha() for c in text))


def lower_name_word(token: Token, stops: frozenset[str]) -> bool:
    """A word that can be part of a name written in lower case ("sparse linear systems"):
    letters, digits and inner hyphens with a letter among them, neither one of ``stops`` nor
    an adverb in "-ly"."""
    lower = token.lower_
    return (
        WORDLIKE.match(token.text) is not None
        and any(c.isalpha() for c in lower)
        and lower not in stops
        and not lower.endswith("ly")
    )


def name_run(doc: Doc, start: int, stop: int) -> Span | None:
    """The longest run of name-like tokens (hyphens allowed inside) from ``start``."""
    end = start
    while end < stop and end - start < MAX_NAME_TOKENS:
        token = doc[end]
        if name_like(token) or (token.text in "-" and end + 1 < stop and name_like(doc[end + 1]) and end > start):
            end += 1
        else:
            break
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if end > start else None
