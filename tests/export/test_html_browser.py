"""The HTML view in a real headless Chromium with the network off.

Needs Chromium and Playwright (``.ci/run`` installs both). Without them the
tests are skipped, unless ``KG_REQUIRE_BROWSER=1`` (set by CI) makes that a failure.
"""

from __future__ import annotations

import math
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

pytestmark = pytest.mark.slow  # each test drives a headless Chromium

DEMO = ROOT / "exports" / "graph.html"
TARGET = {"width": 1600, "height": 1000}
"""The screen of the issue's targets."""
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

    def __init__(self, browser: Any, path: Path, viewport: dict[str, int] | None = None) -> None:
        self.context = browser.new_context(offline=True, viewport=viewport or {"width": 1280, "height": 800})
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

    def positions(self) -> dict[str, dict[str, float]]:
        return self.page.evaluate("kgView.network.getPositions()")  # type: ignore[no-any-return]

    def data(self) -> dict[str, Any]:
        return self.page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")  # type: ignore[no-any-return]


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


# What each label drew, checked against what the page itself does not decide: where
# vis-network puts the node, how wide the browser measures the text, and the canvas pixels.
LABEL_FACTS = """() => {
  const canvas = document.querySelector('#graph canvas');
  const ctx = canvas.getContext('2d');
  const ratio = canvas.width / canvas.clientWidth;
  const probe = document.createElement('canvas').getContext('2d');
  return kgView.labels().map((b) => {
    const at = kgView.network.canvasToDOM(kgView.network.getPosition(b.id));
    probe.font = b.font;
    const pixels = ctx.getImageData(Math.round(b.x * ratio), Math.round(b.y * ratio),
                                    Math.max(1, Math.round(b.w * ratio)), Math.max(1, Math.round(b.h * ratio))).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i] < 90 && pixels[i + 1] < 90 && pixels[i + 2] < 90) { ink++; }
    }
    return { ...b, nodeX: at.x, nodeY: at.y, measured: probe.measureText(b.text).width, ink: ink,
             radius: kgView.network.body.nodes[b.id].options.size * kgView.network.getScale(),
             width: canvas.clientWidth, height: canvas.clientHeight };
  });
}"""


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(
        a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]
    )


def test_demo_map_opens_with_30_readable_labels_none_overlapping(browser: Any) -> None:
    page = Page(browser, DEMO, TARGET)
    try:
        labels = page.page.evaluate(LABEL_FACTS)
        assert len(labels) >= 30
        for label in labels:
            assert label["px"] >= 11 and label["h"] >= 11, label
            # Beside its own node: the box is within the node's radius (and a small gap) of its centre.
            gap_x = max(label["x"] - label["nodeX"], 0, label["nodeX"] - label["x"] - label["w"])
            gap_y = max(label["y"] - label["nodeY"], 0, label["nodeY"] - label["y"] - label["h"])
            assert math.hypot(gap_x, gap_y) <= label["radius"] + 3, label
            assert abs(label["w"] - label["measured"]) < 1.5, label
            assert label["ink"] > 0, label  # text was drawn there
            assert label["x"] >= 0 and label["x"] + label["w"] <= label["width"], label
            assert label["y"] >= 0 and label["y"] + label["h"] <= label["height"], label
        clashes = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1 :] if _overlap(a, b)]
        assert clashes == []
        # The most mentioned concepts are among those labelled.
        data = page.data()
        top = [n["id"] for n in data["nodes"][:10]]
        assert set(top) <= {label["id"] for label in labels}
    finally:
        page.context.close()


def test_demo_opens_laid_out_still_and_the_same_on_every_load(browser: Any) -> None:
    loads = []
    for _ in range(2):
        page = Page(browser, DEMO, TARGET)
        try:
            first = page.positions()
            data = page.data()
            stored = {n["id"]: {"x": n["x"], "y": n["y"]} for n in data["nodes"] if n["type"] != "paper"}
            assert first == stored  # drawn where the build put them
            assert page.page.evaluate("kgView.network.physics.physicsEnabled") is False
            page.page.wait_for_timeout(1000)
            assert page.positions() == first  # nothing moves
            assert "Laying out" not in page.page.inner_text("#status")
            loads.append(first)
        finally:
            page.context.close()
    assert loads[0] == loads[1]


def test_ticking_papers_places_them_at_once_and_nothing_moves(browser: Any) -> None:
    page = Page(browser, DEMO, TARGET)
    try:
        before = page.positions()
        page.page.check("input[data-type=paper]")
        data = page.data()
        page.page.wait_for_function(f"kgView.rendered() === {len(data['nodes'])}")
        ticked = page.positions()
        assert {k: ticked[k] for k in before} == before
        assert ticked == {n["id"]: {"x": n["x"], "y": n["y"]} for n in data["nodes"]}
        page.page.wait_for_timeout(2000)
        assert page.positions() == ticked
        assert page.page.evaluate("kgView.network.physics.physicsEnabled") is False
    finally:
        page.context.close()


