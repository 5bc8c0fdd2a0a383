"""What every simulated API shares: settings, credential checks, JSON answers."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request as HttpRequest
from starlette.responses import Response as HttpResponse

from ..errors import InvalidRequest
from ..wire import json_body

__all__ = [
    "GATEWAY_PATH",
    "GATEWAY_UK_PATH",
    "SimulatorConfig",
    "basic_ok",
    "bearer_of",
    "json_answer",
    "same_secret",
]

#: The mGage Gateway's real path is not public (providers.md: "never invent a host"); the
#: simulator serves it here, and the UK variant with ``-uk`` as the seed's URLs differ.
GATEWAY_PATH = "/mgage/gateway/2.0/send"
GATEWAY_UK_PATH = "/mgage-uk/gateway/2.0/send"


def _check_delay(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidRequest(
            f"{name} must be a number of seconds, zero or more, got {value!r}",
            field=name,
            value=value,
            rule="seconds >= 0",
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulatorConfig:
    """How the simulator behaves; credentials are never shown in its ``repr``.

    Empty credential settings (the default) accept any non-empty Bearer token or Basic
    user and password, as the issue asks; set them to require real ones.

    >>> SimulatorConfig(api_keys=frozenset({"k"}), status_delay=0.1)
    SimulatorConfig(status_delay=0.1, token_lifetime=14400.0, callback_delay=0.05, ...)
    """

    #: Messangi API keys accepted as ``Bearer``; empty: any non-empty key.
    api_keys: frozenset[str] = field(default=frozenset(), repr=False)
    #: mGage (gateway and export) Basic users -> passwords; empty: any non-empty pair.
    basic_users: Mapping[str, str] = field(default_factory=dict, repr=False)
    #: Acoustic OAuth (client_id, client_secret, refresh_token); ``None``: any non-empty values,
    #: and the SMS endpoints take any non-empty Bearer except an issued token that expired.
    acoustic_oauth: tuple[str, str, str] | None = field(default=None, repr=False)
    #: Seconds before an Acoustic send's status turns from pending to done, and a Messangi
    #: message from QUEUE to DELIVRD.
    status_delay: float = 1.5
    #: Seconds an Acoustic access token lives (providers.md: tokens live 4 h).
    token_lifetime: float = 14400.0
    #: Seconds after a Messangi send before its delivery callbacks are POSTed.
    callback_delay: float = 0.05
    #: Acoustic channel qualifiers (program ids) that exist and are active; empty: all.
    acoustic_programs: frozenset[str] = frozenset()
    #: Whether SMS is enabled for the Acoustic org (``False`` answers 403 Forbidden).
    acoustic_sms_enabled: bool = True
    #: Accept only the credentials configured above (``smscore simulate --strict-auth``): an
    #: API with none configured refuses every request with 401, and the Acoustic SMS paths
    #: take only tokens the simulator issued. Off (the default): any non-empty ones, for demos.
    strict_auth: bool = False
    #: A request body over this many bytes is refused with 413 before it is read whole
    #: (a ``Content-Length`` over it at once; a chunked body as soon as it passes it).
    max_body_bytes: int = 4 * 1024 * 1024
    #: Seconds a connection has to send a whole request head (request line and headers);
    #: one sending a header line every few seconds is closed then (slow clients, slowloris).
    #: The same bound applies to each wait for the next piece of a body (408 past it).
    header_timeout: float = 10.0
    #: Seconds an idle keep-alive connection stays open between requests (uvicorn's
    #: ``timeout_keep_alive``).
    idle_timeout: float = 5.0
    #: A JSON Lines file to append one line per request to (method, path, status, masked
    #: headers and body), for debugging a client; ``None``: no log.
    request_log: str | None = None

    def __post_init__(self) -> None:
        _check_delay("status_delay", self.status_delay)
        _check_delay("callback_delay", self.callback_delay)
        _check_delay("token_lifetime", self.token_lifetime)
        _check_delay("header_timeout", self.header_timeout)
        _check_delay("idle_timeout", self.idle_timeout)
        limit = self.max_body_bytes
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise InvalidRequest(
                f"max_body_bytes must be a positive int, got {limit!r}",
                field="max_body_bytes",
                value=limit,
                rule="bytes >= 1",
            )
        if self.request_log is not None and not isinstance(self.request_log, str):
            raise InvalidRequest(
                f"request_log must be a path (str) or None, got {type(self.request_log).__name__}",
                field="request_log",
                rule="a file path",
            )

    def __repr__(self) -> str:
        return (
            f"SimulatorConfig(status_delay={self.status_delay!r}, "
            f"token_lifetime={float(self.token_lifetime)!r}, "
            f"callback_delay={self.callback_delay!r}, ...)"
        )


def json_answer(status: int, data: Any, headers: Mapping[str, str] | None = None) -> HttpResponse:
    """A JSON answer in the project's one encoding (compact UTF-8)."""
    return HttpResponse(
        json_body(data), status_code=status, media_type="application/json", headers=headers
    )


def bearer_of(request: HttpRequest) -> str | None:
    """The token of an ``Authorization: Bearer`` header (RFC 6750 §2.1), or ``None``."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def same_secret(given: str, known: str) -> bool:
    """Constant-time equality of two secrets; bytes, as ``compare_digest`` refuses non-ASCII
    str (a TypeError, answered 500, for a header with a non-ASCII token)."""
    return secrets.compare_digest(
        given.encode("utf-8", "surrogatepass"), known.encode("utf-8", "surrogatepass")
    )


def token_accepted(token: str | None, accepted: frozenset[str], strict: bool = False) -> bool:
    """A non-empty token, and one of ``accepted`` when that is set or ``strict`` (constant-time
    compare)."""
    if not token:
        return False
    if not accepted and not strict:
        return True
    return any(same_secret(token, known) for known in accepted)


def basic_ok(request: HttpRequest, users: Mapping[str, str], strict: bool = False) -> bool:
    """HTTP Basic (RFC 7617 §2): non-empty user and password, matching ``users`` when set or
    ``strict``."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    user, sep, password = decoded.partition(":")
    if not sep or not user or not password:
        return False
    if not users and not strict:
        return True
    expected = users.get(user)
    return expected is not None and same_secret(password, expected)


async def json_of(request: HttpRequest) -> tuple[Any, bool]:
    """The decoded JSON body and whether it decoded (nested past the parser's depth: no)."""
    raw = await request.body()
    try:
        return json.loads(raw), True
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, False
