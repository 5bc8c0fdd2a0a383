"""The conformance harness: envelope validation, loading, comparison, report lines."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from smscore import conformance, errors


def _echo(operation: str, data: Mapping[str, Any]) -> dict[str, Any]:
    if operation == "echo":
        return {"result": dict(data)}
    if operation == "reject":
        raise errors.ProviderError("fake", "E1", "nope", 400)
    raise errors.InvalidVector(f"unknown operation {operation!r}", field="operation")


RUNNERS = {"fake": _echo}


def _vector(
    vid: str, operation: str, data: dict[str, Any], expect: dict[str, Any]
) -> dict[str, Any]:
    return {"id": vid, "provider": "fake", "operation": operation, "input": data, "expect": expect}


def test_load_json_list_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps([_vector("a1", "echo", {"x": 1}, {"result": {"x": 1}})])
    )
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.jsonl").write_text(
        json.dumps(_vector("b1", "echo", {}, {"result": {}}))
        + "\n\n"
        + json.dumps(_vector("b2", "reject", {}, {"error": {"code": "E1", "message": "nope"}}))
        + "\n"
    )
    (tmp_path / "ignored.txt").write_text("not a vector")
    vectors = conformance.load_vectors([tmp_path])
    assert [v.id for v in vectors] == ["a1", "b1", "b2"]
    assert vectors[1].source == f"{sub / 'b.jsonl'}:1"
    report = conformance.run_vectors(vectors, RUNNERS)
    assert (report.passed, report.failed) == (3, 0)
    assert list(conformance.format_report(report)) == ["3 passed, 0 failed"]


def test_failures_are_reported_one_line_each(tmp_path: Path) -> None:
    file = tmp_path / "v.json"
    file.write_text(
        json.dumps(
            [
                _vector("ok", "echo", {"x": 1}, {"result": {"x": 1}}),
                _vector("wrong-value", "echo", {"x": 1}, {"result": {"x": 2}}),
                _vector("wrong-type", "echo", {"x": 1}, {"result": {"x": 1.0}}),
                _vector("wrong-kind", "reject", {}, {"result": {}}),
                _vector("bad-op", "nope", {}, {"result": {}}),
                {
                    "id": "unknown",
                    "provider": "nobody",
                    "operation": "x",
                    "input": {},
                    "expect": {"result": {}},
                },
            ]
        )
    )
    report = conformance.run_paths([file], RUNNERS)
    lines = list(conformance.format_report(report))
    assert lines == [
        f"FAIL wrong-value [{file}]: .result.x: expected 2, got 1",
        f"FAIL wrong-type [{file}]: .result.x: expected 1.0, got 1",
        f'FAIL wrong-kind [{file}]: expected result, got error {{"code": "E1", "message": "nope"}}',
        f"FAIL bad-op [{file}]: raised InvalidVector: unknown operation 'nope'",
        f"FAIL unknown [{file}]: raised InvalidVector: unknown provider 'nobody'; known: "
        "['acoustic', 'messangi', 'mgage-export', 'mgage-gateway', 'text']",
        "1 passed, 5 failed",
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], "vector"),
        ({"id": "", "provider": "p", "operation": "o", "input": {}, "expect": {"result": 1}}, "id"),
        (
            {"id": "i", "provider": "p", "operation": "o", "input": [], "expect": {"result": 1}},
            "input",
        ),
        ({"id": "i", "provider": "p", "operation": "o", "input": {}, "expect": {}}, "expect"),
        (
            {
                "id": "i",
                "provider": "p",
                "operation": "o",
                "input": {},
                "expect": {"result": 1, "error": 2},
            },
            "expect",
        ),
        (
            {
                "id": "i",
                "provider": "p",
                "operation": "o",
                "input": {},
                "expect": {"result": 1},
                "extra": 1,
            },
            "vector",
        ),
    ],
)
def test_envelope_errors_name_the_field(data: object, field: str) -> None:
    with pytest.raises(errors.InvalidVector) as info:
        conformance.Vector.from_data(data, "f.json")
    assert info.value.field == field
    assert "f.json" in str(info.value)


def test_bad_json_and_missing_path_and_duplicate_ids(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(errors.InvalidVector, match=r"bad\.json: not valid JSON"):
        conformance.load_vectors([bad])
    with pytest.raises(errors.InvalidVector, match="no such file or directory"):
        conformance.load_vectors([tmp_path / "missing"])
    dup = tmp_path / "dup.json"
    dup.write_text(json.dumps([_vector("d", "echo", {}, {"result": {}})] * 2))
    with pytest.raises(errors.InvalidVector, match="duplicate vector id 'd'"):
        conformance.load_vectors([dup])


def test_list_length_difference_is_reported() -> None:
    vector = conformance.Vector.from_data(
        _vector("l", "echo", {"x": [1, 2]}, {"result": {"x": [1]}})
    )
    result = conformance.check_vector(vector, RUNNERS)
    assert not result.ok
    assert result.detail == ".result.x: expected 1 items, got 2"
