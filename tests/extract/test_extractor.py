from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from kg.extract.components import Resolver, names_a_dataset, title_end
from kg.extract.dataset_names import dataset_surface
from kg.extract.extractor import mentions_of, paper_text
from kg.extract.pipeline import load_pipeline
from kg.model import Mention, Paper
from tests.pipelines import rules, shipped

ABSTRACT = (
    "Physics-informed neural networks (PINNs) are a popular approach for solving partial differential "
    "equations. We propose SineNet, a novel architecture evaluated on the PDEBench benchmark and on the "
    "Navier-Stokes dataset. Our method outperforms Fourier neural operators and graph neural networks on "
    "time series forecasting, and PINNs trained with our model converge faster."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shipped()


def mentions(nlp: Language, title: str, abstract: str) -> list[Mention]:
    paper = Paper(id="p1", title=title, abstract=abstract)
    return mentions_of(paper, nlp(paper_text(paper)))


def resolved_name(sentence: str, span_text: str) -> str | None:
    """What the resolver keeps of a model's method span over ``span_text``: its text, or None."""
    doc = rules().make_doc(sentence)
    start = sentence.index(span_text)
    span = doc.char_span(start, start + len(span_text))
    assert span is not None, [t.text for t in doc]
    result = Resolver()._trim(Span(doc, span.start, span.end, label="method", span_id="ner"))
    return None if result is None else result.text


def test_pipeline_components_are_inspectable(nlp: Language) -> None:
    assert nlp.pipe_names == [
        "sentencizer",
        "kg_fields",
        "tok2vec",
        "ner",
        "kg_abbreviations",
        "kg_lexicon",
        "kg_patterns",
        "kg_task_phrases",
        "kg_task_lists",
        "kg_resolve",
    ]
    assert set(nlp.get_pipe("ner").labels) == {"Method", "Task", "Material"}


def test_rules_alone_need_no_model() -> None:
    rules = load_pipeline(None)
    assert "ner" not in rules.pipe_names
    paper = Paper(id="p", title="T", abstract="We train graph neural networks (GNNs) on the Cora dataset.")
    found = mentions_of(paper, rules(paper_text(paper)))
    assert {(m.text, m.type) for m in found} >= {("graph neural networks", "method"), ("Cora", "dataset")}


def test_mentions_have_offsets_sentence_and_rule(nlp: Language) -> None:
    paper = Paper(id="p1", title="SineNet: Learning Temporal Dynamics", abstract=ABSTRACT)
    found = mentions_of(paper, nlp(paper_text(paper)))
    assert found
    for m in found:
        text = paper.title if m.field == "title" else paper.abstract
        assert text[m.start : m.end] == m.text
        assert m.text in m.sentence
        assert m.rule
    by_text = {(m.text, m.type) for m in found}
    # With or without its acronym in brackets, as SciERC annotates it; linking reads the name alone.
    assert {
        ("Physics-informed neural networks", "method"),
        ("Physics-informed neural networks (PINNs)", "method"),
    } & by_text
    assert ("PINNs", "method") in by_text
    assert ("Fourier neural operators", "method") in by_text
    assert ("graph neural networks", "method") in by_text
    assert ("time series forecasting", "task") in by_text
    assert {("PDEBench", "dataset"), ("PDEBench benchmark", "dataset")} & by_text
    assert {("Navier-Stokes", "dataset"), ("Navier-Stokes dataset", "dataset")} & by_text


def test_acronym_uses_carry_their_long_form(nlp: Language) -> None:
    found = mentions(nlp, "A study", ABSTRACT)
    pinns = [m for m in found if m.text == "PINNs"]
    # The use after the definition is its own mention (the one inside the brackets may
    # belong to the long form's span, as SciERC annotates definitions).
    assert ABSTRACT.rindex("PINNs") in {m.start for m in pinns}
    assert {m.long_form for m in pinns} == {"Physics-informed neural networks"}
    assert {m.rule for m in pinns} == {"acronym"}


def test_an_acronym_with_a_method_word_carries_its_long_form(nlp: Language) -> None:
    abstract = (
        "Sheaf Neural Networks (SNNs) operate on cellular sheaves. "
        "We compare SNN models with graph neural networks on node classification."
    )
    found = {m.text: m.long_form for m in mentions(nlp, "A study", abstract)}
    assert found["SNN models"] == "Sheaf Neural Networks"


def test_the_papers_own_contribution_is_marked_proposed(nlp: Language) -> None:
    found = mentions(nlp, "SineNet: Learning Temporal Dynamics in PDEs", ABSTRACT)
    proposed = {m.text for m in found if m.proposed}
    assert "SineNet" in proposed
    assert "PINNs" not in proposed


@pytest.mark.parametrize(
    ("title", "abstract", "proposed"),
    [
        # Title case alone is no name; the abstract writing it so inside a sentence is.
        (
            "Polynormer: Graph Transformers in Linear Time",
            "We show that Polynormer scales.",
            [("Polynormer", "method")],
        ),
        ("Polynormer: Graph Transformers in Linear Time", "Polynormer scales to large graphs.", []),
        ("Contrasting Adversarial Perturbations: A Study", "We study perturbations of images.", []),
        # A name the lexicon knows is not the paper's invention.
        ("Graph Neural Networks: A Review", "We review how Graph Neural Networks work.", []),
        # A benchmark names itself.
        (
            "Multiphysics Bench: Evaluating Solvers",
            "We release Multiphysics Bench with 10 tasks.",
            [("Multiphysics Bench", "dataset")],
        ),
    ],
)
def test_a_title_name_needs_capitals_that_title_case_does_not_explain(
    title: str, abstract: str, proposed: list[tuple[str, str]]
) -> None:
    doc = rules()(paper_text(Paper(id="p1", title=title, abstract=abstract)))
    kinds = {(s.start, s.end): s.label_ for s in doc.spans["kg"]}
    in_title = [s for s in doc.spans["kg_proposed"] if s.end <= title_end(doc)]
    assert [(s.text, kinds.get((s.start, s.end))) for s in in_title] == proposed


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        # A quoted name after "termed" / "called" is a name all the same.
        ('We introduce a framework termed "Neural Constitutive Laws" (NCLaw) for fluids.', "Neural Constitutive Laws"),
        ("We propose a model called \u201cDeepFoo\u201d that scales.", "DeepFoo"),
        # The name goes on to the end of its acronym's long form, past a capitalised stop word.
        ("We propose the Spatial Learning Through Time (SLTT) method, which is fast.", "Spatial Learning Through Time"),
    ],
)
def test_proposed_names_may_be_quoted_or_spelled_out_by_their_acronym(abstract: str, name: str) -> None:
    doc = rules()(paper_text(Paper(id="p1", title="A study", abstract=abstract)))
    assert [s.text for s in doc.spans["kg_proposed"]] == [name]


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        ("We call this architecture a Pointer Net (Ptr-Net).", ["Pointer Net"]),
        ("We call our networks Magnitude Invariant Parametrizations.", ["Magnitude Invariant Parametrizations"]),
        ("Models of this kind, which we term DeepFoo, scale well.", ["DeepFoo"]),
        # A word may stand between we and the verb, or the verb may be the second of our sentence.
        ("We also call such networks Lipschitz Mixers.", ["Lipschitz Mixers"]),
        ("We train a sparse network and call it SparseNet.", ["SparseNet"]),
        # Naming words that name nothing of the paper's.
        ("It is common to call this architecture a Pointer Net.", []),
        ("They train a sparse network and call it SparseNet.", []),
        ("We call for GNN benchmarks that test reasoning.", []),
        ("They call this architecture a Pointer Net.", []),
        ("We call these anchors.", []),
    ],
)
def test_what_we_call_a_name_is_our_proposal(abstract: str, names: list[str]) -> None:
    doc = rules()(paper_text(Paper(id="p1", title="A study", abstract=abstract)))
    assert [s.text for s in doc.spans["kg_proposed"]] == names


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        # A word between "we" and its verb, or a second verb of a sentence whose subject is we.
        ("We also introduce MultiONet, a novel neural operator architecture.", ["MultiONet"]),
        ("Here we formally present GraphFoo for sparse graphs.", ["GraphFoo"]),
        ("In this work, we aim close this gap and propose MONet, which relies on multilinear operators.", ["MONet"]),
        # Another subject's verbs, or a word that does not join subject and verb.
        ("Prior work extends GNNs, and they propose GraphBar for sparse graphs.", []),
        ("We study how models present DeepFoo to users.", []),
    ],
)
def test_a_proposal_may_be_said_with_a_word_between_we_and_the_verb(abstract: str, names: list[str]) -> None:
    doc = rules()(paper_text(Paper(id="p1", title="A study", abstract=abstract)))
    assert [s.text for s in doc.spans["kg_proposed"]] == names


