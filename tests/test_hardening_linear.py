"""Every response parser is linear in the body (issue 12): doubling a hostile body at most
~2.5x the time, checked over two doublings (4x the body, at most 6.25x the time). Growth
ratios, not absolute figures (the one timing kind CONTRIBUTING.md allows, because an issue
asks for it): each size is timed in CPU time as the best of several runs.

The parsers are found by name (``parse_*`` and ``check_request`` in each provider module whose
first argument is a response, request or payload), so a new one is covered, and one whose
other arguments this file cannot fill fails loudly here.
"""

from __future__ import annotations

import gc
import importlib.util
import inspect
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from smscore import Request, Response, SmsError
from smscore.providers import acoustic, messangi, mgage_export, mgage_gateway

MODULES: tuple[ModuleType, ...] = (acoustic, messangi, mgage_export, mgage_gateway)
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _targets() -> ModuleType:
    """fuzz/targets.py (not a package), loaded as tests/test_fuzz_short.py loads it."""
    name = "smscore_fuzz_targets"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parents[1] / "fuzz" / "targets.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


#: Hostile body shapes, shared with fuzz/hostile_timing.py (fuzz/targets.py holds them).
SHAPES: dict[str, Callable[[int], str]] = _targets().HOSTILE_SHAPES


def _parsers() -> list[tuple[str, Callable[..., Any]]]:
    found: list[tuple[str, Callable[..., Any]]] = []
    for module in MODULES:
        for name in sorted(dir(module)):
            fn = getattr(module, name)
            if not (name.startswith("parse_") or name == "check_request"):
                continue
            if not inspect.isfunction(fn):
                continue
            first = next(iter(inspect.signature(fn).parameters), None)
            if first in ("response", "request", "payload"):  # a wire parser, not an input one
                found.append((f"{module.__name__.rsplit('.', 1)[1]}.{name}", fn))
    return found


PARSERS = _parsers()


def _call(fn: Callable[..., Any], body: str, status: int) -> Callable[[], object]:
    """A no-argument call of ``fn`` on ``body``, its required arguments filled by name."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in inspect.signature(fn).parameters.values():
        if p.default is not inspect.Parameter.empty:
            continue
        if p.name in ("response", "payload"):
            value: Any = Response(status=status, body=body.encode("utf-8"))
        elif p.name == "request":
            value = Request(method="POST", url="https://gw.test/send?message=" + body)
        elif p.name == "now":
            value = NOW
        else:
            pytest.fail(f"{fn.__qualname__}: no value for its argument {p.name!r}")
        if p.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[p.name] = value
        else:
            args.append(value)

    def run() -> object:
        try:
            return fn(*args, **kwargs)
        except SmsError as exc:
            return exc

    return run


def _bests(runs: tuple[Callable[[], object], ...], repeats: int) -> list[float]:
    """Best time of each run, interleaved (a burst of load hits both sizes alike), with the
    garbage collector off (its passes grow with the heap, not with the parser's work)."""
    best = [float("inf")] * len(runs)
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            for i, run in enumerate(runs):
                start = time.process_time()
                run()
                best[i] = min(best[i], time.process_time() - start)
    finally:
        if enabled:
            gc.enable()
    return best


#: Two doublings (n to 4n) at most 2.5 x 2.5 the time: one doubling alone can cross a CPU
#: cache size and look like 2.8x for a linear parse; a quadratic one is 16x over two.
LIMIT = 2.5**2


def _ratio(fn: Callable[..., Any], shape: Callable[[int], str], status: int) -> float:
    """time(4n) / time(n) at n = 16 KB, best of several runs; a parse under a millisecond
    counts as one (a ratio of microseconds is noise; the quadratic parse took 1.4 s at
    10 KB and 22 s at 40 KB, a ratio of 16)."""
    runs = (_call(fn, shape(16_384), status), _call(fn, shape(65_536), status))
    floor = 0.001
    ratio = 0.0
    for repeats in (3, 7, 15):  # longer looks before calling it non-linear (shared machines)
        small, large = _bests(runs, repeats)
        ratio = max(large, floor) / max(small, floor)
        if ratio <= LIMIT:
            break
    return ratio


def test_every_parser_is_found() -> None:
    names = {name for name, _ in PARSERS}
    assert {
        "acoustic.parse_token",
        "acoustic.parse_send",
        "acoustic.parse_status",
        "messangi.parse_send",
        "messangi.parse_callback",
        "mgage_export.parse_page",
        "mgage_gateway.parse_send",
        "mgage_gateway.parse_send_request",
        "mgage_gateway.check_request",
    } <= names


@pytest.mark.parametrize(("name", "fn"), PARSERS, ids=[name for name, _ in PARSERS])
def test_parser_is_linear_in_the_body(name: str, fn: Callable[..., Any]) -> None:
    slow = {}
    for shape_name, shape in SHAPES.items():
        for status in (200, 400):
            ratio = _ratio(fn, shape, status)
            if ratio > LIMIT:
                slow[f"{shape_name}/{status}"] = round(ratio, 2)
    assert slow == {}, f"{name}: a body 4x as long took this many times as long: {slow}"


def test_the_issue_12_gateway_body_is_linear() -> None:
    # the exact reproducer: 0.4 s at 5 KB, 5.7 s at 20 KB, 22 s at 40 KB before
    body = "1234567890" + " " * 40_000 + "a"
    run = _call(mgage_gateway.parse_send, body, 200)
    result = run()
    assert isinstance(result, SmsError)
    assert str(result) == (
        "mgage-gateway: unexpected-response: HTTP 200: no gateway status code in the body"
    )
    assert _ratio(mgage_gateway.parse_send, SHAPES["number-spaces-letter"], 200) <= LIMIT
