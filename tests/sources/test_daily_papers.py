from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import daily_papers, read_corpus
from tests.conftest import PAGES, Problems

CHROME = {"new", "Subscribe", "Daily Papers", "byAK and the research community", "Mar 12", "Dec 10"}


def titles(path: Path, problems: Problems) -> list[str]:
    return [p.title for p in daily_papers.read(path, problems)]


def test_spaced_layout(problems: Problems) -> None:
    papers = list(daily_papers.read(PAGES / "spaced.txt", problems))
    assert [p.title for p in papers] == [
        "Adaptive Sampling for Physics-Informed Neural Networks",
        "GraphMix: Mixing Hidden States for Node Classification",
    ]
    assert papers[0].abstract.startswith("We study physics-informed neural networks (PINNs)")
    assert papers[0].abstract.endswith("finite element method baseline.")
    assert papers[0].sources[0].line == 11
    assert papers[0].published is None and papers[0].authors_count is None
    assert problems == []


def test_metadata_layout_reads_authors_date_and_upvotes(problems: Problems) -> None:
    first, second = daily_papers.read(PAGES / "metadata.txt", problems)
    assert first.title.startswith("GraphMix")
    assert (first.authors_count, first.published, first.upvotes) == (4, "2024-12-19", None)
    # A date without a year is kept as month and day (xsd:gMonthDay); the trailing number is the count.
    assert (second.authors_count, second.published, second.upvotes) == (1, "--04-01", 7)
    assert problems == []


def test_compact_layout_with_title_glued_to_subscribe(problems: Problems) -> None:
    found = titles(PAGES / "compact.txt", problems)
    assert found == [
        "Label-Efficient Image Classification by Self-Supervised Pretraining",
        "Adaptive Sampling for Physics-Informed Neural Networks",
    ]
    assert problems == []


@pytest.mark.parametrize("name", ["spaced.txt", "metadata.txt", "compact.txt"])
def test_page_chrome_never_becomes_a_paper(name: str, problems: Problems) -> None:
    for paper in daily_papers.read(PAGES / name, problems):
        assert paper.title not in CHROME
        assert "Get trending papers" not in paper.title
        assert not paper.title.startswith("Subscribe")


def test_title_without_abstract_is_reported_and_the_rest_kept(problems: Problems) -> None:
    found = titles(PAGES / "missing_abstract.txt", problems)
    assert found == ["GraphMix: Mixing Hidden States for Node Classification"]
    assert len(problems) == 1
    assert problems[0].line == 5
    assert "title with no abstract" in problems[0].message


def test_same_paper_on_several_pages_is_one_paper_with_every_source() -> None:
    corpus = read_corpus([PAGES / "spaced.txt", PAGES / "metadata.txt", PAGES / "compact.txt"])
    assert corpus.listings == 6
    assert len(corpus.papers) == 3
    assert corpus.duplicates == 3
    graphmix = next(p for p in corpus.papers if p.title.startswith("GraphMix"))
    assert {Path(s.path).name for s in graphmix.sources} == {"spaced.txt", "metadata.txt"}
    # Metadata from the page that has it fills in the listing that lacks it.
    assert graphmix.authors_count == 4 and graphmix.published == "2024-12-19"


def test_file_that_is_not_a_page_is_refused(tmp_path: Path, problems: Problems) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\n\nMilk, eggs and flour for the weekend.\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a daily-papers page"):
        list(daily_papers.read(notes, problems))