@pytest.mark.parametrize(
    ("abstract", "names"),
    [
        # "This paper" and "this work" take the verb's third person.
        (
            "This work proposes Neighborhood-Aware Temporal Networks for links.",
            ["Neighborhood-Aware Temporal Networks"],
        ),
        ("This paper introduces FlowMapNet, which is fast.", ["FlowMapNet"]),
        ("In this paper, we design a Multi-Scale Context Network (MSCN).", ["Multi-Scale Context Network"]),
        # A name beside the generic phrase that says what it is, after a comma.
        ("We propose a new simple network architecture, the Transformer, based on attention.", ["Transformer"]),
        (
            "We introduce a family of operator learning architectures, structure-preserving operator networks "
            "(SPONs), that keep physical properties.",
            ["structure-preserving operator networks"],
        ),
        # A modifier tied by a hyphen opens the name.
        ("We present Prior-Data Fitted Networks (PFNs) for tabular data.", ["Prior-Data Fitted Networks"]),
        # "is proposed", said in the present, before its head words.
        ("An Online Instance Matching (OIM) loss function is proposed to train it.", ["Online Instance Matching"]),
        ("GraphSAGE is also introduced for inductive learning.", ["GraphSAGE"]),
        ("The Online Instance Matching loss was proposed by Smith.", []),
        ("GraphSAGE is proposed by others as a baseline.", []),
        # In brackets after "namely"; a bracket that gives an acronym holds no apposition.
        ("We propose a novel approach (namely, Orthogonal Embedding CNNs) for faces.", ["Orthogonal Embedding CNNs"]),
        ("We propose to use a recurrent neural network (RNN) based hypernetwork.", []),
        # A coined name right after "our" and a generic or thing head, or in brackets there.
        ("Our experiments show that our fast text classifier fastText is on par.", ["fastText"]),
        ("When trained on ImageNet, our models (BigGANs) reach an IS of 166.5.", ["BigGANs"]),
        ("Our ResNet baseline is strong, and we compare our model against ResNet.", []),
        # Neither a description after the comma nor another's verb.
        ("We propose a new simple network architecture, which is based on attention.", []),
        ("We propose a training scheme, and its analysis shows that it converges.", []),
        ("Their work proposes GraphBar, which we then study.", []),
    ],
)
def test_a_proposal_said_by_this_paper_or_in_apposition(abstract: str, names: list[str]) -> None:
    doc = rules()(paper_text(Paper(id="p1", title="A study", abstract=abstract)))
    assert [s.text for s in doc.spans["kg_proposed"]] == names


