"""The docs' commands and links name what exists: every `kg` subcommand and flag, every
script, query and config file, every relative link and heading anchor."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doc_check import ROOT, check_docs, check_text, doc_files, slug

# A doc that lives in the repository, so that commands and links resolve from the root.
HERE = ROOT / "docs" / "made-up.md"


def messages(text: str, doc: Path = HERE, root: Path = ROOT) -> list[str]:
    return [f"{p.line}: {p.message}" for p in check_text(text, doc, root)]


def test_every_command_flag_path_and_link_in_the_docs_exists() -> None:
    assert len(doc_files()) > 10  # the README, CONTRIBUTING, BENCHMARKS, docs/, training/
    problems = check_docs()
    assert not problems, "the docs name what does not exist:\n" + "\n".join(map(str, problems))


def test_a_made_up_flag_and_a_broken_link_are_both_reported() -> None:
    text = (
        "Build it:\n\n```bash\nkg build data/daily-papers --no-such-flag --out exports/\n```\n\n"
        "Then read [the guide](no-such-guide.md).\n"
    )
    assert messages(text) == [
        "4: `kg build`: no option --no-such-flag",
        "7: link (no-such-guide.md): no such file no-such-guide.md",
    ]


def test_real_commands_with_placeholders_pass() -> None:
    text = """
```bash
kg build INPUT... --out DIR --workers N --cache DIR/   # placeholders are fine as arguments
kg eval scierc --split test --model M [--ner-only]
kg sparql exports/graph.ttl queries/top-methods-for-task.rq --bind task="image classification"
.venv/bin/python -m kg report exports/ --out r.html
for seed in 0 1; do python -m spacy train training/config-beam.cfg --output runs/b$seed \\
  --paths.train corpus/train.spacy; done
```

Use `kg build --mentions`, then `kg eval scirex --json`; `kg eval --model DIR` scores any target.
"""
    assert messages(text) == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("kg biuld data/", "`kg biuld`: no such subcommand (has: build, eval, report, sparql, validate)"),
        ("kg eval scierc --splits test", "`kg eval scierc`: no option --splits"),
        ("kg eval semeval --split test", "`kg eval semeval`: no such subcommand (has: gold, scierc, scirex)"),
        ("kg eval scirex --ner-only", "`kg eval scirex`: no option --ner-only"),
        ("kg sparql g.ttl QUERY --format=csv --limit 5", "`kg sparql`: no option --limit"),
        (".venv/bin/kg report exports/ --open", "`kg report`: no option --open"),
        ("python -m kg validate g.ttl --strict", "`kg validate`: no option --strict"),
        ("time kg build d --out o --fast", "`kg build`: no option --fast"),
    ],
)
def test_kg_subcommands_and_flags_are_checked_against_the_parser(command: str, expected: str) -> None:
    assert messages(f"```\n{command}\n```\n") == [f"2: {expected}"]


def test_scripts_their_flags_and_the_files_they_read_are_checked() -> None:
    text = """```sh
python benchmarks/scale.py --sizes 1000 --no-such-option
python benchmarks/no_such_script.py --papers 10
kg sparql exports/graph.ttl queries/no-such-question.rq
python -m spacy train training/config-none.cfg --output runs/x
bash .ci/no-such-run
cd benchmarks && python html_open.py --papers 20000
PY=.venv/bin/python
$PY training/mix.py a.spacy b.spacy --out c.spacy --weights 2
```
"""
    assert messages(text) == [
        "2: `python benchmarks/scale.py`: no option --no-such-option",
        "3: `python benchmarks/no_such_script.py`: no such file",
        "4: queries/no-such-question.rq: no such file",
        "5: training/config-none.cfg: no such file",
        "6: `bash .ci/no-such-run`: no such file",
        "9: `python training/mix.py`: no option --weights",
    ]


def test_a_script_that_passes_unknown_options_on_accepts_spacy_settings() -> None:
    text = "`python training/crossval.py train training/config-beam.cfg --folds f --out o --paths.vectors v --nope`\n"
    assert messages(text) == ["1: `python training/crossval.py`: no option --nope"]


def test_a_path_in_code_must_exist_unless_the_sentence_says_it_is_history() -> None:
    text = (
        "The tests are in `tests/test_nothing_here.py`; the rules in `kg/extract/components/`.\n"
        "Model 0.4.0 voted in Python (then `kg/extract/beam_vote.py`), and `kg/models/x/member0`\n"
        "at commit e7d6c92 held its weights. `vote.py` is named bare, as is `no_such_thing.py`.\n"
    )
    assert messages(text) == ["1: tests/test_nothing_here.py: no such file", "3: no_such_thing.py: no such file"]


def test_links_resolve_to_files_and_their_headings(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "guide.md").write_text(
        "# Guide\n\n## What `kg build` writes\n\n## Scale (2026-12-03, 2 cores)\n\n## Scale (2026-12-03, 2 cores)\n"
        "\n```\n# not a heading\n```\n",
        encoding="utf-8",
    )
    (tmp_path / "docs" / "shot.png").write_bytes(b"")
    text = """# Here

## Ties — and rounding

See [the guide](../guide.md#what-kg-build-writes), [scale](../guide.md#scale-2026-12-03-2-cores-1),
[a picture](shot.png), ![it](./shot.png), [above](#ties--and-rounding), [top](#) and
[the web](https://example.org/x#y); a link [written over a
line break](../guide.md#no-such-heading), and [a dead one](#nowhere), [another](../gone.md).
A comment in a code block is no heading: [fenced](../guide.md#not-a-heading); `[code](x.md)` is no link.
"""
    assert messages(text, tmp_path / "docs" / "here.md", tmp_path) == [
        "7: link (../guide.md#no-such-heading): no heading #no-such-heading in guide.md",
        "8: link (#nowhere): no heading #nowhere here",
        "8: link (../gone.md): no such file ../gone.md",
        "9: link (../guide.md#not-a-heading): no heading #not-a-heading in guide.md",
    ]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("What `kg build` writes", "what-kg-build-writes"),
        (
            "Cross-validation over train and dev (protocol written 2026-12-02, before any fold was trained)",
            "cross-validation-over-train-and-dev-protocol-written-2026-12-02-before-any-fold-was-trained",
        ),
        (
            "Ties and rounding error (model 0.4.2), and the return to one NER (0.5.0)",
            "ties-and-rounding-error-model-042-and-the-return-to-one-ner-050",
        ),
        ("SciERC test — relations", "scierc-test--relations"),
        ("[The view](docs/html-view.md) and **report.html**", "the-view-and-reporthtml"),
        ("snake_case stays", "snake_case-stays"),
    ],
)
def test_anchors_follow_githubs_slug_rule(heading: str, anchor: str) -> None:
    assert slug(heading) == anchor
