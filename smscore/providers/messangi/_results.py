"""Private: the result types of ``messangi`` (re-exported there; import them from it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ...errors import UnexpectedResponse
from ._build import error_from
from ._rules import MessageStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class SendResult:
    """The answer to a single send (seed 002 response sample), or to a status request.

    ``status`` is QUEUE, DEQUEUED or ERROR at send time (seed 002 "data.status");
    ``explain`` is ``meta.explain`` when the server gave one.
    """

    id: str
    status: MessageStatus
    sender: str | None = None
    text: str | None = None
    to: str | None = None
    request_dr: bool | None = None
    type: str | None = None
    owner: str | None = None
    operator: str | None = None
    date: str | None = None
    connection: str | None = None
    callbacks: str | None = None
    email: str | None = None
    external_id: str | None = None
    client_id: str | None = None
    transaction_id: str | None = None
    timestamp: int | str | None = None
    explain: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchMessage:
    """One accepted recipient of a batch: the message ``id`` and the ``mobile`` it goes to."""

    id: str
    mobile: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientResult:
    """One recipient of a batch request, as the answer tells it.

    ``accepted`` (``message_id`` is its id), ``rejected`` (listed in ``data.invalidNumber``)
    or ``unknown`` (the answer does not mention the number).
    """

    number: str
    outcome: Literal["accepted", "rejected", "unknown"]
    message_id: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchResult:
    """The answer to a batch send: one id per accepted number, and the numbers refused.

    Partial failure is data: ``invalid_numbers`` lists what the server refused by format
    (seed 002 "data.invalidNumber"); ``messages`` the ones it took. The optional fields the
    batch echoes (seed 002 "data.requestDR" ... "data.clientId") are kept when present.
    """

    messages: tuple[BatchMessage, ...]
    invalid_numbers: tuple[str, ...] = ()
    status: MessageStatus | None = None
    sender: str | None = None
    text: str | None = None
    type: str | None = None
    owner: str | None = None
    operator: str | None = None
    date: str | None = None
    request_dr: bool | None = None
    connection: str | None = None
    callbacks: str | None = None
    email: str | None = None
    external_id: str | None = None
    client_id: str | None = None
    transaction_id: str | None = None
    timestamp: int | str | None = None
    explain: str | None = None

    def recipients(self, numbers: Sequence[str]) -> tuple[RecipientResult, ...]:
        """The outcome of each number the request carried (``plan.batches[i]``), in order.

        Numbers are matched with the ``+`` optional (seed 002); a number sent twice takes the
        answer's ids in order.

        >>> r = BatchResult(messages=(BatchMessage(id="a1", mobile="525500000000"),),
        ...                 invalid_numbers=("+5212",))
        >>> [(x.outcome, x.message_id) for x in r.recipients(["+525500000000", "+5212", "+1"])]
        [('accepted', 'a1'), ('rejected', None), ('unknown', None)]
        """
        ids: dict[str, list[str]] = {}
        for message in self.messages:
            ids.setdefault(message.mobile.lstrip("+"), []).append(message.id)
        invalid = {n.lstrip("+") for n in self.invalid_numbers}
        out: list[RecipientResult] = []
        for number in numbers:
            key = number.lstrip("+")
            if ids.get(key):
                out.append(
                    RecipientResult(number=number, outcome="accepted", message_id=ids[key].pop(0))
                )
            elif key in invalid:
                reason = "refused by format (seed 002 data.invalidNumber)"
                out.append(RecipientResult(number=number, outcome="rejected", reason=reason))
            else:
                reason = "the batch answer does not mention this number"
                out.append(RecipientResult(number=number, outcome="unknown", reason=reason))
        return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryReport:
    """One delivery callback (providers.md "Delivery callback"); the text is ``message``.

    ``final`` is ``status.final``; ``delivered`` is ``status == DELIVRD``.
    """

    id: str
    status: MessageStatus
    final: bool
    delivered: bool
    date: str | None = None
    timestamp: int | str | None = None
    sender: str | None = None
    to: str | None = None
    message: str | None = None
    username: str | None = None
    external_id: str | None = None
    client_id: str | None = None
    callback: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorDetails:
    """An error answer (the shape is undocumented; providers.md "Responses").

    ``code`` is the catalogue code when the text is one of :data:`ERRORS`, else the HTTP
    status as a string; ``message`` is the first of ``meta.explain``, ``description``,
    ``message``, ``error`` found, else the body text; ``body`` is the raw body.
    """

    status: int
    code: str
    message: str
    transaction_id: str | None = None
    timestamp: int | str | None = None
    body: bytes = b""

    def to_error(self) -> UnexpectedResponse:
        """The error to raise: ``UnexpectedResponse`` (a ``ProviderError``) keeping the body."""
        return error_from(self.code, self.message, self.status, self.body)


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentReport:
    """What one text costs: ``segments`` by the standard rule, ``length`` against the limit.

    ``units`` are septets (GSM-7) or UTF-16 code units (UCS-2) as ``smscore.segment`` counts;
    ``part_units`` the same count for each part; ``length`` is UTF-16 code units, what
    Messangi compares with ``limit`` (1600).
    """

    encoding: str
    segments: int
    units: int
    parts: tuple[str, ...]
    part_units: tuple[int, ...]
    length: int
    limit: int
    within_limit: bool
