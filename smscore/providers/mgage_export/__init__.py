"""mGage CommunicatePro message export: read sent and received SMS page by page (seed 001).

``GET https://communicatepro.mgage.com/api/messages/program/{programId}`` with the optional
filters ``messageType`` (MO/MT), ``startDate``, ``endDate`` (``YYYY-MM-DDTHH:MM:SS``) and
``pageSize`` (1-500), HTTP Basic auth. A page lists messages and, under ``meta.nextPageUrl``,
the full URL of the next page, followed verbatim with the same credentials.

>>> r = build_export("121811", username="u", password="p", message_type="MO",
...                  start_date="2014-12-01T00:00:00", end_date="2014-12-31T23:59:59",
...                  page_size=500)
>>> r.url
'https://communicatepro.mgage.com/api/messages/program/121811?messageType=MO&startDate=2014-12-01T00%3A00%3A00&endDate=2014-12-31T23%3A59%3A59&pageSize=500'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final
from urllib.parse import urlsplit

from ... import wire
from ...errors import InvalidRequest, ProviderError, UnexpectedResponse
from ...wire import Rejection, Request, Response
from .._guard import check_secret, require_response
from ._dates import (
    DATE_FORMAT,
    MAX_WINDOW_YEARS,
    fmt,
    one_year_after,
    one_year_before,
    parse_filter_date,
)

__all__ = [
    "BASE_URL",
    "DATE_FORMAT",
    "DEFAULT_PAGE_SIZE",
    "HTTP_STATUS_TEXTS",
    "MAX_PAGE_SIZE",
    "MAX_WINDOW_YEARS",
    "MESSAGE_TYPES",
    "MIN_PAGE_SIZE",
    "NAME",
    "QUERY_PARAMETERS",
    "ExportMessage",
    "ExportPage",
    "MessageType",
    "build_export",
    "build_next_page",
    "check_export",
    "format_date",
    "next_page",
    "parse_page",
    "run_vector",
]

NAME: Final = "mgage-export"
#: seed 001, "Request URL" (providers.md: confidence high); {programId} is appended.
BASE_URL: Final = "https://communicatepro.mgage.com/api/messages/program/"
#: seed 001, "Filters", in the table's order.
QUERY_PARAMETERS: Final = ("messageType", "startDate", "endDate", "pageSize")
#: seed 001, messageType: "MO, or MT. If not specified, the system will return both".
MESSAGE_TYPES: Final = ("MO", "MT")
#: seed 001, pageSize: "Max page size is 500 SMS messages. The default page size is 50".
MIN_PAGE_SIZE: Final = 1
MAX_PAGE_SIZE: Final = 500
DEFAULT_PAGE_SIZE: Final = 50
#: seed 001, "Error handling": the status table's descriptions, verbatim (the 40x row's
#: "to due" is the seed's own typo). Used when an error body carries no text of its own.
HTTP_STATUS_TEXTS: Final[Mapping[str, str]] = {
    "200": "Successful call",
    "40x": "Failure to due user (client) error",
    "400": "Returned when there is some syntactical error in the request such as "
    "invalid/misformatted data.",
    "404": "When a requested resource does not exist",
    "50x": "Failure due to server error",
    "500": "General server exception",
}

#: RFC 7617 and seed 001 ("Authentication: Basic"): the credentials are checked before anything
#: encodes them, and an error names the field, never the value.
_BASIC_RULE: Final = "RFC 7617: HTTP Basic credentials are UTF-8 text"

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


def format_date(value: datetime | str, field: str = "date") -> str:
    """A filter date as the API takes it, ``YYYY-MM-DDTHH:MM:SS`` (seed 001).

    A ``datetime`` with a zone is converted to GMT; a naive one is taken as GMT; a fraction of
    a second is dropped (the API takes whole seconds). A ``str`` must already be in the format
    and a real date.

    >>> format_date(datetime(2014, 12, 5, 10, 0, 0, 500))
    '2014-12-05T10:00:00'
    """
    return parse_filter_date(value, field)[0]


def _problems(
    program_id: object,
    message_type: object,
    start_date: object,
    end_date: object,
    page_size: object,
    now: datetime | None,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(params, problems)``: query pairs in the seed's order, and (field, message) pairs."""
    if now is not None and not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime or None, got {type(now).__name__}")
    problems: list[tuple[str, str]] = []
    params: list[tuple[str, str]] = []
    pid = (
        str(program_id)
        if isinstance(program_id, int) and not isinstance(program_id, bool)
        else program_id
    )
    if not isinstance(pid, str) or not pid.strip():
        problems.append(
            ("programId", f"programId must be a non-empty str or int, got {program_id!r}")
        )
    if message_type is not None:
        if message_type not in MESSAGE_TYPES:
            problems.append(
                (
                    "messageType",
                    f"messageType must be 'MO', 'MT' or None (both), got {message_type!r}",
                )
            )
        else:
            params.append(("messageType", str(message_type)))
    dates: dict[str, datetime] = {}
    for field, value in (("startDate", start_date), ("endDate", end_date)):
        if value is None:
            continue
        try:
            text, parsed = parse_filter_date(value, field)
        except InvalidRequest as exc:
            problems.append((field, exc.message))
            continue
        params.append((field, text))
        dates[field] = parsed
    start, end = dates.get("startDate"), dates.get("endDate")
    if start is not None and end is not None:
        if end < start:
            problems.append(("endDate", f"endDate {fmt(end)} is before startDate {fmt(start)}"))
        elif end > one_year_after(start):
            problems.append(
                (
                    "endDate",
                    f"endDate {fmt(end)} is more than one year after startDate {fmt(start)} "
                    "(seed 001: up to one-year duration)",
                )
            )
    if start is not None and now is not None:
        if now.tzinfo is not None:
            now = now.astimezone(UTC).replace(tzinfo=None)
        if start < one_year_before(now):
            problems.append(
                (
                    "startDate",
                    f"startDate {fmt(start)} is more than one year before now ({fmt(now)}) "
                    "(seed 001: messages up to one year ago)",
                )
            )
    if page_size is not None:
        if (
            isinstance(page_size, bool)
            or not isinstance(page_size, int)
            or not MIN_PAGE_SIZE <= page_size <= MAX_PAGE_SIZE
        ):
            problems.append(
                (
                    "pageSize",
                    f"pageSize must be an int from {MIN_PAGE_SIZE} to {MAX_PAGE_SIZE}, "
                    f"got {page_size!r} (seed 001: max page size is 500)",
                )
            )
        else:
            params.append(("pageSize", str(page_size)))
    return params, problems


