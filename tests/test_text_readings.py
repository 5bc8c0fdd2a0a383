"""length_readings: a text's length as UTF-16 code units, code points and segments (issue 10.7)."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore import InvalidText, segment
from smscore.text import LengthReadings, length_readings


@pytest.mark.parametrize(
    ("text", "units", "code_points", "segments"),
    [
        ("", 0, 0, 1),
        ("Hi", 2, 2, 1),
        ("a" * 160, 160, 160, 1),  # GSM-7 single part: 160 septets
        ("a" * 161, 161, 161, 2),  # concatenated: 153 per part
        ("a" * 306, 306, 306, 2),
        ("a" * 307, 307, 307, 3),
        ("{" * 80, 80, 80, 1),  # 160 septets (ESC + code each)
        ("{" * 81, 81, 81, 2),  # 162 septets
        ("a" * 151 + "{" + "a" * 10, 162, 162, 2),  # the pair ends part 1 exactly (153)
        ("a" * 152 + "{" + "a" * 152, 305, 305, 3),  # 306 septets, but the pair moves whole
        ("a" * 151 + "{" + "a" * 153, 305, 305, 2),  # 306 septets in two full parts
        ("€" * 100, 100, 100, 2),  # non-ASCII extension: 200 septets
        ("Ä" * 161, 161, 161, 2),  # non-ASCII plain GSM
        ("`" * 70, 70, 70, 1),  # a backtick is not GSM: UCS-2, 70 units
        ("`" * 71, 71, 71, 2),  # 67 per part
        ("ж" * 135, 135, 135, 3),
        ("😀" * 35, 70, 35, 1),  # 70 units in one part
        ("😀" * 36, 72, 36, 2),  # 33 pairs (66 units) per part: a pair is never split
        ("😀" * 67, 134, 67, 3),
        ("a" + "😀" * 35, 71, 36, 2),
        (("Hi 😀 party tonight 🎉 see you 👍 " * 12)[:300], 329, 300, 5),  # 29 emoji
    ],
)
def test_exact_readings(text: str, units: int, code_points: int, segments: int) -> None:
    assert length_readings(text) == LengthReadings(units, code_points, segments)
    assert segment(text, limit=None).segments == segments


def test_readings_are_named_and_unpack() -> None:
    r = length_readings("Hi 😀")
    assert (r.units, r.code_points, r.segments) == (5, 4, 1)
    units, code_points, segments = r
    assert (units, code_points, segments) == (5, 4, 1)
    assert repr(r) == "LengthReadings(units=5, code_points=4, segments=1)"
    assert pickle.loads(pickle.dumps(r)) == r


def test_lone_surrogate_is_a_typed_error_naming_the_position() -> None:
    with pytest.raises(InvalidText) as info:
        length_readings("ab\ud83d")
    assert (info.value.field, info.value.position, info.value.value) == ("text", 2, "U+D83D")


def test_not_a_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="text must be a str, got bytes"):
        length_readings(b"hi")  # type: ignore[arg-type]


def test_str_subclass_is_read_as_its_text() -> None:
    class S(str):
        pass

    assert length_readings(S("😀{")) == LengthReadings(3, 2, 1)


_chars = st.sampled_from(["a", "{", "€", "Ä", "ж", "`", "😀", "\x1b", "\t"])


@given(st.one_of(st.text(_chars, max_size=400), st.text(max_size=200)))
def test_readings_agree_with_segment(text: str) -> None:
    s = segment(text, limit=None)
    expected = LengthReadings(len(text.encode("utf-16-le")) // 2, len(text), s.segments)
    assert length_readings(text) == expected
