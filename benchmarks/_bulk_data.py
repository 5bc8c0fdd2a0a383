"""A large contact list for the bulk benchmarks: mixed formats, 15% repeats, 3% junk.

Written once per size as 20 Parquet files under the system temp folder (reused across runs).
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

ROWS = int(os.environ.get("SMSCORE_BENCH_ROWS", "10000000"))
FILES = 20

_PREFIXES = ("1213", "1310", "1415", "1646", "1917", "1312", "1702", "1305")


def _number(rng: random.Random) -> tuple[str, str]:
    """(E.164 digits, how it is written)."""
    kind = rng.random()
    if kind < 0.7:  # North America
        digits = f"{rng.choice(_PREFIXES)}{rng.randrange(200, 1000)}{rng.randrange(10_000):04d}"
        shape = rng.randrange(4)
        if shape == 0:
            return digits, f"+1 ({digits[1:4]}) {digits[4:7]}-{digits[7:]}"
        if shape == 1:
            return digits, f"+{digits}"
        if shape == 2:
            return digits, f"1-{digits[1:4]}-{digits[4:7]}-{digits[7:]}"
        return digits, digits
    if kind < 0.9:  # GB mobiles
        digits = f"4474{rng.randrange(10**8):08d}"
        return digits, f"+44 {digits[2:6]} {digits[6:]}" if rng.random() < 0.5 else f"+{digits}"
    digits = f"336{rng.randrange(10**8):08d}"  # FR mobiles
    return digits, f"+33 {digits[2]} {digits[3:5]} {digits[5:7]} {digits[7:9]} {digits[9:]}"


def raw_numbers(rows: int, seed: int = 14) -> Iterator[Any]:
    """``rows`` raw values: 82% first occurrences, 15% repeats written another way, 3% junk."""
    rng = random.Random(seed)
    recent: list[str] = []
    for _ in range(rows):
        roll = rng.random()
        if roll < 0.03:
            yield rng.choice(("12", "", None, "call me", "(213) 555-0199", "+1 213"))
        elif roll < 0.18 and recent:
            digits = rng.choice(recent)
            yield f"+{digits}" if rng.random() < 0.5 else digits
        else:
            digits, written = _number(rng)
            if len(recent) < 100_000:
                recent.append(digits)
            else:
                recent[rng.randrange(100_000)] = digits
            yield written


def parquet_files(rows: int = ROWS) -> list[Path]:
    """The list as ``FILES`` Parquet files with one string column ``phone`` (cached)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(tempfile.gettempdir()) / f"smscore-bench-{rows}"
    paths = [folder / f"part-{i:02d}.parquet" for i in range(FILES)]
    if all(p.exists() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    per = -(-rows // FILES)
    values = raw_numbers(rows)
    for i, path in enumerate(paths):
        n = min(per, rows - i * per)
        chunk = [next(values) for _ in range(max(n, 0))]
        table = pa.table({"phone": pa.array(chunk, type=pa.string())})
        pq.write_table(table, path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    return paths


def pedantic(benchmark: Any, fn: Callable[..., Any], args: tuple[Any, ...] = ()) -> Any:
    """One timed round of ``fn(*args)`` (``benchmark.pedantic``, typed)."""
    run = cast(Callable[..., Any], benchmark.pedantic)
    return run(fn, args=args, rounds=1, iterations=1)


def peak_mb(status: str | None = None) -> float:
    """Peak resident memory (VmHWM: unlike ru_maxrss, not carried over exec) of this process,
    or of the process whose ``/proc/self/status`` text is ``status``."""
    if status is None:
        status = Path("/proc/self/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
