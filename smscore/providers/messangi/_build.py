"""Private helpers of ``messangi``: argument validation, batch planning, error bodies, vectors.

Every check raises an ``InvalidRequest`` (or ``InvalidNumber``/``TemplateError``) whose message
names the field, the value and the rule. The API key never reaches this module.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from ...errors import InvalidNumber, InvalidRequest, TemplateError, UnexpectedResponse
from ...numbers import check_number
from ...wire import Request, json_body, redact_url, split_url
from ._json import PROVIDER, Reader

Param = str | int | float

_JSON_HEADERS = (("Accept", "application/json"), ("Content-Type", "application/json"))
# seed 002 batch: positional placeholders {0}, {1}, ... in "text".
_PLACEHOLDER = re.compile(r"\{([0-9]+)\}")  # ASCII digits only, as smscore.Template reads them
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _bad(field: str, value: object, rule: str, what: str | None = None) -> InvalidRequest:
    message = f"{field} {what or 'is not valid'}: {_show(value)} (rule: {rule})"
    return InvalidRequest(message, field=field, value=value, rule=rule)


# --- scalar arguments ------------------------------------------------------------------------


def text(value: object, field: str, *, allow_empty: bool = False) -> str:
    """A str that can be sent as UTF-8 JSON; non-empty unless ``allow_empty``."""
    if not isinstance(value, str):
        raise _bad(field, value, "a str", f"must be a str, got {type(value).__name__}")
    if not value and not allow_empty:
        raise _bad(field, value, f"{field} is required", "must not be empty")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            rule = "text is Unicode scalar values (no lone surrogate)"
            raise InvalidRequest(
                f"{field} has a lone surrogate at position {exc.start}: "
                f"{_show(value[exc.start])} (rule: {rule})",
                field=field,
                value=value,
                rule=rule,
                position=exc.start,
            ) from None
    return value


def sender(value: object) -> str:
    """seed 002 "from": a short code, long code, alphanumeric sender or virtual number."""
    checked = text(value, "sender")
    rule = "seed 002 from: a short/long code or alphanumeric sender, no control characters"
    if _CONTROL.search(checked) or checked.strip() != checked:
        raise _bad("sender", checked, rule, "has control characters or surrounding spaces")
    return checked


def _opt_text(value: object, field: str) -> str | None:
    if value is None:
        return None
    checked = text(value, field)
    if _CONTROL.search(checked):
        raise _bad(field, checked, "no control characters", "has control characters")
    return checked


def region(value: object) -> str | None:
    """The region national numbers are read in: a str (``"MX"``) or None (E.164 input)."""
    if value is None or isinstance(value, str):
        return value
    raise _bad(
        "region",
        value,
        "a region code such as 'MX', or None",
        f"must be a str or None, got {type(value).__name__}",
    )


def number(raw: object, region: str | None, field: str, rule: object = "provider") -> str:
    """seed 002 "to": E.164 with the ``+`` optional (we always send the ``+``).

    ``rule`` is the number policy (``smscore.providers.NumberPolicy``): ``"provider"``
    (default) takes every number smscore can read as country code + subscriber number, the
    seed's rule (its own sample ``+580000000005`` is outside phonenumbers' assigned ranges);
    ``"possible"`` also wants a possible length for the country; ``"valid"`` an assigned range.
    """
    if not isinstance(raw, str):
        raise _bad(field, raw, "a phone number as str", f"must be a str, got {type(raw).__name__}")
    if rule not in ("provider", "possible", "valid"):
        raise _bad("numbers", rule, "'provider', 'possible' or 'valid'")
    found = check_number(raw, region)
    if found.e164 is not None and (
        rule == "provider"
        or (rule == "possible" and found.possible)
        or (rule == "valid" and found.valid)
    ):
        return found.e164
    reason = found.reason or "not a number"
    kind = "phone number" if rule == "provider" else f"{rule} phone number"
    raise InvalidNumber(
        f"{field}: number {raw!r} is not a {kind} (region {region}): {reason}",
        field=field,
        value=raw,
        rule=f"seed 002 to: E.164 ({rule})",
    )


def base(url: object) -> str:
    """An absolute http(s) base URL without query or fragment; one trailing ``/`` dropped."""
    rule = "an absolute http(s) URL with a host, no query or fragment"
    if not isinstance(url, str):
        raise _bad("base_url", url, rule, f"must be a str, got {type(url).__name__}")
    parts = split_url(url, "base_url")
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or any(c.isspace() for c in url)
    ):
        raise _bad("base_url", redact_url(url), rule)
    return url[:-1] if url.endswith("/") else url


def batch_size(value: object) -> int:
    rule = "an int of at least 1 (default 1000, unverified)"
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _bad("batch_size", value, rule)
    return value


def _callbacks(value: object) -> str:
    """seed 002 "callbacks": one or more webhook URLs separated by commas."""
    rule = "seed 002 callbacks: http(s) URLs, comma-separated, none empty"
    if isinstance(value, str):
        urls = value.split(",")
    elif isinstance(value, Sequence) and not isinstance(value, bytes):
        urls = list(value)
    else:
        raise _bad("callbacks", value, rule, "must be a str or a sequence of str")
    if not urls:
        raise _bad("callbacks", value, rule, "must not be empty")
    for i, url in enumerate(urls):
        field = f"callbacks[{i}]"
        if not isinstance(url, str):
            raise _bad(field, url, rule, f"must be a str, got {type(url).__name__}")
        parts = split_url(url, field)
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or "," in url
            or any(c.isspace() for c in url)
        ):
            raise _bad(field, redact_url(url), rule)
    return ",".join(urls)


def options(
    request_dr: object,
    connection: object,
    callbacks: object,
    email: object,
    message_type: object,
    external_id: object,
    client_id: object,
    *,
    types: Sequence[str],
) -> list[tuple[str, Any]]:
    """The optional body fields that were given, in seed 002's parameter order."""
    out: list[tuple[str, Any]] = []
    if request_dr is not None:
        if not isinstance(request_dr, bool):
            raise _bad("request_dr", request_dr, "seed 002 requestDR: true or false")
        out.append(("requestDR", request_dr))
    if (value := _opt_text(connection, "connection")) is not None:
        out.append(("connection", value))
    if callbacks is not None:
        # seed 002: callbacks fire only with requestDR true; without it they are still sent
        # (the seed does not refuse them): plan_send gives advice.
        out.append(("callbacks", _callbacks(callbacks)))
    if (value := _opt_text(email, "email")) is not None:
        out.append(("email", value))  # seed 002 "email": no format stated, none checked
    if message_type is not None:
        if message_type not in types:
            raise _bad("message_type", message_type, f"seed 002 type: one of {list(types)}")
        out.append(("type", message_type))
    if (value := _opt_text(external_id, "external_id")) is not None:
        out.append(("externalId", value))
    if (value := _opt_text(client_id, "client_id")) is not None:
        out.append(("clientId", value))
    return out