@pytest.mark.parametrize(
    ("abstract", "name", "proposed"),
    [
        ("We introduce a new family of generative models termed PFGM++ that unifies them.", "PFGM++", True),
        ("This paper proposes a general acceleration methodology called NeuralStagger.", "NeuralStagger", True),
        ("Our method, called DeepFoo, learns maps between function spaces.", "DeepFoo", True),
        ("We propose a training strategy referred to as ReTrainer for quadratic networks.", "ReTrainer", True),
        ("We refer to the modified solver, which adds our two steps, as FAST-SOLVE.", "FAST-SOLVE", True),
        # Named by others: still a method, not this paper's.
        ("Earlier work used a sampler often referred to as NutSampler for such models.", "NutSampler", False),
        ("On the other hand, a recent variant of S4 called DSS showed that diagonal matrices suffice.", "DSS", False),
        ("The field is dubbed Weight Space Learning by its founders.", "Weight Space Learning", False),
        ("We then identify the operator, the so-called Hankel Operator, from data.", "Hankel Operator", False),
    ],
)
def test_a_name_given_by_others_is_a_method_but_no_proposal(abstract: str, name: str, proposed: bool) -> None:
    doc = rules()(paper_text(Paper(id="p1", title="A study", abstract=abstract)))
    assert name in [s.text for s in doc.spans["kg"] if s.label_ == "method"]
    assert (name in [s.text for s in doc.spans["kg_proposed"]]) is proposed


