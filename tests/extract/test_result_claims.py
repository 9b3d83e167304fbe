"""kg_result_claims on sentences of our own, one per claim pattern, with the concepts given.

The concepts are set by hand as ``doc.spans["kg"]`` (and the paper's own method as
``doc.spans["kg_proposed"]``), so the tests measure the claim rules alone, not the NER.
The last tests run the shipped pipeline with the component added.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import spacy

from kg.errors import ExtractorError
from kg.extract.components.result_claims import EXTENSION, ResultClaimFinder
from kg.extract.components.result_values import MetricNames, find_values, shipped_metrics
from kg.extract.pipeline import load_pipeline
from kg.extract.results import ResultClaim
from tests.sentence_docs import Concepts, concept_doc


@pytest.fixture(scope="module")
def finder() -> ResultClaimFinder:
    return ResultClaimFinder()


def _claims(finder: ResultClaimFinder, text: str, concepts: Concepts, proposed: tuple[str, ...] = ()) -> list[tuple]:
    doc = finder(concept_doc(text, concepts, proposed))
    return [(c.method, c.dataset, c.metric, c.value, c.relative) for c in doc._.get(EXTENSION)]


def test_metric_of_value_on_dataset_by_our_method(finder: ResultClaimFinder) -> None:
    text = "Zebra Nets for Stripes. Our approach achieves a top-1 accuracy of 84.3% on the Okapi dataset."
    concepts = [("Zebra Nets", "method"), ("Okapi dataset", "dataset")]
    assert _claims(finder, text, concepts) == [("Zebra Nets", "Okapi dataset", "top-1 accuracy", "84.3%", False)]


def test_value_then_metric_and_the_proposed_method_is_ours(finder: ResultClaimFinder) -> None:
    text = "We present StripeNet, a model for stripes. Our model reaches 31.7 BLEU on ZebraCorpus."
    concepts = [("StripeNet", "method"), ("ZebraCorpus", "dataset")]
    claims = _claims(finder, text, concepts, proposed=("StripeNet",))
    assert claims == [("StripeNet", "ZebraCorpus", "BLEU", "31.7", False)]


def test_a_named_method_not_ours_is_the_nearest_method(finder: ResultClaimFinder) -> None:
    text = "On the Okapi benchmark, HorseNet obtains a mean average precision of 0.412."
    concepts = [("Okapi benchmark", "dataset"), ("HorseNet", "method")]
    assert _claims(finder, text, concepts) == [
        ("HorseNet", "Okapi benchmark", "mean average precision", "0.412", False)
    ]


def test_a_reduction_by_a_percentage_is_relative(finder: ResultClaimFinder) -> None:
    text = "The stripe encoder reduces the error by 30% on Okapi."
    concepts = [("stripe encoder", "method"), ("Okapi", "dataset")]
    assert _claims(finder, text, concepts) == [("stripe encoder", "Okapi", "error", "30%", True)]


def test_from_a_to_b_keeps_the_new_value_only(finder: ResultClaimFinder) -> None:
    text = "We improve the accuracy from 87.6% to 93.2% on Okapi."
    assert _claims(finder, text, [("Okapi", "dataset")]) == [(None, "Okapi", "accuracy", "93.2%", False)]


def test_respectively_pairs_values_and_datasets_in_order(finder: ResultClaimFinder) -> None:
    text = "ZebraLM reaches perplexities of 41.2 and 37.9 on Okapi and Quagga, respectively."
    concepts = [("ZebraLM", "method"), ("Okapi", "dataset"), ("Quagga", "dataset")]
    assert _claims(finder, text, concepts) == [
        ("ZebraLM", "Okapi", "perplexities", "41.2", False),
        ("ZebraLM", "Quagga", "perplexities", "37.9", False),
    ]


def test_two_metrics_each_with_its_value(finder: ResultClaimFinder) -> None:
    text = "StripeGAN achieves an Inception Score (IS) of 166.5 and FID of 7.4 on Okapi."
    concepts = [("StripeGAN", "method"), ("Okapi", "dataset")]
    assert _claims(finder, text, concepts) == [
        ("StripeGAN", "Okapi", "IS", "166.5", False),
        ("StripeGAN", "Okapi", "FID", "7.4", False),
    ]


def test_a_factor_is_relative_and_a_quantity_is_no_value(finder: ResultClaimFinder) -> None:
    text = "HorseNet is 2.5x faster and keeps 71.0% accuracy after training for 3.5 days."
    claims = _claims(finder, text, [("HorseNet", "method")])
    assert claims == [("HorseNet", None, "accuracy", "71.0%", False)]


def test_a_number_without_a_metric_or_inside_a_name_is_no_claim(finder: ResultClaimFinder) -> None:
    text = "We train ResNet-50 on CIFAR-10 with a dropout probability of 0.5 in 2019."
    assert _claims(finder, text, [("ResNet-50", "method"), ("CIFAR-10", "dataset")]) == []


def test_the_claim_records_where_its_parts_stand(finder: ResultClaimFinder) -> None:
    text = "HorseNet obtains 55.1 mIoU on Okapi."
    doc = finder(concept_doc(text, [("HorseNet", "method"), ("Okapi", "dataset")]))
    (claim,) = doc._.get(EXTENSION)
    assert isinstance(claim, ResultClaim)
    assert text[slice(*claim.value_at)] == "55.1"
    assert claim.metric_at is not None and text[slice(*claim.metric_at)] == "mIoU"
    assert claim.dataset_at is not None and text[slice(*claim.dataset_at)] == "Okapi"
    assert claim.method_at is not None and text[slice(*claim.method_at)] == "HorseNet"
    assert claim.sentence == (0, len(text)) and claim.number == 55.1 and claim.unit == "" and not claim.own
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim.value = "1"  # type: ignore[misc]


def test_values_units_and_ranges() -> None:
    found = [
        (v.text.strip(), v.number, v.unit, v.relative)
        for v in find_values("+1.8% 4.3\u201311.2 5.6 points 30 and 2014.")
    ]
    assert found == [("+1.8%", 1.8, "%", True), ("5.6 points", 5.6, "points", False)]


def test_short_metric_names_match_only_as_written() -> None:
    metrics = shipped_metrics()
    text = "It is good: IS and mAP rise, the map is new."
    assert [text[a:b] for a, b in metrics.find(text)] == ["IS", "mAP"]


def test_a_bad_metric_list_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "metrics.tsv"
    bad.write_text("# header\naccuracy\tlower\t3\nBLEU\tloud\n", encoding="utf-8")
    with pytest.raises(ExtractorError, match=r"metrics.tsv:3: expected 'form TAB lower\|exact"):
        MetricNames(bad)


def test_off_by_default_and_on_with_result_claims() -> None:
    assert "kg_result_claims" not in load_pipeline().pipe_names
    nlp = load_pipeline(result_claims=True)
    assert nlp.pipe_names[-1] == "kg_result_claims"
    doc = nlp("Stripe networks\n\nOur method achieves 84.3% top-1 accuracy on ImageNet.")
    claims = doc._.get(EXTENSION)
    assert [(c.value, c.metric, c.dataset, c.own) for c in claims] == [("84.3%", "top-1 accuracy", "ImageNet", True)]


def test_a_saved_pipeline_loads_with_the_component(tmp_path: Path) -> None:
    nlp = load_pipeline(result_claims=True)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names[-1] == "kg_result_claims"
    doc = loaded("Stripes\n\nWe obtain 28.4 BLEU on WMT 2014.")
    assert [c.value for c in doc._.get(EXTENSION)] == ["28.4"]
