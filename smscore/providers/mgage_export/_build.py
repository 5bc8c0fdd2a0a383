"""Building the export's requests (seed 001): the first page with filters, then nextPageUrl."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from ... import wire
from ...errors import InvalidRequest
from ...wire import Request
from .._guard import BasicCredentials
from ._dates import fmt, one_year_after, one_year_before, parse_filter_date
from ._parse import ExportPage
from ._rules import BASE_URL, MAX_PAGE_SIZE, MESSAGE_TYPES, MIN_PAGE_SIZE, RULES

__all__ = ["Credentials", "build_export", "build_next_page", "format_date", "next_page"]

_NEXT_RULE: Final = "seed 001: meta.nextPageUrl is the URL of the next page"


class Credentials(BasicCredentials):
    """The export's HTTP Basic credentials, from Provisioning (seed 001, "Obtaining SMS API
    credentials"). Checked here (UTF-8 text, no control character, no ``:`` in the username:
    RFC 7617); an error names the field, never the value; ``repr`` shows neither.

    >>> Credentials("acme", "s3cret")
    Credentials(username='***', password='***')
    """

    __slots__ = ()


def _credentials(value: object) -> Credentials:
    if not isinstance(value, Credentials):
        raise TypeError(
            "credentials must be a smscore.providers.mgage_export.Credentials, "
            f"got {type(value).__name__}"
        )
    return value


def format_date(value: datetime | str, field: str = "date") -> str:
    """A filter date as the API takes it, ``YYYY-MM-DDTHH:MM:SS`` (seed 001).

    A ``datetime`` with a zone is converted to GMT; a naive one is taken as GMT; a fraction of
    a second is dropped (the API takes whole seconds). A ``str`` must already be in the format
    and a real date.

    >>> format_date(datetime(2014, 12, 5, 10, 0, 0, 500))
    '2014-12-05T10:00:00'
    """
    return parse_filter_date(value, field)[0]


def _refuse(rule: str, message: str, value: object) -> InvalidRequest:
    """The caller's error for a filter outside a limit (issue 10.3: no predicted 400)."""
    return InvalidRequest(
        message, field=RULES[rule].field, value=value, rule=RULES[rule].describe()
    )


def _program(program_id: object) -> str:
    pid = (
        str(program_id)
        if isinstance(program_id, int) and not isinstance(program_id, bool)
        else program_id
    )
    if not isinstance(pid, str) or not pid.strip():
        raise _refuse(
            "program-id", f"programId must be a non-empty str or int, got {program_id!r}", pid
        )
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
    return pid


def _filters(
    message_type: object,
    start_date: object,
    end_date: object,
    page_size: object,
    now: datetime | None,
) -> list[tuple[str, str]]:
    """The query pairs in the seed's order; InvalidRequest for the first filter out of limits."""
    if now is not None and not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime or None, got {type(now).__name__}")
    params: list[tuple[str, str]] = []
    if message_type is not None:
        if message_type not in MESSAGE_TYPES:
            hint = ""
            if isinstance(message_type, str) and message_type.upper() in MESSAGE_TYPES:
                hint = f" (the seed documents upper case: {message_type.upper()!r})"
            raise _refuse(
                "message-type",
                f"messageType must be 'MO', 'MT' or None (both), got {message_type!r}{hint}",
                message_type,
            )
        params.append(("messageType", str(message_type)))
    start = end = None
    if start_date is not None:
        text, start = parse_filter_date(start_date, "startDate")
        params.append(("startDate", text))
    if end_date is not None:
        text, end = parse_filter_date(end_date, "endDate")
        params.append(("endDate", text))
    if start is not None and end is not None:
        if end < start:
            raise _refuse(
                "date-order", f"endDate {fmt(end)} is before startDate {fmt(start)}", end_date
            )
        if end > one_year_after(start):
            raise _refuse(
                "window",
                f"endDate {fmt(end)} is more than one year after startDate {fmt(start)} "
                "(seed 001: up to one-year duration)",
                end_date,
            )
    if start is not None and now is not None:
        if now.tzinfo is not None:
            now = now.astimezone(UTC).replace(tzinfo=None)
        if start < one_year_before(now):
            raise _refuse(
                "start-back",
                f"startDate {fmt(start)} is more than one year before now ({fmt(now)}) "
                "(seed 001: messages up to one year ago)",
                start_date,
            )
    if page_size is not None:
        if isinstance(page_size, bool) or not isinstance(page_size, int):
            rule = "page-size-min"
        elif page_size > MAX_PAGE_SIZE:
            rule = "page-size-max"
        elif page_size < MIN_PAGE_SIZE:
            rule = "page-size-min"
        else:
            params.append(("pageSize", str(page_size)))
            return params
        raise _refuse(
            rule,
            f"pageSize must be an int from {MIN_PAGE_SIZE} to {MAX_PAGE_SIZE}, got "
            f"{page_size!r} (seed 001: max page size is 500; the minimum of 1 is smscore's)",
            page_size,
        )
    return params


