"""Parse time of a 1 MB hostile body, per parser and shape (issue 12's closing figure).

    python fuzz/hostile_timing.py            # 1 MB
    python fuzz/hostile_timing.py --kb 256

Prints, for every wire parser, its slowest shape and time (CPU seconds, best of three), and
the quadratic gateway shape of issue 12 for comparison (22 s at 40 KB before the fix).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import inspect
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from smscore import Request, Response, SmsError

HERE = Path(__file__).resolve().parent
NOW = datetime(2024, 1, 1, tzinfo=UTC)


def _targets() -> object:
    spec = importlib.util.spec_from_file_location("smscore_fuzz_targets", HERE / "targets.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _best(run: Callable[[], object], repeats: int = 3) -> float:
    best = float("inf")
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


def _parse(fn: Callable[..., object], body: str) -> object:
    """``fn`` on ``body`` alone (no scrubbing, no invariant check): the parser's own time."""
    params = inspect.signature(fn).parameters
    extra = {"now": NOW} if "now" in params else {}
    if next(iter(params)) == "request":
        arg: object = Request(method="POST", url="https://gw.test/send?message=" + body)
    else:
        arg = Response(status=200, body=body.encode("utf-8"))
    try:
        return fn(arg, **extra)
    except SmsError as exc:
        return exc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=int, default=1024, help="body size in KiB")
    n = parser.parse_args().kb * 1024
    targets = _targets()
    parsers: list[tuple[str, Callable[..., object]]] = list(
        getattr(targets, "_wire_parsers")()  # noqa: B009
    )
    print(f"{'parser':34s} {'slowest shape':26s} {'CPU s':>7s}  (body {n // 1024} KiB)")
    for name, fn in parsers:
        worst = ("", 0.0)
        for shape_name, shape in getattr(targets, "HOSTILE_SHAPES").items():  # noqa: B009
            elapsed = _best(partial(_parse, fn, shape(n)))
            if elapsed > worst[1]:
                worst = (shape_name, elapsed)
        print(f"{name:34s} {worst[0]:26s} {worst[1]:7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
