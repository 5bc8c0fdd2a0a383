"""Shared test corpora (imported by several test modules)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import phonenumbers
from phonenumbers import PhoneNumberType

NATIONAL = "national"  # reference(): the no-region national-format rejection
_START = re.compile("[+\uff0b\\d]")  # phonenumberutil._VALID_START_CHAR


def _opens(label: str) -> bool:
    """The label's last visible character (not a space, not a format character) is "("."""
    visible = [c for c in label if not c.isspace() and unicodedata.category(c) != "Cf"]
    return bool(visible) and visible[-1] in "(\uff08"


def reference(raw: str, region: str | None = None) -> tuple[str | None, bool, bool] | str:
    """DESIGN.md's reading in phonenumbers' public API: (e164, valid, possible).

    With a region, ``parse(raw, region)``. Without one, input whose first digit (the first
    character phonenumbers starts a number at) is 0 or follows "(" (spaces and invisible
    characters between them aside) is national format
    (``NATIONAL``); else a "+" is put before that digit (country code first). An RFC 3966
    phone-context gives the country: such input goes to phonenumbers as it is.
    """
    text = raw.strip()
    if region is None and ";phone-context=" not in text:
        m = _START.search(text)
        if m is not None and m.group() not in "+\uff0b":
            if unicodedata.decimal(m.group()) == 0 or _opens(text[: m.start()]):
                return NATIONAL
            text = text[: m.start()] + "+" + text[m.start() :]
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return (None, False, False)
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        phonenumbers.is_valid_number(number) and not number.extension,
        phonenumbers.is_possible_number(number),
    )


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
