"""The one error tree of smscore.

::

    SmsError
     ├── InvalidText        (also ValueError)  text that cannot be sent as asked
     ├── InvalidNumber      (also ValueError)  a phone number that is not valid
     ├── TemplateError      (also ValueError)  a template or its values are wrong
     ├── InvalidRequest     (also ValueError)  an argument to a build_* function breaks a rule
     ├── InvalidVector      (also ValueError)  a conformance vector file is malformed
     ├── ProviderError                         the provider's own rejection (code and words)
     │    └── UnexpectedResponse               a response body in no documented shape
     └── TransportError                        the HTTP call itself failed (cause in __cause__)

Input errors name the field, the value and the rule. Every error survives pickling, and
no error ever carries a credential: callers pass credentials to ``wire`` helpers, never here.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "InvalidNumber",
    "InvalidRequest",
    "InvalidText",
    "InvalidVector",
    "ProviderError",
    "SmsError",
    "TemplateError",
    "TransportError",
    "UnexpectedResponse",
    "mask_credentials",
]


class SmsError(Exception):
    """Base of every error smscore raises on purpose."""


class _FieldError(SmsError, ValueError):
    """An input error: the message says the field, the value and the rule.

    ``field``, ``value`` and ``rule`` are kept as attributes for callers that want them
    as data; ``position`` is the character offset where relevant (else ``None``).
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        rule: str | None = None,
        position: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.rule = rule
        self.position = position

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_field_error,
            (type(self), self.message, self.field, self.value, self.rule, self.position),
        )


def _rebuild_field_error(
    cls: type[_FieldError],
    message: str,
    field: str | None,
    value: object,
    rule: str | None,
    position: int | None,
) -> _FieldError:
    return cls(message, field=field, value=value, rule=rule, position=position)


class InvalidText(_FieldError):
    """The text cannot be encoded or segmented as asked (lone surrogate, over the limit)."""


class InvalidNumber(_FieldError):
    """A phone number that is not valid for the reading asked for."""


class TemplateError(_FieldError):
    """A template source or its values are wrong (missing placeholder values, mixed dialects)."""


class InvalidRequest(_FieldError):
    """An argument to a ``build_*`` function breaks a rule before any provider sees it."""


class InvalidVector(_FieldError):
    """A conformance vector (or vector file) is not in the documented envelope."""


class ProviderError(SmsError):
    """A rejection in the provider's own code and words.

    ``code`` is the provider's code as a string (mGage ``"113"``, Acoustic the HTTP status
    ``"400"``, Messangi ``"SEGMENTS_EXCEEDED"``); ``message`` is its text verbatim;
    ``status`` is the HTTP status when one was received (``None`` for a predicted rejection).
    """

    def __init__(self, provider: str, code: str, message: str, status: int | None = None) -> None:
        super().__init__(f"{provider}: {code}: {message}")
        self.provider = provider
        self.code = code
        self.message = message
        self.status = status

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.provider, self.code, self.message, self.status))


class UnexpectedResponse(ProviderError):
    """A response whose body is in no documented shape; ``body`` keeps the raw bytes.

    ``body`` is what the server sent, by design (to debug a provider's new shape), so it may
    hold whatever the server echoed, a credential of the request included. The clients in
    ``smscore.transports`` mask the request's own credentials in every answer before
    parsing it; a caller who parses responses directly gets them verbatim. For logs, use
    :attr:`masked_body`: the body as text with credential-shaped values masked
    (``Bearer ***``, ``"password": "***"``, ``refresh_token=***``).

    >>> UnexpectedResponse("p", "m", body=b'{"error":"Bearer k-123 was rejected"}').masked_body
    '{"error":"Bearer *** was rejected"}'
    """

    def __init__(
        self,
        provider: str,
        message: str,
        status: int | None = None,
        body: bytes = b"",
        code: str = "unexpected-response",
    ) -> None:
        super().__init__(provider, code, message, status)
        self.body = body

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.provider, self.message, self.status, self.body, self.code))

    @property
    def masked_body(self) -> str:
        """:attr:`body` as UTF-8 text (bad bytes replaced), credential-shaped values masked."""
        return mask_credentials(self.body.decode("utf-8", errors="replace"))


# An auth scheme and its credential, or a credential-named key and its value (JSON, form,
# header or prose: ``"password": "x"``, ``password=x``, ``refresh_token: x``). Linear: each
# run is bounded by a character the next part cannot start with.
_CREDENTIAL_RE = re.compile(
    r"(?i)\b(bearer|basic)(\s++)[A-Za-z0-9._~+/=-]++"
    r"|(\b(?:client_secret|refresh_token|access_token|id_token|api[_-]?key|apikey|password"
    r"|passwd|secret)[\"']?\s*+[:=]\s*+)"
    r"(\"(?:[^\"\\]|\\.)*+\"|'[^']*+'|[^\s,&;}\]\"']++)"
)


def _mask(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}{match.group(2)}***"
    value = match.group(4)
    quote = value[0] if value[0] in "\"'" else ""
    return f"{match.group(3)}{quote}***{quote}"


def mask_credentials(text: str) -> str:
    """``text`` with credential-shaped values masked, for showing a server's words in logs.

    A pattern, not the request's own secrets (``smscore.wire.scrub`` masks those exactly):
    it catches ``Bearer``/``Basic`` credentials and the values of credential-named keys.

    >>> mask_credentials('password=hunter22&user=u')
    'password=***&user=u'
    >>> mask_credentials('{"refresh_token": "r-1", "n": 1}')
    '{"refresh_token": "***", "n": 1}'
    """
    return _CREDENTIAL_RE.sub(_mask, text)


class TransportError(SmsError):
    """The HTTP exchange failed (connection, timeout); the original is in ``__cause__``."""
