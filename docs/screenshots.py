"""The docs' screenshots, taken from the committed exports in headless Chromium, offline.

    python docs/screenshots.py

writes docs/graph-overview.png (the map as it opens), docs/graph-view.png (a
concept searched and selected), docs/graph-matrix.png (the method x task tab),
docs/report.png, and docs/screenshots.json: the SHA-256 of each export the
pictures were taken from and of each picture.  tests/test_screenshots.py fails
when an export no longer has the digest recorded there, so the pictures cannot
silently go stale; pixels are never compared, as fonts differ between machines.

Needs Chromium (apt-get install chromium) and Playwright (the test extra).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MANIFEST = DOCS / "screenshots.json"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1600, "height": 1000}
SELECTED = "physics-informed neural network"
SOURCES = {
    "graph-overview.png": "exports/graph.html",
    "graph-view.png": "exports/graph.html",
    "graph-matrix.png": "exports/graph.html",
    "report.png": "exports/report.html",
}
"""Each picture and the export it is taken from, relative to the repository."""


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium not found: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        context = browser.new_context(offline=True, viewport=VIEWPORT)
        page = context.new_page()
        page.goto((ROOT / "exports" / "graph.html").as_uri())
        page.wait_for_selector("body[data-stabilized=true]", timeout=120_000)
        page.screenshot(path=str(DOCS / "graph-overview.png"))
        page.fill("#search", SELECTED)
        page.press("#search", "Enter")
        page.screenshot(path=str(DOCS / "graph-view.png"))
        page.click("#tab-matrix")
        page.locator("#matrix td.some").first.click()
        page.screenshot(path=str(DOCS / "graph-matrix.png"))
        report = context.new_page()
        report.goto((ROOT / "exports" / "report.html").as_uri())
        report.locator("svg").nth(3).scroll_into_view_if_needed()
        report.screenshot(path=str(DOCS / "report.png"), full_page=False)
        browser.close()
    manifest = {
        picture: {"from": source, "source_sha256": digest(ROOT / source), "sha256": digest(DOCS / picture)}
        for picture, source in SOURCES.items()
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {', '.join('docs/' + p for p in SOURCES)} and docs/{MANIFEST.name}")


if __name__ == "__main__":
    main()