def check_export(
    program_id: str | int,
    *,
    message_type: str | None = None,
    start_date: datetime | str | None = None,
    end_date: datetime | str | None = None,
    page_size: int | None = None,
    now: datetime | None = None,
    username: str | None = None,
    password: str | None = None,
    base_url: str = BASE_URL,
) -> tuple[Rejection, ...]:
    """The 400 answers the export would give these filters (empty when it would accept).

    Same arguments as :func:`build_export` (credentials accepted and ignored). The seed lists
    no per-field texts, so each rejection carries code ``"400"``, the seed's 400 description
    and the ``field`` at fault.

    >>> [(r.code, r.field) for r in check_export("1", page_size=501)]
    [('400', 'pageSize')]
    """
    _, problems = _problems(program_id, message_type, start_date, end_date, page_size, now)
    return tuple(
        Rejection(provider=NAME, code="400", message=HTTP_STATUS_TEXTS["400"], status=400, field=f)
        for f, _ in problems
    )


def _check_base_url(base_url: object) -> str:
    if not isinstance(base_url, str):
        raise InvalidRequest(
            f"base_url must be a str, got {type(base_url).__name__}", field="base_url"
        )
    parts = urlsplit(base_url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise InvalidRequest(
            f"base_url must be an absolute http(s) URL with no query, got {base_url!r}",
            field="base_url",
            value=base_url,
            rule="seed 001: https://communicatepro.mgage.com/api/messages/program/{programId}",
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def build_export(
    program_id: str | int,
    *,
    username: str,
    password: str,
    message_type: str | None = None,
    start_date: datetime | str | None = None,
    end_date: datetime | str | None = None,
    page_size: int | None = None,
    now: datetime | None = None,
    base_url: str = BASE_URL,
) -> Request:
    """The first page's ``GET``; filters left ``None`` are omitted (server defaults).

    Two versions of the documentation disagree on the default window (providers.md), so send
    both dates. ``now`` (optional; this library reads no clock) refuses a ``start_date`` more
    than one year back. Raises :class:`~smscore.InvalidRequest` naming the first bad filter.

    >>> build_export(121811, username="u", password="p").url
    'https://communicatepro.mgage.com/api/messages/program/121811'
    """
    check_secret(username, "username", _BASIC_RULE)
    check_secret(password, "password", _BASIC_RULE)
    params, problems = _problems(program_id, message_type, start_date, end_date, page_size, now)
    if problems:
        field, message = problems[0]
        value = {
            "programId": program_id,
            "messageType": message_type,
            "startDate": start_date,
            "endDate": end_date,
            "pageSize": page_size,
        }[field]
        raise InvalidRequest(message, field=field, value=value, rule=f"seed 001: {field}")
    pid = str(program_id)
    if not pid.isascii():
        try:
            pid.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InvalidRequest(
                f"program_id {program_id!r} has a lone surrogate at position {exc.start}, "
                "which UTF-8 cannot carry",
                field="programId",
                value=program_id,
                rule="seed 001: {programId} is UTF-8 percent-encoded in the path",
                position=exc.start,
            ) from None
    url = _check_base_url(base_url) + wire.percent_encode(pid)
    if params:
        url += "?" + wire.query_string(params)
    return Request(method="GET", url=url, headers=(wire.basic_auth(username, password),))


def build_next_page(
    next_page_url: str,
    *,
    username: str,
    password: str,
    base_url: str = BASE_URL,
    allow_other_host: bool = False,
) -> Request:
    """The ``GET`` for ``meta.nextPageUrl``, verbatim, with the same Basic credentials.

    Credentials only go to the host of ``base_url`` unless ``allow_other_host`` is true.

    >>> build_next_page("https://communicatepro.mgage.com/api/messages/program/121811?page=2",
    ...                 username="u", password="p").url
    'https://communicatepro.mgage.com/api/messages/program/121811?page=2'
    """
    check_secret(username, "username", _BASIC_RULE)
    check_secret(password, "password", _BASIC_RULE)
    if not isinstance(next_page_url, str) or not next_page_url:
        raise InvalidRequest(
            f"next_page_url must be a non-empty str, got {next_page_url!r}",
            field="nextPageUrl",
            value=next_page_url,
            rule="seed 001: meta.nextPageUrl is the URL of the next page",
        )
    parts = urlsplit(next_page_url)
    base = urlsplit(_check_base_url(base_url))
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise InvalidRequest(
            f"nextPageUrl must be an absolute http(s) URL, got {next_page_url!r}",
            field="nextPageUrl",
            value=next_page_url,
            rule="seed 001: meta.nextPageUrl is the URL of the next page",
        )
    if not allow_other_host and (parts.scheme, parts.netloc.lower()) != (
        base.scheme,
        base.netloc.lower(),
    ):
        raise InvalidRequest(
            f"nextPageUrl {next_page_url!r} is not on {base.scheme}://{base.netloc}: "
            "credentials are only sent to the export's own host "
            "(allow_other_host=True to override)",
            field="nextPageUrl",
            value=next_page_url,
            rule="credentials stay with the export host",
        )
    return Request(method="GET", url=next_page_url, headers=(wire.basic_auth(username, password),))


def next_page(
    page: ExportPage, *, username: str, password: str, base_url: str = BASE_URL
) -> Request | None:
    """The request for the page after ``page``, or ``None`` on the last page.

    >>> empty = ExportPage(campaign_name=None, program_name=None, program_type=None,
    ...                    messages=(), next_page_url=None, general_errors=())
    >>> next_page(empty, username="u", password="p") is None
    True
    """
    if page.next_page_url is None:
        return None
    return build_next_page(
        page.next_page_url, username=username, password=password, base_url=base_url
    )


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
    status = require_response(response).status
    if not 200 <= status < 300:
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


# --- conformance (spec/mgage-export/README.md documents every operation's input) ---


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one conformance vector: ``export``, ``parse_page`` or ``next_page``.

    Malformed input (a missing required key, a value of the wrong type) raises
    :class:`~smscore.errors.InvalidVector`.

    >>> run_vector("export", {"program_id": "1", "username": "u", "password": "p",
    ...                       "page_size": 0})["error"]["code"]
    '400'
    """
    from .._vectors import run_export

    return run_export(operation, input)
