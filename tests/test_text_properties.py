"""Property tests for smscore.segment against a per-character reference (TS 23.038/23.040)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from smscore import InvalidText, segment
from smscore.text import _gsm

BASIC = sorted(_gsm.BASIC_CHARS)
EXT = sorted(_gsm.EXTENSION_CHARS)
NATIONAL = sorted(
    {c for _, (lock, single) in _gsm.NATIONAL_TABLES.items() for c in single.values()}
    | {c for lock, _ in _gsm.NATIONAL_TABLES.values() if lock for c in lock} - {"\x1b"}
)
OTHER = ["ж", "’", "…", "`", "\x1b", "\t", "😀", "👍", "𝄞", "\u200d", "ç"]

chars = st.one_of(
    st.sampled_from(BASIC),
    st.sampled_from(EXT),
    st.sampled_from(NATIONAL),
    st.sampled_from(OTHER),
    st.characters(codec="utf-8"),  # no lone surrogates,
)
texts = st.one_of(
    st.text(chars, max_size=500),
    st.text(st.sampled_from(BASIC + EXT), min_size=140, max_size=700),
    st.text(st.sampled_from(["ж", "😀", "a"]), min_size=60, max_size=300),
)


def reference(text: str, cost: dict[str, int], single: int, concat: int) -> list[str]:
    """The greedy split, one character at a time."""
    if sum(cost[c] for c in text) <= single:
        return [text]
    parts, current, used = [], "", 0
    for c in text:
        if used + cost[c] > concat:
            parts.append(current)
            current, used = "", 0
        current += c
        used += cost[c]
    parts.append(current)
    return parts


def gsm_cost(text: str, lock: frozenset[str], doubles: frozenset[str]) -> dict[str, int] | None:
    if not all(c in lock or c in doubles for c in text):
        return None
    return {c: 1 if c in lock else 2 for c in set(text)}


def ucs2_cost(text: str) -> dict[str, int]:
    return {c: 2 if ord(c) > 0xFFFF else 1 for c in set(text)}


@given(texts)
def test_property_default_tables_match_the_reference(text: str) -> None:
    s = segment(text, limit=None)
    cost = gsm_cost(text, _gsm.BASIC_CHARS, _gsm.EXTENSION_CHARS)
    # the encoding is GSM-7 exactly when every character is in the tables
    assert (s.encoding == "GSM-7") == (cost is not None)
    if cost is None:
        cost = ucs2_cost(text)
        single, concat = 70, 67
    else:
        single, concat = 160, 153
    assert "".join(s.parts) == text
    assert s.segments == len(s.parts)
    assert s.units == sum(cost[c] for c in text) == sum(cost[c] for p in s.parts for c in p)
    assert list(s.parts) == reference(text, cost, single, concat)
    limit = single if s.segments == 1 else concat
    assert s.capacity == limit
    for part in s.parts:
        assert sum(cost[c] for c in part) <= limit
        # no surrogate code unit ever appears on its own in a part
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in part)


@given(texts, st.sampled_from(["turkish", "spanish", "portuguese"]))
def test_property_shift_tables_match_the_reference(text: str, language: str) -> None:
    s = segment(text, limit=None, language=language)
    lock_table, single_table = _gsm.NATIONAL_TABLES[language]
    assert "".join(s.parts) == text
    if s.encoding == "UCS-2":
        # no combination of this language's tables holds every character
        combos = [(_gsm.BASIC_CHARS, _gsm.EXTENSION_CHARS)]
        combos.append((_gsm.BASIC_CHARS, frozenset(single_table.values())))
        if lock_table:
            national = _gsm.locking_chars(lock_table)
            combos += [(national, _gsm.EXTENSION_CHARS)]
            combos += [(national, frozenset(single_table.values()))]
        assert all(gsm_cost(text, lock, single) is None for lock, single in combos)
        assert list(s.parts) == reference(text, ucs2_cost(text), 70, 67)
        return
    lock = _gsm.locking_chars(lock_table) if s.locking_shift and lock_table else _gsm.BASIC_CHARS
    single = frozenset(single_table.values()) if s.single_shift else _gsm.EXTENSION_CHARS
    cost = gsm_cost(text, lock, single)
    assert cost is not None
    ies = (s.locking_shift is not None) + (s.single_shift is not None)
    single_cap = _gsm.septet_capacity(_gsm.udh_octets(concatenated=False, shift_ies=ies))
    concat_cap = _gsm.septet_capacity(_gsm.udh_octets(concatenated=True, shift_ies=ies))
    assert s.units == sum(cost[c] for c in text)
    assert list(s.parts) == reference(text, cost, single_cap, concat_cap)
    assert s.udh_octets == _gsm.udh_octets(concatenated=s.segments > 1, shift_ies=ies)
    # never worse than the default tables
    assert s.segments <= segment(text, limit=None).segments


@given(texts)
def test_property_graphemes_join_and_fit(text: str) -> None:
    import regex

    error: InvalidText | None = None
    try:
        s = segment(text, limit=None, graphemes=True)
    except InvalidText as exc:
        error = exc
    if error is not None:  # only a cluster longer than a whole part
        assert "cannot be kept whole" in str(error)
        return
    assert "".join(s.parts) == text
    plain = segment(text, limit=None)
    assert (s.encoding, s.units) == (plain.encoding, plain.units)
    boundaries = {0}
    for m in regex.finditer(r"\X", text):
        boundaries.add(m.end())
    position = 0
    for part in s.parts:
        position += len(part)
        assert position in boundaries


@given(st.text(max_size=50), st.integers(min_value=0, max_value=60))
def test_property_limit_either_segments_or_raises_invalid_text(text: str, limit: int) -> None:
    error: InvalidText | None = None
    try:
        s = segment(text, limit=limit)
    except InvalidText as exc:
        error = exc
    if error is not None:
        assert error.field == "text"
        assert error.position is not None
        assert len(text.encode("utf-16-le")) // 2 > limit
        return
    assert len(text.encode("utf-16-le")) // 2 <= limit
    assert "".join(s.parts) == text