def test_generic_words_alone_are_never_concepts(nlp: Language) -> None:
    found = mentions(
        nlp,
        "A Framework",
        "Our approach uses a new model and a novel framework. The method and the network are trained with "
        "deep learning on the dataset in an end-to-end fashion, and this neural network beats the baseline "
        "algorithm on every task in a data-dependent manner.",
    )
    assert [m.text for m in found] == []


def test_a_generic_name_is_generic_in_any_spelling() -> None:
    # The lexicon writes "real-world problem"; plural and hyphen variants are the same name.
    for text in ("real-world problems", "Real World Problems", "real-world problem"):
        assert resolved_with_model_span(f"It solves {text} in physics.", text) == []
    assert resolved_with_model_span("It beats SOTA algorithms on graphs.", "SOTA algorithms") == []


def test_lexicon_matches_any_case_hyphenation_and_number(nlp: Language) -> None:
    found = mentions(
        nlp,
        "Notes",
        "We compare Multi-Layer Perceptrons, a multilayer perceptron, Variational Autoencoders and "
        "k-means clustering on Fashion MNIST and CIFAR-10 for Image Classification.",
    )
    texts = {(m.text, m.type) for m in found}
    assert ("Multi-Layer Perceptrons", "method") in texts
    assert ("multilayer perceptron", "method") in texts
    assert ("Variational Autoencoders", "method") in texts
    assert ("CIFAR-10", "dataset") in texts
    assert ("Image Classification", "task") in texts


def test_no_span_crosses_from_title_into_abstract(nlp: Language) -> None:
    found = mentions(nlp, "Graph Neural", "Networks are studied here in depth by many people in the field today.")
    assert all(m.field == "title" or m.start >= 0 for m in found)
    assert not any("\n" in m.text for m in found)


def test_citation_brackets_and_run_on_spans_never_become_names(nlp: Language) -> None:
    found = mentions(
        nlp,
        "Quantum Classifiers",
        "Our model outperforms the quantum convolutional neural network (QCNN)[5] and a data reuploading "
        "circuit [3] on MNIST.",
    )
    assert found
    for m in found:
        assert "[" not in m.text and "]" not in m.text
        assert m.text.count("(") == m.text.count(")")
    names = {(m.text, m.type) for m in found}
    assert {
        ("quantum convolutional neural network", "method"),
        ("quantum convolutional neural network (QCNN)", "method"),
    } & names


@pytest.mark.parametrize(
    ("sentence", "name", "is_dataset"),
    [
        ("We report accuracy on Penn Treebank and on QM7b.", "Penn Treebank", True),
        ("We report accuracy on Penn Treebank and on QM7b.", "QM7b", True),
        ("We evaluate on three benchmarks: the Spiking Speech Commands and others.", "Spiking Speech Commands", True),
        ("Results improve on the Tox21 dataset.", "Tox21", True),
        # Capitals and digits without any word of data: a method, hardware, a citation, a series.
        ("In relativity, Einstein Fields enable the derivation of quantities.", "Einstein Fields", False),
        ("Our model renders at 60 FPS on an Nvidia RTX 4090 GPU.", "Nvidia RTX 4090 GPU", False),
        # One of a kind of thing ("a ..."), even where the text speaks of running on it.
        ("It takes 32 milliseconds per frame on a Samsung Galaxy S22.", "Samsung Galaxy S22", False),
        ("We also test the model on a Medical MNIST of our own.", "Medical MNIST", True),
        ("We follow the definition from Wang Zhang 2022 closely.", "Wang Zhang 2022", False),
        ("By introducing Fourier Series, periodicity is built in.", "Fourier Series", False),
        # One capitalised word opening a sentence is an ordinary word, even before "datasets".
        ("Test datasets include simulated light curves.", "Test", False),
    ],
)
def test_a_name_is_a_dataset_only_where_the_text_speaks_of_data(sentence: str, name: str, is_dataset: bool) -> None:
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    doc = blank(sentence)
    start = sentence.index(name)
    span = doc.char_span(start, start + len(name))
    assert span is not None
    assert names_a_dataset(span) is is_dataset


