"""The simulator's memory: what it was sent, the tokens it issued, the callbacks it made.

All of it lives in one :class:`SimulatorState`, guarded by a lock: the app runs on the server's
event loop while tests and users read the state from other threads. Times come from the
injected ``clock`` (``time.monotonic`` by default) so delays can be tested without sleeping;
message dates come from ``wall`` (UTC now).
"""

from __future__ import annotations

import datetime as dt
import itertools
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AcousticSend",
    "CallbackAttempt",
    "ExportRecord",
    "MessangiMessage",
    "SimulatorState",
]


@dataclass(slots=True, kw_only=True)
class ExportRecord:
    """One message as the mGage export shows it (seed 001 response specification)."""

    program_id: str
    type: str  # "MT" or "MO"
    delivery_status: str
    number: str
    body: str
    date: dt.datetime  # UTC, whole seconds
    network: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The export's message object: `date` as GMT ISO-8601 without zone (seed 001)."""
        return {
            "type": self.type,
            "deliveryStatus": self.delivery_status,
            "number": self.number,
            "body": self.body,
            "date": self.date.strftime("%Y-%m-%dT%H:%M:%S"),
            "network": self.network,
        }


@dataclass(slots=True, kw_only=True)
class AcousticSend:
    """One accepted external-consent send and its contacts' outcomes."""

    id: str
    created: float  # clock() at acceptance
    contacts: list[dict[str, Any]]  # {"phoneNumber", "smsSent", optional "message"}
    texts: list[str]  # the rendered text per contact


@dataclass(slots=True, kw_only=True)
class MessangiMessage:
    """One Messangi message (a single send, or one recipient of a batch)."""

    id: str
    created: float
    body: dict[str, Any]  # the send answer's `data` object for this message


@dataclass(frozen=True, slots=True, kw_only=True)
class CallbackAttempt:
    """One delivery callback: where to, what, and how it went (`refused` for non-loopback)."""

    url: str
    payload: dict[str, Any]
    outcome: str  # "posted 200", "refused: ...", "failed: ..."


@dataclass(slots=True)
class SimulatorState:
    """Everything the simulator remembers, readable from any thread.

    >>> state = SimulatorState()
    >>> state.new_id("msg") != state.new_id("msg")
    True
    """

    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    lock: threading.Lock = field(default_factory=threading.Lock)
    export: list[ExportRecord] = field(default_factory=list)
    gateway_requests: list[dict[str, str]] = field(default_factory=list)
    acoustic_sends: dict[str, AcousticSend] = field(default_factory=dict)
    acoustic_tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry (clock)
    messangi: dict[str, MessangiMessage] = field(default_factory=dict)
    callbacks: list[CallbackAttempt] = field(default_factory=list)
    _counter: itertools.count[int] = field(default_factory=itertools.count)

    def new_id(self, prefix: str) -> str:
        """A fresh opaque id: a prefix, a sequence number and random hex."""
        return f"{prefix}-{next(self._counter)}-{secrets.token_hex(6)}"

    def add_export(self, record: ExportRecord) -> None:
        """Remember a message for the mGage export (sent MT, or an MO added by a test)."""
        with self.lock:
            self.export.append(record)

    def export_for(self, program_id: str) -> list[ExportRecord]:
        """The program's messages in the order they happened."""
        with self.lock:
            return [r for r in self.export if r.program_id == program_id]

    def issue_token(self, lifetime: float) -> str:
        """A new Acoustic access token valid for ``lifetime`` seconds of ``clock``."""
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.acoustic_tokens[token] = self.clock() + lifetime
        return token

    def token_expiry(self, token: str) -> float | None:
        """When an issued token expires (``clock`` time), or ``None`` if never issued."""
        with self.lock:
            return self.acoustic_tokens.get(token)

    def record_callback(self, attempt: CallbackAttempt) -> None:
        """Remember one delivery callback attempt."""
        with self.lock:
            self.callbacks.append(attempt)
