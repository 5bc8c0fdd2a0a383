"""The ``smscore`` command: ``check``, ``recipients``, ``conformance`` and ``simulate``.

Exit status: 0 when everything would be accepted (or every vector passed), 1 when a provider
would reject (or a vector failed), 2 for bad input or usage, 3 when a run's accounting does
not balance (a bug: nothing is written), 130 when interrupted. Errors are one line on stderr,
never a traceback (``SMSCORE_DEBUG=1`` shows it for an unexpected one).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence

from ..errors import InvalidRequest, SmsError
from ._recipients import CliExit
from ._safe import safe

__all__ = ["main"]


def _color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(sys.stdout, "isatty", lambda: False)())


def _cmd_check(args: argparse.Namespace) -> int:
    if args.template is not None or args.recipients is not None:
        from ._campaign import run_campaign

        return run_campaign(args, sys.stdout, _color(args.no_color))
    from ._check import EXAMPLE_RECIPIENTS, EXAMPLE_TEXT, CheckOptions, run_check
    from ._render import render_check

    example = args.text is None
    text = EXAMPLE_TEXT if example else args.text
    if text == "-":
        text = sys.stdin.read()
    to = tuple(args.to) if args.to else (EXAMPLE_RECIPIENTS if example else ())
    from ._plans import PROVIDERS

    # the providers asked for; else every provider, once there is someone to send to
    providers = tuple(dict.fromkeys(args.provider or ())) or (PROVIDERS if to else ())
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
        for line in render_check(report, _color(args.no_color)):
            print(line)
        if not providers:
            print("(no --to: give --to NUMBER for each provider's request and verdict)")
    return 0 if report["ok"] else 1


def _cmd_recipients(args: argparse.Namespace) -> int:
    from . import _recipients

    return _recipients.run(args, sys.stdout, sys.stderr)


def _cmd_conformance(args: argparse.Namespace) -> int:
    from . import _conformance

    return _conformance.run(args.paths, sys.stdout)


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
        strict_auth=args.strict_auth,
        request_log=args.log,
        max_body_bytes=args.max_body,
    )
    serve(  # the banner comes once the port is bound, with the real port (--port 0 too)
        args.host,
        args.port,
        config,
        announce=lambda url: print(
            f"smscore simulator on {url}/ (GET / lists the paths)", flush=True
        ),
    )
    return 0


_COMMANDS = {
    "check": _cmd_check,
    "recipients": _cmd_recipients,
    "conformance": _cmd_conformance,
    "simulate": _cmd_simulate,
}


def _fail(message: str, status: int) -> int:
    try:
        sys.stderr.write(f"smscore: error: {safe(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr closed
        pass
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``smscore`` command; returns the exit status.

    >>> main(["conformance", "spec/text"])  # doctest: +SKIP
    0
    """
    from ._parser import build

    try:
        args = build().parse_args(argv)
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C while parsing
        return 130
    try:
        status: int = _COMMANDS[args.command](args)
    except CliExit as exc:
        if exc.status == 130:
            sys.stderr.write(f"smscore: {safe(exc.message)}\n")
            return 130
        return _fail(exc.message, exc.status)
    except SmsError as exc:
        return _fail(str(exc), 2)
    except KeyboardInterrupt:
        sys.stderr.write("smscore: interrupted\n")
        return 130
    except BrokenPipeError:  # e.g. piped into head: the reader has what it wanted
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
        return 0
    except UnicodeDecodeError as exc:  # e.g. ``check -`` reading stdin
        return _fail(f"the input is not valid {exc.encoding} (byte {exc.start + 1})", 2)
    except MemoryError:
        return _fail("out of memory", 2)
    except OSError as exc:
        where = f" {exc.filename!r}" if exc.filename else ""
        return _fail(f"{exc.strerror or exc}{where}", 2)
    except Exception as exc:
        if os.environ.get("SMSCORE_DEBUG"):
            raise
        return _fail(
            f"internal error ({type(exc).__name__}: {exc}); please report it "
            "(SMSCORE_DEBUG=1 shows the traceback)",
            3,
        )
    return status


def _main() -> None:  # pragma: no cover
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
