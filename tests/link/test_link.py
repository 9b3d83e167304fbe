from __future__ import annotations

from collections import Counter

from kg.link import choose_label, concept_id, link
from kg.model import ConceptType, Mention


def m(paper: str, text: str, kind: ConceptType = "method", long_form: str | None = None) -> Mention:
    return Mention(paper, kind, text, "abstract", 0, len(text), text, "test", long_form=long_form)


def test_acronym_long_form_plural_and_case_are_one_concept() -> None:
    concepts, linked = link(
        [
            m("p1", "Physics-informed neural networks", long_form=None),
            m("p1", "PINNs", long_form="Physics-informed neural networks"),
            m("p2", "physics-informed neural network"),
            m("p3", "PINN"),  # no definition in p3: the corpus-wide one applies
            m("p3", "Physics-Informed Neural Networks"),
        ]
    )
    assert len(concepts) == 1
    (concept,) = concepts
    assert concept.id == "method:physics-informed-neural-network"
    assert concept.label == "physics-informed neural network"
    assert {"PINNs", "PINN", "Physics-informed neural networks"} <= set(concept.aliases)
    assert concept.paper_ids == ("p1", "p2", "p3")
    assert concept.mention_count == 5
    assert {lm.concept_id for lm in linked} == {concept.id}


def test_gnn_forms_merge_across_papers() -> None:
    concepts, _ = link(
        [
            m("p1", "graph neural networks"),
            m("p1", "GNNs", long_form="graph neural networks"),
            m("p2", "GNN"),
            m("p3", "Graph Neural Networks"),
        ]
    )
    assert [c.id for c in concepts] == ["method:graph-neural-network"]


def test_an_acronym_defined_two_ways_is_not_merged_on_a_guess() -> None:
    concepts, linked = link(
        [
            m("p1", "PCF", long_form="Polymorphic Combinatorial Framework"),
            m("p2", "PCF", long_form="probabilistic circuit flow"),
            m("p3", "PCF"),
        ]
    )
    ids = {lm.mention.paper_id: lm.concept_id for lm in linked}
    assert ids["p1"] == "method:polymorphic-combinatorial-framework"
    assert ids["p2"] == "method:probabilistic-circuit-flow"
    assert ids["p3"] == "method:pcf"
    assert len(concepts) == 3


def test_same_name_of_different_types_is_two_concepts() -> None:
    concepts, _ = link([m("p1", "clustering", "task"), m("p2", "clustering", "method")])
    assert [c.id for c in concepts] == ["method:clustering", "task:clustering"]


def test_an_abstract_outvotes_a_title_on_a_names_type() -> None:
    # The model learnt on abstracts: its type for a name in a title counts for half.
    in_title = Mention("p1", "method", "Margin Maximization", "title", 0, 19, "Margin Maximization", "ner")
    concepts, linked = link([in_title, m("p1", "margin maximization", "task")])
    assert [c.id for c in concepts] == ["task:margin-maximization"]
    assert {lm.mention.field: lm.mention.type for lm in linked} == {"title": "task", "abstract": "task"}
    # A rule's title mention ("SineNet: ..." names the paper's method) weighs in full.
    by_rule = Mention("p1", "method", "SineNet", "title", 0, 7, "SineNet", "pattern:title-name")
    concepts, _ = link([by_rule, m("p1", "SineNet", "method"), m("p1", "SineNet", "task")])
    assert [c.id for c in concepts] == ["method:sinenet"]
    # Two abstracts that disagree still keep both types.
    concepts, _ = link([m("p1", "margin maximization", "method"), m("p2", "margin maximization", "task")])
    assert len(concepts) == 2


def test_within_one_paper_a_name_is_one_thing() -> None:
    # The paper's majority decides where the corpus settles nothing.
    concepts, _ = link([m("p1", "S4", "task"), m("p1", "S4", "method"), m("p1", "S4", "method"), m("p2", "S4", "task")])
    assert sorted((c.id, c.paper_ids) for c in concepts) == [("method:s4", ("p1",)), ("task:s4", ("p2",))]
    # On a tie, the first mention's type; a mention whose last word names its type
    # ("... task") weighs double in its paper.
    concepts, _ = link([m("p1", "message passing", "method"), m("p1", "message passing", "task")])
    assert [c.id for c in concepts] == ["method:message-passing"]
    concepts, _ = link([m("p1", "temporal reasoning", "method"), m("p1", "temporal reasoning task", "task")])
    assert [c.id for c in concepts] == ["task:temporal-reasoning"]


