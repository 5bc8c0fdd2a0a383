"""The send loop's question in one match: valid as written, and a line that takes SMS?

A send (:func:`smscore.providers._common.intake`) needs more than
:func:`smscore.numbers._fast.valid_digits`: a valid number whose line type cannot take SMS
(a landline, a toll-free number; :data:`~smscore.numbers._types.NO_SMS_LINE_TYPES`) gets
advice, so the full reading (:func:`~smscore.numbers._fast.fast_check`: country code,
national prefix, region, type) ran for every recipient and cost a send twice what
normalizing the same numbers costs.

:func:`sms_digits` answers "valid, written exactly as its E.164 form, and its line type takes
SMS" with the same single dict lookup and single match as ``valid_digits``; any other
number (``None``) gets the full reading, so the answer never differs from it. Per length,
the pattern is ``region_code_for_number``'s walk over the code's regions with each region's
validator replaced by :func:`~smscore.numbers._types.sms_pattern`: a region without
leading digits that validates the number is chosen (its type decides), one that does not
passes the number on; a region whose leading digits match decides alone. Codes several
regions share route on their leading digits as ``valid_digits`` does, but keep the walk's
order, which decides the type. Tables are built on first use per code and forgotten with
the fast path's (:func:`smscore.numbers._fast.reset`).
"""

from __future__ import annotations

import re
from typing import Any, Final

from . import _fast
from ._types import sms_pattern

__all__ = ["sms_digits"]

_MIN: Final = 2  # _fast._MIN_LENGTH_FOR_NSN
_MAX: Final = 17  # _fast._MAX_LENGTH_FOR_NSN

# first three digits -> (country code length, the code, its per-length table when it needs
# no routing, else its routes: key -> table); kept in _fast.SMS so that _fast.reset()
# forgets it with the codes (each code keeps its own tables in code.sms)
_Table = dict[int, re.Pattern[str]]
_Entry = tuple[int, Any, _Table | None, dict[str, _Table]]
_NONE: Final[_Entry] = (0, None, {}, {})


def _walk(code: Any, picks: tuple[int, ...], decisive: int | None) -> dict[int, re.Pattern[str]]:
    """Per length: no national prefix to strip, then the walk over ``picks`` (regions
    without leading digits, in order) and ``decisive`` (the region whose leading digits
    match, tried last and final), each region's validity pattern guarding its SMS pattern."""
    npp = code.npp.pattern if code.npp is not None and not code.npp_nullable else None
    guard = f"(?!(?:{npp}))" if npp else ""
    out: dict[int, re.Pattern[str]] = {}
    for n in range(_MIN, _MAX + 1):
        rest = "(?!)"
        if decisive is not None:
            rest = _sms_text(code, decisive, n)
        for i in reversed(picks):
            valid = code.regions[i][1].get(n)
            sms = _sms_text(code, i, n)
            if valid is None:
                continue  # this region validates no number of this length: it passes
            rest = f"(?:{sms})|(?!(?:{valid.pattern}))(?:{rest})"
        if rest != "(?!)":
            out[n] = re.compile(f"{guard}(?:{rest})")
    return out


def _sms_text(code: Any, i: int, n: int) -> str:
    if code.regions[i][1].get(n) is None:
        return "(?!)"
    return sms_pattern(code.metas[i], n)


def _plain(code: Any) -> dict[int, re.Pattern[str]]:
    """The walk for a code that needs no routing (its regions' leading digits inline)."""
    regions = code.regions
    if all(lead is None for lead, _ in regions):
        return _walk(code, tuple(range(len(regions))), None)
    # leading digits that cannot be routed on a bounded key: inline them, as _quick_table
    npp = code.npp.pattern if code.npp is not None and not code.npp_nullable else None
    guard = f"(?!(?:{npp}))" if npp else ""
    out: dict[int, re.Pattern[str]] = {}
    for n in range(_MIN, _MAX + 1):
        rest = "(?!)"
        for i in reversed(range(len(regions))):
            lead, table = regions[i]
            valid = table.get(n)
            sms = _sms_text(code, i, n)
            if lead is None:
                if valid is not None:
                    rest = f"(?:{sms})|(?!(?:{valid.pattern}))(?:{rest})"
            else:
                rest = f"(?=(?:{lead.pattern}))(?:{sms})|(?!(?:{lead.pattern}))(?:{rest})"
        if rest != "(?!)":
            out[n] = re.compile(f"{guard}(?:{rest})")
    return out


def _route(code: Any, key: str) -> dict[int, re.Pattern[str]]:
    # region_code_for_number's walk decided by the key, in its order: the regions without
    # leading digits before the first region whose leading digits match the key, then it
    picks: list[int] = []
    decisive = None
    for i, (lead, _) in enumerate(code.regions):
        if lead is None:
            picks.append(i)
        elif lead.match(key) is not None:
            decisive = i
            break
    combo = (tuple(picks), decisive)
    table: _Table | None = code.sms.get(combo)
    if table is None:
        table = code.sms[combo] = _walk(code, combo[0], decisive)
    code.sms["routes"][key] = table
    return table


def _entry(digits: str) -> _Entry:
    cc = _fast.code_of(digits)
    if cc is None:
        entry: _Entry = _NONE
    else:
        k, code = cc
        routes = code.sms.setdefault("routes", {})
        if code.route_width:
            entry = (k, code, None, routes)
        else:
            table = code.sms.get("plain")
            if table is None:
                table = code.sms["plain"] = _plain(code)
            entry = (k, code, table, routes)
    _fast.SMS[digits[:3]] = entry
    return entry


def sms_digits(digits: str) -> str | None:
    """``digits`` when ``"+" + digits`` is valid as written and its line type takes SMS.

    ``digits`` holds ASCII digits only, at least 3. ``None`` means "read it in full":
    invalid, a national prefix after the country code, or a line type in
    :data:`~smscore.numbers._types.NO_SMS_LINE_TYPES`.

    >>> sms_digits("12135550123"), sms_digits("447400123456"), sms_digits("442079460958")
    ('12135550123', '447400123456', None)
    """
    sms = _fast.SMS
    entry = sms.get(digits[:3])
    if entry is None:
        entry = _entry(digits)
    k, code, table, routes = entry
    if table is None:  # a code several regions share: route on the leading digits
        key = digits[k : k + code.route_width]
        table = routes.get(key)
        if table is None:
            table = _route(code, key)
    if code is not None and code.npp_nullable and not _fast.npp_keeps(code, digits, k):
        return None
    pat = table.get(len(digits) - k)
    if pat is not None and pat.match(digits, k) is not None:
        return digits
    return None
