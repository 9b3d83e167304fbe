"""The vote of whole beam NERs (``kg_beam_vote``): its arithmetic, saving and loading.

kg shipped such a vote as its NER in models 0.4.x; it stays, in
``training/experiments/beam_vote/``, for votes that ``training/make_vote.py`` builds."""

from __future__ import annotations

import doctest
import random
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.training import Example

from kg.errors import ExtractorError
from kg.extract.pipeline import load_pipeline
from tests.experiments.tiny_ner import transition_ner_model
from training.experiments.beam_vote import beam_vote
from training.experiments.beam_vote.beam_vote import BeamVote, mean_entities, save_vote

TRAIN = [
    ("We apply the zebra transform to images .", [(13, 28, "Method")]),
    ("The zebra transform improves image parsing .", [(4, 19, "Method"), (29, 42, "Task")]),
    ("Image parsing is hard without the zebra transform .", [(0, 13, "Task"), (34, 49, "Method")]),
]


def _small_beam_ner(seed: int, steps: int = 40) -> Language:
    """A tiny tok2vec + beam NER pipeline trained on three sentences (seconds, not minutes)."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    nlp.add_pipe(
        "tok2vec",
        config={
            "model": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "width": 32,
                "depth": 1,
                "embed_size": 500,
                "window_size": 1,
                "maxout_pieces": 2,
                "subword_features": True,
                "pretrained_vectors": None,
            }
        },
    )
    nlp.add_pipe(
        "beam_ner",
        name="ner",
        config={
            "beam_width": 4,
            "model": transition_ner_model(
                {"@architectures": "spacy.Tok2VecListener.v1", "width": 32, "upstream": "tok2vec"}
            ),
        },
    )
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": ents}) for text, ents in TRAIN]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(steps):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    return nlp


@pytest.fixture(scope="module")
def members(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("members")
    paths = []
    for seed in (0, 1):
        _small_beam_ner(seed).to_disk(root / f"seed{seed}")
        paths.append(root / f"seed{seed}")
    return paths


def test_the_modules_examples_hold() -> None:
    """The module's doctests, which ``pytest --doctest-modules`` ran while it was in kg/."""
    result = doctest.testmod(beam_vote, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted == 3
    assert result.failed == 0


def test_mean_keeps_entities_at_or_above_the_threshold() -> None:
    scored = [{(0, 2, "Method"): 0.9, (3, 4, "Task"): 0.2}, {(0, 2, "Method"): 0.5, (3, 4, "Task"): 0.6}]
    # means: Method 0.7, Task 0.4
    assert mean_entities(scored, 0.5) == [(0, 2, "Method")]
    assert mean_entities(scored, 0.4) == [(0, 2, "Method"), (3, 4, "Task")]


def test_an_entity_one_member_alone_finds_surely_is_kept_at_one_half() -> None:
    assert mean_entities([{(1, 3, "Task"): 1.0}, {}], 0.5) == [(1, 3, "Task")]
    assert mean_entities([{(1, 3, "Task"): 0.98}, {}], 0.5) == []


def test_a_lower_threshold_keeps_every_entity_a_higher_one_keeps() -> None:
    """Lowering the threshold adds only candidates lighter than every one kept before, so it
    can add entities but never drop one (the shipped vote's 0.4 finds all that 0.5 finds)."""
    rng = random.Random(7)
    for _ in range(200):
        scored = []
        for _member in range(2):
            candidates = {}
            for _candidate in range(6):
                start = rng.randrange(10)
                candidates[(start, start + rng.randrange(1, 4), rng.choice(("Method", "Task")))] = rng.random()
            scored.append(candidates)
        assert set(mean_entities(scored, 0.5)) <= set(mean_entities(scored, 0.4))


def test_of_two_overlapping_entities_the_more_probable_stays() -> None:
    scored = [{(0, 3, "Method"): 0.9, (2, 4, "Task"): 0.8}, {(0, 3, "Method"): 0.6, (2, 4, "Task"): 1.0}]
    # means: Method 0.75, Task 0.9; they share token 2
    assert mean_entities(scored, 0.5) == [(2, 4, "Task")]
    # a different label on the same tokens is an overlap too
    assert mean_entities([{(0, 2, "Method"): 0.6, (0, 2, "Task"): 0.55}], 0.5) == [(0, 2, "Method")]


def test_two_members_sure_of_overlapping_spans_tie_whatever_the_rounding_error() -> None:
    """Each member sure of its own span gives both a mean of one half, apart only by rounding
    error in the members' probabilities: the longer span stays, however that error falls."""
    for error in (2e-16, -2e-16, 3e-6, -3e-6):
        scored = [{(3, 5, "Task"): 1.0 + error}, {(1, 5, "Method"): 1.0}]
        assert mean_entities(scored, 0.4) == [(1, 5, "Method")]
        scored = [{(3, 5, "Task"): 1.0}, {(1, 5, "Method"): 1.0 + error}]
        assert mean_entities(scored, 0.4) == [(1, 5, "Method")]
    # of two as probable and as long, the earlier
    assert mean_entities([{(2, 4, "Task"): 1.0}, {(3, 5, "Method"): 1.0 - 1e-9}], 0.4) == [(2, 4, "Task")]


def test_a_real_difference_in_probability_still_decides_an_overlap() -> None:
    assert mean_entities([{(3, 5, "Task"): 0.9}, {(1, 5, "Method"): 0.8}], 0.4) == [(3, 5, "Task")]


def test_a_saved_vote_loads_with_spacy_and_finds_what_its_members_learnt(members: list[Path], tmp_path: Path) -> None:
    save_vote(members, tmp_path / "vote", name="test_vote")
    nlp = spacy.load(tmp_path / "vote")
    assert nlp.pipe_names == ["ner"]
    vote = nlp.get_pipe("ner")
    assert isinstance(vote, BeamVote)
    assert len(vote.members) == 2
    assert vote.labels == ("Method", "Task")
    doc = nlp("We apply the zebra transform to images .")
    assert [(e.text, e.label_) for e in doc.ents] == [("zebra transform", "Method")]


def test_a_vote_keeps_its_threshold_through_saving(members: list[Path], tmp_path: Path) -> None:
    save_vote(members, tmp_path / "vote", threshold=0.3)
    vote = spacy.load(tmp_path / "vote").get_pipe("ner")
    assert isinstance(vote, BeamVote)
    assert vote.threshold == 0.3


@pytest.mark.parametrize("threshold", [0.0, -0.2, 1.5])
def test_a_threshold_that_is_not_a_probability_is_an_error(threshold: float) -> None:
    with pytest.raises(ExtractorError, match=r"'ner': the vote threshold is a mean probability in \(0, 1\]"):
        spacy.blank("en").add_pipe("kg_beam_vote", name="ner", config={"threshold": threshold})


def test_a_vote_of_one_model_with_itself_is_that_model(members: list[Path], tmp_path: Path) -> None:
    """The mean of a model and itself is its own probabilities, so the two votes agree."""
    save_vote([members[0]], tmp_path / "one")
    save_vote([members[0], members[0]], tmp_path / "twice")
    texts = [text for text, _ in TRAIN] + ["A zebra transform for image parsing and image parsing ."]
    once = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in spacy.load(tmp_path / "one").pipe(texts)]
    twice = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in spacy.load(tmp_path / "twice").pipe(texts)]
    assert once == twice
    assert any(once)


