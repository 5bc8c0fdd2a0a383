"""The mGage export's rules as data (seed 001), each with its basis.

The seed states the request's limits (``messageType`` MO or MT, dates as
``YYYY-MM-DDTHH:MM:SS``, a window of up to one year, messages up to one year back, at most 500
messages a page, 50 by default) and the HTTP status table, but never what the server answers to
a request outside those limits. Each :class:`Rule` says which filter it constrains, the limit
in words, and its :class:`~smscore.wire.Basis`: ``documented`` (the seed states the limit; the
source names the section) or ``assumed`` (the seed is silent; the reason says why smscore holds
it anyway). What smscore *does* outside a limit is :data:`OUT_OF_LIMITS`: it refuses to build
(``InvalidRequest``), and predicts no server answer.

``spec/mgage-export/rules.json`` holds :func:`rules_data` (a test keeps them equal). This module
is the bottom of the package: it imports nothing from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ...wire import Basis

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
    "SEED_FILE",
    "TITLE",
    "Rule",
    "rules_data",
]

NAME: Final = "mgage-export"
TITLE: Final = "mGage CommunicatePro message export"
SEED: Final = "001"
SEED_FILE: Final = "001_90ec48ac4c7377b1.txt"

#: seed 001, "Request URL" (providers.md: confidence high); {programId} is appended.
BASE_URL: Final = "https://communicatepro.mgage.com/api/messages/program/"
#: seed 001, "Filters", in the table's order.
QUERY_PARAMETERS: Final = ("messageType", "startDate", "endDate", "pageSize")
#: seed 001, "Filters", messageType: "Message Type, MO, or MT. If not specified, the system will
#: return both MO and MT."
MESSAGE_TYPES: Final = ("MO", "MT")
#: smscore's own floor (not in the seed, RULES["page-size-min"]): a page holds 1 message or more.
MIN_PAGE_SIZE: Final = 1
#: seed 001, "Filters", pageSize: "Max page size is 500 SMS messages".
MAX_PAGE_SIZE: Final = 500
#: seed 001, "Filters", pageSize: "The default page size is 50 messages".
DEFAULT_PAGE_SIZE: Final = 50
#: seed 001, "Filters", startDate/endDate: "The DateTime format is YYYY-MM-DDTHH:MM:SS".
DATE_FORMAT: Final = "%Y-%m-%dT%H:%M:%S"
#: seed 001: "You can retrieve all SMS messages for up to one-year duration"; startDate: "(up to
#: 1 year ago)". Read as a calendar year (Feb 29 -> Feb 28); exactly one year is allowed.
MAX_WINDOW_YEARS: Final = 1

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


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One limit on the export request: the query ``field`` it constrains, the ``limit`` in
    words, and where it comes from (``basis``)."""

    field: str
    limit: str
    basis: Basis

    def describe(self) -> str:
        """The limit and its basis in one line (an ``InvalidRequest``'s ``rule``)."""
        return f"{self.limit} ({self.basis.describe()})"

    def to_data(self) -> dict[str, Any]:
        """rules.json's form of the rule."""
        return {"field": self.field, "limit": self.limit, "basis": self.basis.to_data()}


def _doc(section: str) -> Basis:
    return Basis.documented(f"seed 001, {section}")


#: Every limit smscore holds the request to, by name. None is a predicted server answer.
RULES: Final[Mapping[str, Rule]] = {
    "program-id": Rule(
        field="programId",
        limit="a non-empty program id (str or int), percent-encoded into the path",
        basis=_doc('"Request URL", {programId}; "Before you begin": "Get the SMS Program ID"'),
    ),
    "message-type": Rule(
        field="messageType",
        limit="'MO' or 'MT' exactly (upper case), or omitted for both",
        basis=_doc('"Filters", messageType: "Message Type, MO, or MT"'),
    ),
    "date-format": Rule(
        field="startDate/endDate",
        limit="a real date as YYYY-MM-DDTHH:MM:SS (no zone, no fraction; GMT)",
        basis=_doc('"Filters", startDate/endDate: "The DateTime format is YYYY-MM-DDTHH:MM:SS"'),
    ),
    "date-order": Rule(
        field="endDate",
        limit="endDate is not before startDate",
        basis=Basis.assumed(
            "the seed is silent; a window that ends before it starts selects nothing, which "
            "is the caller's mistake rather than a question for the server"
        ),
    ),
    "window": Rule(
        field="endDate",
        limit="endDate at most one calendar year after startDate (exactly one year passes)",
        basis=_doc('introduction: "You can retrieve all SMS messages for up to one-year duration"'),
    ),
    "start-back": Rule(
        field="startDate",
        limit="startDate at most one year before now (checked only when the caller passes now)",
        basis=_doc('"Filters", startDate: "the first message received/sent (up to 1 year ago)"'),
    ),
    "page-size-max": Rule(
        field="pageSize",
        limit=f"pageSize at most {MAX_PAGE_SIZE}",
        basis=_doc('"Filters", pageSize: "Max page size is 500 SMS messages"'),
    ),
    "page-size-min": Rule(
        field="pageSize",
        limit=f"pageSize an int of at least {MIN_PAGE_SIZE}",
        basis=Basis.assumed(
            "the seed states only the maximum (500) and the default (50), no minimum; a page "
            "of 0 or fewer messages cannot be paged through, so smscore refuses it"
        ),
    ),
}

#: What smscore does with a request outside a limit above (issue 10, point 3).
OUT_OF_LIMITS: Final = Basis.assumed(
    "seed 001 states these limits but not what the server answers outside them: a 400, a "
    "silent clamp (500 messages, one year) or an empty page are all possible, and a clamp "
    "would make an export look complete when it is not. smscore refuses to build such a "
    "request (InvalidRequest, the caller's error, naming the field and the limit) and "
    "predicts no server answer",
)


def rules_data() -> dict[str, Any]:
    """The rules as ``spec/mgage-export/rules.json`` holds them."""
    return {
        "name": NAME,
        "title": TITLE,
        "seed": SEED_FILE,
        "sends": False,
        "base_url": BASE_URL,
        "query_parameters": list(QUERY_PARAMETERS),
        "message_types": list(MESSAGE_TYPES),
        "min_page_size": MIN_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "date_format": "YYYY-MM-DDTHH:MM:SS",
        "max_window_years": MAX_WINDOW_YEARS,
        "http_status_texts": dict(HTTP_STATUS_TEXTS),
        "http_status_texts_basis": _doc('"Error handling"').to_data(),
        "rules": {name: rule.to_data() for name, rule in RULES.items()},
        "out_of_limits": {"outcome": "InvalidRequest", "basis": OUT_OF_LIMITS.to_data()},
    }
