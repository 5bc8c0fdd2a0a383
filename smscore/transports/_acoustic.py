"""The synchronous Acoustic client (seed 003), and what it shares with the async one: the
credentials, the token (given, fetched, refreshed), the requests, and ``send_plan``'s checks.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from ..errors import InvalidRequest, SmsError
from ..providers import SendPlan, acoustic
from ..providers.acoustic._build import resolve_base as acoustic_host
from ..wire import Request, Response, bearer_auth, redact_url
from . import _outcome as oc
from ._outcome import BatchReport, RecipientOutcome
from ._retry import DEFAULT_RETRY, RetryPolicy, Transport, fetch, send_once

__all__ = ["AcousticClient", "acoustic_credentials", "refresh_due"]


def refresh_due(token: acoustic.Token, now: datetime) -> bool:
    """Whether to refresh: providers.md "tokens live 4 h; refresh about every 3 h".

    Due once ``TOKEN_REFRESH_AFTER_SECONDS`` (3 h) of the token's life have passed, or a
    quarter of its life remains if it lives less (a token of ``expires_in`` 4 h is refreshed
    an hour before it expires).

    >>> t = acoustic.Token(access_token="a", expires_in=14400,
    ...                    expires_at=datetime(2024, 1, 1, 4, tzinfo=UTC))
    >>> refresh_due(t, datetime(2024, 1, 1, 2, 59, tzinfo=UTC))
    False
    >>> refresh_due(t, datetime(2024, 1, 1, 3, tzinfo=UTC))
    True
    """
    life = token.expires_in
    keep = min(acoustic.TOKEN_REFRESH_AFTER_SECONDS, life * 0.75)
    return token.expired(now, margin=timedelta(seconds=life - keep))


def _utcnow() -> datetime:
    return datetime.now(UTC)


def acoustic_credentials(
    credentials: object,
    client_id: str | None,
    client_secret: str | None,
    refresh_token: str | None,
) -> acoustic.Credentials:
    """The client's credentials: ``credentials``, or the three OAuth keywords (the old form)."""
    keywords = (client_id, client_secret, refresh_token)
    if credentials is not None:
        if any(value is not None for value in keywords):
            raise InvalidRequest(
                "client_id: give credentials or client_id, client_secret and refresh_token, "
                "not both",
                field="client_id",
                rule="one source of credentials",
            )
        if not isinstance(credentials, acoustic.Credentials):
            raise TypeError(
                "credentials must be a smscore.providers.acoustic.Credentials, got "
                f"{type(credentials).__name__}"
            )
        return credentials
    if all(value is None for value in keywords):
        raise InvalidRequest(
            "credentials: give credentials=acoustic.Credentials(...) (an access token, or "
            "client_id, client_secret and refresh_token to fetch one)",
            field="credentials",
            rule="Acoustic calls carry an OAuth access token",
        )
    return acoustic.Credentials(
        client_id=client_id, client_secret=client_secret, refresh_token=refresh_token
    )


def _with_token(request: Request) -> Callable[[str], Request]:
    """``request`` rebuilt with ``Authorization: Bearer <token>`` in place of its own."""

    def build(token: str) -> Request:
        auth = bearer_auth(token)
        headers = tuple(
            auth if name.lower() == "authorization" else (name, value)
            for name, value in request.headers
        )
        if auth not in headers:
            headers += (auth,)
        return replace(request, headers=headers)

    return build


