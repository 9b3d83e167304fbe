"""Write the metric list of ``kg_result_claims`` from SciREX's 196 training papers.

Only the papers under ``train`` in ``training/scirex-split.json`` are read.  A form is the
text of a mention of a Metric entity that one of the paper's result tuples
(``n_ary_relations``) names: what papers call the measures they report results in.  The
rules, fixed before the held-out papers were read:

* trailing punctuation and quotes are cut; a form must hold a letter, be longer than one
  character, not start with a digit ("30fps") and hold no "=" and no unpaired bracket;
* a form is kept when two or more training papers write it, or when its last word ends a
  form kept that way ("rank-1 identification rate": "error rate" is kept);
* the forms of :data:`NOT_METRICS` are dropped: a setting or a word of evaluation, no measure;
* a form of at most four characters ("IS", "mAP", "PER") is matched only as written, in each
  spelling that holds a capital; a longer form is matched in any case.

    python training/relations/result_metrics.py      # writes kg/models/result_claims/metrics.tsv
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from kg.evaluate.scirex import SPLIT_FILE, read_split
from kg.evaluate.scirex_data import detokenise
from kg.extract.components.result_values import METRICS_FILE, SHORT_FORM

NOT_METRICS = frozenset(
    {
        "average",
        "correct",
        "accurate",
        "count",
        "dynamic evaluation",
        "evaluation",
        "learning rate",
        "matched",
        "resolution",
        "score",
        "speed",
        "time",
    }
)
"""Forms SciREX annotates as a Metric that name a setting or say "evaluation" without a measure."""
_TRAILING = "\u201d\u201c\"'.,;:"
_OPEN, _CLOSE = "([{", ")]}"

HEADER = """\
# kg result-claim metrics: the names papers give the measures they report results in
# ("top-1 accuracy", "BLEU", "mIoU"). Derived (training/relations/result_metrics.py) from
# SciREX (Jain et al., ACL 2020; Apache-2.0): the mention texts of the Metric entities named
# by the result tuples (n_ary_relations) of the 196 training papers of
# training/scirex-split.json, none of the 50 held-out ones; the script's docstring gives the
# rules. Read by the kg_result_claims component (kg.extract.components.result_values).
# Columns: form TAB match (lower: any case; exact: as written) TAB training papers writing it.
"""


def _clean(text: str) -> str | None:
    form = " ".join(text.split()).strip(_TRAILING).strip()
    if len(form) < 2 or not re.search(r"[A-Za-z]", form) or form[0].isdigit() or "=" in form:
        return None
    depth = 0
    for char in form:
        depth += char in _OPEN
        depth -= char in _CLOSE
        if depth < 0:
            return None
    return form if depth == 0 else None


@dataclass(frozen=True)
class Form:
    """A lower-cased metric form: how many training papers write it, and how many write each spelling."""

    papers: int
    spellings: dict[str, int]


def written_forms(data: Path, ids: set[str]) -> dict[str, Form]:
    """Each lower-cased form of the result tuples' metrics in the papers of ``ids``."""
    papers: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, str]] = set()
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["doc_id"] not in ids:
                continue
            words = record["words"]
            for metric in {t["Metric"] for t in record["n_ary_relations"]}:
                for start, end in record["coref"].get(metric, []):
                    form = _clean(detokenise(words[start:end])[0])
                    if form is None:
                        continue
                    papers[form.lower()].add(record["doc_id"])
                    if (record["doc_id"], form) not in seen:
                        seen.add((record["doc_id"], form))
                        spellings[form.lower()][form] += 1
    return {form: Form(len(papers[form]), dict(spellings[form])) for form in papers}


def metric_rows(forms: dict[str, Form]) -> list[tuple[str, str, int]]:
    """(form, match, papers) of every kept form, sorted."""
    common = {form for form, f in forms.items() if f.papers >= 2}
    heads = {form.split()[-1] for form in common}
    rows = []
    for form, found in forms.items():
        if form in NOT_METRICS or not (form in common or form.split()[-1] in heads):
            continue
        if len(form) <= SHORT_FORM:
            rows.extend((s, "exact", n) for s, n in found.spellings.items() if s != s.lower())
        else:
            rows.append((form, "lower", found.papers))
    return sorted(set(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="data/scirex/docs.jsonl")
    parser.add_argument("--out", default=str(METRICS_FILE))
    args = parser.parse_args()
    ids = set(read_split(SPLIT_FILE, "train"))
    rows = metric_rows(written_forms(Path(args.data), ids))
    text = HEADER + "".join(f"{form}\t{match}\t{n}\n" for form, match, n in rows)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(rows)} forms from {len(ids)} training papers")


if __name__ == "__main__":
    main()
