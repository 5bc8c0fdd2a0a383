"""The send-loop shortcut (``_numfast.valid_digits`` behind ``numbers._fast_digits``).

``normalize_number``, ``prepare_recipients`` and ``stream_recipients`` take the shortcut for
``+E.164`` and bare digits. It may only say "valid, and E.164 is ``+`` + these digits" when
the full reading (``fast_check``, itself checked against phonenumbers in
test_numbers_fastpath.py) says exactly that, and it must say it for every such number
except those with a national prefix written after the country code. These tests check
both directions against phonenumbers and ``fast_check``, the routing of country codes that
several regions share, and that every public answer is unchanged.
"""

from __future__ import annotations

import importlib
import itertools
import random
import re
from collections.abc import Iterator
from typing import Any

import phonenumbers
import pytest
from _corpus import examples
from hypothesis import given
from hypothesis import strategies as st

from smscore import (
    InvalidNumber,
    Recipients,
    check_number,
    normalize_number,
    prepare_recipients,
    stream_recipients,
)
from smscore.numbers import _fast as _numfast
from smscore.numbers._core import _fast_digits


def strips_national_prefix(digits: str) -> bool:
    """Whether the national prefix pattern matches after the country code (fast_check's job)."""
    codes = _numfast._code_map()
    cc = next(digits[:k] for k in (1, 2, 3) if digits[:k] in codes)  # as _extract_country_code
    entry = codes[cc]
    assert entry is not None  # built by the fast_check call before this one
    return entry.npp is not None and entry.npp.match(digits[len(cc) :]) is not None


def expected_quick(digits: str) -> str | None:
    """What valid_digits must answer, from fast_check (differentially equal to phonenumbers)."""
    full = _numfast.fast_check(digits)
    if full is None or not full[1] or full[0] != "+" + digits:
        return None
    return None if strips_national_prefix(digits) else digits


@pytest.fixture
def pattern_cache() -> Iterator[None]:
    # phonenumbers as installed recompiles every pattern per call; its own cache makes the
    # reference fast enough for tens of thousands of numbers (answers are the same).
    phonenumbers.re_util.enable_pattern_cache()
    yield
    phonenumbers.re_util._COMPILED_PATTERNS = None  # type: ignore[attr-defined]


@pytest.mark.usefixtures("pattern_cache")
def test_valid_digits_matches_phonenumbers_on_generated_corpus() -> None:
    rng = random.Random(7)
    settled = 0
    declined_valid = []
    candidates = 0
    for digits in examples():
        for k in range(24):
            if k == 0:
                candidate = digits
            elif k < 16:  # another number in the same range
                candidate = digits[:-4] + f"{rng.randrange(10_000):04d}"
            elif k < 20:  # one digit more or less
                candidate = digits[:-1] if k < 18 else digits + str(rng.randrange(10))
            else:  # a national prefix (or junk) after the country code
                at = rng.randrange(1, 4)
                candidate = digits[:at] + rng.choice(["0", "1", "8", "9"]) + digits[at:]
            candidates += 1
            quick = _numfast.valid_digits(candidate)
            try:
                number = phonenumbers.parse("+" + candidate)
            except phonenumbers.NumberParseException:
                assert quick is None, candidate
                continue
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            valid = phonenumbers.is_valid_number(number)
            if quick is not None:
                assert (quick, e164, valid) == (candidate, "+" + candidate, True)
                settled += 1
            elif valid and e164 == "+" + candidate:
                declined_valid.append(candidate)
    assert candidates > 20_000
    # the shortcut settles most valid numbers; the ones it leaves carry a national prefix
    assert settled > candidates // 3
    assert [d for d in declined_valid if not strips_national_prefix(d)] == []


def test_valid_digits_agrees_with_fast_check_for_every_route_of_shared_codes() -> None:
    # Country codes several regions share are routed on their first national digits: every
    # key of every routed code, at every length some region can validate, two fills each.
    routed = []
    for cc in ("1", "7", "39", "44", "47", "61", "212", "262", "290", "358", "590", "599"):
        _numfast.fast_check(cc + "2345678901")  # build the code's tables
        entry = _numfast._code_map()[cc]
        assert entry is not None
        lengths = sorted({n for _, table in entry.regions for n in table})
        width = entry.route_width
        if width:
            routed.append(cc)
        keys = [f"{i:0{width}d}" for i in range(10**width)] if width else [""]
        mismatches = []
        for key in keys:
            for n in lengths:
                for fill in ("2345678901234567", "9876543210987654"):
                    nsn = (key + fill)[:n]
                    digits = cc + nsn
                    if _numfast.valid_digits(digits) != expected_quick(digits):
                        mismatches.append(digits)
        assert mismatches == [], cc
    assert routed == ["1", "7", "47", "212", "290", "358", "599"]
    # +1 routes on 4 national digits (the Dominican Republic's "8001"): 10**4 keys at most
    nanpa = _numfast._code_map()["1"]
    assert nanpa is not None
    assert nanpa.route_width == 4
    assert sum(len(key) == 4 for key in nanpa.routes) == 10**4