def test_kg_runs_a_saved_vote_as_its_ner(members: list[Path], tmp_path: Path) -> None:
    save_vote(members, tmp_path / "vote")
    nlp = load_pipeline(tmp_path / "vote")
    empty, doc = nlp.pipe(["", "Image parsing is hard without the zebra transform."])
    assert "zebra transform" in {e.text for e in doc.ents}
    assert not empty.ents


def test_a_greedy_ner_cannot_be_a_member(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.add_pipe("ner")
    nlp.initialize(lambda: [Example.from_dict(nlp.make_doc("a b"), {"entities": [(0, 1, "Method")]})])
    nlp.to_disk(tmp_path / "greedy")
    with pytest.raises(ExtractorError, match=r"greedy: a vote member must be .* beam NER"):
        save_vote([tmp_path / "greedy"], tmp_path / "vote")


def test_a_vote_folder_without_members_is_an_error(members: list[Path], tmp_path: Path) -> None:
    save_vote(members, tmp_path / "vote")
    for folder in (tmp_path / "vote" / "ner").iterdir():
        shutil.rmtree(folder)
    with pytest.raises(ExtractorError, match=r"no vote members \(member0, …\)"):
        load_pipeline(tmp_path / "vote")


def test_a_vote_is_not_saved_over_another_unless_asked(members: list[Path], tmp_path: Path) -> None:
    """A vote of three saved over a vote of two must not leave a stray member behind, or the
    reverse: so a folder in use is refused, and ``replace`` empties it first."""
    out = tmp_path / "vote"
    save_vote([*members, members[0]], out)
    with pytest.raises(ExtractorError, match=r"vote: the folder is not empty"):
        save_vote(members, out)
    save_vote([out / "ner" / "member1", members[0]], out, replace=True)  # a member read from the folder itself
    vote = spacy.load(out).get_pipe("ner")
    assert isinstance(vote, BeamVote)
    assert len(vote.members) == 2
    assert sorted(p.name for p in (out / "ner").iterdir()) == ["member0", "member1"]


def test_a_gap_in_the_members_is_an_error(members: list[Path], tmp_path: Path) -> None:
    save_vote([*members, members[0]], tmp_path / "vote")
    shutil.rmtree(tmp_path / "vote" / "ner" / "member1")
    with pytest.raises(ExtractorError, match=r"vote members \[0, 2\] are not numbered from 0 without gaps"):
        spacy.load(tmp_path / "vote")
