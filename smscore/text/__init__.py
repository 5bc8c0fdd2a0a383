"""The text engine: GSM-7 or UCS-2, units, and the exact part each segment carries.

Rules (3GPP TS 23.038 and TS 23.040):

* GSM-7 when every character is in the default alphabet (§6.2.1) or its extension table
  (§6.2.1.1); an extension character costs 2 septets (ESC + code). Otherwise UCS-2, counted in
  UTF-16 code units (an astral character, e.g. an emoji, is a surrogate pair: 2 units).
* One part holds 160 septets / 70 units; a concatenated part 153 / 67 (TS 23.040 §9.2.3.24.1:
  6 octets of header). Parts are filled greedily; an escape pair or a surrogate pair that does
  not fit moves whole to the next part.
* Opt-in national shift tables (TS 23.038 annex A) grow the header by 3 octets per shift IE
  (TS 23.040 §9.2.3.24.15/16); the capacity is derived from the header size in ``_gsm``.

The hot path never visits characters one by one in Python: one or two precompiled ``re``
matches decide the encoding, C-level encode/translate marks each septet or UTF-16 unit, and a
part's end comes from one index check (does the cut split a pair?) and one ``bytes.count``.
How CPython stores the string routes Latin-1 text and BMP text with € past the UTF-16
encoding and the GSM regex (``_fast``: a hint, every route checks what it relies on).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, Literal

from ..errors import InvalidText, InvalidVector
from . import _gsm
from ._cut import (
    EXT_LOW,
    cut_graphemes,
    cut_marked,
    cut_plain,
    cut_units,
    cut_utf16,
)
from ._fast import (
    EXT_CHARS,
    GSM_MARKS,
    GSM_MARKS_EURO,
    LATIN1_BASE,
    NARROW_BASE,
    SIZEOF,
    euro_latin1,
)
from ._lookalikes import LOOKALIKE_RE, LOOKALIKES
from ._readings import (
    ALL_GSM,
    CONCAT_SEPTETS,
    CONCAT_UNITS,
    DEFAULT_GSM,
    ENCODE_UTF16,
    PLAIN_RUN,
    SINGLE_SEPTETS,
    SINGLE_UNITS,
    LengthReadings,
    bad_limit,
    length_readings,
    lone_surrogate,
    over_limit,
)
from ._shift import char_class, language_name, modes
from ._why import Ucs2Cause, why_ucs2

__all__ = [
    "DEFAULT_LIMIT",
    "Encoding",
    "LengthReadings",
    "Replacement",
    "Segmentation",
    "Ucs2Cause",
    "length_readings",
    "run_vector",
    "segment",
]

#: The default length limit in UTF-16 code units (the largest provider limit, Messangi 1600).
DEFAULT_LIMIT: Final = 1600


class Encoding(StrEnum):
    """The data coding of a message; compares equal to ``"GSM-7"`` / ``"UCS-2"``."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


_GSM7: Final = Encoding.GSM7
_UCS2: Final = Encoding.UCS2

_SINGLE_SEPTETS: Final = SINGLE_SEPTETS
_CONCAT_SEPTETS: Final = CONCAT_SEPTETS
_SINGLE_UNITS: Final = SINGLE_UNITS
_CONCAT_UNITS: Final = CONCAT_UNITS
_DEFAULT_GSM: Final = DEFAULT_GSM
# TS 23.038 §6.2.1: a character outside the default alphabet and its extension table.
_NON_GSM_SEARCH: Final = re.compile(f"[^{char_class(_DEFAULT_GSM)}]").search
_PLAIN_RUN: Final = PLAIN_RUN
_ALL_GSM: Final = ALL_GSM
# TS 23.038 §6.2.1.1: the characters sent as ESC + code (2 septets).
_EXT_RE: Final = re.compile(f"[{char_class(_gsm.EXTENSION_CHARS)}]")
# Astral characters: a surrogate pair in UTF-16 (2 units).
_ASTRAL_RE: Final = re.compile("[\U00010000-\U0010ffff]")
_ENCODE_UTF16: Final = ENCODE_UTF16
# gsm_septets inlined (see _cut): the low byte of each character marks ESC + code.
_EXT_LOW: Final = EXT_LOW
_SIZEOF: Final = SIZEOF
_NEW: Final = object.__new__
_LATIN1_BASE: Final = LATIN1_BASE
_NARROW_BASE: Final = NARROW_BASE
_GSM_MARKS: Final = GSM_MARKS
_GSM_MARKS_EURO: Final = GSM_MARKS_EURO
_EXT_CHARS: Final = EXT_CHARS
_euro_latin1: Final = euro_latin1


