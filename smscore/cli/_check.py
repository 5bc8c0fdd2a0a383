"""The pre-send check behind ``smscore check``: text, recipients and each provider's request.

Builds one JSON-ready report (what ``--json`` prints) and renders it for a terminal. Provider
settings come from the command line or the environment; credentials are placeholders unless
given, and every request is shown with its ``Authorization`` value masked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..errors import InvalidRequest, ProviderError, TemplateError
from ..numbers.recipients import prepare_recipients
from ..text import Encoding, Segmentation, segment
from ..wire import Rejection, Request

EXAMPLE_TEXT: Final = (
    "Hi O’Brien, your order #4521 has shipped — it arrives Tuesday. "
    "Track it at https://ex.am/p/4521 or reply HELP. Reply STOP to opt out."
)
EXAMPLE_RECIPIENTS: Final = (
    "+1 213-373-4253",
    "12133734253",
    "+44 7911 123456",
    "+52 55 1234 5678",
    "555-0100",
)
PROVIDERS: Final = ("mgage-gateway", "messangi", "acoustic")

#: Where the mGage gateway preview points when no endpoint is set: the local simulator's
#: documented path (the real URL is not public; it comes with your credentials).
SIMULATOR_GATEWAY: Final = "http://127.0.0.1:8000/mgage/gateway/2.0/send"


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckOptions:
    """What ``smscore check`` was asked: the text, raw numbers and provider settings."""

    text: str
    to: tuple[str, ...]
    region: str | None = None
    providers: tuple[str, ...] = ()
    sender: str | None = None
    program_id: str | None = None
    allow_long: bool = False
    mgage_endpoint: str | None = None
    acoustic_pod: str = "1"
    language: str | None = None


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _text_report(s: Segmentation, language: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "encoding": s.encoding.value,
        "units": s.units,
        "segments": s.segments,
        "capacity": s.capacity,
        "parts": list(s.parts),
    }
    if language is not None:
        data["language"] = language
        data["locking_shift"] = s.locking_shift
        data["single_shift"] = s.single_shift
    causes = s.why_ucs2()
    data["why_ucs2"] = [
        {
            "position": c.position,
            "char": c.char,
            "codepoint": c.codepoint,
            "replacement": c.replacement,
            "note": c.note,
        }
        for c in causes
    ]
    if causes:
        fixed = segment(s.text, limit=None, replace="lookalikes", language=language)
        data["with_lookalikes_replaced"] = {
            "encoding": fixed.encoding.value,
            "segments": fixed.segments,
            "segments_saved": s.segments - fixed.segments,
            "text": fixed.text,
        }
    return data


def _rejections(found: Sequence[Rejection]) -> list[dict[str, Any]]:
    return [
        {"code": r.code, "message": r.message, "status": r.status, "field": r.field} for r in found
    ]


def _outcome(
    found: Sequence[Rejection], build: Callable[[], Sequence[Request]], note: str = ""
) -> dict[str, Any]:
    out: dict[str, Any] = {"ok": not found, "rejections": _rejections(found), "requests": []}
    if note:
        out["note"] = note
    if not found:
        try:
            out["requests"] = [r.masked() for r in build()]
        except ProviderError as exc:
            out["ok"] = False
            out["rejections"] = [
                {"code": exc.code, "message": exc.message, "status": exc.status, "field": None}
            ]
        except (InvalidRequest, TemplateError) as exc:
            out["ok"] = False
            out["rejections"] = [
                {"code": "invalid", "message": exc.message, "status": None, "field": exc.field}
            ]
    return out


def _mgage(opts: CheckOptions) -> dict[str, Any]:
    from ..providers import mgage_gateway as m

    endpoint = opts.mgage_endpoint or os.environ.get("SMSCORE_MGAGE_ENDPOINT")
    note = (
        "" if endpoint else f"endpoint not set: showing the local simulator's ({SIMULATOR_GATEWAY})"
    )
    args: dict[str, Any] = {
        "program_id": opts.program_id or "104967",
        "spoof_from": opts.sender or "US-35465",
        "allow_long_messages": True if opts.allow_long else None,
        "number_region": opts.region,
    }
    found = m.check_send(opts.text, opts.to, **args)

    def build() -> Sequence[Request]:
        return m.plan_send(
            opts.text,
            opts.to,
            endpoint=endpoint or SIMULATOR_GATEWAY,
            username=_env("SMSCORE_MGAGE_USERNAME", "username"),
            password=_env("SMSCORE_MGAGE_PASSWORD", "password"),
            **args,
        ).requests

    return _outcome(found, build, note)


def _messangi(opts: CheckOptions, accepted: Sequence[str]) -> dict[str, Any]:
    from ..providers import messangi as m

    key = _env("SMSCORE_MESSANGI_API_KEY", "api-key")
    sender = opts.sender or "12345"
    if len(accepted) == 1:
        found = m.check_send(key, sender=sender, text=opts.text, to=accepted[0])
        return _outcome(
            found, lambda: (m.build_send(key, sender=sender, text=opts.text, to=accepted[0]),)
        )
    found = m.check_batch(key, sender=sender, text=opts.text, recipients=accepted)
    return _outcome(
        found, lambda: m.build_batch(key, sender=sender, text=opts.text, recipients=accepted)
    )


def _acoustic(opts: CheckOptions) -> dict[str, Any]:
    from ..providers import acoustic as a

    args: dict[str, Any] = {
        "token": _env("SMSCORE_ACOUSTIC_TOKEN", "access-token"),
        "channel_qualifier": opts.program_id or "129856",
        "content": opts.text,
        "pod": opts.acoustic_pod,
    }
    plan = a.plan_send(recipients=opts.to, region=opts.region, **args)
    contacts = list(plan.accepted)
    found = a.check_send(contacts=contacts, **args)
    return _outcome(found, lambda: plan.requests)


def run_check(opts: CheckOptions) -> dict[str, Any]:
    """The whole pre-send report as JSON-ready data; ``ok`` is false if a provider would reject.

    >>> run_check(CheckOptions(text="Hi", to=("+12133734253",)))["text"]["segments"]
    1
    """
    s = segment(opts.text, language=opts.language)
    report: dict[str, Any] = {"text": _text_report(s, opts.language)}
    r = prepare_recipients(opts.to, region=opts.region)
    report["recipients"] = {
        "accepted": list(r.accepted),
        "duplicates": [[str(raw), number] for raw, number in r.duplicates],
        "rejected": [[str(raw), reason] for raw, reason in r.rejected],
        "billed_segments": s.segments * len(r.accepted),
    }
    providers: dict[str, Any] = {}
    for name in opts.providers:
        if name == "mgage-gateway":
            providers[name] = _mgage(opts)
        elif name == "messangi":
            providers[name] = _messangi(opts, r.accepted)
        elif name == "acoustic":
            providers[name] = _acoustic(opts)
    report["providers"] = providers
    report["ok"] = all(p["ok"] for p in providers.values())
    return report


# --- terminal rendering ------------------------------------------------------------------

_RED: Final = "\x1b[1;31m"
_GREEN: Final = "\x1b[32m"
_DIM: Final = "\x1b[2m"
_BOLD: Final = "\x1b[1m"
_RESET: Final = "\x1b[0m"


class _Paint:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text


def _show_part(part: str, offset: int, forced: Mapping[int, str], paint: _Paint) -> str:
    if not forced:
        return part
    out: list[str] = []
    for i, ch in enumerate(part):
        out.append(paint(_RED, ch) if offset + i in forced else ch)
    return "".join(out)


def render_check(report: Mapping[str, Any], color: bool) -> list[str]:
    """The report as terminal lines (ANSI colours when ``color``)."""
    paint = _Paint(color)
    t = report["text"]
    unit = "septets" if t["encoding"] == Encoding.GSM7 else "UTF-16 units"
    lines = [
        paint(_BOLD, "Text")
        + f": {t['encoding']}, {t['units']} {unit}, {t['segments']} segment(s)"
        + f" of up to {t['capacity']} {unit}"
    ]
    forced = {c["position"]: c["char"] for c in t["why_ucs2"]}
    offset = 0
    for i, part in enumerate(t["parts"], 1):
        shown = _show_part(part, offset, forced, paint)
        tag = paint(_DIM, f"[{i}/{len(t['parts'])}]")
        lines.append(f"  {tag} {shown}{paint(_DIM, '|')}")
        offset += len(part)
    if t["why_ucs2"]:
        lines.append(paint(_BOLD, "Why UCS-2") + ":")
        for c in t["why_ucs2"]:
            fix = f"-> {c['replacement']!r}" if c["replacement"] is not None else "no GSM lookalike"
            note = f" ({c['note']})" if c["note"] else ""
            lines.append(f"  position {c['position']}: {c['char']!r} {c['codepoint']} {fix}{note}")
        fixed = t.get("with_lookalikes_replaced")
        if fixed:
            lines.append(
                f"  with lookalikes replaced: {fixed['encoding']}, {fixed['segments']} segment(s)"
                f" (saves {fixed['segments_saved']})"
            )
    rcp = report["recipients"]
    lines.append(
        paint(_BOLD, "Recipients")
        + f": {len(rcp['accepted'])} accepted, {len(rcp['duplicates'])} duplicate(s),"
        + f" {len(rcp['rejected'])} rejected; {rcp['billed_segments']} segment(s) billed"
    )
    lines.extend(f"  {paint(_GREEN, 'send')}  {n}" for n in rcp["accepted"])
    lines.extend(f"  dup   {raw} (repeats {n})" for raw, n in rcp["duplicates"])
    lines.extend(f"  {paint(_RED, 'skip')}  {raw}: {why}" for raw, why in rcp["rejected"])
    for name, p in report["providers"].items():
        verdict = paint(_GREEN, "accepts") if p["ok"] else paint(_RED, "would reject")
        lines.append(paint(_BOLD, name) + f": {verdict}")
        if p.get("note"):
            lines.append(f"  note: {p['note']}")
        lines.extend(f"  {r['code']}: {r['message']}" for r in p["rejections"])
        for req in p["requests"]:
            lines.append(f"  {req['method']} {req['url']}")
            lines.extend(f"  {k}: {v}" for k, v in req["headers"].items())
            if req["body"]:
                lines.append(f"  {req['body']}")
    return lines
