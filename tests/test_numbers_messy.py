"""Messy input read exactly as phonenumbers reads it (issue 11.1), and national format
without a region refused instead of guessed (issue 11.2).

Differential: digits drawn from several scripts (mixed within one number too), labels in
front, invisible characters around, Unicode separators, with and without a region, against
``phonenumbers.parse`` for DESIGN.md's reading (``_corpus.reference``).
"""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
import pytest
from _corpus import NATIONAL, examples, reference
from hypothesis import example, given
from hypothesis import strategies as st

from smscore import InvalidNumber, check_number, normalize_number
from smscore.numbers import (
    NO_SMS_LINE_TYPES,
    REASON_NATIONAL_FORMAT,
    NumberCheck,
    _core,
    national_reading,
    region_of,
)


@pytest.fixture(autouse=True, scope="module")
def pattern_cache() -> Iterator[None]:
    phonenumbers.re_util.enable_pattern_cache()
    yield
    phonenumbers.re_util._COMPILED_PATTERNS = None  # type: ignore[attr-defined]


# Zero of each script: ASCII, Arabic-Indic, Eastern Arabic-Indic, Devanagari, Bengali,
# Thai, full-width, mathematical bold and monospace (outside the BMP).
ZEROS = (0x30, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10, 0x1D7CE, 0x1D7F6)
LABELS = ("", "Phone: ", "Tel ", "tel:", "Mobile - ", "電話：", "☎ ", "(", "No. ")
INVISIBLE = ("", "\ufeff", "\u200b", "\u200c", "\u200d", "\u200e", "\u2060", "\ufeff\u200b")
SEPARATORS = ("", "", " ", "-", ".", "\u00a0", "\u2010", "\u200b", "\u3000", "\uff0d", "/")
TRAILING = ("", "", "\u200b", "\ufeff", " ", ".", ")", "\u200f", " \ufeff", ",", "#")
PLUS = ("", "+", "\uff0b")


def ours(raw: str, region: str | None = None) -> tuple[str | None, bool, bool] | str:
    check = check_number(raw, region)
    if check.national_format:
        assert (check.e164, check.valid, check.reason) == (None, False, REASON_NATIONAL_FORMAT)
        return NATIONAL
    return (check.e164, check.valid, check.possible)


@st.composite
def messy(draw: st.DrawFn) -> str:
    digits = draw(st.sampled_from(examples()))
    if draw(st.booleans()):
        digits = digits[:-2] + draw(st.text(alphabet="0123456789", min_size=0, max_size=3))
    one_script = draw(st.booleans())
    zero = draw(st.sampled_from(ZEROS))
    out = []
    for d in digits:
        z = zero if one_script else draw(st.sampled_from(ZEROS))
        out.append(chr(z + int(d)) + draw(st.sampled_from(SEPARATORS)))
    return (
        draw(st.sampled_from(INVISIBLE))
        + draw(st.sampled_from(LABELS))
        + draw(st.sampled_from(INVISIBLE))
        + draw(st.sampled_from(PLUS))
        + "".join(out)
        + draw(st.sampled_from(TRAILING))
    )


