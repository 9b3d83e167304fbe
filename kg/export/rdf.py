"""RDF of papers, concepts and their links, in Turtle, N-Triples or JSON-LD.

Papers are ``schema:ScholarlyArticle`` with ``schema:name`` and
``schema:abstract``; concepts are ``kg:Method`` / ``kg:Task`` / ``kg:Dataset``
(SKOS concepts, see ``kg/ontology.ttl``) with ``skos:prefLabel`` and
``skos:altLabel``.  Concept-to-concept links (``kg:appliedTo``,
``kg:evaluatedOn``) are written as triples and as ``rdf:Statement`` nodes that
carry the number of supporting papers and, through ``prov:wasDerivedFrom``,
the papers themselves.  A ``--relations`` build adds its stated links (``kg:statedUsedFor``
and the other sub-properties of ``kg:statedRelation``), each a triple and a
``kg:StatedRelation`` node with its type, papers and one ``kg:RelationEvidence`` per
sentence (the sentence, the two names and their offsets in it, the classifier's score),
and each result claim whose method and data set are concepts a ``kg:ResultClaim`` (the
paper, the method, the data set, the metric and value as written, the value as a number,
the unit, whether it is relative, the sentence and the value's and metric's offsets in it).
With ``mentions=True`` every extracted span becomes a
``kg:Mention`` with its text, field, offsets, sentence and rule, so a user can
see why an edge exists.  IRIs are built from ids that are stable across runs
and percent-encoded, so any title or name gives a valid IRI.

One generator, :func:`triples`, says what the RDF is: a stream of triples in
a fixed order (papers, then concepts, then paper-concept edges, then concept
links, then stated links, then result claims, then mentions), built from plain strings so that a graph of millions of
triples costs no rdflib objects.  N-Triples is written from it line by line
(:func:`write_ntriples`), and so is Turtle (:func:`write_turtle`: kg's
prefixes, one block per run of triples with one subject), so their time and
memory grow with the graph and nothing more; JSON-LD needs the whole graph for
nesting, so it goes through an rdflib ``Graph`` filled from the same stream
(:func:`to_rdf`).  The persistent Oxigraph store (``kg.export.store``)
bulk-loads the same N-Triples lines.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from rdflib import Graph, URIRef
from rdflib import Literal as RdflibLiteral

from kg.errors import ExportError
from kg.export.text import safe_text
from kg.graph import (
    ClaimedResult,
    KnowledgeGraph,
    StatedLink,
    claimed_results,
    iter_concept_links,
    iter_stated_links,
    paper_adjacency,
    paper_node,
)
from kg.vocab import (
    CLASSES,
    DCTERMS,
    DEFAULT_BASE,
    KG,
    LINK_PROPERTIES,
    PREFIXES,
    PROPERTIES,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    STATED_PROPERTIES,
    XSD,
)

FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}
"""Serialisations kg writes, with their file suffixes."""


class Literal(NamedTuple):
    """An RDF literal as plain strings: its lexical form, and a datatype IRI or a language tag (or neither)."""

    value: str
    datatype: str | None = None
    lang: str | None = None


Term = str | Literal
"""The object of a triple: an IRI (a plain ``str``, already percent-encoded) or a :class:`Literal`."""

Triple = tuple[str, str, Term]
"""Subject IRI, predicate IRI, object: what :func:`triples` yields."""

_NON_NEGATIVE = str(XSD.nonNegativeInteger)
_DATE = str(XSD.date)


def _iri(node: str, base: str) -> str:
    kind, _, rest = safe_text(node).partition(":")
    return f"{base}{quote(kind, safe='')}/{quote(rest, safe='')}"


def node_iri(node: str, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of a graph node: ``<base>paper/<id>`` or ``<base><type>/<slug>``."""
    return URIRef(_iri(node, base))


def _count(value: int) -> Literal:
    return Literal(str(int(value)), _NON_NEGATIVE)


def _text(value: str) -> Literal:
    return Literal(safe_text(value))


def check_base(base: str) -> str:
    """``base`` if it can prefix kg's IRIs (absolute, ending in ``/`` or ``#``); else ExportError."""
    if (
        not base.endswith(("/", "#"))
        or ":" not in base
        or any(c in base for c in ' <>"{}|\\^`')
        or safe_text(base) != base
        or any(ord(c) < 0x20 for c in base)
    ):
        raise ExportError(f"base IRI {base!r} must be an absolute IRI ending in '/' or '#', e.g. {DEFAULT_BASE}")
    return base


