"""The pre-send check behind ``smscore check``: the text, the recipients, every provider's plan.

Builds one JSON-ready report (what ``--json`` prints; :mod:`._render` draws it for a
terminal). Each provider is asked through the one send interface,
``smscore.providers.get(name).plan_send(...)``; every provider is always reported, and a
provider that refuses to build (a configuration it cannot carry) is reported as refusing,
never as an abort of the whole check. Credentials are placeholders unless given in the
environment, and never printed: requests are masked and every secret is scrubbed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from ..numbers.recipients import prepare_recipients
from ..text import DEFAULT_LIMIT, Encoding, Segmentation, segment
from ._plans import PROVIDERS, plan_report

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

#: GSM 03.38 extension table characters (ESC + code: 2 septets each), TS 23.038 §6.2.1.1.
GSM_EXTENSION: Final = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckOptions:
    """What ``smscore check`` was asked: the text, raw numbers and provider settings."""

    text: str
    to: tuple[str, ...]
    region: str | None = None
    providers: tuple[str, ...] = PROVIDERS
    sender: str | None = None
    program_id: str | None = None
    allow_long: bool = False
    mgage_endpoint: str | None = None
    acoustic_pod: str = "1"
    language: str | None = None


def _languages() -> tuple[str, ...]:
    from ..text._gsm import LANGUAGE_ALIASES

    return tuple(sorted(set(LANGUAGE_ALIASES.values())))


def marks(s: Segmentation) -> dict[str, list[int]]:
    """Positions (code points) of the characters that cost more than one unit, by kind."""
    text = s.text
    if s.encoding == Encoding.GSM7:
        ext = GSM_EXTENSION if s.language is None else frozenset()
        return {"extension": [i for i, ch in enumerate(text) if ch in ext]}
    return {"astral": [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]}


def _apply(text: str, causes: list[dict[str, Any]]) -> str | None:
    out: list[str] = []
    start = 0
    for cause in causes:
        if cause["replacement"] is None:
            return None
        out.append(text[start : cause["position"]])
        out.append(cause["replacement"])
        start = cause["position"] + len(cause["char"])
    out.append(text[start:])
    return "".join(out)


def text_report(text: str, language: str | None) -> dict[str, Any]:
    """The segmentation of ``text`` as data (shown even over the length limit)."""
    s = segment(text, limit=None, language=language)
    data: dict[str, Any] = {
        "encoding": s.encoding.value,
        "units": s.units,
        "segments": s.segments,
        "capacity": s.capacity,
        "parts": list(s.parts),
        "utf16_units": len(text.encode("utf-16-le", "surrogatepass")) // 2,
    }
    data["over_limit"] = data["utf16_units"] > DEFAULT_LIMIT
    data.update(marks(s))
    if language is not None:
        data["language"] = language
        data["locking_shift"] = s.locking_shift
        data["single_shift"] = s.single_shift
    data["why_ucs2"] = [
        {
            "position": c.position,
            "char": c.char,
            "codepoint": c.codepoint,
            "replacement": c.replacement,
            "note": c.note,
        }
        for c in s.why_ucs2()
    ]
    if data["why_ucs2"]:
        fixed = _apply(text, data["why_ucs2"])
        missing = sum(1 for c in data["why_ucs2"] if c["replacement"] is None)
        if fixed is None:
            data["with_replacements"] = {"missing": missing}
        else:
            after = segment(fixed, limit=None, language=language)
            data["with_replacements"] = {
                "encoding": after.encoding.value,
                "segments": after.segments,
                "segments_saved": s.segments - after.segments,
                "text": fixed,
                "missing": 0,
            }
        if language is None:
            data["languages"] = [
                {"language": name, "segments": alt.segments}
                for name in _languages()
                if (alt := segment(text, limit=None, language=name)).encoding == Encoding.GSM7
            ]
    return data


def recipients_report(to: tuple[str, ...], region: str | None) -> dict[str, Any]:
    """The accounting of the ``--to`` numbers, with advice and countries when known."""
    r = prepare_recipients(to, region=region)
    advice = getattr(r, "advice", ())
    return {
        "read": len(to),
        "accepted": list(r.accepted),
        "duplicates": [[str(raw), number] for raw, number in r.duplicates],
        "rejected": [[str(raw), reason] for raw, reason in r.rejected],
        "by_country": dict(getattr(r, "by_country", {}) or {}),
        "advice": [
            {
                "kind": getattr(a, "kind", "advice"),
                "subject": str(getattr(a, "raw", "")),
                "message": str(getattr(a, "message", a)),
                "readings": list(getattr(a, "readings", ())),
            }
            for a in advice
        ],
    }


def run_check(opts: CheckOptions) -> dict[str, Any]:
    """The whole pre-send report as JSON-ready data; ``ok`` is false if a provider would reject.

    >>> run_check(CheckOptions(text="Hi", to=("+12133734253",)))["text"]["segments"]
    1
    """
    report: dict[str, Any] = {"text": text_report(opts.text, opts.language)}
    rcp = recipients_report(opts.to, opts.region)
    rcp["billed_segments"] = report["text"]["segments"] * len(rcp["accepted"])
    report["recipients"] = rcp
    settings = {
        "program_id": opts.program_id,
        "allow_long": opts.allow_long,
        "mgage_endpoint": opts.mgage_endpoint,
        "acoustic_pod": opts.acoustic_pod,
    }
    providers: dict[str, Any] = {}
    for name in opts.providers:
        providers[name] = plan_report(
            name,
            opts.text,
            list(opts.to),
            sender=opts.sender,
            region=opts.region,
            settings=settings,
        )
    report["providers"] = providers
    report["refused_by"] = [n for n, p in providers.items() if not p["ok"]]
    report["ok"] = all(p["ok"] for p in providers.values())
    return report
