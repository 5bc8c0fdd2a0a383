"""Reading Messangi's answers (seed 002): every parser takes a :class:`~smscore.wire.Response`.

A delivery callback is a ``Response`` too: :func:`callback_response` makes one from the body
your endpoint received. Answers in no documented shape raise
:class:`~smscore.errors.UnexpectedResponse` (with the raw body); error answers raise the
:class:`~smscore.errors.ProviderError` that :func:`parse_error` describes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...wire import Response
from . import _build as _b
from ._json import Reader, reader
from ._results import BatchMessage, BatchResult, DeliveryReport, ErrorDetails, SendResult
from ._rules import ERRORS, MessageStatus

__all__ = [
    "callback_response",
    "parse_batch",
    "parse_callback",
    "parse_error",
    "parse_send",
    "parse_status",
]


def callback_response(
    body: bytes | str | Mapping[str, Any], *, headers: tuple[tuple[str, str], ...] = ()
) -> Response:
    """The :class:`~smscore.wire.Response` for a callback POSTed to your endpoint.

    ``body`` is the raw request body (bytes or text) or its decoded JSON object.

    >>> callback_response(b'{"id":"a1","status":"DELIVRD"}').status
    200
    """
    if isinstance(body, bytes):
        raw = body
    elif isinstance(body, str):
        raw = body.encode("utf-8", "replace")
    elif isinstance(body, Mapping):
        raw = _b.safe_dump(body)
    else:
        raise TypeError(
            f"body must be bytes, str or a mapping (the callback body), got {type(body).__name__}"
        )
    return Response(status=200, headers=headers, body=raw)


def parse_send(response: Response, *, plan: object = None) -> SendResult | BatchResult:
    """The answer to a send request: :class:`SendResult` (single) or :class:`BatchResult`.

    A body whose ``data`` carries ``ids`` is a batch answer (seed 002 "Sending Batch SMS
    messages"); any other is read as the single-send answer. ``plan`` (the
    :class:`~smscore.providers.SendPlan` the request came from) is accepted for the shared
    interface; the answer itself says which kind it is. A non-2xx answer raises.

    >>> body = b'{"meta":{"timestamp":1},"data":{"id":"a1","status":"QUEUE"}}'
    >>> parse_send(Response(status=200, body=body)).status
    <MessageStatus.QUEUE: 'QUEUE'>
    """
    rd = reader(response)
    meta, data = _envelope(rd, response)
    if "ids" in data:
        return _batch(rd, meta, data)
    return _single(rd, meta, data)


def parse_status(response: Response) -> SendResult:
    """The status of one message: assumed to be the send answer's shape (ASSUMPTION).

    >>> body = b'{"data":{"id":"a1","status":"DELIVRD"}}'
    >>> parse_status(Response(status=200, body=body)).status.final
    True
    """
    rd = reader(response)
    meta, data = _envelope(rd, response)
    return _single(rd, meta, data)


def parse_batch(response: Response) -> BatchResult:
    """The answer to one batch request: ids per number, the invalid numbers, echoed options.

    >>> body = b'{"data":{"ids":[{"id":"x","mobile":"+525500000000"}],"invalidNumber":["12"]}}'
    >>> r = parse_batch(Response(status=200, body=body))
    >>> r.messages[0].id, r.invalid_numbers
    ('x', ('12',))
    """
    rd = reader(response)
    meta, data = _envelope(rd, response)
    return _batch(rd, meta, data)


def parse_error(response: Response) -> ErrorDetails:
    """Read an error answer of any shape; never raises for the body's content.

    >>> e = parse_error(Response(status=401, body=b'{"message":"Invalid API key"}'))
    >>> e.code, e.message
    ('401', 'Invalid API key')
    """
    rd = reader(response)
    code, message, transaction_id, timestamp = _b.error_fields(rd, response.status, ERRORS)
    return ErrorDetails(
        status=response.status,
        code=code,
        message=message,
        transaction_id=transaction_id,
        timestamp=timestamp,
        body=response.body,
    )


def parse_callback(response: Response | bytes | str | Mapping[str, Any]) -> DeliveryReport:
    """One delivery callback: a :class:`~smscore.wire.Response` (see :func:`callback_response`).

    For convenience the raw body (bytes or text) or its decoded JSON object is taken too.

    >>> r = parse_callback(callback_response(
    ...     b'{"id":"a1","status":"DELIVRD","message":"Hi","to":"+525500000000"}'))
    >>> r.status, r.final, r.delivered
    (<MessageStatus.DELIVRD: 'DELIVRD'>, True, True)
    """
    if isinstance(response, Response):
        rd = Reader(None, response.body)
        root = rd.obj(rd.decode(), "callback")
    elif isinstance(response, Mapping):
        rd = Reader(None, _b.safe_dump(response))
        root = rd.obj(dict(response), "callback")
    elif isinstance(response, bytes | str):
        raw = response.encode("utf-8", "replace") if isinstance(response, str) else response
        rd = Reader(None, raw)
        root = rd.obj(rd.decode(), "callback")
    else:
        raise TypeError(
            "response must be a smscore.Response (or the callback body: bytes, str or a "
            f"mapping), got {type(response).__name__}"
        )
    status = _status(rd, root, "callback", required=True)
    assert status is not None
    return DeliveryReport(
        id=rd.req_str(root, "id", "callback"),
        status=status,
        final=status.final,
        delivered=status is MessageStatus.DELIVRD,
        date=rd.opt_str(root, "date", "callback"),
        timestamp=rd.opt_stamp(root, "timestamp", "callback"),
        sender=rd.opt_str(root, "from", "callback"),
        to=rd.opt_str(root, "to", "callback"),
        message=rd.opt_str(root, "message", "callback"),
        username=rd.opt_str(root, "username", "callback"),
        external_id=rd.opt_str(root, "externalId", "callback"),
        client_id=rd.opt_str(root, "clientId", "callback"),
        callback=rd.opt_str(root, "callback", "callback"),
    )


def _single(rd: Reader, meta: Mapping[str, Any], data: Mapping[str, Any]) -> SendResult:
    status = _status(rd, data, "data", required=True)
    assert status is not None
    return SendResult(
        id=rd.req_str(data, "id", "data"),
        status=status,
        sender=rd.opt_str(data, "from", "data"),
        text=rd.opt_str(data, "text", "data"),
        to=rd.opt_str(data, "to", "data"),
        request_dr=rd.opt_bool(data, "requestDR", "data"),
        type=rd.opt_str(data, "type", "data"),
        owner=rd.opt_str(data, "owner", "data"),
        operator=rd.opt_str(data, "operator", "data"),
        date=rd.opt_str(data, "date", "data"),
        connection=rd.opt_str(data, "connection", "data"),
        callbacks=rd.opt_str(data, "callbacks", "data"),
        email=rd.opt_str(data, "email", "data"),
        external_id=rd.opt_str(data, "externalId", "data"),
        client_id=rd.opt_str(data, "clientId", "data"),
        transaction_id=rd.opt_str(meta, "transactionId", "meta"),
        timestamp=rd.opt_stamp(meta, "timestamp", "meta"),
        explain=rd.opt_str(meta, "explain", "meta"),
    )


def _batch(rd: Reader, meta: Mapping[str, Any], data: Mapping[str, Any]) -> BatchResult:
    messages = tuple(
        BatchMessage(
            id=rd.req_str(item, "id", f"data.ids[{i}]"),
            mobile=rd.req_str(item, "mobile", f"data.ids[{i}]"),
        )
        for i, item in enumerate(rd.obj_list(data, "ids", "data"))
    )
    return BatchResult(
        messages=messages,
        invalid_numbers=rd.str_list(data, "invalidNumber", "data"),
        status=_status(rd, data, "data", required=False),
        sender=rd.opt_str(data, "from", "data"),
        text=rd.opt_str(data, "text", "data"),
        type=rd.opt_str(data, "type", "data"),
        owner=rd.opt_str(data, "owner", "data"),
        operator=rd.opt_str(data, "operator", "data"),
        date=rd.opt_str(data, "date", "data"),
        # seed 002 batch answer: data.requestDR, connection, callbacks, email, externalId,
        # clientId are documented (issue 10 point 9)
        request_dr=rd.opt_bool(data, "requestDR", "data"),
        connection=rd.opt_str(data, "connection", "data"),
        callbacks=rd.opt_str(data, "callbacks", "data"),
        email=rd.opt_str(data, "email", "data"),
        external_id=rd.opt_str(data, "externalId", "data"),
        client_id=rd.opt_str(data, "clientId", "data"),
        transaction_id=rd.opt_str(meta, "transactionId", "meta"),
        timestamp=rd.opt_stamp(meta, "timestamp", "meta"),
        explain=rd.opt_str(meta, "explain", "meta"),
    )


def _envelope(rd: Reader, response: Response) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    if not 200 <= response.status < 300:
        raise parse_error(response).to_error()
    root = rd.obj(rd.decode(), "body")
    meta = rd.opt_obj(root, "meta", "body")
    return meta, rd.obj(root.get("data"), "data")


def _status(
    rd: Reader, parent: Mapping[str, Any], path: str, *, required: bool
) -> MessageStatus | None:
    raw = rd.req_str(parent, "status", path) if required else rd.opt_str(parent, "status", path)
    if raw is None:
        return None
    try:
        return MessageStatus(raw)
    except ValueError:
        raise rd.fail(f"{path}.status {raw!r} is not one of the 16 statuses of seed 002") from None
