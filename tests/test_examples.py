"""The README walk-through runs for real against the simulator on loopback."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "walkthrough.py"


@pytest.mark.integration
def test_walkthrough_sends_and_reads_back() -> None:
    spec = importlib.util.spec_from_file_location("walkthrough", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main() == [
        "+1 213 373 4253: accepted 0 Request accepted onto the platform.",
        "12133734253: duplicate  same number as 12133734253: sent once",
        "call me: rejected  not a number",
        "export: MT 12133734253 Delivered 'Your code is 4521'",
    ]
