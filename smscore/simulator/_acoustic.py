"""Acoustic External Consent in the simulator (seed 003): token, send, status.

``/oauth/token`` takes the refresh-token grant (RFC 6749 §6) and issues a token living
``token_lifetime`` seconds. The send is checked with ``acoustic.check_send_body`` and refused
with the documented 400 texts in ``meta.generalErrors``; a token the simulator issued that has
expired gets 401 "The access token has expired. Token provided was: {Token}" (seed 003: the
provider echoes it; ``acoustic.parse_*`` masks it). The 202 answer carries ``location`` and
``id``; the status is 200 "Transaction status not found..." (pending) until ``status_delay``
has passed, then every contact with ``smsSent`` (false and "Invalid phone number." for a
number that is not 8 to 15 digits).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, quote

from starlette.requests import Request as HttpRequest
from starlette.responses import Response as HttpResponse
from starlette.routing import Route

from ..providers import acoustic
from ._common import SimulatorConfig, bearer_of, json_answer, json_of, same_secret
from ._state import AcousticSend, SimulatorState

__all__ = ["routes"]

# seed 003 sample: contacts' phone numbers are digits with the country code.
_PHONE = re.compile(r"[1-9][0-9]{7,14}")


def _errors(status: int, texts: list[str]) -> HttpResponse:
    # providers.md: errors sit in meta.generalErrors (list) and meta.fieldErrors (map).
    meta: dict[str, Any] = {
        "attributes": {},
        "generalErrors": texts,
        "fieldErrors": {},
        "links": [],
        "nextPageUrl": None,
    }
    return json_answer(status, {"meta": meta, "data": None})


def _text(key: str, **fill: str) -> str:
    text: str = acoustic.ERRORS[key]["text"]
    return text.format(**fill) if fill else text


class _Acoustic:
    def __init__(self, config: SimulatorConfig, state: SimulatorState) -> None:
        self.config = config
        self.state = state

    async def token(self, request: HttpRequest) -> HttpResponse:
        raw = (await request.body()).decode("utf-8", errors="replace")
        form = dict(parse_qsl(raw, keep_blank_values=True))
        # RFC 6749 §5.2 error answers.
        if form.get("grant_type") != "refresh_token":
            return json_answer(400, {"error": "unsupported_grant_type"})
        given = (
            form.get("client_id", ""),
            form.get("client_secret", ""),
            form.get("refresh_token", ""),
        )
        if not all(given):
            return json_answer(
                400,
                {
                    "error": "invalid_request",
                    "error_description": "missing client credentials or refresh_token",
                },
            )
        expected = self.config.acoustic_oauth
        strict = self.config.strict_auth
        if (expected is not None or strict) and (
            expected is None or not all(map(same_secret, given, expected))
        ):
            return json_answer(
                401, {"error": "invalid_client", "error_description": "Bad credentials"}
            )
        lifetime = self.config.token_lifetime
        token = self.state.issue_token(lifetime)
        return json_answer(
            200, {"access_token": token, "token_type": "bearer", "expires_in": int(lifetime)}
        )

    def _auth(self, request: HttpRequest) -> HttpResponse | None:
        token = bearer_of(request)
        expiry = self.state.token_expiry(token) if token else None
        if token is None or (
            (expiry is None and (self.config.acoustic_oauth is not None or self.config.strict_auth))
            or (expiry is not None and self.state.clock() >= expiry)
        ):
            return _errors(401, [_text("token-expired", token=token or "")])
        if not self.config.acoustic_sms_enabled:
            return _errors(403, [_text("forbidden")])
        return None

    async def send(self, request: HttpRequest) -> HttpResponse:
        refused = self._auth(request)
        if refused is not None:
            return refused
        raw = await request.body()
        programs = self.config.acoustic_programs or None
        rejections = acoustic.check_send_body(raw, known_programs=programs)
        if rejections:
            return _errors(rejections[0].status or 400, [r.message for r in rejections])
        body, _ = await json_of(request)
        contacts: list[dict[str, Any]] = []
        texts: list[str] = []
        defaults = body.get("personalizationDefaults") or {}
        # The simulated database has no fields: a tag with no value and no default does not
        # match one (seed 003: 400 "Wrong personalization tags {tag}").
        unfilled = [
            tag
            for tag in acoustic.content_tags(body.get("content") or "")
            if tag not in defaults
            and any(tag not in (c.get("personalization") or {}) for c in body["contacts"])
        ]
        if unfilled:
            return _errors(400, [_text("wrong-personalization-tags", tag=t) for t in unfilled])
        for contact in body["contacts"]:
            phone = str(contact.get("phoneNumber", ""))
            values = {**defaults, **(contact.get("personalization") or {})}
            texts.append(_personalize(body.get("content") or "", values))
            if _PHONE.fullmatch(phone):
                contacts.append({"smsSent": True, "phoneNumber": phone})
            else:
                contacts.append(
                    {"smsSent": False, "message": "Invalid phone number.", "phoneNumber": phone}
                )
        ident = self.state.new_id("sms")
        with self.state.lock:
            self.state.acoustic_sends[ident] = AcousticSend(
                id=ident, created=self.state.clock(), contacts=contacts, texts=texts
            )
        location = f"{request.base_url}rest/channels/sms/sends/{quote(ident, safe='')}/status"
        return json_answer(202, {"location": location, "id": ident}, headers={"Location": location})

    async def status(self, request: HttpRequest) -> HttpResponse:
        refused = self._auth(request)
        if refused is not None:
            return refused
        with self.state.lock:
            send = self.state.acoustic_sends.get(request.path_params["id"])
        if send is None or self.state.clock() - send.created < self.config.status_delay:
            # providers.md: 200 with this text means not ready yet (or unknown id).
            return _errors(200, [acoustic.STATUS_NOT_FOUND_TEXT])
        meta: dict[str, Any] = {
            "attributes": {},
            "generalErrors": [],
            "fieldErrors": {},
            "links": [],
            "nextPageUrl": None,
        }
        data = {
            "totalContacts": len(send.contacts),
            "contactsProcessed": len(send.contacts),
            "contactStatus": send.contacts,
            "errors": [],
        }
        return json_answer(200, {"meta": meta, "data": data})


def _personalize(content: str, values: dict[str, Any]) -> str:
    return re.sub(r"%%([^%\r\n]+)%%", lambda m: str(values.get(m.group(1), m.group(0))), content)


def routes(config: SimulatorConfig, state: SimulatorState) -> list[Route]:
    """``/oauth/token`` and the two SMS paths of ``acoustic.PATHS``."""
    api = _Acoustic(config, state)
    return [
        Route(acoustic.PATHS["token"], api.token, methods=["POST"]),
        Route(acoustic.PATHS["send"], api.send, methods=["POST"]),
        Route(acoustic.PATHS["status"], api.status, methods=["GET"]),
    ]
