"""The send's shortcut (``_sms.sms_digits`` behind every provider's recipient intake).

It may only say "valid as written, on a line that takes SMS" when the full reading
(``fast_check``, itself checked against phonenumbers in test_numbers_fastpath.py) says the
number is valid, its E.164 form is ``+`` + these digits and its line type is outside
``NO_SMS_LINE_TYPES``; and it must say it for every such number ``valid_digits`` settles,
or a send would pay for the full reading again. Every provider's intake must give the same
answer, advice included, with the shortcut and without it.
"""

from __future__ import annotations

import importlib
import random

import phonenumbers
import pytest
from _corpus import examples

from smscore.numbers import _fast as _numfast
from smscore.numbers import _sms
from smscore.numbers._types import NO_SMS_LINE_TYPES
from smscore.providers import _common
from smscore.providers._common import Recipient, intake


def expected_facts(digits: str) -> tuple[str, str] | None:
    """What quick_facts must answer: fast_check's region and type of a number valid as written."""
    full = _numfast.fast_check(digits)
    if full is None or not full[1] or full[0] != "+" + digits:
        return None
    if _numfast.valid_digits(digits) != digits:
        return None  # a national prefix written after the code: the full reading strips it
    assert full[4] is not None
    return full[4], full[5]


def expected(digits: str) -> str | None:
    facts = expected_facts(digits)
    return None if facts is None or facts[1] in NO_SMS_LINE_TYPES else digits


def _variants(rng: random.Random) -> list[str]:
    out = []
    for digits in examples():
        out.append(digits)
        out += [digits[:-4] + f"{rng.randrange(10_000):04d}" for _ in range(6)]
        out.append(digits[:-1])
        out.append(digits + str(rng.randrange(10)))
        at = rng.randrange(1, 4)
        out.append(digits[:at] + rng.choice("0189") + digits[at:])
    return [d for d in out if len(d) >= 3]


def test_sms_digits_is_exact_on_the_corpus() -> None:
    candidates = _variants(random.Random(11))
    wrong = [d for d in candidates if _sms.sms_digits(d) != expected(d)]
    assert wrong == []
    wrong = [d for d in candidates if _sms.quick_facts(d) != expected_facts(d)]
    assert wrong == []
    settled = sum(_sms.sms_digits(d) is not None for d in candidates)
    refused_by_type = sum(
        _numfast.valid_digits(d) == d and _sms.sms_digits(d) is None for d in candidates
    )
    assert len(candidates) > 10_000
    assert settled > len(candidates) // 5
    assert refused_by_type > 500  # landlines, toll-free...: the full reading gives advice


def test_sms_digits_against_phonenumbers_line_types() -> None:
    phonenumbers.re_util.enable_pattern_cache()
    try:
        for region in ("US", "GB", "DE", "FR", "BR", "IN", "AR", "MX", "JP", "AU"):
            for kind in range(11):
                example = phonenumbers.example_number_for_type(region, kind)
                if example is None:
                    continue
                digits = f"{example.country_code}{example.national_number}"
                name = phonenumbers.PhoneNumberType.to_string(
                    phonenumbers.number_type(example)
                ).lower()
                sms_ok = phonenumbers.is_valid_number(example) and name not in NO_SMS_LINE_TYPES
                got = _sms.sms_digits(digits)
                assert got is None or sms_ok, (region, kind, digits)
                if sms_ok and _numfast.valid_digits(digits) == digits:
                    assert got == digits, (region, kind, digits)
    finally:
        phonenumbers.re_util._COMPILED_PATTERNS = None  # type: ignore[attr-defined]


def test_sms_digits_exact_for_every_route_of_shared_codes() -> None:
    for cc in ("1", "7", "39", "44", "47", "61", "212", "262", "290", "358", "590", "599"):
        _numfast.fast_check(cc + "2345678901")
        entry = _numfast._code_map()[cc]
        assert entry is not None
        lengths = sorted({n for _, table in entry.regions for n in table})
        width = entry.route_width
        keys = [f"{i:0{width}d}" for i in range(10**width)] if width else [""]
        step = 7 if width == 4 else 1  # +1: every 7th of its 10,000 keys
        mismatches = []
        for key in keys[::step]:
            for n in lengths:
                for fill in ("2345678901234567", "9876543210987654", "5550123456789012"):
                    digits = cc + (key + fill)[:n]
                    if _sms.sms_digits(digits) != expected(digits):
                        mismatches.append(digits)
                    if _sms.quick_facts(digits) != expected_facts(digits):
                        mismatches.append(digits)
        assert mismatches == [], cc