def triples(kg: KnowledgeGraph, base: str = DEFAULT_BASE, mentions: bool = False) -> Iterator[Triple]:
    """The knowledge graph as RDF triples, in an order that depends only on the graph.

    The base IRI is checked here, before the first triple, so a bad ``--base``
    fails at once.  A triple can come twice only when two ids differ solely by
    characters no file can hold (which :func:`~kg.export.text.safe_text`
    turns into the same space); RDF is a set, so readers keep one.
    """
    return _triples(kg, check_base(base), mentions)


def _triples(kg: KnowledgeGraph, base: str, mentions: bool) -> Iterator[Triple]:
    graph = kg.view
    iris: dict[str, str] = {}

    def iri(node: str) -> str:
        # Concepts' IRIs are kept (they recur on every edge); papers' are made as needed,
        # so the memo grows with the concepts, not with the corpus.
        found = iris.get(node)
        if found is None:
            found = _iri(node, base)
            if not node.startswith("paper:"):
                iris[node] = found
        return found

    rdf_type, rdf_subject, rdf_predicate = str(RDF.type), str(RDF.subject), str(RDF.predicate)
    rdf_object = str(RDF.object)
    derived_from, paper_count = str(PROV.wasDerivedFrom), str(KG.paperCount)
    for node, attrs in graph.nodes(data=True):
        subject = iri(node)
        kind = attrs["type"]
        if kind == "paper":
            yield subject, rdf_type, str(SCHEMA.ScholarlyArticle)
            yield subject, str(SCHEMA.name), _text(attrs["label"])
            yield subject, str(SCHEMA.abstract), _text(attrs["abstract"])
            yield subject, str(SCHEMA.identifier), _text(attrs["paper_id"])
            published = attrs.get("published")
            if published and published.startswith("--"):
                # Month and day only: not an xsd:date; some RDF tools mis-parse xsd:gMonthDay.
                yield subject, str(KG.monthDayPublished), _text(published)
            elif published:
                yield subject, str(SCHEMA.datePublished), Literal(safe_text(published), _DATE)
            if "authors_count" in attrs:
                yield subject, str(KG.authorCount), _count(attrs["authors_count"])
            if "upvotes" in attrs:
                yield subject, str(KG.upvotes), _count(attrs["upvotes"])
            if "arxiv_id" in attrs:
                arxiv = quote(safe_text(attrs["arxiv_id"]), safe="/.")
                yield subject, str(SCHEMA.sameAs), f"https://arxiv.org/abs/{arxiv}"
            for source in dict.fromkeys(_text(s) for s in attrs["sources"]):
                yield subject, str(DCTERMS.source), source
        else:
            yield subject, rdf_type, str(CLASSES[kind])
            yield subject, str(SKOS.prefLabel), _text(attrs["label"])
            for alias in dict.fromkeys(_text(a) for a in attrs["aliases"]):
                yield subject, str(SKOS.altLabel), alias
            yield subject, paper_count, _count(attrs["paper_count"])
    properties = {kind: str(prop) for kind, prop in PROPERTIES.items()}
    proposes = str(KG.proposes)
    for paper_id, neighbours in paper_adjacency(graph):
        paper = iri(paper_id)
        for target, by_key in neighbours.items():
            concept = iri(target)
            for attrs in by_key.values():
                yield paper, properties[graph.nodes[target]["type"]], concept
                if attrs.get("proposed"):
                    yield paper, proposes, concept
    for link in iter_concept_links(graph):
        subject, predicate, obj = iri(link.source), str(LINK_PROPERTIES[link.relation]), iri(link.target)
        yield subject, predicate, obj
        statement = f"{base}link/{quote(link.relation)}/{subject.rsplit('/', 1)[1]}/{obj.rsplit('/', 1)[1]}"
        yield statement, rdf_type, str(RDF.Statement)
        yield statement, rdf_subject, subject
        yield statement, rdf_predicate, predicate
        yield statement, rdf_object, obj
        yield statement, paper_count, _count(len(link.papers))
        for supporting in link.papers:
            yield statement, derived_from, iri(supporting)
    if kg.stated:
        for stated in iter_stated_links(kg.relations):
            yield from _stated_triples(stated, base, iri)
        for claim in claimed_results(kg.results):
            yield from _claim_triples(claim, base, iri)
    if mentions:
        yield from _mention_triples(kg, base, iri)


