"""smscore.segment against smsutil.split and smpplib.gsm.make_parts, one group per kind.

Four message kinds (issue 2): 150 ASCII characters, 300 GSM characters with extension
characters, 300 characters with emoji (UCS-2), 1600 GSM characters. Every function is timed
with the parts it returns; the first test of each group checks the three agree on the count.
Goals (issue 14, item 5): emoji-300 at least 15x smsutil, ext-300 at least 10x smsutil.

``length_readings`` (issue 10, point 7) has its own group per kind, against what a caller
would otherwise write: UTF-16 length, ``len`` and smsutil's part count.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import smpplib.gsm
import smsutil

from smscore import segment
from smscore.text import length_readings

ASCII_150 = (
    "Hello John, your appointment is confirmed for Tuesday at 10:30. "
    "Reply YES to confirm or NO to cancel. Thanks! "
) * 2
ASCII_150 = ASCII_150[:150]
EXT_300 = ("Price: €10 [promo] {code} ~50% off | use ^ now \\ ok. " * 8)[:300]
EMOJI_300 = ("Hi 😀 party tonight 🎉 see you 👍 " * 12)[:300]
GSM_1600 = ("Dear customer, your order #12345 has shipped @ £5.00; Ä Ö Ü ß é è. " * 30)[:1600]

KINDS = {
    "ascii-150": (ASCII_150, 1),
    "ext-300": (EXT_300, 3),
    "emoji-300": (EMOJI_300, 5),
    "gsm-1600": (GSM_1600, 11),
}


def _smscore(text: str) -> Any:
    return segment(text).parts


def _smsutil(text: str) -> Any:
    return smsutil.split(text).parts


def _smpplib(text: str) -> Any:
    return smpplib.gsm.make_parts(text)[0]


IMPLEMENTATIONS: dict[str, Callable[[str], Any]] = {
    "smscore": _smscore,
    "smsutil": _smsutil,
    "smpplib": _smpplib,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_segment_counts_agree(kind: str) -> None:
    text, segments = KINDS[kind]
    assert segment(text).segments == segments
    assert len(smsutil.split(text).parts) == segments


def test_smpplib_splits_a_surrogate_pair_on_the_emoji_message() -> None:
    # smpplib cuts the UTF-16 bytes every 134 octets: part 2 ends with the high half of
    # 👍 (D83D) and part 3 opens with its low half (DC4D), so neither decodes alone.
    # segment() moves the pair whole to part 3 (66 units in part 2).
    parts = [p[6:] for p in smpplib.gsm.make_parts(EMOJI_300)[0]]  # after the 6-octet UDH
    assert [len(p) for p in parts] == [134, 134, 134, 134, 122]
    assert (parts[1][-2:], parts[2][:2]) == (b"\xd8\x3d", b"\xdc\x4d")
    with pytest.raises(UnicodeDecodeError):
        parts[1].decode("utf-16-be")
    ours = segment(EMOJI_300).parts
    assert [len(p.encode("utf-16-le")) for p in ours] == [134, 132, 134, 134, 124]
    assert ours[2].startswith("👍")


@pytest.mark.parametrize("library", sorted(IMPLEMENTATIONS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_bench(benchmark: Any, kind: str, library: str) -> None:
    text, _ = KINDS[kind]
    benchmark.group = f"text: {kind}"
    benchmark.name = f"{kind}: {library}"
    result = benchmark(IMPLEMENTATIONS[library], text)
    assert len(result) >= 1


def _readings_by_hand(text: str) -> Any:
    return (len(text.encode("utf-16-le")) // 2, len(text), len(smsutil.split(text).parts))


READINGS: dict[str, Callable[[str], Any]] = {
    "smscore": length_readings,
    "by hand": _readings_by_hand,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_length_readings_agree(kind: str) -> None:
    text, segments = KINDS[kind]
    assert tuple(length_readings(text)) == _readings_by_hand(text)
    assert length_readings(text).segments == segments


@pytest.mark.parametrize("way", sorted(READINGS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_bench_length_readings(benchmark: Any, kind: str, way: str) -> None:
    text, _ = KINDS[kind]
    benchmark.group = f"length_readings: {kind}"
    benchmark.name = f"length_readings {kind}: {way}"
    result = benchmark(READINGS[way], text)
    assert len(result) == 3
