"""Every predicted rule says where it comes from (issue 10): documented in a seed, with the
section, or assumed, with the reason; a rejection cannot be made without one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smscore import Basis, InvalidRequest, Rejection, providers

SPEC = Path(__file__).resolve().parent.parent / "spec"


def _basis_of(entry: dict[str, Any]) -> dict[str, Any]:
    # a rule either carries {"basis": {...}} or is itself the basis ({"kind", "source", ...})
    basis = entry.get("basis", entry)
    assert isinstance(basis, dict), entry
    return basis


@pytest.mark.parametrize("name", list(providers.PROVIDERS))
def test_every_rule_in_rules_json_has_a_basis(name: str) -> None:
    data = json.loads((SPEC / name / "rules.json").read_text(encoding="utf-8"))
    assert data["name"] == name
    rules = data["rules"]
    entries = list(rules.values()) if isinstance(rules, dict) else list(rules)
    assert len(entries) >= 5
    for entry in entries:
        basis = _basis_of(entry)
        assert basis["kind"] in ("documented", "assumed"), entry
        assert isinstance(basis["source"], str), entry
        assert basis["source"], entry
        if basis["kind"] == "documented":
            # a documented rule names its seed
            assert f"seed {data['seed'][:3]}" in basis["source"], entry
        else:
            assert isinstance(basis.get("reason"), str), entry
            assert basis["reason"], entry


def test_a_rejection_cannot_be_made_without_a_basis() -> None:
    with pytest.raises(TypeError, match="basis"):
        Rejection(provider="x", code="1", message="m")  # type: ignore[call-arg]


def test_an_assumed_basis_needs_its_reason() -> None:
    with pytest.raises(InvalidRequest, match="an assumed rule needs a reason"):
        Basis(kind="assumed", source="providers.md")
    with pytest.raises(InvalidRequest, match="basis kind must be 'documented' or 'assumed'"):
        Basis(kind="guessed", source="x")  # type: ignore[arg-type]
    assert Basis.assumed("servers count UTF-16 units", "providers.md").describe() == (
        "assumed (providers.md): servers count UTF-16 units"
    )
    assert Basis.documented('seed 000, "Status Codes", 107').to_data() == {
        "kind": "documented",
        "source": 'seed 000, "Status Codes", 107',
    }
