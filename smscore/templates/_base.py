"""The bottom of the template engine: the dialects, the placeholder type and the
"missing value" error, shared by the engine and the Jinja dialect (which imports nothing above)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Final

from ..errors import TemplateError

__all__ = ["MISSING_RULE", "Dialect", "Placeholder", "missing_error", "show"]

#: A placeholder: an ``int`` in the positional dialect, a ``str`` (tag or Jinja name) otherwise.
Placeholder = int | str

MISSING_RULE: Final = "every placeholder needs a value or a default"


class Dialect(enum.StrEnum):
    """The placeholder syntax of a template (a str enum: compares equal to its value)."""

    POSITIONAL = "positional"
    TAGS = "tags"
    JINJA = "jinja"


def show(key: Placeholder) -> str:
    """A placeholder as its author wrote it: ``{0}`` or ``%%NAME%%``."""
    return f"{{{key}}}" if isinstance(key, int) else f"%%{key}%%"


def missing_error(missing: Sequence[Placeholder], dialect: Dialect | None = None) -> TemplateError:
    """The :class:`TemplateError` for placeholders with no value and no default.

    >>> missing_error(["FIRST NAME", "PIN"]).value
    ('FIRST NAME', 'PIN')
    """
    shown = ", ".join(repr(k) if dialect is Dialect.JINJA else show(k) for k in missing)
    return TemplateError(
        f"values: no value and no default for {shown}; rule: {MISSING_RULE}",
        field="values",
        value=tuple(missing),
        rule=MISSING_RULE,
    )
