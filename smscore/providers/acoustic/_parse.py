"""Acoustic answers (seed 003, providers.md): the token, the 202 send answer, the status.

Every function here takes a :class:`~smscore.wire.Response` and returns a typed result, raises
:class:`~smscore.errors.ProviderError` with Acoustic's code (the HTTP status) and words, or
:class:`~smscore.errors.UnexpectedResponse` (with the raw body) for a body in no documented
shape; never a bare KeyError/TypeError. An access token echoed by a 401 is masked.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final
from urllib.parse import unquote

from ...errors import InvalidRequest, ProviderError, UnexpectedResponse
from ...wire import Response, split_url
from .._common import SendPlan
from .._guard import require_response
from ._rules import (
    ERRORS,
    NAME,
    STATUS_NOT_FOUND_TEXT,
    TOKEN_LIFETIME_SECONDS,
    TOKEN_REFRESH_AFTER_SECONDS,
    UNAUTHORIZED_TEXT,
)

_NAME: Final = NAME
# seed 003: "The access token has expired. Token provided was: {Token}" -> mask the token.
_TOKEN_ECHO_RE: Final = re.compile(r"(Token provided was:\s*)\S+")
_BEARER_RE: Final = re.compile(r"(Bearer\s+)[^\s\"',;]+", re.IGNORECASE)
_NOT_FOUND: Final = STATUS_NOT_FOUND_TEXT
# providers.md: tokens live 4 h; refresh about every 3 h.
_LIFETIME: Final = TOKEN_LIFETIME_SECONDS
_REFRESH_MARGIN: Final = timedelta(seconds=TOKEN_LIFETIME_SECONDS - TOKEN_REFRESH_AFTER_SECONDS)
# The text of an answer with an empty body: a 401 is "unauthorized" and no more (the seed's
# "The access token has expired" only when the body says so: rules.json
# unauthorized-empty-body); a 403 is the seed's "Forbidden", which is also the reason phrase.
_STATUS_TEXTS: Final = {
    401: UNAUTHORIZED_TEXT,
    403: str(ERRORS["forbidden"]["text"]),
}
# providers.md: the status path; a Location header of this shape names the transaction id.
_STATUS_PATH_RE: Final = re.compile(r"/rest/channels/sms/sends/([^/?#]+)/status/?$")


def mask_token_text(text: str) -> str:
    """Mask an access token that an Acoustic error text echoes.

    >>> mask_token_text("The access token has expired. Token provided was: eyJ0.abc")
    'The access token has expired. Token provided was: ***'
    """
    return _BEARER_RE.sub(r"\1***", _TOKEN_ECHO_RE.sub(r"\1***", text))


@dataclass(frozen=True, slots=True, kw_only=True)
class Token:
    """An OAuth access token and when it expires (``now`` given to :func:`parse_token` plus
    ``expires_in``). ``repr`` never shows the token values.

    >>> from datetime import datetime, timezone
    >>> t = Token(access_token="abc", expires_in=14400,
    ...           expires_at=datetime(2024, 1, 1, 4, tzinfo=timezone.utc))
    >>> "abc" in repr(t)
    False
    """

    access_token: str = field(repr=False)
    token_type: str = "bearer"
    expires_in: int
    expires_at: datetime
    refresh_token: str | None = field(default=None, repr=False)

    def expired(self, now: datetime, *, margin: timedelta = timedelta(0)) -> bool:
        """Whether the token is expired at ``now`` (or within ``margin`` of it).

        providers.md: tokens live 4 h; refresh about an hour early (``margin=timedelta(hours=1)``).
        """
        return now + margin >= self.expires_at

    def refresh_due(self, now: datetime) -> bool:
        """Whether to fetch a new token at ``now``: providers.md says tokens live 4 h and
        should be refreshed about every 3 h, so one hour before ``expires_at``."""
        return self.expired(now, margin=_REFRESH_MARGIN)


@dataclass(frozen=True, slots=True, kw_only=True)
class SendAccepted:
    """The 202 answer to a send: the transaction ``id`` (opaque), its ``location``, and the
    recipients it covers (from the plan given to :func:`parse_send`; empty without one).
    Every one is accepted under ``id``; whether each SMS went out is in the status
    (:func:`parse_status`, one :class:`ContactStatus` each)."""

    id: str
    location: str | None = None
    recipients: tuple[str, ...] = ()


class StatusState(enum.StrEnum):
    """Where a send stands. ``PENDING``: Acoustic's "Transaction status not found" (not ready
    yet, or an unknown id); ``PROCESSING``: fewer contacts processed than sent;
    ``COMPLETE``: every contact processed (each has its own ``sms_sent``)."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETE = "complete"


@dataclass(frozen=True, slots=True, kw_only=True)
class ContactStatus:
    """One contact of a send: the number as Acoustic echoes it, whether the SMS went out,
    and Acoustic's message when it did not (``"Invalid phone number."``)."""

    phone_number: str
    sms_sent: bool
    message: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SendStatus:
    """The status answer: totals, one entry per contact, errors, and the state."""

    state: StatusState
    total_contacts: int | None = None
    contacts_processed: int | None = None
    contacts: tuple[ContactStatus, ...] = ()
    errors: tuple[str, ...] = ()
    message: str | None = None


