"""prepare_recipients / stream_recipients: every input accounted for, exact values."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import smscore
from smscore import (
    InvalidNumber,
    InvalidRequest,
    RecipientChunk,
    Recipients,
    numbers,
    prepare_recipients,
    stream_recipients,
)
from smscore.numbers.recipients import REASON_AMBIGUOUS, RecipientAdvice

RAWS = [
    "+1 213 555 0123",
    "12135550123",
    "12",
    None,
    "+44 20 7946 0958",
    "1-213-555-0123",
    "12135550123;13105550199",
    "442079460958",
    "+1 310 555 0199",
]


def test_prepare_recipients_exact() -> None:
    r = prepare_recipients(RAWS, batch_size=2)
    assert r == Recipients(
        accepted=("+12135550123", "+442079460958", "+13105550199"),
        duplicates=(
            ("12135550123", "+12135550123"),
            ("1-213-555-0123", "+12135550123"),
            ("442079460958", "+442079460958"),
        ),
        rejected=(
            ("12", "not a number"),
            (None, "not a string"),
            ("12135550123;13105550199", "has an extension; an SMS goes to one number"),
        ),
        batches=(("+12135550123", "+442079460958"), ("+13105550199",)),
        advice=(
            RecipientAdvice(
                kind="line-type",
                raw="+44 20 7946 0958",
                number="+442079460958",
                message="+442079460958 is a fixed line number: usually cannot receive SMS",
                line_type="fixed_line",
            ),
        ),
        by_country={"US": 2, "GB": 1},
    )
    assert list(r.by_country) == ["US", "GB"]
    assert r.national_format == 0


def test_prepare_recipients_digits_region_and_no_batch_size() -> None:
    r = prepare_recipients(["(213) 555-0123", "+1 213 555 0123", "020 7946 0958"], "us", "digits")
    assert r.accepted == ("12135550123",)
    assert r.duplicates == (("+1 213 555 0123", "12135550123"),)
    assert r.rejected == (("020 7946 0958", "too long for the country"),)
    assert r.batches == (("12135550123",),)
    assert r.by_country == {"US": 1}
    assert prepare_recipients([]) == Recipients(accepted=(), duplicates=(), rejected=(), batches=())


def test_mgage_batches_of_250() -> None:
    raws = [f"1213555{n:04d}" for n in range(600)]
    r = prepare_recipients(raws, style="digits", batch_size=250)
    assert [len(b) for b in r.batches] == [250, 250, 100]
    assert r.batches[2][-1] == "12135550599"


def test_bad_arguments_raise_before_reading() -> None:
    class Never:
        def __iter__(self) -> Never:
            return self

        def __next__(self) -> str:
            raise AssertionError("input was read")

    never = Never

    with pytest.raises(InvalidRequest) as info:
        prepare_recipients(never(), batch_size=0)
    assert str(info.value) == "batch_size 0 is not a whole number of at least 1"
    assert (info.value.field, info.value.rule) == (
        "batch_size",
        "batch_size is an int >= 1 or None",
    )
    with pytest.raises(InvalidRequest, match="batch_size True is not a whole number"):
        prepare_recipients(never(), batch_size=True)
    with pytest.raises(InvalidNumber, match="region 'XX' is not a region"):
        prepare_recipients(never(), "XX")
    with pytest.raises(InvalidNumber, match="style 'plus' is not one of"):
        prepare_recipients(never(), style="plus")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not a single str or bytes"):
        prepare_recipients("+12135550123")
    with pytest.raises(InvalidRequest, match="batch_size None is not a whole number"):
        stream_recipients(never(), batch_size=None)  # type: ignore[arg-type]


GB_FIXED = RecipientAdvice(
    kind="line-type",
    raw="+44 20 7946 0958",
    number="+442079460958",
    message="+442079460958 is a fixed line number: usually cannot receive SMS",
    line_type="fixed_line",
)


def test_stream_recipients_exact_chunks() -> None:
    chunks = list(stream_recipients(RAWS, batch_size=2))
    assert chunks == [
        RecipientChunk(
            batch=(),
            duplicates=(("12135550123", "+12135550123"),),
            rejected=(("12", "not a number"),),
        ),
        RecipientChunk(
            batch=("+12135550123", "+442079460958"),
            duplicates=(),
            rejected=((None, "not a string"),),
            advice=(GB_FIXED,),
        ),
        RecipientChunk(
            batch=(),
            duplicates=(("1-213-555-0123", "+12135550123"),),
            rejected=(("12135550123;13105550199", "has an extension; an SMS goes to one number"),),
        ),
        RecipientChunk(
            batch=("+13105550199",),
            duplicates=(("442079460958", "+442079460958"),),
            rejected=(),
            by_country={"US": 2, "GB": 1},
            last=True,
        ),
    ]


def test_stream_is_lazy_and_bounded() -> None:
    consumed = 0

    def numbers() -> Iterator[str]:
        nonlocal consumed
        for n in range(10**7):
            consumed += 1
            yield f"+1213555{n % 10_000:04d}"

    stream = stream_recipients(numbers(), batch_size=3)
    first = next(stream)
    assert first.batch == ("+12135550000", "+12135550001", "+12135550002")
    assert consumed == 3


RAW = st.one_of(
    st.sampled_from(
        [
            "+12135550123",
            "1 213 555 0123",
            "+1 310 555 0199",
            "+442079460958",
            "44 20 7946 0958",
            "+33 6 12 34 56 78",
            "12135550123 ext 4",
            "",
            "12",
        ]
    ),
    st.none(),
    st.integers(),
    st.text(max_size=15),
)


@given(st.lists(RAW, max_size=40), st.integers(min_value=1, max_value=7))
def test_property_every_input_accounted_for(raws: list[object], size: int) -> None:
    r = prepare_recipients(raws, batch_size=size)
    assert len(r.accepted) + len(r.duplicates) + len(r.rejected) == len(raws)
    assert len(set(r.accepted)) == len(r.accepted)
    assert tuple(n for b in r.batches for n in b) == r.accepted
    assert all(1 <= len(b) <= size for b in r.batches)
    assert {n for _, n in r.duplicates} <= set(r.accepted)
    # the stream gives the same answer, chunk by chunk
    chunks = list(stream_recipients(raws, batch_size=size))
    assert tuple(n for c in chunks for n in c.batch) == r.accepted
    assert tuple(d for c in chunks for d in c.duplicates) == r.duplicates
    assert tuple(x for c in chunks for x in c.rejected) == r.rejected
    assert all(len(c.batch) == size for c in chunks[:-1] if c.batch)
    # and the same countries and line-type advice
    assert (chunks[-1].by_country if chunks else {}) == r.by_country
    lines = [a for c in chunks for a in c.advice if a.kind == "line-type"]
    assert lines == [a for a in r.advice if a.kind == "line-type"]


def test_raws_that_are_not_iterable_name_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^raws must be an iterable of numbers, got NoneType$"):
        prepare_recipients(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^raws must be an iterable of numbers, got int$"):
        list(stream_recipients(5))  # type: ignore[arg-type]


# --- issue 11: no silent change of country, line types, countries -------------------------

US_LIST = [
    "+1 213 555 0123",
    "+1 310 555 0199",
    "6466836219",  # NZ country code first, US as a national number
    "(646) 683-6219",  # national format without a region
    "+64 6 466 8362",
    "6466836219",
]
AMBIGUOUS = RecipientAdvice(
    kind="ambiguous-country",
    raw="6466836219",
    number="+6466836219",
    message="6466836219 reads as +6466836219 (NZ) country code first, and as +16466836219 "
    "(US) as a national number of the list's main region US; give a region or write it "
    "with +",
    readings=("+6466836219", "+16466836219"),
)
NZ_FIXED = RecipientAdvice(
    kind="line-type",
    raw="6466836219",
    number="+6466836219",
    message="+6466836219 is a fixed line number: usually cannot receive SMS",
    line_type="fixed_line",
)


def test_ambiguous_country_is_advice_with_both_readings() -> None:
    r = prepare_recipients(US_LIST)
    assert r.accepted == ("+12135550123", "+13105550199", "+6466836219")
    assert r.duplicates == (("6466836219", "+6466836219"),)
    assert r.rejected == (
        ("(646) 683-6219", "national format: give a region"),
        ("+64 6 466 8362", "possible but not an assigned range"),
    )
    assert r.advice == (AMBIGUOUS, NZ_FIXED)
    assert r.by_country == {"US": 2, "NZ": 1}
    assert r.national_format == 1
    assert AMBIGUOUS.to_advice() == smscore.Advice(
        kind="ambiguous-country", message=AMBIGUOUS.message, subject="6466836219"
    )


def test_ambiguous_country_rejected_on_request() -> None:
    r = prepare_recipients([*US_LIST, "+64 6 683 6219"], ambiguous="reject")
    # both bare rows are rejected; the number written with + is accepted where it stands
    assert r.accepted == ("+12135550123", "+13105550199", "+6466836219")
    assert r.duplicates == ()
    assert r.rejected == (
        ("6466836219", REASON_AMBIGUOUS),
        ("(646) 683-6219", "national format: give a region"),
        ("+64 6 466 8362", "possible but not an assigned range"),
        ("6466836219", REASON_AMBIGUOUS),
    )
    assert r.advice == (
        RecipientAdvice(
            kind="line-type",
            raw="+64 6 683 6219",
            number="+6466836219",
            message="+6466836219 is a fixed line number: usually cannot receive SMS",
            line_type="fixed_line",
        ),
    )


def test_no_ambiguity_with_a_region_or_in_the_dominant_region() -> None:
    r = prepare_recipients(["6466836219", "+1 213 555 0123"], "us")
    assert r.accepted == ("+16466836219", "+12135550123")
    assert r.advice == ()
    # a NZ list: the bare NZ number is in the dominant region, nothing to flag
    r = prepare_recipients(["6466836219", "+64 6 683 6218", "+64 6 683 6217"])
    assert [a.kind for a in r.advice] == ["line-type", "line-type", "line-type"]
    assert r.by_country == {"NZ": 3}


def test_line_types_rejects_named_types() -> None:
    raws = ["+44 20 7946 0958", "+1 800 555 0199", "+44 7400 123456", "442079460958"]
    r = prepare_recipients(raws, line_types=numbers.NO_SMS_LINE_TYPES, style="digits")
    assert r.accepted == ("447400123456",)
    assert r.rejected == (
        ("+44 20 7946 0958", "line type: fixed_line"),
        ("+1 800 555 0199", "line type: toll_free"),
        ("442079460958", "line type: fixed_line"),
    )
    assert r.advice == ()
    assert r.by_country == {"GB": 1}
    chunks = list(stream_recipients(raws, line_types={"fixed_line"}, batch_size=5))
    assert [c.batch for c in chunks] == [("+18005550199", "+447400123456")]
    assert chunks[0].rejected == r.rejected[:1] + r.rejected[2:]
    assert [a.line_type for a in chunks[0].advice] == ["toll_free"]
    assert chunks[0].last
    assert chunks[0].by_country == {"GB": 1, "US": 1}


def test_stream_gives_ambiguity_and_countries_at_the_end() -> None:
    chunks = list(stream_recipients(US_LIST, batch_size=2))
    assert [c.last for c in chunks] == [False, False, True]
    assert [c.batch for c in chunks] == [("+12135550123", "+13105550199"), (), ("+6466836219",)]
    assert chunks[1].advice == ()
    assert chunks[2].advice == (NZ_FIXED, AMBIGUOUS)  # ambiguity: raw is the digits as read
    assert chunks[2].by_country == {"US": 2, "NZ": 1}
    assert chunks[2].duplicates == (("6466836219", "+6466836219"),)
    assert list(stream_recipients([])) == []


def test_bad_options_raise_before_reading() -> None:
    with pytest.raises(InvalidRequest) as info:
        prepare_recipients([], ambiguous="drop")  # type: ignore[arg-type]
    assert str(info.value) == "ambiguous 'drop' is not 'accept' or 'reject'"
    assert info.value.field == "ambiguous"
    with pytest.raises(InvalidRequest, match=r"^line_types 'fixed_line' is not a collection"):
        prepare_recipients([], line_types="fixed_line")
    with pytest.raises(InvalidRequest, match=r"^line_types holds 3, not line type names$"):
        stream_recipients([], line_types=[3])  # type: ignore[list-item]
    with pytest.raises(InvalidRequest) as nested:
        prepare_recipients([], line_types=[["x"], "fixed_line"])  # type: ignore[list-item]
    assert str(nested.value) == "line_types holds ['x'], not line type names"
    assert nested.value.field == "line_types"
