"""Acronym definitions in running text, after Schwartz and Hearst (2003).

A. S. Schwartz and M. A. Hearst, "A simple algorithm for identifying abbreviation
definitions in biomedical text", Pacific Symposium on Biocomputing 8:451-462, 2003.

Candidates are ``long form (SHORT)`` and, less often, ``SHORT (long form)``.  The
short form has 2-10 characters, a letter, and starts with a letter or digit; the
long form is at most ``min(len(short) + 5, 2 * len(short))`` words.  The long form
is then cut to the shortest tail whose characters contain the short form's
letters in order, the first one at the start of a word.  Works on plain text, so
it needs a sentencizer only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,120})\)")
_WORD = re.compile(r"\S+")
QUOTE_MARKS = frozenset('"\u201c\u201d')
"""Double quotation marks, straight and curly: around a name, they are not part of it."""


@dataclass(frozen=True)
class Abbreviation:
    """A short form defined by a long form, as character offsets into the text."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int


def _valid_short(text: str) -> bool:
    if not 2 <= len(text) <= 10 or " " in text.strip():
        return False
    if not text[0].isalnum() or not any(c.isalpha() for c in text):
        return False
    # An all-lower-case word in parentheses is an aside, not an acronym.
    return any(c.isupper() for c in text)


def best_long_form(short: str, long: str) -> int | None:
    """Start offset in ``long`` of the shortest tail that defines ``short``, or None.

    Scans both strings from the end: each letter or digit of the short form must
    appear in order in the long form, the first one at the start of a word.
    """
    s = len(short) - 1
    l_index = len(long) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while l_index >= 0 and (
            long[l_index].lower() != char or (s == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    return start


def _letters(short: str) -> str:
    """The short form without a plural ``s``: ``PINNs`` -> ``PINN``."""
    return short.rstrip("s") if short.endswith("s") and short[:-1].isupper() else short


def spells_out(short: str, name: str) -> bool:
    """True when the whole of ``name``, from its first word, is a long form of ``short``.

    "message-passing graph neural networks (GNNs)": "GNNs" spells out only the
    last three words, so it names another concept than the whole phrase.

    >>> spells_out("MPNNs", "Message-passing graph neural networks")
    True
    >>> spells_out("GNNs", "message-passing graph neural networks")
    False
    """
    return best_long_form(_letters(short), name) == 0


def _define(short: str, short_start: int, candidate: str, cand_start: int) -> Abbreviation | None:
    start = best_long_form(_letters(short), candidate)
    if start is None:
        return None
    long = candidate[start:].strip()
    inner = long[1:-1]
    if len(long) > 2 and {long[0], long[-1]} <= QUOTE_MARKS and not QUOTE_MARKS.intersection(inner):
        long = inner  # 'termed "Neural Constitutive Laws" (NCLaw)': the quotes are not the name's
    words = long.split()
    if len(words) < 2 and len(long) <= len(short):
        return None
    if short.lower() in long.lower().split():
        return None
    long_start = cand_start + candidate.index(long, start)
    return Abbreviation(short, short_start, short_start + len(short), long, long_start, long_start + len(long))


def find_abbreviations(text: str) -> list[Abbreviation]:
    """Every acronym definition in ``text`` (one sentence or more), in order."""
    found: list[Abbreviation] = []
    for match in _PAREN.finditer(text):
        inner = match.group(1)
        inner_start = match.start(1)
        # "(PINNs; Raissi et al.)" or "(PINNs, ...)": the acronym comes first.
        head = re.split(r"[;,]", inner, maxsplit=1)[0].strip()
        head_start = inner_start + inner.index(head) if head else inner_start
        before = text[: match.start()].rstrip()
        if _valid_short(head):
            words = list(_WORD.finditer(before))
            limit = min(len(head) + 5, 2 * len(head))
            window = words[-limit:]
            if window:
                cand_start = window[0].start()
                found_one = _define(head, head_start, before[cand_start:], cand_start)
                if found_one:
                    found.append(found_one)
                    continue
        # SHORT (long form): the word before the parenthesis is the acronym.
        words = list(_WORD.finditer(before))
        if words and len(inner.split()) >= 2:
            last = words[-1]
            short = last.group().strip(",;:")
            if _valid_short(short) and len(inner.split()) <= min(len(short) + 5, 2 * len(short)):
                start = best_long_form(short, inner)
                if start == 0:
                    found.append(
                        Abbreviation(
                            short,
                            last.start(),
                            last.start() + len(short),
                            inner.strip(),
                            inner_start,
                            inner_start + len(inner.strip()),
                        )
                    )
    return found
