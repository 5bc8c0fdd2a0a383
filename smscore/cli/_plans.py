"""Each provider's plan for the CLI, through the one send interface (``plan_send``).

``plan_report(name, message, recipients, ...)`` asks ``smscore.providers.get(name)`` for its
plan with placeholder credentials (or the ``SMSCORE_<PROVIDER>_<FIELD>`` environment
variables) and the settings the command line gave, and turns it into JSON-ready data: the
predicted rejections each with its basis, smscore's advice apart, the accounting, the
segments billed and the requests (masked). Every secret is scrubbed from the report.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
from collections.abc import Callable, Mapping
from typing import Any, Final

from ..errors import SmsError

PROVIDERS: Final = ("mgage-gateway", "messangi", "acoustic")

#: Where the mGage gateway preview points when no endpoint is set: the local simulator's
#: documented path (the real URL is not public; it comes with your credentials).
SIMULATOR_GATEWAY: Final = "http://127.0.0.1:8000/mgage/gateway/2.0/send"

#: Environment prefix of each provider's credentials: SMSCORE_MGAGE_USERNAME, ...
_ENV: Final = {"mgage-gateway": "MGAGE", "messangi": "MESSANGI", "acoustic": "ACOUSTIC"}
_ENV_ALIASES: Final = {"access_token": "TOKEN"}


def new_interface(module: Any) -> bool:
    """Whether the provider package has the one send interface (``credentials=``)."""
    plan_send = getattr(module, "plan_send", None)
    if plan_send is None or not hasattr(module, "Credentials"):
        return False
    try:
        return "credentials" in inspect.signature(plan_send).parameters
    except (TypeError, ValueError):  # pragma: no cover - not introspectable
        return False


def credentials(name: str, module: Any) -> Any:
    """The provider's ``Credentials`` from the environment, placeholders for what is unset."""
    prefix = _ENV.get(name, name.upper().replace("-", "_"))
    values: dict[str, str] = {}
    for f in dataclasses.fields(module.Credentials):
        suffix = _ENV_ALIASES.get(f.name, f.name.upper())
        env = os.environ.get(f"SMSCORE_{prefix}_{suffix}")
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if env:
            values[f.name] = env
        elif required or f.name == "access_token":  # Acoustic: a token, or the OAuth three
            values[f.name] = f.name.replace("_", "-")
    return module.Credentials(**values)


def _settings(name: str, plan_send: Callable[..., Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """The command line's settings under this provider's own keyword names."""
    wanted: dict[str, Any] = {}
    if name == "mgage-gateway":
        wanted["program_id"] = given.get("program_id") or "104967"
        wanted["endpoint"] = (
            given.get("mgage_endpoint")
            or os.environ.get("SMSCORE_MGAGE_ENDPOINT")
            or SIMULATOR_GATEWAY
        )
        if given.get("allow_long"):
            wanted["allow_long_messages"] = True
    elif name == "acoustic":
        wanted["program_id"] = given.get("program_id") or "129856"
        wanted["pod"] = given.get("acoustic_pod") or "1"
    known = inspect.signature(plan_send).parameters
    return {k: v for k, v in wanted.items() if k in known}


def _demo_sender(name: str) -> str | None:
    return {"mgage-gateway": "US-35465", "messangi": "12345"}.get(name)


def rejection_data(r: Any) -> dict[str, Any]:
    """A predicted :class:`~smscore.wire.Rejection` as data, with its basis."""
    basis = getattr(r, "basis", None)
    return {
        "code": r.code,
        "message": r.message,
        "status": r.status,
        "field": r.field,
        "basis": None
        if basis is None
        else {"kind": basis.kind, "source": basis.source, "reason": basis.reason},
        "basis_text": basis.describe() if basis is not None else "basis not stated",
    }


def _scrub(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        for secret in secrets:
            if secret:
                value = value.replace(secret, "***")
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return value


def _secrets(creds: Any) -> tuple[str, ...]:
    method = getattr(creds, "secrets", None)
    if callable(method):
        return tuple(s for s in method() if isinstance(s, str) and len(s) >= 3)
    return tuple(
        v
        for f in dataclasses.fields(creds)
        if isinstance(v := getattr(creds, f.name), str) and len(v) >= 3
    )


def _why(exc: SmsError) -> dict[str, Any]:
    return {"field": getattr(exc, "field", None), "message": str(exc)}


def _refused(title: str, refused: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": title,
        "ok": False,
        "refused": refused,
        "rejections": [],
        "advice": [],
        "requests": [],
        "request_count": 0,
    }


def plan_report(
    name: str,
    message: Any,
    recipients: list[Any],
    *,
    sender: str | None,
    region: str | None,
    settings: Mapping[str, Any],
    show_requests: int | None = None,
) -> dict[str, Any]:
    """One provider's verdict on a send as JSON-ready data (``ok`` false when it would reject).

    ``show_requests`` caps how many requests are included (all when ``None``).
    """
    return plan_for(
        name,
        message,
        recipients,
        sender=sender,
        region=region,
        settings=settings,
        show_requests=show_requests,
    )[0]


def plan_for(
    name: str,
    message: Any,
    recipients: list[Any],
    *,
    sender: str | None,
    region: str | None,
    settings: Mapping[str, Any],
    show_requests: int | None = None,
) -> tuple[dict[str, Any], Any]:
    """:func:`plan_report` and the plan itself (``None`` when the provider refused to build)."""
    from ..providers import get

    module = get(name)
    title = getattr(module, "TITLE", name)
    if not new_interface(module):  # pragma: no cover - every send provider has it
        refused: dict[str, Any] = {"field": "provider", "message": f"{name}: no plan_send"}
        return _refused(title, refused), None
    try:
        creds = credentials(name, module)
    except SmsError as exc:  # a credential from the environment that no request can carry
        refused = _why(exc)
        return _refused(title, refused), None
    chosen = sender if sender is not None else _demo_sender(name)
    out: dict[str, Any] = {"title": title}
    if sender is None and chosen is not None:
        out["note"] = f"sender not given: showing the seed's demo sender {chosen!r}"
    if name == "mgage-gateway" and not (
        settings.get("mgage_endpoint") or os.environ.get("SMSCORE_MGAGE_ENDPOINT")
    ):
        note = f"endpoint not set: showing the local simulator's ({SIMULATOR_GATEWAY})"
        out["note"] = f"{out['note']}; {note}" if "note" in out else note
    try:
        plan = module.plan_send(
            message,
            recipients,
            credentials=creds,
            sender=chosen,
            region=region,
            **_settings(name, module.plan_send, settings),
        )
    except SmsError as exc:
        refused = _why(exc)
        return _scrub({**_refused(title, refused), **out}, _secrets(creds)), None
    requests = plan.requests if show_requests is None else plan.requests[:show_requests]
    out.update(
        ok=plan.ok,
        rejections=[rejection_data(r) for r in plan.rejections],
        advice=[a.to_data() for a in plan.advice],
        accounting={
            "read": plan.read,
            "accepted": len(plan.accepted),
            "duplicates": len(plan.duplicates),
            "rejected": len(plan.rejected),
        },
        segments=plan.total_segments,
        request_count=len(plan.requests),
        requests=[r.masked() for r in requests],
    )
    return _scrub(out, _secrets(creds)), plan
