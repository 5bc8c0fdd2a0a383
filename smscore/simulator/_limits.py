"""The simulator's limits: request body size, request-head time, and the optional request log.

- :class:`Guard` (ASGI middleware): a body over ``max_body_bytes`` gets 413 before it is read
  whole (a ``Content-Length`` over it at once, a chunked body as soon as it passes it); a body
  whose next piece takes over ``header_timeout`` seconds gets 408; with a ``request_log``
  path, one JSON line per request with every credential masked.
- :class:`HeadTimeoutProtocol` (uvicorn's h11 protocol): a connection must send a whole request
  head within ``header_timeout`` seconds, or it is closed. uvicorn bounds only the idle time
  between requests (``timeout_keep_alive``), so a client sending one header line every two
  seconds would otherwise hold its connection for ever.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import mask_credentials
from ..wire import Request, redact_url

__all__ = ["Guard", "HeadTimeoutProtocol", "head_timeout_protocol"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Bytes of a request body kept in a request-log line (the rest is counted, not kept).
LOG_BODY_BYTES = 4096


class _TooLarge(BaseException):
    """Raised from ``receive`` past the limit; a BaseException so that Starlette's error
    middleware (which answers 500 to any Exception) lets it through to :class:`Guard`."""


class _TooSlow(BaseException):
    """Raised from ``receive`` when the next piece of the body does not come in time."""


async def _answer_413(send: Send, limit: int) -> None:
    text = f"Payload Too Large: the simulator takes bodies of at most {limit} bytes"
    await _answer(send, 413, text)


async def _answer(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class _Log:
    """Appends JSON lines to a file, one writer at a time (requests run concurrently)."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self.lock, self.path.open("a", encoding="utf-8", errors="replace") as out:
            out.write(line)


def _log_entry(scope: Scope, body: bytes, size: int, status: int | None) -> dict[str, Any]:
    headers = tuple(
        (k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers") or ()
    )
    query = scope.get("query_string", b"").decode("latin-1")
    path = str(scope.get("path", ""))
    request = Request(
        method=str(scope.get("method", "")),
        url=redact_url(f"{path}?{query}" if query else path),
        headers=headers,
        body=body[:LOG_BODY_BYTES],
    )
    masked = request.masked() if _utf8(request.body) else request.to_data() | {"body": None}
    text = masked["body"]
    return {
        "time": round(time.time(), 3),
        "method": masked["method"],
        "target": mask_credentials(masked["url"]),
        "status": status,
        "headers": masked["headers"],
        "body": None if text is None else mask_credentials(text),
        "body_bytes": size,
        "body_truncated": size > LOG_BODY_BYTES,
    }


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Guard:
    """ASGI middleware: the body size limit, a wait of at most ``body_timeout`` seconds for
    each piece of the body (408 past it), and the request log when ``log_path`` is set."""

    def __init__(
        self,
        app: App,
        *,
        max_body_bytes: int,
        body_timeout: float | None = None,
        log_path: str | None = None,
    ) -> None:
        self.app = app
        self.limit = max_body_bytes
        self.body_timeout = body_timeout
        self.log = _Log(log_path) if log_path else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await _answer_413(send, self.limit)
            self._write(scope, b"", declared, 413)
            return
        kept = bytearray()
        size = 0
        status: int | None = None

        async def limited_receive() -> Message:
            nonlocal size
            try:
                message = await asyncio.wait_for(receive(), self.body_timeout)
            except TimeoutError:
                raise _TooSlow from None
            if message.get("type") == "http.request":
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.limit:
                    raise _TooLarge
                if self.log is not None and len(kept) < LOG_BODY_BYTES:
                    kept.extend(chunk[: LOG_BODY_BYTES - len(kept)])
            return message

        async def watched_send(message: Message) -> None:
            nonlocal status
            if message.get("type") == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _TooLarge:
            if status is None:
                status = 413
                await _answer_413(send, self.limit)
        except _TooSlow:
            if status is None:
                status = 408
                await _answer(send, 408, "Request Timeout: the body stopped arriving")
        self._write(scope, bytes(kept), size, status)

    def _write(self, scope: Scope, body: bytes, size: int, status: int | None) -> None:
        if self.log is not None:
            self.log.write(_log_entry(scope, body, size, status))


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name.lower() == b"content-length":
            text = value.strip()
            # h11 already refused a malformed Content-Length; a huge one is simply over.
            return int(text) if text.isdigit() and len(text) < 19 else 2**63
    return None


class HeadTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head is not complete
    within ``header_timeout`` seconds (set by :func:`head_timeout_protocol`)."""

    header_timeout: float = 10.0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the whole head is in
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_timer()  # the next request's head, on a kept-alive connection

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def head_timeout_protocol(seconds: float) -> type[HeadTimeoutProtocol]:
    """A :class:`HeadTimeoutProtocol` subclass with ``header_timeout`` set to ``seconds``."""
    return type("HeadTimeoutProtocol", (HeadTimeoutProtocol,), {"header_timeout": seconds})