def test_routing_exact_cases() -> None:
    # +1 868: Trinidad and Tobago's leading digits route there; +1 268 555: Antigua's
    # leading digits choose Antigua, where 555 is not assigned, so not valid (as
    # phonenumbers: region_code_for_number stops at the first leading-digits match).
    assert _numfast.valid_digits("18682911234") == "18682911234"
    assert _numfast.valid_digits("12684601234") == "12684601234"
    assert _numfast.valid_digits("12685550123") is None
    assert check_number("+12685550123").reason == "possible but not an assigned range"
    # the Dominican Republic's "8001|8[024]9": 800 numbers stay with the US toll-free plan
    assert _numfast.valid_digits("18002345678") == "18002345678"
    assert _numfast.valid_digits("18001234567") is None
    assert _numfast.valid_digits("18091234567") == "18091234567"
    # +7: Russia [3489], Kazakhstan 7
    assert _numfast.valid_digits("79123456789") == "79123456789"
    assert _numfast.valid_digits("77012345678") == "77012345678"
    # a national prefix after the code is fast_check's to strip
    assert _numfast.valid_digits("4402079460958") is None
    assert normalize_number("+44 0 20 7946 0958") == "+442079460958"
    # no known code, a leading 0, too long for any country
    assert _numfast.valid_digits("999123456") is None
    assert _numfast.valid_digits("0012135550123") is None
    assert _numfast.valid_digits("1" + "2" * 19) is None


Regions = tuple[tuple[re.Pattern[str] | None, dict[int, re.Pattern[str]]], ...]


def walk(regions: Regions, nsn: str) -> bool:
    """phonenumbers' region_code_for_number, then is_valid_number for that region."""
    for lead, table in regions:
        pat = table.get(len(nsn))
        if lead is None:
            if pat is not None and pat.match(nsn) is not None:
                return True  # the first region without leading digits that validates it
        elif lead.match(nsn) is not None:
            return pat is not None and pat.match(nsn) is not None  # chosen, valid or not
    return False  # no region: not valid


def test_routing_and_alternation_logic_on_overlapping_synthetic_regions() -> None:
    # Regions that overlap in every way the walk cares about: a region without leading
    # digits before and after ones with them, leading digits that overlap ("3|22" takes
    # "33..." before "33" is tried), and a national prefix "0" that must decline.
    def table(**by_length: str) -> dict[int, re.Pattern[str]]:
        return {int(n[1:]): re.compile(f"(?:{p})\\Z") for n, p in by_length.items()}

    regions: Regions = (
        (None, table(n3="1[0-3]{2}", n4="1[0-3]{3}|0[0-3]{3}")),
        (re.compile("2"), table(n3="2[0-3]1", n4="2[0-3]{3}")),
        (None, table(n3="2[0-3]{2}|3[0-3]{2}", n2="3[0-3]")),
        (re.compile("3|22"), table(n3="3[01][0-3]", n2="22")),
        (re.compile("33"), table(n4="33[0-3]{2}")),
    )
    width = _numfast._route_width(regions)
    assert width == 2
    code = _numfast._Code(
        npp=re.compile("0"),
        rule=None,
        general=None,
        length_status=(),
        regions=regions,
        quick={},
        route_width=width,
        npp_nullable=False,
    )
    nested = _numfast._quick_table("0", regions)
    valid = 0
    for n in (1, 2, 3, 4, 5):
        for chars in itertools.product("01234", repeat=n):
            nsn = "".join(chars)
            expected = not nsn.startswith("0") and walk(regions, nsn)
            valid += expected
            routed = _numfast._route(code, nsn[:width]).get(n)
            alternation = nested.get(n)
            # matched from a position, as valid_digits matches after the country code
            assert (routed is not None and routed.match("9" + nsn, 1) is not None) == expected
            assert (alternation is not None and alternation.match("9" + nsn, 1) is not None) == (
                expected
            ), nsn
    assert valid == 168  # of 3905 national numbers: both answers are exercised