_DECIMAL = str(XSD.decimal)


def _stated_triples(link: StatedLink, base: str, iri: Callable[[str], str]) -> Iterator[Triple]:
    """One stated link: its triple, its ``kg:StatedRelation`` node, and its sentences."""
    subject, predicate, obj = iri(link.source), str(STATED_PROPERTIES[link.relation]), iri(link.target)
    yield subject, predicate, obj
    statement = f"{base}relation/{quote(link.relation)}/{subject.rsplit('/', 1)[1]}/{obj.rsplit('/', 1)[1]}"
    yield statement, str(RDF.type), str(KG.StatedRelation)
    yield statement, str(RDF.subject), subject
    yield statement, str(RDF.predicate), predicate
    yield statement, str(RDF.object), obj
    yield statement, str(KG.relationType), Literal(link.relation)
    yield statement, str(KG.paperCount), _count(len(link.papers))
    for supporting in link.papers:
        yield statement, str(PROV.wasDerivedFrom), iri(supporting)
    nodes = [f"{statement}/evidence/{i}" for i in range(len(link.evidence))]
    for node in nodes:
        yield statement, str(KG.evidence), node
    for node, linked in zip(nodes, link.evidence, strict=True):
        stated = linked.relation
        yield node, str(RDF.type), str(KG.RelationEvidence)
        yield node, str(PROV.wasDerivedFrom), iri(paper_node(stated.paper_id))
        yield node, str(KG.sentence), _text(stated.sentence)
        yield node, str(KG.headText), _text(linked.head_text)
        yield node, str(KG.headBeginIndex), _count(stated.head_at[0])
        yield node, str(KG.headEndIndex), _count(stated.head_at[1])
        yield node, str(KG.tailText), _text(linked.tail_text)
        yield node, str(KG.tailBeginIndex), _count(stated.tail_at[0])
        yield node, str(KG.tailEndIndex), _count(stated.tail_at[1])
        yield node, str(KG.score), Literal(f"{stated.score:.4f}", _DECIMAL)


_BOOLEAN = str(XSD.boolean)


def _decimal(number: float) -> Literal | None:
    """``number`` as an xsd:decimal (no exponent: "0.00001", not "1e-05"); None if not finite."""
    if not math.isfinite(number):
        return None
    text = format(Decimal(repr(number)), "f")
    return Literal(text, _DECIMAL)


def _boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", _BOOLEAN)


def _claim_triples(claim: ClaimedResult, base: str, iri: Callable[[str], str]) -> Iterator[Triple]:
    """One result claim as a ``kg:ResultClaim`` node, named by its paper and its number there."""
    result = claim.result
    node = f"{base}result/{quote(safe_text(result.paper_id), safe='')}/{claim.number}"
    yield node, str(RDF.type), str(KG.ResultClaim)
    yield node, str(PROV.wasDerivedFrom), iri(paper_node(result.paper_id))
    yield node, str(KG.resultMethod), iri(claim.method)
    yield node, str(KG.resultDataset), iri(claim.dataset)
    if result.metric is not None:
        yield node, str(KG.metricName), _text(result.metric)
    yield node, str(KG.valueText), _text(result.value)
    number = _decimal(result.number)
    if number is not None:
        yield node, str(KG.numericValue), number
    if result.unit:
        yield node, str(KG.unit), _text(result.unit)
    yield node, str(KG.relativeValue), _boolean(result.relative)
    yield node, str(KG.ownMethod), _boolean(result.own)
    yield node, str(KG.sentence), _text(result.sentence)
    yield node, str(KG.valueBeginIndex), _count(result.value_at[0])
    yield node, str(KG.valueEndIndex), _count(result.value_at[1])
    if result.metric_at is not None:
        yield node, str(KG.metricBeginIndex), _count(result.metric_at[0])
        yield node, str(KG.metricEndIndex), _count(result.metric_at[1])


