"""The engine-free bulk layer (smscore.numbers._bulk): exact values and its one definition."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smscore import check_number, prepare_recipients, stream_recipients
from smscore.numbers import _bulk as bulk


def test_read_keys_exact() -> None:
    keys, reasons = bulk.read_keys(
        ["+1 213 555 0123", "12135550123", None, "12", "(646) 683-6219", "tel:+442079460958"], None
    )
    assert keys == [12135550123, 12135550123, -1, -1, -1, 442079460958]
    assert reasons == [
        None,
        None,
        "not a string",
        "not a number",
        bulk.reason_national_format(),
        None,
    ]
    assert bulk.read_keys(["(213) 555-0123", "020 7946 0958"], "US") == (
        [12135550123, -1],
        [None, "too long for the country"],
    )
    assert bulk.read_key("+1 213 555 0123", None) == 12135550123
    assert bulk.read_key(3, None) == "not a string"


RAW = st.one_of(
    st.sampled_from(
        [
            "+12135550123",
            "1 213 555 0123",
            "442079460958",
            "+44 20 7946 0958",
            "6466836219",
            "(646) 683-6219",
            "0044 20 7946 0958",
            "+33 6 12 34 56 78",
            "12135550123 ext 4",
            "",
        ]
    ),
    st.none(),
    st.text(alphabet="0123456789+-() ", max_size=16),
)


@given(st.lists(RAW, max_size=30), st.sampled_from([None, "US", "GB"]))
def test_property_read_keys_is_check_number(raws: list[object], region: str | None) -> None:
    keys, reasons = bulk.read_keys(raws, region)
    for raw, key, reason in zip(raws, keys, reasons, strict=True):
        check = check_number(raw, region)
        if check.valid and check.digits is not None:
            assert (key, reason) == (int(check.digits), None)
        else:
            assert (key, reason) == (-1, check.reason)


def test_first_flags_by_position_and_by_order() -> None:
    assert bulk.first_flags([5, 5, -1, 7, 5]) == [True, False, False, True, False]
    assert bulk.first_flags([5, 5, -1, 7, 5], [9, 3, 0, 1, 4]) == [False, True, False, True, False]
    # tuple orders (file, row), as a hash bucket of a shuffle sees them
    keys = [1, 1, 2, 2]
    orders = [(1, 0), (0, 5), (0, 7), (0, 6)]
    assert bulk.first_flags(keys, orders) == [False, True, False, True]
    assert bulk.first_flags([], []) == []


@given(st.lists(st.integers(1, 6), max_size=40), st.randoms(use_true_random=False))
def test_property_first_flags_any_bucket_order(keys: list[int], rnd: random.Random) -> None:
    """Shuffled rows with their positions as order keys give the same firsts as in place."""
    rows = list(enumerate(keys))
    rnd.shuffle(rows)
    flags = bulk.first_flags([k for _, k in rows], [i for i, _ in rows])
    firsts = sorted(i for (i, _), f in zip(rows, flags, strict=True) if f)
    assert firsts == [i for i, f in enumerate(bulk.first_flags(keys)) if f]


def test_batch_ids_and_number_text() -> None:
    assert bulk.batch_ids(range(7), 3) == [0, 0, 0, 1, 1, 1, 2]
    assert bulk.batch_ids([], 250) == []
    assert bulk.number_text(442079460958, False) == "+442079460958"
    assert bulk.number_text(442079460958, True) == "442079460958"


def test_prepare_recipients_is_the_bulk_functions() -> None:
    raws = ["+1 213 555 0123", "12135550123", "12", "+1 310 555 0199", "13105550199"]
    keys, _ = bulk.read_keys(raws, None)
    flags = bulk.first_flags(keys)
    accepted = tuple(bulk.number_text(k, True) for k, f in zip(keys, flags, strict=True) if f)
    r = prepare_recipients(raws, style="digits", batch_size=1)
    assert r.accepted == accepted == ("12135550123", "13105550199")
    assert len(r.batches) == len(set(bulk.batch_ids(range(len(accepted)), 1)))


def test_facts_and_dominant_region() -> None:
    assert bulk.key_facts(12135550123) == ("US", "fixed_line_or_mobile")
    assert bulk.key_facts(442079460958) == ("GB", "fixed_line")
    assert bulk.key_region(16135550123) == "CA"
    assert bulk.national_key("6466836219", "US") == 16466836219
    assert bulk.national_key(None, "US") is None
    assert bulk.dominant_region({"US": 3, "GB": 3, "FR": 1}) == "GB"  # ties: sorted first
    assert bulk.dominant_region({}, {"NZ": 2}) == "NZ"
    assert bulk.dominant_region({}) is None
    assert bulk.is_bare(" 6466836219") is True
    assert [bulk.is_bare(x) for x in ("+64 6", "tel:+64", "\uff0b64", None)] == [False] * 4
    assert bulk.counts(["US", "GB", "US", "FR", "GB", "US"]) == {"US": 3, "GB": 2, "FR": 1}
    assert list(bulk.ranked({"b": 1, "a": 1, "c": 2})) == ["c", "a", "b"]


@pytest.mark.parametrize("small", [0, 3, 1_000_000])
def test_keyset_is_a_set(small: int) -> None:
    rng = random.Random(small)
    seen = bulk.KeySet(small=small)
    ref: set[int] = set()
    # keys that share bytes across record boundaries, and ones that land in one bucket
    pool = [rng.randrange(1, 10**15) for _ in range(300)] + [0x0101010101010101 * i for i in (1, 2)]
    pool += [(1 << 16) * i + 7 for i in range(1, 50)]
    for key in (rng.choice(pool) for _ in range(3000)):
        assert seen.add(key) is (key not in ref)
        ref.add(key)
    assert len(seen) == len(ref)
    assert all(k in seen for k in ref)
    assert [x in seen for x in (0, -1, 1 << 63, "1", 2.0)] == [False] * 5


def test_keyset_finds_keys_across_record_boundaries() -> None:
    """A key whose 8 bytes appear straddling two stored records is still not 'seen'."""
    seen = bulk.KeySet(small=0)

    def bucket(key: int) -> int:
        return (key ^ (key >> 18)) & bulk.BUCKET_MASK

    # a (low bytes 010102c2), b (high bytes 02020202) and the key their records spell side
    # by side, 0x010102c202020202, all in one bucket: a find() there sees it across the two
    a, b, straddle = 0x0000000E010102C2, 0x0202020200020282, 0x010102C202020202
    assert bucket(a) == bucket(b) == bucket(straddle)
    seen.add(a)
    seen.add(b)
    assert (a.to_bytes(8, "big") + b.to_bytes(8, "big"))[4:12] == straddle.to_bytes(8, "big")
    assert straddle not in seen
    assert seen.add(straddle) is True
    assert straddle in seen


@pytest.mark.parametrize("line_types", [None, ["fixed_line"]])
def test_stream_with_a_compact_seen_set_equals_prepare(
    monkeypatch: pytest.MonkeyPatch, line_types: list[str] | None
) -> None:
    # The stream adds a number with one look into the seen set when nothing is refused, and
    # only after its type passed otherwise; both against prepare_recipients, compact from
    # the first key (the bucket scan is what a 10M list uses)
    compact = bulk.KeySet
    monkeypatch.setattr(bulk, "KeySet", lambda: compact(small=0))
    raws = ["+44 20 7946 0958", "442079460958", "+1 213 555 0123", "12135550123", "x", None]
    raws += ["+447400123456", "+44 7400 123456", "+1 800 234 5678", "18002345678"]
    chunks = list(stream_recipients(raws, batch_size=2, line_types=line_types))
    ref = prepare_recipients(raws, batch_size=2, line_types=line_types)
    assert tuple(n for c in chunks for n in c.batch) == ref.accepted
    assert tuple(d for c in chunks for d in c.duplicates) == ref.duplicates
    assert tuple(r for c in chunks for r in c.rejected) == ref.rejected
    expected = ["+442079460958", "+12135550123", "+447400123456", "+18002345678"]
    assert list(ref.accepted) == (expected[1:] if line_types else expected)
