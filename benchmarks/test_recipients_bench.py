"""stream_recipients at scale: peak memory with the compact seen-set against a plain ``set``.

``SMSCORE_BENCH_ROWS`` rows (default 10,000,000; about 82% distinct) stream through
:func:`smscore.stream_recipients` in a fresh process each, so the peak RSS is the stream's own.
The ``set`` run is the behaviour before issue 14 (827 MB at 10M). Run with ``nox -s bench-dask``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _bulk_data import ROWS, pedantic
from pytest_benchmark.fixture import BenchmarkFixture

GROUP = f"stream_recipients: {ROWS:,} rows, peak memory"

_CHILD = """
import json, sys, time
sys.path.insert(0, {here!r})
from _bulk_data import peak_mb, raw_numbers
from smscore.numbers import _bulk
if {plain!r}:
    class Plain(_bulk.KeySet):
        def __init__(self) -> None:
            super().__init__(small=1 << 62)
    _bulk.KeySet = Plain
from smscore import stream_recipients
start = time.perf_counter()
accepted = 0
for chunk in stream_recipients(raw_numbers({rows}), style="digits", batch_size=250):
    accepted += len(chunk.batch)
took = time.perf_counter() - start
peak = peak_mb()
print(json.dumps({{"seconds": took, "peak_mb": peak, "accepted": accepted}}))
"""


def _stream(plain: bool) -> dict[str, float]:
    code = _CHILD.format(here=str(Path(__file__).parent), plain=plain, rows=ROWS)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found: dict[str, float] = json.loads(out.stdout)
    return found


@pytest.mark.benchmark(group=GROUP)
@pytest.mark.parametrize("seen", ["compact", "set"])
def test_stream_peak_memory(benchmark: BenchmarkFixture, seen: str) -> None:
    found = pedantic(benchmark, _stream, (seen == "set",))
    print(
        f"\nstream_recipients ({seen} seen-set): {found['seconds']:.1f} s, "
        f"{found['accepted']:,.0f} accepted, peak {found['peak_mb']:,.0f} MB"
    )
    assert found["accepted"] > 0
