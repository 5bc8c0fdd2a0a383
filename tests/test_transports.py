"""Transports, the mock transports and the read retry policy (no network: httpx mock clients)."""

from __future__ import annotations

import asyncio
import pickle

import httpx
import pytest

from smscore import InvalidRequest, Request, Response, TransportError
from smscore.transports import (
    DEFAULT_TIMEOUT,
    NO_RETRY,
    USER_AGENT,
    AsyncHttpxTransport,
    AsyncMockTransport,
    HttpxTransport,
    MockTransport,
    RetryPolicy,
    afetch,
    fetch,
    is_retryable,
)

GET = Request(method="GET", url="http://sim.test/status/1", headers=(("Accept", "*/*"),))
SECRET_REQ = Request(
    method="POST",
    url="https://user:pa55word@sim.test/send?message=hi",
    headers=(("Authorization", "Bearer s3cr3t-token"),),
    body=b"{}",
)


# --- RetryPolicy ---------------------------------------------------------------------------


def test_default_policy_delays() -> None:
    assert RetryPolicy().delays() == (0.25, 0.5)
    assert RetryPolicy(attempts=6, backoff=1, factor=3, max_delay=10).delays() == (1, 3, 9, 10, 10)
    assert NO_RETRY.delays() == ()


def test_retry_after_lengthens_but_never_beyond_max() -> None:
    policy = RetryPolicy(backoff=0.25, max_delay=5)
    assert policy.delay(1, Response(status=503, headers=(("Retry-After", "2"),))) == 2.0
    assert policy.delay(1, Response(status=503, headers=(("Retry-After", "60"),))) == 5.0
    # an HTTP-date is not delay-seconds: the computed backoff stands
    date = (("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),)
    assert policy.delay(1, Response(status=503, headers=date)) == 0.25


def test_retries_every_5xx_only() -> None:
    policy = RetryPolicy()
    assert [
        s for s in (200, 301, 400, 404, 429, 499, 500, 503, 599, 600) if policy.retries_status(s)
    ] == [
        500,
        503,
        599,
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"attempts": 0}, "attempts", "attempts must be 1 or more, got 0"),
        ({"attempts": 2.5}, "attempts", "attempts must be an int, got 2.5"),
        ({"attempts": True}, "attempts", "attempts must be an int, got True"),
        ({"backoff": -1}, "backoff", "backoff must be zero or more, got -1"),
        ({"factor": 0}, "factor", "factor must be more than zero, got 0"),
        ({"max_delay": "5"}, "max_delay", "max_delay must be a number, got '5'"),
    ],
)
def test_policy_rejects_bad_settings(kwargs: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
    assert str(info.value) == message
    assert info.value.field == field


# --- fetch / afetch ------------------------------------------------------------------------


def _script(*answers: Response | BaseException) -> MockTransport:
    queue = list(answers)

    def handler(request: Request) -> Response:
        answer = queue.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return MockTransport(handler)


def test_fetch_retries_5xx_then_returns_success() -> None:
    slept: list[float] = []
    transport = _script(
        Response(status=503), Response(status=502), Response(status=200, body=b"ok")
    )
    answer = fetch(transport, GET, RetryPolicy(attempts=3), sleep=slept.append)
    assert (answer.status, answer.body) == (200, b"ok")
    assert slept == [0.25, 0.5]
    assert transport.requests == [GET, GET, GET]


def test_fetch_returns_last_5xx_when_tries_run_out() -> None:
    slept: list[float] = []
    transport = _script(Response(status=500, body=b"a"), Response(status=500, body=b"b"))
    answer = fetch(transport, GET, RetryPolicy(attempts=2), sleep=slept.append)
    assert (answer.status, answer.body) == (500, b"b")
    assert slept == [0.25]


def test_fetch_does_not_retry_4xx() -> None:
    slept: list[float] = []
    transport = _script(Response(status=404))
    assert fetch(transport, GET, sleep=slept.append).status == 404
    assert slept == []
    assert len(transport.requests) == 1


def test_fetch_retries_connection_errors_then_raises_with_cause() -> None:
    slept: list[float] = []
    transport = _script(ConnectionRefusedError(111, "refused"), httpx.ConnectError("refused again"))
    with pytest.raises(TransportError) as info:
        fetch(transport, GET, RetryPolicy(attempts=2), sleep=slept.append)
    assert str(info.value) == ("GET http://sim.test/status/1 failed: ConnectError: refused again")
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert info.value.__notes__ == ["gave up after 2 tries"]
    assert slept == [0.25]


def test_fetch_recovers_after_timeout() -> None:
    slept: list[float] = []
    transport = _script(httpx.ReadTimeout("slow"), Response(status=200))
    assert fetch(transport, GET, sleep=slept.append).status == 200
    assert slept == [0.25]


def test_fetch_does_not_retry_a_bad_url() -> None:
    slept: list[float] = []
    transport = _script(httpx.UnsupportedProtocol("Request URL has an unsupported protocol"))
    with pytest.raises(TransportError) as info:
        fetch(transport, GET, sleep=slept.append)
    assert not is_retryable(info.value)
    assert slept == []
    assert not hasattr(info.value, "__notes__")


def test_afetch_retries_like_fetch() -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    answers: list[Response | Exception] = [
        httpx.ConnectError("down"),
        Response(status=503),
        Response(status=200, body=b"x"),
    ]

    async def handler(request: Request) -> Response:
        answer = answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    transport = AsyncMockTransport(handler)
    answer = asyncio.run(afetch(transport, GET, sleep=sleep))
    assert (answer.status, answer.body) == (200, b"x")
    assert slept == [0.25, 0.5]
    assert len(transport.requests) == 3


def test_afetch_raises_after_tries() -> None:
    async def sleep(seconds: float) -> None:
        return None

    transport = AsyncMockTransport(lambda r: (_ for _ in ()).throw(OSError("net down")))
    with pytest.raises(TransportError, match=r"^GET http://sim.test/status/1 failed: OSError"):
        asyncio.run(afetch(transport, GET, RetryPolicy(attempts=3), sleep=sleep))
    assert len(transport.requests) == 3


# --- mock transports -----------------------------------------------------------------------


def test_mock_transport_rejects_a_handler_that_returns_something_else() -> None:
    transport = MockTransport(lambda r: "ok")  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError) as info:
        transport.handle(GET)
    assert str(info.value) == (
        "mock handler for GET http://sim.test/status/1 returned str, expected smscore.Response"
    )


