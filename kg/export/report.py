"""A static report of the graph: corpus statistics and plots a person reads at a glance.

Plots are drawn with matplotlib as SVG and inlined, so the page is one file
that opens offline; text in the SVG stays text (searchable, crisp at any
zoom).  Everything comes from the graph alone (a built corpus's streamed view,
or any networkx graph of kg's shape, such as ``kg.load()`` gives), walked in a
few passes without holding its papers, so an existing export can be redrawn
and a large corpus costs no more memory than a small one.
"""

from __future__ import annotations

import html
import io
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ExportError
from kg.export.text import safe_text
from kg.graph import GraphView, concept_items, paper_adjacency
from kg.stats import method_task_matrix

TOP = 15
TIMELINE_TOP = 6
MIN_DATED_FOR_TRENDS = 100
"""Dated papers below which the report draws no concepts-over-time lines: with fewer, a
concept's line is a few papers a year, and its ups and downs are noise."""
SOURCE_ROWS = 10
"""Input files listed by name in the corpus table (those with the most listings); the rest share one row."""
YEAR_TICKS = 20
"""Most year labels on a time axis: a longer span is labelled every few years."""
LABEL_LINE = 28
LABEL_LINES = 3
"""A wrapped axis label has lines of at most ``LABEL_LINE`` characters, and at most
``LABEL_LINES`` of them (a longer name, which is rare, is shortened on its last line)."""
COLORS = {"method": "#2f80ed", "task": "#f2994a", "dataset": "#27ae60"}
CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933;
       margin: 24px auto; max-width: 1200px; padding: 0 16px; }
