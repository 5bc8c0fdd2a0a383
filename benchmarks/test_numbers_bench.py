"""normalize_number and prepare_recipients against what a user would otherwise write.

The baseline is phonenumbers' public API: ``parse`` + ``is_valid_number`` +
``format_number(E164)``, once as installed and once with phonenumbers' own compiled-pattern
cache switched on (``phonenumbers.re_util.enable_pattern_cache()``, its best case). The
corpus holds distinct valid numbers from every region phonenumbers knows (no number twice,
so no cache of answers can help), shuffled so countries mix as in a real list.
"""

from __future__ import annotations

import random
import tracemalloc
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, cast

import phonenumbers
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType, re_util
from pytest_benchmark.fixture import BenchmarkFixture

from smscore import check_number, normalize_number, prepare_recipients, stream_recipients
from smscore.numbers import _fast as _numfast

E164 = PhoneNumberFormat.E164


@cache
def examples() -> tuple[str, ...]:
    out = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                out.add(phonenumbers.format_number(number, E164))
    return tuple(sorted(out))


@cache
def distinct_valid(count: int = 5000) -> tuple[str, ...]:
    """``count`` distinct valid +E.164 numbers spread over every region."""
    rng = random.Random(11)
    base = examples()
    found: set[str] = set()
    while len(found) < count:
        e164 = rng.choice(base)
        candidate = e164[:-3] + f"{rng.randrange(1000):03d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(candidate)):
            found.add(candidate)
    out = sorted(found)
    rng.shuffle(out)
    return tuple(out)


def phonenumbers_normalize(raw: str, region: str | None = None) -> str | None:
    number = phonenumbers.parse(raw, region)
    if phonenumbers.is_valid_number(number):
        return str(phonenumbers.format_number(number, E164))
    return None


@pytest.fixture
def pattern_cache() -> Iterator[None]:
    re_util.enable_pattern_cache()
    yield
    re_util._COMPILED_PATTERNS = None  # type: ignore[attr-defined]  # back to the default


def pedantic(benchmark: BenchmarkFixture, *args: Any, **kwargs: Any) -> Any:
    """``benchmark.pedantic``, typed (pytest-benchmark leaves it untyped)."""
    run = cast(Callable[..., Any], benchmark.pedantic)
    return run(*args, **kwargs)


def _run(fn: Callable[[str], object], inputs: tuple[str, ...]) -> None:
    for raw in inputs:
        fn(raw)


def test_corpus_spans_many_countries() -> None:
    regions = {phonenumbers.region_code_for_number(phonenumbers.parse(n)) for n in distinct_valid()}
    assert len(regions) >= 50


# --- +E.164 input ---------------------------------------------------------------------


@pytest.mark.benchmark(group="normalize +E.164, 5000 distinct, all regions")
def test_e164_smscore(benchmark: BenchmarkFixture) -> None:
    inputs = distinct_valid()
    _run(normalize_number, inputs)  # tables built on first use are not timed
    benchmark(_run, normalize_number, inputs)
    assert [normalize_number(n) for n in inputs[:50]] == list(inputs[:50])


@pytest.mark.benchmark(group="normalize +E.164, 5000 distinct, all regions")
def test_e164_phonenumbers(benchmark: BenchmarkFixture) -> None:
    pedantic(benchmark, _run, (phonenumbers_normalize, distinct_valid()), rounds=3)


@pytest.mark.benchmark(group="normalize +E.164, 5000 distinct, all regions")
@pytest.mark.usefixtures("pattern_cache")
def test_e164_phonenumbers_pattern_cache(benchmark: BenchmarkFixture) -> None:
    _run(phonenumbers_normalize, distinct_valid())  # its pattern cache filled first
    benchmark(_run, phonenumbers_normalize, distinct_valid())


# --- bare digits (country code first) -------------------------------------------------


@cache
def bare_digits() -> tuple[str, ...]:
    return tuple(n[1:] for n in distinct_valid())


def phonenumbers_digits(raw: str) -> str | None:
    return phonenumbers_normalize("+" + raw)


@pytest.mark.benchmark(group="normalize bare digits, 5000 distinct, all regions")
def test_digits_smscore(benchmark: BenchmarkFixture) -> None:
    _run(normalize_number, bare_digits())
    benchmark(_run, normalize_number, bare_digits())


@pytest.mark.benchmark(group="normalize bare digits, 5000 distinct, all regions")
def test_digits_phonenumbers(benchmark: BenchmarkFixture) -> None:
    pedantic(benchmark, _run, (phonenumbers_digits, bare_digits()), rounds=3)


