"""Private helpers for reading Messangi's JSON answers without ever raising KeyError/TypeError.

Every accessor names the JSON path at fault in an :class:`~smscore.errors.UnexpectedResponse`
that keeps the raw body, so a body in no documented shape is reported, never crashed on.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ...errors import UnexpectedResponse
from ...wire import Response
from .._guard import require_response

PROVIDER = "messangi"
_MAX_STAMP_DIGITS = 20  # epoch milliseconds fit in 13 digits until the year 2286


class Reader:
    """Typed access to one decoded JSON body; errors name the path and keep the raw bytes."""

    __slots__ = ("body", "status")

    def __init__(self, status: int | None, body: bytes) -> None:
        self.status = status
        self.body = body

    def fail(self, what: str) -> UnexpectedResponse:
        return UnexpectedResponse(PROVIDER, what, status=self.status, body=self.body)

    def decode(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            # RecursionError: a body nested deeper than the parser goes ([[[[...), not JSON
            # we can read; reported like any other body in no documented shape.
            raise self.fail(f"body is not JSON ({exc.__class__.__name__})") from None

    def obj(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{path} must be a JSON object, got {_kind(value)}")
        return value

    def opt_obj(self, parent: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = parent.get(key)
        return {} if value is None else self.obj(value, f"{path}.{key}")

    def req_str(self, parent: Mapping[str, Any], key: str, path: str) -> str:
        value = self.opt_str(parent, key, path)
        if value is None or value == "":
            raise self.fail(f"{path}.{key} is missing or empty (a non-empty string is required)")
        return value

    def opt_str(self, parent: Mapping[str, Any], key: str, path: str) -> str | None:
        value = parent.get(key)
        if value is None or isinstance(value, str):
            return value
        # Numbers (ids, short codes, phone numbers) may come as JSON numbers: keep their text.
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self.fail(f"{path}.{key} must be a string, got {_kind(value)}")

    def opt_bool(self, parent: Mapping[str, Any], key: str, path: str) -> bool | None:
        value = parent.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.fail(f"{path}.{key} must be true or false, got {_kind(value)}")

    def opt_stamp(self, parent: Mapping[str, Any], key: str, path: str) -> int | str | None:
        """An epoch-milliseconds stamp: an int, or a string (digits become an int)."""
        value = parent.get(key)
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, str):
            if not (value.isascii() and value.isdigit()):
                return value
            if len(value) > _MAX_STAMP_DIGITS:
                # int() refuses over 4,300 digits (ValueError); no epoch stamp is that long
                raise self.fail(
                    f"{path}.{key} is a digit string of {len(value)} digits: not an epoch "
                    f"milliseconds stamp (at most {_MAX_STAMP_DIGITS} digits)"
                )
            return int(value)
        raise self.fail(f"{path}.{key} must be a number or a string, got {_kind(value)}")

    def str_list(self, parent: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = parent.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(f"{path}.{key} must be a list, got {_kind(value)}")
        out: list[str] = []
        for i, item in enumerate(value):
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, int) and not isinstance(item, bool):
                out.append(str(item))
            else:
                raise self.fail(f"{path}.{key}[{i}] must be a string, got {_kind(item)}")
        return tuple(out)

    def obj_list(self, parent: Mapping[str, Any], key: str, path: str) -> list[Mapping[str, Any]]:
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{path}.{key} must be a list, got {_kind(value)}")
        return [self.obj(item, f"{path}.{key}[{i}]") for i, item in enumerate(value)]


def reader(response: Response) -> Reader:
    require_response(response)
    return Reader(response.status, response.body)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
