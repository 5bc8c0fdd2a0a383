"""The README's Python examples run verbatim, and every ``expression  # value`` line in them
evaluates to the value its comment shows."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    return [
        b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "running()" not in b
    ]  # the simulator example runs as examples/walkthrough.py (tests/test_examples.py)


def _claims(source: str) -> dict[int, Any]:
    """Line number -> the literal value shown in that line's trailing comment, or in a
    comment line of its own right below it."""
    claims: dict[int, Any] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if line.startswith("# "):
            number, comment = number - 1, line[2:]
        else:
            _code, sep, comment = line.partition("  #")
            if not sep:
                continue
        try:
            claims[number] = ast.literal_eval(comment.strip())
        except (ValueError, SyntaxError):
            continue  # words, not a value
    return claims


def test_the_readme_has_python_examples() -> None:
    assert len(_blocks()) >= 2


@pytest.mark.parametrize("index", range(len(_blocks())))
def test_readme_python_block_runs_and_shows_true_values(index: int) -> None:
    source = _blocks()[index]
    tree = ast.parse(source)
    claims = _claims(source)
    namespace: dict[str, Any] = {}
    checked = 0
    for node in tree.body:
        if isinstance(node, ast.Expr) and node.end_lineno in claims:
            value = eval(compile(ast.Expression(node.value), "README.md", "eval"), namespace)
            assert value == claims[node.end_lineno], ast.get_source_segment(source, node)
            checked += 1
        else:
            exec(compile(ast.Module([node], type_ignores=[]), "README.md", "exec"), namespace)
    assert checked >= 2
