"""Mentions on disk read back as they went in, and the graph built from them is the graph
built from the same mentions in memory, in whatever order they come."""

from __future__ import annotations

import pickle
import random

import pytest

from kg.build import build_knowledge_graph
from kg.graph import build_graph
from kg.link import link
from kg.model import LinkedMention, Mention
from kg.sources import read_corpus
from kg.spool import MentionSpool, in_paper_runs
from tests.conftest import PAGES
from tests.handmade import MENTIONS, PAPERS


def linked_mentions(n: int) -> list[LinkedMention]:
    return [
        LinkedMention(Mention(f"p{i // 3}", "method", f"name {i}", "abstract", i, i + 6, "A sentence.", "ner"), "c")
        for i in range(n)
    ]


@pytest.mark.parametrize("n", [0, 1, 6, 7, 23])
def test_a_spool_reads_back_what_went_in(n: int) -> None:
    mentions = linked_mentions(n)
    spool = MentionSpool(mentions, chunk=3)  # several chunks, the last one short
    assert len(spool) == n
    assert list(spool) == mentions
    assert list(spool) == mentions, "a second pass reads the same"
    assert [spool[i] for i in range(n)] == mentions
    if n:
        assert spool[-1] == mentions[-1]
        assert list(spool[1:n:2]) == mentions[1:n:2]
    with pytest.raises(IndexError):
        spool[n]
    assert pickle.loads(pickle.dumps(spool)) == tuple(mentions)
    spool.close()


def test_two_readers_of_one_spool_do_not_disturb_each_other() -> None:
    mentions = linked_mentions(20)
    spool = MentionSpool(mentions, chunk=4)
    first, second = iter(spool), iter(spool)
    pairs = list(zip(first, second, strict=True))
    assert [a for a, _ in pairs] == mentions and [b for _, b in pairs] == mentions


def test_runs_of_papers_are_recognised() -> None:
    mentions = linked_mentions(9)  # papers p0, p1, p2, three mentions each
    assert in_paper_runs(mentions, ["p0", "p1", "p2"])
    assert in_paper_runs(mentions, ["p0", "px", "p1", "p2"]), "a paper without mentions is no gap"
    assert not in_paper_runs(mentions, ["p1", "p0", "p2"]), "papers out of order"
    assert not in_paper_runs(mentions[3:] + mentions[:3], ["p0", "p1", "p2"])
    assert not in_paper_runs([*mentions[:2], mentions[4], mentions[2]], ["p0", "p1", "p2"]), "p0 comes twice"
    assert not in_paper_runs(mentions, ["p0", "p1"]), "an unknown paper"
    for order, ids in ((mentions, ["p0", "p1", "p2"]), ([*mentions[:2], mentions[4], mentions[2]], ["p0", "p1"])):
        spool = MentionSpool(order, chunk=2)
        assert in_paper_runs(spool, ids) == in_paper_runs(list(order), ids), "the spool's own record agrees"


def test_the_graph_is_the_same_from_a_spool_or_from_shuffled_mentions() -> None:
    concepts, linked = link(MENTIONS)
    reference = build_graph(PAPERS, concepts, linked)
    shuffled = list(linked)
    random.Random(4).shuffle(shuffled)
    assert not in_paper_runs(shuffled, [p.id for p in PAPERS])
    for mentions in (MentionSpool(linked, chunk=2), shuffled):
        graph = build_graph(PAPERS, concepts, mentions).graph
        assert list(graph.nodes(data=True)) == list(reference.graph.nodes(data=True))
        assert list(graph.edges(keys=True, data=True)) == list(reference.graph.edges(keys=True, data=True))
        for node in graph:
            assert list(graph.predecessors(node)) == list(reference.graph.predecessors(node))


def test_a_build_keeps_its_mentions_on_disk_in_paper_order() -> None:
    papers = read_corpus([PAGES / "spaced.txt", PAGES / "metadata.txt"]).papers
    kg = build_knowledge_graph(papers)
    assert isinstance(kg.mentions, MentionSpool)
    assert len(kg.mentions) == sum(d["mentions"] for *_, d in kg.graph.edges(data=True)) > 0
    assert in_paper_runs(kg.mentions, [p.id for p in papers])
