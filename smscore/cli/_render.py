"""The check report drawn for a terminal: parts with marks and a legend, then each provider.

Marks: red for a character that forces UCS-2, yellow for a GSM extension character (2
septets: ESC + code), magenta for an astral character (2 UTF-16 units). The same facts are
listed in words under the parts, so nothing depends on colour. Every piece of user text is
shown with control characters escaped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from ._safe import quote, safe

_RED: Final = "\x1b[1;31m"
_YELLOW: Final = "\x1b[33m"
_MAGENTA: Final = "\x1b[35m"
_GREEN: Final = "\x1b[32m"
_DIM: Final = "\x1b[2m"
_BOLD: Final = "\x1b[1m"
_RESET: Final = "\x1b[0m"
#: Characters of a request body shown on a terminal (``--json`` has every one).
BODY_SHOWN: Final = 600


class Paint:
    """ANSI styles when ``color``, plain text otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text


def _show_part(part: str, offset: int, styles: Mapping[int, str], paint: Paint) -> str:
    out: list[str] = []
    for i, ch in enumerate(part):
        style = styles.get(offset + i)
        shown = safe(ch)
        out.append(paint(style, shown) if style else shown)
    return "".join(out)


def _positions(positions: list[int], parts: list[str]) -> str:
    joined = "".join(parts)
    shown = [f"{quote(joined[p])} at {p}" for p in positions[:12]]
    more = f" and {len(positions) - 12} more" if len(positions) > 12 else ""
    return ", ".join(shown) + more


def text_lines(t: Mapping[str, Any], paint: Paint) -> Iterator[str]:
    """The text section: encoding, parts, marks with a legend, why UCS-2, suggestions."""
    unit = "septets" if t["encoding"] == "GSM-7" else "UTF-16 units"
    yield (
        paint(_BOLD, "Text")
        + f": {t['encoding']}, {t['units']} {unit}, {t['segments']} segment(s)"
        + f" of up to {t['capacity']} {unit}"
    )
    if t.get("over_limit"):
        yield (
            f"  over 1,600 UTF-16 units ({t['utf16_units']:,}): "
            "no provider here takes it whole; see each provider below"
        )
    styles: dict[int, str] = {}
    for p in t.get("extension", []):
        styles[p] = _YELLOW
    for c in t["why_ucs2"]:
        styles[c["position"]] = _RED
    for p in t.get("astral", []):  # forces UCS-2 too (listed below), and costs 2 units
        styles[p] = _MAGENTA
    offset = 0
    for i, part in enumerate(t["parts"], 1):
        tag = paint(_DIM, f"[{i}/{len(t['parts'])}]")
        yield f"  {tag} {_show_part(part, offset, styles, paint)}{paint(_DIM, '|')}"
        offset += len(part)
    legend: list[str] = []
    if t["why_ucs2"]:
        legend.append(paint(_RED, "red") + " forces UCS-2")
    if t.get("extension"):
        legend.append(paint(_YELLOW, "yellow") + " GSM extension character (2 septets)")
        where = _positions(t["extension"], t["parts"])
        yield f"  GSM extension characters, 2 septets each: {where}"
    if t.get("astral"):
        legend.append(paint(_MAGENTA, "magenta") + " astral character (2 UTF-16 units)")
        where = _positions(t["astral"], t["parts"])
        yield f"  astral characters, 2 UTF-16 units each: {where}"
    if legend and paint.color:
        yield "  marks: " + "; ".join(legend)
    if t["why_ucs2"]:
        yield paint(_BOLD, "Why UCS-2") + ":"
        for c in t["why_ucs2"]:
            fix = (
                f"-> {quote(c['replacement'])}"
                if c["replacement"] is not None
                else "no GSM replacement"
            )
            note = f" ({c['note']})" if c["note"] else ""
            yield f"  position {c['position']}: {quote(c['char'])} {c['codepoint']} {fix}{note}"
        fixed = t.get("with_replacements")
        if fixed and fixed.get("missing"):
            yield (
                f"  {fixed['missing']} character(s) have no GSM replacement: the text stays UCS-2"
            )
        elif fixed:
            yield (
                f"  with these replacements: {fixed['encoding']}, {fixed['segments']} "
                f"segment(s) (saves {fixed['segments_saved']})"
            )
        for alt in t.get("languages", [])[:3]:
            yield (
                f"  with --language {alt['language']}: GSM-7, {alt['segments']} segment(s) "
                "(a national shift table; the handset must support it)"
            )


