"""Builders of small SciREX records written by hand, shared by the SciREX test files.

A SciREX record holds a paper as tokens with ``[start, end)`` token spans for its sections,
sentences, mentions and coreference clusters.  Writing those spans by hand is error-prone,
so the tests find them by phrase and assemble the record here, in one place.
"""

from __future__ import annotations

from typing import Any


def tokens(text: str) -> list[str]:
    """SciREX's tokens of ``text``, which is written with a space between any two."""
    return text.split()


def span_of(words: list[str], phrase: str, after: int = 0) -> list[int]:
    """``[start, end)`` of the first run of ``phrase``'s tokens in ``words`` from ``after``.

    Fails the test at once if the phrase is missing: a fixture that names a mention the text
    does not hold is a mistake in the fixture, not a finding about the code under test."""
    wanted = tokens(phrase)
    for i in range(after, len(words)):
        if words[i : i + len(wanted)] == wanted:
            return [i, i + len(wanted)]
    raise AssertionError(f"{phrase!r} not in the record")


def scirex_record(
    doc_id: str,
    words: list[str],
    sections: list[list[int]],
    sentences: list[list[int]],
    ner: list[list[Any]],
    coref: dict[str, list[list[int]]],
    n_ary_relations: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A record with SciREX's keys, the ones the tests do not vary left empty, so that each
    test states only the parts of the paper it is about."""
    return {
        "doc_id": doc_id,
        "words": words,
        "sections": sections,
        "sentences": sentences,
        "ner": ner,
        "coref": coref,
        "coref_non_salient": {},
        "n_ary_relations": n_ary_relations or [],
        "method_subrelations": {},
    }