def test_sms_digits_examples() -> None:
    assert _sms.sms_digits("12135550123") == "12135550123"  # fixed_line_or_mobile
    assert _sms.sms_digits("447400123456") == "447400123456"  # GB mobile
    assert _sms.sms_digits("442079460958") is None  # GB fixed line: advice, full reading
    assert _sms.sms_digits("18002345678") is None  # toll free
    assert _sms.sms_digits("4402079460958") is None  # a national prefix after the code
    assert _sms.sms_digits("999123") is None  # no such country code
    assert _sms.sms_digits("0044123") is None
    assert _sms.quick_facts("442079460958") == ("GB", "fixed_line")
    assert _sms.quick_facts("18002345678") == ("US", "toll_free")
    assert _sms.quick_facts("16135550123") == ("CA", "fixed_line_or_mobile")
    assert _sms.quick_facts("12684601234") == ("AG", "fixed_line")  # routed: leading digits
    assert _sms.quick_facts("4402079460958") is None


def _as_tuple(got: _common.Intake) -> tuple[object, ...]:
    return (
        got.numbers,
        got.e164,
        got.values,
        got.raws,
        got.duplicates,
        got.rejected,
        got.advice,
        got.read,
    )


@pytest.mark.parametrize("style", ["digits", "e164"])
@pytest.mark.parametrize("region", [None, "GB", "US"])
@pytest.mark.parametrize("policy", ["provider", "possible", "valid"])
def test_intake_is_the_same_without_the_shortcut(
    monkeypatch: pytest.MonkeyPatch, style: str, region: str | None, policy: str
) -> None:
    rng = random.Random(5)
    raws: list[object] = [
        rng.choice([digits, "+" + digits, " +" + digits + " ", "tel:+" + digits])
        for digits in _variants(rng)[::9]
    ]
    raws += ["+44 20 7946 0958", "020 7946 0958", "+1 800 234 5678", "12135550123", "+12135550123"]
    raws += [Recipient("+447400123456", {"NAME": "Ada"}), "+447400123456", None, "", "x"]
    fast = intake(raws, region=region, style=style, numbers=policy)  # type: ignore[arg-type]
    monkeypatch.setattr(_common, "sms_digits", lambda digits: None)
    slow = intake(raws, region=region, style=style, numbers=policy)  # type: ignore[arg-type]
    assert _as_tuple(fast) == _as_tuple(slow)
    assert fast.read == len(raws) == len(fast.numbers) + len(fast.duplicates) + len(fast.rejected)


def test_without_routing_the_answers_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a Python without re._parser the shared codes inline their regions' leading digits.
    def missing(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", missing)
    _numfast.reset()
    try:
        nanpa = _numfast._code_map()
        assert _sms.sms_digits("12135550123") == "12135550123"
        entry = nanpa["1"]
        assert entry is not None
        assert entry.route_width == 0
        for cc in ("1", "7"):
            for area in range(200, 1000, 3):
                for tail in ("2345678", "5550123", "4601234"):
                    digits = f"{cc}{area}{tail}"
                    assert _sms.sms_digits(digits) == expected(digits), digits
                    assert _sms.quick_facts(digits) == expected_facts(digits), digits
    finally:
        _numfast.reset()  # rebuilt with routing on next use
    assert _numfast.SMS == {}


def test_a_label_that_opens_an_area_code_is_never_taken_as_written() -> None:
    # hypothesis found "-(6042000000": the label "-(" opens an area code (national format),
    # while the shortcut saw "-" first and read Malaysia's +60 42000000
    from smscore import check_number
    from smscore.numbers._core import _fast_digits

    for raw in ("-(6042000000", " -(604) 200-0000", ".(213) 555-0123", "- 0213 555 0123"):
        assert _fast_digits(raw, False) is None, raw
        assert check_number(raw).reason == "national format: give a region", raw
    assert _fast_digits("-6042000000", False) == "6042000000"
