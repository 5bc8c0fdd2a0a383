"""The ``smscore`` command line: subcommands, their options with defaults, one example each."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Final

SEND_PROVIDERS: Final = ("mgage-gateway", "messangi", "acoustic")


class _Help(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Defaults shown after each option; the examples kept as written."""


def _nonempty(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty (leave the option out instead)")
    return value


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return n


def _price(value: str) -> Decimal:
    try:
        price = Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number, e.g. 0.0075") from None
    if not price.is_finite() or price < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a price of 0 or more")
    return price


def _delimiter(value: str) -> str:
    named = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}
    value = named.get(value, value)
    if len(value) != 1:
        raise argparse.ArgumentTypeError("one character, or tab / comma / semicolon")
    return value


def _file_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--encoding", help="the file's encoding when it has no byte-order mark (default: UTF-8)"
    )
    p.add_argument("--delimiter", type=_delimiter, help="CSV delimiter (default: detected)")
    head = p.add_mutually_exclusive_group()
    head.add_argument(
        "--header",
        dest="header",
        action="store_const",
        const=True,
        help="line 1 is a header (default: when its cell holds no digit)",
    )
    head.add_argument(
        "--no-header", dest="header", action="store_const", const=False, help="line 1 is data"
    )


def _check_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser(
        "check",
        help="the pre-send check of a text, or of a whole campaign (no arguments: an example)",
        formatter_class=_Help,
        epilog="examples:\n"
        '  smscore check "Hi O’Brien, your code is 4521" --to "+1 213 373 4253" '
        "--provider messangi\n"
        '  smscore check --template "Hi %%%%NAME%%%%, code %%%%CODE%%%%" '
        "--recipients contacts.csv --column phone --price-per-segment 0.0075\n"
        "exit status: 0 every provider accepts, 1 a provider would reject, 2 bad input",
    )
    check.add_argument("text", nargs="?", help="the message text ('-' reads stdin)")
    check.add_argument("--to", action="append", metavar="NUMBER", help="a recipient (repeatable)")
    check.add_argument("--region", help="region for national numbers, e.g. US")
    check.add_argument(
        "--provider",
        action="append",
        choices=SEND_PROVIDERS,
        help="check for this provider (repeatable; default: all three when --to is given)",
    )
    check.add_argument(
        "--sender",
        type=_nonempty,
        help="sender / spoof_from (default: each provider's demo sender from its seed)",
    )
    check.add_argument("--program-id", help="mGage program_id / Acoustic channel qualifier")
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
    check.add_argument(
        "--template", metavar="TEXT", help="campaign check: the template rendered per row"
    )
    check.add_argument(
        "--dialect",
        choices=("tags", "positional", "jinja"),
        help="campaign check: the template's placeholders (default: %%%%TAG%%%% or {0}, "
        "detected; Jinja must be named)",
    )
    check.add_argument(
        "--recipients", metavar="FILE", help="campaign check: the contact file (CSV or list)"
    )
    check.add_argument(
        "--column", help="campaign check: the number column (header name or 0-based index)"
    )
    check.add_argument(
        "--price-per-segment", type=_price, metavar="PRICE", help="campaign check: cost per SMS"
    )
    _file_options(check)
    check.add_argument("--json", action="store_true", help="print the report as JSON")
    check.add_argument("--no-color", action="store_true", help="no ANSI colours")


def _recipients_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rec = sub.add_parser(
        "recipients",
        help="normalize, dedup and batch a number file",
        formatter_class=_Help,
        epilog="example:\n"
        "  smscore recipients contacts.csv --column phone --region US --batch-size 250 \\\n"
        "      --batches out/ --rejected rejected.csv -o accepted.txt\n"
        "exit status: 0 done, 2 bad input or usage, 3 the accounting did not balance, "
        "130 interrupted",
    )
    rec.add_argument("file", metavar="FILE", help="CSV or one number per line; '-' for stdin")
    rec.add_argument("--column", help="CSV column (header name or 0-based index)")
    rec.add_argument("--region", help="region for national numbers, e.g. US")
    rec.add_argument(
        "--style", choices=("e164", "digits"), default="e164", help="+12135550123 or 12135550123"
    )
    rec.add_argument("--batch-size", type=_positive, default=1000, help="numbers per batch")
    rec.add_argument("--output", "-o", help="write accepted numbers here (default: stdout)")
    rec.add_argument(
        "--batches", metavar="DIR", help="also write each batch to DIR/batch-00001.txt, ..."
    )
    rec.add_argument(
        "--overwrite", action="store_true", help="replace the batch files already in DIR"
    )
    rec.add_argument(
        "--rejected", metavar="CSV", help="write each rejected row: line, reason, value, row"
    )
    _file_options(rec)
    rec.add_argument(
        "--json", action="store_true", help="print the summary as JSON on stdout (needs -o)"
    )


def build() -> argparse.ArgumentParser:
    """The whole parser."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("smscore")
    except PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        own = "unknown"
    parser = argparse.ArgumentParser(
        prog="smscore",
        description="Pre-send checks, recipient lists, conformance vectors and a local simulator.",
        formatter_class=_Help,
        epilog="examples:\n  smscore check\n  smscore recipients numbers.txt --region US "
        "-o accepted.txt\n  smscore conformance spec/\n  smscore simulate --port 8000",
    )
    parser.add_argument("--version", action="version", version=f"smscore {own}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _check_parser(sub)
    _recipients_parser(sub)
    conf = sub.add_parser(
        "conformance",
        help="run conformance vector files",
        formatter_class=_Help,
        epilog="example:\n  smscore conformance spec/\n"
        "exit status: 0 every vector passed, 1 a vector failed or a file is malformed",
    )
    conf.add_argument("paths", nargs="+", metavar="PATH", help="vector files or directories")
    sim = sub.add_parser(
        "simulate",
        help="serve the provider simulator (smscore[simulator])",
        formatter_class=_Help,
        epilog="example:\n  smscore simulate --port 8000 --basic demo:pw",
    )
    sim.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sim.add_argument("--port", type=int, default=8000, help="port to listen on")
    sim.add_argument("--api-key", action="append", help="require this Messangi key (repeatable)")
    sim.add_argument("--basic", action="append", metavar="USER:PASSWORD", help="mGage Basic user")
    sim.add_argument("--status-delay", type=float, default=1.5, help="seconds until done")
    sim.add_argument(
        "--strict-auth",
        action="store_true",
        help="accept only the --api-key/--basic credentials given (none given: refuse all)",
    )
    sim.add_argument("--log", metavar="FILE", help="append requests to FILE (JSON Lines, masked)")
    sim.add_argument(
        "--max-body", type=int, default=4 * 1024 * 1024, metavar="BYTES", help="413 past this"
    )
    return parser