@given(messy(), st.sampled_from([None, None, "US", "GB", "IN", "EG", "de"]))
@example("\ufeffPhone: +44 ２０ ७९४६ ٠٩٥٨\u200b", None)
@example("Phone: (646) 683-6219", None)
@example("tel:0201234", None)
@example("\u200b(\u200b646) 683-6219", None)
def test_property_messy_input_reads_as_phonenumbers(raw: str, region: str | None) -> None:
    assert ours(raw, region) == reference(raw, region.upper() if region else None)
    check = check_number(raw, region)
    if check.valid:
        assert normalize_number(raw, region) == check.e164
    else:
        with pytest.raises(InvalidNumber) as info:
            normalize_number(raw, region)
        assert info.value.rule == check.reason


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("Phone: +44 20 7946 0958", "+442079460958"),
        ("\ufeff+44 20 7946 0958", "+442079460958"),
        ("\u200b+442079460958\u200b", "+442079460958"),
        ("+44 20 7946 0958\ufeff", "+442079460958"),
        ("+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨", "+442079460958"),  # Arabic-Indic
        ("+۴۴ ۲۰ ۷۹۴۶ ۰۹۵۸", "+442079460958"),  # Eastern Arabic-Indic (Persian)
        ("+४४ २० ७९४६ ०९५८", "+442079460958"),  # Devanagari
        ("+44 २० ७९४६ ०९५८", "+442079460958"),  # two scripts in one number
        ("＋４４ ２０ ７９４６ ０９５８", "+442079460958"),  # full-width
        ("+𝟒𝟒 𝟐𝟎 𝟕𝟗𝟒𝟔 𝟎𝟗𝟓𝟖", "+442079460958"),  # mathematical bold
        ("tel:+1-213-555-0123", "+12135550123"),
        ("Mobile: 1 213 555 0123", "+12135550123"),
        ("+1\u2010213\u2010555\u20100123", "+12135550123"),  # Unicode hyphens
    ],
)
def test_messy_exact_without_region(raw: str, e164: str) -> None:
    assert check_number(raw) == NumberCheck(
        e164=e164,
        valid=True,
        possible=True,
        reason=None,
        line_type="fixed_line_or_mobile" if e164.startswith("+1") else "fixed_line",
        region="US" if e164.startswith("+1") else "GB",
    )
    assert normalize_number(raw) == e164


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("Phone: 020 7946 0958", "GB", "+442079460958"),
        ("\ufeff٠٢٠ ٧٩٤٦ ٠٩٥٨", "GB", "+442079460958"),
        ("☎ (213) 555-0123\u200b", "US", "+12135550123"),
        ("०९८७६ ५४३२१०", "IN", "+919876543210"),
    ],
)
def test_messy_exact_with_region(raw: str, region: str, e164: str) -> None:
    assert check_number(raw, region).e164 == e164
    assert normalize_number(raw, region) == e164


def test_messy_input_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # one folding pass, then the metadata fast path: phonenumbers is not asked
    def refuse(s: str, region: str | None) -> object:
        raise AssertionError(f"phonenumbers asked for {s!r}")

    monkeypatch.setattr(_core, "_slow", refuse)
    for raw, region in [
        ("\ufeffPhone: +44 ２０ ७९४६ ٠٩٥٨\u200b", None),
        ("Tel: ٠٢٠ ٧٩٤٦ ٠٩٥٨", "GB"),
        ("\u200e+𝟏 213 555 0123", None),
        ("(213) 555-0123", "US"),
        ("0044 20 7946 0958", "FR"),
    ]:
        assert check_number(raw, region).e164 in ("+442079460958", "+12135550123")


def test_trailing_text_is_read_as_phonenumbers_reads_it() -> None:
    # phonenumbers turns trailing letters into vanity digits: not valid, never dropped
    check = check_number("+44 20 7946 0958 (work)")
    assert (check.e164, check.valid, check.reason) == (
        "+4420794609589675",
        False,
        "too long for the country",
    )
    assert check_number("+44 20 7946 0958 ext. 12").reason == (
        "has an extension; an SMS goes to one number"
    )
    # an interior byte-order mark is not punctuation to phonenumbers
    assert check_number("+44 20\ufeff7946 0958").reason == "not a number"


NATIONAL_CASES = [
    "(646) 683-6219",
    "  (646) 683-6219",
    "Phone: (646) 683-6219",
    "（646）683-6219",  # full-width parentheses
    "0646 683 6219",
    "020 7946 0958",
    "0044 20 7946 0958",  # an international prefix is read per region too
    "٠٢٠ ٧٩٤٦ ٠٩٥٨",
    "tel:020-7946-0958",
]


@pytest.mark.parametrize("raw", NATIONAL_CASES)
def test_national_format_without_region_is_refused(raw: str) -> None:
    assert check_number(raw) == NumberCheck(
        e164=None,
        valid=False,
        possible=False,
        reason="national format: give a region",
        national_format=True,
    )
    with pytest.raises(InvalidNumber) as info:
        normalize_number(raw)
    assert info.value.rule == REASON_NATIONAL_FORMAT
    assert str(info.value).endswith("(region None): national format: give a region")


