"""The ``smscore`` command: ``check``, ``recipients``, ``conformance`` and ``simulate``.

Exit status: 0 when everything would be accepted (or every vector passed), 1 when a provider
would reject (or a vector failed), 2 for bad input or usage.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from ..errors import InvalidRequest, SmsError

__all__ = ["main"]


def _color(stream: TextIO, no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def _cmd_check(args: argparse.Namespace) -> int:
    from ._check import (
        EXAMPLE_RECIPIENTS,
        EXAMPLE_TEXT,
        PROVIDERS,
        CheckOptions,
        render_check,
        run_check,
    )

    example = args.text is None
    text = EXAMPLE_TEXT if example else args.text
    if text == "-":
        text = sys.stdin.read()
    to = tuple(args.to) if args.to else (EXAMPLE_RECIPIENTS if example else ())
    providers = tuple(dict.fromkeys(args.provider)) if args.provider else ()
    if example and not args.provider:
        providers = PROVIDERS
    opts = CheckOptions(
        text=text,
        to=to,
        region=args.region,
        providers=providers,
        sender=args.sender,
        program_id=args.program_id,
        allow_long=args.allow_long,
        mgage_endpoint=args.mgage_endpoint,
        acoustic_pod=args.acoustic_pod,
        language=args.language,
    )
    report = run_check(opts)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        if example:
            print("(built-in example: smscore check TEXT --to NUMBER --provider NAME for yours)")
        for line in render_check(report, _color(sys.stdout, args.no_color)):
            print(line)
    return 0 if report["ok"] else 1


def _read_numbers(stream: TextIO, column: str | None) -> Iterator[str]:
    """Numbers from CSV (a column by name or 0-based index) or one per line."""
    first = stream.readline()
    if not first:
        return
    if "," not in first and column is None:
        for line in _chain(first, stream):
            value = line.strip()
            if value:
                yield value
        return
    reader = csv.reader(_chain(first, stream))
    header = next(reader)
    index = 0
    if column is not None and not column.isdigit():
        if column not in header:
            raise InvalidRequest(
                f"column {column!r} is not in the CSV header {header!r}",
                field="column",
                value=column,
                rule="a header name or a 0-based index",
            )
        index = header.index(column)
    else:
        index = int(column) if column is not None else 0
        cell = header[index] if index < len(header) else ""
        if any(ch.isdigit() for ch in cell):  # no header: the first row is data
            yield cell.strip()
    for row in reader:
        if index < len(row) and row[index].strip():
            yield row[index].strip()


def _chain(first: str, rest: TextIO) -> Iterator[str]:
    yield first
    yield from rest


class _Progress:
    """A progress line on stderr for large inputs (only when stderr is a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.count = 0

    def tick(self, n: int) -> None:
        self.count += n
        if self.enabled and self.count and self.count % 50_000 < n:
            sys.stderr.write(f"\r{self.count:,} numbers read")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled and self.count >= 50_000:
            sys.stderr.write("\n")


def _cmd_recipients(args: argparse.Namespace) -> int:
    from ..numbers.recipients import stream_recipients

    if args.file == "-":
        source: TextIO = sys.stdin
    else:
        path = Path(args.file)
        if not path.is_file():
            raise InvalidRequest(
                f"no such file: {args.file!r}",
                field="FILE",
                value=args.file,
                rule="an existing file",
            )
        source = path.open(encoding="utf-8-sig", newline="")
    out: TextIO = sys.stdout if args.output in (None, "-") else open(args.output, "w")  # noqa: SIM115
    rejected_out = open(args.rejected, "w", newline="") if args.rejected else None  # noqa: SIM115
    batch_dir = Path(args.batches) if args.batches else None
    if batch_dir is not None:
        batch_dir.mkdir(parents=True, exist_ok=True)
    progress = _Progress(sys.stderr.isatty() and not args.json)
    accepted = duplicates = 0
    reasons: Counter[str] = Counter()
    batch_no = 0
    try:
        rejected_csv = csv.writer(rejected_out) if rejected_out else None
        if rejected_csv:
            rejected_csv.writerow(["raw", "reason"])
        numbers = _read_numbers(source, args.column)
        for chunk in stream_recipients(
            numbers, region=args.region, style=args.style, batch_size=args.batch_size
        ):
            progress.tick(len(chunk.batch) + len(chunk.duplicates) + len(chunk.rejected))
            accepted += len(chunk.batch)
            duplicates += len(chunk.duplicates)
            for raw, reason in chunk.rejected:
                reasons[reason] += 1
                if rejected_csv:
                    rejected_csv.writerow([raw, reason])
            if chunk.batch:
                if batch_dir is not None:
                    batch_no += 1
                    (batch_dir / f"batch-{batch_no:05d}.txt").write_text(
                        "\n".join(chunk.batch) + "\n"
                    )
                if not args.json:
                    out.write("\n".join(chunk.batch) + "\n")
    finally:
        progress.done()
        if source is not sys.stdin:
            source.close()
        if out is not sys.stdout:
            out.close()
        if rejected_out:
            rejected_out.close()
    total = accepted + duplicates + sum(reasons.values())
    summary = {
        "read": total,
        "accepted": accepted,
        "duplicates": duplicates,
        "rejected": sum(reasons.values()),
        "rejected_by_reason": dict(reasons.most_common()),
        "batches": batch_no,
    }
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        rejected = sum(reasons.values())
        table = [("read", total), ("accepted", accepted), ("duplicates", duplicates)]
        table.append(("rejected", rejected))
        table.extend((f"  {reason}", n) for reason, n in reasons.most_common())
        width = max(len(k) for k, _ in table)
        for key, n in table:
            sys.stderr.write(f"{key:<{width}}  {n:>10,}\n")
        if batch_dir is not None:
            sys.stderr.write(f"{batch_no:,} batch file(s) written to {batch_dir}\n")
    return 0


def _cmd_conformance(args: argparse.Namespace) -> int:
    from ..conformance import format_report, run_paths

    report = run_paths(args.paths)
    for line in format_report(report):
        print(line)
    return 1 if report.failed else 0


def _cmd_simulate(args: argparse.Namespace) -> int:  # pragma: no cover - runs a server
    try:
        from ..simulator import SimulatorConfig, serve
    except ImportError as exc:
        raise InvalidRequest(
            f"the simulator needs the optional extra: pip install 'smscore[simulator]' ({exc})",
            field="simulate",
            rule="optional extra smscore[simulator]",
        ) from None
    users: dict[str, str] = {}
    for pair in args.basic or ():
        user, sep, password = pair.partition(":")
        if not sep or not user:
            raise InvalidRequest(
                "--basic takes USER:PASSWORD", field="--basic", rule="USER:PASSWORD"
            )
        users[user] = password
    config = SimulatorConfig(
        api_keys=frozenset(args.api_key or ()),
        basic_users=users,
        status_delay=args.status_delay,
    )
    print(f"smscore simulator on http://{args.host}:{args.port}/ (GET / lists the paths)")
    serve(args.host, args.port, config)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smscore",
        description="Pre-send checks, recipient lists, conformance vectors and a local simulator.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="the pre-send check (no arguments: a built-in example)")
    check.add_argument("text", nargs="?", help="the message text ('-' reads stdin)")
    check.add_argument("--to", action="append", metavar="NUMBER", help="a recipient (repeatable)")
    check.add_argument("--region", help="region for national numbers, e.g. US")
    check.add_argument(
        "--provider",
        action="append",
        choices=("mgage-gateway", "messangi", "acoustic"),
        help="show the request and rejections for this provider (repeatable)",
    )
    check.add_argument("--sender", help="sender / spoof_from (provider default from its seed)")
    check.add_argument("--program-id", help="mGage program_id / Acoustic channelQualifier")
    check.add_argument("--allow-long", action="store_true", help="mGage allow_long_messages=yes")
    check.add_argument(
        "--mgage-endpoint", help="your mGage gateway URL (or SMSCORE_MGAGE_ENDPOINT)"
    )
    check.add_argument("--acoustic-pod", default="1", help="Acoustic pod (1-9, A, B)")
    check.add_argument(
        "--language",
        help="allow national shift tables: turkish, spanish, portuguese, hindi, tamil, ... "
        "(or tr, es, pt, hi, ta, ...)",
    )
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--no-color", action="store_true", help="no ANSI colours")
    check.set_defaults(func=_cmd_check)

    rec = sub.add_parser("recipients", help="normalize, dedup and batch a number file")
    rec.add_argument("file", metavar="FILE", help="CSV or one number per line; '-' for stdin")
    rec.add_argument("--column", help="CSV column (header name or 0-based index)")
    rec.add_argument("--region", help="region for national numbers, e.g. US")
    rec.add_argument("--style", choices=("e164", "digits"), default="e164")
    rec.add_argument("--batch-size", type=int, default=1000)
    rec.add_argument("--output", "-o", help="write accepted numbers here (default stdout)")
    rec.add_argument("--batches", metavar="DIR", help="also write each batch to DIR/batch-N.txt")
    rec.add_argument("--rejected", metavar="CSV", help="write rejected numbers and reasons here")
    rec.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    rec.set_defaults(func=_cmd_recipients)

    conf = sub.add_parser("conformance", help="run conformance vector files")
    conf.add_argument("paths", nargs="+", metavar="PATH", help="vector files or directories")
    conf.set_defaults(func=_cmd_conformance)

    sim = sub.add_parser("simulate", help="serve the provider simulator (smscore[simulator])")
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=8000)
    sim.add_argument("--api-key", action="append", help="require this Messangi key (repeatable)")
    sim.add_argument("--basic", action="append", metavar="USER:PASSWORD", help="mGage Basic user")
    sim.add_argument("--status-delay", type=float, default=1.5, help="seconds until done")
    sim.set_defaults(func=_cmd_simulate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``smscore`` command; returns the exit status.

    >>> main(["conformance", "spec/text"])  # doctest: +SKIP
    0
    """
    args = _parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except SmsError as exc:
        print(f"smscore: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        sys.stderr.close()
        return 0
    return status


def _main() -> None:  # pragma: no cover
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
