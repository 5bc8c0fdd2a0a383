"""Load conformance vectors from any path and run them.

A vector is one JSON object in a fixed envelope (``spec/README.md`` documents ``input`` for
every operation)::

    {"id": "mgage-gateway/duplicate-number", "provider": "mgage-gateway",
     "operation": "send", "input": {...}, "expect": {"error": {"code": "113", "message": "..."}}}

``expect`` holds exactly one of ``request``, ``requests``, ``error`` or ``result``. Files are
``*.json`` (one vector or a list of them) or ``*.jsonl`` (one vector a line); directories are
searched recursively, in sorted order, skipping each provider's ``rules.json``.

Each provider (and the ``text`` engine) answers vectors through one function in its module,
``run_vector(operation, input) -> outcome``, where the outcome is a dict with exactly one of
the ``expect`` keys. A ``ProviderError`` raised while running counts as an ``error`` outcome
with its code and message, so a parse that raises the provider's error is checked the same way
as a predicted rejection.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InvalidVector, ProviderError, SmsError

__all__ = [
    "EXPECT_KEYS",
    "PROVIDER_MODULES",
    "Outcome",
    "Report",
    "Runner",
    "Vector",
    "VectorResult",
    "check_vector",
    "format_report",
    "load_vectors",
    "run_paths",
    "run_vector",
    "run_vectors",
]

#: The provider names used in vectors, and the module that answers them.
PROVIDER_MODULES: Mapping[str, str] = {
    "acoustic": "smscore.providers.acoustic",
    "messangi": "smscore.providers.messangi",
    "mgage-export": "smscore.providers.mgage_export",
    "mgage-gateway": "smscore.providers.mgage_gateway",
    "text": "smscore.text",
}

#: A file of this name in a vector directory holds rules, not vectors, and is skipped.
RULES = "rules.json"

EXPECT_KEYS = frozenset({"request", "requests", "error", "result"})

_SURROGATE = re.compile("[\ud800-\udfff]")

Outcome = dict[str, Any]
Runner = Callable[[str, Mapping[str, Any]], Outcome]


@dataclass(frozen=True, slots=True, kw_only=True)
class Vector:
    """One conformance vector, validated against the envelope; ``source`` is where it was read."""

    id: str
    provider: str
    operation: str
    input: Mapping[str, Any]
    expect: Mapping[str, Any]
    source: str = ""

    @classmethod
    def from_data(cls, data: object, source: str = "") -> Vector:
        """Validate one decoded JSON object as a vector, or raise :class:`InvalidVector`."""
        where = f" ({source})" if source else ""
        if not isinstance(data, dict):
            raise InvalidVector(
                f"a vector must be a JSON object, got {type(data).__name__}{where}",
                field="vector",
                rule="envelope is an object",
            )
        for key, kind in (("id", str), ("provider", str), ("operation", str)):
            if not isinstance(data.get(key), kind) or not data[key]:
                got = data.get(key)
                raise InvalidVector(
                    f"vector field {key!r} must be a non-empty string, got {got!r}{where}",
                    field=key,
                    value=data.get(key),
                    rule="envelope field",
                )
        if not isinstance(data.get("input"), dict):
            raise InvalidVector(
                f"vector {data['id']!r}: 'input' must be an object{where}",
                field="input",
                rule="envelope field",
            )
        expect = data.get("expect")
        if not isinstance(expect, dict) or len(expect) != 1 or not set(expect) <= EXPECT_KEYS:
            shown = sorted(expect) if isinstance(expect, dict) else expect
            raise InvalidVector(
                f"vector {data['id']!r}: 'expect' must hold exactly one of "
                f"{sorted(EXPECT_KEYS)}, got {shown!r}{where}",
                field="expect",
                value=expect,
                rule="exactly one expectation",
            )
        bad = _surrogate_path(data)
        if bad is not None:
            raise InvalidVector(
                f"vector {data['id']!r}: {bad} has a lone surrogate, which UTF-8 cannot "
                f"carry{where}",
                field=bad,
                rule="vector text is UTF-8",
            )
        extra = set(data) - {"id", "provider", "operation", "input", "expect", "description"}
        if extra:
            raise InvalidVector(
                f"vector {data['id']!r}: unknown envelope keys {sorted(extra)}{where}",
                field="vector",
                value=sorted(extra),
                rule="envelope keys are id, provider, operation, input, expect, description",
            )
        return cls(
            id=data["id"],
            provider=data["provider"],
            operation=data["operation"],
            input=data["input"],
            expect=expect,
            source=source,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorResult:
    """The outcome of one vector: ``ok`` and, when not, what differed."""

    vector: Vector
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """All results of a run."""

    results: tuple[VectorResult, ...]

    @property
    def passed(self) -> int:
        return sum(r.ok for r in self.results)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def failures(self) -> tuple[VectorResult, ...]:
        return tuple(r for r in self.results if not r.ok)


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            # rules.json holds a provider's rules as data, not vectors.
            if child.is_file() and child.suffix in (".json", ".jsonl") and child.name != RULES:
                yield child
    elif path.is_file():
        yield path
    else:
        raise InvalidVector(
            f"no such file or directory: {str(path)!r}", field="path", value=str(path)
        )


def _decode(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidVector(
            f"{source}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            field="file",
            value=source,
            rule="vector files are JSON",
        ) from None
    except RecursionError:
        raise InvalidVector(
            f"{source}: JSON nested deeper than the parser goes",
            field="file",
            value=source,
            rule="vector files are JSON of reasonable depth",
        ) from None
    except ValueError as exc:  # an integer literal over int's 4,300-digit limit
        raise InvalidVector(
            f"{source}: JSON the parser refuses: {exc}",
            field="file",
            value=source,
            rule="vector files are JSON with integers of at most 4300 digits",
        ) from None


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidVector(
            f"{file}: not UTF-8: byte 0x{exc.object[exc.start]:02x} at offset {exc.start}",
            field="file",
            value=str(file),
            rule="vector files are UTF-8 (RFC 8259 §8.1)",
            position=exc.start,
        ) from None
    except OSError as exc:
        raise InvalidVector(
            f"{file}: cannot be read ({exc.strerror or type(exc).__name__})",
            field="file",
            value=str(file),
            rule="vector files are readable",
        ) from None


def _surrogate_path(data: Any) -> str | None:
    """The JSON path of the first ``body`` text with a lone surrogate, or ``None``.

    ``"\\ud800"`` is valid JSON but no UTF-8 text: a text input may carry it on purpose (the
    text engine's vectors test it), a ``body`` never can (it becomes bytes on the wire).
    Walked without recursion (the parser already allowed the depth).
    """
    stack: list[tuple[str, Any, bool]] = [("", data, False)]
    while stack:
        path, node, in_body = stack.pop()
        if isinstance(node, str):
            if in_body and not node.isascii() and _SURROGATE.search(node):
                return path or "."
        elif isinstance(node, dict):
            stack.extend(
                (f"{path}.{key}", value, in_body or key == "body") for key, value in node.items()
            )
        elif isinstance(node, list):
            stack.extend((f"{path}[{i}]", item, in_body) for i, item in enumerate(node))
    return None


def load_vectors(paths: Iterable[str | Path]) -> list[Vector]:
    """Read every vector under ``paths`` (files or directories), validating each envelope.

    Vector ids must be unique across everything loaded.
    """
    vectors: list[Vector] = []
    for raw in paths:
        for file in _files(Path(raw)):
            text = _read(file)
            if file.suffix == ".jsonl":
                for lineno, line in enumerate(text.splitlines(), 1):
                    if line.strip():
                        where = f"{file}:{lineno}"
                        vectors.append(Vector.from_data(_decode(line, where), where))
            else:
                data = _decode(text, str(file))
                items = data if isinstance(data, list) else [data]
                vectors.extend(Vector.from_data(item, str(file)) for item in items)
    seen: dict[str, str] = {}
    for v in vectors:
        if v.id in seen:
            raise InvalidVector(
                f"duplicate vector id {v.id!r} in {v.source} (first in {seen[v.id]})",
                field="id",
                value=v.id,
                rule="ids are unique",
            )
        seen[v.id] = v.source
    return vectors


def _runner(provider: str) -> Runner:
    module_name = PROVIDER_MODULES.get(provider)
    if module_name is None:
        raise InvalidVector(
            f"unknown provider {provider!r}; known: {sorted(PROVIDER_MODULES)}",
            field="provider",
            value=provider,
            rule="provider name",
        )
    module = importlib.import_module(module_name)
    runner: Runner = module.run_vector
    return runner


def run_vector(vector: Vector, runners: Mapping[str, Runner] | None = None) -> Outcome:
    """Run one vector and return its outcome (one of the ``expect`` keys).

    ``runners`` maps extra provider names to ``run_vector``-style functions (they take
    precedence over the built-in providers), so callers can check their own adapters.
    """
    runner = runners[vector.provider] if runners and vector.provider in runners else None
    if runner is None:
        runner = _runner(vector.provider)
    try:
        return runner(vector.operation, vector.input)
    except ProviderError as exc:
        return {"error": {"code": exc.code, "message": exc.message}}
    except UnicodeEncodeError as exc:  # a lone surrogate the envelope check did not reach
        raise InvalidVector(
            f"vector {vector.id!r}: input has a lone surrogate at position {exc.start} of a "
            f"text that must become UTF-8 bytes ({vector.source})",
            field="input",
            rule="vector text is UTF-8",
            position=exc.start,
        ) from None


def _describe(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _compare(expected: Any, actual: Any, path: str = "") -> str | None:
    """The first place where ``actual`` differs from ``expected``, or ``None``."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in [*expected, *(k for k in actual if k not in expected)]:
            if key not in actual:
                return f"{path}.{key}: missing (expected {_describe(expected[key])})"
            if key not in expected:
                return f"{path}.{key}: unexpected {_describe(actual[key])}"
            diff = _compare(expected[key], actual[key], f"{path}.{key}")
            if diff:
                return diff
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: expected {len(expected)} items, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            diff = _compare(e, a, f"{path}[{i}]")
            if diff:
                return diff
        return None
    if expected != actual or type(expected) is not type(actual):
        return f"{path or '.'}: expected {_describe(expected)}, got {_describe(actual)}"
    return None


def check_vector(vector: Vector, runners: Mapping[str, Runner] | None = None) -> VectorResult:
    """Run one vector and compare its outcome with ``expect``."""
    try:
        outcome = run_vector(vector, runners)
    except SmsError as exc:
        return VectorResult(vector=vector, ok=False, detail=f"raised {type(exc).__name__}: {exc}")
    (kind,) = vector.expect
    if kind not in outcome:
        got = ", ".join(f"{k} {_describe(v)}" for k, v in outcome.items())
        return VectorResult(vector=vector, ok=False, detail=f"expected {kind}, got {got}")
    diff = _compare(dict(vector.expect), outcome)
    return VectorResult(vector=vector, ok=diff is None, detail=diff or "")


def run_vectors(vectors: Iterable[Vector], runners: Mapping[str, Runner] | None = None) -> Report:
    """Run every vector; one result each, in order."""
    return Report(results=tuple(check_vector(v, runners) for v in vectors))


def run_paths(paths: Iterable[str | Path], runners: Mapping[str, Runner] | None = None) -> Report:
    """Load every vector under ``paths`` and run them.

    >>> report = run_paths(["spec/text"])  # doctest: +SKIP
    >>> print(list(format_report(report))[-1])  # doctest: +SKIP
    42 passed, 0 failed
    """
    return run_vectors(load_vectors(paths), runners)


def format_report(report: Report) -> Iterator[str]:
    """One line per failure, then the closing ``N passed, N failed`` line."""
    for result in report.failures:
        v = result.vector
        yield f"FAIL {v.id} [{v.source}]: {result.detail}"
    yield f"{report.passed} passed, {report.failed} failed"
