"""Private: the conformance runner of ``messangi`` (operations in spec/messangi/README.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...errors import InvalidVector
from ...wire import Response, to_data
from ._message import Credentials
from ._parse import (
    callback_response,
    parse_batch,
    parse_callback,
    parse_error,
    parse_send,
    parse_status,
)
from ._plan import plan_send
from ._send import build_batch, build_send, build_status, segment_report

_OPTIONS = frozenset(
    {
        "region",
        "request_dr",
        "connection",
        "callbacks",
        "email",
        "message_type",
        "external_id",
        "client_id",
        "base_url",
    }
)
_PLAN_KEYS = _OPTIONS | {
    "api_key",
    "message",
    "recipients",
    "sender",
    "defaults",
    "numbers",
    "batch",
    "batch_size",
    "long_code",
}
_BUILD_SEND_KEYS = _OPTIONS | {"api_key", "sender", "text", "to", "numbers"}
_BUILD_BATCH_KEYS = _OPTIONS | {"api_key", "sender", "text", "recipients", "numbers", "batch_size"}
_STATUS_KEYS = frozenset({"api_key", "message_id", "base_url"})
_PARSERS: Mapping[str, Callable[[Response], Any]] = {
    "parse_send": parse_send,
    "parse_batch": parse_batch,
    "parse_status": parse_status,
    "parse_error": parse_error,
}
OPERATIONS = frozenset(
    {"send", "batch", "plan", "build_send", "build_batch", "status", "segments", "parse_callback"}
    | set(_PARSERS)
)


def run(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    try:
        return _run(operation, input)
    except TypeError as exc:
        # CONTRIBUTING.md: malformed input raises InvalidVector. A TypeError at the public
        # boundary names the argument and its type, never a value; the error's value is the
        # input's keys, so the api_key never lands in it.
        raise _vector_error(
            f"input does not fit operation {operation!r}: {exc}",
            "input",
            sorted(map(str, input)) if isinstance(input, Mapping) else None,
        ) from exc


def _plan_kwargs(input: Mapping[str, Any]) -> dict[str, Any]:
    kwargs = vector_kwargs(
        input, _PLAN_KEYS, required=("api_key", "message", "recipients", "sender")
    )
    if not isinstance(kwargs["recipients"], list):
        raise _vector_error("recipients must be a list", "recipients", kwargs["recipients"])
    kwargs["credentials"] = Credentials(kwargs.pop("api_key"))
    return kwargs


def _run(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    if operation in ("send", "batch", "plan"):
        kwargs = _plan_kwargs(input)
        if operation == "batch":
            kwargs.setdefault("batch", True)
        message = kwargs.pop("message")
        recipients = kwargs.pop("recipients")
        plan = plan_send(message, recipients, **kwargs)
        if operation == "plan":
            return {"result": plan_data(plan)}
        if plan.rejections:
            return {"error": plan.rejections[0].to_data()}
        if (
            operation == "send"
            and plan.settings["endpoint"] == "single"
            and len(plan.requests) == 1
        ):
            return {"request": plan.requests[0].to_data()}
        return {"requests": [r.to_data() for r in plan.requests]}
    if operation == "build_send":
        kwargs = vector_kwargs(
            input, _BUILD_SEND_KEYS, required=("api_key", "sender", "text", "to")
        )
        return {"request": build_send(kwargs.pop("api_key"), **kwargs).to_data()}
    if operation == "build_batch":
        kwargs = vector_kwargs(
            input, _BUILD_BATCH_KEYS, required=("api_key", "sender", "text", "recipients")
        )
        kwargs["recipients"] = vector_recipients(kwargs["recipients"])
        return {"requests": [r.to_data() for r in build_batch(kwargs.pop("api_key"), **kwargs)]}
    if operation == "status":
        kwargs = vector_kwargs(input, _STATUS_KEYS, required=("api_key", "message_id"))
        return {"request": build_status(kwargs.pop("api_key"), **kwargs).to_data()}
    if operation == "segments":
        kwargs = vector_kwargs(input, frozenset({"text"}), required=("text",))
        return {"result": to_data(segment_report(**kwargs))}
    if operation == "parse_callback":
        vector_kwargs(input, frozenset({"body", "json"}), required=())
        return {"result": to_data(parse_callback(callback_response(vector_payload(input))))}
    parser = _PARSERS.get(operation)
    if parser is None:
        raise _vector_error(
            f"unknown operation {operation!r}; known: {sorted(OPERATIONS)}", "operation", operation
        )
    return {"result": to_data(parser(vector_response(input)))}


def plan_data(plan: Any) -> dict[str, Any]:
    """A plan as the ``plan`` operation's result (no requests: ``send`` shows those)."""
    return {
        "endpoint": plan.settings["endpoint"],
        "requests": len(plan.requests),
        "accepted": list(plan.accepted),
        "duplicates": [[str(raw), number] for raw, number in plan.duplicates],
        "rejected": [[str(raw), reason] for raw, reason in plan.rejected],
        "texts": list(plan.texts),
        "segments": list(plan.segments),
        "rejections": [
            {
                "code": r.code,
                "message": r.message,
                "field": r.field,
                "basis": r.basis.to_data() if r.basis is not None else None,
            }
            for r in plan.rejections
        ],
        "advice": [a.to_data() for a in plan.advice],
    }


def _vector_error(message: str, field: str, value: object = None) -> InvalidVector:
    return InvalidVector(
        f"messangi vector: {message}",
        field=field,
        value=value,
        rule="spec/messangi/README.md",
    )


def vector_kwargs(
    data: Mapping[str, Any], allowed: frozenset[str], *, required: Sequence[str]
) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise _vector_error("input must be an object", "input", data)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _vector_error(f"unknown input keys {unknown}", "input", unknown)
    missing = [k for k in required if k not in data]
    if missing:
        raise _vector_error(f"missing input keys {missing}", "input", missing)
    return dict(data)


def vector_recipients(value: object) -> list[object]:
    if not isinstance(value, list):
        raise _vector_error("recipients must be a list", "recipients", value)
    out: list[object] = []
    for item in value:
        if isinstance(item, dict):
            if set(item) - {"to", "params"} or "to" not in item:
                raise _vector_error("a recipient is {'to', 'params'}", "recipients", item)
            out.append((item["to"], item.get("params", [])))
        else:
            out.append(item)
    return out


def vector_response(data: Mapping[str, Any]) -> Response:
    vector_kwargs(data, frozenset({"response"}), required=("response",))
    raw = data["response"]
    if not isinstance(raw, dict) or not isinstance(raw.get("status"), int):
        raise _vector_error("response must be {'status': int, ...}", "response", raw)
    if set(raw) - {"status", "headers", "body", "json"}:
        raise _vector_error("response keys are status, headers, body, json", "response", raw)
    headers = raw.get("headers", {})
    if not isinstance(headers, dict):
        raise _vector_error("response headers must be an object", "response.headers", headers)
    return Response(
        status=raw["status"],
        headers=tuple((str(k), str(v)) for k, v in headers.items()),
        body=vector_payload(raw),
    )


def vector_payload(data: Mapping[str, Any]) -> bytes:
    if "json" in data:
        try:
            return json.dumps(data["json"], ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError, RecursionError) as exc:
            raise _vector_error(
                f"json must be a JSON value ({exc.__class__.__name__}: {exc})", "json"
            ) from None
    body = data.get("body", "")
    if not isinstance(body, str):
        raise _vector_error("body must be text", "body", body)
    return body.encode("utf-8")
