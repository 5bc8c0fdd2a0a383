"""Messangi (seed 002) in the simulator: single send, batch send, status by id, callbacks.

Validation is Messangi's length rule (``messangi.MAX_TEXT_UNITS``): a text over 1600 UTF-16 units is
accepted as a message whose status is ERROR with "Text exceeds the limit of allowed
segments" (seed 002 "data.status"), and its callback says SEGMENTS_EXCEEDED. A message that
passes is QUEUE, then DELIVRD once ``status_delay`` has passed. With ``requestDR: true`` the
callback (providers.md "Delivery callback") is POSTed to each URL in ``callbacks``, but only
to loopback addresses: any other URL is refused, logged and recorded, never called.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx
from starlette.background import BackgroundTask
from starlette.requests import Request as HttpRequest
from starlette.responses import Response as HttpResponse
from starlette.routing import Route

from ..errors import SmsError
from ..providers import messangi
from ..wire import json_body
from ._common import SimulatorConfig, bearer_of, json_answer, json_of, token_accepted
from ._state import CallbackAttempt, MessangiMessage, SimulatorState

__all__ = ["is_loopback_url", "routes"]

log = logging.getLogger("smscore.simulator")

# seed 002: "E.164 format ('+' and a country code). The plus sign prefix ... is optional";
# E.164 §6: at most 15 digits, the country code never starts with 0.
_E164 = re.compile(r"\+?[1-9][0-9]{6,14}")
_OPTIONAL = ("requestDR", "connection", "callbacks", "email", "type", "externalId", "clientId")
_OWNER = "simulator@smscore.local"


def is_loopback_url(url: str) -> bool:
    """Whether a callback URL points at this machine (``localhost``, 127.0.0.0/8, ``::1``).

    >>> is_loopback_url("http://127.0.0.1:9000/cb"), is_loopback_url("https://example.com/cb")
    (True, False)
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _now_ms(state: SimulatorState) -> int:
    return int(state.wall().timestamp() * 1000)


def _iso(state: SimulatorState) -> str:
    return state.wall().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _error(state: SimulatorState, status: int, explain: str) -> HttpResponse:
    # The error shape is undocumented (providers.md); meta.explain is the seed's field.
    return json_answer(
        status, {"meta": {"timestamp": _now_ms(state), "explain": explain}, "data": None}
    )


def _meta(state: SimulatorState, explain: str | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"timestamp": _now_ms(state), "transactionId": state.new_id("tx")}
    if explain is not None:
        meta["explain"] = explain
    return meta


def _callbacks(value: Any) -> list[str]:
    if isinstance(value, str):
        return [u.strip() for u in value.split(",") if u.strip()]
    return []