def test_an_acronym_votes_for_its_long_form() -> None:
    # Two uses of "TSM" as a method outvote one of its long form as a task, in the paper that defines it.
    long = "Temporal Stencil Modeling"
    concepts, linked = link(
        [m("p1", f"{long} (TSM)", "task"), m("p1", "TSM", "method", long), m("p1", "TSM", "method", long)]
    )
    assert [c.id for c in concepts] == ["method:temporal-stencil-modeling"]
    assert {lm.mention.type for lm in linked} == {"method"}


def test_an_acronym_with_a_method_word_is_the_acronym() -> None:
    concepts, _ = link(
        [
            m("p1", "graph neural networks (GNNs)"),
            m("p1", "GNNs", long_form="graph neural networks"),
            m("p2", "GNN model"),
            m("p3", "GNN architectures"),
            m("p4", "CNN-based models"),  # "CNN-based" is no acronym of a method
        ]
    )
    by_id = {c.id: c for c in concepts}
    assert set(by_id) == {"method:graph-neural-network", "method:cnn-based-model"}
    gnn = by_id["method:graph-neural-network"]
    assert gnn.label == "graph neural network"
    assert {"GNN model", "GNN architectures"} <= set(gnn.aliases)


def test_an_acronym_with_a_method_word_follows_its_papers_definition() -> None:
    _, linked = link(
        [
            m("p1", "Sheaf Neural Networks (SNNs)"),
            m("p1", "SNN models", long_form="Sheaf Neural Networks"),
            m("p2", "spiking neural networks (SNNs)"),
            m("p2", "SNN architectures", long_form="spiking neural networks"),
            m("p3", "spiking neural networks (SNNs)"),
        ]
    )
    ids = {lm.mention.text: lm.concept_id for lm in linked}
    assert ids["SNN models"] == ids["Sheaf Neural Networks (SNNs)"] == "method:sheaf-neural-network"
    assert ids["SNN architectures"] == "method:spiking-neural-network"


def test_a_capitalised_short_name_in_the_plural_is_its_definition() -> None:
    concepts, _ = link([m("p1", "Pointer Net (Ptr-Net)"), m("p1", "Ptr-Nets"), m("p2", "Ptr-Net")])
    assert [c.id for c in concepts] == ["method:pointer-net"]


def test_a_name_and_the_name_with_a_method_word_are_one_method() -> None:
    proposed = Mention("p3", "method", "Poseidon", "title", 0, 8, "Poseidon", "test", proposed=True)
    concepts, _ = link(
        [
            m("p1", "pruning"),
            m("p1", "pruning methods"),
            m("p2", "pruning technique"),  # no "pruning" in p2: p1 showed the two are one
            m("p2", "kernel"),
            m("p2", "kernel methods"),  # one word the lexicon does not know: kept apart
            proposed,
            m("p3", "Poseidon model"),
        ]
    )
    assert {c.id for c in concepts} == {"method:pruning", "method:kernel", "method:kernel-method", "method:poseidon"}
    pruning = next(c for c in concepts if c.id == "method:pruning")
    assert pruning.label == "pruning" and pruning.paper_ids == ("p1", "p2")


def test_a_name_headed_by_an_acronym_takes_the_type_of_its_long_form() -> None:
    _, linked = link(
        [
            m("p1", "convolutional neural networks"),
            m("p1", "CNNs", long_form="convolutional neural networks"),
            m("p1", "semantic segmentation", "task"),
            m("p1", "SS", "task", long_form="semantic segmentation"),
            m("p2", "3D CNNs", "task"),
            m("p2", "privacy-preserving CNNs", "task"),
            m("p2", "panoramic SS", "method"),
            m("p3", "pruning pre-trained CNNs", "task"),  # an action on a network is not a network
            m("p3", "design CNNs", "task"),
            m("p3", "CNNs of choice", "task"),  # the acronym must be the last word
        ]
    )
    types = {lm.mention.text: lm.concept_id.split(":")[0] for lm in linked}
    assert types["3D CNNs"] == types["privacy-preserving CNNs"] == "method"
    assert types["panoramic SS"] == "task"
    assert types["pruning pre-trained CNNs"] == types["design CNNs"] == types["CNNs of choice"] == "task"


