"""Conformance-vector plumbing shared by the providers' runners (spec/<provider>/README.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any

from .. import wire
from ..errors import InvalidRequest, InvalidVector
from ..wire import Response

__all__ = [
    "require_keys",
    "to_data",
    "typed_runner",
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


def typed_runner(
    provider: str,
    run: Callable[[str, Mapping[str, Any]], dict[str, Any]],
    *,
    refusals: bool = False,
) -> Callable[[str, Mapping[str, Any]], dict[str, Any]]:
    """``run`` with a TypeError (a value of the wrong type) turned into InvalidVector; with
    ``refusals``, smscore's own refusal to build (InvalidRequest) is the outcome
    ``{"error": {"code": "InvalidRequest", "message": ...}}``, so vectors can pin its text."""

    def runner(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
        try:
            return run(operation, input)
        except InvalidRequest as exc:
            if not refusals:
                raise
            return {"error": {"code": "InvalidRequest", "message": exc.message}}
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
