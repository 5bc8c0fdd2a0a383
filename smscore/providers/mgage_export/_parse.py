"""Reading an export page (seed 001, "Response Specification" and "Error handling")."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from ... import wire
from ...errors import ProviderError, UnexpectedResponse
from ...wire import Response
from .._guard import require_response
from ._rules import HTTP_STATUS_TEXTS, NAME

__all__ = ["ExportMessage", "ExportPage", "MessageType", "parse_page"]

# seed 001: message dates are GMT ISO-8601, sometimes with a fraction ("...T10:00:00.00").
_GMT_RE: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]00:?00)?", re.ASCII
)


class MessageType(StrEnum):
    """seed 001: MO (received from a handset) or MT (sent to one)."""

    MO = "MO"
    MT = "MT"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportMessage:
    """One exported SMS (seed 001, ``data.messages[]``).

    ``type`` is a :class:`MessageType` when MO/MT, ``None`` when the server omits it, else the
    server's text; ``number`` is text (documented numeric, sent as a string: both accepted);
    ``date`` is aware UTC (the seed: "returned in GMT"); ``network`` is ``None`` when unknown.
    """

    type: str | None
    delivery_status: str
    number: str
    body: str
    date: datetime
    network: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportPage:
    """One page of the export: the program's names, its messages, and the next page's URL."""

    campaign_name: str | None
    program_name: str | None
    program_type: str | None
    messages: tuple[ExportMessage, ...]
    next_page_url: str | None
    general_errors: tuple[str, ...]


def _unexpected(response: Response, what: str) -> UnexpectedResponse:
    return UnexpectedResponse(
        NAME, f"HTTP {response.status}: {what}", status=response.status, body=response.body
    )


def _error_text(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping):
        for key in ("message", "description", "error", "detail", "code"):
            value = item.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                return str(value)
    return wire.json_body(item).decode("utf-8") if _jsonable(item) else repr(item)


def _jsonable(item: Any) -> bool:
    try:
        wire.json_body(item)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def _general_errors(meta: Any, response: Response) -> tuple[str, ...]:
    if meta is None:
        return ()
    if not isinstance(meta, Mapping):
        raise _unexpected(response, "'meta' is not an object")
    errors = meta.get("generalErrors")
    if errors is None:
        return ()
    if not isinstance(errors, list):
        raise _unexpected(response, "'meta.generalErrors' is not a list")
    return tuple(_error_text(e) for e in errors)


def _opt_str(value: Any, where: str, response: Response) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _unexpected(response, f"{where} is not text")


_TYPES: Final[Mapping[str, MessageType]] = {t.value: t for t in MessageType}
_TEXT_FIELDS: Final = ("type", "deliveryStatus", "body", "network")
_new: Final = object.__new__
# A page holds up to 500 messages: each is built through its slots, field by field, which
# costs a fifth of the frozen dataclass's keyword __init__ (the value is the same).
_SET_FIELDS: Final = tuple(
    ExportMessage.__dict__[name].__set__
    for name in ("type", "delivery_status", "number", "body", "date", "network")
)
_fromisoformat: Final = datetime.fromisoformat


def _texts(item: Mapping[str, Any], where: str, response: Response) -> None:
    """UnexpectedResponse naming the first text field that is neither text nor null."""
    for key in _TEXT_FIELDS:
        _opt_str(item.get(key), f"{where}.{key}", response)


def _message(item: Any, i: int, response: Response) -> ExportMessage:
    if type(item) is not dict and not isinstance(item, Mapping):
        raise _unexpected(response, f"data.messages[{i}] is not an object")
    get = item.get
    kind = get("type")
    status = get("deliveryStatus")
    body = get("body")
    network = get("network")
    if not (
        (kind is None or type(kind) is str)
        and (status is None or type(status) is str)
        and (body is None or type(body) is str)
        and (network is None or type(network) is str)
    ):
        _texts(item, f"data.messages[{i}]", response)  # raises unless str subclasses
    number = get("number")
    if type(number) is not str:
        # seed 001: number is "(Numeric)" but the example sends a string: accept both
        if isinstance(number, int) and not isinstance(number, bool):
            number = str(number)
        elif not isinstance(number, str):
            raise _unexpected(response, f"data.messages[{i}].number is missing or not a number")
    text = get("date")
    try:
        if type(text) is not str or _GMT_RE.fullmatch(text) is None:
            raise ValueError(text)
        # the shape is checked above; fromisoformat reads it (a fraction past 6 digits
        # is truncated) and refuses a date that does not exist
        date = _fromisoformat(text)
    except ValueError:
        raise _unexpected(
            response, f"data.messages[{i}].date is not an ISO-8601 GMT date: {text!r}"
        ) from None
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)  # seed 001: "returned in GMT"
    message = _new(ExportMessage)
    set_type, set_status, set_number, set_body, set_date, set_network = _SET_FIELDS
    set_type(message, _TYPES.get(kind, kind) if kind is not None else None)
    set_status(message, status or "")
    set_number(message, number)
    set_body(message, body or "")
    set_date(message, date)
    set_network(message, network)
    return message


def _json(response: Response) -> Any:
    """The body as JSON, or UnexpectedResponse (a body nested too deep for the parser too)."""
    try:
        return json.loads(response.body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise UnexpectedResponse(
            NAME,
            f"response body is not JSON ({exc.__class__.__name__})",
            status=response.status,
            body=response.body,
        ) from None


def _raise_error(response: Response) -> None:
    """seed 001, "Error handling": a 40x/50x, with details under ``meta``."""
    status = response.status
    family = "40x" if 400 <= status < 500 else "50x"
    default = HTTP_STATUS_TEXTS.get(str(status), HTTP_STATUS_TEXTS[family])
    try:
        data = _json(response)
    except UnexpectedResponse:
        data = None
    errors: tuple[str, ...] = ()
    if isinstance(data, Mapping):
        try:
            errors = _general_errors(data.get("meta"), response)
        except UnexpectedResponse:
            errors = ()
    if not isinstance(data, Mapping) or "meta" not in data:
        raise UnexpectedResponse(
            NAME,
            f"{default} (body not in the documented shape)",
            status=status,
            body=response.body,
            code=str(status),
        )
    raise ProviderError(NAME, str(status), "; ".join(errors) or default, status)


def parse_page(response: Response) -> ExportPage:
    """One export page; an HTTP 4xx/5xx raises :class:`~smscore.ProviderError`.

    The error's code is the HTTP status and its message the ``meta.generalErrors`` texts
    joined by ``"; "`` (seed 001: "you can find the details ... under the meta key"), else the
    seed's description of that status. A body in no documented shape raises
    :class:`~smscore.UnexpectedResponse` with the raw body.

    >>> body = (b'{"meta":{"generalErrors":[],"nextPageUrl":null},"data":{"messages":['
    ...     b'{"type":"MO","deliveryStatus":"Received","number":"15556667777","body":"Hi",'
    ...     b'"date":"2014-12-05T10:00:00.00","network":null}]}}')
    >>> page = parse_page(Response(status=200, body=body))
    >>> page.messages[0].date.isoformat(), page.next_page_url
    ('2014-12-05T10:00:00+00:00', None)
    """
    if not 200 <= require_response(response).status < 300:
        _raise_error(response)
    data = _json(response)
    if not isinstance(data, Mapping):
        raise _unexpected(response, "body is not a JSON object")
    meta = data.get("meta")
    errors = _general_errors(meta, response)
    next_url = meta.get("nextPageUrl") if isinstance(meta, Mapping) else None
    if next_url is not None and (not isinstance(next_url, str) or not next_url):
        raise _unexpected(response, "'meta.nextPageUrl' is neither a URL nor null")
    body = data.get("data")
    if not isinstance(body, Mapping):
        raise _unexpected(response, "'data' is missing or not an object")
    messages = body.get("messages", [])
    if messages is None:
        messages = []
    if not isinstance(messages, list):
        raise _unexpected(response, "'data.messages' is not a list")
    return ExportPage(
        campaign_name=_opt_str(body.get("campaignName"), "data.campaignName", response),
        program_name=_opt_str(body.get("programName"), "data.programName", response),
        program_type=_opt_str(body.get("programType"), "data.programType", response),
        messages=tuple(_message(m, i, response) for i, m in enumerate(messages)),
        next_page_url=next_url,
        general_errors=errors,
    )
