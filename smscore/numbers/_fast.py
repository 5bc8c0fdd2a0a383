"""The metadata fast path behind :mod:`smscore.numbers`.

``phonenumbers`` answers ``parse`` + ``is_valid_number`` + ``is_possible_number`` + E.164
formatting with a dozen regex passes and several objects per call. For the two forms a
send loop sees most (``+`` then digits, and bare digits read as country code first) this
module gives the same three answers from phonenumbers' own metadata, compiled once per
country calling code on first use and cached:

* the country calling code, as ``phonenumberutil._extract_country_code`` finds it
  (the first 1-3 digit prefix that is a known code; codes never start with 0);
* the national prefix written after the code (``+44 0 20 ...``), stripped exactly as
  ``_maybe_strip_national_prefix_carrier_code`` does, with the same viability and
  length checks (the "national-prefix trap");
* possibility: ``_test_number_length`` of the main region's general description, tabled
  by length;
* validity, region and line type: ``region_code_for_number`` + ``_number_type_helper``.
  Per region and per length, one precompiled alternation of every number-type pattern
  whose possible lengths allow that length, guarded by a lookahead on the general
  pattern, decides in one match; in :func:`fast_check` its named groups also give the
  type (:mod:`smscore.numbers._types`, built on first use per region and length).

:func:`finish` is the part after the country code, shared with national numbers read for
a region (:mod:`smscore.numbers._national`). Anything this module cannot decide the same
way (no known code, a national number under 2 digits) returns ``None`` and the caller
falls back to phonenumbers itself.

:func:`valid_digits` answers the send loop's narrower question, "valid, written exactly as
its E.164 form?", in one dict lookup (first three digits -> country code and tables) and
one match per number: the validity pattern for the length, guarded by a negative
lookahead on the national prefix. For codes several regions share (NANP's +1, +7, ...) the
regions' leading digits route to the tables of the region that would be chosen. It
answers ``None`` whenever :func:`fast_check` has more to do (a national prefix to strip).
Nothing is built at import time; ``phonenumbers`` is imported on first use.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, Final

from ._types import Typed, typed_validator

__all__ = [
    "REGIONS",
    "SMS",
    "FastResult",
    "code_of",
    "fast_check",
    "finish",
    "loaded_codes",
    "npp_keeps",
    "region_of",
    "reset",
    "strip_prefix",
    "valid_digits",
]

# (e164, valid, possible, length_status, region, line_type): length_status is one of the
# S_* codes below; region is region_code_for_number's answer, line_type number_type's
# (in lower case; "unknown" for a number that is not valid).
FastResult = tuple[str | None, bool, bool, int, str | None, str]

# phonenumberutil.ValidationResult, the same values (a test checks them).
S_POSSIBLE: Final = 0
S_INVALID_CC: Final = 1
S_TOO_SHORT: Final = 2
S_TOO_LONG: Final = 3
S_LOCAL_ONLY: Final = 4
S_INVALID_LENGTH: Final = 5

_MIN_LENGTH_FOR_NSN: Final = 2  # phonenumberutil._MIN_LENGTH_FOR_NSN
_MAX_LENGTH_FOR_NSN: Final = 17  # phonenumberutil._MAX_LENGTH_FOR_NSN (ITU-T E.164 §6.1 + slack)

# The number types _number_type_helper tries, in its order (mobile last, and only when
# its pattern differs from fixed-line: same_mobile_and_fixed_line_pattern).
_TYPE_ATTRS: Final = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
)


class _Prefix:
    """How one region's metadata reads a national number (national prefix, lengths)."""

    __slots__ = ("general", "length_status", "npp", "npp_nullable", "rule")

    def __init__(
        self,
        npp: re.Pattern[str] | None,
        rule: str | None,
        general: re.Pattern[str] | None,
        length_status: tuple[int, ...],
        npp_nullable: bool,
    ) -> None:
        self.npp = npp
        self.rule = rule
        self.general = general
        self.length_status = length_status
        # A national prefix pattern that can match nothing (Argentina's "0?(?:(11|...)?15)?")
        # cannot be a guard inside the pattern; valid_digits tests the match itself.
        self.npp_nullable = npp_nullable


