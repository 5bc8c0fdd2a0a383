"""Private parts of ``messangi``'s send interface: credentials, recipients' wire form, the message.

``Credentials`` holds the API key (masked everywhere); :func:`unwrap` reads Messangi's own
batch entry as a :class:`~smscore.providers.Recipient`; ``Message`` compiles a ``str`` (native
``{n}`` text) or a :class:`smscore.Template` once and renders it per recipient.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ...errors import InvalidRequest, TemplateError
from ...templates import Template, messangi_text
from ...templates._engine import json_value, missing_error
from ...wire import _check_credential, bearer_auth
from .._common import Recipient
from . import _build as _b

__all__ = ["Credentials", "Message", "Param", "unwrap"]

_PLACEHOLDER: Final = re.compile(r"\{([0-9]+)\}")  # seed 002 batch: {0}, {1}... (ASCII digits)
_KEY_RULE: Final = "RFC 6750 bearer token: printable ASCII (seed 002: Authorization: Bearer)"

Param = str | int | float


@dataclass(frozen=True, slots=True, repr=False)
class Credentials:
    """Messangi's secret: the API key, sent as ``Authorization: Bearer <key>`` (seed 002).

    Checked when made (non-empty printable ASCII, one line): errors name ``api_key``, never
    the value. The ``repr`` masks it.

    >>> Credentials("sk-123")
    Credentials(api_key='***')
    """

    api_key: str

    def __post_init__(self) -> None:
        _check_credential(self.api_key, "api_key", _KEY_RULE, ascii_only=True)
        if not self.api_key.strip():
            raise InvalidRequest(
                "api_key must not be empty or blank", field="api_key", rule=_KEY_RULE
            )

    def __repr__(self) -> str:
        return "Credentials(api_key='***')"

    def secrets(self) -> tuple[str, ...]:
        """The secret strings, for scrubbing echoed text (``wire.scrub``)."""
        return (self.api_key,)

    def header(self) -> tuple[str, str]:
        """The ``Authorization`` header, as a (name, value) pair."""
        return bearer_auth(self.api_key)


def unwrap(item: object) -> Recipient | None:
    """Messangi's own wire form as a :class:`~smscore.providers.Recipient`.

    A batch entry ``{"to": ..., "params": [...]}`` (the seed's example spells the key
    ``"to:"``, a typo we read too) or a ``(number, values)`` pair.

    >>> unwrap({"to:": "+525500000000", "params": ["Elizabeth", 10.65]})
    Recipient(number='+525500000000', values=['Elizabeth', 10.65])
    """
    if isinstance(item, Mapping):
        number = item.get("to", item.get("to:"))
        if not isinstance(number, str) or set(item) - {"to", "to:", "params"}:
            return None
        params = item.get("params")
        return Recipient(number, params if params else None)
    if isinstance(item, tuple | list) and len(item) == 2 and isinstance(item[0], str):
        return Recipient(item[0], item[1])
    return None


class Message:
    """The message compiled once: a plain text, a native ``{n}`` text, or a Template."""

    __slots__ = ("needed", "plain", "slots", "source", "template")

    def __init__(self, message: object) -> None:
        self.template: Template | None = None
        self.needed = 0
        self.slots: frozenset[int] = frozenset()
        if isinstance(message, Template):
            self.template = message
            self.source = ""
            self.plain = not message.placeholders if message.dialect != "jinja" else False
            return
        if not isinstance(message, str):
            raise InvalidRequest(
                f"message must be a str or a smscore.Template, got {type(message).__name__}",
                field="message",
                value=type(message).__name__,
                rule="message is a str or a smscore.Template",
            )
        self.source = _b.text(message, "message")
        self.slots = frozenset(int(m.group(1)) for m in _PLACEHOLDER.finditer(self.source))
        self.needed = max(self.slots) + 1 if self.slots else 0
        self.plain = not self.slots

    def batch_text(self) -> str:
        return messangi_text(self.template) if self.template is not None else self.source

    def render(self, values: Any, defaults: Any) -> tuple[tuple[Param, ...], str]:
        """(params for the batch entry, the text this recipient receives).

        Raises ``TemplateError`` (a value missing or unusable) or ``InvalidRequest`` (a value
        UTF-8 cannot carry): the recipient is rejected with the reason.
        """
        params, text = self._render(values, defaults)
        if not text.isascii():
            _b.text(text, "values", allow_empty=True)  # a lone surrogate cannot be sent
        return params, text

    def _render(self, values: Any, defaults: Any) -> tuple[tuple[Param, ...], str]:
        tpl = self.template
        if tpl is not None:
            text = tpl.render(values, defaults=defaults)
            if self.plain or tpl.dialect == "jinja":
                return (), text
            return tuple(tpl.resolve(values, defaults, json_value)), text
        if self.plain:
            return (), self.source
        params = _native_params(values, defaults, self.needed, self.slots)
        text = _PLACEHOLDER.sub(lambda m: _b.param_text(params[int(m.group(1))]), self.source)
        return params, text


def _native_params(
    values: Any, defaults: Any, needed: int, slots: frozenset[int]
) -> tuple[Param, ...]:
    """seed 002 to.params for a native ``{n}`` text: one value per index 0..needed-1."""
    given = _sequence(values, "values")
    fallback = _sequence(defaults, "defaults")
    if len(given) > needed:
        rule = "one param per placeholder index"
        raise TemplateError(
            f"values: {len(given)} params given but the text uses {{0}}..{{{needed - 1}}}; the "
            f"extra values would be ignored; rule: {rule}",
            field="values",
            value=tuple(given),
            rule=rule,
        )
    available = max(len(given), len(fallback))
    if needed > available:  # never loop to an index the text names but no list reaches
        raise missing_error(sorted(k for k in slots if k >= available)[:10])
    out: list[Param] = []
    missing: list[int] = []
    for k in range(needed):
        value = given[k] if k < len(given) else None
        if value is None and k < len(fallback):
            value = fallback[k]
        if value is None:
            missing.append(k)
        else:
            out.append(json_value(k, value))
    if missing:
        raise missing_error(missing)
    return tuple(out)


def _sequence(values: Any, field: str) -> Sequence[Any]:
    if values is None:
        return ()
    if isinstance(values, Sequence) and not isinstance(values, str | bytes | bytearray):
        return values
    rule = "seed 002 to.params: values in placeholder order (a list)"
    raise TemplateError(
        f"{field}: {type(values).__name__} value {values!r} is not usable; rule: {rule}",
        field=field,
        value=values,
        rule=rule,
    )
