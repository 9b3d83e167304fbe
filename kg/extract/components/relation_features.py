"""The features of a pair of concepts in one sentence, which the relation classifier weighs.

A pair is two concept spans of ``doc.spans["kg"]`` in one sentence, ``first`` before
``second`` in the text.  Its features are strings: the two concept types, their head words
(the last token), the words between them (each, the first and last, the whole stretch when
short), the words just outside, their distance and how many concepts lie between, and the
cues of the trigger words there (``relation_triggers.tsv``: "for" gives purpose, "outperforms"
comparison, "on" evaluation): feature set ``v1``, model 1's.  Feature set ``v2`` adds
conjunctions with the type pair, the stretch between with the concepts in it written as their
types, the order of the cues, commas and brackets, the arguments' shapes and a verb of
proposal before the pair (:func:`context_features`).  The model says which set it was trained
on (``meta.json``, ``features``); the same function makes the features in training
(``training/relations/train.py``) and in the pipeline, so that the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span

from kg.extract.components.spans import CONJUNCTIONS
from kg.extract.lexicon import Lexicon

TRIGGERS_FILE = "relation_triggers.tsv"
CONCEPT_KIND = {"method": "method", "task": "task", "dataset": "dataset", "material": "dataset"}
"""kg's span labels as the argument types the classifier knows; a material that names no data
set is, for relations, what SciERC's Material is: data."""
_SHORT_STRETCH = 4
_SHORT_MASKED = 6
FEATURE_SETS = ("v1", "v2")
PROPOSAL_WORDS = frozenset({"propose", "proposes", "proposed", "present", "presents", "introduce", "introduces"})
PROPOSAL_WORDS |= {"develop", "develops", "developed", "describe", "describes", "described"}
"""Verbs by which a sentence puts forward its paper's own method ("we propose A for B")."""
_DISTANCE_BUCKETS = (0, 1, 2, 3, 5, 8, 12)


@cache
def triggers() -> dict[str, str]:
    """Each trigger word of the shipped lexicon and its cue (read once)."""
    return Lexicon.shipped().table(TRIGGERS_FILE)


def concept_kind(span: Span) -> str:
    """The argument type of a concept span: method, task or dataset (other labels as written)."""
    return CONCEPT_KIND.get(span.label_, span.label_)


def _bucket(value: int) -> str:
    for bound in _DISTANCE_BUCKETS:
        if value <= bound:
            return str(bound)
    return f">{_DISTANCE_BUCKETS[-1]}"


def _words(doc: Doc, start: int, end: int) -> list[str]:
    return [token.lower_ for token in doc[max(start, 0) : max(end, 0)]]


def pair_features(
    doc: Doc, first: Span, second: Span, sentence: Span, between: Sequence[Span], feature_set: str = "v1"
) -> list[str]:
    """The features of ``first`` and ``second`` (``first`` earlier) in ``sentence``.

    ``between`` are the other concepts that lie between the two, in text order;
    ``feature_set`` is one of :data:`FEATURE_SETS`.
    """
    features = _base_features(doc, first, second, sentence, len(between))
    if feature_set == "v2":
        features += context_features(doc, first, second, sentence, between)
    elif feature_set != "v1":
        raise ValueError(f"unknown relation feature set {feature_set!r}; known: {', '.join(FEATURE_SETS)}")
    return features


def _base_features(doc: Doc, first: Span, second: Span, sentence: Span, between: int) -> list[str]:
    cues = triggers()
    kinds = f"{concept_kind(first)}>{concept_kind(second)}"
    head_a, head_b = first[-1].lower_, second[-1].lower_
    gap = _words(doc, first.end, second.start)
    before = _words(doc, max(sentence.start, first.start - 2), first.start)
    after = _words(doc, second.end, min(sentence.end, second.end + 2))
    features = [
        f"kinds={kinds}",
        f"head_a={head_a}",
        f"head_b={head_b}",
        f"heads={head_a}|{head_b}",
        f"first_a={first[0].lower_}",
        f"first_b={second[0].lower_}",
        f"distance={_bucket(len(gap))}",
        f"kinds_distance={kinds}|{_bucket(len(gap))}",
        f"between_concepts={min(between, 3)}",
        f"kinds_between_concepts={kinds}|{min(between, 3)}",
    ]
    if len(gap) <= _SHORT_STRETCH:
        stretch = " ".join(gap)
        features += [f"stretch={stretch}", f"kinds_stretch={kinds}|{stretch}"]
    if gap:
        features += [f"gap_first={gap[0]}", f"gap_last={gap[-1]}", f"kinds_gap_last={kinds}|{gap[-1]}"]
        features += [f"kinds_gap_first={kinds}|{gap[0]}"]
    features += [f"gap={word}" for word in dict.fromkeys(gap)]
    features += [f"gap_pair={a}_{b}" for a, b in dict.fromkeys(pairwise(gap))]
    gap_cues = dict.fromkeys(cues[word] for word in gap if word in cues)
    features += [f"cue={cue}" for cue in gap_cues]
    features += [f"kinds_cue={kinds}|{cue}" for cue in gap_cues]
    features += _outside("before", before, cues, kinds)
    features += _outside("after", after, cues, kinds)
    if first.end == second.start:
        features.append("adjacent")
    return features


def _outside(where: str, words: Sequence[str], cues: dict[str, str], kinds: str) -> list[str]:
    features = [f"{where}={word}" for word in words]
    features += [f"{where}_cue={kinds}|{cues[word]}" for word in words if word in cues]
    return features


def _shape(span: Span) -> str:
    text = span.text
    if len(span) == 1 and sum(c.isupper() for c in text) >= 2:
        return "acronym"
    return str(min(len(span), 3))


def context_features(doc: Doc, first: Span, second: Span, sentence: Span, between: Sequence[Span]) -> list[str]:
    """The features that feature set ``v2`` adds to ``v1``'s (the module docstring lists them)."""
    cues = triggers()
    kinds = f"{concept_kind(first)}>{concept_kind(second)}"
    gap = _words(doc, first.end, second.start)
    features = [f"kinds_gap={kinds}|{word}" for word in dict.fromkeys(gap)]
    features += [f"kinds_head_a={kinds}|{first[-1].lower_}", f"kinds_head_b={kinds}|{second[-1].lower_}"]
    masked: list[str] = []
    position = first.end
    for inner in between:
        masked += _words(doc, position, inner.start)
        masked.append(concept_kind(inner).upper())
        position = inner.end
    masked += _words(doc, position, second.start)
    if between and len(masked) <= _SHORT_MASKED:
        stretch = " ".join(masked)
        features += [f"masked={stretch}", f"kinds_masked={kinds}|{stretch}"]
    order: list[str] = []
    for word in gap:
        cue = cues.get(word)
        if cue is not None and (not order or order[-1] != cue):
            order.append(cue)
    if order:
        sequence = ">".join(order[:4])
        features += [f"cue_order={sequence}", f"kinds_cue_order={kinds}|{sequence}"]
    commas = sum(1 for word in gap if word == ",")
    features.append(f"commas={min(commas, 2)}")
    if gap and all(word in CONJUNCTIONS for word in gap):
        features += ["joined", f"kinds_joined={kinds}"]
    if gap == ["("] and second.end < len(doc) and doc[second.end].text == ")":
        features += ["bracketed", f"kinds_bracketed={kinds}"]
    features += [f"shape_a={_shape(first)}", f"shape_b={_shape(second)}"]
    if any(token.lower_ in PROPOSAL_WORDS for token in doc[sentence.start : first.start]):
        features += ["proposal_before", f"kinds_proposal_before={kinds}"]
    return features
