"""mGage Gateway API 2.0: send one message to many numbers (seed 000).

The request is a ``POST`` with every parameter in the percent-encoded query string, in the order
of the seed's example (``message``, ``message_billed``, ``message_type``, ``numbers``,
``spoof_from``, ``program_id``, ``allow_long_messages``), an empty body and HTTP Basic auth.
The host and path are not public (the seed lost them; the UK instance has ``-uk`` in its URL),
so the endpoint is a required argument: the URL you received with your credentials.

Numbers are normalized to digits with the country code and no ``+``, deduplicated after
normalization (``+1 213 555 0123`` and ``12135550123`` are one number), and split into
requests of at most 250. Every raw number is accounted for in the :class:`SendPlan`: sent to,
duplicate of an earlier one, or rejected with a reason.

>>> plan = plan_send("Hi", ["+1 213-555-0123", "12135550123"], endpoint="https://gw.example/send",
...                  username="u", password="p", program_id="104967", spoof_from="87767")
>>> plan.requests[0].url
'https://gw.example/send?message=Hi&message_billed=no&message_type=sms&numbers=12135550123&spoof_from=87767&program_id=104967'
>>> plan.duplicates
(('12135550123', '12135550123'),)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

from ... import wire
from ...errors import InvalidRequest, ProviderError, UnexpectedResponse
from ...wire import Rejection, Request, Response
from .._guard import check_secret, require_request, require_response, require_str_collection
from . import _scan as _mgage_scan
from ._args import check_endpoint, require_text, yes_no
from ._plan import Recipients, prepare, utf16_units

__all__ = [
    "COUNTRIES",
    "DEFAULTS",
    "MAX_MESSAGE_UNITS",
    "MAX_NUMBERS",
    "MESSAGE_TYPES",
    "NAME",
    "PARAMETERS",
    "STATUS_TEXTS",
    "YES_NO",
    "GatewayStatus",
    "RecipientStatus",
    "SendPlan",
    "SendResult",
    "build_send",
    "check_request",
    "check_send",
    "parse_send",
    "parse_send_request",
    "plan_send",
    "run_vector",
]

NAME: Final = "mgage-gateway"

#: seed 000, "Considerations": "You can batch up to 250 numbers in a single API call".
MAX_NUMBERS: Final = 250
#: seed 000, status 107 "should be < 160" but allow_long_messages says "exceed 160 characters":
#: 160 is allowed (providers.md). Counted in UTF-16 code units, as the server counts length.
MAX_MESSAGE_UNITS: Final = 160
#: seed 000, "Request Parameters", in the order of the seed's sample request.
PARAMETERS: Final = (
    "message",
    "message_billed",
    "message_type",
    "numbers",
    "spoof_from",
    "program_id",
    "allow_long_messages",
)
#: seed 000, "Request Parameters": message_billed "Set this to 'no'", message_type "Set this
#: to 'sms'"; allow_long_messages "When not specified, the gateway assumes 'no'".
DEFAULTS: Final[Mapping[str, str]] = {
    "message_billed": "no",
    "message_type": "sms",
    "allow_long_messages": "no",
}
#: seed 000, status 105: "currently supported country codes are: 'US' or 'UK'".
COUNTRIES: Final = ("US", "UK")
#: seed 000, status 104. Assumption: "sms" is the only type the gateway takes (the seed says
#: "Set this to 'sms'" and documents no other); pass message_types= to widen it.
MESSAGE_TYPES: Final = ("sms",)
#: seed 000, statuses 106 and 114: "should be “yes” or “no”".
YES_NO: Final = ("yes", "no")

#: seed 000, "Status Codes": every code with the seed's exact text (typographic quotes and
#: dashes as the seed prints them; the server's bytes may differ, so a status is identified by
#: its number). ``{0}``/``{1}`` are filled as the server would.
STATUS_TEXTS: Final[Mapping[str, str]] = {
    "0": "Request accepted onto the platform.",
    "1": "Send failed. Please contact support.",
    "104": "Invalid message type: ‘{0}’",
    "105": "Country code not valid – currently supported country codes are: ‘US’ or ‘UK’, "
    "supplied: ‘{0}’",
    "106": "Message billed not set correctly – should be “yes” or “no”.",
    "107": "Too many characters in message – should be < 160, found {0}.",
    "108": "Message must not be empty.",
    "109": "You must specify at least one recipient.",
    "111": "No valid numbers to send to!",
    "112": "Too many numbers in request – max. {0}, received: {1}.",
    "113": "Number found twice in request – please only supply each number once per request!",
    "114": "Parameter allow_long_messages not set correctly – should be “yes” or “no”.",
    "201": "Spoof must be set when sending unbilled messages.",
}


class GatewayStatus(StrEnum):
    """The gateway's status codes (seed 000, "Status Codes"); compares equal to the code."""

    ACCEPTED = "0"
    SEND_FAILED = "1"
    INVALID_MESSAGE_TYPE = "104"
    INVALID_COUNTRY = "105"
    INVALID_MESSAGE_BILLED = "106"
    MESSAGE_TOO_LONG = "107"
    EMPTY_MESSAGE = "108"
    NO_RECIPIENT = "109"
    NO_VALID_NUMBERS = "111"
    TOO_MANY_NUMBERS = "112"
    DUPLICATE_NUMBER = "113"
    INVALID_ALLOW_LONG_MESSAGES = "114"
    SPOOF_REQUIRED = "201"


