from __future__ import annotations

from collections.abc import Iterator

from kg.link.paper_runs import PaperOrder, paper_runs
from kg.model import Mention


def m(paper: str, text: str = "GNN") -> Mention:
    return Mention(paper, "method", text, "abstract", 0, len(text), text, "test")


def test_a_run_is_the_consecutive_mentions_of_one_paper() -> None:
    mentions = [m("p1", "a"), m("p1", "b"), m("p2", "c"), m("p1", "d")]
    runs = [(paper, [x.text for x in run]) for paper, run in paper_runs(mentions)]
    assert runs == [("p1", ["a", "b"]), ("p2", ["c"]), ("p1", ["d"])]
    assert list(paper_runs([])) == []


def test_runs_read_the_mentions_as_they_are_iterated() -> None:
    read: list[str] = []

    def stream() -> Iterator[Mention]:
        for mention in (m("p1", "a"), m("p1", "b"), m("p2", "c")):
            read.append(mention.text)
            yield mention

    runs = paper_runs(stream())
    paper, run = next(runs)
    assert (paper, read) == ("p1", ["a"])
    assert next(run).text == "a" and read == ["a"]
    assert [x.text for x in run] == ["b"] and read == ["a", "b", "c"]  # the next paper's first ends the run
    assert [(paper, [x.text for x in run]) for paper, run in runs] == [("p2", ["c"])]


def test_paper_order_tells_whether_each_paper_came_in_one_run() -> None:
    order = PaperOrder()
    for paper in ("p1", "p2", "p3"):
        order.see(paper)
    assert order.together
    order.see("p2")
    assert not order.together
    order.see("p4")
    assert not order.together  # once apart, always apart