@pytest.mark.parametrize(
    ("sentence", "span_text", "trimmed"),
    [
        ("Processing elements (TULIP-PEs) that adapt.", "TULIP-PEs)", "TULIP-PEs"),
        ("It runs per frame on a Samsung Galaxy S22).", "Samsung Galaxy S22)", "Samsung Galaxy S22"),
        (
            "We minimize an Euler-Lagrange energy functional E(u) = 0.",
            "Euler-Lagrange energy functional E(u",
            "Euler-Lagrange energy functional",
        ),
        ("A Graph Neural Network (GNN)-based approach.", "GNN)-based", None),
        (
            "A Graph Neural Network (GNN)-based approach.",
            "Graph Neural Network (GNN)-based approach",
            "Graph Neural Network",
        ),
        ("A speed-up (3.4x speed-up) during training.", "3.4x speed-up)", "3.4x speed-up"),
        # Balanced brackets stay.
        (
            "We use E(n)-Equivariant Graph Neural Networks here.",
            "E(n)-Equivariant Graph Neural Networks",
            "E(n)-Equivariant Graph Neural Networks",
        ),
        ("The graph neural network (GNN) works.", "graph neural network (GNN)", "graph neural network (GNN)"),
        ("The cost O(n) model is fast.", "O(n) model", "O(n) model"),
        ("POINT^{2}: A Polymer Informatics Database", "POINT^{2}", "POINT^{2}"),
        # Quotation marks pair up as well.
        ('We use the "spherical" model here.', 'spherical" model', '"spherical" model'),
        ('A "graphics for vision" approach.', '"graphics for vision" approach', '"graphics for vision" approach'),
        ('We give a pixel-wise "uncertainty map" here.', 'pixel-wise "uncertainty map', "uncertainty map"),
        ('The "Transformer" family.', '"Transformer"', "Transformer"),
    ],
)
def test_a_name_never_holds_half_a_bracket_pair(sentence: str, span_text: str, trimmed: str | None) -> None:
    assert resolved_name(sentence, span_text) == trimmed


@pytest.mark.parametrize(
    ("sentence", "span_text", "kept"),
    [
        ("This resolves a lingering issue of earlier work.", "lingering issue", False),
        ("We improve the sampling efficiency of diffusion models.", "sampling efficiency", False),
        ("Data were recorded at the DLR Institute of Space Propulsion.", "DLR Institute of Space Propulsion", False),
        ("Both teams come from Stanford University labs.", "Stanford University", False),
        ("The tool helps ML practitioners tune models.", "ML practitioners", False),
        ("It was judged by machine learning researchers.", "machine learning researchers", False),
        ("We train a sparse mixture-of-experts on text.", "sparse mixture-of-experts", True),
        # The same words before a head that names a thing leave a name.
        ("We use an efficiency-aware sampler and issue tracking.", "efficiency-aware sampler", True),
        ("A space propulsion model is trained.", "space propulsion model", True),
    ],
)
def test_remarks_qualities_people_and_organisations_are_not_concepts(sentence: str, span_text: str, kept: bool) -> None:
    assert (resolved_name(sentence, span_text) == span_text) is kept


def resolved_with_model_span(sentence: str, span_text: str) -> list[str]:
    """The texts :func:`resolved_spans` keeps when the model found a method."""
    return [s.text for s in resolved_spans(sentence, span_text, "Method")]


def resolved_spans(sentence: str, span_text: str, label: str) -> list[Span]:
    """The resolved spans of ``sentence`` when the model found ``label`` over ``span_text``."""
    nlp = rules()
    doc = nlp.make_doc(sentence)
    names = nlp.pipe_names
    for name in names[: names.index("kg_abbreviations")]:
        doc = nlp.get_pipe(name)(doc)
    start = sentence.index(span_text)
    span = doc.char_span(start, start + len(span_text))
    assert span is not None, [t.text for t in doc]
    doc.ents = [Span(doc, span.start, span.end, label=label)]
    for name in names[names.index("kg_abbreviations") :]:
        doc = nlp.get_pipe(name)(doc)
    return list(doc.spans["kg"])


