"""Per-recipient composition: render a template for each row, segment each text, sum it up.

The caller pays for what each recipient receives, not for the template: one ``Zoë`` or
``O’Brien`` turns a 142-character GSM-7 message into UCS-2 and three parts. :func:`compose`
renders every ``(number, values)`` row with :meth:`Template.render`, segments the text with
:func:`smscore.text.segment`, and returns a :class:`Composition`:

* ``messages``: one :class:`ComposedMessage` per rendered row (text, encoding, parts, segments);
* ``failures``: one :class:`~smscore.templates.RowFailure` per row that could not be sent as
  asked (missing values, a value of the wrong type, a text over the length limit, a malformed
  row), with the reason. Every input row lands in exactly one of the two;
* the summary: ``total_segments``, ``ucs2_recipients``, ``value_causes`` (which placeholder
  values turned messages into UCS-2, with the text engine's GSM-7 suggestions),
  ``template_causes`` (when the template's own text forces UCS-2) and ``most_expensive``.

Numbers are kept as given; normalize and dedup them first with ``prepare_recipients``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import SmsError, TemplateError
from ..text import DEFAULT_LIMIT, Encoding, Segmentation, Ucs2Cause, segment
from ._engine import _POSITIONAL_RE, _TAG_RE, Dialect, Placeholder, Template, text_of
from ._forms import RowFailure, recipient_rows, unpack_row

__all__ = ["ComposedMessage", "Composition", "ValueCause", "compose"]

_UCS2 = Encoding.UCS2


@dataclass(slots=True)
class ComposedMessage:
    """One recipient's message: the row ``index``, the ``number`` as given, the ``text`` sent
    and its :class:`~smscore.text.Segmentation`.

    A plain slotted class (not frozen): one is built per recipient (STYLE.md, "Data").
    """

    index: int
    number: str
    text: str
    segmentation: Segmentation

    @property
    def encoding(self) -> Encoding:
        """``"GSM-7"`` or ``"UCS-2"``."""
        return self.segmentation.encoding

    @property
    def parts(self) -> tuple[str, ...]:
        """The exact substring each segment carries."""
        return self.segmentation.parts

    @property
    def segments(self) -> int:
        """The number of parts: what this recipient costs."""
        return len(self.segmentation.parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class ValueCause:
    """A placeholder value that forces UCS-2, in the messages of ``recipients`` (row indexes).

    ``causes`` are the value's own characters that are not GSM-7, each with the text engine's
    suggestion (``replacement``, ``note``); ``suggestion`` is the value with every suggested
    replacement applied, or ``None`` when some character has none.
    """

    placeholder: Placeholder
    value: str
    causes: tuple[Ucs2Cause, ...]
    suggestion: str | None
    recipients: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Composition:
    """Every recipient's message, the rows that failed, and what the send costs."""

    messages: tuple[ComposedMessage, ...]
    failures: tuple[RowFailure, ...]
    total_segments: int
    ucs2_recipients: int
    value_causes: tuple[ValueCause, ...]
    template_causes: tuple[Ucs2Cause, ...]
    most_expensive: ComposedMessage | None

    @property
    def recipients(self) -> int:
        """How many rows were rendered (``len(messages)``)."""
        return len(self.messages)


def compose(
    template: Template | str,
    recipients: Iterable[tuple[str, Any]],
    *,
    defaults: Any = None,
    limit: int | None = DEFAULT_LIMIT,
    language: str | None = None,
    replace: Literal["lookalikes"] | None = None,
) -> Composition:
    """Render and segment ``template`` for every ``(number, values)`` row.

    ``defaults`` apply to every row; ``limit``, ``language`` and ``replace`` are passed to
    :func:`smscore.text.segment` (a text over ``limit`` is a failure for its row).

    >>> c = compose("Hi %%NAME%%, welcome!", [("+1", {"NAME": "Ann"}), ("+2", {"NAME": "Zoë"})])
    >>> [(m.text, str(m.encoding), m.segments) for m in c.messages]
    [('Hi Ann, welcome!', 'GSM-7', 1), ('Hi Zoë, welcome!', 'UCS-2', 1)]
    >>> c.total_segments, c.ucs2_recipients, [(v.value, v.suggestion) for v in c.value_causes]
    (2, 1, [('Zoë', 'Zoe')])
    """
    tpl = template if isinstance(template, Template) else Template(template)
    render = tpl.render
    messages: list[ComposedMessage] = []
    failures: list[RowFailure] = []
    ucs2: list[tuple[ComposedMessage, Any]] = []  # (message, its values) for the summary
    plain = language is None and replace is None
    for index, row in enumerate(recipient_rows(recipients)):
        if type(row) is tuple and len(row) == 2 and type(row[0]) is str:
            number, values = row
        else:
            unpacked = unpack_row(index, row)
            if isinstance(unpacked, RowFailure):
                failures.append(unpacked)
                continue
            number, values = unpacked
        try:
            text = render(values, defaults=defaults)
            if plain:
                seg = segment(text, limit=limit)
            else:
                seg = segment(text, limit=limit, language=language, replace=replace)
        except SmsError as exc:
            failures.append(RowFailure.from_error(index, number, exc))
            continue
        message = ComposedMessage(index, number, text, seg)
        messages.append(message)
        if seg.encoding is _UCS2:
            ucs2.append((message, values))
    total = 0
    most: ComposedMessage | None = None
    most_segments = 0
    for message in messages:
        n = len(message.segmentation.parts)
        total += n
        if n > most_segments:  # ties keep the first row
            most, most_segments = message, n
    template_causes: tuple[Ucs2Cause, ...] = ()
    value_causes: tuple[ValueCause, ...] = ()
    if ucs2:
        template_causes = _template_causes(tpl, language, replace)
        value_causes = _value_causes(tpl, ucs2, defaults, language, replace)
    return Composition(
        messages=tuple(messages),
        failures=tuple(failures),
        total_segments=total,
        ucs2_recipients=len(ucs2),
        value_causes=value_causes,
        template_causes=template_causes,
        most_expensive=most,
    )