def _unexpected(response: Response, why: str) -> UnexpectedResponse:
    body = response.body
    if response.status == 401:
        body = mask_token_text(response.text()).encode("utf-8")
    return UnexpectedResponse(_NAME, why, status=response.status, body=body)


def _json(response: Response) -> Any:
    require_response(response)
    try:
        return json.loads(response.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _NOT_JSON


_NOT_JSON: Final = object()


def _texts(value: Any) -> list[str]:
    """Error texts from a list of strings or of objects with a ``message``."""
    if isinstance(value, str):
        return [value] if value else []
    out: list[str] = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str) and item:
                out.append(item)
            elif isinstance(item, dict):
                msg = item.get("message", item.get("description"))
                if isinstance(msg, str) and msg:
                    out.append(msg)
                elif item:
                    out.append(json.dumps(item, ensure_ascii=False, sort_keys=True))
    elif isinstance(value, dict):  # meta.fieldErrors: {field: text or [texts]}
        for item in value.values():
            out.extend(_texts(item))
    return out


def _error_texts(data: Any) -> list[str]:
    """Every error text in the documented places: meta.generalErrors and meta.fieldErrors
    (providers.md), data.errors (the status answer), OAuth error/error_description
    (RFC 6749 §5.2), and a top-level message."""
    if not isinstance(data, dict):
        return []
    out: list[str] = []
    meta = data.get("meta")
    if isinstance(meta, dict):
        out += _texts(meta.get("generalErrors")) + _texts(meta.get("fieldErrors"))
    inner = data.get("data")
    if isinstance(inner, dict):
        out += _texts(inner.get("errors"))
    description = data.get("error_description")
    if isinstance(description, str) and description:
        out.append(description)
    elif isinstance(data.get("error"), str) and data["error"]:
        out.append(data["error"])
    for key in ("message", "errorMessage"):
        out += _texts(data.get(key))
    return out


def _raise_error(response: Response, data: Any) -> None:
    """For a non-2xx answer: the ProviderError Acoustic's words make, code = the status."""
    texts = _error_texts(data)
    if not texts and data is _NOT_JSON:
        plain = response.text().strip()
        if plain and not plain.startswith(("{", "[", "<")) and len(plain) <= 500:
            texts = [plain]
    if not texts and response.status in _STATUS_TEXTS and not response.body.strip():
        # An empty 401 or 403: the status's own meaning (issue 10, point 14).
        texts = [_STATUS_TEXTS[response.status]]
    if not texts:
        raise _unexpected(response, f"HTTP {response.status} with no error text Acoustic documents")
    message = "; ".join(dict.fromkeys(mask_token_text(t) for t in texts))
    raise ProviderError(_NAME, str(response.status), message, response.status)


def parse_token(response: Response, *, now: datetime, default_expires_in: int = _LIFETIME) -> Token:
    """The OAuth token answer (RFC 6749 §5.1): ``access_token`` and ``expires_in`` seconds,
    expiring at ``now + expires_in``. An error answer (§5.2) raises ProviderError. When the
    answer has no ``expires_in`` (RFC 6749 makes it optional), ``default_expires_in`` applies
    (providers.md: Acoustic tokens live 4 h; an assumption, so it can be overridden).

    >>> from datetime import datetime, timezone
    >>> t = parse_token(Response(status=200, body=b'{"access_token":"a","expires_in":14399}'),
    ...                 now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    >>> t.expires_at.isoformat()
    '2024-01-01T03:59:59+00:00'
    """
    if not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, got {type(now).__name__}")
    data = _json(response)
    if not 200 <= response.status < 300:
        _raise_error(response, data)
    if not isinstance(data, dict):
        raise _unexpected(response, "token answer is not a JSON object")
    access = data.get("access_token")
    expires_in = data.get("expires_in", default_expires_in)
    digits = isinstance(expires_in, str) and expires_in.isascii() and expires_in.isdigit()
    if digits and len(expires_in) <= 12:
        expires_in = int(expires_in)  # some servers send the number as a string
    if not isinstance(access, str) or not access:
        raise _unexpected(response, "token answer has no access_token string")
    if isinstance(expires_in, bool) or not isinstance(expires_in, int) or expires_in < 0:
        raise _unexpected(response, "token answer has no non-negative integer expires_in")
    token_type = data.get("token_type", "bearer")
    refresh = data.get("refresh_token")
    try:
        expires_at = now + timedelta(seconds=expires_in)
    except OverflowError:
        raise _unexpected(response, "token answer's expires_in is out of range") from None
    return Token(
        access_token=access,
        token_type=token_type if isinstance(token_type, str) else "bearer",
        expires_in=expires_in,
        expires_at=expires_at,
        refresh_token=refresh if isinstance(refresh, str) else None,
    )


