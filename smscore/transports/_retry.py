"""Retry policy for reads, and the two loops (sync and async) that apply it.

Sends are never retried: an SMS send is not idempotent (a lost answer does not mean a lost
message) and Acoustic says it "does not resend if the SMS send fails" (seed 003). Reads
(export pages, status, the OAuth token) are retried on connection-level failures and on
5xx answers, with exponential backoff capped at ``max_delay``; a ``Retry-After`` header in
seconds (RFC 9110 §10.2.3) lengthens the wait, never beyond ``max_delay``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

import httpx

from ..errors import InvalidRequest, TransportError
from ..wire import Request, Response, scrub_response

__all__ = [
    "DEFAULT_RETRY",
    "NO_RETRY",
    "AsyncTransport",
    "RetryPolicy",
    "Transport",
    "afetch",
    "asend_once",
    "fetch",
    "is_retryable",
    "send_once",
]


class Transport(Protocol):
    """Anything that turns one :class:`Request` into one :class:`Response`, synchronously."""

    def handle(self, request: Request) -> Response:
        """Perform one HTTP exchange; raise :class:`TransportError` when it fails."""
        ...


class AsyncTransport(Protocol):
    """The async twin of :class:`Transport`."""

    def handle(self, request: Request) -> Awaitable[Response]:
        """Perform one HTTP exchange; raise :class:`TransportError` when it fails."""
        ...


# Failures where the request may not have reached the server, or the answer was lost:
# safe to repeat for an idempotent read. Bad URLs and unsupported schemes are not here.
_RETRYABLE_CAUSES: tuple[type[BaseException], ...] = (
    OSError,
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


def is_retryable(error: TransportError) -> bool:
    """Whether a failed read may be tried again: the cause is a connection-level failure.

    >>> err = TransportError("GET http://x/: ConnectError")
    >>> err.__cause__ = httpx.ConnectError("refused")
    >>> is_retryable(err)
    True
    """
    return isinstance(error.__cause__, _RETRYABLE_CAUSES)


def _positive_number(name: str, value: object, *, allow_zero: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequest(
            f"{name} must be a number, got {value!r}",
            field=name,
            value=value,
            rule="a number of seconds",
        )
    if value < 0 or (value == 0 and not allow_zero):
        rule = "zero or more" if allow_zero else "more than zero"
        raise InvalidRequest(
            f"{name} must be {rule}, got {value!r}", field=name, value=value, rule=rule
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How often and how patiently a read is repeated.

    ``attempts`` counts every try, the first included (1 means no retry). The wait before
    try ``n + 1`` is ``backoff * factor ** (n - 1)``, capped at ``max_delay``.

    >>> RetryPolicy(attempts=4, backoff=0.5).delays()
    (0.5, 1.0, 2.0)
    """

    attempts: int = 3
    backoff: float = 0.25
    factor: float = 2.0
    max_delay: float = 5.0

    def __post_init__(self) -> None:
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int):
            raise InvalidRequest(
                f"attempts must be an int, got {self.attempts!r}",
                field="attempts",
                value=self.attempts,
                rule="a whole number of tries, 1 or more",
            )
        if self.attempts < 1:
            raise InvalidRequest(
                f"attempts must be 1 or more, got {self.attempts!r}",
                field="attempts",
                value=self.attempts,
                rule="a whole number of tries, 1 or more",
            )
        _positive_number("backoff", self.backoff, allow_zero=True)
        _positive_number("max_delay", self.max_delay, allow_zero=True)
        _positive_number("factor", self.factor, allow_zero=False)

    def delays(self) -> tuple[float, ...]:
        """The waits between tries, without ``Retry-After``.

        >>> RetryPolicy(attempts=3, backoff=1, factor=3, max_delay=2).delays()
        (1, 2)
        """
        return tuple(self.delay(n) for n in range(1, self.attempts))

    def delay(self, failed: int, response: Response | None = None) -> float:
        """Seconds to wait after ``failed`` tries; a ``Retry-After`` in seconds lengthens it.

        >>> RetryPolicy().delay(2)
        0.5
        """
        wait = min(self.max_delay, self.backoff * self.factor ** (failed - 1))
        if response is not None:
            after = response.header("retry-after")
            # RFC 9110 §10.2.3: delay-seconds is 1*DIGIT; an HTTP-date is ignored here.
            if after is not None and after.strip().isdigit():
                wait = max(wait, min(self.max_delay, float(after.strip())))
        return wait

    def retries_status(self, status: int) -> bool:
        """Whether an answer with this status is tried again (every 5xx).

        >>> RetryPolicy().retries_status(503), RetryPolicy().retries_status(404)
        (True, False)
        """
        return 500 <= status <= 599


#: The policy clients use for reads unless told otherwise.
DEFAULT_RETRY = RetryPolicy()
#: One try only.
NO_RETRY = RetryPolicy(attempts=1)


def _note(error: TransportError, tries: int) -> None:
    if tries > 1:
        error.add_note(f"gave up after {tries} tries")


def fetch(
    transport: Transport,
    request: Request,
    policy: RetryPolicy = DEFAULT_RETRY,
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> Response:
    """Perform an idempotent read, retrying connection failures and 5xx answers.

    The last 5xx answer is returned when tries run out (the provider's ``parse_*`` turns it
    into its error); the last :class:`TransportError` is raised. Never use it for a send.
    The answer comes back with the request's credentials masked (``wire.scrub_response``).

    >>> from smscore.transports import MockTransport
    >>> answers = iter([Response(status=503), Response(status=200, body=b"ok")])
    >>> t = MockTransport(lambda request: next(answers))
    >>> fetch(t, Request(method="GET", url="http://x/"), sleep=lambda s: None).body
    b'ok'
    """
    for tries in range(1, policy.attempts + 1):
        try:
            response = transport.handle(request)
        except TransportError as exc:
            if tries == policy.attempts or not is_retryable(exc):
                _note(exc, tries)
                raise
            sleep(policy.delay(tries))
            continue
        if tries == policy.attempts or not policy.retries_status(response.status):
            return scrub_response(response, request)
        sleep(policy.delay(tries, response))
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


async def afetch(
    transport: AsyncTransport,
    request: Request,
    policy: RetryPolicy = DEFAULT_RETRY,
    *,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Response:
    """The async twin of :func:`fetch`.

    >>> import asyncio
    >>> from smscore.transports import AsyncMockTransport
    >>> t = AsyncMockTransport(lambda request: Response(status=200))
    >>> asyncio.run(afetch(t, Request(method="GET", url="http://x/"))).status
    200
    """
    for tries in range(1, policy.attempts + 1):
        try:
            response = await transport.handle(request)
        except TransportError as exc:
            if tries == policy.attempts or not is_retryable(exc):
                _note(exc, tries)
                raise
            await sleep(policy.delay(tries))
            continue
        if tries == policy.attempts or not policy.retries_status(response.status):
            return scrub_response(response, request)
        await sleep(policy.delay(tries, response))
    raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


def send_once(transport: Transport, request: Request) -> Response:
    """One exchange, never retried (a send); the answer with the request's credentials masked.

    A server that echoes a credential (``"Bearer <key> was rejected"``) must not put it in
    an error message or a per-recipient outcome: the clients read every answer through here
    or :func:`fetch`.
    """
    return scrub_response(transport.handle(request), request)


async def asend_once(transport: AsyncTransport, request: Request) -> Response:
    """The async twin of :func:`send_once`."""
    return scrub_response(await transport.handle(request), request)