def test_national_format_is_read_with_a_region() -> None:
    assert check_number("(646) 683-6219", "US").e164 == "+16466836219"
    assert check_number("020 7946 0958", "GB").national_format is False
    # international forms are never national format
    assert check_number("+1 (646) 683-6219").e164 == "+16466836219"
    assert check_number("(+44) 20 7946 0958").e164 == "+442079460958"
    assert check_number("tel:020-7946-0958;phone-context=+44").e164 == "+442079460958"
    # bare digits stay country code first (the recipient lists flag the ambiguity)
    assert check_number("6466836219").e164 == "+6466836219"
    assert check_number("1 (646) 683-6219").e164 == "+16466836219"


def test_line_types_exact() -> None:
    cases = {
        "+44 20 7946 0958": ("fixed_line", "GB"),
        "+44 7400 123456": ("mobile", "GB"),
        "+1 800 555 0199": ("toll_free", "US"),
        "+1 900 555 0199": ("premium_rate", "US"),
        "+1 213 555 0123": ("fixed_line_or_mobile", "US"),
        "+44 70 1234 5678": ("personal_number", "GB"),
        "+44 56 1234 5678": ("voip", "GB"),
        "+800 1234 5678": ("toll_free", "001"),
        "+1 310 123 4567": ("unknown", None),  # not valid: no NANP region claims it
    }
    for raw, expected in cases.items():
        check = check_number(raw)
        assert (check.line_type, check.region) == expected, raw
        number = phonenumbers.parse(raw)
        assert (
            check.line_type
            == phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number)).lower()
        )
    assert check_number("abc").line_type is None
    assert check_number("+44 20 7946 0958 ext. 1").line_type == "fixed_line"


def test_line_type_and_region_of_every_example_number() -> None:
    for digits in examples():
        check = check_number("+" + digits)
        number = phonenumbers.parse("+" + digits)
        expected = phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number))
        assert (check.line_type, check.region) == (
            expected.lower(),
            phonenumbers.region_code_for_number(number),
        ), digits
        assert region_of("+" + digits) == check.region


def test_no_sms_line_types() -> None:
    assert sorted(NO_SMS_LINE_TYPES) == [
        "fixed_line",
        "pager",
        "premium_rate",
        "shared_cost",
        "toll_free",
        "uan",
        "voicemail",
    ]


def test_region_of() -> None:
    assert region_of("+12135550123") == "US"
    assert region_of("+16135550123") == "CA"
    assert region_of("+18682911234") == "TT"
    assert region_of("+442079460958") == "GB"
    assert region_of("+447624123456") == "IM"  # a Crown dependency inside +44
    assert region_of("+80012345678") == "001"
    assert region_of("+6466836219") == "NZ"
    assert region_of("+12005550123") is None  # +1, no NANP region claims 200
    for bad in ("", "+", "12135550123", "+999123", "+0123", "+1 213", "+١٢١٣", None, 7):
        assert region_of(bad) is None, bad  # type: ignore[arg-type]


def test_national_reading() -> None:
    assert national_reading("6466836219", "US") == "+16466836219"
    assert national_reading("6466836219", "us") == "+16466836219"
    # parse() takes a leading 64 as NZ's own code: the same number, no second reading
    assert national_reading("6466836219", "NZ") == "+6466836219"
    assert national_reading("02079460958", "GB") == "+442079460958"
    assert national_reading("2079460958", "GB") == "+442079460958"
    assert national_reading("12135550123", "US") == "+12135550123"  # its own code
    assert national_reading("2135550123", "GB") is None
    assert national_reading("abc", "US") is None
    assert national_reading("80012345678", "001") is None  # region_of's non-geographic code
    with pytest.raises(InvalidNumber) as info:
        national_reading("2135550123", "XX")
    assert info.value.field == "region"


@given(st.sampled_from(examples()), st.sampled_from(["US", "GB", "DE", "IN", "NZ", "BR"]))
def test_property_national_reading_is_parse_with_the_region(digits: str, region: str) -> None:
    for raw in (digits, digits[1:], digits[2:]):
        expected = reference(raw, region)
        assert isinstance(expected, tuple)
        assert national_reading(raw, region) == (expected[0] if expected[1] else None)