def parse_send(
    response: Response, *, plan: SendPlan | None = None, batch: int | None = None
) -> SendAccepted:
    """The answer to a send. 202: the transaction id and location, from the body (with or
    without a ``{"meta", "data"}`` envelope) or a ``Location`` header of the status-path shape.
    4xx/5xx raise ProviderError with Acoustic's code (the status) and text.

    With ``plan`` (the :class:`~smscore.providers.SendPlan` the request came from), the answer
    names the recipients of request ``batch`` (needed when the plan has several requests).

    >>> parse_send(Response(status=202, body=b'{"location":"/x","id":"6adb75b2"}'))
    SendAccepted(id='6adb75b2', location='/x', recipients=())
    """
    recipients = _batch(plan, batch)
    data = _json(response)
    if not 200 <= response.status < 300:
        _raise_error(response, data)
    inner = data.get("data") if isinstance(data, dict) and "data" in data else data
    header = response.header("Location")
    ident: Any = None
    location: Any = header
    if isinstance(inner, dict):
        ident = inner.get("id")
        location = inner.get("location", header)
    elif data is not _NOT_JSON and response.body.strip():
        raise _unexpected(response, "send answer is not a JSON object")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if ident is None and isinstance(location, str):
        field = "Location" if location is header else "location"
        try:
            path = split_url(location, field).path
        except InvalidRequest as exc:
            raise _unexpected(response, exc.message) from None
        found = _STATUS_PATH_RE.search(path)
        ident = unquote(found.group(1)) if found else None
    if not isinstance(ident, str) or not ident:
        raise _unexpected(response, "send answer has no transaction id")
    if location is not None and not isinstance(location, str):
        raise _unexpected(response, "send answer's location is not a string")
    return SendAccepted(id=ident, location=location, recipients=recipients)


def _batch(plan: object, batch: object) -> tuple[str, ...]:
    if plan is None:
        return ()
    if not isinstance(plan, SendPlan):
        raise TypeError(f"plan must be a smscore.providers.SendPlan, got {type(plan).__name__}")
    if batch is None:
        if len(plan.batches) == 1:
            return plan.batches[0]
        index: object = None
    else:
        index = batch
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(plan.batches):
        raise InvalidRequest(
            f"batch: {index!r} is not a request of the plan (0 to {len(plan.batches) - 1})",
            field="batch",
            value=index,
            rule="a plan with several requests needs the index of the one answered",
        )
    return plan.batches[index]


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_status(response: Response) -> SendStatus:
    """The status answer: totals and one :class:`ContactStatus` per contact. HTTP 200 with
    "Transaction status not found. Please try your request again in a few minutes." is
    ``StatusState.PENDING`` (providers.md), not a failure.

    >>> parse_status(Response(status=200, body=b'{"data":{"totalContacts":1,'
    ...     b'"contactsProcessed":1,"contactStatus":[{"smsSent":true,"phoneNumber":"1949"}],'
    ...     b'"errors":[]}}')).state
    <StatusState.COMPLETE: 'complete'>
    """
    data = _json(response)
    texts = _error_texts(data)
    if data is _NOT_JSON:
        texts = [response.text().strip()]
    if any(_NOT_FOUND in t for t in texts) and response.status in (200, 404):
        # providers.md: "not ready yet (or unknown id)": pending. Assumption: a 404 with the
        # same text means the same.
        return SendStatus(state=StatusState.PENDING, message=_NOT_FOUND)
    if not 200 <= response.status < 300:
        _raise_error(response, data)
    inner = data.get("data") if isinstance(data, dict) else None
    if not isinstance(inner, dict):
        raise _unexpected(response, "status answer has no data object")
    raw_contacts = inner.get("contactStatus", [])
    if not isinstance(raw_contacts, list):
        raise _unexpected(response, "status answer's contactStatus is not a list")
    contacts = []
    for item in raw_contacts:
        phone = item.get("phoneNumber") if isinstance(item, dict) else None
        sent = item.get("smsSent") if isinstance(item, dict) else None
        message = item.get("message") if isinstance(item, dict) else None
        if not isinstance(phone, str) or not isinstance(sent, bool):
            raise _unexpected(response, "a contactStatus entry lacks phoneNumber or smsSent")
        if message is not None and not isinstance(message, str):
            raise _unexpected(response, "a contactStatus message is not a string")
        contacts.append(ContactStatus(phone_number=phone, sms_sent=sent, message=message))
    total = _int_or_none(inner.get("totalContacts"))
    processed = _int_or_none(inner.get("contactsProcessed"))
    if total is None and processed is None and not contacts:
        raise _unexpected(response, "status answer has no totals and no contactStatus")
    if total is not None and processed is not None and processed < total:
        state = StatusState.PROCESSING
    else:
        state = StatusState.COMPLETE
    return SendStatus(
        state=state,
        total_contacts=total,
        contacts_processed=processed,
        contacts=tuple(contacts),
        errors=tuple(_texts(inner.get("errors"))),
    )