@pytest.mark.benchmark(group="normalize bare digits, 5000 distinct, all regions")
@pytest.mark.usefixtures("pattern_cache")
def test_digits_phonenumbers_pattern_cache(benchmark: BenchmarkFixture) -> None:
    _run(phonenumbers_digits, bare_digits())
    benchmark(_run, phonenumbers_digits, bare_digits())


# --- national format with a region: distinct numbers of every region (issue 11.4) -----


@cache
def national_with_region() -> tuple[tuple[str, str], ...]:
    """(national format, region) for the distinct valid numbers, every region."""
    out = []
    for e164 in distinct_valid():
        number = phonenumbers.parse(e164)
        region = phonenumbers.region_code_for_number(number)
        if region and region != "001":
            out.append((phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL), region))
    return tuple(out)


def _run_pairs(fn: Callable[[str, str], object], inputs: tuple[tuple[str, str], ...]) -> None:
    for raw, region in inputs:
        fn(raw, region)


def test_national_corpus_spans_many_regions() -> None:
    inputs = national_with_region()
    assert len({region for _, region in inputs}) >= 20
    assert len(set(inputs)) == len(inputs) > 4500
    for raw, region in inputs[:300]:
        assert normalize_number(raw, region) == phonenumbers_normalize(raw, region)


@pytest.mark.benchmark(group="normalize national format with region, 5000 distinct, all regions")
def test_national_smscore(benchmark: BenchmarkFixture) -> None:
    _run_pairs(normalize_number, national_with_region())  # tables built first, not timed
    benchmark(_run_pairs, normalize_number, national_with_region())


@pytest.mark.benchmark(group="normalize national format with region, 5000 distinct, all regions")
def test_national_phonenumbers(benchmark: BenchmarkFixture) -> None:
    pedantic(benchmark, _run_pairs, (phonenumbers_normalize, national_with_region()), rounds=3)


@pytest.mark.benchmark(group="normalize national format with region, 5000 distinct, all regions")
@pytest.mark.usefixtures("pattern_cache")
def test_national_phonenumbers_pattern_cache(benchmark: BenchmarkFixture) -> None:
    _run_pairs(phonenumbers_normalize, national_with_region())
    benchmark(_run_pairs, phonenumbers_normalize, national_with_region())


# --- check_number: validity, line type and region of +E.164 ---------------------------


def phonenumbers_check(raw: str) -> tuple[object, ...]:
    number = phonenumbers.parse(raw)
    return (
        phonenumbers.format_number(number, E164),
        phonenumbers.is_valid_number(number),
        phonenumbers.is_possible_number(number),
        phonenumbers.number_type(number),
        phonenumbers.region_code_for_number(number),
    )


@pytest.mark.benchmark(group="check_number +E.164 with line type, 5000 distinct")
def test_check_smscore(benchmark: BenchmarkFixture) -> None:
    _run(check_number, distinct_valid())
    benchmark(_run, check_number, distinct_valid())


@pytest.mark.benchmark(group="check_number +E.164 with line type, 5000 distinct")
def test_check_smscore_fast_check_only(benchmark: BenchmarkFixture) -> None:
    # the metadata match alone (validity, region and type), without NumberCheck
    digits = bare_digits()
    _run(_numfast.fast_check, digits)
    benchmark(_run, _numfast.fast_check, digits)


@pytest.mark.benchmark(group="check_number +E.164 with line type, 5000 distinct")
@pytest.mark.usefixtures("pattern_cache")
def test_check_phonenumbers_pattern_cache(benchmark: BenchmarkFixture) -> None:
    _run(phonenumbers_check, distinct_valid())
    benchmark(_run, phonenumbers_check, distinct_valid())


# --- messy input: national formats with a region --------------------------------------