h1 { font-size: 22px; }
h2 { font-size: 17px; border-bottom: 1px solid #d9e2ec; padding-bottom: 4px; }
table { border-collapse: collapse; }
th { text-align: left; font-weight: normal; padding: 2px 16px 2px 0; color: #486581; }
td { text-align: right; font-variant-numeric: tabular-nums; }
.row { display: flex; flex-wrap: wrap; gap: 16px; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.muted { color: #627d98; font-size: 12px; }
"""


def _plain(label: str) -> str:
    """A label matplotlib prints as it is ("$" would start mathematics)."""
    return safe_text(label).replace("$", r"\$")


def _tick(label: str) -> str:
    """An axis label readable whole: wrapped, shortened only beyond ``LABEL_LINES`` lines."""
    lines = textwrap.wrap(_plain(label), LABEL_LINE, break_on_hyphens=False) or [""]
    if len(lines) > LABEL_LINES:
        last = textwrap.shorten(" ".join(lines[LABEL_LINES - 1 :]), LABEL_LINE, placeholder="…")
        lines = [*lines[: LABEL_LINES - 1], last]
    return "\n".join(lines)


def _svg(figure: object) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[arg-type]
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _setup() -> None:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "kg",
            "font.size": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _top_concepts(graph: GraphView, kind: str) -> list[tuple[str, int]]:
    rows = [(a["label"], a["paper_count"]) for _, a in concept_items(graph) if a["type"] == kind]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows[:TOP]


def _bar_chart(graph: GraphView, kind: str) -> str | None:
    import matplotlib.pyplot as plt

    rows = _top_concepts(graph, kind)
    if not rows:
        return None
    lines = sum(_tick(label).count("\n") + 1 for label, _ in rows)
    figure, axis = plt.subplots(figsize=(6.2, 0.26 * lines + 0.06 * len(rows) + 0.9))
    labels = [_tick(label) for label, _ in rows][::-1]
    values = [n for _, n in rows][::-1]
    axis.barh(labels, values, color=COLORS[kind])
    for y, value in enumerate(values):
        axis.text(value, y, f" {value}", va="center", fontsize=9)
    axis.set_xlabel("papers")
    axis.set_title(f"Top {kind}s", loc="left", fontweight="bold")
    axis.margins(x=0.12)
    return _svg(figure)


def _heatmap(graph: GraphView) -> str | None:
    import matplotlib.pyplot as plt

    matrix = method_task_matrix(graph, top=TOP)
    if matrix.empty:
        return None
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    matrix = matrix[matrix.sum(axis=0).sort_values(ascending=False, kind="stable").index]
    figure, axis = plt.subplots(figsize=(0.55 * matrix.shape[1] + 3.5, 0.4 * matrix.shape[0] + 2.2))
    image = axis.imshow(matrix.values, cmap="Blues", aspect="auto")
    axis.set_xticks(range(matrix.shape[1]), [_tick(str(c)) for c in matrix.columns], rotation=40, ha="right")
    axis.set_yticks(range(matrix.shape[0]), [_tick(str(r)) for r in matrix.index])
    peak = matrix.values.max() or 1
    for (row, col), value in zip(
        [(r, c) for r in range(matrix.shape[0]) for c in range(matrix.shape[1])], matrix.values.flatten(), strict=True
    ):
        if value:
            axis.text(
                col,
                row,
                str(value),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if value > peak / 2 else "#102a43",
            )
    axis.set_title("Methods and tasks: papers that mention both", loc="left", fontweight="bold")
    figure.colorbar(image, ax=axis, shrink=0.6, label="papers")
    return _svg(figure)


@dataclass(frozen=True)
class Timeline:
    """The over-time section: its figure (None when there is nothing to draw), how many
    papers carry a full date out of how many, and whether concept lines were drawn."""

    svg: str | None
    dated: int
    papers: int
    trends: bool

    def caption(self) -> str:
        share = f"{self.dated} of {self.papers} papers ({self.dated / max(self.papers, 1):.0%})"
        if self.svg is None:
            return f"Only {share} carry a full date, over fewer than two years: no timeline to draw."
        if not self.trends:
            return (
                f"Only {share} carry a full date: too few to show concepts over time "
                f"(the report draws them from {MIN_DATED_FOR_TRENDS} dated papers on)."
            )
        return f"From the {share} that carry a full date."


def _timeline(graph: GraphView) -> Timeline:
    import matplotlib.pyplot as plt

    def paper_years() -> Iterator[int | None]:
        for _, attrs in graph.nodes(data=True):
            if attrs["type"] == "paper":
                published = attrs.get("published", "")
                yield int(published[:4]) if published and not published.startswith("--") else None

    years = list(paper_years())
    totals = Counter(year for year in years if year is not None)
    dated = totals.total()
    if len(totals) < 2:
        return Timeline(None, dated, len(years), False)
    span = range(min(totals), max(totals) + 1)
    trends = dated >= MIN_DATED_FOR_TRENDS
    figure, axes = plt.subplots(1, 2 if trends else 1, figsize=(11 if trends else 5.5, 3.6), squeeze=False)
    left = axes[0][0]
    left.bar(list(span), [totals[y] for y in span], color="#9fb3c8")
    left.set_title("Dated papers per year", loc="left", fontweight="bold")
    ticks = list(span) if len(span) <= YEAR_TICKS else list(span)[:: -(-len(span) // YEAR_TICKS)]
    left.set_xticks(ticks, [str(y) for y in ticks], rotation=45)
    left.yaxis.get_major_locator().set_params(integer=True)
    if trends:
        per_concept: dict[str, Counter[int]] = defaultdict(Counter)
        # Papers and their edges come in the same order: walked side by side, not held.
        for year, (_, neighbours) in zip(years, paper_adjacency(graph), strict=True):
            if year is not None:
                for concept in set(neighbours):
                    per_concept[concept][year] += 1
        top = sorted(per_concept, key=lambda c: (-sum(per_concept[c].values()), c))[:TIMELINE_TOP]
        right = axes[0][1]
        for concept in top:
            kind = graph.nodes[concept]["type"]
            label = f"{_plain(graph.nodes[concept]['label'])} ({kind})"
            right.plot(list(span), [per_concept[concept][y] for y in span], marker="o", label=label)
        right.set_title("Most-mentioned concepts over time", loc="left", fontweight="bold")
        right.set_xticks(ticks, [str(y) for y in ticks], rotation=45)
        right.set_ylabel("papers")
        right.yaxis.get_major_locator().set_params(integer=True)
        right.legend(fontsize=8, frameon=False, loc="upper left")
    return Timeline(_svg(figure), dated, len(years), trends)


def statistics(graph: GraphView) -> list[tuple[str, str]]:
    """The corpus in numbers, as (what, how many) rows."""
    kinds: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    dated = 0
    for _, a in graph.nodes(data=True):  # one pass: a large graph's papers are read from disk
        kinds[a["type"]] += 1
        if a["type"] == "paper":
            sources.update(s.rsplit(":", 1)[0] for s in a.get("sources", []))
            dated += bool(a.get("published") and not a["published"].startswith("--"))
    rows = [
        ("papers", str(kinds["paper"])),
        ("listings read (a paper may be listed on several pages)", str(sum(sources.values()))),
        ("papers with a full date", str(dated)),
        ("methods", str(kinds.get("method", 0))),
        ("tasks", str(kinds.get("task", 0))),
        ("datasets", str(kinds.get("dataset", 0))),
        ("paper-concept links", str(sum(len(by_key) for _, n in paper_adjacency(graph) for by_key in n.values()))),
        (
            "papers linked to no concept",
            str(sum(1 for _, neighbours in paper_adjacency(graph) if not neighbours)),
        ),
    ]
    by_count = sorted(sources.items(), key=lambda item: (-item[1], item[0]))
    rows.extend((f"listings in {name}", str(n)) for name, n in sorted(by_count[:SOURCE_ROWS]))
    if len(by_count) > SOURCE_ROWS:
        rest = by_count[SOURCE_ROWS:]
        rows.append((f"listings in {len(rest)} other files", str(sum(n for _, n in rest))))
    return rows


def render(graph: GraphView, title: str = "kg report") -> str:
    """The report page's HTML text."""
    _setup()
    sections = []
    table = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in statistics(graph))
    sections.append(f"<section><h2>Corpus</h2><table>{table}</table></section>")
    bars = [chart for kind in ("method", "task", "dataset") if (chart := _bar_chart(graph, kind))]
    if bars:
        sections.append(
            "<section><h2>Top concepts</h2><div class='row'>"
            + "".join(f"<figure>{b}</figure>" for b in bars)
            + "</div></section>"
        )
    heatmap = _heatmap(graph)
    sections.append(
        "<section><h2>Which methods for which tasks</h2>"
        + (f"<figure>{heatmap}</figure>" if heatmap else "<p>No paper mentions both a method and a task.</p>")
        + "</section>"
    )
    timeline = _timeline(graph)
    caption = html.escape(timeline.caption())
    sections.append(
        "<section><h2>Over time</h2>"
        + (f"<figure>{timeline.svg}</figure><p class='muted'>{caption}</p>" if timeline.svg else f"<p>{caption}</p>")
        + "</section>"
    )
    body = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{CSS}</style></head>
<body><h1>{html.escape(title)}</h1>
{body}
</body></html>
"""


def write(graph: GraphView, path: Path, title: str = "kg report") -> list[Path]:
    """Write the report to ``path``: whole or not at all, so a failed write leaves the old one."""
    partial = path.with_name(f".{path.name}.tmp")
    try:
        partial.write_text(render(graph, title), encoding="utf-8")
        partial.replace(path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise ExportError(
            f"{path.as_posix()}: cannot write the report ({err.strerror or err}); choose another --out"
        ) from err
    return [path]
