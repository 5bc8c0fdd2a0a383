"""Private: the conformance runner of ``messangi`` (operations in spec/messangi/README.md)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ...errors import InvalidVector
from ...wire import Response, to_data
from .. import messangi as m

_COMMON_KEYS = frozenset(
    {
        "api_key",
        "sender",
        "text",
        "region",
        "number_rule",
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
_SEND_KEYS = _COMMON_KEYS | {"to"}
_BATCH_KEYS = _COMMON_KEYS | {"recipients", "batch_size"}
_STATUS_KEYS = frozenset({"api_key", "message_id", "base_url"})
_PARSERS: Mapping[str, Callable[[Response], Any]] = {
    "parse_send": m.parse_send,
    "parse_batch": m.parse_batch,
    "parse_status": m.parse_status,
    "parse_error": m.parse_error,
}
OPERATIONS = frozenset({"send", "batch", "status", "segments", "parse_callback", *_PARSERS})


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


def _run(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    if operation == "send":
        kwargs = vector_kwargs(input, _SEND_KEYS, required=("api_key", "sender", "text", "to"))
        rejections = m.check_send(**kwargs)
        if rejections:
            return {"error": rejections[0].to_data()}
        return {"request": m.build_send(**kwargs).to_data()}
    if operation == "batch":
        kwargs = vector_kwargs(
            input, _BATCH_KEYS, required=("api_key", "sender", "text", "recipients")
        )
        kwargs["recipients"] = vector_recipients(kwargs["recipients"])
        rejections = m.check_batch(**kwargs)
        if rejections:
            return {"error": rejections[0].to_data()}
        return {"requests": [r.to_data() for r in m.build_batch(**kwargs)]}
    if operation == "status":
        kwargs = vector_kwargs(input, _STATUS_KEYS, required=("api_key", "message_id"))
        return {"request": m.build_status(**kwargs).to_data()}
    if operation == "segments":
        kwargs = vector_kwargs(input, frozenset({"text"}), required=("text",))
        return {"result": to_data(m.segment_report(**kwargs))}
    if operation == "parse_callback":
        vector_kwargs(input, frozenset({"body", "json"}), required=())
        return {"result": to_data(m.parse_callback(vector_payload(input)))}
    parser = _PARSERS.get(operation)
    if parser is None:
        raise _vector_error(
            f"unknown operation {operation!r}; known: {sorted(OPERATIONS)}", "operation", operation
        )
    return {"result": to_data(parser(vector_response(input)))}


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
