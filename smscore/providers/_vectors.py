"""Conformance-vector plumbing shared by the mGage modules (spec/mgage-*/README.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any, Final

from .. import wire
from ..errors import InvalidVector
from ..wire import Request, Response

__all__ = [
    "export_args",
    "require_keys",
    "run_export",
    "run_gateway",
    "to_data",
    "vector_args",
    "vector_response",
]


def vector_args(
    provider: str, input: Mapping[str, Any], allowed: Collection[str]
) -> dict[str, Any]:
    """``input`` as keyword arguments, refusing keys the operation does not document."""
    extra = set(input) - set(allowed)
    if extra:
        raise InvalidVector(
            f"unknown input keys {sorted(extra)}; allowed: {sorted(allowed)}",
            field="input",
            value=sorted(extra),
            rule=f"spec/{provider}/README.md",
        )
    return dict(input)


def require_keys(provider: str, args: Mapping[str, Any], required: Collection[str]) -> None:
    """InvalidVector naming the required input keys that ``args`` lacks."""
    missing = sorted(k for k in required if k not in args)
    if missing:
        raise InvalidVector(
            f"missing input keys {missing}; required: {sorted(required)}",
            field="input",
            value=missing,
            rule=f"spec/{provider}/README.md",
        )


def export_args(input: Mapping[str, Any], allowed: Collection[str]) -> dict[str, Any]:
    """As :func:`vector_args`, with ``now`` read from ISO-8601 text (or null)."""
    args = vector_args("mgage-export", input, allowed)
    now = args.get("now")
    if isinstance(now, str):
        try:
            args["now"] = datetime.fromisoformat(now)
        except ValueError:
            raise InvalidVector("input.now must be ISO-8601", field="now", value=now) from None
    elif now is not None:
        raise InvalidVector(
            f"input.now must be ISO-8601 text or null, got {type(now).__name__}",
            field="now",
            value=now,
            rule="spec/mgage-export/README.md",
        )
    return args


def vector_response(provider: str, input: Mapping[str, Any]) -> Response:
    """``input.response`` (status, body as text or as a JSON value, headers) as a Response."""
    response = input.get("response")
    if not isinstance(response, Mapping) or not isinstance(response.get("status"), int):
        raise InvalidVector(
            "input.response must be an object with an int 'status'",
            field="response",
            value=response,
            rule=f"spec/{provider}/README.md",
        )
    body = response.get("body", "")
    if not isinstance(body, str):
        body = wire.json_body(body).decode("utf-8")  # a JSON value given as data
    headers = response.get("headers", {})
    if not isinstance(headers, Mapping):
        raise InvalidVector(
            "input.response.headers must be an object",
            field="response",
            value=response,
            rule=f"spec/{provider}/README.md",
        )
    return Response(
        status=response["status"],
        headers=tuple((str(k), str(v)) for k, v in headers.items()),
        body=body.encode("utf-8"),
    )


def to_data(obj: Any) -> Any:
    """wire.to_data, with datetimes as ISO-8601 text."""
    if isinstance(obj, datetime):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple):
        return [to_data(v) for v in obj]
    return wire.to_data(obj)


# --- the mGage Gateway's runner (spec/mgage-gateway/README.md documents every input) ---

_GATEWAY = "mgage-gateway"
_SEND_REQUIRED: Final = ("message", "numbers", "endpoint", "username", "password", "program_id")
_SEND_KEYS: Final = frozenset(
    {
        *_SEND_REQUIRED,
        "spoof_from",
        "allow_long_messages",
        "message_billed",
        "message_type",
        "country",
        "number_region",
        "dedup",
        "batch_size",
        "message_types",
    }
)


def _typed(
    provider: str, run: Callable[[str, Mapping[str, Any]], dict[str, Any]]
) -> Callable[[str, Mapping[str, Any]], dict[str, Any]]:
    """``run`` with a TypeError (a value of the wrong type) turned into InvalidVector."""

    def runner(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return run(operation, input)
        except TypeError as exc:
            # CONTRIBUTING.md: malformed input raises InvalidVector. A TypeError at the public
            # boundary names the argument and its type, never a value (no credential); the
            # error's value is the input's keys for the same reason.
            raise InvalidVector(
                f"input does not fit operation {operation!r}: {exc}",
                field="input",
                value=sorted(map(str, input)),
                rule=f"spec/{provider}/README.md",
            ) from exc

    return runner


def _gateway(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    from . import mgage_gateway as gw

    if operation in ("send", "plan"):
        args = vector_args(_GATEWAY, input, _SEND_KEYS)
        require_keys(_GATEWAY, args, _SEND_REQUIRED)
        if operation == "plan":
            return {"result": wire.to_data(gw.plan_send(**args))}
        rejections = gw.check_send(**args)
        if rejections:
            return {"error": rejections[0].to_data()}
        plan = gw.plan_send(**args)
        if len(plan.requests) == 1:
            return {"request": plan.requests[0].to_data()}
        return {"requests": [r.to_data() for r in plan.requests]}
    if operation == "check_request":
        args = vector_args(_GATEWAY, input, frozenset({"url"}))
        if not isinstance(args.get("url"), str):
            raise InvalidVector("input.url must be text", field="url", value=args.get("url"))
        rejections = gw.check_request(Request(method="POST", url=args["url"]))
        if rejections:
            return {"error": rejections[0].to_data()}
        return {"result": []}
    if operation == "parse_send":
        args = vector_args(_GATEWAY, input, frozenset({"response", "numbers"}))
        numbers = args.get("numbers", [])
        if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
            raise InvalidVector("input.numbers must be a list of text", field="numbers")
        response = vector_response(_GATEWAY, args)
        return {"result": wire.to_data(gw.parse_send(response, numbers))}
    raise InvalidVector(
        f"unknown operation {operation!r} for {_GATEWAY}; known: send, plan, check_request, "
        "parse_send",
        field="operation",
        value=operation,
        rule=f"spec/{_GATEWAY}/README.md",
    )


run_gateway = _typed(_GATEWAY, _gateway)

# --- the mGage export's runner (spec/mgage-export/README.md documents every input) ---

_EXPORT = "mgage-export"
_EXPORT_REQUIRED: Final = ("program_id", "username", "password")
_EXPORT_KEYS: Final = frozenset(
    {
        *_EXPORT_REQUIRED,
        "message_type",
        "start_date",
        "end_date",
        "page_size",
        "now",
        "base_url",
    }
)
_NEXT_PAGE_KEYS: Final = frozenset(
    {"response", "username", "password", "base_url", "allow_other_host"}
)


def _export(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    from . import mgage_export as ex

    if operation == "export":
        args = export_args(input, _EXPORT_KEYS)
        require_keys(_EXPORT, args, _EXPORT_REQUIRED)
        rejections = ex.check_export(**args)
        if rejections:
            return {"error": rejections[0].to_data()}
        return {"request": ex.build_export(**args).to_data()}
    if operation == "parse_page":
        export_args(input, {"response"})
        return {"result": to_data(ex.parse_page(vector_response(_EXPORT, input)))}
    if operation == "next_page":
        export_args(input, _NEXT_PAGE_KEYS)
        page = ex.parse_page(vector_response(_EXPORT, input))
        if page.next_page_url is None:
            return {"result": None}
        return {
            "request": ex.build_next_page(
                page.next_page_url,
                username=input.get("username", ""),
                password=input.get("password", ""),
                base_url=input.get("base_url", ex.BASE_URL),
                allow_other_host=bool(input.get("allow_other_host", False)),
            ).to_data()
        }
    raise InvalidVector(
        f"unknown operation {operation!r} for {_EXPORT}; known: export, parse_page, next_page",
        field="operation",
        value=operation,
        rule=f"spec/{_EXPORT}/README.md",
    )


run_export = _typed(_EXPORT, _export)