@cache
def messy_gb() -> tuple[str, ...]:
    out = []
    for n in distinct_valid():
        number = phonenumbers.parse(n)
        if number.country_code == 44:
            out.append(phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
    rng = random.Random(5)
    while len(out) < 500:
        out.append(f"020 7946 {rng.randrange(10_000):04d}")
    return tuple(out)


def _smscore_gb(raw: str) -> object:
    return normalize_number(raw, "gb")


def _phonenumbers_gb(raw: str) -> object:
    return phonenumbers_normalize(raw, "GB")


@pytest.mark.benchmark(group="normalize national (GB) input")
def test_messy_smscore(benchmark: BenchmarkFixture) -> None:
    benchmark(_run, _smscore_gb, messy_gb())


@pytest.mark.benchmark(group="normalize national (GB) input")
def test_messy_phonenumbers(benchmark: BenchmarkFixture) -> None:
    benchmark(_run, _phonenumbers_gb, messy_gb())


# --- first use: building every country code's tables ---------------------------------


def _build_all() -> None:
    for e164 in examples():
        _numfast.fast_check(e164[1:])
        _numfast.valid_digits(e164[1:])


@pytest.mark.benchmark(group="first use: fast-path tables for every country code")
def test_first_use_build_all_tables(benchmark: BenchmarkFixture) -> None:
    pedantic(benchmark, _build_all, setup=_numfast.reset, rounds=5)
    assert len(_numfast.loaded_codes()) >= 200


# --- prepare_recipients: mixed formats, 20% duplicates --------------------------------


def recipient_list(size: int) -> list[str]:
    """``size`` inputs: 80% distinct numbers in four formats, 20% repeats in another."""
    base = examples()
    rng = random.Random(3)
    unique = size * 4 // 5
    numbers = [base[i % len(base)][:-4] + f"{i // len(base):04d}" for i in range(unique)]

    def fmt(e164: str, k: int) -> str:
        if k == 0:
            return e164
        if k == 1:
            return e164[1:]
        if k == 2:
            return f"{e164[:3]} {e164[3:6]}-{e164[6:]}"
        return f"tel:{e164}"

    out = [fmt(n, i % 4) for i, n in enumerate(numbers)]
    out += [fmt(rng.choice(numbers), rng.randrange(4)) for _ in range(size - unique)]
    rng.shuffle(out)
    return out


def _naive(raws: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for raw in raws:
        text = raw if raw.startswith(("+", "tel:")) else "+" + raw
        try:
            number = phonenumbers.parse(text)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, E164)
            if e164 not in seen:
                seen.add(e164)
                out.append(e164)
    return out


@pytest.mark.benchmark(group="recipients: 20,000 mixed, 20% duplicates")
def test_prepare_20k_smscore(benchmark: BenchmarkFixture) -> None:
    raws = recipient_list(20_000)
    result = benchmark(prepare_recipients, raws, batch_size=250)
    assert list(result.accepted) == _naive(raws)


@pytest.mark.benchmark(group="recipients: 20,000 mixed, 20% duplicates")
def test_prepare_20k_phonenumbers_loop(benchmark: BenchmarkFixture) -> None:
    pedantic(benchmark, _naive, (recipient_list(20_000),), rounds=1)


@pytest.mark.benchmark(group="recipients: 20,000 mixed, 20% duplicates")
@pytest.mark.usefixtures("pattern_cache")
def test_prepare_20k_phonenumbers_loop_pattern_cache(benchmark: BenchmarkFixture) -> None:
    pedantic(benchmark, _naive, (recipient_list(20_000),), rounds=3)


@pytest.mark.benchmark(group="recipients: 1,000,000 mixed, 20% duplicates")
def test_prepare_1m_smscore(benchmark: BenchmarkFixture) -> None:
    raws = recipient_list(1_000_000)
    result = pedantic(benchmark, prepare_recipients, (raws,), {"batch_size": 250}, rounds=1)
    assert len(result.accepted) + len(result.duplicates) + len(result.rejected) == len(raws)
    # peak memory of the call itself (the input list is allocated before tracing starts)
    tracemalloc.start()
    prepare_recipients(raws, batch_size=250)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    benchmark.extra_info["peak_MiB"] = round(peak / 2**20, 1)
    benchmark.extra_info["accepted"] = len(result.accepted)
    benchmark.extra_info["duplicates"] = len(result.duplicates)
    benchmark.extra_info["rejected"] = len(result.rejected)
    print(f"\nprepare_recipients 1M: peak {peak / 2**20:.1f} MiB, {benchmark.extra_info}")


@pytest.mark.benchmark(group="recipients: 1,000,000 mixed, 20% duplicates")
def test_stream_1m_smscore(benchmark: BenchmarkFixture) -> None:
    raws = recipient_list(1_000_000)

    def drain() -> int:
        return sum(len(c.batch) for c in stream_recipients(raws, batch_size=250))

    pedantic(benchmark, drain, rounds=1)
    tracemalloc.start()
    drain()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    benchmark.extra_info["peak_MiB"] = round(peak / 2**20, 1)
    print(f"\nstream_recipients 1M: peak {peak / 2**20:.1f} MiB")
