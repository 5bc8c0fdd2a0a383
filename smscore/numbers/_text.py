"""Messy input made ready for the fast path: one pass, and only when the input needs it.

Contact lists hold numbers as people typed or exported them: digits of other scripts
(Arabic-Indic ``٠١٢``, Devanagari ``०१२``, full-width ``０１２``, mathematical ``𝟎𝟏𝟐``), a
byte-order mark or zero-width characters around them, a label in front (``Phone: +44 ...``,
``tel:+1...``). ``phonenumbers.parse`` reads all of these: it starts the number at the first
``+`` or decimal digit (``_extract_possible_number``), drops non-word characters at the
end, and normalizes every Unicode decimal digit to its ASCII value.

:func:`split` does the same in one ``str.translate`` (non-ASCII input only) and one search:
it folds Unicode decimal digits to ASCII, the full-width plus to ``+``, phonenumbers'
non-ASCII separators (no-break, ideographic and zero-width spaces, the soft hyphen, dashes,
full-width brackets and stop) to their ASCII kin, and cuts the label and the trailing
invisible characters. What is left goes to the fast path when it is ``+``, ASCII digits and
``" -.()"``; anything else (letters, an interior byte-order mark, ``#``, ``;``) goes to
phonenumbers with the text as given, so the answer is phonenumbers' either way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["BLANK", "INVISIBLE", "split"]

# Format characters that show nothing: byte-order mark, zero-width (non-)joiners and
# spaces, direction marks and embeddings, invisible operators, the Mongolian vowel separator.
INVISIBLE: Final = (
    "\ufeff\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
    "\u00ad\u180e\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# What may stand between a label's "(" and the first digit, or after the number's end.
BLANK: Final = INVISIBLE + " \t\u00a0\u3000"

# phonenumberutil._VALID_PUNCTUATION outside ASCII -> the ASCII separator the fast path
# deletes; phonenumbers drops all of them when it normalizes.
_SEPARATORS: Final = {
    **dict.fromkeys(map(ord, "\u00a0\u00ad\u200b\u2060\u3000"), " "),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d"), "-"),
    ord("\uff08"): "(",
    ord("\uff09"): ")",
    ord("\uff0e"): ".",
    ord("\uff0b"): "+",  # phonenumberutil._PLUS_CHARS
}
_START: Final = re.compile("[+\\d]")  # _VALID_START_CHAR once digits and plus are folded


class _Fold(dict[int, str]):
    """``str.translate`` table built as characters are met: decimal digits -> ASCII."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = unicodedata.decimal(ch, None)
        out = ch if value is None else str(value)
        self[code] = out
        return out


_FOLD: Final = _Fold(_SEPARATORS)


def split(s: str) -> tuple[str, str]:
    """``(label, number)``: the text before the first ``+`` or digit, and the number.

    ``s`` is stripped and non-empty. Both parts are folded (see the module docstring); the
    number loses trailing invisible characters and spaces. ``("", "")`` when ``s`` holds no
    ``+`` and no digit.

    >>> split("Phone: \\u0664\\u0664 20 7946 0958\\u200b")
    ('Phone: ', '44 20 7946 0958')
    """
    folded = s if s.isascii() else s.translate(_FOLD)
    m = _START.search(folded)
    if m is None:
        return ("", "")
    at = m.start()
    return (folded[:at], folded[at:].rstrip(BLANK))
