"""Async provider clients: Acoustic with at most 10 requests in flight, the mGage export as an
async iterator. Same rules as the sync clients: sends once, reads retried (:func:`afetch`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from ..errors import InvalidRequest, SmsError, UnexpectedResponse
from ..providers import SendPlan, acoustic, mgage_export
from ..wire import Request, Response, redact_url
from . import _outcome as oc
from ._acoustic import _AcousticRequests, _utcnow, _with_token
from ._outcome import BatchReport, RecipientOutcome
from ._retry import DEFAULT_RETRY, AsyncTransport, RetryPolicy, afetch, asend_once

__all__ = ["AsyncAcousticClient", "AsyncMgageExportClient"]


class AsyncAcousticClient(_AcousticRequests):
    """Acoustic External Consent, async, with the documented concurrency cap.

    seed 003: "Up to 10 concurrent requests are allowed ... when using the OAuth method":
    every request this client makes (token, sends, status) holds one of ``max_in_flight``
    (default 10) slots. The cap is per organisation: share one client (or one ``limiter``)
    between everything that calls the same org. ``credentials`` as :class:`AcousticClient`
    (an ``acoustic.Credentials``; the three OAuth keywords are the older form). The token is
    fetched once for concurrent callers (a lock), reused, and refreshed before expiry; a 401
    refreshes and repeats once (with the OAuth fields).
    """

    def __init__(
        self,
        transport: AsyncTransport,
        *,
        credentials: acoustic.Credentials | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        refresh_token: str | None = None,
        pod: str | int | None = None,
        base_url: str | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_in_flight: int = acoustic.MAX_CONCURRENT_REQUESTS,
        limiter: asyncio.Semaphore | None = None,
        now: Callable[[], datetime] = _utcnow,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if (
            isinstance(max_in_flight, bool)
            or not isinstance(max_in_flight, int)
            or not (1 <= max_in_flight <= acoustic.MAX_CONCURRENT_REQUESTS)
        ):
            raise InvalidRequest(
                f"max_in_flight must be 1 to {acoustic.MAX_CONCURRENT_REQUESTS}, "
                f"got {max_in_flight!r}",
                field="max_in_flight",
                value=max_in_flight,
                rule="seed 003: up to 10 concurrent requests per organisation",
            )
        self.transport = transport
        self._setup(credentials, (client_id, client_secret, refresh_token), pod, base_url, now)
        self.retry = retry
        self.limiter = limiter or asyncio.Semaphore(max_in_flight)
        self._sleep = sleep
        self._token_lock = asyncio.Lock()

    async def _limited(self, request: Request, *, read: bool) -> Response:
        async with self.limiter:
            if read:
                return await afetch(self.transport, request, self.retry, sleep=self._sleep)
            return await asend_once(self.transport, request)

    async def token(self) -> str:
        """A valid access token; concurrent callers share one refresh."""
        async with self._token_lock:
            cached = self._cached(self._now())
            if cached is not None:
                return cached
            self.token_requests += 1
            answer = await self._limited(self._token_request(), read=True)
            self._token = acoustic.parse_token(answer, now=self._now())
            return self._token.access_token

    async def _call(self, build: Callable[[str], Request], *, read: bool) -> Response:
        for attempt in (1, 2):
            token = await self.token()
            answer = await self._limited(build(token), read=read)
            if answer.status != 401 or attempt == 2:
                return answer
            async with self._token_lock:  # seed 003: 401 expired token: refresh once
                if not self._refused(token):
                    return answer
        raise AssertionError("unreachable")  # pragma: no cover

    async def send(
        self,
        *,
        channel_qualifier: str,
        contacts: Sequence[acoustic.ContactLike],
        content: str | None = None,
        **options: Any,
    ) -> acoustic.SendAccepted:
        """One send of 1 to 1000 contacts; never retried."""
        answer = await self._call(
            self._builder(channel_qualifier, contacts, content, options),
            read=False,
        )
        return acoustic.parse_send(answer)

    async def send_batches(
        self,
        *,
        channel_qualifier: str,
        contacts: Iterable[acoustic.ContactLike],
        content: str | None = None,
        **options: Any,
    ) -> BatchReport:
        """Any number of contacts in sends of 1000, run concurrently under the cap."""
        items = list(contacts)
        planned, size = self._planned(channel_qualifier, items, content, options)

        async def one(index: int, planned_request: Request) -> list[RecipientOutcome]:
            chunk = items[index * size : (index + 1) * size]
            numbers = oc.acoustic_numbers(planned_request)
            try:
                answer = await self._call(
                    self._builder(channel_qualifier, chunk, content, options), read=False
                )
                return oc.acoustic_outcomes(answer, numbers)
            except SmsError as exc:
                return oc.failed(numbers, exc)

        parts = await asyncio.gather(*(one(i, r) for i, r in enumerate(planned)))
        return BatchReport(outcomes=tuple(o for part in parts for o in part), requests=len(planned))

    async def send_plan(self, plan: SendPlan) -> BatchReport:
        """Every request of an ``acoustic.plan_send`` plan, run concurrently under the cap,
        with this client's current token; as :meth:`AcousticClient.send_plan`."""
        planned = self._plan_requests(plan)

        async def one(request: Request, labels: Sequence[str]) -> list[RecipientOutcome]:
            try:
                answer = await self._call(_with_token(request), read=False)
                return oc.acoustic_outcomes(answer, labels)
            except SmsError as exc:
                return oc.failed(labels, exc)

        parts = await asyncio.gather(*(one(r, labels) for r, labels in planned))
        return BatchReport(outcomes=tuple(o for part in parts for o in part), requests=len(planned))

    async def status(self, transaction_id: str) -> acoustic.SendStatus:
        """The status of a send; retried as a read."""
        answer = await self._call(self._status_builder(transaction_id), read=True)
        return acoustic.parse_status(answer)

    def __repr__(self) -> str:
        shown = None if self.base_url is None else redact_url(self.base_url)
        return f"AsyncAcousticClient(pod={self.pod!r}, base_url={shown!r})"


class AsyncMgageExportClient:
    """The mGage export as an async iterator over pages (or messages), following nextPageUrl."""

    def __init__(
        self,
        transport: AsyncTransport,
        *,
        username: str,
        password: str,
        base_url: str = mgage_export.BASE_URL,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_pages: int | None = None,
    ) -> None:
        self.transport = transport
        self._username = username
        self._password = password
        self.base_url = base_url
        self.retry = retry
        self._sleep = sleep
        self.max_pages = max_pages

    async def pages(
        self, program_id: str | int, **filters: Any
    ) -> AsyncIterator[mgage_export.ExportPage]:
        """Every page, in order; each read with retries; a repeated URL raises."""
        request: Request | None = mgage_export.build_export(
            program_id,
            credentials=mgage_export.Credentials(self._username, self._password),
            base_url=self.base_url,
            **filters,
        )
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
            answer = await afetch(self.transport, request, self.retry, sleep=self._sleep)
            page = mgage_export.parse_page(answer)
            yield page
            request = mgage_export.next_page(
                page,
                credentials=mgage_export.Credentials(self._username, self._password),
                base_url=self.base_url,
            )

    async def messages(
        self, program_id: str | int, **filters: Any
    ) -> AsyncIterator[mgage_export.ExportMessage]:
        """Every message of every page, in order."""
        async for page in self.pages(program_id, **filters):
            for message in page.messages:
                yield message

    def __repr__(self) -> str:
        return f"AsyncMgageExportClient(base_url={redact_url(self.base_url)!r})"
