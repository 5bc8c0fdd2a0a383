"""The public surface: __all__ is sorted and complete, and import smscore stays light."""

from __future__ import annotations

import subprocess
import sys

import smscore


def test_all_is_sorted_and_unique() -> None:
    assert list(smscore.__all__) == sorted(set(smscore.__all__))


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(smscore).items()
        if not name.startswith("_") and not isinstance(value, type(sys))
    }
    public.discard("annotations")
    assert public | {"__version__"} == set(smscore.__all__)


def test_import_does_not_pull_extras() -> None:
    code = (
        "import sys, smscore; "
        "bad = [m for m in ('httpx', 'starlette', 'uvicorn', 'jinja2', 'hypothesis') "
        "if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