_STATUS_BY_CODE: Final = {s.value: s for s in GatewayStatus}
_BASIC_RULE: Final = "RFC 7617: HTTP Basic credentials are UTF-8 text"


@dataclass(frozen=True, slots=True, kw_only=True)
class SendPlan:
    """Everything a send becomes before it goes out.

    ``requests[i]`` carries ``batches[i]``; ``accepted`` is every number sent to, in first-seen
    order; ``duplicates`` holds ``(raw, the number it repeats)`` and ``rejected`` holds
    ``(raw, reason)``: together they account for every raw number. ``units`` is the message
    length in UTF-16 code units (what the 160 limit counts) and ``segments`` the SMS parts
    each recipient is billed for.
    """

    requests: tuple[Request, ...]
    batches: tuple[tuple[str, ...], ...]
    accepted: tuple[str, ...]
    duplicates: tuple[tuple[Any, str], ...]
    rejected: tuple[tuple[Any, str], ...]
    units: int
    segments: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientStatus:
    """The gateway's answer for one number: its status ``code`` (a :class:`GatewayStatus` when
    the code is known) and ``message`` (the server's text, else the seed's)."""

    number: str | None
    code: str
    message: str
    accepted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SendResult:
    """A parsed send answer: one :class:`RecipientStatus` per reported number.

    ``missing`` lists numbers given to :func:`parse_send` that the body does not mention;
    ``ok`` is true for HTTP 2xx with code 0 for every recipient and none missing; ``body`` is
    the raw body (the format is not public, keep it).
    """

    status: int
    ok: bool
    recipients: tuple[RecipientStatus, ...]
    missing: tuple[str, ...]
    body: bytes


def _text(code: str, *args: object) -> str:
    return STATUS_TEXTS[code].format(*args)


def _reject(code: str, field: str, *args: object) -> Rejection:
    return Rejection(provider=NAME, code=code, message=_text(code, *args), field=field)


@dataclass(slots=True)
class _Checked:
    rejections: list[Rejection]
    recipients: Recipients
    units: int
    allow_long: str | None
    billed: str


