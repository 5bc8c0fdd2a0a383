"""The campaign check: ``smscore check --template TEXT --recipients FILE --column NUMBER``.

The question a campaign owner asks before pressing send: what will each recipient receive,
how many SMS parts does that cost with each provider, which recipients' values push a text
into UCS-2 or into an extra part, and would any provider refuse. Every CSV column is a
value for the template (by header name; by position ``{0}`` when the file has no header).
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any, Final, TextIO

from ..errors import InvalidRequest
from ._input import cell_value, decide_layout, open_source
from ._plans import PROVIDERS, plan_for
from ._render import Paint
from ._safe import safe

#: Recipients listed as examples for each cause (all are counted).
EXAMPLES: Final = 5


def _rows(args: Any) -> tuple[dict[str, Any], list[int], list[Any], dict[str, int]]:
    """Read the file: (file facts, line of each recipient, recipients, rows rejected early)."""
    from ..providers import Recipient

    source = open_source(args.recipients, args.encoding)
    try:
        layout, rows = decide_layout(source, args.column, args.header, args.delimiter)
        header = [h.strip() for h in layout.header] if layout.header else None
        lines: list[int] = []
        recipients: list[Any] = []
        early: Counter[str] = Counter()
        read = 0
        for line, cells in rows:
            read += 1
            number, reason = cell_value(cells, layout.index)
            if number is None:
                early[reason or "empty"] += 1
                continue
            values: Any
            if header is not None:
                values = {name: cells[i] for i, name in enumerate(header) if i < len(cells)}
            else:
                values = list(cells)
            lines.append(line)
            recipients.append(Recipient(number, values))
    finally:
        source.close()
    facts = {
        "file": args.recipients,
        "encoding": source.encoding,
        "format": "plain" if layout.delimiter is None else "csv",
        "header": header,
        "column": layout.index,
        "read": read,
    }
    return facts, lines, recipients, dict(early)


def _culprit(template: Any, values: Any, segments: int, language: Any) -> tuple[str, str] | None:
    """The placeholder whose value, left out, saves the most segments (with that value)."""
    from ..errors import SmsError
    from ..text import segment

    best: tuple[int, str, str] | None = None
    trial: Any
    for key in dict.fromkeys(template.placeholders):
        try:
            if isinstance(values, dict):
                if key not in values:
                    continue
                value, trial = values[key], {**values, key: ""}
            elif isinstance(key, int) and isinstance(values, list) and key < len(values):
                value, trial = values[key], [*values[:key], "", *values[key + 1 :]]
            else:
                continue
            saved = (
                segments - segment(template.render(trial), limit=None, language=language).segments
            )
        except SmsError:
            continue
        if saved > 0 and (best is None or saved > best[0]):
            best = (saved, str(key), str(value))
    return None if best is None else (best[1], best[2])


def _compose_report(
    template: Any, lines: list[int], recipients: list[Any], language: Any
) -> dict[str, Any]:
    from ..templates import compose

    c = compose(template, [(r.number, r.values) for r in recipients], limit=None, language=language)
    per: Counter[int] = Counter(m.segments for m in c.messages)
    baseline = per.most_common(1)[0][0] if per else 0
    ucs2 = [
        {
            "placeholder": str(v.placeholder),
            "value": v.value,
            "suggestion": v.suggestion,
            "recipients": len(v.recipients),
            "lines": [lines[i] for i in v.recipients[:EXAMPLES]],
            "chars": [c.char for c in v.causes],
        }
        for v in sorted(c.value_causes, key=lambda v: -len(v.recipients))
    ]
    extra: list[dict[str, Any]] = []
    by_placeholder: Counter[str] = Counter()
    over = 0
    for m in c.messages:
        if m.segments <= baseline:
            continue
        over += 1
        longest = _culprit(template, recipients[m.index].values, m.segments, language)
        by_placeholder[longest[0] if longest is not None else "(no single value)"] += 1
        if len(extra) < EXAMPLES:
            extra.append(
                {
                    "line": lines[m.index],
                    "number": m.number,
                    "segments": m.segments,
                    "encoding": m.encoding.value,
                    "value": None
                    if longest is None
                    else {"placeholder": longest[0], "value": longest[1]},
                }
            )
    failures = Counter(
        f"no value for {', '.join(map(str, f.missing))}" if f.missing else f.reason
        for f in c.failures
    )
    return {
        "rendered": len(c.messages),
        "failed": len(c.failures),
        "failures": dict(failures.most_common(EXAMPLES)),
        "segments_per_message": {str(k): n for k, n in sorted(per.items())},
        "baseline_segments": baseline,
        "total_segments": c.total_segments,
        "ucs2_recipients": c.ucs2_recipients,
        "template_forces_ucs2": [x.char for x in c.template_causes],
        "ucs2_values": ucs2[: EXAMPLES * 2],
        "over_baseline": over,
        "over_baseline_by_placeholder": dict(by_placeholder.most_common()),
        "over_baseline_examples": extra,
    }


def _summarize(p: dict[str, Any], price: Decimal | None) -> dict[str, Any]:
    codes = Counter(f"{r['code']}: {r['message']}" for r in p["rejections"])
    kinds = Counter(a["kind"] for a in p.get("advice", []))
    out = {
        "title": p.get("title"),
        "ok": p["ok"],
        "accounting": p.get("accounting"),
        "segments": p.get("segments"),
        "requests": p.get("request_count", 0),
        "rejections": dict(codes.most_common()),
        "rejection_basis": sorted({r["basis_text"] for r in p["rejections"]}),
        "advice": dict(kinds.most_common()),
        "refused": p.get("refused"),
        "note": p.get("note"),
    }
    if price is not None and p.get("segments") is not None:
        out["cost"] = str((price * p["segments"]).quantize(Decimal("0.01")))
    return out


def run_campaign(args: Any, out: TextIO, color: bool) -> int:
    """The campaign check; 1 when a provider would reject, else 0."""
    from ..templates import Template

    source = args.template if args.template is not None else args.text
    if source is None or args.recipients is None:
        raise InvalidRequest(
            "the campaign check needs both --template TEXT and --recipients FILE",
            field="--template" if source is None else "--recipients",
            rule="smscore check --template TEXT --recipients FILE --column NUMBER",
        )
    template = Template(source, dialect=args.dialect)
    facts, lines, recipients, early = _rows(args)
    if facts["header"] is None and template.placeholders and str(template.dialect) != "positional":
        raise InvalidRequest(
            f"the template names its values ({', '.join(map(str, template.placeholders))}) but "
            f"{args.recipients!r} has no header line to name the columns: add one, or use "
            "{0}, {1}, ... for the columns by position",
            field="--template",
            value=source,
            rule="tag and Jinja values come from the CSV header",
        )
    composed = _compose_report(template, lines, recipients, args.language)
    settings = {
        "program_id": args.program_id,
        "allow_long": args.allow_long,
        "mgage_endpoint": args.mgage_endpoint,
        "acoustic_pod": args.acoustic_pod,
    }
    providers: dict[str, Any] = {}
    for name in tuple(dict.fromkeys(args.provider or ())) or PROVIDERS:
        report, _plan = plan_for(
            name,
            template,
            recipients,
            sender=args.sender,
            region=args.region,
            settings=settings,
            show_requests=0,
        )
        providers[name] = _summarize(report, args.price_per_segment)
        providers[name]["_report"] = report
    data = {
        "template": source,
        "dialect": str(template.dialect),
        "recipients": {**facts, "empty_or_short": early, "with_number": len(recipients)},
        "messages": composed,
        "price_per_segment": None
        if args.price_per_segment is None
        else str(args.price_per_segment),
        "providers": {
            n: {k: v for k, v in p.items() if k != "_report"} for n, p in providers.items()
        },
    }
    data["refused_by"] = [n for n, p in providers.items() if not p["ok"]]
    data["ok"] = not data["refused_by"] and not composed["failed"]
    if args.json:
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for line in _lines(data, providers, Paint(color)):
            out.write(line + "\n")
    return 0 if data["ok"] else 1


def _lines(data: dict[str, Any], providers: dict[str, Any], paint: Paint) -> Any:
    r = data["recipients"]
    m = data["messages"]
    where = "one number per line" if r["format"] == "plain" else f"CSV, number column {r['column']}"
    if r["header"]:
        where += f" {r['header'][r['column']]!r}"
    yield f"Campaign: {r['read']:,} rows from {safe(r['file'])} ({r['encoding']}, {where})"
    yield f"  template ({data['dialect']}): {safe(data['template'])}"
    for reason, n in r["empty_or_short"].items():
        yield f"  {n:,} row(s) without a number: {reason}"
    yield (
        f"Messages (every row with a number, before duplicates are dropped): "
        f"{m['rendered']:,} rendered, {m['failed']:,} failed; {m['total_segments']:,} segments"
    )
    for reason, n in m["failures"].items():
        yield f"  failed x{n:,}: {safe(reason)}"
    spread = ", ".join(f"{k} segment(s) x{n:,}" for k, n in m["segments_per_message"].items())
    if spread:
        yield f"  per message: {spread}"
    if m["template_forces_ucs2"]:
        chars = ", ".join(repr(safe(c)) for c in m["template_forces_ucs2"])
        yield f"  the template itself forces UCS-2: {chars}"
    if m["ucs2_recipients"]:
        yield f"UCS-2: {m['ucs2_recipients']:,} recipient(s), because of these values:"
        for v in m["ucs2_values"]:
            fix = f" -> {safe(v['suggestion'])!r}" if v["suggestion"] else " (no GSM replacement)"
            at = ", ".join(map(str, v["lines"]))
            yield (
                f"  {v['placeholder']} = {safe(v['value'])!r}{fix}: {v['recipients']:,} "
                f"recipient(s) (lines {at})"
            )
    if m["over_baseline"]:
        by = ", ".join(f"{k} x{n:,}" for k, n in m["over_baseline_by_placeholder"].items())
        yield (
            f"Extra segments: {m['over_baseline']:,} recipient(s) need more than "
            f"{m['baseline_segments']} segment(s); the value that did it: {by}"
        )
        for e in m["over_baseline_examples"]:
            lv = e["value"]
            value = f", {lv['placeholder']} = {safe(lv['value'])[:40]!r}" if lv else ""
            yield (
                f"  line {e['line']} {safe(e['number'])}: {e['segments']} segments "
                f"({e['encoding']}){value}"
            )
    yield "Providers:"
    for name, p in providers.items():
        acc = p["accounting"] or {}
        cost = f", cost {p['cost']}" if "cost" in p else ""
        verdict = "accepts" if p["ok"] else "would reject"
        yield (
            f"  {name}: {verdict}; accepted {acc.get('accepted', 0):,}, duplicates "
            f"{acc.get('duplicates', 0):,}, rejected {acc.get('rejected', 0):,} of "
            f"{acc.get('read', 0):,}; {p['segments'] or 0:,} segments in "
            f"{p['requests']:,} request(s){cost}"
        )
        for code, n in p["rejections"].items():
            yield f"    x{n:,} {safe(code)}"
        for basis in p["rejection_basis"]:
            yield f"      basis: {safe(basis)}"
        if p.get("refused"):
            yield f"    refuses to build: {safe(p['refused']['message'])}"
        for kind, n in p["advice"].items():
            yield f"    advice: {n:,} {kind}"
    if m["failed"]:
        yield f"{m['failed']:,} row(s) cannot be rendered: they would not be sent (exit status 1)"
    if data["refused_by"]:
        yield f"would reject: {', '.join(data['refused_by'])} (exit status 1)"
