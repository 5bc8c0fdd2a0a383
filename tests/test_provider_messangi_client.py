"""Messangi through the transports' client: long-code pacing (fake clock) and plan sends."""

from __future__ import annotations

import json

import pytest

import smscore
from smscore.providers import messangi as m
from smscore.transports import MessangiClient, MockTransport, Outcome
from smscore.wire import Request, Response

A, B, C = "+525500000000", "+525511111111", "+525512345678"
BASE = "http://sim.test/raven"


class FakeClock:
    """A clock that only moves when the client sleeps (or the test advances it)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _answer(request: Request) -> Response:
    body = json.loads(request.body)
    if isinstance(body["to"], list):
        ids = [{"id": f"id-{e['to'][-4:]}", "mobile": e["to"]} for e in body["to"]]
        return Response(status=200, body=json.dumps({"data": {"ids": ids}}).encode())
    data = {"id": f"id-{body['to'][-4:]}", "status": "QUEUE", "to": body["to"]}
    return Response(status=200, body=json.dumps({"data": data}).encode())


def _client(clock: FakeClock, *, long_code: bool) -> MessangiClient:
    return MessangiClient(
        MockTransport(_answer),
        api_key="k",
        base_url=BASE,
        long_code=long_code,
        clock=clock,
        sleep=clock.sleep,
    )


def test_long_code_sends_one_message_per_second() -> None:
    clock = FakeClock()
    client = _client(clock, long_code=True)
    for to in (A, B, C):
        client.send(sender="15551234567", text="hi", to=to)
    assert clock.slept == [1.0, 1.0]  # seed 002: one message per second on a long code
    clock.now += 5.0  # idle long enough: no wait
    client.send(sender="15551234567", text="hi", to=A)
    assert clock.slept == [1.0, 1.0]


def test_long_code_batch_of_n_holds_the_next_request_n_seconds() -> None:
    clock = FakeClock()
    client = _client(clock, long_code=True)
    report = client.send_batch(sender="15551234567", text="hi", recipients=[A, B, C], batch_size=2)
    assert clock.slept == [2.0]  # the first request carried 2 messages
    assert [o.outcome for o in report.outcomes] == [Outcome.ACCEPTED] * 3
    client.send(sender="15551234567", text="hi", to=A)
    assert clock.slept == [2.0, 1.0]


def test_short_code_is_not_paced() -> None:
    clock = FakeClock()
    client = _client(clock, long_code=False)
    for to in (A, B, C):
        client.send(sender="12345", text="hi", to=to)
    assert clock.slept == []
    assert repr(client) == "MessangiClient(base_url='http://sim.test/raven', long_code=False)"


def test_send_plan_reports_every_accepted_recipient() -> None:
    clock = FakeClock()
    client = _client(clock, long_code=True)
    tpl = smscore.Template("Hi %%NAME%%")
    rows = [smscore.Recipient(n, {"NAME": n[-2:]}) for n in (A, B, C)]
    plan = m.plan_send(tpl, rows, credentials=m.Credentials("k"), sender="1", base_url=BASE)
    report = client.send_plan(plan)
    assert [(o.recipient, o.outcome, o.message_id) for o in report.outcomes] == [
        (A, Outcome.ACCEPTED, "id-0000"),
        (B, Outcome.ACCEPTED, "id-1111"),
        (C, Outcome.ACCEPTED, "id-5678"),
    ]
    singles = m.plan_send(
        tpl, rows[:2], credentials=m.Credentials("k"), sender="1", base_url=BASE, batch=False
    )
    report = client.send_plan(singles)
    assert [(o.recipient, o.message_id) for o in report.outcomes] == [
        (A, "id-0000"),
        (B, "id-1111"),
    ]
    assert clock.slept == [3.0, 1.0]  # after the 3-message batch, then between the singles


def test_send_plan_refuses_a_plan_with_rejections() -> None:
    client = _client(FakeClock(), long_code=False)
    plan = m.plan_send("x" * 1601, [A], credentials=m.Credentials("k"), sender="1")
    with pytest.raises(smscore.ProviderError) as info:
        client.send_plan(plan)
    assert (info.value.code, info.value.message) == (
        "ERROR",
        "Text exceeds the limit of allowed segments",
    )
    assert client.transport.requests == []  # type: ignore[attr-defined]