def test_label_prefers_the_common_singular_long_form() -> None:
    from collections import Counter

    assert choose_label(Counter({"GNNs": 5, "graph neural networks": 2, "Graph Neural Networks": 1})) == (
        "graph neural network"
    )
    assert choose_label(Counter({"ImageNet": 3, "imagenet": 1})) == "ImageNet"
    assert concept_id("dataset", "cifar 10") == "dataset:cifar-10"


def test_a_label_is_singular_in_its_head_not_its_last_word() -> None:
    assert choose_label(Counter({"Mixtures of Experts": 2, "mixture of experts": 1})) == "mixture of experts"
    assert choose_label(Counter({"Mixtures-of-Experts": 1})) == "Mixture-of-Experts"
    assert choose_label(Counter({"numerical solutions of partial differential equations": 1})) == (
        "numerical solution of partial differential equations"
    )
    assert choose_label(Counter({"U-Nets": 1})) == "U-Net"


def test_spelling_with_or_without_spaces_is_one_concept() -> None:
    concepts, _ = link(
        [
            m("p1", "multi-layer perceptrons"),
            m("p2", "multilayer perceptron"),
            m("p3", "Multilayer Perceptrons"),
            m("p4", "Fashion MNIST", "dataset"),
            m("p5", "FashionMNIST", "dataset"),
        ]
    )
    assert [(c.id, c.label) for c in concepts] == [
        ("dataset:fashionmnist", "Fashion MNIST"),
        ("method:multilayer-perceptron", "multilayer perceptron"),
    ]


def test_label_spelling_comes_from_abstracts_rather_than_title_case() -> None:
    title = Mention("p1", "method", "State Space Models", "title", 0, 18, "t", "test")
    concepts, _ = link([title, title, m("p2", "state space model")])
    assert concepts[0].label == "state space model"


def test_dataset_names_merge_with_or_without_the_word_dataset() -> None:
    concepts, _ = link([m("p1", "PDEBench benchmark", "dataset"), m("p2", "PDEBench", "dataset")])
    assert [(c.id, c.label) for c in concepts] == [("dataset:pdebench", "PDEBench")]
    assert concepts[0].aliases == ("PDEBench benchmark",)


def test_an_acronym_in_brackets_inside_a_name_is_not_part_of_it() -> None:
    concepts, _ = link(
        [
            m("p1", "Parametric Rectified Linear Unit (PReLU) activation"),
            m("p2", "parametric rectified linear unit activations"),
        ]
    )
    assert [c.id for c in concepts] == ["method:parametric-rectified-linear-unit-activation"]


def test_an_acronym_of_only_the_tail_of_a_name_is_not_its_alias() -> None:
    concepts, _ = link(
        [
            m("p1", "message-passing graph neural networks (GNNs)"),
            m("p2", "Message-passing graph neural networks (MPNNs)"),
            m("p3", "graph neural networks (GNNs)"),
        ]
    )
    aliases = {c.id: c.aliases for c in concepts}
    assert "GNNs" not in aliases["method:message-passing-graph-neural-network"]
    assert "MPNNs" in aliases["method:message-passing-graph-neural-network"]
    assert "GNNs" in aliases["method:graph-neural-network"]


def test_a_name_with_its_own_acronym_defines_it_for_the_corpus() -> None:
    # No separate acronym mention: the span itself states the definition.
    concepts, _ = link([m("p1", "Graph Convolutional Networks (GCNs)"), m("p2", "GCNs")])
    assert [(c.id, c.paper_ids) for c in concepts] == [("method:graph-convolutional-network", ("p1", "p2"))]


def test_a_hyphenated_name_is_spelled_out_not_an_acronym() -> None:
    # "Fashion-MNIST" and "Fashion MNist" are both spelled out; "FashionMNIST" is one word.
    label = choose_label(Counter({"Fashion-MNIST": 2, "Fashion MNist": 1, "FashionMNIST": 1}))
    assert label == "Fashion-MNIST"


