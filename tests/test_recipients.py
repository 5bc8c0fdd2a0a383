"""prepare_recipients / stream_recipients: every input accounted for, exact values."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore import (
    InvalidNumber,
    InvalidRequest,
    RecipientChunk,
    Recipients,
    prepare_recipients,
    stream_recipients,
)

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
    )


def test_prepare_recipients_digits_region_and_no_batch_size() -> None:
    r = prepare_recipients(["(213) 555-0123", "+1 213 555 0123", "020 7946 0958"], "us", "digits")
    assert r.accepted == ("12135550123",)
    assert r.duplicates == (("+1 213 555 0123", "12135550123"),)
    assert r.rejected == (("020 7946 0958", "too long for the country"),)
    assert r.batches == (("12135550123",),)
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


def test_raws_that_are_not_iterable_name_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^raws must be an iterable of numbers, got NoneType$"):
        prepare_recipients(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^raws must be an iterable of numbers, got int$"):
        list(stream_recipients(5))  # type: ignore[arg-type]
