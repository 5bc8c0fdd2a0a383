"""Part boundaries without a per-character Python loop.

A character costs 1 unit, or 2 for a "double": an extension character in GSM-7 (ESC + code,
TS 23.038 §6.2.1.1) or an astral character in UCS-2 (a surrogate pair). Parts are filled
greedily; a double that does not fit moves whole to the next part.

The doubles are marked once, one byte per character, by C-level encode/slice/translate
(``gsm_marks``, ``astral_marks``) or one ``re.sub`` (national tables); a part's end then
comes from ``bytes.count``/``str.count`` over index ranges, correcting for the pairs
inside each window (``part_end``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from .errors import InvalidText

Splitter = Callable[[str], list[Any]]


# TS 23.038 §6.2.1.1: the low byte of each extension character's code point. Within GSM
# text these bytes identify the extension characters exactly: every other character of the
# default alphabet has another low byte, and no GSM character has one of them as high byte.
_EXT_LOW: Final = bytes(
    1 if b in {0x0C, 0x5E, 0x7B, 0x7D, 0x5C, 0x5B, 0x7E, 0x5D, 0x7C, 0xAC} else 0
    for b in range(256)
)
# The plane byte of a UTF-32 code: non-zero exactly for astral characters (surrogate pairs).
_ASTRAL_PLANE: Final = bytes([0] + [1] * 255)

Counter = Callable[[Any, int, int], int]


def gsm_marks(text: str) -> bytes:
    """One byte per character of GSM text: 1 for an extension character, else 0."""
    return text.encode("utf-16-le")[0::2].translate(_EXT_LOW)


def astral_marks(text: str) -> bytes:
    """One byte per character: 1 for an astral character (2 UTF-16 units), else 0."""
    return text.encode("utf-32-le")[2::4].translate(_ASTRAL_PLANE)


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
