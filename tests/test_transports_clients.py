"""Provider clients over mock transports: token reuse, the 10-request cap, no send retries."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from smscore import InvalidRequest, Request, Response, UnexpectedResponse
from smscore.transports import (
    AcousticClient,
    AsyncAcousticClient,
    AsyncMockTransport,
    MessangiClient,
    MgageExportClient,
    MgageGatewayClient,
    MockTransport,
    Outcome,
)

T0 = datetime(2024, 1, 1, tzinfo=UTC)
TOKEN = b'{"access_token":"tok-%d","expires_in":14400}'
STATUS_OK = (
    b'{"data":{"totalContacts":1,"contactsProcessed":1,'
    b'"contactStatus":[{"smsSent":true,"phoneNumber":"19495001234"}],"errors":[]}}'
)


def test_acoustic_token_reused_then_refreshed_after_three_hours() -> None:
    now = [T0]
    issued: list[int] = []

    def handler(request: Request) -> Response:
        if request.url.endswith("/oauth/token"):
            issued.append(len(issued) + 1)
            return Response(status=200, body=TOKEN % issued[-1])
        return Response(status=200, body=STATUS_OK)

    transport = MockTransport(handler)
    client = AcousticClient(
        transport, client_id="c", client_secret="s", refresh_token="r", pod=1, now=lambda: now[0]
    )
    client.status("tx1")
    now[0] = T0 + timedelta(hours=2, minutes=59)
    client.status("tx2")
    assert client.token_requests == 1
    now[0] = T0 + timedelta(hours=3)
    client.status("tx3")
    assert client.token_requests == 2
    auths = [r.header("authorization") for r in transport.requests if "/status" in r.url]
    assert auths == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]
    assert "s" not in repr(client).replace("AcousticClient", "").replace("base_url", "")


def test_acoustic_send_is_not_retried_on_503() -> None:
    def handler(request: Request) -> Response:
        if request.url.endswith("/oauth/token"):
            return Response(status=200, body=TOKEN % 1)
        return Response(status=503, body=b'{"meta":{"generalErrors":["Service Unavailable"]}}')

    transport = MockTransport(handler)
    client = AcousticClient(transport, client_id="c", client_secret="s", refresh_token="r", pod=1)
    report = client.send_batches(channel_qualifier="1", contacts=["19495001234"], content="Hi")
    assert [(o.outcome, o.code, o.message) for o in report.outcomes] == [
        (Outcome.UNKNOWN, "503", "not known whether sent: Service Unavailable")
    ]
    assert [r.method for r in transport.requests] == ["POST", "POST"]  # token, one send


def test_async_acoustic_keeps_at_most_ten_requests_in_flight() -> None:
    in_flight = 0
    peak = 0
    tokens = 0

    async def handler(request: Request) -> Response:
        nonlocal in_flight, peak, tokens
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        if request.url.endswith("/oauth/token"):
            tokens += 1
            return Response(status=200, body=TOKEN % tokens)
        return Response(status=200, body=STATUS_OK)

    async def main() -> int:
        client = AsyncAcousticClient(
            AsyncMockTransport(handler), client_id="c", client_secret="s", refresh_token="r", pod=1
        )
        results = await asyncio.gather(*(client.status(f"tx{i}") for i in range(40)))
        assert all(r.state == "complete" for r in results)
        return client.token_requests

    assert asyncio.run(main()) == 1
    assert tokens == 1
    assert peak == 10


def test_async_acoustic_rejects_a_cap_over_ten() -> None:
    with pytest.raises(InvalidRequest) as info:
        AsyncAcousticClient(
            AsyncMockTransport(lambda r: Response(status=200)),
            client_id="c",
            client_secret="s",
            refresh_token="r",
            max_in_flight=11,
        )
    assert str(info.value) == "max_in_flight must be 1 to 10, got 11"


def test_gateway_transport_failure_marks_batch_unknown_and_continues() -> None:
    calls = []

    def handler(request: Request) -> Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ReadTimeout("timed out")
        numbers = request.url.split("numbers=")[1].split("&")[0].split("%2C")
        blocks = "".join(
            f"<recipient><number>{n}</number><statusCode>0</statusCode></recipient>"
            for n in numbers
        )
        return Response(status=200, body=f"<response>{blocks}</response>".encode())

    client = MgageGatewayClient(
        MockTransport(handler),
        endpoint="https://gw.test/send",
        username="u",
        password="p",
        program_id="1",
        spoof_from="87767",
    )
    numbers = [str(12135550000 + i) for i in range(260)]
    report = client.send("Hi", numbers, batch_size=250)
    assert report.requests == 2
    assert len(calls) == 2
    assert {o.outcome for o in report.outcomes[:250]} == {Outcome.UNKNOWN}
    assert report.outcomes[0].message == (
        "not known whether sent: POST https://gw.test/send failed: ReadTimeout: timed out"
    )
    assert {(o.outcome, o.code) for o in report.outcomes[250:]} == {(Outcome.ACCEPTED, "0")}
    assert len(report.outcomes) == 260


@pytest.mark.parametrize(
    ("status", "outcome", "message"),
    [
        (400, Outcome.REJECTED, "boom"),
        (500, Outcome.UNKNOWN, "not known whether sent: boom"),
    ],
)
def test_messangi_batch_send_failure_is_reported_per_recipient(
    status: int, outcome: Outcome, message: str
) -> None:
    client = MessangiClient(
        MockTransport(lambda r: Response(status=status, body=b'{"message":"boom"}')),
        api_key="k",
        base_url="http://sim.test/raven",
    )
    report = client.send_batch(sender="1", text="Hi", recipients=["+525500000000", "+525511111111"])
    assert [(o.recipient, o.outcome, o.code, o.message) for o in report.outcomes] == [
        ("+525500000000", outcome, str(status), message),
        ("+525511111111", outcome, str(status), message),
    ]
    assert len(client.transport.requests) == 1  # type: ignore[attr-defined]  # never retried


def test_export_stops_on_a_page_loop() -> None:
    body = (
        b'{"meta":{"generalErrors":[],"nextPageUrl":'
        b'"https://communicatepro.mgage.com/api/messages/program/1?page=2"},"data":{"messages":[]}}'
    )
    client = MgageExportClient(
        MockTransport(lambda r: Response(status=200, body=body)), username="u", password="p"
    )
    pages = client.pages("1")
    next(pages)
    next(pages)
    with pytest.raises(UnexpectedResponse) as info:
        next(pages)
    assert info.value.message == "export paging stopped: page 3 repeats an earlier URL"


def test_export_retries_a_503_page() -> None:
    answers = [
        Response(status=503),
        Response(status=200, body=b'{"meta":{"nextPageUrl":null},"data":{"messages":[]}}'),
    ]
    slept: list[float] = []
    transport = MockTransport(lambda r: answers.pop(0))
    client = MgageExportClient(transport, username="u", password="p", sleep=slept.append)
    assert [p.next_page_url for p in client.pages("1")] == [None]
    assert slept == [0.25]
    assert len(transport.requests) == 2
