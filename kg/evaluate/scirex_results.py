"""kg's result claims and concept pairs against SciREX's result tuples (issue 23).

kg reads the title and abstract of each paper of a SciREX split (the held-out 50 of
``training/scirex-split.json`` by default) with ``load_pipeline(relations=True,
result_claims=True)``, the default pipeline with ``kg_relations`` and ``kg_result_claims``
added, and is scored two ways against the paper's ``n_ary_relations``
(:mod:`kg.evaluate.scirex_tuples`):

- **result claims**: the gold tuples are those whose value and data set occur in title
  and abstract; the claims scored are kg's claims of a score (a relative claim, "by 2.3%",
  is no SciREX tuple: they are counted apart).  A claim matches a tuple on the value when
  the numbers are equal, and on a name when :func:`kg.evaluate.scirex.match` matches the
  claim's name (and the names of the concept it stands in, as linked) with the entity's
  forms, a data set's also without its designation.  Precision and recall are given for
  the value alone, for the value with each other field, and for the whole tuple
  (method, data set, metric, value); a claim is right when it matches some gold tuple of
  its paper, a tuple is found when some claim matches it;
- **pairs**: the distinct (method, data set) and (method, task) pairs of the tuples whose
  two entities occur in title and abstract.  One is *linked by relations* when
  ``kg_relations`` relates, by used-for or evaluated-on in either direction, two concepts
  of the paper whose names match the two entities, and *as typed* when the relation is
  the method's used-for the task or evaluated-on the data set.  One is *linked by
  co-occurrence* when the graph kg builds today holds the link (``kg.graph.concept_links``:
  applied-to for a task, evaluated-on for a data set) from a method concept matching the
  method to a concept matching the other, with the paper among its papers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from kg.evaluate.metrics import PRF
from kg.evaluate.scirex import match
from kg.evaluate.scirex_tuples import ResultDocument, ResultTuple, same_number
from kg.extract.components import FIELD_SEPARATOR
from kg.extract.components.relations import EXTENSION as RELATIONS
from kg.extract.components.result_claims import EXTENSION as CLAIMS
from kg.extract.dataset_names import dataset_surface
from kg.extract.extractor import mentions_of, paper_text
from kg.extract.results import Offsets, ResultClaim
from kg.graph import LINKS, build_graph, concept_links, paper_node
from kg.link import link
from kg.model import Paper

FIELDS = ("value", "value+dataset", "value+metric", "value+method", "tuple")
"""What a claim must match of a tuple, from the value alone to the whole tuple."""
PAIR_KINDS = ("dataset", "task")
LINKING_TYPES = frozenset({"used-for", "evaluated-on"})
AS_TYPED = {"dataset": "evaluated-on", "task": "used-for"}
"""The relation of the method to the other entity that reads as the pair's: M evaluated-on D, M used-for T."""
CO_OCCURRENCE: dict[str, str] = {kind: relation for (_, kind), relation in LINKS.items()}
PAIR_LINKS = {
    "by_relation": "relations",
    "as_typed": "as typed",
    "by_claim": "claims",
    "by_co_occurrence": "co-occurrence",
    "in_one_sentence": "one sentence",
}
"""How a pair may be linked (see the module's docstring), and its column; "one sentence" is no
link but the pairs a relation within one sentence could reach."""


@dataclass(frozen=True)
class NamedClaim:
    """A claim and the names each of its parts goes by (its text, and the names of the concept there)."""

    claim: ResultClaim
    dataset: tuple[str, ...]
    metric: tuple[str, ...]
    method: tuple[str, ...]


@dataclass(frozen=True)
class RelatedPair:
    """A relation kg_relations found: its type, and the names of its head and its tail."""

    type: str
    head: tuple[str, ...]
    tail: tuple[str, ...]


@dataclass(frozen=True)
class LinkedPair:
    """A co-occurrence link of the graph for this paper: its relation and the two concepts' names."""

    relation: str
    source: tuple[str, ...]
    target: tuple[str, ...]


@dataclass(frozen=True)
class PaperResults:
    """What kg made of one paper: its claims, its relations and its co-occurrence links."""

    claims: tuple[NamedClaim, ...]
    relations: tuple[RelatedPair, ...]
    links: tuple[LinkedPair, ...]


def _paper(document: ResultDocument) -> Paper:
    doc = document.document
    paper = Paper(doc.doc_id, doc.text[: doc.title_end], doc.text[doc.title_end + len(FIELD_SEPARATOR) :])
    if paper.title + FIELD_SEPARATOR + paper.abstract != doc.text:
        raise ValueError(f"document {doc.doc_id}: its text is not title, blank line, abstract")
    return paper


