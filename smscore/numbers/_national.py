"""National numbers read for a region at the fast path's speed, exactly as ``parse`` does.

``phonenumbers.parse(digits, region)`` for ASCII digits without ``+`` takes three steps
before validity, each reproduced here from the region's metadata (built once per region):

* an international prefix (``00``, ``011``, ...; ``metadata.international_prefix``) is
  stripped unless a 0 follows it (``_parse_prefix_as_idd``); the rest is then read as
  ``"+" + rest`` (:func:`smscore.numbers._fast.fast_check`);
* digits that begin with the region's own country code lose it when the number without
  the code (and its national prefix) fits the general pattern and the whole does not, or
  when the whole is too long (``_maybe_extract_country_code``); the national prefix is
  then stripped with the main region's metadata of the code;
* otherwise the national prefix is stripped with the region's metadata, with its
  transform rule (``national_prefix_transform_rule``: Argentina's 15 -> 9) and the
  viability and length checks (``_maybe_strip_national_prefix_carrier_code``).

Validity, region and line type are then :func:`smscore.numbers._fast.finish`'s.
:func:`valid_national` is the send-loop question ("valid, and which number?") in one
dict lookup, two prefix matches and :func:`smscore.numbers._fast.valid_digits`.
"""

from __future__ import annotations

import re
from typing import Any

from . import _fast
from ._fast import (
    S_INVALID_LENGTH,
    S_LOCAL_ONLY,
    S_TOO_LONG,
    S_TOO_SHORT,
    FastResult,
    _cc_of,
    _Code,
    _length_table,
    _Prefix,
    _status,
    _viable,
    fast_check,
    finish,
    strip_prefix,
    valid_digits,
)

__all__ = ["fast_national", "valid_national"]

# parse() keeps a stripped national number only when its length is none of these.
_UNUSABLE = (S_TOO_SHORT, S_LOCAL_ONLY, S_INVALID_LENGTH)


class _Region(_Prefix):
    """One region's reading of national input (its code, prefixes and lengths)."""

    __slots__ = ("cc", "code", "idd")

    def __init__(self, meta: Any, code: _Code) -> None:
        npp_text = meta.national_prefix_for_parsing
        general = meta.general_desc.national_number_pattern if meta.general_desc else None
        super().__init__(
            npp=re.compile(npp_text) if npp_text else None,
            rule=meta.national_prefix_transform_rule or None,
            general=re.compile(general) if general else None,
            length_status=_length_table(meta),
            npp_nullable=bool(npp_text) and re.match(npp_text, "") is not None,
        )
        self.cc = str(meta.country_code)
        self.code = code
        idd = meta.international_prefix
        self.idd = re.compile(idd) if idd else None


def _region(key: str) -> _Region:
    entry = _fast.REGIONS.get(key)
    if entry is None:
        from phonenumbers import PhoneMetadata

        meta: Any = PhoneMetadata.metadata_for_region(key)
        found = _cc_of(str(meta.country_code))
        assert found is not None  # a supported region's code is a known code
        entry = _fast.REGIONS[key] = _Region(meta, found[1])
    region: _Region = entry
    return region


def fast_national(digits: str, key: str) -> FastResult | None:
    """``parse(digits, key)`` + validity, region and type; ``None`` when phonenumbers decides.

    ``digits``: ASCII digits only, at least 3, no ``+``; ``key``: a supported region in
    upper case.

    >>> fast_national("02079460958", "GB")
    ('+442079460958', True, True, 0, 'GB', 'fixed_line')
    """
    r = _region(key)
    idd = r.idd
    if idd is not None:
        m = idd.match(digits)
        if m is not None:
            rest = digits[m.end() :]
            if rest[:1] != "0":  # _parse_prefix_as_idd: codes never start with 0
                # TOO_SHORT_AFTER_IDD for 2 digits or fewer is phonenumbers' to say
                return fast_check(rest) if len(rest) > 2 else None
    cc = r.cc
    if digits.startswith(cc):
        # _maybe_extract_country_code for the default region's own code
        potential = strip_prefix(r, digits[len(cc) :])
        if (not _viable(r, digits) and _viable(r, potential)) or _status(
            r, len(digits)
        ) == S_TOO_LONG:
            return finish(r.code, r.code, cc, potential)
    return finish(r.code, r, cc, digits)


def valid_national(digits: str, key: str) -> str | None:
    """Country code + national number when ``digits`` is valid as written, else ``None``.

    For national numbers without an international prefix or a leading country code: the
    national prefix is stripped as :func:`fast_national` strips it, and the number is the
    code + the rest, valid when :func:`valid_digits` says so. ``None`` means "ask
    :func:`fast_national`".

    >>> valid_national("2135550123", "US"), valid_national("02079460958", "GB")
    ('12135550123', '442079460958')
    """
    r = _fast.REGIONS.get(key)
    if r is None:
        r = _region(key)
    if r.idd is not None and r.idd.match(digits) is not None:
        return None
    if digits.startswith(r.cc):
        return None
    npp = r.npp
    if npp is not None:
        m = npp.match(digits)
        if m is not None:
            groups = m.groups()
            if m.end() or (r.rule is not None and groups[len(groups) - 1] is not None):
                # the national prefix (trunk prefix, carrier code, transform), as finish()
                # strips it: kept only when the rest is viable and of a usable length
                candidate = strip_prefix(r, digits)
                if candidate is not digits:
                    if _status(r, len(candidate)) in _UNUSABLE:
                        return None
                    digits = candidate
    # valid_digits answers for code + digits when the code's main national prefix has
    # nothing to strip there either, which is then finish()'s reading too
    return valid_digits(r.cc + digits)
