"""Synchronous provider clients: the provider modules' requests, run through a transport.

Sends go out once (``send_once``) and are never retried; reads (export pages, status,
the Acoustic token) go through :func:`fetch` with the client's :class:`RetryPolicy`. Batch
sends return a :class:`BatchReport` with every recipient's outcome. Credentials live only in
the clients' private attributes and the ``Authorization`` headers; no ``repr`` shows them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..errors import SmsError, UnexpectedResponse
from ..providers import messangi, mgage_export, mgage_gateway
from ..wire import Request, redact_url
from . import _outcome as oc
from ._acoustic import AcousticClient, refresh_due
from ._outcome import BatchReport, Outcome, RecipientOutcome
from ._retry import DEFAULT_RETRY, RetryPolicy, Transport, fetch, send_once

__all__ = [
    "AcousticClient",
    "MessangiClient",
    "MgageExportClient",
    "MgageGatewayClient",
    "refresh_due",
]


class MgageGatewayClient:
    """mGage Gateway API 2.0 sends (seed 000) through a transport.

    ``endpoint`` is your instance's gateway URL (not public; the simulator's is
    ``{base_url}/mgage/gateway/2.0/send``).

    >>> from smscore import Response
    >>> from smscore.transports import MockTransport
    >>> ok = b"<r><number>12135550123</number><statusCode>0</statusCode></r>"
    >>> client = MgageGatewayClient(MockTransport(lambda r: Response(status=200, body=ok)),
    ...     endpoint="https://gw.test/send", username="u", password="p", program_id="1",
    ...     spoof_from="87767")
    >>> client.send("Hi", ["+1 213 555 0123"]).ok
    True
    """

    def __init__(
        self,
        transport: Transport,
        *,
        endpoint: str,
        username: str,
        password: str,
        program_id: str | int,
        spoof_from: str | None = None,
        country: str = "US",
    ) -> None:
        self.transport = transport
        self.endpoint = endpoint
        self._username = username
        self._password = password
        self.program_id = program_id
        self.spoof_from = spoof_from
        self.country = country

    def plan(self, message: str, numbers: Iterable[str], **options: Any) -> mgage_gateway.SendPlan:
        """The requests a send would make (``mgage_gateway.plan_send``); nothing is sent."""
        return mgage_gateway.plan_send(
            message,
            numbers,
            credentials=mgage_gateway.Credentials(self._username, self._password),
            endpoint=self.endpoint,
            program_id=self.program_id,
            sender=self.spoof_from,
            country=self.country,
            **options,
        )

    def send(self, message: str, numbers: Iterable[str], **options: Any) -> BatchReport:
        """Send ``message`` to every number, in batches of 250; never retried.

        A predicted whole-request rejection (107, 108, 201...) raises ``ProviderError`` before
        anything is sent. Numbers that cannot be normalized are ``rejected``, repeats are
        ``duplicate``, and each batch's numbers take the gateway's per-number status.
        """
        raws = list(numbers)
        plan = self.plan(message, raws, **options).raise_for_rejections()
        results: dict[str, RecipientOutcome] = {}
        for request, batch in zip(plan.requests, plan.batches, strict=True):
            for outcome in _mgage_batch(self.transport, request, batch):
                results[outcome.recipient] = outcome
        return BatchReport(
            outcomes=tuple(_mgage_merge(raws, plan, results)), requests=len(plan.requests)
        )

    def __repr__(self) -> str:
        return (
            f"MgageGatewayClient(endpoint={redact_url(self.endpoint)!r}, "
            f"program_id={self.program_id!r})"
        )


def _mgage_batch(
    transport: Transport, request: Request, batch: Sequence[str]
) -> list[RecipientOutcome]:
    try:
        return oc.mgage_outcomes(send_once(transport, request), batch)
    except SmsError as exc:
        return oc.failed(batch, exc)


def _mgage_merge(
    raws: Sequence[str], plan: mgage_gateway.SendPlan, sent: Mapping[str, RecipientOutcome]
) -> Iterator[RecipientOutcome]:
    """Every raw number once, in input order (the plan accounts for each: DESIGN.md).

    ``plan.accepted`` lists normalized numbers in first-seen order, so walking the raws in
    order, a raw that is neither rejected nor a repeat of a number already seen is the next
    accepted number.
    """
    rejected = dict(plan.rejected)
    duplicates = dict(plan.duplicates)
    accepted = iter(plan.accepted)
    seen: set[str] = set()
    for raw in raws:
        if raw in rejected:
            yield RecipientOutcome(recipient=raw, outcome=Outcome.REJECTED, message=rejected[raw])
        elif raw in duplicates and duplicates[raw] in seen:
            yield RecipientOutcome(
                recipient=raw,
                outcome=Outcome.DUPLICATE,
                message=f"same number as {duplicates[raw]}: sent once",
            )
        else:
            number = next(accepted)
            seen.add(number)
            result = sent[number]
            yield RecipientOutcome(
                recipient=raw,
                outcome=result.outcome,
                code=result.code,
                message=result.message,
                message_id=result.message_id,
            )


class MessangiClient:
    """Messangi sends and status (seed 002) through a transport.

    ``long_code=True`` says the sender is a long code: seed 002 "With a long code, you can only
    send one message per second", so sends are paced one message per second (a batch request
    of n messages holds the next request back n seconds), measured with ``clock`` and waited
    with ``sleep`` (both injectable).

    >>> from smscore import Response
    >>> from smscore.transports import MockTransport
    >>> body = b'{"data":{"ids":[{"id":"m1","mobile":"+525500000000"}],"invalidNumber":[]}}'
    >>> client = MessangiClient(MockTransport(lambda r: Response(status=200, body=body)),
    ...                         api_key="KEY", base_url="http://sim.test/raven")
    >>> [o.message_id for o in client.send_batch(sender="12345", text="Hi {0}",
    ...      recipients=[("+525500000000", ["Ana"])]).accepted]
    ['m1']
    """

    def __init__(
        self,
        transport: Transport,
        *,
        api_key: str,
        base_url: str = messangi.DEFAULT_BASE_URL,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], None] = time.sleep,
        long_code: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.transport = transport
        self._credentials = messangi.Credentials(api_key)
        self.base_url = base_url
        self.retry = retry
        self._sleep = sleep
        self.long_code = long_code
        self._clock = clock
        self._next_at: float | None = None

    def _pace(self, messages: int) -> None:
        """Wait until a long code may send again, then book ``messages`` seconds of it."""
        if not self.long_code:
            return
        now = self._clock()
        if self._next_at is not None and now < self._next_at:
            self._sleep(self._next_at - now)
            now = max(self._clock(), self._next_at)
        self._next_at = now + messages * messangi.LONG_CODE_INTERVAL_SECONDS

    def send(self, *, sender: str, text: str, to: str, **options: Any) -> messangi.SendResult:
        """One message (``messangi.build_send``), sent once; an error answer raises."""
        request = messangi.build_send(
            self._credentials, sender=sender, text=text, to=to, base_url=self.base_url, **options
        )
        self._pace(1)
        return messangi.parse_status(send_once(self.transport, request))

    def send_batch(
        self, *, sender: str, text: str, recipients: Iterable[Any], **options: Any
    ) -> BatchReport:
        """Batch sends (``messangi.build_batch``); every recipient's outcome, none retried."""
        requests = messangi.build_batch(
            self._credentials,
            sender=sender,
            text=text,
            recipients=recipients,
            base_url=self.base_url,
            **options,
        )
        return self._send_batches(requests)

    def send_plan(self, plan: Any) -> BatchReport:
        """Every request of a ``messangi.plan_send`` plan; every accepted recipient's outcome.

        Refuses (``ProviderError``) a plan with predicted rejections; nothing is retried.
        """
        plan.raise_for_rejections()
        outcomes: list[RecipientOutcome] = []
        for request, numbers in zip(plan.requests, plan.batches, strict=True):
            if request.url.endswith(messangi.BATCH_PATH):
                outcomes += self._send_batches((request,)).outcomes
                continue
            self._pace(1)
            try:
                result = messangi.parse_status(send_once(self.transport, request))
            except SmsError as exc:
                outcomes += oc.failed(list(numbers), exc)
                continue
            accepted = result.status is not messangi.MessageStatus.ERROR
            outcomes.append(
                RecipientOutcome(
                    recipient=numbers[0],
                    outcome=Outcome.ACCEPTED if accepted else Outcome.REJECTED,
                    code=None if accepted else result.status.value,
                    message=None if accepted else result.explain,
                    message_id=result.id,
                )
            )
        return BatchReport(outcomes=tuple(outcomes), requests=len(plan.requests))

    def _send_batches(self, requests: Sequence[Request]) -> BatchReport:
        outcomes: list[RecipientOutcome] = []
        for request in requests:
            numbers = oc.messangi_numbers(request)
            self._pace(len(numbers))
            try:
                outcomes += oc.messangi_outcomes(send_once(self.transport, request), numbers)
            except SmsError as exc:
                outcomes += oc.failed(numbers, exc)
        return BatchReport(outcomes=tuple(outcomes), requests=len(requests))

    def status(self, message_id: str) -> messangi.SendResult:
        """A message's current status (assumed path, see ``messangi.STATUS_PATH``); retried."""
        request = messangi.build_status(
            self._credentials, message_id=message_id, base_url=self.base_url
        )
        return messangi.parse_status(fetch(self.transport, request, self.retry, sleep=self._sleep))

    def __repr__(self) -> str:
        return (
            f"MessangiClient(base_url={redact_url(self.base_url)!r}, long_code={self.long_code!r})"
        )