def _mention_triples(kg: KnowledgeGraph, base: str, iri: Callable[[str], str]) -> Iterator[Triple]:
    counter: dict[str, int] = {}
    rdf_type, mention_class = str(RDF.type), str(KG.Mention)
    for linked in kg.mentions:
        m = linked.mention
        index = counter.get(m.paper_id, 0)
        counter[m.paper_id] = index + 1
        subject = f"{base}mention/{quote(safe_text(m.paper_id), safe='')}/{index}"
        yield subject, rdf_type, mention_class
        yield subject, str(PROV.wasDerivedFrom), iri(paper_node(m.paper_id))
        yield subject, str(KG.mentionOf), iri(linked.concept_id)
        yield subject, str(KG.anchorText), _text(m.text)
        yield subject, str(KG.inField), _text(m.field)
        yield subject, str(KG.beginIndex), _count(m.start)
        yield subject, str(KG.endIndex), _count(m.end)
        yield subject, str(KG.sentence), _text(m.sentence)
        yield subject, str(KG.foundBy), _text(m.rule)


# N-Triples 1.1 escapes for literals: the four with a short form, every other control
# character (and the two Unicode line separators some readers split on) as \uXXXX.
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_NT_ESCAPES = {ord(c): e for c, e in _SHORT_ESCAPES.items()}
_NT_ESCAPES.update(
    {c: f"\\u{c:04X}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029) if c not in _NT_ESCAPES}
)
_NEEDS_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')


def nt_literal(literal: Literal) -> str:
    r"""A literal in N-Triples syntax: ``"text"``, ``"3"^^<datatype>`` or ``"text"@lang``.

    >>> print(nt_literal(Literal('say "hi"\n\x07 \\ ok')))
    "say \"hi\"\n\u0007 \\ ok"
    """
    value = literal.value
    if _NEEDS_ESCAPE.search(value):
        value = value.translate(_NT_ESCAPES)
    if literal.lang:
        return f'"{value}"@{literal.lang}'
    if literal.datatype:
        return f'"{value}"^^<{literal.datatype}>'
    return f'"{value}"'


def ntriples_lines(stream: Iterable[Triple]) -> Iterator[str]:
    """Each triple as one N-Triples line, ending in a newline.

    IRIs go out as they are: kg builds them percent-encoded (:func:`node_iri`)
    and checks the base (:func:`check_base`), so none holds a character that
    N-Triples forbids inside ``<...>``.
    """
    for subject, predicate, obj in stream:
        if isinstance(obj, Literal):
            yield f"<{subject}> <{predicate}> {nt_literal(obj)} .\n"
        else:
            yield f"<{subject}> <{predicate}> <{obj}> .\n"


def write_ntriples(stream: Iterable[Triple], path: Path) -> int:
    """Write the triples to ``path`` as UTF-8 N-Triples, line by line; return how many lines."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        batch: list[str] = []
        for line in ntriples_lines(stream):
            batch.append(line)
            if len(batch) >= 4096:
                out.write("".join(batch))
                count += len(batch)
                batch.clear()
        out.write("".join(batch))
        count += len(batch)
    return count


_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class _Prefixer:
    """Writes an IRI as ``prefix:local`` where a declared namespace and a plain local name allow it."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # Longest namespace first, so a namespace inside another never shadows it.
        self.namespaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.memo: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.memo.get(iri)
        if found is not None:
            return found
        written = f"<{iri}>"
        for prefix, namespace in self.namespaces:
            if iri.startswith(namespace) and _LOCAL_NAME.match(iri[len(namespace) :]):
                written = f"{prefix}:{iri[len(namespace) :]}"
                break
        if len(self.memo) >= 20_000:
            self.memo.clear()  # bounded: the IRIs that recur (vocabulary, concepts) come back at once
        self.memo[iri] = written
        return written


def turtle_chunks(stream: Iterable[Triple], prefixes: dict[str, str]) -> Iterator[str]:
    """The triples as Turtle: prefix declarations, then one block per run of triples with
    the same subject (``;`` between predicates, ``,`` between objects of one predicate).

    Only consecutive triples are grouped, so memory stays flat whatever the graph's size;
    a subject that comes back later simply starts another block, as Turtle allows.
    """
    name = _Prefixer(prefixes)
    for prefix, namespace in sorted(prefixes.items()):
        yield f"@prefix {prefix}: <{namespace}> .\n"
    rdf_type = str(RDF.type)
    subject: str | None = None
    predicate: str | None = None
    for s, p, o in stream:
        obj = nt_literal(o) if isinstance(o, Literal) else name(o)
        if isinstance(o, Literal) and o.datatype:
            obj = f"{obj[: obj.rindex('^^')]}^^{name(o.datatype)}"
        if s == subject and p == predicate:
            yield f" ,\n        {obj}"
            continue
        verb = "a" if p == rdf_type else name(p)
        if s == subject:
            yield f" ;\n    {verb} {obj}"
        else:
            yield (" .\n\n" if subject is not None else "\n") + f"{name(s)} {verb} {obj}"
        subject, predicate = s, p
    if subject is not None:
        yield " .\n"


def write_turtle(stream: Iterable[Triple], path: Path, prefixes: dict[str, str] | None = None) -> None:
    """Write the triples to ``path`` as UTF-8 Turtle, streamed (see :func:`turtle_chunks`)."""
    declared = prefixes if prefixes is not None else {p: str(ns) for p, ns in PREFIXES.items()}
    with path.open("w", encoding="utf-8", newline="\n") as out:
        batch: list[str] = []
        for chunk in turtle_chunks(stream, declared):
            batch.append(chunk)
            if len(batch) >= 8192:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))


