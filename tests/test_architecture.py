"""The house keeps its shape: no import circles in smscore, modules of a readable size,
a registry that serves every provider, and an ``import smscore`` that stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import smscore
from smscore import providers

PACKAGE = Path(smscore.__file__).parent
MAX_LINES = 620  # STYLE.md: "modules under ~600 lines"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, is_package: bool, level: int, name: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


def import_graph() -> dict[str, set[str]]:
    """Every smscore module -> the smscore modules it imports (at any depth in its body)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = (
                    _resolve(name, is_package, node.level, node.module)
                    if node.level
                    else node.module or ""
                )
                # "from . import x" imports the submodule x when there is one, and reads
                # the package face only for names that are not submodules
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [base, *subs]
            for target in targets:
                # importing a.b.c runs a and a.b first; only the named module is an edge
                if target in modules and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan).

    A package importing its children is its face; a child importing its package back
    closes a circle."""
    pruned = graph
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(pruned[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(pruned):
        if v not in index:
            visit(v)
    return cycles


def test_the_graph_walker_finds_a_planted_cycle() -> None:
    graph = {"a": {"a.b"}, "a.b": {"a.c"}, "a.c": {"a.b"}, "a.d": {"a"}}
    assert find_cycles(graph) == [["a.b", "a.c"]]
    # a package importing its child is its face; the child importing it back is a circle
    assert find_cycles({"p": {"p.x"}, "p.x": set()}) == []
    assert find_cycles({"p": {"p.x"}, "p.x": {"p"}}) == [["p", "p.x"]]


def test_smscore_has_no_import_cycles() -> None:
    graph = import_graph()
    assert len(graph) > 50
    assert find_cycles(graph) == []


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
    }
    # the national shift tables are data transcribed from TS 23.038 annex A
    sizes.pop("smscore.text._gsm_indian", None)
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


def test_the_registry_serves_every_provider() -> None:
    assert list(providers.PROVIDERS) == ["mgage-gateway", "mgage-export", "messangi", "acoustic"]
    for name in providers.PROVIDERS:
        module = providers.get(name)
        assert name == module.NAME
        assert callable(module.run_vector)
        assert isinstance(module.SENDS, bool)
    assert providers.SEND_PROVIDERS == ("mgage-gateway", "messangi", "acoustic")
    for name in providers.SEND_PROVIDERS:
        module = providers.get(name)
        assert module.SENDS is True
        for attr in ("plan_send", "check_send", "parse_send", "Credentials"):
            assert callable(getattr(module, attr)), (name, attr)


def test_an_unknown_provider_is_a_typed_error() -> None:
    with pytest.raises(smscore.InvalidRequest) as info:
        providers.get("twilio")
    assert str(info.value).startswith("unknown provider 'twilio'; known: mgage-gateway,")
    assert info.value.field == "provider"


def test_import_smscore_imports_no_optional_or_heavy_dependency() -> None:
    code = (
        "import sys, smscore, smscore.providers; "
        "heavy = ['httpx', 'starlette', 'uvicorn', 'dask', 'pandas', 'pyarrow', 'rich', "
        "'jinja2', 'regex', 'phonenumbers', 'smscore.providers.messangi', "
        "'smscore.providers.acoustic', 'smscore.providers.mgage_gateway', 'smscore.cli']; "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_indian_tables_mark_reserved_cells_as_the_gsm_module_does() -> None:
    from smscore.text import _gsm, _gsm_indian

    assert _gsm_indian.RESERVED == _gsm.RESERVED == "\uffff"
