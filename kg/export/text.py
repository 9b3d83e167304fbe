"""Text that every export format can carry.

XML 1.0 (GraphML, the HTML view's parser) forbids most control characters, no
UTF-8 file can hold a lone surrogate, and line-based formats (N-Triples, CSV)
break on the characters that some readers take for line ends (CR alone, NEL,
U+2028, U+2029).  None of them carries meaning in a title or abstract, so
each is replaced by a space before writing.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def safe_text(text: str) -> str:
    """``text`` with characters no XML or UTF-8 file may hold replaced by spaces."""
    return _UNSAFE.sub(" ", text)
