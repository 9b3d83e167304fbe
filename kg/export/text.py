"""Text that every export format can carry.

XML 1.0 (GraphML, the HTML view's parser) forbids most control characters, and
no UTF-8 file can hold a lone surrogate; such characters carry no meaning in
a title or abstract, so they are replaced by a space before writing.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> str:
    """``text`` with characters no XML or UTF-8 file may hold replaced by spaces."""
    return _UNSAFE.sub(" ", text)
