"""Turning an input file's bytes into text, refusing what is not text.

Files are decoded with ``surrogateescape`` so that a single bad byte costs only
the record that holds it: readers ask :func:`invalid_utf8_offset` of each
field and report that record, keeping the rest of the file.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from kg.errors import InputError, InputProblem

ProblemSink = Callable[[InputProblem], None]
"""Where a reader reports a problem: a sink either records it or raises."""

_SNIFF_BYTES = 8192
_BOM = b"\xef\xbb\xbf"
_SURROGATE = re.compile("[\udc80-\udcff]")
# Every C0/C1 control character and the non-characters XML 1.0 forbids, but
# tab and newline, which the readers handle as white space.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""A surrogate left in decoded text: a JSON escape of half a pair ("\\ud83d"), which no
encoder accepts (surrogateescape's own bytes are caught before, as invalid UTF-8)."""
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
"""Zero-width characters, direction marks and bidi overrides: they change how a label
reads ("U+202E" reverses it) and name nothing."""


def _cannot_read(path: Path, err: OSError) -> InputError:
    return InputError(
        InputProblem(str(path), None, f"cannot read file: {err.strerror}", "check the path and its permissions")
    )


def _looks_utf16(head: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: ASCII letters with a NUL in every other byte."""
    even, odd = head[0::2], head[1::2]
    return (
        len(head) >= 8
        and (even.count(0) == len(even) or odd.count(0) == len(odd))
        and (even + odd).strip(b"\x00").isascii()
    )


def _refuse_non_text(path: Path, head: bytes, blank: bool) -> None:
    """Raise :class:`InputError` for a file that is empty (``blank``) or binary (a NUL in ``head``)."""
    if blank:
        raise InputError(InputProblem(str(path), None, "empty file", "remove it or give a file with papers in it"))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(head[:_SNIFF_BYTES]):
        raise InputError(InputProblem(str(path), None, "UTF-16 text, not UTF-8", "re-save it as UTF-8, which kg reads"))
    if b"\x00" in head[:_SNIFF_BYTES]:
        raise InputError(
            InputProblem(
                str(path),
                None,
                "binary file, not text",
                "give a text page, JSON Lines or CSV file; compressed files must be unpacked first",
            )
        )


def read_text(path: Path) -> str:
    """Return the file's text, or raise :class:`InputError` if it is empty or binary.

    Invalid UTF-8 does not raise here: the bytes survive as lone surrogates so
    that the reader can name the line and skip only the record that holds them.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise _cannot_read(path, err) from err
    _refuse_non_text(path, data, blank=not data.strip())
    if data.startswith(_BOM):
        data = data[3:]
    return data.decode("utf-8", errors="surrogateescape")


def _blank(handle: BinaryIO) -> bool:
    """Whether the rest of the file is white space; reads only up to its first other byte."""
    while chunk := handle.read(1 << 16):
        if chunk.strip():
            return False
    return True


@contextlib.contextmanager
def open_text(path: Path, newline: str | None = None) -> Iterator[TextIO]:
    """The file as a text stream, read as it is consumed, with the refusals of :func:`read_text`.

    For inputs too large to hold twice in memory (JSON Lines, CSV): the text is
    decoded line by line, with ``surrogateescape`` as in :func:`read_text`.
    """
    try:
        handle = path.open("rb")
    except OSError as err:
        raise _cannot_read(path, err) from err
    with handle:
        try:
            head = handle.read(_SNIFF_BYTES)
            blank = not head.strip() and _blank(handle)
            _refuse_non_text(path, head, blank)
            handle.seek(len(_BOM) if head.startswith(_BOM) else 0)
        except OSError as err:
            raise _cannot_read(path, err) from err
        text = io.TextIOWrapper(handle, encoding="utf-8", errors="surrogateescape", newline=newline)
        try:
            yield text
        finally:
            text.detach()


def invalid_utf8_offset(text: str) -> int | None:
    """Character offset of the first byte that was not valid UTF-8, or None."""
    match = _SURROGATE.search(text)
    return None if match is None else match.start()


def invalid_utf8_problem(path: Path, line: int, text: str) -> InputProblem | None:
    """The problem to report for a record whose text holds undecodable bytes."""
    offset = invalid_utf8_offset(text)
    if offset is None:
        return None
    bad = text[offset].encode("utf-8", errors="surrogateescape")
    return InputProblem(
        str(path),
        line,
        f"invalid UTF-8 (byte 0x{bad.hex()} at column {offset + 1}); this record was skipped",
        "re-save the file as UTF-8",
    )


FIELD_LIMITS = {"title": 1_000, "abstract": 20_000}
"""The most characters kg reads of a title and of an abstract.  Real abstracts stay under
about 3,000; a longer field is a full text or a broken record, and one of a million
characters cost minutes, gigabytes and a graph.ttl of 276 MB (issue 24).  A longer field is
cut at the last sentence end (else word end) before the limit, the paper is kept, and a
warning names the file and line."""
CUT = "cut"
"""The ``kind`` of the problem reported for a field cut to its limit (the build summary counts them)."""


def bounded(path: Path, line: int, field: str, text: str, report: ProblemSink) -> str:
    """``text`` within :data:`FIELD_LIMITS`, reporting a cut."""
    limit = FIELD_LIMITS[field]
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = head.rfind(". ") + 1 or head.rfind(" ") or limit
    report(
        InputProblem(
            str(path),
            line,
            f"{field} of {len(text):,} characters cut to {end:,} (kg reads at most {limit:,}); the paper is kept",
            "give the abstract alone, not the full text",
            kind=CUT,
        )
    )
    return head[:end].rstrip()


def path_text(path: Path) -> str:
    """A file's name as text every export can hold: bytes that are not UTF-8 (a name written
    under another encoding) are shown as ``\\xff`` escapes instead of stopping the writers."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def clean_text(text: str) -> str:
    """One paragraph of text: NFC, control characters dropped, invisible and bidi-control
    characters removed, half a surrogate pair replaced by U+FFFD, white space collapsed."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
