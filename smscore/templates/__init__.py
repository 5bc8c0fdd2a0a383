"""Message templates: ``{0}`` positional and ``%%TAG%%`` placeholders, defaults, rendering.

Dialects (detected from the source unless ``dialect=`` names one):

* ``positional``: ``{0}``, ``{1}``… (Messangi batch, seed 002). Only ASCII digits between the
  braces make a placeholder; ``{ABC}``, ``{}``, ``{ 1}`` and lone braces are text. ``{01}``
  is placeholder 1. Placeholders are ints.
* ``tags``: ``%%NAME%%`` (Acoustic personalization, seed 003). A name is one or more characters
  other than ``%`` and line breaks, so names may hold spaces (``%%FIRST NAME%%``); a lone ``%``
  or ``%%`` is text. Names match values **exactly**: case and spaces count
  (``%%First Name%%`` does not take the value of ``"FIRST NAME"``, nor ``"FIRST NAME "``).
* ``jinja``: a sandboxed Jinja2 template for conditions and filters (never detected, only
  named; Jinja2 is imported only then, see :mod:`smscore.templates._jinja`).

A source with both ``{0}`` and ``%%TAG%%`` placeholders raises :class:`TemplateError` unless a
dialect is named (the other syntax is then text). A source with no placeholder is
``positional``; it renders to itself.

Rendering rules (:meth:`Template.render`): a value wins over a default; an empty string is a
value; ``None`` counts as no value (the default applies). A placeholder with neither raises
:class:`TemplateError` naming **every** missing placeholder at once. A value is a ``str``, an
``int`` or a finite ``float`` (``bool``, ``None`` as a final value, NaN and others are refused)
and numbers are written as ``str()`` writes them (``10.65``, ``20.5``, ``3``). Values are
inserted literally: a value holding ``%%Y%%`` or ``{0}`` is never expanded again. Extra values
(keys or positions no placeholder uses) are ignored, since recipient rows usually carry more
columns than one template needs.

The source is split once into literal and placeholder pieces and kept as a printf-style
pattern with an ``itemgetter`` for the values, so rendering a recipient runs no regular
expression and no per-character Python code.

Provider forms (:mod:`smscore.templates._forms`, re-exported here) turn one template and recipient
rows ``(number, values)`` into what each provider expects:

* :func:`to_messangi` -> :class:`MessangiBatch`: ``{n}`` text numbered in order of first
  appearance and per recipient a ``params`` tuple in that order; values keep their JSON types
  (``10.65`` stays a number); defaults are filled in here (Messangi has none).
* :func:`to_acoustic` -> :class:`AcousticSend`: ``%%TAG%%`` content, per contact a
  ``personalization`` map and one ``personalizationDefaults`` map (values as text).
* :func:`group_by_text` -> :class:`TextGroups`: mGage's gateway has no personalization, so
  recipients are grouped by their rendered text, one request per distinct text.

Rows that cannot be rendered are returned as :class:`RowFailure` values, never dropped.
"""

from __future__ import annotations

from ._compose import ComposedMessage, Composition, ValueCause, compose
from ._engine import Dialect, Placeholder, Template, json_value, text_of
from ._forms import (
    AcousticSend,
    MessangiBatch,
    RowFailure,
    TextGroups,
    acoustic_content,
    group_by_text,
    messangi_text,
    to_acoustic,
    to_messangi,
)

__all__ = [
    "AcousticSend",
    "ComposedMessage",
    "Composition",
    "Dialect",
    "MessangiBatch",
    "Placeholder",
    "RowFailure",
    "Template",
    "TextGroups",
    "ValueCause",
    "acoustic_content",
    "compose",
    "group_by_text",
    "json_value",
    "messangi_text",
    "text_of",
    "to_acoustic",
    "to_messangi",
]
