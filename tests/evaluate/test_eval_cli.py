"""`kg eval` end to end: SciERC on the shipped data, and a user's gold file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from tests.conftest import FIXTURES


def test_eval_scierc_json_has_per_type_and_micro(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "scierc", "--split", "dev", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["per_type"]) == {"Method", "Task", "Material"}
    for prf in [*result["per_type"].values(), result["micro"]]:
        assert 0.0 <= prf["precision"] <= 1.0 and 0.0 <= prf["recall"] <= 1.0 and 0.0 <= prf["f1"] <= 1.0
    assert result["micro"]["gold"] == 414  # Method + Task + Material spans in SciERC dev
    assert result["micro"]["tp"] > 0


def test_eval_scierc_table(in_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "scierc", "--split", "dev"]) == 0
    out = capsys.readouterr().out
    assert "SciERC dev: 50 abstracts" in out and "micro" in out


def test_eval_gold_scores_a_users_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "gold", str(FIXTURES / "gold.json"), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    micro = result["micro"]
    assert micro["gold"] == 9
    # kg finds the named methods, the task and the datasets of these two abstracts.
    assert micro["tp"] >= 6
    assert result["per_type"]["dataset"]["gold"] == 2


def test_eval_gold_scores_the_model_passed(tmp_path: Path, ruler_ner: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.json"
    paper = {
        "title": "Striped signals",
        # A sentence that gives the shipped model no cue that a method is named (model 0.8.0
        # reads "we apply the zebra transform" as one, as a reader would).
        "abstract": "The zebra transform of the audio was loud.",
        "concepts": {"method": ["zebra transform"]},
    }
    gold.write_text(json.dumps([paper]), encoding="utf-8")
    assert main(["eval", "gold", str(gold), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["per_type"]["method"]["tp"] == 0
    assert main(["eval", "gold", str(gold), "--json", "--model", str(ruler_ner)]) == 0
    assert json.loads(capsys.readouterr().out)["per_type"]["method"]["tp"] == 1


def test_eval_gold_bad_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text('{"papers": [{"title": "x"}]}', encoding="utf-8")
    assert main(["eval", "gold", str(bad)]) == 1
    assert "needs string 'title' and 'abstract'" in capsys.readouterr().err


def test_eval_scierc_missing_data_names_the_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "scierc", "--data", str(tmp_path)]) == 1
    assert "test.json" in capsys.readouterr().err
