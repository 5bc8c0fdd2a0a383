"""Transport overhead: smscore's adapter against calling httpx directly, same request.

Group ``transport-mock``: no network (httpx's own MockTransport under both), so the
difference is the adapter alone (Request -> httpx -> Response). Group ``transport-loopback``:
a Messangi status read against the simulator over real loopback HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from smscore.providers import messangi
from smscore.simulator import RunningSimulator, running
from smscore.transports import HttpxTransport, MessangiClient

BODY = b'{"meta":{"timestamp":1},"data":{"id":"a1","status":"QUEUE"}}'


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"Content-Type": "application/json"})


@pytest.fixture(scope="module")
def mock_client() -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.MockTransport(_answer)) as client:
        yield client


@pytest.mark.benchmark(group="transport-mock")
def test_httpx_direct_mock(benchmark: BenchmarkFixture, mock_client: httpx.Client) -> None:
    def call() -> bytes:
        return mock_client.get(
            "http://sim.test/raven/v2/messages/a1", headers={"Authorization": "Bearer k"}
        ).content

    assert benchmark(call) == BODY


@pytest.mark.benchmark(group="transport-mock")
def test_smscore_transport_mock(benchmark: BenchmarkFixture, mock_client: httpx.Client) -> None:
    transport = HttpxTransport(client=mock_client)
    request = messangi.build_status("k", message_id="a1", base_url="http://sim.test/raven")

    def call() -> bytes:
        return transport.handle(request).body

    assert benchmark(call) == BODY


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running() as server:
        yield server


@pytest.mark.benchmark(group="transport-loopback")
def test_httpx_direct_loopback(benchmark: BenchmarkFixture, sim: RunningSimulator) -> None:
    with httpx.Client() as client:
        url = sim.base_url + "/raven/v2/messages"
        payload = b'{"from":"1","text":"hi","to":"+525500000005"}'
        headers = {"Authorization": "Bearer k", "Content-Type": "application/json"}

        def call() -> int:
            return client.post(url, content=payload, headers=headers).status_code

        assert benchmark(call) == 200


@pytest.mark.benchmark(group="transport-loopback")
def test_smscore_client_loopback(benchmark: BenchmarkFixture, sim: RunningSimulator) -> None:
    with HttpxTransport() as transport:
        client = MessangiClient(transport, api_key="k", base_url=sim.base_url + "/raven")

        def call() -> str:
            return client.send(sender="1", text="hi", to="+525500000005").status

        assert benchmark(call) == "QUEUE"
