"""The gateway's send interface (issue 9): plan, check, build, check a received request, parse.

Every function here is re-exported by the package (:mod:`smscore.providers.mgage_gateway`),
whose docstring describes the wire form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ...errors import InvalidRequest
from ...wire import Rejection, Request, Response
from .._common import NumberPolicy, Recipient, SendPlan
from .._guard import require_request
from ._args import Credentials, Settings, read_settings
from ._check import (
    number_rejections,
    readings_of,
    server_reads_number,
    setting_rejections,
    text_rejections,
)
from ._parse import SendResult, numbers_of, parse_answer, parse_send_request
from ._plan import build_requests, read_campaign, render_plan
from ._rules import MAX_NUMBERS, MESSAGE_TYPES

if TYPE_CHECKING:
    from ...templates import Template

__all__ = ["build_send", "check_request", "check_send", "parse_send", "plan_send"]

Values = Mapping[str, Any] | Sequence[Any]


def _credentials(credentials: object) -> Credentials:
    if not isinstance(credentials, Credentials):
        raise InvalidRequest(
            "credentials must be a mgage_gateway.Credentials(username, password), "
            f"got {type(credentials).__name__}",
            field="credentials",
            value=type(credentials).__name__,
            rule="each provider takes its own Credentials value",
        )
    return credentials


def plan_send(
    message: str | Template,
    recipients: Iterable[str | Recipient],
    *,
    credentials: Credentials,
    sender: str | None = None,
    region: str | None = None,
    program_id: str | int,
    endpoint: str | None = None,
    allow_long_messages: bool | str | None = None,
    message_billed: bool | str = "no",
    message_type: str = "sms",
    message_types: Sequence[str] = MESSAGE_TYPES,
    country: str = "US",
    dedup: bool = True,
    batch_size: int | None = MAX_NUMBERS,
    numbers: NumberPolicy = "provider",
    defaults: Values | None = None,
) -> SendPlan:
    """Read, render, group and batch a send, and build its requests (nothing is sent).

    ``message``: a ``str`` or a :class:`smscore.Template` rendered per recipient with its
    values and ``defaults``. ``recipients``: raw numbers or :class:`smscore.Recipient` values.
    Settings (snake_case, each the gateway's parameter unless said otherwise):

    * ``endpoint``: your instance's gateway URL (required to build requests; not public);
    * ``program_id``: the Text To Join program id; ``sender``: sent as ``spoof_from``;
    * ``allow_long_messages`` (``True``/``"yes"``/``False``/``"no"``; omitted when ``None``),
      ``message_billed`` (default ``"no"``), ``message_type`` (default ``"sms"``);
    * smscore's own: ``region`` reads national numbers; ``country`` (``"US"``/``"UK"``) checks
      the endpoint (the UK URL has ``-uk``); ``message_types`` the types taken (``("sms",)``);
      ``dedup`` (``False`` keeps repeats: 113); ``batch_size`` (at most 250 numbers a request;
      ``None``: one request per text); ``numbers`` (``"provider"``: digits with a country
      code, phonenumbers' opinion is advice; ``"possible"``/``"valid"`` reject by it).

    Predicted statuses are ``plan.rejections`` (each with its basis); only the caller's own
    configuration errors raise :class:`~smscore.InvalidRequest`, naming the field.

    >>> plan = plan_send("Hi", ["+1 213-555-0123", "12135550123"], credentials=Credentials(
    ...     "u", "p"), sender="87767", program_id="104967", endpoint="https://gw.example/send")
    >>> plan.requests[0].url
    'https://gw.example/send?message=Hi&message_billed=no&message_type=sms&numbers=12135550123&spoof_from=87767&program_id=104967'
    >>> plan.duplicates, plan.ok
    ((('12135550123', '12135550123'),), True)
    """
    creds = _credentials(credentials)
    s = read_settings(
        sender=sender,
        region=region,
        program_id=program_id,
        endpoint=endpoint,
        allow_long_messages=allow_long_messages,
        message_billed=message_billed,
        message_type=message_type,
        country=country,
        dedup=dedup,
        batch_size=batch_size,
        numbers=numbers,
        message_types=message_types,
        defaults=defaults,
    )
    if s.endpoint is None:
        raise InvalidRequest(
            "endpoint is required to build requests: the gateway URL received with your "
            "credentials (not public; never guessed)",
            field="endpoint",
            rule="providers.md: the mGage Gateway URL is a required setting per region",
        )
    plan, _found = render_plan(read_campaign(message, recipients, s), s, creds)
    return plan


def check_send(
    message: str | Template,
    recipients: Iterable[str | Recipient],
    *,
    credentials: Credentials | None = None,
    sender: str | None = None,
    region: str | None = None,
    program_id: str | int,
    endpoint: str | None = None,
    allow_long_messages: bool | str | None = None,
    message_billed: bool | str = "no",
    message_type: str = "sms",
    message_types: Sequence[str] = MESSAGE_TYPES,
    country: str = "US",
    dedup: bool = True,
    batch_size: int | None = MAX_NUMBERS,
    numbers: NumberPolicy = "provider",
    defaults: Values | None = None,
) -> tuple[Rejection, ...]:
    """The statuses the gateway would refuse this send with, without building requests.

    Same arguments as :func:`plan_send` (``credentials`` and ``endpoint`` may be left out).
    Order: 105 country, 104 message_type, 106 message_billed, 114 allow_long_messages,
    201 spoof_from, 108/107 message, 109/111/112/113 numbers.

    >>> [r.code for r in check_send("", [], program_id="1", message_billed="maybe")]
    ['106', '108', '109']
    """
    if credentials is not None:
        _credentials(credentials)
    s = read_settings(
        sender=sender,
        region=region,
        program_id=program_id,
        endpoint=endpoint,
        allow_long_messages=allow_long_messages,
        message_billed=message_billed,
        message_type=message_type,
        country=country,
        dedup=dedup,
        batch_size=batch_size,
        numbers=numbers,
        message_types=message_types,
        defaults=defaults,
    )
    _plan, found = render_plan(read_campaign(message, recipients, s), s, None)
    return tuple(found)


def build_send(
    text: str,
    numbers: Sequence[str],
    *,
    credentials: Credentials,
    sender: str | None = None,
    program_id: str | int,
    endpoint: str,
    allow_long_messages: bool | str | None = None,
    message_billed: bool | str = "no",
    message_type: str = "sms",
    country: str = "US",
    batch_size: int | None = MAX_NUMBERS,
) -> tuple[Request, ...]:
    """The requests for ``text`` to numbers already normalized (a plan's ``accepted`` or
    ``batches``: digits with the country code), one per ``batch_size``; no number is read
    again (issue 14) and no status is predicted: :func:`plan_send` does both for raw input.

    >>> [r.url.split("&numbers=")[1] for r in build_send("Hi", ["12135550123", "447911123456"],
    ...     credentials=Credentials("u", "p"), sender="87767", program_id=1,
    ...     endpoint="https://gw.example/s", batch_size=1)]
    ['12135550123&spoof_from=87767&program_id=1', '447911123456&spoof_from=87767&program_id=1']
    """
    creds = _credentials(credentials)
    s = read_settings(
        sender=sender,
        region=None,
        program_id=program_id,
        endpoint=endpoint,
        allow_long_messages=allow_long_messages,
        message_billed=message_billed,
        message_type=message_type,
        country=country,
        dedup=True,
        batch_size=batch_size,
        numbers="provider",
        message_types=MESSAGE_TYPES,
        defaults=None,
    )
    if not isinstance(text, str):
        raise InvalidRequest(
            f"text must be a str (a rendered text), got {type(text).__name__}",
            field="message",
            value=type(text).__name__,
            rule="build_send takes one rendered text",
        )
    if isinstance(numbers, str | bytes) or not isinstance(numbers, Sequence):
        raise InvalidRequest(
            f"numbers must be a sequence of normalized numbers, got {type(numbers).__name__}",
            field="numbers",
            value=type(numbers).__name__,
            rule="build_send takes a plan's numbers",
        )
    size = s.batch_size or max(len(numbers), 1)
    batches = [numbers[i : i + size] for i in range(0, len(numbers), size)]
    return build_requests([text] * len(batches), batches, s, creds)


def check_request(request: Request) -> tuple[Rejection, ...]:
    """The statuses the gateway would answer a received request with, reading it as the server
    does: numbers exactly as sent (digits with a country code, repeats kept, no splitting).

    An absent message_billed/message_type reads as empty (106/104; the seed documents no
    server default); no parameter carries a country, so 105 is never predicted here.

    >>> [r.code for r in check_request(Request(method="POST",
    ...     url="https://gw.example/s?message=Hi&message_billed=no&message_type=sms"
    ...         "&numbers=12135550123%2C12135550123&spoof_from=1&program_id=1"))]
    ['113']
    """
    params = parse_send_request(require_request(request))
    raw_numbers = params.get("numbers", "")
    sent = [n for n in raw_numbers.split(",") if n] if raw_numbers else []
    s = Settings(
        program_id=params.get("program_id", ""),
        sender=params.get("spoof_from"),
        allow_long=params.get("allow_long_messages"),
        billed=params.get("message_billed", ""),
        message_type=params.get("message_type", ""),
        country="US",  # no parameter carries it: nothing to predict 105 from
        endpoint=None,
        region=None,
        dedup=False,
        batch_size=None,
        numbers="provider",
        message_types=MESSAGE_TYPES,
        defaults=None,
    )
    message = params.get("message", "")
    found = setting_rejections(s)
    on_text, _advice = text_rejections([(message, readings_of(message))], s.allow_long)
    found += on_text
    valid = sum(1 for n in sent if server_reads_number(n))
    found += number_rejections(len(sent), valid, [sent], dedup=False)
    return tuple(found)


def parse_send(
    response: Response,
    *,
    plan: SendPlan | None = None,
    batch: int | None = None,
    numbers: Sequence[str] | None = None,
) -> SendResult:
    """Read the gateway's answer to one request, per recipient.

    The numbers the request carried come from ``plan`` (``plan.batches[batch]``; ``batch``
    may be left out for a one-request plan) or from ``numbers``. The body format is not
    public (seed 000 lost it): XML or JSON blocks carrying a number and a status code are read
    first, then lines of text with a code or a known status text (providers.md). A body with
    one status and no number is the whole request's status: code 0 means every number was
    accepted; any other code raises :class:`~smscore.ProviderError` with the gateway's code
    and text. A body with no status raises :class:`~smscore.UnexpectedResponse` (raw body kept).

    >>> body = b"<r><number>12135550123</number><status>0</status></r>"
    >>> r = parse_send(Response(status=200, body=body))
    >>> (r.ok, r.recipients[0].number, r.recipients[0].code == "0")
    (True, '12135550123', True)
    """
    return parse_answer(response, numbers_of(plan, batch, numbers))
