"""What a pre-send check says: a provider's predicted :class:`Rejection` (its code and words,
with the :class:`Basis` of the rule) and smscore's own :class:`Advice`, never mixed.

Re-exported by :mod:`smscore.wire` and :mod:`smscore`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .errors import InvalidRequest, ProviderError

__all__ = ["Advice", "Basis", "Rejection"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Basis:
    """Where a predicted rule comes from.

    ``documented``: the provider's document states it; ``source`` names the seed and the
    section (``'seed 000, "Status Codes", 107'``). ``assumed``: the document is silent;
    ``source`` names what we relied on (``"providers.md"``, ``"smscore"``) and ``reason``
    says why we predict it anyway.

    >>> Basis.documented('seed 000, "Status Codes", 107').describe()
    'documented: seed 000, "Status Codes", 107'
    """

    kind: Literal["documented", "assumed"]
    source: str
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("documented", "assumed"):
            raise InvalidRequest(
                f"basis kind must be 'documented' or 'assumed', got {self.kind!r}",
                field="kind",
                value=self.kind,
                rule="a rule is documented in a seed or assumed",
            )
        if self.kind == "assumed" and not self.reason:
            raise InvalidRequest(
                "an assumed rule needs a reason", field="reason", rule="assumed rules say why"
            )

    @classmethod
    def documented(cls, source: str) -> Basis:
        """A rule the seed states (``source``: seed and section)."""
        return cls(kind="documented", source=source)

    @classmethod
    def assumed(cls, reason: str, source: str = "smscore") -> Basis:
        """A rule the seed does not state, predicted for ``reason``."""
        return cls(kind="assumed", source=source, reason=reason)

    def describe(self) -> str:
        """One line: ``documented: <source>`` or ``assumed (<source>): <reason>``."""
        if self.kind == "documented":
            return f"documented: {self.source}"
        return f"assumed ({self.source}): {self.reason}"

    def to_data(self) -> dict[str, str]:
        """``{"kind", "source"}`` plus ``"reason"`` for an assumed rule (rules.json's form)."""
        data = {"kind": self.kind, "source": self.source}
        if self.reason is not None:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice:
    """smscore's own opinion about a send: never a provider's predicted rejection.

    ``kind`` is a fixed slug (``"number-not-valid"``, ``"line-type"``, ``"ambiguous-country"``,
    ``"lookalikes"``, ``"length-reading"``, ...), ``message`` says it in words, ``subject``
    is the input it is about (a raw number, a placeholder), ``field`` the argument.

    >>> Advice(kind="number-not-valid", message="possible but not an assigned range",
    ...        subject="15555550123").kind
    'number-not-valid'
    """

    kind: str
    message: str
    subject: str | None = None
    field: str | None = None

    def to_data(self) -> dict[str, str]:
        """The advice as JSON-ready data (``None`` members left out)."""
        data = {"kind": self.kind, "message": self.message}
        if self.subject is not None:
            data["subject"] = self.subject
        if self.field is not None:
            data["field"] = self.field
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """A rejection that a provider would give, predicted before sending.

    ``code`` and ``message`` are the provider's own (``"113"``, ``"Number found twice..."``);
    ``status`` is the HTTP status the provider would answer with, when it has one;
    ``field`` names the input that causes it; ``basis`` says where the rule comes from
    (:class:`Basis`: documented in a seed, with the section, or assumed, with the reason).
    """

    provider: str
    code: str
    message: str
    status: int | None = None
    field: str | None = None
    basis: Basis  # required: no prediction without the rule's source

    def to_error(self) -> ProviderError:
        """The :class:`ProviderError` the provider would produce."""
        return ProviderError(self.provider, self.code, self.message, self.status)

    def to_data(self) -> dict[str, str]:
        """The conformance vectors' ``error`` form: ``{"code": ..., "message": ...}``."""
        return {"code": self.code, "message": self.message}
