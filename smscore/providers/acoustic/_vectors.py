"""The conformance runner for Acoustic (operations documented in spec/acoustic/README.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ...errors import InvalidVector
from ...wire import Rejection, Response, json_body, to_data
from .._common import Recipient, SendPlan
from .._vectors import typed_runner
from ._build import Credentials, build_send, build_sends, build_status, build_token
from ._check import check_payload, check_send_body
from ._parse import parse_send, parse_status, parse_token
from ._send import ContactLike

_WHERE = "spec/acoustic/README.md"
_TARGET = frozenset({"pod", "base_url"})
_SEND = _TARGET | {
    "token",
    "channel_qualifier",
    "contacts",
    "content",
    "personalization_defaults",
    "source",
    "content_id",
    "character_swap_enabled",
    "ttl_in_minutes",
    "campaign_name",
    "known_programs",
    "check",
}


def _args(input: Mapping[str, Any], allowed: frozenset[str]) -> dict[str, Any]:
    extra = set(input) - allowed
    if extra:
        raise InvalidVector(
            f"unknown input keys {sorted(extra)}; allowed: {sorted(allowed)}",
            field="input",
            value=sorted(extra),
            rule=_WHERE,
        )
    return dict(input)


def _contacts(value: object) -> list[ContactLike]:
    if not isinstance(value, list):
        raise InvalidVector(
            "input.contacts must be a list", field="contacts", value=value, rule=_WHERE
        )
    out: list[ContactLike] = []
    for item in value:
        if isinstance(item, str | dict):
            out.append(item)
        else:
            raise InvalidVector(
                "each input.contacts item is a phone number or Acoustic's contact object "
                '({"phoneNumber"/"contactId"/"contactLookup", "personalization"})',
                field="contacts",
                value=item,
                rule=_WHERE,
            )
    return out


def _send_args(input: Mapping[str, Any], extra: frozenset[str] = frozenset()) -> dict[str, Any]:
    args = _args(input, _SEND | extra)
    args["contacts"] = _contacts(args.get("contacts"))
    return args


def _response(input: Mapping[str, Any]) -> Response:
    response = input.get("response")
    if not isinstance(response, Mapping) or not isinstance(response.get("status"), int):
        raise InvalidVector(
            "input.response must be an object with an int 'status'",
            field="response",
            value=response,
            rule=_WHERE,
        )
    headers = response.get("headers", {})
    if "json" in response:
        body = json_body(response["json"])
    elif isinstance(response.get("body", ""), str):
        body = response.get("body", "").encode("utf-8")
    else:
        body = None
    if (
        body is None
        or not isinstance(headers, Mapping)
        or set(response)
        - {
            "status",
            "headers",
            "body",
            "json",
        }
    ):
        raise InvalidVector(
            "input.response holds status, headers (an object) and body (text) or json",
            field="response",
            value=response,
            rule=_WHERE,
        )
    return Response(
        status=response["status"],
        headers=tuple((str(k), str(v)) for k, v in headers.items()),
        body=body,
    )


_CHECK_KEYS = (
    "channel_qualifier",
    "contacts",
    "content",
    "content_id",
    "personalization_defaults",
    "known_programs",
)


def _send(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _send_args(input)
    check = args.pop("check", True)
    if check:
        # Whole-request rejections refuse the send; a per-contact one (status None) does not.
        found = [
            r
            for r in check_payload(**{k: args[k] for k in _CHECK_KEYS if k in args})
            if r.status is not None
        ]
        if found:
            return {"error": found[0].to_data()}
    return {"request": build_send(**args).to_data()}


def _sends(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _send_args(input, frozenset({"batch_size"}))
    args.pop("check", None)
    return {"requests": [r.to_data() for r in build_sends(**args)]}


def _check_send(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _send_args(input)
    found = check_payload(**{k: args[k] for k in _CHECK_KEYS if k in args})
    return {"result": [{**r.to_data(), "status": r.status, "field": r.field} for r in found]}


_PLAN = frozenset(
    {
        "message",
        "template",
        "recipients",
        "token",
        "sender",
        "region",
        "defaults",
        "program_id",
        "pod",
        "base_url",
        "source",
        "content_id",
        "character_swap_enabled",
        "ttl_in_minutes",
        "campaign_name",
        "known_programs",
        "batch_size",
        "numbers",
        "tag_names",
    }
)


def _rejection_data(r: Rejection) -> dict[str, Any]:
    return {
        **r.to_data(),
        "status": r.status,
        "field": r.field,
        "basis": r.basis.to_data() if r.basis is not None else None,
    }


def _plan_data(plan: SendPlan) -> dict[str, Any]:
    plan.check_accounting()
    return {
        "requests": [r.to_data() for r in plan.requests],
        "batches": [list(b) for b in plan.batches],
        "accepted": list(plan.accepted),
        "duplicates": [[to_data(raw), n] for raw, n in plan.duplicates],
        "rejected": [[to_data(raw), why] for raw, why in plan.rejected],
        "read": plan.read,
        "texts": list(plan.texts),
        "segments": list(plan.segments),
        "rejections": [_rejection_data(r) for r in plan.rejections],
        "advice": [a.to_data() for a in plan.advice],
    }


def _plan_send(input: Mapping[str, Any]) -> dict[str, Any]:
    from ...templates import Template
    from ._plan import plan

    args = _args(input, _PLAN)
    if "template" in args:
        if "message" in args:
            raise InvalidVector(
                "give input.message or input.template, not both",
                field="template",
                value=None,
                rule=_WHERE,
            )
        message: Any = Template(args.pop("template"))
    else:
        message = args.pop("message", None)
    raw = args.pop("recipients", None)
    if not isinstance(raw, list):
        raise InvalidVector(
            "input.recipients must be a list", field="recipients", value=raw, rule=_WHERE
        )
    recipients = [
        Recipient(item[0], item[1]) if isinstance(item, list) and len(item) == 2 else item
        for item in raw
    ]
    token = args.pop("token", None)
    built = plan(
        message,
        recipients,
        credentials=Credentials(token),
        sender=args.get("sender"),
        region=args.get("region"),
        defaults=args.get("defaults"),
        program_id=args.get("program_id"),
        pod=args.get("pod"),
        base_url=args.get("base_url"),
        source=args.get("source"),
        content_id=args.get("content_id"),
        character_swap_enabled=args.get("character_swap_enabled"),
        ttl_in_minutes=args.get("ttl_in_minutes"),
        campaign_name=args.get("campaign_name"),
        known_programs=args.get("known_programs"),
        batch_size=args.get("batch_size", 1000),
        numbers=args.get("numbers", "provider"),
        tag_names=args.get("tag_names"),
        build=True,
    )
    return {"result": _plan_data(built)}


def _check_send_body(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _args(input, frozenset({"body", "known_programs"}))
    body = args.get("body")
    if not isinstance(body, str):
        raise InvalidVector("input.body must be text", field="body", value=body, rule=_WHERE)
    found = check_send_body(body.encode("utf-8"), known_programs=args.get("known_programs"))
    return {"error": found[0].to_data()} if found else {"result": []}


def _token(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _args(input, _TARGET | {"client_id", "client_secret", "refresh_token"})
    return {"request": build_token(**args).to_data()}


def _status(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _args(input, _TARGET | {"token", "transaction_id"})
    return {"request": build_status(**args).to_data()}


def _parse_token(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _args(input, frozenset({"response", "now"}))
    try:
        now = datetime.fromisoformat(args["now"])
    except (KeyError, TypeError, ValueError):
        raise InvalidVector(
            "input.now must be an ISO 8601 date-time",
            field="now",
            value=args.get("now"),
            rule=_WHERE,
        ) from None
    token = parse_token(_response(args), now=now)
    data = to_data(
        {
            "access_token": token.access_token,
            "token_type": token.token_type,
            "expires_in": token.expires_in,
            "refresh_token": token.refresh_token,
        }
    )
    data["expires_at"] = token.expires_at.isoformat()
    return {"result": data}


def _parse(fn: Callable[[Response], Any]) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    def run(input: Mapping[str, Any]) -> dict[str, Any]:
        return {"result": to_data(fn(_response(_args(input, frozenset({"response"})))))}

    return run


def _parse_send(input: Mapping[str, Any]) -> dict[str, Any]:
    accepted = parse_send(_response(_args(input, frozenset({"response"}))))
    return {"result": {"id": accepted.id, "location": accepted.location}}


_OPERATIONS: Mapping[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "token": _token,
    "parse_token": _parse_token,
    "send": _send,
    "sends": _sends,
    "check_send": _check_send,
    "check_send_body": _check_send_body,
    "plan_send": _plan_send,
    "parse_send": _parse_send,
    "status": _status,
    "parse_status": _parse(parse_status),
}


def _dispatch(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    handler = _OPERATIONS.get(operation)
    if handler is None:
        raise InvalidVector(
            f"unknown acoustic operation {operation!r}; known: {sorted(_OPERATIONS)}",
            field="operation",
            value=operation,
            rule=_WHERE,
        )
    return handler(input)


# Our own refusal of a build argument (unknown pod, bad phone number) is an error outcome with
# the code "InvalidRequest", so vectors can pin its text; a value of the wrong type is
# InvalidVector naming the input's keys, never its values (they may hold credentials).
_RUNNER = typed_runner("acoustic", _dispatch, refusals=True)


def run(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """See :func:`acoustic.run_vector`."""
    return _RUNNER(operation, input)
