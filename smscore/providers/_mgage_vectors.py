"""Conformance-vector plumbing shared by the mGage modules (spec/mgage-*/README.md)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from .. import wire
from ..errors import InvalidVector
from ..wire import Response

__all__ = ["export_args", "to_data", "vector_args", "vector_response"]


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


def export_args(input: Mapping[str, Any], allowed: Collection[str]) -> dict[str, Any]:
    """As :func:`vector_args`, with ``now`` read from ISO-8601 text."""
    args = vector_args("mgage-export", input, allowed)
    if isinstance(args.get("now"), str):
        try:
            args["now"] = datetime.fromisoformat(args["now"])
        except ValueError:
            raise InvalidVector(
                "input.now must be ISO-8601", field="now", value=args["now"]
            ) from None
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
