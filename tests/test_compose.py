"""compose(): per-recipient rendering and segmentation, the summary, failures (exact values)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import smscore
from smscore import ComposedMessage, Composition, Template, ValueCause, segment
from smscore.templates import RowFailure
from smscore.templates._compose import compose
from smscore.text import Ucs2Cause

# 142 characters of GSM-7 once "%%NAME%%" is "Smith" (issue 4: one O’Brien triples the parts).
SOURCE = (
    "Dear %%NAME%%, your appointment at the Riverside clinic is confirmed for Monday at 10:30. "
    "Reply YES to keep it or call 555-0100 today to move it."
)


def test_one_value_turns_gsm_into_three_ucs2_parts() -> None:
    result = compose(SOURCE, [("+1", {"NAME": "Smith"}), ("+2", {"NAME": "O’Brien"})])
    smith, obrien = result.messages
    assert (len(smith.text), str(smith.encoding), smith.segments) == (142, "GSM-7", 1)
    assert smith.parts == (smith.text,)
    assert (len(obrien.text), str(obrien.encoding), obrien.segments) == (144, "UCS-2", 3)
    assert obrien.parts == (
        "Dear O’Brien, your appointment at the Riverside clinic is confirmed",
        " for Monday at 10:30. Reply YES to keep it or call 555-0100 today t",
        "o move it.",
    )
    assert (result.total_segments, result.ucs2_recipients, result.recipients) == (4, 1, 2)
    assert result.most_expensive is obrien
    assert result.failures == ()
    assert result.template_causes == ()
    assert result.value_causes == (
        ValueCause(
            placeholder="NAME",
            value="O’Brien",
            causes=(
                Ucs2Cause(position=1, char="’", codepoint="U+2019", replacement="'", note=None),
            ),
            suggestion="O'Brien",
            recipients=(1,),
        ),
    )


def test_messages_carry_the_text_engine_result() -> None:
    result = compose("Hi {0}", [("+1", ["Zoë"])])
    (message,) = result.messages
    assert message == ComposedMessage(0, "+1", "Hi Zoë", segment("Hi Zoë"))
    assert (message.index, message.number, message.text, message.segments) == (0, "+1", "Hi Zoë", 1)


def test_value_causes_group_by_value_and_list_rows() -> None:
    rows = [
        ("+1", {"A": "Zoë", "B": "x"}),
        ("+2", {"A": "ok", "B": "x"}),
        ("+3", {"A": "Zoë", "B": "Zoë"}),
        ("+4", {"A": "Δ", "B": "😀"}),
    ]
    result = compose("%%A%% %%B%% %%A%%", rows)
    assert result.ucs2_recipients == 3
    assert [(v.placeholder, v.value, v.suggestion, v.recipients) for v in result.value_causes] == [
        ("A", "Zoë", "Zoe", (0, 2)),
        ("B", "Zoë", "Zoe", (2,)),
        ("B", "😀", None, (3,)),
    ]
    emoji = result.value_causes[2].causes
    assert [(c.position, c.char, c.codepoint, c.replacement) for c in emoji] == [
        (0, "😀", "U+1F600", None)
    ]


def test_template_causes_point_into_the_source() -> None:
    result = compose("Olá %%NAME%% — até já", [("+1", {"NAME": "Ana"})])
    assert [(c.position, c.char) for c in result.template_causes] == [
        (2, "á"),
        (13, "—"),
        (20, "á"),
    ]
    assert result.value_causes == ()
    assert result.ucs2_recipients == 1


def test_failures_keep_every_row_with_a_reason() -> None:
    rows: list[Any] = [
        ("+1", {"NAME": "Ann"}),
        ("+2", {}),
        "+3",
        ("+4", {"NAME": "x" * 1600}),
        (44, {"NAME": "Bo"}),
        ("+6", {"NAME": True}),
    ]
    result = compose("Hi %%NAME%%", rows)
    assert [m.index for m in result.messages] == [0]
    assert result.failures == (
        RowFailure(
            index=1,
            number="+2",
            reason="values: no value and no default for %%NAME%%; rule: every placeholder "
            "needs a value or a default",
            missing=("NAME",),
        ),
        RowFailure(
            index=2,
            number=None,
            reason="recipients[2]: row '+3' is not a (number, values) pair; rule: a recipient "
            "row is a (number, values) pair with a str number",
        ),
        RowFailure(
            index=3,
            number="+4",
            reason="text is 1603 UTF-16 code units long, over the limit of 1600 UTF-16 code "
            "units (text[1600] is the first character past it)",
        ),
        RowFailure(
            index=4,
            number=None,
            reason="recipients[4]: number 44 is a int; rule: a recipient row is a (number, "
            "values) pair with a str number",
        ),
        RowFailure(
            index=5,
            number="+6",
            reason="values['NAME']: %%NAME%% has value True of type bool; rule: a value is a "
            "str, an int or a finite float",
        ),
    )
    assert result.total_segments == 1


def test_limit_none_lifts_the_cap() -> None:
    result = compose("%%A%%", [("+1", {"A": "x" * 1700})], limit=None)
    assert (result.messages[0].segments, result.failures) == (12, ())


def test_defaults_and_generators() -> None:
    def rows() -> Iterator[tuple[str, dict[str, str]]]:
        yield ("+1", {})
        yield ("+2", {"NAME": "Bo"})

    result = compose(Template("Hi %%NAME%%"), rows(), defaults={"NAME": "friend"})
    assert [m.text for m in result.messages] == ["Hi friend", "Hi Bo"]


def test_replace_lookalikes_is_passed_to_the_text_engine() -> None:
    result = compose(SOURCE, [("+2", {"NAME": "O’Brien"})], replace="lookalikes")
    (message,) = result.messages
    assert (str(message.encoding), message.segments) == ("GSM-7", 1)
    assert message.segmentation.segments_saved == 2
    assert message.text == SOURCE.replace("%%NAME%%", "O’Brien")
    assert result.ucs2_recipients == 0


def test_language_is_passed_to_the_text_engine() -> None:
    text = "Merhaba Ayşe, siparişiniz hazır."
    result = compose("Merhaba {0}, siparişiniz hazır.", [("+90", ["Ayşe"])], language="turkish")
    assert result.messages[0].segmentation == segment(text, language="turkish")


def test_jinja_templates_compose_and_report_values() -> None:
    t = Template("{% if vip %}Dear{% else %}Hi{% endif %} {{ name }}", dialect="jinja")
    result = compose(t, [("+1", {"vip": True, "name": "Zoë"}), ("+2", {"name": "Al"})])
    assert [m.text for m in result.messages] == ["Dear Zoë"]
    assert [f.missing for f in result.failures] == [("vip",)]
    assert [(v.placeholder, v.value, v.recipients) for v in result.value_causes] == [
        ("name", "Zoë", (0,))
    ]


def test_empty_input() -> None:
    assert compose("Hi", []) == Composition(
        messages=(),
        failures=(),
        total_segments=0,
        ucs2_recipients=0,
        value_causes=(),
        template_causes=(),
        most_expensive=None,
    )


def test_most_expensive_keeps_the_first_on_ties() -> None:
    result = compose("{0}", [("+1", ["a"]), ("+2", ["ë" * 71]), ("+3", ["ï" * 71])])
    assert result.most_expensive is not None
    assert (result.most_expensive.index, result.most_expensive.segments) == (1, 2)


def test_compose_is_public() -> None:
    assert smscore.templates.compose is compose
    assert {"ComposedMessage", "Composition", "ValueCause", "compose"} <= set(smscore.__all__)


@pytest.mark.parametrize("bad", ["Hi {0} and %%A%%"])
def test_bad_template_source_raises_before_any_row(bad: str) -> None:
    with pytest.raises(smscore.TemplateError) as info:
        compose(bad, [("+1", {})])
    assert info.value.field == "template"


@pytest.mark.parametrize("recipients", [None, 7, 1.5, "+12135550123", b"+1"])
def test_recipients_that_are_not_rows_are_a_type_error_naming_them(recipients: Any) -> None:
    with pytest.raises(TypeError) as info:
        compose("Hi %%A%%", recipients)
    assert str(info.value) == (
        f"recipients must be an iterable of (number, values) rows, got {type(recipients).__name__}"
    )


def test_a_mapping_of_recipients_is_not_silently_dropped() -> None:
    # iterating a dict yields its keys: each is a failed row with its reason, none is lost
    rows: Any = {"+12135550123": {"A": "x"}}
    c = compose("Hi %%A%%", rows)
    assert c.messages == ()
    assert c.failures == (
        RowFailure(
            index=0,
            number=None,
            reason="recipients[0]: row '+12135550123' is not a (number, values) pair; "
            "rule: a recipient row is a (number, values) pair with a str number",
        ),
    )