def extract_results(nlp: Language, documents: Sequence[ResultDocument], batch_size: int = 64) -> list[PaperResults]:
    """Claims, relations and co-occurrence links of each paper.

    ``nlp`` is a pipeline with ``kg_relations`` and ``kg_result_claims``.  The papers'
    mentions are linked together with :func:`kg.link.link` and the graph made with
    :func:`kg.graph.build_graph`, as ``kg build`` does; a span's names are its text and
    the label and aliases of the concept it was linked to.
    """
    papers = [_paper(d) for d in documents]
    docs: list[Doc] = list(nlp.pipe((paper_text(p) for p in papers), batch_size=batch_size))
    per_paper = [mentions_of(paper, doc) for paper, doc in zip(papers, docs, strict=True)]
    concepts, linked = link([m for mentions in per_paper for m in mentions])
    by_id = {c.id: (c.label, *c.aliases) for c in concepts}
    concept_at: dict[tuple[str, str, int, int], str] = {
        (i.mention.paper_id, i.mention.field, i.mention.start, i.mention.end): i.concept_id for i in linked
    }
    graph = build_graph(papers, concepts, linked).graph
    links_of: dict[str, list[LinkedPair]] = {}
    for found in concept_links(graph):
        relation_names = (
            (graph.nodes[found.source]["label"], *graph.nodes[found.source]["aliases"]),
            (graph.nodes[found.target]["label"], *graph.nodes[found.target]["aliases"]),
        )
        for node in found.papers:
            links_of.setdefault(node, []).append(LinkedPair(found.relation, *relation_names))
    result = []
    for paper, doc in zip(papers, docs, strict=True):
        abstract_start = len(paper.title) + len(FIELD_SEPARATOR)

        def names(
            at: Offsets | None, text: str | None, paper: Paper = paper, start: int = abstract_start
        ) -> tuple[str, ...]:
            if at is None or text is None:
                return ()
            place = ("abstract", at[0] - start, at[1] - start) if at[0] >= start else ("title", *at)
            concept = concept_at.get((paper.id, *place))
            return (text, *by_id[concept]) if concept else (text,)

        claims = tuple(
            NamedClaim(
                c,
                names(c.dataset_at, c.dataset),
                () if c.metric is None else (c.metric,),
                names(c.method_at, c.method),
            )
            for c in doc._.get(CLAIMS)
        )
        relations = tuple(
            RelatedPair(
                r.type,
                names((r.head.start_char, r.head.end_char), r.head.text),
                names((r.tail.start_char, r.tail.end_char), r.tail.text),
            )
            for r in doc._.get(RELATIONS)
        )
        result.append(PaperResults(claims, relations, tuple(links_of.get(paper_node(paper.id), ()))))
    return result


def _dataset_names(names: Sequence[str]) -> tuple[str, ...]:
    return (*names, *(dataset_surface(n) for n in names))


def claim_matches(claim: NamedClaim, gold: ResultTuple, document: ResultDocument, wanted: str) -> bool:
    """Whether ``claim`` matches ``gold`` on what ``wanted`` (one of :data:`FIELDS`) asks."""
    if gold.number is None or not same_number(claim.claim.number, gold.number):
        return False
    if wanted == "value":
        return True
    parts = ("dataset", "metric", "method") if wanted == "tuple" else (wanted.split("+")[1],)
    return all(_part_matches(claim, gold, document, part) for part in parts)


def _part_matches(claim: NamedClaim, gold: ResultTuple, document: ResultDocument, part: str) -> bool:
    if part == "dataset":
        return match(_dataset_names(claim.dataset), _dataset_names(document.names(gold.dataset)))
    if part == "metric":
        return match(claim.metric, document.names(gold.metric))
    return match(claim.method, document.names(gold.method))


@dataclass(frozen=True)
class PairOutcome:
    """One gold pair of a paper and how kg linked it."""

    doc_id: str
    kind: str
    method: str
    other: str
    by_relation: bool
    as_typed: bool
    by_claim: bool
    """A result claim names the method and the data set (always False for a task)."""
    by_co_occurrence: bool
    in_one_sentence: bool
    """The two entities have mentions in one sentence: what a relation within a sentence can reach."""


@dataclass(frozen=True)
class ClaimPRF(PRF):
    """:class:`PRF` whose precision counts the claims that are right (``right``), and whose
    recall the gold tuples found (``tp``): the two may differ, as one claim can match two
    tuples (SciREX writes one result under two metric names, "Mean_IoU" and "mIoU")."""

    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {**super().as_dict(), "right": self.right}