def _causes_of(
    text: str, language: str | None, replace: Literal["lookalikes"] | None
) -> tuple[Ucs2Cause, ...]:
    return segment(text, limit=None, language=language, replace=replace).why_ucs2()


def _template_causes(
    tpl: Template, language: str | None, replace: Literal["lookalikes"] | None
) -> tuple[Ucs2Cause, ...]:
    """Non-GSM characters of the template's own text, at their positions in the source.

    Only literal text counts: placeholder syntax never reaches the handset. A Jinja source is
    checked whole (its syntax is ASCII; its text is what reaches the handset).
    """
    if tpl.dialect is Dialect.JINJA:
        return _causes_of(tpl.source, language, replace)
    pattern = _POSITIONAL_RE if tpl.dialect is Dialect.POSITIONAL else _TAG_RE
    spans: list[tuple[int, int]] = []
    start = 0
    for m in pattern.finditer(tpl.source):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(tpl.source)))
    found: list[Ucs2Cause] = []
    for begin, end in spans:
        found.extend(
            dataclasses.replace(cause, position=begin + cause.position)
            for cause in _causes_of(tpl.source[begin:end], language, replace)
        )
    return tuple(found)


def _row_values(tpl: Template, values: Any, defaults: Any) -> list[tuple[Placeholder, str]]:
    """Each placeholder's final text for one (already rendered, so valid) row."""
    if tpl.dialect is not Dialect.JINJA:
        resolved = tpl.resolve(values, defaults, text_of)
        return list(zip(tpl.placeholders, resolved, strict=True))
    out: list[tuple[Placeholder, str]] = []
    for name in tpl.placeholders:
        value = None
        for given in (values, defaults):
            if value is None and isinstance(given, Mapping):
                value = given.get(name)
        if value is not None:
            try:
                out.append((name, text_of(name, value, Dialect.JINJA)))
            except TemplateError:
                continue  # a list or mapping a loop walks: not one text value
    return out


def _value_causes(
    tpl: Template,
    ucs2: list[tuple[ComposedMessage, Any]],
    defaults: Any,
    language: str | None,
    replace: Literal["lookalikes"] | None,
) -> tuple[ValueCause, ...]:
    """The values with non-GSM characters in UCS-2 messages, in first-seen order."""
    checked: dict[str, tuple[tuple[Ucs2Cause, ...], str | None]] = {}
    rows: dict[tuple[Placeholder, str], list[int]] = {}
    for message, values in ucs2:
        for key, text in _row_values(tpl, values, defaults):
            if text not in checked:
                seg = segment(text, limit=None, language=language, replace=replace)
                causes = seg.why_ucs2()
                checked[text] = (causes, _suggestion(seg.text, causes) if causes else None)
            if checked[text][0]:
                indexes = rows.setdefault((key, text), [])
                if not indexes or indexes[-1] != message.index:
                    indexes.append(message.index)
    return tuple(
        ValueCause(
            placeholder=key,
            value=text,
            causes=checked[text][0],
            suggestion=checked[text][1],
            recipients=tuple(indexes),
        )
        for (key, text), indexes in rows.items()
    )


def _suggestion(text: str, causes: tuple[Ucs2Cause, ...]) -> str | None:
    """``text`` with every cause replaced by its suggestion, or None if one has none."""
    out: list[str] = []
    start = 0
    for cause in causes:
        if cause.replacement is None:
            return None
        out.append(text[start : cause.position])
        out.append(cause.replacement)
        start = cause.position + len(cause.char)
    out.append(text[start:])
    return "".join(out)
