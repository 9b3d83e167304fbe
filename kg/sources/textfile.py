"""Turning an input file's bytes into text, refusing what is not text.

Files are decoded with ``surrogateescape`` so that a single bad byte costs only
the record that holds it: readers ask :func:`invalid_utf8_offset` of each
field and report that record, keeping the rest of the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from kg.errors import InputError, InputProblem

ProblemSink = Callable[[InputProblem], None]
"""Where a reader reports a problem: a sink either records it or raises."""

_SNIFF_BYTES = 8192
_SURROGATE = re.compile("[\udc80-\udcff]")
# Every C0/C1 control character and the non-characters XML 1.0 forbids, but
# tab and newline, which the readers handle as white space.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")


def read_text(path: Path) -> str:
    """Return the file's text, or raise :class:`InputError` if it is empty or binary.

    Invalid UTF-8 does not raise here: the bytes survive as lone surrogates so
    that the reader can name the line and skip only the record that holds them.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(
            InputProblem(str(path), None, f"cannot read file: {err.strerror}", "check the path and its permissions")
        ) from err
    if not data.strip():
        raise InputError(InputProblem(str(path), None, "empty file", "remove it or give a file with papers in it"))
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise InputError(
            InputProblem(
                str(path),
                None,
                "binary file, not text",
                "give a text page, JSON Lines or CSV file; compressed files must be unpacked first",
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="surrogateescape")


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


def clean_text(text: str) -> str:
    """One paragraph of text: NFC, control characters dropped, white space collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