class _Messangi:
    def __init__(self, config: SimulatorConfig, state: SimulatorState) -> None:
        self.config = config
        self.state = state

    async def _auth(self, request: HttpRequest) -> str | HttpResponse:
        token = bearer_of(request)
        if token is None or not token_accepted(
            token, self.config.api_keys, self.config.strict_auth
        ):
            return _error(self.state, 401, "Unauthorized")
        return token

    async def _body(self, request: HttpRequest, *, batch: bool) -> Mapping[str, Any] | HttpResponse:
        body, ok = await json_of(request)
        if not ok or not isinstance(body, dict):
            return _error(self.state, 400, "Bad request: the body must be a JSON object")
        for key in ("from", "text", "to"):
            if key not in body or body[key] in (None, ""):
                return _error(self.state, 400, f"Bad request: '{key}' is required")
        if not isinstance(body["from"], str) or not isinstance(body["text"], str):
            return _error(self.state, 400, "Bad request: 'from' and 'text' must be strings")
        if batch and not isinstance(body["to"], list):
            return _error(self.state, 400, "Bad request: 'to' must be a list of recipients")
        if not batch and not isinstance(body["to"], str):
            return _error(self.state, 400, "Bad request: 'to' must be a string")
        return body

    def _message(
        self, body: Mapping[str, Any], to: str, text: str, exceeded: bool
    ) -> MessangiMessage:
        ident = secrets.token_hex(12)  # seed 002 ids look like MongoDB ObjectIds (24 hex)
        data: dict[str, Any] = {
            "id": ident,
            "from": body["from"],
            "text": text,
            "to": to,
            "requestDR": body.get("requestDR") is True,
            "type": body.get("type") or "MT",
            "owner": _OWNER,
            "operator": _OWNER,
            "status": "ERROR" if exceeded else "QUEUE",
            "date": _iso(self.state),
        }
        data.update({k: body[k] for k in _OPTIONAL[1:] if k in body and k != "type"})
        message = MessangiMessage(id=ident, created=self.state.clock(), body=data)
        with self.state.lock:
            self.state.messangi[ident] = message
        return message

    def _callback_task(
        self, messages: Sequence[MessangiMessage], body: Mapping[str, Any]
    ) -> BackgroundTask | None:
        urls = _callbacks(body.get("callbacks"))
        if body.get("requestDR") is not True or not urls:
            return None  # seed 002: callbacks fire only with requestDR true
        return BackgroundTask(self._post_callbacks, list(messages), urls)

    async def _post_callbacks(self, messages: list[MessangiMessage], urls: list[str]) -> None:
        await asyncio.sleep(self.config.callback_delay)
        async with httpx.AsyncClient(timeout=2.0, follow_redirects=False) as client:
            for message in messages:
                data = message.body
                final = "SEGMENTS_EXCEEDED" if data["status"] == "ERROR" else "DELIVRD"
                for url in urls:
                    payload = {
                        "date": _iso(self.state),
                        "externalId": data.get("externalId"),
                        "callback": url,
                        "from": data["from"],
                        "id": data["id"],
                        "to": data["to"],
                        "message": data["text"],
                        "username": _OWNER,
                        "timestamp": _now_ms(self.state),
                        "status": final,
                    }
                    if "clientId" in data:
                        payload["clientId"] = data["clientId"]
                    self.state.record_callback(await self._post(client, url, payload))

    async def _post(
        self, client: httpx.AsyncClient, url: str, payload: dict[str, Any]
    ) -> CallbackAttempt:
        if not is_loopback_url(url):
            log.warning("callback refused: %s is not a loopback address", url)
            return CallbackAttempt(
                url=url, payload=payload, outcome="refused: not a loopback address"
            )
        try:
            answer = await client.post(
                url, content=json_body(payload), headers={"Content-Type": "application/json"}
            )
        except httpx.HTTPError as exc:
            log.warning("callback to %s failed: %s", url, type(exc).__name__)
            return CallbackAttempt(
                url=url, payload=payload, outcome=f"failed: {type(exc).__name__}"
            )
        return CallbackAttempt(url=url, payload=payload, outcome=f"posted {answer.status_code}")

    async def send(self, request: HttpRequest) -> HttpResponse:
        token = await self._auth(request)
        if isinstance(token, HttpResponse):
            return token
        body = await self._body(request, batch=False)
        if isinstance(body, HttpResponse):
            return body
        if not _E164.fullmatch(body["to"]):
            return _error(self.state, 400, f"Invalid number: {body['to']}")
        exceeded = _too_long(body["text"])
        message = self._message(body, body["to"], body["text"], exceeded)
        explain = messangi.TEXT_TOO_LONG if exceeded else None
        answer = json_body({"meta": _meta(self.state, explain), "data": message.body})
        return HttpResponse(
            answer,
            status_code=200,
            media_type="application/json",
            background=self._callback_task([message], body),
        )

    async def batch(self, request: HttpRequest) -> HttpResponse:
        token = await self._auth(request)
        if isinstance(token, HttpResponse):
            return token
        body = await self._body(request, batch=True)
        if isinstance(body, HttpResponse):
            return body
        valid: list[tuple[str, list[Any]]] = []
        invalid: list[str] = []
        for i, entry in enumerate(body["to"]):
            if not isinstance(entry, dict) or not isinstance(entry.get("to"), str):
                return _error(self.state, 400, f"Bad request: to[{i}] must be an object with 'to'")
            params = entry.get("params", [])
            if not isinstance(params, list):
                return _error(self.state, 400, f"Bad request: to[{i}].params must be a list")
            if _E164.fullmatch(entry["to"]):
                valid.append((entry["to"], params))
            else:
                invalid.append(entry["to"])  # seed 002 "data.invalidNumber"
        try:
            texts = [_render(body["text"], params) for _, params in valid]
        except SmsError as exc:
            return _error(self.state, 400, f"Bad request: {exc}")
        exceeded = {i for i, text in enumerate(texts) if _too_long(text)}
        messages = [
            self._message(body, to, texts[i], i in exceeded) for i, (to, _p) in enumerate(valid)
        ]
        data: dict[str, Any] = {
            "ids": [{"id": m.id, "mobile": m.body["to"]} for m in messages],
            "invalidNumber": invalid,
            "from": body["from"],
            "text": body["text"],
            "type": body.get("type") or "MT",
            "owner": _OWNER,
            "operator": _OWNER,
            "status": "QUEUE",
            "date": _iso(self.state),
        }
        explain = messangi.TEXT_TOO_LONG if exceeded else None
        return HttpResponse(
            json_body({"meta": _meta(self.state, explain), "data": data}),
            status_code=200,
            media_type="application/json",
            background=self._callback_task(messages, body),
        )

    async def status(self, request: HttpRequest) -> HttpResponse:
        token = await self._auth(request)
        if isinstance(token, HttpResponse):
            return token
        ident = request.path_params["id"]
        with self.state.lock:
            message = self.state.messangi.get(ident)
        if message is None:
            return _error(self.state, 404, f"Message not found: {ident}")
        data = dict(message.body)
        if (
            data["status"] == "QUEUE"
            and self.state.clock() - message.created >= self.config.status_delay
        ):
            data["status"] = "DELIVRD"
        return json_answer(200, {"meta": _meta(self.state), "data": data})


def _too_long(text: str) -> bool:
    """seed 002: over 1600 characters, counted as UTF-16 code units (smscore's assumption)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2 > messangi.MAX_TEXT_UNITS


def _render(text: str, params: Sequence[Any]) -> str:
    """Fill ``{0}``, ``{1}``... with the params' JSON text (seed 002 batch ``params``)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1))
        if index >= len(params):
            return match.group(0)
        item = params[index]
        return item if isinstance(item, str) else json_body(item).decode()

    return re.sub(r"\{(\d+)\}", value, text)


def routes(config: SimulatorConfig, state: SimulatorState) -> list[Route]:
    """The Messangi paths under ``/raven`` (seed 002; status path: providers.md assumption)."""
    api = _Messangi(config, state)
    base = "/raven"
    return [
        Route(base + messangi.SEND_PATH, api.send, methods=["POST"]),
        Route(base + messangi.BATCH_PATH, api.batch, methods=["POST"]),
        Route(base + messangi.STATUS_PATH, api.status, methods=["GET"]),
    ]
