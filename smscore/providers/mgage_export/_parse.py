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
from ._rules import DATE_FORMAT, HTTP_STATUS_TEXTS, MESSAGE_TYPES, NAME

__all__ = ["ExportMessage", "ExportPage", "MessageType", "parse_page"]

# seed 001: message dates are GMT ISO-8601, sometimes with a fraction ("...T10:00:00.00").
_GMT_RE: Final = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]00:?00)?")


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


def _message(item: Any, i: int, response: Response) -> ExportMessage:
    where = f"data.messages[{i}]"
    if not isinstance(item, Mapping):
        raise _unexpected(response, f"{where} is not an object")
    kind = _opt_str(item.get("type"), f"{where}.type", response)
    number = item.get("number")
    # seed 001: number is "(Numeric)" but the example sends a string: accept both
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    if not isinstance(number, str):
        raise _unexpected(response, f"{where}.number is missing or not a number")
    date_text = item.get("date")
    match = _GMT_RE.fullmatch(date_text) if isinstance(date_text, str) else None
    try:
        if match is None:
            raise ValueError(date_text)
        date = datetime.strptime(match.group(1), DATE_FORMAT)
    except ValueError:
        raise _unexpected(
            response, f"{where}.date is not an ISO-8601 GMT date: {date_text!r}"
        ) from None
    fraction = match.group(2)
    if fraction:
        date = date.replace(microsecond=int(fraction[:6].ljust(6, "0")))
    return ExportMessage(
        type=MessageType(kind) if kind in MESSAGE_TYPES else kind,
        delivery_status=_opt_str(item.get("deliveryStatus"), f"{where}.deliveryStatus", response)
        or "",
        number=number,
        body=_opt_str(item.get("body"), f"{where}.body", response) or "",
        date=date.replace(tzinfo=UTC),  # seed 001: "returned in GMT"
        network=_opt_str(item.get("network"), f"{where}.network", response),
    )


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