def test_metadata_patterns_can_be_matched_from_a_position() -> None:
    # valid_digits matches at the country code's length instead of slicing: sound only
    # while no pattern anchors at the string start or looks behind.
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata

    attrs = (*_numfast._TYPE_ATTRS, "mobile", "general_desc")
    checked = 0
    for cc, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            meta: Any = (
                PhoneMetadata.metadata_for_nongeo_region(cc)
                if region == "001"
                else PhoneMetadata.metadata_for_region(region)
            )
            if meta is None:
                continue
            texts = [meta.national_prefix_for_parsing, meta.leading_digits]
            texts += [getattr(getattr(meta, a), "national_number_pattern", None) for a in attrs]
            for text in texts:
                if text:
                    checked += 1
                    assert not any(t in text for t in ("^", "(?<", "\\b", "\\B", "\\A")), text
    assert checked > 1500


def test_argentina_national_prefix_that_can_match_nothing() -> None:
    # AR's prefix pattern "0?(?:(11|...)?15)?" matches the empty string: the shortcut
    # keeps numbers where it matches nothing and declines "15" (fast_check rewrites those).
    assert _numfast.valid_digits("5491123456789") == "5491123456789"
    assert _numfast.valid_digits("541123456789") == "541123456789"
    assert _numfast.valid_digits("54111523456789") is None
    assert normalize_number("+54 11 15 2345 6789") == "+5491123456789"
    entry = _numfast._code_map()["54"]
    assert entry is not None
    assert entry.npp_nullable


def test_nullable_national_prefix_is_checked_in_python(monkeypatch: pytest.MonkeyPatch) -> None:
    # A code whose prefix pattern can match nothing: the table has no guard, so
    # valid_digits keeps a number only when the prefix matches nothing there and no
    # transform group took part (else fast_check may rewrite it).
    def code(npp: str, rule: str | None) -> Any:
        return _numfast._Code(
            npp=re.compile(npp),
            rule=rule,
            general=None,
            length_status=(),
            regions=(),
            quick={},
            route_width=0,
            npp_nullable=True,
        )

    plain, rewrite = code("0?", None), code("(1?)", "9\\1")
    assert [_numfast.npp_keeps(plain, d, 3) for d in ("990123", "990012")] == [True, False]
    assert [_numfast.npp_keeps(rewrite, d, 3) for d in ("990234", "990123")] == [False, False]
    table = {3: re.compile("\\d{3}\\Z")}
    monkeypatch.setitem(_numfast._QUICK, "990", (3, table, plain))
    assert _numfast.valid_digits("990123") == "990123"
    assert _numfast.valid_digits("990012") is None
    ar = _numfast._code_map()["54"]
    assert ar is not None
    assert _numfast.npp_keeps(ar, "541123456789", 2)
    assert not _numfast.npp_keeps(ar, "54111523456789", 2)


def test_without_routing_the_answers_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a Python without re._parser the shared codes use one alternation per length.
    def missing(name: str) -> Any:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", missing)
    _numfast.reset()
    try:
        assert _numfast.loaded_codes() == ()
        for digits in ("18682911234", "12684601234", "18002345678", "79123456789"):
            assert _numfast.valid_digits(digits) == digits
        for digits in ("12685550123", "18001234567", "14415550123"):
            assert _numfast.valid_digits(digits) is None
        nanpa = _numfast._code_map()["1"]
        assert nanpa is not None
        assert nanpa.route_width == 0
        assert 10 in nanpa.quick
        for area in range(200, 1000):
            for tail in ("2345678", "5550123", "4601234"):
                digits = f"1{area}{tail}"
                assert _numfast.valid_digits(digits) == expected_quick(digits), digits
    finally:
        _numfast.reset()  # rebuilt with routing on next use
    assert _numfast.loaded_codes() == ()


def test_fast_digits_shapes() -> None:
    assert _fast_digits("+1 (213) 555-0123", False) == "12135550123"
    assert _fast_digits("tel:+1-213-555-0123", True) == "12135550123"
    assert _fast_digits(" 1.213.555.0123 ", False) == "12135550123"
    assert _fast_digits("+12135550123", True) == "12135550123"
    # with a region, national input is phonenumbers' to read
    assert _fast_digits("2135550123", True) is None
    # shapes the shortcut leaves to the full reading
    for raw in (
        "+１２１３５５５０１２３",  # fullwidth digits
        "+1 213 555 0123 ext. 4",
        "12135550123;13105550199",
        "\t+12135550123",
        "+12135550123" + " " * 250,  # over the input limit, even if it is only spaces
        "++12135550123",
        "12",
        "",
        None,
        12135550123,
    ):
        assert _fast_digits(raw, False) is None, raw


