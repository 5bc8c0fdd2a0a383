"""Transports for tests: a handler function answers every request, nothing touches the network.

The handler receives the :class:`~smscore.wire.Request` exactly as a real transport would send
it and returns a :class:`~smscore.wire.Response`. To simulate a network failure it raises an
``OSError`` (``ConnectionRefusedError``...) or an ``httpx`` transport error; that becomes a
:class:`smscore.TransportError` with the original as its cause, as in the real transports, so
retry behaviour can be tested too. Every request handled is kept in ``requests``.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

import httpx

from ..errors import TransportError
from ..wire import Request, Response
from ._httpx import transport_error

__all__ = ["AsyncHandler", "AsyncMockTransport", "Handler", "MockTransport"]

Handler = Callable[[Request], Response]
AsyncHandler = Callable[[Request], Response | Awaitable[Response]]


def _checked(request: Request, answer: object) -> Response:
    if not isinstance(answer, Response):
        raise TypeError(
            f"mock handler for {request.method} {request.url} returned "
            f"{type(answer).__name__}, expected smscore.Response"
        )
    return answer


class MockTransport:
    """A synchronous transport whose answers come from ``handler``.

    >>> t = MockTransport(lambda request: Response(status=204))
    >>> t.handle(Request(method="GET", url="http://sim.test/")).status
    204
    >>> [r.url for r in t.requests]
    ['http://sim.test/']
    """

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []

    def handle(self, request: Request) -> Response:
        """Record ``request`` and return the handler's answer."""
        self.requests.append(request)
        try:
            answer = self.handler(request)
        except TransportError:
            raise
        except (OSError, httpx.HTTPError) as exc:
            raise transport_error(request, exc) from exc
        return _checked(request, answer)

    def __repr__(self) -> str:
        return f"MockTransport(handled={len(self.requests)})"


class AsyncMockTransport:
    """The async twin of :class:`MockTransport`; the handler may be sync or async.

    >>> import asyncio
    >>> async def answer(request: Request) -> Response:
    ...     return Response(status=202)
    >>> asyncio.run(AsyncMockTransport(answer).handle(Request(method="POST", url="x"))).status
    202
    """

    def __init__(self, handler: AsyncHandler) -> None:
        self.handler = handler
        self.requests: list[Request] = []

    async def handle(self, request: Request) -> Response:
        """Record ``request`` and return (awaiting if needed) the handler's answer."""
        self.requests.append(request)
        try:
            answer = self.handler(request)
            if inspect.isawaitable(answer):
                answer = await answer
        except TransportError:
            raise
        except (OSError, httpx.HTTPError) as exc:
            raise transport_error(request, exc) from exc
        return _checked(request, answer)

    def __repr__(self) -> str:
        return f"AsyncMockTransport(handled={len(self.requests)})"
