"""Reading the gateway's side (seed 000): a received request's parameters, and the answer.

The answer's body format is not public (the seed lost the "recipient block"); :mod:`._scan`
reads it tolerantly and this module decides what the blocks mean, per recipient.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from ...errors import InvalidRequest, ProviderError, UnexpectedResponse
from ...wire import Request, Response, split_url
from .._guard import require_request, require_response
from . import _scan
from ._rules import NAME, STATUS_TEXTS, GatewayStatus

__all__ = ["RecipientStatus", "SendResult", "numbers_of", "parse_answer", "parse_send_request"]

_STATUS_BY_CODE = {s.value: s for s in GatewayStatus}


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientStatus:
    """The gateway's answer for one number: its status ``code`` (a :class:`GatewayStatus` when
    the code is known) and ``message`` (the server's text, else the seed's)."""

    number: str | None
    code: str
    message: str
    accepted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SendResult:
    """A parsed send answer: one :class:`RecipientStatus` per reported number.

    ``missing`` lists the request's numbers that the body does not mention; ``ok`` is true
    for HTTP 2xx with code 0 for every recipient and none missing; ``body`` is the raw body
    (the format is not public, keep it).
    """

    status: int
    ok: bool
    recipients: tuple[RecipientStatus, ...]
    missing: tuple[str, ...]
    body: bytes


def parse_send_request(request: Request) -> dict[str, str]:
    """The parameters of a gateway request, decoded from its query string (what a server reads).

    >>> parse_send_request(Request(method="POST", url="https://gw.example/s?message=a%20b&numbers=1%2C2"))
    {'message': 'a b', 'numbers': '1,2'}
    """
    query = split_url(require_request(request).url, "url").query
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise InvalidRequest(
            "query string is not UTF-8 percent-encoding",
            field="url",
            value=query,
            rule="parameters are UTF-8 percent-encoded",
        ) from None
    params: dict[str, str] = {}
    for key, value in pairs:
        if key in params:
            raise InvalidRequest(
                f"parameter {key!r} appears twice in the query string",
                field=key,
                value=value,
                rule="each parameter once",
            )
        params[key] = value
    return params


def _recipient(number: str | None, code: str, text: str | None) -> RecipientStatus:
    status = _STATUS_BY_CODE.get(code)
    known = STATUS_TEXTS.get(code, "")
    return RecipientStatus(
        number=number,
        code=status if status is not None else code,
        message=text if text else known,
        accepted=code == "0",
    )


def _numbers_sent(numbers: object) -> Sequence[str]:
    what = "numbers must be a sequence of str (the numbers the request carried)"
    if isinstance(numbers, str | bytes) or not isinstance(numbers, Sequence):
        raise TypeError(f"{what}, got {type(numbers).__name__}")
    for n in numbers:
        if not isinstance(n, str):
            raise TypeError(f"{what}, got an item of type {type(n).__name__}")
    return numbers


def numbers_of(plan: Any, batch: object, numbers: object) -> Sequence[str]:
    """The numbers a response answers for: ``numbers`` as given, else ``plan.batches[batch]``
    (``batch`` may be left out when the plan has one request)."""
    if plan is None:
        if batch is not None:
            raise TypeError("batch needs a plan: it is an index into plan.batches")
        return () if numbers is None else _numbers_sent(numbers)
    if numbers is not None:
        raise TypeError("give plan (and batch) or numbers, not both")
    batches = getattr(plan, "batches", None)
    if getattr(plan, "provider", None) != NAME or not isinstance(batches, tuple):
        raise TypeError(f"plan must be a SendPlan of {NAME}, got {type(plan).__name__}")
    if batch is None:
        if len(batches) > 1:
            raise InvalidRequest(
                f"the plan has {len(batches)} requests: say which one answered (batch=)",
                field="batch",
                value=None,
                rule="one response answers one request",
            )
        return tuple(batches[0]) if batches else ()
    if isinstance(batch, bool) or not isinstance(batch, int) or not 0 <= batch < len(batches):
        raise InvalidRequest(
            f"batch must be an index into the plan's {len(batches)} requests, got {batch!r}",
            field="batch",
            value=batch,
            rule="one response answers one request",
        )
    return tuple(batches[batch])


def parse_answer(response: Response, numbers: Sequence[str]) -> SendResult:
    """:func:`smscore.providers.mgage_gateway.parse_send` once the numbers are known."""
    require_response(response)
    http_ok = 200 <= response.status < 300
    blocks = _scan.scan(response.text(), STATUS_TEXTS)
    if not blocks:
        raise UnexpectedResponse(
            NAME,
            f"HTTP {response.status}: no gateway status code in the body",
            status=response.status,
            body=response.body,
            code=str(response.status) if not http_ok else "unexpected-response",
        )
    with_number = [b for b in blocks if b[0] is not None]
    if not with_number:
        codes = {b[1] for b in blocks}
        if len(blocks) == len(numbers) and len(blocks) > 1:
            blocks = [(n, b[1], b[2]) for n, b in zip(numbers, blocks, strict=True)]
        elif len(codes) == 1:
            number_code, text = blocks[0][1], blocks[0][2]
            if number_code != "0" or not http_ok:
                # the whole request's status: refused (or a non-2xx answer)
                raise ProviderError(
                    NAME, number_code, text or STATUS_TEXTS.get(number_code, ""), response.status
                )
            blocks = [(n, "0", text) for n in numbers] or [(None, "0", text)]
    recipients = tuple(_recipient(n, c, t) for n, c, t in blocks)
    reported = {r.number for r in recipients}
    missing = tuple(n for n in numbers if n not in reported)
    ok = http_ok and bool(recipients) and not missing and all(r.accepted for r in recipients)
    return SendResult(
        status=response.status,
        ok=ok,
        recipients=recipients,
        missing=missing,
        body=response.body,
    )
