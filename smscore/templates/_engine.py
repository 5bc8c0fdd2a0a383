"""The template engine behind :mod:`smscore.templates` (documented there): parse, render."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final

from ..errors import TemplateError
from ._base import Dialect, Placeholder, missing_error
from ._base import show as _show

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Dialect", "Placeholder", "Template", "json_value", "missing_error", "text_of"]


# seed 002 (Messangi batch): "{0}", "{1}"... positional fields; digits only.
_POSITIONAL_RE: Final = re.compile(r"\{([0-9]+)\}")
# seed 003 (Acoustic): "%%FIRST NAME%%" personalization tags; spaces allowed in names.
_TAG_RE: Final = re.compile(r"%%([^%\r\n]+)%%")

_VALUE_RULE: Final = "a value is a str, an int or a finite float"


def _bad_value(key: Placeholder, value: object, dialect: Dialect) -> TemplateError:
    shown = _show(key) if dialect is not Dialect.JINJA else repr(key)
    return TemplateError(
        f"values[{key!r}]: {shown} has value {value!r} of type {type(value).__name__}; "
        f"rule: {_VALUE_RULE}",
        field=f"values[{key!r}]",
        value=value,
        rule=_VALUE_RULE,
    )


def text_of(key: Placeholder, value: object, dialect: Dialect = Dialect.TAGS) -> str:
    """The text a placeholder value renders to, as ``str()`` writes it.

    Raises :class:`TemplateError` for a ``bool``, a non-finite float or any other type.

    >>> text_of("AMOUNT", 10.65)
    '10.65'
    """
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        raise _bad_value(key, value, dialect)
    if isinstance(value, int):
        try:
            return int.__repr__(value)
        except ValueError:  # over sys.get_int_max_str_digits(): Python refuses to write it
            limit = sys.get_int_max_str_digits()
            raise TemplateError(
                f"values[{key!r}]: {_show(key)} has an int value of more than {limit} digits; "
                f"rule: {_VALUE_RULE} that Python can write (sys.get_int_max_str_digits())",
                field=f"values[{key!r}]",
                value=None,
                rule=_VALUE_RULE,
            ) from None
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    raise _bad_value(key, value, dialect)


def json_value(key: Placeholder, value: object) -> str | int | float:
    """A placeholder value as a plain JSON scalar (subclasses such as enums unwrapped).

    >>> json_value(1, 10.65)
    10.65
    """
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text_of(key, value)  # refuses an int too long to write, as render does
        return int(value)
    if isinstance(value, float) and math.isfinite(value):
        return float(value)
    raise _bad_value(key, value, Dialect.POSITIONAL if isinstance(key, int) else Dialect.TAGS)


def _detect(source: str) -> Dialect:
    pos = _POSITIONAL_RE.search(source)
    tag = _TAG_RE.search(source)
    if pos is not None and tag is not None:
        raise TemplateError(
            f"template: the source mixes positional {pos.group(0)} (at {pos.start()}) and tag "
            f"{tag.group(0)} (at {tag.start()}) placeholders; rule: one dialect per template, "
            "name it with dialect='positional' or dialect='tags'",
            field="template",
            value=source,
            rule="one placeholder dialect per template",
            position=max(pos.start(), tag.start()),
        )
    return Dialect.TAGS if tag is not None else Dialect.POSITIONAL


def _split(source: str, dialect: Dialect) -> tuple[tuple[str, ...], tuple[Placeholder, ...]]:
    """Literal pieces (one more than slots) and the placeholder of each slot, in order."""
    literals: list[str] = []
    slots: list[Placeholder] = []
    start = 0
    if dialect is Dialect.POSITIONAL:
        for m in _POSITIONAL_RE.finditer(source):
            literals.append(source[start : m.start()])
            slots.append(int(m.group(1)))
            start = m.end()
    else:
        for m in _TAG_RE.finditer(source):
            literals.append(source[start : m.start()])
            slots.append(m.group(1))
            start = m.end()
    literals.append(source[start:])
    return tuple(literals), tuple(slots)


class Template:
    """A message template, compiled once, rendered per recipient.

    >>> t = Template("Hi %%FIRST NAME%%, your code is %%PIN%%")
    >>> t.placeholders
    ('FIRST NAME', 'PIN')
    >>> t.render({"PIN": "1234"}, defaults={"FIRST NAME": "Valued Customer"})
    'Hi Valued Customer, your code is 1234'
    >>> Template("Hi {0}, your balance is ${1}").render(["Elizabeth", 10.65])
    'Hi Elizabeth, your balance is $10.65'
    """

    __slots__ = (
        "_dialect",
        "_fast",
        "_fmt",
        "_getter",
        "_jinja",
        "_literals",
        "_placeholders",
        "_slot_index",
        "_slots",
        "_source",
    )

    _source: str
    _dialect: Dialect
    _placeholders: tuple[Placeholder, ...]
    _literals: tuple[str, ...]
    _slots: tuple[Placeholder, ...]
    _slot_index: tuple[int, ...]
    _fmt: str
    _fast: frozenset[type]
    _getter: Callable[[Any], Any] | None
    _jinja: Any

    def __init__(self, source: str, *, dialect: Dialect | str | None = None) -> None:
        if not isinstance(source, str):
            raise TypeError(f"Template source must be str, not {type(source).__name__}")
        if dialect is None:
            chosen = _detect(source)
        else:
            try:
                chosen = Dialect(dialect)
            except ValueError:
                raise TemplateError(
                    f"dialect: {dialect!r} is not a dialect; rule: one of "
                    "'positional', 'tags', 'jinja'",
                    field="dialect",
                    value=dialect,
                    rule="dialect is 'positional', 'tags' or 'jinja'",
                ) from None
        self._source = source
        self._dialect = chosen
        self._jinja = None
        self._getter = None
        self._fast = frozenset({dict}) if chosen is Dialect.TAGS else frozenset({list, tuple})
        if chosen is Dialect.JINJA:
            from . import _jinja  # Jinja2 is imported only for this dialect.

            self._jinja, self._placeholders = _jinja.compile_source(source)
            self._literals, self._slots, self._fmt = (source,), (), ""
            self._slot_index = ()
            return
        self._literals, self._slots = _split(source, chosen)
        self._placeholders = tuple(dict.fromkeys(self._slots))
        position = {key: i for i, key in enumerate(self._placeholders)}
        self._slot_index = tuple(position[key] for key in self._slots)
        # A printf-style pattern: '%' formatting of a tuple is about 4x faster than str.format
        # on a 150-character pattern, and runs no regular expression per recipient.
        self._fmt = "%s".join(literal.replace("%", "%%") for literal in self._literals)
        slots = self._slots
        if len(slots) > 1:
            self._getter = itemgetter(*slots)
        elif slots:
            key = slots[0]
            self._getter = lambda values: (values[key],)

    # -- read-only view -------------------------------------------------------------------
    @property
    def source(self) -> str:
        """The template text as given."""
        return self._source

    @property
    def dialect(self) -> Dialect:
        """The dialect in use (detected or named)."""
        return self._dialect

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        """Each placeholder once, in order of first appearance (ints for positional)."""
        return self._placeholders

    @property
    def pieces(self) -> tuple[tuple[str, ...], tuple[Placeholder, ...]]:
        """``(literals, slots)``: the source split once; ``len(literals) == len(slots) + 1``.

        Not available for Jinja templates (they have no fixed pieces).
        """
        if self._dialect is Dialect.JINJA:
            raise TemplateError(
                "template: a jinja template has no fixed literal/placeholder pieces; "
                "rule: provider placeholder forms need the positional or tags dialect",
                field="template",
                value=self._source,
                rule="provider forms need a native dialect",
            )
        return self._literals, self._slots

    def __repr__(self) -> str:
        return f"Template({self._source!r}, dialect={self._dialect.value!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Template):
            return NotImplemented
        return (self._source, self._dialect) == (other._source, other._dialect)

    def __hash__(self) -> int:
        return hash((Template, self._source, self._dialect))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._source, self._dialect.value))

    # -- rendering ------------------------------------------------------------------------
    def render(self, values: Any = None, *, defaults: Any = None) -> str:
        """The text for one recipient.

        ``values`` is a mapping of name to value for tags (and Jinja), a sequence (or a mapping
        of index to value) for positional placeholders; ``defaults`` has the same shape.

        >>> Template("Total: {0} {1}").render(["EUR", 3])
        'Total: EUR 3'
        """
        getter = self._getter
        if getter is not None and type(values) in self._fast:
            # Fast path: every placeholder present and a plain str/int/finite float.
            try:
                got = getter(values)
            except (KeyError, IndexError):
                pass
            else:
                for v in got:
                    t = type(v)
                    if t is not str and t is not int and (t is not float or not math.isfinite(v)):
                        break
                else:
                    try:
                        text: str = self._fmt % got
                        return text
                    except ValueError:  # an int over sys.get_int_max_str_digits()
                        pass
        return self.render_slow(values, defaults)

    def render_slow(self, values: Any, defaults: Any) -> str:
        """:meth:`render` without its fast path (every check spelled out); same result."""
        if self._dialect is Dialect.JINJA:
            from . import _jinja

            return _jinja.render(self._jinja, self._placeholders, values, defaults)
        resolved = self.resolve(values, defaults, text_of)
        return self._fmt % tuple([resolved[i] for i in self._slot_index])

    def resolve(
        self,
        values: Any,
        defaults: Any,
        convert: Callable[[Placeholder, object], Any],
    ) -> list[Any]:
        """Each placeholder's final value (value, else default), passed through ``convert``.

        Raises :class:`TemplateError` naming every placeholder with neither.
        """
        if self._dialect is Dialect.JINJA:
            raise TemplateError(
                "template: jinja placeholders have no fixed values; rule: resolve needs the "
                "positional or tags dialect",
                field="template",
                value=self._source,
                rule="provider forms need a native dialect",
            )
        get = self._lookup(values, "values")
        get_default = self._lookup(defaults, "defaults") if defaults is not None else None
        out: list[Any] = []
        missing: list[Placeholder] = []
        bad: TemplateError | None = None
        for key in self._placeholders:
            value = get(key)
            if value is None and get_default is not None:
                value = get_default(key)
            if value is None:
                missing.append(key)
            elif bad is None:
                try:
                    out.append(convert(key, value))
                except TemplateError as exc:
                    bad = exc  # raised after the missing ones, which are named all at once
        if missing:
            raise missing_error(missing)
        if bad is not None:
            raise bad
        return out

    def _lookup(self, values: Any, field: str) -> Callable[[Placeholder], Any]:
        if values is None:
            return _nothing
        if isinstance(values, Mapping):
            return values.get
        if self._dialect is Dialect.POSITIONAL and (
            isinstance(values, Sequence) and not isinstance(values, str | bytes | bytearray)
        ):
            seq = values
            size = len(seq)
            return lambda i: seq[i] if isinstance(i, int) and i < size else None
        rule = (
            "positional values are a sequence, or a mapping of index to value"
            if self._dialect is Dialect.POSITIONAL
            else "tag values are a mapping of name to value"
        )
        raise TemplateError(
            f"{field}: {type(values).__name__} value {values!r} is not usable; rule: {rule}",
            field=field,
            value=values,
            rule=rule,
        )


def _nothing(_key: Placeholder) -> None:
    return None


def _rebuild(source: str, dialect: str) -> Template:
    return Template(source, dialect=dialect)