class _Code(_Prefix):
    """Everything the fast path needs about one country calling code (built once).

    The national prefix and lengths (:class:`_Prefix`) are those of the code's main region,
    the metadata ``parse`` uses for a number written with its country code.
    """

    __slots__ = (
        "combos",
        "metas",
        "names",
        "quick",
        "regions",
        "route_width",
        "routes",
        "sms",
        "typed",
    )

    def __init__(
        self,
        npp: re.Pattern[str] | None,
        rule: str | None,
        general: re.Pattern[str] | None,
        length_status: tuple[int, ...],
        regions: tuple[tuple[re.Pattern[str] | None, dict[int, re.Pattern[str]]], ...],
        quick: dict[int, re.Pattern[str]],
        route_width: int,
        npp_nullable: bool,
        names: tuple[str, ...] = (),
        metas: tuple[Any, ...] = (),
    ) -> None:
        super().__init__(npp, rule, general, length_status, npp_nullable)
        self.names = names  # region codes, aligned with ``regions``
        self.metas = metas  # their PhoneMetadata, for the typed validators
        # per region: length -> typed validator, built on first use (see _typed)
        self.typed: tuple[dict[int, Typed], ...] = tuple({} for _ in metas)
        self.regions = regions
        self.quick = quick
        # valid_digits() routing for codes shared by several regions (see _route):
        self.route_width = route_width
        self.routes: dict[str, dict[int, re.Pattern[str]]] = {}
        self.combos: dict[tuple[int, ...], dict[int, re.Pattern[str]]] = {}
        self.sms: dict[Any, Any] = {}  # smscore.numbers._sms's tables for this code


# cc string -> built entry, or None while not built yet. None for the whole map until the
# first call (phonenumbers is imported then, not at ``import smscore``).
_CODES: dict[str, _Code | None] | None = None


# First three digits -> (length of the country code, _Code.quick of that code, the _Code
# when valid_digits() routes by leading digits instead), for valid_digits(); (0, {}, None)
# when no code starts those digits. Filled on first use.
_QuickEntry = tuple[int, dict[int, re.Pattern[str]], _Code | None]
_QUICK: dict[str, _QuickEntry] = {}
_NO_CODE: Final[_QuickEntry] = (0, {}, None)


# Region code -> its national reading (smscore.numbers._national._Region), built on first
# use; here so that reset() forgets them with the codes they point into.
REGIONS: dict[str, Any] = {}
# First three digits -> smscore.numbers._sms's entry; forgotten with the codes.
SMS: dict[str, Any] = {}


def _code_map() -> dict[str, _Code | None]:
    global _CODES
    if _CODES is None:
        from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

        _QUICK.clear()  # it points into the entries of the previous map
        REGIONS.clear()
        SMS.clear()
        _CODES = dict.fromkeys((str(cc) for cc in COUNTRY_CODE_TO_REGION_CODE), None)
    return _CODES


def reset() -> None:
    """Forget every built table (for benchmarks of first use)."""
    global _CODES
    _CODES = None
    _QUICK.clear()
    REGIONS.clear()
    SMS.clear()


def loaded_codes() -> tuple[str, ...]:
    """The country calling codes whose tables are built so far (for tests and benchmarks)."""
    if _CODES is None:
        return ()
    return tuple(cc for cc, entry in _CODES.items() if entry is not None)