@pytest.mark.parametrize(
    ("sentence", "span_text", "resolved"),
    [
        # The model's span holds "(LSTM)" but starts inside the long form: it starts where
        # the acronym's letters say the name does.
        (
            "A framework based on Long Short-Term Memory (LSTM) networks predicts spectra.",
            "Short-Term Memory (LSTM) networks",
            ["Long Short-Term Memory (LSTM) networks"],
        ),
        # A span that starts before the long form, or does not reach the acronym, is left alone.
        (
            "We train deep graph neural networks (GNNs) on molecules.",
            "deep graph neural networks (GNNs)",
            ["deep graph neural networks (GNNs)"],
        ),
        (
            "A framework based on Long Short-Term Memory (LSTM) networks predicts spectra.",
            "Short-Term Memory",
            ["Long Short-Term Memory", "LSTM"],
        ),
    ],
)
def test_a_model_span_starts_where_its_acronyms_long_form_starts(
    sentence: str, span_text: str, resolved: list[str]
) -> None:
    assert resolved_with_model_span(sentence, span_text) == resolved


@pytest.mark.parametrize(
    ("sentence", "span_text", "kind"),
    [
        # A "material" whose head is a method the lexicon knows is that method.
        ("We compare Quantile Random Forests on the benchmark datasets.", "Quantile Random Forests", "method"),
        ("Swin Transformers are trained on ImageNet.", "Swin Transformers", "method"),
        # After a preposition the method is not the head; a data set stays a data set.
        ("We study the Stability of Random Forests on the datasets.", "Stability of Random Forests", None),
        ("We evaluate on the Penn Treebank benchmark.", "Penn Treebank", "dataset"),
    ],
)
def test_a_material_named_after_a_method_is_that_method(sentence: str, span_text: str, kind: str | None) -> None:
    found = {s.text: s.label_ for s in resolved_spans(sentence, span_text, "Material")}
    assert found.get(span_text, "material") == (kind or "material")


@pytest.mark.parametrize(
    ("sentence", "span_text", "resolved"),
    [
        # "class of" says which sort of thing follows; the name is what follows.
        ("We study a class of graph transformers on molecules.", "class of graph transformers", ["graph transformers"]),
        ("The family of Gaussian processes is used.", "family of Gaussian processes", ["Gaussian processes"]),
        # What follows can be generic, and then nothing is left.
        ("We study a class of neural networks.", "class of neural networks", []),
        # "number of" makes a quantity, which is not a concept.
        ("We reduce the number of function evaluations.", "number of function evaluations", []),
        # A partitive inside a name is left alone.
        ("We use the mixture of experts layer.", "mixture of experts layer", ["mixture of experts layer"]),
    ],
)
def test_a_partitive_before_of_is_not_part_of_the_name(sentence: str, span_text: str, resolved: list[str]) -> None:
    assert resolved_with_model_span(sentence, span_text) == resolved


@pytest.mark.parametrize(
    ("sentence", "span_text", "resolved"),
    [
        # What a paper names starts after the word that names it.
        (
            "We adopt an approach named Physics Guided Neural Network here.",
            "approach named Physics Guided Neural Network",
            ["Physics Guided Neural Network"],
        ),
        ("An architecture, coined neural snowflake, is used.", "coined neural snowflake", ["neural snowflake"]),
        ("A data structure termed N-cache is kept.", "data structure termed N-cache", ["N-cache"]),
        ("We use a so-called Neural Tangent Kernel.", "so-called Neural Tangent Kernel", ["Neural Tangent Kernel"]),
        # "named entity" is a name, not a naming.
        ("We improve named entity recognition.", "named entity recognition", ["named entity recognition"]),
    ],
)
def test_a_name_starts_after_the_word_that_gives_it(sentence: str, span_text: str, resolved: list[str]) -> None:
    assert resolved_with_model_span(sentence, span_text) == resolved


