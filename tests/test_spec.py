"""Every vector under spec/ runs through the same code as `smscore conformance`."""

from __future__ import annotations

from pathlib import Path

import pytest

from smscore import conformance

SPEC = Path(__file__).resolve().parent.parent / "spec"
VECTORS = conformance.load_vectors([SPEC])


def test_spec_has_vectors() -> None:
    assert len(VECTORS) > 0


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_vector(vector: conformance.Vector) -> None:
    result = conformance.check_vector(vector)
    assert result.ok, result.detail
