"""The metadata fast path gives phonenumbers' own answers (differential tests).

The reference is phonenumbers' public API for DESIGN.md's reading: ``parse`` (with ``+``
added to bare digits when no region is given), ``is_valid_number`` (and no extension),
``is_possible_number``, ``format_number(E164)``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import phonenumbers
import pytest
from _corpus import NATIONAL, examples, reference
from hypothesis import given
from hypothesis import strategies as st

from smscore import check_number
from smscore.numbers import REASON_NATIONAL_FORMAT
from smscore.numbers import _fast as _numfast


@pytest.fixture(autouse=True, scope="module")
def pattern_cache() -> Iterator[None]:
    # phonenumbers recompiles its patterns per call unless asked; same answers, faster.
    phonenumbers.re_util.enable_pattern_cache()
    yield
    phonenumbers.re_util._COMPILED_PATTERNS = None  # type: ignore[attr-defined]


def ours(raw: str, region: str | None = None) -> tuple[str | None, bool, bool] | str:
    check = check_number(raw, region)
    if check.national_format:
        assert (check.e164, check.valid, check.reason) == (None, False, REASON_NATIONAL_FORMAT)
        return NATIONAL
    return (check.e164, check.valid, check.possible)


def mutate(rng: random.Random, digits: str) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return digits
    if kind == 1:  # another number in the same range
        return digits[:-4] + "".join(rng.choice("0123456789") for _ in range(4))
    if kind == 2:
        return digits[:-1]
    if kind == 3:
        return digits + rng.choice("0123456789")
    if kind == 4:  # a national prefix (or junk) written after the country code
        at = rng.randrange(1, 4)
        return digits[:at] + rng.choice(["0", "1", "9", "15", "8"]) + digits[at:]
    if kind == 5:
        return digits[: rng.randrange(1, 4)] + digits[rng.randrange(4, 7) :]
    return "".join(rng.choice("0123456789") for _ in range(rng.randrange(3, 20)))


def test_corpus_covers_many_countries() -> None:
    codes = {phonenumbers.parse("+" + d).country_code for d in examples()}
    assert len(examples()) > 1000
    assert len(codes) > 200


def test_fast_path_matches_phonenumbers_on_generated_corpus() -> None:
    rng = random.Random(20240601)
    mismatches = []
    decided = 0
    total = 0
    for digits in examples():
        for _ in range(16):
            candidate = mutate(rng, digits)
            for raw in ("+" + candidate, candidate):
                total += 1
                if reference(raw) != ours(raw):
                    mismatches.append((raw, reference(raw), ours(raw)))
            if len(candidate) >= 3 and _numfast.fast_check(candidate) is not None:
                decided += 1
    assert mismatches == []
    assert total > 30_000
    # the fast path decided most of them itself (the rest are junk it hands back)
    assert decided > total // 2 * 0.8


def test_example_numbers_are_valid_on_the_fast_path() -> None:
    for digits in examples():
        result = _numfast.fast_check(digits)
        expected = reference("+" + digits)
        assert result is not None, digits
        assert result[:3] == expected, digits


DIGITS = st.text(alphabet="0123456789", min_size=0, max_size=19)
SEPARATED = st.lists(
    st.tuples(st.sampled_from(["", " ", "-", ".", "(", ")", "  "]), DIGITS), max_size=5
).map(lambda parts: "".join(sep + d for sep, d in parts))


@given(st.sampled_from(examples()), DIGITS)
def test_property_fast_path_matches_phonenumbers_near_real_ranges(digits: str, tail: str) -> None:
    candidate = digits[: max(1, len(digits) - len(tail))] + tail
    assert ours("+" + candidate) == reference("+" + candidate)
    assert ours(candidate) == reference(candidate)


@given(st.sampled_from(["", "+", "(", "-", "tel:+", "TEL:+", "tel:"]), SEPARATED)
def test_property_separators_match_phonenumbers(prefix: str, text: str) -> None:
    raw = prefix + text
    if raw.strip():
        assert ours(raw) == reference(raw)


@given(st.sampled_from(examples()), st.sampled_from(["US", "GB", "DE", "IN", "BR", "AR"]))
def test_property_international_input_ignores_region(digits: str, region: str) -> None:
    assert ours("+" + digits, region.lower()) == reference("+" + digits, region)
