"""Messangi pre-send and callback paths against what a user would otherwise write.

Baselines are the plain-library code a user writes without smscore: ``phonenumbers``
(``parse`` + ``is_valid_number`` + ``format_number(E164)``) per recipient and ``json.dumps`` for
the body; ``str.format`` per recipient plus a UTF-16 length for the 1600 check; ``json.loads``
plus dict lookups for a callback. Each pair sits in one group so the ratio is read off one run.
"""

from __future__ import annotations

import json
from typing import Any

import phonenumbers
from pytest_benchmark.fixture import BenchmarkFixture

from smscore.providers import messangi

KEY = "bench-key"
TEXT = "Hi {0}, your balance is ${1}"
# 1000 distinct valid Mexican mobile numbers (+52 55 1000 0000 ...), mixed input forms.
NUMBERS = [
    (f"+52 55 {1000 + i // 10000:04d} {i % 10000:04d}" if i % 2 else f"5255{10000000 + i}")
    for i in range(1000)
]
ROWS = [(n, ["Elizabeth", 10.65 + i]) for i, n in enumerate(NUMBERS)]
RECIPIENTS = [{"to": n, "params": p} for n, p in ROWS]
CREDS = messangi.Credentials(KEY)
CALLBACK = (
    b'{"date":"2021-08-17T04:26:40Z","externalId":"campaign-42","callback":"https://h.example/dr",'
    b'"from":"12345","id":"611b3a42c5f7904590c17d1f","to":"+525500000000","message":"text demo",'
    b'"username":"owner@example.com","timestamp":1629174400000,"status":"DELIVRD"}'
)


def _baseline_batch() -> bytes:
    entries = []
    for raw, params in ROWS:
        parsed = phonenumbers.parse(raw if raw.startswith("+") else "+" + raw, None)
        if not phonenumbers.is_valid_number(parsed):
            raise ValueError(raw)
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        entries.append({"to": e164, "params": params})
    body = {"from": "12345", "text": TEXT, "to": entries}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def test_batch_1000_smscore(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi build batch, 1000 recipients"
    reqs = benchmark(messangi.build_batch, KEY, sender="12345", text=TEXT, recipients=ROWS)
    assert reqs[0].body == _baseline_batch()


def test_batch_1000_phonenumbers_json(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi build batch, 1000 recipients"
    body = benchmark(_baseline_batch)
    assert body.startswith(b'{"from":"12345","text":"Hi {0}, your balance is ${1}","to":[{')


def _baseline_lengths() -> list[int]:
    out = []
    for _raw, params in ROWS:
        rendered = TEXT.format(*params)
        out.append(len(rendered.encode("utf-16-le")) // 2)
    return out


def _baseline_plan() -> tuple[bytes, list[int]]:
    """What plan_send does, by hand: read, dedup, render, measure, one JSON body."""
    seen: set[str] = set()
    entries, lengths = [], []
    for raw, params in ROWS:
        parsed = phonenumbers.parse(raw if raw.startswith("+") else "+" + raw, None)
        e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if e164 in seen:
            continue
        seen.add(e164)
        lengths.append(len(TEXT.format(*params).encode("utf-16-le")) // 2)
        entries.append({"to": e164, "params": params})
    body = {"from": "12345", "text": TEXT, "to": entries}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8"), lengths


def test_plan_1000_smscore(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi plan batch, 1000 recipients"
    plan = benchmark(messangi.plan_send, TEXT, RECIPIENTS, credentials=CREDS, sender="12345")
    assert plan.requests[0].body == _baseline_plan()[0]
    assert (len(plan.accepted), plan.rejections) == (1000, ())


def test_plan_1000_phonenumbers_json(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi plan batch, 1000 recipients"
    _body, lengths = benchmark(_baseline_plan)
    assert len(lengths) == 1000


def test_check_batch_1000_smscore(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi 1600-unit check, 1000 recipients"
    result = benchmark(messangi.check_send, TEXT, RECIPIENTS, credentials=CREDS, sender="12345")
    assert result == ()


def test_check_batch_1000_str_format(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi 1600-unit check, 1000 recipients"
    lengths = benchmark(_baseline_lengths)
    assert max(lengths) <= 1600


def _baseline_callback() -> dict[str, Any]:
    data = json.loads(CALLBACK)
    return {"id": data["id"], "status": data["status"], "final": data["status"] != "ENROUTE"}


def test_callback_smscore(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi parse callback"
    report = benchmark(messangi.parse_callback, messangi.callback_response(CALLBACK))
    assert (report.id, report.final) == ("611b3a42c5f7904590c17d1f", True)


def test_callback_json_loads(benchmark: BenchmarkFixture) -> None:
    benchmark.group = "messangi parse callback"
    report = benchmark(_baseline_callback)
    assert report["final"] is True
