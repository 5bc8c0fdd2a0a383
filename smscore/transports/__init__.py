"""Optional I/O for smscore (the ``smscore[http]`` extra): run built requests over HTTP.

Nothing in ``import smscore`` imports this package; it needs httpx.

- :class:`HttpxTransport` / :class:`AsyncHttpxTransport`: one ``Request`` in, one ``Response``
  out, connections kept alive, :data:`DEFAULT_TIMEOUT`, httpx failures mapped to
  :class:`smscore.TransportError` (cause kept).
- :class:`MockTransport` / :class:`AsyncMockTransport`: a handler function answers (tests).
- :func:`fetch` / :func:`afetch` with a :class:`RetryPolicy`: reads retried on connection
  failures and 5xx. Sends go through ``transport.handle`` once and are never retried.
- Provider clients built on the provider modules: see their own docstrings.
"""

from __future__ import annotations

from ._aclients import AsyncAcousticClient, AsyncMgageExportClient
from ._clients import (
    AcousticClient,
    MessangiClient,
    MgageExportClient,
    MgageGatewayClient,
    refresh_due,
)
from ._httpx import DEFAULT_TIMEOUT, USER_AGENT, AsyncHttpxTransport, HttpxTransport
from ._mock import AsyncMockTransport, MockTransport
from ._outcome import BatchReport, Outcome, RecipientOutcome
from ._retry import (
    DEFAULT_RETRY,
    NO_RETRY,
    AsyncTransport,
    RetryPolicy,
    Transport,
    afetch,
    fetch,
    is_retryable,
)

__all__ = [
    "DEFAULT_RETRY",
    "DEFAULT_TIMEOUT",
    "NO_RETRY",
    "USER_AGENT",
    "AcousticClient",
    "AsyncAcousticClient",
    "AsyncHttpxTransport",
    "AsyncMgageExportClient",
    "AsyncMockTransport",
    "AsyncTransport",
    "BatchReport",
    "HttpxTransport",
    "MessangiClient",
    "MgageExportClient",
    "MgageGatewayClient",
    "MockTransport",
    "Outcome",
    "RecipientOutcome",
    "RetryPolicy",
    "Transport",
    "afetch",
    "fetch",
    "is_retryable",
    "refresh_due",
]
