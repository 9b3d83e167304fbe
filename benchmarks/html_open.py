"""How graph.html opens in headless Chromium, offline: seconds until usable, labels, stillness.

Measures the demo export and synthetic graphs (``synthetic.py``), each with
kg's default view options, at 1600x1000, and prints for each page:

- the seconds from navigation until the page is usable: drawn, laid out, and
  with no node moving (checked again half a second later);
- the node labels drawn at the default zoom, their smallest height and how many
  overlap another;
- whether two loads give the same node positions;
- how far any node moved in the 2 s after ticking *Paper*.

Needs Chromium (apt-get install chromium) and Playwright.

    python benchmarks/html_open.py [--papers 20000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1600, "height": 1000}


def _overlaps(labels: list[dict[str, Any]]) -> int:
    def hit(a: dict[str, Any], b: dict[str, Any]) -> bool:
        return bool(
            a["x"] < b["x"] + b["w"]
            and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["h"]
            and b["y"] < a["y"] + a["h"]
        )

    return sum(1 for i, a in enumerate(labels) for b in labels[i + 1 :] if hit(a, b))


def _moved(before: dict[str, Any], after: dict[str, Any]) -> float:
    return max(
        (abs(before[k]["x"] - after[k]["x"]) + abs(before[k]["y"] - after[k]["y"]) for k in before if k in after),
        default=0.0,
    )


def measure(browser: Any, path: Path) -> dict[str, Any]:
    """Open ``path`` twice and return the figures printed by ``main``."""
    figures: dict[str, Any] = {}
    positions = []
    for load in range(2):
        context = browser.new_context(offline=True, viewport=VIEWPORT)
        page = context.new_page()
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-stabilized=true]", timeout=600_000)
        ready = time.perf_counter() - start
        first = page.evaluate("kgView.network.getPositions()")
        page.wait_for_timeout(500)
        still = _moved(first, page.evaluate("kgView.network.getPositions()")) == 0
        positions.append(first)
        if load == 0:
            labels = page.evaluate("kgView.labels()")
            figures.update(
                seconds=ready,
                still=still,
                drawn=page.evaluate("kgView.rendered()"),
                labels=len(labels),
                smallest=min((label["px"] for label in labels), default=0),
                overlaps=_overlaps(labels),
            )
            page.check("input[data-type=paper]")
            ticked = page.evaluate("kgView.network.getPositions()")
            page.wait_for_timeout(2000)
            figures["paper_move"] = _moved(ticked, page.evaluate("kgView.network.getPositions()"))
            figures["with_papers"] = page.evaluate("kgView.rendered()")
        context.close()
    figures["same"] = positions[0] == positions[1]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="*", default=[20000])
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from synthetic import synthetic_kg

    from kg.export import html

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("needs Chromium: apt-get install chromium")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        pages = [("demo corpus (exports/graph.html)", ROOT / "exports" / "graph.html")]
        for n in args.papers:
            path = Path(tmp) / f"synthetic-{n}.html"
            start = time.perf_counter()
            html.write(synthetic_kg(n), path)
            print(f"synthetic, {n} papers: graph and page built in {time.perf_counter() - start:.1f} s")
            pages.append((f"synthetic, {n} papers", path))
        for name, path in pages:
            f = measure(browser, path)
            size = path.stat().st_size / 1e6
            print(
                f"{name} ({size:.1f} MB): usable in {f['seconds']:.2f} s (still: {f['still']}), "
                f"{f['drawn']} nodes drawn; {f['labels']} labels at the default zoom, smallest {f['smallest']} px, "
                f"{f['overlaps']} overlapping; same positions on two loads: {f['same']}; "
                f"{f['with_papers']} nodes with papers, largest move 2 s after ticking Paper: {f['paper_move']:.1f}"
            )
        browser.close()


if __name__ == "__main__":
    main()