def post(url: str, auth: tuple[str, str], body: Mapping[str, Any]) -> Request:
    """A JSON POST with the seed's headers (curl sample: accept, Authorization, Content-Type)."""
    headers = (_JSON_HEADERS[0], auth, _JSON_HEADERS[1])
    return Request(method="POST", url=url, headers=headers, body=json_body(body))


def utf16_units(value: str) -> int:
    """String length as the server counts it: UTF-16 code units (DESIGN.md)."""
    if value.isascii():
        return len(value)
    return len(value.encode("utf-16-le")) // 2


# --- batches ---------------------------------------------------------------------------------


def param_text(value: Param) -> str:
    """How a param reads in the text. ASSUMPTION (seed 002 is silent): a string as is, a
    number as its shortest JSON form (``10.65``, ``20.5``, ``7``)."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):
        return int.__repr__(value)
    return float.__repr__(value)


class BatchPlan:
    """A batch's text split at its placeholders, and its recipients, validated once."""

    __slots__ = ("_fixed", "_slots", "needed", "recipients", "text")

    def __init__(self, template: str, recipients: Iterable[object]) -> None:
        self.text = template
        self._slots = [int(m.group(1)) for m in _PLACEHOLDER.finditer(template)]
        self._fixed = utf16_units(_PLACEHOLDER.sub("", template))
        self.needed = max(self._slots) + 1 if self._slots else 0
        self.recipients = self._read(recipients)

    def _read(self, recipients: Iterable[object]) -> list[tuple[str, tuple[Param, ...]]]:
        rule = "an iterable of numbers or (number, params) pairs"
        if isinstance(recipients, str | bytes | Mapping) or not isinstance(recipients, Iterable):
            raise _bad("recipients", recipients, rule, f"must be {rule}")
        out: list[tuple[str, tuple[Param, ...]]] = []
        for i, item in enumerate(recipients):
            field = f"recipients[{i}]"
            params: tuple[Param, ...]
            if isinstance(item, str):
                raw, params = item, ()
            elif isinstance(item, tuple | list) and len(item) == 2:
                raw, params = item[0], _params(item[1], f"{field}.params")
            else:
                raise _bad(field, item, rule, "must be a number or a (number, params) pair")
            if not isinstance(raw, str):
                raise _bad(f"{field}.to", raw, "a phone number as str")
            self._count(params, field)
            out.append((raw, params))
        if not out:
            raise _bad("recipients", recipients, "at least one recipient", "must not be empty")
        return out

    def _count(self, params: tuple[Param, ...], field: str) -> None:
        n = len(params)
        rule = f"one param per placeholder {{0}}..{{{self.needed - 1}}}"
        if n < self.needed:
            missing = min(k for k in self._slots if k >= n)
            raise TemplateError(
                f"{field}: no value for placeholder {{{missing}}} ({n} params given; rule: "
                f"{rule if self.needed else 'no placeholders'})",
                field=f"{field}.params",
                value=params,
                rule=rule,
            )
        if n > self.needed:
            used = f"{{0}}..{{{self.needed - 1}}}" if self.needed else "no placeholder"
            raise TemplateError(
                f"{field}: {n} params given but the text uses {used}; the extra values would "
                f"be ignored (rule: one param per placeholder index)",
                field=f"{field}.params",
                value=params,
                rule="one param per placeholder index",
            )

    def lengths(self) -> list[int]:
        """Each recipient's text length after personalization, in UTF-16 code units."""
        slots, fixed = self._slots, self._fixed
        out: list[int] = []
        for _raw, params in self.recipients:
            n = fixed
            for k in slots:
                piece = param_text(params[k])
                n += len(piece) if piece.isascii() else utf16_units(piece)
            out.append(n)
        return out

    def render(self, index: int) -> str:
        """Recipient ``index``'s text with its params filled in."""
        params = self.recipients[index][1]
        return _PLACEHOLDER.sub(lambda m: param_text(params[int(m.group(1))]), self.text)


