"""mGage CommunicatePro message export: read sent and received SMS page by page (seed 001).

``GET https://communicatepro.mgage.com/api/messages/program/{programId}`` with the optional
filters ``messageType`` (MO/MT), ``startDate``, ``endDate`` (``YYYY-MM-DDTHH:MM:SS``) and
``pageSize`` (at most 500), HTTP Basic auth. A page lists messages and, under
``meta.nextPageUrl``, the full URL of the next page, followed verbatim with the same
credentials. This provider reads; it does not send (``SENDS = False``).

Interface (issue 9): :class:`Credentials` (masked repr) passed as ``credentials=`` to every
builder, :func:`build_export` for the first page, :func:`build_next_page` / :func:`next_page`
for the rest, :func:`parse_page` takes a :class:`~smscore.Response`. Every option is an explicit
keyword (an unknown one is a ``TypeError``).

Filters outside the seed's limits (issue 10, point 3). The seed states limits: a window of up
to one year, messages up to one year back, ``pageSize`` at most 500, ``messageType`` "MO, or
MT". It never says what the server answers outside them: a 400 "syntactical error", a silent
clamp to 500 messages or to one year, or an empty page are all possible, and for an export a
clamp is the harmful case (the caller would take a partial export for a complete one). So
smscore **refuses to build** such a request: :class:`~smscore.InvalidRequest`, the caller's own
error, naming the field, the value and the limit with its basis (:data:`RULES`). It predicts no
server answer, so there is no ``check_export`` and no predicted 400. That covers a window over one
year, a ``start_date`` more than one year before ``now`` (checked only when the caller passes
``now``: this library reads no clock), ``page_size`` 0 or 501, and a lower-case ``"mo"`` (the
seed documents upper case; smscore sends only documented values). The minimum page size of 1
is **not in the seed**: the seed gives only the maximum (500) and the default (50); smscore
adds the floor because a page of 0 messages cannot be paged through (``RULES["page-size-min"]``,
basis assumed).

>>> r = build_export("121811", credentials=Credentials("u", "p"), message_type="MO",
...                  start_date="2014-12-01T00:00:00", end_date="2014-12-31T23:59:59",
...                  page_size=500)
>>> r.url
'https://communicatepro.mgage.com/api/messages/program/121811?messageType=MO&startDate=2014-12-01T00%3A00%3A00&endDate=2014-12-31T23%3A59%3A59&pageSize=500'
"""

from __future__ import annotations

from typing import Final

from ._build import Credentials, build_export, build_next_page, format_date, next_page
from ._parse import ExportMessage, ExportPage, MessageType, parse_page
from ._rules import (
    BASE_URL,
    DATE_FORMAT,
    DEFAULT_PAGE_SIZE,
    HTTP_STATUS_TEXTS,
    MAX_PAGE_SIZE,
    MAX_WINDOW_YEARS,
    MESSAGE_TYPES,
    MIN_PAGE_SIZE,
    NAME,
    OUT_OF_LIMITS,
    QUERY_PARAMETERS,
    RULES,
    SEED,
    TITLE,
    Rule,
    rules_data,
)
from ._vectors import run_vector

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
    "OUT_OF_LIMITS",
    "QUERY_PARAMETERS",
    "RULES",
    "SEED",
    "SENDS",
    "TITLE",
    "Credentials",
    "ExportMessage",
    "ExportPage",
    "MessageType",
    "Rule",
    "build_export",
    "build_next_page",
    "format_date",
    "next_page",
    "parse_page",
    "rules_data",
    "run_vector",
]

#: The export reads messages; it has no ``plan_send`` (issue 9: not a send provider).
SENDS: Final = False
