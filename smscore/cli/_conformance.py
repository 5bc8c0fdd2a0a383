"""``smscore conformance``: every vector file runs; a malformed one is a failure, not a stop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..errors import SmsError
from ._safe import safe


def _files(path: Path) -> Iterator[Path]:
    from ..conformance import RULES

    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix in (".json", ".jsonl") and child.name != RULES:
                yield child
    else:
        yield path


def run(paths: list[str], out: TextIO) -> int:
    """Run the vectors under ``paths``; one line per failure, then ``N passed, N failed``."""
    from ..conformance import check_vector, load_vectors

    passed = failed = 0
    seen: dict[str, str] = {}
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            failed += 1
            out.write(f"FAIL {safe(raw)}: no such file or directory\n")
            continue
        for file in _files(path):
            try:
                vectors = load_vectors([file])
            except (SmsError, OSError, UnicodeDecodeError) as exc:
                if file.suffix != ".jsonl":
                    failed += 1
                    reason = _reason(exc).removeprefix(f"{file}: ")
                    out.write(f"FAIL {safe(file)}: {safe(reason)}\n")
                    continue
                vectors, bad = _jsonl_lines(file)
                failed += len(bad)
                out.writelines(f"FAIL {safe(where)}: {safe(why)}\n" for where, why in bad)
            for vector in vectors:
                first = seen.setdefault(vector.id, vector.source)
                if first != vector.source:
                    failed += 1
                    out.write(
                        f"FAIL {safe(vector.id)} [{safe(vector.source)}]: duplicate vector id "
                        f"(first in {safe(first)})\n"
                    )
                    continue
                try:
                    result = check_vector(vector)
                except Exception as exc:  # a runner's bug is this vector's failure
                    failed += 1
                    out.write(
                        f"FAIL {safe(vector.id)} [{safe(vector.source)}]: raised "
                        f"{type(exc).__name__}: {safe(exc)}\n"
                    )
                    continue
                if result.ok:
                    passed += 1
                else:
                    failed += 1
                    out.write(
                        f"FAIL {safe(vector.id)} [{safe(vector.source)}]: {safe(result.detail)}\n"
                    )
    out.write(f"{passed} passed, {failed} failed\n")
    return 1 if failed or not passed else 0


def _jsonl_lines(file: Path) -> tuple[list[Any], list[tuple[str, str]]]:
    """A JSON Lines file line by line: the good vectors, and ``(file:line, why)`` for the rest."""
    from ..conformance import Vector

    good: list[Any] = []
    bad: list[tuple[str, str]] = []
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [(str(file), _reason(exc))]
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{file}:{n}"
        try:
            good.append(Vector.from_data(json.loads(line), where))
        except json.JSONDecodeError as exc:
            bad.append((where, f"not valid JSON: {exc.msg} at column {exc.colno}"))
        except (SmsError, RecursionError, ValueError) as exc:
            bad.append((where, str(exc)))
    return good, bad


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 (byte {exc.start})"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
