"""Messangi outbound SMS (seed 002): single and batch sends, status by id, delivery callbacks.

The one send interface (issue 9)::

    from smscore.providers import messangi
    plan = messangi.plan_send(
        smscore.Template("Hi %%NAME%%, your balance is %%AMOUNT%%"),
        [smscore.Recipient("+525500000000", {"NAME": "Elizabeth", "AMOUNT": 10.65})],
        credentials=messangi.Credentials("API-KEY"),
        sender="12345",
        defaults={"NAME": "there"},
    )
    plan.requests, plan.rejections, plan.advice

- :func:`plan_send` / :func:`check_send`: one accepted recipient is a single send
  (``POST {base}/v2/messages``), more are batch sends (``POST {base}/v3/messages/batch``,
  ``{n}`` text and per-recipient ``params``); predicted rejections (each with its basis) and
  smscore's advice are data on the plan;
- :func:`parse_send`, :func:`parse_batch`, :func:`parse_status`, :func:`parse_error`,
  :func:`parse_callback`: every one takes a :class:`~smscore.wire.Response`
  (:func:`callback_response` makes one from a callback body);
- lower level, unchecked: :func:`build_send`, :func:`build_batch`, :func:`build_status`,
  :func:`segment_report`;
- :data:`RULES`: every rule with its basis (``spec/messangi/rules.json`` holds the same);
- :func:`run_vector` for the conformance harness (operations in ``spec/messangi/README.md``).

The API key lives in :class:`Credentials` and only ever reaches the ``Authorization: Bearer``
header; it is masked in every ``repr`` and never appears in an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._message import Credentials, unwrap
from ._parse import (
    callback_response,
    parse_batch,
    parse_callback,
    parse_error,
    parse_send,
    parse_status,
)
from ._plan import check_send, plan_send
from ._results import (
    BatchMessage,
    BatchResult,
    DeliveryReport,
    ErrorDetails,
    RecipientResult,
    SegmentReport,
    SendResult,
)
from ._rules import (
    BATCH_PATH,
    DEFAULT_BASE_URL,
    DEFAULT_BATCH_SIZE,
    ERRORS,
    FINAL_STATUSES,
    LONG_CODE_BULK_LIMIT,
    LONG_CODE_INTERVAL_SECONDS,
    LONG_CODE_MIN_DIGITS,
    MAX_SEGMENTS_READING,
    MAX_TEXT_UNITS,
    MESSAGE_TYPES,
    NAME,
    RULES,
    SEED,
    SEND_PATH,
    STATUS_PATH,
    STATUS_REMEDIES,
    STATUSES,
    TEXT_TOO_LONG,
    TITLE,
    MessageStatus,
    Rule,
)
from ._send import build_batch, build_send, build_status, segment_report

__all__ = [
    "BATCH_PATH",
    "DEFAULT_BASE_URL",
    "DEFAULT_BATCH_SIZE",
    "ERRORS",
    "FINAL_STATUSES",
    "LONG_CODE_BULK_LIMIT",
    "LONG_CODE_INTERVAL_SECONDS",
    "LONG_CODE_MIN_DIGITS",
    "MAX_SEGMENTS_READING",
    "MAX_TEXT_UNITS",
    "MESSAGE_TYPES",
    "NAME",
    "RULES",
    "SEED",
    "SENDS",
    "SEND_PATH",
    "STATUSES",
    "STATUS_PATH",
    "STATUS_REMEDIES",
    "TEXT_TOO_LONG",
    "TITLE",
    "BatchMessage",
    "BatchResult",
    "Credentials",
    "DeliveryReport",
    "ErrorDetails",
    "MessageStatus",
    "RecipientResult",
    "Rule",
    "SegmentReport",
    "SendResult",
    "build_batch",
    "build_send",
    "build_status",
    "callback_response",
    "check_send",
    "parse_batch",
    "parse_callback",
    "parse_error",
    "parse_send",
    "parse_status",
    "plan_send",
    "run_vector",
    "segment_report",
    "unwrap",
]

#: Messangi sends messages (it has plan_send, check_send, parse_send).
SENDS = True


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one conformance vector (operations and inputs: ``spec/messangi/README.md``).

    >>> run_vector("segments", {"text": "hi"})["result"]["segments"]
    1
    """
    from ._vectors import run

    return run(operation, input)
