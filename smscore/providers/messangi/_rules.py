"""Messangi's rules as data (seed 002): limits, paths, statuses, error texts, each with its basis.

The bottom of the ``messangi`` package: it imports nothing of the package. Every rule smscore
applies (a predicted rejection, a piece of advice, a value it sends) is one entry of
:data:`RULES` with its :class:`~smscore.wire.Basis`: ``documented`` (seed 002 states it; the
source names the section) or ``assumed`` (the seed is silent; the reason says why we apply it).
``spec/messangi/rules.json`` holds the same data; a test keeps the two equal.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ...wire import Basis

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
    "SEND_PATH",
    "STATUSES",
    "STATUS_PATH",
    "STATUS_REMEDIES",
    "TEXT_TOO_LONG",
    "TITLE",
    "MessageStatus",
    "Rule",
]

NAME: Final = "messangi"
TITLE: Final = "Messangi outbound SMS"
SEED: Final = "002"

#: seed 002 "Example": "The host requests are always https://elastic.messangi.me"; the curl
#: sample posts to /raven/v2/messages.
DEFAULT_BASE_URL: Final = "https://elastic.messangi.me/raven"
#: seed 002 "Send an SMS" (curl sample).
SEND_PATH: Final = "/v2/messages"
#: seed 002 "Sending Batch SMS messages": "POST v3/messages/batch"; the /raven prefix is taken
#: from the single send (providers.md: medium confidence).
BATCH_PATH: Final = "/v3/messages/batch"
#: ASSUMPTION (providers.md: low confidence): the seed never names the status endpoint.
STATUS_PATH: Final = "/v2/messages/{id}"

#: seed 002 "SEGMENTS_EXCEEDED" / "data.status": "do not exceed 1600 characters". Counted in
#: UTF-16 code units: our assumption (see RULES["max-text-length"]); 1600 is allowed.
MAX_TEXT_UNITS: Final = 1600
#: The segment reading of the same sentence: 1600 characters at "the 160-character limit per
#: segment" is 10 segments (offered as advice only, never predicted).
MAX_SEGMENTS_READING: Final = 10
#: UNVERIFIED: seed 002 publishes no batch size (providers.md); a setting (``batch_size``).
DEFAULT_BATCH_SIZE: Final = 1000
#: seed 002 "type": "MT ... By default is MT"; no other value is documented.
MESSAGE_TYPES: Final = ("MT",)
#: seed 002 "Outbound SMS": "With a long code, you can only send one message per second."
LONG_CODE_INTERVAL_SECONDS: Final = 1.0
#: seed 002 "Outbound SMS": "long code text marketing does not work if you want to message
#: groups of more than 200 people".
LONG_CODE_BULK_LIMIT: Final = 200
#: seed 002 "from": "Shortcode (from 1 to 6 digits), Longcode (from 7 digits on)".
LONG_CODE_MIN_DIGITS: Final = 7

#: seed 002 "data.status": the send answers status ERROR with this message when a text is
#: over the limit (SEGMENTS_EXCEEDED is the *callback* status for the same cause).
TEXT_TOO_LONG: Final = "Text exceeds the limit of allowed segments"

#: The error catalogue: the status the send answers -> its documented message.
ERRORS: Final[Mapping[str, str]] = {"ERROR": TEXT_TOO_LONG}

#: seed 002 "callbacks": the 16 statuses and the seed's own description of each, verbatim and
#: in seed order (a description in two paragraphs is joined with one space; the seed's
#: doubled "the the" is kept).
STATUSES: Final[Mapping[str, str]] = {
    "DELIVRD": "SMS message was successfully delivered.",
    "EXPIRED": "Mobile operator was unable to deliver the message in the specified amount of "
    "time. A sample case is that the mobile device was turned off.",
    "DELETED": "SMS message has been deleted.",
    "UNDELIV": "Unable to send the SMS message.",
    "ACCEPTD": "SMS message is in the accepted status.",
    "UNKNOWN": "SMS message is in invalid status. Unknown error occurred with the mobile "
    "operator. This is very unlikely.",
    "REJECTD": "SMS message was rejected. The mobile operator could have blocked the message.",
    "INVALID_ROUTING": "Phone number is not valid.",
    "CODE_NOT_ALLOWED": "User does not have the short or long code assigned where the message "
    "is sent.",
    "BLACKLISTED": "Recipient is blacklisted.",
    "QUEUE": "SMS message is queued. Acknowledged by internal delivery process but not yet sent.",
    "DEQUEUED": "The SMS message has been removed from the queue and is ready to be published "
    "on the mobile operator.",
    "SENT": "SMS message was sent.",
    "ERROR": "An error occurred in the API logic and the message could not be delivered.",
    "ENROUTE": "The SMS message is enroute.",
    "SEGMENTS_EXCEEDED": "This status indicates that the number of permissible segments has been "
    "surpassed. This occurs when the message exceeds the 160-character limit per segment, "
    "therefore the the message cannot be sent.",
}

#: seed 002 "SEGMENTS_EXCEEDED": the paragraph that follows the description, verbatim.
STATUS_REMEDIES: Final[Mapping[str, str]] = {
    "SEGMENTS_EXCEEDED": "To resolve this issue, ensure that your SMS messages do not exceed "
    "1600 characters to avoid reaching the segment limit.",
}

#: Our definition (the seed defines none, see RULES["final-statuses"]).
FINAL_STATUSES: Final = frozenset(
    {
        "DELIVRD",
        "EXPIRED",
        "DELETED",
        "UNDELIV",
        "ACCEPTD",
        "UNKNOWN",
        "REJECTD",
        "INVALID_ROUTING",
        "CODE_NOT_ALLOWED",
        "BLACKLISTED",
        "ERROR",
        "SEGMENTS_EXCEEDED",
    }
)


class MessageStatus(enum.StrEnum):
    """The 16 message statuses of seed 002; ``final`` per :data:`FINAL_STATUSES`.

    >>> MessageStatus("DELIVRD").final, MessageStatus.QUEUE.final
    (True, False)
    """

    DELIVRD = "DELIVRD"
    EXPIRED = "EXPIRED"
    DELETED = "DELETED"
    UNDELIV = "UNDELIV"
    ACCEPTD = "ACCEPTD"
    UNKNOWN = "UNKNOWN"
    REJECTD = "REJECTD"
    INVALID_ROUTING = "INVALID_ROUTING"
    CODE_NOT_ALLOWED = "CODE_NOT_ALLOWED"
    BLACKLISTED = "BLACKLISTED"
    QUEUE = "QUEUE"
    DEQUEUED = "DEQUEUED"
    SENT = "SENT"
    ERROR = "ERROR"
    ENROUTE = "ENROUTE"
    SEGMENTS_EXCEEDED = "SEGMENTS_EXCEEDED"

    @property
    def final(self) -> bool:
        """No later status follows this one (see :data:`FINAL_STATUSES`)."""
        return self.value in FINAL_STATUSES

    @property
    def description(self) -> str:
        """The seed's own description of the status (:data:`STATUSES`)."""
        return STATUSES[self.value]