@pytest.mark.parametrize(
    ("sentence", "span_text", "label", "kind"),
    [
        # A network is a thing, not an activity.
        ("We build a compact implicit neural network for images.", "compact implicit neural network", "Task", "method"),
        ("We train multi-pole graph neural operators.", "multi-pole graph neural operators", "Task", "method"),
        ("A numerical ODE solver is used.", "numerical ODE solver", "Task", "method"),
        ("We fine-tune vanilla Vision Transformers.", "vanilla Vision Transformers", "Task", "method"),
        # Networks can be data: a material stays a material.
        ("We collect temporal networks from social media.", "temporal networks", "Material", None),
        # The head of a name with a preposition is the word before it.
        ("We adopt a mixture of linear models.", "mixture of linear models", "Task", "task"),
        ("It holds for in-domain and out-of-domain tasks.", "in-domain and out-of-domain tasks", "Material", "task"),
        # An action on a method is not a method.
        ("Designing architectures by hand is slow.", "Designing architectures", "Task", "task"),
        ("Designing neural operators by hand is slow.", "Designing neural operators", "Task", "task"),
        # A compound adjective in -ing is no action.
        ("We propose an energy-conserving model.", "energy-conserving model", "Task", "method"),
        ("We propose a sparse attention model.", "sparse attention model", "Task", "method"),
        # A database or a set is data, whatever the model says; unnamed, it is no data set.
        ("We release a training and testing database of polymers.", "testing database", "Task", None),
        ("We hold out a small validation set for tuning.", "small validation set", "Method", None),
    ],
)
def test_a_head_word_settles_the_models_type(sentence: str, span_text: str, label: str, kind: str | None) -> None:
    found = {s.text: s.label_ for s in resolved_spans(sentence, span_text, label)}
    assert found.get(span_text, "material") == (kind or "material")


def test_title_case_alone_names_no_data_set() -> None:
    text = "Neural Fields for Large Diverse Datasets\n\nWe fit neural fields to images."
    assert "dataset" not in {s.label_ for s in resolved_spans(text, "Large Diverse Datasets", "Material")}
    # A title span may hold its designation, as "the ImageNet dataset" does in an abstract
    # (since model 0.8.0 title spans need not recur in the abstract); the name is ImageNet.
    text = "Scaling Laws on the ImageNet Dataset\n\nWe fit scaling laws to images."
    found = {(dataset_surface(s.text), s.label_) for s in resolved_spans(text, "ImageNet Dataset", "Material")}
    assert ("ImageNet", "dataset") in found


@pytest.mark.parametrize(
    ("sentence", "span_text", "resolved"),
    [
        # A model span over names the lexicon knows, joined by "and", "," or "/", gives way to them.
        ("Results on CIFAR-10/FFHQ datasets improve.", "CIFAR-10/FFHQ datasets", ["CIFAR-10", "FFHQ"]),
        ("We train on MNIST and CIFAR-10 datasets.", "MNIST and CIFAR-10 datasets", ["MNIST", "CIFAR-10"]),
        # A slash between single letters writes an abbreviation, not a coordination.
        (
            "It is an interactive question-answering (Q/A) system.",
            "interactive question-answering (Q/A) system",
            ["interactive question-answering (Q/A) system"],
        ),
        # Without a known conjunct the model's span stays whole.
        ("We use the encoder/decoder split here.", "encoder/decoder split", ["encoder/decoder split"]),
    ],
)
def test_a_coordination_of_known_names_is_split_into_them(sentence: str, span_text: str, resolved: list[str]) -> None:
    label = "Material" if "datasets" in span_text else "Method"
    assert [s.text for s in resolved_spans(sentence, span_text, label)] == resolved


@pytest.mark.parametrize(
    ("sentence", "span_text", "resolved"),
    [
        # Two names the lexicon knows, joined by a preposition: a method and what it is used for.
        (
            "It beats graph neural networks on time series forecasting.",
            "graph neural networks on time series forecasting",
            ["graph neural networks", "time series forecasting"],
        ),
        (
            "We study transformers for image classification.",
            "transformers for image classification",
            ["transformers", "image classification"],
        ),
        # Only one side known: the model's span stays whole.
        (
            "We study transformers for sparse plankton counting.",
            "transformers for sparse plankton counting",
            ["transformers for sparse plankton counting"],
        ),
        # A preposition that says what a name is made of is no join.
        (
            "We study mixture of experts here.",
            "mixture of experts",
            ["mixture of experts"],
        ),
    ],
)
def test_known_names_joined_by_a_preposition_are_split_into_them(
    sentence: str, span_text: str, resolved: list[str]
) -> None:
    assert [s.text for s in resolved_spans(sentence, span_text, "Method")] == resolved
