"""Records on disk read back as they went in: the papers merged as in memory, and the graph
built from spooled mentions is the graph built from the same mentions in memory, in whatever
order they come."""

from __future__ import annotations

import pickle
import random

import pytest

from kg.building import build_knowledge_graph
from kg.graph import build_graph
from kg.link import link
from kg.model import LinkedMention, Mention, Paper, SourceRef
from kg.sources import read_corpus
from kg.sources.dedup import unique_papers
from kg.sources.identity import title_id
from kg.spool import MentionSpool, Spool, in_paper_runs
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


def test_a_spool_reads_records_still_being_written() -> None:
    spool: Spool[int] = Spool(chunk=4)
    for i in range(10):
        spool.append(i)
        assert spool[i] == i and spool[0] == 0, "the last record and one already on disk"
        assert list(spool) == list(range(i + 1))
    spool.extend(range(10, 13))
    assert list(spool) == list(range(13)) and len(spool) == 13


def test_a_spool_knows_whether_papers_come_in_runs() -> None:
    def mention(paper: str) -> Mention:
        return Mention(paper, "method", "x", "abstract", 0, 1, "x", "test")

    def spooled(papers: list[str]) -> Spool[Mention]:
        return Spool(map(mention, papers), chunk=2, paper_of=lambda found: found.paper_id)

    runs = spooled(["a", "a", "b", "c", "c"])
    assert runs.paper_runs == ["a", "b", "c"]
    assert in_paper_runs(runs, ["a", "b", "c"])  # type: ignore[arg-type]  # answered from the noted runs
    assert not in_paper_runs(spooled(["a", "b", "a"]), ["a", "b"])  # type: ignore[arg-type]


def paper(pid: str, title: str, **given: object) -> Paper:
    return Paper(pid, title, given.pop("abstract", "Text."), sources=(SourceRef("in.jsonl", len(title)),), **given)  # type: ignore[arg-type]


@pytest.mark.parametrize("chunk", [1, 2, 100])
def test_duplicates_merge_where_they_were_first_listed_whatever_is_on_disk(chunk: int) -> None:
    untitled = title_id("Deep Sets")
    listings = [
        paper(untitled, "Deep Sets", abstract="Short."),
        paper("arxiv:1703.06114", "Another paper"),
        paper("arxiv:1703.06115", "Deep  sets", arxiv_id="1703.06115", abstract="A longer abstract."),
        paper("arxiv:1703.06115", "Deep Sets (v2 title)", upvotes=5),  # meets the merged paper by its new id
        paper("x9", "A third paper"),
        paper("arxiv:1703.06114", "Another paper", upvotes=2),
    ]
    unique, listed, duplicates = unique_papers(listings, chunk=chunk)
    assert (listed, duplicates, len(unique)) == (6, 3, 3)
    deep_sets, another, third = unique
    assert (deep_sets.id, deep_sets.abstract, deep_sets.upvotes) == ("arxiv:1703.06115", "A longer abstract.", 5)
    assert deep_sets.title == "Deep Sets", "the first listing's title stays"
    assert len(deep_sets.sources) == 3
    assert (another.id, another.upvotes) == ("arxiv:1703.06114", 2)
    assert third.id == "x9"
