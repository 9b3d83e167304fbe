"""Data sets found by what they are: named benchmarks, corpora and suites in any written form,
and not hardware, models or metrics that look like them (issue 21)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from kg.extract.dataset_names import dataset_key, dataset_surface, model_shaped, not_a_dataset
from kg.extract.extractor import mentions_of, paper_text
from kg.model import Paper
from tests.pipelines import shipped


@pytest.fixture(scope="module")
def nlp() -> Language:
    return shipped()


def datasets(nlp: Language, abstract: str, title: str = "Notes") -> set[str]:
    """The names of the data set mentions the shipped pipeline finds in ``abstract``, as the
    graph names them: a trailing designation is not part of the name (model 0.8.0, trained
    on SciREX, takes "the QM9 dataset" whole, as SciREX marks it)."""
    paper = Paper(id="p1", title=title, abstract=abstract)
    return {dataset_surface(m.text) for m in mentions_of(paper, nlp(paper_text(paper))) if m.type == "dataset"}


@pytest.mark.parametrize(
    ("abstract", "name"),
    [
        # Known benchmarks, however their names are written.
        ("After pruning, the network keeps its top-1 accuracy on CIFAR10.", "CIFAR10"),
        ("After pruning, the network keeps its top-1 accuracy on CIFAR-10.", "CIFAR-10"),
        ("Box precision of the detector is reported on MS-COCO.", "MS-COCO"),
        ("Box precision of the detector rises by two points on COCO.", "COCO"),
        ("The role labeller is trained on CoNLL-2005 and tested on other text.", "CoNLL-2005"),
        ("The new decoder gains 1.2 BLEU on WMT'14 English-German.", "WMT'14 English-German"),
        ("We also report BLEU on WMT 2014 for the same systems.", "WMT 2014"),
        ("The agent learns to play 49 Atari 2600 games from raw pixels.", "Atari 2600"),
        ("Our character model reaches a low perplexity on the Penn Treebank.", "Penn Treebank"),
        ("The backbone is pretrained on ImageNet-1k and then fine-tuned.", "ImageNet-1k"),
        ("Exact match on SQuAD v1.1 rises to 85 points.", "SQuAD v1.1"),
        ("The distilled encoder sets a new record on GLUE.", "GLUE"),
        ("All graph models are compared on OGB with the same budget.", "OGB"),
        ("Atomisation energies are regressed on QM9 with equivariant layers.", "QM9"),
        # Names no list holds, said to be data by what the text writes around them.
        ("Scores improve on the FooBench and BarSet benchmarks alike.", "FooBench"),
        ("Scores improve on the FooBench and BarSet benchmarks alike.", "BarSet"),
        ("We use three corpora, namely WikiTox, OpenCite and NewsQA2, for training.", "OpenCite"),
        ("We collected a new dataset AquaScan-7 of underwater images.", "AquaScan-7"),
        ("The model reaches 91% on the LiverCT-2 tumour segmentation dataset.", "LiverCT-2"),
        ("Our method achieves 77.1% accuracy on JXR-12 and runs in real time.", "JXR-12"),
        ("We study the solver on the KdV-3 test set and on larger grids.", "KdV-3"),
        # A name with more on it than the list has: a variant, an edition, a language pair.
        ("Spiking networks are tested on N-MNIST with few time steps.", "N-MNIST"),
        ("The parser is scored on the PASCAL VOC 2012 validation images.", "PASCAL VOC 2012"),
    ],
)
def test_a_named_data_set_is_found_in_any_form(nlp: Language, abstract: str, name: str) -> None:
    assert name in datasets(nlp, abstract)


def test_data_of_a_named_instrument_is_a_data_set(nlp: Language) -> None:
    found = datasets(nlp, "We infer the source counts from Fermi-LAT data with a neural network.")
    assert found & {"Fermi-LAT", "Fermi-LAT data"}


@pytest.mark.parametrize(
    ("abstract", "not_data"),
    [
        # Hardware, even where the text speaks of running on it.
        ("Training takes a day on eight A100 GPUs and the accuracy is unchanged.", "A100"),
        ("Inference runs on a TPU v4 pod and on a CPU for the benchmark results.", "TPU"),
        ("Our results on an NVIDIA H100 show a two-fold speed-up over the baseline.", "H100"),
        # Models, whatever their capitals and digits.
        ("We fine-tune EfficientNet-B2 on the target data and report accuracy.", "EfficientNet-B2"),
        ("ResNet-50 and BERT-base serve as baselines in all our experiments.", "ResNet-50"),
        ("ResNet-50 and BERT-base serve as baselines in all our experiments.", "BERT-base"),
        ("We compare against GPT-4 on the reasoning benchmark.", "GPT-4"),
        ("The results on Llama-2-7B match those of larger models.", "Llama-2-7B"),
        ("Gains of 1.4 dB and 1.1 dB over STARnet and TMNet are reported.", "TMNet"),
        # A metric, a field or a kind of model is no data set.
        ("We report BLEU on the test data of the shared task.", "BLEU"),
        ("The new layer improves accuracy on GNNs of any depth.", "GNNs"),
    ],
)
def test_hardware_models_and_metrics_are_not_data_sets(nlp: Language, abstract: str, not_data: str) -> None:
    assert not any(not_data in text for text in datasets(nlp, abstract))


def test_a_list_of_data_sets_ends_where_the_list_does(nlp: Language) -> None:
    found = datasets(
        nlp, "On two face detection benchmarks, FDDB and WIDER FACE, Face R-CNN achieves the best results."
    )
    assert {"FDDB", "WIDER FACE"} <= found
    assert not any("R-CNN" in text for text in found)


def test_a_citation_after_data_sets_is_not_one(nlp: Language) -> None:
    found = datasets(nlp, "We train on the CIFAR-10 and CIFAR-100 datasets (Krizhevsky, 2009) for 200 epochs.")
    assert "CIFAR-100" in found
    assert not any("Krizhevsky" in text for text in found)


@pytest.mark.parametrize(
    "names",
    [
        ["CIFAR10", "CIFAR-10", "CIFAR 10", "the CIFAR-10 dataset"],
        ["MS-COCO", "MSCOCO", "MS COCO", "COCO"],
        ["WMT'14 English-German", "WMT14 English-German", "WMT 2014 English-to-German", "WMT 2014 En-De"],
        ["SQuAD v1.1", "SQuAD 1.1", "SQuAD1.1"],
        ["ImageNet", "ImageNet-1k", "ILSVRC-2012"],
        ["the Penn Treebank", "Penn TreeBank", "PTB"],
        ["MNIST", "MNIST test set"],
    ],
)
def test_ways_of_writing_a_data_set_share_one_key(names: list[str]) -> None:
    assert len({dataset_key(name) for name in names}) == 1


def test_different_data_sets_keep_different_keys() -> None:
    keys = [dataset_key(n) for n in ("CIFAR-10", "CIFAR-100", "SQuAD 1.1", "SQuAD 2.0", "WMT 2014", "WMT 2016")]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("A100", "hardware"),
        ("TPU v4", "hardware"),
        ("EfficientNet-B2", "model"),
        ("GPT-4", "model"),
        ("BERT-base", "model"),
        ("Mistral-7B", "model"),
        ("BLEU", "metric"),
        ("NeurIPS 2023", "venue"),
        ("MRI", "field"),
        ("Google", "organisation"),
        ("100x", "name"),
        ("CIFAR-10", None),
        ("NAS-Bench-201", None),
        ("Google Speech Commands", None),
    ],
)
def test_words_that_say_a_name_is_something_else(name: str, kind: str | None) -> None:
    assert not_a_dataset(name.split()) == kind


def test_model_shaped_names() -> None:
    assert [model_shaped(w) for w in ("3DAttGAN", "SwinFormer", "PINN", "Omniglot", "Penn")] == [
        True,
        True,
        True,
        False,
        False,
    ]