def _check(
    message: str,
    numbers: Iterable[str],
    *,
    program_id: str | int,
    spoof_from: str | None,
    allow_long_messages: bool | str | None,
    message_billed: bool | str,
    message_type: str,
    country: str,
    number_region: str | None,
    dedup: bool,
    batch_size: int | None,
    message_types: Sequence[str],
) -> _Checked:
    message = require_text(message, "message", allow_empty=True)
    require_text(program_id, "program_id")
    message_type = require_text(message_type, "message_type", allow_empty=True)
    country = require_text(country, "country", allow_empty=True)
    if spoof_from is not None:
        require_text(spoof_from, "spoof_from", allow_empty=True)
    if message_billed is None:  # seed 000: message_billed is required ("Set this to 'no'")
        raise InvalidRequest(
            "message_billed must be a bool, 'yes' or 'no', got None",
            field="message_billed",
            rule="seed 000: message_billed is a required yes/no parameter",
        )
    billed = require_text(
        yes_no(message_billed, "message_billed"), "message_billed", allow_empty=True
    )
    types = require_str_collection(message_types, "message_types", "message types")
    if number_region is not None and not isinstance(number_region, str):
        raise TypeError(
            f"number_region must be a str (a region such as 'US') or None, "
            f"got {type(number_region).__name__}"
        )
    allow_long = yes_no(allow_long_messages, "allow_long_messages")
    if batch_size is not None and (
        isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1
    ):
        raise InvalidRequest(
            f"batch_size must be a positive int or None, got {batch_size!r}",
            field="batch_size",
            value=batch_size,
            rule="seed 000: up to 250 numbers per call",
        )
    out: list[Rejection] = []
    if country not in COUNTRIES:  # seed 000: 105
        out.append(_reject("105", "country", country))
    if message_type not in types:  # seed 000: 104
        out.append(_reject("104", "message_type", message_type))
    if billed not in YES_NO:  # seed 000: 106
        out.append(_reject("106", "message_billed"))
    if allow_long is not None and allow_long not in YES_NO:  # seed 000: 114
        out.append(_reject("114", "allow_long_messages"))
    if billed == "no" and not spoof_from:  # seed 000: 201, unbilled needs a spoof
        out.append(_reject("201", "spoof_from"))
    units = utf16_units(message)
    if not message:  # seed 000: 108
        out.append(_reject("108", "message"))
    elif units > MAX_MESSAGE_UNITS and allow_long != "yes":  # seed 000: 107
        out.append(_reject("107", "message", units))
    recipients = prepare(numbers, region=number_region, dedup=dedup, batch_size=batch_size)
    if recipients.raw_count == 0:  # seed 000: 109
        out.append(_reject("109", "numbers"))
    elif not recipients.accepted:  # seed 000: 111
        out.append(_reject("111", "numbers"))
    for batch in recipients.batches:
        if len(batch) > MAX_NUMBERS:  # seed 000: 112, "max. {0}, received: {1}"
            out.append(_reject("112", "numbers", MAX_NUMBERS, len(batch)))
            break
    if not dedup and any(len(set(b)) != len(b) for b in recipients.batches):
        out.append(_reject("113", "numbers"))  # seed 000: 113, only when dedup is off
    return _Checked(
        rejections=out, recipients=recipients, units=units, allow_long=allow_long, billed=billed
    )


def check_send(
    message: str,
    numbers: Iterable[str],
    *,
    program_id: str | int,
    spoof_from: str | None = None,
    allow_long_messages: bool | str | None = None,
    message_billed: bool | str = "no",
    message_type: str = "sms",
    country: str = "US",
    number_region: str | None = None,
    dedup: bool = True,
    batch_size: int | None = MAX_NUMBERS,
    message_types: Sequence[str] = MESSAGE_TYPES,
    endpoint: str | None = None,
    username: str | None = None,
    password: str | None = None,
) -> tuple[Rejection, ...]:
    """The statuses the gateway would refuse this send with (empty when it would accept).

    Takes the same arguments as :func:`plan_send` (credentials and endpoint are accepted and
    ignored). Codes, in this order: 105 country, 104 message_type, 106 message_billed,
    114 allow_long_messages, 201 spoof_from, 108/107 message, 109/111/112/113 numbers.

    >>> [r.code for r in check_send("", [], program_id="1", message_billed="maybe")]
    ['106', '108', '109']
    """
    return tuple(
        _check(
            message,
            numbers,
            program_id=program_id,
            spoof_from=spoof_from,
            allow_long_messages=allow_long_messages,
            message_billed=message_billed,
            message_type=message_type,
            country=country,
            number_region=number_region,
            dedup=dedup,
            batch_size=batch_size,
            message_types=message_types,
        ).rejections
    )