def _length_table(metadata: Any) -> tuple[int, ...]:
    # phonenumberutil._test_number_length(number, metadata, UNKNOWN), for every length
    # 0..17; longer numbers are TOO_LONG (or INVALID_LENGTH when no lengths exist).
    general = metadata.general_desc
    lengths: tuple[int, ...] = tuple(general.possible_length)
    local = set(general.possible_length_local_only)
    table = []
    for n in range(_MAX_LENGTH_FOR_NSN + 1):
        if not lengths or lengths[0] == -1:
            table.append(S_INVALID_LENGTH)
        elif n in local:
            table.append(S_LOCAL_ONLY)
        elif lengths[0] == n:
            table.append(S_POSSIBLE)
        elif lengths[0] > n:
            table.append(S_TOO_SHORT)
        elif lengths[-1] < n:
            table.append(S_TOO_LONG)
        else:
            table.append(S_POSSIBLE if n in lengths[1:] else S_INVALID_LENGTH)
    return tuple(table)


def _validator(metadata: Any) -> dict[int, re.Pattern[str]]:
    # _number_type_helper(nsn, metadata) != UNKNOWN, as length -> one compiled pattern.
    # _is_number_matching_desc: a desc matches when its possible lengths (if any) hold the
    # length and its pattern fully matches; the general desc must match first.
    general = metadata.general_desc
    gpat = general.national_number_pattern if general is not None else None
    if not gpat:
        return {}
    descs = [getattr(metadata, attr) for attr in _TYPE_ATTRS]
    if not metadata.same_mobile_and_fixed_line_pattern:
        descs.append(metadata.mobile)
    descs = [d for d in descs if d is not None and d.national_number_pattern]
    out: dict[int, re.Pattern[str]] = {}
    for n in range(_MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN + 1):
        if general.possible_length and n not in general.possible_length:
            continue
        pats = [
            d.national_number_pattern
            for d in descs
            if not d.possible_length or n in d.possible_length
        ]
        if pats:
            body = "|".join(f"(?:{p})" for p in pats)
            out[n] = re.compile(f"(?=(?:{gpat})\\Z)(?:{body})\\Z")
    return out


def _typed(code: _Code, i: int, n: int) -> Typed:
    # region i's typed validator for length n (smscore.numbers._types), built on first use
    table = code.typed[i]
    typed = table.get(n)
    if typed is None:
        typed = table[n] = typed_validator(code.metas[i], n)
    return typed


def _quick_table(
    npp_text: str | None,
    regions: tuple[tuple[re.Pattern[str] | None, dict[int, re.Pattern[str]]], ...],
) -> dict[int, re.Pattern[str]]:
    # valid_digits() in one match per length: the national prefix must not match (when it
    # does, fast_check decides the strip), then region_code_for_number's walk over the
    # regions as one alternation: a region with leading_digits that match is chosen (valid
    # or not, no later region is tried), one without is chosen when its types match.
    out: dict[int, re.Pattern[str]] = {}
    for n in range(_MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN + 1):
        if all(table.get(n) is None for _, table in regions):
            continue  # no region has a valid number of this length
        if npp_text is None and len(regions) == 1:
            out[n] = regions[0][1][n]  # the validator itself, already compiled
            continue
        rest = "(?!)"  # no region chosen: region_code_for_number gives None, not valid
        for leading, table in reversed(regions):
            pat = table.get(n)
            valid = pat.pattern if pat is not None else "(?!)"
            if leading is None:
                rest = f"(?:{valid})|{rest}"
            else:
                lead = leading.pattern
                rest = f"(?=(?:{lead}))(?:{valid})|(?!(?:{lead}))(?:{rest})"
        guard = f"(?!(?:{npp_text}))" if npp_text else ""
        out[n] = re.compile(f"{guard}(?:{rest})")
    return out


# Leading-digits patterns made of digits, classes, groups, alternation and "?" only: no
# anchors, lookarounds or unbounded repeats, so a match reads at most its maximum width.
_ROUTABLE: Final = frozenset("0123456789[]-|()?:")
_MAX_ROUTE_WIDTH: Final = 4  # at most 10**4 routing keys per code


