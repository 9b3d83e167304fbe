"""The features of a pair of concepts in one sentence, which the relation classifier weighs.

A pair is two concept spans of ``doc.spans["kg"]`` in one sentence, ``first`` before
``second`` in the text.  Its features are strings: the two concept types, their head words
(the last token), the words between them (each, the first and last, the whole stretch when
short), the words just outside, their distance and how many concepts lie between, and the
cues of the trigger words there (``relation_triggers.tsv``: "for" gives purpose, "outperforms"
comparison, "on" evaluation).  The same function makes the features in training
(``training/relations/train.py``) and in the pipeline, so that the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from spacy.tokens import Doc, Span

from kg.extract.lexicon import Lexicon

TRIGGERS_FILE = "relation_triggers.tsv"
CONCEPT_KIND = {"method": "method", "task": "task", "dataset": "dataset", "material": "dataset"}
"""kg's span labels as the argument types the classifier knows; a material that names no data
set is, for relations, what SciERC's Material is: data."""
_SHORT_STRETCH = 4
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


def pair_features(doc: Doc, first: Span, second: Span, sentence: Span, between: int) -> list[str]:
    """The features of ``first`` and ``second`` (``first`` earlier) in ``sentence``.

    ``between`` is how many other concepts lie between the two.
    """
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
