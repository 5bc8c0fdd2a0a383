"""National numbers with a region: the fast path gives phonenumbers' answers (issue 11.4).

For every region phonenumbers knows, its example number of every type, written in national
format (and in the other ways a contact list holds national numbers: digits only, with the
country code but no ``+``, after an international prefix, with a digit changed), is read by
``check_number(raw, region)`` / ``normalize_number`` exactly as ``phonenumbers.parse`` +
``is_valid_number`` + ``format_number(E164)`` read it, with ``number_type`` and
``region_code_for_number`` as ``line_type`` and ``region``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache

import phonenumbers
import pytest
from _corpus import reference
from hypothesis import given
from hypothesis import strategies as st
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from smscore import InvalidNumber, check_number, normalize_number
from smscore.numbers import _national
from smscore.numbers._types import LINE_TYPES

TYPES = [v for k, v in vars(PhoneNumberType).items() if k.isupper()]


@pytest.fixture(autouse=True, scope="module")
def pattern_cache() -> Iterator[None]:
    # phonenumbers recompiles its patterns per call unless asked; same answers, faster.
    phonenumbers.re_util.enable_pattern_cache()
    yield
    phonenumbers.re_util._COMPILED_PATTERNS = None  # type: ignore[attr-defined]


@cache
def national_examples() -> tuple[tuple[str, str], ...]:
    """(national format, region) for every region and type phonenumbers has an example of."""
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                out.append((phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL), region))
    return tuple(sorted(set(out)))


def variants(rng: random.Random, text: str, region: str) -> list[str]:
    """The ways a list holds a national number, and near misses of it."""
    digits = phonenumbers.normalize_digits_only(text)
    cc = str(phonenumbers.country_code_for_region(region))
    changed = digits[:-3] + f"{rng.randrange(1000):03d}"
    out = [text, digits, changed, cc + digits, digits[1:], "0" + digits, digits[:-1]]
    out.append(digits + str(rng.randrange(10)))
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is not None and meta.preferred_international_prefix:
        # a number of another country after this region's international prefix
        out.append(meta.preferred_international_prefix + " 44 20 7946 0958")
        out.append(meta.preferred_international_prefix + cc + digits)
    return [v for v in out if v]


def full(raw: str, region: str) -> tuple[object, ...]:
    """phonenumbers' answers: (e164, valid, possible) + (line type, region) when parsed."""
    ref = reference(raw, region)
    assert isinstance(ref, tuple)
    if ref[0] is None:
        return (*ref, None, None)
    number = phonenumbers.parse(raw, region)
    kind = PhoneNumberType.to_string(phonenumbers.number_type(number)).lower()
    return (*ref, kind, phonenumbers.region_code_for_number(number))


def ours(raw: str, region: str) -> tuple[object, ...]:
    c = check_number(raw, region)
    return (c.e164, c.valid, c.possible, c.line_type, c.region)


def test_corpus_covers_every_region() -> None:
    regions = {region for _, region in national_examples()}
    assert regions == set(phonenumbers.SUPPORTED_REGIONS)
    assert len(national_examples()) > 1000


def test_every_region_and_type_example_in_national_format() -> None:
    mismatches = []
    decided = total = 0
    rng = random.Random(20261201)
    for text, region in national_examples():
        for raw in variants(rng, text, region):
            total += 1
            expected = full(raw, region)
            got = ours(raw, region)
            if got != expected:
                mismatches.append((raw, region, got, expected))
            digits = raw.replace(" ", "")
            if digits.isdigit() and len(digits) >= 3:
                decided += _national.fast_national(digits, region) is not None
            if expected[1]:
                assert normalize_number(raw, region.lower()) == expected[0]
                assert normalize_number(raw, region, style="digits") == str(expected[0])[1:]
            else:
                with pytest.raises(InvalidNumber):
                    normalize_number(raw, region)
    assert mismatches == []
    assert total > 8000
    # the national fast path settles nearly all of them without phonenumbers
    assert decided > total * 0.85


def test_valid_national_agrees_with_the_full_reading() -> None:
    rng = random.Random(7)
    settled = total = 0
    for text, region in national_examples():
        for raw in variants(rng, text, region):
            digits = phonenumbers.normalize_digits_only(raw)
            if len(digits) < 3 or raw.startswith("+"):
                continue
            total += 1
            quick = _national.valid_national(digits, region)
            check = check_number(digits, region)
            if quick is not None:
                settled += 1
                assert (check.e164, check.valid) == ("+" + quick, True), (raw, region)
    assert settled > total * 0.4


@pytest.mark.parametrize(
    ("raw", "region", "e164", "line_type", "where"),
    [
        ("020 7946 0958", "GB", "+442079460958", "fixed_line", "GB"),
        ("07400 123456", "gb", "+447400123456", "mobile", "GB"),
        ("(213) 555-0123", "US", "+12135550123", "fixed_line_or_mobile", "US"),
        ("1 213 555 0123", "US", "+12135550123", "fixed_line_or_mobile", "US"),
        ("(613) 555-0123", "CA", "+16135550123", "fixed_line_or_mobile", "CA"),
        ("(613) 555-0123", "US", "+16135550123", "fixed_line_or_mobile", "CA"),
        ("1-800-555-0199", "US", "+18005550199", "toll_free", "US"),
        ("0044 20 7946 0958", "DE", "+442079460958", "fixed_line", "GB"),
        ("011 44 20 7946 0958", "US", "+442079460958", "fixed_line", "GB"),
        # Argentina: "15" after the area code is rewritten to a leading 9 (transform rule)
        ("011 15-2345-6789", "AR", "+5491123456789", "mobile", "AR"),
        ("0343 15-555-1212", "AR", "+5493435551212", "mobile", "AR"),
    ],
)
def test_national_exact(raw: str, region: str, e164: str, line_type: str, where: str) -> None:
    check = check_number(raw, region)
    assert (check.e164, check.valid, check.line_type, check.region) == (
        e164,
        True,
        line_type,
        where,
    )
    assert full(raw, region.upper()) == (e164, True, True, line_type, where)


DIGITS = st.text(alphabet="0123456789", min_size=3, max_size=17)


@given(
    st.sampled_from(national_examples()),
    DIGITS,
    st.sampled_from(["", "0", "00", "1", "011", "15", "8", "+"]),
)
def test_property_near_real_national_numbers(
    example: tuple[str, str], tail: str, prefix: str
) -> None:
    text, region = example
    digits = phonenumbers.normalize_digits_only(text)
    raw = prefix + digits[: max(1, len(digits) - len(tail) // 3)] + tail[: len(tail) // 3]
    assert ours(raw, region) == full(raw, region)


def test_line_types_are_phonenumbers_names() -> None:
    names = {PhoneNumberType.to_string(v).lower() for v in TYPES}
    assert set(LINE_TYPES) == names
