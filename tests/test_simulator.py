"""The simulator over real loopback HTTP, driven by the transports and provider clients."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from smscore import ProviderError, Request
from smscore.providers import acoustic, messangi, mgage_export, mgage_gateway
from smscore.simulator import (
    GATEWAY_PATH,
    ExportRecord,
    RunningSimulator,
    SimulatorConfig,
    SimulatorState,
    running,
)
from smscore.transports import (
    AcousticClient,
    AsyncAcousticClient,
    AsyncHttpxTransport,
    AsyncMgageExportClient,
    HttpxTransport,
    MessangiClient,
    MgageExportClient,
    MgageGatewayClient,
    Outcome,
)

pytestmark = pytest.mark.integration

DELAY = 0.2


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="module")
def sim(clock: FakeClock) -> Iterator[RunningSimulator]:
    config = SimulatorConfig(status_delay=DELAY, callback_delay=0.0)
    with running(config=config, state=SimulatorState(clock=clock)) as server:
        yield server


@pytest.fixture(scope="module")
def http() -> Iterator[HttpxTransport]:
    with HttpxTransport(timeout=5.0) as transport:
        yield transport


# --- Messangi ------------------------------------------------------------------------------


def test_messangi_send_then_status_turns_delivered(
    sim: RunningSimulator, http: HttpxTransport, clock: FakeClock
) -> None:
    client = MessangiClient(http, api_key="any-key", base_url=sim.base_url + "/raven")
    sent = client.send(sender="12345", text="text demo", to="+525500000005")
    assert sent.status == "QUEUE"
    assert (sent.sender, sent.text, sent.to, sent.type) == (
        "12345",
        "text demo",
        "+525500000005",
        "MT",
    )
    assert len(sent.id) == 24
    assert int(sent.id, 16) >= 0
    assert client.status(sent.id).status == "QUEUE"
    clock.now += DELAY
    assert client.status(sent.id).status == "DELIVRD"


def test_messangi_over_1600_is_error_with_the_seed_text(
    sim: RunningSimulator, http: HttpxTransport
) -> None:
    client = MessangiClient(http, api_key="k", base_url=sim.base_url + "/raven")
    sent = client.send(sender="12345", text="x" * 1601, to="+525500000005")
    assert sent.status == "ERROR"
    assert sent.explain == "Text exceeds the limit of allowed segments"
    assert client.send(sender="12345", text="x" * 1600, to="+525500000005").status == "QUEUE"


def test_messangi_without_credentials_is_401(sim: RunningSimulator, http: HttpxTransport) -> None:
    request = Request(
        method="POST",
        url=sim.base_url + "/raven/v2/messages",
        headers=(("Content-Type", "application/json"),),
        body=b'{"from":"1","text":"hi","to":"+525500000005"}',
    )
    answer = http.handle(request)
    assert answer.status == 401
    with pytest.raises(ProviderError) as info:
        messangi.parse_send(answer)
    assert (info.value.code, info.value.message, info.value.status) == ("401", "Unauthorized", 401)


def test_messangi_real_key_required_when_set(http: HttpxTransport) -> None:
    with running(config=SimulatorConfig(api_keys=frozenset({"right"}))) as server:
        wrong = MessangiClient(http, api_key="wrong", base_url=server.base_url + "/raven")
        with pytest.raises(ProviderError, match=r"^messangi: 401: Unauthorized$"):
            wrong.send(sender="1", text="hi", to="+525500000005")
        right = MessangiClient(http, api_key="right", base_url=server.base_url + "/raven")
        assert right.send(sender="1", text="hi", to="+525500000005").status == "QUEUE"


def test_messangi_batch_reports_each_recipient(sim: RunningSimulator, http: HttpxTransport) -> None:
    client = MessangiClient(http, api_key="k", base_url=sim.base_url + "/raven")
    report = client.send_batch(
        sender="12345",
        text="Hi {0}, your balance is ${1}",
        recipients=[("+525500000000", ["Elizabeth", 10.65]), ("+525511111111", ["Joshua", 20.5])],
    )
    assert [o.recipient for o in report.accepted] == ["+525500000000", "+525511111111"]
    assert report.requests == 1
    assert report.ok
    ids = [o.message_id for o in report.accepted]
    assert all(i is not None for i in ids)
    stored = {m.id: m.body["text"] for m in sim.state.messangi.values()}
    assert stored[ids[0] or ""] == "Hi Elizabeth, your balance is $10.65"
    assert stored[ids[1] or ""] == "Hi Joshua, your balance is $20.5"


def test_messangi_batch_invalid_number_is_rejected(
    sim: RunningSimulator, http: HttpxTransport
) -> None:
    request = Request(
        method="POST",
        url=sim.base_url + "/raven/v3/messages/batch",
        headers=(("Authorization", "Bearer k"), ("Content-Type", "application/json")),
        body=b'{"from":"1","text":"Hi","to":[{"to":"+525500000000","params":[]},'
        b'{"to":"12ab","params":[]}]}',
    )
    result = messangi.parse_batch(http.handle(request))
    assert [m.mobile for m in result.messages] == ["+525500000000"]
    assert result.invalid_numbers == ("12ab",)


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []  # noqa: RUF012 (one test's inbox)
    arrived = threading.Event()

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()
        type(self).arrived.set()

    def log_message(self, format: str, *args: Any) -> None:
        return None


def test_messangi_callbacks_go_to_loopback_only(
    sim: RunningSimulator, http: HttpxTransport
) -> None:
    receiver = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    try:
        local = f"http://127.0.0.1:{receiver.server_address[1]}/dr"
        remote = "https://callbacks.example.com/dr"
        client = MessangiClient(http, api_key="k", base_url=sim.base_url + "/raven")
        sent = client.send(
            sender="12345",
            text="hello",
            to="+525500000005",
            request_dr=True,
            callbacks=[local, remote],
            external_id="camp-1",
        )
        assert _Receiver.arrived.wait(3.0)
        deadline = time.monotonic() + 3.0
        while len([c for c in sim.state.callbacks if c.payload["id"] == sent.id]) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        receiver.shutdown()
        thread.join(3.0)
    report = messangi.parse_callback(_Receiver.received[0])
    assert (report.id, report.status, report.final, report.delivered) == (
        sent.id,
        "DELIVRD",
        True,
        True,
    )
    assert (report.to, report.message, report.external_id, report.callback) == (
        "+525500000005",
        "hello",
        "camp-1",
        local,
    )
    outcomes = {c.url: c.outcome for c in sim.state.callbacks if c.payload["id"] == sent.id}
    assert outcomes == {local: "posted 200", remote: "refused: not a loopback address"}


# --- mGage gateway and export --------------------------------------------------------------


def test_gateway_send_shows_up_in_the_paged_export(
    sim: RunningSimulator, http: HttpxTransport
) -> None:
    gateway = MgageGatewayClient(
        http,
        endpoint=sim.base_url + GATEWAY_PATH,
        username="user",
        password="pass",
        program_id="121811",
        spoof_from="87767",
    )
    report = gateway.send(
        "Your code is 1234", ["+1 213-555-0123", "12135550123", "not a number", "+1 415 555 0199"]
    )
    assert [(o.recipient, o.outcome, o.code) for o in report.outcomes] == [
        ("+1 213-555-0123", Outcome.ACCEPTED, "0"),
        ("12135550123", Outcome.DUPLICATE, None),
        ("not a number", Outcome.REJECTED, None),
        ("+1 415 555 0199", Outcome.ACCEPTED, "0"),
    ]
    assert report.accepted[0].message == "Request accepted onto the platform."
    assert sim.state.gateway_requests[-1]["numbers"] == "12135550123,14155550199"

    export = MgageExportClient(
        http, username="user", password="pass", base_url=sim.base_url + "/api/messages/program/"
    )
    pages = list(export.pages("121811", message_type="MT", page_size=1))
    assert [len(p.messages) for p in pages] == [1, 1]
    assert pages[0].next_page_url == (
        sim.base_url + "/api/messages/program/121811?messageType=MT&pageSize=1&page=2"
    )
    assert pages[1].next_page_url is None
    messages = list(export.messages("121811"))
    assert [(m.type, m.number, m.body, m.delivery_status) for m in messages] == [
        ("MT", "12135550123", "Your code is 1234", "Delivered"),
        ("MT", "14155550199", "Your code is 1234", "Delivered"),
    ]


def test_gateway_refuses_a_long_message_with_107_per_number(
    sim: RunningSimulator, http: HttpxTransport
) -> None:
    url = (
        f"{sim.base_url}{GATEWAY_PATH}?message={'a' * 161}&message_billed=no&message_type=sms"
        "&numbers=12135550123%2C14155550199&spoof_from=87767&program_id=9"
    )
    answer = http.handle(
        Request(method="POST", url=url, headers=(("Authorization", "Basic dTpw"),))
    )
    result = mgage_gateway.parse_send(answer, numbers=["12135550123", "14155550199"])
    assert not result.ok
    assert [(r.number, r.code, r.message) for r in result.recipients] == [
        (n, "107", "Too many characters in message – should be < 160, found 161.")
        for n in ("12135550123", "14155550199")
    ]


def test_gateway_without_numbers_is_109(sim: RunningSimulator, http: HttpxTransport) -> None:
    url = (
        f"{sim.base_url}{GATEWAY_PATH}?message=hi&message_billed=no&message_type=sms"
        "&spoof_from=1&program_id=9"
    )
    answer = http.handle(
        Request(method="POST", url=url, headers=(("Authorization", "Basic dTpw"),))
    )
    with pytest.raises(ProviderError) as info:
        mgage_gateway.parse_send(answer)
    assert (info.value.code, info.value.message) == (
        "109",
        "You must specify at least one recipient.",
    )


def test_gateway_and_export_need_basic_auth(sim: RunningSimulator, http: HttpxTransport) -> None:
    gateway = http.handle(Request(method="POST", url=f"{sim.base_url}{GATEWAY_PATH}?message=hi"))
    assert (gateway.status, gateway.header("www-authenticate")) == (401, 'Basic realm="mGage"')
    export = http.handle(Request(method="GET", url=f"{sim.base_url}/api/messages/program/1"))
    assert export.status == 401
    with pytest.raises(ProviderError) as info:
        mgage_export.parse_page(export)
    assert info.value.code == "401"


def test_export_page_size_over_500_is_400(sim: RunningSimulator, http: HttpxTransport) -> None:
    url = f"{sim.base_url}/api/messages/program/1?pageSize=501"
    answer = http.handle(Request(method="GET", url=url, headers=(("Authorization", "Basic dTpw"),)))
    assert answer.status == 400
    assert json.loads(answer.body)["meta"]["generalErrors"] == [
        "pageSize: " + mgage_export.HTTP_STATUS_TEXTS["400"]
    ]
    with pytest.raises(ProviderError) as info:
        mgage_export.parse_page(answer)
    assert info.value.code == "400"


def test_async_export_iterates_pages(sim: RunningSimulator) -> None:
    for i in range(5):
        sim.state.add_export(
            ExportRecord(
                program_id="777",
                type="MO",
                delivery_status="Received",
                number=f"1555000000{i}",
                body=f"msg {i}",
                date=datetime(2024, 5, 1, 12, 0, i),
                network="T-Mobile",
            )
        )

    async def main() -> list[str]:
        async with AsyncHttpxTransport() as transport:
            client = AsyncMgageExportClient(
                transport,
                username="u",
                password="p",
                base_url=sim.base_url + "/api/messages/program/",
            )
            return [m.body async for m in client.messages("777", page_size=2)]

    assert asyncio.run(main()) == ["msg 0", "msg 1", "msg 2", "msg 3", "msg 4"]


# --- Acoustic ------------------------------------------------------------------------------


def _acoustic(sim: RunningSimulator, http: HttpxTransport) -> AcousticClient:
    return AcousticClient(
        http, client_id="cid", client_secret="secret", refresh_token="rt", base_url=sim.base_url
    )


def test_acoustic_send_pending_then_complete(
    sim: RunningSimulator, http: HttpxTransport, clock: FakeClock
) -> None:
    client = _acoustic(sim, http)
    accepted = client.send(
        channel_qualifier="129856",
        contacts=[("19492319304", {"PIN": "1234"}), "1833920903"],
        content="Hello. Here is the PIN you requested %%PIN%%.",
        personalization_defaults={"PIN": "0000"},
    )
    assert accepted.location == f"{sim.base_url}/rest/channels/sms/sends/{accepted.id}/status"
    assert client.status(accepted.id).state == acoustic.StatusState.PENDING
    clock.now += DELAY
    status = client.status(accepted.id)
    assert status.state == acoustic.StatusState.COMPLETE
    assert [(c.phone_number, c.sms_sent) for c in status.contacts] == [
        ("19492319304", True),
        ("1833920903", True),
    ]
    assert sim.state.acoustic_sends[accepted.id].texts == [
        "Hello. Here is the PIN you requested 1234.",
        "Hello. Here is the PIN you requested 0000.",
    ]
    assert client.token_requests == 1  # one token, reused for send and both status reads


def test_acoustic_400_texts(sim: RunningSimulator, http: HttpxTransport) -> None:
    token = _acoustic(sim, http).token()
    cases = [
        ({"content": "x" * 801}, "The message exceeded the maximum 800 character limit."),
        ({"content": "Hi %%FIRST NAME%%"}, "Wrong personalization tags FIRST NAME"),
        ({"content": ""}, "SMS content should be present"),
    ]
    for extra, text in cases:
        request = acoustic.build_send(
            token=token,
            channel_qualifier="1",
            contacts=["19495001234"],
            base_url=sim.base_url,
            check=False,
            **extra,  # type: ignore[arg-type]
        )
        with pytest.raises(ProviderError) as info:
            acoustic.parse_send(http.handle(request))
        assert (info.value.code, info.value.message, info.value.status) == ("400", text, 400)


def test_acoustic_expired_token_is_refreshed_once(http: HttpxTransport) -> None:
    clock = FakeClock()
    config = SimulatorConfig(acoustic_oauth=("cid", "secret", "rt"), token_lifetime=60)
    with running(config=config, state=SimulatorState(clock=clock)) as server:
        client = AcousticClient(
            http,
            client_id="cid",
            client_secret="secret",
            refresh_token="rt",
            base_url=server.base_url,
        )
        first = client.token()
        clock.now += 61  # the server says expired; the client's own clock does not know yet
        accepted = client.send(channel_qualifier="1", contacts=["19495001234"], content="Hi")
        assert accepted.id in server.state.acoustic_sends
        assert client.token_requests == 2
        assert client.token() != first
        bad = AcousticClient(
            http,
            client_id="cid",
            client_secret="wrong",
            refresh_token="rt",
            base_url=server.base_url,
        )
        with pytest.raises(ProviderError) as info:
            bad.token()
        assert (info.value.code, info.value.message) == ("401", "Bad credentials")


def test_acoustic_send_plan_with_credentials_and_a_stale_plan_token(
    sim: RunningSimulator, http: HttpxTransport, clock: FakeClock
) -> None:
    config = SimulatorConfig(acoustic_oauth=("cid", "secret", "rt"))
    with running(config=config, state=SimulatorState(clock=clock)) as server:
        client = AcousticClient(
            http,
            credentials=acoustic.Credentials(
                client_id="cid", client_secret="secret", refresh_token="rt"
            ),
            base_url=server.base_url,
        )
        plan = acoustic.plan_send(
            "PIN %%PIN%%",
            [("+1 949 231 9304", {"PIN": "1234"}), "19492319304", "+1 833 920 9030"],
            credentials=acoustic.Credentials("stale-token"),  # replaced by the client's
            program_id="1",
            base_url=server.base_url,
            defaults={"PIN": "0000"},
            batch_size=1,
        )
        report = client.send_plan(plan)
        assert [(o.recipient, o.outcome) for o in report.outcomes] == [
            ("19492319304", Outcome.ACCEPTED),
            ("18339209030", Outcome.ACCEPTED),
        ]
        assert (report.requests, client.token_requests) == (2, 1)
        sends = server.state.acoustic_sends
        assert [sends[o.message_id].texts for o in report.outcomes if o.message_id] == [
            ["PIN 1234"],
            ["PIN 0000"],
        ]


def test_acoustic_unknown_token_401_text_is_masked(
    sim: RunningSimulator, http: HttpxTransport
) -> None:
    config = SimulatorConfig(acoustic_oauth=("cid", "secret", "rt"))
    with running(config=config) as server:
        request = acoustic.build_status(
            token="leaked-token", transaction_id="x", base_url=server.base_url
        )
        answer = http.handle(request)
        assert answer.status == 401
        with pytest.raises(ProviderError) as info:
            acoustic.parse_status(answer)
    assert info.value.message == "The access token has expired. Token provided was: ***"
    assert "leaked-token" not in str(info.value)


def test_async_acoustic_batches_against_simulator(sim: RunningSimulator) -> None:
    numbers = [str(19495000000 + i) for i in range(2500)]

    async def main() -> tuple[int, int, int]:
        async with AsyncHttpxTransport() as transport:
            client = AsyncAcousticClient(
                transport,
                client_id="c",
                client_secret="s",
                refresh_token="r",
                base_url=sim.base_url,
            )
            report = await client.send_batches(
                channel_qualifier="1", contacts=numbers, content="Hi"
            )
            return len(report.accepted), report.requests, client.token_requests

    assert asyncio.run(main()) == (2500, 3, 1)