def test_normalize_number_bad_input_on_the_fast_shapes() -> None:
    # argument errors come out the same whether or not the number settles fast
    with pytest.raises(InvalidNumber) as region:
        normalize_number("+12135550123", "XX")
    assert str(region.value) == (
        "region 'XX' is not a region phonenumbers knows (an ISO 3166-1 alpha-2 code such as 'US')"
    )
    with pytest.raises(TypeError, match="region must be a str or None, not int"):
        normalize_number("+12135550123", 5)  # type: ignore[arg-type]
    with pytest.raises(InvalidNumber) as style:
        normalize_number("+12135550123", style="E164")  # type: ignore[arg-type]
    assert style.value.field == "style"
    with pytest.raises(InvalidNumber) as long:
        normalize_number("+12135550123" + " " * 250)
    assert long.value.rule == "input longer than 250 characters"
    assert str(long.value) == (
        "number '+12135550123                            '... (262 characters) is not a "
        "valid phone number (region None): input longer than 250 characters"
    )
    with pytest.raises(InvalidNumber) as short:
        normalize_number("+1213555012")
    assert str(short.value) == (
        "number '+1213555012' is not a valid phone number (region None): too short for the country"
    )
    with pytest.raises(InvalidNumber) as unassigned:
        normalize_number("12685550123", style="digits")
    assert unassigned.value.rule == "possible but not an assigned range"

    class Text(str):
        pass

    assert normalize_number(Text("+1 213 555 0123")) == "+12135550123"
    assert normalize_number("+１２１３５５５０１２３") == "+12135550123"
    assert normalize_number("12135550123", "us", style="digits") == "12135550123"
    assert normalize_number("tel:+44-20-7946-0958", "de") == "+442079460958"


def test_prepare_recipients_with_region_mixes_fast_and_full_readings() -> None:
    raws = ["+1 213 555 0123", "(213) 555-0123", "tel:+12135550123", "213 555 0123 x4", 7]
    assert core(prepare_recipients(raws, "us", "digits")) == core(
        Recipients(
            accepted=("12135550123",),
            duplicates=(("(213) 555-0123", "12135550123"), ("tel:+12135550123", "12135550123")),
            rejected=(
                ("213 555 0123 x4", "has an extension; an SMS goes to one number"),
                (7, "not a string"),
            ),
            batches=(("12135550123",),),
        )
    )


SHAPES = st.sampled_from(["", "+", "tel:+", " ", "+ ", "TEL:+", "(", "00"])
SEPARATORS = st.lists(st.sampled_from(["", "", " ", "-", ".", "(", ")", "\u00a0", "/"]))


@st.composite
def raw_numbers(draw: st.DrawFn) -> str:
    digits = draw(st.sampled_from(examples()))
    if draw(st.booleans()):
        tail = draw(st.text(alphabet="0123456789", max_size=5))
        digits = digits[: max(1, len(digits) - len(tail))] + tail
    seps = draw(SEPARATORS)
    out = draw(SHAPES)
    for i, ch in enumerate(digits):
        out += ch + (seps[i] if i < len(seps) else "")
    return out


@given(raw_numbers(), st.sampled_from([None, "us", "GB", "de"]))
def test_property_normalize_number_equals_check_number(raw: str, region: str | None) -> None:
    check = check_number(raw, region)
    if check.valid:
        assert check.e164 is not None
        assert normalize_number(raw, region) == check.e164
        assert normalize_number(raw, region, style="digits") == check.e164[1:]
    else:
        with pytest.raises(InvalidNumber) as info:
            normalize_number(raw, region)
        assert info.value.rule == check.reason


def core(r: Recipients) -> tuple[Any, ...]:
    """What every input became (the lists' advice and counts are tests/test_recipients.py's)."""
    return (r.accepted, r.duplicates, r.rejected, r.batches)


def reference_recipients(raws: list[Any], region: str | None) -> Recipients:
    """prepare_recipients as DESIGN.md defines it, one check_number call per input."""
    accepted: list[str] = []
    duplicates = []
    rejected = []
    for raw in raws:
        check = check_number(raw, region)
        if not check.valid or check.e164 is None:
            rejected.append((raw, check.reason or ""))
        elif check.e164 in accepted:
            duplicates.append((raw, check.e164))
        else:
            accepted.append(check.e164)
    batches = (tuple(accepted),) if accepted else ()
    return Recipients(
        accepted=tuple(accepted),
        duplicates=tuple(duplicates),
        rejected=tuple(rejected),
        batches=batches,
    )


@given(
    st.lists(st.one_of(raw_numbers(), st.none(), st.text(max_size=12)), max_size=30),
    st.sampled_from([None, "us", "GB"]),
)
def test_property_recipients_equal_one_check_number_per_input(
    raws: list[Any], region: str | None
) -> None:
    expected = reference_recipients(raws, region)
    assert core(prepare_recipients(raws, region)) == core(expected)
    chunks = list(stream_recipients(raws, region, batch_size=1000))
    assert tuple(n for c in chunks for n in c.batch) == expected.accepted
    assert tuple(d for c in chunks for d in c.duplicates) == expected.duplicates
    assert tuple(r for c in chunks for r in c.rejected) == expected.rejected