def to_rdf(kg: KnowledgeGraph, base: str = DEFAULT_BASE, mentions: bool = False) -> Graph:
    """The knowledge graph as an rdflib Graph, filled from :func:`triples`, with kg's prefixes bound."""
    rdf = Graph()
    for prefix, namespace in PREFIXES.items():
        if prefix not in ("rdf", "rdfs"):
            rdf.bind(prefix, namespace)
    uris: dict[str, URIRef] = {}

    def uri(value: str) -> URIRef:
        found = uris.get(value)
        if found is None:
            found = uris[value] = URIRef(value)
        return found

    for subject, predicate, obj in triples(kg, base, mentions):
        if isinstance(obj, Literal):
            term: URIRef | RdflibLiteral = RdflibLiteral(
                obj.value, lang=obj.lang, datatype=uri(obj.datatype) if obj.datatype else None
            )
        else:
            term = uri(obj)
        rdf.add((uri(subject), uri(predicate), term))
    return rdf


def file_name(rdf_format: str) -> str:
    """The export's file name for a serialisation: ``graph.ttl``, ``graph.nt`` or ``graph.jsonld``."""
    if rdf_format not in FORMATS:
        raise ExportError(f"unknown RDF format {rdf_format!r}; choose from {', '.join(FORMATS)}")
    return f"graph{FORMATS[rdf_format]}"


def write(
    kg: KnowledgeGraph, path: Path, rdf_format: str = "turtle", base: str = DEFAULT_BASE, mentions: bool = False
) -> list[Path]:
    """Serialise the graph to ``path`` in ``rdf_format`` (turtle, nt or json-ld).

    N-Triples and Turtle stream straight to the file in :func:`triples` order,
    so two builds of one input give one file; JSON-LD is rdflib's
    serialisation of :func:`to_rdf` put in a canonical order (:func:`canonical_json_ld`),
    since rdflib's own order follows Python's hash seed.
    """
    file_name(rdf_format)
    if rdf_format == "nt":
        write_ntriples(triples(kg, base, mentions), path)
        return [path]
    if rdf_format == "turtle":
        write_turtle(triples(kg, base, mentions), path, {p: str(ns) for p, ns in PREFIXES.items()})
        return [path]
    graph = to_rdf(kg, base, mentions)
    context = {prefix: ns for prefix, ns in PREFIXES.items()}
    text = graph.serialize(format="json-ld", context=context, auto_compact=True)
    path.write_text(canonical_json_ld(text), encoding="utf-8")
    return [path]


def canonical_json_ld(text: str) -> str:
    """The same JSON-LD document in one order whatever the run: nodes by ``@id``, the values
    of a property sorted, keys sorted.  Arrays in JSON-LD are unordered sets unless they are
    ``@list`` values, whose order is kept."""

    def order(value: Any, in_list: bool = False) -> Any:
        if isinstance(value, dict):
            return {key: order(item, key == "@list") for key, item in sorted(value.items())}
        if isinstance(value, list):
            items = [order(item) for item in value]
            return items if in_list else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        return value

    return json.dumps(order(json.loads(text)), indent=2, ensure_ascii=False) + "\n"