class MgageExportClient:
    """The mGage message export (seed 001): pages followed through ``meta.nextPageUrl``.

    >>> from smscore import Response
    >>> from smscore.transports import MockTransport
    >>> page = b'{"meta":{"generalErrors":[],"nextPageUrl":null},"data":{"messages":[]}}'
    >>> client = MgageExportClient(MockTransport(lambda r: Response(status=200, body=page)),
    ...                            username="u", password="p")
    >>> [len(p.messages) for p in client.pages("121811")]
    [0]
    """

    def __init__(
        self,
        transport: Transport,
        *,
        username: str,
        password: str,
        base_url: str = mgage_export.BASE_URL,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], None] = time.sleep,
        max_pages: int | None = None,
    ) -> None:
        self.transport = transport
        self._username = username
        self._password = password
        self.base_url = base_url
        self.retry = retry
        self._sleep = sleep
        self.max_pages = max_pages

    def first_request(self, program_id: str | int, **filters: Any) -> Request:
        """The first page's request (``mgage_export.build_export``)."""
        return mgage_export.build_export(
            program_id,
            credentials=mgage_export.Credentials(self._username, self._password),
            base_url=self.base_url,
            **filters,
        )

    def next_request(self, page: mgage_export.ExportPage) -> Request | None:
        """The next page's request, or ``None`` on the last page."""
        return mgage_export.next_page(
            page,
            credentials=mgage_export.Credentials(self._username, self._password),
            base_url=self.base_url,
        )

    def pages(self, program_id: str | int, **filters: Any) -> Iterator[mgage_export.ExportPage]:
        """Every page, following ``nextPageUrl`` verbatim; each page read with retries.

        A page whose ``nextPageUrl`` repeats an earlier one raises ``UnexpectedResponse``
        (a server loop), as does passing ``max_pages``.
        """
        request: Request | None = self.first_request(program_id, **filters)
        seen: set[str] = set()
        while request is not None:
            if request.url in seen or (self.max_pages is not None and len(seen) >= self.max_pages):
                raise UnexpectedResponse(
                    mgage_export.NAME,
                    f"export paging stopped: page {len(seen) + 1} "
                    + (
                        "repeats an earlier URL"
                        if request.url in seen
                        else f"is past max_pages={self.max_pages}"
                    ),
                )
            seen.add(request.url)
            page = mgage_export.parse_page(
                fetch(self.transport, request, self.retry, sleep=self._sleep)
            )
            yield page
            request = self.next_request(page)

    def messages(
        self, program_id: str | int, **filters: Any
    ) -> Iterator[mgage_export.ExportMessage]:
        """Every message of every page, in order."""
        for page in self.pages(program_id, **filters):
            yield from page.messages

    def __repr__(self) -> str:
        return f"MgageExportClient(base_url={redact_url(self.base_url)!r})"