def plan_send(
    message: str,
    numbers: Iterable[str],
    *,
    endpoint: str,
    username: str,
    password: str,
    program_id: str | int,
    spoof_from: str | None = None,
    allow_long_messages: bool | str | None = None,
    message_billed: bool | str = "no",
    message_type: str = "sms",
    country: str = "US",
    number_region: str | None = None,
    dedup: bool = True,
    batch_size: int | None = MAX_NUMBERS,
    message_types: Sequence[str] = MESSAGE_TYPES,
) -> SendPlan:
    """Normalize, deduplicate and batch ``numbers`` and build one request per batch.

    ``endpoint`` is your instance's gateway URL (``country`` ``"US"`` or ``"UK"``; the UK URL
    contains ``-uk``). ``allow_long_messages`` (``True``/``"yes"``) lifts the 160 limit and is
    omitted when ``None``; ``spoof_from`` is omitted when ``None``. ``number_region`` reads
    national numbers (default: digits are country code + national number). ``dedup=False``
    keeps repeats (the gateway then refuses with 113); ``batch_size=None`` sends one request.
    Raises :class:`~smscore.ProviderError` (status ``None``) with the first status the gateway
    would answer (see :func:`check_send`), :class:`~smscore.InvalidRequest` for arguments no
    request can carry.

    >>> plan = plan_send("Hi", ["12135550123"], endpoint="https://gw.example/send",
    ...                  username="u", password="p", program_id=1, spoof_from="87767",
    ...                  allow_long_messages=True)
    >>> plan.requests[0].url.rsplit("&", 1)[1]
    'allow_long_messages=yes'
    """
    # RFC 7617: the credentials are checked before anything encodes them; an error names the
    # field, never the value (a UnicodeEncodeError would carry it).
    check_secret(username, "username", _BASIC_RULE)
    check_secret(password, "password", _BASIC_RULE)
    checked = _check(
        message,
        numbers,
        program_id=program_id,
        spoof_from=spoof_from,
        allow_long_messages=allow_long_messages,
        message_billed=message_billed,
        message_type=message_type,
        country=country,
        number_region=number_region,
        dedup=dedup,
        batch_size=batch_size,
        message_types=message_types,
    )
    if checked.rejections:
        raise checked.rejections[0].to_error()
    check_endpoint(endpoint, country, COUNTRIES)
    auth = (wire.basic_auth(username, password),)
    enc = wire.percent_encode
    # seed 000 sample request: message, message_billed, message_type, numbers, spoof_from,
    # program_id, allow_long_messages. Numbers are digits only, so they need no escaping;
    # the separating comma is always sent as %2C ("All API parameters must be URL encoded").
    head = (
        f"{endpoint}?message={enc(message)}&message_billed={enc(checked.billed)}"
        f"&message_type={enc(message_type)}&numbers="
    )
    tail = "" if spoof_from is None else f"&spoof_from={enc(spoof_from)}"
    tail += f"&program_id={enc(str(program_id))}"
    if checked.allow_long is not None:
        tail += f"&allow_long_messages={enc(checked.allow_long)}"
    requests = tuple(
        Request(method="POST", url=f"{head}{'%2C'.join(batch)}{tail}", headers=auth)
        for batch in checked.recipients.batches
    )
    from ...text import segment

    r = checked.recipients
    return SendPlan(
        requests=requests,
        batches=r.batches,
        accepted=r.accepted,
        duplicates=r.duplicates,
        rejected=r.rejected,
        units=checked.units,
        segments=segment(message).segments,
    )


def build_send(
    message: str,
    numbers: Iterable[str],
    *,
    endpoint: str,
    username: str,
    password: str,
    program_id: str | int,
    spoof_from: str | None = None,
    allow_long_messages: bool | str | None = None,
    message_billed: bool | str = "no",
    message_type: str = "sms",
    country: str = "US",
    number_region: str | None = None,
    dedup: bool = True,
    batch_size: int | None = MAX_NUMBERS,
    message_types: Sequence[str] = MESSAGE_TYPES,
) -> tuple[Request, ...]:
    """The requests of :func:`plan_send`, one per batch of at most 250 numbers.

    >>> [r.method for r in build_send("Hi", ["12135550123"], endpoint="https://gw.example/s",
    ...                               username="u", password="p", program_id="1",
    ...                               spoof_from="87767")]
    ['POST']
    """
    return plan_send(
        message,
        numbers,
        endpoint=endpoint,
        username=username,
        password=password,
        program_id=program_id,
        spoof_from=spoof_from,
        allow_long_messages=allow_long_messages,
        message_billed=message_billed,
        message_type=message_type,
        country=country,
        number_region=number_region,
        dedup=dedup,
        batch_size=batch_size,
        message_types=message_types,
    ).requests


def parse_send_request(request: Request) -> dict[str, str]:
    """The parameters of a gateway request, decoded from its query string (what a server reads).

    >>> parse_send_request(Request(method="POST", url="https://gw.example/s?message=a%20b&numbers=1%2C2"))
    {'message': 'a b', 'numbers': '1,2'}
    """
    query = urlsplit(require_request(request).url).query
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise InvalidRequest(
            "query string is not UTF-8 percent-encoding",
            field="url",
            value=query,
            rule="parameters are UTF-8 percent-encoded",
        ) from None
    params: dict[str, str] = {}
    for key, value in pairs:
        if key in params:
            raise InvalidRequest(
                f"parameter {key!r} appears twice in the query string",
                field=key,
                value=value,
                rule="each parameter once",
            )
        params[key] = value
    return params


