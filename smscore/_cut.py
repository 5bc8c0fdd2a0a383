"""Part boundaries without a per-character Python loop.

A character costs 1 unit, or 2 for a "double": an extension character in GSM-7 (ESC + code,
TS 23.038 §6.2.1.1) or an astral character in UCS-2 (a surrogate pair). Parts are filled
greedily; a double that does not fit moves whole to the next part.

The doubles are located once, with one ``re`` split (C), and turned into a sorted list
``adj`` where ``adj[j]`` is the total cost of the text up to and including double ``j``
(``position + j + 2``). A part's end is then one ``bisect`` per part.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from operator import add
from typing import Any

from .errors import InvalidText

Splitter = Callable[[str], list[Any]]


def doubles_index(text: str, split: Splitter) -> list[int]:
    """``adj`` for ``text``: ``adj[j]`` = cost of ``text`` up to and including double ``j``.

    ``split`` is a compiled pattern's ``split`` matching exactly the doubles, so it returns
    the runs between them; the j-th double sits at ``sum(runs[:j+1]) + j``.
    """
    runs = split(text)
    d = len(runs) - 1
    return list(map(add, accumulate(map(len, runs)), range(2, 2 * d + 2, 2)))


def cut_plain(text: str, cap: int) -> tuple[str, ...]:
    """Every character costs 1: plain slices of ``cap``."""
    return tuple([text[i : i + cap] for i in range(0, len(text), cap)])


def cut_pairs(text: str, cap: int, adj: list[int]) -> tuple[str, ...]:
    """Greedy parts of at most ``cap`` units, a double never split (see module doc)."""
    n = len(text)
    d = len(adj)
    parts = []
    start = 0
    k = 0  # doubles before ``start``; the cost of text[:start] is start + k
    while start < n:
        budget = start + k + cap  # the cost of text[:end] may not exceed this
        k2 = bisect_right(adj, budget, k)  # doubles [k, k2) fit whole
        end = budget - k2
        if k2 < d:
            next_double = adj[k2] - k2 - 2  # its position: it does not fit, it starts the next
            end = min(end, next_double)
        end = min(end, n)
        parts.append(text[start:end])
        start = end
        k = k2
    return tuple(parts)


def prefix_end(text: str, cap: int, adj: list[int]) -> int:
    """The end of the longest prefix of ``text`` that costs at most ``cap`` units."""
    k2 = bisect_right(adj, cap)
    end = cap - k2
    if k2 < len(adj):
        end = min(end, adj[k2] - k2 - 2)
    return min(end, len(text))


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