def provider_lines(name: str, p: Mapping[str, Any], paint: Paint) -> Iterator[str]:
    """One provider: verdict, rejections with their basis, advice, requests."""
    verdict = paint(_GREEN, "accepts") if p["ok"] else paint(_RED, "would reject")
    title = f" ({p['title']})" if p.get("title") and p["title"] != name else ""
    yield paint(_BOLD, name) + f"{title}: {verdict}"
    if p.get("note"):
        yield f"  note: {safe(p['note'])}"
    acc = p.get("accounting")
    if acc:
        yield (
            f"  recipients as this provider reads them: {acc['accepted']} accepted, "
            f"{acc['duplicates']} duplicate(s), {acc['rejected']} rejected of {acc['read']}; "
            f"{p.get('segments', 0)} segment(s) in {p.get('request_count', 0)} request(s)"
        )
    if p.get("refused"):
        field = p["refused"].get("field")
        yield f"  refuses to build{f' ({field})' if field else ''}: {safe(p['refused']['message'])}"
    for r in p["rejections"]:
        yield f"  {paint(_RED, str(r['code']))}: {safe(r['message'])}"
        yield f"    basis: {safe(r['basis_text'])}"
    for a in p.get("advice", []):
        subject = f" [{safe(a['subject'])}]" if a.get("subject") else ""
        yield f"  advice ({a['kind']}){subject}: {safe(a['message'])}"
    for req in p["requests"]:
        yield f"  {req['method']} {safe(req['url'])}"
        yield from (f"  {k}: {safe(v)}" for k, v in req["headers"].items())
        if req["body"]:
            body = req["body"]
            more = len(body) - BODY_SHOWN
            shown = body if more <= 0 else f"{body[:BODY_SHOWN]}... ({more:,} more; --json has all)"
            yield f"  {safe(shown)}"
    if p.get("request_count", 0) > len(p["requests"]):
        yield f"  ... {p['request_count'] - len(p['requests']):,} more request(s)"


def render_check(report: Mapping[str, Any], color: bool) -> list[str]:
    """The report as terminal lines (ANSI colours when ``color``)."""
    paint = Paint(color)
    lines = list(text_lines(report["text"], paint))
    rcp = report["recipients"]
    lines.append(
        paint(_BOLD, "Recipients")
        + f": {len(rcp['accepted'])} accepted, {len(rcp['duplicates'])} duplicate(s),"
        + f" {len(rcp['rejected'])} rejected; {rcp['billed_segments']} segment(s) billed"
    )
    lines.extend(f"  {paint(_GREEN, 'send')}  {n}" for n in rcp["accepted"])
    lines.extend(f"  dup   {safe(raw)} (repeats {n})" for raw, n in rcp["duplicates"])
    lines.extend(f"  {paint(_RED, 'skip')}  {safe(raw)}: {why}" for raw, why in rcp["rejected"])
    for a in rcp.get("advice", []):
        shown = " or ".join(a["readings"]) if a.get("readings") else a["message"]
        lines.append(f"  advice ({a['kind']}) {safe(a['subject'])}: {safe(shown)}")
    for name, p in report["providers"].items():
        lines.extend(provider_lines(name, p, paint))
    if report.get("refused_by"):
        lines.append(f"would reject: {', '.join(report['refused_by'])} (exit status 1)")
    return lines
