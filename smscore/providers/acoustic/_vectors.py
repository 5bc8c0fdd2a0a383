"""The conformance runner for Acoustic (operations documented in spec/acoustic/README.md)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ...errors import InvalidRequest, InvalidVector
from ...wire import Response, json_body, to_data
from .. import acoustic

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


def _contacts(value: object) -> list[acoustic.ContactLike]:
    if not isinstance(value, list):
        raise InvalidVector(
            "input.contacts must be a list", field="contacts", value=value, rule=_WHERE
        )
    out: list[acoustic.ContactLike] = []
    for item in value:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict) and set(item) <= {"phoneNumber", "personalization"}:
            out.append((item.get("phoneNumber", ""), item.get("personalization")))
        else:
            raise InvalidVector(
                "each input.contacts item is a phone number or "
                '{"phoneNumber": ..., "personalization": {...}}',
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


def _send(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _send_args(input)
    if args.get("check", True):
        found = acoustic.check_send(**args)
        if found:
            return {"error": found[0].to_data()}
    return {"request": acoustic.build_send(**args).to_data()}


def _sends(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _send_args(input, frozenset({"batch_size"}))
    return {"requests": [r.to_data() for r in acoustic.build_sends(**args)]}


def _check_send(input: Mapping[str, Any]) -> dict[str, Any]:
    found = acoustic.check_send(**_send_args(input))
    return {"result": [{**r.to_data(), "status": r.status, "field": r.field} for r in found]}


def _check_send_body(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _args(input, frozenset({"body", "known_programs"}))
    body = args.get("body")
    if not isinstance(body, str):
        raise InvalidVector("input.body must be text", field="body", value=body, rule=_WHERE)
    found = acoustic.check_send_body(
        body.encode("utf-8"), known_programs=args.get("known_programs")
    )
    return {"error": found[0].to_data()} if found else {"result": []}


def _token(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _args(input, _TARGET | {"client_id", "client_secret", "refresh_token"})
    return {"request": acoustic.build_token(**args).to_data()}


def _status(input: Mapping[str, Any]) -> dict[str, Any]:
    args = _args(input, _TARGET | {"token", "transaction_id"})
    return {"request": acoustic.build_status(**args).to_data()}


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
    token = acoustic.parse_token(_response(args), now=now)
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


_OPERATIONS: Mapping[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "token": _token,
    "parse_token": _parse_token,
    "send": _send,
    "sends": _sends,
    "check_send": _check_send,
    "check_send_body": _check_send_body,
    "parse_send": _parse(acoustic.parse_send),
    "status": _status,
    "parse_status": _parse(acoustic.parse_status),
}


def run(operation: str, input: Mapping[str, Any]) -> dict[str, Any]:
    """See :func:`acoustic.run_vector`."""
    handler = _OPERATIONS.get(operation)
    if handler is None:
        raise InvalidVector(
            f"unknown acoustic operation {operation!r}; known: {sorted(_OPERATIONS)}",
            field="operation",
            value=operation,
            rule=_WHERE,
        )
    try:
        return handler(input)
    except InvalidRequest as exc:
        # Our own refusal of a build argument (unknown pod, bad phone number): an error
        # outcome with the code "InvalidRequest", so vectors can pin its text too.
        return {"error": {"code": "InvalidRequest", "message": exc.message}}
    except TypeError as exc:
        raise InvalidVector(
            f"input does not fit operation {operation!r}: {exc}",
            field="input",
            value=sorted(map(str, input)),  # the keys: the values may hold credentials
            rule=_WHERE,
        ) from exc
