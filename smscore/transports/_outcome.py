"""Per-recipient outcomes of a batch send, and the pure helpers both client flavours share.

A batch send reports every recipient it was given, exactly once: ``accepted`` (the provider
took it; ``message_id`` when it gave one), ``rejected`` (refused before sending or by the
provider, with the provider's ``code`` and words), ``duplicate`` (the same number as an
earlier entry: it gets the message once) or ``unknown`` (the request failed in transit or the
answer did not say: the message may or may not have gone out, and it is not re-sent).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ..errors import ProviderError, SmsError, TransportError, UnexpectedResponse
from ..providers import acoustic, messangi, mgage_gateway
from ..wire import Request, Response

__all__ = ["BatchReport", "Outcome", "RecipientOutcome"]


class Outcome(StrEnum):
    """Where one recipient of a batch send ended."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientOutcome:
    """One recipient's outcome: the number as given, and what happened to it."""

    recipient: str
    outcome: Outcome
    code: str | None = None
    message: str | None = None
    message_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BatchReport:
    """Every recipient's outcome, in the order given, and how many requests went out.

    >>> r = BatchReport(outcomes=(RecipientOutcome(recipient="1", outcome=Outcome.ACCEPTED),),
    ...                 requests=1)
    >>> [o.recipient for o in r.accepted], r.ok
    (['1'], True)
    """

    outcomes: tuple[RecipientOutcome, ...]
    requests: int

    def _with(self, outcome: Outcome) -> tuple[RecipientOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome is outcome)

    @property
    def accepted(self) -> tuple[RecipientOutcome, ...]:
        """Recipients the provider took."""
        return self._with(Outcome.ACCEPTED)

    @property
    def rejected(self) -> tuple[RecipientOutcome, ...]:
        """Recipients refused, with the code and words."""
        return self._with(Outcome.REJECTED)

    @property
    def duplicates(self) -> tuple[RecipientOutcome, ...]:
        """Entries that repeat an earlier number (sent once)."""
        return self._with(Outcome.DUPLICATE)

    @property
    def unknown(self) -> tuple[RecipientOutcome, ...]:
        """Recipients whose fate is unknown (transport failure, answer silent about them)."""
        return self._with(Outcome.UNKNOWN)

    @property
    def ok(self) -> bool:
        """Every recipient accepted (duplicates count as the number they repeat)."""
        return all(o.outcome in (Outcome.ACCEPTED, Outcome.DUPLICATE) for o in self.outcomes)


def _all(
    numbers: Sequence[str], outcome: Outcome, code: str | None, message: str
) -> list[RecipientOutcome]:
    return [
        RecipientOutcome(recipient=n, outcome=outcome, code=code, message=message) for n in numbers
    ]


def failed(numbers: Sequence[str], error: SmsError) -> list[RecipientOutcome]:
    """Outcomes for a whole request that failed.

    A 4xx answer, or a provider status refusing the whole request (mGage 107...), is
    ``rejected`` with the provider's code and words. A transport failure or a 5xx answer is
    ``unknown`` (the message may have gone out; it is not re-sent), as is a 2xx answer in no
    documented shape.
    """
    if isinstance(error, TransportError):
        return _all(numbers, Outcome.UNKNOWN, None, f"not known whether sent: {error}")
    if not isinstance(error, ProviderError):
        return _all(numbers, Outcome.UNKNOWN, None, f"answer not understood: {error}")
    status = error.status
    if status is not None and status >= 500:
        return _all(
            numbers, Outcome.UNKNOWN, error.code, f"not known whether sent: {error.message}"
        )
    if isinstance(error, UnexpectedResponse) and not (status is not None and 400 <= status < 500):
        return _all(numbers, Outcome.UNKNOWN, error.code, f"answer not understood: {error.message}")
    return _all(numbers, Outcome.REJECTED, error.code, error.message)


def mgage_outcomes(response: Response, batch: Sequence[str]) -> list[RecipientOutcome]:
    """Outcomes for one gateway request from its answer (``parse_send``, seed 000 codes)."""
    result = mgage_gateway.parse_send(response, numbers=batch)
    by_number = {r.number: r for r in result.recipients if r.number is not None}
    out = []
    for number in batch:
        status = by_number.get(number)
        if status is None:
            out.append(
                RecipientOutcome(
                    recipient=number,
                    outcome=Outcome.UNKNOWN,
                    message="the gateway's answer does not mention this number",
                )
            )
        else:
            out.append(
                RecipientOutcome(
                    recipient=number,
                    outcome=Outcome.ACCEPTED if status.accepted else Outcome.REJECTED,
                    code=str(status.code),
                    message=status.message,
                )
            )
    return out


def messangi_numbers(request: Request) -> list[str]:
    """The numbers one built batch request carries, in order (its JSON ``to`` list)."""
    return [entry["to"] for entry in json.loads(request.body)["to"]]


def messangi_outcomes(response: Response, numbers: Sequence[str]) -> list[RecipientOutcome]:
    """Outcomes for one Messangi batch request: ``ids`` accepted, ``invalidNumber`` rejected."""
    result = messangi.parse_batch(response)
    ids: dict[str, list[str]] = {}
    for message in result.messages:
        ids.setdefault(message.mobile.lstrip("+"), []).append(message.id)
    invalid = {n.lstrip("+") for n in result.invalid_numbers}
    out = []
    for number in numbers:
        key = number.lstrip("+")
        if ids.get(key):
            out.append(
                RecipientOutcome(
                    recipient=number, outcome=Outcome.ACCEPTED, message_id=ids[key].pop(0)
                )
            )
        elif key in invalid:
            out.append(
                RecipientOutcome(
                    recipient=number,
                    outcome=Outcome.REJECTED,
                    code="invalidNumber",
                    message="refused by format (seed 002 data.invalidNumber)",
                )
            )
        else:
            out.append(
                RecipientOutcome(
                    recipient=number,
                    outcome=Outcome.UNKNOWN,
                    message="the batch answer does not mention this number",
                )
            )
    return out


def acoustic_numbers(request: Request) -> list[str]:
    """The contacts one built send request carries, in order, named as a plan names them
    (``acoustic.contact_label``): the phone number, ``contactId:<id>`` or
    ``contactLookup:<name>=<value>``.

    >>> body = (b'{"contacts":[{"phoneNumber":"19495001234"},{"contactId":"42"},'
    ...         b'{"contactLookup":[{"name":"EMAIL","value":"a@b.test"}]}]}')
    >>> acoustic_numbers(Request(method="POST", url="https://a.test/", body=body))
    ['19495001234', 'contactId:42', 'contactLookup:EMAIL=a@b.test']
    """
    return [acoustic.contact_label(c) for c in json.loads(request.body)["contacts"]]


def acoustic_outcomes(response: Response, numbers: Sequence[str]) -> list[RecipientOutcome]:
    """Outcomes for one Acoustic send: all accepted under the transaction id (seed 003 202).

    Whether each SMS went out is known later, from the status (``smsSent`` per contact).
    """
    accepted = acoustic.parse_send(response)
    return [
        RecipientOutcome(recipient=n, outcome=Outcome.ACCEPTED, message_id=accepted.id)
        for n in numbers
    ]
