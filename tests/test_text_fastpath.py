"""segment()'s shortcuts (issue 14 item 5) against a plain per-character reference.

The routes in ``smscore.text._fast`` pick a way by how CPython stores the string (Latin-1,
BMP, astral) and by a Latin-1 reading with € written as ``¬``; these tests feed exactly the
texts that could fool them (a real ``¬``, Greek capitals next to €, a lone surrogate after an
extension character, U+FEFF at a part start) and compare every field with a reference that
walks the characters one by one (TS 23.038 §6.2.1/§6.2.1.1, TS 23.040 §9.2.3.24.1).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore.errors import InvalidText
from smscore.text import _fast, segment
from smscore.text._gsm import BASIC_CHARS, EXTENSION_CHARS


def _reference(text: str) -> tuple[str, tuple[str, ...], int, int]:
    """(encoding, parts, units, capacity) by walking the characters, greedy."""
    if all(c in BASIC_CHARS or c in EXTENSION_CHARS for c in text):
        encoding, single, concat = "GSM-7", 160, 153
        costs = [2 if c in EXTENSION_CHARS else 1 for c in text]
    else:
        encoding, single, concat = "UCS-2", 70, 67
        costs = [2 if ord(c) > 0xFFFF else 1 for c in text]
    units = sum(costs)
    if units <= single:
        return encoding, (text,), units, single
    parts: list[str] = []
    start = used = 0
    for i, cost in enumerate(costs):
        if used + cost > concat:
            parts.append(text[start:i])
            start, used = i, 0
        used += cost
    parts.append(text[start:])
    return encoding, tuple(parts), units, concat


def _check(text: str) -> None:
    s = segment(text)
    assert (s.encoding, s.parts, s.units, s.capacity) == _reference(text)


# Plain GSM, extension characters (ASCII and €), Greek capitals (GSM above U+00FF), Latin-1
# inside and outside GSM, ¬ (€'s stand-in), other BMP, astral, and U+FEFF / U+FFFE.
_ALPHABET = st.sampled_from(
    [
        *("a", " ", "@", "é", "Ä", "ß", "{", "\\", "^", "€", "Δ", "Ω", "¬", "ê", "`", "\t"),
        *("ж", "’", "\ufeff", "\ufffe", "😀", "🎉", "\U00020000", "\U000e0041"),
    ]
)
_GSMISH = st.sampled_from(["a", "é", "Ä", "{", "~", "|", "€", "Δ", "£", "\n", "¬", "ê"])


@given(st.text(_ALPHABET, max_size=400))
def test_property_segment_matches_the_reference_on_mixed_text(text: str) -> None:
    _check(text)


@given(st.text(_GSMISH, min_size=100, max_size=500))
def test_property_segment_matches_the_reference_on_gsm_like_text(text: str) -> None:
    _check(text)


@given(st.text(st.sampled_from(["a", "b", "😀", "\ufeff", "ж"]), min_size=60, max_size=500))
def test_property_segment_matches_the_reference_on_emoji_text(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    "text",
    [
        "€" * 200,  # BMP storage, all extension: 400 septets
        "€¬" * 90,  # a real ¬ is not GSM: UCS-2
        "¬" + "{" * 100,  # Latin-1 storage, ¬ outside GSM
        "€" + "Δ" * 100 + "[" * 30,  # Greek capitals next to €: GSM-7 by the general path
        "€ ж" * 40,  # an extension character first, then Cyrillic
        "ÄÖÜ" * 100 + "{",  # Latin-1 storage with an extension character
        "é" * 153 + "\\",  # the pair at the cut moves whole
        "a" * 66 + "😀" + "\ufeff" * 70,  # U+FEFF opens a part
        "a" * 67 + "\ufffe" * 70,  # U+FFFE opens a part
        "Δ" * 161,  # BMP storage, plain GSM, 2 parts
        "ê" * 71,  # Latin-1 outside GSM: UCS-2, 2 parts
    ],
)
def test_tricky_texts_match_the_reference(text: str) -> None:
    _check(text)


@pytest.mark.parametrize(
    ("text", "position"),
    [("€{" + "\ud800", 2), ("[" * 10 + "é\udfff", 11), ("€" * 3 + "\udc00" + "x", 3)],
)
def test_lone_surrogate_after_extension_characters_names_its_position(
    text: str, position: int
) -> None:
    with pytest.raises(InvalidText) as info:
        segment(text)
    assert info.value.position == position


def test_size_hint_reads_storage_kind_on_cpython() -> None:
    n = 10
    latin1, bmp, astral = "é" * n, "€" * n, "😀" * n
    assert _fast.SIZEOF(latin1) == _fast.LATIN1_BASE + n
    assert _fast.SIZEOF(bmp) <= _fast.NARROW_BASE + 2 * n
    assert _fast.SIZEOF(astral) > _fast.NARROW_BASE + 2 * n


def test_euro_latin1_is_none_when_not_exact() -> None:
    assert _fast.euro_latin1("a€{", 3) == b"a\xac{"
    assert _fast.euro_latin1("a€¬", 3) is None  # a real ¬ would read as €
    assert _fast.euro_latin1("a€Δ", 3) is None  # Greek is above Latin-1
    assert _fast.euro_latin1("a€\ud800", 3) is None  # a lone surrogate is above Latin-1


def test_emoji_segmentation_is_an_ordinary_segmentation() -> None:
    import pickle

    from smscore.text import Encoding, Segmentation

    s = segment("Hi 😀 party 🎉 " * 12)
    same = Segmentation(Encoding.UCS2, s.parts, s.units, s.capacity)
    assert s == same
    assert hash(s) == hash(same)
    assert repr(s) == repr(same)
    assert pickle.loads(pickle.dumps(s)) == s
    assert (s.language, s.replacements, s.segments_saved, s.udh_octets) == (None, (), 0, 6)
