"""kg against SciREX (Jain et al., ACL 2020): mentions and salient entities of ML papers.

kg reads the title and abstract of each paper of a SciREX split (the held-out 50 of
``training/scirex-split.json`` by default) with the extractor ``kg build`` uses, and
is scored two ways:

- **mentions**: kg's method, task and dataset spans against SciREX's Method, Task and
  Material mentions of the same text, by exact character span and type (Metric is not
  a concept of the graph and is left out), per type and micro-averaged;
- **salient entities**: the entities SciREX marks as what the paper is about (its
  ``coref`` keys) that are named in the title or abstract, as Method, Task or Material.
  One is *found* when a concept kg links the paper to (after linking, as the graph
  holds it: label and aliases) has the same type and a name that matches one of the
  entity's mention texts leniently (:func:`match`); a data set's mention is also read
  without a trailing designation ("300W benchmark" as 300W), as kg names data sets.
  Recall is given per type, and
  again whatever the type kg gave the concept ("any type"): a data set kg found but
  typed as a method counts there.

Salient recall asks what a reader of the graph would ask of it (is the paper's data set
there?) and forgives span boundaries; mention F1 is strict and says how close kg's
spans are to SciREX's guideline, which differs from SciERC's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from kg.errors import InputError, InputProblem
from kg.evaluate.metrics import Scores, score
from kg.evaluate.scirex_data import KG_TYPE, SCIREX_TYPES, Document, Mention, read_documents
from kg.extract.dataset_names import dataset_surface
from kg.extract.extractor import extract, paper_text
from kg.graph import build_graph, paper_node
from kg.link import link
from kg.model import ConceptType, Paper, concept_type

SPLITS = ("heldout", "train")
SPLIT_FILE = Path("training") / "scirex-split.json"
"""The fixed split, read from the repository root as ``kg eval scirex`` is run there."""
SCIREX_LABEL: dict[str, str] = {kind: label for label, kind in KG_TYPE.items()}
"""kg's concept type -> SciREX type (dataset -> Material)."""
JACCARD = 0.6

_NOT_NAME = re.compile(r"[^a-z0-9+]+")


def norm(text: str) -> str:
    """``text`` lower-cased, each run of punctuation and spaces one space ("+" kept), and
    a plural -s dropped from words of more than 3 letters (not from "-ss": "loss")."""
    words = _NOT_NAME.sub(" ", text.lower().replace("\u2010", "-")).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def match(left: Iterable[str], right: Iterable[str]) -> bool:
    """Whether two sets of names share one, leniently: after :func:`norm` two names are
    equal, or their word sets overlap with a Jaccard index of at least 0.6 ("graph neural
    network" and "graph neural network model" match; "ResNet" and "ResNet-50" do not).
    The match of ``data/demo-gold/score.py``."""
    a = {n for n in (norm(x) for x in left) if n}
    b = {n for n in (norm(x) for x in right) if n}
    if a & b:
        return True
    for x in a:
        xs = set(x.split())
        for y in b:
            ys = set(y.split())
            if len(xs & ys) / len(xs | ys) >= JACCARD:
                return True
    return False


@dataclass(frozen=True)
class PaperConcept:
    """A concept kg linked a paper to: its type and its names (label first, then aliases)."""

    type: ConceptType
    names: tuple[str, ...]


@dataclass(frozen=True)
class Extracted:
    """What kg made of one document: its spans (SciREX types, offsets into the document's
    text) and the concepts the graph links the paper to."""

    spans: tuple[Mention, ...]
    concepts: tuple[PaperConcept, ...]


@dataclass(frozen=True)
class SalientOutcome:
    """One salient entity named in the title or abstract, and what kg made of it."""

    doc_id: str
    name: str
    label: str
    """SciREX type: Method, Task or Material."""
    forms: tuple[str, ...]
    """Its distinct mention texts in the title and abstract."""
    found_as: tuple[ConceptType, ...]
    """Types of the paper's concepts that match a form (empty: kg missed it)."""

    @property
    def found(self) -> bool:
        """Found by a concept of the entity's own type."""
        return KG_TYPE[self.label] in self.found_as


