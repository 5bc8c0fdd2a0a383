"""Shared test corpora (imported by several test modules)."""

from __future__ import annotations

from functools import cache

import phonenumbers
from phonenumbers import PhoneNumberType


@cache
def examples() -> tuple[str, ...]:
    """E.164 digits of every example number phonenumbers has: every region, every type."""
    types = [v for k, v in vars(PhoneNumberType).items() if k.isupper()]
    out = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in types:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                out.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        number = phonenumbers.example_number_for_non_geo_entity(code)
        if number is not None:
            out.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return tuple(sorted(d[1:] for d in out))
