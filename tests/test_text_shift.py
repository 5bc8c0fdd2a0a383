"""National language shift tables (TS 23.038 annex A) and their header cost (TS 23.040)."""

from __future__ import annotations

import pytest

from smscore import segment


def test_turkish_single_shift_boundary_155_and_156() -> None:
    # ğ is only in the Turkish tables. Locking alone (1 IE, 155 septets in a lone part)
    # holds "a" and "ğ" at 1 septet each.
    s = segment("ğ" + "a" * 154, language="tr")
    assert (s.encoding, s.units, s.segments, s.capacity) == ("GSM-7", 155, 1, 155)
    assert (s.locking_shift, s.single_shift, s.udh_octets) == ("turkish", None, 4)
    s2 = segment("ğ" + "a" * 155, language="turkish")
    assert (s2.units, s2.segments, s2.capacity, s2.udh_octets) == (156, 2, 149, 9)
    assert [len(p) for p in s2.parts] == [149, 7]


def test_turkish_without_national_characters_uses_the_default_tables() -> None:
    s = segment("a" * 160, language="tr")
    assert (s.segments, s.locking_shift, s.single_shift, s.udh_octets) == (1, None, None, 0)


def test_turkish_needs_both_shifts_when_the_text_mixes_tables() -> None:
    # è is only in the default alphabet (the Turkish locking table has € there) and
    # ı is in the Turkish single shift table: default locking + Turkish single shift.
    s = segment("èı", language="tr")
    assert (s.locking_shift, s.single_shift, s.units, s.capacity) == (None, "turkish", 3, 155)


def test_spanish_single_shift_costs_two_septets_and_a_header() -> None:
    s = segment("á" * 77, language="es")  # 154 septets + 1-IE header: 155 fit one part
    assert (s.units, s.segments, s.capacity, s.single_shift) == (154, 1, 155, "spanish")
    s2 = segment("á" * 78, language="es")
    assert (s2.units, s2.segments, s2.capacity) == (156, 2, 149)
    assert [len(p) for p in s2.parts] == [74, 4]  # 74 pairs = 148; the 75th does not fit
    assert segment("á" * 78).encoding == "UCS-2"


def test_portuguese_locking_makes_euro_one_septet() -> None:
    s = segment("€" * 200, language="pt")
    assert (s.units, s.segments, s.capacity, s.locking_shift, s.single_shift) == (
        200,
        2,
        149,
        "portuguese",
        None,
    )
    assert segment("€" * 200).segments == 3  # 400 septets with the default tables


def test_portuguese_both_shift_tables_capacity_146() -> None:
    # ª is only in the Portuguese locking table; Φ there only through the single shift
    text = "ª" + "Φ" + "a" * 150
    s = segment(text, language="pt")
    assert (s.locking_shift, s.single_shift) == ("portuguese", "portuguese")
    assert (s.units, s.segments, s.capacity, s.udh_octets) == (153, 2, 146, 12)
    assert [len(p) for p in s.parts] == [145, 7]
    single = segment("ªΦ" + "a" * 149, language="pt")  # 152 septets: both IEs, lone part
    assert (single.segments, single.capacity, single.udh_octets) == (1, 152, 7)


def test_portuguese_conflict_falls_back_to_ucs2_and_explains() -> None:
    # è only in the default alphabet, ª only in the Portuguese locking table
    s = segment("èª", language="pt")
    assert s.encoding == "UCS-2"
    causes = s.why_ucs2()
    assert [(c.position, c.char) for c in causes] == [(1, "ª")]
    assert causes[0].note == (
        "only in the portuguese locking shift table, which lacks other characters of this "
        "text; no GSM-7 equivalent"
    )


@pytest.mark.parametrize("language", ["TR", "Turkish", "pt", "ES"])
def test_language_aliases(language: str) -> None:
    assert segment("x", language=language).language in {"turkish", "portuguese", "spanish"}