def test_zooming_in_shows_more_labels(browser: Any) -> None:
    page = Page(browser, DEMO, TARGET)
    try:
        labelled = {label["id"] for label in page.page.evaluate("kgView.labels()")}
        unlabelled = page.page.evaluate(
            """(labelled) => {
              const box = document.querySelector('#graph').getBoundingClientRect();
              return kgView.network.body.nodeIndices.filter((id) => {
                if (labelled.includes(id)) { return false; }
                const p = kgView.network.canvasToDOM(kgView.network.getPosition(id));
                return p.x > 100 && p.x < box.width - 100 && p.y > 100 && p.y < box.height - 100;
              });
            }""",
            sorted(labelled),
        )
        assert unlabelled, "every node was labelled at the default zoom: nothing to show by zooming"
        target = unlabelled[0]
        page.page.evaluate(
            """(id) => { const n = kgView.network;
                n.moveTo({ position: n.getPosition(id), scale: n.getScale() * 5, animation: false }); n.redraw(); }""",
            target,
        )
        assert target in {label["id"] for label in page.page.evaluate("kgView.labels()")}
    finally:
        page.context.close()


def test_search_and_click_reach_hidden_papers(browser: Any) -> None:
    page = Page(browser, DEMO, TARGET)
    try:
        data = page.data()
        assert data["showPapers"] is False
        by_id = {n["id"]: n for n in data["nodes"]}
        paper = next(n for n in data["nodes"] if n["type"] == "paper")
        mentioned = {e["to"] for e in data["edges"] if e["kind"] == "mention" and e["from"] == paper["id"]}
        page.page.fill("#search", paper["label"])
        page.page.click(f"#results li[data-id='{paper['id']}']")
        drawn = set(page.page.evaluate("kgView.network.body.nodeIndices"))
        assert paper["id"] in drawn and mentioned <= drawn
        assert page.page.evaluate("kgView.network.getSelectedNodes()") == [paper["id"]]
        assert paper["label"] in page.page.inner_text("#details")
        # Every mentioned concept is on screen around the paper.
        on_screen = page.page.evaluate(
            """(ids) => { const box = document.querySelector('#graph').getBoundingClientRect();
               return ids.every((id) => { const p = kgView.network.canvasToDOM(kgView.network.getPosition(id));
                 return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height; }); }""",
            sorted(mentioned | {paper["id"]}),
        )
        assert on_screen
        # From a concept's panel, clicking one of its papers selects that (hidden) paper.
        concept = next(iter(sorted(mentioned)))
        page.page.evaluate("(id) => kgView.select(id)", concept)
        other = page.page.locator("#details li[data-id^='paper:']").first
        other_id = other.get_attribute("data-id")
        assert other_id is not None and by_id[other_id]["type"] == "paper"
        other.click()
        assert page.page.evaluate("kgView.network.getSelectedNodes()") == [other_id]
        assert other_id in page.page.evaluate("kgView.network.body.nodeIndices")
        assert by_id[other_id]["label"] in page.page.inner_text("#details")
        # With methods unticked, a searched method is still shown and selected.
        page.page.uncheck("input[data-type=method]")
        method = next(n for n in data["nodes"] if n["type"] == "method")
        assert method["id"] not in page.page.evaluate("kgView.network.body.nodeIndices")
        page.page.fill("#search", method["label"])
        page.page.click(f"#results li[data-id='{method['id']}']")
        assert method["id"] in page.page.evaluate("kgView.network.body.nodeIndices")
        assert page.page.evaluate("kgView.network.getSelectedNodes()") == [method["id"]]
        assert page.errors == []
    finally:
        page.context.close()


def test_small_corpus_shows_everything_and_says_so(browser: Any, tmp_path: Path) -> None:
    papers = [Paper("a", "Graphs", "x"), Paper("b", "Images", "y")]
    concepts, linked = link(
        [
            Mention("a", "method", "graph neural network", "abstract", 0, 1, "s", "test"),
            Mention("a", "task", "node classification", "abstract", 0, 1, "s", "test"),
            Mention("b", "method", "convolutional network", "abstract", 0, 1, "s", "test"),
            Mention("b", "dataset", "ImageNet", "abstract", 0, 1, "s", "test"),
        ]
    )
    path = tmp_path / "small.html"
    html.write(build_graph(papers, concepts, linked), path)
    page = Page(browser, path, TARGET)
    try:
        assert page.page.evaluate("kgView.rendered()") == 6  # four concepts and both papers
        assert "every concept with at least 1 paper is drawn" in page.page.inner_text("#notes")
        assert page.page.inner_text("#leftout") == ""
        assert len(page.page.evaluate("kgView.labels()")) == 6
    finally:
        page.context.close()


def test_matrix_view_links_to_papers(browser: Any) -> None:
    page = Page(browser, DEMO, TARGET)
    try:
        page.page.click("#tab-matrix")
        assert page.page.is_visible("#matrix table") and not page.page.is_visible("#graph")
        cell = page.page.locator("#matrix td.some").first
        count = int(cell.inner_text())
        cell.click()
        papers = page.page.locator("#details li[data-id]")
        assert papers.count() == count
        paper_id = papers.first.get_attribute("data-id")
        papers.first.click()
        assert page.page.is_visible("#graph") and not page.page.is_visible("#matrix")
        assert page.page.evaluate("kgView.network.getSelectedNodes()") == [paper_id]
        assert page.errors == []
    finally:
        page.context.close()


def test_clusters_are_listed_by_name_and_select_their_concepts(browser: Any) -> None:
    page = Page(browser, DEMO, TARGET)
    try:
        data = page.data()
        items = page.page.locator("#clusters li")
        assert items.count() == len(data["communities"])
        assert data["communities"][0]["name"] in items.first.inner_text()
        items.first.click()
        members = {n["id"] for n in data["nodes"] if n["c"] == 0}
        labelled = {label["id"] for label in page.page.evaluate("kgView.labels()")}
        assert labelled and labelled <= members
    finally:
        page.context.close()
