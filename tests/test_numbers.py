"""normalize_number / check_number: exact values for every reading in issue 3."""

from __future__ import annotations

import pickle
import subprocess
import sys

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

import smscore
from smscore import InvalidNumber, NumberCheck, check_number, normalize_number
from smscore import numbers as nb
from smscore.numbers import _fast as _numfast


def ok(e164: str) -> NumberCheck:
    return NumberCheck(e164=e164, valid=True, possible=True, reason=None)


def bad(reason: str, e164: str | None = None, possible: bool = False) -> NumberCheck:
    return NumberCheck(e164=e164, valid=False, possible=possible, reason=reason)


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        # +E.164 and bare digits (country code first) without a region
        ("+12135550123", None, ok("+12135550123")),
        ("12135550123", None, ok("+12135550123")),
        ("+1 (213) 555-0123", None, ok("+12135550123")),
        ("1-213-555-0123", None, ok("+12135550123")),
        ("1.213.555.0123", None, ok("+12135550123")),
        ("  +1 213 555 0123\n", None, ok("+12135550123")),
        ("+442079460958", None, ok("+442079460958")),
        # the national-prefix trap: phonenumbers strips a 0 written after the code
        ("+44 0 20 7946 0958", None, ok("+442079460958")),
        ("+44 (0)20 7946 0958", None, ok("+442079460958")),
        ("440207946 0958", None, ok("+442079460958")),
        # Argentina: national prefix with a transform rule (9 for mobiles)
        ("+54 9 11 2345 6789", None, ok("+5491123456789")),
        ("541123456789", None, ok("+541123456789")),
        # non-geographic (toll-free +800) and NANPA regions other than the US
        ("+800 1234 5678", None, ok("+80012345678")),
        ("+1 684 733 1234", None, ok("+16847331234")),
        # with a region, case-insensitive: national numbers, IDD prefixes, tel: URIs
        ("2135550123", "us", ok("+12135550123")),
        ("(213) 555-0123", "US", ok("+12135550123")),
        ("020 7946 0958", "gb", ok("+442079460958")),
        ("0044 20 7946 0958", "GB", ok("+442079460958")),
        ("011 44 20 7946 0958", "us", ok("+442079460958")),
        ("+442079460958", "us", ok("+442079460958")),
        ("tel:+1-213-555-0123", None, ok("+12135550123")),
        ("tel:213-555-0123;phone-context=+1", None, ok("+12135550123")),
        # vanity letters, Unicode digits, non-breaking spaces
        ("1-800-FLOWERS", "us", ok("+18003569377")),
        ("＋１ ２１３ ５５５ ０１２３", None, ok("+12135550123")),
        ("+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨", None, ok("+442079460958")),
        ("(213)\u00a0555-0123", "us", ok("+12135550123")),
        # not valid, with phonenumbers' flags and the reason in words
        ("2135550123", None, bad("too short for the country", "+2135550123")),
        ("+1 213 555 01234", None, bad("too long for the country", "+121355501234")),
        ("+1 310 123 4567", None, bad("possible but not an assigned range", "+13101234567", True)),
        ("+999 123 456", None, bad("invalid country code")),
        ("0044 20 7946 0958", None, bad("national format: give a region")),
        ("+123456789012345678901", None, bad("too long to be a phone number")),
        ("abc", None, bad("not a number")),
        ("+1", None, bad("not a number")),
        ("12", None, bad("not a number")),
        # an SMS goes to one number: extensions are rejected, never silently dropped
        (
            "+1 213 555 0123 ext. 45",
            None,
            bad("has an extension; an SMS goes to one number", "+12135550123", True),
        ),
        (
            "12135550123;13105550199",
            None,
            bad("has an extension; an SMS goes to one number", "+12135550123", True),
        ),
        (
            "(213) 555-0123 x45",
            "us",
            bad("has an extension; an SMS goes to one number", "+12135550123", True),
        ),
        # hostile input, refused before phonenumbers sees it
        (None, None, bad("not a string")),
        (12135550123, None, bad("not a string")),
        (b"+12135550123", None, bad("not a string")),
        ("", None, bad("empty")),
        (" \t\u00a0", None, bad("empty")),
        ("+1213555\x000123", None, bad("contains a control character")),
        ("+1213555\t0123", None, bad("contains a control character")),
        ("+1 213 555 0123\x85x", None, bad("contains a control character")),
        # digits of several scripts in one number: phonenumbers reads them (issue 11)
        ("+1 213 ٥٥٥ 0123", None, ok("+12135550123")),
        ("+1 ２１３ 555 0123", None, ok("+12135550123")),
        ("+1" + "2" * 249, None, bad("input longer than 250 characters")),
        ("9" * 10_000_000, None, bad("input longer than 250 characters")),
    ],
)
def test_check_number_exact(raw: object, region: str | None, expected: NumberCheck) -> None:
    got = check_number(raw, region)
    assert (got.e164, got.valid, got.possible, got.reason) == (
        expected.e164,
        expected.valid,
        expected.possible,
        expected.reason,
    )


