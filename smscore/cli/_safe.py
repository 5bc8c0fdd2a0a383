"""Echoing user input to a terminal safely: control and format characters escaped."""

from __future__ import annotations

import re
from typing import Final

# C0/C1 controls, DEL, and the invisible format characters that reorder or hide text
# (bidi overrides, zero-width characters, BOM): an ESC sequence must never reach a terminal.
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: object) -> str:
    """``text`` with every control or invisible format character escaped (``\\x1b``).

    >>> safe("a\\x1b[31mb\\n")
    'a\\\\x1b[31mb\\\\n'
    """
    return _UNSAFE.sub(_escape, str(text))


def quote(text: object) -> str:
    """``text`` escaped and in quotes: ``'€'``, ``'\\x1b'``.

    >>> quote("a\x1b")
    "'a\\\\x1b'"
    """
    return f"'{safe(text)}'"
