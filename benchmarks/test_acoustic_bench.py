"""Acoustic pre-send path with personalization: raw numbers to sends of 1000 contacts.

``acoustic.plan_send`` (normalize to digits with the country code, dedup, reject, check every
contact's tags, render each recipient's text and count its segments, split into requests of
1000, encode the JSON bodies) against what a user would
otherwise write: ``phonenumbers`` ``parse`` + ``is_valid_number`` + E.164 formatting per
number, a ``set`` for dedup, and ``json.dumps`` per batch of 1000. Both run on the same 100,000
distinct US numbers in three written forms; ``plan_send`` also runs on 1,000,000.
"""

from __future__ import annotations

import json
import random
from functools import cache
from typing import Any

import phonenumbers
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from smscore.providers import acoustic

CONTENT = "Hi %%FIRST NAME%%, your PIN is %%PIN%%"
DEFAULTS = {"FIRST NAME": "Valued Customer"}
# Area codes in service (NANP); exchanges 200-999, so every number is valid.
_NPAS: tuple[int, ...] = (201, 202, 206, 212, 213, 214, 305, 310, 312, 404, 415, 512, 617)
_NPAS += (646, 702, 713, 718, 720, 773, 805, 818, 917, 949)

Recipient = tuple[str, dict[str, str]]


@cache
def recipients(count: int) -> tuple[Recipient, ...]:
    rng = random.Random(3)
    seen: set[tuple[int, int, int]] = set()
    out: list[Recipient] = []
    while len(out) < count:
        key = (rng.choice(_NPAS), rng.randrange(200, 1000), rng.randrange(10000))
        if key in seen:
            continue
        seen.add(key)
        npa, nxx, sub = key
        form = len(out) % 3
        raw = (
            f"+1 {npa} {nxx} {sub:04d}"
            if form == 0
            else f"1{npa}{nxx}{sub:04d}"
            if form == 1
            else f"+1 ({npa}) {nxx}-{sub:04d}"
        )
        values = {"PIN": f"{len(out) % 10000:04d}"}
        if len(out) % 2:
            values["FIRST NAME"] = f"Name{len(out)}"
        out.append((raw, values))
    return tuple(out)


def smscore_plan(items: tuple[Recipient, ...]) -> acoustic.SendPlan:
    return acoustic.plan_send(
        CONTENT,
        items,
        credentials=acoustic.Credentials("token"),
        pod=1,
        program_id="129856",
        defaults=DEFAULTS,
    )


def hand_written(items: tuple[Recipient, ...]) -> list[bytes]:
    """What a user writes without smscore: phonenumbers per number, a set, json per batch."""
    seen: set[str] = set()
    contacts: list[dict[str, Any]] = []
    for raw, values in items:
        # Bare digits are country code + national number (the Acoustic form): add the "+".
        number = phonenumbers.parse(raw if raw.startswith("+") else "+" + raw, None)
        if not phonenumbers.is_valid_number(number):
            continue
        digits = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
        if digits in seen:
            continue
        seen.add(digits)
        contacts.append({"phoneNumber": digits, "personalization": values})
    return [
        json.dumps(
            {
                "content": CONTENT,
                "contacts": contacts[i : i + 1000],
                "channelQualifier": "129856",
                "personalizationDefaults": DEFAULTS,
            },
            separators=(",", ":"),
            ensure_ascii=False,
        ).encode()
        for i in range(0, len(contacts), 1000)
    ]


def _min_seconds(benchmark: BenchmarkFixture) -> float:
    stats = benchmark.stats
    assert stats is not None
    return float(stats.stats.min)


def test_both_build_the_same_bodies() -> None:
    items = recipients(3000)
    plan = smscore_plan(items)
    assert [r.body for r in plan.requests] == hand_written(items)
    assert len(plan.requests) == 3


@pytest.mark.benchmark(group="acoustic-presend-100k")
def test_smscore_plan_send_100k(benchmark: BenchmarkFixture) -> None:
    items = recipients(100_000)
    plan = benchmark.pedantic(  # type: ignore[no-untyped-call]
        smscore_plan, args=(items,), rounds=3, iterations=1
    )
    assert len(plan.requests) == 100
    benchmark.extra_info["recipients_per_second"] = 100_000 / _min_seconds(benchmark)


@pytest.mark.benchmark(group="acoustic-presend-100k")
def test_phonenumbers_and_json_100k(benchmark: BenchmarkFixture) -> None:
    items = recipients(100_000)
    bodies = benchmark.pedantic(  # type: ignore[no-untyped-call]
        hand_written, args=(items,), rounds=3, iterations=1
    )
    assert len(bodies) == 100
    benchmark.extra_info["recipients_per_second"] = 100_000 / _min_seconds(benchmark)


@pytest.mark.benchmark(group="acoustic-presend-1m")
def test_smscore_plan_send_1m(benchmark: BenchmarkFixture) -> None:
    items = recipients(1_000_000)
    plan = benchmark.pedantic(  # type: ignore[no-untyped-call]
        smscore_plan, args=(items,), rounds=2, iterations=1
    )
    assert len(plan.requests) == 1000
    assert len(plan.accepted) == 1_000_000
    benchmark.extra_info["recipients_per_second"] = 1_000_000 / _min_seconds(benchmark)