def test_linking_from_disk_in_passes_gives_what_linking_in_memory_gives() -> None:
    from kg.link import link_into
    from kg.spool import MentionSpool, Spool
    from tests.handmade import MENTIONS

    concepts, linked = link(MENTIONS)
    spooled_concepts, spooled = link_into(Spool(MENTIONS, chunk=3), MentionSpool)
    assert spooled_concepts == concepts
    assert tuple(spooled) == linked


def test_a_concepts_papers_are_in_order_of_first_mention_whether_or_not_papers_come_in_runs() -> None:
    in_runs = [m("p1", "dropout"), m("p1", "Dropout"), m("p2", "dropout"), m("p3", "dropout")]
    (concept,), _ = link(in_runs)
    assert concept.paper_ids == ("p1", "p2", "p3")
    scattered = [m("p2", "dropout"), m("p1", "dropout"), m("p2", "Dropout"), m("p3", "dropout"), m("p1", "dropout")]
    (concept,), _ = link(scattered)
    assert concept.paper_ids == ("p2", "p1", "p3")
    assert concept.mention_count == 5


def ids_of(mentions: list[Mention]) -> dict[str, str]:
    """Each mention's text to the id of its concept."""
    _, linked = link(mentions)
    return {lm.mention.text: lm.concept_id for lm in linked}


def test_a_task_word_after_a_task_name_only_says_it_is_a_task() -> None:
    concepts, _ = link(
        [
            m("p1", "multi-label classification problems", "task"),
            m("p2", "multi-label classification", "task"),
            m("p3", "regression problem", "task"),  # the lexicon knows "regression"
            m("p3", "ranking tasks", "task"),  # "ranking": a noun in -ing
            m("p4", "regression", "task"),
        ]
    )
    by_id = {c.id: c for c in concepts}
    assert set(by_id) == {"task:multi-label-classification", "task:regression", "task:ranking"}
    assert by_id["task:multi-label-classification"].label == "multi-label classification"
    assert "multi-label classification problems" in by_id["task:multi-label-classification"].aliases
    assert by_id["task:regression"].paper_ids == ("p3", "p4")


def test_a_task_word_stays_where_the_rest_names_no_task() -> None:
    ids = ids_of(
        [
            m("p1", "inverse problems", "task"),  # the lexicon's name, last word and all
            m("p1", "boundary value problem", "task"),  # "boundary value" is no task
            m("p2", "Steiner tree problem", "task"),  # a proper name is no task on its own
            m("p2", "relational tasks", "task"),  # an adjective
            m("p3", "optimization problems", "task"),  # a generic word alone
            m("p3", "learning across tasks", "task"),  # the head is "learning"
            m("p4", "solving tasks", "task"),  # a verb's -ing form alone
            m("p4", "new problem", "task"),
        ]
    )
    assert ids == {
        "inverse problems": "task:inverse-problem",
        "boundary value problem": "task:boundary-value-problem",
        "Steiner tree problem": "task:steiner-tree-problem",
        "relational tasks": "task:relational-task",
        "optimization problems": "task:optimization-problem",
        "learning across tasks": "task:learning-across-tasks",
        "solving tasks": "task:solving-task",
        "new problem": "task:new-problem",
    }


def test_a_task_the_corpus_names_alone_absorbs_its_name_with_a_task_word() -> None:
    # "design" names no doing by its spelling, but p1 names "protein design" as a task.
    ids = ids_of(
        [
            m("p1", "protein design", "task"),
            m("p2", "protein design problems", "task"),
            m("p3", "protein folding", "method"),  # a method, not a task: no evidence
            m("p3", "crystal packing problems", "task"),  # nor anything alone
        ]
    )
    assert ids["protein design problems"] == ids["protein design"] == "task:protein-design"
    assert ids["crystal packing problems"] == "task:crystal-packing"  # "packing": -ing, several words
    ids = ids_of([m("p1", "protein folding", "method"), m("p2", "protein folding tasks", "task")])
    assert ids["protein folding tasks"] == "task:protein-folding"
    ids = ids_of([m("p1", "lattice", "task"), m("p2", "lattice tasks", "task"), m("p2", "novel tasks", "task")])
    assert ids == {"lattice": "task:lattice", "lattice tasks": "task:lattice", "novel tasks": "task:novel-task"}