@dataclass(frozen=True, slots=True, kw_only=True)
class Replacement:
    """One lookalike replaced: where in the original text, what, and by what."""

    position: int
    original: str
    replacement: str


class Segmentation:
    """How a text goes on the air: encoding, units and the exact parts. Read-only.

    ``capacity`` is the per-part capacity that applied (septets for GSM-7, UTF-16 code units
    for UCS-2); ``locking_shift`` / ``single_shift`` name the national tables used (``None``
    for the default alphabet and extension table); ``replacements`` lists the lookalikes
    replaced when asked, and ``segments_saved`` what that saved.

    A slotted class with read-only properties rather than a frozen dataclass: ``segment``
    builds one per message, and a frozen dataclass costs several times more to construct
    (STYLE.md, "Data").
    """

    __slots__ = ("_capacity", "_encoding", "_extra", "_parts", "_units")

    def __init__(
        self,
        encoding: Encoding,
        parts: tuple[str, ...],
        units: int,
        capacity: int,
        extra: tuple[str | None, str | None, str | None, tuple[Replacement, ...], int]
        | None = None,
    ) -> None:
        self._encoding = encoding
        self._parts = parts
        self._units = units
        self._capacity = capacity
        # (language asked for, locking shift, single shift, replacements, segments saved)
        self._extra = extra

    @property
    def encoding(self) -> Encoding:
        """``Encoding.GSM7`` or ``Encoding.UCS2`` (equal to ``"GSM-7"`` / ``"UCS-2"``)."""
        return self._encoding

    @property
    def parts(self) -> tuple[str, ...]:
        """The exact substring each segment carries; they join back to the text."""
        return self._parts

    @property
    def segments(self) -> int:
        """The number of parts (``len(parts)``)."""
        return len(self._parts)

    @property
    def units(self) -> int:
        """Septets (an extension character counts 2) or UTF-16 code units (UCS-2)."""
        return self._units

    @property
    def capacity(self) -> int:
        """The capacity of each part that applied (160/153, 70/67, less with shift IEs)."""
        return self._capacity

    @property
    def text(self) -> str:
        """The text as sent (after any replacement): the parts joined."""
        return "".join(self._parts)

    @property
    def language(self) -> str | None:
        """The national language whose tables were allowed, or ``None``."""
        return None if self._extra is None else self._extra[0]

    @property
    def locking_shift(self) -> str | None:
        """The national locking shift table used (TS 23.038 annex A.3), or ``None``."""
        return None if self._extra is None else self._extra[1]

    @property
    def single_shift(self) -> str | None:
        """The national single shift table used (TS 23.038 annex A.2), or ``None``."""
        return None if self._extra is None else self._extra[2]

    @property
    def replacements(self) -> tuple[Replacement, ...]:
        """The lookalikes replaced (``replace="lookalikes"``), positions in the input."""
        return () if self._extra is None else self._extra[3]

    @property
    def segments_saved(self) -> int:
        """Segments the replacements saved (negative if they cost segments)."""
        return 0 if self._extra is None else self._extra[4]

    @property
    def udh_octets(self) -> int:
        """Octets of user data header in each part, UDHL included (0 for a lone part)."""
        shift_ies = (self.locking_shift is not None) + (self.single_shift is not None)
        return _gsm.udh_octets(concatenated=len(self._parts) > 1, shift_ies=shift_ies)

    def _key(self) -> tuple[Any, ...]:
        return (self._encoding, self._parts, self._units, self._capacity, self._extra)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Segmentation):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        extra = ""
        if self._extra is not None:
            extra = (
                f", language={self.language!r}, locking_shift={self.locking_shift!r}, "
                f"single_shift={self.single_shift!r}, replacements={self.replacements!r}, "
                f"segments_saved={self.segments_saved!r}"
            )
        return (
            f"Segmentation(encoding={self._encoding.value!r}, parts={self._parts!r}, "
            f"segments={len(self._parts)}, units={self._units}, capacity={self._capacity}"
            f"{extra})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (Segmentation, self._key())

    def why_ucs2(self) -> tuple[Ucs2Cause, ...]:
        """The characters that force UCS-2, in order, each with a GSM-7 suggestion.

        Empty for a GSM-7 message. Computed on demand, not by :func:`segment`.

        >>> [(c.position, c.char, c.replacement) for c in segment("Don’t").why_ucs2()]
        [(3, '’', "'")]
        """
        if self._encoding is _GSM7:
            return ()
        return why_ucs2(self.text, self.language)

    def to_data(self) -> dict[str, Any]:
        """The segmentation as JSON-ready data (the ``text`` vectors' ``result``)."""
        return {
            "encoding": self._encoding.value,
            "parts": list(self._parts),
            "segments": len(self._parts),
            "units": self._units,
            "capacity": self._capacity,
            "udh_octets": self.udh_octets,
            "locking_shift": self.locking_shift,
            "single_shift": self.single_shift,
            "replacements": [
                {"position": r.position, "original": r.original, "replacement": r.replacement}
                for r in self.replacements
            ],
            "segments_saved": self.segments_saved,
            "why_ucs2": [
                {
                    "position": c.position,
                    "char": c.char,
                    "codepoint": c.codepoint,
                    "replacement": c.replacement,
                    "note": c.note,
                }
                for c in self.why_ucs2()
            ],
        }


# --- errors ------------------------------------------------------------------------------


_lone_surrogate = lone_surrogate


_over_limit = over_limit
_bad_limit = bad_limit


# --- the engine --------------------------------------------------------------------------


def _gsm_marked(text: str, marks: bytes) -> Segmentation:
    """Default-table GSM-7 text, one marker per character: 0 plain, 1 extension character."""
    septets = marks.replace(b"\x01", b"\x01\x02")  # TS 23.038 §6.2.1.1: ESC + code
    units = len(septets)
    if units <= _SINGLE_SEPTETS:
        return Segmentation(_GSM7, (text,), units, _SINGLE_SEPTETS)
    return Segmentation(_GSM7, cut_units(text, septets, _CONCAT_SEPTETS), units, _CONCAT_SEPTETS)


def _ucs2(text: str, graphemes: bool) -> Segmentation:
    # TS 23.038 §6.2.3: UCS-2, counted in UTF-16 code units; a lone surrogate has none
    # (the UTF-16 encoder refuses it, and says where).
    try:
        encoded = _ENCODE_UTF16(text)[0]
    except UnicodeEncodeError as exc:
        raise _lone_surrogate(text, exc.start) from None
    units = len(encoded) >> 1
    if units <= _SINGLE_UNITS:
        return Segmentation(_UCS2, (text,), units, _SINGLE_UNITS)
    if graphemes:
        parts = cut_graphemes(text, _CONCAT_UNITS, _ASTRAL_RE.findall)
    elif units == len(text):  # no surrogate pair: every character is one unit
        parts = cut_plain(text, _CONCAT_UNITS)
    else:
        parts = cut_utf16(encoded, _CONCAT_UNITS)
    return Segmentation(_UCS2, parts, units, _CONCAT_UNITS)


def segment(
    text: str,
    *,
    limit: int | None = DEFAULT_LIMIT,
    language: str | None = None,
    replace: Literal["lookalikes"] | None = None,
    graphemes: bool = False,
) -> Segmentation:
    """Encode, count and split ``text`` exactly as it goes on the air.

    ``limit`` caps the length in UTF-16 code units (``None`` lifts it); ``language`` allows
    that language's national shift tables (TS 23.038 annex A: ``"turkish"``, ``"spanish"``,
    ``"portuguese"``, the Indian languages ``"hindi"``, ``"tamil"``..., or their ISO 639-1
    codes ``"tr"``, ``"hi"``...); ``replace="lookalikes"`` first rewrites typographic
    lookalikes to GSM-7 and reports each; ``graphemes=True`` never splits a grapheme cluster.

    >>> s = segment("Hello {world}")
    >>> (s.encoding, s.units, s.segments, s.parts)
    (<Encoding.GSM7: 'GSM-7'>, 15, 1, ('Hello {world}',))
    """
    if type(text) is not str:
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        text = str(text)
    if replace is not None:
        return _segment_replaced(text, limit, language, replace, graphemes)
    if limit is DEFAULT_LIMIT:  # the default argument itself: a valid int
        if len(text) > DEFAULT_LIMIT:  # UTF-16 units >= characters
            raise _over_limit(text, DEFAULT_LIMIT)
    elif limit is not None:
        if type(limit) is not int or limit < 0:
            raise _bad_limit(limit)
        if len(text) > limit:
            raise _over_limit(text, limit)
    if language is not None or graphemes:
        return _segment_options(text, limit, language, graphemes)
    n = len(text)
    plain = -1  # end of the leading plain GSM run once known (-1: not yet, -2: check all)
    if text.isascii():
        raw: bytes | None = text.encode("ascii")
    else:
        # CPython's storage size says whether the text can hold an astral character at all
        # (see _fast: a hint only, every route below checks what it relies on).
        raw = None
        size = _SIZEOF(text)
        if size <= _NARROW_BASE + 2 * n:
            if size == _LATIN1_BASE + n:  # Latin-1: no surrogate, UTF-16 units == characters
                raw = text.encode("latin-1", "ignore")
                if len(raw) != n:  # the hint was wrong: the general path decides
                    raw = None
            elif "\u20ac" in text:  # GSM-7 with €, maybe: read as Latin-1 (see _fast)
                low = _euro_latin1(text, n)
                if low is not None:
                    marks = low.translate(_GSM_MARKS_EURO)
                    if 0xFF not in marks:
                        return _gsm_marked(text, marks)
                plain = -2  # the general path checks every character
            else:
                plain = _PLAIN_RUN(text).end()
                if plain == n:  # TS 23.038 §6.2.1: every character is 1 septet
                    if n <= _SINGLE_SEPTETS:
                        return Segmentation(_GSM7, (text,), n, _SINGLE_SEPTETS)
                    parts = cut_plain(text, _CONCAT_SEPTETS)
                    return Segmentation(_GSM7, parts, n, _CONCAT_SEPTETS)
    if raw is not None:
        # ASCII or Latin-1: no astral character, UTF-16 units == characters; one
        # bytes.translate marks each character plain, extension or outside GSM.
        marks = raw.translate(_GSM_MARKS)
        if 0xFF in marks:  # TS 23.038 §6.2.1: e.g. a backtick, a tab
            if n <= _SINGLE_UNITS:
                return Segmentation(_UCS2, (text,), n, _SINGLE_UNITS)
            return Segmentation(_UCS2, cut_plain(text, _CONCAT_UNITS), n, _CONCAT_UNITS)
        if 1 not in marks:  # every character is 1 septet
            if n <= _SINGLE_SEPTETS:
                return Segmentation(_GSM7, (text,), n, _SINGLE_SEPTETS)
            return Segmentation(_GSM7, cut_plain(text, _CONCAT_SEPTETS), n, _CONCAT_SEPTETS)
        return _gsm_marked(text, marks)
    # One UTF-16 encoding serves every case: a lone surrogate has none (the encoder refuses
    # it, and says where); an astral character (2 units) is never GSM, so a longer encoding
    # settles UCS-2 without a GSM scan.
    try:
        encoded = _ENCODE_UTF16(text)[0]
    except UnicodeEncodeError as exc:
        raise _lone_surrogate(text, exc.start) from None
    units = len(encoded) >> 1
    if units == n:  # every character in the BMP: GSM-7 is still possible
        if plain == -1:
            plain = _PLAIN_RUN(text).end()
            if plain == n:  # TS 23.038 §6.2.1: every character is 1 septet
                if n <= _SINGLE_SEPTETS:
                    return Segmentation(_GSM7, (text,), n, _SINGLE_SEPTETS)
                parts = cut_plain(text, _CONCAT_SEPTETS)
                return Segmentation(_GSM7, parts, n, _CONCAT_SEPTETS)
        # the first character that is not plain GSM decides unless it is an extension one;
        # after the € route (plain == -2) every character is checked
        if plain == -2:
            plain = 0
        elif text[plain] not in _EXT_CHARS:
            plain = -1
        if plain >= 0 and _ALL_GSM(text, plain) is not None:
            # TS 23.038 §6.2.1.1: GSM-7 with extension characters (ESC + code, 2 septets);
            # UTF-16 gives one low byte per character, which marks them (see _cut.EXT_LOW)
            septets = encoded[0::2].translate(_EXT_LOW).replace(b"\x01", b"\x01\x02")
            units = len(septets)
            if units <= _SINGLE_SEPTETS:
                return Segmentation(_GSM7, (text,), units, _SINGLE_SEPTETS)
            parts = cut_units(text, septets, _CONCAT_SEPTETS)
            return Segmentation(_GSM7, parts, units, _CONCAT_SEPTETS)
    # TS 23.038 §6.2.3: UCS-2, counted in UTF-16 code units
    if limit is not None and units > limit:
        raise _over_limit(text, limit)
    if units <= _SINGLE_UNITS:
        return Segmentation(_UCS2, (text,), units, _SINGLE_UNITS)
    if units == n:
        return Segmentation(_UCS2, cut_plain(text, _CONCAT_UNITS), n, _CONCAT_UNITS)
    # surrogate pairs (emoji): built without the class call, slots set directly (the
    # constructor's work, less a Python frame); same object as Segmentation(...)
    s = _NEW(Segmentation)
    s._encoding = _UCS2
    s._parts = cut_utf16(encoded, _CONCAT_UNITS)
    s._units = units
    s._capacity = _CONCAT_UNITS
    s._extra = None
    return s


def _segment_options(
    text: str, limit: int | None, language: str | None, graphemes: bool
) -> Segmentation:
    if language is not None:
        s = _national(text, language_name(language), graphemes)
    elif _NON_GSM_SEARCH(text) is None:
        if graphemes:
            units = len(text) + len(_EXT_RE.findall(text))
            if units <= _SINGLE_SEPTETS:
                s = Segmentation(_GSM7, (text,), units, _SINGLE_SEPTETS)
            else:
                parts = cut_graphemes(text, _CONCAT_SEPTETS, _EXT_RE.findall)
                s = Segmentation(_GSM7, parts, units, _CONCAT_SEPTETS)
        else:  # pragma: no cover - segment() only calls here with an option set
            s = segment(text, limit=None)
    else:
        s = _ucs2(text, graphemes)
    if limit is not None and s.encoding is _UCS2 and s.units > limit:
        raise _over_limit(text, limit)
    return s


def _national(text: str, language: str, graphemes: bool) -> Segmentation:
    """The cheapest table combination: fewest parts, then fewest shift IEs, then units."""
    best: tuple[tuple[int, int, int], Segmentation] | None = None
    for mode in modes(language):
        if mode.non_gsm(text) is not None:
            continue
        doubles = mode.doubles
        if graphemes:
            units = len(text) + (len(doubles.findall(text)) if doubles else 0)
            if units <= mode.single_cap:
                parts: tuple[str, ...] = (text,)
                cap = mode.single_cap
            else:
                cap = mode.concat_cap
                parts = cut_graphemes(text, cap, doubles.findall if doubles else None)
        elif doubles is None:
            units = len(text)
            cap = mode.single_cap if units <= mode.single_cap else mode.concat_cap
            parts = (text,) if units <= mode.single_cap else cut_plain(text, cap)
        else:
            # \x01 is in no GSM table, so it marks the doubles one-for-one
            marked = doubles.sub("\x01", text)
            units = len(text) + marked.count("\x01")
            if units <= mode.single_cap:
                parts, cap = (text,), mode.single_cap
            else:
                cap = mode.concat_cap
                parts = cut_marked(text, cap, marked.count, "\x01")
        key = (len(parts), mode.shift_ies, units)
        if best is None or key < best[0]:
            extra = (language, mode.locking, mode.single, (), 0)
            best = (key, Segmentation(_GSM7, parts, units, cap, extra))
    if best is not None:
        return best[1]
    s = _ucs2(text, graphemes)
    return Segmentation(_UCS2, s.parts, s.units, s.capacity, (language, None, None, (), 0))


def _segment_replaced(
    text: str, limit: int | None, language: str | None, replace: str, graphemes: bool
) -> Segmentation:
    if replace != "lookalikes":
        raise InvalidText(
            f"replace must be 'lookalikes' or None, got {replace!r}",
            field="replace",
            value=replace,
            rule="replace is 'lookalikes' or None",
        )
    if limit is not None and (type(limit) is not int or limit < 0):
        raise _bad_limit(limit)
    before = segment(text, limit=None, language=language, graphemes=graphemes)
    found = tuple(
        Replacement(position=m.start(), original=m.group(), replacement=LOOKALIKES[m.group()])
        for m in LOOKALIKE_RE.finditer(text)
    )
    new_text = LOOKALIKE_RE.sub(lambda m: LOOKALIKES[m.group()], text) if found else text
    # the limit applies to the text as sent, after replacement
    after = segment(new_text, limit=limit, language=language, graphemes=graphemes)
    extra = (
        after.language,
        after.locking_shift,
        after.single_shift,
        found,
        before.segments - after.segments,
    )
    return Segmentation(after.encoding, after.parts, after.units, after.capacity, extra)


# --- conformance ---------------------------------------------------------------------------

_OPTIONS: Final = frozenset({"text", "limit", "language", "replace", "graphemes"})


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one ``text`` conformance vector (operation ``segment``; see spec/text/README.md).

    An :class:`InvalidText` becomes ``{"error": {"code": "invalid-text", ...}}`` with the
    field, position and message.

    >>> run_vector("segment", {"text": "Hi"})["result"]["parts"]
    ['Hi']
    """
    if operation != "segment":
        raise InvalidVector(
            f"text: unknown operation {operation!r}; known: ['segment']",
            field="operation",
            value=operation,
            rule="text operations",
        )
    extra = set(input) - _OPTIONS
    if "text" not in input or not isinstance(input["text"], str) or extra:
        raise InvalidVector(
            f"text/segment: input needs a string 'text' and only {sorted(_OPTIONS)}; "
            f"got keys {sorted(input)}",
            field="input",
            value=sorted(input),
            rule="text/segment input",
        )
    try:
        s = segment(
            input["text"],
            limit=input.get("limit", DEFAULT_LIMIT),
            language=input.get("language"),
            replace=input.get("replace"),
            graphemes=bool(input.get("graphemes", False)),
        )
    except InvalidText as exc:
        return {
            "error": {
                "code": "invalid-text",
                "field": exc.field,
                "position": exc.position,
                "message": exc.message,
            }
        }
    return {"result": s.to_data()}
