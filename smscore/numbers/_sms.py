"""A send's question in one match: valid as written, which region, which line type?

A send (:func:`smscore.providers._common.intake`) and a recipient list
(:mod:`smscore.numbers.recipients`) need more than
:func:`smscore.numbers._fast.valid_digits`: a valid number whose line type cannot take SMS
(a landline, a toll-free number; :data:`~smscore.numbers._types.NO_SMS_LINE_TYPES`) gets
advice, and a list counts its numbers by country. The full reading
(:func:`~smscore.numbers._fast.fast_check`: country code, national prefix, region, type) ran
for every recipient and made a send cost twice what normalizing the same numbers costs.

:func:`quick_facts` gives the region and line type of a number written exactly as its E.164
digits with the same single dict lookup and single match as ``valid_digits``; any other
number (``None``) gets the full reading, so no answer differs from it. Per length, the
pattern is ``region_code_for_number``'s walk over the code's regions, each region written
as ``_number_type_helper``'s walk over its types (:func:`~smscore.numbers._types.
type_alternatives`), every (region, type) alternative in a capturing group of its own: the
group that closed last (``Match.lastindex``) names both. A region without leading digits
that validates the number is chosen (its first matching type decides), one that does not
passes the number on; a region whose leading digits match decides alone. Codes several
regions share route on their leading digits as ``valid_digits`` does, keeping the walk's
order, which decides region and type. Tables are built on first use per code and forgotten
with the fast path's (:func:`smscore.numbers._fast.reset`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from . import _fast
from ._types import NO_SMS_LINE_TYPES, type_alternatives

__all__ = ["quick_facts", "sms_digits"]

_MIN: Final = 2  # _fast._MIN_LENGTH_FOR_NSN
_MAX: Final = 17  # _fast._MAX_LENGTH_FOR_NSN

# per length: the walk's pattern and, by group number, the (region, line type) it names
_Walk = tuple[re.Pattern[str], tuple[tuple[str, str], ...]]
_Table = dict[int, _Walk]
# first three digits -> (country code length, the code, its typed and SMS tables when it
# needs no routing, else None and None, its typed and SMS routes: key -> table); kept in
# _fast.SMS so that _fast.reset() forgets it with the codes (each code keeps its own tables
# in code.sms)
_Entry = tuple[int, Any, _Table | None, _Table | None, dict[str, _Table], dict[str, _Table]]
_NONE: Final[_Entry] = (0, None, {}, {}, {}, {})
_ENTRIES: Final[dict[str, _Entry]] = _fast.SMS  # cleared in place, never rebound


def _region_text(code: Any, i: int, n: int, names: list[tuple[str, str]] | None) -> str:
    """Region ``i``'s types for length ``n`` as one alternation, each type in a group named
    after its place in ``names`` (appended here); ``(?!)`` when it validates no such number.

    With ``names`` ``None``, the alternation matches only when the first type that matches
    takes SMS, and has no group: a type that takes SMS is an alternative (``(?:p)\\Z|rest``),
    one that does not a guard (``(?!(?:p)\\Z)rest``), so the walk stops where it would.
    """
    if code.regions[i][1].get(n) is None:
        return "(?!)"
    meta = code.metas[i]
    kinds = type_alternatives(meta, n)
    if names is None:
        if all(kind in NO_SMS_LINE_TYPES for kind, _ in kinds):
            return "(?!)"
        body = "(?!)"
        for kind, pattern in reversed(kinds):
            if kind in NO_SMS_LINE_TYPES:
                body = f"(?!(?:{pattern})\\Z)(?:{body})"
            else:
                body = f"(?:{pattern})\\Z|(?:{body})"
    else:
        alts = []
        for kind, pattern in kinds:
            alts.append(f"(?P<g{len(names)}>(?:{pattern})\\Z)")
            names.append((code.names[i], kind))
        if not alts:
            return "(?!)"
        body = "|".join(alts)
    return f"(?=(?:{meta.general_desc.national_number_pattern})\\Z)(?:{body})"


def _compile(code: Any, n: int, chain: list[tuple[int, str | None]], sms: bool) -> _Walk | None:
    """The walk over ``chain`` ((region, its leading-digits pattern or None), in order) for
    national numbers of length ``n``, behind the guard that no national prefix is written;
    ``sms``: the group-free pattern of numbers whose type takes SMS (see _region_text)."""
    names: list[tuple[str, str]] | None = None if sms else []
    texts = [(i, lead, _region_text(code, i, n, names)) for i, lead in chain]
    if all(text == "(?!)" for _, _, text in texts):
        return None
    rest = "(?!)"
    for i, lead, text in reversed(texts):
        if lead is None:
            valid = code.regions[i][1].get(n)
            if valid is None:
                continue  # it validates no number of this length: the next region is tried
            # typed: no match means not valid here; sms: not valid here, checked
            passes = "" if names is not None else f"(?!(?:{valid.pattern}))"
            rest = f"(?:{text})|{passes}(?:{rest})"
        else:
            rest = f"(?=(?:{lead}))(?:{text})|(?!(?:{lead}))(?:{rest})"
    npp = code.npp.pattern if code.npp is not None and not code.npp_nullable else None
    guard = f"(?!(?:{npp}))" if npp else ""
    pattern = re.compile(f"{guard}(?:{rest})")
    kinds = [("", "")] * (pattern.groups + 1)
    for name, index in pattern.groupindex.items():
        if names is not None:
            kinds[index] = names[int(name[1:])]
    return pattern, tuple(kinds)


def _table(code: Any, chain: list[tuple[int, str | None]], sms: bool) -> _Table:
    out: _Table = {}
    for n in range(_MIN, _MAX + 1):
        walk = _compile(code, n, chain, sms)
        if walk is not None:
            out[n] = walk
    return out


def _route(code: Any, key: str, sms: bool) -> _Table:
    # region_code_for_number's walk decided by the key, in its order: the regions without
    # leading digits before the first region whose leading digits match the key, then it
    chain: list[tuple[int, str | None]] = []
    for i, (lead, _) in enumerate(code.regions):
        if lead is None:
            chain.append((i, None))
        elif lead.match(key) is not None:
            chain.append((i, ""))  # decided by the key: it takes every number of the route
            break
    combo = (tuple(chain), sms)
    table: _Table | None = code.sms.get(combo)
    if table is None:
        table = code.sms[combo] = _table(code, chain, sms)
    code.sms["routes-sms" if sms else "routes"][key] = table
    return table


def _entry(digits: str) -> _Entry:
    found = _fast.code_of(digits)
    if found is None:
        entry: _Entry = _NONE
    else:
        k, code = found
        typed_routes = code.sms.setdefault("routes", {})
        sms_routes = code.sms.setdefault("routes-sms", {})
        if code.route_width:
            entry = (k, code, None, None, typed_routes, sms_routes)
        else:
            tables = code.sms.get("plain")
            if tables is None:  # leading digits (if any) tested inline, as _quick_table does
                chain = [
                    (i, None if lead is None else lead.pattern)
                    for i, (lead, _) in enumerate(code.regions)
                ]
                tables = code.sms["plain"] = (_table(code, chain, False), _table(code, chain, True))
            entry = (k, code, tables[0], tables[1], typed_routes, sms_routes)
    _ENTRIES[digits[:3]] = entry
    return entry


def _walk(digits: str, sms: bool) -> tuple[_Walk, int] | None:
    """The walk for ``digits`` (typed, or the SMS one) and where its national number starts;
    ``None`` when no table can settle it (no such code, a national prefix to strip)."""
    entry = _ENTRIES.get(digits[:3])
    if entry is None:
        entry = _entry(digits)
    k, code, typed, only_sms, typed_routes, sms_routes = entry
    table = only_sms if sms else typed
    if table is None:  # a code several regions share: route on the leading digits
        key = digits[k : k + code.route_width]
        table = (sms_routes if sms else typed_routes).get(key)
        if table is None:
            table = _route(code, key, sms)
    if code is not None and code.npp_nullable and not _fast.npp_keeps(code, digits, k):
        return None
    walk = table.get(len(digits) - k)
    return None if walk is None else (walk, k)


def quick_facts(digits: str) -> tuple[str, str] | None:
    """``(region, line type)`` when ``"+" + digits`` is valid as written, else ``None``.

    ``digits`` holds ASCII digits only, at least 3. ``None`` means "read it in full":
    invalid, a national prefix written after the country code, or a code with no table.
    The answer is :func:`~smscore.numbers._fast.fast_check`'s region and line type.

    >>> quick_facts("12135550123"), quick_facts("442079460958")
    (('US', 'fixed_line_or_mobile'), ('GB', 'fixed_line'))
    """
    found = _walk(digits, False)
    if found is None:
        return None
    walk, k = found
    m = walk[0].match(digits, k)
    if m is None:
        return None
    return walk[1][m.lastindex or 0]


def sms_digits(digits: str) -> str | None:
    """``digits`` when ``"+" + digits`` is valid as written and its line type takes SMS.

    ``None`` means "read it in full" (see :func:`quick_facts`), or a line type in
    :data:`~smscore.numbers._types.NO_SMS_LINE_TYPES`.

    >>> sms_digits("12135550123"), sms_digits("447400123456"), sms_digits("442079460958")
    ('12135550123', '447400123456', None)
    """
    # _walk(digits, True), inlined: this runs once per recipient of every send, and the call
    # and its tuple cost 10% of it (cachegrind: 9.6k -> 8.7k instructions a number)
    entry = _ENTRIES.get(digits[:3])
    if entry is None:
        entry = _entry(digits)
    k, code, _, table, _, routes = entry
    if table is None:
        key = digits[k : k + code.route_width]
        table = routes.get(key)
        if table is None:
            table = _route(code, key, True)
    if code is not None and code.npp_nullable and not _fast.npp_keeps(code, digits, k):
        return None
    walk = table.get(len(digits) - k)
    if walk is not None and walk[0].match(digits, k) is not None:
        return digits
    return None
