"""The Indian national language shift tables (TS 23.038 annex A.2.4-A.2.13, A.3.4-A.3.13).

Capacities come from TS 23.040 §9.2.3.24: 140 octets of user data; a concatenation IE of
5 octets plus a shift IE (§9.2.3.24.15 single, §9.2.3.24.16 locking) of 3 octets each,
behind the one-octet UDHL, padded to a septet boundary:

=========================  ==========  ===============
shift IEs                  lone part   concatenated
=========================  ==========  ===============
none                       160         153
one (locking or single)    155 (4 o.)  149 (9 octets)
both                       152 (7 o.)  146 (12 octets)
=========================  ==========  ===============
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore import InvalidText, segment
from smscore.text import _gsm, _gsm_indian, run_vector

INDIAN = [
    "bengali",
    "gujarati",
    "hindi",
    "kannada",
    "malayalam",
    "oriya",
    "punjabi",
    "tamil",
    "telugu",
    "urdu",
]

# --- the tables themselves --------------------------------------------------------------


def test_language_identifiers_are_those_of_ts_23_038_6_2_1_2_4() -> None:
    assert {k: _gsm.LANGUAGE_IDS[k] for k in INDIAN} == {
        "bengali": 0x04,
        "gujarati": 0x05,
        "hindi": 0x06,
        "kannada": 0x07,
        "malayalam": 0x08,
        "oriya": 0x09,
        "punjabi": 0x0A,
        "tamil": 0x0B,
        "telugu": 0x0C,
        "urdu": 0x0D,
    }


def test_every_indian_table_is_registered() -> None:
    assert list(_gsm_indian.GRIDS) == INDIAN  # NLI order 0x04..0x0D
    for language in INDIAN:
        assert _gsm.LANGUAGE_ALIASES[language] == language


def test_hindi_locking_rows_as_printed_in_a_3_6() -> None:
    lock, _ = _gsm_indian.tables("hindi")
    assert lock[0x00:0x10] == (
        "\u0901\u0902\u0903\u0905\u0906\u0907\u0908\u0909\u090a\u090b\n\u090c\u090d\r\u090e\u090f"
    )
    assert lock[0x1B] == "\x1b"  # ESC, never a character
    assert lock[0x20:0x30] == " !\u091f\u0920\u0921\u0922\u0923\u0924)(\u0925\u0926,\u0927.\u0928"
    assert lock[0x30:0x40] == "0123456789:;\u0929\u092a\u092b?"
    assert lock[0x60:0x80] == "\u0950abcdefghijklmnopqrstuvwxyz\u0972\u097b\u097c\u097e\u097f"


def test_hindi_single_shift_as_printed_in_a_2_6() -> None:
    _, single = _gsm_indian.tables("hindi")
    assert single[0x0A] == "\f"  # page break
    assert 0x0D not in single  # reserved for CR2, not a character
    assert 0x1B not in single  # reserved for another extension table
    assert [single[c] for c in range(0x19, 0x1B)] == ["।", "॥"]
    assert "".join(single[c] for c in range(0x1C, 0x26)) == "०१२३४५६७८९"
    assert "".join(single[c] for c in range(0x41, 0x5B)) == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    assert single[0x65] == "€"
    # columns 0..6 hold 15 + 15 + 16 + 14 + 16 + 11 + 1 characters (CR2, ESC, empties out)
    assert len(single) == 88


def test_reserved_cells_are_not_characters() -> None:
    # TS 23.038 §A.3.11: Tamil leaves 25 cells of its locking table empty
    lock, _ = _gsm_indian.tables("tamil")
    assert lock.count(_gsm.RESERVED) == 25
    assert _gsm.RESERVED not in _gsm.locking_chars(lock)
    # a U+FFFF in the text is not GSM-7 under any Tamil table
    s = segment("வ\uffff", language="ta")
    assert (s.encoding, s.units, s.locking_shift) == ("UCS-2", 2, None)


def test_kannada_dda_follows_the_standard_not_the_erratum() -> None:
    # TS 23.038 §A.3.7 prints 0CAA at 0x24 (and at 0x3D); U+0CA1 is in no Kannada table
    lock, _ = _gsm_indian.tables("kannada")
    assert (lock[0x24], lock[0x3D]) == ("\u0caa", "\u0caa")
    assert segment("\u0ca1", language="kn").encoding == "UCS-2"


# --- one message per language that is GSM-7 only with its tables -----------------------

GREETINGS = [
    ("bengali", "bn", "আমি ভাল আছি"),
    ("gujarati", "gu", "કેમ છો"),
    ("hindi", "hi", "नमस्ते"),
    ("kannada", "kn", "ನಮಸ್ಕಾರ"),
    ("malayalam", "ml", "നമസ്കാരം"),
    ("oriya", "or", "ନମସ୍କାର"),
    ("punjabi", "pa", "ਸਤ ਸ੍ਰੀ ਅਕਾਲ"),
    ("tamil", "ta", "வணக்கம்"),
    ("telugu", "te", "నమస్కారం"),
    ("urdu", "ur", "السلام علیکم"),
]


@pytest.mark.parametrize(("language", "code", "text"), GREETINGS)
def test_greeting_is_gsm7_with_the_locking_table_alone(language: str, code: str, text: str) -> None:
    assert segment(text).encoding == "UCS-2"
    for asked in (language, code, code.upper()):
        s = segment(text, language=asked)
        assert (s.encoding, s.parts, s.units) == ("GSM-7", (text,), len(text))
        assert (s.language, s.locking_shift, s.single_shift) == (language, language, None)
        assert (s.capacity, s.udh_octets) == (155, 4)


# Each language's own digits are in its single shift table (2 septets each); with a capital
# letter (single shift too) and a native word (locking), the message needs both IEs.
DIGITS = [
    ("bengali", "০১২"),
    ("gujarati", "૦૧૨"),
    ("hindi", "०१२"),
    ("kannada", "೦೧೨"),
    ("malayalam", "൦൧൨"),
    ("oriya", "୦୧୨"),
    ("punjabi", "੦੧੨"),
    ("tamil", "௦௧௨"),
    ("telugu", "౦౧౨"),
    ("urdu", "۰۱۲"),
]


@pytest.mark.parametrize(("language", "digits"), DIGITS)
def test_native_digits_cost_two_septets(language: str, digits: str) -> None:
    # default alphabet + national single shift: one IE
    s = segment("PIN " + digits, language=language)
    assert (s.encoding, s.units, s.capacity, s.udh_octets) == ("GSM-7", 10, 155, 4)
    assert (s.locking_shift, s.single_shift) == (None, language)
    # a native word as well: national locking + national single shift, both IEs
    word = {lang: text for lang, _, text in GREETINGS}[language]
    s2 = segment(f"{word} PIN {digits}", language=language)
    assert (s2.locking_shift, s2.single_shift, s2.capacity, s2.udh_octets) == (
        language,
        language,
        152,
        7,
    )
    # "PIN": P, I and N are single shift capitals (2 septets); the space is in the locking table
    assert s2.units == len(word) + 1 + 3 * 2 + 1 + 3 * 2


def test_hindi_danda_is_in_the_single_shift_table() -> None:
    s = segment("धन्यवाद।", language="hindi")
    assert (s.units, s.locking_shift, s.single_shift, s.capacity) == (9, "hindi", "hindi", 152)


def test_telugu_has_no_danda() -> None:
    # TS 23.038 §A.2.12: 0x19/0x1A are empty in the Telugu single shift table
    assert segment("నమస్కారం।", language="te").encoding == "UCS-2"


# --- capacity boundaries ----------------------------------------------------------------


def test_one_ie_boundary_155_and_156() -> None:
    s = segment("क" * 155, language="hi")
    assert (s.segments, s.units, s.capacity, s.udh_octets) == (1, 155, 155, 4)
    s2 = segment("क" * 156, language="hi")
    assert (s2.parts, s2.units, s2.capacity, s2.udh_octets) == (
        ("क" * 149, "क" * 7),
        156,
        149,
        9,
    )


def test_one_ie_concatenated_boundary_298_and_299() -> None:
    assert segment("ம" * 298, language="ta").parts == ("ம" * 149, "ம" * 149)
    assert segment("ம" * 299, language="ta").parts == ("ம" * 149, "ம" * 149, "ம")


def test_both_ies_boundary_152_and_153() -> None:
    # क only in the Hindi locking table, A there only through the Hindi single shift
    s = segment("क" * 150 + "A", language="hi")
    assert (s.parts, s.units, s.capacity, s.udh_octets) == (("क" * 150 + "A",), 152, 152, 7)
    s2 = segment("क" * 151 + "A", language="hi")
    assert (s2.parts, s2.units, s2.capacity, s2.udh_octets) == (
        ("क" * 146, "क" * 5 + "A"),
        153,
        146,
        12,
    )


def test_both_ies_escape_pair_straddling_146_moves_whole() -> None:
    s = segment("ক" * 145 + "Z" + "ক" * 10, language="bn")
    assert s.parts == ("ক" * 145, "Z" + "ক" * 10)
    assert (s.units, s.capacity) == (157, 146)
    fits = segment("ক" * 144 + "Z" + "ক" * 10, language="bn")
    assert fits.parts == ("ক" * 144 + "Z", "ক" * 10)


def test_one_ie_escape_pair_straddling_149_moves_whole() -> None:
    # default alphabet + Urdu single shift: ۴ (U+06F4) costs ESC + 0x20
    s = segment("a" * 148 + "۴" + "b" * 10, language="ur")
    assert (s.locking_shift, s.single_shift) == (None, "urdu")
    assert s.parts == ("a" * 148, "۴" + "b" * 10)
    assert (s.units, s.capacity, s.udh_octets) == (160, 149, 9)
    s2 = segment("a" * 147 + "۴" + "b" * 10, language="ur")
    assert s2.parts == ("a" * 147 + "۴", "b" * 10)


def test_single_shift_only_text_at_155_and_157() -> None:
    # malayalam digits: 77 pairs are 154 septets, one lone part with one IE
    s = segment("൧" * 77, language="ml")
    assert (s.segments, s.units, s.capacity) == (1, 154, 155)
    s2 = segment("൧" * 78, language="ml")
    assert (s2.units, s2.capacity) == (156, 149)
    assert [len(p) for p in s2.parts] == [74, 4]  # 74 pairs = 148; the 75th does not fit


def test_a_latin_text_stays_on_the_default_tables() -> None:
    s = segment("a" * 160, language="hindi")
    assert (s.segments, s.locking_shift, s.single_shift, s.udh_octets) == (1, None, None, 0)


def test_extension_only_text_keeps_the_default_tables() -> None:
    # "{" is ESC + 0x28 in both the default extension and the Kannada single shift; the
    # Kannada locking table has no "{" at all, so nothing changes for it.
    s = segment("{" * 80, language="kn")
    assert (s.units, s.segments, s.locking_shift, s.single_shift) == (160, 1, None, None)


# --- bad input --------------------------------------------------------------------------


def test_unknown_language_names_the_field_value_and_rule() -> None:
    with pytest.raises(InvalidText) as info:
        segment("नमस्ते", language="marathi")
    err = info.value
    assert (err.field, err.value, err.rule) == (
        "language",
        "marathi",
        "TS 23.038 annex A national language tables",
    )
    assert str(err).startswith("language 'marathi' has no national shift tables here; known: [")
    assert "'hi'" in str(err)
    assert "'odia'" in str(err)


def test_non_string_language_is_an_invalid_text() -> None:
    with pytest.raises(InvalidText) as info:
        segment("x", language=6)  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("language", 6)


@pytest.mark.parametrize(
    ("alias", "language"),
    [("as", "bengali"), ("Assamese", "bengali"), ("odia", "oriya"), ("OR", "oriya")],
)
def test_aliases(alias: str, language: str) -> None:
    assert segment("x", language=alias).language == language


def test_literal_escape_is_never_gsm_under_an_indian_table() -> None:
    s = segment("क\x1bख", language="hi")
    assert (s.encoding, s.units) == ("UCS-2", 3)
    assert [(c.position, c.codepoint) for c in s.why_ucs2()] == [(1, "U+001B")]


def test_mixed_scripts_fall_back_to_ucs2_and_explain() -> None:
    # Devanagari and Tamil letters are in no one combination of Hindi tables
    s = segment("कவ", language="hi")
    assert (s.encoding, s.units, s.capacity) == ("UCS-2", 2, 70)
    assert [(c.position, c.char) for c in s.why_ucs2()] == [(1, "வ")]


def test_import_smscore_does_not_load_the_indian_tables() -> None:
    code = "import sys, smscore; print('smscore.text._gsm_indian' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- spec vectors -----------------------------------------------------------------------

SPEC = Path(__file__).resolve().parent.parent / "spec" / "text" / "indian.jsonl"


def test_spec_vectors_cover_every_indian_language() -> None:
    vectors = [json.loads(line) for line in SPEC.read_text(encoding="utf-8").splitlines()]
    languages = {_gsm.LANGUAGE_ALIASES[v["input"]["language"].lower()] for v in vectors}
    assert languages == set(INDIAN)
    for v in vectors:
        assert run_vector(v["operation"], v["input"]) == v["expect"], v["id"]


# --- property: a per-character reference built from the grids --------------------------


def _reference(text: str, language: str) -> tuple[str, list[str], int, int, int]:
    """(encoding, parts, units, capacity, shift IEs) by the rule, one character at a time.

    Every combination of {default, national} locking x {default extension, national single}
    that holds the text is tried; the fewest parts win, then fewest IEs, then fewest units.
    """
    lock_table, single_table = _gsm_indian.tables(language)
    lockings = [(set(_gsm.DEFAULT_ALPHABET), 0), (set(lock_table), 1)]
    singles = [(set(_gsm.DEFAULT_EXTENSION.values()), 0), (set(single_table.values()), 1)]
    best: tuple[tuple[int, int, int], tuple[str, list[str], int, int, int]] | None = None
    for lock, lock_ie in lockings:
        lock -= {"\x1b", _gsm.RESERVED}
        for single, single_ie in singles:
            if not all(c in lock or c in single for c in text):
                continue
            ies = lock_ie + single_ie
            cost = {c: 1 if c in lock else 2 for c in text}
            parts, units, cap = _greedy(text, cost, _caps(ies))
            key = (len(parts), ies, units)
            if best is None or key < best[0]:
                best = (key, ("GSM-7", parts, units, cap, ies))
    if best is not None:
        return best[1]
    cost = {c: 2 if ord(c) > 0xFFFF else 1 for c in text}
    parts, units, cap = _greedy(text, cost, (70, 67))
    return ("UCS-2", parts, units, cap, 0)


def _caps(ies: int) -> tuple[int, int]:
    # TS 23.040 §9.2.3.24: (140 octets - header) in septets, header padded to a septet
    lone_header = 1 + 3 * ies if ies else 0
    concat_header = 1 + 5 + 3 * ies
    return (160 - -(-8 * lone_header // 7), 160 - -(-8 * concat_header // 7))


def _greedy(text: str, cost: dict[str, int], caps: tuple[int, int]) -> tuple[list[str], int, int]:
    units = sum(cost[c] for c in text)
    if units <= caps[0]:
        return [text], units, caps[0]
    parts, current, used = [], "", 0
    for c in text:
        if used + cost[c] > caps[1]:
            parts.append(current)
            current, used = "", 0
        current += c
        used += cost[c]
    parts.append(current)
    return parts, units, caps[1]


def _alphabet(language: str) -> list[str]:
    lock, single = _gsm_indian.tables(language)
    chars = set(lock) | set(single.values()) | set(_gsm.DEFAULT_ALPHABET)
    return sorted(chars - {"\x1b", _gsm.RESERVED})


@st.composite
def _language_and_text(draw: st.DrawFn) -> tuple[str, str]:
    language = draw(st.sampled_from(INDIAN))
    alphabet = _alphabet(language)
    chars = st.one_of(
        st.sampled_from(alphabet),
        st.sampled_from(["€", "{", "ç", "😀", "\x1b", "\uffff", "ж"]),
    )
    size = draw(st.sampled_from([20, 170, 400]))
    text = draw(st.text(st.sampled_from(alphabet), min_size=size - 20, max_size=size))
    if draw(st.booleans()):
        text += draw(st.text(chars, max_size=5))
    return language, text


def test_caps_helper_matches_the_table_in_the_module_docstring() -> None:
    assert [_caps(n) for n in (0, 1, 2)] == [(160, 153), (155, 149), (152, 146)]


@given(_language_and_text())
def test_property_indian_tables_join_fit_and_match_the_reference(
    case: tuple[str, str],
) -> None:
    language, text = case
    s = segment(text, limit=None, language=language)
    encoding, parts, units, cap, ies = _reference(text, language)
    assert "".join(s.parts) == text
    assert (s.encoding, list(s.parts), s.units, s.capacity) == (encoding, parts, units, cap)
    assert (s.locking_shift is not None) + (s.single_shift is not None) == ies
    assert s.udh_octets == _gsm.udh_octets(concatenated=len(parts) > 1, shift_ies=ies)
    if encoding == "GSM-7":
        lock_table = _gsm_indian.tables(language)[0]
        lock = _gsm.locking_chars(lock_table if s.locking_shift else _gsm.DEFAULT_ALPHABET)
        for part in s.parts:
            # every part fits, an ESC pair counted whole (never split between parts)
            assert sum(1 if c in lock else 2 for c in part) <= s.capacity
        # never worse than the default tables
        assert s.segments <= segment(text, limit=None).segments


SCRIPTS = {
    "bengali": ("BENGALI",),
    "gujarati": ("GUJARATI",),
    "hindi": ("DEVANAGARI",),
    "kannada": ("KANNADA",),
    "malayalam": ("MALAYALAM",),
    "oriya": ("ORIYA",),
    "punjabi": ("GURMUKHI",),
    "tamil": ("TAMIL",),
    "telugu": ("TELUGU",),
    "urdu": ("ARABIC", "EXTENDED ARABIC"),
}


@pytest.mark.parametrize("language", INDIAN)
def test_every_national_cell_is_of_the_language_script(language: str) -> None:
    # Catches a cell typed from the wrong block (0BEA in Oriya, 0CE6 in Telugu: two
    # misreadings found in one public transcription of annex A).
    import unicodedata

    lock, single = _gsm_indian.tables(language)
    default = set(_gsm.DEFAULT_ALPHABET) | set(_gsm.DEFAULT_EXTENSION.values())
    national = {c for c in lock if not c.isascii() and c != _gsm.RESERVED}
    national |= {c for c in single.values() if c not in default and not c.isascii()}
    national -= {"\u0964", "\u0965"}  # DEVANAGARI DANDA / DOUBLE DANDA, shared by all scripts
    misplaced = [
        f"U+{ord(c):04X}"
        for c in sorted(national)
        if not unicodedata.name(c).startswith(SCRIPTS[language])
    ]
    assert misplaced == []
    # the ASCII cells of a locking table are exactly those the standard keeps from §6.2.1
    assert sorted(c for c in lock if c.isascii() and c != "\x1b") == sorted(
        "\n\r !(),.:;?0123456789abcdefghijklmnopqrstuvwxyz"
    )
