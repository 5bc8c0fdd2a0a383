"""The export's conformance runner (spec/mgage-export/README.md documents every input)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, Final

from ...errors import InvalidVector
from .._vectors import require_keys, to_data, typed_runner, vector_args, vector_response
from ._build import Credentials, build_export, build_next_page
from ._parse import parse_page
from ._rules import BASE_URL, NAME

__all__ = ["export_args", "run_vector"]

_README: Final = f"spec/{NAME}/README.md"
_EXPORT_REQUIRED: Final = ("program_id", "username", "password")
_EXPORT_KEYS: Final = frozenset(
    {*_EXPORT_REQUIRED, "message_type", "start_date", "end_date", "page_size", "now", "base_url"}
)
_NEXT_PAGE_KEYS: Final = frozenset(
    {"response", "username", "password", "base_url", "allow_other_host"}
)


def export_args(input: Mapping[str, Any], allowed: Collection[str]) -> dict[str, Any]:
    """As ``vector_args``, with ``now`` read from ISO-8601 text (or null)."""
    args = vector_args(NAME, input, allowed)
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
            rule=_README,
        )
    return args


def _credentials(args: dict[str, Any]) -> Credentials:
    # the vectors keep the credentials flat (username, password): one Credentials from them
    return Credentials(args.pop("username", ""), args.pop("password", ""))


def _run(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    if operation == "export":
        args = export_args(input, _EXPORT_KEYS)
        require_keys(NAME, args, _EXPORT_REQUIRED)
        credentials = _credentials(args)
        return {"request": build_export(credentials=credentials, **args).to_data()}
    if operation == "parse_page":
        export_args(input, {"response"})
        return {"result": to_data(parse_page(vector_response(NAME, input)))}
    if operation == "next_page":
        args = export_args(input, _NEXT_PAGE_KEYS)
        page = parse_page(vector_response(NAME, input))
        if page.next_page_url is None:
            return {"result": None}
        return {
            "request": build_next_page(
                page.next_page_url,
                credentials=_credentials(args),
                base_url=args.get("base_url", BASE_URL),
                allow_other_host=bool(args.get("allow_other_host", False)),
            ).to_data()
        }
    raise InvalidVector(
        f"unknown operation {operation!r} for {NAME}; known: export, parse_page, next_page",
        field="operation",
        value=operation,
        rule=_README,
    )


def run_vector(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """Answer one vector. A filter smscore refuses to build is the outcome
    ``{"error": {"code": "InvalidRequest", "message": ...}}`` (issue 10.3: no predicted 400);
    a value of the wrong type is :class:`~smscore.errors.InvalidVector`."""
    return _RUNNER(operation, input)


_RUNNER: Final = typed_runner(NAME, _run, refusals=True)
