"""The docs' screenshots are of today's exports: each records the digest of the export it was taken from.

Pixels are not compared (fonts and anti-aliasing differ between machines); the
digests in docs/screenshots.json, written by docs/screenshots.py, are.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from tests.conftest import ROOT

MANIFEST = ROOT / "docs" / "screenshots.json"
HOW = "run python docs/screenshots.py and commit docs/*.png and docs/screenshots.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest() -> dict[str, dict[str, str]]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_screenshots_were_taken_from_the_committed_exports() -> None:
    stale = [
        f"docs/{picture} (from {entry['from']})"
        for picture, entry in _manifest().items()
        if _digest(ROOT / entry["from"]) != entry["source_sha256"]
    ]
    assert stale == [], f"stale screenshots: {', '.join(stale)}; {HOW}"


def test_screenshots_are_the_pictures_that_run_wrote() -> None:
    changed = [picture for picture, entry in _manifest().items() if _digest(ROOT / "docs" / picture) != entry["sha256"]]
    assert changed == [], f"pictures changed since docs/screenshots.py took them: {changed}; {HOW}"


def test_every_picture_in_the_docs_is_made_by_the_script() -> None:
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    links = [link for path in texts for link in re.findall(r"\]\(([^)\s]+\.png)\)", path.read_text(encoding="utf-8"))]
    assert links, "no screenshot is shown in the docs"
    made = set(_manifest())
    assert [link for link in links if Path(link).name not in made] == []