def _check_base_url(base_url: object) -> str:
    if not isinstance(base_url, str):
        raise InvalidRequest(
            f"base_url must be a str, got {type(base_url).__name__}", field="base_url"
        )
    parts = wire.split_url(base_url, "base_url")
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        shown = wire.redact_url(base_url)
        raise InvalidRequest(
            f"base_url must be an absolute http(s) URL with no query, got {shown!r}",
            field="base_url",
            value=shown,
            rule="seed 001: https://communicatepro.mgage.com/api/messages/program/{programId}",
        )
    return base_url if base_url.endswith("/") else base_url + "/"


def build_export(
    program_id: str | int,
    *,
    credentials: Credentials,
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
    than one year back. A filter outside the seed's limits (:data:`RULES`) raises
    :class:`~smscore.InvalidRequest` naming the field, the value and the limit: smscore
    refuses to build it and predicts no server answer (the seed gives none).

    >>> build_export(121811, credentials=Credentials("u", "p")).url
    'https://communicatepro.mgage.com/api/messages/program/121811'
    """
    auth = _credentials(credentials).header()
    pid = _program(program_id)
    params = _filters(message_type, start_date, end_date, page_size, now)
    url = _check_base_url(base_url) + wire.percent_encode(pid)
    if params:
        url += "?" + wire.query_string(params)
    return Request(method="GET", url=url, headers=(auth,))


def build_next_page(
    next_page_url: str,
    *,
    credentials: Credentials,
    base_url: str = BASE_URL,
    allow_other_host: bool = False,
) -> Request:
    """The ``GET`` for ``meta.nextPageUrl``, verbatim, with the same Basic credentials.

    Credentials only go to the host of ``base_url`` unless ``allow_other_host`` is true.

    >>> build_next_page("https://communicatepro.mgage.com/api/messages/program/121811?page=2",
    ...                 credentials=Credentials("u", "p")).url
    'https://communicatepro.mgage.com/api/messages/program/121811?page=2'
    """
    auth = _credentials(credentials).header()
    if not isinstance(next_page_url, str) or not next_page_url:
        raise InvalidRequest(
            f"next_page_url must be a non-empty str, got {next_page_url!r}",
            field="nextPageUrl",
            value=next_page_url,
            rule=_NEXT_RULE,
        )
    parts = wire.split_url(next_page_url, "nextPageUrl")
    base = wire.split_url(_check_base_url(base_url), "base_url")
    shown = wire.redact_url(next_page_url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise InvalidRequest(
            f"nextPageUrl must be an absolute http(s) URL, got {shown!r}",
            field="nextPageUrl",
            value=shown,
            rule=_NEXT_RULE,
        )
    if not allow_other_host and (parts.scheme, parts.netloc.lower()) != (
        base.scheme,
        base.netloc.lower(),
    ):
        host = wire.redact_url(f"{base.scheme}://{base.netloc}")
        raise InvalidRequest(
            f"nextPageUrl {shown!r} is not on {host}: "
            "credentials are only sent to the export's own host "
            "(allow_other_host=True to override)",
            field="nextPageUrl",
            value=shown,
            rule="credentials stay with the export host",
        )
    return Request(method="GET", url=next_page_url, headers=(auth,))


def next_page(
    page: ExportPage, *, credentials: Credentials, base_url: str = BASE_URL
) -> Request | None:
    """The request for the page after ``page``, or ``None`` on the last page.

    >>> empty = ExportPage(campaign_name=None, program_name=None, program_type=None,
    ...                    messages=(), next_page_url=None, general_errors=())
    >>> next_page(empty, credentials=Credentials("u", "p")) is None
    True
    """
    if page.next_page_url is None:
        return None
    return build_next_page(page.next_page_url, credentials=credentials, base_url=base_url)
