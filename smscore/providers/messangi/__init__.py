"""Messangi outbound SMS (seed 002): single send, batch send, status by id, delivery callbacks.

Constants first (the provider's limits, its statuses and error texts, each citing seed 002 or
``providers.md`` where the seed is silent), then pure functions:

- :func:`build_send` / :func:`check_send`: ``POST {base}/v2/messages`` with a JSON body;
- :func:`build_batch` / :func:`check_batch`: ``POST {base}/v3/messages/batch``, ``{n}`` text
  and per-recipient ``params``, split into requests of at most ``batch_size`` recipients;
- :func:`build_status`: ``GET {base}/v2/messages/{id}`` (an assumption, see ``STATUS_PATH``);
- :func:`parse_send`, :func:`parse_batch`, :func:`parse_status`, :func:`parse_error`,
  :func:`parse_callback`: typed results, or ``UnexpectedResponse`` with the raw body;
- :func:`segment_report`: parts, units and the 1600-unit limit for one text;
- :func:`run_vector` for the conformance harness (operations in ``spec/messangi/README.md``).

The API key is a plain argument that only ever reaches the ``Authorization: Bearer`` header
(``wire.bearer_auth``); it is masked in every ``repr`` and never appears in an error.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal

from ...templates import Template
from ...text import segment
from ...wire import Rejection, Request, Response, bearer_auth, percent_encode
from . import _build as _b
from ._json import Reader, reader
from ._results import (
    BatchMessage,
    BatchResult,
    DeliveryReport,
    ErrorDetails,
    SegmentReport,
    SendResult,
)

__all__ = [
    "BATCH_PATH",
    "DEFAULT_BASE_URL",
    "DEFAULT_BATCH_SIZE",
    "ERRORS",
    "FINAL_STATUSES",
    "MAX_TEXT_UNITS",
    "MESSAGE_TYPES",
    "NAME",
    "SEND_PATH",
    "STATUSES",
    "STATUS_PATH",
    "BatchMessage",
    "BatchResult",
    "DeliveryReport",
    "ErrorDetails",
    "MessageStatus",
    "SegmentReport",
    "SendResult",
    "build_batch",
    "build_send",
    "build_status",
    "check_batch",
    "check_send",
    "parse_batch",
    "parse_callback",
    "parse_error",
    "parse_send",
    "parse_status",
    "run_vector",
    "segment_report",
]

# --- constants (the provider's rules as data; spec/messangi/rules.json holds the same) ---------

NAME: Final = "messangi"

#: seed 002 "Example": "The host requests are always https://elastic.messangi.me"; the curl
#: sample posts to /raven/v2/messages. Overridable in every build_* function (``base_url``).
DEFAULT_BASE_URL: Final = "https://elastic.messangi.me/raven"
#: seed 002 "Send an SMS" (curl sample).
SEND_PATH: Final = "/v2/messages"
#: seed 002 "Sending Batch SMS messages": "POST v3/messages/batch"; the /raven prefix is taken
#: from the single send (providers.md: medium confidence).
BATCH_PATH: Final = "/v3/messages/batch"
#: ASSUMPTION (providers.md: low confidence): seed 002 says "users can always check the status
#: of a message using the given endpoint" but never names it. We assume GET on the message's
#: own path, answered in the send response's ``{meta, data}`` shape. Override ``base_url`` or
#: build your own request if your account documents another path.
STATUS_PATH: Final = "/v2/messages/{id}"

#: seed 002 "SEGMENTS_EXCEEDED": "ensure that your SMS messages do not exceed 1600 characters".
#: Counted in UTF-16 code units, as the server counts string length (DESIGN.md); 1600 is allowed.
MAX_TEXT_UNITS: Final = 1600
#: UNVERIFIED: seed 002 publishes no batch size or rate limit (providers.md); 1000 recipients per
#: request is our default, a setting (``batch_size``) in build_batch.
DEFAULT_BATCH_SIZE: Final = 1000
#: seed 002 "type": "MT ... By default is MT"; no other value is documented.
MESSAGE_TYPES: Final = ("MT",)

#: The error catalogue. seed 002 "data.status": status ERROR with the message "Text exceeds the
#: limit of allowed segments" is the callback status SEGMENTS_EXCEEDED. The seed gives no HTTP
#: status for it, so predicted rejections carry ``status=None``.
ERRORS: Final[Mapping[str, str]] = {
    "SEGMENTS_EXCEEDED": "Text exceeds the limit of allowed segments",
}

#: seed 002 "callbacks": the 16 statuses and the seed's own description of each, in seed order.
STATUSES: Final[Mapping[str, str]] = {
    "DELIVRD": "SMS message was successfully delivered.",
    "EXPIRED": "Mobile operator was unable to deliver the message in the specified amount of "
    "time. A sample case is that the mobile device was turned off.",
    "DELETED": "SMS message has been deleted.",
    "UNDELIV": "Unable to send the SMS message.",
    "ACCEPTD": "SMS message is in the accepted status.",
    "UNKNOWN": "SMS message is in invalid status. Unknown error occurred with the mobile "
    "operator. This is very unlikely.",
    "REJECTD": "SMS message was rejected.",
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
    "surpassed.",
}

#: Our definition (the seed defines none): a status is final when no later status can follow.
#: The first seven are the SMPP 3.4 delivery-receipt states (§5.2.28, Appendix B), where
#: DELIVERED, EXPIRED, DELETED, UNDELIVERABLE, ACCEPTED, UNKNOWN and REJECTED are final and
#: only ENROUTE is not; INVALID_ROUTING, CODE_NOT_ALLOWED, BLACKLISTED, ERROR and
#: SEGMENTS_EXCEEDED are Messangi's own refusals (the message is never sent). QUEUE, DEQUEUED,
#: SENT and ENROUTE are in transit.
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


# --- building ------------------------------------------------------------------------------

Param = str | int | float
#: A number, or ``(number, params)``; with a Template, ``(number, values)`` as it renders them.
Recipient = str | tuple[str, Sequence[Param]] | tuple[str, Any]


def build_send(
    api_key: str,
    *,
    sender: str,
    text: str,
    to: str,
    region: str | None = None,
    number_rule: Literal["valid", "possible"] = "valid",
    request_dr: bool | None = None,
    connection: str | None = None,
    callbacks: str | Sequence[str] | None = None,
    email: str | None = None,
    message_type: str | None = None,
    external_id: str | None = None,
    client_id: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> Request:
    """The single-send request (seed 002 "Sending SMS message"); ``to`` is normalized to E.164.

    Optional fields are sent only when given, in the seed's order (``requestDR``,
    ``connection``, ``callbacks``, ``email``, ``type``, ``externalId``, ``clientId``); the
    server's defaults are ``requestDR: false`` and ``type: "MT"``. ``number_rule="possible"``
    also takes numbers of a possible length outside the assigned ranges phonenumbers knows.

    >>> r = build_send("KEY", sender="2222", text="Hi", to="+52 55 1234 5678")
    >>> r.url
    'https://elastic.messangi.me/raven/v2/messages'
    >>> r.body
    b'{"from":"2222","text":"Hi","to":"+525512345678"}'
    """
    auth = bearer_auth(api_key)
    url = _b.base(base_url) + SEND_PATH
    body: dict[str, Any] = {
        "from": _b.sender(sender),
        "text": _b.text(text, "text"),
        "to": _b.number(to, _b.region(region), "to", number_rule),
    }
    body.update(
        _b.options(
            request_dr,
            connection,
            callbacks,
            email,
            message_type,
            external_id,
            client_id,
            types=MESSAGE_TYPES,
        )
    )
    return _b.post(url, auth, body)


def check_send(
    api_key: str,
    *,
    sender: str,
    text: str,
    to: str,
    region: str | None = None,
    number_rule: Literal["valid", "possible"] = "valid",
    request_dr: bool | None = None,
    connection: str | None = None,
    callbacks: str | Sequence[str] | None = None,
    email: str | None = None,
    message_type: str | None = None,
    external_id: str | None = None,
    client_id: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> tuple[Rejection, ...]:
    """The rejections Messangi would give for this send (same arguments as :func:`build_send`).

    Only the text length is predictable from the seed: over 1600 UTF-16 code units is
    SEGMENTS_EXCEEDED.

    >>> check_send("KEY", sender="2222", text="x" * 1601, to="+525512345678")[0].code
    'SEGMENTS_EXCEEDED'
    """
    length = _b.utf16_units(_b.text(text, "text"))
    if length > MAX_TEXT_UNITS:
        return (_segments_exceeded("text"),)
    return ()


def build_batch(
    api_key: str,
    *,
    sender: str,
    text: str | Template,
    recipients: Iterable[Recipient],
    defaults: Any = None,
    region: str | None = None,
    number_rule: Literal["valid", "possible"] = "valid",
    batch_size: int = DEFAULT_BATCH_SIZE,
    request_dr: bool | None = None,
    connection: str | None = None,
    callbacks: str | Sequence[str] | None = None,
    email: str | None = None,
    message_type: str | None = None,
    external_id: str | None = None,
    client_id: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> tuple[Request, ...]:
    """Batch-send requests (seed 002 "Sending Batch SMS messages"), ``batch_size`` recipients each.

    ``text`` carries positional placeholders ``{0}``, ``{1}``...; each recipient is a number, or
    ``(number, params)`` with one value per placeholder index (str, int or float: params keep
    their JSON types, so ``10.65`` stays a number). ``text`` may instead be a
    ``smscore.Template`` (``{n}`` or ``%%TAG%%``): recipients are then ``(number, values)`` rows
    as ``Template.render`` takes them, with ``defaults``, converted by
    ``smscore.templates.to_messangi``; a row that cannot be rendered raises ``TemplateError``.
    Every recipient is sent, in order, with its number normalized to E.164; a repeated number
    is sent again (each entry is one message).
    The seed's ``"to:"`` key is a typo for ``"to"`` (providers.md).

    >>> reqs = build_batch("KEY", sender="12345", text="Hi {0}",
    ...                    recipients=[("+525500000000", ["Ana"])])
    >>> reqs[0].body
    b'{"from":"12345","text":"Hi {0}","to":[{"to":"+525500000000","params":["Ana"]}]}'
    """
    auth = bearer_auth(api_key)
    url = _b.base(base_url) + BATCH_PATH
    size = _b.batch_size(batch_size)
    region = _b.region(region)
    plan = _b.plan(text, recipients, defaults)
    options = _b.options(
        request_dr,
        connection,
        callbacks,
        email,
        message_type,
        external_id,
        client_id,
        types=MESSAGE_TYPES,
    )
    head = {"from": _b.sender(sender), "text": plan.text}
    entries = [
        {"to": _b.number(raw, region, f"recipients[{i}]", number_rule), "params": list(params)}
        for i, (raw, params) in enumerate(plan.recipients)
    ]
    requests = []
    for start in range(0, len(entries), size):
        body: dict[str, Any] = dict(head)
        body["to"] = entries[start : start + size]
        body.update(options)
        requests.append(_b.post(url, auth, body))
    return tuple(requests)


def check_batch(
    api_key: str,
    *,
    sender: str,
    text: str | Template,
    recipients: Iterable[Recipient],
    defaults: Any = None,
    region: str | None = None,
    number_rule: Literal["valid", "possible"] = "valid",
    batch_size: int = DEFAULT_BATCH_SIZE,
    request_dr: bool | None = None,
    connection: str | None = None,
    callbacks: str | Sequence[str] | None = None,
    email: str | None = None,
    message_type: str | None = None,
    external_id: str | None = None,
    client_id: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> tuple[Rejection, ...]:
    """Per-recipient rejections for a batch (same arguments as :func:`build_batch`).

    The 1600-unit limit applies to each recipient's text after its params are filled in
    (``field`` is ``recipients[i]``). A missing or extra param raises ``TemplateError``.

    >>> [r.field for r in check_batch("K", sender="1", text="{0}",
    ...                               recipients=[("+525500000000", ["x" * 1601])])]
    ['recipients[0]']
    """
    plan = _b.plan(text, recipients, defaults)
    return tuple(
        _segments_exceeded(f"recipients[{i}]")
        for i, length in enumerate(plan.lengths())
        if length > MAX_TEXT_UNITS
    )


def build_status(api_key: str, *, message_id: str, base_url: str = DEFAULT_BASE_URL) -> Request:
    """The status-by-id request: ``GET {base}/v2/messages/{id}`` (ASSUMPTION, see STATUS_PATH).

    >>> build_status("KEY", message_id="611b3a42c5f7904590c17d1f").url
    'https://elastic.messangi.me/raven/v2/messages/611b3a42c5f7904590c17d1f'
    """
    auth = bearer_auth(api_key)
    ident = _b.text(message_id, "message_id")
    url = _b.base(base_url) + STATUS_PATH.format(id=percent_encode(ident))
    return Request(method="GET", url=url, headers=(("Accept", "application/json"), auth))


def segment_report(text: str) -> SegmentReport:
    """Encoding, exact parts and units by the standard rule, and the 1600-unit check.

    The standard rule (TS 23.040 §9.2.3.24.1 concatenation header): a concatenated UCS-2 part
    holds 67 units, a GSM-7 part 153 septets; seed 002's "150 characters with an emoji: 70, 70
    and 10" example is not what a handset receives.

    >>> r = segment_report("ж" * 71)
    >>> r.encoding, r.segments, [len(p) for p in r.parts]
    ('UCS-2', 2, [67, 4])
    """
    checked = _b.text(text, "text", allow_empty=True)
    s = segment(checked, limit=None)
    length = _b.utf16_units(checked)
    return SegmentReport(
        encoding=str(s.encoding),
        segments=s.segments,
        units=s.units,
        parts=s.parts,
        part_units=tuple(_part_units(s.encoding, part) for part in s.parts),
        length=length,
        limit=MAX_TEXT_UNITS,
        within_limit=length <= MAX_TEXT_UNITS,
    )


def _part_units(encoding: str, part: str) -> int:
    if encoding == "UCS-2":
        return _b.utf16_units(part)
    return segment(part, limit=None).units  # a GSM-7 part alone counts the same septets


def _segments_exceeded(field: str) -> Rejection:
    code = "SEGMENTS_EXCEEDED"
    return Rejection(provider=NAME, code=code, message=ERRORS[code], field=field)


# --- parsing -------------------------------------------------------------------------------


def parse_send(response: Response) -> SendResult:
    """The answer to :func:`build_send`; a non-2xx answer raises via :func:`parse_error`.

    >>> body = b'{"meta":{"timestamp":1},"data":{"id":"a1","status":"QUEUE"}}'
    >>> parse_send(Response(status=200, body=body)).status
    <MessageStatus.QUEUE: 'QUEUE'>
    """
    rd = reader(response)
    meta, data = _envelope(rd, response)
    status = _status(rd, data, "data", required=True)
    assert status is not None
    return SendResult(
        id=rd.req_str(data, "id", "data"),
        status=status,
        sender=rd.opt_str(data, "from", "data"),
        text=rd.opt_str(data, "text", "data"),
        to=rd.opt_str(data, "to", "data"),
        request_dr=rd.opt_bool(data, "requestDR", "data"),
        type=rd.opt_str(data, "type", "data"),
        owner=rd.opt_str(data, "owner", "data"),
        operator=rd.opt_str(data, "operator", "data"),
        date=rd.opt_str(data, "date", "data"),
        connection=rd.opt_str(data, "connection", "data"),
        callbacks=rd.opt_str(data, "callbacks", "data"),
        email=rd.opt_str(data, "email", "data"),
        external_id=rd.opt_str(data, "externalId", "data"),
        client_id=rd.opt_str(data, "clientId", "data"),
        transaction_id=rd.opt_str(meta, "transactionId", "meta"),
        timestamp=rd.opt_stamp(meta, "timestamp", "meta"),
        explain=rd.opt_str(meta, "explain", "meta"),
    )


def parse_status(response: Response) -> SendResult:
    """The answer to :func:`build_status`: assumed to be the send answer's shape (ASSUMPTION).

    >>> body = b'{"data":{"id":"a1","status":"DELIVRD"}}'
    >>> parse_status(Response(status=200, body=body)).status.final
    True
    """
    return parse_send(response)


def parse_batch(response: Response) -> BatchResult:
    """The answer to one :func:`build_batch` request: ids per number and the invalid numbers.

    >>> body = b'{"data":{"ids":[{"id":"x","mobile":"+525500000000"}],"invalidNumber":["12"]}}'
    >>> r = parse_batch(Response(status=200, body=body))
    >>> r.messages[0].id, r.invalid_numbers
    ('x', ('12',))
    """
    rd = reader(response)
    meta, data = _envelope(rd, response)
    messages = tuple(
        BatchMessage(
            id=rd.req_str(item, "id", f"data.ids[{i}]"),
            mobile=rd.req_str(item, "mobile", f"data.ids[{i}]"),
        )
        for i, item in enumerate(rd.obj_list(data, "ids", "data"))
    )
    return BatchResult(
        messages=messages,
        invalid_numbers=rd.str_list(data, "invalidNumber", "data"),
        status=_status(rd, data, "data", required=False),
        sender=rd.opt_str(data, "from", "data"),
        text=rd.opt_str(data, "text", "data"),
        type=rd.opt_str(data, "type", "data"),
        owner=rd.opt_str(data, "owner", "data"),
        operator=rd.opt_str(data, "operator", "data"),
        date=rd.opt_str(data, "date", "data"),
        transaction_id=rd.opt_str(meta, "transactionId", "meta"),
        timestamp=rd.opt_stamp(meta, "timestamp", "meta"),
        explain=rd.opt_str(meta, "explain", "meta"),
    )


def parse_error(response: Response) -> ErrorDetails:
    """Read an error answer of any shape; never raises for the body's content.

    >>> e = parse_error(Response(status=401, body=b'{"message":"Invalid API key"}'))
    >>> e.code, e.message
    ('401', 'Invalid API key')
    """
    rd = reader(response)
    code, message, transaction_id, timestamp = _b.error_fields(rd, response.status, ERRORS)
    return ErrorDetails(
        status=response.status,
        code=code,
        message=message,
        transaction_id=transaction_id,
        timestamp=timestamp,
        body=response.body,
    )


def parse_callback(payload: bytes | str | Mapping[str, Any]) -> DeliveryReport:
    """One delivery callback POSTed to your endpoint: raw body bytes/text, or decoded JSON.

    >>> r = parse_callback(b'{"id":"a1","status":"DELIVRD","message":"Hi","to":"+525500000000"}')
    >>> r.status, r.final, r.delivered
    (<MessageStatus.DELIVRD: 'DELIVRD'>, True, True)
    """
    if isinstance(payload, Mapping):
        rd = Reader(None, _b.safe_dump(payload))
        root = rd.obj(dict(payload), "callback")
    elif isinstance(payload, bytes | str):
        raw = payload.encode("utf-8", "replace") if isinstance(payload, str) else payload
        rd = Reader(None, raw)
        root = rd.obj(rd.decode(), "callback")
    else:
        raise TypeError(
            f"payload must be bytes, str or a mapping (the callback body), "
            f"got {type(payload).__name__}"
        )
    status = _status(rd, root, "callback", required=True)
    assert status is not None
    return DeliveryReport(
        id=rd.req_str(root, "id", "callback"),
        status=status,
        final=status.final,
        delivered=status is MessageStatus.DELIVRD,
        date=rd.opt_str(root, "date", "callback"),
        timestamp=rd.opt_stamp(root, "timestamp", "callback"),
        sender=rd.opt_str(root, "from", "callback"),
        to=rd.opt_str(root, "to", "callback"),
        message=rd.opt_str(root, "message", "callback"),
        username=rd.opt_str(root, "username", "callback"),
        external_id=rd.opt_str(root, "externalId", "callback"),
        client_id=rd.opt_str(root, "clientId", "callback"),
        callback=rd.opt_str(root, "callback", "callback"),
    )


def _envelope(rd: Reader, response: Response) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    if not 200 <= response.status < 300:
        raise parse_error(response).to_error()
    root = rd.obj(rd.decode(), "body")
    meta = rd.opt_obj(root, "meta", "body")
    return meta, rd.obj(root.get("data"), "data")


def _status(
    rd: Reader, parent: Mapping[str, Any], path: str, *, required: bool
) -> MessageStatus | None:
    raw = rd.req_str(parent, "status", path) if required else rd.opt_str(parent, "status", path)
    if raw is None:
        return None
    try:
        return MessageStatus(raw)
    except ValueError:
        raise rd.fail(f"{path}.status {raw!r} is not one of the 16 statuses of seed 002") from None


# --- conformance ---------------------------------------------------------------------------


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one conformance vector (operations and inputs: ``spec/messangi/README.md``).

    >>> run_vector("segments", {"text": "hi"})["result"]["segments"]
    1
    """
    from ._vectors import run

    return run(operation, input)
