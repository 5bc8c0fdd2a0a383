"""Hypothesis properties of templates, provider forms and composition (names carry 'property')."""

from __future__ import annotations

import pickle
import re
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from smscore import Template, TemplateError
from smscore.templates import (
    acoustic_content,
    messangi_text,
    text_of,
    to_acoustic,
    to_messangi,
)
from smscore.templates._compose import compose

# Literal text mixes every character the two syntaxes use, so stray braces, lone '%' and
# '%%' runs, digits and non-GSM characters all appear next to placeholders.
LITERAL = st.text(alphabet="ab {}%01é’\n", max_size=12)
NAME = st.text(alphabet="AB C9{}", min_size=1, max_size=5)
VALUE = st.one_of(
    st.text(alphabet="xy%{}0Aë", max_size=6),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
)
# Independent references: the standard library's re.sub never expands a replacement again.
TAG_RE = re.compile(r"%%([^%\r\n]+)%%")
POS_RE = re.compile(r"\{([0-9]+)\}")


@st.composite
def tag_sources(draw: st.DrawFn) -> str:
    names = draw(st.lists(NAME, min_size=0, max_size=4))
    pieces = [draw(LITERAL)]
    for name in names:
        pieces.append(f"%%{name}%%")
        pieces.append(draw(LITERAL))
    return "".join(pieces)


@st.composite
def positional_sources(draw: st.DrawFn) -> str:
    indexes = draw(st.lists(st.integers(0, 4), min_size=0, max_size=4))
    pieces = [draw(LITERAL)]
    for i in indexes:
        pieces.append(f"{{{i}}}")
        pieces.append(draw(LITERAL))
    return "".join(pieces)


@given(tag_sources(), st.dictionaries(NAME, VALUE))
def test_property_tags_render_like_a_reference_substitution(
    source: str, values: dict[str, Any]
) -> None:
    t = Template(source, dialect="tags")
    names = [m.group(1) for m in TAG_RE.finditer(source)]
    assert t.placeholders == tuple(dict.fromkeys(names))
    filled = {n: values.get(n, "d") for n in names}
    expected = TAG_RE.sub(lambda m: str(filled[m.group(1)]), source)
    assert t.render(filled) == expected
    assert t.render(values, defaults=dict.fromkeys(names, "d")) == expected
    assert t.render_slow(filled, None) == expected


@given(positional_sources(), st.data())
def test_property_positional_render_like_a_reference_substitution(
    source: str, data: st.DataObject
) -> None:
    # a literal may spell a placeholder itself ("{1" + "0}" is {10}): one value per index used
    size = max([int(i) for i in POS_RE.findall(source)] + [4]) + 1
    assume(size <= 50)
    values = data.draw(st.lists(VALUE, min_size=size, max_size=size + 1))
    t = Template(source, dialect="positional")
    expected = POS_RE.sub(lambda m: str(values[int(m.group(1))]), source)
    assert t.render(values) == expected
    assert t.render(tuple(values)) == expected
    assert t.render(dict(enumerate(values))) == expected


@given(tag_sources())
def test_property_values_holding_placeholder_syntax_are_not_expanded(source: str) -> None:
    t = Template(source, dialect="tags")
    # every placeholder's value is the syntax of a placeholder: the output holds it verbatim
    values = {n: f"%%{n}%%" for n in t.placeholders}
    assert t.render(values) == TAG_RE.sub(lambda m: m.group(0), source) == source


@given(st.one_of(tag_sources(), positional_sources()))
def test_property_placeholders_are_stable(source: str) -> None:
    mixed = bool(POS_RE.search(source)) and bool(TAG_RE.search(source))
    if mixed:
        with pytest.raises(TemplateError) as info:
            Template(source)
        assert info.value.field == "template"
        return
    t = Template(source)
    again = Template(source, dialect=t.dialect)
    assert t.placeholders == again.placeholders == pickle.loads(pickle.dumps(t)).placeholders
    literals, slots = t.pieces
    assert tuple(dict.fromkeys(slots)) == t.placeholders
    assert len(literals) == len(slots) + 1


@given(st.one_of(tag_sources(), positional_sources()), st.data())
def test_property_messangi_form_renders_the_same_text(source: str, data: st.DataObject) -> None:
    dialect = "tags" if "%%" in source and TAG_RE.search(source) else "positional"
    t = Template(source, dialect=dialect)
    # a literal may spell a placeholder itself ("{1" + "0}" is {10}): one value per index used
    size = max((p for p in t.placeholders if isinstance(p, int)), default=-1) + 1
    assume(size <= 50)
    values: Any = (
        {n: data.draw(VALUE) for n in t.placeholders}
        if dialect == "tags"
        else data.draw(st.lists(VALUE, min_size=size, max_size=size))
    )
    refused: TemplateError | None = None
    try:
        text = messangi_text(t)
    except TemplateError as exc:
        refused = exc
    # only a literal that Messangi would read as a placeholder is refused
    if refused is not None:
        assert refused.rule == "no literal Messangi placeholder syntax in the text"
    assume(refused is None)
    batch = to_messangi(t, [("+1", values)])
    ((_number, params),) = batch.recipients
    back = Template(text, dialect="positional")
    assert back.placeholders == tuple(range(len(t.placeholders)))
    assert back.render(list(params)) == t.render(values)


@given(st.one_of(tag_sources(), positional_sources()), st.data())
def test_property_acoustic_form_renders_the_same_text(source: str, data: st.DataObject) -> None:
    dialect = "tags" if TAG_RE.search(source) else "positional"
    t = Template(source, dialect=dialect)
    keys = list(t.placeholders)
    given_keys = data.draw(st.lists(st.sampled_from(keys), unique=True) if keys else st.just([]))
    values = {k: data.draw(VALUE) for k in given_keys}
    defaults = {k: "dflt" for k in keys if k not in values}
    refused: TemplateError | None = None
    try:
        content = acoustic_content(t)
    except TemplateError as exc:
        refused = exc
    if refused is not None:
        assert refused.rule == "no literal Acoustic placeholder syntax in the text"
    assume(refused is None)
    send = to_acoustic(t, [("1", values)], defaults=defaults)
    ((_number, personalization),) = send.contacts
    back = Template(content, dialect="tags")
    rendered = back.render(personalization, defaults=send.personalization_defaults)
    assert rendered == t.render(values, defaults=defaults)


@given(st.lists(st.one_of(st.dictionaries(st.sampled_from("AB"), VALUE), st.just("bad"))))
def test_property_compose_accounts_for_every_row(rows: list[Any]) -> None:
    result = compose("%%A%%-%%B%% ’", [(f"+{i}", v) for i, v in enumerate(rows)])
    indexes = sorted([m.index for m in result.messages] + [f.index for f in result.failures])
    assert indexes == list(range(len(rows)))
    for m in result.messages:
        assert "".join(m.parts) == m.text
        values = rows[m.index]
        assert m.text == f"{text_of('A', values['A'])}-{text_of('B', values['B'])} ’"
    assert result.total_segments == sum(m.segments for m in result.messages)
    assert result.ucs2_recipients == len(result.messages)
    assert [(c.position, c.char) for c in result.template_causes] == (
        [(12, "’")] if result.messages else []
    )
