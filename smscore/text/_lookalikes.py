"""GSM-7 stand-ins for characters that force UCS-2.

Two kinds, kept apart on purpose:

* ``LOOKALIKES``: the replacement reads the same (typographic quotes, dashes, the ellipsis,
  non-breaking and zero-width spaces). ``segment(text, replace="lookalikes")`` applies these.
* :func:`suggest`: also lossy suggestions (an accent dropped, a tab made a space), each with a
  note saying how the meaning changes. They are reported by ``Segmentation.why_ucs2()`` and
  never applied on their own.

Every replacement target is in the GSM 7 bit default alphabet (TS 23.038 §6.2.1), so a text
whose only non-GSM characters are lookalikes becomes GSM-7 once they are replaced.
"""

from __future__ import annotations

import re
from typing import Final

_SPACE: Final = " "

#: Characters whose replacement keeps the meaning, and their GSM-7 replacement.
LOOKALIKES: Final[dict[str, str]] = {
    "\u2018": "'",  # LEFT SINGLE QUOTATION MARK
    "\u2019": "'",  # RIGHT SINGLE QUOTATION MARK (also the typographic apostrophe)
    "\u201a": "'",  # SINGLE LOW-9 QUOTATION MARK
    "\u201b": "'",  # SINGLE HIGH-REVERSED-9 QUOTATION MARK
    "\u2032": "'",  # PRIME
    "\u2039": "'",  # SINGLE LEFT-POINTING ANGLE QUOTATION MARK
    "\u203a": "'",  # SINGLE RIGHT-POINTING ANGLE QUOTATION MARK
    "`": "'",  # GRAVE ACCENT: not in the GSM table (TS 23.038 §6.2.1)
    "\u00b4": "'",  # ACUTE ACCENT used as an apostrophe
    "\u201c": '"',  # LEFT DOUBLE QUOTATION MARK
    "\u201d": '"',  # RIGHT DOUBLE QUOTATION MARK
    "\u201e": '"',  # DOUBLE LOW-9 QUOTATION MARK
    "\u201f": '"',  # DOUBLE HIGH-REVERSED-9 QUOTATION MARK
    "\u2033": '"',  # DOUBLE PRIME
    "\u00ab": '"',  # LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
    "\u00bb": '"',  # RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
    "\u2010": "-",  # HYPHEN
    "\u2011": "-",  # NON-BREAKING HYPHEN
    "\u2012": "-",  # FIGURE DASH
    "\u2013": "-",  # EN DASH
    "\u2014": "-",  # EM DASH
    "\u2015": "-",  # HORIZONTAL BAR
    "\u2212": "-",  # MINUS SIGN
    "\u2026": "...",  # HORIZONTAL ELLIPSIS
    "\u00a0": _SPACE,  # NO-BREAK SPACE
    "\u2000": _SPACE,  # EN QUAD
    "\u2001": _SPACE,  # EM QUAD
    "\u2002": _SPACE,  # EN SPACE
    "\u2003": _SPACE,  # EM SPACE
    "\u2004": _SPACE,  # THREE-PER-EM SPACE
    "\u2005": _SPACE,  # FOUR-PER-EM SPACE
    "\u2006": _SPACE,  # SIX-PER-EM SPACE
    "\u2007": _SPACE,  # FIGURE SPACE
    "\u2008": _SPACE,  # PUNCTUATION SPACE
    "\u2009": _SPACE,  # THIN SPACE
    "\u200a": _SPACE,  # HAIR SPACE
    "\u202f": _SPACE,  # NARROW NO-BREAK SPACE
    "\u205f": _SPACE,  # MEDIUM MATHEMATICAL SPACE
    "\u3000": _SPACE,  # IDEOGRAPHIC SPACE
    "\u200b": "",  # ZERO WIDTH SPACE: invisible, removed
    "\u2060": "",  # WORD JOINER: invisible, removed
    "\ufeff": "",  # ZERO WIDTH NO-BREAK SPACE (byte order mark): invisible, removed
    "\u00ad": "",  # SOFT HYPHEN: invisible unless a line breaks there, removed
}

#: Lossy suggestions with the note that says what changes (never applied automatically).
_LOSSY: Final[dict[str, tuple[str, str]]] = {
    "\t": (" ", "a tab becomes one space: column alignment is lost"),
    "\u200d": ("", "removing the zero width joiner splits joined emoji or ligatures"),
    "\u200c": ("", "removing the zero width non-joiner may change how letters join"),
    "\u2022": ("*", "a bullet becomes an asterisk"),
    "\u00b7": (".", "a middle dot becomes a full stop"),
    "\u00e7": (
        "c",
        "drops the cedilla; the GSM table has only capital \u00c7 (0x09), "
        "and \u00c7 would change the case",
    ),
}

_ESC_NOTE: Final = (
    "a literal ESC (U+001B) is the GSM escape code itself (TS 23.038 §6.2.1.1) and cannot "
    "be sent as a character; no replacement"
)
_NONE_NOTE: Final = "no GSM-7 equivalent"

LOOKALIKE_RE: Final = re.compile("[" + "".join(re.escape(c) for c in sorted(LOOKALIKES)) + "]")


def suggest(char: str, gsm: frozenset[str]) -> tuple[str | None, str | None]:
    """A GSM-7 replacement for ``char`` (or ``None``) and a note when it changes meaning.

    ``gsm`` is the set of characters sendable in the tables in use.
    """
    if char in LOOKALIKES:
        return LOOKALIKES[char], None
    if char in _LOSSY:
        return _LOSSY[char]
    if char == "\x1b":
        return None, _ESC_NOTE
    import unicodedata  # only the "why UCS-2" report needs it

    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    if base and base != char and all(c in gsm for c in base):
        return base, f"drops the accent or mark of {char!r}: changes the spelling"
    return None, _NONE_NOTE
