"""What kg reads from a SPARQL query's text before any engine sees it.

``kg sparql`` checks a query against the user's own lines and columns (the prefixes kg
declares come ahead of it and would shift every position), so the checks here work on
tokens of the text as written: the variables a query uses (for ``--bind``), the prefixed
names it uses without declaring them, and which variables hold the name of a concept
(the object of ``skos:prefLabel`` / ``skos:altLabel``), with the variable of the concept
that the name belongs to.  The reading is lexical and forgiving: a construct it does not
follow yields fewer name variables, never an error, and the engine stays the judge of
the syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kg.vocab import SKOS

PREF_LABEL = str(SKOS.prefLabel)
ALT_LABEL = str(SKOS.altLabel)

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
    | (?P<pname>(?:[A-Za-z\u00c0-\ufffd][\w\-.\u00b7\u00c0-\ufffd]*)?:(?:[\w\-.:%\u00b7\u00c0-\ufffd]|\\.)*)
    | (?P<word>[A-Za-z_][\w\-]*)
    | (?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<op>\^\^|\|\||&&|!=|<=|>=|[{}()\[\].,;|/^*+?!=<>-])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One token of a query, with its 1-based line and column in the text as written."""

    kind: str  # "string", "iri", "var", "pname", "word", "number", "lang", "op" or "other"
    text: str
    line: int
    column: int
    start: int  # offset in the text


@dataclass(frozen=True)
class NameVariable:
    """A variable that holds a concept's name, and what the query says about its concept.

    ``concept`` is the variable of the triple's subject (``?d`` in ``?d skos:prefLabel
    ?dataset``), or None when the subject is no variable; ``preferred`` says whether the
    predicate path allows ``skos:prefLabel`` (else only ``skos:altLabel``); ``classes``
    are the IRIs the query types the concept with (``?d a kg:Dataset``).
    """

    name: str
    concept: str | None
    preferred: bool
    classes: frozenset[str] = frozenset()


def tokens(query: str) -> Iterator[Token]:
    """The tokens of ``query`` without spaces and comments; a character kg cannot read is an ``other`` token."""
    line, line_start, pos = 1, 0, 0
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        kind = match.lastgroup if match else "other"
        text = match.group() if match else query[pos]
        if kind == "pname" and text.endswith(".") and not text.endswith("\\."):
            text = text.rstrip(".")  # "kg:Dataset." ends a triple; a local name cannot end in "."
        if kind not in ("space", "comment"):
            yield Token(kind or "other", text, line, pos - line_start + 1, pos)
        for offset, char in enumerate(text):
            if char == "\n":
                line, line_start = line + 1, pos + offset + 1
        pos += len(text)


def variables(query: str) -> tuple[str, ...]:
    """The names of the variables ``query`` uses (without ``?``), in order of first use."""
    return tuple(dict.fromkeys(t.text[1:] for t in tokens(query) if t.kind == "var"))


def declared_prefixes(query: str) -> dict[str, str]:
    """Prefix -> namespace for the ``PREFIX p: <ns>`` declarations of ``query``."""
    found: dict[str, str] = {}
    listed = list(tokens(query))
    for i, token in enumerate(listed[:-2]):
        declares = token.kind == "word" and token.text.upper() == "PREFIX" and listed[i + 1].kind == "pname"
        if declares and listed[i + 2].kind == "iri":
            found[listed[i + 1].text.rstrip(":")] = listed[i + 2].text[1:-1]
    return found


def undeclared_prefix(query: str, known: Mapping[str, str]) -> Token | None:
    """The first prefixed name whose prefix neither ``query`` nor ``known`` declares, or None."""
    declared = {**known, **declared_prefixes(query)}
    previous = ""
    for token in tokens(query):
        if token.kind == "pname" and previous.upper() != "PREFIX":
            prefix = token.text.partition(":")[0]
            if prefix not in declared:
                return token
        previous = token.text
    return None


_CLAUSE_WORDS = {"FILTER", "BIND", "VALUES", "SELECT", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET"}
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _expand(token: Token, prefixes: Mapping[str, str]) -> str | None:
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix)
        return None if namespace is None else namespace + local.replace("\\", "")
    if token.kind == "word" and token.text == "a":
        return _TYPE
    return None


