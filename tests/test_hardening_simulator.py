"""The simulator under abuse (issue 12): deep JSON, big bodies, slow clients, strict auth,
the start-up banner after binding, and the masked request log."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smscore import TransportError
from smscore.simulator import RunningSimulator, SimulatorConfig, running, serve
from smscore.simulator._common import same_secret

pytestmark = pytest.mark.integration

MESSANGI = "/raven/v2/messages"
GATEWAY = "/mgage/gateway/2.0/send"


@pytest.fixture(scope="module")
def sim() -> Iterator[RunningSimulator]:
    with running(config=SimulatorConfig(max_body_bytes=10_000, header_timeout=0.3)) as server:
        yield server


def _post(sim: RunningSimulator, path: str, body: bytes, **headers: str) -> httpx.Response:
    headers.setdefault("Authorization", "Bearer k-1234")
    return httpx.post(sim.base_url + path, content=body, headers=headers, timeout=10)


def test_messangi_deeply_nested_body_is_400_not_500() -> None:
    # before: RecursionError in the JSON helper, answered 500
    with running() as server:
        answer = _post(server, MESSANGI, b"[" * 100_000)
    assert answer.status_code == 400
    assert answer.json()["meta"]["explain"] == "Bad request: the body must be a JSON object"


def test_body_over_the_limit_is_413_from_its_content_length(sim: RunningSimulator) -> None:
    answer = _post(sim, MESSANGI, b"x" * 10_001)
    assert answer.status_code == 413
    assert answer.text == "Payload Too Large: the simulator takes bodies of at most 10000 bytes"
    assert answer.headers["connection"] == "close"


def test_body_at_the_limit_is_read(sim: RunningSimulator) -> None:
    body = json.dumps({"from": "1", "text": "t", "to": "+525500000000"}).encode()
    assert _post(sim, MESSANGI, body.ljust(10_000)).status_code == 200


def test_chunked_body_over_the_limit_is_413_before_it_ends(sim: RunningSimulator) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):  # 100 KB offered, 10 KB allowed
            yield b"y" * 1000

    answer = httpx.post(
        sim.base_url + MESSANGI,
        content=chunks(),
        headers={"Authorization": "Bearer k-1234"},
        timeout=10,
    )
    assert answer.request.headers["transfer-encoding"] == "chunked"  # no Content-Length
    assert answer.status_code == 413


def test_slow_request_head_is_closed_after_header_timeout(sim: RunningSimulator) -> None:
    with socket.create_connection((sim.host, sim.port), timeout=10) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the head never ends
        assert conn.recv(100) == b""  # closed by the server (0.3 s), not by our 10 s timeout


def test_body_that_stops_arriving_is_408(sim: RunningSimulator) -> None:
    with socket.create_connection((sim.host, sim.port), timeout=10) as conn:
        conn.sendall(
            b"POST /raven/v2/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k-1234\r\n"
            b"Content-Length: 100\r\n\r\n{"  # 1 of 100 bytes, then nothing
        )
        answer = b""
        while chunk := conn.recv(200):  # the server closes the connection after it
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert answer.endswith(b"Request Timeout: the body stopped arriving")


def test_complete_head_then_a_request_on_the_same_connection(sim: RunningSimulator) -> None:
    with socket.create_connection((sim.host, sim.port), timeout=10) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert conn.recv(12) == b"HTTP/1.1 200"


def test_non_ascii_bearer_token_is_401_not_500() -> None:
    config = SimulatorConfig(api_keys=frozenset({"right-key"}))
    with running(config=config) as server:
        answer = httpx.post(
            server.base_url + MESSANGI,
            content=b"{}",
            headers={b"Authorization": "Bearer clé".encode("latin-1")},
            timeout=10,
        )
    assert answer.status_code == 401


def test_same_secret_compares_non_ascii() -> None:
    assert same_secret("clé", "clé") is True
    assert same_secret("clé", "cle") is False


def test_strict_auth_with_no_credentials_configured_refuses_everything() -> None:
    with running(config=SimulatorConfig(strict_auth=True)) as server:
        messangi = httpx.post(
            server.base_url + MESSANGI, content=b"{}", headers={"Authorization": "Bearer any"}
        )
        gateway = httpx.post(server.base_url + GATEWAY, auth=("u", "p"))
        token = httpx.post(
            server.base_url + "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "client_id": "a",
                "client_secret": "b",
                "refresh_token": "c",
            },
        )
        send = httpx.post(
            server.base_url + "/rest/channels/sms/externalconsentsends",
            content=b"{}",
            headers={"Authorization": "Bearer not-issued"},
        )
    assert (messangi.status_code, gateway.status_code, token.status_code) == (401, 401, 401)
    assert token.json() == {"error": "invalid_client", "error_description": "Bad credentials"}
    assert send.status_code == 401


def test_strict_auth_accepts_the_configured_credentials() -> None:
    config = SimulatorConfig(
        strict_auth=True,
        api_keys=frozenset({"good-key"}),
        basic_users={"u": "pw"},
        acoustic_oauth=("a", "b", "c"),
    )
    form = {"grant_type": "refresh_token", "client_id": "a", "client_secret": "b"}
    with running(config=config) as server:
        base = server.base_url
        bad = httpx.post(base + MESSANGI, content=b"{}", headers={"Authorization": "Bearer x"})
        good = httpx.post(
            base + MESSANGI, content=b"{}", headers={"Authorization": "Bearer good-key"}
        )
        token = httpx.post(base + "/oauth/token", data={**form, "refresh_token": "c"})
        wrong = httpx.post(base + "/oauth/token", data={**form, "refresh_token": "d"})
        gateway_bad = httpx.post(base + GATEWAY, auth=("u", "nope"))
    assert bad.status_code == 401
    assert good.status_code == 400  # past auth: the body is checked
    assert token.status_code == 200
    assert wrong.status_code == 401
    assert gateway_bad.status_code == 401


def test_strict_auth_default_is_off() -> None:
    assert SimulatorConfig().strict_auth is False


def test_request_log_masks_every_credential(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    config = SimulatorConfig(request_log=str(log))
    with running(config=config) as server:
        base = server.base_url
        httpx.post(base + MESSANGI, content=b"{}", headers={"Authorization": "Bearer sk-LIVE-9"})
        httpx.post(
            base + "/oauth/token",
            data={
                "grant_type": "refresh_token",
                "client_id": "a",
                "client_secret": "cs-SECRET-1",
                "refresh_token": "rt-SECRET-2",
            },
        )
        httpx.post(base + GATEWAY + "?program_id=1", auth=("user", "pw-SECRET-3"))
    text = log.read_text(encoding="utf-8")
    for secret in ("sk-LIVE-9", "cs-SECRET-1", "rt-SECRET-2", "pw-SECRET-3", "cHctU0VD"):
        assert secret not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert [(e["method"], e["target"], e["status"]) for e in lines] == [
        ("POST", MESSANGI, 400),
        ("POST", "/oauth/token", 200),
        ("POST", GATEWAY + "?program_id=1", 200),  # the gateway's status is in the body
    ]
    assert lines[0]["headers"]["authorization"] == "Bearer ***"
    assert lines[1]["body"] == (
        "grant_type=refresh_token&client_id=a&client_secret=***&refresh_token=***"
    )
    assert lines[2]["headers"]["authorization"] == "Basic ***"


def test_config_refuses_a_bad_body_limit() -> None:
    with pytest.raises(ValueError, match="max_body_bytes must be a positive int, got 0"):
        SimulatorConfig(max_body_bytes=0)


def test_serve_on_a_busy_port_raises_before_any_banner() -> None:
    said: list[str] = []
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(TransportError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve("127.0.0.1", port, announce=said.append)
    assert said == []


def test_serve_announces_the_bound_port_for_port_0() -> None:
    code = (
        "from smscore.simulator import serve\n"
        "serve('127.0.0.1', 0, log_level='warning', announce=lambda u: print(u, flush=True))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        host, _, port = url.removeprefix("http://").rpartition(":")
        assert host == "127.0.0.1"
        assert int(port) > 0
        assert httpx.get(url + "/", timeout=10).json()["simulator"] == "smscore"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