class _AcousticRequests:
    """The requests both Acoustic clients make (pure, no I/O): shared by the sync and async.

    The token: an access token given in the credentials is used until Acoustic answers 401;
    with the OAuth fields, a token is fetched (first use, after a 401, when a refresh is due).
    """

    pod: str | int | None
    base_url: str | None
    _credentials: acoustic.Credentials
    _given: str | None
    _token: acoustic.Token | None
    _now: Callable[[], datetime]
    token_requests: int

    def _setup(
        self,
        credentials: acoustic.Credentials | None,
        oauth: tuple[str | None, str | None, str | None],
        pod: str | int | None,
        base_url: str | None,
        now: Callable[[], datetime],
    ) -> None:
        """What both clients keep: the credentials (the three OAuth keywords are the older
        form), where to send, the clock, and no token yet."""
        self._credentials = acoustic_credentials(credentials, *oauth)
        self._given = self._credentials.access_token
        self.pod = pod
        self.base_url = base_url
        self._now = now
        self._token = None
        self.token_requests = 0

    def _where(self) -> dict[str, Any]:
        return {"pod": self.pod, "base_url": self.base_url}

    def _token_request(self) -> Request:
        return acoustic.build_token(credentials=self._credentials, **self._where())

    def _cached(self, now: datetime) -> str | None:
        """The token to use without fetching one, or ``None`` when one must be fetched."""
        if self._token is not None:
            return None if refresh_due(self._token, now) else self._token.access_token
        return self._given

    def _refused(self, token: str) -> bool:
        """After a 401 with ``token``: drop it; whether a new token may be fetched (once)."""
        if not self._credentials.has_oauth:
            return False
        if self._given == token:
            self._given = None
        if self._token is not None and self._token.access_token == token:
            self._token = None
        return True

    def _plan_requests(self, plan: object) -> list[tuple[Request, tuple[str, ...]]]:
        """A plan's sends and their contacts, checked before anything is sent: an acoustic
        plan, no predicted rejection, and every request to this client's host (the client's
        token goes nowhere else)."""
        if not isinstance(plan, SendPlan):
            raise TypeError(f"plan must be a smscore.providers.SendPlan, got {type(plan).__name__}")
        if plan.provider != acoustic.NAME:
            raise InvalidRequest(
                f"plan: a {plan.provider!r} plan, not an {acoustic.NAME!r} one",
                field="plan",
                value=plan.provider,
                rule="acoustic.plan_send makes the plans this client sends",
            )
        plan.raise_for_rejections()
        host = acoustic_host(self.pod, self.base_url)
        for request in plan.requests:
            if not request.url.startswith(host + "/"):
                raise InvalidRequest(
                    f"plan: a request goes to {redact_url(request.url)!r}, not to this "
                    f"client's host {redact_url(host)!r}: the client's token only goes there",
                    field="plan",
                    value=redact_url(request.url),
                    rule="the plan's pod or base_url is the client's",
                )
        return list(zip(plan.requests, plan.batches, strict=True))

    def _builder(
        self,
        channel_qualifier: str,
        contacts: Sequence[acoustic.ContactLike],
        content: str | None,
        options: dict[str, Any],
    ) -> Callable[[str], Request]:
        def build(token: str) -> Request:
            return acoustic.build_send(
                token=token,
                channel_qualifier=channel_qualifier,
                contacts=contacts,
                content=content,
                **self._where(),
                **options,
            )

        return build

    def _planned(
        self,
        channel_qualifier: str,
        items: list[acoustic.ContactLike],
        content: str | None,
        options: dict[str, Any],
    ) -> tuple[tuple[Request, ...], int]:
        """The sends of 1000, built once up front so bad input fails before anything is sent
        (each is rebuilt per call with the current token), and the batch size; pops
        ``batch_size`` from ``options``."""
        planned = acoustic.build_sends(
            token="check",
            channel_qualifier=channel_qualifier,
            contacts=items,
            content=content,
            **self._where(),
            **options,
        )
        return planned, options.pop("batch_size", acoustic.MAX_CONTACTS)

    def _status_builder(self, transaction_id: str) -> Callable[[str], Request]:
        def build(token: str) -> Request:
            return acoustic.build_status(
                token=token, transaction_id=transaction_id, **self._where()
            )

        return build


