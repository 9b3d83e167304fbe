"""Seconds until graph.html has laid out its graph in headless Chromium, offline.

Measures the demo export and synthetic graphs of a few thousand papers
(``synthetic.py``), each with kg's default view options, and prints the number
of drawn nodes and edges with the time from navigation to the end of the
layout.  Needs Chromium (apt-get install chromium) and Playwright.

    python benchmarks/html_open.py [--papers 1000 5000]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def open_seconds(browser, path: Path) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-stabilized=true]", timeout=600_000)
    seconds = time.perf_counter() - start
    drawn = page.evaluate("kgView.rendered()")
    context.close()
    return seconds, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, nargs="*", default=[1000, 5000])
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
            html.write(synthetic_kg(n), path)
            pages.append((f"synthetic, {n} papers", path))
        for name, path in pages:
            seconds, drawn = open_seconds(browser, path)
            size = path.stat().st_size / 1e6
            print(f"{name}: {drawn} nodes drawn, laid out and still in {seconds:.1f} s ({size:.1f} MB)")
        browser.close()


if __name__ == "__main__":
    main()
