"""Exact examples for smscore.segment at every boundary (TS 23.038 / TS 23.040)."""

from __future__ import annotations

import pickle

import pytest

import smscore
from smscore import Encoding, InvalidText, segment
from smscore.text import _gsm


def _shape(text: str, **options: object) -> tuple[str, int, int, list[int]]:
    s = segment(text, **options)  # type: ignore[arg-type]
    return (s.encoding, s.units, s.segments, [len(p) for p in s.parts])


def test_empty_text_is_one_empty_gsm_part() -> None:
    s = segment("")
    assert (s.encoding, s.parts, s.segments, s.units) == ("GSM-7", ("",), 1, 0)
    assert s.encoding is Encoding.GSM7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a" * 160, ("GSM-7", 160, 1, [160])),
        ("a" * 161, ("GSM-7", 161, 2, [153, 8])),
        ("a" * 306, ("GSM-7", 306, 2, [153, 153])),
        ("a" * 307, ("GSM-7", 307, 3, [153, 153, 1])),
        ("ж" * 70, ("UCS-2", 70, 1, [70])),
        ("ж" * 71, ("UCS-2", 71, 2, [67, 4])),
        ("ж" * 134, ("UCS-2", 134, 2, [67, 67])),
        ("ж" * 135, ("UCS-2", 135, 3, [67, 67, 1])),
        ("a" * 1600, ("GSM-7", 1600, 11, [153] * 10 + [70])),
        ("{" * 80, ("GSM-7", 160, 1, [80])),  # extension only: 2 septets each
        ("{" * 81, ("GSM-7", 162, 2, [76, 5])),  # 76 pairs = 152 septets, the 77th moves
        ("😀" * 35, ("UCS-2", 70, 1, [35])),  # emoji only: 2 units each
        ("😀" * 36, ("UCS-2", 72, 2, [33, 3])),  # 33 pairs = 66 units, the 34th moves
        ("a`b", ("UCS-2", 3, 1, [3])),  # a backtick is not in the GSM table
        ("\x1b", ("UCS-2", 1, 1, [1])),  # a literal ESC is not sendable as GSM
        ("ç", ("UCS-2", 1, 1, [1])),  # only capital Ç is in the table
        ("Ç€", ("GSM-7", 3, 1, [2])),
        ("\f", ("GSM-7", 2, 1, [1])),  # form feed is ESC 0x0A
    ],
)
def test_boundaries(text: str, expected: tuple[str, int, int, list[int]]) -> None:
    assert _shape(text) == expected


def test_extension_character_straddling_153_moves_whole() -> None:
    text = "a" * 152 + "€" + "b" * 10  # 152 + 2 = 154 septets > 153
    s = segment(text)
    assert s.parts == ("a" * 152, "€" + "b" * 10)
    assert s.units == 164
    exact = "a" * 151 + "€" + "b" * 10  # 151 + 2 = 153 fits exactly
    assert segment(exact).parts == ("a" * 151 + "€", "b" * 10)


def test_emoji_straddling_67_moves_whole() -> None:
    text = "ж" * 66 + "😀" + "ж" * 5
    s = segment(text)
    assert s.parts == ("ж" * 66, "😀" + "ж" * 5)
    assert s.units == 73
    assert segment("ж" * 65 + "😀" + "ж" * 5).parts == ("ж" * 65 + "😀", "ж" * 5)


def test_single_part_fills_to_160_with_an_extension_at_the_end() -> None:
    assert _shape("a" * 158 + "€") == ("GSM-7", 160, 1, [159])
    assert _shape("a" * 159 + "€") == ("GSM-7", 161, 2, [153, 7])


def test_cr_lf_may_be_split_by_default_and_not_with_graphemes() -> None:
    text = "a" * 152 + "\r\n" + "b" * 7  # 161 septets: concatenated
    assert segment(text).parts == ("a" * 152 + "\r", "\n" + "b" * 7)
    assert segment(text, graphemes=True).parts == ("a" * 152, "\r\n" + "b" * 7)


def test_graphemes_keep_zwj_sequences_whole() -> None:
    family = "👨\u200d👩\u200d👧"  # 5 code points, 8 UTF-16 units
    s = segment(family * 9, graphemes=True)
    assert s.units == 72
    assert s.parts == (family * 8, family)
    plain = segment(family * 9)
    assert [len(p) for p in plain.parts] == [
        42,
        3,
    ]  # 8 families + man + ZWJ = 67 units: cuts a cluster


def test_graphemes_reject_a_cluster_longer_than_a_part() -> None:
    zalgo = "a" + "\u0301" * 80
    with pytest.raises(InvalidText) as info:
        segment(zalgo, graphemes=True)
    assert info.value.position == 0
    assert info.value.field == "text"
    assert str(info.value) == (
        "grapheme cluster at text[0] costs 81 units, more than one part holds (67): "
        "it cannot be kept whole"
    )


def test_limit_1600_and_1601() -> None:
    assert segment("a" * 1600).segments == 11
    with pytest.raises(InvalidText) as info:
        segment("a" * 1601)
    err = info.value
    assert str(err) == (
        "text is 1601 UTF-16 code units long, over the limit of 1600 UTF-16 code units "
        "(text[1600] is the first character past it)"
    )
    assert (err.field, err.value, err.position) == ("text", 1601, 1600)
    assert err.rule == "length <= 1600 UTF-16 code units"
    assert segment("a" * 5000, limit=None).segments == 33