def check_request(request: Request) -> tuple[Rejection, ...]:
    """The statuses the gateway would answer a received request with, reading it as the server
    does: numbers exactly as sent (digits only, no normalization, repeats kept).

    >>> [r.code for r in check_request(Request(method="POST",
    ...     url="https://gw.example/s?message=Hi&message_billed=no&message_type=sms"
    ...         "&numbers=12135550123%2C12135550123&spoof_from=1&program_id=1"))]
    ['113']
    """
    params = parse_send_request(require_request(request))
    raw_numbers = params.get("numbers", "")
    numbers = [n for n in raw_numbers.split(",") if n] if raw_numbers else []
    # seed 000: numbers "may not contain any non-numeric characters": such an entry is read
    # as invalid ("" is never a valid number), not normalized as build_send would.
    as_sent = [n if n.isdigit() and n.isascii() else "" for n in numbers]
    return check_send(
        params.get("message", ""),
        as_sent,
        program_id=params.get("program_id", ""),
        spoof_from=params.get("spoof_from"),
        allow_long_messages=params.get("allow_long_messages"),
        # assumption: an absent message_billed/message_type reads as empty (the seed says
        # "Set this to"; it documents no server default), so 106/104 are predicted
        message_billed=params.get("message_billed", ""),
        message_type=params.get("message_type", ""),
        dedup=False,
        batch_size=None,
    )


def _recipient(number: str | None, code: str, text: str | None) -> RecipientStatus:
    status = _STATUS_BY_CODE.get(code)
    known = STATUS_TEXTS.get(code, "")
    return RecipientStatus(
        number=number,
        code=status if status is not None else code,
        message=text if text else known,
        accepted=code == "0",
    )


def _numbers_sent(numbers: object) -> Sequence[str]:
    what = "numbers must be a sequence of str (the batch the request carried)"
    if isinstance(numbers, str | bytes) or not isinstance(numbers, Sequence):
        raise TypeError(f"{what}, got {type(numbers).__name__}")
    for n in numbers:
        if not isinstance(n, str):
            raise TypeError(f"{what}, got an item of type {type(n).__name__}")
    return numbers


def parse_send(response: Response, numbers: Sequence[str] = ()) -> SendResult:
    """Read the gateway's answer per recipient; ``numbers`` is the batch the request carried.

    The body format is not public (seed 000 lost it): XML or JSON blocks carrying a number and
    a status code are read first, then lines of text with a code or a known status text
    (providers.md). A body with only one status and no number is the whole request's status:
    code 0 means every number in ``numbers`` was accepted; any other code raises
    :class:`~smscore.ProviderError` with the gateway's code and text. A body with no status
    raises :class:`~smscore.UnexpectedResponse` keeping the raw body.

    >>> body = b"<r><number>12135550123</number><status>0</status></r>"
    >>> r = parse_send(Response(status=200, body=body))
    >>> (r.ok, r.recipients[0].number, r.recipients[0].code == "0")
    (True, '12135550123', True)
    """
    require_response(response)
    numbers = _numbers_sent(numbers)
    http_ok = 200 <= response.status < 300
    blocks = _mgage_scan.scan(response.text(), STATUS_TEXTS)
    if not blocks:
        what = "no gateway status code in the body"
        raise UnexpectedResponse(
            NAME,
            f"HTTP {response.status}: {what}",
            status=response.status,
            body=response.body,
            code=str(response.status) if not http_ok else "unexpected-response",
        )
    with_number = [b for b in blocks if b[0] is not None]
    if not with_number:
        codes = {b[1] for b in blocks}
        if len(blocks) == len(numbers) and len(blocks) > 1:
            blocks = [(n, b[1], b[2]) for n, b in zip(numbers, blocks, strict=True)]
        elif len(codes) == 1:
            number_code, text = blocks[0][1], blocks[0][2]
            if number_code != "0" or not http_ok:
                # the whole request's status: refused (or a non-2xx answer)
                raise ProviderError(
                    NAME, number_code, text or STATUS_TEXTS.get(number_code, ""), response.status
                )
            blocks = [(n, "0", text) for n in numbers] or [(None, "0", text)]
    recipients = tuple(_recipient(n, c, t) for n, c, t in blocks)
    reported = {r.number for r in recipients}
    missing = tuple(n for n in numbers if n not in reported)
    ok = http_ok and bool(recipients) and not missing and all(r.accepted for r in recipients)
    return SendResult(
        status=response.status,
        ok=ok,
        recipients=recipients,
        missing=missing,
        body=response.body,
    )


# --- conformance (spec/mgage-gateway/README.md documents every operation's input) ---


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one conformance vector: ``send``, ``plan``, ``check_request`` or ``parse_send``.

    Malformed input (a missing required key, a value of the wrong type) raises
    :class:`~smscore.errors.InvalidVector`.

    >>> run_vector("check_request", {"url": "https://gw.example/s?program_id=1"})["error"]["code"]
    '104'
    """
    from .._vectors import run_gateway

    return run_gateway(operation, input)
