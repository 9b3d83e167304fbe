from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.link.concepts import ConceptTally
from kg.link.passes import Naming, choose_spellings, count_votes, link, link_into, linked_mentions
from kg.link.votes import TypeVotes
from kg.model import ConceptType, LinkedMention, Mention


def m(
    paper: str, text: str, kind: ConceptType = "method", long_form: str | None = None, proposed: bool = False
) -> Mention:
    return Mention(paper, kind, text, "abstract", 0, len(text), text, "test", long_form=long_form, proposed=proposed)


class Counting(Iterable[Mention]):
    """Mentions that count how often they are read (``reads``), and how many are read in all (``read``)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.reads = 0
        self.read = 0

    def __iter__(self) -> Iterator[Mention]:
        self.reads += 1
        for mention in self.mentions:
            self.read += 1
            yield mention


def test_pass_one_settles_a_type_by_two_thirds_of_the_corpus() -> None:
    counted = count_votes([m("p1", "dropout"), m("p2", "dropout"), m("p3", "dropout", "task")])
    assert counted.votes.voted_type("dropout", "task", "p3") == "method"
    assert counted.papers_together


def test_pass_one_lets_a_paper_decide_where_the_corpus_does_not() -> None:
    counted = count_votes([m("p1", "S4"), m("p1", "S4"), m("p1", "S4", "task"), m("p2", "S4", "task")])
    assert counted.votes.voted_type("s4", "task", "p1") == "method"
    assert counted.votes.voted_type("s4", "task", "p2") == "task"


def test_a_paper_in_two_runs_keeps_the_type_its_first_run_chose() -> None:
    counted = count_votes(
        [
            *(m("p1", "S4"), m("p1", "S4"), m("p1", "S4", "task")),
            m("p2", "S4", "task"),
            *(m("p1", "S4", "task"), m("p1", "S4", "task"), m("p1", "S4")),
            m("p3", "S4"),
        ]
    )
    assert not counted.papers_together
    assert counted.votes.voted_type("s4", "task", "p1") == "method"


def test_pass_one_tables_the_long_form_most_papers_give() -> None:
    long = "graph neural networks"
    counted = count_votes(
        [
            m("p1", "GNNs", long_form=long),
            m("p1", "GNN", long_form=long),  # one paper counts once
            m("p2", f"{long} (GNNs)"),
            m("p3", "GNN", long_form="generative neural nets"),
            m("p4", "PCF", long_form="probabilistic circuit flow"),
            m("p5", "PCF", long_form="polymorphic combinatorial framework"),
        ]
    )
    assert counted.table == {("method", "GNN"): "graph neural network"}


def test_the_acronym_table_types_a_definition_by_the_vote_of_its_name() -> None:
    # The model calls the long form a task once; its name is a method in the corpus.
    long = "Temporal Stencil Modeling"
    counted = count_votes([m("p1", f"{long} (TSM)", "task"), m("p2", long), m("p3", long)])
    assert counted.table == {("method", "TSM"): "temporal stencil modeling"}


def test_pass_two_spells_a_key_as_most_mentions_do_and_pairs_method_names() -> None:
    mentions = [
        m("p1", "multi layer perceptron"),
        m("p2", "multi layer perceptron"),
        m("p3", "multilayer perceptron"),
        m("p4", "Poseidon", proposed=True),
        m("p4", "Poseidon model"),
        m("p5", "computer vision", "task"),
        m("p6", "computer vision tasks", "task"),
    ]
    naming = Naming(count_votes(mentions))
    spellings = choose_spellings(mentions, naming)
    assert spellings.chosen[("method", "multilayerperceptron")] == "multi layer perceptron"
    assert spellings.concept_id("method", "multilayer perceptron") == "method:multi-layer-perceptron"
    assert spellings.same_method.names == {"poseidon"}
    assert {"computervision", "computervisiontask"} <= spellings.tasks
    poseidon, vision = mentions[4], mentions[6]
    assert spellings.concept_of(poseidon, naming.key(poseidon), naming.name(poseidon)) == ("poseidon", "Poseidon")
    assert spellings.concept_of(vision, naming.key(vision), naming.name(vision)) == (
        "computer vision",
        "computer vision",
    )


def test_naming_settles_a_type_by_the_vote_then_by_an_acronyms_long_form() -> None:
    mentions = [
        m("p1", "convolutional neural networks (CNNs)"),
        m("p2", "3D CNNs", "task"),
        m("p3", "dropout"),
        m("p4", "dropout"),
        m("p5", "dropout", "task"),
    ]
    naming = Naming(count_votes(mentions))
    assert [naming.settle(x).type for x in mentions] == ["method"] * 5
    assert naming.settle(mentions[0]) is mentions[0]  # unchanged: the same record


def test_pass_three_yields_each_mention_as_it_reads_it() -> None:
    mentions = Counting([m("p1", "dropout"), m("p1", "Dropout"), m("p2", "dropout")])
    naming = Naming(count_votes(mentions))
    spellings = choose_spellings(mentions, naming)
    tally = ConceptTally(papers_together=True)
    before = mentions.read
    linked = linked_mentions(mentions, naming, spellings, tally)
    first = next(linked)
    assert mentions.read - before == 1
    assert first == LinkedMention(mentions.mentions[0], "method:dropout")
    assert [x.concept_id for x in linked] == ["method:dropout"] * 2
    (concept,) = tally.concepts()
    assert (concept.label, concept.paper_ids, concept.mention_count) == ("dropout", ("p1", "p2"), 3)
    assert concept.aliases == ("Dropout",)


def test_the_tally_lists_a_concepts_papers_in_order_of_first_mention() -> None:
    for together in (True, False):
        tally = ConceptTally(papers_together=together)
        runs = [["p2", "p2"], ["p1"]] if together else [["p2"], ["p1"], ["p2"]]
        for run in runs:
            for paper in run:
                tally.add(m(paper, "dropout"), "method:dropout", "dropout")
            tally.close_paper()
        (concept,) = tally.concepts()
        assert concept.paper_ids == ("p2", "p1"), together
        assert concept.mention_count == sum(map(len, runs))


def test_link_into_reads_the_mentions_three_times_and_hands_over_each_linked_one() -> None:
    mentions = Counting([m("p1", "GNNs", long_form="graph neural networks"), m("p2", "GNN"), m("p3", "dropout")])
    seen: list[LinkedMention] = []

    def collect(linked: Iterator[LinkedMention]) -> int:
        for x in linked:
            seen.append(x)
        return len(seen)

    concepts, collected = link_into(mentions, collect)
    assert mentions.reads == 3
    assert collected == 3
    assert (concepts, tuple(seen)) == link(mentions.mentions)
    assert [c.id for c in concepts] == ["method:dropout", "method:graph-neural-network"]


def test_type_votes_count_a_title_for_half_and_a_type_word_double_in_its_paper() -> None:
    votes = TypeVotes()
    in_title = Mention("p1", "method", "Margin Maximization", "title", 0, 19, "Margin Maximization", "ner")
    assert votes.count(in_title) == votes.count(m("p1", "margin maximization", "task")) == "marginmaximization"
    votes.close_paper("p1")
    assert votes.votes["marginmaximization"] == {"method": 0.5, "task": 1.0}
    votes.count(m("p2", "temporal reasoning"))
    votes.count(m("p2", "temporal reasoning task", "task"))
    votes.close_paper("p2")
    votes.count(m("p3", "temporal reasoning"))
    votes.count(m("p3", "temporal reasoning", "task"))
    votes.close_paper("p3")
    # Across the corpus, two each; in p2 the task word counts double, in p3 the first mention wins a tie.
    assert votes.voted_type("temporalreasoning", "method", "p2") == "task"
    assert votes.voted_type("temporalreasoning", "task", "p3") == "method"
