"""The optional Jinja2 dialect: a sandboxed environment, undefined names are errors.

Imported only when a :class:`~smscore.templates.Template` is built with ``dialect="jinja"``,
so ``import smscore`` never imports Jinja2. Compiled templates are cached by source.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError
from ._base import Dialect, missing_error

# autoescape off: SMS is plain text, not HTML. keep_trailing_newline: a text ending in a
# newline keeps it (Jinja drops one by default), so nothing is silently removed.
_ENV = SandboxedEnvironment(
    undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
)


@lru_cache(maxsize=512)
def compile_source(source: str) -> tuple[jinja2.Template, tuple[str, ...]]:
    """The compiled template and its free names in order of first appearance (cached)."""
    try:
        tree = _ENV.parse(source)
        compiled = _ENV.from_string(tree)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"template: jinja syntax error at line {exc.lineno}: {exc.message}; "
            "rule: the source must be a valid Jinja2 template",
            field="template",
            value=source,
            rule="valid Jinja2 syntax",
        ) from None
    free = meta.find_undeclared_variables(tree)
    ordered = dict.fromkeys(n.name for n in tree.find_all(nodes.Name) if n.name in free)
    return compiled, tuple(ordered)


def _merged(values: Any, defaults: Any, field: str = "values") -> dict[str, Any]:
    context: dict[str, Any] = {}
    for name, given in (("defaults", defaults), (field, values)):
        if given is None:
            continue
        if not hasattr(given, "items"):
            raise TemplateError(
                f"{name}: {type(given).__name__} value {given!r} is not usable; rule: jinja "
                "values are a mapping of name to value",
                field=name,
                value=given,
                rule="jinja values are a mapping of name to value",
            )
        # None counts as no value, as in the native dialects: the default (if any) applies.
        context.update((str(k), v) for k, v in given.items() if v is not None)
    return context


def render(
    compiled: jinja2.Template, names: tuple[int | str, ...], values: Any, defaults: Any
) -> str:
    """Render in the sandbox; a missing name raises TemplateError naming every missing one."""
    context = _merged(values, defaults)
    try:
        return compiled.render(context)
    except jinja2.UndefinedError as exc:
        missing = [n for n in names if n not in context]
        if missing:
            raise missing_error(missing, Dialect.JINJA) from None
        reason = exc.message
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(
            f"template: jinja sandbox refused an operation: {exc}; rule: templates run sandboxed",
            field="template",
            value=str(exc),
            rule="jinja templates run in a sandbox",
        ) from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        reason = f"{type(exc).__name__}: {exc}"
    raise TemplateError(
        f"values: the jinja template failed to render: {reason}; rule: the template must "
        "render with the values given",
        field="values",
        value=tuple(sorted(context)),
        rule="the jinja template renders with the values given",
    )
