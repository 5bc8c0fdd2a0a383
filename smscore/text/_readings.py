"""The three readings of a text's length (issue 10 point 7), and the patterns they share.

A provider limit "in characters" can be read as UTF-16 code units (our assumption: servers
commonly count string length so), as code points (what a Python or Go ``len`` says), or as SMS
segments (what the operator bills). :func:`length_readings` gives all three at once, without
building the parts: the segment count comes from the same unit-space markers as
``segment()``'s cut (``_cut``), one index check per part.

The precompiled patterns that decide the encoding live here, below the package face, so the
engine and the readings share one definition.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import Final, NamedTuple, cast

from ..errors import InvalidText
from . import _gsm
from ._cut import astral_marks, gsm_septets, part_end
from ._shift import char_class

__all__ = ["LengthReadings", "length_readings"]

# TS 23.040 §9.2.3.24: capacities for the default tables (no shift IE): 160/153, 70/67.
SINGLE_SEPTETS: Final = _gsm.septet_capacity(0)
CONCAT_SEPTETS: Final = _gsm.septet_capacity(_gsm.udh_octets(concatenated=True, shift_ies=0))
SINGLE_UNITS: Final = _gsm.ucs2_capacity(0)
CONCAT_UNITS: Final = _gsm.ucs2_capacity(_gsm.udh_octets(concatenated=True, shift_ies=0))

DEFAULT_GSM: Final = _gsm.BASIC_CHARS | _gsm.EXTENSION_CHARS
# The run of plain 1-septet characters (TS 23.038 §6.2.1; a `*` run always matches, possibly
# empty, hence the cast), then whether the rest is all default-table GSM characters (§6.2.1,
# §6.2.1.1). A `[...]*` match is one tight C loop, about twice as fast as searching for the
# complement class.
PLAIN_RUN: Final = cast(
    Callable[..., "re.Match[str]"], re.compile(f"[{char_class(_gsm.BASIC_CHARS)}]*").match
)
ALL_GSM: Final = re.compile(f"[{char_class(DEFAULT_GSM)}]*").fullmatch
# ASCII fast path: bytes.translate deletes the plain GSM bytes; what is left is either an
# extension character or an ASCII character outside GSM (controls, backtick, DEL).
PLAIN_ASCII: Final = bytes(sorted(ord(c) for c in _gsm.BASIC_CHARS if ord(c) < 128))
EXT_ASCII: Final = bytes(sorted(ord(c) for c in _gsm.EXTENSION_CHARS if ord(c) < 128))
# The C encoder itself: ``str.encode("utf-16-le")`` first looks the codec up by name.
ENCODE_UTF16: Final = codecs.utf_16_le_encode
_SURROGATE_SEARCH: Final = re.compile("[\ud800-\udfff]").search


class LengthReadings(NamedTuple):
    """One text's length read three ways; immutable, and unpacks as ``(units, code_points,
    segments)``.

    ``units``: UTF-16 code units (an astral character such as an emoji counts 2);
    ``code_points``: Unicode code points (``len(text)``); ``segments``: SMS parts with the
    default GSM tables, exactly ``segment(text, limit=None).segments``. A NamedTuple rather
    than a frozen dataclass: providers read it per rendered text, and a tuple is built in a
    third of the time.
    """

    units: int
    code_points: int
    segments: int


def lone_surrogate(text: str, position: int) -> InvalidText:
    """The error for a lone surrogate at ``text[position]`` (no UTF-16 or GSM-7 form)."""
    code = f"U+{ord(text[position]):04X}"
    return InvalidText(
        f"text[{position}] is a lone surrogate {code}: it cannot be encoded in UTF-16 "
        "(UCS-2) or GSM-7",
        field="text",
        value=code,
        rule="text is valid Unicode (no lone surrogates)",
        position=position,
    )


def over_limit(text: str, limit: int) -> InvalidText:
    """The error for a text over ``limit`` UTF-16 code units (or with a lone surrogate)."""
    surrogate = _SURROGATE_SEARCH(text)
    if surrogate is not None:
        return lone_surrogate(text, surrogate.start())
    marks = astral_marks(text)
    units = len(text) + marks.count(1)
    first_over = part_end(len(text), 0, limit, marks.count, 1)
    return InvalidText(
        f"text is {units} UTF-16 code units long, over the limit of {limit} UTF-16 code "
        f"units (text[{first_over}] is the first character past it)",
        field="text",
        value=units,
        rule=f"length <= {limit} UTF-16 code units",
        position=first_over,
    )


def bad_limit(limit: object) -> InvalidText:
    """The error for a ``limit`` that is not a non-negative int or ``None``."""
    return InvalidText(
        f"limit must be a non-negative int or None, got {limit!r}",
        field="limit",
        value=limit,
        rule="limit is a count of UTF-16 code units",
    )


def count_parts(units: bytes, cap: int) -> int:
    """How many greedy parts ``cut_units(text, units, cap)`` makes, without slicing."""
    n = len(units)
    parts = 1
    end = cap
    while end < n:
        if units[end - 1] == 1:  # the cut would split a pair: it moves whole
            end -= 1
        parts += 1
        end += cap
    return parts


def count_utf16_parts(encoded: bytes, cap: int) -> int:
    """How many parts ``cut_utf16(encoded, cap)`` makes: ``cap`` units each, one fewer when
    the last of them opens a surrogate pair (high byte D8..DB, UTF-16-LE)."""
    step = 2 * cap
    n = len(encoded)
    parts = 1
    end = step
    while end < n:
        if 0xD8 <= encoded[end - 1] <= 0xDB:
            end -= 2
        parts += 1
        end += step
    return parts


def _plain_parts(n: int, single: int, concat: int) -> int:
    # every character costs 1: one part up to ``single``, else ceil(n / concat)
    return 1 if n <= single else -(-n // concat)


def length_readings(text: str) -> LengthReadings:
    """Read ``text``'s length as UTF-16 code units, code points and SMS segments.

    The segments are those of :func:`smscore.segment` with the default tables and no limit
    (GSM-7 160/153 septets, an extension character 2; else UCS-2 70/67 units, a surrogate
    pair never split). A lone surrogate has no UTF-16 form: :class:`InvalidText` says where.

    >>> length_readings("Hi 😀")
    LengthReadings(units=5, code_points=4, segments=1)
    >>> length_readings("€" * 100)  # GSM-7: 200 septets, 2 parts; 100 units and code points
    LengthReadings(units=100, code_points=100, segments=2)
    """
    if type(text) is not str:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        text = str(text)
    n = len(text)
    if text.isascii():
        raw = text.encode("ascii")
        rest = raw.translate(None, PLAIN_ASCII)
        if not rest:  # TS 23.038 §6.2.1: every character is 1 septet
            return LengthReadings(n, n, _plain_parts(n, SINGLE_SEPTETS, CONCAT_SEPTETS))
        if rest.translate(None, EXT_ASCII):  # outside GSM (a backtick, a tab): UCS-2
            return LengthReadings(n, n, _plain_parts(n, SINGLE_UNITS, CONCAT_UNITS))
        septets = gsm_septets(raw)  # TS 23.038 §6.2.1.1: ESC + code, 2 septets
        if len(septets) <= SINGLE_SEPTETS:
            return LengthReadings(n, n, 1)
        return LengthReadings(n, n, count_parts(septets, CONCAT_SEPTETS))
    try:  # TS 23.038 §6.2.3: UCS-2 is counted in UTF-16 code units
        encoded = ENCODE_UTF16(text)[0]
    except UnicodeEncodeError as exc:
        raise lone_surrogate(text, exc.start) from None
    units = len(encoded) >> 1
    if units == n:  # every character in the BMP: GSM-7 is still possible
        plain = PLAIN_RUN(text).end()
        if plain == n:
            return LengthReadings(n, n, _plain_parts(n, SINGLE_SEPTETS, CONCAT_SEPTETS))
        if ALL_GSM(text, plain) is not None:
            septets = gsm_septets(encoded[0::2])
            if len(septets) <= SINGLE_SEPTETS:
                return LengthReadings(n, n, 1)
            return LengthReadings(n, n, count_parts(septets, CONCAT_SEPTETS))
        return LengthReadings(n, n, _plain_parts(n, SINGLE_UNITS, CONCAT_UNITS))
    if units <= SINGLE_UNITS:
        return LengthReadings(units, n, 1)
    return LengthReadings(units, n, count_utf16_parts(encoded, CONCAT_UNITS))