_S = "seed 002"


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One rule smscore applies, and where it comes from.

    ``applies``: ``rejection`` (a predicted provider answer: ``code`` and ``message``),
    ``advice`` (smscore's opinion, never a rejection), ``request`` (what goes on the wire),
    ``caller`` (an InvalidRequest: the caller's own configuration), ``result`` (how an answer
    is read), ``transport`` (the client). ``value`` is the limit or setting, if any.
    """

    applies: str
    basis: Basis
    value: Any = None
    code: str | None = None
    message: str | None = None

    def to_data(self) -> dict[str, Any]:
        """rules.json's form: the members that are set, the basis as data."""
        data: dict[str, Any] = {"applies": self.applies}
        for key in ("value", "code", "message"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        data["basis"] = self.basis.to_data()
        return data


#: Every rule smscore applies for Messangi, with its basis (see :class:`Rule`).
RULES: Final[Mapping[str, Rule]] = {
    "base-url": Rule(
        applies="request",
        value=DEFAULT_BASE_URL,
        basis=Basis.documented(
            f'{_S}, "Example": "The host requests are always https://elastic.messangi.me"; '
            '"Send an SMS" curl sample: /raven/v2/messages'
        ),
    ),
    "send-path": Rule(
        applies="request",
        value=SEND_PATH,
        basis=Basis.documented(f'{_S}, "Send an SMS": POST .../raven/v2/messages'),
    ),
    "batch-path": Rule(
        applies="request",
        value=BATCH_PATH,
        basis=Basis.assumed(
            'seed 002 "Sending Batch SMS messages" gives "POST v3/messages/batch" without host '
            "or prefix; the /raven prefix is the single send's (medium confidence)",
            source="providers.md",
        ),
    ),
    "status-path": Rule(
        applies="request",
        value=STATUS_PATH,
        basis=Basis.assumed(
            "seed 002 says users can check a message's status but never names the endpoint; "
            "GET on the message's own path, answered in the send answer's shape (low confidence)",
            source="providers.md",
        ),
    ),
    "sender-required": Rule(
        applies="caller",
        basis=Basis.documented(f'{_S}, "Sending SMS message", parameter "from": Required Yes'),
    ),
    "to-format": Rule(
        applies="request",
        basis=Basis.documented(
            f'{_S}, "Sending SMS message", parameter "to": "The destination address must be '
            "specified in E.164 format → ('+' and a country code). The plus sign prefix of the "
            'format is optional."'
        ),
    ),
    "max-text-length": Rule(
        applies="rejection",
        value=MAX_TEXT_UNITS,
        code="ERROR",
        message=TEXT_TOO_LONG,
        basis=Basis.assumed(
            'seed 002 "data.status" says a text over 1600 characters is answered with status '
            'ERROR and "Text exceeds the limit of allowed segments", but not how characters are '
            "counted: we count UTF-16 code units (what Java and JavaScript string lengths "
            "count); code points and segments are offered as advice where they differ",
            source="smscore",
        ),
    ),
    "length-readings": Rule(
        applies="advice",
        value={"code_points": MAX_TEXT_UNITS, "segments": MAX_SEGMENTS_READING},
        basis=Basis.documented(
            f'{_S}, "SEGMENTS_EXCEEDED": "exceeds the 160-character limit per segment" and '
            '"do not exceed 1600 characters" (1600 / 160 = 10 segments)'
        ),
    ),
    "segmentation": Rule(
        applies="result",
        basis=Basis.assumed(
            'seed 002 "text" splits a 150-character emoji message 70/70/10; a concatenated '
            "UCS-2 part holds 67 units (TS 23.040 §9.2.3.24.1), so parts are counted by the "
            "standard",
            source="providers.md",
        ),
    ),
    "param-text": Rule(
        applies="rejection",
        basis=Basis.assumed(
            "seed 002 is silent on how a number param reads in the text: a string as is, a "
            "number as its shortest JSON form (10.65, 20.5, 7), when counting a recipient's length",
            source="smscore",
        ),
    ),
    "callbacks-need-request-dr": Rule(
        applies="advice",
        basis=Basis.documented(
            f'{_S}, "callbacks": "To notify the status of the message delivery through a '
            'callback, the requestDR must be true."'
        ),
    ),
    "external-id-alphanumeric": Rule(
        applies="advice",
        basis=Basis.documented(f'{_S}, "externalId": "Alphanumeric identifier"'),
    ),
    "message-type": Rule(
        applies="caller",
        value=list(MESSAGE_TYPES),
        basis=Basis.documented(f'{_S}, "type": "MT ... By default is MT"'),
    ),
    "batch-size": Rule(
        applies="request",
        value=DEFAULT_BATCH_SIZE,
        basis=Basis.assumed(
            "Messangi publishes no batch size: 1000 recipients per request is our unverified "
            "default, a setting (batch_size)",
            source="providers.md",
        ),
    ),
    "long-code-rate": Rule(
        applies="transport",
        value=LONG_CODE_INTERVAL_SECONDS,
        basis=Basis.documented(
            f'{_S}, "Outbound SMS": "With a long code, you can only send one message per second."'
        ),
    ),
    "long-code-bulk": Rule(
        applies="advice",
        value=LONG_CODE_BULK_LIMIT,
        basis=Basis.documented(
            f'{_S}, "Outbound SMS": "long code text marketing does not work if you want to '
            'message groups of more than 200 people"'
        ),
    ),
    "long-code-digits": Rule(
        applies="advice",
        value=LONG_CODE_MIN_DIGITS,
        basis=Basis.documented(
            f'{_S}, "from": "Shortcode (from 1 to 6 digits), Longcode (from 7 digits on)"'
        ),
    ),
    "final-statuses": Rule(
        applies="result",
        value=sorted(FINAL_STATUSES),
        basis=Basis.assumed(
            "the seed does not say which statuses are final: the SMPP 3.4 delivery-receipt "
            "states (§5.2.28) except ENROUTE, plus Messangi's own refusals (INVALID_ROUTING, "
            "CODE_NOT_ALLOWED, BLACKLISTED, ERROR, SEGMENTS_EXCEEDED)",
            source="providers.md",
        ),
    ),
}