def _route_width(
    regions: tuple[tuple[re.Pattern[str] | None, dict[int, re.Pattern[str]]], ...],
) -> int:
    # How many leading national digits decide every region's leading_digits match; 0 when
    # there is nothing to route (one region, or none with leading digits) or it cannot be
    # bounded, and valid_digits() uses the single alternation of _quick_table instead.
    leads = [lead.pattern for lead, _ in regions if lead is not None]
    if not leads or any(not set(lead) <= _ROUTABLE for lead in leads):
        return 0
    try:
        parser: Any = importlib.import_module("re._parser")  # CPython's own regex parser
        width = max(int(parser.parse(lead).getwidth()[1]) for lead in leads)
    except Exception:  # another Python: no routing, the same answers a little slower
        return 0
    return width if 0 < width <= _MAX_ROUTE_WIDTH else 0


def _route(code: _Code, key: str) -> dict[int, re.Pattern[str]]:
    # region_code_for_number's walk decided by the key (the first route_width national
    # digits, or the whole number when shorter): a number is valid when a region without
    # leading_digits before the first region whose leading_digits match validates it, or
    # that region does. As a yes/no answer the order does not matter: the leading-digits
    # region is tried first, as most numbers of a shared code belong to it.
    picks: list[int] = []
    for i, (lead, _) in enumerate(code.regions):
        if lead is None:
            picks.append(i)
        elif lead.match(key) is not None:
            picks.insert(0, i)
            break
    combo = tuple(picks)
    table = code.combos.get(combo)
    if table is None:
        npp_text = code.npp.pattern if code.npp is not None and not code.npp_nullable else None
        table = code.combos[combo] = _any_of(npp_text, [code.regions[i][1] for i in combo])
    code.routes[key] = table
    return table


def _any_of(
    npp_text: str | None, tables: list[dict[int, re.Pattern[str]]]
) -> dict[int, re.Pattern[str]]:
    # Per length: no national prefix to strip, and any of the regions' validators match.
    out: dict[int, re.Pattern[str]] = {}
    for n in range(_MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN + 1):
        pats = [table[n] for table in tables if n in table]
        if len(pats) == 1 and npp_text is None:
            out[n] = pats[0]
        elif pats:
            guard = f"(?!(?:{npp_text}))" if npp_text else ""
            body = "|".join(f"(?:{p.pattern})" for p in pats)
            out[n] = re.compile(f"{guard}(?:{body})")
    return out


def _build(cc: str) -> _Code:
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

    code = int(cc)
    regions = COUNTRY_CODE_TO_REGION_CODE[code]
    metas: list[Any] = [
        PhoneMetadata.metadata_for_nongeo_region(code)
        if region == "001"
        else PhoneMetadata.metadata_for_region(region)
        for region in regions
    ]
    # parse() uses the metadata of region_code_for_country_code(cc): the first region.
    main = metas[0]
    npp_text = main.national_prefix_for_parsing
    gpat = main.general_desc.national_number_pattern if main.general_desc else None
    # region_code_for_number: single region -> that region; several -> the first whose
    # leading_digits prefix-match, or (without leading_digits) whose types match.
    # region_code_for_number: a code of one region is that region, whatever the number
    names = tuple(name for name, m in zip(regions, metas, strict=True) if m is not None)
    validators = tuple(
        (
            re.compile(m.leading_digits) if len(metas) > 1 and m.leading_digits else None,
            _validator(m),
        )
        for m in metas
        if m is not None
    )
    width = _route_width(validators)
    nullable = bool(npp_text) and re.match(npp_text, "") is not None
    guard = None if nullable else npp_text or None
    return _Code(
        npp=re.compile(npp_text) if npp_text else None,
        rule=main.national_prefix_transform_rule or None,
        general=re.compile(gpat) if gpat else None,
        length_status=_length_table(main),
        regions=validators,
        # valid_digits() routes on leading digits, or else uses one alternation per length
        quick={} if width else _quick_table(guard, validators),
        route_width=width,
        npp_nullable=nullable,
        names=names,
        metas=tuple(m for m in metas if m is not None),
    )


