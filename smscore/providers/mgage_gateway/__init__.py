"""mGage Gateway API 2.0: send one text to many numbers (seed 000).

The request is a ``POST`` with every parameter in the percent-encoded query string, in the order
of the seed's example (``message``, ``message_billed``, ``message_type``, ``numbers``,
``spoof_from``, ``program_id``, ``allow_long_messages``), an empty body and HTTP Basic auth.
The host and path are not public (the seed lost them; the UK instance has ``-uk`` in its URL),
so the endpoint is a required setting: the URL you received with your credentials.

The gateway has no personalization: a :class:`smscore.Template` is rendered per recipient and
the recipients are grouped by rendered text, one request per distinct text and at most 250
numbers. Numbers are sent as digits with the country code (the seed's rule); phonenumbers'
opinion of a number (not an assigned range) is advice on the plan, not a rejection. Every
input is accounted for: accepted, a duplicate of an earlier one, or rejected with a reason.

Layout, bottom up: ``_rules`` (the seed's rules as data, each with its basis), ``_args``
(credentials and settings), ``_check`` (predicted statuses), ``_plan`` (read, render, group,
build), ``_scan`` and ``_parse`` (the answer), ``_send`` (the interface), ``_vectors``.

>>> creds = Credentials("u", "p")
>>> plan = plan_send("Hi", ["+1 213-555-0123", "12135550123", "1555796383"], credentials=creds,
...                  sender="87767", program_id="104967", endpoint="https://gw.example/send")
>>> plan.batches, plan.ok
((('12135550123', '1555796383'),), True)
>>> plan.advice[0].kind
'number-not-valid'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .._common import Recipient, SendPlan
from ._args import Credentials
from ._check import utf16_units
from ._parse import RecipientStatus, SendResult, parse_send_request
from ._rules import (
    COUNTRIES,
    DEFAULTS,
    MAX_MESSAGE_UNITS,
    MAX_NUMBERS,
    MESSAGE_TYPES,
    NAME,
    PARAMETERS,
    RULES,
    SEED,
    STATUS_TEXTS,
    TITLE,
    YES_NO,
    GatewayStatus,
    Rule,
    rules_data,
)
from ._send import build_send, check_request, check_send, parse_send, plan_send

__all__ = [
    "COUNTRIES",
    "DEFAULTS",
    "MAX_MESSAGE_UNITS",
    "MAX_NUMBERS",
    "MESSAGE_TYPES",
    "NAME",
    "PARAMETERS",
    "RULES",
    "SEED",
    "SENDS",
    "STATUS_TEXTS",
    "TITLE",
    "YES_NO",
    "Credentials",
    "GatewayStatus",
    "Recipient",
    "RecipientStatus",
    "Rule",
    "SendPlan",
    "SendResult",
    "build_send",
    "check_request",
    "check_send",
    "parse_send",
    "parse_send_request",
    "plan_send",
    "rules_data",
    "run_vector",
    "utf16_units",
]

#: The gateway sends messages (it has plan_send, check_send and parse_send).
SENDS: Final = True


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one conformance vector: ``send``, ``plan``, ``check_request`` or ``parse_send``.

    Malformed input (a missing required key, a value of the wrong type) raises
    :class:`~smscore.errors.InvalidVector`.

    >>> run_vector("check_request", {"url": "https://gw.example/s?program_id=1"})["error"]["code"]
    '104'
    """
    from ._vectors import run

    return run(operation, input)
