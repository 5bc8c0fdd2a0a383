"""Provider forms of a template: Messangi ``{n}`` + params, Acoustic tags + maps, mGage groups.

Re-exported by :mod:`smscore.templates` (documented there). Recipient rows are
``(number, values)`` pairs; the number is kept as given (normalize it first with
``smscore.prepare_recipients``). Every row lands either in the result or in ``failures``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import SmsError, TemplateError
from ._base import MISSING_RULE as _MISSING_RULE
from ._engine import (
    _POSITIONAL_RE,
    _TAG_RE,
    Dialect,
    Placeholder,
    Template,
    _split,
    json_value,
    missing_error,
    text_of,
)

__all__ = [
    "AcousticSend",
    "MessangiBatch",
    "RowFailure",
    "TextGroups",
    "acoustic_content",
    "group_by_text",
    "messangi_text",
    "recipient_rows",
    "to_acoustic",
    "to_messangi",
    "unpack_row",
]

_ROW_RULE = "a recipient row is a (number, values) pair with a str number"


@dataclass(frozen=True, slots=True, kw_only=True)
class RowFailure:
    """A recipient row that could not be rendered, and why.

    ``index`` is the row's position in the input; ``number`` the number as given (``None``
    when the row had no usable number); ``reason`` the error text (it names the field, the
    value and the rule); ``missing`` the placeholders with no value and no default.
    """

    index: int
    number: str | None
    reason: str
    missing: tuple[Placeholder, ...] = ()

    @classmethod
    def from_error(cls, index: int, number: str | None, error: SmsError) -> RowFailure:
        """The failure for ``error`` raised while rendering row ``index``."""
        missing: tuple[Placeholder, ...] = ()
        if isinstance(error, TemplateError) and error.rule == _MISSING_RULE:
            missing = tuple(error.value) if isinstance(error.value, tuple) else ()
        return cls(index=index, number=number, reason=str(error), missing=missing)


def recipient_rows(recipients: object) -> Iterable[Any]:
    """``recipients`` if it is an iterable of rows, else a TypeError naming the argument.

    Text is refused: iterating a str yields characters, never ``(number, values)`` rows.

    >>> recipient_rows(None)
    Traceback (most recent call last):
    ...
    TypeError: recipients must be an iterable of (number, values) rows, got NoneType
    """
    if isinstance(recipients, str | bytes | bytearray) or not isinstance(recipients, Iterable):
        raise TypeError(
            "recipients must be an iterable of (number, values) rows, "
            f"got {type(recipients).__name__}"
        )
    return recipients


def unpack_row(index: int, row: object) -> tuple[str, Any] | RowFailure:
    """``(number, values)`` from one recipient row, or the :class:`RowFailure` saying why not.

    >>> unpack_row(0, ("+12135550123", {"PIN": 1}))
    ('+12135550123', {'PIN': 1})
    """
    if isinstance(row, tuple | list) and len(row) == 2:
        number, values = row
        if isinstance(number, str):
            return number, values
        return RowFailure(
            index=index,
            number=None,
            reason=f"recipients[{index}]: number {number!r} is a {type(number).__name__}; "
            f"rule: {_ROW_RULE}",
        )
    return RowFailure(
        index=index,
        number=None,
        reason=f"recipients[{index}]: row {row!r} is not a (number, values) pair; "
        f"rule: {_ROW_RULE}",
    )


def _template(template: Template | str) -> Template:
    return template if isinstance(template, Template) else Template(template)


def _native(template: Template, provider: str) -> tuple[tuple[str, ...], tuple[Placeholder, ...]]:
    if template.dialect is Dialect.JINJA:
        raise TemplateError(
            f"template: a jinja template has no {provider} placeholder form; rule: render it "
            "per recipient and send each text (group_by_text)",
            field="template",
            value=template.source,
            rule="provider forms need the positional or tags dialect",
        )
    return template.pieces


def _check_reads_back(
    text: str,
    dialect: Dialect,
    literals: tuple[str, ...],
    slots: tuple[Placeholder, ...],
    provider: str,
) -> None:
    """The converted text must parse back to the same pieces, or a literal would be expanded."""
    if _split(text, dialect) == (literals, slots):
        return
    pattern = _POSITIONAL_RE if dialect is Dialect.POSITIONAL else _TAG_RE
    found = [m.group(0) for m in pattern.finditer(text)]
    raise TemplateError(
        f"template: literal text would be read by {provider} as a placeholder (the converted "
        f"text {text!r} holds {found!r}); rule: {provider} documents no escape for it",
        field="template",
        value=text,
        rule=f"no literal {provider} placeholder syntax in the text",
    )


def messangi_text(template: Template | str) -> str:
    """The Messangi batch ``text``: ``{0}``, ``{1}``… numbered in order of first appearance.

    Numbering by first appearance makes "params in the order the placeholders were defined"
    (seed 002, ``to.params``) true under either reading of that sentence.

    A literal ``{n}`` in a tags template raises :class:`TemplateError` (Messangi would expand
    it, and documents no escape).

    >>> messangi_text("Hi %%NAME%%, you owe %%AMOUNT%%")
    'Hi {0}, you owe {1}'
    """
    tpl = _template(template)
    literals, slots = _native(tpl, "Messangi")
    position = {key: i for i, key in enumerate(tpl.placeholders)}
    text = "".join(
        [literals[0]]
        + [f"{{{position[k]}}}{lit}" for k, lit in zip(slots, literals[1:], strict=True)]
    )
    _check_reads_back(
        text, Dialect.POSITIONAL, literals, tuple(position[k] for k in slots), "Messangi"
    )
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class MessangiBatch:
    """A Messangi batch: one ``text`` and, per recipient, ``(number, params)``.

    ``params`` hold the values in placeholder order with their JSON types (seed 002:
    ``"params": ["Elizabeth", 10.65]``); defaults are already filled in.
    """

    text: str
    recipients: tuple[tuple[str, tuple[str | int | float, ...]], ...]
    failures: tuple[RowFailure, ...] = ()


def to_messangi(
    template: Template | str,
    recipients: Iterable[tuple[str, Any]],
    *,
    defaults: Any = None,
) -> MessangiBatch:
    """The Messangi batch form of ``template`` for ``recipients`` (``(number, values)`` rows).

    >>> b = to_messangi("Hi {0}, your balance is ${1}", [("+525500000000", ["Elizabeth", 10.65])])
    >>> b.text, b.recipients
    ('Hi {0}, your balance is ${1}', (('+525500000000', ('Elizabeth', 10.65)),))
    """
    tpl = _template(template)
    text = messangi_text(tpl)
    rows: list[tuple[str, tuple[str | int | float, ...]]] = []
    failures: list[RowFailure] = []
    for index, row in enumerate(recipient_rows(recipients)):
        unpacked = unpack_row(index, row)
        if isinstance(unpacked, RowFailure):
            failures.append(unpacked)
            continue
        number, values = unpacked
        try:
            params = tuple(tpl.resolve(values, defaults, json_value))
        except TemplateError as exc:
            failures.append(RowFailure.from_error(index, number, exc))
            continue
        rows.append((number, params))
    return MessangiBatch(text=text, recipients=tuple(rows), failures=tuple(failures))


def _tag_names(template: Template, names: Mapping[int, str] | Sequence[str] | None) -> list[str]:
    given: object = names
    if given is not None and (
        isinstance(given, str | bytes | bytearray) or not isinstance(given, Mapping | Sequence)
    ):
        raise TypeError(
            "names must be a mapping of {index: tag name} or a sequence of tag names, "
            f"got {type(names).__name__}"
        )
    if template.dialect is Dialect.TAGS:
        return [str(k) for k in template.placeholders]
    out: list[str] = []
    for key in template.placeholders:
        assert isinstance(key, int)
        if names is None:
            name: object = str(key)
        elif isinstance(names, Mapping):
            name = names.get(key)
        else:
            name = names[key] if key < len(names) else None
        if not isinstance(name, str) or _TAG_RE.fullmatch(f"%%{name}%%") is None:
            raise TemplateError(
                f"names[{key}]: {name!r} is not a tag name for {{{key}}}; rule: a tag name is "
                "one or more characters other than '%' and line breaks",
                field=f"names[{key}]",
                value=name,
                rule="tag names are non-empty, without '%' or line breaks",
            )
        out.append(name)
    if len(set(out)) != len(out):
        raise TemplateError(
            f"names: {out!r} repeat a name; rule: each placeholder gets its own tag name",
            field="names",
            value=tuple(out),
            rule="tag names are unique",
        )
    return out


def acoustic_content(
    template: Template | str, names: Mapping[int, str] | Sequence[str] | None = None
) -> str:
    """The Acoustic ``content``: ``%%TAG%%`` text (positional ``{i}`` becomes ``%%<names[i]>%%``).

    >>> acoustic_content("Hi {0}, code {1}", names=["FIRST NAME", "PIN"])
    'Hi %%FIRST NAME%%, code %%PIN%%'
    """
    tpl = _template(template)
    literals, slots = _native(tpl, "Acoustic")
    tags = dict(zip(tpl.placeholders, _tag_names(tpl, names), strict=True))
    text = "".join(
        [literals[0]] + [f"%%{tags[k]}%%{lit}" for k, lit in zip(slots, literals[1:], strict=True)]
    )
    _check_reads_back(text, Dialect.TAGS, literals, tuple(tags[k] for k in slots), "Acoustic")
    return text


@dataclass(frozen=True, slots=True, kw_only=True)
class AcousticSend:
    """An Acoustic send: ``content``, per contact ``(number, personalization)``, and defaults.

    Values are text as :meth:`Template.render` writes them (seed 003 shows string values:
    ``"PIN": "1234"``); a contact's map holds only the template's tags it has a value for.
    """

    content: str
    contacts: tuple[tuple[str, dict[str, str]], ...]
    personalization_defaults: dict[str, str]
    failures: tuple[RowFailure, ...] = ()


def to_acoustic(
    template: Template | str,
    recipients: Iterable[tuple[str, Any]],
    *,
    defaults: Any = None,
    names: Mapping[int, str] | Sequence[str] | None = None,
) -> AcousticSend:
    """The Acoustic form of ``template`` for ``recipients`` (``(number, values)`` rows).

    A row with a tag that has no value and no default is a failure here: Acoustic would refuse
    the whole request (seed 003: 400 "Wrong personalization tags {tag}").

    >>> s = to_acoustic("Your PIN %%PIN%%", [("19492319304", {"PIN": 1234})])
    >>> s.content, s.contacts, s.personalization_defaults
    ('Your PIN %%PIN%%', (('19492319304', {'PIN': '1234'}),), {})
    """
    tpl = _template(template)
    content = acoustic_content(tpl, names)
    tags = list(zip(tpl.placeholders, _tag_names(tpl, names), strict=True))
    get_default = tpl._lookup(defaults, "defaults")
    default_map: dict[str, str] = {}
    for key, tag in tags:
        value = get_default(key)
        if value is not None:
            default_map[tag] = text_of(key, value, tpl.dialect)
    contacts: list[tuple[str, dict[str, str]]] = []
    failures: list[RowFailure] = []
    for index, row in enumerate(recipient_rows(recipients)):
        unpacked = unpack_row(index, row)
        if isinstance(unpacked, RowFailure):
            failures.append(unpacked)
            continue
        number, values = unpacked
        try:
            get = tpl._lookup(values, "values")
            personalization: dict[str, str] = {}
            missing: list[Placeholder] = []
            for key, tag in tags:
                value = get(key)
                if value is not None:
                    personalization[tag] = text_of(key, value, tpl.dialect)
                elif tag not in default_map:
                    missing.append(key)
            if missing:
                raise missing_error(missing, tpl.dialect)
        except TemplateError as exc:
            failures.append(RowFailure.from_error(index, number, exc))
            continue
        contacts.append((number, personalization))
    return AcousticSend(
        content=content,
        contacts=tuple(contacts),
        personalization_defaults=default_map,
        failures=tuple(failures),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class TextGroups:
    """Recipients grouped by rendered text, in first-seen order: one request per group.

    mGage's gateway has no personalization (seed 000): each distinct text is its own send.
    """

    groups: tuple[tuple[str, tuple[str, ...]], ...]
    failures: tuple[RowFailure, ...] = ()


def group_by_text(
    template: Template | str,
    recipients: Iterable[tuple[str, Any]],
    *,
    defaults: Any = None,
) -> TextGroups:
    """Render every row and group the numbers by their text (works for every dialect).

    >>> g = group_by_text("Hi {0}", [("1", ["Ann"]), ("2", ["Bo"]), ("3", ["Ann"])])
    >>> g.groups
    (('Hi Ann', ('1', '3')), ('Hi Bo', ('2',)))
    """
    tpl = _template(template)
    groups: dict[str, list[str]] = {}
    failures: list[RowFailure] = []
    for index, row in enumerate(recipient_rows(recipients)):
        unpacked = unpack_row(index, row)
        if isinstance(unpacked, RowFailure):
            failures.append(unpacked)
            continue
        number, values = unpacked
        try:
            text = tpl.render(values, defaults=defaults)
        except TemplateError as exc:
            failures.append(RowFailure.from_error(index, number, exc))
            continue
        groups.setdefault(text, []).append(number)
    return TextGroups(
        groups=tuple((text, tuple(numbers)) for text, numbers in groups.items()),
        failures=tuple(failures),
    )
