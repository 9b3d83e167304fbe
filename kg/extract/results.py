"""Result claims: what a paper's text says a method scored, in which metric, on which data set.

"Our model achieves 28.4 BLEU on WMT 2014" is the claim (our model, WMT 2014, BLEU, 28.4).
The ``kg_result_claims`` component (:mod:`kg.extract.components.result_claims`) finds them;
each is a :class:`ResultClaim`, frozen and made of plain values (text and character offsets
into the text the pipeline read), so that it can be compared, hashed, cached and sent to
another process as it is, as the records of :mod:`kg.model` are.
"""

from __future__ import annotations

from dataclasses import dataclass

Offsets = tuple[int, int]
"""Character offsets ``(start, end)`` into the text the pipeline read, end exclusive."""


@dataclass(frozen=True, slots=True)
class ResultClaim:
    """A value the sentence at ``sentence`` states, with the metric, data set and method it is of.

    ``value`` is written as in the text ("71.8%", "28.4", "6.0x"), ``number`` is its number
    (71.8) and ``unit`` its unit (``%``, ``points``, ``x`` or empty).  ``relative`` marks a
    difference or a ratio ("by 2.3%", "a 28% relative improvement", "6.0x faster") rather than a
    score.  ``metric``, ``dataset`` and ``method`` are names as written, None where the
    sentence gives none; ``own`` says that the method is the paper's own ("our model", "we"),
    named by the paper's own proposed method when kg found one.  Each ``*_at`` is where that
    name or the value stands in the text.
    """

    value: str
    number: float
    unit: str
    relative: bool
    metric: str | None
    dataset: str | None
    method: str | None
    own: bool
    sentence: Offsets
    value_at: Offsets
    metric_at: Offsets | None = None
    dataset_at: Offsets | None = None
    method_at: Offsets | None = None