def test_transport_error_never_shows_credentials() -> None:
    def handler(request: Request) -> Response:
        raise httpx.ConnectError(f"cannot send {request.header('authorization')} to {request.url}")

    with pytest.raises(TransportError) as info:
        MockTransport(handler).handle(SECRET_REQ)
    text = str(info.value)
    assert text == (
        "POST https://sim.test/send failed: ConnectError: cannot send *** to "
        "https://user:***@sim.test/send?message=hi"
    )
    assert "s3cr3t" not in text
    assert "pa55word" not in text
    assert "s3cr3t" not in repr(SECRET_REQ)
    # survives pickling (the error tree promise)
    assert str(pickle.loads(pickle.dumps(info.value))) == text


# --- httpx transports (httpx's own MockTransport underneath: real httpx request objects) ----


def test_httpx_transport_sends_the_request_exactly() -> None:
    captured: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        return httpx.Response(
            202, headers=[("Location", "/x/1"), ("X-A", "1")], content=b'{"id":"1"}'
        )

    client = httpx.Client(
        transport=httpx.MockTransport(handler), headers={"User-Agent": USER_AGENT}
    )
    request = Request(
        method="POST",
        url="https://sim.test/raven/v2/messages?a=1%202&b=x%2Cy",
        headers=(("Authorization", "Bearer k"), ("Content-Type", "application/json")),
        body=b'{"text":"\xc3\xa9"}',
    )
    with HttpxTransport(client=client) as transport:
        answer = transport.handle(request)
    assert answer.headers == (("Location", "/x/1"), ("X-A", "1"), ("Content-Length", "10"))
    assert answer.status == 202
    assert answer.body == b'{"id":"1"}'
    assert answer.header("location") == "/x/1"
    sent = captured[0]
    assert sent.method == "POST"
    assert str(sent.url) == "https://sim.test/raven/v2/messages?a=1%202&b=x%2Cy"
    assert sent.url.raw_path == b"/raven/v2/messages?a=1%202&b=x%2Cy"
    assert sent.headers["authorization"] == "Bearer k"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["user-agent"] == USER_AGENT
    assert sent.content == b'{"text":"\xc3\xa9"}'


def test_httpx_transport_maps_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    transport = HttpxTransport(client=httpx.Client(transport=httpx.MockTransport(handler)))
    with pytest.raises(TransportError) as info:
        transport.handle(GET)
    assert (
        str(info.value) == "GET http://sim.test/status/1 failed: ConnectError: connection refused"
    )
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert is_retryable(info.value)


def test_httpx_transport_maps_a_bad_url() -> None:
    with HttpxTransport() as transport, pytest.raises(TransportError) as info:
        transport.handle(Request(method="GET", url="ftp://sim.test/x"))
    assert str(info.value).startswith("GET ftp://sim.test/x failed: UnsupportedProtocol: ")
    assert not is_retryable(info.value)


def test_default_timeout_is_explicit() -> None:
    assert (DEFAULT_TIMEOUT.connect, DEFAULT_TIMEOUT.read, DEFAULT_TIMEOUT.write) == (
        5.0,
        30.0,
        30.0,
    )
    assert DEFAULT_TIMEOUT.pool == 5.0
    with HttpxTransport() as transport:
        assert repr(transport) == (
            "HttpxTransport(timeout=Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0))"
        )


def test_async_httpx_transport_round_trip() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=request.content[::-1])

    async def main() -> Response:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with AsyncHttpxTransport(client=client) as transport:
            answer = await transport.handle(
                Request(method="PUT", url="http://sim.test/", body=b"abc")
            )
        await client.aclose()
        return answer

    answer = asyncio.run(main())
    assert (answer.status, answer.body) == (200, b"cba")


def test_async_httpx_transport_maps_errors() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    async def main() -> None:
        client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        await AsyncHttpxTransport(client=client).handle(GET)

    with pytest.raises(TransportError) as info:
        asyncio.run(main())
    assert str(info.value) == "GET http://sim.test/status/1 failed: ReadTimeout: timed out"
    assert is_retryable(info.value)
