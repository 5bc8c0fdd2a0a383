"""Boundary checks shared by the provider modules: argument types and credentials.

Every provider function that takes a :class:`~smscore.wire.Response` or a
:class:`~smscore.wire.Request` checks it here first, so a wrong argument is a ``TypeError``
naming the argument (CONTRIBUTING.md: a wrong type at the public boundary), never an
``AttributeError`` from deep inside. Credentials are checked before anything encodes them,
so a value UTF-8 cannot carry is an :class:`~smscore.errors.InvalidRequest` that names the
field and the rule and never the value (a ``UnicodeEncodeError`` would carry the secret in
its ``object``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Final

from .. import wire
from ..errors import InvalidRequest
from ..wire import Request, Response

__all__ = [
    "BasicCredentials",
    "check_secret",
    "require_iterable",
    "require_request",
    "require_response",
    "require_str_collection",
]

_SURROGATE: Final = re.compile("[\ud800-\udfff]")  # UTF-8 cannot carry these (RFC 3629 §3)


def require_response(value: object, name: str = "response") -> Response:
    """``value`` if it is a :class:`~smscore.wire.Response`, else a TypeError naming ``name``."""
    if not isinstance(value, Response):
        raise TypeError(f"{name} must be a smscore.Response, got {type(value).__name__}")
    return value


def require_request(value: object, name: str = "request") -> Request:
    """``value`` if it is a :class:`~smscore.wire.Request`, else a TypeError naming ``name``."""
    if not isinstance(value, Request):
        raise TypeError(f"{name} must be a smscore.Request, got {type(value).__name__}")
    return value


def check_secret(value: object, field: str, rule: str) -> str:
    """A credential as text UTF-8 can carry; errors name ``field``, never the value."""
    if not isinstance(value, str):
        raise InvalidRequest(
            f"{field} must be a str, got {type(value).__name__} (the value is not shown: "
            "it is a credential)",
            field=field,
            rule=rule,
        )
    # Searched, not caught: a UnicodeEncodeError would stay reachable as the new error's
    # __context__, and its ``object`` is the whole credential.
    found = None if value.isascii() else _SURROGATE.search(value)
    if found is not None:
        raise InvalidRequest(
            f"{field} has a lone surrogate at position {found.start()}, which UTF-8 cannot "
            "carry (the value is not shown: it is a credential)",
            field=field,
            rule=rule,
            position=found.start(),
        )
    return value


def require_iterable(value: object, name: str, what: str) -> Iterable[Any]:
    """``value`` if it is an iterable other than text, else a TypeError naming ``name``.

    Text is refused too: iterating a str yields characters, never whole ``what`` items.
    """
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be an iterable of {what}, got {type(value).__name__}")
    return value


def require_str_collection(value: object, name: str, what: str) -> Collection[str]:
    """``value`` if it is a collection (not text) of str, else a TypeError naming ``name``.

    A str is refused: ``"1" in "129856"`` is a substring test, not membership.
    """
    if isinstance(value, str | bytes | bytearray) or not isinstance(value, Collection):
        raise TypeError(f"{name} must be a collection of {what} (str), got {type(value).__name__}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(
                f"{name} must be a collection of {what} (str), got an item of type "
                f"{type(item).__name__}"
            )
    return value


_BASIC_RULE: Final = "RFC 7617: HTTP Basic credentials are UTF-8 text"


@dataclass(frozen=True, slots=True)
class BasicCredentials:
    """HTTP Basic credentials (RFC 7617), checked when made: UTF-8 text, no control
    character, no ``:`` in the username; an error names the field, never the value; ``repr``
    shows neither. Each mGage API subclasses it under its own name (``Credentials``)."""

    username: str
    password: str

    def __post_init__(self) -> None:
        check_secret(self.username, "username", _BASIC_RULE)
        check_secret(self.password, "password", _BASIC_RULE)
        wire.basic_auth(self.username, self.password)  # RFC 7617's rules, errors name fields

    def __repr__(self) -> str:
        return f"{type(self).__name__}(username='***', password='***')"

    def header(self) -> tuple[str, str]:
        """The ``Authorization`` header (HTTP Basic)."""
        return wire.basic_auth(self.username, self.password)

    def secrets(self) -> tuple[str, ...]:
        """The secret strings, for scrubbing echoed text."""
        return (self.username, self.password)