@dataclass(frozen=True)
class ResultsReport:
    """The scores of one split: claims per field, and the pairs' outcomes."""

    split: str
    documents: int
    claims: dict[str, ClaimPRF]
    relative_claims: int
    pairs: tuple[PairOutcome, ...] = field(default=())

    def pair_recall(self, kind: str | None, how: str) -> tuple[int, int]:
        """(linked, total) of the pairs of ``kind`` (None: both), ``how`` one of :data:`PAIR_LINKS`."""
        chosen = [p for p in self.pairs if kind is None or p.kind == kind]
        return sum(1 for p in chosen if getattr(p, how)), len(chosen)

    def as_dict(self) -> dict[str, object]:
        pairs: dict[str, object] = {}
        for kind in (*PAIR_KINDS, "all"):
            row = {}
            for how in PAIR_LINKS:
                hits, total = self.pair_recall(None if kind == "all" else kind, how)
                row[how] = {"linked": hits, "total": total, "recall": round(hits / total, 4) if total else 0.0}
            pairs[kind] = row
        return {
            "split": self.split,
            "documents": self.documents,
            "claims": {name: prf.as_dict() for name, prf in self.claims.items()},
            "relative_claims": self.relative_claims,
            "pairs": pairs,
        }

    def table(self) -> str:
        lines = [
            "result claims (scores, not relative ones) against the tuples whose value and data set occur",
            f"{'match on':<15}{'P':>7}{'R':>7}{'F1':>7}{'claims':>8}{'right':>7}{'tuples':>8}{'found':>7}",
        ]
        for name, prf in self.claims.items():
            lines.append(
                f"{name:<15}{prf.precision:7.3f}{prf.recall:7.3f}{prf.f1:7.3f}"
                f"{prf.predicted:8d}{prf.right:7d}{prf.gold:8d}{prf.tp:7d}"
            )
        lines.append(f"relative claims (not scored): {self.relative_claims}")
        lines.append("")
        lines.append("pairs of the tuples whose two names occur: recall")
        lines.append(f"{'pair':<16}" + "".join(f"{PAIR_LINKS[how]:>15}" for how in PAIR_LINKS))
        for kind in (*PAIR_KINDS, "all"):
            cells = []
            for how in PAIR_LINKS:
                hits, total = self.pair_recall(None if kind == "all" else kind, how)
                cells.append(f"{hits}/{total} {hits / total if total else 0.0:.3f}")
            label = {"dataset": "method-dataset", "task": "method-task", "all": "all"}[kind]
            lines.append(f"{label:<16}" + "".join(f"{c:>15}" for c in cells))
        return "\n".join(lines)


def _names_match(names: Sequence[str], document: ResultDocument, entity: str, kind: str) -> bool:
    wanted = document.names(entity)
    if kind == "dataset":
        return match(_dataset_names(names), _dataset_names(wanted))
    return match(names, wanted)


def pair_outcomes(document: ResultDocument, found: PaperResults) -> list[PairOutcome]:
    """Each gold pair of ``document`` and whether relations and co-occurrence link it."""
    outcomes = []
    for kind in PAIR_KINDS:
        for method, other in document.pairs(kind):
            by_relation = as_typed = False
            for r in found.relations:
                if r.type not in LINKING_TYPES:
                    continue
                forward = _names_match(r.head, document, method, "method") and _names_match(
                    r.tail, document, other, kind
                )
                backward = _names_match(r.tail, document, method, "method") and _names_match(
                    r.head, document, other, kind
                )
                by_relation = by_relation or forward or backward
                as_typed = as_typed or (forward and r.type == AS_TYPED[kind])
            by_claim = kind == "dataset" and any(
                _names_match(c.method, document, method, "method") and _names_match(c.dataset, document, other, kind)
                for c in found.claims
            )
            by_co_occurrence = any(
                link.relation == CO_OCCURRENCE[kind]
                and _names_match(link.source, document, method, "method")
                and _names_match(link.target, document, other, kind)
                for link in found.links
            )
            outcomes.append(
                PairOutcome(
                    document.document.doc_id,
                    kind,
                    method,
                    other,
                    by_relation,
                    as_typed,
                    by_claim,
                    by_co_occurrence,
                    document.in_one_sentence(method, other),
                )
            )
    return outcomes


def score_results(split: str, documents: Sequence[ResultDocument], found: Sequence[PaperResults]) -> ResultsReport:
    """The report of ``documents`` given what kg made of each."""
    if len(documents) != len(found):
        raise ValueError(f"{len(documents)} documents but {len(found)} extractions")
    counts = {name: [0, 0] for name in FIELDS}  # claims right, claims
    gold_found = {name: 0 for name in FIELDS}
    gold_total = 0
    relative = 0
    pairs: list[PairOutcome] = []
    for document, results in zip(documents, found, strict=True):
        gold = document.stated()
        gold_total += len(gold)
        claims = [c for c in results.claims if not c.claim.relative]
        relative += len(results.claims) - len(claims)
        for name in FIELDS:
            counts[name][0] += sum(1 for c in claims if any(claim_matches(c, g, document, name) for g in gold))
            counts[name][1] += len(claims)
            gold_found[name] += sum(1 for g in gold if any(claim_matches(c, g, document, name) for c in claims))
        pairs.extend(pair_outcomes(document, results))
    claims_prf = {
        name: ClaimPRF(gold_found[name], counts[name][1], gold_total, right=counts[name][0]) for name in FIELDS
    }
    return ResultsReport(split, len(documents), claims_prf, relative, tuple(pairs))


def evaluate_results(nlp: Language, documents: Sequence[ResultDocument], split: str = "heldout") -> ResultsReport:
    """Run ``nlp`` over ``documents`` and score its claims and pairs."""
    return score_results(split, documents, extract_results(nlp, documents))
