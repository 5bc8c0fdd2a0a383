"""``smscore recipients``: normalize, deduplicate and batch a number file, every row accounted.

The rows read are counted as they are read, independently of the outcomes; the run fails
(exit 3, nothing written) if accepted + duplicates + rejected ever differs from that count.
Blank cells are rejected as ``"empty"``, rows without the selected column as
``"short row"``; ``rejected.csv`` holds the input line, the reason and the original row.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, TextIO

from ..errors import SmsError
from ._input import Layout, Source, cell_value, decide_layout, open_source
from ._outputs import Outputs
from ._progress import EVERY, Progress
from ._safe import safe as _safe

#: Examples shown per kind of advice (all are counted).
SHOWN: Final = 10
#: Countries shown in the summary.
TOP_COUNTRIES: Final = 10
NATIONAL_FORMAT: Final = "national format: give a region"


class CliExit(SmsError):
    """Stop the command with ``status`` and one line on stderr."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(slots=True)
class Tally:
    """What a run found, counted as it goes."""

    read: int = 0
    accepted: int = 0
    duplicates: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    advice: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    @property
    def rejected(self) -> int:
        return sum(self.reasons.values())

    def add_advice(self, items: Any) -> None:
        for item in items or ():
            kind = getattr(item, "kind", "advice")
            self.advice[kind] += 1
            shown = self.examples.setdefault(kind, [])
            if len(shown) < SHOWN:
                example = {"subject": str(getattr(item, "raw", getattr(item, "subject", "")))}
                example["message"] = str(getattr(item, "message", item))
                readings = getattr(item, "readings", ())
                if readings:
                    region_of = _region_reader()
                    example["readings"] = " or ".join(
                        f"{r} ({region_of(r) or '?'})" for r in readings
                    )
                shown.append(example)


def _region_reader() -> Callable[[str], str | None]:
    from .. import numbers

    found = getattr(numbers, "region_of", None)
    if callable(found):
        reader: Callable[[str], str | None] = found
        return reader
    return lambda e164: None  # pragma: no cover - before numbers.region_of existed


def _peak_mb() -> float | None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Unix
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def run(args: Any, out: TextIO, err: TextIO) -> int:
    """Run ``smscore recipients`` with parsed ``args``; the summary goes to ``err`` (or JSON)."""
    from ..numbers.recipients import stream_recipients

    started = time.monotonic()
    outputs = Outputs(
        output=args.output, rejected=args.rejected, batches=args.batches, overwrite=args.overwrite
    )
    source = open_source(args.file, args.encoding)
    tally = Tally()
    layout = Layout(None, None, 0)
    try:
        layout, rows = decide_layout(source, args.column, args.header, args.delimiter)
        accepted_out = outputs.open(outputs.output) if outputs.output is not None else None
        if accepted_out is None and not args.json:
            accepted_out = out
        rejected_csv = None
        if outputs.rejected is not None:
            rejected_csv = csv.writer(outputs.open(outputs.rejected))
            columns = ["line", "reason", "value"]
            if layout.delimiter is not None:
                columns.extend(layout.header or ["row"])
            rejected_csv.writerow(columns)
        region_of = _region_reader()
        pending: deque[tuple[int, list[str], str | None, str | None]] = deque()

        def reject(line: int, cells: list[str], value: str | None, reason: str) -> None:
            tally.reasons[reason] += 1
            if rejected_csv is not None:
                row = cells if layout.delimiter is not None else []
                rejected_csv.writerow([line, reason, value or "", *row])

        def feed() -> Iterator[str]:
            index = layout.index
            append = pending.append
            for line, cells in rows:
                tally.read += 1
                value = cells[index].strip() if index < len(cells) else ""
                if value:  # the common case, kept short
                    append((line, cells, value, None))
                    yield value
                else:
                    append((line, cells, None, cell_value(cells, index)[1]))
                if not tally.read & (EVERY - 1):
                    progress.update(tally.read, source.position)

        def settle(chunk: Any) -> None:
            # When a chunk comes, the stream has read every row in ``pending`` and reported
            # each rejection among them (in input order); the other rows are accepted (in
            # this or a later batch) or duplicates. The same value always gets the same
            # verdict, so the n-th rejection is the n-th pending row with its value.
            refused = iter(chunk.rejected)
            nxt = next(refused, None)
            while pending:
                line, cells, value, reason = pending.popleft()
                if value is None:
                    reject(line, cells, None, reason or "empty")
                elif nxt is not None and (nxt[0] is value or nxt[0] == value):
                    reject(line, cells, value, nxt[1] or "not a number")
                    nxt = next(refused, None)
            if nxt is not None:
                raise CliExit(3, "internal error: a rejection did not match its input row")

        with Progress(source.size, enabled=not args.json) as progress:
            for chunk in stream_recipients(
                feed(),
                region=args.region,
                style=args.style,
                batch_size=args.batch_size,
            ):
                settle(chunk)
                tally.accepted += len(chunk.batch)
                tally.duplicates += len(chunk.duplicates)
                tally.add_advice(getattr(chunk, "advice", ()))
                countries = getattr(chunk, "by_country", None)
                if countries:  # the whole list's, on the last chunk
                    tally.countries = Counter(dict(countries))
                elif chunk.batch and not hasattr(chunk, "last"):
                    plus = "" if args.style == "e164" else "+"
                    tally.countries.update(region_of(plus + n) or "?" for n in chunk.batch)
                if chunk.batch:
                    if accepted_out is not None:
                        accepted_out.write("\n".join(chunk.batch) + "\n")
                    if outputs.batches is not None:
                        outputs.write_batch(chunk.batch)
            while pending:  # blank rows after the last number
                line, cells, value, reason = pending.popleft()
                if value is None:
                    reject(line, cells, None, reason or "empty")
        _check_accounting(tally)
        outputs.commit()
    except KeyboardInterrupt:
        outputs.abort()
        seen = source.lines_seen
        raise CliExit(130, f"interrupted after {seen:,} lines; no output written") from None
    except BaseException:
        outputs.abort()
        raise
    finally:
        source.close()
    seconds = time.monotonic() - started
    summary = _summary(tally, layout, source, outputs, args, seconds)
    if args.json:
        json.dump(summary, out, indent=2, ensure_ascii=False)
        out.write("\n")
    for text in _lines(summary, tally, outputs, args):
        err.write(text + "\n")
    return 0


