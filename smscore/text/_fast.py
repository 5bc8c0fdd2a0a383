"""Shortcuts for text that cannot hold a surrogate pair: Latin-1 and other BMP-only strings.

``segment()`` first asks CPython how the string is stored (PEP 393): ``str.__sizeof__`` is the
header plus ``(len + 1) * kind`` bytes, kind 1 for Latin-1, 2 for the BMP, 4 when some
character is astral. That is a *hint* only: every shortcut below checks what it relies on
(the Latin-1 encoder refuses anything above U+00FF; the BMP route reads the characters
themselves), so a wrong hint (another Python, a string carrying a cached UTF-8 copy) costs
time, never a different answer. Off CPython the hint is switched off.

* Latin-1 text needs no UTF-16 encoding at all: one ``bytes.translate`` of its Latin-1
  bytes marks each character plain (TS 23.038 §6.2.1), extension (§6.2.1.1) or outside
  GSM (``GSM_MARKS``); two ``in`` scans decide, and ESC + code are the markers of
  ``gsm_septets``.
* BMP text with an extension character: the GSM characters above U+00FF are € and ten
  Greek capitals. With € written as ``¬`` (U+00AC, not GSM, and the low byte of € that
  ``EXT_LOW`` marks), the string narrows to Latin-1 storage exactly when there is nothing
  but Latin-1 and €; the same translate (``GSM_MARKS_EURO``) then decides. Greek capitals,
  a real ``¬`` or a character outside GSM send the text to the general path.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Final

from . import _gsm

# TS 23.038 §6.2.1 / §6.2.1.1, restricted to Latin-1: the plain GSM characters (deleted by
# translate) and the extension characters (all ASCII). ``¬`` stands for € (see above).
# One byte per Latin-1 character: 0 plain (1 septet), 1 extension (ESC + code, 2 septets),
# 0xFF outside GSM. ``GSM_MARKS_EURO`` reads 0xAC as € (see ``euro_latin1``).
GSM_MARKS: Final = bytes(
    0 if chr(b) in _gsm.BASIC_CHARS else 1 if chr(b) in _gsm.EXTENSION_CHARS else 0xFF
    for b in range(256)
)
GSM_MARKS_EURO: Final = GSM_MARKS[:0xAC] + b"\x01" + GSM_MARKS[0xAD:]
# as a str: ``c in EXT_CHARS`` for one character is a short scan, no hashing of ``c``
EXT_CHARS: Final = "".join(sorted(_gsm.EXTENSION_CHARS))


def _size_hint() -> tuple[Callable[[str], int], int, int]:
    """``(sizeof, latin1_base, narrow_base)``: a string of ``n`` characters is stored one
    byte per character iff ``sizeof(s) == latin1_base + n``, and holds no astral character
    if ``sizeof(s) <= narrow_base + 2 * n`` (kind 4 takes 4 bytes per character)."""
    sizeof: Callable[[str], int] = str.__sizeof__
    if sys.implementation.name == "cpython":
        head = sizeof("\xe9") - 2  # compact non-ASCII header; data is (n + 1) * kind
        probes = (("\xe9" * 7, 1), ("\u20ac" * 7, 2), ("\U0001f600" * 7, 4), ("\u20ac", 2))
        if all(sizeof(s) == head + (len(s) + 1) * kind for s, kind in probes):
            return sizeof, head + 1, head + 2
    return sizeof, -(1 << 62), -(1 << 62)  # never matches: the general path only


SIZEOF, LATIN1_BASE, NARROW_BASE = _size_hint()


def euro_latin1(text: str, n: int) -> bytes | None:
    """One byte per character of BMP text holding €, € written as ``0xAC``; ``None`` when
    that is not exact: a real ``¬`` (it would read as €), or another character above U+00FF
    (CPython narrows the replaced string to Latin-1 storage exactly when there is none).
    The caller still checks GSM membership (``GSM_MARKS_EURO``).
    """
    if "\xac" in text:  # a real ¬ (not GSM) would read as €
        return None
    latin1 = text.replace("\u20ac", "\xac")
    if SIZEOF(latin1) != LATIN1_BASE + n:
        return None
    raw = latin1.encode("latin-1", "ignore")  # the length check makes the hint exact
    return raw if len(raw) == n else None