def plan(template: object, recipients: Iterable[object], defaults: Any) -> BatchPlan:
    """The batch plan for a ``{n}`` text (``defaults`` must be None) or a ``smscore.Template``.

    A Template goes through ``smscore.templates.to_messangi`` (recipients are its
    ``(number, values)`` rows); a row it cannot render raises, since sending the rest would
    drop it silently.
    """
    from ...templates import Template, to_messangi

    if isinstance(template, Template):
        if isinstance(recipients, str | bytes | Mapping) or not isinstance(recipients, Iterable):
            raise _bad("recipients", recipients, "an iterable of (number, values) rows")
        batch = to_messangi(template, cast(Iterable[Any], recipients), defaults=defaults)
        if batch.failures:
            first = batch.failures[0]
            raise TemplateError(
                f"recipients[{first.index}]: {first.reason} "
                f"({len(batch.failures)} recipient(s) cannot be rendered)",
                field=f"recipients[{first.index}]",
                value=first.number,
                rule="every recipient has a value or default for every placeholder",
            )
        return BatchPlan(batch.text, batch.recipients)
    if defaults is not None:
        raise _bad(
            "defaults", defaults, "defaults apply to a smscore.Template", "given with a str text"
        )
    return BatchPlan(text(template, "text"), recipients)


def _params(value: object, field: str) -> tuple[Param, ...]:
    rule = "seed 002 to.params: a list of strings and numbers"
    kind = type(value)
    if (
        kind is not list
        and kind is not tuple
        and (isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence))
    ):
        raise _bad(field, value, rule, "must be a list")
    items = cast(Sequence[Any], value)
    for j, item in enumerate(items):
        kind = type(item)
        if kind is str:  # the common cases first, by exact type (this runs per recipient)
            if not item.isascii():
                text(item, f"{field}[{j}]", allow_empty=True)
        elif kind is int:
            pass
        elif kind is float:
            if not math.isfinite(item):
                raise _bad(f"{field}[{j}]", item, "JSON numbers are finite", "must be finite")
        elif isinstance(item, bool) or not isinstance(item, str | int | float):
            raise _bad(f"{field}[{j}]", item, rule, "must be a str, int or float")
        else:  # a subclass (an enum member): check it as its base type
            _params([_plain(item)], f"{field}[{j}]")
    return tuple(items)


def _plain(item: str | int | float) -> str | int | float:
    if isinstance(item, str):
        return str.__str__(item)
    if isinstance(item, int):
        return int(item)
    return float(item)


# --- error bodies ----------------------------------------------------------------------------


def error_fields(
    rd: Reader, status: int, catalogue: Mapping[str, str]
) -> tuple[str, str, str | None, int | str | None]:
    """(code, message, transactionId, timestamp) from an error body of any shape; never raises.

    providers.md "Responses": error bodies are undocumented; look for ``meta.explain``,
    ``description``, ``message``, ``error`` in that order.
    """
    try:
        root = rd.decode()
    except UnexpectedResponse:
        root = None
    meta: Mapping[str, Any] = {}
    found: str | None = None
    if isinstance(root, dict):
        if isinstance(root.get("meta"), dict):
            meta = root["meta"]
        for where, key in ((meta, "explain"), (root, "description"), (root, "message")):
            value = where.get(key)
            if isinstance(value, str) and value.strip():
                found = value
                break
        else:
            error = root.get("error")
            if isinstance(error, dict):
                error = error.get("message")
            if isinstance(error, str) and error.strip():
                found = error
    if found is None:
        shown = rd.body.decode("utf-8", errors="replace").strip()
        found = shown[:200] if shown else f"HTTP {status} with an empty body"
    code = next((c for c, t in catalogue.items() if t == found), str(status))
    tid = meta.get("transactionId")
    stamp = meta.get("timestamp")
    if isinstance(stamp, bool) or not isinstance(stamp, int | str):
        stamp = None
    return code, found, tid if isinstance(tid, str) else None, stamp


def error_from(code: str, message: str, status: int, body: bytes) -> UnexpectedResponse:
    return UnexpectedResponse(PROVIDER, message, status=status, body=body, code=code)


def safe_dump(payload: Mapping[str, Any]) -> bytes:
    try:
        return json.dumps(payload, ensure_ascii=False, default=repr).encode("utf-8", "replace")
    except (TypeError, ValueError, RecursionError):
        return b""
