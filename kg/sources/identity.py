"""Stable identifiers for papers, so that a paper has one id on every page and run."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_ARXIV_NEW = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5})(v\d+)?$", re.IGNORECASE)
_ARXIV_OLD = re.compile(r"^(?:arxiv:)?([a-z][a-z.\-]+/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?(?:[?#].*)?$", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-:]{0,127}$")


def normalized_title(title: str) -> str:
    """The title reduced to what makes two listings the same paper.

    Case, accents' composition, punctuation and spacing differ between pages
    that list one paper; words and their order do not.  A title with no word
    character at all (":", "¡") is kept as written, spacing aside: reduced to
    nothing, all such titles would be one paper.
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    return _NOT_WORD.sub(" ", text).strip() or " ".join(text.split())


def title_id(title: str) -> str:
    """A short id from the normalised title: ``t`` and 12 hex digits of its SHA-1."""
    digest = hashlib.sha1(normalized_title(title).encode("utf-8")).hexdigest()
    return f"t{digest[:12]}"


def arxiv_id(value: str) -> str | None:
    """The bare arXiv identifier (no version) in an id or abs/pdf URL, if there is one."""
    value = value.strip()
    url = _ARXIV_URL.search(value)
    if url:
        value = url.group(1)
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(value)
        if match:
            return match.group(1)
    return None


def paper_id(given: str | None, title: str) -> tuple[str, str | None]:
    """The paper's id and its arXiv id.

    An arXiv id wins (``arxiv:2101.00001``); otherwise an input id is kept if
    it is short and made of safe characters; otherwise the title's hash.
    """
    if given:
        found = arxiv_id(given)
        if found:
            return f"arxiv:{found}", found
        given = given.strip()
        if _SAFE_ID.match(given):
            return given, None
    return title_id(title), None