class AcousticClient(_AcousticRequests):
    """Acoustic External Consent (seed 003): token reuse and refresh, send, status.

    ``credentials``: an ``acoustic.Credentials`` with an access token, the OAuth
    refresh-token grant's fields, or both (``client_id=``, ``client_secret=`` and
    ``refresh_token=`` keywords are the older form of the grant's fields). A given access
    token is used until Acoustic answers 401; with the grant's fields, a token is fetched on
    first use, reused, and refreshed before it expires (:func:`refresh_due`); a 401 answer
    drops it, fetches a new one and repeats the call once (a 401 means Acoustic did not
    process the request, so this never sends twice). ``now`` is injectable for tests.

    >>> from smscore.transports import MockTransport
    >>> accepted = Response(status=202, body=b'{"id":"tx-1"}')
    >>> client = AcousticClient(MockTransport(lambda r: accepted),
    ...                         credentials=acoustic.Credentials("tok"), pod=1)
    >>> plan = acoustic.plan_send("Hi", ["19495001234", {"contactId": "42"}],
    ...                           credentials=acoustic.Credentials("old"), program_id="1", pod=1)
    >>> [(o.recipient, o.message_id) for o in client.send_plan(plan).accepted]
    [('19495001234', 'tx-1'), ('contactId:42', 'tx-1')]
    """

    def __init__(
        self,
        transport: Transport,
        *,
        credentials: acoustic.Credentials | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        refresh_token: str | None = None,
        pod: str | int | None = None,
        base_url: str | None = None,
        retry: RetryPolicy = DEFAULT_RETRY,
        now: Callable[[], datetime] = _utcnow,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.transport = transport
        self._setup(credentials, (client_id, client_secret, refresh_token), pod, base_url, now)
        self.retry = retry
        self._sleep = sleep

    def token(self) -> str:
        """A valid access token: the one given or cached, or a new one when one is due."""
        cached = self._cached(self._now())
        if cached is not None:
            return cached
        self.token_requests += 1
        answer = fetch(self.transport, self._token_request(), self.retry, sleep=self._sleep)
        self._token = acoustic.parse_token(answer, now=self._now())
        return self._token.access_token

    def _call(self, build: Callable[[str], Request], *, read: bool) -> Response:
        for attempt in (1, 2):
            token = self.token()
            request = build(token)
            if read:
                answer = fetch(self.transport, request, self.retry, sleep=self._sleep)
            else:
                answer = send_once(self.transport, request)
            # seed 003: 401 "The access token has expired": a new token, and once more
            if answer.status != 401 or attempt == 2 or not self._refused(token):
                return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def send(
        self,
        *,
        channel_qualifier: str,
        contacts: Sequence[acoustic.ContactLike],
        content: str | None = None,
        **options: Any,
    ) -> acoustic.SendAccepted:
        """One send of 1 to 1000 contacts (``acoustic.build_send``); never retried."""
        answer = self._call(
            self._builder(channel_qualifier, contacts, content, options),
            read=False,
        )
        return acoustic.parse_send(answer)

    def send_batches(
        self,
        *,
        channel_qualifier: str,
        contacts: Iterable[acoustic.ContactLike],
        content: str | None = None,
        **options: Any,
    ) -> BatchReport:
        """Any number of contacts, in sends of 1000; each contact's outcome (transaction id)."""
        items = list(contacts)
        planned, size = self._planned(channel_qualifier, items, content, options)
        outcomes: list[RecipientOutcome] = []
        for index, planned_request in enumerate(planned):
            chunk = items[index * size : (index + 1) * size]
            numbers = oc.acoustic_numbers(planned_request)
            try:
                answer = self._call(
                    self._builder(channel_qualifier, chunk, content, options),
                    read=False,
                )
                outcomes += oc.acoustic_outcomes(answer, numbers)
            except SmsError as exc:
                outcomes += oc.failed(numbers, exc)
        return BatchReport(outcomes=tuple(outcomes), requests=len(planned))

    def send_plan(self, plan: SendPlan) -> BatchReport:
        """Every request of an ``acoustic.plan_send`` plan, with this client's current token
        (in place of the plan's); every planned contact's outcome (``plan.batches``: the phone
        number, ``contactId:<id>`` or ``contactLookup:<name>=<value>``), none retried.

        Refuses (``ProviderError``) a plan with predicted rejections, and (``InvalidRequest``,
        field ``plan``) another provider's plan or one whose requests go to another host.
        ``plan.rejected`` and ``plan.duplicates`` stay on the plan.
        """
        outcomes: list[RecipientOutcome] = []
        planned = self._plan_requests(plan)
        for request, labels in planned:
            try:
                answer = self._call(_with_token(request), read=False)
                outcomes += oc.acoustic_outcomes(answer, labels)
            except SmsError as exc:
                outcomes += oc.failed(labels, exc)
        return BatchReport(outcomes=tuple(outcomes), requests=len(planned))

    def status(self, transaction_id: str) -> acoustic.SendStatus:
        """The status of a send (pending until Acoustic has it); retried as a read."""
        answer = self._call(self._status_builder(transaction_id), read=True)
        return acoustic.parse_status(answer)

    def __repr__(self) -> str:
        shown = None if self.base_url is None else redact_url(self.base_url)
        return f"AcousticClient(pod={self.pod!r}, base_url={shown!r})"
