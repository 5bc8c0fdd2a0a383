"""Template: both native dialects, defaults, errors, Jinja2, provider forms (exact values)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

import pytest

import smscore
from smscore import Template, TemplateError
from smscore.templates import (
    AcousticSend,
    Dialect,
    MessangiBatch,
    RowFailure,
    TextGroups,
    acoustic_content,
    group_by_text,
    json_value,
    messangi_text,
    text_of,
    to_acoustic,
    to_messangi,
)

MISSING_RULE = "every placeholder needs a value or a default"
VALUE_RULE = "a value is a str, an int or a finite float"


# --- the contract in DESIGN.md ---------------------------------------------------------------
def test_design_contract_tags() -> None:
    t = smscore.Template("Hi %%FIRST NAME%%, your code is %%PIN%%")
    assert t.dialect == "tags"
    assert t.placeholders == ("FIRST NAME", "PIN")
    assert (
        t.render({"PIN": "1234"}, defaults={"FIRST NAME": "Valued Customer"})
        == "Hi Valued Customer, your code is 1234"
    )


def test_design_contract_positional() -> None:
    t = smscore.Template("Hi {0}, your balance is ${1}")
    assert t.dialect is Dialect.POSITIONAL
    assert t.placeholders == (0, 1)
    assert t.render(["Elizabeth", 10.65]) == "Hi Elizabeth, your balance is $10.65"
    assert t.render(("Joshua", 20.5)) == "Hi Joshua, your balance is $20.5"


# --- parsing ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "dialect", "placeholders"),
    [
        ("{1} then {0} then {1}", "positional", (1, 0)),
        ("{01} and {1}", "positional", (1,)),
        ("{ABC} {} { 1} {-1} {1.5} {٣} {{x}}", "positional", ()),
        ("{{0}}", "positional", (0,)),
        ("100% sure", "positional", ()),
        ("50%% off today", "positional", ()),
        ("%%%NAME%%", "tags", ("NAME",)),
        ("%%A%%%%B%%", "tags", ("A", "B")),
        (
            "%%first name%% %%FIRST NAME%% %%FIRST NAME %%",
            "tags",
            ("first name", "FIRST NAME", "FIRST NAME "),
        ),
        ("%%A\nB%% stays text", "positional", ()),
        ("", "positional", ()),
    ],
)
def test_placeholders_in_order_of_first_appearance(
    source: str, dialect: str, placeholders: tuple[int | str, ...]
) -> None:
    t = Template(source)
    assert (t.dialect, t.placeholders) == (dialect, placeholders)


def test_pieces_split_once() -> None:
    assert Template("Hi %%A%%, %%B%%!").pieces == (("Hi ", ", ", "!"), ("A", "B"))
    assert Template("{0}{0}").pieces == (("", "", ""), (0, 0))


def test_mixed_dialects_need_a_named_dialect() -> None:
    with pytest.raises(TemplateError) as info:
        Template("Hi {0}, code %%PIN%%")
    err = info.value
    assert str(err) == (
        "template: the source mixes positional {0} (at 3) and tag %%PIN%% (at 13) "
        "placeholders; rule: one dialect per template, name it with dialect='positional' "
        "or dialect='tags'"
    )
    assert (err.field, err.value, err.rule, err.position) == (
        "template",
        "Hi {0}, code %%PIN%%",
        "one placeholder dialect per template",
        13,
    )
    assert isinstance(err, ValueError)
    tags = Template("Hi {0}, code %%PIN%%", dialect="tags")
    assert tags.placeholders == ("PIN",)
    assert tags.render({"PIN": 7}) == "Hi {0}, code 7"
    positional = Template("Hi {0}, code %%PIN%%", dialect=Dialect.POSITIONAL)
    assert positional.render(["Ann"]) == "Hi Ann, code %%PIN%%"


def test_unknown_dialect() -> None:
    with pytest.raises(TemplateError) as info:
        Template("x", dialect="mustache")
    assert str(info.value) == (
        "dialect: 'mustache' is not a dialect; rule: one of 'positional', 'tags', 'jinja'"
    )
    assert info.value.field == "dialect"


def test_source_must_be_str() -> None:
    with pytest.raises(TypeError, match=r"^Template source must be str, not bytes$"):
        Template(b"Hi {0}")  # type: ignore[arg-type]


# --- rendering --------------------------------------------------------------------------------
def test_every_missing_placeholder_is_named_at_once() -> None:
    t = Template("Hi %%FIRST NAME%%, code %%PIN%%, see %%URL%%")
    with pytest.raises(TemplateError) as info:
        t.render({"URL": "x.io"})
    err = info.value
    assert str(err) == (
        f"values: no value and no default for %%FIRST NAME%%, %%PIN%%; rule: {MISSING_RULE}"
    )
    assert (err.field, err.value, err.rule) == ("values", ("FIRST NAME", "PIN"), MISSING_RULE)


def test_missing_values_are_reported_before_a_bad_value() -> None:
    with pytest.raises(TemplateError) as info:
        Template("%%A%% %%B%% %%C%%").render({"A": True, "C": float("nan")})
    assert info.value.value == ("B",)
    with pytest.raises(TemplateError) as info2:
        Template("%%A%% %%B%%").render({"A": True, "B": float("nan")})
    assert (info2.value.field, info2.value.value) == ("values['A']", True)


def test_missing_positional_names_braces() -> None:
    with pytest.raises(TemplateError) as info:
        Template("{0} {2} {1}").render(["a"])
    assert (
        str(info.value) == f"values: no value and no default for {{2}}, {{1}}; rule: {MISSING_RULE}"
    )
    assert info.value.value == (2, 1)


def test_value_wins_over_default_and_empty_string_is_a_value() -> None:
    t = Template("[%%A%%][%%B%%][%%C%%]")
    assert t.render({"A": "", "B": "b"}, defaults={"A": "x", "B": "y", "C": "z"}) == "[][b][z]"


def test_none_counts_as_no_value() -> None:
    t = Template("Hi %%NAME%%")
    assert t.render({"NAME": None}, defaults={"NAME": "friend"}) == "Hi friend"
    with pytest.raises(TemplateError, match="no value and no default for %%NAME%%"):
        t.render({"NAME": None}, defaults={"NAME": None})


def test_tag_names_match_exactly() -> None:
    t = Template("%%FIRST NAME%%")
    with pytest.raises(TemplateError) as info:
        t.render({"First Name": "a", "FIRST NAME ": "b", "FIRST  NAME": "c"})
    assert info.value.value == ("FIRST NAME",)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (10.65, "10.65"),
        (20.5, "20.5"),
        (3, "3"),
        (-0.0, "-0.0"),
        (1e16, "1e+16"),
        (10**20, "100000000000000000000"),
        ("", ""),
    ],
)
def test_numbers_render_as_str_does(value: object, text: str) -> None:
    assert Template("<{0}>").render([value]) == f"<{text}>"
    assert Template("<%%V%%>").render({"V": value}) == f"<{text}>"


class Color(StrEnum):
    RED = "red"


class Level(IntEnum):
    HIGH = 3


def test_enum_values_render_their_value() -> None:
    assert Template("{0} {1}").render([Color.RED, Level.HIGH]) == "red 3"
    assert (json_value(0, Color.RED), json_value(1, Level.HIGH)) == ("red", 3)
    assert type(json_value(1, Level.HIGH)) is int


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "True of type bool"),
        (float("nan"), "nan of type float"),
        (float("inf"), "inf of type float"),
        (Decimal("1.5"), "Decimal('1.5') of type Decimal"),
        (b"x", "b'x' of type bytes"),
        (["a"], "['a'] of type list"),
    ],
)
def test_bad_values_are_refused(value: object, shown: str) -> None:
    with pytest.raises(TemplateError) as info:
        Template("Total %%AMOUNT%%").render({"AMOUNT": value})
    assert str(info.value) == f"values['AMOUNT']: %%AMOUNT%% has value {shown}; rule: {VALUE_RULE}"
    assert (info.value.field, info.value.rule) == ("values['AMOUNT']", VALUE_RULE)
    with pytest.raises(TemplateError) as info2:
        Template("Total {0}").render([value])
    assert str(info2.value) == f"values[0]: {{0}} has value {shown}; rule: {VALUE_RULE}"


def test_values_are_inserted_literally() -> None:
    assert Template("%%A%% %%B%%").render({"A": "%%B%%", "B": "{0}"}) == "%%B%% {0}"
    assert Template("{0} {1}").render(["{1}", "%%A%%"]) == "{1} %%A%%"
    assert Template("{x} %%A%% {y}").render({"A": "{}"}) == "{x} {} {y}"


def test_positional_values_shapes() -> None:
    t = Template("{0}-{2}")
    assert t.render({0: "a", 2: "c"}) == "a-c"
    assert t.render(["a"], defaults=["x", "y", "z"]) == "a-z"
    assert t.render(["a", "b", "c", "extra"]) == "a-c"


@pytest.mark.parametrize(
    ("template", "values", "message"),
    [
        (
            "{0}",
            "abc",
            "values: str value 'abc' is not usable; rule: positional values are a sequence, "
            "or a mapping of index to value",
        ),
        (
            "%%A%%",
            ["a"],
            "values: list value ['a'] is not usable; rule: tag values are a mapping of name "
            "to value",
        ),
    ],
)
def test_values_of_the_wrong_shape(template: str, values: object, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        Template(template).render(values)
    assert str(info.value) == message
    assert info.value.field == "values"


def test_defaults_of_the_wrong_shape() -> None:
    with pytest.raises(TemplateError) as info:
        Template("%%A%%").render({}, defaults="oops")
    assert info.value.field == "defaults"


def test_template_without_placeholders_renders_itself() -> None:
    assert Template("Plain {text} 100%").render() == "Plain {text} 100%"


def test_fast_and_slow_paths_agree_on_mixed_types() -> None:
    t = Template("%%A%%|%%B%%|%%A%%")
    values: dict[str, Any] = {"A": 1, "B": 2.5}
    assert t.render(values) == t.render_slow(values, None) == "1|2.5|1"


def test_value_object_behaviour() -> None:
    t = Template("Hi %%A%%")
    assert t == Template("Hi %%A%%", dialect="tags")
    assert t != Template("Hi %%A%%", dialect="positional")
    assert hash(t) == hash(Template("Hi %%A%%"))
    assert repr(t) == "Template('Hi %%A%%', dialect='tags')"
    clone = pickle.loads(pickle.dumps(t))
    assert (clone, clone.render({"A": "x"})) == (t, "Hi x")
    assert t.source == "Hi %%A%%"


def test_text_of_rules() -> None:
    assert text_of("X", 10.65) == "10.65"
    with pytest.raises(TemplateError, match=r"^values\['X'\]: %%X%% has value False"):
        text_of("X", False)


# --- Jinja2 -------------------------------------------------------------------------------------
def test_jinja_renders_with_conditions_and_filters() -> None:
    t = Template(
        "{% if vip %}Dear {{ name|upper }}{% else %}Hi {{ name }}{% endif %}: {{ amount }}\n",
        dialect="jinja",
    )
    assert t.placeholders == ("vip", "name", "amount")
    assert t.render({"vip": True, "name": "ann", "amount": 10.65}) == "Dear ANN: 10.65\n"
    assert t.render({"name": "bo", "amount": 3}, defaults={"vip": False}) == "Hi bo: 3\n"


def test_jinja_names_every_missing_name() -> None:
    t = Template("{{ a }} {{ b }} {{ c }}", dialect="jinja")
    with pytest.raises(TemplateError) as info:
        t.render({"b": 1, "c": None})
    assert str(info.value) == f"values: no value and no default for 'a', 'c'; rule: {MISSING_RULE}"
    assert info.value.value == ("a", "c")


def test_jinja_is_sandboxed() -> None:
    t = Template("{{ x.__class__.__mro__ }}", dialect="jinja")
    with pytest.raises(TemplateError) as info:
        t.render({"x": 1})
    assert str(info.value) == (
        "template: jinja sandbox refused an operation: access to attribute '__class__' of "
        "'int' object is unsafe.; rule: templates run sandboxed"
    )


def test_jinja_syntax_and_runtime_errors() -> None:
    with pytest.raises(TemplateError) as info:
        Template("{% if %}", dialect="jinja")
    assert info.value.field == "template"
    assert str(info.value).startswith("template: jinja syntax error at line 1: ")
    with pytest.raises(TemplateError) as info2:
        Template("{{ a + 1 }}", dialect="jinja").render({"a": "x"})
    assert str(info2.value) == (
        "values: the jinja template failed to render: TypeError: can only concatenate str "
        '(not "int") to str; rule: the template must render with the values given'
    )


def test_jinja_is_compiled_once_and_cached() -> None:
    from smscore.templates import _jinja

    source = "cache probe {{ n }}"
    before = _jinja.compile_source.cache_info().hits
    first = Template(source, dialect="jinja")
    second = Template(source, dialect="jinja")
    assert _jinja.compile_source.cache_info().hits == before + 1
    assert first._jinja is second._jinja


def test_import_smscore_templates_does_not_import_jinja() -> None:
    code = (
        "import sys, smscore, smscore.templates; smscore.Template('Hi %%A%%').render({'A': 1}); "
        "print('jinja2' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- provider forms -------------------------------------------------------------------------------
def test_messangi_seed_example() -> None:
    # seed 002, batch: "Hi {0}, your balance is ${1}" with params ["Elizabeth", 10.65].
    batch = to_messangi(
        "Hi {0}, your balance is ${1}",
        [("+525500000000", ["Elizabeth", 10.65]), ("+525511111111", ["Joshua", 20.5])],
    )
    assert batch == MessangiBatch(
        text="Hi {0}, your balance is ${1}",
        recipients=(
            ("+525500000000", ("Elizabeth", 10.65)),
            ("+525511111111", ("Joshua", 20.5)),
        ),
    )
    assert type(batch.recipients[0][1][1]) is float


def test_messangi_renumbers_in_order_of_first_appearance() -> None:
    batch = to_messangi("{1} owes {0}; {1}!", [("1", ["ten", "Ann"])])
    assert batch.text == "{0} owes {1}; {0}!"
    assert batch.recipients == (("1", ("Ann", "ten")),)


def test_messangi_from_tags_fills_defaults_and_reports_failures() -> None:
    rows: list[Any] = [("1", {"PIN": 12}), ("2", {"NAME": "Bo"}), ("3", "bad"), ["4"], (5, {})]
    batch = to_messangi(
        "Hi %%NAME%%, code %%PIN%%",
        rows,
        defaults={"NAME": "friend"},
    )
    assert batch.text == "Hi {0}, code {1}"
    assert batch.recipients == (("1", ("friend", 12)),)
    assert batch.failures == (
        RowFailure(
            index=1,
            number="2",
            reason=f"values: no value and no default for %%PIN%%; rule: {MISSING_RULE}",
            missing=("PIN",),
        ),
        RowFailure(
            index=2,
            number="3",
            reason="values: str value 'bad' is not usable; rule: tag values are a mapping of "
            "name to value",
        ),
        RowFailure(
            index=3,
            number=None,
            reason="recipients[3]: row ['4'] is not a (number, values) pair; rule: a recipient "
            "row is a (number, values) pair with a str number",
        ),
        RowFailure(
            index=4,
            number=None,
            reason="recipients[4]: number 5 is a int; rule: a recipient row is a (number, "
            "values) pair with a str number",
        ),
    )


def test_messangi_refuses_literal_placeholder_syntax() -> None:
    with pytest.raises(TemplateError) as info:
        messangi_text(Template("Use {0} for %%NAME%%", dialect="tags"))
    assert str(info.value) == (
        "template: literal text would be read by Messangi as a placeholder (the converted text "
        "'Use {0} for {0}' holds ['{0}', '{0}']); rule: Messangi documents no escape for it"
    )
    assert messangi_text(Template("{%%A%%}", dialect="tags")) == "{{0}}"


def test_acoustic_seed_example() -> None:
    # seed 003 sample payload: content with %%PIN%%, personalization {"PIN": "1234"}.
    send = to_acoustic(
        "Hello. Here is the PIN you requested %%PIN%%.", [("19492319304", {"PIN": "1234"})]
    )
    assert send == AcousticSend(
        content="Hello. Here is the PIN you requested %%PIN%%.",
        contacts=(("19492319304", {"PIN": "1234"}),),
        personalization_defaults={},
    )


def test_acoustic_defaults_and_failures() -> None:
    send = to_acoustic(
        "Hey %%FIRST NAME%%! Code %%PIN%%",
        [("1", {"PIN": 7, "OTHER": "x"}), ("2", {"FIRST NAME": "Zoë"}), ("3", {})],
        defaults={"FIRST NAME": "Valued Customer", "UNUSED": "u"},
    )
    assert send.content == "Hey %%FIRST NAME%%! Code %%PIN%%"
    assert send.contacts == (("1", {"PIN": "7"}),)
    assert send.personalization_defaults == {"FIRST NAME": "Valued Customer"}
    assert [(f.index, f.missing) for f in send.failures] == [(1, ("PIN",)), (2, ("PIN",))]


def test_acoustic_from_positional_with_names() -> None:
    send = to_acoustic(
        "Hi {1}, {0} due", [("1", ["$5", "Ann"])], defaults={0: 0}, names={0: "AMOUNT", 1: "NAME"}
    )
    assert send.content == "Hi %%NAME%%, %%AMOUNT%% due"
    assert send.contacts == (("1", {"NAME": "Ann", "AMOUNT": "$5"}),)
    assert send.personalization_defaults == {"AMOUNT": "0"}
    assert acoustic_content("{0}") == "%%0%%"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            ["A%B"],
            "names[0]: 'A%B' is not a tag name for {0}; rule: a tag name is one or more "
            "characters other than '%' and line breaks",
        ),
        (
            [],
            "names[0]: None is not a tag name for {0}; rule: a tag name is one or more "
            "characters other than '%' and line breaks",
        ),
    ],
)
def test_acoustic_bad_names(names: list[str], message: str) -> None:
    with pytest.raises(TemplateError) as info:
        acoustic_content("{0}", names)
    assert str(info.value) == message


def test_acoustic_duplicate_names_and_literal_conflicts() -> None:
    with pytest.raises(TemplateError) as info:
        acoustic_content("{0}{1}", ["A", "A"])
    assert str(info.value) == (
        "names: ['A', 'A'] repeat a name; rule: each placeholder gets its own tag name"
    )
    with pytest.raises(TemplateError) as info2:
        acoustic_content(Template("%%A{0}%%", dialect="positional"), ["0"])
    assert str(info2.value) == (
        "template: literal text would be read by Acoustic as a placeholder (the converted text "
        "'%%A%%0%%%%' holds ['%%A%%']); rule: Acoustic documents no escape for it"
    )


def test_jinja_has_no_provider_placeholder_form() -> None:
    t = Template("{{ a }}", dialect="jinja")
    with pytest.raises(TemplateError) as info:
        to_messangi(t, [])
    assert str(info.value) == (
        "template: a jinja template has no Messangi placeholder form; rule: render it per "
        "recipient and send each text (group_by_text)"
    )
    assert group_by_text(t, [("1", {"a": 1})]).groups == (("1", ("1",)),)


def test_group_by_text_for_mgage() -> None:
    groups = group_by_text(
        "Hi %%N%%",
        [("1", {"N": "Ann"}), ("2", {"N": "Bo"}), ("3", {}), ("4", {"N": "Ann"})],
        defaults=None,
    )
    assert groups == TextGroups(
        groups=(("Hi Ann", ("1", "4")), ("Hi Bo", ("2",))),
        failures=(
            RowFailure(
                index=2,
                number="3",
                reason=f"values: no value and no default for %%N%%; rule: {MISSING_RULE}",
                missing=("N",),
            ),
        ),
    )


# --- hostile input at the boundary (tests/test_hostile_inputs.py found these) -----------------


@pytest.mark.parametrize("recipients", [None, 12135550123, 1.5, "+12135550123", b"+1"])
def test_provider_forms_refuse_recipients_that_are_not_rows(recipients: Any) -> None:
    message = (
        f"recipients must be an iterable of (number, values) rows, got {type(recipients).__name__}"
    )
    for form in (to_messangi, to_acoustic, group_by_text):
        with pytest.raises(TypeError) as info:
            form("Hi %%A%%", recipients)
        assert str(info.value) == message


@pytest.mark.parametrize("names", [0, 1.5, "AB", b"AB", object()])
def test_acoustic_content_refuses_names_that_are_not_a_mapping_or_sequence(names: Any) -> None:
    for template in ("Hi {0}", "Hi %%A%%"):  # checked for both dialects: never ignored
        with pytest.raises(TypeError) as info:
            acoustic_content(template, names)
        assert str(info.value) == (
            "names must be a mapping of {index: tag name} or a sequence of tag names, "
            f"got {type(names).__name__}"
        )
    with pytest.raises(TypeError) as info:
        to_acoustic("Hi {0}", [("1", ["x"])], names=0)  # type: ignore[arg-type]
    assert str(info.value) == (
        "names must be a mapping of {index: tag name} or a sequence of tag names, got int"
    )