def test_an_acronym_before_a_task_word_is_the_task_it_stands_for() -> None:
    concepts, _ = link(
        [
            m("p1", "minimum vertex cover (MVC)", "task"),
            m("p2", "MVC problems", "task"),
            m("p3", "TSP problem", "task"),  # defined nowhere: stays as written
        ]
    )
    by_id = {c.id: c for c in concepts}
    assert set(by_id) == {"task:minimum-vertex-cover", "task:tsp-problem"}
    assert by_id["task:minimum-vertex-cover"].label == "minimum vertex cover"
    assert "MVC problems" in by_id["task:minimum-vertex-cover"].aliases


def test_a_method_word_after_a_method_name_only_says_it_is_a_method() -> None:
    concepts, linked = link(
        [
            m("p1", "Adam optimizer"),  # the lexicon knows Adam
            m("p2", "Adam"),
            m("p2", "k-means algorithm"),
            m("p3", "K-Means"),
            m("p3", "gradient descent learning"),  # learning by a way of learning
            m("p3", "gradient descent"),
            m("p4", "Nelder-Mead method"),  # spelt as a proper name
            m("p5", "Nelder-Mead"),
            m("p5", "boosting algorithms"),  # a doing
            m("p6", "boosting approach"),
            m("p6", "spectral clustering algorithm"),
            m("p7", "adaptive kernel scheme"),  # several words headed by a method's head
            m("p7", "transformer architectures"),  # "architecture" after a lexicon name only
            m("p8", "mixture of experts approach"),  # a lexicon name, preposition and all
        ]
    )
    ids = {lm.mention.text: lm.concept_id for lm in linked}
    assert ids["Adam optimizer"] == ids["Adam"] == "method:adam"
    assert ids["k-means algorithm"] == ids["K-Means"] == "method:k-means"  # one algorithm: no plural "s"
    assert ids["gradient descent learning"] == ids["gradient descent"] == "method:gradient-descent"
    assert ids["Nelder-Mead method"] == ids["Nelder-Mead"] == "method:nelder-mead"
    assert ids["boosting algorithms"] == ids["boosting approach"] == "method:boosting"
    assert ids["spectral clustering algorithm"] == "method:spectral-clustering"
    assert ids["adaptive kernel scheme"] == "method:adaptive-kernel"
    assert ids["transformer architectures"] == "method:transformer"
    assert ids["mixture of experts approach"] == "method:mixture-of-experts"
    labels = {c.id: c.label for c in concepts}
    assert labels["method:nelder-mead"] == "Nelder-Mead" and labels["method:boosting"] == "boosting"
    assert "Adam optimizer" in next(c.aliases for c in concepts if c.id == "method:adam")


def test_a_method_word_stays_where_the_rest_names_no_method() -> None:
    ids = ids_of(
        [
            m("p1", "proposed method"),  # a bare modifier
            m("p1", "novel framework"),
            m("p2", "Bayesian methods"),  # an adjective, however capitalised
            m("p2", "numerical schemes"),
            m("p2", "Gradient methods"),  # capitalised by the sentence only
            m("p3", "CNN-based approach"),
            m("p3", "Newton's method"),
            m("p4", "forecasting method"),  # a method for a task, not the task
            m("p4", "image classification algorithm"),
            m("p5", "finite element method"),  # the lexicon's name, last word and all
            m("p5", "diffusion models"),  # "model" and "learning" make names
            m("p5", "contrastive learning"),
            m("p6", "hypernetwork learning"),  # learning a model is not the model
            m("p6", "generalization of spectral methods"),  # the head is "generalization"
            m("p6", "Neural Monte Carlo Framework"),  # a capitalised head is part of the name
        ]
    )
    assert ids == {
        "proposed method": "method:proposed-method",
        "novel framework": "method:novel-framework",
        "Bayesian methods": "method:bayesian-method",
        "numerical schemes": "method:numerical-scheme",
        "Gradient methods": "method:gradient-method",
        "CNN-based approach": "method:cnn-based-approach",
        "Newton's method": "method:newton-s-method",
        "forecasting method": "method:forecasting-method",
        "image classification algorithm": "method:image-classification-algorithm",
        "finite element method": "method:finite-element-method",
        "diffusion models": "method:diffusion-model",
        "contrastive learning": "method:contrastive-learning",
        "hypernetwork learning": "method:hypernetwork-learning",
        "generalization of spectral methods": "method:generalization-of-spectral-methods",
        "Neural Monte Carlo Framework": "method:neural-monte-carlo-framework",
    }