def _check_accounting(tally: Tally) -> None:
    total = tally.accepted + tally.duplicates + tally.rejected
    if total != tally.read:
        raise CliExit(
            3,
            f"internal error: read {tally.read:,} rows but accounted for {total:,} "
            f"(accepted {tally.accepted:,} + duplicates {tally.duplicates:,} + rejected "
            f"{tally.rejected:,}); no output written",
        )


def _summary(
    tally: Tally, layout: Layout, source: Source, outputs: Outputs, args: Any, seconds: float
) -> dict[str, Any]:
    peak = _peak_mb()
    return {
        "file": source.name,
        "encoding": source.encoding,
        "format": "plain" if layout.delimiter is None else "csv",
        "delimiter": layout.delimiter,
        "header": layout.header,
        "column": layout.index,
        "lines": source.line,
        "read": tally.read,
        "accepted": tally.accepted,
        "duplicates": tally.duplicates,
        "rejected": tally.rejected,
        "rejected_by_reason": dict(tally.reasons.most_common()),
        "by_country": dict(tally.countries.most_common()),
        "national_format": tally.reasons.get(NATIONAL_FORMAT, 0),
        "advice": dict(tally.advice.most_common()),
        "advice_examples": tally.examples,
        "batches": outputs.batch_count,
        "outputs": {
            "accepted": str(outputs.output) if outputs.output is not None else None,
            "batches": str(outputs.batches) if outputs.batches is not None else None,
            "rejected": str(outputs.rejected) if outputs.rejected is not None else None,
        },
        "seconds": round(seconds, 3),
        "peak_memory_mb": None if peak is None else round(peak, 1),
    }


def _describe_format(summary: dict[str, Any]) -> str:
    if summary["format"] == "plain":
        what = "one number per line"
    else:
        names = {",": "','", ";": "';'", "\t": "tab"}
        what = f"CSV ({names.get(summary['delimiter'], repr(summary['delimiter']))}), "
        what += f"column {summary['column']}"
        if summary["header"] is not None:
            what += f" {summary['header'][summary['column']].strip()!r}"
    if summary["header"] is not None:
        what += "; line 1 is the header (--no-header reads it as data)"
    return f"{summary['encoding']}, {what}"


def _lines(summary: dict[str, Any], tally: Tally, outputs: Outputs, args: Any) -> Iterator[str]:
    if not args.json:
        yield f"{summary['file']}: {_describe_format(summary)}"
        table: list[tuple[str, int]] = [
            ("read", tally.read),
            ("accepted", tally.accepted),
            ("duplicates", tally.duplicates),
            ("rejected", tally.rejected),
        ]
        table.extend((f"  {reason}", n) for reason, n in tally.reasons.most_common())
        width = max(len(k) for k, _ in table)
        for key, n in table:
            yield f"{key:<{width}}  {n:>10,}"
        if tally.countries:
            top = tally.countries.most_common(TOP_COUNTRIES)
            shown = ", ".join(f"{c} {n:,}" for c, n in top)
            rest = len(tally.countries) - len(top)
            yield f"by country: {shown}" + (f" and {rest} more" if rest > 0 else "")
    national = summary["national_format"]
    if national and not args.region:
        ranked = [(c, n) for c, n in tally.countries.most_common(2) if c.isalpha()]
        clear = ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        likely = ranked[0][0] if clear else "US"
        yield (
            f"hint: {national:,} number(s) in national format were rejected: give --region "
            f"(for example --region {likely})"
        )
    for kind, n in tally.advice.most_common():
        yield f"advice: {n:,} {kind}" + (":" if tally.examples.get(kind) else "")
        for example in tally.examples.get(kind, []):
            shown = example.get("readings") or example["message"]
            subject = example.get("subject")
            yield f"  {_safe(subject)}: {_safe(shown)}" if subject else f"  {_safe(shown)}"
        if n > len(tally.examples.get(kind, [])):
            yield f"  ... and {n - len(tally.examples[kind]):,} more"
    if args.json and outputs.output is None and outputs.batches is None:
        yield (
            f"note: --json prints the summary only; the {tally.accepted:,} accepted numbers "
            "were not written (give -o FILE or --batches DIR)"
        )
    elif not args.json:
        yield outputs.describe(tally.accepted, tally.rejected, to_stdout=True)
    rate = tally.read / summary["seconds"] if summary["seconds"] else 0.0
    peak = summary["peak_memory_mb"]
    memory = f", peak memory {peak:,.0f} MB" if peak is not None else ""
    yield f"done: {tally.read:,} rows in {summary['seconds']:.1f} s ({rate:,.0f} rows/s){memory}"
