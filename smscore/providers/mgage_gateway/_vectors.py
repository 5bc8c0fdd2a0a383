"""The gateway's conformance runner (spec/mgage-gateway/README.md documents every input)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ... import wire
from ...errors import InvalidVector
from ...wire import Request
from .._common import Recipient, SendPlan
from .._vectors import require_keys, typed_runner, vector_args, vector_response
from ._args import Credentials
from ._parse import SendResult

__all__ = ["plan_data", "run"]

_SEND_REQUIRED: Final = ("recipients", "endpoint", "username", "password", "program_id")
_SEND_KEYS: Final = frozenset(
    {
        *_SEND_REQUIRED,
        "message",
        "template",
        "sender",
        "region",
        "allow_long_messages",
        "message_billed",
        "message_type",
        "message_types",
        "country",
        "dedup",
        "batch_size",
        "numbers",
        "defaults",
    }
)
_HERE: Final = "mgage-gateway"


def plan_data(plan: SendPlan) -> dict[str, Any]:
    """The plan as the ``plan`` vectors' ``result``: rejections with their basis."""
    data: dict[str, Any] = wire.to_data(plan)
    data["rejections"] = [
        {**r.to_data(), "field": r.field, "basis": r.basis.to_data() if r.basis else None}
        for r in plan.rejections
    ]
    data["advice"] = [a.to_data() for a in plan.advice]
    return data


def _recipient(item: Any) -> Any:
    if isinstance(item, Mapping) and set(item) <= {"number", "values"} and "number" in item:
        return Recipient(item["number"], item.get("values"))
    return item


def _send_args(input: Mapping[str, Any]) -> tuple[Any, dict[str, Any]]:
    args = vector_args(_HERE, input, _SEND_KEYS)
    require_keys(_HERE, args, _SEND_REQUIRED)
    if ("message" in args) == ("template" in args):
        raise InvalidVector(
            "input needs exactly one of message (text) and template (a Template's source)",
            field="message",
            value=sorted(k for k in ("message", "template") if k in args),
            rule=f"spec/{_HERE}/README.md",
        )
    if "template" in args:
        from ...templates import Template

        message: Any = Template(args.pop("template"))
    else:
        message = args.pop("message")
    recipients = args.pop("recipients")
    if isinstance(recipients, list):
        recipients = [_recipient(item) for item in recipients]
    args["credentials"] = Credentials(args.pop("username"), args.pop("password"))
    return message, {"recipients": recipients, **args}


def _gateway(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    from . import _send as gw

    if operation in ("send", "plan"):
        message, args = _send_args(input)
        recipients = args.pop("recipients")
        plan = gw.plan_send(message, recipients, **args)
        if operation == "plan":
            return {"result": plan_data(plan)}
        if plan.rejections:
            return {"error": plan.rejections[0].to_data()}
        if len(plan.requests) == 1:
            return {"request": plan.requests[0].to_data()}
        return {"requests": [r.to_data() for r in plan.requests]}
    if operation == "check_request":
        args = vector_args(_HERE, input, frozenset({"url"}))
        if not isinstance(args.get("url"), str):
            raise InvalidVector("input.url must be text", field="url", value=args.get("url"))
        rejections = gw.check_request(Request(method="POST", url=args["url"]))
        if rejections:
            return {"error": rejections[0].to_data()}
        return {"result": []}
    if operation == "parse_send":
        args = vector_args(_HERE, input, frozenset({"response", "numbers"}))
        numbers = args.get("numbers", [])
        if not isinstance(numbers, list) or not all(isinstance(n, str) for n in numbers):
            raise InvalidVector("input.numbers must be a list of text", field="numbers")
        result: SendResult = gw.parse_send(vector_response(_HERE, args), numbers=numbers)
        return {"result": wire.to_data(result)}
    raise InvalidVector(
        f"unknown operation {operation!r} for {_HERE}; known: send, plan, check_request, "
        "parse_send",
        field="operation",
        value=operation,
        rule=f"spec/{_HERE}/README.md",
    )


run = typed_runner(_HERE, _gateway)
