"""The README walk-through runs for real: the simulator example on loopback, and every
``smscore`` command as written."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "walkthrough.py"


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


def _readme_commands() -> list[str]:
    """Every ``.venv/bin/smscore`` command in the README's walk-through, continuations joined."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        joined = block.replace("\\\n", " ")
        commands.extend(
            line.split("  #", 1)[0].strip()
            for line in joined.splitlines()
            if line.startswith(".venv/bin/smscore ") and " simulate" not in line
        )
    return commands


def test_readme_commands_run_as_written(tmp_path: Path) -> None:
    commands = _readme_commands()
    assert [c.split()[1] for c in commands] == ["check", "check", "recipients", "conformance"]
    for name in ("examples", "spec"):
        (tmp_path / name).symlink_to(ROOT / name)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    for command in commands:
        argv = [sys.executable, "-m", "smscore", *shlex.split(command)[1:]]
        p = subprocess.run(argv, cwd=tmp_path, capture_output=True, env=env, timeout=300)
        err = p.stderr.decode()
        assert "Traceback" not in err
        assert p.returncode == 0, (command, err[-2000:])
    assert (tmp_path / "out" / "batch-00001.txt").read_text() == (
        "12133734253\n447911123456\n525512345678\n"
    )
    assert (tmp_path / "accepted.txt").read_text() == "12133734253\n447911123456\n525512345678\n"
    assert (tmp_path / "rejected.csv").read_text().splitlines() == [
        "line,reason,value,phone,NAME,CODE",
        "5,empty,,,Nobody,4524",
        "6,national format: give a region,(646) 683-6219,(646) 683-6219,Carlos,4525",
        "8,not a number,not a number,not a number,Bob,4527",
    ]