def _status(entry: _Prefix, n: int) -> int:
    if n <= _MAX_LENGTH_FOR_NSN:
        return entry.length_status[n]
    return S_INVALID_LENGTH if entry.length_status[0] == S_INVALID_LENGTH else S_TOO_LONG


def _viable(entry: _Prefix, number: str) -> bool:
    # phonenumberutil._match_national_number(number, general_desc, False)
    return entry.general is not None and entry.general.fullmatch(number) is not None


def strip_prefix(meta: _Prefix, number: str) -> str:
    """``_maybe_strip_national_prefix_carrier_code(number, metadata)[1]``, exactly."""
    npp = meta.npp
    if npp is None or not number:
        return number
    m = npp.match(number)
    if m is None:
        return number
    groups = m.groups()
    if meta.rule is None or groups[len(groups) - 1] is None:
        candidate = number[m.end() :]
    else:
        candidate = npp.sub(meta.rule, number, count=1)
    if _viable(meta, number) and not _viable(meta, candidate):
        return number
    return candidate


def code_of(digits: str) -> tuple[int, _Code] | None:
    """The country calling code that starts ``digits`` (its length) and its tables."""
    found = _cc_of(digits)
    return None if found is None else (len(found[0]), found[1])


def _cc_of(digits: str) -> tuple[str, _Code] | None:
    # phonenumberutil._extract_country_code: the first 1-3 digit prefix that is a known
    # code (codes do not begin with 0); the code's tables are built on first use.
    codes = _CODES if _CODES is not None else _code_map()
    if not digits or digits[0] == "0":
        return None
    for k in (1, 2, 3):
        cc = digits[:k]
        if cc in codes:
            entry = codes[cc]
            if entry is None:
                entry = codes[cc] = _build(cc)
            return cc, entry
    return None


def fast_check(digits: str) -> FastResult | None:
    """Read ``"+" + digits`` as phonenumbers does; ``None`` when it must decide itself.

    ``digits`` holds ASCII digits only, at least 3 of them (fewer is not a viable number
    for phonenumbers and goes to the fallback).

    >>> fast_check("12135550123")
    ('+12135550123', True, True, 0, 'US', 'fixed_line_or_mobile')
    """
    found = _cc_of(digits)
    if found is None:
        return None
    cc, entry = found
    return finish(entry, entry, cc, digits[len(cc) :])


def finish(code: _Code, meta: _Prefix, cc: str, nsn: str) -> FastResult | None:
    """``parse`` from its national prefix step on, then validity, region and type.

    ``nsn`` is the national number as written after the country code ``cc``; ``meta`` is
    the metadata ``parse`` strips the national prefix with (the main region's for a number
    written with its code, the given region's for a national number); ``code`` holds the
    validators of the regions sharing ``cc``. ``None`` when phonenumbers must decide.
    """
    if len(nsn) < _MIN_LENGTH_FOR_NSN:
        return None
    if meta.npp is not None:
        # parse() keeps the stripped form only when its length is not TOO_SHORT,
        # IS_POSSIBLE_LOCAL_ONLY or INVALID_LENGTH.
        candidate = strip_prefix(meta, nsn)
        if candidate is not nsn and _status(meta, len(candidate)) not in (
            S_TOO_SHORT,
            S_LOCAL_ONLY,
            S_INVALID_LENGTH,
        ):
            nsn = candidate
    n = len(nsn)
    if n < _MIN_LENGTH_FOR_NSN:
        return None
    if n > _MAX_LENGTH_FOR_NSN:
        return (None, False, False, S_TOO_LONG, None, "unknown")
    status = _status(code, n)  # is_possible_number: the main region of the code
    possible = status in (S_POSSIBLE, S_LOCAL_ONLY)
    e164 = "+" + cc + nsn
    # region_code_for_number, then is_valid_number / number_type for that region
    regions = code.regions
    if len(regions) == 1:
        typed = code.typed[0].get(n) or _typed(code, 0, n)
        m = typed[0].match(nsn)
        if m is None:
            return (e164, False, possible, status, code.names[0], "unknown")
        return (e164, True, possible, status, code.names[0], typed[1][m.lastindex or 0])
    for i, (leading, _) in enumerate(regions):
        if leading is not None:
            if leading.match(nsn) is not None:
                pattern, kinds = _typed(code, i, n)
                m = pattern.match(nsn)
                if m is None:
                    return (e164, False, possible, status, code.names[i], "unknown")
                return (e164, True, possible, status, code.names[i], kinds[m.lastindex or 0])
        else:
            pattern, kinds = _typed(code, i, n)
            m = pattern.match(nsn)
            if m is not None:
                return (e164, True, possible, status, code.names[i], kinds[m.lastindex or 0])
    return (e164, False, possible, status, None, "unknown")