def _skip_balanced(listed: list[Token], i: int) -> int:
    """The index after the bracketed group that starts at ``listed[i]``."""
    pairs = {"(": ")", "[": "]", "{": "}"}
    opener = listed[i].text
    depth = 0
    while i < len(listed):
        if listed[i].text == opener:
            depth += 1
        elif listed[i].text == pairs[opener]:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _triples(query: str, prefixes: Mapping[str, str]) -> Iterator[tuple[Token, list[Token], Token]]:
    """(subject, predicate-path tokens, object) of the plain triple patterns of ``query``'s group patterns."""
    listed = [t for t in tokens(query) if t.kind != "other"]
    i = 0
    while i < len(listed) and listed[i].text != "{":
        i += 1
    subject: Token | None = None
    path: list[Token] = []
    state = "subject"
    while i < len(listed):
        token = listed[i]
        upper = token.text.upper() if token.kind == "word" else ""
        if upper in _CLAUSE_WORDS:
            # An expression, a data block or a subquery's head: no triple pattern until the next group.
            i += 1
            while i < len(listed) and listed[i].text not in ("{", "}"):
                i = _skip_balanced(listed, i) if listed[i].text in ("(", "[") else i + 1
            if upper == "VALUES" and i < len(listed) and listed[i].text == "{":
                i = _skip_balanced(listed, i)
            state = "subject"
            continue
        if token.text in ("{", "}") or (token.kind == "word" and upper != "A"):
            state, i = "subject", i + 1  # OPTIONAL, UNION, MINUS, GRAPH ... open a new group
            continue
        if token.text == ".":
            state, i = "subject", i + 1
            continue
        if token.text in ("(", "[") and state != "predicate":
            subject, state = None, "predicate" if state == "subject" else "after-object"
            i = _skip_balanced(listed, i)
            continue
        if state == "subject":
            subject, state, i = token, "predicate", i + 1
            path = []
            continue
        if state == "predicate":
            path.append(token)
            i += 1
            # A path goes on after an operator or into a bracket; a plain term after an element ends it.
            while i < len(listed) and (listed[i].text in "|/*+?^()!" and listed[i].kind == "op"):
                path.append(listed[i])
                i += 1
                if path[-1].text in "|/^!(" and i < len(listed) and listed[i].text not in "(^!":
                    path.append(listed[i])
                    i += 1
            state = "object"
            continue
        if state == "object":
            if subject is not None:
                yield subject, path, token
            state, i = "after-object", i + 1
            continue
        if state == "after-object":
            if token.text == ",":
                state = "object"
            elif token.text == ";":
                state, path = "predicate", []
            else:
                state = "subject"
                continue
            i += 1
            continue
        i += 1


def name_variables(query: str, known: Mapping[str, str]) -> dict[str, NameVariable]:
    """The variables of ``query`` that are the object of a concept label (``skos:prefLabel|skos:altLabel``)."""
    prefixes = {**known, **declared_prefixes(query)}
    classes: dict[str, set[str]] = {}
    found: dict[str, NameVariable] = {}
    triples = list(_triples(query, prefixes))
    for subject, path, obj in triples:
        iris = [_expand(t, prefixes) for t in path if t.kind in ("iri", "pname", "word")]
        if subject.kind == "var" and iris == [_TYPE] and obj.kind in ("iri", "pname"):
            expanded = _expand(obj, prefixes)
            if expanded:
                classes.setdefault(subject.text[1:], set()).add(expanded)
        operators = {t.text for t in path if t.kind == "op"}
        if obj.kind != "var" or not iris or not operators <= {"|"}:
            continue
        if not set(iris) <= {PREF_LABEL, ALT_LABEL} or obj.text[1:] in found:
            continue
        concept = subject.text[1:] if subject.kind == "var" else None
        found[obj.text[1:]] = NameVariable(obj.text[1:], concept, PREF_LABEL in iris)
    return {
        name: NameVariable(v.name, v.concept, v.preferred, frozenset(classes.get(v.concept or "", ())))
        for name, v in found.items()
    }


def where_block(query: str) -> int | None:
    """The offset just inside the ``{`` that opens the query's WHERE block, or None.

    That is the ``{`` after the word WHERE, or, in a SELECT or ASK that leaves WHERE out,
    the first ``{`` outside brackets.  VALUES put there constrain the whole query.
    """
    first: int | None = None
    previous: Token | None = None
    depth, template = 0, False
    for token in tokens(query):
        if token.text == "{" and previous is not None and previous.kind == "word" and previous.text.upper() == "WHERE":
            return token.start + 1
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "{" and first is None and depth == 0:
            first = token.start + 1
        elif token.kind == "word" and token.text.upper() in ("CONSTRUCT", "DESCRIBE"):
            template = True  # a CONSTRUCT template's braces are no WHERE block
        previous = token
    return None if template else first


UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
"""The words a SPARQL Update operation can start with (after its PREFIX and BASE declarations)."""


def update_operation(query: str) -> Token | None:
    """The word that makes ``query`` a SPARQL Update (``INSERT``, ``DELETE``, ``LOAD`` ...), or None.

    Only the first word after the prologue counts, so a variable or a string that holds
    such a word, or a comment, is no update.
    """
    listed = list(tokens(query))
    i = 0
    while i < len(listed):
        word = listed[i].text.upper() if listed[i].kind == "word" else ""
        if word == "PREFIX":
            i += 3
        elif word == "BASE":
            i += 2
        else:
            return listed[i] if word in UPDATE_WORDS else None
    return None


def service_call(query: str) -> Token | None:
    """The first ``SERVICE`` keyword of ``query`` (a call to a remote endpoint), or None; comments and strings aside."""
    return next((t for t in tokens(query) if t.kind == "word" and t.text.upper() == "SERVICE"), None)