def test_digits_style_and_property() -> None:
    assert normalize_number("+1 (213) 555-0123", style="digits") == "12135550123"
    assert normalize_number("020 7946 0958", "gb", style="digits") == "442079460958"
    assert check_number("+442079460958").digits == "442079460958"
    assert check_number("abc").digits is None


def test_normalize_number_error_names_input_region_and_reason() -> None:
    with pytest.raises(InvalidNumber) as info:
        normalize_number("213555012", "us")
    err = info.value
    assert str(err) == (
        "number '213555012' is not a valid phone number (region US): too short for the country"
    )
    assert (err.field, err.value, err.rule) == ("number", "213555012", "too short for the country")
    assert isinstance(err, ValueError)
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.field, again.value, again.rule) == (
        str(err),
        err.field,
        err.value,
        err.rule,
    )


def test_normalize_number_error_truncates_huge_input() -> None:
    raw = "5" * 10_000_000
    with pytest.raises(InvalidNumber) as info:
        normalize_number(raw)
    assert str(info.value) == (
        "number '5555555555555555555555555555555555555555'... (10000000 characters) "
        "is not a valid phone number (region None): input longer than 250 characters"
    )


def test_normalize_number_extension_and_none() -> None:
    with pytest.raises(InvalidNumber, match=r"has an extension; an SMS goes to one number$"):
        normalize_number("12135550123;13105550199")
    with pytest.raises(InvalidNumber) as info:
        normalize_number(None)
    assert str(info.value) == "number None is not a valid phone number (region None): not a string"


def test_unknown_region_and_bad_arguments() -> None:
    with pytest.raises(InvalidNumber) as info:
        check_number("2135550123", "XX")
    assert str(info.value) == (
        "region 'XX' is not a region phonenumbers knows (an ISO 3166-1 alpha-2 code such as 'US')"
    )
    assert (info.value.field, info.value.value, info.value.rule) == (
        "region",
        "XX",
        "unknown region",
    )
    with pytest.raises(TypeError, match="region must be a str or None, not int"):
        normalize_number("2135550123", 1)  # type: ignore[arg-type]
    with pytest.raises(InvalidNumber) as style:
        normalize_number("+12135550123", style="E164")  # type: ignore[arg-type]
    assert str(style.value) == (
        "style 'E164' is not one of 'e164' ('+12135550123') or 'digits' ('12135550123')"
    )
    assert style.value.field == "style"


def test_fast_path_status_codes_are_phonenumbers_values() -> None:
    vr = phonenumbers.ValidationResult
    assert (
        _numfast.S_POSSIBLE,
        _numfast.S_INVALID_CC,
        _numfast.S_TOO_SHORT,
        _numfast.S_TOO_LONG,
        _numfast.S_LOCAL_ONLY,
        _numfast.S_INVALID_LENGTH,
    ) == (
        vr.IS_POSSIBLE,
        vr.INVALID_COUNTRY_CODE,
        vr.TOO_SHORT,
        vr.TOO_LONG,
        vr.IS_POSSIBLE_LOCAL_ONLY,
        vr.INVALID_LENGTH,
    )
    exc = phonenumbers.NumberParseException
    assert [
        exc.INVALID_COUNTRY_CODE,
        exc.NOT_A_NUMBER,
        exc.TOO_SHORT_AFTER_IDD,
        exc.TOO_SHORT_NSN,
        exc.TOO_LONG,
    ] == [0, 1, 2, 3, 4]


def test_tables_are_built_lazily_per_country_code() -> None:
    code = (
        "import sys, smscore; from smscore.numbers import _fast as _numfast; "
        "before = 'phonenumbers' in sys.modules; "
        "smscore.normalize_number('+442079460958'); "
        "print(before, _numfast.loaded_codes())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "False ('44',)"


def test_public_names() -> None:
    assert smscore.normalize_number is normalize_number
    assert smscore.check_number is check_number
    assert set(nb.__all__) <= set(vars(nb))


VALID = st.sampled_from(
    [
        "+12135550123",
        "+442079460958",
        "+5491123456789",
        "+80012345678",
        "+16847331234",
        "+33612345678",
        "+819012345678",
        "+4915123456789",
    ]
)
SEPARATOR = st.sampled_from(["", " ", "-", ".", "\u00a0"])


@given(VALID, SEPARATOR)
def test_property_normalizing_a_normalized_number_gives_it_back(e164: str, sep: str) -> None:
    spaced = e164[:3] + sep + e164[3:6] + sep + e164[6:]
    once = normalize_number(spaced)
    assert once == e164
    assert normalize_number(once) == once
    assert normalize_number(normalize_number(spaced, style="digits")) == once


@given(st.text(max_size=30), st.sampled_from([None, "US", "gb", "de", "IN"]))
def test_property_digits_and_e164_agree_and_never_raise(raw: str, region: str | None) -> None:
    check = check_number(raw, region)
    assert check.valid == (check.reason is None)
    if not check.valid:
        with pytest.raises(InvalidNumber) as info:
            normalize_number(raw, region)
        assert info.value.rule == check.reason
        return
    e164 = normalize_number(raw, region)
    assert e164 == check.e164
    assert normalize_number(raw, region, style="digits") == e164[1:]