def test_the_type_vote_counts_a_method_word() -> None:
    # "classification method" says method, of a method for classification: the task keeps its type.
    concepts, _ = link([m("p1", "classification", "task"), m("p1", "classification method", "method")])
    assert {c.id for c in concepts} == {"task:classification", "method:classification-method"}


def test_latex_left_in_names_is_cleaned_and_its_variants_merge() -> None:
    concepts, _ = link(
        [
            m("p1", "CelebA 128times128", "dataset"),
            m("p2", "CelebA 128x128", "dataset"),
            m("p3", "(ii) \\textbf{S}parse coding"),
            m("p4", "sparse coding"),
            m("p5", 'Schr\\"odinger bridge'),
            m("p6", "Schrodinger bridges"),
            m("p6", "POINT^{3}"),
        ]
    )
    by_id = {c.id: c for c in concepts}
    assert set(by_id) == {
        "dataset:celeba128x128",
        "method:sparse-coding",
        "method:schrodinger-bridge",
        "method:point3",
    }
    celeba = by_id["dataset:celeba128x128"]
    assert celeba.label == "CelebA 128\u00d7128" and celeba.aliases == ()
    assert by_id["method:sparse-coding"].label == "sparse coding"
    assert by_id["method:sparse-coding"].aliases == ("Sparse coding",)
    assert by_id["method:point3"].label == "POINT³"
    names = [name for c in concepts for name in (c.label, *c.aliases)]
    assert not [name for name in names if any(mark in name for mark in ("\\", "{", "times", "^"))]


def test_the_merge_probes_each_stay_one_concept() -> None:
    concepts, _ = link(
        [
            m("p1", "physics-informed neural networks (PINNs)"),
            m("p1", "PINN approach"),
            m("p2", "PINNs"),
            m("p2", "Physics-Informed Neural Network"),
            m("p3", "graph neural networks (GNNs)"),
            m("p3", "GNN framework"),
            m("p4", "Graph Neural Networks"),
            m("p4", "neural operators"),
            m("p5", "neural operator methods"),
            m("p5", "Neural Operator"),
            m("p6", "hypernetworks"),
            m("p6", "hypernetwork architecture"),
            m("p7", "HyperNetwork"),
            m("p7", "neural radiance fields (NeRFs)"),
            m("p8", "NeRF"),
            m("p8", "Neural Radiance Field"),
            m("p9", "Transformers"),
            m("p9", "transformer models"),
            m("p9", "Transformer architecture"),
        ]
    )
    assert {c.id: c.label for c in concepts} == {
        "method:physics-informed-neural-network": "physics-informed neural network",
        "method:graph-neural-network": "graph neural network",
        "method:neural-operator": "neural operator",
        "method:hypernetwork": "hypernetwork",
        "method:neural-radiance-field": "neural radiance field",
        "method:transformer": "transformer",
    }


def test_solving_a_class_of_equations_is_that_class_as_a_task() -> None:
    concepts, _ = link(
        [
            m("p1", "solving partial differential equations", "task"),
            m("p2", "partial differential equations", "task"),
            m("p2", "PDEs", "task", long_form="partial differential equations"),
            m("p3", "solving sudoku puzzles", "task"),
        ]
    )
    by_papers = {c.paper_ids: c for c in concepts}
    merged = by_papers[("p1", "p2")]
    assert {"partial differential equations", "PDEs"} <= {merged.label, *merged.aliases}
    assert by_papers[("p3",)].label == "solving sudoku puzzle"  # no equation: "solving" stays
    assert len(concepts) == 2


def test_a_hyphen_joined_proper_name_keeps_its_s() -> None:
    """The demo's data set was labelled "Navier-Stoke", a form no paper wrote."""
    assert choose_label(Counter({"Navier-Stokes": 3})) == "Navier-Stokes"
    assert choose_label(Counter({"Graph-Nets": 2, "Graph-Net": 1})) == "Graph-Net"
    assert choose_label(Counter({"Fokker-Planck equations": 2})) == "Fokker-Planck equation"