@dataclass(frozen=True)
class Recall:
    """Salient entities found, of those there were."""

    found: int
    total: int

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"found": self.found, "total": self.total, "recall": round(self.recall, 4)}


@dataclass(frozen=True)
class ScirexResult:
    """Mention scores and salient-entity outcomes of one SciREX split."""

    split: str
    documents: int
    mentions: Scores
    salient: tuple[SalientOutcome, ...]

    def recall(self, any_type: bool = False) -> dict[str, Recall]:
        """Per SciREX type and over all (``"all"``); with ``any_type`` a concept of any type counts."""
        result = {}
        for label in (*SCIREX_TYPES, "all"):
            chosen = [s for s in self.salient if label in ("all", s.label)]
            hits = sum(1 for s in chosen if (bool(s.found_as) if any_type else s.found))
            result[label] = Recall(hits, len(chosen))
        return result

    def as_dict(self, misses: bool = False) -> dict[str, object]:
        """``split``, ``documents``, ``mentions`` (``per_type``, ``micro``), ``salient``
        (``same_type`` and ``any_type``, each per type and ``all``), and with ``misses``
        the salient entities not found."""
        result: dict[str, object] = {
            "split": self.split,
            "documents": self.documents,
            "mentions": self.mentions.as_dict(),
            "salient": {
                kind: {label: r.as_dict() for label, r in self.recall(any_type=kind == "any_type").items()}
                for kind in ("same_type", "any_type")
            },
        }
        if misses:
            result["misses"] = [
                {
                    "doc_id": s.doc_id,
                    "name": s.name,
                    "type": s.label,
                    "forms": list(s.forms),
                    "found_as": list(s.found_as),
                }
                for s in self.salient
                if not s.found
            ]
        return result

    def table(self) -> str:
        """The mention table of ``kg eval scierc``, then a line of salient recall per kind of match."""
        columns = (*SCIREX_TYPES, "all")
        lines = [self.mentions.table(), "", f"{'salient':<10}" + "".join(f"{c:>16}" for c in columns)]
        for name, any_type in (("same type", False), ("any type", True)):
            cells = (f"{r.found}/{r.total} {r.recall:.3f}" for r in self.recall(any_type).values())
            lines.append(f"{name:<10}" + "".join(f"{c:>16}" for c in cells))
        return "\n".join(lines)

    def misses(self) -> str:
        """The salient entities not found, by type: name, forms, document, and the type kg gave it if any."""
        lines = []
        for label in SCIREX_TYPES:
            missed = [s for s in self.salient if s.label == label and not s.found]
            lines.append(f"missed {label} ({len(missed)}):")
            for s in missed:
                forms = ", ".join(f'"{f}"' for f in s.forms)
                typed = f" (found as {', '.join(s.found_as)})" if s.found_as else ""
                lines.append(f"  {s.name}: {forms} [{s.doc_id[:8]}]{typed}")
        return "\n".join(lines)


def read_split(path: Path, split: str) -> list[str]:
    """The document ids of ``split`` ("heldout" or "train") in the split file at ``path``."""
    hint = "run kg eval scirex from the repository root, which holds training/scirex-split.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(InputProblem(str(path), None, f"cannot read the SciREX split: {err.strerror}", hint)) from err
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        line = err.lineno if isinstance(err, json.JSONDecodeError) else None
        raise InputError(
            InputProblem(str(path), line, f"not JSON: {err}", "write it again with training/scirex_split.py")
        ) from err
    ids = data.get(split) if isinstance(data, dict) else None
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise InputError(
            InputProblem(
                str(path),
                None,
                f"no list of document ids under {split!r}",
                "write it again with training/scirex_split.py",
            )
        )
    return ids