def region_of(digits: str) -> str | None:
    """The region ``phonenumbers.region_code_for_number`` gives ``"+" + digits``.

    ``digits`` is an E.164 number without ``+`` (ASCII digits). ``None`` when no country
    calling code starts it, or (for codes several regions share) no region claims it.

    >>> region_of("12135550123"), region_of("442079460958")
    ('US', 'GB')
    """
    found = _cc_of(digits)
    if found is None:
        return None
    cc, entry = found
    if len(entry.names) == 1:
        return entry.names[0]
    nsn = digits[len(cc) :]
    n = len(nsn)
    for name, (leading, table) in zip(entry.names, entry.regions, strict=True):
        if leading is not None:
            if leading.match(nsn) is not None:
                return name
        else:
            pat = table.get(n)
            if pat is not None and pat.match(nsn) is not None:
                return name
    return None


def _quick_entry(digits: str) -> _QuickEntry:
    codes = _CODES if _CODES is not None else _code_map()
    entry: _QuickEntry = _NO_CODE
    if digits[0] != "0":  # _extract_country_code: codes do not begin with 0
        for k in (1, 2, 3):
            cc = digits[:k]
            if cc in codes:
                code = codes[cc]
                if code is None:
                    code = codes[cc] = _build(cc)
                special = code.route_width or code.npp_nullable
                entry = (k, code.quick, code if special else None)
                break
    _QUICK[digits[:3]] = entry
    return entry


def npp_keeps(code: _Code, digits: str, k: int) -> bool:
    # fast_check leaves the national number as written when the prefix pattern matches
    # nothing there, or matches nothing and keeps it (empty match, no transform group).
    npp = code.npp
    if npp is None:
        return True
    m = npp.match(digits, k)
    if m is None:
        return True
    groups = m.groups()
    return m.end() == k and (code.rule is None or groups[len(groups) - 1] is None)


def valid_digits(digits: str) -> str | None:
    """``digits`` when ``"+" + digits`` is a valid number written as it is, else ``None``.

    The send-loop question in one dict lookup and one match: ``digits`` (ASCII digits
    only, at least 3) is country code + national number with no national prefix to strip
    and :func:`fast_check` would say valid with E.164 ``"+" + digits``. ``None`` means
    "ask :func:`fast_check` or phonenumbers": invalid, or a national prefix written after
    the country code, or a code this module hands back.

    >>> valid_digits("12135550123"), valid_digits("4402079460958")
    ('12135550123', None)
    """
    entry = _QUICK.get(digits[:3])
    if entry is None:
        entry = _quick_entry(digits)
    k, table, code = entry
    if code is not None:
        if code.route_width:  # a code several regions share: route on the leading digits
            key = digits[k : k + code.route_width]
            routed = code.routes.get(key)
            table = routed if routed is not None else _route(code, key)
        if code.npp_nullable and not npp_keeps(code, digits, k):
            return None
    pat = table.get(len(digits) - k)
    # match from k, not on a slice: no metadata pattern looks behind or uses ^ (tested)
    if pat is not None and pat.match(digits, k) is not None:
        return digits
    return None
