"""The unit-space cut behind segment()'s default tables (smscore.text._cut, issue 2 speed work).

One marker byte per septet / UTF-16 code unit: 0 alone, 1 and 2 for the halves of a double
(ESC + code, TS 23.038 §6.2.1.1; a surrogate pair, UTF-16). Exact markers and parts here;
the property test checks ``cut_units`` against a per-character greedy split for small caps,
where every position of a pair relative to a cut comes up often.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore import InvalidText, segment
from smscore.text._cut import cut_units, cut_utf16, gsm_septets, ucs2_units


def test_ucs2_units_marks_each_half_of_a_surrogate_pair() -> None:
    assert ucs2_units("a😀ж𝄞".encode("utf-16-le")) == b"\x00\x01\x02\x00\x01\x02"
    assert ucs2_units(b"") == b""
    # BMP characters whose low byte looks like a surrogate's high byte stay 0
    assert ucs2_units("ØÜ\u01d8".encode("utf-16-le")) == b"\x00\x00\x00"


def test_gsm_septets_marks_esc_and_code_of_each_extension_character() -> None:
    assert gsm_septets(b"a{b") == b"\x00\x01\x02\x00"
    text = "€\fΛ|"  # € is 0x20AC, Λ (0x039B) is a plain GSM character
    assert gsm_septets(text.encode("utf-16-le")[0::2]) == b"\x01\x02\x01\x02\x00\x01\x02"


@pytest.mark.parametrize(
    ("text", "units", "cap", "parts"),
    [
        ("abcdefg", b"\x00" * 7, 3, ("abc", "def", "g")),
        ("abcdef", b"\x00" * 6, 3, ("abc", "def")),
        # a pair ending exactly at the cut stays; one straddling it moves whole
        ("ab😀c", b"\x00\x00\x01\x02\x00", 4, ("ab😀", "c")),
        ("abc😀d", b"\x00\x00\x00\x01\x02\x00", 4, ("abc", "😀d")),
        ("😀😀😀", b"\x01\x02" * 3, 3, ("😀", "😀", "😀")),
        ("a😀😀", b"\x00\x01\x02\x01\x02", 2, ("a", "😀", "😀")),
    ],
)
def test_cut_units_exact_parts(text: str, units: bytes, cap: int, parts: tuple[str, ...]) -> None:
    assert cut_units(text, units, cap) == parts


def test_emoji_bench_message_never_splits_a_pair() -> None:
    # the benchmarks' 300-character emoji message: 329 units, 5 parts of <= 67 units;
    # the pair that a blind 67-unit split would cut (smpplib does) opens part 3
    text = ("Hi 😀 party tonight 🎉 see you 👍 " * 12)[:300]
    s = segment(text)
    assert (s.encoding, s.units, s.segments) == ("UCS-2", 329, 5)
    assert [len(p) for p in s.parts] == [61, 61, 61, 61, 56]
    assert [len(p.encode("utf-16-le")) // 2 for p in s.parts] == [67, 66, 67, 67, 62]
    assert s.parts[1].endswith(" see you ")
    assert s.parts[2].startswith("👍 Hi 😀")
    assert "".join(s.parts) == text


def test_ucs2_limit_counts_units_before_cutting() -> None:
    # 1000 characters (under the limit) but 1500 units: the error names the first
    # character past 1200 units, as for any over-limit text
    with pytest.raises(InvalidText) as info:
        segment("😀a" * 500, limit=1200)
    err = info.value
    assert str(err) == (
        "text is 1500 UTF-16 code units long, over the limit of 1200 UTF-16 code units "
        "(text[800] is the first character past it)"
    )
    assert (err.field, err.value, err.position) == ("text", 1500, 800)


def test_lone_surrogate_after_many_pairs_names_its_position() -> None:
    with pytest.raises(InvalidText) as info:
        segment("😀" * 40 + "\udc00" + "x")
    assert (info.value.value, info.value.position) == ("U+DC00", 40)


_CHARS = st.sampled_from(["a", "ж", "😀", "{", "€"])


@given(st.text(_CHARS, max_size=60), st.integers(min_value=2, max_value=9))
def test_property_cut_units_matches_the_per_character_greedy_split(text: str, cap: int) -> None:
    cost = {"a": 1, "ж": 1, "😀": 2, "{": 2, "€": 2}
    units = b"".join(b"\x00" if cost[c] == 1 else b"\x01\x02" for c in text)
    expected: list[str] = []
    current, used = "", 0
    for c in text:
        if used + cost[c] > cap:
            expected.append(current)
            current, used = "", 0
        current += c
        used += cost[c]
    expected.append(current)
    assert list(cut_units(text, units, cap)) == expected


@pytest.mark.parametrize(
    ("text", "cap", "parts"),
    [
        ("abcdefg", 3, ("abc", "def", "g")),
        ("ab😀c", 4, ("ab😀", "c")),  # the pair ends the part exactly
        ("abc😀d", 4, ("abc", "😀d")),  # the pair would straddle the cut: it moves whole
        ("😀😀😀", 3, ("😀", "😀", "😀")),
        ("ж𝄞ж", 2, ("ж", "𝄞", "ж")),
        ("", 3, ("",)),
    ],
)
def test_cut_utf16_exact_parts(text: str, cap: int, parts: tuple[str, ...]) -> None:
    assert cut_utf16(text.encode("utf-16-le"), cap) == parts


_UCS2_CHARS = st.sampled_from(["a", "ж", "😀", "𝄞", "\U0010ffff", "\ud7ff", "\ue000", "Ø"])


@given(st.text(_UCS2_CHARS, max_size=80), st.integers(min_value=2, max_value=9))
def test_property_cut_utf16_matches_the_marker_cut(text: str, cap: int) -> None:
    # the same greedy parts as cut_units over ucs2_units (decoded from bytes instead of sliced)
    encoded = text.encode("utf-16-le")
    assert cut_utf16(encoded, cap) == cut_units(text, ucs2_units(encoded), cap)
