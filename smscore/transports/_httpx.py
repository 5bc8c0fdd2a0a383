"""The httpx adapters: one :class:`~smscore.wire.Request` in, one ``Response`` out.

One ``httpx.Client`` (or ``AsyncClient``) per transport keeps connections alive between
requests. Redirects are not followed (a redirected POST must not be replayed silently).
Every httpx failure becomes :class:`smscore.TransportError`, the original in ``__cause__``;
the message names the method, the URL without its query and credentials, and the failure.
"""

from __future__ import annotations

from types import TracebackType
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..errors import TransportError
from ..wire import SENSITIVE_HEADERS, Request, Response

__all__ = ["DEFAULT_TIMEOUT", "USER_AGENT", "AsyncHttpxTransport", "HttpxTransport"]

#: Seconds: 5 to connect or wait for a pooled connection, 30 to send or receive.
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
USER_AGENT = f"smscore/{__version__}"


def _where(url: str) -> str:
    """The URL without user-info, query or fragment: safe for an error message."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<unparsable URL>"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _scrub(text: str, request: Request) -> str:
    """Remove every credential the request carries from ``text`` (defence in depth)."""
    secrets: list[str] = []
    for name, value in request.headers:
        if name.lower() in SENSITIVE_HEADERS:
            secrets.append(value)
            secrets.append(value.partition(" ")[2])
    try:
        parts = urlsplit(request.url)
        if parts.password:
            secrets.append(parts.password)
    except ValueError:
        pass
    for secret in sorted(set(secrets), key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


def transport_error(request: Request, exc: BaseException) -> TransportError:
    """The :class:`TransportError` for a failed exchange (the caller chains ``exc``).

    >>> r = Request(method="GET", url="https://u:s3cret@h.test/p?q=1")
    >>> str(transport_error(r, httpx.ConnectError("refused")))
    'GET https://h.test/p failed: ConnectError: refused'
    """
    detail = _scrub(str(exc), request) or "(no detail)"
    return TransportError(
        f"{request.method} {_where(request.url)} failed: {type(exc).__name__}: {detail}"
    )


def _headers(raw: list[tuple[bytes, bytes]]) -> tuple[tuple[str, str], ...]:
    # RFC 9110 §5.5: field values are octets; latin-1 keeps every byte.
    return tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in raw)


def _response(answer: httpx.Response) -> Response:
    return Response(
        status=answer.status_code, headers=_headers(answer.headers.raw), body=answer.content
    )


class HttpxTransport:
    """Synchronous transport on a kept-alive ``httpx.Client``.

    >>> with HttpxTransport() as transport:  # doctest: +SKIP
    ...     transport.handle(Request(method="GET", url="http://127.0.0.1:8000/")).status
    200
    """

    def __init__(
        self,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        client: httpx.Client | None = None,
        verify: bool = True,
    ) -> None:
        self._owns_client = client is None
        self._client = client or httpx.Client(
            timeout=timeout,
            verify=verify,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    def handle(self, request: Request) -> Response:
        """Send ``request`` once and return the answer; :class:`TransportError` on failure."""
        try:
            answer = self._client.request(
                request.method, request.url, headers=list(request.headers), content=request.body
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise transport_error(request, exc) from exc
        return _response(answer)

    def close(self) -> None:
        """Close the connection pool (only when this transport created the client)."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> HttpxTransport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"HttpxTransport(timeout={self._client.timeout!r})"


class AsyncHttpxTransport:
    """Asynchronous transport on a kept-alive ``httpx.AsyncClient``.

    >>> async def main() -> int:  # doctest: +SKIP
    ...     async with AsyncHttpxTransport() as transport:
    ...         answer = await transport.handle(Request(method="GET", url="http://127.0.0.1/"))
    ...         return answer.status
    """

    def __init__(
        self,
        *,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        client: httpx.AsyncClient | None = None,
        verify: bool = True,
    ) -> None:
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=timeout,
            verify=verify,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
        )

    async def handle(self, request: Request) -> Response:
        """Send ``request`` once and return the answer; :class:`TransportError` on failure."""
        try:
            answer = await self._client.request(
                request.method, request.url, headers=list(request.headers), content=request.body
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise transport_error(request, exc) from exc
        return _response(answer)

    async def aclose(self) -> None:
        """Close the connection pool (only when this transport created the client)."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> AsyncHttpxTransport:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncHttpxTransport(timeout={self._client.timeout!r})"
