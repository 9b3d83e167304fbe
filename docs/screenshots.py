"""The README's two screenshots, taken from the committed exports in headless Chromium, offline.

    python docs/screenshots.py        # writes docs/graph-view.png and docs/report.png

Needs Chromium (apt-get install chromium) and Playwright (the test extra).
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SELECTED = "physics-informed neural network"


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium not found: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto((ROOT / "exports" / "graph.html").as_uri())
        page.wait_for_selector("body[data-stabilized=true]", timeout=120_000)
        page.fill("#search", SELECTED)
        page.press("#search", "Enter")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ROOT / "docs" / "graph-view.png"))
        report = context.new_page()
        report.goto((ROOT / "exports" / "report.html").as_uri())
        heatmap = report.locator("svg").nth(3)
        heatmap.scroll_into_view_if_needed()
        report.screenshot(path=str(ROOT / "docs" / "report.png"), full_page=False)
        browser.close()
    print("wrote docs/graph-view.png and docs/report.png")


if __name__ == "__main__":
    main()
