"""The HTML view in a real headless Chromium with the network off.

Needs Chromium and Playwright (``.ci/run`` installs both). Without them the
tests are skipped, unless ``KG_REQUIRE_BROWSER=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.api import load
from kg.export import html
from kg.graph import KnowledgeGraph, build_graph
from kg.link import link
from kg.model import Mention, Paper
from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INJECTION = "<img src=x onerror=alert(1)>"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or CHROMIUM is None:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium and Playwright are required here (apt-get install chromium; pip install playwright)")
        pytest.skip("needs Chromium and Playwright")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Page:
    """A page opened offline, recording requests, console errors and dialogs."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-stabilized=true]", timeout=120_000)

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(("file:", "data:"))]


def test_demo_view_opens_offline_and_draws_every_node(browser: Any) -> None:
    path = ROOT / "exports" / "graph.html"
    view = html.view_data(KnowledgeGraph(load(ROOT / "exports"), ()))
    nodes: list[dict[str, Any]] = view["nodes"]  # type: ignore[assignment]
    concepts = [n for n in nodes if n["type"] != "paper"]
    page = Page(browser, path)
    try:
        assert page.external_requests() == []
        assert page.errors == []
        assert page.page.evaluate("kgView.rendered()") == len(concepts)
        # Ticking "Paper" adds the papers: every node of the view is drawn.
        page.page.check("input[data-type=paper]")
        page.page.wait_for_function(f"kgView.rendered() === {len(nodes)}")
        # Searching a concept selects it.
        target = concepts[0]
        page.page.fill("#search", target["label"])
        page.page.press("#search", "Enter")
        assert page.page.evaluate("kgView.network.getSelectedNodes()") == [target["id"]]
        assert target["label"] in page.page.inner_text("#details")
        assert page.external_requests() == [] and page.errors == []
    finally:
        page.context.close()


def test_hostile_title_stays_text(browser: Any, tmp_path: Path) -> None:
    paper = Paper("p1", INJECTION, "We train graph neural networks on the Cora dataset.")
    concepts, linked = link(
        [
            Mention("p1", "method", f"GNN {INJECTION}", "abstract", 0, 3, "s", "test"),
            Mention("p1", "dataset", "Cora", "abstract", 0, 4, "s", "test"),
        ]
    )
    kg = build_graph([paper], concepts, linked)
    path = tmp_path / "hostile.html"
    html.write(kg, path, html.ViewOptions(min_papers=1, show_papers=True, title=INJECTION))
    page = Page(browser, path)
    try:
        assert page.dialogs == []
        assert page.page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.page.inner_text("#heading") == INJECTION
        page.page.fill("#search", "img src")
        page.page.press("#search", "Enter")
        assert INJECTION in page.page.inner_text("#details")
        assert page.page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.dialogs == [] and page.errors == [] and page.external_requests() == []
    finally:
        page.context.close()