def split_documents(data: Path, split: str, split_file: Path = SPLIT_FILE) -> list[Document]:
    """The title and abstract of every document of ``split``; all of them must be in ``data``."""
    ids = read_split(split_file, split)
    documents = read_documents(data, ids)
    missing = len(set(ids)) - len({d.doc_id for d in documents})
    if missing:
        raise InputError(
            InputProblem(
                str(data),
                None,
                f"{missing} of the {len(set(ids))} {split} documents of {split_file.as_posix()} are not in it",
                "pass --data with the SciREX docs.jsonl the split was drawn from",
            )
        )
    return documents


def _paper(document: Document) -> Paper:
    title, abstract = document.text[: document.title_end], document.text[document.title_end + 2 :]
    paper = Paper(document.doc_id, title, abstract)
    if paper_text(paper) != document.text:
        raise ValueError(f"document {document.doc_id}: its text is not title, blank line, abstract")
    return paper


def extract_documents(nlp: Language, documents: Sequence[Document], batch_size: int = 64) -> list[Extracted]:
    """kg's mentions of each document and the concepts its paper is linked to.

    The papers go through :func:`kg.extract.extractor.extract` (what ``kg build`` runs),
    their mentions are linked together with :func:`kg.link.link` and the graph is made
    with :func:`kg.graph.build_graph`; a paper's concepts are its node's neighbours there.
    """
    papers = [_paper(d) for d in documents]
    per_paper = [mentions for _, mentions in extract(papers, nlp, batch_size=batch_size)]
    concepts, linked = link([m for mentions in per_paper for m in mentions])
    graph = build_graph(papers, concepts, linked).graph
    result = []
    for paper, mentions in zip(papers, per_paper, strict=True):
        shift = len(paper.title) + 2
        spans = tuple(
            Mention(
                m.start + (shift if m.field == "abstract" else 0),
                m.end + (shift if m.field == "abstract" else 0),
                SCIREX_LABEL[m.type],
            )
            for m in mentions
        )
        found = []
        for concept in dict.fromkeys(target for _, target in graph.out_edges(paper_node(paper.id))):
            attrs = graph.nodes[concept]
            found.append(PaperConcept(concept_type(attrs["type"]), (attrs["label"], *attrs["aliases"])))
        result.append(Extracted(spans, tuple(found)))
    return result


def salient_outcomes(document: Document, concepts: Sequence[PaperConcept]) -> list[SalientOutcome]:
    """Each salient entity of ``document`` named in its text as Method, Task or Material,
    matched against the paper's ``concepts``."""
    outcomes = []
    for entity in document.salient:
        if entity.label not in SCIREX_TYPES or not entity.mentions:
            continue
        forms = tuple(dict.fromkeys(document.text[m.start : m.end] for m in entity.mentions))
        # A data set's name is the name without its designation ("300W benchmark" names 300W),
        # as kg names it (kg.extract.dataset_names.dataset_surface).
        names = (*forms, *(dataset_surface(f) for f in forms)) if entity.label == "Material" else forms
        found_as = tuple(dict.fromkeys(c.type for c in concepts if match(c.names, names)))
        outcomes.append(SalientOutcome(document.doc_id, entity.name, entity.label, forms, found_as))
    return outcomes


def score_documents(split: str, documents: Sequence[Document], extracted: Sequence[Extracted]) -> ScirexResult:
    """Mention scores and salient outcomes of ``documents`` given what kg made of each."""
    if len(documents) != len(extracted):
        raise ValueError(f"{len(documents)} documents but {len(extracted)} extractions")
    predicted = [((i, s.start, s.end), s.label) for i, e in enumerate(extracted) for s in e.spans]
    gold = [((i, m.start, m.end), m.label) for i, d in enumerate(documents) for m in d.mentions]
    salient = tuple(s for d, e in zip(documents, extracted, strict=True) for s in salient_outcomes(d, e.concepts))
    return ScirexResult(split, len(documents), score(predicted, gold, SCIREX_TYPES), salient)


def evaluate_scirex(nlp: Language, documents: Sequence[Document], split: str = "heldout") -> ScirexResult:
    """Run ``nlp`` (a pipeline of :func:`kg.extract.pipeline.load_pipeline`) over ``documents`` and score it."""
    return score_documents(split, documents, extract_documents(nlp, documents))
