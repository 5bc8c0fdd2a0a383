"""Part boundaries without a per-character Python loop.

A character costs 1 unit, or 2 for a "double": an extension character in GSM-7 (ESC + code,
TS 23.038 §6.2.1.1) or an astral character in UCS-2 (a surrogate pair). Parts are filled
greedily; a double that does not fit moves whole to the next part.

The default tables (the hot path) work in *unit space*: one marker byte per septet or UTF-16
code unit, built by C-level encode/slice/translate/replace (``ucs2_units``, ``gsm_septets``):
0 for a unit of its own, 1 for the first unit of a double, 2 for its second. A greedy part is
then ``cap`` units, one fewer when the cut would fall inside a double, and its length in
characters is its length in units less its second halves: one ``bytes.count`` per part
(``cut_units``). The national tables mark doubles in character space with one ``re.sub`` and
find each part's end by counting the pairs inside a window (``cut_marked``, ``part_end``).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import Any, Final

from ..errors import InvalidText

Splitter = Callable[[str], list[Any]]


# TS 23.038 §6.2.1.1: the low byte of each extension character's code point. Within GSM
# text these bytes identify the extension characters exactly: every other character of the
# default alphabet has another low byte, and no GSM character has one of them as high byte.
EXT_LOW: Final = bytes(
    1 if b in {0x0C, 0x5E, 0x7B, 0x7D, 0x5C, 0x5B, 0x7E, 0x5D, 0x7C, 0xAC} else 0
    for b in range(256)
)
# The plane byte of a UTF-32 code: non-zero exactly for astral characters (surrogate pairs).
_ASTRAL_PLANE: Final = bytes([0] + [1] * 255)

# UTF-16 (RFC 2781 §2.1) by the high byte of a code unit: D8..DB opens a surrogate pair (1),
# DC..DF closes it (2), anything else is a whole BMP character (0).
_SURROGATE_HIGH_BYTE: Final = bytes(
    1 if 0xD8 <= b <= 0xDB else 2 if 0xDC <= b <= 0xDF else 0 for b in range(256)
)

Counter = Callable[[Any, int, int], int]


def astral_marks(text: str) -> bytes:
    """One byte per character: 1 for an astral character (2 UTF-16 units), else 0."""
    return text.encode("utf-32-le")[2::4].translate(_ASTRAL_PLANE)


def ucs2_units(encoded: bytes) -> bytes:
    """One marker byte per UTF-16 code unit of ``encoded`` (UTF-16-LE, so well-formed).

    0 for a BMP character, 1 and 2 for the two halves of a surrogate pair.
    """
    return encoded[1::2].translate(_SURROGATE_HIGH_BYTE)


def gsm_septets(low: bytes) -> bytes:
    """One marker byte per septet, from one low byte per character of default-table GSM text.

    ``low`` is the text's ASCII encoding or the low bytes of its UTF-16-LE encoding (see
    ``EXT_LOW``). 0 for a 1-septet character; an extension character is ESC (1) then its
    code (2), TS 23.038 §6.2.1.1.
    """
    return low.translate(EXT_LOW).replace(b"\x01", b"\x01\x02")


def cut_units(text: str, units: bytes, cap: int) -> tuple[str, ...]:
    """Greedy parts of at most ``cap`` units; a double is never split.

    ``units`` holds one marker per unit of ``text`` (``ucs2_units``, ``gsm_septets``). Each
    part is the next ``cap`` units, or ``cap - 1`` when unit ``cap`` would be the first half
    of a double (TS 23.040 §9.2.3.24.1; the pair moves whole to the next part); it spans its
    units less the second halves inside it in characters.
    """
    n = len(units)
    count = units.count
    parts = []
    start = 0  # in units
    first = 0  # in characters
    end = cap
    while end < n:
        if units[end - 1] == 1:  # the cut would split a pair: it moves whole
            end -= 1
        last = first + end - start - count(2, start, end)
        parts.append(text[first:last])
        start = end
        first = last
        end += cap
    parts.append(text[first:])
    return tuple(parts)


_DECODE_UTF16: Final = codecs.utf_16_le_decode


def cut_utf16(encoded: bytes, cap: int) -> tuple[str, ...]:
    """Greedy parts of at most ``cap`` UTF-16 code units, cut from the UTF-16-LE bytes.

    Each part is the next ``cap`` units, or ``cap - 1`` when the last of them opens a
    surrogate pair (high byte D8..DB, RFC 2781 §2.1: the pair moves whole to the next part);
    its text is those bytes decoded, so no unit ever has to be mapped back to a character.
    ``encoded`` is well-formed (``str.encode`` made it), so every part decodes whole.
    """
    step = 2 * cap
    n = len(encoded)
    decode = _DECODE_UTF16  # (data, errors=None, final=False): every part here is whole
    parts: list[str] = []
    append = parts.append
    start = 0
    end = step
    while end < n:
        if 0xD8 <= encoded[end - 1] <= 0xDB:
            end -= 2
        append(decode(encoded[start:end])[0])
        start = end
        end += step
    append(decode(encoded[start:])[0])
    return tuple(parts)


def part_end(n: int, start: int, cap: int, count: Counter, token: Any) -> int:
    """The end of the greedy part from ``start``: the most characters that cost <= cap.

    ``count(token, a, b)`` is the number of doubles among characters ``a..b``. A window of
    ``room`` characters holding ``d`` doubles fits when ``len + d <= room``; otherwise its
    first ``room - d`` characters (and its first ``room // 2``) surely fit, so the room at
    least halves each round: a few C-level counts per part, never a per-character loop.
    """
    q = start
    room = cap
    while room > 0 and q < n:
        e = min(q + room, n)
        d = count(token, q, e)
        if e - q + d <= room:
            return e
        take = max(room - d, room // 2)
        if take == 0:  # room == 1: one more character fits only if it costs 1
            return q + 1 if not count(token, q, q + 1) else q
        room -= take + count(token, q, q + take)
        q += take
    return q


def cut_plain(text: str, cap: int) -> tuple[str, ...]:
    """Every character costs 1: plain slices of ``cap``."""
    return tuple([text[i : i + cap] for i in range(0, len(text), cap)])


def cut_marked(text: str, cap: int, count: Counter, token: Any) -> tuple[str, ...]:
    """Greedy parts of at most ``cap`` units; a double (pair) is never split.

    The loop of :func:`part_end`, inlined: this runs once per part of every message.
    """
    n = len(text)
    parts = []
    start = 0
    while start < n:
        q = start
        room = cap
        while room > 0 and q < n:
            e = q + room if q + room < n else n
            d = count(token, q, e)
            if e - q + d <= room:
                q = e
                break
            take = room - d if room - d > room // 2 else room // 2
            if take == 0:
                if not count(token, q, q + 1):
                    q += 1
                break
            room -= take + count(token, q, q + take)
            q += take
        parts.append(text[start:q])
        start = q
    return tuple(parts)


def cut_graphemes(text: str, cap: int, findall: Splitter | None) -> tuple[str, ...]:
    """Greedy parts that never split a grapheme cluster (``regex`` ``\\X``).

    ``findall(cluster)`` lists the doubles in a cluster (``None``: there are none).
    A cluster that costs more than a whole part cannot be kept whole:
    :class:`InvalidText` says where.
    """
    import regex  # opt-in only: keeps ``import smscore`` light

    parts: list[str] = []
    current: list[str] = []
    used = 0
    position = 0
    for cluster in regex.findall(r"\X", text):
        cost = len(cluster) + (len(findall(cluster)) if findall else 0)
        if cost > cap:
            raise InvalidText(
                f"grapheme cluster at text[{position}] costs {cost} units, more than one "
                f"part holds ({cap}): it cannot be kept whole",
                field="text",
                value=cluster,
                rule="graphemes=True keeps each grapheme cluster within one part",
                position=position,
            )
        if used + cost > cap:
            parts.append("".join(current))
            current = []
            used = 0
        current.append(cluster)
        used += cost
        position += len(cluster)
    parts.append("".join(current))
    return tuple(parts)
