"""The public surface: __all__ is sorted and complete, and import smscore stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import smscore


def test_all_is_sorted_and_unique() -> None:
    assert list(smscore.__all__) == sorted(set(smscore.__all__))


def test_all_lists_exactly_the_public_names() -> None:
    # every name in __all__ resolves (most on first use, PEP 562), and none is a module
    for name in smscore.__all__:
        value = getattr(smscore, name)
        assert not isinstance(value, type(sys)), name
    public = {
        name
        for name, value in vars(smscore).items()
        if not name.startswith("_") and not isinstance(value, type(sys))
    }
    public -= {"annotations", "TYPE_CHECKING", "Any"}
    assert public | {"__version__"} == set(smscore.__all__)
    assert set(smscore.__all__) <= set(dir(smscore))


def test_an_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError) as info:
        smscore.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    assert str(info.value) == "module 'smscore' has no attribute 'no_such_name'"


def test_import_smscore_loads_only_the_error_tree() -> None:
    code = "import sys, smscore; print(sorted(m for m in sys.modules if m.startswith('smscore')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "['smscore', 'smscore.errors']"


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
