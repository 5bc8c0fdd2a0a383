"""Lower-level builders of ``messangi``: one request as given, no prediction, no accounting.

:func:`~smscore.providers.messangi.plan_send` is the checked way to send; these build exactly
the request you describe (a number that cannot be read still raises ``InvalidNumber``) and
predict nothing. :func:`build_status` and :func:`segment_report` have no plan counterpart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ...templates import Template
from ...text import segment
from ...wire import Request, percent_encode
from .._common import NumberPolicy
from . import _build as _b
from ._message import Credentials
from ._results import SegmentReport
from ._rules import (
    BATCH_PATH,
    DEFAULT_BASE_URL,
    DEFAULT_BATCH_SIZE,
    MAX_TEXT_UNITS,
    MESSAGE_TYPES,
    SEND_PATH,
    STATUS_PATH,
)

__all__ = ["build_batch", "build_send", "build_status", "segment_report"]


def _auth(credentials: str | Credentials) -> tuple[str, str]:
    if isinstance(credentials, Credentials):
        return credentials.header()
    return Credentials(credentials).header()


def build_send(
    credentials: str | Credentials,
    *,
    sender: str,
    text: str,
    to: str,
    region: str | None = None,
    numbers: NumberPolicy = "provider",
    request_dr: bool | None = None,
    connection: str | None = None,
    callbacks: str | Sequence[str] | None = None,
    email: str | None = None,
    message_type: str | None = None,
    external_id: str | None = None,
    client_id: str | None = None,
    base_url: str = DEFAULT_BASE_URL,
) -> Request:
    """The single-send request (seed 002 "Sending SMS message"), unchecked.

    ``credentials`` is a :class:`Credentials` or the API key itself; ``to`` is normalized to
    E.164 (the seed's ``+`` is optional; we always send it). Optional fields are sent only
    when given, in the seed's order.

    >>> r = build_send("KEY", sender="2222", text="Hi", to="+52 55 1234 5678")
    >>> r.url
    'https://elastic.messangi.me/raven/v2/messages'
    >>> r.body
    b'{"from":"2222","text":"Hi","to":"+525512345678"}'
    """
    auth = _auth(credentials)
    url = _b.base(base_url) + SEND_PATH
    body: dict[str, Any] = {
        "from": _b.sender(sender),
        "text": _b.text(text, "text"),
        "to": _b.number(to, _b.region(region), "to", numbers),
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


def build_batch(
    credentials: str | Credentials,
    *,
    sender: str,
    text: str | Template,
    recipients: Iterable[Any],
    defaults: Any = None,
    region: str | None = None,
    numbers: NumberPolicy = "provider",
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
    """Batch-send requests (seed 002 "Sending Batch SMS messages") as given, unchecked.

    ``recipients`` are numbers or ``(number, params)`` pairs (one param per ``{n}`` index;
    params keep their JSON types); with a ``smscore.Template``, ``(number, values)`` rows
    rendered with ``defaults``. Every entry is sent in order (no dedup: that is
    :func:`plan_send`'s job), ``batch_size`` per request. A row that cannot be rendered raises.

    >>> reqs = build_batch("KEY", sender="12345", text="Hi {0}",
    ...                    recipients=[("+525500000000", ["Ana"])])
    >>> reqs[0].body
    b'{"from":"12345","text":"Hi {0}","to":[{"to":"+525500000000","params":["Ana"]}]}'
    """
    auth = _auth(credentials)
    url = _b.base(base_url) + BATCH_PATH
    size = _b.batch_size(batch_size)
    area = _b.region(region)
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
        {"to": _b.number(raw, area, f"recipients[{i}]", numbers), "params": list(params)}
        for i, (raw, params) in enumerate(plan.recipients)
    ]
    requests = []
    for start in range(0, len(entries), size):
        body: dict[str, Any] = dict(head)
        body["to"] = entries[start : start + size]
        body.update(options)
        requests.append(_b.post(url, auth, body))
    return tuple(requests)


def build_status(
    credentials: str | Credentials, *, message_id: str, base_url: str = DEFAULT_BASE_URL
) -> Request:
    """The status-by-id request: ``GET {base}/v2/messages/{id}`` (ASSUMPTION, see STATUS_PATH).

    >>> build_status("KEY", message_id="611b3a42c5f7904590c17d1f").url
    'https://elastic.messangi.me/raven/v2/messages/611b3a42c5f7904590c17d1f'
    """
    auth = _auth(credentials)
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