def test_limit_counts_utf16_units_for_emoji() -> None:
    with pytest.raises(InvalidText) as info:
        segment("😀" * 801)  # 801 characters, 1602 units
    assert info.value.value == 1602
    assert info.value.position == 800
    assert segment("😀" * 800).units == 1600


def test_lone_surrogate_names_its_position() -> None:
    with pytest.raises(InvalidText) as info:
        segment("ok \ud83d!")
    err = info.value
    assert str(err) == (
        "text[3] is a lone surrogate U+D83D: it cannot be encoded in UTF-16 (UCS-2) or GSM-7"
    )
    assert (err.field, err.value, err.position) == ("text", "U+D83D", 3)


def test_lone_surrogate_in_over_limit_text_reports_the_surrogate() -> None:
    with pytest.raises(InvalidText, match=r"text\[5\] is a lone surrogate U\+DC00"):
        segment("a" * 5 + "\udc00" + "a" * 2000)


def test_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="text must be a str, got bytes"):
        segment(b"hi")  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [-1, 1.5, "10", True])
def test_bad_limit(limit: object) -> None:
    with pytest.raises(InvalidText) as info:
        segment("hi", limit=limit)  # type: ignore[arg-type]
    assert info.value.field == "limit"
    assert str(info.value) == f"limit must be a non-negative int or None, got {limit!r}"


def test_unknown_language_and_replace() -> None:
    with pytest.raises(InvalidText) as info:
        segment("hi", language="klingon")
    assert info.value.field == "language"
    assert "'klingon'" in str(info.value)
    with pytest.raises(InvalidText) as info2:
        segment("hi", replace="all")  # type: ignore[arg-type]
    assert str(info2.value) == "replace must be 'lookalikes' or None, got 'all'"


def test_why_ucs2_lists_causes_with_replacements_and_notes() -> None:
    s = segment("Don’t — ç `x` 😀")
    causes = [(c.position, c.char, c.codepoint, c.replacement, c.note) for c in s.why_ucs2()]
    assert causes == [
        (3, "’", "U+2019", "'", None),
        (6, "—", "U+2014", "-", None),
        (
            8,
            "ç",
            "U+00E7",
            "c",
            "drops the cedilla; the GSM table has only capital Ç (0x09), and Ç would "
            "change the case",
        ),
        (10, "`", "U+0060", "'", None),
        (12, "`", "U+0060", "'", None),
        (14, "😀", "U+1F600", None, "no GSM-7 equivalent"),
    ]
    assert segment("plain").why_ucs2() == ()


def test_why_ucs2_accent_and_escape() -> None:
    causes = segment("á\x1b").why_ucs2()
    assert [(c.replacement, c.note) for c in causes] == [
        ("a", "drops the accent or mark of 'á': changes the spelling"),
        (
            None,
            "a literal ESC (U+001B) is the GSM escape code itself (TS 23.038 §6.2.1.1) and "
            "cannot be sent as a character; no replacement",
        ),
    ]


def test_lookalike_replacement_reports_each_and_the_segments_saved() -> None:
    text = "It’s “fine” … " * 6  # 84 characters, UCS-2: 2 parts
    assert segment(text).segments == 2
    s = segment(text, replace="lookalikes")
    assert s.encoding == "GSM-7"
    assert s.text == 'It\'s "fine" ... ' * 6
    assert s.segments == 1
    assert s.segments_saved == 1
    assert s.replacements[:4] == (
        smscore.Replacement(position=2, original="’", replacement="'"),
        smscore.Replacement(position=5, original="“", replacement='"'),
        smscore.Replacement(position=10, original="”", replacement='"'),
        smscore.Replacement(position=12, original="…", replacement="..."),
    )
    assert len(s.replacements) == 24


def test_lookalike_limit_applies_to_the_text_as_sent() -> None:
    with pytest.raises(InvalidText) as info:
        segment("…" * 600, replace="lookalikes")  # 600 characters become 1800
    assert info.value.value == 1800


def test_nothing_to_replace_keeps_the_text() -> None:
    s = segment("hello", replace="lookalikes")
    assert (s.text, s.replacements, s.segments_saved) == ("hello", (), 0)


def test_segmentation_is_read_only_and_pickles() -> None:
    s = segment("a" * 200, language="tr")
    with pytest.raises(AttributeError):
        s.parts = ()  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(s)) == s
    assert repr(segment("hi")) == (
        "Segmentation(encoding='GSM-7', parts=('hi',), segments=1, units=2, capacity=160)"
    )


def test_udh_capacities_are_derived_from_ie_sizes() -> None:
    # TS 23.040 §9.2.3.24: UDHL + IEs, padded to a septet boundary for GSM-7.
    assert _gsm.udh_octets(concatenated=True, shift_ies=0) == 6
    assert _gsm.septet_capacity(0) == 160
    assert _gsm.septet_capacity(6) == 153
    assert _gsm.septet_capacity(4) == 155  # single shift IE alone
    assert _gsm.septet_capacity(7) == 152  # both shift IEs
    assert _gsm.septet_capacity(9) == 149  # concatenation + one shift IE
    assert _gsm.septet_capacity(12) == 146  # concatenation + both shift IEs
    assert _gsm.ucs2_capacity(6) == 67
